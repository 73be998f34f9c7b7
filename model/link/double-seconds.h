// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_DOUBLE_SECONDS_H
#define SAGIN_DOUBLE_SECONDS_H

#include "ns3/nstime.h"

#include <cmath>
#include <cstdint>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Seconds(double) converts through long double arithmetic, a visible cost where every frame
 * needs a transmission time or a propagation delay (GSL and ISL channels). This is the same
 * rounding to the time resolution, in double precision.
 * \param seconds a duration (s)
 * \return it as a Time
 */
inline Time
FromSeconds(double seconds)
{
    static const double ticksPerSecond =
        static_cast<double>(Time::FromInteger(1, Time::S).GetTimeStep());
    return TimeStep(static_cast<uint64_t>(std::llround(seconds * ticksPerSecond)));
}

} // namespace sagin
} // namespace ns3

#endif // SAGIN_DOUBLE_SECONDS_H
