// SPDX-License-Identifier: GPL-2.0-only
//
// Gossip: stream reassembly at every split point, a deterministic fuzz of the framing and the
// body parsers, block propagation over ns-3 TCP on a 5-node point-to-point chain (same tip
// everywhere, first-reception delays against a closed-form lower bound, exact bytes per
// message type), a peer writing garbage to a node's port, and the consensus duplicate filter.

#include "blockchain-test-utils.h"
#include "sagin-test-utils.h"

#include "ns3/block.h"
#include "ns3/blockchain-node.h"
#include "ns3/boolean.h"
#include "ns3/consensus-message-filter.h"
#include "ns3/double.h"
#include "ns3/gossip-message.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/ledger.h"
#include "ns3/node-container.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/test.h"

#include <map>
#include <random>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{

/**
 * A genesis block and n blocks after it, 3 transactions each, produced at 1 s, 2 s, ...
 */
struct Chain
{
    Ed25519KeyPair producer = Key(20); //!< block producer
    Ed25519KeyPair user = Key(21);     //!< transaction sender
    std::vector<Block> blocks;         //!< genesis first

    /** \param n blocks after genesis */
    explicit Chain(uint32_t n)
    {
        blocks.push_back(Block::Produce(nullptr, {}, Seconds(0), producer, {0}));
        uint64_t nonce = 0;
        for (uint32_t h = 1; h <= n; ++h)
        {
            std::vector<Transaction> txs = {Delivery(user, ++nonce),
                                            Delivery(user, ++nonce),
                                            Delivery(user, ++nonce)};
            blocks.push_back(Block::Produce(&blocks.back().GetHeader(),
                                            txs,
                                            Seconds(h),
                                            producer,
                                            {static_cast<uint8_t>(h)}));
        }
    }
};

/** \return one message of every type, bodies valid */
std::vector<GossipMessage>
SampleMessages()
{
    Chain chain(2);
    std::vector<GossipMessage> messages;
    messages.push_back(GossipMessage::MakeInventory(
        GossipMessageType::INV,
        {chain.blocks[1].GetHash(), chain.blocks[2].GetTransactions()[0].GetId()}));
    messages.push_back(
        GossipMessage::MakeInventory(GossipMessageType::GET_DATA, {chain.blocks[2].GetHash()}));
    messages.push_back(GossipMessage{GossipMessageType::BLOCK, chain.blocks[0].Serialize()});
    messages.push_back(GossipMessage{GossipMessageType::BLOCK, chain.blocks[2].Serialize()});
    messages.push_back(
        GossipMessage{GossipMessageType::TX, chain.blocks[1].GetTransactions()[1].Serialize()});
    messages.push_back(GossipMessage::MakeGetHeaders(chain.blocks[0].GetHash(), 100));
    messages.push_back(
        GossipMessage::MakeHeaders({chain.blocks[1].GetHeader(), chain.blocks[2].GetHeader()}));
    messages.push_back(GossipMessage::MakeInventory(GossipMessageType::INV, {}));
    return messages;
}

/**
 * \param messages messages
 * \return their frames back to back
 */
std::vector<uint8_t>
Concatenate(const std::vector<GossipMessage>& messages)
{
    std::vector<uint8_t> stream;
    for (const auto& message : messages)
    {
        const std::vector<uint8_t> frame = message.Frame();
        stream.insert(stream.end(), frame.begin(), frame.end());
    }
    return stream;
}

/**
 * \param reassembler a reassembler
 * \return every message it yields now
 */
std::vector<GossipMessage>
Drain(GossipStreamReassembler& reassembler)
{
    std::vector<GossipMessage> out;
    GossipMessage message;
    while (reassembler.Next(&message) == GossipStreamReassembler::MESSAGE)
    {
        out.push_back(message);
    }
    return out;
}

/**
 * \param a messages
 * \param b messages
 * \return true if equal in type and body, in order
 */
bool
SameMessages(const std::vector<GossipMessage>& a, const std::vector<GossipMessage>& b)
{
    if (a.size() != b.size())
    {
        return false;
    }
    for (size_t i = 0; i < a.size(); ++i)
    {
        if (a[i].type != b[i].type || a[i].body != b[i].body)
        {
            return false;
        }
    }
    return true;
}

} // namespace

/**
 * \ingroup sagin-tests
 * Every split of a stream of frames comes out as the same messages; bad frames fail with a
 * reason.
 */
