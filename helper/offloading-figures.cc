// SPDX-License-Identifier: GPL-2.0-only

#include "offloading-figures.h"

#include "example-options.h"
#include "independent-run-number.h"
#include "worker-processes.h"

#include "ns3/gnuplot.h"
#include "ns3/plot-output.h"

#include <map>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

namespace
{

/** \return M of the per-M figures' curves (study A's 12 in the middle) */
const std::vector<uint32_t>&
CurveUsers()
{
    static const std::vector<uint32_t> users{6, 12, 18};
    return users;
}

/**
 * \param value a number
 * \return it as an attribute value string, exactly
 */
std::string
Number(double value)
{
    std::ostringstream s;
    s.precision(17);
    s << value;
    return s.str();
}

} // namespace

void
OffloadingFigureOptions::Validate() const
{
    SelectOffloadingFigures(figure);
    ParseOffloadingAlgorithms(algorithms);
    CheckRange("--runs", runs, 1, 100000, "runs per point");
    CheckRange("--slots", slots, 1, 1000000, "slots per run");
    CheckRange("--training-slots", trainingSlots, 0, 1000000, "slots");
    CheckRange("--meta-iterations", metaIterations, 0, 100000, "meta-iterations");
    CheckRange("--jobs", jobs, 1, 256, "worker processes");
    if (!points.empty() && figure == "all")
    {
        throw std::invalid_argument("--points needs one --figure (4a ... 7b): it replaces that "
                                    "figure's x values");
    }
    if (db.empty())
    {
        throw std::invalid_argument("--db='': give the run store's file, or --db=none for none");
    }
    CheckOutputFile("--db", RunStoreFile(db));
    CheckOutputPrefix("--plot-prefix", plotPrefix);
    IndependentRunNumber(userRun, runs, runs); // refuses --RngRun = 0 or an overflow
    OffloadingScenario scenario;
    scenario.constellation = constellation;
    scenario.randomGeometry = randomGeometry;
    scenario.packetLevel = packetLevel;
    ForOption("--packet-level", [&]() { scenario.Validate(); });
}

const std::vector<OffloadingFigure>&
GetOffloadingFigures()
{
    static const std::vector<OffloadingFigure> figures = {
        {"4a",
         "Fig. 4a: throughput vs V",
         "Lyapunov weight V",
         "processed bits per follower and slot (Mbit)",
         "V",
         1.0,
         {1, 10, 50, 100, 500},
         true,
         {},
         [](const OffloadingRunSummary& s) { return s.throughputMbit; }},
        {"4b",
         "Fig. 4b: time-average queue vs V (task 15 Mbit)",
         "Lyapunov weight V",
         "time-average queue Q (Mbit)",
         "V",
         1.0,
         {1, 10, 50, 100, 500},
         true,
         {{"TaskSize", "ns3::ConstantRandomVariable[Constant=15]"}},
         [](const OffloadingRunSummary& s) { return s.queueMbit; }},
        {"5a",
         "Fig. 5a: leader profit vs unit energy cost",
         "unit energy cost c (per GHz)",
         "leader profit per slot",
         "EnergyCost",
         1.0,
         {0.1, 0.25, 0.5, 0.75, 1.0},
         true,
         {},
         [](const OffloadingRunSummary& s) { return s.leaderProfit; }},
        {"5b",
         "Fig. 5b: co-channel interference vs transmit power",
         "transmit power P (W)",
         "interference on an offloader (pW)",
         "TxPower",
         1.0,
         {0.1, 0.2, 0.5, 1.0, 2.0},
         false,
         {},
         [](const OffloadingRunSummary& s) { return s.interferenceW * 1e12; }},
        {"6a",
         "Fig. 6a: throughput vs bandwidth",
         "bandwidth of each channel (MHz)",
         "processed bits per follower and slot (Mbit)",
         "ChannelBandwidth",
         1e6,
         {1, 2.5, 5, 10, 20},
         false,
         {},
         [](const OffloadingRunSummary& s) { return s.throughputMbit; }},
        {"6b",
         "Fig. 6b: leader profit vs price",
         "price lambda (per GHz)",
         "leader profit per slot",
         "FixedPrice",
         1.0,
         {1, 2, 3, 4, 5, 6},
         false,
         {},
         [](const OffloadingRunSummary& s) { return s.leaderProfit; }},
        {"7a",
         "Fig. 7a: privacy overhead vs model transmission factor",
         "model transmission factor delta",
         "privacy overhead C_SBC (ms)",
         "ModelTransmissionFactor",
         1.0,
         {0.1, 0.3, 0.5, 0.7, 0.9, 1.0},
         false,
         {},
         [](const OffloadingRunSummary& s) { return s.privacyOverheadSeconds * 1e3; }},
        {"7b",
         "Fig. 7b: privacy overhead vs MBS CPU frequency",
         "MBS CPU frequency f_MBS (GHz)",
         "privacy overhead C_SBC (ms)",
         "MbsCpuFrequency",
         1.0,
         {2, 4, 6, 8, 10},
         false,
         {},
         [](const OffloadingRunSummary& s) { return s.privacyOverheadSeconds * 1e3; }},
    };
    return figures;
}

