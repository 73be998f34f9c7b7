// SPDX-License-Identifier: GPL-2.0-only

#include "federated-node.h"

#include "aggregator-election.h"
#include "message-transport.h"

#include "ns3/blockchain-node.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/federated-aggregation.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node-list.h"
#include "ns3/ns3-release-compat.h"
#include "ns3/parameter-serialization.h"
#include "ns3/pointer.h"
#include "ns3/sha256.h"
#include "ns3/simulator.h"
#include "ns3/transaction-payloads.h"
#include "ns3/transaction.h"
#include "ns3/uinteger.h"
#include "ns3/update-codec.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginFederatedNode");
NS_OBJECT_ENSURE_REGISTERED(FederatedNode);

namespace
{
/** \param a an address \return it as text */
std::string
ToString(Ipv4Address a)
{
    std::ostringstream s;
    s << a;
    return s.str();
}

/** Payload codec 0: the whole model, IEEE-754 binary32, little-endian (SerializeParameters). */
constexpr uint8_t PAYLOAD_FLOAT32 = 0;
/** Payload codec 1: the update minus its round's global model, in the federation's Codec. */
constexpr uint8_t PAYLOAD_CODEC_DELTA = 1;
} // namespace

TypeId
FederatedNode::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::FederatedNode")
            .SetParent<Application>()
            .SetGroupName("Sagin")
            .AddConstructor<FederatedNode>()
            .AddAttribute("Port",
                          "TCP port the federation's messages use on every member.",
                          UintegerValue(7070),
                          MakeUintegerAccessor(&FederatedNode::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("Election",
                          "Who aggregates each round (an AggregatorElection).",
                          PointerValue(),
                          MakePointerAccessor(&FederatedNode::m_election),
                          MakePointerChecker<AggregatorElection>())
            .AddAttribute("Aggregator",
                          "How the updates become the global model (an Aggregator; FedAvg by "
                          "sample count if unset).",
                          PointerValue(),
                          MakePointerAccessor(&FederatedNode::m_aggregator),
                          MakePointerChecker<Aggregator>())
            .AddAttribute("Codec",
                          "If set, participants send their update minus the round's global "
                          "model in this UpdateCodec (e.g. Quantized8Codec, TopKCodec), and the "
                          "aggregator adds it back; unset, they send the whole model as "
                          "float32, bit for bit. The same codec on every member.",
                          PointerValue(),
                          MakePointerAccessor(&FederatedNode::m_codec),
                          MakePointerChecker<UpdateCodec>())
            .AddAttribute("Blockchain",
                          "If set, the aggregator submits each released model's SHA-256 as a "
                          "ModelUpdate transaction through this node's BlockchainNode.",
                          PointerValue(),
                          MakePointerAccessor(&FederatedNode::m_blockchain),
                          MakePointerChecker<BlockchainNode>())
            .AddAttribute("Deadline",
                          "Longest a round collects updates, from its start (> 0).",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&FederatedNode::m_deadline),
                          MakeTimeChecker(NanoSeconds(1)))
            .AddAttribute("FailoverDelay",
                          "A backup of rank k takes a round over when nothing was released "
                          "k x this after the round's start (> 0; more than Deadline plus the "
                          "release's transfer time, or backups take over live rounds).",
                          TimeValue(Seconds(20)),
                          MakeTimeAccessor(&FederatedNode::m_failoverDelay),
                          MakeTimeChecker(NanoSeconds(1)))
            .AddAttribute("RetryInterval",
                          "A participant whose upload failed tries again after this (> 0).",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&FederatedNode::m_retryInterval),
                          MakeTimeChecker(NanoSeconds(1)))
            .AddAttribute("Quorum",
                          "Fewest accepted updates a round aggregates; with fewer at the "
                          "deadline the global model stays as it was (>= 1, at most the "
                          "participant count).",
                          UintegerValue(1),
                          MakeUintegerAccessor(&FederatedNode::m_quorum),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("Rounds",
                          "Rounds to run (0: until the simulation ends).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&FederatedNode::m_rounds),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("CpuFrequency",
                          "CPU frequency of local training (Hz): an update of c cycles takes "
                          "c / CpuFrequency seconds.",
                          DoubleValue(1e9),
                          MakeDoubleAccessor(&FederatedNode::m_cpuFrequency),
                          MakeDoubleChecker<double>(1.0))
            .AddAttribute("LocalTrainingTime",
                          "Simulated time from a round's start at a participant to its "
                          "TrainCallback, for training that runs alongside the simulation "
                          "(study B: tau local rounds of a pricing agent, the AdoptCallback "
                          "having given it the global model) instead of inside the callback. "
                          "0: the callback trains at the round's start.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&FederatedNode::m_localTrainingTime),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("TreeFanout",
                          "How announcements reach the members: 0 sends one to each member "
                          "(unicast); k > 0 relays them along a k-ary tree rooted at the "
                          "releasing node (members in member order), each member handing "
                          "them on to its k children. The same on every member.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&FederatedNode::m_treeFanout),
                          MakeUintegerChecker<uint32_t>(0, 1024))
            .AddAttribute(
                "LateUpdates",
                "What an update for a released round becomes.",
                EnumValue(LATE_DROP),
                MakeEnumAccessorFor<FederatedNode::LatePolicy>(&FederatedNode::m_latePolicy),
                MakeEnumChecker(LATE_DROP, "drop", LATE_CARRY, "carry"))
            .AddTraceSource("RoundCompleted",
                            "This node released a round as its aggregator.",
                            MakeTraceSourceAccessor(&FederatedNode::m_roundCompleted),
                            "ns3::sagin::FederatedNode::RoundTracedCallback")
            .AddTraceSource("UpdateReceived",
                            "An update reached this node: accepted, refused or late.",
                            MakeTraceSourceAccessor(&FederatedNode::m_updateReceived),
                            "ns3::sagin::FederatedNode::UpdateTracedCallback")
            .AddTraceSource("SendFailed",
                            "A message of this node could not be sent.",
                            MakeTraceSourceAccessor(&FederatedNode::m_sendFailed),
                            "ns3::sagin::FederatedNode::SendFailedTracedCallback")
            .AddTraceSource("Takeover",
                            "This node took a round over as a backup aggregator.",
                            MakeTraceSourceAccessor(&FederatedNode::m_takeover),
                            "ns3::sagin::FederatedNode::TakeoverTracedCallback");
    return tid;
}

