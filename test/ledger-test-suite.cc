// SPDX-License-Identifier: GPL-2.0-only
//
// The ledger: full validation with the reason of every rejection, injected tampering and
// forged signatures (counted, all rejected by full and light nodes), fork choice (longest
// chain, first seen on ties, a replacement rule through the attribute), exact storage
// accounting against sizes computed from the documented wire format, light-node inclusion
// checks by Merkle proof, and persistence to the run store with tampered rows detected on
// reload (rows read and altered through a separate SQLite connection).

#include "blockchain-test-utils.h"
#include "sagin-test-utils.h"

#include "ns3/block.h"
#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/enum.h"
#include "ns3/fork-choice.h"
#include "ns3/ledger-recorder.h"
#include "ns3/ledger.h"
#include "ns3/merkle-tree.h"
#include "ns3/pointer.h"
#include "ns3/run-store.h"
#include "ns3/signature-cache.h"
#include "ns3/string.h"
#include "ns3/test.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <sqlite3.h>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{

/**
 * \param sender the sender
 * \param nonce its nonce
 * \return a signed model-update transaction (171 bytes)
 */
Transaction
Model(const Ed25519KeyPair& sender, uint64_t nonce)
{
    ModelUpdate u;
    u.node = 2;
    u.round = nonce;
    u.modelHash = Sha256(std::to_string(nonce));
    u.modelBytes = 4096;
    u.samples = 64;
    return Transaction::Create(u, nonce, sender);
}

/**
 * Records the traces of a ledger.
 */
struct TraceLog
{
    uint32_t accepted{0};                            //!< BlockAccepted calls
    std::map<BlockVerdict, uint32_t> rejected;       //!< BlockRejected calls per verdict
    std::vector<std::pair<uint64_t, uint64_t>> tips; //!< TipChanged (height, reorg depth)

    /**
     * \param hash block hash
     * \param height its height
     */
    void Accepted(const Sha256Digest& hash, uint64_t height)
    {
        ++accepted;
    }

    /**
     * \param hash block hash
     * \param verdict the verdict
     * \param message the message
     */
    void Rejected(const Sha256Digest& hash, BlockVerdict verdict, const std::string& message)
    {
        ++rejected[verdict];
    }

    /**
     * \param hash new tip
     * \param height its height
     * \param depth reorg depth
     */
    void Tip(const Sha256Digest& hash, uint64_t height, uint64_t depth)
    {
        tips.emplace_back(height, depth);
    }

    /** \param ledger connect to its traces */
    void Connect(Ptr<Ledger> ledger)
    {
        ledger->TraceConnectWithoutContext("BlockAccepted",
                                           MakeCallback(&TraceLog::Accepted, this));
        ledger->TraceConnectWithoutContext("BlockRejected",
                                           MakeCallback(&TraceLog::Rejected, this));
        ledger->TraceConnectWithoutContext("TipChanged", MakeCallback(&TraceLog::Tip, this));
    }
};

/**
 * \param mode full or light
 * \return a new ledger
 */
Ptr<Ledger>
MakeLedger(Ledger::Mode mode)
{
    Ptr<Ledger> ledger = CreateObject<Ledger>();
    ledger->SetAttribute("Mode", EnumValue(mode));
    return ledger;
}

/**
 * A small honest chain: genesis (no transactions) and blocks 1..n with 3 transactions each.
 */
struct Chain
{
    Ed25519KeyPair producer = Key(10); //!< block producer
    Ed25519KeyPair user = Key(11);     //!< transaction sender
    std::vector<Block> blocks;         //!< genesis first

    /**
     * \param n blocks after genesis
     */
    explicit Chain(uint32_t n)
    {
        blocks.push_back(Block::Produce(nullptr, {}, Seconds(0), producer, {0}));
        uint64_t nonce = 0;
        for (uint32_t h = 1; h <= n; ++h)
        {
            std::vector<Transaction> txs = {Delivery(user, ++nonce),
                                            Model(user, ++nonce),
                                            Delivery(user, ++nonce)};
            blocks.push_back(Block::Produce(&blocks.back().GetHeader(),
                                            txs,
                                            Seconds(10.0 * h),
                                            producer,
                                            {static_cast<uint8_t>(h)}));
        }
    }
};

} // namespace

/**
 * \ingroup sagin-tests
 * An honest chain is accepted; every rule violation is rejected with its reason.
 */
class LedgerValidationTestCase : public TestCase
{
  public:
    LedgerValidationTestCase()
        : TestCase("Ledger: valid chain accepted, each invalid block rejected with its reason")
    {
    }

  private:
    /**
     * \param result what the ledger said
     * \param verdict the expected verdict
     * \param part expected part of the message
     * \param what the case
     */
    void Expect(const AppendResult& result,
                BlockVerdict verdict,
                const std::string& part,
                const std::string& what)
    {
        NS_TEST_EXPECT_MSG_EQ(ToString(result.verdict),
                              ToString(verdict),
                              what << ": " << result.message);
        NS_TEST_EXPECT_MSG_EQ(Contains(result.message, part),
                              true,
                              what << ": message \"" << result.message << "\"");
    }

