// SPDX-License-Identifier: GPL-2.0-only

#include "sagin-routing-helper.h"

#include "ns3/gsl-net-device.h"
#include "ns3/ipv4-global-routing.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/ipv4-routing-table-entry.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/isl-channel.h"
#include "ns3/sagin-routing.h"

#include <set>
#include <stdexcept>

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

void
SaginRoutingHelper::AnnouncePrefix(Ptr<Node> node, Ipv4Address network, Ipv4Mask mask) const
{
    m_manager->AnnouncePrefix(node, network, mask);
}

uint32_t
SaginRoutingHelper::AnnouncePrefixes(Ptr<Node> node) const
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    auto list = ipv4 ? DynamicCast<Ipv4ListRouting>(ipv4->GetRoutingProtocol()) : nullptr;
    if (!list)
    {
        throw std::invalid_argument(
            "SaginRoutingHelper::AnnouncePrefixes: node " + std::to_string(node->GetId()) +
            " has no Ipv4ListRouting; install its Internet stack with an Ipv4ListRoutingHelper "
            "holding this helper and static or global routing");
    }
    // A route towards the LAN leaves by a device that is neither the SAGIN's nor the loopback.
    auto lanRoute = [&ipv4](const Ipv4RoutingTableEntry& route) {
        Ptr<NetDevice> device = ipv4->GetNetDevice(route.GetInterface());
        return !route.IsDefault() && route.GetDestNetworkMask().GetPrefixLength() > 0 &&
               route.GetInterface() != 0 && !DynamicCast<GslNetDevice>(device) &&
               !DynamicCast<IslChannel>(device->GetChannel());
    };
    std::set<std::pair<uint32_t, uint32_t>> announced; // network, mask
    for (uint32_t i = 0; i < list->GetNRoutingProtocols(); ++i)
    {
        int16_t priority;
        Ptr<Ipv4RoutingProtocol> protocol = list->GetRoutingProtocol(i, priority);
        std::vector<Ipv4RoutingTableEntry> routes;
        if (auto staticRouting = DynamicCast<Ipv4StaticRouting>(protocol))
        {
            for (uint32_t r = 0; r < staticRouting->GetNRoutes(); ++r)
            {
                routes.push_back(staticRouting->GetRoute(r));
            }
        }
        else if (auto global = DynamicCast<Ipv4GlobalRouting>(protocol))
        {
            for (uint32_t r = 0; r < global->GetNRoutes(); ++r)
            {
                routes.push_back(*global->GetRoute(r));
            }
        }
        for (const Ipv4RoutingTableEntry& route : routes)
        {
            if (lanRoute(route))
            {
                m_manager->AnnouncePrefix(node, route.GetDestNetwork(), route.GetDestNetworkMask());
                announced.emplace(route.GetDestNetwork().Get(), route.GetDestNetworkMask().Get());
            }
        }
    }
    return announced.size();
}

Ptr<SaginRoutingManager>
SaginRoutingHelper::GetManager() const
{
    return m_manager;
}

} // namespace sagin
} // namespace ns3
