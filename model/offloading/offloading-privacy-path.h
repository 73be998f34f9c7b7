// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_OFFLOADING_PRIVACY_PATH_H
#define SAGIN_OFFLOADING_PRIVACY_PATH_H

#include "offloading-slot-problem.h"

#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"
#include "ns3/sha256.h"
#include "ns3/transaction-payloads.h"

#include <cstdint>
#include <map>
#include <vector>

namespace ns3
{

class Node;

namespace sagin
{

class Block;
class BlockchainNode;
class MessageTransport;
class Transaction;

/**
 * \ingroup sagin
 * \brief Study A's privacy overhead C_SBC = C1 + C2 + C3 (source eqs. 7-9) measured from
 * packets: the digital-twin models going up to the leader, and the block of the slot's
 * transactions coming down to the followers, who verify it.
 *
 * - C1: every MBS processes its twins' model, kappa_1 |W| / f_MBS of CPU time (a delay, no
 *   packets).
 * - C2: the MBSs form a binary tree under the leader (MBS j's parent is tree position
 *   j / 2: the leader for j < 2); an MBS sends delta |W| bits to its parent over the federated
 *   layer's MessageTransport (TCP) once its own model is processed and its children's have
 *   arrived (aggregation in the tree: one model per hop), so the upload crosses
 *   floor(log2(N + 1)) hops, the source's log2(N) when N is a power of two. C2 is the time from the
 * end of C1 to the leader holding its children's models.
 * - C3: the followers' digital twins and the leader run a DPoS chain (BlockchainNode,
 *   DposConsensus with the leader as delegate: the source's leader packs the block). At a
 *   slot's start the leader produces a block of at most S_B bytes (ConsensusEngine
 *   MaxBlockBytes; S_B = the mean of the slot's proposals) from the offloading transactions
 *   it holds: the OffloadingRecord of every follower's slot before the last, submitted by
 *   its twin when that slot was accounted (the last slot's are submitted as this block is
 *   produced). The block travels down a binary tree of twins (floor(log2(N M + 1)) hops,
 *   pushed before verification, BlockchainNode RelayBeforeVerification) and each twin
 *   verifies it at its follower's f (CpuFrequency f_i, VerificationCyclesPerBit kappa_3). C3
 *   is the time from the block's production to the last twin's verification.
 *
 * Records: the leader checks every offloading record against its own sale (the f and the
 * price it sold the follower in that slot) before packing it; a tampered record (with
 * TamperProbability a twin halves the price it reports, paying less) is closed: left out of
 * every block (ConsensusEngine::SetTransactionFilter) and counted. At the end of the first
 * slot by which every twin has verified a block, each record in it earns its initiator
 * RecordReward coins.
 *
 * A term that does not finish within its slot counts up to the slot's end, and the slot is
 * counted in GetIncompleteSlots(), as is a slot without a block (C3 = 0). The block verified is the
 * block produced: smaller than S_B when fewer transactions wait than S_B holds (the source's C3
 * charges a full block). The upload and the block travel whole (delta scales the upload only).
 */
class OffloadingPrivacyPath : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    OffloadingPrivacyPath();
    ~OffloadingPrivacyPath() override;

    /**
     * The MBS tree of the model upload.
     * \param leader the leader's node (Internet stack installed)
     * \param mbs the MBSs' nodes, MBS n at index n
     * \param parentAddresses for MBS n, its parent's address on the link between them
     * \param parents for MBS n, its parent's index (-1: the leader)
     * Throws std::invalid_argument when the lists differ in length or a parent is not earlier.
     */
    void SetUploadTree(Ptr<Node> leader,
                       const std::vector<Ptr<Node>>& mbs,
                       const std::vector<Ipv4Address>& parentAddresses,
                       const std::vector<int32_t>& parents);

    /**
     * The chain of the slot's transactions.
     * \param leader the leader's BlockchainNode (the only delegate)
     * \param twins follower i's digital twin's BlockchainNode at index i
     */
    void SetChain(Ptr<BlockchainNode> leader, const std::vector<Ptr<BlockchainNode>>& twins);

    /**
     * Start a slot: the MBSs start processing their models, the leader's next block is
     * limited to the slot's S_B and every twin verifies at its follower's f.
     * \param problem the slot's model (its constants)
     * \param decisions the followers' decisions
     */
    void BeginSlot(const OffloadingSlotProblem& problem,
                   const std::vector<FollowerDecision>& decisions);

    /** \return C1, C2, C3 and the block of the slot begun last, measured up to now */
    MeasuredPrivacyOverhead MeasureSlot();

    /**
     * Each twin submits its follower's record of the slot just accounted (an offloading
     * transaction, signed with the twin node's key); the leader packs them into a later block.
     * \param records follower i's record at index i
     */
    void SubmitRecords(const std::vector<OffloadingRecord>& records);

