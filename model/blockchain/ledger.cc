// SPDX-License-Identifier: GPL-2.0-only

#include "ledger.h"

#include "ledger-recorder.h"

#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/ns3-release-compat.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"

#include <memory>
#include <stdexcept>
#include <unordered_set>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginLedger");

NS_OBJECT_ENSURE_REGISTERED(Ledger);

namespace
{

/**
 * Where the transactions of the process's validated bodies are: transaction id -> (block
 * hash, position), one entry per block of the process however many ledgers store it (issue
 * 5's "shared transaction-id indexes"). A ledger's look-ups keep the entries of blocks it
 * stores itself, so what it finds is what a per-ledger index would hold; an index per ledger
 * cost about 100 bytes per transaction and node (42 GB for a 1000-node hour of 1 MB blocks).
 */
struct SharedTransactionIndex
{
    /** transaction id -> every (block, position) holding it */
    std::unordered_map<Sha256Digest, std::vector<Ledger::TransactionLocation>, Sha256DigestHash>
        locations;
    /** blocks whose transactions are in locations */
    std::unordered_set<Sha256Digest, Sha256DigestHash> blocks;
};

/** \return the process's index */
SharedTransactionIndex&
SharedTransactions()
{
    static SharedTransactionIndex index;
    return index;
}

/**
 * \param id a transaction id
 * \return the (block, position) pairs of the process that hold it (empty if none)
 */
const std::vector<Ledger::TransactionLocation>&
LocationsOf(const Sha256Digest& id)
{
    static const std::vector<Ledger::TransactionLocation> none;
    const auto& locations = SharedTransactions().locations;
    auto it = locations.find(id);
    return it == locations.end() ? none : it->second;
}

/**
 * Put a validated block's transactions in the process's index (once per block).
 * \param hash the block's hash
 * \param body its body
 */
void
IndexTransactions(const Sha256Digest& hash, const BlockBody& body)
{
    SharedTransactionIndex& index = SharedTransactions();
    const std::vector<Sha256Digest>& ids = body.GetIds();
    if (!ids.empty() && index.blocks.insert(hash).second)
    {
        for (uint32_t i = 0; i < ids.size(); ++i)
        {
            index.locations[ids[i]].push_back(Ledger::TransactionLocation{hash, i});
        }
    }
}

/**
 * \param hash a block or transaction hash
 * \return its first 8 bytes in hex, enough to name it in a message
 */
std::string
Short(const Sha256Digest& hash)
{
    return ToHex(hash.data(), 8);
}

/**
 * \param header a header
 * \param hash its hash
 * \return "block <hash> at height <h>"
 */
std::string
Describe(const BlockHeader& header, const Sha256Digest& hash)
{
    return "block " + Short(hash) + " at height " + std::to_string(header.GetHeight());
}

/**
 * \param verdict the verdict
 * \param hash the block's hash
 * \param message the explanation
 * \return the result
 */
AppendResult
Result(BlockVerdict verdict, const Sha256Digest& hash, std::string message)
{
    AppendResult result;
    result.verdict = verdict;
    result.hash = hash;
    result.message = std::move(message);
    return result;
}

} // namespace

std::string
ToString(BlockVerdict verdict)
{
    switch (verdict)
    {
    case BlockVerdict::ACCEPTED:
        return "accepted";
    case BlockVerdict::ALREADY_KNOWN:
        return "already-known";
    case BlockVerdict::UNKNOWN_PARENT:
        return "unknown-parent";
    case BlockVerdict::GENESIS_CONFLICT:
        return "genesis-conflict";
    case BlockVerdict::BAD_HEIGHT:
        return "bad-height";
    case BlockVerdict::BAD_TIMESTAMP:
        return "bad-timestamp";
    case BlockVerdict::BAD_PRODUCER_SIGNATURE:
        return "bad-producer-signature";
    case BlockVerdict::MISSING_BODY:
        return "missing-body";
    case BlockVerdict::BAD_TRANSACTION_COUNT:
        return "bad-transaction-count";
    case BlockVerdict::BAD_MERKLE_ROOT:
        return "bad-merkle-root";
    case BlockVerdict::BAD_TRANSACTION_SIGNATURE:
        return "bad-transaction-signature";
    case BlockVerdict::DUPLICATE_TRANSACTION:
        return "duplicate-transaction";
    case BlockVerdict::BAD_CONSENSUS:
        return "bad-consensus";
    }
    return "unknown-verdict";
}

