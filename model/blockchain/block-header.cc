// SPDX-License-Identifier: GPL-2.0-only

#include "block-header.h"

#include "signature-cache.h"

#include <stdexcept>

namespace ns3
{
namespace sagin
{

const std::string BlockHeader::SIGNING_DOMAIN = "sagin/block-header/v1";

BlockHeader::BlockHeader() = default;

BlockHeader
BlockHeader::Read(ByteReader& reader)
{
    const uint8_t version = reader.ReadU8("version");
    if (version != VERSION)
    {
        reader.Fail("unsupported version " + std::to_string(version) + " (this build reads " +
                    std::to_string(VERSION) + ")");
    }
    BlockHeader header;
    header.m_parentHash = reader.ReadArray<32>("parentHash");
    header.m_height = reader.ReadU64("height");
    if (header.m_height == 0 && header.m_parentHash != Sha256Digest{})
    {
        reader.Fail("a genesis header (height 0) must have an all-zero parent hash");
    }
    header.m_merkleRoot = reader.ReadArray<32>("merkleRoot");
    header.m_transactionCount = reader.ReadU32("transactionCount");
    header.m_timestampNs = reader.ReadI64("timestamp");
    if (header.m_timestampNs < 0)
    {
        reader.Fail("timestamp " + std::to_string(header.m_timestampNs) + " ns is negative");
    }
    header.m_producer = reader.ReadArray<32>("producer");
    header.m_consensusData = reader.ReadLengthPrefixed("consensusData", MAX_CONSENSUS_DATA_BYTES);
    header.m_signature = reader.ReadArray<64>("signature");
    return header;
}

BlockHeader
BlockHeader::Deserialize(const uint8_t* data, size_t size)
{
    ByteReader reader(data, size, "block header");
    BlockHeader header = Read(reader);
    reader.ExpectEnd();
    return header;
}

BlockHeader
BlockHeader::Deserialize(const std::vector<uint8_t>& bytes)
{
    return Deserialize(bytes.data(), bytes.size());
}

void
BlockHeader::WriteUnsigned(ByteWriter& writer) const
{
    writer.WriteU8(VERSION);
    writer.WriteArray(m_parentHash);
    writer.WriteU64(m_height);
    writer.WriteArray(m_merkleRoot);
    writer.WriteU32(m_transactionCount);
    writer.WriteI64(m_timestampNs);
    writer.WriteArray(m_producer);
    writer.WriteLengthPrefixed(m_consensusData);
}

void
BlockHeader::Write(ByteWriter& writer) const
{
    WriteUnsigned(writer);
    writer.WriteArray(m_signature);
}

std::vector<uint8_t>
BlockHeader::Serialize() const
{
    ByteWriter writer;
    Write(writer);
    return writer.TakeBytes();
}

uint32_t
BlockHeader::GetSerializedSize() const
{
    return FIXED_BYTES + static_cast<uint32_t>(m_consensusData.size());
}

std::vector<uint8_t>
BlockHeader::GetSigningBytes() const
{
    ByteWriter writer;
    writer.WriteBytes(reinterpret_cast<const uint8_t*>(SIGNING_DOMAIN.data()),
                      SIGNING_DOMAIN.size());
    WriteUnsigned(writer);
    return writer.TakeBytes();
}

Sha256Digest
BlockHeader::GetHash() const
{
    return Sha256(Serialize());
}

void
BlockHeader::Sign(const Ed25519KeyPair& producer)
{
    m_producer = producer.GetPublicKey();
    m_signature = producer.Sign(GetSigningBytes());
}

bool
BlockHeader::HasValidSignature() const
{
    const std::vector<uint8_t> bytes = GetSigningBytes();
    return SignatureCache::Verify(m_producer, bytes.data(), bytes.size(), m_signature);
}

bool
BlockHeader::IsGenesis() const
{
    return m_height == 0;
}

uint8_t
BlockHeader::GetVersion() const
{
    return VERSION;
}

const Sha256Digest&
BlockHeader::GetParentHash() const
{
    return m_parentHash;
}

void
BlockHeader::SetParentHash(const Sha256Digest& hash)
{
    m_parentHash = hash;
}

uint64_t
BlockHeader::GetHeight() const
{
    return m_height;
}

void
BlockHeader::SetHeight(uint64_t height)
{
    m_height = height;
}

const Sha256Digest&
BlockHeader::GetMerkleRoot() const
{
    return m_merkleRoot;
}

void
BlockHeader::SetMerkleRoot(const Sha256Digest& root)
{
    m_merkleRoot = root;
}

uint32_t
BlockHeader::GetTransactionCount() const
{
    return m_transactionCount;
}

void
BlockHeader::SetTransactionCount(uint32_t count)
{
    m_transactionCount = count;
}

Time
BlockHeader::GetTimestamp() const
{
    return NanoSeconds(m_timestampNs);
}

void
BlockHeader::SetTimestamp(Time timestamp)
{
    if (timestamp.IsStrictlyNegative())
    {
        throw std::invalid_argument("BlockHeader: timestamp " +
                                    std::to_string(timestamp.GetSeconds()) +
                                    " s is negative; use the simulation time of production");
    }
    m_timestampNs = timestamp.GetNanoSeconds();
}

const Ed25519PublicKey&
BlockHeader::GetProducer() const
{
    return m_producer;
}

void
BlockHeader::SetProducer(const Ed25519PublicKey& producer)
{
    m_producer = producer;
}

const std::vector<uint8_t>&
BlockHeader::GetConsensusData() const
{
    return m_consensusData;
}

void
BlockHeader::SetConsensusData(std::vector<uint8_t> data)
{
    if (data.size() > MAX_CONSENSUS_DATA_BYTES)
    {
        throw std::invalid_argument("BlockHeader: consensus data of " +
                                    std::to_string(data.size()) + " bytes is above the limit of " +
                                    std::to_string(MAX_CONSENSUS_DATA_BYTES));
    }
    m_consensusData = std::move(data);
}

const Ed25519Signature&
BlockHeader::GetSignature() const
{
    return m_signature;
}

void
BlockHeader::SetSignature(const Ed25519Signature& signature)
{
    m_signature = signature;
}

bool
BlockHeader::operator==(const BlockHeader& other) const
{
    return m_parentHash == other.m_parentHash && m_height == other.m_height &&
           m_merkleRoot == other.m_merkleRoot && m_transactionCount == other.m_transactionCount &&
           m_timestampNs == other.m_timestampNs && m_producer == other.m_producer &&
           m_consensusData == other.m_consensusData && m_signature == other.m_signature;
}

} // namespace sagin
} // namespace ns3