    void DoRun() override
    {
        Chain chain(4);
        Ptr<Ledger> ledger = MakeLedger(Ledger::FULL);
        TraceLog log;
        log.Connect(ledger);
        NS_TEST_EXPECT_MSG_EQ(ledger->IsEmpty(), true, "empty at first");
        for (const auto& block : chain.blocks)
        {
            const AppendResult r = ledger->Append(block);
            NS_TEST_EXPECT_MSG_EQ(r.IsAccepted(), true, r.message);
        }
        NS_TEST_EXPECT_MSG_EQ(ledger->GetTipHeight(), 4u, "tip height");
        NS_TEST_EXPECT_MSG_EQ(ToHex(ledger->GetTipHash()),
                              ToHex(chain.blocks.back().GetHash()),
                              "tip");
        NS_TEST_EXPECT_MSG_EQ(ToHex(ledger->GetGenesisHash()),
                              ToHex(chain.blocks[0].GetHash()),
                              "genesis");
        NS_TEST_EXPECT_MSG_EQ(ledger->GetMainChain().size(), 5u, "main chain length");
        NS_TEST_EXPECT_MSG_EQ(log.accepted, 5u, "BlockAccepted per block");
        NS_TEST_EXPECT_MSG_EQ(log.tips.size(), 5u, "TipChanged per extension");
        NS_TEST_EXPECT_MSG_EQ(ToHex(ledger->GetAncestor(ledger->GetTipHash(), 1)),
                              ToHex(chain.blocks[1].GetHash()),
                              "ancestor at height 1");

        const auto& producer = chain.producer;
        const auto& user = chain.user;
        const BlockHeader& tip = chain.blocks.back().GetHeader();

        Expect(ledger->Append(chain.blocks[2]), BlockVerdict::ALREADY_KNOWN, "is stored", "again");

        // A block whose parent is not stored.
        Chain other(2);
        BlockHeader orphanParent = other.blocks[1].GetHeader();
        orphanParent.SetConsensusData({42});
        orphanParent.Sign(producer);
        Expect(ledger->Append(Block::Produce(&orphanParent, {}, Seconds(50), producer)),
               BlockVerdict::UNKNOWN_PARENT,
               "unknown parent",
               "orphan");

        // A second genesis.
        Expect(ledger->Append(Block::Produce(nullptr, {}, Seconds(1), producer, {7})),
               BlockVerdict::GENESIS_CONFLICT,
               "second genesis",
               "second genesis");

        // Height not parent + 1.
        Block tall = Block::Produce(&tip, {}, Seconds(60), producer);
        tall.GetHeader().SetHeight(7);
        tall.GetHeader().Sign(producer);
        Expect(ledger->Append(tall), BlockVerdict::BAD_HEIGHT, "expected height 5", "height");

        // Earlier than the parent.
        Expect(ledger->Append(Block::Produce(&tip, {}, Seconds(39), producer)),
               BlockVerdict::BAD_TIMESTAMP,
               "earlier than its parent's 40",
               "timestamp");

        // Producer field changed after signing: the signature is not that producer's.
        Block impostor = Block::Produce(&tip, {}, Seconds(60), producer);
        impostor.GetHeader().SetProducer(Key(66).GetPublicKey());
        Expect(ledger->Append(impostor),
               BlockVerdict::BAD_PRODUCER_SIGNATURE,
               "the signature is not producer",
               "producer signature");

        // A full node needs the body.
        Expect(ledger->AppendHeader(Block::Produce(&tip, {}, Seconds(60), producer).GetHeader()),
               BlockVerdict::MISSING_BODY,
               "give Append() the block",
               "header only to a full node");

        // Body of another count than the header says.
        Block shortBody =
            Block::Produce(&tip, {Delivery(user, 100), Delivery(user, 101)}, Seconds(60), producer);
        shortBody.SetTransactions({shortBody.GetTransactions()[0]});
        Expect(ledger->Append(shortBody),
               BlockVerdict::BAD_TRANSACTION_COUNT,
               "has 1 transactions; its header says 2",
               "count");

        // A transaction swapped after the Merkle root was computed.
        Block swapped =
            Block::Produce(&tip, {Delivery(user, 100), Delivery(user, 101)}, Seconds(60), producer);
        swapped.SetTransactions({swapped.GetTransactions()[0], Delivery(user, 102)});
        Expect(ledger->Append(swapped), BlockVerdict::BAD_MERKLE_ROOT, "Merkle root", "root");

        // A forged transaction (claims user's key, signed by another) in an honestly built
        // block: the producer's Merkle root covers it, its signature fails.
        const Transaction honest = Delivery(user, 103);
        const Transaction forged(honest.GetType(),
                                 honest.GetPayloadBytes(),
                                 user.GetPublicKey(),
                                 honest.GetNonce(),
                                 Key(66).Sign(honest.GetSigningBytes()));
        Expect(ledger->Append(
                   Block::Produce(&tip, {Delivery(user, 104), forged}, Seconds(60), producer)),
               BlockVerdict::BAD_TRANSACTION_SIGNATURE,
               "transaction 1",
               "forged transaction");

        // The same transaction twice in a block, and again after its ancestor.
        const Transaction twice = Delivery(user, 105);
        Expect(ledger->Append(Block::Produce(&tip, {twice, twice}, Seconds(60), producer)),
               BlockVerdict::DUPLICATE_TRANSACTION,
               "appears twice in the block",
               "duplicate in block");
        const Transaction old = chain.blocks[2].GetTransactions()[1];
        Expect(
            ledger->Append(Block::Produce(&tip, {Delivery(user, 106), old}, Seconds(60), producer)),
            BlockVerdict::DUPLICATE_TRANSACTION,
            "is already in ancestor block",
            "replay of an old transaction");

        NS_TEST_EXPECT_MSG_EQ(ledger->GetBlockCount(), 5u, "nothing invalid was stored");
        NS_TEST_EXPECT_MSG_EQ(ledger->GetTipHeight(), 4u, "tip unchanged");
        uint32_t rejections = 0;
        for (const auto& [verdict, count] : log.rejected)
        {
            rejections += count;
        }
        NS_TEST_EXPECT_MSG_EQ(rejections, 12u, "BlockRejected per rejection");

        // The same transaction on two competing branches is fine (each branch has it once),
        // and a light node accepts a header chain.
        Ptr<Ledger> light = MakeLedger(Ledger::LIGHT);
        for (const auto& block : chain.blocks)
        {
            NS_TEST_EXPECT_MSG_EQ(light->AppendHeader(block.GetHeader()).IsAccepted(),
                                  true,
                                  "light node takes headers");
        }
        NS_TEST_EXPECT_MSG_EQ(light->HasBody(chain.blocks[1].GetHash()), false, "no body");
        NS_TEST_EXPECT_MSG_EQ(Contains(MessageOf<std::logic_error>([&] {
                                           light->GetTransactions(chain.blocks[1].GetHash());
                                       }),
                                       "a light node keeps headers only"),
                              true,
                              "bodies are not there to ask for");
        NS_TEST_EXPECT_MSG_EQ(
            Contains(MessageOf<std::logic_error>([&] { light->SetMode(Ledger::FULL); }),
                     "Mode cannot change once blocks are stored"),
            true,
            "mode fixed once blocks are stored");
        const BlockHeader& one = chain.blocks[1].GetHeader();
        const Transaction shared = Delivery(user, 200);
        NS_TEST_EXPECT_MSG_EQ(
            ledger->Append(Block::Produce(&tip, {shared}, Seconds(60), producer)).IsAccepted(),
            true,
            "shared transaction on the main branch");
        NS_TEST_EXPECT_MSG_EQ(
            ledger->Append(Block::Produce(&one, {shared}, Seconds(60), Key(12))).IsAccepted(),
            true,
            "the same transaction on a side branch");
        NS_TEST_EXPECT_MSG_EQ(
            Contains(MessageOf<std::out_of_range>([&] { ledger->GetHeader(Sha256Digest{}); }),
                     "no block 0000"),
            true,
            "unknown hash named");
    }
};

/**
 * \ingroup sagin-tests
 * Injected tampering and forged signatures: every case rejected by full and light nodes.
 */
class LedgerTamperTestCase : public TestCase
{
  public:
    LedgerTamperTestCase()
        : TestCase("Ledger: 100% of tampered blocks and forged signatures rejected, counted")
    {
    }

