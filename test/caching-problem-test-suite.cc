// SPDX-License-Identifier: GPL-2.0-only
//
// Study C's per-slot problem: U(t), revenue and queue updates on an instance computed by hand,
// every constraint C1-C9 named by the feasibility check, the optimisers' fast objective
// against the literal sums of eq. (22), and bad input.

#include "sagin-test-utils.h"

#include "ns3/caching-slot-parameters.h"
#include "ns3/caching-slot-problem.h"
#include "ns3/caching-virtual-queues.h"
#include "ns3/content-catalogue.h"
#include "ns3/double.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"
#include "ns3/test.h"

#include <cmath>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{

/**
 * The hand-computed instance: F = 3, J = 2, I = 4.
 * \return the input
 */
CachingSlotInput
HandInstance()
{
    CachingSlotInput in;
    in.contentSizes = {10.0, 20.0, 30.0};
    in.maxContentSize = 50.0;
    in.requests = {0, 1, 2, 0};
    // R_ij alone (Mbit/s): rows are UEs, columns UAV 0, UAV 1.
    in.uavRates = {30.0, 5.0, 8.0, 12.0, 40.0, 10.0, 25.0, 6.0};
    in.satelliteRates = {2.0, 2.0, 2.0, 2.0};
    in.storage = {100.0, 60.0};
    in.previousCache = {1, 0, 0, /* UAV 1 */ 0, 1, 0};
    in.uavQueues = {4.0, 3.0};
    in.satelliteQueue = 5.0;
    in.uavPrices = {2.0, 2.0};
    in.satellitePrice = 1.0;
    in.fullNodeReward = 10.0;
    in.lightNodeReward = 1.0;
    in.fullNodeSize = 50.0;
    in.lightNodeSize = 1.0;
    in.v = 2.0;
    in.slotDuration = 1.0;
    return in;
}

/**
 * The hand-computed decision: UAV 0 places content 2 and is a full node; UAV 1 places
 * content 0 and is a light node; UEs 0 and 2 on UAV 0, UE 1 on the satellite, UE 3 on UAV 1.
 * \param problem the hand instance
 * \return the solution
 */
CachingSolution
HandSolution(const CachingSlotProblem& problem)
{
    return problem.MakeSolution({1, 0, 1, /* UAV 1 */ 1, 1, 0}, {0, 2, 0, 1}, {1, 0});
}

/**
 * Trace sink of CachingVirtualQueues::Updated.
 * \param uav where to store Q_j
 * \param satellite where to store Q^S
 * \param q Q_j
 * \param qs Q^S
 */
void
RecordQueues(std::vector<double>* uav, double* satellite, const std::vector<double>& q, double qs)
{
    *uav = q;
    *satellite = qs;
}

} // namespace

/**
 * \ingroup sagin-tests
 * U(t), revenue, outcome and queue updates against hand arithmetic.
 */
class CachingHandInstanceTestCase : public TestCase
{
  public:
    CachingHandInstanceTestCase()
        : TestCase("U(t), revenue and virtual queues on a hand-computed instance")
    {
    }

