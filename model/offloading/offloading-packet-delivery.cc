// SPDX-License-Identifier: GPL-2.0-only

#include "offloading-packet-delivery.h"

#include "offloading-uplink-application.h"

#include "ns3/double.h"
#include "ns3/gsl-net-device.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/physical-constants.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginOffloadingPacketDelivery");
NS_OBJECT_ENSURE_REGISTERED(OffloadingPacketDelivery);

TypeId
OffloadingPacketDelivery::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::OffloadingPacketDelivery")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddConstructor<OffloadingPacketDelivery>()
            .AddAttribute("Port",
                          "UDP port of the LEO compute servers.",
                          UintegerValue(5000),
                          MakeUintegerAccessor(&OffloadingPacketDelivery::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("LeoCpuFrequency",
                          "CPU frequency of a LEO compute server, which serves the offloaded "
                          "work w cycles per bit (GHz; not in study A, which counts offloaded "
                          "bits as processed on arrival: 100, a server cluster whose queue of "
                          "work stays short).",
                          DoubleValue(100.0),
                          MakeDoubleAccessor(&OffloadingPacketDelivery::m_leoCpuGHz),
                          MakeDoubleChecker<double>(1e-9));
    return tid;
}

OffloadingPacketDelivery::OffloadingPacketDelivery()
    : m_port(5000),
      m_leoCpuGHz(100.0)
{
    NS_LOG_FUNCTION(this);
}

OffloadingPacketDelivery::~OffloadingPacketDelivery()
{
    NS_LOG_FUNCTION(this);
}

void
OffloadingPacketDelivery::DoDispose()
{
    for (auto& [id, server] : m_servers)
    {
        if (server.socket)
        {
            server.socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
            server.socket->Close();
        }
    }
    m_servers.clear();
    m_devices.clear();
    m_applications.clear();
    Object::DoDispose();
}

void
OffloadingPacketDelivery::SetFollowers(
    const std::vector<Ptr<GslNetDevice>>& devices,
    const std::vector<Ptr<OffloadingUplinkApplication>>& applications,
    const std::vector<Ipv4Address>& addresses)
{
    if (devices.size() != applications.size() || devices.size() != addresses.size())
    {
        throw std::invalid_argument(
            "OffloadingPacketDelivery::SetFollowers: " + std::to_string(devices.size()) +
            " devices, " + std::to_string(applications.size()) + " applications and " +
            std::to_string(addresses.size()) + " addresses; give one of each per follower");
    }
    m_devices = devices;
    m_applications = applications;
    for (uint32_t i = 0; i < devices.size(); ++i)
    {
        // The full-buffer sender hands down a datagram whenever one leaves the device.
        const auto next = MakeCallback(&OffloadingUplinkApplication::FrameLeft, applications[i]);
        devices[i]->TraceConnectWithoutContext("PhyTxBegin", next);
        devices[i]->TraceConnectWithoutContext("PhyTxDrop", next);
    }
    m_followerOf.clear();
    for (uint32_t i = 0; i < addresses.size(); ++i)
    {
        m_followerOf[addresses[i]] = i;
    }
    m_cyclesPerBit.assign(devices.size(), 0.0);
    m_receivedBytes.assign(devices.size(), 0);
}

void
OffloadingPacketDelivery::AddServer(Ptr<Node> satellite,
                                    Ptr<GslNetDevice> device,
                                    Ipv4Address address)
{
    Server server;
    server.device = device;
    server.address = address;
    server.served = Simulator::Now();
    server.socket = Socket::CreateSocket(satellite, UdpSocketFactory::GetTypeId());
    server.socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port));
    server.socket->SetRecvCallback(
        MakeCallback(&OffloadingPacketDelivery::Receive, this).Bind(satellite->GetId()));
    m_servers[satellite->GetId()] = server;
}

bool
OffloadingPacketDelivery::IsServer(uint32_t nodeId) const
{
    return m_servers.count(nodeId) > 0;
}

uint16_t
OffloadingPacketDelivery::GetPort() const
{
    return m_port;
}

