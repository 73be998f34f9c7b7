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

} // namespace sagin
} // namespace ns3

#endif // SAGIN_PHYSICAL_CONSTANTS_H
