// SPDX-License-Identifier: GPL-2.0-only

#include "offloading-privacy-path.h"

#include "ns3/block-header.h"
#include "ns3/blockchain-node.h"
#include "ns3/consensus-engine.h"
#include "ns3/double.h"
#include "ns3/ed25519-key.h"
#include "ns3/ipv4.h"
#include "ns3/ledger.h"
#include "ns3/log.h"
#include "ns3/message-transport.h"
#include "ns3/node.h"
#include "ns3/physical-constants.h"
#include "ns3/simulator.h"
#include "ns3/transaction-payloads.h"
#include "ns3/transaction.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("OffloadingPrivacyPath");
NS_OBJECT_ENSURE_REGISTERED(OffloadingPrivacyPath);

namespace
{
/** Bytes of the slot number at the start of an upload message. */
constexpr uint32_t SLOT_BYTES = 8;
} // namespace

TypeId
OffloadingPrivacyPath::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::OffloadingPrivacyPath")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddConstructor<OffloadingPrivacyPath>()
            .AddAttribute("Port",
                          "TCP port of the model upload on the leader and the MBSs.",
                          UintegerValue(7171),
                          MakeUintegerAccessor(&OffloadingPrivacyPath::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("TamperProbability",
                          "Probability that a twin tampers with its follower's record (halves "
                          "the price it reports); the leader closes such records (in [0, 1]; "
                          "not in study A: 0).",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&OffloadingPrivacyPath::m_tamperProbability),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("RecordReward",
                          "Coins a record earns its initiator, paid at the end of the first slot "
                          "by which every twin has verified its block (study A gives no amount: "
                          "1).",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&OffloadingPrivacyPath::m_recordReward),
                          MakeDoubleChecker<double>(0.0));
    return tid;
}

OffloadingPrivacyPath::OffloadingPrivacyPath()
    : m_tamper(CreateObject<UniformRandomVariable>())
{
}

OffloadingPrivacyPath::~OffloadingPrivacyPath() = default;

void
OffloadingPrivacyPath::DoDispose()
{
    for (EventId& event : m_processing)
    {
        event.Cancel();
    }
    for (Mbs& mbs : m_mbs)
    {
        mbs.transport->Stop();
    }
    if (m_leaderTransport)
    {
        m_leaderTransport->Stop();
    }
    m_mbs.clear();
    m_leaderTransport = nullptr;
    if (m_leaderChain && m_leaderChain->GetConsensus())
    {
        // Admit points at this object; the engine may outlive it.
        m_leaderChain->GetConsensus()->SetTransactionFilter(ConsensusEngine::TransactionFilter());
    }
    m_leaderChain = nullptr;
    m_twins.clear();
    m_unpaid.clear();
    Object::DoDispose();
}

void
OffloadingPrivacyPath::SetUploadTree(Ptr<Node> leader,
                                     const std::vector<Ptr<Node>>& mbs,
                                     const std::vector<Ipv4Address>& parentAddresses,
                                     const std::vector<int32_t>& parents)
{
    if (mbs.empty() || parentAddresses.size() != mbs.size() || parents.size() != mbs.size())
    {
        throw std::invalid_argument(
            "OffloadingPrivacyPath::SetUploadTree: " + std::to_string(mbs.size()) + " MBSs, " +
            std::to_string(parentAddresses.size()) + " addresses and " +
            std::to_string(parents.size()) + " parents; give one of each per MBS, at least one");
    }
    for (uint32_t n = 0; n < mbs.size(); ++n)
    {
        if (parents[n] >= static_cast<int32_t>(n) || parents[n] < -1)
        {
            throw std::invalid_argument(
                "OffloadingPrivacyPath::SetUploadTree: MBS " + std::to_string(n) + "'s parent " +
                std::to_string(parents[n]) + " must be -1 (the leader) or an earlier MBS");
        }
    }
    if (m_leaderTransport)
    {
        throw std::logic_error("OffloadingPrivacyPath::SetUploadTree: the tree is set already");
    }
    std::vector<Ptr<Node>> nodes(mbs);
    nodes.push_back(leader);
    for (const Ptr<Node>& node : nodes)
    {
        if (!node->GetObject<Ipv4>())
        {
            throw std::invalid_argument("OffloadingPrivacyPath::SetUploadTree: node " +
                                        std::to_string(node->GetId()) +
                                        " has no Internet stack; install one first");
        }
    }
    m_leaderTransport = CreateObject<MessageTransport>();
    m_leaderTransport->Start(
        leader,
        m_port,
        MakeCallback(&OffloadingPrivacyPath::ModelReceived, this).Bind(static_cast<int32_t>(-1)));
    m_mbs.clear();
    m_leaderChildren = 0;
    for (uint32_t n = 0; n < mbs.size(); ++n)
    {
        Mbs entry;
        entry.node = mbs[n];
        entry.parentAddress = parentAddresses[n];
        entry.parent = parents[n];
        entry.transport = CreateObject<MessageTransport>();
        entry.transport->Start(mbs[n],
                               m_port,
                               MakeCallback(&OffloadingPrivacyPath::ModelReceived, this)
                                   .Bind(static_cast<int32_t>(n)));
        m_mbs.push_back(entry);
        if (parents[n] < 0)
        {
            ++m_leaderChildren;
        }
        else
        {
            ++m_mbs[parents[n]].children;
        }
    }
}

