// SPDX-License-Identifier: GPL-2.0-only
//
// Study A's two-stage game on tiny instances: a follower's closed-form best response to a
// fixed price against exhaustive search over its decisions (scored by the slot model, not by
// the response's own arithmetic), the leader's price against a fine price grid, the
// baselines' rules, and determinism of the slot loop per seed and run.

#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/myopic-stackelberg-strategy.h"
#include "ns3/offloading-baseline-strategy.h"
#include "ns3/offloading-parameters.h"
#include "ns3/offloading-slot-controller.h"
#include "ns3/offloading-slot-problem.h"
#include "ns3/pointer.h"
#include "ns3/random-variable-stream.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/stackelberg-response.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;

namespace
{

/**
 * \return a 2 x 2 instance with two LEOs and two channels, study A's other defaults
 */
OffloadingConstants
TinyConstants()
{
    OffloadingConstants k = CreateObject<OffloadingParameters>()->GetConstants();
    k.cells = 2;
    k.devicesPerCell = 2;
    k.leos = 2;
    k.channels = 2;
    return k;
}

/** A random tiny slot and everyone's current decisions. */
struct TinySlot
{
    std::vector<FollowerState> states;       //!< followers' states
    std::vector<FollowerDecision> decisions; //!< current decisions
};

/**
 * \param k the constants
 * \param u U(0, 1) draws
 * \return a slot with random queues, tasks, gains and decisions
 */
TinySlot
RandomSlot(const OffloadingConstants& k, Ptr<UniformRandomVariable> u)
{
    TinySlot slot;
    for (uint32_t i = 0; i < k.GetFollowers(); ++i)
    {
        FollowerState s;
        s.queueMbit = u->GetValue(0.0, 40.0);
        s.arrivalMbit = u->GetValue(10.0, 30.0);
        s.cyclesPerBit = u->GetValue(2000.0, 4000.0);
        for (uint32_t o = 0; o < k.leos; ++o)
        {
            s.gain.push_back(std::pow(10.0, u->GetValue(-14.0, -11.5)));
        }
        slot.states.push_back(s);
        FollowerDecision d;
        d.offload = u->GetValue() < 0.5;
        d.frequencyGHz = u->GetValue(k.minFrequencyGHz, k.maxFrequencyGHz);
        d.channel = u->GetInteger(0, k.channels - 1);
        d.leo = u->GetInteger(0, k.leos - 1);
        d.blockBytes = u->GetValue(k.minBlockBytes, k.maxBlockBytes);
        slot.decisions.push_back(d);
    }
    return slot;
}

/**
 * \param problem the slot
 * \param follower i
 * \param price lambda_i
 * \param decisions everyone's decisions, i's included
 * \return i's objective Q D + V F by the slot model
 */
double
ObjectiveByModel(const OffloadingSlotProblem& problem,
                 uint32_t follower,
                 double price,
                 const std::vector<FollowerDecision>& decisions)
{
    std::vector<double> prices(decisions.size(), 0.0);
    prices[follower] = price;
    return problem.Evaluate(prices, decisions).followers[follower].objective;
}

} // namespace

/**
 * \ingroup sagin-tests
 * The follower's best response matches exhaustive search: no decision on a grid of 1001
 * frequencies x 3 block sizes x (local and every channel and LEO) scores better by the slot
 * model, and the best of them is within 0.1 % (the grid's resolution) of the response.
 */
class FollowerBestResponseTestCase : public TestCase
{
  public:
    FollowerBestResponseTestCase()
        : TestCase("a follower's best response to a price matches exhaustive search")
    {
    }

  private:
    void DoRun() override
    {
        const OffloadingConstants k = TinyConstants();
        auto u = CreateObject<UniformRandomVariable>();
        u->SetStream(11);
        const uint32_t frequencies = 1001;
        for (uint32_t instance = 0; instance < 4; ++instance)
        {
            const TinySlot slot = RandomSlot(k, u);
            const OffloadingSlotProblem problem(k, slot.states);
            for (uint32_t i = 0; i < k.GetFollowers(); ++i)
            {
                const FollowerResponse response(problem, i, slot.decisions);
                for (double price : {0.0, 0.4, 1.5, 4.0, k.maxPrice})
                {
                    std::vector<FollowerDecision> d = slot.decisions;
                    d[i] = response.Respond(price);
                    const double answer = ObjectiveByModel(problem, i, price, d);
                    NS_TEST_EXPECT_MSG_EQ_TOL(response.Objective(price, d[i]),
                                              answer,
                                              1e-9 * std::max(1.0, std::abs(answer)),
                                              "the response's closed form is the model's");
                    double best = -std::numeric_limits<double>::infinity();
                    for (uint32_t option = 0; option <= k.channels * k.leos; ++option)
                    {
                        d[i].offload = option > 0;
                        d[i].channel = option > 0 ? (option - 1) / k.leos : 0;
                        d[i].leo = option > 0 ? (option - 1) % k.leos : 0;
                        for (double block : {k.minBlockBytes,
                                             (k.minBlockBytes + k.maxBlockBytes) / 2,
                                             k.maxBlockBytes})
                        {
                            d[i].blockBytes = block;
                            for (uint32_t g = 0; g < frequencies; ++g)
                            {
                                d[i].frequencyGHz =
                                    k.minFrequencyGHz +
                                    (k.maxFrequencyGHz - k.minFrequencyGHz) * g / (frequencies - 1);
                                best = std::max(best, ObjectiveByModel(problem, i, price, d));
                            }
                        }
                    }
                    const double scale = std::max(1.0, std::abs(best));
                    NS_TEST_EXPECT_MSG_GT_OR_EQ(answer,
                                                best - 1e-9 * scale,
                                                "no grid decision beats the response (instance "
                                                    << instance << ", follower " << i << ", price "
                                                    << price << ")");
                    NS_TEST_EXPECT_MSG_LT_OR_EQ(answer - best,
                                                1e-3 * scale,
                                                "the grid's best is close to the response");
                }
            }
        }
    }
};

