// SPDX-License-Identifier: GPL-2.0-only
//
// Geodesy: WGS-84 conversions, Julian dates and sidereal time, Earth rotation, look angles.
// References come from ns-3's own GeographicPositions (an independent WGS-84 implementation),
// worked examples of Vallado, Fundamentals of Astrodynamics and Applications (4th ed.), and
// closed-form geometry.

#include "ns3/earth-rotation.h"
#include "ns3/geodesy.h"
#include "ns3/geographic-positions.h"
#include "ns3/julian-date.h"
#include "ns3/look-angles.h"
#include "ns3/test.h"

#include <cmath>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;

/**
 * \ingroup sagin-tests
 * GeodeticToEcef and EcefToGeodetic against ns-3's GeographicPositions.
 */
class GeodeticConversionTestCase : public TestCase
{
  public:
    GeodeticConversionTestCase()
        : TestCase("WGS-84 geodetic <-> ECEF against ns-3 GeographicPositions")
    {
    }

  private:
    void DoRun() override
    {
        // From the surface to geostationary altitude, poles, date line, southern hemisphere.
        const double latitudes[] = {-90.0, -60.5, -33.9, 0.0, 12.3, 45.0, 78.9, 90.0};
        const double longitudes[] = {-180.0, -122.4, -0.1, 0.0, 30.0, 151.2, 179.9};
        const double altitudes[] = {-400.0, 0.0, 1500.0, 550e3, 1200e3, 35786e3};
        for (double lat : latitudes)
        {
            for (double lon : longitudes)
            {
                for (double alt : altitudes)
                {
                    const Vector reference = GeographicPositions::GeographicToCartesianCoordinates(
                        lat,
                        lon,
                        alt,
                        GeographicPositions::WGS84);
                    const Vector ecef = GeodeticToEcef({lat, lon, alt});
                    // Same closed form in double precision: agreement to a micrometre.
                    NS_TEST_EXPECT_MSG_EQ_TOL(CalculateDistance(ecef, reference),
                                              0.0,
                                              1e-6,
                                              "forward conversion at " << lat << "," << lon << ","
                                                                       << alt);
                    const GeodeticPosition back = EcefToGeodetic(reference);
                    // Heikkinen's closed form is exact: 1e-9 degrees is ~0.1 mm on the ground.
                    NS_TEST_EXPECT_MSG_EQ_TOL(back.latitude, lat, 1e-9, "latitude " << lat);
                    NS_TEST_EXPECT_MSG_EQ_TOL(back.altitude, alt, 1e-4, "altitude " << alt);
                    if (std::abs(lat) < 90.0)
                    {
                        NS_TEST_EXPECT_MSG_EQ_TOL(back.longitude, lon, 1e-9, "longitude");
                    }
                }
            }
        }
        // Vallado example 3-3: r = (6524.834, 6862.875, 6448.296) km gives geodetic latitude
        // 34.352496 deg, longitude 46.4464 deg, ellipsoidal height 5085.22 km.
        const GeodeticPosition vallado = EcefToGeodetic(Vector(6524.834e3, 6862.875e3, 6448.296e3));
        NS_TEST_EXPECT_MSG_EQ_TOL(vallado.latitude, 34.352496, 1e-6, "Vallado 3-3 latitude");
        NS_TEST_EXPECT_MSG_EQ_TOL(vallado.longitude, 46.4464, 1e-4, "Vallado 3-3 longitude");
        NS_TEST_EXPECT_MSG_EQ_TOL(vallado.altitude, 5085.22e3, 10.0, "Vallado 3-3 height");
    }
};

/**
 * \ingroup sagin-tests
 * East-north-up frame: axes at a known origin and round trips.
 */
class LocalTangentPlaneTestCase : public TestCase
{
  public:
    LocalTangentPlaneTestCase()
        : TestCase("ECEF <-> east-north-up")
    {
    }

