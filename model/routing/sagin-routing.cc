// SPDX-License-Identifier: GPL-2.0-only

#include "sagin-routing.h"

#include "ns3/arp-cache.h"
#include "ns3/boolean.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/ipv4-queue-disc-item.h"
#include "ns3/ipv4-route.h"
#include "ns3/log.h"
#include "ns3/loopback-net-device.h"
#include "ns3/net-device-queue-interface.h"
#include "ns3/node.h"
#include "ns3/output-stream-wrapper.h"
#include "ns3/queue-disc.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/traffic-control-layer.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginRouting");
NS_OBJECT_ENSURE_REGISTERED(SaginRouting);

TypeId
SaginRouting::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::SaginRouting")
            .SetParent<Ipv4RoutingProtocol>()
            .SetGroupName("Sagin")
            .AddConstructor<SaginRouting>()
            .AddAttribute(
                "FastForwarding",
                "Forward packets in transit straight from the receiving device to traffic "
                "control and the next hop's device (TTL and queue discs as in the stack, "
                "Forward trace fired), skipping Ipv4L3Protocol's receive, forward and send "
                "path and its Rx/Tx/UnicastForward traces on this node. Turning it on takes "
                "effect for interfaces that come up afterwards (set it before addresses are "
                "assigned); turning it off takes effect at once.",
                BooleanValue(true),
                MakeBooleanAccessor(&SaginRouting::m_fastForwarding),
                MakeBooleanChecker())
            .AddAttribute(
                "DefaultTtl",
                "TTL given to the node's Ipv4L3Protocol (its DefaultTtl, which ns-3 sets to "
                "64) when this protocol is installed: paths through dense shells are longer "
                "than 64 hops (a 120x100 shell: 70 and more between Luanda and Tokyo). 0 "
                "leaves the node's DefaultTtl as it is.",
                UintegerValue(255),
                MakeUintegerAccessor(&SaginRouting::m_defaultTtl),
                MakeUintegerChecker<uint8_t>())
            .AddTraceSource("NoRoute",
                            "A packet was dropped: no route to its destination.",
                            MakeTraceSourceAccessor(&SaginRouting::m_noRouteTrace),
                            "ns3::sagin::SaginRouting::NoRouteTracedCallback")
            .AddTraceSource("Forward",
                            "This node forwards a packet in transit (fast path or the "
                            "stack's): its IPv4 header as received, the packet without it, "
                            "the input interface.",
                            MakeTraceSourceAccessor(&SaginRouting::m_forwardTrace),
                            "ns3::sagin::SaginRouting::ForwardTracedCallback");
    return tid;
}

SaginRouting::SaginRouting()
    : m_fastForwarding(true),
      m_defaultTtl(255),
      m_checksums(Node::ChecksumEnabled())
{
}

void
SaginRouting::DoDispose()
{
    m_hooked.clear();
    m_up.clear();
    m_egress.clear();
    m_tc = nullptr;
    m_node = nullptr;
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
    m_node = ipv4->GetObject<Node>();
    if (m_defaultTtl > 0)
    {
        ipv4->SetAttribute("DefaultTtl", UintegerValue(m_defaultTtl));
    }
    InterfacesChanged();
}

SaginRoutingManager::NextHop
SaginRouting::NextHopTo(Ipv4Address destination)
{
    SaginRoutingManager::NextHop hop = m_manager->Lookup(m_node, destination);
    if (hop.outputInterface >= 0 && !m_manager->IsUsable(hop))
    {
        // The topology moved since the last computation: never use a link that is gone.
        m_manager->Recompute();
        hop = m_manager->Lookup(m_node, destination);
    }
    return hop;
}

