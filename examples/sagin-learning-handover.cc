// SPDX-License-Identifier: GPL-2.0-only
//
// Ground users choose, every slot, which visible satellite to attach to, and learn from the
// throughput they actually get. A Walker-delta shell with +Grid ISLs, ground-satellite links
// (GslHelper) and SaginRouting carry one saturated UDP flow from each user to a gateway
// station; a PacketSink counts what arrives from each user during the slot, and that is the
// user's reward. Every slot each user sees its K highest satellites above the minimum
// elevation and picks one of them:
//
//   observation (3K + 1 values): for each candidate k (highest elevation first) its elevation
//     / 90 degrees, the other users attached to it / users, whether it is the user's current
//     satellite; then the user's last reward
//   action: the index k of the candidate to attach to
//   reward: bits received by the gateway from this user in the slot / bits offered
//
// The uplink rate follows the link budget (study A's LoS/NLoS loss: low satellites are mostly
// NLoS and below MinSinr) and how the users of a satellite share it (below); transmissions on
// the same sub-channel in other cells interfere. All users share one policy.
//
// Two scenarios (--scenario):
//   shared (default): every cell hands out sub-channels from the same first one (OFDMA;
//     beyond --sub-channels users share them and interfere), so a cell's own users rarely
//     collide and the highest satellite is the best choice for everyone; users decide at once
//     (one DecideBatch() call, one forward pass for the DDQN). The greedy rule is hard to
//     beat here.
//   herding: each cell is one carrier shared in time (AirtimeFair: k busy users get 1/k of the
//     airtime each), and neighbouring cells use other carriers (satellite i on carrier
//     i mod --sub-channels), so a satellite's capacity is split among its users. Twelve users
//     in a 50 km cluster, 1 Mbit/s each, all see the same highest satellite: the greedy rule
//     herds them onto it. Users decide in turn (rotating order), each seeing who is attached
//     already.
//
// Three policies run on the same seed and streams, one after the other: DdqnPolicy (learning
// while it acts), RandomPolicy and GreedyPolicy (highest elevation). Writes per-slot rows
// (reward, loss, epsilon, action) of every user and policy to the run store and the learning
// curves as a gnuplot PNG, and prints the mean reward of each policy over the last quarter.
// With --runs=n every policy runs n times (ns-3 runs (RngRun - 1) n + 1 ... RngRun n) and the
// summary gives each policy's mean with a 95 % confidence interval (Student's t) and the
// DDQN's paired difference from each baseline.
//
//   ./sagin-learning-handover --users=6 --slots=600 --db=handover.db
//   ./sagin-learning-handover --scenario=herding --runs=10

#include "ns3/confidence-interval.h"
#include "ns3/example-command-line.h"
#include "ns3/example-options.h"
#include "ns3/gnuplot.h"
#include "ns3/handover-experiment.h"
#include "ns3/independent-run-number.h"
#include "ns3/log.h"
#include "ns3/mlp-architecture.h"
#include "ns3/plot-output.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/run-store.h"
#include "ns3/string.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <map>
#include <numeric>
#include <sstream>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;

NS_LOG_COMPONENT_DEFINE("SaginLearningHandoverExample");

