// SPDX-License-Identifier: GPL-2.0-only
//
// PBFT safety over randomized runs. Each run draws, from its run number (ns-3 RngRun, every
// random variable on a fixed stream, so that a run is reproduced by its number alone), which
// validators are faulty and how (crashed, silent, slow, garbage signatures, the model's
// equivocating primary, or colluding adversaries that equivocate PRE-PREPAREs, votes,
// VIEW-CHANGEs and NEW-VIEWs per peer and release withheld votes after a view change: see
// pbft-fault-injection.h), the transport, the timers, each link's delay (re-drawn every
// 50 to 150 ms, so that datagrams overtake each other; in half the runs with delay spikes of
// up to two view-change timeouts) and the loss of consensus datagrams. With f faulty
// validators the correct ones never store two blocks at one height, never send a COMMIT for
// another block than the one they executed at its height (datagram runs), end with chains
// that are prefixes of one another and, without delay spikes, make progress; with f + 1
// crashed, silent or garbage-signing ones they stall, still without a conflicting commit.
// A deterministic case reproduces the late-vote bug fixed with these tests (votes of a view
// a validator had left), which the randomized runs expose only now and then (without the
// fix, 8 of the long suite's 300 runs with f faulty validators, none of the quick suite's).

#include "consensus-test-utils.h"
#include "pbft-fault-injection.h"
#include "sagin-test-utils.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/pbft-consensus.h"
#include "ns3/point-to-point-channel.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

NS_LOG_COMPONENT_DEFINE("PbftSafetyTest");

namespace
{

/**
 * What validators commit: every block any of the watched validators' ledgers stores, by
 * height (a PBFT ledger stores a block only once this node saw q COMMITs for it).
 */
class CommitLog
{
  public:
    /**
     * \param net the network
     * \param watched the validators whose ledgers to watch
     */
    CommitLog(const ConsensusNetwork& net, const std::vector<uint32_t>& watched)
        : m_net(net),
          m_watched(watched)
    {
        for (uint32_t i : watched)
        {
            net.LedgerOf(i)->TraceConnectWithoutContext(
                "BlockAccepted",
                MakeCallback(&CommitLog::Accepted, this).Bind(i));
        }
    }

    /** \return heights at which the watched validators stored two different blocks */
    uint32_t Conflicts() const
    {
        uint32_t conflicts = 0;
        for (const auto& [height, blocks] : m_blocks)
        {
            conflicts += blocks.size() > 1;
        }
        return conflicts;
    }

    /** \return whether every pair of watched main chains is one a prefix of the other */
    bool Prefixes() const
    {
        for (uint32_t a : m_watched)
        {
            for (uint32_t b : m_watched)
            {
                const auto& x = m_net.LedgerOf(a)->GetMainChain();
                const auto& y = m_net.LedgerOf(b)->GetMainChain();
                const size_t common = std::min(x.size(), y.size());
                if (!std::equal(x.begin(), x.begin() + common, y.begin()))
                {
                    return false;
                }
            }
        }
        return true;
    }

    /** \return a description of the first conflict, for the failure message */
    std::string Describe() const
    {
        std::ostringstream out;
        for (const auto& [height, blocks] : m_blocks)
        {
            if (blocks.size() > 1)
            {
                out << "height " << height << ":";
                for (const auto& [hash, nodes] : blocks)
                {
                    out << " " << ToHex(hash).substr(0, 8) << " at nodes";
                    for (uint32_t i : nodes)
                    {
                        out << " " << i;
                    }
                    out << ";";
                }
                return out.str();
            }
        }
        return "none";
    }

  private:
    /**
     * \param node the validator
     * \param hash a block its ledger stored
     * \param height its height
     */
    void Accepted(uint32_t node, const Sha256Digest& hash, uint64_t height)
    {
        m_blocks[height][hash].insert(node);
    }

    const ConsensusNetwork& m_net;                                           //!< the network
    std::vector<uint32_t> m_watched;                                         //!< watched validators
    std::map<uint64_t, std::map<Sha256Digest, std::set<uint32_t>>> m_blocks; //!< by height
};

} // namespace

/**
 * \ingroup sagin-tests
 * Regression: votes of a view a validator has left. Four honest validators, datagrams; the
 * network loses, until 5 s, the view-0 PREPAREs to validators 0, 1 and 2 and every view-0
 * COMMIT, then validator 3's VIEW-CHANGE to 1, and until 8 s the view-1 COMMITs to 3. So the
 * primary's block P (view 0, sequence 1) is prepared by validator 3 alone; at the timeout
 * (3 s) the NEW-VIEW of validator 1 rests on the VIEW-CHANGEs of 0, 1 and 2, which carry no
 * certificate, and its new block Q commits at 0, 1 and 2 (view 1) but not at 3. Validator 3
 * keeps re-sending its votes for sequence 1, among them its view-0 PREPARE, which reaches
 * 1 and 2 after 5 s. Before the fix they were then "prepared" in view 0, although they had
 * moved to view 1 and executed Q at that height, and sent COMMITs for P: with 3's own that is
 * a quorum, and 3 executed P at the height where the others have Q (Castro and Liskov accept
 * PREPAREs and COMMITs of the current view only, section 4.2). Now nobody commits P, 3 gets
 * Q once the view-1 COMMITs reach it, and all four chains are the same.
 */
