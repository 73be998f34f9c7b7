// SPDX-License-Identifier: GPL-2.0-only
//
// A blockchain over ns-3 packets: N BlockchainNode applications gossip blocks and
// transactions over TCP, on ground stations linked across a Walker-delta shell (default) or
// on a point-to-point random graph, with the consensus engine chosen by name. Measures block
// propagation delay (first reception minus creation, over nodes and blocks), stale rate,
// time to finality and bytes per message type; writes them, and a row per block creation,
// first reception, validation and fork or stale event, to the SQLite run store.
// --sweep-interval runs PoW for a list of block intervals: stale rate vs block interval,
// stored and plotted.
//
//   ./sagin-blockchain --consensus=pow --nodes=20 --block-interval=10 --tx-rate=20
//       --duration=300 --db=chain.db   (one command line)
//   ./sagin-blockchain --topology=p2p --nodes=50 --sweep-interval=2,5,10,30,60 --db=sweep.db

#include "ns3/blockchain-helper.h"
#include "ns3/blockchain-node.h"
#include "ns3/consensus-engine.h"
#include "ns3/constellation-helper.h"
#include "ns3/double.h"
#include "ns3/example-command-line.h"
#include "ns3/example-options.h"
#include "ns3/ground-station-helper.h"
#include "ns3/gsl-attachment-policy.h"
#include "ns3/gsl-helper.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/isl-helper.h"
#include "ns3/ledger.h"
#include "ns3/log.h"
#include "ns3/nix-vector-helper.h"
#include "ns3/pbft-consensus.h"
#include "ns3/plot-output.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/pointer.h"
#include "ns3/run-report.h"
#include "ns3/run-store.h"
#include "ns3/sagin-routing-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/traffic-control-helper.h"
#include "ns3/transaction-payloads.h"
#include "ns3/transaction-pool.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <map>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <sys/resource.h>

using namespace ns3;
using namespace ns3::sagin;

NS_LOG_COMPONENT_DEFINE("SaginBlockchainExample");

namespace
{

/// Each PoW node's hash rate (hashes/s); only the ratio Difficulty / total rate matters.
constexpr double HASH_RATE = 1e12;

/// Golden angle (degrees), 180 (3 - sqrt 5): spreads generated stations evenly in longitude.
constexpr double GOLDEN_ANGLE_DEG = 137.50776405003785;

/// When the blockchain applications start (s): after the stations' first GSL attachment.
constexpr double START_S = 1;

/// Key index of a node's transaction-signing key (0 signs blocks, 1 the genesis).
constexpr uint32_t TRANSACTION_KEY = 2;

/** What one run is asked to do. */
struct Options
{
    std::string topology{"constellation"}; //!< constellation or p2p
    std::string consensus{"pow"};          //!< engine name
    uint32_t nodes{10};                    //!< blockchain nodes
    double blockInterval{10};              //!< mean block interval or slot (s)
    double duration{120};                  //!< simulated time (s)
    double txRate{5};                      //!< transactions per second, whole network
    std::string txType{"content"};         //!< payload kind
    uint32_t maxBlockTx{1000};             //!< transactions per block at most
    uint32_t confirmations{6};             //!< k for finality (longest-chain engines)
    int32_t faults{-1};                    //!< PBFT f (-1: (n - 1) / 3)
    uint32_t degree{4};                    //!< gossip peers per node
    double cpuHz{1e9};                     //!< verification CPU (Hz)
    double txAnnounceS{0};                 //!< transaction INV batching interval (s)
    std::string txSource{"gossip"};        //!< gossip (mempools) or pool (shared)
    std::string voteTransport{"tcp"};      //!< PBFT votes: tcp (gossip) or udp (datagrams)
    std::string routing{"nix"};            //!< p2p: nix or global routing
    // constellation
    uint32_t planes{72};          //!< Walker planes
    uint32_t satsPerPlane{22};    //!< satellites per plane
    double altitudeKm{550};       //!< shell altitude (km)
    double inclinationDeg{53};    //!< inclination (degrees)
    double minElevationDeg{25};   //!< lowest elevation used (degrees)
    std::string gslRate{"1Gbps"}; //!< GSL rate cap
    // p2p
    std::string linkRate{"100Mbps"}; //!< point-to-point rate
    double minDelayMs{10};           //!< smallest link delay (ms)
    double maxDelayMs{100};          //!< largest link delay (ms)
    bool progress{true};             //!< progress lines while running (off with --test)
};

/** One block as the example saw it. */
struct BlockRecord
{
    uint32_t producer{0};  //!< producing node (index)
    uint64_t height{0};    //!< height
    Time created;          //!< header timestamp
    uint64_t bytes{0};     //!< serialised size (bytes)
    uint32_t txs{0};       //!< transactions
    bool mainChain{false}; //!< on the reference node's final main chain
};

/** What one run measured. */
struct Result
{
    uint64_t produced{0};         //!< blocks produced
    uint64_t stale{0};            //!< produced, off the main chain
    std::vector<double> delays;   //!< first reception - creation
    std::vector<double> finality; //!< finality - creation (s)
    std::map<GossipMessageType, std::pair<uint64_t, uint64_t>> traffic; //!< messages, bytes
    uint64_t transactions{0};                                           //!< transactions submitted
    uint64_t mainChainTransactions{0};                                  //!< on the main chain
    uint64_t rejected{0};  //!< blocks refused by ledgers
    uint64_t orphans{0};   //!< blocks that arrived before their parent
    uint64_t reorgs{0};    //!< tip switches to another fork
    uint64_t events{0};    //!< simulator events
    double wall{0};        //!< wall seconds of Run()
    uint64_t tipHeight{0}; //!< reference node's tip

