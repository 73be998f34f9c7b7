// SPDX-License-Identifier: GPL-2.0-only
//
// Study C's per-slot optimisers: spark counts of eq. (25)-(26) by hand, every spark of the
// fireworks operators feasible (property test), fireworks against the exhaustive optimum on
// tiny instances, the exhaustive search against an independent enumeration of every
// (n, alpha, c), the OneES and No-mutation variants against the full algorithm, LRU and LFU
// on scripted requests, and bad input.

#include "sagin-test-utils.h"

#include "ns3/boolean.h"
#include "ns3/caching-greedy-descent.h"
#include "ns3/caching-slot-problem.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/exact-caching-optimiser.h"
#include "ns3/exhaustive-caching-optimiser.h"
#include "ns3/fireworks-caching-optimiser.h"
#include "ns3/lru-lfu-caching-optimiser.h"
#include "ns3/random-variable-stream.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <limits>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{

/**
 * A random valid instance of the given size. Storage is often tight so that C7 and C9 bite.
 * \param rng the random source
 * \param ues I
 * \param uavs J
 * \param contents F
 * \return the input
 */
CachingSlotInput
RandomInstance(Ptr<UniformRandomVariable> rng, uint32_t ues, uint32_t uavs, uint32_t contents)
{
    CachingSlotInput in;
    in.maxContentSize = 50.0;
    double smallest = 1e9;
    for (uint32_t f = 0; f < contents; ++f)
    {
        in.contentSizes.push_back(rng->GetValue(10.0, 50.0));
        smallest = std::min(smallest, in.contentSizes.back());
    }
    for (uint32_t i = 0; i < ues; ++i)
    {
        in.requests.push_back(rng->GetInteger(0, contents - 1));
        in.satelliteRates.push_back(2.0);
        for (uint32_t j = 0; j < uavs; ++j)
        {
            in.uavRates.push_back(rng->GetValue(0.0, 150.0));
            in.uavDistances.push_back(rng->GetValue(100.0, 300.0));
        }
    }
    in.lightNodeSize = 0.08;
    in.fullNodeSize = 80.0;
    for (uint32_t j = 0; j < uavs; ++j)
    {
        in.storage.push_back(rng->GetValue(smallest + in.lightNodeSize, 200.0));
        in.uavQueues.push_back(rng->GetValue(0.0, 300.0));
        in.uavPrices.push_back(2.0);
    }
    in.storage[rng->GetInteger(0, uavs - 1)] = rng->GetValue(in.fullNodeSize, 200.0);
    in.previousCache.assign(uavs * contents, 0);
    for (uint32_t j = 0; j < uavs; ++j)
    {
        double used = in.lightNodeSize;
        for (uint32_t f = 0; f < contents; ++f)
        {
            if (rng->GetInteger(0, 1) && used + in.contentSizes[f] <= in.storage[j])
            {
                in.previousCache[j * contents + f] = 1;
                used += in.contentSizes[f];
            }
        }
    }
    in.satelliteQueue = rng->GetValue(0.0, 300.0);
    in.satellitePrice = 1.0;
    in.fullNodeReward = 100.0;
    in.lightNodeReward = 1.0;
    in.v = 50.0;
    in.slotDuration = 1.0;
    return in;
}

/**
 * A placement budget (C10) for trial number trial: none on even trials, on odd ones a random
 * budget of 0-60 Mbit, binding for contents of 10-50 Mbit.
 * \param rng the random source
 * \param trial the trial number
 * \return the budget (Mbit)
 */
double
BudgetOf(Ptr<UniformRandomVariable> rng, uint32_t trial)
{
    return trial % 2 ? rng->GetValue(0.0, 60.0) : std::numeric_limits<double>::infinity();
}

/**
 * A random instance of random size with BudgetOf(trial) (property tests).
 * \param rng the random source
 * \param trial the trial number
 * \param minUes fewest UEs
 * \param maxUes most UEs
 * \param maxUavs most UAVs (at least one)
 * \param maxContents most contents (at least one)
 * \return the input
 */
CachingSlotInput
RandomBudgetedInstance(Ptr<UniformRandomVariable> rng,
                       uint32_t trial,
                       uint32_t minUes,
                       uint32_t maxUes,
                       uint32_t maxUavs,
                       uint32_t maxContents)
{
    CachingSlotInput in = RandomInstance(rng,
                                         rng->GetInteger(minUes, maxUes),
                                         rng->GetInteger(1, maxUavs),
                                         rng->GetInteger(1, maxContents));
    in.placementBudget = BudgetOf(rng, trial);
    return in;
}

