// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_SAGIN_HELPER_H
#define SAGIN_SAGIN_HELPER_H

#include "ns3/constellation-helper.h"
#include "ns3/geodesy.h"
#include "ns3/ground-station-helper.h"
#include "ns3/gsl-helper.h"
#include "ns3/ipv4-interface-container.h"
#include "ns3/ipv4-routing-helper.h"
#include "ns3/isl-helper.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/random-variable-stream.h"
#include "ns3/sagin-routing-helper.h"
#include "ns3/two-line-element.h"
#include "ns3/uav-mobility-helper.h"
#include "ns3/walker-constellation.h"

#include <memory>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/** \ingroup sagin
 * A UAV access cell: UAVs flying study C's bounded random walk over a square area and the
 * user equipment (UEs) they serve in it.
 */
struct UavCell
{
    GeodeticPosition centre; //!< centre of the area (latitude, longitude in degrees, altitude m)
    double side{2000};       //!< side of the square area (m)
    uint32_t uavs{1};        //!< UAVs over the area
    uint32_t users{0};       //!< UEs placed uniformly at random in the area
};

/** \ingroup sagin
 * What SaginHelper::Install built. Containers are in the order of the description: shells in
 * order, stations in order, cells in order with each cell's UAVs (and UEs) together.
 */
struct SaginNetwork
{
    NodeContainer satellites; //!< every satellite, shell by shell
    NodeContainer stations;   //!< the ground stations
    NodeContainer uavs;       //!< the UAVs of every cell
    NodeContainer users;      //!< the UEs of every cell

    NetDeviceContainer isls;         //!< +Grid ISL devices, two per link
    NetDeviceContainer satelliteGsl; //!< satellites' GSL devices
    NetDeviceContainer stationGsl;   //!< stations' GSL devices
    NetDeviceContainer uavGsl;       //!< UAVs' GSL devices (their backhaul to the satellites)
    NetDeviceContainer uavAccess;    //!< UAVs' access devices (the cell's base-station side)
    NetDeviceContainer userAccess;   //!< UEs' access devices

    Ipv4InterfaceContainer satelliteAddresses; //!< satellites' GSL addresses
    Ipv4InterfaceContainer stationAddresses;   //!< stations' GSL addresses
    Ipv4InterfaceContainer uavAddresses;       //!< UAVs' GSL addresses
    Ipv4InterfaceContainer userAddresses;      //!< UEs' access addresses

    SaginRoutingHelper routing; //!< the routing every node shares (manager, prefixes)
};

/**
 * \ingroup sagin
 * \brief Installs a whole space-air-ground network from a description, in one call.
 *
 * The description: Walker shells (or constellation presets), ground stations, UAV cells; the
 * helpers' attributes (ISL, GSL, UAV access) for anything that differs from the defaults.
 * Install() then does what a scenario script would otherwise spell out: satellites on their
 * orbits with +Grid ISLs, stations, UAVs on their random walk and UEs, GSL devices (stations
 * and UAVs attach to satellites), the UAV access links (study C's air-to-ground channel), the
 * Internet stack with SaginRouting everywhere, and addresses:
 *
 * | link            | addresses                        |
 * |-----------------|----------------------------------|
 * | GSL             | 10.0.0.0/16: satellites, stations, UAVs |
 * | UAV access      | 10.64.0.0/16: UAVs, then UEs     |
 * | ISL             | a /30 per link from 10.128.0.0   |
 *
 * Satellites forward with their devices' drop-tail queues (no FqCoDel on the ISLs).
 *
 * \code
 *   SaginHelper sagin;
 *   sagin.AddShell(shell);
 *   sagin.AddGroundStations(stations); // a GroundStationHelper
 *   SaginNetwork net = sagin.Install();
 *   InstallPing(net.stations.Get(0), net.stationAddresses.GetAddress(1),
 *               Seconds(1), Seconds(1), Seconds(10), rtt); // interval, start, stop
 * \endcode
 */
class SaginHelper
{
  public:
    SaginHelper();

    /** \param shell a Walker shell to install (WalkerShell::Validate is called) */
    void AddShell(const WalkerShell& shell);

    /** \param shells Walker shells to install, e.g. GetConstellationPreset("kuiper") */
    void AddShells(const std::vector<WalkerShell>& shells);

