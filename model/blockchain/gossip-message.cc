// SPDX-License-Identifier: GPL-2.0-only

#include "gossip-message.h"

#include "block.h"
#include "transaction.h"

#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

std::string
ToString(GossipMessageType type)
{
    switch (type)
    {
    case GossipMessageType::INV:
        return "INV";
    case GossipMessageType::GET_DATA:
        return "GET_DATA";
    case GossipMessageType::BLOCK:
        return "BLOCK";
    case GossipMessageType::TX:
        return "TX";
    case GossipMessageType::GET_HEADERS:
        return "GET_HEADERS";
    case GossipMessageType::HEADERS:
        return "HEADERS";
    case GossipMessageType::CONSENSUS:
        return "CONSENSUS";
    }
    return "UNKNOWN(" + std::to_string(static_cast<unsigned>(type)) + ")";
}

bool
IsGossipMessageType(uint8_t value)
{
    return value >= static_cast<uint8_t>(GossipMessageType::INV) &&
           value <= static_cast<uint8_t>(GossipMessageType::CONSENSUS);
}

std::set<GossipMessageType>
ParseGossipMessageTypes(const std::string& names, const std::string& what)
{
    std::set<GossipMessageType> types;
    std::istringstream list(names);
    std::string name;
    while (std::getline(list, name, ','))
    {
        bool known = false;
        std::string all;
        for (uint8_t value = static_cast<uint8_t>(GossipMessageType::INV);
             IsGossipMessageType(value);
             ++value)
        {
            const auto type = static_cast<GossipMessageType>(value);
            if (ToString(type) == name)
            {
                types.insert(type);
                known = true;
            }
            all += (all.empty() ? "" : ", ") + ToString(type);
        }
        if (!known)
        {
            throw std::invalid_argument(what + ": unknown message type '" + name + "' in '" +
                                        names + "'; give names among " + all +
                                        ", comma-separated without spaces");
        }
    }
    return types;
}

std::vector<uint8_t>
GossipMessage::Frame() const
{
    ByteWriter writer;
    writer.WriteU8(static_cast<uint8_t>(type));
    writer.WriteU32(static_cast<uint32_t>(body.size()));
    writer.WriteBytes(body.data(), body.size());
    return writer.TakeBytes();
}

uint64_t
GossipMessage::GetFrameSize() const
{
    return FRAME_HEADER_BYTES + body.size();
}

void
GossipMessage::CheckBody() const
{
    switch (type)
    {
    case GossipMessageType::INV:
    case GossipMessageType::GET_DATA:
        DecodeInventory(body);
        return;
    case GossipMessageType::BLOCK:
        Block::Deserialize(body);
        return;
    case GossipMessageType::TX:
        Transaction::Deserialize(body);
        return;
    case GossipMessageType::GET_HEADERS: {
        Sha256Digest from;
        uint32_t maxCount;
        DecodeGetHeaders(body, &from, &maxCount);
        return;
    }
    case GossipMessageType::HEADERS:
        DecodeHeaders(body);
        return;
    case GossipMessageType::CONSENSUS:
        return; // the engine parses its own bytes
    }
    throw WireFormatError("gossip message: unknown type " +
                          std::to_string(static_cast<unsigned>(type)));
}

GossipMessage
GossipMessage::MakeInventory(GossipMessageType type, const std::vector<Sha256Digest>& hashes)
{
    ByteWriter writer;
    writer.WriteU32(static_cast<uint32_t>(hashes.size()));
    for (const auto& hash : hashes)
    {
        writer.WriteArray(hash);
    }
    GossipMessage message;
    message.type = type;
    message.body = writer.TakeBytes();
    return message;
}

std::vector<Sha256Digest>
GossipMessage::DecodeInventory(const std::vector<uint8_t>& body)
{
    ByteReader reader(body.data(), body.size(), "inventory");
    const uint32_t count = reader.ReadU32("count");
    if (count > MAX_INVENTORY)
    {
        reader.Fail("count " + std::to_string(count) + " above " + std::to_string(MAX_INVENTORY));
    }
    reader.Need(static_cast<size_t>(count) * 32, "hashes");
    std::vector<Sha256Digest> hashes;
    hashes.reserve(count);
    for (uint32_t i = 0; i < count; ++i)
    {
        hashes.push_back(reader.ReadArray<32>("hash"));
    }
    reader.ExpectEnd();
    return hashes;
}