class GossipReassemblyTestCase : public TestCase
{
  public:
    GossipReassemblyTestCase()
        : TestCase("Gossip framing: every split point and byte-by-byte; bad frames rejected")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<GossipMessage> messages = SampleMessages();
        const std::vector<uint8_t> stream = Concatenate(messages);
        for (const auto& message : messages)
        {
            NS_TEST_EXPECT_MSG_EQ(MessageOf<WireFormatError>([&] { message.CheckBody(); }),
                                  "",
                                  "sample " << ToString(message.type) << " body is valid");
        }
        uint32_t intact = 0;
        for (size_t split = 0; split <= stream.size(); ++split)
        {
            GossipStreamReassembler reassembler;
            reassembler.Push(stream.data(), split);
            std::vector<GossipMessage> out = Drain(reassembler);
            reassembler.Push(stream.data() + split, stream.size() - split);
            const std::vector<GossipMessage> rest = Drain(reassembler);
            out.insert(out.end(), rest.begin(), rest.end());
            intact += SameMessages(out, messages) && reassembler.GetBufferedBytes() == 0 ? 1 : 0;
        }
        NS_TEST_EXPECT_MSG_EQ(intact,
                              stream.size() + 1,
                              "every split point of " << stream.size() << " bytes is intact");

        GossipStreamReassembler byteByByte;
        std::vector<GossipMessage> out;
        for (uint8_t byte : stream)
        {
            byteByByte.Push(&byte, 1);
            const std::vector<GossipMessage> some = Drain(byteByByte);
            out.insert(out.end(), some.begin(), some.end());
        }
        NS_TEST_EXPECT_MSG_EQ(SameMessages(out, messages), true, "byte by byte intact");

        // Unknown type: rejected at the first byte.
        GossipStreamReassembler unknown;
        const uint8_t badType[] = {0x08, 0, 0, 0, 0}; // 7 is CONSENSUS, the last type
        unknown.Push(badType, sizeof(badType));
        GossipMessage message;
        NS_TEST_EXPECT_MSG_EQ(unknown.Next(&message), GossipStreamReassembler::FAILED, "type 8");
        NS_TEST_EXPECT_MSG_EQ(Contains(unknown.GetFailure(), "unknown message type 8"),
                              true,
                              unknown.GetFailure());
        // Oversized: rejected from the frame header, before the body arrives.
        GossipStreamReassembler small(1000);
        const uint8_t big[] = {0x03, 0, 0, 0x03, 0xE9}; // BLOCK, length 1001
        small.Push(big, sizeof(big));
        NS_TEST_EXPECT_MSG_EQ(small.Next(&message), GossipStreamReassembler::FAILED, "1001 B");
        NS_TEST_EXPECT_MSG_EQ(Contains(small.GetFailure(), "length 1001 above the maximum 1000"),
                              true,
                              small.GetFailure());
        // Body rejected by the block parser.
        GossipMessage truncated = messages[3];
        truncated.body.pop_back();
        NS_TEST_EXPECT_MSG_EQ(MessageOf<WireFormatError>([&] { truncated.CheckBody(); }).empty(),
                              false,
                              "truncated BLOCK body rejected");
    }
};

/**
 * \ingroup sagin-tests
 * Random and mutated streams: every message is rejected or round-trips; nothing else is
 * thrown (a crash would end the test run).
 */
class GossipFuzzTestCase : public TestCase
{
  public:
    GossipFuzzTestCase()
        : TestCase("Gossip fuzz: 5000 random and mutated streams rejected or round-tripped")
    {
    }

  private:
    /**
     * \param message a message whose body passed CheckBody()
     * \return true if decoding and encoding again gives the same body
     */
    static bool RoundTrips(const GossipMessage& message)
    {
        switch (message.type)
        {
        case GossipMessageType::INV:
        case GossipMessageType::GET_DATA:
            return GossipMessage::MakeInventory(message.type,
                                                GossipMessage::DecodeInventory(message.body))
                       .body == message.body;
        case GossipMessageType::BLOCK:
            return Block::Deserialize(message.body).Serialize() == message.body;
        case GossipMessageType::TX:
            return Transaction::Deserialize(message.body).Serialize() == message.body;
        case GossipMessageType::GET_HEADERS: {
            Sha256Digest from;
            uint32_t maxCount;
            GossipMessage::DecodeGetHeaders(message.body, &from, &maxCount);
            return GossipMessage::MakeGetHeaders(from, maxCount).body == message.body;
        }
        case GossipMessageType::HEADERS:
            return GossipMessage::MakeHeaders(GossipMessage::DecodeHeaders(message.body)).body ==
                   message.body;
        case GossipMessageType::CONSENSUS:
            return true; // opaque to gossip: the engine parses it
        }
        return false;
    }

