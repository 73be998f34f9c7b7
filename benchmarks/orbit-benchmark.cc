// SPDX-License-Identifier: GPL-2.0-only
//
// Orbit propagation speed (positions per second), next to what an ns-3 user would
// otherwise call: ns-3's ConstantVelocityMobilityModel, asked the same way in the same run.
// Run: ./build/benchmarks/orbit-benchmark (Google Benchmark options apply).

#include "ns3/circular-orbit.h"
#include "ns3/constant-velocity-mobility-model.h"
#include "ns3/satellite-mobility-model.h"
#include "ns3/sgp4-propagator.h"
#include "ns3/simulator.h"
#include "ns3/two-line-element.h"

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
 * SGP4 from one element set, a new time every call (1 s apart, wrapping after a day).
 * \param state benchmark state
 * \param line1 TLE line 1
 * \param line2 TLE line 2
 */
static void
Sgp4Propagations(benchmark::State& state, const char* line1, const char* line2)
{
    const Sgp4Propagator sgp4(ParseTwoLineElement(line1, line2));
    int64_t step = 0;
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(sgp4.Propagate((++step % 86400) / 60.0));
    }
    state.SetItemsProcessed(state.iterations());
}

/** Near-earth (SGP4) case: DELTA 1 DEB of the Vallado verification set. */
static void
BM_Sgp4NearEarth(benchmark::State& state)
{
    Sgp4Propagations(state,
                     "1 06251U 62025E   06176.82412014  .00008885  00000-0  12808-3 0  3985",
                     "2 06251  58.0579  54.0425 0030035 139.1568 221.1854 15.56387291  6774");
}

BENCHMARK(BM_Sgp4NearEarth);

/** Deep-space (SDP4) case with 12 h resonance: MOLNIYA 2-14 of the verification set. */
static void
BM_Sgp4DeepSpace(benchmark::State& state)
{
    Sgp4Propagations(state,
                     "1 08195U 75081A   06176.33215444  .00000099  00000-0  11873-3 0   813",
                     "2 08195  64.1586 279.0717 6877146 264.7651  20.2257  2.00491383225656");
}

BENCHMARK(BM_Sgp4DeepSpace);

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
