// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_REPUTATION_CONSENSUS_H
#define SAGIN_REPUTATION_CONSENSUS_H

#include "slot-consensus.h"

#include <unordered_map>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Study B's reputation-based permissioned chain. Each member (a satellite's terrestrial
 * server) has a reputation, starting at its weight. Each slot is an aggregation round: the
 * members are ranked by reputation (highest first, ties by member index) and the first one
 * online produces the block (and aggregates the federated model): rank r may produce from
 * FallbackDelay x r into the slot, so an offline server is passed over after FallbackDelay.
 *
 * Reputation is what the chain records. REPUTATION_CHANGE transactions (ROUND_BEHAVIOUR,
 * delta = +rho x normal users or -rho x malicious users, study B eqs. 20-22) move the
 * subject's reputation when their block is on the chain; they must be signed by a member.
 * The producer puts first in its block a PRODUCER_RESET change of itself with delta =
 * ResetReputation - its reputation, and its reputation becomes ResetReputation (study B:
 * the aggregator "puts its reputation record to" zero). Receivers recompute every
 * reputation from the chain and check the ranking, the reset and the senders. Full ledgers
 * only (the ranking needs the bodies).
 *
 * GetCurrentProducer() is the federated-learning aggregator of the next round.
 */
class ReputationConsensus : public SlotConsensus
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    ReputationConsensus();
    ~ReputationConsensus() override;

    /**
     * \param ledger a full ledger of this chain
     * \param hash a stored block
     * \return every member's reputation after that block (member order)
     */
    std::vector<double> GetReputations(const Ledger& ledger, const Sha256Digest& hash) const;

    /**
     * \param ledger a full ledger of this chain
     * \param parent a stored block
     * \return member indices by reputation after it, highest first (ties: lower index)
     */
    std::vector<uint32_t> Rank(const Ledger& ledger, const Sha256Digest& parent) const;

    /**
     * The aggregator of the next round: the highest-reputation member on this node's tip
     * (it produces unless offline; then the next one does).
     * \return its node id (the engine must be started)
     */
    uint32_t GetCurrentProducer() const;

    /**
     * The aggregators of the next round in order: the members by reputation on this node's
     * tip, highest first (GetCurrentProducer() is the first; the others step in, in turn,
     * when it is offline).
     * \return their node ids (the engine must be started)
     */
    std::vector<uint32_t> GetRanking() const;

    /**
     * \return node id of the producer of this node's tip (the last aggregator)
     * \throws std::logic_error while the tip is the genesis block (no member produced it)
     */
    uint32_t GetLastProducer() const;

  private:
    std::string DoGetName() const override;
    void DoStart() override;
    std::vector<uint32_t> DoGetProducers(const Ledger& ledger,
                                         const Sha256Digest& parent,
                                         uint64_t slot) const override;
    Time DoGetFallbackDelay() const override;
    std::vector<Transaction> DoMakeProducerTransactions(const Sha256Digest& parent,
                                                        uint64_t slot) override;
    std::string DoCheckBody(const Ledger& ledger,
                            const BlockHeader& header,
                            const std::vector<Transaction>& body) const override;
    bool DoIsIncludable(const Transaction& transaction) const override;

    /**
     * Apply a block's reputation changes in body order (a PRODUCER_RESET sets the subject to
     * ResetReputation, a ROUND_BEHAVIOUR change adds its delta).
     * \param state reputations before the block (updated)
     * \param body the block's body
     */
    void Apply(std::vector<double>* state, const std::vector<Transaction>& body) const;

    Time m_fallbackDelay{MilliSeconds(200)}; //!< wait per rank
    double m_resetReputation{0};             //!< producer's reputation after producing
    mutable std::unordered_map<Sha256Digest, std::vector<double>, Sha256DigestHash>
        m_cache; //!< reputations after each block
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_REPUTATION_CONSENSUS_H
