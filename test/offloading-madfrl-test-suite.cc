// SPDX-License-Identifier: GPL-2.0-only
//
// Study A's MADFRL strategy, its mechanics: the agents' decisions fit the model, a run repeats
// per seed and run, every agent learns one transition per slot while training and none when
// not, federated aggregation leaves every follower with one actor while the critics stay
// their own, the aggregation weights against hand computation. Whether it learns a good
// policy is the figures' business (it does not yet; see the manual).

#include "sagin-test-utils.h"

#include "ns3/boolean.h"
#include "ns3/ddpg-policy.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/madfrl-offloading-strategy.h"
#include "ns3/offloading-baseline-strategy.h"
#include "ns3/offloading-meta-training.h"
#include "ns3/offloading-parameters.h"
#include "ns3/offloading-slot-controller.h"
#include "ns3/pointer.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <set>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using ns3::sagin::tests::RefusalProblem;
using ns3::sagin::tests::SeedRestorer;

namespace
{

/**
 * \param strategy the strategy
 * \param run RngRun
 * \return a controller of 2 x 3 followers, 2 LEOs, 2 channels, random geometry, small agents
 */
Ptr<OffloadingSlotController>
MakeController(Ptr<MadfrlOffloadingStrategy> strategy, uint32_t run)
{
    RngSeedManager::SetSeed(5);
    RngSeedManager::SetRun(run);
    auto parameters = CreateObject<OffloadingParameters>();
    parameters->SetAttribute("Cells", UintegerValue(2));
    parameters->SetAttribute("DevicesPerCell", UintegerValue(3));
    parameters->SetAttribute("Leos", UintegerValue(2));
    parameters->SetAttribute("Channels", UintegerValue(2));
    ObjectFactory agent;
    agent.SetTypeId(DdpgPolicy::GetTypeId());
    agent.Set("HiddenLayers", StringValue("16"));
    agent.Set("BatchSize", UintegerValue(4));
    agent.Set("ReplayCapacity", UintegerValue(64));
    strategy->SetAttribute("LeaderAgent", ObjectFactoryValue(agent));
    agent.Set("DiscreteChoice", EnumValue(DdpgPolicy::CRITIC_ARGMAX)); // as the default's
    agent.Set("Gamma", DoubleValue(0.0));
    strategy->SetAttribute("FollowerAgent", ObjectFactoryValue(agent));
    auto controller = CreateObject<OffloadingSlotController>();
    controller->SetAttribute("Parameters", PointerValue(parameters));
    controller->SetAttribute("Geometry", EnumValue(OffloadingSlotController::RANDOM));
    controller->SetAttribute("Strategy", PointerValue(strategy));
    controller->AssignStreams(10);
    return controller;
}

/**
 * \param agent a follower's agent
 * \return its actor's parameters
 */
std::vector<float>
ActorOf(Ptr<DdpgPolicy> agent)
{
    const std::vector<float> all = agent->GetParameters();
    return std::vector<float>(all.begin(),
                              all.begin() + agent->GetActorArchitecture().GetParameterCount());
}

/**
 * \param followers M, the devices of the one MBS
 * \param channels R
 * \return the study's default constants (V = 100, prices up to 10, T = 5 s, ...) for one
 *         MBS and one LEO, with 0.5 MHz channels
 */
OffloadingConstants
OneCellConstants(uint32_t followers, uint32_t channels)
{
    OffloadingConstants k = CreateObject<OffloadingParameters>()->GetConstants();
    k.cells = 1;
    k.devicesPerCell = followers;
    k.leos = 1;
    k.channels = channels;
    k.bandwidthHz = 0.5e6;
    return k;
}

} // namespace

/**
 * \ingroup sagin-tests
 * The collapse the critic's choice mends: six identical followers of one MBS (same gain to
 * the one LEO, SNR 30 dB, empty queues, 20 Mbit tasks) and six 0.5 MHz channels, at the
 * highest price, so that computing locally never pays (V lambda f = 1000 f against (Q + V)
 * f T / w = 167 f). A channel alone carries 25 Mbit per slot, more than the task; k followers
 * on one channel take turns and get 25 / k. After 600 training slots every follower offloads
 * and the greedy decisions use at least five different channels (each on its own: 6). With
 * the actor's softmax heads (ACTOR_SOFTMAX, the federated actors alike) they do not.
 */
