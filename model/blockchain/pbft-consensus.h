// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_PBFT_CONSENSUS_H
#define SAGIN_PBFT_CONSENSUS_H

#include "consensus-engine.h"
#include "pbft-message.h"

#include "ns3/event-id.h"

#include <map>
#include <set>
#include <tuple>
#include <unordered_set>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Practical Byzantine fault tolerance (Castro and Liskov, OSDI 1999) among the members as
 * validators, over the gossip TCP links: PbftMessage bodies in CONSENSUS frames, flooded, so
 * every validator hears every other on any connected topology.
 *
 * n validators tolerate f = FaultTolerance faulty ones if n >= 3f + 1; quorums have
 * q = ceil((n + f + 1) / 2) validators (2f + 1 when n = 3f + 1). The primary of view v is
 * validator v mod n. Normal case, one block per sequence number (= height): BlockInterval
 * after the last execution the primary builds a block on its tip (consensus data: the view
 * u64) and sends PRE-PREPARE; a backup that accepts it (right primary, first proposal for
 * (view, sequence), block valid on its tip) sends PREPARE; a validator with the proposal and
 * q - 1 matching PREPAREs from backups is prepared and sends COMMIT; q matching COMMITs
 * commit the block, which is appended to the ledger (and then gossiped as usual). A block is
 * valid in a ledger only once this node has seen q COMMITs for it, so committed blocks are
 * final: no forks. A node executes a block with q COMMITs even if it had accepted another
 * proposal (q COMMITs imply f + 1 honest prepared validators).
 *
 * View change: a validator that executes nothing for ViewChangeTimeout (doubling on each
 * further attempt) moves to view v + 1 and sends VIEW-CHANGE with its last prepared
 * certificate (the PRE-PREPARE and q - 1 PREPAREs, all signed); f + 1 VIEW-CHANGEs for
 * higher views make a validator join the lowest of them. Its timer for the next attempt
 * starts only once q validators ask for its view (Castro and Liskov 1999, 4.5.2), so a
 * validator whose timer fires first cannot run ahead of the others view after view. The new
 * primary, with q VIEW-CHANGEs, sends NEW-VIEW carrying them and re-proposes the block of the
 * highest-view certificate for the next sequence number (or a new block if there is none); backups
 * check NEW-VIEW and accept only that block. The log of the sequences more than 16 below the
 * executed tip is discarded (as below a stable checkpoint) and messages of those sequences
 * are refused (the low watermark; the node's duplicate filter forgets them too).
 * Simplifications: no checkpoint messages (every executed block is final) and no high
 * watermark; one sequence number in flight; a validator more than one block behind the new
 * primary's certificates waits for the next view.
 *
 * Transport: Gossip (default) puts every message in CONSENSUS frames on the gossip TCP links
 * (flooded, or to the peers only with Relay false). Datagram sends each message that fits
 * the node's MaxDatagramSize (PREPARE and COMMIT, 127 bytes with the frame; PRE-PREPAREs of
 * small blocks) in one UDP datagram to every other validator, over the routed network, as
 * Castro and Liskov's implementation does (UDP, section 6 of the OSDI paper); larger
 * messages (big PRE-PREPAREs, VIEW-CHANGEs with certificates, NEW-VIEWs) keep the gossip
 * links. Datagrams can be lost, so a validator that has executed nothing for BlockInterval +
 * RetransmitInterval and sent no vote for RetransmitInterval (each vote it sends for an
 * unfinished sequence number restarts the wait), and then every RetransmitInterval, re-sends
 * its own PRE-PREPARE, PREPARE and COMMIT of the sequence numbers it has not executed, and a
 * STATUS with its last executed sequence number; a validator that has executed the next ones
 * answers the STATUS with each block's PRE-PREPARE (if it fits a datagram) and its own
 * COMMIT (receiver-based recovery, Castro and Liskov, TOCS 20(4) 2002, section 5.2), and if
 * the sender is still at the same height at its next STATUS, with the quorum of signed
 * COMMITs that executed each block there (a Byzantine validator may have sent its COMMIT to
 * some validators only, and then the honest ones that lack it cannot make up a quorum with
 * their own COMMITs). The same STATUS recovery runs
 * with Transport Gossip and Relay false (votes are not re-sent: TCP does not lose them, but
 * a COMMIT one validator received is not relayed to the others), answered over the link the
 * STATUS came from. The view change stays the last resort.
 *
 * Votes count in their own view only: a validator becomes prepared (and sends COMMIT) for a
 * proposal of its current view and of the next sequence number only, never for one of a
 * view it has left (its VIEW-CHANGE did not report it) nor for a sequence it has executed,
 * except that it still sends COMMIT for the block it executed there.
 *
 * Behaviour (for tests of Byzantine validators): Honest; Equivocate (as primary it sends two
 * different blocks for one sequence number to two halves of its peers; as backup it
 * prepares and commits every proposal it sees); GarbageSignature (every message it sends
 * carries an invalid signature).
 */
