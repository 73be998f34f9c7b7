// SPDX-License-Identifier: GPL-2.0-only
//
// DDPG: it solves a 1-D continuous bandit, a 2-component bandit whose optimum depends on the
// observation and a contextual bandit with a discrete head beside a continuous component
// (known closed-form optima); every action stays inside its range; same seed and run give
// bit-identical actions and weights; parameters, checkpoints, batches; bad spaces.

#include "sagin-test-utils.h"

#include "ns3/boolean.h"
#include "ns3/ddpg-policy.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <numeric>
#include <stdexcept>
#include <unistd.h>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{
/**
 * \param stream first ns-3 stream of the agent
 * \return a DDPG agent configured for one-step bandits (Gamma 0)
 */
Ptr<DdpgPolicy>
MakeBanditAgent(int64_t stream)
{
    auto agent = CreateObject<DdpgPolicy>();
    agent->SetAttribute("AgentName", StringValue("bandit"));
    agent->SetAttribute("HiddenLayers", StringValue("32,32"));
    agent->SetAttribute("Gamma", DoubleValue(0.0));
    agent->SetAttribute("Tau", DoubleValue(0.05));
    agent->SetAttribute("ActorLearningRate", DoubleValue(1e-3));
    agent->SetAttribute("CriticLearningRate", DoubleValue(2e-3));
    agent->SetAttribute("BatchSize", UintegerValue(32));
    agent->SetAttribute("ReplayCapacity", UintegerValue(2000));
    agent->SetAttribute("NoiseStd", DoubleValue(0.3));
    agent->AssignStreams(stream);
    return agent;
}

/**
 * Train on one state s: decide, reward, record, update, steps times.
 * \param agent the agent
 * \param s the state, also the next one
 * \param steps how many
 * \param reward the reward of an action
 * \param done whether each transition ends the episode
 * \return the choices of the first discrete head taken, in order
 */
std::vector<uint32_t>
TrainOnOneState(Ptr<DdpgPolicy> agent,
                const std::vector<double>& s,
                uint32_t steps,
                const std::function<double(const Action&)>& reward,
                bool done)
{
    std::vector<uint32_t> choices;
    for (uint32_t step = 0; step < steps; ++step)
    {
        Transition t;
        t.observation = s;
        t.action = agent->Decide(s);
        choices.push_back(t.action.discrete.at(0));
        t.reward = reward(t.action);
        t.nextObservation = s;
        t.done = done;
        agent->RecordTransition(t);
        agent->Update();
    }
    return choices;
}

/** What a bandit training run produced. */
struct BanditResult
{
    std::vector<double> actions;   //!< every component of every action taken, in order
    std::vector<float> parameters; //!< final parameters
    bool inRange{true};            //!< every action was inside its range
    uint32_t updates{0};           //!< updates that learned
};

/**
 * Train an agent on a one-step bandit, one update per step.
 * \param agent the agent (spaces set)
 * \param steps environment steps
 * \param observe the observation of a step
 * \param reward the reward of an observation and action
 * \return what happened
 */
BanditResult
TrainBandit(Ptr<DdpgPolicy> agent,
            uint32_t steps,
            const std::function<std::vector<double>(uint32_t)>& observe,
            const std::function<double(const std::vector<double>&, const Action&)>& reward)
{
    BanditResult result;
    const auto& ranges = agent->GetActionSpace().continuous;
    for (uint32_t step = 0; step < steps; ++step)
    {
        Transition t;
        t.observation = observe(step);
        t.action = agent->Decide(t.observation);
        for (std::size_t c = 0; c < ranges.size(); ++c)
        {
            const double a = t.action.continuous[c];
            result.actions.push_back(a);
            result.inRange = result.inRange && a >= ranges[c].min && a <= ranges[c].max;
        }
        t.reward = reward(t.observation, t.action);
        t.nextObservation = t.observation;
        t.done = true;
        agent->RecordTransition(t);
        if (agent->Update())
        {
            ++result.updates;
        }
    }
    result.parameters = agent->GetParameters();
    return result;
}

/** Optimum of the 1-D bandit (reward -(a - 0.3)^2 on [-1, 1]). */
constexpr double OPTIMUM_1D = 0.3;

/**
 * \param agent an agent
 * \return it trained for `steps` steps on the 1-D bandit
 * \param steps environment steps
 */
