// SPDX-License-Identifier: GPL-2.0-only

#include "edge-caching-figures.h"

#include "ns3/gnuplot.h"
#include "ns3/plot-output.h"

#include <algorithm>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

namespace
{
/**
 * Content bits per link bit of a full TCP segment at packet level: 1448 payload bytes in a
 * 1514-byte frame (Ethernet 14, IPv4 20, TCP 20, timestamp option 12).
 */
constexpr double TCP_EFFICIENCY = 1448.0 / 1514.0;
} // namespace

EdgeCachingPointSummary
SummariseEdgeCachingPoint(const EdgeCachingPoint& point,
                          const std::vector<EdgeCachingRunResult>& results,
                          const std::vector<EdgeCachingAlgorithm>& algorithms,
                          uint32_t runs)
{
    EdgeCachingPointSummary s{point, {}, {}, {}, {}, {}, {}, {}, {}};
    for (EdgeCachingAlgorithm algorithm : algorithms)
    {
        const uint32_t a = static_cast<uint32_t>(algorithm);
        std::vector<double> profit, uavQueue, satelliteQueue, uavGrowth, satelliteGrowth, share,
            full, placed;
        for (const EdgeCachingRunResult& r : results)
        {
            if (r.algorithm == a)
            {
                profit.push_back(r.profit);
                uavQueue.push_back(r.uavQueue);
                satelliteQueue.push_back(r.satelliteQueue);
                uavGrowth.push_back(r.uavQueueGrowth);
                satelliteGrowth.push_back(r.satelliteQueueGrowth);
                share.push_back(r.satelliteShare);
                full.push_back(r.fullNodes);
                placed.push_back(r.placedData);
            }
        }
        if (profit.size() != runs)
        {
            throw std::logic_error("point lost runs: " + std::to_string(profit.size()) + " of " +
                                   std::to_string(runs));
        }
        s.profit[a] = MeanWithStandardError(profit);
        s.uavQueue[a] = MeanWithStandardError(uavQueue);
        s.satelliteQueue[a] = MeanWithStandardError(satelliteQueue);
        s.uavQueueGrowth[a] = MeanWithStandardError(uavGrowth);
        s.satelliteQueueGrowth[a] = MeanWithStandardError(satelliteGrowth);
        s.satelliteShare[a] = MeanWithStandardError(share);
        s.fullNodes[a] = MeanWithStandardError(full);
        s.placedData[a] = MeanWithStandardError(placed);
    }
    return s;
}

EdgeCachingGapSummary
SummariseEdgeCachingGap(const std::vector<EdgeCachingRunResult>& results,
                        EdgeCachingAlgorithm algorithm)
{
    EdgeCachingGapSummary g;
    double sum = 0.0;
    double optimal = 0.0;
    for (const EdgeCachingRunResult& r : results)
    {
        if (r.algorithm != static_cast<uint32_t>(algorithm) || r.gapSlots == 0)
        {
            continue;
        }
        g.worst = g.slots == 0 ? r.gapWorst : std::max(g.worst, r.gapWorst);
        g.slots += r.gapSlots;
        sum += r.gapSum;
        optimal += r.gapOptimalSlots;
        g.unprovenSlots += r.gapUnprovenSlots;
        g.boundWorst = std::max(g.boundWorst, r.gapBoundWorst);
    }
    if (g.slots > 0)
    {
        g.mean = sum / g.slots;
        g.optimalShare = optimal / g.slots;
    }
    return g;
}

void
PrintEdgeCachingGap(std::ostream& out, const EdgeCachingGapSummary& gap)
{
    out << "      optimality gap U(t) - U*(t): mean " << gap.mean << ", worst " << gap.worst
        << ", optimal in " << 100.0 * gap.optimalShare << " % of " << gap.slots << " slots";
    if (gap.unprovenSlots > 0)
    {
        out << "; MILP unproven in " << gap.unprovenSlots << " slots (up to " << gap.boundWorst
            << " above its bound)";
    }
    out << "\n";
}

