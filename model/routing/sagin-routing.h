// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_SAGIN_ROUTING_H
#define SAGIN_SAGIN_ROUTING_H

#include "sagin-routing-manager.h"

#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"

#include <unordered_set>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * \brief Forwards IPv4 packets by the SaginRoutingManager's forwarding state.
 *
 * Installed on every satellite and ground node by SaginRoutingHelper. A packet for one of
 * the node's addresses is delivered locally; any other goes to the next hop the manager
 * computed for its destination. A next hop whose link has gone since the last computation
 * (ISL out of range, ground handed over) triggers a recomputation first, so no packet is
 * sent over a link that no longer exists. Without a route the packet is dropped and the
 * NoRoute trace says which.
 */
class SaginRouting : public Ipv4RoutingProtocol
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    SaginRouting();

    /** \param manager the shared forwarding state */
    void SetManager(Ptr<SaginRoutingManager> manager);

    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p,
                               const Ipv4Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    bool RouteInput(Ptr<const Packet> p,
                    const Ipv4Header& header,
                    Ptr<const NetDevice> idev,
                    UnicastForwardCallback ucb,
                    MulticastForwardCallback mcb,
                    LocalDeliverCallback lcb,
                    ErrorCallback ecb) override;
    void NotifyInterfaceUp(uint32_t interface) override;
    void NotifyInterfaceDown(uint32_t interface) override;
    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void SetIpv4(Ptr<Ipv4> ipv4) override;
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

    /**
     * Signature of NoRoute.
     * \param packet the packet dropped
     * \param destination its destination
     */
    typedef void (*NoRouteCallback)(Ptr<const Packet> packet, Ipv4Address destination);

  private:
    void DoDispose() override;
    /**
     * \param destination a unicast destination
     * \return a route to it from this node, or nullptr
     */
    Ptr<Ipv4Route> Lookup(Ipv4Address destination);

    /**
     * \param destination a packet's destination
     * \return whether it is one of this node's addresses, a broadcast or a multicast
     */
    bool MayBeLocal(Ipv4Address destination);
    /** Addresses or interfaces changed: find them again when next needed. */
    void InterfacesChanged();

    std::unordered_set<uint32_t> m_localAddresses; //!< own and subnet broadcast, empty: unknown
    Ptr<Ipv4> m_ipv4;                              //!< this node's IPv4
    Ptr<SaginRoutingManager> m_manager;            //!< shared forwarding state
    TracedCallback<Ptr<const Packet>, Ipv4Address> m_noRouteTrace; //!< dropped, no route
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SAGIN_ROUTING_H
