// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_BLOCKCHAIN_EXPERIMENT_H
#define SAGIN_BLOCKCHAIN_EXPERIMENT_H

#include "ns3/data-rate.h"
#include "ns3/gossip-message.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/run-store.h"

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace sagin
{

/** \ingroup sagin What one sagin-blockchain run is asked to do. */
struct BlockchainExperimentOptions
{
    std::string topology{"constellation"}; //!< constellation or p2p
    std::string consensus{"pow"};          //!< engine name
    uint32_t nodes{10};                    //!< blockchain nodes
    Time blockInterval{Seconds(10)};       //!< mean block interval or slot
    Time duration{Seconds(120)};           //!< simulated time
    double txRate{5};                      //!< transactions per second, whole network
    std::string txType{"content"};         //!< payload kind
    uint32_t maxBlockTx{1000};             //!< transactions per block at most
    uint32_t confirmations{6};             //!< k for finality (longest-chain engines)
    int32_t faults{-1};                    //!< PBFT f (-1: (n - 1) / 3)
    uint32_t degree{4};                    //!< gossip peers per node
    double cpuHz{1e9};                     //!< verification CPU (Hz)
    Time txAnnounce{Seconds(0)};           //!< transaction INV batching interval (0: at once)
    std::string txSource{"gossip"};        //!< gossip (mempools) or pool (shared)
    std::string voteTransport{"tcp"};      //!< PBFT votes: tcp (gossip) or udp (datagrams)
    std::string routing{"nix"};            //!< p2p: nix or global routing
    std::string flowLevel;                 //!< message types moved at flow level (p2p)
    // constellation
    uint32_t planes{72};        //!< Walker planes
    uint32_t satsPerPlane{22};  //!< satellites per plane
    double altitudeKm{550};     //!< shell altitude (km)
    double inclinationDeg{53};  //!< inclination (degrees)
    double minElevationDeg{25}; //!< lowest elevation used (degrees)
    DataRate gslRate{"1Gbps"};  //!< GSL rate cap
    // p2p
    DataRate linkRate{"100Mbps"};     //!< point-to-point rate
    Time minDelay{MilliSeconds(10)};  //!< smallest link delay
    Time maxDelay{MilliSeconds(100)}; //!< largest link delay
    bool progress{true};              //!< progress lines while running (off with --test)
};

/** \ingroup sagin What one sagin-blockchain run measured. */
struct BlockchainExperimentResult
{
    uint64_t produced{0};         //!< blocks produced
    uint64_t stale{0};            //!< produced, off the main chain
    std::vector<double> delays;   //!< first reception - creation
    std::vector<double> finality; //!< finality - creation (s)
    std::map<GossipMessageType, std::pair<uint64_t, uint64_t>> traffic; //!< messages, bytes
    uint64_t transactions{0};                                           //!< transactions submitted
    uint64_t mainChainTransactions{0};                                  //!< on the main chain
    uint64_t rejected{0};  //!< blocks refused by ledgers
    uint64_t orphans{0};   //!< blocks that arrived before their parent
    uint64_t reorgs{0};    //!< tip switches to another fork
    uint64_t events{0};    //!< simulator events
    double wall{0};        //!< wall seconds of Run()
    uint64_t tipHeight{0}; //!< reference node's tip

    /** \return stale blocks / blocks produced (0 without blocks) */
    double StaleRate() const
    {
        return produced == 0 ? 0 : static_cast<double>(stale) / produced;
    }
};

/** \ingroup sagin Prepared inserts of a run's tables (null: rows not written). */
struct BlockchainRunRows
{
    int64_t runId{0};                 //!< run
    Ptr<RunStore::Batch> blocks;      //!< chain_blocks
    Ptr<RunStore::Batch> receptions;  //!< chain_receptions
    Ptr<RunStore::Batch> validations; //!< chain_validations
    Ptr<RunStore::Batch> forks;       //!< chain_forks
    Ptr<RunStore::Batch> messages;    //!< chain_messages
    Ptr<RunStore::Batch> summary;     //!< chain_summary
};

/**
 * \ingroup sagin
 * Create sagin-blockchain's tables in a run store and prepare their inserts: chain_summary and
 * chain_messages always, and with perEvent also chain_blocks, chain_receptions,
 * chain_validations and chain_forks (a row per block, first reception, validation, fork).
 * \param store the run store (its run begun)
 * \param runId its run
 * \param perEvent whether to write the per-event tables
 * \return the prepared inserts
 */
BlockchainRunRows CreateBlockchainTables(Ptr<RunStore> store, int64_t runId, bool perEvent);

/**
 * \ingroup sagin
 * Throw std::invalid_argument naming --flow-level when its message types are unknown or have
 * no flow-level transfer, or when the topology is not p2p.
 * \param options the run's options
 */
void CheckFlowLevel(const BlockchainExperimentOptions& options);

/**
 * \ingroup sagin
 * Run one simulation in the current simulator (the chain on the chosen topology, a Poisson
 * transaction load; calls Simulator::Run and Simulator::Destroy).
 * \param options the run
 * \param rows where to write (null batches: nowhere)
 * \return what it measured
 */
BlockchainExperimentResult RunBlockchainExperiment(const BlockchainExperimentOptions& options,
                                                   const BlockchainRunRows& rows);

/**
 * \ingroup sagin
 * Print what a run measured and write its summary and message rows.
 * \param out where to print
 * \param options the run
 * \param result what it measured
 * \param rows where to write
 */
void ReportBlockchainRun(std::ostream& out,
                         const BlockchainExperimentOptions& options,
                         BlockchainExperimentResult& result,
                         const BlockchainRunRows& rows);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_BLOCKCHAIN_EXPERIMENT_H