namespace
{
/**
 * \param values per-slot values
 * \param from first index
 * \return the mean of values[from..]
 */
double
MeanFrom(const std::vector<double>& values, std::size_t from)
{
    if (from >= values.size())
    {
        return std::nan("");
    }
    return std::accumulate(values.begin() + from, values.end(), 0.0) / (values.size() - from);
}

/**
 * The herding scenario's defaults, set before the command line is read so that any option
 * given still wins.
 * \param argc argument count
 * \param argv arguments
 * \param o the options to change
 */
void
ApplyScenarioDefaults(int argc, char** argv, HandoverExperimentOptions& o)
{
    for (int i = 1; i < argc; ++i)
    {
        if (std::string(argv[i]) == "--scenario=herding")
        {
            o.users = 12;      // more users than one cell carries at the offered rate
            o.radiusKm = 50;   // all of them under the same highest satellite
            o.subChannels = 4; // carriers, reused every fourth satellite
            o.offeredRate =
                DataRate("1Mbps"); // a cell's uplink carries about 4 Mbit/s in all (measured)
            o.slots = 400;
        }
    }
}

/** Throw std::invalid_argument naming the option when an option is out of range. */
void
Validate(const HandoverExperimentOptions& o)
{
    auto require = [](bool ok, const std::string& message) {
        if (!ok)
        {
            throw std::invalid_argument(message);
        }
    };
    CheckWalkerShell(o.planes, o.satsPerPlane, o.phasing, o.altitudeKm, o.inclinationDeg);
    require(o.scenario == "shared" || o.scenario == "herding",
            "--scenario='" + o.scenario + "' is not a scenario; use shared or herding");
    CheckRange("--runs", o.runs, 1, 1000, "independent runs");
    // Run r is ns-3 run (RngRun - 1) x runs + r: refuses --RngRun=0 and overflow.
    IndependentRunNumber(o.userRun, o.runs, o.runs);
    require(o.users >= 1, "--users=0: give at least one ground user");
    require(o.candidates >= 1, "--candidates=0: a user needs at least one satellite to choose");
    require(o.candidates <= static_cast<uint64_t>(o.planes) * o.satsPerPlane,
            "--candidates=" + std::to_string(o.candidates) +
                " is more than the shell's satellites (--planes x --sats-per-plane)");
    require(o.subChannels >= 1, "--sub-channels=0: a GSL needs at least one sub-channel");
    require(o.slots >= 2, "--slots must be at least 2 (a reward needs a slot after the decision)");
    // Every slot keeps a mean reward and a plot point per policy.
    CheckRange("--slots", o.slots, 2, 1e7, "slots");
    CheckRange("--slot", o.slot, MilliSeconds(1), Seconds(1e6));
    CheckSimulationTime("--slots x --slot", o.slots * o.slot.GetSeconds() + 0.001);
    CheckRange("--offered-rate", o.offeredRate, DataRate("1kbps"), DataRate("100Gbps"));
    CheckRange("--user-tx-power-dbm", o.userTxPowerDbm, -100, 100, "dBm");
    CheckRange("--satellite-tx-power-dbm", o.satelliteTxPowerDbm, -100, 100, "dBm");
    CheckRange("--gateway-tx-power-dbm", o.gatewayTxPowerDbm, -100, 100, "dBm");
    require(o.centreLat >= -90 && o.centreLat <= 90 && o.centreLon >= -180 && o.centreLon <= 180,
            "--centre-lat must be in [-90, 90] and --centre-lon in [-180, 180] (degrees)");
    require(o.radiusKm >= 0 && o.radiusKm <= 2000,
            "--radius-km must be in [0, 2000] (users within a satellite's footprint)");
    require(o.minElevationDeg >= 0 && o.minElevationDeg < 90,
            "--min-elevation-deg must be in [0, 90) (degrees)");
    require(o.gamma >= 0 && o.gamma <= 1, "--gamma must be in [0, 1]");
    CheckRange("--learning-rate", o.learningRate, 1e-12, 10, "(Adam step)");
    require(o.epsilonDecayFraction >= 0 && o.epsilonDecayFraction <= 1,
            "--epsilon-decay must be in [0, 1] (share of the slots)");
    require(o.smoothing >= 1, "--smoothing must be at least 1 slot");
    require(o.policies == "all" || o.policies == "ddqn" || o.policies == "random" ||
                o.policies == "greedy",
            "--policy='" + o.policies + "' is not a policy; use ddqn, random, greedy or all");
    // Online and target networks, gradients and Adam's moments: 36 bytes per parameter,
    // measured (--hidden-layers=3000,3000, 9.1 million parameters).
    double parameters = 0;
    double inputs = 3.0 * o.candidates + 1;
    for (uint32_t width : ParseLayerSizes(o.hiddenLayers, "--hidden-layers"))
    {
        parameters += (inputs + 1) * width;
        inputs = width;
    }
    parameters += (inputs + 1) * o.candidates;
    if (o.policies == "all" || o.policies == "ddqn")
    {
        std::ostringstream what;
        what << "--hidden-layers=" << o.hiddenLayers << " with --candidates=" << o.candidates
             << " (" << parameters << " DDQN parameters, 36 bytes each, measured)";
        CheckMemory(what.str(), parameters * 36, "give narrower or fewer layers");
    }
    CheckOutputFile("--db", o.db);
    CheckOutputPrefix("--plot-prefix", o.plotPrefix);
}

} // namespace