BanditResult
TrainBandit1d(Ptr<DdpgPolicy> agent, uint32_t steps)
{
    ActionSpace space;
    space.continuous = {{-1.0, 1.0}};
    agent->SetSpaces(1, space);
    return TrainBandit(
        agent,
        steps,
        [](uint32_t) { return std::vector<double>{1.0}; },
        [](const std::vector<double>&, const Action& a) {
            const double e = a.continuous[0] - OPTIMUM_1D;
            return -e * e;
        });
}
} // namespace

/**
 * \ingroup sagin-tests
 * DDPG learns the 1-D bandit reward = -(a - 0.3)^2, a in [-1, 1]: the greedy action is near
 * 0.3 and the critic's Q there near 0.
 */
class DdpgBandit1dTestCase : public TestCase
{
  public:
    DdpgBandit1dTestCase()
        : TestCase("DDPG solves a 1-D continuous bandit; actions stay in range")
    {
    }

  private:
    void DoRun() override
    {
        SeedRestorer restore;
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        Ptr<DdpgPolicy> agent = MakeBanditAgent(1000);
        const BanditResult result = TrainBandit1d(agent, 2000);
        NS_TEST_EXPECT_MSG_EQ(result.inRange, true, "every action inside [-1, 1]");
        NS_TEST_EXPECT_MSG_EQ(result.updates, 2000u - 31u, "an update per step once 32 held");
        const Action greedy = agent->GetGreedyAction({1.0});
        // Seed 1, run 1 after 2000 steps: greedy action 0.3291 (error 0.029), Q there
        // -0.0003. Reference: the closed-form optimum argmax -(a - 0.3)^2 = 0.3, Q* = 0.
        NS_TEST_EXPECT_MSG_EQ_TOL(greedy.continuous[0], OPTIMUM_1D, 0.05, "greedy action");
        NS_TEST_EXPECT_MSG_EQ_TOL(agent->GetQValue({1.0}, greedy), 0.0, 0.02, "Q at optimum");
        Action edge;
        edge.continuous = {-1.0};
        // Q*(s, -1) = -(1.3)^2 = -1.69
        NS_TEST_EXPECT_MSG_EQ_TOL(agent->GetQValue({1.0}, edge), -1.69, 0.3, "Q at -1");
        // Exploration off: Decide() is the greedy action and draws nothing.
        agent->SetAttribute("Exploration", BooleanValue(false));
        NS_TEST_EXPECT_MSG_EQ(agent->Decide({1.0}).continuous[0], greedy.continuous[0], "greedy");
    }
};

/**
 * \ingroup sagin-tests
 * DDPG learns an observation-dependent optimum over two components with different ranges.
 */
class DdpgBandit2dTestCase : public TestCase
{
  public:
    DdpgBandit2dTestCase()
        : TestCase("DDPG solves a 2-component bandit whose optimum depends on the state")
    {
    }

  private:
    /**
     * \param s the state, 0 or 1
     * \return the optimal action components
     */
    static std::vector<double> Optimum(uint32_t s)
    {
        return s ? std::vector<double>{-0.5, 2.0} : std::vector<double>{0.6, 7.0};
    }

    void DoRun() override
    {
        SeedRestorer restore;
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        Ptr<DdpgPolicy> agent = MakeBanditAgent(2000);
        ActionSpace space;
        space.continuous = {{-1.0, 1.0}, {0.0, 10.0}};
        agent->SetSpaces(2, space);
        auto observe = [](uint32_t step) {
            const double s = step % 2;
            return std::vector<double>{s, 1.0 - s};
        };
        // reward = -(a0 - o0)^2 - ((a1 - o1) / 5)^2: each component scaled by its half range.
        auto reward = [](const std::vector<double>& x, const Action& a) {
            const std::vector<double> o = Optimum(x[0] > 0.5 ? 1 : 0);
            const double e0 = a.continuous[0] - o[0];
            const double e1 = (a.continuous[1] - o[1]) / 5.0;
            return -e0 * e0 - e1 * e1;
        };
        const BanditResult result = TrainBandit(agent, 3000, observe, reward);
        NS_TEST_EXPECT_MSG_EQ(result.inRange, true, "every action inside its range");
        for (uint32_t s = 0; s < 2; ++s)
        {
            const Action greedy = agent->GetGreedyAction(observe(s));
            // Reference: the closed-form optimum of each state. Tolerances 0.05 of the width 2
            // and 0.5 of the width 10 (5 % of the half range), far below the distance between
            // the two states' optima (1.1 and 5). Seed 1, run 1 after 3000 steps: errors
            // +0.025 and +0.26 (s = 0), -0.005 and +0.25 (s = 1).
            NS_TEST_EXPECT_MSG_EQ_TOL(greedy.continuous[0], Optimum(s)[0], 0.05, "a0, s=" << s);
            NS_TEST_EXPECT_MSG_EQ_TOL(greedy.continuous[1], Optimum(s)[1], 0.5, "a1, s=" << s);
        }
    }
};

