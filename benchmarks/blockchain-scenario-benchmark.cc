// SPDX-License-Identifier: GPL-2.0-only
//
// The sagin-blockchain example's scenarios that the manual quotes (doc/sagin.rst, Performance,
// blockchain), run through the example's own RunBlockchainExperiment, one iteration each.
// Counters: simulated seconds per wall second, events per wall second, blocks produced and
// stale, mean propagation delay, peak memory of the process so far. The long ones take minutes:
// pick one with --benchmark_filter, e.g.
//   ./build/benchmarks/blockchain-scenario-benchmark --benchmark_filter=Pow1000Hour

#include "peak-memory.h"

#include "ns3/blockchain-experiment.h"
#include "ns3/names.h"

#include <benchmark/benchmark.h>
#include <numeric>

using namespace ns3;
using namespace ns3::sagin;

namespace
{

/** \return the example's options for the 10-100 ms, 100 Mb/s point-to-point peer graph */
BlockchainExperimentOptions
PeerGraph(uint32_t nodes, const std::string& consensus, Time duration)
{
    BlockchainExperimentOptions o;
    o.topology = "p2p";
    o.nodes = nodes;
    o.consensus = consensus;
    o.duration = duration;
    o.progress = false;
    return o;
}

/**
 * Run one scenario and report its cost.
 * \param state Google Benchmark's state
 * \param options the scenario
 */
void
RunScenario(benchmark::State& state, const BlockchainExperimentOptions& options)
{
    BlockchainExperimentResult result;
    for (auto _ : state)
    {
        result = RunBlockchainExperiment(options, BlockchainRunRows{});
        Names::Clear(); // the constellation's station and satellite names, for a repetition
    }
    state.counters["simulated_s_per_wall_s"] = options.duration.GetSeconds() / result.wall;
    state.counters["events_per_wall_s"] = result.events / result.wall;
    state.counters["blocks"] = static_cast<double>(result.produced);
    state.counters["stale"] = static_cast<double>(result.stale);
    state.counters["delay_mean_s"] =
        result.delays.empty() ? 0.0
                              : std::accumulate(result.delays.begin(), result.delays.end(), 0.0) /
                                    result.delays.size();
    state.counters["peak_MiB"] = PeakMebibytes();
}

} // namespace

int
main(int argc, char** argv)
{
    // The example's defaults: PoW, 10 stations over the 72x22 shell, 10 s blocks, 120 s.
    BlockchainExperimentOptions shell;
    shell.progress = false;

    // PBFT, 100 validators, one block per second, votes as UDP datagrams, two minutes.
    BlockchainExperimentOptions pbft = PeerGraph(100, "pbft", Seconds(120));
    pbft.blockInterval = Seconds(1);
    pbft.faults = (100 - 1) / 3;
    pbft.voteTransport = "udp";

    // PoW, 1000 nodes, empty blocks every minute, one hour.
    BlockchainExperimentOptions powHour = PeerGraph(1000, "pow", Hours(1));
    powHour.blockInterval = Minutes(1);
    powHour.txRate = 0;

    // 1000 nodes gossiping the transactions that fill 1 MB blocks (117/s), 20 s.
    BlockchainExperimentOptions txGossip = PeerGraph(1000, "pow", Seconds(20));
    txGossip.txRate = 117;
    txGossip.maxBlockTx = 7000;
    txGossip.txAnnounce = Seconds(1);

    // 1 MB blocks from a shared pool: 200 nodes for five minutes, 1000 nodes for ten.
    BlockchainExperimentOptions pool200 = PeerGraph(200, "pow", Minutes(5));
    pool200.txRate = 117;
    pool200.maxBlockTx = 7000;
    pool200.txSource = "pool";
    BlockchainExperimentOptions pool1000 = pool200;
    pool1000.nodes = 1000;
    pool1000.blockInterval = Minutes(1);
    pool1000.duration = Minutes(10);
    // The same 1 MB blocks every minute on 1000 nodes for an hour, blocks at flow level.
    BlockchainExperimentOptions pool1000HourFlow = pool1000;
    pool1000HourFlow.duration = Hours(1);
    pool1000HourFlow.flowLevel = "BLOCK";

    for (const auto& [name, options] :
         std::vector<std::pair<std::string, BlockchainExperimentOptions>>{
             {"ShellDefaults", shell},
             {"Pbft100Udp", pbft},
             {"Pow1000Hour", powHour},
             {"TxGossip1000", txGossip},
             {"Pool200", pool200},
             {"Pool1000TenMinutes", pool1000},
             {"Pool1000HourFlowLevel", pool1000HourFlow}})
    {
        benchmark::RegisterBenchmark(name.c_str(), RunScenario, options)
            ->Iterations(1)
            ->Unit(benchmark::kSecond);
    }
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
