// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_ROUTING_TEST_UTILS_H
#define SAGIN_ROUTING_TEST_UTILS_H

// Scenarios shared by the routing suites (sagin-routing, sagin-routing-handover,
// sagin-routing-trees, sagin-routing-fast-forwarding) and the latency tracer cases of
// sagin-latency: small hand-placed constellations (Scenario) and a 12 x 12 Walker shell
// (WalkerScenario), both routed by SaginRouting.

#include "ns3/constant-position-mobility-model.h"
#include "ns3/constant-velocity-mobility-model.h"
#include "ns3/constellation-helper.h"
#include "ns3/double.h"
#include "ns3/geodesy.h"
#include "ns3/gsl-attachment-policy.h"
#include "ns3/gsl-helper.h"
#include "ns3/gsl-net-device.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/isl-channel.h"
#include "ns3/isl-helper.h"
#include "ns3/pointer.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/sagin-routing-helper.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/udp-socket-factory.h"

#include <memory>
#include <utility>
#include <vector>

namespace ns3
{
namespace sagin
{
namespace tests
{

/** Satellites joined by ISLs, ground nodes on one GSL channel, SaginRouting everywhere. */
struct Scenario
{
    NodeContainer sats;                   //!< satellites
    NodeContainer grounds;                //!< ground nodes
    std::vector<NetDeviceContainer> isls; //!< one per ISL
    NetDeviceContainer gsl;               //!< satellites' then grounds' GSL devices
    Ipv4InterfaceContainer groundIps;     //!< grounds' GSL addresses
    SaginRoutingHelper routing;           //!< shared forwarding state

    /**
     * \param satMobility one mobility model per satellite
     * \param groundPositions ECEF position per ground node
     * \param links pairs of satellite indices joined by an ISL
     * \param interval routing recomputation interval
     * \param policy the grounds' attachment policy (null: the GSL's default)
     */
    Scenario(const std::vector<Ptr<MobilityModel>>& satMobility,
             const std::vector<Vector>& groundPositions,
             const std::vector<std::pair<uint32_t, uint32_t>>& links,
             Time interval,
             Ptr<GslAttachmentPolicy> policy = nullptr)
    {
        sats.Create(satMobility.size());
        grounds.Create(groundPositions.size());
        for (uint32_t i = 0; i < satMobility.size(); ++i)
        {
            sats.Get(i)->AggregateObject(satMobility[i]);
        }
        for (uint32_t i = 0; i < groundPositions.size(); ++i)
        {
            auto m = CreateObject<ConstantPositionMobilityModel>();
            m->SetPosition(groundPositions[i]);
            grounds.Get(i)->AggregateObject(m);
        }
        IslHelper isl;
        isl.SetChannelAttribute("MaxRange", DoubleValue(2500e3));
        for (const auto& [a, b] : links)
        {
            isls.push_back(isl.Install(sats.Get(a), sats.Get(b)));
        }
        GslHelper gslHelper;
        gslHelper.SetChannelAttribute(
            "PropagationLoss",
            PointerValue(CreateObjectWithAttributes<FriisPropagationLossModel>("Frequency",
                                                                               DoubleValue(2e9))));
        gslHelper.SetGroundAttribute("TxPower", DoubleValue(60.0));
        gslHelper.SetSatelliteAttribute("TxPower", DoubleValue(60.0));
        if (policy)
        {
            gslHelper.SetGroundAttribute("AttachmentPolicy", PointerValue(policy));
        }
        gsl = gslHelper.InstallSatellites(sats);
        NetDeviceContainer groundGsl = gslHelper.InstallGround(grounds);
        gsl.Add(groundGsl);
        routing.SetManagerAttribute("Interval", TimeValue(interval));
        InternetStackHelper internet;
        internet.SetRoutingHelper(routing);
        internet.Install(NodeContainer(sats, grounds));
        Ipv4AddressHelper addresses("10.2.0.0", "255.255.255.252");
        for (auto& devices : isls)
        {
            addresses.Assign(devices);
            addresses.NewNetwork();
        }
        Ipv4AddressHelper gslAddresses("10.1.0.0", "255.255.0.0");
        NetDeviceContainer satGsl;
        for (uint32_t i = 0; i < sats.GetN(); ++i)
        {
            satGsl.Add(gsl.Get(i));
        }
        gslAddresses.Assign(satGsl);
        groundIps = gslAddresses.Assign(groundGsl);
    }