/**
 * \ingroup sagin-tests
 * Mixed heads (study A's actor: discrete choices next to continuous components, one critic
 * Q(s, a) over both): a 3-context bandit whose reward is 1 for the discrete choice equal to
 * the context, 0 otherwise, minus (a - t_context)^2 for the continuous component, t = -0.5, 0,
 * 0.5. The greedy action must pick every context's choice and come near its t; the critic
 * must rank the right choice above the others.
 */
class DdpgMixedHeadsTestCase : public TestCase
{
  public:
    /** \param choice who chooses the discrete head */
    DdpgMixedHeadsTestCase(DdpgPolicy::DiscreteChoice choice)
        : TestCase(std::string("DDPG with discrete heads solves a mixed contextual bandit (") +
                   (choice == DdpgPolicy::ACTOR_SOFTMAX ? "actor softmax" : "critic argmax") + ")"),
          m_choice(choice)
    {
    }

  private:
    void DoRun() override
    {
        SeedRestorer restore;
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        Ptr<DdpgPolicy> agent = MakeBanditAgent(3000);
        agent->SetAttribute("DiscreteChoice", EnumValue(m_choice));
        ActionSpace space;
        space.discrete = {3};
        space.continuous = {{-1.0, 1.0}};
        agent->SetSpaces(3, space);
        const uint32_t actorOutputs = m_choice == DdpgPolicy::ACTOR_SOFTMAX ? 4 : 1;
        NS_TEST_EXPECT_MSG_EQ(agent->GetActorArchitecture().outputSize,
                              actorOutputs,
                              "the actor has logits only when it chooses");
        const bool criticChooses = m_choice == DdpgPolicy::CRITIC_ARGMAX;
        NS_TEST_EXPECT_MSG_EQ(agent->GetCriticArchitecture().inputSize,
                              criticChooses ? 4u : 7u,
                              "the critic sees the observation, a_c and (softmax) the one-hot "
                              "head");
        NS_TEST_EXPECT_MSG_EQ(agent->GetCriticArchitecture().outputSize,
                              criticChooses ? 3u : 1u,
                              "the choosing critic has a Q per choice");
        const auto observe = [](uint32_t step) {
            std::vector<double> x(3, 0.0);
            x[step % 3] = 1.0;
            return x;
        };
        const auto context = [](const std::vector<double>& x) {
            return static_cast<uint32_t>(std::max_element(x.begin(), x.end()) - x.begin());
        };
        const auto target = [](uint32_t c) { return -0.5 + 0.5 * c; };
        const auto reward = [&](const std::vector<double>& x, const Action& a) {
            const uint32_t c = context(x);
            const double e = a.continuous[0] - target(c);
            return (a.discrete[0] == c ? 1.0 : 0.0) - e * e;
        };
        std::vector<uint32_t> chosen(3, 0);
        bool discreteInRange = true;
        for (uint32_t step = 0; step < 4000; ++step)
        {
            Transition t;
            t.observation = observe(step);
            t.action = agent->Decide(t.observation);
            discreteInRange =
                discreteInRange && t.action.discrete.size() == 1 && t.action.discrete[0] < 3;
            ++chosen[t.action.discrete[0] % 3];
            t.reward = reward(t.observation, t.action);
            t.nextObservation = t.observation;
            t.done = true;
            agent->RecordTransition(t);
            agent->Update();
        }
        NS_TEST_EXPECT_MSG_EQ(discreteInRange, true, "one choice per head, in range");
        for (uint32_t k = 0; k < 3; ++k)
        {
            NS_TEST_EXPECT_MSG_GT(chosen[k], 100u, "exploration tries choice " << k);
        }
        for (uint32_t c = 0; c < 3; ++c)
        {
            const Action greedy = agent->GetGreedyAction(observe(c));
            NS_TEST_EXPECT_MSG_EQ(greedy.discrete[0], c, "the context's choice, context " << c);
            // Reference: the closed-form optimum t_c; tolerance 0.1 of the width 2.
            NS_TEST_EXPECT_MSG_EQ_TOL(greedy.continuous[0], target(c), 0.1, "a, context " << c);
            Action wrong = greedy;
            wrong.discrete[0] = (c + 1) % 3;
            NS_TEST_EXPECT_MSG_GT(agent->GetQValue(observe(c), greedy),
                                  agent->GetQValue(observe(c), wrong) + 0.5,
                                  "Q ranks the right choice first, context " << c);
        }
    }

