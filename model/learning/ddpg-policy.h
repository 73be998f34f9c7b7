// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_DDPG_POLICY_H
#define SAGIN_DDPG_POLICY_H

#include "mlp.h"
#include "policy.h"
#include "replay-buffer.h"

#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <memory>
#include <optional>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Deep deterministic policy gradient agent (Lillicrap et al., ICLR 2016) for continuous
 * action components, each bounded by its range in the ActionSpace: study A's CPU frequency
 * and transmit power decisions.
 *
 * Networks (Mlp, hidden layers HiddenLayers with Activation), built and their weights drawn
 * on first use (the first decision, update, parameter or checkpoint access), so call
 * AssignStreams() before:
 * - the actor maps an observation to one pre-activation u_c per continuous component; the
 *   action is a_c = mid_c + half_c * tanh(u_c), with mid_c and half_c the middle and half
 *   width of the component's range, so every action lies inside its range;
 * - the critic maps the observation followed by the normalised action
 *   tanh(u_c) = (a_c - mid_c) / half_c (in [-1, 1]; 0 for a zero-width range), then the
 *   discrete heads (below), to Q(s, a);
 * - a target copy of each, following its network by soft updates
 *   θ' ← Tau θ + (1 - Tau) θ' after every update.
 *
 * Acting: with Exploration, Gaussian noise of standard deviation NoiseStd (a fraction of the
 * component's half width) is added to tanh(u_c) and the result clipped to [-1, 1] before
 * scaling; without it the policy is deterministic (evaluation) and draws nothing.
 *
 * Learning: RecordTransition() appends to a replay ring buffer of ReplayCapacity
 * transitions. Each Update(), once BatchSize transitions are held, samples BatchSize of them
 * uniformly with replacement and
 * 1. takes one Adam step (CriticLearningRate) on the critic's mean squared error to
 *    y = r + Gamma * Q'(s', μ'(s')) (y = r when done), with the target networks;
 * 2. takes one Adam step (ActorLearningRate) on the actor, ascending Q(s, μ(s)): the critic
 *    gives dQ/da (its input gradient), chained through tanh into the actor;
 * 3. soft-updates both target networks.
 * Gradients are clipped to a global norm of MaxGradientNorm (0: no clipping).
 *
 * Randomness: three ns-3 streams (AssignStreams): initial weights (actor, then critic),
 * exploration noise (one standard normal draw per component per decision), replay sampling.
 * Same RngSeed/RngRun and streams => the same actions and weights, bit for bit.
 *
 * Discrete heads (study A's actor: local or offload, channel, LEO beside CPU frequency and
 * block size): the actor's outputs are the continuous pre-activations followed by one logit
 * per choice of each head. Acting takes each head's most likely choice, or with Exploration
 * draws it from the head's softmax (the uniform from the noise stream's standard normal
 * through the normal CDF, one draw per head after the continuous components). The critic
 * sees each head as a one-hot (a taken action) or as its softmax (the actor's relaxed action,
 * in the target y and in the actor's step, whose gradient passes through the softmax's
 * Jacobian): a deterministic-policy-gradient actor with relaxed categorical heads, as
 * MADDPG does for discrete actions (Lowe et al., NIPS 2017). Without discrete heads nothing
 * changes, bit for bit.
 *
 * With DiscreteChoice CRITIC_ARGMAX the discrete heads are chosen by the critic instead, as
 * parameterised-action DQN does (P-DQN, Xiong et al., arXiv:1810.06394): the actor gives
 * the continuous components only, and the critic, as P-DQN's network, maps the observation
 * and the normalised continuous components to one Q per combination of choices (one choice
 * per head, at most 4096 combinations; combination c numbers the choices with the last head
 * fastest): one critic row per decision. The action takes the combination of largest Q;
 * exploring, a uniformly drawn combination with probability DiscreteEpsilon instead (two
 * draws of the noise stream per decision, after its continuous components; none when there
 * is only one combination). The critic fits the taken combination's output; its target takes
 * the best combination at s' (none is needed at Gamma 0), and the actor ascends the mean Q
 * over every combination (P-DQN's sum, scaled): the parameters of every choice learn, not
 * only of those taken. Agents that share an actor but keep their own critic then choose
 * apart, each from its own experience.
 *
 * Parameters (GetParameters(), SetParameters()) are the actor's followed by the critic's;
 * setting or loading them sets the target networks too. A checkpoint (kind
 * "ns3::sagin::DdpgPolicy", networks "actor" and "critic") holds no optimizer state or
 * replay.
 */
class DdpgPolicy : public Policy
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /** Who chooses the discrete heads. */
    enum DiscreteChoice
    {
        ACTOR_SOFTMAX, //!< the actor's logits, relaxed for the critic (MADDPG)
        CRITIC_ARGMAX  //!< the critic's best combination (P-DQN)
    };

    DdpgPolicy();
    ~DdpgPolicy() override;

    /**
     * \param observation a finite observation of the length given to SetSpaces()
     * \param action an action of the action space (values are clipped to their ranges)
     * \return the critic's Q(observation, action)
     */
    double GetQValue(const std::vector<double>& observation, const Action& action);

    /**
     * \param observation a finite observation of the length given to SetSpaces()
     * \return the actor's deterministic action (no exploration noise, nothing drawn)
     */
    Action GetGreedyAction(const std::vector<double>& observation);

    /**
     * Replace the online actor only (federated aggregation of actors): the critic, the
     * target networks and the optimizers' moments stay, the target actor following by its
     * soft updates.
     * \param parameters the actor's (GetActorArchitecture().GetParameterCount() of them;
     *        std::invalid_argument otherwise)
     */
    void SetActorParameters(const std::vector<float>& parameters);

    /** \return how many transitions were recorded (dropped ones excluded) */
    uint64_t GetTransitionCount() const;

    /** \return how many updates (critic and actor steps) Update() took */
    uint64_t GetUpdateCount() const;

    /** \return how many transitions the replay buffer holds */
    std::size_t GetReplaySize() const;

    /** \return the actor's architecture (needs SetSpaces()) */
    MlpArchitecture GetActorArchitecture() const;

    /** \return the critic's architecture (needs SetSpaces()) */
    MlpArchitecture GetCriticArchitecture() const;

    /**
     * TracedCallback signature of Loss.
     * \param agent the agent name
     * \param update the update number (1, 2, ...)
     * \param criticLoss the critic's mean squared error on the batch
     * \param actorLoss the actor's loss, -mean Q(s, μ(s)) on the batch
     */
    typedef void (*LossTracedCallback)(const std::string& agent,
                                       uint64_t update,
                                       double criticLoss,
                                       double actorLoss);

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

    /** Build the networks, optimizers and replay buffer if not done yet. */
    void EnsureBuilt() const;
    /** \return the actor's outputs: continuous components, then logits (ACTOR_SOFTMAX) */
    std::size_t GetActorOutputCount() const;
    /**
     * The actions for observations: the actor's continuous components (with exploration
     * noise), then with CRITIC_ARGMAX the critic's best combination of choices or, exploring,
     * sometimes a uniform one; each row's draws in row order.
     * \param states the observations, row after row
     * \param explore whether to explore
     * \return one action per row
     */
    std::vector<Action> Act(const std::vector<float>& states, bool explore);
    /**
     * \param explore whether to explore
     * \return with probability DiscreteEpsilon a uniformly drawn combination's index (two
     *         noise-stream draws while exploring with more than one combination), else none
     */
    std::optional<std::size_t> DrawExploredCombination(bool explore);
    /**
     * \param critic a critic
     * \param states observations, row after row
     * \param continuous each row's normalised continuous components, row after row
     * \return for each row, the index in m_combinations of the best combination and its Q
     */
    std::vector<std::pair<std::size_t, float>> BestCombinations(
        const Mlp& critic,
        const std::vector<float>& states,
        const std::vector<float>& continuous) const;
    /**
     * \param preActivation the actor's outputs for one observation
     * \param explore add exploration noise
     * \return the action
     */
    Action ToAction(const float* preActivation, bool explore);
    /**
     * \param action an action of the space
     * \return its normalised components (the critic's action input), in [-1, 1]
     */
    std::vector<float> Normalize(const Action& action) const;
    /**
     * \param action an action of the space (its discrete heads are not read)
     * \return its normalised continuous components, in [-1, 1]
     */
    std::vector<float> NormalizeContinuous(const Action& action) const;
    /**
     * \param target a target network
     * \param online its network
     * Soft update target ← Tau online + (1 - Tau) target.
     */
    void SoftUpdate(Mlp& target, const Mlp& online) const;
    /**
     * \param choices one per discrete head
     * \return the combination's number (its critic output with CRITIC_ARGMAX)
     * \throw std::invalid_argument naming a choice out of its head's range
     */
    std::size_t CombinationIndex(const std::vector<uint32_t>& choices) const;
    /** Throw std::logic_error if the networks exist. \param attribute being set */
    void RequireNotBuilt(const std::string& attribute) const;
    /** \param observation checked for length \param method for the message */
    void CheckLength(const std::vector<double>& observation, const std::string& method) const;

    /** \param text HiddenLayers attribute */
    void SetHiddenLayers(const std::string& text);
    /** \return HiddenLayers attribute */
    std::string GetHiddenLayers() const;
    /** \param activation Activation attribute */
    void SetActivation(MlpArchitecture::Activation activation);
    /** \return Activation attribute */
    MlpArchitecture::Activation GetActivation() const;
    /**
     * \param space an action space
     * \param context the agent, for messages
     * \return every combination of one choice per head (CRITIC_ARGMAX); std::invalid_argument
     *         for a space without a continuous component or with more than 4096 combinations
     */
    static std::vector<std::vector<uint32_t>> Combinations(const ActionSpace& space,
                                                           const std::string& context);
    /** \param choice DiscreteChoice attribute (not once the networks are built) */
    void SetDiscreteChoice(DiscreteChoice choice);
    /** \return DiscreteChoice attribute */
    DiscreteChoice GetDiscreteChoice() const;
    /** \param capacity ReplayCapacity attribute */
    void SetReplayCapacity(uint32_t capacity);
    /** \return ReplayCapacity attribute */
    uint32_t GetReplayCapacity() const;
    /** \param rate ActorLearningRate attribute */
    void SetActorLearningRate(double rate);
    /** \return ActorLearningRate attribute */
    double GetActorLearningRate() const;
    /** \param rate CriticLearningRate attribute */
    void SetCriticLearningRate(double rate);
    /** \return CriticLearningRate attribute */
    double GetCriticLearningRate() const;

    std::vector<uint32_t> m_hiddenSizes;                       //!< HiddenLayers
    MlpArchitecture::Activation m_activation;                  //!< Activation
    double m_gamma;                                            //!< Gamma
    double m_tau;                                              //!< Tau
    double m_actorLearningRate;                                //!< ActorLearningRate
    double m_criticLearningRate;                               //!< CriticLearningRate
    uint32_t m_batchSize;                                      //!< BatchSize
    uint32_t m_replayCapacity;                                 //!< ReplayCapacity
    double m_noiseStd;                                         //!< NoiseStd
    double m_maxGradientNorm;                                  //!< MaxGradientNorm
    bool m_exploration;                                        //!< Exploration
    DiscreteChoice m_discreteChoice;                           //!< DiscreteChoice
    double m_discreteEpsilon;                                  //!< DiscreteEpsilon
    mutable std::vector<std::vector<uint32_t>> m_combinations; //!< CRITIC_ARGMAX: all choices
    uint64_t m_transitions{0};                                 //!< transitions recorded
    uint64_t m_updates{0};                                     //!< updates taken
    mutable std::unique_ptr<Mlp> m_actor;                      //!< actor μ
    mutable std::unique_ptr<Mlp> m_critic;                     //!< critic Q
    mutable std::unique_ptr<Mlp> m_targetActor;                //!< target actor μ'
    mutable std::unique_ptr<Mlp> m_targetCritic;               //!< target critic Q'
    mutable std::unique_ptr<AdamOptimizer> m_actorAdam;        //!< optimizer of the actor
    mutable std::unique_ptr<AdamOptimizer> m_criticAdam;       //!< optimizer of the critic
    mutable std::unique_ptr<ReplayBuffer> m_replay;            //!< experience
    Ptr<UniformRandomVariable> m_initRv;                       //!< initial weights
    Ptr<NormalRandomVariable> m_noiseRv;                       //!< exploration noise
    Ptr<UniformRandomVariable> m_replayRv;                     //!< replay sampling
    /** Loss trace source */
    TracedCallback<const std::string&, uint64_t, double, double> m_lossTrace;
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_DDPG_POLICY_H