    void DoRun() override
    {
        const std::vector<GossipMessage> samples = SampleMessages();
        std::mt19937 rng(20240605); // fixed seed: the same streams every run
        uint32_t streams = 0;
        uint32_t framesFailed = 0;
        uint32_t bodiesRejected = 0;
        uint32_t roundTripped = 0;
        uint32_t notRoundTripped = 0;
        uint32_t otherExceptions = 0;
        for (uint32_t iteration = 0; iteration < 5000; ++iteration)
        {
            std::vector<uint8_t> stream;
            const uint32_t kind = rng() % 4;
            if (kind == 0)
            {
                stream.resize(rng() % 600);
                for (auto& byte : stream)
                {
                    byte = static_cast<uint8_t>(rng());
                }
            }
            else
            {
                stream = samples[rng() % samples.size()].Frame();
                const uint32_t flips = 1 + rng() % 4;
                for (uint32_t f = 0; f < flips && !stream.empty(); ++f)
                {
                    // kind 1: anywhere; kind 2: in the frame header and first body bytes
                    const size_t range =
                        kind == 2 ? std::min<size_t>(stream.size(), 40) : stream.size();
                    stream[rng() % range] ^= static_cast<uint8_t>(1 + rng() % 255);
                }
                if (kind == 3)
                {
                    stream.resize(rng() % (stream.size() + 1)); // truncate
                    stream.push_back(static_cast<uint8_t>(rng()));
                }
            }
            ++streams;
            GossipStreamReassembler reassembler(1u << 16);
            size_t offset = 0;
            while (offset < stream.size())
            {
                const size_t chunk = std::min<size_t>(1 + rng() % 97, stream.size() - offset);
                reassembler.Push(stream.data() + offset, chunk);
                offset += chunk;
                GossipMessage message;
                GossipStreamReassembler::Status status;
                while ((status = reassembler.Next(&message)) == GossipStreamReassembler::MESSAGE)
                {
                    try
                    {
                        message.CheckBody();
                        (RoundTrips(message) ? roundTripped : notRoundTripped)++;
                    }
                    catch (const WireFormatError&)
                    {
                        ++bodiesRejected;
                    }
                    catch (const std::exception&)
                    {
                        ++otherExceptions;
                    }
                }
                if (status == GossipStreamReassembler::FAILED)
                {
                    ++framesFailed;
                    NS_TEST_EXPECT_MSG_EQ(reassembler.GetFailure().empty(), false, "reason");
                    break;
                }
            }
        }
        NS_TEST_EXPECT_MSG_EQ(streams, 5000, "streams fed");
        NS_TEST_EXPECT_MSG_EQ(notRoundTripped, 0, "accepted bodies round-trip");
        NS_TEST_EXPECT_MSG_EQ(otherExceptions, 0, "only WireFormatError is thrown");
        NS_TEST_EXPECT_MSG_GT(framesFailed, 1000, "random streams fail framing");
        NS_TEST_EXPECT_MSG_GT(bodiesRejected, 200, "mutated bodies are rejected");
        NS_TEST_EXPECT_MSG_GT(roundTripped, 100, "unharmed messages are accepted");
    }
};

namespace
{

/**
 * BlockchainNodes on a chain of point-to-point links (10 Mb/s, 10 ms), node i peering with
 * node i+1, every ledger holding the same genesis block.
 */
struct GossipChain
{
    NodeContainer nodes;                                              //!< the nodes
    std::vector<Ptr<BlockchainNode>> apps;                            //!< one application per node
    std::vector<Ipv4Address> addresses;                               //!< an address of each node
    std::map<std::pair<uint32_t, Sha256Digest>, Time> firstReception; //!< (node, block)
    std::map<GossipMessageType, uint64_t> sentBytes;                  //!< all nodes
    std::map<GossipMessageType, uint64_t> receivedBytes;              //!< all nodes
    std::map<GossipMessageType, uint32_t> sentCount;                  //!< all nodes
    std::vector<std::pair<Ipv4Address, std::string>> malformed;       //!< all nodes

    /**
     * \param n number of nodes
     * \param genesis the genesis block
     * \param extra extra nodes attached to node 1 (no application), e.g. an attacker
     */
    GossipChain(uint32_t n, const Block& genesis, uint32_t extra = 0)
    {
        nodes.Create(n + extra);
        InternetStackHelper internet;
        internet.Install(nodes);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("10ms"));
        Ipv4AddressHelper ipv4;
        addresses.resize(n + extra);
        for (uint32_t i = 0; i + 1 < n + extra; ++i)
        {
            const uint32_t a = i + 1 < n ? i : 1; // extras hang off node 1
            const uint32_t b = i + 1;
            NetDeviceContainer devices = p2p.Install(nodes.Get(a), nodes.Get(b));
            ipv4.SetBase(Ipv4Address((10u << 24) | (1u << 16) | ((i + 1) << 8)), "255.255.255.0");
            Ipv4InterfaceContainer interfaces = ipv4.Assign(devices);
            if (addresses[a] == Ipv4Address())
            {
                addresses[a] = interfaces.GetAddress(0);
            }
            addresses[b] = interfaces.GetAddress(1);
        }
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
        for (uint32_t i = 0; i < n; ++i)
        {
            Ptr<Ledger> ledger = CreateObject<Ledger>();
            ledger->Append(genesis);
            Ptr<BlockchainNode> app = CreateObject<BlockchainNode>();
            app->SetAttribute("Ledger", PointerValue(ledger));
            nodes.Get(i)->AddApplication(app);
            app->SetStartTime(Seconds(0));
            app->SetStopTime(Seconds(20));
            app->TraceConnectWithoutContext("BlockReceived",
                                            MakeBoundCallback(&GossipChain::Received, this, i));
            app->TraceConnectWithoutContext("MessageSent",
                                            MakeBoundCallback(&GossipChain::Sent, this));
            app->TraceConnectWithoutContext("MessageReceived",
                                            MakeBoundCallback(&GossipChain::Arrived, this));
            app->TraceConnectWithoutContext("MalformedMessage",
                                            MakeBoundCallback(&GossipChain::Malformed, this));
            apps.push_back(app);
        }
        for (uint32_t i = 0; i + 1 < n; ++i)
        {
            apps[i]->AddPeer(addresses[i + 1]);
        }
    }