class PbftLateVoteTestCase : public TestCase
{
  public:
    PbftLateVoteTestCase()
        : TestCase("PBFT: votes of a view left behind do not commit a second block")
    {
    }

  private:
    void DoRun() override
    {
        ConsensusNetwork net(4, [](uint32_t) {
            Ptr<ConsensusEngine> e = CreateConsensusEngine("pbft");
            e->SetAttribute("FaultTolerance", UintegerValue(1));
            e->SetAttribute("Transport", EnumValue(PbftConsensus::DATAGRAM));
            return e;
        });
        std::vector<Ptr<PbftDatagramFilter>> filters;
        for (uint32_t i = 0; i < 4; ++i)
        {
            Ptr<Node> node = net.nodes.Get(i);
            auto rule = [i](const PbftMessage& m, Time t) {
                const bool early = t < Seconds(5);
                if (m.type == PbftMessage::PREPARE && m.view == 0 && i != 3 && early)
                {
                    return true;
                }
                if (m.type == PbftMessage::COMMIT && m.view == 0 && early)
                {
                    return true;
                }
                if (m.type == PbftMessage::VIEW_CHANGE && m.sender == 3 && i == 1)
                {
                    return true;
                }
                return m.type == PbftMessage::COMMIT && m.view == 1 && i == 3 && t < Seconds(8);
            };
            for (uint32_t d = 0; d < node->GetNDevices(); ++d)
            {
                auto device = DynamicCast<PointToPointNetDevice>(node->GetDevice(d));
                if (device)
                {
                    Ptr<PbftDatagramFilter> filter = CreateObject<PbftDatagramFilter>();
                    filter->SetRule(rule);
                    device->SetReceiveErrorModel(filter);
                    filters.push_back(filter);
                }
            }
        }
        CommitLog log(net, {0, 1, 2, 3});
        Sha256Digest firstProposal{};
        bool proposed = false;
        net.engines[3]->TraceConnectWithoutContext("ProposalReceived",
                                                   MakeCallback(+[](Sha256Digest* first,
                                                                    bool* seen,
                                                                    const Sha256Digest& hash,
                                                                    uint64_t view,
                                                                    Time) {
                                                       if (view == 0 && !*seen)
                                                       {
                                                           *first = hash;
                                                           *seen = true;
                                                       }
                                                   }).Bind(&firstProposal, &proposed));
        Simulator::Stop(Seconds(12));
        Simulator::Run();
        uint64_t lost = 0;
        for (const auto& filter : filters)
        {
            lost += filter->GetLost();
        }
        const uint32_t conflicts = log.Conflicts();
        const std::string conflict = log.Describe();
        const bool prefixes = log.Prefixes();
        std::vector<uint64_t> views;
        std::vector<uint64_t> tips;
        std::vector<Sha256Digest> first;
        for (uint32_t i = 0; i < 4; ++i)
        {
            views.push_back(DynamicCast<PbftConsensus>(net.engines[i])->GetViewChangeCount());
            tips.push_back(net.LedgerOf(i)->GetTipHeight());
            first.push_back(net.LedgerOf(i)->GetMainChain().at(std::min<uint64_t>(tips[i], 1)));
        }
        Simulator::Destroy();

        NS_TEST_EXPECT_MSG_EQ(proposed, true, "validator 3 received the view-0 proposal");
        NS_TEST_EXPECT_MSG_GT(lost, 0u, "the network lost the chosen datagrams");
        for (uint32_t i = 0; i < 4; ++i)
        {
            NS_TEST_EXPECT_MSG_GT(views[i], 0u, "validator " << i << " changed view");
            NS_TEST_EXPECT_MSG_GT(tips[i], 1u, "validator " << i << " commits past height 1");
            NS_TEST_EXPECT_MSG_EQ((first[i] == first[0]), true, "same block 1 at " << i);
        }
        NS_TEST_EXPECT_MSG_EQ((first[0] != firstProposal), true, "block 1 is view 1's, not P");
        NS_TEST_EXPECT_MSG_EQ(conflicts, 0u, "no two blocks at one height: " << conflict);
        NS_TEST_EXPECT_MSG_EQ(prefixes, true, "chains are prefixes of one another");
    }
};

