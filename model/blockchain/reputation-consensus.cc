// SPDX-License-Identifier: GPL-2.0-only

#include "reputation-consensus.h"

#include "blockchain-node.h"
#include "ledger.h"
#include "transaction-payloads.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/nstime.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("ReputationConsensus");
NS_OBJECT_ENSURE_REGISTERED(ReputationConsensus);

TypeId
ReputationConsensus::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::ReputationConsensus")
            .SetParent<SlotConsensus>()
            .SetGroupName("Sagin")
            .AddConstructor<ReputationConsensus>()
            .AddAttribute("FallbackDelay",
                          "How long each rank waits after the previous one before producing "
                          "in its place (time; longer than a block's propagation). Default "
                          "200 ms [recon].",
                          TimeValue(MilliSeconds(200)),
                          MakeTimeAccessor(&ReputationConsensus::m_fallbackDelay),
                          MakeTimeChecker(NanoSeconds(1)))
            .AddAttribute("ResetReputation",
                          "A producer's reputation after it produces (reputation units). "
                          "Default 0: study B resets the aggregator's record.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&ReputationConsensus::m_resetReputation),
                          MakeDoubleChecker<double>());
    return tid;
}

ReputationConsensus::ReputationConsensus() = default;

ReputationConsensus::~ReputationConsensus() = default;

std::string
ReputationConsensus::DoGetName() const
{
    return "reputation";
}

void
ReputationConsensus::DoStart()
{
    if (GetLedger()->GetMode() != Ledger::FULL)
    {
        throw std::invalid_argument("ReputationConsensus needs a full ledger (Mode Full): "
                                    "reputations are recomputed from the blocks' transactions");
    }
    SlotConsensus::DoStart();
}

Time
ReputationConsensus::DoGetFallbackDelay() const
{
    return m_fallbackDelay;
}

void
ReputationConsensus::Apply(std::vector<double>* state, const std::vector<Transaction>& body) const
{
    for (const auto& tx : body)
    {
        if (tx.GetType() != TransactionType::REPUTATION_CHANGE)
        {
            continue;
        }
        const ReputationChange change = tx.GetPayload<ReputationChange>();
        const int32_t subject = FindMemberByNode(change.subject);
        if (subject < 0)
        {
            continue; // CheckBody refuses these; a stored block has none
        }
        if (change.reason == ReputationChange::PRODUCER_RESET)
        {
            (*state)[subject] = m_resetReputation;
        }
        else
        {
            (*state)[subject] += change.delta;
        }
    }
}

std::vector<double>
ReputationConsensus::GetReputations(const Ledger& ledger, const Sha256Digest& hash) const
{
    std::vector<Sha256Digest> path;
    Sha256Digest cursor = hash;
    std::vector<double> state;
    while (true)
    {
        auto it = m_cache.find(cursor);
        if (it != m_cache.end())
        {
            state = it->second;
            break;
        }
        if (ledger.GetHeader(cursor).IsGenesis())
        {
            for (const auto& member : GetMembers())
            {
                state.push_back(member.weight);
            }
            m_cache[cursor] = state;
            break;
        }
        path.push_back(cursor);
        cursor = ledger.GetHeader(cursor).GetParentHash();
    }
    for (auto it = path.rbegin(); it != path.rend(); ++it)
    {
        Apply(&state, ledger.GetTransactions(*it));
        m_cache[*it] = state;
    }
    return state;
}

std::vector<uint32_t>
ReputationConsensus::Rank(const Ledger& ledger, const Sha256Digest& parent) const
{
    const std::vector<double> reputations = GetReputations(ledger, parent);
    std::vector<uint32_t> order(reputations.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&reputations](uint32_t a, uint32_t b) {
        return reputations[a] > reputations[b];
    });
    return order;
}

std::vector<uint32_t>
ReputationConsensus::DoGetProducers(const Ledger& ledger,
                                    const Sha256Digest& parent,
                                    uint64_t /* slot */) const
{
    return Rank(ledger, parent);
}

