// SPDX-License-Identifier: GPL-2.0-only
//
// Inter-satellite links: ns-3 PointToPointNetDevices on an IslChannel carry real packets
// through the Internet stack; the propagation delay is the distance at send time over c
// (closed form), links beyond MaxRange lose packets, and the +Grid pattern has the link
// counts Walker's geometry implies.

#include "sagin-test-utils.h"
#include "tle-test-utils.h"

#include "ns3/circular-orbit.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/constant-velocity-mobility-model.h"
#include "ns3/constellation-helper.h"
#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4.h"
#include "ns3/isl-channel.h"
#include "ns3/isl-helper.h"
#include "ns3/satellite-mobility-model.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/udp-echo-helper.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{
const double C = 299792458.0; //!< speed of light (m/s)

/** Two satellites on one ISL at 10 Mbit/s with IPv4, and a UDP receiver on the second. */
struct IslPair
{
    NodeContainer nodes;        //!< the two satellites
    NetDeviceContainer devices; //!< their ISL devices
    Ipv4InterfaceContainer ips; //!< their addresses
    Ptr<Socket> receiver;       //!< UDP socket on port 9 of the second
    std::vector<Time> arrivals; //!< reception times at the receiver

    /**
     * \param a mobility of the first satellite
     * \param b mobility of the second
     * \param maxRange IslChannel MaxRange (m)
     */
    IslPair(Ptr<MobilityModel> a, Ptr<MobilityModel> b, double maxRange = 5016e3)
    {
        nodes.Create(2);
        nodes.Get(0)->AggregateObject(a);
        nodes.Get(1)->AggregateObject(b);
        IslHelper isl;
        isl.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
        isl.SetChannelAttribute("MaxRange", DoubleValue(maxRange));
        devices = isl.Install(nodes.Get(0), nodes.Get(1));
        InternetStackHelper().Install(nodes);
        Ipv4AddressHelper addresses("10.0.0.0", "255.255.255.252");
        ips = addresses.Assign(devices);
        receiver = Socket::CreateSocket(nodes.Get(1), UdpSocketFactory::GetTypeId());
        receiver->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        receiver->SetRecvCallback([this](Ptr<Socket> s) {
            while (s->Recv())
            {
                arrivals.push_back(Simulator::Now());
            }
        });
    }

    /**
     * Send one 100-byte UDP datagram from the first satellite to the second at t.
     * \param t send time
     */
    void SendAt(Time t)
    {
        Ptr<Socket> sender = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        const InetSocketAddress to(ips.GetAddress(1), 9);
        Simulator::Schedule(t, [sender, to]() { sender->SendTo(Create<Packet>(100), 0, to); });
    }
};

/**
 * \param position ECEF (m)
 * \return a fixed mobility model there
 */
Ptr<MobilityModel>
At(const Vector& position)
{
    auto m = CreateObject<ConstantPositionMobilityModel>();
    m->SetPosition(position);
    return m;
}

// 100 B payload + 8 B UDP + 20 B IPv4 + 2 B PPP = 130 B = 1040 bit at 10 Mbit/s.
const Time TX_TIME = MicroSeconds(104);

/**
 * Tolerance per propagation delay in an expected time. The channel turns each packet's
 * distance / c into an ns-3 Time rounded to the 1 ns resolution (FromSeconds in
 * double-seconds.h), and so does Seconds(double) for the expected value; the two roundings
 * can fall on either side of a half nanosecond: 1 ns per delay. TX_TIME is exact.
 */
const Time ROUNDING_PER_DELAY = NanoSeconds(1);

/** One ISL delay reference: the second satellite starts 1000 km from the first. */
struct IslDelayVector
{
    std::string name; //!< what the row checks
    Vector velocity;  //!< of the second satellite, away from the first (m/s)
    Time send;        //!< when the datagram is sent
    double distance;  //!< between the satellites at the send time, closed form (m)
    Time tolerance;   //!< on the arrival time and the Delay attribute
};
} // namespace

/**
 * \ingroup sagin-tests
 * Delay = transmission time + distance at send time / c, fixed and moving ends.
 */
