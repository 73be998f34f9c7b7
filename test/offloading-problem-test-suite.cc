// SPDX-License-Identifier: GPL-2.0-only
//
// Study A's per-slot model against hand computation: rates with in-cell sharing and the other
// cells' mean interference, D1 capped by the queue, C1-C3, the penalty, the objective and
// the leader's profit; the slot controller's task arrivals and queue updates over slots; the
// source's queue bound, eq. (46), and penalty bound, eq. (41), on measured runs; and every
// refusal of a bad constant or decision.

#include "sagin-test-utils.h"

#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/myopic-stackelberg-strategy.h"
#include "ns3/offloading-baseline-strategy.h"
#include "ns3/offloading-parameters.h"
#include "ns3/offloading-slot-controller.h"
#include "ns3/offloading-slot-problem.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"
#include "ns3/virtual-queues.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using ns3::sagin::tests::RefusalProblem;

namespace
{

/**
 * The hand-computed instance: N = 2 MBSs of M = 2 devices, one LEO, two channels.
 * \return its constants
 */
OffloadingConstants
HandConstants()
{
    OffloadingConstants k = CreateObject<OffloadingParameters>()->GetConstants();
    k.cells = 2;
    k.devicesPerCell = 2;
    k.leos = 1;
    k.channels = 2;
    k.slotSeconds = 4.0;
    k.bandwidthHz = 1e6;
    k.txPowerW = 1.0;
    k.noiseW = 1e-12;
    k.minFrequencyGHz = 0.5;
    k.maxFrequencyGHz = 4.0;
    k.minBlockBytes = 1e6;
    k.maxBlockBytes = 4e6;
    k.mbsFrequencyGHz = 3.0;
    k.uplinkBitsPerSecond = 1e9;
    k.downlinkBitsPerSecond = 1e10;
    k.modelTransmissionFactor = 0.5;
    k.modelBits = 6e6;
    k.modelCyclesPerBit = 1.0;
    k.verificationCyclesPerBit = 1.0;
    k.v = 10.0;
    k.energyCost = 0.5;
    k.maxPrice = 5.0;
    return k;
}

} // namespace

/**
 * \ingroup sagin-tests
 * One slot of the hand instance: followers 0 and 1 (MBS 0) share channel 0, follower 2 (MBS
 * 1) is on it too, follower 3 processes locally.
 */
class OffloadingHandComputedTestCase : public TestCase
{
  public:
    OffloadingHandComputedTestCase()
        : TestCase("one slot of a 2 x 2 instance against hand computation")
    {
    }

