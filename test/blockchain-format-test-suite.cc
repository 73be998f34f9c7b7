// SPDX-License-Identifier: GPL-2.0-only
//
// The blockchain wire format: exact sizes and byte layouts against the tables documented in
// transaction.h and block-header.h (expected bytes assembled by hand here, not by the
// writer), round trips of every payload kind, every kind of bad input with its message, and
// a deterministic fuzz run that feeds random and mutated byte strings to every parser and
// requires each to be rejected with WireFormatError or to round-trip exactly.

#include "sagin-test-utils.h"

#include "ns3/block.h"
#include "ns3/byte-codec.h"
#include "ns3/ed25519-key.h"
#include "ns3/merkle-tree.h"
#include "ns3/test.h"
#include "ns3/transaction.h"

#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{

/**
 * \param value a byte
 * \return a key pair from a seed of that byte repeated
 */
Ed25519KeyPair
Key(uint8_t value)
{
    Ed25519Seed seed;
    seed.fill(value);
    return Ed25519KeyPair::FromSeed(seed);
}

/** \return a sample offloading record */
OffloadingRecord
SampleOffloading()
{
    OffloadingRecord r;
    r.device = 12;
    r.server = 40;
    r.slot = 7;
    r.offloaded = true;
    r.channel = 3;
    r.taskBits = 160000000;
    r.processedBits = 120000000;
    r.cpuFrequency = 2.5e9;
    r.price = 0.37;
    return r;
}

/** \return a sample spectrum lease */
SpectrumLease
SampleLease()
{
    SpectrumLease l;
    l.satellite = 3;
    l.user = 101;
    l.beam = 5;
    l.channel = 2;
    l.start = Seconds(12.5);
    l.duration = MilliSeconds(1500);
    l.power = 0.2;
    l.price = 1.25;
    return l;
}

/** \return a sample reputation change */
ReputationChange
SampleReputation()
{
    ReputationChange c;
    c.subject = 4;
    c.round = 9;
    c.delta = -0.3;
    c.normalUsers = 17;
    c.maliciousUsers = 3;
    c.reason = ReputationChange::ROUND_BEHAVIOUR;
    return c;
}

/** \return a sample content delivery */
ContentDelivery
SampleDelivery()
{
    ContentDelivery d;
    d.content = 21;
    d.server = 2;
    d.user = 55;
    d.slot = 100;
    d.deliveredBits = 30000000;
    d.payment = 60.0;
    return d;
}

/** \return a sample model update */
ModelUpdate
SampleModel()
{
    ModelUpdate u;
    u.node = 6;
    u.round = 3;
    u.scope = ModelUpdate::GLOBAL;
    u.modelHash = Sha256(std::string("model parameters"));
    u.modelBytes = 135000;
    u.samples = 6400;
    return u;
}

/**
 * \param sender the sender
 * \return one transaction of every kind
 */
std::vector<Transaction>
SampleTransactions(const Ed25519KeyPair& sender)
{
    return {Transaction::Create(SampleOffloading(), 1, sender),
            Transaction::Create(SampleLease(), 2, sender),
            Transaction::Create(SampleReputation(), 3, sender),
            Transaction::Create(SampleDelivery(), 4, sender),
            Transaction::Create(SampleModel(), 5, sender)};
}

/**
 * \param bytes the bytes to append to
 * \param value appended big-endian
 * \param size number of bytes
 */
void
AppendBigEndian(std::vector<uint8_t>& bytes, uint64_t value, int size)
{
    for (int i = size - 1; i >= 0; --i)
    {
        bytes.push_back(static_cast<uint8_t>(value >> (8 * i)));
    }
}

/**
 * \param bytes the bytes to append to
 * \param data appended as they are
 */
template <typename C>
void
AppendAll(std::vector<uint8_t>& bytes, const C& data)
{
    bytes.insert(bytes.end(), data.begin(), data.end());
}

} // namespace

/**
 * \ingroup sagin-tests
 * Payload sizes and round trips of every kind.
 */