FederatedNode::FederatedNode() = default;

FederatedNode::~FederatedNode() = default;

void
FederatedNode::DoDispose()
{
    m_trainEvent.Cancel();
    m_uploadEvent.Cancel();
    m_takeoverEvent.Cancel();
    m_collection.deadline.Cancel();
    if (m_transport)
    {
        m_transport->Dispose();
        m_transport = nullptr;
    }
    m_election = nullptr;
    m_aggregator = nullptr;
    m_codec = nullptr;
    m_blockchain = nullptr;
    m_train = TrainCallback();
    m_adopt = AdoptCallback();
    m_evaluate = EvaluateCallback();
    m_weight = WeightCallback();
    Application::DoDispose();
}

void
FederatedNode::SetMembers(const std::vector<FederatedMember>& members)
{
    std::map<uint32_t, std::size_t> index;
    std::map<Ipv4Address, uint32_t> byAddress;
    bool anyParticipant = false;
    for (std::size_t i = 0; i < members.size(); ++i)
    {
        if (!index.emplace(members[i].nodeId, i).second)
        {
            throw std::invalid_argument("FederatedNode::SetMembers: node " +
                                        std::to_string(members[i].nodeId) + " appears twice");
        }
        byAddress[members[i].address] = members[i].nodeId;
        anyParticipant = anyParticipant || members[i].participant;
    }
    if (!anyParticipant)
    {
        throw std::invalid_argument("FederatedNode::SetMembers: the federation has no "
                                    "participant (zero participants); mark at least one member "
                                    "as a participant");
    }
    m_members = members;
    m_memberIndex = index;
    m_nodeByAddress = byAddress;
}

void
FederatedNode::SetInitialModel(const std::vector<float>& parameters)
{
    const std::string problem = CheckClientModel({parameters, 1}, parameters.size());
    if (parameters.empty() || !problem.empty())
    {
        throw std::invalid_argument("FederatedNode::SetInitialModel: " +
                                    (parameters.empty() ? std::string("an empty model") : problem));
    }
    m_initialModel = parameters;
}

void
FederatedNode::SetTrainCallback(TrainCallback train)
{
    m_train = train;
}

void
FederatedNode::SetAdoptCallback(AdoptCallback adopt)
{
    m_adopt = adopt;
}

void
FederatedNode::SetEvaluateCallback(EvaluateCallback evaluate)
{
    m_evaluate = evaluate;
}

