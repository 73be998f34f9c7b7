// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_FEDERATED_AGGREGATION_H
#define SAGIN_FEDERATED_AGGREGATION_H

#include "ns3/object.h"

#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * One participant's contribution to a federated round: its parameters (a flat vector, e.g.
 * Policy::GetParameters() or DeserializeParameters() of a received buffer) and its weight.
 */
struct ClientModel
{
    std::vector<float> parameters; //!< the local model
    double weight{1.0};            //!< sample count (FedAvg) or w_i (weighted update), >= 0
};

/**
 * \ingroup sagin
 * FedAvg (McMahan et al., AISTATS 2017): the average of the clients' parameters weighted by
 * their sample counts, Z = sum_i n_i Z_i / sum_i n_i, accumulated in double precision (so
 * the average of identical models is that model, bit for bit).
 * \param clients the models and sample counts (at least one; equal lengths; counts finite,
 *        >= 0, not all 0); std::invalid_argument naming the client otherwise
 * \return the aggregated parameters
 */
std::vector<float> FedAvg(const std::vector<ClientModel>& clients);

/**
 * \ingroup sagin
 * Study A's weighted update of the global model: Z <- Z + u * sum_i w_i (Z_i - Z), with the
 * caller's weights as given (not normalised; study A derives them from task size and
 * distance) and step u. Accumulated in double precision.
 * \param global the current global parameters Z
 * \param clients the local models Z_i and weights w_i (finite; lengths equal to Z's)
 * \param step u (finite)
 * \return the new global parameters
 */
std::vector<float> WeightedDeltaUpdate(const std::vector<float>& global,
                                       const std::vector<ClientModel>& clients,
                                       double step);

/**
 * \ingroup sagin
 * An aggregation rule as an ns-3 Object, so a federated round takes it as a PointerValue
 * attribute and robust variants (median, trimmed mean, reputation-weighted...) plug in as
 * subclasses overriding DoAggregate().
 */
class Aggregator : public Object
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    Aggregator();
    ~Aggregator() override;

    /**
     * \param global the current global parameters (may be empty for rules that ignore them)
     * \param clients the clients' models and weights
     * \return the new global parameters
     */
    std::vector<float> Aggregate(const std::vector<float>& global,
                                 const std::vector<ClientModel>& clients) const;

  private:
    /**
     * \param global the current global parameters
     * \param clients the clients' models and weights
     * \return the new global parameters
     */
    virtual std::vector<float> DoAggregate(const std::vector<float>& global,
                                           const std::vector<ClientModel>& clients) const = 0;
};

/**
 * \ingroup sagin
 * FedAvg() as an Aggregator (the global parameters are not used).
 */
class FedAvgAggregator : public Aggregator
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

  private:
    std::vector<float> DoAggregate(const std::vector<float>& global,
                                   const std::vector<ClientModel>& clients) const override;
};

/**
 * \ingroup sagin
 * WeightedDeltaUpdate() as an Aggregator, with step u the attribute StepSize.
 */
class WeightedDeltaAggregator : public Aggregator
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

  private:
    std::vector<float> DoAggregate(const std::vector<float>& global,
                                   const std::vector<ClientModel>& clients) const override;

    double m_step{1.0}; //!< StepSize u
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_FEDERATED_AGGREGATION_H
