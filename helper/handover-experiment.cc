// SPDX-License-Identifier: GPL-2.0-only

#include "handover-experiment.h"

#include "example-options.h"

#include "ns3/constellation-helper.h"
#include "ns3/ddqn-policy.h"
#include "ns3/double.h"
#include "ns3/drop-summary.h"
#include "ns3/enum.h"
#include "ns3/ground-station-helper.h"
#include "ns3/gsl-attachment-policy.h"
#include "ns3/gsl-helper.h"
#include "ns3/gsl-net-device.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/isl-helper.h"
#include "ns3/log.h"
#include "ns3/look-angles.h"
#include "ns3/mobility-model.h"
#include "ns3/names.h"
#include "ns3/on-off-helper.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/packet-sink.h"
#include "ns3/pointer.h"
#include "ns3/random-policy.h"
#include "ns3/rule-policy.h"
#include "ns3/run-store.h"
#include "ns3/sagin-routing-helper.h"
#include "ns3/sagin-routing.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/traffic-control-helper.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <numeric>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginHandoverExperiment");

namespace
{
/** Mean Earth radius for placing users around the centre (m), IUGG. */
constexpr double MEAN_EARTH_RADIUS = 6371008.8;
/** UDP port of the gateway's sink. */
constexpr uint16_t SINK_PORT = 9;
/** Stream numbers: policy, propagation loss, applications (each block far apart). */
constexpr int64_t POLICY_STREAM = 100;
constexpr int64_t LOSS_STREAM = 200;    //!< propagation loss model
constexpr int64_t TRAFFIC_STREAM = 300; //!< OnOff applications
constexpr uint32_t PACKET_BYTES = 1000; //!< UDP payload of the flows

/**
 * The slot controller of one policy run: observes, decides for every user at once, attaches,
 * and at the next slot turns what the gateway received into rewards and transitions.
 */
class HandoverController
{
  public:
    /**
     * \param options the run's options
     * \param policy the policy every user shares (SetSpaces() done)
     * \param users user nodes
     * \param userDevices their GSL devices
     * \param satellites satellite GSL devices
     * \param onSlot called with each finished slot's rows, loss and epsilon
     */
    HandoverController(
        const HandoverExperimentOptions& options,
        Ptr<Policy> policy,
        const NodeContainer& users,
        const std::vector<Ptr<GslNetDevice>>& userDevices,
        const std::vector<Ptr<GslNetDevice>>& satellites,
        std::function<void(const std::vector<HandoverSlotRow>&, std::optional<double>, double)>
            onSlot)
        : m_options(options),
          m_policy(policy),
          m_devices(userDevices),
          m_satellites(satellites),
          m_onSlot(std::move(onSlot)),
          m_rxBytes(users.GetN(), 0),
          m_lastRxBytes(users.GetN(), 0),
          m_lastReward(users.GetN(), 0.0)
    {
        for (uint32_t u = 0; u < users.GetN(); ++u)
        {
            m_positions.push_back(
                EcefToGeodetic(users.Get(u)->GetObject<MobilityModel>()->GetPosition()));
        }
        m_ddqn = DynamicCast<DdqnPolicy>(policy);
    }

    /** \param user index of the user whose packet arrived \param bytes its size */
    void CountRx(uint32_t user, uint32_t bytes)
    {
        m_rxBytes[user] += bytes;
    }

