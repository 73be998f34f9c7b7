// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_UAV_MOBILITY_HELPER_H
#define SAGIN_UAV_MOBILITY_HELPER_H

#include "ns3/geodesy.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/rectangle.h"

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * \brief Installs UavRandomWalkMobilityModel on UAV nodes over one service area.
 *
 * ns-3's MobilityHelper would also install the model, but it sets every node's position from
 * a position allocator in ECEF, whose default is the Earth's centre; this helper leaves the
 * start position to the model (uniform over the area unless configured).
 */
class UavMobilityHelper
{
  public:
    UavMobilityHelper();

    /**
     * \param origin geodetic origin of the area's east-north-up frame
     * \param bounds the area in that frame (east/north m)
     */
    void SetServiceArea(const GeodeticPosition& origin, const Rectangle& bounds);

    /**
     * Set an attribute of the models to create (see UavRandomWalkMobilityModel).
     * \param name attribute name
     * \param value attribute value
     */
    void SetMobilityAttribute(const std::string& name, const AttributeValue& value);

    /** \param nodes the UAV nodes to give a model each */
    void Install(NodeContainer nodes) const;

    /** \param node the UAV node to give a model */
    void Install(Ptr<Node> node) const;

    /**
     * \param nodes nodes with a UavRandomWalkMobilityModel installed
     * \param stream first random stream number to use
     * \return the number of streams used
     */
    int64_t AssignStreams(NodeContainer nodes, int64_t stream) const;

  private:
    ObjectFactory m_factory; //!< creates the mobility models
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_UAV_MOBILITY_HELPER_H
