// SPDX-License-Identifier: GPL-2.0-only
//
// Ground users choose, every slot, which visible satellite to attach to, and learn from the
// throughput they actually get. A Walker-delta shell with +Grid ISLs, ground-satellite links
// (GslHelper) and SaginRouting carry one saturated UDP flow from each user to a gateway
// station; a PacketSink counts what arrives from each user during the slot, and that is the
// user's reward. Every slot each user sees its K highest satellites above the minimum
// elevation and picks one of them:
//
//   observation (3K + 1 values): for each candidate k (highest elevation first) its elevation
//     / 90 degrees, the other users attached to it / users, whether it is the user's current
//     satellite; then the user's last reward
//   action: the index k of the candidate to attach to
//   reward: bits received by the gateway from this user in the slot / bits offered
//
// The uplink rate follows the link budget (study A's LoS/NLoS loss: low satellites are mostly
// NLoS and below MinSinr) and how the users of a satellite share it (below); transmissions on
// the same sub-channel in other cells interfere. All users share one policy.
//
// Two scenarios (--scenario):
//   shared (default): every cell hands out sub-channels from the same first one (OFDMA;
//     beyond --sub-channels users share them and interfere), so a cell's own users rarely
//     collide and the highest satellite is the best choice for everyone; users decide at once
//     (one DecideBatch() call, one forward pass for the DDQN). The greedy rule is hard to
//     beat here.
//   herding: each cell is one carrier shared in time (AirtimeFair: k busy users get 1/k of the
//     airtime each), and neighbouring cells use other carriers (satellite i on carrier
//     i mod --sub-channels), so a satellite's capacity is split among its users. Twelve users
//     in a 50 km cluster, 1 Mbit/s each, all see the same highest satellite: the greedy rule
//     herds them onto it. Users decide in turn (rotating order), each seeing who is attached
//     already.
//
// Three policies run on the same seed and streams, one after the other: DdqnPolicy (learning
// while it acts), RandomPolicy and GreedyPolicy (highest elevation). Writes per-slot rows
// (reward, loss, epsilon, action) of every user and policy to the run store and the learning
// curves as a gnuplot PNG, and prints the mean reward of each policy over the last quarter.
// With --runs=n every policy runs n times (ns-3 runs (RngRun - 1) n + 1 ... RngRun n) and the
// summary gives each policy's mean with a 95 % confidence interval (Student's t) and the
// DDQN's paired difference from each baseline.
//
//   ./sagin-learning-handover --users=6 --slots=600 --db=handover.db
//   ./sagin-learning-handover --scenario=herding --runs=10

#include "ns3/boolean.h"
#include "ns3/confidence-interval.h"
#include "ns3/config.h"
#include "ns3/constellation-helper.h"
#include "ns3/ddqn-policy.h"
#include "ns3/double.h"
#include "ns3/drop-summary.h"
#include "ns3/enum.h"
#include "ns3/example-command-line.h"
#include "ns3/example-options.h"
#include "ns3/ground-station-helper.h"
#include "ns3/gsl-attachment-policy.h"
#include "ns3/gsl-helper.h"
#include "ns3/gsl-net-device.h"
#include "ns3/independent-run-number.h"
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
#include "ns3/plot-output.h"
#include "ns3/pointer.h"
#include "ns3/random-policy.h"
#include "ns3/rng-seed-manager.h"
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
#include <iomanip>
#include <iostream>
#include <map>
#include <numeric>
#include <sstream>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;

NS_LOG_COMPONENT_DEFINE("SaginLearningHandoverExample");

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

