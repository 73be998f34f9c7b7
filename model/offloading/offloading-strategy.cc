// SPDX-License-Identifier: GPL-2.0-only

#include "offloading-strategy.h"

#include "ns3/log.h"

#include <stdexcept>
#include <string>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginOffloadingStrategy");
NS_OBJECT_ENSURE_REGISTERED(OffloadingStrategy);

TypeId
OffloadingStrategy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::OffloadingStrategy").SetParent<Object>().SetGroupName("Sagin");
    return tid;
}

OffloadingStrategy::OffloadingStrategy()
{
    NS_LOG_FUNCTION(this);
}

OffloadingStrategy::~OffloadingStrategy()
{
    NS_LOG_FUNCTION(this);
}

OffloadingSlotDecision
OffloadingStrategy::Decide(const OffloadingSlotProblem& problem,
                           const OffloadingSlotDecision& previous)
{
    NS_LOG_FUNCTION(this);
    OffloadingSlotDecision decision = DoDecide(problem, previous);
    try
    {
        problem.Check(decision.prices, decision.followers);
    }
    catch (const std::invalid_argument& e)
    {
        throw std::logic_error(GetInstanceTypeId().GetName() +
                               " returned a decision outside the model (a defect of the "
                               "strategy): " +
                               e.what());
    }
    return decision;
}

void
OffloadingStrategy::Learn(const OffloadingSlotProblem& problem,
                          const OffloadingSlotDecision& decision,
                          const OffloadingSlotOutcome& outcome)
{
    DoLearn(problem, decision, outcome);
}

int64_t
OffloadingStrategy::AssignStreams(int64_t stream)
{
    return DoAssignStreams(stream);
}

void
OffloadingStrategy::SetTraining(bool training)
{
    DoSetTraining(training);
}

void
OffloadingStrategy::CheckFixedPrice(double fixedPrice, const OffloadingConstants& constants) const
{
    if (fixedPrice > constants.maxPrice)
    {
        throw std::invalid_argument(
            GetInstanceTypeId().GetName() + "::FixedPrice = " + std::to_string(fixedPrice) +
            " is above the largest price (OffloadingParameters::MaxPrice "
            "= " +
            std::to_string(constants.maxPrice) + "); lower it or raise MaxPrice");
    }
}

void
OffloadingStrategy::DoLearn(const OffloadingSlotProblem&,
                            const OffloadingSlotDecision&,
                            const OffloadingSlotOutcome&)
{
}

int64_t
OffloadingStrategy::DoAssignStreams(int64_t)
{
    return 0;
}

void
OffloadingStrategy::DoSetTraining(bool)
{
}

} // namespace sagin
} // namespace ns3
