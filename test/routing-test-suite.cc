// SPDX-License-Identifier: GPL-2.0-only
//
// Routing over the moving topology: SaginRouting forwards by shortest-propagation-delay
// paths over ISLs and GSL attachments. The small constellations here are checked by hand:
// the expected path is the shorter of two candidate paths whose lengths the test computes
// itself from the positions.

#include "routing-test-utils.h"

#include "ns3/boolean.h"
#include "ns3/bulk-send-helper.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/packet-latency-tracer.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/packet-sink.h"
#include "ns3/simulator.h"
#include "ns3/test.h"
#include "ns3/uav-air-to-ground-propagation-loss-model.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

/**
 * \ingroup sagin-tests
 * A four-satellite ring: traffic takes the shorter side; when that side's ISL breaks the
 * path moves to the other one, without sending over the broken link even before the next
 * periodic recomputation.
 */
class RoutingShortestPathTestCase : public TestCase
{
  public:
    RoutingShortestPathTestCase()
        : TestCase("shortest path, path change, no use of a broken link")
    {
    }

  private:
    void DoRun() override
    {
        // S0 over ground A at (0, 0); S2 over ground B at (9, 9); S1 at (0, 9) and S3 at
        // (10.8, 0), all 550 km up. S1 drifts north-east away from S0 at 30 km/s, so the
        // S0-S1 ISL (MaxRange 2500 km) breaks during the run.
        auto drifting = CreateObject<ConstantVelocityMobilityModel>();
        const Vector s1 = GeodeticToEcef({0, 9, 550e3});
        drifting->SetPosition(s1);
        drifting->SetVelocity(Vector(0, 20e3, 20e3));
        std::vector<Ptr<MobilityModel>> sats{Fixed(0, 0, 550e3),
                                             drifting,
                                             Fixed(9, 9, 550e3),
                                             Fixed(10.8, 0, 550e3)};
        const Vector s0 = sats[0]->GetPosition();
        const Vector s2 = sats[2]->GetPosition();
        const Vector s3 = sats[3]->GetPosition();
        // Links: 0 = S0-S1, 1 = S1-S2, 2 = S2-S3, 3 = S3-S0. Initially via S1 (shorter):
        const double viaS1 = CalculateDistance(s0, s1) + CalculateDistance(s1, s2);
        const double viaS3 = CalculateDistance(s0, s3) + CalculateDistance(s3, s2);
        NS_TEST_ASSERT_MSG_LT(viaS1, viaS3, "the geometry makes S1's side shorter");
        // Long interval: after the break only the on-use check can avoid the broken link.
        Scenario s(sats,
                   {GeodeticToEcef({0, 0, 0}), GeodeticToEcef({9, 9, 0})},
                   {{0, 1}, {1, 2}, {2, 3}, {3, 0}},
                   Seconds(1000));
        s.CountIslTraffic();
        uint32_t breaks = 0;
        for (auto& devices : s.isls)
        {
            devices.Get(0)->GetChannel()->TraceConnectWithoutContext(
                "LinkBreak",
                MakeCallback(+[](uint32_t* n, Ptr<const Packet>, double) { ++*n; }).Bind(&breaks));
        }
        std::vector<Time> arrivals;
        Receive(s, 1, &arrivals);
        SendUdp(s, 0, 1, Seconds(1));
        // When does S0-S1 exceed 2500 km? Solve |s1 + v t - s0| = 2500 km numerically.
        double tBreak = 0;
        while (CalculateDistance(Vector(s1.x, s1.y + 20e3 * tBreak, s1.z + 20e3 * tBreak), s0) <=
               2500e3)
        {
            tBreak += 0.01;
        }
        SendUdp(s, 0, 1, Seconds(tBreak + 0.5));
        Simulator::Stop(Seconds(tBreak + 2));
        Simulator::Run();
        const uint32_t recomputations = s.routing.GetManager()->GetRecomputations();
        Simulator::Destroy();
        const auto& counts = *s.m_counts;
        NS_TEST_EXPECT_MSG_EQ(arrivals.size(), 2u, "both datagrams arrive");
        NS_TEST_EXPECT_MSG_EQ(counts[0], 1u, "first via S0-S1");
        NS_TEST_EXPECT_MSG_EQ(counts[1], 1u, "and S1-S2");
        NS_TEST_EXPECT_MSG_EQ(counts[3], 1u, "second via S0-S3");
        NS_TEST_EXPECT_MSG_EQ(counts[2], 1u, "and S3-S2");
        NS_TEST_EXPECT_MSG_EQ(breaks, 0u, "nothing sent over the broken link");
        NS_TEST_EXPECT_MSG_GT(recomputations, 1u, "recomputed on use");
    }
};

