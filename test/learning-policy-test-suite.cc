// SPDX-License-Identifier: GPL-2.0-only
//
// The Policy interface and its baselines: spaces, one-line swaps through a PointerValue,
// random/fixed/greedy/rule decisions, reproducible random streams, refused NaN observations
// (counted, traced with the agent's name, never given to the policy), bad spaces.

#include "sagin-test-utils.h"

#include "ns3/ddqn-policy.h"
#include "ns3/double.h"
#include "ns3/fixed-policy.h"
#include "ns3/names.h"
#include "ns3/object-factory.h"
#include "ns3/pointer.h"
#include "ns3/random-policy.h"
#include "ns3/rule-policy.h"
#include "ns3/string.h"
#include "ns3/test.h"

#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{
/**
 * \ingroup sagin-tests
 * A decision point as a study will write one: it holds its policy in a PointerValue
 * attribute and tells it the spaces.
 */
class TestDecisionPoint : public Object
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::sagin::tests::TestDecisionPoint")
                                .SetParent<Object>()
                                .SetGroupName("Sagin")
                                .AddConstructor<TestDecisionPoint>()
                                .AddAttribute("Policy",
                                              "The policy deciding for this agent.",
                                              PointerValue(),
                                              MakePointerAccessor(&TestDecisionPoint::m_policy),
                                              MakePointerChecker<Policy>());
        return tid;
    }

    /**
     * \param observation what the agent sees (3 values)
     * \return the link (of 3) it uses
     */
    uint32_t Choose(const std::vector<double>& observation)
    {
        if (m_policy->GetObservationSize() == 0)
        {
            m_policy->SetSpaces(3, ActionSpace::Discrete(3));
        }
        return m_policy->Decide(observation).discrete.at(0);
    }

  private:
    Ptr<Policy> m_policy; //!< the policy
};

NS_OBJECT_ENSURE_REGISTERED(TestDecisionPoint);

/**
 * \ingroup sagin-tests
 * A policy that counts what reaches it.
 */
class CountingPolicy : public Policy
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::sagin::tests::CountingPolicy")
                                .SetParent<Policy>()
                                .SetGroupName("Sagin")
                                .AddConstructor<CountingPolicy>();
        return tid;
    }

    uint32_t decided{0};  //!< observations given to DoDecide()
    uint32_t recorded{0}; //!< transitions given to DoRecordTransition()

  private:
    Action DoDecide(const std::vector<double>& /* observation */) override
    {
        ++decided;
        Action a;
        a.discrete = {1};
        return a;
    }

    void DoRecordTransition(const Transition& /* transition */) override
    {
        ++recorded;
    }
};

NS_OBJECT_ENSURE_REGISTERED(CountingPolicy);
} // namespace

/**
 * \ingroup sagin-tests
 * A scenario swaps the learned policy for each baseline in one line.
 */
class PolicySwapTestCase : public TestCase
{
  public:
    PolicySwapTestCase()
        : TestCase("policies swap through one PointerValue")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<double> rates{2.0, 7.5, 3.0}; // measured rate of each link
        auto agent = CreateObject<TestDecisionPoint>();

        agent->SetAttribute("Policy", PointerValue(CreateObject<GreedyPolicy>()));
        NS_TEST_EXPECT_MSG_EQ(agent->Choose(rates), 1u, "greedy takes the best link");

        agent->SetAttribute(
            "Policy",
            PointerValue(CreateObjectWithAttributes<FixedPolicy>("Discrete", StringValue("2"))));
        NS_TEST_EXPECT_MSG_EQ(agent->Choose(rates), 2u, "fixed");

        agent->SetAttribute("Policy", PointerValue(CreateObject<RandomPolicy>()));
        NS_TEST_EXPECT_MSG_LT(agent->Choose(rates), 3u, "random, in range");

        agent->SetAttribute(
            "Policy",
            PointerValue(CreateObjectWithAttributes<DdqnPolicy>("HiddenLayers", StringValue("8"))));
        NS_TEST_EXPECT_MSG_LT(agent->Choose(rates), 3u, "learned, in range");

        auto rule = CreateObject<RulePolicy>();
        rule->SetRule([](const std::vector<double>& x) {
            Action a;
            a.discrete = {x[0] > x[2] ? 0u : 2u};
            return a;
        });
        agent->SetAttribute("Policy", PointerValue(rule));
        NS_TEST_EXPECT_MSG_EQ(agent->Choose(rates), 2u, "rule");
    }
};

