// SPDX-License-Identifier: GPL-2.0-only
//
// Study B: LEO satellites lease idle spectrum to IoT users in Earth-fixed cells. Each
// satellite's pricing server learns its price with a DDQN from what its users lease (budgets
// from their SINR through the steered beams, Doppler, interference between cells); every tau
// local rounds the servers aggregate their agents over the inter-satellite links, the
// aggregator elected by the reputation their users' behaviour earned on a permissioned chain.
// Regenerates the source's figures 7-10, writes every local round to SQLite and the panels
// as PNG (gnuplot).
//
//   ./sagin-spectrum-pricing --figure=10 --runs=3 --db=study-b.db --plot-prefix=study-b
//   ./sagin-spectrum-pricing --figure=8 --iterations=600 --users=100

#include "ns3/example-command-line.h"
#include "ns3/example-options.h"
#include "ns3/independent-run-number.h"
#include "ns3/log.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/run-store.h"
#include "ns3/spectrum-consensus-comparison.h"
#include "ns3/spectrum-pricing-figures.h"
#include "ns3/string.h"

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;

NS_LOG_COMPONENT_DEFINE("SaginSpectrumPricingExample");

namespace
{

/**
 * The source's Table III, measured: each engine among the agents' servers over the ISLs.
 * \param base the shell and the agents
 * \param engines the engines
 * \param duration simulated time per engine
 * \param store the run store, its run begun (null: none)
 */
void
CompareConsensus(const SpectrumExperimentOptions& base,
                 const std::vector<std::string>& engines,
                 Time duration,
                 Ptr<RunStore> store)
{
    std::cout << "Study B consensus comparison (Table III, measured): " << base.agents
              << " servers on the ISLs, one block per second, " << duration.GetSeconds()
              << " s each\n";
    const auto costs = RunConsensusComparison(base, engines, duration, Seconds(1));
    PrintConsensusCosts(std::cout, costs);
    if (store)
    {
        RecordConsensusCosts(store, base.agents, costs);
    }
}

} // namespace

