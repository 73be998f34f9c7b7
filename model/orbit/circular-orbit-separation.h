// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_CIRCULAR_ORBIT_SEPARATION_H
#define SAGIN_CIRCULAR_ORBIT_SEPARATION_H

#include "circular-orbit.h"

#include "ns3/nstime.h"
#include "ns3/ptr.h"

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * \brief Distance between two satellites on circular orbits of the same radius (one shell),
 * in closed form.
 *
 * A rotation keeps distances, so the distance in ECEF is the inertial one:
 * |p1 - p2|^2 = 2 r^2 (1 - cos g) with g the angle between the satellites seen from the
 * Earth's centre. With p_k = r (cos u_k P_k + sin u_k Q_k) and both arguments of latitude
 * advancing at the same mean motion, u1 - u2 is constant and the product-to-sum identities give
 * cos g = C0 + C1 cos(u1 + u2) + C2 sin(u1 + u2): one sine/cosine pair per distance instead of
 * two orbit evaluations (four pairs) and the Earth's rotation.
 */
class CircularOrbitSeparation
{
  public:
    /**
     * \param a one orbit
     * \param b another
     * \return whether the closed form applies: both of the same radius (hence mean motion)
     */
    static bool Applies(Ptr<const CircularOrbit> a, Ptr<const CircularOrbit> b);

    /**
     * \param a one orbit
     * \param b another of the same radius (Applies(a, b))
     */
    CircularOrbitSeparation(Ptr<const CircularOrbit> a, Ptr<const CircularOrbit> b);

    /** \return false if either orbit's elements changed since construction */
    bool IsCurrent() const;

    /**
     * \param t simulation time
     * \return the distance between the two satellites at t (m)
     */
    double GetDistance(Time t) const;

    /**
     * \return the smallest distance the two satellites ever reach (m): cos g peaks at
     *         C0 + sqrt(C1^2 + C2^2), as u1 + u2 sweeps every angle
     */
    double GetMinDistance() const;

  private:
    Ptr<const CircularOrbit> m_a; //!< one orbit
    Ptr<const CircularOrbit> m_b; //!< the other
    uint64_t m_revisionA;         //!< m_a's revision when the coefficients were taken
    uint64_t m_revisionB;         //!< m_b's revision then
    double m_sumAtZero;           //!< u1 + u2 at time 0 (rad)
    double m_twiceMeanMotion;     //!< rate of u1 + u2 (rad/s)
    double m_twiceRadiusSquared;  //!< 2 r^2 (m^2)
    double m_c0;                  //!< constant part of cos g
    double m_c1;                  //!< coefficient of cos(u1 + u2)
    double m_c2;                  //!< coefficient of sin(u1 + u2)
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CIRCULAR_ORBIT_SEPARATION_H