    DdpgPolicy::DiscreteChoice m_choice; //!< who chooses the discrete head
};

/**
 * \ingroup sagin-tests
 * CRITIC_ARGMAX with Gamma 0.5 on one state that never ends: reward 1 for choice 0 of a head
 * of 4, 0 otherwise, whatever the continuous component. The critic's target takes the best
 * choice at s', so Q(s, choice 0) converges to the closed form 1 / (1 - 0.5) = 2 and the
 * others to 0 + 0.5 * 2 = 1; the greedy action takes choice 0. A batch of exploring
 * decisions equals the same decisions one by one. Refused: the Q of a choice out of its
 * head's range, a change of DiscreteChoice or of
 * the discrete heads once built, a space of discrete heads only, one of more than 4096
 * combinations, and CRITIC_ARGMAX set after such a space.
 */
class DdpgCriticArgmaxTestCase : public TestCase
{
  public:
    DdpgCriticArgmaxTestCase()
        : TestCase("DDPG with the critic's choice: discounted target at the best choice")
    {
    }

  private:
    void DoRun() override
    {
        SeedRestorer restore;
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        Ptr<DdpgPolicy> agent = MakeBanditAgent(3100);
        agent->SetAttribute("DiscreteChoice", EnumValue(DdpgPolicy::CRITIC_ARGMAX));
        agent->SetAttribute("Gamma", DoubleValue(0.5));
        agent->SetAttribute("DiscreteEpsilon", DoubleValue(0.5));
        ActionSpace space;
        space.discrete = {4};
        space.continuous = {{0.0, 1.0}};
        agent->SetSpaces(1, space);
        const std::vector<double> s{1.0};
        std::vector<uint32_t> chosen(4, 0);
        for (uint32_t k : TrainOnOneState(
                 agent,
                 s,
                 3000,
                 [](const Action& a) { return a.discrete[0] == 0 ? 1.0 : 0.0; },
                 false))
        {
            ++chosen.at(k);
        }
        for (uint32_t k = 1; k < 4; ++k)
        {
            NS_TEST_EXPECT_MSG_GT(chosen[k], 100u, "epsilon tries choice " << k);
        }
        const Action greedy = agent->GetGreedyAction(s);
        NS_TEST_EXPECT_MSG_EQ(greedy.discrete[0], 0u, "the critic's best choice");
        // Reference: the closed forms 2 and 1; tolerance 0.25.
        NS_TEST_EXPECT_MSG_EQ_TOL(agent->GetQValue(s, greedy), 2.0, 0.25, "Q of choice 0");
        Action other = greedy;
        other.discrete[0] = 2;
        NS_TEST_EXPECT_MSG_EQ_TOL(agent->GetQValue(s, other), 1.0, 0.25, "Q of choice 2");

        Action outOfRange = greedy;
        outOfRange.discrete[0] = 4;
        const std::string bad =
            MessageOf<std::invalid_argument>([&]() { agent->GetQValue(s, outOfRange); });
        NS_TEST_EXPECT_MSG_EQ(Contains(bad, "'bandit'") &&
                                  Contains(bad, "choice 4 of head 0 is not below its 4 choices"),
                              true,
                              bad);

        std::string changed = MessageOf<std::logic_error>(
            [&]() { agent->SetAttribute("DiscreteChoice", EnumValue(DdpgPolicy::ACTOR_SOFTMAX)); });
        NS_TEST_EXPECT_MSG_EQ(Contains(changed, "DiscreteChoice cannot change"), true, changed);
        ActionSpace otherHeads = space;
        otherHeads.discrete = {5};
        changed = MessageOf<std::logic_error>([&]() { agent->SetSpaces(1, otherHeads); });
        NS_TEST_EXPECT_MSG_EQ(Contains(changed, "discrete heads") && Contains(changed,
                                                                              "cannot "
                                                                              "change"),
                              true,
                              changed);

        // A batch explores with the draws of decisions one by one, in row order.
        std::vector<Ptr<DdpgPolicy>> twins;
        for (uint32_t a = 0; a < 2; ++a)
        {
            twins.push_back(MakeBanditAgent(3200));
            twins[a]->SetAttribute("DiscreteChoice", EnumValue(DdpgPolicy::CRITIC_ARGMAX));
            twins[a]->SetAttribute("DiscreteEpsilon", DoubleValue(0.5));
            ActionSpace two = space;
            two.discrete = {3, 2};
            twins[a]->SetSpaces(1, two);
        }
        const std::vector<std::vector<double>> rows{{0.1}, {0.5}, {0.9}, {0.2}, {0.7}, {0.4}};
        const std::vector<Action> batch = twins[0]->DecideBatch(rows);
        for (std::size_t r = 0; r < rows.size(); ++r)
        {
            const Action one = twins[1]->Decide(rows[r]);
            NS_TEST_EXPECT_MSG_EQ(
                (one.discrete == batch[r].discrete && one.continuous == batch[r].continuous),
                true,
                "row " << r << " as decided alone");
        }

        // A space of one combination (a head of one choice): the actor's step scores it (it
        // read the drawn heads of an empty list before).
        Ptr<DdpgPolicy> single = MakeBanditAgent(3300);
        single->SetAttribute("DiscreteChoice", EnumValue(DdpgPolicy::CRITIC_ARGMAX));
        ActionSpace one = space;
        one.discrete = {1};
        single->SetSpaces(1, one);
        TrainOnOneState(
            single,
            s,
            40,
            [](const Action& a) { return -std::abs(a.continuous[0] - 0.5); },
            true);
        NS_TEST_EXPECT_MSG_EQ(single->GetGreedyAction(s).discrete.at(0), 0u, "the one choice");
        NS_TEST_EXPECT_MSG_GT(single->GetUpdateCount(), 0u, "the actor and critic stepped");

        auto wide = CreateObject<DdpgPolicy>();
        wide->SetAttribute("AgentName", StringValue("wide"));
        wide->SetAttribute("DiscreteChoice", EnumValue(DdpgPolicy::CRITIC_ARGMAX));
        ActionSpace many;
        many.discrete = {100, 100};
        std::string m = MessageOf<std::invalid_argument>([&]() { wide->SetSpaces(1, many); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "'wide'") && Contains(m,
                                                                "CRITIC_ARGMAX needs a "
                                                                "continuous component"),
                              true,
                              m);
        many.continuous = {{0.0, 1.0}};
        m = MessageOf<std::invalid_argument>([&]() { wide->SetSpaces(1, many); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "'wide'") && Contains(m, "CRITIC_ARGMAX") &&
                                  Contains(m, "more than 4096"),
                              true,
                              m);
        auto late = CreateObject<DdpgPolicy>();
        late->SetAttribute("AgentName", StringValue("late"));
        late->SetSpaces(1, many); // the actor's softmax heads enumerate nothing
        m = MessageOf<std::invalid_argument>(
            [&]() { late->SetAttribute("DiscreteChoice", EnumValue(DdpgPolicy::CRITIC_ARGMAX)); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "'late'") && Contains(m, "more than 4096"), true, m);
    }
};