namespace
{

/** How a faulty validator misbehaves in a randomized run. */
enum class Fault
{
    CRASH,      //!< honest until its application stops at a random time
    SILENT,     //!< connected, receives, never sends (PbftAdversary, Active false)
    SLOW,       //!< honest, every link of it 100 to 400 ms slower
    GARBAGE,    //!< the model's GarbageSignature
    EQUIVOCATE, //!< the model's Equivocate
    ADVERSARY,  //!< PbftAdversary
};

/**
 * \param fault a fault
 * \return its name, for messages
 */
std::string
ToString(Fault fault)
{
    switch (fault)
    {
    case Fault::CRASH:
        return "crash";
    case Fault::SILENT:
        return "silent";
    case Fault::SLOW:
        return "slow";
    case Fault::GARBAGE:
        return "garbage";
    case Fault::EQUIVOCATE:
        return "equivocate";
    case Fault::ADVERSARY:
        return "adversary";
    }
    return "?";
}

/** How messages travel in a run. */
enum class Carrier
{
    FLOOD,   //!< Transport Gossip, Relay true
    DIRECT,  //!< Transport Gossip, Relay false (the network is a full mesh)
    DATAGRAM //!< Transport Datagram
};

/** Everything a run draws from its run number. */
struct RunPlan
{
    uint32_t n{4};                    //!< validators
    uint32_t f{1};                    //!< FaultTolerance
    uint64_t rngRun{1};               //!< the ns-3 RngRun
    std::map<uint32_t, Fault> faults; //!< faulty validators
    std::map<uint32_t, Time> crashAt; //!< CRASH validators' stop times
    Carrier carrier{Carrier::DATAGRAM};
    Time blockInterval;      //!< PBFT BlockInterval
    Time viewChangeTimeout;  //!< PBFT ViewChangeTimeout
    Time retransmitInterval; //!< PBFT RetransmitInterval
    double loss{0};          //!< each link's consensus-datagram loss ratio
    Time minDelay;           //!< link delays are drawn in [minDelay, maxDelay]
    Time maxDelay;           //!< (re-drawn every 50 to 150 ms)
    double spike{0};         //!< probability of a delay spike per link and draw
    Time duration;           //!< simulated time

