// SPDX-License-Identifier: GPL-2.0-only

#include "look-angles.h"

#include <cmath>

namespace ns3
{
namespace sagin
{

LookAngles
ComputeLookAngles(const EnuFrame& observer, const Vector& targetEcef)
{
    const Vector enu = observer.ToEnu(targetEcef);
    LookAngles angles;
    angles.range = std::sqrt(enu.x * enu.x + enu.y * enu.y + enu.z * enu.z);
    if (angles.range == 0.0)
    {
        angles.elevation = 90.0; // a target at the observer is taken as overhead
        return angles;
    }
    angles.elevation = std::asin(enu.z / angles.range) * 180.0 / M_PI;
    angles.azimuth = std::atan2(enu.x, enu.y) * 180.0 / M_PI;
    if (angles.azimuth < 0.0)
    {
        angles.azimuth += 360.0;
    }
    return angles;
}

LookAngles
ComputeLookAngles(const GeodeticPosition& observer, const Vector& targetEcef)
{
    return ComputeLookAngles(EnuFrame(observer), targetEcef);
}

LookAngles
ComputeLookAngles(const Vector& observerEcef, const Vector& targetEcef)
{
    return ComputeLookAngles(EcefToGeodetic(observerEcef), targetEcef);
}

} // namespace sagin
} // namespace ns3