class PayloadRoundTripTestCase : public TestCase
{
  public:
    PayloadRoundTripTestCase()
        : TestCase("Typed payloads: documented sizes and round trips")
    {
    }

  private:
    void DoRun() override
    {
        const auto sender = Key(1);
        const auto txs = SampleTransactions(sender);
        // Sizes from the field lists in transaction-payloads.h.
        const std::vector<uint32_t> payloadSizes = {4 + 4 + 8 + 1 + 2 + 8 + 8 + 8 + 8,
                                                    4 + 4 + 2 + 2 + 8 + 8 + 8 + 8,
                                                    4 + 8 + 8 + 4 + 4 + 1,
                                                    4 + 4 + 4 + 8 + 8 + 8,
                                                    4 + 8 + 1 + 32 + 8 + 8};
        const std::vector<uint32_t> declared = {OffloadingRecord::SERIALIZED_SIZE,
                                                SpectrumLease::SERIALIZED_SIZE,
                                                ReputationChange::SERIALIZED_SIZE,
                                                ContentDelivery::SERIALIZED_SIZE,
                                                ModelUpdate::SERIALIZED_SIZE};
        for (size_t i = 0; i < txs.size(); ++i)
        {
            const Transaction& tx = txs[i];
            NS_TEST_EXPECT_MSG_EQ(tx.GetPayloadBytes().size(), payloadSizes[i], "payload size");
            NS_TEST_EXPECT_MSG_EQ(declared[i], payloadSizes[i], "SERIALIZED_SIZE");
            NS_TEST_EXPECT_MSG_EQ(tx.GetSerializedSize(), 110u + payloadSizes[i], "tx size");
            NS_TEST_EXPECT_MSG_EQ(tx.Serialize().size(), tx.GetSerializedSize(), "real size");
            NS_TEST_EXPECT_MSG_EQ(tx.HasValidSignature(), true, "signed by its sender");
            const Transaction parsed = Transaction::Deserialize(tx.Serialize());
            NS_TEST_EXPECT_MSG_EQ((parsed == tx), true, ToString(tx.GetType()) << " round trip");
            NS_TEST_EXPECT_MSG_EQ(parsed.HasValidSignature(), true, "still valid after parsing");
        }
        NS_TEST_EXPECT_MSG_EQ((txs[0].GetPayload<OffloadingRecord>() == SampleOffloading()),
                              true,
                              "offloading record decodes");
        NS_TEST_EXPECT_MSG_EQ((txs[1].GetPayload<SpectrumLease>() == SampleLease()),
                              true,
                              "spectrum lease decodes");
        NS_TEST_EXPECT_MSG_EQ((txs[2].GetPayload<ReputationChange>() == SampleReputation()),
                              true,
                              "reputation change decodes");
        NS_TEST_EXPECT_MSG_EQ((txs[3].GetPayload<ContentDelivery>() == SampleDelivery()),
                              true,
                              "content delivery decodes");
        NS_TEST_EXPECT_MSG_EQ((txs[4].GetPayload<ModelUpdate>() == SampleModel()),
                              true,
                              "model update decodes");
        NS_TEST_EXPECT_MSG_EQ(Contains(MessageOf<std::invalid_argument>(
                                           [&txs] { txs[0].GetPayload<SpectrumLease>(); }),
                                       "holds a offloading-record payload, not a spectrum-lease"),
                              true,
                              "wrong payload kind named");
        // Different nonces make otherwise equal records different transactions.
        NS_TEST_EXPECT_MSG_NE(ToHex(Transaction::Create(SampleDelivery(), 1, sender).GetId()),
                              ToHex(Transaction::Create(SampleDelivery(), 2, sender).GetId()),
                              "nonce distinguishes");
    }
};

/**
 * \ingroup sagin-tests
 * Study B's lease batch: its bytes assembled by hand from the documented layout, the round
 * trip, the size rule 14 + 40 n up to MAX_LEASES, and malformed batches refused.
 */
