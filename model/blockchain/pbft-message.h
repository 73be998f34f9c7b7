// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_PBFT_MESSAGE_H
#define SAGIN_PBFT_MESSAGE_H

#include "byte-codec.h"
#include "ed25519-key.h"
#include "sha256.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * A PBFT protocol message (Castro and Liskov 1999), signed by the validator that sends it.
 *
 * Wire format, version 1 (the body of a CONSENSUS gossip frame; integers big-endian):
 * \verbatim
   offset  size  field
        0     1  version     = 1
        1     1  type        PRE_PREPARE 1, PREPARE 2, COMMIT 3, VIEW_CHANGE 4, NEW_VIEW 5,
                             STATUS 6
        2     8  view        u64
       10     8  sequence    u64 (block height; VIEW_CHANGE, STATUS: the sender's last
                             executed one)
       18    32  digest      block hash (VIEW_CHANGE, STATUS: the sender's tip)
       50     4  sender      u32, validator index (member order)
       54     n  payload     u32 length (<= MAX_PAYLOAD_BYTES) + bytes:
                               PRE_PREPARE: the Block serialisation
                               VIEW_CHANGE: u8 has-certificate, then if 1 a prepared
                                 certificate: length-prefixed PRE_PREPARE message, u32 count,
                                 count length-prefixed PREPARE messages
                               NEW_VIEW: u32 count, count length-prefixed VIEW_CHANGE messages
                               STATUS: u64 the sender's retransmission count (so that
                                 each STATUS has its own bytes)
                               PREPARE, COMMIT: empty
    58+n     64  signature   sender's Ed25519 over SIGNING_DOMAIN || bytes 0..58+n-1
   \endverbatim
 */
struct PbftMessage
{
    /** Message kinds. */
    enum Type : uint8_t
    {
        PRE_PREPARE = 1, //!< the primary proposes a block for (view, sequence)
        PREPARE = 2,     //!< a backup accepted the proposal
        COMMIT = 3,      //!< a validator is prepared
        VIEW_CHANGE = 4, //!< a validator moves to a new view
        NEW_VIEW = 5,    //!< the new primary starts its view
        STATUS = 6,      //!< a validator that made no progress tells where it stands
    };

    /** Format version. */
    static constexpr uint8_t VERSION = 1;
    /** Largest payload (bytes). */
    static constexpr uint32_t MAX_PAYLOAD_BYTES = 16u << 20;
    /** Domain label prefixed to the signed bytes. */
    static const std::string SIGNING_DOMAIN;

    Type type{PREPARE};           //!< kind
    uint64_t view{0};             //!< view
    uint64_t sequence{0};         //!< sequence number (height)
    Sha256Digest digest{};        //!< block hash
    uint32_t sender{0};           //!< validator index
    std::vector<uint8_t> payload; //!< kind-specific bytes
    Ed25519Signature signature{}; //!< sender's signature

    /** \return SIGNING_DOMAIN || every field but the signature */
    std::vector<uint8_t> GetSigningBytes() const;

    /** \param key the sender's key pair: sets the signature */
    void Sign(const Ed25519KeyPair& key);

    /**
     * \param key the sender's public key
     * \return true if the signature is valid
     */
    bool Verify(const Ed25519PublicKey& key) const;

    /** \return the serialisation */
    std::vector<uint8_t> Serialize() const;

    /**
     * Parse exactly one message; throws WireFormatError for truncated input, bytes left over,
     * an unknown version or type, or a payload above the limit.
     * \param bytes the serialisation
     * \return the message (signature not verified)
     */
    static PbftMessage Deserialize(const std::vector<uint8_t>& bytes);

    /**
     * \param type a type
     * \return its name, e.g. "PRE_PREPARE"
     */
    static std::string ToString(Type type);
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_PBFT_MESSAGE_H
