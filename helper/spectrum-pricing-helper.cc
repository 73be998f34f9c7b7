// SPDX-License-Identifier: GPL-2.0-only

#include "spectrum-pricing-helper.h"

#include "blockchain-helper.h"
#include "federated-helper.h"
#include "gsl-helper.h"

#include "ns3/aggregator-election.h"
#include "ns3/blockchain-node.h"
#include "ns3/constant-velocity-mobility-model.h"
#include "ns3/double.h"
#include "ns3/earth-fixed-cell-grid.h"
#include "ns3/ed25519-key.h"
#include "ns3/federated-node.h"
#include "ns3/gsl-net-device.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/iot-uplink-application.h"
#include "ns3/ipv4.h"
#include "ns3/leased-iot-uplink.h"
#include "ns3/multi-beam-satellite-propagation-loss-model.h"
#include "ns3/pointer.h"
#include "ns3/policy.h"
#include "ns3/queue-size.h"
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
    m_uplinkAddresses.SetBase("10.192.0.0", "255.255.252.0");
}

void
SpectrumPricingHelper::SetPacketUplink(DataRate rate, uint32_t packetSize)
{
    if (rate.GetBitRate() == 0)
    {
        throw std::invalid_argument("SpectrumPricingHelper: the packet uplink's rate must be "
                                    "positive (bit/s)");
    }
    if (packetSize == 0 || packetSize > 1472)
    {
        throw std::invalid_argument("SpectrumPricingHelper: the packet uplink's payload must "
                                    "be 1 to 1472 bytes (one GSL frame), not " +
                                    std::to_string(packetSize));
    }
    m_uplinkRate = rate;
    m_uplinkPacketSize = packetSize;
}

NodeContainer
SpectrumPricingHelper::GetUserNodes() const
{
    return m_userNodes;
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
        // The market's link model, and with the packet uplink the GSL's own one: the same
        // beams and weather, fading drawn on other streams, so carrying packets does not
        // change what the market sees.
        auto makeLoss = [this, grid]() {
            auto model = m_lossFactory.Create<MultiBeamSatellitePropagationLossModel>();
            model->SetAttribute("CellGrid", PointerValue(grid));
            if (m_visibility < 1)
            {
                auto weather = CreateObject<WeatherAvailabilityPropagationLossModel>();
                weather->SetAttribute("Visibility", DoubleValue(m_visibility));
                model->SetNext(weather);
            }
            return model;
        };
        Ptr<MultiBeamSatellitePropagationLossModel> loss = makeLoss();
        Ptr<MultiBeamSatellitePropagationLossModel> uplinkLoss =
            m_uplinkRate.GetBitRate() > 0 ? makeLoss() : nullptr;
        Ptr<Policy> policy = m_policyFactory.Create<Policy>();
        policy->SetSpaces(4, ActionSpace::Discrete(3));
        if (m_stream >= 0)
        {
            // The loss model hands streams on to the models chained after it (weather).
            const int64_t base = m_stream + 1 + STREAMS_PER_AGENT * m_agentsInstalled++;
            policy->AssignStreams(base);
            loss->AssignStreams(base + STREAMS_PER_AGENT / 2);
            if (uplinkLoss)
            {
                uplinkLoss->AssignStreams(base + STREAMS_PER_AGENT / 2 + 2);
            }
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
        if (m_uplinkRate.GetBitRate() > 0)
        {
            InstallUplink(node, server, uplinkLoss, mobility);
        }
        node->AddApplication(server);
        server->CheckConfiguration(); // refused here, not from inside Simulator::Run
        m_servers.Add(server);
    }
    return m_servers;
}

