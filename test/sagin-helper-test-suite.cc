// SPDX-License-Identifier: GPL-2.0-only
//
// SaginHelper: one call installs a working space-air-ground network (counts from the
// description's closed forms, the documented address plan, packets from a UE behind a UAV to
// a station across the constellation and between stations), and a bad description is refused
// with a message naming what is wrong.

#include "sagin-test-utils.h"
#include "tle-test-utils.h"

#include "ns3/config.h"
#include "ns3/double.h"
#include "ns3/example-options.h"
#include "ns3/ground-station-helper.h"
#include "ns3/gsl-net-device.h"
#include "ns3/ns3-release-compat.h"
#include "ns3/sagin-helper.h"
#include "ns3/simulator.h"
#include "ns3/test.h"
#include "ns3/udp-echo-helper.h"
#include "ns3/uinteger.h"

#include <atomic>
#include <mutex>
#include <thread>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{
/** \return the sagin-ping --test shell: 12 x 12 at 1000 km, 53 degrees, F = 1 */
WalkerShell
SmallShell()
{
    WalkerShell shell;
    shell.altitude = 1000e3;
    shell.inclination = 53;
    shell.planes = 12;
    shell.satsPerPlane = 12;
    shell.phasing = 1;
    return shell;
}

/**
 * \param addresses interfaces
 * \param network expected network
 * \param mask its mask
 * \return whether every address lies in it
 */
bool
AllIn(const Ipv4InterfaceContainer& addresses, const char* network, const char* mask)
{
    for (uint32_t i = 0; i < addresses.GetN(); ++i)
    {
        if (!Ipv4Mask(mask).IsMatch(addresses.GetAddress(i), Ipv4Address(network)))
        {
            return false;
        }
    }
    return true;
}
} // namespace

/**
 * \ingroup sagin-tests
 * A shell, two stations and a UAV cell from one Install(): the containers hold what the
 * description gives (P x S satellites, 2 P S +Grid links of a Walker delta with P, S > 2, two
 * devices each), addresses follow the plan, every UE's echoes come back from the first
 * station and the stations ping each other.
 */
class SaginHelperNetworkTestCase : public TestCase
{
  public:
    SaginHelperNetworkTestCase()
        : TestCase("one call installs a working network")
    {
    }

  private:
    void DoRun() override
    {
        SaginHelper sagin;
        sagin.AddShell(SmallShell());
        GroundStationHelper stations;
        stations.AddList("Paris:48.86:2.35;Madrid:40.42:-3.70");
        sagin.AddGroundStations(stations);
        UavCell cell;
        cell.centre = {46.0, 2.0, 0.0};
        cell.side = 2000;
        cell.uavs = 2;
        cell.users = 3;
        sagin.AddUavCell(cell);
        sagin.SetAttachmentPolicyAttribute("MinElevation", DoubleValue(10.0));
        sagin.AssignStreams(1);
        SaginNetwork net = sagin.Install();

        NS_TEST_EXPECT_MSG_EQ(net.satellites.GetN(), 144u, "P x S satellites");
        NS_TEST_EXPECT_MSG_EQ(net.isls.GetN(), 2u * 2 * 144, "2 P S links, two devices each");
        NS_TEST_EXPECT_MSG_EQ(net.stations.GetN(), 2u, "the stations");
        NS_TEST_EXPECT_MSG_EQ(net.uavs.GetN(), 2u, "the cell's UAVs");
        NS_TEST_EXPECT_MSG_EQ(net.users.GetN(), 3u, "the cell's UEs");
        NS_TEST_EXPECT_MSG_EQ(net.satelliteGsl.GetN() + net.stationGsl.GetN() + net.uavGsl.GetN(),
                              148u,
                              "a GSL device on every satellite, station and UAV");
        NS_TEST_EXPECT_MSG_EQ(net.uavAccess.GetN() + net.userAccess.GetN(),
                              5u,
                              "an access device on every UAV and UE");
        NS_TEST_EXPECT_MSG_EQ(AllIn(net.stationAddresses, "10.0.0.0", "255.255.0.0") &&
                                  AllIn(net.satelliteAddresses, "10.0.0.0", "255.255.0.0") &&
                                  AllIn(net.uavAddresses, "10.0.0.0", "255.255.0.0"),
                              true,
                              "GSL addresses in 10.0.0.0/16");
        NS_TEST_EXPECT_MSG_EQ(AllIn(net.userAddresses, "10.64.0.0", "255.255.0.0"),
                              true,
                              "UE addresses in 10.64.0.0/16");

        // The manual's Config path to every ground device's Handover trace: each station, UAV
        // and UE attaches at least once (from no satellite or UAV to one).
        uint32_t attachments = 0;
        Config::ConnectWithoutContext("/NodeList/*/DeviceList/*/$ns3::sagin::GslNetDevice/Handover",
                                      MakeCallback(+[](uint32_t* n,
                                                       Ptr<GslNetDevice>,
                                                       Ptr<GslNetDevice> from,
                                                       Ptr<GslNetDevice> to) {
                                          *n += !from && to;
                                      }).Bind(&attachments));
        UdpEchoServerHelper(9).Install(net.stations.Get(0));
        UdpEchoClientHelper echo(net.stationAddresses.GetAddress(0), 9);
        echo.SetAttribute("MaxPackets", UintegerValue(3));
        echo.SetAttribute("Interval", TimeValue(Seconds(0.5)));
        std::vector<uint32_t> echoes(net.users.GetN(), 0);
        for (uint32_t i = 0; i < net.users.GetN(); ++i)
        {
            ApplicationContainer app = echo.Install(net.users.Get(i));
            app.Start(Seconds(1));
            app.Get(0)->TraceConnectWithoutContext(
                "Rx",
                MakeCallback(+[](uint32_t* n, Ptr<const Packet>) { ++*n; }).Bind(&echoes[i]));
        }
        uint32_t replies = 0;
        InstallPing(net.stations.Get(0),
                    net.stationAddresses.GetAddress(1),
                    Seconds(0.5),
                    Seconds(1),
                    Seconds(3),
                    MakeCallback(+[](uint32_t* n, Time) { ++*n; }).Bind(&replies));
        Simulator::Stop(Seconds(3));
        Simulator::Run();
        Simulator::Destroy();
        for (uint32_t i = 0; i < echoes.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(echoes[i], 3u, "UE " << i << ": every echo back from Paris");
        }
        NS_TEST_EXPECT_MSG_GT(replies, 0u, "Paris pings Madrid over the constellation");
        NS_TEST_EXPECT_MSG_GT_OR_EQ(attachments, 7u, "2 stations, 2 UAVs, 3 UEs attached");
    }
};

