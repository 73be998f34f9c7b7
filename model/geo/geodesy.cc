// SPDX-License-Identifier: GPL-2.0-only

#include "geodesy.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

namespace
{
constexpr double DEG_TO_RAD = M_PI / 180.0;
constexpr double A = WGS84_SEMI_MAJOR_AXIS;
constexpr double F = WGS84_FLATTENING;
constexpr double B = A * (1.0 - F);     // semi-minor axis (m)
constexpr double E2 = F * (2.0 - F);    // first eccentricity squared
constexpr double EP2 = E2 / (1.0 - E2); // second eccentricity squared
constexpr double MIN_RADIUS = 50e3;     // below this the closed form loses meaning (m)
} // namespace

Vector
GeodeticToEcef(const GeodeticPosition& position)
{
    const double lat = position.latitude * DEG_TO_RAD;
    const double lon = position.longitude * DEG_TO_RAD;
    const double sinLat = std::sin(lat);
    const double cosLat = std::cos(lat);
    // Prime vertical radius of curvature.
    const double n = A / std::sqrt(1.0 - E2 * sinLat * sinLat);
    return Vector((n + position.altitude) * cosLat * std::cos(lon),
                  (n + position.altitude) * cosLat * std::sin(lon),
                  (n * (1.0 - E2) + position.altitude) * sinLat);
}

GeodeticPosition
EcefToGeodetic(const Vector& ecef)
{
    const double x = ecef.x;
    const double y = ecef.y;
    const double z = ecef.z;
    if (std::sqrt(x * x + y * y + z * z) < MIN_RADIUS)
    {
        std::ostringstream msg;
        msg << "EcefToGeodetic: ECEF point (" << x << ", " << y << ", " << z << ") m is within "
            << MIN_RADIUS
            << " m of the Earth's centre; pass a position in metres near or above the surface";
        throw std::invalid_argument(msg.str());
    }
    const double p2 = x * x + y * y;
    const double p = std::sqrt(p2);
    const double z2 = z * z;
    const double f54 = 54.0 * B * B * z2;
    const double g = p2 + (1.0 - E2) * z2 - E2 * (A * A - B * B);
    const double c = E2 * E2 * f54 * p2 / (g * g * g);
    const double s = std::cbrt(1.0 + c + std::sqrt(c * c + 2.0 * c));
    const double k = s + 1.0 + 1.0 / s;
    const double pp = f54 / (3.0 * k * k * g * g);
    const double q = std::sqrt(1.0 + 2.0 * E2 * E2 * pp);
    const double r0 =
        -(pp * E2 * p) / (1.0 + q) +
        std::sqrt(std::max(0.0,
                           0.5 * A * A * (1.0 + 1.0 / q) - pp * (1.0 - E2) * z2 / (q * (1.0 + q)) -
                               0.5 * pp * p2));
    const double t = p - E2 * r0;
    const double u = std::sqrt(t * t + z2);
    const double v = std::sqrt(t * t + (1.0 - E2) * z2);
    const double z0 = B * B * z / (A * v);

    GeodeticPosition result;
    result.altitude = u * (1.0 - B * B / (A * v));
    result.latitude = std::atan2(z + EP2 * z0, p) / DEG_TO_RAD;
    result.longitude = std::atan2(y, x) / DEG_TO_RAD;
    return result;
}

namespace
{
/** Rows of the ECEF -> east-north-up rotation at a geodetic origin. */
struct EnuAxes
{
    Vector east;  //!< unit east in ECEF
    Vector north; //!< unit north in ECEF
    Vector up;    //!< unit up (ellipsoid normal) in ECEF

    /** \param origin the origin of the local frame */
    explicit EnuAxes(const GeodeticPosition& origin)
    {
        const double lat = origin.latitude * DEG_TO_RAD;
        const double lon = origin.longitude * DEG_TO_RAD;
        const double sinLat = std::sin(lat);
        const double cosLat = std::cos(lat);
        const double sinLon = std::sin(lon);
        const double cosLon = std::cos(lon);
        east = Vector(-sinLon, cosLon, 0.0);
        north = Vector(-sinLat * cosLon, -sinLat * sinLon, cosLat);
        up = Vector(cosLat * cosLon, cosLat * sinLon, sinLat);
    }
};

/**
 * \param a a vector
 * \param b another
 * \return the dot product
 */
double
Dot(const Vector& a, const Vector& b)
{
    return a.x * b.x + a.y * b.y + a.z * b.z;
}
} // namespace

Vector
EcefToEnu(const GeodeticPosition& origin, const Vector& ecef)
{
    const EnuAxes axes(origin);
    const Vector d = ecef - GeodeticToEcef(origin);
    return Vector(Dot(axes.east, d), Dot(axes.north, d), Dot(axes.up, d));
}

Vector
EnuToEcef(const GeodeticPosition& origin, const Vector& enu)
{
    const EnuAxes axes(origin);
    const Vector o = GeodeticToEcef(origin);
    // The rotation is orthonormal: its transpose maps ENU back.
    return Vector(o.x + axes.east.x * enu.x + axes.north.x * enu.y + axes.up.x * enu.z,
                  o.y + axes.east.y * enu.x + axes.north.y * enu.y + axes.up.y * enu.z,
                  o.z + axes.east.z * enu.x + axes.north.z * enu.y + axes.up.z * enu.z);
}

void
ValidateGeodeticPosition(const GeodeticPosition& position, const std::string& what)
{
    std::ostringstream msg;
    if (!std::isfinite(position.latitude) || position.latitude < -90.0 || position.latitude > 90.0)
    {
        msg << what << ": latitude " << position.latitude
            << " is outside [-90, 90] degrees; give it in decimal degrees, north positive";
    }
    else if (!std::isfinite(position.longitude) || position.longitude < -180.0 ||
             position.longitude > 360.0)
    {
        msg << what << ": longitude " << position.longitude
            << " is outside [-180, 360] degrees; give it in decimal degrees, east positive";
    }
    else if (!std::isfinite(position.altitude) || position.altitude < -12e3)
    {
        msg << what << ": altitude " << position.altitude
            << " m is below the deepest ocean trench; give metres above the WGS-84 ellipsoid";
    }
    else
    {
        return;
    }
    throw std::invalid_argument(msg.str());
}

} // namespace sagin
} // namespace ns3