    /**
     * Count, from now on, the packets each ISL delivers, either way (by MacRx), into m_counts.
     */
    void CountIslTraffic()
    {
        m_counts = std::make_shared<std::vector<uint32_t>>(isls.size(), 0);
        for (uint32_t i = 0; i < isls.size(); ++i)
        {
            for (uint32_t end = 0; end < 2; ++end)
            {
                isls[i].Get(end)->TraceConnectWithoutContext(
                    "MacRx",
                    MakeCallback(+[](std::vector<uint32_t>* c, uint32_t k, Ptr<const Packet>) {
                        ++(*c)[k];
                    }).Bind(m_counts.get(), i));
            }
        }
    }

    std::shared_ptr<std::vector<uint32_t>>
        m_counts; //!< per ISL, packets received (CountIslTraffic)
};

/**
 * \param lat latitude (degrees)
 * \param lon longitude (degrees)
 * \param alt altitude (m)
 * \return a fixed mobility model there
 */
inline Ptr<MobilityModel>
Fixed(double lat, double lon, double alt)
{
    auto m = CreateObject<ConstantPositionMobilityModel>();
    m->SetPosition(GeodeticToEcef({lat, lon, alt}));
    return m;
}

/**
 * Send one UDP datagram from a ground node to another at t.
 * \param s the scenario
 * \param from ground index
 * \param to ground index
 * \param t when
 */
inline void
SendUdp(Scenario& s, uint32_t from, uint32_t to, Time t)
{
    Ptr<Socket> socket = Socket::CreateSocket(s.grounds.Get(from), UdpSocketFactory::GetTypeId());
    const InetSocketAddress dest(s.groundIps.GetAddress(to), 9);
    Simulator::Schedule(t, [socket, dest]() { socket->SendTo(Create<Packet>(200), 0, dest); });
}

/**
 * \param s the scenario
 * \param ground ground index
 * \param[out] arrivals reception times at that ground's port 9
 */
inline void
Receive(Scenario& s, uint32_t ground, std::vector<Time>* arrivals)
{
    Ptr<Socket> socket = Socket::CreateSocket(s.grounds.Get(ground), UdpSocketFactory::GetTypeId());
    socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
    socket->SetRecvCallback([arrivals](Ptr<Socket> sock) {
        while (sock->Recv())
        {
            arrivals->push_back(Simulator::Now());
        }
    });
}

/**
 * Ground A at (0, 0) is passed over by S0 (750 km past the zenith at t = 0) and then S1
 * (1650 km behind), both heading east at 7.5 km/s 550 km up; ground B sits under a static S2
 * that both reach by ISL. A hands over from S0 to S1 at 58 s, when S0 sets below 25 degrees.
 * \param[out] handovers counts A's handovers from one satellite to another
 * \return the scenario
 */
inline std::unique_ptr<Scenario>
MakeHandoverScenario(uint32_t* handovers)
{
    const double a = WGS84_SEMI_MAJOR_AXIS;
    auto s0 = CreateObject<ConstantVelocityMobilityModel>();
    s0->SetPosition(Vector(a + 550e3, 750e3, 0));
    s0->SetVelocity(Vector(0, 7500, 0));
    auto s1 = CreateObject<ConstantVelocityMobilityModel>();
    s1->SetPosition(Vector(a + 550e3, -900e3, 0));
    s1->SetVelocity(Vector(0, 7500, 0));
    auto s =
        std::make_unique<Scenario>(std::vector<Ptr<MobilityModel>>{s0, s1, Fixed(10, 0, 550e3)},
                                   std::vector<Vector>{Vector(a, 0, 0), GeodeticToEcef({10, 0, 0})},
                                   std::vector<std::pair<uint32_t, uint32_t>>{{0, 2}, {1, 2}},
                                   MilliSeconds(100));
    for (auto& devices : s->isls)
    {
        DynamicCast<IslChannel>(devices.Get(0)->GetChannel())
            ->SetAttribute("MaxRange", DoubleValue(10000e3));
    }
    s->gsl.Get(3)->TraceConnectWithoutContext("Handover",
                                              MakeCallback(+[](uint32_t* n,
                                                               Ptr<GslNetDevice>,
                                                               Ptr<GslNetDevice> from,
                                                               Ptr<GslNetDevice> to) {
                                                  *n += from && to;
                                              }).Bind(handovers));
    return s;
}

/**
 * The GSL of the Walker-shell tests: Friis at 2 GHz, noise -130 dBm, 60 dBm both ways, the
 * highest satellite above 10 degrees, so the links close and the geometry alone decides.
 * \return the helper
 */
inline GslHelper
WalkerTestGslHelper()
{
    GslHelper gsl;
    gsl.SetChannelAttribute(
        "PropagationLoss",
        PointerValue(
            CreateObjectWithAttributes<FriisPropagationLossModel>("Frequency", DoubleValue(2e9))));
    gsl.SetChannelAttribute("NoisePower", DoubleValue(-130.0));
    gsl.SetGroundAttribute("TxPower", DoubleValue(60.0));
    gsl.SetSatelliteAttribute("TxPower", DoubleValue(60.0));
    gsl.SetGroundAttribute(
        "AttachmentPolicy",
        PointerValue(
            CreateObjectWithAttributes<HighestElevationAttachmentPolicy>("MinElevation",
                                                                         DoubleValue(10.0))));
    return gsl;
}

/**
 * Count the datagrams that die of TTL expiry on some nodes (Ipv4L3Protocol's Drop trace).
 * \param nodes the nodes
 * \param[out] expired incremented at each expiry
 */
inline void
CountTtlExpiries(const NodeContainer& nodes, uint32_t* expired)
{
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        nodes.Get(i)->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
            "Drop",
            MakeCallback(+[](uint32_t* n,
                             const Ipv4Header&,
                             Ptr<const Packet>,
                             Ipv4L3Protocol::DropReason reason,
                             Ptr<Ipv4>,
                             uint32_t) {
                *n += reason == Ipv4L3Protocol::DROP_TTL_EXPIRED;
            }).Bind(expired));
    }
}

/**
 * A 12 x 12 Walker shell at 1000 km with +Grid ISLs and ground stations attached by GSL, as
 * in the latency suite; SaginRouting everywhere.
 */
struct WalkerScenario
{
    NodeContainer sats;               //!< satellites
    NodeContainer grounds;            //!< ground stations
    NetDeviceContainer isls;          //!< ISL devices, two per link
    Ipv4InterfaceContainer groundIps; //!< stations' GSL addresses
    SaginRoutingHelper routing;       //!< shared forwarding state

