// SPDX-License-Identifier: GPL-2.0-only

#include "pbft-consensus.h"

#include "blockchain-node.h"
#include "ledger.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node-list.h"
#include "ns3/node.h"
#include "ns3/ns3-release-compat.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("PbftConsensus");

namespace
{
/**
 * Executed sequences whose log is kept for lagging validators' STATUS messages [recon:
 * Castro and Liskov discard the log below a stable checkpoint taken every K requests; here a
 * fixed window of 16 blocks, far more than the few a lossy validator lags by in the tests].
 */
constexpr uint64_t LOG_WINDOW = 16;

/**
 * \param entry a map entry
 * \return its key
 */
template <typename K, typename V>
const K&
KeyOf(const std::pair<const K, V>& entry)
{
    return entry.first;
}

/**
 * \param entry a set entry
 * \return itself
 */
template <typename K>
const K&
KeyOf(const K& entry)
{
    return entry;
}
} // namespace

NS_OBJECT_ENSURE_REGISTERED(PbftConsensus);

namespace
{

/**
 * \param view a view
 * \return the consensus data of a block proposed in it
 */
std::vector<uint8_t>
EncodeView(uint64_t view)
{
    ByteWriter writer;
    writer.WriteU64(view);
    return writer.TakeBytes();
}

/**
 * \param data consensus data (throws WireFormatError unless 8 bytes)
 * \return the view
 */
uint64_t
DecodeView(const std::vector<uint8_t>& data)
{
    ByteReader reader(data.data(), data.size(), "PBFT consensus data");
    const uint64_t view = reader.ReadU64("view");
    reader.ExpectEnd();
    return view;
}

/**
 * Most blocks one STATUS answer carries: a validator further behind gets the next ones with
 * its next STATUS (bounds the burst of datagrams an answer sends).
 */
constexpr uint64_t MAX_STATUS_ANSWER_BLOCKS = 16;

/**
 * \param nodeId an ns-3 node id
 * \return the address of its first IPv4 interface after the loopback
 */
Ipv4Address
NodeAddress(uint32_t nodeId)
{
    Ptr<Node> node = NodeList::GetNode(nodeId);
    Ptr<Ipv4> ipv4 = node ? node->GetObject<Ipv4>() : nullptr;
    if (ipv4)
    {
        for (uint32_t i = 1; i < ipv4->GetNInterfaces(); ++i)
        {
            if (ipv4->GetNAddresses(i) > 0)
            {
                return ipv4->GetAddress(i, 0).GetLocal();
            }
        }
    }
    throw std::invalid_argument("PBFT Transport Datagram: validator node " +
                                std::to_string(nodeId) +
                                " has no IPv4 address; install the internet stack and assign "
                                "addresses before the applications start");
}

} // namespace

TypeId
PbftConsensus::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::PbftConsensus")
            .SetParent<ConsensusEngine>()
            .SetGroupName("Sagin")
            .AddConstructor<PbftConsensus>()
            .AddAttribute("FaultTolerance",
                          "f, the faulty validators tolerated; needs at least 3f + 1 members "
                          "(validators).",
                          UintegerValue(1),
                          MakeUintegerAccessor(&PbftConsensus::m_faults),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("BlockInterval",
                          "Pause of the primary between an execution and its next proposal "
                          "(time). Default 1 s, the issue's one block per second.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&PbftConsensus::m_blockInterval),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("ViewChangeTimeout",
                          "Time without an execution after which a validator suspects the "
                          "primary and moves to the next view (time; doubles on each further "
                          "attempt, Castro and Liskov 1999, section 4.5.2). Default 3 s "
                          "[recon]: longer than BlockInterval plus three message delays.",
                          TimeValue(Seconds(3)),
                          MakeTimeAccessor(&PbftConsensus::m_viewChangeTimeout),
                          MakeTimeChecker(NanoSeconds(1)))
            .AddAttribute(
                "Behaviour",
                "Honest, or Byzantine for tests: Equivocate (conflicting proposals, "
                "votes for everything) or GarbageSignature (invalid signatures).",
                EnumValue(PbftConsensus::HONEST),
                MakeEnumAccessorFor<PbftConsensus::Behaviour>(&PbftConsensus::m_behaviour),
                MakeEnumChecker(PbftConsensus::HONEST,
                                "Honest",
                                PbftConsensus::EQUIVOCATE,
                                "Equivocate",
                                PbftConsensus::GARBAGE_SIGNATURE,
                                "GarbageSignature"))
            .AddAttribute("Relay",
                          "true: messages are flooded through the gossip graph (each node "
                          "relays a valid message once). false: a message goes only to the "
                          "sender's own peers and is not relayed, for validators peered as a "
                          "full mesh (every validator a peer of every other), so that each "
                          "message costs n - 1 frames instead of about n x degree.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&PbftConsensus::m_relay),
                          MakeBooleanChecker())
            .AddAttribute(
                "Transport",
                "Gossip: every message in CONSENSUS frames on the gossip TCP links. "
                "Datagram: messages that fit the node's MaxDatagramSize (votes, "
                "small PRE-PREPAREs) go in one UDP datagram to each other "
                "validator, larger ones on the gossip links; lost datagrams are "
                "recovered by retransmission (RetransmitInterval).",
                EnumValue(PbftConsensus::GOSSIP),
                MakeEnumAccessorFor<PbftConsensus::Transport>(&PbftConsensus::m_transport),
                MakeEnumChecker(PbftConsensus::GOSSIP,
                                "Gossip",
                                PbftConsensus::DATAGRAM,
                                "Datagram"))
            .AddAttribute("RetransmitInterval",
                          "Transport Datagram: a validator that has executed nothing for "
                          "BlockInterval plus this, and then every this, re-sends its own "
                          "votes of the unfinished sequence numbers and a STATUS (time). "
                          "Default 500 ms [recon]: several round trips of the scenarios' "
                          "links, well inside ViewChangeTimeout.",
                          TimeValue(MilliSeconds(500)),
                          MakeTimeAccessor(&PbftConsensus::m_retransmitInterval),
                          MakeTimeChecker(NanoSeconds(1)))
            .AddTraceSource("ProposalReceived",
                            "First reception of a proposed block in a valid PRE-PREPARE from "
                            "the view's primary (block hash, view, time); the block is "
                            "appended only when it commits.",
                            MakeTraceSourceAccessor(&PbftConsensus::m_proposalReceived),
                            "ns3::sagin::PbftConsensus::ProposalTracedCallback")
            .AddTraceSource("ViewChanged",
                            "The node moved to a new view (view).",
                            MakeTraceSourceAccessor(&PbftConsensus::m_viewChanged),
                            "ns3::sagin::PbftConsensus::ViewTracedCallback");
    return tid;
}

