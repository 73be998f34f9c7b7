// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_TLE_ORBIT_H
#define SAGIN_TLE_ORBIT_H

#include "orbit.h"
#include "sgp4-propagator.h"
#include "two-line-element.h"

#include <memory>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * \brief A satellite propagated by SGP4 from its two-line element set, in real time.
 *
 * The simulation starts at a UTC instant (attribute SimulationStart; by default the TLE's
 * epoch, and ConstellationHelper sets the earliest epoch of a file for all its satellites).
 * At simulation time t the satellite is propagated to start + t - epoch, and its TEME state is
 * turned into ECEF with the IAU-82 GMST of the instant start + t (UT1 = UTC, no polar motion).
 *
 * An SGP4 failure during the simulation (decay, eccentricity out of range) stops it with a
 * message naming the satellite, the time and the reason: its position would otherwise be
 * made up.
 */
class TleOrbit : public Orbit
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TleOrbit();
    ~TleOrbit() override;

    /**
     * Initialise SGP4 from an element set (throws Sgp4InitialisationError if SGP4 rejects it).
     * \param tle the element set
     */
    void SetTle(const TwoLineElement& tle);

    /** \return the element set */
    const TwoLineElement& GetTle() const;

    /**
     * \param julianDate UTC instant of simulation time 0 (Julian date, days)
     */
    void SetSimulationStart(double julianDate);

    /** \return UTC instant of simulation time 0 (Julian date, days) */
    double GetSimulationStart() const;

    /**
     * \param t simulation time
     * \return the SGP4 time argument at t: minutes since the TLE epoch
     */
    double GetMinutesSinceEpoch(Time t) const;

    /**
     * \param t simulation time
     * \return the SGP4 state at t, as SGP4 gives it: TEME km and km/s, with its error code
     */
    Sgp4State GetTemeState(Time t) const;

    /** \return the nominal period from the TLE mean motion (s) */
    double GetPeriod() const override;

  private:
    OrbitState DoGetEcefState(Time t) const override;
    /** \param utc the SimulationStart attribute: ISO-8601 UTC, or "" for the TLE epoch */
    void SetSimulationStartUtc(const std::string& utc);
    /** \return the SimulationStart attribute as ISO-8601 UTC */
    std::string GetSimulationStartUtc() const;
    /** Abort with a message when no TLE has been set. */
    void CheckTle() const;

    TwoLineElement m_tle;                         //!< the element set
    std::unique_ptr<Sgp4Propagator> m_propagator; //!< SGP4 state, null until SetTle
    double m_start;                               //!< UTC Julian date of simulation time 0
    bool m_startIsEpoch;                          //!< true until a start instant is set
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_TLE_ORBIT_H