    /** \return the plan in one line, to reproduce a failure */
    std::string Describe() const
    {
        std::ostringstream out;
        out << "n " << n << " RngRun " << rngRun << " carrier "
            << (carrier == Carrier::FLOOD    ? "flood"
                : carrier == Carrier::DIRECT ? "direct"
                                             : "datagram")
            << " faults";
        for (const auto& [i, fault] : faults)
        {
            out << " " << i << ":" << ToString(fault);
            if (fault == Fault::CRASH)
            {
                out << "@" << crashAt.at(i).GetSeconds() << "s";
            }
        }
        out << " block " << blockInterval.GetMilliSeconds() << " ms, view change "
            << viewChangeTimeout.GetMilliSeconds() << " ms, loss " << loss << ", delay "
            << minDelay.GetMilliSeconds() << "-" << maxDelay.GetMilliSeconds() << " ms, spikes "
            << spike;
        return out.str();
    }
};

/**
 * \param plan a run's plan
 * \return the longest the honest validators may go without a commit once every fault has
 *         begun, with delays far below the view-change timeout T: f faulty primaries in a
 *         row cost T + 2T + ... + 2^(f-1) T = (2^f - 1) T, and 2 s more for the view change
 *         and the next blocks (proposals every BlockInterval <= 300 ms, datagrams re-sent
 *         every RetransmitInterval <= 250 ms)
 */
Time
RecoveryTime(const RunPlan& plan)
{
    return plan.viewChangeTimeout * ((1 << plan.f) - 1) + Seconds(2);
}

/**
 * \param n validators
 * \param faulty how many are faulty (f or f + 1)
 * \param benign only crash, silent and garbage faults (the f + 1 runs)
 * \param rngRun the run's RngRun (set by the caller)
 * \return the run's plan, drawn from stream 1 of that run
 */
RunPlan
DrawPlan(uint32_t n, uint32_t faulty, bool benign, uint64_t rngRun)
{
    Ptr<UniformRandomVariable> u = CreateObject<UniformRandomVariable>();
    u->SetStream(1);
    RunPlan plan;
    plan.n = n;
    plan.f = (n - 1) / 3;
    plan.rngRun = rngRun;
    plan.carrier = static_cast<Carrier>(u->GetInteger(0, 2));
    plan.blockInterval = MilliSeconds(u->GetInteger(100, 300));
    plan.viewChangeTimeout = MilliSeconds(u->GetInteger(500, 1000));
    plan.retransmitInterval = MilliSeconds(u->GetInteger(100, 250));
    const double lossy = u->GetValue();
    const double ratio = u->GetValue(0.0, 0.1);
    plan.loss = plan.carrier == Carrier::DATAGRAM && lossy >= 0.3 ? ratio : 0.0;
    // Half the runs have delay spikes (0.5 to 2 view-change timeouts, 2.5 to 7.5 % of the
    // links at any time): messages of a view arrive after the validators have left it.
    const bool spiky = u->GetValue() < 0.5;
    const int64_t spikeLevel = u->GetInteger(1, 3);
    plan.spike = spiky ? 0.025 * spikeLevel : 0.0;
    plan.minDelay = MilliSeconds(u->GetInteger(1, 5));
    plan.maxDelay = plan.minDelay + MilliSeconds(u->GetInteger(0, 40));
    // The adversary three times: colluding adversaries are the strongest attack.
    const std::vector<Fault> all = {Fault::CRASH,
                                    Fault::SILENT,
                                    Fault::SLOW,
                                    Fault::GARBAGE,
                                    Fault::EQUIVOCATE,
                                    Fault::ADVERSARY,
                                    Fault::ADVERSARY,
                                    Fault::ADVERSARY};
    const std::vector<Fault> mild = {Fault::CRASH, Fault::SILENT, Fault::GARBAGE};
    const std::vector<Fault>& kinds = benign ? mild : all;
    // Faulty validators at random places: the primaries of the first views among them or not.
    std::vector<uint32_t> order(n);
    for (uint32_t i = 0; i < n; ++i)
    {
        order[i] = i;
    }
    for (uint32_t i = n; i > 1; --i)
    {
        std::swap(order[i - 1], order[u->GetInteger(0, i - 1)]);
    }
    for (uint32_t k = 0; k < faulty; ++k)
    {
        const Fault fault = kinds[u->GetInteger(0, kinds.size() - 1)];
        plan.faults[order[k]] = fault;
        if (fault == Fault::CRASH)
        {
            plan.crashAt[order[k]] = MilliSeconds(u->GetInteger(200, 3000));
        }
    }
    // Long enough, after the last crash, for f faulty primaries in a row (view-change
    // timeouts T, 2T, ..., 2^(f-1) T) and then a few blocks: at least 6 s.
    Time lastCrash = Seconds(0);
    for (const auto& [i, t] : plan.crashAt)
    {
        lastCrash = std::max(lastCrash, t);
    }
    plan.duration = std::max(Seconds(6), lastCrash + RecoveryTime(plan) + Seconds(1));
    return plan;
}

/** What a run gave. */
struct RunOutcome
{
    uint32_t conflicts{0};      //!< heights with two blocks among the correct validators
    std::string conflict;       //!< the first, described
    bool prefixes{true};        //!< correct validators' chains are prefixes of one another
    uint64_t minHonestTip{0};   //!< lowest final tip of an honest validator
    uint64_t maxHonestTip{0};   //!< highest
    uint64_t tipAtLastFault{0}; //!< highest tip of any validator when the last fault began
    uint64_t viewChanges{0};    //!< view changes of the honest validators
    uint64_t adversarySent{0};  //!< messages PbftAdversary validators sent
    uint64_t commitsSeen{0};    //!< COMMIT datagrams of correct validators checked
    uint64_t badCommits{0};     //!< of those, for a block other than the one executed there
    std::string badCommit;      //!< the first, described
};

/**
 * Watches the COMMIT datagrams correct validators send (Transport Datagram): a validator that
 * has executed a block at a height must not vote COMMIT for another block at that height.
 * (It may still send COMMITs for the block it executed, and re-send votes it cast before.)
 */
class CommitWatch
{
  public:
    /**
     * \param net the network
     * \param watched the correct validators
     * \param outcome where to count
     */
    CommitWatch(const ConsensusNetwork& net,
                const std::vector<uint32_t>& watched,
                RunOutcome* outcome)
        : m_net(net),
          m_outcome(outcome)
    {
        for (uint32_t i : watched)
        {
            Ptr<Node> node = net.nodes.Get(i);
            for (uint32_t d = 0; d < node->GetNDevices(); ++d)
            {
                if (DynamicCast<PointToPointNetDevice>(node->GetDevice(d)))
                {
                    node->GetDevice(d)->TraceConnectWithoutContext(
                        "MacTx",
                        MakeCallback(&CommitWatch::Sent, this).Bind(i));
                }
            }
        }
    }