class LeaseBatchTestCase : public TestCase
{
  public:
    LeaseBatchTestCase()
        : TestCase("Spectrum lease batch: layout, round trip, limits, malformed batches")
    {
    }

  private:
    void DoRun() override
    {
        const auto sender = Key(3);
        SpectrumLeaseBatch batch;
        batch.satellite = 3;
        batch.period = 7;
        batch.leases = {SampleLease(), SampleLease()};
        batch.leases[0].power = 0.5;  // 0x3FE0000000000000
        batch.leases[0].price = 1.25; // 0x3FF4000000000000
        batch.leases[1].user = 102;
        batch.leases[1].beam = 6;
        batch.leases[1].power = 0.25; // 0x3FD0000000000000
        batch.leases[1].price = 2.0;  // 0x4000000000000000
        std::vector<uint8_t> expected;
        AppendBigEndian(expected, 3, 4); // satellite
        AppendBigEndian(expected, 7, 8); // period
        AppendBigEndian(expected, 2, 2); // count
        const uint64_t powers[2] = {0x3FE0000000000000ull, 0x3FD0000000000000ull};
        const uint64_t prices[2] = {0x3FF4000000000000ull, 0x4000000000000000ull};
        for (int i = 0; i < 2; ++i)
        {
            AppendBigEndian(expected, i == 0 ? 101 : 102, 4); // user
            AppendBigEndian(expected, i == 0 ? 5 : 6, 2);     // beam
            AppendBigEndian(expected, 2, 2);                  // channel
            AppendBigEndian(expected, 12500000000ull, 8);     // start: 12.5 s in ns
            AppendBigEndian(expected, 1500000000ull, 8);      // duration: 1.5 s in ns
            AppendBigEndian(expected, powers[i], 8);
            AppendBigEndian(expected, prices[i], 8);
        }
        const Transaction tx = Transaction::Create(batch, 9, sender);
        NS_TEST_EXPECT_MSG_EQ(ToHex(tx.GetPayloadBytes()), ToHex(expected), "payload bytes");
        NS_TEST_EXPECT_MSG_EQ(expected.size(), 14u + 40u * 2, "14 + 40 n bytes");
        NS_TEST_EXPECT_MSG_EQ((tx.GetPayload<SpectrumLeaseBatch>() == batch), true, "round trip");
        NS_TEST_EXPECT_MSG_EQ(ToString(tx.GetType()), "spectrum-lease-batch", "its name");

        auto refusal = [&sender](std::vector<uint8_t> bytes) {
            return MessageOf<WireFormatError>([&sender, &bytes] {
                Transaction::CreateRaw(TransactionType::SPECTRUM_LEASE_BATCH, bytes, 0, sender);
            });
        };
        std::vector<uint8_t> empty(expected.begin(), expected.begin() + 14);
        empty[12] = 0;
        empty[13] = 0;
        NS_TEST_EXPECT_MSG_EQ(Contains(refusal(empty), "field 'count' is 0"), true, "no lease");
        std::vector<uint8_t> truncated(expected.begin(), expected.end() - 40);
        NS_TEST_EXPECT_MSG_NE(refusal(truncated), "", "a lease missing");
        std::vector<uint8_t> trailing = expected;
        trailing.push_back(0);
        NS_TEST_EXPECT_MSG_NE(refusal(trailing), "", "a byte after the last lease");

        SpectrumLeaseBatch full = batch;
        full.leases.assign(SpectrumLeaseBatch::MAX_LEASES, SampleLease());
        const Transaction largest = Transaction::Create(full, 10, sender);
        NS_TEST_EXPECT_MSG_EQ(largest.GetPayloadBytes().size(),
                              14u + 40u * SpectrumLeaseBatch::MAX_LEASES,
                              "MAX_LEASES fit");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(largest.GetPayloadBytes().size(),
                                    Transaction::MAX_PAYLOAD_BYTES,
                                    "within a transaction's payload");
        full.leases.push_back(SampleLease());
        NS_TEST_EXPECT_MSG_EQ(Contains(MessageOf<std::invalid_argument>(
                                           [&] { Transaction::Create(full, 11, sender); }),
                                       "split larger ones"),
                              true,
                              "one lease too many");
        SpectrumLeaseBatch mixed = batch;
        mixed.leases[1].satellite = 4;
        NS_TEST_EXPECT_MSG_EQ(Contains(MessageOf<std::invalid_argument>(
                                           [&] { Transaction::Create(mixed, 12, sender); }),
                                       "a lease of satellite 4"),
                              true,
                              "another satellite's lease");
    }
};

