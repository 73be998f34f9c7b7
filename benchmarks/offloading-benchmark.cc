// SPDX-License-Identifier: GPL-2.0-only
//
// Study A: the time of one slot's decision of the non-learning reference (the per-slot
// Stackelberg game, MyopicStackelbergStrategy) and of a baseline on it, for N x M followers;
// MADFRL's decision and training slot for 48 followers;
// and the wall time of whole runs at flow and at packet level side by side (study A's default
// scenario: 4 MBSs x 12 devices under Starlink's first shell), the packet level's cost being
// the ratio. Run: ./build/benchmarks/offloading-benchmark (Google Benchmark options apply).

#include "ns3/boolean.h"
#include "ns3/ddpg-policy.h"
#include "ns3/enum.h"
#include "ns3/madfrl-offloading-strategy.h"
#include "ns3/myopic-stackelberg-strategy.h"
#include "ns3/offloading-baseline-strategy.h"
#include "ns3/offloading-experiment.h"
#include "ns3/offloading-parameters.h"
#include "ns3/random-variable-stream.h"

#include <benchmark/benchmark.h>
#include <cmath>

using namespace ns3;
using namespace ns3::sagin;

namespace
{

/**
 * A slot of study A's defaults with cells x devices followers: queues U(0, 10) Mbit, tasks
 * and w as the source draws them, gains of the source's random geometry (-140 to -125 dB).
 * \param cells N
 * \param devices M
 * \return the slot
 */
OffloadingSlotProblem
MakeSlot(uint32_t cells, uint32_t devices)
{
    OffloadingConstants k = CreateObject<OffloadingParameters>()->GetConstants();
    k.cells = cells;
    k.devicesPerCell = devices;
    auto u = CreateObject<UniformRandomVariable>();
    u->SetStream(7);
    std::vector<FollowerState> states(k.GetFollowers());
    for (FollowerState& s : states)
    {
        s.queueMbit = u->GetValue(0.0, 10.0);
        s.arrivalMbit = u->GetValue(10.0, 30.0);
        s.cyclesPerBit = u->GetValue(2000.0, 4000.0);
        for (uint32_t o = 0; o < k.leos; ++o)
        {
            s.gain.push_back(std::pow(10.0, -u->GetValue(12.5, 14.0)));
        }
    }
    return OffloadingSlotProblem(k, states);
}

/** \param state devices per MBS in range(0), N = 4 */
void
BM_MyopicDecision(benchmark::State& state)
{
    const OffloadingSlotProblem slot = MakeSlot(4, state.range(0));
    auto strategy = CreateObject<MyopicStackelbergStrategy>();
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(strategy->Decide(slot, {}));
    }
    state.counters["followers"] = 4 * state.range(0);
}

BENCHMARK(BM_MyopicDecision)->Arg(3)->Arg(12)->Arg(24)->Unit(benchmark::kMillisecond);

/** \param state devices per MBS in range(0), N = 4 */
void
BM_MagcsDecision(benchmark::State& state)
{
    const OffloadingSlotProblem slot = MakeSlot(4, state.range(0));
    auto strategy = CreateObject<OffloadingBaselineStrategy>();
    strategy->SetAttribute("Rule", EnumValue(OffloadingBaselineStrategy::MAGCS));
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(strategy->Decide(slot, {}));
    }
}

BENCHMARK(BM_MagcsDecision)->Arg(12)->Unit(benchmark::kMillisecond);

/**
 * \param state range(0) 1: one shared agent, 0: an agent per follower (labelled so)
 * \return a MADFRL strategy with that sharing
 */
Ptr<MadfrlOffloadingStrategy>
MakeMadfrl(benchmark::State& state)
{
    const bool shared = state.range(0) == 1;
    auto strategy = CreateObject<MadfrlOffloadingStrategy>();
    strategy->SetAttribute("Sharing",
                           EnumValue(shared ? MadfrlOffloadingStrategy::SHARED
                                            : MadfrlOffloadingStrategy::INDEPENDENT));
    state.SetLabel(shared ? "shared agent" : "agent per follower");
    return strategy;
}

/**
 * MADFRL's per-slot decision for 48 followers, greedy (the first decision builds the weights):
 * range(0) 1 is one shared agent (one batched forward pass), 0 an agent per follower (48
 * passes); the leader's pass included. The target: 100 us for the slot's passes
 * (95-96 us with the shared agent on an AVX2 AMD EPYC at 2.45 GHz, 2026-12-08).
 * \param state the benchmark state
 */
void
BM_MadfrlDecision(benchmark::State& state)
{
    const OffloadingSlotProblem slot = MakeSlot(4, 12);
    Ptr<MadfrlOffloadingStrategy> strategy = MakeMadfrl(state);
    strategy->SetAttribute("Training", BooleanValue(false));
    OffloadingSlotDecision previous;
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(previous = strategy->Decide(slot, previous));
    }
}

BENCHMARK(BM_MadfrlDecision)->Arg(1)->Arg(0)->Unit(benchmark::kMicrosecond);

/**
 * One MADFRL training slot for 48 followers: the exploring decision, the flow model's outcome
 * and Learn (every agent's update, the leader's included; the federated aggregation every
 * AggregationPeriod slots). range(0) as BM_MadfrlDecision.
 * \param state the benchmark state
 */
void
BM_MadfrlTrainingSlot(benchmark::State& state)
{
    const OffloadingSlotProblem slot = MakeSlot(4, 12);
    Ptr<MadfrlOffloadingStrategy> strategy = MakeMadfrl(state);
    OffloadingSlotDecision decision;
    const auto trainOneSlot = [&]() {
        decision = strategy->Decide(slot, decision);
        strategy->Learn(slot, decision, slot.Evaluate(decision.prices, decision.followers));
    };
    // Until every replay buffer holds a batch (64 transitions), slots take no update.
    for (uint32_t t = 0; t < 70; ++t)
    {
        trainOneSlot();
    }
    for (auto _ : state)
    {
        trainOneSlot();
    }
}

BENCHMARK(BM_MadfrlTrainingSlot)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->Iterations(50);

/** \param state range(0) 1: packet level */
void
BM_RunOf20Slots(benchmark::State& state)
{
    OffloadingScenario scenario;
    scenario.slots = 20;
    scenario.packetLevel = state.range(0) == 1;
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(RunOffloadingScenario(scenario));
    }
    state.SetLabel(scenario.packetLevel ? "packet level" : "flow level");
}

BENCHMARK(BM_RunOf20Slots)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(2);

} // namespace

BENCHMARK_MAIN();
