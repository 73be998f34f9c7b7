// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_ORBITAL_PLANE_INFERENCE_H
#define SAGIN_ORBITAL_PLANE_INFERENCE_H

#include "orbit.h"
#include "walker-constellation.h"

#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * How far apart satellites may be and still share a shell or a plane (InferPlusGridLayout).
 */
struct PlaneInferenceTolerances
{
    /// Largest inclination gap between satellites of one shell (degrees). SGP4's osculating
    /// inclination wanders by about 0.1 degree; shells of one operator differ by several.
    double inclination{1.0};
    /// Largest altitude gap between satellites of one shell (m). The osculating semi-major
    /// axis of a LEO satellite swings by about 10 km over an orbit (J2).
    double altitude{50e3};
    /// RAAN gap that separates planes, and the widest RAAN spread of one plane (degrees). The
    /// differential J2 precession inside a real plane keeps it well below 2 degrees.
    double raanGap{2.0};

    /** Throw std::invalid_argument naming a tolerance that is not positive and finite. */
    void Validate() const;
};

/**
 * \ingroup sagin
 * Infer a +Grid layout (shell, plane and slot of each satellite) from the satellites' inertial
 * states at one common instant, for IslHelper::InstallPlusGrid.
 *
 * - Shells: satellites sorted by inclination are cut where two neighbours differ by more
 *   than tolerances.inclination, then each group sorted by altitude (osculating semi-major
 *   axis less the WGS-84 equatorial radius) where they differ by more than
 *   tolerances.altitude. Shells are numbered by inclination, then altitude.
 * - Planes: the satellites of a shell, on the circle of right ascension of the ascending node
 *   (RAAN), are cut where two neighbours are more than tolerances.raanGap apart; a plane may
 *   span at most tolerances.raanGap. Orbits within tolerances.inclination of the equator
 *   form one plane (RAAN 0; argument of latitude = true longitude).
 * - Pattern: STAR when the widest gap between neighbouring planes exceeds 180 + 90 / P
 *   degrees (a Walker star leaves 180 + 180 / P empty, a Walker delta at most 180 for P = 2),
 *   DELTA otherwise. Apart from a star's seam, neighbouring planes must be evenly spaced to
 *   within tolerances.raanGap. Plane 0 is the one nearest RAAN 0 (delta) or the first east of
 *   the seam (star); plane numbers grow eastwards, so element sets written from a Walker shell
 *   get its plane numbers back.
 * - Slots: in plane 0, slot 0 is the satellite nearest argument of latitude 0 and slots grow
 *   along the orbit. Slot s of plane p + 1 is slot s of plane p's nearest neighbour: the one
 *   rotation of plane p + 1's satellites that minimises the summed wrapped phase differences.
 *   When a Walker delta's phasing F exceeds P / 2 the nearest neighbour is one slot ahead of
 *   Walker's same-slot neighbour, so the grid differs from Walker's numbering (not its
 *   geometry).
 * - Phasing: F = round(mean phase step between neighbouring planes / (360 / T)) mod P, for
 *   information only (InstallPlusGrid does not read it).
 *
 * Throws std::invalid_argument, naming the shell (inclination, altitude), the plane (RAAN)
 * and the satellites, when a state is not on a closed orbit, a shell has one satellite (no
 * +Grid partner), its satellites do not fall into clearly separated planes, its planes hold
 * different numbers of satellites or are unevenly spaced (a missing plane), or two satellites
 * of a plane are less than half the even spacing 360 / S apart in argument of latitude.
 *
 * \param states each satellite's inertial position (m) and velocity (m/s) at one instant
 *        (TEME or any equatorial inertial frame)
 * \param tolerances the shell and plane tolerances (defaults: 1 degree, 50 km, 2 degrees)
 * \param names how messages name each satellite (e.g. "node 7, STARLINK-1007"), or empty for
 *        "satellite <index>"
 * \return one WalkerSatellite per state, in input order (altitude, inclination, RAAN and
 *         argument of latitude its own osculating values), and the inferred shells (their
 *         mean altitude and inclination)
 */
PlusGridLayout InferPlusGridLayout(const std::vector<OrbitState>& states,
                                   const PlaneInferenceTolerances& tolerances = {},
                                   const std::vector<std::string>& names = {});

} // namespace sagin
} // namespace ns3

#endif // SAGIN_ORBITAL_PLANE_INFERENCE_H
