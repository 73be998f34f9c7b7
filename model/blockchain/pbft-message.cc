// SPDX-License-Identifier: GPL-2.0-only

#include "pbft-message.h"

#include "signature-cache.h"

namespace ns3
{
namespace sagin
{

const std::string PbftMessage::SIGNING_DOMAIN = "sagin/pbft-message/v1";

std::vector<uint8_t>
PbftMessage::GetSigningBytes() const
{
    ByteWriter writer;
    writer.WriteBytes(reinterpret_cast<const uint8_t*>(SIGNING_DOMAIN.data()),
                      SIGNING_DOMAIN.size());
    writer.WriteU8(VERSION);
    writer.WriteU8(type);
    writer.WriteU64(view);
    writer.WriteU64(sequence);
    writer.WriteArray(digest);
    writer.WriteU32(sender);
    writer.WriteLengthPrefixed(payload);
    return writer.TakeBytes();
}

void
PbftMessage::Sign(const Ed25519KeyPair& key)
{
    signature = key.Sign(GetSigningBytes());
}

bool
PbftMessage::Verify(const Ed25519PublicKey& key) const
{
    const std::vector<uint8_t> bytes = GetSigningBytes();
    return SignatureCache::Verify(key, bytes.data(), bytes.size(), signature);
}

std::vector<uint8_t>
PbftMessage::Serialize() const
{
    ByteWriter writer;
    writer.WriteU8(VERSION);
    writer.WriteU8(type);
    writer.WriteU64(view);
    writer.WriteU64(sequence);
    writer.WriteArray(digest);
    writer.WriteU32(sender);
    writer.WriteLengthPrefixed(payload);
    writer.WriteArray(signature);
    return writer.TakeBytes();
}

PbftMessage
PbftMessage::Deserialize(const std::vector<uint8_t>& bytes)
{
    ByteReader reader(bytes.data(), bytes.size(), "PBFT message");
    const uint8_t version = reader.ReadU8("version");
    if (version != VERSION)
    {
        reader.Fail("unsupported version " + std::to_string(version));
    }
    PbftMessage m;
    const uint8_t type = reader.ReadU8("type");
    if (type < PRE_PREPARE || type > STATUS)
    {
        reader.Fail("unknown type " + std::to_string(type));
    }
    m.type = static_cast<Type>(type);
    m.view = reader.ReadU64("view");
    m.sequence = reader.ReadU64("sequence");
    m.digest = reader.ReadArray<32>("digest");
    m.sender = reader.ReadU32("sender");
    m.payload = reader.ReadLengthPrefixed("payload", MAX_PAYLOAD_BYTES);
    m.signature = reader.ReadArray<64>("signature");
    reader.ExpectEnd();
    return m;
}

std::string
PbftMessage::ToString(Type type)
{
    switch (type)
    {
    case PRE_PREPARE:
        return "PRE_PREPARE";
    case PREPARE:
        return "PREPARE";
    case COMMIT:
        return "COMMIT";
    case VIEW_CHANGE:
        return "VIEW_CHANGE";
    case NEW_VIEW:
        return "NEW_VIEW";
    case STATUS:
        return "STATUS";
    }
    return "UNKNOWN";
}

} // namespace sagin
} // namespace ns3