  private:
    void DoRun() override
    {
        // At latitude 0, longitude 0 the ENU axes are ECEF y, z and x.
        const GeodeticPosition origin{0.0, 0.0, 0.0};
        const Vector enu = EcefToEnu(origin, Vector(WGS84_SEMI_MAJOR_AXIS + 3.0, 1.0, 2.0));
        NS_TEST_EXPECT_MSG_EQ_TOL(enu.x, 1.0, 1e-9, "east");
        NS_TEST_EXPECT_MSG_EQ_TOL(enu.y, 2.0, 1e-9, "north");
        NS_TEST_EXPECT_MSG_EQ_TOL(enu.z, 3.0, 1e-9, "up");
        // Up at any origin is the ellipsoid normal: a point h above it is (0, 0, h).
        const GeodeticPosition sydney{-33.86, 151.21, 40.0};
        const Vector above = EcefToEnu(sydney, GeodeticToEcef({-33.86, 151.21, 1040.0}));
        NS_TEST_EXPECT_MSG_EQ_TOL(CalculateDistance(above, Vector(0, 0, 1000.0)),
                                  0.0,
                                  1e-6,
                                  "up is the ellipsoid normal");
        const Vector local(1234.5, -678.9, 100.0);
        const Vector back = EcefToEnu(sydney, EnuToEcef(sydney, local));
        NS_TEST_EXPECT_MSG_EQ_TOL(CalculateDistance(back, local), 0.0, 1e-6, "round trip");
    }
};

/**
 * \ingroup sagin-tests
 * Julian dates and Greenwich mean sidereal time against Vallado's worked examples.
 */
class JulianDateTestCase : public TestCase
{
  public:
    JulianDateTestCase()
        : TestCase("Julian date, UTC parsing and GMST")
    {
    }

  private:
    void DoRun() override
    {
        // Vallado example 3-4: 26 October 1996 14:20:00 UT1 is JD 2450383.09722222.
        NS_TEST_EXPECT_MSG_EQ_TOL(JulianDate(1996, 10, 26, 14, 20, 0.0),
                                  2450383.09722222,
                                  1e-8,
                                  "Vallado 3-4");
        // J2000.0 epoch: 1 January 2000 12:00 is JD 2451545.0 by definition.
        NS_TEST_EXPECT_MSG_EQ_TOL(ParseUtcInstant("2000-01-01T12:00:00Z"),
                                  2451545.0,
                                  1e-9,
                                  "J2000");
        // TLE epoch form: day 1.5 of 2000 is the same instant.
        NS_TEST_EXPECT_MSG_EQ_TOL(JulianDateFromDayOfYear(2000, 1.5), 2451545.0, 1e-9, "doy");
        NS_TEST_EXPECT_MSG_EQ(FormatUtcInstant(JulianDate(1996, 10, 26, 14, 20, 0.0)),
                              "1996-10-26T14:20:00.000Z",
                              "formatting inverts JulianDate");
        NS_TEST_EXPECT_MSG_EQ(
            FormatUtcInstant(JulianDate(2024, 12, 31, 23, 59, 30.0)).substr(0, 19),
            "2024-12-31T23:59:30",
            "last day of a leap year");
        // Vallado example 3-5: 20 August 1992 12:14 UT1 has GMST 152.578787810 degrees.
        const double gmst = GreenwichMeanSiderealTime(JulianDate(1992, 8, 20, 12, 14, 0.0));
        NS_TEST_EXPECT_MSG_EQ_TOL(gmst * 180.0 / M_PI, 152.578787810, 1e-6, "Vallado 3-5");

        for (const char* bad :
             {"2024-13-01T00:00:00", "yesterday", "2024-01-01", "2024-01-01T00:00:00+02"})
        {
            bool threw = false;
            try
            {
                ParseUtcInstant(bad);
            }
            catch (const std::invalid_argument& e)
            {
                threw = std::string(e.what()).find(bad) != std::string::npos;
            }
            NS_TEST_EXPECT_MSG_EQ(threw, true, "'" << bad << "' is rejected with its text named");
        }
    }
};

/**
 * \ingroup sagin-tests
 * ECI <-> ECEF rotation and the velocity of a point fixed on the Earth.
 */
class EarthRotationTestCase : public TestCase
{
  public:
    EarthRotationTestCase()
        : TestCase("ECI <-> ECEF with Earth rotation")
    {
    }

