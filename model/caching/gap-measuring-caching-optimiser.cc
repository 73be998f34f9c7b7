// SPDX-License-Identifier: GPL-2.0-only

#include "gap-measuring-caching-optimiser.h"

#include "exact-caching-optimiser.h"

#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/trace-source-accessor.h"

#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginGapMeasuringCachingOptimiser");

NS_OBJECT_ENSURE_REGISTERED(GapMeasuringCachingOptimiser);

TypeId
GapMeasuringCachingOptimiser::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::GapMeasuringCachingOptimiser")
            .SetParent<CachingOptimiser>()
            .SetGroupName("Sagin")
            .AddConstructor<GapMeasuringCachingOptimiser>()
            .AddAttribute("Optimiser",
                          "The optimiser whose decisions are used and measured.",
                          PointerValue(),
                          MakePointerAccessor(&GapMeasuringCachingOptimiser::m_optimiser),
                          MakePointerChecker<CachingOptimiser>())
            .AddAttribute("Exact",
                          "The MILP optimiser that gives the reference optimum of each slot.",
                          PointerValue(),
                          MakePointerAccessor(&GapMeasuringCachingOptimiser::m_exact),
                          MakePointerChecker<ExactCachingOptimiser>())
            .AddTraceSource("Gap",
                            "Each slot: U(t) of the decision minus the MILP's best U(t), that "
                            "U(t), whether it is proven optimal, and the MILP's gap to its "
                            "bound.",
                            MakeTraceSourceAccessor(&GapMeasuringCachingOptimiser::m_gap),
                            "ns3::sagin::GapMeasuringCachingOptimiser::GapTracedCallback");
    return tid;
}

GapMeasuringCachingOptimiser::GapMeasuringCachingOptimiser()
{
    NS_LOG_FUNCTION(this);
}

GapMeasuringCachingOptimiser::~GapMeasuringCachingOptimiser()
{
    NS_LOG_FUNCTION(this);
}

void
GapMeasuringCachingOptimiser::DoDispose()
{
    m_optimiser = nullptr;
    m_exact = nullptr;
    CachingOptimiser::DoDispose();
}

int64_t
GapMeasuringCachingOptimiser::DoAssignStreams(int64_t stream)
{
    return m_optimiser ? m_optimiser->AssignStreams(stream) : 0;
}

CachingSolution
GapMeasuringCachingOptimiser::DoSolve(const CachingSlotProblem& problem)
{
    if (!m_optimiser || !m_exact)
    {
        throw std::logic_error("GapMeasuringCachingOptimiser: set both the Optimiser and the "
                               "Exact attributes before the first slot");
    }
    CachingSolution decision = m_optimiser->Solve(problem);
    const ExactCachingResult optimum = m_exact->SolveWithBound(problem);
    if (!optimum.hasSolution)
    {
        // Not expected: the search starts from a feasible solution.
        throw std::runtime_error("GapMeasuringCachingOptimiser: the MILP returned no solution (" +
                                 optimum.limit +
                                 "); raise the Exact optimiser's TimeLimit "
                                 "(sagin-edge-caching: --optimality-gap)");
    }
    m_gap(problem.Objective(decision) - optimum.objective,
          optimum.objective,
          optimum.optimal,
          optimum.GetGap());
    return decision;
}

} // namespace sagin
} // namespace ns3
