// SPDX-License-Identifier: GPL-2.0-only

#include "ground-station-helper.h"

#include "ns3/constant-position-mobility-model.h"
#include "ns3/log.h"
#include "ns3/names.h"
#include "ns3/node.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginGroundStationHelper");

namespace
{

/** The header line of a ground-station file. */
const char* const HEADER = "name,latitude,longitude,altitude";

/**
 * \param text any text
 * \return the text without leading and trailing white space
 */
std::string
Trim(const std::string& text)
{
    const char* space = " \t\r\n\v\f";
    const auto first = text.find_first_not_of(space);
    if (first == std::string::npos)
    {
        return "";
    }
    const auto last = text.find_last_not_of(space);
    return text.substr(first, last - first + 1);
}

/**
 * \param line a CSV line
 * \return its comma-separated fields, trimmed
 */
std::vector<std::string>
Split(const std::string& line)
{
    std::vector<std::string> fields;
    std::string::size_type start = 0;
    for (;;)
    {
        const auto comma = line.find(',', start);
        fields.push_back(Trim(line.substr(start, comma - start)));
        if (comma == std::string::npos)
        {
            return fields;
        }
        start = comma + 1;
    }
}

/**
 * \param field a CSV field
 * \param value set to the number
 * \return true if the whole field is one finite number
 */
bool
ParseNumber(const std::string& field, double& value)
{
    if (field.empty())
    {
        return false;
    }
    char* end = nullptr;
    errno = 0;
    value = std::strtod(field.c_str(), &end);
    return end == field.c_str() + field.size() && errno == 0 && std::isfinite(value);
}

} // namespace

GroundStationHelper::GroundStationHelper()
{
    NS_LOG_FUNCTION(this);
}

void
GroundStationHelper::Check(const Station& station,
                           const std::vector<Station>& pending,
                           const std::string& where) const
{
    if (station.name.empty())
    {
        throw std::invalid_argument(where + "a ground station has an empty name; give every "
                                            "station a unique name");
    }
    if (station.name.find_first_of("/,") != std::string::npos)
    {
        throw std::invalid_argument(where + "ground station name '" + station.name +
                                    "' contains '/' or ','; ns-3's Names use '/' as the path "
                                    "separator and ',' separates the CSV columns: rename it");
    }
    ValidateGeodeticPosition(station.position, where + "ground station '" + station.name + "'");
    for (const auto* list : {&m_stations, &pending})
    {
        for (const auto& other : *list)
        {
            if (other.name == station.name)
            {
                throw std::invalid_argument(where + "ground station '" + station.name +
                                            "' is defined twice (first at " + other.origin +
                                            "); give each station a unique name");
            }
        }
    }
}

void
GroundStationHelper::ReadFile(const std::string& path)
{
    NS_LOG_FUNCTION(this << path);
    std::ifstream file(path);
    if (!file)
    {
        const std::string reason = std::strerror(errno);
        throw std::runtime_error("GroundStationHelper: cannot open the ground-station file '" +
                                 path + "' (" + reason +
                                 "); check the path (a relative path is relative to the "
                                 "working directory)");
    }
    std::vector<Station> stations;
    bool headerSeen = false;
    std::string line;
    uint32_t lineNumber = 0;
    while (std::getline(file, line))
    {
        ++lineNumber;
        const std::string content = Trim(line);
        if (content.empty() || content[0] == '#')
        {
            continue;
        }
        const std::string where = path + ":" + std::to_string(lineNumber) + ": ";
        const std::vector<std::string> fields = Split(content);
        if (!headerSeen)
        {
            std::string header;
            for (const auto& field : fields)
            {
                header += (header.empty() ? "" : ",") + field;
            }
            if (header != HEADER)
            {
                throw std::invalid_argument(
                    where + "expected the header line '" + HEADER +
                    "' (degrees, degrees, metres) before the stations, found '" + content +
                    "'; add the header as the first line that is not a comment");
            }
            headerSeen = true;
            continue;
        }
        if (fields.size() != 4)
        {
            throw std::invalid_argument(where + "found " + std::to_string(fields.size()) +
                                        " columns in '" + content + "', expected 4 (" + HEADER +
                                        ")");
        }
        Station station;
        station.name = fields[0];
        station.origin = path + ":" + std::to_string(lineNumber);
        const char* columns[] = {"latitude", "longitude", "altitude"};
        double values[3];
        for (int i = 0; i < 3; ++i)
        {
            if (!ParseNumber(fields[i + 1], values[i]))
            {
                throw std::invalid_argument(where + "ground station '" + station.name +
                                            "': " + columns[i] + " '" + fields[i + 1] +
                                            "' is not a number; give decimal degrees for "
                                            "latitude and longitude and metres for altitude");
            }
        }
        station.position = {values[0], values[1], values[2]};
        Check(station, stations, where);
        stations.push_back(station);
    }
    if (file.bad())
    {
        throw std::runtime_error("GroundStationHelper: reading the ground-station file '" + path +
                                 "' failed after line " + std::to_string(lineNumber) +
                                 "; check the file and the disk");
    }
    if (stations.empty())
    {
        throw std::invalid_argument(
            "GroundStationHelper: the ground-station file '" + path + "' has no stations" +
            (headerSeen ? "" : " (not even the header line)") + "; add a header line '" + HEADER +
            "' and one line per station, e.g. 'Paris,48.8566,2.3522,35'");
    }
    m_stations.insert(m_stations.end(), stations.begin(), stations.end());
    NS_LOG_INFO("read " << stations.size() << " ground stations from " << path);
}

void
GroundStationHelper::Add(const std::string& name,
                         double latitude,
                         double longitude,
                         double altitude)
{
    Add(name, GeodeticPosition{latitude, longitude, altitude});
}

