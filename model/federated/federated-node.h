// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_FEDERATED_NODE_H
#define SAGIN_FEDERATED_NODE_H

#include "federated-message.h"

#include "ns3/application.h"
#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

class Aggregator;
class AggregatorElection;
class BlockchainNode;
class MessageTransport;
class UpdateCodec;

/**
 * \ingroup sagin
 * A member of a federation: its node, the address others reach it at, and whether it
 * trains (participant) or only aggregates when elected.
 */
struct FederatedMember
{
    uint32_t nodeId{0};     //!< ns-3 node id
    Ipv4Address address;    //!< where its FederatedNode listens
    bool participant{true}; //!< trains and uploads an update every round
};

/**
 * \ingroup sagin
 * What a participant's local training gives back.
 */
struct LocalUpdate
{
    std::vector<float> parameters; //!< the local model after training
    uint64_t samples{0};           //!< training samples behind it (FedAvg's weight)
    double cycles{0};              //!< CPU cycles the training took (simulated delay)
};

/**
 * \ingroup sagin
 * One round as its aggregator saw it (the RoundCompleted trace, the run store's fl_rounds).
 */
struct FederatedRoundRecord
{
    uint64_t round{0};             //!< round
    uint32_t aggregator{0};        //!< node id that released it
    uint32_t rank{0};              //!< its rank (0: elected, > 0: took over)
    uint32_t participants{0};      //!< participants expected
    uint32_t accepted{0};          //!< updates aggregated
    uint32_t refused{0};           //!< updates refused (wrong size, NaN, corrupt, repeated)
    uint32_t late{0};              //!< updates of earlier rounds that arrived in this one
    std::vector<uint32_t> missing; //!< participants without an update at release
    bool aggregated{false};        //!< quorum met (else the global model is unchanged)
    uint64_t bytesUp{0};           //!< update bytes received for the round (messages and
                                   //!< their length prefixes, as on the TCP streams)
    uint64_t bytesDown{0};         //!< announcement bytes to the other members (the same way,
                                   //!< unicast or relayed along the tree)
    Time start;                    //!< when the round was announced
    Time release;                  //!< when the new global model was released
    double loss{0};                //!< global loss (NaN without an evaluation callback)
    std::string modelHash;         //!< SHA-256 of the new global model (hex)
};

/**
 * \ingroup sagin
 * One update as its aggregator saw it (the UpdateReceived trace, the run store's
 * fl_updates).
 */
struct FederatedUpdateRecord
{
    /** What became of an update. */
    enum Status
    {
        ACCEPTED = 0, //!< in the round's aggregation
        REFUSED = 1,  //!< refused (see reason)
        LATE = 2,     //!< arrived after its round was released
    };

    uint64_t round{0};       //!< round it was for
    uint32_t participant{0}; //!< sender node id (or the address's last byte if not a member)
    uint32_t aggregator{0};  //!< receiving node id
    uint64_t bytes{0};       //!< message bytes, length prefix included
    Status status{ACCEPTED}; //!< outcome
    std::string reason;      //!< why refused or late
    Time time;               //!< arrival
};

/**
 * \ingroup sagin
 * Federated learning over packets: one application per member of a federation (a ground
 * server, a satellite's terrestrial server, a UAV, a satellite), exchanging real parameter
 * buffers over ns-3 TCP (MessageTransport, one connection per message) through whatever
 * devices and routing the scenario built.
 *
 * A round r: the aggregator elected for round r (AggregatorElection, rank 0) has received
 * ANNOUNCE(r) with the global model, like every member. Each participant trains (its
 * TrainCallback, called with the global model; its simulated duration is the update's cycles
 * over CpuFrequency) and uploads UPDATE(r) to the aggregator. The aggregator aggregates
 * (Aggregator attribute; FedAvg by default) when every participant's update is in or at the
 * Deadline after the round's start, if at least Quorum updates were accepted (else the
 * global model stays as it was), records the model's SHA-256 (and submits it as a
 * ModelUpdate transaction through the Blockchain attribute's node, if set), and releases the
 * new global model as ANNOUNCE(r + 1) to every member, naming round r + 1's ranking. The
 * first aggregator of round 0 announces the initial model at its start; rounds end after
 * Rounds (its last announcement carries the final model and starts no training).
 * Announcements go to each member (unicast) or along a k-ary tree (TreeFanout).
 *
 * Failover: a member ranked k > 0 for round r takes over when no ANNOUNCE(r + 1) came
 * k x FailoverDelay after round r began (or after a better-ranked backup took over): it
 * sends TAKEOVER(r) to every member, participants send it their round-r update (again, if
 * they sent it to the failed one), and it aggregates within one Deadline. A participant
 * whose upload fails (connection refused, no route: e.g. no satellite in view) retries every
 * RetryInterval while the round lasts; every failure is traced (SendFailed), and the
 * round's record names the participants whose update never arrived.
 *
 * Updates are checked before aggregation: a message that does not decode, a parameter
 * count other than the model's, a non-finite value, a sender that is not a participant or
 * a repeated update is refused, counted and traced with the participant named. An update
 * for a round already released is LATE: dropped, or kept for the next aggregation this node
 * performs (LateUpdates = carry).
 */