/**
 * \ingroup sagin-tests
 * TLE satellites: a Walker delta of 4 planes x 6 built as element sets gets +Grid ISLs from
 * the inferred planes (2 P S links); a file of unrelated satellites is refused at Install
 * with the inference's message, as is a second Install.
 */
class SaginHelperTleTestCase : public TestCase
{
  public:
    SaginHelperTleTestCase()
        : TestCase("TLE satellites get +Grid ISLs, or a clear error")
    {
    }

  private:
    void DoRun() override
    {
        const uint32_t planes = 4;
        const uint32_t perPlane = 6;
        std::vector<TwoLineElement> shell;
        for (uint32_t p = 0; p < planes; ++p)
        {
            for (uint32_t k = 0; k < perPlane; ++k)
            {
                shell.push_back(
                    CircularTle(1 + p * perPlane + k,
                                53,
                                550e3,
                                p * 360.0 / planes,
                                k * 360.0 / perPlane + p * 360.0 / (planes * perPlane)));
            }
        }
        SaginHelper sagin;
        sagin.AddTle(shell);
        SaginNetwork net = sagin.Install();
        NS_TEST_EXPECT_MSG_EQ(net.satellites.GetN(), planes * perPlane, "one node per set");
        NS_TEST_EXPECT_MSG_EQ(net.isls.GetN(), 2u * 2 * planes * perPlane, "2 P S links");
        NS_TEST_EXPECT_MSG_EQ(
            Contains(MessageOf<std::invalid_argument>([&] { sagin.Install(); }), "called twice"),
            true,
            "one network per helper");
        Simulator::Destroy();

        SaginHelper unrelated;
        unrelated.AddTleFile(std::string(NS_TEST_SOURCEDIR) + "/data/three-line.tle");
        NS_TEST_EXPECT_MSG_EQ(
            Contains(MessageOf<std::invalid_argument>([&] { unrelated.Install(); }), "VANGUARD"),
            true,
            "satellites that form no grid, named");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * Examples run side by side (CTest -j) check the same output prefix and file at once: each
 * check creates and removes a probe another may be looking at. Four threads checking one
 * prefix and one file 2,000 times each must never be refused (before, a probe created or
 * removed between another's look and its open was "File exists").
 */
class ExampleOutputChecksSideBySideTestCase : public TestCase
{
  public:
    ExampleOutputChecksSideBySideTestCase()
        : TestCase("example output checks run side by side on one prefix")
    {
    }

  private:
    void DoRun() override
    {
        const std::string prefix = CreateTempDirFilename("side-by-side");
        const std::string file = CreateTempDirFilename("side-by-side.db");
        std::atomic<uint32_t> refusals{0};
        std::string firstRefusal;
        std::mutex lock;
        std::vector<std::thread> threads;
        for (uint32_t t = 0; t < 4; ++t)
        {
            threads.emplace_back([&]() {
                for (uint32_t i = 0; i < 2000; ++i)
                {
                    try
                    {
                        CheckOutputPrefix("--plot-prefix", prefix);
                        CheckOutputFile("--db", file);
                    }
                    catch (const std::invalid_argument& e)
                    {
                        std::lock_guard<std::mutex> guard(lock);
                        firstRefusal = refusals++ == 0 ? e.what() : firstRefusal;
                    }
                }
            });
        }
        for (std::thread& thread : threads)
        {
            thread.join();
        }
        NS_TEST_EXPECT_MSG_EQ(refusals.load(), 0u, firstRefusal);
    }
};

/**
 * \ingroup sagin-tests
 * Bad descriptions: std::invalid_argument naming the input, before anything is installed.
 */
class SaginHelperBadInputTestCase : public TestCase
{
  public:
    SaginHelperBadInputTestCase()
        : TestCase("a bad description gets a clear error")
    {
    }

  private:
    void DoRun() override
    {
        SaginHelper sagin;
        NS_TEST_EXPECT_MSG_EQ(
            Contains(MessageOf<std::invalid_argument>([&] { sagin.Install(); }), "no satellites"),
            true,
            "nothing to install");
        WalkerShell bad = SmallShell();
        bad.phasing = 12;
        NS_TEST_EXPECT_MSG_NE(MessageOf<std::invalid_argument>([&] { sagin.AddShell(bad); }),
                              "",
                              "phasing F = P refused by WalkerShell::Validate");
        UavCell cell;
        cell.side = 0;
        NS_TEST_EXPECT_MSG_EQ(
            Contains(MessageOf<std::invalid_argument>([&] { sagin.AddUavCell(cell); }), "side 0"),
            true,
            "a cell without an area");
        cell.side = 100;
        cell.uavs = 0;
        NS_TEST_EXPECT_MSG_EQ(
            Contains(MessageOf<std::invalid_argument>([&] { sagin.AddUavCell(cell); }), "UAV"),
            true,
            "a cell without UAVs");
        cell.uavs = 1;
        cell.centre.latitude = 91;
        NS_TEST_EXPECT_MSG_EQ(
            Contains(MessageOf<std::invalid_argument>([&] { sagin.AddUavCell(cell); }), "latitude"),
            true,
            "a cell off the globe");
        NS_TEST_EXPECT_MSG_EQ(Contains(MessageOf<std::invalid_argument>(
                                           [&] { sagin.SetAttachmentPolicy("ns3::Node"); }),
                                       "not a GslAttachmentPolicy"),
                              true,
                              "a policy type that is not one");
        NS_TEST_EXPECT_MSG_EQ(Contains(MessageOf<std::invalid_argument>([&] {
                                           sagin.SetAttachmentPolicyAttribute("Elevation",
                                                                              DoubleValue(10));
                                       }),
                                       "has no attribute 'Elevation'"),
                              true,
                              "an attribute the policy lacks");
        NS_TEST_EXPECT_MSG_EQ(Contains(MessageOf<std::invalid_argument>([&] {
                                           sagin.SetAttachmentPolicyAttribute("MinElevation",
                                                                              DoubleValue(95));
                                       }),
                                       "MinElevation"),
                              true,
                              "an elevation above 90 degrees");
        WalkerShell huge = SmallShell();
        huge.planes = 300;
        huge.satsPerPlane = 300;
        huge.phasing = 0;
        sagin.AddShell(huge);
        NS_TEST_EXPECT_MSG_EQ(
            Contains(MessageOf<std::invalid_argument>([&] { sagin.Install(); }), "10.0.0.0/16"),
            true,
            "90,000 satellites do not fit the GSL address plan");
        Ptr<Node> node = CreateObject<Node>();
        NS_TEST_EXPECT_MSG_EQ(Contains(MessageOf<std::invalid_argument>([&] {
                                           InstallPing(node,
                                                       Ipv4Address("10.0.0.1"),
                                                       Seconds(1),
                                                       Seconds(2),
                                                       Seconds(2),
                                                       Callback<void, Time>());
                                       }),
                                       "0 <= start < stop"),
                              true,
                              "a ping that would stop when it starts");
        NS_TEST_EXPECT_MSG_EQ(Contains(MessageOf<std::invalid_argument>([&] {
                                           InstallPing(node,
                                                       Ipv4Address("10.0.0.1"),
                                                       Seconds(0),
                                                       Seconds(1),
                                                       Seconds(2),
                                                       Callback<void, Time>());
                                       }),
                                       "interval > 0"),
                              true,
                              "a ping without an interval");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * \brief SaginHelper test suite.
 */
class SaginHelperTestSuite : public TestSuite
{
  public:
    SaginHelperTestSuite()
        : TestSuite("sagin-helper", Type::UNIT)
    {
        AddTestCase(new SaginHelperNetworkTestCase);
        AddTestCase(new SaginHelperTleTestCase);
        AddTestCase(new SaginHelperBadInputTestCase);
        AddTestCase(new ExampleOutputChecksSideBySideTestCase);
    }
};

/** Static instance registering the suite. */
static SaginHelperTestSuite g_saginHelperTestSuite;