/**
 * \ingroup sagin-tests
 * A ground node no satellite sees: packets to it are dropped with NoRoute, no crash.
 */
class RoutingUnreachableTestCase : public TestCase
{
  public:
    RoutingUnreachableTestCase()
        : TestCase("unreachable destination: NoRoute")
    {
    }

  private:
    void DoRun() override
    {
        Scenario s({Fixed(0, 0, 550e3)},
                   {GeodeticToEcef({0, 0, 0}), GeodeticToEcef({0, 90, 0})},
                   {},
                   MilliSeconds(100));
        uint32_t noRoute = 0;
        for (uint32_t i = 0; i < s.sats.GetN() + s.grounds.GetN(); ++i)
        {
            Ptr<Node> node = i < s.sats.GetN() ? s.sats.Get(i) : s.grounds.Get(i - s.sats.GetN());
            node->GetObject<Ipv4>()->GetRoutingProtocol()->TraceConnectWithoutContext(
                "NoRoute",
                MakeCallback(+[](uint32_t* n, Ptr<const Packet>, Ipv4Address) {
                    ++*n;
                }).Bind(&noRoute));
        }
        std::vector<Time> arrivals;
        Receive(s, 1, &arrivals);
        SendUdp(s, 0, 1, Seconds(1));
        Simulator::Stop(Seconds(2));
        Simulator::Run();
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_EQ(arrivals.size(), 0u, "not delivered");
        NS_TEST_EXPECT_MSG_EQ(noRoute, 1u, "dropped once, with NoRoute");
    }
};

/**
 * \ingroup sagin-tests
 * Satellites are destinations too: a datagram from a ground node to the far satellite of a
 * four-satellite ring arrives after the propagation delay of the shorter side.
 */
class RoutingSatelliteDestinationTestCase : public TestCase
{
  public:
    RoutingSatelliteDestinationTestCase()
        : TestCase("a satellite as the destination")
    {
    }

  private:
    void DoRun() override
    {
        std::vector<Ptr<MobilityModel>> sats{Fixed(0, 0, 550e3),
                                             Fixed(0, 9, 550e3),
                                             Fixed(9, 9, 550e3),
                                             Fixed(10.8, 0, 550e3)};
        const Vector ground = GeodeticToEcef({0, 0, 0});
        Scenario s(sats, {ground}, {{0, 1}, {1, 2}, {2, 3}, {3, 0}}, MilliSeconds(100));
        auto at = [&sats](uint32_t i) { return sats[i]->GetPosition(); };
        // Ground -> S0 (overhead), then the shorter side of the ring to S2.
        const double viaS1 = CalculateDistance(at(0), at(1)) + CalculateDistance(at(1), at(2));
        const double viaS3 = CalculateDistance(at(0), at(3)) + CalculateDistance(at(3), at(2));
        const double shortest =
            (CalculateDistance(ground, at(0)) + std::min(viaS1, viaS3)) / 299792458.0;
        const double longest =
            (CalculateDistance(ground, at(0)) + std::max(viaS1, viaS3)) / 299792458.0;
        Ptr<Socket> sink = Socket::CreateSocket(s.sats.Get(2), UdpSocketFactory::GetTypeId());
        sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        std::vector<Time> arrivals;
        sink->SetRecvCallback([&arrivals](Ptr<Socket> socket) {
            while (socket->Recv())
            {
                arrivals.push_back(Simulator::Now());
            }
        });
        // S2's address on its ISL towards S3: not the interface the packet arrives on.
        const Ipv4Address target = s.sats.Get(2)->GetObject<Ipv4>()->GetAddress(2, 0).GetLocal();
        Ptr<Socket> source = Socket::CreateSocket(s.grounds.Get(0), UdpSocketFactory::GetTypeId());
        // The first datagram waits for ARP on the GSL; the second shows the path alone.
        for (double t : {1.0, 1.5})
        {
            Simulator::Schedule(Seconds(t), [source, target]() {
                source->SendTo(Create<Packet>(200), 0, InetSocketAddress(target, 9));
            });
        }
        Simulator::Stop(Seconds(2));
        Simulator::Run();
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_EQ(arrivals.size(), 2u, "delivered to the satellite");
        if (arrivals.size() != 2)
        {
            return; // the runner continues after a failed assertion: nothing to index
        }
        const double delay = arrivals[1].GetSeconds() - 1.5;
        NS_TEST_EXPECT_MSG_GT_OR_EQ(delay, shortest, "no faster than light on the shorter side");
        // 228 bytes on the GSL and two 10 Gbit/s ISLs take well under the 0.8 ms the longer
        // side would add.
        NS_TEST_EXPECT_MSG_LT(delay, (shortest + longest) / 2, "over the shorter side");
    }
};

