// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_LOOK_ANGLES_H
#define SAGIN_LOOK_ANGLES_H

#include "geodesy.h"

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Where a target appears from an observer on or above the ellipsoid.
 */
struct LookAngles
{
    double elevation{0}; //!< above the observer's local horizontal plane (degrees, -90..90)
    double azimuth{0};   //!< clockwise from geodetic north (degrees, 0..360)
    double range{0};     //!< straight-line (slant) distance (m)
};

/**
 * \ingroup sagin
 * \param observer the observer's local frame (for many targets seen from one place)
 * \param targetEcef target in ECEF (m)
 * \return elevation, azimuth and slant range of the target
 */
LookAngles ComputeLookAngles(const EnuFrame& observer, const Vector& targetEcef);

/**
 * \ingroup sagin
 * \param observer observer's geodetic position (its local vertical is the ellipsoid normal)
 * \param targetEcef target in ECEF (m)
 * \return elevation, azimuth and slant range of the target
 */
LookAngles ComputeLookAngles(const GeodeticPosition& observer, const Vector& targetEcef);

/**
 * \ingroup sagin
 * \param observerEcef observer in ECEF (m)
 * \param targetEcef target in ECEF (m)
 * \return elevation, azimuth and slant range of the target
 */
LookAngles ComputeLookAngles(const Vector& observerEcef, const Vector& targetEcef);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_LOOK_ANGLES_H
