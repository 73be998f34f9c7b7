// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_OFFLOADING_EXPERIMENT_H
#define SAGIN_OFFLOADING_EXPERIMENT_H

#include "ns3/ptr.h"

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace sagin
{

class OffloadingParameters;
struct OffloadingSlotRecord;

/**
 * \ingroup sagin
 * Who decides study A's slots in an experiment: the per-slot Stackelberg optimum of the
 * drift-plus-penalty terms (MyopicStackelbergStrategy, the non-learning reference), the
 * source's three baselines on top of it (OffloadingBaselineStrategy) and the learned
 * MADFRL agents (MadfrlOffloadingStrategy, trained for the scenario's trainingSlots first).
 */
enum class OffloadingAlgorithm : uint32_t
{
    MYOPIC = 0,
    MARTO = 1,
    MAMCC = 2,
    MAGCS = 3,
    MADFRL = 4
};

/** Number of OffloadingAlgorithm values. */
constexpr uint32_t OFFLOADING_ALGORITHMS = 5;

/**
 * \ingroup sagin
 * \param algorithm an algorithm
 * \return its name in plots and the run store ("Myopic", "MARTO", ...)
 */
std::string GetOffloadingAlgorithmName(OffloadingAlgorithm algorithm);

/**
 * \ingroup sagin
 * \param list comma-separated myopic, marto, mamcc, magcs, madfrl, or all (the first four:
 *        madfrl trains for minutes per run)
 * \return the algorithms; std::invalid_argument naming an unknown one (as --algorithms)
 */
std::vector<OffloadingAlgorithm> ParseOffloadingAlgorithms(const std::string& list);

/**
 * \ingroup sagin
 * One run of study A: N MBS sites on a square grid around a centre, each with M devices at
 * uniformly random places within a radius of it, under a constellation on its real orbits
 * (or the source's random geometry), for a number of slots.
 */
struct OffloadingScenario
{
    std::string constellation{"starlink-shell1"}; //!< a constellation preset
    double latitude{39.96};     //!< centre of the MBS grid (degrees; BUPT, Beijing)
    double longitude{116.36};   //!< (degrees)
    double siteSpacingKm{20.0}; //!< distance between neighbouring MBS sites (km)
    double deviceRadiusKm{2.0}; //!< devices lie within this of their MBS (km)
    bool randomGeometry{false}; //!< the source's random distances instead of orbits
    bool packetLevel{false};    //!< offloaded bits as packets (OffloadingNetworkHelper)
    uint32_t slots{100};        //!< slots to run
    uint32_t trainingSlots{0};  //!< slots a learner trains in first (not measured; queues restart)
    uint32_t metaIterations{0}; //!< MADFRL: meta-iterations of its followers' initialisation
                                //!< before training (OffloadingMetaTraining defaults otherwise)
    OffloadingAlgorithm algorithm{OffloadingAlgorithm::MYOPIC}; //!< who decides
    /** MARTO, MAMCC, MAGCS: their other decisions from a MADFRL strategy that trains for
     *  trainingSlots (the source's multi-agent learners with one rule each) instead of the
     *  myopic per-slot optimum */
    bool learnedBaselines{false};
    double fixedPrice{-1.0}; //!< every follower's price, or < 0: the leader's
    /** OffloadingParameters attributes to set, (name, value) */
    std::vector<std::pair<std::string, std::string>> parameters;
    uint64_t run{1}; //!< ns-3 RngRun of the run

    /**
     * Throw std::invalid_argument naming the field when one is out of range, including the
     * parameters (OffloadingParameters::GetConstants) and a fixed price above MaxPrice.
     */
    void Validate() const;

    /**
     * \return an OffloadingParameters with the parameters set; std::invalid_argument naming
     *         an unknown attribute or a value it does not take
     */
    Ptr<OffloadingParameters> MakeParameters() const;
};

/**
 * \ingroup sagin
 * A run's time averages over its slots (copied as bytes between worker processes).
 */
struct OffloadingRunSummary
{
    uint32_t task{0};                   //!< which task of a sweep it was
    double throughputMbit{0.0};         //!< mean D per follower and slot (Mbit)
    double queueMbit{0.0};              //!< mean Q per follower and slot (Mbit)
    double leaderProfit{0.0};           //!< mean leader profit per slot
    double interferenceW{0.0};          //!< mean I of the offloaders, over slots with any (W)
    double privacyOverheadSeconds{0.0}; //!< mean C_SBC per slot (s)
    double price{0.0};                  //!< mean lambda (per GHz)
    double offloadShare{0.0};           //!< share of follower-slots offloading
    double frequencyGHz{0.0};           //!< mean f (GHz)
    double reward{0.0};                 //!< mean network reward per slot
    double maxQueueMbit{0.0};           //!< largest mean queue over the slots (Mbit)
    double flowThroughputMbit{0.0};     //!< throughputMbit the flow model gives the decisions
    double serverBacklogSeconds{0.0};   //!< packet level: mean LEO compute backlog (s of CPU)
};

/**
 * \ingroup sagin
 * Build the scenario, run its slots (Simulator::Run and Destroy) and average them.
 * \param scenario the run (validated; a bad OffloadingParameters name or value throws
 *        std::invalid_argument naming it)
 * \param perSlot called with every slot's record, or empty
 * \return the time averages
 */
OffloadingRunSummary RunOffloadingScenario(
    const OffloadingScenario& scenario,
    const std::function<void(const OffloadingSlotRecord&)>& perSlot = {});

} // namespace sagin
} // namespace ns3

#endif // SAGIN_OFFLOADING_EXPERIMENT_H