/**
 * \ingroup sagin-tests
 * Two satellites without an ISL, a ground relay with two GSL devices between them: with
 * DistinctSatellites its devices attach to different satellites and traffic takes the
 * satellite-ground-satellite bent pipe A -> S0 -> relay -> S1 -> B.
 */
class RoutingGroundRelayTestCase : public TestCase
{
  public:
    RoutingGroundRelayTestCase()
        : TestCase("bent pipe through a ground relay")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer sats;
        NodeContainer ends;
        NodeContainer relay;
        sats.Create(2);
        ends.Create(2);
        relay.Create(1);
        auto place = [](Ptr<Node> node, const GeodeticPosition& where) {
            auto m = CreateObject<ConstantPositionMobilityModel>();
            m->SetPosition(GeodeticToEcef(where));
            node->AggregateObject(m);
        };
        // S0 over A, S1 over B, 10 degrees (1100 km) apart; the relay halfway sees both at
        // about 40 degrees of elevation, A and B see only their own above 30 degrees.
        place(sats.Get(0), {0, 0, 550e3});
        place(sats.Get(1), {0, 10, 550e3});
        place(ends.Get(0), {0, -0.5, 0});
        place(ends.Get(1), {0, 10.5, 0});
        place(relay.Get(0), {0, 5, 0});
        GslHelper gsl;
        gsl.SetChannelAttribute(
            "PropagationLoss",
            PointerValue(CreateObjectWithAttributes<FriisPropagationLossModel>("Frequency",
                                                                               DoubleValue(2e9))));
        gsl.SetGroundAttribute("TxPower", DoubleValue(60.0));
        gsl.SetSatelliteAttribute("TxPower", DoubleValue(60.0));
        gsl.SetGroundAttribute(
            "AttachmentPolicy",
            PointerValue(
                CreateObjectWithAttributes<HighestElevationAttachmentPolicy>("MinElevation",
                                                                             DoubleValue(30.0),
                                                                             "DistinctSatellites",
                                                                             BooleanValue(true))));
        NetDeviceContainer devices = gsl.InstallSatellites(sats);
        devices.Add(gsl.InstallGround(ends));
        devices.Add(gsl.InstallGround(relay));
        devices.Add(gsl.InstallGround(relay)); // the relay's second GSL device
        SaginRoutingHelper routing;
        InternetStackHelper internet;
        internet.SetRoutingHelper(routing);
        internet.Install(NodeContainer(sats, ends, relay));
        Ipv4InterfaceContainer ips = Ipv4AddressHelper("10.1.0.0", "255.255.0.0").Assign(devices);

