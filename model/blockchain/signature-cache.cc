// SPDX-License-Identifier: GPL-2.0-only

#include "signature-cache.h"

#include "ns3/boolean.h"
#include "ns3/global-value.h"

#include <string>
#include <unordered_set>

namespace ns3
{
namespace sagin
{

namespace
{

/** Whether Ed25519 verifications go through the cache. */
GlobalValue g_signatureCache("SaginSignatureCache",
                             "Remember valid Ed25519 signatures process-wide so that identical "
                             "bytes are verified once (changes no simulated result or delay; "
                             "false verifies every time).",
                             BooleanValue(true),
                             MakeBooleanChecker());

/** Domain label of the cache's entries. */
const std::string ENTRY_LABEL = "sagin/verified-signature/v1";

/** The remembered entries and counters. */
struct CacheState
{
    std::unordered_set<Sha256Digest, Sha256DigestHash> entries; //!< verified (digests)
    uint64_t hits{0};                                           //!< answered from entries
    uint64_t misses{0};                                         //!< verified by libsodium
};

/** \return the process-wide state */
CacheState&
State()
{
    static CacheState state;
    return state;
}

} // namespace

bool
SignatureCache::IsEnabled()
{
    BooleanValue enabled;
    g_signatureCache.GetValue(enabled);
    return enabled.Get();
}

bool
SignatureCache::Verify(const Ed25519PublicKey& publicKey,
                       const uint8_t* message,
                       size_t size,
                       const Ed25519Signature& signature)
{
    if (!IsEnabled())
    {
        return Ed25519KeyPair::Verify(publicKey, message, size, signature);
    }
    Sha256Hasher hasher;
    hasher.Update(reinterpret_cast<const uint8_t*>(ENTRY_LABEL.data()), ENTRY_LABEL.size());
    hasher.Update(publicKey).Update(signature);
    if (size > 0)
    {
        hasher.Update(message, size);
    }
    const Sha256Digest entry = hasher.Finish();
    CacheState& state = State();
    if (state.entries.count(entry) > 0)
    {
        ++state.hits;
        return true;
    }
    ++state.misses;
    if (!Ed25519KeyPair::Verify(publicKey, message, size, signature))
    {
        return false;
    }
    if (state.entries.size() >= MAX_ENTRIES)
    {
        state.entries.clear();
    }
    state.entries.insert(entry);
    return true;
}

void
SignatureCache::Clear()
{
    State() = CacheState();
}

size_t
SignatureCache::GetSize()
{
    return State().entries.size();
}

uint64_t
SignatureCache::GetHits()
{
    return State().hits;
}

uint64_t
SignatureCache::GetMisses()
{
    return State().misses;
}

} // namespace sagin
} // namespace ns3
