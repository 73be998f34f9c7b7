// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_SPECTRUM_PRICING_EXPERIMENT_H
#define SAGIN_SPECTRUM_PRICING_EXPERIMENT_H

#include "ns3/data-rate.h"
#include "ns3/federated-node.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/spectrum-pricing-server.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * One run of study B as the figures need it: what to build and how long to run.
 */
struct SpectrumExperimentOptions
{
    uint32_t agents{10};              //!< pricing agents (satellites with a server)
    uint32_t usersPerAgent{100};      //!< IoT users in each agent's region
    uint32_t iterations{600};         //!< local rounds
    std::string method{"proposed"};   //!< proposed (DDQN + reputation FL), ddqn,
                                      //!< average-budget, fixed-price (level kept)
    uint32_t initialPriceLevel{0};    //!< price level before the first decision
    uint32_t tau{10};                 //!< local rounds per federated round
    double maliciousFraction{0.0};    //!< share of malicious users, [0, 1]
    double visibility{1.0};           //!< weather visibility, (0, 1]
    double userSpeedMps{0.0};         //!< users' own speed against the satellite's track (m/s)
    bool leaseRecords{true};          //!< lease records on the chain (proposed)
    uint32_t planes{10};              //!< Walker-delta shell: planes
    uint32_t satsPerPlane{10};        //!< satellites per plane
    double altitudeKm{550};           //!< shell altitude (study B: 550 km)
    double inclinationDeg{53};        //!< shell inclination
    Time interval{MilliSeconds(100)}; //!< local round interval
    DataRate uplinkRate{0};           //!< users' uplink as packets at this rate while on the
                                      //!< air (SetPacketUplink); 0: flow level only

    /**
     * Throws std::invalid_argument naming the option and the fix: zero agents, users,
     * iterations or tau, more agents than satellites, an unknown method, a fraction or
     * visibility out of range, a negative speed, a packet uplink past its addresses (64
     * agents of 1,021 users).
     */
    void Validate() const;

    /** \return the method names Validate accepts */
    static std::vector<std::string> GetMethods();
};

/**
 * \ingroup sagin
 * What one run gave.
 */
struct SpectrumExperimentResult
{
    std::vector<std::vector<SpectrumRoundRecord>> rounds; //!< [agent][local round]
    std::vector<FederatedRoundRecord> federatedRounds;    //!< released rounds (proposed)
    uint64_t blocks{0};             //!< blocks on the first agent's main chain past the
                                    //!< genesis (proposed)
    double meanRelativeSpeedMps{0}; //!< mean agent-user relative speed over the run
};

/**
 * \ingroup sagin
 * Build study B's network: a Walker-delta shell (options' planes, satellites per plane,
 * altitude, inclination) with +Grid ISLs and SaginRouting (SaginHelper), no ground station.
 * \param options the run (its shell and agents)
 * \return options.agents satellites spread evenly over the shell
 */
NodeContainer InstallSpectrumShell(const SpectrumExperimentOptions& options);

/**
 * \ingroup sagin
 * Run study B once in the current simulator (seed and run from RngSeedManager): a Walker
 * shell with +Grid ISLs and SaginRouting (SaginHelper), options.agents satellites spread over
 * it with a pricing server each (SpectrumPricingHelper; regions centred under them at
 * half the run), and for "proposed" the reputation-elected federation over the ISLs. Calls
 * Simulator::Run and Simulator::Destroy.
 * \param options the run (validated)
 * \return the records
 */
SpectrumExperimentResult RunSpectrumExperiment(const SpectrumExperimentOptions& options);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SPECTRUM_PRICING_EXPERIMENT_H
