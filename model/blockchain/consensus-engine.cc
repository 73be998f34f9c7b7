// SPDX-License-Identifier: GPL-2.0-only

#include "consensus-engine.h"

#include "blockchain-node.h"
#include "ledger.h"
#include "transaction-pool.h"

#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <stdexcept>
#include <unordered_set>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("ConsensusEngine");
NS_OBJECT_ENSURE_REGISTERED(ConsensusEngine);

namespace
{

/** Engine names and the TypeIds they create, in the order GetConsensusEngineNames() lists. */
const std::vector<std::pair<std::string, std::string>> ENGINES = {
    {"pow", "ns3::sagin::PowConsensus"},
    {"pos", "ns3::sagin::PosConsensus"},
    {"dpos", "ns3::sagin::DposConsensus"},
    {"reputation", "ns3::sagin::ReputationConsensus"},
    {"pbft", "ns3::sagin::PbftConsensus"},
};

} // namespace

std::vector<std::string>
GetConsensusEngineNames()
{
    std::vector<std::string> names;
    for (const auto& [name, type] : ENGINES)
    {
        names.push_back(name);
    }
    return names;
}

TypeId
GetConsensusEngineTypeId(const std::string& name)
{
    std::string valid;
    for (const auto& [known, type] : ENGINES)
    {
        if (known == name)
        {
            return TypeId::LookupByName(type);
        }
        valid += (valid.empty() ? "" : ", ") + known;
    }
    throw std::invalid_argument("unknown consensus \"" + name + "\"; valid names are " + valid);
}

Ptr<ConsensusEngine>
CreateConsensusEngine(const std::string& name)
{
    ObjectFactory factory;
    factory.SetTypeId(GetConsensusEngineTypeId(name));
    return factory.Create<ConsensusEngine>();
}

uint64_t
CountStaleBlocks(const Ledger& ledger)
{
    return ledger.IsEmpty() ? 0 : ledger.GetBlockCount() - ledger.GetMainChain().size();
}

TypeId
ConsensusEngine::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::ConsensusEngine")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddAttribute("MaxBlockTransactions",
                          "Most pending transactions a produced block carries (transactions).",
                          UintegerValue(1000),
                          MakeUintegerAccessor(&ConsensusEngine::m_maxBlockTransactions),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MaxBlockBytes",
                          "Largest block produced (bytes: header, transaction count and "
                          "transactions; study A's block size S_B); 0: no limit. A pending "
                          "transaction that would pass it waits for a later block while smaller "
                          "ones after it may go (first fit in mempool order); the engine's own "
                          "transactions (a reputation reset) always go.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&ConsensusEngine::m_maxBlockBytes),
                          MakeUintegerChecker<uint64_t>())
            .AddTraceSource("BlockProduced",
                            "This node produced a block (hash, height).",
                            MakeTraceSourceAccessor(&ConsensusEngine::m_blockProduced),
                            "ns3::sagin::ConsensusEngine::BlockProducedTracedCallback");
    return tid;
}

ConsensusEngine::ConsensusEngine()
{
    NS_LOG_FUNCTION(this);
}

ConsensusEngine::~ConsensusEngine()
{
    NS_LOG_FUNCTION(this);
}

void
ConsensusEngine::DoDispose()
{
    NS_LOG_FUNCTION(this);
    Stop();
    m_filter = TransactionFilter(); // it may point at an application's objects
    // The ledgers' rule calls this object: remove it before it goes.
    for (const auto& ledger : m_ledgers)
    {
        ledger->SetConsensusCheck(Ledger::ConsensusCheck());
    }
    m_ledgers.clear();
    m_node = nullptr;
    Object::DoDispose();
}

void
ConsensusEngine::AddMember(uint32_t nodeId, double weight)
{
    if (!(weight >= 0))
    {
        throw std::invalid_argument("ConsensusEngine::AddMember: node " + std::to_string(nodeId) +
                                    " has weight " + std::to_string(weight) +
                                    "; stakes and reputations are >= 0");
    }
    if (FindMemberByNode(nodeId) >= 0)
    {
        throw std::invalid_argument("ConsensusEngine::AddMember: node " + std::to_string(nodeId) +
                                    " is a member already; add each node once");
    }
    ConsensusMember member;
    member.nodeId = nodeId;
    member.key = Ed25519KeyPair::PublicKeyForNode(nodeId);
    member.weight = weight;
    m_memberByNode.emplace(nodeId, static_cast<int32_t>(m_members.size()));
    m_members.push_back(member);
}