/**
 * \ingroup sagin-tests
 * The leader's price earns at least the best of 20,001 prices on [0, maxPrice] against the
 * follower's response.
 */
class LeaderBestPriceTestCase : public TestCase
{
  public:
    LeaderBestPriceTestCase()
        : TestCase("the leader's price matches a fine price grid")
    {
    }

  private:
    void DoRun() override
    {
        const OffloadingConstants k = TinyConstants();
        auto u = CreateObject<UniformRandomVariable>();
        u->SetStream(12);
        for (uint32_t instance = 0; instance < 6; ++instance)
        {
            const TinySlot slot = RandomSlot(k, u);
            const OffloadingSlotProblem problem(k, slot.states);
            for (uint32_t i = 0; i < k.GetFollowers(); ++i)
            {
                const FollowerResponse response(problem, i, slot.decisions);
                const auto profit = [&](double price) {
                    return (price - k.energyCost) * response.Respond(price).frequencyGHz;
                };
                double best = -std::numeric_limits<double>::infinity();
                for (uint32_t p = 0; p <= 20000; ++p)
                {
                    best = std::max(best, profit(k.maxPrice * p / 20000.0));
                }
                const double price = LeaderBestPrice(k, response, 64);
                NS_TEST_EXPECT_MSG_GT_OR_EQ(profit(price),
                                            best - 1e-4 * std::max(1.0, std::abs(best)),
                                            "instance " << instance << ", follower " << i);
                NS_TEST_EXPECT_MSG_GT_OR_EQ(best, 0.0, "pricing at c earns nothing, not less");
            }
        }
    }
};

/**
 * \ingroup sagin-tests
 * The baselines' rules on the myopic strategy's decisions.
 */
class OffloadingBaselineRulesTestCase : public TestCase
{
  public:
    OffloadingBaselineRulesTestCase()
        : TestCase("MARTO, MAMCC and MAGCS replace one decision of their base")
    {
    }