    /** \return stale blocks / blocks produced (0 without blocks) */
    double StaleRate() const
    {
        return produced == 0 ? 0 : static_cast<double>(stale) / produced;
    }
};

/**
 * \param values samples (sorted in place)
 * \param q quantile in [0, 1]
 * \return the q-quantile by linear interpolation between order statistics (NaN if empty)
 */
double
Quantile(std::vector<double>& values, double q)
{
    if (values.empty())
    {
        return std::nan("");
    }
    std::sort(values.begin(), values.end());
    const double position = q * (values.size() - 1);
    const size_t below = static_cast<size_t>(std::floor(position));
    const size_t above = std::min(below + 1, values.size() - 1);
    return values[below] + (position - below) * (values[above] - values[below]);
}

/**
 * \param values samples
 * \return their mean (NaN if empty)
 */
double
Mean(const std::vector<double>& values)
{
    return values.empty() ? std::nan("")
                          : std::accumulate(values.begin(), values.end(), 0.0) / values.size();
}

/**
 * \param hash a digest
 * \return its lower-case hex text
 */
std::string
Hex(const Sha256Digest& hash)
{
    std::ostringstream text;
    text << std::hex << std::setfill('0');
    for (uint8_t b : hash)
    {
        text << std::setw(2) << static_cast<unsigned>(b);
    }
    return text.str();
}

/**
 * \param type payload kind name
 * \param index transaction number (varies the fields)
 * \param node sending node id
 * \param sender its key
 * \return a signed transaction of that kind
 */
Transaction
MakeTransaction(const std::string& type,
                uint64_t index,
                uint32_t node,
                const Ed25519KeyPair& sender)
{
    if (type == "offloading")
    {
        OffloadingRecord r;
        r.device = node;
        r.server = 0;
        r.slot = index;
        r.taskBits = 8000;
        r.processedBits = 8000;
        r.cpuFrequency = 1e9;
        r.price = 1;
        return Transaction::Create(r, index, sender);
    }
    if (type == "spectrum")
    {
        SpectrumLease l;
        l.satellite = node;
        l.user = static_cast<uint32_t>(index);
        l.beam = static_cast<uint16_t>(index % 19);
        l.channel = static_cast<uint16_t>(index % 8);
        l.power = 0.1;
        l.price = 1;
        return Transaction::Create(l, index, sender);
    }
    if (type == "model")
    {
        ModelUpdate u;
        u.node = node;
        u.round = index;
        u.modelHash = Sha256(std::to_string(index));
        u.modelBytes = 1000;
        u.samples = 10;
        return Transaction::Create(u, index, sender);
    }
    ContentDelivery d;
    d.content = static_cast<uint32_t>(index % 100);
    d.server = node;
    d.user = static_cast<uint32_t>(index);
    d.slot = index;
    d.deliveredBits = 8000;
    d.payment = 1;
    return Transaction::Create(d, index, sender);
}

/**
 * The nodes of the blockchain on the chosen topology, Internet stack, addresses and routes
 * installed. Peers: a random regular graph over the constellation, the physical graph on p2p.
 * \param options the run
 * \param chain the helper, whose peer links are set
 * \return the blockchain nodes
 */
NodeContainer
BuildNetwork(const Options& options, BlockchainHelper& chain)
{
    InternetStackHelper internet;
    if (options.topology == "p2p")
    {
        NodeContainer nodes;
        nodes.Create(options.nodes);
        // Nix-vector routing finds a source's shortest path to a destination on its first
        // packet there and keeps it; global routing computes every node's table at start,
        // which on 1000 nodes takes minutes while gossip only ever talks to neighbours.
        Ipv4NixVectorHelper nix;
        if (options.routing == "nix")
        {
            internet.SetRoutingHelper(nix);
        }
        internet.Install(nodes);
        Ptr<UniformRandomVariable> random = CreateObject<UniformRandomVariable>();
        random->SetStream(1);
        const auto links =
            BlockchainHelper::RandomRegularGraph(options.nodes, options.degree, random);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue(options.linkRate));
        Ipv4AddressHelper ipv4("10.0.0.0", "255.255.255.252");
        for (const auto& [a, b] : links)
        {
            const double delayMs = random->GetValue(options.minDelayMs, options.maxDelayMs);
            p2p.SetChannelAttribute("Delay", TimeValue(MicroSeconds(std::llround(delayMs * 1e3))));
            ipv4.Assign(p2p.Install(nodes.Get(a), nodes.Get(b)));
            ipv4.NewNetwork();
        }
        if (options.routing == "global")
        {
            Ipv4GlobalRoutingHelper::PopulateRoutingTables();
        }
        chain.SetPeerLinks(links);
        return nodes;
    }
    WalkerShell shell;
    shell.altitude = options.altitudeKm * 1e3;
    shell.inclination = options.inclinationDeg;
    shell.planes = options.planes;
    shell.satsPerPlane = options.satsPerPlane;
    shell.phasing = options.planes > 1 ? 1 : 0; // F in [0, P - 1]
    ConstellationHelper constellation;
    NodeContainer satellites = constellation.Install(shell);
    // Stations on a Fibonacci lattice between +-(inclination - 5) degrees of latitude, so that
    // each sees the shell and they spread evenly.
    GroundStationHelper stations;
    const double maxLat = std::max(0.0, options.inclinationDeg - 5);
    for (uint32_t i = 0; i < options.nodes; ++i)
    {
        const double z = std::sin(maxLat * M_PI / 180) * (2 * (i + 0.5) / options.nodes - 1);
        const double lat = std::asin(z) * 180 / M_PI;
        const double lon = std::fmod(i * GOLDEN_ANGLE_DEG, 360.0) - 180;
        stations.Add("station" + std::to_string(i), lat, lon, 0);
    }
    NodeContainer ground = stations.Install();
    IslHelper isl;
    NetDeviceContainer islDevices =
        isl.InstallPlusGrid(satellites, constellation.GetWalkerSatellites(), {shell});
    GslHelper gsl;
    gsl.SetChannelAttribute("MaxRate", StringValue(options.gslRate));
    gsl.SetGroundAttribute(
        "AttachmentPolicy",
        PointerValue(CreateObjectWithAttributes<HighestElevationAttachmentPolicy>(
            "MinElevation",
            DoubleValue(options.minElevationDeg))));
    NetDeviceContainer satelliteGsl = gsl.InstallSatellites(satellites);
    NetDeviceContainer groundGsl = gsl.InstallGround(ground);
    SaginRoutingHelper routing;
    internet.SetRoutingHelper(routing);
    internet.Install(satellites);
    internet.Install(ground);
    IslHelper::AssignIpv4Addresses(islDevices, "10.128.0.0");
    Ipv4AddressHelper gslAddresses("10.0.0.0", "255.255.0.0");
    gslAddresses.Assign(satelliteGsl);
    gslAddresses.Assign(groundGsl);
    TrafficControlHelper().Uninstall(islDevices);
    chain.SetRandomRegularPeers(options.degree);
    return ground;
}

