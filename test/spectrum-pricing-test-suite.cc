// SPDX-License-Identifier: GPL-2.0-only
//
// Study B's pricing server on a satellite over Earth-fixed cells: the round's wiring (price
// walk, average-budget baseline, block reward, reputation, horizon, Doppler), bad
// configuration, and a DDQN agent that learns to price near the best fixed price, found by
// exhaustive search over the price levels on the same market.

#include "ns3/boolean.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/constant-velocity-mobility-model.h"
#include "ns3/ddqn-policy.h"
#include "ns3/double.h"
#include "ns3/earth-fixed-cell-grid.h"
#include "ns3/enum.h"
#include "ns3/fixed-policy.h"
#include "ns3/geodesy.h"
#include "ns3/multi-beam-satellite-propagation-loss-model.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/spectrum-pricing-server.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <functional>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;

namespace
{

/** A satellite 550 km over (0, 0), a 7-cell grid there, five users per cell. */
struct PricingScenario
{
    Ptr<Node> satellite;                              //!< the satellite's node
    Ptr<MultiBeamSatellitePropagationLossModel> loss; //!< with the grid
    Ptr<SpectrumPricingServer> server;                //!< installed, not started
    std::vector<SpectrumRoundRecord> rounds;          //!< LocalRound records

    /** \param record a round */
    void Record(const SpectrumRoundRecord& record)
    {
        rounds.push_back(record);
    }

    /**
     * \param satellitePosition where the satellite is (ECEF, m)
     * \param velocity its velocity (m/s)
     */
    explicit PricingScenario(const Vector& satellitePosition,
                             const Vector& velocity = Vector(0, 0, 0))
    {
        satellite = CreateObject<Node>();
        auto mobility = CreateObject<ConstantVelocityMobilityModel>();
        mobility->SetPosition(satellitePosition);
        mobility->SetVelocity(velocity);
        satellite->AggregateObject(mobility);
        auto grid = CreateObject<EarthFixedCellGrid>();
        grid->SetAttribute("Rings", UintegerValue(1));
        loss = CreateObject<MultiBeamSatellitePropagationLossModel>();
        loss->SetAttribute("CellGrid", PointerValue(grid));
        server = CreateObject<SpectrumPricingServer>();
        server->SetAttribute("LossModel", PointerValue(loss));
        server->SetAttribute("Market", PointerValue(CreateObject<SpectrumLeaseMarket>()));
        satellite->AddApplication(server);
        // Five users per cell, spread over the cell (golden-angle spiral, up to 20 km from
        // the centre) with powers spread over 10-190 mW.
        std::vector<Ptr<MobilityModel>> mobilities;
        std::vector<LeaseUser> users;
        for (uint32_t cell = 0; cell < grid->GetN(); ++cell)
        {
            const GeodeticPosition centre = grid->GetCentreGeodetic(cell);
            for (uint32_t j = 0; j < 5; ++j)
            {
                const uint32_t n = cell * 5 + j;
                const double radius = 20e3 * std::sqrt((n % 7 + 0.5) / 7.0);
                const double angle = 2.39996 * n;
                auto m = CreateObject<ConstantPositionMobilityModel>();
                m->SetPosition(
                    EnuToEcef(centre,
                              Vector(radius * std::cos(angle), radius * std::sin(angle), 0)));
                mobilities.push_back(m);
                LeaseUser u;
                u.cell = cell;
                u.powerW = 0.01 + 0.18 * std::fmod(0.618034 * n, 1.0);
                users.push_back(u);
            }
        }
        server->SetUsers(mobilities, users);
        server->TraceConnectWithoutContext("LocalRound",
                                           MakeCallback(&PricingScenario::Record, this));
    }

    /** \param rounds local rounds to run (100 ms apart) */
    void Run(uint32_t count)
    {
        server->SetStartTime(Seconds(0));
        server->SetStopTime(MilliSeconds(100) * count - NanoSeconds(1));
        Simulator::Run();
        Simulator::Destroy();
    }
};

/** \return 550 km over (0, 0) */
Vector
Overhead()
{
    return GeodeticToEcef(GeodeticPosition{0.0, 0.0, 550e3});
}

} // namespace

/**
 * \ingroup sagin-tests
 * A round's wiring: a fixed "raise" policy walks the price up one level per round and the
 * revenue is price x leases; the average-budget baseline prices at the last round's mean
 * budget; a block reward is counted once in the utility; the reputation delta accumulates
 * until taken; users below the horizon mask are not served; Doppler lowers the budgets.
 */
