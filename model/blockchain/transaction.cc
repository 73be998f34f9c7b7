// SPDX-License-Identifier: GPL-2.0-only

#include "transaction.h"

#include "signature-cache.h"

namespace ns3
{
namespace sagin
{

static_assert(SpectrumLeaseBatch::HEADER_SIZE +
                      SpectrumLeaseBatch::LEASE_SIZE * SpectrumLeaseBatch::MAX_LEASES <=
                  Transaction::MAX_PAYLOAD_BYTES,
              "the largest lease batch fits a transaction's payload");

const std::string Transaction::SIGNING_DOMAIN = "sagin/transaction/v1";

Transaction::Transaction() = default;

Transaction::Transaction(TransactionType type,
                         std::vector<uint8_t> payload,
                         const Ed25519PublicKey& sender,
                         uint64_t nonce,
                         const Ed25519Signature& signature)
    : m_type(type),
      m_payload(std::move(payload)),
      m_sender(sender),
      m_nonce(nonce),
      m_signature(signature)
{
}

Transaction
Transaction::CreateRaw(TransactionType type,
                       std::vector<uint8_t> payload,
                       uint64_t nonce,
                       const Ed25519KeyPair& sender)
{
    if (!IsKnownTransactionType(static_cast<uint8_t>(type)))
    {
        throw WireFormatError("transaction: unknown type tag " +
                              std::to_string(static_cast<unsigned>(type)));
    }
    if (payload.size() > MAX_PAYLOAD_BYTES)
    {
        throw WireFormatError("transaction: payload of " + std::to_string(payload.size()) +
                              " bytes is above the limit of " + std::to_string(MAX_PAYLOAD_BYTES));
    }
    ValidateTransactionPayload(type, payload);
    Transaction tx(type, std::move(payload), sender.GetPublicKey(), nonce, Ed25519Signature{});
    tx.m_signature = sender.Sign(tx.GetSigningBytes());
    return tx;
}

Transaction
Transaction::Read(ByteReader& reader)
{
    const uint8_t version = reader.ReadU8("version");
    if (version != VERSION)
    {
        reader.Fail("unsupported version " + std::to_string(version) + " (this build reads " +
                    std::to_string(VERSION) + ")");
    }
    const uint8_t tag = reader.ReadU8("type");
    if (!IsKnownTransactionType(tag))
    {
        reader.Fail("unknown type tag " + std::to_string(tag));
    }
    const auto type = static_cast<TransactionType>(tag);
    const Ed25519PublicKey sender = reader.ReadArray<32>("sender");
    const uint64_t nonce = reader.ReadU64("nonce");
    const size_t payloadOffset = reader.GetOffset();
    std::vector<uint8_t> payload = reader.ReadLengthPrefixed("payload", MAX_PAYLOAD_BYTES);
    try
    {
        ValidateTransactionPayload(type, payload);
    }
    catch (const WireFormatError& e)
    {
        throw WireFormatError(std::string("transaction (payload at byte ") +
                              std::to_string(payloadOffset + 4) + "): " + e.what());
    }
    const Ed25519Signature signature = reader.ReadArray<64>("signature");
    return Transaction(type, std::move(payload), sender, nonce, signature);
}

Transaction
Transaction::Deserialize(const uint8_t* data, size_t size)
{
    ByteReader reader(data, size, "transaction");
    Transaction tx = Read(reader);
    reader.ExpectEnd();
    return tx;
}

Transaction
Transaction::Deserialize(const std::vector<uint8_t>& bytes)
{
    return Deserialize(bytes.data(), bytes.size());
}

void
Transaction::WriteUnsigned(ByteWriter& writer) const
{
    writer.WriteU8(VERSION);
    writer.WriteU8(static_cast<uint8_t>(m_type));
    writer.WriteArray(m_sender);
    writer.WriteU64(m_nonce);
    writer.WriteLengthPrefixed(m_payload);
}

void
Transaction::Write(ByteWriter& writer) const
{
    WriteUnsigned(writer);
    writer.WriteArray(m_signature);
}

std::vector<uint8_t>
Transaction::Serialize() const
{
    ByteWriter writer;
    Write(writer);
    return writer.TakeBytes();
}

uint32_t
Transaction::GetSerializedSize() const
{
    return FIXED_BYTES + static_cast<uint32_t>(m_payload.size());
}

std::vector<uint8_t>
Transaction::GetSigningBytes() const
{
    ByteWriter writer;
    writer.WriteBytes(reinterpret_cast<const uint8_t*>(SIGNING_DOMAIN.data()),
                      SIGNING_DOMAIN.size());
    WriteUnsigned(writer);
    return writer.TakeBytes();
}

Sha256Digest
Transaction::GetId() const
{
    return Sha256(Serialize());
}

bool
Transaction::HasValidSignature() const
{
    const std::vector<uint8_t> bytes = GetSigningBytes();
    return SignatureCache::Verify(m_sender, bytes.data(), bytes.size(), m_signature);
}

TransactionType
Transaction::GetType() const
{
    return m_type;
}

const std::vector<uint8_t>&
Transaction::GetPayloadBytes() const
{
    return m_payload;
}

void
Transaction::CheckType(TransactionType type) const
{
    if (type != m_type)
    {
        throw std::invalid_argument("transaction holds a " + ToString(m_type) + " payload, not a " +
                                    ToString(type) + " (check GetType() first)");
    }
}

const Ed25519PublicKey&
Transaction::GetSender() const
{
    return m_sender;
}

uint64_t
Transaction::GetNonce() const
{
    return m_nonce;
}

const Ed25519Signature&
Transaction::GetSignature() const
{
    return m_signature;
}

bool
Transaction::operator==(const Transaction& other) const
{
    return m_type == other.m_type && m_payload == other.m_payload && m_sender == other.m_sender &&
           m_nonce == other.m_nonce && m_signature == other.m_signature;
}

} // namespace sagin
} // namespace ns3
