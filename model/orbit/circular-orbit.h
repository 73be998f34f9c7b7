// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_CIRCULAR_ORBIT_H
#define SAGIN_CIRCULAR_ORBIT_H

#include "orbit.h"

#include <utility>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * \brief A circular Keplerian orbit around a spherically symmetric Earth (no J2, no drag).
 *
 * Radius = WGS-84 equatorial radius + Altitude; mean motion n = sqrt(GM / r^3) with the
 * WGS-84 GM. At simulation time 0 the Greenwich sidereal angle is 0, so the inertial frame
 * and ECEF coincide; afterwards ECEF turns at EARTH_ROTATION_RATE.
 */
class CircularOrbit : public Orbit
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    CircularOrbit();

    /**
     * Set every element at once, checking ranges (std::invalid_argument on bad values).
     * \param altitude above the WGS-84 equatorial radius (m)
     * \param inclination (degrees, 0..180)
     * \param raan right ascension of the ascending node (degrees)
     * \param argumentOfLatitude at simulation time 0 (degrees)
     */
    void SetElements(double altitude, double inclination, double raan, double argumentOfLatitude);

    /**
     * \param t simulation time
     * \return inertial position (m) and velocity (m/s) at t
     */
    OrbitState GetEciState(Time t) const;

    double GetPeriod() const override;

    /** \return the orbit radius (m) */
    double GetRadius() const;

    /** \return the inertial speed (m/s) */
    double GetSpeed() const;

    /** \return the mean motion (rad/s) */
    double GetMeanMotion() const;

    /**
     * \return unit vectors (P, Q) of the orbital plane in the inertial frame: the position
     * is r (cos u P + sin u Q) at argument of latitude u
     */
    std::pair<Vector, Vector> GetPlaneAxes() const;

    /**
     * \param t simulation time
     * \return the argument of latitude at t (rad, not wrapped)
     */
    double GetArgumentOfLatitude(Time t) const;

    /** \return a counter that changes whenever an element does (for caches of derived values) */
    uint64_t GetRevision() const;

  private:
    OrbitState DoGetEcefState(Time t) const override;
    /** Recompute the cached trigonometry and mean motion after an element changed. */
    void Update();
    /** \param altitude (m) */
    void SetAltitude(double altitude);
    /** \param inclination (degrees) */
    void SetInclination(double inclination);
    /** \param raan (degrees) */
    void SetRaan(double raan);
    /** \param argumentOfLatitude (degrees) */
    void SetArgumentOfLatitude(double argumentOfLatitude);

    double m_altitude;           //!< above the equatorial radius (m)
    double m_inclination;        //!< (degrees)
    double m_raan;               //!< (degrees)
    double m_argumentOfLatitude; //!< at t = 0 (degrees)

    double m_radius;     //!< (m)
    double m_meanMotion; //!< (rad/s)
    double m_u0;         //!< argument of latitude at t = 0 (rad)
    double m_cosRaan;    //!< cached cos(RAAN)
    double m_sinRaan;    //!< cached sin(RAAN)
    double m_cosInc;     //!< cached cos(inclination)
    double m_sinInc;     //!< cached sin(inclination)
    uint64_t m_revision; //!< incremented by every Update
};

/**
 * \ingroup sagin
 * Check circular-orbit elements; throws std::invalid_argument naming the bad one and the fix.
 * \param altitude (m)
 * \param inclination (degrees)
 */
void ValidateCircularOrbit(double altitude, double inclination);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CIRCULAR_ORBIT_H
