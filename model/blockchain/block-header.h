// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_BLOCK_HEADER_H
#define SAGIN_BLOCK_HEADER_H

#include "byte-codec.h"
#include "ed25519-key.h"
#include "sha256.h"

#include "ns3/nstime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * A block header: what light nodes keep, what the block hash covers.
 *
 * Wire format, version 1 (integers big-endian; 185 bytes + consensus data):
 * \verbatim
   offset  size  field
        0     1  version             = 1
        1    32  parentHash          hash of the parent block; all zeros for genesis
       33     8  height              u64, 0 for genesis, parent's + 1 otherwise
       41    32  merkleRoot          RFC 6962 root of the body's transactions (MerkleTree)
       73     4  transactionCount    u32, number of transactions in the body
       77     8  timestamp           i64, simulation time (ns), >= 0
       85    32  producer            Ed25519 public key of the producer
      117     4  consensusLength     u32, <= MAX_CONSENSUS_DATA_BYTES
      121     n  consensusData       engine-specific (nonce, slot, votes, view, ...)
    121+n    64  signature           producer's Ed25519 over SIGNING_DOMAIN || bytes 0..121+n-1
   \endverbatim
 * The block hash is SHA-256 of the whole serialised header, signature included (libsodium
 * rejects malleated signatures, so a valid header has one hash). The transaction count is in
 * the header so that light nodes know it (their proofs name the tree size).
 *
 * A value type, not an ns3::Header, for the reasons given at Transaction.
 */
class BlockHeader
{
  public:
    /** Format version written and read by this build. */
    static constexpr uint8_t VERSION = 1;
    /** Largest consensus data accepted (bytes; a PBFT commit certificate of 100 validators
     * is about 6.5 kB). */
    static constexpr uint32_t MAX_CONSENSUS_DATA_BYTES = 65536;
    /** Bytes of a serialisation besides the consensus data. */
    static constexpr uint32_t FIXED_BYTES = 1 + 32 + 8 + 32 + 4 + 8 + 32 + 4 + 64;
    /** Domain label prefixed to the signed bytes. */
    static const std::string SIGNING_DOMAIN;

    BlockHeader();

    /**
     * Parse exactly one header. Throws WireFormatError for truncated input, bytes left over,
     * an unknown version, a negative timestamp, consensus data above the limit, or a genesis
     * header (height 0) whose parent hash is not all zeros.
     * \param data first byte
     * \param size number of bytes
     * \return the header (signature not verified)
     */
    static BlockHeader Deserialize(const uint8_t* data, size_t size);

    /**
     * \param bytes one serialised header
     * \return the header
     */
    static BlockHeader Deserialize(const std::vector<uint8_t>& bytes);

    /**
     * Parse a header from a reader positioned at it; the reader is left after it.
     * \param reader the reader
     * \return the header
     */
    static BlockHeader Read(ByteReader& reader);

    /** \param writer receives the serialisation */
    void Write(ByteWriter& writer) const;

    /** \return the serialisation (GetSerializedSize() bytes) */
    std::vector<uint8_t> Serialize() const;

    /** \return FIXED_BYTES + consensus data length (bytes) */
    uint32_t GetSerializedSize() const;

    /** \return SIGNING_DOMAIN || the serialisation without the signature */
    std::vector<uint8_t> GetSigningBytes() const;

    /** \return the block hash: SHA-256 of the serialisation */
    Sha256Digest GetHash() const;

    /**
     * Set the producer to the key pair's public key and sign the header with it. Call after
     * every other field is set.
     * \param producer the producer's key pair
     */
    void Sign(const Ed25519KeyPair& producer);

    /** \return true if the signature is the producer's valid signature of the header */
    bool HasValidSignature() const;

    /** \return true for height 0 */
    bool IsGenesis() const;

    /** \return the format version (VERSION) */
    uint8_t GetVersion() const;
    /** \return the parent block's hash (all zeros for genesis) */
    const Sha256Digest& GetParentHash() const;
    /** \param hash the parent block's hash */
    void SetParentHash(const Sha256Digest& hash);
    /** \return the height (genesis = 0) */
    uint64_t GetHeight() const;
    /** \param height the height */
    void SetHeight(uint64_t height);
    /** \return the Merkle root of the body */
    const Sha256Digest& GetMerkleRoot() const;
    /** \param root the Merkle root of the body */
    void SetMerkleRoot(const Sha256Digest& root);
    /** \return the number of transactions in the body */
    uint32_t GetTransactionCount() const;
    /** \param count the number of transactions in the body */
    void SetTransactionCount(uint32_t count);
    /** \return the production time (simulation time, nanosecond resolution) */
    Time GetTimestamp() const;
    /** \param timestamp the production time (>= 0; kept to the nanosecond) */
    void SetTimestamp(Time timestamp);
    /** \return the producer's public key */
    const Ed25519PublicKey& GetProducer() const;
    /** \param producer the producer's public key */
    void SetProducer(const Ed25519PublicKey& producer);
    /** \return the consensus engine's data */
    const std::vector<uint8_t>& GetConsensusData() const;
    /** \param data the consensus engine's data (at most MAX_CONSENSUS_DATA_BYTES) */
    void SetConsensusData(std::vector<uint8_t> data);
    /** \return the producer's signature */
    const Ed25519Signature& GetSignature() const;
    /** \param signature a signature (Sign() computes the right one) */
    void SetSignature(const Ed25519Signature& signature);

    /**
     * \param other another header
     * \return true if the serialisations are equal
     */
    bool operator==(const BlockHeader& other) const;

  private:
    /** \param writer receives every field but the signature */
    void WriteUnsigned(ByteWriter& writer) const;

    Sha256Digest m_parentHash{};          //!< parent's hash
    uint64_t m_height{0};                 //!< height
    Sha256Digest m_merkleRoot{};          //!< Merkle root of the body
    uint32_t m_transactionCount{0};       //!< transactions in the body
    int64_t m_timestampNs{0};             //!< production time (ns)
    Ed25519PublicKey m_producer{};        //!< producer's public key
    std::vector<uint8_t> m_consensusData; //!< engine-specific data
    Ed25519Signature m_signature{};       //!< producer's signature
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_BLOCK_HEADER_H
