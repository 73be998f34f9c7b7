// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_BLOCK_BODY_H
#define SAGIN_BLOCK_BODY_H

#include "sha256.h"
#include "transaction.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * A block's transactions, immutable, with what is derived from them computed once: the body's
 * serialisation, the transaction ids, the Merkle root, the first badly signed and the first
 * repeated transaction. Every copy of a Block shares its body, and Share() lets the bodies
 * that ledgers validated be found by block hash: a block received by 1000 nodes of one
 * simulation is parsed, hashed and its signatures checked once, not 1000 times (each node
 * still pays the verification time as simulated delay, BlockchainNode's CpuFrequency). A node
 * that receives the same bytes gets the same answers, so what each node decides is unchanged.
 *
 * Wire format (Block's, after the header):
 * \verbatim
   count u32, then count transaction serialisations back to back
   \endverbatim
 */
class BlockBody
{
  public:
    /**
     * \param transactions the transactions, in block order
     */
    explicit BlockBody(std::vector<Transaction> transactions);

    /**
     * \param transactions the transactions, in block order
     * \param bytes their serialisation (count and transactions, as GetBytes()), which the
     *        caller read them from
     */
    BlockBody(std::vector<Transaction> transactions, std::vector<uint8_t> bytes);

    /** \return the transactions, in block order */
    const std::vector<Transaction>& GetTransactions() const;

    /** \return the serialisation: count (u32) and the transactions back to back */
    const std::vector<uint8_t>& GetBytes() const;

    /** \return each transaction's id (SHA-256 of its serialisation), in block order */
    const std::vector<Sha256Digest>& GetIds() const;

    /** \return the Merkle leaf hash of each transaction, in block order */
    const std::vector<Sha256Digest>& GetLeaves() const;

    /** \return the Merkle root of the transactions (MerkleTree of GetLeaves()) */
    const Sha256Digest& GetMerkleRoot() const;

    /**
     * \return the position of the first transaction not signed by its sender, or the
     *         transaction count if every signature holds
     */
    size_t FindBadSignature() const;

    /**
     * \return the position of the first transaction whose id appeared earlier in the body, or
     *         the transaction count if every id is distinct
     */
    size_t FindRepeated() const;

    /**
     * Make body the process's body of a validated block, unless there is one already.
     * \param blockHash the block's hash (its header commits to the body's Merkle root)
     * \param body the body the caller validated against that header
     * \return the process's body of that block (body, or the one registered before)
     */
    static std::shared_ptr<const BlockBody> Share(const Sha256Digest& blockHash,
                                                  std::shared_ptr<const BlockBody> body);

    /**
     * \param blockHash a block's hash
     * \return the body a ledger of the process validated for it and still holds, or null
     */
    static std::shared_ptr<const BlockBody> FindShared(const Sha256Digest& blockHash);

  private:
    /** Compute the ids and leaves from the serialisation. */
    void HashTransactions() const;

    std::vector<Transaction> m_transactions;                //!< block order
    mutable std::optional<std::vector<uint8_t>> m_bytes;    //!< serialisation, on first use
    mutable std::optional<std::vector<Sha256Digest>> m_ids; //!< ids, on first use
    mutable std::vector<Sha256Digest> m_leaves;             //!< with m_ids
    mutable std::optional<Sha256Digest> m_merkleRoot;       //!< on first use
    mutable std::optional<size_t> m_badSignature;           //!< on first use
    mutable std::optional<size_t> m_repeated;               //!< on first use
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_BLOCK_BODY_H