class SpectrumPricingRoundTestCase : public TestCase
{
  public:
    SpectrumPricingRoundTestCase()
        : TestCase("study B pricing server rounds: price walk, baseline, reward, horizon")
    {
    }

  private:
    void DoRun() override
    {
        {
            PricingScenario s(Overhead());
            auto raise = CreateObject<FixedPolicy>();
            raise->SetAttribute("Discrete", StringValue("2"));
            s.server->SetAttribute("Policy", PointerValue(raise));
            s.server->SetAttribute("InitialPriceLevel", UintegerValue(3));
            Simulator::Schedule(MilliSeconds(150), [&s]() { s.server->AddBlockReward(7.0); });
            s.Run(5);
            NS_TEST_ASSERT_MSG_EQ(s.rounds.size(), 5u, "five rounds");
            if (s.rounds.size() != 5)
            {
                return; // without --stop-on-failure an assertion does not return
            }
            double reputation = 0;
            for (uint32_t r = 0; r < 5; ++r)
            {
                const auto& rec = s.rounds[r];
                NS_TEST_EXPECT_MSG_EQ(rec.priceLevel, 4 + r, "one level up per round");
                NS_TEST_EXPECT_MSG_EQ_TOL(rec.price, (5.0 + r) * 0.25, 1e-12, "(l + 1) x step");
                NS_TEST_EXPECT_MSG_EQ_TOL(rec.revenue,
                                          rec.price * rec.outcome.leasing,
                                          1e-9,
                                          "price x leases");
                NS_TEST_EXPECT_MSG_EQ(rec.usersInView, 35u, "all in view");
                NS_TEST_EXPECT_MSG_EQ(rec.time, MilliSeconds(100 * r), "every 100 ms");
                NS_TEST_EXPECT_MSG_EQ_TOL(rec.blockReward, (r == 2 ? 7.0 : 0.0), 1e-12, "once");
                NS_TEST_EXPECT_MSG_EQ_TOL(rec.utility,
                                          rec.revenue + rec.blockReward,
                                          1e-12,
                                          "eq. 9");
                reputation += rec.outcome.reputationDelta;
            }
            NS_TEST_EXPECT_MSG_GT(s.rounds[0].outcome.leasing, 0u, "users lease at 1.25");
            const auto taken = s.server->TakeReputationTally();
            const auto again = s.server->TakeReputationTally();
            NS_TEST_EXPECT_MSG_EQ_TOL(taken.delta, reputation, 1e-9, "the rounds' sum");
            NS_TEST_EXPECT_MSG_EQ(taken.malicious, 0u, "no malicious user");
            NS_TEST_EXPECT_MSG_GT(taken.normal, 0u, "normal users counted");
            NS_TEST_EXPECT_MSG_EQ(again.delta, 0.0, "taken");
        }
        {
            PricingScenario s(Overhead());
            s.server->SetAttribute("Pricing", EnumValue(SpectrumPricingServer::AVERAGE_BUDGET));
            s.Run(3);
            for (uint32_t r = 1; r < 3; ++r)
            {
                const double level = std::round(s.rounds[r - 1].meanBudget / 0.25) - 1;
                NS_TEST_EXPECT_MSG_EQ(s.rounds[r].priceLevel,
                                      static_cast<uint32_t>(level),
                                      "the last round's mean budget");
            }
        }
        {
            // 30 degrees of longitude away the cells are below the horizon.
            PricingScenario s(GeodeticToEcef(GeodeticPosition{0.0, 30.0, 550e3}));
            s.server->SetAttribute("Pricing", EnumValue(SpectrumPricingServer::AVERAGE_BUDGET));
            s.Run(1);
            NS_TEST_EXPECT_MSG_EQ(s.rounds[0].usersInView, 0u, "none in view");
            NS_TEST_EXPECT_MSG_EQ(s.rounds[0].outcome.leasing, 0u, "no lease");
        }
        {
            // Moving at 8 km/s (eta = 0.6) the same users' budgets fall; at the lowest price
            // the same users lease either way, and the interference they cause is the same:
            // eq. 5 applies eta to the wanted signal only.
            auto atLowestPrice = [](PricingScenario& s) {
                auto keep = CreateObject<FixedPolicy>();
                keep->SetAttribute("Discrete", StringValue("1"));
                s.server->SetAttribute("Policy", PointerValue(keep));
            };
            PricingScenario still(Overhead());
            atLowestPrice(still);
            still.Run(2);
            PricingScenario moving(Overhead(), Vector(0, 0, 8000.0));
            atLowestPrice(moving);
            moving.Run(2);
            NS_TEST_EXPECT_MSG_EQ(moving.rounds[0].outcome.leasing,
                                  still.rounds[0].outcome.leasing,
                                  "the same leases");
            NS_TEST_EXPECT_MSG_EQ_TOL(moving.rounds[0].interferenceW,
                                      still.rounds[0].interferenceW,
                                      1e-9 * still.rounds[0].interferenceW,
                                      "interference without eta");
            NS_TEST_EXPECT_MSG_GT(still.rounds[0].interferenceW, 0.0, "some interference");
            NS_TEST_EXPECT_MSG_LT(moving.rounds[0].meanBudget,
                                  still.rounds[0].meanBudget - 0.5,
                                  "Doppler loss lowers budgets");
        }
    }
};