void
OffloadingPacketDelivery::Serve(Server& server) const
{
    const Time now = Simulator::Now();
    server.backlogCycles = std::max(0.0,
                                    server.backlogCycles - m_leoCpuGHz * HZ_PER_GHZ *
                                                               (now - server.served).GetSeconds());
    server.served = now;
}

void
OffloadingPacketDelivery::Receive(uint32_t nodeId, Ptr<Socket> socket)
{
    Server& server = m_servers.at(nodeId);
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        const auto sender = m_followerOf.find(InetSocketAddress::ConvertFrom(from).GetIpv4());
        if (sender == m_followerOf.end())
        {
            continue; // not a follower's offloading
        }
        m_receivedBytes[sender->second] += packet->GetSize();
        Serve(server);
        server.backlogCycles += packet->GetSize() * BITS_PER_BYTE * m_cyclesPerBit[sender->second];
    }
}

void
OffloadingPacketDelivery::BeginSlot(const OffloadingSlotProblem& problem,
                                    const OffloadingSlotDecision& decision,
                                    const std::vector<uint32_t>& leoNodes)
{
    const OffloadingConstants& k = problem.GetConstants();
    const std::vector<FollowerDecision>& followers = decision.followers;
    if (followers.size() != m_devices.size())
    {
        throw std::invalid_argument("OffloadingPacketDelivery: a decision for " +
                                    std::to_string(followers.size()) + " followers, " +
                                    std::to_string(m_devices.size()) + " set");
    }
    std::fill(m_receivedBytes.begin(), m_receivedBytes.end(), 0);
    // Attach first, then choose the channels: an attachment allocates afresh.
    for (uint32_t i = 0; i < followers.size(); ++i)
    {
        Ptr<GslNetDevice> target;
        // A LEO out of view (beyond the slot's candidates) gets nothing, as at flow level.
        if (followers[i].offload && followers[i].leo < leoNodes.size())
        {
            if (!IsServer(leoNodes[followers[i].leo]))
            {
                throw std::invalid_argument(
                    "OffloadingPacketDelivery: follower " + std::to_string(i) +
                    " offloads to LEO " + std::to_string(followers[i].leo) + " (node " +
                    std::to_string(leoNodes[followers[i].leo]) +
                    "), which is not a compute server: give its satellite to AddServer "
                    "(OffloadingNetworkHelper::Install with the run's number of slots)");
            }
            target = m_servers.at(leoNodes[followers[i].leo]).device;
        }
        if (m_devices[i]->GetAttachedSatellite() != target)
        {
            m_devices[i]->AttachTo(target);
        }
    }
    for (uint32_t i = 0; i < followers.size(); ++i)
    {
        const FollowerDecision& d = followers[i];
        const FollowerState& state = problem.GetFollowers()[i];
        m_cyclesPerBit[i] = state.cyclesPerBit;
        if (!d.offload || d.leo >= leoNodes.size())
        {
            m_applications[i]->Halt();
            continue;
        }
        m_devices[i]->UseSubChannel(d.channel, i / k.devicesPerCell);
        const uint64_t budget = static_cast<uint64_t>(
            std::floor((state.queueMbit + state.arrivalMbit) * BITS_PER_MBIT / BITS_PER_BYTE));
        const Server& server = m_servers.at(leoNodes[d.leo]);
        m_applications[i]->Offload(InetSocketAddress(server.address, m_port), budget);
    }
}

std::vector<double>
OffloadingPacketDelivery::FinishSlot()
{
    std::vector<double> delivered(m_devices.size());
    for (uint32_t i = 0; i < m_devices.size(); ++i)
    {
        m_applications[i]->Halt();
        delivered[i] = m_receivedBytes[i] * BITS_PER_BYTE / BITS_PER_MBIT;
    }
    return delivered;
}

double
OffloadingPacketDelivery::GetMeanServerBacklogSeconds()
{
    if (m_servers.empty())
    {
        return 0.0;
    }
    double sum = 0.0;
    for (auto& [id, server] : m_servers)
    {
        Serve(server);
        sum += server.backlogCycles / (m_leoCpuGHz * HZ_PER_GHZ);
    }
    return sum / m_servers.size();
}

} // namespace sagin
} // namespace ns3