  private:
    void DoRun() override
    {
        const CachingSlotProblem problem(HandInstance());
        const CachingSolution s = HandSolution(problem);
        // Eq. (2) through MakeSolution: delta at (UAV 0, content 2) and (UAV 1, content 0).
        const std::vector<uint8_t> delta{0, 0, 1, 1, 0, 0};
        const std::vector<uint8_t> rho{0, 0, 0, 0, 0, 0};
        NS_TEST_EXPECT_MSG_EQ((s.placement == delta), true, "placement");
        NS_TEST_EXPECT_MSG_EQ((s.replacement == rho), true, "replacement");
        const CachingFeasibility ok = problem.Check(s);
        NS_TEST_ASSERT_MSG_EQ(ok.IsFeasible(), true, ok.reason);
        // C7 by hand: UAV 0 10 + 30 + 50 = 90 <= 100; UAV 1 10 + 20 + 1 = 31 <= 60.

        // By hand (Mbit, dt = 1 s):
        // UAV 0 serves k = 2 UEs: UE 0 gets 30/2 = 15 Mbit/s -> D = min(10, 15) = 10;
        //   UE 2 gets 40/2 = 20 -> D = min(30, 20) = 20. Arrivals 10 + 30 = 40, delivered 30.
        // UAV 1 serves k = 1: UE 3 gets 6 -> D = min(10, 6) = 6. Arrivals 10, delivered 6.
        // Satellite: UE 1 gets 2 -> D = min(20, 2) = 2. Arrivals 20, delivered 2.
        // Rev^1 = 2*30 + 2*6 + 1*2 = 74; Rev^2 = 10 (full) + 1 (light) = 11; Rev = 85.
        // U = 4*(40-30) + 3*(10-6) + 5*(20-2) - 2*85 = 40 + 12 + 90 - 170 = -28.
        const CachingSlotOutcome out = problem.Evaluate(s);
        NS_TEST_EXPECT_MSG_EQ_TOL(out.uavArrivals[0], 40.0, 1e-12, "arrivals UAV 0");
        NS_TEST_EXPECT_MSG_EQ_TOL(out.uavDelivered[0], 30.0, 1e-12, "delivered UAV 0");
        NS_TEST_EXPECT_MSG_EQ_TOL(out.uavArrivals[1], 10.0, 1e-12, "arrivals UAV 1");
        NS_TEST_EXPECT_MSG_EQ_TOL(out.uavDelivered[1], 6.0, 1e-12, "delivered UAV 1");
        NS_TEST_EXPECT_MSG_EQ_TOL(out.satelliteArrival, 20.0, 1e-12, "arrivals satellite");
        NS_TEST_EXPECT_MSG_EQ_TOL(out.satelliteDelivered, 2.0, 1e-12, "delivered satellite");
        NS_TEST_EXPECT_MSG_EQ_TOL(out.contentRevenue, 74.0, 1e-12, "Rev^1, eq. (12)");
        NS_TEST_EXPECT_MSG_EQ_TOL(out.blockchainRevenue, 11.0, 1e-12, "Rev^2, eq. (13)");
        NS_TEST_EXPECT_MSG_EQ_TOL(problem.Revenue(s), 85.0, 1e-12, "Rev, eq. (14)");
        NS_TEST_EXPECT_MSG_EQ_TOL(problem.Objective(s), -28.0, 1e-12, "U(t), eq. (22)");
        const std::vector<uint8_t> ap{0, 2, 0, 1};
        const std::vector<uint8_t> c{1, 0};
        NS_TEST_EXPECT_MSG_EQ_TOL(problem.AssignmentObjective(ap.data(), c.data()),
                                  -28.0,
                                  1e-12,
                                  "fast path");

        // Both UAVs full instead: Rev^2 = 20, U = 142 - 2*(74 + 20) = -46 (C7 fails on
        // UAV 1: 10 + 20 + 50 = 80 > 60, which the objective does not look at).
        const std::vector<uint8_t> both{1, 1};
        NS_TEST_EXPECT_MSG_EQ_TOL(problem.AssignmentObjective(ap.data(), both.data()),
                                  -46.0,
                                  1e-12,
                                  "two full nodes");

        // Queues, eq. (10), (11). They start at 0; a first slot brings them to the instance's
        // Q = (4, 3), Q^S = 5, then the hand solution's outcome is applied twice.
        auto queues = CreateObject<CachingVirtualQueues>();
        queues->Reset(2);
        CachingSlotOutcome first;
        first.uavArrivals = {4.0, 3.0};
        first.uavDelivered = {7.0, 0.0}; // [0 - 7]^+ = 0
        first.satelliteArrival = 5.0;
        queues->Update(first);
        NS_TEST_EXPECT_MSG_EQ((queues->GetUavQueues() == std::vector<double>{4.0, 3.0}),
                              true,
                              "[0 - 7]^+ + 4 = 4");
        std::vector<double> traced;
        double tracedS = -1.0;
        queues->TraceConnectWithoutContext("Updated",
                                           MakeBoundCallback(&RecordQueues, &traced, &tracedS));
        queues->Update(out);
        // Q_0 = [4 - 30]^+ + 40 = 40; Q_1 = [3 - 6]^+ + 10 = 10; Q^S = [5 - 2]^+ + 20 = 23.
        NS_TEST_EXPECT_MSG_EQ_TOL(queues->GetUavQueues()[0], 40.0, 1e-12, "Q_0, eq. (10)");
        NS_TEST_EXPECT_MSG_EQ_TOL(queues->GetUavQueues()[1], 10.0, 1e-12, "Q_1, eq. (10)");
        NS_TEST_EXPECT_MSG_EQ_TOL(queues->GetSatelliteQueue(), 23.0, 1e-12, "Q^S, eq. (11)");
        NS_TEST_EXPECT_MSG_EQ_TOL(queues->GetMeanUavQueue(), 25.0, 1e-12, "mean");
        NS_TEST_EXPECT_MSG_EQ((traced == queues->GetUavQueues()), true, "trace: Q_j");
        NS_TEST_EXPECT_MSG_EQ(tracedS, 23.0, "trace: Q^S");
        queues->Update(out);
        // No clipping now: Q_0 = 40 - 30 + 40 = 50; Q_1 = 10 - 6 + 10 = 14; Q^S = 23 - 2 + 20.
        NS_TEST_EXPECT_MSG_EQ_TOL(queues->GetUavQueues()[0], 50.0, 1e-12, "Q_0 again");
        NS_TEST_EXPECT_MSG_EQ_TOL(queues->GetUavQueues()[1], 14.0, 1e-12, "Q_1 again");
        NS_TEST_EXPECT_MSG_EQ_TOL(queues->GetSatelliteQueue(), 41.0, 1e-12, "Q^S again");
    }
};