class PbftConsensus : public ConsensusEngine
{
  public:
    /** How this validator behaves. */
    enum Behaviour
    {
        HONEST = 0,           //!< follows the protocol
        EQUIVOCATE = 1,       //!< conflicting proposals, votes for everything
        GARBAGE_SIGNATURE = 2 //!< invalid signatures on everything it sends
    };

    /**
     * TracedCallback signature for view changes.
     * \param view the view the node moved to
     */
    typedef void (*ViewTracedCallback)(uint64_t view);

    /**
     * TracedCallback signature for the first reception of a proposal.
     * \param hash the proposed block's hash
     * \param view the view it was proposed in
     * \param time the reception time
     */
    typedef void (*ProposalTracedCallback)(const Sha256Digest& hash, uint64_t view, Time time);

    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    PbftConsensus();
    ~PbftConsensus() override;

    /**
     * Check n >= 3f + 1; throws std::invalid_argument naming both and the fix.
     * \param validators n
     * \param faults f
     */
    static void CheckFaultTolerance(uint32_t validators, uint32_t faults);

    /**
     * \param validators n
     * \param faults f
     * \return the quorum ceil((n + f + 1) / 2)
     */
    static uint32_t GetQuorum(uint32_t validators, uint32_t faults);

    /** \return the current view */
    uint64_t GetView() const;

    /** \return messages dropped for a bad signature or format */
    uint64_t GetInvalidMessageCount() const;

    /** \return view changes this node started or joined */
    uint64_t GetViewChangeCount() const;

    /** \return retransmission rounds (Transport Datagram: STATUS messages sent) */
    uint64_t GetRetransmissionCount() const;

    /** How messages travel. */
    enum Transport
    {
        GOSSIP = 0,  //!< CONSENSUS frames on the gossip TCP links
        DATAGRAM = 1 //!< UDP datagrams to every validator when they fit, else gossip
    };

  protected:
    void DoDispose() override;

  private:
    /** (view, sequence, digest) */
    typedef std::tuple<uint64_t, uint64_t, Sha256Digest> Vote;

    /** A validated prepared certificate. */
    struct Certificate
    {
        uint64_t view{0};                           //!< view of the proposal
        uint64_t sequence{0};                       //!< sequence number
        Sha256Digest digest{};                      //!< block hash
        std::vector<uint8_t> prePrepare;            //!< signed PRE-PREPARE
        std::vector<std::vector<uint8_t>> prepares; //!< signed PREPAREs
    };

