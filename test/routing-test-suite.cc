// SPDX-License-Identifier: GPL-2.0-only
//
// Routing over the moving topology: SaginRouting forwards by shortest-propagation-delay
// paths over ISLs and GSL attachments. The small constellations here are checked by hand:
// the expected path is the shorter of two candidate paths whose lengths the test computes
// itself from the positions.

#include "ns3/boolean.h"
#include "ns3/bulk-send-helper.h"
#include "ns3/config.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/constant-velocity-mobility-model.h"
#include "ns3/constellation-helper.h"
#include "ns3/double.h"
#include "ns3/geodesy.h"
#include "ns3/gsl-attachment-policy.h"
#include "ns3/gsl-helper.h"
#include "ns3/gsl-net-device.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/isl-channel.h"
#include "ns3/isl-helper.h"
#include "ns3/on-off-helper.h"
#include "ns3/packet-latency-tracer.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/packet-sink.h"
#include "ns3/pointer.h"
#include "ns3/sagin-routing-helper.h"
#include "ns3/sagin-routing.h"
#include "ns3/satellite-mobility-model.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uav-air-to-ground-propagation-loss-model.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"
#include "ns3/v4ping-helper.h"

#include <limits>
#include <map>
#include <memory>
#include <set>

using namespace ns3;
using namespace ns3::sagin;

namespace
{

/** Satellites joined by ISLs, ground nodes on one GSL channel, SaginRouting everywhere. */
struct Scenario
{
    NodeContainer sats;                   //!< satellites
    NodeContainer grounds;                //!< ground nodes
    std::vector<NetDeviceContainer> isls; //!< one per ISL
    NetDeviceContainer gsl;               //!< satellites' then grounds' GSL devices
    Ipv4InterfaceContainer groundIps;     //!< grounds' GSL addresses
    SaginRoutingHelper routing;           //!< shared forwarding state

    /**
     * \param satMobility one mobility model per satellite
     * \param groundPositions ECEF position per ground node
     * \param links pairs of satellite indices joined by an ISL
     * \param interval routing recomputation interval
     * \param policy the grounds' attachment policy (null: the GSL's default)
     */
    Scenario(const std::vector<Ptr<MobilityModel>>& satMobility,
             const std::vector<Vector>& groundPositions,
             const std::vector<std::pair<uint32_t, uint32_t>>& links,
             Time interval,
             Ptr<GslAttachmentPolicy> policy = nullptr)
    {
        sats.Create(satMobility.size());
        grounds.Create(groundPositions.size());
        for (uint32_t i = 0; i < satMobility.size(); ++i)
        {
            sats.Get(i)->AggregateObject(satMobility[i]);
        }
        for (uint32_t i = 0; i < groundPositions.size(); ++i)
        {
            auto m = CreateObject<ConstantPositionMobilityModel>();
            m->SetPosition(groundPositions[i]);
            grounds.Get(i)->AggregateObject(m);
        }
        IslHelper isl;
        isl.SetChannelAttribute("MaxRange", DoubleValue(2500e3));
        for (const auto& [a, b] : links)
        {
            isls.push_back(isl.Install(sats.Get(a), sats.Get(b)));
        }
        GslHelper gslHelper;
        gslHelper.SetChannelAttribute(
            "PropagationLoss",
            PointerValue(CreateObjectWithAttributes<FriisPropagationLossModel>("Frequency",
                                                                               DoubleValue(2e9))));
        gslHelper.SetGroundAttribute("TxPower", DoubleValue(60.0));
        gslHelper.SetSatelliteAttribute("TxPower", DoubleValue(60.0));
        if (policy)
        {
            gslHelper.SetGroundAttribute("AttachmentPolicy", PointerValue(policy));
        }
        gsl = gslHelper.InstallSatellites(sats);
        NetDeviceContainer groundGsl = gslHelper.InstallGround(grounds);
        gsl.Add(groundGsl);
        routing.SetManagerAttribute("Interval", TimeValue(interval));
        InternetStackHelper internet;
        internet.SetRoutingHelper(routing);
        internet.Install(NodeContainer(sats, grounds));
        Ipv4AddressHelper addresses("10.2.0.0", "255.255.255.252");
        for (auto& devices : isls)
        {
            addresses.Assign(devices);
            addresses.NewNetwork();
        }
        Ipv4AddressHelper gslAddresses("10.1.0.0", "255.255.0.0");
        NetDeviceContainer satGsl;
        for (uint32_t i = 0; i < sats.GetN(); ++i)
        {
            satGsl.Add(gsl.Get(i));
        }
        gslAddresses.Assign(satGsl);
        groundIps = gslAddresses.Assign(groundGsl);
    }

    /**
     * \param isl index of an ISL
     * \return packets received over it, either way, so far (counted by MacRx)
     */
    std::vector<uint32_t> CountIslTraffic()
    {
        std::vector<uint32_t> counts(isls.size(), 0);
        m_counts = std::make_shared<std::vector<uint32_t>>(isls.size(), 0);
        for (uint32_t i = 0; i < isls.size(); ++i)
        {
            for (uint32_t end = 0; end < 2; ++end)
            {
                isls[i].Get(end)->TraceConnectWithoutContext(
                    "MacRx",
                    MakeCallback(+[](std::vector<uint32_t>* c, uint32_t k, Ptr<const Packet>) {
                        ++(*c)[k];
                    }).Bind(m_counts.get(), i));
            }
        }
        return counts;
    }

    std::shared_ptr<std::vector<uint32_t>> m_counts; //!< per ISL, packets received
};

/**
 * \param lat latitude (degrees)
 * \param lon longitude (degrees)
 * \param alt altitude (m)
 * \return a fixed mobility model there
 */
Ptr<MobilityModel>
Fixed(double lat, double lon, double alt)
{
    auto m = CreateObject<ConstantPositionMobilityModel>();
    m->SetPosition(GeodeticToEcef({lat, lon, alt}));
    return m;
}

/**
 * Send one UDP datagram from a ground node to another at t.
 * \param s the scenario
 * \param from ground index
 * \param to ground index
 * \param t when
 */
void
SendUdp(Scenario& s, uint32_t from, uint32_t to, Time t)
{
    Ptr<Socket> socket = Socket::CreateSocket(s.grounds.Get(from), UdpSocketFactory::GetTypeId());
    const InetSocketAddress dest(s.groundIps.GetAddress(to), 9);
    Simulator::Schedule(t, [socket, dest]() { socket->SendTo(Create<Packet>(200), 0, dest); });
}

/**
 * \param s the scenario
 * \param ground ground index
 * \param[out] arrivals reception times at that ground's port 9
 */
void
Receive(Scenario& s, uint32_t ground, std::vector<Time>* arrivals)
{
    Ptr<Socket> socket = Socket::CreateSocket(s.grounds.Get(ground), UdpSocketFactory::GetTypeId());
    socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
    socket->SetRecvCallback([arrivals](Ptr<Socket> sock) {
        while (sock->Recv())
        {
            arrivals->push_back(Simulator::Now());
        }
    });
}

/**
 * Ground A at (0, 0) is passed over by S0 (750 km past the zenith at t = 0) and then S1
 * (1650 km behind), both heading east at 7.5 km/s 550 km up; ground B sits under a static S2
 * that both reach by ISL. A hands over from S0 to S1 at 58 s, when S0 sets below 25 degrees.
 * \param[out] handovers counts A's handovers from one satellite to another
 * \return the scenario
 */
std::unique_ptr<Scenario>
MakeHandoverScenario(uint32_t* handovers)
{
    const double a = WGS84_SEMI_MAJOR_AXIS;
    auto s0 = CreateObject<ConstantVelocityMobilityModel>();
    s0->SetPosition(Vector(a + 550e3, 750e3, 0));
    s0->SetVelocity(Vector(0, 7500, 0));
    auto s1 = CreateObject<ConstantVelocityMobilityModel>();
    s1->SetPosition(Vector(a + 550e3, -900e3, 0));
    s1->SetVelocity(Vector(0, 7500, 0));
    auto s =
        std::make_unique<Scenario>(std::vector<Ptr<MobilityModel>>{s0, s1, Fixed(10, 0, 550e3)},
                                   std::vector<Vector>{Vector(a, 0, 0), GeodeticToEcef({10, 0, 0})},
                                   std::vector<std::pair<uint32_t, uint32_t>>{{0, 2}, {1, 2}},
                                   MilliSeconds(100));
    for (auto& devices : s->isls)
    {
        DynamicCast<IslChannel>(devices.Get(0)->GetChannel())
            ->SetAttribute("MaxRange", DoubleValue(10000e3));
    }
    s->gsl.Get(3)->TraceConnectWithoutContext("Handover",
                                              MakeCallback(+[](uint32_t* n,
                                                               Ptr<GslNetDevice>,
                                                               Ptr<GslNetDevice> from,
                                                               Ptr<GslNetDevice> to) {
                                                  *n += from && to;
                                              }).Bind(handovers));
    return s;
}
} // namespace

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
        const auto& counts = *s.m_counts;
        NS_TEST_EXPECT_MSG_EQ(arrivals.size(), 2u, "both datagrams arrive");
        NS_TEST_EXPECT_MSG_EQ(counts[0], 1u, "first via S0-S1");
        NS_TEST_EXPECT_MSG_EQ(counts[1], 1u, "and S1-S2");
        NS_TEST_EXPECT_MSG_EQ(counts[3], 1u, "second via S0-S3");
        NS_TEST_EXPECT_MSG_EQ(counts[2], 1u, "and S3-S2");
        NS_TEST_EXPECT_MSG_EQ(breaks, 0u, "nothing sent over the broken link");
        NS_TEST_EXPECT_MSG_GT(s.routing.GetManager()->GetRecomputations(), 1u, "recomputed on use");
        Simulator::Destroy();
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
        NS_TEST_EXPECT_MSG_EQ(arrivals.size(), 0u, "not delivered");
        NS_TEST_EXPECT_MSG_EQ(noRoute, 1u, "dropped once, with NoRoute");
        Simulator::Destroy();
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
        NS_TEST_EXPECT_MSG_EQ(arrivals.size(), 2u, "delivered to the satellite");
        if (arrivals.size() != 2)
        {
            Simulator::Destroy();
            return; // the runner continues after a failed assertion: nothing to index
        }
        const double delay = arrivals[1].GetSeconds() - 1.5;
        NS_TEST_EXPECT_MSG_GT_OR_EQ(delay, shortest, "no faster than light on the shorter side");
        // 228 bytes on the GSL and two 10 Gbit/s ISLs take well under the 0.8 ms the longer
        // side would add.
        NS_TEST_EXPECT_MSG_LT(delay, (shortest + longest) / 2, "over the shorter side");
        Simulator::Destroy();
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
        auto first = DynamicCast<GslNetDevice>(devices.Get(4));
        auto second = DynamicCast<GslNetDevice>(devices.Get(5));
        NS_TEST_EXPECT_MSG_NE(first->GetAttachedSatellite(), nullptr, "first device attached");
        NS_TEST_EXPECT_MSG_NE(second->GetAttachedSatellite(), nullptr, "second device attached");
        NS_TEST_EXPECT_MSG_NE(first->GetAttachedSatellite(),
                              second->GetAttachedSatellite(),
                              "to different satellites");
        NS_TEST_EXPECT_MSG_EQ(records.size(), 1u, "delivered");
        if (records.size() != 1)
        {
            Simulator::Destroy();
            return; // the runner continues after a failed assertion: nothing to index
        }
        const std::vector<uint32_t> expected{sats.Get(0)->GetId(),
                                             relay.Get(0)->GetId(),
                                             sats.Get(1)->GetId()};
        NS_TEST_EXPECT_MSG_EQ((records[0].path == expected), true, "A -> S0 -> relay -> S1 -> B");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * A TCP flow survives the handover of its source between two satellites.
 */