/**
 * \param rng the random source
 * \param fireworks the optimiser whose initial fireworks are drawn
 * \param problem the problem
 * \return the warm-start firework or a random one, with equal probability
 */
FireworksCachingOptimiser::Individual
RandomFirework(Ptr<UniformRandomVariable> rng,
               Ptr<FireworksCachingOptimiser> fireworks,
               const CachingSlotProblem& problem)
{
    return rng->GetInteger(0, 1) ? fireworks->WarmStart(problem)
                                 : fireworks->RandomIndividual(problem);
}

/**
 * \param a a value
 * \param b another
 * \return whether they are equal up to rounding
 */
bool
Same(double a, double b)
{
    return std::abs(a - b) <= 1e-9 * (1.0 + std::abs(a) + std::abs(b));
}

} // namespace

/**
 * \ingroup sagin-tests
 * Spark counts, eq. (25) and (26), against hand arithmetic.
 */
class FireworksSparkCountTestCase : public TestCase
{
  public:
    FireworksSparkCountTestCase()
        : TestCase("Explosion spark counts of eq. (25)-(26) by hand")
    {
    }

  private:
    void DoRun() override
    {
        // chi^ = 50, a = 0.04 (round(2) = 2), b = 0.8 (round(40) = 40).
        // f = (-100, -50, 0, 0, 50): f_max = 50, f_max - f = (150, 100, 50, 50, 0), sum 350:
        // chi = 50 * (150, 100, 50, 50, 0) / 350 = (21.43, 14.29, 7.14, 7.14, ~0)
        // -> (21, 14, 7, 7, 2).
        std::vector<uint32_t> c =
            FireworksCachingOptimiser::SparkCounts({-100, -50, 0, 0, 50}, 50, 0.04, 0.8, 1e-12);
        NS_TEST_EXPECT_MSG_EQ((c == std::vector<uint32_t>{21, 14, 7, 7, 2}), true, "spread");
        // One firework far ahead: chi_0 = 50 > 40 -> 40; the others ~0 -> 2.
        c = FireworksCachingOptimiser::SparkCounts({-1000, 0, 0, 0, 0}, 50, 0.04, 0.8, 1e-12);
        NS_TEST_EXPECT_MSG_EQ((c == std::vector<uint32_t>{40, 2, 2, 2, 2}), true, "clamped");
        // All equal: chi = 50 eps / eps = 50 > 40 -> 40 each.
        c = FireworksCachingOptimiser::SparkCounts({3, 3, 3}, 50, 0.04, 0.8, 1e-12);
        NS_TEST_EXPECT_MSG_EQ((c == std::vector<uint32_t>{40, 40, 40}), true, "equal");
        // eps = 0, f = (0, 1, 0, 0, 1): f_max - f = (1, 0, 1, 1, 0), sum 3: chi = 16.67 -> 17,
        // and 0 -> 2.
        c = FireworksCachingOptimiser::SparkCounts({0, 1, 0, 0, 1}, 50, 0.04, 0.8, 0.0);
        NS_TEST_EXPECT_MSG_EQ((c == std::vector<uint32_t>{17, 2, 17, 17, 2}), true, "thirds");
    }
};

/**
 * \ingroup sagin-tests
 * Every spark of the four explosion cases and of the mutation satisfies C1-C10.
 */
class FireworksFeasibleSparksTestCase : public TestCase
{
  public:
    FireworksFeasibleSparksTestCase()
        : TestCase("Property: random sparks from random feasible fireworks satisfy C1-C10")
    {
    }