void
FederatedNode::SetWeightCallback(WeightCallback weight)
{
    m_weight = weight;
}

uint64_t
FederatedNode::GetRound() const
{
    return m_round;
}

const std::vector<float>&
FederatedNode::GetGlobalModel() const
{
    return m_global;
}

const std::vector<FederatedRoundRecord>&
FederatedNode::GetReleasedRounds() const
{
    return m_released;
}

Ptr<MessageTransport>
FederatedNode::GetTransport() const
{
    return m_transport;
}

uint32_t
FederatedNode::Self() const
{
    return GetNode()->GetId();
}

const FederatedMember&
FederatedNode::MemberOf(uint32_t node) const
{
    const auto it = m_memberIndex.find(node);
    if (it == m_memberIndex.end())
    {
        throw std::invalid_argument("FederatedNode: node " + std::to_string(node) +
                                    " is not a member of the federation (SetMembers)");
    }
    return m_members[it->second];
}

int64_t
FederatedNode::RankOf(const std::vector<uint32_t>& ranking) const
{
    const auto it = std::find(ranking.begin(), ranking.end(), Self());
    return it == ranking.end() ? -1 : it - ranking.begin();
}

std::vector<uint32_t>
FederatedNode::Participants() const
{
    std::vector<uint32_t> ids;
    for (const FederatedMember& member : m_members)
    {
        if (member.participant)
        {
            ids.push_back(member.nodeId);
        }
    }
    return ids;
}

void
FederatedNode::CheckConfiguration() const
{
    const std::string who = "FederatedNode on node " + std::to_string(Self()) + ": ";
    if (m_members.empty() || m_memberIndex.count(Self()) == 0)
    {
        throw std::invalid_argument(who + "not in the federation's members; call SetMembers "
                                          "with every member, this node included");
    }
    if (m_initialModel.empty())
    {
        throw std::invalid_argument(who + "no initial model; call SetInitialModel");
    }
    if (!m_election)
    {
        throw std::invalid_argument(who + "no Election attribute (an AggregatorElection)");
    }
    if (MemberOf(Self()).participant && m_train.IsNull())
    {
        throw std::invalid_argument(who + "a participant without a TrainCallback");
    }
    const std::size_t participants = Participants().size();
    if (m_quorum > participants)
    {
        throw std::invalid_argument(who + "Quorum " + std::to_string(m_quorum) + " is above the " +
                                    std::to_string(participants) + " participants; lower Quorum");
    }
    for (uint32_t node : m_election->Rank(0))
    {
        MemberOf(node); // every candidate must be reachable: a member
    }
}

void
FederatedNode::StartApplication()
{
    NS_LOG_FUNCTION(this);
    CheckConfiguration();
    if (!m_aggregator)
    {
        m_aggregator = CreateObject<FedAvgAggregator>();
    }
    m_transport = CreateObject<MessageTransport>();
    m_transport->Start(GetNode(), m_port, MakeCallback(&FederatedNode::Receive, this));
    // ns-3's TCP sends from the address of the interface its route leaves by (a bound
    // address is overwritten at Connect): a member with several interfaces, a satellite with
    // its ISLs, sends from any of them. Know each member by all of its node's addresses.
    for (const FederatedMember& member : m_members)
    {
        Ptr<Node> node =
            member.nodeId < NodeList::GetNNodes() ? NodeList::GetNode(member.nodeId) : nullptr;
        Ptr<Ipv4> ipv4 = node ? node->GetObject<Ipv4>() : nullptr;
        for (uint32_t i = 1; ipv4 && i < ipv4->GetNInterfaces(); ++i)
        {
            for (uint32_t a = 0; a < ipv4->GetNAddresses(i); ++a)
            {
                m_nodeByAddress.emplace(ipv4->GetAddress(i, a).GetLocal(), member.nodeId);
            }
        }
    }

    // Round 0: its first aggregator announces the initial model; every other member holds
    // the same model and waits for the announcement (backups watch from now on).
    const std::vector<uint32_t> ranking = m_election->Rank(0);
    m_round = 0;
    m_roundStart = Simulator::Now();
    m_ranking = ranking;
    m_global = m_initialModel;
    m_announcer = ranking.front();
    if (RankOf(ranking) == 0)
    {
        FederatedMessage announce;
        announce.type = FederatedMessage::ANNOUNCE;
        announce.round = 0;
        announce.sender = Self();
        announce.roundStartNs = Simulator::Now().GetNanoSeconds();
        announce.parameterCount = static_cast<uint32_t>(m_global.size());
        announce.ranking = ranking;
        announce.payload = SerializeParameters(m_global);
        Distribute(announce);
        BeginRound(0, Simulator::Now(), ranking, m_initialModel);
    }
    else
    {
        ScheduleTakeoverCheck();
    }
}