class RoutingTcpHandoverTestCase : public TestCase
{
  public:
    RoutingTcpHandoverTestCase()
        : TestCase("TCP flow survives a handover")
    {
    }

  private:
    void DoRun() override
    {
        uint32_t handovers = 0;
        std::unique_ptr<Scenario> scenario = MakeHandoverScenario(&handovers);
        Scenario& s = *scenario;
        PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                    InetSocketAddress(Ipv4Address::GetAny(), 5000));
        ApplicationContainer sink = sinkHelper.Install(s.grounds.Get(1));
        OnOffHelper source("ns3::TcpSocketFactory",
                           InetSocketAddress(s.groundIps.GetAddress(1), 5000));
        source.SetConstantRate(DataRate("1Mbps"));
        source.Install(s.grounds.Get(0)).Start(Seconds(1));
        uint64_t beforeHandover = 0;
        Simulator::Schedule(Seconds(20), [&]() {
            beforeHandover = DynamicCast<PacketSink>(sink.Get(0))->GetTotalRx();
        });
        Simulator::Stop(Seconds(60));
        Simulator::Run();
        const uint64_t total = DynamicCast<PacketSink>(sink.Get(0))->GetTotalRx();
        NS_TEST_EXPECT_MSG_EQ(handovers, 1u, "one handover from S0 to S1");
        NS_TEST_EXPECT_MSG_GT(beforeHandover, 0u, "data before the handover");
        NS_TEST_EXPECT_MSG_GT(total, 2 * beforeHandover, "and keeps flowing after it");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * A burst of datagrams sent right after a handover all arrive: the route's next hop (the new
 * satellite) is entered into the ARP cache by the routing, so nothing waits for an ARP reply
 * and nothing is dropped beyond ArpCache's PendingQueueSize (3 by default: a burst of 10
 * lost 7 before).
 */
class RoutingHandoverBurstTestCase : public TestCase
{
  public:
    RoutingHandoverBurstTestCase()
        : TestCase("A burst after a handover loses nothing to ARP")
    {
    }

  private:
    void DoRun() override
    {
        uint32_t handovers = 0;
        std::unique_ptr<Scenario> scenario = MakeHandoverScenario(&handovers);
        Scenario& s = *scenario;
        std::vector<Time> atA;
        std::vector<Time> atB;
        Receive(s, 0, &atA);
        Receive(s, 1, &atB);
        const uint32_t burst = 10;
        for (uint32_t i = 0; i < burst; ++i)
        {
            SendUdp(s, 0, 1, Seconds(1)); // before the handover: ARP's first resolution
            SendUdp(s, 0, 1, Seconds(59));
            SendUdp(s, 1, 0, Seconds(59));
        }
        Simulator::Stop(Seconds(60));
        Simulator::Run();
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_EQ(handovers, 1u, "A hands over from S0 to S1 before 59 s");
        NS_TEST_EXPECT_MSG_EQ(atB.size(), 2 * burst, "both bursts from A arrive");
        NS_TEST_EXPECT_MSG_EQ(atA.size(), burst, "B's burst arrives over the new satellite");
    }
};

/**
 * \ingroup sagin-tests
 * Attached to every satellite in view (AllInViewAttachmentPolicy), a station's packets take
 * the satellite that gives the shortest path, not the highest one, and come back over it.
 * Station A (0, 0) has S0 at its zenith and S1 at 8 degrees east (26.6 degrees elevation);
 * station B (0, 20) has S2 at its zenith. S1-S2 is an ISL; S0 reaches S2 only over
 * S3 (10, 0) and S4 (10, 20). With the highest satellite alone A's datagrams take S0-S3-S4-S2
 * (5,900 km); in view of both they take S1-S2 (about 3,000 km), both ways.
 */
class RoutingAllInViewTestCase : public TestCase
{
  public:
    RoutingAllInViewTestCase()
        : TestCase("a station in view of several satellites: routing picks the shortest path")
    {
    }

  private:
    /**
     * \param policyType attachment policy TypeId
     * \param[out] s0s3 datagrams over ISL S0-S3
     * \param[out] s1s2 datagrams over ISL S1-S2
     * \param[out] atA datagrams received at A
     * \param[out] atB datagrams received at B
     * \param[out] attachedA satellites A is attached to at the end
     */
    static void Run(const std::string& policyType,
                    uint32_t& s0s3,
                    uint32_t& s1s2,
                    std::size_t& atA,
                    std::size_t& atB,
                    std::size_t& attachedA)
    {
        ObjectFactory policy(policyType);
        policy.Set("MinElevation", DoubleValue(22.0)); // S1 from B: 15.5; S3, S4: 20.3
        const double h = 550e3;
        Scenario s(
            {Fixed(0, 0, h), Fixed(0, 8, h), Fixed(0, 20, h), Fixed(10, 0, h), Fixed(10, 20, h)},
            {GeodeticToEcef({0, 0, 0}), GeodeticToEcef({0, 20, 0})},
            {{0, 3}, {3, 4}, {4, 2}, {1, 2}},
            MilliSeconds(100),
            policy.Create<GslAttachmentPolicy>());
        s.CountIslTraffic();
        std::vector<Time> arrivalsA;
        std::vector<Time> arrivalsB;
        Receive(s, 0, &arrivalsA);
        Receive(s, 1, &arrivalsB);
        for (uint32_t i = 0; i < 5; ++i)
        {
            SendUdp(s, 0, 1, Seconds(1 + i * 0.1));
            SendUdp(s, 1, 0, Seconds(1 + i * 0.1));
        }
        Simulator::Stop(Seconds(2));
        Simulator::Run();
        attachedA = DynamicCast<GslNetDevice>(s.gsl.Get(5))->GetAttachedSatellites().size();
        Simulator::Destroy();
        s0s3 = (*s.m_counts)[0];
        s1s2 = (*s.m_counts)[3];
        atA = arrivalsA.size();
        atB = arrivalsB.size();
    }

