// SPDX-License-Identifier: GPL-2.0-only
//
// Study A (Gong et al., satellite-ground digital-twin offloading; PAPERS.md "Study A"): N
// MBSs around Beijing, each hosting the digital twins of M devices (followers) that every
// slot process their task locally at a CPU frequency bought from a cloud-server leader, or
// offload it over an OFDMA channel to one of the O LEO satellites highest in the sky
// (Starlink's first shell on its real orbits by default), with co-channel interference from
// the other cells. The leader prices each follower first, the followers respond (a two-stage
// Stackelberg game on the slot's drift-plus-penalty terms Q D + V F), and a block of the
// slot's transactions costs the privacy overhead C_SBC.
//
// Regenerates figures 4a-7b at flow level: throughput (4a) and time-average queue (4b) vs V
// for several M; leader profit vs energy cost (5a) for several M; co-channel interference vs
// transmit power (5b), throughput vs bandwidth (6a), leader profit vs price (6b) and privacy
// overhead vs delta (7a) and vs f_MBS (7b) for each algorithm. The algorithms: "Myopic", the
// per-slot Stackelberg optimum (a non-learning reference, which knows the slot exactly), the
// source's baselines MARTO, MAMCC and MAGCS on top of it, and (asked for by name) MADFRL,
// learning agents that train for --training-slots before the measured slots. Each point averages
// --runs runs of --slots slots (run r of n with --RngRun=R is ns-3 run (R - 1) n + r, common to all
// curves), spread over --jobs worker processes. Writes one row per figure, curve and x to
// the run store (table offloading_points) and one gnuplot PNG per figure.
//
// --packet-level carries each offloading follower's bits as UDP over its GSL, on its chosen
// channel, to its chosen LEO's compute server (OffloadingNetworkHelper); what arrives in the
// slot is its D2, and the output compares it with the flow model for the same decisions. The
// privacy overhead is measured too: the MBSs' models go up a tree of backhaul links to the
// leader (C2) and the leader's DPoS block of the slot's transactions comes down to the twins,
// who verify it (C3) (OffloadingNetworkHelper::InstallPrivacyPath).
//
//   ./sagin-offloading --figure=all --runs=10 --slots=100 --jobs=2
//   ./sagin-offloading --figure=6b --algorithms=myopic,marto --points=1,3,5
//   ./sagin-offloading --figure=4a --random-geometry   (the source's random distances)
//   ./sagin-offloading --figure=6a --packet-level --runs=2 --slots=20

#include "ns3/example-command-line.h"
#include "ns3/example-options.h"
#include "ns3/offloading-figures.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/run-store.h"
#include "ns3/string.h"

#include <chrono>
#include <iomanip>
#include <iostream>

using namespace ns3;
using namespace ns3::sagin;

