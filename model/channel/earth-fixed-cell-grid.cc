// SPDX-License-Identifier: GPL-2.0-only

#include "earth-fixed-cell-grid.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/look-angles.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginEarthFixedCellGrid");
NS_OBJECT_ENSURE_REGISTERED(EarthFixedCellGrid);

TypeId
EarthFixedCellGrid::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::EarthFixedCellGrid")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddConstructor<EarthFixedCellGrid>()
            .AddAttribute("CentreLatitude",
                          "Geodetic latitude of the centre cell (degrees).",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&EarthFixedCellGrid::SetCentreLatitude,
                                             &EarthFixedCellGrid::GetCentreLatitude),
                          MakeDoubleChecker<double>(-90.0, 90.0))
            .AddAttribute("CentreLongitude",
                          "Longitude of the centre cell (degrees, east positive).",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&EarthFixedCellGrid::SetCentreLongitude,
                                             &EarthFixedCellGrid::GetCentreLongitude),
                          MakeDoubleChecker<double>(-180.0, 180.0))
            .AddAttribute("CellRadius",
                          "Circumradius of a hexagonal cell (m); study B gives none, 25 km is "
                          "the order of a LEO IoT beam footprint (3GPP TR 38.821, set 1 "
                          "LEO-600: 50 km beam diameter).",
                          DoubleValue(25e3),
                          MakeDoubleAccessor(&EarthFixedCellGrid::SetCellRadius,
                                             &EarthFixedCellGrid::GetCellRadius),
                          MakeDoubleChecker<double>(1.0, 2e6))
            .AddAttribute(
                "Rings",
                "Rings of cells around the centre cell (0: one cell; 2: 19 cells).",
                UintegerValue(2),
                MakeUintegerAccessor(&EarthFixedCellGrid::SetRings, &EarthFixedCellGrid::GetRings),
                MakeUintegerChecker<uint32_t>(0, 200));
    return tid;
}

EarthFixedCellGrid::EarthFixedCellGrid()
    : m_cellRadius(25e3),
      m_rings(2)
{
    Update();
}

void
EarthFixedCellGrid::SetCentreLatitude(double latitude)
{
    m_origin.latitude = latitude;
    Update();
}

void
EarthFixedCellGrid::SetCentreLongitude(double longitude)
{
    m_origin.longitude = longitude;
    Update();
}

void
EarthFixedCellGrid::SetCellRadius(double radius)
{
    m_cellRadius = radius;
    Update();
}

void
EarthFixedCellGrid::SetRings(uint32_t rings)
{
    m_rings = rings;
    Update();
}

double
EarthFixedCellGrid::GetCentreLatitude() const
{
    return m_origin.latitude;
}

double
EarthFixedCellGrid::GetCentreLongitude() const
{
    return m_origin.longitude;
}

double
EarthFixedCellGrid::GetCellRadius() const
{
    return m_cellRadius;
}

uint32_t
EarthFixedCellGrid::GetRings() const
{
    return m_rings;
}

void
EarthFixedCellGrid::Update()
{
    NS_LOG_FUNCTION(this << m_origin.latitude << m_origin.longitude << m_cellRadius << m_rings);
    // Pointy-top hexagons in axial coordinates (q, r): centre spacing sqrt(3) R.
    m_axial.clear();
    m_centres.clear();
    const int rings = static_cast<int>(m_rings);
    const EnuFrame frame(m_origin);
    for (int ring = 0; ring <= rings; ++ring)
    {
        for (int q = -ring; q <= ring; ++q)
        {
            for (int r = -ring; r <= ring; ++r)
            {
                if (std::max({std::abs(q), std::abs(r), std::abs(q + r)}) != ring)
                {
                    continue;
                }
                const double east = m_cellRadius * std::sqrt(3.0) * (q + 0.5 * r);
                const double north = m_cellRadius * 1.5 * r;
                GeodeticPosition centre = EcefToGeodetic(frame.ToEcef(Vector(east, north, 0)));
                centre.altitude = 0; // flat cells, centres on the ellipsoid
                m_axial.emplace_back(q, r);
                m_centres.push_back(GeodeticToEcef(centre));
            }
        }
    }
}