/**
 * \ingroup sagin-tests
 * Baselines decide as documented; the random one is uniform and reproducible.
 */
class BaselinePolicyTestCase : public TestCase
{
  public:
    BaselinePolicyTestCase()
        : TestCase("baseline policies")
    {
    }

  private:
    void DoRun() override
    {
        ActionSpace mixed;
        mixed.discrete = {4, 2};
        mixed.continuous = {{0.5, 1.5}, {-10.0, 10.0}};

        // Random: every choice, every value in range, frequencies within 5 sigma of 1/4.
        auto random = CreateObject<RandomPolicy>();
        NS_TEST_EXPECT_MSG_EQ(random->AssignStreams(5), 1, "one stream");
        random->SetSpaces(2, mixed);
        std::map<uint32_t, int> counts;
        const int draws = 4000;
        std::vector<Action> first;
        for (int i = 0; i < draws; ++i)
        {
            const Action a = random->Decide({0.0, 0.0});
            NS_TEST_ASSERT_MSG_EQ(a.discrete.size(), 2u, "two heads");
            NS_TEST_ASSERT_MSG_EQ(a.continuous.size(), 2u, "two components");
            NS_TEST_EXPECT_MSG_LT(a.discrete[1], 2u, "head 1 range");
            NS_TEST_EXPECT_MSG_EQ((a.continuous[0] >= 0.5 && a.continuous[0] <= 1.5), true, "c0");
            NS_TEST_EXPECT_MSG_EQ((std::abs(a.continuous[1]) <= 10.0), true, "c1");
            counts[a.discrete[0]]++;
            if (i < 20)
            {
                first.push_back(a);
            }
        }
        const double sigma = std::sqrt(draws * 0.25 * 0.75);
        for (uint32_t c = 0; c < 4; ++c)
        {
            NS_TEST_EXPECT_MSG_EQ_TOL(counts[c], draws / 4.0, 5 * sigma, "choice " << c);
        }
        auto again = CreateObject<RandomPolicy>();
        again->AssignStreams(5);
        again->SetSpaces(2, mixed);
        bool same = true;
        for (const Action& a : first)
        {
            const Action b = again->Decide({0.0, 0.0});
            same = same && a.discrete == b.discrete && a.continuous == b.continuous;
        }
        NS_TEST_EXPECT_MSG_EQ(same, true, "same stream, same decisions");

        // Fixed: attributes, defaults (choice 0, middle of the range), checks.
        auto fixed = CreateObject<FixedPolicy>();
        fixed->SetSpaces(2, mixed);
        Action a = fixed->Decide({1.0, 2.0});
        NS_TEST_EXPECT_MSG_EQ((a.discrete == std::vector<uint32_t>{0, 0}), true, "default");
        NS_TEST_EXPECT_MSG_EQ((a.continuous == std::vector<double>{1.0, 0.0}), true, "middles");
        fixed->SetAttribute("Discrete", StringValue("3,1"));
        fixed->SetAttribute("Continuous", StringValue("0.75,-2.5"));
        a = fixed->Decide({1.0, 2.0});
        NS_TEST_EXPECT_MSG_EQ((a.discrete == std::vector<uint32_t>{3, 1}), true, "discrete");
        NS_TEST_EXPECT_MSG_EQ((a.continuous == std::vector<double>{0.75, -2.5}), true, "values");
        std::string m = MessageOf<std::invalid_argument>(
            [&fixed]() { fixed->SetAttribute("Discrete", StringValue("4,1")); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "choice 4 of head 0, which has 4"), true, m);
        m = MessageOf<std::invalid_argument>(
            [&fixed]() { fixed->SetAttribute("Continuous", StringValue("0.75,11")); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "outside its range [-10, 10]"), true, m);
        NS_TEST_EXPECT_MSG_EQ((fixed->Decide({1.0, 2.0}).discrete == std::vector<uint32_t>{3, 1}),
                              true,
                              "a refused value changes nothing");

        // Greedy: the observation is the score by default, ties go to the lowest index; or
        // a score function.
        auto greedy = CreateObject<GreedyPolicy>();
        greedy->SetSpaces(4, ActionSpace::Discrete(4));
        NS_TEST_EXPECT_MSG_EQ(greedy->Decide({1.0, 5.0, 5.0, -2.0}).discrete[0], 1u, "argmax");
        greedy->SetScore([](const std::vector<double>& x) {
            return std::vector<double>{-x[0], -x[1], -x[2], -x[3]};
        });
        NS_TEST_EXPECT_MSG_EQ(greedy->Decide({1.0, 5.0, 5.0, -2.0}).discrete[0], 3u, "argmin");
        m = MessageOf<std::invalid_argument>([&greedy, &mixed]() { greedy->SetSpaces(2, mixed); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "one discrete head"), true, m);

        // Rule: its actions are checked against the space.
        auto rule = CreateObject<RulePolicy>();
        rule->SetSpaces(2, mixed);
        m = MessageOf<std::logic_error>([&rule]() { rule->Decide({0.0, 0.0}); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "no rule"), true, m);
        rule->SetRule([](const std::vector<double>& x) {
            Action r;
            r.discrete = {static_cast<uint32_t>(x[0]), 0};
            r.continuous = {1.0, x[1]};
            return r;
        });
        a = rule->Decide({3.0, -4.0});
        NS_TEST_EXPECT_MSG_EQ((a.discrete[0] == 3 && a.continuous[1] == -4.0), true, "rule");
        m = MessageOf<std::invalid_argument>([&rule]() { rule->Decide({3.0, 40.0}); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "gave 40 for component 1"), true, m);
    }
};

