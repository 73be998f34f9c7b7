// SPDX-License-Identifier: GPL-2.0-only
//
// Federated learning over a LEO constellation. Ground servers on several continents hold
// non-IID shares of a classification task whose ground truth is known; each round their
// local models travel as real float32 buffers over TCP, up a ground-satellite link, along
// inter-satellite links and down to the elected aggregator, and the global model travels
// back. Compared: FedAvg, the coordinate-wise median, Krum and local-only training (each
// server alone), optionally with poisoned servers and compressed updates. Prints test accuracy
// and loss per round, the round time and the share of it spent moving bytes; writes the run
// store (fl_rounds, fl_updates, fl_scores) and PNG plots against round and simulated time.
//
//   Paris ~~GSL~~ sat ==ISL== sat ==ISL== sat ~~GSL~~ Tokyo
//   Nairobi ~~GSL~~ sat ==ISL== ...                    (Walker-delta shell, +Grid ISLs)
//
//   ./sagin-federated --rounds=20 --aggregators=fedavg,median,local --db=fl.db --plot-prefix=fl
//   ./sagin-federated --poisoned=1 --aggregators=fedavg,median,krum --codec=q8

#include "ns3/double.h"
#include "ns3/example-command-line.h"
#include "ns3/example-options.h"
#include "ns3/federated-experiment.h"
#include "ns3/gsl-attachment-policy.h"
#include "ns3/log.h"
#include "ns3/mlp-architecture.h"
#include "ns3/plot-output.h"
#include "ns3/run-store.h"
#include "ns3/string.h"
#include "ns3/synthetic-classification-task.h"
#include "ns3/update-codec.h"

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;

NS_LOG_COMPONENT_DEFINE("SaginFederatedExample");

