// SPDX-License-Identifier: GPL-2.0-only
//
// Consensus costs: parsing and validating a received 1 MB block (the first node of the process
// and every later one), gossiping one 1 MB block next to ns-3's BulkSend carrying its bytes, PBFT
// with n validators committing one block per second over a 4-regular peer graph of point-to-point
// links (votes flooded over TCP, sent directly over a TCP full mesh, or as UDP datagrams;
// optionally on the lean network: nix-vector routing, no queue disc; or with every pair of
// validators linked and routed by DirectLinkRouting), and PoW gossip on n nodes. The signature
// cache is on; NS_GLOBAL_VALUE=SaginSignatureCache=0 turns it off. Counters: simulated seconds per
// wall second, blocks, events per second, peak memory, and for PBFT the datagrams lost and
// retransmission rounds. Run: ./build/benchmarks/consensus-benchmark

#include "peak-memory.h"

#include "ns3/blockchain-helper.h"
#include "ns3/blockchain-node.h"
#include "ns3/boolean.h"
#include "ns3/bulk-send-helper.h"
#include "ns3/config.h"
#include "ns3/consensus-engine.h"
#include "ns3/double.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ledger.h"
#include "ns3/nix-vector-helper.h"
#include "ns3/ns3-release-compat.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/pbft-consensus.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/pointer.h"
#include "ns3/signature-cache.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/traffic-control-helper.h"
#include "ns3/transaction-payloads.h"
#include "ns3/transaction-pool.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <benchmark/benchmark.h>
#include <chrono>
#include <cstdlib>
#include <unordered_map>
#include <unordered_set>

using namespace ns3;
using namespace ns3::sagin;

namespace
{

/**
 * \param count transactions
 * \return a block of that many signed content-delivery transactions (146 bytes each)
 */
Block
BigBlock(const Block& genesis, uint32_t count)
{
    const Ed25519KeyPair sender = Ed25519KeyPair::ForNode(1000);
    std::vector<Transaction> txs;
    for (uint32_t i = 0; i < count; ++i)
    {
        ContentDelivery d;
        d.content = i % 30;
        d.server = 1;
        d.user = i;
        d.slot = i;
        d.deliveredBits = 1000;
        d.payment = 1;
        txs.push_back(Transaction::Create(d, i, sender));
    }
    return Block::Produce(&genesis.GetHeader(), txs, Seconds(1), Ed25519KeyPair::ForNode(1001));
}

/**
 * Parse and validate a block of about 1 MB (7000 transactions) on a full ledger, as a node
 * receiving its bytes does.
 * \param state benchmark state; range(0) = 0: the first node of the process to receive it
 *        (every signature verified by libsodium, the body parsed and hashed); 1: every later
 *        node (the bytes match the body a ledger of the process validated: BlockBody)
 */
void
ReceiveMegabyteBlock(benchmark::State& state)
{
    const bool later = state.range(0) == 1;
    SignatureCache::Clear();
    const Block genesis = Block::Produce(nullptr, {}, Seconds(0), Ed25519KeyPair::ForNode(999));
    const std::vector<uint8_t> bytes = BigBlock(genesis, 7000).Serialize();
    Ptr<Ledger> first = CreateObject<Ledger>();
    first->Append(genesis);
    if (later)
    {
        first->Append(Block::Deserialize(bytes));
    }
    Ptr<Ledger> ledger = CreateObject<Ledger>();
    ledger->Append(genesis);
    for (auto _ : state)
    {
        if (!later)
        {
            state.PauseTiming();
            SignatureCache::Clear();
            state.ResumeTiming();
        }
        benchmark::DoNotOptimize(ledger->Validate(Block::Deserialize(bytes)));
    }
    state.counters["bytes"] = static_cast<double>(bytes.size());
}

/**
 * Routing for validators that are one hop apart: a destination address maps to the
 * interface of its direct link (a hash table instead of static routing's linear walk), and
 * packets to any of the node's own addresses are delivered locally. Nothing is forwarded.
 */
class DirectLinkRouting : public Ipv4RoutingProtocol
{
  public:
    /**
     * \return the TypeId
     */
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::sagin::DirectLinkRouting")
                                .SetParent<Ipv4RoutingProtocol>()
                                .SetGroupName("Sagin")
                                .AddConstructor<DirectLinkRouting>();
        return tid;
    }

