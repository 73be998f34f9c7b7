// SPDX-License-Identifier: GPL-2.0-only
//
// PBFT over the gossip TCP links and over UDP datagrams (Transport Datagram): the normal case
// on 4 validators, f crashed (the primary: view change), f Byzantine (an equivocating primary;
// a validator signing garbage), f + 1 crashed (no progress, no divergence), lost datagrams
// recovered, message format, f too large for n, and the bounded duplicate filter.

#include "consensus-test-utils.h"
#include "sagin-test-utils.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/error-model.h"
#include "ns3/gossip-message.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4.h"
#include "ns3/node-list.h"
#include "ns3/pbft-consensus.h"
#include "ns3/pbft-message.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/ppp-header.h"
#include "ns3/simulator.h"
#include "ns3/test.h"
#include "ns3/udp-header.h"
#include "ns3/udp-l4-protocol.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{

/**
 * \param f fault tolerance
 * \param behaviours behaviour of each validator (Honest if absent)
 * \param transport the Transport attribute
 * \return a maker of PBFT engines
 */
std::function<Ptr<ConsensusEngine>(uint32_t)>
Pbft(uint32_t f,
     std::map<uint32_t, PbftConsensus::Behaviour> behaviours = {},
     PbftConsensus::Transport transport = PbftConsensus::GOSSIP)
{
    return [f, behaviours, transport](uint32_t i) {
        Ptr<ConsensusEngine> e = CreateConsensusEngine("pbft");
        e->SetAttribute("FaultTolerance", UintegerValue(f));
        e->SetAttribute("Transport", EnumValue(transport));
        auto it = behaviours.find(i);
        if (it != behaviours.end())
        {
            e->SetAttribute("Behaviour", EnumValue(it->second));
        }
        return e;
    };
}

/**
 * \param net the network
 * \param honest indices of honest, running validators
 * \return true if their main chains are identical
 */
bool
SameChains(const ConsensusNetwork& net, const std::vector<uint32_t>& honest)
{
    for (uint32_t i : honest)
    {
        if (net.LedgerOf(i)->GetMainChain() != net.LedgerOf(honest[0])->GetMainChain())
        {
            return false;
        }
    }
    return true;
}

/**
 * \param net the network
 * \param honest validators to check
 * \return true if none stores a block off its main chain
 */
bool
NoForks(const ConsensusNetwork& net, const std::vector<uint32_t>& honest)
{
    for (uint32_t i : honest)
    {
        if (CountStaleBlocks(*net.LedgerOf(i)) != 0)
        {
            return false;
        }
    }
    return true;
}

/** Both transports, for the tests that must hold with either. */
const std::vector<PbftConsensus::Transport> TRANSPORTS = {PbftConsensus::GOSSIP,
                                                          PbftConsensus::DATAGRAM};

/**
 * \param transport a transport
 * \return its name, for messages
 */
std::string
Name(PbftConsensus::Transport transport)
{
    return transport == PbftConsensus::GOSSIP ? "gossip" : "datagram";
}

} // namespace

/**
 * \ingroup sagin-tests
 * Direct votes: with Relay false on a full mesh, 4 validators commit as many blocks as with
 * flooding (not bit-identical ones: fewer frames make the links less busy, so commits and the
 * next proposals' timestamps come slightly earlier), and every message costs n - 1 = 3 frames
 * instead of 9 (flooded on a full mesh of 4: 3 from the sender, then 2 from each of the 3 first
 * receivers).
 */
class PbftDirectTestCase : public TestCase
{
  public:
    PbftDirectTestCase()
        : TestCase("PBFT: Relay false on a full mesh commits alike with a third of the frames")
    {
    }

