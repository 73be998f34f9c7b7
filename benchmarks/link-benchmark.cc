// SPDX-License-Identifier: GPL-2.0-only
//
// Cost of a packet-hop over inter-satellite links next to ns-3's own point-to-point link,
// measured the same way in the same run: a chain of devices relays packets hop by hop at
// the device level (no IP), so the difference is the channel alone; then the same chain with
// ns-3's Internet stack forwarding UDP datagrams, ISLs routed by SaginRouting next to
// point-to-point links routed by ns-3's global routing, which is what the per-hop cost of a
// constellation run is made of.
// Run: ./build/benchmarks/link-benchmark

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/double.h"
#include "ns3/geodesy.h"
#include "ns3/gsl-helper.h"
#include "ns3/gsl-net-device.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/isl-helper.h"
#include "ns3/node-container.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/queue-size.h"
#include "ns3/sagin-routing-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/traffic-control-helper.h"
#include "ns3/udp-socket-factory.h"

#include <benchmark/benchmark.h>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;

namespace
{
constexpr uint32_t HOPS = 8;          //!< links in the chain
constexpr uint32_t PACKETS = 2000;    //!< packets per iteration
constexpr uint16_t PROTOCOL = 0x0800; //!< EtherType handed to the devices

/**
 * Relay whatever a device receives to the next hop's device, until the end of the chain.
 * \param next the device towards the next hop, or nullptr at the end
 * \param delivered packets that reached the end
 * \return the receive callback
 */
NetDevice::ReceiveCallback
Relay(Ptr<NetDevice> next, uint64_t* delivered)
{
    return [next, delivered](Ptr<NetDevice>, Ptr<const Packet> p, uint16_t, const Address&) {
        if (next)
        {
            next->Send(p->Copy(), next->GetBroadcast(), PROTOCOL);
        }
        else
        {
            ++*delivered;
        }
        return true;
    };
}

/**
 * \param state benchmark state
 * \param isl true for IslChannel links, false for PointToPointChannel links
 */
void
Chain(benchmark::State& state, bool isl)
{
    NodeContainer nodes;
    nodes.Create(HOPS + 1);
    for (uint32_t i = 0; i <= HOPS; ++i)
    {
        // 1000 km apart, as neighbouring satellites of a LEO shell.
        auto mobility = CreateObject<ConstantPositionMobilityModel>();
        mobility->SetPosition(Vector(7000e3, i * 1000e3, 0));
        nodes.Get(i)->AggregateObject(mobility);
    }
    std::vector<NetDeviceContainer> links;
    IslHelper islHelper;
    PointToPointHelper p2pHelper;
    p2pHelper.SetDeviceAttribute("DataRate", StringValue("10Gbps"));
    p2pHelper.SetChannelAttribute("Delay", StringValue("3.3356ms"));
    for (uint32_t i = 0; i < HOPS; ++i)
    {
        links.push_back(isl ? islHelper.Install(nodes.Get(i), nodes.Get(i + 1))
                            : p2pHelper.Install(nodes.Get(i), nodes.Get(i + 1)));
    }
    uint64_t delivered = 0;
    for (uint32_t i = 0; i < HOPS; ++i)
    {
        Ptr<NetDevice> next = i + 1 < HOPS ? links[i + 1].Get(0) : nullptr;
        links[i].Get(1)->SetReceiveCallback(Relay(next, &delivered));
    }
    for (auto _ : state)
    {
        for (uint32_t k = 0; k < PACKETS; ++k)
        {
            Simulator::Schedule(MicroSeconds(k), [&links]() {
                links[0].Get(0)->Send(Create<Packet>(1000),
                                      links[0].Get(0)->GetBroadcast(),
                                      PROTOCOL);
            });
        }
        Simulator::Run();
    }
    Simulator::Destroy();
    if (delivered != state.iterations() * PACKETS)
    {
        state.SkipWithError("not every packet crossed the chain");
    }
    state.SetItemsProcessed(state.iterations() * PACKETS * HOPS);
    state.counters["packet_hops"] = benchmark::Counter(double(PACKETS * HOPS));
}

/**
 * Packets bounced HOPS times between a ground station and the satellite overhead over a
 * GSL (study A's LoS/NLoS channel, the default): every hop is a frame whose rate comes from
 * the link budget (SINR, Shannon), relayed at the device level like Chain().
 * \param state benchmark state
 */
void
GslBounce(benchmark::State& state)
{
    NodeContainer nodes;
    nodes.Create(2); // a ground station and a satellite 550 km above it
    for (uint32_t i = 0; i < 2; ++i)
    {
        auto mobility = CreateObject<ConstantPositionMobilityModel>();
        mobility->SetPosition(GeodeticToEcef({45.0, 7.0, i * 550e3}));
        nodes.Get(i)->AggregateObject(mobility);
    }
    GslHelper gsl;
    gsl.SetGroundAttribute("QueueSize", QueueSizeValue(QueueSize("5000p")));
    gsl.SetSatelliteAttribute("QueueSize", QueueSizeValue(QueueSize("5000p")));
    gsl.SetGroundAttribute("TxPower", DoubleValue(50.0));
    gsl.SetSatelliteAttribute("TxPower", DoubleValue(50.0));
    Ptr<NetDevice> satellite = gsl.InstallSatellites(NodeContainer(nodes.Get(1))).Get(0);
    Ptr<NetDevice> ground = gsl.InstallGround(NodeContainer(nodes.Get(0))).Get(0);
    uint64_t delivered = 0;
    std::vector<uint8_t> hops; // by packet uid (uids count up from 0)
    auto bounce = [&hops, &delivered](Ptr<NetDevice> back) {
        return [&hops,
                &delivered,
                back](Ptr<NetDevice> self, Ptr<const Packet> p, uint16_t, const Address& from) {
            if (p->GetUid() >= hops.size())
            {
                hops.resize(2 * p->GetUid() + 1, 0);
            }
            if (++hops[p->GetUid()] < HOPS)
            {
                back->Send(p->Copy(), from, PROTOCOL);
            }
            else
            {
                ++delivered;
            }
            return true;
        };
    };
    satellite->SetReceiveCallback(bounce(satellite));
    ground->SetReceiveCallback(bounce(ground));
    Simulator::Stop(MilliSeconds(1)); // the ground attaches at start
    Simulator::Run();
    for (auto _ : state)
    {
        for (uint32_t k = 0; k < PACKETS; ++k)
        {
            Simulator::Schedule(MicroSeconds(k), [ground, satellite]() {
                ground->Send(Create<Packet>(1000), satellite->GetAddress(), PROTOCOL);
            });
        }
        Simulator::Stop(Seconds(2)); // the attachment decisions recur every second
        Simulator::Run();
    }
    Simulator::Destroy();
    if (delivered != state.iterations() * PACKETS)
    {
        state.SkipWithError("not every packet made its hops");
    }
    state.SetItemsProcessed(state.iterations() * PACKETS * HOPS);
    state.counters["packet_hops"] = benchmark::Counter(double(PACKETS * HOPS));
}

/**
 * UDP datagrams from one end of the chain to the other through ns-3's Internet stack.
 * \param state benchmark state
 * \param isl true for ISLs routed by SaginRouting, false for point-to-point links routed by
 *        ns-3's global routing
 * \param fastForwarding SaginRouting's FastForwarding
 */
void
IpChain(benchmark::State& state, bool isl, bool fastForwarding = true)
{
    Config::SetDefault("ns3::sagin::SaginRouting::FastForwarding", BooleanValue(fastForwarding));
    NodeContainer nodes;
    nodes.Create(HOPS + 1);
    for (uint32_t i = 0; i <= HOPS; ++i)
    {
        auto mobility = CreateObject<ConstantPositionMobilityModel>();
        mobility->SetPosition(Vector(7000e3, i * 1000e3, 0));
        nodes.Get(i)->AggregateObject(mobility);
    }
    IslHelper islHelper;
    PointToPointHelper p2pHelper;
    p2pHelper.SetDeviceAttribute("DataRate", StringValue("10Gbps"));
    p2pHelper.SetChannelAttribute("Delay", StringValue("3.3356ms"));
    SaginRoutingHelper routing;
    InternetStackHelper internet;
    if (isl)
    {
        internet.SetRoutingHelper(routing);
    }
    internet.Install(nodes);
    Config::SetDefault("ns3::sagin::SaginRouting::FastForwarding", BooleanValue(true));
    Ipv4AddressHelper addresses("10.0.0.0", "255.255.255.252");
    NetDeviceContainer all;
    for (uint32_t i = 0; i < HOPS; ++i)
    {
        NetDeviceContainer link = isl ? islHelper.Install(nodes.Get(i), nodes.Get(i + 1))
                                      : p2pHelper.Install(nodes.Get(i), nodes.Get(i + 1));
        addresses.Assign(link);
        addresses.NewNetwork();
        all.Add(link);
    }
    TrafficControlHelper().Uninstall(all); // device queues only, as sagin-ping's ISLs
    if (!isl)
    {
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    }
    const Ipv4Address last = nodes.Get(HOPS)->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
    Ptr<Socket> sink = Socket::CreateSocket(nodes.Get(HOPS), UdpSocketFactory::GetTypeId());
    sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
    uint64_t delivered = 0;
    sink->SetRecvCallback([&delivered](Ptr<Socket> socket) {
        while (socket->Recv())
        {
            ++delivered;
        }
    });
    Ptr<Socket> source = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
    source->Connect(InetSocketAddress(last, 9));
    for (auto _ : state)
    {
        for (uint32_t k = 0; k < PACKETS; ++k)
        {
            Simulator::Schedule(MicroSeconds(k),
                                [source]() { source->Send(Create<Packet>(1000)); });
        }
        // Long enough for the last datagram to cross; SaginRouting's updates recur forever.
        Simulator::Stop(MilliSeconds(40));
        Simulator::Run();
    }
    Simulator::Destroy();
    if (delivered != state.iterations() * PACKETS)
    {
        state.SkipWithError("not every datagram crossed the chain");
    }
    state.SetItemsProcessed(state.iterations() * PACKETS * HOPS);
    state.counters["packet_hops"] = benchmark::Counter(double(PACKETS * HOPS));
}

} // namespace

