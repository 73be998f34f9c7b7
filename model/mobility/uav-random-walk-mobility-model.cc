// SPDX-License-Identifier: GPL-2.0-only

#include "uav-random-walk-mobility-model.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/vector.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginUavRandomWalkMobilityModel");

NS_OBJECT_ENSURE_REGISTERED(UavRandomWalkMobilityModel);

namespace
{
/** Rounding allowed at the edges of Bounds after an ECEF round trip (m). */
constexpr double EDGE_TOLERANCE = 1e-6;

/**
 * SetPosition() ignores the up component, but refuses points farther than this from the
 * flight plane (m): they are not UAV positions above the area (the Earth's centre, a
 * satellite). Generous enough for a geodetic-altitude placement, which sits d^2 / (2 R) below
 * the plane at horizontal distance d (50 km at d = 800 km).
 */
constexpr double MAX_PLANE_OFFSET = 50e3;

/**
 * \param v a vector
 * \return "(x, y, z)"
 */
std::string
Format(const Vector& v)
{
    std::ostringstream out;
    out << "(" << v.x << ", " << v.y << ", " << v.z << ")";
    return out.str();
}

/**
 * \param r a rectangle
 * \return "[xMin, xMax] x [yMin, yMax]"
 */
std::string
Format(const Rectangle& r)
{
    std::ostringstream out;
    out << "[" << r.xMin << ", " << r.xMax << "] x [" << r.yMin << ", " << r.yMax << "]";
    return out.str();
}
} // namespace