void
FederatedNode::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_trainEvent.Cancel();
    m_uploadEvent.Cancel();
    m_takeoverEvent.Cancel();
    m_collection.deadline.Cancel();
    m_collecting = false;
    if (m_transport)
    {
        m_transport->Stop();
    }
}

std::vector<uint32_t>
FederatedNode::TreeChildren(uint32_t root) const
{
    // Heap order over the root and then every other member in member order: the node at
    // heap index h relays to heap indices k h + 1 .. k h + k.
    std::vector<uint32_t> heap{root};
    for (const FederatedMember& member : m_members)
    {
        if (member.nodeId != root)
        {
            heap.push_back(member.nodeId);
        }
    }
    const auto self =
        static_cast<std::size_t>(std::find(heap.begin(), heap.end(), Self()) - heap.begin());
    std::vector<uint32_t> children;
    for (std::size_t c = m_treeFanout * self + 1;
         c <= m_treeFanout * self + m_treeFanout && c < heap.size();
         ++c)
    {
        children.push_back(heap[c]);
    }
    return children;
}

void
FederatedNode::Distribute(const FederatedMessage& announce)
{
    if (m_treeFanout > 0)
    {
        for (uint32_t child : TreeChildren(Self()))
        {
            SendTo(announce, child);
        }
        return;
    }
    for (const FederatedMember& member : m_members)
    {
        if (member.nodeId != Self())
        {
            SendTo(announce, member.nodeId);
        }
    }
}

void
FederatedNode::SendTo(const FederatedMessage& message, uint32_t node)
{
    const uint64_t round = message.round;
    const FederatedMessage::Type type = message.type;
    m_transport->Send(MemberOf(node).address,
                      m_port,
                      message.Encode(),
                      MessageTransport::FailureCallback(
                          [this, round, type, node](Ipv4Address, const std::string& reason) {
                              HandleSendFailed(round, type, node, reason);
                          }));
}

void
FederatedNode::HandleSendFailed(uint64_t round,
                                FederatedMessage::Type type,
                                uint32_t node,
                                const std::string& reason)
{
    NS_LOG_INFO("node " << Self() << ": " << ToString(type) << " of round " << round << " to node "
                        << node << " failed: " << reason);
    m_sendFailed(round, node, reason);
    // Only the current round's upload is retried: a member that misses an announcement
    // hears the next one.
    if (type == FederatedMessage::UPDATE && round == m_round && m_trained &&
        node == m_currentAggregator && m_uploadEvent.IsExpired())
    {
        m_uploadEvent = Simulator::Schedule(m_retryInterval, &FederatedNode::Upload, this);
    }
}

void
FederatedNode::Receive(Ipv4Address source, const std::vector<uint8_t>& bytes)
{
    const auto it = m_nodeByAddress.find(source);
    const uint32_t sender = it == m_nodeByAddress.end() ? 0 : it->second;
    FederatedMessage message;
    try
    {
        message = FederatedMessage::Decode(bytes, static_cast<uint32_t>(m_initialModel.size()));
    }
    catch (const std::invalid_argument& e)
    {
        NoteUpdate(
            m_round,
            sender,
            bytes.size(),
            FederatedUpdateRecord::REFUSED,
            std::string("corrupt message from ") +
                (it == m_nodeByAddress.end() ? "a non-member" : "node " + std::to_string(sender)) +
                ": " + e.what());
        return;
    }
    // Announcements may be relayed (Distribution = tree): any member may hand one on; the
    // other messages come straight from their sender.
    const bool relayed = message.type == FederatedMessage::ANNOUNCE && m_treeFanout > 0;
    if (it == m_nodeByAddress.end() || m_memberIndex.count(message.sender) == 0 ||
        (!relayed && message.sender != sender))
    {
        NoteUpdate(message.round,
                   sender,
                   bytes.size(),
                   FederatedUpdateRecord::REFUSED,
                   "sender " + std::to_string(message.sender) + " at " + ToString(source) +
                       ", an address that is not that member's");
        return;
    }
    switch (message.type)
    {
    case FederatedMessage::ANNOUNCE:
        HandleAnnounce(message);
        break;
    case FederatedMessage::TAKEOVER:
        HandleTakeover(message);
        break;
    case FederatedMessage::UPDATE:
        HandleUpdate(message, bytes.size() + MessageTransport::PREFIX_BYTES);
        break;
    }
}