/** IslChannel links. */
static void
BM_IslPacketHops(benchmark::State& state)
{
    Chain(state, true);
}

BENCHMARK(BM_IslPacketHops)->Unit(benchmark::kMillisecond);

/** ns-3's PointToPointChannel links, same devices and rates. */
static void
BM_PointToPointPacketHops(benchmark::State& state)
{
    Chain(state, false);
}

BENCHMARK(BM_PointToPointPacketHops)->Unit(benchmark::kMillisecond);

/** GSL frames between a ground station and its satellite. */
static void
BM_GslPacketHops(benchmark::State& state)
{
    GslBounce(state);
}

BENCHMARK(BM_GslPacketHops)->Unit(benchmark::kMillisecond);

/** ISLs, IPv4 forwarding by SaginRouting. */
static void
BM_IslSaginRoutingIpHops(benchmark::State& state)
{
    IpChain(state, true);
}

BENCHMARK(BM_IslSaginRoutingIpHops)->Unit(benchmark::kMillisecond);

/** ISLs, IPv4 forwarding by SaginRouting through ns-3's Ipv4L3Protocol (no fast path). */
static void
BM_IslSaginRoutingIpHopsNoFastForwarding(benchmark::State& state)
{
    IpChain(state, true, false);
}

BENCHMARK(BM_IslSaginRoutingIpHopsNoFastForwarding)->Unit(benchmark::kMillisecond);

/** Point-to-point links, IPv4 forwarding by ns-3's global routing. */
static void
BM_PointToPointGlobalRoutingIpHops(benchmark::State& state)
{
    IpChain(state, false);
}

BENCHMARK(BM_PointToPointGlobalRoutingIpHops)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