    /**
     * Throws std::invalid_argument when the path cannot run the parameters' slots: other
     * numbers of MBSs or followers than it was built for, S_min below
     * GetSmallestBlockBytes(), or a model upload above MessageTransport's MaxMessageSize
     * (OffloadingSlotController::Start calls it, before any slot).
     * \param k the slot's constants
     */
    void Check(const OffloadingConstants& k) const;

    /** \return the bytes of a DPoS block holding one offloading record */
    static uint64_t GetSmallestBlockBytes();

    /**
     * \return slots whose upload, block or verification had not finished at their end, or
     *         without a block
     */
    uint32_t GetIncompleteSlots() const;

    /** \return records the leader closed as tampered */
    uint32_t GetClosedRecords() const;

    /** \return records in blocks every twin verified, each paid RecordReward */
    uint32_t GetRewardedRecords() const;

    /**
     * \param follower i
     * \return the coins follower i's records earned
     */
    double GetCoins(uint32_t follower) const;

    /**
     * \param stream first random stream (the tampering draws)
     * \return streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

  protected:
    void DoDispose() override;

  private:
    /** \param mbs an MBS whose model is processed */
    void ModelProcessed(uint32_t mbs);
    /**
     * \param mbs an MBS, or -1 for the leader
     * \param from the sender's address
     * \param message the bytes (the slot in the first 8)
     */
    void ModelReceived(int32_t mbs, Ipv4Address from, const std::vector<uint8_t>& message);
    /** \param mbs an MBS that may now send its aggregate up */
    void TrySend(uint32_t mbs);
    /** \return the slot's upload message: the slot, then zeros to delta |W| bits */
    std::vector<uint8_t> MakeModelMessage() const;
    /**
     * The leader's admission rule.
     * \param transaction a pending transaction
     * \return false for an offloading record that differs from the leader's sale
     */
    bool Admit(const Transaction& transaction);
    /**
     * \param block a block's hash
     * \return whether every twin has verified it
     */
    bool VerifiedByAll(const Sha256Digest& block) const;
    /**
     * Pay the records of a block every twin verified.
     * \param block the block
     */
    void Reward(const Block& block);

    /** One MBS's state in the slot. */
    struct Mbs
    {
        Ptr<Node> node;                  //!< its node
        Ptr<MessageTransport> transport; //!< its transport
        Ipv4Address parentAddress;       //!< where its aggregate goes
        int32_t parent{-1};              //!< parent MBS, -1 the leader
        uint32_t children{0};            //!< MBSs below it
        uint32_t childrenReceived{0};    //!< of this slot
        bool processed{false};           //!< C1 done this slot
        bool sent{false};                //!< aggregate sent this slot
    };

    uint16_t m_port{0};                  //!< Port
    double m_tamperProbability{0.0};     //!< TamperProbability
    double m_recordReward{0.0};          //!< RecordReward (coins)
    Ptr<UniformRandomVariable> m_tamper; //!< tampering draws
    /** (slot, device node id) -> what the leader sold, for records not yet packed. */
    std::map<std::pair<uint64_t, uint32_t>, OffloadingRecord> m_sales;
    std::map<uint32_t, uint32_t> m_followerOf; //!< device node id -> follower index
    std::vector<double> m_coins;               //!< GetCoins
    uint32_t m_closed{0};                      //!< GetClosedRecords
    std::vector<Sha256Digest> m_unpaid;        //!< blocks not yet verified by every twin
    uint32_t m_rewarded{0};                    //!< GetRewardedRecords
    Ptr<MessageTransport> m_leaderTransport;   //!< the leader's transport
    std::vector<Mbs> m_mbs;                    //!< the MBS tree
    uint32_t m_leaderChildren{0};              //!< MBSs right below the leader
    uint32_t m_leaderReceived{0};              //!< of them, this slot
    Ptr<BlockchainNode> m_leaderChain;         //!< the delegate
    std::vector<Ptr<BlockchainNode>> m_twins;  //!< follower i's twin

    uint64_t m_slot{0};                //!< slots begun
    bool m_inSlot{false};              //!< a slot is begun and not measured
    Time m_slotStart;                  //!< its start
    double m_uploadBytes{0.0};         //!< delta |W| / 8 of the slot
    Time m_modelProcessing;            //!< C1 of the slot
    Time m_uploadEnd;                  //!< when the leader had its children's models
    bool m_uploadDone{false};          //!< the upload reached the leader this slot
    uint32_t m_incomplete{0};          //!< GetIncompleteSlots()
    std::vector<EventId> m_processing; //!< C1 events
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_OFFLOADING_PRIVACY_PATH_H
