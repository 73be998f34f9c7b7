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

EnuFrame::EnuFrame(const GeodeticPosition& origin)
    : m_origin(GeodeticToEcef(origin))
{
    const double lat = origin.latitude * DEG_TO_RAD;
    const double lon = origin.longitude * DEG_TO_RAD;
    const double sinLat = std::sin(lat);
    const double cosLat = std::cos(lat);
    const double sinLon = std::sin(lon);
    const double cosLon = std::cos(lon);
    m_east = Vector(-sinLon, cosLon, 0.0);
    m_north = Vector(-sinLat * cosLon, -sinLat * sinLon, cosLat);
    m_up = Vector(cosLat * cosLon, cosLat * sinLon, sinLat);
}

Vector
EnuFrame::ToEnu(const Vector& ecef) const
{
    const Vector d = ecef - m_origin;
    return Vector(Dot(m_east, d), Dot(m_north, d), Dot(m_up, d));
}

Vector
EnuFrame::ToEcef(const Vector& enu) const
{
    // The rotation is orthonormal: its transpose maps ENU back.
    return Vector(m_origin.x + m_east.x * enu.x + m_north.x * enu.y + m_up.x * enu.z,
                  m_origin.y + m_east.y * enu.x + m_north.y * enu.y + m_up.y * enu.z,
                  m_origin.z + m_east.z * enu.x + m_north.z * enu.y + m_up.z * enu.z);
}

Vector
EcefToEnu(const GeodeticPosition& origin, const Vector& ecef)
{
    return EnuFrame(origin).ToEnu(ecef);
}

Vector
EnuToEcef(const GeodeticPosition& origin, const Vector& enu)
{
    return EnuFrame(origin).ToEcef(enu);
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