GossipMessage
GossipMessage::MakeGetHeaders(const Sha256Digest& from, uint32_t maxCount)
{
    ByteWriter writer;
    writer.WriteArray(from);
    writer.WriteU32(maxCount);
    GossipMessage message;
    message.type = GossipMessageType::GET_HEADERS;
    message.body = writer.TakeBytes();
    return message;
}

void
GossipMessage::DecodeGetHeaders(const std::vector<uint8_t>& body,
                                Sha256Digest* from,
                                uint32_t* maxCount)
{
    ByteReader reader(body.data(), body.size(), "get-headers");
    *from = reader.ReadArray<32>("from");
    *maxCount = reader.ReadU32("maxCount");
    reader.ExpectEnd();
}

GossipMessage
GossipMessage::MakeHeaders(const std::vector<BlockHeader>& headers)
{
    ByteWriter writer;
    writer.WriteU32(static_cast<uint32_t>(headers.size()));
    for (const auto& header : headers)
    {
        header.Write(writer);
    }
    GossipMessage message;
    message.type = GossipMessageType::HEADERS;
    message.body = writer.TakeBytes();
    return message;
}

std::vector<BlockHeader>
GossipMessage::DecodeHeaders(const std::vector<uint8_t>& body)
{
    ByteReader reader(body.data(), body.size(), "headers");
    const uint32_t count = reader.ReadU32("count");
    if (count > MAX_HEADERS)
    {
        reader.Fail("count " + std::to_string(count) + " above " + std::to_string(MAX_HEADERS));
    }
    std::vector<BlockHeader> headers;
    for (uint32_t i = 0; i < count; ++i)
    {
        headers.push_back(BlockHeader::Read(reader));
    }
    reader.ExpectEnd();
    return headers;
}

GossipStreamReassembler::GossipStreamReassembler(uint32_t maxMessageSize)
    : m_maxMessageSize(maxMessageSize)
{
}

void
GossipStreamReassembler::Push(const uint8_t* data, size_t size)
{
    if (!m_failure.empty() || size == 0)
    {
        return;
    }
    if (m_offset > 0 && m_offset >= m_buffer.size() / 2)
    {
        m_buffer.erase(m_buffer.begin(), m_buffer.begin() + static_cast<ptrdiff_t>(m_offset));
        m_offset = 0;
    }
    m_buffer.insert(m_buffer.end(), data, data + size);
}

GossipStreamReassembler::Status
GossipStreamReassembler::Next(GossipMessage* message)
{
    if (!m_failure.empty())
    {
        return FAILED;
    }
    const size_t available = m_buffer.size() - m_offset;
    if (available < 1)
    {
        return NEED_MORE;
    }
    const uint8_t* p = m_buffer.data() + m_offset;
    if (!IsGossipMessageType(p[0]))
    {
        m_failure = "unknown message type " + std::to_string(static_cast<unsigned>(p[0]));
        return FAILED;
    }
    if (available < GossipMessage::FRAME_HEADER_BYTES)
    {
        return NEED_MORE;
    }
    const uint32_t length = (static_cast<uint32_t>(p[1]) << 24) |
                            (static_cast<uint32_t>(p[2]) << 16) |
                            (static_cast<uint32_t>(p[3]) << 8) | static_cast<uint32_t>(p[4]);
    if (length > m_maxMessageSize)
    {
        m_failure = ToString(static_cast<GossipMessageType>(p[0])) + " message length " +
                    std::to_string(length) + " above the maximum " +
                    std::to_string(m_maxMessageSize);
        return FAILED;
    }
    if (available < GossipMessage::FRAME_HEADER_BYTES + static_cast<size_t>(length))
    {
        return NEED_MORE;
    }
    message->type = static_cast<GossipMessageType>(p[0]);
    message->body.assign(p + GossipMessage::FRAME_HEADER_BYTES,
                         p + GossipMessage::FRAME_HEADER_BYTES + length);
    m_offset += GossipMessage::FRAME_HEADER_BYTES + length;
    if (m_offset == m_buffer.size())
    {
        // Release a megabyte block's room: a thousand idle connections would keep it.
        std::vector<uint8_t>().swap(m_buffer);
        m_offset = 0;
    }
    return MESSAGE;
}

bool
GossipStreamReassembler::HasFailed() const
{
    return !m_failure.empty();
}

const std::string&
GossipStreamReassembler::GetFailure() const
{
    return m_failure;
}

size_t
GossipStreamReassembler::GetBufferedBytes() const
{
    return m_buffer.size() - m_offset;
}

} // namespace sagin
} // namespace ns3