  private:
    void DoRun() override
    {
        auto rng = CreateObject<UniformRandomVariable>();
        rng->SetStream(21);
        auto fireworks = CreateObject<FireworksCachingOptimiser>();
        fireworks->AssignStreams(22);
        uint32_t sparks = 0;
        uint32_t changed = 0;
        uint32_t fullFlips = 0;
        for (uint32_t trial = 0; trial < 300; ++trial)
        {
            const CachingSlotProblem problem(RandomBudgetedInstance(rng, trial, 0, 15, 5, 10));
            FireworksCachingOptimiser::Individual x = RandomFirework(rng, fireworks, problem);
            auto check = [&](const FireworksCachingOptimiser::Individual& s, const char* what) {
                const CachingSolution solution = FireworksCachingOptimiser::ToSolution(problem, s);
                const CachingFeasibility r = problem.Check(solution);
                NS_TEST_EXPECT_MSG_EQ(r.IsFeasible(),
                                      true,
                                      what << ", trial " << trial << ": " << r.reason);
                NS_TEST_EXPECT_MSG_EQ(Same(s.fitness, problem.Objective(solution)),
                                      true,
                                      what << ": fitness is U(t)");
            };
            check(x, "firework");
            // A walk of sparks: each spark is the next one's firework.
            for (uint32_t step = 0; step < 100; ++step)
            {
                FireworksCachingOptimiser::Individual spark = x;
                const uint32_t kind = rng->GetInteger(1, 5);
                if (kind == 5)
                {
                    fireworks->Mutate(problem, spark);
                }
                else
                {
                    fireworks->Explode(problem, spark, kind);
                }
                check(spark, kind == 5 ? "mutation spark" : "explosion spark");
                ++sparks;
                changed += FireworksCachingOptimiser::Distance(spark, x) > 0.0;
                fullFlips += spark.full != x.full;
                x = spark;
            }
        }
        NS_TEST_EXPECT_MSG_EQ(sparks, 30000, "sparks checked");
        // The operators do move: most sparks differ from their firework, roles included.
        NS_TEST_EXPECT_MSG_GT(changed, sparks / 2, "sparks that changed something");
        NS_TEST_EXPECT_MSG_GT(fullFlips, 1000, "sparks that changed a blockchain role");
        NS_TEST_EXPECT_MSG_EQ(Contains(MessageOf<std::invalid_argument>([&]() {
                                           const CachingSlotProblem p(RandomInstance(rng, 2, 2, 2));
                                           auto x = fireworks->WarmStart(p);
                                           fireworks->Explode(p, x, 5);
                                       }),
                                       "case 5 is not 1, 2, 3 or 4"),
                              true,
                              "bad case");
    }
};

/**
 * \ingroup sagin-tests
 * The exhaustive search against an independent enumeration of every (n, alpha, c) through
 * the literal Check and Objective.
 */
class ExhaustiveOptimumTestCase : public TestCase
{
  public:
    ExhaustiveOptimumTestCase()
        : TestCase("Exhaustive optimum equals brute force over every (n, alpha, c)")
    {
    }

  private:
    void DoRun() override
    {
        auto rng = CreateObject<UniformRandomVariable>();
        rng->SetStream(31);
        auto exhaustive = CreateObject<ExhaustiveCachingOptimiser>();
        for (uint32_t trial = 0; trial < 20; ++trial)
        {
            const uint32_t ues = 3;
            const uint32_t uavs = 2;
            const uint32_t contents = 3;
            CachingSlotInput in = RandomInstance(rng, ues, uavs, contents);
            in.placementBudget = BudgetOf(rng, trial);
            const CachingSlotProblem problem(in);
            // Brute force: 2^6 caches x 3^3 access vectors x 4 role vectors = 6912.
            double best = std::numeric_limits<double>::infinity();
            for (uint32_t n = 0; n < (1U << (uavs * contents)); ++n)
            {
                std::vector<uint8_t> cache(uavs * contents);
                for (uint32_t k = 0; k < cache.size(); ++k)
                {
                    cache[k] = (n >> k) & 1;
                }
                for (uint32_t a = 0; a < 27; ++a)
                {
                    const std::vector<uint8_t> ap{uint8_t(a % 3),
                                                  uint8_t(a / 3 % 3),
                                                  uint8_t(a / 9)};
                    for (uint32_t c = 0; c < 4; ++c)
                    {
                        const std::vector<uint8_t> full{uint8_t(c & 1), uint8_t(c >> 1)};
                        const CachingSolution s = problem.MakeSolution(cache, ap, full);
                        if (problem.Check(s).IsFeasible())
                        {
                            best = std::min(best, problem.Objective(s));
                        }
                    }
                }
            }
            const CachingSolution s = exhaustive->Solve(problem);
            NS_TEST_EXPECT_MSG_EQ(Same(problem.Objective(s), best),
                                  true,
                                  "trial " << trial << ": " << problem.Objective(s) << " vs "
                                           << best);
        }
        // Too large.
        const CachingSlotProblem big(RandomInstance(rng, 30, 4, 5));
        const std::string m = MessageOf<std::invalid_argument>([&]() { exhaustive->Solve(big); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "above MaxEvaluations"), true, m);
    }
};

/**
 * \ingroup sagin-tests
 * The MILP optimum (CBC) equals the exhaustive search's wherever both run, and a solver limit
 * is reported with the bound and the gap, never returned as an optimum.
 */
class ExactOptimumTestCase : public TestCase
{
  public:
    ExactOptimumTestCase()
        : TestCase("MILP optimum equals the exhaustive one; a solver limit is reported")
    {
    }

