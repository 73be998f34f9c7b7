// SPDX-License-Identifier: GPL-2.0-only

#include "transaction-payloads.h"

#include "byte-codec.h"

#include <stdexcept>

namespace ns3
{
namespace sagin
{

namespace
{

/**
 * Read a non-negative double.
 * \param reader the reader
 * \param field field name
 * \return the value, >= 0
 */
double
ReadNonNegative(ByteReader& reader, const char* field)
{
    const double value = reader.ReadDouble(field);
    if (value < 0)
    {
        reader.Fail(std::string("field '") + field + "' is negative (" + std::to_string(value) +
                    ")");
    }
    return value;
}

/**
 * Read a time written as nanoseconds.
 * \param reader the reader
 * \param field field name
 * \param allowZero whether 0 is valid
 * \return the time, >= 0 (> 0 unless allowZero)
 */
Time
ReadTime(ByteReader& reader, const char* field, bool allowZero)
{
    const int64_t ns = reader.ReadI64(field);
    if (ns < 0 || (!allowZero && ns == 0))
    {
        reader.Fail(std::string("field '") + field + "' is " + std::to_string(ns) +
                    " ns; it must be " + (allowZero ? ">= 0" : "> 0"));
    }
    return NanoSeconds(ns);
}

/**
 * Decode a fixed-size payload of type P and check it is exactly P::SERIALIZED_SIZE bytes.
 * \param payload the bytes
 */
template <typename P>
void
Check(const std::vector<uint8_t>& payload)
{
    ByteReader reader(payload.data(), payload.size(), ToString(P::TYPE) + " payload");
    if (payload.size() != P::SERIALIZED_SIZE)
    {
        reader.Fail("has " + std::to_string(payload.size()) + " bytes; expected " +
                    std::to_string(P::SERIALIZED_SIZE));
    }
    P::Decode(reader);
    reader.ExpectEnd();
}

/**
 * Write a lease's terms: everything but its satellite (SpectrumLease and SpectrumLeaseBatch).
 * \param writer the writer
 * \param l the lease
 */
void
EncodeLeaseTerms(ByteWriter& writer, const SpectrumLease& l)
{
    writer.WriteU32(l.user);
    writer.WriteU16(l.beam);
    writer.WriteU16(l.channel);
    writer.WriteI64(l.start.GetNanoSeconds());
    writer.WriteI64(l.duration.GetNanoSeconds());
    writer.WriteDouble(l.power);
    writer.WriteDouble(l.price);
}

/**
 * \param reader positioned at a lease's terms
 * \param satellite its satellite
 * \return the lease
 */
SpectrumLease
DecodeLeaseTerms(ByteReader& reader, uint32_t satellite)
{
    SpectrumLease l;
    l.satellite = satellite;
    l.user = reader.ReadU32("user");
    l.beam = reader.ReadU16("beam");
    l.channel = reader.ReadU16("channel");
    l.start = ReadTime(reader, "start", true);
    l.duration = ReadTime(reader, "duration", false);
    l.power = ReadNonNegative(reader, "power");
    l.price = ReadNonNegative(reader, "price");
    return l;
}

} // namespace

std::string
ToString(TransactionType type)
{
    switch (type)
    {
    case TransactionType::OFFLOADING_RECORD:
        return "offloading-record";
    case TransactionType::SPECTRUM_LEASE:
        return "spectrum-lease";
    case TransactionType::REPUTATION_CHANGE:
        return "reputation-change";
    case TransactionType::CONTENT_DELIVERY:
        return "content-delivery";
    case TransactionType::MODEL_UPDATE:
        return "model-update";
    case TransactionType::SPECTRUM_LEASE_BATCH:
        return "spectrum-lease-batch";
    }
    return "unknown-type-" + std::to_string(static_cast<unsigned>(type));
}

bool
IsKnownTransactionType(uint8_t tag)
{
    switch (static_cast<TransactionType>(tag))
    {
    case TransactionType::OFFLOADING_RECORD:
    case TransactionType::SPECTRUM_LEASE:
    case TransactionType::REPUTATION_CHANGE:
    case TransactionType::CONTENT_DELIVERY:
    case TransactionType::MODEL_UPDATE:
    case TransactionType::SPECTRUM_LEASE_BATCH:
        return true;
    }
    return false;
}

void
ValidateTransactionPayload(TransactionType type, const std::vector<uint8_t>& payload)
{
    switch (type)
    {
    case TransactionType::OFFLOADING_RECORD:
        return Check<OffloadingRecord>(payload);
    case TransactionType::SPECTRUM_LEASE:
        return Check<SpectrumLease>(payload);
    case TransactionType::REPUTATION_CHANGE:
        return Check<ReputationChange>(payload);
    case TransactionType::CONTENT_DELIVERY:
        return Check<ContentDelivery>(payload);
    case TransactionType::MODEL_UPDATE:
        return Check<ModelUpdate>(payload);
    case TransactionType::SPECTRUM_LEASE_BATCH: {
        // Variable length: the count fixes it, and nothing may follow the last lease.
        ByteReader reader(payload.data(), payload.size(), "spectrum-lease-batch payload");
        SpectrumLeaseBatch::Decode(reader);
        reader.ExpectEnd();
        return;
    }
    }
    throw WireFormatError("transaction payload: unknown type tag " +
                          std::to_string(static_cast<unsigned>(type)));
}

void
OffloadingRecord::Encode(ByteWriter& writer) const
{
    writer.WriteU32(device);
    writer.WriteU32(server);
    writer.WriteU64(slot);
    writer.WriteU8(offloaded ? 1 : 0);
    writer.WriteU16(channel);
    writer.WriteU64(taskBits);
    writer.WriteU64(processedBits);
    writer.WriteDouble(cpuFrequency);
    writer.WriteDouble(price);
}

OffloadingRecord
OffloadingRecord::Decode(ByteReader& reader)
{
    OffloadingRecord r;
    r.device = reader.ReadU32("device");
    r.server = reader.ReadU32("server");
    r.slot = reader.ReadU64("slot");
    r.offloaded = reader.ReadBool("offloaded");
    r.channel = reader.ReadU16("channel");
    r.taskBits = reader.ReadU64("taskBits");
    r.processedBits = reader.ReadU64("processedBits");
    r.cpuFrequency = ReadNonNegative(reader, "cpuFrequency");
    r.price = ReadNonNegative(reader, "price");
    return r;
}

bool
OffloadingRecord::operator==(const OffloadingRecord& o) const
{
    return device == o.device && server == o.server && slot == o.slot && offloaded == o.offloaded &&
           channel == o.channel && taskBits == o.taskBits && processedBits == o.processedBits &&
           cpuFrequency == o.cpuFrequency && price == o.price;
}

void
SpectrumLease::Encode(ByteWriter& writer) const
{
    writer.WriteU32(satellite);
    EncodeLeaseTerms(writer, *this);
}

SpectrumLease
SpectrumLease::Decode(ByteReader& reader)
{
    const uint32_t satellite = reader.ReadU32("satellite");
    return DecodeLeaseTerms(reader, satellite);
}

void
SpectrumLeaseBatch::Encode(ByteWriter& writer) const
{
    if (leases.empty() || leases.size() > MAX_LEASES)
    {
        throw std::invalid_argument("SpectrumLeaseBatch: " + std::to_string(leases.size()) +
                                    " leases; a batch holds 1 to " + std::to_string(MAX_LEASES) +
                                    " (split larger ones)");
    }
    writer.WriteU32(satellite);
    writer.WriteU64(period);
    writer.WriteU16(static_cast<uint16_t>(leases.size()));
    for (const SpectrumLease& l : leases)
    {
        if (l.satellite != satellite)
        {
            throw std::invalid_argument("SpectrumLeaseBatch: a lease of satellite " +
                                        std::to_string(l.satellite) + " in the batch of " +
                                        std::to_string(satellite));
        }
        EncodeLeaseTerms(writer, l);
    }
}

SpectrumLeaseBatch
SpectrumLeaseBatch::Decode(ByteReader& reader)
{
    SpectrumLeaseBatch b;
    b.satellite = reader.ReadU32("satellite");
    b.period = reader.ReadU64("period");
    const uint16_t count = reader.ReadU16("count");
    if (count == 0 || count > MAX_LEASES)
    {
        reader.Fail("field 'count' is " + std::to_string(count) + "; a batch holds 1 to " +
                    std::to_string(MAX_LEASES) + " leases");
    }
    for (uint16_t i = 0; i < count; ++i)
    {
        b.leases.push_back(DecodeLeaseTerms(reader, b.satellite));
    }
    return b;
}

bool
SpectrumLeaseBatch::operator==(const SpectrumLeaseBatch& o) const
{
    return satellite == o.satellite && period == o.period && leases == o.leases;
}

bool
SpectrumLease::operator==(const SpectrumLease& o) const
{
    return satellite == o.satellite && user == o.user && beam == o.beam && channel == o.channel &&
           start == o.start && duration == o.duration && power == o.power && price == o.price;
}

void
ReputationChange::Encode(ByteWriter& writer) const
{
    writer.WriteU32(subject);
    writer.WriteU64(round);
    writer.WriteDouble(delta);
    writer.WriteU32(normalUsers);
    writer.WriteU32(maliciousUsers);
    writer.WriteU8(reason);
}

ReputationChange
ReputationChange::Decode(ByteReader& reader)
{
    ReputationChange c;
    c.subject = reader.ReadU32("subject");
    c.round = reader.ReadU64("round");
    c.delta = reader.ReadDouble("delta");
    c.normalUsers = reader.ReadU32("normalUsers");
    c.maliciousUsers = reader.ReadU32("maliciousUsers");
    const uint8_t reason = reader.ReadU8("reason");
    if (reason > PRODUCER_RESET)
    {
        reader.Fail("field 'reason' is " + std::to_string(reason) +
                    "; known reasons are 0 (round behaviour) and 1 (producer reset)");
    }
    c.reason = static_cast<Reason>(reason);
    return c;
}

bool
ReputationChange::operator==(const ReputationChange& o) const
{
    return subject == o.subject && round == o.round && delta == o.delta &&
           normalUsers == o.normalUsers && maliciousUsers == o.maliciousUsers && reason == o.reason;
}

void
ContentDelivery::Encode(ByteWriter& writer) const
{
    writer.WriteU32(content);
    writer.WriteU32(server);
    writer.WriteU32(user);
    writer.WriteU64(slot);
    writer.WriteU64(deliveredBits);
    writer.WriteDouble(payment);
}

ContentDelivery
ContentDelivery::Decode(ByteReader& reader)
{
    ContentDelivery d;
    d.content = reader.ReadU32("content");
    d.server = reader.ReadU32("server");
    d.user = reader.ReadU32("user");
    d.slot = reader.ReadU64("slot");
    d.deliveredBits = reader.ReadU64("deliveredBits");
    d.payment = ReadNonNegative(reader, "payment");
    return d;
}

bool
ContentDelivery::operator==(const ContentDelivery& o) const
{
    return content == o.content && server == o.server && user == o.user && slot == o.slot &&
           deliveredBits == o.deliveredBits && payment == o.payment;
}

void
ModelUpdate::Encode(ByteWriter& writer) const
{
    writer.WriteU32(node);
    writer.WriteU64(round);
    writer.WriteU8(scope);
    writer.WriteArray(modelHash);
    writer.WriteU64(modelBytes);
    writer.WriteU64(samples);
}

ModelUpdate
ModelUpdate::Decode(ByteReader& reader)
{
    ModelUpdate u;
    u.node = reader.ReadU32("node");
    u.round = reader.ReadU64("round");
    const uint8_t scope = reader.ReadU8("scope");
    if (scope > GLOBAL)
    {
        reader.Fail("field 'scope' is " + std::to_string(scope) +
                    "; known scopes are 0 (local) and 1 (global)");
    }
    u.scope = static_cast<Scope>(scope);
    u.modelHash = reader.ReadArray<32>("modelHash");
    u.modelBytes = reader.ReadU64("modelBytes");
    u.samples = reader.ReadU64("samples");
    return u;
}

bool
ModelUpdate::operator==(const ModelUpdate& o) const
{
    return node == o.node && round == o.round && scope == o.scope && modelHash == o.modelHash &&
           modelBytes == o.modelBytes && samples == o.samples;
}

} // namespace sagin
} // namespace ns3
