// SPDX-License-Identifier: GPL-2.0-only
//
// Routing across GSL attachment changes: flows that survive a handover, the first packets
// after one, and a station attached to several satellites at once.

#include "routing-test-utils.h"

#include "ns3/data-rate.h"
#include "ns3/object-factory.h"
#include "ns3/on-off-helper.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/packet-sink.h"
#include "ns3/simulator.h"
#include "ns3/test.h"

#include <memory>
#include <string>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

/**
 * \ingroup sagin-tests
 * A TCP flow survives the handover of its source between two satellites.
 */
class RoutingTcpHandoverTestCase : public TestCase
{
  public:
    RoutingTcpHandoverTestCase()
        : TestCase("TCP flow survives a handover")
    {
    }

  private:
    void DoRun() override
    {
        uint32_t handovers = 0;
        std::unique_ptr<Scenario> scenario = MakeHandoverScenario(&handovers);
        Scenario& s = *scenario;
        PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                    InetSocketAddress(Ipv4Address::GetAny(), 5000));
        ApplicationContainer sink = sinkHelper.Install(s.grounds.Get(1));
        OnOffHelper source("ns3::TcpSocketFactory",
                           InetSocketAddress(s.groundIps.GetAddress(1), 5000));
        source.SetConstantRate(DataRate("1Mbps"));
        source.Install(s.grounds.Get(0)).Start(Seconds(1));
        uint64_t beforeHandover = 0;
        Simulator::Schedule(Seconds(20), [&]() {
            beforeHandover = DynamicCast<PacketSink>(sink.Get(0))->GetTotalRx();
        });
        Simulator::Stop(Seconds(60));
        Simulator::Run();
        const uint64_t total = DynamicCast<PacketSink>(sink.Get(0))->GetTotalRx();
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_EQ(handovers, 1u, "one handover from S0 to S1");
        NS_TEST_EXPECT_MSG_GT(beforeHandover, 0u, "data before the handover");
        NS_TEST_EXPECT_MSG_GT(total, 2 * beforeHandover, "and keeps flowing after it");
    }
};

/**
 * \ingroup sagin-tests
 * A burst of datagrams sent right after a handover all arrive: the route's next hop (the new
 * satellite) is entered into the ARP cache by the routing, so nothing waits for an ARP reply
 * and nothing is dropped beyond ArpCache's PendingQueueSize (3 by default: a burst of 10
 * lost 7 before).
 */
class RoutingHandoverBurstTestCase : public TestCase
{
  public:
    RoutingHandoverBurstTestCase()
        : TestCase("A burst after a handover loses nothing to ARP")
    {
    }

  private:
    void DoRun() override
    {
        uint32_t handovers = 0;
        std::unique_ptr<Scenario> scenario = MakeHandoverScenario(&handovers);
        Scenario& s = *scenario;
        std::vector<Time> atA;
        std::vector<Time> atB;
        Receive(s, 0, &atA);
        Receive(s, 1, &atB);
        const uint32_t burst = 10;
        for (uint32_t i = 0; i < burst; ++i)
        {
            SendUdp(s, 0, 1, Seconds(1)); // before the handover: ARP's first resolution
            SendUdp(s, 0, 1, Seconds(59));
            SendUdp(s, 1, 0, Seconds(59));
        }
        Simulator::Stop(Seconds(60));
        Simulator::Run();
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_EQ(handovers, 1u, "A hands over from S0 to S1 before 59 s");
        NS_TEST_EXPECT_MSG_EQ(atB.size(), 2 * burst, "both bursts from A arrive");
        NS_TEST_EXPECT_MSG_EQ(atA.size(), burst, "B's burst arrives over the new satellite");
    }
};

/**
 * \ingroup sagin-tests
 * Attached to every satellite in view (AllInViewAttachmentPolicy), a station's packets take
 * the satellite that gives the shortest path, not the highest one, and come back over it.
 * Station A (0, 0) has S0 at its zenith and S1 at 8 degrees east (26.6 degrees elevation);
 * station B (0, 20) has S2 at its zenith. S1-S2 is an ISL; S0 reaches S2 only over
 * S3 (10, 0) and S4 (10, 20). With the highest satellite alone A's datagrams take S0-S3-S4-S2
 * (5,900 km); in view of both they take S1-S2 (about 3,000 km), both ways.
 */
