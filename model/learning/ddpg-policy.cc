// SPDX-License-Identifier: GPL-2.0-only

#include "ddpg-policy.h"

#include "parameter-serialization.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/ns3-release-compat.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginDdpgPolicy");

NS_OBJECT_ENSURE_REGISTERED(DdpgPolicy);

namespace
{
/** Kind written in DDPG checkpoints. */
const char* const CHECKPOINT_KIND = "ns3::sagin::DdpgPolicy";

/**
 * \param range a continuous range
 * \return its middle
 */
double
Middle(const ContinuousRange& range)
{
    return 0.5 * (range.min + range.max);
}

/**
 * \param range a continuous range
 * \return its half width
 */
double
HalfWidth(const ContinuousRange& range)
{
    return 0.5 * (range.max - range.min);
}

/**
 * \param observation one observation
 * \param batch appended to, as floats
 */
void
Append(const std::vector<double>& observation, std::vector<float>& batch)
{
    for (double value : observation)
    {
        batch.push_back(static_cast<float>(value));
    }
}

/**
 * Append one one-hot per head: 1 at the head's choice, 0 at its other choices.
 * \param heads each head's number of choices
 * \param choices one choice per head (each below its head's count)
 * \param out receives ChoiceCount() floats
 */
void
AppendOneHot(const std::vector<uint32_t>& heads,
             const std::vector<uint32_t>& choices,
             std::vector<float>& out)
{
    for (std::size_t h = 0; h < heads.size(); ++h)
    {
        for (uint32_t k = 0; k < heads[h]; ++k)
        {
            out.push_back(k == choices[h] ? 1.0F : 0.0F);
        }
    }
}

/**
 * \param space an action space
 * \return the total choices of its discrete heads (the one-hot width)
 */
std::size_t
ChoiceCount(const ActionSpace& space)
{
    std::size_t total = 0;
    for (uint32_t choices : space.discrete)
    {
        total += choices;
    }
    return total;
}

/** CRITIC_ARGMAX evaluates every combination of choices per decision: at most this many. */
constexpr std::size_t MAX_COMBINATIONS = 4096;

/**
 * Softmax of logits[0 .. count), stably.
 * \param logits the logits
 * \param count how many
 * \param out where the probabilities go (appended)
 */
void
AppendSoftmax(const float* logits, std::size_t count, std::vector<float>& out)
{
    const float largest = *std::max_element(logits, logits + count);
    double sum = 0.0;
    std::vector<double> e(count);
    for (std::size_t k = 0; k < count; ++k)
    {
        e[k] = std::exp(static_cast<double>(logits[k] - largest));
        sum += e[k];
    }
    for (std::size_t k = 0; k < count; ++k)
    {
        out.push_back(static_cast<float>(e[k] / sum));
    }
}
} // namespace

