// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_EARTH_ROTATION_H
#define SAGIN_EARTH_ROTATION_H

#include "ns3/vector.h"

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Earth's rotation rate (rad/s): the sidereal rate 7.2921159e-5 of Vallado, Fundamentals of
 * Astrodynamics and Applications, 4th ed., and the module's convention for circular orbits.
 */
constexpr double EARTH_ROTATION_RATE = 7.2921159e-5;

/**
 * \ingroup sagin
 * Greenwich mean sidereal time, IAU-82 model (Vallado algorithm 15, as used with SGP4 to
 * turn TEME into the pseudo-Earth-fixed frame).
 * \param julianDateUt1 Julian date, UT1 (days); UTC is used for it (|UT1 - UTC| < 0.9 s)
 * \return GMST (rad, in [0, 2 pi))
 */
double GreenwichMeanSiderealTime(double julianDateUt1);

/**
 * \ingroup sagin
 * Rotate an inertial position into the Earth-fixed frame (about z, polar motion ignored).
 * \param eci position in the inertial frame (any length unit)
 * \param gmst Greenwich sidereal angle between the two frames (rad)
 * \return the position in the Earth-fixed frame (same unit)
 */
Vector EciToEcef(const Vector& eci, double gmst);

/**
 * \ingroup sagin
 * \param ecef position in the Earth-fixed frame (any length unit)
 * \param gmst Greenwich sidereal angle between the two frames (rad)
 * \return the position in the inertial frame (same unit)
 */
Vector EcefToEci(const Vector& ecef, double gmst);

/**
 * \ingroup sagin
 * Earth-fixed velocity of a body given inertially: R(gmst)·v − ω × r_ecef.
 * \param eciPosition inertial position (m)
 * \param eciVelocity inertial velocity (m/s)
 * \param gmst Greenwich sidereal angle (rad)
 * \return velocity relative to the rotating Earth, in ECEF axes (m/s)
 */
Vector EciVelocityToEcef(const Vector& eciPosition, const Vector& eciVelocity, double gmst);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_EARTH_ROTATION_H
