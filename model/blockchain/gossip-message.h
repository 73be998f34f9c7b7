// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_GOSSIP_MESSAGE_H
#define SAGIN_GOSSIP_MESSAGE_H

#include "block-header.h"
#include "byte-codec.h"
#include "sha256.h"

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Kinds of gossip messages (the type byte of the frame).
 */
enum class GossipMessageType : uint8_t
{
    INV = 1,         //!< inventory: hashes of blocks and transactions the sender has
    GET_DATA = 2,    //!< request for the blocks or transactions with these hashes
    BLOCK = 3,       //!< one Block serialisation
    TX = 4,          //!< one Transaction serialisation
    GET_HEADERS = 5, //!< request for main-chain headers after a given block (light nodes)
    HEADERS = 6,     //!< main-chain headers, oldest first
    CONSENSUS = 7,   //!< a consensus engine's message (PBFT votes), flooded to every peer
};

/**
 * \ingroup sagin
 * \param type a message type
 * \return its name, e.g. "GET_DATA"
 */
std::string ToString(GossipMessageType type);

/**
 * \ingroup sagin
 * \param value a type byte
 * \return true if it names a GossipMessageType
 */
bool IsGossipMessageType(uint8_t value);

/**
 * \ingroup sagin
 * \param names type names as ToString gives them, comma-separated (e.g. "BLOCK,TX"); empty:
 *        none
 * \param what the option or attribute they come from, named in errors
 * \return the types. Throws std::invalid_argument naming an unknown name and the known ones.
 */
std::set<GossipMessageType> ParseGossipMessageTypes(const std::string& names,
                                                    const std::string& what);

/**
 * \ingroup sagin
 * A gossip message: its type and body bytes.
 *
 * Frame on the TCP stream (integers big-endian):
 * \verbatim
   offset  size  field
        0     1  type     GossipMessageType
        1     4  length   u32, body bytes, <= the receiver's MaxMessageSize
        5     n  body
   \endverbatim
 * Bodies:
 * - INV, GET_DATA: count u32 (<= MAX_INVENTORY), then count 32-byte hashes (block hashes or
 *   transaction ids; the receiver looks each up in its ledger and mempool).
 * - BLOCK: one Block serialisation; TX: one Transaction serialisation.
 * - GET_HEADERS: 32-byte hash of the last block the requester has (all zeros: from genesis),
 *   then maxCount u32.
 * - HEADERS: count u32 (<= MAX_HEADERS), then count BlockHeader serialisations.
 * - CONSENSUS: the consensus engine's bytes (parsed by the engine, e.g. PbftMessage).
 *
 * Every decoder and CheckBody() throw WireFormatError for a malformed body.
 */
struct GossipMessage
{
    /** Bytes of the frame header (type + length). */
    static constexpr uint32_t FRAME_HEADER_BYTES = 5;
    /** Most hashes in one INV or GET_DATA. */
    static constexpr uint32_t MAX_INVENTORY = 50000;
    /** Most headers in one HEADERS message. */
    static constexpr uint32_t MAX_HEADERS = 2000;

    GossipMessageType type{GossipMessageType::INV}; //!< kind
    std::vector<uint8_t> body;                      //!< body bytes

    /** \return the frame: type, length, body (FRAME_HEADER_BYTES + body size bytes) */
    std::vector<uint8_t> Frame() const;

    /** \return FRAME_HEADER_BYTES + body size (bytes) */
    uint64_t GetFrameSize() const;

    /**
     * Parse the body as its type says and throw WireFormatError if it is malformed (BLOCK
     * and TX bodies by Block::Deserialize and Transaction::Deserialize).
     */
    void CheckBody() const;

    /**
     * \param type INV or GET_DATA
     * \param hashes the hashes
     * \return the message
     */
    static GossipMessage MakeInventory(GossipMessageType type,
                                       const std::vector<Sha256Digest>& hashes);
    /**
     * \param body an INV or GET_DATA body
     * \return its hashes
     */
    static std::vector<Sha256Digest> DecodeInventory(const std::vector<uint8_t>& body);

    /**
     * \param from last block the requester has (zeros: from genesis)
     * \param maxCount most headers wanted
     * \return the GET_HEADERS message
     */
    static GossipMessage MakeGetHeaders(const Sha256Digest& from, uint32_t maxCount);
    /**
     * \param body a GET_HEADERS body
     * \param from set to the hash
     * \param maxCount set to the count
     */
    static void DecodeGetHeaders(const std::vector<uint8_t>& body,
                                 Sha256Digest* from,
                                 uint32_t* maxCount);

    /**
     * \param headers headers, oldest first (at most MAX_HEADERS)
     * \return the HEADERS message
     */
    static GossipMessage MakeHeaders(const std::vector<BlockHeader>& headers);
    /**
     * \param body a HEADERS body
     * \return the headers
     */
    static std::vector<BlockHeader> DecodeHeaders(const std::vector<uint8_t>& body);
};

/**
 * \ingroup sagin
 * Cuts a TCP byte stream into gossip messages. Push() takes bytes as the socket delivers them
 * (any chunking); Next() yields whole messages in order. A frame with an unknown type or a
 * length above the maximum puts the reassembler into a failed state with a reason: the stream
 * cannot be resynchronised, so the connection should be closed. Bodies are not parsed here
 * (GossipMessage::CheckBody() does that).
 */
class GossipStreamReassembler
{
  public:
    /** What Next() found. */
    enum Status
    {
        MESSAGE,   //!< a whole message was returned
        NEED_MORE, //!< no whole message buffered yet
        FAILED,    //!< malformed frame; see GetFailure()
    };

    /** \param maxMessageSize largest body accepted (bytes) */
    explicit GossipStreamReassembler(uint32_t maxMessageSize = 8u << 20);

    /**
     * \param data first byte
     * \param size number of bytes
     */
    void Push(const uint8_t* data, size_t size);

    /**
     * \param message set to the next message when MESSAGE is returned
     * \return the status
     */
    Status Next(GossipMessage* message);

    /** \return true after a malformed frame */
    bool HasFailed() const;

    /** \return why the stream failed ("" if it has not) */
    const std::string& GetFailure() const;

    /** \return bytes buffered and not yet returned */
    size_t GetBufferedBytes() const;

  private:
    uint32_t m_maxMessageSize;     //!< largest body accepted (bytes)
    std::vector<uint8_t> m_buffer; //!< received bytes
    size_t m_offset{0};            //!< first unconsumed byte in m_buffer
    std::string m_failure;         //!< reason of failure, if any
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_GOSSIP_MESSAGE_H
