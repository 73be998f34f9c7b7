// SPDX-License-Identifier: GPL-2.0-only

#include "ed25519-key.h"

#include "byte-codec.h"
#include "sha256.h"

#include "ns3/rng-seed-manager.h"

#include <map>
#include <sodium.h>
#include <stdexcept>
#include <string>
#include <tuple>

namespace ns3
{
namespace sagin
{

namespace
{

/** Initialise libsodium once (thread-safe and idempotent, as libsodium documents). */
void
EnsureSodium()
{
    static const int status = sodium_init();
    if (status < 0)
    {
        throw std::runtime_error("libsodium failed to initialise (sodium_init() returned " +
                                 std::to_string(status) + ")");
    }
}

static_assert(crypto_sign_PUBLICKEYBYTES == Ed25519KeyPair::PUBLIC_KEY_BYTES, "public key");
static_assert(crypto_sign_BYTES == Ed25519KeyPair::SIGNATURE_BYTES, "signature");
static_assert(crypto_sign_SEEDBYTES == sizeof(Ed25519Seed), "seed");
static_assert(crypto_sign_SECRETKEYBYTES == 64, "secret key");

/** Domain label of ForNode()'s seed derivation. */
const std::string NODE_KEY_LABEL = "sagin/ed25519-node-key/v1";

} // namespace

Ed25519KeyPair
Ed25519KeyPair::FromSeed(const Ed25519Seed& seed)
{
    EnsureSodium();
    Ed25519KeyPair pair;
    if (crypto_sign_seed_keypair(pair.m_publicKey.data(), pair.m_secretKey.data(), seed.data()) !=
        0)
    {
        throw std::runtime_error("libsodium crypto_sign_seed_keypair failed");
    }
    return pair;
}

Ed25519Seed
Ed25519KeyPair::DeriveSeed(uint64_t rngSeed, uint64_t rngRun, uint32_t nodeId, uint32_t keyIndex)
{
    ByteWriter message;
    message.WriteBytes(reinterpret_cast<const uint8_t*>(NODE_KEY_LABEL.data()),
                       NODE_KEY_LABEL.size());
    message.WriteU64(rngSeed);
    message.WriteU64(rngRun);
    message.WriteU32(nodeId);
    message.WriteU32(keyIndex);
    return Sha256(message.GetBytes());
}

Ed25519KeyPair
Ed25519KeyPair::ForNode(uint32_t nodeId, uint32_t keyIndex)
{
    return FromSeed(
        DeriveSeed(RngSeedManager::GetSeed(), RngSeedManager::GetRun(), nodeId, keyIndex));
}

Ed25519PublicKey
Ed25519KeyPair::PublicKeyForNode(uint32_t nodeId, uint32_t keyIndex)
{
    static std::map<std::tuple<uint64_t, uint64_t, uint32_t, uint32_t>, Ed25519PublicKey> known;
    const auto key =
        std::make_tuple(RngSeedManager::GetSeed(), RngSeedManager::GetRun(), nodeId, keyIndex);
    auto it = known.find(key);
    if (it == known.end())
    {
        it = known.emplace(key, ForNode(nodeId, keyIndex).GetPublicKey()).first;
    }
    return it->second;
}

Ed25519KeyPair::Ed25519KeyPair(const Ed25519KeyPair& other)
    : m_secretKey(other.m_secretKey),
      m_publicKey(other.m_publicKey)
{
}

Ed25519KeyPair&
Ed25519KeyPair::operator=(const Ed25519KeyPair& other)
{
    m_secretKey = other.m_secretKey;
    m_publicKey = other.m_publicKey;
    return *this;
}

Ed25519KeyPair::~Ed25519KeyPair()
{
    sodium_memzero(m_secretKey.data(), m_secretKey.size());
}

const Ed25519PublicKey&
Ed25519KeyPair::GetPublicKey() const
{
    return m_publicKey;
}

Ed25519Signature
Ed25519KeyPair::Sign(const uint8_t* message, size_t size) const
{
    EnsureSodium();
    static const uint8_t EMPTY = 0;
    Ed25519Signature signature;
    if (crypto_sign_detached(signature.data(),
                             nullptr,
                             message != nullptr ? message : &EMPTY,
                             size,
                             m_secretKey.data()) != 0)
    {
        throw std::runtime_error("libsodium crypto_sign_detached failed");
    }
    return signature;
}

Ed25519Signature
Ed25519KeyPair::Sign(const std::vector<uint8_t>& message) const
{
    return Sign(message.data(), message.size());
}

bool
Ed25519KeyPair::Verify(const Ed25519PublicKey& publicKey,
                       const uint8_t* message,
                       size_t size,
                       const Ed25519Signature& signature)
{
    EnsureSodium();
    static const uint8_t EMPTY = 0;
    return crypto_sign_verify_detached(signature.data(),
                                       message != nullptr ? message : &EMPTY,
                                       size,
                                       publicKey.data()) == 0;
}

bool
Ed25519KeyPair::Verify(const Ed25519PublicKey& publicKey,
                       const std::vector<uint8_t>& message,
                       const Ed25519Signature& signature)
{
    return Verify(publicKey, message.data(), message.size(), signature);
}

} // namespace sagin
} // namespace ns3
