// SPDX-License-Identifier: GPL-2.0-only

#include "offloading-experiment.h"

#include "constellation-helper.h"
#include "ground-station-helper.h"
#include "offloading-meta-training.h"
#include "offloading-network-helper.h"

#include "ns3/constellation-presets.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/geodesy.h"
#include "ns3/madfrl-offloading-strategy.h"
#include "ns3/myopic-stackelberg-strategy.h"
#include "ns3/names.h"
#include "ns3/offloading-baseline-strategy.h"
#include "ns3/offloading-parameters.h"
#include "ns3/offloading-slot-controller.h"
#include "ns3/pointer.h"
#include "ns3/random-variable-stream.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"
#include "ns3/virtual-queues.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

namespace
{
constexpr double METERS_PER_KM = 1e3;
/** Stream of the devices' placement; the controller's streams follow it. */
constexpr int64_t PLACEMENT_STREAM = 1;
} // namespace

std::string
GetOffloadingAlgorithmName(OffloadingAlgorithm algorithm)
{
    switch (algorithm)
    {
    case OffloadingAlgorithm::MYOPIC:
        return "Myopic";
    case OffloadingAlgorithm::MARTO:
        return "MARTO";
    case OffloadingAlgorithm::MAMCC:
        return "MAMCC";
    case OffloadingAlgorithm::MAGCS:
        return "MAGCS";
    case OffloadingAlgorithm::MADFRL:
        return "MADFRL";
    }
    return "?";
}

std::vector<OffloadingAlgorithm>
ParseOffloadingAlgorithms(const std::string& list)
{
    std::vector<OffloadingAlgorithm> algorithms;
    std::stringstream in(list);
    std::string name;
    while (std::getline(in, name, ','))
    {
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
            return std::tolower(c);
        });
        if (name == "all")
        {
            algorithms = {OffloadingAlgorithm::MYOPIC,
                          OffloadingAlgorithm::MARTO,
                          OffloadingAlgorithm::MAMCC,
                          OffloadingAlgorithm::MAGCS};
            continue;
        }
        bool known = false;
        for (uint32_t a = 0; a < OFFLOADING_ALGORITHMS; ++a)
        {
            std::string candidate = GetOffloadingAlgorithmName(OffloadingAlgorithm(a));
            std::transform(candidate.begin(),
                           candidate.end(),
                           candidate.begin(),
                           [](unsigned char c) { return std::tolower(c); });
            if (candidate == name)
            {
                if (std::find(algorithms.begin(), algorithms.end(), OffloadingAlgorithm(a)) ==
                    algorithms.end())
                {
                    algorithms.push_back(OffloadingAlgorithm(a));
                }
                known = true;
            }
        }
        if (!known)
        {
            throw std::invalid_argument("--algorithms: unknown algorithm '" + name +
                                        "'; use myopic, marto, mamcc, magcs, madfrl "
                                        "(comma-separated) or all");
        }
    }
    if (algorithms.empty())
    {
        throw std::invalid_argument("--algorithms is empty; use myopic, marto, mamcc, magcs, "
                                    "madfrl or all");
    }
    return algorithms;
}

void
OffloadingScenario::Validate() const
{
    const auto refuse = [](const std::string& what) {
        throw std::invalid_argument("study A scenario: " + what);
    };
    if (!randomGeometry)
    {
        GetConstellationPreset(constellation); // names the presets if unknown
    }
    ValidateGeodeticPosition({latitude, longitude, 0.0}, "study A's MBS grid centre");
    if (!(siteSpacingKm >= 0.0 && siteSpacingKm <= 1000.0))
    {
        refuse("the MBS site spacing must be in [0, 1000] km");
    }
    if (!(deviceRadiusKm >= 0.0 && deviceRadiusKm <= 100.0))
    {
        refuse("the device radius must be in [0, 100] km");
    }
    if (slots == 0)
    {
        refuse("a run needs at least one slot");
    }
    if (packetLevel && randomGeometry)
    {
        refuse("packet level needs the orbits, not the random geometry (packets need "
               "positions)");
    }
    if (static_cast<uint32_t>(algorithm) >= OFFLOADING_ALGORITHMS)
    {
        refuse("unknown algorithm");
    }
    const OffloadingConstants constants = MakeParameters()->GetConstants();
    if (fixedPrice > constants.maxPrice)
    {
        std::ostringstream message;
        message << "the fixed price " << fixedPrice
                << " is above the largest price (MaxPrice = " << constants.maxPrice << ")";
        refuse(message.str());
    }
}

