// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_CONSTELLATION_HELPER_H
#define SAGIN_CONSTELLATION_HELPER_H

#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/orbit.h"
#include "ns3/orbital-plane-inference.h"
#include "ns3/tle-orbit.h"
#include "ns3/two-line-element.h"
#include "ns3/vector.h"
#include "ns3/walker-constellation.h"

#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * \brief Creates satellite nodes with a SatelliteMobilityModel each.
 *
 * Walker shells give CircularOrbit satellites. Node i of the returned container is
 * satellite i of GenerateWalkerConstellation (shell by shell, plane by plane, slot by slot);
 * GetWalkerSatellites() tells which is which. Element sets give TleOrbit satellites, node i
 * for element set i, all sharing one simulation start instant. GetPlusGridLayout() numbers
 * every satellite installed so far for IslHelper::InstallPlusGrid, inferring the planes of
 * the TLE satellites.
 */
class ConstellationHelper
{
  public:
    ConstellationHelper();

    /**
     * Name every satellite node with ns3::Names as prefix + global index ("" = no names).
     * \param prefix the name prefix
     */
    void SetNamePrefix(const std::string& prefix);

    /**
     * Partition the satellites for a distributed (MPI) run: each Install spreads the planes
     * of its shells (counted shell by shell) over the ranks in contiguous blocks, plane p of
     * P on rank floor(p R / P), and creates every satellite with its rank as the Node's
     * system id. Contiguous blocks keep the links of a plane and of neighbouring planes on
     * one rank, so only the R block borders cross ranks (one of each +Grid ring of a Walker
     * delta shell). The default, one rank, is a sequential run.
     * \param ranks how many ranks (MpiInterface::GetSize() in a distributed script)
     * \throws std::invalid_argument for zero ranks
     */
    void SetRanks(uint32_t ranks);

    /**
     * \param plane a plane counted over the shells of one Install
     * \param planes how many planes those shells have
     * \param ranks how many ranks
     * \return the rank that SetRanks(ranks) gives the plane's satellites
     */
    static uint32_t GetPlaneRank(uint32_t plane, uint32_t planes, uint32_t ranks);

    /**
     * The rank for a ground node in a distributed run: that of the satellite nearest to it
     * now (the one it will most likely attach to first), so that its first frames stay on
     * its rank; later handovers may take them to satellites of other ranks.
     * \param satellites satellite nodes with mobility models (their system ids are ranks)
     * \param position the ground node's position (ECEF, m)
     * \return the nearest satellite's system id
     * \throws std::invalid_argument when there are no satellites
     */
    static uint32_t GetNearestSatelliteRank(const NodeContainer& satellites,
                                            const Vector& position);

    /**
     * The satellites' mobility model (default SatelliteMobilityModel), created through an
     * ObjectFactory as ns-3's MobilityHelper does; its Orbit is set by Install.
     * \param type a SatelliteMobilityModel TypeId name (the class or a subclass)
     * \param name one of its attributes, or "" for none
     * \param value its value
     * \throws std::invalid_argument for another type, an unknown attribute or a bad value
     */
    void SetMobilityModel(const std::string& type,
                          const std::string& name = "",
                          const AttributeValue& value = EmptyAttributeValue());

    /**
     * \param shell one Walker shell (validated; std::invalid_argument on bad parameters)
     * \return one node per satellite
     */
    NodeContainer Install(const WalkerShell& shell);

    /**
     * \param shells Walker shells (validated; std::invalid_argument on bad parameters, and
     *        when SetRanks asked for more ranks than the shells have planes)
     * \return one node per satellite
     */
    NodeContainer Install(const std::vector<WalkerShell>& shells);

    /**
     * UTC instant of simulation time 0 for the TLE satellites installed next.
     * \param utc ISO-8601 UTC (YYYY-MM-DDTHH:MM:SS[.s]Z), or "" for the earliest epoch of
     *        the element sets installed (the default)
     */
    void SetTleSimulationStart(const std::string& utc);

    /**
     * \param elementSets parsed element sets (see ReadTleFile)
     * \return one node per element set, each with a SatelliteMobilityModel on a TleOrbit
     * \throws std::invalid_argument when SetRanks set more than one rank: their planes are
     *         known only from GetPlusGridLayout, after the nodes exist
     */
    NodeContainer InstallTle(const std::vector<TwoLineElement>& elementSets);

    /**
     * \param path a TLE file (2- or 3-line format; std::invalid_argument on bad content)
     * \return one node per element set in the file, in file order
     */
    NodeContainer InstallTleFile(const std::string& path);

    /**
     * \return every Walker satellite installed so far, in node order; WalkerSatellite::shell
     *         counts the shells of all Install calls, in order
     */
    const std::vector<WalkerSatellite>& GetWalkerSatellites() const;

    /**
     * The +Grid layout of every satellite installed so far, in node order (Walker and TLE
     * installs in the order they were made), for IslHelper::InstallPlusGrid. Walker satellites
     * keep their generated shell, plane and slot, and their shells come first. The planes of
     * the TLE satellites are inferred by InferPlusGridLayout from their TEME states at one
     * instant, the simulation start of the first TLE install (so element sets of different
     * epochs compare at the same time); their shells follow the Walker ones. Walker and TLE
     * satellites never share a shell.
     *
     * Throws std::invalid_argument, naming the satellite (index in install order, catalogue
     * number, name), when SGP4 fails for a TLE satellite at that instant, or InferPlusGridLayout's
     * message when the TLE satellites do not form complete, separated planes.
     *
     * \param tolerances shell and plane tolerances for the TLE satellites
     * \return each satellite's shell, plane and slot, and the shells
     */
    PlusGridLayout GetPlusGridLayout(const PlaneInferenceTolerances& tolerances = {}) const;

  private:
    /**
     * \param orbit the trajectory
     * \param rank the node's system id
     * \return a new node with a SatelliteMobilityModel on orbit, named if a prefix is set
     */
    Ptr<Node> CreateSatellite(Ptr<Orbit> orbit, uint32_t rank);

    std::string m_namePrefix; //!< node name prefix ("" = none)
    ObjectFactory m_mobility; //!< the satellites' mobility models
    std::string m_tleStart;   //!< TLE simulation start, ISO-8601 UTC ("" = earliest epoch)
    std::vector<WalkerSatellite> m_satellites; //!< what Install created, in order
    std::vector<WalkerShell> m_shells;         //!< the shells of every Install, in order
    /// Per satellite, in install order: its TleOrbit, or null for a Walker satellite.
    std::vector<Ptr<TleOrbit>> m_tleOrbits;
    uint32_t m_installed; //!< satellites named so far
    uint32_t m_ranks;     //!< ranks the planes are spread over (1: sequential)
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CONSTELLATION_HELPER_H
