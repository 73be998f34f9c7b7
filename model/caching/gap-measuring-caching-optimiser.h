// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_GAP_MEASURING_CACHING_OPTIMISER_H
#define SAGIN_GAP_MEASURING_CACHING_OPTIMISER_H

#include "caching-optimiser.h"

#include "ns3/traced-callback.h"

namespace ns3
{
namespace sagin
{

class ExactCachingOptimiser;

/**
 * \ingroup sagin
 * An optimiser's distance from the optimum, slot by slot: it decides with the wrapped
 * optimiser (attribute Optimiser) and solves the same problem with an ExactCachingOptimiser
 * (attribute Exact), then fires Gap with U(t) of the decision minus the best U(t) the MILP
 * found, and whether that optimum is proven (else the MILP's own gap to its bound bounds the
 * true distance from above by gap + that). The decision is the wrapped optimiser's, so a run
 * is the same run with or without the measurement.
 */
class GapMeasuringCachingOptimiser : public CachingOptimiser
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    GapMeasuringCachingOptimiser();
    ~GapMeasuringCachingOptimiser() override;

    /**
     * Signature of the Gap trace.
     * \param gap U(t) of the wrapped optimiser's decision minus the MILP's best U(t) (>= 0 up
     *        to the solver's tolerance when proven)
     * \param optimum the MILP's best U(t)
     * \param proven whether the MILP proved its solution optimal
     * \param boundGap the MILP's best U(t) minus its bound (0 when proven)
     */
    typedef void (*GapTracedCallback)(double gap, double optimum, bool proven, double boundGap);

  private:
    CachingSolution DoSolve(const CachingSlotProblem& problem) override;
    int64_t DoAssignStreams(int64_t stream) override;
    void DoDispose() override;

    Ptr<CachingOptimiser> m_optimiser;                  //!< decides
    Ptr<ExactCachingOptimiser> m_exact;                 //!< measures
    TracedCallback<double, double, bool, double> m_gap; //!< Gap trace
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_GAP_MEASURING_CACHING_OPTIMISER_H
