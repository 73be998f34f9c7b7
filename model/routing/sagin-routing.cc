// SPDX-License-Identifier: GPL-2.0-only

#include "sagin-routing.h"

#include "ns3/hop-tag.h"
#include "ns3/ipv4-route.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/output-stream-wrapper.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginRouting");
NS_OBJECT_ENSURE_REGISTERED(SaginRouting);

TypeId
SaginRouting::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::SaginRouting")
                            .SetParent<Ipv4RoutingProtocol>()
                            .SetGroupName("Sagin")
                            .AddConstructor<SaginRouting>()
                            .AddTraceSource("NoRoute",
                                            "A packet was dropped: no route to its destination.",
                                            MakeTraceSourceAccessor(&SaginRouting::m_noRouteTrace),
                                            "ns3::sagin::SaginRouting::NoRouteCallback");
    return tid;
}

SaginRouting::SaginRouting() = default;

void
SaginRouting::DoDispose()
{
    m_ipv4 = nullptr;
    m_manager = nullptr;
    Ipv4RoutingProtocol::DoDispose();
}

void
SaginRouting::SetManager(Ptr<SaginRoutingManager> manager)
{
    m_manager = manager;
}

void
SaginRouting::SetIpv4(Ptr<Ipv4> ipv4)
{
    m_ipv4 = ipv4;
    InterfacesChanged();
}

Ptr<Ipv4Route>
SaginRouting::Lookup(Ipv4Address destination)
{
    Ptr<Node> node = m_ipv4->GetObject<Node>();
    SaginRoutingManager::NextHop hop = m_manager->Lookup(node, destination);
    if (hop.outputInterface >= 0 && !m_manager->IsUsable(hop))
    {
        // The topology moved since the last computation: never use a link that is gone.
        m_manager->Recompute();
        hop = m_manager->Lookup(node, destination);
    }
    if (hop.outputInterface < 0)
    {
        return nullptr;
    }
    auto route = Create<Ipv4Route>();
    route->SetDestination(destination);
    route->SetGateway(hop.gateway);
    route->SetOutputDevice(m_ipv4->GetNetDevice(hop.outputInterface));
    route->SetSource(m_ipv4->GetAddress(hop.outputInterface, 0).GetLocal());
    return route;
}

Ptr<Ipv4Route>
SaginRouting::RouteOutput(Ptr<Packet> p,
                          const Ipv4Header& header,
                          Ptr<NetDevice> oif,
                          Socket::SocketErrno& sockerr)
{
    NS_LOG_FUNCTION(this << header.GetDestination() << oif);
    Ptr<Ipv4Route> route = Lookup(header.GetDestination());
    if (!route || (oif && route->GetOutputDevice() != oif))
    {
        sockerr = Socket::ERROR_NOROUTETOHOST;
        if (p)
        {
            m_noRouteTrace(p, header.GetDestination());
        }
        return nullptr;
    }
    sockerr = Socket::ERROR_NOTERROR;
    return route;
}

bool
SaginRouting::RouteInput(Ptr<const Packet> p,
                         const Ipv4Header& header,
                         Ptr<const NetDevice> idev,
                         UnicastForwardCallback ucb,
                         MulticastForwardCallback,
                         LocalDeliverCallback lcb,
                         ErrorCallback ecb)
{
    NS_LOG_FUNCTION(this << header.GetDestination() << idev);
    const Ipv4Address destination = header.GetDestination();
    // Most packets are forwarded: only those that may be for this node take Ipv4's slower
    // check of every interface's addresses.
    if (MayBeLocal(destination))
    {
        const uint32_t iif = m_ipv4->GetInterfaceForDevice(idev);
        if (m_ipv4->IsDestinationAddress(destination, iif))
        {
            lcb(p, header, iif);
            return true;
        }
        if (destination.IsBroadcast() || destination.IsMulticast())
        {
            return false; // nothing to forward: this routing is unicast only
        }
    }
    Ptr<Ipv4Route> route = Lookup(header.GetDestination());
    if (!route)
    {
        m_noRouteTrace(p, header.GetDestination());
        ecb(p, header, Socket::ERROR_NOROUTETOHOST);
        return true;
    }
    // Record the hop for PacketLatencyTracer (byte tags may be added to a const packet).
    p->AddByteTag(HopTag(m_ipv4->GetObject<Node>()->GetId()));
    ucb(route, p, header);
    return true;
}

bool
SaginRouting::MayBeLocal(Ipv4Address destination)
{
    if (m_localAddresses.empty())
    {
        for (uint32_t i = 0; i < m_ipv4->GetNInterfaces(); ++i)
        {
            for (uint32_t j = 0; j < m_ipv4->GetNAddresses(i); ++j)
            {
                const Ipv4InterfaceAddress address = m_ipv4->GetAddress(i, j);
                m_localAddresses.insert(address.GetLocal().Get());
                m_localAddresses.insert(address.GetBroadcast().Get());
            }
        }
    }
    return destination.IsBroadcast() || destination.IsMulticast() ||
           m_localAddresses.count(destination.Get()) > 0;
}

void
SaginRouting::InterfacesChanged()
{
    m_localAddresses.clear();
    if (m_manager)
    {
        m_manager->NotifyInterfacesChanged();
    }
}

void
SaginRouting::NotifyInterfaceUp(uint32_t)
{
    InterfacesChanged();
}

void
SaginRouting::NotifyInterfaceDown(uint32_t)
{
    InterfacesChanged();
}

void
SaginRouting::NotifyAddAddress(uint32_t, Ipv4InterfaceAddress)
{
    InterfacesChanged();
}

void
SaginRouting::NotifyRemoveAddress(uint32_t, Ipv4InterfaceAddress)
{
    InterfacesChanged();
}

void
SaginRouting::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const
{
    *stream->GetStream() << "Node " << m_ipv4->GetObject<Node>()->GetId() << ", time "
                         << Simulator::Now().As(unit)
                         << ": SaginRouting forwards by the SaginRoutingManager's shortest-path "
                            "trees (one per destination)\n";
}

} // namespace sagin
} // namespace ns3