PbftConsensus::PbftConsensus() = default;

PbftConsensus::~PbftConsensus() = default;

void
PbftConsensus::DoDispose()
{
    ConsensusEngine::DoDispose(); // stops: cancels the timers
    m_blocks.clear();
    m_pending.clear();
    m_viewChanges.clear();
}

std::string
PbftConsensus::DoGetName() const
{
    return "pbft";
}

void
PbftConsensus::CheckFaultTolerance(uint32_t validators, uint32_t faults)
{
    if (validators < 3 * faults + 1)
    {
        throw std::invalid_argument("PBFT: f = " + std::to_string(faults) + " is too large for " +
                                    std::to_string(validators) +
                                    " validators; tolerating f faults needs at least 3f + 1 = " +
                                    std::to_string(3 * faults + 1) +
                                    " (lower FaultTolerance or add members)");
    }
}

uint32_t
PbftConsensus::GetQuorum(uint32_t validators, uint32_t faults)
{
    return (validators + faults + 2) / 2; // ceil((n + f + 1) / 2)
}

uint64_t
PbftConsensus::GetView() const
{
    return m_view;
}

uint64_t
PbftConsensus::GetInvalidMessageCount() const
{
    return m_invalid;
}

uint64_t
PbftConsensus::GetViewChangeCount() const
{
    return m_viewChangeCount;
}

uint64_t
PbftConsensus::GetRetransmissionCount() const
{
    return m_retransmissions;
}

uint32_t
PbftConsensus::Primary(uint64_t view) const
{
    return static_cast<uint32_t>(view % GetMembers().size());
}

uint32_t
PbftConsensus::Quorum() const
{
    return GetQuorum(static_cast<uint32_t>(GetMembers().size()), m_faults);
}

void
PbftConsensus::DoStart()
{
    CheckFaultTolerance(static_cast<uint32_t>(GetMembers().size()), m_faults);
    const int32_t self = FindMember(GetKey().GetPublicKey());
    if (self < 0)
    {
        throw std::invalid_argument("PBFT: node " +
                                    std::to_string(GetBlockchainNode()->GetNode()->GetId()) +
                                    " is not a validator; add it with AddMember()");
    }
    m_self = static_cast<uint32_t>(self);
    // What can be refused (a validator without an address, a port taken) before anything is
    // connected or scheduled, so a refusal leaves nothing behind.
    if (m_transport == DATAGRAM)
    {
        m_addresses.clear();
        for (const auto& member : GetMembers())
        {
            m_addresses.push_back(NodeAddress(member.nodeId));
        }
        m_others = m_addresses;
        m_others.erase(m_others.begin() + m_self);
        GetBlockchainNode()->OpenDatagramSocket();
    }
    GetLedger()->TraceConnectWithoutContext("BlockAccepted",
                                            MakeCallback(&PbftConsensus::OnBlockAccepted, this));
    RestartTimer();
    if (Primary(m_view) == m_self)
    {
        m_proposeEvent = Simulator::Schedule(m_blockInterval, &PbftConsensus::Propose, this);
    }
    if (Recovers())
    {
        ScheduleRetransmission(m_blockInterval + m_retransmitInterval);
    }
}

bool
PbftConsensus::Recovers() const
{
    return m_transport == DATAGRAM || !m_relay;
}

void
PbftConsensus::DoStop()
{
    m_timer.Cancel();
    m_proposeEvent.Cancel();
    m_afterExecution.Cancel();
    m_retransmitEvent.Cancel();
    GetLedger()->TraceDisconnectWithoutContext("BlockAccepted",
                                               MakeCallback(&PbftConsensus::OnBlockAccepted, this));
}

std::string
PbftConsensus::DoCheckBlock(const Ledger& /* ledger */,
                            const BlockHeader& header,
                            const std::vector<Transaction>* /* body */) const
{
    uint64_t view;
    try
    {
        view = DecodeView(header.GetConsensusData());
    }
    catch (const WireFormatError& e)
    {
        return std::string("malformed PBFT data: ") + e.what();
    }
    if (header.GetProducer() != GetMembers()[Primary(view)].key)
    {
        return "the producer is not the primary of view " + std::to_string(view) + " (node " +
               std::to_string(GetMembers()[Primary(view)].nodeId) + ")";
    }
    if (!m_validatingProposal && m_certified.count(header.GetHash()) == 0)
    {
        return "not committed: this node has not seen " + std::to_string(Quorum()) +
               " COMMITs for it";
    }
    return "";
}

