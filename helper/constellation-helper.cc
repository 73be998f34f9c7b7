// SPDX-License-Identifier: GPL-2.0-only

#include "constellation-helper.h"

#include "ns3/circular-orbit.h"
#include "ns3/julian-date.h"
#include "ns3/names.h"
#include "ns3/satellite-mobility-model.h"
#include "ns3/tle-orbit.h"

#include <algorithm>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

ConstellationHelper::ConstellationHelper()
    : m_installed(0)
{
}

void
ConstellationHelper::SetNamePrefix(const std::string& prefix)
{
    m_namePrefix = prefix;
}

NodeContainer
ConstellationHelper::Install(const WalkerShell& shell)
{
    return Install(std::vector<WalkerShell>{shell});
}

NodeContainer
ConstellationHelper::Install(const std::vector<WalkerShell>& shells)
{
    NodeContainer nodes;
    for (const WalkerSatellite& sat : GenerateWalkerConstellation(shells))
    {
        auto orbit = CreateObject<CircularOrbit>();
        orbit->SetElements(sat.altitude, sat.inclination, sat.raan, sat.argumentOfLatitude);
        nodes.Add(CreateSatellite(orbit));
        m_satellites.push_back(sat);
    }
    return nodes;
}

Ptr<Node>
ConstellationHelper::CreateSatellite(Ptr<Orbit> orbit)
{
    auto mobility = CreateObject<SatelliteMobilityModel>();
    mobility->SetOrbit(orbit);
    Ptr<Node> node = CreateObject<Node>();
    node->AggregateObject(mobility);
    if (!m_namePrefix.empty())
    {
        Names::Add(m_namePrefix + std::to_string(m_installed), node);
    }
    ++m_installed;
    return node;
}

void
ConstellationHelper::SetTleSimulationStart(const std::string& utc)
{
    if (!utc.empty())
    {
        ParseUtcInstant(utc); // reject a bad instant now, naming it
    }
    m_tleStart = utc;
}

NodeContainer
ConstellationHelper::InstallTle(const std::vector<TwoLineElement>& elementSets)
{
    if (elementSets.empty())
    {
        throw std::invalid_argument(
            "ConstellationHelper::InstallTle: no element set given; read a TLE file with "
            "ReadTleFile or call InstallTleFile");
    }
    double start = elementSets.front().epochJulianDate;
    for (const auto& tle : elementSets)
    {
        start = std::min(start, tle.epochJulianDate);
    }
    if (!m_tleStart.empty())
    {
        start = ParseUtcInstant(m_tleStart);
    }
    NodeContainer nodes;
    for (const auto& tle : elementSets)
    {
        auto orbit = CreateObject<TleOrbit>();
        orbit->SetTle(tle);
        orbit->SetSimulationStart(start);
        nodes.Add(CreateSatellite(orbit));
    }
    return nodes;
}

NodeContainer
ConstellationHelper::InstallTleFile(const std::string& path)
{
    const std::vector<TwoLineElement> elementSets = ReadTleFile(path);
    if (elementSets.empty())
    {
        throw std::invalid_argument("TLE file '" + path +
                                    "' has no element set: it is empty or holds only blank or "
                                    "comment lines; give a file of 2- or 3-line element sets "
                                    "(e.g. from CelesTrak)");
    }
    return InstallTle(elementSets);
}

const std::vector<WalkerSatellite>&
ConstellationHelper::GetWalkerSatellites() const
{
    return m_satellites;
}

} // namespace sagin
} // namespace ns3
