// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_TRANSACTION_PAYLOADS_H
#define SAGIN_TRANSACTION_PAYLOADS_H

#include "sha256.h"

#include "ns3/nstime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

class ByteReader;
class ByteWriter;

/**
 * \ingroup sagin
 * The kind of record a Transaction carries: its type tag on the wire (1 byte).
 *
 * To add a kind: add an enumerator (never renumber one), a payload struct like the ones below
 * (TYPE, SERIALIZED_SIZE or a length rule, Encode, Decode that checks every field), and a case
 * in IsKnownTransactionType(), ValidateTransactionPayload() and ToString(). Parsers reject
 * tags they do not know.
 */
enum class TransactionType : uint8_t
{
    OFFLOADING_RECORD = 1,    //!< study A: a device's slot decision and what was processed
    SPECTRUM_LEASE = 2,       //!< study B: a satellite leases a channel to an IoT user
    REPUTATION_CHANGE = 3,    //!< study B: a terrestrial server's reputation moves
    CONTENT_DELIVERY = 4,     //!< study C: content delivered to a user, and its payment
    MODEL_UPDATE = 5,         //!< federated learning: hash of a local or global model
    SPECTRUM_LEASE_BATCH = 6, //!< study B: a satellite's leases of a federated period
};

/**
 * \ingroup sagin
 * \param type a type
 * \return its name, e.g. "offloading-record"
 */
std::string ToString(TransactionType type);

/**
 * \ingroup sagin
 * \param tag a type tag read from the wire
 * \return true if this build knows the kind
 */
bool IsKnownTransactionType(uint8_t tag);

/**
 * \ingroup sagin
 * Decode a payload of the given kind to check it: exact length, every field in range.
 * Throws WireFormatError naming the kind and the field.
 * \param type the kind
 * \param payload the payload bytes
 */
void ValidateTransactionPayload(TransactionType type, const std::vector<uint8_t>& payload);

/**
 * \ingroup sagin
 * Study A: one device's decision in one slot and its outcome. Wire format (51 bytes): device
 * u32, server u32, slot u64, offloaded u8 (0/1), channel u16, taskBits u64, processedBits u64,
 * cpuFrequency f64, price f64.
 */
struct OffloadingRecord
{
    /** Type tag. */
    static constexpr TransactionType TYPE = TransactionType::OFFLOADING_RECORD;
    /** Payload size (bytes). */
    static constexpr uint32_t SERIALIZED_SIZE = 51;

    uint32_t device{0};        //!< node id of the ground device (digital twin)
    uint32_t server{0};        //!< node id that processed the task (the device itself if local)
    uint64_t slot{0};          //!< slot index
    bool offloaded{false};     //!< true: offloaded to a LEO satellite, false: processed locally
    uint16_t channel{0};       //!< OFDMA channel used when offloaded
    uint64_t taskBits{0};      //!< bits that arrived in the slot (bit)
    uint64_t processedBits{0}; //!< bits processed in the slot (bit)
    double cpuFrequency{0};    //!< CPU frequency bought from the leader (Hz)
    double price{0};           //!< leader's unit price of CPU frequency (monetary units per Hz)

    /** \param writer receives the payload */
    void Encode(ByteWriter& writer) const;
    /**
     * \param reader positioned at the payload
     * \return the record; throws WireFormatError on bad fields
     */
    static OffloadingRecord Decode(ByteReader& reader);
    /**
     * \param other another record
     * \return true if every field is equal
     */
    bool operator==(const OffloadingRecord& other) const;
};

/**
 * \ingroup sagin
 * Study B: a satellite leases one channel of one beam to an IoT user. Wire format (44 bytes):
 * satellite u32, user u32, beam u16, channel u16, start i64 (ns), duration i64 (ns),
 * power f64, price f64.
 */
struct SpectrumLease
{
    /** Type tag. */
    static constexpr TransactionType TYPE = TransactionType::SPECTRUM_LEASE;
    /** Payload size (bytes). */
    static constexpr uint32_t SERIALIZED_SIZE = 44;

    uint32_t satellite{0}; //!< node id of the leasing satellite
    uint32_t user{0};      //!< node id of the IoT user
    uint16_t beam{0};      //!< beam (cell) index
    uint16_t channel{0};   //!< channel index in the beam
    Time start;            //!< lease start (simulation time, >= 0, nanosecond resolution)
    Time duration;         //!< lease duration (> 0, nanosecond resolution)
    double power{0};       //!< transmit power the user may use (W, >= 0)
    double price{0};       //!< price paid for the lease (monetary units, >= 0)

    /** \param writer receives the payload */
    void Encode(ByteWriter& writer) const;
    /**
     * \param reader positioned at the payload
     * \return the lease; throws WireFormatError on bad fields
     */
    static SpectrumLease Decode(ByteReader& reader);
    /**
     * \param other another lease
     * \return true if every field is equal
     */
    bool operator==(const SpectrumLease& other) const;
};

/**
 * \ingroup sagin
 * Study B: the leases one satellite granted over a federated period, in one transaction (its
 * users' SpectrumLeases, each of this satellite). Wire format (14 + 40 n bytes): satellite
 * u32, period u64, n u16 (1 to MAX_LEASES), then n times a SpectrumLease without its
 * satellite: user u32, beam u16, channel u16, start i64 (ns), duration i64 (ns), power f64,
 * price f64.
 */