class RoutingAllInViewTestCase : public TestCase
{
  public:
    RoutingAllInViewTestCase()
        : TestCase("a station in view of several satellites: routing picks the shortest path")
    {
    }

  private:
    /**
     * \param policyType attachment policy TypeId
     * \param[out] s0s3 datagrams over ISL S0-S3
     * \param[out] s1s2 datagrams over ISL S1-S2
     * \param[out] atA datagrams received at A
     * \param[out] atB datagrams received at B
     * \param[out] attachedA satellites A is attached to at the end
     */
    static void Run(const std::string& policyType,
                    uint32_t& s0s3,
                    uint32_t& s1s2,
                    std::size_t& atA,
                    std::size_t& atB,
                    std::size_t& attachedA)
    {
        ObjectFactory policy(policyType);
        policy.Set("MinElevation", DoubleValue(22.0)); // S1 from B: 15.5; S3, S4: 20.3
        const double h = 550e3;
        Scenario s(
            {Fixed(0, 0, h), Fixed(0, 8, h), Fixed(0, 20, h), Fixed(10, 0, h), Fixed(10, 20, h)},
            {GeodeticToEcef({0, 0, 0}), GeodeticToEcef({0, 20, 0})},
            {{0, 3}, {3, 4}, {4, 2}, {1, 2}},
            MilliSeconds(100),
            policy.Create<GslAttachmentPolicy>());
        s.CountIslTraffic();
        std::vector<Time> arrivalsA;
        std::vector<Time> arrivalsB;
        Receive(s, 0, &arrivalsA);
        Receive(s, 1, &arrivalsB);
        for (uint32_t i = 0; i < 5; ++i)
        {
            SendUdp(s, 0, 1, Seconds(1 + i * 0.1));
            SendUdp(s, 1, 0, Seconds(1 + i * 0.1));
        }
        Simulator::Stop(Seconds(2));
        Simulator::Run();
        attachedA = DynamicCast<GslNetDevice>(s.gsl.Get(5))->GetAttachedSatellites().size();
        Simulator::Destroy();
        s0s3 = (*s.m_counts)[0];
        s1s2 = (*s.m_counts)[3];
        atA = arrivalsA.size();
        atB = arrivalsB.size();
    }

    void DoRun() override
    {
        uint32_t s0s3 = 0;
        uint32_t s1s2 = 0;
        std::size_t atA = 0;
        std::size_t atB = 0;
        std::size_t attached = 0;
        Run("ns3::sagin::HighestElevationAttachmentPolicy", s0s3, s1s2, atA, atB, attached);
        NS_TEST_EXPECT_MSG_EQ(attached, 1u, "the highest satellite alone");
        NS_TEST_EXPECT_MSG_EQ(s0s3, 10u, "both directions over S0-S3");
        NS_TEST_EXPECT_MSG_EQ(s1s2, 0u, "none over S1-S2");
        NS_TEST_EXPECT_MSG_EQ(atA + atB, 10u, "every datagram delivered");
        Run("ns3::sagin::AllInViewAttachmentPolicy", s0s3, s1s2, atA, atB, attached);
        NS_TEST_EXPECT_MSG_EQ(attached, 2u, "S0 and S1");
        NS_TEST_EXPECT_MSG_EQ(s0s3, 0u, "none over S0-S3");
        NS_TEST_EXPECT_MSG_EQ(s1s2, 10u, "both directions over S1-S2");
        NS_TEST_EXPECT_MSG_EQ(atA, 5u, "B's datagrams reach A over S1");
        NS_TEST_EXPECT_MSG_EQ(atB, 5u, "A's datagrams reach B over S1");
    }
};

/**
 * \ingroup sagin-tests
 * Routing across handovers and attachments.
 */
class RoutingHandoverTestSuite : public TestSuite
{
  public:
    RoutingHandoverTestSuite()
        : TestSuite("sagin-routing-handover", Type::UNIT)
    {
        AddTestCase(new RoutingTcpHandoverTestCase);
        AddTestCase(new RoutingHandoverBurstTestCase);
        AddTestCase(new RoutingAllInViewTestCase);
    }
};

static RoutingHandoverTestSuite
    g_routingHandoverTestSuite; //!< Static variable for test initialization