void
PbftConsensus::Send(PbftMessage m)
{
    m.sender = m_self;
    m.Sign(GetKey());
    if (m_behaviour == GARBAGE_SIGNATURE)
    {
        for (size_t i = 0; i < m.signature.size(); ++i)
        {
            m.signature[i] ^= static_cast<uint8_t>(0xA5 + i); // no longer verifies
        }
    }
    const std::vector<uint8_t> bytes = m.Serialize();
    if (m.type == PbftMessage::PRE_PREPARE || m.type == PbftMessage::PREPARE ||
        m.type == PbftMessage::COMMIT)
    {
        m_ownVotes[m.sequence].push_back(bytes); // re-sent if datagrams get lost
        if (Recovers() && m.sequence > GetLedger()->GetTipHeight())
        {
            // The round is under way: wait RetransmitInterval from this vote, so that slow
            // links (a round longer than RetransmitInterval) do not trigger re-sending.
            ScheduleRetransmission(m_retransmitInterval);
        }
    }
    else if (m.type == PbftMessage::VIEW_CHANGE)
    {
        m_ownViewChange = bytes; // re-sent while the view change lasts
    }
    Deliver(bytes);
    if (m_behaviour != GARBAGE_SIGNATURE)
    {
        Handle(m); // a validator counts its own votes
    }
}

bool
PbftConsensus::Deliver(const std::vector<uint8_t>& bytes)
{
    BlockchainNode* node = GetBlockchainNode();
    if (m_transport == DATAGRAM &&
        bytes.size() + GossipMessage::FRAME_HEADER_BYTES <= node->GetMaxDatagramSize())
    {
        node->SendConsensusDatagrams(m_others, bytes);
        return true;
    }
    Broadcast(bytes);
    return false;
}

void
PbftConsensus::DeliverTo(uint32_t member, const std::vector<uint8_t>& bytes)
{
    // Only a datagram reaches one validator alone; a message too large for one went over the
    // gossip links, which do not lose it, and is not sent again.
    GetBlockchainNode()->SendConsensusDatagram(m_addresses[member], bytes);
}

void
PbftConsensus::ScheduleRetransmission(Time delay)
{
    m_retransmitEvent.Cancel();
    m_retransmitEvent = Simulator::Schedule(delay, &PbftConsensus::Retransmit, this);
}

void
PbftConsensus::Retransmit()
{
    if (!IsRunning())
    {
        return;
    }
    Ptr<Ledger> ledger = GetLedger();
    const uint64_t height = ledger->GetTipHeight();
    ++m_retransmissions;
    NS_LOG_INFO("node " << m_self << " retransmits at height " << height);
    const uint32_t limit = GetBlockchainNode()->GetMaxDatagramSize();
    for (auto it = m_ownVotes.upper_bound(height);
         m_transport == DATAGRAM && it != m_ownVotes.end();
         ++it)
    {
        for (const auto& bytes : it->second)
        {
            if (bytes.size() + GossipMessage::FRAME_HEADER_BYTES <= limit)
            {
                Deliver(bytes); // the gossip links do not lose messages: datagrams only
            }
        }
    }
    if (m_transport == DATAGRAM)
    {
        // Datagrams of the view change get lost too (Castro and Liskov 2002, 5.2: replicas
        // retransmit VIEW-CHANGEs until they receive a NEW-VIEW): the own VIEW-CHANGE while
        // waiting for the NEW-VIEW, the NEW-VIEW as a primary whose view makes no progress.
        // (Those too large for a datagram went over the gossip links, which do not lose them.)
        auto resend = [this, limit](const std::vector<uint8_t>& bytes) {
            if (!bytes.empty() && bytes.size() + GossipMessage::FRAME_HEADER_BYTES <= limit)
            {
                Deliver(bytes);
            }
        };
        if (m_inViewChange)
        {
            resend(m_ownViewChange);
        }
        else if (m_ownNewView.first == m_view)
        {
            resend(m_ownNewView.second);
        }
    }
    PbftMessage status;
    status.type = PbftMessage::STATUS;
    status.view = m_view;
    status.sequence = height;
    status.digest = ledger->GetTipHash();
    ByteWriter writer;
    writer.WriteU64(m_retransmissions);
    status.payload = writer.TakeBytes();
    status.sender = m_self;
    status.Sign(GetKey());
    if (m_behaviour == GARBAGE_SIGNATURE)
    {
        status.signature[0] ^= 0xFF;
    }
    Deliver(status.Serialize());
    ScheduleRetransmission(m_retransmitInterval);
}