  private:
    /**
     * \param relay the Relay attribute
     * \param chain set to validator 0's main chain
     * \return CONSENSUS frames sent by all validators
     */
    uint64_t Run(bool relay, std::vector<Sha256Digest>* chain)
    {
        ConsensusNetwork net(4, [relay](uint32_t i) {
            Ptr<ConsensusEngine> e = Pbft(1)(i);
            e->SetAttribute("Relay", BooleanValue(relay));
            return e;
        });
        Simulator::Stop(Seconds(9.5));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(net.LedgerOf(0)->GetTipHeight(), 9, "blocks, relay " << relay);
        NS_TEST_EXPECT_MSG_EQ(SameChains(net, {0, 1, 2, 3}), true, "identical, relay " << relay);
        *chain = net.LedgerOf(0)->GetMainChain();
        uint64_t frames = 0;
        for (const auto& app : net.apps)
        {
            frames += app->GetMessagesSent(GossipMessageType::CONSENSUS);
        }
        Simulator::Destroy();
        return frames;
    }

    void DoRun() override
    {
        std::vector<Sha256Digest> flooded;
        std::vector<Sha256Digest> direct;
        const uint64_t floodFrames = Run(true, &flooded);
        const uint64_t directFrames = Run(false, &direct);
        NS_TEST_EXPECT_MSG_EQ(flooded.size(), direct.size(), "as many blocks");
        NS_TEST_EXPECT_MSG_GT(directFrames, 0u, "messages sent");
        NS_TEST_EXPECT_MSG_EQ(floodFrames, 3 * directFrames, "9 frames per message against 3");
    }
};

/**
 * \ingroup sagin-tests
 * Format round trip, tampering detected, quorum sizes, and f too large for n.
 */
class PbftBasicsTestCase : public TestCase
{
  public:
    PbftBasicsTestCase()
        : TestCase("PBFT: message round trip and signature, quorums, f too large is an error")
    {
    }

  private:
    void DoRun() override
    {
        PbftMessage m;
        m.type = PbftMessage::COMMIT;
        m.view = 3;
        m.sequence = 17;
        m.digest = Sha256(std::string("block"));
        m.sender = 2;
        m.Sign(Key(5));
        const std::vector<uint8_t> bytes = m.Serialize();
        NS_TEST_EXPECT_MSG_EQ(bytes.size(), 1 + 1 + 8 + 8 + 32 + 4 + 4 + 64, "58 + 64 bytes");
        const PbftMessage back = PbftMessage::Deserialize(bytes);
        NS_TEST_EXPECT_MSG_EQ((back.Serialize() == bytes), true, "round trip");
        NS_TEST_EXPECT_MSG_EQ(back.Verify(Key(5).GetPublicKey()), true, "signature");
        NS_TEST_EXPECT_MSG_EQ(back.Verify(Key(6).GetPublicKey()), false, "other key");
        PbftMessage tampered = back;
        tampered.sequence = 18;
        NS_TEST_EXPECT_MSG_EQ(tampered.Verify(Key(5).GetPublicKey()), false, "tampered");
        std::vector<uint8_t> bad = bytes;
        bad[1] = 9;
        NS_TEST_EXPECT_MSG_EQ(
            Contains(MessageOf<WireFormatError>([&] { PbftMessage::Deserialize(bad); }),
                     "unknown type 9"),
            true,
            "bad type");
        bad = bytes;
        bad.pop_back();
        NS_TEST_EXPECT_MSG_EQ(
            MessageOf<WireFormatError>([&] { PbftMessage::Deserialize(bad); }).empty(),
            false,
            "truncated");

        // Quorum ceil((n + f + 1) / 2): 2f + 1 at n = 3f + 1.
        NS_TEST_EXPECT_MSG_EQ(PbftConsensus::GetQuorum(4, 1), 3, "n 4, f 1");
        NS_TEST_EXPECT_MSG_EQ(PbftConsensus::GetQuorum(7, 2), 5, "n 7, f 2");
        NS_TEST_EXPECT_MSG_EQ(PbftConsensus::GetQuorum(5, 1), 4, "n 5, f 1: ceil(7 / 2)");
        NS_TEST_EXPECT_MSG_EQ(
            MessageOf<std::invalid_argument>([] { PbftConsensus::CheckFaultTolerance(4, 1); }),
            "",
            "4 validators tolerate 1");
        const std::string e =
            MessageOf<std::invalid_argument>([] { PbftConsensus::CheckFaultTolerance(6, 2); });
        NS_TEST_EXPECT_MSG_EQ(Contains(e, "f = 2 is too large for 6 validators"), true, e);
        NS_TEST_EXPECT_MSG_EQ(Contains(e, "at least 3f + 1 = 7"), true, e);
    }
};

