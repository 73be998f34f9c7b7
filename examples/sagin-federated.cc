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

#include "ns3/aggregator-election.h"
#include "ns3/constellation-helper.h"
#include "ns3/double.h"
#include "ns3/example-command-line.h"
#include "ns3/example-options.h"
#include "ns3/federated-helper.h"
#include "ns3/federated-recorder.h"
#include "ns3/ground-station-helper.h"
#include "ns3/gsl-attachment-policy.h"
#include "ns3/gsl-helper.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/isl-helper.h"
#include "ns3/log.h"
#include "ns3/mlp-architecture.h"
#include "ns3/names.h"
#include "ns3/plot-output.h"
#include "ns3/pointer.h"
#include "ns3/run-report.h"
#include "ns3/run-store.h"
#include "ns3/sagin-routing-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/synthetic-classification-task.h"
#include "ns3/traffic-control-helper.h"
#include "ns3/uinteger.h"
#include "ns3/update-codec.h"

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;

NS_LOG_COMPONENT_DEFINE("SaginFederatedExample");

namespace
{

/** Servers on five continents (name:latitude:longitude, degrees). */
const char* const CITIES = "Paris:48.86:2.35;NewYork:40.71:-74.01;Tokyo:35.68:139.69;"
                           "SaoPaulo:-23.55:-46.63;Nairobi:-1.29:36.82;Sydney:-33.87:151.21;"
                           "Mumbai:19.08:72.88;LosAngeles:34.05:-118.24";

/** What the example measured in one round. */
struct RoundPoint
{
    uint64_t round{0};                        //!< round
    double timeS{0};                          //!< simulated time at its release (s)
    double durationS{0};                      //!< round duration (s)
    double transferShare{0};                  //!< share of the round not spent computing
    SyntheticClassificationTask::Score score; //!< the released model on the test set
};

/** The scenario's options. */
struct Options
{
    uint32_t planes{24};               //!< Walker shell planes
    uint32_t satsPerPlane{22};         //!< satellites per plane
    double altitudeKm{550};            //!< shell altitude
    double inclinationDeg{53};         //!< inclination
    double minElevationDeg{25};        //!< lowest elevation a server uses
    uint32_t servers{6};               //!< servers from CITIES
    uint32_t rounds{20};               //!< federated rounds
    uint32_t samples{500};             //!< samples per server
    double skew{2.0};                  //!< non-IID skew of each server's data
    uint32_t epochs{2};                //!< local epochs per round
    std::string hiddenLayers{"64,64"}; //!< learner's hidden widths
    double cpuHz{2e8};                 //!< servers' CPU frequency (Hz)
    double deadlineS{30};              //!< round deadline (s)
    uint32_t poisoned{0};              //!< servers that send their change x100 (the first ones)
    std::string codec{"none"};         //!< update compression: none, q8 or topk
    bool progress{true};               //!< progress lines while running (off with --test)
};

/**
 * Build the constellation, the servers, GSLs, ISLs, addresses and routing; install a
 * federation on the servers and run it.
 * \param o the options
 * \param task the learning task
 * \param aggregator the Aggregator TypeId
 * \param store the run store (null: none)
 * \return the rounds
 */
std::vector<RoundPoint>
RunFederation(const Options& o,
              const SyntheticClassificationTask& task,
              const std::string& aggregator,
              Ptr<RunStore> store)
{
    WalkerShell shell;
    shell.altitude = o.altitudeKm * 1e3;
    shell.inclination = o.inclinationDeg;
    shell.planes = o.planes;
    shell.satsPerPlane = o.satsPerPlane;
    shell.phasing = 1;
    ConstellationHelper constellation;
    NodeContainer satellites = constellation.Install(shell);
    GroundStationHelper cities;
    cities.AddList(CITIES);
    NodeContainer allCities = cities.Install();
    NodeContainer servers;
    for (uint32_t i = 0; i < o.servers; ++i)
    {
        servers.Add(allCities.Get(i));
    }
    IslHelper isl;
    NetDeviceContainer islDevices =
        isl.InstallPlusGrid(satellites, constellation.GetWalkerSatellites(), {shell});
    GslHelper gsl; // sagin-ping's link budget: 50 dBm EIRP both ways, rate capped at 100 Mbit/s
    gsl.SetChannelAttribute("MaxRate", StringValue("100Mbps"));
    gsl.SetGroundAttribute("TxPower", DoubleValue(50));
    gsl.SetSatelliteAttribute("TxPower", DoubleValue(50));
    gsl.SetGroundAttribute(
        "AttachmentPolicy",
        PointerValue(CreateObjectWithAttributes<HighestElevationAttachmentPolicy>(
            "MinElevation",
            DoubleValue(o.minElevationDeg))));
    NetDeviceContainer satelliteGsl = gsl.InstallSatellites(satellites);
    NetDeviceContainer serverGsl = gsl.InstallGround(servers);
    SaginRoutingHelper routing;
    InternetStackHelper internet;
    internet.SetRoutingHelper(routing);
    internet.Install(satellites);
    internet.Install(servers);
    IslHelper::AssignIpv4Addresses(islDevices, "10.128.0.0");
    Ipv4AddressHelper gslAddresses("10.0.0.0", "255.255.0.0");
    gslAddresses.Assign(satelliteGsl);
    gslAddresses.Assign(serverGsl);
    TrafficControlHelper().Uninstall(islDevices);

    // Round-robin aggregation over the servers (node ids), each training on its own share.
    std::string candidates;
    std::map<uint32_t, uint32_t> clientOf; // node id -> client index
    for (uint32_t i = 0; i < servers.GetN(); ++i)
    {
        candidates += (i ? "," : "") + std::to_string(servers.Get(i)->GetId());
        clientOf[servers.Get(i)->GetId()] = i;
    }
    auto election = CreateObject<RoundRobinAggregatorElection>();
    election->SetAttribute("Candidates", StringValue(candidates));
    FederatedHelper federation;
    if (aggregator == "ns3::sagin::KrumAggregator")
    {
        federation.SetAggregator(aggregator,
                                 "ByzantineCount",
                                 UintegerValue(std::max<uint32_t>(1, o.poisoned)));
    }
    else
    {
        federation.SetAggregator(aggregator);
    }
    federation.SetElection([election](Ptr<Node>) { return election; });
    federation.SetInitialModel(task.MakeInitialModel());
    federation.SetAttribute("Rounds", UintegerValue(o.rounds));
    federation.SetAttribute("CpuFrequency", DoubleValue(o.cpuHz));
    federation.SetAttribute("Deadline", TimeValue(Seconds(o.deadlineS)));
    federation.SetAttribute("FailoverDelay", TimeValue(Seconds(2 * o.deadlineS)));
    if (o.codec == "q8")
    {
        federation.SetAttribute("Codec", PointerValue(CreateObject<Quantized8Codec>()));
    }
    else if (o.codec == "topk")
    {
        federation.SetAttribute(
            "Codec",
            PointerValue(CreateObjectWithAttributes<TopKCodec>("Fraction", DoubleValue(0.1))));
    }
    double computeS = 0;
    federation.SetTrainer([&task, &clientOf, &o, &computeS](Ptr<Node> node) {
        const uint32_t client = clientOf.at(node->GetId());
        return FederatedNode::TrainCallback(
            [&task, &o, &computeS, client](uint64_t, const std::vector<float>& global) {
                LocalUpdate update = task.Train(global, client, o.epochs, 32, 1e-3);
                computeS = update.cycles / o.cpuHz;
                if (client < o.poisoned) // a poisoned server scales its change by 100
                {
                    for (std::size_t k = 0; k < update.parameters.size(); ++k)
                    {
                        update.parameters[k] = global[k] + 100 * (update.parameters[k] - global[k]);
                    }
                }
                return update;
            });
    });
    ApplicationContainer apps = federation.Install(servers);
    apps.Start(Seconds(1)); // after the first attachments and routes

    std::vector<RoundPoint> points;
    SyntheticClassificationTask::Score lastScore;
    std::unique_ptr<FederatedRecorder> recorder;
    if (store)
    {
        recorder = std::make_unique<FederatedRecorder>(store);
    }
    for (uint32_t i = 0; i < apps.GetN(); ++i)
    {
        Ptr<FederatedNode> app = DynamicCast<FederatedNode>(apps.Get(i));
        app->SetEvaluateCallback([&task, &lastScore](const std::vector<float>& global) {
            lastScore = task.Evaluate(global);
            return lastScore.loss;
        });
        app->TraceConnectWithoutContext(
            "RoundCompleted",
            Callback<void, const FederatedRoundRecord&>(
                [&points, &lastScore, &computeS, &o](const FederatedRoundRecord& r) {
                    RoundPoint p;
                    p.round = r.round;
                    p.timeS = r.release.GetSeconds();
                    p.durationS = (r.release - r.start).GetSeconds();
                    p.transferShare = std::max(0.0, 1.0 - computeS / p.durationS);
                    p.score = lastScore;
                    points.push_back(p);
                    if (r.round + 1 == o.rounds)
                    {
                        Simulator::Stop(); // the final model is out
                    }
                }));
        if (recorder)
        {
            recorder->Attach(app);
        }
        app->CheckConfiguration(); // refused here, not from inside Simulator::Run
    }
    Simulator::Stop(Seconds(1 + o.rounds * 3 * o.deadlineS)); // a bound, if rounds stall
    RunReport report(NodeContainer::GetGlobal(), o.progress);
    Simulator::Run();
    report.PrintDrops(std::cout);
    Simulator::Destroy();
    Names::Clear(); // the stations' names, for the next mode
    return points;
}

/**
 * Each server trains alone: the test accuracy of the servers' own models, averaged.
 * \param o the options
 * \param task the task
 * \return one point per round of local training (time: compute only)
 */
std::vector<RoundPoint>
RunLocalOnly(const Options& o, const SyntheticClassificationTask& task)
{
    std::vector<std::vector<float>> models(o.servers, task.MakeInitialModel());
    std::vector<RoundPoint> points;
    double time = 1;
    for (uint32_t round = 0; round < o.rounds; ++round)
    {
        RoundPoint p;
        p.round = round;
        for (uint32_t i = 0; i < o.servers; ++i)
        {
            const LocalUpdate update = task.Train(models[i], i, o.epochs, 32, 1e-3);
            models[i] = update.parameters;
            p.durationS = update.cycles / o.cpuHz;
            const SyntheticClassificationTask::Score s = task.Evaluate(models[i]);
            p.score.loss += s.loss / o.servers;
            p.score.accuracy += s.accuracy / o.servers;
        }
        time += p.durationS;
        p.timeS = time;
        points.push_back(p);
    }
    return points;
}

} // namespace

int
main(int argc, char** argv)
{
    Options o;
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
    cmd.AddValue("deadline", "round deadline (s)", o.deadlineS);
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
    cmd.AddValue("db", "SQLite run store to write (empty: none)", db);
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
        CheckRange("--deadline", o.deadlineS, 0.001, 1e6, "s");
        CheckSimulationTime("--rounds x 3 x --deadline", 1 + o.rounds * 3 * o.deadlineS);
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
            const std::vector<RoundPoint> points =
                type.empty() ? RunLocalOnly(o, task) : RunFederation(o, task, type, store);
            Gnuplot2dDataset accuracyByRound(mode);
            Gnuplot2dDataset accuracyByTime(mode);
            accuracyByRound.SetStyle(Gnuplot2dDataset::LINES_POINTS);
            accuracyByTime.SetStyle(Gnuplot2dDataset::LINES_POINTS);
            for (const RoundPoint& p : points)
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
