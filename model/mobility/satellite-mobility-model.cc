// SPDX-License-Identifier: GPL-2.0-only

#include "satellite-mobility-model.h"

#include "ns3/circular-orbit.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"

#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginSatelliteMobilityModel");
NS_OBJECT_ENSURE_REGISTERED(SatelliteMobilityModel);

TypeId
SatelliteMobilityModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::SatelliteMobilityModel")
            .SetParent<MobilityModel>()
            .SetGroupName("Sagin")
            .AddConstructor<SatelliteMobilityModel>()
            .AddAttribute("Orbit",
                          "The trajectory followed: an ns3::sagin::Orbit (circular or SGP4).",
                          PointerValue(),
                          MakePointerAccessor(&SatelliteMobilityModel::SetOrbit,
                                              &SatelliteMobilityModel::GetOrbit),
                          MakePointerChecker<Orbit>());
    return tid;
}

SatelliteMobilityModel::SatelliteMobilityModel()
    : m_stateValid(false)
{
    NS_LOG_FUNCTION(this);
}

void
SatelliteMobilityModel::SetOrbit(Ptr<Orbit> orbit)
{
    NS_LOG_FUNCTION(this << orbit);
    m_orbit = orbit;
    m_stateValid = false;
    NotifyCourseChange();
}

Ptr<Orbit>
SatelliteMobilityModel::GetOrbit() const
{
    return m_orbit;
}

Ptr<const CircularOrbit>
SatelliteMobilityModel::GetCircularOrbit(Ptr<const MobilityModel> mobility)
{
    auto satellite = DynamicCast<const SatelliteMobilityModel>(mobility);
    return satellite ? DynamicCast<const CircularOrbit>(satellite->GetOrbit()) : nullptr;
}

void
SatelliteMobilityModel::UpdateState() const
{
    if (!m_orbit)
    {
        throw std::invalid_argument("SatelliteMobilityModel has no orbit: set its \"Orbit\" "
                                    "attribute or install it with ConstellationHelper");
    }
    const Time now = Simulator::Now();
    if (!m_stateValid || now != m_stateTime)
    {
        m_state = m_orbit->GetEcefState(now);
        m_stateTime = now;
        m_stateValid = true;
    }
}

Vector
SatelliteMobilityModel::DoGetPosition() const
{
    UpdateState();
    return m_state.position;
}

void
SatelliteMobilityModel::DoSetPosition(const Vector& position)
{
    // A position alone does not define an orbit (the velocity is missing), so it cannot
    // serve as the orbit's initial condition.
    std::ostringstream message;
    message << "SatelliteMobilityModel::SetPosition(" << position << ") of node "
            << (GetObject<Node>() ? std::to_string(GetObject<Node>()->GetId())
                                  : std::string("(none)"))
            << ": a satellite takes its position from its orbit. Install satellites with "
               "ConstellationHelper (or set the \"Orbit\" attribute) and leave them out of "
               "MobilityHelper::Install, which calls SetPosition with its position "
               "allocator's next position, even on a node that already has a mobility model";
    throw std::invalid_argument(message.str());
}

Vector
SatelliteMobilityModel::DoGetVelocity() const
{
    UpdateState();
    return m_state.velocity;
}

void
SatelliteMobilityModel::DoDispose()
{
    m_orbit = nullptr;
    MobilityModel::DoDispose();
}

} // namespace sagin
} // namespace ns3
