// SPDX-License-Identifier: GPL-2.0-only
//
// Study C end to end at flow level (Du, Lv and Lu 2023; PAPERS.md "Study C"): J caching UAVs
// on the bounded random walk over a square service area, I static UEs at random places in
// it, one LEO content server. Every slot a CachingSlotController draws the requests, computes
// the UAV-UE rates from the air-to-ground loss model at the current positions, solves the
// per-slot problem with the chosen algorithm, applies the caches and blockchain roles, and
// updates the virtual queues and the revenue.
//
// Regenerates the source's figures 2-7: profit (2), average UAV queue (3) and satellite
// queue (4) versus the number of UEs; profit (5) and queues (6) versus the number of mutation
// sparks; profit versus the UAV bandwidth (7), for Proposed, OneES, NoMutation and the LRU
// and LFU operator baselines. Each point averages --runs independent runs (run r of n with
// --RngRun=R is ns-3 run (R - 1) n + r, IndependentRunNumber; common to all algorithms so that
// they see the same UEs, walks, requests and blockages), --slots slots each; runs are spread over
// --jobs worker processes (each run is its own ns-3 simulation, and the simulator is one per
// process). Writes one row per point and algorithm (mean and standard error) to the run store
// (table edge_caching_points) and one gnuplot PNG per figure.
//
//   ./sagin-edge-caching --figure=all --runs=200 --slots=20 --jobs=2
//   ./sagin-edge-caching --figure=2 --points=20 --runs=2000   (one point of figure 2)
//
// --packet-level carries every slot's decision as packets (CachingNetworkHelper): one LEO
// satellite passing over the area serves contents over its GSL (R^S = its 2 Mbit/s cap), the
// UAVs over study C's air-to-ground channel with AirtimeFair cells (R_ij / k), each request a
// TCP transfer from the chosen access point and each placement a TCP backhaul from the
// satellite; the bits that arrive by the slot's end update the queues and the revenue. The
// output then compares, for the same decisions, what the packets delivered with what the
// flow model gives, and says where and why they differ.
//
//   ./sagin-edge-caching --packet-level --figure=2 --runs=5 --slots=10

#include "ns3/edge-caching-experiment.h"
#include "ns3/edge-caching-figures.h"
#include "ns3/example-command-line.h"
#include "ns3/example-options.h"
#include "ns3/log.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/run-store.h"
#include "ns3/string.h"

#include <chrono>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;

NS_LOG_COMPONENT_DEFINE("SaginEdgeCachingExample");

