// SPDX-License-Identifier: GPL-2.0-only
#include "sagin-helper.h"

#include "ns3/double.h"
#include "ns3/gsl-attachment-policy.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/pointer.h"
#include "ns3/rectangle.h"
#include "ns3/string.h"
#include "ns3/traffic-control-helper.h"
#include "ns3/uav-air-to-ground-propagation-loss-model.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

namespace
{
/** Sub-channels each UAV serves its cell on (study C: 10 MHz split over 4; PAPERS.md). */
constexpr uint32_t SUB_CHANNELS_PER_UAV = 4;
/** Hosts a /16 holds (the GSL and access address plans). */
constexpr uint64_t HOSTS_PER_SLASH_16 = 65534;
} // namespace

SaginHelper::SaginHelper()
{
    m_policy.SetTypeId(HighestElevationAttachmentPolicy::GetTypeId());
    // Study C's UAV access channel (PAPERS.md, study C): beta0 / d^2 with random blockage,
    // 10 MHz and 1 W per UAV over 4 sub-channels, noise -110 dBm; a UE sends at 23 dBm.
    m_access.SetChannelAttribute("PropagationLoss",
                                 PointerValue(CreateObject<UavAirToGroundPropagationLossModel>()));
    m_access.SetChannelAttribute("SubChannelBandwidth", DoubleValue(10e6 / SUB_CHANNELS_PER_UAV));
    m_access.SetChannelAttribute("NoisePower", DoubleValue(-110.0));
    m_access.SetSatelliteAttribute("TxPower",
                                   DoubleValue(30.0 - 10 * std::log10(SUB_CHANNELS_PER_UAV)));
    m_access.SetGroundAttribute("TxPower", DoubleValue(23.0));
    // At equal flight heights the highest UAV is the nearest one.
    m_access.SetGroundAttribute(
        "AttachmentPolicy",
        PointerValue(
            CreateObjectWithAttributes<HighestElevationAttachmentPolicy>("MinElevation",
                                                                         DoubleValue(0.0))));
}

void
SaginHelper::AddShell(const WalkerShell& shell)
{
    shell.Validate();
    m_shells.push_back(shell);
}

void
SaginHelper::AddShells(const std::vector<WalkerShell>& shells)
{
    for (const auto& shell : shells)
    {
        AddShell(shell);
    }
}

void
SaginHelper::AddTleFile(const std::string& path)
{
    AddTle(ReadTleFile(path));
}

void
SaginHelper::AddTle(const std::vector<TwoLineElement>& elementSets)
{
    m_elementSets.insert(m_elementSets.end(), elementSets.begin(), elementSets.end());
}

void
SaginHelper::SetTleSimulationStart(const std::string& utc)
{
    m_constellation.SetTleSimulationStart(utc);
}

void
SaginHelper::AddGroundStations(const GroundStationHelper& stations)
{
    for (uint32_t i = 0; i < stations.GetN(); ++i)
    {
        m_stations.Add(stations.GetName(i), stations.GetGeodeticPosition(i));
    }
}

void
SaginHelper::AddUavCell(const UavCell& cell)
{
    const std::string what = "SaginHelper::AddUavCell: ";
    if (!(std::abs(cell.centre.latitude) <= 90) || !(std::abs(cell.centre.longitude) <= 180))
    {
        throw std::invalid_argument(what + "centre latitude " +
                                    std::to_string(cell.centre.latitude) + ", longitude " +
                                    std::to_string(cell.centre.longitude) +
                                    " degrees: give a latitude in [-90, 90] and a longitude "
                                    "in [-180, 180]");
    }
    if (!(cell.side > 0) || !std::isfinite(cell.side))
    {
        throw std::invalid_argument(what + "side " + std::to_string(cell.side) +
                                    " m: give the side of the square area, > 0 m");
    }
    if (cell.uavs == 0)
    {
        throw std::invalid_argument(what + "a cell needs at least one UAV (uavs = 0)");
    }
    m_cells.push_back(cell);
}

