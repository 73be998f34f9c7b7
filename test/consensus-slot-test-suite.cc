// SPDX-License-Identifier: GPL-2.0-only
//
// Slotted consensus engines: PoS (stake-weighted draw against a chi-square bound, the
// schedule followed on a 4-node network, a wrong producer refused), DPoS (an election
// computed by hand, round-robin production with an offline delegate and one that leaves)
// and study B's reputation chain (highest reputation online produces, falls back past an
// offline node, reputation moved by recorded changes and reset after producing).

#include "consensus-test-utils.h"
#include "sagin-test-utils.h"

#include "ns3/dpos-consensus.h"
#include "ns3/nstime.h"
#include "ns3/pos-consensus.h"
#include "ns3/reputation-consensus.h"
#include "ns3/simulator.h"
#include "ns3/test.h"
#include "ns3/transaction-payloads.h"
#include "ns3/uinteger.h"

#include <cmath>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{

/**
 * The PoS draw written out independently of PosConsensus: SHA-256 of the domain, the parent
 * and the slot (big-endian), first 8 bytes big-endian, top 53 bits as a fraction of 2^53,
 * times the total stake, first member whose running stake sum exceeds it.
 * \param stakes stakes
 * \param parent parent hash
 * \param slot slot
 * \return the member index
 */
uint32_t
ReferenceDraw(const std::vector<double>& stakes, const Sha256Digest& parent, uint64_t slot)
{
    std::vector<uint8_t> bytes(PosConsensus::SEED_DOMAIN.begin(), PosConsensus::SEED_DOMAIN.end());
    bytes.insert(bytes.end(), parent.begin(), parent.end());
    for (int shift = 56; shift >= 0; shift -= 8)
    {
        bytes.push_back(static_cast<uint8_t>(slot >> shift));
    }
    const Sha256Digest seed = Sha256(bytes);
    uint64_t x = 0;
    for (int i = 0; i < 8; ++i)
    {
        x = x * 256 + seed[i];
    }
    const double u = std::ldexp(static_cast<double>(x >> 11), -53);
    double total = 0;
    for (double s : stakes)
    {
        total += s;
    }
    double sum = 0;
    for (uint32_t i = 0; i < stakes.size(); ++i)
    {
        sum += stakes[i];
        if (u * total < sum)
        {
            return i;
        }
    }
    return static_cast<uint32_t>(stakes.size() - 1);
}

/**
 * \param ledger a ledger
 * \param hash a block
 * \return the node id whose ForNode key produced it
 */
uint32_t
ProducerNode(const Ledger& ledger, const Sha256Digest& hash, uint32_t nodes)
{
    for (uint32_t id = 0; id < nodes; ++id)
    {
        if (Ed25519KeyPair::ForNode(id).GetPublicKey() == ledger.GetHeader(hash).GetProducer())
        {
            return id;
        }
    }
    return 9999;
}

} // namespace

/**
 * \ingroup sagin-tests
 * Stakes 1:2:3:4, 10000 slots over two parents: the draw matches the independent reference
 * slot by slot, and the counts pass a chi-square test against the stake shares.
 */
class PosFrequencyTestCase : public TestCase
{
  public:
    PosFrequencyTestCase()
        : TestCase("PoS: stake-weighted draw matches the reference and stake shares (chi-square)")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<double> stakes = {1, 2, 3, 4};
        std::vector<uint32_t> counts(4, 0);
        uint32_t agree = 0;
        const uint32_t draws = 10000;
        for (uint32_t k = 0; k < draws; ++k)
        {
            const Sha256Digest parent = Sha256(std::string(k % 2 ? "parent-a" : "parent-b"));
            const uint32_t chosen = PosConsensus::SelectProducer(stakes, parent, k / 2);
            agree += chosen == ReferenceDraw(stakes, parent, k / 2) ? 1 : 0;
            ++counts[chosen];
        }
        NS_TEST_EXPECT_MSG_EQ(agree, draws, "every draw equals the reference");
        double chi2 = 0;
        for (uint32_t i = 0; i < 4; ++i)
        {
            const double expected = draws * stakes[i] / 10.0;
            chi2 += (counts[i] - expected) * (counts[i] - expected) / expected;
        }
        // Chi-square with 3 degrees of freedom: 16.27 at p = 0.001 (standard table).
        NS_TEST_EXPECT_MSG_LT(chi2,
                              16.27,
                              "counts " << counts[0] << " " << counts[1] << " " << counts[2] << " "
                                        << counts[3]);
        NS_TEST_EXPECT_MSG_EQ(Contains(MessageOf<std::invalid_argument>([] {
                                           PosConsensus::SelectProducer({0, 0}, Sha256Digest{}, 1);
                                       }),
                                       "stakes sum to 0"),
                              true,
                              "zero stake");
    }
};