class MadfrlChoicesSpreadTestCase : public TestCase
{
  public:
    MadfrlChoicesSpreadTestCase()
        : TestCase("MADFRL's followers choose apart: six alike followers spread over channels")
    {
    }

  private:
    void DoRun() override
    {
        SeedRestorer restore;
        RngSeedManager::SetSeed(3);
        RngSeedManager::SetRun(1);
        const OffloadingConstants k = OneCellConstants(6, 6);
        FollowerState state;
        state.arrivalMbit = 20.0;
        state.cyclesPerBit = 3000.0;
        state.gain = {2e-10}; // P g / sigma^2 = 1000
        const OffloadingSlotProblem problem(k, std::vector<FollowerState>(6, state));

        auto strategy = CreateObject<MadfrlOffloadingStrategy>();
        strategy->SetAttribute("FixedPrice", DoubleValue(k.maxPrice));
        strategy->AssignStreams(20);
        OffloadingSlotDecision decision;
        for (uint32_t t = 0; t < 600; ++t)
        {
            decision = strategy->Decide(problem, decision);
            strategy->Learn(problem,
                            decision,
                            problem.Evaluate(decision.prices, decision.followers));
        }
        strategy->SetAttribute("Training", BooleanValue(false));
        decision = strategy->Decide(problem, decision);
        std::set<uint32_t> channels;
        uint32_t offloaders = 0;
        for (const FollowerDecision& d : decision.followers)
        {
            if (d.offload)
            {
                ++offloaders;
                channels.insert(d.channel);
            }
        }
        NS_TEST_EXPECT_MSG_EQ(offloaders, 6u, "local never pays at this price");
        NS_TEST_EXPECT_MSG_GT_OR_EQ(channels.size(), 5u, "channels the offloaders chose apart");
    }
};

/**
 * \ingroup sagin-tests
 * DIFFERENCE's defining property: for one follower's two decisions, the others' fixed, the
 * difference of its DifferenceReward equals that of the network reward sum_j (Q_j D_j + V F_j)
 * (the slot's outcome.reward), here for every follower of 2 MBSs x 2 devices with mixed
 * decisions (interference between the MBSs, sharing within one, the slowest verifier and the
 * mean block changing; the other decision flips local/offload, channel and LEO). At packet
 * level only the follower's own term is measured: 1 Mbit less received by offloading
 * follower 0 lowers its reward by (Q_0 + V) x 1 Mbit and leaves the others' rewards as they
 * were.
 */
class MadfrlDifferenceRewardTestCase : public TestCase
{
  public:
    MadfrlDifferenceRewardTestCase()
        : TestCase("MADFRL's difference reward moves as the network reward does")
    {
    }

  private:
    void DoRun() override
    {
        OffloadingConstants k = OneCellConstants(2, 2);
        k.cells = 2;
        k.leos = 2;
        std::vector<FollowerState> states(4);
        for (uint32_t i = 0; i < 4; ++i)
        {
            states[i].queueMbit = 10.0 * i;
            states[i].arrivalMbit = 12.0 + i;
            states[i].cyclesPerBit = 2500.0 + 300.0 * i;
            states[i].gain = {2e-10 / (1 + i), 5e-11 * (1 + i)};
        }
        const OffloadingSlotProblem problem(k, states);
        OffloadingSlotDecision decision;
        decision.prices = {2.0, 3.0, 4.0, 5.0};
        decision.followers.resize(4);
        for (uint32_t i = 0; i < 4; ++i)
        {
            FollowerDecision& d = decision.followers[i];
            d.offload = i != 2;
            d.channel = i % 2 == 0 ? 0 : 1;
            d.leo = i / 2;
            d.frequencyGHz = 1.0 + 2.0 * i;
            d.blockBytes = 2e6 + 1e6 * i;
        }
        for (uint32_t i = 0; i < 4; ++i)
        {
            OffloadingSlotDecision other = decision;
            FollowerDecision& d = other.followers[i];
            d.offload = !d.offload;
            d.channel = 1 - d.channel;
            d.leo = 1 - d.leo;
            d.frequencyGHz = 0.3;
            d.blockBytes = 7e6;
            const auto reward = [&](const OffloadingSlotDecision& x) {
                const OffloadingSlotOutcome outcome = problem.Evaluate(x.prices, x.followers);
                return std::make_pair(
                    MadfrlOffloadingStrategy::DifferenceReward(problem, x, outcome, outcome, i),
                    outcome.reward);
            };
            const auto [difference, network] = reward(decision);
            const auto [otherDifference, otherNetwork] = reward(other);
            // Reference: the network reward's own change; tolerance 1e-9 relative.
            NS_TEST_EXPECT_MSG_EQ_TOL(difference - otherDifference,
                                      network - otherNetwork,
                                      1e-9 * std::abs(network),
                                      "follower " << i);
        }

        const OffloadingSlotOutcome model = problem.Evaluate(decision.prices, decision.followers);
        std::vector<double> received;
        for (const FollowerOutcome& o : model.followers)
        {
            received.push_back(o.offloadedMbit);
        }
        NS_TEST_ASSERT_MSG_GT(received[0], 1.0, "follower 0 offloads more than 1 Mbit");
        received[0] -= 1.0;
        const OffloadingSlotOutcome measured =
            problem.EvaluateMeasured(decision.prices, decision.followers, received, nullptr);
        for (uint32_t i = 0; i < 4; ++i)
        {
            const double change =
                MadfrlOffloadingStrategy::DifferenceReward(problem, decision, measured, model, i) -
                MadfrlOffloadingStrategy::DifferenceReward(problem, decision, model, model, i);
            // Reference: (Q_0 + V) x 1 Mbit by hand, 0 for the others.
            const double expected = i == 0 ? -(states[0].queueMbit + k.v) : 0.0;
            NS_TEST_EXPECT_MSG_EQ_TOL(change,
                                      expected,
                                      1e-9 * (states[0].queueMbit + k.v),
                                      "packet level, follower " << i);
        }
    }
};