  private:
    void DoRun() override
    {
        Chain chain(3);
        const Ed25519KeyPair attacker = Key(99);
        std::vector<Ptr<Ledger>> nodes = {MakeLedger(Ledger::FULL),
                                          MakeLedger(Ledger::FULL),
                                          MakeLedger(Ledger::LIGHT)};
        for (auto& node : nodes)
        {
            for (const auto& block : chain.blocks)
            {
                NS_TEST_ASSERT_MSG_EQ(node->Append(block).IsAccepted(), true, "honest chain");
            }
        }
        const BlockHeader& tip = chain.blocks.back().GetHeader();
        const Block honest = Block::Produce(&tip,
                                            {Delivery(chain.user, 50),
                                             Model(chain.user, 51),
                                             Delivery(chain.user, 52),
                                             Model(chain.user, 53)},
                                            Seconds(100),
                                            chain.producer,
                                            {1, 2, 3, 4});
        const std::vector<uint8_t> bytes = honest.Serialize();

        uint64_t injected = 0;
        uint64_t rejectedByParser = 0;
        uint64_t rejectedByEveryNode = 0;
        std::map<BlockVerdict, uint64_t> reasons;
        auto inject = [&](const std::vector<uint8_t>& tampered) {
            ++injected;
            Block block;
            try
            {
                block = Block::Deserialize(tampered);
            }
            catch (const WireFormatError&)
            {
                ++rejectedByParser;
                return;
            }
            bool everyNode = true;
            for (auto& node : nodes)
            {
                const AppendResult r = node->Append(block);
                everyNode = everyNode && !r.IsAccepted();
                ++reasons[r.verdict];
            }
            rejectedByEveryNode += everyNode ? 1 : 0;
        };
        // One bit flipped at every byte of the block (bit position varies with the byte).
        for (size_t i = 0; i < bytes.size(); ++i)
        {
            std::vector<uint8_t> tampered = bytes;
            tampered[i] ^= static_cast<uint8_t>(1u << (i % 8));
            inject(tampered);
        }
        // Forged transaction signatures: a transaction claiming the user's key, signed by
        // the attacker, in a block the honest producer built (valid Merkle root).
        for (uint64_t k = 0; k < 20; ++k)
        {
            const Transaction real = Delivery(chain.user, 1000 + k);
            const Transaction forged(real.GetType(),
                                     real.GetPayloadBytes(),
                                     chain.user.GetPublicKey(),
                                     real.GetNonce(),
                                     attacker.Sign(real.GetSigningBytes()));
            inject(Block::Produce(&tip, {real, forged}, Seconds(100), chain.producer).Serialize());
        }
        // Forged producer signatures: a header claiming the honest producer, signed by the
        // attacker.
        for (uint8_t k = 0; k < 20; ++k)
        {
            Block block =
                Block::Produce(&tip, {Delivery(chain.user, 2000 + k)}, Seconds(100), attacker, {k});
            block.GetHeader().SetProducer(chain.producer.GetPublicKey());
            inject(block.Serialize());
        }

        // 827 bytes: header 185 + 4 of consensus data; body 4 + 2 x 146 + 2 x 171.
        NS_TEST_EXPECT_MSG_EQ(bytes.size(), 827u, "block size");
        NS_TEST_EXPECT_MSG_EQ(injected, 827u + 40u, "injected cases");
        NS_TEST_EXPECT_MSG_EQ(rejectedByParser + rejectedByEveryNode,
                              injected,
                              "every injected case rejected (" << rejectedByParser
                                                               << " by the parser)");
        NS_TEST_EXPECT_MSG_GT(rejectedByEveryNode, 500u, "most reach the ledger's checks");
        NS_TEST_EXPECT_MSG_EQ(reasons[BlockVerdict::ACCEPTED], 0u, "no node accepted one");
        NS_TEST_EXPECT_MSG_EQ(reasons[BlockVerdict::BAD_TRANSACTION_SIGNATURE],
                              20u * nodes.size(),
                              "forged transactions found by every node");
        NS_TEST_EXPECT_MSG_GT(reasons[BlockVerdict::BAD_PRODUCER_SIGNATURE],
                              20u * nodes.size(),
                              "forged producers (and altered headers) found by every node");
        NS_TEST_EXPECT_MSG_GT(reasons[BlockVerdict::BAD_MERKLE_ROOT], 0u, "altered bodies");
        for (auto& node : nodes)
        {
            NS_TEST_EXPECT_MSG_EQ(node->GetBlockCount(), 4u, "nothing stored");
            NS_TEST_EXPECT_MSG_EQ(node->Append(honest).IsAccepted(), true, "honest block still");
        }
    }
};

/**
 * \ingroup sagin-tests
 * The process-wide signature cache: warmed with an honest block's signatures, it still lets
 * no tampered block or forged signature through, and every verdict equals the one given with
 * the cache off.
 */
class SignatureCacheTamperTestCase : public TestCase
{
  public:
    SignatureCacheTamperTestCase()
        : TestCase("SignatureCache: warmed cache, 100% of tampered blocks still rejected, same "
                   "verdicts as without it")
    {
    }

  private:
    /**
     * \param cached verify through the cache
     * \param hits set to the cache hits of the run
     * \return the verdict of each injected case (-1: the parser refused its bytes)
     */
    std::vector<int> Run(bool cached, uint64_t* hits)
    {
        Config::SetGlobal("SaginSignatureCache", BooleanValue(cached));
        SignatureCache::Clear();
        Chain chain(2);
        const Ed25519KeyPair attacker = Key(98);
        Ptr<Ledger> warm = MakeLedger(Ledger::FULL);
        Ptr<Ledger> node = MakeLedger(Ledger::FULL);
        for (const auto& block : chain.blocks)
        {
            warm->Append(block);
            node->Append(block);
        }
        const BlockHeader& tip = chain.blocks.back().GetHeader();
        const std::vector<Transaction> txs = {Delivery(chain.user, 70),
                                              Model(chain.user, 71),
                                              Delivery(chain.user, 72)};
        const Block honest = Block::Produce(&tip, txs, Seconds(100), chain.producer, {7});
        // The warm ledger verifies the honest block: 3 transactions and the header are
        // remembered (with the cache on).
        NS_TEST_EXPECT_MSG_EQ(warm->Append(honest).IsAccepted(), true, "honest block");
        const uint64_t missesBefore = SignatureCache::GetMisses();
        std::vector<int> verdicts;
        auto inject = [&](const std::vector<uint8_t>& bytes) {
            try
            {
                verdicts.push_back(
                    static_cast<int>(node->Validate(Block::Deserialize(bytes)).verdict));
            }
            catch (const WireFormatError&)
            {
                verdicts.push_back(-1);
            }
        };
        const std::vector<uint8_t> bytes = honest.Serialize();
        for (size_t i = 0; i < bytes.size(); ++i)
        {
            std::vector<uint8_t> tampered = bytes;
            tampered[i] ^= static_cast<uint8_t>(1u << (i % 8));
            inject(tampered);
        }
        for (size_t k = 0; k < txs.size(); ++k)
        {
            // The cached transaction's signing bytes under the attacker's signature, and the
            // cached signature over an altered payload, each in a block with a valid root.
            const Transaction& real = txs[k];
            const Transaction forged(real.GetType(),
                                     real.GetPayloadBytes(),
                                     real.GetSender(),
                                     real.GetNonce(),
                                     attacker.Sign(real.GetSigningBytes()));
            std::vector<uint8_t> payload = real.GetPayloadBytes();
            payload[payload.size() - 1] ^= 1; // the payment's or sample count's last bit
            const Transaction altered(real.GetType(),
                                      payload,
                                      real.GetSender(),
                                      real.GetNonce(),
                                      real.GetSignature());
            for (const Transaction& bad : {forged, altered})
            {
                std::vector<Transaction> body = txs;
                body[k] = bad;
                inject(Block::Produce(&tip, body, Seconds(100), chain.producer, {7}).Serialize());
            }
        }
        // The cached header signature on a header whose timestamp changed.
        Block moved = honest;
        moved.GetHeader().SetTimestamp(Seconds(101));
        inject(moved.Serialize());
        const uint64_t rejected = std::count_if(verdicts.begin(), verdicts.end(), [](int v) {
            return v != static_cast<int>(BlockVerdict::ACCEPTED);
        });
        NS_TEST_EXPECT_MSG_EQ(rejected,
                              verdicts.size(),
                              "every injected case rejected (cache " << (cached ? "on" : "off")
                                                                     << ")");
        NS_TEST_EXPECT_MSG_EQ(node->Validate(honest).IsAccepted(), true, "honest block still");
        if (cached)
        {
            NS_TEST_EXPECT_MSG_GT(SignatureCache::GetMisses(),
                                  missesBefore,
                                  "altered signatures verified for real");
        }
        *hits = SignatureCache::GetHits();
        return verdicts;
    }

