// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_POS_CONSENSUS_H
#define SAGIN_POS_CONSENSUS_H

#include "slot-consensus.h"

#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Proof of stake: one producer per slot, drawn with probability proportional to stake (the
 * members' weights) from a seed every node computes alike:
 * SHA-256("sagin/pos-slot/v1" || parent hash || slot u64 big-endian). Its first 8 bytes,
 * big-endian, give u = (x >> 11) / 2^53 in [0, 1); the producer is the first member whose
 * cumulative stake exceeds u x total stake (members in AddMember() order). A slot whose
 * producer is offline has no block. Receivers recompute the draw and refuse a block from
 * anyone else (SlotConsensus::CheckBlock). Stakes are fixed (no staking transactions); a
 * producer could grind its parent's hash to bias the next draw, which slot-seeded
 * randomness beacons (RANDAO, VRFs) prevent and this model does not.
 */
class PosConsensus : public SlotConsensus
{
  public:
    /** Domain label of the seed. */
    static const std::string SEED_DOMAIN;

    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    PosConsensus();
    ~PosConsensus() override;

    /**
     * The stake-weighted draw.
     * \param stakes stake of each member (>= 0, not all zero)
     * \param parent the parent block's hash
     * \param slot the slot
     * \return the index of the producer
     */
    static uint32_t SelectProducer(const std::vector<double>& stakes,
                                   const Sha256Digest& parent,
                                   uint64_t slot);

  private:
    std::string DoGetName() const override;
    std::vector<uint32_t> DoGetProducers(const Ledger& ledger,
                                         const Sha256Digest& parent,
                                         uint64_t slot) const override;
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_POS_CONSENSUS_H
