// SPDX-License-Identifier: GPL-2.0-only
//
// Circular Keplerian orbits: period, speed and geometry against closed forms
// (Kepler's third law, vis-viva), and the ECI -> ECEF convention (GMST = 0 at t = 0).

#include "ns3/circular-orbit-separation.h"
#include "ns3/circular-orbit.h"
#include "ns3/earth-rotation.h"
#include "ns3/geodesy.h"
#include "ns3/test.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;

/**
 * \ingroup sagin-tests
 * Period and speed against Kepler's third law and vis-viva; a published ISS-like figure.
 */
class CircularOrbitPeriodTestCase : public TestCase
{
  public:
    CircularOrbitPeriodTestCase()
        : TestCase("circular orbit period and speed against closed form")
    {
    }

  private:
    void DoRun() override
    {
        const double gm = 3.986004418e14; // WGS-84 GM (m^3/s^2), NIMA TR8350.2
        const double radius = 6378137.0;  // WGS-84 equatorial radius (m)
        for (double altitude : {300e3, 550e3, 1200e3, 20200e3, 35786e3})
        {
            auto orbit = CreateObject<CircularOrbit>();
            orbit->SetElements(altitude, 53.0, 10.0, 20.0);
            const double r = radius + altitude;
            NS_TEST_EXPECT_MSG_EQ_TOL(orbit->GetPeriod(),
                                      2 * M_PI * std::sqrt(r * r * r / gm),
                                      1e-9 * orbit->GetPeriod(),
                                      "Kepler's third law at " << altitude << " m");
            NS_TEST_EXPECT_MSG_EQ_TOL(orbit->GetSpeed(), std::sqrt(gm / r), 1e-9, "vis-viva");
            for (double t : {0.0, 123.4, 4567.8})
            {
                const OrbitState s = orbit->GetEciState(Seconds(t));
                NS_TEST_EXPECT_MSG_EQ_TOL(s.position.GetLength(), r, 1e-6, "radius is constant");
                NS_TEST_EXPECT_MSG_EQ_TOL(s.velocity.GetLength(), std::sqrt(gm / r), 1e-9, "speed");
                const double radial = s.position.x * s.velocity.x + s.position.y * s.velocity.y +
                                      s.position.z * s.velocity.z;
                NS_TEST_EXPECT_MSG_EQ_TOL(radial / (r * std::sqrt(gm / r)), 0, 1e-12, "circular");
            }
        }
        // A 35786 km circular equatorial orbit is geostationary: its period is one sidereal
        // day, 86164.09 s (Vallado, table D-3), to within the GM/radius rounding (~1 s).
        auto geo = CreateObject<CircularOrbit>();
        geo->SetElements(35786e3, 0.0, 0.0, 0.0);
        NS_TEST_EXPECT_MSG_EQ_TOL(geo->GetPeriod(), 86164.09, 2.0, "geostationary period");
    }
};

/**
 * \ingroup sagin-tests
 * Orientation of the orbit in ECI and its ECEF view under the module's convention.
 */
class CircularOrbitGeometryTestCase : public TestCase
{
  public:
    CircularOrbitGeometryTestCase()
        : TestCase("circular orbit geometry and ECEF convention")
    {
    }