    /**
     * \param destination an address of the node at the other end
     * \param interface this node's interface on the direct link
     */
    void AddRoute(Ipv4Address destination, uint32_t interface)
    {
        Ptr<Ipv4Route> route = Create<Ipv4Route>();
        route->SetDestination(destination);
        route->SetGateway(destination); // point-to-point: no address resolution
        route->SetSource(m_ipv4->GetAddress(interface, 0).GetLocal());
        route->SetOutputDevice(m_ipv4->GetNetDevice(interface));
        m_routes[destination.Get()] = route;
    }

    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> packet,
                               const Ipv4Header& header,
                               Ptr<NetDevice> outputDevice,
                               Socket::SocketErrno& error) override
    {
        auto it = m_routes.find(header.GetDestination().Get());
        if (it == m_routes.end())
        {
            error = Socket::ERROR_NOROUTETOHOST;
            return nullptr;
        }
        error = Socket::ERROR_NOTERROR;
        return it->second;
    }

    bool RouteInput(Ptr<const Packet> packet,
                    const Ipv4Header& header,
                    Ptr<const NetDevice> inputDevice,
                    RouteInputCallback<UnicastForwardCallback> forward,
                    RouteInputCallback<MulticastForwardCallback> multicast,
                    RouteInputCallback<LocalDeliverCallback> deliver,
                    RouteInputCallback<ErrorCallback> error) override
    {
        if (m_local.count(header.GetDestination().Get()) == 0)
        {
            return false;
        }
        deliver(packet, header, m_interfaceOf.at(PeekPointer(inputDevice)));
        return true;
    }

    void NotifyInterfaceUp(uint32_t interface) override
    {
        Learn(interface);
    }

    void NotifyInterfaceDown(uint32_t /* interface */) override
    {
    }

    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress /* address */) override
    {
        Learn(interface);
    }

    void NotifyRemoveAddress(uint32_t /* interface */, Ipv4InterfaceAddress /* address */) override
    {
    }

    void SetIpv4(Ptr<Ipv4> ipv4) override
    {
        m_ipv4 = ipv4;
        for (uint32_t i = 0; i < ipv4->GetNInterfaces(); ++i)
        {
            Learn(i);
        }
    }

    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const override
    {
        *stream->GetStream() << m_routes.size() << " direct-link routes\n";
    }

  private:
    /**
     * Note an interface's device and addresses.
     * \param interface the interface
     */
    void Learn(uint32_t interface)
    {
        m_interfaceOf[PeekPointer(m_ipv4->GetNetDevice(interface))] = interface;
        for (uint32_t a = 0; a < m_ipv4->GetNAddresses(interface); ++a)
        {
            m_local.insert(m_ipv4->GetAddress(interface, a).GetLocal().Get());
        }
    }

    Ptr<Ipv4> m_ipv4;                                             //!< the node's IPv4
    std::unordered_map<uint32_t, Ptr<Ipv4Route>> m_routes;        //!< destination -> route
    std::unordered_set<uint32_t> m_local;                         //!< the node's own addresses
    std::unordered_map<const NetDevice*, uint32_t> m_interfaceOf; //!< device -> interface
};

/** Nodes and their point-to-point links, built by BuildLinks(). */
struct LinkedNodes
{
    NodeContainer nodes;                                  //!< the nodes
    std::vector<std::pair<uint32_t, uint32_t>> peerLinks; //!< the 4-regular peer graph
    std::vector<std::pair<uint32_t, uint32_t>> wires;     //!< the point-to-point links
    std::vector<Ipv4InterfaceContainer> wireAddresses;    //!< each wire's two ends
};

