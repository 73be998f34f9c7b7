// SPDX-License-Identifier: GPL-2.0-only

#include "leased-iot-uplink.h"

#include "iot-uplink-application.h"
#include "spectrum-lease-market.h"

#include "ns3/double.h"
#include "ns3/gsl-net-device.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/socket.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("LeasedIotUplink");
NS_OBJECT_ENSURE_REGISTERED(LeasedIotUplink);

TypeId
LeasedIotUplink::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::LeasedIotUplink")
                            .SetParent<Object>()
                            .SetGroupName("Sagin")
                            .AddConstructor<LeasedIotUplink>()
                            .AddAttribute("Port",
                                          "UDP port the satellite receives the users' "
                                          "uplink on.",
                                          UintegerValue(5683), // CoAP's (RFC 7252), IoT's
                                          MakeUintegerAccessor(&LeasedIotUplink::m_port),
                                          MakeUintegerChecker<uint16_t>(1));
    return tid;
}

LeasedIotUplink::LeasedIotUplink()
    : m_port(5683)
{
    NS_LOG_FUNCTION(this);
}

LeasedIotUplink::~LeasedIotUplink() = default;

void
LeasedIotUplink::DoDispose()
{
    NS_LOG_FUNCTION(this);
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket = nullptr;
    }
    m_devices.clear();
    m_applications.clear();
    Object::DoDispose();
}

void
LeasedIotUplink::SetUsers(Ptr<Node> satellite,
                          const std::vector<Ptr<GslNetDevice>>& devices,
                          const std::vector<Ptr<IotUplinkApplication>>& applications,
                          const std::vector<Ipv4Address>& addresses)
{
    NS_LOG_FUNCTION(this << satellite);
    if (devices.size() != applications.size() || devices.size() != addresses.size())
    {
        throw std::invalid_argument("LeasedIotUplink: " + std::to_string(devices.size()) +
                                    " devices, " + std::to_string(applications.size()) +
                                    " applications and " + std::to_string(addresses.size()) +
                                    " addresses; one of each per user");
    }
    m_devices = devices;
    m_applications = applications;
    m_userOf.clear();
    for (uint32_t i = 0; i < addresses.size(); ++i)
    {
        m_userOf[addresses[i]] = i;
    }
    m_deliveredBits.assign(devices.size(), 0);
    m_socket = Socket::CreateSocket(satellite, UdpSocketFactory::GetTypeId());
    m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port));
    m_socket->SetRecvCallback(MakeCallback(&LeasedIotUplink::Receive, this));
}

void
LeasedIotUplink::Apply(const SpectrumLeaseMarket& market, double powerLevelW)
{
    NS_LOG_FUNCTION(this << powerLevelW);
    const auto& users = market.GetUsers();
    if (users.size() != m_devices.size())
    {
        throw std::invalid_argument("LeasedIotUplink: the market has " +
                                    std::to_string(users.size()) + " users, the uplink " +
                                    std::to_string(m_devices.size()));
    }
    for (uint32_t i = 0; i < users.size(); ++i)
    {
        const LeaseUser& u = users[i];
        const bool onAir =
            (u.leasing || u.overstayLeft > 0) && m_devices[i]->GetAttachedSatellite();
        if (onAir)
        {
            // The power first: moving to the channel may put a waiting frame on the air.
            const double powerW = market.GetTransmitPowerW(i, powerLevelW);
            m_devices[i]->SetAttribute("TxPower", DoubleValue(10.0 * std::log10(powerW) + 30.0));
            m_devices[i]->UseSubChannel(u.channel, u.cell);
        }
        m_applications[i]->SetSending(onAir);
    }
}

std::vector<uint64_t>
LeasedIotUplink::TakeDeliveredBits()
{
    std::vector<uint64_t> bits(m_deliveredBits.size(), 0);
    bits.swap(m_deliveredBits);
    return bits;
}

uint32_t
LeasedIotUplink::GetN() const
{
    return static_cast<uint32_t>(m_devices.size());
}

uint16_t
LeasedIotUplink::GetPort() const
{
    return m_port;
}

void
LeasedIotUplink::Receive(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        auto user = m_userOf.find(InetSocketAddress::ConvertFrom(from).GetIpv4());
        if (user != m_userOf.end())
        {
            m_deliveredBits[user->second] += 8ULL * packet->GetSize();
        }
    }
}

} // namespace sagin
} // namespace ns3
