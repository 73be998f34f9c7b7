// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_SPECTRUM_CONSENSUS_COMPARISON_H
#define SAGIN_SPECTRUM_CONSENSUS_COMPARISON_H

#include "spectrum-pricing-experiment.h"

#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * What one consensus engine cost among study B's servers (the source's Table III, measured).
 */
struct ConsensusCost
{
    std::string engine;               //!< reputation, pow, pos or pbft
    uint64_t blocks{0};               //!< main-chain blocks (genesis excluded) at the first server
    double selectionS{0};             //!< mean time from a producer's turn to its block (s)
    double verificationSignatures{0}; //!< signatures every server checks per block, summed
    double verificationNodeS{0};      //!< CPU time of the servers' block checks per block (s)
    double broadcastS{0};       //!< mean time from a block's production to its last server (s)
    double bytesPerBlock{0};    //!< bytes all servers sent per block (blocks, txs, votes, ...)
    double messagesPerBlock{0}; //!< messages all servers sent per block
};

/**
 * \ingroup sagin
 * \return the engines a comparison accepts: reputation, pow, pos, pbft
 */
std::vector<std::string> GetComparableConsensusEngines();

/**
 * \ingroup sagin
 * Run each consensus engine on study B's servers (options.agents satellites of the shell of
 * InstallSpectrumShell, gossip over the ISLs) for duration, one block per interval (PoW: the
 * difficulty that gives that mean interval; PBFT tolerating (n - 1) / 3 faults), every server
 * recording one model hash (MODEL_UPDATE) per interval as the federation does, and measure:
 * producer selection (from a turn's start to the block, PoW: the time since the parent, which
 * is its mining race), verification (signatures checked per block: the block's and its
 * transactions' at every server, plus PBFT's signed votes; and the CPU time of the block
 * checks, BlockchainNode's VerificationCyclesPerBit), broadcast (production to the last
 * server's acceptance) and the bytes and messages on the wire per block. Aggregation, one
 * FedAvg by one server per round, is the same whichever engine elects it, and not measured.
 * \param options the shell and the agents
 * \param engines the engines (each from GetComparableConsensusEngines(); std::invalid_argument
 *        naming an unknown one)
 * \param duration simulated time per engine
 * \param interval block interval
 * \return one row per engine, in the order given
 */
std::vector<ConsensusCost> RunConsensusComparison(const SpectrumExperimentOptions& options,
                                                  const std::vector<std::string>& engines,
                                                  Time duration,
                                                  Time interval);

/**
 * \ingroup sagin
 * Print the comparison as a table (times in ms, bytes in kB, per block).
 * \param out where to
 * \param costs RunConsensusComparison's rows
 */
void PrintConsensusCosts(std::ostream& out, const std::vector<ConsensusCost>& costs);

class RunStore;

/**
 * \ingroup sagin
 * Write the comparison to a run store (its run begun): table spectrum_consensus, created here.
 * \param store the run store
 * \param servers servers compared
 * \param costs RunConsensusComparison's rows
 */
void RecordConsensusCosts(Ptr<RunStore> store,
                          uint32_t servers,
                          const std::vector<ConsensusCost>& costs);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SPECTRUM_CONSENSUS_COMPARISON_H
