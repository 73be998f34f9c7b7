// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_SPECTRUM_PRICING_HELPER_H
#define SAGIN_SPECTRUM_PRICING_HELPER_H

#include "ns3/application-container.h"
#include "ns3/data-rate.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/object-factory.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

class MobilityModel;
class PropagationLossModel;

namespace sagin
{

class SpectrumPricingServer;

/**
 * \ingroup sagin
 * \brief Installs study B on satellites: a SpectrumPricingServer on each, the Earth-fixed
 * cells its beams serve, its IoT users, and (InstallFederation) the reputation-elected
 * federated learning among the servers, over the inter-satellite links.
 *
 * Install(): each satellite gets a region of EarthFixedCellGrid cells centred on its
 * sub-satellite point at RegionTime (so that its pass over the region is centred on that
 * instant), its own MultiBeamSatellitePropagationLossModel with that grid (the weather
 * process chained after it when Visibility < 1), a SpectrumLeaseMarket, a policy, and
 * UsersPerAgent users placed uniformly at random over the region's cells (still, or moving at
 * UserSpeed against the satellite's ground track: a relative-velocity knob), with powers
 * uniform in [MinPower, MaxPower] of the server, and a MaliciousFraction of them malicious
 * (each of the three behaviours equally likely).
 * InstallFederation(servers, tau): a reputation chain (ReputationConsensus, one block per
 * SlotDuration = tau x LocalRoundInterval, gossip over the routed network) and a federation
 * (FedAvg, ReputationAggregatorElection on each node's engine): every tau local rounds a
 * server uploads its policy's parameters and submits its rounds' reputation change
 * (REPUTATION_CHANGE, eqs. 20-22) to the chain; the aggregator (the highest reputation
 * online) aggregates, records the model hash, releases the global model that every server
 * adopts, and earns BlockReward in its next round's utility (eq. 9).
 *
 * \code
 *   SpectrumPricingHelper pricing;
 *   pricing.SetUsersPerAgent(100);
 *   pricing.SetRegionTime(Seconds(30));
 *   pricing.AssignStreams(100);
 *   ApplicationContainer servers = pricing.Install(agentSatellites);
 *   pricing.InstallFederation(servers, 10);
 * \endcode
 */
class SpectrumPricingHelper
{
  public:
    SpectrumPricingHelper();

