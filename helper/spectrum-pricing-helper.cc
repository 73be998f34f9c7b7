// SPDX-License-Identifier: GPL-2.0-only

#include "spectrum-pricing-helper.h"

#include "blockchain-helper.h"
#include "federated-helper.h"

#include "ns3/aggregator-election.h"
#include "ns3/blockchain-node.h"
#include "ns3/constant-velocity-mobility-model.h"
#include "ns3/double.h"
#include "ns3/earth-fixed-cell-grid.h"
#include "ns3/ed25519-key.h"
#include "ns3/federated-node.h"
#include "ns3/multi-beam-satellite-propagation-loss-model.h"
#include "ns3/pointer.h"
#include "ns3/policy.h"
#include "ns3/reputation-consensus.h"
#include "ns3/satellite-mobility-model.h"
#include "ns3/spectrum-pricing-server.h"
#include "ns3/string.h"
#include "ns3/transaction-payloads.h"
#include "ns3/transaction.h"
#include "ns3/uinteger.h"
#include "ns3/weather-availability-propagation-loss-model.h"

#include <cmath>
#include <map>
#include <stdexcept>
#include <string>

namespace ns3
{
namespace sagin
{

SpectrumPricingHelper::SpectrumPricingHelper()
{
    m_serverFactory.SetTypeId(SpectrumPricingServer::GetTypeId());
    m_marketFactory.SetTypeId(SpectrumLeaseMarket::GetTypeId());
    m_lossFactory.SetTypeId(MultiBeamSatellitePropagationLossModel::GetTypeId());
    m_gridFactory.SetTypeId(EarthFixedCellGrid::GetTypeId());
    // The source's agent: learning rate 1e-3 [paper]; epsilon 0.1, batch 64, gamma 0.95,
    // two linear layers around 128 hidden units (PAPERS.md) [recon]; epsilon reaches 0.1
    // after 200 rounds of wider exploration, and the target network follows every 10
    // updates (the source refreshes it "every local training round") [recon].
    m_policyFactory.SetTypeId("ns3::sagin::DdqnPolicy");
    m_policyFactory.Set("LearningRate", DoubleValue(1e-3));
    m_policyFactory.Set("EpsilonInitial", DoubleValue(1.0));
    m_policyFactory.Set("EpsilonFinal", DoubleValue(0.1));
    m_policyFactory.Set("EpsilonDecaySteps", UintegerValue(200));
    m_policyFactory.Set("TargetUpdateInterval", UintegerValue(10));
    m_policyFactory.Set("BatchSize", UintegerValue(64));
    m_policyFactory.Set("Gamma", DoubleValue(0.95));
    m_policyFactory.Set("HiddenLayers", StringValue("128"));
    m_random = CreateObject<UniformRandomVariable>();
}

void
SpectrumPricingHelper::SetServerAttribute(const std::string& name, const AttributeValue& value)
{
    m_serverFactory.Set(name, value);
}

void
SpectrumPricingHelper::SetMarketAttribute(const std::string& name, const AttributeValue& value)
{
    m_marketFactory.Set(name, value);
}

void
SpectrumPricingHelper::SetLossModelAttribute(const std::string& name, const AttributeValue& value)
{
    if (name == "CellGrid")
    {
        throw std::invalid_argument("SpectrumPricingHelper: each satellite gets its own "
                                    "CellGrid; set the grid's attributes with "
                                    "SetCellGridAttribute");
    }
    m_lossFactory.Set(name, value);
}

void
SpectrumPricingHelper::SetCellGridAttribute(const std::string& name, const AttributeValue& value)
{
    if (name == "CentreLatitude" || name == "CentreLongitude")
    {
        throw std::invalid_argument("SpectrumPricingHelper: a region is centred under its "
                                    "satellite at RegionTime; " +
                                    name + " cannot be set");
    }
    m_gridFactory.Set(name, value);
}

void
SpectrumPricingHelper::SetUsersPerAgent(uint32_t users)
{
    if (users == 0)
    {
        throw std::invalid_argument("SpectrumPricingHelper: at least one user per agent");
    }
    m_usersPerAgent = users;
}

void
SpectrumPricingHelper::SetMaliciousFraction(double fraction)
{
    if (!(fraction >= 0 && fraction <= 1))
    {
        throw std::invalid_argument("SpectrumPricingHelper: the malicious fraction must be in "
                                    "[0, 1], not " +
                                    std::to_string(fraction));
    }
    m_maliciousFraction = fraction;
}

void
SpectrumPricingHelper::SetVisibility(double visibility)
{
    if (!(visibility > 0 && visibility <= 1))
    {
        throw std::invalid_argument("SpectrumPricingHelper: the visibility must be in (0, 1], "
                                    "not " +
                                    std::to_string(visibility));
    }
    m_visibility = visibility;
}

void
SpectrumPricingHelper::SetUserSpeed(double speed)
{
    if (!(speed >= 0) || !std::isfinite(speed))
    {
        throw std::invalid_argument("SpectrumPricingHelper: the users' speed must be >= 0 m/s, "
                                    "not " +
                                    std::to_string(speed));
    }
    m_userSpeed = speed;
}

void
SpectrumPricingHelper::SetTransferAllowance(Time allowance)
{
    if (!allowance.IsStrictlyPositive())
    {
        throw std::invalid_argument("SpectrumPricingHelper: the transfer allowance must be "
                                    "positive");
    }
    m_transferAllowance = allowance;
}

void
SpectrumPricingHelper::SetRegionTime(Time time)
{
    if (time.IsStrictlyNegative())
    {
        throw std::invalid_argument("SpectrumPricingHelper: RegionTime must be >= 0");
    }
    m_regionTime = time;
}

void
SpectrumPricingHelper::SetBlockReward(double reward)
{
    if (!(reward >= 0) || !std::isfinite(reward))
    {
        throw std::invalid_argument("SpectrumPricingHelper: the block reward must be "
                                    "non-negative, not " +
                                    std::to_string(reward));
    }
    m_blockReward = reward;
}

void
SpectrumPricingHelper::SetLeaseRecords(bool record)
{
    m_leaseRecords = record;
}

void
SpectrumPricingHelper::AssignStreams(int64_t stream)
{
    m_stream = stream;
    m_random->SetStream(stream);
}

ApplicationContainer
SpectrumPricingHelper::Install(const NodeContainer& satellites)
{
    m_servers = ApplicationContainer();
    for (uint32_t s = 0; s < satellites.GetN(); ++s)
    {
        Ptr<Node> node = satellites.Get(s);
        Ptr<SatelliteMobilityModel> orbit = node->GetObject<SatelliteMobilityModel>();
        if (!orbit)
        {
            throw std::invalid_argument("SpectrumPricingHelper: node " +
                                        std::to_string(node->GetId()) +
                                        " has no SatelliteMobilityModel");
        }
        // The region: cells centred on the sub-satellite point at RegionTime.
        const OrbitState state = orbit->GetOrbit()->GetEcefState(m_regionTime);
        const GeodeticPosition below = EcefToGeodetic(state.position);
        // Users' velocity: against the satellite's motion, in the region's horizontal plane.
        const EnuFrame frame(GeodeticPosition{below.latitude, below.longitude, 0});
        const Vector track =
            frame.ToEnu(state.position + state.velocity) - frame.ToEnu(state.position);
        const double horizontal = std::hypot(track.x, track.y);
        const Vector origin = frame.ToEcef(Vector(0, 0, 0));
        const Vector away = frame.ToEcef(
            Vector(-track.x / horizontal * m_userSpeed, -track.y / horizontal * m_userSpeed, 0));
        const Vector userVelocity(away.x - origin.x, away.y - origin.y, away.z - origin.z);
        Ptr<EarthFixedCellGrid> grid = m_gridFactory.Create<EarthFixedCellGrid>();
        grid->SetAttribute("CentreLatitude", DoubleValue(below.latitude));
        grid->SetAttribute("CentreLongitude", DoubleValue(below.longitude));
        auto loss = m_lossFactory.Create<MultiBeamSatellitePropagationLossModel>();
        loss->SetAttribute("CellGrid", PointerValue(grid));
        Ptr<WeatherAvailabilityPropagationLossModel> weather;
        if (m_visibility < 1)
        {
            weather = CreateObject<WeatherAvailabilityPropagationLossModel>();
            weather->SetAttribute("Visibility", DoubleValue(m_visibility));
            loss->SetNext(weather);
        }
        Ptr<Policy> policy = m_policyFactory.Create<Policy>();
        policy->SetSpaces(4, ActionSpace::Discrete(3));
        if (m_stream >= 0)
        {
            // The loss model hands streams on to the models chained after it (weather).
            const int64_t base = m_stream + 1 + STREAMS_PER_AGENT * m_agentsInstalled++;
            policy->AssignStreams(base);
            loss->AssignStreams(base + STREAMS_PER_AGENT / 2);
        }

        Ptr<SpectrumPricingServer> server = m_serverFactory.Create<SpectrumPricingServer>();
        server->SetAttribute("LossModel", PointerValue(loss));
        server->SetAttribute("Market", PointerValue(m_marketFactory.Create<SpectrumLeaseMarket>()));
        server->SetAttribute("Policy", PointerValue(policy));
        DoubleValue minPower;
        DoubleValue maxPower;
        server->GetAttribute("MinPower", minPower);
        server->GetAttribute("MaxPower", maxPower);

        // Users uniform over the region's hexagons (rejection from the bounding square).
        const double half = (2.0 * grid->GetRings() + 1.0) * grid->GetCellRadius();
        std::vector<Ptr<MobilityModel>> mobility;
        std::vector<LeaseUser> users;
        for (uint32_t u = 0; u < m_usersPerAgent; ++u)
        {
            Vector ecef;
            uint32_t cell = EarthFixedCellGrid::NO_CELL;
            while (cell == EarthFixedCellGrid::NO_CELL)
            {
                GeodeticPosition p =
                    EcefToGeodetic(EnuToEcef(below,
                                             Vector(m_random->GetValue(-half, half),
                                                    m_random->GetValue(-half, half),
                                                    -below.altitude)));
                p.altitude = 0;
                ecef = GeodeticToEcef(p);
                cell = grid->FindCell(ecef);
            }
            auto m = CreateObject<ConstantVelocityMobilityModel>();
            // A moving user passes its drawn position at RegionTime: the drift is centred.
            const double t = m_regionTime.GetSeconds();
            m->SetPosition(Vector(ecef.x - userVelocity.x * t,
                                  ecef.y - userVelocity.y * t,
                                  ecef.z - userVelocity.z * t));
            m->SetVelocity(userVelocity);
            mobility.push_back(m);
            LeaseUser user;
            user.cell = cell;
            user.powerW = m_random->GetValue(minPower.Get(), maxPower.Get());
            if (m_random->GetValue() < m_maliciousFraction)
            {
                user.behaviour = static_cast<LeaseBehaviour>(1 + m_random->GetInteger(0, 2));
            }
            users.push_back(user);
        }
        server->SetUsers(mobility, users);
        node->AddApplication(server);
        server->CheckConfiguration(); // refused here, not from inside Simulator::Run
        m_servers.Add(server);
    }
    return m_servers;
}

ApplicationContainer
SpectrumPricingHelper::InstallFederation(const ApplicationContainer& servers,
                                         uint32_t tau,
                                         uint32_t rounds)
{
    if (tau == 0)
    {
        throw std::invalid_argument("SpectrumPricingHelper: tau (local rounds per federated "
                                    "round) must be at least 1");
    }
    if (servers.GetN() == 0)
    {
        throw std::invalid_argument("SpectrumPricingHelper: no servers to federate");
    }
    NodeContainer nodes;
    std::map<uint32_t, Ptr<SpectrumPricingServer>> serverOf;
    if (m_gridFactory.Create<EarthFixedCellGrid>()->GetN() > 65536)
    {
        throw std::invalid_argument("SpectrumPricingHelper: a lease record holds a 16-bit beam "
                                    "index; give a region of at most 65,536 cells (Rings <= "
                                    "147)");
    }
    for (uint32_t i = 0; i < servers.GetN(); ++i)
    {
        auto server = DynamicCast<SpectrumPricingServer>(servers.Get(i));
        if (!server)
        {
            throw std::invalid_argument("SpectrumPricingHelper: application " + std::to_string(i) +
                                        " is not a SpectrumPricingServer");
        }
        nodes.Add(server->GetNode());
        serverOf[server->GetNode()->GetId()] = server;
    }
    TimeValue interval;
    DynamicCast<SpectrumPricingServer>(servers.Get(0))
        ->GetAttribute("LocalRoundInterval", interval);
    const Time period = interval.Get() * static_cast<int64_t>(tau);

    // The reputation chain: one block per federated period, gossip over the routed network.
    BlockchainHelper chain;
    chain.SetConsensus("reputation", "SlotDuration", TimeValue(period));
    if (nodes.GetN() <= 4)
    {
        chain.SetFullMeshPeers();
    }
    else
    {
        chain.SetRandomRegularPeers(4);
    }
    m_chain = chain.Install(nodes);
    if (m_stream >= 0)
    {
        chain.AssignStreams(nodes, m_stream + 1 + STREAMS_PER_AGENT * m_agentsInstalled++);
    }
    std::map<uint32_t, Ptr<BlockchainNode>> chainOf;
    for (uint32_t i = 0; i < m_chain.GetN(); ++i)
    {
        chainOf[nodes.Get(i)->GetId()] = DynamicCast<BlockchainNode>(m_chain.Get(i));
    }

    FederatedHelper federation;
    federation.SetAttribute("LocalTrainingTime", TimeValue(period));
    // Updates leave after the local training and need a few round trips over the ISLs.
    federation.SetAttribute("Deadline", TimeValue(period + m_transferAllowance));
    federation.SetAttribute("FailoverDelay", TimeValue(period + 2 * m_transferAllowance));
    federation.SetAttribute("Rounds", UintegerValue(rounds));
    federation.SetAggregator("ns3::sagin::FedAvgAggregator");
    federation.SetElection([chainOf](Ptr<Node> node) {
        auto election = CreateObject<ReputationAggregatorElection>();
        election->SetAttribute("Consensus",
                               PointerValue(chainOf.at(node->GetId())->GetConsensus()));
        return election;
    });
    federation.SetInitialModel(serverOf.begin()->second->GetPolicy()->GetParameters());
    federation.SetTrainer([serverOf, chainOf, interval = interval.Get(), leases = m_leaseRecords](
                              Ptr<Node> node) {
        Ptr<SpectrumPricingServer> server = serverOf.at(node->GetId());
        Ptr<BlockchainNode> ledger = chainOf.at(node->GetId());
        const uint32_t id = node->GetId();
        return FederatedNode::TrainCallback(
            [server, ledger, id, interval, leases](uint64_t round, const std::vector<float>&) {
                // The rounds' reputation record goes to the chain (eqs. 20-22).
                const SpectrumPricingServer::ReputationTally tally = server->TakeReputationTally();
                ReputationChange change;
                change.subject = id;
                change.round = round;
                change.delta = tally.delta;
                change.normalUsers = tally.normal;
                change.maliciousUsers = tally.malicious;
                change.reason = ReputationChange::ROUND_BEHAVIOUR;
                ledger->SubmitTransaction(
                    Transaction::Create(change, round, Ed25519KeyPair::ForNode(id)));
                // And the leases of those rounds, one record per user.
                const auto records = server->TakeLeaseRecords();
                for (const auto& l : leases ? records : decltype(records)())
                {
                    SpectrumLease lease;
                    lease.satellite = id;
                    lease.user = l.user;
                    lease.beam = static_cast<uint16_t>(l.cell);
                    lease.channel = static_cast<uint16_t>(l.channel);
                    lease.start = l.start;
                    lease.duration = interval * static_cast<int64_t>(l.rounds);
                    lease.power = l.powerW;
                    lease.price = l.paid;
                    ledger->SubmitTransaction(Transaction::Create(lease,
                                                                  (round << 32) | l.user,
                                                                  Ed25519KeyPair::ForNode(id)));
                }
                LocalUpdate update;
                update.parameters = server->GetPolicy()->GetParameters();
                update.samples = 1; // FedAvg of equals (the source's aggregation)
                return update;
            });
    });
    federation.SetAdopter([serverOf](Ptr<Node> node) {
        Ptr<SpectrumPricingServer> server = serverOf.at(node->GetId());
        return FederatedNode::AdoptCallback([server](uint64_t, const std::vector<float>& global) {
            server->GetPolicy()->SetParameters(global);
        });
    });
    ApplicationContainer apps = federation.Install(nodes);
    const double reward = m_blockReward;
    for (uint32_t i = 0; i < apps.GetN(); ++i)
    {
        auto app = DynamicCast<FederatedNode>(apps.Get(i));
        app->SetAttribute("Blockchain", PointerValue(m_chain.Get(i)));
        Ptr<SpectrumPricingServer> server = serverOf.at(nodes.Get(i)->GetId());
        app->TraceConnectWithoutContext(
            "RoundCompleted",
            MakeCallback(+[](Ptr<SpectrumPricingServer> s, double r, const FederatedRoundRecord&) {
                s->AddBlockReward(r);
            }).Bind(server, reward));
    }
    return apps;
}

ApplicationContainer
SpectrumPricingHelper::GetChain() const
{
    return m_chain;
}

} // namespace sagin
} // namespace ns3
