// SPDX-License-Identifier: GPL-2.0-only
//
// A Starlink-like run at packet level, end to end: the 72x22 shell at 550 km, 53 degrees with
// +Grid ISLs, 100 ground stations on a 10x10 latitude/longitude grid, 100 pairs (each station
// to the one 50 places on) pinging at 10 Hz with ns-3's V4Ping from 1 s to 10 s, routing
// recomputed every 100 ms, 11 simulated seconds; built with SaginHelper. Two attachment
// models side by side in one run: each station on its highest satellite (the default), and on
// every satellite in view with routing choosing (AllInViewAttachmentPolicy, Hypatia's model).
// Counters: simulated seconds per wall second of Simulator::Run, replies, mean RTT (ms),
// packets forwarded by satellites (one per satellite on a path), routing recomputations, the
// process's peak memory (MiB).
//
// BM_ScalePing is the same scenario over three constellations (argument 0: the 72x22 shell,
// 1,584 satellites; Starlink as filed, 5 shells, 4,408; a 120x100 shell at 550 km, 53 degrees,
// 12,000), 10, 100 or 1,000 pairs (argument 1) and either attachment model (argument 2):
// how wall time and memory grow with the satellites and with the traffic. Peak memory is the
// process's, so run one configuration per process: benchmarks/scale-table.sh does.
// Run: ./build/benchmarks/constellation-ping-benchmark

#include "peak-memory.h"

#include "ns3/constellation-presets.h"
#include "ns3/ground-station-helper.h"
#include "ns3/ipv4.h"
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

/** The constellations of BM_ScalePing, by benchmark argument. */
std::vector<WalkerShell>
ScaleConstellation(int64_t index)
{
    if (index < 2)
    {
        return GetConstellationPreset(index == 0 ? "starlink-shell1" : "starlink");
    }
    WalkerShell shell; // 550 km, 53 degrees
    shell.planes = 120;
    shell.satsPerPlane = 100;
    shell.phasing = 1;
    return {shell};
}

/**
 * Run the scenario once per benchmark iteration.
 * \param state the benchmark state
 * \param shells the constellation
 * \param pairs number of pinging pairs: pair k from station k mod 100 to the one
 *        50 + floor(k / 100) places on
 * \param policy TypeId name of the stations' attachment policy
 */
void
RunPing(benchmark::State& state,
        const std::vector<WalkerShell>& shells,
        uint32_t pairs,
        const std::string& policy)
{
    for (auto _ : state)
    {
        state.PauseTiming();
        SaginHelper sagin;
        sagin.AddShells(shells);
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
        sagin.SetAttachmentPolicy(policy);
        sagin.Routing().SetManagerAttribute("Interval", TimeValue(MilliSeconds(100)));
        SaginNetwork net = sagin.Install();
        uint64_t replies = 0;
        double rttSum = 0; // (s)
        for (uint32_t k = 0; k < pairs; ++k)
        {
            const uint32_t from = k % STATIONS;
            const uint32_t to = (from + STATIONS / 2 + k / STATIONS) % STATIONS;
            InstallPing(net.stations.Get(from),
                        net.stationAddresses.GetAddress(to),
                        PING_INTERVAL,
                        Seconds(1),
                        Seconds(10),
                        Callback<void, Time>([&replies, &rttSum](Time rtt) {
                            ++replies;
                            rttSum += rtt.GetSeconds();
                        }));
        }
        uint64_t forwards = 0; // packets forwarded by satellites
        for (uint32_t i = 0; i < net.satellites.GetN(); ++i)
        {
            net.satellites.Get(i)
                ->GetObject<Ipv4>()
                ->GetRoutingProtocol()
                ->TraceConnectWithoutContext("Forward",
                                             MakeCallback(+[](uint64_t* count,
                                                              const Ipv4Header&,
                                                              Ptr<const Packet>,
                                                              uint32_t) {
                                                 ++*count;
                                             }).Bind(&forwards));
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
        state.counters["satellite_forwards"] = static_cast<double>(forwards);
        state.counters["mean_rtt_ms"] = replies ? 1e3 * rttSum / replies : 0.0;
        state.counters["recomputations"] =
            static_cast<double>(net.routing.GetManager()->GetRecomputations());
        state.counters["peak_MiB"] = PeakMebibytes();
        Simulator::Destroy();
        Names::Clear(); // the stations' names, for the next run
        state.ResumeTiming();
    }
    uint32_t satellites = 0;
    for (const auto& shell : shells)
    {
        satellites += shell.GetTotal();
    }
    state.counters["satellites"] = satellites;
}

/**
 * The 72x22 shell with 100 pairs.
 * \param state the benchmark state (argument 0: index into POLICIES)
 */
void
BM_StarlinkPing(benchmark::State& state)
{
    RunPing(state, GetConstellationPreset("starlink-shell1"), STATIONS, POLICIES[state.range(0)]);
    state.SetLabel(POLICIES[state.range(0)]);
}

/**
 * Growth with the constellation and the traffic.
 * \param state the benchmark state (argument 0: constellation, see ScaleConstellation;
 *        argument 1: pairs; argument 2: index into POLICIES)
 */
void
BM_ScalePing(benchmark::State& state)
{
    RunPing(state, ScaleConstellation(state.range(0)), state.range(1), POLICIES[state.range(2)]);
    state.SetLabel(POLICIES[state.range(2)]);
}
} // namespace

BENCHMARK(BM_StarlinkPing)->Arg(0)->Arg(1)->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK(BM_ScalePing)
    ->ArgsProduct({{0, 1, 2}, {10, 100, 1000}, {0, 1}})
    ->Iterations(1)
    ->Unit(benchmark::kSecond);
BENCHMARK_MAIN();
