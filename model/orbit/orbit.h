// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_ORBIT_H
#define SAGIN_ORBIT_H

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/vector.h"

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Position and velocity of an orbiting body in one frame.
 */
struct OrbitState
{
    Vector position; //!< (m)
    Vector velocity; //!< (m/s)
};

/**
 * \ingroup sagin
 * \brief The trajectory of a satellite as a function of simulation time.
 *
 * Subclasses implement DoGetEcefState. The module's frame convention: positions given to ns-3
 * are Earth-centred Earth-fixed (ECEF) metres, and velocities are relative to the rotating
 * Earth in ECEF axes (m/s).
 */
class Orbit : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * \param t simulation time (Simulator::Now() for the current instant)
     * \return ECEF position (m) and Earth-relative velocity (m/s) at t
     */
    OrbitState GetEcefState(Time t) const;

    /**
     * \return the orbital period (s), for orbits that have one (nominal for SGP4)
     */
    virtual double GetPeriod() const = 0;

  private:
    /**
     * \param t simulation time
     * \return ECEF position (m) and Earth-relative velocity (m/s) at t
     */
    virtual OrbitState DoGetEcefState(Time t) const = 0;
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_ORBIT_H
