// SPDX-License-Identifier: GPL-2.0-only

#include "offloading-network-helper.h"

#include "blockchain-helper.h"
#include "gsl-helper.h"

#include "ns3/blockchain-node.h"
#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/dpos-consensus.h"
#include "ns3/enum.h"
#include "ns3/gsl-net-device.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4.h"
#include "ns3/offloading-packet-delivery.h"
#include "ns3/offloading-parameters.h"
#include "ns3/offloading-slot-controller.h"
#include "ns3/offloading-uplink-application.h"
#include "ns3/orbit.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/pointer.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/queue-size.h"
#include "ns3/satellite-mobility-model.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <set>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

OffloadingNetworkHelper::OffloadingNetworkHelper()
{
    m_deliveryFactory.SetTypeId(OffloadingPacketDelivery::GetTypeId());
    m_privacyFactory.SetTypeId(OffloadingPrivacyPath::GetTypeId());
}

void
OffloadingNetworkHelper::SetDeliveryAttribute(const std::string& name, const AttributeValue& value)
{
    m_deliveryFactory.Set(name, value);
}

Ptr<OffloadingPacketDelivery>
OffloadingNetworkHelper::Install(Ptr<OffloadingSlotController> controller,
                                 NodeContainer devices,
                                 NodeContainer satellites,
                                 uint32_t slots,
                                 int64_t stream)
{
    const OffloadingConstants k = controller->GetParameters()->GetConstants();
    if (devices.GetN() != k.GetFollowers())
    {
        throw std::invalid_argument("OffloadingNetworkHelper: " + std::to_string(devices.GetN()) +
                                    " devices for " + std::to_string(k.GetFollowers()) +
                                    " followers");
    }
    if (controller->GetGeometry() != OffloadingSlotController::ORBITS)
    {
        throw std::invalid_argument("OffloadingNetworkHelper: packet level needs the ORBITS "
                                    "geometry (packets need positions)");
    }
    DoubleValue minElevation;
    controller->GetAttribute("MinElevation", minElevation);
    PointerValue loss;
    controller->GetAttribute("LossModel", loss);

    // The satellites that will be candidates at some slot's start.
    std::vector<Ptr<Orbit>> orbits;
    for (uint32_t s = 0; s < satellites.GetN(); ++s)
    {
        Ptr<SatelliteMobilityModel> mobility =
            satellites.Get(s)->GetObject<SatelliteMobilityModel>();
        if (!mobility)
        {
            throw std::invalid_argument("OffloadingNetworkHelper: satellite node " +
                                        std::to_string(satellites.Get(s)->GetId()) +
                                        " has no SatelliteMobilityModel");
        }
        orbits.push_back(mobility->GetOrbit());
    }
    const GeodeticPosition centre = controller->GetServiceCentre();
    const Time slot = controller->GetParameters()->GetSlotDuration();
    std::set<uint32_t> candidates;
    for (uint32_t t = 0; t < slots; ++t)
    {
        const Time at = Simulator::Now() + slot * static_cast<int64_t>(t);
        std::vector<Vector> positions;
        for (const Ptr<Orbit>& orbit : orbits)
        {
            positions.push_back(orbit->GetEcefState(at).position);
        }
        for (uint32_t s : OffloadingSlotController::SelectCandidateLeos(centre,
                                                                        positions,
                                                                        k.leos,
                                                                        minElevation.Get()))
        {
            candidates.insert(s);
        }
    }
    NodeContainer servers;
    for (uint32_t s : candidates)
    {
        servers.Add(satellites.Get(s));
    }

    GslHelper gsl;
    gsl.SetChannelAttribute("PropagationLoss", loss);
    gsl.SetChannelAttribute("SubChannels", UintegerValue(k.channels));
    gsl.SetChannelAttribute("SubChannelBandwidth", DoubleValue(k.bandwidthHz));
    gsl.SetChannelAttribute("NoisePower", DoubleValue(10.0 * std::log10(k.noiseW) + 30.0));
    gsl.SetChannelAttribute("MinSinr", DoubleValue(-30.0));
    gsl.SetSatelliteAttribute("CellScheduling", StringValue("OfdmaTdma"));
    gsl.SetGroundAttribute("AttachmentPolicy", PointerValue(nullptr));
    gsl.SetGroundAttribute("TxPower", DoubleValue(10.0 * std::log10(k.txPowerW) + 30.0));
    // A few datagrams of buffer: little of a slot's sending spills into the next slot.
    gsl.SetGroundAttribute("QueueSize", QueueSizeValue(QueueSize("4p")));
    NetDeviceContainer serverDevices = gsl.InstallSatellites(servers);
    NetDeviceContainer groundDevices = gsl.InstallGround(devices);

    InternetStackHelper internet;
    NodeContainer stacks;
    for (NodeContainer nodes : {devices, servers})
    {
        for (uint32_t i = 0; i < nodes.GetN(); ++i)
        {
            if (!nodes.Get(i)->GetObject<Ipv4>())
            {
                stacks.Add(nodes.Get(i));
            }
        }
    }
    internet.Install(stacks);
    // ARP and IP draw jitter: without fixed streams a run would depend on the runs before it.
    m_nextStream = stream + internet.AssignStreams(stacks, stream);
    m_installedFor = PeekPointer(controller);
    Ipv4AddressHelper addresses;
    addresses.SetBase("10.64.0.0", "255.255.0.0");
    NetDeviceContainer all(serverDevices);
    all.Add(groundDevices);
    const Ipv4InterfaceContainer assigned = addresses.Assign(all);

    Ptr<OffloadingPacketDelivery> delivery = m_deliveryFactory.Create<OffloadingPacketDelivery>();
    for (uint32_t s = 0; s < servers.GetN(); ++s)
    {
        delivery->AddServer(servers.Get(s),
                            DynamicCast<GslNetDevice>(serverDevices.Get(s)),
                            assigned.GetAddress(s));
    }
    std::vector<Ptr<GslNetDevice>> grounds;
    std::vector<Ptr<OffloadingUplinkApplication>> applications;
    std::vector<Ipv4Address> followerAddresses;
    for (uint32_t i = 0; i < devices.GetN(); ++i)
    {
        grounds.push_back(DynamicCast<GslNetDevice>(groundDevices.Get(i)));
        auto application = CreateObject<OffloadingUplinkApplication>();
        devices.Get(i)->AddApplication(application);
        applications.push_back(application);
        followerAddresses.push_back(assigned.GetAddress(servers.GetN() + i));
    }
    delivery->SetFollowers(grounds, applications, followerAddresses);
    controller->SetAttribute("PacketDelivery", PointerValue(delivery));
    return delivery;
}

