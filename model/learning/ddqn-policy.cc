// SPDX-License-Identifier: GPL-2.0-only

#include "ddqn-policy.h"

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
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginDdqnPolicy");

NS_OBJECT_ENSURE_REGISTERED(DdqnPolicy);

namespace
{
/** Kind written in DDQN checkpoints. */
const char* const CHECKPOINT_KIND = "ns3::sagin::DdqnPolicy";

/**
 * \param q values
 * \param n how many
 * \return the index of the largest (the lowest among ties)
 */
uint32_t
ArgMax(const float* q, uint32_t n)
{
    uint32_t best = 0;
    for (uint32_t i = 1; i < n; ++i)
    {
        if (q[i] > q[best])
        {
            best = i;
        }
    }
    return best;
}

/**
 * \param observations rows
 * \return them as one row-major float batch
 */
std::vector<float>
ToBatch(const std::vector<const std::vector<double>*>& observations)
{
    std::vector<float> batch;
    for (const auto* observation : observations)
    {
        for (double value : *observation)
        {
            batch.push_back(static_cast<float>(value));
        }
    }
    return batch;
}
} // namespace

TypeId
DdqnPolicy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::DdqnPolicy")
            .SetParent<Policy>()
            .SetGroupName("Sagin")
            .AddConstructor<DdqnPolicy>()
            .AddAttribute(
                "HiddenLayers",
                "Widths of the hidden layers of the Q-networks (units, "
                "comma-separated, each > 0; empty: linear Q-function).",
                StringValue("64,64"),
                MakeStringAccessor(&DdqnPolicy::SetHiddenLayers, &DdqnPolicy::GetHiddenLayers),
                MakeStringChecker())
            .AddAttribute(
                "Activation",
                "Activation after each hidden layer.",
                EnumValue(MlpArchitecture::RELU),
                MakeEnumAccessorFor<MlpArchitecture::Activation>(&DdqnPolicy::SetActivation,
                                                                 &DdqnPolicy::GetActivation),
                MakeEnumChecker(MlpArchitecture::RELU, "Relu", MlpArchitecture::TANH, "Tanh"))
            .AddAttribute("Gamma",
                          "Discount factor of future rewards (dimensionless, 0..1).",
                          DoubleValue(0.99),
                          MakeDoubleAccessor(&DdqnPolicy::m_gamma),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute(
                "LearningRate",
                "Adam step size (> 0).",
                DoubleValue(1e-3),
                MakeDoubleAccessor(&DdqnPolicy::SetLearningRate, &DdqnPolicy::GetLearningRate),
                MakeDoubleChecker<double>())
            .AddAttribute("BatchSize",
                          "Transitions sampled from the replay buffer per update (>= 1).",
                          UintegerValue(32),
                          MakeUintegerAccessor(&DdqnPolicy::m_batchSize),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("ReplayCapacity",
                          "Transitions kept in the replay ring buffer (>= BatchSize); the "
                          "oldest is overwritten.",
                          UintegerValue(10000),
                          MakeUintegerAccessor(&DdqnPolicy::SetReplayCapacity,
                                               &DdqnPolicy::GetReplayCapacity),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("EpsilonInitial",
                          "Exploration probability before any transition (0..1).",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&DdqnPolicy::m_epsilonInitial),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("EpsilonFinal",
                          "Exploration probability after EpsilonDecaySteps transitions "
                          "(0..1).",
                          DoubleValue(0.05),
                          MakeDoubleAccessor(&DdqnPolicy::m_epsilonFinal),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("EpsilonDecaySteps",
                          "Recorded transitions over which the exploration probability falls "
                          "linearly from EpsilonInitial to EpsilonFinal (0: EpsilonFinal at "
                          "once).",
                          UintegerValue(10000),
                          MakeUintegerAccessor(&DdqnPolicy::m_epsilonDecaySteps),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("TargetUpdateInterval",
                          "Updates (gradient steps) between copies of the online network "
                          "into the target network (0: only on RefreshTarget()).",
                          UintegerValue(100),
                          MakeUintegerAccessor(&DdqnPolicy::m_targetUpdateInterval),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MaxGradientNorm",
                          "Largest global L2 norm of the gradient of one update (0: no "
                          "clipping).",
                          DoubleValue(10.0),
                          MakeDoubleAccessor(&DdqnPolicy::m_maxGradientNorm),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("Loss",
                          "Loss between Q(s, a) and its target: Huber (threshold 1) or Mse.",
                          EnumValue(DdqnPolicy::HUBER),
                          MakeEnumAccessorFor<DdqnPolicy::LossKind>(&DdqnPolicy::m_loss),
                          MakeEnumChecker(DdqnPolicy::HUBER, "Huber", DdqnPolicy::MSE, "Mse"))
            .AddAttribute("Exploration",
                          "Act epsilon-greedily (true) or greedily (false, evaluation).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&DdqnPolicy::m_exploration),
                          MakeBooleanChecker())
            .AddTraceSource("Loss",
                            "One update: the agent name, the update number and the mean loss.",
                            MakeTraceSourceAccessor(&DdqnPolicy::m_lossTrace),
                            "ns3::sagin::DdqnPolicy::LossTracedCallback");
    return tid;
}

DdqnPolicy::DdqnPolicy()
    : m_hiddenSizes{64, 64},
      m_activation(MlpArchitecture::RELU),
      m_gamma(0.99),
      m_learningRate(1e-3),
      m_batchSize(32),
      m_replayCapacity(10000),
      m_epsilonInitial(1.0),
      m_epsilonFinal(0.05),
      m_epsilonDecaySteps(10000),
      m_targetUpdateInterval(100),
      m_maxGradientNorm(10.0),
      m_loss(HUBER),
      m_exploration(true),
      m_initRv(CreateObject<UniformRandomVariable>()),
      m_explorationRv(CreateObject<UniformRandomVariable>()),
      m_replayRv(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
}

DdqnPolicy::~DdqnPolicy()
{
    NS_LOG_FUNCTION(this);
}

void
DdqnPolicy::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_adam.reset();
    m_online.reset();
    m_target.reset();
    m_replay.reset();
    m_initRv = nullptr;
    m_explorationRv = nullptr;
    m_replayRv = nullptr;
    Policy::DoDispose();
}

void
DdqnPolicy::DoSetSpaces(uint32_t observationSize, const ActionSpace& actionSpace)
{
    const std::string context = "DdqnPolicy '" + GetAgentName() + "'";
    if (actionSpace.discrete.size() != 1 || !actionSpace.continuous.empty())
    {
        throw std::invalid_argument(context +
                                    " scores the choices of one discrete head; the action "
                                    "space is " +
                                    actionSpace.ToString());
    }
    MlpArchitecture architecture;
    architecture.inputSize = observationSize;
    architecture.hiddenSizes = m_hiddenSizes;
    architecture.outputSize = actionSpace.discrete[0];
    architecture.activation = m_activation;
    architecture.Validate(context);
    if (m_online && m_online->GetArchitecture() != architecture)
    {
        throw std::logic_error(context + ": its networks are already built as " +
                               m_online->GetArchitecture().ToString() +
                               "; the spaces cannot change to " + architecture.ToString());
    }
}

MlpArchitecture
DdqnPolicy::GetArchitecture() const
{
    if (!HasSpaces())
    {
        throw std::logic_error("DdqnPolicy '" + GetAgentName() +
                               "': no architecture before SetSpaces()");
    }
    MlpArchitecture architecture;
    architecture.inputSize = GetObservationSize();
    architecture.hiddenSizes = m_hiddenSizes;
    architecture.outputSize = GetActionSpace().discrete[0];
    architecture.activation = m_activation;
    return architecture;
}

void
DdqnPolicy::EnsureBuilt() const
{
    if (m_online)
    {
        return;
    }
    const MlpArchitecture architecture = GetArchitecture();
    NS_LOG_INFO("agent " << GetAgentName() << ": building Q-networks " << architecture.ToString());
    if (m_replayCapacity < m_batchSize)
    {
        throw std::invalid_argument("DdqnPolicy '" + GetAgentName() + "': ReplayCapacity " +
                                    std::to_string(m_replayCapacity) + " < BatchSize " +
                                    std::to_string(m_batchSize) + ": Update() could never learn");
    }
    auto online = std::make_unique<Mlp>(architecture);
    online->InitializeParameters(m_initRv);
    auto target = std::make_unique<Mlp>(*online);
    online->SetName("DdqnPolicy '" + GetAgentName() + "' online network");
    target->SetName("DdqnPolicy '" + GetAgentName() + "' target network");
    m_adam = std::make_unique<AdamOptimizer>(*online, m_learningRate);
    m_online = std::move(online);
    m_target = std::move(target);
    m_replay = std::make_unique<ReplayBuffer>(m_replayCapacity);
}

void
DdqnPolicy::RequireNotBuilt(const std::string& attribute) const
{
    if (m_online)
    {
        throw std::logic_error("DdqnPolicy '" + GetAgentName() + "': " + attribute +
                               " cannot change once the networks are built (first decision, "
                               "update or parameter access); set it before");
    }
}

double
DdqnPolicy::GetEpsilon() const
{
    if (m_epsilonDecaySteps == 0 || m_transitions >= m_epsilonDecaySteps)
    {
        return m_epsilonFinal;
    }
    const double progress =
        static_cast<double>(m_transitions) / static_cast<double>(m_epsilonDecaySteps);
    return m_epsilonInitial + progress * (m_epsilonFinal - m_epsilonInitial);
}

Action
DdqnPolicy::Choose(const float* q)
{
    const uint32_t choices = GetActionSpace().discrete[0];
    Action action;
    if (m_exploration && m_explorationRv->GetValue(0.0, 1.0) < GetEpsilon())
    {
        action.discrete.push_back(m_explorationRv->GetInteger(0, choices - 1));
    }
    else
    {
        action.discrete.push_back(ArgMax(q, choices));
    }
    return action;
}

Action
DdqnPolicy::DoDecide(const std::vector<double>& observation)
{
    EnsureBuilt();
    const std::vector<float> q = m_online->Forward(ToBatch({&observation}));
    return Choose(q.data());
}

std::vector<Action>
DdqnPolicy::DoDecideBatch(const std::vector<std::vector<double>>& observations)
{
    EnsureBuilt();
    std::vector<const std::vector<double>*> rows;
    for (const auto& observation : observations)
    {
        rows.push_back(&observation);
    }
    const std::vector<float> q = m_online->Forward(ToBatch(rows));
    const uint32_t choices = GetActionSpace().discrete[0];
    std::vector<Action> actions;
    for (std::size_t i = 0; i < observations.size(); ++i)
    {
        actions.push_back(Choose(q.data() + i * choices));
    }
    return actions;
}

std::vector<double>
DdqnPolicy::GetQValues(const std::vector<double>& observation)
{
    if (!HasSpaces() || observation.size() != GetObservationSize())
    {
        throw std::invalid_argument("DdqnPolicy '" + GetAgentName() +
                                    "'::GetQValues: the observation must have the length given "
                                    "to SetSpaces()");
    }
    EnsureBuilt();
    const std::vector<float> q = m_online->Forward(ToBatch({&observation}));
    return std::vector<double>(q.begin(), q.end());
}

void
DdqnPolicy::DoRecordTransition(const Transition& transition)
{
    EnsureBuilt();
    m_replay->Add(transition);
    ++m_transitions;
}

std::optional<double>
DdqnPolicy::DoUpdate()
{
    EnsureBuilt();
    if (m_replay->GetSize() < m_batchSize)
    {
        return std::nullopt;
    }
    const uint32_t choices = GetActionSpace().discrete[0];
    const std::vector<std::size_t> sample = m_replay->Sample(m_batchSize, m_replayRv);
    std::vector<const std::vector<double>*> states;
    std::vector<const std::vector<double>*> nextStates;
    for (std::size_t index : sample)
    {
        states.push_back(&m_replay->Get(index).observation);
        nextStates.push_back(&m_replay->Get(index).nextObservation);
    }
    const std::vector<float> next = ToBatch(nextStates);
    const std::vector<float> qNextOnline = m_online->Forward(next);
    const std::vector<float> qNextTarget = m_target->Forward(next);

    // Double-DQN targets: the online network picks a', the target network values it.
    std::vector<double> targets(sample.size());
    for (std::size_t i = 0; i < sample.size(); ++i)
    {
        const Transition& t = m_replay->Get(sample[i]);
        targets[i] = t.reward;
        if (!t.done)
        {
            const uint32_t best = ArgMax(qNextOnline.data() + i * choices, choices);
            targets[i] += m_gamma * static_cast<double>(qNextTarget[i * choices + best]);
        }
    }

    double loss = 0.0;
    const double batch = static_cast<double>(sample.size());
    m_online->ZeroGradients();
    m_online->Backpropagate(ToBatch(states), [&](const std::vector<float>& q) {
        std::vector<float> gradient(q.size(), 0.0F);
        for (std::size_t i = 0; i < sample.size(); ++i)
        {
            const std::size_t k = i * choices + m_replay->Get(sample[i]).action.discrete[0];
            const double error = static_cast<double>(q[k]) - targets[i];
            double slope;
            if (m_loss == MSE)
            {
                loss += error * error;
                slope = 2.0 * error;
            }
            else if (std::abs(error) <= 1.0)
            {
                loss += 0.5 * error * error;
                slope = error;
            }
            else
            {
                loss += std::abs(error) - 0.5;
                slope = error > 0 ? 1.0 : -1.0;
            }
            gradient[k] = static_cast<float>(slope / batch);
        }
        return gradient;
    });
    loss /= batch;
    if (m_maxGradientNorm > 0.0)
    {
        m_online->ClipGradientNorm(m_maxGradientNorm);
    }
    m_adam->Step();
    ++m_updates;
    if (m_targetUpdateInterval > 0 && m_updates % m_targetUpdateInterval == 0)
    {
        RefreshTarget();
    }
    m_lossTrace(GetAgentName(), m_updates, loss);
    return loss;
}

std::size_t
DdqnPolicy::GetReplaySize() const
{
    return m_replay ? m_replay->GetSize() : 0;
}

uint64_t
DdqnPolicy::GetTransitionCount() const
{
    return m_transitions;
}

uint64_t
DdqnPolicy::GetUpdateCount() const
{
    return m_updates;
}

void
DdqnPolicy::RefreshTarget()
{
    NS_LOG_FUNCTION(this);
    EnsureBuilt();
    *m_target = *m_online;
}

std::vector<float>
DdqnPolicy::DoGetParameters() const
{
    EnsureBuilt();
    return m_online->GetParameters();
}

void
DdqnPolicy::DoSetParameters(const std::vector<float>& parameters)
{
    EnsureBuilt();
    if (parameters.size() != m_online->GetParameterCount())
    {
        throw std::invalid_argument("DdqnPolicy '" + GetAgentName() +
                                    "'::SetParameters: " + std::to_string(parameters.size()) +
                                    " values for its " + m_online->GetArchitecture().ToString() +
                                    " network, which has " +
                                    std::to_string(m_online->GetParameterCount()) + " parameters");
    }
    m_online->SetParameters(parameters);
    *m_target = *m_online;
}

void
DdqnPolicy::DoSaveCheckpoint(const std::string& path) const
{
    EnsureBuilt();
    Checkpoint checkpoint;
    checkpoint.kind = CHECKPOINT_KIND;
    checkpoint.networks.push_back({"online", m_online->GetArchitecture(), DoGetParameters()});
    WriteCheckpoint(path, checkpoint);
}

void
DdqnPolicy::DoLoadCheckpoint(const std::string& path)
{
    EnsureBuilt();
    const auto parameters =
        ReadCheckpointParameters(path, CHECKPOINT_KIND, {{"online", m_online->GetArchitecture()}});
    DoSetParameters(parameters[0]);
}

int64_t
DdqnPolicy::DoAssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    if (m_online)
    {
        NS_LOG_WARN("agent " << GetAgentName()
                             << ": AssignStreams after the networks were built; the initial "
                                "weights came from another stream");
    }
    m_initRv->SetStream(stream);
    m_explorationRv->SetStream(stream + 1);
    m_replayRv->SetStream(stream + 2);
    return 3;
}

void
DdqnPolicy::SetHiddenLayers(const std::string& text)
{
    RequireNotBuilt("HiddenLayers");
    m_hiddenSizes = ParseLayerSizes(text, "DdqnPolicy attribute HiddenLayers");
}

std::string
DdqnPolicy::GetHiddenLayers() const
{
    return FormatLayerSizes(m_hiddenSizes);
}

void
DdqnPolicy::SetActivation(MlpArchitecture::Activation activation)
{
    RequireNotBuilt("Activation");
    m_activation = activation;
}

MlpArchitecture::Activation
DdqnPolicy::GetActivation() const
{
    return m_activation;
}

void
DdqnPolicy::SetReplayCapacity(uint32_t capacity)
{
    RequireNotBuilt("ReplayCapacity");
    m_replayCapacity = capacity;
}

uint32_t
DdqnPolicy::GetReplayCapacity() const
{
    return m_replayCapacity;
}

void
DdqnPolicy::SetLearningRate(double rate)
{
    if (!(rate > 0.0) || !std::isfinite(rate))
    {
        throw std::invalid_argument("DdqnPolicy attribute LearningRate: " + std::to_string(rate) +
                                    " must be > 0");
    }
    m_learningRate = rate;
    if (m_adam)
    {
        m_adam->SetLearningRate(rate);
    }
}

double
DdqnPolicy::GetLearningRate() const
{
    return m_learningRate;
}

} // namespace sagin
} // namespace ns3
