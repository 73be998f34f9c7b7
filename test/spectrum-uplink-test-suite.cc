// SPDX-License-Identifier: GPL-2.0-only
//
// Study B's IoT uplink as packets (SpectrumPricingHelper::SetPacketUplink, LeasedIotUplink):
// the bits that arrive at the satellite over the GSL against the market's flow-level Shannon
// rates, the users on their leased channels and powers, and bad input.

#include "sagin-test-utils.h"

#include "ns3/circular-orbit.h"
#include "ns3/double.h"
#include "ns3/fixed-policy.h"
#include "ns3/gsl-net-device.h"
#include "ns3/iot-uplink-application.h"
#include "ns3/node-container.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/satellite-mobility-model.h"
#include "ns3/simulator.h"
#include "ns3/spectrum-pricing-helper.h"
#include "ns3/spectrum-pricing-server.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using ns3::sagin::tests::RefusalProblem;

namespace
{

/** What a user's uplink was set to, next to the market's view of it. */
struct UserState
{
    LeaseUser market;         //!< the market's user after the last round
    bool sending{false};      //!< its application sends
    uint32_t subChannel{0};   //!< its GSL device's sub-channel
    uint32_t beam{0};         //!< and beam
    double txPowerDbm{0};     //!< and transmit power
    double expectedPowerW{0}; //!< the power the market has it use
};

/** One satellite's market with its users' uplink as packets. */
struct UplinkScenario
{
    std::vector<SpectrumRoundRecord> rounds; //!< LocalRound records
    std::vector<UserState> users;            //!< sampled in the middle of the last round

    /**
     * \param rings rings of cells around the centre one
     * \param usersPerAgent users in the region
     * \param maliciousFraction share of malicious users
     * \param seconds how long to run (whole rounds of 100 ms)
     */
    UplinkScenario(uint32_t rings, uint32_t usersPerAgent, double maliciousFraction, double seconds)
    {
        Ptr<Node> satellite = CreateObject<Node>();
        auto orbit = CreateObject<CircularOrbit>();
        orbit->SetAttribute("Altitude", DoubleValue(550e3));
        orbit->SetAttribute("Inclination", DoubleValue(53.0));
        auto mobility = CreateObject<SatelliteMobilityModel>();
        mobility->SetOrbit(orbit);
        satellite->AggregateObject(mobility);
        SpectrumPricingHelper helper;
        helper.SetUsersPerAgent(usersPerAgent);
        helper.SetMaliciousFraction(maliciousFraction);
        helper.SetRegionTime(Seconds(seconds / 2));
        helper.SetCellGridAttribute("Rings", UintegerValue(rings));
        // One gain per frame and per round alike: no fading draw to tell them apart.
        helper.SetLossModelAttribute("Fading",
                                     StringValue("ns3::ConstantRandomVariable[Constant=1]"));
        // Saturated users: an interferer is on the air all the time (eq. 4's a = 1).
        helper.SetMarketAttribute("ActivityFactor", DoubleValue(1.0));
        helper.SetPolicy("ns3::sagin::FixedPolicy", "Discrete", StringValue("1")); // keep price
        helper.SetPacketUplink(DataRate("50Mbps")); // above any user's share
        helper.AssignStreams(7);
        Ptr<SpectrumPricingServer> server =
            DynamicCast<SpectrumPricingServer>(helper.Install(NodeContainer(satellite)).Get(0));
        NodeContainer nodes = helper.GetUserNodes();
        server->TraceConnectWithoutContext("LocalRound",
                                           MakeCallback(&UplinkScenario::Record, this));
        Simulator::Schedule(Seconds(seconds) - MilliSeconds(50), [this, server, nodes]() {
            for (uint32_t i = 0; i < nodes.GetN(); ++i)
            {
                UserState state;
                state.market = server->GetMarket()->GetUsers()[i];
                auto device = DynamicCast<GslNetDevice>(nodes.Get(i)->GetDevice(0));
                state.sending =
                    DynamicCast<IotUplinkApplication>(nodes.Get(i)->GetApplication(0))->IsSending();
                state.subChannel = device->GetSubChannel();
                state.beam = device->GetBeam();
                state.txPowerDbm = device->GetTxPower();
                DoubleValue level;
                server->GetAttribute("PowerControlLevel", level);
                state.expectedPowerW = server->GetMarket()->GetTransmitPowerW(i, level.Get());
                users.push_back(state);
            }
        });
        server->SetStopTime(Seconds(seconds));
        Simulator::Stop(Seconds(seconds));
        Simulator::Run();
        Simulator::Destroy();
    }

