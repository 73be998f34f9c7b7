// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_META_INITIALIZATION_H
#define SAGIN_META_INITIALIZATION_H

#include "ns3/ptr.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace ns3
{
namespace sagin
{

class Policy;

/**
 * \ingroup sagin
 * Meta-learned initial parameters of a learning agent over a distribution of RL tasks:
 * first-order MAML in Reptile's form (Nichol, Achiam and Schulman, "On First-Order
 * Meta-Learning Algorithms", 2018, Algorithm 2, batched). Each meta-iteration takes a batch
 * of tasks; for each task i a fresh agent (empty replay, fresh optimiser) starts from theta
 * and learns on the task's own trajectories, acting and updating as it would in a run (the
 * inner loop: its learning rates are the inner step alpha, the trajectories it is given are
 * the K of the task); theta'_i is what it ends with. The outer step moves theta towards
 * them: theta <- theta + beta sum_i (theta'_i - theta) / B (WeightedDeltaUpdate with equal
 * weights).
 *
 * Why not second-order MAML (Maml, for regression): an actor-critic's actor loss is not a
 * regression and its inner updates run through the agent's own optimiser; Reptile needs only
 * the parameters before and after the inner loop, so any Policy can be meta-trained, and it
 * follows MAML's first-order gradient to leading order (Nichol et al., section 5).
 *
 * \param initial theta before meta-training (e.g. an agent's GetParameters())
 * \param makeAgent a fresh agent with its spaces set (the same architecture every time);
 *        each is disposed after its task
 * \param adapt lets an agent act and learn on a task (the task's id as the caller numbers
 *        them)
 * \param batches the tasks of each meta-iteration, in order
 * \param outerStep beta in (0, 1]
 * \return the meta-learned theta; std::invalid_argument for an empty initial theta or
 *         batch, beta outside (0, 1], an agent of another parameter count, or non-finite
 *         adapted parameters (naming the task)
 */
std::vector<float> MetaTrainInitialization(const std::vector<float>& initial,
                                           const std::function<Ptr<Policy>()>& makeAgent,
                                           const std::function<void(Ptr<Policy>, uint64_t)>& adapt,
                                           const std::vector<std::vector<uint64_t>>& batches,
                                           double outerStep);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_META_INITIALIZATION_H
