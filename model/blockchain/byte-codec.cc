// SPDX-License-Identifier: GPL-2.0-only

#include "byte-codec.h"

#include <cmath>
#include <cstring>

namespace ns3
{
namespace sagin
{

void
ByteWriter::WriteU8(uint8_t value)
{
    m_bytes.push_back(value);
}

void
ByteWriter::WriteU16(uint16_t value)
{
    m_bytes.push_back(static_cast<uint8_t>(value >> 8));
    m_bytes.push_back(static_cast<uint8_t>(value));
}

void
ByteWriter::WriteU32(uint32_t value)
{
    for (int shift = 24; shift >= 0; shift -= 8)
    {
        m_bytes.push_back(static_cast<uint8_t>(value >> shift));
    }
}

void
ByteWriter::WriteU64(uint64_t value)
{
    for (int shift = 56; shift >= 0; shift -= 8)
    {
        m_bytes.push_back(static_cast<uint8_t>(value >> shift));
    }
}

void
ByteWriter::WriteI64(int64_t value)
{
    WriteU64(static_cast<uint64_t>(value));
}

void
ByteWriter::WriteDouble(double value)
{
    static_assert(sizeof(double) == sizeof(uint64_t), "IEEE-754 binary64 doubles");
    uint64_t bits;
    std::memcpy(&bits, &value, sizeof(bits));
    WriteU64(bits);
}

void
ByteWriter::WriteBytes(const uint8_t* data, size_t size)
{
    m_bytes.insert(m_bytes.end(), data, data + size);
}

void
ByteWriter::WriteLengthPrefixed(const std::vector<uint8_t>& value)
{
    if (value.size() > UINT32_MAX)
    {
        throw std::invalid_argument("ByteWriter: a byte string of " + std::to_string(value.size()) +
                                    " bytes does not fit a uint32 length");
    }
    WriteU32(static_cast<uint32_t>(value.size()));
    WriteBytes(value.data(), value.size());
}

const std::vector<uint8_t>&
ByteWriter::GetBytes() const
{
    return m_bytes;
}

std::vector<uint8_t>
ByteWriter::TakeBytes()
{
    return std::move(m_bytes);
}

ByteReader::ByteReader(const uint8_t* data, size_t size, std::string what)
    : m_data(data),
      m_size(size),
      m_what(std::move(what))
{
    if (data == nullptr && size != 0)
    {
        throw std::invalid_argument("ByteReader: null data with a non-zero size");
    }
}

void
ByteReader::Fail(const std::string& message) const
{
    throw WireFormatError(m_what + ": " + message + " (at byte " + std::to_string(m_offset) +
                          " of " + std::to_string(m_size) + ")");
}

void
ByteReader::Need(size_t count, const char* field) const
{
    if (count > m_size - m_offset)
    {
        Fail(std::string("truncated: field '") + field + "' needs " + std::to_string(count) +
             " bytes, " + std::to_string(m_size - m_offset) + " left");
    }
}

void
ByteReader::ExpectEnd() const
{
    if (m_offset != m_size)
    {
        Fail(std::to_string(m_size - m_offset) + " unexpected bytes after the end");
    }
}

uint8_t
ByteReader::ReadU8(const char* field)
{
    Need(1, field);
    return m_data[m_offset++];
}

uint16_t
ByteReader::ReadU16(const char* field)
{
    Need(2, field);
    const uint16_t value = static_cast<uint16_t>((m_data[m_offset] << 8) | m_data[m_offset + 1]);
    m_offset += 2;
    return value;
}

uint32_t
ByteReader::ReadU32(const char* field)
{
    Need(4, field);
    uint32_t value = 0;
    for (size_t i = 0; i < 4; ++i)
    {
        value = (value << 8) | m_data[m_offset + i];
    }
    m_offset += 4;
    return value;
}

uint64_t
ByteReader::ReadU64(const char* field)
{
    Need(8, field);
    uint64_t value = 0;
    for (size_t i = 0; i < 8; ++i)
    {
        value = (value << 8) | m_data[m_offset + i];
    }
    m_offset += 8;
    return value;
}

int64_t
ByteReader::ReadI64(const char* field)
{
    return static_cast<int64_t>(ReadU64(field));
}

double
ByteReader::ReadDouble(const char* field)
{
    const uint64_t bits = ReadU64(field);
    double value;
    std::memcpy(&value, &bits, sizeof(value));
    if (!std::isfinite(value))
    {
        m_offset -= 8;
        Fail(std::string("field '") + field + "' is not a finite number");
    }
    return value;
}

bool
ByteReader::ReadBool(const char* field)
{
    const uint8_t value = ReadU8(field);
    if (value > 1)
    {
        --m_offset;
        Fail(std::string("field '") + field + "' is " + std::to_string(value) +
             "; a flag must be 0 or 1");
    }
    return value == 1;
}

std::vector<uint8_t>
ByteReader::ReadLengthPrefixed(const char* field, uint32_t maxLength)
{
    const uint32_t length = ReadU32(field);
    if (length > maxLength)
    {
        m_offset -= 4;
        Fail(std::string("oversized: field '") + field + "' declares " + std::to_string(length) +
             " bytes, the limit is " + std::to_string(maxLength));
    }
    Need(length, field);
    std::vector<uint8_t> value(m_data + m_offset, m_data + m_offset + length);
    m_offset += length;
    return value;
}

size_t
ByteReader::GetOffset() const
{
    return m_offset;
}

size_t
ByteReader::GetRemaining() const
{
    return m_size - m_offset;
}

const uint8_t*
ByteReader::GetCursor() const
{
    return m_data + m_offset;
}

void
ByteReader::Skip(size_t count, const char* field)
{
    Need(count, field);
    m_offset += count;
}

std::string
ToHex(const uint8_t* data, size_t size)
{
    static const char DIGITS[] = "0123456789abcdef";
    std::string text;
    text.reserve(2 * size);
    for (size_t i = 0; i < size; ++i)
    {
        text.push_back(DIGITS[data[i] >> 4]);
        text.push_back(DIGITS[data[i] & 0x0f]);
    }
    return text;
}

std::string
ToHex(const std::vector<uint8_t>& bytes)
{
    return ToHex(bytes.data(), bytes.size());
}

namespace
{

/**
 * \param c a character
 * \return its value as a hex digit, or -1
 */
int
HexDigit(char c)
{
    if (c >= '0' && c <= '9')
    {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f')
    {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F')
    {
        return c - 'A' + 10;
    }
    return -1;
}

} // namespace

std::vector<uint8_t>
FromHex(const std::string& text)
{
    if (text.size() % 2 != 0)
    {
        throw std::invalid_argument("hex string \"" + text.substr(0, 80) +
                                    "\" has an odd length (" + std::to_string(text.size()) +
                                    " digits)");
    }
    std::vector<uint8_t> bytes(text.size() / 2);
    for (size_t i = 0; i < bytes.size(); ++i)
    {
        const int high = HexDigit(text[2 * i]);
        const int low = HexDigit(text[2 * i + 1]);
        if (high < 0 || low < 0)
        {
            throw std::invalid_argument("hex string \"" + text.substr(0, 80) +
                                        "\" has a non-hex character at position " +
                                        std::to_string(high < 0 ? 2 * i : 2 * i + 1));
        }
        bytes[i] = static_cast<uint8_t>((high << 4) | low);
    }
    return bytes;
}

} // namespace sagin
} // namespace ns3
