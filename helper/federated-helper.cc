// SPDX-License-Identifier: GPL-2.0-only

#include "federated-helper.h"

#include "ns3/aggregator-election.h"
#include "ns3/federated-aggregation.h"
#include "ns3/ipv4.h"
#include "ns3/pointer.h"

#include <stdexcept>

namespace ns3
{
namespace sagin
{

FederatedHelper::FederatedHelper()
{
    m_nodeFactory.SetTypeId(FederatedNode::GetTypeId());
    m_aggregatorFactory.SetTypeId(FedAvgAggregator::GetTypeId());
}

void
FederatedHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_nodeFactory.Set(name, value);
}

void
FederatedHelper::SetAggregatorType(const std::string& type)
{
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(type, &tid) || !tid.IsChildOf(Aggregator::GetTypeId()) ||
        !tid.HasConstructor())
    {
        throw std::invalid_argument("FederatedHelper: '" + type +
                                    "' is not an Aggregator TypeId; use e.g. "
                                    "ns3::sagin::FedAvgAggregator");
    }
    m_aggregatorFactory = ObjectFactory();
    m_aggregatorFactory.SetTypeId(tid);
}

void
FederatedHelper::SetElection(std::function<Ptr<AggregatorElection>(Ptr<Node>)> election)
{
    m_election = std::move(election);
}

void
FederatedHelper::SetInitialModel(const std::vector<float>& parameters)
{
    m_initialModel = parameters;
}

void
FederatedHelper::SetTrainer(std::function<FederatedNode::TrainCallback(Ptr<Node>)> trainer)
{
    m_trainer = std::move(trainer);
}

void
FederatedHelper::SetAdopter(std::function<FederatedNode::AdoptCallback(Ptr<Node>)> adopter)
{
    m_adopter = std::move(adopter);
}

Ipv4Address
FederatedHelper::GetAddress(Ptr<Node> node)
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    if (ipv4)
    {
        for (uint32_t i = 1; i < ipv4->GetNInterfaces(); ++i)
        {
            if (ipv4->GetNAddresses(i) > 0)
            {
                return ipv4->GetAddress(i, 0).GetLocal();
            }
        }
    }
    throw std::invalid_argument("FederatedHelper: node " + std::to_string(node->GetId()) +
                                " has no IPv4 address; install the Internet stack and assign "
                                "addresses before the federation");
}

ApplicationContainer
FederatedHelper::Install(const NodeContainer& participants,
                         const NodeContainer& aggregatorsOnly) const
{
    if (participants.GetN() == 0)
    {
        throw std::invalid_argument("FederatedHelper::Install: zero participants; give at least "
                                    "one node that trains");
    }
    if (!m_election)
    {
        throw std::invalid_argument("FederatedHelper: no election; call SetElection");
    }
    if (!m_trainer)
    {
        throw std::invalid_argument("FederatedHelper: no trainer; call SetTrainer");
    }
    // Participants train; aggregator-only nodes do not.
    const std::pair<const NodeContainer*, bool> groups[] = {{&participants, true},
                                                            {&aggregatorsOnly, false}};
    std::vector<FederatedMember> members;
    for (const auto& [nodes, trains] : groups)
    {
        for (uint32_t i = 0; i < nodes->GetN(); ++i)
        {
            members.push_back({nodes->Get(i)->GetId(), GetAddress(nodes->Get(i)), trains});
        }
    }
    ApplicationContainer apps;
    for (const auto& [nodes, trains] : groups)
    {
        for (uint32_t i = 0; i < nodes->GetN(); ++i)
        {
            Ptr<Node> node = nodes->Get(i);
            Ptr<FederatedNode> app = m_nodeFactory.Create<FederatedNode>();
            app->SetAttribute("Election", PointerValue(m_election(node)));
            app->SetAttribute("Aggregator", PointerValue(m_aggregatorFactory.Create<Aggregator>()));
            app->SetMembers(members);
            app->SetInitialModel(m_initialModel);
            if (trains)
            {
                app->SetTrainCallback(m_trainer(node));
                if (m_adopter)
                {
                    app->SetAdoptCallback(m_adopter(node));
                }
            }
            node->AddApplication(app);
            apps.Add(app);
        }
    }
    return apps;
}

} // namespace sagin
} // namespace ns3
