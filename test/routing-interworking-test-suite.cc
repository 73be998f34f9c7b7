// SPDX-License-Identifier: GPL-2.0-only
//
// SaginRouting beside ordinary ns-3 networks: stations announce the networks behind them
// (SaginRoutingManager::AnnouncePrefix, SaginRoutingHelper::AnnouncePrefixes) and run
// SaginRouting before static or global routing under Ipv4ListRouting; hosts on those
// networks reach each other across a Walker shell, both ways.

#include "sagin-test-utils.h"

#include "ns3/constellation-helper.h"
#include "ns3/double.h"
#include "ns3/ground-station-helper.h"
#include "ns3/gsl-attachment-policy.h"
#include "ns3/gsl-helper.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/ipv4-list-routing-helper.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/isl-helper.h"
#include "ns3/names.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/pointer.h"
#include "ns3/sagin-routing-helper.h"
#include "ns3/sagin-routing.h"
#include "ns3/simulator.h"
#include "ns3/test.h"
#include "ns3/udp-echo-helper.h"
#include "ns3/uinteger.h"

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{
/** UDP port of the echo servers. */
constexpr uint16_t ECHO_PORT = 9;
/** Echo requests each client sends, one per second. */
constexpr uint32_t REQUESTS = 4;

/**
 * Two stations (Zurich, New York) over a 72x22 Walker shell with +Grid ISLs, each with a host
 * behind it on a point-to-point link (192.168.1.0/24 at Zurich, 192.168.2.0/24 at New York);
 * with global routing, New York's host is one router further (192.168.2.0/24 to the router,
 * 192.168.3.0/24 to the host), and the station runs global routing too.
 */
struct LanNetwork
{
    NodeContainer satellites;   //!< the shell
    Ptr<Node> zurich;           //!< station with hostA behind it
    Ptr<Node> newYork;          //!< station with hostB (and the router) behind it
    Ptr<Node> hostA;            //!< behind Zurich
    Ptr<Node> hostB;            //!< behind New York
    Ipv4Address addressA;       //!< hostA's address
    Ipv4Address addressB;       //!< hostB's address
    SaginRoutingHelper routing; //!< the SAGIN's routing (one manager)
    uint32_t noRoute{0};        //!< NoRoute drops on the satellites

    /** \param global whether New York's network uses global routing behind a router */
    explicit LanNetwork(bool global)
    {
        WalkerShell shell;
        shell.altitude = 550e3;
        shell.inclination = 53;
        shell.planes = 72;
        shell.satsPerPlane = 22;
        shell.phasing = 1;
        ConstellationHelper constellation;
        satellites = constellation.Install(shell);
        GroundStationHelper stationHelper;
        stationHelper.Add("zurich", 47.37, 8.54, 0.0);
        stationHelper.Add("new-york", 40.71, -74.01, 0.0);
        NodeContainer stations = stationHelper.Install();
        zurich = stations.Get(0);
        newYork = stations.Get(1);
        NetDeviceContainer islDevices =
            IslHelper().InstallPlusGrid(satellites, constellation.GetWalkerSatellites(), {shell});
        GslHelper gsl;
        gsl.SetGroundAttribute("TxPower", DoubleValue(50.0));
        gsl.SetSatelliteAttribute("TxPower", DoubleValue(50.0));
        gsl.SetGroundAttribute(
            "AttachmentPolicy",
            PointerValue(
                CreateObjectWithAttributes<HighestElevationAttachmentPolicy>("MinElevation",
                                                                             DoubleValue(25.0))));
        NetDeviceContainer satelliteGsl = gsl.InstallSatellites(satellites);
        NetDeviceContainer stationGsl = gsl.InstallGround(stations);

        InternetStackHelper satelliteStack;
        satelliteStack.SetRoutingHelper(routing);
        satelliteStack.Install(satellites);
        // Stations: the SAGIN's destinations first, then the networks behind them.
        Ipv4ListRoutingHelper list;
        list.Add(routing, 10);
        list.Add(Ipv4StaticRoutingHelper(), 0);
        if (global)
        {
            list.Add(Ipv4GlobalRoutingHelper(), -10);
        }
        InternetStackHelper stationStack;
        stationStack.SetRoutingHelper(list);
        stationStack.Install(stations);
        IslHelper::AssignIpv4Addresses(islDevices, "10.128.0.0");
        Ipv4AddressHelper gslAddresses("10.0.0.0", "255.255.0.0");
        gslAddresses.Assign(satelliteGsl);
        gslAddresses.Assign(stationGsl);

        // Hosts with a default route to their station (or router); with global routing, the
        // host behind the router takes part in it (ns-3's global routing sees only links
        // between its own routers).
        hostA = CreateObject<Node>();
        hostB = CreateObject<Node>();
        InternetStackHelper hostStack;
        hostStack.SetRoutingHelper(Ipv4StaticRoutingHelper());
        hostStack.Install(hostA);
        if (global)
        {
            InternetStackHelper().Install(hostB); // static and global routing
        }
        else
        {
            hostStack.Install(hostB);
        }
        PointToPointHelper lan;
        Ipv4AddressHelper lanA("192.168.1.0", "255.255.255.0");
        Ipv4InterfaceContainer a = lanA.Assign(lan.Install(zurich, hostA));
        addressA = a.GetAddress(1);
        SetDefaultRoute(hostA, a.GetAddress(0));
        Ipv4AddressHelper lanB("192.168.2.0", "255.255.255.0");
        if (!global)
        {
            Ipv4InterfaceContainer b = lanB.Assign(lan.Install(newYork, hostB));
            addressB = b.GetAddress(1);
            SetDefaultRoute(hostB, b.GetAddress(0));
        }
        else
        {
            Ptr<Node> router = CreateObject<Node>();
            InternetStackHelper().Install(router); // static and global routing
            Ipv4InterfaceContainer b = lanB.Assign(lan.Install(newYork, router));
            Ipv4AddressHelper lanC("192.168.3.0", "255.255.255.0");
            Ipv4InterfaceContainer c = lanC.Assign(lan.Install(router, hostB));
            addressB = c.GetAddress(1);
            SetDefaultRoute(router, b.GetAddress(0));
            SetDefaultRoute(hostB, c.GetAddress(0));
            Ipv4GlobalRoutingHelper::PopulateRoutingTables();
        }
        for (uint32_t i = 0; i < satellites.GetN(); ++i)
        {
            auto routingProtocol = DynamicCast<SaginRouting>(
                satellites.Get(i)->GetObject<Ipv4>()->GetRoutingProtocol());
            routingProtocol->TraceConnectWithoutContext(
                "NoRoute",
                Callback<void, Ptr<const Packet>, Ipv4Address>(
                    [this](Ptr<const Packet>, Ipv4Address) { ++noRoute; }));
        }
    }

    /** The stations' names go with the network (the next test case names its own). */
    ~LanNetwork()
    {
        Names::Clear();
    }

    /**
     * \param node a host or router with static routing
     * \param gateway its next hop towards everything else
     */
    static void SetDefaultRoute(Ptr<Node> node, Ipv4Address gateway)
    {
        Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
        Ipv4StaticRoutingHelper().GetStaticRouting(ipv4)->SetDefaultRoute(gateway, 1);
    }

    /**
     * Echo from a client to a server, REQUESTS requests from t = 1 s.
     * \param client the client's node
     * \param server the server's node
     * \param serverAddress its address
     * \param[out] replies incremented for every reply the client receives
     */
    static void Echo(Ptr<Node> client,
                     Ptr<Node> server,
                     Ipv4Address serverAddress,
                     uint32_t& replies)
    {
        UdpEchoServerHelper(ECHO_PORT).Install(server);
        UdpEchoClientHelper echo(serverAddress, ECHO_PORT);
        echo.SetAttribute("MaxPackets", UintegerValue(REQUESTS));
        echo.SetAttribute("Interval", TimeValue(Seconds(1)));
        ApplicationContainer apps = echo.Install(client);
        apps.Start(Seconds(1));
        apps.Get(0)->TraceConnectWithoutContext(
            "Rx",
            Callback<void, Ptr<const Packet>>([&replies](Ptr<const Packet>) { ++replies; }));
    }
};
} // namespace