/**
 * \ingroup sagin-tests
 * A NaN observation is counted, traced with the agent's name and never reaches the policy.
 */
class NanObservationTestCase : public TestCase
{
  public:
    NanObservationTestCase()
        : TestCase("NaN observations are refused, counted and traced")
    {
    }

  private:
    /**
     * NanObservation sink.
     * \param agent agent name
     * \param observation the refused values
     */
    void Refused(const std::string& agent, const std::vector<double>& observation)
    {
        m_agents.push_back(agent);
        m_sizes.push_back(observation.size());
    }

    void DoRun() override
    {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        auto policy = CreateObject<CountingPolicy>();
        policy->SetAttribute("AgentName", StringValue("uav-3"));
        policy->TraceConnectWithoutContext("NanObservation",
                                           MakeCallback(&NanObservationTestCase::Refused, this));
        ActionSpace space;
        space.discrete = {2};
        space.continuous = {{0.0, 4.0}};
        policy->SetSpaces(3, space);

        Action a = policy->Decide({1.0, 2.0, 3.0});
        NS_TEST_EXPECT_MSG_EQ((a.discrete[0] == 1 && !a.fallback), true, "a finite one decides");
        a = policy->Decide({1.0, nan, 3.0});
        NS_TEST_EXPECT_MSG_EQ(a.fallback, true, "NaN: fallback action");
        NS_TEST_EXPECT_MSG_EQ(a.discrete[0], 0u, "fallback: choice 0");
        NS_TEST_EXPECT_MSG_EQ(a.continuous[0], 2.0, "fallback: middle of the range");
        a = policy->Decide({std::numeric_limits<double>::infinity(), 0.0, 0.0});
        NS_TEST_EXPECT_MSG_EQ(a.fallback, true, "infinity too");
        NS_TEST_EXPECT_MSG_EQ(policy->decided, 1u, "only the finite observation reached it");
        NS_TEST_EXPECT_MSG_EQ(policy->GetNanObservationCount(), 2u, "counted");
        NS_TEST_ASSERT_MSG_EQ(m_agents.size(), 2u, "traced");
        NS_TEST_EXPECT_MSG_EQ(m_agents[0], "uav-3", "the trace names the agent");
        NS_TEST_EXPECT_MSG_EQ(m_sizes[0], 3u, "and gives the observation");

        // A batch: the finite ones are decided, the NaN one falls back.
        const auto actions = policy->DecideBatch({{1, 2, 3}, {nan, 0, 0}, {4, 5, 6}});
        NS_TEST_EXPECT_MSG_EQ((!actions[0].fallback && actions[1].fallback && !actions[2].fallback),
                              true,
                              "batch");
        NS_TEST_EXPECT_MSG_EQ(policy->decided, 3u, "two of three decided");
        NS_TEST_EXPECT_MSG_EQ(policy->GetNanObservationCount(), 3u, "counted");

        // Transitions with a NaN (state, next state or reward) are dropped.
        Transition t;
        t.observation = {1, 2, 3};
        t.action = policy->GetFallbackAction();
        t.nextObservation = {1, 2, nan};
        NS_TEST_EXPECT_MSG_EQ(policy->RecordTransition(t), false, "NaN next state dropped");
        t.nextObservation = {1, 2, 3};
        t.reward = nan;
        NS_TEST_EXPECT_MSG_EQ(policy->RecordTransition(t), false, "NaN reward dropped");
        t.reward = 1.0;
        NS_TEST_EXPECT_MSG_EQ(policy->RecordTransition(t), true, "finite kept");
        NS_TEST_EXPECT_MSG_EQ(policy->recorded, 1u, "one reached the policy");
        NS_TEST_EXPECT_MSG_EQ(policy->GetNanObservationCount(), 5u, "counted");

        // The default name comes from ns-3 Names.
        auto named = CreateObject<CountingPolicy>();
        Names::Add("gateway-policy", named);
        NS_TEST_EXPECT_MSG_EQ(named->GetAgentName(), "gateway-policy", "Names entry");
        Names::Clear();
        NS_TEST_EXPECT_MSG_EQ(Contains(named->GetAgentName(), "CountingPolicy #"), true, "type");
    }