  private:
    void DoRun() override
    {
        std::vector<FollowerState> states(4);
        const double gains[] = {3e-12, 1e-12, 2e-12, 5e-12};
        for (uint32_t i = 0; i < 4; ++i)
        {
            states[i] = {10.0, 2.0, 2000.0, {gains[i]}};
        }
        states[3].queueMbit = 1.0; // D1 = 4 Mbit of capacity, capped at Q + A = 3
        const OffloadingSlotProblem problem(HandConstants(), states);
        std::vector<FollowerDecision> d(4);
        d[0] = {true, 0.5, 0, 0, 1e6};
        d[1] = {true, 0.5, 0, 0, 3e6};
        d[2] = {true, 1.0, 0, 0, 1e6};
        d[3] = {false, 2.0, 0, 0, 3e6};
        const std::vector<double> prices{1.0, 1.0, 2.0, 1.5};
        const OffloadingSlotOutcome out = problem.Evaluate(prices, d);

        // Follower 0: I = P g_2 = 2e-12 (the only other-cell device on channel 0);
        // SINR = 3e-12 / 3e-12 = 1; two devices of MBS 0 share: R = 1e6 / 2 log2(2) = 0.5
        // Mbit/s; D2 = 0.5 x 4 s = 2 Mbit.
        NS_TEST_EXPECT_MSG_EQ_TOL(out.followers[0].interferenceW, 2e-12, 1e-24, "I of 0");
        NS_TEST_EXPECT_MSG_EQ_TOL(out.followers[0].rateMbps, 0.5, 1e-12, "R of 0");
        NS_TEST_EXPECT_MSG_EQ_TOL(out.followers[0].processedMbit, 2.0, 1e-12, "D of 0");
        // Follower 1: SINR = 1/3, R = 0.5 log2(4/3).
        NS_TEST_EXPECT_MSG_EQ_TOL(out.followers[1].rateMbps,
                                  0.5 * std::log2(4.0 / 3.0),
                                  1e-12,
                                  "R of 1");
        // Follower 2: MBS 0's two devices take turns: I = (3e-12 + 1e-12) / 2; SINR = 2/3.
        NS_TEST_EXPECT_MSG_EQ_TOL(out.followers[2].interferenceW, 2e-12, 1e-24, "I of 2");
        NS_TEST_EXPECT_MSG_EQ_TOL(out.followers[2].rateMbps, std::log2(5.0 / 3.0), 1e-12, "R of 2");
        // Follower 3: f T / w = 2e9 x 4 / 2000 = 4 Mbit, capped at Q + A = 3 Mbit.
        NS_TEST_EXPECT_MSG_EQ_TOL(out.followers[3].localMbit, 3.0, 1e-12, "D1 of 3");
        NS_TEST_EXPECT_MSG_EQ_TOL(out.followers[3].processedMbit, 3.0, 1e-12, "D of 3");
        NS_TEST_EXPECT_MSG_EQ(out.followers[3].rateMbps, 0.0, "a local follower sends nothing");

        // C1 = 6e6 / 3e9 = 2 ms; C2 = 0.5 log2(2) 6e6 / 1e9 = 3 ms; S_B = mean(1, 3, 1, 3) MB
        // = 2e6 bytes = 16e6 bit; C3 = 0.5 log2(4) 16e6 / 1e10 + 16e6 / 0.5e9 = 1.6 + 32 ms.
        NS_TEST_EXPECT_MSG_EQ_TOL(out.blockBytes, 2e6, 1e-6, "S_B");
        NS_TEST_EXPECT_MSG_EQ_TOL(out.modelProcessingSeconds, 2e-3, 1e-15, "C1");
        NS_TEST_EXPECT_MSG_EQ_TOL(out.modelUploadSeconds, 3e-3, 1e-15, "C2");
        NS_TEST_EXPECT_MSG_EQ_TOL(out.blockSeconds, 33.6e-3, 1e-15, "C3");
        NS_TEST_EXPECT_MSG_EQ_TOL(out.privacyOverheadSeconds, 38.6e-3, 1e-15, "C_SBC");

        // Follower 3: F = 3 - 0.0386 - 1.5 x 2 = -0.0386; Q D + V F = 1 x 3 - 0.386.
        NS_TEST_EXPECT_MSG_EQ_TOL(out.followers[3].payment, 3.0, 1e-12, "lambda f of 3");
        NS_TEST_EXPECT_MSG_EQ_TOL(out.followers[3].penalty, -0.0386, 1e-12, "F of 3");
        NS_TEST_EXPECT_MSG_EQ_TOL(out.followers[3].objective, 2.614, 1e-12, "objective of 3");
        // Follower 0: F = 2 - 0.0386 - 0.5; objective = 10 x 2 + 10 F.
        NS_TEST_EXPECT_MSG_EQ_TOL(out.followers[0].objective,
                                  20.0 + 10.0 * 1.4614,
                                  1e-9,
                                  "objective of 0");
        // Leader: (1 - 0.5) 0.5 + (1 - 0.5) 0.5 + (2 - 0.5) 1 + (1.5 - 0.5) 2 = 4.
        NS_TEST_EXPECT_MSG_EQ_TOL(out.leaderProfit, 4.0, 1e-12, "leader profit");
        double reward = 0.0;
        for (const FollowerOutcome& f : out.followers)
        {
            reward += f.objective;
        }
        NS_TEST_EXPECT_MSG_EQ_TOL(out.reward, reward, 1e-9, "reward = sum of objectives");

        // Packet level: measured D2 and C_SBC take the formulas' place (D2 still capped).
        MeasuredPrivacyOverhead privacy;
        privacy.modelProcessingSeconds = 0.01;
        privacy.modelUploadSeconds = 0.02;
        privacy.blockSeconds = 0.07;
        privacy.blockBytes = 500;
        const OffloadingSlotOutcome measured =
            problem.EvaluateMeasured(prices, d, {1.5, 30.0, 0.25, 0.0}, &privacy);
        NS_TEST_EXPECT_MSG_EQ_TOL(measured.followers[0].processedMbit, 1.5, 1e-12, "measured 0");
        NS_TEST_EXPECT_MSG_EQ_TOL(measured.followers[1].processedMbit,
                                  12.0,
                                  1e-12,
                                  "measured D2 capped at Q + A");
        NS_TEST_EXPECT_MSG_EQ_TOL(measured.privacyOverheadSeconds,
                                  0.1,
                                  1e-15,
                                  "measured C_SBC = C1 + C2 + C3");
        NS_TEST_EXPECT_MSG_EQ(measured.blockBytes, 500, "the block produced, not the proposals");
        NS_TEST_EXPECT_MSG_EQ_TOL(measured.followers[3].processedMbit,
                                  3.0,
                                  1e-12,
                                  "local D1 is not measured");
    }
};

