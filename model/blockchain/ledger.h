// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_LEDGER_H
#define SAGIN_LEDGER_H

#include "block.h"
#include "fork-choice.h"

#include "ns3/callback.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace ns3
{
namespace sagin
{

class LedgerRecorder;
class RunStore;

/**
 * \ingroup sagin
 * What a Ledger decided about a block. Checks run in the order listed; the first failing one
 * is reported.
 */
enum class BlockVerdict : uint8_t
{
    ACCEPTED,                  //!< stored
    ALREADY_KNOWN,             //!< a block with this hash is stored already
    UNKNOWN_PARENT,            //!< the parent is not stored (fetch it first)
    GENESIS_CONFLICT,          //!< a second, different genesis block
    BAD_HEIGHT,                //!< height is not the parent's + 1
    BAD_TIMESTAMP,             //!< timestamp earlier than the parent's
    BAD_PRODUCER_SIGNATURE,    //!< the header's signature is not the producer's
    MISSING_BODY,              //!< a full node was given a header only
    BAD_TRANSACTION_COUNT,     //!< the header's transaction count differs from the body's
    BAD_MERKLE_ROOT,           //!< the header's Merkle root is not the body's
    BAD_TRANSACTION_SIGNATURE, //!< a transaction's signature is not its sender's
    DUPLICATE_TRANSACTION,     //!< a transaction appears twice in the block or its ancestry
    BAD_CONSENSUS,             //!< the consensus engine's rule refuses it (ConsensusCheck)
};

/**
 * \ingroup sagin
 * \param verdict a verdict
 * \return its name, e.g. "bad-merkle-root"
 */
std::string ToString(BlockVerdict verdict);

/**
 * \ingroup sagin
 * The outcome of Ledger::Append(): the verdict, a message saying why (naming the block, and
 * the transaction when one is at fault) and the block's hash.
 */
struct AppendResult
{
    BlockVerdict verdict{BlockVerdict::ACCEPTED}; //!< what was decided
    std::string message;                          //!< why, for people
    Sha256Digest hash{};                          //!< the block's hash

    /** \return true if the block was stored */
    bool IsAccepted() const
    {
        return verdict == BlockVerdict::ACCEPTED;
    }
};

/**
 * \ingroup sagin
 * What Ledger::VerifyTransaction() found.
 */
enum class InclusionVerdict : uint8_t
{
    INCLUDED,      //!< the transaction is in the block: valid signature, valid proof
    UNKNOWN_BLOCK, //!< no stored header with that hash
    BAD_SIGNATURE, //!< the transaction's signature is not its sender's
    BAD_PROOF,     //!< the proof does not lead from the transaction to the header's root
};

/**
 * \ingroup sagin
 * \param verdict a verdict
 * \return its name, e.g. "bad-proof"
 */
std::string ToString(InclusionVerdict verdict);

/**
 * \ingroup sagin
 * One node's copy of the chain, in memory: a tree of blocks rooted at one genesis block,
 * with a tip chosen by a ForkChoice rule (default: longest chain, first seen on ties).
 *
 * Append() validates a block completely before storing it: known parent, height = parent's
 * + 1, timestamp not earlier than the parent's, the producer's signature, the transaction
 * count and the Merkle root of the body, every transaction's signature, and no transaction
 * twice (in the block, or — on a full node — in its ancestry). A rejected block is not
 * stored and the result says why (BlockVerdict + message); the BlockRejected trace fires.
 * Last, a consensus engine's rule (SetConsensusCheck(): PoW target, producer schedule,
 * PBFT commit) may refuse the block (BAD_CONSENSUS); genesis blocks are not asked.
 * Blocks whose parent is unknown are rejected (UNKNOWN_PARENT), not kept as orphans: gossip
 * fetches parents first. The first block must be a genesis block (height 0, zero parent).
 *
 * Mode: a FULL node stores headers and bodies; a LIGHT node stores headers only. A light
 * node accepts a whole block (validates it as a full node would, then drops the body) or a
 * header alone (AppendHeader(): everything but the body checks; duplicates in the ancestry
 * cannot be checked without bodies). A light node verifies that one of its own
 * transactions is in a block with VerifyTransaction() and a Merkle proof from a full node
 * (ProveTransaction()).
 *
 * GetStorageBytes() is the exact sum of the serialised sizes the node keeps: per block, the
 * header's serialisation, plus on a full node the body's (4 + transactions). Index
 * structures (hash maps) are not counted; they are the same for every node and not part of
 * the chain (study C's s_fu and s_li).
 *
 * Optional persistence: Record() writes every stored block, and from then on every accepted
 * block, to a RunStore (see LedgerRecorder for the tables); LedgerRecorder::Load() rebuilds
 * a ledger from them, verifying every hash and signature again.
 */
class Ledger : public Object
{
  public:
    /** What the node keeps. */
    enum Mode
    {
        FULL = 0, //!< headers and bodies
        LIGHT = 1 //!< headers only
    };

    /** Where a transaction is stored. */
    struct TransactionLocation
    {
        Sha256Digest blockHash{}; //!< the block
        uint32_t index{0};        //!< position in the body (0-based)
    };

    /**
     * TracedCallback signature for accepted blocks.
     * \param hash the block's hash
     * \param height its height
     */
    typedef void (*BlockTracedCallback)(const Sha256Digest& hash, uint64_t height);

    /**
     * TracedCallback signature for rejected blocks.
     * \param hash the block's hash
     * \param verdict why it was rejected
     * \param message the explanation
     */
    typedef void (*RejectTracedCallback)(const Sha256Digest& hash,
                                         BlockVerdict verdict,
                                         const std::string& message);

    /**
     * TracedCallback signature for tip changes.
     * \param hash the new tip's hash
     * \param height its height
     * \param reorgDepth number of blocks that left the main chain (0: the tip was extended)
     */
    typedef void (*TipTracedCallback)(const Sha256Digest& hash,
                                      uint64_t height,
                                      uint64_t reorgDepth);

    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * A consensus engine's validity rule: given the ledger (parent stored), a header and the
     * body (nullptr when only the header is appended), it returns "" if the block is valid
     * and otherwise why not.
     */
    typedef Callback<std::string,
                     const Ledger&,
                     const BlockHeader&,
                     const std::vector<Transaction>*>
        ConsensusCheck;

    Ledger();
    ~Ledger() override;

    /**
     * Install the consensus engine's rule, run last for every non-genesis block (a null
     * callback removes it).
     * \param check the rule
     */
    void SetConsensusCheck(ConsensusCheck check);

    /**
     * Validate a block and store it (a light node stores its header only).
     * \param block the block
     * \return the verdict; ACCEPTED if stored
     */
    AppendResult Append(const Block& block);

    /**
     * Validate a header and store it (light nodes only; a full node answers MISSING_BODY).
     * \param header the header
     * \return the verdict; ACCEPTED if stored
     */
    AppendResult AppendHeader(const BlockHeader& header);

    /**
     * Validate a block as Append() would, without storing it.
     * \param block the block
     * \return the verdict
     */
    AppendResult Validate(const Block& block) const;

    /** \return FULL or LIGHT (the Mode attribute) */
    Mode GetMode() const;

    /**
     * Set the mode; only while the ledger is empty (throws std::logic_error otherwise).
     * \param mode FULL or LIGHT
     */
    void SetMode(Mode mode);

    /**
     * Become a light node now: drop every stored body and the transaction index; storage
     * falls to the headers (study C: a UAV turned light node frees its cache space). Nothing
     * is checked again. A light ledger stays as it is.
     */
    void Prune();

    /**
     * Become a full node now, taking the bodies of the stored blocks from a full node's
     * ledger (what a light node turned full downloads; study C neglects the time it takes).
     * Each body is checked against this ledger's header as Append() checks it (Merkle root,
     * signatures, duplicates in the ancestry). Throws std::invalid_argument naming the block
     * when the source lacks a body or gives one that fails (the ledger is then unchanged).
     * A full ledger stays as it is (returns 0).
     * \param source a ledger holding the bodies
     * \return the body bytes taken (what the download would carry)
     */
    uint64_t Restore(const Ledger& source);

    /** \return true before the genesis block is stored */
    bool IsEmpty() const;

    /** \return number of stored blocks, forks included */
    uint64_t GetBlockCount() const;

    /**
     * \param hash a block hash
     * \return true if the block (or, on a light node, its header) is stored
     */
    bool HasBlock(const Sha256Digest& hash) const;

    /**
     * \param hash a block hash
     * \return true if the block's body is stored (full nodes)
     */
    bool HasBody(const Sha256Digest& hash) const;

    /**
     * \param hash a stored block's hash; throws std::out_of_range naming it otherwise
     * \return its header
     */
    const BlockHeader& GetHeader(const Sha256Digest& hash) const;

    /**
     * \param hash a stored block's hash; throws std::out_of_range for an unknown block and
     *        std::logic_error when the body is not stored (light node)
     * \return its transactions
     */
    const std::vector<Transaction>& GetTransactions(const Sha256Digest& hash) const;

    /**
     * \param hash a stored block's hash (body stored)
     * \return the block
     */
    Block GetBlock(const Sha256Digest& hash) const;

    /**
     * \param hash a stored block's hash
     * \return the bytes this node keeps for it (header, plus body on a full node)
     */
    uint64_t GetStoredBytes(const Sha256Digest& hash) const;

    /**
     * \param hash a stored block's hash
     * \return the simulation time at which it was stored
     */
    Time GetArrivalTime(const Sha256Digest& hash) const;

    /** \return the sum of GetStoredBytes() over every stored block (bytes) */
    uint64_t GetStorageBytes() const;

    /** \return the genesis block's hash; throws std::logic_error when empty */
    const Sha256Digest& GetGenesisHash() const;

    /** \return the tip's hash; throws std::logic_error when empty */
    const Sha256Digest& GetTipHash() const;

    /** \return the tip's height; throws std::logic_error when empty */
    uint64_t GetTipHeight() const;

    /** \return the main chain, genesis first, tip last (empty when the ledger is empty) */
    const std::vector<Sha256Digest>& GetMainChain() const;

    /**
     * \param hash a block hash
     * \return true if the block is on the main chain (an ancestor of the tip, or the tip)
     */
    bool IsOnMainChain(const Sha256Digest& hash) const;

    /**
     * \param hash a stored block's hash
     * \param height a height not above the block's (throws std::out_of_range otherwise)
     * \return the hash of its ancestor at that height (itself at its own height)
     */
    Sha256Digest GetAncestor(const Sha256Digest& hash, uint64_t height) const;

    /** \return every stored block's hash, in the order they were stored */
    const std::vector<Sha256Digest>& GetArrivalOrder() const;

    /**
     * Find a transaction on a full node, preferring a main-chain block.
     * \param id the transaction id (Transaction::GetId())
     * \param location set to where it is, when found
     * \return true if found
     */
    bool FindTransaction(const Sha256Digest& id, TransactionLocation* location) const;

    /**
     * The Merkle proof a full node sends to a light node. Throws std::out_of_range for an
     * unknown block or index, std::logic_error when the body is not stored.
     * \param blockHash the block
     * \param index position of the transaction in the body
     * \return the proof
     */
    MerkleProof ProveTransaction(const Sha256Digest& blockHash, uint32_t index) const;

    /**
     * Check that a transaction is in a stored block using only the header (what a light
     * node does): the transaction's signature, then the proof from its leaf hash to the
     * header's Merkle root, with the tree size the header states. Whether the block is on
     * the main chain is IsOnMainChain()'s question.
     * \param transaction the transaction
     * \param blockHash the block claimed to contain it
     * \param proof the inclusion proof
     * \return the verdict
     */
    InclusionVerdict VerifyTransaction(const Transaction& transaction,
                                       const Sha256Digest& blockHash,
                                       const MerkleProof& proof) const;

    /**
     * Persist this ledger to a run store as node `node` of the store's open run: every block
     * stored so far, then every block accepted later (see LedgerRecorder). Throws
     * std::runtime_error when the store has no open run.
     * \param store the run store
     * \param node the node id written in the rows
     */
    void Record(Ptr<RunStore> store, uint32_t node);

  protected:
    void DoDispose() override;

  private:
    /** A stored block. */
    struct Entry
    {
        BlockHeader header;                    //!< header
        std::shared_ptr<const BlockBody> body; //!< body (full nodes), shared
        bool hasBody{false};                   //!< body stored
        uint64_t storedBytes{0};               //!< bytes kept for the block
        Time arrivalTime;                      //!< when it was stored
    };

    /**
     * Validate a header against the stored chain (every check before the body's).
     * \param header the header
     * \param hash its hash
     * \return the verdict (ACCEPTED if the header passes)
     */
    AppendResult ValidateHeader(const BlockHeader& header, const Sha256Digest& hash) const;
    /**
     * Validate a body against its header and, on full nodes, its ancestry.
     * \param header the header (already validated)
     * \param body the body
     * \return the verdict
     */
    AppendResult ValidateBody(const BlockHeader& header, const BlockBody& body) const;
    /**
     * Store a validated block and update the tip.
     * \param hash its hash
     * \param entry what to store
     */
    void Store(const Sha256Digest& hash, Entry entry);
    /**
     * Make a stored block the tip and rebuild the main chain.
     * \param hash the new tip
     */
    void SetTip(const Sha256Digest& hash);
    /**
     * \param ancestor a stored block
     * \param descendant a stored block
     * \return true if ancestor is descendant or one of its ancestors
     */
    bool IsAncestorOrSelf(const Sha256Digest& ancestor, const Sha256Digest& descendant) const;
    /**
     * Fire BlockRejected and return the result.
     * \param result the rejection
     * \return result
     */
    AppendResult Reject(AppendResult result);
    /**
     * Ask the consensus rule, if any.
     * \param header the header (other checks passed)
     * \param hash its hash
     * \param body the body, or nullptr for a header alone
     * \return ACCEPTED or BAD_CONSENSUS
     */
    AppendResult CheckConsensus(const BlockHeader& header,
                                const Sha256Digest& hash,
                                const std::vector<Transaction>* body) const;
    /**
     * \param hash a block hash
     * \return the entry; throws std::out_of_range naming the hash
     */
    const Entry& Find(const Sha256Digest& hash) const;
    /** \param forkChoice the ForkChoice attribute (nullptr: longest chain) */
    void SetForkChoice(Ptr<ForkChoice> forkChoice);
    /** \return the ForkChoice attribute */
    Ptr<ForkChoice> GetForkChoice() const;

    Mode m_mode{FULL};                                                  //!< full or light
    Ptr<ForkChoice> m_forkChoice;                                       //!< tip rule
    std::unordered_map<Sha256Digest, Entry, Sha256DigestHash> m_blocks; //!< stored blocks
    std::vector<Sha256Digest> m_arrival;                                //!< hashes in storage order
    std::vector<Sha256Digest> m_mainChain;                              //!< genesis .. tip
    uint64_t m_storageBytes{0};                                         //!< sum of storedBytes
    Ptr<LedgerRecorder> m_recorder;                                     //!< persistence, if any
    ConsensusCheck m_consensusCheck;                                    //!< engine's rule, if any

    TracedCallback<const Sha256Digest&, uint64_t> m_blockAccepted; //!< BlockAccepted trace
    TracedCallback<const Sha256Digest&, BlockVerdict, const std::string&>
        m_blockRejected;                                                  //!< BlockRejected
    TracedCallback<const Sha256Digest&, uint64_t, uint64_t> m_tipChanged; //!< TipChanged trace
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_LEDGER_H
