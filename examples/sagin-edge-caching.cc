// SPDX-License-Identifier: GPL-2.0-only
//
// Study C end to end at flow level (Du, Lv and Lu 2023; PAPERS.md "Study C"): J caching UAVs
// on the bounded random walk over a square service area, I static UEs at random places in
// it, one LEO content server. Every slot a CachingSlotController draws the requests, computes
// the UAV-UE rates from the air-to-ground loss model at the current positions, solves the
// per-slot problem with the chosen algorithm, applies the caches and blockchain roles, and
// updates the virtual queues and the revenue.
//
// Regenerates the source's figures 2-7: profit (2), average UAV queue (3) and satellite
// queue (4) versus the number of UEs; profit (5) and queues (6) versus the number of mutation
// sparks; profit versus the UAV bandwidth (7), for Proposed, OneES, NoMutation and the LRU
// and LFU operator baselines. Each point averages --runs independent runs (run r of n with
// --RngRun=R is ns-3 run (R - 1) n + r, IndependentRunNumber; common to all algorithms so that
// they see the same UEs, walks, requests and blockages), --slots slots each; runs are spread over
// --jobs worker processes (each run is its own ns-3 simulation, and the simulator is one per
// process). Writes one row per point and algorithm (mean and standard error) to the run store
// (table edge_caching_points) and one gnuplot PNG per figure.
//
//   ./sagin-edge-caching --figure=all --runs=200 --slots=20 --jobs=2
//   ./sagin-edge-caching --figure=2 --points=20 --runs=2000   (one point of figure 2)
//
// --packet-level carries every slot's decision as packets (CachingNetworkHelper): one LEO
// satellite passing over the area serves contents over its GSL (R^S = its 2 Mbit/s cap), the
// UAVs over study C's air-to-ground channel with AirtimeFair cells (R_ij / k), each request a
// TCP transfer from the chosen access point and each placement a TCP backhaul from the
// satellite; the bits that arrive by the slot's end update the queues and the revenue. The
// output then compares, for the same decisions, what the packets delivered with what the
// flow model gives, and says where and why they differ.
//
//   ./sagin-edge-caching --packet-level --figure=2 --runs=5 --slots=10

#include "ns3/caching-network-helper.h"
#include "ns3/caching-packet-delivery.h"
#include "ns3/caching-slot-controller.h"
#include "ns3/caching-slot-parameters.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/content-catalogue.h"
#include "ns3/content-request-process.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/example-command-line.h"
#include "ns3/example-options.h"
#include "ns3/fireworks-caching-optimiser.h"
#include "ns3/geodesy.h"
#include "ns3/gnuplot.h"
#include "ns3/independent-run-number.h"
#include "ns3/log.h"
#include "ns3/lru-lfu-caching-optimiser.h"
#include "ns3/plot-output.h"
#include "ns3/pointer.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/run-store.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uav-mobility-helper.h"
#include "ns3/uinteger.h"

#include <chrono>
#include <cmath>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <map>
#include <poll.h>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;

NS_LOG_COMPONENT_DEFINE("SaginEdgeCachingExample");

