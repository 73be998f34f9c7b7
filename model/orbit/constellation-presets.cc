// SPDX-License-Identifier: GPL-2.0-only
#include "constellation-presets.h"

#include <map>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

namespace
{
/**
 * \param altitudeKm altitude (km)
 * \param inclination (degrees)
 * \param planes P
 * \param satsPerPlane S
 * \return a Walker-delta shell with phasing F = 1
 */
WalkerShell
Shell(double altitudeKm, double inclination, uint32_t planes, uint32_t satsPerPlane)
{
    WalkerShell shell;
    shell.altitude = altitudeKm * 1e3;
    shell.inclination = inclination;
    shell.planes = planes;
    shell.satsPerPlane = satsPerPlane;
    shell.phasing = 1;
    return shell;
}

/** \return every preset by name (sources in the header) */
const std::map<std::string, std::vector<WalkerShell>>&
Presets()
{
    static const std::map<std::string, std::vector<WalkerShell>> presets{
        {"starlink",
         {Shell(550, 53.0, 72, 22),
          Shell(540, 53.2, 72, 22),
          Shell(570, 70.0, 36, 20),
          Shell(560, 97.6, 6, 58),
          Shell(560, 97.6, 4, 43)}},
        {"starlink-shell1", {Shell(550, 53.0, 72, 22)}},
        {"kuiper", {Shell(630, 51.9, 34, 34), Shell(610, 42.0, 36, 36), Shell(590, 33.0, 28, 28)}},
        {"telesat", {Shell(1015, 98.98, 27, 13), Shell(1325, 50.88, 40, 33)}},
    };
    return presets;
}
} // namespace

std::vector<WalkerShell>
GetConstellationPreset(const std::string& name)
{
    auto found = Presets().find(name);
    if (found == Presets().end())
    {
        std::string known;
        for (const auto& preset : GetConstellationPresetNames())
        {
            known += (known.empty() ? "" : ", ") + preset;
        }
        throw std::invalid_argument("unknown constellation preset '" + name + "': give one of " +
                                    known + ", or the shells themselves");
    }
    return found->second;
}

std::vector<std::string>
GetConstellationPresetNames()
{
    std::vector<std::string> names;
    for (const auto& [name, shells] : Presets())
    {
        names.push_back(name);
    }
    return names;
}

} // namespace sagin
} // namespace ns3
