// SPDX-License-Identifier: GPL-2.0-only
//
// Study B's costs (issue 16): one local round of 30 pricing agents with 100 users each (the
// link gains through every cell's beam, the market, the DDQN's decision and learning step),
// the same round with the average-budget baseline (no learning), the gains of 100 users
// through 19 beams computed at once (CalcRxPowerThroughCells) next to the way a user of ns-3's
// PropagationLossModel would get them (one CalcRxPowerThroughCell per cell), a whole
// figure-8 point (10 agents, 100 users, 600 rounds with federation), the same point with its
// users' uplink as packets next to flow level, and a federated round
// among 30 servers over the inter-satellite links (wall time per released round).
//
// Run: ./build/benchmarks/spectrum-benchmark [--benchmark_filter=...]

#include "ns3/constant-position-mobility-model.h"
#include "ns3/earth-fixed-cell-grid.h"
#include "ns3/enum.h"
#include "ns3/federated-node.h"
#include "ns3/geodesy.h"
#include "ns3/multi-beam-satellite-propagation-loss-model.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/spectrum-pricing-experiment.h"
#include "ns3/spectrum-pricing-helper.h"

#include <benchmark/benchmark.h>

using namespace ns3;
using namespace ns3::sagin;

namespace
{

/** 30 agents of a 10 x 10 shell at 550 km, 100 users each, installed and started. */
struct ThirtyAgents
{
    ApplicationContainer servers;    //!< the pricing servers
    ApplicationContainer federation; //!< FederatedNodes (with federation)
    uint64_t released{0};            //!< federated rounds released

    /**
     * \param averageBudget the baseline instead of the DDQN
     * \param federate install the reputation-elected federation (tau 10)
     */
    ThirtyAgents(bool averageBudget, bool federate)
    {
        SpectrumExperimentOptions shell;
        shell.agents = 30;
        NodeContainer agents = InstallSpectrumShell(shell);
        SpectrumPricingHelper pricing;
        pricing.SetRegionTime(Seconds(30));
        if (averageBudget)
        {
            pricing.SetServerAttribute("Pricing", EnumValue(SpectrumPricingServer::AVERAGE_BUDGET));
        }
        pricing.AssignStreams(1);
        servers = pricing.Install(agents);
        if (federate)
        {
            federation = pricing.InstallFederation(servers, 10);
            for (uint32_t i = 0; i < federation.GetN(); ++i)
            {
                federation.Get(i)->TraceConnectWithoutContext(
                    "RoundCompleted",
                    MakeCallback(+[](uint64_t* n, const FederatedRoundRecord&) {
                        ++*n;
                    }).Bind(&released));
            }
        }
    }
};

/**
 * One local round of 30 agents (100 ms of simulated time), after 70 rounds.
 * \param state the benchmark state; range(0): 1 for the average-budget baseline
 */
void
BM_LocalRound30Agents(benchmark::State& state)
{
    ThirtyAgents scenario(state.range(0) == 1, false);
    // 70 rounds first: the DDQN learns once its replay holds a batch (64 transitions).
    Simulator::Stop(MilliSeconds(7050));
    Simulator::Run();
    for (auto _ : state)
    {
        Simulator::Stop(MilliSeconds(100));
        Simulator::Run();
    }
    Simulator::Destroy();
    state.SetLabel(state.range(0) == 1 ? "average-budget" : "DDQN");
}

/**
 * The gains of 100 users at 0-90 km from a satellite's nadir through 19 beams: all beams at
 * once, or one call per beam as ns-3's loss-model interface gives them.
 * \param state the benchmark state; range(0): 1 for one call per cell
 */
void
BM_GainsThrough19Beams(benchmark::State& state)
{
    auto grid = CreateObject<EarthFixedCellGrid>();
    auto loss = CreateObject<MultiBeamSatellitePropagationLossModel>();
    loss->SetAttribute("CellGrid", PointerValue(grid));
    auto satellite = CreateObject<ConstantPositionMobilityModel>();
    satellite->SetPosition(GeodeticToEcef(GeodeticPosition{0, 0, 550e3}));
    std::vector<Ptr<MobilityModel>> users;
    for (uint32_t i = 0; i < 100; ++i)
    {
        auto m = CreateObject<ConstantPositionMobilityModel>();
        m->SetPosition(EnuToEcef(GeodeticPosition{0, 0, 0},
                                 Vector(900.0 * i * std::cos(i), 900.0 * i * std::sin(i), 0)));
        users.push_back(m);
    }
    const bool perCell = state.range(0) == 1;
    for (auto _ : state)
    {
        double sum = 0;
        for (const auto& u : users)
        {
            if (perCell)
            {
                for (uint32_t k = 0; k < grid->GetN(); ++k)
                {
                    sum += loss->CalcRxPowerThroughCell(0.0, satellite, u, k);
                }
            }
            else
            {
                for (double v : loss->CalcRxPowerThroughCells(0.0, satellite, u))
                {
                    sum += v;
                }
            }
        }
        benchmark::DoNotOptimize(sum);
    }
    state.SetLabel(perCell ? "one CalcRxPowerThroughCell per cell" : "CalcRxPowerThroughCells");
}

/**
 * A figure-8 point: 10 agents, 100 users, 600 rounds, the federation.
 * \param state the benchmark state
 */
void
BM_Figure8Point(benchmark::State& state)
{
    for (auto _ : state)
    {
        SpectrumExperimentOptions o;
        benchmark::DoNotOptimize(RunSpectrumExperiment(o));
    }
}

/**
 * The same point without lease records, its users' uplink at flow level (argument 0) or as
 * packets over the GSL at 1 Mbit/s per user on the air (argument 1): what the packets cost.
 * \param state the benchmark state
 */
void
BM_UplinkPoint(benchmark::State& state)
{
    uint64_t deliveredBits = 0;
    for (auto _ : state)
    {
        SpectrumExperimentOptions o;
        o.leaseRecords = false;
        o.uplinkRate = DataRate(state.range(0) ? 1000000 : 0);
        for (const auto& agent : RunSpectrumExperiment(o).rounds)
        {
            for (const auto& round : agent)
            {
                deliveredBits += round.deliveredBits;
            }
        }
    }
    state.SetLabel(state.range(0) ? "packets, 1 Mbit/s per user" : "flow level");
    state.counters["delivered_Mbit"] = deliveredBits / 1e6 / state.iterations();
}

/**
 * Federated rounds among 30 servers over the ISLs: wall time per released round (20 s of
 * simulated time per iteration).
 * \param state the benchmark state
 */
void
BM_FederatedRounds30Servers(benchmark::State& state)
{
    ThirtyAgents scenario(false, true);
    for (auto _ : state)
    {
        Simulator::Stop(Seconds(20));
        Simulator::Run();
    }
    const uint64_t rounds = scenario.released;
    Simulator::Destroy();
    state.counters["released_rounds"] = static_cast<double>(rounds);
    state.counters["simulated_s_per_round"] =
        rounds > 0 ? 20.0 * state.iterations() / static_cast<double>(rounds) : 0.0;
}

} // namespace

BENCHMARK(BM_LocalRound30Agents)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GainsThrough19Beams)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Figure8Point)->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK(BM_UplinkPoint)->Arg(0)->Arg(1)->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK(BM_FederatedRounds30Servers)->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK_MAIN();
