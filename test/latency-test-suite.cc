// SPDX-License-Identifier: GPL-2.0-only
//
// End to end: the one-way latency the PacketLatencyTracer measures between two ground
// stations across a Walker shell equals the geometric propagation delay along the path taken
// plus serialisation, and that path is the shortest one. The geometry and the shortest path
// are computed here independently: positions straight from the orbits at the send time and
// a plain O(n^2) Dijkstra over the same links. The PacketLatencyTracer itself: lost packets,
// two tracers side by side, TCP segments and IPv4 fragments, over two satellites.

#include "routing-test-utils.h"

#include "ns3/bulk-send-helper.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/constellation-helper.h"
#include "ns3/double.h"
#include "ns3/geodesy.h"
#include "ns3/gsl-helper.h"
#include "ns3/gsl-net-device.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/isl-channel.h"
#include "ns3/isl-helper.h"
#include "ns3/node-list.h"
#include "ns3/packet-latency-tracer.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/pointer.h"
#include "ns3/sagin-routing-helper.h"
#include "ns3/satellite-mobility-model.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/test.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <limits>
#include <map>
#include <set>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

/**
 * \ingroup sagin-tests
 * Measured one-way latency = propagation along the shortest path + serialisation.
 */
class LatencyGeometryTestCase : public TestCase
{
  public:
    LatencyGeometryTestCase()
        : TestCase("one-way latency equals the geometric shortest path")
    {
    }