/** Everything the command line sets. */
struct Options
{
    std::string scenario{"shared"};    //!< shared or herding
    uint32_t runs{1};                  //!< independent runs of every policy
    uint64_t userRun{1};               //!< --RngRun, from which the runs' numbers derive
    uint32_t planes{24};               //!< Walker planes
    uint32_t satsPerPlane{22};         //!< satellites per plane
    double altitudeKm{550};            //!< shell altitude (km)
    double inclinationDeg{53};         //!< shell inclination (degrees)
    uint32_t phasing{1};               //!< Walker phasing F
    uint32_t users{6};                 //!< ground users (agents)
    double centreLat{47.0};            //!< gateway and centre of the users (degrees)
    double centreLon{8.0};             //!< (degrees)
    double radiusKm{400};              //!< users on a circle of this radius (km)
    uint32_t candidates{4};            //!< K: satellites a user may choose from
    double minElevationDeg{10};        //!< lowest usable elevation (degrees)
    uint32_t subChannels{2};           //!< OFDMA sub-channels per satellite
    double userTxPowerDbm{26.99};      //!< study A: 0.5 W
    double satelliteTxPowerDbm{50};    //!< downlink to the gateway
    double gatewayTxPowerDbm{50};      //!< gateway uplink (ARP replies)
    DataRate offeredRate{"4Mbps"};     //!< each user's UDP rate
    Time slot{Seconds(1)};             //!< decision slot
    uint32_t slots{600};               //!< slots per policy run
    std::string policies{"all"};       //!< ddqn, random, greedy or all
    std::string hiddenLayers{"64,64"}; //!< DDQN hidden layers
    double gamma{0.5};                 //!< DDQN discount
    double learningRate{1e-3};         //!< DDQN Adam step
    double epsilonDecayFraction{0.4};  //!< share of the slots over which epsilon decays
    uint32_t updatesPerSlot{0};        //!< DDQN gradient steps per slot (0: one per user)
    uint32_t smoothing{20};            //!< moving-average window of the plot (slots)
    std::string db;                    //!< run store
    std::string plotPrefix{"sagin-learning-handover"}; //!< PNG prefix
};

/** One row of results: what one user did and got in one slot. */
struct SlotRow
{
    uint32_t slot;        //!< slot index
    uint32_t agent;       //!< user index
    int32_t action;       //!< candidate index
    int32_t satellite;    //!< satellite node id, -1 if none
    double elevationDeg;  //!< of the chosen satellite
    double throughputBps; //!< received by the gateway in the slot
    double reward;        //!< throughput / offered
};

/** What a run gives back: the mean reward of every slot. */
struct RunResult
{
    std::vector<double> meanReward; //!< over users, per slot
    std::string drops;              //!< packets lost, by reason
};

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
        const Options& options,
        Ptr<Policy> policy,
        const NodeContainer& users,
        const std::vector<Ptr<GslNetDevice>>& userDevices,
        const std::vector<Ptr<GslNetDevice>>& satellites,
        std::function<void(const std::vector<SlotRow>&, std::optional<double>, double)> onSlot)
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
        std::vector<SlotRow> rows(n);
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
    SlotRow Attach(uint32_t user,
                   const Action& action,
                   const std::vector<Ptr<GslNetDevice>>& candidates)
    {
        const uint32_t k = action.discrete[0];
        Ptr<GslNetDevice> chosen = k < candidates.size() ? candidates[k] : nullptr;
        m_devices[user]->AttachTo(chosen);
        SlotRow row{};
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

    const Options& m_options;                    //!< the run's options
    Ptr<Policy> m_policy;                        //!< shared by every user
    Ptr<DdqnPolicy> m_ddqn;                      //!< the same, if it is a DDQN
    std::vector<Ptr<GslNetDevice>> m_devices;    //!< users' GSL devices
    std::vector<Ptr<GslNetDevice>> m_satellites; //!< satellites' GSL devices
    std::vector<GeodeticPosition> m_positions;   //!< users' positions
    std::function<void(const std::vector<SlotRow>&, std::optional<double>, double)>
        m_onSlot;                                    //!< result sink
    std::vector<uint64_t> m_rxBytes;                 //!< received from each user so far
    std::vector<uint64_t> m_lastRxBytes;             //!< ... at the last slot boundary
    std::vector<double> m_lastReward;                //!< each user's last reward
    std::vector<std::vector<double>> m_observations; //!< at the last decision
    std::vector<Action> m_actions;                   //!< the last decision
    std::vector<SlotRow> m_rows;                     //!< the slot being played
    double m_epsilon{0};                             //!< at the last decision
    uint32_t m_slot{0};                              //!< next slot to decide
};