const std::vector<ConsensusMember>&
ConsensusEngine::GetMembers() const
{
    return m_members;
}

int32_t
ConsensusEngine::FindMember(const Ed25519PublicKey& key) const
{
    for (size_t i = 0; i < m_members.size(); ++i)
    {
        if (m_members[i].key == key)
        {
            return static_cast<int32_t>(i);
        }
    }
    return -1;
}

int32_t
ConsensusEngine::FindMemberByNode(uint32_t nodeId) const
{
    auto it = m_memberByNode.find(nodeId);
    return it == m_memberByNode.end() ? -1 : it->second;
}

void
ConsensusEngine::ConfigureLedger(Ptr<Ledger> ledger)
{
    ledger->SetConsensusCheck(MakeCallback(&ConsensusEngine::CheckBlock, this));
    if (std::find(m_ledgers.begin(), m_ledgers.end(), ledger) == m_ledgers.end())
    {
        m_ledgers.push_back(ledger);
    }
    ledger->SetAttribute("ForkChoice", PointerValue(CreateForkChoice()));
}

std::string
ConsensusEngine::CheckBlock(const Ledger& ledger,
                            const BlockHeader& header,
                            const std::vector<Transaction>* body) const
{
    return DoCheckBlock(ledger, header, body);
}

Ptr<ForkChoice>
ConsensusEngine::CreateForkChoice() const
{
    return DoCreateForkChoice();
}

bool
ConsensusEngine::DoIsIncludable(const Transaction& /* transaction */) const
{
    return true;
}

Ptr<ForkChoice>
ConsensusEngine::DoCreateForkChoice() const
{
    return CreateObject<LongestChainForkChoice>();
}

void
ConsensusEngine::Start(BlockchainNode* node)
{
    NS_LOG_FUNCTION(this << node);
    const std::string where =
        GetName() + " consensus on node " + std::to_string(node->GetNode()->GetId());
    if (m_members.empty())
    {
        throw std::invalid_argument(where +
                                    " has no members; call AddMember() for every member first");
    }
    if (!node->GetLedger() || node->GetLedger()->IsEmpty())
    {
        throw std::invalid_argument(where +
                                    ": append the genesis block to the ledger before starting");
    }
    m_node = node;
    m_key = Ed25519KeyPair::ForNode(node->GetNode()->GetId());
    m_running = true;
    try
    {
        DoStart();
    }
    catch (...)
    {
        m_running = false; // refused: not started
        throw;
    }
}

void
ConsensusEngine::Stop()
{
    NS_LOG_FUNCTION(this);
    if (m_running)
    {
        m_running = false;
        DoStop();
    }
}

bool
ConsensusEngine::IsRunning() const
{
    return m_running;
}

bool
ConsensusEngine::Receive(const std::vector<uint8_t>& body, Ipv4Address peer)
{
    return m_running && DoReceive(body, peer);
}

bool
ConsensusEngine::DoReceive(const std::vector<uint8_t>& /* body */, Ipv4Address peer)
{
    NS_LOG_WARN(GetName() << " consensus has no messages; dropped one from " << peer);
    return false;
}

bool
ConsensusEngine::GetMessageRound(const std::vector<uint8_t>& body, uint64_t* round) const
{
    return DoGetMessageRound(body, round);
}

uint64_t
ConsensusEngine::GetLowWatermark() const
{
    return DoGetLowWatermark();
}

bool
ConsensusEngine::DoGetMessageRound(const std::vector<uint8_t>& /* body */,
                                   uint64_t* /* round */) const
{
    return false;
}

uint64_t
ConsensusEngine::DoGetLowWatermark() const
{
    return 0;
}

std::string
ConsensusEngine::GetName() const
{
    return DoGetName();
}

uint64_t
ConsensusEngine::GetProducedCount() const
{
    return m_produced;
}

int64_t
ConsensusEngine::AssignStreams(int64_t stream)
{
    return DoAssignStreams(stream);
}