    /** The slot boundary: rewards of the slot that ended, then the next decision. */
    void Slot()
    {
        const uint32_t n = m_devices.size();
        const double offeredBits = m_options.offeredRate.GetBitRate() * m_options.slot.GetSeconds();
        std::vector<double> rewards(n, 0.0);
        if (m_slot > 0)
        {
            for (uint32_t u = 0; u < n; ++u)
            {
                const double bits = 8.0 * (m_rxBytes[u] - m_lastRxBytes[u]);
                m_lastRxBytes[u] = m_rxBytes[u];
                rewards[u] = bits / offeredBits;
                m_rows[u].throughputBps = bits / m_options.slot.GetSeconds();
                m_rows[u].reward = rewards[u];
                m_lastReward[u] = rewards[u];
            }
        }
        const bool decide = m_slot < m_options.slots;
        double epsilon = 0; // the DDQN's, when it decides
        std::vector<std::vector<double>> observations(n);
        std::vector<Action> actions(n);
        std::vector<HandoverSlotRow> rows(n);
        if (decide && m_options.scenario == "herding")
        {
            // In turn, the order rotating every slot: each user sees who is attached already.
            epsilon = m_ddqn ? m_ddqn->GetEpsilon() : 0.0;
            for (uint32_t k = 0; k < n; ++k)
            {
                const uint32_t u = (m_slot + k) % n;
                std::vector<Ptr<GslNetDevice>> candidates;
                observations[u] = Observe(u, candidates);
                actions[u] = m_policy->Decide(observations[u]);
                rows[u] = Attach(u, actions[u], candidates);
            }
            Learn(rewards, observations);
        }
        else
        {
            std::vector<std::vector<Ptr<GslNetDevice>>> candidates(n);
            for (uint32_t u = 0; u < n; ++u)
            {
                observations[u] = Observe(u, candidates[u]);
            }
            Learn(rewards, observations);
            if (decide)
            {
                epsilon = m_ddqn ? m_ddqn->GetEpsilon() : 0.0;
                actions = m_policy->DecideBatch(observations); // one forward pass for all
                for (uint32_t u = 0; u < n; ++u)
                {
                    rows[u] = Attach(u, actions[u], candidates[u]);
                }
            }
        }
        if (!decide)
        {
            return;
        }
        m_epsilon = epsilon;
        m_actions = actions;
        m_observations = observations;
        m_rows = rows;
        ++m_slot;
        Simulator::Schedule(m_options.slot, &HandoverController::Slot, this);
    }

  private:
    /**
     * Records the transitions of the slot that ended (none before the first decision),
     * trains, and reports the slot.
     * \param rewards each user's reward in that slot
     * \param observations each user's observation now
     */
    void Learn(const std::vector<double>& rewards,
               const std::vector<std::vector<double>>& observations)
    {
        if (m_slot == 0)
        {
            return;
        }
        for (uint32_t u = 0; u < rewards.size(); ++u)
        {
            Transition t;
            t.observation = m_observations[u];
            t.action = m_actions[u];
            t.reward = rewards[u];
            t.nextObservation = observations[u];
            m_policy->RecordTransition(t);
        }
        const uint32_t updates =
            m_options.updatesPerSlot ? m_options.updatesPerSlot : rewards.size();
        double lossSum = 0;
        uint32_t lossCount = 0;
        for (uint32_t k = 0; k < updates; ++k)
        {
            if (auto l = m_policy->Update())
            {
                lossSum += *l;
                ++lossCount;
            }
        }
        std::optional<double> loss;
        if (lossCount > 0)
        {
            loss = lossSum / lossCount;
        }
        m_onSlot(m_rows, loss, m_epsilon);
    }

    /**
     * Attaches a user to the candidate its action names.
     * \param user a user
     * \param action its action
     * \param candidates its candidates, highest first
     * \return its row for this slot (reward not yet known)
     */
    HandoverSlotRow Attach(uint32_t user,
                           const Action& action,
                           const std::vector<Ptr<GslNetDevice>>& candidates)
    {
        const uint32_t k = action.discrete[0];
        Ptr<GslNetDevice> chosen = k < candidates.size() ? candidates[k] : nullptr;
        m_devices[user]->AttachTo(chosen);
        HandoverSlotRow row{};
        row.slot = m_slot;
        row.agent = user;
        row.action = static_cast<int32_t>(k);
        row.satellite = chosen ? static_cast<int32_t>(chosen->GetNode()->GetId()) : -1;
        row.elevationDeg = chosen ? ElevationOf(user, chosen) : std::nan("");
        return row;
    }