/**
 * \ingroup sagin-tests
 * Decisions fit the model (the controller checks them), the run repeats, learning follows
 * Training.
 */
class MadfrlMechanicsTestCase : public TestCase
{
  public:
    MadfrlMechanicsTestCase()
        : TestCase("MADFRL decides within the model, repeats per run, learns while training")
    {
    }

  private:
    void DoRun() override
    {
        std::vector<double> rewards[2];
        for (uint32_t repeat = 0; repeat < 2; ++repeat)
        {
            auto strategy = CreateObject<MadfrlOffloadingStrategy>();
            strategy->SetAttribute("AggregationPeriod", UintegerValue(0));
            Ptr<OffloadingSlotController> controller = MakeController(strategy, 1);
            for (uint32_t t = 0; t < 12; ++t)
            {
                rewards[repeat].push_back(controller->RunSlot().reward);
            }
            // Transitions are recorded when the next slot's observation is known: 11 of 12.
            NS_TEST_EXPECT_MSG_EQ(strategy->GetFollowerAgent(0)->GetTransitionCount(),
                                  11u,
                                  "one transition per slot");
            NS_TEST_EXPECT_MSG_EQ(strategy->GetLeaderAgent()->GetTransitionCount(), 11u, "leader");
            NS_TEST_EXPECT_MSG_GT(strategy->GetFollowerAgent(5)->GetUpdateCount(), 0u, "updates");
            strategy->SetAttribute("Training", BooleanValue(false));
            const std::vector<float> before = strategy->GetFollowerAgent(2)->GetParameters();
            for (uint32_t t = 0; t < 3; ++t)
            {
                controller->RunSlot();
            }
            NS_TEST_EXPECT_MSG_EQ(strategy->GetFollowerAgent(2)->GetTransitionCount(),
                                  11u,
                                  "nothing recorded while not training");
            NS_TEST_EXPECT_MSG_EQ((strategy->GetFollowerAgent(2)->GetParameters() == before),
                                  true,
                                  "weights unchanged while not training");
        }
        NS_TEST_EXPECT_MSG_EQ((rewards[0] == rewards[1]), true, "the same run repeats");

        // Shared: one agent learns every follower's transition, one update per slot.
        auto shared = CreateObject<MadfrlOffloadingStrategy>();
        shared->SetAttribute("Sharing", EnumValue(MadfrlOffloadingStrategy::SHARED));
        Ptr<OffloadingSlotController> controller = MakeController(shared, 1);
        for (uint32_t t = 0; t < 12; ++t)
        {
            controller->RunSlot();
        }
        NS_TEST_EXPECT_MSG_EQ(shared->GetFollowerAgent(0),
                              shared->GetFollowerAgent(5),
                              "one agent");
        NS_TEST_EXPECT_MSG_EQ(shared->GetFollowerAgent(0)->GetTransitionCount(),
                              66u,
                              "6 followers' transitions in each of 11 slots");
        NS_TEST_EXPECT_MSG_EQ(shared->GetFollowerAgent(0)->GetUpdateCount(),
                              11u,
                              "one update per slot once a batch is held");
        NS_TEST_EXPECT_MSG_EQ(shared->GetAggregations(), 0u, "nothing to aggregate");
    }
};