TypeId
DdpgPolicy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::DdpgPolicy")
            .SetParent<Policy>()
            .SetGroupName("Sagin")
            .AddConstructor<DdpgPolicy>()
            .AddAttribute(
                "HiddenLayers",
                "Widths of the hidden layers of the actor and of the critic (units, "
                "comma-separated, each > 0; empty: linear networks).",
                StringValue("64,64"),
                MakeStringAccessor(&DdpgPolicy::SetHiddenLayers, &DdpgPolicy::GetHiddenLayers),
                MakeStringChecker())
            .AddAttribute(
                "Activation",
                "Activation after each hidden layer.",
                EnumValue(MlpArchitecture::RELU),
                MakeEnumAccessorFor<MlpArchitecture::Activation>(&DdpgPolicy::SetActivation,
                                                                 &DdpgPolicy::GetActivation),
                MakeEnumChecker(MlpArchitecture::RELU, "Relu", MlpArchitecture::TANH, "Tanh"))
            .AddAttribute("Gamma",
                          "Discount factor of future rewards (dimensionless, 0..1).",
                          DoubleValue(0.99),
                          MakeDoubleAccessor(&DdpgPolicy::m_gamma),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("Tau",
                          "Soft update rate of the target networks per update "
                          "(dimensionless, 0..1; 1: copy).",
                          DoubleValue(0.005),
                          MakeDoubleAccessor(&DdpgPolicy::m_tau),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("ActorLearningRate",
                          "Adam step size of the actor (> 0).",
                          DoubleValue(1e-4),
                          MakeDoubleAccessor(&DdpgPolicy::SetActorLearningRate,
                                             &DdpgPolicy::GetActorLearningRate),
                          MakeDoubleChecker<double>(std::numeric_limits<double>::min()))
            .AddAttribute("CriticLearningRate",
                          "Adam step size of the critic (> 0).",
                          DoubleValue(1e-3),
                          MakeDoubleAccessor(&DdpgPolicy::SetCriticLearningRate,
                                             &DdpgPolicy::GetCriticLearningRate),
                          MakeDoubleChecker<double>(std::numeric_limits<double>::min()))
            .AddAttribute("BatchSize",
                          "Transitions sampled from the replay buffer per update (>= 1).",
                          UintegerValue(64),
                          MakeUintegerAccessor(&DdpgPolicy::m_batchSize),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("ReplayCapacity",
                          "Transitions kept in the replay ring buffer (>= BatchSize); the "
                          "oldest is overwritten.",
                          UintegerValue(10000),
                          MakeUintegerAccessor(&DdpgPolicy::SetReplayCapacity,
                                               &DdpgPolicy::GetReplayCapacity),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("NoiseStd",
                          "Standard deviation of the Gaussian exploration noise, as a fraction "
                          "of each component's half range (dimensionless, >= 0).",
                          DoubleValue(0.1),
                          MakeDoubleAccessor(&DdpgPolicy::m_noiseStd),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("MaxGradientNorm",
                          "Largest global L2 norm of the gradient of one network step (0: no "
                          "clipping).",
                          DoubleValue(10.0),
                          MakeDoubleAccessor(&DdpgPolicy::m_maxGradientNorm),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("Exploration",
                          "Add exploration noise (true) or act deterministically (false, "
                          "evaluation).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&DdpgPolicy::m_exploration),
                          MakeBooleanChecker())
            .AddAttribute(
                "DiscreteChoice",
                "Who chooses the discrete heads: ACTOR_SOFTMAX (the actor's logits, "
                "relaxed for the critic, as MADDPG) or CRITIC_ARGMAX (the critic's "
                "best combination for the actor's continuous components, as P-DQN).",
                EnumValue(DdpgPolicy::ACTOR_SOFTMAX),
                MakeEnumAccessorFor<DdpgPolicy::DiscreteChoice>(&DdpgPolicy::SetDiscreteChoice,
                                                                &DdpgPolicy::GetDiscreteChoice),
                MakeEnumChecker(DdpgPolicy::ACTOR_SOFTMAX,
                                "ACTOR_SOFTMAX",
                                DdpgPolicy::CRITIC_ARGMAX,
                                "CRITIC_ARGMAX"))
            .AddAttribute("DiscreteEpsilon",
                          "CRITIC_ARGMAX, exploring: probability of a uniform draw of the "
                          "discrete heads instead of the critic's choice (0..1).",
                          DoubleValue(0.1),
                          MakeDoubleAccessor(&DdpgPolicy::m_discreteEpsilon),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddTraceSource("Loss",
                            "One update: the agent name, the update number, the critic's and "
                            "the actor's loss.",
                            MakeTraceSourceAccessor(&DdpgPolicy::m_lossTrace),
                            "ns3::sagin::DdpgPolicy::LossTracedCallback");
    return tid;
}

DdpgPolicy::DdpgPolicy()
    : m_hiddenSizes{64, 64},
      m_activation(MlpArchitecture::RELU),
      m_gamma(0.99),
      m_tau(0.005),
      m_actorLearningRate(1e-4),
      m_criticLearningRate(1e-3),
      m_batchSize(64),
      m_replayCapacity(10000),
      m_noiseStd(0.1),
      m_maxGradientNorm(10.0),
      m_exploration(true),
      m_discreteChoice(ACTOR_SOFTMAX),
      m_discreteEpsilon(0.1),
      m_initRv(CreateObject<UniformRandomVariable>()),
      m_noiseRv(CreateObject<NormalRandomVariable>()),
      m_replayRv(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
    m_noiseRv->SetAttribute("Mean", DoubleValue(0.0));
    m_noiseRv->SetAttribute("Variance", DoubleValue(1.0));
}

DdpgPolicy::~DdpgPolicy()
{
    NS_LOG_FUNCTION(this);
}

void
DdpgPolicy::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_actorAdam.reset();
    m_criticAdam.reset();
    m_actor.reset();
    m_critic.reset();
    m_targetActor.reset();
    m_targetCritic.reset();
    m_replay.reset();
    m_initRv = nullptr;
    m_noiseRv = nullptr;
    m_replayRv = nullptr;
    Policy::DoDispose();
}

void
DdpgPolicy::DoSetSpaces(uint32_t observationSize, const ActionSpace& actionSpace)
{
    const std::string context = "DdpgPolicy '" + GetAgentName() + "'";
    if (actionSpace.discrete.empty() && actionSpace.continuous.empty())
    {
        throw std::invalid_argument(context + ": the action space is empty; give it at least "
                                              "one continuous component or discrete head");
    }
    if (m_discreteChoice == CRITIC_ARGMAX)
    {
        Combinations(actionSpace, context); // refuses what it cannot enumerate
    }
    MlpArchitecture actor;
    actor.inputSize = observationSize;
    actor.hiddenSizes = m_hiddenSizes;
    actor.outputSize =
        static_cast<uint32_t>(actionSpace.continuous.size() +
                              (m_discreteChoice == ACTOR_SOFTMAX ? ChoiceCount(actionSpace) : 0));
    actor.activation = m_activation;
    actor.Validate(context + " actor");
    if (m_actor && m_actor->GetArchitecture() != actor)
    {
        throw std::logic_error(context + ": its networks are already built (actor " +
                               m_actor->GetArchitecture().ToString() +
                               "); the spaces cannot change to an actor " + actor.ToString());
    }
    if (m_actor && m_discreteChoice == CRITIC_ARGMAX &&
        GetActionSpace().discrete != actionSpace.discrete)
    {
        throw std::logic_error(context + ": its networks are already built for discrete heads " +
                               GetActionSpace().ToString() + "; they cannot change");
    }
}

MlpArchitecture
DdpgPolicy::GetActorArchitecture() const
{
    if (!HasSpaces())
    {
        throw std::logic_error("DdpgPolicy '" + GetAgentName() +
                               "': no architecture before SetSpaces()");
    }
    MlpArchitecture architecture;
    architecture.inputSize = GetObservationSize();
    architecture.hiddenSizes = m_hiddenSizes;
    architecture.outputSize = static_cast<uint32_t>(GetActorOutputCount());
    architecture.activation = m_activation;
    return architecture;
}

std::size_t
DdpgPolicy::GetActorOutputCount() const
{
    return GetActionSpace().continuous.size() +
           (m_discreteChoice == ACTOR_SOFTMAX ? ChoiceCount(GetActionSpace()) : 0);
}

MlpArchitecture
DdpgPolicy::GetCriticArchitecture() const
{
    MlpArchitecture architecture = GetActorArchitecture();
    const ActionSpace& space = GetActionSpace();
    architecture.inputSize += static_cast<uint32_t>(space.continuous.size());
    if (m_discreteChoice == CRITIC_ARGMAX)
    {
        // One output per combination of choices, as P-DQN's network: every combination's
        // Q in one pass (DoSetSpaces() refused more than MAX_COMBINATIONS).
        architecture.outputSize = 1;
        for (uint32_t choices : space.discrete)
        {
            architecture.outputSize *= choices;
        }
        return architecture;
    }
    architecture.inputSize += static_cast<uint32_t>(ChoiceCount(space));
    architecture.outputSize = 1;
    return architecture;
}

std::size_t
DdpgPolicy::CombinationIndex(const std::vector<uint32_t>& choices) const
{
    const auto& heads = GetActionSpace().discrete;
    std::size_t index = 0;
    for (std::size_t h = 0; h < heads.size(); ++h)
    {
        if (choices.at(h) >= heads[h])
        {
            throw std::invalid_argument("DdpgPolicy '" + GetAgentName() + "': choice " +
                                        std::to_string(choices[h]) + " of head " +
                                        std::to_string(h) + " is not below its " +
                                        std::to_string(heads[h]) + " choices");
        }
        index = index * heads[h] + choices[h]; // the last head fastest, as Combinations()
    }
    return index;
}

void
DdpgPolicy::EnsureBuilt() const
{
    if (m_actor)
    {
        return;
    }
    const MlpArchitecture actorArchitecture = GetActorArchitecture();
    const MlpArchitecture criticArchitecture = GetCriticArchitecture();
    NS_LOG_INFO("agent " << GetAgentName() << ": building actor " << actorArchitecture.ToString()
                         << " and critic " << criticArchitecture.ToString());
    if (m_replayCapacity < m_batchSize)
    {
        throw std::invalid_argument("DdpgPolicy '" + GetAgentName() + "': ReplayCapacity " +
                                    std::to_string(m_replayCapacity) + " < BatchSize " +
                                    std::to_string(m_batchSize) + ": Update() could never learn");
    }
    // Before any member changes: a refusal leaves the agent unbuilt.
    std::vector<std::vector<uint32_t>> combinations;
    if (m_discreteChoice == CRITIC_ARGMAX)
    {
        combinations = Combinations(GetActionSpace(), "DdpgPolicy '" + GetAgentName() + "'");
    }
    auto actor = std::make_unique<Mlp>(actorArchitecture);
    actor->InitializeParameters(m_initRv);
    auto critic = std::make_unique<Mlp>(criticArchitecture);
    critic->InitializeParameters(m_initRv);
    m_targetActor = std::make_unique<Mlp>(*actor);
    m_targetCritic = std::make_unique<Mlp>(*critic);
    const std::string agent = "DdpgPolicy '" + GetAgentName() + "' ";
    actor->SetName(agent + "actor");
    critic->SetName(agent + "critic");
    m_targetActor->SetName(agent + "target actor");
    m_targetCritic->SetName(agent + "target critic");
    m_actorAdam = std::make_unique<AdamOptimizer>(*actor, m_actorLearningRate);
    m_criticAdam = std::make_unique<AdamOptimizer>(*critic, m_criticLearningRate);
    m_actor = std::move(actor);
    m_critic = std::move(critic);
    m_replay = std::make_unique<ReplayBuffer>(m_replayCapacity);
    m_combinations = std::move(combinations);
}

void
DdpgPolicy::RequireNotBuilt(const std::string& attribute) const
{
    if (m_actor)
    {
        throw std::logic_error("DdpgPolicy '" + GetAgentName() + "': " + attribute +
                               " cannot change once the networks are built (first decision, "
                               "update or parameter access); set it before");
    }
}

void
DdpgPolicy::CheckLength(const std::vector<double>& observation, const std::string& method) const
{
    if (!HasSpaces() || observation.size() != GetObservationSize())
    {
        throw std::invalid_argument("DdpgPolicy '" + GetAgentName() + "'::" + method +
                                    ": the observation must have the length given to "
                                    "SetSpaces()");
    }
}

Action
DdpgPolicy::ToAction(const float* preActivation, bool explore)
{
    const auto& ranges = GetActionSpace().continuous;
    Action action;
    action.continuous.reserve(ranges.size());
    for (std::size_t c = 0; c < ranges.size(); ++c)
    {
        double y = std::tanh(static_cast<double>(preActivation[c]));
        if (explore)
        {
            y = std::clamp(y + m_noiseStd * m_noiseRv->GetValue(), -1.0, 1.0);
        }
        const double a = Middle(ranges[c]) + HalfWidth(ranges[c]) * y;
        // Rounding can step a hair outside the range: keep the promise exactly.
        action.continuous.push_back(std::clamp(a, ranges[c].min, ranges[c].max));
    }
    // Discrete heads: the most likely choice, or with exploration a draw from the softmax
    // (its uniform from the noise stream's standard normal through the normal CDF).
    if (m_discreteChoice == CRITIC_ARGMAX)
    {
        return action; // Act() adds the discrete heads
    }
    const float* logits = preActivation + ranges.size();
    for (uint32_t choices : GetActionSpace().discrete)
    {
        std::vector<float> p;
        AppendSoftmax(logits, choices, p);
        uint32_t chosen = static_cast<uint32_t>(std::max_element(p.begin(), p.end()) - p.begin());
        if (explore)
        {
            const double u = 0.5 * std::erfc(-m_noiseRv->GetValue() / std::sqrt(2.0));
            double cumulative = 0.0;
            chosen = choices - 1;
            for (uint32_t k = 0; k < choices; ++k)
            {
                cumulative += p[k];
                if (u < cumulative)
                {
                    chosen = k;
                    break;
                }
            }
        }
        action.discrete.push_back(chosen);
        logits += choices;
    }
    return action;
}

std::vector<float>
DdpgPolicy::Normalize(const Action& action) const
{
    std::vector<float> y = NormalizeContinuous(action);
    CombinationIndex(action.discrete); // refuses a choice out of range
    AppendOneHot(GetActionSpace().discrete, action.discrete, y);
    return y;
}

std::vector<float>
DdpgPolicy::NormalizeContinuous(const Action& action) const
{
    const auto& ranges = GetActionSpace().continuous;
    std::vector<float> y(ranges.size(), 0.0F);
    for (std::size_t c = 0; c < ranges.size(); ++c)
    {
        const double half = HalfWidth(ranges[c]);
        if (half > 0.0)
        {
            y[c] = static_cast<float>(
                std::clamp((action.continuous[c] - Middle(ranges[c])) / half, -1.0, 1.0));
        }
    }
    return y;
}

Action
DdpgPolicy::DoDecide(const std::vector<double>& observation)
{
    EnsureBuilt();
    std::vector<float> input;
    Append(observation, input);
    return Act(input, m_exploration).front();
}

std::vector<Action>
DdpgPolicy::DoDecideBatch(const std::vector<std::vector<double>>& observations)
{
    EnsureBuilt();
    std::vector<float> input;
    for (const auto& observation : observations)
    {
        Append(observation, input);
    }
    return Act(input, m_exploration);
}

Action
DdpgPolicy::GetGreedyAction(const std::vector<double>& observation)
{
    CheckLength(observation, "GetGreedyAction");
    EnsureBuilt();
    std::vector<float> input;
    Append(observation, input);
    return Act(input, false).front();
}

std::vector<Action>
DdpgPolicy::Act(const std::vector<float>& states, bool explore)
{
    const std::size_t rows = states.size() / GetObservationSize();
    const std::vector<float> u = m_actor->Forward(states);
    const std::size_t outputs = GetActorOutputCount();
    const bool criticChooses = m_discreteChoice == CRITIC_ARGMAX;
    std::vector<Action> actions;
    actions.reserve(rows);
    std::vector<std::optional<std::size_t>> explored(rows);
    std::vector<float> continuous;
    continuous.reserve(criticChooses ? rows * GetActionSpace().continuous.size() : 0);
    for (std::size_t i = 0; i < rows; ++i)
    {
        // Each row's draws in row order, as Decide() one by one would make them.
        actions.push_back(ToAction(u.data() + i * outputs, explore));
        if (criticChooses)
        {
            explored[i] = DrawExploredCombination(explore);
            const std::vector<float> y = NormalizeContinuous(actions.back());
            continuous.insert(continuous.end(), y.begin(), y.end());
        }
    }
    if (criticChooses)
    {
        const auto best = m_combinations.size() > 1
                              ? BestCombinations(*m_critic, states, continuous)
                              : std::vector<std::pair<std::size_t, float>>(rows, {0, 0.0F});
        for (std::size_t i = 0; i < rows; ++i)
        {
            actions[i].discrete = m_combinations[explored[i].value_or(best[i].first)];
        }
    }
    return actions;
}

std::optional<std::size_t>
DdpgPolicy::DrawExploredCombination(bool explore)
{
    if (!explore || m_combinations.size() < 2)
    {
        return std::nullopt;
    }
    // Two uniforms from the noise stream (normal draws through the normal CDF).
    const double coin = 0.5 * std::erfc(-m_noiseRv->GetValue() / std::sqrt(2.0));
    const double pick = 0.5 * std::erfc(-m_noiseRv->GetValue() / std::sqrt(2.0));
    if (coin >= m_discreteEpsilon)
    {
        return std::nullopt;
    }
    return std::min(m_combinations.size() - 1,
                    static_cast<std::size_t>(pick * static_cast<double>(m_combinations.size())));
}

std::vector<std::pair<std::size_t, float>>
DdpgPolicy::BestCombinations(const Mlp& critic,
                             const std::vector<float>& states,
                             const std::vector<float>& continuous) const
{
    const std::size_t observationSize = GetObservationSize();
    const std::size_t rows = states.size() / observationSize;
    const std::size_t components = GetActionSpace().continuous.size();
    const std::size_t combinations = m_combinations.size();
    // One critic row per state: its outputs are every combination's Q.
    std::vector<float> input;
    input.reserve(rows * (observationSize + components));
    for (std::size_t i = 0; i < rows; ++i)
    {
        input.insert(input.end(),
                     states.begin() + i * observationSize,
                     states.begin() + (i + 1) * observationSize);
        input.insert(input.end(),
                     continuous.begin() + i * components,
                     continuous.begin() + (i + 1) * components);
    }
    const std::vector<float> q = critic.Forward(input);
    std::vector<std::pair<std::size_t, float>> best(rows);
    for (std::size_t i = 0; i < rows; ++i)
    {
        const auto first = q.begin() + i * combinations;
        const auto top = std::max_element(first, first + combinations);
        best[i] = {static_cast<std::size_t>(top - first), *top};
    }
    return best;
}

double
DdpgPolicy::GetQValue(const std::vector<double>& observation, const Action& action)
{
    CheckLength(observation, "GetQValue");
    if (action.discrete.size() != GetActionSpace().discrete.size() ||
        action.continuous.size() != GetActionSpace().continuous.size())
    {
        throw std::invalid_argument("DdpgPolicy '" + GetAgentName() +
                                    "'::GetQValue: the action must fit the action space " +
                                    GetActionSpace().ToString());
    }
    EnsureBuilt();
    std::vector<float> input;
    Append(observation, input);
    if (m_discreteChoice == CRITIC_ARGMAX)
    {
        const std::size_t combination = CombinationIndex(action.discrete);
        const std::vector<float> y = NormalizeContinuous(action);
        input.insert(input.end(), y.begin(), y.end());
        return static_cast<double>(m_critic->Forward(input).at(combination));
    }
    const std::vector<float> y = Normalize(action);
    input.insert(input.end(), y.begin(), y.end());
    return static_cast<double>(m_critic->Forward(input)[0]);
}

void
DdpgPolicy::DoRecordTransition(const Transition& transition)
{
    EnsureBuilt();
    m_replay->Add(transition);
    ++m_transitions;
}

void
DdpgPolicy::SoftUpdate(Mlp& target, const Mlp& online) const
{
    if (m_tau >= 1.0)
    {
        target = online;
        return;
    }
    std::vector<float> t = target.GetParameters();
    const std::vector<float> o = online.GetParameters();
    const float tau = static_cast<float>(m_tau);
    for (std::size_t i = 0; i < t.size(); ++i)
    {
        t[i] += tau * (o[i] - t[i]);
    }
    target.SetParameters(t);
}

std::optional<double>
DdpgPolicy::DoUpdate()
{
    EnsureBuilt();
    if (m_replay->GetSize() < m_batchSize)
    {
        return std::nullopt;
    }
    const std::size_t components = GetActionSpace().continuous.size();
    const std::vector<uint32_t>& heads = GetActionSpace().discrete;
    const std::size_t outputs = GetActorOutputCount();
    const std::size_t observationSize = GetObservationSize();
    const MlpArchitecture& criticArchitecture = m_critic->GetArchitecture();
    const std::size_t width = criticArchitecture.inputSize;
    const std::size_t criticOutputs = criticArchitecture.outputSize; // CRITIC_ARGMAX: > 1
    const bool criticChooses = m_discreteChoice == CRITIC_ARGMAX;
    const std::vector<std::size_t> sample = m_replay->Sample(m_batchSize, m_replayRv);
    const std::size_t n = sample.size();
    const double batch = static_cast<double>(n);

    std::vector<float> states;
    std::vector<float> nextStates;
    // s, normalised a: its continuous components, then (ACTOR_SOFTMAX) the one-hot heads;
    // with CRITIC_ARGMAX the taken combination is the critic's output to fit instead.
    std::vector<float> criticInput;
    std::vector<std::size_t> taken(n, 0);
    for (std::size_t i = 0; i < n; ++i)
    {
        const Transition& t = m_replay->Get(sample[i]);
        Append(t.observation, states);
        Append(t.nextObservation, nextStates);
        Append(t.observation, criticInput);
        const std::vector<float> y =
            criticChooses ? NormalizeContinuous(t.action) : Normalize(t.action);
        criticInput.insert(criticInput.end(), y.begin(), y.end());
        taken[i] = criticChooses ? CombinationIndex(t.action.discrete) : 0;
    }

    // The actor's outputs as the critic sees them: tanh of the continuous pre-activations,
    // then (ACTOR_SOFTMAX) each head's softmax, the relaxed one-hot.
    const auto relaxed = [&](const float* u, std::vector<float>& out) {
        for (std::size_t c = 0; c < components; ++c)
        {
            out.push_back(std::tanh(u[c]));
        }
        if (criticChooses)
        {
            return;
        }
        const float* logits = u + components;
        for (uint32_t choices : heads)
        {
            AppendSoftmax(logits, choices, out);
            logits += choices;
        }
    };

    // 1. Critic: y = r + Gamma Q'(s', mu'(s')) (CRITIC_ARGMAX: at the best choices).
    const bool nextNeeded = !criticChooses || m_gamma > 0.0;
    const std::vector<float> nextU =
        nextNeeded ? m_targetActor->Forward(nextStates) : std::vector<float>();
    std::vector<float> nextQ(n, 0.0F);
    if (!criticChooses)
    {
        std::vector<float> nextCriticInput;
        nextCriticInput.reserve(n * width);
        for (std::size_t i = 0; i < n; ++i)
        {
            nextCriticInput.insert(nextCriticInput.end(),
                                   nextStates.begin() + i * observationSize,
                                   nextStates.begin() + (i + 1) * observationSize);
            relaxed(nextU.data() + i * outputs, nextCriticInput);
        }
        nextQ = m_targetCritic->Forward(nextCriticInput);
    }
    else if (m_gamma > 0.0)
    {
        std::vector<float> nextContinuous;
        for (std::size_t i = 0; i < n; ++i)
        {
            for (std::size_t c = 0; c < components; ++c)
            {
                nextContinuous.push_back(std::tanh(nextU[i * outputs + c]));
            }
        }
        const auto best = BestCombinations(*m_targetCritic, nextStates, nextContinuous);
        for (std::size_t i = 0; i < n; ++i)
        {
            nextQ[i] = best[i].second;
        }
    }
    std::vector<double> targets(n);
    for (std::size_t i = 0; i < n; ++i)
    {
        const Transition& t = m_replay->Get(sample[i]);
        targets[i] = t.reward;
        if (!t.done)
        {
            targets[i] += m_gamma * static_cast<double>(nextQ[i]);
        }
    }
    double criticLoss = 0.0;
    m_critic->ZeroGradients();
    m_critic->Backpropagate(criticInput, [&](const std::vector<float>& q) {
        // Only the taken combination's output has a target.
        std::vector<float> gradient(q.size(), 0.0F);
        for (std::size_t i = 0; i < n; ++i)
        {
            const std::size_t at = i * criticOutputs + taken[i];
            const double error = static_cast<double>(q[at]) - targets[i];
            criticLoss += error * error;
            gradient[at] = static_cast<float>(2.0 * error / batch);
        }
        return gradient;
    });
    criticLoss /= batch;
    if (m_maxGradientNorm > 0.0)
    {
        m_critic->ClipGradientNorm(m_maxGradientNorm);
    }
    m_criticAdam->Step();

    // 2. Actor: ascend Q(s, relaxed(u)); dQ/du = dQ/dy (1 - tanh(u)^2) for a continuous
    //    component, p_k (g_k - sum_j p_j g_j) for logit k of a head (softmax Jacobian), g = dQ/dp.
    //    CRITIC_ARGMAX: the mean Q over every combination, as P-DQN's sum, so that every
    //    choice's parameters learn, not only those of the choices taken.
    double actorLoss = 0.0;
    m_actor->ZeroGradients();
    m_actor->Backpropagate(states, [&](const std::vector<float>& u) {
        std::vector<float> input;
        input.reserve(n * width);
        for (std::size_t i = 0; i < n; ++i)
        {
            input.insert(input.end(),
                         states.begin() + i * observationSize,
                         states.begin() + (i + 1) * observationSize);
            relaxed(u.data() + i * outputs, input);
        }
        std::vector<float> inputGradient;
        const double perOutput = 1.0 / (batch * static_cast<double>(criticOutputs));
        m_critic->Backpropagate(
            input,
            [&](const std::vector<float>& q) {
                for (float value : q)
                {
                    actorLoss -= static_cast<double>(value) * perOutput;
                }
                return std::vector<float>(q.size(), static_cast<float>(-perOutput));
            },
            &inputGradient);
        std::vector<float> gradient(u.size());
        for (std::size_t i = 0; i < n; ++i)
        {
            const float* y = input.data() + i * width + observationSize;
            const float* g = inputGradient.data() + i * width + observationSize;
            float* du = gradient.data() + i * outputs;
            for (std::size_t c = 0; c < components; ++c)
            {
                du[c] = g[c] * (1.0F - y[c] * y[c]);
            }
            std::size_t at = components;
            // The heads' logits (ACTOR_SOFTMAX only; with CRITIC_ARGMAX the actor has none).
            for (uint32_t choices : heads)
            {
                if (criticChooses)
                {
                    break;
                }
                float mean = 0.0F;
                for (uint32_t k = 0; k < choices; ++k)
                {
                    mean += y[at + k] * g[at + k];
                }
                for (uint32_t k = 0; k < choices; ++k)
                {
                    du[at + k] = y[at + k] * (g[at + k] - mean);
                }
                at += choices;
            }
        }
        return gradient;
    });
    // The actor's pass left gradients on the critic: they are not the critic's to apply.
    m_critic->ZeroGradients();
    if (m_maxGradientNorm > 0.0)
    {
        m_actor->ClipGradientNorm(m_maxGradientNorm);
    }
    m_actorAdam->Step();

    // 3. Targets follow.
    SoftUpdate(*m_targetActor, *m_actor);
    SoftUpdate(*m_targetCritic, *m_critic);
    ++m_updates;
    m_lossTrace(GetAgentName(), m_updates, criticLoss, actorLoss);
    return criticLoss;
}

std::size_t
DdpgPolicy::GetReplaySize() const
{
    return m_replay ? m_replay->GetSize() : 0;
}

uint64_t
DdpgPolicy::GetTransitionCount() const
{
    return m_transitions;
}

uint64_t
DdpgPolicy::GetUpdateCount() const
{
    return m_updates;
}

std::vector<float>
DdpgPolicy::DoGetParameters() const
{
    EnsureBuilt();
    return JoinParameters(*m_actor, *m_critic);
}

void
DdpgPolicy::DoSetParameters(const std::vector<float>& parameters)
{
    EnsureBuilt();
    SplitParameters(parameters, *m_actor, *m_critic, "DdpgPolicy '" + GetAgentName() + "'");
    *m_targetActor = *m_actor;
    *m_targetCritic = *m_critic;
}

void
DdpgPolicy::SetActorParameters(const std::vector<float>& parameters)
{
    EnsureBuilt();
    if (parameters.size() != GetActorArchitecture().GetParameterCount())
    {
        throw std::invalid_argument("DdpgPolicy '" + GetAgentName() +
                                    "'::SetActorParameters: " + std::to_string(parameters.size()) +
                                    " parameters for an actor of " +
                                    std::to_string(GetActorArchitecture().GetParameterCount()));
    }
    m_actor->SetParameters(parameters);
}

void
DdpgPolicy::DoSaveCheckpoint(const std::string& path) const
{
    EnsureBuilt();
    WriteActorCriticCheckpoint(path, CHECKPOINT_KIND, *m_actor, *m_critic);
}

void
DdpgPolicy::DoLoadCheckpoint(const std::string& path)
{
    EnsureBuilt();
    ReadActorCriticCheckpoint(path, CHECKPOINT_KIND, *m_actor, *m_critic);
    *m_targetActor = *m_actor;
    *m_targetCritic = *m_critic;
}

int64_t
DdpgPolicy::DoAssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    if (m_actor)
    {
        NS_LOG_WARN("agent " << GetAgentName()
                             << ": AssignStreams after the networks were built; the initial "
                                "weights came from another stream");
    }
    m_initRv->SetStream(stream);
    m_noiseRv->SetStream(stream + 1);
    m_replayRv->SetStream(stream + 2);
    return 3;
}

void
DdpgPolicy::SetHiddenLayers(const std::string& text)
{
    RequireNotBuilt("HiddenLayers");
    m_hiddenSizes = ParseLayerSizes(text, "DdpgPolicy attribute HiddenLayers");
}

std::string
DdpgPolicy::GetHiddenLayers() const
{
    return FormatLayerSizes(m_hiddenSizes);
}

void
DdpgPolicy::SetActivation(MlpArchitecture::Activation activation)
{
    RequireNotBuilt("Activation");
    m_activation = activation;
}

MlpArchitecture::Activation
DdpgPolicy::GetActivation() const
{
    return m_activation;
}

std::vector<std::vector<uint32_t>>
DdpgPolicy::Combinations(const ActionSpace& space, const std::string& context)
{
    if (space.continuous.empty())
    {
        throw std::invalid_argument(context + ": CRITIC_ARGMAX needs a continuous component "
                                              "for the actor; a space of discrete heads only "
                                              "is a DQN's (DdqnPolicy)");
    }
    std::size_t count = 1;
    for (uint32_t choices : space.discrete)
    {
        count *= choices;
        if (count > MAX_COMBINATIONS)
        {
            throw std::invalid_argument(context +
                                        ": CRITIC_ARGMAX evaluates every combination of "
                                        "discrete choices and this space has more than " +
                                        std::to_string(MAX_COMBINATIONS) +
                                        "; use ACTOR_SOFTMAX or fewer choices");
        }
    }
    // Combination c numbers one choice per head, the last head fastest.
    std::vector<std::vector<uint32_t>> combinations(count);
    for (std::size_t c = 0; c < count; ++c)
    {
        std::size_t rest = c;
        combinations[c].resize(space.discrete.size());
        for (auto h = space.discrete.size(); h-- > 0;)
        {
            combinations[c][h] = static_cast<uint32_t>(rest % space.discrete[h]);
            rest /= space.discrete[h];
        }
    }
    return combinations;
}

void
DdpgPolicy::SetDiscreteChoice(DiscreteChoice choice)
{
    RequireNotBuilt("DiscreteChoice");
    if (choice == CRITIC_ARGMAX && HasSpaces())
    {
        Combinations(GetActionSpace(), "DdpgPolicy '" + GetAgentName() + "'");
    }
    m_discreteChoice = choice;
}

DdpgPolicy::DiscreteChoice
DdpgPolicy::GetDiscreteChoice() const
{
    return m_discreteChoice;
}

void
DdpgPolicy::SetReplayCapacity(uint32_t capacity)
{
    RequireNotBuilt("ReplayCapacity");
    m_replayCapacity = capacity;
}

uint32_t
DdpgPolicy::GetReplayCapacity() const
{
    return m_replayCapacity;
}

void
DdpgPolicy::SetActorLearningRate(double rate)
{
    // The attribute\'s checker keeps it finite and > 0.
    m_actorLearningRate = rate;
    if (m_actorAdam)
    {
        m_actorAdam->SetLearningRate(rate);
    }
}

double
DdpgPolicy::GetActorLearningRate() const
{
    return m_actorLearningRate;
}

void
DdpgPolicy::SetCriticLearningRate(double rate)
{
    // The attribute\'s checker keeps it finite and > 0.
    m_criticLearningRate = rate;
    if (m_criticAdam)
    {
        m_criticAdam->SetLearningRate(rate);
    }
}

double
DdpgPolicy::GetCriticLearningRate() const
{
    return m_criticLearningRate;
}

} // namespace sagin
} // namespace ns3
