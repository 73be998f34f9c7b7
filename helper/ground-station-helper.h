// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_GROUND_STATION_HELPER_H
#define SAGIN_GROUND_STATION_HELPER_H

#include "ns3/geodesy.h"
#include "ns3/node-container.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Creates ground-station nodes at fixed geodetic positions, read from a CSV file or added
 * one by one.
 *
 * Each station becomes a Node with a ConstantPositionMobilityModel at its ECEF position
 * (GeodeticToEcef(), metres; the module's single frame) and is named in ns-3's name
 * service (Names::Add(name)), so it can be found as Names::Find<Node>(name) and in
 * Config paths as "/Names/<name>/...".
 *
 * File format (UTF-8 text):
 * \verbatim
   # comment lines start with '#'; blank lines are ignored
   name,latitude,longitude,altitude
   Svalbard,78.2297,15.4078,500
   \endverbatim
 * The first line that is neither blank nor a comment is the header, exactly these four
 * column names in this order. Then one station per line: a name (unique, non-empty, without
 * '/' or ','), the geodetic latitude (decimal degrees, -90..90, north positive), the longitude
 * (decimal degrees, -180..360, east positive) and the height above the WGS-84 ellipsoid
 * (metres). Spaces around fields are ignored; fields are not quoted.
 *
 * Errors throw and add nothing: a file that cannot be opened (std::runtime_error); a missing
 * or wrong header, a wrong number of columns, a field that is not a number, a position out of
 * range, a duplicate name, or a file without stations (std::invalid_argument). Every message
 * names the file, the line number, the station and the offending value.
 */
class GroundStationHelper
{
  public:
    GroundStationHelper();

    /**
     * Append the stations of a CSV file (format in the class description). On any error
     * nothing of the file is added.
     * \param path the file
     */
    void ReadFile(const std::string& path);

    /**
     * Append one station. Throws std::invalid_argument for an empty name, a name with '/'
     * or ',', a duplicate name or a position out of range.
     * \param name unique station name
     * \param latitude geodetic latitude (degrees, -90..90, north positive)
     * \param longitude longitude (degrees, -180..360, east positive)
     * \param altitude height above the WGS-84 ellipsoid (m)
     */
    void Add(const std::string& name, double latitude, double longitude, double altitude);

    /**
     * Append one station.
     * \param name unique station name
     * \param position geodetic latitude/longitude (degrees) and altitude (m)
     */
    void Add(const std::string& name, const GeodeticPosition& position);

    /**
     * Append stations written as "name:lat:lon[:alt];name:lat:lon[:alt];..." (degrees,
     * degrees, metres; altitude 0 if left out), as a command-line option gives them. On any
     * error (std::invalid_argument naming the item) nothing of the list is added.
     * \param list the stations
     */
    void AddList(const std::string& list);

    /** \return the number of stations */
    uint32_t GetN() const;

    /**
     * \param index 0..GetN()-1, in the order the stations were added
     * \return the station's name; throws std::out_of_range for a bad index
     */
    std::string GetName(uint32_t index) const;

    /**
     * \param index 0..GetN()-1, in the order the stations were added
     * \return the station's geodetic position; throws std::out_of_range for a bad index
     */
    GeodeticPosition GetGeodeticPosition(uint32_t index) const;

    /**
     * \param name a station's name
     * \return its geodetic position; throws std::invalid_argument for an unknown name
     */
    GeodeticPosition GetGeodeticPosition(const std::string& name) const;

    /**
     * \param index 0..GetN()-1
     * \return the station's ECEF position (m); throws std::out_of_range for a bad index
     */
    Vector GetEcefPosition(uint32_t index) const;

    /**
     * Create one node per station, in order, each with its mobility model and name.
     * Throws std::runtime_error when a station's name is already taken in Names (the helper
     * was installed twice, or another node has the name) and std::invalid_argument when
     * there are no stations.
     * \return the new nodes
     */
    NodeContainer Install() const;

    /**
     * Give existing nodes the stations' positions and names: node i becomes station i.
     * The nodes must not have a mobility model yet.
     * \param nodes exactly GetN() nodes
     */
    void Install(const NodeContainer& nodes) const;

  private:
    /** A station and where it came from. */
    struct Station
    {
        std::string name;          //!< unique name
        GeodeticPosition position; //!< geodetic position
        std::string origin;        //!< "file:line" or "Add()", for messages
    };

    /**
     * Check a new station against the rules and the stations known so far.
     * \param station the new station
     * \param pending stations read from the same file but not yet added
     * \param where "file:line: " or "GroundStationHelper::Add: " prefix for messages
     */
    void Check(const Station& station,
               const std::vector<Station>& pending,
               const std::string& where) const;

    std::vector<Station> m_stations; //!< in the order added
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_GROUND_STATION_HELPER_H