void
OffloadingNetworkHelper::SetPrivacyPathAttribute(const std::string& name,
                                                 const AttributeValue& value)
{
    m_privacyFactory.Set(name, value);
}

void
OffloadingNetworkHelper::SetBackhaulDelay(Time delay)
{
    if (delay.IsStrictlyNegative())
    {
        throw std::invalid_argument("OffloadingNetworkHelper::SetBackhaulDelay: the delay " +
                                    std::to_string(delay.GetSeconds()) + " s must be >= 0");
    }
    m_backhaulDelay = delay;
}

std::vector<uint32_t>
OffloadingNetworkHelper::BinaryTreeParents(uint32_t count)
{
    std::vector<uint32_t> parents;
    for (uint32_t p = 1; p <= count; ++p)
    {
        parents.push_back((p - 1) / 2);
    }
    return parents;
}

Ptr<OffloadingPrivacyPath>
OffloadingNetworkHelper::InstallPrivacyPath(Ptr<OffloadingSlotController> controller)
{
    if (m_installedFor != PeekPointer(controller))
    {
        throw std::invalid_argument("OffloadingNetworkHelper::InstallPrivacyPath: call this "
                                    "helper's Install for the controller first (packet level)");
    }
    PointerValue existing;
    controller->GetAttribute("PrivacyPath", existing);
    if (existing.Get<OffloadingPrivacyPath>())
    {
        throw std::invalid_argument("OffloadingNetworkHelper::InstallPrivacyPath: the "
                                    "controller has a PrivacyPath already");
    }
    const int64_t stream = m_nextStream;
    const OffloadingConstants k = controller->GetParameters()->GetConstants();
    const uint32_t followers = k.GetFollowers();
    Ptr<Node> leader = CreateObject<Node>();
    NodeContainer mbs;
    mbs.Create(k.cells);
    NodeContainer twins;
    twins.Create(followers);
    NodeContainer all(NodeContainer(leader), mbs, twins);
    InternetStackHelper internet;
    internet.Install(all);
    int64_t used = internet.AssignStreams(all, stream);

    PointToPointHelper p2p;
    p2p.SetChannelAttribute("Delay", TimeValue(m_backhaulDelay));
    Ipv4AddressHelper addresses("10.128.0.0", "255.255.255.252");
    Ipv4StaticRoutingHelper staticRouting;
    // One link per tree edge: r_down from the parent, r_up from the child. Returns the
    // parent's address on it; the child's default route points there.
    const auto link = [&](Ptr<Node> parent, Ptr<Node> child) {
        NetDeviceContainer devices = p2p.Install(parent, child);
        DynamicCast<PointToPointNetDevice>(devices.Get(0))
            ->SetDataRate(DataRate(static_cast<uint64_t>(k.downlinkBitsPerSecond)));
        DynamicCast<PointToPointNetDevice>(devices.Get(1))
            ->SetDataRate(DataRate(static_cast<uint64_t>(k.uplinkBitsPerSecond)));
        const Ipv4InterfaceContainer assigned = addresses.Assign(devices);
        addresses.NewNetwork();
        Ptr<Ipv4> ipv4 = child->GetObject<Ipv4>();
        staticRouting.GetStaticRouting(ipv4)->SetDefaultRoute(
            assigned.GetAddress(0),
            ipv4->GetInterfaceForDevice(devices.Get(1)));
        return assigned.GetAddress(0);
    };
    // The twins' tree first: a BlockchainNode's peers connect to its interface 1, which is
    // then its link to its parent (the leader's: to twin 0).
    const std::vector<uint32_t> twinParents = BinaryTreeParents(followers);
    std::vector<std::pair<uint32_t, uint32_t>> peerLinks;
    for (uint32_t i = 0; i < followers; ++i)
    {
        const uint32_t parent = twinParents[i];
        link(parent == 0 ? leader : twins.Get(parent - 1), twins.Get(i));
        peerLinks.emplace_back(parent, i + 1); // indices into {leader, twins}
    }
    const std::vector<uint32_t> mbsTree = BinaryTreeParents(k.cells);
    std::vector<Ipv4Address> parentAddresses;
    std::vector<int32_t> mbsParents;
    std::vector<Ptr<Node>> mbsNodes;
    for (uint32_t n = 0; n < k.cells; ++n)
    {
        const int32_t parent = static_cast<int32_t>(mbsTree[n]) - 1;
        parentAddresses.push_back(link(parent < 0 ? leader : mbs.Get(parent), mbs.Get(n)));
        mbsParents.push_back(parent);
        mbsNodes.push_back(mbs.Get(n));
    }

    // The chain: the leader is the only delegate (every member votes for it) and produces
    // one block per slot.
    BlockchainHelper chain;
    chain.SetConsensus("dpos",
                       "SlotDuration",
                       TimeValue(controller->GetParameters()->GetSlotDuration()),
                       "Delegates",
                       UintegerValue(1));
    chain.SetNodeAttribute("RelayBeforeVerification", BooleanValue(true));
    chain.SetPeerLinks(peerLinks);
    NodeContainer members(NodeContainer(leader), twins);
    ApplicationContainer apps = chain.Install(members);
    used += chain.AssignStreams(members, stream + used);
    std::vector<Ptr<BlockchainNode>> twinChains;
    for (uint32_t a = 0; a < apps.GetN(); ++a)
    {
        Ptr<BlockchainNode> app = DynamicCast<BlockchainNode>(apps.Get(a));
        Ptr<DposConsensus> engine = DynamicCast<DposConsensus>(app->GetConsensus());
        for (uint32_t voter = 0; voter < members.GetN(); ++voter)
        {
            engine->SetVotes(members.Get(voter)->GetId(), {leader->GetId()});
        }
        if (a > 0)
        {
            twinChains.push_back(app);
        }
    }

    Ptr<OffloadingPrivacyPath> path = m_privacyFactory.Create<OffloadingPrivacyPath>();
    used += path->AssignStreams(stream + used);
    path->SetUploadTree(leader, mbsNodes, parentAddresses, mbsParents);
    path->SetChain(DynamicCast<BlockchainNode>(apps.Get(0)), twinChains);
    controller->SetAttribute("PrivacyPath", PointerValue(path));
    return path;
}

} // namespace sagin
} // namespace ns3