void
PbftConsensus::OnStatus(const PbftMessage& m, Ipv4Address peer)
{
    if (!IsRunning())
    {
        return;
    }
    Ptr<Ledger> ledger = GetLedger();
    const uint64_t height = ledger->GetTipHeight();
    if (!Recovers() || m.sender == m_self || m.sequence >= height ||
        m_behaviour == GARBAGE_SIGNATURE)
    {
        return; // not behind this node
    }
    // Datagrams go to the validator alone; on the gossip links (Relay false: every validator
    // is a peer, and the STATUS came from the validator itself) over the link it came from.
    auto answer = [this, &m, peer](const std::vector<uint8_t>& bytes) {
        if (m_transport == DATAGRAM)
        {
            DeliverTo(m.sender, bytes);
        }
        else
        {
            GetBlockchainNode()->SendConsensus(peer, bytes);
        }
    };
    // The sender is behind: send it what executes the next blocks, the PRE-PREPARE and this
    // node's COMMIT of each (every validator ahead answers, so their COMMITs make a quorum).
    // If it is still at the same height at its next STATUS, that was not enough (a Byzantine
    // validator may have sent its COMMIT to some validators only, and the honest ones cannot
    // make up a quorum without it): then the quorum of signed COMMITs that executed each
    // block here, which costs q datagrams per block and answering validator.
    auto previous = m_statusHeights.find(m.sender);
    const bool again = previous != m_statusHeights.end() && previous->second == m.sequence;
    m_statusHeights[m.sender] = m.sequence;
    const auto& chain = ledger->GetMainChain();
    const uint64_t last = std::min(height, m.sequence + MAX_STATUS_ANSWER_BLOCKS);
    for (uint64_t sequence = m.sequence + 1; sequence <= last; ++sequence)
    {
        const Sha256Digest& digest = chain[sequence];
        for (const auto& [key, bytes] : m_prePrepares)
        {
            if (key.second == sequence && m_accepted[key] == digest)
            {
                answer(bytes);
                break;
            }
        }
        for (const auto& [vote, commits] : m_commits)
        {
            if (std::get<1>(vote) != sequence || std::get<2>(vote) != digest)
            {
                continue;
            }
            if (!again)
            {
                auto own = commits.find(m_self);
                if (own != commits.end())
                {
                    answer(own->second);
                }
            }
            else if (commits.size() >= Quorum())
            {
                for (const auto& [sender, commit] : commits)
                {
                    answer(commit);
                }
                break;
            }
        }
    }
}

bool
PbftConsensus::DoReceive(const std::vector<uint8_t>& body, Ipv4Address peer)
{
    PbftMessage m;
    try
    {
        m = PbftMessage::Deserialize(body);
    }
    catch (const WireFormatError& e)
    {
        ++m_invalid;
        NS_LOG_WARN("malformed PBFT message from " << peer << ": " << e.what());
        return false;
    }
    if (m.sender >= GetMembers().size() || !m.Verify(GetMembers()[m.sender].key))
    {
        ++m_invalid;
        NS_LOG_INFO("PBFT " << PbftMessage::ToString(m.type) << " from " << peer
                            << " with a bad signature or sender " << m.sender);
        return false;
    }
    NS_LOG_LOGIC("received " << PbftMessage::ToString(m.type) << " view " << m.view << " seq "
                             << m.sequence << " from " << m.sender);
    uint64_t round = 0;
    if (RoundOf(m.type, m.sequence, &round) && round < m_lowWatermark)
    {
        // Its log is discarded: a late copy or a replay, which must not start new votes.
        NS_LOG_LOGIC("below the low watermark " << m_lowWatermark);
        return false;
    }
    if (m.type == PbftMessage::STATUS)
    {
        OnStatus(m, peer); // answered towards the peer it came from
    }
    else if (m.type == PbftMessage::PRE_PREPARE)
    {
        // The block is verified before it is voted for (CPU time, study A's C3).
        Simulator::Schedule(GetBlockchainNode()->GetVerificationDelay(m.payload.size()),
                            &PbftConsensus::Handle,
                            this,
                            m);
    }
    else
    {
        Handle(m);
    }
    return m_relay;
}

bool
PbftConsensus::RoundOf(uint8_t type, uint64_t sequence, uint64_t* round)
{
    switch (type)
    {
    case PbftMessage::PRE_PREPARE:
    case PbftMessage::PREPARE:
    case PbftMessage::COMMIT:
        *round = sequence;
        return true;
    case PbftMessage::STATUS:
        // Answered with the blocks after the sender's sequence.
        *round = sequence == UINT64_MAX ? sequence : sequence + 1;
        return true;
    default:
        return false;
    }
}

bool
PbftConsensus::DoGetMessageRound(const std::vector<uint8_t>& body, uint64_t* round) const
{
    // Version (offset 0), type (1) and sequence (10, big-endian u64) of the wire format
    // (PbftMessage), read without parsing the rest: the filter runs before verification.
    constexpr size_t SEQUENCE_OFFSET = 10;
    if (body.size() < SEQUENCE_OFFSET + 8 || body[0] != PbftMessage::VERSION)
    {
        return false;
    }
    uint64_t sequence = 0;
    for (size_t i = 0; i < 8; ++i)
    {
        sequence = (sequence << 8) | body[SEQUENCE_OFFSET + i];
    }
    return RoundOf(body[1], sequence, round);
}

uint64_t
PbftConsensus::DoGetLowWatermark() const
{
    return m_lowWatermark;
}

void
PbftConsensus::Handle(const PbftMessage& m)
{
    if (!IsRunning())
    {
        return;
    }
    switch (m.type)
    {
    case PbftMessage::PRE_PREPARE:
        OnPrePrepare(m);
        break;
    case PbftMessage::PREPARE:
        OnPrepare(m);
        break;
    case PbftMessage::COMMIT:
        OnCommit(m);
        break;
    case PbftMessage::VIEW_CHANGE:
        OnViewChange(m);
        break;
    case PbftMessage::NEW_VIEW:
        OnNewView(m);
        break;
    case PbftMessage::STATUS:
        break; // DoReceive answers it, knowing where it came from
    }
}

