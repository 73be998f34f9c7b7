// SPDX-License-Identifier: GPL-2.0-only

#include "circular-orbit.h"

#include "ns3/double.h"
#include "ns3/earth-rotation.h"
#include "ns3/geodesy.h"
#include "ns3/log.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginCircularOrbit");
NS_OBJECT_ENSURE_REGISTERED(CircularOrbit);

namespace
{
constexpr double DEG_TO_RAD = M_PI / 180.0;
constexpr double MIN_ALTITUDE = 100e3; // below it drag brings a satellite down in hours (m)
constexpr double MAX_ALTITUDE =
    100e6; // a quarter of the way to the Moon: no longer an Earth orbit (m)
} // namespace

void
ValidateCircularOrbit(double altitude, double inclination)
{
    std::ostringstream msg;
    if (!std::isfinite(altitude) || altitude < MIN_ALTITUDE || altitude > MAX_ALTITUDE)
    {
        msg << "circular orbit altitude " << altitude / 1e3 << " km is outside ["
            << MIN_ALTITUDE / 1e3 << ", " << MAX_ALTITUDE / 1e3
            << "] km; give the altitude above the Earth's equatorial radius (altitude in m, "
               "--altitude-km in km)";
    }
    else if (!std::isfinite(inclination) || inclination < 0.0 || inclination > 180.0)
    {
        msg << "orbit inclination " << inclination
            << " degrees is outside [0, 180]; retrograde orbits use 90..180 degrees "
               "(--inclination-deg)";
    }
    else
    {
        return;
    }
    throw std::invalid_argument(msg.str());
}

TypeId
CircularOrbit::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::CircularOrbit")
            .SetParent<Orbit>()
            .SetGroupName("Sagin")
            .AddConstructor<CircularOrbit>()
            .AddAttribute("Altitude",
                          "Altitude above the WGS-84 equatorial radius (m).",
                          DoubleValue(550e3),
                          MakeDoubleAccessor(&CircularOrbit::SetAltitude),
                          MakeDoubleChecker<double>(MIN_ALTITUDE, MAX_ALTITUDE))
            .AddAttribute("Inclination",
                          "Inclination of the orbital plane to the equator (degrees).",
                          DoubleValue(53.0),
                          MakeDoubleAccessor(&CircularOrbit::SetInclination),
                          MakeDoubleChecker<double>(0.0, 180.0))
            .AddAttribute("Raan",
                          "Right ascension of the ascending node (degrees); at simulation "
                          "time 0 it is also the longitude of the ascending node.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&CircularOrbit::SetRaan),
                          MakeDoubleChecker<double>())
            .AddAttribute("ArgumentOfLatitude",
                          "Angle from the ascending node to the satellite at simulation "
                          "time 0 (degrees).",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&CircularOrbit::SetArgumentOfLatitude),
                          MakeDoubleChecker<double>());
    return tid;
}

CircularOrbit::CircularOrbit()
    : m_altitude(550e3),
      m_inclination(53.0),
      m_raan(0.0),
      m_argumentOfLatitude(0.0),
      m_revision(0)
{
    Update();
}

void
CircularOrbit::SetElements(double altitude,
                           double inclination,
                           double raan,
                           double argumentOfLatitude)
{
    ValidateCircularOrbit(altitude, inclination);
    m_altitude = altitude;
    m_inclination = inclination;
    m_raan = raan;
    m_argumentOfLatitude = argumentOfLatitude;
    Update();
}

void
CircularOrbit::SetAltitude(double altitude)
{
    m_altitude = altitude;
    Update();
}

void
CircularOrbit::SetInclination(double inclination)
{
    m_inclination = inclination;
    Update();
}

void
CircularOrbit::SetRaan(double raan)
{
    m_raan = raan;
    Update();
}

void
CircularOrbit::SetArgumentOfLatitude(double argumentOfLatitude)
{
    m_argumentOfLatitude = argumentOfLatitude;
    Update();
}

