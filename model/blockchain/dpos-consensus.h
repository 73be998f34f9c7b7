// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_DPOS_CONSENSUS_H
#define SAGIN_DPOS_CONSENSUS_H

#include "slot-consensus.h"

#include <map>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Delegated proof of stake (study A: the digital twins verify transactions by "delegated
 * stakes proof", Larimer's DPoS as in BitShares/EOS). Every member votes for candidates
 * (SetVotes(); a member that has not voted votes for itself); each vote carries the voter's
 * whole stake (approval voting). The Delegates members with the most votes are elected
 * (ties: lower member index), and they produce in round robin: slot s belongs to delegate
 * s mod K, in the order of election. An offline delegate's slots stay empty (missed slots);
 * the next delegate produces in the next slot on the chain it has. Votes are fixed for the
 * run (no vote transactions), so the delegate set is elected once.
 */
class DposConsensus : public SlotConsensus
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    DposConsensus();
    ~DposConsensus() override;

    /**
     * Record a member's votes (replacing earlier ones).
     * \param voterNodeId the voter's node id (a member)
     * \param candidateNodeIds node ids of the members it votes for
     */
    void SetVotes(uint32_t voterNodeId, std::vector<uint32_t> candidateNodeIds);

    /**
     * The election.
     * \param stakes stake of each member
     * \param votes for each member, the member indices it votes for
     * \param delegates how many to elect (K >= 1)
     * \return member indices of the elected delegates, most votes first (at most K; members
     *         without any vote weight are not elected)
     */
    static std::vector<uint32_t> Elect(const std::vector<double>& stakes,
                                       const std::vector<std::vector<uint32_t>>& votes,
                                       uint32_t delegates);

    /** \return the elected delegates (member indices, production order) */
    std::vector<uint32_t> GetDelegates() const;

  private:
    std::string DoGetName() const override;
    std::vector<uint32_t> DoGetProducers(const Ledger& ledger,
                                         const Sha256Digest& parent,
                                         uint64_t slot) const override;

    uint32_t m_delegateCount{21};                      //!< K
    std::map<uint32_t, std::vector<uint32_t>> m_votes; //!< voter node id -> candidate node ids
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_DPOS_CONSENSUS_H