class FederatedNode : public Application
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    FederatedNode();
    ~FederatedNode() override;

    /** What late updates become. */
    enum LatePolicy
    {
        LATE_DROP = 0,  //!< counted and dropped
        LATE_CARRY = 1, //!< aggregated in the next round this node aggregates
    };

    /** Local training: round and global model in, the local update out. */
    typedef Callback<LocalUpdate, uint64_t, const std::vector<float>&> TrainCallback;
    /** A participant takes a round's global model (round, model), at the round's start. */
    typedef Callback<void, uint64_t, const std::vector<float>&> AdoptCallback;
    /** Loss of a global model (for the round records). */
    typedef Callback<double, const std::vector<float>&> EvaluateCallback;
    /** A client's aggregation weight from its node id and sample count (default: samples). */
    typedef Callback<double, uint32_t, uint64_t> WeightCallback;

    /**
     * TracedCallback signature for a completed round.
     * \param record the round
     */
    typedef void (*RoundTracedCallback)(const FederatedRoundRecord& record);
    /**
     * TracedCallback signature for a received update.
     * \param record the update
     */
    typedef void (*UpdateTracedCallback)(const FederatedUpdateRecord& record);
    /**
     * TracedCallback signature for a failed send.
     * \param round the round
     * \param destination the node id it was for
     * \param reason why it failed
     */
    typedef void (*SendFailedTracedCallback)(uint64_t round,
                                             uint32_t destination,
                                             const std::string& reason);
    /**
     * TracedCallback signature for a takeover.
     * \param round the round taken over
     * \param node this node's id
     * \param rank its rank
     */
    typedef void (*TakeoverTracedCallback)(uint64_t round, uint32_t node, uint32_t rank);

    /**
     * \param members every member of the federation (this node among them), the same list
     *        on every node; throws std::invalid_argument for an empty list, a repeated node
     *        or no participant
     */
    void SetMembers(const std::vector<FederatedMember>& members);

    /**
     * \param parameters the model before round 0 (every member needs it: a backup may have
     *        to start round 0)
     */
    void SetInitialModel(const std::vector<float>& parameters);

    /** \param train makes this node train; required on participants */
    void SetTrainCallback(TrainCallback train);

    /**
     * \param adopt called on a participant at the start of every round (the final model
     *        included) with the round's global model (optional; with LocalTrainingTime, the
     *        participant trains from it until its TrainCallback reads the result)
     */
    void SetAdoptCallback(AdoptCallback adopt);

    /** \param evaluate gives the loss of each released global model (optional) */
    void SetEvaluateCallback(EvaluateCallback evaluate);

    /** \param weight gives each client's aggregation weight (optional; default: samples) */
    void SetWeightCallback(WeightCallback weight);

    /**
     * Throws std::invalid_argument naming this node when it cannot run: not among the
     * members, no initial model, no Election, a participant without a TrainCallback, Quorum
     * above the participants, an aggregator candidate that is not a member. StartApplication
     * calls it; call it before Simulator::Run to refuse a scenario before it starts (an
     * exception thrown out of Simulator::Run also leaks the event that threw it, in ns-3).
     */
    void CheckConfiguration() const;

    /** \return the latest round announced to this node */
    uint64_t GetRound() const;

    /** \return the global model of that round (the latest this node holds) */
    const std::vector<float>& GetGlobalModel() const;

    /** \return rounds this node released as aggregator */
    const std::vector<FederatedRoundRecord>& GetReleasedRounds() const;

    /** \return the transport (its byte counters, its Refused trace) */
    Ptr<MessageTransport> GetTransport() const;

  protected:
    void DoDispose() override;

  private:
    /** Round state of the aggregator role. */
    struct Collection
    {
        uint64_t round{0};                       //!< round collected
        uint32_t rank{0};                        //!< this node's rank for it
        Time start;                              //!< the round's start
        std::map<uint32_t, LocalUpdate> updates; //!< accepted, by participant
        uint32_t refused{0};                     //!< refused updates
        uint32_t late{0};                        //!< late updates seen meanwhile
        uint64_t bytesUp{0};                     //!< update bytes received
        EventId deadline;                        //!< Deadline after start
    };

    void StartApplication() override;
    void StopApplication() override;

    /**
     * \param source sender address
     * \param bytes a message
     */
    void Receive(Ipv4Address source, const std::vector<uint8_t>& bytes);
    /**
     * A message of this node could not be sent: traced; an upload of the current round is
     * retried after RetryInterval.
     * \param round the message's round
     * \param type its type
     * \param node its destination
     * \param reason why
     */
    void HandleSendFailed(uint64_t round,
                          FederatedMessage::Type type,
                          uint32_t node,
                          const std::string& reason);
    /** \param message an ANNOUNCE */
    void HandleAnnounce(const FederatedMessage& message);
    /** \param message a TAKEOVER */
    void HandleTakeover(const FederatedMessage& message);
    /**
     * \param message an UPDATE
     * \param bytes its size
     */
    void HandleUpdate(const FederatedMessage& message, uint64_t bytes);
    /**
     * Begin a round at this node: remember the model, start training, watch for failover,
     * and collect if this node is the round's aggregator.
     * \param round the round
     * \param start when it was announced
     * \param ranking its aggregators
     * \param global its global model
     */
    void BeginRound(uint64_t round,
                    Time start,
                    const std::vector<uint32_t>& ranking,
                    const std::vector<float>& global);
    /** Train for the current round (after LocalTrainingTime), then upload. */
    void Train();
    /** Call the TrainCallback, then upload after the simulated compute time. */
    void CollectLocalUpdate();
    /**
     * The compute time is over: send the update to the current aggregator, or, when the
     * round moved on meanwhile, to whoever released its round (a late update), and train
     * for the current round.
     */
    void Upload();
    /**
     * Check an update (from the network or this node's own) and accept, refuse, keep it as
     * late, or buffer it for a round this node is not collecting yet.
     * \param participant its sender
     * \param round its round
     * \param update the update
     * \param bytes message bytes (0 for this node's own)
     */
    void HandleUpdateFrom(uint32_t participant,
                          uint64_t round,
                          const LocalUpdate& update,
                          uint64_t bytes);
    /**
     * Start collecting the current round as its aggregator.
     * \param rank this node's rank for it
     */
    void Collect(uint32_t rank);
    /**
     * \param participant sender node id
     * \param update its update
     * \param bytes bytes received
     */
    void Accept(uint32_t participant, const LocalUpdate& update, uint64_t bytes);
    /**
     * Trace a refused or late update.
     * \param round its round
     * \param participant its sender
     * \param bytes its size
     * \param status REFUSED or LATE
     * \param reason why
     */
    void NoteUpdate(uint64_t round,
                    uint32_t participant,
                    uint64_t bytes,
                    FederatedUpdateRecord::Status status,
                    const std::string& reason);
    /** Aggregate the collected round and release the next one. */
    void Release();
    /** Take over the current round if nothing was released in time. */
    void CheckTakeover();
    /** Schedule CheckTakeover() for this node's rank in the current round, if it has one. */
    void ScheduleTakeoverCheck();
    /**
     * \param message a message
     * \param node its destination (not this node)
     */
    void SendTo(const FederatedMessage& message, uint32_t node);
    /**
     * Send an announcement this node releases to every member: one each, or to its children
     * in the tree (TreeFanout).
     * \param announce the announcement
     */
    void Distribute(const FederatedMessage& announce);
    /**
     * \param root the node that released an announcement
     * \return the members this node relays it to (TreeFanout > 0)
     */
    std::vector<uint32_t> TreeChildren(uint32_t root) const;
    /**
     * \param node a node id
     * \return its member entry (std::invalid_argument if none)
     */
    const FederatedMember& MemberOf(uint32_t node) const;
    /** \return this node's id */
    uint32_t Self() const;
    /**
     * \param ranking a ranking
     * \return this node's rank in it, or -1
     */
    int64_t RankOf(const std::vector<uint32_t>& ranking) const;
    /** \return the participants' node ids */
    std::vector<uint32_t> Participants() const;

    // Configuration.
    uint16_t m_port{0};                              //!< Port
    Ptr<AggregatorElection> m_election;              //!< Election
    Ptr<Aggregator> m_aggregator;                    //!< Aggregator
    Ptr<UpdateCodec> m_codec;                        //!< Codec (null: whole models, float32)
    Ptr<BlockchainNode> m_blockchain;                //!< Blockchain (optional)
    Time m_deadline;                                 //!< Deadline
    Time m_failoverDelay;                            //!< FailoverDelay
    Time m_retryInterval;                            //!< RetryInterval
    uint32_t m_quorum{1};                            //!< Quorum
    uint32_t m_rounds{0};                            //!< Rounds (0: no limit)
    uint32_t m_treeFanout{0};                        //!< TreeFanout (0: unicast)
    double m_cpuFrequency{0};                        //!< CpuFrequency (Hz)
    Time m_localTrainingTime;                        //!< LocalTrainingTime
    LatePolicy m_latePolicy{LATE_DROP};              //!< LateUpdates
    std::vector<FederatedMember> m_members;          //!< every member
    std::map<uint32_t, std::size_t> m_memberIndex;   //!< node id -> index in m_members
    std::map<Ipv4Address, uint32_t> m_nodeByAddress; //!< address -> node id
    std::vector<float> m_initialModel;               //!< before round 0
    TrainCallback m_train;                           //!< local training
    EvaluateCallback m_evaluate;                     //!< global loss
    WeightCallback m_weight;                         //!< aggregation weights
    AdoptCallback m_adopt;                           //!< takes each round's global model

    // State.
    Ptr<MessageTransport> m_transport; //!< messages
    uint64_t m_round{0};               //!< current round
    bool m_hasRound{false};            //!< a round began here
    Time m_roundStart;                 //!< its start
    std::vector<uint32_t> m_ranking;   //!< its aggregators
    std::vector<float> m_global;       //!< its global model
    std::map<uint64_t, std::vector<float>>
        m_recentGlobals;                       //!< global models of this round and the last
    uint32_t m_currentAggregator{0};           //!< where updates go
    bool m_trained{false};                     //!< this round's update is ready
    LocalUpdate m_update;                      //!< the latest update trained
    uint64_t m_updateRound{0};                 //!< its round
    std::vector<float> m_updateBase;           //!< the global model it was trained from
    bool m_trainPending{false};                //!< train the current round after an older one
    uint32_t m_announcer{0};                   //!< who announced the current round
    EventId m_uploadEvent;                     //!< upload after the compute time (or retry)
    EventId m_trainEvent;                      //!< end of LocalTrainingTime
    EventId m_takeoverEvent;                   //!< failover check
    uint32_t m_takeoverRank{0};                //!< best rank that took the round over
    bool m_collecting{false};                  //!< aggregator of m_collection.round
    Collection m_collection;                   //!< the round being collected
    std::map<uint32_t, LocalUpdate> m_carried; //!< late updates kept (LateUpdates = carry)
    std::map<uint64_t, std::map<uint32_t, std::pair<LocalUpdate, uint64_t>>>
        m_buffered; //!< updates (and their bytes) of rounds not collected here (yet), by round
    std::map<uint64_t, std::vector<std::pair<FederatedMessage, uint64_t>>>
        m_undecoded; //!< encoded updates (and their bytes) that came before their round's base
    uint32_t m_lateSinceRelease{0};               //!< late updates since the last release
    std::vector<FederatedRoundRecord> m_released; //!< rounds released here

    TracedCallback<const FederatedRoundRecord&> m_roundCompleted;        //!< RoundCompleted
    TracedCallback<const FederatedUpdateRecord&> m_updateReceived;       //!< UpdateReceived
    TracedCallback<uint64_t, uint32_t, const std::string&> m_sendFailed; //!< SendFailed
    TracedCallback<uint64_t, uint32_t, uint32_t> m_takeover;             //!< Takeover
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_FEDERATED_NODE_H
