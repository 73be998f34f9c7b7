// SPDX-License-Identifier: GPL-2.0-only

#include "spectrum-pricing-experiment.h"

#include "example-options.h"
#include "sagin-helper.h"
#include "spectrum-pricing-helper.h"

#include "ns3/blockchain-node.h"
#include "ns3/enum.h"
#include "ns3/ledger.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"
#include "ns3/walker-constellation.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace ns3
{
namespace sagin
{

std::vector<std::string>
SpectrumExperimentOptions::GetMethods()
{
    return {"proposed", "ddqn", "average-budget", "fixed-price"};
}

void
SpectrumExperimentOptions::Validate() const
{
    auto refuse = [](const std::string& what) {
        throw std::invalid_argument("study B run: " + what);
    };
    if (agents == 0 || usersPerAgent == 0 || iterations == 0 || tau == 0)
    {
        refuse("agents, users, iterations and tau must each be at least 1");
    }
    if (static_cast<uint64_t>(planes) * satsPerPlane < agents)
    {
        refuse(std::to_string(agents) + " agents need as many satellites; the shell has " +
               std::to_string(planes * satsPerPlane) + " (raise planes or satsPerPlane)");
    }
    const auto methods = GetMethods();
    if (std::find(methods.begin(), methods.end(), method) == methods.end())
    {
        refuse("unknown method '" + method + "' (proposed, ddqn, average-budget or fixed-price)");
    }
    if (!(maliciousFraction >= 0 && maliciousFraction <= 1))
    {
        refuse("the malicious fraction " + std::to_string(maliciousFraction) +
               " is outside [0, 1]");
    }
    if (!(visibility > 0 && visibility <= 1))
    {
        refuse("the visibility " + std::to_string(visibility) + " is outside (0, 1]");
    }
    if (!(userSpeedMps >= 0))
    {
        refuse("the users' speed must be >= 0 m/s");
    }
    if (!interval.IsStrictlyPositive())
    {
        refuse("the local round interval must be positive");
    }
    if (uplinkRate.GetBitRate() > 0 && (agents > 64 || usersPerAgent > 1021))
    {
        refuse("the packet uplink addresses at most 64 agents of 1021 users (10.192.0.0/16 in "
               "/22s); give fewer agents or users, or leave the uplink at flow level");
    }
}

NodeContainer
InstallSpectrumShell(const SpectrumExperimentOptions& options)
{
    const WalkerShell shell = CheckWalkerShell(options.planes,
                                               options.satsPerPlane,
                                               1,
                                               options.altitudeKm,
                                               options.inclinationDeg);
    SaginHelper sagin;
    sagin.AddShell(shell);
    SaginNetwork net = sagin.Install();
    // Agents spread evenly over the shell's satellites.
    NodeContainer agents;
    const uint32_t total = net.satellites.GetN();
    for (uint32_t a = 0; a < options.agents; ++a)
    {
        agents.Add(net.satellites.Get(static_cast<uint32_t>(uint64_t(a) * total / options.agents)));
    }
    return agents;
}

namespace
{

/**
 * \param options the run (validated)
 * \param agents its agent satellites, on their shell
 * \return the records (Simulator::Run and Destroy called)
 */
SpectrumExperimentResult
RunBuilt(const SpectrumExperimentOptions& options, const NodeContainer& agents)
{
    const Time duration = options.interval * static_cast<int64_t>(options.iterations);
    SpectrumPricingHelper pricing;
    pricing.SetServerAttribute("LocalRoundInterval", TimeValue(options.interval));
    pricing.SetServerAttribute("InitialPriceLevel", UintegerValue(options.initialPriceLevel));
    if (options.method == "fixed-price")
    {
        pricing.SetPolicy("ns3::sagin::FixedPolicy", "Discrete", StringValue("1"));
    }
    if (options.method == "average-budget")
    {
        pricing.SetServerAttribute("Pricing", EnumValue(SpectrumPricingServer::AVERAGE_BUDGET));
    }
    pricing.SetUsersPerAgent(options.usersPerAgent);
    pricing.SetMaliciousFraction(options.maliciousFraction);
    pricing.SetVisibility(options.visibility);
    pricing.SetUserSpeed(options.userSpeedMps);
    pricing.SetLeaseRecords(options.leaseRecords);
    if (options.uplinkRate.GetBitRate() > 0)
    {
        pricing.SetPacketUplink(options.uplinkRate);
    }
    pricing.SetRegionTime(duration / 2);
    pricing.AssignStreams(1000);
    ApplicationContainer servers = pricing.Install(agents);
    servers.Start(Seconds(0));
    servers.Stop(duration - NanoSeconds(1));

    SpectrumExperimentResult result;
    result.rounds.resize(options.agents);
    for (uint32_t a = 0; a < options.agents; ++a)
    {
        servers.Get(a)->TraceConnectWithoutContext(
            "LocalRound",
            MakeCallback(+[](std::vector<SpectrumRoundRecord>* out, const SpectrumRoundRecord& r) {
                out->push_back(r);
            }).Bind(&result.rounds[a]));
    }
    ApplicationContainer federation;
    if (options.method == "proposed")
    {
        federation = pricing.InstallFederation(servers, options.tau);
        federation.Start(Seconds(0));
        federation.Stop(duration);
        ApplicationContainer chain = pricing.GetChain();
        chain.Start(Seconds(0));
        chain.Stop(duration);
        for (uint32_t i = 0; i < federation.GetN(); ++i)
        {
            federation.Get(i)->TraceConnectWithoutContext(
                "RoundCompleted",
                MakeCallback(+[](std::vector<FederatedRoundRecord>* out,
                                 const FederatedRoundRecord& r) {
                    out->push_back(r);
                }).Bind(&result.federatedRounds));
        }
    }
    Simulator::Stop(duration);
    Simulator::Run();
    if (options.method == "proposed")
    {
        auto chain = DynamicCast<BlockchainNode>(pricing.GetChain().Get(0));
        result.blocks = chain->GetLedger()->GetMainChain().size() - 1; // without the genesis
    }
    double speeds = 0;
    uint64_t samples = 0;
    for (const auto& agent : result.rounds)
    {
        for (const auto& r : agent)
        {
            if (r.meanRelativeSpeedMps > 0)
            {
                speeds += r.meanRelativeSpeedMps;
                ++samples;
            }
        }
    }
    result.meanRelativeSpeedMps = samples > 0 ? speeds / samples : 0.0;
    Simulator::Destroy();
    std::sort(result.federatedRounds.begin(),
              result.federatedRounds.end(),
              [](const FederatedRoundRecord& a, const FederatedRoundRecord& b) {
                  return a.round < b.round;
              });
    return result;
}

} // namespace

SpectrumExperimentResult
RunSpectrumExperiment(const SpectrumExperimentOptions& options)
{
    options.Validate();
    try
    {
        return RunBuilt(options, InstallSpectrumShell(options));
    }
    catch (...)
    {
        Simulator::Destroy(); // a refused run leaves no nodes or events to the next one
        throw;
    }
}

} // namespace sagin
} // namespace ns3