struct SpectrumLeaseBatch
{
    /** Type tag. */
    static constexpr TransactionType TYPE = TransactionType::SPECTRUM_LEASE_BATCH;
    /** Bytes before the leases. */
    static constexpr uint32_t HEADER_SIZE = 14;
    /** Bytes per lease. */
    static constexpr uint32_t LEASE_SIZE = 40;
    /** Most leases in one batch: what fits a transaction's 65,536-byte payload. */
    static constexpr uint32_t MAX_LEASES = (65536 - HEADER_SIZE) / LEASE_SIZE;

    uint32_t satellite{0};             //!< node id of the leasing satellite
    uint64_t period{0};                //!< the federated period (round) they belong to
    std::vector<SpectrumLease> leases; //!< 1 to MAX_LEASES, each of this satellite

    /**
     * \param writer receives the payload; std::invalid_argument for no lease, more than
     *        MAX_LEASES, or a lease of another satellite
     */
    void Encode(ByteWriter& writer) const;
    /**
     * \param reader positioned at the payload
     * \return the batch; throws WireFormatError on bad fields
     */
    static SpectrumLeaseBatch Decode(ByteReader& reader);
    /**
     * \param other another batch
     * \return true if every field is equal
     */
    bool operator==(const SpectrumLeaseBatch& other) const;
};

/**
 * \ingroup sagin
 * Study B: a change of a terrestrial server's reputation after a round. Wire format
 * (29 bytes): subject u32, round u64, delta f64, normalUsers u32, maliciousUsers u32,
 * reason u8.
 */
struct ReputationChange
{
    /** Type tag. */
    static constexpr TransactionType TYPE = TransactionType::REPUTATION_CHANGE;
    /** Payload size (bytes). */
    static constexpr uint32_t SERIALIZED_SIZE = 29;

    /** Why the reputation changed. */
    enum Reason : uint8_t
    {
        ROUND_BEHAVIOUR = 0, //!< + rho * normal users, or - rho * malicious users
        PRODUCER_RESET = 1,  //!< reset after producing a block (aggregating)
    };

    uint32_t subject{0};            //!< node id whose reputation changes
    uint64_t round{0};              //!< federated round
    double delta{0};                //!< change of reputation (reputation units, signed)
    uint32_t normalUsers{0};        //!< users that behaved in the round
    uint32_t maliciousUsers{0};     //!< users that broke power, channel or lease rules
    Reason reason{ROUND_BEHAVIOUR}; //!< why

    /** \param writer receives the payload */
    void Encode(ByteWriter& writer) const;
    /**
     * \param reader positioned at the payload
     * \return the change; throws WireFormatError on bad fields
     */
    static ReputationChange Decode(ByteReader& reader);
    /**
     * \param other another change
     * \return true if every field is equal
     */
    bool operator==(const ReputationChange& other) const;
};

/**
 * \ingroup sagin
 * Study C: content delivered to a user in a slot and the payment for it. Wire format
 * (36 bytes): content u32, server u32, user u32, slot u64, deliveredBits u64, payment f64.
 */
struct ContentDelivery
{
    /** Type tag. */
    static constexpr TransactionType TYPE = TransactionType::CONTENT_DELIVERY;
    /** Payload size (bytes). */
    static constexpr uint32_t SERIALIZED_SIZE = 36;

    uint32_t content{0};       //!< content index in the catalogue
    uint32_t server{0};        //!< node id that delivered it (a UAV or the satellite)
    uint32_t user{0};          //!< node id of the user equipment
    uint64_t slot{0};          //!< slot index
    uint64_t deliveredBits{0}; //!< bits delivered in the slot (bit)
    double payment{0};         //!< payment for the delivery (monetary units, >= 0)

    /** \param writer receives the payload */
    void Encode(ByteWriter& writer) const;
    /**
     * \param reader positioned at the payload
     * \return the delivery; throws WireFormatError on bad fields
     */
    static ContentDelivery Decode(ByteReader& reader);
    /**
     * \param other another delivery
     * \return true if every field is equal
     */
    bool operator==(const ContentDelivery& other) const;
};

/**
 * \ingroup sagin
 * Federated learning: the hash of a model update, so that the model itself can travel
 * outside the chain and be checked against it. Wire format (61 bytes): node u32, round u64,
 * scope u8, modelHash 32 bytes, modelBytes u64, samples u64.
 */
struct ModelUpdate
{
    /** Type tag. */
    static constexpr TransactionType TYPE = TransactionType::MODEL_UPDATE;
    /** Payload size (bytes). */
    static constexpr uint32_t SERIALIZED_SIZE = 61;

    /** Which model. */
    enum Scope : uint8_t
    {
        LOCAL = 0,  //!< a participant's local update
        GLOBAL = 1, //!< the aggregator's global model
    };

    uint32_t node{0};         //!< node id of the participant or aggregator
    uint64_t round{0};        //!< federated round
    Scope scope{LOCAL};       //!< local or global model
    Sha256Digest modelHash{}; //!< SHA-256 of the serialised model parameters
    uint64_t modelBytes{0};   //!< size of the serialised model (bytes)
    uint64_t samples{0};      //!< training samples behind the update (aggregation weight)

    /** \param writer receives the payload */
    void Encode(ByteWriter& writer) const;
    /**
     * \param reader positioned at the payload
     * \return the update; throws WireFormatError on bad fields
     */
    static ModelUpdate Decode(ByteReader& reader);
    /**
     * \param other another update
     * \return true if every field is equal
     */
    bool operator==(const ModelUpdate& other) const;
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_TRANSACTION_PAYLOADS_H