void
FederatedNode::HandleAnnounce(const FederatedMessage& message)
{
    if (message.round < m_round || (message.round == m_round && m_hasRound))
    {
        return; // already known
    }
    if (message.codec != PAYLOAD_FLOAT32 || message.ranking.empty())
    {
        NS_LOG_WARN("node " << Self() << ": announcement of round " << message.round
                            << " from node " << message.sender
                            << " without a float32 model or a ranking, ignored");
        return;
    }
    std::vector<float> global;
    try
    {
        global = DeserializeParameters(message.payload, m_initialModel.size());
    }
    catch (const std::invalid_argument& e)
    {
        NS_LOG_WARN("node " << Self() << ": announcement of round " << message.round
                            << " ignored: " << e.what());
        return;
    }
    if (m_collecting && m_collection.round < message.round)
    {
        // Another aggregator released the round this node was collecting (a takeover race).
        m_collection.deadline.Cancel();
        m_collecting = false;
    }
    m_announcer = message.sender;
    if (m_treeFanout > 0)
    {
        for (uint32_t child : TreeChildren(message.sender))
        {
            SendTo(message, child);
        }
    }
    BeginRound(message.round, NanoSeconds(message.roundStartNs), message.ranking, global);
}

void
FederatedNode::BeginRound(uint64_t round,
                          Time start,
                          const std::vector<uint32_t>& ranking,
                          const std::vector<float>& global)
{
    NS_LOG_FUNCTION(this << round);
    // Training of an older round still running: it finishes (and is sent, late) first.
    const bool computing = !m_uploadEvent.IsExpired() && m_updateRound < round && !m_trained;
    if (!computing)
    {
        m_uploadEvent.Cancel(); // a retry of an older round's upload is dropped
    }
    m_takeoverEvent.Cancel();
    m_trainEvent.Cancel(); // local training restarts from the new global model
    m_round = round;
    m_hasRound = true;
    m_roundStart = start;
    m_ranking = ranking;
    m_global = global;
    m_recentGlobals[round] = global;
    while (m_recentGlobals.begin()->first + 1 < round)
    {
        m_recentGlobals.erase(m_recentGlobals.begin()); // this round's and the previous one's
    }
    m_currentAggregator = ranking.front();
    m_trained = false;
    m_takeoverRank = 0;
    for (auto it = m_buffered.begin(); it != m_buffered.end();)
    {
        it = it->first < round ? m_buffered.erase(it) : std::next(it);
    }
    std::vector<std::pair<FederatedMessage, uint64_t>> undecoded;
    for (auto it = m_undecoded.begin(); it != m_undecoded.end();)
    {
        if (it->first == round)
        {
            undecoded = std::move(it->second);
        }
        it = it->first <= round ? m_undecoded.erase(it) : std::next(it);
    }
    if (!m_adopt.IsNull() && MemberOf(Self()).participant)
    {
        m_adopt(round, global);
    }
    if (m_rounds > 0 && round >= m_rounds)
    {
        return; // the final model: no more training
    }
    if (MemberOf(Self()).participant)
    {
        m_trainPending = computing;
        if (!computing)
        {
            Train();
        }
    }
    const int64_t rank = RankOf(ranking);
    if (rank == 0)
    {
        Collect(0);
    }
    else if (rank > 0)
    {
        ScheduleTakeoverCheck();
    }
    for (const auto& [message, bytes] : undecoded)
    {
        HandleUpdate(message, bytes); // their base, this round's global model, is here now
    }
}

void
FederatedNode::Train()
{
    if (m_localTrainingTime.IsStrictlyPositive())
    {
        m_trainEvent =
            Simulator::Schedule(m_localTrainingTime, &FederatedNode::CollectLocalUpdate, this);
    }
    else
    {
        CollectLocalUpdate();
    }
}

void
FederatedNode::CollectLocalUpdate()
{
    m_update = m_train(m_round, m_global);
    m_updateRound = m_round;
    m_updateBase = m_global;
    const Time compute = Seconds(std::max(0.0, m_update.cycles) / m_cpuFrequency);
    m_uploadEvent = Simulator::Schedule(compute, &FederatedNode::Upload, this);
}

