// SPDX-License-Identifier: GPL-2.0-only
//
// Meta-learned initialisation on RL trajectories (MetaTrainInitialization): on a family of
// one-step bandits whose optimum moves from task to task, DDPG agents started from the
// meta-learned parameters adapt to held-out tasks in fewer steps than agents started from
// the parameters meta-training began with; bad input is refused.

#include "sagin-test-utils.h"

#include "ns3/ddpg-policy.h"
#include "ns3/double.h"
#include "ns3/meta-initialization.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using ns3::sagin::tests::RefusalProblem;
using ns3::sagin::tests::SeedRestorer;

namespace
{

/** Steps an agent gets on a task (K trajectories of one step each). */
constexpr uint32_t ADAPTATION_STEPS = 96;

/**
 * \param task a task id
 * \return its optimum: training tasks 0-4 at 0.3, 0.4, ..., 0.7; held-out tasks 100-103 at
 *         0.35, 0.45, 0.55, 0.65
 */
double
Optimum(uint64_t task)
{
    return task >= 100 ? 0.35 + 0.1 * (task - 100) : 0.3 + 0.1 * (task % 5);
}

/**
 * \param stream first ns-3 stream
 * \return a fresh DDPG agent for one-step bandits on [-1, 1]
 */
Ptr<DdpgPolicy>
MakeAgent(int64_t stream)
{
    auto agent = CreateObject<DdpgPolicy>();
    agent->SetAttribute("HiddenLayers", StringValue("32,32"));
    agent->SetAttribute("Gamma", DoubleValue(0.0));
    agent->SetAttribute("Tau", DoubleValue(0.05));
    agent->SetAttribute("ActorLearningRate", DoubleValue(1e-3));
    agent->SetAttribute("CriticLearningRate", DoubleValue(2e-3));
    agent->SetAttribute("BatchSize", UintegerValue(32));
    agent->SetAttribute("NoiseStd", DoubleValue(0.3));
    ActionSpace space;
    space.continuous = {{-1.0, 1.0}};
    agent->SetSpaces(1, space);
    agent->AssignStreams(stream);
    return agent;
}

/**
 * The inner loop: the agent acts, is rewarded -(a - c)^2 and updates, ADAPTATION_STEPS times.
 * \param agent the agent
 * \param task the task
 */
void
Adapt(Ptr<Policy> agent, uint64_t task)
{
    const double optimum = Optimum(task);
    for (uint32_t step = 0; step < ADAPTATION_STEPS; ++step)
    {
        Transition t;
        t.observation = {1.0};
        t.action = agent->Decide(t.observation);
        const double e = t.action.continuous[0] - optimum;
        t.reward = -e * e;
        t.nextObservation = t.observation;
        t.done = true;
        agent->RecordTransition(t);
        agent->Update();
    }
}

/**
 * \param initial the parameters an agent starts from
 * \param task a held-out task
 * \param stream the agent's stream
 * \return |greedy action - optimum| after adapting on the task
 */
double
ErrorAfterAdapting(const std::vector<float>& initial, uint64_t task, int64_t stream)
{
    Ptr<DdpgPolicy> agent = MakeAgent(stream);
    agent->SetParameters(initial);
    Adapt(agent, task);
    return std::abs(agent->GetGreedyAction({1.0}).continuous[0] - Optimum(task));
}

} // namespace

/**
 * \ingroup sagin-tests
 * 24 meta-iterations of 4 training tasks (optima 0.3 to 0.7), then 4 held-out tasks (0.35 to
 * 0.65): after 96 steps on a held-out task, agents started from the meta-learned parameters
 * are on average at most half as far from its optimum as agents started from the parameters
 * meta-training began with (same streams, same steps), and the meta-learned greedy action,
 * before any adaptation, already lies among the training optima. Seed 1, run 1: meta-learned
 * start 0.517 (the family's centre, 0.5), mean error after adapting 0.012 against 0.106 from
 * scratch. Were theta left unchanged, both starts would be the same and the check fail.
 */