    /**
     * \param self the scenario
     * \param node node index
     * \param hash block
     * \param peer sender
     * \param time reception time
     */
    static void Received(GossipChain* self,
                         uint32_t node,
                         const Sha256Digest& hash,
                         Ipv4Address peer,
                         Time time)
    {
        self->firstReception.emplace(std::make_pair(node, hash), time);
    }

    /**
     * \param self the scenario
     * \param type message type
     * \param bytes frame bytes
     * \param peer destination
     */
    static void Sent(GossipChain* self, GossipMessageType type, uint32_t bytes, Ipv4Address peer)
    {
        self->sentBytes[type] += bytes;
        ++self->sentCount[type];
    }

    /**
     * \param self the scenario
     * \param type message type
     * \param bytes frame bytes
     * \param peer source
     */
    static void Arrived(GossipChain* self, GossipMessageType type, uint32_t bytes, Ipv4Address peer)
    {
        self->receivedBytes[type] += bytes;
    }

    /**
     * \param self the scenario
     * \param peer source
     * \param reason why
     */
    static void Malformed(GossipChain* self, Ipv4Address peer, const std::string& reason)
    {
        self->malformed.emplace_back(peer, reason);
    }
};

/**
 * \param app a node
 * \param block a block it produces
 */
void
Produce(Ptr<BlockchainNode> app, Block block)
{
    app->SubmitBlock(block);
}

} // namespace

/**
 * \ingroup sagin-tests
 * Node 0 of a 5-node chain produces 3 blocks; every node ends with the same tip, reception
 * delays grow with hops and respect the closed-form lower bound, and bytes per message type
 * are exactly what announce-then-fetch sends.
 */
class GossipPropagationTestCase : public TestCase
{
  public:
    GossipPropagationTestCase()
        : TestCase("Gossip over TCP: 5-node chain, 3 blocks, same tip, delays, bytes per type")
    {
    }

  private:
    void DoRun() override
    {
        const uint32_t n = 5;
        Chain chain(3);
        GossipChain scenario(n, chain.blocks[0]);
        for (uint32_t b = 1; b <= 3; ++b)
        {
            Simulator::Schedule(Seconds(b), &Produce, scenario.apps[0], chain.blocks[b]);
        }
        Simulator::Stop(Seconds(10));
        Simulator::Run();

        for (uint32_t i = 0; i < n; ++i)
        {
            Ptr<Ledger> ledger = scenario.apps[i]->GetLedger();
            NS_TEST_EXPECT_MSG_EQ(ledger->GetTipHeight(), 3, "node " << i << " tip height");
            NS_TEST_EXPECT_MSG_EQ(ToHex(ledger->GetTipHash()),
                                  ToHex(chain.blocks[3].GetHash()),
                                  "node " << i << " tip");
            NS_TEST_EXPECT_MSG_EQ(scenario.apps[i]->GetMalformedCount(), 0, "no malformed");
        }

        // Closed-form lower bound per hop: one link delay plus the BLOCK frame's transmission
        // time at 10 Mb/s (TCP/IP headers only add to it). Announce-then-fetch takes three
        // link crossings per hop (INV, GET_DATA, BLOCK), so 3 x 10 ms + transmission is also a
        // lower bound. The upper bound allows 1 ms per hop (measured: 0.28 ms) for the
        // INV/GET_DATA frames, TCP/IP/PPP headers and the second TCP segment of a block.
        const double rate = 10e6;
        const double delay = 0.010;
        uint64_t blockBytes = 0;
        for (uint32_t b = 1; b <= 3; ++b)
        {
            const Sha256Digest hash = chain.blocks[b].GetHash();
            const uint64_t frame = chain.blocks[b].GetSerializedSize() + 5;
            blockBytes += frame;
            const double transmit = frame * 8.0 / rate;
            double previous = 0;
            for (uint32_t hops = 1; hops < n; ++hops)
            {
                auto it = scenario.firstReception.find({hops, hash});
                NS_TEST_EXPECT_MSG_EQ((it != scenario.firstReception.end()),
                                      true,
                                      "node " << hops << " received block " << b);
                if (it == scenario.firstReception.end())
                {
                    Simulator::Destroy(); // a clean simulator for the next case
                    return;
                }
                const double d = (it->second - Seconds(b)).GetSeconds();
                NS_TEST_EXPECT_MSG_GT_OR_EQ(d, hops * (delay + transmit), "stated lower bound");
                NS_TEST_EXPECT_MSG_GT_OR_EQ(d,
                                            hops * (3 * delay + transmit),
                                            "three crossings per hop");
                NS_TEST_EXPECT_MSG_LT(d, hops * (3 * delay + transmit + 0.001), "upper bound");
                NS_TEST_EXPECT_MSG_GT(d, previous, "delay grows with hops");
                previous = d;
            }
        }
        // Bytes per message type: each block crosses each of the 4 links once.
        const uint32_t transfers = n - 1;
        NS_TEST_EXPECT_MSG_EQ(scenario.sentCount[GossipMessageType::BLOCK], 3 * transfers, "");
        NS_TEST_EXPECT_MSG_EQ(scenario.sentBytes[GossipMessageType::BLOCK],
                              blockBytes * transfers,
                              "BLOCK bytes = serialised sizes (+5 B frame) x transfers");
        NS_TEST_EXPECT_MSG_EQ(scenario.receivedBytes[GossipMessageType::BLOCK],
                              blockBytes * transfers,
                              "BLOCK bytes received");
        // INV and GET_DATA of one hash: 5 + 4 + 32 = 41 bytes, once per block and link; plus
        // one INV of the tip (genesis) from each end of each connection when it comes up.
        NS_TEST_EXPECT_MSG_EQ(scenario.sentBytes[GossipMessageType::INV],
                              41 * 3 * transfers + 41 * 2 * transfers,
                              "INV bytes");
        NS_TEST_EXPECT_MSG_EQ(scenario.sentBytes[GossipMessageType::GET_DATA],
                              41 * 3 * transfers,
                              "GET_DATA bytes");
        uint64_t perNode = 0;
        for (const auto& app : scenario.apps)
        {
            perNode += app->GetBytesSent(GossipMessageType::BLOCK);
        }
        NS_TEST_EXPECT_MSG_EQ(perNode, blockBytes * transfers, "per-node counters agree");
        Simulator::Destroy();
    }
};