Ptr<OffloadingParameters>
OffloadingScenario::MakeParameters() const
{
    auto made = CreateObject<OffloadingParameters>();
    for (const auto& [name, value] : parameters)
    {
        if (!made->SetAttributeFailSafe(name, StringValue(value)))
        {
            throw std::invalid_argument("study A: cannot set OffloadingParameters::" + name +
                                        " to '" + value +
                                        "' (no such attribute, or not a value it takes)");
        }
    }
    return made;
}

namespace
{

/**
 * \param scenario the run
 * \param cells N
 * \param devicesPerCell M
 * \return the devices, follower i = n M + m at index i, with their mobility
 */
NodeContainer
InstallDevices(const OffloadingScenario& scenario, uint32_t cells, uint32_t devicesPerCell)
{
    const GeodeticPosition centre{scenario.latitude, scenario.longitude, 0.0};
    const uint32_t columns = static_cast<uint32_t>(std::ceil(std::sqrt(double(cells))));
    const double spacing = scenario.siteSpacingKm * METERS_PER_KM;
    const double offset = (columns - 1) * spacing / 2.0;
    auto uniform = CreateObject<UniformRandomVariable>();
    uniform->SetStream(PLACEMENT_STREAM);
    GroundStationHelper devices;
    for (uint32_t n = 0; n < cells; ++n)
    {
        const double east = (n % columns) * spacing - offset;
        const double north = (n / columns) * spacing - offset;
        for (uint32_t m = 0; m < devicesPerCell; ++m)
        {
            // Uniform over the disk: radius ~ R sqrt(U).
            const double r =
                scenario.deviceRadiusKm * METERS_PER_KM * std::sqrt(uniform->GetValue());
            const double bearing = uniform->GetValue(0.0, 2.0 * M_PI);
            const Vector ecef =
                EnuToEcef(centre,
                          Vector(east + r * std::cos(bearing), north + r * std::sin(bearing), 0.0));
            GeodeticPosition place = EcefToGeodetic(ecef);
            place.altitude = 0.0;
            devices.Add("mbs" + std::to_string(n) + "-dt" + std::to_string(m), place);
        }
    }
    return devices.Install();
}

/**
 * \param scenario the run
 * \return its strategy
 */
Ptr<OffloadingStrategy>
MakeStrategy(const OffloadingScenario& scenario)
{
    if (scenario.algorithm == OffloadingAlgorithm::MADFRL)
    {
        auto madfrl = CreateObject<MadfrlOffloadingStrategy>();
        madfrl->SetAttribute("FixedPrice", DoubleValue(scenario.fixedPrice));
        return madfrl;
    }
    auto myopic = CreateObject<MyopicStackelbergStrategy>();
    myopic->SetAttribute("FixedPrice", DoubleValue(scenario.fixedPrice));
    if (scenario.algorithm == OffloadingAlgorithm::MYOPIC)
    {
        return myopic;
    }
    Ptr<OffloadingStrategy> base = myopic;
    if (scenario.learnedBaselines)
    {
        base = CreateObject<MadfrlOffloadingStrategy>();
        base->SetAttribute("FixedPrice", DoubleValue(scenario.fixedPrice));
    }
    auto baseline = CreateObject<OffloadingBaselineStrategy>();
    baseline->SetAttribute("Base", PointerValue(base));
    const OffloadingBaselineStrategy::Rule rule =
        scenario.algorithm == OffloadingAlgorithm::MARTO   ? OffloadingBaselineStrategy::MARTO
        : scenario.algorithm == OffloadingAlgorithm::MAMCC ? OffloadingBaselineStrategy::MAMCC
                                                           : OffloadingBaselineStrategy::MAGCS;
    baseline->SetAttribute("Rule", EnumValue(rule));
    return baseline;
}

} // namespace

