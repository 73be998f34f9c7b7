// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_BYTE_CODEC_H
#define SAGIN_BYTE_CODEC_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Thrown by every blockchain parser (Transaction, BlockHeader, Block, MerkleProof) for bytes
 * that are not a valid serialisation: truncated, oversized (a length above its limit or bytes
 * left over), an unknown version or type tag, or a field value outside its range. The message
 * names the object, the field, its byte offset and what was expected. Gossip catches it to
 * drop and count a malformed message; it is never a crash.
 */
class WireFormatError : public std::invalid_argument
{
  public:
    using std::invalid_argument::invalid_argument;
};

/**
 * \ingroup sagin
 * Appends fields to a byte string in the blockchain wire format: integers big-endian (network
 * order), doubles as their IEEE-754 binary64 bit pattern big-endian, byte strings either of a
 * fixed size or preceded by their length as a uint32.
 */
class ByteWriter
{
  public:
    /** \param value appended as 1 byte */
    void WriteU8(uint8_t value);
    /** \param value appended as 2 bytes, big-endian */
    void WriteU16(uint16_t value);
    /** \param value appended as 4 bytes, big-endian */
    void WriteU32(uint32_t value);
    /** \param value appended as 8 bytes, big-endian */
    void WriteU64(uint64_t value);
    /** \param value appended as 8 bytes, two's complement big-endian */
    void WriteI64(int64_t value);
    /** \param value appended as its 8-byte IEEE-754 binary64 bit pattern, big-endian */
    void WriteDouble(double value);
    /**
     * Append bytes as they are (no length).
     * \param data first byte
     * \param size number of bytes
     */
    void WriteBytes(const uint8_t* data, size_t size);

    /**
     * Append a fixed-size byte array as it is.
     * \param value the bytes
     */
    template <size_t N>
    void WriteArray(const std::array<uint8_t, N>& value)
    {
        WriteBytes(value.data(), N);
    }

    /**
     * Append a uint32 length followed by the bytes.
     * \param value the bytes (at most 2^32 - 1)
     */
    void WriteLengthPrefixed(const std::vector<uint8_t>& value);

    /** \return the bytes written so far */
    const std::vector<uint8_t>& GetBytes() const;

    /** \return the bytes written so far, moved out of the writer */
    std::vector<uint8_t> TakeBytes();

  private:
    std::vector<uint8_t> m_bytes; //!< the bytes written
};

/**
 * \ingroup sagin
 * Reads fields written by ByteWriter from a byte range, checking every length against the
 * bytes left before reading or allocating. Every failure throws WireFormatError with a message
 * "<what>: <field> ... at byte <offset> ...", where `what` names the object being parsed.
 */
class ByteReader
{
  public:
    /**
     * \param data first byte (may be nullptr when size is 0)
     * \param size number of bytes
     * \param what the object being parsed, for messages (e.g. "transaction")
     */
    ByteReader(const uint8_t* data, size_t size, std::string what);

    /**
     * \param field field name, for messages
     * \return the next byte
     */
    uint8_t ReadU8(const char* field);
    /**
     * \param field field name, for messages
     * \return the next 2 bytes, big-endian
     */
    uint16_t ReadU16(const char* field);
    /**
     * \param field field name, for messages
     * \return the next 4 bytes, big-endian
     */
    uint32_t ReadU32(const char* field);
    /**
     * \param field field name, for messages
     * \return the next 8 bytes, big-endian
     */
    uint64_t ReadU64(const char* field);
    /**
     * \param field field name, for messages
     * \return the next 8 bytes, two's complement big-endian
     */
    int64_t ReadI64(const char* field);
    /**
     * Read an IEEE-754 binary64 value; NaN and infinities are rejected (they have no use in
     * a record and NaN has many bit patterns, which would make serialisations ambiguous).
     * \param field field name, for messages
     * \return the value, finite
     */
    double ReadDouble(const char* field);
    /**
     * \param field field name, for messages
     * \param value 0 or 1
     * \return the value as a bool; other values are rejected
     */
    bool ReadBool(const char* field);

    /**
     * \param field field name, for messages
     * \return the next N bytes
     */
    template <size_t N>
    std::array<uint8_t, N> ReadArray(const char* field)
    {
        std::array<uint8_t, N> value;
        Need(N, field);
        for (size_t i = 0; i < N; ++i)
        {
            value[i] = m_data[m_offset + i];
        }
        m_offset += N;
        return value;
    }

    /**
     * Read a uint32 length and that many bytes.
     * \param field field name, for messages
     * \param maxLength the largest length accepted (bytes)
     * \return the bytes
     */
    std::vector<uint8_t> ReadLengthPrefixed(const char* field, uint32_t maxLength);

    /**
     * Throw WireFormatError unless count bytes are left.
     * \param count bytes needed
     * \param field field name, for messages
     */
    void Need(size_t count, const char* field) const;

    /** Throw WireFormatError if bytes are left (the input is longer than the object). */
    void ExpectEnd() const;

    /**
     * Throw WireFormatError "<what>: <message> (at byte <offset>)".
     * \param message what is wrong
     */
    [[noreturn]] void Fail(const std::string& message) const;

    /** \return bytes consumed so far */
    size_t GetOffset() const;
    /** \return bytes left */
    size_t GetRemaining() const;
    /** \return pointer to the next unread byte */
    const uint8_t* GetCursor() const;
    /**
     * Skip bytes (after reading them through GetCursor()).
     * \param count bytes to skip; must be available
     * \param field field name, for messages
     */
    void Skip(size_t count, const char* field);

  private:
    const uint8_t* m_data; //!< first byte
    size_t m_size;         //!< number of bytes
    size_t m_offset{0};    //!< next byte to read
    std::string m_what;    //!< the object being parsed
};

/**
 * \ingroup sagin
 * \param data first byte
 * \param size number of bytes
 * \return lower-case hexadecimal, two digits per byte
 */
std::string ToHex(const uint8_t* data, size_t size);

/**
 * \ingroup sagin
 * \param bytes any bytes
 * \return lower-case hexadecimal, two digits per byte
 */
std::string ToHex(const std::vector<uint8_t>& bytes);

/**
 * \ingroup sagin
 * \param bytes any fixed-size bytes (digest, key, signature)
 * \return lower-case hexadecimal, two digits per byte
 */
template <size_t N>
std::string
ToHex(const std::array<uint8_t, N>& bytes)
{
    return ToHex(bytes.data(), N);
}

/**
 * \ingroup sagin
 * Throws std::invalid_argument naming the text for an odd length or a non-hex character.
 * \param text hexadecimal digits, upper or lower case, no separators
 * \return the bytes
 */
std::vector<uint8_t> FromHex(const std::string& text);

/**
 * \ingroup sagin
 * Throws std::invalid_argument naming the text unless it is exactly 2N hex digits.
 * \param text hexadecimal digits
 * \return the N bytes
 */
template <size_t N>
std::array<uint8_t, N>
FromHexArray(const std::string& text)
{
    const std::vector<uint8_t> bytes = FromHex(text);
    if (bytes.size() != N)
    {
        throw std::invalid_argument("hex string \"" + text + "\" has " +
                                    std::to_string(bytes.size()) + " bytes; expected " +
                                    std::to_string(N));
    }
    std::array<uint8_t, N> value;
    for (size_t i = 0; i < N; ++i)
    {
        value[i] = bytes[i];
    }
    return value;
}

} // namespace sagin
} // namespace ns3

#endif // SAGIN_BYTE_CODEC_H
