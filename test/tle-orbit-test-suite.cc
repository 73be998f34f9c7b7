// SPDX-License-Identifier: GPL-2.0-only
//
// TleOrbit and ConstellationHelper::InstallTle: satellites in real time. References are
// Vallado's verification output tcppver.out (TEME, independent of this module) turned into
// ECEF with the GMST/rotation that sagin-geodesy checks against Vallado et al. 2006.

#include "ns3/constellation-helper.h"
#include "ns3/earth-rotation.h"
#include "ns3/julian-date.h"
#include "ns3/satellite-mobility-model.h"
#include "ns3/simulator.h"
#include "ns3/test.h"
#include "ns3/tle-orbit.h"

#include <fstream>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;

namespace
{
// Verification satellites 00005 and 06251 (SGP4-VER.TLE, test/data/README.md).
const char* TLE_00005[] = {"1 00005U 58002B   00179.78495062  .00000023  00000-0  28098-4 0  4753",
                           "2 00005  34.2682 348.7242 1859667 331.7664  19.3264 10.82419157413667"};
const char* TLE_06251[] = {"1 06251U 62025E   06176.82412014  .00008885  00000-0  12808-3 0  3985",
                           "2 06251  58.0579  54.0425 0030035 139.1568 221.1854 15.56387291  6774"};
} // namespace

/**
 * \ingroup sagin-tests
 * ECEF states of TLE satellites at simulation times, with the default and a set start.
 */
class TleOrbitTestCase : public TestCase
{
  public:
    TleOrbitTestCase()
        : TestCase("TLE satellites live in real time")
    {
    }

  private:
    void DoRun() override
    {
        const std::string path = CreateTempDirFilename("two.tle");
        {
            std::ofstream out(path);
            out << "DELTA 1 DEB\n" << TLE_06251[0] << "\n" << TLE_06251[1] << "\n";
            out << TLE_00005[0] << "\n" << TLE_00005[1] << "\n";
        }
        ConstellationHelper helper;
        NodeContainer sats = helper.InstallTleFile(path);
        NS_TEST_ASSERT_MSG_EQ(sats.GetN(), 2u, "one node per element set");
        auto orbit06251 =
            DynamicCast<TleOrbit>(sats.Get(0)->GetObject<SatelliteMobilityModel>()->GetOrbit());
        auto orbit00005 =
            DynamicCast<TleOrbit>(sats.Get(1)->GetObject<SatelliteMobilityModel>()->GetOrbit());
        NS_TEST_ASSERT_MSG_NE(orbit00005, nullptr, "a TleOrbit");
        NS_TEST_EXPECT_MSG_EQ(orbit06251->GetTle().name, "DELTA 1 DEB", "3-line name");
        // The simulation starts at the earliest epoch (00005's, in 2000).
        const double epoch = orbit00005->GetTle().epochJulianDate;
        NS_TEST_EXPECT_MSG_EQ_TOL(orbit06251->GetSimulationStart(), epoch, 1e-9, "start");
        NS_TEST_EXPECT_MSG_EQ_TOL(orbit00005->GetMinutesSinceEpoch(Seconds(0)), 0.0, 1e-9, "t0");
        NS_TEST_EXPECT_MSG_LT(orbit06251->GetMinutesSinceEpoch(Seconds(0)), -3e6, "06251 later");

        // tcppver.out, 00005 at 360 min: TEME km and km/s.
        const Vector teme(-7154.03120202, -3783.17682504, -3536.19412294);
        const Vector temeVelocity(4.741887409, -4.151817765, -2.093935425);
        const Sgp4State state = orbit00005->GetTemeState(Minutes(360));
        NS_TEST_EXPECT_MSG_EQ_TOL(
            CalculateDistance(Vector(state.position[0], state.position[1], state.position[2]),
                              teme),
            0,
            1e-6,
            "SGP4 at 360 min (km)");
        const double gmst = GreenwichMeanSiderealTime(epoch + 360.0 / 1440.0);
        const Vector expected = EciToEcef(Vector(teme.x * 1e3, teme.y * 1e3, teme.z * 1e3), gmst);
        const Vector expectedVelocity = EciVelocityToEcef(
            Vector(teme.x * 1e3, teme.y * 1e3, teme.z * 1e3),
            Vector(temeVelocity.x * 1e3, temeVelocity.y * 1e3, temeVelocity.z * 1e3),
            gmst);
        Simulator::Schedule(Minutes(360), [&]() {
            auto mobility = sats.Get(1)->GetObject<MobilityModel>();
            m_position = mobility->GetPosition();
            m_velocity = mobility->GetVelocity();
        });
        Simulator::Run();
        Simulator::Destroy();
        // 1e-6 km in tcppver.out plus the 40 us Julian-date resolution (~0.3 m at 7.5 km/s).
        NS_TEST_EXPECT_MSG_EQ_TOL(CalculateDistance(m_position, expected), 0, 0.5, "ECEF (m)");
        NS_TEST_EXPECT_MSG_EQ_TOL(CalculateDistance(m_velocity, expectedVelocity),
                                  0,
                                  1e-3,
                                  "ECEF velocity (m/s)");

        // A start instant six hours after the epoch puts that state at simulation time 0.
        ConstellationHelper later;
        later.SetTleSimulationStart(FormatUtcInstant(epoch + 0.25));
        NodeContainer one = later.InstallTle({orbit00005->GetTle()});
        const Vector atZero = one.Get(0)->GetObject<MobilityModel>()->GetPosition();
        NS_TEST_EXPECT_MSG_EQ_TOL(CalculateDistance(atZero, expected), 0, 10.0, "start instant");
        Simulator::Destroy();

        // The nominal period follows the mean motion, 10.82419157 rev/day (Kozai/Brouwer
        // mean motions differ by ~1e-3 relative).
        NS_TEST_EXPECT_MSG_EQ_TOL(orbit00005->GetPeriod(), 86400.0 / 10.82419157, 8.0, "period");
    }

