// SPDX-License-Identifier: GPL-2.0-only

#include "edge-caching-experiment.h"

#include "caching-network-helper.h"
#include "example-options.h"
#include "independent-run-number.h"
#include "uav-mobility-helper.h"
#include "worker-processes.h"

#include "ns3/caching-packet-delivery.h"
#include "ns3/caching-slot-controller.h"
#include "ns3/caching-slot-parameters.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/content-catalogue.h"
#include "ns3/content-request-process.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/exact-caching-optimiser.h"
#include "ns3/fireworks-caching-optimiser.h"
#include "ns3/gap-measuring-caching-optimiser.h"
#include "ns3/geodesy.h"
#include "ns3/log.h"
#include "ns3/lru-lfu-caching-optimiser.h"
#include "ns3/pointer.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("EdgeCachingExperiment");

namespace
{

/** Random streams: the UAV walks take 2 per UAV from 0; these come after any J <= 500. */
constexpr int64_t UE_PLACEMENT_STREAM = 1000;
/** First stream of the controller (catalogue, requests, blockage, optimiser). */
constexpr int64_t CONTROLLER_STREAM = 1001;
/** First stream of the packet-level network (satellite link, Internet stacks, chain). */
constexpr int64_t NETWORK_STREAM = 2000;
/** Altitude of the content server's orbit (m): a Starlink-like 550 km shell [recon]. */
constexpr double SATELLITE_ALTITUDE_M = 550e3;

/** Names in the plots and the run store. */
const char* const ALGORITHM_NAMES[EDGE_CACHING_ALGORITHMS] = {"Proposed",
                                                              "OneES",
                                                              "NoMutation",
                                                              "LRU",
                                                              "LFU"};
/** Names on the command line. */
const char* const ALGORITHM_OPTIONS[EDGE_CACHING_ALGORITHMS] = {"proposed",
                                                                "one-es",
                                                                "no-mutation",
                                                                "lru",
                                                                "lfu"};

/**
 * \param algorithm which algorithm
 * \param point the sweep point
 * \param o the options
 * \return the optimiser
 */
Ptr<CachingOptimiser>
MakeOptimiser(EdgeCachingAlgorithm algorithm,
              const EdgeCachingPoint& point,
              const EdgeCachingOptions& o)
{
    switch (algorithm)
    {
    case EdgeCachingAlgorithm::LRU:
    case EdgeCachingAlgorithm::LFU:
        return CreateObjectWithAttributes<LruLfuCachingOptimiser>(
            "Policy",
            EnumValue(algorithm == EdgeCachingAlgorithm::LRU ? LruLfuCachingOptimiser::LRU
                                                             : LruLfuCachingOptimiser::LFU));
    default: {
        const auto variant = algorithm == EdgeCachingAlgorithm::PROPOSED
                                 ? FireworksCachingOptimiser::PROPOSED
                             : algorithm == EdgeCachingAlgorithm::ONE_ES
                                 ? FireworksCachingOptimiser::ONE_EXPLOSION_SPARK
                                 : FireworksCachingOptimiser::NO_MUTATION;
        return CreateObjectWithAttributes<FireworksCachingOptimiser>(
            "Variant",
            EnumValue(variant),
            "MutationSparks",
            UintegerValue(point.mutationSparks),
            "Generations",
            UintegerValue(o.generations));
    }
    }
}

} // namespace

std::string
GetEdgeCachingAlgorithmName(EdgeCachingAlgorithm algorithm)
{
    return ALGORITHM_NAMES[static_cast<uint32_t>(algorithm)];
}

std::vector<EdgeCachingAlgorithm>
ParseEdgeCachingAlgorithms(const std::string& list)
{
    std::vector<EdgeCachingAlgorithm> algorithms;
    if (list == "all")
    {
        for (uint32_t a = 0; a < EDGE_CACHING_ALGORITHMS; ++a)
        {
            algorithms.push_back(EdgeCachingAlgorithm(a));
        }
        return algorithms;
    }
    for (const std::string& item : SplitCommaList(list))
    {
        bool found = false;
        for (uint32_t a = 0; a < EDGE_CACHING_ALGORITHMS; ++a)
        {
            if (item == ALGORITHM_OPTIONS[a])
            {
                algorithms.push_back(EdgeCachingAlgorithm(a));
                found = true;
            }
        }
        if (!found)
        {
            throw std::invalid_argument("--algorithms: '" + item +
                                        "' is not an algorithm; use proposed, one-es, "
                                        "no-mutation, lru, lfu (comma-separated) or all");
        }
    }
    return algorithms;
}

EdgeCachingSweep
GetEdgeCachingSweep(int figure)
{
    return figure <= 4   ? EdgeCachingSweep::UES
           : figure <= 6 ? EdgeCachingSweep::MUTATION_SPARKS
                         : EdgeCachingSweep::BANDWIDTH;
}