void
FederatedNode::Upload()
{
    const bool late = m_updateRound < m_round;
    const uint32_t destination = late ? m_announcer : m_currentAggregator;
    m_trained = !late;
    if (destination == Self())
    {
        HandleUpdateFrom(Self(), m_updateRound, m_update, 0);
    }
    else
    {
        FederatedMessage update;
        update.type = FederatedMessage::UPDATE;
        update.round = m_updateRound;
        update.sender = Self();
        update.samples = m_update.samples;
        update.roundStartNs = m_roundStart.GetNanoSeconds();
        update.parameterCount = static_cast<uint32_t>(m_update.parameters.size());
        if (m_codec && m_update.parameters.size() == m_updateBase.size())
        {
            std::vector<float> delta(m_update.parameters.size());
            for (std::size_t k = 0; k < delta.size(); ++k)
            {
                delta[k] = m_update.parameters[k] - m_updateBase[k];
            }
            update.codec = PAYLOAD_CODEC_DELTA;
            update.payload = m_codec->Encode(delta);
        }
        else
        {
            update.payload = SerializeParameters(m_update.parameters);
        }
        SendTo(update, destination);
    }
    if (late && m_trainPending)
    {
        m_trainPending = false;
        Train();
    }
}

void
FederatedNode::HandleUpdate(const FederatedMessage& message, uint64_t bytes)
{
    LocalUpdate update;
    update.samples = message.samples;
    try
    {
        if (message.codec == PAYLOAD_FLOAT32)
        {
            update.parameters = DeserializeParameters(message.payload, message.parameterCount);
        }
        else if (message.codec == PAYLOAD_CODEC_DELTA && m_codec)
        {
            const auto base = m_recentGlobals.find(message.round);
            if (base == m_recentGlobals.end() && message.round > m_round)
            {
                // Its round's announcement (the base) is still on its way here.
                m_undecoded[message.round].emplace_back(message, bytes);
                return;
            }
            if (base == m_recentGlobals.end())
            {
                throw std::invalid_argument("an encoded update of round " +
                                            std::to_string(message.round) +
                                            ", whose global model this node no longer holds");
            }
            update.parameters = m_codec->Decode(message.payload, base->second.size());
            for (std::size_t k = 0; k < update.parameters.size(); ++k)
            {
                update.parameters[k] += base->second[k];
            }
        }
        else
        {
            throw std::invalid_argument("payload codec " + std::to_string(message.codec) +
                                        (message.codec == PAYLOAD_CODEC_DELTA
                                             ? " (an encoded update) but this node has no Codec"
                                             : " is unknown"));
        }
    }
    catch (const std::invalid_argument& e)
    {
        NoteUpdate(message.round, message.sender, bytes, FederatedUpdateRecord::REFUSED, e.what());
        return;
    }
    HandleUpdateFrom(message.sender, message.round, update, bytes);
}

void
FederatedNode::HandleUpdateFrom(uint32_t participant,
                                uint64_t round,
                                const LocalUpdate& update,
                                uint64_t bytes)
{
    if (!MemberOf(participant).participant)
    {
        NoteUpdate(round, participant, bytes, FederatedUpdateRecord::REFUSED, "not a participant");
        return;
    }
    const std::string problem = CheckClientModel({update.parameters, 1}, m_initialModel.size());
    if (!problem.empty())
    {
        NoteUpdate(round, participant, bytes, FederatedUpdateRecord::REFUSED, problem);
        return;
    }
    const bool released = std::any_of(m_released.begin(), m_released.end(), [&](const auto& r) {
        return r.round == round;
    });
    if (round < m_round || released)
    {
        ++m_lateSinceRelease;
        NoteUpdate(round,
                   participant,
                   bytes,
                   FederatedUpdateRecord::LATE,
                   m_latePolicy == LATE_CARRY ? "kept for the next aggregation" : "dropped");
        if (m_latePolicy == LATE_CARRY)
        {
            if (m_collecting && m_collection.updates.count(participant) == 0)
            {
                Accept(participant, update, bytes); // joins the round being collected
            }
            else
            {
                m_carried[participant] = update; // joins the next round collected here
            }
        }
        return;
    }
    if (m_collecting && round == m_collection.round)
    {
        if (m_collection.updates.count(participant) > 0)
        {
            NoteUpdate(round, participant, bytes, FederatedUpdateRecord::REFUSED, "repeated");
            return;
        }
        Accept(participant, update, bytes);
        return;
    }
    // Not collecting that round (yet): kept in case this node takes it over or its
    // announcement is still on its way here.
    m_buffered[round][participant] = {update, bytes};
}