std::string
ToString(InclusionVerdict verdict)
{
    switch (verdict)
    {
    case InclusionVerdict::INCLUDED:
        return "included";
    case InclusionVerdict::UNKNOWN_BLOCK:
        return "unknown-block";
    case InclusionVerdict::BAD_SIGNATURE:
        return "bad-signature";
    case InclusionVerdict::BAD_PROOF:
        return "bad-proof";
    }
    return "unknown-verdict";
}

TypeId
Ledger::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::Ledger")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddConstructor<Ledger>()
            .AddAttribute("Mode",
                          "What the node keeps: Full (headers and bodies) or Light (headers "
                          "only). Set before the first block.",
                          EnumValue(Ledger::FULL),
                          MakeEnumAccessorFor<Ledger::Mode>(&Ledger::SetMode, &Ledger::GetMode),
                          MakeEnumChecker(Ledger::FULL, "Full", Ledger::LIGHT, "Light"))
            .AddAttribute("ForkChoice",
                          "The rule choosing the tip among forks (a ForkChoice); empty means "
                          "LongestChainForkChoice (highest block, first seen on ties).",
                          PointerValue(),
                          MakePointerAccessor(&Ledger::SetForkChoice, &Ledger::GetForkChoice),
                          MakePointerChecker<ForkChoice>())
            .AddTraceSource("BlockAccepted",
                            "A block (or header) was validated and stored.",
                            MakeTraceSourceAccessor(&Ledger::m_blockAccepted),
                            "ns3::sagin::Ledger::BlockTracedCallback")
            .AddTraceSource("BlockRejected",
                            "A block (or header) failed validation and was not stored.",
                            MakeTraceSourceAccessor(&Ledger::m_blockRejected),
                            "ns3::sagin::Ledger::RejectTracedCallback")
            .AddTraceSource("TipChanged",
                            "The tip moved: extended (reorg depth 0) or switched to another "
                            "fork (depth = blocks that left the main chain).",
                            MakeTraceSourceAccessor(&Ledger::m_tipChanged),
                            "ns3::sagin::Ledger::TipTracedCallback");
    return tid;
}

Ledger::Ledger()
{
    NS_LOG_FUNCTION(this);
}

Ledger::~Ledger()
{
    NS_LOG_FUNCTION(this);
}

void
Ledger::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_forkChoice = nullptr;
    m_recorder = nullptr;
    m_consensusCheck = ConsensusCheck();
    Object::DoDispose();
}

void
Ledger::SetConsensusCheck(ConsensusCheck check)
{
    m_consensusCheck = check;
}

AppendResult
Ledger::CheckConsensus(const BlockHeader& header,
                       const Sha256Digest& hash,
                       const std::vector<Transaction>* body) const
{
    if (!m_consensusCheck.IsNull() && !header.IsGenesis())
    {
        const std::string why = m_consensusCheck(*this, header, body);
        if (!why.empty())
        {
            return Result(BlockVerdict::BAD_CONSENSUS, hash, Describe(header, hash) + ": " + why);
        }
    }
    return Result(BlockVerdict::ACCEPTED, hash, Describe(header, hash) + " is valid");
}

void
Ledger::SetForkChoice(Ptr<ForkChoice> forkChoice)
{
    m_forkChoice = forkChoice;
}

Ptr<ForkChoice>
Ledger::GetForkChoice() const
{
    return m_forkChoice;
}

Ledger::Mode
Ledger::GetMode() const
{
    return m_mode;
}

void
Ledger::SetMode(Mode mode)
{
    if (mode != m_mode && !m_blocks.empty())
    {
        throw std::logic_error("Ledger: Mode cannot change once blocks are stored (" +
                               std::to_string(m_blocks.size()) +
                               " stored); set it before the first block");
    }
    m_mode = mode;
}