namespace
{

/**
 * \param socket a connected TCP socket
 * \param bytes what to write
 */
void
Write(Ptr<Socket> socket, std::vector<uint8_t> bytes)
{
    socket->Send(Create<Packet>(bytes.data(), bytes.size()));
}

} // namespace

/**
 * \ingroup sagin-tests
 * TransactionAnnounceInterval: node 0 of a 3-node chain submits 10 transactions at 2 s. At
 * once (interval 0) each link carries 10 INV and 10 GET_DATA frames of one hash; with 1 s,
 * one INV of 10 hashes (5 + 4 + 10 x 32 = 329 bytes) and one GET_DATA per link, node 1
 * announcing 1 s after the transactions reached it. Either way every mempool ends with all
 * 10 and each link carries the 10 TX frames once.
 */
class GossipTransactionBatchTestCase : public TestCase
{
  public:
    GossipTransactionBatchTestCase()
        : TestCase("Gossip: transaction INVs batched per TransactionAnnounceInterval")
    {
    }

  private:
    void DoRun() override
    {
        const Ed25519KeyPair sender = Key(40);
        std::vector<Transaction> txs;
        for (uint64_t k = 0; k < 10; ++k)
        {
            txs.push_back(Delivery(sender, k + 1));
        }
        for (double interval : {0.0, 1.0})
        {
            Chain chain(0);
            GossipChain scenario(3, chain.blocks[0]);
            for (const auto& app : scenario.apps)
            {
                app->SetAttribute("TransactionAnnounceInterval", TimeValue(Seconds(interval)));
            }
            Time reachedLast;
            Simulator::Schedule(Seconds(2), [&scenario, &txs] {
                for (const auto& tx : txs)
                {
                    scenario.apps[0]->SubmitTransaction(tx);
                }
            });
            // Poll node 2's mempool every millisecond: when did it hold all 10?
            std::function<void()> poll = [&]() {
                if (scenario.apps[2]->GetMempool().size() == txs.size() && reachedLast.IsZero())
                {
                    reachedLast = Simulator::Now();
                }
                Simulator::Schedule(MilliSeconds(1), poll);
            };
            Simulator::Schedule(Seconds(2), poll);
            Simulator::Stop(Seconds(8));
            Simulator::Run();
            for (uint32_t i = 0; i < 3; ++i)
            {
                NS_TEST_EXPECT_MSG_EQ(scenario.apps[i]->GetMempool().size(),
                                      10u,
                                      "node " << i << ", interval " << interval);
            }
            // Node 2 parsed its copies from TX frames, yet all three mempools share one
            // object per transaction, equal to what was submitted.
            for (const auto& tx : txs)
            {
                const auto& held = scenario.apps[2]->GetMempool().at(tx.GetId());
                NS_TEST_EXPECT_MSG_EQ((held->Serialize() == tx.Serialize()), true, "same bytes");
                NS_TEST_EXPECT_MSG_EQ((held == scenario.apps[0]->GetMempool().at(tx.GetId()) &&
                                       held == scenario.apps[1]->GetMempool().at(tx.GetId())),
                                      true,
                                      "one shared copy");
            }
            // 2 connections: each end announces its tip once (4 INVs), then the transactions.
            const uint32_t txInvs = interval == 0 ? 2 * 10 : 2 * 1;
            NS_TEST_EXPECT_MSG_EQ(scenario.sentCount[GossipMessageType::INV], 4 + txInvs, "INVs");
            NS_TEST_EXPECT_MSG_EQ(scenario.sentCount[GossipMessageType::GET_DATA], txInvs, "");
            NS_TEST_EXPECT_MSG_EQ(scenario.sentCount[GossipMessageType::TX], 2 * 10u, "TX");
            if (interval > 0)
            {
                NS_TEST_EXPECT_MSG_EQ(scenario.sentBytes[GossipMessageType::INV],
                                      4 * 41 + 2 * 329,
                                      "INV bytes");
                // Two announcements wait a second each; six link crossings of 10 ms at least.
                NS_TEST_EXPECT_MSG_GT_OR_EQ(reachedLast.GetSeconds(), 2 + 2 * interval + 0.06, "");
            }
            else
            {
                NS_TEST_EXPECT_MSG_LT(reachedLast.GetSeconds(), 2.5, "no waiting");
            }
            Simulator::Destroy();
        }
    }
};