    std::string DoGetName() const override;
    void DoStart() override;
    void DoStop() override;
    std::string DoCheckBlock(const Ledger& ledger,
                             const BlockHeader& header,
                             const std::vector<Transaction>* body) const override;
    bool DoReceive(const std::vector<uint8_t>& body, Ipv4Address peer) override;
    bool DoGetMessageRound(const std::vector<uint8_t>& body, uint64_t* round) const override;
    uint64_t DoGetLowWatermark() const override;
    /**
     * \param type a message type
     * \param sequence the message's sequence number
     * \param round set to the sequence whose log the message needs (STATUS: the one after
     *              the sender's)
     * \return false for VIEW-CHANGE and NEW-VIEW, which belong to a view, not a sequence
     */
    static bool RoundOf(uint8_t type, uint64_t sequence, uint64_t* round);

    /** \param view a view \return its primary's validator index */
    uint32_t Primary(uint64_t view) const;
    /** \return the quorum of this validator set */
    uint32_t Quorum() const;
    /**
     * Sign (or, for GarbageSignature, corrupt) and flood a message, and record it locally.
     * \param m the message (sender set here)
     */
    void Send(PbftMessage m);
    /** \param m a message with a valid signature */
    void Handle(const PbftMessage& m);
    /** \param m a PRE-PREPARE (after the verification delay) */
    void OnPrePrepare(const PbftMessage& m);
    /** \param m a PREPARE */
    void OnPrepare(const PbftMessage& m);
    /** \param m a COMMIT */
    void OnCommit(const PbftMessage& m);
    /** \param m a VIEW-CHANGE */
    void OnViewChange(const PbftMessage& m);
    /** \param m a NEW-VIEW */
    void OnNewView(const PbftMessage& m);
    /**
     * Answer a validator that is behind.
     * \param m a STATUS
     * \param peer the gossip peer it came from (Transport Gossip: where the answer goes)
     */
    void OnStatus(const PbftMessage& m, Ipv4Address peer);
    /**
     * \return whether lagging validators are brought up to date by STATUS (Transport
     *         Datagram, or Relay false: a message one validator received is not relayed to
     *         the others)
     */
    bool Recovers() const;
    /**
     * Send signed message bytes to every other validator: datagrams (Transport Datagram and
     * the frame fits) or the gossip links.
     * \param bytes a serialised message
     * \return true if they went as datagrams
     */
    bool Deliver(const std::vector<uint8_t>& bytes);
    /**
     * \param member a validator index
     * \param bytes a serialised message for it alone (one datagram, if it fits)
     */
    void DeliverTo(uint32_t member, const std::vector<uint8_t>& bytes);
    /** Arm the retransmission timer (Transport Datagram). \param delay until it fires */
    void ScheduleRetransmission(Time delay);
    /** No execution for a while: re-send own votes and a STATUS. */
    void Retransmit();
    /**
     * \param v (view, sequence, digest)
     * \return the PREPARE and COMMIT sent for it, if prepared
     */
    void CheckPrepared(const Vote& v);
    /**
     * Drop the log (PRE-PREPAREs, PREPAREs, COMMITs, proposed blocks) of every sequence up
     * to an executed height.
     * \param height the tip's height
     */
    void DiscardLogUpTo(uint64_t height);
    /** Execute every block with q COMMITs that extends the tip. */
    void TryExecute();
    /**
     * Ledger's BlockAccepted trace.
     * \param hash the block
     * \param height its height
     */
    void OnBlockAccepted(const Sha256Digest& hash, uint64_t height);
    /** After an execution: timers, next proposal, stashed proposals. */
    void AfterExecution();
    /** The primary proposes the next block. */
    void Propose();
    /** Restart the view-change timer. */
    void RestartTimer();
    /** The timer fired: move to the next view. */
    void OnTimeout();
    /** \param view start a view change to this view */
    void StartViewChange(uint64_t view);
    /** \param view as its primary, send NEW-VIEW when q VIEW-CHANGEs are in */
    void TryNewView(uint64_t view);
    /**
     * \param view enter this view
     * \param viewChanges the q VIEW-CHANGEs that justify it
     */
    void EnterView(uint64_t view, const std::vector<PbftMessage>& viewChanges);
    /**
     * \param bytes a VIEW-CHANGE payload
     * \param certificate set to the certificate, if any
     * \return false if the payload or its certificate is invalid
     */
    bool ParseCertificate(const std::vector<uint8_t>& bytes, Certificate* certificate) const;
    /** \return this node's prepared certificate as a VIEW-CHANGE payload */
    std::vector<uint8_t> EncodeCertificate() const;

