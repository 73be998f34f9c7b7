// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_ACTOR_CRITIC_POLICY_H
#define SAGIN_ACTOR_CRITIC_POLICY_H

#include "mlp.h"
#include "policy.h"

#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <memory>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Advantage actor-critic (A2C, the synchronous form of Mnih et al., ICML 2016) for any
 * ActionSpace: continuous components, discrete heads, or both at once (study A's follower
 * picks a CPU frequency, an offload decision, a channel and a block size together).
 *
 * Networks (Mlp, hidden layers HiddenLayers with Activation), built and their weights drawn
 * on first use (the first decision, update, parameter or checkpoint access), so call
 * AssignStreams() before:
 * - the actor: one trunk shared by every head, whose output layer holds, in this order,
 *   for each continuous component c a mean μ_c and a raw log standard deviation ρ_c, then for
 *   each discrete head h one logit per choice. Component c is a tanh-squashed Gaussian:
 *   z ~ N(μ_c, σ_c), a_c = mid_c + half_c tanh(z) (mid_c, half_c the middle and half width of
 *   its range), so every action lies inside its range; log σ_c = LogStdMin +
 *   (LogStdMax − LogStdMin)(tanh(ρ_c) + 1)/2 keeps σ_c bounded with a smooth gradient
 *   (Haarnoja et al., ICML 2018, appendix C, for the squashing). Head h is categorical:
 *   π(k) = softmax(logits_h)_k.
 * - the critic: observation -> state value V(s).
 *
 * Acting: with Exploration, z is drawn from N(μ_c, σ_c) (one ns-3 standard normal per
 * component) and each head's choice from its categorical distribution (one ns-3 uniform per
 * head, inverse CDF); without it the policy is greedy (a_c = mid_c + half_c tanh(μ_c), the
 * most probable choice, lowest index on ties) and draws nothing.
 *
 * Learning (on-policy): RecordTransition() appends to the rollout; each Update(), once
 * RolloutLength transitions are held, learns from all of them and empties the rollout:
 * 1. the one-step advantage A = r + Gamma V(s') − V(s) (r − V(s) when done), the n = 1
 *    case of Mnih et al.'s n-step returns, which also holds when several agents' steps
 *    interleave in one rollout;
 * 2. one Adam step (ActorLearningRate) on the actor's loss
 *    −mean(A Σ log π(a | s)) − EntropyCoefficient mean(Σ H), the sum over components and
 *    heads (a zero-width range adds nothing), with H the entropy of each head and of each
 *    component's Gaussian before squashing; log π of a continuous component is that of
 *    z = atanh((a − mid)/half) (the squashing's Jacobian does not depend on the actor);
 * 3. one Adam step (CriticLearningRate) on the critic's mean squared error to
 *    r + Gamma V(s') (r when done).
 * Gradients are clipped to a global norm of MaxGradientNorm (0: no clipping). The gradients
 * of log π and H with respect to the actor's outputs are closed forms (softmax and Gaussian),
 * back-propagated through the trunk by Mlp::Backpropagate.
 *
 * Randomness: three ns-3 streams (AssignStreams): initial weights (actor, then critic),
 * continuous exploration, discrete exploration. Same RngSeed/RngRun and streams => the same actions
 * and weights, bit for bit.
 *
 * Parameters (GetParameters(), SetParameters()) are the actor's followed by the critic's. A
 * checkpoint (kind "ns3::sagin::ActorCriticPolicy", networks "actor" and "critic") holds no
 * optimizer state or rollout.
 */
class ActorCriticPolicy : public Policy
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    ActorCriticPolicy();
    ~ActorCriticPolicy() override;

    /**
     * \param observation a finite observation of the length given to SetSpaces()
     * \return the greedy action (no exploration, nothing drawn)
     */
    Action GetGreedyAction(const std::vector<double>& observation);

    /**
     * \param observation a finite observation of the length given to SetSpaces()
     * \param head a discrete head
     * \return the probability of each of its choices
     */
    std::vector<double> GetChoiceProbabilities(const std::vector<double>& observation,
                                               uint32_t head);

    /**
     * \param observation a finite observation of the length given to SetSpaces()
     * \param component a continuous component
     * \return σ of its Gaussian before squashing (dimensionless, in units of tanh's input)
     */
    double GetStandardDeviation(const std::vector<double>& observation, uint32_t component);

    /**
     * \param observation a finite observation of the length given to SetSpaces()
     * \return the critic's V(observation)
     */
    double GetValue(const std::vector<double>& observation);

    /** \return how many transitions were recorded (dropped ones excluded) */
    uint64_t GetTransitionCount() const;

    /** \return how many updates Update() took */
    uint64_t GetUpdateCount() const;

    /** \return how many transitions wait in the rollout */
    std::size_t GetRolloutSize() const;

    /** \return the actor's architecture (needs SetSpaces()) */
    MlpArchitecture GetActorArchitecture() const;

    /** \return the critic's architecture (needs SetSpaces()) */
    MlpArchitecture GetCriticArchitecture() const;

    /**
     * TracedCallback signature of Loss.
     * \param agent the agent name
     * \param update the update number (1, 2, ...)
     * \param criticLoss the critic's mean squared error on the rollout
     * \param actorLoss the actor's loss on the rollout (entropy term included)
     * \param entropy the mean summed entropy of the heads and components
     */
    typedef void (*LossTracedCallback)(const std::string& agent,
                                       uint64_t update,
                                       double criticLoss,
                                       double actorLoss,
                                       double entropy);

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

    /** Build the networks and optimizers if not done yet. */
    void EnsureBuilt() const;
    /**
     * \param outputs the actor's outputs for one observation
     * \param explore sample (true) or act greedily
     * \return the action
     */
    Action ToAction(const float* outputs, bool explore);
    /**
     * \param rho a raw log standard deviation
     * \return log σ, in [LogStdMin, LogStdMax]
     */
    double LogStd(double rho) const;
    /**
     * \param observation checked for length
     * \param method for the message
     * \return the actor's outputs for it
     */
    std::vector<float> ActorOutputs(const std::vector<double>& observation,
                                    const std::string& method);
    /** \param observation checked for length \param method for the message */
    void CheckLength(const std::vector<double>& observation, const std::string& method) const;
    /**
     * Throw std::invalid_argument unless logStdMin < logStdMax.
     * \param logStdMin a LogStdMin value
     * \param logStdMax a LogStdMax value
     */
    void CheckLogStdBounds(double logStdMin, double logStdMax) const;
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
    /** \param rate ActorLearningRate attribute */
    void SetActorLearningRate(double rate);
    /** \return ActorLearningRate attribute */
    double GetActorLearningRate() const;
    /** \param rate CriticLearningRate attribute */
    void SetCriticLearningRate(double rate);
    /** \return CriticLearningRate attribute */
    double GetCriticLearningRate() const;
    /** \param value LogStdMin attribute */
    void SetLogStdMin(double value);
    /** \return LogStdMin attribute */
    double GetLogStdMin() const;
    /** \param value LogStdMax attribute */
    void SetLogStdMax(double value);
    /** \return LogStdMax attribute */
    double GetLogStdMax() const;

    std::vector<uint32_t> m_hiddenSizes;                 //!< HiddenLayers
    MlpArchitecture::Activation m_activation;            //!< Activation
    double m_gamma;                                      //!< Gamma
    double m_actorLearningRate;                          //!< ActorLearningRate
    double m_criticLearningRate;                         //!< CriticLearningRate
    double m_entropyCoefficient;                         //!< EntropyCoefficient
    uint32_t m_rolloutLength;                            //!< RolloutLength
    double m_logStdMin;                                  //!< LogStdMin
    double m_logStdMax;                                  //!< LogStdMax
    double m_maxGradientNorm;                            //!< MaxGradientNorm
    bool m_exploration;                                  //!< Exploration
    uint64_t m_transitions{0};                           //!< transitions recorded
    uint64_t m_updates{0};                               //!< updates taken
    std::vector<Transition> m_rollout;                   //!< transitions since the last update
    mutable std::unique_ptr<Mlp> m_actor;                //!< actor (trunk and heads)
    mutable std::unique_ptr<Mlp> m_critic;               //!< critic V
    mutable std::unique_ptr<AdamOptimizer> m_actorAdam;  //!< optimizer of the actor
    mutable std::unique_ptr<AdamOptimizer> m_criticAdam; //!< optimizer of the critic
    Ptr<UniformRandomVariable> m_initRv;                 //!< initial weights
    Ptr<NormalRandomVariable> m_gaussianRv;              //!< continuous exploration
    Ptr<UniformRandomVariable> m_categoricalRv;          //!< discrete exploration
    /** Loss trace source */
    TracedCallback<const std::string&, uint64_t, double, double, double> m_lossTrace;
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_ACTOR_CRITIC_POLICY_H
