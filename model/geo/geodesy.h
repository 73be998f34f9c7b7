// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_GEODESY_H
#define SAGIN_GEODESY_H

#include "ns3/vector.h"

#include <string>

/**
 * \defgroup sagin Space-air-ground integrated networks
 *
 * LEO constellations, UAVs and ground devices on ns-3's packet-level stack.
 */

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * WGS-84 defining constants (NIMA TR8350.2, 3rd edition, table 3.1).
 */
constexpr double WGS84_SEMI_MAJOR_AXIS = 6378137.0;      //!< a (m)
constexpr double WGS84_FLATTENING = 1.0 / 298.257223563; //!< f (dimensionless)
constexpr double WGS84_GM = 3.986004418e14;              //!< GM (m^3/s^2)

/**
 * \ingroup sagin
 * A point given by WGS-84 geodetic coordinates.
 */
struct GeodeticPosition
{
    double latitude{0};  //!< geodetic latitude (degrees, -90..90, north positive)
    double longitude{0}; //!< longitude (degrees, -180..180, east positive)
    double altitude{0};  //!< height above the WGS-84 ellipsoid (m)
};

/**
 * \ingroup sagin
 * \param position geodetic latitude/longitude (degrees) and altitude (m)
 * \return the Earth-centred Earth-fixed position (m)
 */
Vector GeodeticToEcef(const GeodeticPosition& position);

/**
 * \ingroup sagin
 * Closed-form inverse (Heikkinen 1982, as given by Zhu 1994, IEEE Trans. AES 30(3)):
 * exact to well under a millimetre from the Earth's surface to geostationary altitude.
 * \param ecef Earth-centred Earth-fixed position (m); must be more than 50 km from the
 *        Earth's centre, where geodetic coordinates stop being defined
 * \return geodetic latitude/longitude (degrees) and altitude (m)
 */
GeodeticPosition EcefToGeodetic(const Vector& ecef);

/**
 * \ingroup sagin
 * \brief The local east-north-up frame at a geodetic origin (up: the ellipsoid normal), its
 * origin and axes computed once: for many points seen from one place.
 */
class EnuFrame
{
  public:
    /** \param origin geodetic origin of the local tangent plane */
    explicit EnuFrame(const GeodeticPosition& origin);

    /**
     * \param ecef a point in ECEF (m)
     * \return the point in this frame (m)
     */
    Vector ToEnu(const Vector& ecef) const;

    /**
     * \param enu a point in this frame (m)
     * \return the point in ECEF (m)
     */
    Vector ToEcef(const Vector& enu) const;

  private:
    Vector m_origin; //!< the origin in ECEF (m)
    Vector m_east;   //!< unit east in ECEF
    Vector m_north;  //!< unit north in ECEF
    Vector m_up;     //!< unit up in ECEF
};

/**
 * \ingroup sagin
 * \param origin geodetic origin of the local tangent plane
 * \param ecef a point in ECEF (m)
 * \return the point in the local east-north-up frame at origin (m)
 */
Vector EcefToEnu(const GeodeticPosition& origin, const Vector& ecef);

/**
 * \ingroup sagin
 * \param origin geodetic origin of the local tangent plane
 * \param enu a point in the local east-north-up frame at origin (m)
 * \return the point in ECEF (m)
 */
Vector EnuToEcef(const GeodeticPosition& origin, const Vector& enu);

/**
 * \ingroup sagin
 * Check a geodetic position and throw std::invalid_argument naming what is wrong.
 * \param position the position to check
 * \param what how the caller calls it, used in the message (e.g. "ground station 'gs1'")
 */
void ValidateGeodeticPosition(const GeodeticPosition& position, const std::string& what);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_GEODESY_H