/**
 * \ingroup sagin-tests
 * Byte layouts assembled by hand from the documented tables.
 */
class LayoutTestCase : public TestCase
{
  public:
    LayoutTestCase()
        : TestCase("Transaction, header and block byte layouts as documented")
    {
    }

  private:
    void DoRun() override
    {
        const auto sender = Key(2);
        const Transaction tx = Transaction::Create(SampleDelivery(), 0x0102030405060708ull, sender);

        // Payload: content, server, user, slot, deliveredBits, payment (IEEE-754 bits).
        std::vector<uint8_t> payload;
        AppendBigEndian(payload, 21, 4);
        AppendBigEndian(payload, 2, 4);
        AppendBigEndian(payload, 55, 4);
        AppendBigEndian(payload, 100, 8);
        AppendBigEndian(payload, 30000000, 8);
        AppendBigEndian(payload, 0x404E000000000000ull, 8); // 60.0
        std::vector<uint8_t> unsignedPart = {1, 4};         // version, type
        AppendAll(unsignedPart, sender.GetPublicKey());
        AppendBigEndian(unsignedPart, 0x0102030405060708ull, 8);
        AppendBigEndian(unsignedPart, payload.size(), 4);
        AppendAll(unsignedPart, payload);
        std::vector<uint8_t> expected = unsignedPart;
        AppendAll(expected, tx.GetSignature());
        NS_TEST_EXPECT_MSG_EQ(ToHex(tx.Serialize()), ToHex(expected), "transaction bytes");
        NS_TEST_EXPECT_MSG_EQ(ToHex(tx.GetId()), ToHex(Sha256(expected)), "id = SHA-256(bytes)");
        // The signature covers the domain label and the unsigned part.
        std::vector<uint8_t> signedBytes;
        AppendAll(signedBytes, std::string("sagin/transaction/v1"));
        AppendAll(signedBytes, unsignedPart);
        NS_TEST_EXPECT_MSG_EQ(
            Ed25519KeyPair::Verify(sender.GetPublicKey(), signedBytes, tx.GetSignature()),
            true,
            "signature over domain || unsigned bytes");

        // Header.
        const auto producer = Key(3);
        BlockHeader parent;
        parent.SetTimestamp(Seconds(1));
        parent.Sign(producer);
        const Block block = Block::Produce(&parent,
                                           {tx},
                                           NanoSeconds(2500000001),
                                           producer,
                                           std::vector<uint8_t>{0xaa, 0xbb, 0xcc});
        const BlockHeader& h = block.GetHeader();
        std::vector<uint8_t> header = {1};
        AppendAll(header, parent.GetHash());
        AppendBigEndian(header, 1, 8);
        AppendAll(header, MerkleTree::FromLeaves({tx.Serialize()}).GetRoot());
        AppendBigEndian(header, 1, 4);
        AppendBigEndian(header, 2500000001ull, 8);
        AppendAll(header, producer.GetPublicKey());
        AppendBigEndian(header, 3, 4);
        AppendAll(header, std::vector<uint8_t>{0xaa, 0xbb, 0xcc});
        AppendAll(header, h.GetSignature());
        NS_TEST_EXPECT_MSG_EQ(ToHex(h.Serialize()), ToHex(header), "header bytes");
        NS_TEST_EXPECT_MSG_EQ(h.GetSerializedSize(), 185u + 3u, "header size");
        NS_TEST_EXPECT_MSG_EQ(ToHex(block.GetHash()), ToHex(Sha256(header)), "block hash");
        std::vector<uint8_t> whole = header;
        AppendBigEndian(whole, 1, 4);
        AppendAll(whole, expected);
        NS_TEST_EXPECT_MSG_EQ(ToHex(block.Serialize()), ToHex(whole), "block bytes");
        NS_TEST_EXPECT_MSG_EQ(block.GetSerializedSize(), whole.size(), "block size");
        NS_TEST_EXPECT_MSG_EQ(block.GetBodySize(), 4u + 146u, "body size");
        NS_TEST_EXPECT_MSG_EQ(h.HasValidSignature(), true, "producer signature");
        NS_TEST_EXPECT_MSG_EQ(h.GetTimestamp(), NanoSeconds(2500000001), "timestamp to the ns");

        const Block parsed = Block::Deserialize(whole);
        NS_TEST_EXPECT_MSG_EQ((parsed.GetHeader() == h), true, "header round trip");
        NS_TEST_EXPECT_MSG_EQ(parsed.GetTransactions().size(), 1u, "body round trip");
        NS_TEST_EXPECT_MSG_EQ((parsed.GetTransactions()[0] == tx), true, "transaction round trip");

        // An empty block: the Merkle root of no transactions is SHA-256("").
        const Block empty = Block::Produce(nullptr, {}, Seconds(0), producer);
        NS_TEST_EXPECT_MSG_EQ(ToHex(empty.GetHeader().GetMerkleRoot()),
                              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                              "empty body root");
        NS_TEST_EXPECT_MSG_EQ(empty.GetSerializedSize(), 185u + 4u, "empty genesis block size");
    }
};