/**
 * \ingroup sagin-tests
 * A configuration the server cannot run is refused before the simulation, naming the input.
 */
class SpectrumPricingBadInputTestCase : public TestCase
{
  public:
    SpectrumPricingBadInputTestCase()
        : TestCase("study B pricing server refuses bad configuration, naming it")
    {
    }

  private:
    /**
     * \param what the case
     * \param configure what to set on a working server
     * \param needle a word the message must hold
     */
    void ExpectRefused(const std::string& what,
                       const std::function<void(PricingScenario&)>& configure,
                       const std::string& needle)
    {
        PricingScenario s(Overhead());
        s.server->SetAttribute("Pricing", EnumValue(SpectrumPricingServer::AVERAGE_BUDGET));
        std::string message;
        try
        {
            configure(s);
            s.server->CheckConfiguration();
        }
        catch (const std::invalid_argument& e)
        {
            message = e.what();
        }
        NS_TEST_EXPECT_MSG_NE(message.find(needle), std::string::npos, what + ": " + message);
        Simulator::Destroy();
    }

    void DoRun() override
    {
        ExpectRefused(
            "level above P_max",
            [](PricingScenario& s) {
                s.server->SetAttribute("PowerControlLevel", DoubleValue(0.5));
            },
            "PowerControlLevel 0.5");
        ExpectRefused(
            "level below P_min",
            [](PricingScenario& s) {
                s.server->SetAttribute("PowerControlLevel", DoubleValue(0.001));
            },
            "outside [MinPower, MaxPower]");
        ExpectRefused(
            "reversed power bounds",
            [](PricingScenario& s) { s.server->SetAttribute("MinPower", DoubleValue(0.3)); },
            "is above MaxPower");
        ExpectRefused(
            "price bounds reversed",
            [](PricingScenario& s) { s.server->SetAttribute("MinPrice", DoubleValue(20.0)); },
            "MinPrice 20.000000 is not below MaxPrice 10.000000");
        ExpectRefused(
            "initial level past the levels",
            [](PricingScenario& s) {
                s.server->SetAttribute("InitialPriceLevel", UintegerValue(40));
            },
            "InitialPriceLevel 40");
        ExpectRefused(
            "learned pricing without a policy",
            [](PricingScenario& s) {
                s.server->SetAttribute("Pricing", EnumValue(SpectrumPricingServer::LEARNED));
            },
            "needs a Policy");
        ExpectRefused(
            "mobility and users of different lengths",
            [](PricingScenario& s) { s.server->SetUsers({}, {LeaseUser()}); },
            "0 mobility models for 1 users");
        NS_TEST_EXPECT_MSG_EQ(
            CreateObject<SpectrumPricingServer>()->SetAttributeFailSafe("LocalRoundInterval",
                                                                        TimeValue(Seconds(0))),
            false,
            "a zero interval refused by the checker");
    }
};

/**
 * \ingroup sagin-tests
 * A DDQN pricing agent as SpectrumPricingHelper makes it (the source's learning rate 1e-3,
 * epsilon 1 falling to PAPERS.md's 0.1 over 200 rounds, batch 64, gamma 0.95, hidden 128,
 * target every 10 updates) learns, on a fixed geometry, a price whose revenue comes near the
 * best fixed price's, found by running a fresh market at every level on the same gains.
 */