void
SaginHelper::SetAttachmentPolicy(const std::string& type)
{
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(type, &tid) ||
        !tid.IsChildOf(GslAttachmentPolicy::GetTypeId()) || !tid.HasConstructor())
    {
        throw std::invalid_argument(
            "SaginHelper::SetAttachmentPolicy: '" + type +
            "' is not a GslAttachmentPolicy TypeId (a subclass with a constructor), e.g. "
            "ns3::sagin::HighestElevationAttachmentPolicy");
    }
    m_policy = ObjectFactory(type); // attributes set before belonged to the previous type
}

void
SaginHelper::SetAttachmentPolicyAttribute(const std::string& name, const AttributeValue& value)
{
    // ObjectFactory::Set would end the program on an unknown attribute or a bad value.
    TypeId::AttributeInformation info;
    if (!m_policy.GetTypeId().LookupAttributeByName(name, &info))
    {
        throw std::invalid_argument(
            "SaginHelper::SetAttachmentPolicyAttribute: " + m_policy.GetTypeId().GetName() +
            " has no attribute '" + name + "'; set the policy type first (SetAttachmentPolicy)");
    }
    if (!info.checker->Check(value))
    {
        throw std::invalid_argument("SaginHelper::SetAttachmentPolicyAttribute: " + name + "=" +
                                    value.SerializeToString(info.checker) + " is out of range (" +
                                    info.checker->GetUnderlyingTypeInformation() + ")");
    }
    m_policy.Set(name, value);
}

IslHelper&
SaginHelper::Isl()
{
    return m_isl;
}

GslHelper&
SaginHelper::Gsl()
{
    return m_gsl;
}

GslHelper&
SaginHelper::Access()
{
    return m_access;
}

UavMobilityHelper&
SaginHelper::UavMobility()
{
    return m_uavMobility;
}

SaginRoutingHelper&
SaginHelper::Routing()
{
    return m_routing;
}

void
SaginHelper::SetStationRoutingHelper(const Ipv4RoutingHelper& helper)
{
    m_stationRouting.reset(helper.Copy());
}

void
SaginHelper::AssignStreams(int64_t stream)
{
    m_stream = stream;
}

void
SaginHelper::InstallCell(SaginNetwork& net,
                         const UavCell& cell,
                         Ptr<UniformRandomVariable> placement)
{
    const double half = cell.side / 2;
    NodeContainer uavs;
    uavs.Create(cell.uavs);
    UavMobilityHelper mobility = m_uavMobility;
    mobility.SetServiceArea(cell.centre, Rectangle(-half, half, -half, half));
    mobility.Install(uavs);
    GroundStationHelper users;
    for (uint32_t i = 0; i < cell.users; ++i)
    {
        const Vector offset(placement->GetValue(-half, half), placement->GetValue(-half, half), 0);
        users.Add("ue" + std::to_string(net.users.GetN() + i),
                  EcefToGeodetic(EnuToEcef(cell.centre, offset)));
    }
    net.uavs.Add(uavs);
    net.users.Add(users.Install());
}

