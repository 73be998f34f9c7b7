// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_NETANIM_MAP_PROJECTION_H
#define SAGIN_NETANIM_MAP_PROJECTION_H

#include "ns3/mobility-model.h"
#include "ns3/nstime.h"
#include "ns3/vector.h"

#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * \brief Shows a NetAnim trace of a SAGIN on a world map.
 *
 * ns-3's AnimationInterface writes every node's position as the x and y of its
 * MobilityModel, which in this module are Earth-centred, Earth-fixed metres: seen that way a
 * constellation is a disc around the North Pole. This records every node's geodetic
 * position at the instants the AnimationInterface records positions (its creation, every
 * poll interval, every course change) and, once the animation file is closed, rewrites the
 * positions in it as an equirectangular map in degrees: x = longitude + 180 (0..360,
 * east to the right), y = 90 - latitude (0..180, north up, as NetAnim's y grows
 * downwards). Satellites appear at their sub-satellite points.
 *
 * Usage: create it right after the AnimationInterface, with the same poll interval; run;
 * destroy the AnimationInterface (which closes the file); call Rewrite(file).
 */
class NetAnimMapProjection
{
  public:
    /**
     * Record every node's position now, then every pollInterval and at every course change.
     * \param pollInterval the AnimationInterface's mobility poll interval (> 0)
     */
    explicit NetAnimMapProjection(Time pollInterval);

    /**
     * \param ecef a position (ECEF, m)
     * \return where the map shows it: (longitude + 180, 90 - latitude) (degrees)
     */
    static Vector Project(const Vector& ecef);

    /**
     * Rewrite the node positions of a closed NetAnim XML file in map coordinates.
     * \param path the file the AnimationInterface wrote
     * \return how many positions were rewritten
     */
    uint64_t Rewrite(const std::string& path) const;

  private:
    /** One recorded position of one node. */
    struct Sample
    {
        double time; //!< simulation time (s)
        Vector map;  //!< map position (degrees)
    };

    /** Record every node's position, and again after the poll interval. */
    void SampleAll();
    /**
     * \param mobility a node's mobility model, which just changed course
     */
    void OnCourseChange(Ptr<const MobilityModel> mobility);
    /**
     * \param nodeId a node
     * \param time a simulation time (s) (-1: the first sample)
     * \return the node's map position recorded closest to that time, or nullptr
     */
    const Vector* Find(uint32_t nodeId, double time) const;

    Time m_pollInterval;                        //!< between samples
    std::vector<std::vector<Sample>> m_samples; //!< per node id, in time order
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_NETANIM_MAP_PROJECTION_H