/**
 * \ingroup sagin-tests
 * Four honest validators, one proposal per second: about 9 blocks by 9.5 s, identical
 * chains, no fork, no view change.
 */
class PbftNormalTestCase : public TestCase
{
  public:
    PbftNormalTestCase()
        : TestCase("PBFT: 4 honest validators commit one block per interval, identical chains")
    {
    }

  private:
    void DoRun() override
    {
        for (auto transport : TRANSPORTS)
        {
            const std::string name = Name(transport);
            ConsensusNetwork net(4, Pbft(1, {}, transport));
            Simulator::Stop(Seconds(9.5));
            Simulator::Run();
            // The primary proposes 1 s after each execution; an execution takes three message
            // delays (PRE-PREPARE, PREPARE, COMMIT: about 30 ms on 10 ms links), so the k-th
            // block commits near k x 1.03 s: 9 blocks by 9.5 s.
            NS_TEST_EXPECT_MSG_EQ(net.LedgerOf(0)->GetTipHeight(), 9, name << ": blocks");
            NS_TEST_EXPECT_MSG_EQ(SameChains(net, {0, 1, 2, 3}), true, name << ": identical");
            NS_TEST_EXPECT_MSG_EQ(NoForks(net, {0, 1, 2, 3}), true, name << ": no fork");
            NS_TEST_EXPECT_MSG_EQ(net.engines[0]->GetProducedCount(), 9, "all by the primary");
            NS_TEST_EXPECT_MSG_EQ(net.engines[1]->GetProducedCount(), 0, "none by a backup");
            uint64_t sent = 0;
            uint64_t received = 0;
            for (uint32_t i = 0; i < 4; ++i)
            {
                auto e = DynamicCast<PbftConsensus>(net.engines[i]);
                NS_TEST_EXPECT_MSG_EQ(e->GetViewChangeCount(), 0, name << ": no view change");
                NS_TEST_EXPECT_MSG_EQ(e->GetInvalidMessageCount(), 0, name << ": no invalid");
                NS_TEST_EXPECT_MSG_EQ(e->GetRetransmissionCount(), 0, name << ": no loss");
                sent += net.apps[i]->GetDatagramsSent();
                received += net.apps[i]->GetDatagramsReceived();
            }
            // Datagram: per block 1 PRE-PREPARE, 3 PREPAREs and 4 COMMITs, each to the 3
            // other validators: 24 datagrams, 9 blocks 216; none lost. Gossip: none.
            const uint64_t expected = transport == PbftConsensus::DATAGRAM ? 9 * 8 * 3 : 0;
            NS_TEST_EXPECT_MSG_EQ(sent, expected, name << ": datagrams sent");
            NS_TEST_EXPECT_MSG_EQ(received, expected, name << ": datagrams received");
            Simulator::Destroy();
        }
    }
};

/**
 * \ingroup sagin-tests
 * f crashed out of 3f + 1: the primary (node 0) of n = 4 crashes at 3.5 s, and two of
 * n = 7 (f = 2: nodes 0 and 1, the primaries of views 0 and 1) crash at 3.5 s. The others
 * change view and keep committing, with identical chains and no fork.
 */
class PbftCrashTestCase : public TestCase
{
  public:
    PbftCrashTestCase()
        : TestCase("PBFT: f crashed validators (incl. the primary): view change, still commits")
    {
    }