/**
 * \ingroup sagin-tests
 * A DdpgPolicy that keeps the actions of the transitions it is given (and learns nothing).
 */
class RecordingDdpgPolicy : public DdpgPolicy
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::sagin::RecordingDdpgPolicy")
                                .SetParent<DdpgPolicy>()
                                .SetGroupName("Sagin")
                                .AddConstructor<RecordingDdpgPolicy>();
        return tid;
    }

    std::vector<Action> m_recorded; //!< the transitions' actions, in order

  private:
    void DoRecordTransition(const Transition& transition) override
    {
        m_recorded.push_back(transition.action);
    }
};

NS_OBJECT_ENSURE_REGISTERED(RecordingDdpgPolicy);

/**
 * \ingroup sagin-tests
 * MADFRL as the Base of a baseline (the learned baselines, ``--learned-baselines``): its
 * agents learn from the decision applied, not from their own proposal. Under MARTO, which
 * flips local or offload by a coin, every slot's recorded actions offload as many followers
 * as the slot's record says and their frequencies (the component of the choice applied)
 * average to the record's mean f (recording the proposals fails both). SetTraining on the
 * baseline reaches its Base.
 */
class MadfrlUnderBaselineTestCase : public TestCase
{
  public:
    MadfrlUnderBaselineTestCase()
        : TestCase("MADFRL wrapped by a baseline learns from the decision applied")
    {
    }

  private:
    void DoRun() override
    {
        SeedRestorer restore;
        auto madfrl = CreateObject<MadfrlOffloadingStrategy>();
        madfrl->SetAttribute("AggregationPeriod", UintegerValue(0));
        Ptr<OffloadingSlotController> controller = MakeController(madfrl, 1);
        ObjectFactory recording;
        recording.SetTypeId(RecordingDdpgPolicy::GetTypeId());
        recording.Set("HiddenLayers", StringValue("16"));
        recording.Set("DiscreteChoice", EnumValue(DdpgPolicy::CRITIC_ARGMAX));
        madfrl->SetAttribute("FollowerAgent", ObjectFactoryValue(recording));
        auto marto = CreateObject<OffloadingBaselineStrategy>();
        marto->SetAttribute("Base", PointerValue(madfrl));
        marto->SetAttribute("Rule", EnumValue(OffloadingBaselineStrategy::MARTO));
        controller->SetAttribute("Strategy", PointerValue(marto));
        controller->AssignStreams(10);
        std::vector<OffloadingSlotRecord> records;
        for (uint32_t t = 0; t < 12; ++t)
        {
            records.push_back(controller->RunSlot());
        }
        const uint32_t followers = 6;
        for (uint32_t t = 0; t + 1 < records.size(); ++t) // slot t's transitions: recorded at t+1
        {
            uint32_t offloaders = 0;
            double meanFrequency = 0.0;
            for (uint32_t i = 0; i < followers; ++i)
            {
                auto agent = DynamicCast<RecordingDdpgPolicy>(madfrl->GetFollowerAgent(i));
                NS_TEST_ASSERT_MSG_EQ(agent->m_recorded.size(), 11u, "a transition per slot");
                const Action& a = agent->m_recorded[t];
                const bool offload = a.discrete[0] == 1;
                offloaders += offload ? 1 : 0;
                meanFrequency += a.continuous[offload ? 1 : 0] / followers;
            }
            NS_TEST_EXPECT_MSG_EQ(offloaders, records[t].offloaders, "offloaders, slot " << t);
            NS_TEST_EXPECT_MSG_EQ_TOL(meanFrequency,
                                      records[t].meanFrequencyGHz,
                                      1e-9,
                                      "mean f, slot " << t);
        }
        // The experiments stop training through the baseline: it reaches its Base.
        marto->SetTraining(false);
        BooleanValue training;
        madfrl->GetAttribute("Training", training);
        NS_TEST_EXPECT_MSG_EQ(training.Get(), false, "SetTraining reaches the baseline's Base");
    }
};

