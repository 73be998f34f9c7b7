// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_SPECTRUM_PRICING_FIGURES_H
#define SAGIN_SPECTRUM_PRICING_FIGURES_H

#include "spectrum-pricing-experiment.h"

#include "ns3/ptr.h"

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * One curve of a study B figure: y (averaged over the runs) against x, with the spread
 * across agents (lowest and highest agent, averaged over the runs) where it has one.
 */
struct SpectrumCurve
{
    std::string name;         //!< legend
    std::vector<double> x;    //!< abscissae
    std::vector<double> y;    //!< mean
    std::vector<double> low;  //!< lowest agent (empty: no spread)
    std::vector<double> high; //!< highest agent (empty: no spread)
};

/**
 * \ingroup sagin
 * One panel of a study B figure.
 */
struct SpectrumPanel
{
    std::string name;                  //!< file name part, e.g. "fig7-price-10"
    std::string title;                 //!< plot title
    std::string xLabel;                //!< abscissa label
    std::string yLabel;                //!< ordinate label
    std::vector<SpectrumCurve> curves; //!< its curves
};

/**
 * \ingroup sagin
 * Which figure of study B, and how.
 */
struct SpectrumFigureOptions
{
    std::string figure{"10"};       //!< 7, 8, 9, 10 or uplink
    uint32_t runs{1};               //!< independent runs per point
    uint64_t userRun{1};            //!< --RngRun the runs derive from (IndependentRunNumber)
    bool test{false};               //!< a few small points (seconds)
    SpectrumExperimentOptions base; //!< everything a figure does not sweep

    /** Throws std::invalid_argument naming an unknown figure or zero runs. */
    void Validate() const;

    /** \return the figure names Validate accepts */
    static std::vector<std::string> GetFigures();
};

/**
 * \ingroup sagin
 * Receives every run of a figure as it completes (for the run store).
 * Arguments: the point's label, the run (1 ... runs), its options, its result.
 */
typedef std::function<void(const std::string&,
                           uint32_t,
                           const SpectrumExperimentOptions&,
                           const SpectrumExperimentResult&)>
    SpectrumRunRecorder;

/**
 * \ingroup sagin
 * Run every point and run of a study B figure (RunSpectrumExperiment each) and make its
 * panels.
 * Figure 7: agents 10, 20, 30 (proposed): reward (the round's utility), price and revenue
 * against iteration, nine panels with the spread across agents. Figure 8: the users' own
 * speed 0-1000 m/s against the satellite's track (the relative speed measured on the x
 * axis): price and revenue over the last tenth of the iterations. Figure 9: revenue over
 * the last tenth against users per agent, one panel per visibility (1, 0.9, 0.8), one curve
 * per users' speed (0, 500, 1000 m/s). Figure 10: revenue against iteration for proposed,
 * ddqn (no federation) and average-budget. Figure uplink (not the source's): the users'
 * uplink as packets (base.uplinkRate, 1 Mbit/s per user if unset) against the market's
 * flow-level rates, per agent and iteration: the UDP payload delivered over the GSL and the
 * Shannon rate of the leases, for the proposed scheme.
 * \param options the figure
 * \param record called after each run (may be empty)
 * \return the panels
 */
std::vector<SpectrumPanel> RunSpectrumFigure(const SpectrumFigureOptions& options,
                                             const SpectrumRunRecorder& record);

/**
 * \ingroup sagin
 * Write a panel as BASE.plt and, with gnuplot, BASE.png (BASE = prefix-name); the spread
 * across agents is drawn when the panel has one curve (figure 7), where it is the point.
 * \param panel the panel
 * \param prefix file name prefix
 * \return the file written
 */
std::string WriteSpectrumPanel(const SpectrumPanel& panel, const std::string& prefix);

/**
 * \ingroup sagin
 * Print a panel: its title, then each curve, iteration curves at a dozen iterations with
 * their spread, point curves whole.
 * \param out where to
 * \param panel the panel
 */
void PrintSpectrumPanel(std::ostream& out, const SpectrumPanel& panel);

class RunStore;

/**
 * \ingroup sagin
 * A recorder that writes every run to a run store (its run begun): tables spectrum_rounds
 * (every agent's every local round) and spectrum_fl_rounds (every released federated round),
 * created here.
 * \param store the run store
 * \return the recorder, for RunSpectrumFigure
 */
SpectrumRunRecorder MakeSpectrumRunStoreRecorder(Ptr<RunStore> store);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SPECTRUM_PRICING_FIGURES_H