void
OffloadingPrivacyPath::SetChain(Ptr<BlockchainNode> leader,
                                const std::vector<Ptr<BlockchainNode>>& twins)
{
    m_leaderChain = leader;
    m_twins = twins;
    m_coins.assign(twins.size(), 0.0);
    leader->GetConsensus()->SetTransactionFilter(MakeCallback(&OffloadingPrivacyPath::Admit, this));
}

void
OffloadingPrivacyPath::BeginSlot(const OffloadingSlotProblem& problem,
                                 const std::vector<FollowerDecision>& decisions)
{
    const OffloadingConstants& k = problem.GetConstants();
    if (m_mbs.size() != k.cells || m_twins.size() != decisions.size() || !m_leaderChain)
    {
        throw std::logic_error(
            "OffloadingPrivacyPath::BeginSlot: the path has " + std::to_string(m_mbs.size()) +
            " MBSs and " + std::to_string(m_twins.size()) + " twins for N = " +
            std::to_string(k.cells) + " and " + std::to_string(decisions.size()) +
            " followers; build it for the slot's scenario (OffloadingNetworkHelper)");
    }
    ++m_slot;
    m_inSlot = true;
    m_slotStart = Simulator::Now();
    m_uploadBytes = std::ceil(k.modelTransmissionFactor * k.modelBits / BITS_PER_BYTE);
    m_modelProcessing = Seconds(problem.ModelProcessingSeconds());
    m_uploadDone = false;
    m_leaderReceived = 0;
    for (EventId& event : m_processing)
    {
        event.Cancel();
    }
    m_processing.clear();
    for (uint32_t n = 0; n < m_mbs.size(); ++n)
    {
        Mbs& mbs = m_mbs[n];
        mbs.childrenReceived = 0;
        mbs.processed = false;
        mbs.sent = false;
        m_processing.push_back(Simulator::Schedule(m_modelProcessing,
                                                   &OffloadingPrivacyPath::ModelProcessed,
                                                   this,
                                                   n));
    }

    for (uint32_t i = 0; i < decisions.size(); ++i)
    {
        m_twins[i]->SetAttribute("CpuFrequency",
                                 DoubleValue(decisions[i].frequencyGHz * HZ_PER_GHZ));
        m_twins[i]->SetAttribute("VerificationCyclesPerBit",
                                 DoubleValue(k.verificationCyclesPerBit));
    }
    m_leaderChain->GetConsensus()->SetAttribute(
        "MaxBlockBytes",
        UintegerValue(static_cast<uint64_t>(
            std::floor(OffloadingSlotProblem::ProposedBlockBytes(decisions)))));
}

void
OffloadingPrivacyPath::ModelProcessed(uint32_t mbs)
{
    m_mbs[mbs].processed = true;
    TrySend(mbs);
}

void
OffloadingPrivacyPath::ModelReceived(int32_t mbs,
                                     Ipv4Address from,
                                     const std::vector<uint8_t>& message)
{
    uint64_t slot = 0;
    for (uint32_t b = 0; b < SLOT_BYTES && b < message.size(); ++b)
    {
        slot = (slot << 8) | message[b];
    }
    if (!m_inSlot || slot != m_slot)
    {
        NS_LOG_INFO("model of slot " << slot << " from " << from << " arrived in slot " << m_slot
                                     << ": too late, ignored");
        return;
    }
    if (mbs < 0)
    {
        if (++m_leaderReceived == m_leaderChildren)
        {
            m_uploadEnd = Simulator::Now();
            m_uploadDone = true;
        }
        return;
    }
    ++m_mbs[mbs].childrenReceived;
    TrySend(mbs);
}