/**
 * \ingroup sagin-tests
 * Each of C1-C9 broken on purpose and named by Check.
 */
class CachingConstraintTestCase : public TestCase
{
  public:
    CachingConstraintTestCase()
        : TestCase("Feasibility check names each violated constraint C1-C10")
    {
    }

  private:
    /**
     * \param problem the problem
     * \param s a solution
     * \param expected the constraint it breaks
     * \param text part of the reason
     */
    void Expect(const CachingSlotProblem& problem,
                const CachingSolution& s,
                CachingConstraint expected,
                const std::string& text)
    {
        const CachingFeasibility r = problem.Check(s);
        NS_TEST_EXPECT_MSG_EQ(ToString(r.violated), ToString(expected), r.reason);
        NS_TEST_EXPECT_MSG_EQ(Contains(r.reason, text), true, r.reason);
    }

    void DoRun() override
    {
        const CachingSlotProblem problem(HandInstance());
        const CachingSolution good = HandSolution(problem);
        CachingSolution s = good;
        s.placement[0] = 2;
        Expect(problem, s, CachingConstraint::C1, "UAV 0, content 0 is not binary");
        s = good;
        s.access[1] = 2;
        Expect(problem, s, CachingConstraint::C2, "UE 0, access point 1 is not binary");
        s = good;
        s.fullNode[1] = 7;
        Expect(problem, s, CachingConstraint::C3, "UAV 1 is not binary");
        s = good;
        s.placement[0] = 1; // content 0 is already on UAV 0
        Expect(problem, s, CachingConstraint::C4, "already cached at UAV 0, content 0");
        s = good;
        s.replacement[5] = 1; // content 2 is not on UAV 1
        Expect(problem, s, CachingConstraint::C5, "not cached at UAV 1, content 2");
        s = good;
        s.placement[1] = 1;
        s.replacement[1] = 1;
        Expect(problem, s, CachingConstraint::C6, "places and removes at UAV 0, content 1");
        s = good;
        s.fullNode = {1, 1}; // UAV 1: 10 + 20 + 50 = 80 > 60
        Expect(problem, s, CachingConstraint::C7, "UAV 1 stores 80 Mbit");
        s = good;
        s.access[0 * 3 + 2] = 1; // UE 0 on UAV 0 and the satellite
        Expect(problem, s, CachingConstraint::C8, "UE 0 has 2 access points");
        s = good;
        s.access[1 * 3 + 2] = 0; // UE 1 nowhere
        Expect(problem, s, CachingConstraint::C8, "UE 1 has 0 access points");
        s = problem.MakeSolution({1, 0, 1, 1, 1, 0}, {0, 0, 0, 1}, {1, 0});
        Expect(problem, s, CachingConstraint::C8, "UAV 0, which does not hold its content 1");
        s = good;
        s.fullNode = {0, 0};
        Expect(problem, s, CachingConstraint::C9, "no UAV is a full node");
        // C10: the hand decision newly caches 30 Mbit on UAV 0 (content 2) and 10 on UAV 1.
        CachingSlotInput budgeted = HandInstance();
        budgeted.placementBudget = 20.0;
        const CachingSlotProblem tight(budgeted);
        Expect(tight,
               HandSolution(tight),
               CachingConstraint::C10,
               "UAV 0 newly caches 30 Mbit, more than the placement budget 20 Mbit");
        const std::vector<uint8_t> after = tight.GetCacheAfter(HandSolution(tight));
        NS_TEST_EXPECT_MSG_EQ(tight.PlacementUsed(1, &after[3]), 10.0, "UAV 1 places content 0");
        NS_TEST_EXPECT_MSG_EQ(tight.UavFits(0, &after[0], true), false, "30 Mbit placed > 20");
        NS_TEST_EXPECT_MSG_EQ(tight.UavFits(1, &after[3], false), true, "10 <= 20, 31 <= 60");
        NS_TEST_EXPECT_MSG_EQ(tight.UavFits(1, &after[3], true), false, "C7: 80 > 60");
        budgeted.placementBudget = 30.0;
        const CachingSlotProblem enough(budgeted);
        NS_TEST_EXPECT_MSG_EQ(enough.Check(HandSolution(enough)).IsFeasible(),
                              true,
                              enough.Check(HandSolution(enough)).reason);
        // What UAV 0 held at t-1 costs nothing: content 0 again, then content 1 (20 Mbit).
        const uint8_t row[] = {1, 0, 0};
        NS_TEST_EXPECT_MSG_EQ(tight.PlacementFits(0, 1, row), true, "20 <= 20");
        NS_TEST_EXPECT_MSG_EQ(tight.PlacementFits(0, 2, row), false, "30 > 20");
        const uint8_t none[] = {0, 0, 0};
        NS_TEST_EXPECT_MSG_EQ(tight.PlacementFits(0, 0, none), true, "held at t-1");
        // A removal that frees room: UAV 1 replaces content 1 and becomes a full node.
        s = problem.MakeSolution({1, 0, 1, 1, 0, 0}, {0, 2, 0, 1}, {1, 1});
        NS_TEST_EXPECT_MSG_EQ((s.replacement == std::vector<uint8_t>{0, 0, 0, 0, 1, 0}),
                              true,
                              "rho");
        NS_TEST_EXPECT_MSG_EQ(problem.Check(s).IsFeasible(), true, problem.Check(s).reason);
        s.access.pop_back();
        NS_TEST_EXPECT_MSG_EQ(
            Contains(MessageOf<std::invalid_argument>([&]() { problem.Check(s); }),
                     "solution access has 11 entries, expected 12"),
            true,
            "dimensions");
    }
};

