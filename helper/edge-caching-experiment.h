// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_EDGE_CACHING_EXPERIMENT_H
#define SAGIN_EDGE_CACHING_EXPERIMENT_H

#include "ns3/nstime.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * The algorithms study C's figures compare (the source's Proposed, OneES and No mutation;
 * LRU and LFU with nearest-UAV access, what an operator runs today).
 */
enum class EdgeCachingAlgorithm : uint32_t
{
    PROPOSED = 0,
    ONE_ES = 1,
    NO_MUTATION = 2,
    LRU = 3,
    LFU = 4
};

/** Number of EdgeCachingAlgorithm values. */
constexpr uint32_t EDGE_CACHING_ALGORITHMS = 5;

/**
 * \ingroup sagin
 * \param algorithm an algorithm
 * \return its name in plots and the run store ("Proposed", "OneES", ...)
 */
std::string GetEdgeCachingAlgorithmName(EdgeCachingAlgorithm algorithm);

/**
 * \ingroup sagin
 * \param list comma-separated proposed, one-es, no-mutation, lru, lfu, or all
 * \return the algorithms; std::invalid_argument naming an unknown one (as --algorithms)
 */
std::vector<EdgeCachingAlgorithm> ParseEdgeCachingAlgorithms(const std::string& list);

/** \ingroup sagin What a study C sweep varies. */
enum class EdgeCachingSweep
{
    UES,             //!< number of UEs (figures 2, 3, 4)
    MUTATION_SPARKS, //!< mutation sparks per generation (figures 5, 6)
    BANDWIDTH        //!< bandwidth of each UAV (figure 7)
};

/**
 * \ingroup sagin
 * \param figure 2..7
 * \return the sweep behind it
 */
EdgeCachingSweep GetEdgeCachingSweep(int figure);

/**
 * \ingroup sagin
 * \param sweep a sweep
 * \return its name in the run store
 */
std::string GetEdgeCachingSweepName(EdgeCachingSweep sweep);

/**
 * \ingroup sagin
 * Study C's runs as sagin-edge-caching's options set them; the refusals name those options.
 */
struct EdgeCachingOptions
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
    double backhaulMbps{50.0};     //!< R^bh, each UAV's placement budget per second (Mbit/s)
    double zipf{0.8};              //!< Zipf exponent of the requests
    double areaM{1000.0};          //!< side of the square service area (m)
    std::string points;            //!< x values of the sweep, comma-separated (one figure)
    std::string algorithms{"all"}; //!< comma-separated or all
    std::string db{"sagin-edge-caching.db"};      //!< run store
    std::string plotPrefix{"sagin-edge-caching"}; //!< PNG prefix
    bool packetLevel{false};                      //!< carry the contents as packets
    Time optimalityGap{0}; //!< MILP time limit per slot to measure the gap with (0: off)
    uint64_t userRun{1};   //!< --RngRun, from which the runs' numbers derive

    /** Throw std::invalid_argument naming the option when one is out of range. */
    void Validate() const;
};

/** \ingroup sagin One point of a study C sweep. */
struct EdgeCachingPoint
{
    EdgeCachingSweep sweep;  //!< what varies
    double x;                //!< its value
    uint32_t ues;            //!< I
    double bandwidthMhz;     //!< B (MHz)
    uint32_t mutationSparks; //!< mutation sparks
};

/**
 * \ingroup sagin
 * \param sweep a sweep
 * \param x a value of it
 * \param o the options (the values not swept)
 * \return the point; std::invalid_argument (as --points) for a value the sweep cannot take
 */
EdgeCachingPoint MakeEdgeCachingPoint(EdgeCachingSweep sweep,
                                      double x,
                                      const EdgeCachingOptions& o);

/**
 * \ingroup sagin
 * Time averages of one run of one algorithm (trivially copyable: workers send it as bytes).
 */
struct EdgeCachingRunResult
{
    uint32_t algorithm;          //!< EdgeCachingAlgorithm
    uint32_t run;                //!< which run of the point (1 ... runs)
    double profit;               //!< mean Rev(t) over the slots
    double uavQueue;             //!< mean over the slots of the mean Q_j(t+1) (Mbit)
    double satelliteQueue;       //!< mean over the slots of Q^S(t+1) (Mbit)
    double uavQueueGrowth;       //!< mean Q_j after the last slot per slot (Mbit/slot)
    double satelliteQueueGrowth; //!< Q^S after the last slot per slot (Mbit/slot)
    double satelliteShare;       //!< mean share of the UEs sent to the satellite
    double fullNodes;            //!< mean number of full-node UAVs
    double placedData;           //!< mean data newly placed on the UAVs per slot (Mbit)
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
    // With --optimality-gap: U(t) of the decision minus the MILP optimum, over the slots.
    double gapSlots;         //!< slots measured
    double gapSum;           //!< sum of the gaps (U(t) units)
    double gapWorst;         //!< largest gap
    double gapOptimalSlots;  //!< slots decided optimally: proven optimum, gap within 1e-6 relative
    double gapUnprovenSlots; //!< slots where the MILP hit its time limit unproven
    double gapBoundWorst;    //!< largest distance of an unproven MILP answer from its bound
};

/**
 * \ingroup sagin
 * One run of one algorithm at a point, in the current simulator (its own ns-3 simulation:
 * J UAVs on the bounded random walk, the UEs, a CachingSlotController; at packet level the
 * CachingNetworkHelper's network), run r of n being ns-3 run IndependentRunNumber(userRun,
 * n, r), common to every algorithm. Calls Simulator::Run and Simulator::Destroy.
 * \param algorithm which algorithm
 * \param point the sweep point
 * \param run which run of the point (1 ... runs)
 * \param o the options
 * \return the run's time averages
 */
EdgeCachingRunResult RunEdgeCachingOnce(EdgeCachingAlgorithm algorithm,
                                        const EdgeCachingPoint& point,
                                        uint32_t run,
                                        const EdgeCachingOptions& o);

/**
 * \ingroup sagin
 * Every run of a point for every algorithm, spread over o.jobs worker processes
 * (RunRecordsInWorkers), in run order: the same results for any jobs.
 * \param point the point
 * \param algorithms which algorithms
 * \param o the options
 * \return every run's result
 */
std::vector<EdgeCachingRunResult> RunEdgeCachingPoint(
    const EdgeCachingPoint& point,
    const std::vector<EdgeCachingAlgorithm>& algorithms,
    const EdgeCachingOptions& o);

/**
 * \ingroup sagin
 * Refuse (std::invalid_argument with the estimate) a run whose memory would not fit, before
 * any worker starts.
 * \param sweeps the points to run
 * \param algorithms the algorithms
 * \param o the options
 */
void CheckEdgeCachingMemory(const std::map<EdgeCachingSweep, std::vector<EdgeCachingPoint>>& sweeps,
                            const std::vector<EdgeCachingAlgorithm>& algorithms,
                            const EdgeCachingOptions& o);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_EDGE_CACHING_EXPERIMENT_H