/**
 * \ingroup sagin-tests
 * A strategy that processes everything locally at a fixed frequency and price, for queue
 * tests whose service is known in advance.
 */
class FixedLocalStrategy : public OffloadingStrategy
{
  public:
    /**
     * \param frequencyGHz f of every follower
     */
    explicit FixedLocalStrategy(double frequencyGHz)
        : m_frequency(frequencyGHz)
    {
    }

  private:
    OffloadingSlotDecision DoDecide(const OffloadingSlotProblem& problem,
                                    const OffloadingSlotDecision&) override
    {
        const OffloadingConstants& k = problem.GetConstants();
        OffloadingSlotDecision decision;
        decision.prices.assign(k.GetFollowers(), 1.0);
        decision.followers.assign(k.GetFollowers(), {false, m_frequency, 0, 0, k.minBlockBytes});
        return decision;
    }

    double m_frequency; //!< f (GHz)
};

/**
 * \ingroup sagin-tests
 * Task arrivals and queue updates over slots: A = 20 Mbit and w = 2500 cycles/bit every slot,
 * T = 5 s. At f = 2 GHz a follower processes 2e9 x 5 / 2500 = 4 Mbit per slot, so Q(t) =
 * 16 t; at f = 10 GHz it processes 20 Mbit and the queue stays empty.
 */
class OffloadingQueueTestCase : public TestCase
{
  public:
    OffloadingQueueTestCase()
        : TestCase("task arrivals and queue updates over slots against hand computation")
    {
    }

  private:
    void DoRun() override
    {
        for (double f : {2.0, 10.0})
        {
            auto parameters = CreateObject<OffloadingParameters>();
            parameters->SetAttribute("Cells", UintegerValue(2));
            parameters->SetAttribute("DevicesPerCell", UintegerValue(3));
            parameters->SetAttribute("TaskSize",
                                     StringValue("ns3::ConstantRandomVariable[Constant=20]"));
            parameters->SetAttribute("CyclesPerBit",
                                     StringValue("ns3::ConstantRandomVariable[Constant=2500]"));
            auto controller = CreateObject<OffloadingSlotController>();
            controller->SetAttribute("Parameters", PointerValue(parameters));
            controller->SetAttribute("Geometry", EnumValue(OffloadingSlotController::RANDOM));
            controller->SetAttribute("Strategy", PointerValue(Create<FixedLocalStrategy>(f)));
            controller->SetAttribute("MaxSlots", UintegerValue(4));
            std::vector<OffloadingSlotRecord> records;
            controller->TraceConnectWithoutContext(
                "SlotCompleted",
                MakeCallback(+[](std::vector<OffloadingSlotRecord>* out,
                                 const OffloadingSlotRecord& r) {
                    out->push_back(r);
                }).Bind(&records));
            controller->Start();
            Simulator::Run();
            Simulator::Destroy();
            NS_TEST_ASSERT_MSG_EQ(records.size(), 4u, "MaxSlots slots");
            const double served = f * 1e9 * 5.0 / 2500.0 / 1e6;
            for (uint32_t t = 0; t < records.size(); ++t)
            {
                NS_TEST_EXPECT_MSG_EQ_TOL(records[t].timeSeconds, 5.0 * t, 1e-9, "slot start");
                NS_TEST_EXPECT_MSG_EQ_TOL(records[t].meanArrivalMbit, 20.0, 1e-12, "A");
                NS_TEST_EXPECT_MSG_EQ_TOL(records[t].meanProcessedMbit, served, 1e-9, "D");
                NS_TEST_EXPECT_MSG_EQ_TOL(records[t].meanQueueMbit,
                                          (20.0 - served) * (t + 1),
                                          1e-9,
                                          "Q(t+1) = Q(t) - D + A");
            }
            NS_TEST_EXPECT_MSG_EQ(controller->GetQueues()->GetN(), 6u, "N M queues");
        }
    }
};