class MetaInitializationAdaptsFasterTestCase : public TestCase
{
  public:
    MetaInitializationAdaptsFasterTestCase()
        : TestCase("Meta-learned initialisation adapts faster than training from scratch")
    {
    }

  private:
    void DoRun() override
    {
        SeedRestorer restore;
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        const std::vector<float> scratch = MakeAgent(1)->GetParameters();
        std::vector<std::vector<uint64_t>> batches;
        for (uint64_t i = 0; i < 24; ++i)
        {
            batches.push_back({4 * i, 4 * i + 1, 4 * i + 2, 4 * i + 3});
        }
        int64_t stream = 100;
        const std::vector<float> meta = MetaTrainInitialization(
            scratch,
            [&stream]() { return MakeAgent(stream += 10); },
            &Adapt,
            batches,
            0.5);
        Ptr<DdpgPolicy> zeroShot = MakeAgent(1);
        zeroShot->SetParameters(meta);
        const double start = zeroShot->GetGreedyAction({1.0}).continuous[0];
        NS_TEST_EXPECT_MSG_GT_OR_EQ(start, 0.25, "meta-learned start among the optima");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(start, 0.75, "meta-learned start among the optima");
        double fromMeta = 0.0;
        double fromScratch = 0.0;
        for (uint64_t task = 100; task < 104; ++task)
        {
            fromMeta += ErrorAfterAdapting(meta, task, 5000 + 10 * task) / 4;
            fromScratch += ErrorAfterAdapting(scratch, task, 5000 + 10 * task) / 4;
        }
        NS_TEST_EXPECT_MSG_LT_OR_EQ(fromMeta,
                                    0.5 * fromScratch,
                                    "meta-learned start adapts faster");
    }
};

/**
 * \ingroup sagin-tests
 * Bad input: an empty theta, beta outside (0, 1], an empty batch, an agent of another size.
 */
class MetaInitializationRefusalTestCase : public TestCase
{
  public:
    MetaInitializationRefusalTestCase()
        : TestCase("Meta-learned initialisation: bad input refused, naming it")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<float> theta = MakeAgent(1)->GetParameters();
        const auto make = []() { return MakeAgent(3); };
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem([&]() { MetaTrainInitialization({}, make, &Adapt, {{0}}, 0.5); },
                           "the initial parameters are empty"),
            "",
            "empty theta");
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem([&]() { MetaTrainInitialization(theta, make, &Adapt, {{0}}, 0.0); },
                           "beta = 0.000000 must be in (0, 1]"),
            "",
            "beta 0");
        NS_TEST_EXPECT_MSG_EQ(RefusalProblem(
                                  [&]() {
                                      MetaTrainInitialization(theta, make, &Adapt, {{0}, {}}, 1.0);
                                  },
                                  "meta-iteration 1 has no task"),
                              "",
                              "an empty batch");
        NS_TEST_EXPECT_MSG_EQ(RefusalProblem(
                                  [&]() {
                                      MetaTrainInitialization(
                                          std::vector<float>(theta.size() + 1, 0.0f),
                                          make,
                                          &Adapt,
                                          {{0}},
                                          1.0);
                                  },
                                  "SetParameters: " + std::to_string(theta.size() + 1) + " values"),
                              "",
                              "another architecture");
    }
};

/**
 * \ingroup sagin-tests
 * Meta-learned initialisation on RL trajectories.
 */
class LearningMetaTestSuite : public TestSuite
{
  public:
    LearningMetaTestSuite()
        : TestSuite("sagin-learning-meta", Type::UNIT)
    {
        AddTestCase(new MetaInitializationAdaptsFasterTestCase);
        AddTestCase(new MetaInitializationRefusalTestCase);
    }
};

/** The suite's instance. */
static LearningMetaTestSuite g_learningMetaTestSuite;