    void DoRun() override
    {
        uint64_t hitsOn = 0;
        uint64_t hitsOff = 0;
        const std::vector<int> on = Run(true, &hitsOn);
        const std::vector<int> off = Run(false, &hitsOff);
        Config::SetGlobal("SaginSignatureCache", BooleanValue(true));
        // The block: header 185 + 1 byte of consensus data, body 4 + 2 x 146 + 171 = 653
        // bytes; then 6 forged or altered transactions and 1 moved header.
        NS_TEST_EXPECT_MSG_EQ(on.size(), 653u + 6u + 1u, "injected cases");
        NS_TEST_EXPECT_MSG_EQ((on == off), true, "same verdict for every case with and without");
        NS_TEST_EXPECT_MSG_GT(hitsOn, 0u, "the warmed cache answered");
        NS_TEST_EXPECT_MSG_EQ(hitsOff, 0u, "no cache, no hits");
        const auto badSignatures =
            std::count(on.begin(),
                       on.end(),
                       static_cast<int>(BlockVerdict::BAD_TRANSACTION_SIGNATURE));
        NS_TEST_EXPECT_MSG_GT(badSignatures, 5, "forged and altered transactions found");
        SignatureCache::Clear();
    }
};

/**
 * A fork-choice rule for the test: the candidate wins when its consensus data's first byte is
 * larger than the tip's (a stand-in for "more work").
 */
class LargestMarkForkChoice : public ForkChoice
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::sagin::tests::LargestMarkForkChoice")
                                .SetParent<ForkChoice>()
                                .SetGroupName("Sagin")
                                .AddConstructor<LargestMarkForkChoice>();
        return tid;
    }

  private:
    bool DoIsPreferred(const Ledger& ledger,
                       const Sha256Digest& candidate,
                       const Sha256Digest& tip) const override
    {
        return ledger.GetHeader(candidate).GetConsensusData().at(0) >
               ledger.GetHeader(tip).GetConsensusData().at(0);
    }
};

/**
 * \ingroup sagin-tests
 * Forks: longest chain, first seen on ties, reorganisation depth, replacement rule.
 */
class LedgerForkTestCase : public TestCase
{
  public:
    LedgerForkTestCase()
        : TestCase("Ledger: fork choice, ties, reorganisations, a replacement rule")
    {
    }

  private:
    void DoRun() override
    {
        Chain chain(3); // g - 1 - 2 - 3
        Ptr<Ledger> ledger = MakeLedger(Ledger::FULL);
        TraceLog log;
        log.Connect(ledger);
        for (const auto& block : chain.blocks)
        {
            ledger->Append(block);
        }
        const auto other = Key(20);
        // Branch from block 1: 2' ties with 2, 3' ties with 3, 4' overtakes.
        const Block b2 =
            Block::Produce(&chain.blocks[1].GetHeader(), {}, Seconds(21), other, {200});
        const Block b3 = Block::Produce(&b2.GetHeader(), {}, Seconds(31), other, {201});
        const Block b4 = Block::Produce(&b3.GetHeader(), {}, Seconds(41), other, {202});
        NS_TEST_ASSERT_MSG_EQ(ledger->Append(b2).IsAccepted(), true, "2'");
        NS_TEST_ASSERT_MSG_EQ(ledger->Append(b3).IsAccepted(), true, "3'");
        NS_TEST_EXPECT_MSG_EQ(ToHex(ledger->GetTipHash()),
                              ToHex(chain.blocks[3].GetHash()),
                              "a tie keeps the block seen first");
        NS_TEST_EXPECT_MSG_EQ(ledger->IsOnMainChain(b3.GetHash()), false, "3' off the main chain");
        NS_TEST_ASSERT_MSG_EQ(ledger->Append(b4).IsAccepted(), true, "4'");
        NS_TEST_EXPECT_MSG_EQ(ToHex(ledger->GetTipHash()), ToHex(b4.GetHash()), "longest wins");
        NS_TEST_EXPECT_MSG_EQ(ledger->IsOnMainChain(b2.GetHash()), true, "2' on the main chain");
        NS_TEST_EXPECT_MSG_EQ(ledger->IsOnMainChain(chain.blocks[2].GetHash()),
                              false,
                              "2 left the main chain");
        NS_TEST_EXPECT_MSG_EQ(ToHex(ledger->GetMainChain()[1]),
                              ToHex(chain.blocks[1].GetHash()),
                              "common prefix kept");
        NS_TEST_ASSERT_MSG_EQ(log.tips.size(), 5u, "4 extensions + 1 reorganisation");
        NS_TEST_EXPECT_MSG_EQ(log.tips.back().first, 4u, "new tip height");
        NS_TEST_EXPECT_MSG_EQ(log.tips.back().second, 2u, "blocks 2 and 3 left: depth 2");
        NS_TEST_EXPECT_MSG_EQ(ledger->GetBlockCount(), 7u, "forks are stored");

        // A transaction of block 2 (now off the main chain) may go into the new branch.
        const Transaction moved = chain.blocks[2].GetTransactions()[0];
        NS_TEST_EXPECT_MSG_EQ(
            ledger->Append(Block::Produce(&b4.GetHeader(), {moved}, Seconds(51), other, {203}))
                .IsAccepted(),
            true,
            "transactions of an abandoned branch can be mined again");
        Ledger::TransactionLocation where;
        NS_TEST_EXPECT_MSG_EQ(ledger->FindTransaction(moved.GetId(), &where), true, "found");
        NS_TEST_EXPECT_MSG_EQ(ledger->IsOnMainChain(where.blockHash),
                              true,
                              "FindTransaction prefers the main chain");

        // The rule is an attribute: the largest mark wins, whatever the height.
        Ptr<Ledger> marked = MakeLedger(Ledger::FULL);
        marked->SetAttribute("ForkChoice", PointerValue(CreateObject<LargestMarkForkChoice>()));
        const Block g = Block::Produce(nullptr, {}, Seconds(0), other, {0});
        const Block low = Block::Produce(&g.GetHeader(), {}, Seconds(1), other, {5});
        const Block lowChild = Block::Produce(&low.GetHeader(), {}, Seconds(2), other, {6});
        const Block high = Block::Produce(&g.GetHeader(), {}, Seconds(1), other, {9});
        marked->Append(g);
        marked->Append(low);
        marked->Append(lowChild);
        marked->Append(high);
        NS_TEST_EXPECT_MSG_EQ(ToHex(marked->GetTipHash()),
                              ToHex(high.GetHash()),
                              "the replacement rule chose the shorter branch");
        NS_TEST_EXPECT_MSG_EQ(marked->GetTipHeight(), 1u, "tip height");
    }
};

/**
 * \ingroup sagin-tests
 * Storage accounting against the documented wire format.
 */
class LedgerStorageTestCase : public TestCase
{
  public:
    LedgerStorageTestCase()
        : TestCase("Ledger: storage bytes exact for full and light nodes")
    {
    }

