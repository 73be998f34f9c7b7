// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_FEDERATED_HELPER_H
#define SAGIN_FEDERATED_HELPER_H

#include "ns3/application-container.h"
#include "ns3/federated-node.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace sagin
{

class AggregatorElection;

/**
 * \ingroup sagin
 * Installs a federation: a FederatedNode on every participant (nodes that train) and on
 * aggregator-only nodes, all knowing each other (SetMembers, at each node's first IPv4
 * address), with the same initial model, one Aggregator object and one election per node.
 *
 * \code
 *   FederatedHelper federation;
 *   federation.SetAttribute("Deadline", TimeValue(Seconds(20)));
 *   federation.SetAggregator("ns3::sagin::FedAvgAggregator");
 *   federation.SetElection([](Ptr<Node>) { ... return election; });
 *   federation.SetInitialModel(model);
 *   federation.SetTrainer([](Ptr<Node> node) { return FederatedNode::TrainCallback(...); });
 *   ApplicationContainer apps = federation.Install(servers);
 * \endcode
 */
class FederatedHelper
{
  public:
    FederatedHelper();

    /**
     * \param name a FederatedNode attribute (Deadline, Quorum, Rounds, CpuFrequency, ...)
     * \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * Choose the aggregation rule by TypeId name and set its attributes (each node gets its
     * own object). Throws std::invalid_argument naming the type when it is not an Aggregator.
     * \tparam Ts name/value pairs
     * \param type e.g. "ns3::sagin::FedAvgAggregator"
     * \param args attribute name, value, ...
     */
    template <typename... Ts>
    void SetAggregator(const std::string& type, Ts&&... args)
    {
        SetAggregatorType(type);
        m_aggregatorFactory.Set(std::forward<Ts>(args)...);
    }

    /**
     * \param election gives each node's election (a node's own view of a chain, or one
     *        shared object for fixed and round-robin rules)
     */
    void SetElection(std::function<Ptr<AggregatorElection>(Ptr<Node>)> election);

    /** \param parameters the model before round 0 */
    void SetInitialModel(const std::vector<float>& parameters);

    /** \param trainer gives each participant's training callback */
    void SetTrainer(std::function<FederatedNode::TrainCallback(Ptr<Node>)> trainer);

    /**
     * \param adopter gives each participant's AdoptCallback (optional: training that runs
     *        alongside the simulation, with FederatedNode's LocalTrainingTime)
     */
    void SetAdopter(std::function<FederatedNode::AdoptCallback(Ptr<Node>)> adopter);

    /**
     * \param participants nodes that train (each with an Internet stack and an address)
     * \param aggregatorsOnly nodes that only aggregate when elected (may be empty)
     * \return the applications, participants first, in container order
     */
    ApplicationContainer Install(const NodeContainer& participants,
                                 const NodeContainer& aggregatorsOnly = NodeContainer()) const;

    /**
     * \param node a node
     * \return its first IPv4 address past the loopback; std::invalid_argument naming the node
     *         if it has none
     */
    static Ipv4Address GetAddress(Ptr<Node> node);

  private:
    /** \param type the Aggregator TypeId name */
    void SetAggregatorType(const std::string& type);

    ObjectFactory m_nodeFactory;                                      //!< FederatedNode
    ObjectFactory m_aggregatorFactory;                                //!< the Aggregator
    std::function<Ptr<AggregatorElection>(Ptr<Node>)> m_election;     //!< per node
    std::function<FederatedNode::TrainCallback(Ptr<Node>)> m_trainer; //!< per participant
    std::function<FederatedNode::AdoptCallback(Ptr<Node>)> m_adopter; //!< per participant
    std::vector<float> m_initialModel;                                //!< before round 0
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_FEDERATED_HELPER_H