/** Prepared inserts of the per-event tables (all null: rows not written). */
struct Rows
{
    int64_t runId{0};                 //!< run
    Ptr<RunStore::Batch> blocks;      //!< chain_blocks
    Ptr<RunStore::Batch> receptions;  //!< chain_receptions
    Ptr<RunStore::Batch> validations; //!< chain_validations
    Ptr<RunStore::Batch> forks;       //!< chain_forks
    Ptr<RunStore::Batch> messages;    //!< chain_messages
    Ptr<RunStore::Batch> summary;     //!< chain_summary
};

/**
 * Run one simulation.
 * \param options the run
 * \param rows where to write (null batches: nowhere)
 * \return what it measured
 */
Result
RunOnce(const Options& options, const Rows& rows)
{
    BlockchainHelper chain;
    const Time interval = Seconds(options.blockInterval);
    if (options.consensus == "pow")
    {
        // The network's mean interval is Difficulty over the summed hash rates.
        chain.SetConsensus("pow",
                           "HashRate",
                           DoubleValue(HASH_RATE),
                           "Difficulty",
                           DoubleValue(options.blockInterval * options.nodes * HASH_RATE));
    }
    else if (options.consensus == "pbft")
    {
        chain.SetConsensus("pbft",
                           "FaultTolerance",
                           UintegerValue(static_cast<uint32_t>(options.faults)),
                           "BlockInterval",
                           TimeValue(interval),
                           "Transport",
                           StringValue(options.voteTransport == "udp" ? "Datagram" : "Gossip"));
    }
    else if (options.consensus == "dpos")
    {
        chain.SetConsensus("dpos",
                           "SlotDuration",
                           TimeValue(interval),
                           "Delegates",
                           UintegerValue(std::min(21u, options.nodes)));
    }
    else
    {
        chain.SetConsensus(options.consensus, "SlotDuration", TimeValue(interval));
    }
    chain.SetNodeAttribute("CpuFrequency", DoubleValue(options.cpuHz));
    chain.SetNodeAttribute("TransactionAnnounceInterval", TimeValue(Seconds(options.txAnnounceS)));
    Ptr<TransactionPool> pool;
    if (options.txSource == "pool")
    {
        pool = CreateObject<TransactionPool>();
        chain.SetNodeAttribute("TransactionPool", PointerValue(pool));
    }
    NodeContainer nodes = BuildNetwork(options, chain);
    ApplicationContainer apps = chain.Install(nodes);
    // Start once the stations have attached to satellites: a packet sent before would find no
    // GSL peer, and its ARP entry would stay dead for ArpCache's DeadTimeout.
    apps.Start(Seconds(START_S));
    chain.AssignStreams(nodes, 100);
    std::vector<Ptr<BlockchainNode>> chainNodes;
    std::map<uint32_t, uint32_t> indexOfNode; // ns-3 node id -> index
    for (uint32_t i = 0; i < apps.GetN(); ++i)
    {
        chainNodes.push_back(DynamicCast<BlockchainNode>(apps.Get(i)));
        chainNodes.back()->GetConsensus()->SetAttribute("MaxBlockTransactions",
                                                        UintegerValue(options.maxBlockTx));
        indexOfNode[nodes.Get(i)->GetId()] = i;
    }

    Result result;
    std::map<Sha256Digest, BlockRecord> produced;
    std::map<Sha256Digest, std::vector<std::pair<uint32_t, Time>>> receptions;
    for (uint32_t i = 0; i < chainNodes.size(); ++i)
    {
        Ptr<BlockchainNode> node = chainNodes[i];
        Ptr<Ledger> ledger = node->GetLedger();
        node->GetConsensus()->TraceConnectWithoutContext(
            "BlockProduced",
            Callback<void, const Sha256Digest&, uint64_t>(
                [&produced, i](const Sha256Digest& hash, uint64_t height) {
                    BlockRecord& record = produced[hash];
                    record.producer = i;
                    record.height = height;
                    record.created = Simulator::Now();
                }));
        node->TraceConnectWithoutContext(
            "BlockReceived",
            Callback<void, const Sha256Digest&, Ipv4Address, Time>(
                [&receptions, &rows, i](const Sha256Digest& hash, Ipv4Address peer, Time time) {
                    receptions[hash].emplace_back(i, time);
                    if (rows.receptions)
                    {
                        std::ostringstream from;
                        from << peer;
                        rows.receptions->InsertRow(rows.runId,
                                                   i,
                                                   Hex(hash),
                                                   from.str(),
                                                   time.GetSeconds());
                    }
                }));
        if (options.consensus == "pbft")
        {
            // A PBFT block travels in its PRE-PREPARE: that is its first reception.
            node->GetConsensus()->TraceConnectWithoutContext(
                "ProposalReceived",
                Callback<void, const Sha256Digest&, uint64_t, Time>(
                    [&receptions, &rows, i](const Sha256Digest& hash, uint64_t view, Time time) {
                        receptions[hash].emplace_back(i, time);
                        if (rows.receptions)
                        {
                            rows.receptions->InsertRow(rows.runId,
                                                       i,
                                                       Hex(hash),
                                                       "pre-prepare, view " + std::to_string(view),
                                                       time.GetSeconds());
                        }
                    }));
        }
        ledger->TraceConnectWithoutContext(
            "BlockAccepted",
            Callback<void, const Sha256Digest&, uint64_t>(
                [&rows, i](const Sha256Digest& hash, uint64_t height) {
                    if (rows.validations)
                    {
                        rows.validations->InsertRow(rows.runId,
                                                    i,
                                                    Hex(hash),
                                                    height,
                                                    Simulator::Now().GetSeconds(),
                                                    "ACCEPTED",
                                                    "");
                    }
                }));
        ledger->TraceConnectWithoutContext(
            "BlockRejected",
            Callback<void, const Sha256Digest&, BlockVerdict, const std::string&>(
                [&rows, &result, i](const Sha256Digest& hash,
                                    BlockVerdict verdict,
                                    const std::string& message) {
                    // A block whose parent has not arrived waits as an orphan in the node
                    // and is appended later: not a refusal.
                    if (verdict == BlockVerdict::UNKNOWN_PARENT)
                    {
                        ++result.orphans;
                    }
                    else
                    {
                        ++result.rejected;
                    }
                    if (rows.validations)
                    {
                        rows.validations->Bind(rows.runId)
                            .Bind(i)
                            .Bind(Hex(hash))
                            .BindNull()
                            .Bind(Simulator::Now().GetSeconds())
                            .Bind(ToString(verdict))
                            .Bind(message)
                            .Insert();
                    }
                }));
        ledger->TraceConnectWithoutContext(
            "TipChanged",
            Callback<void, const Sha256Digest&, uint64_t, uint64_t>(
                [&rows, &result, i](const Sha256Digest& hash, uint64_t height, uint64_t depth) {
                    if (depth == 0)
                    {
                        return;
                    }
                    ++result.reorgs;
                    if (rows.forks)
                    {
                        rows.forks->InsertRow(rows.runId,
                                              i,
                                              Simulator::Now().GetSeconds(),
                                              "reorg",
                                              Hex(hash),
                                              height,
                                              depth);
                    }
                }));
    }

    // Transactions: a Poisson process of txRate for the network, each from a node drawn
    // uniformly, signed with that node's transaction key.
    Ptr<ExponentialRandomVariable> gaps = CreateObject<ExponentialRandomVariable>();
    Ptr<UniformRandomVariable> senders = CreateObject<UniformRandomVariable>();
    gaps->SetStream(90);
    senders->SetStream(91);
    std::vector<Ed25519KeyPair> txKeys;
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        txKeys.push_back(Ed25519KeyPair::ForNode(nodes.Get(i)->GetId(), TRANSACTION_KEY));
    }
    std::function<void()> nextTransaction = [&]() {
        const uint32_t i = senders->GetInteger(0, nodes.GetN() - 1);
        const Transaction transaction =
            MakeTransaction(options.txType, result.transactions, nodes.Get(i)->GetId(), txKeys[i]);
        if (pool)
        {
            pool->Add(transaction);
        }
        else
        {
            chainNodes[i]->SubmitTransaction(transaction);
        }
        ++result.transactions;
        Simulator::Schedule(Seconds(gaps->GetValue()), nextTransaction);
    };
    if (options.txRate > 0)
    {
        gaps->SetAttribute("Mean", DoubleValue(1 / options.txRate));
        Simulator::Schedule(Seconds(START_S + gaps->GetValue()), nextTransaction);
    }
    Simulator::Stop(Seconds(options.duration));
    RunReport report(NodeContainer::GetGlobal(), options.progress);
    const auto start = std::chrono::steady_clock::now();
    NS_LOG_INFO("simulation starts");
    Simulator::Run();
    NS_LOG_INFO("simulation ends at " << Simulator::Now().As(Time::S));
    report.PrintDrops(std::cout);
    result.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.events = Simulator::GetEventCount();

    // The reference chain is node 0's main chain at the end.
    Ptr<Ledger> reference = chainNodes[0]->GetLedger();
    result.tipHeight = reference->GetTipHeight();
    result.produced = produced.size();
    for (auto& [hash, record] : produced)
    {
        Ptr<Ledger> own = chainNodes[record.producer]->GetLedger();
        if (own->HasBlock(hash))
        {
            record.created = own->GetHeader(hash).GetTimestamp();
            record.bytes = own->GetStoredBytes(hash);
            record.txs = own->GetHeader(hash).GetTransactionCount();
        }
        record.mainChain = reference->IsOnMainChain(hash);
        if (!record.mainChain)
        {
            ++result.stale;
        }
        else
        {
            result.mainChainTransactions += record.txs;
        }
        for (const auto& [node, time] : receptions[hash])
        {
            if (node != record.producer)
            {
                result.delays.push_back((time - record.created).GetSeconds());
            }
        }
        if (rows.blocks)
        {
            rows.blocks->InsertRow(rows.runId,
                                   Hex(hash),
                                   record.height,
                                   record.producer,
                                   record.created.GetSeconds(),
                                   record.bytes,
                                   record.txs,
                                   record.mainChain ? 1 : 0);
        }
        if (!record.mainChain && rows.forks)
        {
            rows.forks->InsertRow(rows.runId,
                                  record.producer,
                                  record.created.GetSeconds(),
                                  "stale",
                                  Hex(hash),
                                  record.height,
                                  0);
        }
    }
    // Time to finality. PBFT: a ledger appends a block only once it has seen a quorum of
    // COMMITs, so its arrival is its commit. Longest-chain engines: a block is final on a node
    // when k blocks follow it on that node's main chain; that happened when the block k above
    // it arrived.
    const bool committed = options.consensus == "pbft";
    for (const auto& node : chainNodes)
    {
        Ptr<Ledger> ledger = node->GetLedger();
        const auto& main = ledger->GetMainChain();
        const uint64_t k = committed ? 0 : options.confirmations;
        for (uint64_t h = 1; h + k < main.size(); ++h)
        {
            const Time created = ledger->GetHeader(main[h]).GetTimestamp();
            const Time final = ledger->GetArrivalTime(main[h + k]);
            result.finality.push_back((std::max(final, created) - created).GetSeconds());
        }
    }
    for (const auto& node : chainNodes)
    {
        for (uint8_t t = static_cast<uint8_t>(GossipMessageType::INV);
             t <= static_cast<uint8_t>(GossipMessageType::CONSENSUS);
             ++t)
        {
            const auto type = static_cast<GossipMessageType>(t);
            result.traffic[type].first += node->GetMessagesSent(type);
            result.traffic[type].second += node->GetBytesSent(type);
        }
    }
    Simulator::Destroy();
    return result;
}

