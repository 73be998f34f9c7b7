// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_INDEPENDENT_RUN_NUMBER_H
#define SAGIN_INDEPENDENT_RUN_NUMBER_H

#include <cstdint>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * The ns-3 run number (RngRun) of one of a study's independent runs, derived from the run
 * number the user gave (--RngRun, RngSeedManager::GetRun()), so that another --RngRun gives
 * other runs and the same --RngRun the same runs.
 *
 * A point averaged over n independent runs, started with --RngRun=R, uses run numbers
 * (R - 1) n + 1 ... R n: R = 1 (ns-3's default) gives 1 ... n, R = 2 gives n + 1 ... 2n, so
 * the runs of different R (for the same n) never share a random stream. Every point of a
 * sweep uses the same n run numbers (common random numbers across points and algorithms).
 *
 * Throws std::invalid_argument naming the value and the fix when R is 0 (there are no run
 * numbers below R n to take), when run is not in 1 ... n, or when R n does not fit 64 bits.
 *
 * \param userRun R, the run number the user gave (>= 1)
 * \param runsPerPoint n, independent runs per point (>= 1)
 * \param run which of them (1 ... n)
 * \return its run number for RngSeedManager::SetRun()
 */
uint64_t IndependentRunNumber(uint64_t userRun, uint32_t runsPerPoint, uint32_t run);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_INDEPENDENT_RUN_NUMBER_H
