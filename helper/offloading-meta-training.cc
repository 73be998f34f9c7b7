// SPDX-License-Identifier: GPL-2.0-only

#include "offloading-meta-training.h"

#include "ns3/boolean.h"
#include "ns3/ddpg-policy.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/madfrl-offloading-strategy.h"
#include "ns3/meta-initialization.h"
#include "ns3/offloading-parameters.h"
#include "ns3/offloading-slot-controller.h"
#include "ns3/pointer.h"
#include "ns3/string.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

namespace
{
/** Frac(t x this) spreads the tasks' means evenly (the golden ratio's conjugate). */
constexpr double GOLDEN = 0.6180339887498949;
/** A task's streams start at this plus TASK_STREAMS times its id. */
constexpr int64_t META_STREAM = 1000000;
/** Streams set aside per task (controller, draws, up to 1023 follower agents, leader). */
constexpr int64_t TASK_STREAMS = 10000;
} // namespace

void
OffloadingMetaTraining::Validate() const
{
    const auto refuse = [](const std::string& what) {
        throw std::invalid_argument("study A meta-training: " + what);
    };
    if (iterations > 0 && (tasksPerIteration == 0 || slotsPerTask == 0))
    {
        refuse("a meta-iteration needs at least one task of at least one slot");
    }
    if (static_cast<uint64_t>(iterations) * tasksPerIteration > 10000000)
    {
        refuse("at most 10^7 tasks (iterations x tasks per iteration)");
    }
    if (!(outerStep > 0.0 && outerStep <= 1.0))
    {
        refuse("the outer step beta must be in (0, 1]");
    }
    if (!(minMeanTaskMbit > 0.0 && minMeanTaskMbit <= maxMeanTaskMbit && maxMeanTaskMbit <= 1e6))
    {
        refuse("the mean task sizes need 0 < min <= max <= 1e6 Mbit");
    }
}

double
OffloadingMetaTraining::GetMeanTaskMbit(uint64_t task) const
{
    const double spread = std::fmod(GOLDEN * static_cast<double>(task), 1.0);
    return minMeanTaskMbit + (maxMeanTaskMbit - minMeanTaskMbit) * spread;
}

double
AdaptOffloadingFollowers(const OffloadingScenario& scenario,
                         Ptr<DdpgPolicy> agent,
                         double meanTaskMbit,
                         int64_t stream,
                         uint32_t slots)
{
    Ptr<OffloadingParameters> parameters = scenario.MakeParameters();
    std::ostringstream size;
    size << "ns3::UniformRandomVariable[Min=" << 0.5 * meanTaskMbit << "|Max=" << 1.5 * meanTaskMbit
         << "]";
    parameters->SetAttribute("TaskSize", StringValue(size.str()));
    const OffloadingConstants k = parameters->GetConstants();
    auto strategy = CreateObject<MadfrlOffloadingStrategy>();
    strategy->SetAttribute("Sharing", EnumValue(MadfrlOffloadingStrategy::SHARED));
    strategy->SetAttribute("FixedPrice", DoubleValue(scenario.fixedPrice));
    strategy->SetFollowerInitialization(k, agent->GetParameters());
    auto controller = CreateObject<OffloadingSlotController>();
    controller->SetAttribute("Parameters", PointerValue(parameters));
    controller->SetAttribute("Strategy", PointerValue(strategy));
    controller->SetAttribute("Geometry", EnumValue(OffloadingSlotController::RANDOM));
    controller->AssignStreams(stream);
    double reward = 0.0;
    for (uint32_t t = 0; t < slots; ++t)
    {
        reward += controller->RunSlot().reward / slots;
    }
    agent->SetParameters(strategy->GetFollowerAgent(0)->GetParameters());
    controller->Dispose();
    return reward;
}

std::vector<float>
MetaTrainOffloadingFollowers(const OffloadingScenario& scenario,
                             const OffloadingMetaTraining& meta,
                             const std::vector<float>& start)
{
    scenario.Validate();
    meta.Validate();
    const OffloadingConstants k = scenario.MakeParameters()->GetConstants();
    auto probe = CreateObject<MadfrlOffloadingStrategy>();
    std::vector<std::vector<uint64_t>> batches;
    for (uint64_t i = 0; i < meta.iterations; ++i)
    {
        std::vector<uint64_t> batch;
        for (uint64_t b = 0; b < meta.tasksPerIteration; ++b)
        {
            batch.push_back(i * meta.tasksPerIteration + b);
        }
        batches.push_back(batch);
    }
    return MetaTrainInitialization(
        start,
        [&probe, &k]() -> Ptr<Policy> { return probe->MakeFollowerAgent(k); },
        [&](Ptr<Policy> agent, uint64_t task) {
            AdaptOffloadingFollowers(scenario,
                                     DynamicCast<DdpgPolicy>(agent),
                                     meta.GetMeanTaskMbit(task),
                                     META_STREAM + TASK_STREAMS * static_cast<int64_t>(task),
                                     meta.slotsPerTask);
        },
        batches,
        meta.outerStep);
}

} // namespace sagin
} // namespace ns3