std::string
GetEdgeCachingSweepName(EdgeCachingSweep sweep)
{
    return sweep == EdgeCachingSweep::UES               ? "ues"
           : sweep == EdgeCachingSweep::MUTATION_SPARKS ? "mutation-sparks"
                                                        : "bandwidth-mhz";
}

EdgeCachingPoint
MakeEdgeCachingPoint(EdgeCachingSweep sweep, double x, const EdgeCachingOptions& o)
{
    EdgeCachingPoint p{sweep, x, o.ues, o.bandwidthMhz, o.mutationSparks};
    auto whole = [&](const char* what, double min) {
        if (x != std::floor(x) || x < min || x > 1e6)
        {
            std::ostringstream m;
            m << "--points: " << x << " is not a valid " << what << " (a whole number >= " << min
              << ")";
            throw std::invalid_argument(m.str());
        }
        return static_cast<uint32_t>(x);
    };
    switch (sweep)
    {
    case EdgeCachingSweep::UES:
        p.ues = whole("number of UEs", 1);
        break;
    case EdgeCachingSweep::MUTATION_SPARKS:
        p.mutationSparks = whole("number of mutation sparks", 0);
        break;
    case EdgeCachingSweep::BANDWIDTH:
        if (!(x > 0))
        {
            throw std::invalid_argument("--points: bandwidths must be > 0 (MHz)");
        }
        p.bandwidthMhz = x;
        break;
    }
    return p;
}

void
EdgeCachingOptions::Validate() const
{
    const EdgeCachingOptions& o = *this;
    auto require = [](bool ok, const std::string& message) {
        if (!ok)
        {
            throw std::invalid_argument(message);
        }
    };
    require(o.figure == "all" || (o.figure.size() == 1 && o.figure[0] >= '2' && o.figure[0] <= '7'),
            "--figure='" + o.figure + "' is not a figure; use 2, 3, 4, 5, 6, 7 or all");
    require(o.runs >= 1, "--runs=0: give at least one run per point");
    require(o.slots >= 1, "--slots=0: give at least one slot per run");
    CheckSimulationTime("--slots (1 s each)", o.slots + 1.0);
    require(o.jobs >= 1, "--jobs=0: give at least one worker process");
    CheckRange("--jobs", o.jobs, 1, 256, "worker processes");
    require(o.uavs >= 1, "--uavs=0: study C needs at least one caching UAV");
    // The walks take random streams 0 to 2J - 1, below UE_PLACEMENT_STREAM.
    CheckRange("--uavs", o.uavs, 1, UE_PLACEMENT_STREAM / 2, "UAVs");
    require(o.ues >= 1, "--ues=0: give at least one UE");
    require(o.contents >= 1, "--contents=0: the satellite needs at least one content");
    CheckRange("--bandwidth-mhz", o.bandwidthMhz, 1e-3, 1e5, "MHz per UAV");
    require(o.generations >= 1, "--generations=0: the fireworks need at least one generation");
    CheckRange("--v", o.v, 0, 1e6, "(Lyapunov penalty weight; study C: 50)");
    CheckAttribute("--storage-mbit",
                   CachingSlotParameters::GetTypeId(),
                   "UavStorage",
                   DoubleValue(o.storageMbit));
    CheckAttribute("--backhaul-mbps",
                   CachingSlotParameters::GetTypeId(),
                   "BackhaulRate",
                   DoubleValue(o.backhaulMbps));
    CheckRange("--zipf", o.zipf, 0, 10, "(0: uniform popularity)");
    CheckRange("--area-m", o.areaM, 1, 1e6, "m (side of the service area)");
    require(!o.db.empty(), "--db='': give the run store's file, or --db=none for none");
    CheckRange("--optimality-gap", o.optimalityGap, Time(0), Seconds(3600));
    CheckOutputFile("--db", RunStoreFile(o.db));
    CheckOutputPrefix("--plot-prefix", o.plotPrefix);
    // Run r of a point is ns-3 run (RngRun - 1) x runs + r: refuses --RngRun=0 and overflow.
    IndependentRunNumber(RngSeedManager::GetRun(), o.runs, o.runs);
    require(o.points.empty() || o.figure != "all",
            "--points needs one --figure (2..7): it replaces that figure's x values");
    ParseEdgeCachingAlgorithms(o.algorithms);
}