int
main(int argc, char** argv)
{
    FederatedExperimentOptions o;
    std::string aggregators = "fedavg,local";
    std::string db;
    std::string plotPrefix = "sagin-federated";
    bool test = false;
    ExampleCommandLine cmd(__FILE__);
    cmd.AddValue("planes", "Walker-delta shell: planes", o.planes);
    cmd.AddValue("sats-per-plane", "satellites per plane", o.satsPerPlane);
    cmd.AddValue("altitude-km", "shell altitude (km)", o.altitudeKm);
    cmd.AddValue("inclination-deg", "shell inclination (degrees)", o.inclinationDeg);
    cmd.AddValue("min-elevation-deg",
                 "lowest elevation a server uses (degrees)",
                 o.minElevationDeg);
    cmd.AddValue("servers",
                 "ground servers, from Paris, New York, Tokyo, Sao Paulo, Nairobi, Sydney, "
                 "Mumbai, Los Angeles (2-8)",
                 o.servers);
    cmd.AddValue("rounds", "federated rounds", o.rounds);
    cmd.AddValue("samples", "training samples per server", o.samples);
    cmd.AddValue("skew",
                 "non-IID skew: distance of each server's data from the origin (0: IID)",
                 o.skew);
    cmd.AddValue("epochs", "local epochs per round", o.epochs);
    cmd.AddValue("hidden-layers", "hidden widths of the classifier, e.g. 64,64", o.hiddenLayers);
    cmd.AddValue("cpu-hz", "servers' CPU frequency for local training (Hz)", o.cpuHz);
    cmd.AddValue("deadline", "round deadline", o.deadline);
    cmd.AddValue("aggregators",
                 "what to compare: fedavg, median, krum and/or local (comma-separated)",
                 aggregators);
    cmd.AddValue("poisoned",
                 "servers (the first ones) that send their change x100 (Krum assumes at most "
                 "this many Byzantine servers, at least 1)",
                 o.poisoned);
    cmd.AddValue("codec",
                 "update compression on the wire: none, q8 (8-bit per 256 values) or topk "
                 "(the 10 % largest changes)",
                 o.codec);
    cmd.AddValue("db", "SQLite run store to write (empty or none: none)", db);
    cmd.AddValue("plot-prefix", "file name prefix of the PNG plots (empty: none)", plotPrefix);
    cmd.AddValue("test", "a small shell, 4 servers and 4 rounds (run by the test suite)", test);
    Ptr<RunStore> store;
    try
    {
        cmd.Parse(argc, argv);
        // The values given, checked before --test replaces some of them.
        CheckWalkerShell(o.planes, o.satsPerPlane, 1, o.altitudeKm, o.inclinationDeg);
        CheckAttribute("--min-elevation-deg",
                       HighestElevationAttachmentPolicy::GetTypeId(),
                       "MinElevation",
                       DoubleValue(o.minElevationDeg));
        CheckRange("--servers", o.servers, 2, 8, "servers (the built-in cities)");
        CheckRange("--rounds", o.rounds, 1, 1e5, "rounds");
        CheckRange("--samples", o.samples, 1, 1e6, "samples per server");
        CheckRange("--skew", o.skew, 0, 100, "(0: IID data)");
        CheckRange("--epochs", o.epochs, 1, 1000, "local epochs");
        CheckRange("--poisoned", o.poisoned, 0, o.servers - 1, "servers (fewer than --servers)");
        if (o.codec != "none" && o.codec != "q8" && o.codec != "topk")
        {
            throw std::invalid_argument("--codec='" + o.codec + "': use none, q8 or topk");
        }
        CheckAttribute("--cpu-hz",
                       FederatedNode::GetTypeId(),
                       "CpuFrequency",
                       DoubleValue(o.cpuHz));
        CheckRange("--deadline", o.deadline, MilliSeconds(1), Seconds(1e6));
        CheckSimulationTime("--rounds x 3 x --deadline",
                            1 + o.rounds * 3 * o.deadline.GetSeconds());
        db = RunStoreFile(db);
        CheckOutputFile("--db", db);
        CheckOutputPrefix("--plot-prefix", plotPrefix);
        MlpArchitecture learner;
        learner.inputSize = 8;
        learner.hiddenSizes = ParseLayerSizes(o.hiddenLayers, "--hidden-layers");
        learner.outputSize = 4;
        // Each server holds about four copies of the model (global, update, the bytes it
        // sends and receives: 16 bytes per parameter, counted), training 36 (the DDQN's
        // measured figure, a network with Adam).
        CheckMemory("--hidden-layers=" + o.hiddenLayers + " (" +
                        std::to_string(learner.GetParameterCount()) + " parameters) on " +
                        std::to_string(o.servers) + " --servers",
                    static_cast<double>(learner.GetParameterCount()) * (36 + 16.0 * o.servers),
                    "give narrower or fewer layers");
        CheckShellMemory(o.planes, o.satsPerPlane, SATELLITE_NODE_BYTES, o.servers, "--servers");
        if (test)
        {
            o.progress = false;
            o.planes = 12;
            o.satsPerPlane = 12;
            o.altitudeKm = 1000;
            o.minElevationDeg = 10;
            o.servers = 4;
            o.rounds = 4;
            o.samples = 200;
        }
        std::vector<std::pair<std::string, std::string>> modes; // name, Aggregator TypeId
        for (const std::string& name : SplitCommaList(aggregators))
        {
            if (name == "fedavg")
            {
                modes.emplace_back(name, "ns3::sagin::FedAvgAggregator");
            }
            else if (name == "median")
            {
                modes.emplace_back(name, "ns3::sagin::MedianAggregator");
            }
            else if (name == "krum")
            {
                modes.emplace_back(name, "ns3::sagin::KrumAggregator");
            }
            else if (name == "local")
            {
                modes.emplace_back(name, "");
            }
            else
            {
                throw std::invalid_argument("--aggregators: '" + name +
                                            "' is not one; use fedavg, median, krum or local");
            }
        }
        const bool krum = std::any_of(modes.begin(), modes.end(), [](const auto& m) {
            return m.first == "krum";
        });
        const uint32_t byzantine = std::max<uint32_t>(1, o.poisoned);
        if (krum && o.servers < 2 * byzantine + 3)
        {
            throw std::invalid_argument(
                "--aggregators=krum with --servers=" + std::to_string(o.servers) +
                " tolerates no Byzantine "
                "server: Krum needs servers >= 2 f + 3 with f = " +
                std::to_string(byzantine) + " (--poisoned, at least 1)");
        }
        if (modes.empty())
        {
            throw std::invalid_argument("--aggregators='': give fedavg, median, krum or local");
        }
        const SyntheticClassificationTask
            task(8, 4, learner.hiddenSizes, o.servers, o.samples, o.skew, 2000, 100);
        if (!db.empty())
        {
            store = CreateObject<RunStore>();
            store->SetAttribute("Path", StringValue(db));
        }
        Gnuplot byRound(plotPrefix + "-round.png", "Test accuracy against round");
        Gnuplot byTime(plotPrefix + "-time.png", "Test accuracy against simulated time");
        byRound.SetLegend("round", "test accuracy");
        byTime.SetLegend("simulated time (s)", "test accuracy");
        std::cout << "mode     round  time (s)  round (s)  transfers  loss    accuracy\n";
        for (const auto& [mode, type] : modes)
        {
            Ptr<RunStore::Batch> scores;
            if (store)
            {
                store->BeginRun(
                    "sagin-federated",
                    {{"mode", mode},
                     {"servers", std::to_string(o.servers)},
                     {"rounds", std::to_string(o.rounds)},
                     {"samples", std::to_string(o.samples)},
                     {"skew", std::to_string(o.skew)},
                     {"epochs", std::to_string(o.epochs)},
                     {"hidden-layers", o.hiddenLayers},
                     {"cpu-hz", std::to_string(o.cpuHz)},
                     {"shell", std::to_string(o.planes) + "x" + std::to_string(o.satsPerPlane)}});
                store->CreateTable("fl_scores",
                                   "run_id INTEGER, mode TEXT, round INTEGER, time_s REAL, "
                                   "loss REAL, accuracy REAL");
                scores = store->Prepare("INSERT INTO fl_scores VALUES (?, ?, ?, ?, ?, ?)");
            }
            const std::vector<FederatedRoundPoint> points =
                type.empty() ? RunLocalOnlyTraining(o, task)
                             : RunFederatedExperiment(o, task, type, store);
            Gnuplot2dDataset accuracyByRound(mode);
            Gnuplot2dDataset accuracyByTime(mode);
            accuracyByRound.SetStyle(Gnuplot2dDataset::LINES_POINTS);
            accuracyByTime.SetStyle(Gnuplot2dDataset::LINES_POINTS);
            for (const FederatedRoundPoint& p : points)
            {
                std::cout << std::left << std::setw(9) << mode << std::right << std::setw(5)
                          << p.round << std::fixed << std::setprecision(2) << std::setw(10)
                          << p.timeS << std::setw(11) << p.durationS << std::setw(10)
                          << (type.empty() ? 0.0 : 100 * p.transferShare) << "%"
                          << std::setprecision(4) << std::setw(8) << p.score.loss << std::setw(9)
                          << p.score.accuracy << "\n";
                accuracyByRound.Add(p.round, p.score.accuracy);
                accuracyByTime.Add(p.timeS, p.score.accuracy);
                if (scores)
                {
                    scores->InsertRow(store->GetRunId(),
                                      mode,
                                      p.round,
                                      p.timeS,
                                      p.score.loss,
                                      p.score.accuracy);
                }
            }
            if (points.size() < o.rounds)
            {
                throw std::runtime_error(mode + ": only " + std::to_string(points.size()) + " of " +
                                         std::to_string(o.rounds) +
                                         " rounds completed; raise --deadline or check the "
                                         "servers' links (--verbose)");
            }
            byRound.AddDataset(accuracyByRound);
            byTime.AddDataset(accuracyByTime);
            if (store)
            {
                store->EndRun();
            }
        }
        if (!plotPrefix.empty())
        {
            WriteGnuplotPng(byRound, plotPrefix + "-round");
            WriteGnuplotPng(byTime, plotPrefix + "-time");
        }
    }
    catch (const std::exception& e)
    {
        std::cerr << "sagin-federated: " << e.what() << std::endl;
        if (store)
        {
            store->FailRun(e.what());
        }
        return 1;
    }
    return 0;
}
