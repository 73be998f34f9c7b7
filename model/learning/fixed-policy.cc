// SPDX-License-Identifier: GPL-2.0-only

#include "fixed-policy.h"

#include "ns3/log.h"
#include "ns3/string.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginFixedPolicy");

NS_OBJECT_ENSURE_REGISTERED(FixedPolicy);

namespace
{
/**
 * \param text comma-separated numbers
 * \param attribute attribute name, for the message
 * \return the numbers
 */
std::vector<double>
ParseNumbers(const std::string& text, const std::string& attribute)
{
    std::vector<double> values;
    if (text.find_first_not_of(" \t") == std::string::npos)
    {
        return values;
    }
    std::istringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
    {
        std::istringstream number(item);
        double value;
        if (!(number >> value) || !(number >> std::ws).eof() || !std::isfinite(value))
        {
            throw std::invalid_argument("FixedPolicy attribute " + attribute + ": \"" + text +
                                        "\" is not a comma-separated list of numbers");
        }
        values.push_back(value);
    }
    return values;
}

/**
 * \param values numbers
 * \return them, comma-separated
 */
template <typename T>
std::string
Join(const std::vector<T>& values)
{
    std::ostringstream out;
    for (std::size_t i = 0; i < values.size(); ++i)
    {
        out << (i ? "," : "") << values[i];
    }
    return out.str();
}
} // namespace

TypeId
FixedPolicy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::FixedPolicy")
            .SetParent<Policy>()
            .SetGroupName("Sagin")
            .AddConstructor<FixedPolicy>()
            .AddAttribute("Discrete",
                          "Fixed choice of each discrete head (0-based indices, "
                          "comma-separated; empty: choice 0 for every head).",
                          StringValue(""),
                          MakeStringAccessor(&FixedPolicy::SetDiscrete, &FixedPolicy::GetDiscrete),
                          MakeStringChecker())
            .AddAttribute(
                "Continuous",
                "Fixed value of each continuous component (in the component's "
                "unit, comma-separated; empty: the middle of every range).",
                StringValue(""),
                MakeStringAccessor(&FixedPolicy::SetContinuous, &FixedPolicy::GetContinuous),
                MakeStringChecker());
    return tid;
}

FixedPolicy::FixedPolicy()
{
    NS_LOG_FUNCTION(this);
}

FixedPolicy::~FixedPolicy()
{
    NS_LOG_FUNCTION(this);
}

void
FixedPolicy::SetAction(const Action& action)
{
    NS_LOG_FUNCTION(this);
    const auto oldDiscrete = m_discrete;
    const auto oldContinuous = m_continuous;
    m_discrete = action.discrete;
    m_continuous = action.continuous;
    if (HasSpaces())
    {
        try
        {
            Resolve(GetActionSpace());
        }
        catch (const std::invalid_argument&)
        {
            m_discrete = oldDiscrete;
            m_continuous = oldContinuous;
            throw;
        }
    }
}

void
FixedPolicy::DoSetSpaces(uint32_t /* observationSize */, const ActionSpace& actionSpace)
{
    Resolve(actionSpace);
}

Action
FixedPolicy::DoDecide(const std::vector<double>& /* observation */)
{
    return Resolve(GetActionSpace());
}

Action
FixedPolicy::Resolve(const ActionSpace& space) const
{
    const std::string context = "FixedPolicy '" + GetAgentName() + "'";
    Action action;
    if (m_discrete.empty())
    {
        action.discrete.assign(space.discrete.size(), 0);
    }
    else if (m_discrete.size() != space.discrete.size())
    {
        throw std::invalid_argument(context + ": Discrete has " +
                                    std::to_string(m_discrete.size()) +
                                    " values for an action space with " +
                                    std::to_string(space.discrete.size()) + " discrete heads");
    }
    else
    {
        for (std::size_t h = 0; h < m_discrete.size(); ++h)
        {
            if (m_discrete[h] >= space.discrete[h])
            {
                throw std::invalid_argument(context + ": Discrete picks choice " +
                                            std::to_string(m_discrete[h]) + " of head " +
                                            std::to_string(h) + ", which has " +
                                            std::to_string(space.discrete[h]));
            }
        }
        action.discrete = m_discrete;
    }
    if (m_continuous.empty())
    {
        for (const ContinuousRange& r : space.continuous)
        {
            action.continuous.push_back(r.min + 0.5 * (r.max - r.min));
        }
    }
    else if (m_continuous.size() != space.continuous.size())
    {
        throw std::invalid_argument(
            context + ": Continuous has " + std::to_string(m_continuous.size()) +
            " values for an action space with " + std::to_string(space.continuous.size()) +
            " continuous components");
    }
    else
    {
        for (std::size_t c = 0; c < m_continuous.size(); ++c)
        {
            const ContinuousRange& r = space.continuous[c];
            if (m_continuous[c] < r.min || m_continuous[c] > r.max)
            {
                std::ostringstream msg;
                msg << context << ": Continuous value " << m_continuous[c] << " of component " << c
                    << " is outside its range [" << r.min << ", " << r.max << "]";
                throw std::invalid_argument(msg.str());
            }
        }
        action.continuous = m_continuous;
    }
    return action;
}

void
FixedPolicy::SetDiscrete(const std::string& text)
{
    std::vector<uint32_t> choices;
    for (double value : ParseNumbers(text, "Discrete"))
    {
        if (value < 0 || value != std::floor(value) || value > 4294967295.0)
        {
            throw std::invalid_argument("FixedPolicy attribute Discrete: \"" + text +
                                        "\" must list 0-based choice indices");
        }
        choices.push_back(static_cast<uint32_t>(value));
    }
    Action action;
    action.discrete = choices;
    action.continuous = m_continuous;
    SetAction(action);
}

std::string
FixedPolicy::GetDiscrete() const
{
    return Join(m_discrete);
}

void
FixedPolicy::SetContinuous(const std::string& text)
{
    Action action;
    action.discrete = m_discrete;
    action.continuous = ParseNumbers(text, "Continuous");
    SetAction(action);
}

std::string
FixedPolicy::GetContinuous() const
{
    return Join(m_continuous);
}

} // namespace sagin
} // namespace ns3