/**
 * \ingroup sagin-tests
 * A raw TCP client writes a BLOCK frame with a garbage body, then random bytes, to node 1:
 * both are counted with the client's address; the chain keeps working.
 */
class GossipGarbagePeerTestCase : public TestCase
{
  public:
    GossipGarbagePeerTestCase()
        : TestCase("Gossip: a peer writing garbage is counted by address; the node keeps working")
    {
    }

  private:
    void DoRun() override
    {
        const uint32_t n = 3;
        Chain chain(1);
        GossipChain scenario(n, chain.blocks[0], 1);
        Ptr<Node> attacker = scenario.nodes.Get(n);
        const Ipv4Address attackerAddress = scenario.addresses[n];

        std::mt19937 rng(7);
        std::vector<uint8_t> garbageBody(300);
        for (auto& byte : garbageBody)
        {
            byte = static_cast<uint8_t>(rng());
        }
        const std::vector<uint8_t> badBlock =
            GossipMessage{GossipMessageType::BLOCK, garbageBody}.Frame();
        std::vector<uint8_t> noise(1000);
        for (auto& byte : noise)
        {
            byte = static_cast<uint8_t>(rng());
        }
        noise[0] = 0xEE; // not a message type, whatever the generator gives

        Ptr<Socket> socket = Socket::CreateSocket(attacker, TcpSocketFactory::GetTypeId());
        socket->Bind();
        const Ipv4Address target = scenario.addresses[1];
        Simulator::Schedule(Seconds(0.2),
                            [socket, target] { socket->Connect(InetSocketAddress(target, 8333)); });
        Simulator::Schedule(Seconds(0.5), &Write, socket, badBlock);
        Simulator::Schedule(Seconds(0.7), &Write, socket, noise);
        Simulator::Schedule(Seconds(1), &Produce, scenario.apps[0], chain.blocks[1]);
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        // Read before Destroy disposes the applications.
        const uint64_t malformed = scenario.apps[1]->GetMalformedCount();
        const uint32_t peers = scenario.apps[1]->GetPeerCount();
        std::vector<std::string> tips;
        for (uint32_t i = 0; i < n; ++i)
        {
            tips.push_back(ToHex(scenario.apps[i]->GetLedger()->GetTipHash()));
        }
        Simulator::Destroy();

        NS_TEST_EXPECT_MSG_EQ(malformed, 2, "two malformed");
        NS_TEST_ASSERT_MSG_EQ(scenario.malformed.size(), 2, "two traces");
        for (const auto& [peer, reason] : scenario.malformed)
        {
            NS_TEST_EXPECT_MSG_EQ(peer, attackerAddress, "the attacker is named: " << reason);
        }
        NS_TEST_EXPECT_MSG_EQ(Contains(scenario.malformed[0].second, "BLOCK"),
                              true,
                              scenario.malformed[0].second);
        NS_TEST_EXPECT_MSG_EQ(Contains(scenario.malformed[1].second, "unknown message type 238"),
                              true,
                              scenario.malformed[1].second);
        for (uint32_t i = 0; i < n; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(tips[i],
                                  ToHex(chain.blocks[1].GetHash()),
                                  "node " << i << " still gets the block");
        }
        NS_TEST_EXPECT_MSG_EQ(peers, 2, "attacker disconnected");
    }
};