    /** \param record a round */
    void Record(const SpectrumRoundRecord& record)
    {
        rounds.push_back(record);
    }
};

} // namespace

/**
 * \ingroup sagin-tests
 * Packets against flow: saturated users, each on its leased channel in its cell's beam,
 * deliver the market's Shannon rates (eq. 5 with eq. 4's interference; one cell, then seven
 * cells with co-channel interference through the beams), and the market's leases, channels
 * and powers are what the devices use.
 */
class SpectrumUplinkFlowVersusPacketTestCase : public TestCase
{
  public:
    SpectrumUplinkFlowVersusPacketTestCase()
        : TestCase("study B uplink: packets over the GSL deliver the market's Shannon rates")
    {
    }

  private:
    void DoRun() override
    {
        for (uint32_t rings : {0u, 1u})
        {
            UplinkScenario s(rings, 12, 0.0, 2.0);
            NS_TEST_ASSERT_MSG_EQ(s.rounds.size(), 20u, "20 rounds of 100 ms");
            double flowBits = 0;
            double packetBits = 0;
            for (uint32_t r = 0; r + 1 < s.rounds.size(); ++r)
            {
                // Round r's leases deliver during round r; round r + 1 reports it. Frames
                // carry 42 bytes of Ethernet, IPv4 and UDP headers per 1,000 of payload.
                flowBits += s.rounds[r].throughputBps * 0.1;
                packetBits += s.rounds[r + 1].deliveredBits * 1042.0 / 1000.0;
            }
            NS_TEST_EXPECT_MSG_GT(s.rounds[0].outcome.leasing, 4u, "users lease");
            // 1 %: the first round's ARP exchange and each user's first frame one packet
            // interval after its lease starts; a frame is 0.3 % of a user's round.
            NS_TEST_EXPECT_MSG_EQ_TOL(packetBits / flowBits, 1.0, 0.01, "rings " << rings);
            const uint32_t cells = rings == 0 ? 1 : 7;
            for (const UserState& u : s.users)
            {
                NS_TEST_EXPECT_MSG_EQ(u.sending, u.market.leasing, "sends iff leasing");
                if (u.market.leasing)
                {
                    NS_TEST_EXPECT_MSG_EQ(u.subChannel, u.market.channel, "its channel");
                    NS_TEST_EXPECT_MSG_EQ(u.beam, u.market.cell, "its cell's beam");
                    NS_TEST_EXPECT_MSG_LT(u.beam, cells, "a cell of the grid");
                    NS_TEST_EXPECT_MSG_EQ_TOL(u.txPowerDbm,
                                              10 * std::log10(u.market.powerW) + 30,
                                              1e-9,
                                              "its power");
                }
            }
        }
    }
};

/**
 * \ingroup sagin-tests
 * A packet-uplink run repeats whatever ran before it in the process: the same scenario
 * before and after another gives the same delivered bits in every round.
 */
class SpectrumUplinkRepeatTestCase : public TestCase
{
  public:
    SpectrumUplinkRepeatTestCase()
        : TestCase("study B uplink: a run repeats whatever ran before it")
    {
    }

  private:
    void DoRun() override
    {
        const UplinkScenario first(1, 12, 0.0, 0.5);
        const UplinkScenario other(0, 8, 0.0, 0.5);
        const UplinkScenario again(1, 12, 0.0, 0.5);
        NS_TEST_ASSERT_MSG_EQ(again.rounds.size(), first.rounds.size(), "rounds");
        uint64_t delivered = 0;
        for (std::size_t r = 0; r < first.rounds.size(); ++r)
        {
            NS_TEST_EXPECT_MSG_EQ(again.rounds[r].deliveredBits,
                                  first.rounds[r].deliveredBits,
                                  "round " << r);
            delivered += first.rounds[r].deliveredBits;
        }
        NS_TEST_EXPECT_MSG_GT(delivered, 0u, "packets delivered");
        NS_TEST_EXPECT_MSG_GT(other.rounds.size(), 0u, "the other run ran");
    }
};