EdgeCachingRunResult
RunEdgeCachingOnce(EdgeCachingAlgorithm algorithm,
                   const EdgeCachingPoint& point,
                   uint32_t run,
                   const EdgeCachingOptions& o)
{
    RngSeedManager::SetRun(IndependentRunNumber(o.userRun, o.runs, run));
    const GeodeticPosition origin{45.0, 4.0, 0.0}; // a rural area south of Lyon
    NodeContainer uavs;
    uavs.Create(o.uavs);
    UavMobilityHelper uavMobility;
    uavMobility.SetServiceArea(origin, Rectangle(0.0, o.areaM, 0.0, o.areaM));
    uavMobility.Install(uavs);
    uavMobility.AssignStreams(uavs, 0);

    NodeContainer ues;
    ues.Create(point.ues);
    auto place = CreateObject<UniformRandomVariable>();
    place->SetStream(UE_PLACEMENT_STREAM);
    for (uint32_t i = 0; i < point.ues; ++i)
    {
        auto mobility = CreateObject<ConstantPositionMobilityModel>();
        const Vector enu(place->GetValue(0.0, o.areaM), place->GetValue(0.0, o.areaM), 0.0);
        mobility->SetPosition(EnuToEcef(origin, enu));
        ues.Get(i)->AggregateObject(mobility);
    }

    EdgeCachingRunResult result{};
    Ptr<CachingOptimiser> optimiser = MakeOptimiser(algorithm, point, o);
    if (o.optimalityGap > Time(0))
    {
        // Same decisions, each slot also solved by the MILP.
        auto measuring = CreateObjectWithAttributes<GapMeasuringCachingOptimiser>(
            "Optimiser",
            PointerValue(optimiser),
            "Exact",
            PointerValue(
                CreateObjectWithAttributes<ExactCachingOptimiser>("TimeLimit",
                                                                  TimeValue(o.optimalityGap))));
        measuring->TraceConnectWithoutContext(
            "Gap",
            Callback<void, double, double, bool, double>(
                [&result](double gap, double optimum, bool proven, double bound) {
                    result.gapSlots += 1;
                    result.gapSum += gap;
                    result.gapWorst = result.gapSlots == 1 ? gap : std::max(result.gapWorst, gap);
                    // Optimal only against a proven optimum: an unproven MILP's best can be
                    // matched or beaten by the decision.
                    result.gapOptimalSlots += proven && gap <= 1e-6 * (1.0 + std::abs(optimum));
                    result.gapUnprovenSlots += !proven;
                    result.gapBoundWorst =
                        proven ? result.gapBoundWorst : std::max(result.gapBoundWorst, bound);
                }));
        optimiser = measuring;
    }
    auto parameters =
        CreateObjectWithAttributes<CachingSlotParameters>("V",
                                                          DoubleValue(o.v),
                                                          "UavStorage",
                                                          DoubleValue(o.storageMbit),
                                                          "BackhaulRate",
                                                          DoubleValue(o.backhaulMbps));
    auto catalogue =
        CreateObjectWithAttributes<ContentCatalogue>("NumContents", UintegerValue(o.contents));
    auto requests = CreateObject<ContentRequestProcess>();
    requests->SetAttribute("ZipfExponent", DoubleValue(o.zipf));
    auto controller =
        CreateObjectWithAttributes<CachingSlotController>("Parameters",
                                                          PointerValue(parameters),
                                                          "Catalogue",
                                                          PointerValue(catalogue),
                                                          "Requests",
                                                          PointerValue(requests),
                                                          "Optimiser",
                                                          PointerValue(optimiser),
                                                          "Bandwidth",
                                                          DoubleValue(point.bandwidthMhz * 1e6),
                                                          "MaxSlots",
                                                          UintegerValue(o.slots));
    if (o.packetLevel)
    {
        // The controller's loss model is the access channel's: the rates it decides with and
        // the packets see the same blockage draws (and AssignStreams fixes them).
        PointerValue loss;
        controller->GetAttribute("LossModel", loss);
        CachingNetworkHelper network;
        network.SetUavBandwidth(point.bandwidthMhz * 1e6);
        network.SetAccessLoss(loss.Get<PropagationLossModel>());
        Ptr<Node> satellite =
            CachingNetworkHelper::CreateOverheadSatellite(origin, SATELLITE_ALTITUDE_M, 53.0);
        controller->SetAttribute("PacketDelivery",
                                 PointerValue(network.Install(uavs, ues, satellite)));
        network.AssignStreams(NETWORK_STREAM);
    }
    controller->SetNodes(uavs, ues);
    controller->AssignStreams(CONTROLLER_STREAM);

    result.algorithm = static_cast<uint32_t>(algorithm);
    result.run = run;
    const double perSlot = 1.0 / o.slots;
    const double perUe = 1.0 / point.ues;
    controller->TraceConnectWithoutContext(
        "SlotCompleted",
        Callback<void, const CachingSlotRecord&>([&](const CachingSlotRecord& r) {
            result.profit += r.revenue * perSlot;
            result.uavQueue += r.meanUavQueue * perSlot;
            result.satelliteQueue += r.satelliteQueue * perSlot;
            // The queues never shrink (doc/sagin.rst): Q(T) / T is what converges.
            result.uavQueueGrowth = r.meanUavQueue * perSlot;
            result.satelliteQueueGrowth = r.satelliteQueue * perSlot;
            result.satelliteShare += r.uesOnSatellite * perUe * perSlot;
            result.fullNodes += r.fullNodes * perSlot;
            result.placedData += r.placedData * perSlot;
            if (!r.packetLevel)
            {
                return;
            }
            for (std::size_t i = 0; i < r.ueDelivered.size(); ++i)
            {
                const double packet = r.ueDelivered[i];
                const double flow = r.ueFlowDelivered[i];
                const bool onSatellite = r.accessPoint[i] == o.uavs;
                (onSatellite ? result.satellitePacket : result.uavPacket) += packet;
                (onSatellite ? result.satelliteFlow : result.uavFlow) += flow;
                const bool whole = flow >= r.ueRequested[i] * (1 - 1e-12);
                (whole ? result.wholePacket : result.limitedPacket) += packet;
                (whole ? result.wholeFlow : result.limitedFlow) += flow;
            }
            result.backhaul += r.backhaulReceived * perSlot;
            result.placements += r.placements;
            result.placementsFetched += r.placementsFetched;
            result.chainSize = r.fullNodeSize;
            result.chainRestored += r.chainRestored * perSlot;
            result.transactions += r.transactions * perSlot;
        }));
    controller->Start();
    // The walks schedule themselves forever: stop after the last slot (at packet level, after
    // its end, when it is accounted).
    const Time slot = parameters->GetSlotDuration();
    Simulator::Stop(slot * o.slots - slot / 2 + (o.packetLevel ? slot : Time(0)));
    NS_LOG_INFO("simulation starts");
    Simulator::Run();
    NS_LOG_INFO("simulation ends at " << Simulator::Now().As(Time::S));
    if (controller->GetSlotsRun() != o.slots)
    {
        Simulator::Destroy(); // a clean simulator for whatever runs next
        throw std::logic_error("run " + std::to_string(run) + " ran " +
                               std::to_string(controller->GetSlotsRun()) + " slots instead of " +
                               std::to_string(o.slots));
    }
    Simulator::Destroy();
    return result;
}

