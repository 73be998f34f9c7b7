// SPDX-License-Identifier: GPL-2.0-only

#include "constellation-helper.h"

#include "ns3/circular-orbit.h"
#include "ns3/names.h"
#include "ns3/satellite-mobility-model.h"

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
        auto mobility = CreateObject<SatelliteMobilityModel>();
        mobility->SetOrbit(orbit);
        Ptr<Node> node = CreateObject<Node>();
        node->AggregateObject(mobility);
        if (!m_namePrefix.empty())
        {
            Names::Add(m_namePrefix + std::to_string(m_installed), node);
        }
        ++m_installed;
        nodes.Add(node);
        m_satellites.push_back(sat);
    }
    return nodes;
}

const std::vector<WalkerSatellite>&
ConstellationHelper::GetWalkerSatellites() const
{
    return m_satellites;
}

} // namespace sagin
} // namespace ns3
