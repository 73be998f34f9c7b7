// SPDX-License-Identifier: GPL-2.0-only

#include "independent-run-number.h"

#include <limits>
#include <stdexcept>
#include <string>

namespace ns3
{
namespace sagin
{

uint64_t
IndependentRunNumber(uint64_t userRun, uint32_t runsPerPoint, uint32_t run)
{
    if (userRun == 0)
    {
        throw std::invalid_argument(
            "IndependentRunNumber: --RngRun=0 cannot number independent runs: run r of " +
            std::to_string(runsPerPoint) +
            " takes run number (RngRun - 1) x runs + r; give --RngRun=1 or more");
    }
    if (runsPerPoint == 0 || run == 0 || run > runsPerPoint)
    {
        throw std::invalid_argument("IndependentRunNumber: run " + std::to_string(run) + " of " +
                                    std::to_string(runsPerPoint) +
                                    " per point does not exist; runs are numbered 1 ... runs, "
                                    "with runs >= 1");
    }
    if (userRun - 1 > (std::numeric_limits<uint64_t>::max() - runsPerPoint) / runsPerPoint)
    {
        throw std::invalid_argument("IndependentRunNumber: --RngRun=" + std::to_string(userRun) +
                                    " with " + std::to_string(runsPerPoint) +
                                    " runs per point needs run numbers beyond 2^64; give a "
                                    "smaller --RngRun");
    }
    return (userRun - 1) * runsPerPoint + run;
}

} // namespace sagin
} // namespace ns3