/**
 * \param options the run
 * \param result what it measured
 * \param rows where to write
 */
void
Report(const Options& options, Result& result, const Rows& rows)
{
    const double delayMean = Mean(result.delays);
    const double delayMedian = Quantile(result.delays, 0.5);
    const double delayP90 = Quantile(result.delays, 0.9);
    const double finalityMean = Mean(result.finality);
    const double finalityMedian = Quantile(result.finality, 0.5);
    std::cout << std::fixed << std::setprecision(3);
    std::cout << options.consensus << " on " << options.nodes << " nodes (" << options.topology
              << "), block interval " << options.blockInterval << " s, " << options.duration
              << " simulated s\n"
              << "  blocks produced " << result.produced << ", main chain height "
              << result.tipHeight << ", stale " << result.stale << " (stale rate "
              << result.StaleRate() << "), reorganisations " << result.reorgs << ", blocks refused "
              << result.rejected << ", orphans " << result.orphans << "\n"
              << "  transactions submitted " << result.transactions << ", on the main chain "
              << result.mainChainTransactions << "\n"
              << "  propagation delay over " << result.delays.size() << " receptions: mean "
              << delayMean << " s, median " << delayMedian << " s, 90th percentile " << delayP90
              << " s\n"
              << "  time to finality ("
              << (options.consensus == "pbft"
                      ? std::string("commit")
                      : std::to_string(options.confirmations) + " confirmations")
              << ") over " << result.finality.size() << " node-blocks: mean " << finalityMean
              << " s, median " << finalityMedian << " s\n";
    for (const auto& [type, counts] : result.traffic)
    {
        if (counts.first == 0)
        {
            continue;
        }
        std::cout << "  " << std::left << std::setw(11) << ToString(type) << std::right
                  << counts.first << " messages, " << counts.second << " bytes\n";
        if (rows.messages)
        {
            rows.messages->InsertRow(rows.runId,
                                     options.blockInterval,
                                     ToString(type),
                                     counts.first,
                                     counts.second);
        }
    }
    if (rows.summary)
    {
        auto& s = *rows.summary;
        s.Bind(rows.runId)
            .Bind(options.consensus)
            .Bind(options.topology)
            .Bind(options.nodes)
            .Bind(options.blockInterval)
            .Bind(options.duration)
            .Bind(result.produced)
            .Bind(result.tipHeight)
            .Bind(result.stale)
            .Bind(result.StaleRate())
            .Bind(result.reorgs);
        for (double v : {delayMean, delayMedian, delayP90, finalityMean, finalityMedian})
        {
            std::isnan(v) ? s.BindNull() : s.Bind(v);
        }
        s.Bind(result.transactions).Bind(result.mainChainTransactions).Insert();
    }
}