namespace
{

/** Random streams: the UAV walks take 2 per UAV from 0; these come after any J <= 500. */
constexpr int64_t UE_PLACEMENT_STREAM = 1000;
/** First stream of the controller (catalogue, requests, blockage, optimiser). */
constexpr int64_t CONTROLLER_STREAM = 1001;
/** Altitude of the content server's orbit (m): a Starlink-like 550 km shell [recon]. */
constexpr double SATELLITE_ALTITUDE_M = 550e3;
/**
 * Content bits per link bit of a full TCP segment at packet level: 1448 payload bytes in a
 * 1514-byte frame (Ethernet 14, IPv4 20, TCP 20, timestamp option 12).
 */
constexpr double TCP_EFFICIENCY = 1448.0 / 1514.0;

/** The compared algorithms (source: Proposed, OneES, No mutation; plus operator baselines). */
enum Algorithm : uint32_t
{
    PROPOSED,
    ONE_ES,
    NO_MUTATION,
    LRU,
    LFU,
    NUM_ALGORITHMS
};

/** Names in the plots and the run store. */
const char* const ALGORITHM_NAMES[NUM_ALGORITHMS] = {"Proposed",
                                                     "OneES",
                                                     "NoMutation",
                                                     "LRU",
                                                     "LFU"};
/** Names on the command line. */
const char* const ALGORITHM_OPTIONS[NUM_ALGORITHMS] = {"proposed",
                                                       "one-es",
                                                       "no-mutation",
                                                       "lru",
                                                       "lfu"};

/** What a sweep varies. */
enum class Sweep
{
    UES,             //!< number of UEs (figures 2, 3, 4)
    MUTATION_SPARKS, //!< mutation sparks per generation (figures 5, 6)
    BANDWIDTH        //!< bandwidth of each UAV (figure 7)
};

/** Command-line options. */
struct Options
{
    std::string figure{"all"};     //!< 2..7 or all
    uint32_t runs{100};            //!< runs per point
    uint32_t slots{20};            //!< slots per run
    uint32_t jobs{2};              //!< worker processes
    uint32_t ues{20};              //!< I where it is not swept
    uint32_t uavs{4};              //!< J
    uint32_t contents{30};         //!< F
    double bandwidthMhz{10.0};     //!< B where it is not swept (MHz)
    uint32_t mutationSparks{5};    //!< mutation sparks where they are not swept
    uint32_t generations{100};     //!< fireworks generations per slot
    double v{50.0};                //!< V
    double storageMbit{200.0};     //!< S_j (Mbit)
    double zipf{0.8};              //!< Zipf exponent of the requests
    double areaM{1000.0};          //!< side of the square service area (m)
    std::string points;            //!< x values of the sweep, comma-separated (one figure)
    std::string algorithms{"all"}; //!< comma-separated or all
    std::string db{"sagin-edge-caching.db"};      //!< run store
    std::string plotPrefix{"sagin-edge-caching"}; //!< PNG prefix
    bool packetLevel{false};                      //!< carry the contents as packets
    uint64_t userRun{1};                          //!< --RngRun, from which the runs' numbers derive
};

/** One point of a sweep. */
struct Point
{
    Sweep sweep;             //!< what varies
    double x;                //!< its value
    uint32_t ues;            //!< I
    double bandwidthMhz;     //!< B (MHz)
    uint32_t mutationSparks; //!< mutation sparks
};

/** Time averages of one run of one algorithm, sent from a worker to the parent. */
struct RunResult
{
    uint32_t algorithm;    //!< Algorithm
    uint32_t run;          //!< which run of the point (1 ... runs)
    double profit;         //!< mean Rev(t) over the slots
    double uavQueue;       //!< mean over the slots of the mean Q_j(t+1) (Mbit)
    double satelliteQueue; //!< mean over the slots of Q^S(t+1) (Mbit)
    double satelliteShare; //!< mean share of the UEs sent to the satellite
    double fullNodes;      //!< mean number of full-node UAVs
    double placedData;     //!< mean data newly placed on the UAVs per slot (Mbit)
    // Packet level: sums over the run's slots and UEs of the data (Mbit) the packets
    // delivered and the flow model gives the same decisions.
    double uavPacket;         //!< delivered by UAVs, packets
    double uavFlow;           //!< delivered by UAVs, flow model
    double satellitePacket;   //!< delivered by the satellite, packets
    double satelliteFlow;     //!< delivered by the satellite, flow model
    double limitedPacket;     //!< transfers the flow model does not finish (D < s_f), packets
    double limitedFlow;       //!< the same, flow model
    double wholePacket;       //!< contents the flow model delivers whole, packets
    double wholeFlow;         //!< the same, flow model
    double backhaul;          //!< placement data that reached the UAVs
    double placements;        //!< placements
    double placementsFetched; //!< placements fetched whole within their slot
    double chainSize;         //!< s^fu of the last slot: the ledger's real size (Mbit)
    double chainRestored;     //!< block bodies UAVs turned full took, per slot (Mbit)
    double transactions;      //!< delivery records put on the chain, per slot
};

/** Mean and standard error of a sample. */
struct Estimate
{
    double mean{0.0}; //!< sample mean
    double se{0.0};   //!< standard error of the mean (0 for one sample)
};

/**
 * \param values the sample
 * \return its mean and standard error s / sqrt(n)
 */
Estimate
Summarise(const std::vector<double>& values)
{
    Estimate e;
    const double n = values.size();
    for (double v : values)
    {
        e.mean += v / n;
    }
    if (values.size() > 1)
    {
        double squares = 0.0;
        for (double v : values)
        {
            squares += (v - e.mean) * (v - e.mean);
        }
        e.se = std::sqrt(squares / (n - 1.0) / n);
    }
    return e;
}

/**
 * \param algorithm which algorithm
 * \param point the sweep point
 * \param o the options
 * \return the optimiser
 */
Ptr<CachingOptimiser>
MakeOptimiser(Algorithm algorithm, const Point& point, const Options& o)
{
    switch (algorithm)
    {
    case LRU:
    case LFU:
        return CreateObjectWithAttributes<LruLfuCachingOptimiser>(
            "Policy",
            EnumValue(algorithm == LRU ? LruLfuCachingOptimiser::LRU
                                       : LruLfuCachingOptimiser::LFU));
    default: {
        const auto variant = algorithm == PROPOSED ? FireworksCachingOptimiser::PROPOSED
                             : algorithm == ONE_ES ? FireworksCachingOptimiser::ONE_EXPLOSION_SPARK
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

/**
 * One run of one algorithm: its own ns-3 simulation.
 * \param algorithm which algorithm
 * \param point the sweep point
 * \param run which run of the point (1 ... runs)
 * \param o the options
 * \return the run's time averages
 */
RunResult
RunOnce(Algorithm algorithm, const Point& point, uint32_t run, const Options& o)
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

    auto parameters = CreateObjectWithAttributes<CachingSlotParameters>("V",
                                                                        DoubleValue(o.v),
                                                                        "UavStorage",
                                                                        DoubleValue(o.storageMbit));
    auto catalogue =
        CreateObjectWithAttributes<ContentCatalogue>("NumContents", UintegerValue(o.contents));
    auto requests = CreateObject<ContentRequestProcess>();
    requests->SetAttribute("ZipfExponent", DoubleValue(o.zipf));
    auto controller = CreateObjectWithAttributes<CachingSlotController>(
        "Parameters",
        PointerValue(parameters),
        "Catalogue",
        PointerValue(catalogue),
        "Requests",
        PointerValue(requests),
        "Optimiser",
        PointerValue(MakeOptimiser(algorithm, point, o)),
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
    }
    controller->SetNodes(uavs, ues);
    controller->AssignStreams(CONTROLLER_STREAM);

    RunResult result{};
    result.algorithm = algorithm;
    result.run = run;
    const double perSlot = 1.0 / o.slots;
    const double perUe = 1.0 / point.ues;
    controller->TraceConnectWithoutContext(
        "SlotCompleted",
        Callback<void, const CachingSlotRecord&>([&](const CachingSlotRecord& r) {
            result.profit += r.revenue * perSlot;
            result.uavQueue += r.meanUavQueue * perSlot;
            result.satelliteQueue += r.satelliteQueue * perSlot;
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
        throw std::logic_error("run " + std::to_string(run) + " ran " +
                               std::to_string(controller->GetSlotsRun()) + " slots instead of " +
                               std::to_string(o.slots));
    }
    Simulator::Destroy();
    return result;
}

/**
 * Run a worker's share of a point: runs first, first + stride, ... for every algorithm.
 * \param point the point
 * \param algorithms which algorithms
 * \param first first run index (from 1)
 * \param stride run stride
 * \param o options
 * \param emit called with every result
 */
template <typename Emit>
void
RunShare(const Point& point,
         const std::vector<Algorithm>& algorithms,
         uint32_t first,
         uint32_t stride,
         const Options& o,
         Emit emit)
{
    for (uint32_t run = first; run <= o.runs; run += stride)
    {
        for (Algorithm a : algorithms)
        {
            emit(RunOnce(a, point, run, o));
        }
    }
}

/**
 * All runs of a point, spread over o.jobs worker processes (fork) that send their results
 * through pipes; with one job, in this process.
 * \param point the point
 * \param algorithms which algorithms
 * \param o options
 * \return every run's result
 */
std::vector<RunResult>
RunPoint(const Point& point, const std::vector<Algorithm>& algorithms, const Options& o)
{
    std::vector<RunResult> results;
    const uint32_t jobs = std::min(o.jobs, o.runs);
    if (jobs <= 1)
    {
        RunShare(point, algorithms, 1, 1, o, [&](const RunResult& r) { results.push_back(r); });
        return results;
    }
    std::cout.flush(); // the children must not repeat buffered output
    std::cerr.flush();
    std::vector<pid_t> children;
    std::vector<int> pipes;
    for (uint32_t k = 0; k < jobs; ++k)
    {
        int fd[2];
        if (pipe(fd) != 0)
        {
            throw std::runtime_error(std::string("pipe() failed: ") + std::strerror(errno));
        }
        const pid_t pid = fork();
        if (pid < 0)
        {
            throw std::runtime_error(std::string("fork() failed: ") + std::strerror(errno) +
                                     "; try --jobs=1");
        }
        if (pid == 0)
        {
            close(fd[0]);
            int status = 0;
            try
            {
                RunShare(point, algorithms, k + 1, jobs, o, [&](const RunResult& r) {
                    const char* p = reinterpret_cast<const char*>(&r);
                    std::size_t left = sizeof(r);
                    while (left > 0)
                    {
                        const ssize_t n = write(fd[1], p, left);
                        if (n <= 0)
                        {
                            throw std::runtime_error("worker cannot write its results");
                        }
                        p += n;
                        left -= n;
                    }
                });
            }
            catch (const std::exception& e)
            {
                std::cerr << "sagin-edge-caching: " << e.what() << std::endl;
                status = 1;
            }
            close(fd[1]);
            _exit(status); // no destructors: the parent owns the run store and the output
        }
        close(fd[1]);
        children.push_back(pid);
        pipes.push_back(fd[0]);
    }
    // Read every pipe as data arrives (a full pipe would block its worker).
    std::vector<std::string> buffers(jobs);
    std::vector<pollfd> open;
    for (int fd : pipes)
    {
        open.push_back({fd, POLLIN, 0});
    }
    std::size_t remaining = jobs;
    while (remaining > 0)
    {
        if (poll(open.data(), open.size(), -1) < 0 && errno != EINTR)
        {
            throw std::runtime_error(std::string("poll() failed: ") + std::strerror(errno));
        }
        for (std::size_t k = 0; k < open.size(); ++k)
        {
            if (open[k].fd < 0 || !(open[k].revents & (POLLIN | POLLHUP | POLLERR)))
            {
                continue;
            }
            char chunk[4096];
            const ssize_t n = read(open[k].fd, chunk, sizeof(chunk));
            if (n > 0)
            {
                buffers[k].append(chunk, n);
            }
            else
            {
                close(open[k].fd);
                open[k].fd = -1;
                --remaining;
            }
        }
    }
    bool failed = false;
    for (pid_t pid : children)
    {
        int status = 0;
        waitpid(pid, &status, 0);
        failed = failed || !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    }
    if (failed)
    {
        throw std::runtime_error("a worker process failed; its message is above");
    }
    for (const std::string& b : buffers)
    {
        for (std::size_t at = 0; at + sizeof(RunResult) <= b.size(); at += sizeof(RunResult))
        {
            RunResult r;
            std::memcpy(&r, b.data() + at, sizeof(r));
            results.push_back(r);
        }
    }
    return results;
}

/** Packet level: what the packets delivered against the flow model, over a point's runs. */
struct PacketComparison
{
    double uav{0.0};           //!< UAV data, packets / flow
    double satellite{0.0};     //!< satellite data, packets / flow
    double limited{0.0};       //!< transfers the flow model does not finish, packets / flow
    double whole{0.0};         //!< contents the flow model finishes, packets / flow
    double backhaul{0.0};      //!< placement data that reached the UAVs per slot (Mbit)
    double fetchedShare{0.0};  //!< placements fetched whole within their slot
    double chainSize{0.0};     //!< s^fu at the runs' end (Mbit)
    double chainRestored{0.0}; //!< bodies restored to UAVs turned full per slot (Mbit)
    double transactions{0.0};  //!< delivery records per slot
};

/**
 * \param results a point's runs
 * \param algorithm which algorithm
 * \return its packet-versus-flow figures (ratios of sums; 0 where the flow model gives 0)
 */
PacketComparison
ComparePacketsWithFlow(const std::vector<RunResult>& results, Algorithm algorithm)
{
    RunResult sum{};
    uint32_t runs = 0;
    for (const RunResult& r : results)
    {
        if (r.algorithm != algorithm)
        {
            continue;
        }
        ++runs;
        sum.uavPacket += r.uavPacket;
        sum.uavFlow += r.uavFlow;
        sum.satellitePacket += r.satellitePacket;
        sum.satelliteFlow += r.satelliteFlow;
        sum.limitedPacket += r.limitedPacket;
        sum.limitedFlow += r.limitedFlow;
        sum.wholePacket += r.wholePacket;
        sum.wholeFlow += r.wholeFlow;
        sum.backhaul += r.backhaul;
        sum.placements += r.placements;
        sum.placementsFetched += r.placementsFetched;
        sum.chainSize += r.chainSize;
        sum.chainRestored += r.chainRestored;
        sum.transactions += r.transactions;
    }
    auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };
    PacketComparison c;
    c.uav = ratio(sum.uavPacket, sum.uavFlow);
    c.satellite = ratio(sum.satellitePacket, sum.satelliteFlow);
    c.limited = ratio(sum.limitedPacket, sum.limitedFlow);
    c.whole = ratio(sum.wholePacket, sum.wholeFlow);
    c.backhaul = runs ? sum.backhaul / runs : 0.0;
    c.fetchedShare = ratio(sum.placementsFetched, sum.placements);
    c.chainSize = runs ? sum.chainSize / runs : 0.0;
    c.chainRestored = runs ? sum.chainRestored / runs : 0.0;
    c.transactions = runs ? sum.transactions / runs : 0.0;
    return c;
}

/**
 * Print the comparison and why packets and flows differ.
 * \param c the comparison
 */
void
PrintPacketComparison(const PacketComparison& c)
{
    std::cout << "      packets vs flow model, same decisions: UAV data " << 100 * c.uav
              << " %, satellite " << 100 * c.satellite
              << " %.\n      Transfers the flow model cuts at the slot's end: " << 100 * c.limited
              << " % (TCP/IP/Ethernet headers alone allow " << 100 * TCP_EFFICIENCY
              << " %; more where a UAV's other UEs finished early and its AirtimeFair cell gave "
                 "them the rest of the slot, while the flow model keeps R_ij / k; less for ARP, "
                 "the TCP handshake and the previous slot's last send buffer).\n      Contents "
                 "the flow model delivers whole: "
              << 100 * c.whole
              << " % (less where the link carries s_f with less than the headers' share to "
                 "spare).\n      Backhaul: "
              << c.backhaul << " Mbit per slot; " << 100 * c.fetchedShare
              << " % of placements fetched whole within their slot at R^S (the cache serves "
                 "them from the slot's start, as the source's eq. 2 has it).\n      Ledger: "
              << c.transactions << " delivery records per slot; the whole chain (s^fu) "
              << 1000 * c.chainSize << " kbit after the run, against the source's 80 Mbit; "
              << 1000 * c.chainRestored
              << " kbit of block bodies per slot restored to UAVs turned full.\n";
}

/** Per algorithm, the estimates of one point. */
struct PointSummary
{
    Point point;                                 //!< the point
    std::map<uint32_t, Estimate> profit;         //!< per algorithm
    std::map<uint32_t, Estimate> uavQueue;       //!< per algorithm
    std::map<uint32_t, Estimate> satelliteQueue; //!< per algorithm
    std::map<uint32_t, Estimate> satelliteShare; //!< per algorithm
    std::map<uint32_t, Estimate> fullNodes;      //!< per algorithm
    std::map<uint32_t, Estimate> placedData;     //!< per algorithm
};

/**
 * \param o options
 * \return the algorithms to run
 */
std::vector<Algorithm>
ParseAlgorithms(const Options& o)
{
    std::vector<Algorithm> algorithms;
    if (o.algorithms == "all")
    {
        for (uint32_t a = 0; a < NUM_ALGORITHMS; ++a)
        {
            algorithms.push_back(Algorithm(a));
        }
        return algorithms;
    }
    for (const std::string& item : SplitCommaList(o.algorithms))
    {
        bool found = false;
        for (uint32_t a = 0; a < NUM_ALGORITHMS; ++a)
        {
            if (item == ALGORITHM_OPTIONS[a])
            {
                algorithms.push_back(Algorithm(a));
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

/**
 * \param sweep a sweep
 * \param x a value of it
 * \param o options
 * \return the point
 */
Point
MakePoint(Sweep sweep, double x, const Options& o)
{
    Point p{sweep, x, o.ues, o.bandwidthMhz, o.mutationSparks};
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
    case Sweep::UES:
        p.ues = whole("number of UEs", 1);
        break;
    case Sweep::MUTATION_SPARKS:
        p.mutationSparks = whole("number of mutation sparks", 0);
        break;
    case Sweep::BANDWIDTH:
        if (!(x > 0))
        {
            throw std::invalid_argument("--points: bandwidths must be > 0 (MHz)");
        }
        p.bandwidthMhz = x;
        break;
    }
    return p;
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
    CheckRange("--zipf", o.zipf, 0, 10, "(0: uniform popularity)");
    CheckRange("--area-m", o.areaM, 1, 1e6, "m (side of the service area)");
    require(!o.db.empty(), "--db='': give the run store's file, or --db=none for none");
    CheckOutputFile("--db", o.db == "none" ? "" : o.db);
    CheckOutputPrefix("--plot-prefix", o.plotPrefix);
    // Run r of a point is ns-3 run (RngRun - 1) x runs + r: refuses --RngRun=0 and overflow.
    IndependentRunNumber(RngSeedManager::GetRun(), o.runs, o.runs);
    require(o.points.empty() || o.figure != "all",
            "--points needs one --figure (2..7): it replaces that figure's x values");
    ParseAlgorithms(o);
}

/**
 * Refuse a run whose memory would not fit, before any worker starts.
 * \param sweeps the points to run
 * \param algorithms the algorithms
 * \param o options
 */
void
CheckRunMemory(const std::map<Sweep, std::vector<Point>>& sweeps,
               const std::vector<Algorithm>& algorithms,
               const Options& o)
{
    uint32_t ues = 0;
    for (const auto& [sweep, points] : sweeps)
    {
        for (const Point& point : points)
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
    const double results = 2.0 * o.runs * algorithms.size() * sizeof(RunResult);
    std::ostringstream what;
    what << "--jobs=" << o.jobs << " workers with up to " << ues << " UEs, --uavs=" << o.uavs
         << " and --contents=" << o.contents << ", and --runs=" << o.runs << " results per point";
    CheckMemory(what.str(),
                std::min(o.jobs, o.runs) * worker + results,
                "give fewer --jobs, --runs, UEs or contents");
}

/**
 * \param figure 2..7
 * \return the sweep behind it
 */
Sweep
SweepOf(int figure)
{
    return figure <= 4 ? Sweep::UES : figure <= 6 ? Sweep::MUTATION_SPARKS : Sweep::BANDWIDTH;
}

/**
 * \param sweep a sweep
 * \return its name in the run store
 */
std::string
SweepName(Sweep sweep)
{
    return sweep == Sweep::UES               ? "ues"
           : sweep == Sweep::MUTATION_SPARKS ? "mutation-sparks"
                                             : "bandwidth-mhz";
}

/**
 * Write one figure's PNG.
 * \param figure 2..7
 * \param summaries the points of its sweep
 * \param algorithms the algorithms run
 * \param o options
 * \return the file written (.png or, without gnuplot, .plt)
 */
std::string
PlotFigure(int figure,
           const std::vector<PointSummary>& summaries,
           const std::vector<Algorithm>& algorithms,
           const Options& o)
{
    static const std::map<int, std::pair<std::string, std::string>> TITLES = {
        {2, {"Fig. 2: profit vs number of UEs", "profit per slot"}},
        {3, {"Fig. 3: average UAV queue vs number of UEs", "mean UAV queue (Mbit)"}},
        {4, {"Fig. 4: satellite queue vs number of UEs", "satellite queue (Mbit)"}},
        {5, {"Fig. 5: profit vs number of mutation sparks", "profit per slot"}},
        {6, {"Fig. 6: queues vs number of mutation sparks", "queue (Mbit)"}},
        {7, {"Fig. 7: profit vs UAV bandwidth", "profit per slot"}}};
    const Sweep sweep = SweepOf(figure);
    Gnuplot plot;
    plot.SetTitle(TITLES.at(figure).first + " (" + std::to_string(o.runs) + " runs x " +
                  std::to_string(o.slots) + " slots, mean +- s.e.)");
    plot.SetLegend(sweep == Sweep::UES               ? "number of UEs"
                   : sweep == Sweep::MUTATION_SPARKS ? "mutation sparks per generation"
                                                     : "bandwidth of each UAV (MHz)",
                   TITLES.at(figure).second);
    plot.AppendExtra("set terminal png size 1000,600"); // room for the key beside the plot
    plot.AppendExtra("set key outside right");
    // Figure 6 shows both queues, as the source's text describes.
    std::vector<std::pair<std::string, std::map<uint32_t, Estimate> PointSummary::*>> series;
    if (figure == 2 || figure == 5 || figure == 7)
    {
        series.push_back({"", &PointSummary::profit});
    }
    else if (figure == 3)
    {
        series.push_back({"", &PointSummary::uavQueue});
    }
    else if (figure == 4)
    {
        series.push_back({"", &PointSummary::satelliteQueue});
    }
    else
    {
        series.push_back({" UAV", &PointSummary::uavQueue});
        series.push_back({" satellite", &PointSummary::satelliteQueue});
    }
    for (const auto& [suffix, member] : series)
    {
        for (Algorithm a : algorithms)
        {
            Gnuplot2dDataset curve(std::string(ALGORITHM_NAMES[a]) + suffix);
            curve.SetStyle(Gnuplot2dDataset::LINES_POINTS);
            curve.SetErrorBars(Gnuplot2dDataset::Y);
            for (const PointSummary& s : summaries)
            {
                const Estimate& e = (s.*member).at(a);
                curve.Add(s.point.x, e.mean, e.se);
            }
            plot.AddDataset(curve);
        }
    }
    const std::string base = o.plotPrefix + "-fig" + std::to_string(figure);
    return base + (WriteGnuplotPng(plot, base) ? ".png" : ".plt");
}

} // namespace

int
main(int argc, char** argv)
{
    Options o;
    bool test = false;
    ExampleCommandLine cmd(__FILE__);
    cmd.AddValue("figure", "figure to regenerate: 2, 3, 4, 5, 6, 7 or all", o.figure);
    cmd.AddValue("runs",
                 "independent runs per point (ns-3 runs (RngRun - 1) x runs + 1 ... RngRun x "
                 "runs; source: 2000)",
                 o.runs);
    cmd.AddValue("slots", "slots per run (Delta t = 1 s)", o.slots);
    cmd.AddValue("jobs", "worker processes running the runs in parallel", o.jobs);
    cmd.AddValue("ues", "I, number of UEs where it is not swept (figures 5-7)", o.ues);
    cmd.AddValue("uavs", "J, number of caching UAVs", o.uavs);
    cmd.AddValue("contents", "F, number of contents on the satellite", o.contents);
    cmd.AddValue("bandwidth-mhz",
                 "B, bandwidth of each UAV where it is not swept (MHz)",
                 o.bandwidthMhz);
    cmd.AddValue("mutation-sparks",
                 "mutation sparks per generation where they are not swept",
                 o.mutationSparks);
    cmd.AddValue("generations", "fireworks generations per slot", o.generations);
    cmd.AddValue("v", "V, Lyapunov penalty weight", o.v);
    cmd.AddValue("storage-mbit", "S_j, storage of each UAV (Mbit)", o.storageMbit);
    cmd.AddValue("zipf", "Zipf exponent of the content popularity (>= 0)", o.zipf);
    cmd.AddValue("area-m", "side of the square service area (m)", o.areaM);
    cmd.AddValue("points",
                 "x values of the chosen --figure's sweep, comma-separated (default: the "
                 "figure's own)",
                 o.points);
    cmd.AddValue("algorithms",
                 "proposed, one-es, no-mutation, lru, lfu (comma-separated) or all",
                 o.algorithms);
    cmd.AddValue("db", "SQLite run store to write (none: no store)", o.db);
    cmd.AddValue("plot-prefix", "file name prefix of the figures' PNGs", o.plotPrefix);
    cmd.AddValue("packet-level",
                 "carry the contents as TCP packets over the UAV and satellite links and "
                 "compare with the flow model",
                 o.packetLevel);
    cmd.AddValue("test", "2 runs of 3 slots per point, 2 to 3 points per sweep", test);
    Ptr<RunStore> store;
    try
    {
        cmd.Parse(argc, argv);
        o.userRun = RngSeedManager::GetRun();
        Validate(o); // the values given, before --test shrinks the run
        if (test)
        {
            o.runs = std::min(o.runs, 2U);
            o.slots = std::min(o.slots, 3U);
            o.db = o.db == "sagin-edge-caching.db" ? "sagin-edge-caching-test.db" : o.db;
            o.plotPrefix =
                o.plotPrefix == "sagin-edge-caching" ? "sagin-edge-caching-test" : o.plotPrefix;
        }
        const std::vector<Algorithm> algorithms = ParseAlgorithms(o);
        std::vector<int> figures;
        for (int f = 2; f <= 7; ++f)
        {
            if (o.figure == "all" || o.figure == std::to_string(f))
            {
                figures.push_back(f);
            }
        }
        const std::map<Sweep, std::vector<double>> defaultSweeps = {
            {Sweep::UES,
             test ? std::vector<double>{10, 30} : std::vector<double>{10, 20, 30, 40, 50}},
            {Sweep::MUTATION_SPARKS,
             test ? std::vector<double>{1, 5} : std::vector<double>{1, 2, 4, 6, 8, 10}},
            {Sweep::BANDWIDTH,
             test ? std::vector<double>{1, 10} : std::vector<double>{1, 5, 10, 15, 20}}};
        std::map<Sweep, std::vector<Point>> sweeps;
        for (int f : figures)
        {
            const Sweep sweep = SweepOf(f);
            if (sweeps.count(sweep))
            {
                continue;
            }
            const std::vector<double> xs =
                o.points.empty() ? defaultSweeps.at(sweep) : ParseNumberList("--points", o.points);
            for (double x : xs)
            {
                sweeps[sweep].push_back(MakePoint(sweep, x, o));
            }
        }

        CheckRunMemory(sweeps, algorithms, o);

        Ptr<RunStore::Batch> rows;
        if (o.db != "none")
        {
            store = CreateObject<RunStore>();
            store->SetAttribute("Path", StringValue(o.db));
            std::ostringstream bandwidth;
            bandwidth << o.bandwidthMhz;
            store->BeginRun("sagin-edge-caching",
                            {{"figure", o.figure},
                             {"runs", std::to_string(o.runs)},
                             {"slots", std::to_string(o.slots)},
                             {"jobs", std::to_string(o.jobs)},
                             {"ues", std::to_string(o.ues)},
                             {"uavs", std::to_string(o.uavs)},
                             {"contents", std::to_string(o.contents)},
                             {"bandwidth_mhz", bandwidth.str()},
                             {"mutation_sparks", std::to_string(o.mutationSparks)},
                             {"generations", std::to_string(o.generations)},
                             {"v", std::to_string(o.v)},
                             {"storage_mbit", std::to_string(o.storageMbit)},
                             {"zipf", std::to_string(o.zipf)},
                             {"area_m", std::to_string(o.areaM)},
                             {"points", o.points},
                             {"algorithms", o.algorithms},
                             {"mode", o.packetLevel ? "packet-level" : "flow-level"}});
            store->CreateTable(
                "edge_caching_points",
                "run_id INTEGER, sweep TEXT, x REAL, ues INTEGER, uavs INTEGER, contents "
                "INTEGER, bandwidth_mhz REAL, mutation_sparks INTEGER, v REAL, algorithm TEXT, "
                "runs INTEGER, slots INTEGER, profit_mean REAL, profit_se REAL, "
                "uav_queue_mbit_mean REAL, uav_queue_mbit_se REAL, satellite_queue_mbit_mean "
                "REAL, satellite_queue_mbit_se REAL, satellite_share_mean REAL, "
                "full_nodes_mean REAL, placed_mbit_mean REAL, point_wall_seconds REAL, "
                "packet_level INTEGER, packet_vs_flow_uav REAL, packet_vs_flow_satellite REAL, "
                "backhaul_mbit_per_slot REAL, placements_fetched_share REAL");
            rows = store->Prepare("INSERT INTO edge_caching_points VALUES (?, ?, ?, ?, ?, ?, ?, "
                                  "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        }

        const auto start = std::chrono::steady_clock::now();
        std::map<Sweep, std::vector<PointSummary>> summaries;
        std::cout << std::fixed << std::setprecision(2);
        std::cout << "Study C, " << (o.packetLevel ? "packet" : "flow") << " level: " << o.runs
                  << " runs x " << o.slots << " slots per point, " << o.jobs << " jobs\n";
        for (const auto& [sweep, points] : sweeps)
        {
            for (const Point& point : points)
            {
                const auto pointStart = std::chrono::steady_clock::now();
                const std::vector<RunResult> results = RunPoint(point, algorithms, o);
                const double wall =
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - pointStart)
                        .count();
                PointSummary s{point, {}, {}, {}, {}, {}, {}};
                for (Algorithm a : algorithms)
                {
                    std::vector<double> profit, uavQueue, satelliteQueue, share, full, placed;
                    for (const RunResult& r : results)
                    {
                        if (r.algorithm == a)
                        {
                            profit.push_back(r.profit);
                            uavQueue.push_back(r.uavQueue);
                            satelliteQueue.push_back(r.satelliteQueue);
                            share.push_back(r.satelliteShare);
                            full.push_back(r.fullNodes);
                            placed.push_back(r.placedData);
                        }
                    }
                    if (profit.size() != o.runs)
                    {
                        throw std::logic_error("point lost runs: " + std::to_string(profit.size()) +
                                               " of " + std::to_string(o.runs));
                    }
                    s.profit[a] = Summarise(profit);
                    s.uavQueue[a] = Summarise(uavQueue);
                    s.satelliteQueue[a] = Summarise(satelliteQueue);
                    s.satelliteShare[a] = Summarise(share);
                    s.fullNodes[a] = Summarise(full);
                    s.placedData[a] = Summarise(placed);
                    std::cout << SweepName(sweep) << " = " << point.x << "  " << std::setw(10)
                              << ALGORITHM_NAMES[a] << ": profit " << s.profit[a].mean << " +- "
                              << s.profit[a].se << ", UAV queue " << s.uavQueue[a].mean << " +- "
                              << s.uavQueue[a].se << " Mbit, satellite queue "
                              << s.satelliteQueue[a].mean << " +- " << s.satelliteQueue[a].se
                              << " Mbit, " << 100.0 * s.satelliteShare[a].mean
                              << " % of UEs on the satellite, " << s.fullNodes[a].mean
                              << " full nodes, " << s.placedData[a].mean
                              << " Mbit placed per slot\n";
                    const PacketComparison packets = ComparePacketsWithFlow(results, a);
                    if (o.packetLevel)
                    {
                        PrintPacketComparison(packets);
                    }
                    if (rows)
                    {
                        rows->InsertRow(store->GetRunId(),
                                        SweepName(sweep),
                                        point.x,
                                        point.ues,
                                        o.uavs,
                                        o.contents,
                                        point.bandwidthMhz,
                                        point.mutationSparks,
                                        o.v,
                                        std::string(ALGORITHM_NAMES[a]),
                                        o.runs,
                                        o.slots,
                                        s.profit[a].mean,
                                        s.profit[a].se,
                                        s.uavQueue[a].mean,
                                        s.uavQueue[a].se,
                                        s.satelliteQueue[a].mean,
                                        s.satelliteQueue[a].se,
                                        s.satelliteShare[a].mean,
                                        s.fullNodes[a].mean,
                                        s.placedData[a].mean,
                                        wall,
                                        o.packetLevel ? 1 : 0,
                                        packets.uav,
                                        packets.satellite,
                                        packets.backhaul,
                                        packets.fetchedShare);
                    }
                }
                if (store)
                {
                    store->Flush(); // one transaction per point: a crash keeps finished points
                }
                std::cout << "  (point: " << wall << " s wall)\n";
                summaries[sweep].push_back(s);
            }
        }
        for (int f : figures)
        {
            std::cout << "figure " << f << ": "
                      << PlotFigure(f, summaries[SweepOf(f)], algorithms, o) << "\n";
        }
        rows = nullptr;
        if (store)
        {
            store->EndRun();
            store->Close();
            std::cout << "run store: " << o.db << " (tables runs, edge_caching_points)\n";
        }
        std::cout << "total: "
                  << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
                  << " s wall\n";
    }
    catch (const std::exception& e)
    {
        std::cerr << "sagin-edge-caching: " << e.what() << std::endl;
        if (store)
        {
            store->FailRun(e.what());
        }
        return 1;
    }
    return 0;
}
