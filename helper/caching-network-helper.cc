// SPDX-License-Identifier: GPL-2.0-only
#include "caching-network-helper.h"

#include "ns3/blockchain-helper.h"
#include "ns3/blockchain-node.h"
#include "ns3/caching-packet-delivery.h"
#include "ns3/circular-orbit.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/gsl-helper.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/satellite-mobility-model.h"
#include "ns3/string.h"
#include "ns3/uav-air-to-ground-propagation-loss-model.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginCachingNetworkHelper");

namespace
{
/** EIRP of the satellite and of the terminals towards it (dBm) [recon]: high enough that
 * R^S is the MaxRate cap, as study C's constant R^S. */
constexpr double SATELLITE_LINK_EIRP_DBM = 60.0;
constexpr double DEGREES = M_PI / 180.0; //!< radians per degree
} // namespace

CachingNetworkHelper::CachingNetworkHelper()
    : m_uavBandwidth(10e6),
      m_uavTxPower(30.0),
      m_noisePower(-110.0),
      m_satelliteRate("2Mbps"),
      m_blockchain(true),
      m_blockInterval(Seconds(1))
{
}

void
CachingNetworkHelper::SetBlockchain(bool enable, Time blockInterval)
{
    if (enable && !blockInterval.IsStrictlyPositive())
    {
        throw std::invalid_argument("CachingNetworkHelper::SetBlockchain: block interval " +
                                    std::to_string(blockInterval.GetSeconds()) +
                                    " s; give a positive interval");
    }
    m_blockchain = enable;
    m_blockInterval = blockInterval;
}

void
CachingNetworkHelper::SetUavBandwidth(double hz)
{
    if (!(hz > 0))
    {
        throw std::invalid_argument("CachingNetworkHelper: UAV bandwidth " + std::to_string(hz) +
                                    " Hz; give B > 0");
    }
    m_uavBandwidth = hz;
}

void
CachingNetworkHelper::SetUavTxPower(double dbm)
{
    m_uavTxPower = dbm;
}

void
CachingNetworkHelper::SetNoisePower(double dbm)
{
    m_noisePower = dbm;
}

void
CachingNetworkHelper::SetAccessLoss(Ptr<PropagationLossModel> loss)
{
    m_accessLoss = loss;
}

void
CachingNetworkHelper::SetSatelliteRate(DataRate rate)
{
    m_satelliteRate = rate;
}

Ptr<Node>
CachingNetworkHelper::CreateOverheadSatellite(const GeodeticPosition& area,
                                              double altitudeM,
                                              double inclinationDeg)
{
    if (std::abs(area.latitude) > inclinationDeg)
    {
        throw std::invalid_argument(
            "CachingNetworkHelper::CreateOverheadSatellite: latitude " +
            std::to_string(area.latitude) + " is never under an orbit inclined " +
            std::to_string(inclinationDeg) + " degrees; raise the inclination");
    }
    // Spherical trigonometry of the ground track: sin(lat) = sin(i) sin(u), and the
    // longitude from the ascending node is atan2(cos(i) sin(u), cos(u)).
    const double i = inclinationDeg * DEGREES;
    const double u = std::asin(std::sin(area.latitude * DEGREES) / std::sin(i));
    const double fromNode = std::atan2(std::cos(i) * std::sin(u), std::cos(u));
    auto orbit =
        CreateObjectWithAttributes<CircularOrbit>("Altitude",
                                                  DoubleValue(altitudeM),
                                                  "Inclination",
                                                  DoubleValue(inclinationDeg),
                                                  "Raan",
                                                  DoubleValue(area.longitude - fromNode / DEGREES),
                                                  "ArgumentOfLatitude",
                                                  DoubleValue(u / DEGREES));
    auto mobility = CreateObject<SatelliteMobilityModel>();
    mobility->SetOrbit(orbit);
    Ptr<Node> node = CreateObject<Node>();
    node->AggregateObject(mobility);
    return node;
}

