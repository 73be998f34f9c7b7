// SPDX-License-Identifier: GPL-2.0-only
// Names sagin's TypeIds only as strings, as a Config path or an ObjectFactory would: the
// library must be linked (and its TypeIds registered) although no symbol of it is used.
#include "ns3/core-module.h"

#include <iostream>

using namespace ns3;

int
main()
{
    for (const char* name : {"ns3::sagin::GslNetDevice",
                             "ns3::sagin::SatelliteMobilityModel",
                             "ns3::sagin::SaginRouting"})
    {
        TypeId tid;
        if (!TypeId::LookupByNameFailSafe(name, &tid))
        {
            std::cerr << "TypeId " << name << " is not registered: libns3-sagin was not linked"
                      << std::endl;
            return 1;
        }
    }
    std::cout << "typeids-by-name: sagin TypeIds registered" << std::endl;
    return 0;
}