/**
 * \ingroup sagin-tests
 * Verification CPU time (study A's C3 term S_B / f): on a 4-node chain, each node appends a
 * received block exactly size x 8 x cycles-per-bit / CpuFrequency after receiving it, so a
 * block reaches hop k later by k times that delay than with a CPU 10^6 times faster; a
 * block arriving while the CPU is busy waits for the previous one. With
 * RelayBeforeVerification the slow CPU no longer delays the downstream nodes: every node
 * receives the block no later than with the fast CPU (the push also saves the INV round trip)
 * and still appends it one verification after receiving it.
 */
class GossipVerificationDelayTestCase : public TestCase
{
  public:
    GossipVerificationDelayTestCase()
        : TestCase("Gossip: verification delay = block bits x cycles per bit over CPU frequency")
    {
    }

  private:
    /**
     * \param frequency CPU frequency (Hz)
     * \param cyclesPerBit verification cycles per bit
     * \param relayEarly the nodes' RelayBeforeVerification
     * \param chain the blocks (genesis and two more)
     * \param received set to (node, block index) -> first reception time
     * \param accepted set to (node, block index) -> time the ledger stored it
     */
    static void Run(double frequency,
                    double cyclesPerBit,
                    bool relayEarly,
                    const Chain& chain,
                    std::map<std::pair<uint32_t, uint32_t>, Time>* received,
                    std::map<std::pair<uint32_t, uint32_t>, Time>* accepted)
    {
        const uint32_t n = 4;
        GossipChain scenario(n, chain.blocks[0]);
        for (const auto& app : scenario.apps)
        {
            app->SetAttribute("CpuFrequency", DoubleValue(frequency));
            app->SetAttribute("VerificationCyclesPerBit", DoubleValue(cyclesPerBit));
            app->SetAttribute("RelayBeforeVerification", BooleanValue(relayEarly));
        }
        // Both blocks at once: the second reaches each node right behind the first.
        Simulator::Schedule(Seconds(1), &Produce, scenario.apps[0], chain.blocks[1]);
        Simulator::Schedule(Seconds(1), &Produce, scenario.apps[0], chain.blocks[2]);
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        for (uint32_t i = 1; i < n; ++i)
        {
            for (uint32_t b = 1; b <= 2; ++b)
            {
                const Sha256Digest hash = chain.blocks[b].GetHash();
                (*received)[std::make_pair(i, b)] = scenario.firstReception.at({i, hash});
                (*accepted)[std::make_pair(i, b)] =
                    scenario.apps[i]->GetLedger()->GetArrivalTime(hash);
            }
        }
        Simulator::Destroy();
    }

    void DoRun() override
    {
        Chain chain(2);
        const double frequency = 1e6; // 1 MHz: delays of milliseconds
        const double cyclesPerBit = 2;
        std::map<std::pair<uint32_t, uint32_t>, Time> received;
        std::map<std::pair<uint32_t, uint32_t>, Time> accepted;
        Run(frequency, cyclesPerBit, false, chain, &received, &accepted);
        std::map<std::pair<uint32_t, uint32_t>, Time> fastReceived;
        std::map<std::pair<uint32_t, uint32_t>, Time> fastAccepted;
        Run(frequency * 1e6, cyclesPerBit, false, chain, &fastReceived, &fastAccepted);
        std::map<std::pair<uint32_t, uint32_t>, Time> earlyReceived;
        std::map<std::pair<uint32_t, uint32_t>, Time> earlyAccepted;
        Run(frequency, cyclesPerBit, true, chain, &earlyReceived, &earlyAccepted);

        const double tolerance = 2e-9; // Time keeps nanoseconds: rounding of each delay
        for (uint32_t b = 1; b <= 2; ++b)
        {
            const double bits = 8.0 * chain.blocks[b].GetSerializedSize();
            const double delay = bits * cyclesPerBit / frequency; // closed form (s)
            const double fastDelay = delay / 1e6;
            for (uint32_t i = 1; i < 4; ++i)
            {
                // The CPU starts on a block when it arrives or when the previous one is done.
                const Time start = b == 1 ? received[std::make_pair(i, b)]
                                          : std::max(received[std::make_pair(i, b)],
                                                     accepted[std::make_pair(i, b - 1)]);
                NS_TEST_EXPECT_MSG_EQ_TOL((accepted[std::make_pair(i, b)] - start).GetSeconds(),
                                          delay,
                                          tolerance,
                                          "node " << i << " block " << b);
                // Hop by hop, the only difference from the fast CPU is the verification.
                if (b == 1)
                {
                    NS_TEST_EXPECT_MSG_EQ_TOL(
                        (received[std::make_pair(i, b)] - fastReceived[std::make_pair(i, b)])
                            .GetSeconds(),
                        (i - 1) * (delay - fastDelay),
                        i * tolerance,
                        "node " << i << ": reception later by the upstream verifications");
                }
            }
        }
        const double firstDelay =
            8.0 * chain.blocks[1].GetSerializedSize() * cyclesPerBit / frequency; // closed form (s)
        for (uint32_t i = 1; i < 4; ++i)
        {
            const auto key = std::make_pair(i, 1u);
            NS_TEST_EXPECT_MSG_LT_OR_EQ(earlyReceived[key],
                                        fastReceived[key],
                                        "node " << i << ": relayed before verification upstream");
            NS_TEST_EXPECT_MSG_EQ_TOL((earlyAccepted[key] - earlyReceived[key]).GetSeconds(),
                                      firstDelay,
                                      tolerance,
                                      "node " << i << " still verifies before appending");
        }
        // The second block arrived before the first was verified (both were sent at once),
        // so it waited: its acceptance is one verification after the first's.
        NS_TEST_EXPECT_MSG_LT(received[std::make_pair(1, 2)],
                              accepted[std::make_pair(1, 1)],
                              "block 2 arrives during block 1");
    }
};