  private:
    void DoRun() override
    {
        auto rng = CreateObject<UniformRandomVariable>();
        rng->SetStream(47);
        auto exhaustive = CreateObject<ExhaustiveCachingOptimiser>();
        auto exact = CreateObject<ExactCachingOptimiser>();
        for (uint32_t trial = 0; trial < 40; ++trial)
        {
            const uint32_t ues = 3 + trial % 4;
            const uint32_t uavs = 2 + trial % 2;
            CachingSlotInput in = RandomInstance(rng, ues, uavs, 5);
            in.placementBudget = BudgetOf(rng, trial);
            const CachingSlotProblem problem(in);
            const double reference = problem.Objective(exhaustive->Solve(problem));
            const ExactCachingResult result = exact->SolveWithBound(problem);
            NS_TEST_ASSERT_MSG_EQ(result.optimal, true, "trial " << trial);
            NS_TEST_EXPECT_MSG_EQ(problem.Check(result.solution).IsFeasible(),
                                  true,
                                  "trial " << trial << ": "
                                           << problem.Check(result.solution).reason);
            // CBC proves optimality to its own tolerances (1e-6 relative here is far looser).
            NS_TEST_EXPECT_MSG_EQ_TOL(result.objective,
                                      reference,
                                      1e-6 * (1.0 + std::abs(reference)),
                                      "trial " << trial << ", I = " << ues << ", J = " << uavs);
            NS_TEST_EXPECT_MSG_LT_OR_EQ(result.bound,
                                        result.objective + 1e-6 * (1.0 + std::abs(reference)),
                                        "the bound is a lower bound");
        }
        // One branch-and-bound node is not enough to prove a 50-UE optimum.
        exact->SetAttribute("NodeLimit", UintegerValue(1));
        const CachingSlotProblem big(RandomInstance(rng, 50, 4, 30));
        const ExactCachingResult limited = exact->SolveWithBound(big);
        NS_TEST_EXPECT_MSG_EQ(limited.optimal, false, "stopped by NodeLimit");
        NS_TEST_EXPECT_MSG_EQ(limited.limit, "NodeLimit", "the limit named");
        const std::string m = MessageOf<std::runtime_error>([&]() { exact->Solve(big); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "NodeLimit reached"), true, m);
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "bound"), true, m);
    }
};

/**
 * \ingroup sagin-tests
 * Greedy descent keeps C1-C10, never raises U(t), and ends where no single UE's move to an
 * access point that holds its content lowers U(t) (checked with the literal Objective).
 */
class GreedyDescentTestCase : public TestCase
{
  public:
    GreedyDescentTestCase()
        : TestCase("Greedy descent: feasible, never worse, no improving single move left")
    {
    }

  private:
    void DoRun() override
    {
        auto rng = CreateObject<UniformRandomVariable>();
        rng->SetStream(51);
        auto fireworks = CreateObject<FireworksCachingOptimiser>();
        fireworks->AssignStreams(52);
        uint32_t improved = 0;
        for (uint32_t trial = 0; trial < 200; ++trial)
        {
            const CachingSlotProblem problem(RandomBudgetedInstance(rng, trial, 1, 20, 4, 10));
            FireworksCachingOptimiser::Individual x = RandomFirework(rng, fireworks, problem);
            const double before = x.fitness;
            CachingGreedyDescent descent(problem);
            descent.Descend(x.cache, x.access, x.full, 1000);
            const CachingSolution s = problem.MakeSolution(x.cache, x.access, x.full);
            const CachingFeasibility r = problem.Check(s);
            NS_TEST_ASSERT_MSG_EQ(r.IsFeasible(), true, "trial " << trial << ": " << r.reason);
            const double after = problem.Objective(s);
            NS_TEST_EXPECT_MSG_LT_OR_EQ(after,
                                        before + 1e-9 * (1.0 + std::abs(before)),
                                        "trial " << trial << ": never worse");
            improved += after < before - 1e-9 * (1.0 + std::abs(before));
            // No UE gains by moving to the satellite or to a UAV already holding its content.
            for (uint32_t i = 0; i < problem.GetNumUes(); ++i)
            {
                for (uint32_t ap = 0; ap <= problem.GetNumUavs(); ++ap)
                {
                    std::vector<uint8_t> moved = x.access;
                    moved[i] = ap;
                    const CachingSolution m = problem.MakeSolution(x.cache, moved, x.full);
                    if (ap == x.access[i] || !problem.Check(m).IsFeasible())
                    {
                        continue;
                    }
                    NS_TEST_EXPECT_MSG_GT_OR_EQ(problem.Objective(m),
                                                after - 1e-6 * (1.0 + std::abs(after)),
                                                "trial " << trial << ": UE " << i << " to " << ap);
                }
            }
        }
        // It does work: most random starts improve.
        NS_TEST_EXPECT_MSG_GT(improved, 100u, "improved starts");
        const CachingSlotProblem small(RandomInstance(rng, 3, 2, 4));
        std::vector<uint8_t> cache(8, 0);
        std::vector<uint8_t> access(2, 2); // one UE short
        std::vector<uint8_t> full{1, 0};
        const std::string m = MessageOf<std::invalid_argument>(
            [&]() { CachingGreedyDescent(small).Descend(cache, access, full, 5); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "2 access"), true, m);
    }
};