TypeId
UavRandomWalkMobilityModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::UavRandomWalkMobilityModel")
            .SetParent<MobilityModel>()
            .SetGroupName("Sagin")
            .AddConstructor<UavRandomWalkMobilityModel>()
            .AddAttribute("OriginLatitude",
                          "Geodetic latitude of the origin of the service area's east-north-up "
                          "frame (degrees, -90..90, north positive).",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&UavRandomWalkMobilityModel::SetOriginLatitude,
                                             &UavRandomWalkMobilityModel::GetOriginLatitude),
                          MakeDoubleChecker<double>(-90.0, 90.0))
            .AddAttribute("OriginLongitude",
                          "Longitude of the origin of the service area's east-north-up frame "
                          "(degrees, -180..360, east positive).",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&UavRandomWalkMobilityModel::SetOriginLongitude,
                                             &UavRandomWalkMobilityModel::GetOriginLongitude),
                          MakeDoubleChecker<double>(-180.0, 360.0))
            .AddAttribute("OriginAltitude",
                          "Height of the origin of the service area's east-north-up frame "
                          "above the WGS-84 ellipsoid (m).",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&UavRandomWalkMobilityModel::SetOriginAltitude,
                                             &UavRandomWalkMobilityModel::GetOriginAltitude),
                          MakeDoubleChecker<double>())
            .AddAttribute("Bounds",
                          "Service area: east (x) and north (y) extent in the origin's "
                          "east-north-up frame (m); the UAV never leaves it.",
                          RectangleValue(Rectangle(0.0, 1000.0, 0.0, 1000.0)),
                          MakeRectangleAccessor(&UavRandomWalkMobilityModel::SetBounds,
                                                &UavRandomWalkMobilityModel::GetBounds),
                          MakeRectangleChecker())
            .AddAttribute("Height",
                          "Flight height H above the origin's tangent plane (m, >= 0).",
                          DoubleValue(100.0),
                          MakeDoubleAccessor(&UavRandomWalkMobilityModel::SetHeight,
                                             &UavRandomWalkMobilityModel::GetHeight),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("MaxStep",
                          "xy_max: largest move per slot along east and along north (m, >= 0).",
                          DoubleValue(10.0),
                          MakeDoubleAccessor(&UavRandomWalkMobilityModel::m_maxStep),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("SlotDuration",
                          "Slot length: one step per slot (time, > 0).",
                          TimeValue(Seconds(1.0)),
                          MakeTimeAccessor(&UavRandomWalkMobilityModel::m_slotDuration),
                          MakeTimeChecker(TimeStep(1)))
            .AddAttribute("Step",
                          "Normalised step (dimensionless, within [-1, 1]), drawn twice per "
                          "slot (east, then north) and multiplied by MaxStep.",
                          StringValue("ns3::UniformRandomVariable[Min=-1.0|Max=1.0]"),
                          MakePointerAccessor(&UavRandomWalkMobilityModel::m_step),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("RandomInitialPosition",
                          "Start uniformly at random inside Bounds (true) or at "
                          "InitialPosition (false); SetPosition() before the start overrides "
                          "both.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&UavRandomWalkMobilityModel::m_randomInitialPosition),
                          MakeBooleanChecker())
            .AddAttribute("InitialPosition",
                          "Initial east (x) and north (y) in the origin's east-north-up frame "
                          "(m; z is ignored, the UAV flies at Height), used when "
                          "RandomInitialPosition is false; must lie inside Bounds.",
                          VectorValue(Vector(500.0, 500.0, 0.0)),
                          MakeVectorAccessor(&UavRandomWalkMobilityModel::m_initialPosition),
                          MakeVectorChecker());
    return tid;
}

UavRandomWalkMobilityModel::UavRandomWalkMobilityModel()
    : m_bounds(0.0, 1000.0, 0.0, 1000.0),
      m_height(100.0),
      m_maxStep(10.0),
      m_slotDuration(Seconds(1.0)),
      m_randomInitialPosition(true),
      m_initialPosition(500.0, 500.0, 0.0),
      m_initialRv(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
}

UavRandomWalkMobilityModel::~UavRandomWalkMobilityModel()
{
    NS_LOG_FUNCTION(this);
}

void
UavRandomWalkMobilityModel::DoInitialize()
{
    NS_LOG_FUNCTION(this);
    EnsurePlaced();
    m_to = m_from;
    m_walking = true;
    StartSlot();
    MobilityModel::DoInitialize();
}

void
UavRandomWalkMobilityModel::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_event.Cancel();
    m_walking = false;
    m_step = nullptr;
    m_initialRv = nullptr;
    MobilityModel::DoDispose();
}

void
UavRandomWalkMobilityModel::EnsurePlaced() const
{
    if (m_placed)
    {
        return;
    }
    Vector start;
    if (m_randomInitialPosition)
    {
        start.x = m_initialRv->GetValue(m_bounds.xMin, m_bounds.xMax);
        start.y = m_initialRv->GetValue(m_bounds.yMin, m_bounds.yMax);
    }
    else
    {
        start = m_initialPosition;
        if (!IsInsideBounds(start))
        {
            throw std::invalid_argument(
                "UavRandomWalkMobilityModel: InitialPosition " + Format(m_initialPosition) +
                " m is outside Bounds " + Format(m_bounds) +
                " m; give an east/north position inside the service area or set "
                "RandomInitialPosition to true");
        }
    }
    start.x = std::clamp(start.x, m_bounds.xMin, m_bounds.xMax);
    start.y = std::clamp(start.y, m_bounds.yMin, m_bounds.yMax);
    start.z = m_height;
    m_from = start;
    m_to = start;
    m_placed = true;
    NS_LOG_DEBUG("initial position " << Format(start) << " (ENU, m)");
}

void
UavRandomWalkMobilityModel::StartSlot()
{
    NS_LOG_FUNCTION(this);
    // The slot that ends now ended exactly at its waypoint.
    m_from = m_to;
    m_slotStart = Simulator::Now();
    m_currentSlot = m_slotDuration;
    const double ue = m_step->GetValue();
    const double un = m_step->GetValue();
    if (!(std::abs(ue) <= 1.0) || !(std::abs(un) <= 1.0))
    {
        std::ostringstream msg;
        msg << "UavRandomWalkMobilityModel: the Step random variable drew (" << ue << ", " << un
            << "), outside [-1, 1]; Step is a normalised step multiplied by MaxStep: give it "
               "values within [-1, 1] (e.g. ns3::UniformRandomVariable[Min=-1.0|Max=1.0])";
        throw std::runtime_error(msg.str());
    }
    m_to.x = std::clamp(m_from.x + m_maxStep * ue, m_bounds.xMin, m_bounds.xMax);
    m_to.y = std::clamp(m_from.y + m_maxStep * un, m_bounds.yMin, m_bounds.yMax);
    m_to.z = m_height;
    NS_LOG_LOGIC("slot from " << Format(m_from) << " to " << Format(m_to) << " (ENU, m)");
    m_event.Cancel();
    m_event = Simulator::Schedule(m_currentSlot, &UavRandomWalkMobilityModel::StartSlot, this);
    NotifyCourseChange();
}

double
UavRandomWalkMobilityModel::SlotFraction() const
{
    if (!m_walking)
    {
        return 0.0;
    }
    const double fraction =
        (Simulator::Now() - m_slotStart).GetSeconds() / m_currentSlot.GetSeconds();
    return std::clamp(fraction, 0.0, 1.0);
}

bool
UavRandomWalkMobilityModel::IsInsideBounds(const Vector& enu) const
{
    return enu.x >= m_bounds.xMin - EDGE_TOLERANCE && enu.x <= m_bounds.xMax + EDGE_TOLERANCE &&
           enu.y >= m_bounds.yMin - EDGE_TOLERANCE && enu.y <= m_bounds.yMax + EDGE_TOLERANCE;
}

Vector
UavRandomWalkMobilityModel::GetLocalPosition() const
{
    EnsurePlaced();
    const double f = SlotFraction();
    return Vector(m_from.x + (m_to.x - m_from.x) * f, m_from.y + (m_to.y - m_from.y) * f, m_height);
}

Vector
UavRandomWalkMobilityModel::GetLocalVelocity() const
{
    if (!m_walking || SlotFraction() >= 1.0)
    {
        return Vector(0.0, 0.0, 0.0);
    }
    const double slot = m_currentSlot.GetSeconds();
    return Vector((m_to.x - m_from.x) / slot, (m_to.y - m_from.y) / slot, 0.0);
}

GeodeticPosition
UavRandomWalkMobilityModel::GetOrigin() const
{
    return m_origin;
}

void
UavRandomWalkMobilityModel::SetLocalPosition(const Vector& enu)
{
    NS_LOG_FUNCTION(this << enu);
    if (!IsInsideBounds(enu))
    {
        throw std::invalid_argument(
            "UavRandomWalkMobilityModel::SetLocalPosition: east/north " + Format(enu) +
            " m is outside Bounds " + Format(m_bounds) +
            " m; give a point of the service area in the origin's east-north-up frame");
    }
    const Vector point(std::clamp(enu.x, m_bounds.xMin, m_bounds.xMax),
                       std::clamp(enu.y, m_bounds.yMin, m_bounds.yMax),
                       m_height);
    m_placed = true;
    m_from = point;
    m_to = point;
    if (m_walking)
    {
        StartSlot();
    }
    else
    {
        NotifyCourseChange();
    }
}

Vector
UavRandomWalkMobilityModel::DoGetPosition() const
{
    return EnuToEcef(m_origin, GetLocalPosition());
}

void
UavRandomWalkMobilityModel::DoSetPosition(const Vector& position)
{
    NS_LOG_FUNCTION(this << position);
    const Vector enu = EcefToEnu(m_origin, position);
    if (!IsInsideBounds(enu) || std::abs(enu.z - m_height) > MAX_PLANE_OFFSET)
    {
        std::ostringstream msg;
        msg << "UavRandomWalkMobilityModel::SetPosition: ECEF " << Format(position) << " m lies "
            << Format(enu) << " m east/north/up of the origin (" << m_origin.latitude << ", "
            << m_origin.longitude << ", " << m_origin.altitude << "), not above Bounds "
            << Format(m_bounds) << " m near the flight height " << m_height
            << " m; positions are ECEF: convert a local position with "
               "ns3::sagin::EnuToEcef(origin, enu) or call SetLocalPosition() (MobilityHelper's "
               "default position allocator gives (0, 0, 0), the Earth's centre)";
        throw std::invalid_argument(msg.str());
    }
    SetLocalPosition(enu);
}

Vector
UavRandomWalkMobilityModel::DoGetVelocity() const
{
    const Vector local = GetLocalVelocity();
    // The ENU -> ECEF map is a rotation plus the origin: rotate the velocity alone.
    const Vector origin = GeodeticToEcef(m_origin);
    return EnuToEcef(m_origin, local) - origin;
}

int64_t
UavRandomWalkMobilityModel::DoAssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    m_step->SetStream(stream);
    m_initialRv->SetStream(stream + 1);
    return 2;
}