/**
 * \ingroup sagin-tests
 * The source's queue bound, eq. (46), on measured runs of the myopic strategy (random
 * geometry, 2 x 6 followers, 150 slots): the time-average queue is at most
 * (X + (S_max - S_min) V) / varsigma, with X = 0.5 E[A^2] + D_max^2 (eq. 27), S_max - S_min the
 * range of the penalty F (eq. 43: at most D_max + C_SBC's largest value + the largest price x
 * f_max) and varsigma the slack of a stationary policy (eq. 42): processing everything locally
 * at f_max serves E[f_max T / w] = f_max T ln(2) / 2000 Mbit per slot for w ~ U(2000, 4000),
 * 27.7 Mbit against E[A] = 20 Mbit. The bound is loose by construction (the measured queues
 * are three orders of magnitude below it); the test also requires the queue to stay below
 * the arrivals of 5 slots, which an unstable controller would not. Each follower's D must
 * respect D <= D_max, which the bound assumes.
 */
class OffloadingQueueBoundTestCase : public TestCase
{
  public:
    OffloadingQueueBoundTestCase()
        : TestCase("eq. (46): the time-average queue stays below the source's bound")
    {
    }

  private:
    void DoRun() override
    {
        for (double v : {1.0, 10.0, 100.0, 500.0})
        {
            auto parameters = CreateObject<OffloadingParameters>();
            parameters->SetAttribute("Cells", UintegerValue(2));
            parameters->SetAttribute("DevicesPerCell", UintegerValue(6));
            parameters->SetAttribute("V", DoubleValue(v));
            const OffloadingConstants k = parameters->GetConstants();
            auto controller = CreateObject<OffloadingSlotController>();
            controller->SetAttribute("Parameters", PointerValue(parameters));
            controller->SetAttribute("Geometry", EnumValue(OffloadingSlotController::RANDOM));
            controller->AssignStreams(7);
            const uint32_t slots = 150;
            double meanQueue = 0.0;
            double largestService = 0.0;
            for (uint32_t t = 0; t < slots; ++t)
            {
                const OffloadingSlotRecord r = controller->RunSlot();
                meanQueue += r.meanQueueMbit / slots;
                largestService = std::max(largestService, r.meanProcessedMbit);
            }
            // D_max: local service at f_max and w_min, or what a follower could send (at most
            // Q + A, with A <= 30); the records hold means, so bound by the larger a priori.
            const double localMax = k.maxFrequencyGHz * 1e3 * k.slotSeconds / 2000.0;
            const double serviceMax = std::max(localMax, 30.0 + 5 * 20.0);
            NS_TEST_EXPECT_MSG_LT_OR_EQ(largestService, serviceMax, "D <= D_max");
            const double x =
                0.5 * (10.0 * 10.0 + 10.0 * 30.0 + 30.0 * 30.0) / 3.0 + serviceMax * serviceMax;
            const double largestOverhead = 1.0; // s: C_SBC is tens of ms here
            const double penaltyRange =
                serviceMax + largestOverhead + k.maxPrice * k.maxFrequencyGHz;
            const double slack =
                k.maxFrequencyGHz * 1e3 * k.slotSeconds * std::log(2.0) / 2000.0 - 20.0;
            NS_TEST_ASSERT_MSG_GT(slack, 0.0, "a stationary policy with slack exists");
            const double bound = (x + penaltyRange * v) / slack;
            NS_TEST_EXPECT_MSG_LT_OR_EQ(meanQueue, bound, "eq. (46) at V = " << v);
            NS_TEST_EXPECT_MSG_LT(meanQueue, 5 * 20.0, "stable at V = " << v);
        }
    }
};

/** What a follower could do in one slot, with every limit but the slot's own relaxed. */
struct RelaxedSlot
{
    double mbitPerGHz{0.0};  //!< local service per GHz of f, T / w (Mbit/GHz)
    double offloadMbit{0.0}; //!< R T to its best LEO, alone on a channel, no interference
    double arrivalMbit{0.0}; //!< A
};

/**
 * A strategy that decides as its base and keeps, over the slots it learns from, each
 * follower's penalty F and relaxed slot.
 */
