// SPDX-License-Identifier: GPL-2.0-only

#include "policy.h"

#include "ns3/log.h"
#include "ns3/names.h"
#include "ns3/string.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginPolicy");

NS_OBJECT_ENSURE_REGISTERED(Policy);

namespace
{
/** Policies created so far, for default agent names. */
uint64_t g_policyCount = 0;
} // namespace

ActionSpace
ActionSpace::Discrete(uint32_t choices)
{
    ActionSpace space;
    space.discrete.push_back(choices);
    return space;
}

void
ActionSpace::Validate(const std::string& context) const
{
    if (discrete.empty() && continuous.empty())
    {
        throw std::invalid_argument(context + ": the action space is empty; give at least one "
                                              "discrete head or continuous component");
    }
    for (std::size_t h = 0; h < discrete.size(); ++h)
    {
        if (discrete[h] == 0)
        {
            throw std::invalid_argument(context + ": discrete action head " + std::to_string(h) +
                                        " has 0 choices; a head needs at least one");
        }
    }
    for (std::size_t c = 0; c < continuous.size(); ++c)
    {
        const ContinuousRange& r = continuous[c];
        if (!std::isfinite(r.min) || !std::isfinite(r.max) || r.min > r.max)
        {
            std::ostringstream msg;
            msg << context << ": continuous action component " << c << " has range [" << r.min
                << ", " << r.max << "]; give finite bounds with min <= max";
            throw std::invalid_argument(msg.str());
        }
    }
}

std::string
ActionSpace::ToString() const
{
    std::ostringstream out;
    out << "discrete {";
    for (std::size_t h = 0; h < discrete.size(); ++h)
    {
        out << (h ? ", " : "") << discrete[h];
    }
    out << "}, continuous {";
    for (std::size_t c = 0; c < continuous.size(); ++c)
    {
        out << (c ? ", " : "") << "[" << continuous[c].min << ", " << continuous[c].max << "]";
    }
    out << "}";
    return out.str();
}

TypeId
Policy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::Policy")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddAttribute("AgentName",
                          "Name of the agent in traces and messages (empty: the ns-3 Names "
                          "entry of the policy, else its TypeId name and object number).",
                          StringValue(""),
                          MakeStringAccessor(&Policy::m_agentName),
                          MakeStringChecker())
            .AddTraceSource("NanObservation",
                            "An observation or transition holding a NaN or infinity was "
                            "refused (not given to the policy); gives the agent name and the "
                            "values.",
                            MakeTraceSourceAccessor(&Policy::m_nanObservationTrace),
                            "ns3::sagin::Policy::NanObservationTracedCallback");
    return tid;
}

Policy::Policy()
    : m_objectNumber(g_policyCount++)
{
    NS_LOG_FUNCTION(this);
}

Policy::~Policy()
{
    NS_LOG_FUNCTION(this);
}

void
Policy::DoDispose()
{
    NS_LOG_FUNCTION(this);
    Object::DoDispose();
}

void
Policy::SetSpaces(uint32_t observationSize, const ActionSpace& actionSpace)
{
    NS_LOG_FUNCTION(this << observationSize << actionSpace.ToString());
    const std::string context = GetInstanceTypeId().GetName() + " '" + GetAgentName() + "'";
    if (observationSize == 0)
    {
        throw std::invalid_argument(context + ": observation length 0; an agent must observe "
                                              "at least one value");
    }
    actionSpace.Validate(context);
    DoSetSpaces(observationSize, actionSpace);
    m_observationSize = observationSize;
    m_actionSpace = actionSpace;
    m_hasSpaces = true;
}

uint32_t
Policy::GetObservationSize() const
{
    return m_observationSize;
}

const ActionSpace&
Policy::GetActionSpace() const
{
    return m_actionSpace;
}

bool
Policy::HasSpaces() const
{
    return m_hasSpaces;
}

void
Policy::RequireSpaces(const std::string& method) const
{
    if (!m_hasSpaces)
    {
        throw std::logic_error(GetInstanceTypeId().GetName() + " '" + GetAgentName() +
                               "': " + method +
                               " before SetSpaces(); the decision point must give the "
                               "observation length and action space first");
    }
}

bool
Policy::CheckObservation(const std::vector<double>& observation,
                         const char* what,
                         std::optional<std::size_t> batchRow) const
{
    if (observation.size() != m_observationSize)
    {
        const std::string name =
            batchRow ? "observation " + std::to_string(*batchRow) + " of a batch" : what;
        throw std::invalid_argument(GetInstanceTypeId().GetName() + " '" + GetAgentName() +
                                    "': " + name + " has " + std::to_string(observation.size()) +
                                    " values; expected " + std::to_string(m_observationSize));
    }
    for (double value : observation)
    {
        if (!std::isfinite(value))
        {
            return false;
        }
    }
    return true;
}

void
Policy::RefuseObservation(const std::vector<double>& observation)
{
    ++m_nanObservations;
    NS_LOG_WARN("agent " << GetAgentName() << ": non-finite observation refused ("
                         << m_nanObservations << " so far)");
    m_nanObservationTrace(GetAgentName(), observation);
}

Action
Policy::Decide(const std::vector<double>& observation)
{
    NS_LOG_FUNCTION(this);
    RequireSpaces("Decide()");
    if (!CheckObservation(observation, "the observation"))
    {
        RefuseObservation(observation);
        return GetFallbackAction();
    }
    return DoDecide(observation);
}

