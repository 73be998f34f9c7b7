// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_CACHING_SLOT_CONTROLLER_H
#define SAGIN_CACHING_SLOT_CONTROLLER_H

#include "caching-slot-problem.h"

#include "ns3/event-id.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace ns3
{

class MobilityModel;
class PropagationLossModel;

namespace sagin
{

class CachingOptimiser;
class CachingPacketDelivery;
class CachingSlotParameters;
class CachingVirtualQueues;
class ContentCatalogue;
class ContentRequestProcess;

/**
 * \ingroup sagin
 * What one slot of study C did, as CachingSlotController reports it (data in Mbit, rates in
 * Mbit/s, revenue in the study's units).
 */
struct CachingSlotRecord
{
    uint32_t slot{0};                    //!< t, from 0
    double timeSeconds{0.0};             //!< simulation time of the slot's start (s)
    double objective{0.0};               //!< U(t) of the applied decision, eq. (22)
    double contentRevenue{0.0};          //!< Rev^1(t), eq. (12)
    double blockchainRevenue{0.0};       //!< Rev^2(t), eq. (13)
    double revenue{0.0};                 //!< Rev(t) = Rev^1 + Rev^2, eq. (14)
    double uavArrivals{0.0};             //!< data routed to all UAVs (Mbit)
    double uavDelivered{0.0};            //!< data all UAVs delivered (Mbit)
    double satelliteArrival{0.0};        //!< data routed to the satellite (Mbit)
    double satelliteDelivered{0.0};      //!< data the satellite delivered (Mbit)
    double meanUavQueue{0.0};            //!< mean of Q_j(t+1) over the UAVs (Mbit)
    double satelliteQueue{0.0};          //!< Q^S(t+1) (Mbit)
    uint32_t uesOnSatellite{0};          //!< UEs the decision sent to the satellite
    uint32_t fullNodes{0};               //!< UAVs that are blockchain full nodes (c_j = 1)
    uint32_t placements{0};              //!< contents newly placed on UAVs (delta_fj = 1)
    double placedData{0.0};              //!< their size: satellite backhaul of the slot (Mbit)
    bool packetLevel{false};             //!< deliveries measured from packets
    double flowUavDelivered{0.0};        //!< what the flow model gives the same decision (Mbit)
    double flowSatelliteDelivered{0.0};  //!< the same for the satellite (Mbit)
    double backhaulReceived{0.0};        //!< packet level: placement data that reached UAVs (Mbit)
    uint32_t placementsFetched{0};       //!< packet level: placements wholly fetched in the slot
    double fullNodeSize{0.0};            //!< s^fu the slot used (Mbit; packet level: real)
    double lightNodeSize{0.0};           //!< s^li the slot used (Mbit; packet level: real)
    double chainRestored{0.0};           //!< packet level: bodies UAVs turned full took (Mbit)
    uint32_t transactions{0};            //!< packet level: delivery records put on the chain
    std::vector<double> ueRequested;     //!< s_f of UE i's request (Mbit)
    std::vector<double> ueDelivered;     //!< D of UE i (packet level: measured) (Mbit)
    std::vector<double> ueFlowDelivered; //!< D of UE i by the flow model (Mbit)
    std::vector<double> uavRates;        //!< R_ij of the slot (Mbit/s), I x J
    std::vector<uint8_t> accessPoint;    //!< access point of UE i: UAV j or the satellite J
};

/**
 * \ingroup sagin
 * Study C's operator (PAPERS.md "Study C"): every slot of length Delta t it
 *
 * 1. draws each UE's request (ContentRequestProcess);
 * 2. reads the UAVs' and UEs' positions from their mobility models and computes the rate of
 *    UE i alone on UAV j from the link model, R_ij = B log2(1 + P h_ij / sigma^2) with
 *    P h_ij the received power the PropagationLossModel gives for the transmit power P
 *    (study C: UavAirToGroundPropagationLossModel, beta0 / d^2 and the slot's blockage);
 *    a UAV serving k UEs gives each R_ij / k (CachingSlotProblem);
 * 3. assembles the slot's problem (CachingSlotParameters::MakeInput) with the current cache
 *    and virtual queues and asks the Optimiser for a decision;
 * 4. applies it: the UAV caches become n(t) (eq. 2), the roles c(t) are set;
 * 5. counts what the slot moved and delivered (flow level: CachingSlotProblem::Evaluate,
 *    D = min(s_f, R dt)), updates the virtual queues (eq. 10, 11) and the revenue (eq. 14),
 *    and fires SlotCompleted with a CachingSlotRecord.
 *
 * Packet level: with a PacketDelivery set, the rates of step 2 come from its link budgets
 * (the same GslChannels the packets use, R^S included), step 4 starts the slot's transfers
 * (CachingPacketDelivery::BeginSlot) and step 5 happens at the end of the slot with the data
 * that actually arrived (CachingSlotProblem::EvaluateDelivered). The record then also holds
 * what the flow model gives the same decision, for comparison. If the delivery runs the chain
 * (CachingPacketDelivery::SetBlockchain), s^fu and s^li come from the ledger's real size,
 * the roles are applied to the UAVs' ledgers and the deliveries go on the chain.
 *
 * Slots run as simulator events from Start() (the first at the current time) until Stop()
 * or MaxSlots; positions and blockage come from the simulator's clock.
 */
class CachingSlotController : public Object
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    CachingSlotController();
    ~CachingSlotController() override;

    /**
     * Signature of the SlotCompleted trace.
     * \param record what the slot did
     */
    typedef void (*SlotCompletedTracedCallback)(const CachingSlotRecord& record);

    /**
     * Set the UAVs and the UEs; each node must have a MobilityModel aggregated. Resets the
     * caches (empty), the roles and the virtual queues.
     * \param uavs the J caching UAVs (J >= 1)
     * \param ues the I UEs (I >= 1)
     */
    void SetNodes(NodeContainer uavs, NodeContainer ues);

    /** Run the first slot now and the following ones every SlotDuration. */
    void Start();
    /** Run no further slot. */
    void Stop();

    /**
     * Run one slot now at flow level: decide, then account (what Start schedules without a
     * PacketDelivery).
     * \return the slot's record
     */
    CachingSlotRecord RunSlot();

    /**
     * \return R_ij of every UE alone on every UAV at the current time (Mbit/s), I x J; draws
     * the blockage of the current coherence interval
     */
    std::vector<double> ComputeUavRates() const;

    /**
     * \param rxPowerDbm received power P h (dBm)
     * \return B log2(1 + P h / sigma^2) (Mbit/s)
     */
    double RateFromRxPower(double rxPowerDbm) const;

    /** \return the UAV caches n_fj (J x F, UAV j's row its contents) */
    const std::vector<uint8_t>& GetCache() const;
    /** \return the roles c_j of the last slot (all 0 before the first) */
    const std::vector<uint8_t>& GetFullNodes() const;
    /** \return the virtual queues */
    Ptr<CachingVirtualQueues> GetQueues() const;
    /** \return the number of slots run */
    uint32_t GetSlotsRun() const;

    /**
     * Use fixed random streams: catalogue, requests, loss model, then the optimiser.
     * \param stream first stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

  private:
    /** A decided slot waiting for its accounting. */
    struct DecidedSlot
    {
        std::unique_ptr<CachingSlotProblem> problem; //!< the slot's problem
        CachingSolution solution;                    //!< the applied decision
        CachingSlotRecord record;                    //!< filled so far
        CachingSlotOutcome flow;                     //!< what the flow model gives it
    };

    void DoDispose() override;
    /** Scheduled slot: decide, then account now (flow) or at the slot's end (packets). */
    void SlotEvent();
    /** \return the slot's decision, applied to the caches and roles (steps 1-4) */
    DecidedSlot Decide();
    /**
     * Account a slot (step 5): queues, revenue, record, trace.
     * \param slot the decided slot
     * \param outcome what it moved and delivered
     * \return the record
     */
    CachingSlotRecord Complete(DecidedSlot& slot, const CachingSlotOutcome& outcome);
    /** Packet level: the slot's end, account what arrived. */
    void FinishPacketSlot();
    /**
     * \param node a UAV or UE
     * \param what "UAV" or "UE", for the message
     * \return its mobility model; throws std::invalid_argument if it has none
     */
    static Ptr<MobilityModel> MobilityOf(Ptr<Node> node, const char* what);

    Ptr<CachingSlotParameters> m_parameters; //!< the operator's constants
    Ptr<ContentCatalogue> m_catalogue;       //!< the satellite's contents
    Ptr<ContentRequestProcess> m_requests;   //!< the UEs' requests
    Ptr<CachingOptimiser> m_optimiser;       //!< the per-slot decision
    Ptr<CachingPacketDelivery> m_delivery;   //!< packet level, or null (flow level)
    DecidedSlot m_packetSlot;                //!< packet level: the slot in progress
    Ptr<PropagationLossModel> m_loss;        //!< UAV-UE loss
    Ptr<CachingVirtualQueues> m_queues;      //!< Q_j and Q^S
    double m_bandwidth;                      //!< B of each UAV (Hz)
    double m_txPowerDbm;                     //!< P of each UAV (dBm)
    double m_noisePowerDbm;                  //!< sigma^2 (dBm)
    uint32_t m_maxSlots;                     //!< slots to run from Start(), 0: no limit
    std::vector<Ptr<MobilityModel>> m_uavs;  //!< UAV mobility models
    std::vector<Ptr<MobilityModel>> m_ues;   //!< UE mobility models
    std::vector<uint8_t> m_cache;            //!< n_fj, J x F
    std::vector<uint8_t> m_fullNode;         //!< c_j
    uint32_t m_slot;                         //!< slots run
    uint32_t m_slotsSinceStart;              //!< slots run since Start()
    EventId m_event;                         //!< the next slot
    TracedCallback<const CachingSlotRecord&> m_slotCompleted; //!< SlotCompleted trace
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CACHING_SLOT_CONTROLLER_H