class SpectrumPricingLearningTestCase : public TestCase
{
  public:
    SpectrumPricingLearningTestCase()
        : TestCase("study B DDQN pricing approaches the best fixed price")
    {
    }

  private:
    /**
     * \param pricing configure the server
     * \param rounds rounds to run (100 ms apart)
     * \return the records
     */
    std::vector<SpectrumRoundRecord> RunWith(const std::function<void(PricingScenario&)>& pricing,
                                             uint32_t rounds)
    {
        PricingScenario s(Overhead());
        pricing(s);
        s.Run(rounds);
        return s.rounds;
    }

    /**
     * \param rounds records
     * \param from first round counted
     * \return the mean revenue from there on
     */
    static double MeanRevenue(const std::vector<SpectrumRoundRecord>& rounds, uint32_t from)
    {
        double sum = 0;
        for (uint32_t r = from; r < rounds.size(); ++r)
        {
            sum += rounds[r].revenue;
        }
        return sum / (rounds.size() - from);
    }

    void DoRun() override
    {
        // The best fixed price: every level, a fresh market for 5 rounds (interference
        // settles after the first), mean revenue of rounds 2-5.
        double best = 0;
        for (uint32_t level = 0; level < 40; ++level)
        {
            auto rounds = RunWith(
                [level](PricingScenario& s) {
                    auto fixed = CreateObject<FixedPolicy>();
                    fixed->SetAttribute("Discrete", StringValue("1"));
                    s.server->SetAttribute("Policy", PointerValue(fixed));
                    s.server->SetAttribute("InitialPriceLevel", UintegerValue(level));
                },
                5);
            best = std::max(best, MeanRevenue(rounds, 1));
        }
        NS_TEST_ASSERT_MSG_GT(best, 0.0, "some price sells");

        const uint32_t rounds = 600;
        auto learned = RunWith(
            [rounds](PricingScenario& s) {
                auto ddqn = CreateObject<DdqnPolicy>();
                ddqn->SetAttribute("LearningRate", DoubleValue(1e-3));
                ddqn->SetAttribute("EpsilonInitial", DoubleValue(1.0));
                ddqn->SetAttribute("EpsilonFinal", DoubleValue(0.1));
                ddqn->SetAttribute("EpsilonDecaySteps", UintegerValue(200));
                ddqn->SetAttribute("BatchSize", UintegerValue(64));
                ddqn->SetAttribute("Gamma", DoubleValue(0.95));
                ddqn->SetAttribute("HiddenLayers", StringValue("128"));
                ddqn->SetAttribute("TargetUpdateInterval", UintegerValue(10));
                ddqn->AssignStreams(100);
                s.server->SetAttribute("Policy", PointerValue(ddqn));
                // The last 100 rounds evaluate the greedy policy (no exploration).
                Simulator::Schedule(MilliSeconds(100) * (rounds - 100) - NanoSeconds(1), [ddqn]() {
                    ddqn->SetAttribute("Exploration", BooleanValue(false));
                });
            },
            rounds);
        NS_TEST_ASSERT_MSG_EQ(learned.size(), rounds, "every round recorded");
        if (learned.size() != rounds)
        {
            return; // without --stop-on-failure an assertion does not return
        }
        const double early = MeanRevenue({learned.begin(), learned.begin() + 100}, 0);
        const double late = MeanRevenue(learned, rounds - 100);
        // Measured: best fixed 54.4, the greedy agent 52.8 after 500 rounds, 40.4 in its
        // first 100. The revenue has a plateau within 15 % of the best over many levels,
        // where the agent's Q-values barely differ, hence 75 %.
        NS_TEST_EXPECT_MSG_GT(late, 0.75 * best, "near the best fixed price");
        NS_TEST_EXPECT_MSG_GT(late, early + 5.0, "learned something");
    }
};

/**
 * \ingroup sagin-tests
 * The spectrum pricing TestSuite.
 */
class SpectrumPricingTestSuite : public TestSuite
{
  public:
    SpectrumPricingTestSuite()
        : TestSuite("sagin-spectrum-pricing", Type::UNIT)
    {
        AddTestCase(new SpectrumPricingRoundTestCase);
        AddTestCase(new SpectrumPricingBadInputTestCase);
        AddTestCase(new SpectrumPricingLearningTestCase);
    }
};

static SpectrumPricingTestSuite
    g_spectrumPricingTestSuite; //!< Static variable for test initialization