/**
 * n nodes with point-to-point links (10 Mb/s, 10 ms) exactly on a 4-regular peer graph
 * (3-regular for 4 nodes), routed.
 * \param n nodes
 * \param lean ns-3's nix-vector routing (a packet carries its path, computed once per pair of
 *        nodes) instead of global routing (a linear search of every link's subnet per packet
 *        and hop), and no queue disc (the devices' 100-packet FIFO only) instead of the
 *        FqCoDel that the internet stack installs by default: the same shortest paths and
 *        link rates, less work per packet
 * \param oneHop a point-to-point link between every pair of nodes (validators one hop
 *        apart, as a consortium's servers that connect directly; DirectLinkRouting), the peer
 *        graph unchanged
 * \return the nodes and links
 */
LinkedNodes
BuildLinks(uint32_t n, bool lean, bool oneHop)
{
    LinkedNodes net;
    NodeContainer& nodes = net.nodes;
    nodes.Create(n);
    InternetStackHelper internet;
    Ipv4NixVectorHelper nix;
    if (lean && !oneHop) // one hop: DirectLinkRouting below
    {
        internet.SetRoutingHelper(nix);
    }
    internet.Install(nodes);
    Ptr<UniformRandomVariable> random = CreateObject<UniformRandomVariable>();
    random->SetStream(1);
    net.peerLinks = BlockchainHelper::RandomRegularGraph(n, std::min(4u, n - 1), random);
    // Physical links: the peer graph, or every pair (validators one hop apart).
    net.wires = net.peerLinks;
    if (oneHop)
    {
        net.wires.clear();
        for (uint32_t a = 0; a < n; ++a)
        {
            for (uint32_t b = a + 1; b < n; ++b)
            {
                net.wires.emplace_back(a, b);
            }
        }
    }
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("10ms"));
    Ipv4AddressHelper ipv4;
    ipv4.SetBase("10.0.0.0", "255.255.255.252");
    TrafficControlHelper trafficControl;
    for (const auto& [a, b] : net.wires)
    {
        NetDeviceContainer devices = p2p.Install(nodes.Get(a), nodes.Get(b));
        net.wireAddresses.push_back(ipv4.Assign(devices));
        if (lean)
        {
            trafficControl.Uninstall(devices);
        }
        ipv4.NewNetwork();
    }
    if (oneHop)
    {
        // Each node reaches every other's first address (where peers and datagrams go) over
        // their direct link, looked up in a hash table (static routing walks 99 host routes
        // and 99 connected networks per packet).
        std::vector<Ptr<DirectLinkRouting>> routing;
        for (uint32_t v = 0; v < n; ++v)
        {
            routing.push_back(CreateObject<DirectLinkRouting>());
            nodes.Get(v)->GetObject<Ipv4>()->SetRoutingProtocol(routing.back());
        }
        auto firstAddress = [&nodes](uint32_t v) {
            return nodes.Get(v)->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
        };
        for (std::size_t w = 0; w < net.wires.size(); ++w)
        {
            const auto [a, b] = net.wires[w];
            const Ipv4InterfaceContainer& ends = net.wireAddresses[w];
            routing[a]->AddRoute(firstAddress(b), ends.Get(0).second);
            routing[b]->AddRoute(firstAddress(a), ends.Get(1).second);
        }
    }
    else if (!lean)
    {
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    }
    return net;
}

/**
 * The blockchain on BuildLinks()' network.
 * \param n nodes
 * \param helper the blockchain helper (consensus set)
 * \param fullMesh peer every pair of nodes (TCP over the same links) instead of the links
 * \param lean see BuildLinks()
 * \param oneHop see BuildLinks()
 * \return the applications
 */
