// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_CACHING_OPTIMISER_H
#define SAGIN_CACHING_OPTIMISER_H

#include "caching-slot-problem.h"

#include "ns3/object.h"
#include "ns3/traced-callback.h"

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * A decision maker for study C's per-slot problem (P2): placement, replacement, access and
 * blockchain roles. Subclasses: FireworksCachingOptimiser (the source's algorithm and its
 * OneES and No-mutation variants), ExhaustiveCachingOptimiser (tiny instances),
 * LruLfuCachingOptimiser (operator baselines). A slot controller holds one through a
 * PointerValue attribute and calls Solve once per slot with that slot's problem.
 *
 * Solve checks the subclass's answer against C1-C9 and throws std::logic_error if it is
 * infeasible (a defect of the optimiser, never of the input), so every solution a caller
 * receives is feasible.
 */
class CachingOptimiser : public Object
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    CachingOptimiser();
    ~CachingOptimiser() override;

    /**
     * Signature of the Solved trace.
     * \param objective U(t) of the solution, eq. (22)
     * \param revenue Rev(t) of the solution at flow level, eq. (14)
     */
    typedef void (*SolvedTracedCallback)(double objective, double revenue);

    /**
     * \param problem the slot's problem
     * \return a feasible solution (C1-C9)
     */
    CachingSolution Solve(const CachingSlotProblem& problem);

    /**
     * Use fixed random streams.
     * \param stream first stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

  private:
    /**
     * \param problem the slot's problem
     * \return the subclass's solution
     */
    virtual CachingSolution DoSolve(const CachingSlotProblem& problem) = 0;
    /**
     * \param stream first stream index
     * \return the number of streams used
     */
    virtual int64_t DoAssignStreams(int64_t stream) = 0;

    TracedCallback<double, double> m_solved; //!< Solved trace
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CACHING_OPTIMISER_H