void
UavRandomWalkMobilityModel::SetOriginLatitude(double latitude)
{
    ValidateGeodeticPosition({latitude, m_origin.longitude, m_origin.altitude},
                             "UavRandomWalkMobilityModel attribute OriginLatitude");
    m_origin.latitude = latitude;
}

double
UavRandomWalkMobilityModel::GetOriginLatitude() const
{
    return m_origin.latitude;
}

void
UavRandomWalkMobilityModel::SetOriginLongitude(double longitude)
{
    ValidateGeodeticPosition({m_origin.latitude, longitude, m_origin.altitude},
                             "UavRandomWalkMobilityModel attribute OriginLongitude");
    m_origin.longitude = longitude;
}

double
UavRandomWalkMobilityModel::GetOriginLongitude() const
{
    return m_origin.longitude;
}

void
UavRandomWalkMobilityModel::SetOriginAltitude(double altitude)
{
    ValidateGeodeticPosition({m_origin.latitude, m_origin.longitude, altitude},
                             "UavRandomWalkMobilityModel attribute OriginAltitude");
    m_origin.altitude = altitude;
}

double
UavRandomWalkMobilityModel::GetOriginAltitude() const
{
    return m_origin.altitude;
}

void
UavRandomWalkMobilityModel::SetBounds(const Rectangle& bounds)
{
    if (!std::isfinite(bounds.xMin) || !std::isfinite(bounds.xMax) || !std::isfinite(bounds.yMin) ||
        !std::isfinite(bounds.yMax) || bounds.xMax <= bounds.xMin || bounds.yMax <= bounds.yMin)
    {
        throw std::invalid_argument(
            "UavRandomWalkMobilityModel attribute Bounds: " + Format(bounds) +
            " m is empty; give xMin < xMax (east) and yMin < yMax "
            "(north), e.g. Rectangle(0, 1000, 0, 1000)");
    }
    m_bounds = bounds;
}

Rectangle
UavRandomWalkMobilityModel::GetBounds() const
{
    return m_bounds;
}

void
UavRandomWalkMobilityModel::SetHeight(double height)
{
    // The attribute's checker keeps it finite and >= 0.
    m_height = height;
    m_from.z = height;
    m_to.z = height;
}

double
UavRandomWalkMobilityModel::GetHeight() const
{
    return m_height;
}

} // namespace sagin
} // namespace ns3