  private:
    void DoRun() override
    {
        const double gmst = 0.7;
        const Vector eci(7000e3, -1200e3, 300e3);
        const Vector ecef = EciToEcef(eci, gmst);
        NS_TEST_EXPECT_MSG_EQ_TOL(CalculateDistance(EcefToEci(ecef, gmst), eci),
                                  0,
                                  1e-6,
                                  "round trip");
        // A quarter turn maps inertial x onto Earth-fixed -y.
        const Vector quarter = EciToEcef(Vector(1, 0, 0), M_PI / 2);
        NS_TEST_EXPECT_MSG_EQ_TOL(CalculateDistance(quarter, Vector(0, -1, 0)), 0, 1e-12, "axes");
        // A point fixed to the Earth moves inertially with v = w x r and is at rest in ECEF.
        const Vector r = EcefToEci(GeodeticToEcef({40.0, -105.0, 1600.0}), gmst);
        const Vector v(-EARTH_ROTATION_RATE * r.y, EARTH_ROTATION_RATE * r.x, 0.0);
        NS_TEST_EXPECT_MSG_EQ_TOL(EciVelocityToEcef(r, v, gmst).GetLength(), 0, 1e-9, "at rest");
        // Vallado et al. 2006 (AIAA 2006-6753) TEME -> ITRF example: at 2004-04-06
        // 07:51:28.386009 UTC, dUT1 = -0.4399619 s, xp = -0.140682", yp = 0.333309",
        // r_TEME = (5094.18016210, 6127.64465950, 6380.34453270) km gives
        // r_ITRF = (-1033.4793830, 7901.2952754, 6380.3565958) km. The module stops at the
        // pseudo-Earth-fixed frame (no polar motion), so the test applies polar motion itself:
        // r_ITRF = W^T r_PEF with Vallado's IAU-76 matrix W (Fundamentals, eq. 3-77).
        const double jdUt1 = JulianDate(2004, 4, 6, 7, 51, 28.386009 - 0.4399619);
        const Vector pef = EciToEcef(Vector(5094.18016210, 6127.64465950, 6380.34453270),
                                     GreenwichMeanSiderealTime(jdUt1));
        const double xp = -0.140682 / 3600 * M_PI / 180;
        const double yp = 0.333309 / 3600 * M_PI / 180;
        const Vector itrf(std::cos(xp) * pef.x + std::sin(xp) * std::sin(yp) * pef.y +
                              std::sin(xp) * std::cos(yp) * pef.z,
                          std::cos(yp) * pef.y - std::sin(yp) * pef.z,
                          -std::sin(xp) * pef.x + std::cos(xp) * std::sin(yp) * pef.y +
                              std::cos(xp) * std::cos(yp) * pef.z);
        NS_TEST_EXPECT_MSG_EQ_TOL(
            CalculateDistance(itrf, Vector(-1033.4793830, 7901.2952754, 6380.3565958)),
            0,
            1e-6,
            "TEME -> ECEF, Vallado et al. 2006 (km; published to 1e-7 km)");
    }
};

/**
 * \ingroup sagin-tests
 * Elevation, azimuth and slant range in closed-form geometries.
 */
class LookAnglesTestCase : public TestCase
{
  public:
    LookAnglesTestCase()
        : TestCase("look angles: elevation, azimuth, slant range")
    {
    }