/**
 * \ingroup sagin-tests
 * Every kind of bad input, with its message.
 */
class BadInputTestCase : public TestCase
{
  public:
    BadInputTestCase()
        : TestCase("Malformed bytes are rejected with messages naming the problem")
    {
    }

  private:
    void DoRun() override
    {
        const auto sender = Key(4);
        const Transaction tx = Transaction::Create(SampleLease(), 9, sender);
        const std::vector<uint8_t> good = tx.Serialize();
        auto txError = [](const std::vector<uint8_t>& bytes) {
            return MessageOf<WireFormatError>([&bytes] { Transaction::Deserialize(bytes); });
        };
        auto expect = [this, &txError](std::vector<uint8_t> bytes,
                                       const std::string& part,
                                       const std::string& what) {
            const std::string message = txError(bytes);
            NS_TEST_EXPECT_MSG_EQ(Contains(message, part),
                                  true,
                                  what << ": got \"" << message << "\"");
        };

        expect({}, "transaction: truncated: field 'version' needs 1 bytes, 0 left", "empty");
        expect(std::vector<uint8_t>(good.begin(), good.begin() + 40),
               "truncated: field 'nonce' needs 8 bytes, 6 left (at byte 34 of 40)",
               "cut in the nonce");
        expect(std::vector<uint8_t>(good.begin(), good.end() - 1),
               "truncated: field 'signature' needs 64 bytes, 63 left",
               "cut in the signature");
        auto longer = good;
        longer.push_back(0);
        expect(longer, "1 unexpected bytes after the end", "trailing byte");
        auto version = good;
        version[0] = 2;
        expect(version, "unsupported version 2 (this build reads 1)", "version");
        auto unknown = good;
        unknown[1] = 9;
        expect(unknown, "unknown type tag 9", "type tag");
        unknown[1] = 0;
        expect(unknown, "unknown type tag 0", "type tag 0");
        auto oversized = good;
        oversized[42] = 0x7f; // payload length 0x7f00002c
        expect(oversized,
               "oversized: field 'payload' declares 2130706476 bytes, the limit is 65536",
               "payload length above the limit");
        auto shortPayload = good;
        shortPayload[45] = 43; // declared 43 of the 44 payload bytes
        expect(shortPayload, "spectrum-lease payload: has 43 bytes; expected 44", "payload size");
        auto wrongKind = good;
        wrongKind[1] = static_cast<uint8_t>(TransactionType::CONTENT_DELIVERY);
        expect(wrongKind, "content-delivery payload: has 44 bytes; expected 36", "kind mismatch");
        // Lease duration (payload offset 20..27, transaction offset 66..73) set to 0.
        auto zeroDuration = good;
        std::memset(zeroDuration.data() + 46 + 20, 0, 8);
        expect(zeroDuration, "field 'duration' is 0 ns; it must be > 0", "zero lease duration");
        // Lease price (payload offset 36) set to NaN.
        auto nan = good;
        nan[46 + 36] = 0x7f;
        nan[46 + 37] = 0xf8;
        expect(nan, "field 'price' is not a finite number", "NaN price");
        // Lease power (payload offset 28) negative: sign bit.
        auto negative = good;
        negative[46 + 28] |= 0x80;
        expect(negative, "field 'power' is negative", "negative power");

        // Offloading record flag.
        auto record = Transaction::Create(SampleOffloading(), 1, sender).Serialize();
        record[46 + 16] = 2;
        expect(record, "field 'offloaded' is 2; a flag must be 0 or 1", "bad flag");
        auto reputation = Transaction::Create(SampleReputation(), 1, sender).Serialize();
        reputation[46 + 28] = 7;
        expect(reputation, "field 'reason' is 7", "unknown reputation reason");

        // Creating a transaction with a bad payload fails the same way.
        NS_TEST_EXPECT_MSG_EQ(
            Contains(
                MessageOf<WireFormatError>([&sender] {
                    Transaction::CreateRaw(TransactionType::MODEL_UPDATE, {1, 2, 3}, 0, sender);
                }),
                "model-update payload: has 3 bytes; expected 61"),
            true,
            "CreateRaw checks the payload");

        // Headers.
        const auto producer = Key(5);
        const Block block = Block::Produce(nullptr, {tx}, Seconds(3), producer, {1, 2});
        const std::vector<uint8_t> header = block.GetHeader().Serialize();
        auto headerError = [](const std::vector<uint8_t>& bytes) {
            return MessageOf<WireFormatError>([&bytes] { BlockHeader::Deserialize(bytes); });
        };
        NS_TEST_EXPECT_MSG_EQ(
            Contains(headerError(std::vector<uint8_t>(header.begin(), header.begin() + 100)),
                     "block header: truncated: field 'producer' needs 32 bytes, 15 left"),
            true,
            "truncated header");
        auto genesisWithParent = header;
        genesisWithParent[5] = 1;
        NS_TEST_EXPECT_MSG_EQ(Contains(headerError(genesisWithParent),
                                       "genesis header (height 0) must have an all-zero parent"),
                              true,
                              "genesis with a parent");
        auto negativeTime = header;
        negativeTime[77] = 0x80;
        NS_TEST_EXPECT_MSG_EQ(Contains(headerError(negativeTime), "is negative"),
                              true,
                              "negative timestamp");
        auto bigConsensus = header;
        bigConsensus[117] = 1; // consensus length 0x01000002
        NS_TEST_EXPECT_MSG_EQ(
            Contains(
                headerError(bigConsensus),
                "oversized: field 'consensusData' declares 16777218 bytes, the limit is 65536"),
            true,
            "consensus data above the limit");

        // Blocks.
        const std::vector<uint8_t> bytes = block.Serialize();
        auto blockError = [](const std::vector<uint8_t>& b) {
            return MessageOf<WireFormatError>([&b] { Block::Deserialize(b); });
        };
        auto manyTx = bytes;
        manyTx[header.size()] = 0x00;
        manyTx[header.size() + 1] = 0x20; // 0x00200001 transactions
        NS_TEST_EXPECT_MSG_EQ(
            Contains(blockError(manyTx), "oversized: 2097153 transactions, the limit is 1048576"),
            true,
            "too many transactions");
        auto claimsTwo = bytes;
        claimsTwo[header.size() + 3] = 2;
        NS_TEST_EXPECT_MSG_EQ(
            Contains(blockError(claimsTwo),
                     "truncated: 2 transactions need at least 220 bytes, 154 left"),
            true,
            "count above what the bytes hold");
        auto badTx = bytes;
        badTx[header.size() + 4 + 1] = 77;
        NS_TEST_EXPECT_MSG_EQ(
            Contains(blockError(badTx),
                     "transaction 0 of 1 in the block body: block: unknown type tag 77"),
            true,
            "bad transaction inside a block named");
    }
};

