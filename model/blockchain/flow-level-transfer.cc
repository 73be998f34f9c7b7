// SPDX-License-Identifier: GPL-2.0-only

#include "flow-level-transfer.h"

#include "ns3/data-rate.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/node-list.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-channel.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/socket.h"

#include <algorithm>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

namespace
{
/** IPv4's protocol number of TCP (RFC 790) */
constexpr uint8_t TCP_PROTOCOL = 6;

/**
 * \param node a node
 * \param to an address
 * \return a description of a hop's failure, naming the node and the destination
 */
std::string
HopText(Ptr<Node> node, Ipv4Address to)
{
    std::ostringstream text;
    text << "FindFlowPath: on the way to " << to << ", node " << node->GetId();
    return text.str();
}
} // namespace

FlowPath
FindFlowPath(Ptr<Node> from, Ipv4Address to, uint32_t segmentWireBytes)
{
    FlowPath path;
    path.rate = std::numeric_limits<double>::infinity(); // no hop: nothing limits it
    Ptr<Node> node = from;
    // A path visits each node at most once.
    for (uint32_t visited = 0; visited <= NodeList::GetNNodes(); ++visited)
    {
        Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
        if (!ipv4)
        {
            throw std::invalid_argument(HopText(node, to) + " has no IPv4 stack");
        }
        if (ipv4->GetInterfaceForAddress(to) >= 0)
        {
            return path;
        }
        Ipv4Header header;
        header.SetDestination(to);
        header.SetProtocol(TCP_PROTOCOL);
        Socket::SocketErrno error;
        Ptr<Ipv4Route> route =
            ipv4->GetRoutingProtocol()->RouteOutput(Create<Packet>(), header, nullptr, error);
        if (!route)
        {
            throw std::invalid_argument(HopText(node, to) + " has no route");
        }
        auto device = DynamicCast<PointToPointNetDevice>(route->GetOutputDevice());
        auto channel = device ? DynamicCast<PointToPointChannel>(device->GetChannel()) : nullptr;
        if (!channel || channel->GetNDevices() != 2)
        {
            throw std::invalid_argument(
                HopText(node, to) + " sends by a " +
                route->GetOutputDevice()->GetInstanceTypeId().GetName() +
                ", not a point-to-point link: flow-level transfers need a fixed rate and "
                "delay per hop (send this message type at packet level)");
        }
        DataRateValue rate;
        device->GetAttribute("DataRate", rate);
        TimeValue delay;
        channel->GetAttribute("Delay", delay);
        const double bitRate = static_cast<double>(rate.Get().GetBitRate());
        path.rate = std::min(path.rate, bitRate);
        path.propagation += delay.Get().GetSeconds();
        path.segmentStoreForward += segmentWireBytes * 8.0 / bitRate;
        ++path.hops;
        Ptr<NetDevice> other =
            channel->GetDevice(0) == device ? channel->GetDevice(1) : channel->GetDevice(0);
        node = other->GetNode();
    }
    throw std::invalid_argument(HopText(node, to) + ": the route loops");
}

TcpFlowModel::TcpFlowModel(uint32_t segmentSize,
                           uint32_t headerBytes,
                           uint32_t initialCwnd,
                           uint32_t windowLimit)
    : m_segmentSize(segmentSize),
      m_headerBytes(headerBytes),
      m_windowLimit(windowLimit),
      m_cwnd(std::max<uint32_t>(initialCwnd, 1))
{
    if (segmentSize == 0)
    {
        throw std::invalid_argument("TcpFlowModel: the segment size must be at least 1 byte");
    }
}

Time
TcpFlowModel::Transfer(uint64_t bytes, const FlowPath& path)
{
    if (bytes == 0)
    {
        return Seconds(0);
    }
    const uint64_t segments = (bytes + m_segmentSize - 1) / m_segmentSize;
    const double perSegment = (m_segmentSize + m_headerBytes) * 8.0 / path.rate; // (s)
    // One segment from leaving the sender to arriving, and the round trip of its ack
    // (an ack's own transmission is neglected).
    const double firstArrival = path.propagation + path.segmentStoreForward;
    const double roundTrip = 2 * path.propagation + path.segmentStoreForward;
    const uint64_t limit = std::max<uint64_t>(m_windowLimit / m_segmentSize, 1); // (segments)
    double start = 0; // this round's first send (s)
    uint64_t sent = 0;
    while (true)
    {
        const uint64_t window = std::min({m_cwnd, limit, segments - sent});
        if (window * perSegment >= roundTrip || sent + window == segments)
        {
            // The window fills the pipe (acks return before it is sent): the rest streams
            // at the bottleneck rate. Or this round is the last.
            const uint64_t rest = window * perSegment >= roundTrip ? segments - sent : window;
            m_cwnd += rest;
            return Seconds(start + (rest - 1) * perSegment + firstArrival);
        }
        sent += window;
        m_cwnd += window; // slow start: one segment more per segment acknowledged
        start += roundTrip;
    }
}

uint64_t
TcpFlowModel::GetCwnd() const
{
    return m_cwnd;
}

} // namespace sagin
} // namespace ns3
