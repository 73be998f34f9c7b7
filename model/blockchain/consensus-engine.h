// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_CONSENSUS_ENGINE_H
#define SAGIN_CONSENSUS_ENGINE_H

#include "block.h"
#include "ed25519-key.h"
#include "fork-choice.h"

#include "ns3/callback.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace ns3
{
namespace sagin
{

class BlockchainNode;
class Ledger;

/**
 * \ingroup sagin
 * One member of a consensus: a node id, its public key (Ed25519KeyPair::ForNode(nodeId)) and
 * a weight whose meaning is the engine's (PoS and DPoS: stake; reputation: initial
 * reputation; PoW and PBFT: unused).
 */
struct ConsensusMember
{
    uint32_t nodeId{0};     //!< ns-3 node id
    Ed25519PublicKey key{}; //!< the node's block-signing key
    double weight{1};       //!< stake or initial reputation (engine-specific units)
};

/**
 * \ingroup sagin
 * A consensus engine: who produces a block when, what goes into the header's consensus data,
 * which received blocks are valid, and which fork is the main chain. One engine object per
 * node, set as the BlockchainNode's Consensus attribute; every node of a chain runs the same
 * kind with the same members (AddMember()).
 *
 * The node starts and stops the engine with the application. At start the engine installs
 * its rule in the node's Ledger (Ledger::SetConsensusCheck) and its ForkChoice, so that every
 * block the node receives goes through CheckBlock() before it is stored or relayed. Engines
 * produce blocks with ProduceBlock() (pending mempool transactions on top of the tip, signed
 * with the node's key) and may exchange their own messages (CONSENSUS frames) with
 * Broadcast()/DoReceive().
 *
 * Engines by name (CreateConsensusEngine()): "pow", "pos", "dpos", "reputation", "pbft".
 */
class ConsensusEngine : public Object
{
  public:
    /**
     * TracedCallback signature for blocks this node produced.
     * \param hash the block's hash
     * \param height its height
     */
    typedef void (*BlockProducedTracedCallback)(const Sha256Digest& hash, uint64_t height);

    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    ConsensusEngine();
    ~ConsensusEngine() override;

    /**
     * Add a member (its key is Ed25519KeyPair::ForNode(nodeId)). Add every member, in the same
     * order, to every node's engine before the nodes start.
     * \param nodeId the member's ns-3 node id
     * \param weight stake or initial reputation (engine-specific; >= 0)
     */
    void AddMember(uint32_t nodeId, double weight = 1);

    /** \return the members, in the order they were added */
    const std::vector<ConsensusMember>& GetMembers() const;

    /** An application's admission rule: true to let a pending transaction into a block. */
    typedef Callback<bool, const Transaction&> TransactionFilter;

    /**
     * \param filter the blocks this node produces leave out every pending transaction the
     *        filter refuses (study A: the leader closes tampered offloading records); null:
     *        every valid pending transaction is eligible. It is asked about every pending
     *        transaction each time this node builds a block, so possibly several times about one.
     */
    void SetTransactionFilter(TransactionFilter filter);

    /**
     * \param key a public key
     * \return the member's index in GetMembers(), or -1 if no member has the key
     */
    int32_t FindMember(const Ed25519PublicKey& key) const;

    /**
     * \param nodeId a node id
     * \return the member's index in GetMembers(), or -1 if no member has that node id
     */
    int32_t FindMemberByNode(uint32_t nodeId) const;

    /**
     * Install this engine's rule and fork choice in a ledger (the node does this at start;
     * tests call it on bare ledgers).
     * \param ledger the ledger
     */
    void ConfigureLedger(Ptr<Ledger> ledger);

    /**
     * The engine's validity rule for a non-genesis block whose parent is stored.
     * \param ledger the ledger the block goes into
     * \param header the header (producer signature already checked)
     * \param body the body, or nullptr for a header alone
     * \return "" if valid, else why not
     */
    std::string CheckBlock(const Ledger& ledger,
                           const BlockHeader& header,
                           const std::vector<Transaction>* body) const;

    /** \return a new instance of this engine's fork-choice rule */
    Ptr<ForkChoice> CreateForkChoice() const;

    /**
     * Start producing (called by the node when its application starts; the ledger must hold
     * the genesis block).
     * \param node the node
     */
    void Start(BlockchainNode* node);

    /** Stop producing (called by the node when its application stops). */
    void Stop();

    /** \return true between Start() and Stop() */
    bool IsRunning() const;

    /**
     * A CONSENSUS frame from a peer (called by the node on first reception).
     * \param body the frame's body
     * \param peer the peer it came from
     * \return true if the message is valid and should be relayed to the other peers
     */
    bool Receive(const std::vector<uint8_t>& body, Ipv4Address peer);

    /**
     * Where a CONSENSUS message stands for the node's duplicate filter: the round (e.g. a
     * PBFT sequence number) it belongs to, so that the filter can forget every message of a
     * round the engine no longer handles.
     * \param body a CONSENSUS message (not yet verified)
     * \param round set to its round, when it has one
     * \return false if the message has no round (the filter keeps it for the whole run)
     */
    bool GetMessageRound(const std::vector<uint8_t>& body, uint64_t* round) const;

    /**
     * \return the lowest round whose messages the engine still handles: a message of an
     * earlier round is refused (a replay), whether or not the filter still remembers it
     */
    uint64_t GetLowWatermark() const;

    /** \return the engine's name ("pow", "pos", ...) */
    std::string GetName() const;

    /** \return number of blocks this node produced */
    uint64_t GetProducedCount() const;

    /**
     * Use fixed random-variable streams.
     * \param stream first stream index
     * \return number of streams used
     */
    int64_t AssignStreams(int64_t stream);

  protected:
    void DoDispose() override;

    /** \return the node (nullptr when not started) */
    BlockchainNode* GetBlockchainNode() const;

    /** \return the node's ledger (the engine must be started) */
    Ptr<Ledger> GetLedger() const;

    /** \return the node's block-signing key (valid once started) */
    const Ed25519KeyPair& GetKey() const;

    /**
     * Build a block on the tip with up to MaxBlockTransactions pending transactions (those not
     * already on the main chain; with MaxBlockBytes, those that keep the block within it, in
     * mempool order), stamp it with the current time, sign it and submit it to the node (which
     * appends it and announces it).
     * \param consensusData the header's consensus data
     * \param extra transactions placed first in the body (e.g. a reputation reset)
     * \return the block as submitted
     */
    Block ProduceBlock(std::vector<uint8_t> consensusData, std::vector<Transaction> extra = {});

    /**
     * Submit a block this node built to its node (which appends and announces it), count it
     * and fire BlockProduced; a block the node's own ledger refuses is a fatal error.
     * \param block the block
     */
    void SubmitProduced(const Block& block);

    /**
     * Count a block of this node's that its ledger stored, and fire BlockProduced (PBFT,
     * which appends its blocks only once committed).
     * \param block the block
     */
    void CountProduced(const Block& block);

    /**
     * Build (not submit) a block on a given parent, with pending transactions.
     * \param parent the parent's hash (stored in the ledger)
     * \param consensusData the header's consensus data
     * \param extra transactions placed first in the body
     * \return the signed block
     */
    Block BuildBlock(const Sha256Digest& parent,
                     std::vector<uint8_t> consensusData,
                     std::vector<Transaction> extra = {}) const;

    /**
     * Send bytes to every peer in a CONSENSUS frame (they relay it on).
     * \param body the message
     */
    void Broadcast(const std::vector<uint8_t>& body);

  private:
    /** \return the engine's name */
    virtual std::string DoGetName() const = 0;
    /** Start producing; the node and ledger are set. */
    virtual void DoStart() = 0;
    /** Stop producing and cancel events. */
    virtual void DoStop() = 0;
    /**
     * \param ledger the ledger
     * \param header the header
     * \param body the body or nullptr
     * \return "" or why the block is invalid
     */
    virtual std::string DoCheckBlock(const Ledger& ledger,
                                     const BlockHeader& header,
                                     const std::vector<Transaction>* body) const = 0;
    /**
     * Whether a pending transaction may go into this node's blocks (the engine's rule would
     * refuse a block carrying it otherwise).
     * \param transaction a mempool transaction (signature valid)
     * \return true to include it (default)
     */
    virtual bool DoIsIncludable(const Transaction& transaction) const;
    /** \return the fork-choice rule (default: LongestChainForkChoice) */
    virtual Ptr<ForkChoice> DoCreateForkChoice() const;
    /**
     * \param body a CONSENSUS message
     * \param peer its sender
     * \return true to relay it (default: engines without messages drop them)
     */
    virtual bool DoReceive(const std::vector<uint8_t>& body, Ipv4Address peer);
    /**
     * \param body a CONSENSUS message
     * \param round set to its round
     * \return true if it has one (default: false, no round)
     */
    virtual bool DoGetMessageRound(const std::vector<uint8_t>& body, uint64_t* round) const;
    /** \return the lowest round still handled (default 0) */
    virtual uint64_t DoGetLowWatermark() const;
    /**
     * \param stream first stream index
     * \return streams used (default 0)
     */
    virtual int64_t DoAssignStreams(int64_t stream);

    std::vector<ConsensusMember> m_members;               //!< members, in order
    std::unordered_map<uint32_t, int32_t> m_memberByNode; //!< node id -> member index
    std::vector<Ptr<Ledger>> m_ledgers;                   //!< ledgers holding this engine's rule
    BlockchainNode* m_node{nullptr};                      //!< the node while running
    std::optional<Ed25519KeyPair> m_key;                  //!< the node's key (once started)
    bool m_running{false};                                //!< between Start and Stop
    uint32_t m_maxBlockTransactions{1000};                //!< body limit (transactions)
    uint64_t m_maxBlockBytes{0};                          //!< block limit (bytes; 0: none)
    TransactionFilter m_filter;                           //!< SetTransactionFilter
    uint64_t m_produced{0};                               //!< blocks produced

    TracedCallback<const Sha256Digest&, uint64_t> m_blockProduced; //!< BlockProduced trace
};

/**
 * \ingroup sagin
 * \return the names CreateConsensusEngine() knows: "pow", "pos", "dpos", "reputation", "pbft"
 */
std::vector<std::string> GetConsensusEngineNames();

/**
 * \ingroup sagin
 * Create an engine by name. Throws std::invalid_argument naming the input and listing the
 * valid names when the name is unknown.
 * \param name one of GetConsensusEngineNames()
 * \return a new engine with default attributes
 */
Ptr<ConsensusEngine> CreateConsensusEngine(const std::string& name);

/**
 * \ingroup sagin
 * \param name one of GetConsensusEngineNames() (throws std::invalid_argument otherwise)
 * \return the TypeId of that engine, for an ObjectFactory
 */
TypeId GetConsensusEngineTypeId(const std::string& name);

/**
 * \ingroup sagin
 * \param ledger a ledger
 * \return blocks it stores that are not on its main chain (stale blocks, forks' losers)
 */
uint64_t CountStaleBlocks(const Ledger& ledger);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CONSENSUS_ENGINE_H
