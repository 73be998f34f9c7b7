// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_EDGE_CACHING_FIGURES_H
#define SAGIN_EDGE_CACHING_FIGURES_H

#include "edge-caching-experiment.h"

#include "ns3/confidence-interval.h"
#include "ns3/ptr.h"
#include "ns3/run-store.h"

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/** \ingroup sagin Per algorithm, the estimates of one point of a study C sweep. */
struct EdgeCachingPointSummary
{
    EdgeCachingPoint point;                                     //!< the point
    std::map<uint32_t, MeanStandardError> profit;               //!< per algorithm
    std::map<uint32_t, MeanStandardError> uavQueue;             //!< per algorithm
    std::map<uint32_t, MeanStandardError> satelliteQueue;       //!< per algorithm
    std::map<uint32_t, MeanStandardError> uavQueueGrowth;       //!< per algorithm (Mbit/slot)
    std::map<uint32_t, MeanStandardError> satelliteQueueGrowth; //!< per algorithm (Mbit/slot)
    std::map<uint32_t, MeanStandardError> satelliteShare;       //!< per algorithm
    std::map<uint32_t, MeanStandardError> fullNodes;            //!< per algorithm
    std::map<uint32_t, MeanStandardError> placedData;           //!< per algorithm
};

/**
 * \ingroup sagin
 * \param point the point
 * \param results its runs (RunEdgeCachingPoint)
 * \param algorithms the algorithms run
 * \param runs runs per point: std::logic_error if an algorithm has another count
 * \return the mean and standard error of every time average, per algorithm
 */
EdgeCachingPointSummary SummariseEdgeCachingPoint(
    const EdgeCachingPoint& point,
    const std::vector<EdgeCachingRunResult>& results,
    const std::vector<EdgeCachingAlgorithm>& algorithms,
    uint32_t runs);

/** \ingroup sagin With --optimality-gap: an algorithm's distance from the MILP optimum. */
struct EdgeCachingGapSummary
{
    double slots{0.0};         //!< slots measured (every run of the point)
    double mean{0.0};          //!< mean of U(t) - U*(t) over them (U(t) units)
    double worst{0.0};         //!< largest U(t) - U*(t)
    double optimalShare{0.0};  //!< share of slots decided optimally
    double unprovenSlots{0.0}; //!< slots whose MILP hit its time limit
    double boundWorst{0.0};    //!< largest distance of such a MILP answer from its bound
};

/**
 * \ingroup sagin
 * \param results a point's runs, measured with --optimality-gap
 * \param algorithm which algorithm
 * \return its gap over every slot of every run
 */
EdgeCachingGapSummary SummariseEdgeCachingGap(const std::vector<EdgeCachingRunResult>& results,
                                              EdgeCachingAlgorithm algorithm);

/**
 * \ingroup sagin
 * Print one line: "optimality gap: mean ..., worst ..., optimal in ... % of ... slots, ...".
 * \param out where
 * \param gap the summary
 */
void PrintEdgeCachingGap(std::ostream& out, const EdgeCachingGapSummary& gap);

/** \ingroup sagin Packet level: what the packets delivered against the flow model. */
struct EdgeCachingPacketComparison
{
    double uav{0.0};           //!< UAV data, packets / flow
    double satellite{0.0};     //!< satellite data, packets / flow
    double limited{0.0};       //!< transfers the flow model does not finish, packets / flow
    double whole{0.0};         //!< contents the flow model finishes, packets / flow
    double backhaul{0.0};      //!< placement data that reached the UAVs per slot (Mbit)
    double fetchedShare{0.0};  //!< placements fetched whole within their slot
    double chainSize{0.0};     //!< s^fu at the runs' end (Mbit)
    double chainRestored{0.0}; //!< bodies restored to UAVs turned full per slot (Mbit)
    double transactions{0.0};  //!< delivery records per slot
};

/**
 * \ingroup sagin
 * \param results a point's runs
 * \param algorithm which algorithm
 * \return its packet-versus-flow figures (ratios of sums; 0 where the flow model gives 0)
 */
EdgeCachingPacketComparison CompareEdgeCachingPacketsWithFlow(
    const std::vector<EdgeCachingRunResult>& results,
    EdgeCachingAlgorithm algorithm);

/**
 * \ingroup sagin
 * Print the comparison and why packets and flows differ.
 * \param out where to
 * \param c the comparison
 */
void PrintEdgeCachingPacketComparison(std::ostream& out, const EdgeCachingPacketComparison& c);

/**
 * \ingroup sagin
 * Write one figure's PNG (prefix-figN.png; .plt without gnuplot).
 * \param figure 2..7
 * \param summaries the points of its sweep
 * \param algorithms the algorithms run
 * \param o the options (runs, slots, plot prefix)
 * \return the file written
 */
std::string PlotEdgeCachingFigure(int figure,
                                  const std::vector<EdgeCachingPointSummary>& summaries,
                                  const std::vector<EdgeCachingAlgorithm>& algorithms,
                                  const EdgeCachingOptions& o);

/**
 * \ingroup sagin
 * Create the run store's table edge_caching_points (one row per point and algorithm).
 * \param store the run store (its run begun)
 * \return the statement WriteEdgeCachingRow fills
 */
Ptr<RunStore::Batch> CreateEdgeCachingTable(Ptr<RunStore> store);

/**
 * \ingroup sagin
 * One row of edge_caching_points.
 * \param rows what CreateEdgeCachingTable returned
 * \param runId the run store's run
 * \param s the point's summary
 * \param algorithm the algorithm
 * \param packets its packet-versus-flow comparison (zeros at flow level)
 * \param gap its optimality gap (zeros without --optimality-gap)
 * \param wall the point's wall time (s)
 * \param o the options
 */
void WriteEdgeCachingRow(Ptr<RunStore::Batch> rows,
                         int64_t runId,
                         const EdgeCachingPointSummary& s,
                         EdgeCachingAlgorithm algorithm,
                         const EdgeCachingPacketComparison& packets,
                         const EdgeCachingGapSummary& gap,
                         double wall,
                         const EdgeCachingOptions& o);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_EDGE_CACHING_FIGURES_H
