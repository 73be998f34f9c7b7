// SPDX-License-Identifier: GPL-2.0-only

#include "circular-orbit-separation.h"

#include "ns3/assert.h"

#include <algorithm>
#include <cmath>

namespace ns3
{
namespace sagin
{

namespace
{
double
Dot(const Vector& x, const Vector& y)
{
    return x.x * y.x + x.y * y.y + x.z * y.z;
}
} // namespace

bool
CircularOrbitSeparation::Applies(Ptr<const CircularOrbit> a, Ptr<const CircularOrbit> b)
{
    return a && b && a->GetRadius() == b->GetRadius();
}

CircularOrbitSeparation::CircularOrbitSeparation(Ptr<const CircularOrbit> a,
                                                 Ptr<const CircularOrbit> b)
    : m_a(a),
      m_b(b),
      m_revisionA(a->GetRevision()),
      m_revisionB(b->GetRevision())
{
    NS_ASSERT_MSG(Applies(a, b), "CircularOrbitSeparation: orbits of different radii");
    const auto [p1, q1] = a->GetPlaneAxes();
    const auto [p2, q2] = b->GetPlaneAxes();
    const double pp = Dot(p1, p2);
    const double qq = Dot(q1, q2);
    const double pq = Dot(p1, q2);
    const double qp = Dot(q1, p2);
    // cos g = cos u1 cos u2 PP + cos u1 sin u2 PQ + sin u1 cos u2 QP + sin u1 sin u2 QQ, and with
    // d = u1 - u2 (constant), s = u1 + u2: cos u1 cos u2 = (cos d + cos s) / 2,
    // sin u1 sin u2 = (cos d - cos s) / 2, cos u1 sin u2 = (sin s - sin d) / 2,
    // sin u1 cos u2 = (sin s + sin d) / 2.
    const double u1 = a->GetArgumentOfLatitude(Seconds(0));
    const double u2 = b->GetArgumentOfLatitude(Seconds(0));
    const double d = u1 - u2;
    m_c0 = 0.5 * (std::cos(d) * (pp + qq) + std::sin(d) * (qp - pq));
    m_c1 = 0.5 * (pp - qq);
    m_c2 = 0.5 * (pq + qp);
    m_sumAtZero = u1 + u2;
    m_twiceMeanMotion = 2.0 * a->GetMeanMotion();
    m_twiceRadiusSquared = 2.0 * a->GetRadius() * a->GetRadius();
}

bool
CircularOrbitSeparation::IsCurrent() const
{
    return m_a->GetRevision() == m_revisionA && m_b->GetRevision() == m_revisionB;
}

double
CircularOrbitSeparation::GetDistance(Time t) const
{
    const double s = m_sumAtZero + m_twiceMeanMotion * t.GetSeconds(); // u1 + u2 at t
    const double cosAngle = m_c0 + m_c1 * std::cos(s) + m_c2 * std::sin(s);
    // Rounding can put cos g a hair above 1 for satellites at the same place.
    return std::sqrt(m_twiceRadiusSquared * std::max(0.0, 1.0 - cosAngle));
}

double
CircularOrbitSeparation::GetMinDistance() const
{
    const double maxCosAngle = m_c0 + std::hypot(m_c1, m_c2);
    return std::sqrt(m_twiceRadiusSquared * std::max(0.0, 1.0 - maxCosAngle));
}

} // namespace sagin
} // namespace ns3
