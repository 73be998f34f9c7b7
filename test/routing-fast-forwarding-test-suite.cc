// SPDX-License-Identifier: GPL-2.0-only
//
// SaginRouting's FastForwarding against ns-3's IPv4 forwarding across a Walker shell: same
// paths, latencies and TTLs, the exceptions left to the stack, and the Forward trace.

#include "routing-test-utils.h"

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ns3-release-compat.h"
#include "ns3/packet-latency-tracer.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/test.h"

#include <map>
#include <set>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{

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

} // namespace

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
        CountTtlExpiries(s.sats, &expired);
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
        uint32_t replies = 0;
        InstallPing(s.grounds.Get(0),
                    satellite,
                    Seconds(0.25),
                    Seconds(2),
                    Seconds(3),
                    MakeCallback(+[](uint32_t* n, Time) { ++*n; }).Bind(&replies));
        Simulator::Stop(Seconds(4));
        Simulator::Run();
        Simulator::Destroy();
        NS_TEST_ASSERT_MSG_EQ(records.size(), 2u, "the first and the TTL = hops + 1 datagram");
        NS_TEST_EXPECT_MSG_GT(records[0].path.size(), 0u, "through satellites");
        NS_TEST_EXPECT_MSG_EQ((records[1].path == records[0].path), true, "same path");
        NS_TEST_ASSERT_MSG_EQ(ttls.size(), 2u, "two arrivals");
        NS_TEST_EXPECT_MSG_EQ(ttls[1], 1u, "arrives with TTL 1");
        NS_TEST_EXPECT_MSG_EQ(expired, 1u, "TTL = hops expires at the last satellite");
        NS_TEST_EXPECT_MSG_GT_OR_EQ(replies, 3u, "the satellite answers pings");
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
 * FastForwarding and the Forward trace.
 */
class RoutingFastForwardingTestSuite : public TestSuite
{
  public:
    RoutingFastForwardingTestSuite()
        : TestSuite("sagin-routing-fast-forwarding", Type::UNIT)
    {
        AddTestCase(new RoutingFastForwardingTestCase);
        AddTestCase(new RoutingFastForwardingExceptionsTestCase);
        AddTestCase(new RoutingForwardTraceTestCase);
    }
};

static RoutingFastForwardingTestSuite
    g_routingFastForwardingTestSuite; //!< Static variable for test initialization