  private:
    void DoRun() override
    {
        const double a = WGS84_SEMI_MAJOR_AXIS;
        const Vector observer(a, 0, 0); // latitude 0, longitude 0, on the ellipsoid

        struct Case
        {
            Vector target;
            double elevation;
            double azimuth;
            double range;
        };

        // At (0, 0) east is +y, north is +z and up is +x.
        const Case cases[] = {
            {Vector(a + 550e3, 0, 0), 90.0, 0.0, 550e3}, // zenith
            {Vector(a, 1000e3, 0), 0.0, 90.0, 1000e3},   // east, on the horizon
            {Vector(a + 1000e3, 0, 1000e3), 45.0, 0.0, std::sqrt(2.0) * 1000e3}, // north-east up
            {Vector(a + 1000e3, -1000e3, 0), 45.0, 270.0, std::sqrt(2.0) * 1000e3},
            {Vector(a - 100e3, 0, -100e3), -45.0, 180.0, std::sqrt(2.0) * 100e3}, // below
        };
        for (const auto& c : cases)
        {
            const LookAngles look = ComputeLookAngles(observer, c.target);
            NS_TEST_EXPECT_MSG_EQ_TOL(look.elevation, c.elevation, 1e-9, "elevation");
            NS_TEST_EXPECT_MSG_EQ_TOL(look.azimuth, c.azimuth, 1e-9, "azimuth");
            NS_TEST_EXPECT_MSG_EQ_TOL(look.range, c.range, 1e-6, "range");
        }
        // A satellite at 550 km seen at the edge of a 25-degree cone: spherical-Earth slant
        // range d = -R sin(e) + sqrt((R sin e)^2 + h^2 + 2 R h) at the equator (R = a).
        const double e = 25.0 * M_PI / 180.0;
        const double h = 550e3;
        const double d =
            -a * std::sin(e) + std::sqrt(std::pow(a * std::sin(e), 2) + h * h + 2 * a * h);
        // Put it due north: the observer at the equator sees a meridian arc, where the
        // ellipsoid is not a sphere, so compare against the equatorial direction instead.
        const Vector target(a + d * std::sin(e), d * std::cos(e), 0.0);
        const LookAngles look = ComputeLookAngles(observer, target);
        NS_TEST_EXPECT_MSG_EQ_TOL(look.elevation, 25.0, 1e-9, "elevation of the cone edge");
        NS_TEST_EXPECT_MSG_EQ_TOL(look.range, d, 1e-6, "slant range of the cone edge");
        NS_TEST_EXPECT_MSG_EQ_TOL(CalculateDistance(target, Vector(0, 0, 0)),
                                  a + h,
                                  1e-3,
                                  "the cone edge is at 550 km altitude");
    }
};

/**
 * \ingroup sagin-tests
 * Bad geodetic input is rejected with a message naming it.
 */
class GeodeticInputTestCase : public TestCase
{
  public:
    GeodeticInputTestCase()
        : TestCase("bad geodetic input")
    {
    }

  private:
    void DoRun() override
    {
        auto message = [](const GeodeticPosition& p) {
            try
            {
                ValidateGeodeticPosition(p, "station 'x'");
            }
            catch (const std::invalid_argument& e)
            {
                return std::string(e.what());
            }
            return std::string();
        };
        NS_TEST_EXPECT_MSG_NE(message({91.0, 0, 0}).find("latitude 91"), std::string::npos, "lat");
        NS_TEST_EXPECT_MSG_NE(message({0, -181.0, 0}).find("longitude"), std::string::npos, "lon");
        NS_TEST_EXPECT_MSG_NE(message({0, 0, -1e5}).find("altitude"), std::string::npos, "alt");
        NS_TEST_EXPECT_MSG_EQ(message({45.0, 7.0, 200.0}), "", "a good position passes");
        bool threw = false;
        try
        {
            EcefToGeodetic(Vector(1.0, 2.0, 3.0));
        }
        catch (const std::invalid_argument&)
        {
            threw = true;
        }
        NS_TEST_EXPECT_MSG_EQ(threw, true, "the Earth's centre has no geodetic coordinates");
    }
};

/**
 * \ingroup sagin-tests
 * The geodesy TestSuite.
 */
class GeodesyTestSuite : public TestSuite
{
  public:
    GeodesyTestSuite()
        : TestSuite("sagin-geodesy", Type::UNIT)
    {
        AddTestCase(new GeodeticConversionTestCase);
        AddTestCase(new LocalTangentPlaneTestCase);
        AddTestCase(new JulianDateTestCase);
        AddTestCase(new EarthRotationTestCase);
        AddTestCase(new LookAnglesTestCase);
        AddTestCase(new GeodeticInputTestCase);
    }
};

static GeodesyTestSuite g_geodesyTestSuite; //!< Static variable for test initialization
