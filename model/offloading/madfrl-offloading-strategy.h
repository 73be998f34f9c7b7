// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_MADFRL_OFFLOADING_STRATEGY_H
#define SAGIN_MADFRL_OFFLOADING_STRATEGY_H

#include "offloading-strategy.h"

#include "ns3/object-factory.h"
#include "ns3/policy.h"

#include <vector>

namespace ns3
{
namespace sagin
{

class DdpgPolicy;

/**
 * \ingroup sagin
 * Study A's learned strategy, MADFRL (the source's Algorithm 3): a deep deterministic
 * policy-gradient agent per follower with mixed actions and a critic Q(S, A), target networks
 * and replay (DdpgPolicy, FollowerAgent), a leader agent of the same kind (LeaderAgent) whose
 * state is the followers' last f and c and whose action is every follower's price, and
 * federated aggregation of the followers' actors every AggregationPeriod slots.
 *
 * A follower's discrete choices (local or offload, channel, LEO) are its critic's best
 * combination (DdpgPolicy CRITIC_ARGMAX, as P-DQN), its actor giving the continuous ones: f
 * when local, f when offloading (one per choice, as P-DQN's parameters per discrete action)
 * and S_B [recon: with the actor's softmax heads (ACTOR_SOFTMAX) the federated actors, alike
 * after each aggregation, all took one channel and one LEO, and at 20 MHz every follower
 * offloaded onto it: 3.0 Mbit per slot; the critics stay each follower's own, so the choices
 * spread]. Gamma is 0 [recon]: the drift-plus-penalty term is the one-slot bound whose
 * minimisation every slot the source's guarantees (eqs. 41, 46) assume. The critic scores
 * 2 R O combinations per decision: at most 4096 (DdpgPolicy refuses more).
 *
 * With Sharing SHARED the followers use one agent instead (parameter sharing: one batched
 * decision per slot, every follower's transition in its replay, one update per slot, no
 * aggregation) [recon: learns from N M times more transitions per network].
 *
 * Each slot the leader acts first, then every follower on its observation: log(1 + Q / 10
 * Mbit) / 2 (queues grow by orders of magnitude while an agent learns), A / 30 Mbit, w / 4000,
 * lambda / maxPrice and its gain to each candidate LEO as (10 log10 g + 130 dB) / 20 dB (the
 * source's state: task, geometry, price, queue). Rewards: a follower's is the network's reward
 * sum_i (Q_i (D_i - A_i) + V F_i) / N M (Reward NETWORK, the source's eq. 33), its own term
 * (AGENT) or, the default, the network's reward less that without its decision (DIFFERENCE,
 * DifferenceReward; the -Q A terms cancel there), divided by (Q_i + V + 1) 30 Mbit
 * (NormalizeReward; a positive factor of the follower's state, which keeps each state's best action
 * at gamma 0) or times RewardScale; the leader's is its profit times RewardScale. The -Q A term
 * [fix]: the source's per-slot objective Q D + V F drops it because no decision of the slot changes
 * it, but over slots it is the drift's (Q(t+1)^2 - Q(t)^2 <=
 * ... + 2 Q (A - D)): without it an agent that lets its queue grow is paid Q D for it, and a
 * learner does learn that (ArrivalTerm false gives the source's reward as written).
 * A slot's transitions are recorded when the next slot's observations are known, with the
 * decision applied as the action (the Base of an OffloadingBaselineStrategy learns from the
 * baseline's replacement, not from its own proposal), and every
 * agent takes one update per slot while Training (exploration on); with Training off the
 * agents act greedily and learn nothing.
 *
 * The followers start from one actor, the global actor Z (follower 0's initial weights; where
 * a MAML initialisation is to come). Aggregation (source eqs. 34-36, their intent): Z moves
 * towards the followers' actors, Z <- Z + u sum_i w_i (Z_i - Z) (WeightedDeltaUpdate, u =
 * AggregationStep), and every follower takes Z as its actor (DdpgPolicy::SetActorParameters:
 * its critic and target networks stay its own).
 * w_i = (A_i / sum A + L_i / sum L) / 2, A_i the task size and L_i the path loss (dB) to the
 * follower's best LEO, each share normalised on its own [recon: the source adds Mbit to km].
 */
class MadfrlOffloadingStrategy : public OffloadingStrategy
{
  public:
    /** Whose networks the followers use. */
    enum Sharing
    {
        INDEPENDENT, //!< an agent per follower, actors federated (the source's)
        SHARED       //!< one agent for all followers (parameter sharing)
    };

    /** Whose reward a follower learns from. */
    enum RewardScope
    {
        NETWORK,   //!< the network's reward per follower (source eq. 33)
        AGENT,     //!< its own drift-plus-penalty term
        DIFFERENCE //!< the network's reward less that without the follower's decision
    };

    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    MadfrlOffloadingStrategy();
    ~MadfrlOffloadingStrategy() override;

