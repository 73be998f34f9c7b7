// SPDX-License-Identifier: GPL-2.0-only
//
// Study C's per-slot optimiser: time of one slot's decision versus the number of UEs (I),
// UAVs (J) and contents (F), default fireworks settings (L = 5, chi^ = 50, a = 0.04, b = 0.8,
// 5 mutation sparks, 100 generations). Target of issue 6: at most 5 ms per slot at I = 50,
// J = 4, F = 30. The baselines in the same run, and the exact MILP optimum (CBC) with the
// fireworks' distance from it.
// Run: ./build/benchmarks/caching-benchmark (Google Benchmark options apply).

#include "ns3/caching-slot-parameters.h"
#include "ns3/caching-slot-problem.h"
#include "ns3/caching-virtual-queues.h"
#include "ns3/content-catalogue.h"
#include "ns3/content-request-process.h"
#include "ns3/enum.h"
#include "ns3/exact-caching-optimiser.h"
#include "ns3/exhaustive-caching-optimiser.h"
#include "ns3/fireworks-caching-optimiser.h"
#include "ns3/lru-lfu-caching-optimiser.h"
#include "ns3/uinteger.h"

#include <benchmark/benchmark.h>
#include <cmath>

using namespace ns3;
using namespace ns3::sagin;

namespace
{

/**
 * A slot of study C's default scenario (PAPERS.md): UEs and UAVs uniformly in a 500 m
 * square, UAVs at H = 100 m, rate R = B log2(1 + P beta0 / d^2 / sigma^2) with B = 10 MHz,
 * P = 1 W, beta0 = -60 dB, sigma^2 = -110 dBm, and half the links blocked (20 dB penetration
 * loss). The queues and caches are those left by 10 slots of the fireworks optimiser, so the
 * timed slot is a steady-state one.
 * \param ues I
 * \param uavs J
 * \param contents F
 * \return the slot's problem input
 */
CachingSlotInput
SteadyStateSlot(uint32_t ues, uint32_t uavs, uint32_t contents)
{
    constexpr double SIDE = 500.0;       // service area side (m)
    constexpr double HEIGHT = 100.0;     // H (m)
    constexpr double BANDWIDTH = 10e6;   // B (Hz)
    constexpr double POWER = 1.0;        // P (W)
    constexpr double BETA0 = 1e-6;       // -60 dB at 1 m
    constexpr double NOISE = 1e-14;      // -110 dBm (W)
    constexpr double PENETRATION = 1e-2; // 20 dB
    auto catalogue = CreateObject<ContentCatalogue>();
    catalogue->SetAttribute("NumContents", UintegerValue(contents));
    catalogue->AssignStreams(1);
    auto requests = CreateObject<ContentRequestProcess>();
    requests->AssignStreams(2);
    auto position = CreateObject<UniformRandomVariable>();
    position->SetStream(3);
    auto params = CreateObject<CachingSlotParameters>();
    auto queues = CreateObject<CachingVirtualQueues>();
    queues->Reset(uavs);
    auto fireworks = CreateObject<FireworksCachingOptimiser>();
    fireworks->AssignStreams(4);
    std::vector<uint8_t> cache(uavs * contents, 0);
    CachingSlotInput in;
    for (uint32_t t = 0; t <= 10; ++t)
    {
        std::vector<double> rates(ues * uavs);
        std::vector<double> distances(ues * uavs);
        for (uint32_t i = 0; i < ues; ++i)
        {
            const double x = position->GetValue(0, SIDE);
            const double y = position->GetValue(0, SIDE);
            for (uint32_t j = 0; j < uavs; ++j)
            {
                const double dx = x - position->GetValue(0, SIDE);
                const double dy = y - position->GetValue(0, SIDE);
                const double d2 = HEIGHT * HEIGHT + dx * dx + dy * dy;
                const double blocked = position->GetValue() < 0.5 ? PENETRATION : 1.0;
                const double snr = POWER * BETA0 / d2 * blocked / NOISE;
                rates[i * uavs + j] = BANDWIDTH * std::log2(1.0 + snr) / 1e6; // Mbit/s
                distances[i * uavs + j] = std::sqrt(d2);
            }
        }
        in = params->MakeInput(catalogue,
                               requests->DrawRequests(ues, contents),
                               rates,
                               cache,
                               queues);
        in.uavDistances = distances;
        if (t == 10)
        {
            break;
        }
        const CachingSlotProblem problem(in);
        const CachingSolution s = fireworks->Solve(problem);
        queues->Update(problem.Evaluate(s));
        cache = problem.GetCacheAfter(s);
    }
    return in;
}

/**
 * Time one slot's decision.
 * \param state benchmark state; range(0..2) = I, J, F
 * \param optimiser the optimiser
 */
void
TimeSlot(benchmark::State& state, Ptr<CachingOptimiser> optimiser)
{
    const CachingSlotProblem problem(
        SteadyStateSlot(state.range(0), state.range(1), state.range(2)));
    optimiser->AssignStreams(5);
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(optimiser->Solve(problem));
    }
    state.SetItemsProcessed(state.iterations());
    auto fireworks = DynamicCast<FireworksCachingOptimiser>(optimiser);
    if (fireworks)
    {
        state.counters["evaluations"] = fireworks->GetLastEvaluations();
    }
}

} // namespace