  private:
    void DoRun() override
    {
        const double r = 6378137.0 + 550e3;
        const double inc = 53.0 * M_PI / 180.0;
        auto orbit = CreateObject<CircularOrbit>();
        // RAAN 0, u = 0: at the ascending node on the x axis; at t = 0 ECEF = ECI.
        orbit->SetElements(550e3, 53.0, 0.0, 0.0);
        OrbitState s = orbit->GetEcefState(Seconds(0));
        NS_TEST_EXPECT_MSG_EQ_TOL(CalculateDistance(s.position, Vector(r, 0, 0)), 0, 1e-6, "node");
        // u = 90 degrees: highest point, z = r sin(i), in the plane x = 0.
        orbit->SetElements(550e3, 53.0, 0.0, 90.0);
        s = orbit->GetEciState(Seconds(0));
        NS_TEST_EXPECT_MSG_EQ_TOL(
            CalculateDistance(s.position, Vector(0, r * std::cos(inc), r * std::sin(inc))),
            0,
            1e-6,
            "apex of the ground track");
        // RAAN 90: ascending node on the y axis.
        orbit->SetElements(550e3, 53.0, 90.0, 0.0);
        s = orbit->GetEciState(Seconds(0));
        NS_TEST_EXPECT_MSG_EQ_TOL(CalculateDistance(s.position, Vector(0, r, 0)), 0, 1e-6, "raan");
        // After one period the inertial position repeats; the Earth-fixed one has turned west
        // by the Earth's rotation angle over the period.
        const double period = orbit->GetPeriod();
        const OrbitState eci0 = orbit->GetEciState(Seconds(0));
        const OrbitState eci1 = orbit->GetEciState(Seconds(period));
        NS_TEST_EXPECT_MSG_EQ_TOL(CalculateDistance(eci0.position, eci1.position),
                                  0,
                                  1e-3,
                                  "period");
        const OrbitState ecef1 = orbit->GetEcefState(Seconds(period));
        const double angle = 7.2921159e-5 * period;
        const Vector expected(std::sin(angle) * r, std::cos(angle) * r, 0.0);
        NS_TEST_EXPECT_MSG_EQ_TOL(CalculateDistance(ecef1.position, expected), 0, 1e-3, "rotation");
        // The ECEF velocity is the time derivative of the ECEF position (central difference,
        // truncation error ~ r w^2 h^2 / 6 ~ 1e-7 m/s with h = 1 ms).
        const double t = 1234.5;
        const double h = 1e-3;
        const Vector p1 = orbit->GetEcefState(Seconds(t - h)).position;
        const Vector p2 = orbit->GetEcefState(Seconds(t + h)).position;
        const Vector numeric((p2.x - p1.x) / (2 * h),
                             (p2.y - p1.y) / (2 * h),
                             (p2.z - p1.z) / (2 * h));
        NS_TEST_EXPECT_MSG_EQ_TOL(
            CalculateDistance(orbit->GetEcefState(Seconds(t)).velocity, numeric),
            0,
            1e-4,
            "ECEF velocity is d(position)/dt");
        // ECEF is the inertial state turned by GMST = w t (the module's convention).
        const OrbitState eciT = orbit->GetEciState(Seconds(t));
        NS_TEST_EXPECT_MSG_EQ_TOL(CalculateDistance(orbit->GetEcefState(Seconds(t)).position,
                                                    EciToEcef(eciT.position, 7.2921159e-5 * t)),
                                  0,
                                  1e-6,
                                  "ECEF = R3(w t) ECI");
        NS_TEST_EXPECT_MSG_EQ_TOL(
            CalculateDistance(orbit->GetEcefState(Seconds(t)).velocity,
                              EciVelocityToEcef(eciT.position, eciT.velocity, 7.2921159e-5 * t)),
            0,
            1e-9,
            "ECEF velocity = R3(w t) v - w x r");
        // The ground track's highest latitude is the inclination (geocentric, at u = 90).
        orbit->SetElements(550e3, 53.0, 0.0, 90.0);
        const Vector top = orbit->GetEcefState(Seconds(0)).position;
        NS_TEST_EXPECT_MSG_EQ_TOL(std::asin(top.z / r) * 180 / M_PI, 53.0, 1e-9, "max latitude");
    }
};

/**
 * \ingroup sagin-tests
 * Impossible orbits are rejected with a message naming the element.
 */
class CircularOrbitInputTestCase : public TestCase
{
  public:
    CircularOrbitInputTestCase()
        : TestCase("bad circular orbit elements")
    {
    }

  private:
    void DoRun() override
    {
        auto check = [this](double altitude, double inclination, const std::string& word) {
            std::string what;
            try
            {
                CreateObject<CircularOrbit>()->SetElements(altitude, inclination, 0, 0);
            }
            catch (const std::invalid_argument& e)
            {
                what = e.what();
            }
            NS_TEST_EXPECT_MSG_NE(what.find(word), std::string::npos, "message: " << what);
        };
        check(50e3, 53.0, "altitude 50 km");
        check(-1.0, 53.0, "altitude");
        check(550e3, 181.0, "inclination 181");
        check(550e3, -0.5, "inclination");
    }
};

/**
 * \ingroup sagin-tests
 * The closed-form distance of two satellites of one shell against the distance of their ECEF
 * positions, each propagated on its own (Earth rotation included), over a day.
 */
class CircularOrbitSeparationTestCase : public TestCase
{
  public:
    CircularOrbitSeparationTestCase()
        : TestCase("closed-form distance of two satellites of one shell")
    {
    }