/**
 * \ingroup sagin-tests
 * The optimisers' objective against the literal sums of eq. (22) on random instances.
 */
class CachingFastObjectiveTestCase : public TestCase
{
  public:
    CachingFastObjectiveTestCase()
        : TestCase("Assignment objective equals eq. (22) summed literally, random instances")
    {
    }

  private:
    void DoRun() override
    {
        auto rng = CreateObject<UniformRandomVariable>();
        rng->SetStream(5);
        for (uint32_t trial = 0; trial < 200; ++trial)
        {
            const uint32_t ues = rng->GetInteger(0, 12);
            const uint32_t uavs = rng->GetInteger(1, 4);
            const uint32_t contents = rng->GetInteger(1, 8);
            CachingSlotInput in;
            for (uint32_t f = 0; f < contents; ++f)
            {
                in.contentSizes.push_back(rng->GetValue(1.0, 50.0));
            }
            in.maxContentSize = 50.0;
            for (uint32_t i = 0; i < ues; ++i)
            {
                in.requests.push_back(rng->GetInteger(0, contents - 1));
                in.satelliteRates.push_back(rng->GetValue(0.0, 5.0));
                for (uint32_t j = 0; j < uavs; ++j)
                {
                    in.uavRates.push_back(rng->GetValue(0.0, 200.0));
                }
            }
            in.storage.assign(uavs, 1000.0);
            in.previousCache.assign(uavs * contents, 0);
            for (uint32_t j = 0; j < uavs; ++j)
            {
                in.uavQueues.push_back(rng->GetValue(0.0, 500.0));
                in.uavPrices.push_back(rng->GetValue(1.0, 3.0));
            }
            in.satelliteQueue = rng->GetValue(0.0, 500.0);
            in.satellitePrice = 1.0;
            in.fullNodeReward = 100.0;
            in.lightNodeReward = 1.0;
            in.fullNodeSize = 80.0;
            in.lightNodeSize = 0.08;
            in.v = rng->GetValue(0.0, 100.0);
            in.slotDuration = rng->GetValue(0.5, 2.0);
            const CachingSlotProblem problem(in);
            std::vector<uint8_t> ap(ues);
            for (auto& a : ap)
            {
                a = rng->GetInteger(0, uavs);
            }
            std::vector<uint8_t> c(uavs);
            for (auto& x : c)
            {
                x = rng->GetInteger(0, 1);
            }
            std::vector<uint8_t> cache(uavs * contents, 1);
            const CachingSolution s = problem.MakeSolution(cache, ap, c);
            const double literal = problem.Objective(s);
            NS_TEST_EXPECT_MSG_EQ_TOL(problem.AssignmentObjective(ap.data(), c.data()),
                                      literal,
                                      1e-9 * (1.0 + std::abs(literal)),
                                      "trial " << trial);
        }
    }
};

