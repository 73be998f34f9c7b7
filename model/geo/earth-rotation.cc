// SPDX-License-Identifier: GPL-2.0-only

#include "earth-rotation.h"

#include <cmath>

namespace ns3
{
namespace sagin
{

double
GreenwichMeanSiderealTime(double julianDateUt1)
{
    const double tut1 = (julianDateUt1 - 2451545.0) / 36525.0; // Julian centuries from J2000
    // GMST in seconds of time (IAU-82), then 240 s of time per degree.
    double seconds = -6.2e-6 * tut1 * tut1 * tut1 + 0.093104 * tut1 * tut1 +
                     (876600.0 * 3600.0 + 8640184.812866) * tut1 + 67310.54841;
    double gmst = std::fmod(seconds * (M_PI / 180.0) / 240.0, 2.0 * M_PI);
    if (gmst < 0.0)
    {
        gmst += 2.0 * M_PI;
    }
    return gmst;
}

Vector
EciToEcef(const Vector& eci, double gmst)
{
    const double c = std::cos(gmst);
    const double s = std::sin(gmst);
    return Vector(c * eci.x + s * eci.y, -s * eci.x + c * eci.y, eci.z);
}

Vector
EcefToEci(const Vector& ecef, double gmst)
{
    const double c = std::cos(gmst);
    const double s = std::sin(gmst);
    return Vector(c * ecef.x - s * ecef.y, s * ecef.x + c * ecef.y, ecef.z);
}

Vector
EciVelocityToEcef(const Vector& eciPosition, const Vector& eciVelocity, double gmst)
{
    const Vector r = EciToEcef(eciPosition, gmst);
    const Vector v = EciToEcef(eciVelocity, gmst);
    return Vector(v.x + EARTH_ROTATION_RATE * r.y, v.y - EARTH_ROTATION_RATE * r.x, v.z);
}

} // namespace sagin
} // namespace ns3
