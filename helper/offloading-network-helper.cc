// SPDX-License-Identifier: GPL-2.0-only

#include "offloading-network-helper.h"

#include "gsl-helper.h"

#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/gsl-net-device.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4.h"
#include "ns3/offloading-packet-delivery.h"
#include "ns3/offloading-parameters.h"
#include "ns3/offloading-slot-controller.h"
#include "ns3/offloading-uplink-application.h"
#include "ns3/orbit.h"
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
    EnumValue geometry;
    controller->GetAttribute("Geometry", geometry);
    if (geometry.Get() != OffloadingSlotController::ORBITS)
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
    internet.AssignStreams(stacks, stream);
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

} // namespace sagin
} // namespace ns3