AppendResult
Ledger::ValidateHeader(const BlockHeader& header, const Sha256Digest& hash) const
{
    if (m_blocks.count(hash) != 0)
    {
        return Result(BlockVerdict::ALREADY_KNOWN, hash, Describe(header, hash) + " is stored");
    }
    if (header.IsGenesis())
    {
        if (header.GetParentHash() != Sha256Digest{})
        {
            return Result(BlockVerdict::BAD_HEIGHT,
                          hash,
                          Describe(header, hash) + " has height 0 but a parent " +
                              Short(header.GetParentHash()));
        }
        if (!m_mainChain.empty())
        {
            return Result(BlockVerdict::GENESIS_CONFLICT,
                          hash,
                          Describe(header, hash) +
                              " is a second genesis block; this ledger's "
                              "genesis is " +
                              Short(m_mainChain.front()));
        }
    }
    else
    {
        auto parent = m_blocks.find(header.GetParentHash());
        if (parent == m_blocks.end())
        {
            return Result(BlockVerdict::UNKNOWN_PARENT,
                          hash,
                          Describe(header, hash) + " has an unknown parent " +
                              Short(header.GetParentHash()) + " (fetch it first)");
        }
        const BlockHeader& p = parent->second.header;
        if (header.GetHeight() != p.GetHeight() + 1)
        {
            return Result(BlockVerdict::BAD_HEIGHT,
                          hash,
                          Describe(header, hash) + " extends a parent at height " +
                              std::to_string(p.GetHeight()) + "; expected height " +
                              std::to_string(p.GetHeight() + 1));
        }
        if (header.GetTimestamp() < p.GetTimestamp())
        {
            return Result(BlockVerdict::BAD_TIMESTAMP,
                          hash,
                          Describe(header, hash) + " has timestamp " +
                              std::to_string(header.GetTimestamp().GetSeconds()) +
                              " s, earlier than its parent's " +
                              std::to_string(p.GetTimestamp().GetSeconds()) + " s");
        }
    }
    if (!header.HasValidSignature())
    {
        return Result(BlockVerdict::BAD_PRODUCER_SIGNATURE,
                      hash,
                      Describe(header, hash) + ": the signature is not producer " +
                          Short(header.GetProducer()) + "'s");
    }
    return Result(BlockVerdict::ACCEPTED, hash, Describe(header, hash) + " is valid");
}

AppendResult
Ledger::ValidateBody(const BlockHeader& header, const BlockBody& body) const
{
    const Sha256Digest hash = header.GetHash();
    const std::vector<Transaction>& transactions = body.GetTransactions();
    if (transactions.size() != header.GetTransactionCount())
    {
        return Result(BlockVerdict::BAD_TRANSACTION_COUNT,
                      hash,
                      Describe(header, hash) + " has " + std::to_string(transactions.size()) +
                          " transactions; its header says " +
                          std::to_string(header.GetTransactionCount()));
    }
    // What depends on the body alone is computed once per body (BlockBody), whichever
    // ledger asks first.
    const Sha256Digest& root = body.GetMerkleRoot();
    if (root != header.GetMerkleRoot())
    {
        return Result(BlockVerdict::BAD_MERKLE_ROOT,
                      hash,
                      Describe(header, hash) + ": the transactions' Merkle root is " + Short(root) +
                          ", the header says " + Short(header.GetMerkleRoot()));
    }
    const std::vector<Sha256Digest>& ids = body.GetIds();
    if (const size_t i = body.FindBadSignature(); i < transactions.size())
    {
        return Result(BlockVerdict::BAD_TRANSACTION_SIGNATURE,
                      hash,
                      Describe(header, hash) + ": transaction " + std::to_string(i) + " (" +
                          Short(ids[i]) + ") is not signed by its sender " +
                          Short(transactions[i].GetSender()));
    }
    if (const size_t i = body.FindRepeated(); i < transactions.size())
    {
        return Result(BlockVerdict::DUPLICATE_TRANSACTION,
                      hash,
                      Describe(header, hash) + ": transaction " + std::to_string(i) + " (" +
                          Short(ids[i]) + ") appears twice in the block");
    }
    if (header.IsGenesis() || m_mode != FULL)
    {
        // light ledgers keep no transactions to compare with
        return Result(BlockVerdict::ACCEPTED, hash, Describe(header, hash) + " is valid");
    }
    for (size_t i = 0; i < ids.size(); ++i)
    {
        const Sha256Digest& id = ids[i];
        for (const auto& location : LocationsOf(id))
        {
            if (m_blocks.count(location.blockHash) > 0 &&
                IsAncestorOrSelf(location.blockHash, header.GetParentHash()))
            {
                return Result(BlockVerdict::DUPLICATE_TRANSACTION,
                              hash,
                              Describe(header, hash) + ": transaction " + std::to_string(i) + " (" +
                                  Short(id) + ") is already in ancestor block " +
                                  Short(location.blockHash));
            }
        }
    }
    return Result(BlockVerdict::ACCEPTED, hash, Describe(header, hash) + " is valid");
}