int
main(int argc, char** argv)
{
    HandoverExperimentOptions o;
    bool test = false;
    ApplyScenarioDefaults(argc, argv, o);
    ExampleCommandLine cmd(__FILE__);
    cmd.AddValue("scenario",
                 "shared (cells reuse the same sub-channels; the highest satellite is best) or "
                 "herding (one time-shared carrier per cell, carriers reused every "
                 "--sub-channels satellites, 12 clustered users deciding in turn; sets "
                 "--users=12 --radius-km=50 --sub-channels=4 --offered-rate=1Mbps --slots=400 "
                 "unless given)",
                 o.scenario);
    cmd.AddValue("runs",
                 "independent runs of every policy (ns-3 runs (RngRun - 1) runs + 1 ... "
                 "RngRun runs); above 1 the summary gives 95 % confidence intervals",
                 o.runs);
    cmd.AddValue("planes", "Walker-delta shell: planes P", o.planes);
    cmd.AddValue("sats-per-plane", "Walker-delta shell: satellites per plane S", o.satsPerPlane);
    cmd.AddValue("altitude-km", "shell altitude (km)", o.altitudeKm);
    cmd.AddValue("inclination-deg", "shell inclination (degrees)", o.inclinationDeg);
    cmd.AddValue("phasing", "Walker phasing F in [0, P-1]", o.phasing);
    cmd.AddValue("users", "ground users, each an agent (>= 1)", o.users);
    cmd.AddValue("centre-lat",
                 "latitude of the gateway and centre of the users (degrees)",
                 o.centreLat);
    cmd.AddValue("centre-lon",
                 "longitude of the gateway and centre of the users (degrees)",
                 o.centreLon);
    cmd.AddValue("radius-km",
                 "users sit on a circle of this radius around the centre (km)",
                 o.radiusKm);
    cmd.AddValue("candidates", "K: the highest satellites a user chooses from", o.candidates);
    cmd.AddValue("min-elevation-deg",
                 "lowest elevation a user may use (degrees)",
                 o.minElevationDeg);
    cmd.AddValue("sub-channels", "OFDMA sub-channels per satellite (>= 1)", o.subChannels);
    cmd.AddValue("user-tx-power-dbm", "users' uplink transmit power (dBm)", o.userTxPowerDbm);
    cmd.AddValue("satellite-tx-power-dbm",
                 "satellites' downlink transmit power (dBm)",
                 o.satelliteTxPowerDbm);
    cmd.AddValue("gateway-tx-power-dbm",
                 "the gateway's uplink transmit power (dBm)",
                 o.gatewayTxPowerDbm);
    cmd.AddValue("offered-rate", "each user's UDP rate to the gateway", o.offeredRate);
    cmd.AddValue("slot", "decision slot", o.slot);
    cmd.AddValue("slots", "slots per policy run", o.slots);
    cmd.AddValue("policy", "ddqn, random, greedy, or all (the three on the same seed)", o.policies);
    cmd.AddValue("hidden-layers", "DDQN hidden layer widths, e.g. 64,64", o.hiddenLayers);
    cmd.AddValue("gamma", "DDQN discount factor [0, 1]", o.gamma);
    cmd.AddValue("learning-rate", "DDQN Adam step size", o.learningRate);
    cmd.AddValue("epsilon-decay",
                 "share of the slots over which the DDQN's epsilon falls from 1 to 0.05",
                 o.epsilonDecayFraction);
    cmd.AddValue("updates-per-slot",
                 "DDQN gradient steps per slot (0: one per user)",
                 o.updatesPerSlot);
    cmd.AddValue("smoothing", "moving-average window of the plotted curves (slots)", o.smoothing);
    cmd.AddValue("db", "SQLite run store to write (empty or none: none)", o.db);
    cmd.AddValue("plot-prefix", "file name prefix of the learning-curve plot", o.plotPrefix);
    cmd.AddValue("test", "a small shell and 40 slots (run by the test suite)", test);
    Ptr<RunStore> store;
    try
    {
        cmd.Parse(argc, argv);
        o.userRun = RngSeedManager::GetRun();
        o.db = RunStoreFile(o.db);
        Validate(o); // the values given, before --test shrinks the run
        if (test)
        {
            o.planes = 12;
            o.satsPerPlane = 12;
            o.users = std::min(o.users, 4U);
            o.slots = std::min(o.slots, 40U);
            o.smoothing = std::min(o.smoothing, 5U);
            o.runs = std::min(o.runs, 2U);
        }
        CheckShellMemory(o.planes, o.satsPerPlane, SATELLITE_NODE_BYTES, o.users + 1ULL, "--users");
        if (!o.db.empty())
        {
            store = CreateObject<RunStore>();
            store->SetAttribute("Path", StringValue(o.db));
        }
        std::vector<std::string> names;
        for (const std::string name : {"ddqn", "random", "greedy"})
        {
            if (o.policies == "all" || o.policies == name)
            {
                names.push_back(name);
            }
        }
        Gnuplot plot;
        plot.SetTitle("Satellite choice, " + o.scenario + ": " + std::to_string(o.users) +
                      " users, " +
                      (o.runs > 1 ? "mean of " + std::to_string(o.runs) + " runs, " : "") +
                      std::to_string(o.smoothing) + "-slot average");
        plot.SetLegend("slot", "throughput / offered");
        plot.AppendExtra("set key bottom right");
        const std::size_t tail = o.slots - o.slots / 4;
        std::cout << std::fixed << std::setprecision(3);
        std::map<std::string, std::vector<double>> tailMeans; // of every run, by policy
        for (const std::string& name : names)
        {
            std::vector<double> meanCurve(o.slots, 0.0); // over the runs
            for (uint32_t run = 1; run <= o.runs; ++run)
            {
                // The same run numbers for every policy: paired comparisons.
                RngSeedManager::SetRun(IndependentRunNumber(o.userRun, o.runs, run));
                const HandoverRunResult result = RunHandoverPolicy(o, name, store);
                for (std::size_t s = 0; s < result.meanReward.size(); ++s)
                {
                    meanCurve[s] += result.meanReward[s] / o.runs;
                }
                tailMeans[name].push_back(MeanFrom(result.meanReward, tail));
                std::cout << name;
                if (o.runs > 1)
                {
                    std::cout << " (run " << RngSeedManager::GetRun() << ")";
                }
                std::cout << ": mean reward " << MeanFrom(result.meanReward, 0) << " over all "
                          << result.meanReward.size() << " slots, " << tailMeans[name].back()
                          << " over the last " << result.meanReward.size() - tail
                          << "; packets lost: " << (result.drops.empty() ? "none" : result.drops)
                          << "\n";
            }
            Gnuplot2dDataset curve(name);
            curve.SetStyle(Gnuplot2dDataset::LINES);
            for (std::size_t s = 0; s < meanCurve.size(); ++s)
            {
                const std::size_t from = s + 1 >= o.smoothing ? s + 1 - o.smoothing : 0;
                curve.Add(
                    s,
                    std::accumulate(meanCurve.begin() + from, meanCurve.begin() + s + 1, 0.0) /
                        (s + 1 - from));
            }
            plot.AddDataset(curve);
        }
        if (o.runs > 1)
        {
            std::cout << "mean reward over the last " << o.slots - tail << " slots, " << o.runs
                      << " runs, 95 % confidence interval (Student's t):\n";
            for (const std::string& name : names)
            {
                const MeanInterval m = MeanWithInterval(tailMeans[name]);
                std::cout << "  " << name << " " << m.mean << " +- " << m.halfWidth << "\n";
            }
            for (const std::string baseline : {"random", "greedy"})
            {
                if (tailMeans.count("ddqn") && tailMeans.count(baseline))
                {
                    std::vector<double> difference;
                    for (uint32_t r = 0; r < o.runs; ++r)
                    {
                        difference.push_back(tailMeans["ddqn"][r] - tailMeans[baseline][r]);
                    }
                    const MeanInterval m = MeanWithInterval(difference);
                    std::cout << "  ddqn - " << baseline << " " << m.mean << " +- " << m.halfWidth
                              << " (paired by run)\n";
                }
            }
        }
        const bool png = WriteGnuplotPng(plot, o.plotPrefix);
        if (store)
        {
            store->Close();
            std::cout << "run store: " << o.db << " (tables runs, handover_slots)\n";
        }
        std::cout << "plot: " << o.plotPrefix << "." << (png ? "png" : "plt") << "\n";
    }
    catch (const std::exception& e)
    {
        std::cerr << "sagin-learning-handover: " << e.what() << std::endl;
        if (store)
        {
            store->FailRun(e.what());
        }
        return 1;
    }
    return 0;
}