    std::vector<std::string> m_agents; //!< traced agent names
    std::vector<std::size_t> m_sizes;  //!< traced observation lengths
};

/**
 * \ingroup sagin-tests
 * Bad spaces and misuse stop with a message.
 */
class PolicyBadInputTestCase : public TestCase
{
  public:
    PolicyBadInputTestCase()
        : TestCase("bad action spaces and observations")
    {
    }

  private:
    void DoRun() override
    {
        auto policy = CreateObject<RandomPolicy>();
        policy->SetAttribute("AgentName", StringValue("ue-1"));
        std::string m = MessageOf<std::logic_error>([&policy]() { policy->Decide({1.0}); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "before SetSpaces()"), true, m);
        m = MessageOf<std::invalid_argument>(
            [&policy]() { policy->SetSpaces(2, ActionSpace::Discrete(0)); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "'ue-1'") && Contains(m, "head 0 has 0 choices"),
                              true,
                              m);
        ActionSpace reversed;
        reversed.continuous = {{0.0, 1.0}, {5.0, 2.0}};
        m = MessageOf<std::invalid_argument>([&]() { policy->SetSpaces(2, reversed); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "component 1 has range [5, 2]"), true, m);
        m = MessageOf<std::invalid_argument>([&]() { policy->SetSpaces(2, ActionSpace()); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "empty"), true, m);
        m = MessageOf<std::invalid_argument>(
            [&]() { policy->SetSpaces(0, ActionSpace::Discrete(2)); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "observation length 0"), true, m);
        policy->SetSpaces(2, ActionSpace::Discrete(2));
        m = MessageOf<std::invalid_argument>([&policy]() { policy->Decide({1.0, 2.0, 3.0}); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "has 3 values; expected 2"), true, m);
        Transition t;
        t.observation = {0, 0};
        t.nextObservation = {0, 0};
        t.action.discrete = {2};
        m = MessageOf<std::invalid_argument>([&]() { policy->RecordTransition(t); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "choice 2 of discrete head 0, which has 2"), true, m);
        m = MessageOf<std::invalid_argument>([&policy]() { policy->SetParameters({1.0F}); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "learns no parameters"), true, m);
        NS_TEST_EXPECT_MSG_EQ(policy->Update().has_value(), false, "a baseline does not learn");
    }
};

/**
 * \ingroup sagin-tests
 * The policy TestSuite.
 */
class LearningPolicyTestSuite : public TestSuite
{
  public:
    LearningPolicyTestSuite()
        : TestSuite("sagin-learning-policy", Type::UNIT)
    {
        AddTestCase(new PolicySwapTestCase);
        AddTestCase(new BaselinePolicyTestCase);
        AddTestCase(new NanObservationTestCase);
        AddTestCase(new PolicyBadInputTestCase);
    }
};

static LearningPolicyTestSuite
    g_learningPolicyTestSuite; //!< Static variable for test initialization