void
OffloadingPrivacyPath::TrySend(uint32_t n)
{
    Mbs& mbs = m_mbs[n];
    if (mbs.sent || !mbs.processed || mbs.childrenReceived < mbs.children)
    {
        return;
    }
    mbs.sent = true;
    mbs.transport->Send(mbs.parentAddress, m_port, MakeModelMessage());
}

std::vector<uint8_t>
OffloadingPrivacyPath::MakeModelMessage() const
{
    std::vector<uint8_t> message(std::max<size_t>(SLOT_BYTES, static_cast<size_t>(m_uploadBytes)),
                                 0);
    for (uint32_t b = 0; b < SLOT_BYTES; ++b)
    {
        message[b] = static_cast<uint8_t>(m_slot >> (8 * (SLOT_BYTES - 1 - b)));
    }
    return message;
}

MeasuredPrivacyOverhead
OffloadingPrivacyPath::MeasureSlot()
{
    if (!m_inSlot)
    {
        throw std::logic_error("OffloadingPrivacyPath::MeasureSlot: no slot begun");
    }
    m_inSlot = false;
    const Time now = Simulator::Now();
    MeasuredPrivacyOverhead measured;
    measured.modelProcessingSeconds = m_modelProcessing.GetSeconds();
    const Time uploadStart = m_slotStart + m_modelProcessing;
    const Time uploadEnd = m_uploadDone ? m_uploadEnd : now;
    measured.modelUploadSeconds = std::max(Time(0), uploadEnd - uploadStart).GetSeconds();

    // The block the leader produced at the slot's start: the newest, if made since then.
    Ptr<Ledger> leader = m_leaderChain->GetLedger();
    const Sha256Digest block = leader->GetTipHash();
    const Time produced = leader->GetArrivalTime(block);
    bool verifiedByAll = false;
    if (leader->GetTipHeight() > 0 && produced >= m_slotStart)
    {
        measured.blockBytes = leader->GetBlock(block).GetSerializedSize();
        verifiedByAll = true;
        Time verified = produced;
        for (const Ptr<BlockchainNode>& twin : m_twins)
        {
            Ptr<Ledger> ledger = twin->GetLedger();
            const bool has = ledger->HasBlock(block);
            verifiedByAll = verifiedByAll && has;
            verified = std::max(verified, has ? ledger->GetArrivalTime(block) : now);
        }
        measured.blockSeconds = (verified - produced).GetSeconds();
        m_unpaid.push_back(block);
    }
    // Pay every block the twins have all verified by now, this one or a late earlier one.
    for (auto it = m_unpaid.begin(); it != m_unpaid.end();)
    {
        if (VerifiedByAll(*it))
        {
            Reward(leader->GetBlock(*it));
            it = m_unpaid.erase(it);
        }
        else
        {
            ++it;
        }
    }
    if (!m_uploadDone || !verifiedByAll)
    {
        ++m_incomplete;
        NS_LOG_WARN("slot " << m_slot << ": the model upload, the block or its verification had "
                            << "not finished at the slot's end (or no block was produced); "
                            << "counted up to the slot's end");
    }
    return measured;
}

void
OffloadingPrivacyPath::SubmitRecords(const std::vector<OffloadingRecord>& records)
{
    if (records.size() != m_twins.size())
    {
        throw std::invalid_argument(
            "OffloadingPrivacyPath::SubmitRecords: " + std::to_string(records.size()) +
            " records for " + std::to_string(m_twins.size()) + " twins");
    }
    for (uint32_t i = 0; i < records.size(); ++i)
    {
        m_sales[{records[i].slot, records[i].device}] = records[i];
        m_followerOf[records[i].device] = i;
        OffloadingRecord reported = records[i];
        if (m_tamper->GetValue() < m_tamperProbability)
        {
            reported.price *= 0.5;
        }
        const uint32_t node = m_twins[i]->GetNode()->GetId();
        m_twins[i]->SubmitTransaction(
            Transaction::Create(reported, reported.slot, Ed25519KeyPair::ForNode(node)));
    }
}

