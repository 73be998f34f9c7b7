// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_SLOT_CONSENSUS_H
#define SAGIN_SLOT_CONSENSUS_H

#include "consensus-engine.h"

#include "ns3/event-id.h"

#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * What the slotted engines (PoS, DPoS, reputation) share. Time is cut into slots of
 * SlotDuration from time 0; slot s is [s T, (s+1) T). The consensus data of a block is its
 * slot (u64, 8 bytes). For each slot the engine names an ordered list of producers on top of
 * a parent (GetProducers(): PoS and DPoS name one; reputation ranks everyone); the producer
 * of rank r may produce from s T + r x GetFallbackDelay() on, so when rank 0 is offline rank 1
 * steps in, and so on. A slot whose producers are all offline has no block (a missed slot).
 *
 * Every receiver checks (CheckBlock): the slot is above the parent's, the timestamp lies in
 * the slot, after the producer's rank offset and not in the receiver's future, the producer
 * is on the slot's list, and the engine's body rule (DoCheckBody). The fork choice is the
 * longest chain, first seen on ties.
 */
class SlotConsensus : public ConsensusEngine
{
  public:
    /** Bytes of the consensus data. */
    static constexpr uint32_t DATA_BYTES = 8;

    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    SlotConsensus();
    ~SlotConsensus() override;

    /**
     * \param slot a slot index
     * \return the consensus data
     */
    static std::vector<uint8_t> EncodeSlot(uint64_t slot);

    /**
     * \param data consensus data; throws WireFormatError unless it is 8 bytes
     * \return the slot
     */
    static uint64_t DecodeSlot(const std::vector<uint8_t>& data);

    /** \return the slot duration */
    Time GetSlotDuration() const;

    /**
     * \param slot a slot index
     * \return its start time
     */
    Time GetSlotStart(uint64_t slot) const;

    /**
     * Producers of a slot on top of a parent, best first (member indices).
     * \param ledger the ledger holding the parent
     * \param parent the parent block
     * \param slot the slot
     * \return member indices
     */
    std::vector<uint32_t> GetProducers(const Ledger& ledger,
                                       const Sha256Digest& parent,
                                       uint64_t slot) const;

    /** \return how long a producer of rank r waits after the previous rank (time) */
    Time GetFallbackDelay() const;

    /**
     * \param ledger a ledger of this chain
     * \return slots 0 .. the tip's slot without a block on the main chain (missed slots)
     */
    static uint64_t CountMissedSlots(const Ledger& ledger);

  protected:
    /**
     * \param ledger a ledger
     * \param hash a stored block
     * \return its slot; genesis (no slot) gives -1
     */
    static int64_t SlotOf(const Ledger& ledger, const Sha256Digest& hash);

    void DoStart() override;
    void DoStop() override;

  private:
    std::string DoCheckBlock(const Ledger& ledger,
                             const BlockHeader& header,
                             const std::vector<Transaction>* body) const override;

    /**
     * \param ledger the ledger
     * \param parent the parent block
     * \param slot the slot
     * \return member indices, best first
     */
    virtual std::vector<uint32_t> DoGetProducers(const Ledger& ledger,
                                                 const Sha256Digest& parent,
                                                 uint64_t slot) const = 0;
    /** \return the delay between ranks (default: one slot, i.e. only rank 0 produces) */
    virtual Time DoGetFallbackDelay() const;
    /**
     * Transactions the producer must put first in its block (default none).
     * \param parent the parent block
     * \param slot the slot
     * \return the transactions, signed by this node
     */
    virtual std::vector<Transaction> DoMakeProducerTransactions(const Sha256Digest& parent,
                                                                uint64_t slot);
    /**
     * The engine's rule on the body (default: none).
     * \param ledger the ledger
     * \param header the header (slot and producer checked)
     * \param body the body
     * \return "" or why the block is invalid
     */
    virtual std::string DoCheckBody(const Ledger& ledger,
                                    const BlockHeader& header,
                                    const std::vector<Transaction>& body) const;

    /** Schedule the next slot's start. */
    void ScheduleNextSlot();
    /** \param slot a slot starts: plan this node's production if it is on the list */
    void OnSlot(uint64_t slot);
    /** \param slot produce for this slot if still allowed */
    void TryProduce(uint64_t slot);

    Time m_slotDuration{Seconds(1)}; //!< slot length
    EventId m_slotEvent;             //!< next slot start
    EventId m_produceEvent;          //!< planned production
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SLOT_CONSENSUS_H
