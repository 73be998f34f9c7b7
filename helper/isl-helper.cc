// SPDX-License-Identifier: GPL-2.0-only

#include "isl-helper.h"

#include "queue-factory.h"

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
#include <utility>

namespace ns3
{
namespace sagin
{

namespace
{

/**
 * \param layout each satellite's shell, plane and slot
 * \param shells the shells the layout indexes
 * \return the +Grid links as pairs of layout indices; std::invalid_argument naming the
 *         satellite and its position when the layout is out of range, has two satellites at
 *         one position or lacks a neighbour
 */
std::vector<std::pair<uint32_t, uint32_t>>
PlusGridPairs(const std::vector<WalkerSatellite>& layout, const std::vector<WalkerShell>& shells)
{
    using Position = std::tuple<uint32_t, uint32_t, uint32_t>; // (shell, plane, slot)
    const auto describe = [](const Position& at) {
        return "shell " + std::to_string(std::get<0>(at)) + ", plane " +
               std::to_string(std::get<1>(at)) + ", slot " + std::to_string(std::get<2>(at));
    };
    std::map<Position, uint32_t> index;
    for (uint32_t i = 0; i < layout.size(); ++i)
    {
        const WalkerSatellite& sat = layout[i];
        const Position at{sat.shell, sat.plane, sat.slot};
        if (sat.shell >= shells.size() || sat.plane >= shells[sat.shell].planes ||
            sat.slot >= shells[sat.shell].satsPerPlane)
        {
            throw std::invalid_argument(
                "IslHelper::InstallPlusGrid: satellite " + std::to_string(i) +
                " of the layout is at " + describe(at) + ", outside the " +
                std::to_string(shells.size()) +
                " shells given (or their planes x satellites per plane); pass the shells the "
                "layout was made from (ConstellationHelper::GetPlusGridLayout() gives both)");
        }
        if (!index.emplace(at, i).second)
        {
            throw std::invalid_argument("IslHelper::InstallPlusGrid: satellites " +
                                        std::to_string(index.at(at)) + " and " + std::to_string(i) +
                                        " of the layout are both at " + describe(at) +
                                        "; give every satellite its own slot");
        }
    }
    const auto find = [&](uint32_t from, const Position& at) {
        const auto it = index.find(at);
        if (it == index.end())
        {
            throw std::invalid_argument(
                "IslHelper::InstallPlusGrid: the layout has no satellite at " + describe(at) +
                ", the +Grid neighbour of satellite " + std::to_string(from) +
                "; a +Grid needs every slot of every plane filled, so give a complete layout or "
                "link the satellites with IslHelper::Install");
        }
        return it->second;
    };
    std::vector<std::pair<uint32_t, uint32_t>> pairs;
    for (uint32_t i = 0; i < layout.size(); ++i)
    {
        const WalkerSatellite& sat = layout[i];
        const WalkerShell& shell = shells[sat.shell];
        // Intra-plane: the next slot (a plane of one or two satellites gets one link).
        const uint32_t nextSlot = (sat.slot + 1) % shell.satsPerPlane;
        if (nextSlot != sat.slot && (shell.satsPerPlane > 2 || sat.slot == 0))
        {
            pairs.emplace_back(i, find(i, {sat.shell, sat.plane, nextSlot}));
        }
        // Inter-plane: same slot of the next plane.
        const bool last = sat.plane + 1 == shell.planes;
        const bool wraps = shell.pattern == WalkerShell::DELTA && shell.planes > 2;
        if (shell.planes > 1 && (!last || wraps))
        {
            const uint32_t nextPlane = (sat.plane + 1) % shell.planes;
            pairs.emplace_back(i, find(i, {sat.shell, nextPlane, sat.slot}));
        }
    }
    return pairs;
}

} // namespace

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
    m_queueFactory = MakeQueueFactory("IslHelper::SetQueue", type, name, value);
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
            " satellites; pass ConstellationHelper::GetPlusGridLayout() (or GetWalkerSatellites()) "
            "of the helper that installed these nodes");
    }
    // Every pair is found before any device is made, so a bad layout leaves no half-built grid.
    NetDeviceContainer devices;
    for (const auto& [a, b] : PlusGridPairs(layout, shells))
    {
        devices.Add(Install(satellites.Get(a), satellites.Get(b)));
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