/**
 * \ingroup sagin-tests
 * CRITIC_ARGMAX with a parameter per choice (study A's f when local and f when offloading): a
 * head of 2 choices and components x_0, x_1; reward 1 - (x_0 + 0.5)^2 for choice 0 and
 * 0.5 - (x_1 - 0.5)^2 for choice 1. The critic's choice is 0, explored choice 1 about once in
 * 20 decisions; the actor ascends the mean Q over both choices, so x_1 learns its optimum
 * 0.5 (closed form) although the choice is rarely taken. An actor that ascended the best
 * choice's Q only would leave x_1 where that choice's Q pulls it.
 */
class DdpgParameterPerChoiceTestCase : public TestCase
{
  public:
    DdpgParameterPerChoiceTestCase()
        : TestCase("DDPG with the critic's choice: the parameter of a rarely taken choice learns")
    {
    }

  private:
    void DoRun() override
    {
        SeedRestorer restore;
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        Ptr<DdpgPolicy> agent = MakeBanditAgent(3400);
        agent->SetAttribute("DiscreteChoice", EnumValue(DdpgPolicy::CRITIC_ARGMAX));
        ActionSpace space;
        space.discrete = {2};
        space.continuous = {{-1.0, 1.0}, {-1.0, 1.0}};
        agent->SetSpaces(1, space);
        const std::vector<double> s{1.0};
        const auto reward = [](const Action& a) {
            const uint32_t k = a.discrete[0];
            const double e = a.continuous[k] - (k == 0 ? -0.5 : 0.5);
            return (k == 0 ? 1.0 : 0.5) - e * e;
        };
        const std::vector<uint32_t> taken = TrainOnOneState(agent, s, 3000, reward, true);
        const uint32_t rare = std::accumulate(taken.begin(), taken.end(), 0U);
        NS_TEST_EXPECT_MSG_LT(rare, 600u, "choice 1 is the rare one");
        const Action greedy = agent->GetGreedyAction(s);
        NS_TEST_EXPECT_MSG_EQ(greedy.discrete[0], 0u, "the better choice");
        // Reference: the closed-form optima -0.5 and 0.5; tolerance 0.15 of the width 2.
        NS_TEST_EXPECT_MSG_EQ_TOL(greedy.continuous[0], -0.5, 0.15, "x_0, the choice taken");
        NS_TEST_EXPECT_MSG_EQ_TOL(greedy.continuous[1], 0.5, 0.15, "x_1, the choice rarely taken");
    }
};