void
FederatedNode::NoteUpdate(uint64_t round,
                          uint32_t participant,
                          uint64_t bytes,
                          FederatedUpdateRecord::Status status,
                          const std::string& reason)
{
    NS_LOG_INFO("node " << Self() << ": update of node " << participant << " for round " << round
                        << (status == FederatedUpdateRecord::LATE ? " late: " : " refused: ")
                        << reason);
    if (status == FederatedUpdateRecord::REFUSED && m_collecting && round == m_collection.round)
    {
        ++m_collection.refused;
        m_collection.bytesUp += bytes;
    }
    FederatedUpdateRecord record;
    record.round = round;
    record.participant = participant;
    record.aggregator = Self();
    record.bytes = bytes;
    record.status = status;
    record.reason = reason;
    record.time = Simulator::Now();
    m_updateReceived(record);
}

void
FederatedNode::Collect(uint32_t rank)
{
    NS_LOG_FUNCTION(this << m_round << rank);
    m_collecting = true;
    m_collection = Collection();
    m_collection.round = m_round;
    m_collection.rank = rank;
    m_collection.start = rank == 0 ? m_roundStart : Simulator::Now();
    const Time deadline = std::max(Time(0), m_collection.start + m_deadline - Simulator::Now());
    m_collection.deadline = Simulator::Schedule(deadline, &FederatedNode::Release, this);
    for (auto& [participant, update] : m_carried)
    {
        Accept(participant, update, 0);
    }
    m_carried.clear();
    const auto buffered = m_buffered.find(m_round);
    if (buffered != m_buffered.end())
    {
        for (const auto& [participant, entry] : buffered->second)
        {
            if (m_collection.updates.count(participant) == 0)
            {
                Accept(participant, entry.first, entry.second);
            }
        }
        m_buffered.erase(buffered);
    }
}

void
FederatedNode::Accept(uint32_t participant, const LocalUpdate& update, uint64_t bytes)
{
    m_collection.updates[participant] = update;
    m_collection.bytesUp += bytes;
    FederatedUpdateRecord record;
    record.round = m_collection.round;
    record.participant = participant;
    record.aggregator = Self();
    record.bytes = bytes;
    record.status = FederatedUpdateRecord::ACCEPTED;
    record.time = Simulator::Now();
    m_updateReceived(record);
    if (m_collection.updates.size() == Participants().size())
    {
        m_collection.deadline.Cancel();
        m_collection.deadline = Simulator::ScheduleNow(&FederatedNode::Release, this);
    }
}

void
FederatedNode::Release()
{
    NS_LOG_FUNCTION(this << m_collection.round);
    m_collecting = false;
    FederatedRoundRecord record;
    record.round = m_collection.round;
    record.aggregator = Self();
    record.rank = m_collection.rank;
    record.start = m_roundStart;
    record.release = Simulator::Now();
    record.accepted = static_cast<uint32_t>(m_collection.updates.size());
    record.refused = m_collection.refused;
    record.late = m_lateSinceRelease;
    record.bytesUp = m_collection.bytesUp;
    record.loss = std::numeric_limits<double>::quiet_NaN();
    m_lateSinceRelease = 0;
    uint64_t samples = 0;
    std::vector<ClientModel> clients; // by participant node id: the order is the same each run
    for (uint32_t participant : Participants())
    {
        ++record.participants;
        const auto it = m_collection.updates.find(participant);
        if (it == m_collection.updates.end())
        {
            record.missing.push_back(participant);
            continue;
        }
        ClientModel client;
        client.parameters = it->second.parameters;
        client.weight = m_weight.IsNull() ? static_cast<double>(it->second.samples)
                                          : m_weight(participant, it->second.samples);
        samples += it->second.samples;
        clients.push_back(std::move(client));
    }
    std::vector<float> global = m_global;
    if (record.accepted >= m_quorum)
    {
        global = m_aggregator->Aggregate(m_global, clients);
        record.aggregated = true;
    }
    const std::vector<uint8_t> serialized = SerializeParameters(global);
    const Sha256Digest hash = Sha256(serialized);
    record.modelHash = ToHex(hash);
    if (!m_evaluate.IsNull())
    {
        record.loss = m_evaluate(global);
    }
    if (m_blockchain)
    {
        ModelUpdate update;
        update.node = Self();
        update.round = record.round;
        update.scope = ModelUpdate::GLOBAL;
        update.modelHash = hash;
        update.modelBytes = serialized.size();
        update.samples = samples;
        m_blockchain->SubmitTransaction(
            Transaction::Create(update, record.round, Ed25519KeyPair::ForNode(Self())));
    }

    const uint64_t next = record.round + 1;
    const std::vector<uint32_t> ranking = m_election->Rank(next);
    FederatedMessage announce;
    announce.type = FederatedMessage::ANNOUNCE;
    announce.round = next;
    announce.sender = Self();
    announce.roundStartNs = Simulator::Now().GetNanoSeconds();
    announce.parameterCount = static_cast<uint32_t>(global.size());
    announce.ranking = ranking;
    announce.payload = serialized;
    Distribute(announce);
    record.bytesDown =
        (announce.GetEncodedSize() + MessageTransport::PREFIX_BYTES) * (m_members.size() - 1);
    NS_LOG_INFO("node " << Self() << " released round " << record.round << ": " << record.accepted
                        << "/" << record.participants << " updates, "
                        << (record.release - record.start).GetSeconds() << " s");
    m_released.push_back(record);
    m_roundCompleted(record);
    m_announcer = Self();
    BeginRound(next, Simulator::Now(), ranking, global);
}

