// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_FEDERATED_AGGREGATION_H
#define SAGIN_FEDERATED_AGGREGATION_H

#include "ns3/object.h"

#include <cstdint>
#include <string>
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
 * Whether one participant's contribution can be aggregated, to be asked before aggregation
 * (a round protocol drops and counts a bad contribution per participant instead of losing
 * the round to an exception): its parameter count is the expected one, every parameter is
 * finite, and its weight is finite and >= 0.
 *
 * The robust rules (CoordinateMedian, TrimmedMean, Krum) ignore the weight and so do not
 * refuse a bad one; this check does, because FedAvg would.
 * \param client the contribution
 * \param expectedSize the parameter count of the model being trained
 * \return "" if it can be aggregated, else what is wrong, e.g. "has 3 parameters, expected
 *         4", "parameter 17 is nan", "weight -1 is negative"
 */
std::string CheckClientModel(const ClientModel& client, std::size_t expectedSize);

/**
 * \ingroup sagin
 * FedAvg (McMahan et al., AISTATS 2017): the average of the clients' parameters weighted by
 * their sample counts, Z = sum_i n_i Z_i / sum_i n_i, accumulated in double precision (so
 * the average of identical models is that model, bit for bit).
 * \param clients the models and sample counts (at least one; equal lengths; finite
 *        parameters; counts finite, >= 0, not all 0); std::invalid_argument naming the client
 *        otherwise
 * \return the aggregated parameters
 */
std::vector<float> FedAvg(const std::vector<ClientModel>& clients);

/**
 * \ingroup sagin
 * Coordinate-wise median (Yin et al., ICML 2018): each parameter is the median of the
 * clients' values of it; for an even client count the mean of the two middle values,
 * computed in double precision and rounded once to float.
 *
 * Weights (sample counts) are ignored: every client counts once. The result does not
 * depend on the order of the clients, bit for bit (a zero result is +0).
 * \param clients the models (at least one; equal lengths; finite parameters);
 *        std::invalid_argument naming the client and the parameter otherwise
 * \return the aggregated parameters
 */
std::vector<float> CoordinateMedian(const std::vector<ClientModel>& clients);

/**
 * \ingroup sagin
 * Coordinate-wise trimmed mean (Yin et al., ICML 2018, beta-trimmed mean): for each
 * parameter, the t = floor(beta n) largest and the t smallest of the n clients' values are
 * dropped and the remaining n - 2t averaged (summed in double precision in ascending order,
 * rounded once to float). beta n within a relative 1e-12 of an integer counts as that
 * integer, so beta = 0.29 trims 29 of 100 although 0.29 * 100 is 28.999999999999996 in
 * double precision. beta = 0 is the plain mean; beta close to 0.5 approaches the median.
 *
 * Weights (sample counts) are ignored: every client counts once. The result does not
 * depend on the order of the clients, bit for bit.
 * \param clients the models (at least one; equal lengths; finite parameters)
 * \param trimFraction beta, in [0, 0.5)
 * \return the aggregated parameters
 */
std::vector<float> TrimmedMean(const std::vector<ClientModel>& clients, double trimFraction);

/**
 * \ingroup sagin
 * Krum scores (Blanchard et al., NeurIPS 2017): the score of client i is the sum of the
 * squared Euclidean distances from its parameters to those of its n - f - 2 nearest other
 * clients. Requires n >= 2f + 3 (std::invalid_argument giving n, f and 2f + 3 otherwise).
 *
 * Squared distances are accumulated in single precision within blocks of 512 parameters
 * (16 partial sums each) and in double precision across blocks, in an order that does not
 * depend on which of the two clients comes first; each score sums its distances in
 * ascending order. So the scores do not depend on the order of the clients, bit for bit. A
 * pair of clients further apart than single precision can hold (a coordinate difference
 * above about 1.8e19) has an infinite distance. Weights are ignored.
 * \param clients the models (n of them; equal lengths; finite parameters)
 * \param byzantine f, the number of Byzantine clients to tolerate
 * \return the n scores, in client order
 */
std::vector<double> KrumScores(const std::vector<ClientModel>& clients, uint32_t byzantine);

/**
 * \ingroup sagin
 * Krum and Multi-Krum (Blanchard et al., NeurIPS 2017): the m clients with the lowest
 * KrumScores(); their parameters for m = 1 (Krum), their unweighted mean for m > 1
 * (Multi-Krum; summed in double precision in selection order, rounded once to float).
 * Equal scores are broken by the lower client index, so the result depends on the order of
 * the clients only when clients tie for a place in the selection.
 *
 * Weights (sample counts) are ignored. Requires n >= 2f + 3 and 1 <= m <= n;
 * std::invalid_argument with n, f and m otherwise.
 * \param clients the models (equal lengths; finite parameters)
 * \param byzantine f, the number of Byzantine clients to tolerate
 * \param selected m, how many clients are selected
 * \param chosen if not nullptr, receives the selected client indices, best score first
 * \return the aggregated parameters
 */
std::vector<float> Krum(const std::vector<ClientModel>& clients,
                        uint32_t byzantine,
                        uint32_t selected,
                        std::vector<std::size_t>* chosen = nullptr);

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
 * attribute: FedAvgAggregator, WeightedDeltaAggregator, and the Byzantine-robust
 * MedianAggregator, TrimmedMeanAggregator and KrumAggregator; further rules plug in as
 * subclasses overriding DoAggregate(). Every rule throws std::invalid_argument, naming the
 * client, for a client list it cannot aggregate; FedAvg and the robust rules also for a
 * parameter that is not finite, which CheckClientModel() finds in advance.
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
 * CoordinateMedian() as an Aggregator (global parameters and weights are not used).
 */
class MedianAggregator : public Aggregator
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
 * TrimmedMean() as an Aggregator, with beta the attribute TrimFraction (global parameters
 * and weights are not used).
 */
class TrimmedMeanAggregator : public Aggregator
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

    double m_trimFraction{0.1}; //!< TrimFraction beta
};

/**
 * \ingroup sagin
 * Krum() as an Aggregator: attributes ByzantineCount (f) and Selected (m; 1 is Krum, more is
 * Multi-Krum). A round with fewer than 2f + 3 clients, or fewer than m, throws
 * std::invalid_argument (global parameters and weights are not used).
 */
class KrumAggregator : public Aggregator
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

    uint32_t m_byzantine{1}; //!< ByzantineCount f
    uint32_t m_selected{1};  //!< Selected m
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
