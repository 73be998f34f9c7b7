// SPDX-License-Identifier: GPL-2.0-only

#include "federated-aggregation.h"

#include "ns3/double.h"
#include "ns3/log.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginFederatedAggregation");

NS_OBJECT_ENSURE_REGISTERED(Aggregator);
NS_OBJECT_ENSURE_REGISTERED(FedAvgAggregator);
NS_OBJECT_ENSURE_REGISTERED(WeightedDeltaAggregator);

namespace
{
/**
 * Throw std::invalid_argument unless the clients are non-empty, of one length (size, if
 * given) and with finite weights (>= 0 if required).
 * \param clients the clients
 * \param size expected length, or SIZE_MAX for the first client's
 * \param nonNegative weights must be >= 0
 * \param who the operation, for the message
 */
void
CheckClients(const std::vector<ClientModel>& clients,
             std::size_t size,
             bool nonNegative,
             const std::string& who)
{
    if (clients.empty())
    {
        throw std::invalid_argument(who + ": no client model to aggregate");
    }
    const std::size_t expected = size == SIZE_MAX ? clients[0].parameters.size() : size;
    for (std::size_t i = 0; i < clients.size(); ++i)
    {
        if (clients[i].parameters.size() != expected)
        {
            throw std::invalid_argument(who + ": client " + std::to_string(i) + " has " +
                                        std::to_string(clients[i].parameters.size()) +
                                        " parameters, expected " + std::to_string(expected) +
                                        " (models of different architectures)");
        }
        const double w = clients[i].weight;
        if (!std::isfinite(w) || (nonNegative && w < 0.0))
        {
            std::ostringstream msg;
            msg << who << ": client " << i << " has weight " << w << "; weights must be finite"
                << (nonNegative ? " and >= 0" : "");
            throw std::invalid_argument(msg.str());
        }
    }
}
} // namespace

std::vector<float>
FedAvg(const std::vector<ClientModel>& clients)
{
    CheckClients(clients, SIZE_MAX, true, "FedAvg");
    double total = 0.0;
    for (const ClientModel& client : clients)
    {
        total += client.weight;
    }
    if (!(total > 0.0))
    {
        throw std::invalid_argument("FedAvg: the sample counts sum to 0; at least one client "
                                    "must have trained on a sample");
    }
    const std::size_t n = clients[0].parameters.size();
    std::vector<double> sum(n, 0.0);
    for (const ClientModel& client : clients)
    {
        const double share = client.weight / total;
        for (std::size_t k = 0; k < n; ++k)
        {
            sum[k] += share * static_cast<double>(client.parameters[k]);
        }
    }
    return std::vector<float>(sum.begin(), sum.end());
}

std::vector<float>
WeightedDeltaUpdate(const std::vector<float>& global,
                    const std::vector<ClientModel>& clients,
                    double step)
{
    CheckClients(clients, global.size(), false, "WeightedDeltaUpdate");
    if (!std::isfinite(step))
    {
        throw std::invalid_argument("WeightedDeltaUpdate: step u must be finite");
    }
    const std::size_t n = global.size();
    std::vector<double> delta(n, 0.0);
    for (const ClientModel& client : clients)
    {
        for (std::size_t k = 0; k < n; ++k)
        {
            delta[k] += client.weight * (static_cast<double>(client.parameters[k]) -
                                         static_cast<double>(global[k]));
        }
    }
    std::vector<float> updated(n);
    for (std::size_t k = 0; k < n; ++k)
    {
        updated[k] = static_cast<float>(static_cast<double>(global[k]) + step * delta[k]);
    }
    return updated;
}

TypeId
Aggregator::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::Aggregator").SetParent<Object>().SetGroupName("Sagin");
    return tid;
}

Aggregator::Aggregator()
{
    NS_LOG_FUNCTION(this);
}

Aggregator::~Aggregator()
{
    NS_LOG_FUNCTION(this);
}

std::vector<float>
Aggregator::Aggregate(const std::vector<float>& global,
                      const std::vector<ClientModel>& clients) const
{
    NS_LOG_FUNCTION(this << global.size() << clients.size());
    return DoAggregate(global, clients);
}

TypeId
FedAvgAggregator::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::FedAvgAggregator")
                            .SetParent<Aggregator>()
                            .SetGroupName("Sagin")
                            .AddConstructor<FedAvgAggregator>();
    return tid;
}

std::vector<float>
FedAvgAggregator::DoAggregate(const std::vector<float>& /* global */,
                              const std::vector<ClientModel>& clients) const
{
    return FedAvg(clients);
}

TypeId
WeightedDeltaAggregator::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::WeightedDeltaAggregator")
                            .SetParent<Aggregator>()
                            .SetGroupName("Sagin")
                            .AddConstructor<WeightedDeltaAggregator>()
                            .AddAttribute("StepSize",
                                          "Step u of Z <- Z + u sum_i w_i (Z_i - Z) "
                                          "(dimensionless).",
                                          DoubleValue(1.0),
                                          MakeDoubleAccessor(&WeightedDeltaAggregator::m_step),
                                          MakeDoubleChecker<double>());
    return tid;
}

std::vector<float>
WeightedDeltaAggregator::DoAggregate(const std::vector<float>& global,
                                     const std::vector<ClientModel>& clients) const
{
    return WeightedDeltaUpdate(global, clients, m_step);
}

} // namespace sagin
} // namespace ns3