    /**
     * \param stations geodetic positions of the stations
     * \param interval routing recomputation interval
     */
    WalkerScenario(const std::vector<GeodeticPosition>& stations, Time interval)
    {
        WalkerShell shell;
        shell.altitude = 1000e3;
        shell.inclination = 53;
        shell.planes = 12;
        shell.satsPerPlane = 12;
        shell.phasing = 1;
        ConstellationHelper constellation;
        sats = constellation.Install(shell);
        grounds.Create(stations.size());
        for (uint32_t i = 0; i < stations.size(); ++i)
        {
            auto m = CreateObject<ConstantPositionMobilityModel>();
            m->SetPosition(GeodeticToEcef(stations[i]));
            grounds.Get(i)->AggregateObject(m);
        }
        isls = IslHelper().InstallPlusGrid(sats, constellation.GetWalkerSatellites(), {shell});
        GslHelper gsl = WalkerTestGslHelper();
        NetDeviceContainer satGsl = gsl.InstallSatellites(sats);
        NetDeviceContainer groundGsl = gsl.InstallGround(grounds);
        routing.SetManagerAttribute("Interval", TimeValue(interval));
        InternetStackHelper internet;
        internet.SetRoutingHelper(routing);
        internet.Install(sats);
        internet.Install(grounds);
        IslHelper::AssignIpv4Addresses(isls, "10.128.0.0");
        Ipv4AddressHelper gslAddresses("10.0.0.0", "255.255.0.0");
        gslAddresses.Assign(satGsl);
        groundIps = gslAddresses.Assign(groundGsl);
    }
};

} // namespace tests
} // namespace sagin
} // namespace ns3

#endif // SAGIN_ROUTING_TEST_UTILS_H
