// SPDX-License-Identifier: GPL-2.0-only
//
// One federated round's server-side work for the 2x128 MLP used elsewhere (16-128-128-8,
// ReLU; its parameter count from MlpArchitecture::GetParameterCount): aggregating 48 client
// updates with FedAvg, the coordinate-wise median, the trimmed mean (beta = 0.1), Krum
// (f = 10) and Multi-Krum (f = 10, m = n - f = 38), target at most 1 ms each (issue 14); and
// encoding and decoding one update with each codec, with its size and error. A table at the
// end gives the figures (CPU time, which the machine's other jobs disturb less than wall
// time; both are in Google Benchmark's lines above it).
// Run: ./build/benchmarks/federated-benchmark [benchmark flags, e.g.
// --benchmark_repetitions=5 --benchmark_report_aggregates_only=true]

#include "run-completed.h"

#include "ns3/double.h"
#include "ns3/federated-aggregation.h"
#include "ns3/mlp-architecture.h"
#include "ns3/object-factory.h"
#include "ns3/random-variable-stream.h"
#include "ns3/uinteger.h"
#include "ns3/update-codec.h"

#include <benchmark/benchmark.h>
#include <cmath>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;

namespace
{
constexpr uint32_t CLIENTS = 48;              //!< updates per round
constexpr uint32_t BYZANTINE = 10;            //!< Krum's f
constexpr double TRIM = 0.1;                  //!< the trimmed mean's beta
constexpr double TARGET_MS = 1.0;             //!< issue 14's target per aggregation
const MlpArchitecture MLP{16, {128, 128}, 8}; //!< the 2x128 MLP of the learning benchmark

/** CPU milliseconds per call of each benchmark (median if repeated), for the table. */
std::map<std::string, double> g_cpuMs;

/** Bytes and round-trip error of each codec, for the table. */
struct CodecFigures
{
    std::size_t bytes{0}; //!< encoding size
    double maxError{0};   //!< largest |decoded - value| of the benchmark's update
    double bound{0};      //!< GetMaxError of that update
    std::string name;     //!< GetName()
};

/** Figures of each codec, by benchmark argument. */
std::map<int64_t, CodecFigures> g_codecs;

/**
 * \return the 48 client models: a common random model (the global one, N(0, 0.05^2) per
 *         parameter) plus a local update of N(0, 0.01^2) per parameter; weights are sample
 *         counts 100..147
 */
const std::vector<ClientModel>&
Clients()
{
    static const std::vector<ClientModel> clients = []() {
        const std::size_t d = MLP.GetParameterCount();
        auto normal = CreateObject<NormalRandomVariable>();
        normal->SetStream(1);
        std::vector<float> global(d);
        for (float& v : global)
        {
            v = static_cast<float>(0.05 * normal->GetValue());
        }
        std::vector<ClientModel> models(CLIENTS);
        for (uint32_t i = 0; i < CLIENTS; ++i)
        {
            models[i].parameters.resize(d);
            for (std::size_t k = 0; k < d; ++k)
            {
                models[i].parameters[k] = global[k] + static_cast<float>(0.01 * normal->GetValue());
            }
            models[i].weight = 100.0 + i;
        }
        return models;
    }();
    return clients;
}

/**
 * Time one aggregation rule over the 48 clients.
 * \param state benchmark state
 * \param rule the rule
 */
void
TimeRule(benchmark::State& state, const std::function<std::vector<float>()>& rule)
{
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(rule());
    }
    state.counters["parameters"] = static_cast<double>(MLP.GetParameterCount());
    state.counters["clients"] = CLIENTS;
}

/**
 * \param which benchmark argument
 * \return that codec
 */
Ptr<UpdateCodec>
MakeCodec(int64_t which)
{
    switch (which)
    {
    case 0:
        return CreateObject<Float32Codec>();
    case 1:
        return CreateObjectWithAttributes<Quantized8Codec>("ChunkSize", UintegerValue(256));
    case 2:
        return CreateObjectWithAttributes<TopKCodec>("Fraction", DoubleValue(0.1));
    default:
        return CreateObjectWithAttributes<TopKCodec>("Fraction", DoubleValue(0.01));
    }
}

/**
 * \param state benchmark state; range(0) = codec (MakeCodec)
 * \param encode time Encode (else Decode)
 */
void
TimeCodec(benchmark::State& state, bool encode)
{
    const Ptr<UpdateCodec> codec = MakeCodec(state.range(0));
    // An update: the difference of a client's model and the global one.
    const std::vector<float>& local = Clients()[0].parameters;
    std::vector<float> update(local.size());
    for (std::size_t k = 0; k < update.size(); ++k)
    {
        update[k] = local[k] - Clients()[1].parameters[k];
    }
    const std::vector<uint8_t> bytes = codec->Encode(update);
    if (encode)
    {
        for (auto _ : state)
        {
            benchmark::DoNotOptimize(codec->Encode(update));
        }
    }
    else
    {
        for (auto _ : state)
        {
            benchmark::DoNotOptimize(codec->Decode(bytes, update.size()));
        }
    }
    const std::vector<float> back = codec->Decode(bytes, update.size());
    double worst = 0.0;
    for (std::size_t k = 0; k < update.size(); ++k)
    {
        worst = std::max(worst, std::abs(static_cast<double>(back[k]) - update[k]));
    }
    g_codecs[state.range(0)] = {bytes.size(), worst, codec->GetMaxError(update), codec->GetName()};
    state.SetLabel(codec->GetName());
    state.counters["bytes"] = static_cast<double>(bytes.size());
}

} // namespace

