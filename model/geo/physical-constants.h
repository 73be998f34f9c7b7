// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_PHYSICAL_CONSTANTS_H
#define SAGIN_PHYSICAL_CONSTANTS_H

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Speed of light in vacuum (m/s), exact by the SI definition of the metre.
 */
constexpr double SPEED_OF_LIGHT = 299792458.0;

/** \ingroup sagin Bits in a megabit, the studies' data unit (1 Mbit = 10^6 bits). */
constexpr double BITS_PER_MBIT = 1e6;

/** \ingroup sagin Bits in a byte. */
constexpr double BITS_PER_BYTE = 8.0;

/** \ingroup sagin Hz in a GHz, study A's CPU-frequency unit. */
constexpr double HZ_PER_GHZ = 1e9;

} // namespace sagin
} // namespace ns3

#endif // SAGIN_PHYSICAL_CONSTANTS_H