/**
 * \param text comma-separated positive numbers
 * \return them; throws naming the option when one is not a positive number
 */
std::vector<double>
ParseIntervals(const std::string& text)
{
    std::vector<double> values;
    for (const std::string& item : SplitCommaList(text))
    {
        size_t used = 0;
        double value = 0;
        try
        {
            value = std::stod(item, &used);
        }
        catch (const std::exception&)
        {
            used = 0;
        }
        if (used != item.size() || !(value > 0))
        {
            throw std::invalid_argument("--sweep-interval: '" + item +
                                        "' is not a positive number of seconds; give a list "
                                        "like 2,5,10,30");
        }
        values.push_back(value);
    }
    return values;
}

} // namespace

int
main(int argc, char** argv)
{
    Options o;
    std::string db;
    std::string plotPrefix = "sagin-blockchain";
    std::string sweep;
    uint32_t sweepBlocks = 100;
    bool test = false;
    bool benchmark = false;

    ExampleCommandLine cmd(__FILE__);
    cmd.AddValue("topology",
                 "constellation (ground stations over a Walker shell) or p2p",
                 o.topology);
    cmd.AddValue("consensus", "pow, pos, dpos, reputation or pbft", o.consensus);
    cmd.AddValue("nodes", "blockchain nodes", o.nodes);
    cmd.AddValue("block-interval",
                 "mean block interval (PoW), slot (PoS, DPoS, reputation) or pause between "
                 "PBFT blocks (s)",
                 o.blockInterval);
    cmd.AddValue("duration", "simulated time (s)", o.duration);
    cmd.AddValue("tx-rate", "transactions per second, whole network (0: none)", o.txRate);
    cmd.AddValue("tx-type",
                 "transaction kind: content (146 bytes), offloading (161), spectrum (154) or "
                 "model (171)",
                 o.txType);
    cmd.AddValue("max-block-tx", "transactions per block at most", o.maxBlockTx);
    cmd.AddValue("confirmations",
                 "k: a block of a longest-chain engine is final k blocks deep",
                 o.confirmations);
    cmd.AddValue("f", "PBFT faults tolerated (default: (nodes - 1) / 3)", o.faults);
    cmd.AddValue("degree", "gossip peers per node (random regular graph)", o.degree);
    cmd.AddValue("cpu-hz", "verification CPU frequency (Hz)", o.cpuHz);
    cmd.AddValue("tx-announce-s",
                 "batch transaction INVs per peer every this many seconds (0: one INV per "
                 "transaction at once)",
                 o.txAnnounceS);
    cmd.AddValue("tx-source",
                 "gossip (a transaction enters its sender's mempool and is gossiped) or pool "
                 "(pending at every node at once from a shared TransactionPool: only blocks "
                 "cross the links)",
                 o.txSource);
    cmd.AddValue("vote-transport",
                 "PBFT messages: tcp (CONSENSUS frames flooded on the gossip TCP links) or udp "
                 "(votes and small proposals in UDP datagrams to every validator, lost ones "
                 "re-sent)",
                 o.voteTransport);
    cmd.AddValue("routing",
                 "p2p: nix (ns-3's nix-vector routing, each path found on first use) or global "
                 "(ns-3's global routing, every table computed at start)",
                 o.routing);
    cmd.AddValue("planes", "Walker-delta shell: planes", o.planes);
    cmd.AddValue("sats-per-plane", "Walker-delta shell: satellites per plane", o.satsPerPlane);
    cmd.AddValue("altitude-km", "shell altitude (km)", o.altitudeKm);
    cmd.AddValue("inclination-deg", "shell inclination (degrees)", o.inclinationDeg);
    cmd.AddValue("min-elevation-deg",
                 "lowest elevation a station uses (degrees)",
                 o.minElevationDeg);
    cmd.AddValue("gsl-rate", "cap of the ground-satellite rate", o.gslRate);
    cmd.AddValue("link-rate", "p2p: link data rate", o.linkRate);
    cmd.AddValue("min-delay-ms", "p2p: smallest link delay, drawn uniformly (ms)", o.minDelayMs);
    cmd.AddValue("max-delay-ms", "p2p: largest link delay (ms)", o.maxDelayMs);
    cmd.AddValue("sweep-interval",
                 "PoW block intervals to sweep, comma-separated (s): stale rate vs interval",
                 sweep);
    cmd.AddValue("sweep-blocks",
                 "each sweep point runs for at least this many block intervals",
                 sweepBlocks);
    cmd.AddValue("db", "SQLite run store to write (empty: none)", db);
    cmd.AddValue("plot-prefix", "file name prefix of the sweep plot", plotPrefix);
    cmd.AddValue("test",
                 "a small network and a few simulated seconds (run by the test suite)",
                 test);
    cmd.AddValue("benchmark",
                 "print wall time, simulated s per wall s, events per wall s and peak memory",
                 benchmark);
    Ptr<RunStore> store;
    try
    {
        cmd.Parse(argc, argv);
        // The values given, checked before --test shrinks the run.
        CheckRange("--duration", o.duration, 1e-3, 9.2e9, "s (ns-3's time ends at 9.2e9 s)");
        CheckRange("--block-interval", o.blockInterval, 1e-3, 1e9, "s");
        CheckRange("--tx-rate", o.txRate, 0, 1e5, "transactions per second (0: none)");
        CheckAttribute("--cpu-hz",
                       BlockchainNode::GetTypeId(),
                       "CpuFrequency",
                       DoubleValue(o.cpuHz));
        CheckRange("--tx-announce-s", o.txAnnounceS, 0, 1e6, "s (0: at once)");
        CheckAttribute("--min-elevation-deg",
                       HighestElevationAttachmentPolicy::GetTypeId(),
                       "MinElevation",
                       DoubleValue(o.minElevationDeg));
        CheckDataRate("--gsl-rate", o.gslRate);
        CheckDataRate("--link-rate", o.linkRate);
        CheckRange("--min-delay-ms", o.minDelayMs, 0, 1e6, "ms");
        CheckRange("--max-delay-ms", o.maxDelayMs, o.minDelayMs, 1e6, "ms (>= --min-delay-ms)");
        if (o.faults < -1 || (o.faults != -1 && o.consensus != "pbft"))
        {
            throw std::invalid_argument("--f=" + std::to_string(o.faults) +
                                        ": give the faults PBFT tolerates (>= 0), or -1 for "
                                        "(nodes - 1) / 3; only --consensus=pbft uses it");
        }
        CheckOutputFile("--db", db);
        CheckOutputPrefix("--plot-prefix", plotPrefix);
        if (test)
        {
            o.progress = false;
            o.nodes = std::min(o.nodes, 8u);
            o.degree = std::min(o.degree, 3u);
            o.blockInterval = std::min(o.blockInterval, 2.0);
            o.duration = std::min(o.duration, 12.0);
            o.txRate = std::min(o.txRate, 5.0);
            o.confirmations = std::min(o.confirmations, 2u);
            sweepBlocks = std::min(sweepBlocks, 10u);
        }
        ForOption("--consensus", [&] { return GetConsensusEngineTypeId(o.consensus); });
        if (o.topology != "constellation" && o.topology != "p2p")
        {
            throw std::invalid_argument("--topology='" + o.topology +
                                        "' is not a topology; use constellation or p2p");
        }
        if (o.nodes < 2)
        {
            throw std::invalid_argument("--nodes must be at least 2");
        }
        if (o.degree == 0 || o.degree >= o.nodes || (uint64_t(o.nodes) * o.degree) % 2 != 0)
        {
            throw std::invalid_argument("--degree=" + std::to_string(o.degree) +
                                        " with --nodes=" + std::to_string(o.nodes) +
                                        ": a random regular graph needs 1 <= degree < nodes "
                                        "and nodes x degree even");
        }
        if (o.txType != "content" && o.txType != "offloading" && o.txType != "spectrum" &&
            o.txType != "model")
        {
            throw std::invalid_argument("--tx-type='" + o.txType +
                                        "' is not a transaction kind; use content, offloading, "
                                        "spectrum or model");
        }
        if (o.txSource != "gossip" && o.txSource != "pool")
        {
            throw std::invalid_argument("--tx-source='" + o.txSource +
                                        "' is not a transaction source; use gossip or pool");
        }
        if (o.voteTransport != "tcp" && o.voteTransport != "udp")
        {
            throw std::invalid_argument("--vote-transport='" + o.voteTransport +
                                        "' is not a transport; use tcp or udp");
        }
        if (o.routing != "nix" && o.routing != "global")
        {
            throw std::invalid_argument("--routing='" + o.routing +
                                        "' is not a routing; use nix or global");
        }
        if (o.consensus == "pbft")
        {
            if (o.faults < 0)
            {
                o.faults = static_cast<int32_t>((o.nodes - 1) / 3);
            }
            PbftConsensus::CheckFaultTolerance(o.nodes, static_cast<uint32_t>(o.faults));
        }
        const std::vector<double> intervals = ParseIntervals(sweep);
        if (!intervals.empty() && o.consensus != "pow")
        {
            throw std::invalid_argument(
                "--sweep-interval sweeps PoW; drop --consensus=" + o.consensus + " or the sweep");
        }
        for (double interval : intervals)
        {
            CheckRange("--sweep-interval", interval, 1e-3, 1e9, "s");
            CheckSimulationTime("--sweep-blocks x --sweep-interval", sweepBlocks * interval);
        }
        if (o.topology == "p2p")
        {
            // Measured with nix-vector routing at 100, 1,000 and 3,000 nodes (2 simulated s):
            // 101 KiB per node and 0.095 KiB per pair of nodes.
            const double n = o.nodes;
            CheckMemory("--nodes=" + std::to_string(o.nodes) +
                            " on --topology=p2p (101 KiB per node + 0.095 KiB x nodes^2, measured)",
                        (101.0 * n + 0.095 * n * n) * 1024,
                        "give fewer --nodes");
        }
        else
        {
            CheckShellMemory(o.planes, o.satsPerPlane, SATELLITE_NODE_BYTES, o.nodes, "--nodes");
        }

        Rows rows;
        if (!db.empty())
        {
            store = CreateObject<RunStore>();
            store->SetAttribute("Path", StringValue(db));
            std::ostringstream ci;
            ci << o.blockInterval;
            rows.runId = store->BeginRun("sagin-blockchain",
                                         {{"topology", o.topology},
                                          {"consensus", o.consensus},
                                          {"nodes", std::to_string(o.nodes)},
                                          {"block-interval", ci.str()},
                                          {"duration", std::to_string(o.duration)},
                                          {"tx-rate", std::to_string(o.txRate)},
                                          {"tx-type", o.txType},
                                          {"tx-source", o.txSource},
                                          {"max-block-tx", std::to_string(o.maxBlockTx)},
                                          {"confirmations", std::to_string(o.confirmations)},
                                          {"f", std::to_string(o.faults)},
                                          {"degree", std::to_string(o.degree)},
                                          {"cpu-hz", std::to_string(o.cpuHz)},
                                          {"tx-announce-s", std::to_string(o.txAnnounceS)},
                                          {"vote-transport", o.voteTransport},
                                          {"routing", o.routing},
                                          {"sweep-interval", sweep}});
            store->CreateTable("chain_summary",
                               "run_id INTEGER, consensus TEXT, topology TEXT, nodes INTEGER, "
                               "block_interval_s REAL, duration_s REAL, produced INTEGER, "
                               "tip_height INTEGER, stale INTEGER, stale_rate REAL, "
                               "reorgs INTEGER, delay_mean_s REAL, delay_median_s REAL, "
                               "delay_p90_s REAL, finality_mean_s REAL, finality_median_s REAL, "
                               "transactions INTEGER, main_chain_transactions INTEGER");
            store->CreateTable("chain_messages",
                               "run_id INTEGER, block_interval_s REAL, type TEXT, "
                               "messages INTEGER, bytes INTEGER");
            rows.summary = store->Prepare(
                "INSERT INTO chain_summary VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?)");
            rows.messages = store->Prepare("INSERT INTO chain_messages VALUES (?, ?, ?, ?, ?)");
            if (intervals.empty())
            {
                store->CreateTable("chain_blocks",
                                   "run_id INTEGER, hash TEXT, height INTEGER, producer INTEGER, "
                                   "created_s REAL, size_bytes INTEGER, n_tx INTEGER, "
                                   "main_chain INTEGER");
                store->CreateTable("chain_receptions",
                                   "run_id INTEGER, node INTEGER, hash TEXT, peer TEXT, "
                                   "received_s REAL");
                store->CreateTable("chain_validations",
                                   "run_id INTEGER, node INTEGER, hash TEXT, height INTEGER, "
                                   "time_s REAL, verdict TEXT, message TEXT");
                store->CreateTable("chain_forks",
                                   "run_id INTEGER, node INTEGER, time_s REAL, event TEXT, "
                                   "hash TEXT, height INTEGER, depth INTEGER");
                rows.blocks =
                    store->Prepare("INSERT INTO chain_blocks VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                rows.receptions =
                    store->Prepare("INSERT INTO chain_receptions VALUES (?, ?, ?, ?, ?)");
                rows.validations =
                    store->Prepare("INSERT INTO chain_validations VALUES (?, ?, ?, ?, ?, ?, ?)");
                rows.forks = store->Prepare("INSERT INTO chain_forks VALUES (?, ?, ?, ?, ?, ?, ?)");
            }
        }

        std::string tables;
        if (intervals.empty())
        {
            Result result = RunOnce(o, rows);
            Report(o, result, rows);
            if (benchmark)
            {
                rusage usage{};
                getrusage(RUSAGE_SELF, &usage);
                std::cout << "benchmark: " << o.duration << " simulated s in " << result.wall
                          << " wall s (" << o.duration / result.wall << " simulated s per wall s), "
                          << result.events / result.wall << " events per wall s, peak memory "
                          << usage.ru_maxrss / 1024.0 << " MiB\n";
            }
            tables = "runs, chain_summary, chain_messages, chain_blocks, chain_receptions, "
                     "chain_validations, chain_forks";
        }
        else
        {
            // Stale rate against block interval, with Decker and Wattenhofer's (2013) model
            // next to it: a block goes stale when another is found while it propagates, so
            // r = 1 - exp(-tau / T) for a mean propagation delay tau and interval T.
            Ptr<RunStore::Batch> sweepRows;
            if (store)
            {
                store->CreateTable("chain_sweep",
                                   "run_id INTEGER, block_interval_s REAL, produced INTEGER, "
                                   "stale INTEGER, stale_rate REAL, delay_mean_s REAL, "
                                   "model_stale_rate REAL");
                sweepRows = store->Prepare("INSERT INTO chain_sweep VALUES (?, ?, ?, ?, ?, ?, ?)");
            }
            Gnuplot2dDataset measured("simulated");
            measured.SetStyle(Gnuplot2dDataset::LINES_POINTS);
            Gnuplot2dDataset model("1 - exp(-mean delay / interval)");
            model.SetStyle(Gnuplot2dDataset::LINES);
            for (double interval : intervals)
            {
                Options run = o;
                run.blockInterval = interval;
                run.duration = test ? o.duration : std::max(o.duration, sweepBlocks * interval);
                Result result = RunOnce(run, rows);
                Report(run, result, rows);
                const double tau = Mean(result.delays);
                const double modelRate = std::isnan(tau) ? 0 : 1 - std::exp(-tau / interval);
                measured.Add(interval, result.StaleRate());
                model.Add(interval, modelRate);
                if (sweepRows)
                {
                    sweepRows->Bind(rows.runId)
                        .Bind(interval)
                        .Bind(result.produced)
                        .Bind(result.stale)
                        .Bind(result.StaleRate());
                    std::isnan(tau) ? sweepRows->BindNull() : sweepRows->Bind(tau);
                    sweepRows->Bind(modelRate).Insert();
                }
            }
            Gnuplot plot;
            plot.SetTitle("PoW stale rate vs block interval, " + std::to_string(o.nodes) +
                          " nodes (" + o.topology + ")");
            plot.SetLegend("block interval (s)", "stale rate");
            plot.AppendExtra("set logscale x");
            plot.AddDataset(measured);
            plot.AddDataset(model);
            const bool png = WriteGnuplotPng(plot, plotPrefix + "-stale");
            std::cout << "plot: " << plotPrefix << "-stale." << (png ? "png" : "plt") << "\n";
            tables = "runs, chain_summary, chain_messages, chain_sweep";
        }
        if (store)
        {
            rows = Rows();
            store->EndRun();
            store->Close();
            std::cout << "run store: " << db << " (tables " << tables << ")\n";
        }
    }
    catch (const std::exception& e)
    {
        std::cerr << "sagin-blockchain: " << e.what() << std::endl;
        if (store)
        {
            store->FailRun(e.what());
        }
        return 1;
    }
    return 0;
}