Ptr<CachingPacketDelivery>
CachingNetworkHelper::Install(NodeContainer uavs, NodeContainer ues, Ptr<Node> satellite)
{
    const uint32_t numUavs = uavs.GetN();
    GslHelper access;
    access.SetChannelAttribute(
        "PropagationLoss",
        PointerValue(m_accessLoss ? m_accessLoss
                                  : Ptr<PropagationLossModel>(
                                        CreateObject<UavAirToGroundPropagationLossModel>())));
    access.SetChannelAttribute("SubChannels", UintegerValue(std::max(numUavs, 1u)));
    access.SetChannelAttribute("SubChannelBandwidth", DoubleValue(m_uavBandwidth));
    access.SetChannelAttribute("NoisePower", DoubleValue(m_noisePower));
    access.SetSatelliteAttribute("TxPower", DoubleValue(m_uavTxPower));
    access.SetSatelliteAttribute("CellScheduling", StringValue("AirtimeFair"));
    // Study C models the downlink only; UEs send at the UAV's power so that the uplink (TCP
    // acknowledgements, requests) is as good as the downlink it serves [recon].
    access.SetGroundAttribute("TxPower", DoubleValue(m_uavTxPower));
    access.SetGroundAttribute("AttachmentPolicy", PointerValue()); // the controller attaches
    NetDeviceContainer uavAccess = access.InstallSatellites(uavs);
    for (uint32_t j = 0; j < numUavs; ++j)
    {
        uavAccess.Get(j)->SetAttribute("FirstSubChannel", UintegerValue(j)); // own carrier
    }
    NetDeviceContainer ueAccess = access.InstallGround(ues);

    GslHelper space;
    space.SetChannelAttribute("MaxRate", DataRateValue(m_satelliteRate));
    space.SetChannelAttribute("SubChannels", UintegerValue(numUavs + ues.GetN()));
    space.SetSatelliteAttribute("TxPower", DoubleValue(SATELLITE_LINK_EIRP_DBM));
    space.SetGroundAttribute("TxPower", DoubleValue(SATELLITE_LINK_EIRP_DBM));
    NetDeviceContainer satelliteDevice = space.InstallSatellites(NodeContainer(satellite));
    NetDeviceContainer terminals = space.InstallGround(NodeContainer(uavs, ues));

    InternetStackHelper internet;
    m_nodes = NodeContainer(NodeContainer(satellite), uavs, ues);
    m_spaceDevices = NetDeviceContainer(satelliteDevice, terminals);
    m_chainNodes = NodeContainer();
    internet.Install(m_nodes);
    // Satellite links first: interface 1 of every node is on the satellite channel, where the
    // chain's peers meet (BlockchainHelper connects to interface 1).
    Ipv4AddressHelper spaceAddresses("10.128.0.0", "255.255.0.0");
    spaceAddresses.Assign(satelliteDevice);
    spaceAddresses.Assign(terminals);
    Ipv4AddressHelper accessAddresses("10.64.0.0", "255.255.0.0");
    accessAddresses.Assign(uavAccess);
    accessAddresses.Assign(ueAccess);

    auto delivery = CreateObject<CachingPacketDelivery>();
    delivery->Install(uavs, ues, satellite, access.GetChannel(), space.GetChannel());
    if (m_blockchain)
    {
        // Every slot the operator's node on the satellite produces a block (proof of stake
        // with all the stake on it) of the delivery records; the UAVs are its peers, full or
        // light as the slot's decision says [recon: in the source full UAVs compete to
        // produce; the model pays r^fu whoever produces].
        m_chain = BlockchainHelper();
        BlockchainHelper& chain = m_chain;
        chain.SetConsensus("pos", "SlotDuration", TimeValue(m_blockInterval));
        std::vector<double> stakes(1 + numUavs, 0.0);
        stakes[0] = 1.0;
        chain.SetMemberWeights(stakes);
        std::vector<std::pair<uint32_t, uint32_t>> links;
        for (uint32_t j = 0; j < numUavs; ++j)
        {
            links.emplace_back(0, 1 + j);
        }
        chain.SetPeerLinks(links);
        m_chainNodes = NodeContainer(NodeContainer(satellite), uavs);
        ApplicationContainer apps = chain.Install(m_chainNodes);
        std::vector<Ptr<BlockchainNode>> uavNodes;
        for (uint32_t j = 0; j < numUavs; ++j)
        {
            uavNodes.push_back(DynamicCast<BlockchainNode>(apps.Get(1 + j)));
        }
        delivery->SetBlockchain(DynamicCast<BlockchainNode>(apps.Get(0)), uavNodes);
    }
    return delivery;
}

int64_t
CachingNetworkHelper::AssignStreams(int64_t stream)
{
    int64_t used = GslHelper::AssignStreams(m_spaceDevices, stream);
    used += InternetStackHelper().AssignStreams(m_nodes, stream + used);
    if (m_chainNodes.GetN() > 0)
    {
        used += m_chain.AssignStreams(m_chainNodes, stream + used);
    }
    return used;
}

} // namespace sagin
} // namespace ns3