  private:
    void DoRun() override
    {
        OffloadingConstants k = TinyConstants();
        k.cells = 4;
        k.devicesPerCell = 6;
        auto u = CreateObject<UniformRandomVariable>();
        u->SetStream(13);
        TinySlot slot;
        for (uint32_t i = 0; i < k.GetFollowers(); ++i)
        {
            slot.states.push_back({u->GetValue(0.0, 40.0),
                                   u->GetValue(10.0, 30.0),
                                   u->GetValue(2000.0, 4000.0),
                                   {std::pow(10.0, u->GetValue(-13.0, -11.5)),
                                    std::pow(10.0, u->GetValue(-13.0, -11.5))}});
        }
        const OffloadingSlotProblem problem(k, slot.states);
        const OffloadingSlotDecision base =
            CreateObject<MyopicStackelbergStrategy>()->Decide(problem, {});

        const auto baseline = [&](OffloadingBaselineStrategy::Rule rule) {
            auto strategy = CreateObject<OffloadingBaselineStrategy>();
            strategy->SetAttribute("Rule", EnumValue(rule));
            strategy->AssignStreams(1);
            return strategy->Decide(problem, {});
        };
        const OffloadingSlotDecision mamcc = baseline(OffloadingBaselineStrategy::MAMCC);
        double mean = 0.0;
        for (const FollowerDecision& d : base.followers)
        {
            mean += d.frequencyGHz / base.followers.size();
        }
        for (uint32_t i = 0; i < k.GetFollowers(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ_TOL(mamcc.followers[i].frequencyGHz,
                                      mean,
                                      1e-12,
                                      "MAMCC: the base's mean f for everyone");
            NS_TEST_EXPECT_MSG_EQ(mamcc.followers[i].offload,
                                  base.followers[i].offload,
                                  "MAMCC keeps the offloading choice");
        }
        const OffloadingSlotDecision magcs = baseline(OffloadingBaselineStrategy::MAGCS);
        uint32_t offloaders = 0;
        for (uint32_t i = 0; i < k.GetFollowers(); ++i)
        {
            if (!magcs.followers[i].offload)
            {
                continue;
            }
            ++offloaders;
            const auto& g = slot.states[i].gain;
            NS_TEST_EXPECT_MSG_EQ(magcs.followers[i].leo,
                                  uint32_t(std::max_element(g.begin(), g.end()) - g.begin()),
                                  "MAGCS: the LEO of least path loss");
        }
        NS_TEST_EXPECT_MSG_GT(offloaders, 0u, "the instance has offloaders to check");
        const OffloadingSlotDecision marto = baseline(OffloadingBaselineStrategy::MARTO);
        uint32_t flipped = 0;
        for (uint32_t i = 0; i < k.GetFollowers(); ++i)
        {
            flipped += marto.followers[i].offload != base.followers[i].offload;
            NS_TEST_EXPECT_MSG_EQ(marto.followers[i].frequencyGHz,
                                  base.followers[i].frequencyGHz,
                                  "MARTO keeps f");
        }
        // 24 fair coins: P(flipped outside [3, 21]) = 2 sum_{j <= 2} C(24, j) / 2^24 < 2e-5.
        NS_TEST_EXPECT_MSG_GT_OR_EQ(flipped, 3u, "MARTO changes some choices at random");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(flipped, 21u, "MARTO changes some choices at random");
    }
};

/**
 * \ingroup sagin-tests
 * The same seed and run give the same slots; another run gives others.
 */
class OffloadingDeterminismTestCase : public TestCase
{
  public:
    OffloadingDeterminismTestCase()
        : TestCase("the slot loop repeats per seed and run")
    {
    }

  private:
    /**
     * \param run RngRun
     * \param rule a baseline, or -1 for the myopic strategy
     * \return the slots' records
     */
    static std::vector<OffloadingSlotRecord> Run(uint32_t run, int rule)
    {
        RngSeedManager::SetSeed(3);
        RngSeedManager::SetRun(run);
        auto parameters = CreateObject<OffloadingParameters>();
        parameters->SetAttribute("Cells", UintegerValue(2));
        parameters->SetAttribute("DevicesPerCell", UintegerValue(3));
        auto controller = CreateObject<OffloadingSlotController>();
        controller->SetAttribute("Parameters", PointerValue(parameters));
        controller->SetAttribute("Geometry", EnumValue(OffloadingSlotController::RANDOM));
        if (rule >= 0)
        {
            auto baseline = CreateObject<OffloadingBaselineStrategy>();
            baseline->SetAttribute("Rule",
                                   EnumValue(static_cast<OffloadingBaselineStrategy::Rule>(rule)));
            controller->SetAttribute("Strategy", PointerValue(baseline));
        }
        controller->AssignStreams(100);
        std::vector<OffloadingSlotRecord> records;
        for (uint32_t t = 0; t < 5; ++t)
        {
            records.push_back(controller->RunSlot());
        }
        return records;
    }

    void DoRun() override
    {
        for (int rule : {-1, int(OffloadingBaselineStrategy::MARTO)})
        {
            const auto a = Run(1, rule);
            const auto b = Run(1, rule);
            const auto c = Run(2, rule);
            bool differs = false;
            for (uint32_t t = 0; t < a.size(); ++t)
            {
                NS_TEST_EXPECT_MSG_EQ(a[t].meanProcessedMbit, b[t].meanProcessedMbit, "D");
                NS_TEST_EXPECT_MSG_EQ(a[t].meanQueueMbit, b[t].meanQueueMbit, "Q");
                NS_TEST_EXPECT_MSG_EQ(a[t].meanPrice, b[t].meanPrice, "lambda");
                NS_TEST_EXPECT_MSG_EQ(a[t].reward, b[t].reward, "reward");
                differs = differs || a[t].reward != c[t].reward;
            }
            NS_TEST_EXPECT_MSG_EQ(differs, true, "another run draws other tasks");
        }
    }
};

/**
 * \ingroup sagin-tests
 * Study A's game.
 */
class OffloadingStackelbergTestSuite : public TestSuite
{
  public:
    OffloadingStackelbergTestSuite()
        : TestSuite("sagin-offloading-stackelberg", Type::UNIT)
    {
        AddTestCase(new FollowerBestResponseTestCase);
        AddTestCase(new LeaderBestPriceTestCase);
        AddTestCase(new OffloadingBaselineRulesTestCase);
        AddTestCase(new OffloadingDeterminismTestCase);
    }
};

/** Register the suite. */
static OffloadingStackelbergTestSuite g_offloadingStackelbergTestSuite;