/**
 * \ingroup sagin-tests
 * Hosts behind two stations reach each other over the constellation, each side starting,
 * with static routing under the stations' SaginRouting; a destination the SAGIN does not
 * know is left to the next protocol.
 */
class RoutingLanStaticTestCase : public TestCase
{
  public:
    RoutingLanStaticTestCase()
        : TestCase("LANs behind stations, static routing underneath: echoes both ways")
    {
    }

  private:
    void DoRun() override
    {
        LanNetwork net(false);
        NS_TEST_EXPECT_MSG_EQ(net.routing.AnnouncePrefixes(net.zurich), 1u, "192.168.1.0/24");
        NS_TEST_EXPECT_MSG_EQ(net.routing.AnnouncePrefixes(net.newYork), 1u, "192.168.2.0/24");
        uint32_t fromA = 0;
        uint32_t fromB = 0;
        LanNetwork::Echo(net.hostA, net.hostB, net.addressB, fromA);
        LanNetwork::Echo(net.hostB, net.hostA, net.addressA, fromB);
        Simulator::Stop(Seconds(REQUESTS + 2));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(fromA, REQUESTS, "Zurich's host hears New York's back");
        NS_TEST_EXPECT_MSG_EQ(fromB, REQUESTS, "New York's host hears Zurich's back");
        NS_TEST_EXPECT_MSG_EQ(net.noRoute, 0u, "no NoRoute drop on the satellites");
        NS_TEST_EXPECT_MSG_NE(SaginRouting::Find(net.zurich),
                              nullptr,
                              "found inside the station's Ipv4ListRouting");
        NS_TEST_EXPECT_MSG_EQ(SaginRouting::Find(net.satellites.Get(0)),
                              DynamicCast<SaginRouting>(
                                  net.satellites.Get(0)->GetObject<Ipv4>()->GetRoutingProtocol()),
                              "a satellite's routing protocol itself");
        NS_TEST_EXPECT_MSG_EQ(SaginRouting::Find(net.hostA), nullptr, "a host has none");

        // Not the SAGIN's: RouteInput declines (the next protocol's turn), NoRoute is quiet.
        auto routing = DynamicCast<SaginRouting>(
            net.satellites.Get(0)->GetObject<Ipv4>()->GetRoutingProtocol());
        Ipv4Header header;
        header.SetDestination(Ipv4Address("172.16.0.1"));
        header.SetTtl(64);
        uint32_t errors = 0;
        const bool taken = routing->RouteInput(
            Create<Packet>(100),
            header,
            net.satellites.Get(0)->GetDevice(1),
            Ipv4RoutingProtocol::UnicastForwardCallback(),
            Ipv4RoutingProtocol::MulticastForwardCallback(),
            Ipv4RoutingProtocol::LocalDeliverCallback(),
            Ipv4RoutingProtocol::ErrorCallback([&errors](Ptr<const Packet>,
                                                         const Ipv4Header&,
                                                         Socket::SocketErrno) { ++errors; }));
        NS_TEST_EXPECT_MSG_EQ(taken, false, "an unknown destination is left to the next protocol");
        NS_TEST_EXPECT_MSG_EQ(errors, 0u, "not dropped here");
        NS_TEST_EXPECT_MSG_EQ(net.noRoute, 0u, "and not counted as NoRoute");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * The far network lies one router behind its station and is known there by global routing:
 * AnnouncePrefixes takes it from the global routing table, and the hosts echo both ways.
 */
class RoutingLanGlobalTestCase : public TestCase
{
  public:
    RoutingLanGlobalTestCase()
        : TestCase("LANs behind stations, global routing underneath: echoes both ways")
    {
    }

  private:
    void DoRun() override
    {
        LanNetwork net(true);
        net.routing.AnnouncePrefixes(net.zurich);
        NS_TEST_EXPECT_MSG_GT_OR_EQ(net.routing.AnnouncePrefixes(net.newYork),
                                    2u,
                                    "192.168.2.0/24 (static) and 192.168.3.0/24 (global)");
        uint32_t fromA = 0;
        uint32_t fromB = 0;
        LanNetwork::Echo(net.hostA, net.hostB, net.addressB, fromA);
        LanNetwork::Echo(net.hostB, net.hostA, net.addressA, fromB);
        Simulator::Stop(Seconds(REQUESTS + 2));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(fromA, REQUESTS, "the host behind the router answers");
        NS_TEST_EXPECT_MSG_EQ(fromB, REQUESTS, "and reaches Zurich's host");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * Announcements that cannot be routed are refused with the reason: a prefix from two
 * stations, one holding SAGIN addresses, the default route, a node the SAGIN does not route,
 * a node without Ipv4ListRouting.
 */
class RoutingLanBadInputTestCase : public TestCase
{
  public:
    RoutingLanBadInputTestCase()
        : TestCase("Prefix announcements refused with the reason")
    {
    }

  private:
    void DoRun() override
    {
        LanNetwork net(false);
        net.routing.AnnouncePrefixes(net.zurich);
        net.routing.AnnouncePrefixes(net.zurich); // again: nothing changes
        const Ipv4Mask slash24("255.255.255.0");
        std::string m = MessageOf<std::invalid_argument>([&]() {
            net.routing.AnnouncePrefix(net.newYork, Ipv4Address("192.168.1.0"), slash24);
        });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "192.168.1.0/24") && Contains(m, "announced it already"),
                              true,
                              m);
        m = MessageOf<std::invalid_argument>([&]() {
            net.routing.AnnouncePrefix(net.zurich, Ipv4Address("10.0.0.0"), Ipv4Mask("/8"));
        });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "10.0.0.0/8 of node") &&
                                  Contains(m, "an address of routed node") &&
                                  Contains(m, "addresses outside the SAGIN's"),
                              true,
                              m);
        m = MessageOf<std::invalid_argument>([&]() {
            net.routing.AnnouncePrefix(net.zurich, Ipv4Address("0.0.0.0"), Ipv4Mask("/0"));
        });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "the default route cannot be announced"), true, m);
        m = MessageOf<std::invalid_argument>(
            [&]() { net.routing.AnnouncePrefix(net.hostA, Ipv4Address("192.168.9.0"), slash24); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "not routed by this manager"), true, m);
        m = MessageOf<std::invalid_argument>(
            [&]() { net.routing.AnnouncePrefixes(net.satellites.Get(0)); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "has no Ipv4ListRouting"), true, m);
        Simulator::Destroy();
    }
};

/** The routing interworking suite. */
class RoutingInterworkingTestSuite : public TestSuite
{
  public:
    RoutingInterworkingTestSuite()
        : TestSuite("sagin-routing-interworking", Type::UNIT)
    {
        AddTestCase(new RoutingLanStaticTestCase);
        AddTestCase(new RoutingLanGlobalTestCase);
        AddTestCase(new RoutingLanBadInputTestCase);
    }
};

/** Static instance. */
static RoutingInterworkingTestSuite g_routingInterworkingTestSuite;
