// SPDX-License-Identifier: GPL-2.0-only
//
// Consensus engines, first part: choosing an engine by name, and proof of work (leading-zero
// count, block interval and hash-power shares against the Poisson model, forks under
// near-simultaneous production resolving to one chain everywhere, real nonce search and a bad
// nonce rejected by every node).

#include "consensus-test-utils.h"
#include "sagin-test-utils.h"

#include "ns3/double.h"
#include "ns3/pow-consensus.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <cmath>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

/**
 * \ingroup sagin-tests
 * Every listed name creates its engine; an unknown name stops with the valid names.
 */
class ConsensusByNameTestCase : public TestCase
{
  public:
    ConsensusByNameTestCase()
        : TestCase(
              "Consensus by name: every name creates its engine; unknown names list the valid ones")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<std::string> names = GetConsensusEngineNames();
        NS_TEST_EXPECT_MSG_EQ(names.size(), 5, "pow, pos, dpos, reputation, pbft");
        for (const auto& name : names)
        {
            Ptr<ConsensusEngine> engine = CreateConsensusEngine(name);
            NS_TEST_EXPECT_MSG_EQ(engine->GetName(), name, "engine of " << name);
            NS_TEST_EXPECT_MSG_EQ(engine->GetInstanceTypeId(),
                                  GetConsensusEngineTypeId(name),
                                  "TypeId of " << name);
        }
        const std::string m =
            MessageOf<std::invalid_argument>([] { CreateConsensusEngine("raft"); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "unknown consensus \"raft\""), true, m);
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "valid names are pow, pos, dpos, reputation, pbft"),
                              true,
                              m);
        Ptr<ConsensusEngine> engine = CreateConsensusEngine("pow");
        engine->AddMember(3, 1.0);
        NS_TEST_EXPECT_MSG_EQ(
            Contains(MessageOf<std::invalid_argument>([&] { engine->AddMember(3, 2.0); }),
                     "node 3 is a member already"),
            true,
            "duplicate member");
        NS_TEST_EXPECT_MSG_EQ(
            Contains(MessageOf<std::invalid_argument>([&] { engine->AddMember(4, -1.0); }),
                     "node 4 has weight -1"),
            true,
            "negative weight");
    }
};

/**
 * \ingroup sagin-tests
 * Leading zero bits of hand-made digests.
 */
class PowLeadingZerosTestCase : public TestCase
{
  public:
    PowLeadingZerosTestCase()
        : TestCase("PoW: leading zero bits of hand-made digests")
    {
    }

  private:
    void DoRun() override
    {
        Sha256Digest d{};
        NS_TEST_EXPECT_MSG_EQ(PowConsensus::CountLeadingZeroBits(d), 256, "all zeros");
        d[0] = 0x80;
        NS_TEST_EXPECT_MSG_EQ(PowConsensus::CountLeadingZeroBits(d), 0, "0x80...");
        d[0] = 0x00;
        d[1] = 0x0F; // 8 + 4
        NS_TEST_EXPECT_MSG_EQ(PowConsensus::CountLeadingZeroBits(d), 12, "00 0F ...");
        d[1] = 0x01; // 8 + 7
        NS_TEST_EXPECT_MSG_EQ(PowConsensus::CountLeadingZeroBits(d), 15, "00 01 ...");
    }
};

/**
 * \ingroup sagin-tests
 * Two miners of hash rates 1 and 3 TH/s, difficulty 4e12: the network's blocks form a Poisson
 * process of rate (1 + 3) TH/s / 4e12 = 1 block/s, and each block is node 1's with
 * probability 3/4 (Nakamoto 2008's model). 400 simulated seconds.
 */