    Vector m_position; //!< ECEF position seen by the mobility model (m)
    Vector m_velocity; //!< ECEF velocity seen by the mobility model (m/s)
};

/**
 * \ingroup sagin-tests
 * Bad TLE input to the helper and the orbit.
 */
class TleOrbitInputTestCase : public TestCase
{
  public:
    TleOrbitInputTestCase()
        : TestCase("bad TLE start instants and empty inputs")
    {
    }

  private:
    void DoRun() override
    {
        ConstellationHelper helper;
        std::string what;
        try
        {
            helper.SetTleSimulationStart("2024-02-30 noon");
        }
        catch (const std::invalid_argument& e)
        {
            what = e.what();
        }
        NS_TEST_EXPECT_MSG_NE(what.find("2024-02-30 noon"), std::string::npos, "bad start");
        what.clear();
        try
        {
            helper.InstallTle({});
        }
        catch (const std::invalid_argument& e)
        {
            what = e.what();
        }
        NS_TEST_EXPECT_MSG_NE(what.find("no element set"), std::string::npos, "empty list");
        what.clear();
        try
        {
            helper.InstallTleFile(CreateTempDirFilename("missing.tle"));
        }
        catch (const std::exception& e)
        {
            what = e.what();
        }
        NS_TEST_EXPECT_MSG_NE(what.find("missing.tle"), std::string::npos, "missing file named");
    }
};

/**
 * \ingroup sagin-tests
 * The TLE orbit TestSuite.
 */
class TleOrbitTestSuite : public TestSuite
{
  public:
    TleOrbitTestSuite()
        : TestSuite("sagin-tle-orbit", Type::UNIT)
    {
        AddTestCase(new TleOrbitTestCase);
        AddTestCase(new TleOrbitInputTestCase);
    }
};

static TleOrbitTestSuite g_tleOrbitTestSuite; //!< Static variable for test initialization
