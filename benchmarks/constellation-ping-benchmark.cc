// SPDX-License-Identifier: GPL-2.0-only
//
// A Starlink-like run at packet level, end to end: the 72x22 shell at 550 km, 53 degrees with
// +Grid ISLs, 100 ground stations on a 10x10 latitude/longitude grid, 100 pairs (each station
// to the one 50 places on) pinging at 10 Hz with ns-3's V4Ping from 1 s to 10 s, routing
// recomputed every 100 ms, 11 simulated seconds; built with SaginHelper. Two attachment
// models side by side in one run: each station on its highest satellite (the default), and on
// every satellite in view with routing choosing (AllInViewAttachmentPolicy, Hypatia's model).
// Counters: simulated seconds per wall second of Simulator::Run, replies, mean RTT (ms),
// routing recomputations, the process's peak memory (MiB).
// Run: ./build/benchmarks/constellation-ping-benchmark

#include "peak-memory.h"

#include "ns3/constellation-presets.h"
#include "ns3/ground-station-helper.h"
#include "ns3/names.h"
#include "ns3/ns3-release-compat.h"
#include "ns3/sagin-helper.h"
#include "ns3/sagin-routing-manager.h"
#include "ns3/simulator.h"

#include <benchmark/benchmark.h>
#include <chrono>

using namespace ns3;
using namespace ns3::sagin;

namespace
{
constexpr uint32_t STATIONS = 100;       //!< on a 10 x 10 grid
const Time PING_INTERVAL = Seconds(0.1); //!< 10 Hz per pair
const Time STOP = Seconds(11);           //!< simulated time

/** The attachment models compared, by benchmark argument. */
const char* const POLICIES[] = {"ns3::sagin::HighestElevationAttachmentPolicy",
                                "ns3::sagin::AllInViewAttachmentPolicy"};

/**
 * One run of the scenario.
 * \param state the benchmark state (argument 0: index into POLICIES)
 */
void
BM_StarlinkPing(benchmark::State& state)
{
    for (auto _ : state)
    {
        state.PauseTiming();
        SaginHelper sagin;
        sagin.AddShells(GetConstellationPreset("starlink-shell1"));
        GroundStationHelper stations;
        // Latitudes -45..45 and longitudes -162..162 degrees.
        for (uint32_t i = 0; i < STATIONS; ++i)
        {
            stations.Add("gs" + std::to_string(i),
                         -45.0 + 10.0 * (i / 10),
                         -162.0 + 36.0 * (i % 10),
                         0.0);
        }
        sagin.AddGroundStations(stations);
        sagin.SetAttachmentPolicy(POLICIES[state.range(0)]);
        sagin.Routing().SetManagerAttribute("Interval", TimeValue(MilliSeconds(100)));
        SaginNetwork net = sagin.Install();
        uint64_t replies = 0;
        double rttSum = 0; // (s)
        for (uint32_t i = 0; i < STATIONS; ++i)
        {
            InstallPing(net.stations.Get(i),
                        net.stationAddresses.GetAddress((i + STATIONS / 2) % STATIONS),
                        PING_INTERVAL,
                        Seconds(1),
                        Seconds(10),
                        Callback<void, Time>([&replies, &rttSum](Time rtt) {
                            ++replies;
                            rttSum += rtt.GetSeconds();
                        }));
        }
        Simulator::Stop(STOP);
        state.ResumeTiming();
        const auto start = std::chrono::steady_clock::now();
        Simulator::Run();
        const double wall =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        state.PauseTiming();
        state.counters["sim_s_per_wall_s"] = STOP.GetSeconds() / wall;
        state.counters["replies"] = static_cast<double>(replies);
        state.counters["mean_rtt_ms"] = replies ? 1e3 * rttSum / replies : 0.0;
        state.counters["recomputations"] =
            static_cast<double>(net.routing.GetManager()->GetRecomputations());
        state.counters["peak_MiB"] = PeakMebibytes();
        Simulator::Destroy();
        Names::Clear(); // the stations' names, for the next run
        state.ResumeTiming();
    }
    state.SetLabel(POLICIES[state.range(0)]);
}
} // namespace

BENCHMARK(BM_StarlinkPing)->Arg(0)->Arg(1)->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK_MAIN();