  private:
    /**
     * \param i the sending validator
     * \param packet a packet it sends (PPP header first)
     */
    void Sent(uint32_t i, Ptr<const Packet> packet)
    {
        PbftMessage m;
        if (!ConsensusDatagramOf(packet, &m) || m.type != PbftMessage::COMMIT || m.sender != i)
        {
            return;
        }
        ++m_outcome->commitsSeen;
        const auto& chain = m_net.LedgerOf(i)->GetMainChain();
        if (m.sequence < chain.size() && chain[m.sequence] != m.digest)
        {
            if (m_outcome->badCommits++ == 0)
            {
                std::ostringstream out;
                out << "validator " << i << " at " << Simulator::Now().GetSeconds()
                    << " s: COMMIT view " << m.view << " for another block at height " << m.sequence
                    << " than the one it executed";
                m_outcome->badCommit = out.str();
            }
        }
    }

    const ConsensusNetwork& m_net; //!< the network
    RunOutcome* m_outcome;         //!< counts
};

/** The links of a run and how their delays are drawn. */
struct LinkJitter
{
    std::vector<std::pair<Ptr<PointToPointChannel>, bool>> channels; //!< link, has a slow end
    Ptr<UniformRandomVariable> random;                               //!< the draws
    Time minDelay;          //!< delays are drawn in [minDelay, maxDelay]
    Time maxDelay;          //!< (a slow end adds 100 to 400 ms)
    Time end;               //!< no draws from then on
    double spike{0};        //!< probability of a delay spike per link and draw
    Time viewChangeTimeout; //!< a spike adds 0.5 to 2 times this
};

/**
 * Draw every link's delay again, and again after 50 to 150 ms until the end of the run (a
 * packet keeps the delay of its link when it was sent, so later ones may overtake it).
 * \param jitter the links
 */
void
Jitter(std::shared_ptr<LinkJitter> jitter)
{
    for (auto& [channel, slow] : jitter->channels)
    {
        Time delay = Seconds(
            jitter->random->GetValue(jitter->minDelay.GetSeconds(), jitter->maxDelay.GetSeconds()));
        if (slow)
        {
            delay += MilliSeconds(jitter->random->GetInteger(100, 400));
        }
        if (jitter->random->GetValue() < jitter->spike)
        {
            // A delay spike: what is sent now arrives after a view change may have happened.
            delay += jitter->random->GetValue(0.5, 2.0) * jitter->viewChangeTimeout;
        }
        channel->SetAttribute("Delay", TimeValue(delay));
    }
    const Time next = MilliSeconds(jitter->random->GetInteger(50, 150));
    if (Simulator::Now() + next < jitter->end)
    {
        Simulator::Schedule(next, &Jitter, jitter);
    }
}

/**
 * \param node a node
 * \return its first IPv4 address after the loopback (where the model sends datagrams)
 */
Ipv4Address
FirstAddress(Ptr<Node> node)
{
    return node->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
}

/**
 * Run one randomized PBFT network.
 * \param plan the run
 * \return what happened (the simulator is destroyed)
 */
RunOutcome
RunOnce(const RunPlan& plan)
{
    const bool datagram = plan.carrier == Carrier::DATAGRAM;
    auto faultOf = [&plan](uint32_t i) {
        auto it = plan.faults.find(i);
        return it == plan.faults.end() ? std::optional<Fault>() : std::optional<Fault>(it->second);
    };
    ConsensusNetwork net(plan.n, [&](uint32_t i) -> Ptr<ConsensusEngine> {
        const std::optional<Fault> fault = faultOf(i);
        if (fault && (*fault == Fault::SILENT || *fault == Fault::ADVERSARY))
        {
            Ptr<PbftAdversary> a = CreateObject<PbftAdversary>();
            a->Configure(*fault == Fault::ADVERSARY,
                         plan.f,
                         datagram,
                         plan.blockInterval,
                         plan.viewChangeTimeout);
            return a;
        }
        Ptr<ConsensusEngine> e = CreateConsensusEngine("pbft");
        e->SetAttribute("FaultTolerance", UintegerValue(plan.f));
        e->SetAttribute("Transport",
                        EnumValue(datagram ? PbftConsensus::DATAGRAM : PbftConsensus::GOSSIP));
        e->SetAttribute("Relay", BooleanValue(plan.carrier != Carrier::DIRECT));
        e->SetAttribute("BlockInterval", TimeValue(plan.blockInterval));
        e->SetAttribute("ViewChangeTimeout", TimeValue(plan.viewChangeTimeout));
        e->SetAttribute("RetransmitInterval", TimeValue(plan.retransmitInterval));
        if (fault == Fault::GARBAGE)
        {
            e->SetAttribute("Behaviour", EnumValue(PbftConsensus::GARBAGE_SIGNATURE));
        }
        if (fault == Fault::EQUIVOCATE)
        {
            e->SetAttribute("Behaviour", EnumValue(PbftConsensus::EQUIVOCATE));
        }
        return e;
    });
    std::map<uint32_t, uint32_t> indexOf; // node id -> validator index
    for (uint32_t i = 0; i < plan.n; ++i)
    {
        indexOf[net.nodes.Get(i)->GetId()] = i;
    }
    // Links: random delays (slow validators' links slower), losses.
    auto jitter = std::make_shared<LinkJitter>();
    int64_t stream = 1000;
    for (uint32_t i = 0; i < plan.n; ++i)
    {
        Ptr<Node> node = net.nodes.Get(i);
        for (uint32_t d = 0; d < node->GetNDevices(); ++d)
        {
            auto device = DynamicCast<PointToPointNetDevice>(node->GetDevice(d));
            if (!device)
            {
                continue;
            }
            if (plan.loss > 0)
            {
                // Consensus datagrams only: TCP would turn a lost segment into a delay of its
                // retransmission timeout (1 s at least) and a lost SYN into 3 s without a
                // link, longer than the view-change timeouts of these short runs.
                Ptr<UniformRandomVariable> draw = CreateObject<UniformRandomVariable>();
                draw->SetStream(stream++);
                Ptr<PbftDatagramFilter> loss = CreateObject<PbftDatagramFilter>();
                loss->SetRule([draw, ratio = plan.loss](const PbftMessage&, Time) {
                    return draw->GetValue() < ratio;
                });
                device->SetReceiveErrorModel(loss);
            }
            auto channel = DynamicCast<PointToPointChannel>(device->GetChannel());
            Ptr<NetDevice> other = channel->GetDevice(channel->GetDevice(0) == device ? 1 : 0);
            const uint32_t j = indexOf.at(other->GetNode()->GetId());
            if (i < j)
            {
                const bool slow = faultOf(i) == Fault::SLOW || faultOf(j) == Fault::SLOW;
                jitter->channels.emplace_back(channel, slow);
            }
        }
    }
    jitter->random = CreateObject<UniformRandomVariable>();
    jitter->random->SetStream(2);
    jitter->minDelay = plan.minDelay;
    jitter->maxDelay = plan.maxDelay;
    jitter->end = plan.duration;
    jitter->spike = plan.spike;
    jitter->viewChangeTimeout = plan.viewChangeTimeout;
    Jitter(jitter);
    // Adversaries learn where to send: each validator's address on the link to them, and
    // its first address (datagrams).
    for (uint32_t i = 0; i < plan.n; ++i)
    {
        Ptr<PbftAdversary> adversary = DynamicCast<PbftAdversary>(net.engines[i]);
        if (!adversary)
        {
            continue;
        }
        std::vector<Ipv4Address> peer(plan.n);
        std::vector<Ipv4Address> first(plan.n);
        for (uint32_t j = 0; j < plan.n; ++j)
        {
            first[j] = FirstAddress(net.nodes.Get(j));
        }
        Ptr<Node> node = net.nodes.Get(i);
        for (uint32_t d = 0; d < node->GetNDevices(); ++d)
        {
            auto device = DynamicCast<PointToPointNetDevice>(node->GetDevice(d));
            if (!device)
            {
                continue;
            }
            Ptr<Channel> channel = device->GetChannel();
            Ptr<NetDevice> other = channel->GetDevice(channel->GetDevice(0) == device ? 1 : 0);
            Ptr<Ipv4> ipv4 = other->GetNode()->GetObject<Ipv4>();
            peer[indexOf.at(other->GetNode()->GetId())] =
                ipv4->GetAddress(ipv4->GetInterfaceForDevice(other), 0).GetLocal();
        }
        adversary->SetAddresses(peer, first);
        std::set<uint32_t> allies;
        for (const auto& [j, fault] : plan.faults)
        {
            if (fault == Fault::ADVERSARY && j != i)
            {
                allies.insert(j);
            }
        }
        adversary->SetAllies(allies);
    }
    // Who is checked: every validator running the model's honest code (crashed and slow ones
    // and garbage signers too: their faults are their messages', not their ledgers').
    std::vector<uint32_t> correct;
    std::vector<uint32_t> honest;
    Time lastFault = Seconds(0);
    for (uint32_t i = 0; i < plan.n; ++i)
    {
        const std::optional<Fault> fault = faultOf(i);
        if (!fault)
        {
            honest.push_back(i);
        }
        if (!fault || *fault == Fault::CRASH || *fault == Fault::SLOW || *fault == Fault::GARBAGE)
        {
            correct.push_back(i);
        }
        if (fault == Fault::CRASH)
        {
            net.apps[i]->SetStopTime(plan.crashAt.at(i));
            lastFault = std::max(lastFault, plan.crashAt.at(i));
        }
    }
    CommitLog log(net, correct);
    RunOutcome outcome;
    std::unique_ptr<CommitWatch> watch;
    if (datagram)
    {
        watch = std::make_unique<CommitWatch>(net, correct, &outcome);
    }
    Simulator::Schedule(lastFault, [&net, &outcome, &plan]() {
        for (uint32_t i = 0; i < plan.n; ++i)
        {
            outcome.tipAtLastFault =
                std::max(outcome.tipAtLastFault, net.LedgerOf(i)->GetTipHeight());
        }
    });
    Simulator::Stop(plan.duration);
    Simulator::Run();
    outcome.conflicts = log.Conflicts();
    outcome.conflict = log.Describe();
    outcome.prefixes = log.Prefixes();
    outcome.minHonestTip = UINT64_MAX;
    for (uint32_t i : honest)
    {
        const uint64_t tip = net.LedgerOf(i)->GetTipHeight();
        outcome.minHonestTip = std::min(outcome.minHonestTip, tip);
        outcome.maxHonestTip = std::max(outcome.maxHonestTip, tip);
        outcome.viewChanges += DynamicCast<PbftConsensus>(net.engines[i])->GetViewChangeCount();
    }
    for (uint32_t i = 0; i < plan.n; ++i)
    {
        if (Ptr<PbftAdversary> a = DynamicCast<PbftAdversary>(net.engines[i]))
        {
            outcome.adversarySent += a->GetSent();
        }
    }
    Simulator::Destroy();
    return outcome;
}

} // namespace