/**
 * \ingroup sagin-tests
 * Fireworks reaches the exhaustive optimum on most tiny instances.
 */
class FireworksVersusOptimumTestCase : public TestCase
{
  public:
    FireworksVersusOptimumTestCase()
        : TestCase("Fireworks reaches the exhaustive optimum on tiny instances")
    {
    }

  private:
    /**
     * \param ues I
     * \param uavs J
     * \param contents F
     * \param instances how many random instances
     * \param floor smallest acceptable fraction of optima
     */
    void Run(uint32_t ues, uint32_t uavs, uint32_t contents, uint32_t instances, double floor)
    {
        auto rng = CreateObject<UniformRandomVariable>();
        rng->SetStream(41);
        auto fireworks = CreateObject<FireworksCachingOptimiser>();
        fireworks->AssignStreams(42);
        auto exhaustive = CreateObject<ExhaustiveCachingOptimiser>();
        uint32_t optimal = 0;
        double gap = 0.0;
        for (uint32_t k = 0; k < instances; ++k)
        {
            const CachingSlotProblem problem(RandomInstance(rng, ues, uavs, contents));
            const double best = problem.Objective(exhaustive->Solve(problem));
            const double found = problem.Objective(fireworks->Solve(problem));
            NS_TEST_EXPECT_MSG_EQ((found >= best - 1e-9 * (1.0 + std::abs(best))),
                                  true,
                                  "nothing beats the optimum");
            optimal += Same(found, best);
            gap += found - best;
        }
        const double rate = double(optimal) / instances;
        NS_TEST_EXPECT_MSG_GT_OR_EQ(rate,
                                    floor,
                                    "I=" << ues << " J=" << uavs << " F=" << contents << ": "
                                         << optimal << " of " << instances << " optima, mean gap "
                                         << gap / instances);
    }

    void DoRun() override
    {
        // Measured with these seeds (doc/sagin.rst, Validation): 192 of 200 optima at
        // I=3, J=2, F=3 (96 %; 183 without greedy seeding) and 65 of 100 at I=6, J=3, F=5
        // (34 without); floors just below. The misses
        // need several UAVs to swap contents, a path through worse individuals: placing or
        // dropping a content never improves U(t) by itself (U depends on access and roles).
        Run(3, 2, 3, 200, 0.95);
        Run(6, 3, 5, 100, 0.62);
    }
};

/**
 * \ingroup sagin-tests
 * OneES reaches a worse U(t) on average than the full algorithm and than No-mutation.
 */
class FireworksVariantsTestCase : public TestCase
{
  public:
    FireworksVariantsTestCase()
        : TestCase("OneES averages a worse U(t) than Proposed and NoMutation (I=20, J=4, F=30)")
    {
    }

  private:
    void DoRun() override
    {
        auto rng = CreateObject<UniformRandomVariable>();
        rng->SetStream(51);
        const uint32_t instances = 40;
        std::vector<CachingSlotProblem> problems;
        for (uint32_t k = 0; k < instances; ++k)
        {
            problems.emplace_back(RandomInstance(rng, 20, 4, 30));
        }
        // Mean U(t) over the instances and four optimiser streams.
        auto mean = [&](FireworksCachingOptimiser::Variant variant) {
            double sum = 0.0;
            for (int64_t stream = 52; stream <= 55; ++stream)
            {
                auto fireworks = CreateObject<FireworksCachingOptimiser>();
                fireworks->SetAttribute("Variant", EnumValue(variant));
                fireworks->AssignStreams(stream);
                for (const CachingSlotProblem& p : problems)
                {
                    sum += p.Objective(fireworks->Solve(p));
                }
            }
            return sum / (4 * instances);
        };
        // Measured (doc/sagin.rst, Validation): Proposed -9388, OneES -8788, NoMutation -9281
        // with greedy seeding; without it 11403, 21342 and 9910. OneES is behind both either
        // way. Proposed ahead of NoMutation, the source's ordering, holds only with the
        // seeding and by 1 %, so it is not asserted.
        const double proposed = mean(FireworksCachingOptimiser::PROPOSED);
        const double oneEs = mean(FireworksCachingOptimiser::ONE_EXPLOSION_SPARK);
        const double noMutation = mean(FireworksCachingOptimiser::NO_MUTATION);
        NS_TEST_EXPECT_MSG_LT_OR_EQ(proposed, oneEs, "Proposed vs OneES");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(noMutation, oneEs, "NoMutation vs OneES");
    }
};