    /**
     * \param name a SpectrumPricingServer attribute
     * \param value its value
     */
    void SetServerAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \param name a SpectrumLeaseMarket attribute
     * \param value its value
     */
    void SetMarketAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \param name a MultiBeamSatellitePropagationLossModel attribute (not CellGrid)
     * \param value its value
     */
    void SetLossModelAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \param name an EarthFixedCellGrid attribute (CellRadius, Rings; the centre is each
     *        satellite's sub-satellite point)
     * \param value its value
     */
    void SetCellGridAttribute(const std::string& name, const AttributeValue& value);

    /**
     * The pricing policy of every server (one object each). Default: the source's DDQN
     * (ns3::sagin::DdqnPolicy, LearningRate 1e-3, epsilon 1 falling to 0.1 over 200 rounds,
     * BatchSize 64, Gamma 0.95, HiddenLayers 128, TargetUpdateInterval 10).
     * \tparam Ts name/value pairs
     * \param type a Policy TypeId name
     * \param args attribute name, value, ...
     */
    template <typename... Ts>
    void SetPolicy(const std::string& type, Ts&&... args)
    {
        m_policyFactory.SetTypeId(type);
        m_policyFactory.Set(std::forward<Ts>(args)...);
    }

    /** \param users IoT users in each satellite's region (at least 1) */
    void SetUsersPerAgent(uint32_t users);

    /** \param fraction share of malicious users, in [0, 1] */
    void SetMaliciousFraction(double fraction);

    /** \param visibility share of time a user's link is usable (weather), in (0, 1] */
    void SetVisibility(double visibility);

    /**
     * \param speed users' own speed (m/s, >= 0), along the surface against their satellite's
     *        ground track at RegionTime (raises the relative velocity by about as much)
     */
    void SetUserSpeed(double speed);

    /** \param time the instant each region is centred under its satellite (>= 0) */
    void SetRegionTime(Time time);

    /**
     * \param allowance how long after the local training the aggregator waits for the
     *        updates (FederatedNode Deadline = tau rounds + allowance; a backup takes over
     *        after tau rounds + twice the allowance); default 2 s, several round trips across
     *        a shell [recon]
     */
    void SetTransferAllowance(Time allowance);

    /**
     * \param record whether each server also writes its users' leases of every federated
     *        period to the chain (default true): one SpectrumLeaseBatch transaction per server
     *        and period, one lease per user that leased.
     */
    void SetLeaseRecords(bool record);

    /** \param reward coins the aggregator of a federated round earns (>= 0) */
    void SetBlockReward(double reward);

    /**
     * Carry the users' uplink as packets (LeasedIotUplink) in the next Installs: every user
     * gets a node (its mobility, an Internet stack, a GslNetDevice attached to its satellite
     * and an IotUplinkApplication sending UDP at rate while the market has it on the air),
     * and each satellite an Internet stack if it has none and a GslNetDevice (an OfdmaTdma
     * cell) on a GslChannel of its own with the satellite's loss model and the market's
     * channels, bandwidth, noise and polarisation isolation (MinSinr -20 dB, where the
     * Shannon rate is 1.4 % of the bandwidth); the channel's loss model is a copy of the
     * satellite's (beams, Doppler, weather) drawing its fading from its own streams. Addresses:
     * a /22 per satellite in 10.192.0.0/16 (64 satellites of at most 1,021 users).
     * \param rate each user's sending rate while on the air (payload; positive)
     * \param packetSize payload bytes per datagram (1 to 1,472: one frame)
     */
    void SetPacketUplink(DataRate rate, uint32_t packetSize = 1000);

    /** \return the user nodes of the Installs so far (packet uplink), satellite after satellite */
    NodeContainer GetUserNodes() const;

    /**
     * \param satellites agent satellites (with a SatelliteMobilityModel)
     * \return the SpectrumPricingServer applications, in order
     */
    ApplicationContainer Install(const NodeContainer& satellites);

    /**
     * Fix the random streams of what the next Installs draw and create: user placement,
     * powers and behaviours (one stream), then per satellite its policy and its loss models
     * (STREAMS_PER_AGENT streams, satellite after satellite across Installs), and a block of
     * the same size for each federation's chain; with the packet uplink, the users' Internet
     * stacks from stream + UPLINK_STREAMS on. Call it before Install: the users are placed
     * there.
     * \param stream first stream index
     */
    void AssignStreams(int64_t stream);

    /** Offset of the packet uplink users' Internet stack streams from AssignStreams'. */
    static constexpr int64_t UPLINK_STREAMS = 1000000;

    /** Streams each satellite's policy and loss models take after the placement's one. */
    static constexpr int64_t STREAMS_PER_AGENT = 8;

    /**
     * \param servers what Install returned (on nodes with IPv4 addresses and routes between
     *        them)
     * \param tau local rounds per federated round (at least 1)
     * \param rounds federated rounds (0: until the simulation ends)
     * \return the FederatedNode applications, in order
     */
    ApplicationContainer InstallFederation(const ApplicationContainer& servers,
                                           uint32_t tau,
                                           uint32_t rounds = 0);

    /** \return the BlockchainNode applications of the last InstallFederation */
    ApplicationContainer GetChain() const;

  private:
    /**
     * The packet uplink of one satellite's users (SetPacketUplink).
     * \param satellite the satellite's node
     * \param server its server (gets the LeasedIotUplink)
     * \param loss the GSL's loss model (the market's beams and weather, its own fading)
     * \param mobility its users' mobility models, aggregated to their new nodes
     */
    void InstallUplink(Ptr<Node> satellite,
                       Ptr<SpectrumPricingServer> server,
                       Ptr<PropagationLossModel> loss,
                       const std::vector<Ptr<MobilityModel>>& mobility);

    ObjectFactory m_serverFactory;        //!< SpectrumPricingServer
    ObjectFactory m_marketFactory;        //!< SpectrumLeaseMarket
    ObjectFactory m_lossFactory;          //!< MultiBeamSatellitePropagationLossModel
    ObjectFactory m_gridFactory;          //!< EarthFixedCellGrid
    ObjectFactory m_policyFactory;        //!< Policy
    uint32_t m_usersPerAgent{100};        //!< users per region
    double m_maliciousFraction{0};        //!< share of malicious users
    double m_visibility{1};               //!< weather visibility
    double m_userSpeed{0};                //!< users' own speed (m/s)
    Time m_transferAllowance{Seconds(2)}; //!< Deadline beyond the local training
    Time m_regionTime;                    //!< regions centred under their satellites then
    bool m_leaseRecords{true};            //!< lease batches on the chain
    double m_blockReward{10};             //!< aggregator reward (coins)
    DataRate m_uplinkRate{0};             //!< packet uplink's rate per user, 0: flow level
    uint32_t m_uplinkPacketSize{1000};    //!< packet uplink's payload (bytes)
    Ipv4AddressHelper m_uplinkAddresses;  //!< a /22 per satellite
    uint32_t m_uplinkNetworks{0};         //!< /22s handed out
    int64_t m_uplinkStreamsUsed{0};       //!< uplink stack streams taken
    NodeContainer m_userNodes;            //!< packet uplink's users
    Ptr<UniformRandomVariable> m_random;  //!< placement, powers, behaviours
    int64_t m_stream{-1};                 //!< first stream (AssignStreams), -1: automatic
    uint32_t m_agentsInstalled{0};        //!< blocks of STREAMS_PER_AGENT streams taken
    ApplicationContainer m_servers;       //!< of the last Install
    ApplicationContainer m_chain;         //!< of the last InstallFederation
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SPECTRUM_PRICING_HELPER_H
