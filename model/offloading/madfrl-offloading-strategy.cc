// SPDX-License-Identifier: GPL-2.0-only

#include "madfrl-offloading-strategy.h"

#include "ns3/boolean.h"
#include "ns3/ddpg-policy.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/federated-aggregation.h"
#include "ns3/log.h"
#include "ns3/ns3-release-compat.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginMadfrlOffloadingStrategy");
NS_OBJECT_ENSURE_REGISTERED(MadfrlOffloadingStrategy);

namespace
{

/**
 * \param discreteChoice who chooses the discrete heads
 * \return a DdpgPolicy factory with study A's network (two hidden layers of 128 units,
 *         PAPERS.md) and gamma 0 [recon: the source does not give it; a follower's
 *         drift-plus-penalty term is a one-slot bound whose minimisation every slot is what
 *         the Lyapunov guarantees (source eqs. 41, 46) assume, and the leader's profit is the
 *         slot's Stackelberg stage, its price changing its next state only through the
 *         followers' f]
 */
ObjectFactory
DefaultAgent(DdpgPolicy::DiscreteChoice discreteChoice)
{
    ObjectFactory factory;
    factory.SetTypeId(DdpgPolicy::GetTypeId());
    factory.Set("HiddenLayers", StringValue("128,128"));
    factory.Set("Gamma", DoubleValue(0.0));
    factory.Set("DiscreteChoice", EnumValue(discreteChoice));
    return factory;
}

/** Observation scales: log(1 + Q / 10 Mbit) / 2, A in Mbit, w in cycles/bit, gain as dB above
 * -130 over 20. */
constexpr double QUEUE_SCALE_MBIT = 10.0;
constexpr double TASK_SCALE_MBIT = 30.0;
constexpr double CYCLES_SCALE = 4000.0;
constexpr double GAIN_OFFSET_DB = 130.0;
constexpr double GAIN_SCALE_DB = 20.0;
/** A gain of 0 (LEO out of view) observed as this many dB. */
constexpr double OUT_OF_VIEW_DB = -200.0;

} // namespace