EdgeCachingPacketComparison
CompareEdgeCachingPacketsWithFlow(const std::vector<EdgeCachingRunResult>& results,
                                  EdgeCachingAlgorithm algorithm)
{
    EdgeCachingRunResult sum{};
    uint32_t runs = 0;
    for (const EdgeCachingRunResult& r : results)
    {
        if (r.algorithm != static_cast<uint32_t>(algorithm))
        {
            continue;
        }
        ++runs;
        sum.uavPacket += r.uavPacket;
        sum.uavFlow += r.uavFlow;
        sum.satellitePacket += r.satellitePacket;
        sum.satelliteFlow += r.satelliteFlow;
        sum.limitedPacket += r.limitedPacket;
        sum.limitedFlow += r.limitedFlow;
        sum.wholePacket += r.wholePacket;
        sum.wholeFlow += r.wholeFlow;
        sum.backhaul += r.backhaul;
        sum.placements += r.placements;
        sum.placementsFetched += r.placementsFetched;
        sum.chainSize += r.chainSize;
        sum.chainRestored += r.chainRestored;
        sum.transactions += r.transactions;
    }
    auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };
    EdgeCachingPacketComparison c;
    c.uav = ratio(sum.uavPacket, sum.uavFlow);
    c.satellite = ratio(sum.satellitePacket, sum.satelliteFlow);
    c.limited = ratio(sum.limitedPacket, sum.limitedFlow);
    c.whole = ratio(sum.wholePacket, sum.wholeFlow);
    c.backhaul = runs ? sum.backhaul / runs : 0.0;
    c.fetchedShare = ratio(sum.placementsFetched, sum.placements);
    c.chainSize = runs ? sum.chainSize / runs : 0.0;
    c.chainRestored = runs ? sum.chainRestored / runs : 0.0;
    c.transactions = runs ? sum.transactions / runs : 0.0;
    return c;
}

void
PrintEdgeCachingPacketComparison(std::ostream& out, const EdgeCachingPacketComparison& c)
{
    out << "      packets vs flow model, same decisions: UAV data " << 100 * c.uav
        << " %, satellite " << 100 * c.satellite
        << " %.\n      Transfers the flow model cuts at the slot's end: " << 100 * c.limited
        << " % (TCP/IP/Ethernet headers alone allow " << 100 * TCP_EFFICIENCY
        << " %; more where a UAV's other UEs finished early and its AirtimeFair cell gave "
           "them the rest of the slot, while the flow model keeps R_ij / k; less for ARP, "
           "the TCP handshake and the previous slot's last send buffer).\n      Contents "
           "the flow model delivers whole: "
        << 100 * c.whole
        << " % (less where the link carries s_f with less than the headers' share to "
           "spare).\n      Backhaul: "
        << c.backhaul << " Mbit per slot; " << 100 * c.fetchedShare
        << " % of placements fetched whole within their slot at R^S (the cache serves "
           "them from the slot's start, as the source's eq. 2 has it).\n      Ledger: "
        << c.transactions << " delivery records per slot; the whole chain (s^fu) "
        << 1000 * c.chainSize << " kbit after the run, against the source's 80 Mbit; "
        << 1000 * c.chainRestored
        << " kbit of block bodies per slot restored to UAVs turned full.\n";
}

std::string
PlotEdgeCachingFigure(int figure,
                      const std::vector<EdgeCachingPointSummary>& summaries,
                      const std::vector<EdgeCachingAlgorithm>& algorithms,
                      const EdgeCachingOptions& o)
{
    static const std::map<int, std::pair<std::string, std::string>> TITLES = {
        {2, {"Fig. 2: profit vs number of UEs", "profit per slot"}},
        {3, {"Fig. 3: average UAV queue vs number of UEs", "mean UAV queue (Mbit)"}},
        {4, {"Fig. 4: satellite queue vs number of UEs", "satellite queue (Mbit)"}},
        {5, {"Fig. 5: profit vs number of mutation sparks", "profit per slot"}},
        {6, {"Fig. 6: queues vs number of mutation sparks", "queue (Mbit)"}},
        {7, {"Fig. 7: profit vs UAV bandwidth", "profit per slot"}}};
    const EdgeCachingSweep sweep = GetEdgeCachingSweep(figure);
    Gnuplot plot;
    plot.SetTitle(TITLES.at(figure).first + " (" + std::to_string(o.runs) + " runs x " +
                  std::to_string(o.slots) + " slots, mean +- s.e.)");
    plot.SetLegend(sweep == EdgeCachingSweep::UES               ? "number of UEs"
                   : sweep == EdgeCachingSweep::MUTATION_SPARKS ? "mutation sparks per generation"
                                                                : "bandwidth of each UAV (MHz)",
                   TITLES.at(figure).second);
    plot.AppendExtra("set terminal png size 1000,600"); // room for the key beside the plot
    plot.AppendExtra("set key outside right");
    // Figure 6 shows both queues, as the source's text describes.
    std::vector<
        std::pair<std::string, std::map<uint32_t, MeanStandardError> EdgeCachingPointSummary::*>>
        series;
    if (figure == 2 || figure == 5 || figure == 7)
    {
        series.push_back({"", &EdgeCachingPointSummary::profit});
    }
    else if (figure == 3)
    {
        series.push_back({"", &EdgeCachingPointSummary::uavQueue});
    }
    else if (figure == 4)
    {
        series.push_back({"", &EdgeCachingPointSummary::satelliteQueue});
    }
    else
    {
        series.push_back({" UAV", &EdgeCachingPointSummary::uavQueue});
        series.push_back({" satellite", &EdgeCachingPointSummary::satelliteQueue});
    }
    for (const auto& [suffix, member] : series)
    {
        for (EdgeCachingAlgorithm a : algorithms)
        {
            Gnuplot2dDataset curve(GetEdgeCachingAlgorithmName(a) + suffix);
            curve.SetStyle(Gnuplot2dDataset::LINES_POINTS);
            curve.SetErrorBars(Gnuplot2dDataset::Y);
            for (const EdgeCachingPointSummary& s : summaries)
            {
                const MeanStandardError& e = (s.*member).at(static_cast<uint32_t>(a));
                curve.Add(s.point.x, e.mean, e.se);
            }
            plot.AddDataset(curve);
        }
    }
    const std::string base = o.plotPrefix + "-fig" + std::to_string(figure);
    return base + (WriteGnuplotPng(plot, base) ? ".png" : ".plt");
}

