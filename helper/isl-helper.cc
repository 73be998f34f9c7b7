// SPDX-License-Identifier: GPL-2.0-only

#include "isl-helper.h"

#include "queue-factory.h"

#include "ns3/ipv4-address-generator.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4.h"
#include "ns3/isl-channel.h"
#include "ns3/mac48-address.h"
#include "ns3/net-device-queue-interface.h"
#include "ns3/node-list.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/queue.h"
#include "ns3/string.h"

#ifdef NS3_MPI
#include "ns3/isl-remote-channel.h"
#include "ns3/mpi-interface.h"
#include "ns3/mpi-receiver.h"
#endif

#include <algorithm>
#include <map>
#include <optional>
#include <sstream>
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
 * Throw std::invalid_argument when a node already has an IPv4 address in [first, end): ns-3's
 * address generator would abort on the collision.
 * \param first the range's first address
 * \param end one past its last address
 */
void
RefuseAddressesInUse(uint64_t first, uint64_t end)
{
    for (auto node = NodeList::Begin(); node != NodeList::End(); ++node)
    {
        Ptr<Ipv4> ipv4 = (*node)->GetObject<Ipv4>();
        for (uint32_t i = 0; ipv4 && i < ipv4->GetNInterfaces(); ++i)
        {
            for (uint32_t j = 0; j < ipv4->GetNAddresses(i); ++j)
            {
                const Ipv4Address local = ipv4->GetAddress(i, j).GetLocal();
                if (local.Get() >= first && local.Get() < end)
                {
                    std::ostringstream text;
                    text << "IslHelper::AssignIpv4Addresses: the links need " << Ipv4Address(first)
                         << " to " << Ipv4Address(end - 1) << ", but node " << (*node)->GetId()
                         << " has " << local << " already; give another network";
                    throw std::invalid_argument(text.str());
                }
            }
        }
    }
}

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

/**
 * \param factory the IslChannel factory (its attributes carry over)
 * \param a one satellite
 * \param b another, on another rank
 * \return an IslRemoteChannel whose Delay is their lookahead (IslChannel::GetMinDelay);
 *         std::invalid_argument naming both when there is no bound, it is below 1 us, or
 *         there is no MPI run with both ranks
 */
Ptr<IslChannel>
CreateChannelAcrossRanks([[maybe_unused]] ObjectFactory factory, Ptr<Node> a, Ptr<Node> b)
{
    std::ostringstream what;
    what << "IslHelper::Install: satellites " << a->GetId() << " (rank " << a->GetSystemId()
         << ") and " << b->GetId() << " (rank " << b->GetSystemId() << ") ";
    const std::optional<Time> lookahead = IslChannel::GetMinDelay(a, b);
    if (!lookahead)
    {
        what << "are on different ranks, and a link across ranks needs a delay bound (its "
                "lookahead), known only for circular orbits of one radius (one Walker shell); "
                "put both on one rank";
        throw std::invalid_argument(what.str());
    }
    // ns-3's granted-time-window simulator synchronises all ranks once per lookahead: below
    // 1 us that is over a million collective operations per simulated second, slower than
    // one rank; at zero it could not advance at all.
    if (*lookahead < MicroSeconds(1))
    {
        what << "come within " << lookahead->GetNanoSeconds()
             << " ns of light time of each other: a link between them across ranks has "
             << (lookahead->IsZero() ? "lookahead zero and a distributed run could not advance"
                                     : "a lookahead below 1 us, slower than one rank")
             << "; put both on one rank (fewer ranks) or choose a phasing that keeps them apart";
        throw std::invalid_argument(what.str());
    }
#ifdef NS3_MPI
    // A rank without a process would never run its satellites' events.
    const uint32_t ranks = MpiInterface::IsEnabled() ? MpiInterface::GetSize() : 1;
    if (std::max(a->GetSystemId(), b->GetSystemId()) >= ranks)
    {
        what << "are on different ranks but the run has " << ranks
             << (MpiInterface::IsEnabled() ? " MPI ranks" : " rank (MPI is not enabled)")
             << "; give ConstellationHelper::SetRanks MpiInterface::GetSize() after "
                "MpiInterface::Enable";
        throw std::invalid_argument(what.str());
    }
    factory.SetTypeId(IslRemoteChannel::GetTypeId());
    Ptr<IslChannel> channel = factory.Create<IslChannel>();
    channel->SetAttribute("Delay", TimeValue(*lookahead));
    return channel;
#else
    what << "are on different ranks (lookahead " << lookahead->As(Time::US)
         << "), but this ns-3 has no mpi module; build ns-3 with --enable-mpi (bash "
            "scripts/build-in-ns3-tree.sh --mpi) or keep every node on rank 0";
    throw std::invalid_argument(what.str());
#endif
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
    const bool acrossRanks = a->GetSystemId() != b->GetSystemId();
    Ptr<IslChannel> channel = acrossRanks ? CreateChannelAcrossRanks(m_channelFactory, a, b)
                                          : m_channelFactory.Create<IslChannel>();
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
#ifdef NS3_MPI
        if (acrossRanks)
        {
            // Where packets from the other rank enter, as PointToPointHelper does.
            auto receiver = CreateObject<MpiReceiver>();
            receiver->SetReceiveCallback(MakeCallback(&PointToPointNetDevice::Receive, device));
            device->AggregateObject(receiver);
        }
#endif
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
    const uint64_t first = network.Get();
    const uint64_t end = first + 4 * (uint64_t(devices.GetN()) / 2); // one past the last
    if ((first & 3) != 0 || end > (uint64_t(1) << 32))
    {
        std::ostringstream text;
        text << "IslHelper::AssignIpv4Addresses: network " << network
             << " must be a /30 network address from which " << devices.GetN() / 2
             << " /30 subnets fit below 255.255.255.255; give e.g. 10.128.0.0";
        throw std::invalid_argument(text.str());
    }
    RefuseAddressesInUse(first, end);
    Ipv4AddressHelper addresses(network, "255.255.255.252");
    Ipv4InterfaceContainer interfaces;
    // ns-3's address generator keeps the allocated addresses as a list of blocks and walks
    // it on every allocation. The two hosts of each /30 alone leave a block per link behind
    // (the network and broadcast addresses between them), so 24,000 links cost 10^8 steps;
    // marking those two addresses too keeps one block, and nobody can assign them later.
    for (uint64_t i = 0, subnet = first; i + 1 < devices.GetN(); i += 2, subnet += 4)
    {
        Ipv4AddressGenerator::AddAllocated(Ipv4Address(subnet));
        interfaces.Add(addresses.Assign(NetDeviceContainer(devices.Get(i), devices.Get(i + 1))));
        Ipv4AddressGenerator::AddAllocated(Ipv4Address(subnet + 3));
        addresses.NewNetwork();
    }
    return interfaces;
}

} // namespace sagin
} // namespace ns3