/** \param state benchmark state */
static void
BM_FedAvg(benchmark::State& state)
{
    TimeRule(state, []() { return FedAvg(Clients()); });
}

/** \param state benchmark state */
static void
BM_Median(benchmark::State& state)
{
    TimeRule(state, []() { return CoordinateMedian(Clients()); });
}

/** \param state benchmark state */
static void
BM_TrimmedMean(benchmark::State& state)
{
    TimeRule(state, []() { return TrimmedMean(Clients(), TRIM); });
}

/** \param state benchmark state */
static void
BM_Krum(benchmark::State& state)
{
    TimeRule(state, []() { return Krum(Clients(), BYZANTINE, 1); });
}

/** \param state benchmark state */
static void
BM_MultiKrum(benchmark::State& state)
{
    TimeRule(state, []() { return Krum(Clients(), BYZANTINE, CLIENTS - BYZANTINE); });
}

/** \param state benchmark state */
static void
BM_Encode(benchmark::State& state)
{
    TimeCodec(state, true);
}

/** \param state benchmark state */
static void
BM_Decode(benchmark::State& state)
{
    TimeCodec(state, false);
}

BENCHMARK(BM_FedAvg)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Median)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_TrimmedMean)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Krum)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_MultiKrum)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Encode)->DenseRange(0, 3)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Decode)->DenseRange(0, 3)->Unit(benchmark::kMicrosecond);

namespace
{
/** Console output, plus each run's CPU time kept for the table. */
class TableReporter : public benchmark::ConsoleReporter
{
  public:
    void ReportRuns(const std::vector<Run>& runs) override
    {
        for (const Run& run : runs)
        {
            // With --benchmark_repetitions the median replaces the single runs.
            const bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
            if (RunCompleted(run) && (run.run_type == Run::RT_Iteration || median))
            {
                g_cpuMs[run.run_name.function_name + "/" + run.run_name.args] =
                    run.GetAdjustedCPUTime() * 1e3 /
                    benchmark::GetTimeUnitMultiplier(run.time_unit);
            }
        }
        ConsoleReporter::ReportRuns(runs);
    }
};

/** Print the aggregation and codec tables. */
void
PrintTables()
{
    auto at = [](const std::string& name) {
        const auto f = g_cpuMs.find(name);
        return f == g_cpuMs.end() ? -1.0 : f->second;
    };
    std::cout << std::fixed << std::setprecision(3) << "\naggregation of " << CLIENTS
              << " updates of " << MLP.GetParameterCount() << " parameters (" << MLP.ToString()
              << " MLP), CPU ms per round\n"
              << std::left << std::setw(36) << "rule" << std::right << std::setw(10) << "CPU ms"
              << "  target <= " << TARGET_MS << " ms\n";
    const std::pair<const char*, std::string> rules[] = {
        {"BM_FedAvg/", "FedAvg"},
        {"BM_Median/", "coordinate-wise median"},
        {"BM_TrimmedMean/", "trimmed mean, beta 0.1"},
        {"BM_Krum/", "Krum, f 10"},
        {"BM_MultiKrum/", "Multi-Krum, f 10, m 38"}};
    for (const auto& [key, label] : rules)
    {
        const double ms = at(key);
        std::cout << std::left << std::setw(36) << label << std::right << std::setw(10) << ms
                  << "  "
                  << (ms < 0            ? "not run"
                      : ms <= TARGET_MS ? "met"
                                        : "NOT met")
                  << "\n";
    }
    std::cout << "\none update of " << MLP.GetParameterCount()
              << " values (a client's model minus another's)\n"
              << std::left << std::setw(14) << "codec" << std::right << std::setw(9) << "bytes"
              << std::setw(12) << "of float32" << std::setw(12) << "encode ms" << std::setw(12)
              << "decode ms" << std::setw(13) << "max error" << std::setw(13) << "bound\n";
    const double float32 = 4.0 * MLP.GetParameterCount();
    for (const auto& [which, figures] : g_codecs)
    {
        std::ostringstream share;
        share << std::fixed << std::setprecision(1) << 100.0 * figures.bytes / float32 << " %";
        std::cout << std::left << std::setw(14) << figures.name << std::right << std::setw(9)
                  << figures.bytes << std::setw(12) << share.str() << std::setw(12)
                  << at("BM_Encode/" + std::to_string(which)) << std::setw(12)
                  << at("BM_Decode/" + std::to_string(which)) << std::scientific
                  << std::setprecision(2) << std::setw(13) << figures.maxError << std::setw(12)
                  << figures.bound << std::fixed << std::setprecision(3) << "\n";
    }
}
} // namespace

int
main(int argc, char** argv)
{
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
    {
        return 1;
    }
    benchmark::AddCustomContext("model",
                                MLP.ToString() + ", " + std::to_string(MLP.GetParameterCount()) +
                                    " parameters");
    TableReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    PrintTables();
    benchmark::Shutdown();
    return 0;
}
