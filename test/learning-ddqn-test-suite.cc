// SPDX-License-Identifier: GPL-2.0-only
//
// DDQN: it solves a 5-state chain whose optimal Q-values have a closed form; same seed and
// run give bit-identical learning curves and weights; ε decay, target refresh, batched
// decisions, replay ring buffer, NaN transitions and bad spaces.

#include "sagin-test-utils.h"

#include "ns3/boolean.h"
#include "ns3/ddqn-policy.h"
#include "ns3/double.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{
/**
 * \ingroup sagin-tests
 * A chain of 5 states 0..4 (Sutton and Barto's chain walk): action 0 moves left (state 0
 * stays), action 1 moves right; entering state 4 gives reward 1 and ends the episode; every
 * other step gives 0. Episodes start in state 0 and are cut after MAX_STEPS steps (a cut is
 * not terminal). Observations are one-hot vectors of the 5 states.
 *
 * With discount g the optimal values are Q*(s, right) = g^(3 - s) and Q*(s, left) =
 * g * V*(max(s - 1, 0)) = g^(4 - max(s - 1, 0)) for s = 0..3, V*(s) = g^(3 - s).
 */
class ChainMdp
{
  public:
    static constexpr uint32_t STATES = 5;     //!< states, the last terminal
    static constexpr uint32_t MAX_STEPS = 20; //!< episode cut

    /**
     * \param s a state
     * \return its one-hot observation
     */
    static std::vector<double> Observe(uint32_t s)
    {
        std::vector<double> x(STATES, 0.0);
        x[s] = 1.0;
        return x;
    }

    /**
     * \param s a state 0..3
     * \param action 0 left, 1 right
     * \param gamma discount
     * \return Q*(s, action)
     */
    static double OptimalQ(uint32_t s, uint32_t action, double gamma)
    {
        if (action == 1)
        {
            return std::pow(gamma, 3.0 - s);
        }
        const uint32_t left = s == 0 ? 0 : s - 1;
        return std::pow(gamma, 4.0 - left);
    }
};

/** What a training run produced. */
struct TrainingResult
{
    std::vector<double> losses;      //!< loss of every update
    std::vector<uint32_t> actions;   //!< every action taken
    std::vector<float> parameters;   //!< final online parameters
    uint32_t episodes{0};            //!< episodes played
    uint32_t solvedAfterSteps{0};    //!< steps after which the greedy policy stayed optimal
    uint32_t solvedAfterEpisodes{0}; //!< episodes after which the greedy policy stayed optimal
};

/**
 * \param agent a DDQN agent
 * \return whether its greedy action is "right" in every non-terminal state
 */
bool
GreedyIsOptimal(Ptr<DdqnPolicy> agent)
{
    for (uint32_t s = 0; s + 1 < ChainMdp::STATES; ++s)
    {
        const std::vector<double> q = agent->GetQValues(ChainMdp::Observe(s));
        if (!(q[1] > q[0]))
        {
            return false;
        }
    }
    return true;
}

/**
 * \param gamma discount
 * \param stream first ns-3 stream of the agent
 * \return a DDQN agent configured for the chain
 */
Ptr<DdqnPolicy>
MakeChainAgent(double gamma, int64_t stream)
{
    auto agent = CreateObject<DdqnPolicy>();
    agent->SetAttribute("AgentName", StringValue("chain"));
    agent->SetAttribute("HiddenLayers", StringValue("32,32"));
    agent->SetAttribute("Gamma", DoubleValue(gamma));
    agent->SetAttribute("LearningRate", DoubleValue(2e-3));
    agent->SetAttribute("BatchSize", UintegerValue(32));
    agent->SetAttribute("ReplayCapacity", UintegerValue(5000));
    agent->SetAttribute("EpsilonInitial", DoubleValue(1.0));
    agent->SetAttribute("EpsilonFinal", DoubleValue(0.2));
    agent->SetAttribute("EpsilonDecaySteps", UintegerValue(1000));
    agent->SetAttribute("TargetUpdateInterval", UintegerValue(50));
    agent->SetAttribute("Loss", StringValue("Mse"));
    agent->AssignStreams(stream);
    agent->SetSpaces(ChainMdp::STATES, ActionSpace::Discrete(2));
    return agent;
}