/**
 * \ingroup sagin-tests
 * Aggregation every 3 slots: the followers start from one actor and, right after an
 * aggregation, all hold the global actor again while their critics stay their own (the step
 * itself is WeightedDeltaUpdate, tested in sagin-learning-federated). The weights against
 * hand computation: w_i = (A_i / sum A + L_i / sum L) / 2, L the path loss (dB) to the best
 * LEO.
 */
class MadfrlAggregationTestCase : public TestCase
{
  public:
    MadfrlAggregationTestCase()
        : TestCase("MADFRL's aggregation: one actor after it, critics their own, weights by hand")
    {
    }

  private:
    void DoRun() override
    {
        auto strategy = CreateObject<MadfrlOffloadingStrategy>();
        strategy->SetAttribute("AggregationPeriod", UintegerValue(3));
        strategy->SetAttribute("AggregationStep", DoubleValue(0.5));
        Ptr<OffloadingSlotController> controller = MakeController(strategy, 2);
        controller->RunSlot();
        const uint32_t n = 6;
        for (uint32_t i = 1; i < n; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ((ActorOf(strategy->GetFollowerAgent(i)) ==
                                   ActorOf(strategy->GetFollowerAgent(0))) ||
                                      strategy->GetFollowerAgent(i)->GetUpdateCount() > 0,
                                  true,
                                  "one initial actor");
        }
        controller->RunSlot();
        // Before slot 3 (whose Decide aggregates after its updates) the actors differ.
        NS_TEST_EXPECT_MSG_EQ(strategy->GetAggregations(), 0u, "none yet");
        controller->RunSlot();
        NS_TEST_EXPECT_MSG_EQ(strategy->GetAggregations(), 1u, "aggregated at slot 3");
        const std::vector<float> z = ActorOf(strategy->GetFollowerAgent(0));
        for (uint32_t i = 1; i < n; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ((ActorOf(strategy->GetFollowerAgent(i)) == z),
                                  true,
                                  "follower " << i << " holds the global actor");
        }
        const std::vector<float> critic0 = strategy->GetFollowerAgent(0)->GetParameters();
        const std::vector<float> critic1 = strategy->GetFollowerAgent(1)->GetParameters();
        NS_TEST_EXPECT_MSG_EQ((critic0 == critic1), false, "critics stay their own");

        // Tasks 10, 30 Mbit; best gains 1e-13 (130 dB) and 1e-14 (140 dB); an out-of-view
        // follower's loss counts as 200 dB.
        std::vector<FollowerState> states(3);
        states[0] = {0.0, 10.0, 2000.0, {1e-13, 1e-15}};
        states[1] = {0.0, 30.0, 2000.0, {1e-16, 1e-14}};
        states[2] = {0.0, 0.0, 2000.0, {0.0, 0.0}};
        const std::vector<double> w = MadfrlOffloadingStrategy::GetAggregationWeights(states);
        const double lossTotal = 130.0 + 140.0 + 200.0;
        NS_TEST_EXPECT_MSG_EQ_TOL(w[0], 0.5 * (10.0 / 40.0 + 130.0 / lossTotal), 1e-12, "w_0");
        NS_TEST_EXPECT_MSG_EQ_TOL(w[1], 0.5 * (30.0 / 40.0 + 140.0 / lossTotal), 1e-12, "w_1");
        NS_TEST_EXPECT_MSG_EQ_TOL(w[2], 0.5 * (0.0 + 200.0 / lossTotal), 1e-12, "w_2");
        NS_TEST_EXPECT_MSG_EQ_TOL(w[0] + w[1] + w[2], 1.0, 1e-12, "weights sum to 1");
    }
};

/**
 * \ingroup sagin-tests
 * A follower initialisation (e.g. meta-learned) is where every follower agent starts, shared
 * or not; one of another size is refused. MetaTrainOffloadingFollowers moves the parameters
 * and repeats bit for bit on the same streams (2 meta-iterations of 2 tasks of 3 slots on the
 * default 48 followers); bad meta-training settings are refused.
 */
class MadfrlInitializationTestCase : public TestCase
{
  public:
    MadfrlInitializationTestCase()
        : TestCase("MADFRL followers start from a given (meta-learned) initialisation")
    {
    }