AppendResult
Ledger::Validate(const Block& block) const
{
    const BlockHeader& header = block.GetHeader();
    const Sha256Digest hash = header.GetHash();
    AppendResult result = ValidateHeader(header, hash);
    if (!result.IsAccepted())
    {
        return result;
    }
    result = ValidateBody(header, *block.GetBody());
    if (!result.IsAccepted())
    {
        return result;
    }
    return CheckConsensus(header, hash, &block.GetTransactions());
}

AppendResult
Ledger::Reject(AppendResult result)
{
    NS_LOG_INFO("rejected: " << ToString(result.verdict) << ": " << result.message);
    m_blockRejected(result.hash, result.verdict, result.message);
    return result;
}

AppendResult
Ledger::Append(const Block& block)
{
    const BlockHeader& header = block.GetHeader();
    const Sha256Digest hash = header.GetHash();
    AppendResult result = ValidateHeader(header, hash);
    if (!result.IsAccepted())
    {
        return Reject(result);
    }
    result = ValidateBody(header, *block.GetBody());
    if (!result.IsAccepted())
    {
        return Reject(result);
    }
    result = CheckConsensus(header, hash, &block.GetTransactions());
    if (!result.IsAccepted())
    {
        return Reject(result);
    }
    Entry entry;
    entry.header = header;
    entry.storedBytes = header.GetSerializedSize();
    if (m_mode == FULL)
    {
        entry.body = BlockBody::Share(hash, block.GetBody());
        entry.hasBody = true;
        entry.storedBytes += block.GetBodySize();
    }
    Store(hash, std::move(entry));
    return result;
}

AppendResult
Ledger::AppendHeader(const BlockHeader& header)
{
    const Sha256Digest hash = header.GetHash();
    AppendResult result = ValidateHeader(header, hash);
    if (!result.IsAccepted())
    {
        return Reject(result);
    }
    if (m_mode == FULL)
    {
        return Reject(Result(BlockVerdict::MISSING_BODY,
                             hash,
                             Describe(header, hash) +
                                 ": a full node stores whole blocks; give Append() the block"));
    }
    result = CheckConsensus(header, hash, nullptr);
    if (!result.IsAccepted())
    {
        return Reject(result);
    }
    Entry entry;
    entry.header = header;
    entry.storedBytes = header.GetSerializedSize();
    Store(hash, std::move(entry));
    return result;
}

void
Ledger::Store(const Sha256Digest& hash, Entry entry)
{
    NS_LOG_FUNCTION(this << Short(hash) << entry.header.GetHeight());
    entry.arrivalTime = Simulator::Now();
    m_storageBytes += entry.storedBytes;
    const uint64_t height = entry.header.GetHeight();
    if (entry.hasBody)
    {
        IndexTransactions(hash, *entry.body);
    }
    const Entry& stored = m_blocks.emplace(hash, std::move(entry)).first->second;
    m_arrival.push_back(hash);
    m_blockAccepted(hash, height);
    if (m_mainChain.empty())
    {
        SetTip(hash);
    }
    else
    {
        if (!m_forkChoice)
        {
            m_forkChoice = CreateObject<LongestChainForkChoice>();
        }
        if (m_forkChoice->IsPreferred(*this, hash, m_mainChain.back()))
        {
            SetTip(hash);
        }
    }
    // Last, so that a failing write (no open run) leaves the ledger consistent.
    if (m_recorder)
    {
        m_recorder->RecordBlock(stored.header,
                                stored.hasBody ? &stored.body->GetTransactions() : nullptr,
                                stored.storedBytes);
    }
}

void
Ledger::SetTip(const Sha256Digest& hash)
{
    // Walk back from the new tip until the main chain is met.
    std::vector<Sha256Digest> branch;
    Sha256Digest cursor = hash;
    while (true)
    {
        const BlockHeader& header = Find(cursor).header;
        const uint64_t height = header.GetHeight();
        if (height < m_mainChain.size() && m_mainChain[height] == cursor)
        {
            break;
        }
        branch.push_back(cursor);
        if (header.IsGenesis())
        {
            break;
        }
        cursor = header.GetParentHash();
    }
    const uint64_t forkHeight = Find(branch.back()).header.GetHeight(); // first new height
    const uint64_t oldLength = m_mainChain.size();
    const uint64_t reorgDepth = oldLength > forkHeight ? oldLength - forkHeight : 0;
    m_mainChain.resize(forkHeight);
    for (auto it = branch.rbegin(); it != branch.rend(); ++it)
    {
        m_mainChain.push_back(*it);
    }
    NS_LOG_INFO("tip " << Short(hash) << " at height " << m_mainChain.size() - 1 << ", reorg depth "
                       << reorgDepth);
    m_tipChanged(hash, m_mainChain.size() - 1, reorgDepth);
}