std::vector<Action>
Policy::DecideBatch(const std::vector<std::vector<double>>& observations)
{
    NS_LOG_FUNCTION(this << observations.size());
    RequireSpaces("DecideBatch()");
    std::vector<bool> refused(observations.size(), false);
    for (std::size_t i = 0; i < observations.size(); ++i)
    {
        refused[i] = !CheckObservation(observations[i], nullptr, i);
    }
    if (std::find(refused.begin(), refused.end(), true) == refused.end())
    {
        return DoDecideBatch(observations);
    }
    std::vector<std::vector<double>> finite;
    for (std::size_t i = 0; i < observations.size(); ++i)
    {
        if (refused[i])
        {
            RefuseObservation(observations[i]);
        }
        else
        {
            finite.push_back(observations[i]);
        }
    }
    std::vector<Action> decided;
    if (!finite.empty())
    {
        decided = DoDecideBatch(finite);
    }
    std::vector<Action> actions;
    actions.reserve(observations.size());
    std::size_t next = 0;
    for (std::size_t i = 0; i < observations.size(); ++i)
    {
        actions.push_back(refused[i] ? GetFallbackAction() : decided.at(next++));
    }
    return actions;
}

bool
Policy::RecordTransition(const Transition& transition)
{
    NS_LOG_FUNCTION(this);
    RequireSpaces("RecordTransition()");
    const std::string context = GetInstanceTypeId().GetName() + " '" + GetAgentName() + "'";
    const Action& a = transition.action;
    if (a.discrete.size() != m_actionSpace.discrete.size() ||
        a.continuous.size() != m_actionSpace.continuous.size())
    {
        throw std::invalid_argument(
            context + ": the transition's action has " + std::to_string(a.discrete.size()) +
            " discrete and " + std::to_string(a.continuous.size()) +
            " continuous values; the action space is " + m_actionSpace.ToString());
    }
    for (std::size_t h = 0; h < a.discrete.size(); ++h)
    {
        if (a.discrete[h] >= m_actionSpace.discrete[h])
        {
            throw std::invalid_argument(context + ": the transition's action picks choice " +
                                        std::to_string(a.discrete[h]) + " of discrete head " +
                                        std::to_string(h) + ", which has " +
                                        std::to_string(m_actionSpace.discrete[h]));
        }
    }
    bool finite = CheckObservation(transition.observation, "the transition's observation");
    finite =
        CheckObservation(transition.nextObservation, "the transition's next observation") && finite;
    finite = finite && std::isfinite(transition.reward);
    for (double value : a.continuous)
    {
        finite = finite && std::isfinite(value);
    }
    if (!finite)
    {
        std::vector<double> values = transition.observation;
        values.insert(values.end(),
                      transition.nextObservation.begin(),
                      transition.nextObservation.end());
        values.push_back(transition.reward);
        RefuseObservation(values);
        return false;
    }
    DoRecordTransition(transition);
    return true;
}

std::optional<double>
Policy::Update()
{
    NS_LOG_FUNCTION(this);
    RequireSpaces("Update()");
    return DoUpdate();
}

std::vector<float>
Policy::GetParameters() const
{
    return DoGetParameters();
}

void
Policy::SetParameters(const std::vector<float>& parameters)
{
    NS_LOG_FUNCTION(this << parameters.size());
    DoSetParameters(parameters);
}

void
Policy::SaveCheckpoint(const std::string& path) const
{
    NS_LOG_FUNCTION(this << path);
    DoSaveCheckpoint(path);
}

void
Policy::LoadCheckpoint(const std::string& path)
{
    NS_LOG_FUNCTION(this << path);
    DoLoadCheckpoint(path);
}

int64_t
Policy::AssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    return DoAssignStreams(stream);
}

Action
Policy::GetFallbackAction() const
{
    Action action;
    action.discrete.assign(m_actionSpace.discrete.size(), 0);
    for (const ContinuousRange& r : m_actionSpace.continuous)
    {
        action.continuous.push_back(r.min + 0.5 * (r.max - r.min));
    }
    action.fallback = true;
    return action;
}

uint64_t
Policy::GetNanObservationCount() const
{
    return m_nanObservations;
}

std::string
Policy::GetAgentName() const
{
    if (!m_agentName.empty())
    {
        return m_agentName;
    }
    const std::string name = Names::FindName(Ptr<Object>(const_cast<Policy*>(this)));
    if (!name.empty())
    {
        return name;
    }
    return GetInstanceTypeId().GetName() + " #" + std::to_string(m_objectNumber);
}

void
Policy::DoSetSpaces(uint32_t /* observationSize */, const ActionSpace& /* actionSpace */)
{
}

std::vector<Action>
Policy::DoDecideBatch(const std::vector<std::vector<double>>& observations)
{
    std::vector<Action> actions;
    actions.reserve(observations.size());
    for (const auto& observation : observations)
    {
        actions.push_back(DoDecide(observation));
    }
    return actions;
}

void
Policy::DoRecordTransition(const Transition& /* transition */)
{
}

std::optional<double>
Policy::DoUpdate()
{
    return std::nullopt;
}

std::vector<float>
Policy::DoGetParameters() const
{
    return {};
}

void
Policy::DoSetParameters(const std::vector<float>& parameters)
{
    if (!parameters.empty())
    {
        throw std::invalid_argument(GetInstanceTypeId().GetName() + " '" + GetAgentName() +
                                    "' learns no parameters; got " +
                                    std::to_string(parameters.size()));
    }
}

void
Policy::DoSaveCheckpoint(const std::string& path) const
{
    throw std::logic_error(GetInstanceTypeId().GetName() + " '" + GetAgentName() +
                           "' has no learned parameters to save to " + path);
}

void
Policy::DoLoadCheckpoint(const std::string& path)
{
    throw std::logic_error(GetInstanceTypeId().GetName() + " '" + GetAgentName() +
                           "' has no learned parameters to load from " + path);
}

int64_t
Policy::DoAssignStreams(int64_t /* stream */)
{
    return 0;
}

} // namespace sagin
} // namespace ns3