std::vector<OffloadingFigure>
SelectOffloadingFigures(const std::string& id)
{
    std::vector<OffloadingFigure> selected;
    std::string known;
    for (const OffloadingFigure& f : GetOffloadingFigures())
    {
        if (id == "all" || id == f.id)
        {
            selected.push_back(f);
        }
        known += f.id + ", ";
    }
    if (selected.empty())
    {
        throw std::invalid_argument("--figure: unknown figure '" + id + "'; use " + known +
                                    "or all");
    }
    return selected;
}

std::vector<OffloadingCurvePoint>
RunOffloadingFigure(const OffloadingFigure& figure,
                    const std::vector<double>& xs,
                    const std::vector<OffloadingAlgorithm>& algorithms,
                    const OffloadingFigureOptions& o)
{
    const uint32_t curves = figure.curvesAreUsers ? CurveUsers().size() : algorithms.size();
    const auto scenarioOf = [&](uint32_t curve, double x, uint32_t run) {
        OffloadingScenario s;
        s.constellation = o.constellation;
        s.randomGeometry = o.randomGeometry;
        s.packetLevel = o.packetLevel;
        s.slots = o.slots;
        s.algorithm = figure.curvesAreUsers ? algorithms.front() : algorithms[curve];
        const bool baseline = s.algorithm == OffloadingAlgorithm::MARTO ||
                              s.algorithm == OffloadingAlgorithm::MAMCC ||
                              s.algorithm == OffloadingAlgorithm::MAGCS;
        s.learnedBaselines = baseline && o.learnedBaselines;
        s.trainingSlots =
            s.algorithm == OffloadingAlgorithm::MADFRL || s.learnedBaselines ? o.trainingSlots : 0;
        s.metaIterations = s.algorithm == OffloadingAlgorithm::MADFRL ? o.metaIterations : 0;
        s.run = IndependentRunNumber(o.userRun, o.runs, run);
        s.parameters = figure.fixed;
        if (figure.curvesAreUsers)
        {
            s.parameters.emplace_back("DevicesPerCell", std::to_string(CurveUsers()[curve]));
        }
        if (figure.parameter == "FixedPrice")
        {
            if (x < 0.0)
            {
                throw std::invalid_argument("a price must be >= 0");
            }
            s.fixedPrice = x;
        }
        else
        {
            s.parameters.emplace_back(figure.parameter, Number(x * figure.xScale));
        }
        return s;
    };
    // Check every point's settings here, before any worker starts.
    for (uint32_t c = 0; c < curves; ++c)
    {
        for (double x : xs)
        {
            try
            {
                scenarioOf(c, x, 1).Validate();
            }
            catch (const std::invalid_argument& e)
            {
                std::ostringstream message;
                message << "figure " << figure.id << " at x = " << x << " (--points): " << e.what();
                throw std::invalid_argument(message.str());
            }
        }
    }
    const uint64_t taskCount = uint64_t(curves) * xs.size() * o.runs;
    if (taskCount > 10000000)
    {
        throw std::invalid_argument("figure " + figure.id + ": " + std::to_string(taskCount) +
                                    " runs (curves x points x --runs); give at most 10,000,000");
    }
    const uint32_t tasks = static_cast<uint32_t>(taskCount);
    const std::vector<OffloadingRunSummary> results = RunRecordsInWorkers<OffloadingRunSummary>(
        o.jobs,
        tasks,
        [&](uint32_t task, const std::function<void(const OffloadingRunSummary&)>& emit) {
            const uint32_t index = task - 1;
            const uint32_t run = index % o.runs + 1;
            const uint32_t point = index / o.runs;
            OffloadingRunSummary summary =
                RunOffloadingScenario(scenarioOf(point / xs.size(), xs[point % xs.size()], run));
            summary.task = index;
            emit(summary);
        },
        "sagin-offloading figure " + figure.id);
    std::vector<std::vector<OffloadingRunSummary>> byPoint(curves * xs.size());
    for (const OffloadingRunSummary& r : results)
    {
        byPoint[r.task / o.runs].push_back(r);
    }
    std::vector<OffloadingCurvePoint> points;
    for (uint32_t p = 0; p < byPoint.size(); ++p)
    {
        const std::vector<OffloadingRunSummary>& runs = byPoint[p];
        if (runs.size() != o.runs)
        {
            throw std::logic_error("sagin-offloading: a point has " + std::to_string(runs.size()) +
                                   " runs of " + std::to_string(o.runs));
        }
        const auto over = [&runs](auto member) {
            std::vector<double> values;
            for (const OffloadingRunSummary& r : runs)
            {
                values.push_back(member(r));
            }
            return MeanWithStandardError(values);
        };
        OffloadingCurvePoint point;
        const uint32_t curve = p / xs.size();
        point.curve = figure.curvesAreUsers ? "M = " + std::to_string(CurveUsers()[curve])
                                            : GetOffloadingAlgorithmName(algorithms[curve]);
        point.x = xs[p % xs.size()];
        point.y = over(figure.metric);
        point.throughput = over([](const OffloadingRunSummary& r) { return r.throughputMbit; });
        point.queue = over([](const OffloadingRunSummary& r) { return r.queueMbit; });
        point.profit = over([](const OffloadingRunSummary& r) { return r.leaderProfit; });
        point.interference = over([](const OffloadingRunSummary& r) { return r.interferenceW; });
        point.overhead =
            over([](const OffloadingRunSummary& r) { return r.privacyOverheadSeconds; });
        point.flowThroughput =
            over([](const OffloadingRunSummary& r) { return r.flowThroughputMbit; }).mean;
        point.serverBacklog =
            over([](const OffloadingRunSummary& r) { return r.serverBacklogSeconds; }).mean;
        point.price = over([](const OffloadingRunSummary& r) { return r.price; }).mean;
        point.offloadShare =
            over([](const OffloadingRunSummary& r) { return r.offloadShare; }).mean;
        points.push_back(point);
    }
    return points;
}

