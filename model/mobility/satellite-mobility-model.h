// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_SATELLITE_MOBILITY_MODEL_H
#define SAGIN_SATELLITE_MOBILITY_MODEL_H

#include "ns3/mobility-model.h"
#include "ns3/nstime.h"
#include "ns3/orbit.h"

namespace ns3
{
namespace sagin
{

class CircularOrbit;

/**
 * \ingroup sagin
 * \brief Mobility of a satellite that follows an Orbit (circular or SGP4).
 *
 * Position and velocity are the orbit's ECEF state at Simulator::Now(). The state is
 * computed at most once per simulation instant: every packet asks for positions, and all
 * the asks of one instant share one propagation.
 *
 * SetPosition throws std::invalid_argument: a position alone does not define an orbit.
 * ns-3's MobilityHelper::Install calls SetPosition with its position allocator's next
 * position on every node it is given (even one that already has a mobility model), so it
 * cannot install this model nor be run over satellites: use ConstellationHelper, or set the
 * Orbit attribute.
 */
class SatelliteMobilityModel : public MobilityModel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    SatelliteMobilityModel();

    /** \param orbit the trajectory to follow */
    void SetOrbit(Ptr<Orbit> orbit);

    /** \return the trajectory followed */
    Ptr<Orbit> GetOrbit() const;

    /**
     * \param mobility a node's mobility model (may be null)
     * \return its circular orbit when it is a SatelliteMobilityModel on one, else null (a
     *         ground node, an SGP4 orbit)
     */
    static Ptr<const CircularOrbit> GetCircularOrbit(Ptr<const MobilityModel> mobility);

  protected:
    // Protected, for subclasses made by ConstellationHelper::SetMobilityModel.
    Vector DoGetPosition() const override;
    Vector DoGetVelocity() const override;
    void DoDispose() override;

  private:
    void DoSetPosition(const Vector& position) override;
    /** Propagate the orbit unless the cached state is of the current instant. */
    void UpdateState() const;

    Ptr<Orbit> m_orbit;         //!< the trajectory
    mutable Time m_stateTime;   //!< simulation time of m_state
    mutable OrbitState m_state; //!< cached ECEF state
    mutable bool m_stateValid;  //!< false until the first propagation
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SATELLITE_MOBILITY_MODEL_H