Ptr<Ipv4Route>
SaginRouting::Lookup(Ipv4Address destination, bool& known)
{
    const SaginRoutingManager::NextHop hop = NextHopTo(destination);
    known = hop.known;
    if (hop.outputInterface < 0)
    {
        return nullptr;
    }
    KnowNeighbour(hop);
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
    bool known = false;
    Ptr<Ipv4Route> route = Lookup(header.GetDestination(), known);
    if (!route || (oif && route->GetOutputDevice() != oif))
    {
        sockerr = Socket::ERROR_NOROUTETOHOST;
        if (p && known) // an unknown destination may be another protocol's (Ipv4ListRouting)
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
                         RouteInputCallback<UnicastForwardCallback> ucb,
                         RouteInputCallback<MulticastForwardCallback>,
                         RouteInputCallback<LocalDeliverCallback> lcb,
                         RouteInputCallback<ErrorCallback> ecb)
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
    bool known = false;
    Ptr<Ipv4Route> route = Lookup(header.GetDestination(), known);
    if (!route && !known)
    {
        return false; // not the SAGIN's: the next protocol of an Ipv4ListRouting may know it
    }
    if (!route)
    {
        m_noRouteTrace(p, header.GetDestination());
        ecb(p, header, Socket::ERROR_NOROUTETOHOST);
        return true;
    }
    if (!m_forwardTrace.IsEmpty())
    {
        m_forwardTrace(header, p, m_ipv4->GetInterfaceForDevice(idev));
    }
    ucb(route, p, header);
    return true;
}

void
SaginRouting::HookDevices()
{
    if (!m_fastForwarding || !m_ipv4)
    {
        return;
    }
    for (uint32_t i = 0; i < m_ipv4->GetNInterfaces(); ++i)
    {
        Ptr<NetDevice> device = m_ipv4->GetNetDevice(i);
        if (DynamicCast<LoopbackNetDevice>(device) ||
            std::find(m_hooked.begin(), m_hooked.end(), device) != m_hooked.end())
        {
            continue;
        }
        // Replaces the node's callback (Node::AddDevice set it); what is not forwarded here
        // goes to traffic control, the Internet stack's handler on the node.
        device->SetReceiveCallback(MakeCallback(&SaginRouting::ReceiveFromDevice, this).Bind(i));
        m_hooked.push_back(device);
    }
}

bool
SaginRouting::ReceiveFromDevice(uint32_t interface,
                                Ptr<NetDevice> device,
                                Ptr<const Packet> packet,
                                uint16_t protocol,
                                const Address& from)
{
    if (m_fastForwarding && protocol == Ipv4L3Protocol::PROT_NUMBER &&
        FastForward(interface, packet))
    {
        return true;
    }
    // What Node::ReceiveFromDevice does for the Internet stack's protocols.
    TrafficControl()
        ->Receive(device, packet, protocol, from, device->GetAddress(), NetDevice::PACKET_HOST);
    return true;
}

Ptr<TrafficControlLayer>
SaginRouting::TrafficControl()
{
    if (!m_tc)
    {
        m_tc = m_node->GetObject<TrafficControlLayer>();
        if (!m_tc)
        {
            throw std::invalid_argument("SaginRouting: node " + std::to_string(m_node->GetId()) +
                                        " has no TrafficControlLayer; install the Internet "
                                        "stack with InternetStackHelper");
        }
    }
    return m_tc;
}

bool
SaginRouting::FastForward(uint32_t interface, Ptr<const Packet> packet)
{
    if (m_checksums || !IsUp(interface))
    {
        return false; // the stack checks checksums and drops on a down interface
    }
    // Ipv4L3Protocol::IpForward's work on a copy: the header read once, TTL - 1.
    Ptr<Packet> forwarded = packet->Copy();
    Ipv4Header header;
    forwarded->RemoveHeader(header);
    const Ipv4Address destination = header.GetDestination();
    if (header.GetTtl() <= 1 || MayBeLocal(destination))
    {
        return false; // Time Exceeded, local delivery, broadcast: the stack's business
    }
    const SaginRoutingManager::NextHop hop = NextHopTo(destination);
    if (hop.outputInterface < 0 || !hop.device || !hop.peer || !IsUp(hop.outputInterface) ||
        packet->GetSize() > hop.device->GetMtu())
    {
        return false; // NoRoute, a down interface or fragmentation: the stack handles it
    }
    m_forwardTrace(header, forwarded, interface); // as received, before the TTL is taken
    header.SetTtl(header.GetTtl() - 1);
    // Ipv4Interface::Send's addressing: the neighbour's own address where the device resolves
    // addresses (the routing state knows the device, so no ARP), its broadcast otherwise.
    const Egress& egress = EgressOf(hop.device);
    const Address to = egress.needsArp ? hop.peer->GetAddress() : egress.broadcast;
    SocketPriorityTag priorityTag; // IpForward replaces any priority with the TOS's
    forwarded->RemovePacketTag(priorityTag);
    if (egress.direct && !(egress.txQueue && egress.txQueue->IsStopped()))
    {
        // What traffic control does for a single-queue device without a queue disc (and it
        // would drop the priority tag again): hand the packet to the device.
        forwarded->AddHeader(header);
        hop.device->Send(forwarded, to, Ipv4L3Protocol::PROT_NUMBER);
        return true;
    }
    if (const uint8_t priority = Socket::IpTos2Priority(header.GetTos()))
    {
        priorityTag.SetPriority(priority);
        forwarded->AddPacketTag(priorityTag);
    }
    TrafficControl()->Send(
        hop.device,
        Create<Ipv4QueueDiscItem>(forwarded, to, Ipv4L3Protocol::PROT_NUMBER, header));
    return true;
}