int
main(int argc, char** argv)
{
    EdgeCachingOptions o;
    bool test = false;
    ExampleCommandLine cmd(__FILE__);
    cmd.AddValue("figure", "figure to regenerate: 2, 3, 4, 5, 6, 7 or all", o.figure);
    cmd.AddValue("runs",
                 "independent runs per point (ns-3 runs (RngRun - 1) x runs + 1 ... RngRun x "
                 "runs; source: 2000)",
                 o.runs);
    cmd.AddValue("slots", "slots per run (Delta t = 1 s)", o.slots);
    cmd.AddValue("jobs", "worker processes running the runs in parallel", o.jobs);
    cmd.AddValue("ues", "I, number of UEs where it is not swept (figures 5-7)", o.ues);
    cmd.AddValue("uavs", "J, number of caching UAVs", o.uavs);
    cmd.AddValue("contents", "F, number of contents on the satellite", o.contents);
    cmd.AddValue("bandwidth-mhz",
                 "B, bandwidth of each UAV where it is not swept (MHz)",
                 o.bandwidthMhz);
    cmd.AddValue("mutation-sparks",
                 "mutation sparks per generation where they are not swept",
                 o.mutationSparks);
    cmd.AddValue("generations", "fireworks generations per slot", o.generations);
    cmd.AddValue("v", "V, Lyapunov penalty weight", o.v);
    cmd.AddValue("storage-mbit", "S_j, storage of each UAV (Mbit)", o.storageMbit);
    cmd.AddValue("backhaul-mbps",
                 "R^bh: each UAV newly caches at most R^bh x 1 s per slot (Mbit/s)",
                 o.backhaulMbps);
    cmd.AddValue("zipf", "Zipf exponent of the content popularity (>= 0)", o.zipf);
    cmd.AddValue("area-m", "side of the square service area (m)", o.areaM);
    cmd.AddValue("points",
                 "x values of the chosen --figure's sweep, comma-separated (default: the "
                 "figure's own)",
                 o.points);
    cmd.AddValue("algorithms",
                 "proposed, one-es, no-mutation, lru, lfu (comma-separated) or all",
                 o.algorithms);
    cmd.AddValue("db", "SQLite run store to write (none: no store)", o.db);
    cmd.AddValue("plot-prefix", "file name prefix of the figures' PNGs", o.plotPrefix);
    cmd.AddValue("packet-level",
                 "carry the contents as TCP packets over the UAV and satellite links and "
                 "compare with the flow model",
                 o.packetLevel);
    cmd.AddValue("optimality-gap",
                 "solve every slot also as a MILP (CBC) with this time limit per slot and "
                 "print each algorithm's distance from the optimum (0: off)",
                 o.optimalityGap);
    cmd.AddValue("test", "2 runs of 3 slots per point, 2 to 3 points per sweep", test);
    Ptr<RunStore> store;
    try
    {
        cmd.Parse(argc, argv);
        o.userRun = RngSeedManager::GetRun();
        o.Validate(); // the values given, before --test shrinks the run
        if (test)
        {
            o.runs = std::min(o.runs, 2U);
            o.slots = std::min(o.slots, 3U);
            o.db = o.db == "sagin-edge-caching.db" ? "sagin-edge-caching-test.db" : o.db;
            o.plotPrefix =
                o.plotPrefix == "sagin-edge-caching" ? "sagin-edge-caching-test" : o.plotPrefix;
        }
        const std::vector<EdgeCachingAlgorithm> algorithms =
            ParseEdgeCachingAlgorithms(o.algorithms);
        std::vector<int> figures;
        for (int f = 2; f <= 7; ++f)
        {
            if (o.figure == "all" || o.figure == std::to_string(f))
            {
                figures.push_back(f);
            }
        }
        const std::map<EdgeCachingSweep, std::vector<double>> defaultSweeps = {
            {EdgeCachingSweep::UES,
             test ? std::vector<double>{10, 30} : std::vector<double>{10, 20, 30, 40, 50}},
            {EdgeCachingSweep::MUTATION_SPARKS,
             test ? std::vector<double>{1, 5} : std::vector<double>{1, 2, 4, 6, 8, 10}},
            {EdgeCachingSweep::BANDWIDTH,
             test ? std::vector<double>{1, 10} : std::vector<double>{1, 5, 10, 15, 20}}};
        std::map<EdgeCachingSweep, std::vector<EdgeCachingPoint>> sweeps;
        for (int f : figures)
        {
            const EdgeCachingSweep sweep = GetEdgeCachingSweep(f);
            if (sweeps.count(sweep))
            {
                continue;
            }
            const std::vector<double> xs =
                o.points.empty() ? defaultSweeps.at(sweep) : ParseNumberList("--points", o.points);
            for (double x : xs)
            {
                sweeps[sweep].push_back(MakeEdgeCachingPoint(sweep, x, o));
            }
        }

        CheckEdgeCachingMemory(sweeps, algorithms, o);

        Ptr<RunStore::Batch> rows;
        if (o.db != "none")
        {
            store = CreateObject<RunStore>();
            store->SetAttribute("Path", StringValue(o.db));
            std::ostringstream bandwidth;
            bandwidth << o.bandwidthMhz;
            store->BeginRun("sagin-edge-caching",
                            {{"figure", o.figure},
                             {"runs", std::to_string(o.runs)},
                             {"slots", std::to_string(o.slots)},
                             {"jobs", std::to_string(o.jobs)},
                             {"ues", std::to_string(o.ues)},
                             {"uavs", std::to_string(o.uavs)},
                             {"contents", std::to_string(o.contents)},
                             {"bandwidth_mhz", bandwidth.str()},
                             {"mutation_sparks", std::to_string(o.mutationSparks)},
                             {"generations", std::to_string(o.generations)},
                             {"v", std::to_string(o.v)},
                             {"storage_mbit", std::to_string(o.storageMbit)},
                             {"backhaul_mbps", std::to_string(o.backhaulMbps)},
                             {"zipf", std::to_string(o.zipf)},
                             {"area_m", std::to_string(o.areaM)},
                             {"points", o.points},
                             {"algorithms", o.algorithms},
                             {"mode", o.packetLevel ? "packet-level" : "flow-level"}});
            rows = CreateEdgeCachingTable(store);
        }

        const auto start = std::chrono::steady_clock::now();
        std::map<EdgeCachingSweep, std::vector<EdgeCachingPointSummary>> summaries;
        std::cout << std::fixed << std::setprecision(2);
        std::cout << "Study C, " << (o.packetLevel ? "packet" : "flow") << " level: " << o.runs
                  << " runs x " << o.slots << " slots per point, " << o.jobs << " jobs\n";
        for (const auto& [sweep, points] : sweeps)
        {
            for (const EdgeCachingPoint& point : points)
            {
                const auto pointStart = std::chrono::steady_clock::now();
                const std::vector<EdgeCachingRunResult> results =
                    RunEdgeCachingPoint(point, algorithms, o);
                const double wall =
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - pointStart)
                        .count();
                const EdgeCachingPointSummary s =
                    SummariseEdgeCachingPoint(point, results, algorithms, o.runs);
                for (EdgeCachingAlgorithm algorithm : algorithms)
                {
                    const uint32_t a = static_cast<uint32_t>(algorithm);
                    std::cout << GetEdgeCachingSweepName(sweep) << " = " << point.x << "  "
                              << std::setw(10) << GetEdgeCachingAlgorithmName(algorithm)
                              << ": profit " << s.profit.at(a).mean << " +- " << s.profit.at(a).se
                              << ", UAV queue " << s.uavQueue.at(a).mean << " +- "
                              << s.uavQueue.at(a).se << " Mbit (growing "
                              << s.uavQueueGrowth.at(a).mean << " Mbit/slot), satellite queue "
                              << s.satelliteQueue.at(a).mean << " +- " << s.satelliteQueue.at(a).se
                              << " Mbit (growing " << s.satelliteQueueGrowth.at(a).mean
                              << " Mbit/slot), " << 100.0 * s.satelliteShare.at(a).mean
                              << " % of UEs on the satellite, " << s.fullNodes.at(a).mean
                              << " full nodes, " << s.placedData.at(a).mean
                              << " Mbit placed per slot\n";
                    const EdgeCachingPacketComparison packets =
                        CompareEdgeCachingPacketsWithFlow(results, algorithm);
                    if (o.packetLevel)
                    {
                        PrintEdgeCachingPacketComparison(std::cout, packets);
                    }
                    const EdgeCachingGapSummary gap = SummariseEdgeCachingGap(results, algorithm);
                    if (o.optimalityGap > Time(0))
                    {
                        PrintEdgeCachingGap(std::cout, gap);
                    }
                    if (rows)
                    {
                        WriteEdgeCachingRow(rows,
                                            store->GetRunId(),
                                            s,
                                            algorithm,
                                            packets,
                                            gap,
                                            wall,
                                            o);
                    }
                }
                if (store)
                {
                    store->Flush(); // one transaction per point: a crash keeps finished points
                }
                std::cout << "  (point: " << wall << " s wall)\n";
                summaries[sweep].push_back(s);
            }
        }
        for (int f : figures)
        {
            std::cout << "figure " << f << ": "
                      << PlotEdgeCachingFigure(f, summaries[GetEdgeCachingSweep(f)], algorithms, o)
                      << "\n";
        }
        rows = nullptr;
        if (store)
        {
            store->EndRun();
            store->Close();
            std::cout << "run store: " << o.db << " (tables runs, edge_caching_points)\n";
        }
        std::cout << "total: "
                  << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
                  << " s wall\n";
    }
    catch (const std::exception& e)
    {
        std::cerr << "sagin-edge-caching: " << e.what() << std::endl;
        if (store)
        {
            store->FailRun(e.what());
        }
        return 1;
    }
    return 0;
}