    void DoRun() override
    {
        uint32_t s0s3 = 0;
        uint32_t s1s2 = 0;
        std::size_t atA = 0;
        std::size_t atB = 0;
        std::size_t attached = 0;
        Run("ns3::sagin::HighestElevationAttachmentPolicy", s0s3, s1s2, atA, atB, attached);
        NS_TEST_EXPECT_MSG_EQ(attached, 1u, "the highest satellite alone");
        NS_TEST_EXPECT_MSG_EQ(s0s3, 10u, "both directions over S0-S3");
        NS_TEST_EXPECT_MSG_EQ(s1s2, 0u, "none over S1-S2");
        NS_TEST_EXPECT_MSG_EQ(atA + atB, 10u, "every datagram delivered");
        Run("ns3::sagin::AllInViewAttachmentPolicy", s0s3, s1s2, atA, atB, attached);
        NS_TEST_EXPECT_MSG_EQ(attached, 2u, "S0 and S1");
        NS_TEST_EXPECT_MSG_EQ(s0s3, 0u, "none over S0-S3");
        NS_TEST_EXPECT_MSG_EQ(s1s2, 10u, "both directions over S1-S2");
        NS_TEST_EXPECT_MSG_EQ(atA, 5u, "B's datagrams reach A over S1");
        NS_TEST_EXPECT_MSG_EQ(atB, 5u, "A's datagrams reach B over S1");
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
        for (uint32_t i = 0; i < n; ++i)
        {
            s.sats.Get(i)->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
                "Drop",
                MakeCallback(+[](uint32_t* drops,
                                 const Ipv4Header&,
                                 Ptr<const Packet>,
                                 Ipv4L3Protocol::DropReason reason,
                                 Ptr<Ipv4>,
                                 uint32_t) {
                    *drops += reason == Ipv4L3Protocol::DROP_TTL_EXPIRED;
                }).Bind(&ttlDrops));
        }
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
        NS_TEST_ASSERT_MSG_EQ(records.size(), 1u, "delivered");
        const std::vector<uint32_t> expected{uav.Get(0)->GetId(), sat.Get(0)->GetId()};
        NS_TEST_EXPECT_MSG_EQ((records[0].path == expected),
                              true,
                              "UE -> UAV -> satellite -> station");
        Simulator::Destroy();
    }
};

namespace
{

/**
 * A 12 x 12 Walker shell at 1000 km with +Grid ISLs and ground stations attached by GSL, as
 * in the latency suite; SaginRouting everywhere.
 */
struct WalkerScenario
{
    NodeContainer sats;               //!< satellites
    NodeContainer grounds;            //!< ground stations
    NetDeviceContainer isls;          //!< ISL devices, two per link
    Ipv4InterfaceContainer groundIps; //!< stations' GSL addresses
    SaginRoutingHelper routing;       //!< shared forwarding state

    /**
     * \param stations geodetic positions of the stations
     * \param interval routing recomputation interval
     */
    WalkerScenario(const std::vector<GeodeticPosition>& stations, Time interval)
    {
        WalkerShell shell;
        shell.altitude = 1000e3;
        shell.inclination = 53;
        shell.planes = 12;
        shell.satsPerPlane = 12;
        shell.phasing = 1;
        ConstellationHelper constellation;
        sats = constellation.Install(shell);
        grounds.Create(stations.size());
        for (uint32_t i = 0; i < stations.size(); ++i)
        {
            auto m = CreateObject<ConstantPositionMobilityModel>();
            m->SetPosition(GeodeticToEcef(stations[i]));
            grounds.Get(i)->AggregateObject(m);
        }
        isls = IslHelper().InstallPlusGrid(sats, constellation.GetWalkerSatellites(), {shell});
        GslHelper gsl;
        gsl.SetChannelAttribute(
            "PropagationLoss",
            PointerValue(CreateObjectWithAttributes<FriisPropagationLossModel>("Frequency",
                                                                               DoubleValue(2e9))));
        gsl.SetChannelAttribute("NoisePower", DoubleValue(-130.0));
        gsl.SetGroundAttribute("TxPower", DoubleValue(60.0));
        gsl.SetSatelliteAttribute("TxPower", DoubleValue(60.0));
        gsl.SetGroundAttribute(
            "AttachmentPolicy",
            PointerValue(
                CreateObjectWithAttributes<HighestElevationAttachmentPolicy>("MinElevation",
                                                                             DoubleValue(10.0))));
        NetDeviceContainer satGsl = gsl.InstallSatellites(sats);
        NetDeviceContainer groundGsl = gsl.InstallGround(grounds);
        routing.SetManagerAttribute("Interval", TimeValue(interval));
        InternetStackHelper internet;
        internet.SetRoutingHelper(routing);
        internet.Install(sats);
        internet.Install(grounds);
        IslHelper::AssignIpv4Addresses(isls, "10.128.0.0");
        Ipv4AddressHelper gslAddresses("10.0.0.0", "255.255.0.0");
        gslAddresses.Assign(satGsl);
        groundIps = gslAddresses.Assign(groundGsl);
    }
};

/** Sets a SaginRouting default for one scope, then puts the usual one back. */
struct FastForwardingDefault
{
    /** \param enabled FastForwarding for the routing created in this scope */
    explicit FastForwardingDefault(bool enabled)
    {
        Config::SetDefault("ns3::sagin::SaginRouting::FastForwarding", BooleanValue(enabled));
    }

    ~FastForwardingDefault()
    {
        Config::SetDefault("ns3::sagin::SaginRouting::FastForwarding", BooleanValue(true));
    }
};

/** What one datagram's trip looked like at the destination. */
struct Trip
{
    std::vector<uint32_t> path; //!< forwarding nodes, in order (PacketLatencyTracer)
    Time latency;               //!< one-way
    uint32_t ttl{0};            //!< IPv4 TTL on arrival
};

/**
 * Shortest delays towards a vertex by an O(n^2) Dijkstra, independent of the manager's code.
 * \param target the destination vertex
 * \param neighbours by vertex, the vertices linked to it now
 * \param at by vertex, its position now (ECEF, m)
 * \return by vertex, its delay towards target (s), infinity if unreachable
 */
std::vector<double>
ReferenceDelays(uint32_t target,
                const std::vector<std::set<uint32_t>>& neighbours,
                const std::vector<Vector>& at)
{
    const double c = 299792458.0; // speed of light (m/s)
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<double> best(at.size(), inf);
    std::vector<bool> done(at.size(), false);
    best[target] = 0;
    while (true)
    {
        uint32_t u = 0;
        double du = inf;
        for (uint32_t v = 0; v < at.size(); ++v)
        {
            if (!done[v] && best[v] < du)
            {
                u = v;
                du = best[v];
            }
        }
        if (std::isinf(du))
        {
            return best;
        }
        done[u] = true;
        for (uint32_t v : neighbours[u])
        {
            best[v] = std::min(best[v], du + CalculateDistance(at[u], at[v]) / c);
        }
    }
}

/**
 * Compare every other vertex's next hop towards a destination with reference delays.
 * \param manager the routing manager
 * \param nodes by vertex, its node
 * \param target the destination vertex
 * \param address the destination address
 * \param best the reference delays (ReferenceDelays)
 * \param[in,out] compared incremented per vertex compared
 * \param[in,out] mismatches incremented per vertex whose delay (or reachability) differs
 */
void
CompareWithManager(Ptr<SaginRoutingManager> manager,
                   const std::vector<Ptr<Node>>& nodes,
                   uint32_t target,
                   Ipv4Address address,
                   const std::vector<double>& best,
                   uint32_t& compared,
                   uint32_t& mismatches)
{
    for (uint32_t v = 0; v < nodes.size(); ++v)
    {
        if (v == target)
        {
            continue;
        }
        const auto hop = manager->Lookup(nodes[v], address);
        ++compared;
        const bool same = std::isinf(best[v])
                              ? hop.outputInterface < 0
                              : hop.outputInterface >= 0 && std::abs(hop.delay - best[v]) <= 1e-12;
        mismatches += !same;
    }
}

} // namespace

/**
 * \ingroup sagin-tests
 * Every node's delay towards several destinations, snapshot after snapshot of a moving Walker
 * shell (handovers included), equals an independent O(n^2) Dijkstra over the ISLs and
 * attachments at the snapshot instant, whether trees are seeded from the previous snapshot
 * (ReuseTrees) or computed from scratch.
 */
class RoutingTreesMatchDijkstraTestCase : public TestCase
{
  public:
    RoutingTreesMatchDijkstraTestCase()
        : TestCase("trees seeded from the last snapshot equal Dijkstra from scratch")
    {
    }