void
PbftConsensus::OnPrePrepare(const PbftMessage& m)
{
    if (m.sender != Primary(m.view))
    {
        return;
    }
    Block block;
    try
    {
        block = Block::Deserialize(m.payload);
    }
    catch (const WireFormatError&)
    {
        ++m_invalid;
        return;
    }
    if (block.GetHash() != m.digest || block.GetHeader().GetHeight() != m.sequence)
    {
        ++m_invalid;
        return;
    }
    if (m_blocks.emplace(m.digest, block).second)
    {
        m_proposalReceived(m.digest, m.view, Simulator::Now());
    }
    Ptr<Ledger> ledger = GetLedger();
    const uint64_t next = ledger->GetTipHeight() + 1;
    const Vote vote{m.view, m.sequence, m.digest};
    if (m.sequence < next)
    {
        // Executed already: vote again for the same block so that lagging validators reach
        // their quorum in this view.
        if (ledger->GetMainChain()[m.sequence] == m.digest && m.sender != m_self)
        {
            if (m_prepareSent.insert(vote).second)
            {
                PbftMessage prepare;
                prepare.type = PbftMessage::PREPARE;
                prepare.view = m.view;
                prepare.sequence = m.sequence;
                prepare.digest = m.digest;
                Send(prepare);
            }
            if (m_commitSent.insert(vote).second)
            {
                PbftMessage commit;
                commit.type = PbftMessage::COMMIT;
                commit.view = m.view;
                commit.sequence = m.sequence;
                commit.digest = m.digest;
                Send(commit);
            }
        }
        return;
    }
    if (m.sequence > next || m.view > m_view || (m.view == m_view && m_inViewChange))
    {
        m_pending.push_back(m); // later sequence or view: look again after the next change
        TryExecute();
        return;
    }
    if (m.view < m_view)
    {
        TryExecute();
        return;
    }
    const auto key = std::make_pair(m.view, m.sequence);
    const bool equivocating = m_behaviour == EQUIVOCATE;
    auto accepted = m_accepted.find(key);
    if (accepted != m_accepted.end() && accepted->second != m.digest && !equivocating)
    {
        NS_LOG_INFO("conflicting PRE-PREPARE for view " << m.view << " sequence " << m.sequence);
        TryExecute();
        return;
    }
    auto required = m_required.find(m.sequence);
    if (required != m_required.end() && required->second != m.digest && !equivocating)
    {
        TryExecute();
        return;
    }
    if (!equivocating)
    {
        m_validatingProposal = true;
        const AppendResult result = ledger->Validate(block);
        m_validatingProposal = false;
        if (!result.IsAccepted())
        {
            NS_LOG_INFO("invalid proposal: " << result.message);
            TryExecute();
            return;
        }
    }
    if (accepted == m_accepted.end())
    {
        m_accepted[key] = m.digest;
        m_prePrepares[key] = m.Serialize();
    }
    if (m.sender != m_self && m_prepareSent.insert(vote).second)
    {
        PbftMessage prepare;
        prepare.type = PbftMessage::PREPARE;
        prepare.view = m.view;
        prepare.sequence = m.sequence;
        prepare.digest = m.digest;
        Send(prepare);
    }
    if (equivocating && m_commitSent.insert(vote).second)
    {
        PbftMessage commit;
        commit.type = PbftMessage::COMMIT;
        commit.view = m.view;
        commit.sequence = m.sequence;
        commit.digest = m.digest;
        Send(commit);
    }
    CheckPrepared(vote);
    TryExecute();
}

void
PbftConsensus::OnPrepare(const PbftMessage& m)
{
    if (m.sender == Primary(m.view))
    {
        return; // the primary's proposal is its prepare
    }
    const Vote vote{m.view, m.sequence, m.digest};
    m_prepares[vote].emplace(m.sender, m.Serialize());
    CheckPrepared(vote);
}

void
PbftConsensus::CheckPrepared(const Vote& vote)
{
    const auto& [view, sequence, digest] = vote;
    // Castro and Liskov (1999), 4.2: a replica accepts PREPAREs of its current view only. A
    // validator that has moved to a later view sent VIEW-CHANGEs that do not show this
    // proposal, so a COMMIT for it now could complete a quorum for a block the new view does
    // not preserve; and a validator that has executed the sequence must not vote for another
    // block at it. A COMMIT for the block it executed there (decided, in whatever view)
    // only helps lagging validators, and is still sent; it does not become the certificate,
    // which stays the one of the latest sequence this node prepared.
    const uint64_t tip = GetLedger()->GetTipHeight();
    const bool executed = sequence <= tip;
    if (executed ? GetLedger()->GetMainChain()[sequence] != digest
                 : view != m_view || m_inViewChange || sequence != tip + 1)
    {
        return;
    }
    auto accepted = m_accepted.find({view, sequence});
    if (accepted == m_accepted.end() || accepted->second != digest || m_commitSent.count(vote) > 0)
    {
        return;
    }
    auto prepares = m_prepares.find(vote);
    if (prepares == m_prepares.end() || prepares->second.size() + 1 < Quorum())
    {
        return;
    }
    if (!executed)
    {
        // Prepared: keep the certificate for view changes, then commit.
        m_hasCertificate = true;
        m_certificate.view = view;
        m_certificate.sequence = sequence;
        m_certificate.digest = digest;
        m_certificate.prePrepare = m_prePrepares[{view, sequence}];
        m_certificate.prepares.clear();
        for (const auto& [sender, bytes] : prepares->second)
        {
            m_certificate.prepares.push_back(bytes);
        }
    }
    m_commitSent.insert(vote);
    PbftMessage commit;
    commit.type = PbftMessage::COMMIT;
    commit.view = view;
    commit.sequence = sequence;
    commit.digest = digest;
    Send(commit);
}