        auto tracer = CreateObject<PacketLatencyTracer>();
        tracer->Install(ends);
        std::vector<PacketLatencyTracer::Record> records;
        tracer->TraceConnectWithoutContext(
            "Latency",
            MakeCallback(+[](std::vector<PacketLatencyTracer::Record>* v,
                             const PacketLatencyTracer::Record& r) {
                v->push_back(r);
            }).Bind(&records));
        Ptr<Socket> sink = Socket::CreateSocket(ends.Get(1), UdpSocketFactory::GetTypeId());
        sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        Ptr<Socket> source = Socket::CreateSocket(ends.Get(0), UdpSocketFactory::GetTypeId());
        const InetSocketAddress to(ips.GetAddress(3), 9); // B
        Simulator::Schedule(Seconds(1),
                            [source, to]() { source->SendTo(Create<Packet>(200), 0, to); });
        Simulator::Stop(Seconds(2));
        Simulator::Run();
        // Read before Destroy disposes the devices.
        const Ptr<GslNetDevice> first =
            DynamicCast<GslNetDevice>(devices.Get(4))->GetAttachedSatellite();
        const Ptr<GslNetDevice> second =
            DynamicCast<GslNetDevice>(devices.Get(5))->GetAttachedSatellite();
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_NE(first, nullptr, "first device attached");
        NS_TEST_EXPECT_MSG_NE(second, nullptr, "second device attached");
        NS_TEST_EXPECT_MSG_NE(first, second, "to different satellites");
        NS_TEST_EXPECT_MSG_EQ(records.size(), 1u, "delivered");
        if (records.size() != 1)
        {
            return; // the runner continues after a failed assertion: nothing to index
        }
        const std::vector<uint32_t> expected{sats.Get(0)->GetId(),
                                             relay.Get(0)->GetId(),
                                             sats.Get(1)->GetId()};
        NS_TEST_EXPECT_MSG_EQ((records[0].path == expected), true, "A -> S0 -> relay -> S1 -> B");
    }
};

/**
 * \ingroup sagin-tests
 * An application started at t = 0 finds its route: a TCP connection's first route lookup
 * happens when the application starts, and a failed one makes ns-3's TcpSocketBase::Connect
 * fail for good (no SYN is ever sent). Ground stations therefore attach while their node is
 * initialized, before any application of the instant runs.
 */
class RoutingStartAtZeroTestCase : public TestCase
{
  public:
    RoutingStartAtZeroTestCase()
        : TestCase("TCP started at t = 0 connects and delivers")
    {
    }

  private:
    void DoRun() override
    {
        // Two stations 10 degrees apart on the equator, each under its own satellite (550 km
        // up), the satellites joined by an ISL.
        const double a = WGS84_SEMI_MAJOR_AXIS;
        Scenario s({Fixed(0, 0, 550e3), Fixed(0, 10, 550e3)},
                   {Vector(a, 0, 0), GeodeticToEcef({0, 10, 0})},
                   {{0, 1}},
                   MilliSeconds(100));
        const uint64_t bytes = 100000;
        BulkSendHelper bulk("ns3::TcpSocketFactory",
                            InetSocketAddress(s.groundIps.GetAddress(1), 5000));
        bulk.SetAttribute("MaxBytes", UintegerValue(bytes));
        bulk.Install(s.grounds.Get(0)).Start(Seconds(0));
        ApplicationContainer sink = PacketSinkHelper("ns3::TcpSocketFactory",
                                                     InetSocketAddress(Ipv4Address::GetAny(), 5000))
                                        .Install(s.grounds.Get(1));
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        const uint64_t received = DynamicCast<PacketSink>(sink.Get(0))->GetTotalRx();
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_EQ(received, bytes, "every byte of a transfer started at t = 0");
    }
};

/**
 * \ingroup sagin-tests
 * A path of 70 satellites (a chain along the equator, one degree apart) delivers with
 * SaginRouting's DefaultTtl (255), and with ns-3's own 64 the datagram dies of TTL expiry,
 * reported by Ipv4L3Protocol's Drop trace.
 */
class RoutingLongPathTtlTestCase : public TestCase
{
  public:
    RoutingLongPathTtlTestCase()
        : TestCase("70 satellite hops: delivered with the default TTL, TTL expiry at 64")
    {
    }

