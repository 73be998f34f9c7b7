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

    /** \return the forwarding state shared by the nodes of this helper (and its copies) */
    Ptr<SaginRoutingManager> GetManager() const;

  private:
    Ptr<SaginRoutingManager> m_manager; //!< shared by every copy
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SAGIN_ROUTING_HELPER_H