class PowIntervalTestCase : public TestCase
{
  public:
    PowIntervalTestCase()
        : TestCase("PoW: block rate = total hash rate over difficulty, shares = hash-rate shares")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<double> rates = {1e12, 3e12};
        const double difficulty = 4e12;
        ConsensusNetwork net(
            2,
            [&](uint32_t i) {
                Ptr<ConsensusEngine> e = CreateConsensusEngine("pow");
                e->SetAttribute("HashRate", DoubleValue(rates[i]));
                e->SetAttribute("Difficulty", DoubleValue(difficulty));
                return e;
            },
            {},
            {},
            "1ms",
            "100Mbps");
        const double duration = 400;
        Simulator::Stop(Seconds(duration));
        Simulator::Run();

        const uint64_t produced =
            net.engines[0]->GetProducedCount() + net.engines[1]->GetProducedCount();
        // Poisson count with mean 400: standard deviation 20; 4 sigma = 80.
        const double expected = duration * (rates[0] + rates[1]) / difficulty;
        NS_TEST_EXPECT_MSG_EQ_TOL(static_cast<double>(produced),
                                  expected,
                                  4 * std::sqrt(expected),
                                  "blocks in 400 s");
        // Share of node 1: binomial(produced, 3/4); 4 sigma.
        const double share =
            static_cast<double>(net.engines[1]->GetProducedCount()) / static_cast<double>(produced);
        const double sigma = std::sqrt(0.75 * 0.25 / static_cast<double>(produced));
        NS_TEST_EXPECT_MSG_EQ_TOL(share, 0.75, 4 * sigma, "node 1's share of blocks");
        // The 1 ms link is short against 1 s intervals: both nodes end on one chain.
        NS_TEST_EXPECT_MSG_EQ(ToHex(net.LedgerOf(0)->GetTipHash()),
                              ToHex(net.LedgerOf(1)->GetTipHash()),
                              "same tip");
        Simulator::Destroy();
    }
};

namespace
{

/**
 * Reorganisations seen by one ledger.
 * \param depths collects reorganisation depths
 * \param hash new tip
 * \param height its height
 * \param depth blocks that left the main chain
 */
void
CountReorg(std::vector<uint64_t>* depths, const Sha256Digest& hash, uint64_t height, uint64_t depth)
{
    if (depth > 0)
    {
        depths->push_back(depth);
    }
}

} // namespace

/**
 * \ingroup sagin-tests
 * Five miners on a full mesh of 100 ms links, each finding a block every 1 s on average (the
 * network every 0.2 s, shorter than the ~0.3 s a block takes to cross one link with
 * announce-then-fetch): forks happen. From 10 s only node 0 mines, from 20 s nobody: every
 * node ends on the same chain, stale blocks were counted and reorganisations happened. The
 * same run number gives the same chain, another run another chain.
 */
class PowForkResolutionTestCase : public TestCase
{
  public:
    PowForkResolutionTestCase()
        : TestCase("PoW: near-simultaneous blocks fork; the most-work chain wins on all nodes")
    {
    }

