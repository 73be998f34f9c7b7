// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_PBFT_FAULT_INJECTION_H
#define SAGIN_PBFT_FAULT_INJECTION_H

// Fault injection for PBFT tests: a receive error model that loses chosen consensus datagrams
// (PbftDatagramFilter) and a Byzantine validator that speaks the model's wire format but
// follows none of its rules (PbftAdversary).

#include "ns3/block.h"
#include "ns3/blockchain-node.h"
#include "ns3/byte-codec.h"
#include "ns3/consensus-engine.h"
#include "ns3/error-model.h"
#include "ns3/gossip-message.h"
#include "ns3/ipv4-header.h"
#include "ns3/ledger.h"
#include "ns3/nstime.h"
#include "ns3/pbft-consensus.h"
#include "ns3/pbft-message.h"
#include "ns3/ppp-header.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"
#include "ns3/udp-header.h"
#include "ns3/udp-l4-protocol.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace ns3
{
namespace sagin
{
namespace tests
{

/**
 * \ingroup sagin-tests
 * \param view a view
 * \return the consensus data of a PBFT block proposed in it (the model's encoding: u64)
 */
inline std::vector<uint8_t>
EncodeView(uint64_t view)
{
    ByteWriter writer;
    writer.WriteU64(view);
    return writer.TakeBytes();
}

/**
 * \ingroup sagin-tests
 * \param packet a packet as a point-to-point device receives it (PPP header first)
 * \param message set to the PBFT message it carries
 * \return whether it is a UDP datagram carrying one (a consensus datagram)
 */
inline bool
ConsensusDatagramOf(Ptr<const Packet> packet, PbftMessage* message)
{
    Ptr<Packet> copy = packet->Copy();
    PppHeader ppp;
    copy->RemoveHeader(ppp);
    if (ppp.GetProtocol() != 0x0021) // IPv4 (RFC 1332)
    {
        return false;
    }
    Ipv4Header ip;
    copy->RemoveHeader(ip);
    if (ip.GetProtocol() != UdpL4Protocol::PROT_NUMBER)
    {
        return false;
    }
    UdpHeader udp;
    copy->RemoveHeader(udp);
    std::vector<uint8_t> frame(copy->GetSize());
    copy->CopyData(frame.data(), frame.size());
    if (frame.size() <= GossipMessage::FRAME_HEADER_BYTES)
    {
        return false;
    }
    try
    {
        *message = PbftMessage::Deserialize(
            std::vector<uint8_t>(frame.begin() + GossipMessage::FRAME_HEADER_BYTES, frame.end()));
    }
    catch (const WireFormatError&)
    {
        return false;
    }
    return true;
}

/**
 * \ingroup sagin-tests
 * Receive error model of a point-to-point device that loses the consensus datagrams a rule
 * picks (a network that loses exactly those), and nothing else.
 */
class PbftDatagramFilter : public ErrorModel
{
  public:
    /** Which datagrams to lose: the message and the instant it arrives. */
    using Rule = std::function<bool(const PbftMessage&, Time)>;

    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::sagin::tests::PbftDatagramFilter")
                                .SetParent<ErrorModel>()
                                .SetGroupName("Sagin")
                                .AddConstructor<PbftDatagramFilter>();
        return tid;
    }

    /** \param rule which datagrams to lose */
    void SetRule(Rule rule)
    {
        m_rule = std::move(rule);
    }

    /** \return datagrams lost so far */
    uint64_t GetLost() const
    {
        return m_lost;
    }

  private:
    bool DoCorrupt(Ptr<Packet> p) override
    {
        PbftMessage m;
        if (m_rule && ConsensusDatagramOf(p, &m) && m_rule(m, Simulator::Now()))
        {
            ++m_lost;
            return true;
        }
        return false;
    }

    void DoReset() override
    {
    }

    Rule m_rule;        //!< the rule
    uint64_t m_lost{0}; //!< datagrams lost
};

/**
 * \ingroup sagin-tests
 * A Byzantine PBFT validator for the randomized safety runs: it speaks the model's wire
 * format (PbftMessage, signed with its own key) but follows none of its rules.
 *
 * - Votes: for every PRE-PREPARE it sees (any view, any sequence) it sends PREPARE and
 *   COMMIT to each other validator now (30 %), after one to two and a half view-change
 *   timeouts (55 %: votes of a view the others have left) or never, drawn per validator;
 *   when one (view, sequence) has several proposals (a Byzantine primary), each validator
 *   gets the votes of one of them.
 * - Allies (the other adversaries of the run) collude: an ally primary sends it every
 *   variant of its proposals, and it withholds its votes for them from everyone else until
 *   after the view change (the votes a validator may lack to become prepared, released when
 *   it has left the view), for every variant.
 * - As the primary of the highest view it has seen: two or three different blocks for the
 *   next sequence, one drawn per validator, with its votes for each.
 * - View changes: when others ask for a view it asks too, with a different prepared
 *   certificate (assembled from the signed PRE-PREPAREs and PREPAREs it saw, plus its own
 *   PREPARE; often the oldest it can build) or none, per half of the validators; as the new
 *   primary it sends each validator a NEW-VIEW over its own pick of q VIEW-CHANGEs, then
 *   conflicting proposals.
 *
 * Silent (Active false): it is connected and receives, and sends nothing.
 */
class PbftAdversary : public ConsensusEngine
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::sagin::tests::PbftAdversary")
                                .SetParent<ConsensusEngine>()
                                .SetGroupName("Sagin")
                                .AddConstructor<PbftAdversary>();
        return tid;
    }

    PbftAdversary()
        : m_random(CreateObject<UniformRandomVariable>())
    {
    }

    /**
     * \param active false: silent
     * \param faults f of the validators (for the quorum)
     * \param datagram whether the honest validators use Transport Datagram
     * \param interval pause between its proposals and between its other actions
     * \param viewChangeTimeout the honest validators' (its late votes come 1 to 2.5 times it late)
     */
    void Configure(bool active,
                   uint32_t faults,
                   bool datagram,
                   Time interval,
                   Time viewChangeTimeout)
    {
        m_active = active;
        m_faults = faults;
        m_datagram = datagram;
        m_interval = interval;
        m_viewChangeTimeout = viewChangeTimeout;
    }

    /** \param allies the other PbftAdversary validators (Active), which collude with it */
    void SetAllies(std::set<uint32_t> allies)
    {
        m_allies = std::move(allies);
    }

    /**
     * \param peer by validator index, its address on the link to this node (gossip)
     * \param node by validator index, its first address (datagrams, as the model sends them)
     */
    void SetAddresses(std::vector<Ipv4Address> peer, std::vector<Ipv4Address> node)
    {
        m_peer = std::move(peer);
        m_node = std::move(node);
    }

    /** \return messages it sent */
    uint64_t GetSent() const
    {
        return m_sent;
    }

  private:
    /** (view, sequence, digest) */
    typedef std::tuple<uint64_t, uint64_t, Sha256Digest> Vote;

    std::string DoGetName() const override
    {
        return "pbft-adversary";
    }

    void DoStart() override
    {
        m_self = static_cast<uint32_t>(FindMember(GetKey().GetPublicKey()));
        m_quorum = PbftConsensus::GetQuorum(static_cast<uint32_t>(GetMembers().size()), m_faults);
        if (m_datagram)
        {
            GetBlockchainNode()->OpenDatagramSocket();
        }
        if (m_active)
        {
            m_event = Simulator::Schedule(m_interval, &PbftAdversary::Act, this);
        }
    }

    void DoStop() override
    {
        m_event.Cancel();
        for (auto& event : m_late)
        {
            event.Cancel();
        }
    }

    std::string DoCheckBlock(const Ledger& /* ledger */,
                             const BlockHeader& /* header */,
                             const std::vector<Transaction>* /* body */) const override
    {
        return ""; // follows whatever the honest validators announce
    }

    int64_t DoAssignStreams(int64_t stream) override
    {
        m_random->SetStream(stream);
        return 1;
    }

    void DoDispose() override
    {
        m_random = nullptr;
        m_blocks.clear();
        ConsensusEngine::DoDispose();
    }

    bool DoReceive(const std::vector<uint8_t>& body, Ipv4Address /* peer */) override
    {
        if (!m_active)
        {
            return false;
        }
        PbftMessage m;
        try
        {
            m = PbftMessage::Deserialize(body);
        }
        catch (const WireFormatError&)
        {
            return false;
        }
        if (m.sender >= GetMembers().size() || m.sender == m_self ||
            !m.Verify(GetMembers()[m.sender].key))
        {
            return false;
        }
        switch (m.type)
        {
        case PbftMessage::PRE_PREPARE:
            OnPrePrepare(m, body);
            break;
        case PbftMessage::PREPARE:
            m_prepares[Vote{m.view, m.sequence, m.digest}][m.sender] = body;
            break;
        case PbftMessage::VIEW_CHANGE:
            m_viewChanges[m.view][m.sender] = body;
            OnViewChange(m.view);
            break;
        case PbftMessage::NEW_VIEW:
            m_view = std::max(m_view, m.view);
            break;
        default:
            break;
        }
        return false; // never relays
    }

    /** \return the number of validators */
    uint32_t N() const
    {
        return static_cast<uint32_t>(GetMembers().size());
    }

    /** \param view a view \return its primary */
    uint32_t Primary(uint64_t view) const
    {
        return static_cast<uint32_t>(view % N());
    }

    /** \return the other validators, in a random order */
    std::vector<uint32_t> Shuffled()
    {
        std::vector<uint32_t> others;
        for (uint32_t j = 0; j < N(); ++j)
        {
            if (j != m_self)
            {
                others.push_back(j);
            }
        }
        for (size_t i = others.size(); i > 1; --i)
        {
            std::swap(others[i - 1], others[m_random->GetInteger(0, i - 1)]);
        }
        return others;
    }

    /**
     * Sign a message as this validator.
     * \param m the message
     * \return its serialisation
     */
    std::vector<uint8_t> Signed(PbftMessage m)
    {
        m.sender = m_self;
        m.Sign(GetKey());
        return m.Serialize();
    }

    /**
     * \param member a validator
     * \param bytes a message for it alone: one datagram if the validators use datagrams and
     *              it fits, else on the gossip link to it
     */
    void SendTo(uint32_t member, const std::vector<uint8_t>& bytes)
    {
        if (!IsRunning())
        {
            return;
        }
        ++m_sent;
        BlockchainNode* node = GetBlockchainNode();
        if (m_datagram &&
            bytes.size() + GossipMessage::FRAME_HEADER_BYTES <= node->GetMaxDatagramSize())
        {
            node->SendConsensusDatagram(m_node[member], bytes);
            return;
        }
        node->SendConsensus(m_peer[member], bytes);
    }

    /**
     * \param type PREPARE or COMMIT
     * \param v the vote
     * \return the signed message
     */
    std::vector<uint8_t> VoteMessage(PbftMessage::Type type, const Vote& v)
    {
        PbftMessage m;
        m.type = type;
        m.view = std::get<0>(v);
        m.sequence = std::get<1>(v);
        m.digest = std::get<2>(v);
        return Signed(m);
    }

    /**
     * Send a validator this node's PREPARE and COMMIT for a proposal, now or later.
     * \param member the validator
     * \param v the proposal
     * \param delay when (zero: now)
     */
    void SendVotes(uint32_t member, const Vote& v, Time delay)
    {
        std::vector<uint8_t> prepare = VoteMessage(PbftMessage::PREPARE, v);
        std::vector<uint8_t> commit = VoteMessage(PbftMessage::COMMIT, v);
        if (delay.IsZero())
        {
            SendTo(member, prepare);
            SendTo(member, commit);
            return;
        }
        m_late.push_back(Simulator::Schedule(delay, [this, member, prepare, commit]() {
            SendTo(member, prepare);
            SendTo(member, commit);
        }));
    }

    /**
     * A PRE-PREPARE from its view's primary: keep it, vote for it (and for its rivals).
     * \param m the message
     * \param bytes its serialisation
     */
    void OnPrePrepare(const PbftMessage& m, const std::vector<uint8_t>& bytes)
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
            return;
        }
        if (block.GetHash() != m.digest)
        {
            return;
        }
        m_view = std::max(m_view, m.view);
        m_blocks.emplace(m.digest, block);
        const Vote v{m.view, m.sequence, m.digest};
        m_prePrepares.emplace(v, bytes);
        auto& rivals = m_proposals[{m.view, m.sequence}];
        rivals.push_back(m.digest);
        if (m_allies.count(Primary(m.view)) > 0)
        {
            // An ally's proposal (it sent this node every variant): withhold the votes that
            // may be the last ones the others need, and release them, for every variant,
            // once they have moved to a later view.
            for (uint32_t j : Shuffled())
            {
                if (m_allies.count(j) == 0)
                {
                    SendVotes(j, v, m_random->GetValue(1.0, 2.5) * m_viewChangeTimeout);
                }
            }
            return;
        }
        for (uint32_t j : Shuffled())
        {
            const Vote chosen{m.view,
                              m.sequence,
                              rivals[m_random->GetInteger(0, rivals.size() - 1)]};
            const double draw = m_random->GetValue();
            if (draw < 0.3)
            {
                SendVotes(j, chosen, Time(0));
            }
            else if (draw < 0.85)
            {
                SendVotes(j, chosen, m_random->GetValue(1.0, 2.5) * m_viewChangeTimeout);
            }
        }
    }

    /** Every interval: propose if primary, maybe push a view change. */
    void Act()
    {
        m_event = Simulator::Schedule(m_interval * m_random->GetValue(0.5, 1.5),
                                      &PbftAdversary::Act,
                                      this);
        if (Primary(m_view) == m_self)
        {
            Propose(m_view);
        }
        if (m_random->GetValue() < 0.1)
        {
            // Ask for the next view: alone it cannot move anyone (f + 1 are needed).
            SendViewChanges(m_view + 1);
        }
    }

    /**
     * Two or three different blocks for the next sequence, one per validator, and votes.
     * \param view the view it is the primary of
     */
    void Propose(uint64_t view)
    {
        Ptr<Ledger> ledger = GetLedger();
        const uint64_t sequence = ledger->GetTipHeight() + 1;
        std::vector<Block> blocks;
        const uint32_t count = m_random->GetInteger(2, 3);
        Block base = BuildBlock(ledger->GetTipHash(), EncodeView(view));
        for (uint32_t k = 0; k < count; ++k)
        {
            Block b = base;
            b.GetHeader().SetTimestamp(base.GetHeader().GetTimestamp() + NanoSeconds(k));
            b.GetHeader().Sign(GetKey());
            blocks.push_back(b);
        }
        for (uint32_t j : Shuffled())
        {
            if (m_allies.count(j) > 0)
            {
                for (const Block& b : blocks)
                {
                    SendTo(j, PrePrepare(view, sequence, b)); // allies get every variant
                }
                continue;
            }
            const Block& b = blocks[m_random->GetInteger(0, count - 1)];
            SendTo(j, PrePrepare(view, sequence, b));
            SendVotes(j, Vote{view, sequence, b.GetHash()}, Time(0));
        }
    }

    /**
     * \param view the view
     * \param sequence the sequence number
     * \param block the block
     * \return this node's signed PRE-PREPARE of the block
     */
    std::vector<uint8_t> PrePrepare(uint64_t view, uint64_t sequence, const Block& block)
    {
        PbftMessage m;
        m.type = PbftMessage::PRE_PREPARE;
        m.view = view;
        m.sequence = sequence;
        m.digest = block.GetHash();
        m.payload = block.Serialize();
        return Signed(m);
    }

    /**
     * \return every prepared certificate it can assemble (signed PRE-PREPARE, q - 1
     *         PREPAREs of backups, its own among them if it is a backup), oldest view first
     */
    std::vector<std::vector<uint8_t>> Certificates()
    {
        std::vector<std::vector<uint8_t>> certificates;
        for (const auto& [v, prePrepare] : m_prePrepares)
        {
            const uint32_t primary = Primary(std::get<0>(v));
            std::vector<std::vector<uint8_t>> prepares;
            auto it = m_prepares.find(v);
            if (it != m_prepares.end())
            {
                for (const auto& [sender, bytes] : it->second)
                {
                    if (sender != primary)
                    {
                        prepares.push_back(bytes);
                    }
                }
            }
            if (primary != m_self)
            {
                prepares.push_back(VoteMessage(PbftMessage::PREPARE, v));
            }
            if (prepares.size() + 1 < m_quorum)
            {
                continue;
            }
            ByteWriter writer;
            writer.WriteU8(1);
            writer.WriteLengthPrefixed(prePrepare);
            writer.WriteU32(static_cast<uint32_t>(prepares.size()));
            for (const auto& p : prepares)
            {
                writer.WriteLengthPrefixed(p);
            }
            certificates.push_back(writer.TakeBytes());
        }
        return certificates; // m_prePrepares is ordered by view
    }

    /**
     * Its VIEW-CHANGE for a view, with a certificate drawn for the occasion.
     * \param view the view
     * \return the signed message
     */
    std::vector<uint8_t> ViewChange(uint64_t view)
    {
        const std::vector<std::vector<uint8_t>> certificates = Certificates();
        PbftMessage m;
        m.type = PbftMessage::VIEW_CHANGE;
        m.view = view;
        m.sequence = GetLedger()->GetTipHeight();
        m.digest = GetLedger()->GetTipHash();
        const double draw = m_random->GetValue();
        if (certificates.empty() || draw < 0.3)
        {
            m.payload = {0}; // no certificate
        }
        else if (draw < 0.7)
        {
            m.payload = certificates.front(); // the oldest
        }
        else
        {
            m.payload = certificates[m_random->GetInteger(0, certificates.size() - 1)];
        }
        return Signed(m);
    }

    /** \param view send two different VIEW-CHANGEs for it, each to half of the others */
    void SendViewChanges(uint64_t view)
    {
        const std::vector<uint8_t> a = ViewChange(view);
        const std::vector<uint8_t> b = ViewChange(view);
        m_viewChanges[view][m_self] = a;
        const std::vector<uint32_t> others = Shuffled();
        for (size_t i = 0; i < others.size(); ++i)
        {
            SendTo(others[i], i < others.size() / 2 ? a : b);
        }
    }

    /** \param view someone asked for this view: join, and start it if its primary */
    void OnViewChange(uint64_t view)
    {
        if (m_joined.insert(view).second)
        {
            SendViewChanges(view);
        }
        auto& received = m_viewChanges[view];
        if (Primary(view) != m_self || received.size() < m_quorum ||
            !m_newViewSent.insert(view).second)
        {
            return;
        }
        // NEW-VIEW: its own VIEW-CHANGE and q - 1 others drawn per validator.
        for (uint32_t j : Shuffled())
        {
            std::vector<std::vector<uint8_t>> proof;
            for (const auto& [sender, bytes] : received)
            {
                proof.push_back(bytes);
            }
            for (size_t i = proof.size(); i > 1; --i)
            {
                std::swap(proof[i - 1], proof[m_random->GetInteger(0, i - 1)]);
            }
            proof.resize(m_quorum);
            ByteWriter writer;
            writer.WriteU32(m_quorum);
            for (const auto& bytes : proof)
            {
                writer.WriteLengthPrefixed(bytes);
            }
            PbftMessage m;
            m.type = PbftMessage::NEW_VIEW;
            m.view = view;
            m.sequence = GetLedger()->GetTipHeight();
            m.digest = GetLedger()->GetTipHash();
            m.payload = writer.TakeBytes();
            SendTo(j, Signed(m));
        }
        m_view = std::max(m_view, view);
        Propose(view);
    }

    bool m_active{true};                                //!< false: silent
    uint32_t m_faults{1};                               //!< f
    uint32_t m_quorum{3};                               //!< q
    bool m_datagram{false};                             //!< validators use datagrams
    Time m_interval{MilliSeconds(200)};                 //!< between actions
    Time m_viewChangeTimeout{Seconds(1)};               //!< the honest validators'
    std::vector<Ipv4Address> m_peer;                    //!< by validator, on the link to it
    std::vector<Ipv4Address> m_node;                    //!< by validator, its first address
    Ptr<UniformRandomVariable> m_random;                //!< every choice it makes
    uint32_t m_self{0};                                 //!< its validator index
    uint64_t m_view{0};                                 //!< highest view seen
    EventId m_event;                                    //!< next action
    std::vector<EventId> m_late;                        //!< late votes
    uint64_t m_sent{0};                                 //!< messages sent
    std::map<Sha256Digest, Block> m_blocks;             //!< proposals seen
    std::map<Vote, std::vector<uint8_t>> m_prePrepares; //!< signed, by proposal
    std::map<std::pair<uint64_t, uint64_t>, std::vector<Sha256Digest>> m_proposals; //!< rivals
    std::map<Vote, std::map<uint32_t, std::vector<uint8_t>>> m_prepares;        //!< signed PREPAREs
    std::map<uint64_t, std::map<uint32_t, std::vector<uint8_t>>> m_viewChanges; //!< by view
    std::set<uint64_t> m_joined;                                                //!< views asked
    std::set<uint64_t> m_newViewSent;                                           //!< as primary
    std::set<uint32_t> m_allies;                                                //!< colluders
};

} // namespace tests
} // namespace sagin
} // namespace ns3

#endif // SAGIN_PBFT_FAULT_INJECTION_H
