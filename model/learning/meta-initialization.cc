// SPDX-License-Identifier: GPL-2.0-only

#include "meta-initialization.h"

#include "federated-aggregation.h"
#include "policy.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace ns3
{
namespace sagin
{

std::vector<float>
MetaTrainInitialization(const std::vector<float>& initial,
                        const std::function<Ptr<Policy>()>& makeAgent,
                        const std::function<void(Ptr<Policy>, uint64_t)>& adapt,
                        const std::vector<std::vector<uint64_t>>& batches,
                        double outerStep)
{
    if (initial.empty())
    {
        throw std::invalid_argument("MetaTrainInitialization: the initial parameters are empty");
    }
    if (!(outerStep > 0.0 && outerStep <= 1.0))
    {
        throw std::invalid_argument("MetaTrainInitialization: the outer step beta = " +
                                    std::to_string(outerStep) + " must be in (0, 1]");
    }
    std::vector<float> theta = initial;
    for (std::size_t iteration = 0; iteration < batches.size(); ++iteration)
    {
        const std::vector<uint64_t>& batch = batches[iteration];
        if (batch.empty())
        {
            throw std::invalid_argument("MetaTrainInitialization: meta-iteration " +
                                        std::to_string(iteration) + " has no task");
        }
        std::vector<ClientModel> adapted;
        for (uint64_t task : batch)
        {
            Ptr<Policy> agent = makeAgent();
            agent->SetParameters(theta); // throws for another architecture
            adapt(agent, task);
            ClientModel model;
            model.parameters = agent->GetParameters();
            model.weight = 1.0 / batch.size();
            for (float p : model.parameters)
            {
                if (!std::isfinite(p))
                {
                    throw std::invalid_argument("MetaTrainInitialization: task " +
                                                std::to_string(task) +
                                                " left non-finite parameters; lower the "
                                                "agent's learning rates");
                }
            }
            agent->Dispose();
            adapted.push_back(std::move(model));
        }
        theta = WeightedDeltaUpdate(theta, adapted, outerStep);
    }
    return theta;
}

} // namespace sagin
} // namespace ns3