std::string
PlotOffloadingFigure(const OffloadingFigure& figure,
                     const std::vector<OffloadingCurvePoint>& points,
                     const OffloadingFigureOptions& o)
{
    Gnuplot plot;
    plot.SetTitle(figure.title + " (" + std::to_string(o.runs) + " runs x " +
                  std::to_string(o.slots) + " slots, mean +- s.e.)");
    plot.SetLegend(figure.xLabel, figure.yLabel);
    plot.AppendExtra("set terminal png size 1000,600");
    plot.AppendExtra("set key outside right");
    if (figure.parameter == "V")
    {
        plot.AppendExtra("set logscale x");
    }
    std::map<std::string, Gnuplot2dDataset> curves;
    std::vector<std::string> order;
    for (const OffloadingCurvePoint& p : points)
    {
        if (!curves.count(p.curve))
        {
            curves[p.curve] = Gnuplot2dDataset(p.curve);
            curves[p.curve].SetStyle(Gnuplot2dDataset::LINES_POINTS);
            curves[p.curve].SetErrorBars(Gnuplot2dDataset::Y);
            order.push_back(p.curve);
        }
        curves[p.curve].Add(p.x, p.y.mean, p.y.se);
    }
    for (const std::string& name : order)
    {
        plot.AddDataset(curves[name]);
    }
    const std::string base = o.plotPrefix + "-fig" + figure.id;
    return base + (WriteGnuplotPng(plot, base) ? ".png" : ".plt");
}

Ptr<RunStore::Batch>
CreateOffloadingTable(Ptr<RunStore> store)
{
    store->CreateTable("offloading_points",
                       "run_id INTEGER, figure TEXT, parameter TEXT, x REAL, curve TEXT, runs "
                       "INTEGER, slots INTEGER, geometry TEXT, y_mean REAL, y_se REAL, "
                       "throughput_mbit_mean REAL, throughput_mbit_se REAL, queue_mbit_mean "
                       "REAL, queue_mbit_se REAL, leader_profit_mean REAL, leader_profit_se "
                       "REAL, interference_w_mean REAL, interference_w_se REAL, "
                       "privacy_overhead_s_mean REAL, privacy_overhead_s_se REAL, price_mean "
                       "REAL, offload_share_mean REAL, packet_level INTEGER, "
                       "flow_throughput_mbit_mean REAL, server_backlog_s_mean REAL");
    return store->Prepare("INSERT INTO offloading_points VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                          "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
}

void
WriteOffloadingRow(Ptr<RunStore::Batch> rows,
                   int64_t runId,
                   const OffloadingFigure& figure,
                   const OffloadingCurvePoint& p,
                   const OffloadingFigureOptions& o)
{
    rows->InsertRow(runId,
                    figure.id,
                    figure.parameter,
                    p.x,
                    p.curve,
                    o.runs,
                    o.slots,
                    std::string(o.randomGeometry ? "random" : o.constellation),
                    p.y.mean,
                    p.y.se,
                    p.throughput.mean,
                    p.throughput.se,
                    p.queue.mean,
                    p.queue.se,
                    p.profit.mean,
                    p.profit.se,
                    p.interference.mean,
                    p.interference.se,
                    p.overhead.mean,
                    p.overhead.se,
                    p.price,
                    p.offloadShare,
                    o.packetLevel ? 1 : 0,
                    p.flowThroughput,
                    p.serverBacklog);
}

} // namespace sagin
} // namespace ns3
