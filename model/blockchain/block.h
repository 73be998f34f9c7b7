// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_BLOCK_H
#define SAGIN_BLOCK_H

#include "block-body.h"
#include "block-header.h"
#include "merkle-tree.h"
#include "transaction.h"

#include <cstdint>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * A block: a BlockHeader and a body of transactions.
 *
 * Wire format, version 1: the header's serialisation, then the body:
 * \verbatim
   count u32 (<= MAX_TRANSACTIONS), then count transaction serialisations back to back
   \endverbatim
 * so a block is GetHeader().GetSerializedSize() + 4 + sum of the transactions' sizes bytes.
 * The header's Merkle root is the RFC 6962 root (MerkleTree) of the transactions'
 * serialisations in body order; its transaction count equals the body's.
 *
 * A value type, not an ns3::Header, for the reasons given at Transaction. Copies share one
 * immutable BlockBody, so passing a megabyte block by value copies a pointer.
 */
class Block
{
  public:
    /** Most transactions accepted in one body. */
    static constexpr uint32_t MAX_TRANSACTIONS = 1u << 20;
    /** Largest serialised block accepted (bytes, 64 MiB). */
    static constexpr uint64_t MAX_SERIALIZED_BYTES = 64ull << 20;

    /** An empty block with a default header. */
    Block();

    /**
     * \param header the header
     * \param transactions the body, in order
     */
    Block(BlockHeader header, std::vector<Transaction> transactions);

    /**
     * \param header the header
     * \param body the body (shared)
     */
    Block(BlockHeader header, std::shared_ptr<const BlockBody> body);

    /**
     * Make and sign the block a producer creates on top of a parent: parent hash, height,
     * Merkle root and transaction count are computed, then the header is signed.
     * \param parent the parent's header, or nullptr for a genesis block
     * \param transactions the body, in order
     * \param timestamp production time (simulation time, >= the parent's)
     * \param producer the producer's key pair
     * \param consensusData the consensus engine's data
     * \return the block
     */
    static Block Produce(const BlockHeader* parent,
                         std::vector<Transaction> transactions,
                         Time timestamp,
                         const Ed25519KeyPair& producer,
                         std::vector<uint8_t> consensusData = {});

    /**
     * Parse exactly one block. Throws WireFormatError for truncated input, bytes left over,
     * more than MAX_TRANSACTIONS transactions, input above MAX_SERIALIZED_BYTES, or any
     * malformed header or transaction (the message names which). Does not verify signatures
     * or the Merkle root: the Ledger does.
     * \param data first byte
     * \param size number of bytes
     * \return the block
     */
    static Block Deserialize(const uint8_t* data, size_t size);

    /**
     * \param bytes one serialised block
     * \return the block
     */
    static Block Deserialize(const std::vector<uint8_t>& bytes);

    /**
     * Parse a body (count and transactions) from a reader positioned at it.
     * \param reader the reader
     * \return the transactions
     */
    static std::vector<Transaction> ReadBody(ByteReader& reader);

    /** \return the serialisation (GetSerializedSize() bytes) */
    std::vector<uint8_t> Serialize() const;

    /** \return header bytes + GetBodySize() (bytes) */
    uint64_t GetSerializedSize() const;

    /** \return 4 + the transactions' serialised sizes (bytes) */
    uint64_t GetBodySize() const;

    /** \return the header */
    const BlockHeader& GetHeader() const;

    /** \return the header, for changes (re-sign afterwards) */
    BlockHeader& GetHeader();

    /** \return the body's transactions */
    const std::vector<Transaction>& GetTransactions() const;

    /**
     * Replace the body (the header is left as it is: re-sign or let validation fail).
     * \param transactions the new body, in order
     */
    void SetTransactions(std::vector<Transaction> transactions);

    /** \return the body, shared by the copies of this block */
    const std::shared_ptr<const BlockBody>& GetBody() const;

    /** \return the block hash (the header's) */
    Sha256Digest GetHash() const;

    /** \return the Merkle tree of the body */
    MerkleTree BuildMerkleTree() const;

    /**
     * \param transactions a body
     * \return the Merkle tree of its transactions' serialisations
     */
    static MerkleTree BuildMerkleTree(const std::vector<Transaction>& transactions);

  private:
    BlockHeader m_header;                    //!< header
    std::shared_ptr<const BlockBody> m_body; //!< body, never null
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_BLOCK_H
