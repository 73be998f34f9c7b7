// SPDX-License-Identifier: GPL-2.0-only
//
// BlockchainHelper: random regular peer graphs (degrees, simplicity, bad input), and an
// 8-node PoS chain installed on a ring of point-to-point links in a few lines, a full mesh,
// and blocks filled from a shared TransactionPool.

#include "consensus-test-utils.h"
#include "sagin-test-utils.h"

#include "ns3/blockchain-helper.h"
#include "ns3/boolean.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/transaction-pool.h"
#include "ns3/uinteger.h"

#include <map>
#include <set>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{

/**
 * \param n nodes
 * \return n nodes with the internet stack on a ring of point-to-point links (10 Mb/s, 5 ms),
 *         global routing
 */
NodeContainer
Ring(uint32_t n)
{
    NodeContainer nodes;
    nodes.Create(n);
    InternetStackHelper internet;
    internet.Install(nodes);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("5ms"));
    Ipv4AddressHelper ipv4;
    for (uint32_t i = 0; i < n; ++i)
    {
        ipv4.SetBase(Ipv4Address((10u << 24) | ((i + 1) << 8)), "255.255.255.0");
        ipv4.Assign(p2p.Install(nodes.Get(i), nodes.Get((i + 1) % n)));
    }
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    return nodes;
}

} // namespace

/**
 * \ingroup sagin-tests
 * Random regular graphs: every vertex has the degree, no loops or repeated edges, n d / 2
 * edges; odd n d and a degree too large are refused with a message.
 */
class RandomRegularGraphTestCase : public TestCase
{
  public:
    RandomRegularGraphTestCase()
        : TestCase("BlockchainHelper: random regular peer graphs and bad degrees")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<UniformRandomVariable> random = CreateObject<UniformRandomVariable>();
        random->SetStream(42);
        const std::vector<std::pair<uint32_t, uint32_t>> cases = {{10, 3}, {8, 4}, {20, 5}, {6, 5}};
        for (const auto& [n, d] : cases)
        {
            const auto edges = BlockchainHelper::RandomRegularGraph(n, d, random);
            NS_TEST_EXPECT_MSG_EQ(edges.size(), n * d / 2, "n " << n << " d " << d << " edges");
            std::vector<uint32_t> degree(n, 0);
            std::set<std::pair<uint32_t, uint32_t>> unique(edges.begin(), edges.end());
            bool simple = unique.size() == edges.size();
            for (const auto& [a, b] : edges)
            {
                simple = simple && a < b && b < n;
                ++degree[a];
                ++degree[b];
            }
            NS_TEST_EXPECT_MSG_EQ(simple, true, "n " << n << " d " << d << " simple graph");
            NS_TEST_EXPECT_MSG_EQ(std::count(degree.begin(), degree.end(), d),
                                  static_cast<long>(n),
                                  "n " << n << " d " << d << " regular");
        }
        std::string m = MessageOf<std::invalid_argument>(
            [&] { BlockchainHelper::RandomRegularGraph(5, 3, random); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "odd number of link ends"), true, m);
        m = MessageOf<std::invalid_argument>(
            [&] { BlockchainHelper::RandomRegularGraph(4, 4, random); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "degree 4 needs more than 4 nodes"), true, m);
        BlockchainHelper helper;
        m = MessageOf<std::invalid_argument>([&] { helper.SetConsensus("paxos"); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "unknown consensus \"paxos\"; valid names are"), true, m);
    }
};

/**
 * \ingroup sagin-tests
 * Eight nodes on a ring of point-to-point links (routes by global routing), the helper
 * installs PoS with stakes 1..8 and a 3-regular peer graph: after 10 one-second slots every
 * node holds the same 10-block chain and has 3 peers.
 */
class BlockchainHelperInstallTestCase : public TestCase
{
  public:
    BlockchainHelperInstallTestCase()
        : TestCase("BlockchainHelper: 8-node PoS over a 3-regular peer graph")
    {
    }

