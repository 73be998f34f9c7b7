// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_CONSTELLATION_PRESETS_H
#define SAGIN_CONSTELLATION_PRESETS_H

#include "walker-constellation.h"

#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * The Walker-delta shells of a published constellation, by name:
 * - "starlink": the five shells of SpaceX's Gen1 licence as modified by the FCC in April 2021
 *   (FCC 21-48): 72 x 22 at 550 km, 53 deg; 72 x 22 at 540 km, 53.2 deg; 36 x 20 at 570 km,
 *   70 deg; 6 x 58 and 4 x 43 at 560 km, 97.6 deg: 4,408 satellites (one fewer than the 4,409
 *   authorised before that order);
 * - "starlink-shell1": its first shell alone, 72 x 22 at 550 km, 53 deg (1,584; Hypatia's S1);
 * - "kuiper": Amazon's Kuiper as authorised by the FCC in July 2020 (FCC 20-102): 34 x 34 at
 *   630 km, 51.9 deg; 36 x 36 at 610 km, 42 deg; 28 x 28 at 590 km, 33 deg (3,236);
 * - "telesat": Telesat's 2020 filing of 1,671 satellites: 27 x 13 at 1,015 km, 98.98 deg and
 *   40 x 33 at 1,325 km, 50.88 deg (Hypatia's T1 is the first shell).
 * The filings give planes, satellites per plane, altitude and inclination, not the phasing:
 * every shell takes F = 1 (neighbouring planes one in-plane slot / P apart), as the examples
 * do, with right ascensions over 360 degrees.
 *
 * Throws std::invalid_argument naming the unknown name and listing the known ones.
 * \param name one of GetConstellationPresetNames()
 * \return its shells, in the order above
 */
std::vector<WalkerShell> GetConstellationPreset(const std::string& name);

/**
 * \ingroup sagin
 * \return the names GetConstellationPreset knows
 */
std::vector<std::string> GetConstellationPresetNames();

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CONSTELLATION_PRESETS_H