/**
 * \ingroup sagin-tests
 * Bad problem input, each refused with a message naming it.
 */
class CachingProblemBadInputTestCase : public TestCase
{
  public:
    CachingProblemBadInputTestCase()
        : TestCase("Bad input: storage below smallest content + headers, zero UAVs, s_max, ...")
    {
    }

  private:
    /**
     * \param in an input
     * \return the message of the std::invalid_argument its problem throws
     */
    static std::string Refusal(const CachingSlotInput& in)
    {
        return MessageOf<std::invalid_argument>([&]() { CachingSlotProblem p(in); });
    }

    void DoRun() override
    {
        CachingSlotInput in = HandInstance();
        in.storage[1] = 10.5; // smallest content 10 + headers 1 = 11
        in.previousCache = {1, 0, 0, 0, 0, 0};
        std::string m = Refusal(in);
        NS_TEST_EXPECT_MSG_EQ(
            Contains(m,
                     "UAV 1 has storage S_j = 10.5 Mbit, less than the smallest content (10 "
                     "Mbit) plus a light node's headers s^li (1 Mbit)"),
            true,
            m);

        in = HandInstance();
        in.storage.clear();
        in.uavRates.clear();
        in.previousCache.clear();
        in.uavQueues.clear();
        in.uavPrices.clear();
        m = Refusal(in);
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "zero UAVs"), true, m);

        in = HandInstance();
        in.contentSizes[2] = 55.0;
        m = Refusal(in);
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "contentSizes[2] = 55; larger than s_max = 50"), true, m);

        in = HandInstance();
        in.fullNodeSize = 150.0;
        m = Refusal(in);
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "C9 (at least one full node) cannot hold"), true, m);

        in = HandInstance();
        in.previousCache = {1, 1, 1, 1, 1, 1}; // 60 + 1 > 60 on UAV 1
        m = Refusal(in);
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "UAV 1's previous cache plus headers take 61 Mbit"),
                              true,
                              m);

        in = HandInstance();
        in.uavRates.pop_back();
        m = Refusal(in);
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "uavRates has 7 entries, expected 8"), true, m);

        in = HandInstance();
        in.requests[3] = 3;
        m = Refusal(in);
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "requests[3] = 3"), true, m);

        in = HandInstance();
        in.uavQueues[0] = -1.0;
        m = Refusal(in);
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "uavQueues[0] = -1"), true, m);

        in = HandInstance();
        in.placementBudget = -1.0;
        m = Refusal(in);
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "placementBudget = -1; give the Mbit a UAV may newly"),
                              true,
                              m);
        in.placementBudget = std::nan("");
        m = Refusal(in);
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "placementBudget = nan"), true, m);

        // The parameters object with queues that were never Reset: zero UAVs.
        auto params = CreateObject<CachingSlotParameters>();
        auto catalogue = CreateObject<ContentCatalogue>();
        auto queues = CreateObject<CachingVirtualQueues>();
        m = Refusal(params->MakeInput(catalogue, {0}, {}, {}, queues));
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "zero UAVs"), true, m);
        m = MessageOf<std::invalid_argument>([&]() { queues->Reset(0); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "zero UAVs"), true, m);
        queues->Reset(2);
        CachingSlotOutcome wrong;
        wrong.uavArrivals = {1.0};
        wrong.uavDelivered = {1.0};
        m = MessageOf<std::invalid_argument>([&]() { queues->Update(wrong); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "1 UAV arrivals"), true, m);
    }
};