    /**
     * \param user a user
     * \param satellite a satellite device
     * \return its elevation seen from the user (degrees)
     */
    double ElevationOf(uint32_t user, Ptr<GslNetDevice> satellite) const
    {
        return ComputeLookAngles(m_positions[user],
                                 satellite->GetNode()->GetObject<MobilityModel>()->GetPosition())
            .elevation;
    }

    /**
     * \param user a user
     * \param[out] candidates its K highest satellites above the minimum elevation
     * \return its observation
     */
    std::vector<double> Observe(uint32_t user, std::vector<Ptr<GslNetDevice>>& candidates) const
    {
        std::vector<std::pair<double, Ptr<GslNetDevice>>> visible;
        for (const auto& satellite : m_satellites)
        {
            const double elevation = ElevationOf(user, satellite);
            if (elevation >= m_options.minElevationDeg)
            {
                visible.emplace_back(elevation, satellite);
            }
        }
        std::sort(visible.begin(), visible.end(), [](const auto& a, const auto& b) {
            return a.first > b.first;
        });
        std::vector<double> observation;
        for (uint32_t k = 0; k < m_options.candidates; ++k)
        {
            if (k >= visible.size())
            {
                observation.insert(observation.end(), {0.0, 0.0, 0.0});
                continue;
            }
            Ptr<GslNetDevice> satellite = visible[k].second;
            candidates.push_back(satellite);
            double others = 0;
            for (const auto& ground : satellite->GetAttachedGrounds())
            {
                others +=
                    std::find(m_devices.begin(), m_devices.end(), ground) != m_devices.end() &&
                            ground != m_devices[user]
                        ? 1.0
                        : 0.0;
            }
            observation.push_back(visible[k].first / 90.0);
            observation.push_back(others / m_devices.size());
            observation.push_back(m_devices[user]->GetAttachedSatellite() == satellite ? 1.0 : 0.0);
        }
        observation.push_back(m_lastReward[user]);
        return observation;
    }

    const HandoverExperimentOptions& m_options;  //!< the run's options
    Ptr<Policy> m_policy;                        //!< shared by every user
    Ptr<DdqnPolicy> m_ddqn;                      //!< the same, if it is a DDQN
    std::vector<Ptr<GslNetDevice>> m_devices;    //!< users' GSL devices
    std::vector<Ptr<GslNetDevice>> m_satellites; //!< satellites' GSL devices
    std::vector<GeodeticPosition> m_positions;   //!< users' positions
    std::function<void(const std::vector<HandoverSlotRow>&, std::optional<double>, double)>
        m_onSlot;                                    //!< result sink
    std::vector<uint64_t> m_rxBytes;                 //!< received from each user so far
    std::vector<uint64_t> m_lastRxBytes;             //!< ... at the last slot boundary
    std::vector<double> m_lastReward;                //!< each user's last reward
    std::vector<std::vector<double>> m_observations; //!< at the last decision
    std::vector<Action> m_actions;                   //!< the last decision
    std::vector<HandoverSlotRow> m_rows;             //!< the slot being played
    double m_epsilon{0};                             //!< at the last decision
    uint32_t m_slot{0};                              //!< next slot to decide
};

/**
 * \param name ddqn, random or greedy
 * \param options the options
 * \return the policy, its spaces set
 */
Ptr<Policy>
MakePolicy(const std::string& name, const HandoverExperimentOptions& options)
{
    const uint32_t observationSize = 3 * options.candidates + 1;
    Ptr<Policy> policy;
    if (name == "ddqn")
    {
        const uint32_t decayTransitions =
            static_cast<uint32_t>(options.epsilonDecayFraction * options.slots * options.users);
        policy = CreateObjectWithAttributes<DdqnPolicy>("HiddenLayers",
                                                        StringValue(options.hiddenLayers),
                                                        "Gamma",
                                                        DoubleValue(options.gamma),
                                                        "LearningRate",
                                                        DoubleValue(options.learningRate),
                                                        "EpsilonDecaySteps",
                                                        UintegerValue(decayTransitions),
                                                        "AgentName",
                                                        StringValue("handover-ddqn"));
    }
    else if (name == "random")
    {
        policy = CreateObject<RandomPolicy>();
    }
    else
    {
        // Highest elevation: the candidates come sorted by elevation, each scored by its own.
        auto greedy = CreateObject<GreedyPolicy>();
        const uint32_t k = options.candidates;
        greedy->SetScore([k](const std::vector<double>& observation) {
            std::vector<double> scores(k);
            for (uint32_t c = 0; c < k; ++c)
            {
                scores[c] = observation[3 * c];
            }
            return scores;
        });
        policy = greedy;
    }
    policy->AssignStreams(POLICY_STREAM);
    policy->SetSpaces(observationSize, ActionSpace::Discrete(options.candidates));
    return policy;
}

} // namespace