ApplicationContainer
Network(uint32_t n,
        BlockchainHelper& helper,
        bool fullMesh = false,
        bool lean = false,
        bool oneHop = false)
{
    const LinkedNodes net = BuildLinks(n, lean, oneHop);
    if (fullMesh)
    {
        helper.SetFullMeshPeers();
    }
    else
    {
        helper.SetPeerLinks(net.peerLinks);
    }
    ApplicationContainer apps = helper.Install(net.nodes);
    helper.AssignStreams(net.nodes, 10);
    return apps;
}

/**
 * \param state benchmark state; range(0) = validators, range(1) = 0: flooded over the peer
 *        graph's TCP links, 1: sent directly over a full mesh of validator TCP connections
 *        (Relay false), 2: UDP datagrams to every validator (Transport Datagram); range(2) =
 *        1: the lean network, 2: the lean network with every pair of validators linked (see
 *        Network())
 */
void
Pbft(benchmark::State& state)
{
    const uint32_t n = static_cast<uint32_t>(state.range(0));
    const bool direct = state.range(1) == 1;
    const bool datagram = state.range(1) == 2;
    const bool oneHop = state.range(2) == 2;
    const bool lean = state.range(2) >= 1;
    // 30 simulated s; SAGIN_PBFT_SECONDS=600 runs the ten minutes.
    const char* seconds = std::getenv("SAGIN_PBFT_SECONDS");
    const double simulated = seconds ? std::atof(seconds) : 30;
    double wall = 0;
    uint64_t blocks = 0;
    uint64_t events = 0;
    uint64_t sent = 0;
    uint64_t received = 0;
    uint64_t retransmissions = 0;
    for (auto _ : state)
    {
        BlockchainHelper helper;
        helper.SetConsensus("pbft",
                            "FaultTolerance",
                            UintegerValue((n - 1) / 3),
                            "Relay",
                            BooleanValue(!direct),
                            "Transport",
                            StringValue(datagram ? "Datagram" : "Gossip"));
        ApplicationContainer apps = Network(n, helper, direct, lean, oneHop);
        Simulator::Stop(Seconds(simulated));
        const auto start = std::chrono::steady_clock::now();
        Simulator::Run();
        wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        blocks += DynamicCast<BlockchainNode>(apps.Get(0))->GetLedger()->GetTipHeight();
        events += Simulator::GetEventCount();
        for (uint32_t i = 0; i < apps.GetN(); ++i)
        {
            Ptr<BlockchainNode> app = DynamicCast<BlockchainNode>(apps.Get(i));
            sent += app->GetDatagramsSent();
            received += app->GetDatagramsReceived();
            retransmissions +=
                DynamicCast<PbftConsensus>(app->GetConsensus())->GetRetransmissionCount();
        }
        Simulator::Destroy();
    }
    state.counters["sim_s_per_wall_s"] = simulated * state.iterations() / wall;
    state.counters["blocks"] = static_cast<double>(blocks) / state.iterations();
    state.counters["events_per_s"] = static_cast<double>(events) / wall;
    state.counters["peak_MiB"] = PeakMebibytes();
    state.counters["datagrams_lost"] = static_cast<double>(sent - received);
    state.counters["retransmissions"] = static_cast<double>(retransmissions);
}

/**
 * \param state benchmark state; range(0) = nodes
 */
void
Pow(benchmark::State& state)
{
    const uint32_t n = static_cast<uint32_t>(state.range(0));
    const double simulated = 600;
    double wall = 0;
    uint64_t blocks = 0;
    uint64_t events = 0;
    for (auto _ : state)
    {
        BlockchainHelper helper;
        // One block per 60 s for the network: difficulty = 60 s x n x 1e12 hashes/s.
        helper.SetConsensus("pow",
                            "HashRate",
                            DoubleValue(1e12),
                            "Difficulty",
                            DoubleValue(60.0 * n * 1e12));
        ApplicationContainer apps = Network(n, helper);
        Simulator::Stop(Seconds(simulated));
        const auto start = std::chrono::steady_clock::now();
        Simulator::Run();
        wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        blocks += DynamicCast<BlockchainNode>(apps.Get(0))->GetLedger()->GetBlockCount() - 1;
        events += Simulator::GetEventCount();
        Simulator::Destroy();
    }
    state.counters["sim_s_per_wall_s"] = simulated * state.iterations() / wall;
    state.counters["blocks"] = static_cast<double>(blocks) / state.iterations();
    state.counters["events_per_s"] = static_cast<double>(events) / wall;
    state.counters["peak_MiB"] = PeakMebibytes();
}