/**
 * \ingroup sagin-tests
 * Reproducibility, evaluation counts, the Generation trace.
 */
class FireworksMechanicsTestCase : public TestCase
{
  public:
    FireworksMechanicsTestCase()
        : TestCase("Fireworks: same stream same answer, evaluation count, Generation trace")
    {
    }

  private:
    /**
     * \param best best U(t) per generation
     * \param generation generation index
     * \param objective its best U(t)
     */
    static void Record(std::vector<double>* best, uint32_t generation, double objective)
    {
        best->push_back(objective);
    }

    void DoRun() override
    {
        auto rng = CreateObject<UniformRandomVariable>();
        rng->SetStream(61);
        const CachingSlotProblem problem(RandomInstance(rng, 12, 3, 10));
        auto a = CreateObject<FireworksCachingOptimiser>();
        auto b = CreateObject<FireworksCachingOptimiser>();
        a->AssignStreams(7);
        b->AssignStreams(7);
        std::vector<double> trace;
        a->TraceConnectWithoutContext("Generation", MakeBoundCallback(&Record, &trace));
        const CachingSolution sa = a->Solve(problem);
        const CachingSolution sb = b->Solve(problem);
        NS_TEST_EXPECT_MSG_EQ(
            (sa.access == sb.access && sa.placement == sb.placement && sa.fullNode == sb.fullNode),
            true,
            "same stream, same decision");
        NS_TEST_ASSERT_MSG_EQ(trace.size(), 100, "one trace per generation");
        for (size_t g = 1; g < trace.size(); ++g)
        {
            NS_TEST_EXPECT_MSG_LT_OR_EQ(trace[g], trace[g - 1], "elitism: never worse");
        }
        NS_TEST_EXPECT_MSG_EQ(Same(trace.back(), problem.Objective(sa)), true, "answer = best");

        // OneES: L initial + L greedy seeds + G (L explosion + 5 mutation) = 5 + 5 + 100 * 10
        // evaluations.
        a->SetAttribute("Variant", EnumValue(FireworksCachingOptimiser::ONE_EXPLOSION_SPARK));
        a->Solve(problem);
        NS_TEST_EXPECT_MSG_EQ(a->GetLastEvaluations(), 1010, "OneES evaluations");
        // OneES without mutation (MutationSparks = 0) nor greedy seeding: 5 + 100 * 5.
        a->SetAttribute("MutationSparks", UintegerValue(0));
        a->SetAttribute("GreedySeeding", BooleanValue(false));
        a->Solve(problem);
        NS_TEST_EXPECT_MSG_EQ(a->GetLastEvaluations(), 505, "no mutation sparks");
        a->SetAttribute("GreedySeeding", BooleanValue(true));

        a->SetAttribute("MinSparkFraction", DoubleValue(0.9));
        const std::string m = MessageOf<std::invalid_argument>([&]() { a->Solve(problem); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "eq. (26) needs a < b < 1"), true, m);
    }
};

/**
 * \ingroup sagin-tests
 * LRU and LFU on a scripted request sequence.
 */
class LruLfuScriptTestCase : public TestCase
{
  public:
    LruLfuScriptTestCase()
        : TestCase("LRU and LFU with nearest-UAV access on scripted requests; they diverge "
                   "under a placement budget (C10)")
    {
    }

  private:
    /**
     * One UE per slot; UAV 0 (full node, 50 Mbit chain) has room for two 20-Mbit contents.
     * \param previous n(t-1)
     * \param content the request
     * \param nearUav0 whether the UE is nearer UAV 0 (else UAV 1)
     * \return the input
     */
    static CachingSlotInput Slot(const std::vector<uint8_t>& previous,
                                 uint32_t content,
                                 bool nearUav0)
    {
        CachingSlotInput in;
        in.contentSizes = {20.0, 20.0, 20.0, 20.0, 45.0};
        in.maxContentSize = 50.0;
        in.requests = {content};
        in.uavRates = {100.0, 100.0};
        in.satelliteRates = {2.0};
        in.uavDistances =
            nearUav0 ? std::vector<double>{100.0, 200.0} : std::vector<double>{200.0, 100.0};
        in.storage = {90.0, 30.0};
        in.previousCache = previous;
        in.uavQueues = {0.0, 0.0};
        in.uavPrices = {2.0, 2.0};
        in.satellitePrice = 1.0;
        in.fullNodeReward = 100.0;
        in.lightNodeReward = 1.0;
        in.fullNodeSize = 50.0;
        in.lightNodeSize = 1.0;
        in.v = 1.0;
        in.slotDuration = 1.0;
        return in;
    }