  private:
    /**
     * \param senderTtl the sender's Ipv4L3Protocol DefaultTtl (0: leave SaginRouting's)
     * \param[out] received datagrams received at the far station
     * \param[out] ttlDrops datagrams dropped anywhere for TTL expiry
     * \param[out] defaultTtl the sender's DefaultTtl before the run
     */
    void Run(uint8_t senderTtl, uint32_t& received, uint32_t& ttlDrops, uint32_t& defaultTtl)
    {
        const uint32_t n = 70;
        std::vector<Ptr<MobilityModel>> sats;
        std::vector<std::pair<uint32_t, uint32_t>> links;
        for (uint32_t i = 0; i < n; ++i)
        {
            sats.push_back(Fixed(0, i, 550e3));
            if (i > 0)
            {
                links.emplace_back(i - 1, i);
            }
        }
        Scenario s(sats,
                   {GeodeticToEcef({0, 0, 0}), GeodeticToEcef({0, n - 1.0, 0})},
                   links,
                   MilliSeconds(100));
        Ptr<Ipv4L3Protocol> sender = s.grounds.Get(0)->GetObject<Ipv4L3Protocol>();
        if (senderTtl > 0)
        {
            sender->SetAttribute("DefaultTtl", UintegerValue(senderTtl));
        }
        UintegerValue ttl;
        sender->GetAttribute("DefaultTtl", ttl);
        defaultTtl = ttl.Get();
        ttlDrops = 0;
        CountTtlExpiries(s.sats, &ttlDrops);
        std::vector<Time> arrivals;
        Receive(s, 1, &arrivals);
        SendUdp(s, 0, 1, Seconds(1));
        Simulator::Stop(Seconds(2));
        Simulator::Run();
        Simulator::Destroy();
        received = arrivals.size();
    }

    void DoRun() override
    {
        uint32_t received = 0;
        uint32_t ttlDrops = 0;
        uint32_t defaultTtl = 0;
        Run(0, received, ttlDrops, defaultTtl);
        NS_TEST_EXPECT_MSG_EQ(defaultTtl, 255u, "SaginRouting raised the node's DefaultTtl");
        NS_TEST_EXPECT_MSG_EQ(received, 1u, "delivered over 70 satellites");
        NS_TEST_EXPECT_MSG_EQ(ttlDrops, 0u, "no TTL expiry");
        Run(64, received, ttlDrops, defaultTtl);
        NS_TEST_EXPECT_MSG_EQ(received, 0u, "ns-3's TTL of 64 does not reach");
        NS_TEST_EXPECT_MSG_EQ(ttlDrops, 1u, "the datagram's TTL expiry is reported");
    }
};

/**
 * \ingroup sagin-tests
 * SAGIN end to end: a UE reaches a ground station through a UAV (study C's air-to-ground
 * channel, the UAV as access point) and a satellite (the UAV is a ground node of the
 * satellite GSL), routed by SaginRouting, path recorded by the tracer.
 */
class RoutingUavAccessTestCase : public TestCase
{
  public:
    RoutingUavAccessTestCase()
        : TestCase("UE to ground station through a UAV and a satellite")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer sat;
        NodeContainer uav;
        NodeContainer ue;
        NodeContainer station;
        sat.Create(1);
        uav.Create(1);
        ue.Create(1);
        station.Create(1);
        auto place = [](Ptr<Node> node, const GeodeticPosition& where) {
            auto m = CreateObject<ConstantPositionMobilityModel>();
            m->SetPosition(GeodeticToEcef(where));
            node->AggregateObject(m);
        };
        place(sat.Get(0), {0, 0, 550e3});
        place(uav.Get(0), {0.01, 0.01, 100});
        place(ue.Get(0), {0.0105, 0.01, 0});
        place(station.Get(0), {0.5, 0, 0});