OffloadingRunSummary
RunOffloadingScenario(const OffloadingScenario& scenario,
                      const std::function<void(const OffloadingSlotRecord&)>& perSlot)
{
    scenario.Validate();
    RngSeedManager::SetRun(scenario.run);
    Ptr<OffloadingParameters> parameters = scenario.MakeParameters();
    const OffloadingConstants constants = parameters->GetConstants();

    auto controller = CreateObject<OffloadingSlotController>();
    controller->SetAttribute("Parameters", PointerValue(parameters));
    Ptr<OffloadingStrategy> strategy = MakeStrategy(scenario);
    controller->SetAttribute("Strategy", PointerValue(strategy));
    const uint32_t totalSlots = scenario.trainingSlots + scenario.slots;
    controller->SetAttribute("MaxSlots", UintegerValue(totalSlots));
    NodeContainer satellites;
    if (scenario.randomGeometry)
    {
        controller->SetAttribute("Geometry", EnumValue(OffloadingSlotController::RANDOM));
    }
    else
    {
        ConstellationHelper constellation;
        satellites = constellation.Install(GetConstellationPreset(scenario.constellation));
    }
    const NodeContainer devices =
        InstallDevices(scenario, constants.cells, constants.devicesPerCell);
    controller->SetNodes(devices, satellites);
    const int64_t streams = controller->AssignStreams(PLACEMENT_STREAM + 1);
    if (scenario.algorithm == OffloadingAlgorithm::MADFRL && scenario.metaIterations > 0)
    {
        // From the run's own follower start (its streams are assigned now).
        auto madfrl = DynamicCast<MadfrlOffloadingStrategy>(strategy);
        OffloadingMetaTraining meta;
        meta.iterations = scenario.metaIterations;
        madfrl->SetFollowerInitialization(
            constants,
            MetaTrainOffloadingFollowers(scenario, meta, madfrl->GetFollowerStart(constants)));
    }
    if (scenario.packetLevel)
    {
        OffloadingNetworkHelper network;
        network.Install(controller,
                        devices,
                        satellites,
                        totalSlots,
                        PLACEMENT_STREAM + 1 + streams);
        network.InstallPrivacyPath(controller);
    }

    OffloadingRunSummary summary;
    uint32_t slotsWithOffloaders = 0;
    const double followers = constants.GetFollowers();
    std::function<void(const OffloadingSlotRecord&)> add = [&](const OffloadingSlotRecord& r) {
        if (r.slot < scenario.trainingSlots)
        {
            if (r.slot + 1 == scenario.trainingSlots)
            {
                // Evaluate the trained policy greedily on fresh queues.
                strategy->SetTraining(false);
                controller->GetQueues()->Reset(constants.GetFollowers());
            }
            return; // training: not measured
        }
        const double n = scenario.slots;
        summary.throughputMbit += r.meanProcessedMbit / n;
        summary.queueMbit += r.meanQueueMbit / n;
        summary.leaderProfit += r.leaderProfit / n;
        summary.privacyOverheadSeconds += r.privacyOverheadSeconds / n;
        summary.price += r.meanPrice / n;
        summary.offloadShare += r.offloaders / followers / n;
        summary.frequencyGHz += r.meanFrequencyGHz / n;
        summary.reward += r.reward / n;
        summary.maxQueueMbit = std::max(summary.maxQueueMbit, r.meanQueueMbit);
        summary.flowThroughputMbit += r.flowProcessedMbit / n;
        summary.serverBacklogSeconds += r.serverBacklogSeconds / n;
        if (r.offloaders > 0)
        {
            summary.interferenceW += r.meanInterferenceW;
            ++slotsWithOffloaders;
        }
        if (perSlot)
        {
            perSlot(r);
        }
    };
    controller->TraceConnectWithoutContext(
        "SlotCompleted",
        MakeCallback(&std::function<void(const OffloadingSlotRecord&)>::operator(), &add));
    // Whatever happens, leave no simulator, events or names behind for the next run.
    const auto cleanUp = [&controller]() {
        controller->Dispose();
        Simulator::Destroy();
        Names::Clear(); // the devices' names, so that the next run can use them
    };
    uint32_t ran = 0;
    try
    {
        controller->Start();
        // Just past the last slot's end, where packet level accounts it.
        Simulator::Stop(parameters->GetSlotDuration() * static_cast<int64_t>(totalSlots) +
                        NanoSeconds(1));
        Simulator::Run();
        ran = controller->GetSlotsRun();
    }
    catch (...)
    {
        cleanUp();
        throw;
    }
    cleanUp();
    if (ran != totalSlots)
    {
        throw std::logic_error("study A run: " + std::to_string(ran) + " slots ran of " +
                               std::to_string(totalSlots));
    }
    if (slotsWithOffloaders > 0)
    {
        summary.interferenceW /= slotsWithOffloaders;
    }
    return summary;
}

} // namespace sagin
} // namespace ns3