  private:
    void DoRun() override
    {
        // Sizes from the documented format: header 185 + consensus data; transaction 110 +
        // payload (content delivery 36, model update 61); body 4 + transactions.
        const uint64_t delivery = 110 + 36;
        const uint64_t model = 110 + 61;
        Chain chain(6); // genesis: 1 byte of consensus data, no transactions
        uint64_t full = (185 + 1) + 4;
        uint64_t light = 185 + 1;
        for (uint32_t h = 1; h <= 6; ++h)
        {
            full += (185 + 1) + 4 + 2 * delivery + model;
            light += 185 + 1;
        }
        Ptr<Ledger> fullNode = MakeLedger(Ledger::FULL);
        Ptr<Ledger> lightNode = MakeLedger(Ledger::LIGHT);
        Ptr<Ledger> headerNode = MakeLedger(Ledger::LIGHT);
        for (const auto& block : chain.blocks)
        {
            fullNode->Append(block);
            lightNode->Append(block); // validated whole, body dropped
            headerNode->AppendHeader(block.GetHeader());
        }
        NS_TEST_EXPECT_MSG_EQ(fullNode->GetStorageBytes(), full, "full node");
        NS_TEST_EXPECT_MSG_EQ(lightNode->GetStorageBytes(), light, "light node given blocks");
        NS_TEST_EXPECT_MSG_EQ(headerNode->GetStorageBytes(), light, "light node given headers");
        NS_TEST_EXPECT_MSG_EQ(fullNode->GetStoredBytes(chain.blocks[3].GetHash()),
                              186 + 4 + 2 * delivery + model,
                              "one block on a full node");
        NS_TEST_EXPECT_MSG_EQ(lightNode->GetStoredBytes(chain.blocks[3].GetHash()),
                              186u,
                              "one block on a light node");
        // Rejected blocks cost nothing; forks count.
        fullNode->Append(chain.blocks[2]);
        NS_TEST_EXPECT_MSG_EQ(fullNode->GetStorageBytes(), full, "a duplicate adds nothing");
        const Block side = Block::Produce(&chain.blocks[5].GetHeader(),
                                          {Delivery(chain.user, 500)},
                                          Seconds(70),
                                          Key(30),
                                          {});
        fullNode->Append(side);
        NS_TEST_EXPECT_MSG_EQ(fullNode->GetStorageBytes(),
                              full + 185 + 4 + delivery,
                              "a side block counts");
        NS_TEST_EXPECT_MSG_GT(full, 3 * light, "full nodes keep much more");
    }
};

/**
 * \ingroup sagin-tests
 * Role changes (study C's UAVs): a full ledger pruned to a light one keeps exactly the
 * headers' bytes and no transaction index; restored from a full node it is back to the full
 * node's bytes, finds its transactions again and reports the body bytes taken; a light source
 * is refused naming the block, leaving the ledger light.
 */
class LedgerRoleChangeTestCase : public TestCase
{
  public:
    LedgerRoleChangeTestCase()
        : TestCase("Ledger: prune to light, restore to full from a full node")
    {
    }

  private:
    void DoRun() override
    {
        // Sizes from the documented format, as in the storage test: header 185 + 1 byte of
        // consensus data; body 4 + transactions (110 + 36 per delivery, 110 + 61 per update).
        const uint64_t delivery = 110 + 36;
        const uint64_t model = 110 + 61;
        Chain chain(4);
        const uint64_t headers = 5 * (185 + 1);
        const uint64_t bodies = 4 + 4 * (4 + 2 * delivery + model);
        Ptr<Ledger> source = MakeLedger(Ledger::FULL);
        Ptr<Ledger> uav = MakeLedger(Ledger::FULL);
        for (const auto& block : chain.blocks)
        {
            source->Append(block);
            uav->Append(block);
        }
        NS_TEST_ASSERT_MSG_EQ(uav->GetStorageBytes(), headers + bodies, "full to start with");
        const Sha256Digest tx = chain.blocks[2].GetTransactions()[0].GetId();
        Ledger::TransactionLocation where;
        NS_TEST_EXPECT_MSG_EQ(uav->FindTransaction(tx, &where), true, "indexed");

        uav->Prune();
        NS_TEST_EXPECT_MSG_EQ(uav->GetMode(), Ledger::LIGHT, "light now");
        NS_TEST_EXPECT_MSG_EQ(uav->GetStorageBytes(), headers, "headers only");
        NS_TEST_EXPECT_MSG_EQ(uav->HasBody(chain.blocks[2].GetHash()), false, "bodies gone");
        NS_TEST_EXPECT_MSG_EQ(uav->FindTransaction(tx, &where), false, "index gone");

        Ptr<Ledger> light = MakeLedger(Ledger::LIGHT);
        for (const auto& block : chain.blocks)
        {
            light->Append(block);
        }
        const std::string message =
            MessageOf<std::invalid_argument>([&]() { uav->Restore(*light); });
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "has no body") &&
                                  Contains(message, "from a full node"),
                              true,
                              message);
        NS_TEST_EXPECT_MSG_EQ(uav->GetMode(), Ledger::LIGHT, "unchanged after the failure");
        NS_TEST_EXPECT_MSG_EQ(uav->GetStorageBytes(), headers, "unchanged after the failure");

        NS_TEST_EXPECT_MSG_EQ(uav->Restore(*source), bodies, "the bodies' bytes taken");
        NS_TEST_EXPECT_MSG_EQ(uav->GetMode(), Ledger::FULL, "full again");
        NS_TEST_EXPECT_MSG_EQ(uav->GetStorageBytes(), source->GetStorageBytes(), "as the source");
        NS_TEST_EXPECT_MSG_EQ(uav->FindTransaction(tx, &where), true, "indexed again");
        NS_TEST_EXPECT_MSG_EQ(uav->Restore(*source), 0u, "a full ledger takes nothing");
        // Full again, it still refuses a transaction already in its ancestry.
        const Block replay = Block::Produce(&chain.blocks[4].GetHeader(),
                                            {chain.blocks[2].GetTransactions()[0]},
                                            Seconds(90),
                                            Key(30),
                                            {});
        const bool caught = uav->Append(replay).verdict == BlockVerdict::DUPLICATE_TRANSACTION;
        NS_TEST_EXPECT_MSG_EQ(caught, true, "a replayed transaction is caught");
    }
};

/**
 * \ingroup sagin-tests
 * BlockBody: its serialisation, ids, leaves and Merkle root equal what the test computes from
 * each transaction's own serialisation; the bytes of a block a ledger validated parse to that
 * very body (nothing parsed or hashed again), other bytes under the same header to a new body
 * that the next ledger refuses.
 */
class BlockBodyTestCase : public TestCase
{
  public:
    BlockBodyTestCase()
        : TestCase("BlockBody: derived values, parsed bytes share a validated body, tampered not")
    {
    }