std::vector<EdgeCachingRunResult>
RunEdgeCachingPoint(const EdgeCachingPoint& point,
                    const std::vector<EdgeCachingAlgorithm>& algorithms,
                    const EdgeCachingOptions& o)
{
    // Run r of every algorithm is one task: worker k takes runs k + 1, k + 1 + jobs, ...
    std::vector<EdgeCachingRunResult> results = RunRecordsInWorkers<EdgeCachingRunResult>(
        o.jobs,
        o.runs,
        [&](uint32_t run, const std::function<void(const EdgeCachingRunResult&)>& emit) {
            for (EdgeCachingAlgorithm a : algorithms)
            {
                emit(RunEdgeCachingOnce(a, point, run, o));
            }
        },
        "sagin-edge-caching");
    // In run order whatever the jobs, so that the means add up in the same order.
    std::stable_sort(
        results.begin(),
        results.end(),
        [](const EdgeCachingRunResult& a, const EdgeCachingRunResult& b) { return a.run < b.run; });
    return results;
}

void
CheckEdgeCachingMemory(const std::map<EdgeCachingSweep, std::vector<EdgeCachingPoint>>& sweeps,
                       const std::vector<EdgeCachingAlgorithm>& algorithms,
                       const EdgeCachingOptions& o)
{
    uint32_t ues = 0;
    for (const auto& [sweep, points] : sweeps)
    {
        for (const EdgeCachingPoint& point : points)
        {
            ues = std::max(ues, point.ues);
        }
    }
    // Per worker, measured at flow level: 0.9 KiB per UE, 2.7 KiB per UAV and 30 bytes per
    // UAV and content; at packet level every node is networked. The parent keeps every run's
    // result of a point twice (pipe buffer and vector).
    const double worker = o.packetLevel
                              ? (ues + o.uavs + 1.0) * GROUND_NODE_BYTES
                              : ues * 1024.0 + o.uavs * 3072.0 + o.uavs * 32.0 * o.contents;
    const double results = 2.0 * o.runs * algorithms.size() * sizeof(EdgeCachingRunResult);
    std::ostringstream what;
    what << "--jobs=" << o.jobs << " workers with up to " << ues << " UEs, --uavs=" << o.uavs
         << " and --contents=" << o.contents << ", and --runs=" << o.runs << " results per point";
    CheckMemory(what.str(),
                std::min(o.jobs, o.runs) * worker + results,
                "give fewer --jobs, --runs, UEs or contents");
}

} // namespace sagin
} // namespace ns3