void
CircularOrbit::Update()
{
    m_radius = WGS84_SEMI_MAJOR_AXIS + m_altitude;
    m_meanMotion = std::sqrt(WGS84_GM / (m_radius * m_radius * m_radius));
    m_u0 = m_argumentOfLatitude * DEG_TO_RAD;
    m_cosRaan = std::cos(m_raan * DEG_TO_RAD);
    m_sinRaan = std::sin(m_raan * DEG_TO_RAD);
    m_cosInc = std::cos(m_inclination * DEG_TO_RAD);
    m_sinInc = std::sin(m_inclination * DEG_TO_RAD);
    ++m_revision;
}

double
CircularOrbit::GetPeriod() const
{
    return 2.0 * M_PI / m_meanMotion;
}

double
CircularOrbit::GetRadius() const
{
    return m_radius;
}

double
CircularOrbit::GetSpeed() const
{
    return m_meanMotion * m_radius;
}

double
CircularOrbit::GetMeanMotion() const
{
    return m_meanMotion;
}

std::pair<Vector, Vector>
CircularOrbit::GetPlaneAxes() const
{
    // The node direction, and the direction 90 degrees on in the plane (inclined about it).
    return {Vector(m_cosRaan, m_sinRaan, 0.0),
            Vector(-m_sinRaan * m_cosInc, m_cosRaan * m_cosInc, m_sinInc)};
}

double
CircularOrbit::GetArgumentOfLatitude(Time t) const
{
    return m_u0 + m_meanMotion * t.GetSeconds();
}

uint64_t
CircularOrbit::GetRevision() const
{
    return m_revision;
}

OrbitState
CircularOrbit::GetEciState(Time t) const
{
    // r (cos u P + sin u Q) in the orbital plane's axes; its derivative n r (-sin u P + cos u Q).
    const double u = GetArgumentOfLatitude(t);
    const double cosU = std::cos(u);
    const double sinU = std::sin(u);
    const double r = m_radius;
    const double v = m_meanMotion * m_radius;
    const auto [p, q] = GetPlaneAxes();
    OrbitState state;
    state.position = Vector(r * (cosU * p.x + sinU * q.x),
                            r * (cosU * p.y + sinU * q.y),
                            r * (cosU * p.z + sinU * q.z));
    state.velocity = Vector(v * (cosU * q.x - sinU * p.x),
                            v * (cosU * q.y - sinU * p.y),
                            v * (cosU * q.z - sinU * p.z));
    return state;
}

OrbitState
CircularOrbit::DoGetEcefState(Time t) const
{
    // In ECEF the ascending node drifts west at the Earth's rotation rate (GMST = 0 at t = 0),
    // so the inertial formulas hold with RAAN replaced by RAAN - w t: two sin/cos pairs.
    const double seconds = t.GetSeconds();
    const double u = m_u0 + m_meanMotion * seconds;
    const double node = m_raan * DEG_TO_RAD - EARTH_ROTATION_RATE * seconds;
    const double cosU = std::cos(u);
    const double sinU = std::sin(u);
    const double cosNode = std::cos(node);
    const double sinNode = std::sin(node);
    const double r = m_radius;
    const double v = m_meanMotion * m_radius;
    OrbitState state;
    state.position = Vector(r * (cosNode * cosU - sinNode * sinU * m_cosInc),
                            r * (sinNode * cosU + cosNode * sinU * m_cosInc),
                            r * sinU * m_sinInc);
    // d/dt of the position: the in-orbit motion plus the node's drift (-w about z).
    state.velocity = Vector(
        v * (-cosNode * sinU - sinNode * cosU * m_cosInc) + EARTH_ROTATION_RATE * state.position.y,
        v * (-sinNode * sinU + cosNode * cosU * m_cosInc) - EARTH_ROTATION_RATE * state.position.x,
        v * cosU * m_sinInc);
    return state;
}

} // namespace sagin
} // namespace ns3