class PenaltyRecorder : public OffloadingStrategy
{
  public:
    /** \param base who decides */
    explicit PenaltyRecorder(Ptr<OffloadingStrategy> base)
        : m_base(base)
    {
    }

    double penaltySum{0.0};         //!< sum of F over slots and followers
    std::vector<RelaxedSlot> slots; //!< one per slot and follower

  private:
    OffloadingSlotDecision DoDecide(const OffloadingSlotProblem& problem,
                                    const OffloadingSlotDecision& previous) override
    {
        return m_base->Decide(problem, previous);
    }

    void DoLearn(const OffloadingSlotProblem& problem,
                 const OffloadingSlotDecision&,
                 const OffloadingSlotOutcome& outcome) override
    {
        const OffloadingConstants& k = problem.GetConstants();
        for (uint32_t i = 0; i < outcome.followers.size(); ++i)
        {
            const FollowerState& state = problem.GetFollowers()[i];
            penaltySum += outcome.followers[i].penalty;
            const double gain = *std::max_element(state.gain.begin(), state.gain.end());
            // Source eq. 5 without interference or sharing; eq. 7's local service.
            const double rate = k.bandwidthHz * std::log2(1.0 + k.txPowerW * gain / k.noiseW);
            slots.push_back({k.slotSeconds * 1e3 / state.cyclesPerBit,
                             rate * k.slotSeconds / 1e6,
                             state.arrivalMbit});
        }
    }

    Ptr<OffloadingStrategy> m_base; //!< who decides
};

/**
 * \ingroup sagin-tests
 * The source's penalty bound, eq. (41), on measured runs of the myopic strategy at a fixed
 * price lambda = 2 (random geometry, 2 x 6 followers, 150 slots from empty queues). Summing
 * the drift-plus-penalty inequality over T slots from L(Q(0)) = 0 gives (41) at finite T:
 * (1/T) sum F >= S* - X / V. S* (the best time-average penalty of a stable policy) is not
 * known; weak duality bounds it from above: S* = max E[F] over policies with E[D] >= E[A]
 * <= E[max_a (F(a) + mu D(a))] - mu E[A] for every mu >= 0, and relaxing the slot (no queue
 * cap on D, offloading alone on a channel without interference, C_SBC's smallest value: S_min
 * verified at f_max) only raises it. Per follower and slot the inner maximum is local at f_min
 * or f_max, (1 + mu) f T / w - lambda f, or offloading at f_min, (1 + mu) R T - lambda f_min;
 * the bound is the least over mu in [0, 10] (steps of 0.01), on the run's own states. The
 * test checks the stronger (1/T) sum F >= bound - X / V, X as in eq. (46)'s test: it binds
 * at large V (X / V = 17 at V = 1,000, 0.17 at V = 100,000). Measured: bound 0.31, mean F
 * 0.96 / 2.37 / 2.50 at V = 1,000 / 10,000 / 100,000 (above the bound: within 150 slots the
 * queues are not yet stable, and an unstable run may earn more than S*); a policy that paid
 * for f_max every slot (F about 20 - 32) would fail it.
 */
class OffloadingPenaltyBoundTestCase : public TestCase
{
  public:
    OffloadingPenaltyBoundTestCase()
        : TestCase("eq. (41): the time-average penalty stays above S* minus X over V")
    {
    }