uint32_t
EarthFixedCellGrid::GetN() const
{
    return static_cast<uint32_t>(m_centres.size());
}

Vector
EarthFixedCellGrid::GetCentre(uint32_t cell) const
{
    if (cell >= m_centres.size())
    {
        throw std::out_of_range("EarthFixedCellGrid: cell " + std::to_string(cell) +
                                " does not exist (the grid has " + std::to_string(GetN()) +
                                " cells)");
    }
    return m_centres[cell];
}

GeodeticPosition
EarthFixedCellGrid::GetCentreGeodetic(uint32_t cell) const
{
    GeodeticPosition p = EcefToGeodetic(GetCentre(cell));
    p.altitude = 0;
    return p;
}

std::pair<int, int>
EarthFixedCellGrid::AxialOf(const Vector& ecef) const
{
    const Vector enu = EcefToEnu(m_origin, ecef);
    const double qf = (std::sqrt(3.0) / 3.0 * enu.x - enu.y / 3.0) / m_cellRadius;
    const double rf = (2.0 / 3.0 * enu.y) / m_cellRadius;
    const double sf = -qf - rf;
    // Cube rounding: round all three, then fix the one that moved most.
    double q = std::round(qf);
    double r = std::round(rf);
    const double s = std::round(sf);
    const double dq = std::abs(q - qf);
    const double dr = std::abs(r - rf);
    const double ds = std::abs(s - sf);
    if (dq > dr && dq > ds)
    {
        q = -r - s;
    }
    else if (dr > ds)
    {
        r = -q - s;
    }
    return {static_cast<int>(q), static_cast<int>(r)};
}

uint32_t
EarthFixedCellGrid::FindCell(const Vector& ecef) const
{
    const auto [q, r] = AxialOf(ecef);
    const int ring = std::max({std::abs(q), std::abs(r), std::abs(q + r)});
    if (ring > static_cast<int>(m_rings))
    {
        return NO_CELL;
    }
    // Cells of ring k follow the 1 + 3 (k - 1) k of the inner rings; search that ring only.
    const uint32_t first = ring == 0 ? 0 : 1 + 3 * (ring - 1) * ring;
    const uint32_t count = ring == 0 ? 1 : 6 * ring;
    for (uint32_t i = first; i < first + count; ++i)
    {
        if (m_axial[i].first == q && m_axial[i].second == r)
        {
            return i;
        }
    }
    return NO_CELL;
}

uint32_t
EarthFixedCellGrid::FindNearestCell(const Vector& ecef) const
{
    const uint32_t inside = FindCell(ecef);
    if (inside != NO_CELL)
    {
        return inside;
    }
    const Vector enu = EcefToEnu(m_origin, ecef);
    uint32_t best = 0;
    double bestDistance = INFINITY;
    for (uint32_t i = 0; i < m_axial.size(); ++i)
    {
        const double east =
            m_cellRadius * std::sqrt(3.0) * (m_axial[i].first + 0.5 * m_axial[i].second);
        const double north = m_cellRadius * 1.5 * m_axial[i].second;
        const double d = std::hypot(enu.x - east, enu.y - north);
        if (d < bestDistance)
        {
            bestDistance = d;
            best = i;
        }
    }
    return best;
}

std::vector<uint32_t>
EarthFixedCellGrid::GetCellsInView(const Vector& satellite, double minElevation) const
{
    std::vector<uint32_t> cells;
    for (uint32_t i = 0; i < m_centres.size(); ++i)
    {
        if (ComputeLookAngles(m_centres[i], satellite).elevation >= minElevation)
        {
            cells.push_back(i);
        }
    }
    return cells;
}

} // namespace sagin
} // namespace ns3