        // Access network: the UAV serves the UE over study C's channel (no blockage here).
        GslHelper access;
        access.SetChannelAttribute(
            "PropagationLoss",
            PointerValue(CreateObjectWithAttributes<UavAirToGroundPropagationLossModel>(
                "BlockageProbability",
                DoubleValue(0.0))));
        access.SetChannelAttribute("NoisePower", DoubleValue(-110.0));
        access.SetChannelAttribute("SubChannelBandwidth", DoubleValue(10e6));
        access.SetSatelliteAttribute("TxPower", DoubleValue(30.0));
        access.SetGroundAttribute("TxPower", DoubleValue(30.0));
        access.SetGroundAttribute(
            "AttachmentPolicy",
            PointerValue(
                CreateObjectWithAttributes<HighestElevationAttachmentPolicy>("MinElevation",
                                                                             DoubleValue(0.0))));
        NetDeviceContainer accessDevices = access.InstallSatellites(uav);
        accessDevices.Add(access.InstallGround(ue));
        // Satellite network: the UAV and the station are its ground nodes.
        GslHelper space;
        space.SetChannelAttribute(
            "PropagationLoss",
            PointerValue(CreateObjectWithAttributes<FriisPropagationLossModel>("Frequency",
                                                                               DoubleValue(2e9))));
        space.SetGroundAttribute("TxPower", DoubleValue(60.0));
        space.SetSatelliteAttribute("TxPower", DoubleValue(60.0));
        NetDeviceContainer spaceDevices = space.InstallSatellites(sat);
        spaceDevices.Add(space.InstallGround(NodeContainer(uav, station)));

        SaginRoutingHelper routing;
        InternetStackHelper internet;
        internet.SetRoutingHelper(routing);
        internet.Install(NodeContainer(NodeContainer(sat, uav), NodeContainer(ue, station)));
        Ipv4AddressHelper("10.3.0.0", "255.255.0.0").Assign(accessDevices);
        Ipv4InterfaceContainer spaceIps =
            Ipv4AddressHelper("10.1.0.0", "255.255.0.0").Assign(spaceDevices);

        auto tracer = CreateObject<PacketLatencyTracer>();
        tracer->Install(NodeContainer(ue, station));
        std::vector<PacketLatencyTracer::Record> records;
        tracer->TraceConnectWithoutContext(
            "Latency",
            MakeCallback(+[](std::vector<PacketLatencyTracer::Record>* v,
                             const PacketLatencyTracer::Record& r) {
                v->push_back(r);
            }).Bind(&records));
        Ptr<Socket> sink = Socket::CreateSocket(station.Get(0), UdpSocketFactory::GetTypeId());
        sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        Ptr<Socket> source = Socket::CreateSocket(ue.Get(0), UdpSocketFactory::GetTypeId());
        const InetSocketAddress to(spaceIps.GetAddress(2), 9);
        Simulator::Schedule(Seconds(1),
                            [source, to]() { source->SendTo(Create<Packet>(200), 0, to); });
        Simulator::Stop(Seconds(2));
        Simulator::Run();
        Simulator::Destroy();
        NS_TEST_ASSERT_MSG_EQ(records.size(), 1u, "delivered");
        const std::vector<uint32_t> expected{uav.Get(0)->GetId(), sat.Get(0)->GetId()};
        NS_TEST_EXPECT_MSG_EQ((records[0].path == expected),
                              true,
                              "UE -> UAV -> satellite -> station");
    }
};

/**
 * \ingroup sagin-tests
 * The routing TestSuite: paths, destinations, relays, TTL.
 */
class RoutingTestSuite : public TestSuite
{
  public:
    RoutingTestSuite()
        : TestSuite("sagin-routing", Type::UNIT)
    {
        AddTestCase(new RoutingShortestPathTestCase);
        AddTestCase(new RoutingUnreachableTestCase);
        AddTestCase(new RoutingSatelliteDestinationTestCase);
        AddTestCase(new RoutingGroundRelayTestCase);
        AddTestCase(new RoutingStartAtZeroTestCase);
        AddTestCase(new RoutingLongPathTtlTestCase);
        AddTestCase(new RoutingUavAccessTestCase);
    }
};

static RoutingTestSuite g_routingTestSuite; //!< Static variable for test initialization
