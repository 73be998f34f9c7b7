// SPDX-License-Identifier: GPL-2.0-only

#include "isl-helper.h"

#include "ns3/ipv4-address-helper.h"
#include "ns3/isl-channel.h"
#include "ns3/mac48-address.h"
#include "ns3/net-device-queue-interface.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/queue.h"
#include "ns3/string.h"

#include <map>
#include <stdexcept>
#include <tuple>

namespace ns3
{
namespace sagin
{

IslHelper::IslHelper()
{
    m_deviceFactory.SetTypeId("ns3::PointToPointNetDevice");
    m_channelFactory.SetTypeId("ns3::sagin::IslChannel");
    m_queueFactory.SetTypeId("ns3::DropTailQueue<Packet>");
    // Optical ISLs run at Gbit/s (e.g. 10 Gbit/s in the Starlink/Hypatia studies).
    m_deviceFactory.Set("DataRate", StringValue("10Gbps"));
}

void
IslHelper::SetDeviceAttribute(const std::string& name, const AttributeValue& value)
{
    m_deviceFactory.Set(name, value);
}

void
IslHelper::SetChannelAttribute(const std::string& name, const AttributeValue& value)
{
    m_channelFactory.Set(name, value);
}

void
IslHelper::SetQueue(const std::string& type, const std::string& name, const AttributeValue& value)
{
    m_queueFactory.SetTypeId(type);
    if (!name.empty())
    {
        m_queueFactory.Set(name, value);
    }
}

NetDeviceContainer
IslHelper::Install(Ptr<Node> a, Ptr<Node> b)
{
    Ptr<IslChannel> channel = m_channelFactory.Create<IslChannel>();
    NetDeviceContainer devices;
    for (Ptr<Node> node : {a, b})
    {
        Ptr<PointToPointNetDevice> device = m_deviceFactory.Create<PointToPointNetDevice>();
        device->SetAddress(Mac48Address::Allocate());
        node->AddDevice(device);
        Ptr<Queue<Packet>> queue = m_queueFactory.Create<Queue<Packet>>();
        device->SetQueue(queue);
        // Flow control towards ns-3's traffic-control layer, as PointToPointHelper does.
        Ptr<NetDeviceQueueInterface> queueInterface = CreateObject<NetDeviceQueueInterface>();
        queueInterface->GetTxQueue(0)->ConnectQueueTraces(queue);
        device->AggregateObject(queueInterface);
        device->Attach(channel);
        devices.Add(device);
    }
    return devices;
}

NetDeviceContainer
IslHelper::InstallPlusGrid(const NodeContainer& satellites,
                           const std::vector<WalkerSatellite>& layout,
                           const std::vector<WalkerShell>& shells)
{
    if (layout.size() != satellites.GetN())
    {
        throw std::invalid_argument(
            "IslHelper::InstallPlusGrid: " + std::to_string(satellites.GetN()) +
            " nodes but a layout of " + std::to_string(layout.size()) +
            " satellites; pass ConstellationHelper::GetWalkerSatellites() of the same Install");
    }
    std::map<std::tuple<uint32_t, uint32_t, uint32_t>, uint32_t> index; // (shell, plane, slot)
    for (uint32_t i = 0; i < layout.size(); ++i)
    {
        index[{layout[i].shell, layout[i].plane, layout[i].slot}] = i;
    }
    NetDeviceContainer devices;
    for (uint32_t i = 0; i < layout.size(); ++i)
    {
        const WalkerSatellite& sat = layout[i];
        NS_ABORT_MSG_IF(sat.shell >= shells.size(), "IslHelper: layout names unknown shell");
        const WalkerShell& shell = shells[sat.shell];
        // Intra-plane: the next slot (a plane of one or two satellites gets one link).
        const uint32_t nextSlot = (sat.slot + 1) % shell.satsPerPlane;
        if (nextSlot != sat.slot && (shell.satsPerPlane > 2 || sat.slot == 0))
        {
            devices.Add(Install(satellites.Get(i),
                                satellites.Get(index.at({sat.shell, sat.plane, nextSlot}))));
        }
        // Inter-plane: same slot of the next plane.
        const bool last = sat.plane + 1 == shell.planes;
        const bool wraps = shell.pattern == WalkerShell::DELTA && shell.planes > 2;
        if (shell.planes > 1 && (!last || wraps))
        {
            const uint32_t nextPlane = (sat.plane + 1) % shell.planes;
            devices.Add(Install(satellites.Get(i),
                                satellites.Get(index.at({sat.shell, nextPlane, sat.slot}))));
        }
    }
    return devices;
}

Ipv4InterfaceContainer
IslHelper::AssignIpv4Addresses(const NetDeviceContainer& devices, Ipv4Address network)
{
    Ipv4AddressHelper addresses(network, "255.255.255.252");
    Ipv4InterfaceContainer interfaces;
    for (uint32_t i = 0; i + 1 < devices.GetN(); i += 2)
    {
        interfaces.Add(addresses.Assign(NetDeviceContainer(devices.Get(i), devices.Get(i + 1))));
        addresses.NewNetwork();
    }
    return interfaces;
}

} // namespace sagin
} // namespace ns3
