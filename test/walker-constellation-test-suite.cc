// SPDX-License-Identifier: GPL-2.0-only
//
// Walker-delta and Walker-star generation: counts, plane and in-plane spacing, phasing,
// shell-list parsing and bad input. The expected angles follow from Walker's definition
// (J. G. Walker, "Satellite constellations", J. Br. Interplanet. Soc. 37, 1984) and the
// module's convention in doc/sagin.rst.

#include "ns3/constellation-helper.h"
#include "ns3/mobility-model.h"
#include "ns3/simulator.h"
#include "ns3/test.h"
#include "ns3/walker-constellation.h"

#include <cmath>
#include <set>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;

/**
 * \ingroup sagin-tests
 * Counts, spacing and phasing of Walker-delta and Walker-star shells.
 */
class WalkerGenerationTestCase : public TestCase
{
  public:
    WalkerGenerationTestCase()
        : TestCase("Walker-delta and Walker-star generation")
    {
    }

  private:
    void DoRun() override
    {
        // Starlink-like shell 53:1584/72/17 at 550 km.
        WalkerShell starlink;
        starlink.altitude = 550e3;
        starlink.inclination = 53.0;
        starlink.planes = 72;
        starlink.satsPerPlane = 22;
        starlink.phasing = 17;
        const auto sats = GenerateWalkerConstellation({starlink});
        NS_TEST_ASSERT_MSG_EQ(sats.size(), 1584u, "T = P * S");
        std::set<std::pair<uint32_t, uint32_t>> seen;
        for (const auto& s : sats)
        {
            seen.insert({s.plane, s.slot});
            NS_TEST_EXPECT_MSG_EQ_TOL(s.raan, s.plane * 5.0, 1e-12, "RAAN spacing 360/72");
            NS_TEST_EXPECT_MSG_EQ_TOL(s.argumentOfLatitude,
                                      s.slot * 360.0 / 22 + s.plane * 17 * 360.0 / 1584,
                                      1e-9,
                                      "in-plane spacing and phasing");
        }
        NS_TEST_EXPECT_MSG_EQ(seen.size(), 1584u, "every (plane, slot) once");
        // Phasing: satellite 0 of plane p+1 leads satellite 0 of plane p by F*360/T degrees.
        NS_TEST_EXPECT_MSG_EQ_TOL(sats[22].argumentOfLatitude - sats[0].argumentOfLatitude,
                                  17 * 360.0 / 1584,
                                  1e-12,
                                  "relative phase of adjacent planes");
        // Iridium as Walker star 86.4:66/6/2: planes spread over 180 degrees, 30 apart.
        WalkerShell iridium;
        iridium.altitude = 780e3;
        iridium.inclination = 86.4;
        iridium.planes = 6;
        iridium.satsPerPlane = 11;
        iridium.phasing = 2;
        iridium.pattern = WalkerShell::STAR;
        const auto both = GenerateWalkerConstellation({starlink, iridium});
        NS_TEST_ASSERT_MSG_EQ(both.size(), 1584u + 66u, "two shells");
        NS_TEST_EXPECT_MSG_EQ(both[1584].shell, 1u, "second shell index");
        NS_TEST_EXPECT_MSG_EQ_TOL(both.back().raan, 150.0, 1e-12, "star: last plane at 150");
        NS_TEST_EXPECT_MSG_EQ_TOL(both.back().altitude, 780e3, 1e-9, "shell altitude");

        // The helper gives one node per satellite, at the generated position.
        ConstellationHelper helper;
        NodeContainer nodes = helper.Install(iridium);
        NS_TEST_ASSERT_MSG_EQ(nodes.GetN(), 66u, "nodes");
        const double r = 6378137.0 + 780e3;
        for (uint32_t i = 0; i < nodes.GetN(); ++i)
        {
            const Vector p = nodes.Get(i)->GetObject<MobilityModel>()->GetPosition();
            NS_TEST_EXPECT_MSG_EQ_TOL(p.GetLength(), r, 1e-6, "radius of node " << i);
            const WalkerSatellite& s = helper.GetWalkerSatellites()[i];
            const double u = s.argumentOfLatitude * M_PI / 180;
            NS_TEST_EXPECT_MSG_EQ_TOL(p.z,
                                      r * std::sin(u) * std::sin(86.4 * M_PI / 180),
                                      1e-6,
                                      "z");
        }
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * Shell lists from the command line, and bad Walker parameters.
 */
class WalkerInputTestCase : public TestCase
{
  public:
    WalkerInputTestCase()
        : TestCase("Walker shell parsing and bad input")
    {
    }

  private:
    /**
     * \param text shell list
     * \return the error message, or "" when it parses
     */
    static std::string Error(const std::string& text)
    {
        try
        {
            ParseWalkerShells(text);
        }
        catch (const std::invalid_argument& e)
        {
            return e.what();
        }
        return "";
    }

    void DoRun() override
    {
        const auto shells =
            ParseWalkerShells("550:53:72:22:17; 1110:53.8:32:50:1;780:86.4:6:11:2:star");
        NS_TEST_ASSERT_MSG_EQ(shells.size(), 3u, "three shells");
        NS_TEST_EXPECT_MSG_EQ_TOL(shells[1].altitude, 1110e3, 1e-9, "km to m");
        NS_TEST_EXPECT_MSG_EQ_TOL(shells[1].inclination, 53.8, 1e-12, "inclination");
        NS_TEST_EXPECT_MSG_EQ(shells[1].planes, 32u, "planes");
        NS_TEST_EXPECT_MSG_EQ(shells[1].satsPerPlane, 50u, "sats per plane");
        NS_TEST_EXPECT_MSG_EQ(shells[2].pattern, WalkerShell::STAR, "star");

        NS_TEST_EXPECT_MSG_NE(Error("550:53:0:22:0").find("0 planes"), std::string::npos, "P=0");
        NS_TEST_EXPECT_MSG_NE(Error("550:53:4:0:0").find("0 satellites"), std::string::npos, "S=0");
        NS_TEST_EXPECT_MSG_NE(Error("550:53:4:4:4").find("phasing F = 4"), std::string::npos, "F");
        NS_TEST_EXPECT_MSG_NE(Error("50:53:4:4:1").find("altitude 50 km"), std::string::npos, "h");
        NS_TEST_EXPECT_MSG_NE(Error("550:190:4:4:1").find("inclination 190"),
                              std::string::npos,
                              "i");
        NS_TEST_EXPECT_MSG_NE(Error("550:53:4:4").find("not of the form"),
                              std::string::npos,
                              "form");
        NS_TEST_EXPECT_MSG_NE(Error("550:53:4:4:1:delta2").find("'550:53:4:4:1:delta2'"),
                              std::string::npos,
                              "the bad shell is named");
        NS_TEST_EXPECT_MSG_NE(Error(" ; ").find("no shell"), std::string::npos, "empty list");
    }
};

/**
 * \ingroup sagin-tests
 * The Walker constellation TestSuite.
 */
class WalkerConstellationTestSuite : public TestSuite
{
  public:
    WalkerConstellationTestSuite()
        : TestSuite("sagin-walker-constellation", Type::UNIT)
    {
        AddTestCase(new WalkerGenerationTestCase);
        AddTestCase(new WalkerInputTestCase);
    }
};

static WalkerConstellationTestSuite g_walkerTestSuite; //!< Static variable for test initialization
