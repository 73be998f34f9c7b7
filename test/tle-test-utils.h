// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_TLE_TEST_UTILS_H
#define SAGIN_TLE_TEST_UTILS_H

#include "ns3/julian-date.h"
#include "ns3/two-line-element.h"

#include <cmath>
#include <string>

namespace ns3
{
namespace sagin
{
namespace tests
{

// Element sets of a Walker shell built from its definition, for tests that need TLE
// satellites on a known grid (suites sagin-tle-plus-grid and sagin-helper).

constexpr double MU = 3.986004418e14;      //!< Earth's GM, WGS-84 (m^3/s^2)
constexpr double EARTH_RADIUS = 6378137.0; //!< WGS-84 equatorial radius (m)
constexpr double SGP4_J2 = 1.082616e-3;    //!< SGP4's J2 (WGS-72, Spacetrack Report #3)
constexpr double SGP4_RADIUS = 6378.135e3; //!< SGP4's Earth radius (WGS-72) (m)
constexpr double EPOCH_DAY = 100.0;        //!< day of 2024 of the element sets' epoch

/**
 * \param angle (degrees)
 * \return the angle in [0, 360) (degrees)
 */
inline double
Wrap360(double angle)
{
    const double wrapped = std::fmod(angle, 360.0);
    return wrapped < 0 ? wrapped + 360.0 : wrapped;
}

/**
 * \param angle (degrees)
 * \return the angle in [-180, 180) (degrees)
 */
inline double
Wrap180(double angle)
{
    return Wrap360(angle + 180.0) - 180.0;
}

/**
 * A circular element set (eccentricity 0, no drag) at the epoch of day EPOCH_DAY of 2024, or
 * daysLater days after it with the elements moved on by SGP4's first-order secular rates
 * (Vallado, "Fundamentals of Astrodynamics", 4th ed., eq. 9-41, with the TLE's Kozai mean
 * motion as the mean anomaly rate, which is how the Kozai mean motion is defined).
 * \param catalog catalogue number
 * \param inclination (degrees)
 * \param altitude above the WGS-84 equatorial radius (m)
 * \param raan at the epoch (degrees)
 * \param phase argument of latitude at the epoch (degrees)
 * \param daysLater how many days later the element set's epoch is (days)
 * \return the element set, named "WALKER-<catalog>"
 */
inline TwoLineElement
CircularTle(uint32_t catalog,
            double inclination,
            double altitude,
            double raan,
            double phase,
            double daysLater = 0)
{
    const double a = EARTH_RADIUS + altitude;
    const double n = std::sqrt(MU / (a * a * a)); // Kepler's third law (rad/s)
    const double revPerDay = n * 86400 / (2 * M_PI);
    const double cosI = std::cos(inclination * M_PI / 180);
    const double k = 0.75 * SGP4_J2 * std::pow(SGP4_RADIUS / a, 2) * revPerDay * 360; // deg/day
    TwoLineElement tle;
    tle.name = "WALKER-" + std::to_string(catalog);
    tle.catalogNumber = catalog;
    tle.epochYear = 2024;
    tle.epochDayOfYear = EPOCH_DAY + daysLater;
    tle.epochJulianDate = JulianDateFromDayOfYear(2024, tle.epochDayOfYear);
    tle.inclination = inclination;
    tle.rightAscension = Wrap360(raan - 2 * k * cosI * daysLater);
    tle.argumentOfPerigee = Wrap360(k * (5 * cosI * cosI - 1) * daysLater);
    tle.meanAnomaly = Wrap360(phase + revPerDay * 360 * daysLater);
    tle.meanMotion = revPerDay;
    ValidateTwoLineElement(tle);
    return tle;
}

} // namespace tests
} // namespace sagin
} // namespace ns3

#endif // SAGIN_TLE_TEST_UTILS_H
