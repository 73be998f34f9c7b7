// SPDX-License-Identifier: GPL-2.0-only

#include "offloading-uplink-application.h"

#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginOffloadingUplinkApplication");
NS_OBJECT_ENSURE_REGISTERED(OffloadingUplinkApplication);

TypeId
OffloadingUplinkApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::OffloadingUplinkApplication")
            .SetParent<Application>()
            .SetGroupName("Sagin")
            .AddConstructor<OffloadingUplinkApplication>()
            .AddAttribute("PacketSize",
                          "Payload bytes of each datagram (the last of a slot may be smaller).",
                          UintegerValue(1400),
                          MakeUintegerAccessor(&OffloadingUplinkApplication::m_packetSize),
                          MakeUintegerChecker<uint32_t>(1, 65507))
            .AddAttribute("Window",
                          "Datagrams handed to the device ahead of the link (keep it below "
                          "the device's QueueSize).",
                          UintegerValue(3),
                          MakeUintegerAccessor(&OffloadingUplinkApplication::m_window),
                          MakeUintegerChecker<uint32_t>(1))
            .AddTraceSource("Tx",
                            "A datagram was sent.",
                            MakeTraceSourceAccessor(&OffloadingUplinkApplication::m_txTrace),
                            "ns3::Packet::TracedCallback");
    return tid;
}

OffloadingUplinkApplication::OffloadingUplinkApplication()
    : m_packetSize(1400),
      m_window(3),
      m_remote(Ipv4Address::GetAny(), 0)
{
    NS_LOG_FUNCTION(this);
}

OffloadingUplinkApplication::~OffloadingUplinkApplication() = default;

void
OffloadingUplinkApplication::DoDispose()
{
    m_socket = nullptr;
    Application::DoDispose();
}

void
OffloadingUplinkApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    OpenSocket();
}

void
OffloadingUplinkApplication::OpenSocket()
{
    if (!m_socket)
    {
        m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        m_socket->Bind();
    }
}

void
OffloadingUplinkApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    Halt();
    if (m_socket)
    {
        m_socket->Close();
        m_socket = nullptr;
    }
}

void
OffloadingUplinkApplication::Offload(const InetSocketAddress& remote, uint64_t budgetBytes)
{
    NS_LOG_FUNCTION(this << budgetBytes);
    // A slot controller started at the same time as the application may come first.
    OpenSocket();
    m_remote = remote;
    m_budget = budgetBytes;
    for (uint32_t i = 0; i < m_window; ++i)
    {
        SendPacket();
    }
}

void
OffloadingUplinkApplication::FrameLeft(Ptr<const Packet>)
{
    // Not from inside the device's send, which may start the frame at once and call back.
    Simulator::ScheduleNow(&OffloadingUplinkApplication::SendPacket, this);
}

void
OffloadingUplinkApplication::Halt()
{
    m_budget = 0;
}

uint64_t
OffloadingUplinkApplication::GetSentBytes() const
{
    return m_sent;
}

void
OffloadingUplinkApplication::SendPacket()
{
    if (m_budget == 0 || !m_socket)
    {
        return;
    }
    const uint32_t size = static_cast<uint32_t>(std::min<uint64_t>(m_packetSize, m_budget));
    Ptr<Packet> packet = Create<Packet>(size);
    m_txTrace(packet);
    m_socket->SendTo(packet, 0, m_remote);
    m_sent += size;
    m_budget -= size;
}

} // namespace sagin
} // namespace ns3
