// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_OFFLOADING_FIGURES_H
#define SAGIN_OFFLOADING_FIGURES_H

#include "offloading-experiment.h"

#include "ns3/confidence-interval.h"
#include "ns3/ptr.h"
#include "ns3/run-store.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Study A's figure runs as sagin-offloading's options set them; the refusals name those
 * options.
 */
struct OffloadingFigureOptions
{
    std::string figure{"all"};                    //!< 4a ... 7b or all
    uint32_t runs{10};                            //!< runs per point
    uint32_t slots{100};                          //!< slots per run
    uint32_t trainingSlots{500};                  //!< MADFRL's training slots before them
    uint32_t metaIterations{0};                   //!< MADFRL's meta-iterations before those
    bool learnedBaselines{false};                 //!< baselines on MADFRL (not the myopic)
    uint32_t jobs{2};                             //!< worker processes
    std::string algorithms{"all"};                //!< for the figures that compare them
    std::string points;                           //!< x values of one figure, comma-separated
    std::string constellation{"starlink-shell1"}; //!< the LEOs' constellation preset
    bool randomGeometry{false};                   //!< the source's random distances
    bool packetLevel{false};                      //!< offloaded bits as packets
    std::string db{"sagin-offloading.db"};        //!< run store, or "none"
    std::string plotPrefix{"sagin-offloading"};   //!< PNG prefix
    uint64_t userRun{1};                          //!< --RngRun, from which the runs derive

    /** Throw std::invalid_argument naming the option when one is out of range. */
    void Validate() const;
};

/**
 * \ingroup sagin
 * What one of study A's figures sweeps, how its curves differ and what it shows.
 */
struct OffloadingFigure
{
    std::string id;             //!< "4a" ... "7b"
    std::string title;          //!< plot title
    std::string xLabel;         //!< what x is, with unit
    std::string yLabel;         //!< what y is, with unit
    std::string parameter;      //!< the OffloadingParameters attribute x sets, or "FixedPrice"
    double xScale{1.0};         //!< attribute value = x * xScale
    std::vector<double> xs;     //!< default x values
    bool curvesAreUsers{false}; //!< curves per M (the first algorithm), else per algorithm
    std::vector<std::pair<std::string, std::string>> fixed; //!< further attributes it sets
    double (*metric)(const OffloadingRunSummary&){nullptr}; //!< y of a run
};

/**
 * \ingroup sagin
 * \return the figures, 4a ... 7b, as PAPERS.md lists them
 */
const std::vector<OffloadingFigure>& GetOffloadingFigures();

/**
 * \ingroup sagin
 * \param id "4a" ... "7b" or "all"
 * \return the figures it names; std::invalid_argument (as --figure) otherwise
 */
std::vector<OffloadingFigure> SelectOffloadingFigures(const std::string& id);

/** \ingroup sagin One point of one curve of a figure. */
struct OffloadingCurvePoint
{
    std::string curve;              //!< "M = 12" or an algorithm's name
    double x{0.0};                  //!< the swept value
    MeanStandardError y;            //!< the figure's metric over the runs
    MeanStandardError throughput;   //!< mean D per follower and slot (Mbit)
    MeanStandardError queue;        //!< mean Q (Mbit)
    MeanStandardError profit;       //!< leader profit per slot
    MeanStandardError interference; //!< mean I of the offloaders (W)
    MeanStandardError overhead;     //!< C_SBC (s)
    double flowThroughput{0.0};     //!< mean D the flow model gives the same decisions (Mbit)
    double serverBacklog{0.0};      //!< packet level: mean LEO compute backlog (s of CPU)
    double price{0.0};              //!< mean lambda
    double offloadShare{0.0};       //!< share offloading
};

/**
 * \ingroup sagin
 * Run every point of a figure: each (x, curve, run) is a task for the worker processes;
 * run r of n with --RngRun=R is ns-3 run (R - 1) n + r for every x and curve, so that all
 * curves see the same tasks and geometry.
 * \param figure the figure
 * \param xs its x values
 * \param algorithms the algorithms (curves, or the first one for per-M figures)
 * \param o the options
 * \return its points, curve by curve in x order
 */
std::vector<OffloadingCurvePoint> RunOffloadingFigure(
    const OffloadingFigure& figure,
    const std::vector<double>& xs,
    const std::vector<OffloadingAlgorithm>& algorithms,
    const OffloadingFigureOptions& o);

/**
 * \ingroup sagin
 * Write the figure's PNG (plotPrefix-figID.png; .plt without gnuplot).
 * \param figure the figure
 * \param points its points
 * \param o the options
 * \return the file written
 */
std::string PlotOffloadingFigure(const OffloadingFigure& figure,
                                 const std::vector<OffloadingCurvePoint>& points,
                                 const OffloadingFigureOptions& o);

/**
 * \ingroup sagin
 * Create the run store's table offloading_points (one row per figure, curve and x).
 * \param store the run store (its run begun)
 * \return the statement WriteOffloadingRow fills
 */
Ptr<RunStore::Batch> CreateOffloadingTable(Ptr<RunStore> store);

/**
 * \ingroup sagin
 * One row of offloading_points.
 * \param rows what CreateOffloadingTable returned
 * \param runId the run store's run
 * \param figure the figure
 * \param p the point
 * \param o the options
 */
void WriteOffloadingRow(Ptr<RunStore::Batch> rows,
                        int64_t runId,
                        const OffloadingFigure& figure,
                        const OffloadingCurvePoint& p,
                        const OffloadingFigureOptions& o);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_OFFLOADING_FIGURES_H
