// SPDX-License-Identifier: GPL-2.0-only
#include "drop-summary.h"

#include "ns3/arp-l3-protocol.h"
#include "ns3/gsl-net-device.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/queue-disc.h"
#include "ns3/sagin-routing.h"
#include "ns3/traffic-control-layer.h"

#include <algorithm>
#include <sstream>
#include <vector>

namespace ns3
{
namespace sagin
{

namespace
{
using Counts = std::map<std::string, uint64_t>;

/**
 * Count one drop under a fixed name, for the traces whose signature is
 * ns3::Packet::TracedCallback.
 * \param object the object with the trace
 * \param trace the trace's name
 * \param name the reason counted
 * \param counts the counts
 */
void
CountPacketTrace(Ptr<Object> object,
                 const std::string& trace,
                 const std::string& name,
                 const std::shared_ptr<Counts>& counts)
{
    TypeId::TraceSourceInformation info;
    if (!object->GetInstanceTypeId().LookupTraceSourceByName(trace, &info) ||
        info.callback != "ns3::Packet::TracedCallback")
    {
        return; // the device has no such trace, or one of another signature
    }
    object->TraceConnectWithoutContext(
        trace,
        Callback<void, Ptr<const Packet>>(
            [counts, name](Ptr<const Packet>) { ++(*counts)[name]; }));
}

} // namespace

DropSummary::DropSummary()
    : m_counts(std::make_shared<Counts>())
{
}

void
DropSummary::Install(const NodeContainer& nodes)
{
    const std::shared_ptr<Counts> counts = m_counts;
    for (auto node = nodes.Begin(); node != nodes.End(); ++node)
    {
        Ptr<TrafficControlLayer> tc = (*node)->GetObject<TrafficControlLayer>();
        for (uint32_t d = 0; d < (*node)->GetNDevices(); ++d)
        {
            Ptr<NetDevice> device = (*node)->GetDevice(d);
            if (auto gsl = DynamicCast<GslNetDevice>(device))
            {
                gsl->TraceConnectWithoutContext(
                    "Drop",
                    Callback<void, Ptr<const Packet>, const std::string&>(
                        [counts](Ptr<const Packet>, const std::string& reason) {
                            ++(*counts)["GSL " + reason];
                        }));
            }
            else
            {
                CountPacketTrace(device, "MacTxDrop", "device queue", counts);
                CountPacketTrace(device, "PhyTxDrop", "PHY tx", counts);
                CountPacketTrace(device, "PhyRxDrop", "PHY rx", counts);
            }
            Ptr<QueueDisc> root = tc ? tc->GetRootQueueDiscOnDevice(device) : nullptr;
            if (root)
            {
                root->TraceConnectWithoutContext(
                    "Drop",
                    Callback<void, Ptr<const QueueDiscItem>>(
                        [counts](Ptr<const QueueDiscItem>) { ++(*counts)["queue disc"]; }));
            }
        }
        if (Ptr<ArpL3Protocol> arp = (*node)->GetObject<ArpL3Protocol>())
        {
            // A packet waiting for an ARP reply is dropped when the pending queue is full.
            CountPacketTrace(arp, "Drop", "ARP queue", counts);
        }
        Ptr<Ipv4L3Protocol> ipv4 = (*node)->GetObject<Ipv4L3Protocol>();
        if (!ipv4)
        {
            continue;
        }
        ipv4->TraceConnectWithoutContext(
            "Drop",
            Callback<void,
                     const Ipv4Header&,
                     Ptr<const Packet>,
                     Ipv4L3Protocol::DropReason,
                     Ptr<Ipv4>,
                     uint32_t>([counts](const Ipv4Header&,
                                        Ptr<const Packet>,
                                        Ipv4L3Protocol::DropReason reason,
                                        Ptr<Ipv4>,
                                        uint32_t) { ++(*counts)[GetIpv4DropName(reason)]; }));
        if (Ptr<SaginRouting> routing = SaginRouting::Find(*node))
        {
            routing->TraceConnectWithoutContext(
                "NoRoute",
                Callback<void, Ptr<const Packet>, Ipv4Address>(
                    [counts](Ptr<const Packet>, Ipv4Address) { ++(*counts)["NoRoute"]; }));
        }
    }
}

std::string
DropSummary::GetIpv4DropName(Ipv4L3Protocol::DropReason reason)
{
    switch (reason)
    {
    case Ipv4L3Protocol::DROP_TTL_EXPIRED:
        return "TTL expired";
    case Ipv4L3Protocol::DROP_NO_ROUTE:
        return "IPv4 no route";
    case Ipv4L3Protocol::DROP_BAD_CHECKSUM:
        return "bad checksum";
    case Ipv4L3Protocol::DROP_INTERFACE_DOWN:
        return "interface down";
    case Ipv4L3Protocol::DROP_ROUTE_ERROR:
        return "route error";
    case Ipv4L3Protocol::DROP_FRAGMENT_TIMEOUT:
        return "fragment timeout";
    case Ipv4L3Protocol::DROP_DUPLICATE:
        return "duplicate";
    }
    return "IPv4 drop " + std::to_string(reason);
}

const std::map<std::string, uint64_t>&
DropSummary::GetCounts() const
{
    return *m_counts;
}

uint64_t
DropSummary::GetTotal() const
{
    uint64_t total = 0;
    for (const auto& [reason, count] : *m_counts)
    {
        total += count;
    }
    return total;
}

std::string
DropSummary::Format() const
{
    std::vector<std::pair<std::string, uint64_t>> rows(m_counts->begin(), m_counts->end());
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
        return a.second > b.second;
    });
    std::ostringstream text;
    for (const auto& [reason, count] : rows)
    {
        text << (text.tellp() > 0 ? ", " : "") << reason << " " << count;
    }
    return text.str();
}

} // namespace sagin
} // namespace ns3
