// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_HANDOVER_EXPERIMENT_H
#define SAGIN_HANDOVER_EXPERIMENT_H

#include "ns3/data-rate.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/run-store.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * What sagin-learning-handover runs: the shell, the users around a gateway, the DDQN and
 * the baselines (the example's options, each named after its own).
 */
struct HandoverExperimentOptions
{
    std::string scenario{"shared"};    //!< shared or herding
    uint32_t runs{1};                  //!< independent runs of every policy
    uint64_t userRun{1};               //!< --RngRun, from which the runs' numbers derive
    uint32_t planes{24};               //!< Walker planes
    uint32_t satsPerPlane{22};         //!< satellites per plane
    double altitudeKm{550};            //!< shell altitude (km)
    double inclinationDeg{53};         //!< shell inclination (degrees)
    uint32_t phasing{1};               //!< Walker phasing F
    uint32_t users{6};                 //!< ground users (agents)
    double centreLat{47.0};            //!< gateway and centre of the users (degrees)
    double centreLon{8.0};             //!< (degrees)
    double radiusKm{400};              //!< users on a circle of this radius (km)
    uint32_t candidates{4};            //!< K: satellites a user may choose from
    double minElevationDeg{10};        //!< lowest usable elevation (degrees)
    uint32_t subChannels{2};           //!< OFDMA sub-channels per satellite
    double userTxPowerDbm{26.99};      //!< study A: 0.5 W
    double satelliteTxPowerDbm{50};    //!< downlink to the gateway
    double gatewayTxPowerDbm{50};      //!< gateway uplink (ARP replies)
    DataRate offeredRate{"4Mbps"};     //!< each user's UDP rate
    Time slot{Seconds(1)};             //!< decision slot
    uint32_t slots{600};               //!< slots per policy run
    std::string policies{"all"};       //!< ddqn, random, greedy or all
    std::string hiddenLayers{"64,64"}; //!< DDQN hidden layers
    double gamma{0.5};                 //!< DDQN discount
    double learningRate{1e-3};         //!< DDQN Adam step
    double epsilonDecayFraction{0.4};  //!< share of the slots over which epsilon decays
    uint32_t updatesPerSlot{0};        //!< DDQN gradient steps per slot (0: one per user)
    uint32_t smoothing{20};            //!< moving-average window of the plot (slots)
    std::string db;                    //!< run store
    std::string plotPrefix{"sagin-learning-handover"}; //!< PNG prefix
};

/** \ingroup sagin
 * One row of results: what one user did and got in one slot. */
struct HandoverSlotRow
{
    uint32_t slot;        //!< slot index
    uint32_t agent;       //!< user index
    int32_t action;       //!< candidate index
    int32_t satellite;    //!< satellite node id, -1 if none
    double elevationDeg;  //!< of the chosen satellite
    double throughputBps; //!< received by the gateway in the slot
    double reward;        //!< throughput / offered
};

/** \ingroup sagin
 * What a run gives back: the mean reward of every slot. */
struct HandoverRunResult
{
    std::vector<double> meanReward; //!< over users, per slot
    std::string drops;              //!< packets lost, by reason
};

/**
 * \ingroup sagin
 * sagin-learning-handover's experiment: build the shell, the gateway and the users with their
 * saturated UDP flows, run one policy for every slot (each user picks one of its candidate
 * satellites), and record it.
 * \param options the options (checked by the example)
 * \param policyName ddqn, random or greedy
 * \param store the run store, or nullptr
 * \return the per-slot mean rewards and the packets lost
 */
HandoverRunResult RunHandoverPolicy(const HandoverExperimentOptions& options,
                                    const std::string& policyName,
                                    Ptr<RunStore> store);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_HANDOVER_EXPERIMENT_H