void
GroundStationHelper::Add(const std::string& name, const GeodeticPosition& position)
{
    NS_LOG_FUNCTION(this << name << position.latitude << position.longitude << position.altitude);
    Station station{name, position, "GroundStationHelper::Add()"};
    Check(station, {}, "GroundStationHelper::Add: ");
    m_stations.push_back(station);
}

void
GroundStationHelper::AddList(const std::string& list)
{
    GroundStationHelper parsed(*this); // all or nothing: add to a copy, then keep it
    std::istringstream items(list);
    std::string item;
    while (std::getline(items, item, ';'))
    {
        if (item.empty())
        {
            continue;
        }
        std::istringstream fields(item);
        std::string name;
        std::string latitude;
        std::string longitude;
        std::string altitude;
        std::getline(fields, name, ':');
        std::getline(fields, latitude, ':');
        std::getline(fields, longitude, ':');
        std::getline(fields, altitude, ':');
        std::size_t used[3] = {0, 0, 0};
        double values[3] = {0, 0, 0};
        try
        {
            values[0] = std::stod(latitude, &used[0]);
            values[1] = std::stod(longitude, &used[1]);
            values[2] = altitude.empty() ? 0.0 : std::stod(altitude, &used[2]);
        }
        catch (const std::logic_error&)
        {
            used[0] = 0;
        }
        if (latitude.empty() || longitude.empty() || used[0] != latitude.size() ||
            used[1] != longitude.size() || (!altitude.empty() && used[2] != altitude.size()))
        {
            throw std::invalid_argument("GroundStationHelper::AddList: station '" + item +
                                        "' is not name:lat:lon[:alt] (degrees, degrees, m), "
                                        "e.g. Paris:48.86:2.35");
        }
        parsed.Add(name, values[0], values[1], values[2]);
    }
    *this = parsed;
}

uint32_t
GroundStationHelper::GetN() const
{
    return static_cast<uint32_t>(m_stations.size());
}

std::string
GroundStationHelper::GetName(uint32_t index) const
{
    if (index >= m_stations.size())
    {
        throw std::out_of_range("GroundStationHelper::GetName: index " + std::to_string(index) +
                                " but there are " + std::to_string(m_stations.size()) +
                                " stations; give an index below GetN()");
    }
    return m_stations[index].name;
}

GeodeticPosition
GroundStationHelper::GetGeodeticPosition(uint32_t index) const
{
    if (index >= m_stations.size())
    {
        throw std::out_of_range("GroundStationHelper::GetGeodeticPosition: index " +
                                std::to_string(index) + " but there are " +
                                std::to_string(m_stations.size()) +
                                " stations; give an index below GetN()");
    }
    return m_stations[index].position;
}

GeodeticPosition
GroundStationHelper::GetGeodeticPosition(const std::string& name) const
{
    for (const auto& station : m_stations)
    {
        if (station.name == name)
        {
            return station.position;
        }
    }
    throw std::invalid_argument("GroundStationHelper::GetGeodeticPosition: no ground station "
                                "is named '" +
                                name + "' (" + std::to_string(m_stations.size()) +
                                " stations); check the name against the file or Add() calls");
}

Vector
GroundStationHelper::GetEcefPosition(uint32_t index) const
{
    return GeodeticToEcef(GetGeodeticPosition(index));
}

NodeContainer
GroundStationHelper::Install() const
{
    NS_LOG_FUNCTION(this);
    if (m_stations.empty())
    {
        throw std::invalid_argument("GroundStationHelper::Install: no ground stations; call "
                                    "ReadFile() or Add() first");
    }
    // Check the names before creating nodes, which cannot be removed again.
    for (const auto& station : m_stations)
    {
        if (Names::Find<Object>(station.name))
        {
            throw std::runtime_error(
                "GroundStationHelper::Install: an object is already named '" + station.name +
                "' (installed twice, or another node has the name); install the stations once "
                "or rename the station");
        }
    }
    NodeContainer nodes;
    nodes.Create(GetN());
    Install(nodes);
    return nodes;
}

void
GroundStationHelper::Install(const NodeContainer& nodes) const
{
    NS_LOG_FUNCTION(this);
    if (nodes.GetN() != m_stations.size())
    {
        throw std::invalid_argument(
            "GroundStationHelper::Install: " + std::to_string(nodes.GetN()) + " nodes for " +
            std::to_string(m_stations.size()) + " ground stations; give one node per station");
    }
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        const Station& station = m_stations[i];
        if (Names::Find<Object>(station.name))
        {
            throw std::runtime_error(
                "GroundStationHelper::Install: an object is already named '" + station.name +
                "' (installed twice, or another node has the name); install the stations once "
                "or rename the station");
        }
        if (nodes.Get(i)->GetObject<MobilityModel>())
        {
            throw std::invalid_argument("GroundStationHelper::Install: node " +
                                        std::to_string(nodes.Get(i)->GetId()) + " for station '" +
                                        station.name +
                                        "' already has a mobility model; give nodes without one");
        }
    }
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        const Station& station = m_stations[i];
        Ptr<Node> node = nodes.Get(i);
        Ptr<ConstantPositionMobilityModel> mobility = CreateObject<ConstantPositionMobilityModel>();
        mobility->SetPosition(GeodeticToEcef(station.position));
        node->AggregateObject(mobility);
        Names::Add(station.name, node);
        NS_LOG_INFO("ground station " << station.name << " is node " << node->GetId() << " at "
                                      << mobility->GetPosition() << " (ECEF, m)");
    }
}

} // namespace sagin
} // namespace ns3
