// SPDX-License-Identifier: GPL-2.0-only

#include "netanim-map-projection.h"

#include "ns3/config.h"
#include "ns3/geodesy.h"
#include "ns3/node-list.h"
#include "ns3/node.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

namespace
{
/**
 * \param line an element of the NetAnim file
 * \param name an attribute's name
 * \param[out] value its value
 * \return whether the element has it
 */
bool
ReadAttribute(const std::string& line, const std::string& name, std::string* value)
{
    const std::string key = " " + name + "=\"";
    const std::size_t start = line.find(key);
    if (start == std::string::npos)
    {
        return false;
    }
    const std::size_t end = line.find('"', start + key.size());
    *value = line.substr(start + key.size(), end - start - key.size());
    return true;
}

/**
 * \param line an element of the NetAnim file
 * \param name an attribute it has
 * \param value its new value
 * \return the element with the attribute's value replaced
 */
std::string
WriteAttribute(const std::string& line, const std::string& name, double value)
{
    const std::string key = " " + name + "=\"";
    const std::size_t start = line.find(key) + key.size();
    const std::size_t end = line.find('"', start);
    std::ostringstream number;
    number.precision(10); // as AnimationInterface writes numbers
    number << value;
    return line.substr(0, start) + number.str() + line.substr(end);
}
} // namespace

NetAnimMapProjection::NetAnimMapProjection(Time pollInterval)
    : m_pollInterval(pollInterval)
{
    if (!pollInterval.IsStrictlyPositive())
    {
        throw std::invalid_argument("NetAnimMapProjection: the poll interval must be > 0; give "
                                    "the one passed to AnimationInterface::"
                                    "SetMobilityPollInterval");
    }
    Config::ConnectWithoutContextFailSafe(
        "/NodeList/*/$ns3::MobilityModel/CourseChange",
        MakeCallback(&NetAnimMapProjection::OnCourseChange, this));
    SampleAll();
}

Vector
NetAnimMapProjection::Project(const Vector& ecef)
{
    const GeodeticPosition where = EcefToGeodetic(ecef);
    return Vector(where.longitude + 180.0, 90.0 - where.latitude, 0.0);
}

void
NetAnimMapProjection::SampleAll()
{
    m_samples.resize(NodeList::GetNNodes());
    const double now = Simulator::Now().GetSeconds();
    for (uint32_t id = 0; id < NodeList::GetNNodes(); ++id)
    {
        if (auto mobility = NodeList::GetNode(id)->GetObject<MobilityModel>())
        {
            m_samples[id].push_back({now, Project(mobility->GetPosition())});
        }
    }
    Simulator::Schedule(m_pollInterval, &NetAnimMapProjection::SampleAll, this);
}

void
NetAnimMapProjection::OnCourseChange(Ptr<const MobilityModel> mobility)
{
    Ptr<Node> node = mobility->GetObject<Node>();
    if (node && node->GetId() < m_samples.size())
    {
        m_samples[node->GetId()].push_back(
            {Simulator::Now().GetSeconds(), Project(mobility->GetPosition())});
    }
}

const Vector*
NetAnimMapProjection::Find(uint32_t nodeId, double time) const
{
    if (nodeId >= m_samples.size() || m_samples[nodeId].empty())
    {
        return nullptr;
    }
    const std::vector<Sample>& samples = m_samples[nodeId];
    if (time < 0)
    {
        return &samples.front().map;
    }
    auto after =
        std::lower_bound(samples.begin(), samples.end(), time, [](const Sample& s, double t) {
            return s.time < t;
        });
    if (after == samples.end())
    {
        return &samples.back().map;
    }
    if (after != samples.begin() && time - (after - 1)->time < after->time - time)
    {
        --after;
    }
    return &after->map;
}

uint64_t
NetAnimMapProjection::Rewrite(const std::string& path) const
{
    std::ifstream in(path);
    if (!in)
    {
        throw std::runtime_error("NetAnimMapProjection::Rewrite: cannot read '" + path +
                                 "'; destroy the AnimationInterface that writes it first");
    }
    const std::string temporary = path + ".projecting";
    std::ofstream out(temporary);
    uint64_t rewritten = 0;
    std::string line;
    std::string id;
    std::string time;
    while (std::getline(in, line))
    {
        // <node id=".." sysId=".." locX=".." locY=".." /> at the start, then position updates
        // <nu p="p" t=".." id=".." x=".." y=".." />.
        const bool node = line.rfind("<node ", 0) == 0;
        const bool update = line.rfind("<nu p=\"p\"", 0) == 0;
        if ((node || update) && ReadAttribute(line, "id", &id) &&
            (node || ReadAttribute(line, "t", &time)))
        {
            if (const Vector* map = Find(std::stoul(id), node ? -1 : std::stod(time)))
            {
                line = WriteAttribute(line, node ? "locX" : "x", map->x);
                line = WriteAttribute(line, node ? "locY" : "y", map->y);
                ++rewritten;
            }
        }
        out << line << '\n';
    }
    out.close();
    if (!out || std::rename(temporary.c_str(), path.c_str()) != 0)
    {
        throw std::runtime_error("NetAnimMapProjection::Rewrite: cannot write '" + path +
                                 "' (or its temporary copy '" + temporary + "')");
    }
    return rewritten;
}

} // namespace sagin
} // namespace ns3