Ptr<RunStore::Batch>
CreateEdgeCachingTable(Ptr<RunStore> store)
{
    store->CreateTable("edge_caching_points",
                       "run_id INTEGER, sweep TEXT, x REAL, ues INTEGER, uavs INTEGER, contents "
                       "INTEGER, bandwidth_mhz REAL, mutation_sparks INTEGER, v REAL, algorithm "
                       "TEXT, runs INTEGER, slots INTEGER, profit_mean REAL, profit_se REAL, "
                       "uav_queue_mbit_mean REAL, uav_queue_mbit_se REAL, "
                       "satellite_queue_mbit_mean REAL, satellite_queue_mbit_se REAL, "
                       "satellite_share_mean REAL, full_nodes_mean REAL, placed_mbit_mean REAL, "
                       "point_wall_seconds REAL, packet_level INTEGER, packet_vs_flow_uav REAL, "
                       "packet_vs_flow_satellite REAL, backhaul_mbit_per_slot REAL, "
                       "placements_fetched_share REAL, uav_queue_growth_mbit_per_slot REAL, "
                       "satellite_queue_growth_mbit_per_slot REAL, backhaul_mbps REAL, "
                       "gap_slots REAL, gap_mean REAL, gap_worst REAL, gap_optimal_share REAL, "
                       "gap_unproven_slots REAL, gap_bound_worst REAL");
    return store->Prepare("INSERT INTO edge_caching_points VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                          "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                          "?, ?, ?)");
}

void
WriteEdgeCachingRow(Ptr<RunStore::Batch> rows,
                    int64_t runId,
                    const EdgeCachingPointSummary& s,
                    EdgeCachingAlgorithm algorithm,
                    const EdgeCachingPacketComparison& packets,
                    const EdgeCachingGapSummary& gap,
                    double wall,
                    const EdgeCachingOptions& o)
{
    const uint32_t a = static_cast<uint32_t>(algorithm);
    rows->InsertRow(runId,
                    GetEdgeCachingSweepName(s.point.sweep),
                    s.point.x,
                    s.point.ues,
                    o.uavs,
                    o.contents,
                    s.point.bandwidthMhz,
                    s.point.mutationSparks,
                    o.v,
                    GetEdgeCachingAlgorithmName(algorithm),
                    o.runs,
                    o.slots,
                    s.profit.at(a).mean,
                    s.profit.at(a).se,
                    s.uavQueue.at(a).mean,
                    s.uavQueue.at(a).se,
                    s.satelliteQueue.at(a).mean,
                    s.satelliteQueue.at(a).se,
                    s.satelliteShare.at(a).mean,
                    s.fullNodes.at(a).mean,
                    s.placedData.at(a).mean,
                    wall,
                    o.packetLevel ? 1 : 0,
                    packets.uav,
                    packets.satellite,
                    packets.backhaul,
                    packets.fetchedShare,
                    s.uavQueueGrowth.at(a).mean,
                    s.satelliteQueueGrowth.at(a).mean,
                    o.backhaulMbps,
                    gap.slots,
                    gap.mean,
                    gap.worst,
                    gap.optimalShare,
                    gap.unprovenSlots,
                    gap.boundWorst);
}

} // namespace sagin
} // namespace ns3