/**
 * \ingroup sagin-tests
 * Four nodes with stakes 1:2:3:4 for 30 one-second slots: every slot has a block from the
 * drawn producer, every node holds the same chain; a block from another member is refused.
 */
class PosScheduleTestCase : public TestCase
{
  public:
    PosScheduleTestCase()
        : TestCase("PoS: 4 nodes follow the draw slot by slot; a wrong producer is rejected")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<double> stakes = {1, 2, 3, 4};
        ConsensusNetwork net(
            4,
            [](uint32_t) { return CreateConsensusEngine("pos"); },
            stakes);
        Simulator::Stop(Seconds(29.5));
        Simulator::Run();

        Ptr<Ledger> ledger = net.LedgerOf(0);
        const auto& chain = ledger->GetMainChain();
        NS_TEST_EXPECT_MSG_EQ(ledger->GetTipHeight(), 30, "one block per slot 0..29");
        uint32_t scheduled = 0;
        for (size_t h = 1; h < chain.size(); ++h)
        {
            const BlockHeader& header = ledger->GetHeader(chain[h]);
            const uint64_t slot = SlotConsensus::DecodeSlot(header.GetConsensusData());
            scheduled += slot == h - 1 && header.GetTimestamp() == Seconds(slot) &&
                                 ProducerNode(*ledger, chain[h], 4) ==
                                     ReferenceDraw(stakes, header.GetParentHash(), slot)
                             ? 1
                             : 0;
        }
        NS_TEST_EXPECT_MSG_EQ(scheduled, 30, "every block from the drawn producer at slot start");
        for (uint32_t i = 1; i < 4; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ((net.LedgerOf(i)->GetMainChain() == chain), true, "node " << i);
        }
        // Another block for the tip's slot, on the tip's parent: from the drawn member it is
        // a valid fork block (control), from any other member it is refused.
        const Sha256Digest parent = ledger->GetHeader(ledger->GetTipHash()).GetParentHash();
        const uint64_t slot = 29;
        const uint32_t drawn = ReferenceDraw(stakes, parent, slot);
        uint32_t refused = 0;
        for (uint32_t id = 0; id < 4; ++id)
        {
            const Block block = Block::Produce(&ledger->GetHeader(parent),
                                               {Delivery(Key(7), 1000 + id)},
                                               Seconds(slot),
                                               Ed25519KeyPair::ForNode(id),
                                               SlotConsensus::EncodeSlot(slot));
            const AppendResult r = ledger->Validate(block);
            if (id == drawn)
            {
                NS_TEST_EXPECT_MSG_EQ(ToString(r.verdict), "accepted", r.message);
            }
            else
            {
                refused += r.verdict == BlockVerdict::BAD_CONSENSUS &&
                                   Contains(r.message, "is not a producer of slot 29")
                               ? 1
                               : 0;
            }
        }
        NS_TEST_EXPECT_MSG_EQ(refused, 3, "the three other members are refused");
        // A block stamped outside its slot is refused too.
        const Block late = Block::Produce(&ledger->GetHeader(parent),
                                          {},
                                          Seconds(slot) + Seconds(1.2),
                                          Ed25519KeyPair::ForNode(drawn),
                                          SlotConsensus::EncodeSlot(slot));
        NS_TEST_EXPECT_MSG_EQ(Contains(ledger->Validate(late).message, "outside slot 29"),
                              true,
                              "late timestamp");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * The election by hand: stakes 10, 20, 30, 5, 15, 25; member 0 votes {1, 2}, 1 {1}, 2 {2, 3},
 * 3 {3, 4}, 4 {4}, 5 {0, 5}. Tallies: 0: 25, 1: 10 + 20 = 30, 2: 10 + 30 = 40,
 * 3: 30 + 5 = 35, 4: 5 + 15 = 20, 5: 25. Three delegates: 2, 3, 1; five: 2, 3, 1, 0, 5 (0 and 5
 * tie at 25: lower index first).
 */
class DposElectionTestCase : public TestCase
{
  public:
    DposElectionTestCase()
        : TestCase("DPoS: stake-weighted approval election computed by hand")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<double> stakes = {10, 20, 30, 5, 15, 25};
        const std::vector<std::vector<uint32_t>> votes = {{1, 2}, {1}, {2, 3}, {3, 4}, {4}, {0, 5}};
        NS_TEST_EXPECT_MSG_EQ(
            (DposConsensus::Elect(stakes, votes, 3) == std::vector<uint32_t>{2, 3, 1}),
            true,
            "three delegates");
        NS_TEST_EXPECT_MSG_EQ(
            (DposConsensus::Elect(stakes, votes, 5) == std::vector<uint32_t>{2, 3, 1, 0, 5}),
            true,
            "five delegates, tie by index");
        // A repeated vote counts once.
        NS_TEST_EXPECT_MSG_EQ(
            (DposConsensus::Elect({1, 1}, {{1, 1, 1}, {0}}, 2) == std::vector<uint32_t>{0, 1}),
            true,
            "one vote per candidate");
        NS_TEST_EXPECT_MSG_EQ(Contains(MessageOf<std::invalid_argument>([] {
                                           DposConsensus::Elect({1, 1}, {{0}, {7}}, 1);
                                       }),
                                       "votes for member 7 of 2"),
                              true,
                              "vote for a non-member");
    }
};