/**
 * \ingroup sagin-tests
 * Random and mutated byte strings into every parser.
 */
class FuzzTestCase : public TestCase
{
  public:
    FuzzTestCase()
        : TestCase("Fuzz: random and mutated bytes are rejected or round-trip exactly")
    {
    }

  private:
    /** Counts of one parser's run. */
    struct Counts
    {
        uint64_t inputs{0};     //!< inputs fed
        uint64_t rejected{0};   //!< rejected with WireFormatError
        uint64_t roundTrips{0}; //!< accepted and re-serialised to the same bytes
        uint64_t failures{0};   //!< anything else (wrong exception, different bytes)
    };

    /**
     * Feed one input.
     * \param parse parses and re-serialises the bytes
     * \param input the bytes
     * \param counts updated
     */
    static void Feed(const std::function<std::vector<uint8_t>(const std::vector<uint8_t>&)>& parse,
                     const std::vector<uint8_t>& input,
                     Counts& counts)
    {
        ++counts.inputs;
        try
        {
            const std::vector<uint8_t> again = parse(input);
            if (again == input)
            {
                ++counts.roundTrips;
            }
            else
            {
                ++counts.failures;
            }
        }
        catch (const WireFormatError&)
        {
            ++counts.rejected;
        }
        catch (...)
        {
            ++counts.failures;
        }
    }

