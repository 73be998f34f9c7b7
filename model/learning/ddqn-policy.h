// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_DDQN_POLICY_H
#define SAGIN_DDQN_POLICY_H

#include "mlp.h"
#include "policy.h"
#include "replay-buffer.h"

#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <memory>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Double deep Q-network agent (van Hasselt, Guez and Silver, AAAI 2016) on one discrete
 * action head: study B's pricing agents and the handover example.
 *
 * Networks: an online and a target Mlp, observation -> one Q-value per choice, hidden layers
 * HiddenLayers with Activation. They are built, and their weights drawn, on first use (the
 * first decision, update, parameter or checkpoint access), so call AssignStreams() before.
 *
 * Acting: ε-greedy on the online network's Q-values (the lowest index among equal values),
 * ε falling linearly from EpsilonInitial to EpsilonFinal over EpsilonDecaySteps recorded
 * transitions, then staying at EpsilonFinal. With Exploration = false the policy is greedy
 * (evaluation) and draws nothing.
 *
 * Learning: RecordTransition() appends to a replay ring buffer of ReplayCapacity
 * transitions. Each Update(), once BatchSize transitions are held, samples BatchSize of them
 * uniformly with replacement and takes one Adam step (LearningRate) on the mean Loss (Huber
 * with threshold 1, or squared error) between Q_online(s, a) and the Double-DQN target
 * y = r + Gamma * Q_target(s', argmax_a' Q_online(s', a')), or y = r when done. Gradients are
 * clipped to a global norm of MaxGradientNorm (0: no clipping). The target network copies
 * the online one every TargetUpdateInterval updates (0: only on RefreshTarget()).
 *
 * Randomness: three ns-3 streams (AssignStreams): initial weights, exploration (ε test, then
 * the random choice), replay sampling. Same RngSeed/RngRun and streams => the same decisions,
 * losses and weights, bit for bit (LibTorch single-threaded by default: SaginTorchThreads).
 *
 * Parameters (GetParameters(), SetParameters(), checkpoints) are the online network's;
 * setting or loading them sets the target network too. A checkpoint (kind
 * "ns3::sagin::DdqnPolicy", one network "online") holds no optimizer state or replay.
 */
class DdqnPolicy : public Policy
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    DdqnPolicy();
    ~DdqnPolicy() override;

    /**
     * \param observation a finite observation
     * \return the online network's Q-value of each choice
     */
    std::vector<double> GetQValues(const std::vector<double>& observation);

    /** \return ε for the next decision */
    double GetEpsilon() const;

    /** \return how many transitions were recorded (dropped ones excluded) */
    uint64_t GetTransitionCount() const;

    /** \return how many gradient steps Update() took */
    uint64_t GetUpdateCount() const;

    /** \return how many transitions the replay buffer holds */
    std::size_t GetReplaySize() const;

    /** Copy the online network into the target network now. */
    void RefreshTarget();

    /**
     * \return the architecture of the networks (needs SetSpaces())
     */
    MlpArchitecture GetArchitecture() const;

    /**
     * TracedCallback signature of Loss.
     * \param agent the agent name
     * \param update the gradient step number (1, 2, ...)
     * \param loss the mean loss of the batch
     */
    typedef void (*LossTracedCallback)(const std::string& agent, uint64_t update, double loss);

  protected:
    void DoDispose() override;

  private:
    void DoSetSpaces(uint32_t observationSize, const ActionSpace& actionSpace) override;
    Action DoDecide(const std::vector<double>& observation) override;
    std::vector<Action> DoDecideBatch(
        const std::vector<std::vector<double>>& observations) override;
    void DoRecordTransition(const Transition& transition) override;
    std::optional<double> DoUpdate() override;
    std::vector<float> DoGetParameters() const override;
    void DoSetParameters(const std::vector<float>& parameters) override;
    void DoSaveCheckpoint(const std::string& path) const override;
    void DoLoadCheckpoint(const std::string& path) override;
    int64_t DoAssignStreams(int64_t stream) override;

    /** Build the networks, optimizer and replay buffer if not done yet. */
    void EnsureBuilt() const;
    /**
     * \param q Q-values of one observation (ActionCount values)
     * \return the action: ε-greedy, or greedy without Exploration
     */
    Action Choose(const float* q);
    /** Throw std::logic_error if the networks exist. \param attribute being set */
    void RequireNotBuilt(const std::string& attribute) const;

    /** \param text HiddenLayers attribute */
    void SetHiddenLayers(const std::string& text);
    /** \return HiddenLayers attribute */
    std::string GetHiddenLayers() const;
    /** \param activation Activation attribute */
    void SetActivation(MlpArchitecture::Activation activation);
    /** \return Activation attribute */
    MlpArchitecture::Activation GetActivation() const;
    /** \param capacity ReplayCapacity attribute */
    void SetReplayCapacity(uint32_t capacity);
    /** \return ReplayCapacity attribute */
    uint32_t GetReplayCapacity() const;
    /** \param rate LearningRate attribute */
    void SetLearningRate(double rate);
    /** \return LearningRate attribute */
    double GetLearningRate() const;

    /** Loss functions. */
    enum LossKind
    {
        HUBER = 0, //!< Huber (smooth L1) with threshold 1
        MSE = 1    //!< squared error
    };

    std::vector<uint32_t> m_hiddenSizes;            //!< HiddenLayers
    MlpArchitecture::Activation m_activation;       //!< Activation
    double m_gamma;                                 //!< Gamma
    double m_learningRate;                          //!< LearningRate
    uint32_t m_batchSize;                           //!< BatchSize
    uint32_t m_replayCapacity;                      //!< ReplayCapacity
    double m_epsilonInitial;                        //!< EpsilonInitial
    double m_epsilonFinal;                          //!< EpsilonFinal
    uint32_t m_epsilonDecaySteps;                   //!< EpsilonDecaySteps
    uint32_t m_targetUpdateInterval;                //!< TargetUpdateInterval
    double m_maxGradientNorm;                       //!< MaxGradientNorm
    LossKind m_loss;                                //!< Loss
    bool m_exploration;                             //!< Exploration
    uint64_t m_transitions{0};                      //!< transitions recorded
    uint64_t m_updates{0};                          //!< gradient steps taken
    mutable std::unique_ptr<Mlp> m_online;          //!< online network
    mutable std::unique_ptr<Mlp> m_target;          //!< target network
    mutable std::unique_ptr<AdamOptimizer> m_adam;  //!< optimizer of the online network
    mutable std::unique_ptr<ReplayBuffer> m_replay; //!< experience
    Ptr<UniformRandomVariable> m_initRv;            //!< initial weights
    Ptr<UniformRandomVariable> m_explorationRv;     //!< ε test and random choices
    Ptr<UniformRandomVariable> m_replayRv;          //!< replay sampling
    /** Loss trace source */
    TracedCallback<const std::string&, uint64_t, double> m_lossTrace;
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_DDQN_POLICY_H
