// SPDX-License-Identifier: GPL-2.0-only

#include "actor-critic-policy.h"

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
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginActorCriticPolicy");

NS_OBJECT_ENSURE_REGISTERED(ActorCriticPolicy);

namespace
{
/** Kind written in actor-critic checkpoints. */
const char* const CHECKPOINT_KIND = "ns3::sagin::ActorCriticPolicy";

/**
 * Largest |tanh(z)| used when a taken action is mapped back to z = atanh(y): a value at a
 * range bound (y = ±1) has no finite z; 1 − 1e-6 gives |z| ≤ 7.25, far in tanh's flat tail.
 */
constexpr double SQUASH_LIMIT = 1.0 - 1e-6;

/** ln(2π), of the Gaussian density. */
const double LOG_TWO_PI = std::log(2.0 * M_PI);

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
 * Softmax in double precision, shifted by the largest logit (no overflow).
 * \param logits the logits
 * \param count how many
 * \param logProbabilities receives log softmax
 * \return the probabilities
 */
std::vector<double>
Softmax(const float* logits, std::size_t count, std::vector<double>& logProbabilities)
{
    double largest = logits[0];
    for (std::size_t k = 1; k < count; ++k)
    {
        largest = std::max(largest, static_cast<double>(logits[k]));
    }
    double sum = 0.0;
    for (std::size_t k = 0; k < count; ++k)
    {
        sum += std::exp(static_cast<double>(logits[k]) - largest);
    }
    const double logSum = largest + std::log(sum);
    std::vector<double> p(count);
    logProbabilities.assign(count, 0.0);
    for (std::size_t k = 0; k < count; ++k)
    {
        logProbabilities[k] = static_cast<double>(logits[k]) - logSum;
        p[k] = std::exp(logProbabilities[k]);
    }
    return p;
}
} // namespace

