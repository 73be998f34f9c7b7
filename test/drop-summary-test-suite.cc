// SPDX-License-Identifier: GPL-2.0-only
//
// DropSummary: each kind of drop a SAGIN run can have is counted under its reason, and a run
// without drops gives an empty summary.

#include "ns3/constant-position-mobility-model.h"
#include "ns3/double.h"
#include "ns3/drop-summary.h"
#include "ns3/geodesy.h"
#include "ns3/gsl-helper.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/isl-helper.h"
#include "ns3/pointer.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/sagin-routing-helper.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/test.h"
#include "ns3/udp-socket-factory.h"

using namespace ns3;
using namespace ns3::sagin;

namespace
{
/**
 * Two satellites over the equator at longitudes 0 and 5 degrees joined by an ISL, station A
 * under the first, B under the second, C at longitude 180 (no satellite in view), and a
 * terminal D beside A with ns-3's static routing instead of SaginRouting (so it resolves the
 * satellite's address by ARP).
 */
struct SmallSagin
{
    NodeContainer sats;               //!< the two satellites
    NodeContainer grounds;            //!< A, B, C
    Ipv4InterfaceContainer groundIps; //!< A, B, C's GSL addresses
    NodeContainer terminal;           //!< D
    Ipv4InterfaceContainer satIps;    //!< the satellites' GSL addresses
    DropSummary drops;                //!< on every node

    SmallSagin()
    {
        sats.Create(2);
        grounds.Create(3);
        Place(sats.Get(0), {0, 0, 550e3});
        Place(sats.Get(1), {0, 5, 550e3});
        Place(grounds.Get(0), {0, 0, 0});
        Place(grounds.Get(1), {0, 5, 0});
        Place(grounds.Get(2), {0, 180, 0});
        NetDeviceContainer isl = IslHelper().Install(sats.Get(0), sats.Get(1));
        GslHelper gsl;
        gsl.SetChannelAttribute(
            "PropagationLoss",
            PointerValue(CreateObjectWithAttributes<FriisPropagationLossModel>("Frequency",
                                                                               DoubleValue(2e9))));
        gsl.SetGroundAttribute("TxPower", DoubleValue(60.0));
        gsl.SetSatelliteAttribute("TxPower", DoubleValue(60.0));
        // Without ns-3's flow control a burst overflows the device queue (GSL QueueFull);
        // with it the queue disc above would hold the burst.
        gsl.DisableFlowControl();
        NetDeviceContainer satGsl = gsl.InstallSatellites(sats);
        NetDeviceContainer groundGsl = gsl.InstallGround(grounds);
        SaginRoutingHelper routing;
        InternetStackHelper internet;
        internet.SetRoutingHelper(routing);
        internet.Install(NodeContainer(sats, grounds));
        Ipv4AddressHelper("10.2.0.0", "255.255.255.252").Assign(isl);
        Ipv4AddressHelper gslAddresses("10.1.0.0", "255.255.0.0");
        satIps = gslAddresses.Assign(satGsl);
        groundIps = gslAddresses.Assign(groundGsl);
        terminal.Create(1);
        Place(terminal.Get(0), {0, 0.1, 0});
        NetDeviceContainer terminalGsl = gsl.InstallGround(terminal);
        InternetStackHelper().Install(terminal);
        gslAddresses.Assign(terminalGsl);
        drops.Install(NodeContainer(NodeContainer(sats, grounds), terminal));
    }

    /**
     * \param node the node
     * \param position latitude, longitude (degrees), altitude (m)
     */
    static void Place(Ptr<Node> node, const GeodeticPosition& position)
    {
        auto m = CreateObject<ConstantPositionMobilityModel>();
        m->SetPosition(GeodeticToEcef(position));
        node->AggregateObject(m);
    }

    /**
     * Send UDP datagrams at once.
     * \param at when
     * \param from ground index
     * \param to ground index
     * \param count datagrams
     * \param ttl their IP TTL (0: the node's default)
     */
    void Send(Time at, uint32_t from, uint32_t to, uint32_t count, uint8_t ttl = 0)
    {
        Send(at, grounds.Get(from), groundIps.GetAddress(to), count, ttl);
    }

    /**
     * Send UDP datagrams at once.
     * \param at when
     * \param from the sending node
     * \param to destination address (port 9)
     * \param count datagrams
     * \param ttl their IP TTL (0: the node's default)
     */
    void Send(Time at, Ptr<Node> from, Ipv4Address to, uint32_t count, uint8_t ttl = 0)
    {
        Ptr<Socket> socket = Socket::CreateSocket(from, UdpSocketFactory::GetTypeId());
        if (ttl > 0)
        {
            socket->SetIpTtl(ttl);
        }
        const InetSocketAddress dest(to, 9);
        Simulator::Schedule(at, [socket, dest, count]() {
            for (uint32_t i = 0; i < count; ++i)
            {
                socket->SendTo(Create<Packet>(1000), 0, dest);
            }
        });
    }