  private:
    void DoRun() override
    {
        const double price = 2.0;
        for (double v : {1e3, 1e4, 1e5})
        {
            auto parameters = CreateObject<OffloadingParameters>();
            parameters->SetAttribute("Cells", UintegerValue(2));
            parameters->SetAttribute("DevicesPerCell", UintegerValue(6));
            parameters->SetAttribute("V", DoubleValue(v));
            const OffloadingConstants k = parameters->GetConstants();
            auto myopic = CreateObject<MyopicStackelbergStrategy>();
            myopic->SetAttribute("FixedPrice", DoubleValue(price));
            auto recorder = CreateObject<PenaltyRecorder>(myopic);
            auto controller = CreateObject<OffloadingSlotController>();
            controller->SetAttribute("Parameters", PointerValue(parameters));
            controller->SetAttribute("Geometry", EnumValue(OffloadingSlotController::RANDOM));
            controller->SetAttribute("Strategy", PointerValue(recorder));
            controller->AssignStreams(7);
            for (uint32_t t = 0; t < 150; ++t)
            {
                controller->RunSlot();
            }
            const double samples = recorder->slots.size();
            const double meanPenalty = recorder->penaltySum / samples;
            // C_min: C1 + C2 + C3 with S_min verified at f_max (source eqs. for C1-C3).
            const double bits = k.minBlockBytes * 8.0;
            const double smallestOverhead =
                k.modelCyclesPerBit * k.modelBits / (k.mbsFrequencyGHz * 1e9) +
                k.modelTransmissionFactor * std::log2(k.cells) * k.modelBits /
                    k.uplinkBitsPerSecond +
                k.modelTransmissionFactor * std::log2(k.GetFollowers()) * bits /
                    k.downlinkBitsPerSecond +
                k.verificationCyclesPerBit * bits / (k.maxFrequencyGHz * 1e9);
            double bestStable = std::numeric_limits<double>::infinity();
            for (uint32_t step = 0; step <= 1000; ++step)
            {
                const double mu = 0.01 * step;
                double dual = 0.0;
                for (const RelaxedSlot& slot : recorder->slots)
                {
                    const auto local = [&](double f) {
                        return (1.0 + mu) * f * slot.mbitPerGHz - price * f;
                    };
                    const double best =
                        std::max({local(k.minFrequencyGHz),
                                  local(k.maxFrequencyGHz),
                                  (1.0 + mu) * slot.offloadMbit - price * k.minFrequencyGHz});
                    dual += (best - smallestOverhead - mu * slot.arrivalMbit) / samples;
                }
                bestStable = std::min(bestStable, dual);
            }
            const double serviceMax = std::max(k.maxFrequencyGHz * 1e3 * k.slotSeconds / 2000.0,
                                               30.0 + 5 * 20.0); // as eq. (46)'s test
            const double x =
                0.5 * (10.0 * 10.0 + 10.0 * 30.0 + 30.0 * 30.0) / 3.0 + serviceMax * serviceMax;
            NS_TEST_EXPECT_MSG_GT_OR_EQ(meanPenalty, bestStable - x / v, "eq. (41) at V = " << v);
        }
    }
};

/**
 * \ingroup sagin-tests
 * Each bad constant or decision is refused with a message naming it.
 */
class OffloadingBadInputTestCase : public TestCase
{
  public:
    OffloadingBadInputTestCase()
        : TestCase("bad constants, decisions and names are refused, naming them")
    {
    }