    /** \return follower i's agent (after the first slot) */
    Ptr<DdpgPolicy> GetFollowerAgent(uint32_t i) const;
    /** \return the leader's agent (after the first slot) */
    Ptr<DdpgPolicy> GetLeaderAgent() const;
    /** \return aggregations done */
    uint32_t GetAggregations() const;

    /**
     * \param states the followers' states in the aggregating slot
     * \return w_i = (A_i / sum A + L_i / sum L) / 2, L_i the path loss (dB) to the follower's
     *         best LEO (200 dB when none is in view)
     */
    static std::vector<double> GetAggregationWeights(const std::vector<FollowerState>& states);

    /**
     * The network reward's difference (Wolpert and Tumer, 2002): sum_j term_j with the
     * follower's decision less the same with the follower computing locally at f_max and
     * proposing S_min (the arrival terms cancel). At flow level its best action is the
     * network reward's (the baseline does not depend on it), without the other followers'
     * own terms. At packet level its own term is the measured one, the others' change the
     * flow model's.
     * \param problem the slot
     * \param decision the slot's decision
     * \param outcome what it gave (measured at packet level)
     * \param model what the flow model gives the decision (problem.Evaluate)
     * \param follower i
     * \return the difference (objective units)
     */
    static double DifferenceReward(const OffloadingSlotProblem& problem,
                                   const OffloadingSlotDecision& decision,
                                   const OffloadingSlotOutcome& outcome,
                                   const OffloadingSlotOutcome& model,
                                   uint32_t follower);
    /**
     * \param k the slot constants
     * \return a follower agent as this strategy builds them (FollowerAgent, spaces for k)
     */
    Ptr<DdpgPolicy> MakeFollowerAgent(const OffloadingConstants& k) const;

    /**
     * Start every follower agent (each one, or the shared one) from these parameters, actor
     * and critic, e.g. a meta-learned initialisation (MetaTrainInitialization); the global
     * actor Z starts from their actor. Call before the first slot.
     * \param k the slot constants the agents are for
     * \param parameters an agent's GetParameters(); std::invalid_argument naming the count
     *        when MakeFollowerAgent(k) has another
     */
    void SetFollowerInitialization(const OffloadingConstants& k,
                                   const std::vector<float>& parameters);

    /**
     * \param k the slot constants
     * \return the parameters follower 0 will start from: the initialisation if set, else
     *         those a fresh agent draws on follower 0's streams (after AssignStreams), so a
     *         meta-training that starts there changes nothing when it moves nothing
     */
    std::vector<float> GetFollowerStart(const OffloadingConstants& k) const;

  private:
    void DoDispose() override;
    OffloadingSlotDecision DoDecide(const OffloadingSlotProblem& problem,
                                    const OffloadingSlotDecision& previous) override;
    void DoLearn(const OffloadingSlotProblem& problem,
                 const OffloadingSlotDecision& decision,
                 const OffloadingSlotOutcome& outcome) override;
    int64_t DoAssignStreams(int64_t stream) override;
    void DoSetTraining(bool training) override;

    /** \param problem create the agents for its sizes, unless they exist */
    void EnsureAgents(const OffloadingSlotProblem& problem);
    /**
     * \param problem the slot
     * \param i follower
     * \param price its price
     * \return its observation
     */
    std::vector<double> Observe(const OffloadingSlotProblem& problem,
                                uint32_t i,
                                double price) const;
    /** \param problem the slot: aggregate the followers' actors */
    void Aggregate(const OffloadingSlotProblem& problem);

    ObjectFactory m_followerFactory;          //!< FollowerAgent
    ObjectFactory m_leaderFactory;            //!< LeaderAgent
    Sharing m_sharing;                        //!< Sharing
    RewardScope m_rewardScope;                //!< Reward
    bool m_arrivalTerm;                       //!< ArrivalTerm
    bool m_normalizeReward;                   //!< NormalizeReward
    double m_rewardScale;                     //!< RewardScale
    uint32_t m_aggregationPeriod;             //!< AggregationPeriod (slots, 0: never)
    double m_aggregationStep;                 //!< AggregationStep u
    bool m_training;                          //!< Training
    bool m_exploring{true};                   //!< what the agents' Exploration is set to
    double m_fixedPrice;                      //!< FixedPrice, or < 0: the leader's agent
    int64_t m_stream;                         //!< first stream (AssignStreams), or -1
    std::vector<Ptr<DdpgPolicy>> m_followers; //!< one agent per follower
    Ptr<DdpgPolicy> m_leader;                 //!< the leader's agent
    std::vector<Transition> m_pending;        //!< followers' last transitions (no s' yet)
    Transition m_leaderPending;               //!< the leader's
    bool m_hasPending{false};                 //!< whether the pending ones wait for s'
    std::vector<double> m_lastFrequencies;    //!< f of every follower, last slot (GHz)
    std::vector<float> m_global;              //!< Z, the global actor
    std::vector<float> m_initialization;      //!< SetFollowerInitialization (empty: none)
    uint32_t m_slots{0};                      //!< slots decided
    uint32_t m_aggregations{0};               //!< aggregations done
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_MADFRL_OFFLOADING_STRATEGY_H