void
PbftConsensus::OnCommit(const PbftMessage& m)
{
    const Vote vote{m.view, m.sequence, m.digest};
    auto& senders = m_commits[vote];
    senders.emplace(m.sender, m.Serialize());
    if (senders.size() >= Quorum() && m_certified.insert(m.digest).second)
    {
        TryExecute();
    }
}

void
PbftConsensus::TryExecute()
{
    Ptr<Ledger> ledger = GetLedger();
    bool progress = true;
    while (progress)
    {
        progress = false;
        const Sha256Digest tip = ledger->GetTipHash();
        for (const auto& digest : m_certified)
        {
            auto it = m_blocks.find(digest);
            if (it == m_blocks.end() || ledger->HasBlock(digest) ||
                it->second.GetHeader().GetParentHash() != tip)
            {
                continue;
            }
            const AppendResult result = GetBlockchainNode()->SubmitBlock(it->second);
            if (result.IsAccepted())
            {
                if (it->second.GetHeader().GetProducer() == GetKey().GetPublicKey())
                {
                    CountProduced(it->second);
                }
                progress = true;
                break;
            }
            NS_LOG_WARN("PBFT: a committed block is refused: " << result.message);
        }
    }
}

void
PbftConsensus::OnBlockAccepted(const Sha256Digest& /* hash */, uint64_t /* height */)
{
    // Follow up outside the ledger's call stack.
    if (m_afterExecution.IsExpired())
    {
        m_afterExecution = Simulator::ScheduleNow(&PbftConsensus::AfterExecution, this);
    }
}

void
PbftConsensus::DiscardLogUpTo(uint64_t height)
{
    // Castro and Liskov (2002), section 4.3: once a checkpoint is stable the log below it is
    // discarded. Here every executed block is final (no forks) and a view change carries
    // prepared certificates above the last executed sequence only; what the log still serves
    // is a lagging validator's STATUS, answered with the PRE-PREPARE and COMMIT of its
    // sequence, hence the window of LOG_WINDOW executed sequences kept (sequence = height).
    auto eraseIf = [](auto& container, auto executed) {
        for (auto it = container.begin(); it != container.end();)
        {
            it = executed(*it) ? container.erase(it) : std::next(it);
        }
    };
    auto voteExecuted = [height](const auto& entry) { return std::get<1>(KeyOf(entry)) <= height; };
    eraseIf(m_prepares, voteExecuted);
    eraseIf(m_commits, voteExecuted);
    eraseIf(m_prepareSent, voteExecuted);
    eraseIf(m_commitSent, voteExecuted);
    auto slotExecuted = [height](const auto& entry) { return entry.first.second <= height; };
    eraseIf(m_accepted, slotExecuted);
    eraseIf(m_prePrepares, slotExecuted);
    eraseIf(m_blocks,
            [height](const auto& entry) { return entry.second.GetHeader().GetHeight() <= height; });
}

void
PbftConsensus::AfterExecution()
{
    m_attempts = 0;
    if (!m_inViewChange)
    {
        RestartTimer(); // in a view change, the timer waits for q VIEW-CHANGEs (OnViewChange)
    }
    const uint64_t height = GetLedger()->GetTipHeight();
    m_required.erase(m_required.begin(), m_required.upper_bound(height));
    m_ownVotes.erase(m_ownVotes.begin(), m_ownVotes.upper_bound(height));
    if (height > LOG_WINDOW)
    {
        DiscardLogUpTo(height - LOG_WINDOW);
        m_lowWatermark = height - LOG_WINDOW + 1;
    }
    if (Recovers())
    {
        ScheduleRetransmission(m_blockInterval + m_retransmitInterval);
    }
    if (Primary(m_view) == m_self && !m_inViewChange)
    {
        m_proposeEvent.Cancel();
        m_proposeEvent = Simulator::Schedule(m_blockInterval, &PbftConsensus::Propose, this);
    }
    std::vector<PbftMessage> pending;
    pending.swap(m_pending);
    for (const auto& m : pending)
    {
        OnPrePrepare(m);
    }
    TryExecute();
}

void
PbftConsensus::Propose()
{
    if (m_inViewChange || Primary(m_view) != m_self)
    {
        return;
    }
    Ptr<Ledger> ledger = GetLedger();
    const uint64_t sequence = ledger->GetTipHeight() + 1;
    if (m_accepted.count({m_view, sequence}) > 0)
    {
        return; // proposed already in this view
    }
    Block block;
    auto required = m_required.find(sequence);
    if (required != m_required.end() && m_blocks.count(required->second) > 0)
    {
        block = m_blocks.at(required->second); // re-propose the prepared block
    }
    else
    {
        block = BuildBlock(ledger->GetTipHash(), EncodeView(m_view));
    }
    PbftMessage m;
    m.type = PbftMessage::PRE_PREPARE;
    m.view = m_view;
    m.sequence = sequence;
    m.digest = block.GetHash();
    m.payload = block.Serialize();
    if (m_behaviour != EQUIVOCATE)
    {
        Send(m);
        return;
    }
    // Equivocate: a second block (one nanosecond later) for the same sequence number, each
    // sent to half of the peers; both are flooded on from there.
    Block other = block;
    other.GetHeader().SetTimestamp(block.GetHeader().GetTimestamp() + NanoSeconds(1));
    other.GetHeader().Sign(GetKey());
    PbftMessage m2 = m;
    m2.digest = other.GetHash();
    m2.payload = other.Serialize();
    m.sender = m_self;
    m2.sender = m_self;
    m.Sign(GetKey());
    m2.Sign(GetKey());
    if (m_transport == DATAGRAM)
    {
        const uint32_t n = static_cast<uint32_t>(GetMembers().size());
        for (uint32_t j = 0; j < n; ++j)
        {
            if (j != m_self)
            {
                DeliverTo(j, (j < n / 2 ? m : m2).Serialize());
            }
        }
        Handle(m);
        return;
    }
    const std::vector<Ipv4Address> peers = GetBlockchainNode()->GetPeerAddresses();
    for (size_t i = 0; i < peers.size(); ++i)
    {
        GetBlockchainNode()->SendConsensus(peers[i], (i < peers.size() / 2 ? m : m2).Serialize());
    }
    Handle(m);
}