/**
 * \ingroup sagin-tests
 * Randomized runs with f = floor((n - 1) / 3) faulty validators out of n: the validators that
 * run the model's honest code never store two blocks at one height, end with chains that are
 * prefixes of one another, and the honest ones make progress.
 *
 * Progress, in the runs without delay spikes (PBFT promises liveness under partial synchrony
 * only): a run lasts until RecoveryTime() + 1 s after the last crash (at least 6 s), enough
 * for f faulty primaries in a row and then a few blocks; each honest validator must commit a
 * block above the highest any validator had when the last crash happened, reach height 2,
 * and the highest height 3. That is a floor a safe but stuck protocol (no commit, a validator
 * left behind for good, a stall after a crash) does not pass, far below what the runs
 * measure (one block every few hundred ms); the summary line gives the lowest honest tip
 * seen. The f + 1 runs: after the last fault begins no quorum is left, so no honest
 * validator goes more than one block (the sequence then in flight) beyond the highest tip
 * any validator had at that instant.
 *
 * NS_LOG=PbftSafetyTest=info prints each run's plan and outcome; a failure message names the
 * run's RngRun, and PbftRandomSafetyTestCase(n, 1, run, ...) with run = RngRun mod 1000
 * replays it alone.
 */
class PbftRandomSafetyTestCase : public TestCase
{
  public:
    /**
     * \param n validators
     * \param runs how many runs
     * \param firstRun the first run number (RngRun is 100000 n + 1000 (faulty - f) + run)
     * \param extraFault true: f + 1 crashed, silent or garbage-signing validators (stall)
     */
    PbftRandomSafetyTestCase(uint32_t n, uint32_t runs, uint32_t firstRun, bool extraFault)
        : TestCase(Title(n, runs, firstRun, extraFault)),
          m_n(n),
          m_runs(runs),
          m_firstRun(firstRun),
          m_extraFault(extraFault)
    {
    }