  private:
    void DoRun() override
    {
        Chain chain(2);
        const Block& block = chain.blocks[2];
        const BlockBody& body = *block.GetBody();
        // Independent: count (u32, big-endian) then each transaction's Serialize().
        const auto& txs = block.GetTransactions();
        std::vector<uint8_t> bytes{0, 0, 0, static_cast<uint8_t>(txs.size())};
        std::vector<Sha256Digest> leaves;
        for (size_t i = 0; i < txs.size(); ++i)
        {
            const std::vector<uint8_t> tx = txs[i].Serialize();
            bytes.insert(bytes.end(), tx.begin(), tx.end());
            NS_TEST_EXPECT_MSG_EQ((body.GetIds()[i] == Sha256(tx)), true, "id " << i);
            leaves.push_back(MerkleTree::HashLeaf(tx));
        }
        NS_TEST_EXPECT_MSG_EQ((body.GetBytes() == bytes), true, "serialisation");
        NS_TEST_EXPECT_MSG_EQ((body.GetLeaves() == leaves), true, "leaves");
        NS_TEST_EXPECT_MSG_EQ((body.GetMerkleRoot() == MerkleTree(leaves).GetRoot()), true, "");
        NS_TEST_EXPECT_MSG_EQ(body.FindBadSignature(), txs.size(), "all signed");
        NS_TEST_EXPECT_MSG_EQ(body.FindRepeated(), txs.size(), "no repeat");

        const std::vector<uint8_t> wire = block.Serialize();
        NS_TEST_EXPECT_MSG_EQ((Block::Deserialize(wire).GetBody() != block.GetBody()),
                              true,
                              "no ledger validated it yet: parsed");
        Ptr<Ledger> a = MakeLedger(Ledger::FULL);
        for (const auto& b : chain.blocks)
        {
            a->Append(Block::Deserialize(b.Serialize()));
        }
        const Block parsed = Block::Deserialize(wire);
        NS_TEST_EXPECT_MSG_EQ((parsed.GetBody() == a->GetBlock(block.GetHash()).GetBody()),
                              true,
                              "the validated body");
        NS_TEST_EXPECT_MSG_EQ((parsed.Serialize() == wire), true, "same bytes");
        // Flip the last byte (the last transaction's signature) under the same header.
        std::vector<uint8_t> altered = wire;
        altered.back() ^= 1;
        const Block tampered = Block::Deserialize(altered);
        NS_TEST_EXPECT_MSG_EQ((tampered.GetBody() != parsed.GetBody()), true, "a new body");
        Ptr<Ledger> b = MakeLedger(Ledger::FULL);
        b->Append(chain.blocks[0]);
        b->Append(chain.blocks[1]);
        NS_TEST_EXPECT_MSG_EQ(ToString(b->Append(tampered).verdict),
                              ToString(BlockVerdict::BAD_MERKLE_ROOT),
                              "tampered bytes refused");
    }
};

/**
 * \ingroup sagin-tests
 * Shared bodies: full ledgers that accept the same block hold one copy of its transactions,
 * each still counts the block's bytes in its own storage, the copy outlives a ledger that is
 * destroyed, and a tampered body is not shared. The shared transaction-id index answers each
 * ledger for its own blocks only.
 */
class LedgerSharedBodyTestCase : public TestCase
{
  public:
    LedgerSharedBodyTestCase()
        : TestCase("Ledger: full nodes share one copy of a block body, storage counted per node")
    {
    }

  private:
    void DoRun() override
    {
        Chain chain(3);
        Ptr<Ledger> a = MakeLedger(Ledger::FULL);
        Ptr<Ledger> b = MakeLedger(Ledger::FULL);
        for (const auto& block : chain.blocks)
        {
            a->Append(block);
            b->Append(Block::Deserialize(block.Serialize())); // its own parsed copy
        }
        const Sha256Digest hash = chain.blocks[2].GetHash();
        NS_TEST_EXPECT_MSG_EQ((&a->GetTransactions(hash) == &b->GetTransactions(hash)),
                              true,
                              "one copy of the body");
        // Storage is per node: header 186 + 4 + 2 x 146 + 171 on each (as in the storage test).
        NS_TEST_EXPECT_MSG_EQ(a->GetStoredBytes(hash), 186u + 4 + 2 * 146 + 171, "node a");
        NS_TEST_EXPECT_MSG_EQ(b->GetStorageBytes(), a->GetStorageBytes(), "node b the same");
        // A block whose first transaction's payload was altered after signing is refused
        // (its Merkle root no longer matches) and never becomes a shared body.
        std::vector<Transaction> txs = chain.blocks[3].GetTransactions();
        std::vector<uint8_t> payload = txs[0].GetPayloadBytes();
        payload.back() ^= 1;
        txs[0] = Transaction(txs[0].GetType(),
                             payload,
                             txs[0].GetSender(),
                             txs[0].GetNonce(),
                             txs[0].GetSignature());
        Ptr<Ledger> c = MakeLedger(Ledger::FULL);
        for (uint32_t h = 0; h < 3; ++h)
        {
            c->Append(chain.blocks[h]);
        }
        const Block tampered(chain.blocks[3].GetHeader(), txs);
        NS_TEST_EXPECT_MSG_EQ(ToString(c->Append(tampered).verdict),
                              ToString(BlockVerdict::BAD_MERKLE_ROOT),
                              "tampered body refused");
        NS_TEST_EXPECT_MSG_EQ(c->Append(chain.blocks[3]).IsAccepted(), true, "the real block");
        NS_TEST_EXPECT_MSG_EQ(
            (c->GetTransactions(chain.blocks[3].GetHash()) == chain.blocks[3].GetTransactions()),
            true,
            "the real transactions");
        // The transaction-id index is one for the process too, yet each ledger finds only
        // the blocks it stores: b finds and refuses to replay a transaction of block 2; d,
        // which stores blocks 0 and 1 only, neither finds it nor sees a replay in another
        // block on block 1; a light ledger with the headers finds no transaction.
        const Transaction moved = chain.blocks[2].GetTransactions()[0];
        Ledger::TransactionLocation where;
        NS_TEST_EXPECT_MSG_EQ(b->FindTransaction(moved.GetId(), &where), true, "b stores it");
        NS_TEST_EXPECT_MSG_EQ((where.blockHash == hash && where.index == 0), true, "block 2, 0");
        const Block replay =
            Block::Produce(&chain.blocks[3].GetHeader(), {moved}, Seconds(100), chain.producer);
        NS_TEST_EXPECT_MSG_EQ(ToString(b->Append(replay).verdict),
                              ToString(BlockVerdict::DUPLICATE_TRANSACTION),
                              "a replay on b");
        Ptr<Ledger> d = MakeLedger(Ledger::FULL);
        d->Append(chain.blocks[0]);
        d->Append(chain.blocks[1]);
        NS_TEST_EXPECT_MSG_EQ(d->FindTransaction(moved.GetId(), &where), false, "not d's block");
        const Block other =
            Block::Produce(&chain.blocks[1].GetHeader(), {moved}, Seconds(100), chain.producer);
        NS_TEST_EXPECT_MSG_EQ(d->Append(other).IsAccepted(), true, "no replay on d");
        NS_TEST_EXPECT_MSG_EQ(d->FindTransaction(moved.GetId(), &where), true, "now in d");
        NS_TEST_EXPECT_MSG_EQ((where.blockHash == other.GetHash()), true, "in d's own block");
        Ptr<Ledger> light = MakeLedger(Ledger::LIGHT);
        for (uint32_t h = 0; h < 3; ++h)
        {
            light->Append(chain.blocks[h]);
        }
        NS_TEST_EXPECT_MSG_EQ(light->FindTransaction(moved.GetId(), &where), false, "light");
        const std::vector<Transaction> expected = a->GetTransactions(hash);
        a->Dispose();
        a = nullptr;
        NS_TEST_EXPECT_MSG_EQ((b->GetTransactions(hash) == expected),
                              true,
                              "the body outlives the first ledger");
    }
};

