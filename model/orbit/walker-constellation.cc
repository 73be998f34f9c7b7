// SPDX-License-Identifier: GPL-2.0-only

#include "walker-constellation.h"

#include "circular-orbit.h"

#include <limits>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

uint32_t
WalkerShell::GetTotal() const
{
    return planes * satsPerPlane;
}

void
WalkerShell::Validate() const
{
    if (planes == 0)
    {
        throw std::invalid_argument("Walker shell has 0 planes; give at least 1 (--planes)");
    }
    if (satsPerPlane == 0)
    {
        throw std::invalid_argument(
            "Walker shell has 0 satellites per plane; give at least 1 (--sats-per-plane)");
    }
    if (static_cast<uint64_t>(planes) * satsPerPlane > std::numeric_limits<uint32_t>::max())
    {
        throw std::invalid_argument("Walker shell of " + std::to_string(planes) + " x " +
                                    std::to_string(satsPerPlane) +
                                    " satellites has more than 4294967295 (--planes x "
                                    "--sats-per-plane); give a smaller shell");
    }
    if (phasing >= planes)
    {
        std::ostringstream msg;
        msg << "Walker phasing F = " << phasing << " must be in [0, P - 1] = [0, " << planes - 1
            << "] (--phasing)";
        throw std::invalid_argument(msg.str());
    }
    ValidateCircularOrbit(altitude, inclination);
}

std::vector<WalkerSatellite>
GenerateWalkerConstellation(const std::vector<WalkerShell>& shells)
{
    std::vector<WalkerSatellite> satellites;
    for (uint32_t shellIndex = 0; shellIndex < shells.size(); ++shellIndex)
    {
        const WalkerShell& shell = shells[shellIndex];
        shell.Validate();
        const double raanSpread = shell.pattern == WalkerShell::STAR ? 180.0 : 360.0;
        const double total = shell.GetTotal();
        for (uint32_t p = 0; p < shell.planes; ++p)
        {
            for (uint32_t s = 0; s < shell.satsPerPlane; ++s)
            {
                WalkerSatellite sat;
                sat.shell = shellIndex;
                sat.plane = p;
                sat.slot = s;
                sat.altitude = shell.altitude;
                sat.inclination = shell.inclination;
                sat.raan = p * raanSpread / shell.planes;
                sat.argumentOfLatitude =
                    s * 360.0 / shell.satsPerPlane + p * shell.phasing * 360.0 / total;
                satellites.push_back(sat);
            }
        }
    }
    return satellites;
}

std::vector<WalkerShell>
ParseWalkerShells(const std::string& text)
{
    std::vector<WalkerShell> shells;
    std::istringstream list(text);
    std::string item;
    while (std::getline(list, item, ';'))
    {
        if (item.find_first_not_of(" \t") == std::string::npos)
        {
            continue;
        }
        std::istringstream fields(item);
        double altitudeKm = 0;
        double inclination = 0;
        long planes = 0;
        long sats = 0;
        long phasing = 0;
        char c1 = 0;
        char c2 = 0;
        char c3 = 0;
        char c4 = 0;
        fields >> altitudeKm >> c1 >> inclination >> c2 >> planes >> c3 >> sats >> c4 >> phasing;
        std::string rest;
        std::getline(fields, rest);
        const bool star = rest == ":star";
        const bool valid = fields.eof() && !fields.bad() && c1 == ':' && c2 == ':' && c3 == ':' &&
                           c4 == ':' && planes >= 0 && sats >= 0 && phasing >= 0 &&
                           (rest.empty() || star);
        // Beyond 32 bits the counts would wrap around when stored.
        const long max = std::numeric_limits<uint32_t>::max();
        if (valid && (planes > max || sats > max || phasing > max))
        {
            throw std::invalid_argument("Walker shell '" + item +
                                        "': planes, satellites per plane and phasing must each "
                                        "be at most 4294967295");
        }
        if (!valid)
        {
            throw std::invalid_argument(
                "Walker shell '" + item +
                "' is not of the form altitude_km:inclination_deg:planes:sats_per_plane:"
                "phasing[:star], e.g. 550:53:72:22:17");
        }
        WalkerShell shell;
        shell.altitude = altitudeKm * 1e3;
        shell.inclination = inclination;
        shell.planes = static_cast<uint32_t>(planes);
        shell.satsPerPlane = static_cast<uint32_t>(sats);
        shell.phasing = static_cast<uint32_t>(phasing);
        shell.pattern = star ? WalkerShell::STAR : WalkerShell::DELTA;
        shell.Validate();
        shells.push_back(shell);
    }
    if (shells.empty())
    {
        throw std::invalid_argument("Walker shell list '" + text +
                                    "' has no shell; give e.g. 550:53:72:22:17");
    }
    return shells;
}

} // namespace sagin
} // namespace ns3
