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

#include "ns3/blockchain-experiment.h"
#include "ns3/blockchain-node.h"
#include "ns3/consensus-engine.h"
#include "ns3/double.h"
#include "ns3/example-command-line.h"
#include "ns3/example-options.h"
#include "ns3/gsl-attachment-policy.h"
#include "ns3/log.h"
#include "ns3/pbft-consensus.h"
#include "ns3/plot-output.h"
#include "ns3/run-store.h"
#include "ns3/string.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <map>
#include <numeric>
#include <sstream>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;

NS_LOG_COMPONENT_DEFINE("SaginBlockchainExample");

namespace
{

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
    BlockchainExperimentOptions o;
    std::string db;
    std::string plotPrefix = "sagin-blockchain";
    std::string sweep;
    uint32_t sweepBlocks = 100;
    bool test = false;

    ExampleCommandLine cmd(__FILE__);
    cmd.AddValue("topology",
                 "constellation (ground stations over a Walker shell) or p2p",
                 o.topology);
    cmd.AddValue("consensus", "pow, pos, dpos, reputation or pbft", o.consensus);
    cmd.AddValue("nodes", "blockchain nodes", o.nodes);
    cmd.AddValue("block-interval",
                 "mean block interval (PoW), slot (PoS, DPoS, reputation) or pause between "
                 "PBFT blocks",
                 o.blockInterval);
    cmd.AddValue("duration", "simulated time", o.duration);
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
    cmd.AddValue("tx-announce",
                 "batch transaction INVs per peer over this time (0: one INV per "
                 "transaction at once)",
                 o.txAnnounce);
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
    cmd.AddValue("flow-level",
                 "message types moved at flow level instead of as TCP segments, "
                 "comma-separated (BLOCK, TX, HEADERS; --topology=p2p only): a transfer's "
                 "time from the path's rate, delay and TCP slow start, no segments",
                 o.flowLevel);
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
    cmd.AddValue("min-delay", "p2p: smallest link delay, drawn uniformly", o.minDelay);
    cmd.AddValue("max-delay", "p2p: largest link delay", o.maxDelay);
    cmd.AddValue("sweep-interval",
                 "PoW block intervals to sweep, comma-separated (s): stale rate vs interval",
                 sweep);
    cmd.AddValue("sweep-blocks",
                 "each sweep point runs for at least this many block intervals",
                 sweepBlocks);
    cmd.AddValue("db", "SQLite run store to write (empty or none: none)", db);
    cmd.AddValue("plot-prefix", "file name prefix of the sweep plot", plotPrefix);
    cmd.AddValue("test",
                 "a small network and a few simulated seconds (run by the test suite)",
                 test);
    Ptr<RunStore> store;
    try
    {
        cmd.Parse(argc, argv);
        // The values given, checked before --test shrinks the run.
        CheckRange("--duration", o.duration, MilliSeconds(1), Time::Max());
        CheckRange("--block-interval", o.blockInterval, MilliSeconds(1), Seconds(1e9));
        CheckRange("--tx-rate", o.txRate, 0, 1e5, "transactions per second (0: none)");
        CheckAttribute("--cpu-hz",
                       BlockchainNode::GetTypeId(),
                       "CpuFrequency",
                       DoubleValue(o.cpuHz));
        CheckRange("--tx-announce", o.txAnnounce, Seconds(0), Seconds(1e6));
        CheckAttribute("--min-elevation-deg",
                       HighestElevationAttachmentPolicy::GetTypeId(),
                       "MinElevation",
                       DoubleValue(o.minElevationDeg));
        CheckRange("--gsl-rate", o.gslRate, DataRate(1), MAX_OPTION_RATE);
        CheckRange("--link-rate", o.linkRate, DataRate(1), MAX_OPTION_RATE);
        CheckRange("--min-delay", o.minDelay, Seconds(0), Seconds(1e3));
        CheckRange("--max-delay (at least --min-delay)", o.maxDelay, o.minDelay, Seconds(1e3));
        if (o.faults < -1 || (o.faults != -1 && o.consensus != "pbft"))
        {
            throw std::invalid_argument("--f=" + std::to_string(o.faults) +
                                        ": give the faults PBFT tolerates (>= 0), or -1 for "
                                        "(nodes - 1) / 3; only --consensus=pbft uses it");
        }
        db = RunStoreFile(db);
        CheckOutputFile("--db", db);
        CheckOutputPrefix("--plot-prefix", plotPrefix);
        if (test)
        {
            o.progress = false;
            o.nodes = std::min(o.nodes, 8u);
            o.degree = std::min(o.degree, 3u);
            o.blockInterval = std::min(o.blockInterval, Seconds(2));
            o.duration = std::min(o.duration, Seconds(12));
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
        CheckFlowLevel(o);
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

        BlockchainRunRows rows;
        if (!db.empty())
        {
            store = CreateObject<RunStore>();
            store->SetAttribute("Path", StringValue(db));
            rows.runId = store->BeginRun("sagin-blockchain",
                                         {{"topology", o.topology},
                                          {"consensus", o.consensus},
                                          {"nodes", std::to_string(o.nodes)},
                                          {"block-interval", OptionText(o.blockInterval)},
                                          {"duration", OptionText(o.duration)},
                                          {"tx-rate", std::to_string(o.txRate)},
                                          {"tx-type", o.txType},
                                          {"tx-source", o.txSource},
                                          {"max-block-tx", std::to_string(o.maxBlockTx)},
                                          {"confirmations", std::to_string(o.confirmations)},
                                          {"f", std::to_string(o.faults)},
                                          {"degree", std::to_string(o.degree)},
                                          {"cpu-hz", std::to_string(o.cpuHz)},
                                          {"tx-announce", OptionText(o.txAnnounce)},
                                          {"vote-transport", o.voteTransport},
                                          {"routing", o.routing},
                                          {"flow-level", o.flowLevel},
                                          {"sweep-interval", sweep}});
            rows = CreateBlockchainTables(store, rows.runId, intervals.empty());
        }

        std::string tables;
        if (intervals.empty())
        {
            BlockchainExperimentResult result = RunBlockchainExperiment(o, rows);
            ReportBlockchainRun(std::cout, o, result, rows);
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
                BlockchainExperimentOptions run = o;
                run.blockInterval = Seconds(interval);
                run.duration =
                    test ? o.duration : std::max(o.duration, Seconds(sweepBlocks * interval));
                BlockchainExperimentResult result = RunBlockchainExperiment(run, rows);
                ReportBlockchainRun(std::cout, run, result, rows);
                const double tau =
                    result.delays.empty()
                        ? std::nan("")
                        : std::accumulate(result.delays.begin(), result.delays.end(), 0.0) /
                              result.delays.size();
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
            rows = BlockchainRunRows();
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
