// SPDX-License-Identifier: GPL-2.0-only
// Uses sagin's headers and helpers: a 4 x 4 Walker shell at 550 km; every satellite must sit
// 550 km above the WGS-84 equatorial radius (6378.137 km), the shell's definition.
#include "ns3/core-module.h"
#include "ns3/mobility-module.h"
#include "ns3/sagin-module.h"

#include <cmath>
#include <iostream>

using namespace ns3;
using namespace ns3::sagin;

int
main()
{
    WalkerShell shell;
    shell.altitude = 550e3;
    shell.planes = 4;
    shell.satsPerPlane = 4;
    ConstellationHelper constellation;
    NodeContainer satellites = constellation.Install(shell);
    for (uint32_t i = 0; i < satellites.GetN(); ++i)
    {
        Vector p = satellites.Get(i)->GetObject<MobilityModel>()->GetPosition();
        double radius = std::sqrt(p.x * p.x + p.y * p.y + p.z * p.z);
        if (std::abs(radius - (6378137.0 + 550e3)) > 1.0) // 1 m: circular orbit, exact radius
        {
            std::cerr << "satellite " << i << " at radius " << radius << " m" << std::endl;
            return 1;
        }
    }
    std::cout << "walker-shell: " << satellites.GetN() << " satellites at 550 km" << std::endl;
    Simulator::Destroy();
    return 0;
}
