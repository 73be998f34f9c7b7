// SPDX-License-Identifier: GPL-2.0-only

#include "packet-latency-tracer.h"

#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/log.h"
#include "ns3/node-list.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginPacketLatencyTracer");
NS_OBJECT_ENSURE_REGISTERED(PacketLatencyTracer);

namespace
{
/**
 * Room for a path's node ids made when the packet is sent (one allocation instead of one per
 * doubling): paths across a Starlink-like shell average 22.6 forwarding nodes (sagin-ping
 * --benchmark, doc/sagin.rst), longer ones grow as usual.
 */
constexpr size_t PATH_RESERVE = 32;
} // namespace

TypeId
PacketLatencyTracer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::PacketLatencyTracer")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddConstructor<PacketLatencyTracer>()
            .AddAttribute("InFlightTimeout",
                          "Time (s) after which a traced packet not yet delivered is taken as "
                          "lost and forgotten unrecorded, like FlowMonitor's MaxPerHopDelay.",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&PacketLatencyTracer::m_inFlightTimeout),
                          MakeTimeChecker(Time(0)))
            .AddTraceSource("Latency",
                            "A traced packet was delivered (source, destination, times, size, "
                            "path).",
                            MakeTraceSourceAccessor(&PacketLatencyTracer::m_latencyTrace),
                            "ns3::sagin::PacketLatencyTracer::LatencyTracedCallback");
    return tid;
}

PacketLatencyTracer::PacketLatencyTracer()
    : m_sweepAt(1),
      m_hookPending(false),
      m_runId(0),
      m_records(0)
{
}

void
PacketLatencyTracer::DoDispose()
{
    m_inFlight.clear();
    m_hooked.clear();
    m_rows = nullptr;
    m_store = nullptr;
    Object::DoDispose();
}

