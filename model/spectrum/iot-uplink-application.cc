// SPDX-License-Identifier: GPL-2.0-only

#include "iot-uplink-application.h"

#include "ns3/address-utils.h"
#include "ns3/data-rate.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("IotUplinkApplication");
NS_OBJECT_ENSURE_REGISTERED(IotUplinkApplication);

TypeId
IotUplinkApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::IotUplinkApplication")
            .SetParent<Application>()
            .SetGroupName("Sagin")
            .AddConstructor<IotUplinkApplication>()
            .AddAttribute("Remote",
                          "Where the datagrams go (an InetSocketAddress: the satellite's "
                          "address and port).",
                          AddressValue(),
                          MakeAddressAccessor(&IotUplinkApplication::m_remote),
                          MakeAddressChecker())
            .AddAttribute("DataRate",
                          "Sending rate while allowed (payload bits per second).",
                          DataRateValue(DataRate("1Mbps")),
                          MakeDataRateAccessor(&IotUplinkApplication::m_rate),
                          MakeDataRateChecker())
            .AddAttribute("PacketSize",
                          "Payload bytes of each datagram.",
                          UintegerValue(1000),
                          MakeUintegerAccessor(&IotUplinkApplication::m_packetSize),
                          MakeUintegerChecker<uint32_t>(1, 65507))
            .AddTraceSource("Tx",
                            "A datagram was sent.",
                            MakeTraceSourceAccessor(&IotUplinkApplication::m_txTrace),
                            "ns3::Packet::TracedCallback");
    return tid;
}

IotUplinkApplication::IotUplinkApplication()
    : m_packetSize(1000)
{
    NS_LOG_FUNCTION(this);
}

IotUplinkApplication::~IotUplinkApplication() = default;

void
IotUplinkApplication::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_event.Cancel();
    m_socket = nullptr;
    Application::DoDispose();
}

void
IotUplinkApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    if (!InetSocketAddress::IsMatchingType(m_remote))
    {
        throw std::invalid_argument("IotUplinkApplication on node " +
                                    std::to_string(GetNode()->GetId()) +
                                    ": Remote must be an InetSocketAddress (address and port)");
    }
    if (m_rate.GetBitRate() == 0)
    {
        throw std::invalid_argument("IotUplinkApplication on node " +
                                    std::to_string(GetNode()->GetId()) +
                                    ": DataRate must be positive");
    }
    m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    m_socket->Bind();
    m_socket->Connect(m_remote);
    m_running = true;
    if (m_sending)
    {
        m_event = Simulator::ScheduleNow(&IotUplinkApplication::SendPacket, this);
    }
}

void
IotUplinkApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_running = false;
    m_event.Cancel();
    if (m_socket)
    {
        m_socket->Close();
        m_socket = nullptr;
    }
}

void
IotUplinkApplication::SetSending(bool sending)
{
    NS_LOG_FUNCTION(this << sending);
    if (sending == m_sending)
    {
        return;
    }
    m_sending = sending;
    m_event.Cancel();
    if (sending && m_running)
    {
        m_event = Simulator::Schedule(m_rate.CalculateBytesTxTime(m_packetSize),
                                      &IotUplinkApplication::SendPacket,
                                      this);
    }
}

bool
IotUplinkApplication::IsSending() const
{
    return m_sending;
}

uint64_t
IotUplinkApplication::GetSent() const
{
    return m_sent;
}

void
IotUplinkApplication::SendPacket()
{
    NS_LOG_FUNCTION(this);
    Ptr<Packet> packet = Create<Packet>(m_packetSize);
    m_txTrace(packet);
    m_socket->Send(packet);
    ++m_sent;
    m_event = Simulator::Schedule(m_rate.CalculateBytesTxTime(m_packetSize),
                                  &IotUplinkApplication::SendPacket,
                                  this);
}

} // namespace sagin
} // namespace ns3