bool
OffloadingPrivacyPath::Admit(const Transaction& transaction)
{
    if (transaction.GetType() != TransactionType::OFFLOADING_RECORD)
    {
        return true;
    }
    const OffloadingRecord record = transaction.GetPayload<OffloadingRecord>();
    const auto sale = m_sales.find({record.slot, record.device});
    if (sale == m_sales.end())
    {
        return false; // packed already, or closed
    }
    if (record == sale->second)
    {
        return true;
    }
    NS_LOG_INFO("record of device " << record.device << " for slot " << record.slot
                                    << " differs from the leader's sale: closed");
    m_sales.erase(sale);
    ++m_closed;
    return false;
}

void
OffloadingPrivacyPath::Reward(const Block& block)
{
    for (const Transaction& transaction : block.GetTransactions())
    {
        if (transaction.GetType() != TransactionType::OFFLOADING_RECORD)
        {
            continue;
        }
        const OffloadingRecord record = transaction.GetPayload<OffloadingRecord>();
        m_sales.erase({record.slot, record.device});
        const auto follower = m_followerOf.find(record.device);
        if (follower != m_followerOf.end()) // else not one of this path's followers
        {
            m_coins[follower->second] += m_recordReward;
            ++m_rewarded;
        }
    }
}

bool
OffloadingPrivacyPath::VerifiedByAll(const Sha256Digest& block) const
{
    return std::all_of(m_twins.begin(), m_twins.end(), [&block](const Ptr<BlockchainNode>& twin) {
        return twin->GetLedger()->HasBlock(block);
    });
}

uint64_t
OffloadingPrivacyPath::GetSmallestBlockBytes()
{
    const uint64_t record =
        Transaction::Create(OffloadingRecord(), 0, Ed25519KeyPair::ForNode(0)).GetSerializedSize();
    return BlockHeader::FIXED_BYTES + sizeof(uint64_t) + 4 + record; // DPoS slot, count
}

void
OffloadingPrivacyPath::Check(const OffloadingConstants& k) const
{
    if (m_mbs.size() != k.cells || m_twins.size() != k.GetFollowers() || !m_leaderChain)
    {
        throw std::invalid_argument(
            "OffloadingPrivacyPath: built for " + std::to_string(m_mbs.size()) + " MBSs and " +
            std::to_string(m_twins.size()) + " twins, the parameters have N = " +
            std::to_string(k.cells) + " and N M = " + std::to_string(k.GetFollowers()) +
            "; build the path after setting them (OffloadingNetworkHelper::InstallPrivacyPath)");
    }
    if (k.minBlockBytes < GetSmallestBlockBytes())
    {
        throw std::invalid_argument(
            "OffloadingPrivacyPath: S_min = " + std::to_string(k.minBlockBytes) +
            " bytes is below the smallest block that holds one offloading record (" +
            std::to_string(GetSmallestBlockBytes()) + " bytes); raise MinBlockSize");
    }
    UintegerValue largest;
    m_leaderTransport->GetAttribute("MaxMessageSize", largest);
    const double upload = std::ceil(k.modelTransmissionFactor * k.modelBits / BITS_PER_BYTE);
    if (upload > static_cast<double>(largest.Get()))
    {
        throw std::invalid_argument(
            "OffloadingPrivacyPath: the model upload, delta |W| = " + std::to_string(upload) +
            " bytes, is above MessageTransport's MaxMessageSize (" + std::to_string(largest.Get()) +
            " bytes); lower ModelSize or raise ns3::sagin::MessageTransport::MaxMessageSize");
    }
}

uint32_t
OffloadingPrivacyPath::GetClosedRecords() const
{
    return m_closed;
}

uint32_t
OffloadingPrivacyPath::GetRewardedRecords() const
{
    return m_rewarded;
}

double
OffloadingPrivacyPath::GetCoins(uint32_t follower) const
{
    return m_coins.at(follower);
}

int64_t
OffloadingPrivacyPath::AssignStreams(int64_t stream)
{
    m_tamper->SetStream(stream);
    return 1;
}

uint32_t
OffloadingPrivacyPath::GetIncompleteSlots() const
{
    return m_incomplete;
}

} // namespace sagin
} // namespace ns3