TypeId
ActorCriticPolicy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::ActorCriticPolicy")
            .SetParent<Policy>()
            .SetGroupName("Sagin")
            .AddConstructor<ActorCriticPolicy>()
            .AddAttribute("HiddenLayers",
                          "Widths of the hidden layers of the actor's shared trunk and of the "
                          "critic (units, comma-separated, each > 0; empty: linear networks).",
                          StringValue("64,64"),
                          MakeStringAccessor(&ActorCriticPolicy::SetHiddenLayers,
                                             &ActorCriticPolicy::GetHiddenLayers),
                          MakeStringChecker())
            .AddAttribute(
                "Activation",
                "Activation after each hidden layer.",
                EnumValue(MlpArchitecture::TANH),
                MakeEnumAccessorFor<MlpArchitecture::Activation>(&ActorCriticPolicy::SetActivation,
                                                                 &ActorCriticPolicy::GetActivation),
                MakeEnumChecker(MlpArchitecture::RELU, "Relu", MlpArchitecture::TANH, "Tanh"))
            .AddAttribute("Gamma",
                          "Discount factor of future rewards (dimensionless, 0..1).",
                          DoubleValue(0.99),
                          MakeDoubleAccessor(&ActorCriticPolicy::m_gamma),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("ActorLearningRate",
                          "Adam step size of the actor (> 0).",
                          DoubleValue(1e-3),
                          MakeDoubleAccessor(&ActorCriticPolicy::SetActorLearningRate,
                                             &ActorCriticPolicy::GetActorLearningRate),
                          MakeDoubleChecker<double>(std::numeric_limits<double>::min()))
            .AddAttribute("CriticLearningRate",
                          "Adam step size of the critic (> 0).",
                          DoubleValue(1e-3),
                          MakeDoubleAccessor(&ActorCriticPolicy::SetCriticLearningRate,
                                             &ActorCriticPolicy::GetCriticLearningRate),
                          MakeDoubleChecker<double>(std::numeric_limits<double>::min()))
            .AddAttribute("EntropyCoefficient",
                          "Weight of the entropy bonus in the actor's loss (dimensionless, "
                          ">= 0; Mnih et al. 2016 use 0.01).",
                          DoubleValue(0.01),
                          MakeDoubleAccessor(&ActorCriticPolicy::m_entropyCoefficient),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("RolloutLength",
                          "Transitions per update (>= 1): Update() learns once this many "
                          "were recorded since the last update, then forgets them.",
                          UintegerValue(32),
                          MakeUintegerAccessor(&ActorCriticPolicy::m_rolloutLength),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("LogStdMin",
                          "Smallest natural log of a continuous component's standard deviation "
                          "before squashing (dimensionless, < LogStdMax).",
                          DoubleValue(-5.0),
                          MakeDoubleAccessor(&ActorCriticPolicy::SetLogStdMin,
                                             &ActorCriticPolicy::GetLogStdMin),
                          MakeDoubleChecker<double>())
            .AddAttribute("LogStdMax",
                          "Largest natural log of a continuous component's standard deviation "
                          "before squashing (dimensionless, > LogStdMin).",
                          DoubleValue(2.0),
                          MakeDoubleAccessor(&ActorCriticPolicy::SetLogStdMax,
                                             &ActorCriticPolicy::GetLogStdMax),
                          MakeDoubleChecker<double>())
            .AddAttribute("MaxGradientNorm",
                          "Largest global L2 norm of the gradient of one network step (0: no "
                          "clipping).",
                          DoubleValue(0.5),
                          MakeDoubleAccessor(&ActorCriticPolicy::m_maxGradientNorm),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("Exploration",
                          "Sample actions from the policy (true) or act greedily (false, "
                          "evaluation).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&ActorCriticPolicy::m_exploration),
                          MakeBooleanChecker())
            .AddTraceSource("Loss",
                            "One update: the agent name, the update number, the critic's and "
                            "the actor's losses and the mean entropy.",
                            MakeTraceSourceAccessor(&ActorCriticPolicy::m_lossTrace),
                            "ns3::sagin::ActorCriticPolicy::LossTracedCallback");
    return tid;
}

ActorCriticPolicy::ActorCriticPolicy()
    : m_logStdMin(-5.0),
      m_logStdMax(2.0),
      m_initRv(CreateObject<UniformRandomVariable>()),
      m_gaussianRv(CreateObject<NormalRandomVariable>()),
      m_categoricalRv(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
    m_gaussianRv->SetAttribute("Mean", DoubleValue(0.0));
    m_gaussianRv->SetAttribute("Variance", DoubleValue(1.0));
}

ActorCriticPolicy::~ActorCriticPolicy()
{
    NS_LOG_FUNCTION(this);
}

void
ActorCriticPolicy::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_actorAdam.reset();
    m_criticAdam.reset();
    m_actor.reset();
    m_critic.reset();
    m_rollout.clear();
    m_initRv = nullptr;
    m_gaussianRv = nullptr;
    m_categoricalRv = nullptr;
    Policy::DoDispose();
}

void
ActorCriticPolicy::DoSetSpaces(uint32_t observationSize, const ActionSpace& actionSpace)
{
    const std::string context = "ActorCriticPolicy '" + GetAgentName() + "'";
    MlpArchitecture actor;
    actor.inputSize = observationSize;
    actor.hiddenSizes = m_hiddenSizes;
    actor.outputSize = static_cast<uint32_t>(2 * actionSpace.continuous.size());
    for (uint32_t choices : actionSpace.discrete)
    {
        actor.outputSize += choices;
    }
    actor.activation = m_activation;
    actor.Validate(context + " actor");
    if (m_actor && m_actor->GetArchitecture() != actor)
    {
        throw std::logic_error(context + ": its networks are already built (actor " +
                               m_actor->GetArchitecture().ToString() +
                               "); the spaces cannot change to an actor " + actor.ToString());
    }
}

MlpArchitecture
ActorCriticPolicy::GetActorArchitecture() const
{
    if (!HasSpaces())
    {
        throw std::logic_error("ActorCriticPolicy '" + GetAgentName() +
                               "': no architecture before SetSpaces()");
    }
    MlpArchitecture architecture;
    architecture.inputSize = GetObservationSize();
    architecture.hiddenSizes = m_hiddenSizes;
    architecture.outputSize = static_cast<uint32_t>(2 * GetActionSpace().continuous.size());
    for (uint32_t choices : GetActionSpace().discrete)
    {
        architecture.outputSize += choices;
    }
    architecture.activation = m_activation;
    return architecture;
}

MlpArchitecture
ActorCriticPolicy::GetCriticArchitecture() const
{
    MlpArchitecture architecture = GetActorArchitecture();
    architecture.outputSize = 1;
    return architecture;
}

void
ActorCriticPolicy::EnsureBuilt() const
{
    if (m_actor)
    {
        return;
    }
    const MlpArchitecture actorArchitecture = GetActorArchitecture();
    const MlpArchitecture criticArchitecture = GetCriticArchitecture();
    NS_LOG_INFO("agent " << GetAgentName() << ": building actor " << actorArchitecture.ToString()
                         << " and critic " << criticArchitecture.ToString());
    CheckLogStdBounds(m_logStdMin, m_logStdMax);
    auto actor = std::make_unique<Mlp>(actorArchitecture);
    actor->InitializeParameters(m_initRv);
    auto critic = std::make_unique<Mlp>(criticArchitecture);
    critic->InitializeParameters(m_initRv);
    actor->SetName("ActorCriticPolicy '" + GetAgentName() + "' actor");
    critic->SetName("ActorCriticPolicy '" + GetAgentName() + "' critic");
    m_actorAdam = std::make_unique<AdamOptimizer>(*actor, m_actorLearningRate);
    m_criticAdam = std::make_unique<AdamOptimizer>(*critic, m_criticLearningRate);
    m_actor = std::move(actor);
    m_critic = std::move(critic);
}

void
ActorCriticPolicy::CheckLogStdBounds(double logStdMin, double logStdMax) const
{
    // Checked when the networks are built, not in each setter: attributes are set one at a
    // time, so a pair of new bounds may pass through an inverted state.
    if (!(logStdMin < logStdMax))
    {
        throw std::invalid_argument("ActorCriticPolicy '" + GetAgentName() + "': LogStdMin " +
                                    std::to_string(logStdMin) + " is not below LogStdMax " +
                                    std::to_string(logStdMax) +
                                    "; give LogStdMin < LogStdMax (natural logs of the "
                                    "standard deviation)");
    }
}

void
ActorCriticPolicy::RequireNotBuilt(const std::string& attribute) const
{
    if (m_actor)
    {
        throw std::logic_error("ActorCriticPolicy '" + GetAgentName() + "': " + attribute +
                               " cannot change once the networks are built (first decision, "
                               "update or parameter access); set it before");
    }
}

double
ActorCriticPolicy::LogStd(double rho) const
{
    return m_logStdMin + 0.5 * (m_logStdMax - m_logStdMin) * (std::tanh(rho) + 1.0);
}

Action
ActorCriticPolicy::ToAction(const float* outputs, bool explore)
{
    const ActionSpace& space = GetActionSpace();
    Action action;
    for (std::size_t c = 0; c < space.continuous.size(); ++c)
    {
        const ContinuousRange& range = space.continuous[c];
        double z = outputs[2 * c];
        if (explore)
        {
            z += std::exp(LogStd(outputs[2 * c + 1])) * m_gaussianRv->GetValue();
        }
        const double a = Middle(range) + HalfWidth(range) * std::tanh(z);
        // Rounding can step a hair outside the range: keep the promise exactly.
        action.continuous.push_back(std::clamp(a, range.min, range.max));
    }
    const float* logits = outputs + 2 * space.continuous.size();
    for (uint32_t choices : space.discrete)
    {
        uint32_t chosen = 0;
        if (explore)
        {
            std::vector<double> logP;
            const std::vector<double> p = Softmax(logits, choices, logP);
            const double u = m_categoricalRv->GetValue();
            double cumulative = 0.0;
            chosen = choices - 1; // if rounding leaves the sum below u
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
        else
        {
            for (uint32_t k = 1; k < choices; ++k)
            {
                if (logits[k] > logits[chosen])
                {
                    chosen = k;
                }
            }
        }
        action.discrete.push_back(chosen);
        logits += choices;
    }
    return action;
}

void
ActorCriticPolicy::CheckLength(const std::vector<double>& observation,
                               const std::string& method) const
{
    if (!HasSpaces() || observation.size() != GetObservationSize())
    {
        throw std::invalid_argument("ActorCriticPolicy '" + GetAgentName() + "'::" + method +
                                    ": the observation must have the length given to "
                                    "SetSpaces()");
    }
}

std::vector<float>
ActorCriticPolicy::ActorOutputs(const std::vector<double>& observation, const std::string& method)
{
    CheckLength(observation, method);
    EnsureBuilt();
    std::vector<float> input;
    Append(observation, input);
    return m_actor->Forward(input);
}

Action
ActorCriticPolicy::DoDecide(const std::vector<double>& observation)
{
    const std::vector<float> outputs = ActorOutputs(observation, "Decide");
    return ToAction(outputs.data(), m_exploration);
}

std::vector<Action>
ActorCriticPolicy::DoDecideBatch(const std::vector<std::vector<double>>& observations)
{
    EnsureBuilt();
    std::vector<float> input;
    for (const auto& observation : observations)
    {
        Append(observation, input);
    }
    const std::vector<float> outputs = m_actor->Forward(input);
    const std::size_t width = m_actor->GetArchitecture().outputSize;
    std::vector<Action> actions;
    for (std::size_t i = 0; i < observations.size(); ++i)
    {
        actions.push_back(ToAction(outputs.data() + i * width, m_exploration));
    }
    return actions;
}

Action
ActorCriticPolicy::GetGreedyAction(const std::vector<double>& observation)
{
    const std::vector<float> outputs = ActorOutputs(observation, "GetGreedyAction");
    return ToAction(outputs.data(), false);
}

std::vector<double>
ActorCriticPolicy::GetChoiceProbabilities(const std::vector<double>& observation, uint32_t head)
{
    const auto& heads = GetActionSpace().discrete;
    if (head >= heads.size())
    {
        throw std::invalid_argument("ActorCriticPolicy '" + GetAgentName() +
                                    "'::GetChoiceProbabilities: no discrete head " +
                                    std::to_string(head) + " in " + GetActionSpace().ToString());
    }
    const std::vector<float> outputs = ActorOutputs(observation, "GetChoiceProbabilities");
    std::size_t offset = 2 * GetActionSpace().continuous.size();
    for (uint32_t h = 0; h < head; ++h)
    {
        offset += heads[h];
    }
    std::vector<double> logP;
    return Softmax(outputs.data() + offset, heads[head], logP);
}

double
ActorCriticPolicy::GetStandardDeviation(const std::vector<double>& observation, uint32_t component)
{
    if (component >= GetActionSpace().continuous.size())
    {
        throw std::invalid_argument("ActorCriticPolicy '" + GetAgentName() +
                                    "'::GetStandardDeviation: no continuous component " +
                                    std::to_string(component) + " in " +
                                    GetActionSpace().ToString());
    }
    const std::vector<float> outputs = ActorOutputs(observation, "GetStandardDeviation");
    return std::exp(LogStd(outputs[2 * component + 1]));
}

double
ActorCriticPolicy::GetValue(const std::vector<double>& observation)
{
    CheckLength(observation, "GetValue");
    EnsureBuilt();
    std::vector<float> input;
    Append(observation, input);
    return static_cast<double>(m_critic->Forward(input)[0]);
}

void
ActorCriticPolicy::DoRecordTransition(const Transition& transition)
{
    EnsureBuilt();
    m_rollout.push_back(transition);
    ++m_transitions;
}

std::optional<double>
ActorCriticPolicy::DoUpdate()
{
    EnsureBuilt();
    if (m_rollout.size() < m_rolloutLength)
    {
        return std::nullopt;
    }
    const ActionSpace& space = GetActionSpace();
    const std::size_t n = m_rollout.size();
    const double batch = static_cast<double>(n);
    std::vector<float> states;
    std::vector<float> nextStates;
    for (const Transition& t : m_rollout)
    {
        Append(t.observation, states);
        Append(t.nextObservation, nextStates);
    }

    // 1. One-step advantage A = r + Gamma V(s') - V(s) and value target r + Gamma V(s').
    const std::vector<float> values = m_critic->Forward(states);
    const std::vector<float> nextValues = m_critic->Forward(nextStates);
    std::vector<double> targets(n);
    std::vector<double> advantages(n);
    for (std::size_t i = 0; i < n; ++i)
    {
        targets[i] = m_rollout[i].reward;
        if (!m_rollout[i].done)
        {
            targets[i] += m_gamma * static_cast<double>(nextValues[i]);
        }
        advantages[i] = targets[i] - static_cast<double>(values[i]);
    }

    // 2. Actor: descend -A log pi(a|s) - beta H, per sample, divided by the rollout size.
    const double beta = m_entropyCoefficient;
    const double logStdSpan = m_logStdMax - m_logStdMin;
    double actorLoss = 0.0;
    double entropy = 0.0;
    m_actor->ZeroGradients();
    m_actor->Backpropagate(states, [&](const std::vector<float>& outputs) {
        const std::size_t width = outputs.size() / n;
        std::vector<float> gradient(outputs.size(), 0.0F);
        for (std::size_t i = 0; i < n; ++i)
        {
            const float* out = outputs.data() + i * width;
            float* grad = gradient.data() + i * width;
            const Action& a = m_rollout[i].action;
            const double weight = advantages[i] / batch;
            double logPi = 0.0;
            double h = 0.0;
            for (std::size_t c = 0; c < space.continuous.size(); ++c)
            {
                const double half = HalfWidth(space.continuous[c]);
                if (!(half > 0.0))
                {
                    continue; // a fixed value: nothing to learn
                }
                const double mu = out[2 * c];
                const double t = std::tanh(static_cast<double>(out[2 * c + 1]));
                const double logSigma = m_logStdMin + 0.5 * logStdSpan * (t + 1.0);
                const double variance = std::exp(2.0 * logSigma);
                const double y = std::clamp((a.continuous[c] - Middle(space.continuous[c])) / half,
                                            -SQUASH_LIMIT,
                                            SQUASH_LIMIT);
                const double d = std::atanh(y) - mu;
                logPi += -0.5 * d * d / variance - logSigma - 0.5 * LOG_TWO_PI;
                h += logSigma + 0.5 * (1.0 + LOG_TWO_PI);
                // d log N / d mu = d / sigma^2; d log N / d log sigma = d^2 / sigma^2 - 1;
                // d H / d log sigma = 1; d log sigma / d rho = span / 2 (1 - tanh^2).
                grad[2 * c] = static_cast<float>(-weight * d / variance);
                const double dLogSigma = -weight * (d * d / variance - 1.0) - beta / batch;
                grad[2 * c + 1] = static_cast<float>(dLogSigma * 0.5 * logStdSpan * (1.0 - t * t));
            }
            std::size_t offset = 2 * space.continuous.size();
            for (std::size_t head = 0; head < space.discrete.size(); ++head)
            {
                const uint32_t choices = space.discrete[head];
                std::vector<double> logP;
                const std::vector<double> p = Softmax(out + offset, choices, logP);
                double headEntropy = 0.0;
                for (uint32_t k = 0; k < choices; ++k)
                {
                    headEntropy -= p[k] * logP[k];
                }
                logPi += logP[a.discrete[head]];
                h += headEntropy;
                // d log p_a / d l_k = 1[k = a] - p_k; d H / d l_k = -p_k (log p_k + H).
                for (uint32_t k = 0; k < choices; ++k)
                {
                    const double indicator = k == a.discrete[head] ? 1.0 : 0.0;
                    grad[offset + k] =
                        static_cast<float>(-weight * (indicator - p[k]) +
                                           beta / batch * p[k] * (logP[k] + headEntropy));
                }
                offset += choices;
            }
            actorLoss += (-advantages[i] * logPi - beta * h) / batch;
            entropy += h / batch;
        }
        return gradient;
    });
    if (m_maxGradientNorm > 0.0)
    {
        m_actor->ClipGradientNorm(m_maxGradientNorm);
    }
    m_actorAdam->Step();

    // 3. Critic: mean squared error to the one-step target.
    double criticLoss = 0.0;
    m_critic->ZeroGradients();
    m_critic->Backpropagate(states, [&](const std::vector<float>& v) {
        std::vector<float> gradient(n);
        for (std::size_t i = 0; i < n; ++i)
        {
            const double error = static_cast<double>(v[i]) - targets[i];
            criticLoss += error * error / batch;
            gradient[i] = static_cast<float>(2.0 * error / batch);
        }
        return gradient;
    });
    if (m_maxGradientNorm > 0.0)
    {
        m_critic->ClipGradientNorm(m_maxGradientNorm);
    }
    m_criticAdam->Step();

    m_rollout.clear();
    ++m_updates;
    m_lossTrace(GetAgentName(), m_updates, criticLoss, actorLoss, entropy);
    return criticLoss;
}

std::size_t
ActorCriticPolicy::GetRolloutSize() const
{
    return m_rollout.size();
}

uint64_t
ActorCriticPolicy::GetTransitionCount() const
{
    return m_transitions;
}

uint64_t
ActorCriticPolicy::GetUpdateCount() const
{
    return m_updates;
}

std::vector<float>
ActorCriticPolicy::DoGetParameters() const
{
    EnsureBuilt();
    return JoinParameters(*m_actor, *m_critic);
}

void
ActorCriticPolicy::DoSetParameters(const std::vector<float>& parameters)
{
    EnsureBuilt();
    SplitParameters(parameters, *m_actor, *m_critic, "ActorCriticPolicy '" + GetAgentName() + "'");
}

void
ActorCriticPolicy::DoSaveCheckpoint(const std::string& path) const
{
    EnsureBuilt();
    WriteActorCriticCheckpoint(path, CHECKPOINT_KIND, *m_actor, *m_critic);
}

void
ActorCriticPolicy::DoLoadCheckpoint(const std::string& path)
{
    EnsureBuilt();
    ReadActorCriticCheckpoint(path, CHECKPOINT_KIND, *m_actor, *m_critic);
}

int64_t
ActorCriticPolicy::DoAssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    if (m_actor)
    {
        NS_LOG_WARN("agent " << GetAgentName()
                             << ": AssignStreams after the networks were built; the initial "
                                "weights came from another stream");
    }
    m_initRv->SetStream(stream);
    m_gaussianRv->SetStream(stream + 1);
    m_categoricalRv->SetStream(stream + 2);
    return 3;
}

void
ActorCriticPolicy::SetHiddenLayers(const std::string& text)
{
    RequireNotBuilt("HiddenLayers");
    m_hiddenSizes = ParseLayerSizes(text, "ActorCriticPolicy attribute HiddenLayers");
}

std::string
ActorCriticPolicy::GetHiddenLayers() const
{
    return FormatLayerSizes(m_hiddenSizes);
}

void
ActorCriticPolicy::SetActivation(MlpArchitecture::Activation activation)
{
    RequireNotBuilt("Activation");
    m_activation = activation;
}

MlpArchitecture::Activation
ActorCriticPolicy::GetActivation() const
{
    return m_activation;
}

void
ActorCriticPolicy::SetActorLearningRate(double rate)
{
    // The attribute\'s checker keeps it finite and > 0.
    m_actorLearningRate = rate;
    if (m_actorAdam)
    {
        m_actorAdam->SetLearningRate(rate);
    }
}

double
ActorCriticPolicy::GetActorLearningRate() const
{
    return m_actorLearningRate;
}

void
ActorCriticPolicy::SetCriticLearningRate(double rate)
{
    // The attribute\'s checker keeps it finite and > 0.
    m_criticLearningRate = rate;
    if (m_criticAdam)
    {
        m_criticAdam->SetLearningRate(rate);
    }
}

double
ActorCriticPolicy::GetCriticLearningRate() const
{
    return m_criticLearningRate;
}

void
ActorCriticPolicy::SetLogStdMin(double value)
{
    // The attribute checker admits finite values only.
    if (m_actor)
    {
        CheckLogStdBounds(value, m_logStdMax);
    }
    m_logStdMin = value;
}

double
ActorCriticPolicy::GetLogStdMin() const
{
    return m_logStdMin;
}

void
ActorCriticPolicy::SetLogStdMax(double value)
{
    // The attribute checker admits finite values only.
    if (m_actor)
    {
        CheckLogStdBounds(m_logStdMin, value);
    }
    m_logStdMax = value;
}

double
ActorCriticPolicy::GetLogStdMax() const
{
    return m_logStdMax;
}

} // namespace sagin
} // namespace ns3
