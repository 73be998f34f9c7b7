// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_OFFLOADING_TEST_UTILS_H
#define SAGIN_OFFLOADING_TEST_UTILS_H

// The scene shared by study A's packet-level suites (sagin-offloading-packet,
// sagin-offloading-privacy): one satellite and ground devices right below it.

#include "ns3/constant-position-mobility-model.h"
#include "ns3/constellation-helper.h"
#include "ns3/geodesy.h"
#include "ns3/node-container.h"
#include "ns3/walker-constellation.h"

#include <cstdint>

namespace ns3
{
namespace sagin
{
namespace tests
{

/** \ingroup sagin-tests A one-satellite shell and devices under it. */
struct OverheadScene
{
    NodeContainer satellites; //!< the shell: one satellite
    NodeContainer devices;    //!< on the ground below it, 0.001 degree of longitude apart
};

/**
 * \ingroup sagin-tests
 * \param devices how many devices
 * \return a satellite and the devices right below it at time 0
 */
inline OverheadScene
MakeOverheadScene(uint32_t devices)
{
    WalkerShell shell;
    shell.planes = 1;
    shell.satsPerPlane = 1;
    ConstellationHelper constellation;
    OverheadScene scene;
    scene.satellites = constellation.Install(shell);
    GeodeticPosition below =
        EcefToGeodetic(scene.satellites.Get(0)->GetObject<MobilityModel>()->GetPosition());
    scene.devices.Create(devices);
    for (uint32_t i = 0; i < devices; ++i)
    {
        auto mobility = CreateObject<ConstantPositionMobilityModel>();
        mobility->SetPosition(GeodeticToEcef({below.latitude, below.longitude + 0.001 * i, 0.0}));
        scene.devices.Get(i)->AggregateObject(mobility);
    }
    return scene;
}

} // namespace tests
} // namespace sagin
} // namespace ns3

#endif // SAGIN_OFFLOADING_TEST_UTILS_H