/**
 * Train an agent on the chain, one update per step.
 * \param agent the agent
 * \param steps environment steps
 * \return the learning curve and final weights
 */
TrainingResult
Train(Ptr<DdqnPolicy> agent, uint32_t steps)
{
    TrainingResult result;
    uint32_t state = 0;
    uint32_t episodeSteps = 0;
    bool wasOptimal = false;
    for (uint32_t step = 1; step <= steps; ++step)
    {
        Transition t;
        t.observation = ChainMdp::Observe(state);
        t.action = agent->Decide(t.observation);
        const uint32_t a = t.action.discrete[0];
        result.actions.push_back(a);
        const uint32_t next = a == 1 ? state + 1 : (state == 0 ? 0 : state - 1);
        t.reward = next == ChainMdp::STATES - 1 ? 1.0 : 0.0;
        t.done = next == ChainMdp::STATES - 1;
        t.nextObservation = ChainMdp::Observe(next);
        agent->RecordTransition(t);
        if (auto loss = agent->Update())
        {
            result.losses.push_back(*loss);
        }
        ++episodeSteps;
        state = next;
        if (t.done || episodeSteps == ChainMdp::MAX_STEPS)
        {
            ++result.episodes;
            state = 0;
            episodeSteps = 0;
            const bool optimal = GreedyIsOptimal(agent);
            if (optimal && !wasOptimal)
            {
                result.solvedAfterSteps = step;
                result.solvedAfterEpisodes = result.episodes;
            }
            wasOptimal = optimal;
        }
    }
    if (!wasOptimal)
    {
        result.solvedAfterSteps = 0;
    }
    result.parameters = agent->GetParameters();
    return result;
}

} // namespace

/**
 * \ingroup sagin-tests
 * DDQN learns the chain: the greedy policy is optimal and the Q-values are near gamma^k.
 */
class DdqnChainTestCase : public TestCase
{
  public:
    DdqnChainTestCase()
        : TestCase("DDQN solves a 5-state chain; Q-values near their closed form")
    {
    }

  private:
    void DoRun() override
    {
        SeedRestorer restore;
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        const double gamma = 0.9;
        Ptr<DdqnPolicy> agent = MakeChainAgent(gamma, 1000);
        // 2000 steps (about 1 s). Over RngRun 1..12 the greedy policy became optimal, for
        // good, after 198..369 steps (14..34 episodes), and after 2000 steps the largest
        // |Q - Q*| was at most 4.1e-4 (run 1: optimal after step 320, episode 21).
        const TrainingResult result = Train(agent, 2000);
        NS_TEST_EXPECT_MSG_GT(result.solvedAfterSteps, 0u, "the greedy policy became optimal");
        NS_TEST_EXPECT_MSG_LT(result.solvedAfterSteps, 1000u, "within the first half");
        NS_TEST_EXPECT_MSG_EQ(GreedyIsOptimal(agent), true, "and stayed optimal");
        NS_TEST_EXPECT_MSG_GT(result.episodes, 100u, "many episodes, most of them short");
        for (uint32_t s = 0; s + 1 < ChainMdp::STATES; ++s)
        {
            const std::vector<double> q = agent->GetQValues(ChainMdp::Observe(s));
            for (uint32_t a = 0; a < 2; ++a)
            {
                // Reference: the closed form Q* above. Tolerance 0.01: 25 times the worst
                // error seen over 12 runs, and 7 times smaller than the smallest gap between
                // the two actions' values (state 0: 0.729 vs 0.6561).
                NS_TEST_EXPECT_MSG_EQ_TOL(q[a],
                                          ChainMdp::OptimalQ(s, a, gamma),
                                          0.01,
                                          "Q(" << s << ", " << (a ? "right" : "left") << ")");
            }
        }
        // Greedy evaluation walks straight to the goal.
        agent->SetAttribute("Exploration", BooleanValue(false));
        uint32_t state = 0;
        uint32_t steps = 0;
        while (state != ChainMdp::STATES - 1 && steps < ChainMdp::MAX_STEPS)
        {
            const bool right = agent->Decide(ChainMdp::Observe(state)).discrete[0] == 1;
            state = right ? state + 1 : (state == 0 ? 0 : state - 1);
            ++steps;
        }
        NS_TEST_EXPECT_MSG_EQ(steps, 4u, "four steps right");
    }
};