/**
 * \ingroup sagin-tests
 * Six nodes with the election above (delegates in order: nodes 2, 3, 1), one-second slots
 * 0..11. Node 3 is offline from the start, node 1 leaves at 6.5 s. Slot s belongs to
 * delegate s mod 3: slots 1, 4, 7, 10 (node 3) are missed, and 8, 11 (node 1, gone); blocks
 * at slots 0, 2, 3, 5, 6, 9 from nodes 2, 1, 2, 1, 2, 2.
 */
class DposScheduleTestCase : public TestCase
{
  public:
    DposScheduleTestCase()
        : TestCase("DPoS: round-robin delegates, missed slots of an offline and a leaving delegate")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<double> stakes = {10, 20, 30, 5, 15, 25};
        const std::vector<std::vector<uint32_t>> votes = {{1, 2}, {1}, {2, 3}, {3, 4}, {4}, {0, 5}};
        ConsensusNetwork net(
            6,
            [&votes](uint32_t) {
                Ptr<DposConsensus> e = CreateObject<DposConsensus>();
                e->SetAttribute("Delegates", UintegerValue(3));
                for (uint32_t voter = 0; voter < votes.size(); ++voter)
                {
                    e->SetVotes(voter, votes[voter]); // node ids equal indices here
                }
                return e;
            },
            stakes);
        net.apps[3]->SetStartTime(Seconds(1000)); // offline
        net.apps[1]->SetStopTime(Seconds(6.5));   // leaves
        Simulator::Stop(Seconds(11.5));
        Simulator::Run();

