// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_OFFLOADING_SLOT_CONTROLLER_H
#define SAGIN_OFFLOADING_SLOT_CONTROLLER_H

#include "offloading-strategy.h"

#include "ns3/event-id.h"
#include "ns3/geodesy.h"
#include "ns3/node-container.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace ns3
{
class MobilityModel;

namespace sagin
{

class OffloadingPacketDelivery;
class OffloadingPrivacyPath;
struct OffloadingRecord;
class OffloadingParameters;
class SatelliteLosNlosPropagationLossModel;
class VirtualQueues;

/**
 * \ingroup sagin
 * What one slot of study A did, as OffloadingSlotController reports it. Means are over the
 * N M followers unless stated.
 */
struct OffloadingSlotRecord
{
    uint32_t slot{0};                   //!< t, from 0
    double timeSeconds{0.0};            //!< simulation time of the slot's start (s)
    double meanArrivalMbit{0.0};        //!< mean A(t) (Mbit)
    double meanProcessedMbit{0.0};      //!< mean D(t), the throughput per follower (Mbit)
    double meanQueueMbit{0.0};          //!< mean Q(t+1) (Mbit)
    uint32_t offloaders{0};             //!< followers that offloaded (alpha = 0)
    double meanInterferenceW{0.0};      //!< mean I of the offloaders (W; 0 if none)
    double meanFrequencyGHz{0.0};       //!< mean f (GHz)
    double meanPrice{0.0};              //!< mean lambda (per GHz)
    double leaderProfit{0.0};           //!< sum (lambda - c) f
    double modelProcessingSeconds{0.0}; //!< C1 (s)
    double modelUploadSeconds{0.0};     //!< C2 (s)
    double blockSeconds{0.0};           //!< C3 (s)
    double privacyOverheadSeconds{0.0}; //!< C_SBC (s)
    double blockBytes{0.0};             //!< S_B of the slot's block (bytes; packet level with
                                        //!< a PrivacyPath: the block the leader produced)
    double reward{0.0};                 //!< sum (Q D + V F), the network's reward
    bool packetLevel{false};            //!< D2 measured from packets
    double flowProcessedMbit{0.0};      //!< mean D the flow model gives the same decision (Mbit)
    double serverBacklogSeconds{0.0};   //!< packet level: mean LEO compute backlog (s of CPU)
    std::vector<uint32_t> leoNodes;     //!< orbits: node id of each candidate LEO o
};

/**
 * \ingroup sagin
 * Study A's slot loop (PAPERS.md "Study A"). Every slot of length T it
 *
 * 1. draws each follower's task A and its cycles per bit w (OffloadingParameters);
 * 2. finds the geometry: with Geometry ORBITS the O candidate LEOs are the O satellites
 *    highest above the devices' centroid (those below MinElevation are out of view: gain 0),
 *    and each device's gain to each comes from the LossModel with the nodes' mobility models
 *    at the current time; with Geometry RANDOM (the source's setting) each follower-LEO pair
 *    gets a horizontal distance x and an altitude y from the RandomHorizontalDistance and
 *    RandomAltitude variables, slant range sqrt(x^2 + y^2) and elevation atan(y / x), and the
 *    LossModel's DrawLoss;
 * 3. asks the Strategy for the leader's prices and the followers' decisions;
 * 4. evaluates them (OffloadingSlotProblem), updates the Lyapunov queues Q(t+1) = [Q - D +
 *    A]^+ (VirtualQueues, NET), lets the strategy learn, and fires SlotCompleted.
 *
 * Packet level: with a PacketDelivery set, step 4 starts the slot's transfers
 * (OffloadingPacketDelivery::BeginSlot) and happens at the end of the slot with the bits that
 * arrived as D2 (OffloadingSlotProblem::EvaluateMeasured); the record also holds what the flow
 * model gives the same decision. Packet level needs the ORBITS geometry. With a PrivacyPath
 * too, C1, C2 and C3 are measured from the model upload and the slot's block
 * (OffloadingPrivacyPath), and at the slot's end every follower's twin submits the slot's
 * OffloadingRecord to the chain; without one, C_SBC is the formula's.
 *
 * Slots run as simulator events from Start() until Stop() or MaxSlots.
 */
class OffloadingSlotController : public Object
{
  public:
    /** Where the follower-LEO geometry comes from. */
    enum Geometry
    {
        ORBITS, //!< the satellites' and devices' mobility models
        RANDOM  //!< the source's random distances
    };

    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    OffloadingSlotController();
    ~OffloadingSlotController() override;

    /**
     * Signature of the SlotCompleted trace.
     * \param record what the slot did
     */
    typedef void (*SlotCompletedTracedCallback)(const OffloadingSlotRecord& record);

    /**
     * Set the followers' devices, follower i = n M + m at index i, each with a MobilityModel
     * (only needed for ORBITS), and the satellites (ORBITS; may be empty for RANDOM; with
     * fewer than O in view the others count as out of view). Resets the queues and the last
     * decision. std::invalid_argument if the numbers do not fit the parameters (N M devices,
     * a satellite for ORBITS) or a mobility model is missing.
     * \param devices the N M devices
     * \param satellites the constellation
     */
    void SetNodes(NodeContainer devices, NodeContainer satellites);

    /**
     * Run the first slot now and the following ones every T. std::invalid_argument for packet
     * level without the ORBITS geometry; std::logic_error while a packet slot is in progress.
     */
    void Start();
    /** Run no further slot. */
    void Stop();

    /** \return where the follower-LEO geometry comes from (attribute Geometry) */
    Geometry GetGeometry() const;

    /**
     * Run one slot now at flow level (what Start schedules without a PacketDelivery).
     * \return the slot's record
     */
    OffloadingSlotRecord RunSlot();

    /**
     * \return the devices' centroid on the ellipsoid (altitude 0), from which the candidate
     *         LEOs are chosen (ORBITS; std::logic_error before SetNodes)
     */
    GeodeticPosition GetServiceCentre() const;

    /**
     * The O candidate LEOs: the satellites highest above the centre, at least minElevation.
     * \param centre the service centre
     * \param positions every satellite's position (ECEF, m)
     * \param count O
     * \param minElevation degrees
     * \return indices into positions, highest first (fewer than count if fewer are in view)
     */
    static std::vector<uint32_t> SelectCandidateLeos(const GeodeticPosition& centre,
                                                     const std::vector<Vector>& positions,
                                                     uint32_t count,
                                                     double minElevation);

    /** \return the followers' queues Q (Mbit) */
    Ptr<VirtualQueues> GetQueues() const;
    /** \return the parameters */
    Ptr<OffloadingParameters> GetParameters() const;
    /** \return the number of slots run */
    uint32_t GetSlotsRun() const;

    /**
     * Use fixed random streams: parameters (tasks), loss model, random geometry, strategy.
     * \param stream first stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

  private:
    /** A decided slot waiting for its accounting. */
    struct DecidedSlot
    {
        std::unique_ptr<OffloadingSlotProblem> problem; //!< the slot
        OffloadingSlotDecision decision;                //!< what was decided
        OffloadingSlotRecord record;                    //!< filled so far
    };

    void DoDispose() override;
    /** Scheduled slot: decide, then account now (flow) or at the slot's end (packets). */
    void SlotEvent();
    /** \return the slot's problem and decision (steps 1-3) */
    DecidedSlot Decide();
    /**
     * Account a slot (step 4).
     * \param slot the decided slot
     * \param outcome what the decision gave
     * \return the record
     */
    OffloadingSlotRecord Complete(DecidedSlot& slot, const OffloadingSlotOutcome& outcome);
    /**
     * \param slot an accounted packet slot
     * \param outcome what its decision gave
     * \return every follower's offloading transaction for the chain
     */
    std::vector<OffloadingRecord> MakeRecords(const DecidedSlot& slot,
                                              const OffloadingSlotOutcome& outcome) const;
    /** Packet level: the slot's end, account what arrived. */
    void FinishPacketSlot();
    /**
     * \param constants the slot's constants
     * \param record filled with the candidate LEOs (ORBITS)
     * \return g of every follower to every candidate LEO, N M x O
     */
    std::vector<std::vector<double>> ComputeGains(const OffloadingConstants& constants,
                                                  OffloadingSlotRecord& record) const;

    Ptr<OffloadingParameters> m_parameters;                      //!< constants and tasks
    Ptr<OffloadingStrategy> m_strategy;                          //!< who decides
    Ptr<OffloadingPacketDelivery> m_delivery;                    //!< packet level, or null
    Ptr<OffloadingPrivacyPath> m_privacyPath;                    //!< measured C_SBC, or null
    DecidedSlot m_packetSlot;                                    //!< packet level: in progress
    Ptr<SatelliteLosNlosPropagationLossModel> m_loss;            //!< device-LEO loss
    Geometry m_geometry;                                         //!< ORBITS or RANDOM
    double m_minElevation;                                       //!< degrees
    Ptr<RandomVariableStream> m_horizontalDistance;              //!< x (km), RANDOM
    Ptr<RandomVariableStream> m_altitude;                        //!< y (km), RANDOM
    uint32_t m_maxSlots;                                         //!< 0: no limit
    std::vector<Ptr<MobilityModel>> m_devices;                   //!< follower i's mobility
    std::vector<Ptr<MobilityModel>> m_satellites;                //!< constellation
    std::vector<uint32_t> m_satelliteIds;                        //!< their node ids
    std::vector<uint32_t> m_deviceIds;                           //!< the devices' node ids
    Ptr<VirtualQueues> m_queues;                                 //!< Q of every follower (Mbit)
    OffloadingSlotDecision m_previous;                           //!< last slot's decision
    uint32_t m_slot;                                             //!< slots run
    uint32_t m_slotsSinceStart;                                  //!< slots run since Start()
    EventId m_event;                                             //!< the next slot
    EventId m_finishEvent;                                       //!< packet level: the slot's end
    TracedCallback<const OffloadingSlotRecord&> m_slotCompleted; //!< SlotCompleted trace
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_OFFLOADING_SLOT_CONTROLLER_H