/**
 * \ingroup sagin-tests
 * Same seed and run: bit-identical actions and weights; another run differs.
 */
class DdpgReproducibilityTestCase : public TestCase
{
  public:
    DdpgReproducibilityTestCase()
        : TestCase("DDPG actions and weights are bit-identical for the same seed and run")
    {
    }

  private:
    void DoRun() override
    {
        SeedRestorer restore;
        auto run = [](uint64_t rngRun) {
            RngSeedManager::SetSeed(3);
            RngSeedManager::SetRun(rngRun);
            return TrainBandit1d(MakeBanditAgent(200), 300);
        };
        const BanditResult a = run(1);
        const BanditResult b = run(1);
        const BanditResult c = run(2);
        NS_TEST_ASSERT_MSG_EQ(a.actions.size(), b.actions.size(), "same number of actions");
        NS_TEST_EXPECT_MSG_EQ(
            std::memcmp(a.actions.data(), b.actions.data(), sizeof(double) * a.actions.size()),
            0,
            "identical actions");
        NS_TEST_ASSERT_MSG_EQ(a.parameters.size(), b.parameters.size(), "same size");
        NS_TEST_EXPECT_MSG_EQ(
            std::memcmp(a.parameters.data(), b.parameters.data(), 4 * a.parameters.size()),
            0,
            "identical weights");
        NS_TEST_EXPECT_MSG_EQ((a.parameters != c.parameters), true, "another run, other weights");
        NS_TEST_EXPECT_MSG_EQ((a.actions != c.actions), true, "another run, other actions");
    }
};

/**
 * \ingroup sagin-tests
 * Batches, parameters, checkpoints, the Loss trace, zero-width ranges.
 */
class DdpgMechanicsTestCase : public TestCase
{
  public:
    DdpgMechanicsTestCase()
        : TestCase("DDPG batches, parameters, checkpoints, trace")
    {
    }

  private:
    /**
     * Loss sink.
     * \param agent agent name
     * \param update update number
     * \param criticLoss critic loss
     * \param actorLoss actor loss
     */
    void Loss(const std::string& agent, uint64_t update, double criticLoss, double actorLoss)
    {
        m_lastAgent = agent;
        m_lastUpdate = update;
        m_lastCriticLoss = criticLoss;
        m_lastActorLoss = actorLoss;
    }

