// SPDX-License-Identifier: GPL-2.0-only

#include "spectrum-pricing-figures.h"

#include "independent-run-number.h"

#include "ns3/gnuplot.h"
#include "ns3/plot-output.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/run-store.h"

#include <algorithm>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

namespace
{

/** What a curve plots of a round. */
typedef std::function<double(const SpectrumRoundRecord&)> Metric;

/**
 * \param options the point
 * \param figure the figure's options (runs, user run)
 * \param label the point's label
 * \param record the recorder (may be empty)
 * \return the results of its runs
 */
std::vector<SpectrumExperimentResult>
RunPoint(const SpectrumExperimentOptions& options,
         const SpectrumFigureOptions& figure,
         const std::string& label,
         const SpectrumRunRecorder& record)
{
    std::vector<SpectrumExperimentResult> results;
    for (uint32_t run = 1; run <= figure.runs; ++run)
    {
        RngSeedManager::SetRun(IndependentRunNumber(figure.userRun, figure.runs, run));
        results.push_back(RunSpectrumExperiment(options));
        if (record)
        {
            record(label, run, options, results.back());
        }
    }
    return results;
}

/**
 * \param results a point's runs
 * \param metric what to plot
 * \param name the curve's legend
 * \param lag plot iteration i + lag's metric at i (what a round reports of the round before)
 * \return the metric against iteration: mean over agents, lowest and highest agent, each
 *         averaged over the runs
 */
SpectrumCurve
IterationCurve(const std::vector<SpectrumExperimentResult>& results,
               const Metric& metric,
               const std::string& name,
               std::size_t lag = 0)
{
    SpectrumCurve curve;
    curve.name = name;
    const std::size_t iterations = results.front().rounds.front().size() - lag;
    for (std::size_t i = 0; i < iterations; ++i)
    {
        double mean = 0;
        double low = 0;
        double high = 0;
        for (const auto& result : results)
        {
            double sum = 0;
            double lo = std::numeric_limits<double>::infinity();
            double hi = -lo;
            for (const auto& agent : result.rounds)
            {
                const double v = metric(agent.at(i + lag));
                sum += v;
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
            mean += sum / result.rounds.size() / results.size();
            low += lo / results.size();
            high += hi / results.size();
        }
        curve.x.push_back(static_cast<double>(i));
        curve.y.push_back(mean);
        curve.low.push_back(low);
        curve.high.push_back(high);
    }
    return curve;
}

/**
 * \param results a point's runs
 * \param metric what to average
 * \return the metric over every agent and the last tenth of the iterations (at least one),
 *         averaged over the runs: where the learning ended
 */
double
TailMean(const std::vector<SpectrumExperimentResult>& results, const Metric& metric)
{
    double mean = 0;
    for (const auto& result : results)
    {
        double sum = 0;
        uint64_t count = 0;
        for (const auto& agent : result.rounds)
        {
            const std::size_t from = agent.size() - std::max<std::size_t>(1, agent.size() / 10);
            for (std::size_t i = from; i < agent.size(); ++i)
            {
                sum += metric(agent[i]);
                ++count;
            }
        }
        mean += sum / count / results.size();
    }
    return mean;
}

/** \return the mean relative speed of a point's runs (m/s) */
double
MeanSpeed(const std::vector<SpectrumExperimentResult>& results)
{
    double speed = 0;
    for (const auto& r : results)
    {
        speed += r.meanRelativeSpeedMps / results.size();
    }
    return speed;
}

/** \param v a number \return it as a label */
std::string
Label(double v)
{
    std::ostringstream s;
    s << v;
    return s.str();
}

/**
 * \param base a figure's base options
 * \return the uplink figure's run: the proposed scheme, its uplink as packets (1 Mbit/s per
 *         user unless base says otherwise)
 */
SpectrumExperimentOptions
UplinkOptions(const SpectrumExperimentOptions& base)
{
    SpectrumExperimentOptions o = base;
    o.method = "proposed";
    if (o.uplinkRate.GetBitRate() == 0)
    {
        o.uplinkRate = DataRate("1Mbps");
    }
    return o;
}

const Metric PRICE = [](const SpectrumRoundRecord& r) { return r.price; };     //!< price
const Metric REVENUE = [](const SpectrumRoundRecord& r) { return r.revenue; }; //!< revenue
const Metric UTILITY = [](const SpectrumRoundRecord& r) { return r.utility; }; //!< reward

} // namespace

std::vector<std::string>
SpectrumFigureOptions::GetFigures()
{
    return {"7", "8", "9", "10", "uplink"};
}

void
SpectrumFigureOptions::Validate() const
{
    const auto figures = GetFigures();
    if (std::find(figures.begin(), figures.end(), figure) == figures.end())
    {
        throw std::invalid_argument("study B: unknown figure '" + figure +
                                    "' (7, 8, 9, 10 or uplink)");
    }
    if (runs == 0)
    {
        throw std::invalid_argument("study B: at least one run per point");
    }
    (figure == "uplink" ? UplinkOptions(base) : base).Validate();
}

std::vector<SpectrumPanel>
RunSpectrumFigure(const SpectrumFigureOptions& options, const SpectrumRunRecorder& record)
{
    options.Validate();
    const bool test = options.test;
    std::vector<SpectrumPanel> panels;
    SpectrumExperimentOptions base = options.base;

    if (options.figure == "7")
    {
        const std::vector<uint32_t> agentCounts =
            test ? std::vector<uint32_t>{2, 3} : std::vector<uint32_t>{10, 20, 30};
        for (uint32_t agents : agentCounts)
        {
            SpectrumExperimentOptions o = base;
            o.agents = agents;
            o.Validate(); // every point before the first runs (a small shell refuses 30)
        }
        const std::vector<std::pair<std::string, Metric>> metrics{{"reward", UTILITY},
                                                                  {"price", PRICE},
                                                                  {"revenue", REVENUE}};
        for (uint32_t agents : agentCounts)
        {
            SpectrumExperimentOptions o = base;
            o.agents = agents;
            o.method = "proposed";
            const auto results = RunPoint(o, options, "agents=" + Label(agents), record);
            for (const auto& [name, metric] : metrics)
            {
                SpectrumPanel p;
                p.name = "fig7-" + name + "-" + Label(agents);
                p.title = "Study B figure 7: " + name + ", " + Label(agents) + " agents";
                p.xLabel = "iteration";
                p.yLabel = name;
                p.curves.push_back(IterationCurve(results, metric, "mean"));
                panels.push_back(p);
            }
        }
    }
    else if (options.figure == "8")
    {
        const std::vector<double> speeds =
            test ? std::vector<double>{0, 1000} : std::vector<double>{0, 250, 500, 750, 1000};
        SpectrumCurve price{"proposed", {}, {}, {}, {}};
        SpectrumCurve revenue = price;
        for (double speed : speeds)
        {
            SpectrumExperimentOptions o = base;
            o.method = "proposed";
            o.userSpeedMps = speed;
            const auto results = RunPoint(o, options, "user_speed=" + Label(speed), record);
            const double v = MeanSpeed(results);
            price.x.push_back(v);
            price.y.push_back(TailMean(results, PRICE));
            revenue.x.push_back(v);
            revenue.y.push_back(TailMean(results, REVENUE));
        }
        panels.push_back({"fig8-price",
                          "Study B figure 8: price after the last iterations",
                          "relative speed (m/s)",
                          "price",
                          {price}});
        panels.push_back({"fig8-revenue",
                          "Study B figure 8: revenue after the last iterations",
                          "relative speed (m/s)",
                          "revenue per round",
                          {revenue}});
    }
    else if (options.figure == "9")
    {
        const std::vector<uint32_t> users =
            test ? std::vector<uint32_t>{10, 20} : std::vector<uint32_t>{20, 40, 60, 80, 100};
        const std::vector<double> visibilities =
            test ? std::vector<double>{1.0, 0.8} : std::vector<double>{1.0, 0.9, 0.8};
        const std::vector<double> speeds =
            test ? std::vector<double>{0} : std::vector<double>{0, 500, 1000};
        for (double visibility : visibilities)
        {
            SpectrumPanel p;
            p.name = "fig9-visibility-" + Label(visibility);
            p.title = "Study B figure 9: revenue, visibility " + Label(visibility);
            p.xLabel = "users per agent";
            p.yLabel = "revenue per round";
            for (double speed : speeds)
            {
                SpectrumCurve c{"user speed " + Label(speed) + " m/s", {}, {}, {}, {}};
                for (uint32_t n : users)
                {
                    SpectrumExperimentOptions o = base;
                    o.method = "proposed";
                    o.usersPerAgent = n;
                    o.visibility = visibility;
                    o.userSpeedMps = speed;
                    const auto results =
                        RunPoint(o,
                                 options,
                                 "visibility=" + Label(visibility) + ",user_speed=" + Label(speed) +
                                     ",users=" + Label(n),
                                 record);
                    c.x.push_back(n);
                    c.y.push_back(TailMean(results, REVENUE));
                }
                p.curves.push_back(c);
            }
            panels.push_back(p);
        }
    }
    else if (options.figure == "uplink")
    {
        const SpectrumExperimentOptions o = UplinkOptions(base);
        const auto results = RunPoint(o,
                                      options,
                                      "uplink_rate=" + std::to_string(o.uplinkRate.GetBitRate()),
                                      record);
        const double seconds = o.interval.GetSeconds();
        const Metric shannon = [](const SpectrumRoundRecord& r) { return r.throughputBps / 1e6; };
        const Metric delivered = [seconds](const SpectrumRoundRecord& r) {
            return r.deliveredBits / seconds / 1e6;
        };
        panels.push_back(
            {"uplink-throughput",
             "Study B uplink: packets over the GSL against the market's rates",
             "iteration",
             "throughput per agent (Mbit/s)",
             {IterationCurve(results, shannon, "flow: Shannon rate of the leases"),
              IterationCurve(results, delivered, "packets: UDP payload delivered", 1)}});
    }
    else
    {
        SpectrumPanel p{"fig10-revenue",
                        "Study B figure 10: revenue of the three methods",
                        "iteration",
                        "revenue per round",
                        {}};
        for (const std::string method : {"proposed", "ddqn", "average-budget"})
        {
            SpectrumExperimentOptions o = base;
            o.method = method;
            p.curves.push_back(
                IterationCurve(RunPoint(o, options, "method=" + method, record), REVENUE, method));
        }
        panels.push_back(p);
    }
    return panels;
}

std::string
WriteSpectrumPanel(const SpectrumPanel& panel, const std::string& prefix)
{
    Gnuplot plot;
    plot.SetTitle(panel.title);
    plot.SetLegend(panel.xLabel, panel.yLabel);
    const bool spread = panel.curves.size() == 1;
    for (const SpectrumCurve& c : panel.curves)
    {
        Gnuplot2dDataset mean(c.name);
        mean.SetStyle(Gnuplot2dDataset::LINES);
        Gnuplot2dDataset low("lowest agent");
        low.SetStyle(Gnuplot2dDataset::LINES);
        Gnuplot2dDataset high("highest agent");
        high.SetStyle(Gnuplot2dDataset::LINES);
        for (std::size_t i = 0; i < c.x.size(); ++i)
        {
            mean.Add(c.x[i], c.y[i]);
            if (spread && !c.low.empty())
            {
                low.Add(c.x[i], c.low[i]);
                high.Add(c.x[i], c.high[i]);
            }
        }
        plot.AddDataset(mean);
        if (spread && !c.low.empty())
        {
            plot.AddDataset(low);
            plot.AddDataset(high);
        }
    }
    const std::string base = prefix + "-" + panel.name;
    return base + (WriteGnuplotPng(plot, base) ? ".png" : ".plt");
}

void
PrintSpectrumPanel(std::ostream& out, const SpectrumPanel& panel)
{
    out << panel.title << "\n";
    for (const SpectrumCurve& c : panel.curves)
    {
        out << "  " << c.name << ":";
        const bool iterations = !c.low.empty();
        for (std::size_t i = 0; i < c.x.size(); ++i)
        {
            if (iterations && i % std::max<std::size_t>(1, c.x.size() / 12) != 0 &&
                i + 1 != c.x.size())
            {
                continue;
            }
            out << " " << c.x[i] << ": " << c.y[i];
            if (iterations)
            {
                out << " [" << c.low[i] << ", " << c.high[i] << "]";
            }
            out << ";";
        }
        out << "\n";
    }
}

SpectrumRunRecorder
MakeSpectrumRunStoreRecorder(Ptr<RunStore> store)
{
    store->CreateTable("spectrum_rounds",
                       "run_id INTEGER, point TEXT, method TEXT, run INTEGER, agent "
                       "INTEGER, node INTEGER, iteration INTEGER, time_s REAL, price "
                       "REAL, revenue REAL, utility REAL, leasing INTEGER, normal "
                       "INTEGER, malicious INTEGER, interference_w REAL, mean_budget "
                       "REAL, throughput_bps REAL, relative_speed_mps REAL, delivered_bits "
                       "INTEGER");
    store->CreateTable("spectrum_fl_rounds",
                       "run_id INTEGER, point TEXT, run INTEGER, round INTEGER, "
                       "aggregator INTEGER, accepted INTEGER, start_s REAL, release_s "
                       "REAL, bytes_up INTEGER, model_hash TEXT");
    Ptr<RunStore::Batch> rounds = store->Prepare("INSERT INTO spectrum_rounds VALUES (?, ?, ?, ?, "
                                                 "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    Ptr<RunStore::Batch> federated =
        store->Prepare("INSERT INTO spectrum_fl_rounds VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const int64_t runId = store->GetRunId();
    return [rounds, federated, runId](const std::string& point,
                                      uint32_t run,
                                      const SpectrumExperimentOptions& o,
                                      const SpectrumExperimentResult& r) {
        for (uint32_t a = 0; a < r.rounds.size(); ++a)
        {
            for (const SpectrumRoundRecord& x : r.rounds[a])
            {
                rounds->InsertRow(runId,
                                  point,
                                  o.method,
                                  run,
                                  a,
                                  x.node,
                                  x.round,
                                  x.time.GetSeconds(),
                                  x.price,
                                  x.revenue,
                                  x.utility,
                                  x.outcome.leasing,
                                  x.outcome.normal,
                                  x.outcome.malicious,
                                  x.interferenceW,
                                  x.meanBudget,
                                  x.throughputBps,
                                  x.meanRelativeSpeedMps,
                                  x.deliveredBits);
            }
        }
        for (const FederatedRoundRecord& f : r.federatedRounds)
        {
            federated->InsertRow(runId,
                                 point,
                                 run,
                                 f.round,
                                 f.aggregator,
                                 f.accepted,
                                 f.start.GetSeconds(),
                                 f.release.GetSeconds(),
                                 f.bytesUp,
                                 f.modelHash);
        }
    };
}

} // namespace sagin
} // namespace ns3
