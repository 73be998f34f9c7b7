// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_SIGNATURE_CACHE_H
#define SAGIN_SIGNATURE_CACHE_H

#include "ed25519-key.h"
#include "sha256.h"

#include <cstddef>
#include <cstdint>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * A process-wide memory of Ed25519 signatures already found valid, so that a simulation
 * whose every node verifies the same transactions and headers does the real CPU work once.
 *
 * Verifying identical bytes always gives the same answer, so the cache changes nothing that
 * is simulated: each node still charges its own verification delay (BlockchainNode's
 * CpuFrequency), still runs every other check, and still refuses a block whose bytes differ
 * in any way. An entry is SHA-256("sagin/verified-signature/v1" || public key || signature ||
 * message): any change to the key, the signature or the message gives another entry, which
 * is verified for real. Only valid signatures are remembered (a forged one is checked every
 * time it is seen). The cache holds at most MAX_ENTRIES digests and empties itself when full.
 *
 * The global value SaginSignatureCache (default true) turns it off, e.g. to measure what it
 * saves: --SaginSignatureCache=false on an example's command line.
 */
class SignatureCache
{
  public:
    /// Entries kept at most: 2^21 digests, about 100 MiB with the hash table's overhead.
    static constexpr size_t MAX_ENTRIES = size_t{1} << 21;

    /**
     * Verify with the cache: a remembered (key, message, signature) is valid without
     * libsodium; anything else goes to libsodium and is remembered if valid.
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

    /** \return true if SaginSignatureCache is set */
    static bool IsEnabled();

    /** Forget every entry and zero the counters. */
    static void Clear();

    /** \return digests remembered */
    static size_t GetSize();

    /** \return verifications answered from the cache since the last Clear() */
    static uint64_t GetHits();

    /** \return verifications done by libsodium since the last Clear() */
    static uint64_t GetMisses();
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SIGNATURE_CACHE_H