        NS_TEST_EXPECT_MSG_EQ((DynamicCast<DposConsensus>(net.engines[0])->GetDelegates() ==
                               std::vector<uint32_t>{2, 3, 1}),
                              true,
                              "elected");
        Ptr<Ledger> ledger = net.LedgerOf(0);
        const std::vector<uint64_t> slots = {0, 2, 3, 5, 6, 9};
        const std::vector<uint32_t> producers = {2, 1, 2, 1, 2, 2};
        const auto& chain = ledger->GetMainChain();
        NS_TEST_EXPECT_MSG_EQ(chain.size(), slots.size() + 1, "six blocks");
        if (chain.size() != slots.size() + 1)
        {
            Simulator::Destroy(); // a clean simulator for the next case
            return;
        }
        for (size_t k = 0; k < slots.size(); ++k)
        {
            const BlockHeader& header = ledger->GetHeader(chain[k + 1]);
            NS_TEST_EXPECT_MSG_EQ(SlotConsensus::DecodeSlot(header.GetConsensusData()),
                                  slots[k],
                                  "block " << k + 1 << " slot");
            NS_TEST_EXPECT_MSG_EQ(ProducerNode(*ledger, chain[k + 1], 6),
                                  producers[k],
                                  "block " << k + 1 << " producer");
        }
        NS_TEST_EXPECT_MSG_EQ(SlotConsensus::CountMissedSlots(*ledger),
                              4,
                              "slots 0..9: 1, 4, 7, 8 missed");
        for (uint32_t i : {2u, 4u, 5u})
        {
            NS_TEST_EXPECT_MSG_EQ((net.LedgerOf(i)->GetMainChain() == chain), true, "node " << i);
        }
        NS_TEST_EXPECT_MSG_EQ(net.LedgerOf(3)->GetTipHeight(), 0, "the offline node has nothing");
        // Node 0 (not a delegate) producing slot 9 in node 2's place is refused.
        const Sha256Digest parent = chain[5];
        const Block intruder = Block::Produce(&ledger->GetHeader(parent),
                                              {},
                                              Seconds(9),
                                              Ed25519KeyPair::ForNode(0),
                                              SlotConsensus::EncodeSlot(9));
        const AppendResult r = ledger->Validate(intruder);
        NS_TEST_EXPECT_MSG_EQ(ToString(r.verdict), "bad-consensus", r.message);
        NS_TEST_EXPECT_MSG_EQ(Contains(r.message, "expected node 2"), true, r.message);
        Simulator::Destroy();
    }
};

namespace
{

/**
 * \param node the node whose key signs
 * \param subject whose reputation changes
 * \param slot round and nonce
 * \param delta change
 * \param reason why
 * \return the signed transaction
 */
Transaction
Change(uint32_t node,
       uint32_t subject,
       uint64_t slot,
       double delta,
       ReputationChange::Reason reason)
{
    ReputationChange c;
    c.subject = subject;
    c.round = slot;
    c.delta = delta;
    c.normalUsers = reason == ReputationChange::ROUND_BEHAVIOUR ? 10 : 0;
    c.reason = reason;
    return Transaction::Create(c, slot, Ed25519KeyPair::ForNode(node));
}

} // namespace

/**
 * \ingroup sagin-tests
 * Study B's schedule on four servers with initial reputations 5, 8, 3, 6; node 3 offline;
 * 200 ms fallback per rank; at 0.5 s node 2 records +10 (10 normal users, rho = 1), and two
 * transactions the rule refuses are submitted (producers leave them out). By hand:
 * slot 0: ranking 1, 3, 0, 2: node 1 at 0 s, reset to 0 -> (5, 0, 3, 6);
 * slot 1: ranking 3, 0, 2, 1, node 3 offline: node 0 at 1.2 s; its block carries the +10:
 * (0, 0, 13, 6); slot 2: ranking 2, 3, 0, 1: node 2 at 2 s -> (0, 0, 0, 6); slots 3, 4:
 * ranking 3, 0, 1, 2: node 0 at 3.2 s and 4.2 s.
 */
class ReputationScheduleTestCase : public TestCase
{
  public:
    ReputationScheduleTestCase()
        : TestCase(
              "Reputation: highest online produces, offline node passed, resets, recorded changes")
    {
    }