  private:
    void DoRun() override
    {
        for (auto transport : TRANSPORTS)
            for (uint32_t f : {1u, 2u})
            {
                const uint32_t n = 3 * f + 1;
                ConsensusNetwork net(n, Pbft(f, {}, transport));
                std::vector<uint32_t> honest;
                for (uint32_t i = 0; i < n; ++i)
                {
                    if (i < f)
                    {
                        net.apps[i]->SetStopTime(Seconds(3.5));
                    }
                    else
                    {
                        honest.push_back(i);
                    }
                }
                uint64_t atCrash = 0;
                Simulator::Schedule(Seconds(3.6), [&net, &atCrash, n] {
                    atCrash = net.LedgerOf(n - 1)->GetTipHeight();
                });
                Simulator::Stop(Seconds(20));
                Simulator::Run();
                const uint64_t final = net.LedgerOf(honest[0])->GetTipHeight();
                NS_TEST_EXPECT_MSG_GT(atCrash,
                                      0,
                                      Name(transport)
                                          << " n " << n << ": commits before the crash");
                // Views: f faulty primaries in a row cost timeouts of 3 s, 6 s, ...; then one
                // block per second again: at least 5 more blocks by 20 s.
                NS_TEST_EXPECT_MSG_GT(final,
                                      atCrash + 5,
                                      Name(transport)
                                          << " n " << n << ": progress after the crash");
                NS_TEST_EXPECT_MSG_EQ(SameChains(net, honest),
                                      true,
                                      Name(transport) << " n " << n << ": identical");
                NS_TEST_EXPECT_MSG_EQ(NoForks(net, honest),
                                      true,
                                      Name(transport) << " n " << n << ": no fork");
                NS_TEST_EXPECT_MSG_GT_OR_EQ(
                    DynamicCast<PbftConsensus>(net.engines[n - 1])->GetView(),
                    f,
                    Name(transport) << " n " << n << ": past the crashed primaries' views");
                Simulator::Destroy();
            }
    }
};

/**
 * \ingroup sagin-tests
 * f Byzantine out of 3f + 1 = 4: an equivocating primary (two blocks per sequence number to
 * two halves of its peers, votes for everything), or a backup whose signatures are garbage.
 * The honest validators commit, their chains are identical, no fork; the garbage is counted.
 */
class PbftByzantineTestCase : public TestCase
{
  public:
    PbftByzantineTestCase()
        : TestCase("PBFT: f Byzantine validators (equivocating primary, garbage signer)")
    {
    }

  private:
    void DoRun() override
    {
        for (auto transport : TRANSPORTS)
        {
            const std::string name = Name(transport);
            {
                ConsensusNetwork net(4, Pbft(1, {{0, PbftConsensus::EQUIVOCATE}}, transport));
                Simulator::Stop(Seconds(20));
                Simulator::Run();
                const std::vector<uint32_t> honest = {1, 2, 3};
                NS_TEST_EXPECT_MSG_GT(net.LedgerOf(1)->GetTipHeight(),
                                      5,
                                      name << ": equivocation: commits");
                NS_TEST_EXPECT_MSG_EQ(SameChains(net, honest),
                                      true,
                                      name << ": equivocation: identical");
                NS_TEST_EXPECT_MSG_EQ(NoForks(net, honest),
                                      true,
                                      name << ": equivocation: no fork");
                Simulator::Destroy();
            }
            {
                ConsensusNetwork net(4,
                                     Pbft(1, {{2, PbftConsensus::GARBAGE_SIGNATURE}}, transport));
                Simulator::Stop(Seconds(9.5));
                Simulator::Run();
                const std::vector<uint32_t> honest = {0, 1, 3};
                NS_TEST_EXPECT_MSG_EQ(net.LedgerOf(0)->GetTipHeight(),
                                      9,
                                      name << ": garbage: full rate");
                NS_TEST_EXPECT_MSG_EQ(SameChains(net, honest),
                                      true,
                                      name << ": garbage: identical");
                NS_TEST_EXPECT_MSG_EQ(NoForks(net, honest), true, name << ": garbage: no fork");
                uint64_t invalid = 0;
                for (uint32_t i : honest)
                {
                    invalid += DynamicCast<PbftConsensus>(net.engines[i])->GetInvalidMessageCount();
                }
                // Node 2 sends a PREPARE and a COMMIT per block to its three peers (gossip: not
                // relayed; datagram: one to each other validator).
                NS_TEST_EXPECT_MSG_GT_OR_EQ(invalid, 2 * 9 * 3, name << ": garbage counted");
                Simulator::Destroy();
            }
        }
    }
};