uint32_t
ReputationConsensus::GetCurrentProducer() const
{
    Ptr<Ledger> ledger = GetLedger();
    return GetMembers()[Rank(*ledger, ledger->GetTipHash()).front()].nodeId;
}

std::vector<uint32_t>
ReputationConsensus::GetRanking() const
{
    Ptr<Ledger> ledger = GetLedger();
    if (!ledger)
    {
        throw std::logic_error("ReputationConsensus::GetRanking: the engine is not started yet "
                               "(its BlockchainNode starts it)");
    }
    std::vector<uint32_t> nodes;
    for (uint32_t member : Rank(*ledger, ledger->GetTipHash()))
    {
        nodes.push_back(GetMembers()[member].nodeId);
    }
    return nodes;
}

uint32_t
ReputationConsensus::GetLastProducer() const
{
    Ptr<Ledger> ledger = GetLedger();
    const int32_t member = FindMember(ledger->GetHeader(ledger->GetTipHash()).GetProducer());
    if (member < 0)
    {
        throw std::logic_error("ReputationConsensus::GetLastProducer: the tip (the genesis "
                               "block?) was produced by no member; ask once a member's block "
                               "follows it");
    }
    return GetMembers()[member].nodeId;
}

std::vector<Transaction>
ReputationConsensus::DoMakeProducerTransactions(const Sha256Digest& parent, uint64_t slot)
{
    const uint32_t self = static_cast<uint32_t>(FindMember(GetKey().GetPublicKey()));
    ReputationChange reset;
    reset.subject = GetMembers()[self].nodeId;
    reset.round = slot;
    reset.delta = m_resetReputation - GetReputations(*GetLedger(), parent)[self];
    reset.reason = ReputationChange::PRODUCER_RESET;
    return {Transaction::Create(reset, slot, GetKey())};
}

bool
ReputationConsensus::DoIsIncludable(const Transaction& transaction) const
{
    if (transaction.GetType() != TransactionType::REPUTATION_CHANGE)
    {
        return true;
    }
    // Leave out what DoCheckBody refuses: resets (only the producer's own, made at
    // production), changes signed by non-members or about non-members.
    const ReputationChange change = transaction.GetPayload<ReputationChange>();
    return change.reason == ReputationChange::ROUND_BEHAVIOUR &&
           FindMember(transaction.GetSender()) >= 0 && FindMemberByNode(change.subject) >= 0;
}

std::string
ReputationConsensus::DoCheckBody(const Ledger& ledger,
                                 const BlockHeader& header,
                                 const std::vector<Transaction>& body) const
{
    const int32_t producer = FindMember(header.GetProducer());
    const uint32_t producerNode = GetMembers()[producer].nodeId;
    const double expected =
        m_resetReputation - GetReputations(ledger, header.GetParentHash())[producer];
    uint32_t resets = 0;
    for (size_t i = 0; i < body.size(); ++i)
    {
        const Transaction& tx = body[i];
        if (tx.GetType() != TransactionType::REPUTATION_CHANGE)
        {
            continue;
        }
        if (FindMember(tx.GetSender()) < 0)
        {
            return "transaction " + std::to_string(i) +
                   " changes a reputation but its sender is not a member";
        }
        const ReputationChange change = tx.GetPayload<ReputationChange>();
        if (FindMemberByNode(change.subject) < 0)
        {
            return "transaction " + std::to_string(i) + " changes the reputation of node " +
                   std::to_string(change.subject) + ", which is not a member";
        }
        if (change.reason != ReputationChange::PRODUCER_RESET)
        {
            continue;
        }
        if (i != 0 || change.subject != producerNode || tx.GetSender() != header.GetProducer())
        {
            return "transaction " + std::to_string(i) +
                   " is a producer reset that is not the producer's own first transaction";
        }
        if (change.delta != expected)
        {
            return "the producer's reset has delta " + std::to_string(change.delta) +
                   "; its reputation requires " + std::to_string(expected);
        }
        ++resets;
    }
    if (resets != 1)
    {
        return "the block has " + std::to_string(resets) +
               " producer resets; the producer must reset its reputation once";
    }
    return "";
}

} // namespace sagin
} // namespace ns3