Ptr<SaginRouting>
SaginRouting::Find(Ptr<Node> node)
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    Ptr<Ipv4RoutingProtocol> routing = ipv4 ? ipv4->GetRoutingProtocol() : nullptr;
    if (auto list = DynamicCast<Ipv4ListRouting>(routing))
    {
        for (uint32_t i = 0; i < list->GetNRoutingProtocols(); ++i)
        {
            int16_t priority = 0;
            if (auto sagin = DynamicCast<SaginRouting>(list->GetRoutingProtocol(i, priority)))
            {
                return sagin;
            }
        }
    }
    return DynamicCast<SaginRouting>(routing);
}

void
SaginRouting::KnowNeighbour(const SaginRoutingManager::NextHop& hop)
{
    if (!hop.peer || !EgressOf(hop.device).needsArp)
    {
        return;
    }
    // The routing state knows which device answers for the gateway. Left to ARP, every
    // handover to a new satellite would hold packets for a request and its reply and drop
    // those beyond ArpCache::PendingQueueSize. A device's addresses never change, so the
    // entry is permanent.
    Ptr<ArpCache> cache =
        m_ipv4->GetObject<Ipv4L3Protocol>()->GetInterface(hop.outputInterface)->GetArpCache();
    if (cache && !cache->Lookup(hop.gateway))
    {
        ArpCache::Entry* entry = cache->Add(hop.gateway);
        entry->SetMacAddress(hop.peer->GetAddress());
        entry->MarkPermanent();
    }
}

const SaginRouting::Egress&
SaginRouting::EgressOf(NetDevice* device)
{
    const uint32_t index = device->GetIfIndex();
    if (index >= m_egress.size())
    {
        m_egress.resize(index + 1);
    }
    Egress& egress = m_egress[index];
    if (!egress.known)
    {
        // Traffic control is configured before the simulation runs, when this is first asked.
        auto queues = device->GetObject<NetDeviceQueueInterface>();
        egress.known = true;
        egress.direct = !TrafficControl()->GetRootQueueDiscOnDevice(Ptr<NetDevice>(device)) &&
                        (!queues || queues->GetNTxQueues() == 1);
        egress.txQueue = queues ? queues->GetTxQueue(0) : nullptr;
        egress.needsArp = device->NeedsArp();
        egress.broadcast = device->GetBroadcast(); // built from a string on every call
    }
    return egress;
}

bool
SaginRouting::IsUp(uint32_t interface)
{
    // Kept from NotifyInterfaceUp/Down: asking Ipv4 touches two more objects per packet.
    if (interface >= m_up.size())
    {
        m_up.resize(interface + 1, UNKNOWN);
    }
    if (m_up[interface] == UNKNOWN)
    {
        m_up[interface] = m_ipv4->IsUp(interface) ? UP : DOWN;
    }
    return m_up[interface] == UP;
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
                m_localAddresses.push_back(address.GetLocal().Get());
                m_localAddresses.push_back(address.GetBroadcast().Get());
            }
        }
    }
    // A handful of addresses per node: a scan of one small array beats hashing.
    return destination.IsBroadcast() || destination.IsMulticast() ||
           std::find(m_localAddresses.begin(), m_localAddresses.end(), destination.Get()) !=
               m_localAddresses.end();
}

void
SaginRouting::InterfacesChanged()
{
    m_localAddresses.clear();
    m_up.clear();
    if (m_manager)
    {
        m_manager->NotifyInterfacesChanged();
    }
}

void
SaginRouting::NotifyInterfaceUp(uint32_t)
{
    InterfacesChanged();
    HookDevices();
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