TypeId
MadfrlOffloadingStrategy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::MadfrlOffloadingStrategy")
            .SetParent<OffloadingStrategy>()
            .SetGroupName("Sagin")
            .AddConstructor<MadfrlOffloadingStrategy>()
            .AddAttribute("FollowerAgent",
                          "Each follower's agent: a DdpgPolicy (critic Q(S, A); the critic "
                          "chooses local or offload, channel and LEO, the actor f and S_B); "
                          "default two hidden layers of 128 units, gamma 0.",
                          ObjectFactoryValue(DefaultAgent(DdpgPolicy::CRITIC_ARGMAX)),
                          MakeObjectFactoryAccessor(&MadfrlOffloadingStrategy::m_followerFactory),
                          MakeObjectFactoryChecker())
            .AddAttribute("LeaderAgent",
                          "The leader's agent: a DdpgPolicy pricing every follower.",
                          ObjectFactoryValue(DefaultAgent(DdpgPolicy::ACTOR_SOFTMAX)),
                          MakeObjectFactoryAccessor(&MadfrlOffloadingStrategy::m_leaderFactory),
                          MakeObjectFactoryChecker())
            .AddAttribute("Sharing",
                          "INDEPENDENT: an agent per follower, their actors federated (the "
                          "source's); SHARED: one agent for all followers (parameter sharing).",
                          EnumValue(INDEPENDENT),
                          MakeEnumAccessorFor<MadfrlOffloadingStrategy::Sharing>(
                              &MadfrlOffloadingStrategy::m_sharing),
                          MakeEnumChecker(INDEPENDENT, "INDEPENDENT", SHARED, "SHARED"))
            .AddAttribute(
                "Reward",
                "A follower's reward: DIFFERENCE (the network's reward, source eq. "
                "33, less that without the follower's decision: the same best "
                "action at flow level, without the others' terms; the arrival terms "
                "cancel), NETWORK (the network's reward per follower as it is) or "
                "AGENT (its own drift-plus-penalty term).",
                EnumValue(DIFFERENCE),
                MakeEnumAccessorFor<MadfrlOffloadingStrategy::RewardScope>(
                    &MadfrlOffloadingStrategy::m_rewardScope),
                MakeEnumChecker(NETWORK, "NETWORK", AGENT, "AGENT", DIFFERENCE, "DIFFERENCE"))
            .AddAttribute("ArrivalTerm",
                          "Subtract Q A from each follower's term, the drift's part that the "
                          "per-slot objective drops (true) [fix: without it a learner is paid "
                          "for growing queues], or learn the source's Q D + V F as written.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&MadfrlOffloadingStrategy::m_arrivalTerm),
                          MakeBooleanChecker())
            .AddAttribute(
                "NormalizeReward",
                "Divide a follower's reward by (Q + V + 1) 30 Mbit, Q its own queue (true; "
                "keeps each state's best action at gamma 0, brings the critic's "
                "targets near 1), or multiply it by RewardScale (false).",
                BooleanValue(true),
                MakeBooleanAccessor(&MadfrlOffloadingStrategy::m_normalizeReward),
                MakeBooleanChecker())
            .AddAttribute("RewardScale",
                          "Factor on the leader's reward, and on the followers' without "
                          "NormalizeReward, to bring the critics' targets near 1 (the "
                          "objective is hundreds per follower at V = 100) [recon].",
                          DoubleValue(1e-3),
                          MakeDoubleAccessor(&MadfrlOffloadingStrategy::m_rewardScale),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("AggregationPeriod",
                          "Slots between federated aggregations of the followers' actors (0: "
                          "none; the source does not state it) [recon].",
                          UintegerValue(10),
                          MakeUintegerAccessor(&MadfrlOffloadingStrategy::m_aggregationPeriod),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("AggregationStep",
                          "u of Z <- Z + u sum_i w_i (Z_i - Z) (PAPERS.md: 1).",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&MadfrlOffloadingStrategy::m_aggregationStep),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("FixedPrice",
                          "A price every follower pays per GHz instead of the leader agent's "
                          "(< 0: the leader's agent prices; study A's figure 6b).",
                          DoubleValue(-1.0),
                          MakeDoubleAccessor(&MadfrlOffloadingStrategy::m_fixedPrice),
                          MakeDoubleChecker<double>())
            .AddAttribute("Training",
                          "Explore and learn (true) or act greedily and learn nothing.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&MadfrlOffloadingStrategy::m_training),
                          MakeBooleanChecker());
    return tid;
}

MadfrlOffloadingStrategy::MadfrlOffloadingStrategy()
    : m_followerFactory(DefaultAgent(DdpgPolicy::CRITIC_ARGMAX)),
      m_leaderFactory(DefaultAgent(DdpgPolicy::ACTOR_SOFTMAX)),
      m_sharing(INDEPENDENT),
      m_rewardScope(DIFFERENCE),
      m_arrivalTerm(true),
      m_normalizeReward(true),
      m_rewardScale(1e-3),
      m_aggregationPeriod(10),
      m_aggregationStep(1.0),
      m_training(true),
      m_fixedPrice(-1.0),
      m_stream(-1)
{
    NS_LOG_FUNCTION(this);
}

MadfrlOffloadingStrategy::~MadfrlOffloadingStrategy()
{
    NS_LOG_FUNCTION(this);
}

void
MadfrlOffloadingStrategy::DoDispose()
{
    m_followers.clear();
    m_leader = nullptr;
    OffloadingStrategy::DoDispose();
}

Ptr<DdpgPolicy>
MadfrlOffloadingStrategy::GetFollowerAgent(uint32_t i) const
{
    return m_followers.at(i);
}

Ptr<DdpgPolicy>
MadfrlOffloadingStrategy::GetLeaderAgent() const
{
    return m_leader;
}

uint32_t
MadfrlOffloadingStrategy::GetAggregations() const
{
    return m_aggregations;
}

int64_t
MadfrlOffloadingStrategy::DoAssignStreams(int64_t stream)
{
    // The agents are created at the first slot (their sizes come from it): remember where
    // their streams start. 3 per agent; room for 1023 followers and the leader.
    m_stream = stream;
    return 3 * 1024;
}

void
MadfrlOffloadingStrategy::DoSetTraining(bool training)
{
    m_training = training; // the Training attribute
}

void
MadfrlOffloadingStrategy::EnsureAgents(const OffloadingSlotProblem& problem)
{
    const OffloadingConstants& k = problem.GetConstants();
    const uint32_t followers = k.GetFollowers();
    if (m_followers.size() == followers)
    {
        return;
    }
    if (followers > 1023)
    {
        throw std::invalid_argument("MadfrlOffloadingStrategy: " + std::to_string(followers) +
                                    " followers; at most 1023 have agents with fixed streams");
    }
    m_followers.clear();
    for (uint32_t i = 0; i < followers; ++i)
    {
        if (m_sharing == SHARED && i > 0)
        {
            m_followers.push_back(m_followers.front());
            continue;
        }
        Ptr<DdpgPolicy> agent = MakeFollowerAgent(k);
        agent->SetAttribute(
            "AgentName",
            StringValue(m_sharing == SHARED ? "followers" : "follower-" + std::to_string(i)));
        if (m_stream >= 0)
        {
            agent->AssignStreams(m_stream + 3 * (i + 1));
        }
        if (!m_initialization.empty())
        {
            agent->SetParameters(m_initialization);
        }
        m_followers.push_back(agent);
    }
    // One initial actor for all (their critics stay their own).
    const std::size_t actorSize = m_followers.front()->GetActorArchitecture().GetParameterCount();
    const std::vector<float> first = m_followers.front()->GetParameters();
    m_global.assign(first.begin(), first.begin() + actorSize);
    for (uint32_t i = 1; i < followers && m_sharing == INDEPENDENT; ++i)
    {
        m_followers[i]->SetActorParameters(m_global);
    }
    m_leader = m_leaderFactory.Create<DdpgPolicy>();
    m_leader->SetAttribute("AgentName", StringValue("leader"));
    if (m_stream >= 0)
    {
        m_leader->AssignStreams(m_stream);
    }
    ActionSpace leaderSpace;
    leaderSpace.continuous.assign(followers, ContinuousRange{0.0, k.maxPrice});
    m_leader->SetSpaces(followers + 1, leaderSpace);
    m_exploring = !m_training; // DoDecide sets every agent's Exploration before it acts
    m_pending.assign(followers, Transition());
    m_hasPending = false;
    m_lastFrequencies.assign(followers, k.minFrequencyGHz);
}

Ptr<DdpgPolicy>
MadfrlOffloadingStrategy::MakeFollowerAgent(const OffloadingConstants& k) const
{
    ActionSpace space;
    space.discrete = {2, k.channels, k.leos};
    // f when local, f when offloading (one parameter per choice, as P-DQN), S_B.
    space.continuous = {{k.minFrequencyGHz, k.maxFrequencyGHz},
                        {k.minFrequencyGHz, k.maxFrequencyGHz},
                        {k.minBlockBytes, k.maxBlockBytes}};
    Ptr<DdpgPolicy> agent = m_followerFactory.Create<DdpgPolicy>();
    agent->SetSpaces(4 + k.leos, space);
    return agent;
}

void
MadfrlOffloadingStrategy::SetFollowerInitialization(const OffloadingConstants& k,
                                                    const std::vector<float>& parameters)
{
    Ptr<DdpgPolicy> probe = MakeFollowerAgent(k); // spaces only: no networks built
    const std::size_t expected = probe->GetActorArchitecture().GetParameterCount() +
                                 probe->GetCriticArchitecture().GetParameterCount();
    if (parameters.size() != expected)
    {
        throw std::invalid_argument("MadfrlOffloadingStrategy::SetFollowerInitialization: " +
                                    std::to_string(parameters.size()) +
                                    " parameters; a follower agent for these constants has " +
                                    std::to_string(expected));
    }
    if (!m_followers.empty())
    {
        throw std::logic_error("MadfrlOffloadingStrategy::SetFollowerInitialization: the agents "
                               "exist already; call it before the first slot");
    }
    m_initialization = parameters;
}

std::vector<float>
MadfrlOffloadingStrategy::GetFollowerStart(const OffloadingConstants& k) const
{
    if (!m_initialization.empty())
    {
        return m_initialization;
    }
    Ptr<DdpgPolicy> agent = MakeFollowerAgent(k);
    if (m_stream >= 0)
    {
        agent->AssignStreams(m_stream + 3); // follower 0's, as EnsureAgents gives them
    }
    return agent->GetParameters();
}

std::vector<double>
MadfrlOffloadingStrategy::Observe(const OffloadingSlotProblem& problem,
                                  uint32_t i,
                                  double price) const
{
    const FollowerState& s = problem.GetFollowers()[i];
    std::vector<double> observation;
    observation.reserve(4 + s.gain.size());
    observation = {std::log1p(s.queueMbit / QUEUE_SCALE_MBIT) / 2.0,
                   s.arrivalMbit / TASK_SCALE_MBIT,
                   s.cyclesPerBit / CYCLES_SCALE,
                   price / problem.GetConstants().maxPrice};
    for (double g : s.gain)
    {
        const double db = g > 0.0 ? 10.0 * std::log10(g) : OUT_OF_VIEW_DB;
        observation.push_back((db + GAIN_OFFSET_DB) / GAIN_SCALE_DB);
    }
    return observation;
}

OffloadingSlotDecision
MadfrlOffloadingStrategy::DoDecide(const OffloadingSlotProblem& problem,
                                   const OffloadingSlotDecision&)
{
    EnsureAgents(problem);
    const OffloadingConstants& k = problem.GetConstants();
    const uint32_t followers = k.GetFollowers();
    CheckFixedPrice(m_fixedPrice, k);
    const bool leaderLearns = m_training && m_fixedPrice < 0.0;
    if (m_exploring != m_training) // explore while training (attributes only on a change)
    {
        m_exploring = m_training;
        for (uint32_t i = 0; i < (m_sharing == SHARED ? 1 : followers); ++i)
        {
            m_followers[i]->SetAttribute("Exploration", BooleanValue(m_training));
        }
        m_leader->SetAttribute("Exploration", BooleanValue(m_training));
    }

    // The leader first: its state is the followers' last f and c.
    std::vector<double> leaderObservation;
    leaderObservation.reserve(followers + 1);
    for (double f : m_lastFrequencies)
    {
        leaderObservation.push_back(f / k.maxFrequencyGHz);
    }
    leaderObservation.push_back(k.energyCost);
    if (m_hasPending && leaderLearns)
    {
        m_leaderPending.nextObservation = leaderObservation;
        m_leader->RecordTransition(m_leaderPending);
        m_leader->Update();
    }
    const Action leaderAction = m_leader->Decide(leaderObservation);
    m_leaderPending = Transition();
    m_leaderPending.observation = std::move(leaderObservation);
    m_leaderPending.action = leaderAction;

    OffloadingSlotDecision decision;
    decision.prices.resize(followers);
    decision.followers.resize(followers);
    std::vector<std::vector<double>> observations(followers);
    for (uint32_t i = 0; i < followers; ++i)
    {
        decision.prices[i] = m_fixedPrice >= 0.0
                                 ? m_fixedPrice
                                 : std::clamp(leaderAction.continuous[i], 0.0, k.maxPrice);
        observations[i] = Observe(problem, i, decision.prices[i]);
        if (m_hasPending && m_training)
        {
            m_pending[i].nextObservation = observations[i];
            m_followers[i]->RecordTransition(m_pending[i]);
            if (m_sharing == INDEPENDENT)
            {
                m_followers[i]->Update();
            }
        }
    }
    if (m_hasPending && m_training && m_sharing == SHARED)
    {
        m_followers.front()->Update();
    }
    std::vector<Action> actions;
    if (m_sharing == SHARED)
    {
        actions = m_followers.front()->DecideBatch(observations);
    }
    else
    {
        for (uint32_t i = 0; i < followers; ++i)
        {
            actions.push_back(m_followers[i]->Decide(observations[i]));
        }
    }
    for (uint32_t i = 0; i < followers; ++i)
    {
        const Action& a = actions[i];
        FollowerDecision& d = decision.followers[i];
        d.offload = a.discrete[0] == 1;
        d.channel = a.discrete[1];
        d.leo = a.discrete[2];
        d.frequencyGHz =
            std::clamp(a.continuous[d.offload ? 1 : 0], k.minFrequencyGHz, k.maxFrequencyGHz);
        d.blockBytes = std::clamp(a.continuous[2], k.minBlockBytes, k.maxBlockBytes);
        m_pending[i] = Transition();
        m_pending[i].observation = std::move(observations[i]);
        m_pending[i].action = std::move(actions[i]);
    }
    m_hasPending = false; // until Learn gives the rewards
    ++m_slots;
    if (m_training && m_sharing == INDEPENDENT && m_aggregationPeriod > 0 &&
        m_slots % m_aggregationPeriod == 0)
    {
        Aggregate(problem);
    }
    return decision;
}

void
MadfrlOffloadingStrategy::DoLearn(const OffloadingSlotProblem& problem,
                                  const OffloadingSlotDecision& decision,
                                  const OffloadingSlotOutcome& outcome)
{
    const uint32_t followers = problem.GetConstants().GetFollowers();
    if (m_followers.size() != followers)
    {
        return; // decided by someone else
    }
    const std::vector<FollowerState>& states = problem.GetFollowers();
    std::vector<double> terms(followers);
    double network = 0.0;
    for (uint32_t i = 0; i < followers; ++i)
    {
        terms[i] = outcome.followers[i].objective -
                   (m_arrivalTerm ? states[i].queueMbit * states[i].arrivalMbit : 0.0);
        network += terms[i] / followers;
    }
    const double v = problem.GetConstants().v;
    const OffloadingSlotOutcome model = m_rewardScope == DIFFERENCE
                                            ? problem.Evaluate(decision.prices, decision.followers)
                                            : OffloadingSlotOutcome();
    for (uint32_t i = 0; i < followers; ++i)
    {
        const double reward = m_rewardScope == NETWORK ? network
                              : m_rewardScope == AGENT
                                  ? terms[i]
                                  : DifferenceReward(problem, decision, outcome, model, i);
        // Q D + V F is (Q + V) times bits processed, less payments: dividing by the positive
        // (Q + V + 1) A_scale of the follower's state keeps every state's best action (gamma
        // 0) and the critic's targets near 1 while queues range over orders of magnitude.
        m_pending[i].reward = m_normalizeReward
                                  ? reward / ((states[i].queueMbit + v + 1.0) * TASK_SCALE_MBIT)
                                  : m_rewardScale * reward;
        m_lastFrequencies[i] = decision.followers[i].frequencyGHz;
        // Learn from the decision applied: a baseline wrapping this strategy (Base of an
        // OffloadingBaselineStrategy) replaces part of it.
        const FollowerDecision& d = decision.followers[i];
        Action& taken = m_pending[i].action;
        taken.discrete = {d.offload ? 1U : 0U, d.channel, d.leo};
        taken.continuous[d.offload ? 1 : 0] = d.frequencyGHz;
        taken.continuous[2] = d.blockBytes;
    }
    m_leaderPending.reward = m_rewardScale * outcome.leaderProfit;
    m_hasPending = true;
}

double
MadfrlOffloadingStrategy::DifferenceReward(const OffloadingSlotProblem& problem,
                                           const OffloadingSlotDecision& decision,
                                           const OffloadingSlotOutcome& outcome,
                                           const OffloadingSlotOutcome& model,
                                           uint32_t follower)
{
    // The network without the follower's say: it computes locally at f_max (no interference,
    // never the slowest verifier) and proposes the smallest block. Only a baseline: whatever it
    // is, the difference's best action for the follower is the network reward's.
    const OffloadingConstants& k = problem.GetConstants();
    std::vector<FollowerDecision> without = decision.followers;
    without[follower].offload = false;
    without[follower].frequencyGHz = k.maxFrequencyGHz;
    without[follower].blockBytes = k.minBlockBytes;
    const OffloadingSlotOutcome baseline = problem.Evaluate(decision.prices, without);
    // Its own term as the slot gave it (measured at packet level), the others' change as the
    // flow model gives it (the arrival terms cancel).
    double difference =
        outcome.followers[follower].objective - baseline.followers[follower].objective;
    for (uint32_t j = 0; j < k.GetFollowers(); ++j)
    {
        if (j != follower)
        {
            difference += model.followers[j].objective - baseline.followers[j].objective;
        }
    }
    return difference;
}

std::vector<double>
MadfrlOffloadingStrategy::GetAggregationWeights(const std::vector<FollowerState>& states)
{
    double taskTotal = 0.0;
    double lossTotal = 0.0;
    std::vector<double> loss(states.size());
    for (uint32_t i = 0; i < states.size(); ++i)
    {
        const double best = *std::max_element(states[i].gain.begin(), states[i].gain.end());
        loss[i] = best > 0.0 ? -10.0 * std::log10(best) : -OUT_OF_VIEW_DB;
        taskTotal += states[i].arrivalMbit;
        lossTotal += loss[i];
    }
    std::vector<double> weights(states.size());
    for (uint32_t i = 0; i < states.size(); ++i)
    {
        weights[i] = 0.5 * (taskTotal > 0.0 ? states[i].arrivalMbit / taskTotal : 0.0) +
                     0.5 * (lossTotal > 0.0 ? loss[i] / lossTotal : 0.0);
    }
    return weights;
}

void
MadfrlOffloadingStrategy::Aggregate(const OffloadingSlotProblem& problem)
{
    const std::size_t actorSize = m_followers.front()->GetActorArchitecture().GetParameterCount();
    const std::vector<double> weights = GetAggregationWeights(problem.GetFollowers());
    std::vector<ClientModel> clients;
    for (uint32_t i = 0; i < m_followers.size(); ++i)
    {
        const std::vector<float> parameters = m_followers[i]->GetParameters();
        ClientModel client;
        client.parameters.assign(parameters.begin(), parameters.begin() + actorSize);
        client.weight = weights[i];
        clients.push_back(std::move(client));
    }
    m_global = WeightedDeltaUpdate(m_global, clients, m_aggregationStep);
    for (Ptr<DdpgPolicy> follower : m_followers)
    {
        follower->SetActorParameters(m_global);
    }
    ++m_aggregations;
}

} // namespace sagin
} // namespace ns3
