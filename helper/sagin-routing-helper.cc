// SPDX-License-Identifier: GPL-2.0-only

#include "sagin-routing-helper.h"

#include "ns3/sagin-routing.h"

namespace ns3
{
namespace sagin
{

SaginRoutingHelper::SaginRoutingHelper()
    : m_manager(CreateObject<SaginRoutingManager>())
{
}

SaginRoutingHelper*
SaginRoutingHelper::Copy() const
{
    return new SaginRoutingHelper(*this);
}

Ptr<Ipv4RoutingProtocol>
SaginRoutingHelper::Create(Ptr<Node> node) const
{
    auto routing = CreateObject<SaginRouting>();
    routing->SetManager(m_manager);
    m_manager->AddNode(node);
    return routing;
}

void
SaginRoutingHelper::SetManagerAttribute(const std::string& name, const AttributeValue& value)
{
    m_manager->SetAttribute(name, value);
}

Ptr<SaginRoutingManager>
SaginRoutingHelper::GetManager() const
{
    return m_manager;
}

} // namespace sagin
} // namespace ns3
