// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_ED25519_KEY_H
#define SAGIN_ED25519_KEY_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ns3
{
namespace sagin
{

/** \ingroup sagin An Ed25519 public key (RFC 8032), 32 bytes. */
using Ed25519PublicKey = std::array<uint8_t, 32>;
/** \ingroup sagin An Ed25519 signature (RFC 8032), 64 bytes. */
using Ed25519Signature = std::array<uint8_t, 64>;
/** \ingroup sagin An Ed25519 secret seed (RFC 8032's 32-byte "secret key"). */
using Ed25519Seed = std::array<uint8_t, 32>;

/**
 * \ingroup sagin
 * An Ed25519 key pair (RFC 8032, pure Ed25519) on libsodium: crypto_sign_seed_keypair,
 * crypto_sign_detached and crypto_sign_verify_detached. No signature code of our own.
 *
 * Keys are deterministic so that runs are reproducible. ForNode() derives a node's key from
 * the run's RngSeed and RngRun and the node id:
 * \verbatim
   seed = SHA-256("sagin/ed25519-node-key/v1" || u64 RngSeed || u64 RngRun || u32 nodeId
                  || u32 keyIndex)          (integers big-endian)
   key pair = crypto_sign_seed_keypair(seed)
   \endverbatim
 * It draws nothing from ns-3's random streams on purpose: a node's identity then does not
 * change when a scenario adds or reorders random variables (AssignStreams), yet the same
 * RngSeed/RngRun gives the same keys and another run number gives other keys. These keys
 * protect a simulation's bookkeeping, not secrets: anybody knowing the seed and run can
 * derive them.
 *
 * Verification is libsodium's: it rejects non-canonical signatures (S >= L) and small-order
 * public keys, so a valid signature cannot be altered into another valid one (no
 * malleability), which lets transaction and block identifiers include the signature.
 *
 * The secret key is wiped (sodium_memzero) when the object is destroyed.
 */
class Ed25519KeyPair
{
  public:
    /** Size of a public key (bytes). */
    static constexpr size_t PUBLIC_KEY_BYTES = 32;
    /** Size of a signature (bytes). */
    static constexpr size_t SIGNATURE_BYTES = 64;

    /**
     * The key pair of an RFC 8032 secret seed.
     * \param seed the 32-byte seed
     * \return the key pair
     */
    static Ed25519KeyPair FromSeed(const Ed25519Seed& seed);

    /**
     * The seed ForNode() uses (see the class description).
     * \param rngSeed RngSeedManager::GetSeed()
     * \param rngRun RngSeedManager::GetRun()
     * \param nodeId ns-3 node id
     * \param keyIndex 0 for a node's main key; others if a node needs more keys
     * \return the seed
     */
    static Ed25519Seed DeriveSeed(uint64_t rngSeed,
                                  uint64_t rngRun,
                                  uint32_t nodeId,
                                  uint32_t keyIndex = 0);

    /**
     * The key pair of a node in this run: FromSeed(DeriveSeed(RngSeed, RngRun, nodeId,
     * keyIndex)) with the RngSeedManager's current seed and run.
     * \param nodeId ns-3 node id
     * \param keyIndex 0 for a node's main key
     * \return the key pair
     */
    static Ed25519KeyPair ForNode(uint32_t nodeId, uint32_t keyIndex = 0);

    /**
     * ForNode(nodeId, keyIndex).GetPublicKey(), remembered process-wide by (RngSeed, RngRun,
     * nodeId, keyIndex): every node of an n-member consensus knows the n members' keys, and
     * deriving each (crypto_sign_seed_keypair, tens of microseconds) n x n times took most of
     * a 1000-node set-up. The answer for given inputs never changes.
     * \param nodeId ns-3 node id
     * \param keyIndex 0 for a node's main key
     * \return the public key
     */
    static Ed25519PublicKey PublicKeyForNode(uint32_t nodeId, uint32_t keyIndex = 0);

    Ed25519KeyPair(const Ed25519KeyPair& other);
    Ed25519KeyPair& operator=(const Ed25519KeyPair& other);
    /** Wipes the secret key. */
    ~Ed25519KeyPair();

    /** \return the public key */
    const Ed25519PublicKey& GetPublicKey() const;

    /**
     * \param message first byte of the message (may be nullptr when size is 0)
     * \param size message length (bytes)
     * \return the Ed25519 signature of the message (deterministic, RFC 8032)
     */
    Ed25519Signature Sign(const uint8_t* message, size_t size) const;

    /**
     * \param message the message
     * \return the Ed25519 signature of the message
     */
    Ed25519Signature Sign(const std::vector<uint8_t>& message) const;

    /**
     * \param publicKey the signer's public key
     * \param message first byte of the message (may be nullptr when size is 0)
     * \param size message length (bytes)
     * \param signature the signature
     * \return true if the signature is a valid Ed25519 signature of the message by the key
     */
    static bool Verify(const Ed25519PublicKey& publicKey,
                       const uint8_t* message,
                       size_t size,
                       const Ed25519Signature& signature);

    /**
     * \param publicKey the signer's public key
     * \param message the message
     * \param signature the signature
     * \return true if the signature is valid
     */
    static bool Verify(const Ed25519PublicKey& publicKey,
                       const std::vector<uint8_t>& message,
                       const Ed25519Signature& signature);

  private:
    Ed25519KeyPair() = default;

    std::array<uint8_t, 64> m_secretKey{}; //!< libsodium's secret key: seed || public key
    Ed25519PublicKey m_publicKey{};        //!< public key
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_ED25519_KEY_H