/**
 * \ingroup sagin-tests
 * The duplicate filter of flooded consensus messages, without sockets: a message passes once,
 * a round below the low watermark is forgotten and refused, messages without a round stay.
 * The expected sizes are counted by hand from the calls.
 */
class GossipConsensusFilterTestCase : public TestCase
{
  public:
    GossipConsensusFilterTestCase()
        : TestCase("Consensus duplicate filter: first sight only; rounds below the watermark "
                   "forgotten and refused")
    {
    }

  private:
    void DoRun() override
    {
        // Distinct bodies: the filter keys on their SHA-256.
        auto body = [](uint8_t tag) { return std::vector<uint8_t>{0xC0, tag}; };
        ConsensusMessageFilter filter;
        NS_TEST_EXPECT_MSG_EQ(filter.GetSize(), 0, "empty");

        // Without a round (PBFT's VIEW-CHANGE): once, for the whole run.
        NS_TEST_EXPECT_MSG_EQ(filter.MarkSeen(body(1)), true, "first sight");
        NS_TEST_EXPECT_MSG_EQ(filter.MarkSeen(body(1)), false, "copy");
        NS_TEST_EXPECT_MSG_EQ(filter.MarkSeen(body(2)), true, "another message");

        // Rounds 5, 6, 7 while the watermark is 0.
        NS_TEST_EXPECT_MSG_EQ(filter.MarkSeen(body(5), 5, 0), true, "round 5");
        NS_TEST_EXPECT_MSG_EQ(filter.MarkSeen(body(6), 6, 0), true, "round 6");
        NS_TEST_EXPECT_MSG_EQ(filter.MarkSeen(body(7), 7, 0), true, "round 7");
        NS_TEST_EXPECT_MSG_EQ(filter.MarkSeen(body(6), 6, 0), false, "copy in round 6");
        NS_TEST_EXPECT_MSG_EQ(filter.GetSize(), 5, "2 without a round + 3 of rounds 5-7");

        // The watermark rises to 6: round 5 is forgotten at the next message...
        NS_TEST_EXPECT_MSG_EQ(filter.MarkSeen(body(8), 8, 6), true, "round 8");
        NS_TEST_EXPECT_MSG_EQ(filter.GetSize(), 5, "round 5 forgotten, round 8 added");
        // ...and refused although forgotten: a late copy or a replay.
        NS_TEST_EXPECT_MSG_EQ(filter.MarkSeen(body(5), 5, 6), false, "replay of round 5");
        NS_TEST_EXPECT_MSG_EQ(filter.MarkSeen(body(9), 5, 6), false, "new message of round 5");
        NS_TEST_EXPECT_MSG_EQ(filter.GetSize(), 5, "refused messages are not kept");
        // The watermark's own round is still handled.
        NS_TEST_EXPECT_MSG_EQ(filter.MarkSeen(body(10), 6, 6), true, "new message of round 6");
        NS_TEST_EXPECT_MSG_EQ(filter.MarkSeen(body(6), 6, 6), false, "copy in round 6");

        // The watermark rises to 8 on a copy: rounds 6 and 7 go, the copy is still refused.
        NS_TEST_EXPECT_MSG_EQ(filter.MarkSeen(body(8), 8, 8), false, "copy in round 8");
        NS_TEST_EXPECT_MSG_EQ(filter.GetSize(), 3, "2 without a round + round 8");
        NS_TEST_EXPECT_MSG_EQ(filter.MarkSeen(body(1)), false, "no round: kept all run");
    }
};

/**
 * \ingroup sagin-tests
 * The gossip suite.
 */
class GossipTestSuite : public TestSuite
{
  public:
    GossipTestSuite()
        : TestSuite("sagin-gossip", Type::UNIT)
    {
        AddTestCase(new GossipReassemblyTestCase);
        AddTestCase(new GossipFuzzTestCase);
        AddTestCase(new GossipPropagationTestCase);
        AddTestCase(new GossipGarbagePeerTestCase);
        AddTestCase(new GossipVerificationDelayTestCase);
        AddTestCase(new GossipTransactionBatchTestCase);
        AddTestCase(new GossipConsensusFilterTestCase);
    }
};

static GossipTestSuite g_gossipTestSuite; //!< registers the suite