/**
 * \ingroup sagin-tests
 * f + 1 = 2 of 4 crash at 3.5 s: no quorum remains, so nothing more is committed (the
 * remaining two only change views) and their chains stay identical.
 */
class PbftNoQuorumTestCase : public TestCase
{
  public:
    PbftNoQuorumTestCase()
        : TestCase("PBFT: f + 1 crashed: no progress, no divergence")
    {
    }

  private:
    void DoRun() override
    {
        for (auto transport : TRANSPORTS)
        {
            const std::string name = Name(transport);
            ConsensusNetwork net(4, Pbft(1, {}, transport));
            net.apps[0]->SetStopTime(Seconds(3.5));
            net.apps[1]->SetStopTime(Seconds(3.5));
            uint64_t atCrash = 0;
            Simulator::Schedule(Seconds(3.6),
                                [&net, &atCrash] { atCrash = net.LedgerOf(2)->GetTipHeight(); });
            Simulator::Stop(Seconds(20));
            Simulator::Run();
            NS_TEST_EXPECT_MSG_GT(atCrash, 0, name << ": commits before the crash");
            NS_TEST_EXPECT_MSG_EQ(net.LedgerOf(2)->GetTipHeight(), atCrash, name << ": stuck");
            NS_TEST_EXPECT_MSG_EQ(SameChains(net, {2, 3}), true, name << ": identical");
            NS_TEST_EXPECT_MSG_EQ(NoForks(net, {2, 3}), true, name << ": no fork");
            NS_TEST_EXPECT_MSG_GT(DynamicCast<PbftConsensus>(net.engines[2])->GetViewChangeCount(),
                                  0,
                                  name << ": they tried to change view");
            Simulator::Destroy();
        }
    }
};

/**
 * \ingroup sagin-tests
 * Datagrams on lossy links: 4 validators on a full mesh whose every link drops 10 % of the
 * packets it receives (RateErrorModel, both directions, TCP segments included). Lost votes are
 * re-sent and lagging validators are answered (STATUS), so the validators keep committing
 * with identical chains and no fork; every datagram that did not arrive is one the error
 * models dropped (sent - received = UDP packets dropped, counted at the devices).
 */
class PbftLossyDatagramTestCase : public TestCase
{
  public:
    PbftLossyDatagramTestCase()
        : TestCase("PBFT: UDP votes on links losing 10 % of packets still commit")
    {
    }

  private:
    /**
     * Count a dropped packet if it carries UDP.
     * \param udpDrops the counter
     * \param packet the packet the device dropped (PPP header first)
     */
    static void CountUdpDrop(uint64_t* udpDrops, Ptr<const Packet> packet)
    {
        Ptr<Packet> copy = packet->Copy();
        PppHeader ppp;
        copy->RemoveHeader(ppp);
        Ipv4Header ip;
        copy->RemoveHeader(ip);
        if (ip.GetProtocol() == UdpL4Protocol::PROT_NUMBER)
        {
            ++*udpDrops;
        }
    }