    /**
     * \param ground ground index
     * \return the number of datagrams received at its port 9, counted during the run
     */
    std::shared_ptr<uint32_t> Receive(uint32_t ground)
    {
        return Receive(grounds.Get(ground));
    }

    /**
     * \param node a node
     * \return the number of datagrams received at its port 9, counted during the run
     */
    std::shared_ptr<uint32_t> Receive(Ptr<Node> node)
    {
        auto received = std::make_shared<uint32_t>(0);
        Ptr<Socket> socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        socket->SetRecvCallback([received](Ptr<Socket> s) {
            while (s->Recv())
            {
                ++*received;
            }
        });
        return received;
    }
};
} // namespace

/**
 * \ingroup sagin-tests
 * A datagram from C (no satellite) to A: NoRoute; one from A to B with TTL 1: TTL expired at
 * the first satellite; 5 datagrams from D to the satellite while D resolves its address
 * (ns-3's ARP keeps 3 pending; SaginRouting's own nodes never wait for ARP), then a burst of
 * 300 from A against the GSL's 100-packet queue: every datagram is received or counted as ARP
 * queue or GSL QueueFull.
 */
class DropSummaryReasonsTestCase : public TestCase
{
  public:
    DropSummaryReasonsTestCase()
        : TestCase("each drop counted under its reason")
    {
    }

  private:
    void DoRun() override
    {
        SmallSagin s;
        std::shared_ptr<uint32_t> received = s.Receive(1);
        std::shared_ptr<uint32_t> atSatellite = s.Receive(s.sats.Get(0));
        s.Send(Seconds(1), 2, 0, 1);
        s.Send(Seconds(1), s.terminal.Get(0), s.satIps.GetAddress(0), 5);
        s.Send(Seconds(1.5), 0, 1, 1, 1);
        s.Send(Seconds(2), 0, 1, 300);
        Simulator::Stop(Seconds(3));
        Simulator::Run();
        Simulator::Destroy();
        const auto& counts = s.drops.GetCounts();
        auto count = [&counts](const std::string& reason) {
            auto it = counts.find(reason);
            return it == counts.end() ? 0 : it->second;
        };
        NS_TEST_EXPECT_MSG_EQ(count("NoRoute"), 1u, "C has no satellite");
        NS_TEST_EXPECT_MSG_EQ(count("TTL expired"), 1u, "TTL 1 dies at the first satellite");
        NS_TEST_EXPECT_MSG_EQ(count("ARP queue"), 2u, "5 sent while ARP keeps 3");
        NS_TEST_EXPECT_MSG_GT(count("GSL QueueFull"), 0u, "the burst overflows the GSL queue");
        NS_TEST_EXPECT_MSG_EQ(count("ARP queue") + count("GSL QueueFull") + *received +
                                  *atSatellite,
                              305u,
                              "every datagram received or counted");
        NS_TEST_EXPECT_MSG_EQ(s.drops.GetTotal(),
                              count("NoRoute") + count("TTL expired") + count("ARP queue") +
                                  count("GSL QueueFull"),
                              "no other drop");
        const std::string text = s.drops.Format();
        NS_TEST_EXPECT_MSG_EQ(text.rfind("GSL QueueFull ", 0), 0u, "largest first");
        NS_TEST_EXPECT_MSG_NE(text.find("NoRoute 1"), std::string::npos, "NoRoute listed");
        NS_TEST_EXPECT_MSG_NE(text.find("TTL expired 1"), std::string::npos, "TTL listed");
    }
};

/**
 * \ingroup sagin-tests
 * A run that delivers everything: no drop, an empty summary.
 */
class DropSummaryNoDropTestCase : public TestCase
{
  public:
    DropSummaryNoDropTestCase()
        : TestCase("a run without drops gives an empty summary")
    {
    }

  private:
    void DoRun() override
    {
        SmallSagin s;
        std::shared_ptr<uint32_t> received = s.Receive(1);
        std::shared_ptr<uint32_t> atSatellite = s.Receive(s.sats.Get(0));
        s.Send(Seconds(1), 0, 1, 1);
        s.Send(Seconds(2), 0, 1, 10);
        Simulator::Stop(Seconds(3));
        Simulator::Run();
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_EQ(*received, 11u, "delivered");
        NS_TEST_EXPECT_MSG_EQ(s.drops.GetTotal(), 0u, "nothing dropped");
        NS_TEST_EXPECT_MSG_EQ(s.drops.Format(), "", "nothing to say");
    }
};

/**
 * \ingroup sagin-tests
 * DropSummary's suite.
 */
class DropSummaryTestSuite : public TestSuite
{
  public:
    DropSummaryTestSuite()
        : TestSuite("sagin-drop-summary", Type::UNIT)
    {
        AddTestCase(new DropSummaryReasonsTestCase);
        AddTestCase(new DropSummaryNoDropTestCase);
    }
};

static DropSummaryTestSuite g_dropSummaryTestSuite; //!< registers the suite
