// SPDX-License-Identifier: GPL-2.0-only

#include "tle-orbit.h"

#include "ns3/earth-rotation.h"
#include "ns3/julian-date.h"
#include "ns3/log.h"
#include "ns3/string.h"

#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginTleOrbit");
NS_OBJECT_ENSURE_REGISTERED(TleOrbit);

TypeId
TleOrbit::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::TleOrbit")
                            .SetParent<Orbit>()
                            .SetGroupName("Sagin")
                            .AddConstructor<TleOrbit>()
                            .AddAttribute("SimulationStart",
                                          "UTC instant of simulation time 0, ISO-8601 "
                                          "(YYYY-MM-DDTHH:MM:SS[.s]Z); empty = the TLE's epoch.",
                                          StringValue(""),
                                          MakeStringAccessor(&TleOrbit::SetSimulationStartUtc,
                                                             &TleOrbit::GetSimulationStartUtc),
                                          MakeStringChecker());
    return tid;
}

TleOrbit::TleOrbit()
    : m_start(0),
      m_startIsEpoch(true)
{
}

TleOrbit::~TleOrbit() = default;

void
TleOrbit::SetTle(const TwoLineElement& tle)
{
    NS_LOG_FUNCTION(this << tle.catalogNumber);
    m_propagator = std::make_unique<Sgp4Propagator>(tle);
    m_tle = tle;
    if (m_startIsEpoch)
    {
        m_start = tle.epochJulianDate;
    }
}

const TwoLineElement&
TleOrbit::GetTle() const
{
    return m_tle;
}

void
TleOrbit::SetSimulationStart(double julianDate)
{
    m_start = julianDate;
    m_startIsEpoch = false;
}

double
TleOrbit::GetSimulationStart() const
{
    return m_start;
}

void
TleOrbit::SetSimulationStartUtc(const std::string& utc)
{
    if (utc.empty())
    {
        m_startIsEpoch = true;
        m_start = m_tle.epochJulianDate;
        return;
    }
    SetSimulationStart(ParseUtcInstant(utc));
}

std::string
TleOrbit::GetSimulationStartUtc() const
{
    return m_startIsEpoch ? "" : FormatUtcInstant(m_start);
}

void
TleOrbit::CheckTle() const
{
    if (!m_propagator)
    {
        throw std::invalid_argument("TleOrbit has no element set: call SetTle() or install the "
                                    "satellite with ConstellationHelper::InstallTle");
    }
}

double
TleOrbit::GetMinutesSinceEpoch(Time t) const
{
    return (m_start - m_tle.epochJulianDate) * 1440.0 + t.GetSeconds() / 60.0;
}

Sgp4State
TleOrbit::GetTemeState(Time t) const
{
    CheckTle();
    return m_propagator->Propagate(GetMinutesSinceEpoch(t));
}

double
TleOrbit::GetPeriod() const
{
    CheckTle();
    return m_propagator->GetPeriod();
}

OrbitState
TleOrbit::DoGetEcefState(Time t) const
{
    const Sgp4State teme = GetTemeState(t);
    if (teme.error != Sgp4Error::NONE)
    {
        std::ostringstream message;
        message << "SGP4 failed for satellite " << m_tle.catalogNumber << " '" << m_tle.name
                << "' at " << GetMinutesSinceEpoch(t)
                << " min after its epoch: " << GetSgp4ErrorDescription(teme.error)
                << "; remove it from the TLE file or end the simulation earlier";
        throw std::runtime_error(message.str());
    }
    const Vector position(teme.position[0] * 1e3, teme.position[1] * 1e3, teme.position[2] * 1e3);
    const Vector velocity(teme.velocity[0] * 1e3, teme.velocity[1] * 1e3, teme.velocity[2] * 1e3);
    const double gmst = GreenwichMeanSiderealTime(m_start + t.GetSeconds() / 86400.0);
    return {EciToEcef(position, gmst), EciVelocityToEcef(position, velocity, gmst)};
}

} // namespace sagin
} // namespace ns3