class IslDelayTestCase : public TestCase
{
  public:
    IslDelayTestCase()
        : TestCase("ISL delay follows the distance at send time")
    {
        m_vectors.Add({"1000 km", Vector(0, 0, 0), Seconds(1), 1000e3, ROUNDING_PER_DELAY});
        // Receding at 1 km/s from 1000 km: 1010 km apart at t = 10 s.
        m_vectors.Add({"moving", Vector(0, 1000, 0), Seconds(10), 1010e3, ROUNDING_PER_DELAY});
    }

  private:
    void DoRun() override
    {
        for (std::size_t i = 0; i < m_vectors.GetN(); ++i)
        {
            const IslDelayVector& v = m_vectors.Get(i);
            auto second = CreateObject<ConstantVelocityMobilityModel>();
            second->SetPosition(Vector(7000e3, 1000e3, 0));
            second->SetVelocity(v.velocity);
            IslPair pair(At(Vector(7000e3, 0, 0)), second);
            // The inherited Delay attribute carries each packet's delay (isl-channel.h): one set
            // by hand is replaced, and it reads the last packet's.
            Ptr<Channel> channel = pair.devices.Get(0)->GetChannel();
            channel->SetAttribute("Delay", TimeValue(Seconds(1)));
            pair.SendAt(v.send);
            Simulator::Run();
            TimeValue delay;
            channel->GetAttribute("Delay", delay);
            Simulator::Destroy();
            NS_TEST_ASSERT_MSG_EQ(pair.arrivals.size(), 1u, v.name << ": delivered");
            const Time expected = v.send + TX_TIME + Seconds(v.distance / C);
            NS_TEST_EXPECT_MSG_EQ_TOL(pair.arrivals[0], expected, v.tolerance, v.name);
            NS_TEST_EXPECT_MSG_EQ_TOL(delay.Get(),
                                      Seconds(v.distance / C),
                                      v.tolerance,
                                      v.name << ": Delay");
        }
    }

    TestVectors<IslDelayVector> m_vectors; //!< the geometries
};

/**
 * \ingroup sagin-tests
 * Beyond MaxRange a packet is lost, counted by PhyTxDrop and LinkBreak, never delivered.
 */
class IslRangeTestCase : public TestCase
{
  public:
    IslRangeTestCase()
        : TestCase("ISL beyond MaxRange loses packets, with traces")
    {
    }