void
FederatedNode::ScheduleTakeoverCheck()
{
    const int64_t rank = RankOf(m_ranking);
    if (rank <= 0 || (m_rounds > 0 && m_round >= m_rounds))
    {
        return;
    }
    // From the round's start, or from the best backup's takeover if one took over already.
    const Time base = m_takeoverRank > 0 ? Simulator::Now() : m_roundStart;
    const int64_t steps = rank - m_takeoverRank;
    const Time at = std::max(Simulator::Now(), base + m_failoverDelay * steps);
    m_takeoverEvent.Cancel();
    m_takeoverEvent =
        Simulator::Schedule(at - Simulator::Now(), &FederatedNode::CheckTakeover, this);
}

void
FederatedNode::CheckTakeover()
{
    const int64_t rank = RankOf(m_ranking);
    if (m_collecting || rank <= 0)
    {
        return;
    }
    NS_LOG_INFO("node " << Self() << " (rank " << rank << ") takes round " << m_round << " over");
    m_takeover(m_round, Self(), static_cast<uint32_t>(rank));
    if (!m_hasRound)
    {
        // Round 0 was never announced here: it begins now, from the initial model.
        BeginRound(m_round, m_roundStart, m_ranking, m_global);
    }
    m_takeoverRank = static_cast<uint32_t>(rank);
    m_currentAggregator = Self();
    FederatedMessage takeover;
    takeover.type = FederatedMessage::TAKEOVER;
    takeover.round = m_round;
    takeover.sender = Self();
    takeover.roundStartNs = m_roundStart.GetNanoSeconds();
    takeover.ranking.assign(m_ranking.begin() + rank, m_ranking.end());
    for (const FederatedMember& member : m_members)
    {
        if (member.nodeId != Self())
        {
            SendTo(takeover, member.nodeId);
        }
    }
    Collect(static_cast<uint32_t>(rank));
    if (m_trained)
    {
        HandleUpdateFrom(Self(), m_round, m_update, 0);
    }
}

void
FederatedNode::HandleTakeover(const FederatedMessage& message)
{
    if (message.round != m_round)
    {
        return; // a round this node already left, or one it never heard of
    }
    const int64_t senderRank =
        std::find(m_ranking.begin(), m_ranking.end(), message.sender) - m_ranking.begin();
    if (senderRank >= static_cast<int64_t>(m_ranking.size()) ||
        (m_takeoverRank > 0 && senderRank >= m_takeoverRank))
    {
        return; // not a candidate of this round, or a worse backup than the one in charge
    }
    if (!m_hasRound)
    {
        BeginRound(m_round, NanoSeconds(message.roundStartNs), m_ranking, m_global);
    }
    m_takeoverRank = static_cast<uint32_t>(senderRank);
    m_currentAggregator = message.sender;
    if (m_collecting && m_collection.rank > static_cast<uint32_t>(senderRank))
    {
        // A better-ranked backup is in charge: this node's collection ends.
        m_collection.deadline.Cancel();
        m_collecting = false;
    }
    ScheduleTakeoverCheck();
    if (MemberOf(Self()).participant && m_trained)
    {
        m_uploadEvent.Cancel();
        Upload();
    }
}

} // namespace sagin
} // namespace ns3