void
PbftConsensus::RestartTimer()
{
    m_timer.Cancel();
    const Time timeout =
        m_viewChangeTimeout * static_cast<int64_t>(1u << std::min(m_attempts, 16u));
    m_timer = Simulator::Schedule(timeout, &PbftConsensus::OnTimeout, this);
}

void
PbftConsensus::OnTimeout()
{
    StartViewChange(m_view + 1);
}

std::vector<uint8_t>
PbftConsensus::EncodeCertificate() const
{
    ByteWriter writer;
    writer.WriteU8(m_hasCertificate ? 1 : 0);
    if (m_hasCertificate)
    {
        writer.WriteLengthPrefixed(m_certificate.prePrepare);
        writer.WriteU32(static_cast<uint32_t>(m_certificate.prepares.size()));
        for (const auto& prepare : m_certificate.prepares)
        {
            writer.WriteLengthPrefixed(prepare);
        }
    }
    return writer.TakeBytes();
}

bool
PbftConsensus::ParseCertificate(const std::vector<uint8_t>& bytes, Certificate* certificate) const
{
    try
    {
        ByteReader reader(bytes.data(), bytes.size(), "PBFT certificate");
        const bool has = reader.ReadBool("hasCertificate");
        certificate->prePrepare.clear();
        certificate->prepares.clear();
        if (!has)
        {
            reader.ExpectEnd();
            return true;
        }
        certificate->prePrepare =
            reader.ReadLengthPrefixed("prePrepare", PbftMessage::MAX_PAYLOAD_BYTES);
        const PbftMessage pp = PbftMessage::Deserialize(certificate->prePrepare);
        if (pp.type != PbftMessage::PRE_PREPARE || pp.sender != Primary(pp.view) ||
            !pp.Verify(GetMembers()[pp.sender].key) ||
            Block::Deserialize(pp.payload).GetHash() != pp.digest)
        {
            return false;
        }
        certificate->view = pp.view;
        certificate->sequence = pp.sequence;
        certificate->digest = pp.digest;
        const uint32_t count = reader.ReadU32("prepareCount");
        std::set<uint32_t> senders;
        for (uint32_t i = 0; i < count && i < GetMembers().size(); ++i)
        {
            std::vector<uint8_t> p = reader.ReadLengthPrefixed("prepare", 1u << 16);
            const PbftMessage prepare = PbftMessage::Deserialize(p);
            if (prepare.type != PbftMessage::PREPARE || prepare.view != pp.view ||
                prepare.sequence != pp.sequence || prepare.digest != pp.digest ||
                prepare.sender >= GetMembers().size() || prepare.sender == pp.sender ||
                !prepare.Verify(GetMembers()[prepare.sender].key))
            {
                return false;
            }
            senders.insert(prepare.sender);
            certificate->prepares.push_back(std::move(p));
        }
        reader.ExpectEnd();
        return senders.size() + 1 >= Quorum();
    }
    catch (const WireFormatError&)
    {
        return false;
    }
}

void
PbftConsensus::StartViewChange(uint64_t view)
{
    if (view <= m_view)
    {
        return;
    }
    NS_LOG_INFO("node " << m_self << " view change to " << view);
    ++m_attempts;
    ++m_viewChangeCount;
    m_view = view;
    m_inViewChange = true;
    m_proposeEvent.Cancel();
    // The timer for the NEW-VIEW starts only once q validators ask for this view (Castro and
    // Liskov 1999, 4.5.2; OnViewChange): a validator whose timer fired alone would otherwise
    // move on to the next view, and the next, always one view ahead of the others.
    m_timer.Cancel();
    m_viewChanged(view);
    Ptr<Ledger> ledger = GetLedger();
    PbftMessage m;
    m.type = PbftMessage::VIEW_CHANGE;
    m.view = view;
    m.sequence = ledger->GetTipHeight();
    m.digest = ledger->GetTipHash();
    m.payload = EncodeCertificate();
    Send(m);
}

