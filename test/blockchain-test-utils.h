// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_BLOCKCHAIN_TEST_UTILS_H
#define SAGIN_BLOCKCHAIN_TEST_UTILS_H

#include "ns3/ed25519-key.h"
#include "ns3/transaction-payloads.h"
#include "ns3/transaction.h"

namespace ns3
{
namespace sagin
{
namespace tests
{

/**
 * \ingroup sagin-tests
 * \param value a byte
 * \return a key pair from a seed of that byte repeated
 */
inline Ed25519KeyPair
Key(uint8_t value)
{
    Ed25519Seed seed;
    seed.fill(value);
    return Ed25519KeyPair::FromSeed(seed);
}

/**
 * \ingroup sagin-tests
 * \param sender the sender
 * \param nonce its nonce (also varies the record)
 * \return a signed content-delivery transaction (146 bytes)
 */
inline Transaction
Delivery(const Ed25519KeyPair& sender, uint64_t nonce)
{
    ContentDelivery d;
    d.content = static_cast<uint32_t>(nonce % 30);
    d.server = 1;
    d.user = static_cast<uint32_t>(100 + nonce);
    d.slot = nonce;
    d.deliveredBits = 1000 * nonce;
    d.payment = 0.5 * static_cast<double>(nonce);
    return Transaction::Create(d, nonce, sender);
}

} // namespace tests
} // namespace sagin
} // namespace ns3

#endif // SAGIN_BLOCKCHAIN_TEST_UTILS_H