bool
Ledger::IsAncestorOrSelf(const Sha256Digest& ancestor, const Sha256Digest& descendant) const
{
    const uint64_t ancestorHeight = Find(ancestor).header.GetHeight();
    const uint64_t descendantHeight = Find(descendant).header.GetHeight();
    if (ancestorHeight > descendantHeight)
    {
        return false;
    }
    if (IsOnMainChain(ancestor) && IsOnMainChain(descendant))
    {
        return true;
    }
    return GetAncestor(descendant, ancestorHeight) == ancestor;
}

const Ledger::Entry&
Ledger::Find(const Sha256Digest& hash) const
{
    auto it = m_blocks.find(hash);
    if (it == m_blocks.end())
    {
        throw std::out_of_range("Ledger: no block " + ToHex(hash) + " is stored");
    }
    return it->second;
}

bool
Ledger::IsEmpty() const
{
    return m_blocks.empty();
}

uint64_t
Ledger::GetBlockCount() const
{
    return m_blocks.size();
}

bool
Ledger::HasBlock(const Sha256Digest& hash) const
{
    return m_blocks.count(hash) != 0;
}

bool
Ledger::HasBody(const Sha256Digest& hash) const
{
    auto it = m_blocks.find(hash);
    return it != m_blocks.end() && it->second.hasBody;
}

const BlockHeader&
Ledger::GetHeader(const Sha256Digest& hash) const
{
    return Find(hash).header;
}

const std::vector<Transaction>&
Ledger::GetTransactions(const Sha256Digest& hash) const
{
    const Entry& entry = Find(hash);
    if (!entry.hasBody)
    {
        throw std::logic_error("Ledger: block " + ToHex(hash) +
                               " has no stored body (a light node keeps headers only)");
    }
    return entry.body->GetTransactions();
}

Block
Ledger::GetBlock(const Sha256Digest& hash) const
{
    GetTransactions(hash); // throws if there is no body
    const Entry& entry = Find(hash);
    return Block(entry.header, entry.body);
}

uint64_t
Ledger::GetStoredBytes(const Sha256Digest& hash) const
{
    return Find(hash).storedBytes;
}

Time
Ledger::GetArrivalTime(const Sha256Digest& hash) const
{
    return Find(hash).arrivalTime;
}

void
Ledger::Prune()
{
    NS_LOG_FUNCTION(this);
    if (m_mode == LIGHT)
    {
        return;
    }
    m_storageBytes = 0;
    for (auto& [hash, entry] : m_blocks)
    {
        entry.body.reset();
        entry.hasBody = false;
        entry.storedBytes = entry.header.GetSerializedSize();
        m_storageBytes += entry.storedBytes;
    }
    m_mode = LIGHT; // finds no transaction: the shared index answers full ledgers only
}

uint64_t
Ledger::Restore(const Ledger& source)
{
    NS_LOG_FUNCTION(this);
    if (m_mode == FULL)
    {
        return 0;
    }
    // Check every body first (parents before children; the replay check finds the ancestry's
    // transactions in the process-wide index, whose blocks this ledger stores as headers),
    // then store them all: a failure leaves the ledger as it was.
    std::vector<std::pair<Entry*, Block>> restored;
    m_mode = FULL;
    try
    {
        for (const Sha256Digest& hash : m_arrival)
        {
            Entry& entry = m_blocks.at(hash);
            if (!source.HasBody(hash))
            {
                throw std::invalid_argument("Ledger::Restore: the source has no body for " +
                                            Describe(entry.header, hash) +
                                            "; restore from a full node that holds the chain");
            }
            Block block = source.GetBlock(hash);
            const AppendResult result = ValidateBody(entry.header, *block.GetBody());
            if (!result.IsAccepted())
            {
                throw std::invalid_argument("Ledger::Restore: the source's body does not fit: " +
                                            result.message);
            }
            IndexTransactions(hash, *block.GetBody());
            restored.emplace_back(&entry, std::move(block));
        }
    }
    catch (...)
    {
        m_mode = LIGHT;
        throw;
    }
    uint64_t taken = 0;
    for (auto& [entry, block] : restored)
    {
        const Sha256Digest hash = entry->header.GetHash();
        entry->body = BlockBody::Share(hash, block.GetBody());
        entry->hasBody = true;
        entry->storedBytes += block.GetBodySize();
        m_storageBytes += block.GetBodySize();
        taken += block.GetBodySize();
    }
    return taken;
}