int
main(int argc, char** argv)
{
    OffloadingFigureOptions o;
    bool test = false;
    ExampleCommandLine cmd(__FILE__);
    cmd.AddValue("figure", "figure to regenerate: 4a, 4b, 5a, 5b, 6a, 6b, 7a, 7b or all", o.figure);
    cmd.AddValue("runs", "independent runs per point", o.runs);
    cmd.AddValue("slots", "slots per run (T = 5 s each)", o.slots);
    cmd.AddValue("jobs", "worker processes running the runs in parallel", o.jobs);
    cmd.AddValue("training-slots",
                 "slots MADFRL trains in before the measured ones (about 80 ms each with 48 "
                 "followers)",
                 o.trainingSlots);
    cmd.AddValue("meta-iterations",
                 "MADFRL: meta-iterations of its followers' initial parameters before training "
                 "(MAML-MADFRL; 4 tasks of 20 slots each, first-order MAML in Reptile's form)",
                 o.metaIterations);
    cmd.AddValue("learned-baselines",
                 "MARTO, MAMCC and MAGCS replace one decision of a MADFRL strategy that trains "
                 "for --training-slots (the source's multi-agent learners) instead of one of "
                 "the myopic per-slot optimum",
                 o.learnedBaselines);
    cmd.AddValue(
        "algorithms",
        "myopic, marto, mamcc, magcs, madfrl (comma-separated) or all (the first "
        "four; madfrl trains first, --training-slots, and is below the reference); figures "
        "4a-5a draw the first for several M",
        o.algorithms);
    cmd.AddValue("points",
                 "x values of the chosen --figure, comma-separated (default: the figure's own)",
                 o.points);
    cmd.AddValue("constellation", "the LEOs' constellation preset", o.constellation);
    cmd.AddValue("random-geometry",
                 "the source's random distances (horizontal U(1000, 2000) km, altitude U(500, "
                 "2000) km) instead of the orbits",
                 o.randomGeometry);
    cmd.AddValue("packet-level",
                 "carry the offloaded bits as UDP over the GSL to the LEOs' compute servers "
                 "and compare with the flow model; measure C_SBC from the model upload and "
                 "the DPoS block on backhaul links",
                 o.packetLevel);
    cmd.AddValue("db", "SQLite run store to write (none: no store)", o.db);
    cmd.AddValue("plot-prefix", "file name prefix of the figures' PNGs", o.plotPrefix);
    cmd.AddValue("test", "2 runs of 4 slots per point, 2 points per figure", test);
    Ptr<RunStore> store;
    try
    {
        cmd.Parse(argc, argv);
        o.userRun = RngSeedManager::GetRun();
        o.Validate(); // the values given, before --test shrinks the run
        if (test)
        {
            o.runs = std::min(o.runs, 2U);
            o.slots = std::min(o.slots, 4U);
            o.trainingSlots = std::min(o.trainingSlots, 6U);
            o.metaIterations = std::min(o.metaIterations, 1U);
            o.db = o.db == "sagin-offloading.db" ? "sagin-offloading-test.db" : o.db;
            o.plotPrefix =
                o.plotPrefix == "sagin-offloading" ? "sagin-offloading-test" : o.plotPrefix;
        }
        const std::vector<OffloadingAlgorithm> algorithms = ParseOffloadingAlgorithms(o.algorithms);
        Ptr<RunStore::Batch> rows;
        if (o.db != "none")
        {
            store = CreateObject<RunStore>();
            store->SetAttribute("Path", StringValue(o.db));
            store->BeginRun("sagin-offloading",
                            {{"figure", o.figure},
                             {"runs", std::to_string(o.runs)},
                             {"slots", std::to_string(o.slots)},
                             {"training_slots", std::to_string(o.trainingSlots)},
                             {"meta_iterations", std::to_string(o.metaIterations)},
                             {"learned_baselines", o.learnedBaselines ? "true" : "false"},
                             {"jobs", std::to_string(o.jobs)},
                             {"algorithms", o.algorithms},
                             {"points", o.points},
                             {"geometry", o.randomGeometry ? "random" : o.constellation},
                             {"mode", o.packetLevel ? "packet-level" : "flow-level"}});
            rows = CreateOffloadingTable(store);
        }
        const auto start = std::chrono::steady_clock::now();
        std::cout << std::setprecision(4) << "Study A, " << (o.packetLevel ? "packet" : "flow")
                  << " level: " << o.runs << " runs x " << o.slots << " slots per point, " << o.jobs
                  << " jobs\n";
        for (const OffloadingFigure& figure : SelectOffloadingFigures(o.figure))
        {
            std::vector<double> xs =
                o.points.empty() ? figure.xs : ParseNumberList("--points", o.points);
            if (test && o.points.empty())
            {
                xs = {xs.front(), xs.back()};
            }
            const auto figureStart = std::chrono::steady_clock::now();
            const std::vector<OffloadingCurvePoint> points =
                RunOffloadingFigure(figure, xs, algorithms, o);
            std::cout << figure.title << "\n";
            for (const OffloadingCurvePoint& p : points)
            {
                std::cout << "  " << std::setw(8) << p.curve << "  x = " << std::setw(6) << p.x
                          << ": " << figure.yLabel << " " << p.y.mean << " +- " << p.y.se
                          << "  (throughput " << p.throughput.mean << " Mbit, queue "
                          << p.queue.mean << " Mbit, profit " << p.profit.mean << ", price "
                          << p.price << ", " << 100 * p.offloadShare << " % offloading)\n";
                if (o.packetLevel)
                {
                    std::cout << "            packets vs flow model, same decisions: throughput "
                              << 100 * p.throughput.mean / p.flowThroughput
                              << " %; LEO compute backlog " << p.serverBacklog << " s\n";
                }
                if (rows)
                {
                    WriteOffloadingRow(rows, store->GetRunId(), figure, p, o);
                }
            }
            if (store)
            {
                store->Flush(); // one transaction per figure: a crash keeps finished ones
            }
            std::cout << "  -> " << PlotOffloadingFigure(figure, points, o) << " ("
                      << std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                                       figureStart)
                             .count()
                      << " s wall)\n";
        }
        rows = nullptr;
        if (store)
        {
            store->EndRun();
            store->Close();
            std::cout << "run store: " << o.db << " (tables runs, offloading_points)\n";
        }
        std::cout << "total: "
                  << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
                  << " s wall\n";
    }
    catch (const std::exception& e)
    {
        std::cerr << "sagin-offloading: " << e.what() << std::endl;
        if (store)
        {
            store->FailRun(e.what());
        }
        return 1;
    }
    return 0;
}