/**
 * \ingroup sagin-tests
 * A light node checks its own transaction with a full node's Merkle proof.
 */
class LightNodeProofTestCase : public TestCase
{
  public:
    LightNodeProofTestCase()
        : TestCase("Light node: own transaction verified by Merkle proof against a header")
    {
    }

  private:
    void DoRun() override
    {
        Chain chain(5);
        Ptr<Ledger> full = MakeLedger(Ledger::FULL);
        Ptr<Ledger> light = MakeLedger(Ledger::LIGHT);
        for (const auto& block : chain.blocks)
        {
            full->Append(block);
            light->AppendHeader(block.GetHeader());
        }
        uint32_t included = 0;
        uint32_t wrong = 0;
        uint32_t wrongRejected = 0;
        for (size_t h = 1; h < chain.blocks.size(); ++h)
        {
            const Sha256Digest blockHash = chain.blocks[h].GetHash();
            const auto& txs = chain.blocks[h].GetTransactions();
            for (uint32_t i = 0; i < txs.size(); ++i)
            {
                Ledger::TransactionLocation where;
                NS_TEST_ASSERT_MSG_EQ(full->FindTransaction(txs[i].GetId(), &where),
                                      true,
                                      "the full node finds it");
                NS_TEST_EXPECT_MSG_EQ(where.index, i, "position");
                const MerkleProof proof = full->ProveTransaction(where.blockHash, where.index);
                // The proof travels as bytes.
                const MerkleProof received = MerkleProof::Deserialize(proof.Serialize());
                const InclusionVerdict v = light->VerifyTransaction(txs[i], blockHash, received);
                NS_TEST_EXPECT_MSG_EQ(ToString(v), "included", "block " << h << " tx " << i);
                included += v == InclusionVerdict::INCLUDED ? 1 : 0;

                auto expectWrong = [&](InclusionVerdict verdict, InclusionVerdict expected) {
                    ++wrong;
                    wrongRejected += verdict == expected ? 1 : 0;
                };
                // Another transaction with this proof.
                expectWrong(
                    light->VerifyTransaction(txs[(i + 1) % txs.size()], blockHash, received),
                    InclusionVerdict::BAD_PROOF);
                // The right transaction against another block.
                expectWrong(
                    light->VerifyTransaction(txs[i], chain.blocks[h % 5 + 1].GetHash(), received),
                    InclusionVerdict::BAD_PROOF);
                // An unknown block.
                expectWrong(light->VerifyTransaction(txs[i], Sha256Digest{}, received),
                            InclusionVerdict::UNKNOWN_BLOCK);
                // The transaction with a forged signature.
                const Transaction forged(txs[i].GetType(),
                                         txs[i].GetPayloadBytes(),
                                         txs[i].GetSender(),
                                         txs[i].GetNonce(),
                                         Key(77).Sign(txs[i].GetSigningBytes()));
                expectWrong(light->VerifyTransaction(forged, blockHash, received),
                            InclusionVerdict::BAD_SIGNATURE);
                // A proof claiming another tree size than the header's count.
                MerkleProof resized = received;
                resized.treeSize += 1;
                expectWrong(light->VerifyTransaction(txs[i], blockHash, resized),
                            InclusionVerdict::BAD_PROOF);
            }
        }
        NS_TEST_EXPECT_MSG_EQ(included, 15u, "every transaction of 5 blocks x 3");
        NS_TEST_EXPECT_MSG_EQ(wrong, 75u, "wrong claims tried");
        NS_TEST_EXPECT_MSG_EQ(wrongRejected, wrong, "every wrong claim rejected as expected");
        NS_TEST_EXPECT_MSG_EQ(Contains(MessageOf<std::logic_error>([&] {
                                           light->ProveTransaction(chain.blocks[1].GetHash(), 0);
                                       }),
                                       "no stored body"),
                              true,
                              "a light node cannot prove");
        NS_TEST_EXPECT_MSG_EQ(Contains(MessageOf<std::out_of_range>([&] {
                                           full->ProveTransaction(chain.blocks[1].GetHash(), 3);
                                       }),
                                       "has 3 transactions; no index 3"),
                              true,
                              "index beyond the body");
    }
};

/**
 * \ingroup sagin-tests
 * Persistence to the run store; tampered rows are detected on reload.
 */
class LedgerPersistenceTestCase : public TestCase
{
  public:
    LedgerPersistenceTestCase()
        : TestCase("Ledger: recorded to the run store, reloaded and re-verified, tampering found")
    {
    }