    void DoRun() override
    {
        auto agent = CreateObject<DdpgPolicy>();
        agent->SetAttribute("AgentName", StringValue("uav-3"));
        agent->SetAttribute("HiddenLayers", StringValue("8"));
        agent->SetAttribute("BatchSize", UintegerValue(4));
        agent->SetAttribute("ReplayCapacity", UintegerValue(6));
        agent->TraceConnectWithoutContext("Loss", MakeCallback(&DdpgMechanicsTestCase::Loss, this));
        agent->AssignStreams(31);
        ActionSpace space;
        space.continuous = {{0.0, 2.0}, {5.0, 5.0}}; // the second has zero width
        agent->SetSpaces(3, space);
        NS_TEST_EXPECT_MSG_EQ(agent->GetActorArchitecture().ToString(), "3-8-2 relu", "actor");
        NS_TEST_EXPECT_MSG_EQ(agent->GetCriticArchitecture().ToString(), "5-8-1 relu", "critic");

        Transition t;
        t.observation = {0.5, -0.5, 1.0};
        t.action.continuous = {1.5, 5.0};
        t.reward = 1.0;
        t.nextObservation = {0.25, 0.0, 1.0};
        for (int i = 0; i < 3; ++i)
        {
            agent->RecordTransition(t);
        }
        NS_TEST_EXPECT_MSG_EQ(agent->Update().has_value(), false, "3 < BatchSize");
        for (int i = 0; i < 5; ++i)
        {
            agent->RecordTransition(t);
        }
        NS_TEST_EXPECT_MSG_EQ(agent->GetReplaySize(), 6u, "ring buffer keeps the last 6");
        NS_TEST_EXPECT_MSG_EQ(agent->GetTransitionCount(), 8u, "8 recorded");
        const std::vector<float> before = agent->GetParameters();
        NS_TEST_EXPECT_MSG_EQ(agent->Update().has_value(), true, "enough experience");
        NS_TEST_EXPECT_MSG_EQ(m_lastAgent, "uav-3", "Loss trace names the agent");
        NS_TEST_EXPECT_MSG_EQ(m_lastUpdate, 1u, "first update");
        NS_TEST_EXPECT_MSG_GT(m_lastCriticLoss, 0.0, "a positive critic loss");
        NS_TEST_EXPECT_MSG_EQ(std::isfinite(m_lastActorLoss), true, "a finite actor loss");
        NS_TEST_EXPECT_MSG_EQ((agent->GetParameters() != before), true, "the networks moved");
        NS_TEST_EXPECT_MSG_EQ(agent->GetUpdateCount(), 1u, "update count");

        // A batch decides as single decisions do (no noise), with one forward pass; the
        // zero-width component is always its only value.
        agent->SetAttribute("Exploration", BooleanValue(false));
        std::vector<std::vector<double>> many;
        for (int i = 0; i < 16; ++i)
        {
            many.push_back({0.1 * i, -0.05 * i, 1.0});
        }
        const std::vector<Action> batch = agent->DecideBatch(many);
        bool same = batch.size() == many.size();
        for (std::size_t i = 0; same && i < many.size(); ++i)
        {
            same = batch[i].continuous == agent->Decide(many[i]).continuous &&
                   batch[i].continuous[1] == 5.0;
        }
        NS_TEST_EXPECT_MSG_EQ(same, true, "batched = one by one");

        // Parameters: actor then critic; the last is the critic's output bias.
        const double q = agent->GetQValue(t.observation, t.action);
        std::vector<float> p = agent->GetParameters();
        NS_TEST_EXPECT_MSG_EQ(p.size(), (3u * 8 + 8 + 8 * 2 + 2) + (5u * 8 + 8 + 8 + 1), "count");
        p.back() += 1.0F;
        agent->SetParameters(p);
        NS_TEST_EXPECT_MSG_EQ((agent->GetParameters() == p), true, "set");
        NS_TEST_EXPECT_MSG_EQ_TOL(agent->GetQValue(t.observation, t.action) - q, 1.0, 1e-5, "bias");
        std::string m = MessageOf<std::invalid_argument>(
            [&]() { agent->SetParameters(std::vector<float>(p.size() - 1)); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "'uav-3'") && Contains(m, "parameters"), true, m);

        // Checkpoint round trip into a fresh agent of the same shape.
        char path[] = "/tmp/sagin-ddpg-XXXXXX";
        const int fd = mkstemp(path);
        NS_TEST_ASSERT_MSG_NE(fd, -1, "temporary file");
        close(fd);
        agent->SaveCheckpoint(path);
        auto other = CreateObject<DdpgPolicy>();
        other->SetAttribute("HiddenLayers", StringValue("8"));
        other->AssignStreams(99);
        other->SetSpaces(3, space);
        NS_TEST_EXPECT_MSG_EQ((other->GetParameters() != p), true, "other weights before");
        other->LoadCheckpoint(path);
        NS_TEST_EXPECT_MSG_EQ((other->GetParameters() == p), true, "same weights after");
        auto wider = CreateObject<DdpgPolicy>();
        wider->SetAttribute("HiddenLayers", StringValue("9"));
        wider->SetSpaces(3, space);
        m = MessageOf<std::invalid_argument>([&]() { wider->LoadCheckpoint(path); });
        NS_TEST_EXPECT_MSG_NE(m, "", "another architecture is refused");
        std::remove(path);

        // Architecture attributes are frozen once built.
        m = MessageOf<std::logic_error>(
            [&agent]() { agent->SetAttribute("HiddenLayers", StringValue("16")); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "HiddenLayers cannot change"), true, m);
    }

    std::string m_lastAgent;       //!< last traced agent
    uint64_t m_lastUpdate{0};      //!< last traced update
    double m_lastCriticLoss{-1.0}; //!< last traced critic loss
    double m_lastActorLoss{0.0};   //!< last traced actor loss
};