void
PacketLatencyTracer::SetRunStore(Ptr<RunStore> store, int64_t runId)
{
    m_store = store;
    m_runId = runId;
    store->CreateTable("packets",
                       "run_id INTEGER, source INTEGER, destination INTEGER, src_ip TEXT, "
                       "dst_ip TEXT, protocol INTEGER, sent_s REAL, received_s REAL, "
                       "latency_s REAL, size_bytes INTEGER, hops INTEGER, path TEXT");
    m_rows = store->Prepare("INSERT INTO packets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
}

uint64_t
PacketLatencyTracer::GetRecordCount() const
{
    return m_records;
}

uint64_t
PacketLatencyTracer::GetInFlightCount() const
{
    return m_inFlight.size();
}

void
PacketLatencyTracer::Install(NodeContainer nodes)
{
    for (auto i = nodes.Begin(); i != nodes.End(); ++i)
    {
        // Ipv4, not Ipv4L3Protocol: Callback::Bind casts the callback to one whose parameters
        // are the bound values' types, so they must be Delivered's exactly (an Ipv4L3Protocol*
        // made it a cast to an unrelated CallbackImpl, which UBSan reports).
        Ptr<Ipv4> ipv4 = (*i)->GetObject<Ipv4>();
        if (!DynamicCast<Ipv4L3Protocol>(ipv4))
        {
            throw std::invalid_argument("PacketLatencyTracer::Install: node " +
                                        std::to_string((*i)->GetId()) +
                                        " has no IPv4; install the Internet stack first");
        }
        const uint32_t id = (*i)->GetId();
        Ipv4* const owner = PeekPointer(ipv4);
        // The traces are Ipv4L3Protocol's, found by name on the object.
        ipv4->TraceConnectWithoutContext("SendOutgoing",
                                         MakeCallback(&PacketLatencyTracer::Sent, this).Bind(id));
        ipv4->TraceConnectWithoutContext(
            "LocalDeliver",
            MakeCallback(&PacketLatencyTracer::Delivered, this).Bind(id, owner));
    }
    if (!m_hookPending)
    {
        // At the start of the simulation every node has its routing, whatever the order of
        // the script's helper calls.
        m_hookPending = true;
        Simulator::ScheduleNow(&PacketLatencyTracer::HookForwarders,
                               Ptr<PacketLatencyTracer>(this));
    }
}

void
PacketLatencyTracer::HookForwarders()
{
    m_hookPending = false;
    for (auto i = NodeList::Begin(); i != NodeList::End(); ++i)
    {
        Ptr<Ipv4> ipv4 = (*i)->GetObject<Ipv4>();
        Ptr<Ipv4RoutingProtocol> routing = ipv4 ? ipv4->GetRoutingProtocol() : nullptr;
        if (!routing)
        {
            continue;
        }
        HookForwarder(routing, (*i)->GetId());
        if (auto list = DynamicCast<Ipv4ListRouting>(routing))
        {
            for (uint32_t k = 0; k < list->GetNRoutingProtocols(); ++k)
            {
                int16_t priority;
                HookForwarder(list->GetRoutingProtocol(k, priority), (*i)->GetId());
            }
        }
    }
}

void
PacketLatencyTracer::HookForwarder(Ptr<Ipv4RoutingProtocol> routing, uint32_t node)
{
    if (!m_hooked.insert(routing).second)
    {
        return; // connected by an earlier Install
    }
    // By name: the stats layer knows no routing class; protocols without it are skipped.
    m_sinks.push_back({this, node});
    const bool hasForward =
        routing->TraceConnectWithoutContext("Forward",
                                            MakeCallback(&ForwardSink::Forwarded, &m_sinks.back()));
    if (!hasForward)
    {
        m_sinks.pop_back();
    }
    NS_LOG_LOGIC("node " << node << " " << routing->GetInstanceTypeId().GetName()
                         << (hasForward ? " hooked" : " has no Forward trace"));
}

uint64_t
PacketLatencyTracer::KeyOf(const Packet& packet, const Ipv4Header& header)
{
    // Uids count packets created in the process (2^48 is beyond any run); the Identification
    // is 16 bits (RFC 791).
    return (packet.GetUid() << 16) | header.GetIdentification();
}

void
PacketLatencyTracer::Sent(uint32_t node,
                          const Ipv4Header& header,
                          Ptr<const Packet> packet,
                          uint32_t)
{
    if (m_inFlight.size() >= m_sweepAt || Simulator::Now() - m_lastSweep >= m_inFlightTimeout)
    {
        ForgetLost();
    }
    InFlight& entry = m_inFlight[KeyOf(*packet, header)];
    entry.sent = Simulator::Now();
    entry.source = node;
    entry.path.clear();
    entry.path.reserve(PATH_RESERVE);
}

void
PacketLatencyTracer::ForgetLost()
{
    const Time now = Simulator::Now();
    for (auto i = m_inFlight.begin(); i != m_inFlight.end();)
    {
        if (now - i->second.sent > m_inFlightTimeout)
        {
            NS_LOG_LOGIC("packet " << i->first << " from node " << i->second.source
                                   << " lost, sent at " << i->second.sent.As(Time::S));
            i = m_inFlight.erase(i);
        }
        else
        {
            ++i;
        }
    }
    // The next sweep once the map has doubled (linear work per doubling: amortised constant
    // per packet) or the timeout has passed again.
    m_sweepAt = std::max<size_t>(1, 2 * m_inFlight.size());
    m_lastSweep = now;
}

void
PacketLatencyTracer::Forwarded(uint32_t node, const Ipv4Header& header, const Packet& packet)
{
    auto i = m_inFlight.find(KeyOf(packet, header));
    // Fragments of one datagram share its key: a node forwarding them counts once.
    if (i != m_inFlight.end() && (i->second.path.empty() || i->second.path.back() != node))
    {
        i->second.path.push_back(node);
    }
}

void
PacketLatencyTracer::Delivered(uint32_t node,
                               Ipv4* ipv4,
                               const Ipv4Header& header,
                               Ptr<const Packet> packet,
                               uint32_t interface)
{
    auto i = m_inFlight.find(KeyOf(*packet, header));
    if (i == m_inFlight.end())
    {
        return; // not from a traced source
    }
    Record record;
    record.source = i->second.source;
    record.sent = i->second.sent;
    record.destination = node;
    record.from = header.GetSource();
    record.to = header.GetDestination();
    record.protocol = header.GetProtocol();
    record.received = Simulator::Now();
    record.size = packet->GetSize();
    // A broadcast or multicast reaches several receivers: each records it.
    bool several = record.to.IsBroadcast() || record.to.IsMulticast();
    for (uint32_t k = 0; !several && k < ipv4->GetNAddresses(interface); ++k)
    {
        several = record.to == ipv4->GetAddress(interface, k).GetBroadcast();
    }
    if (several)
    {
        record.path = i->second.path;
    }
    else
    {
        record.path = std::move(i->second.path);
        m_inFlight.erase(i);
    }
    ++m_records;
    m_latencyTrace(record);
    if (m_rows)
    {
        std::ostringstream from;
        std::ostringstream to;
        std::ostringstream path;
        from << record.from;
        to << record.to;
        for (size_t k = 0; k < record.path.size(); ++k)
        {
            path << (k ? " " : "") << record.path[k];
        }
        m_rows->InsertRow(m_runId,
                          record.source,
                          record.destination,
                          from.str(),
                          to.str(),
                          record.protocol,
                          record.sent.GetSeconds(),
                          record.received.GetSeconds(),
                          (record.received - record.sent).GetSeconds(),
                          record.size,
                          record.path.size(),
                          path.str());
    }
}

} // namespace sagin
} // namespace ns3
