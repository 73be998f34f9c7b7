// SPDX-License-Identifier: GPL-2.0-only

#include "federated-message.h"

#include "ns3/byte-codec.h"

namespace ns3
{
namespace sagin
{

namespace
{
/** "SGFL", the first four bytes of every message. */
constexpr uint32_t MAGIC = 0x5347464c;
/** The only format version. */
constexpr uint8_t VERSION = 1;
} // namespace

std::string
ToString(FederatedMessage::Type type)
{
    switch (type)
    {
    case FederatedMessage::ANNOUNCE:
        return "ANNOUNCE";
    case FederatedMessage::UPDATE:
        return "UPDATE";
    case FederatedMessage::TAKEOVER:
        return "TAKEOVER";
    }
    return "type " + std::to_string(static_cast<int>(type));
}

std::vector<uint8_t>
FederatedMessage::Encode() const
{
    ByteWriter writer;
    writer.WriteU32(MAGIC);
    writer.WriteU8(VERSION);
    writer.WriteU8(type);
    writer.WriteU8(codec);
    writer.WriteU8(0);
    writer.WriteU64(round);
    writer.WriteU32(sender);
    writer.WriteU64(samples);
    writer.WriteI64(roundStartNs);
    writer.WriteU32(parameterCount);
    writer.WriteU32(static_cast<uint32_t>(ranking.size()));
    for (uint32_t node : ranking)
    {
        writer.WriteU32(node);
    }
    writer.WriteLengthPrefixed(payload);
    return writer.TakeBytes();
}

uint64_t
FederatedMessage::GetEncodedSize() const
{
    return FIXED_HEADER_BYTES + 4 * ranking.size() + 4 + payload.size();
}

FederatedMessage
FederatedMessage::Decode(const std::vector<uint8_t>& bytes, uint32_t maxParameters)
{
    ByteReader reader(bytes.data(), bytes.size(), "federated message");
    if (reader.ReadU32("magic") != MAGIC)
    {
        throw WireFormatError("federated message: bad magic (not \"SGFL\"): not a sagin "
                              "federated message");
    }
    const uint8_t version = reader.ReadU8("version");
    if (version != VERSION)
    {
        throw WireFormatError("federated message: version " + std::to_string(version) +
                              ", this build reads version " + std::to_string(VERSION));
    }
    FederatedMessage message;
    const uint8_t type = reader.ReadU8("type");
    if (type < ANNOUNCE || type > TAKEOVER)
    {
        throw WireFormatError("federated message: unknown type " + std::to_string(type) +
                              " (1 ANNOUNCE, 2 UPDATE, 3 TAKEOVER)");
    }
    message.type = static_cast<Type>(type);
    message.codec = reader.ReadU8("codec");
    reader.ReadU8("reserved");
    message.round = reader.ReadU64("round");
    message.sender = reader.ReadU32("sender");
    message.samples = reader.ReadU64("samples");
    message.roundStartNs = reader.ReadI64("start");
    message.parameterCount = reader.ReadU32("count");
    if (message.parameterCount > maxParameters)
    {
        throw WireFormatError("federated message: " + std::to_string(message.parameterCount) +
                              " parameters, more than the " + std::to_string(maxParameters) +
                              " this node's model has");
    }
    const uint32_t ranked = reader.ReadU32("ranked");
    if (ranked > MAX_RANKED)
    {
        throw WireFormatError("federated message: a ranking of " + std::to_string(ranked) +
                              " aggregators, the limit is " + std::to_string(MAX_RANKED));
    }
    reader.Need(4 * static_cast<size_t>(ranked), "ranking");
    for (uint32_t i = 0; i < ranked; ++i)
    {
        message.ranking.push_back(reader.ReadU32("ranking"));
    }
    // A payload never needs more than 8 bytes per parameter (the largest codec: index + value).
    message.payload = reader.ReadLengthPrefixed("payload", 8 * message.parameterCount + 64);
    reader.ExpectEnd();
    return message;
}

} // namespace sagin
} // namespace ns3