/** Transactions in a 1 MB block: 7000 x 146 bytes + header and count = 1.02 MB. */
constexpr uint32_t MEGABYTE_BLOCK_TRANSACTIONS = 7000;

/** Wall seconds of Simulator::Run for a network carrying one 1 MB block. */
struct MegabyteRun
{
    double wall{0};         //!< Simulator::Run (s)
    uint64_t receptions{0}; //!< 1 MB messages received
    uint64_t events{0};     //!< simulator events
    uint64_t bytes{0};      //!< the block's serialised size
};

/**
 * One 1 MB block gossiped to n nodes: announce, fetch, verify and relay over TCP on the
 * 4-regular peer graph of Network(), with SegmentSize 1448 (the pool fills the block: only
 * blocks cross the links).
 * \param n nodes
 * \param lean the lean network of BuildLinks()
 * \return the run
 */
MegabyteRun
GossipMegabyteBlock(uint32_t n, bool lean)
{
    BlockchainHelper helper;
    // One block: slot 0 at the start, the next slot after the run.
    helper.SetConsensus("pos",
                        "SlotDuration",
                        TimeValue(Seconds(3600)),
                        "MaxBlockTransactions",
                        UintegerValue(MEGABYTE_BLOCK_TRANSACTIONS));
    Ptr<TransactionPool> pool = CreateObject<TransactionPool>();
    for (uint32_t i = 0; i < MEGABYTE_BLOCK_TRANSACTIONS; ++i)
    {
        ContentDelivery d;
        d.user = i;
        d.slot = i;
        pool->Add(Transaction::Create(d, i, Ed25519KeyPair::ForNode(n + 1)));
    }
    helper.SetNodeAttribute("TransactionPool", PointerValue(pool));
    ApplicationContainer apps = Network(n, helper, false, lean);
    MegabyteRun run;
    for (uint32_t i = 0; i < apps.GetN(); ++i)
    {
        apps.Get(i)->TraceConnectWithoutContext(
            "BlockReceived",
            Callback<void, const Sha256Digest&, Ipv4Address, Time>(
                [&run](const Sha256Digest&, Ipv4Address, Time) { ++run.receptions; }));
    }
    Simulator::Stop(Seconds(600));
    const auto start = std::chrono::steady_clock::now();
    Simulator::Run();
    run.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    run.events = Simulator::GetEventCount();
    Ptr<Ledger> ledger = DynamicCast<BlockchainNode>(apps.Get(0))->GetLedger();
    run.bytes = ledger->GetBlock(ledger->GetTipHash()).GetSerializedSize();
    Simulator::Destroy();
    return run;
}

/**
 * What ns-3 alone pays for the same bytes: on the same network, a stock BulkSendApplication
 * sends 1.02 MB over each link of a breadth-first tree of the peer graph (n - 1 one-hop TCP
 * transfers, as many as the block's receptions), to a PacketSink, with 1448-byte segments.
 * \param n nodes
 * \param bytes bytes per transfer (the block's)
 * \param lean the lean network of BuildLinks()
 * \return the run
 */