/**
 * \ingroup sagin-tests
 * Malicious users in packets: an OVER_POWER user transmits at MaliciousPowerFactor x the
 * power-control level, an overstaying user keeps sending without a lease.
 */
class SpectrumUplinkMaliciousTestCase : public TestCase
{
  public:
    SpectrumUplinkMaliciousTestCase()
        : TestCase("study B uplink: malicious users send as the market has them")
    {
    }

  private:
    void DoRun() override
    {
        // LeaseDuration 10 rounds, OverstayRounds 3: by round 12 some leases have ended.
        UplinkScenario s(1, 40, 1.0, 1.25);
        uint32_t overPower = 0;
        uint32_t overstaying = 0;
        for (const UserState& u : s.users)
        {
            const bool onAir = u.market.leasing || u.market.overstayLeft > 0;
            NS_TEST_EXPECT_MSG_EQ(u.sending, onAir, "sends iff on the air");
            if (onAir)
            {
                NS_TEST_EXPECT_MSG_EQ_TOL(u.txPowerDbm,
                                          10 * std::log10(u.expectedPowerW) + 30,
                                          1e-9,
                                          "the power the market has it use");
            }
            if (onAir && u.market.behaviour == LeaseBehaviour::OVER_POWER)
            {
                ++overPower;
                NS_TEST_EXPECT_MSG_GT(u.expectedPowerW, u.market.powerW, "above its own");
            }
            overstaying += !u.market.leasing && u.market.overstayLeft > 0 ? 1 : 0;
        }
        NS_TEST_EXPECT_MSG_GT(overPower, 0u, "an over-power user on the air");
        NS_TEST_EXPECT_MSG_GT(overstaying, 0u, "an overstaying user on the air");
    }
};

/**
 * \ingroup sagin-tests
 * Bad packet-uplink settings are refused, naming the input.
 */
class SpectrumUplinkBadInputTestCase : public TestCase
{
  public:
    SpectrumUplinkBadInputTestCase()
        : TestCase("study B uplink: bad settings refused")
    {
    }

  private:
    void DoRun() override
    {
        SpectrumPricingHelper helper;
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem([&]() { helper.SetPacketUplink(DataRate(0)); }, "rate"),
            "",
            "zero rate");
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem([&]() { helper.SetPacketUplink(DataRate("1Mbps"), 0); },
                           "1 to 1472 bytes"),
            "",
            "empty datagrams");
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem([&]() { helper.SetPacketUplink(DataRate("1Mbps"), 1500); },
                           "1 to 1472 bytes"),
            "",
            "datagrams past a frame");
        NS_TEST_EXPECT_MSG_EQ(RefusalProblem(
                                  [&]() {
                                      Ptr<Node> satellite = CreateObject<Node>();
                                      auto mobility = CreateObject<SatelliteMobilityModel>();
                                      mobility->SetOrbit(CreateObject<CircularOrbit>());
                                      satellite->AggregateObject(mobility);
                                      helper.SetPacketUplink(DataRate("1Mbps"));
                                      helper.SetUsersPerAgent(1022);
                                      helper.Install(NodeContainer(satellite));
                                  },
                                  "1021 users each"),
                              "",
                              "more users than a /22");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * The IoT uplink TestSuite.
 */
class SpectrumUplinkTestSuite : public TestSuite
{
  public:
    SpectrumUplinkTestSuite()
        : TestSuite("sagin-spectrum-uplink", Type::UNIT)
    {
        AddTestCase(new SpectrumUplinkFlowVersusPacketTestCase);
        AddTestCase(new SpectrumUplinkMaliciousTestCase);
        AddTestCase(new SpectrumUplinkRepeatTestCase);
        AddTestCase(new SpectrumUplinkBadInputTestCase);
    }
};

/** Static instance. */
static SpectrumUplinkTestSuite g_spectrumUplinkTestSuite;