/**
 * \ingroup sagin-tests
 * The parameters' defaults are PAPERS.md's study C values.
 */
class CachingParametersTestCase : public TestCase
{
  public:
    CachingParametersTestCase()
        : TestCase("Slot parameters: study C defaults assembled into a valid input")
    {
    }

  private:
    void DoRun() override
    {
        auto params = CreateObject<CachingSlotParameters>();
        auto catalogue = CreateObject<ContentCatalogue>();
        catalogue->AssignStreams(1);
        auto queues = CreateObject<CachingVirtualQueues>();
        queues->Reset(4);
        const uint32_t ues = 20;
        const CachingSlotInput in = params->MakeInput(catalogue,
                                                      std::vector<uint32_t>(ues, 0),
                                                      std::vector<double>(ues * 4, 100.0),
                                                      std::vector<uint8_t>(4 * 30, 0),
                                                      queues);
        const CachingSlotProblem problem(in);
        NS_TEST_EXPECT_MSG_EQ(problem.GetNumUavs(), 4, "J");
        NS_TEST_EXPECT_MSG_EQ(problem.GetNumContents(), 30, "F");
        NS_TEST_EXPECT_MSG_EQ(in.v, 50.0, "V");
        NS_TEST_EXPECT_MSG_EQ(in.uavPrices[3], 2.0, "eta_j");
        NS_TEST_EXPECT_MSG_EQ(in.satellitePrice, 1.0, "eta^S");
        NS_TEST_EXPECT_MSG_EQ(in.fullNodeReward, 100.0, "r^fu");
        NS_TEST_EXPECT_MSG_EQ(in.lightNodeReward, 1.0, "r^li");
        NS_TEST_EXPECT_MSG_EQ(in.fullNodeSize, 80.0, "s^fu");
        NS_TEST_EXPECT_MSG_EQ(in.lightNodeSize, 0.08, "s^li");
        NS_TEST_EXPECT_MSG_EQ(in.storage[0], 200.0, "S_j");
        NS_TEST_EXPECT_MSG_EQ(in.satelliteRates[19], 2.0, "R^S");
        NS_TEST_EXPECT_MSG_EQ(in.slotDuration, 1.0, "dt");
        NS_TEST_EXPECT_MSG_EQ(in.maxContentSize, 50.0, "s_max");
        NS_TEST_EXPECT_MSG_EQ(in.placementBudget, 50.0, "R^bh dt = 50 Mbit/s x 1 s [recon]");
        params->SetAttribute("BackhaulRate", DoubleValue(8.0));
        params->SetAttribute("SlotDuration", TimeValue(MilliSeconds(500)));
        NS_TEST_EXPECT_MSG_EQ(params
                                  ->MakeInput(catalogue,
                                              std::vector<uint32_t>(ues, 0),
                                              std::vector<double>(ues * 4, 100.0),
                                              std::vector<uint8_t>(4 * 30, 0),
                                              queues)
                                  .placementBudget,
                              4.0,
                              "8 Mbit/s x 0.5 s");
    }
};

/**
 * \ingroup sagin-tests
 * The study C problem TestSuite.
 */
class CachingProblemTestSuite : public TestSuite
{
  public:
    CachingProblemTestSuite()
        : TestSuite("sagin-caching-problem", Type::UNIT)
    {
        AddTestCase(new CachingHandInstanceTestCase);
        AddTestCase(new CachingConstraintTestCase);
        AddTestCase(new CachingFastObjectiveTestCase);
        AddTestCase(new CachingProblemBadInputTestCase);
        AddTestCase(new CachingParametersTestCase);
    }
};

static CachingProblemTestSuite
    g_cachingProblemTestSuite; //!< Static variable for test initialization