  private:
    void DoRun() override
    {
        SeedRestorer restore; // MakeController sets seed 5
        for (const auto sharing :
             {MadfrlOffloadingStrategy::INDEPENDENT, MadfrlOffloadingStrategy::SHARED})
        {
            auto strategy = CreateObject<MadfrlOffloadingStrategy>();
            strategy->SetAttribute("Sharing", EnumValue(sharing));
            strategy->SetAttribute("Training", BooleanValue(false));
            Ptr<OffloadingSlotController> controller = MakeController(strategy, 1);
            const OffloadingConstants k = controller->GetParameters()->GetConstants();
            std::vector<float> theta = strategy->MakeFollowerAgent(k)->GetParameters();
            for (std::size_t p = 0; p < theta.size(); ++p)
            {
                theta[p] = 0.01f * static_cast<float>(p % 7) - 0.03f; // none is a fresh draw
            }
            NS_TEST_EXPECT_MSG_EQ(RefusalProblem(
                                      [&]() {
                                          strategy->SetFollowerInitialization(
                                              k,
                                              std::vector<float>(theta.begin(), theta.end() - 1));
                                      },
                                      std::to_string(theta.size() - 1) +
                                          " parameters; a follower agent for these "
                                          "constants has " +
                                          std::to_string(theta.size())),
                                  "",
                                  "another size");
            strategy->SetFollowerInitialization(k, theta);
            controller->RunSlot(); // not training: nothing learned
            for (uint32_t i = 0; i < k.GetFollowers(); ++i)
            {
                NS_TEST_EXPECT_MSG_EQ((strategy->GetFollowerAgent(i)->GetParameters() == theta),
                                      true,
                                      "follower " << i << " starts from the initialisation");
            }
            controller->Dispose();
        }

        OffloadingScenario scenario;
        scenario.randomGeometry = true;
        OffloadingMetaTraining meta;
        meta.iterations = 2;
        meta.tasksPerIteration = 2;
        meta.slotsPerTask = 3; // the third slot has a batch of transitions to learn from
        const OffloadingConstants k = scenario.MakeParameters()->GetConstants();
        const std::vector<float> start =
            CreateObject<MadfrlOffloadingStrategy>()->MakeFollowerAgent(k)->GetParameters();
        const std::vector<float> first = MetaTrainOffloadingFollowers(scenario, meta, start);
        const std::vector<float> again = MetaTrainOffloadingFollowers(scenario, meta, start);
        NS_TEST_EXPECT_MSG_EQ((first == again), true, "the same streams, the same parameters");
        NS_TEST_EXPECT_MSG_EQ((first != start), true, "meta-training moved the parameters");
        NS_TEST_EXPECT_MSG_EQ(first.size(), start.size(), "a follower agent's parameters");
        meta.iterations = 0;
        NS_TEST_EXPECT_MSG_EQ((MetaTrainOffloadingFollowers(scenario, meta, start) == start),
                              true,
                              "no meta-iteration: the start itself");
        meta.iterations = 1;
        meta.outerStep = 1.5;
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem([&]() { MetaTrainOffloadingFollowers(scenario, meta, start); },
                           "the outer step beta must be in (0, 1]"),
            "",
            "beta 1.5");
        meta.outerStep = 0.5;
        meta.minMeanTaskMbit = 0.0;
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem([&]() { MetaTrainOffloadingFollowers(scenario, meta, start); },
                           "the mean task sizes need 0 < min <= max"),
            "",
            "a mean task size of 0");
        meta.minMeanTaskMbit = 10.0;
        meta.slotsPerTask = 0;
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem([&]() { MetaTrainOffloadingFollowers(scenario, meta, start); },
                           "at least one task of at least one slot"),
            "",
            "no slot per task");
    }
};

/**
 * \ingroup sagin-tests
 * Study A's MADFRL.
 */
class OffloadingMadfrlTestSuite : public TestSuite
{
  public:
    OffloadingMadfrlTestSuite()
        : TestSuite("sagin-offloading-madfrl", Type::UNIT)
    {
        AddTestCase(new MadfrlMechanicsTestCase);
        AddTestCase(new MadfrlAggregationTestCase);
        AddTestCase(new MadfrlInitializationTestCase);
        AddTestCase(new MadfrlChoicesSpreadTestCase);
        AddTestCase(new MadfrlDifferenceRewardTestCase);
        AddTestCase(new MadfrlUnderBaselineTestCase);
    }
};

/** Register the suite. */
static OffloadingMadfrlTestSuite g_offloadingMadfrlTestSuite;