SaginNetwork
SaginHelper::Install()
{
    const std::string what = "SaginHelper::Install: ";
    if (m_installed)
    {
        throw std::invalid_argument(what + "called twice; a SaginHelper installs one network "
                                           "(use another helper for another)");
    }
    if (m_shells.empty() && m_elementSets.empty())
    {
        throw std::invalid_argument(what + "no satellites; add a shell (AddShell, or AddShells "
                                           "with GetConstellationPreset) or a TLE file");
    }
    uint64_t satellites = m_elementSets.size();
    for (const auto& shell : m_shells)
    {
        satellites += shell.GetTotal();
    }
    uint64_t uavs = 0;
    uint64_t users = 0;
    for (const auto& cell : m_cells)
    {
        uavs += cell.uavs;
        users += cell.users;
    }
    if (satellites + m_stations.GetN() + uavs > HOSTS_PER_SLASH_16)
    {
        throw std::invalid_argument(what + std::to_string(satellites) + " satellites, " +
                                    std::to_string(m_stations.GetN()) + " stations and " +
                                    std::to_string(uavs) +
                                    " UAVs do not fit the GSL's 10.0.0.0/16 (65,534 addresses)");
    }
    if (uavs + users > HOSTS_PER_SLASH_16)
    {
        throw std::invalid_argument(what + std::to_string(uavs) + " UAVs and " +
                                    std::to_string(users) +
                                    " UEs do not fit the access network's 10.64.0.0/16 (65,534 "
                                    "addresses)");
    }

    m_installed = true;
    SaginNetwork net;
    net.routing = m_routing;
    // Space segment: the shells and TLE satellites, and their +Grid ISLs.
    if (!m_shells.empty())
    {
        net.satellites.Add(m_constellation.Install(m_shells));
    }
    if (!m_elementSets.empty())
    {
        net.satellites.Add(m_constellation.InstallTle(m_elementSets));
    }
    const PlusGridLayout layout = m_constellation.GetPlusGridLayout();
    net.isls = m_isl.InstallPlusGrid(net.satellites, layout.satellites, layout.shells);

    // Ground and air segments.
    if (m_stations.GetN() > 0)
    {
        net.stations = m_stations.Install();
    }
    auto placement = CreateObject<UniformRandomVariable>();
    if (m_stream >= 0)
    {
        placement->SetStream(m_stream);
    }
    for (const auto& cell : m_cells)
    {
        InstallCell(net, cell, placement);
    }

    // Ground-satellite links: stations and UAVs attach to satellites by the policy.
    m_gsl.SetGroundAttribute("AttachmentPolicy", PointerValue(m_policy.Create()));
    net.satelliteGsl = m_gsl.InstallSatellites(net.satellites);
    net.stationGsl = m_gsl.InstallGround(net.stations);
    net.uavGsl = m_gsl.InstallGround(net.uavs);
    if (!m_cells.empty())
    {
        // One access channel for every cell, each UAV on its own sub-channels.
        m_access.SetChannelAttribute("SubChannels", UintegerValue(SUB_CHANNELS_PER_UAV * uavs));
        net.uavAccess = m_access.InstallSatellites(net.uavs);
        for (uint32_t i = 0; i < net.uavs.GetN(); ++i)
        {
            net.uavAccess.Get(i)->SetAttribute("FirstSubChannel",
                                               UintegerValue(i * SUB_CHANNELS_PER_UAV));
        }
        net.userAccess = m_access.InstallGround(net.users);
    }
    if (m_stream >= 0)
    {
        // After the placement's stream: the UAV walks, then the channels' loss models.
        int64_t next = m_stream + 1;
        next += m_uavMobility.AssignStreams(net.uavs, next);
        next += GslHelper::AssignStreams(net.satelliteGsl, next);
        GslHelper::AssignStreams(net.uavAccess, next);
    }

    // Internet stack, SaginRouting on every node, addresses.
    InternetStackHelper internet;
    internet.SetRoutingHelper(m_routing);
    // SaginRouting routes IPv4 only: IPv6 on a satellite would hold link-local state alone
    // (6 KiB of its 55 and 0.13 ms of building it, measured on a 12,000-satellite shell).
    InternetStackHelper satelliteStack = internet;
    satelliteStack.SetIpv6StackInstall(false);
    satelliteStack.Install(net.satellites);
    internet.Install(net.uavs);
    internet.Install(net.users);
    InternetStackHelper stationStack;
    stationStack.SetRoutingHelper(m_stationRouting ? *m_stationRouting : m_routing);
    stationStack.Install(net.stations);
    IslHelper::AssignIpv4Addresses(net.isls, "10.128.0.0");
    Ipv4AddressHelper gslAddresses("10.0.0.0", "255.255.0.0");
    net.satelliteAddresses = gslAddresses.Assign(net.satelliteGsl);
    net.stationAddresses = gslAddresses.Assign(net.stationGsl);
    net.uavAddresses = gslAddresses.Assign(net.uavGsl);
    Ipv4AddressHelper accessAddresses("10.64.0.0", "255.255.0.0");
    accessAddresses.Assign(net.uavAccess);
    net.userAddresses = accessAddresses.Assign(net.userAccess);
    // Satellites forward with the devices' drop-tail queues: no FqCoDel (which
    // Ipv4AddressHelper installs by default) on the ISLs.
    TrafficControlHelper().Uninstall(net.isls);
    return net;
}

} // namespace sagin
} // namespace ns3