  private:
    /**
     * \param n validators
     * \param runs runs
     * \param firstRun first run number
     * \param extraFault f + 1 faulty
     * \return the case's name
     */
    static std::string Title(uint32_t n, uint32_t runs, uint32_t firstRun, bool extraFault)
    {
        std::ostringstream out;
        out << "PBFT random runs " << firstRun << ".." << firstRun + runs - 1 << ", n = " << n
            << (extraFault ? ", f + 1 faulty: stall without divergence"
                           : ", f faulty: agreement and progress");
        return out.str();
    }

    void DoRun() override
    {
        SeedRestorer seeds;
        const auto start = std::chrono::steady_clock::now();
        const std::clock_t cpuStart = std::clock();
        const uint32_t f = (m_n - 1) / 3;
        const uint32_t faulty = m_extraFault ? f + 1 : f;
        uint64_t blocks = 0;
        uint64_t viewChanges = 0;
        uint64_t adversarySent = 0;
        uint64_t lowest = UINT64_MAX;
        uint32_t progressRuns = 0;
        uint64_t commitsSeen = 0;
        std::map<std::string, uint32_t> faults;
        for (uint32_t k = 0; k < m_runs; ++k)
        {
            const uint64_t rngRun = 100000 * m_n + 1000 * (faulty - f) + m_firstRun + k;
            RngSeedManager::SetSeed(7);
            RngSeedManager::SetRun(rngRun);
            const RunPlan plan = DrawPlan(m_n, faulty, m_extraFault, rngRun);
            const RunOutcome o = RunOnce(plan);
            const std::string where = plan.Describe();
            for (const auto& [i, fault] : plan.faults)
            {
                ++faults[ToString(fault)];
            }
            blocks += o.maxHonestTip;
            viewChanges += o.viewChanges;
            adversarySent += o.adversarySent;
            commitsSeen += o.commitsSeen;
            if (!m_extraFault && plan.spike == 0)
            {
                lowest = std::min(lowest, o.minHonestTip);
            }
            NS_TEST_EXPECT_MSG_EQ(o.conflicts, 0u, where << ": " << o.conflict);
            NS_TEST_EXPECT_MSG_EQ(o.prefixes, true, where << ": chains not prefixes");
            NS_TEST_EXPECT_MSG_EQ(o.badCommits, 0u, where << ": " << o.badCommit);
            NS_LOG_INFO(where << ": honest tips " << o.minHonestTip << " to " << o.maxHonestTip
                              << ", highest at the last fault " << o.tipAtLastFault
                              << ", conflicts " << o.conflicts << ", bad COMMITs " << o.badCommits);

            if (m_extraFault)
            {
                // No quorum after the last fault: at most the sequence in flight then.
                NS_TEST_EXPECT_MSG_LT_OR_EQ(o.maxHonestTip,
                                            o.tipAtLastFault + 1,
                                            where << ": commits without a quorum");
            }
            else if (plan.spike == 0)
            {
                // Progress is promised under partial synchrony only (delays bounded, here far
                // below the view-change timeout): runs with delay spikes check safety alone.
                ++progressRuns;
                NS_TEST_EXPECT_MSG_GT_OR_EQ(o.minHonestTip, 2u, where << ": an honest one stuck");
                NS_TEST_EXPECT_MSG_GT_OR_EQ(o.maxHonestTip, 3u, where << ": no progress");
                NS_TEST_EXPECT_MSG_GT(o.minHonestTip,
                                      o.tipAtLastFault,
                                      where << ": no commit after the last crash");
            }
        }
        const double wall =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const double cpu = static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC;
        std::ostringstream faultCounts;
        for (const auto& [name, count] : faults)
        {
            faultCounts << " " << name << " " << count;
        }
        std::cout << GetName() << ": " << blocks << " blocks (highest honest tips summed), "
                  << viewChanges << " honest view changes, " << adversarySent
                  << " adversary messages, " << commitsSeen << " COMMIT datagrams watched; "
                  << progressRuns
                  << " runs without spikes held to progress, lowest honest tip in them "
                  << (progressRuns > 0 ? std::to_string(lowest) : "-") << "; faults"
                  << faultCounts.str() << "; " << wall << " s wall, " << cpu << " s CPU"
                  << std::endl;
    }