HandoverRunResult
RunHandoverPolicy(const HandoverExperimentOptions& options,
                  const std::string& policyName,
                  Ptr<RunStore> store)
{
    const WalkerShell shell = CheckWalkerShell(options.planes,
                                               options.satsPerPlane,
                                               options.phasing,
                                               options.altitudeKm,
                                               options.inclinationDeg);
    ConstellationHelper constellation;
    NodeContainer satellites = constellation.Install(shell);

    GroundStationHelper stations;
    stations.Add("gateway", options.centreLat, options.centreLon, 0.0);
    const double pi = std::acos(-1.0);
    for (uint32_t u = 0; u < options.users; ++u)
    {
        // On a circle around the centre (spherical small-distance approximation).
        const double bearing = 2.0 * pi * u / options.users;
        const double angle = options.radiusKm * 1e3 / MEAN_EARTH_RADIUS * 180.0 / pi;
        stations.Add("user" + std::to_string(u),
                     options.centreLat + angle * std::cos(bearing),
                     options.centreLon +
                         angle * std::sin(bearing) / std::cos(options.centreLat * pi / 180.0),
                     0.0);
    }
    NodeContainer ground = stations.Install();
    Ptr<Node> gateway = ground.Get(0);
    NodeContainer users;
    for (uint32_t u = 0; u < options.users; ++u)
    {
        users.Add(ground.Get(u + 1));
    }

    IslHelper isl;
    NetDeviceContainer islDevices =
        isl.InstallPlusGrid(satellites, constellation.GetWalkerSatellites(), {shell});

    GslHelper gsl;
    gsl.SetChannelAttribute("SubChannels", UintegerValue(options.subChannels));
    gsl.SetSatelliteAttribute("TxPower", DoubleValue(options.satelliteTxPowerDbm));
    const bool herding = options.scenario == "herding";
    if (herding)
    {
        gsl.SetSatelliteAttribute("CellScheduling", EnumValue(GslNetDevice::AIRTIME_FAIR));
    }
    gsl.SetGroundAttribute(
        "AttachmentPolicy",
        PointerValue(CreateObjectWithAttributes<HighestElevationAttachmentPolicy>(
            "MinElevation",
            DoubleValue(std::max(options.minElevationDeg, 25.0)))));
    NetDeviceContainer satelliteGsl = gsl.InstallSatellites(satellites);
    for (uint32_t i = 0; herding && i < satelliteGsl.GetN(); ++i)
    {
        // Frequency reuse: consecutive satellites of a plane, and of neighbouring planes
        // unless the plane size is a multiple of it, are on different carriers.
        satelliteGsl.Get(i)->SetAttribute("FirstSubChannel",
                                          UintegerValue(i % options.subChannels));
    }
    // The gateway keeps the stock policy; the users' satellite is the controller's choice
    // (their device decides once at start, then the controller attaches them every slot).
    // A gateway's dish gives it a far higher EIRP than a user terminal: its ARP replies must
    // get through uplink sub-channels that saturated user flows share.
    gsl.SetGroundAttribute("TxPower", DoubleValue(options.gatewayTxPowerDbm));
    NetDeviceContainer gatewayGsl = gsl.InstallGround(NodeContainer(gateway));
    gsl.SetGroundAttribute("TxPower", DoubleValue(options.userTxPowerDbm));
    gsl.SetGroundAttribute("AttachmentInterval", TimeValue(Seconds(0)));
    gsl.SetGroundAttribute("QueueSize", QueueSizeValue(QueueSize("20p")));
    NetDeviceContainer userGsl = gsl.InstallGround(users);
    PointerValue loss;
    gsl.GetChannel()->GetAttribute("PropagationLoss", loss);
    loss.Get<PropagationLossModel>()->AssignStreams(LOSS_STREAM);

    SaginRoutingHelper routing;
    InternetStackHelper internet;
    internet.SetRoutingHelper(routing);
    internet.Install(satellites);
    internet.Install(ground);
    IslHelper::AssignIpv4Addresses(islDevices, "10.128.0.0");
    Ipv4AddressHelper gslAddresses("10.0.0.0", "255.255.0.0");
    gslAddresses.Assign(satelliteGsl);
    Ipv4InterfaceContainer gatewayIp = gslAddresses.Assign(gatewayGsl);
    Ipv4InterfaceContainer userIps = gslAddresses.Assign(userGsl);
    TrafficControlHelper().Uninstall(islDevices);

    std::vector<Ptr<GslNetDevice>> satelliteDevices;
    for (uint32_t i = 0; i < satelliteGsl.GetN(); ++i)
    {
        satelliteDevices.push_back(DynamicCast<GslNetDevice>(satelliteGsl.Get(i)));
    }
    std::vector<Ptr<GslNetDevice>> userDevices;
    for (uint32_t i = 0; i < userGsl.GetN(); ++i)
    {
        userDevices.push_back(DynamicCast<GslNetDevice>(userGsl.Get(i)));
    }

    Ptr<Policy> policy = MakePolicy(policyName, options);
    int64_t runId = 0;
    Ptr<RunStore::Batch> rows;
    if (store)
    {
        runId = store->BeginRun(
            "sagin-learning-handover",
            {{"policy", policyName},
             {"scenario", options.scenario},
             {"planes", std::to_string(options.planes)},
             {"sats-per-plane", std::to_string(options.satsPerPlane)},
             {"altitude-km", std::to_string(options.altitudeKm)},
             {"inclination-deg", std::to_string(options.inclinationDeg)},
             {"phasing", std::to_string(options.phasing)},
             {"users", std::to_string(options.users)},
             {"centre",
              std::to_string(options.centreLat) + "," + std::to_string(options.centreLon)},
             {"radius-km", std::to_string(options.radiusKm)},
             {"candidates", std::to_string(options.candidates)},
             {"min-elevation-deg", std::to_string(options.minElevationDeg)},
             {"sub-channels", std::to_string(options.subChannels)},
             {"user-tx-power-dbm", std::to_string(options.userTxPowerDbm)},
             {"satellite-tx-power-dbm", std::to_string(options.satelliteTxPowerDbm)},
             {"gateway-tx-power-dbm", std::to_string(options.gatewayTxPowerDbm)},
             {"offered-rate", OptionText(options.offeredRate)},
             {"slot", OptionText(options.slot)},
             {"slots", std::to_string(options.slots)},
             {"hidden-layers", options.hiddenLayers},
             {"gamma", std::to_string(options.gamma)},
             {"learning-rate", std::to_string(options.learningRate)},
             {"epsilon-decay-fraction", std::to_string(options.epsilonDecayFraction)},
             {"updates-per-slot", std::to_string(options.updatesPerSlot)}});
        store->CreateTable("handover_slots",
                           "run_id INTEGER, policy TEXT, slot INTEGER, time_s REAL, "
                           "agent INTEGER, action INTEGER, satellite INTEGER, "
                           "elevation_deg REAL, throughput_bps REAL, reward REAL, loss REAL, "
                           "epsilon REAL");
        rows = store->Prepare(
            "INSERT INTO handover_slots VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    HandoverRunResult result;
    HandoverController controller(
        options,
        policy,
        users,
        userDevices,
        satelliteDevices,
        [&](const std::vector<HandoverSlotRow>& slotRows,
            std::optional<double> loss,
            double epsilon) {
            double sum = 0;
            for (const HandoverSlotRow& row : slotRows)
            {
                sum += row.reward;
                if (!rows)
                {
                    continue;
                }
                rows->BindInteger(runId)
                    .BindText(policyName)
                    .BindInteger(row.slot)
                    .BindDouble(row.slot * options.slot.GetSeconds())
                    .BindInteger(row.agent)
                    .BindInteger(row.action);
                row.satellite >= 0 ? rows->BindInteger(row.satellite) : rows->BindNull();
                std::isfinite(row.elevationDeg) ? rows->BindDouble(row.elevationDeg)
                                                : rows->BindNull();
                rows->BindDouble(row.throughputBps).BindDouble(row.reward);
                loss ? rows->BindDouble(*loss) : rows->BindNull();
                policyName == "ddqn" ? rows->BindDouble(epsilon) : rows->BindNull();
                rows->Insert();
            }
            result.meanReward.push_back(sum / slotRows.size());
        });

    // Traffic: a saturated UDP flow from every user to the gateway, counted per source.
    std::map<Ipv4Address, uint32_t> userOf;
    for (uint32_t u = 0; u < users.GetN(); ++u)
    {
        userOf[userIps.GetAddress(u)] = u;
    }
    ApplicationContainer sinks =
        PacketSinkHelper("ns3::UdpSocketFactory",
                         InetSocketAddress(Ipv4Address::GetAny(), SINK_PORT))
            .Install(gateway);
    sinks.Get(0)->TraceConnectWithoutContext(
        "Rx",
        Callback<void, Ptr<const Packet>, const Address&>(
            [&controller, &userOf](Ptr<const Packet> packet, const Address& from) {
                const auto found = userOf.find(InetSocketAddress::ConvertFrom(from).GetIpv4());
                if (found != userOf.end())
                {
                    controller.CountRx(found->second, packet->GetSize());
                }
            }));
    OnOffHelper flow("ns3::UdpSocketFactory",
                     InetSocketAddress(gatewayIp.GetAddress(0), SINK_PORT));
    flow.SetConstantRate(options.offeredRate, PACKET_BYTES);
    ApplicationContainer flows = flow.Install(users);
    flow.AssignStreams(users, TRAFFIC_STREAM);
    flows.Start(Seconds(0));
    const double end = options.slots * options.slot.GetSeconds();
    flows.Stop(Seconds(end));

    // Where packets are lost, for the summary.
    DropSummary drops;
    drops.Install(NodeContainer(satellites, ground));

    Simulator::Schedule(Seconds(0), &HandoverController::Slot, &controller);
    Simulator::Stop(Seconds(end) + MilliSeconds(1));
    NS_LOG_INFO("simulation starts");
    Simulator::Run();
    NS_LOG_INFO("simulation ends at " << Simulator::Now().As(Time::S));
    rows = nullptr;
    if (store)
    {
        store->EndRun();
    }
    result.drops = drops.Format();
    Simulator::Destroy();
    Names::Clear();
    return result;
}

} // namespace sagin
} // namespace ns3