int64_t
ConsensusEngine::DoAssignStreams(int64_t /* stream */)
{
    return 0;
}

BlockchainNode*
ConsensusEngine::GetBlockchainNode() const
{
    return m_node;
}

void
ConsensusEngine::SetTransactionFilter(TransactionFilter filter)
{
    m_filter = filter;
}

Ptr<Ledger>
ConsensusEngine::GetLedger() const
{
    NS_ASSERT_MSG(m_node, "consensus engine not started");
    return m_node->GetLedger();
}

const Ed25519KeyPair&
ConsensusEngine::GetKey() const
{
    NS_ASSERT_MSG(m_key.has_value(), "consensus engine not started");
    return *m_key;
}

Block
ConsensusEngine::BuildBlock(const Sha256Digest& parent,
                            std::vector<uint8_t> consensusData,
                            std::vector<Transaction> extra) const
{
    Ptr<Ledger> ledger = GetLedger();
    std::vector<Transaction> body = std::move(extra);
    // The block's size so far: header, the 4-byte transaction count, the body (block.h).
    uint64_t bytes = BlockHeader::FIXED_BYTES + consensusData.size() + 4;
    for (const Transaction& transaction : body)
    {
        bytes += transaction.GetSerializedSize();
    }
    std::unordered_set<Sha256Digest, Sha256DigestHash> taken;
    // Skip transactions already on the parent's chain (the ledger would refuse the block).
    auto include = [&](const Sha256Digest& id, const Transaction& transaction) {
        const uint64_t size = transaction.GetSerializedSize();
        if (body.size() >= m_maxBlockTransactions ||
            (m_maxBlockBytes > 0 && bytes + size > m_maxBlockBytes) ||
            !DoIsIncludable(transaction) || (!m_filter.IsNull() && !m_filter(transaction)) ||
            !taken.insert(id).second)
        {
            return;
        }
        Ledger::TransactionLocation location;
        if (ledger->GetMode() == Ledger::FULL && ledger->FindTransaction(id, &location) &&
            ledger->GetHeader(location.blockHash).GetHeight() <=
                ledger->GetHeader(parent).GetHeight() &&
            ledger->GetAncestor(parent, ledger->GetHeader(location.blockHash).GetHeight()) ==
                location.blockHash)
        {
            return;
        }
        body.push_back(transaction);
        bytes += size;
    };
    for (const auto& [id, transaction] : m_node->GetMempool())
    {
        include(id, *transaction);
    }
    if (Ptr<TransactionPool> pool = m_node->GetTransactionPool())
    {
        for (const auto& [id, transaction] : pool->GetTransactions())
        {
            if (body.size() >= m_maxBlockTransactions)
            {
                break;
            }
            include(id, *transaction);
        }
    }
    const BlockHeader& parentHeader = ledger->GetHeader(parent);
    const Time now = std::max(Simulator::Now(), parentHeader.GetTimestamp());
    return Block::Produce(&parentHeader, std::move(body), now, GetKey(), std::move(consensusData));
}

Block
ConsensusEngine::ProduceBlock(std::vector<uint8_t> consensusData, std::vector<Transaction> extra)
{
    Block block = BuildBlock(GetLedger()->GetTipHash(), std::move(consensusData), std::move(extra));
    SubmitProduced(block);
    return block;
}

void
ConsensusEngine::SubmitProduced(const Block& block)
{
    const AppendResult result = m_node->SubmitBlock(block);
    // An invariant (the engine built the block on its own tip), not an input check.
    NS_ABORT_MSG_IF(!result.IsAccepted(),
                    GetName() << " consensus on node " << m_node->GetNode()->GetId()
                              << " produced a block its own ledger refuses: " << result.message);
    CountProduced(block);
}

void
ConsensusEngine::CountProduced(const Block& block)
{
    ++m_produced;
    NS_LOG_INFO(GetName() << " node " << m_node->GetNode()->GetId() << " produced height "
                          << block.GetHeader().GetHeight());
    m_blockProduced(block.GetHash(), block.GetHeader().GetHeight());
}

void
ConsensusEngine::Broadcast(const std::vector<uint8_t>& body)
{
    m_node->BroadcastConsensus(body);
}

} // namespace sagin
} // namespace ns3
