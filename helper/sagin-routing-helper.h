// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_SAGIN_ROUTING_HELPER_H
#define SAGIN_SAGIN_ROUTING_HELPER_H

#include "ns3/ipv4-routing-helper.h"
#include "ns3/sagin-routing-manager.h"

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * \brief Gives every node SaginRouting over one shared SaginRoutingManager.
 *
 * Use it as the InternetStackHelper's routing helper:
 * \code
 *   SaginRoutingHelper routing;
 *   InternetStackHelper internet;
 *   internet.SetRoutingHelper(routing);
 *   internet.Install(NodeContainer(satellites, groundStations));
 * \endcode
 *
 * A station with a LAN behind it runs SaginRouting first and ns-3's static or global routing
 * after it, and announces the LAN's prefixes to the SAGIN:
 * \code
 *   Ipv4ListRoutingHelper list;
 *   list.Add(routing, 10);                 // the SAGIN's destinations
 *   list.Add(Ipv4StaticRoutingHelper(), 0); // the LAN (its connected route)
 *   InternetStackHelper stationStack;
 *   stationStack.SetRoutingHelper(list);
 *   stationStack.Install(station);
 *   // ... addresses on the GSL and the LAN ...
 *   routing.AnnouncePrefixes(station);
 * \endcode
 */
class SaginRoutingHelper : public Ipv4RoutingHelper
{
  public:
    SaginRoutingHelper();

    SaginRoutingHelper* Copy() const override;
    Ptr<Ipv4RoutingProtocol> Create(Ptr<Node> node) const override;

    /**
     * \param name a SaginRoutingManager attribute (Interval)
     * \param value its value
     */
    void SetManagerAttribute(const std::string& name, const AttributeValue& value);

    /**
     * Announce one prefix behind a routed node (SaginRoutingManager::AnnouncePrefix).
     * \param node the node
     * \param network the prefix's network address
     * \param mask its mask
     */
    void AnnouncePrefix(Ptr<Node> node, Ipv4Address network, Ipv4Mask mask) const;

    /**
     * Announce every network the node's other routing protocols reach through devices that
     * are not the SAGIN's: the non-default routes (connected or configured) of the
     * Ipv4StaticRouting and Ipv4GlobalRouting under its Ipv4ListRouting whose output
     * interface is neither a GSL nor an ISL device nor the loopback. Call it after addresses
     * and routes are set (after Ipv4GlobalRoutingHelper::PopulateRoutingTables for global
     * routing). Throws std::invalid_argument when the node has no Ipv4ListRouting, or as
     * AnnouncePrefix does.
     * \param node a routed node with an Ipv4ListRouting
     * \return how many distinct prefixes were announced
     */
    uint32_t AnnouncePrefixes(Ptr<Node> node) const;

    /** \return the forwarding state shared by the nodes of this helper (and its copies) */
    Ptr<SaginRoutingManager> GetManager() const;

  private:
    Ptr<SaginRoutingManager> m_manager; //!< shared by every copy
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SAGIN_ROUTING_HELPER_H