  private:
    void DoRun() override
    {
        const auto withConstant = [](const std::function<void(OffloadingConstants&)>& change) {
            return [change]() {
                OffloadingConstants k = HandConstants();
                change(k);
                k.Validate();
            };
        };
        NS_TEST_EXPECT_MSG_EQ(RefusalProblem(withConstant([](auto& k) { k.v = -1.0; }), "V = -1"),
                              "",
                              "V < 0");
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem(withConstant([](auto& k) { k.modelTransmissionFactor = 0.0; }), "delta"),
            "",
            "delta = 0");
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem(withConstant([](auto& k) { k.modelTransmissionFactor = 1.5; }),
                           "outside (0, 1]"),
            "",
            "delta > 1");
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem(withConstant([](auto& k) { k.channels = 0; }), "R = 0"),
            "",
            "zero channels");
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem(withConstant([](auto& k) { k.devicesPerCell = 0; }), "M = 0"),
            "",
            "zero followers");
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem(withConstant([](auto& k) { k.mbsFrequencyGHz = 0.0; }), "f_MBS"),
            "",
            "f_MBS = 0");
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem(withConstant([](auto& k) { k.mbsFrequencyGHz = -6.0; }), "must be > 0"),
            "",
            "f_MBS < 0");
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem(withConstant([](auto& k) { k.maxBlockBytes = 0.5e6; }), "S_max"),
            "",
            "S_max < S_min");
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem(withConstant([](auto& k) { k.maxPrice = 0.0; }), "maximum price"),
            "",
            "a zero largest price");
        NS_TEST_EXPECT_MSG_EQ(RefusalProblem(withConstant([](auto& k) {
                                                 k.cells = 100000;
                                                 k.devicesPerCell = 100000;
                                             }),
                                             "N M <= 100,000"),
                              "",
                              "N M that would wrap");

        // The attribute path: OffloadingParameters::GetConstants validates.
        auto parameters = CreateObject<OffloadingParameters>();
        parameters->SetAttribute("V", DoubleValue(-5.0));
        NS_TEST_EXPECT_MSG_EQ(RefusalProblem([&]() { parameters->GetConstants(); }, "V = -5"),
                              "",
                              "V attribute < 0");

        std::vector<FollowerState> states(4, {0.0, 1.0, 2000.0, {1e-12}});
        const OffloadingSlotProblem problem(HandConstants(), states);
        const std::vector<FollowerDecision> good(4, {true, 1.0, 1, 0, 2e6});
        const std::vector<double> prices(4, 1.0);
        const auto withDecision = [&](const std::function<void(FollowerDecision&)>& change,
                                      const std::string& words) {
            std::vector<FollowerDecision> d = good;
            change(d[3]);
            return RefusalProblem([&]() { problem.Check(prices, d); }, words);
        };
        NS_TEST_EXPECT_MSG_EQ(withDecision([](auto& d) { d.channel = 2; },
                                           "follower 3 (MBS 1, device 1): channel 2 is out of "
                                           "range"),
                              "",
                              "channel out of range");
        NS_TEST_EXPECT_MSG_EQ(withDecision([](auto& d) { d.leo = 1; }, "LEO 1 is out of range"),
                              "",
                              "LEO out of range");
        NS_TEST_EXPECT_MSG_EQ(withDecision([](auto& d) { d.blockBytes = 5e6; },
                                           "block size S_B = 5e+06 bytes is outside"),
                              "",
                              "S_B > S_max");
        NS_TEST_EXPECT_MSG_EQ(withDecision([](auto& d) { d.blockBytes = 0.5e6; }, "S_B"),
                              "",
                              "S_B < S_min");
        NS_TEST_EXPECT_MSG_EQ(withDecision([](auto& d) { d.frequencyGHz = 0.0; }, "f = 0 GHz"),
                              "",
                              "f < f_min");
        NS_TEST_EXPECT_MSG_EQ(RefusalProblem(
                                  [&]() {
                                      problem.Check({1, 1, 1, -1}, good);
                                  },
                                  "price lambda = -1"),
                              "",
                              "negative price");
        NS_TEST_EXPECT_MSG_EQ(RefusalProblem(
                                  [&]() {
                                      problem.Check({1, 1, 1}, good);
                                  },
                                  "3 prices"),
                              "",
                              "too few prices");
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem(
                [&]() {
                    problem.EvaluateMeasured(prices, good, {1.0, -2.0, 0.0, 0.0}, nullptr);
                },
                "follower 1 (MBS 0, device 1): measured D2 = -2"),
            "",
            "a negative measured D2");
        MeasuredPrivacyOverhead negative;
        negative.blockSeconds = -1e-3;
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem(
                [&]() {
                    problem.EvaluateMeasured(prices, good, {1.0, 1.0, 0.0, 0.0}, &negative);
                },
                "a measured privacy term (C1, C2, C3 or the block size) is -0.001"),
            "",
            "a negative measured C3");
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem([&]() { OffloadingSlotProblem(HandConstants(), {states[0]}); },
                           "1 follower states for N M = 4"),
            "",
            "too few states");
        std::vector<FollowerState> badGain = states;
        badGain[2].gain = {-1.0};
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem([&]() { OffloadingSlotProblem(HandConstants(), badGain); },
                           "follower 2 (MBS 1, device 0): a channel gain is"),
            "",
            "negative gain");
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem([]() { OffloadingBaselineStrategy::ParseRule("greedy"); },
                           "unknown study A baseline 'greedy': use MARTO, MAMCC or MAGCS"),
            "",
            "unknown baseline");
        NS_TEST_EXPECT_MSG_EQ(OffloadingBaselineStrategy::ParseRule("magcs"),
                              OffloadingBaselineStrategy::MAGCS,
                              "names in any case");
    }
};

/**
 * \ingroup sagin-tests
 * Study A's per-slot model.
 */
class OffloadingProblemTestSuite : public TestSuite
{
  public:
    OffloadingProblemTestSuite()
        : TestSuite("sagin-offloading-problem", Type::UNIT)
    {
        AddTestCase(new OffloadingHandComputedTestCase);
        AddTestCase(new OffloadingQueueTestCase);
        AddTestCase(new OffloadingQueueBoundTestCase);
        AddTestCase(new OffloadingPenaltyBoundTestCase);
        AddTestCase(new OffloadingBadInputTestCase);
    }
};

/** Register the suite. */
static OffloadingProblemTestSuite g_offloadingProblemTestSuite;
