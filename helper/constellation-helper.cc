// SPDX-License-Identifier: GPL-2.0-only

#include "constellation-helper.h"

#include "ns3/circular-orbit.h"
#include "ns3/julian-date.h"
#include "ns3/names.h"
#include "ns3/satellite-mobility-model.h"
#include "ns3/tle-orbit.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

ConstellationHelper::ConstellationHelper()
    : m_mobility(SatelliteMobilityModel::GetTypeId().GetName()),
      m_installed(0),
      m_ranks(1)
{
}

void
ConstellationHelper::SetRanks(uint32_t ranks)
{
    if (ranks == 0)
    {
        throw std::invalid_argument("ConstellationHelper::SetRanks: 0 ranks; give at least 1 "
                                    "(MpiInterface::GetSize() in a distributed run)");
    }
    m_ranks = ranks;
}

uint32_t
ConstellationHelper::GetPlaneRank(uint32_t plane, uint32_t planes, uint32_t ranks)
{
    return static_cast<uint32_t>(uint64_t(plane) * ranks / planes);
}

uint32_t
ConstellationHelper::GetNearestSatelliteRank(const NodeContainer& satellites,
                                             const Vector& position)
{
    if (satellites.GetN() == 0)
    {
        throw std::invalid_argument("ConstellationHelper::GetNearestSatelliteRank: no "
                                    "satellites; install the constellation first");
    }
    Ptr<Node> nearest;
    double shortest = std::numeric_limits<double>::infinity();
    for (auto i = satellites.Begin(); i != satellites.End(); ++i)
    {
        const double distance =
            CalculateDistance((*i)->GetObject<MobilityModel>()->GetPosition(), position);
        if (distance < shortest)
        {
            shortest = distance;
            nearest = *i;
        }
    }
    return nearest->GetSystemId();
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
    const std::vector<WalkerSatellite> satellites = GenerateWalkerConstellation(shells);
    uint32_t planes = 0;
    std::vector<uint32_t> firstPlane; // of each shell, counted over the shells
    for (const WalkerShell& shell : shells)
    {
        firstPlane.push_back(planes);
        planes += shell.planes;
    }
    if (m_ranks > planes)
    {
        throw std::invalid_argument("ConstellationHelper::Install: " + std::to_string(m_ranks) +
                                    " ranks (SetRanks) but " + std::to_string(planes) +
                                    " orbital planes; the satellites are partitioned by plane, "
                                    "so run on at most " +
                                    std::to_string(planes) + " ranks");
    }
    NodeContainer nodes;
    for (WalkerSatellite sat : satellites)
    {
        auto orbit = CreateObject<CircularOrbit>();
        orbit->SetElements(sat.altitude, sat.inclination, sat.raan, sat.argumentOfLatitude);
        const uint32_t plane = firstPlane[sat.shell] + sat.plane;
        nodes.Add(CreateSatellite(orbit, GetPlaneRank(plane, planes, m_ranks)));
        sat.shell += m_shells.size(); // numbered across Install calls
        m_satellites.push_back(sat);
        m_tleOrbits.emplace_back(nullptr);
    }
    m_shells.insert(m_shells.end(), shells.begin(), shells.end());
    return nodes;
}

void
ConstellationHelper::SetMobilityModel(const std::string& type,
                                      const std::string& name,
                                      const AttributeValue& value)
{
    const std::string what = "ConstellationHelper::SetMobilityModel: ";
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(type, &tid) ||
        (tid != SatelliteMobilityModel::GetTypeId() &&
         !tid.IsChildOf(SatelliteMobilityModel::GetTypeId())) ||
        !tid.HasConstructor())
    {
        throw std::invalid_argument(what + "'" + type +
                                    "' is not ns3::sagin::SatelliteMobilityModel or a subclass "
                                    "of it with a constructor (satellites follow their Orbit)");
    }
    ObjectFactory factory(type);
    if (!name.empty())
    {
        TypeId::AttributeInformation info;
        if (!tid.LookupAttributeByName(name, &info))
        {
            throw std::invalid_argument(what + type + " has no attribute '" + name + "'");
        }
        if (!info.checker->Check(value))
        {
            throw std::invalid_argument(what + name + "=" + value.SerializeToString(info.checker) +
                                        " is not a valid value for " + type);
        }
        factory.Set(name, value);
    }
    m_mobility = factory;
}

Ptr<Node>
ConstellationHelper::CreateSatellite(Ptr<Orbit> orbit, uint32_t rank)
{
    auto mobility = m_mobility.Create<SatelliteMobilityModel>();
    mobility->SetOrbit(orbit);
    Ptr<Node> node = CreateObject<Node>(rank);
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
    if (m_ranks > 1)
    {
        throw std::invalid_argument(
            "ConstellationHelper::InstallTle: " + std::to_string(m_ranks) +
            " ranks (SetRanks), but TLE satellites cannot be partitioned by plane: their planes "
            "are inferred (GetPlusGridLayout) only after the nodes exist; run them on one rank");
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
        nodes.Add(CreateSatellite(orbit, 0));
        m_tleOrbits.push_back(orbit);
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

PlusGridLayout
ConstellationHelper::GetPlusGridLayout(const PlaneInferenceTolerances& tolerances) const
{
    // TLE satellites, at the simulation start of the first TLE install.
    std::vector<OrbitState> states;
    std::vector<std::string> names;
    double instant = 0; // UTC Julian date (days)
    for (uint32_t i = 0; i < m_tleOrbits.size(); ++i)
    {
        const Ptr<TleOrbit> orbit = m_tleOrbits[i];
        if (!orbit)
        {
            continue;
        }
        if (states.empty())
        {
            instant = orbit->GetSimulationStart();
        }
        const TwoLineElement& tle = orbit->GetTle();
        names.push_back("satellite " + std::to_string(i) + " (catalogue number " +
                        std::to_string(tle.catalogNumber) +
                        (tle.name.empty() ? "" : ", '" + tle.name + "'") + ")");
        const Sgp4State teme =
            orbit->GetTemeState(Seconds((instant - orbit->GetSimulationStart()) * 86400.0));
        if (teme.error != Sgp4Error::NONE)
        {
            throw std::invalid_argument(
                "ConstellationHelper::GetPlusGridLayout: SGP4 fails for " + names.back() +
                " at the simulation start " + FormatUtcInstant(instant) + ": " +
                GetSgp4ErrorDescription(teme.error) +
                "; remove it, or link the satellites yourself with IslHelper::Install");
        }
        const auto metres = [](const std::array<double, 3>& km) {
            return Vector(km[0] * 1e3, km[1] * 1e3, km[2] * 1e3);
        };
        states.push_back({metres(teme.position), metres(teme.velocity)});
    }
    const PlusGridLayout inferred = InferPlusGridLayout(states, tolerances, names);

    // Everything in install order; inferred shells after the Walker ones.
    PlusGridLayout layout;
    layout.shells = m_shells;
    layout.shells.insert(layout.shells.end(), inferred.shells.begin(), inferred.shells.end());
    auto walker = m_satellites.begin();
    auto tle = inferred.satellites.begin();
    for (const Ptr<TleOrbit>& orbit : m_tleOrbits)
    {
        if (orbit)
        {
            WalkerSatellite sat = *tle++;
            sat.shell += m_shells.size();
            layout.satellites.push_back(sat);
        }
        else
        {
            layout.satellites.push_back(*walker++);
        }
    }
    return layout;
}

} // namespace sagin
} // namespace ns3
