// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_WALKER_CONSTELLATION_H
#define SAGIN_WALKER_CONSTELLATION_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * One shell of circular orbits in Walker notation i:T/P/F.
 *
 * Convention (used by tests and later layers): plane p (0-based) has RAAN p*360/P degrees
 * (delta) or p*180/P degrees (star); satellite s (0-based) of plane p has argument of latitude
 * s*360/S + p*F*360/T degrees at simulation time 0, with S = T/P.
 */
struct WalkerShell
{
    /** Walker pattern: RAANs spread over 360 (delta) or 180 (star) degrees. */
    enum Pattern
    {
        DELTA,
        STAR
    };

    double altitude{550e3};   //!< above the WGS-84 equatorial radius (m)
    double inclination{53.0}; //!< (degrees)
    uint32_t planes{1};       //!< P
    uint32_t satsPerPlane{1}; //!< S = T / P
    uint32_t phasing{0};      //!< F, 0..P-1
    Pattern pattern{DELTA};   //!< delta or star

    /** \return T = P * S */
    uint32_t GetTotal() const;

    /** Throw std::invalid_argument naming the bad parameter and the fix. */
    void Validate() const;
};

/**
 * \ingroup sagin
 * Elements of one satellite of a Walker constellation.
 */
struct WalkerSatellite
{
    uint32_t shell{0};            //!< index of the shell in the list
    uint32_t plane{0};            //!< 0-based plane in the shell
    uint32_t slot{0};             //!< 0-based position in the plane
    double altitude{0};           //!< (m)
    double inclination{0};        //!< (degrees)
    double raan{0};               //!< (degrees)
    double argumentOfLatitude{0}; //!< at simulation time 0 (degrees)
};

/**
 * \ingroup sagin
 * Where every satellite sits in a +Grid, as IslHelper::InstallPlusGrid takes it.
 */
struct PlusGridLayout
{
    std::vector<WalkerSatellite> satellites; //!< one per satellite, in node order
    std::vector<WalkerShell> shells;         //!< the shells WalkerSatellite::shell indexes
};

/**
 * \ingroup sagin
 * \param shells the shells, in order
 * \return every satellite, shell by shell, plane by plane, slot by slot
 */
std::vector<WalkerSatellite> GenerateWalkerConstellation(const std::vector<WalkerShell>& shells);

/**
 * \ingroup sagin
 * Parse shells written "altitude_km:inclination_deg:planes:sats_per_plane:phasing[:star]",
 * separated by ';' (e.g. "550:53:72:22:17;1110:53.8:32:50:1"). Throws std::invalid_argument
 * naming the shell text and the expected form.
 * \param text the shell list
 * \return the shells, validated
 */
std::vector<WalkerShell> ParseWalkerShells(const std::string& text);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_WALKER_CONSTELLATION_H