  private:
    /**
     * Run the scenario and check it.
     * \param run the ns-3 run number (RngRun)
     * \return node 0's main chain
     */
    std::vector<Sha256Digest> RunOnce(uint64_t run)
    {
        RngSeedManager::SetRun(run);
        const uint32_t n = 5;
        ConsensusNetwork net(
            n,
            [](uint32_t) {
                Ptr<ConsensusEngine> e = CreateConsensusEngine("pow");
                e->SetAttribute("HashRate", DoubleValue(1e12));
                e->SetAttribute("Difficulty", DoubleValue(1e12));
                return e;
            },
            {},
            {},
            "100ms",
            "10Mbps");
        std::vector<uint64_t> reorgs;
        for (uint32_t i = 0; i < n; ++i)
        {
            net.LedgerOf(i)->TraceConnectWithoutContext("TipChanged",
                                                        MakeBoundCallback(&CountReorg, &reorgs));
        }
        for (uint32_t i = 1; i < n; ++i)
        {
            Simulator::Schedule(Seconds(10), [&net, i] {
                net.engines[i]->SetAttribute("HashRate", DoubleValue(0));
            });
        }
        Simulator::Schedule(Seconds(20),
                            [&net] { net.engines[0]->SetAttribute("HashRate", DoubleValue(0)); });
        Simulator::Stop(Seconds(25));
        Simulator::Run();

        uint64_t stale = 0;
        const std::vector<Sha256Digest> chain0 = net.LedgerOf(0)->GetMainChain();
        for (uint32_t i = 0; i < n; ++i)
        {
            Ptr<Ledger> ledger = net.LedgerOf(i);
            stale += CountStaleBlocks(*ledger);
            NS_TEST_EXPECT_MSG_EQ((ledger->GetMainChain() == chain0),
                                  true,
                                  "node " << i << " has node 0's main chain");
        }
        NS_TEST_EXPECT_MSG_GT(chain0.size(), 20, "blocks were mined");
        NS_TEST_EXPECT_MSG_GT(stale, 0, "forks left stale blocks");
        NS_TEST_EXPECT_MSG_GT(reorgs.size(), 0, "nodes reorganised to the heavier chain");
        // Every block mined is stored on every node: main chain plus stale blocks.
        uint64_t produced = 0;
        for (const auto& e : net.engines)
        {
            produced += e->GetProducedCount();
        }
        NS_TEST_EXPECT_MSG_EQ(net.LedgerOf(0)->GetBlockCount(),
                              produced + 1,
                              "node 0 stores every block (+ genesis)");
        Simulator::Destroy();
        return chain0;
    }

    void DoRun() override
    {
        const uint64_t run = RngSeedManager::GetRun();
        const std::vector<Sha256Digest> first = RunOnce(1);
        const std::vector<Sha256Digest> again = RunOnce(1);
        const std::vector<Sha256Digest> other = RunOnce(2);
        RngSeedManager::SetRun(run);
        NS_TEST_EXPECT_MSG_EQ((first == again), true, "same seed and run: the same chain");
        NS_TEST_EXPECT_MSG_EQ((first == other), false, "another run: another chain");
    }
};

/**
 * \ingroup sagin-tests
 * Real nonce search at 8 bits: every block of a 3-node network carries a hash with 8 leading
 * zero bits, found in about 2^8 attempts per block; a block whose nonce misses the target,
 * or which claims another difficulty, is refused by every node's ledger.
 */
class PowNonceTestCase : public TestCase
{
  public:
    PowNonceTestCase()
        : TestCase("PoW: real 8-bit nonce search, verified by receivers; a bad nonce is rejected")
    {
    }

