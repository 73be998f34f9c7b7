// SPDX-License-Identifier: GPL-2.0-only

#include "rule-policy.h"

#include "ns3/log.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginRulePolicy");

NS_OBJECT_ENSURE_REGISTERED(RulePolicy);
NS_OBJECT_ENSURE_REGISTERED(GreedyPolicy);

TypeId
RulePolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::RulePolicy")
                            .SetParent<Policy>()
                            .SetGroupName("Sagin")
                            .AddConstructor<RulePolicy>();
    return tid;
}

RulePolicy::RulePolicy()
{
    NS_LOG_FUNCTION(this);
}

RulePolicy::~RulePolicy()
{
    NS_LOG_FUNCTION(this);
}

void
RulePolicy::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_rule = nullptr;
    Policy::DoDispose();
}

void
RulePolicy::SetRule(Rule rule)
{
    NS_LOG_FUNCTION(this);
    m_rule = std::move(rule);
}

Action
RulePolicy::CheckAction(const Action& action) const
{
    const ActionSpace& space = GetActionSpace();
    const std::string context = GetInstanceTypeId().GetName() + " '" + GetAgentName() + "'";
    if (action.discrete.size() != space.discrete.size() ||
        action.continuous.size() != space.continuous.size())
    {
        throw std::invalid_argument(context + ": the rule returned " +
                                    std::to_string(action.discrete.size()) + " discrete and " +
                                    std::to_string(action.continuous.size()) +
                                    " continuous values for the action space " + space.ToString());
    }
    for (std::size_t h = 0; h < action.discrete.size(); ++h)
    {
        if (action.discrete[h] >= space.discrete[h])
        {
            throw std::invalid_argument(context + ": the rule picked choice " +
                                        std::to_string(action.discrete[h]) + " of head " +
                                        std::to_string(h) + ", which has " +
                                        std::to_string(space.discrete[h]));
        }
    }
    for (std::size_t c = 0; c < action.continuous.size(); ++c)
    {
        const ContinuousRange& r = space.continuous[c];
        if (!(action.continuous[c] >= r.min && action.continuous[c] <= r.max))
        {
            std::ostringstream msg;
            msg << context << ": the rule gave " << action.continuous[c] << " for component " << c
                << ", outside its range [" << r.min << ", " << r.max << "]";
            throw std::invalid_argument(msg.str());
        }
    }
    return action;
}

Action
RulePolicy::DoDecide(const std::vector<double>& observation)
{
    if (!m_rule)
    {
        throw std::logic_error("RulePolicy '" + GetAgentName() +
                               "': no rule; call SetRule() or subclass and override DoDecide()");
    }
    return CheckAction(m_rule(observation));
}

TypeId
GreedyPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::GreedyPolicy")
                            .SetParent<Policy>()
                            .SetGroupName("Sagin")
                            .AddConstructor<GreedyPolicy>();
    return tid;
}

GreedyPolicy::GreedyPolicy()
{
    NS_LOG_FUNCTION(this);
}

GreedyPolicy::~GreedyPolicy()
{
    NS_LOG_FUNCTION(this);
}

void
GreedyPolicy::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_score = nullptr;
    Policy::DoDispose();
}

void
GreedyPolicy::SetScore(Score score)
{
    NS_LOG_FUNCTION(this);
    m_score = std::move(score);
}

void
GreedyPolicy::DoSetSpaces(uint32_t /* observationSize */, const ActionSpace& actionSpace)
{
    if (actionSpace.discrete.size() != 1 || !actionSpace.continuous.empty())
    {
        throw std::invalid_argument("GreedyPolicy '" + GetAgentName() +
                                    "' chooses on one discrete head; the action space is " +
                                    actionSpace.ToString());
    }
}

Action
GreedyPolicy::DoDecide(const std::vector<double>& observation)
{
    const uint32_t choices = GetActionSpace().discrete[0];
    const std::vector<double> scores = m_score ? m_score(observation) : observation;
    if (scores.size() != choices)
    {
        throw std::invalid_argument(
            "GreedyPolicy '" + GetAgentName() + "': " + std::to_string(scores.size()) +
            " scores for " + std::to_string(choices) + " choices" +
            (m_score ? "" : " (without SetScore() the observation is the score)"));
    }
    uint32_t best = 0;
    for (uint32_t i = 1; i < choices; ++i)
    {
        if (scores[i] > scores[best])
        {
            best = i;
        }
    }
    Action action;
    action.discrete.push_back(best);
    return action;
}

} // namespace sagin
} // namespace ns3