uint64_t
Ledger::GetStorageBytes() const
{
    return m_storageBytes;
}

const Sha256Digest&
Ledger::GetGenesisHash() const
{
    if (m_mainChain.empty())
    {
        throw std::logic_error("Ledger: empty, no genesis block yet");
    }
    return m_mainChain.front();
}

const Sha256Digest&
Ledger::GetTipHash() const
{
    if (m_mainChain.empty())
    {
        throw std::logic_error("Ledger: empty, no tip yet");
    }
    return m_mainChain.back();
}

uint64_t
Ledger::GetTipHeight() const
{
    if (m_mainChain.empty())
    {
        throw std::logic_error("Ledger: empty, no tip yet");
    }
    return m_mainChain.size() - 1;
}

const std::vector<Sha256Digest>&
Ledger::GetMainChain() const
{
    return m_mainChain;
}

bool
Ledger::IsOnMainChain(const Sha256Digest& hash) const
{
    auto it = m_blocks.find(hash);
    if (it == m_blocks.end())
    {
        return false;
    }
    const uint64_t height = it->second.header.GetHeight();
    return height < m_mainChain.size() && m_mainChain[height] == hash;
}

Sha256Digest
Ledger::GetAncestor(const Sha256Digest& hash, uint64_t height) const
{
    const Entry* entry = &Find(hash);
    if (height > entry->header.GetHeight())
    {
        throw std::out_of_range("Ledger: block " + ToHex(hash) + " is at height " +
                                std::to_string(entry->header.GetHeight()) +
                                "; it has no ancestor at height " + std::to_string(height));
    }
    Sha256Digest cursor = hash;
    while (entry->header.GetHeight() > height)
    {
        cursor = entry->header.GetParentHash();
        entry = &Find(cursor);
    }
    return cursor;
}

const std::vector<Sha256Digest>&
Ledger::GetArrivalOrder() const
{
    return m_arrival;
}

bool
Ledger::FindTransaction(const Sha256Digest& id, TransactionLocation* location) const
{
    bool found = false;
    if (m_mode != FULL)
    {
        return false; // headers only
    }
    for (const auto& candidate : LocationsOf(id))
    {
        if (!HasBody(candidate.blockHash))
        {
            continue; // another ledger's block, or a header without its body here
        }
        if (!found || IsOnMainChain(candidate.blockHash))
        {
            *location = candidate;
            found = true;
        }
        if (IsOnMainChain(candidate.blockHash))
        {
            break;
        }
    }
    return found;
}

MerkleProof
Ledger::ProveTransaction(const Sha256Digest& blockHash, uint32_t index) const
{
    const std::vector<Transaction>& body = GetTransactions(blockHash);
    if (index >= body.size())
    {
        throw std::out_of_range("Ledger: block " + ToHex(blockHash) + " has " +
                                std::to_string(body.size()) + " transactions; no index " +
                                std::to_string(index));
    }
    return MerkleTree(Find(blockHash).body->GetLeaves()).Prove(index);
}

InclusionVerdict
Ledger::VerifyTransaction(const Transaction& transaction,
                          const Sha256Digest& blockHash,
                          const MerkleProof& proof) const
{
    auto it = m_blocks.find(blockHash);
    if (it == m_blocks.end())
    {
        return InclusionVerdict::UNKNOWN_BLOCK;
    }
    if (!transaction.HasValidSignature())
    {
        return InclusionVerdict::BAD_SIGNATURE;
    }
    const BlockHeader& header = it->second.header;
    if (proof.treeSize != header.GetTransactionCount())
    {
        return InclusionVerdict::BAD_PROOF;
    }
    const Sha256Digest leaf = MerkleTree::HashLeaf(transaction.Serialize());
    return MerkleTree::Verify(leaf, proof, header.GetMerkleRoot()) ? InclusionVerdict::INCLUDED
                                                                   : InclusionVerdict::BAD_PROOF;
}

void
Ledger::Record(Ptr<RunStore> store, uint32_t node)
{
    NS_LOG_FUNCTION(this << store << node);
    m_recorder = Create<LedgerRecorder>(store, node);
    for (const auto& hash : m_arrival)
    {
        const Entry& e = Find(hash);
        m_recorder->RecordBlock(e.header,
                                e.hasBody ? &e.body->GetTransactions() : nullptr,
                                e.storedBytes);
    }
}

} // namespace sagin
} // namespace ns3