    /**
     * Mutate a valid serialisation in one of several ways.
     * \param valid the valid bytes
     * \param rng the generator
     * \return the mutated bytes
     */
    static std::vector<uint8_t> Mutate(const std::vector<uint8_t>& valid, std::mt19937_64& rng)
    {
        std::vector<uint8_t> bytes = valid;
        auto position = [&rng](size_t size) {
            return std::uniform_int_distribution<size_t>(0, size == 0 ? 0 : size - 1)(rng);
        };
        switch (rng() % 7)
        {
        case 0: // flip one bit
            bytes[position(bytes.size())] ^= static_cast<uint8_t>(1u << (rng() % 8));
            break;
        case 1: // truncate
            bytes.resize(position(bytes.size()));
            break;
        case 2: // append random bytes
            for (size_t i = 0, n = 1 + rng() % 16; i < n; ++i)
            {
                bytes.push_back(static_cast<uint8_t>(rng()));
            }
            break;
        case 3: // overwrite a byte
            bytes[position(bytes.size())] = static_cast<uint8_t>(rng());
            break;
        case 4: // delete a byte
            bytes.erase(bytes.begin() + static_cast<std::ptrdiff_t>(position(bytes.size())));
            break;
        case 5: // insert a byte
            bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(position(bytes.size())),
                         static_cast<uint8_t>(rng()));
            break;
        default: // overwrite 4 bytes with a large big-endian length
        {
            const size_t at = position(bytes.size() > 4 ? bytes.size() - 4 : 1);
            const uint32_t length = static_cast<uint32_t>(rng());
            for (size_t i = 0; i < 4 && at + i < bytes.size(); ++i)
            {
                bytes[at + i] = static_cast<uint8_t>(length >> (24 - 8 * i));
            }
        }
        }
        return bytes;
    }

    void DoRun() override
    {
        std::mt19937_64 rng(20240517); // fixed seed: the run is the same every time
        const auto sender = Key(6);
        const auto producer = Key(7);
        const auto txs = SampleTransactions(sender);
        const Block genesis = Block::Produce(nullptr, txs, Seconds(1), producer, {9, 9});
        const MerkleProof proof = genesis.BuildMerkleTree().Prove(3);

        using Parser = std::function<std::vector<uint8_t>(const std::vector<uint8_t>&)>;

        struct Target
        {
            std::string name;                        //!< parser name
            Parser parse;                            //!< parse then serialise
            std::vector<std::vector<uint8_t>> valid; //!< valid inputs to mutate
        };

        std::vector<Target> targets;
        Target transactions{
            "transaction",
            [](const std::vector<uint8_t>& b) { return Transaction::Deserialize(b).Serialize(); },
            {}};
        for (const auto& tx : txs)
        {
            transactions.valid.push_back(tx.Serialize());
        }
        targets.push_back(transactions);
        targets.push_back(
            {"block header",
             [](const std::vector<uint8_t>& b) { return BlockHeader::Deserialize(b).Serialize(); },
             {genesis.GetHeader().Serialize()}});
        targets.push_back(
            {"block",
             [](const std::vector<uint8_t>& b) { return Block::Deserialize(b).Serialize(); },
             {genesis.Serialize()}});
        targets.push_back(
            {"Merkle proof",
             [](const std::vector<uint8_t>& b) { return MerkleProof::Deserialize(b).Serialize(); },
             {proof.Serialize()}});

        const uint32_t randomInputs = 2000;
        const uint32_t mutatedInputs = 3000;
        uint64_t total = 0;
        for (const auto& target : targets)
        {
            Counts counts;
            for (const auto& valid : target.valid)
            {
                Feed(target.parse, valid, counts);
            }
            NS_TEST_EXPECT_MSG_EQ(counts.roundTrips,
                                  target.valid.size(),
                                  target.name << ": valid inputs round-trip");
            for (uint32_t i = 0; i < randomInputs; ++i)
            {
                // Random bytes, of random length up to 600, sometimes starting like the real
                // thing (version 1) so parsing gets past the first field.
                std::vector<uint8_t> input(rng() % 600);
                for (auto& b : input)
                {
                    b = static_cast<uint8_t>(rng());
                }
                if (!input.empty() && rng() % 2 == 0 && target.name != "Merkle proof")
                {
                    input[0] = 1;
                }
                Feed(target.parse, input, counts);
            }
            for (uint32_t i = 0; i < mutatedInputs; ++i)
            {
                const auto& valid = target.valid[rng() % target.valid.size()];
                Feed(target.parse, Mutate(valid, rng), counts);
            }
            NS_TEST_EXPECT_MSG_EQ(counts.inputs,
                                  target.valid.size() + randomInputs + mutatedInputs,
                                  target.name << ": inputs fed");
            NS_TEST_EXPECT_MSG_EQ(counts.failures,
                                  0u,
                                  target.name << ": inputs neither rejected nor round-tripping");
            NS_TEST_EXPECT_MSG_EQ(counts.rejected + counts.roundTrips,
                                  counts.inputs,
                                  target.name << ": every input accounted for");
            // Mutations that keep the format (a flipped bit in a key, a nonce, a hash) must
            // parse: the fuzzing reaches past the first checks.
            NS_TEST_EXPECT_MSG_GT(counts.roundTrips,
                                  target.valid.size() + 100,
                                  target.name << ": some mutated inputs parse");
            NS_TEST_EXPECT_MSG_GT(counts.rejected, 1000u, target.name << ": most are rejected");
            total += counts.inputs;
        }
        NS_TEST_EXPECT_MSG_EQ(total, 4u * 5000u + 5u + 3u, "inputs over the four parsers");
    }
};

/**
 * \ingroup sagin-tests
 * The blockchain wire-format TestSuite.
 */
class BlockchainFormatTestSuite : public TestSuite
{
  public:
    BlockchainFormatTestSuite()
        : TestSuite("sagin-blockchain-format", Type::UNIT)
    {
        AddTestCase(new PayloadRoundTripTestCase);
        AddTestCase(new LayoutTestCase);
        AddTestCase(new LeaseBatchTestCase);
        AddTestCase(new BadInputTestCase);
        AddTestCase(new FuzzTestCase);
    }
};

static BlockchainFormatTestSuite
    g_blockchainFormatTestSuite; //!< Static variable for test initialization