  private:
    /**
     * Run SQL on the file through a separate connection.
     * \param path the database
     * \param sql statements
     */
    static void Execute(const std::string& path, const std::string& sql)
    {
        sqlite3* db = nullptr;
        sqlite3_open(path.c_str(), &db);
        char* error = nullptr;
        if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK)
        {
            std::string message = error ? error : "?";
            sqlite3_free(error);
            sqlite3_close(db);
            throw std::runtime_error("test SQL failed: " + message + ": " + sql);
        }
        sqlite3_close(db);
    }

    /**
     * \param path the database
     * \param sql a query of one integer
     * \return the integer
     */
    static int64_t Integer(const std::string& path, const std::string& sql)
    {
        sqlite3* db = nullptr;
        sqlite3_open(path.c_str(), &db);
        sqlite3_stmt* s = nullptr;
        int64_t value = -1;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK &&
            sqlite3_step(s) == SQLITE_ROW)
        {
            value = sqlite3_column_int64(s, 0);
        }
        sqlite3_finalize(s);
        sqlite3_close(db);
        return value;
    }

    void DoRun() override
    {
        namespace fs = std::filesystem;
        const std::string path = CreateTempDirFilename("ledger.db");
        fs::remove(path);
        Chain chain(4);
        Ptr<Ledger> full = MakeLedger(Ledger::FULL);
        Ptr<Ledger> light = MakeLedger(Ledger::LIGHT);
        // Two blocks before recording starts, the rest after: both are written.
        for (size_t i = 0; i < 2; ++i)
        {
            full->Append(chain.blocks[i]);
            light->Append(chain.blocks[i]);
        }
        Ptr<RunStore> store = CreateObject<RunStore>();
        store->SetAttribute("Path", StringValue(path));
        NS_TEST_EXPECT_MSG_EQ(
            Contains(MessageOf<std::runtime_error>([&] { full->Record(store, 1); }),
                     "has no open run"),
            true,
            "a run must be open");
        const int64_t run = store->BeginRun("ledger-test", {});
        full->Record(store, 1);
        light->Record(store, 2);
        for (size_t i = 2; i < chain.blocks.size(); ++i)
        {
            full->Append(chain.blocks[i]);
            light->Append(chain.blocks[i]);
        }
        store->Flush();

        // Independent reading of the rows.
        const std::string where = " WHERE run_id = " + std::to_string(run);
        NS_TEST_EXPECT_MSG_EQ(
            Integer(path, "SELECT COUNT(*) FROM blocks" + where + " AND node = 1"),
            5,
            "block rows of the full node");
        NS_TEST_EXPECT_MSG_EQ(
            Integer(path, "SELECT COUNT(*) FROM transactions" + where + " AND node = 1"),
            12,
            "transaction rows of the full node");
        NS_TEST_EXPECT_MSG_EQ(
            Integer(path, "SELECT COUNT(*) FROM transactions" + where + " AND node = 2"),
            0,
            "a light node writes no transaction rows");
        NS_TEST_EXPECT_MSG_EQ(
            Integer(path, "SELECT SUM(size_bytes) FROM blocks" + where + " AND node = 1"),
            static_cast<int64_t>(full->GetStorageBytes()),
            "sum of size_bytes = full node's storage");
        NS_TEST_EXPECT_MSG_EQ(
            Integer(path, "SELECT SUM(size_bytes) FROM blocks" + where + " AND node = 2"),
            static_cast<int64_t>(light->GetStorageBytes()),
            "sum of size_bytes = light node's storage");
        NS_TEST_EXPECT_MSG_EQ(
            Integer(path, "SELECT SUM(n_tx) FROM blocks" + where + " AND node = 2"),
            12,
            "light rows still count transactions");

        // Reload and compare.
        Ptr<Ledger> fullAgain = LedgerRecorder::Load(path, run, 1);
        Ptr<Ledger> lightAgain = LedgerRecorder::Load(path, run, 2);
        NS_TEST_EXPECT_MSG_EQ(ToHex(fullAgain->GetTipHash()), ToHex(full->GetTipHash()), "tip");
        NS_TEST_EXPECT_MSG_EQ(fullAgain->GetStorageBytes(), full->GetStorageBytes(), "bytes");
        NS_TEST_EXPECT_MSG_EQ(fullAgain->GetMode(), Ledger::FULL, "full mode");
        NS_TEST_EXPECT_MSG_EQ(lightAgain->GetMode(), Ledger::LIGHT, "light mode");
        NS_TEST_EXPECT_MSG_EQ(lightAgain->GetStorageBytes(), light->GetStorageBytes(), "bytes");
        NS_TEST_EXPECT_MSG_EQ(ToHex(lightAgain->GetTipHash()), ToHex(light->GetTipHash()), "tip");
        NS_TEST_EXPECT_MSG_EQ(
            Contains(MessageOf<std::runtime_error>([&] { LedgerRecorder::Load(path, run, 9); }),
                     "no blocks rows for this run and node"),
            true,
            "unknown node");
        store->EndRun();
        store->Dispose();

        // Tampering: each case alters a copy of the file and must make Load() throw with a
        // message naming the check.
        const std::string block2 = ToHex(chain.blocks[2].GetHash());
        const std::string tx = "(SELECT tx_id FROM transactions WHERE node = 1 AND block_hash = '" +
                               block2 + "' AND position = 1)";
        // A transaction whose payload byte changed, with its tx_id recomputed to match.
        std::vector<uint8_t> alteredTx = chain.blocks[2].GetTransactions()[1].Serialize();
        alteredTx[46 + 12] ^= 0x01;
        const std::string alteredHex = ToHex(alteredTx);
        const std::string alteredId = ToHex(Sha256(alteredTx));
        // A header whose signature byte changed, with its hash recomputed to match.
        std::vector<uint8_t> alteredHeader = chain.blocks[3].GetHeader().Serialize();
        alteredHeader.back() ^= 0x01;

        struct Tamper
        {
            std::string sql;      //!< the alteration
            uint32_t node;        //!< whose ledger
            std::string expected; //!< part of Load()'s message
        };

        const std::vector<Tamper> cases = {
            {"UPDATE transactions SET bytes = '" + alteredHex + "' WHERE tx_id = " + tx,
             1,
             "column tx_id differs from the SHA-256 of column bytes"},
            {"UPDATE transactions SET bytes = '" + alteredHex + "', tx_id = '" + alteredId +
                 "' WHERE tx_id = " + tx,
             1,
             "does not verify: bad-merkle-root"},
            {"DELETE FROM transactions WHERE tx_id = " + tx, 1, "out of sequence"},
            {"DELETE FROM transactions WHERE node = 1 AND block_hash = '" + block2 +
                 "' AND position = 2",
             1,
             "does not verify: bad-transaction-count"},
            {"UPDATE blocks SET producer = '" + std::string(64, '0') +
                 "' WHERE node = 1 AND height = 1",
             1,
             "column producer differs"},
            {"UPDATE blocks SET size_bytes = size_bytes - 1 WHERE node = 2 AND height = 2",
             2,
             "column size_bytes"},
            {"UPDATE blocks SET hash = '" + ToHex(Sha256(alteredHeader)) + "', header = '" +
                 ToHex(alteredHeader) + "' WHERE node = 2 AND height = 3",
             2,
             "does not verify: bad-producer-signature"},
            {"UPDATE blocks SET header = '" + ToHex(alteredHeader) +
                 "' WHERE node = 1 AND height = 3",
             1,
             "column hash differs from the SHA-256 of column header"},
            {"UPDATE blocks SET n_tx = 2 WHERE node = 2 AND height = 4", 2, "column n_tx differs"},
            {"UPDATE blocks SET time_s = time_s + 1 WHERE node = 1 AND height = 4",
             1,
             "column time_s differs"},
            {"DELETE FROM blocks WHERE node = 2 AND height = 2", 2, "unknown-parent"},
            {"UPDATE blocks SET header = 'zz' WHERE node = 1 AND height = 0",
             1,
             "column header is not a serialised header"},
        };
        uint32_t detected = 0;
        for (size_t i = 0; i < cases.size(); ++i)
        {
            const std::string copy = CreateTempDirFilename("ledger-tampered.db");
            fs::remove(copy);
            fs::copy_file(path, copy);
            Execute(copy, cases[i].sql);
            const std::string message = MessageOf<std::runtime_error>(
                [&] { LedgerRecorder::Load(copy, run, cases[i].node); });
            const bool found = Contains(message, cases[i].expected);
            detected += found ? 1 : 0;
            NS_TEST_EXPECT_MSG_EQ(found,
                                  true,
                                  "tamper case " << i << ": got \"" << message << "\"");
            fs::remove(copy);
        }
        NS_TEST_EXPECT_MSG_EQ(detected, cases.size(), "every tampered row detected");
        // The untampered file still loads.
        NS_TEST_EXPECT_MSG_EQ(LedgerRecorder::Load(path, run, 1)->GetTipHeight(), 4u, "intact");
        fs::remove(path);
    }
};

/**
 * \ingroup sagin-tests
 * The ledger TestSuite.
 */
class LedgerTestSuite : public TestSuite
{
  public:
    LedgerTestSuite()
        : TestSuite("sagin-ledger", Type::UNIT)
    {
        AddTestCase(new LedgerValidationTestCase);
        AddTestCase(new LedgerTamperTestCase);
        AddTestCase(new SignatureCacheTamperTestCase);
        AddTestCase(new LedgerForkTestCase);
        AddTestCase(new LedgerStorageTestCase);
        AddTestCase(new LedgerRoleChangeTestCase);
        AddTestCase(new LedgerSharedBodyTestCase);
        AddTestCase(new BlockBodyTestCase);
        AddTestCase(new LightNodeProofTestCase);
        AddTestCase(new LedgerPersistenceTestCase);
    }
};

static LedgerTestSuite g_ledgerTestSuite; //!< Static variable for test initialization