  private:
    void DoRun() override
    {
        // Above 24 bits the checker refuses at once (a search that long is not a test).
        NS_TEST_EXPECT_MSG_EQ(
            CreateConsensusEngine("pow")->SetAttributeFailSafe("NonceBits", UintegerValue(25)),
            false,
            "NonceBits 25 refused by its checker");
        const uint32_t n = 3;
        const uint32_t bits = 8;
        ConsensusNetwork net(n, [bits](uint32_t) {
            Ptr<ConsensusEngine> e = CreateConsensusEngine("pow");
            e->SetAttribute("HashRate", DoubleValue(1e12));
            e->SetAttribute("Difficulty", DoubleValue(6e12)); // 2 s for the network
            e->SetAttribute("NonceBits", UintegerValue(bits));
            return e;
        });
        Simulator::Stop(Seconds(60));
        Simulator::Run();

        Ptr<Ledger> ledger = net.LedgerOf(0);
        const auto& chain = ledger->GetMainChain();
        NS_TEST_EXPECT_MSG_GT(chain.size(), 10, "blocks mined");
        if (chain.size() <= 10)
        {
            Simulator::Destroy(); // a clean simulator for the next case
            return;
        }
        uint32_t meeting = 0;
        for (size_t h = 1; h < chain.size(); ++h)
        {
            // Independent check: the first byte of SHA-256(signing bytes) is zero.
            const Sha256Digest pow = Sha256(ledger->GetHeader(chain[h]).GetSigningBytes());
            meeting += pow[0] == 0 ? 1 : 0;
        }
        NS_TEST_EXPECT_MSG_EQ(meeting, chain.size() - 1, "every block meets 8 bits");
        uint64_t attempts = 0;
        uint64_t produced = 0;
        for (const auto& e : net.engines)
        {
            attempts += DynamicCast<PowConsensus>(e)->GetNonceAttempts();
            produced += e->GetProducedCount();
        }
        // Attempts per block are geometric with mean 2^8 = 256 and sd ~256; over >= 10 blocks
        // the mean lies within 256 +- 4 x 256 / sqrt(blocks).
        const double perBlock = static_cast<double>(attempts) / static_cast<double>(produced);
        NS_TEST_EXPECT_MSG_EQ_TOL(perBlock,
                                  256.0,
                                  4 * 256.0 / std::sqrt(static_cast<double>(produced)),
                                  "attempts per block");

        // A block on the tip whose nonce misses the target, signed by a member.
        const Ed25519KeyPair miner = Ed25519KeyPair::ForNode(net.nodes.Get(1)->GetId());
        Block bad = Block::Produce(&ledger->GetHeader(ledger->GetTipHash()),
                                   {},
                                   Seconds(61),
                                   miner,
                                   PowConsensus::EncodeData(6e12, 0));
        for (uint64_t nonce = 0; Sha256(bad.GetHeader().GetSigningBytes())[0] == 0; ++nonce)
        {
            bad.GetHeader().SetConsensusData(PowConsensus::EncodeData(6e12, nonce));
        }
        bad.GetHeader().Sign(miner);
        // The same block with a nonce that meets the target is accepted (control).
        Block good = bad;
        for (uint64_t nonce = 0; Sha256(good.GetHeader().GetSigningBytes())[0] != 0; ++nonce)
        {
            good.GetHeader().SetConsensusData(PowConsensus::EncodeData(6e12, nonce));
        }
        good.GetHeader().Sign(miner);
        // Another difficulty, target met.
        Block easier = bad;
        for (uint64_t nonce = 0; Sha256(easier.GetHeader().GetSigningBytes())[0] != 0 || nonce == 0;
             ++nonce)
        {
            easier.GetHeader().SetConsensusData(PowConsensus::EncodeData(1e3, nonce));
        }
        easier.GetHeader().Sign(miner);
        for (uint32_t i = 0; i < n; ++i)
        {
            const AppendResult r = net.LedgerOf(i)->Validate(bad);
            NS_TEST_EXPECT_MSG_EQ(ToString(r.verdict), "bad-consensus", "node " << i);
            NS_TEST_EXPECT_MSG_EQ(Contains(r.message, "8 are required"), true, r.message);
            const AppendResult e = net.LedgerOf(i)->Validate(easier);
            NS_TEST_EXPECT_MSG_EQ(ToString(e.verdict), "bad-consensus", "node " << i);
            NS_TEST_EXPECT_MSG_EQ(Contains(e.message, "is not the network's"), true, e.message);
            NS_TEST_EXPECT_MSG_EQ(ToString(net.LedgerOf(i)->Validate(good).verdict),
                                  "accepted",
                                  "control block on node " << i);
        }
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * The consensus and PoW suite.
 */
class ConsensusPowTestSuite : public TestSuite
{
  public:
    ConsensusPowTestSuite()
        : TestSuite("sagin-consensus-pow", Type::UNIT)
    {
        AddTestCase(new ConsensusByNameTestCase);
        AddTestCase(new PowLeadingZerosTestCase);
        AddTestCase(new PowIntervalTestCase);
        AddTestCase(new PowForkResolutionTestCase);
        AddTestCase(new PowNonceTestCase);
    }
};

static ConsensusPowTestSuite g_consensusPowTestSuite; //!< registers the suite
