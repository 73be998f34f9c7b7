// SPDX-License-Identifier: GPL-2.0-only

#include "blockchain-experiment.h"

#include "blockchain-helper.h"
#include "constellation-helper.h"
#include "example-options.h"
#include "ground-station-helper.h"
#include "gsl-helper.h"
#include "isl-helper.h"
#include "run-report.h"
#include "sagin-routing-helper.h"

#include "ns3/blockchain-node.h"
#include "ns3/byte-codec.h"
#include "ns3/consensus-engine.h"
#include "ns3/double.h"
#include "ns3/gsl-attachment-policy.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/ledger.h"
#include "ns3/log.h"
#include "ns3/nix-vector-helper.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/traffic-control-helper.h"
#include "ns3/transaction-payloads.h"
#include "ns3/transaction-pool.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <iomanip>
#include <numeric>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("BlockchainExperiment");

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
BuildNetwork(const BlockchainExperimentOptions& options, BlockchainHelper& chain)
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
        p2p.SetDeviceAttribute("DataRate", DataRateValue(options.linkRate));
        Ipv4AddressHelper ipv4("10.0.0.0", "255.255.255.252");
        for (const auto& [a, b] : links)
        {
            const double delayMs = random->GetValue(options.minDelay.ToDouble(Time::MS),
                                                    options.maxDelay.ToDouble(Time::MS));
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
    const WalkerShell shell = CheckWalkerShell(options.planes,
                                               options.satsPerPlane,
                                               options.planes > 1 ? 1 : 0, // F in [0, P - 1]
                                               options.altitudeKm,
                                               options.inclinationDeg);
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
    gsl.SetChannelAttribute("MaxRate", DataRateValue(options.gslRate));
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

} // namespace

void
CheckFlowLevel(const BlockchainExperimentOptions& options)
{
    try
    {
        PeerTransport().SetFlowLevel(ParseGossipMessageTypes(options.flowLevel, "--flow-level"));
    }
    catch (const std::invalid_argument& e)
    {
        throw std::invalid_argument("--flow-level='" + options.flowLevel + "': " + e.what());
    }
    if (!options.flowLevel.empty() && options.topology != "p2p")
    {
        throw std::invalid_argument("--flow-level='" + options.flowLevel +
                                    "' needs --topology=p2p: flow-level transfers need "
                                    "point-to-point paths, and the constellation's GSL is a "
                                    "shared medium");
    }
}

BlockchainExperimentResult
RunBlockchainExperiment(const BlockchainExperimentOptions& options, const BlockchainRunRows& rows)
{
    // Before the nodes exist: FindFlowPath would throw from inside Simulator::Run.
    CheckFlowLevel(options);
    BlockchainHelper chain;
    const Time interval = options.blockInterval;
    if (options.consensus == "pow")
    {
        // The network's mean interval is Difficulty over the summed hash rates.
        chain.SetConsensus(
            "pow",
            "HashRate",
            DoubleValue(HASH_RATE),
            "Difficulty",
            DoubleValue(options.blockInterval.GetSeconds() * options.nodes * HASH_RATE));
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
    chain.SetNodeAttribute("TransactionAnnounceInterval", TimeValue(options.txAnnounce));
    chain.SetNodeAttribute("FlowLevelMessages", StringValue(options.flowLevel));
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

    BlockchainExperimentResult result;
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
                                                   ToHex(hash),
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
                                                       ToHex(hash),
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
                                                    ToHex(hash),
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
                            .Bind(ToHex(hash))
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
                                              ToHex(hash),
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
    Simulator::Stop(options.duration);
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
                                   ToHex(hash),
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
                                  ToHex(hash),
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

void
ReportBlockchainRun(std::ostream& out,
                    const BlockchainExperimentOptions& options,
                    BlockchainExperimentResult& result,
                    const BlockchainRunRows& rows)
{
    const double delayMean = Mean(result.delays);
    const double delayMedian = Quantile(result.delays, 0.5);
    const double delayP90 = Quantile(result.delays, 0.9);
    const double finalityMean = Mean(result.finality);
    const double finalityMedian = Quantile(result.finality, 0.5);
    out << std::fixed << std::setprecision(3);
    out << options.consensus << " on " << options.nodes << " nodes (" << options.topology
        << "), block interval " << options.blockInterval.GetSeconds() << " s, "
        << options.duration.GetSeconds() << " simulated s\n"
        << "  blocks produced " << result.produced << ", main chain height " << result.tipHeight
        << ", stale " << result.stale << " (stale rate " << result.StaleRate()
        << "), reorganisations " << result.reorgs << ", blocks refused " << result.rejected
        << ", orphans " << result.orphans << "\n"
        << "  transactions submitted " << result.transactions << ", on the main chain "
        << result.mainChainTransactions << "\n"
        << "  propagation delay over " << result.delays.size() << " receptions: mean " << delayMean
        << " s, median " << delayMedian << " s, 90th percentile " << delayP90 << " s\n"
        << "  time to finality ("
        << (options.consensus == "pbft" ? std::string("commit")
                                        : std::to_string(options.confirmations) + " confirmations")
        << ") over " << result.finality.size() << " node-blocks: mean " << finalityMean
        << " s, median " << finalityMedian << " s\n";
    for (const auto& [type, counts] : result.traffic)
    {
        if (counts.first == 0)
        {
            continue;
        }
        out << "  " << std::left << std::setw(11) << ToString(type) << std::right << counts.first
            << " messages, " << counts.second << " bytes\n";
        if (rows.messages)
        {
            rows.messages->InsertRow(rows.runId,
                                     options.blockInterval.GetSeconds(),
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
            .Bind(options.blockInterval.GetSeconds())
            .Bind(options.duration.GetSeconds())
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

BlockchainRunRows
CreateBlockchainTables(Ptr<RunStore> store, int64_t runId, bool perEvent)
{
    BlockchainRunRows rows;
    rows.runId = runId;
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
    if (perEvent)
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
        rows.blocks = store->Prepare("INSERT INTO chain_blocks VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        rows.receptions = store->Prepare("INSERT INTO chain_receptions VALUES (?, ?, ?, ?, ?)");
        rows.validations =
            store->Prepare("INSERT INTO chain_validations VALUES (?, ?, ?, ?, ?, ?, ?)");
        rows.forks = store->Prepare("INSERT INTO chain_forks VALUES (?, ?, ?, ?, ?, ?, ?)");
    }
    return rows;
}

} // namespace sagin
} // namespace ns3
