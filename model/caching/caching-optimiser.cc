// SPDX-License-Identifier: GPL-2.0-only

#include "caching-optimiser.h"

#include "ns3/log.h"

#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginCachingOptimiser");
NS_OBJECT_ENSURE_REGISTERED(CachingOptimiser);

TypeId
CachingOptimiser::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::CachingOptimiser")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddTraceSource("Solved",
                            "A slot's solution: its U(t), eq. (22), and its flow-level revenue "
                            "Rev(t), eq. (14) (revenue units).",
                            MakeTraceSourceAccessor(&CachingOptimiser::m_solved),
                            "ns3::sagin::CachingOptimiser::SolvedTracedCallback");
    return tid;
}

CachingOptimiser::CachingOptimiser()
{
    NS_LOG_FUNCTION(this);
}

CachingOptimiser::~CachingOptimiser()
{
    NS_LOG_FUNCTION(this);
}

CachingSolution
CachingOptimiser::Solve(const CachingSlotProblem& problem)
{
    NS_LOG_FUNCTION(this);
    CachingSolution solution = DoSolve(problem);
    const CachingFeasibility feasibility = problem.Check(solution);
    if (!feasibility.IsFeasible())
    {
        throw std::logic_error(
            GetInstanceTypeId().GetName() +
            " returned an infeasible solution (a defect of the optimiser): " + feasibility.reason);
    }
    if (!m_solved.IsEmpty())
    {
        m_solved(problem.Objective(solution), problem.Revenue(solution));
    }
    return solution;
}

int64_t
CachingOptimiser::AssignStreams(int64_t stream)
{
    return DoAssignStreams(stream);
}

} // namespace sagin
} // namespace ns3