  private:
    void DoRun() override
    {
        auto moving = CreateObject<ConstantVelocityMobilityModel>();
        moving->SetPosition(Vector(7000e3, 400e3, 0));
        moving->SetVelocity(Vector(0, 10e3, 0)); // 500 km apart at t = 10 s
        IslPair pair(At(Vector(7000e3, 0, 0)), moving, 500e3);
        uint32_t breaks = 0;
        uint32_t drops = 0;
        double brokenAt = 0;
        pair.devices.Get(0)->GetChannel()->TraceConnectWithoutContext(
            "LinkBreak",
            MakeCallback(+[](uint32_t* n, double* d, Ptr<const Packet>, double distance) {
                ++*n;
                *d = distance;
            }).Bind(&breaks, &brokenAt));
        pair.devices.Get(0)->TraceConnectWithoutContext(
            "PhyTxDrop",
            MakeCallback(+[](uint32_t* n, Ptr<const Packet>) { ++*n; }).Bind(&drops));
        pair.SendAt(Seconds(5));  // 450 km: delivered
        pair.SendAt(Seconds(15)); // 550 km: lost
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(pair.arrivals.size(), 1u, "only the in-range packet arrives");
        NS_TEST_EXPECT_MSG_EQ(breaks, 1u, "one LinkBreak");
        NS_TEST_EXPECT_MSG_EQ(drops, 1u, "one PhyTxDrop");
        NS_TEST_EXPECT_MSG_EQ_TOL(brokenAt, 550e3, 1e-3, "distance reported");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * The channel keeps the distance of the current instant; an end moved within that instant
 * (SetPosition) makes it take the distance again.
 */
class IslMovedEndTestCase : public TestCase
{
  public:
    IslMovedEndTestCase()
        : TestCase("ISL distance follows an end moved within the same instant")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<MobilityModel> far = At(Vector(7000e3, 1000e3, 0));
        IslPair pair(At(Vector(7000e3, 0, 0)), far);
        auto channel = DynamicCast<IslChannel>(pair.devices.Get(0)->GetChannel());
        NS_TEST_EXPECT_MSG_EQ_TOL(channel->GetDistance(), 1000e3, 1e-6, "before the move");
        far->SetPosition(Vector(7000e3, 2000e3, 0)); // same instant (t = 0), 2000 km apart
        NS_TEST_EXPECT_MSG_EQ_TOL(channel->GetDistance(), 2000e3, 1e-6, "after the move");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * Between two satellites of one shell the channel takes the distance in closed form; it
 * follows orbits whose elements change (from the next instant) or that are replaced.
 */
class IslOrbitChangeTestCase : public TestCase
{
  public:
    IslOrbitChangeTestCase()
        : TestCase("ISL distance follows changed and replaced orbits")
    {
    }

  private:
    void DoRun() override
    {
        auto satellite = [](Ptr<CircularOrbit> orbit) {
            auto mobility = CreateObject<SatelliteMobilityModel>();
            mobility->SetOrbit(orbit);
            return mobility;
        };
        auto orbitA = CreateObject<CircularOrbit>();
        orbitA->SetElements(550e3, 53.0, 0.0, 0.0);
        auto orbitB = CreateObject<CircularOrbit>();
        orbitB->SetElements(550e3, 53.0, 0.0, 36.0);
        Ptr<SatelliteMobilityModel> a = satellite(orbitA);
        Ptr<SatelliteMobilityModel> b = satellite(orbitB);
        IslPair pair(a, b);
        auto channel = DynamicCast<IslChannel>(pair.devices.Get(0)->GetChannel());
        // Same plane, 36 degrees apart: the chord 2 r sin(18 deg).
        const double r = 6378137.0 + 550e3;
        NS_TEST_EXPECT_MSG_EQ_TOL(channel->GetDistance(),
                                  2 * r * std::sin(18 * M_PI / 180),
                                  1e-6,
                                  "one shell");
        // New elements take effect at the next instant (the mobility model, too, keeps the
        // position of the current one).
        orbitB->SetElements(550e3, 53.0, 0.0, 72.0);
        Simulator::Stop(Seconds(1));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ_TOL(channel->GetDistance(),
                                  2 * r * std::sin(36 * M_PI / 180),
                                  1e-6,
                                  "changed elements");
        auto higher = CreateObject<CircularOrbit>();
        higher->SetElements(1200e3, 53.0, 0.0, 0.0);
        b->SetOrbit(higher); // another shell, at once: the distance of the two positions
        NS_TEST_EXPECT_MSG_EQ_TOL(channel->GetDistance(),
                                  CalculateDistance(a->GetPosition(), b->GetPosition()),
                                  1e-6,
                                  "replaced orbit");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * ns-3's stock UdpEcho applications over an ISL: every echo returns after 2 (tx + d / c).
 */
class IslUdpEchoTestCase : public TestCase
{
  public:
    IslUdpEchoTestCase()
        : TestCase("stock UdpEcho over an ISL")
    {
    }

  private:
    void DoRun() override
    {
        IslPair pair(At(Vector(7000e3, 0, 0)), At(Vector(7000e3, 2000e3, 0)));
        UdpEchoServerHelper server(7);
        server.Install(pair.nodes.Get(1)).Start(Seconds(0));
        UdpEchoClientHelper client(pair.ips.GetAddress(1), 7);
        client.SetAttribute("MaxPackets", UintegerValue(3));
        client.SetAttribute("Interval", TimeValue(Seconds(1)));
        client.SetAttribute("PacketSize", UintegerValue(100));
        ApplicationContainer apps = client.Install(pair.nodes.Get(0));
        apps.Start(Seconds(1));
        std::vector<Time> sent;
        std::vector<Time> echoed;
        apps.Get(0)->TraceConnectWithoutContext(
            "Tx",
            MakeCallback(+[](std::vector<Time>* v, Ptr<const Packet>) {
                v->push_back(Simulator::Now());
            }).Bind(&sent));
        apps.Get(0)->TraceConnectWithoutContext(
            "Rx",
            MakeCallback(+[](std::vector<Time>* v, Ptr<const Packet>) {
                v->push_back(Simulator::Now());
            }).Bind(&echoed));
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        Simulator::Destroy();
        NS_TEST_ASSERT_MSG_EQ(echoed.size(), 3u, "three echoes");
        // UdpEchoClient's 100 B payload carries no sequence header: 130 B on the wire.
        const Time rtt = 2 * (TX_TIME + Seconds(2000e3 / C));
        for (size_t i = 0; i < 3; ++i)
        {
            // Two propagation delays, one each way.
            NS_TEST_EXPECT_MSG_EQ_TOL(echoed[i] - sent[i],
                                      rtt,
                                      2 * ROUNDING_PER_DELAY,
                                      "RTT " << i);
        }
    }
};

/**
 * \ingroup sagin-tests
 * +Grid link counts for Walker delta and star shells.
 */
class IslPlusGridTestCase : public TestCase
{
  public:
    IslPlusGridTestCase()
        : TestCase("+Grid inter-satellite links of Walker shells")
    {
    }

  private:
    void DoRun() override
    {
        WalkerShell delta;
        delta.planes = 4;
        delta.satsPerPlane = 5;
        delta.phasing = 1;
        WalkerShell star = delta;
        star.pattern = WalkerShell::STAR;
        star.inclination = 86.4;
        const std::vector<WalkerShell> shells{delta, star};
        ConstellationHelper constellation;
        NodeContainer sats = constellation.Install(shells);
        const NetDeviceContainer devices =
            IslHelper().InstallPlusGrid(sats, constellation.GetWalkerSatellites(), shells);
        // Delta: 20 intra-plane + 20 inter-plane (wrapping) links; star: 20 + 15 (no seam).
        NS_TEST_EXPECT_MSG_EQ(devices.GetN(), 2u * (40 + 35), "two devices per link");
        for (uint32_t i = 0; i < 20; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(sats.Get(i)->GetNDevices(), 4u, "delta: four neighbours");
        }
        // Star: the first and last planes have three neighbours.
        NS_TEST_EXPECT_MSG_EQ(sats.Get(20)->GetNDevices(), 3u, "star seam, first plane");
        NS_TEST_EXPECT_MSG_EQ(sats.Get(39)->GetNDevices(), 3u, "star seam, last plane");
        NS_TEST_EXPECT_MSG_EQ(sats.Get(30)->GetNDevices(), 4u, "star, inner plane");
        // Intra-plane neighbours of a 5-satellite plane at 550 km are 72 degrees apart:
        // chord 2 r sin(36 deg).
        auto channel = DynamicCast<IslChannel>(sats.Get(0)->GetDevice(0)->GetChannel());
        NS_TEST_EXPECT_MSG_EQ_TOL(channel->GetDistance(),
                                  2 * (6378137.0 + 550e3) * std::sin(36 * M_PI / 180),
                                  1e-3,
                                  "intra-plane chord");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * InstallPlusGrid refuses an inconsistent layout with std::invalid_argument naming the
 * satellite and its position, and makes no device before it does.
 */
class IslPlusGridBadLayoutTestCase : public TestCase
{
  public:
    IslPlusGridBadLayoutTestCase()
        : TestCase("+Grid refuses an inconsistent layout")
    {
    }

  private:
    void DoRun() override
    {
        WalkerShell shell;
        shell.planes = 3;
        shell.satsPerPlane = 3;
        ConstellationHelper constellation;
        NodeContainer sats = constellation.Install(shell);
        const std::vector<WalkerSatellite> good = constellation.GetWalkerSatellites();
        const auto messageFor = [&](const std::vector<WalkerSatellite>& layout,
                                    const std::vector<WalkerShell>& shells) {
            return MessageOf<std::invalid_argument>(
                [&]() { IslHelper().InstallPlusGrid(sats, layout, shells); });
        };

        NS_TEST_EXPECT_MSG_EQ(Contains(messageFor(good, {}),
                                       "satellite 0 of the layout is at "
                                       "shell 0, plane 0, slot 0, outside"),
                              true,
                              "no shell: " << messageFor(good, {}));
        std::vector<WalkerSatellite> twice = good;
        twice[4].slot = 0; // (plane 1, slot 1) moves onto (plane 1, slot 0)
        NS_TEST_EXPECT_MSG_EQ(Contains(messageFor(twice, {shell}),
                                       "satellites 3 and 4 of the layout are both at "
                                       "shell 0, plane 1, slot 0"),
                              true,
                              "two at one slot: " << messageFor(twice, {shell}));
        // A complete-looking layout of a larger shell: neighbours are missing, not out of range.
        WalkerShell larger = shell;
        larger.satsPerPlane = 4;
        NS_TEST_EXPECT_MSG_EQ(Contains(messageFor(good, {larger}),
                                       "no satellite at shell 0, plane 0, slot 3, the +Grid "
                                       "neighbour of satellite 2"),
                              true,
                              "missing neighbour: " << messageFor(good, {larger}));
        for (uint32_t i = 0; i < sats.GetN(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(sats.Get(i)->GetNDevices(), 0u, "no half-built grid");
        }
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * Partitioning for a distributed run: ConstellationHelper::SetRanks puts plane p of P on rank
 * floor(p R / P) (a 6-plane shell on 4 ranks: 0, 0, 1, 2, 2, 3), refuses more ranks than
 * planes, zero ranks and TLE satellites; a ground point under a satellite gets its rank
 * (GetNearestSatelliteRank); IslHelper links two ranks only with a lookahead of
 * at least 1 us (refused for satellites that meet or nearly meet, or without a closed form),
 * and not at all without an MPI run (no mpi module, or MPI not enabled).
 */
class IslAcrossRanksTestCase : public TestCase
{
  public:
    IslAcrossRanksTestCase()
        : TestCase("satellites partitioned by plane; links across ranks")
    {
    }

  private:
    /**
     * \param rank the node's system id
     * \param inclination of its circular orbit (degrees)
     * \param altitude of its orbit (m)
     * \param argumentOfLatitude at t = 0 (degrees)
     * \return a satellite on an orbit of RAAN 0
     */
    static Ptr<Node> Satellite(uint32_t rank,
                               double inclination,
                               double altitude,
                               double argumentOfLatitude = 0)
    {
        auto orbit = CreateObject<CircularOrbit>();
        orbit->SetElements(altitude, inclination, 0.0, argumentOfLatitude);
        auto mobility = CreateObject<SatelliteMobilityModel>();
        mobility->SetOrbit(orbit);
        Ptr<Node> node = CreateObject<Node>(rank);
        node->AggregateObject(mobility);
        return node;
    }

    void DoRun() override
    {
        WalkerShell shell;
        shell.planes = 6;
        shell.satsPerPlane = 4;
        ConstellationHelper constellation;
        constellation.SetRanks(4);
        const NodeContainer sats = constellation.Install(shell);
        const uint32_t expected[] = {0, 0, 1, 2, 2, 3};
        for (uint32_t i = 0; i < sats.GetN(); ++i)
        {
            const uint32_t plane = constellation.GetWalkerSatellites()[i].plane;
            NS_TEST_EXPECT_MSG_EQ(sats.Get(i)->GetSystemId(), expected[plane], "plane " << plane);
        }
        // A ground point right under a satellite (its position scaled onto the sphere of the
        // Earth's radius) takes that satellite's rank. Phasing 1: no two satellites meet where
        // the planes cross, as those of planes 180 degrees apart do with phasing 0.
        WalkerShell phased = shell;
        phased.phasing = 1;
        ConstellationHelper partitioned;
        partitioned.SetRanks(4);
        const NodeContainer spread = partitioned.Install(phased);
        for (uint32_t i = 0; i < spread.GetN(); ++i)
        {
            const Vector p = spread.Get(i)->GetObject<MobilityModel>()->GetPosition();
            const double scale = 6378137.0 / std::sqrt(p.x * p.x + p.y * p.y + p.z * p.z);
            NS_TEST_EXPECT_MSG_EQ(ConstellationHelper::GetNearestSatelliteRank(
                                      spread,
                                      Vector(p.x * scale, p.y * scale, p.z * scale)),
                                  spread.Get(i)->GetSystemId(),
                                  "a ground point under satellite " << i);
        }
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem(
                [&]() { ConstellationHelper::GetNearestSatelliteRank(NodeContainer(), Vector()); },
                "no satellites"),
            "",
            "a rank needs satellites");

        ConstellationHelper tooMany;
        tooMany.SetRanks(7);
        NS_TEST_EXPECT_MSG_EQ(RefusalProblem([&]() { tooMany.Install(shell); },
                                             "7 ranks (SetRanks) but 6 orbital planes"),
                              "",
                              "more ranks than planes");
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem([&]() { ConstellationHelper().SetRanks(0); }, "0 ranks"),
            "",
            "no rank");
        ConstellationHelper tle;
        tle.SetRanks(2);
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem([&]() { tle.InstallTle({CircularTle(1, 53, 550e3, 0, 0)}); },
                           "TLE satellites cannot be partitioned by plane"),
            "",
            "TLE");

        // Planes 1 and 2 of the shell are on ranks 0 and 1; their satellites never meet.
        const Ptr<Node> a = sats.Get(1 * shell.satsPerPlane);
        const Ptr<Node> b = sats.Get(2 * shell.satsPerPlane);
        const std::optional<Time> lookahead = IslChannel::GetMinDelay(a, b);
        NS_TEST_ASSERT_MSG_EQ(lookahead.has_value(), true, "one shell has a closed form");
        NS_TEST_EXPECT_MSG_GT(*lookahead, Time(0), "apart");
#ifdef NS3_MPI
        // A test runner does not enable MPI: rank 1 has no process (sagin-distributed shows
        // the remote channel at work).
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem([&]() { IslHelper().Install(a, b); }, "(MPI is not enabled)"),
            "",
            "no MPI run");
#else
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem([&]() { IslHelper().Install(a, b); }, "this ns-3 has no mpi module"),
            "",
            "no MPI");
#endif
        // Orbits of 53 and 60 degrees through one node, both satellites on it at t = 0.
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem(
                [&]() { IslHelper().Install(Satellite(0, 53, 550e3), Satellite(1, 60, 550e3)); },
                "lookahead zero"),
            "",
            "satellites that meet");
        // 5e-4 degrees behind: at most 60 m apart at the node, 0.2 us of light time.
        NS_TEST_EXPECT_MSG_EQ(RefusalProblem(
                                  [&]() {
                                      IslHelper().Install(Satellite(0, 53, 550e3),
                                                          Satellite(1, 60, 550e3, -5e-4));
                                  },
                                  "lookahead below 1 us"),
                              "",
                              "satellites that nearly meet");
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem(
                [&]() { IslHelper().Install(Satellite(0, 53, 550e3), Satellite(1, 53, 1200e3)); },
                "needs a delay bound"),
            "",
            "two shells");
        // One rank: an ordinary IslChannel, even for satellites that meet.
        const NetDeviceContainer local =
            IslHelper().Install(Satellite(1, 53, 550e3), Satellite(1, 60, 550e3));
        NS_TEST_EXPECT_MSG_EQ(local.Get(0)->GetChannel()->GetInstanceTypeId().GetName(),
                              "ns3::sagin::IslChannel",
                              "same rank");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * AssignIpv4Addresses gives each link of a three-satellite chain its own /30, in order.
 */
class IslAddressTestCase : public TestCase
{
  public:
    IslAddressTestCase()
        : TestCase("one 30-bit-mask subnet per ISL")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer sats;
        sats.Create(3);
        IslHelper isl;
        NetDeviceContainer devices = isl.Install(sats.Get(0), sats.Get(1));
        devices.Add(isl.Install(sats.Get(1), sats.Get(2)));
        InternetStackHelper().Install(sats);
        Ipv4InterfaceContainer ips = IslHelper::AssignIpv4Addresses(devices, "10.128.0.0");
        // 10.128.0.0/30 holds .1 and .2; the next /30 starts at 10.128.0.4.
        const char* expected[] = {"10.128.0.1", "10.128.0.2", "10.128.0.5", "10.128.0.6"};
        NS_TEST_ASSERT_MSG_EQ(ips.GetN(), 4u, "one address per device");
        for (uint32_t i = 0; i < 4; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(ips.GetAddress(i), Ipv4Address(expected[i]), "device " << i);
        }

        // Refused before any address is given: a range a node uses, a network that is not
        // a /30's, subnets past 255.255.255.255.
        NodeContainer more;
        more.Create(2);
        NetDeviceContainer moreDevices = isl.Install(more.Get(0), more.Get(1));
        InternetStackHelper().Install(more);
        const auto messageFor = [&](const char* network) {
            return MessageOf<std::invalid_argument>(
                [&]() { IslHelper::AssignIpv4Addresses(moreDevices, network); });
        };
        NS_TEST_EXPECT_MSG_EQ(Contains(messageFor("10.128.0.4"),
                                       "the links need 10.128.0.4 to 10.128.0.7, but node 1 has "
                                       "10.128.0.5 already; give another network"),
                              true,
                              messageFor("10.128.0.4"));
        NS_TEST_EXPECT_MSG_EQ(Contains(messageFor("10.129.0.2"), "must be a /30 network address"),
                              true,
                              messageFor("10.129.0.2"));
        const std::string twoLinksAtTheEnd = MessageOf<std::invalid_argument>(
            [&]() { IslHelper::AssignIpv4Addresses(devices, "255.255.255.252"); });
        NS_TEST_EXPECT_MSG_EQ(Contains(twoLinksAtTheEnd, "2 /30 subnets fit below 255.255.255.255"),
                              true,
                              twoLinksAtTheEnd);
        NS_TEST_EXPECT_MSG_EQ(messageFor("255.255.255.252"), "", "the last /30 holds one link");
        NS_TEST_EXPECT_MSG_EQ(Contains(messageFor("255.255.255.255"), "must be a /30 network"),
                              true,
                              messageFor("255.255.255.255"));
        NS_TEST_EXPECT_MSG_EQ(more.Get(0)->GetObject<Ipv4>()->GetNInterfaces(),
                              2u,
                              "loopback and the 255.255.255.252/30 link alone");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * A mobility model that outlives its ISL (held here after Simulator::Destroy freed the
 * channel) can still move: the channel disconnected its CourseChange hook when disposed.
 * Under AddressSanitizer a hook left behind is a heap-use-after-free.
 */
class IslDisposeTestCase : public TestCase
{
  public:
    IslDisposeTestCase()
        : TestCase("A disposed ISL leaves no hook in its ends' mobility models")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<MobilityModel> end = At(Vector(7000e3, 1000e3, 0));
        {
            IslPair pair(At(Vector(7000e3, 0, 0)), end);
            pair.SendAt(Seconds(1)); // the channel looks the ends up and hooks CourseChange
            Simulator::Run();
            NS_TEST_EXPECT_MSG_EQ(pair.arrivals.size(), 1u, "delivered");
            Simulator::Destroy(); // disposes the channel; ns-3's ChannelList lets it go
        }
        end->SetPosition(Vector(7000e3, 2000e3, 0));
        NS_TEST_EXPECT_MSG_EQ(end->GetPosition(), Vector(7000e3, 2000e3, 0), "moved");
    }
};

/**
 * \ingroup sagin-tests
 * The ISL TestSuite.
 */
class IslTestSuite : public TestSuite
{
  public:
    IslTestSuite()
        : TestSuite("sagin-isl", Type::UNIT)
    {
        AddTestCase(new IslDelayTestCase);
        AddTestCase(new IslRangeTestCase);
        AddTestCase(new IslMovedEndTestCase);
        AddTestCase(new IslOrbitChangeTestCase);
        AddTestCase(new IslUdpEchoTestCase);
        AddTestCase(new IslPlusGridTestCase);
        AddTestCase(new IslPlusGridBadLayoutTestCase);
        AddTestCase(new IslAcrossRanksTestCase);
        AddTestCase(new IslAddressTestCase);
        AddTestCase(new IslDisposeTestCase);
    }
};

static IslTestSuite g_islTestSuite; //!< Static variable for test initialization
