// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_RUN_REPORT_H
#define SAGIN_RUN_REPORT_H

#include "drop-summary.h"

#include "ns3/node-container.h"

#include <iosfwd>
#include <memory>

namespace ns3
{

class ShowProgress;

namespace sagin
{

/**
 * \ingroup sagin
 * What a run says about itself: while it runs, a progress line (simulated time, speed against
 * the wall clock, events) about every 10 s of wall time on stderr, from ns-3's ShowProgress;
 * at its end, the packets dropped by reason (DropSummary). Create it after the nodes' Internet
 * stacks are installed and before Simulator::Run, and keep it until the run's results are
 * printed.
 */
class RunReport
{
  public:
    /**
     * \param nodes the nodes whose drops are counted
     * \param showProgress whether to print progress lines (off for runs of a few seconds)
     */
    RunReport(const NodeContainer& nodes, bool showProgress);
    ~RunReport();

    /**
     * Print "drops: <reason> <count>, ..." and a newline when anything was dropped, else
     * nothing.
     * \param os where
     */
    void PrintDrops(std::ostream& os) const;

    /** \return the drop counts */
    const DropSummary& GetDrops() const;

  private:
    DropSummary m_drops;                      //!< drops by reason
    std::unique_ptr<ShowProgress> m_progress; //!< null when not shown
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_RUN_REPORT_H
