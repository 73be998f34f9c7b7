// SPDX-License-Identifier: GPL-2.0-only
//
// Orbit propagation speed (positions per second), next to what an ns-3 user would
// otherwise call: ns-3's ConstantVelocityMobilityModel, asked the same way in the same run.
// Run: ./build/benchmarks/orbit-benchmark (Google Benchmark options apply).

#include "ns3/circular-orbit.h"
#include "ns3/constant-velocity-mobility-model.h"
#include "ns3/satellite-mobility-model.h"
#include "ns3/simulator.h"

#include <benchmark/benchmark.h>

using namespace ns3;
using namespace ns3::sagin;

/** Circular orbit, ECEF state at a new instant every call. */
static void
BM_CircularOrbitEcefState(benchmark::State& state)
{
    auto orbit = CreateObject<CircularOrbit>();
    orbit->SetElements(550e3, 53.0, 10.0, 20.0);
    int64_t step = 0;
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(orbit->GetEcefState(MilliSeconds(++step)));
    }
    state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_CircularOrbitEcefState);

/**
 * Ask a mobility model for its position from inside simulator events, one event per
 * millisecond, as a packet would: the cost of an event plus one position.
 * \param state benchmark state
 * \param model the model to ask
 */
static void
PositionPerEvent(benchmark::State& state, Ptr<MobilityModel> model)
{
    const int64_t eventsPerBatch = 10000;
    for (auto _ : state)
    {
        for (int64_t k = 1; k <= eventsPerBatch; ++k)
        {
            Simulator::Schedule(MilliSeconds(k),
                                [model]() { benchmark::DoNotOptimize(model->GetPosition()); });
        }
        Simulator::Run();
    }
    Simulator::Destroy();
    state.SetItemsProcessed(state.iterations() * eventsPerBatch);
}

/** SatelliteMobilityModel on a circular orbit. */
static void
BM_SatelliteMobilityPerEvent(benchmark::State& state)
{
    auto orbit = CreateObject<CircularOrbit>();
    orbit->SetElements(550e3, 53.0, 10.0, 20.0);
    auto model = CreateObject<SatelliteMobilityModel>();
    model->SetOrbit(orbit);
    PositionPerEvent(state, model);
}

BENCHMARK(BM_SatelliteMobilityPerEvent);

/** ns-3's ConstantVelocityMobilityModel, the cheapest moving stock model. */
static void
BM_ConstantVelocityMobilityPerEvent(benchmark::State& state)
{
    auto model = CreateObject<ConstantVelocityMobilityModel>();
    model->SetVelocity(Vector(7000, 0, 0));
    PositionPerEvent(state, model);
}

BENCHMARK(BM_ConstantVelocityMobilityPerEvent);

BENCHMARK_MAIN();
