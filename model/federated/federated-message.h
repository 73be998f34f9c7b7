// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_FEDERATED_MESSAGE_H
#define SAGIN_FEDERATED_MESSAGE_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * One message of a federated round, as it travels over TCP between FederatedNode
 * applications (one message per connection, MessageTransport). Integers big-endian:
 *
 * \verbatim
   offset  size  field
        0     4  magic       "SGFL"
        4     1  version     1
        5     1  type        1 ANNOUNCE, 2 UPDATE, 3 TAKEOVER
        6     1  codec       how the payload encodes the parameters (0: float32, exact)
        7     1  reserved    0
        8     8  round       u64
       16     4  sender      u32, node id
       20     8  samples     u64, training samples behind an UPDATE (0 otherwise)
       28     8  start       i64, when the round was announced (simulation time, ns)
       36     4  count       u32, parameters the payload holds (the model's size)
       40     4  ranked      u32, r: aggregator candidates that follow
       44    4r  ranking     u32 node ids, best first (ANNOUNCE: the round's aggregators)
   44+4r     4  payload     u32, n: payload bytes that follow
   48+4r     n  payload     the parameters, codec-encoded (float32: 4 bytes each, little-endian)
   \endverbatim
 *
 * ANNOUNCE (from the aggregator of the previous round, to every member): round r begins; the
 * payload is the global model after round r - 1 (float32) and the ranking names round r's
 * aggregator and its backups. UPDATE (participant to aggregator): the participant's model
 * after local training from round r's global model. TAKEOVER (a backup aggregator to every
 * member, no payload): the aggregators ranked above it released nothing in time; send round
 * r's updates to the sender. Decode() refuses anything else, naming the field.
 */
struct FederatedMessage
{
    /** Kinds of message. */
    enum Type : uint8_t
    {
        ANNOUNCE = 1, //!< round r begins: global model and aggregator ranking
        UPDATE = 2,   //!< a participant's local model for round r
        TAKEOVER = 3, //!< a backup aggregator collects round r
    };

    /** Bytes before the ranking. */
    static constexpr uint32_t FIXED_HEADER_BYTES = 44;
    /** Most aggregator candidates in a ranking. */
    static constexpr uint32_t MAX_RANKED = 65536;

    Type type{ANNOUNCE};           //!< kind
    uint8_t codec{0};              //!< payload encoding (0: float32)
    uint64_t round{0};             //!< federated round
    uint32_t sender{0};            //!< node id of the sender
    uint64_t samples{0};           //!< UPDATE: training samples (aggregation weight)
    int64_t roundStartNs{0};       //!< when the round was announced (ns)
    uint32_t parameterCount{0};    //!< parameters in the payload
    std::vector<uint32_t> ranking; //!< aggregator node ids, best first
    std::vector<uint8_t> payload;  //!< encoded parameters

    /** \return the message's bytes */
    std::vector<uint8_t> Encode() const;

    /**
     * \param bytes a message's bytes
     * \param maxParameters the largest parameter count accepted
     * \return the message; throws WireFormatError naming the field for anything that is not a
     *         valid message (bad magic, version, type, truncation, trailing bytes, counts
     *         above their limits)
     */
    static FederatedMessage Decode(const std::vector<uint8_t>& bytes, uint32_t maxParameters);

    /** \return the size of Encode() in bytes */
    uint64_t GetEncodedSize() const;
};

/**
 * \ingroup sagin
 * \param type a message type
 * \return "ANNOUNCE", "UPDATE" or "TAKEOVER"
 */
std::string ToString(FederatedMessage::Type type);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_FEDERATED_MESSAGE_H