/**
 * \ingroup sagin-tests
 * Same seed and run: bit-identical losses, actions and weights; another run differs.
 */
class DdqnReproducibilityTestCase : public TestCase
{
  public:
    DdqnReproducibilityTestCase()
        : TestCase("DDQN learning curves are bit-identical for the same seed and run")
    {
    }

  private:
    void DoRun() override
    {
        SeedRestorer restore;
        auto run = [](uint64_t rngRun) {
            RngSeedManager::SetSeed(3);
            RngSeedManager::SetRun(rngRun);
            return Train(MakeChainAgent(0.9, 200), 600);
        };
        const TrainingResult a = run(1);
        const TrainingResult b = run(1);
        const TrainingResult c = run(2);
        NS_TEST_ASSERT_MSG_EQ(a.losses.size(), b.losses.size(), "same number of updates");
        NS_TEST_EXPECT_MSG_GT(a.losses.size(), 500u, "updates happened");
        NS_TEST_EXPECT_MSG_EQ(
            std::memcmp(a.losses.data(), b.losses.data(), sizeof(double) * a.losses.size()),
            0,
            "identical loss sequences");
        NS_TEST_EXPECT_MSG_EQ((a.actions == b.actions), true, "identical actions");
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
 * ε schedule, target refresh, batched decisions, replay capacity, NaN transitions.
 */
class DdqnMechanicsTestCase : public TestCase
{
  public:
    DdqnMechanicsTestCase()
        : TestCase("DDQN epsilon decay, target refresh, batches, replay, NaN")
    {
    }

  private:
    /**
     * Loss sink.
     * \param agent agent name
     * \param update update number
     * \param loss the loss
     */
    void Loss(const std::string& agent, uint64_t update, double loss)
    {
        m_lastAgent = agent;
        m_lastUpdate = update;
        m_lastLoss = loss;
    }

    void DoRun() override
    {
        auto agent = CreateObject<DdqnPolicy>();
        agent->SetAttribute("AgentName", StringValue("beam-2"));
        agent->SetAttribute("HiddenLayers", StringValue("8"));
        agent->SetAttribute("EpsilonInitial", DoubleValue(0.9));
        agent->SetAttribute("EpsilonFinal", DoubleValue(0.1));
        agent->SetAttribute("EpsilonDecaySteps", UintegerValue(8));
        agent->SetAttribute("BatchSize", UintegerValue(4));
        agent->SetAttribute("ReplayCapacity", UintegerValue(6));
        agent->SetAttribute("TargetUpdateInterval", UintegerValue(0));
        agent->TraceConnectWithoutContext("Loss", MakeCallback(&DdqnMechanicsTestCase::Loss, this));
        agent->AssignStreams(17);
        agent->SetSpaces(2, ActionSpace::Discrete(3));

        Transition t;
        t.observation = {0.5, -0.5};
        t.action.discrete = {2};
        t.reward = 1.0;
        t.nextObservation = {0.25, 0.0};
        NS_TEST_EXPECT_MSG_EQ_TOL(agent->GetEpsilon(), 0.9, 1e-12, "initial");
        for (int i = 0; i < 4; ++i)
        {
            agent->RecordTransition(t);
        }
        NS_TEST_EXPECT_MSG_EQ_TOL(agent->GetEpsilon(), 0.5, 1e-12, "halfway: 0.9 - 0.8 * 4/8");
        for (int i = 0; i < 6; ++i)
        {
            agent->RecordTransition(t);
        }
        NS_TEST_EXPECT_MSG_EQ_TOL(agent->GetEpsilon(), 0.1, 1e-12, "final after 8");
        NS_TEST_EXPECT_MSG_EQ(agent->GetReplaySize(), 6u, "ring buffer keeps the last 6");
        NS_TEST_EXPECT_MSG_EQ(agent->GetTransitionCount(), 10u, "10 recorded");

        // NaN transitions never reach the replay buffer.
        Transition bad = t;
        bad.observation[1] = std::numeric_limits<double>::quiet_NaN();
        NS_TEST_EXPECT_MSG_EQ(agent->RecordTransition(bad), false, "refused");
        NS_TEST_EXPECT_MSG_EQ(agent->GetTransitionCount(), 10u, "not recorded");
        NS_TEST_EXPECT_MSG_EQ(agent->GetNanObservationCount(), 1u, "counted");

        // Updates learn, trace, and leave the target alone without TargetUpdateInterval.
        const std::vector<float> before = agent->GetParameters();
        const std::vector<double> q0 = agent->GetQValues(t.observation);
        NS_TEST_EXPECT_MSG_EQ(agent->Update().has_value(), true, "enough experience");
        NS_TEST_EXPECT_MSG_EQ(m_lastAgent, "beam-2", "Loss trace names the agent");
        NS_TEST_EXPECT_MSG_EQ(m_lastUpdate, 1u, "first update");
        NS_TEST_EXPECT_MSG_GT(m_lastLoss, 0.0, "a positive loss");
        NS_TEST_EXPECT_MSG_EQ((agent->GetParameters() != before), true, "the online net moved");
        for (int i = 0; i < 200; ++i)
        {
            agent->Update();
        }
        // Only action 2 seen, reward 1, gamma 0.99, target frozen at the initial network:
        // Q(s, 2) -> 1 + 0.99 * Q_target0(s', argmax Q_online(s')) (finite, not 1/(1-g)).
        const std::vector<double> q = agent->GetQValues(t.observation);
        NS_TEST_EXPECT_MSG_GT(q[2], q0[2] + 0.5, "Q(s, 2) rose toward its target");
        agent->RefreshTarget();
        agent->Update();
        NS_TEST_EXPECT_MSG_EQ(agent->GetUpdateCount(), 202u, "update count");

        // A batch decides as single decisions do (greedy), with one forward pass.
        agent->SetAttribute("Exploration", BooleanValue(false));
        std::vector<std::vector<double>> many;
        for (int i = 0; i < 16; ++i)
        {
            many.push_back({0.1 * i, -0.05 * i});
        }
        const std::vector<Action> batch = agent->DecideBatch(many);
        bool same = batch.size() == many.size();
        for (std::size_t i = 0; same && i < many.size(); ++i)
        {
            same = batch[i].discrete == agent->Decide(many[i]).discrete;
        }
        NS_TEST_EXPECT_MSG_EQ(same, true, "batched = one by one");

        // Parameters are shared with the target: SetParameters moves both.
        const double q2 = agent->GetQValues(t.observation)[2];
        std::vector<float> p = agent->GetParameters();
        p.back() += 1.0F; // the bias of the last output
        agent->SetParameters(p);
        NS_TEST_EXPECT_MSG_EQ((agent->GetParameters() == p), true, "set");
        NS_TEST_EXPECT_MSG_EQ_TOL(agent->GetQValues(t.observation)[2] - q2, 1.0, 1e-5, "bias");

        // Architecture attributes are frozen once built.
        std::string m = MessageOf<std::logic_error>(
            [&agent]() { agent->SetAttribute("HiddenLayers", StringValue("16")); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "HiddenLayers cannot change"), true, m);
    }

    std::string m_lastAgent;  //!< last traced agent
    uint64_t m_lastUpdate{0}; //!< last traced update
    double m_lastLoss{-1.0};  //!< last traced loss
};

/**
 * \ingroup sagin-tests
 * Bad DDQN configurations: zero-width networks, no actions, unsupported spaces.
 */
class DdqnBadInputTestCase : public TestCase
{
  public:
    DdqnBadInputTestCase()
        : TestCase("DDQN bad input")
    {
    }

  private:
    void DoRun() override
    {
        auto agent = CreateObject<DdqnPolicy>();
        agent->SetAttribute("AgentName", StringValue("sat-7"));
        std::string m = MessageOf<std::invalid_argument>(
            [&agent]() { agent->SetSpaces(4, ActionSpace::Discrete(0)); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "'sat-7'") && Contains(m, "0 choices"), true, m);
        m = MessageOf<std::invalid_argument>(
            [&agent]() { agent->SetAttribute("HiddenLayers", StringValue("64,0")); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "HiddenLayers") && Contains(m, "width 0"), true, m);
        m = MessageOf<std::invalid_argument>(
            [&agent]() { agent->SetSpaces(0, ActionSpace::Discrete(3)); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "observation length 0"), true, m);
        ActionSpace two;
        two.discrete = {3, 2};
        m = MessageOf<std::invalid_argument>([&]() { agent->SetSpaces(4, two); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "one discrete head"), true, m);
        ActionSpace continuous;
        continuous.continuous = {{0.0, 1.0}};
        m = MessageOf<std::invalid_argument>([&]() { agent->SetSpaces(4, continuous); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "one discrete head"), true, m);
        agent->SetAttribute("BatchSize", UintegerValue(64));
        agent->SetAttribute("ReplayCapacity", UintegerValue(32));
        agent->SetSpaces(4, ActionSpace::Discrete(3));
        m = MessageOf<std::invalid_argument>([&agent]() { agent->Decide({0, 0, 0, 0}); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "ReplayCapacity 32 < BatchSize 64"), true, m);
        m = MessageOf<std::invalid_argument>(
            [&agent]() { agent->SetAttribute("LearningRate", DoubleValue(0.0)); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "LearningRate"), true, m);

        // Weights of another size, and weights a diverged update left infinite or NaN: the
        // message names the agent and its network.
        agent->SetAttribute("ReplayCapacity", UintegerValue(64));
        agent->SetSpaces(4, ActionSpace::Discrete(3));
        std::vector<float> weights = agent->GetParameters();
        m = MessageOf<std::invalid_argument>([&]() {
            agent->SetParameters(std::vector<float>(weights.begin(), weights.end() - 1));
        });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "sat-7"), true, m);
        for (const float bad :
             {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()})
        {
            weights[5] = bad;
            agent->SetParameters(weights);
            m = MessageOf<std::invalid_argument>([&agent]() { agent->Decide({0, 0, 0, 0}); });
            NS_TEST_EXPECT_MSG_EQ(Contains(m, "DdqnPolicy 'sat-7' online network") &&
                                      Contains(m, "not finite"),
                                  true,
                                  m);
        }
    }
};

/**
 * \ingroup sagin-tests
 * The DDQN TestSuite.
 */
class LearningDdqnTestSuite : public TestSuite
{
  public:
    LearningDdqnTestSuite()
        : TestSuite("sagin-learning-ddqn", Type::UNIT)
    {
        AddTestCase(new DdqnChainTestCase);
        AddTestCase(new DdqnReproducibilityTestCase);
        AddTestCase(new DdqnMechanicsTestCase);
        AddTestCase(new DdqnBadInputTestCase);
    }
};

static LearningDdqnTestSuite g_learningDdqnTestSuite; //!< Static variable for test initialization