  private:
    void DoRun() override
    {
        ConsensusNetwork net(4,
                             [](uint32_t) {
                                 Ptr<ConsensusEngine> e = CreateConsensusEngine("reputation");
                                 e->SetAttribute("FallbackDelay", TimeValue(MilliSeconds(200)));
                                 return e;
                             },
                             {5, 8, 3, 6});
        net.apps[3]->SetStartTime(Seconds(1000)); // offline
        Simulator::Schedule(Seconds(0.5), [&net] {
            net.apps[2]->SubmitTransaction(
                Change(2, 2, 0, 10.0, ReputationChange::ROUND_BEHAVIOUR));
            // Refused by the rule, so producers must leave them out: a reset sent as an
            // ordinary transaction, and a change signed by a non-member (node 7).
            net.apps[1]->SubmitTransaction(Change(1, 1, 0, -7.0, ReputationChange::PRODUCER_RESET));
            net.apps[1]->SubmitTransaction(
                Change(7, 0, 0, 50.0, ReputationChange::ROUND_BEHAVIOUR));
        });
        Simulator::Stop(Seconds(4.5));
        Simulator::Run();

        Ptr<Ledger> ledger = net.LedgerOf(0);
        const auto& chain = ledger->GetMainChain();
        const std::vector<uint32_t> producers = {1, 0, 2, 0, 0};
        const std::vector<Time> times = {Seconds(0),
                                         Seconds(1.2),
                                         Seconds(2),
                                         Seconds(3.2),
                                         Seconds(4.2)};
        NS_TEST_EXPECT_MSG_EQ(chain.size(), 6, "five rounds, five blocks");
        if (chain.size() != 6)
        {
            Simulator::Destroy(); // a clean simulator for the next case
            return;
        }
        for (size_t k = 0; k < producers.size(); ++k)
        {
            const BlockHeader& header = ledger->GetHeader(chain[k + 1]);
            NS_TEST_EXPECT_MSG_EQ(ProducerNode(*ledger, chain[k + 1], 4),
                                  producers[k],
                                  "round " << k << " producer");
            NS_TEST_EXPECT_MSG_EQ(header.GetTimestamp(), times[k], "round " << k << " time");
        }
        NS_TEST_EXPECT_MSG_EQ(ledger->GetTransactions(chain[2]).size(), 2, "reset + the +10");
        NS_TEST_EXPECT_MSG_EQ(net.apps[0]->GetMempool().size(),
                              2,
                              "the stray reset and the non-member's change stay pending");
        Ptr<ReputationConsensus> engine = DynamicCast<ReputationConsensus>(net.engines[0]);
        const std::vector<double> reputations = engine->GetReputations(*ledger, chain.back());
        NS_TEST_EXPECT_MSG_EQ((reputations == std::vector<double>{0, 0, 0, 6}), true, "final");
        NS_TEST_EXPECT_MSG_EQ(engine->GetCurrentProducer(), 3, "node 3 ranks first");
        NS_TEST_EXPECT_MSG_EQ(engine->GetLastProducer(), 0, "node 0 aggregated last");
        for (uint32_t i = 1; i < 3; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ((net.LedgerOf(i)->GetMainChain() == chain), true, "node " << i);
        }

        // Slot 4 again, on the slot-3 block (ranking 3, 0, 1, 2): node 1 (rank 2, from 4.4 s)
        // with its reset is valid; too early, without the reset, or with a wrong delta not.
        const Sha256Digest parent = chain[4];
        const BlockHeader& p = ledger->GetHeader(parent);
        auto make = [&](Time t, std::vector<Transaction> body) {
            return Block::Produce(&p,
                                  body,
                                  t,
                                  Ed25519KeyPair::ForNode(1),
                                  SlotConsensus::EncodeSlot(4));
        };
        const Transaction reset = Change(1, 1, 4, 0.0, ReputationChange::PRODUCER_RESET);
        NS_TEST_EXPECT_MSG_EQ(ToString(ledger->Validate(make(Seconds(4.4), {reset})).verdict),
                              "accepted",
                              "rank 2 at 4.4 s");
        AppendResult r = ledger->Validate(make(Seconds(4.3), {reset}));
        NS_TEST_EXPECT_MSG_EQ(Contains(r.message, "has rank 2 in slot 4"), true, r.message);
        r = ledger->Validate(make(Seconds(4.4), {}));
        NS_TEST_EXPECT_MSG_EQ(Contains(r.message, "0 producer resets"), true, r.message);
        r = ledger->Validate(
            make(Seconds(4.4), {Change(1, 1, 4, 1.0, ReputationChange::PRODUCER_RESET)}));
        NS_TEST_EXPECT_MSG_EQ(Contains(r.message, "requires"), true, r.message);
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * The slotted engines' suite.
 */
class ConsensusSlotTestSuite : public TestSuite
{
  public:
    ConsensusSlotTestSuite()
        : TestSuite("sagin-consensus-slot", Type::UNIT)
    {
        AddTestCase(new PosFrequencyTestCase);
        AddTestCase(new PosScheduleTestCase);
        AddTestCase(new DposElectionTestCase);
        AddTestCase(new DposScheduleTestCase);
        AddTestCase(new ReputationScheduleTestCase);
    }
};

static ConsensusSlotTestSuite g_consensusSlotTestSuite; //!< registers the suite