    /**
     * Run the script and compare UAV 0's cache after each slot.
     * \param policy LRU or LFU
     * \param expected UAV 0's contents after each slot
     */
    void Script(LruLfuCachingOptimiser::Policy policy,
                const std::vector<std::vector<uint8_t>>& expected)
    {
        auto baseline = CreateObject<LruLfuCachingOptimiser>();
        baseline->SetAttribute("Policy", EnumValue(policy));
        const char* name = policy == LruLfuCachingOptimiser::LRU ? "LRU" : "LFU";
        const std::vector<uint32_t> requests{0, 0, 1, 2, 0};
        std::vector<uint8_t> cache(2 * 5, 0);
        for (size_t t = 0; t < requests.size(); ++t)
        {
            const CachingSlotProblem problem(Slot(cache, requests[t], true));
            const CachingSolution s = baseline->Solve(problem);
            cache = problem.GetCacheAfter(s);
            const std::vector<uint8_t> uav0(cache.begin(), cache.begin() + 5);
            NS_TEST_EXPECT_MSG_EQ((uav0 == expected[t]), true, name << ", slot " << t + 1);
            NS_TEST_EXPECT_MSG_EQ(problem.GetAccessPoints(s)[0], 0, name << ": served by UAV 0");
            NS_TEST_EXPECT_MSG_EQ((s.fullNode == std::vector<uint8_t>{1, 0}),
                                  true,
                                  "UAV 0 full, UAV 1 cannot hold the chain");
        }
        // Content 4 (45 Mbit) does not fit beside the chain (50 + 45 > 90): the satellite serves
        // it and nothing is evicted.
        const CachingSlotProblem big(Slot(cache, 4, true));
        const CachingSolution s = baseline->Solve(big);
        NS_TEST_EXPECT_MSG_EQ(big.GetAccessPoints(s)[0], 2, name << ": too big, satellite");
        NS_TEST_EXPECT_MSG_EQ((big.GetCacheAfter(s) == cache), true, name << ": no eviction");
        // A UE nearer UAV 1 (light node, 30 Mbit: one 20-Mbit content beside 1 Mbit headers).
        const CachingSlotProblem far(Slot(cache, 3, false));
        const CachingSolution sf = baseline->Solve(far);
        NS_TEST_EXPECT_MSG_EQ(far.GetAccessPoints(sf)[0], 1, name << ": nearest UAV 1");
        NS_TEST_EXPECT_MSG_EQ(int(far.GetCacheAfter(sf)[5 + 3]), 1, name << ": placed on UAV 1");
    }

    /**
     * Requests 0, 0, 1, 2 in slots 1-4, then 0 and 3 in slot 5, all nearest UAV 0.
     * \param policy LRU or LFU
     * \param budget the placement budget per slot (Mbit)
     * \return the access points of slot 5's two UEs
     */
    std::vector<uint8_t> LastSlotAccess(LruLfuCachingOptimiser::Policy policy, double budget)
    {
        auto baseline = CreateObject<LruLfuCachingOptimiser>();
        baseline->SetAttribute("Policy", EnumValue(policy));
        const std::vector<std::vector<uint32_t>> requests{{0}, {0}, {1}, {2}, {0, 3}};
        std::vector<uint8_t> cache(2 * 5, 0);
        std::vector<uint8_t> access;
        for (const std::vector<uint32_t>& slot : requests)
        {
            CachingSlotInput in = Slot(cache, 0, true);
            in.requests = slot;
            in.uavRates.assign(2 * slot.size(), 100.0);
            in.satelliteRates.assign(slot.size(), 2.0);
            in.uavDistances.clear();
            for (size_t i = 0; i < slot.size(); ++i)
            {
                in.uavDistances.insert(in.uavDistances.end(), {100.0, 200.0});
            }
            in.placementBudget = budget;
            const CachingSlotProblem problem(in);
            const CachingSolution s = baseline->Solve(problem);
            NS_TEST_EXPECT_MSG_EQ(problem.Check(s).IsFeasible(), true, problem.Check(s).reason);
            cache = problem.GetCacheAfter(s);
            access = problem.GetAccessPoints(s);
        }
        return access;
    }