void
PbftConsensus::OnViewChange(const PbftMessage& m)
{
    Certificate certificate;
    if (!ParseCertificate(m.payload, &certificate))
    {
        ++m_invalid;
        return;
    }
    m_viewChanges[m.view][m.sender] = m;
    // Join rule (Castro and Liskov 1999, 4.5.2): f + 1 validators asking for views above
    // this node's include an honest one; join the lowest of those views.
    if (m.view > m_view)
    {
        std::set<uint32_t> senders;
        for (auto it = m_viewChanges.upper_bound(m_view); it != m_viewChanges.end(); ++it)
        {
            for (const auto& entry : it->second)
            {
                senders.insert(entry.first);
            }
        }
        if (senders.size() >= m_faults + 1)
        {
            StartViewChange(m_viewChanges.upper_bound(m_view)->first);
        }
    }
    auto current = m_viewChanges.find(m_view);
    if (m_inViewChange && m_timer.IsExpired() && current != m_viewChanges.end() &&
        current->second.size() >= Quorum())
    {
        RestartTimer(); // q validators ask for this view: wait for its NEW-VIEW
    }
    TryNewView(m.view);
}

void
PbftConsensus::TryNewView(uint64_t view)
{
    if (Primary(view) != m_self || view != m_view || !m_inViewChange ||
        m_newViewSent.count(view) > 0)
    {
        return;
    }
    auto it = m_viewChanges.find(view);
    if (it == m_viewChanges.end() || it->second.size() < Quorum())
    {
        return;
    }
    m_newViewSent.insert(view);
    std::vector<PbftMessage> proof;
    ByteWriter writer;
    writer.WriteU32(Quorum());
    for (const auto& [sender, vc] : it->second)
    {
        if (proof.size() == Quorum())
        {
            break;
        }
        proof.push_back(vc);
        writer.WriteLengthPrefixed(vc.Serialize());
    }
    PbftMessage m;
    m.type = PbftMessage::NEW_VIEW;
    m.view = view;
    m.sequence = GetLedger()->GetTipHeight();
    m.digest = GetLedger()->GetTipHash();
    m.payload = writer.TakeBytes();
    m.sender = m_self;
    m.Sign(GetKey());
    if (m_behaviour == GARBAGE_SIGNATURE)
    {
        m.signature[0] ^= 0xFF;
    }
    m_ownNewView = {view, m.Serialize()}; // re-sent while the view makes no progress
    Deliver(m_ownNewView.second);
    EnterView(view, proof);
}

void
PbftConsensus::OnNewView(const PbftMessage& m)
{
    NS_LOG_FUNCTION(this << m.view << m.sender << m_view << m_inViewChange);
    if (m.sender != Primary(m.view) || m.view < m_view || (m.view == m_view && !m_inViewChange))
    {
        return;
    }
    std::vector<PbftMessage> proof;
    try
    {
        ByteReader reader(m.payload.data(), m.payload.size(), "NEW-VIEW payload");
        const uint32_t count = reader.ReadU32("count");
        std::set<uint32_t> senders;
        for (uint32_t i = 0; i < count && i < GetMembers().size(); ++i)
        {
            const PbftMessage vc = PbftMessage::Deserialize(
                reader.ReadLengthPrefixed("viewChange", PbftMessage::MAX_PAYLOAD_BYTES));
            Certificate certificate;
            if (vc.type != PbftMessage::VIEW_CHANGE || vc.view != m.view ||
                vc.sender >= GetMembers().size() || !vc.Verify(GetMembers()[vc.sender].key) ||
                !ParseCertificate(vc.payload, &certificate))
            {
                NS_LOG_WARN("NEW-VIEW " << m.view << " from " << m.sender
                                        << " carries an invalid VIEW-CHANGE");
                ++m_invalid;
                return;
            }
            senders.insert(vc.sender);
            proof.push_back(vc);
        }
        reader.ExpectEnd();
        if (senders.size() < Quorum())
        {
            NS_LOG_WARN("NEW-VIEW " << m.view << " from " << m.sender << " has " << senders.size()
                                    << " VIEW-CHANGEs");
            ++m_invalid;
            return;
        }
    }
    catch (const WireFormatError& e)
    {
        NS_LOG_WARN("malformed NEW-VIEW: " << e.what());
        ++m_invalid;
        return;
    }
    if (m.view > m_view)
    {
        ++m_viewChangeCount;
        m_viewChanged(m.view);
    }
    EnterView(m.view, proof);
}

void
PbftConsensus::EnterView(uint64_t view, const std::vector<PbftMessage>& viewChanges)
{
    NS_LOG_INFO("node " << m_self << " enters view " << view);
    m_view = view;
    m_inViewChange = false;
    const uint64_t height = GetLedger()->GetTipHeight();
    // The highest-view prepared certificate of each sequence number decides its block.
    std::map<uint64_t, std::pair<uint64_t, Sha256Digest>> chosen;
    for (const auto& vc : viewChanges)
    {
        Certificate certificate;
        if (!ParseCertificate(vc.payload, &certificate) || certificate.prePrepare.empty() ||
            certificate.sequence <= height)
        {
            continue;
        }
        auto it = chosen.find(certificate.sequence);
        if (it == chosen.end() || it->second.first < certificate.view)
        {
            chosen[certificate.sequence] = {certificate.view, certificate.digest};
            const PbftMessage pp = PbftMessage::Deserialize(certificate.prePrepare);
            m_blocks.emplace(pp.digest, Block::Deserialize(pp.payload));
        }
    }
    for (const auto& [sequence, choice] : chosen)
    {
        m_required[sequence] = choice.second;
    }
    RestartTimer();
    if (Primary(view) == m_self)
    {
        m_proposeEvent.Cancel();
        m_proposeEvent = Simulator::ScheduleNow(&PbftConsensus::Propose, this);
    }
    std::vector<PbftMessage> pending;
    pending.swap(m_pending);
    for (const auto& m : pending)
    {
        OnPrePrepare(m);
    }
}

} // namespace sagin
} // namespace ns3
