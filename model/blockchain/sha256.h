// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_SHA256_H
#define SAGIN_SHA256_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * A SHA-256 digest (FIPS 180-4), 32 bytes.
 */
using Sha256Digest = std::array<uint8_t, 32>;

/**
 * \ingroup sagin
 * SHA-256 of a byte string, computed by libsodium (crypto_hash_sha256).
 * \param data first byte (may be nullptr when size is 0)
 * \param size number of bytes
 * \return the digest
 */
Sha256Digest Sha256(const uint8_t* data, size_t size);

/**
 * \ingroup sagin
 * \param data bytes
 * \return SHA-256 of the bytes
 */
Sha256Digest Sha256(const std::vector<uint8_t>& data);

/**
 * \ingroup sagin
 * \param text bytes of a string (no terminating NUL)
 * \return SHA-256 of the bytes
 */
Sha256Digest Sha256(const std::string& text);

/**
 * \ingroup sagin
 * Incremental SHA-256 (libsodium's crypto_hash_sha256_init/update/final): the digest of the
 * concatenation of every Update(), without building the concatenation.
 */
class Sha256Hasher
{
  public:
    Sha256Hasher();
    ~Sha256Hasher();

    Sha256Hasher(const Sha256Hasher&) = delete;
    Sha256Hasher& operator=(const Sha256Hasher&) = delete;

    /**
     * Append bytes to the message.
     * \param data first byte
     * \param size number of bytes
     * \return this hasher
     */
    Sha256Hasher& Update(const uint8_t* data, size_t size);

    /**
     * \param data bytes appended to the message
     * \return this hasher
     */
    Sha256Hasher& Update(const std::vector<uint8_t>& data);

    /**
     * \param data bytes appended to the message
     * \return this hasher
     */
    template <size_t N>
    Sha256Hasher& Update(const std::array<uint8_t, N>& data)
    {
        return Update(data.data(), N);
    }

    /**
     * Finish the message; the hasher starts a new, empty message afterwards.
     * \return the digest of the bytes given since construction or the last Finish()
     */
    Sha256Digest Finish();

  private:
    /** libsodium's crypto_hash_sha256_state, defined in sha256.cc. */
    struct State;
    std::unique_ptr<State> m_state; //!< libsodium's hashing state (sodium.h stays in the .cc)
};

/**
 * \ingroup sagin
 * Hash functor so that digests can key unordered containers. A digest is uniformly
 * distributed, so its first 8 bytes are a good hash.
 */
struct Sha256DigestHash
{
    /**
     * \param digest a digest
     * \return its first 8 bytes as a size_t
     */
    size_t operator()(const Sha256Digest& digest) const
    {
        size_t value;
        std::memcpy(&value, digest.data(), sizeof(value));
        return value;
    }
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SHA256_H