  private:
    void DoRun() override
    {
        auto orbit = [](double altitude, double inclination, double raan, double u) {
            auto o = CreateObject<CircularOrbit>();
            o->SetElements(altitude, inclination, raan, u);
            return o;
        };
        // Neighbours of a 72x22 Walker delta at 550 km, 53 deg: in-plane (360/22 deg on),
        // next plane (5 deg of RAAN, phase offset 360/1584 deg); a polar retrograde satellite
        // of the same altitude; a satellite on the far side of the Earth.
        auto a = orbit(550e3, 53.0, 0.0, 0.0);
        const std::vector<Ptr<CircularOrbit>> others{orbit(550e3, 53.0, 0.0, 360.0 / 22),
                                                     orbit(550e3, 53.0, 5.0, 360.0 / 1584),
                                                     orbit(550e3, 97.6, 30.0, 100.0),
                                                     orbit(550e3, 53.0, 180.0, 0.0)};
        for (std::size_t k = 0; k < others.size(); ++k)
        {
            NS_TEST_ASSERT_MSG_EQ(CircularOrbitSeparation::Applies(a, others[k]), true, "shell");
            const CircularOrbitSeparation separation(a, others[k]);
            for (double t : {0.0, 0.1, 123.456, 2000.0, 86400.0})
            {
                const double expected =
                    CalculateDistance(a->GetEcefState(Seconds(t)).position,
                                      others[k]->GetEcefState(Seconds(t)).position);
                // Rounding: 2 r^2 eps / (2 d) < 1e-7 m at d > 100 km.
                NS_TEST_EXPECT_MSG_EQ_TOL(separation.GetDistance(Seconds(t)),
                                          expected,
                                          1e-6,
                                          "pair " << k << " at " << t << " s");
            }
        }
        // The far-side satellite: a diameter apart at t = 0.
        NS_TEST_EXPECT_MSG_EQ_TOL(CircularOrbitSeparation(a, others[3]).GetDistance(Seconds(0)),
                                  2 * (6378137.0 + 550e3),
                                  1e-6,
                                  "diameter");
        // Other radii have other mean motions: no closed form.
        NS_TEST_EXPECT_MSG_EQ(CircularOrbitSeparation::Applies(a, orbit(1200e3, 53.0, 0, 0)),
                              false,
                              "two shells");
        // Changed elements make the coefficients stale.
        const CircularOrbitSeparation separation(a, others[0]);
        NS_TEST_EXPECT_MSG_EQ(separation.IsCurrent(), true, "fresh");
        others[0]->SetElements(550e3, 53.0, 10.0, 0.0);
        NS_TEST_EXPECT_MSG_EQ(separation.IsCurrent(), false, "after SetElements");
    }
};

/**
 * \ingroup sagin-tests
 * The closed-form closest approach of two satellites of one shell against the smallest of
 * their ECEF distances sampled every 50 ms over one orbital period (the sum of their
 * arguments of latitude sweeps every angle twice in that time).
 */
class CircularOrbitClosestApproachTestCase : public TestCase
{
  public:
    CircularOrbitClosestApproachTestCase()
        : TestCase("closed-form closest approach of two satellites of one shell")
    {
    }

  private:
    void DoRun() override
    {
        auto orbit = [](double inclination, double raan, double u) {
            auto o = CreateObject<CircularOrbit>();
            o->SetElements(550e3, inclination, raan, u);
            return o;
        };
        auto a = orbit(53.0, 0.0, 0.0);
        // In-plane neighbour (constant distance), next plane of a 72x22 Walker delta, a polar
        // retrograde satellite, and one that meets a at the ascending node at t = 0.
        const std::vector<Ptr<CircularOrbit>> others{orbit(53.0, 0.0, 360.0 / 22),
                                                     orbit(53.0, 5.0, 360.0 / 1584),
                                                     orbit(97.6, 30.0, 100.0),
                                                     orbit(60.0, 0.0, 0.0)};
        const double period = 2 * M_PI / a->GetMeanMotion();
        for (std::size_t k = 0; k < others.size(); ++k)
        {
            const auto distance = [&](double t) {
                return CalculateDistance(a->GetEcefState(Seconds(t)).position,
                                         others[k]->GetEcefState(Seconds(t)).position);
            };
            double sampled = 1e300;
            double when = 0;
            for (double t = 0; t < period; t += 0.05)
            {
                if (distance(t) < sampled)
                {
                    sampled = distance(t);
                    when = t;
                }
            }
            // Refined; never before 0 (ns-3's Seconds of a negative double shifts a negative
            // value, undefined behaviour that UBSan reports).
            for (double t = std::max(0.0, when - 0.05); t < when + 0.05; t += 1e-4)
            {
                sampled = std::min(sampled, distance(t));
            }
            const double closest = CircularOrbitSeparation(a, others[k]).GetMinDistance();
            // Never above a sample (rounding: 1e-6 m); relative speeds below 15 km/s move
            // 1.5 m in a refined step, which the sampled minimum may miss.
            NS_TEST_EXPECT_MSG_LT_OR_EQ(closest, sampled + 1e-6, "pair " << k);
            NS_TEST_EXPECT_MSG_GT_OR_EQ(closest, sampled - 2.0, "pair " << k);
        }
        NS_TEST_EXPECT_MSG_LT(CircularOrbitSeparation(a, others[3]).GetMinDistance(),
                              1e-3,
                              "satellites meeting at the node");
    }
};

/**
 * \ingroup sagin-tests
 * The circular orbit TestSuite.
 */
class CircularOrbitTestSuite : public TestSuite
{
  public:
    CircularOrbitTestSuite()
        : TestSuite("sagin-circular-orbit", Type::UNIT)
    {
        AddTestCase(new CircularOrbitPeriodTestCase);
        AddTestCase(new CircularOrbitGeometryTestCase);
        AddTestCase(new CircularOrbitInputTestCase);
        AddTestCase(new CircularOrbitSeparationTestCase);
        AddTestCase(new CircularOrbitClosestApproachTestCase);
    }
};

static CircularOrbitTestSuite g_circularOrbitTestSuite; //!< Static variable for test initialization
