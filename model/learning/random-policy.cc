// SPDX-License-Identifier: GPL-2.0-only

#include "random-policy.h"

#include "ns3/log.h"

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginRandomPolicy");

NS_OBJECT_ENSURE_REGISTERED(RandomPolicy);

TypeId
RandomPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::RandomPolicy")
                            .SetParent<Policy>()
                            .SetGroupName("Sagin")
                            .AddConstructor<RandomPolicy>();
    return tid;
}

RandomPolicy::RandomPolicy()
    : m_uniform(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
}

RandomPolicy::~RandomPolicy()
{
    NS_LOG_FUNCTION(this);
}

void
RandomPolicy::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_uniform = nullptr;
    Policy::DoDispose();
}

Action
RandomPolicy::DoDecide(const std::vector<double>& /* observation */)
{
    const ActionSpace& space = GetActionSpace();
    Action action;
    for (uint32_t choices : space.discrete)
    {
        action.discrete.push_back(m_uniform->GetInteger(0, choices - 1));
    }
    for (const ContinuousRange& r : space.continuous)
    {
        action.continuous.push_back(m_uniform->GetValue(r.min, r.max));
    }
    return action;
}

int64_t
RandomPolicy::DoAssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    m_uniform->SetStream(stream);
    return 1;
}

} // namespace sagin
} // namespace ns3