void
SpectrumPricingHelper::InstallUplink(Ptr<Node> satellite,
                                     Ptr<SpectrumPricingServer> server,
                                     Ptr<PropagationLossModel> loss,
                                     const std::vector<Ptr<MobilityModel>>& mobility)
{
    const uint32_t maxUsers = (1u << 10) - 3; // a /22 less network, broadcast and satellite
    if (mobility.size() > maxUsers || m_uplinkNetworks >= 64)
    {
        throw std::invalid_argument(
            "SpectrumPricingHelper: the packet uplink addresses at most 64 satellites of " +
            std::to_string(maxUsers) + " users each (10.192.0.0/16 in /22s); this is satellite " +
            std::to_string(m_uplinkNetworks + 1) + " with " + std::to_string(mobility.size()) +
            " users");
    }
    PointerValue market;
    server->GetAttribute("Market", market);
    UintegerValue channels;
    DoubleValue bandwidth;
    DoubleValue isolation;
    market.Get<SpectrumLeaseMarket>()->GetAttribute("Channels", channels);
    market.Get<SpectrumLeaseMarket>()->GetAttribute("ChannelBandwidth", bandwidth);
    market.Get<SpectrumLeaseMarket>()->GetAttribute("PolarisationIsolation", isolation);
    const double noiseDbm =
        10.0 * std::log10(market.Get<SpectrumLeaseMarket>()->GetNoisePowerW()) + 30.0;

    GslHelper gsl;
    gsl.SetChannelAttribute("PropagationLoss", PointerValue(loss));
    gsl.SetChannelAttribute("SubChannels", channels);
    gsl.SetChannelAttribute("SubChannelBandwidth", bandwidth);
    gsl.SetChannelAttribute("NoisePower", DoubleValue(noiseDbm));
    gsl.SetChannelAttribute("InterferenceIsolation", isolation);
    gsl.SetChannelAttribute("MinSinr", DoubleValue(-20.0));
    gsl.SetSatelliteAttribute("CellScheduling", StringValue("OfdmaTdma"));
    gsl.SetGroundAttribute("AttachmentPolicy", PointerValue(nullptr));
    // A few datagrams of buffer: what a user queued still leaves after its lease ends. No
    // queue disc above it (no flow control), which would hold a backlog past the lease.
    gsl.SetGroundAttribute("QueueSize", QueueSizeValue(QueueSize("4p")));
    gsl.DisableFlowControl();
    NodeContainer users;
    users.Create(mobility.size());
    for (uint32_t i = 0; i < mobility.size(); ++i)
    {
        users.Get(i)->AggregateObject(mobility[i]);
    }
    Ptr<NetDevice> satelliteDevice = gsl.InstallSatellites(NodeContainer(satellite)).Get(0);
    NetDeviceContainer userDevices = gsl.InstallGround(users);
    InternetStackHelper internet;
    internet.Install(users);
    NodeContainer stacks = users; // the stacks installed here
    if (!satellite->GetObject<Ipv4>())
    {
        internet.Install(satellite);
        stacks.Add(satellite);
    }
    if (m_stream >= 0)
    {
        // ARP and IP draw jitter: without fixed streams a run would depend on the runs
        // before it in the process.
        m_uplinkStreamsUsed +=
            internet.AssignStreams(stacks, m_stream + UPLINK_STREAMS + m_uplinkStreamsUsed);
    }
    NetDeviceContainer devices(satelliteDevice);
    devices.Add(userDevices);
    Ipv4InterfaceContainer addresses = m_uplinkAddresses.Assign(devices);
    m_uplinkAddresses.NewNetwork();
    ++m_uplinkNetworks;

    auto uplink = CreateObject<LeasedIotUplink>();
    const InetSocketAddress remote(addresses.GetAddress(0), uplink->GetPort());
    std::vector<Ptr<GslNetDevice>> grounds;
    std::vector<Ptr<IotUplinkApplication>> applications;
    std::vector<Ipv4Address> userAddresses;
    for (uint32_t i = 0; i < users.GetN(); ++i)
    {
        grounds.push_back(DynamicCast<GslNetDevice>(userDevices.Get(i)));
        grounds.back()->AttachTo(DynamicCast<GslNetDevice>(satelliteDevice));
        auto application = CreateObject<IotUplinkApplication>();
        application->SetAttribute("Remote", AddressValue(remote));
        application->SetAttribute("DataRate", DataRateValue(m_uplinkRate));
        application->SetAttribute("PacketSize", UintegerValue(m_uplinkPacketSize));
        users.Get(i)->AddApplication(application);
        applications.push_back(application);
        userAddresses.push_back(addresses.GetAddress(i + 1));
    }
    uplink->SetUsers(satellite, grounds, applications, userAddresses);
    server->SetAttribute("Uplink", PointerValue(uplink));
    m_userNodes.Add(users);
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
                // And the leases of those rounds, one record per user, in as few
                // transactions as fit (one up to SpectrumLeaseBatch::MAX_LEASES users).
                const auto records = server->TakeLeaseRecords();
                SpectrumLeaseBatch batch;
                batch.satellite = id;
                batch.period = round;
                uint64_t part = 0;
                for (std::size_t i = 0; leases && i < records.size(); ++i)
                {
                    const auto& l = records[i];
                    SpectrumLease lease;
                    lease.satellite = id;
                    lease.user = l.user;
                    lease.beam = static_cast<uint16_t>(l.cell);
                    lease.channel = static_cast<uint16_t>(l.channel);
                    lease.start = l.start;
                    lease.duration = interval * static_cast<int64_t>(l.rounds);
                    lease.power = l.powerW;
                    lease.price = l.paid;
                    batch.leases.push_back(lease);
                    if (batch.leases.size() == SpectrumLeaseBatch::MAX_LEASES ||
                        i + 1 == records.size())
                    {
                        ledger->SubmitTransaction(Transaction::Create(batch,
                                                                      (round << 32) | part++,
                                                                      Ed25519KeyPair::ForNode(id)));
                        batch.leases.clear();
                    }
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