  private:
    void DoRun() override
    {
        const uint32_t n = 8;
        NodeContainer nodes = Ring(n);

        BlockchainHelper chain;
        chain.SetConsensus("pos", "SlotDuration", TimeValue(Seconds(1)));
        chain.SetMemberWeights({1, 2, 3, 4, 5, 6, 7, 8});
        chain.SetRandomRegularPeers(3);
        chain.AssignStreams(nodes, 7); // before Install: fixes the peer graph's stream
        ApplicationContainer apps = chain.Install(nodes);
        chain.AssignStreams(nodes, 7);
        Simulator::Stop(Seconds(9.5));
        Simulator::Run();

        NS_TEST_EXPECT_MSG_EQ(chain.GetLinks().size(), n * 3 / 2, "12 peer links");
        Ptr<BlockchainNode> first = DynamicCast<BlockchainNode>(apps.Get(0));
        NS_TEST_EXPECT_MSG_EQ(first->GetLedger()->GetTipHeight(), 10, "slots 0..9");
        for (uint32_t i = 0; i < n; ++i)
        {
            Ptr<BlockchainNode> app = DynamicCast<BlockchainNode>(apps.Get(i));
            NS_TEST_EXPECT_MSG_EQ(app->GetPeerCount(), 3, "node " << i << " peers");
            NS_TEST_EXPECT_MSG_EQ(
                (app->GetLedger()->GetMainChain() == first->GetLedger()->GetMainChain()),
                true,
                "node " << i << " chain");
            NS_TEST_EXPECT_MSG_EQ(app->GetConsensus()->GetName(), "pos", "engine");
        }
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * Install refuses what cannot work with std::invalid_argument naming the fix: no nodes, a
 * weight count other than the node count, a peer link that does not join two of the nodes,
 * nodes without addresses; GetGenesis before Install is a std::logic_error.
 */
class BlockchainHelperRefusalsTestCase : public TestCase
{
  public:
    BlockchainHelperRefusalsTestCase()
        : TestCase("BlockchainHelper: bad installs refused, naming the fix")
    {
    }

  private:
    void DoRun() override
    {
        using ns3::sagin::tests::RefusalProblem;
        BlockchainHelper empty;
        NS_TEST_EXPECT_MSG_EQ(RefusalProblem([&] { empty.Install(NodeContainer()); }, "no nodes"),
                              "",
                              "an empty container");
        NodeContainer ring = Ring(4);
        BlockchainHelper weights;
        weights.SetMemberWeights({1, 2});
        NS_TEST_EXPECT_MSG_EQ(RefusalProblem([&] { weights.Install(ring); },
                                             "2 member weights for 4 nodes; give one per node"),
                              "",
                              "weights");
        BlockchainHelper links;
        links.SetPeerLinks({{0, 1}, {2, 7}});
        NS_TEST_EXPECT_MSG_EQ(RefusalProblem([&] { links.Install(ring); },
                                             "peer link (2, 7) does not join two of the 4 nodes"),
                              "",
                              "links");
        NodeContainer bare;
        bare.Create(2);
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem([&] { BlockchainHelper().Install(bare); }, "has no IPv4 address"),
            "",
            "no Internet stack");
        bool refused = false;
        try
        {
            BlockchainHelper().GetGenesis();
        }
        catch (const std::logic_error& e)
        {
            refused = Contains(e.what(), "call Install() first");
        }
        NS_TEST_EXPECT_MSG_EQ(refused, true, "GetGenesis before Install");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * SetFullMeshPeers: 6 PBFT validators on a ring of links, every pair peered (15 connections,
 * 5 per node), votes sent directly (Relay false): identical chains, one block per second.
 */
class BlockchainHelperFullMeshTestCase : public TestCase
{
  public:
    BlockchainHelperFullMeshTestCase()
        : TestCase("BlockchainHelper: full mesh of 6 PBFT validators voting directly")
    {
    }

  private:
    void DoRun() override
    {
        const uint32_t n = 6;
        NodeContainer nodes = Ring(n);

        BlockchainHelper chain;
        chain.SetConsensus("pbft",
                           "FaultTolerance",
                           UintegerValue(1),
                           "Relay",
                           BooleanValue(false));
        chain.SetFullMeshPeers();
        ApplicationContainer apps = chain.Install(nodes);
        chain.AssignStreams(nodes, 7);
        Simulator::Stop(Seconds(5.5));
        Simulator::Run();

        NS_TEST_EXPECT_MSG_EQ(chain.GetLinks().size(), n * (n - 1) / 2, "15 peer links");
        Ptr<BlockchainNode> first = DynamicCast<BlockchainNode>(apps.Get(0));
        // A proposal 1 s after each execution, which takes three message delays of at most
        // 3 hops x 5 ms on the ring: 5 blocks by 5.5 s.
        NS_TEST_EXPECT_MSG_EQ(first->GetLedger()->GetTipHeight(), 5, "blocks");
        for (uint32_t i = 0; i < n; ++i)
        {
            Ptr<BlockchainNode> app = DynamicCast<BlockchainNode>(apps.Get(i));
            NS_TEST_EXPECT_MSG_EQ(app->GetPeerCount(), n - 1, "node " << i << " peers");
            NS_TEST_EXPECT_MSG_EQ(
                (app->GetLedger()->GetMainChain() == first->GetLedger()->GetMainChain()),
                true,
                "node " << i << " chain");
        }
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * A TransactionPool shared by 6 PoS nodes (1 s slots, 10 transactions per block at most):
 * 25 pooled transactions fill the blocks of slots 0-2 with 10, 10 and 5, oldest first, and
 * are on every node's chain, while no transaction crosses a link (no TX frame, no INV but the
 * blocks'); the pool refuses a repeated and a forged transaction.
 */
class TransactionPoolTestCase : public TestCase
{
  public:
    TransactionPoolTestCase()
        : TestCase("TransactionPool: 6 PoS nodes fill blocks from a shared pool, no tx gossip")
    {
    }

  private:
    void DoRun() override
    {
        const uint32_t n = 6;
        NodeContainer nodes = Ring(n);
        Ptr<TransactionPool> pool = CreateObject<TransactionPool>();
        const Ed25519KeyPair sender = Key(50);
        std::vector<Transaction> txs;
        for (uint64_t k = 0; k < 25; ++k)
        {
            txs.push_back(Delivery(sender, k + 1));
            NS_TEST_ASSERT_MSG_EQ(pool->Add(txs.back()), true, "transaction " << k);
        }
        NS_TEST_EXPECT_MSG_EQ(pool->Add(txs[3]), false, "a transaction already pooled");
        const Transaction forged(txs[0].GetType(),
                                 txs[0].GetPayloadBytes(),
                                 sender.GetPublicKey(),
                                 99,
                                 Key(51).Sign(txs[0].GetSigningBytes()));
        NS_TEST_EXPECT_MSG_EQ(pool->Add(forged), false, "a forged signature");
        NS_TEST_EXPECT_MSG_EQ(pool->GetSize(), 25u, "pool size");

        BlockchainHelper chain;
        chain.SetConsensus("pos",
                           "SlotDuration",
                           TimeValue(Seconds(1)),
                           "MaxBlockTransactions",
                           UintegerValue(10));
        chain.SetNodeAttribute("TransactionPool", PointerValue(pool));
        ApplicationContainer apps = chain.Install(nodes);
        chain.AssignStreams(nodes, 7);
        std::map<GossipMessageType, uint32_t> sent;
        for (uint32_t i = 0; i < n; ++i)
        {
            apps.Get(i)->TraceConnectWithoutContext(
                "MessageSent",
                Callback<void, GossipMessageType, uint32_t, Ipv4Address>(
                    [&sent](GossipMessageType type, uint32_t, Ipv4Address) { ++sent[type]; }));
        }
        Simulator::Stop(Seconds(5.5));
        Simulator::Run();

        Ptr<Ledger> first = DynamicCast<BlockchainNode>(apps.Get(0))->GetLedger();
        NS_TEST_EXPECT_MSG_EQ(first->GetTipHeight(), 6, "slots 0..5");
        if (first->GetTipHeight() != 6)
        {
            Simulator::Destroy(); // a clean simulator for the next case
            return;
        }
        const std::vector<uint32_t> expected{0, 10, 10, 5, 0, 0, 0}; // by height
        std::vector<Transaction> onChain;
        for (uint64_t h = 0; h <= 6; ++h)
        {
            const auto& body = first->GetTransactions(first->GetMainChain()[h]);
            NS_TEST_EXPECT_MSG_EQ(body.size(), expected[h], "height " << h);
            onChain.insert(onChain.end(), body.begin(), body.end());
        }
        NS_TEST_EXPECT_MSG_EQ((onChain == txs), true, "the pool's order, each once");
        for (uint32_t i = 0; i < n; ++i)
        {
            Ptr<BlockchainNode> app = DynamicCast<BlockchainNode>(apps.Get(i));
            NS_TEST_EXPECT_MSG_EQ((app->GetLedger()->GetMainChain() == first->GetMainChain()),
                                  true,
                                  "node " << i << " chain");
            NS_TEST_EXPECT_MSG_EQ(app->GetMempool().size(), 0u, "node " << i << " mempool");
        }
        NS_TEST_EXPECT_MSG_EQ(sent[GossipMessageType::TX], 0u, "no TX frame");
        NS_TEST_EXPECT_MSG_GT(sent[GossipMessageType::BLOCK], 0u, "blocks gossiped");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * MaxBlockBytes (study A's block size S_B): with room for seven of the 25 pooled transactions
 * after the header (whatever the engine's consensus data, up to 64 bytes) and the count, PoS
 * blocks carry 7, 7, 7 and 4 of them in the pool's order, each block within the limit.
 */
class MaxBlockBytesTestCase : public TestCase
{
  public:
    MaxBlockBytesTestCase()
        : TestCase("MaxBlockBytes: blocks of at most S_B bytes, the rest in later blocks")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer nodes = Ring(4);
        Ptr<TransactionPool> pool = CreateObject<TransactionPool>();
        const Ed25519KeyPair sender = Key(52);
        std::vector<Transaction> txs;
        for (uint64_t k = 0; k < 25; ++k)
        {
            txs.push_back(Delivery(sender, k + 1));
            pool->Add(txs.back());
        }
        const uint64_t txBytes = txs[0].GetSerializedSize(); // 146: above the 64 of slack
        const uint64_t limit = BlockHeader::FIXED_BYTES + 64 + 4 + 7 * txBytes;
        BlockchainHelper chain;
        chain.SetConsensus("pos",
                           "SlotDuration",
                           TimeValue(Seconds(1)),
                           "MaxBlockBytes",
                           UintegerValue(limit));
        chain.SetNodeAttribute("TransactionPool", PointerValue(pool));
        ApplicationContainer apps = chain.Install(nodes);
        chain.AssignStreams(nodes, 9);
        Simulator::Stop(Seconds(5.5));
        Simulator::Run();
        Ptr<Ledger> ledger = DynamicCast<BlockchainNode>(apps.Get(0))->GetLedger();
        const std::vector<uint32_t> expected{0, 7, 7, 7, 4, 0, 0}; // by height
        std::vector<uint32_t> counts;
        std::vector<Transaction> onChain;
        bool within = true;
        for (const Sha256Digest& h : ledger->GetMainChain())
        {
            const Block block = ledger->GetBlock(h);
            counts.push_back(block.GetTransactions().size());
            onChain.insert(onChain.end(),
                           block.GetTransactions().begin(),
                           block.GetTransactions().end());
            within = within && block.GetSerializedSize() <= limit;
        }
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_GT(txBytes, 64u, "the slack holds no transaction");
        NS_TEST_EXPECT_MSG_EQ((counts == expected), true, "7, 7, 7, 4 transactions");
        NS_TEST_EXPECT_MSG_EQ(within, true, "every block within MaxBlockBytes");
        NS_TEST_EXPECT_MSG_EQ((onChain == txs), true, "the pool's order, each once");
    }
};

/**
 * \ingroup sagin-tests
 * ConsensusEngine::SetTransactionFilter: with a filter on every engine that refuses the
 * transactions of odd nonce, the chain carries exactly the five of even nonce out of ten, in
 * the pool's order, and the filter saw every one of the ten.
 */
class TransactionFilterTestCase : public TestCase
{
    /**
     * \param seen records the nonces asked about
     * \param tx a pending transaction
     * \return whether its nonce is even
     */
    static bool EvenNonce(std::set<uint64_t>* seen, const Transaction& tx)
    {
        seen->insert(tx.GetNonce());
        return tx.GetNonce() % 2 == 0;
    }

  public:
    TransactionFilterTestCase()
        : TestCase("TransactionFilter: refused transactions stay out of every block")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer nodes = Ring(4);
        Ptr<TransactionPool> pool = CreateObject<TransactionPool>();
        const Ed25519KeyPair sender = Key(53);
        std::vector<Transaction> even;
        for (uint64_t k = 0; k < 10; ++k)
        {
            const Transaction tx = Delivery(sender, k + 1);
            pool->Add(tx);
            if (tx.GetNonce() % 2 == 0)
            {
                even.push_back(tx);
            }
        }
        BlockchainHelper chain;
        chain.SetConsensus("pos", "SlotDuration", TimeValue(Seconds(1)));
        chain.SetNodeAttribute("TransactionPool", PointerValue(pool));
        ApplicationContainer apps = chain.Install(nodes);
        chain.AssignStreams(nodes, 9);
        std::set<uint64_t> seen;
        for (uint32_t a = 0; a < apps.GetN(); ++a)
        {
            DynamicCast<BlockchainNode>(apps.Get(a))
                ->GetConsensus()
                ->SetTransactionFilter(MakeCallback(&EvenNonce).Bind(&seen));
        }
        Simulator::Stop(Seconds(3.5));
        Simulator::Run();
        Ptr<Ledger> ledger = DynamicCast<BlockchainNode>(apps.Get(0))->GetLedger();
        std::vector<Transaction> onChain;
        for (const Sha256Digest& h : ledger->GetMainChain())
        {
            const Block block = ledger->GetBlock(h);
            onChain.insert(onChain.end(),
                           block.GetTransactions().begin(),
                           block.GetTransactions().end());
        }
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_EQ((onChain == even), true, "the even nonces, in the pool's order");
        NS_TEST_EXPECT_MSG_EQ(seen.size(), 10, "the filter saw every transaction");
    }
};

/**
 * \ingroup sagin-tests
 * The helper suite.
 */
class BlockchainHelperTestSuite : public TestSuite
{
  public:
    BlockchainHelperTestSuite()
        : TestSuite("sagin-blockchain-helper", Type::UNIT)
    {
        AddTestCase(new RandomRegularGraphTestCase);
        AddTestCase(new BlockchainHelperInstallTestCase);
        AddTestCase(new BlockchainHelperRefusalsTestCase);
        AddTestCase(new BlockchainHelperFullMeshTestCase);
        AddTestCase(new TransactionPoolTestCase);
        AddTestCase(new MaxBlockBytesTestCase);
        AddTestCase(new TransactionFilterTestCase);
    }
};

static BlockchainHelperTestSuite g_blockchainHelperTestSuite; //!< registers the suite