    void DoRun() override
    {
        // With a placement budget of one 20-Mbit content per slot the policies serve
        // differently. Before slot 5, LRU holds {1, 2} and LFU {0, 2} (the script below).
        // Slot 5 asks for 0 and 3: LFU hits 0 and places 3 (20 Mbit, evicting 2), both on
        // UAV 0; LRU places 0 (evicting 1), and the budget is spent: 3 goes to the satellite.
        NS_TEST_EXPECT_MSG_EQ(
            (LastSlotAccess(LruLfuCachingOptimiser::LRU, 20.0) == std::vector<uint8_t>{0, 2}),
            true,
            "LRU under the budget");
        NS_TEST_EXPECT_MSG_EQ(
            (LastSlotAccess(LruLfuCachingOptimiser::LFU, 20.0) == std::vector<uint8_t>{0, 0}),
            true,
            "LFU under the budget");
        // Free placements (the source's formulation): both serve both from UAV 0, whatever
        // they kept, so the two policies deliver the same.
        const double free = std::numeric_limits<double>::infinity();
        NS_TEST_EXPECT_MSG_EQ(
            (LastSlotAccess(LruLfuCachingOptimiser::LRU, free) == std::vector<uint8_t>{0, 0}),
            true,
            "LRU, free placement");
        NS_TEST_EXPECT_MSG_EQ(
            (LastSlotAccess(LruLfuCachingOptimiser::LFU, free) == std::vector<uint8_t>{0, 0}),
            true,
            "LFU, free placement");

        // Requests 0, 0, 1, 2, 0 at UAV 0 (room for two):
        // slot 1: 0 missing -> {0}; slot 2: hit; slot 3: 1 missing -> {0, 1};
        // slot 4: 2 missing, evict: LRU the least recent (0, last used in slot 2, against 1
        //   in slot 3) -> {1, 2}; LFU the least frequent (1: once, against 0: twice) -> {0, 2};
        // slot 5: 0: LRU misses and evicts 1 (slot 3, against 2 in slot 4) -> {0, 2};
        //   LFU hits -> {0, 2}.
        Script(
            LruLfuCachingOptimiser::LRU,
            {{1, 0, 0, 0, 0}, {1, 0, 0, 0, 0}, {1, 1, 0, 0, 0}, {0, 1, 1, 0, 0}, {1, 0, 1, 0, 0}});
        Script(
            LruLfuCachingOptimiser::LFU,
            {{1, 0, 0, 0, 0}, {1, 0, 0, 0, 0}, {1, 1, 0, 0, 0}, {1, 0, 1, 0, 0}, {1, 0, 1, 0, 0}});

        // Contents serving a UE this slot are not evicted: two UEs want 0 and 1, a third 2.
        CachingSlotInput in = Slot(std::vector<uint8_t>(10, 0), 0, true);
        in.requests = {0, 1, 2};
        in.uavRates = {100.0, 100.0, 100.0, 100.0, 100.0, 100.0};
        in.satelliteRates = {2.0, 2.0, 2.0};
        in.uavDistances = {100.0, 200.0, 100.0, 200.0, 100.0, 200.0};
        const CachingSlotProblem pinned(in);
        auto lru = CreateObject<LruLfuCachingOptimiser>();
        const std::vector<uint8_t> ap = pinned.GetAccessPoints(lru->Solve(pinned));
        NS_TEST_EXPECT_MSG_EQ((ap == std::vector<uint8_t>{0, 0, 2}), true, "third to satellite");

        in.uavDistances.clear();
        const CachingSlotProblem blind(in);
        const std::string m = MessageOf<std::invalid_argument>([&]() { lru->Solve(blind); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "no uavDistances"), true, m);
    }
};

/**
 * \ingroup sagin-tests
 * The study C optimiser TestSuite.
 */
class CachingOptimiserTestSuite : public TestSuite
{
  public:
    CachingOptimiserTestSuite()
        : TestSuite("sagin-caching-optimiser", Type::UNIT)
    {
        AddTestCase(new FireworksSparkCountTestCase);
        AddTestCase(new FireworksFeasibleSparksTestCase);
        AddTestCase(new ExhaustiveOptimumTestCase);
        AddTestCase(new ExactOptimumTestCase);
        AddTestCase(new GreedyDescentTestCase);
        AddTestCase(new FireworksVersusOptimumTestCase);
        AddTestCase(new FireworksVariantsTestCase);
        AddTestCase(new FireworksMechanicsTestCase);
        AddTestCase(new LruLfuScriptTestCase);
    }
};

static CachingOptimiserTestSuite
    g_cachingOptimiserTestSuite; //!< Static variable for test initialization