    uint32_t m_n;        //!< validators
    uint32_t m_runs;     //!< runs
    uint32_t m_firstRun; //!< first run number
    bool m_extraFault;   //!< f + 1 faulty
};

/**
 * \ingroup sagin-tests
 * The quick PBFT safety suite: the late-vote regression and 20 randomized runs per size
 * (n = 4, 7, 10) with f and with f + 1 faulty validators.
 */
class ConsensusPbftSafetyTestSuite : public TestSuite
{
  public:
    ConsensusPbftSafetyTestSuite()
        : TestSuite("sagin-consensus-pbft-safety", Type::UNIT)
    {
        AddTestCase(new PbftLateVoteTestCase);
        for (uint32_t n : {4u, 7u, 10u})
        {
            AddTestCase(new PbftRandomSafetyTestCase(n, 20, 1, false));
            AddTestCase(new PbftRandomSafetyTestCase(n, 20, 1, true));
        }
    }
};

/**
 * \ingroup sagin-tests
 * The long PBFT safety suite (EXTENSIVE: run with --fullness=EXTENSIVE): 100 more randomized
 * runs per size and fault count, other run numbers than the quick suite's.
 */
class ConsensusPbftSafetyLongTestSuite : public TestSuite
{
  public:
    ConsensusPbftSafetyLongTestSuite()
        : TestSuite("sagin-consensus-pbft-safety-long", Type::UNIT)
    {
        for (uint32_t n : {4u, 7u, 10u})
        {
            AddTestCase(new PbftRandomSafetyTestCase(n, 100, 101, false), ExtensiveTestDuration());
            AddTestCase(new PbftRandomSafetyTestCase(n, 100, 101, true), ExtensiveTestDuration());
        }
    }
};

static ConsensusPbftSafetyTestSuite g_consensusPbftSafetyTestSuite;         //!< registers the suite
static ConsensusPbftSafetyLongTestSuite g_consensusPbftSafetyLongTestSuite; //!< the long one
