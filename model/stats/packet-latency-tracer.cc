// SPDX-License-Identifier: GPL-2.0-only

#include "packet-latency-tracer.h"

#include "hop-tag.h"

#include "ns3/ipv4-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"

#include <sstream>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginPacketLatencyTracer");
NS_OBJECT_ENSURE_REGISTERED(PacketLatencyTracer);

TypeId
PacketLatencyTracer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::PacketLatencyTracer")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddConstructor<PacketLatencyTracer>()
            .AddTraceSource("Latency",
                            "A traced packet was delivered (source, destination, times, size, "
                            "path).",
                            MakeTraceSourceAccessor(&PacketLatencyTracer::m_latencyTrace),
                            "ns3::sagin::PacketLatencyTracer::LatencyCallback");
    return tid;
}

PacketLatencyTracer::PacketLatencyTracer()
    : m_runId(0),
      m_records(0)
{
}

void
PacketLatencyTracer::DoDispose()
{
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

void
PacketLatencyTracer::Install(NodeContainer nodes)
{
    for (auto i = nodes.Begin(); i != nodes.End(); ++i)
    {
        Ptr<Ipv4L3Protocol> ipv4 = (*i)->GetObject<Ipv4L3Protocol>();
        NS_ABORT_MSG_IF(!ipv4,
                        "PacketLatencyTracer::Install: node " << (*i)->GetId()
                                                              << " has no IPv4; install the "
                                                                 "Internet stack first");
        const uint32_t id = (*i)->GetId();
        ipv4->TraceConnectWithoutContext("SendOutgoing",
                                         MakeCallback(&PacketLatencyTracer::Sent, this).Bind(id));
        ipv4->TraceConnectWithoutContext(
            "LocalDeliver",
            MakeCallback(&PacketLatencyTracer::Delivered, this).Bind(id));
    }
}

void
PacketLatencyTracer::Sent(uint32_t node, const Ipv4Header&, Ptr<const Packet> packet, uint32_t)
{
    packet->AddByteTag(SendTimeTag(Simulator::Now(), node));
}

void
PacketLatencyTracer::Delivered(uint32_t node,
                               const Ipv4Header& header,
                               Ptr<const Packet> packet,
                               uint32_t)
{
    Record record;
    bool timed = false;
    for (ByteTagIterator i = packet->GetByteTagIterator(); i.HasNext();)
    {
        ByteTagIterator::Item item = i.Next();
        if (item.GetTypeId() == SendTimeTag::GetTypeId())
        {
            SendTimeTag tag;
            item.GetTag(tag);
            record.sent = tag.GetTime();
            record.source = tag.GetNode();
            timed = true;
        }
        else if (item.GetTypeId() == HopTag::GetTypeId())
        {
            HopTag tag;
            item.GetTag(tag);
            record.path.push_back(tag.GetNode());
        }
    }
    if (!timed)
    {
        return; // not from a traced source
    }
    record.destination = node;
    record.from = header.GetSource();
    record.to = header.GetDestination();
    record.protocol = header.GetProtocol();
    record.received = Simulator::Now();
    record.size = packet->GetSize();
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
