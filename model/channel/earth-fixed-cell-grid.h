// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_EARTH_FIXED_CELL_GRID_H
#define SAGIN_EARTH_FIXED_CELL_GRID_H

#include "ns3/geodesy.h"
#include "ns3/object.h"
#include "ns3/vector.h"

#include <cstdint>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * \brief Hexagonal ground cells fixed to the Earth, the targets of steered satellite beams
 * (study B: "the satellites project the beam onto the Earth's surface", flat-Earth cells).
 *
 * Rings rings of hexagons around a centre cell at (CentreLatitude, CentreLongitude): 1 +
 * 3 R (R + 1) cells, pointy-top, of circumradius CellRadius, laid out in the east-north
 * tangent plane at the centre and projected onto the WGS-84 ellipsoid (altitude 0). Cell 0
 * is the centre; cells are numbered ring by ring. A point belongs to the cell whose
 * hexagon holds its tangent-plane projection (the nearest centre of the lattice).
 */
class EarthFixedCellGrid : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    EarthFixedCellGrid();

    /** Returned by FindCell for a point outside every cell. */
    static constexpr uint32_t NO_CELL = UINT32_MAX;

    /** \return the circumradius of a cell (m) */
    double GetCellRadius() const;

    /** \return the rings around the centre cell */
    uint32_t GetRings() const;

    /** \return the number of cells, 1 + 3 R (R + 1) */
    uint32_t GetN() const;

    /**
     * \param cell a cell index (< GetN(); std::out_of_range naming it otherwise)
     * \return its centre on the ellipsoid (Earth-centred Earth-fixed, m)
     */
    Vector GetCentre(uint32_t cell) const;

    /**
     * \param cell a cell index (< GetN(); std::out_of_range naming it otherwise)
     * \return its centre (degrees, altitude 0)
     */
    GeodeticPosition GetCentreGeodetic(uint32_t cell) const;

    /**
     * \param ecef a point (Earth-centred Earth-fixed, m)
     * \return the cell whose hexagon holds it, or NO_CELL outside the grid
     */
    uint32_t FindCell(const Vector& ecef) const;

    /**
     * \param ecef a point (Earth-centred Earth-fixed, m)
     * \return the cell whose centre is nearest in the tangent plane (the containing cell
     *         inside the grid)
     */
    uint32_t FindNearestCell(const Vector& ecef) const;

    /**
     * \param satellite a satellite's position (Earth-centred Earth-fixed, m)
     * \param minElevation the lowest elevation a beam may be steered to (degrees)
     * \return the cells whose centres see the satellite at or above minElevation
     */
    std::vector<uint32_t> GetCellsInView(const Vector& satellite, double minElevation) const;

  private:
    /** Lay the cells out again after an attribute changed. */
    void Update();
    /** \param latitude of the centre cell (degrees) */
    void SetCentreLatitude(double latitude);
    /** \param longitude of the centre cell (degrees) */
    void SetCentreLongitude(double longitude);
    /** \param radius circumradius of a cell (m) */
    void SetCellRadius(double radius);
    /** \param rings rings around the centre cell */
    void SetRings(uint32_t rings);
    /** \return the centre cell's latitude (degrees) */
    double GetCentreLatitude() const;
    /** \return the centre cell's longitude (degrees) */
    double GetCentreLongitude() const;
    /**
     * \param ecef a point
     * \return the lattice cell (axial q, r) holding its tangent-plane projection
     */
    std::pair<int, int> AxialOf(const Vector& ecef) const;

    GeodeticPosition m_origin;                //!< centre of cell 0
    double m_cellRadius;                      //!< circumradius (m)
    uint32_t m_rings;                         //!< rings around cell 0
    std::vector<std::pair<int, int>> m_axial; //!< axial coordinates of each cell
    std::vector<Vector> m_centres;            //!< ECEF centres (m)
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_EARTH_FIXED_CELL_GRID_H
