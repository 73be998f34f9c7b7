// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_OFFLOADING_META_TRAINING_H
#define SAGIN_OFFLOADING_META_TRAINING_H

#include "offloading-experiment.h"

#include "ns3/ptr.h"

#include <cstdint>
#include <vector>

namespace ns3
{
namespace sagin
{

class DdpgPolicy;

/**
 * \ingroup sagin
 * Meta-training of study A's MADFRL follower agents (the "MAML" of MAML-MADFRL): the task
 * family the followers meet is the source's (stochastic task arrivals, time-varying LEO
 * distances, the leader's prices); a task is a flow-level run with the source's random
 * geometry drawn on its own streams and tasks of mean size m, U(m / 2, 3 m / 2) Mbit, m
 * spread over [minMeanTaskMbit, maxMeanTaskMbit] by the golden-ratio sequence (task t: m =
 * min + (max - min) frac(0.618034 t)). The inner loop runs slotsPerTask slots of MADFRL with
 * one shared follower agent (every follower's transition in its replay), training, the
 * leader learning its prices afresh (or the scenario's fixed price); MetaTrainInitialization
 * does the outer steps. The tasks use the random geometry whatever the run's, and the shared
 * agent whatever the run's Sharing: the start is fitted to that learner.
 */
struct OffloadingMetaTraining
{
    uint32_t iterations{0};        //!< meta-iterations (0: none; iterations x B <= 10^7)
    uint32_t tasksPerIteration{4}; //!< B, tasks per meta-iteration
    uint32_t slotsPerTask{20};     //!< K, slots an agent adapts on a task
    double outerStep{0.5};         //!< beta in (0, 1]
    double minMeanTaskMbit{10.0};  //!< smallest mean task size of the family (Mbit)
    double maxMeanTaskMbit{30.0};  //!< largest (Mbit)

    /** Throws std::invalid_argument naming the first bad field and its range. */
    void Validate() const;

    /**
     * \param task a task id
     * \return its mean task size m (Mbit)
     */
    double GetMeanTaskMbit(uint64_t task) const;
};

/**
 * Let a follower agent adapt on one task of the family: slots flow-level slots of a
 * scenario's MADFRL with the agent's parameters as the shared followers' start; the agent
 * ends with what they learned.
 * \param scenario N, M and the constants (its geometry and algorithm are not used)
 * \param agent a follower agent (MadfrlOffloadingStrategy::MakeFollowerAgent)
 * \param meanTaskMbit the task's mean task size m (Mbit)
 * \param stream first random stream of the task (geometry, draws, agents)
 * \param slots slots to run
 * \return the mean network reward per slot over them
 */
double AdaptOffloadingFollowers(const OffloadingScenario& scenario,
                                Ptr<DdpgPolicy> agent,
                                double meanTaskMbit,
                                int64_t stream,
                                uint32_t slots);

/**
 * \param scenario N, M and the constants
 * \param meta the meta-training
 * \param start theta before meta-training: the run's own follower start
 *        (MadfrlOffloadingStrategy::GetFollowerStart), so that only meta-training differs
 * \return meta-learned follower parameters, for MadfrlOffloadingStrategy's
 *         SetFollowerInitialization (task t of iteration i is t = i B + b, on streams from
 *         10^6 + 10^4 t)
 */
std::vector<float> MetaTrainOffloadingFollowers(const OffloadingScenario& scenario,
                                                const OffloadingMetaTraining& meta,
                                                const std::vector<float>& start);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_OFFLOADING_META_TRAINING_H
