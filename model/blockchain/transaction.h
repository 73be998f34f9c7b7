// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_TRANSACTION_H
#define SAGIN_TRANSACTION_H

#include "byte-codec.h"
#include "ed25519-key.h"
#include "sha256.h"
#include "transaction-payloads.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * A signed transaction: a typed record (TransactionType + payload bytes), the sender's
 * Ed25519 public key, a nonce and the sender's signature.
 *
 * Wire format, version 1 (integers big-endian; 110 bytes + payload):
 * \verbatim
   offset  size  field
        0     1  version            = 1
        1     1  type               TransactionType tag
        2    32  sender             Ed25519 public key
       34     8  nonce              u64, chosen by the sender (distinguishes equal records)
       42     4  payloadLength      u32, <= MAX_PAYLOAD_BYTES
       46     n  payload            the record, as its struct's Encode() writes it
     46+n    64  signature          Ed25519 over SIGNING_DOMAIN || bytes 0 .. 46+n-1
   \endverbatim
 *
 * The signature covers every other field, prefixed with the domain label SIGNING_DOMAIN so
 * that a signature over a transaction can never pass as one over a block header. The
 * transaction id is SHA-256 of the whole serialisation, signature included (libsodium's
 * verification rejects malleated signatures, so a valid transaction has one id).
 *
 * This is a value type rather than an ns3::Header: its bytes travel inside gossip messages
 * over TCP, where a message spans segments and must be reassembled before it is parsed, and
 * the parser must reject malformed input from a peer with an exception, where
 * Header::Deserialize on a short Buffer asserts. A packet carrying a transaction is made with
 * Create<Packet>(bytes.data(), bytes.size()), so packet sizes are the real sizes.
 *
 * Deserialize() checks the format (version, known type, lengths, payload fields) and throws
 * WireFormatError; it does not verify the signature (HasValidSignature(), which the Ledger
 * calls, costs an Ed25519 verification).
 */
class Transaction
{
  public:
    /** Format version written and read by this build. */
    static constexpr uint8_t VERSION = 1;
    /** Largest payload accepted (bytes). */
    static constexpr uint32_t MAX_PAYLOAD_BYTES = 65536;
    /** Bytes of a serialisation besides the payload. */
    static constexpr uint32_t FIXED_BYTES = 1 + 1 + 32 + 8 + 4 + 64;
    /** Domain label prefixed to the signed bytes. */
    static const std::string SIGNING_DOMAIN;

    /** An empty, unsigned offloading-record transaction (for containers). */
    Transaction();

    /**
     * Assemble a transaction from its fields as they are (no signing, no checks): for
     * parsers and for tests that forge transactions.
     * \param type payload kind
     * \param payload payload bytes
     * \param sender sender's public key
     * \param nonce sender's nonce
     * \param signature the signature
     */
    Transaction(TransactionType type,
                std::vector<uint8_t> payload,
                const Ed25519PublicKey& sender,
                uint64_t nonce,
                const Ed25519Signature& signature);

    /**
     * Create and sign a transaction carrying a typed payload.
     * \tparam P a payload struct (OffloadingRecord, SpectrumLease, ...)
     * \param payload the record
     * \param nonce sender's nonce
     * \param sender the sender's key pair (its public key becomes the sender field)
     * \return the signed transaction
     */
    template <typename P>
    static Transaction Create(const P& payload, uint64_t nonce, const Ed25519KeyPair& sender)
    {
        ByteWriter writer;
        payload.Encode(writer);
        return CreateRaw(P::TYPE, writer.TakeBytes(), nonce, sender);
    }

    /**
     * Create and sign a transaction from payload bytes. Throws WireFormatError when the
     * payload is not a valid payload of the kind.
     * \param type payload kind
     * \param payload payload bytes
     * \param nonce sender's nonce
     * \param sender the sender's key pair
     * \return the signed transaction
     */
    static Transaction CreateRaw(TransactionType type,
                                 std::vector<uint8_t> payload,
                                 uint64_t nonce,
                                 const Ed25519KeyPair& sender);

    /**
     * Parse exactly one transaction. Throws WireFormatError for truncated input, bytes left
     * over, an unknown version or type, a payload above MAX_PAYLOAD_BYTES or a payload that
     * is not valid for its type.
     * \param data first byte
     * \param size number of bytes
     * \return the transaction (signature not verified)
     */
    static Transaction Deserialize(const uint8_t* data, size_t size);

    /**
     * \param bytes one serialised transaction
     * \return the transaction; see Deserialize(const uint8_t*, size_t)
     */
    static Transaction Deserialize(const std::vector<uint8_t>& bytes);

    /**
     * Parse one transaction from a reader positioned at it (e.g. inside a block body); the
     * reader is left after it.
     * \param reader the reader
     * \return the transaction
     */
    static Transaction Read(ByteReader& reader);

    /** \param writer receives the serialisation */
    void Write(ByteWriter& writer) const;

    /** \return the serialisation (GetSerializedSize() bytes) */
    std::vector<uint8_t> Serialize() const;

    /** \return FIXED_BYTES + payload length (bytes) */
    uint32_t GetSerializedSize() const;

    /** \return the bytes the signature covers: SIGNING_DOMAIN || serialisation minus signature */
    std::vector<uint8_t> GetSigningBytes() const;

    /** \return SHA-256 of the serialisation */
    Sha256Digest GetId() const;

    /** \return true if the signature is the sender's valid signature of GetSigningBytes() */
    bool HasValidSignature() const;

    /** \return the payload kind */
    TransactionType GetType() const;

    /** \return the payload bytes */
    const std::vector<uint8_t>& GetPayloadBytes() const;

    /**
     * Decode the payload. Throws std::invalid_argument when the transaction holds another
     * kind, WireFormatError when the payload is malformed.
     * \tparam P the payload struct
     * \return the record
     */
    template <typename P>
    P GetPayload() const
    {
        CheckType(P::TYPE);
        ByteReader reader(m_payload.data(), m_payload.size(), ToString(P::TYPE) + " payload");
        P payload = P::Decode(reader);
        reader.ExpectEnd();
        return payload;
    }

    /** \return the sender's public key */
    const Ed25519PublicKey& GetSender() const;

    /** \return the nonce */
    uint64_t GetNonce() const;

    /** \return the signature */
    const Ed25519Signature& GetSignature() const;

    /**
     * \param other another transaction
     * \return true if the serialisations are equal
     */
    bool operator==(const Transaction& other) const;

  private:
    /**
     * Throw std::invalid_argument unless the payload is of the given kind.
     * \param type expected kind
     */
    void CheckType(TransactionType type) const;
    /** \param writer receives every field but the signature */
    void WriteUnsigned(ByteWriter& writer) const;

    TransactionType m_type{TransactionType::OFFLOADING_RECORD}; //!< payload kind
    std::vector<uint8_t> m_payload;                             //!< payload bytes
    Ed25519PublicKey m_sender{};                                //!< sender's public key
    uint64_t m_nonce{0};                                        //!< sender's nonce
    Ed25519Signature m_signature{};                             //!< sender's signature
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_TRANSACTION_H