  private:
    void DoRun() override
    {
        const double c = 299792458.0;
        WalkerShell shell;
        shell.altitude = 1000e3;
        shell.inclination = 53;
        shell.planes = 12;
        shell.satsPerPlane = 12;
        shell.phasing = 1;
        ConstellationHelper constellation;
        NodeContainer sats = constellation.Install(shell);
        NodeContainer ground;
        ground.Create(2);
        const Vector paris = GeodeticToEcef({48.86, 2.35, 0});
        const Vector madrid = GeodeticToEcef({40.42, -3.70, 0});
        for (uint32_t i = 0; i < 2; ++i)
        {
            auto m = CreateObject<ConstantPositionMobilityModel>();
            m->SetPosition(i == 0 ? paris : madrid);
            ground.Get(i)->AggregateObject(m);
        }
        NetDeviceContainer isls =
            IslHelper().InstallPlusGrid(sats, constellation.GetWalkerSatellites(), {shell});
        GslHelper gsl = WalkerTestGslHelper();
        NetDeviceContainer satGsl = gsl.InstallSatellites(sats);
        NetDeviceContainer groundGsl = gsl.InstallGround(ground);
        SaginRoutingHelper routing;
        InternetStackHelper internet;
        internet.SetRoutingHelper(routing);
        internet.Install(sats);
        internet.Install(ground);
        Ipv4AddressHelper islAddresses("10.128.0.0", "255.255.255.252");
        for (uint32_t i = 0; i < isls.GetN(); i += 2)
        {
            islAddresses.Assign(NetDeviceContainer(isls.Get(i), isls.Get(i + 1)));
            islAddresses.NewNetwork();
        }
        Ipv4AddressHelper gslAddresses("10.0.0.0", "255.255.0.0");
        gslAddresses.Assign(satGsl);
        Ipv4InterfaceContainer groundIps = gslAddresses.Assign(groundGsl);

        auto tracer = CreateObject<PacketLatencyTracer>();
        tracer->Install(ground);
        std::vector<PacketLatencyTracer::Record> records;
        tracer->TraceConnectWithoutContext(
            "Latency",
            MakeCallback(+[](std::vector<PacketLatencyTracer::Record>* v,
                             const PacketLatencyTracer::Record& r) {
                v->push_back(r);
            }).Bind(&records));
        Ptr<Socket> sink = Socket::CreateSocket(ground.Get(1), UdpSocketFactory::GetTypeId());
        sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        Ptr<Socket> source = Socket::CreateSocket(ground.Get(0), UdpSocketFactory::GetTypeId());
        const InetSocketAddress to(groundIps.GetAddress(1), 9);
        // The first datagram also waits for ARP on both GSL hops; the others measure the path.
        for (int k = 1; k <= 6; ++k)
        {
            Simulator::Schedule(Seconds(k),
                                [source, to]() { source->SendTo(Create<Packet>(200), 0, to); });
        }
        Simulator::Stop(Seconds(7));
        Simulator::Run();

        // The geometry of each trip, from the orbits (read before Destroy disposes them).
        struct Trip
        {
            size_t satellites{0};  //!< satellites on the recorded path
            double recordedIsl{0}; //!< ISL propagation delay along the recorded path (s)
            double shortestIsl{0}; //!< shortest ISL delay between its end satellites (s)
            double excess{0};      //!< latency less the propagation along the path (s)
        };

        std::vector<Trip> trips;
        // The ISL graph (+Grid) with node ids, for the independent shortest path.
        std::map<uint32_t, std::set<uint32_t>> neighbours;
        for (uint32_t i = 0; i < isls.GetN(); i += 2)
        {
            const uint32_t a = isls.Get(i)->GetNode()->GetId();
            const uint32_t b = isls.Get(i + 1)->GetNode()->GetId();
            neighbours[a].insert(b);
            neighbours[b].insert(a);
        }
        auto positionAt = [&](uint32_t node, Time t) {
            Ptr<Node> n = NodeList::GetNode(node);
            auto sat = n->GetObject<SatelliteMobilityModel>();
            return sat ? sat->GetOrbit()->GetEcefState(t).position
                       : n->GetObject<MobilityModel>()->GetPosition();
        };
        const uint32_t src = ground.Get(0)->GetId();
        const uint32_t dst = ground.Get(1)->GetId();
        for (size_t r = 1; r < records.size(); ++r)
        {
            const auto& rec = records[r];
            if (rec.path.empty())
            {
                trips.push_back({});
                continue;
            }
            // Geometric delay along the recorded path at the send time.
            std::vector<uint32_t> hops{src};
            hops.insert(hops.end(), rec.path.begin(), rec.path.end());
            hops.push_back(dst);
            double pathDelay = 0;
            for (size_t h = 1; h < hops.size(); ++h)
            {
                pathDelay += CalculateDistance(positionAt(hops[h - 1], rec.sent),
                                               positionAt(hops[h], rec.sent)) /
                             c;
            }
            // Shortest delay between the two attached satellites over the ISLs, O(n^2) Dijkstra.
            const uint32_t first = rec.path.front();
            const uint32_t last = rec.path.back();
            std::map<uint32_t, double> best;
            std::set<uint32_t> done;
            best[first] = 0;
            while (true)
            {
                uint32_t u = 0;
                double du = std::numeric_limits<double>::infinity();
                for (const auto& [v, d] : best)
                {
                    if (!done.count(v) && d < du)
                    {
                        u = v;
                        du = d;
                    }
                }
                if (std::isinf(du) || u == last)
                {
                    break;
                }
                done.insert(u);
                for (uint32_t v : neighbours[u])
                {
                    const double w =
                        CalculateDistance(positionAt(u, rec.sent), positionAt(v, rec.sent)) / c;
                    if (!best.count(v) || best[v] > du + w)
                    {
                        best[v] = du + w;
                    }
                }
            }
            double recordedIsl = 0;
            for (size_t h = 1; h < rec.path.size(); ++h)
            {
                recordedIsl += CalculateDistance(positionAt(rec.path[h - 1], rec.sent),
                                                 positionAt(rec.path[h], rec.sent)) /
                               c;
            }
            const double excess = (rec.received - rec.sent).GetSeconds() - pathDelay;
            trips.push_back({rec.path.size(), recordedIsl, best[last], excess});
        }
        Simulator::Destroy();

        NS_TEST_ASSERT_MSG_EQ(records.size(), 6u, "every datagram delivered and traced");
        for (const Trip& trip : trips)
        {
            NS_TEST_ASSERT_MSG_GT(trip.satellites, 0u, "went through satellites");
            NS_TEST_EXPECT_MSG_EQ_TOL(trip.recordedIsl,
                                      trip.shortestIsl,
                                      1e-9,
                                      "the ISL path is shortest");
            // Latency - propagation = serialisation (+ motion during flight, < 1 us): two GSL
            // frames of 242 B at >= 29 Mbit/s (Friis at 2 GHz, 60 dBm, -130 dBm noise, under
            // 5000 km: SNR >= 17.6 dB) take <= 2 x 66 us; 10 Gbit/s ISL hops < 0.2 us each.
            NS_TEST_EXPECT_MSG_GT_OR_EQ(trip.excess, -1e-6, "never faster than light");
            NS_TEST_EXPECT_MSG_LT(trip.excess, 150e-6, "only serialisation on top");
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
        CountTtlExpiries(NodeContainer(s.sats.Get(1)), &expired);
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
        const uint64_t recordCount = tracer->GetRecordCount();
        Simulator::Destroy();
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
        NS_TEST_EXPECT_MSG_EQ(recordCount, 3u, "record count");
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
        const uint64_t firstInFlight = first->GetInFlightCount();
        const uint64_t secondInFlight = second->GetInFlightCount();
        Simulator::Destroy();
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
        NS_TEST_EXPECT_MSG_EQ(firstInFlight,
                              1u,
                              "A -> D left A but reached no node of the first tracer");
        NS_TEST_EXPECT_MSG_EQ(secondInFlight, 0u, "nothing of the second in flight");
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
        Simulator::Destroy();
        const std::set<uint64_t> distinct(uids.begin(), uids.end());
        NS_TEST_EXPECT_MSG_GT(uids.size(), 20000u / 536, "the whole transfer arrived");
        NS_TEST_EXPECT_MSG_LT(distinct.size(), uids.size(), "segments share uids");
        NS_TEST_EXPECT_MSG_EQ(recorded, uids.size(), "every datagram recorded");
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
        Simulator::Destroy();
        // 4008 bytes of UDP in fragments of at most 1480 (1500 - 20 of IPv4 header): 3.
        NS_TEST_EXPECT_MSG_EQ(forwards, 3u, "S0 forwarded three fragments");
        NS_TEST_EXPECT_MSG_EQ(arrivals.size(), 1u, "reassembled at B");
        NS_TEST_ASSERT_MSG_EQ(records.size(), 1u, "recorded once");
        NS_TEST_EXPECT_MSG_EQ(records[0].size, 4008u, "the whole datagram");
        const std::vector<uint32_t> path{s.sats.Get(0)->GetId(), s.sats.Get(1)->GetId()};
        NS_TEST_EXPECT_MSG_EQ((records[0].path == path), true, "A -> S0 -> S1 -> B");
    }
};

/**
 * \ingroup sagin-tests
 * The latency TestSuite.
 */
class LatencyTestSuite : public TestSuite
{
  public:
    LatencyTestSuite()
        : TestSuite("sagin-latency", Type::SYSTEM)
    {
        AddTestCase(new LatencyGeometryTestCase);
        AddTestCase(new RoutingTracerLostPacketTestCase);
        AddTestCase(new RoutingTwoTracersTestCase);
        AddTestCase(new RoutingTracerTcpSegmentsTestCase);
        AddTestCase(new RoutingTracerFragmentsTestCase);
    }
};

static LatencyTestSuite g_latencyTestSuite; //!< Static variable for test initialization