MegabyteRun
BulkSendMegabyte(uint32_t n, uint64_t bytes, bool lean)
{
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));
    const LinkedNodes net = BuildLinks(n, lean, false);
    const NodeContainer& nodes = net.nodes;
    std::vector<std::vector<std::pair<uint32_t, Ipv4Address>>> neighbours(n); // (node, address)
    for (std::size_t w = 0; w < net.wires.size(); ++w)
    {
        const auto [a, b] = net.wires[w];
        neighbours[a].emplace_back(b, net.wireAddresses[w].GetAddress(1));
        neighbours[b].emplace_back(a, net.wireAddresses[w].GetAddress(0));
    }
    PacketSinkHelper sink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 9));
    sink.Install(nodes);
    std::vector<bool> reached(n, false);
    std::vector<uint32_t> frontier{0};
    reached[0] = true;
    MegabyteRun run;
    while (!frontier.empty())
    {
        std::vector<uint32_t> next;
        for (uint32_t parent : frontier)
        {
            for (const auto& [child, address] : neighbours[parent])
            {
                if (reached[child])
                {
                    continue;
                }
                reached[child] = true;
                next.push_back(child);
                BulkSendHelper send("ns3::TcpSocketFactory", InetSocketAddress(address, 9));
                send.SetAttribute("MaxBytes", UintegerValue(bytes));
                send.SetAttribute("SendSize", UintegerValue(1448)); // a segment per write
                send.Install(nodes.Get(parent)).Start(Seconds(1));
                ++run.receptions;
            }
        }
        frontier = std::move(next);
    }
    Simulator::Stop(Seconds(600));
    const auto start = std::chrono::steady_clock::now();
    Simulator::Run();
    run.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    run.events = Simulator::GetEventCount();
    Simulator::Destroy();
    Config::Reset();
    return run;
}

/**
 * A 1 MB block gossiped to n nodes next to ns-3's BulkSend carrying the same bytes over as
 * many one-hop transfers: wall milliseconds per reception of each, and their ratio.
 * \param state benchmark state; range(0) = nodes, range(1) = 1: the lean network (Network())
 */
void
MegabyteBlock(benchmark::State& state)
{
    const uint32_t n = static_cast<uint32_t>(state.range(0));
    const bool lean = state.range(1) == 1;
    MegabyteRun gossip;
    MegabyteRun bulk;
    for (auto _ : state)
    {
        gossip = GossipMegabyteBlock(n, lean);
        bulk = BulkSendMegabyte(n, gossip.bytes, lean);
    }
    const double gossipMs = 1e3 * gossip.wall / gossip.receptions;
    const double bulkMs = 1e3 * bulk.wall / bulk.receptions;
    state.counters["receptions"] = static_cast<double>(gossip.receptions);
    state.counters["block_bytes"] = static_cast<double>(gossip.bytes);
    state.counters["gossip_ms_per_reception"] = gossipMs;
    state.counters["bulksend_ms_per_transfer"] = bulkMs;
    state.counters["ratio"] = gossipMs / bulkMs;
    state.counters["gossip_events"] = static_cast<double>(gossip.events);
    state.counters["bulksend_events"] = static_cast<double>(bulk.events);
    state.counters["peak_MiB"] = PeakMebibytes();
}

} // namespace

BENCHMARK(ReceiveMegabyteBlock)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(Pbft)
    ->Args({4, 0, 0})
    ->Args({16, 0, 0})
    ->Args({31, 0, 0})
    ->Args({31, 1, 0})
    ->Args({31, 2, 0})
    ->Args({31, 0, 1})
    ->Args({31, 2, 1})
    ->Args({100, 0, 0})
    ->Args({100, 1, 0})
    ->Args({100, 2, 0})
    ->Args({100, 0, 1})
    ->Args({100, 2, 1})
    ->Args({100, 2, 2})
    ->Iterations(1)
    ->Unit(benchmark::kSecond);
BENCHMARK(Pow)->Arg(100)->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK(MegabyteBlock)
    ->Args({200, 0})
    ->Args({200, 1})
    ->Args({1000, 1})
    ->Iterations(1)
    ->Unit(benchmark::kSecond);
BENCHMARK_MAIN();
