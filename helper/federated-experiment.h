// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_FEDERATED_EXPERIMENT_H
#define SAGIN_FEDERATED_EXPERIMENT_H

#include "synthetic-classification-task.h"

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

/** \ingroup sagin What sagin-federated measures of one federated round. */
struct FederatedRoundPoint
{
    uint64_t round{0};                        //!< round
    double timeS{0};                          //!< simulated time at its release (s)
    double durationS{0};                      //!< round duration (s)
    double transferShare{0};                  //!< share of the round not spent computing
    SyntheticClassificationTask::Score score; //!< the released model on the test set
};

/** \ingroup sagin The federated-learning-over-a-constellation scenario (sagin-federated). */
struct FederatedExperimentOptions
{
    uint32_t planes{24};               //!< Walker shell planes
    uint32_t satsPerPlane{22};         //!< satellites per plane
    double altitudeKm{550};            //!< shell altitude
    double inclinationDeg{53};         //!< inclination
    double minElevationDeg{25};        //!< lowest elevation a server uses
    uint32_t servers{6};               //!< servers, 2 to 8 cities on five continents
    uint32_t rounds{20};               //!< federated rounds
    uint32_t samples{500};             //!< samples per server
    double skew{2.0};                  //!< non-IID skew of each server's data
    uint32_t epochs{2};                //!< local epochs per round
    std::string hiddenLayers{"64,64"}; //!< learner's hidden widths
    double cpuHz{2e8};                 //!< servers' CPU frequency (Hz)
    Time deadline{Seconds(30)};        //!< round deadline
    uint32_t poisoned{0};              //!< servers that send their change x100 (the first ones)
    std::string codec{"none"};         //!< update compression: none, q8 or topk
    bool progress{true};               //!< progress lines while running (off with --test)
};

/**
 * \ingroup sagin
 * Build the constellation, the servers, GSLs, ISLs, addresses and routing; install a
 * federation on the servers and run it.
 * \param o the options
 * \param task the learning task
 * \param aggregator the Aggregator TypeId
 * \param store the run store (null: none)
 * \return the rounds
 */
std::vector<FederatedRoundPoint> RunFederatedExperiment(const FederatedExperimentOptions& o,
                                                        const SyntheticClassificationTask& task,
                                                        const std::string& aggregator,
                                                        Ptr<RunStore> store);

/**
 * \ingroup sagin
 * Each server trains alone: the test accuracy of the servers' own models, averaged.
 * \param o the options
 * \param task the task
 * \return one point per round of local training (time: compute only)
 */
std::vector<FederatedRoundPoint> RunLocalOnlyTraining(const FederatedExperimentOptions& o,
                                                      const SyntheticClassificationTask& task);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_FEDERATED_EXPERIMENT_H