/** \param state benchmark state */
static void
BM_FireworksProposed(benchmark::State& state)
{
    TimeSlot(state, CreateObject<FireworksCachingOptimiser>());
}

/** \param state benchmark state */
static void
BM_FireworksOneEs(benchmark::State& state)
{
    auto fireworks = CreateObject<FireworksCachingOptimiser>();
    fireworks->SetAttribute("Variant", EnumValue(FireworksCachingOptimiser::ONE_EXPLOSION_SPARK));
    TimeSlot(state, fireworks);
}

/** \param state benchmark state */
static void
BM_FireworksNoMutation(benchmark::State& state)
{
    auto fireworks = CreateObject<FireworksCachingOptimiser>();
    fireworks->SetAttribute("Variant", EnumValue(FireworksCachingOptimiser::NO_MUTATION));
    TimeSlot(state, fireworks);
}

/** \param state benchmark state */
static void
BM_Lru(benchmark::State& state)
{
    TimeSlot(state, CreateObject<LruLfuCachingOptimiser>());
}

/** \param state benchmark state */
static void
BM_Exhaustive(benchmark::State& state)
{
    TimeSlot(state, CreateObject<ExhaustiveCachingOptimiser>());
}

/**
 * The MILP optimum (CBC) of the same slot, with the fireworks' distance from it: counters
 * U_milp (U(t) of the MILP's answer), milp_gap (its distance from CBC's bound; 0 when proven),
 * optimal (1: proven), nodes, and fireworks_gap = U(t) of the fireworks' answer minus U_milp
 * (U(t) units; 0 when the fireworks find the optimum).
 * \param state benchmark state
 */
static void
BM_ExactMilp(benchmark::State& state)
{
    const CachingSlotProblem problem(
        SteadyStateSlot(state.range(0), state.range(1), state.range(2)));
    auto exact = CreateObject<ExactCachingOptimiser>();
    ExactCachingResult result;
    for (auto _ : state)
    {
        result = exact->SolveWithBound(problem);
        benchmark::DoNotOptimize(result);
    }
    auto fireworks = CreateObject<FireworksCachingOptimiser>();
    fireworks->AssignStreams(5);
    state.counters["U_milp"] = result.objective;
    state.counters["milp_gap"] = result.GetGap(); // 0 when proven optimal
    state.counters["optimal"] = result.optimal;
    state.counters["nodes"] = double(result.nodes);
    state.counters["fireworks_gap"] =
        problem.Objective(fireworks->Solve(problem)) - result.objective;
}

BENCHMARK(BM_FireworksProposed)
    ->ArgNames({"I", "J", "F"})
    ->Args({50, 4, 30}) // the target point
    ->Args({10, 4, 30})
    ->Args({20, 4, 30})
    ->Args({100, 4, 30})
    ->Args({50, 2, 30})
    ->Args({50, 8, 30})
    ->Args({50, 4, 10})
    ->Args({50, 4, 100})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FireworksOneEs)
    ->ArgNames({"I", "J", "F"})
    ->Args({50, 4, 30})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FireworksNoMutation)
    ->ArgNames({"I", "J", "F"})
    ->Args({50, 4, 30})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Lru)->ArgNames({"I", "J", "F"})->Args({50, 4, 30})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Exhaustive)
    ->ArgNames({"I", "J", "F"})
    ->Args({3, 2, 3})
    ->Args({6, 3, 5})
    ->Unit(benchmark::kMillisecond);

BENCHMARK(BM_ExactMilp)
    ->ArgNames({"I", "J", "F"})
    ->Args({10, 4, 30})
    ->Args({20, 4, 30})
    ->Args({50, 4, 30})
    ->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
