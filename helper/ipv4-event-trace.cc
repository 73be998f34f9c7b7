// SPDX-License-Identifier: GPL-2.0-only
#include "ipv4-event-trace.h"

#include "drop-summary.h"

#include "ns3/ipv4-l3-protocol.h"
#include "ns3/sagin-routing.h"
#include "ns3/simulator.h"

#include <fstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

struct Ipv4EventTrace::Output
{
    std::string path;      //!< the file
    std::ofstream stream;  //!< its stream
    std::size_t events{0}; //!< lines written

    /**
     * Write one line.
     * \param node where
     * \param event what
     * \param header the datagram's IPv4 header
     * \param packet its payload
     */
    void Write(uint32_t node,
               const std::string& event,
               const Ipv4Header& header,
               Ptr<const Packet> packet)
    {
        stream << Simulator::Now().GetNanoSeconds() << '\t' << node << '\t' << event << '\t'
               << header.GetSource() << '\t' << header.GetDestination() << '\t'
               << header.GetIdentification() << '\t' << packet->GetSize() << '\n';
        ++events;
    }

    /**
     * Write a NoRoute line (no header yet: source and Identification "-").
     * \param node where
     * \param packet the packet
     * \param destination its destination
     */
    void WriteNoRoute(uint32_t node, Ptr<const Packet> packet, Ipv4Address destination)
    {
        stream << Simulator::Now().GetNanoSeconds() << '\t' << node << "\tNoRoute\t-\t"
               << destination << "\t-\t" << packet->GetSize() << '\n';
        ++events;
    }
};

Ipv4EventTrace::Ipv4EventTrace(const std::string& path)
    : m_output(std::make_shared<Output>())
{
    m_output->path = path;
    m_output->stream.open(path);
    if (!m_output->stream)
    {
        throw std::invalid_argument("Ipv4EventTrace: cannot write '" + path +
                                    "': choose a file in an existing, writable directory");
    }
}

void
Ipv4EventTrace::Install(const NodeContainer& nodes)
{
    using Ipv4Event = Callback<void, const Ipv4Header&, Ptr<const Packet>, uint32_t>;
    const std::shared_ptr<Output> output = m_output;
    for (auto i = nodes.Begin(); i != nodes.End(); ++i)
    {
        Ptr<Node> node = *i;
        Ptr<Ipv4L3Protocol> ipv4 = node->GetObject<Ipv4L3Protocol>();
        if (!ipv4)
        {
            throw std::invalid_argument("Ipv4EventTrace: node " + std::to_string(node->GetId()) +
                                        " has no IPv4 stack; install the Internet stack "
                                        "(InternetStackHelper) before the trace");
        }
        const uint32_t id = node->GetId();
        const auto record = [output, id](std::string event) {
            return Ipv4Event(
                [output, id, event](const Ipv4Header& header, Ptr<const Packet> packet, uint32_t) {
                    output->Write(id, event, header, packet);
                });
        };
        ipv4->TraceConnectWithoutContext("SendOutgoing", record("SendOutgoing"));
        ipv4->TraceConnectWithoutContext("LocalDeliver", record("LocalDeliver"));
        ipv4->TraceConnectWithoutContext(
            "Drop",
            Callback<void,
                     const Ipv4Header&,
                     Ptr<const Packet>,
                     Ipv4L3Protocol::DropReason,
                     Ptr<Ipv4>,
                     uint32_t>([output, id](const Ipv4Header& header,
                                            Ptr<const Packet> packet,
                                            Ipv4L3Protocol::DropReason reason,
                                            Ptr<Ipv4>,
                                            uint32_t) {
                output->Write(id,
                              "Drop (" + DropSummary::GetIpv4DropName(reason) + ")",
                              header,
                              packet);
            }));
        // SaginRouting forwards on its fast path past Ipv4L3Protocol's traces, and fires its
        // own Forward on both paths: one of the two sources, never both.
        if (Ptr<SaginRouting> routing = SaginRouting::Find(node))
        {
            routing->TraceConnectWithoutContext("Forward", record("Forward"));
            routing->TraceConnectWithoutContext(
                "NoRoute",
                Callback<void, Ptr<const Packet>, Ipv4Address>(
                    [output, id](Ptr<const Packet> packet, Ipv4Address destination) {
                        output->WriteNoRoute(id, packet, destination);
                    }));
        }
        else
        {
            ipv4->TraceConnectWithoutContext("UnicastForward", record("Forward"));
        }
    }
}

std::size_t
Ipv4EventTrace::Flush()
{
    m_output->stream.flush();
    if (!m_output->stream)
    {
        throw std::runtime_error("Ipv4EventTrace: writing '" + m_output->path +
                                 "' failed (is the disk full?)");
    }
    return m_output->events;
}

} // namespace sagin
} // namespace ns3