int
main(int argc, char* argv[])
{
    SpectrumFigureOptions figure;
    SpectrumExperimentOptions& base = figure.base;
    std::string db;
    std::string plotPrefix;
    ExampleCommandLine cmd(__FILE__);
    cmd.AddValue("figure",
                 "the source's figure: 7, 8, 9, 10, or consensus (its Table III, measured); "
                 "uplink: the users' uplink as packets against the market's rates",
                 figure.figure);
    std::string engines = "reputation,pow,pos,pbft";
    cmd.AddValue("engines", "--figure=consensus: the engines compared", engines);
    Time consensusTime = Seconds(60);
    cmd.AddValue("consensus-time", "--figure=consensus: simulated time per engine", consensusTime);
    cmd.AddValue("runs",
                 "independent runs per point (ns-3 runs (RngRun - 1) x runs + 1 ...)",
                 figure.runs);
    cmd.AddValue("agents",
                 "pricing agents (satellites with a server), where not swept",
                 base.agents);
    cmd.AddValue("users", "IoT users per agent, where not swept", base.usersPerAgent);
    cmd.AddValue("iterations", "local rounds per run", base.iterations);
    cmd.AddValue("tau", "local rounds per federated round", base.tau);
    cmd.AddValue("malicious", "share of malicious users, in [0, 1]", base.maliciousFraction);
    cmd.AddValue("visibility", "weather visibility in (0, 1], where not swept", base.visibility);
    cmd.AddValue("user-speed",
                 "users' own speed against the track (m/s), where not swept",
                 base.userSpeedMps);
    cmd.AddValue("lease-records",
                 "write every user's leases to the chain (one batch per server and federated "
                 "round)",
                 base.leaseRecords);
    cmd.AddValue("uplink-rate",
                 "send the users' uplink as packets over the GSL at this rate per user while "
                 "on the air, e.g. 200kbps (0: flow level; --figure=uplink: 1Mbps)",
                 base.uplinkRate);
    cmd.AddValue("db", "SQLite run store to write (empty or none: none)", db);
    cmd.AddValue("plot-prefix", "file name prefix of the PNG panels (empty: none)", plotPrefix);
    cmd.AddValue("test", "a few small points, in seconds", figure.test);
    Ptr<RunStore> store;
    try
    {
        cmd.Parse(argc, argv);
        const auto figures = SpectrumFigureOptions::GetFigures();
        const bool consensus = figure.figure == "consensus";
        if (!consensus && std::find(figures.begin(), figures.end(), figure.figure) == figures.end())
        {
            throw std::invalid_argument("--figure=" + figure.figure +
                                        ": use 7, 8, 9, 10, uplink or consensus");
        }
        const std::vector<std::string> engineList = SplitCommaList(engines);
        const auto comparable = GetComparableConsensusEngines();
        for (const std::string& e : engineList)
        {
            if (std::find(comparable.begin(), comparable.end(), e) == comparable.end())
            {
                throw std::invalid_argument("--engines: '" + e +
                                            "' is not a consensus engine compared here (use "
                                            "reputation, pow, pos or pbft)");
            }
        }
        CheckRange("--consensus-time", consensusTime, Seconds(1), Seconds(1e6));
        CheckRange("--uplink-rate", base.uplinkRate, DataRate(0), MAX_OPTION_RATE);
        CheckRange("--runs", figure.runs, 1, 1e6, "runs");
        CheckRange("--agents", base.agents, 1, 100, "agents (satellites of the 10 x 10 shell)");
        CheckRange("--users", base.usersPerAgent, 1, 1e6, "users per agent");
        CheckRange("--iterations", base.iterations, 1, 1e7, "local rounds");
        CheckRange("--tau", base.tau, 1, 1e6, "local rounds");
        CheckRange("--malicious", base.maliciousFraction, 0, 1, "(a share of the users)");
        CheckRange("--visibility", base.visibility, 1e-6, 1, "(a share of the time)");
        CheckRange("--user-speed", base.userSpeedMps, 0, 1e4, "m/s");
        CheckSimulationTime("--iterations x 100 ms", base.iterations * 0.1);
        db = RunStoreFile(db);
        CheckOutputFile("--db", db);
        CheckOutputPrefix("--plot-prefix", plotPrefix);
        // Per user: its mobility model (with the packet uplink, a node with a GSL device and
        // the Internet stack) and its row of gains through the 19 cells' beams; per agent and
        // round: the round's record (figure 7 runs up to 30 agents).
        const double agents = std::max<double>(base.agents, figure.figure == "7" ? 30 : 0);
        const bool packets = base.uplinkRate.GetBitRate() > 0 || figure.figure == "uplink";
        CheckMemory("--agents=" + std::to_string(base.agents) +
                        " x --users=" + std::to_string(base.usersPerAgent) +
                        " over --iterations=" + std::to_string(base.iterations),
                    agents *
                        (base.usersPerAgent * ((packets ? GROUND_NODE_BYTES : MOBILITY_NODE_BYTES) +
                                               2 * 19 * 8.0 + sizeof(LeaseUser)) +
                         base.iterations * double(sizeof(SpectrumRoundRecord))),
                    "give fewer agents, users or iterations");
        if (figure.test)
        {
            base.agents = std::min<uint32_t>(base.agents, 2);
            base.usersPerAgent = std::min<uint32_t>(base.usersPerAgent, 10);
            base.iterations = std::min<uint32_t>(base.iterations, 40);
        }
        figure.userRun = RngSeedManager::GetRun();
        IndependentRunNumber(figure.userRun, figure.runs, figure.runs); // refuses overflow
        if (!consensus)
        {
            figure.Validate();
        }

        SpectrumRunRecorder record;
        if (!db.empty())
        {
            store = CreateObject<RunStore>();
            store->SetAttribute("Path", StringValue(db));
            store->BeginRun("sagin-spectrum-pricing",
                            {{"figure", figure.figure},
                             {"runs", std::to_string(figure.runs)},
                             {"agents", std::to_string(base.agents)},
                             {"users", std::to_string(base.usersPerAgent)},
                             {"iterations", std::to_string(base.iterations)},
                             {"tau", std::to_string(base.tau)},
                             {"malicious", std::to_string(base.maliciousFraction)},
                             {"visibility", std::to_string(base.visibility)},
                             {"user_speed", std::to_string(base.userSpeedMps)},
                             {"lease_records", base.leaseRecords ? "1" : "0"},
                             {"uplink_rate", OptionText(base.uplinkRate)},
                             {"test", figure.test ? "1" : "0"}});
            if (!consensus)
            {
                record = MakeSpectrumRunStoreRecorder(store);
            }
        }
        const auto start = std::chrono::steady_clock::now();
        if (consensus)
        {
            CompareConsensus(base, engineList, figure.test ? Seconds(5) : consensusTime, store);
        }
        else
        {
            std::cout << std::setprecision(4) << "Study B, figure " << figure.figure << ": "
                      << figure.runs << " run(s) per point, " << base.iterations
                      << " local rounds of " << base.interval.GetMilliSeconds() << " ms\n";
            for (const SpectrumPanel& panel : RunSpectrumFigure(figure, record))
            {
                PrintSpectrumPanel(std::cout, panel);
                if (!plotPrefix.empty())
                {
                    std::cout << "  plot: " << WriteSpectrumPanel(panel, plotPrefix) << "\n";
                }
            }
        }
        record = nullptr; // releases the run store's statements
        if (store)
        {
            store->EndRun();
            store->Close();
            std::cout << "run store: " << db << "\n";
        }
        std::cout << "total: "
                  << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
                  << " s wall\n";
    }
    catch (const std::exception& e)
    {
        std::cerr << "sagin-spectrum-pricing: " << e.what() << std::endl;
        if (store)
        {
            store->FailRun(e.what());
        }
        return 1;
    }
    return 0;
}
