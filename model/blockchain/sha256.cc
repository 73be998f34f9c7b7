// SPDX-License-Identifier: GPL-2.0-only

#include "sha256.h"

#include <sodium.h>
#include <stdexcept>

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

static_assert(crypto_hash_sha256_BYTES == sizeof(Sha256Digest), "SHA-256 digest size");

} // namespace

Sha256Digest
Sha256(const uint8_t* data, size_t size)
{
    EnsureSodium();
    Sha256Digest digest;
    static const uint8_t EMPTY = 0;
    crypto_hash_sha256(digest.data(), data != nullptr ? data : &EMPTY, size);
    return digest;
}

Sha256Digest
Sha256(const std::vector<uint8_t>& data)
{
    return Sha256(data.data(), data.size());
}

Sha256Digest
Sha256(const std::string& text)
{
    return Sha256(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

/** libsodium's incremental state. */
struct Sha256Hasher::State
{
    crypto_hash_sha256_state state; //!< the state
};

Sha256Hasher::Sha256Hasher()
    : m_state(std::make_unique<State>())
{
    EnsureSodium();
    crypto_hash_sha256_init(&m_state->state);
}

Sha256Hasher::~Sha256Hasher() = default;

Sha256Hasher&
Sha256Hasher::Update(const uint8_t* data, size_t size)
{
    if (size > 0)
    {
        crypto_hash_sha256_update(&m_state->state, data, size);
    }
    return *this;
}

Sha256Hasher&
Sha256Hasher::Update(const std::vector<uint8_t>& data)
{
    return Update(data.data(), data.size());
}

Sha256Digest
Sha256Hasher::Finish()
{
    Sha256Digest digest;
    crypto_hash_sha256_final(&m_state->state, digest.data());
    crypto_hash_sha256_init(&m_state->state);
    return digest;
}

} // namespace sagin
} // namespace ns3