    uint32_t m_faults{1};                         //!< f
    Time m_blockInterval{Seconds(1)};             //!< primary's pause after an execution
    Time m_viewChangeTimeout{Seconds(3)};         //!< wait for an execution
    Behaviour m_behaviour{HONEST};                //!< honest or Byzantine
    bool m_relay{true};                           //!< flood (true) or full mesh, no relay
    Transport m_transport{GOSSIP};                //!< gossip links or datagrams
    Time m_retransmitInterval{MilliSeconds(500)}; //!< datagram loss recovery period
    std::vector<Ipv4Address> m_addresses;         //!< each validator's address
    std::vector<Ipv4Address> m_others;            //!< every other validator's, in order
    std::map<uint64_t, std::vector<std::vector<uint8_t>>> m_ownVotes; //!< by sequence
    std::vector<uint8_t> m_ownViewChange;         //!< last VIEW-CHANGE sent (Datagram: re-sent)
    std::map<uint32_t, uint64_t> m_statusHeights; //!< by validator, height of its last STATUS
    std::pair<uint64_t, std::vector<uint8_t>> m_ownNewView; //!< (view, NEW-VIEW) as primary
    EventId m_retransmitEvent;                              //!< next round
    uint64_t m_retransmissions{0};                          //!< rounds
    uint32_t m_self{0};                                     //!< this validator's index
    uint64_t m_view{0};                                     //!< current view
    bool m_inViewChange{false};                             //!< waiting for NEW-VIEW
    uint32_t m_attempts{0};                 //!< view changes since the last execution
    bool m_validatingProposal{false};       //!< CheckBlock skips the commit rule
    std::map<Sha256Digest, Block> m_blocks; //!< proposed blocks by hash
    std::map<std::pair<uint64_t, uint64_t>, Sha256Digest> m_accepted; //!< (view, seq) -> block
    std::map<std::pair<uint64_t, uint64_t>, std::vector<uint8_t>> m_prePrepares; //!< accepted
    std::map<Vote, std::map<uint32_t, std::vector<uint8_t>>> m_prepares; //!< signed PREPAREs
    std::map<Vote, std::map<uint32_t, std::vector<uint8_t>>> m_commits;  //!< signed COMMITs
    std::set<Vote> m_prepareSent;                                        //!< PREPAREs sent
    std::set<Vote> m_commitSent;                                         //!< COMMITs sent
    std::unordered_set<Sha256Digest, Sha256DigestHash> m_certified;      //!< q COMMITs seen
    bool m_hasCertificate{false};                                        //!< prepared once
    Certificate m_certificate;                                           //!< last prepared
    std::map<uint64_t, std::map<uint32_t, PbftMessage>> m_viewChanges;   //!< by view, sender
    std::set<uint64_t> m_newViewSent;                                    //!< as primary
    std::map<uint64_t, Sha256Digest> m_required; //!< sequence -> block NEW-VIEW imposes
    std::vector<PbftMessage> m_pending;          //!< proposals for later
    EventId m_timer;                             //!< view-change timer
    EventId m_proposeEvent;                      //!< next proposal
    EventId m_afterExecution;                    //!< follow-up of an execution
    uint64_t m_invalid{0};                       //!< bad messages
    uint64_t m_viewChangeCount{0};               //!< view changes
    uint64_t m_lowWatermark{0};                  //!< lowest sequence whose log is kept

    TracedCallback<uint64_t> m_viewChanged;                                 //!< ViewChanged trace
    TracedCallback<const Sha256Digest&, uint64_t, Time> m_proposalReceived; //!< ProposalReceived
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_PBFT_CONSENSUS_H