    /**
     * Satellites from a TLE file (2- or 3-line; read now, std::invalid_argument on bad
     * content), propagated by SGP4 and linked in +Grid by the planes and slots inferred from
     * their orbits (ConstellationHelper::GetPlusGridLayout; Install throws
     * std::invalid_argument naming the plane when they form no grid).
     * \param path the file
     */
    void AddTleFile(const std::string& path);

    /** \param elementSets TLE satellites (as AddTleFile, already parsed) */
    void AddTle(const std::vector<TwoLineElement>& elementSets);

    /**
     * \param utc ISO-8601 UTC instant of simulation time 0 for the TLE satellites (default:
     *        the earliest epoch among them; std::invalid_argument on a bad instant)
     */
    void SetTleSimulationStart(const std::string& utc);

    /** \param stations ground stations to install (names become ns-3 Names) */
    void AddGroundStations(const GroundStationHelper& stations);

    /** \param cell a UAV cell to install (std::invalid_argument on a bad cell) */
    void AddUavCell(const UavCell& cell);

    /**
     * \param type the TypeId name of the stations' and UAVs' GslAttachmentPolicy (default
     *        ns3::sagin::HighestElevationAttachmentPolicy); forgets attributes set before
     */
    void SetAttachmentPolicy(const std::string& type);

    /**
     * \param name an attribute of that policy (MinElevation in degrees, Hysteresis,
     *        MinMeanSnr); std::invalid_argument when it has none or the value is out of range
     * \param value its value
     */
    void SetAttachmentPolicyAttribute(const std::string& name, const AttributeValue& value);

    /** \return the ISL helper Install() uses, to set its attributes (DataRate, MaxRange) */
    IslHelper& Isl();

    /** \return the GSL helper Install() uses (channel, satellite and ground attributes) */
    GslHelper& Gsl();

    /**
     * \return the UAV access helper Install() uses; its defaults are study C's channel
     *         (UavAirToGroundPropagationLossModel, 10 MHz and 1 W per UAV over 4
     *         sub-channels, noise -110 dBm, UE 23 dBm)
     */
    GslHelper& Access();

    /** \return the UAV mobility helper Install() uses (Height, Speed, ...) */
    UavMobilityHelper& UavMobility();

    /** \return the routing helper shared by every node (SetManagerAttribute) */
    SaginRoutingHelper& Routing();

    /**
     * \param helper routing for the ground stations instead of SaginRouting alone, e.g. an
     *        Ipv4ListRoutingHelper with Routing() and Ipv4StaticRoutingHelper for a LAN
     *        behind a station
     */
    void SetStationRoutingHelper(const Ipv4RoutingHelper& helper);

    /**
     * Fix the random streams of the UE placement, the UAVs' walks and the GSL and access
     * channels' loss models (ns-3's AssignStreams convention).
     * \param stream first stream number
     */
    void AssignStreams(int64_t stream);

    /**
     * \return the network described; std::invalid_argument on an empty or too large one, or
     *         when called a second time (a helper installs one network)
     */
    SaginNetwork Install();

  private:
    /**
     * Create a cell's UAVs (on their walk) and UEs (placed), added to the network's
     * containers.
     * \param net the network so far
     * \param cell the cell
     * \param placement draws the UEs' east and north offsets
     */
    void InstallCell(SaginNetwork& net, const UavCell& cell, Ptr<UniformRandomVariable> placement);

    std::vector<WalkerShell> m_shells;         //!< to install
    std::vector<TwoLineElement> m_elementSets; //!< TLE satellites to install
    ConstellationHelper m_constellation;       //!< installs the satellites (TLE start set early)
    GroundStationHelper m_stations;            //!< to install
    std::vector<UavCell> m_cells;              //!< to install
    ObjectFactory m_policy;                    //!< attachment policies
    IslHelper m_isl;                           //!< ISLs
    GslHelper m_gsl;                           //!< ground-satellite links
    GslHelper m_access;                        //!< UAV access links
    UavMobilityHelper m_uavMobility;           //!< UAV walks
    SaginRoutingHelper m_routing;              //!< shared routing
    std::unique_ptr<Ipv4RoutingHelper> m_stationRouting; //!< stations' routing, or null
    bool m_installed{false};                             //!< Install was called
    int64_t m_stream{-1};                                //!< first stream (-1: not fixed)
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SAGIN_HELPER_H