  private:
    void DoRun() override
    {
        for (bool reuse : {true, false})
        {
            Check(reuse);
        }
    }

    /** \param reuse the manager's ReuseTrees */
    void Check(bool reuse)
    {
        const Time interval = Seconds(20); // satellites move 147 km between snapshots
        WalkerScenario s({{48.86, 2.35, 0}, {40.42, -3.70, 0}, {-33.87, 151.21, 0}}, interval);
        Ptr<SaginRoutingManager> manager = s.routing.GetManager();
        manager->SetAttribute("ReuseTrees", BooleanValue(reuse));
        std::vector<Ptr<Node>> nodes;
        for (uint32_t i = 0; i < s.sats.GetN(); ++i)
        {
            nodes.push_back(s.sats.Get(i));
        }
        for (uint32_t i = 0; i < s.grounds.GetN(); ++i)
        {
            nodes.push_back(s.grounds.Get(i));
        }
        // Destinations: the stations and two satellites (their first ISL address).
        std::vector<std::pair<uint32_t, Ipv4Address>> destinations;
        for (uint32_t i = 0; i < s.grounds.GetN(); ++i)
        {
            destinations.emplace_back(s.sats.GetN() + i, s.groundIps.GetAddress(i));
        }
        for (uint32_t i : {0u, 77u})
        {
            destinations.emplace_back(
                i,
                s.sats.Get(i)->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal());
        }
        uint32_t compared = 0;
        uint32_t mismatches = 0;
        uint32_t handovers = 0;
        std::set<uint32_t> attachedSeen;
        auto check = [&](Time snapshot) {
            // Positions at the snapshot instant, straight from the orbits.
            std::vector<Vector> at(nodes.size());
            for (uint32_t v = 0; v < nodes.size(); ++v)
            {
                auto sat = nodes[v]->GetObject<SatelliteMobilityModel>();
                at[v] = sat ? sat->GetOrbit()->GetEcefState(snapshot).position
                            : nodes[v]->GetObject<MobilityModel>()->GetPosition();
            }
            std::map<uint32_t, uint32_t> vertexOf;
            for (uint32_t v = 0; v < nodes.size(); ++v)
            {
                vertexOf[nodes[v]->GetId()] = v;
            }
            std::vector<std::set<uint32_t>> neighbours(nodes.size());
            for (uint32_t i = 0; i < s.isls.GetN(); i += 2)
            {
                const uint32_t a = vertexOf[s.isls.Get(i)->GetNode()->GetId()];
                const uint32_t b = vertexOf[s.isls.Get(i + 1)->GetNode()->GetId()];
                neighbours[a].insert(b);
                neighbours[b].insert(a);
            }
            for (uint32_t g = 0; g < s.grounds.GetN(); ++g)
            {
                auto device = DynamicCast<GslNetDevice>(s.grounds.Get(g)->GetDevice(0));
                if (device && device->GetAttachedSatellite())
                {
                    const uint32_t a = s.sats.GetN() + g;
                    const uint32_t b = vertexOf[device->GetAttachedSatellite()->GetNode()->GetId()];
                    neighbours[a].insert(b);
                    neighbours[b].insert(a);
                    handovers += attachedSeen.insert(g * 100000 + b).second;
                }
            }
            for (const auto& [target, address] : destinations)
            {
                const std::vector<double> best = ReferenceDelays(target, neighbours, at);
                CompareWithManager(manager, nodes, target, address, best, compared, mismatches);
            }
        };
        // Half a second after each snapshot: attachments change only on whole seconds.
        for (uint32_t k = 0; k < 20; ++k)
        {
            Simulator::Schedule(k * interval + MilliSeconds(500),
                                [&check, k, interval]() { check(k * interval); });
        }
        Simulator::Stop(20 * interval);
        Simulator::Run();
        // 20 snapshots x 5 destinations x 146 other nodes.
        NS_TEST_EXPECT_MSG_EQ(compared, 20u * 5 * 146, "every node, destination and snapshot");
        NS_TEST_EXPECT_MSG_EQ(mismatches, 0u, "same delays as Dijkstra from scratch");
        NS_TEST_EXPECT_MSG_GT(handovers, 3u, "the stations handed over during the run");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * Trees seeded from the last snapshot through the rare cases of their update: a zero-delay
 * ISL (two satellites at one place, so a vertex and its next vertex tie on delay and the heap
 * may settle the child first), paths moving from one side of a ring to the other, and an ISL
 * breaking (the link set changes, a vertex's old link is gone). Every node's delay towards
 * each destination equals an independent O(n^2) Dijkstra over the links up at each snapshot.
 */
class RoutingZeroDelayTreesTestCase : public TestCase
{
  public:
    RoutingZeroDelayTreesTestCase()
        : TestCase("seeded trees with a zero-delay link and a breaking link equal Dijkstra")
    {
    }

  private:
    void DoRun() override
    {
        const double c = 299792458.0;
        const double maxRange = 2500e3; // Scenario's ISL MaxRange
        // Ring S0 - S1 - S4 - S2 - S0 with S0 over ground A at (0, 0), S1 at (0, 9), S4 at
        // (9, 9), S2 at (10.8, 0), all 550 km up; S3 sits where S4 is, joined only to it (an
        // ISL of length 0). S1 drifts at 20 km/s along +y and +z, so S4's (and S3's) shortest
        // path towards S0 moves from S1's side to S2's, and at last S0-S1 breaks; S2 drifts at
        // 2 km/s along +z, so the delays on its side grow at every snapshot too. The manager
        // lists the ISLs by their lower vertex, so its pass over the links shortens S4's delay
        // over S2-S4 before it looks at S3-S4, which then gives S3 the same delay as S4: the
        // heap settles S3 (the lower vertex) before its next vertex S4.
        // Start and velocity of S1 and S2.
        const std::map<uint32_t, std::pair<Vector, Vector>> drifts{
            {1, {GeodeticToEcef({0, 9, 550e3}), Vector(0, 20e3, 20e3)}},
            {2, {GeodeticToEcef({10.8, 0, 550e3}), Vector(0, 0, 2e3)}}};
        std::vector<Ptr<MobilityModel>> sats{Fixed(0, 0, 550e3),
                                             nullptr,
                                             nullptr,
                                             Fixed(9, 9, 550e3),
                                             Fixed(9, 9, 550e3)};
        for (const auto& [i, drift] : drifts)
        {
            auto drifting = CreateObject<ConstantVelocityMobilityModel>();
            drifting->SetPosition(drift.first);
            drifting->SetVelocity(drift.second);
            sats[i] = drifting;
        }
        const std::vector<std::pair<uint32_t, uint32_t>> isls{{0, 1},
                                                              {1, 4},
                                                              {4, 2},
                                                              {2, 0},
                                                              {3, 4}};
        const Time interval = Seconds(1);
        Scenario s(sats, {GeodeticToEcef({0, 0, 0})}, isls, interval);
        Ptr<SaginRoutingManager> manager = s.routing.GetManager();
        manager->SetAttribute("ReuseTrees", BooleanValue(true)); // the default, stated
        // Destinations: ground A, S3 and S4 (their first ISL address).
        std::vector<std::pair<uint32_t, Ipv4Address>> destinations{{5, s.groundIps.GetAddress(0)}};
        for (uint32_t i : {3u, 4u})
        {
            destinations.emplace_back(
                i,
                s.sats.Get(i)->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal());
        }
        std::vector<Ptr<Node>> nodes;
        for (uint32_t i = 0; i < s.sats.GetN(); ++i)
        {
            nodes.push_back(s.sats.Get(i));
        }
        nodes.push_back(s.grounds.Get(0));
        uint32_t compared = 0;
        uint32_t mismatches = 0;
        uint32_t viaS2 = 0;    // snapshots where S4's shortest path to S0 is via S2
        uint32_t s0s1Down = 0; // snapshots with the S0-S1 ISL broken
        auto check = [&](Time snapshot) {
            // Positions at the snapshot instant: S1's and S2's from their constant velocity.
            std::vector<Vector> at(nodes.size());
            for (uint32_t v = 0; v < nodes.size(); ++v)
            {
                at[v] = nodes[v]->GetObject<MobilityModel>()->GetPosition();
            }
            const double t = snapshot.GetSeconds();
            for (const auto& [i, drift] : drifts)
            {
                const auto& [start, velocity] = drift;
                at[i] = Vector(start.x + velocity.x * t,
                               start.y + velocity.y * t,
                               start.z + velocity.z * t);
            }
            std::vector<std::set<uint32_t>> neighbours(nodes.size());
            for (const auto& [a, b] : isls)
            {
                if (CalculateDistance(at[a], at[b]) <= maxRange)
                {
                    neighbours[a].insert(b);
                    neighbours[b].insert(a);
                }
            }
            s0s1Down += neighbours[0].count(1) == 0;
            auto ground = DynamicCast<GslNetDevice>(s.grounds.Get(0)->GetDevice(0));
            NS_TEST_ASSERT_MSG_EQ((ground->GetAttachedSatellite() == s.gsl.Get(0)),
                                  true,
                                  "ground A stays with S0, overhead");
            neighbours[5].insert(0);
            neighbours[0].insert(5);
            for (const auto& [target, address] : destinations)
            {
                const std::vector<double> best = ReferenceDelays(target, neighbours, at);
                if (target == 5)
                {
                    // S4 towards A: via S2 once S0-S2-S4 is the shorter side.
                    const double s2Side =
                        (CalculateDistance(at[4], at[2]) + CalculateDistance(at[2], at[0])) / c;
                    viaS2 += std::abs(best[4] - best[0] - s2Side) <= 1e-12;
                }
                CompareWithManager(manager, nodes, target, address, best, compared, mismatches);
            }
        };
        // Half an interval after each snapshot (the ground stays attached to S0 throughout).
        const uint32_t snapshots = 80;
        for (uint32_t k = 0; k < snapshots; ++k)
        {
            Simulator::Schedule(k * interval + interval / 2,
                                [&check, k, interval]() { check(k * interval); });
        }
        Simulator::Stop(snapshots * interval);
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(compared, snapshots * 3 * 5, "every node, destination and snapshot");
        NS_TEST_EXPECT_MSG_EQ(mismatches, 0u, "same delays as Dijkstra from scratch");
        NS_TEST_EXPECT_MSG_GT(viaS2, 0u, "S4's path moved to S2's side");
        NS_TEST_EXPECT_MSG_LT(viaS2, snapshots, "from S1's side");
        NS_TEST_EXPECT_MSG_GT(s0s1Down, 0u, "the S0-S1 ISL broke during the run");
        NS_TEST_EXPECT_MSG_LT(s0s1Down, snapshots, "after being up");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * FastForwarding: datagrams across the Walker shell take the same path with the same one-way
 * latency as through ns-3's IPv4 forwarding, arrive with the TTL less one per forwarding node,
 * and skip Ipv4L3Protocol's UnicastForward trace on the satellites.
 */
class RoutingFastForwardingTestCase : public TestCase
{
  public:
    RoutingFastForwardingTestCase()
        : TestCase("fast forwarding: same path and latency as IPv4, TTL decremented")
    {
    }

  private:
    /**
     * \param fast FastForwarding when the stack is installed
     * \param offLater turn FastForwarding off on every node once addresses are assigned
     * \param[out] unicastForwards Ipv4L3Protocol UnicastForward events on the satellites
     * \return the trips of six datagrams Paris -> Madrid, one per second
     */
    std::vector<Trip> Run(bool fast, bool offLater, uint32_t* unicastForwards)
    {
        FastForwardingDefault scope(fast);
        WalkerScenario s({{48.86, 2.35, 0}, {40.42, -3.70, 0}}, MilliSeconds(100));
        for (uint32_t i = 0; offLater && i < s.sats.GetN(); ++i)
        {
            s.sats.Get(i)->GetObject<Ipv4>()->GetRoutingProtocol()->SetAttribute(
                "FastForwarding",
                BooleanValue(false));
        }
        auto tracer = CreateObject<PacketLatencyTracer>();
        tracer->Install(s.grounds);
        std::vector<PacketLatencyTracer::Record> records;
        tracer->TraceConnectWithoutContext(
            "Latency",
            MakeCallback(+[](std::vector<PacketLatencyTracer::Record>* v,
                             const PacketLatencyTracer::Record& r) {
                v->push_back(r);
            }).Bind(&records));
        *unicastForwards = 0;
        for (uint32_t i = 0; i < s.sats.GetN(); ++i)
        {
            s.sats.Get(i)->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
                "UnicastForward",
                MakeCallback(+[](uint32_t* n, const Ipv4Header&, Ptr<const Packet>, uint32_t) {
                    ++*n;
                }).Bind(unicastForwards));
        }
        std::vector<uint32_t> ttls;
        Ptr<Socket> sink = Socket::CreateSocket(s.grounds.Get(1), UdpSocketFactory::GetTypeId());
        sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        sink->SetIpRecvTtl(true);
        sink->SetRecvCallback([&ttls](Ptr<Socket> socket) {
            while (Ptr<Packet> p = socket->Recv())
            {
                SocketIpTtlTag tag;
                ttls.push_back(p->RemovePacketTag(tag) ? tag.GetTtl() : 0);
            }
        });
        Ptr<Socket> source = Socket::CreateSocket(s.grounds.Get(0), UdpSocketFactory::GetTypeId());
        const InetSocketAddress to(s.groundIps.GetAddress(1), 9);
        for (int k = 1; k <= 6; ++k)
        {
            Simulator::Schedule(Seconds(k),
                                [source, to]() { source->SendTo(Create<Packet>(200), 0, to); });
        }
        Simulator::Stop(Seconds(7));
        Simulator::Run();
        std::vector<Trip> trips;
        for (uint32_t i = 0; i < records.size() && i < ttls.size(); ++i)
        {
            trips.push_back({records[i].path, records[i].received - records[i].sent, ttls[i]});
        }
        Simulator::Destroy();
        return trips;
    }

    void DoRun() override
    {
        uint32_t fastForwards = 0;
        uint32_t stackForwards = 0;
        uint32_t offLaterForwards = 0;
        const std::vector<Trip> fast = Run(true, false, &fastForwards);
        const std::vector<Trip> stack = Run(false, false, &stackForwards);
        const std::vector<Trip> offLater = Run(true, true, &offLaterForwards);
        NS_TEST_ASSERT_MSG_EQ(fast.size(), 6u, "every datagram delivered, fast path");
        NS_TEST_ASSERT_MSG_EQ(stack.size(), 6u, "every datagram delivered, IPv4 path");
        uint32_t hops = 0;
        // The first datagram of the IPv4 run also waits for ARP at the satellite: compare the
        // others (SaginRouting gives the nodes a DefaultTtl of 255; each forwarding node takes
        // one).
        for (uint32_t k = 1; k < 6; ++k)
        {
            NS_TEST_EXPECT_MSG_GT(fast[k].path.size(), 0u, "through satellites");
            NS_TEST_EXPECT_MSG_EQ((fast[k].path == stack[k].path), true, "same path");
            NS_TEST_EXPECT_MSG_EQ(fast[k].latency, stack[k].latency, "same one-way latency");
            NS_TEST_EXPECT_MSG_EQ(fast[k].ttl, 255 - fast[k].path.size(), "TTL - 1 per hop");
            NS_TEST_EXPECT_MSG_EQ(stack[k].ttl, 255 - stack[k].path.size(), "TTL - 1 per hop");
        }
        for (const Trip& trip : stack)
        {
            hops += trip.path.size();
        }
        NS_TEST_EXPECT_MSG_EQ(stackForwards, hops, "IPv4 forwarded at every satellite hop");
        NS_TEST_EXPECT_MSG_EQ(fastForwards, 0u, "the fast path skips Ipv4L3Protocol");
        NS_TEST_EXPECT_MSG_EQ(offLaterForwards,
                              stackForwards,
                              "turned off after setup: IPv4 forwards again");
    }
};

/**
 * \ingroup sagin-tests
 * FastForwarding leaves the exceptions to the stack: a datagram whose TTL runs out at the
 * last satellite is dropped there by Ipv4L3Protocol (DROP_TTL_EXPIRED) and one with a TTL
 * one larger arrives with TTL 1; ICMP echo to a satellite's address is answered.
 */
class RoutingFastForwardingExceptionsTestCase : public TestCase
{
  public:
    RoutingFastForwardingExceptionsTestCase()
        : TestCase("fast forwarding: TTL expiry and ICMP to a satellite by the stack")
    {
    }

  private:
    void DoRun() override
    {
        WalkerScenario s({{48.86, 2.35, 0}, {40.42, -3.70, 0}}, MilliSeconds(100));
        auto tracer = CreateObject<PacketLatencyTracer>();
        tracer->Install(s.grounds);
        std::vector<PacketLatencyTracer::Record> records;
        tracer->TraceConnectWithoutContext(
            "Latency",
            MakeCallback(+[](std::vector<PacketLatencyTracer::Record>* v,
                             const PacketLatencyTracer::Record& r) {
                v->push_back(r);
            }).Bind(&records));
        uint32_t expired = 0;
        for (uint32_t i = 0; i < s.sats.GetN(); ++i)
        {
            s.sats.Get(i)->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
                "Drop",
                MakeCallback(+[](uint32_t* n,
                                 const Ipv4Header&,
                                 Ptr<const Packet>,
                                 Ipv4L3Protocol::DropReason reason,
                                 Ptr<Ipv4>,
                                 uint32_t) {
                    *n += reason == Ipv4L3Protocol::DROP_TTL_EXPIRED;
                }).Bind(&expired));
        }
        std::vector<uint32_t> ttls;
        Ptr<Socket> sink = Socket::CreateSocket(s.grounds.Get(1), UdpSocketFactory::GetTypeId());
        sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        sink->SetIpRecvTtl(true);
        sink->SetRecvCallback([&ttls](Ptr<Socket> socket) {
            while (Ptr<Packet> p = socket->Recv())
            {
                SocketIpTtlTag tag;
                ttls.push_back(p->RemovePacketTag(tag) ? tag.GetTtl() : 0);
            }
        });
        Ptr<Socket> source = Socket::CreateSocket(s.grounds.Get(0), UdpSocketFactory::GetTypeId());
        const InetSocketAddress to(s.groundIps.GetAddress(1), 9);
        // A datagram at 1 s shows the path; at 1.5 s and 1.6 s, TTL = hops and hops + 1 (the
        // source does not decrement; forwarding nodes do, and drop at 1 -> 0).
        Simulator::Schedule(Seconds(1),
                            [source, to]() { source->SendTo(Create<Packet>(200), 0, to); });
        for (const auto& [when, extra] : {std::make_pair(1.5, 0u), std::make_pair(1.6, 1u)})
        {
            Simulator::Schedule(Seconds(when), [&records, source, to, extra = extra]() {
                const uint32_t hops = records.empty() ? 1 : records[0].path.size();
                source->SetIpTtl(hops + extra);
                source->SendTo(Create<Packet>(200), 0, to);
            });
        }
        // ICMP echo from Paris to a satellite far from it (its first ISL address).
        const Ipv4Address satellite =
            s.sats.Get(77)->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
        V4PingHelper ping(satellite);
        ping.SetAttribute("Interval", TimeValue(Seconds(0.25)));
        ApplicationContainer app = ping.Install(s.grounds.Get(0));
        app.Start(Seconds(2));
        app.Stop(Seconds(3));
        uint32_t replies = 0;
        app.Get(0)->TraceConnectWithoutContext("Rtt", MakeCallback(+[](uint32_t* n, Time) {
                                                          ++*n;
                                                      }).Bind(&replies));
        Simulator::Stop(Seconds(4));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(records.size(), 2u, "the first and the TTL = hops + 1 datagram");
        NS_TEST_EXPECT_MSG_GT(records[0].path.size(), 0u, "through satellites");
        NS_TEST_EXPECT_MSG_EQ((records[1].path == records[0].path), true, "same path");
        NS_TEST_ASSERT_MSG_EQ(ttls.size(), 2u, "two arrivals");
        NS_TEST_EXPECT_MSG_EQ(ttls[1], 1u, "arrives with TTL 1");
        NS_TEST_EXPECT_MSG_EQ(expired, 1u, "TTL = hops expires at the last satellite");
        NS_TEST_EXPECT_MSG_GT_OR_EQ(replies, 3u, "the satellite answers pings");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * SaginRouting's Forward trace fires once per forwarding node and datagram, with the header
 * as received and the input interface, on the fast path and on the stack's alike: on the
 * stack's path at the nodes, in the order, where Ipv4L3Protocol's own UnicastForward fires;
 * on the fast path at the same nodes; and as many times as the TTL went down.
 */
class RoutingForwardTraceTestCase : public TestCase
{
  public:
    RoutingForwardTraceTestCase()
        : TestCase("Forward trace: once per forwarding node, fast path or not")
    {
    }

  private:
    /** One Forward event. */
    struct Hop
    {
        uint32_t node{0};    //!< forwarding node id
        uint32_t ttl{0};     //!< TTL in the header passed
        bool fromGsl{false}; //!< the input interface is a GSL device
    };

    /** What the forwarding nodes reported, per datagram in arrival order. */
    struct Result
    {
        std::vector<std::vector<Hop>> forwards;      //!< Forward events
        std::vector<std::vector<uint32_t>> unicasts; //!< UnicastForward nodes
        std::vector<uint32_t> ttls;                  //!< TTL on arrival
    };

    /**
     * \param fast FastForwarding
     * \return six datagrams Paris -> Madrid, one per second
     */
    Result Run(bool fast)
    {
        FastForwardingDefault scope(fast);
        WalkerScenario s({{48.86, 2.35, 0}, {40.42, -3.70, 0}}, MilliSeconds(100));
        std::map<uint64_t, std::vector<Hop>> forwards;      // by packet uid
        std::map<uint64_t, std::vector<uint32_t>> unicasts; // by packet uid
        const NodeContainer all(s.sats, s.grounds);
        for (uint32_t i = 0; i < all.GetN(); ++i)
        {
            Ptr<Ipv4L3Protocol> ipv4 = all.Get(i)->GetObject<Ipv4L3Protocol>();
            const uint32_t id = all.Get(i)->GetId();
            const bool found = ipv4->GetRoutingProtocol()->TraceConnectWithoutContext(
                "Forward",
                MakeCallback(+[](std::map<uint64_t, std::vector<Hop>>* m,
                                 uint32_t node,
                                 Ipv4L3Protocol* ip,
                                 const Ipv4Header& header,
                                 Ptr<const Packet> packet,
                                 uint32_t interface) {
                    const bool gsl =
                        DynamicCast<GslNetDevice>(ip->GetNetDevice(interface)) != nullptr;
                    (*m)[packet->GetUid()].push_back({node, header.GetTtl(), gsl});
                }).Bind(&forwards, id, PeekPointer(ipv4)));
            NS_TEST_EXPECT_MSG_EQ(found, true, "SaginRouting has a Forward trace source");
            ipv4->TraceConnectWithoutContext(
                "UnicastForward",
                MakeCallback(+[](std::map<uint64_t, std::vector<uint32_t>>* m,
                                 uint32_t node,
                                 const Ipv4Header&,
                                 Ptr<const Packet> packet,
                                 uint32_t) {
                    (*m)[packet->GetUid()].push_back(node);
                }).Bind(&unicasts, id));
        }
        Result result;
        Ptr<Socket> sink = Socket::CreateSocket(s.grounds.Get(1), UdpSocketFactory::GetTypeId());
        sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        sink->SetIpRecvTtl(true);
        std::vector<uint64_t> uids;
        sink->SetRecvCallback([&result, &uids](Ptr<Socket> socket) {
            while (Ptr<Packet> p = socket->Recv())
            {
                SocketIpTtlTag tag;
                result.ttls.push_back(p->RemovePacketTag(tag) ? tag.GetTtl() : 0);
                uids.push_back(p->GetUid()); // a copy of the one sent: same uid
            }
        });
        Ptr<Socket> source = Socket::CreateSocket(s.grounds.Get(0), UdpSocketFactory::GetTypeId());
        const InetSocketAddress to(s.groundIps.GetAddress(1), 9);
        for (int k = 1; k <= 6; ++k)
        {
            Simulator::Schedule(Seconds(k),
                                [source, to]() { source->SendTo(Create<Packet>(200), 0, to); });
        }
        Simulator::Stop(Seconds(7));
        Simulator::Run();
        for (uint64_t uid : uids)
        {
            result.forwards.push_back(forwards[uid]);
            result.unicasts.push_back(unicasts[uid]);
        }
        Simulator::Destroy();
        return result;
    }

    /**
     * \param hops Forward events
     * \return their nodes
     */
    static std::vector<uint32_t> NodesOf(const std::vector<Hop>& hops)
    {
        std::vector<uint32_t> nodes;
        for (const Hop& hop : hops)
        {
            nodes.push_back(hop.node);
        }
        return nodes;
    }

    void DoRun() override
    {
        const Result fast = Run(true);
        const Result stack = Run(false);
        NS_TEST_ASSERT_MSG_EQ(fast.forwards.size(), 6u, "every datagram delivered, fast path");
        NS_TEST_ASSERT_MSG_EQ(stack.forwards.size(), 6u, "every datagram delivered, IPv4 path");
        for (const Result* run : {&fast, &stack})
        {
            for (uint32_t k = 0; k < 6; ++k)
            {
                const std::vector<Hop>& hops = run->forwards[k];
                const std::vector<uint32_t> nodes = NodesOf(hops);
                NS_TEST_EXPECT_MSG_GT(hops.size(), 1u, "through two satellites or more");
                // SaginRouting's DefaultTtl is 255 and each forwarding node takes one.
                NS_TEST_EXPECT_MSG_EQ(hops.size(), 255 - run->ttls[k], "one event per TTL taken");
                NS_TEST_EXPECT_MSG_EQ(std::set<uint32_t>(nodes.begin(), nodes.end()).size(),
                                      nodes.size(),
                                      "each node once");
                for (uint32_t h = 0; h < hops.size(); ++h)
                {
                    NS_TEST_EXPECT_MSG_EQ(hops[h].ttl, 255 - h, "the header as received");
                    // The first satellite hears the ground over the GSL, the others an ISL.
                    NS_TEST_EXPECT_MSG_EQ(hops[h].fromGsl, (h == 0), "the input interface");
                }
            }
        }
        for (uint32_t k = 0; k < 6; ++k)
        {
            NS_TEST_EXPECT_MSG_EQ((NodesOf(stack.forwards[k]) == stack.unicasts[k]),
                                  true,
                                  "IPv4 path: where Ipv4L3Protocol forwards");
            NS_TEST_EXPECT_MSG_EQ(fast.unicasts[k].size(), 0u, "fast path: Ipv4L3Protocol skipped");
        }
        // The IPv4 run's first datagram also waits for ARP at the satellite: compare the others.
        for (uint32_t k = 1; k < 6; ++k)
        {
            NS_TEST_EXPECT_MSG_EQ((NodesOf(fast.forwards[k]) == NodesOf(stack.forwards[k])),
                                  true,
                                  "same forwarding nodes on either path");
        }
    }
};

/**
 * \ingroup sagin-tests
 * PacketLatencyTracer: a traced datagram whose TTL runs out on the way (at the second
 * satellite) is not recorded and leaves the tracer's in-flight map once InFlightTimeout has
 * passed and a later send checks it.
 */
class RoutingTracerLostPacketTestCase : public TestCase
{
  public:
    RoutingTracerLostPacketTestCase()
        : TestCase("latency tracer: a lost packet is not recorded and times out")
    {
    }

  private:
    void DoRun() override
    {
        // A under S0 at (0, 0), B under S1 at (0, 10), both satellites 550 km up and joined
        // by an ISL (1 210 km): A -> S0 -> S1 -> B.
        Scenario s({Fixed(0, 0, 550e3), Fixed(0, 10, 550e3)},
                   {GeodeticToEcef({0, 0, 0}), GeodeticToEcef({0, 10, 0})},
                   {{0, 1}},
                   MilliSeconds(100));
        auto tracer = CreateObjectWithAttributes<PacketLatencyTracer>("InFlightTimeout",
                                                                      TimeValue(Seconds(5)));
        tracer->Install(s.grounds);
        std::vector<PacketLatencyTracer::Record> records;
        tracer->TraceConnectWithoutContext(
            "Latency",
            MakeCallback(+[](std::vector<PacketLatencyTracer::Record>* v,
                             const PacketLatencyTracer::Record& r) {
                v->push_back(r);
            }).Bind(&records));
        uint32_t expired = 0;
        s.sats.Get(1)->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
            "Drop",
            MakeCallback(+[](uint32_t* n,
                             const Ipv4Header&,
                             Ptr<const Packet>,
                             Ipv4L3Protocol::DropReason reason,
                             Ptr<Ipv4>,
                             uint32_t) {
                *n += reason == Ipv4L3Protocol::DROP_TTL_EXPIRED;
            }).Bind(&expired));
        std::vector<Time> arrivals;
        Receive(s, 1, &arrivals);
        // Timeline (InFlightTimeout 5 s; the tracer checks at a send once its map has doubled
        // or 5 s have passed since the last check, the first check due when the map holds 1):
        // 1 s sent and delivered; 2 s TTL 2: S0 forwards it with TTL 1 and S1 drops it;
        // 3 s a send checks (map of 1), keeps the lost one (1 s old), next check at a map of 2
        // or at 8 s; 8.5 s a send checks, the lost one is 6.5 s old: forgotten.
        SendUdp(s, 0, 1, Seconds(1));
        Ptr<Socket> shortLived =
            Socket::CreateSocket(s.grounds.Get(0), UdpSocketFactory::GetTypeId());
        shortLived->SetIpTtl(2);
        const InetSocketAddress to(s.groundIps.GetAddress(1), 9);
        Simulator::Schedule(Seconds(2),
                            [shortLived, to]() { shortLived->SendTo(Create<Packet>(200), 0, to); });
        SendUdp(s, 0, 1, Seconds(3));
        SendUdp(s, 0, 1, Seconds(8.5));
        std::vector<uint64_t> inFlight;
        for (double t : {2.5, 4.0, 7.9, 9.0})
        {
            Simulator::Schedule(Seconds(t), [&inFlight, tracer]() {
                inFlight.push_back(tracer->GetInFlightCount());
            });
        }
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(expired, 1u, "the TTL 2 datagram expired at S1");
        NS_TEST_EXPECT_MSG_EQ(arrivals.size(), 3u, "the others arrived");
        NS_TEST_ASSERT_MSG_EQ(records.size(), 3u, "and only they are recorded");
        const std::vector<uint32_t> path{s.sats.Get(0)->GetId(), s.sats.Get(1)->GetId()};
        for (const auto& record : records)
        {
            NS_TEST_EXPECT_MSG_NE(record.sent, Seconds(2), "not the lost one");
            NS_TEST_EXPECT_MSG_EQ((record.path == path), true, "A -> S0 -> S1 -> B");
        }
        NS_TEST_ASSERT_MSG_EQ(inFlight.size(), 4u, "four looks");
        NS_TEST_EXPECT_MSG_EQ(inFlight[0], 1u, "the lost datagram is tracked");
        NS_TEST_EXPECT_MSG_EQ(inFlight[1], 1u, "still, within the timeout");
        NS_TEST_EXPECT_MSG_EQ(inFlight[2], 1u, "still: no send has checked since");
        NS_TEST_EXPECT_MSG_EQ(inFlight[3], 0u, "forgotten at the send after the timeout");
        NS_TEST_EXPECT_MSG_EQ(tracer->GetRecordCount(), 3u, "record count");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * Two PacketLatencyTracers on different end nodes: each records its own nodes' datagrams with
 * their path, once per forwarding node although both follow every forwarding node; one
 * tracer's datagram to the other's node is recorded by neither.
 */
class RoutingTwoTracersTestCase : public TestCase
{
  public:
    RoutingTwoTracersTestCase()
        : TestCase("latency tracers on different nodes do not interfere")
    {
    }

  private:
    void DoRun() override
    {
        // S0 at (0, 0) and S1 at (0, 10), 550 km up, joined by an ISL; A and D under S0, B
        // and C under S1. The first tracer follows A and B (installed in two calls), the
        // second C and D.
        Scenario s({Fixed(0, 0, 550e3), Fixed(0, 10, 550e3)},
                   {GeodeticToEcef({0, 0, 0}),
                    GeodeticToEcef({0, 10, 0}),
                    GeodeticToEcef({0.2, 10, 0}),
                    GeodeticToEcef({0.2, 0, 0})},
                   {{0, 1}},
                   MilliSeconds(100));
        auto first = CreateObject<PacketLatencyTracer>();
        first->Install(NodeContainer(s.grounds.Get(0)));
        first->Install(NodeContainer(s.grounds.Get(1)));
        auto second = CreateObject<PacketLatencyTracer>();
        second->Install(NodeContainer(s.grounds.Get(2), s.grounds.Get(3)));
        std::vector<PacketLatencyTracer::Record> firstRecords;
        std::vector<PacketLatencyTracer::Record> secondRecords;
        for (auto [tracer, records] :
             {std::make_pair(first, &firstRecords), std::make_pair(second, &secondRecords)})
        {
            tracer->TraceConnectWithoutContext(
                "Latency",
                MakeCallback(+[](std::vector<PacketLatencyTracer::Record>* v,
                                 const PacketLatencyTracer::Record& r) {
                    v->push_back(r);
                }).Bind(records));
        }
        std::vector<Time> arrivals;
        Receive(s, 1, &arrivals);
        Receive(s, 3, &arrivals);
        for (double t : {1.0, 1.5})
        {
            SendUdp(s, 0, 1, Seconds(t)); // A -> B, first tracer
            SendUdp(s, 2, 3, Seconds(t)); // C -> D, second tracer
        }
        SendUdp(s, 0, 3, Seconds(1.2)); // A -> D, across
        Simulator::Stop(Seconds(2));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(arrivals.size(), 5u, "every datagram arrived");
        NS_TEST_ASSERT_MSG_EQ(firstRecords.size(), 2u, "first tracer: A -> B twice");
        NS_TEST_ASSERT_MSG_EQ(secondRecords.size(), 2u, "second tracer: C -> D twice");
        const uint32_t s0 = s.sats.Get(0)->GetId();
        const uint32_t s1 = s.sats.Get(1)->GetId();
        for (const auto& record : firstRecords)
        {
            NS_TEST_EXPECT_MSG_EQ(record.source, s.grounds.Get(0)->GetId(), "from A");
            NS_TEST_EXPECT_MSG_EQ(record.destination, s.grounds.Get(1)->GetId(), "to B");
            NS_TEST_EXPECT_MSG_EQ((record.path == std::vector<uint32_t>{s0, s1}),
                                  true,
                                  "A -> S0 -> S1 -> B, each hop once");
        }
        for (const auto& record : secondRecords)
        {
            NS_TEST_EXPECT_MSG_EQ(record.source, s.grounds.Get(2)->GetId(), "from C");
            NS_TEST_EXPECT_MSG_EQ(record.destination, s.grounds.Get(3)->GetId(), "to D");
            NS_TEST_EXPECT_MSG_EQ((record.path == std::vector<uint32_t>{s1, s0}),
                                  true,
                                  "C -> S1 -> S0 -> D, each hop once");
        }
        NS_TEST_EXPECT_MSG_EQ(first->GetInFlightCount(),
                              1u,
                              "A -> D left A but reached no node of the first tracer");
        NS_TEST_EXPECT_MSG_EQ(second->GetInFlightCount(), 0u, "nothing of the second in flight");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * PacketLatencyTracer with TCP: the segments TCP cuts from one application packet all carry
 * its uid, and each is recorded (the tracer tells them apart by their IPv4 Identification):
 * as many records as Ipv4L3Protocol's LocalDeliver hands TCP datagrams from A to B.
 */
class RoutingTracerTcpSegmentsTestCase : public TestCase
{
  public:
    RoutingTracerTcpSegmentsTestCase()
        : TestCase("latency tracer: TCP segments sharing a uid are each recorded")
    {
    }

  private:
    void DoRun() override
    {
        // A -> S0 -> S1 -> B as in the lost-packet case.
        Scenario s({Fixed(0, 0, 550e3), Fixed(0, 10, 550e3)},
                   {GeodeticToEcef({0, 0, 0}), GeodeticToEcef({0, 10, 0})},
                   {{0, 1}},
                   MilliSeconds(100));
        auto tracer = CreateObject<PacketLatencyTracer>();
        tracer->Install(s.grounds);
        uint32_t recorded = 0;
        tracer->TraceConnectWithoutContext(
            "Latency",
            MakeCallback(+[](uint32_t* n, Ipv4Address from, const PacketLatencyTracer::Record& r) {
                *n += r.protocol == 6 && r.from == from;
            }).Bind(&recorded, s.groundIps.GetAddress(0)));
        // Every TCP datagram from A that B's IPv4 delivers, and their uids.
        std::vector<uint64_t> uids;
        s.grounds.Get(1)->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
            "LocalDeliver",
            MakeCallback(+[](std::vector<uint64_t>* v,
                             Ipv4Address from,
                             const Ipv4Header& header,
                             Ptr<const Packet> packet,
                             uint32_t) {
                if (header.GetProtocol() == 6 && header.GetSource() == from)
                {
                    v->push_back(packet->GetUid());
                }
            }).Bind(&uids, s.groundIps.GetAddress(0)));
        // 20 kB in writes of 2000 bytes, segments of at most 536 (TCP's default SegmentSize).
        BulkSendHelper bulk("ns3::TcpSocketFactory",
                            InetSocketAddress(s.groundIps.GetAddress(1), 5000));
        bulk.SetAttribute("MaxBytes", UintegerValue(20000));
        bulk.SetAttribute("SendSize", UintegerValue(2000));
        bulk.Install(s.grounds.Get(0)).Start(Seconds(1));
        PacketSinkHelper("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 5000))
            .Install(s.grounds.Get(1));
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        const std::set<uint64_t> distinct(uids.begin(), uids.end());
        NS_TEST_EXPECT_MSG_GT(uids.size(), 20000u / 536, "the whole transfer arrived");
        NS_TEST_EXPECT_MSG_LT(distinct.size(), uids.size(), "segments share uids");
        NS_TEST_EXPECT_MSG_EQ(recorded, uids.size(), "every datagram recorded");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * PacketLatencyTracer with IPv4 fragments: a 4000-byte datagram leaves A in three fragments
 * (GSL MTU 1500 bytes), each forwarded by S0 and S1; B records it once, with each forwarding
 * node once in its path.
 */
class RoutingTracerFragmentsTestCase : public TestCase
{
  public:
    RoutingTracerFragmentsTestCase()
        : TestCase("latency tracer: fragments of a datagram give one path")
    {
    }

  private:
    void DoRun() override
    {
        // A -> S0 -> S1 -> B as in the lost-packet case.
        Scenario s({Fixed(0, 0, 550e3), Fixed(0, 10, 550e3)},
                   {GeodeticToEcef({0, 0, 0}), GeodeticToEcef({0, 10, 0})},
                   {{0, 1}},
                   MilliSeconds(100));
        auto tracer = CreateObject<PacketLatencyTracer>();
        tracer->Install(s.grounds);
        std::vector<PacketLatencyTracer::Record> records;
        tracer->TraceConnectWithoutContext(
            "Latency",
            MakeCallback(+[](std::vector<PacketLatencyTracer::Record>* v,
                             const PacketLatencyTracer::Record& r) {
                v->push_back(r);
            }).Bind(&records));
        uint32_t forwards = 0;
        s.sats.Get(0)->GetObject<Ipv4>()->GetRoutingProtocol()->TraceConnectWithoutContext(
            "Forward",
            MakeCallback(+[](uint32_t* n, const Ipv4Header&, Ptr<const Packet>, uint32_t) {
                ++*n;
            }).Bind(&forwards));
        std::vector<Time> arrivals;
        Receive(s, 1, &arrivals);
        Ptr<Socket> source = Socket::CreateSocket(s.grounds.Get(0), UdpSocketFactory::GetTypeId());
        const InetSocketAddress to(s.groundIps.GetAddress(1), 9);
        Simulator::Schedule(Seconds(1),
                            [source, to]() { source->SendTo(Create<Packet>(4000), 0, to); });
        Simulator::Stop(Seconds(2));
        Simulator::Run();
        // 4008 bytes of UDP in fragments of at most 1480 (1500 - 20 of IPv4 header): 3.
        NS_TEST_EXPECT_MSG_EQ(forwards, 3u, "S0 forwarded three fragments");
        NS_TEST_EXPECT_MSG_EQ(arrivals.size(), 1u, "reassembled at B");
        NS_TEST_ASSERT_MSG_EQ(records.size(), 1u, "recorded once");
        NS_TEST_EXPECT_MSG_EQ(records[0].size, 4008u, "the whole datagram");
        const std::vector<uint32_t> path{s.sats.Get(0)->GetId(), s.sats.Get(1)->GetId()};
        NS_TEST_EXPECT_MSG_EQ((records[0].path == path), true, "A -> S0 -> S1 -> B");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * The routing TestSuite.
 */
class RoutingTestSuite : public TestSuite
{
  public:
    RoutingTestSuite()
        : TestSuite("sagin-routing", UNIT)
    {
        AddTestCase(new RoutingShortestPathTestCase, TestCase::QUICK);
        AddTestCase(new RoutingUnreachableTestCase, TestCase::QUICK);
        AddTestCase(new RoutingSatelliteDestinationTestCase, TestCase::QUICK);
        AddTestCase(new RoutingGroundRelayTestCase, TestCase::QUICK);
        AddTestCase(new RoutingTcpHandoverTestCase, TestCase::QUICK);
        AddTestCase(new RoutingHandoverBurstTestCase, TestCase::QUICK);
        AddTestCase(new RoutingAllInViewTestCase, TestCase::QUICK);
        AddTestCase(new RoutingStartAtZeroTestCase, TestCase::QUICK);
        AddTestCase(new RoutingLongPathTtlTestCase, TestCase::QUICK);
        AddTestCase(new RoutingUavAccessTestCase, TestCase::QUICK);
        AddTestCase(new RoutingTreesMatchDijkstraTestCase, TestCase::QUICK);
        AddTestCase(new RoutingZeroDelayTreesTestCase, TestCase::QUICK);
        AddTestCase(new RoutingFastForwardingTestCase, TestCase::QUICK);
        AddTestCase(new RoutingFastForwardingExceptionsTestCase, TestCase::QUICK);
        AddTestCase(new RoutingForwardTraceTestCase, TestCase::QUICK);
        AddTestCase(new RoutingTracerLostPacketTestCase, TestCase::QUICK);
        AddTestCase(new RoutingTwoTracersTestCase, TestCase::QUICK);
        AddTestCase(new RoutingTracerTcpSegmentsTestCase, TestCase::QUICK);
        AddTestCase(new RoutingTracerFragmentsTestCase, TestCase::QUICK);
    }
};

static RoutingTestSuite g_routingTestSuite; //!< Static variable for test initialization