    void DoRun() override
    {
        SeedRestorer seeds;
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        ConsensusNetwork net(4, Pbft(1, {}, PbftConsensus::DATAGRAM));
        uint64_t udpDrops = 0;
        int64_t stream = 1000;
        for (uint32_t i = 0; i < net.nodes.GetN(); ++i)
        {
            Ptr<Node> node = net.nodes.Get(i);
            for (uint32_t d = 0; d < node->GetNDevices(); ++d)
            {
                Ptr<PointToPointNetDevice> device =
                    DynamicCast<PointToPointNetDevice>(node->GetDevice(d));
                if (!device)
                {
                    continue;
                }
                Ptr<RateErrorModel> loss = CreateObject<RateErrorModel>();
                loss->SetAttribute("ErrorUnit", EnumValue(RateErrorModel::ERROR_UNIT_PACKET));
                loss->SetAttribute("ErrorRate", DoubleValue(0.1));
                loss->AssignStreams(stream++);
                device->SetReceiveErrorModel(loss);
                device->TraceConnectWithoutContext(
                    "PhyRxDrop",
                    MakeBoundCallback(&PbftLossyDatagramTestCase::CountUdpDrop, &udpDrops));
            }
        }
        Simulator::Stop(Seconds(30));
        Simulator::Run();
        uint64_t sent = 0;
        uint64_t received = 0;
        uint64_t retransmissions = 0;
        for (uint32_t i = 0; i < 4; ++i)
        {
            sent += net.apps[i]->GetDatagramsSent();
            received += net.apps[i]->GetDatagramsReceived();
            retransmissions += DynamicCast<PbftConsensus>(net.engines[i])->GetRetransmissionCount();
        }
        // Lossless, 29 blocks commit by 30 s (one per 1.03 s). A round loses a vote that it
        // needs with probability about 1 - 0.9^k for the k datagrams that matter, and then
        // waits RetransmitInterval (0.5 s) more; at most one view change (3 s). Half the
        // lossless rate is a floor that recovery must reach (27 blocks with it; 10 without
        // it, RetransmitInterval 1000 s); without it the first lost
        // quorum vote stops the chain until view changes, which lose votes too.
        const uint64_t height = net.LedgerOf(0)->GetTipHeight();
        NS_TEST_EXPECT_MSG_GT_OR_EQ(height, 15, "commits despite the loss");
        NS_TEST_EXPECT_MSG_EQ(SameChains(net, {0, 1, 2, 3}), true, "identical");
        NS_TEST_EXPECT_MSG_EQ(NoForks(net, {0, 1, 2, 3}), true, "no fork");
        NS_TEST_EXPECT_MSG_GT(udpDrops, 0u, "the links dropped datagrams");
        NS_TEST_EXPECT_MSG_EQ(sent - received, udpDrops, "every missing datagram was dropped");
        NS_TEST_EXPECT_MSG_GT(retransmissions, 0u, "lost votes were re-sent");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * A datagram that is not exactly one CONSENSUS frame is dropped and counted with a reason
 * naming what was wrong: a truncated frame (header says 10 bytes of body, 2 follow) and an
 * INV frame (only CONSENSUS frames travel as datagrams). The validators still commit.
 */
class PbftMalformedDatagramTestCase : public TestCase
{
  public:
    PbftMalformedDatagramTestCase()
        : TestCase("PBFT: malformed consensus datagrams are counted and dropped")
    {
    }

  private:
    void DoRun() override
    {
        ConsensusNetwork net(4, Pbft(1, {}, PbftConsensus::DATAGRAM));
        std::vector<std::string> reasons;
        net.apps[0]->TraceConnectWithoutContext("MalformedMessage",
                                                MakeCallback(+[](std::vector<std::string>* out,
                                                                 Ipv4Address,
                                                                 const std::string& reason) {
                                                    out->push_back(reason);
                                                }).Bind(&reasons));
        Ptr<Socket> socket = Socket::CreateSocket(net.nodes.Get(1), UdpSocketFactory::GetTypeId());
        socket->Bind();
        const Ipv4Address target = net.nodes.Get(0)->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
        const std::vector<std::vector<uint8_t>> bad = {{7, 0, 0, 0, 10, 1, 2}, {1, 0, 0, 0, 1, 0}};
        for (size_t k = 0; k < bad.size(); ++k)
        {
            Simulator::Schedule(Seconds(2 + k), [socket, target, bytes = bad[k]] {
                socket->SendTo(Create<Packet>(bytes.data(), bytes.size()),
                               0,
                               InetSocketAddress(target, 8333));
            });
        }
        Simulator::Stop(Seconds(5.5));
        Simulator::Run();
        // Read before Destroy disposes the applications.
        const uint64_t malformed = net.apps[0]->GetMalformedCount();
        const uint64_t tip = net.LedgerOf(0)->GetTipHeight();
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_EQ(malformed, 2, "both counted");
        NS_TEST_ASSERT_MSG_EQ(reasons.size(), 2, "both traced");
        NS_TEST_EXPECT_MSG_EQ(Contains(reasons[0], "datagram: truncated frame of 7 bytes"),
                              true,
                              reasons[0]);
        NS_TEST_EXPECT_MSG_EQ(
            Contains(reasons[1], "datagram: expected one CONSENSUS frame, got INV in 6 bytes"),
            true,
            reasons[1]);
        NS_TEST_EXPECT_MSG_EQ(tip, 5, "still commits");
    }
};

/**
 * \ingroup sagin-tests
 * The duplicate filter is bounded and still refuses replays. 4 validators, datagrams: every
 * sequence brings each node 8 distinct messages (1 PRE-PREPARE, 3 PREPAREs, 4 COMMITs, its
 * own included). The log keeps the sequences from tip - 15 to the tip (LOG_WINDOW 16); the
 * filter forgets the sequences below at the next message it sees, and the last COMMITs of a
 * sequence arrive together, before the execution moves the watermark, so between rounds it
 * holds 17 sequences: at 10.5 s (tip 10, k-th block near k x 1.03 s) 10 x 8 = 80 messages;
 * at 20.5 s (tip 19) and 39.5 s (tip 38) 17 x 8 = 136 (304 if every message were kept). Then
 * the PRE-PREPARE of sequence 2, long forgotten by the filter, and that of sequence 30, still
 * in it, are replayed to backup 1 as the primary sent them: both are received, neither makes
 * it vote again (a backup that accepts a PRE-PREPARE of an executed sequence re-sends its
 * PREPARE and COMMIT, 6 datagrams, unless the message is refused) nor grows the filter (the
 * first lets it forget sequence 22: 16 x 8 = 128).
 */
class PbftBoundedFilterTestCase : public TestCase
{
  public:
    PbftBoundedFilterTestCase()
        : TestCase("PBFT: the duplicate filter keeps 16 sequences and refuses old replays")
    {
    }

  private:
    /**
     * Keep the frame of the first PRE-PREPARE received for each sequence.
     * \param frames sequence -> CONSENSUS frame
     * \param packet a packet the device received (PPP header first)
     */
    static void KeepPrePrepare(std::map<uint64_t, std::vector<uint8_t>>* frames,
                               Ptr<const Packet> packet)
    {
        Ptr<Packet> copy = packet->Copy();
        PppHeader ppp;
        copy->RemoveHeader(ppp);
        Ipv4Header ip;
        copy->RemoveHeader(ip);
        if (ip.GetProtocol() != UdpL4Protocol::PROT_NUMBER)
        {
            return;
        }
        UdpHeader udp;
        copy->RemoveHeader(udp);
        std::vector<uint8_t> frame(copy->GetSize());
        copy->CopyData(frame.data(), frame.size());
        const std::vector<uint8_t> body(frame.begin() + GossipMessage::FRAME_HEADER_BYTES,
                                        frame.end());
        const PbftMessage m = PbftMessage::Deserialize(body);
        if (m.type == PbftMessage::PRE_PREPARE)
        {
            frames->emplace(m.sequence, frame);
        }
    }

    void DoRun() override
    {
        ConsensusNetwork net(4, Pbft(1, {}, PbftConsensus::DATAGRAM));
        std::map<uint64_t, std::vector<uint8_t>> frames;
        Ptr<Node> backup = net.nodes.Get(1);
        for (uint32_t d = 0; d < backup->GetNDevices(); ++d)
        {
            backup->GetDevice(d)->TraceConnectWithoutContext(
                "MacRx",
                MakeBoundCallback(&PbftBoundedFilterTestCase::KeepPrePrepare, &frames));
        }
        std::map<double, std::vector<size_t>> sizes; // time -> each node's filter size
        for (double t : {10.5, 20.5, 39.5})
        {
            Simulator::Schedule(Seconds(t), [&net, &sizes, t] {
                for (uint32_t i = 0; i < 4; ++i)
                {
                    sizes[t].push_back(net.apps[i]->GetConsensusFilterSize());
                }
            });
        }
        Simulator::Stop(Seconds(39.5));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(net.LedgerOf(1)->GetTipHeight(), 38, "tip at 39.5 s");
        if (net.LedgerOf(1)->GetTipHeight() != 38)
        {
            Simulator::Destroy(); // a clean simulator for the next case
            return;
        }
        const std::map<double, size_t> expected = {{10.5, 80}, {20.5, 136}, {39.5, 136}};
        for (const auto& [t, size] : expected)
        {
            for (uint32_t i = 0; i < 4; ++i)
            {
                NS_TEST_EXPECT_MSG_EQ(sizes[t][i], size, "node " << i << " at " << t << " s");
            }
        }
        NS_TEST_EXPECT_MSG_EQ(frames.count(2) + frames.count(30), 2, "PRE-PREPAREs captured");
        if (frames.count(2) + frames.count(30) != 2)
        {
            Simulator::Destroy(); // a clean simulator for the next case
            return;
        }

        Ptr<BlockchainNode> app = net.apps[1];
        auto engine = DynamicCast<PbftConsensus>(net.engines[1]);
        const uint64_t sent = app->GetDatagramsSent();
        const uint64_t received = app->GetDatagramsReceived();
        Ptr<Socket> socket = Socket::CreateSocket(net.nodes.Get(2), UdpSocketFactory::GetTypeId());
        socket->Bind();
        const Ipv4Address target = backup->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
        for (uint64_t sequence : {2, 30})
        {
            const std::vector<uint8_t>& frame = frames[sequence];
            socket->SendTo(Create<Packet>(frame.data(), frame.size()),
                           0,
                           InetSocketAddress(target, 8333));
        }
        Simulator::Stop(Seconds(0.4)); // the next proposal comes near 40.2 s
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(app->GetDatagramsReceived(), received + 2, "both replays arrive");
        NS_TEST_EXPECT_MSG_EQ(app->GetDatagramsSent(), sent, "no vote sent again");
        NS_TEST_EXPECT_MSG_EQ(app->GetConsensusFilterSize(), 128, "sequence 22 forgotten");
        NS_TEST_EXPECT_MSG_EQ(engine->GetInvalidMessageCount(), 0, "validly signed replays");
        NS_TEST_EXPECT_MSG_EQ(net.LedgerOf(1)->GetTipHeight(), 38, "nothing executed");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * The PBFT suite.
 */
class ConsensusPbftTestSuite : public TestSuite
{
  public:
    ConsensusPbftTestSuite()
        : TestSuite("sagin-consensus-pbft", Type::UNIT)
    {
        AddTestCase(new PbftBasicsTestCase);
        AddTestCase(new PbftNormalTestCase);
        AddTestCase(new PbftCrashTestCase);
        AddTestCase(new PbftByzantineTestCase);
        AddTestCase(new PbftNoQuorumTestCase);
        AddTestCase(new PbftDirectTestCase);
        AddTestCase(new PbftLossyDatagramTestCase);
        AddTestCase(new PbftMalformedDatagramTestCase);
        AddTestCase(new PbftBoundedFilterTestCase);
    }
};

static ConsensusPbftTestSuite g_consensusPbftTestSuite; //!< registers the suite