/**
 * \param name ddqn, random or greedy
 * \param options the options
 * \return the policy, its spaces set
 */
Ptr<Policy>
MakePolicy(const std::string& name, const Options& options)
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

/**
 * Build the network, run one policy for every slot, and record it.
 * \param options the options
 * \param policyName ddqn, random or greedy
 * \param store the run store, or nullptr
 * \return the per-slot mean rewards
 */
RunResult
RunPolicy(const Options& options, const std::string& policyName, Ptr<RunStore> store)
{
    WalkerShell shell;
    shell.altitude = options.altitudeKm * 1e3;
    shell.inclination = options.inclinationDeg;
    shell.planes = options.planes;
    shell.satsPerPlane = options.satsPerPlane;
    shell.phasing = options.phasing;
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

    RunResult result;
    HandoverController controller(
        options,
        policy,
        users,
        userDevices,
        satelliteDevices,
        [&](const std::vector<SlotRow>& slotRows, std::optional<double> loss, double epsilon) {
            double sum = 0;
            for (const SlotRow& row : slotRows)
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

/**
 * \param values per-slot values
 * \param from first index
 * \return the mean of values[from..]
 */
double
MeanFrom(const std::vector<double>& values, std::size_t from)
{
    if (from >= values.size())
    {
        return std::nan("");
    }
    return std::accumulate(values.begin() + from, values.end(), 0.0) / (values.size() - from);
}

/**
 * The herding scenario's defaults, set before the command line is read so that any option
 * given still wins.
 * \param argc argument count
 * \param argv arguments
 * \param o the options to change
 */
void
ApplyScenarioDefaults(int argc, char** argv, Options& o)
{
    for (int i = 1; i < argc; ++i)
    {
        if (std::string(argv[i]) == "--scenario=herding")
        {
            o.users = 12;      // more users than one cell carries at the offered rate
            o.radiusKm = 50;   // all of them under the same highest satellite
            o.subChannels = 4; // carriers, reused every fourth satellite
            o.offeredRate =
                DataRate("1Mbps"); // a cell's uplink carries about 4 Mbit/s in all (measured)
            o.slots = 400;
        }
    }
}

/** Throw std::invalid_argument naming the option when an option is out of range. */
void
Validate(const Options& o)
{
    auto require = [](bool ok, const std::string& message) {
        if (!ok)
        {
            throw std::invalid_argument(message);
        }
    };
    CheckWalkerShell(o.planes, o.satsPerPlane, o.phasing, o.altitudeKm, o.inclinationDeg);
    require(o.scenario == "shared" || o.scenario == "herding",
            "--scenario='" + o.scenario + "' is not a scenario; use shared or herding");
    CheckRange("--runs", o.runs, 1, 1000, "independent runs");
    // Run r is ns-3 run (RngRun - 1) x runs + r: refuses --RngRun=0 and overflow.
    IndependentRunNumber(o.userRun, o.runs, o.runs);
    require(o.users >= 1, "--users=0: give at least one ground user");
    require(o.candidates >= 1, "--candidates=0: a user needs at least one satellite to choose");
    require(o.candidates <= static_cast<uint64_t>(o.planes) * o.satsPerPlane,
            "--candidates=" + std::to_string(o.candidates) +
                " is more than the shell's satellites (--planes x --sats-per-plane)");
    require(o.subChannels >= 1, "--sub-channels=0: a GSL needs at least one sub-channel");
    require(o.slots >= 2, "--slots must be at least 2 (a reward needs a slot after the decision)");
    // Every slot keeps a mean reward and a plot point per policy.
    CheckRange("--slots", o.slots, 2, 1e7, "slots");
    CheckRange("--slot", o.slot, MilliSeconds(1), Seconds(1e6));
    CheckSimulationTime("--slots x --slot", o.slots * o.slot.GetSeconds() + 0.001);
    CheckRange("--offered-rate", o.offeredRate, DataRate("1kbps"), DataRate("100Gbps"));
    CheckRange("--user-tx-power-dbm", o.userTxPowerDbm, -100, 100, "dBm");
    CheckRange("--satellite-tx-power-dbm", o.satelliteTxPowerDbm, -100, 100, "dBm");
    CheckRange("--gateway-tx-power-dbm", o.gatewayTxPowerDbm, -100, 100, "dBm");
    require(o.centreLat >= -90 && o.centreLat <= 90 && o.centreLon >= -180 && o.centreLon <= 180,
            "--centre-lat must be in [-90, 90] and --centre-lon in [-180, 180] (degrees)");
    require(o.radiusKm >= 0 && o.radiusKm <= 2000,
            "--radius-km must be in [0, 2000] (users within a satellite's footprint)");
    require(o.minElevationDeg >= 0 && o.minElevationDeg < 90,
            "--min-elevation-deg must be in [0, 90) (degrees)");
    require(o.gamma >= 0 && o.gamma <= 1, "--gamma must be in [0, 1]");
    CheckRange("--learning-rate", o.learningRate, 1e-12, 10, "(Adam step)");
    require(o.epsilonDecayFraction >= 0 && o.epsilonDecayFraction <= 1,
            "--epsilon-decay must be in [0, 1] (share of the slots)");
    require(o.smoothing >= 1, "--smoothing must be at least 1 slot");
    require(o.policies == "all" || o.policies == "ddqn" || o.policies == "random" ||
                o.policies == "greedy",
            "--policy='" + o.policies + "' is not a policy; use ddqn, random, greedy or all");
    // Online and target networks, gradients and Adam's moments: 36 bytes per parameter,
    // measured (--hidden-layers=3000,3000, 9.1 million parameters).
    double parameters = 0;
    double inputs = 3.0 * o.candidates + 1;
    for (uint32_t width : ParseLayerSizes(o.hiddenLayers, "--hidden-layers"))
    {
        parameters += (inputs + 1) * width;
        inputs = width;
    }
    parameters += (inputs + 1) * o.candidates;
    if (o.policies == "all" || o.policies == "ddqn")
    {
        std::ostringstream what;
        what << "--hidden-layers=" << o.hiddenLayers << " with --candidates=" << o.candidates
             << " (" << parameters << " DDQN parameters, 36 bytes each, measured)";
        CheckMemory(what.str(), parameters * 36, "give narrower or fewer layers");
    }
    CheckOutputFile("--db", o.db);
    CheckOutputPrefix("--plot-prefix", o.plotPrefix);
}

} // namespace

int
main(int argc, char** argv)
{
    Options o;
    bool test = false;
    ApplyScenarioDefaults(argc, argv, o);
    ExampleCommandLine cmd(__FILE__);
    cmd.AddValue("scenario",
                 "shared (cells reuse the same sub-channels; the highest satellite is best) or "
                 "herding (one time-shared carrier per cell, carriers reused every "
                 "--sub-channels satellites, 12 clustered users deciding in turn; sets "
                 "--users=12 --radius-km=50 --sub-channels=4 --offered-rate=1Mbps --slots=400 "
                 "unless given)",
                 o.scenario);
    cmd.AddValue("runs",
                 "independent runs of every policy (ns-3 runs (RngRun - 1) runs + 1 ... "
                 "RngRun runs); above 1 the summary gives 95 % confidence intervals",
                 o.runs);
    cmd.AddValue("planes", "Walker-delta shell: planes P", o.planes);
    cmd.AddValue("sats-per-plane", "Walker-delta shell: satellites per plane S", o.satsPerPlane);
    cmd.AddValue("altitude-km", "shell altitude (km)", o.altitudeKm);
    cmd.AddValue("inclination-deg", "shell inclination (degrees)", o.inclinationDeg);
    cmd.AddValue("phasing", "Walker phasing F in [0, P-1]", o.phasing);
    cmd.AddValue("users", "ground users, each an agent (>= 1)", o.users);
    cmd.AddValue("centre-lat",
                 "latitude of the gateway and centre of the users (degrees)",
                 o.centreLat);
    cmd.AddValue("centre-lon",
                 "longitude of the gateway and centre of the users (degrees)",
                 o.centreLon);
    cmd.AddValue("radius-km",
                 "users sit on a circle of this radius around the centre (km)",
                 o.radiusKm);
    cmd.AddValue("candidates", "K: the highest satellites a user chooses from", o.candidates);
    cmd.AddValue("min-elevation-deg",
                 "lowest elevation a user may use (degrees)",
                 o.minElevationDeg);
    cmd.AddValue("sub-channels", "OFDMA sub-channels per satellite (>= 1)", o.subChannels);
    cmd.AddValue("user-tx-power-dbm", "users' uplink transmit power (dBm)", o.userTxPowerDbm);
    cmd.AddValue("satellite-tx-power-dbm",
                 "satellites' downlink transmit power (dBm)",
                 o.satelliteTxPowerDbm);
    cmd.AddValue("gateway-tx-power-dbm",
                 "the gateway's uplink transmit power (dBm)",
                 o.gatewayTxPowerDbm);
    cmd.AddValue("offered-rate", "each user's UDP rate to the gateway", o.offeredRate);
    cmd.AddValue("slot", "decision slot", o.slot);
    cmd.AddValue("slots", "slots per policy run", o.slots);
    cmd.AddValue("policy", "ddqn, random, greedy, or all (the three on the same seed)", o.policies);
    cmd.AddValue("hidden-layers", "DDQN hidden layer widths, e.g. 64,64", o.hiddenLayers);
    cmd.AddValue("gamma", "DDQN discount factor [0, 1]", o.gamma);
    cmd.AddValue("learning-rate", "DDQN Adam step size", o.learningRate);
    cmd.AddValue("epsilon-decay",
                 "share of the slots over which the DDQN's epsilon falls from 1 to 0.05",
                 o.epsilonDecayFraction);
    cmd.AddValue("updates-per-slot",
                 "DDQN gradient steps per slot (0: one per user)",
                 o.updatesPerSlot);
    cmd.AddValue("smoothing", "moving-average window of the plotted curves (slots)", o.smoothing);
    cmd.AddValue("db", "SQLite run store to write (empty: none)", o.db);
    cmd.AddValue("plot-prefix", "file name prefix of the learning-curve plot", o.plotPrefix);
    cmd.AddValue("test", "a small shell and 40 slots (run by the test suite)", test);
    Ptr<RunStore> store;
    try
    {
        cmd.Parse(argc, argv);
        o.userRun = RngSeedManager::GetRun();
        Validate(o); // the values given, before --test shrinks the run
        if (test)
        {
            o.planes = 12;
            o.satsPerPlane = 12;
            o.users = std::min(o.users, 4U);
            o.slots = std::min(o.slots, 40U);
            o.smoothing = std::min(o.smoothing, 5U);
            o.runs = std::min(o.runs, 2U);
        }
        CheckShellMemory(o.planes, o.satsPerPlane, SATELLITE_NODE_BYTES, o.users + 1ULL, "--users");
        if (!o.db.empty())
        {
            store = CreateObject<RunStore>();
            store->SetAttribute("Path", StringValue(o.db));
        }
        std::vector<std::string> names;
        for (const std::string name : {"ddqn", "random", "greedy"})
        {
            if (o.policies == "all" || o.policies == name)
            {
                names.push_back(name);
            }
        }
        Gnuplot plot;
        plot.SetTitle("Satellite choice, " + o.scenario + ": " + std::to_string(o.users) +
                      " users, " +
                      (o.runs > 1 ? "mean of " + std::to_string(o.runs) + " runs, " : "") +
                      std::to_string(o.smoothing) + "-slot average");
        plot.SetLegend("slot", "throughput / offered");
        plot.AppendExtra("set key bottom right");
        const std::size_t tail = o.slots - o.slots / 4;
        std::cout << std::fixed << std::setprecision(3);
        std::map<std::string, std::vector<double>> tailMeans; // of every run, by policy
        for (const std::string& name : names)
        {
            std::vector<double> meanCurve(o.slots, 0.0); // over the runs
            for (uint32_t run = 1; run <= o.runs; ++run)
            {
                // The same run numbers for every policy: paired comparisons.
                RngSeedManager::SetRun(IndependentRunNumber(o.userRun, o.runs, run));
                const RunResult result = RunPolicy(o, name, store);
                for (std::size_t s = 0; s < result.meanReward.size(); ++s)
                {
                    meanCurve[s] += result.meanReward[s] / o.runs;
                }
                tailMeans[name].push_back(MeanFrom(result.meanReward, tail));
                std::cout << name;
                if (o.runs > 1)
                {
                    std::cout << " (run " << RngSeedManager::GetRun() << ")";
                }
                std::cout << ": mean reward " << MeanFrom(result.meanReward, 0) << " over all "
                          << result.meanReward.size() << " slots, " << tailMeans[name].back()
                          << " over the last " << result.meanReward.size() - tail
                          << "; packets lost: " << (result.drops.empty() ? "none" : result.drops)
                          << "\n";
            }
            Gnuplot2dDataset curve(name);
            curve.SetStyle(Gnuplot2dDataset::LINES);
            for (std::size_t s = 0; s < meanCurve.size(); ++s)
            {
                const std::size_t from = s + 1 >= o.smoothing ? s + 1 - o.smoothing : 0;
                curve.Add(
                    s,
                    std::accumulate(meanCurve.begin() + from, meanCurve.begin() + s + 1, 0.0) /
                        (s + 1 - from));
            }
            plot.AddDataset(curve);
        }
        if (o.runs > 1)
        {
            std::cout << "mean reward over the last " << o.slots - tail << " slots, " << o.runs
                      << " runs, 95 % confidence interval (Student's t):\n";
            for (const std::string& name : names)
            {
                const MeanInterval m = MeanWithInterval(tailMeans[name]);
                std::cout << "  " << name << " " << m.mean << " +- " << m.halfWidth << "\n";
            }
            for (const std::string baseline : {"random", "greedy"})
            {
                if (tailMeans.count("ddqn") && tailMeans.count(baseline))
                {
                    std::vector<double> difference;
                    for (uint32_t r = 0; r < o.runs; ++r)
                    {
                        difference.push_back(tailMeans["ddqn"][r] - tailMeans[baseline][r]);
                    }
                    const MeanInterval m = MeanWithInterval(difference);
                    std::cout << "  ddqn - " << baseline << " " << m.mean << " +- " << m.halfWidth
                              << " (paired by run)\n";
                }
            }
        }
        const bool png = WriteGnuplotPng(plot, o.plotPrefix);
        if (store)
        {
            store->Close();
            std::cout << "run store: " << o.db << " (tables runs, handover_slots)\n";
        }
        std::cout << "plot: " << o.plotPrefix << "." << (png ? "png" : "plt") << "\n";
    }
    catch (const std::exception& e)
    {
        std::cerr << "sagin-learning-handover: " << e.what() << std::endl;
        if (store)
        {
            store->FailRun(e.what());
        }
        return 1;
    }
    return 0;
}