/**
 * \ingroup sagin-tests
 * Bad DDPG configurations: min > max, an empty action space, zero-width networks, bad rates,
 * a discrete choice outside its head.
 */
class DdpgBadInputTestCase : public TestCase
{
  public:
    DdpgBadInputTestCase()
        : TestCase("DDPG bad input")
    {
    }

  private:
    void DoRun() override
    {
        auto agent = CreateObject<DdpgPolicy>();
        agent->SetAttribute("AgentName", StringValue("gs-4"));
        ActionSpace inverted;
        inverted.continuous = {{0.0, 1.0}, {2.0, -2.0}};
        std::string m = MessageOf<std::invalid_argument>([&]() { agent->SetSpaces(2, inverted); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "'gs-4'") && Contains(m, "component 1") &&
                                  Contains(m, "min <= max"),
                              true,
                              m);
        m = MessageOf<std::invalid_argument>([&]() { agent->SetSpaces(2, ActionSpace()); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "'gs-4'") && Contains(m, "action space is empty"),
                              true,
                              m);
        m = MessageOf<std::invalid_argument>(
            [&agent]() { agent->SetAttribute("HiddenLayers", StringValue("0")); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "HiddenLayers") && Contains(m, "width 0"), true, m);
        NS_TEST_EXPECT_MSG_EQ(agent->SetAttributeFailSafe("ActorLearningRate", DoubleValue(-1.0)),
                              false,
                              "a negative learning rate refused by the checker");
        ActionSpace fine;
        fine.continuous = {{0.0, 1.0}};
        agent->SetAttribute("BatchSize", UintegerValue(64));
        agent->SetAttribute("ReplayCapacity", UintegerValue(32));
        agent->SetSpaces(2, fine);
        m = MessageOf<std::invalid_argument>([&agent]() { agent->Decide({0, 0}); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "ReplayCapacity 32 < BatchSize 64"), true, m);

        auto mixed = CreateObject<DdpgPolicy>();
        mixed->SetAttribute("AgentName", StringValue("dt-3"));
        ActionSpace heads;
        heads.discrete = {2, 4};
        heads.continuous = {{0.0, 1.0}};
        mixed->SetSpaces(2, heads);
        Action outside;
        outside.discrete = {1, 4};
        outside.continuous = {0.5};
        m = MessageOf<std::invalid_argument>([&]() { mixed->GetQValue({0, 0}, outside); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "'dt-3'") && Contains(m, "choice 4 of head 1"), true, m);

        // SetActorParameters replaces the actor only.
        const std::vector<float> before = mixed->GetParameters();
        const std::size_t actorSize = mixed->GetActorArchitecture().GetParameterCount();
        mixed->SetActorParameters(std::vector<float>(actorSize, 0.25F));
        const std::vector<float> after = mixed->GetParameters();
        NS_TEST_EXPECT_MSG_EQ((std::vector<float>(after.begin(), after.begin() + actorSize) ==
                               std::vector<float>(actorSize, 0.25F)),
                              true,
                              "the actor is replaced");
        NS_TEST_EXPECT_MSG_EQ((std::vector<float>(after.begin() + actorSize, after.end()) ==
                               std::vector<float>(before.begin() + actorSize, before.end())),
                              true,
                              "the critic stays");
        m = MessageOf<std::invalid_argument>([&]() { mixed->SetActorParameters({1.0F}); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "'dt-3'") && Contains(m, "1 parameters for an actor"),
                              true,
                              m);
    }
};

/**
 * \ingroup sagin-tests
 * The DDPG TestSuite.
 */
class LearningDdpgTestSuite : public TestSuite
{
  public:
    LearningDdpgTestSuite()
        : TestSuite("sagin-learning-ddpg", Type::UNIT)
    {
        AddTestCase(new DdpgBandit1dTestCase);
        AddTestCase(new DdpgBandit2dTestCase);
        AddTestCase(new DdpgMixedHeadsTestCase(DdpgPolicy::ACTOR_SOFTMAX));
        AddTestCase(new DdpgMixedHeadsTestCase(DdpgPolicy::CRITIC_ARGMAX));
        AddTestCase(new DdpgCriticArgmaxTestCase);
        AddTestCase(new DdpgParameterPerChoiceTestCase);
        AddTestCase(new DdpgReproducibilityTestCase);
        AddTestCase(new DdpgMechanicsTestCase);
        AddTestCase(new DdpgBadInputTestCase);
    }
};

static LearningDdpgTestSuite g_learningDdpgTestSuite; //!< Static variable for test initialization
