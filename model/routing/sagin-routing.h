// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_SAGIN_ROUTING_H
#define SAGIN_SAGIN_ROUTING_H

#include "sagin-routing-manager.h"

#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/net-device-queue-interface.h"
#include "ns3/ns3-release-compat.h"
#include "ns3/traffic-control-layer.h"

#include <vector>

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
 * sent over a link that no longer exists. A destination of the SAGIN (an address of a routed
 * node, or in a prefix another node announced, SaginRoutingManager::AnnouncePrefix) without
 * a route is dropped and the NoRoute trace says which. Any other destination, and a prefix
 * this node announced, is not this protocol's: RouteInput returns false and RouteOutput no
 * route, so the next protocol of an Ipv4ListRouting (static or global routing towards a LAN)
 * can take it, and without one Ipv4L3Protocol drops it as ns-3 does (its Drop trace).
 *
 * With FastForwarding (the default) the node's devices hand received IPv4 packets to this
 * protocol first: a packet in transit (not for the node, TTL above 1, a usable next hop, no
 * larger than the outgoing MTU) leaves at once through traffic control to the next hop's
 * device, TTL decremented and the hop recorded, as Ipv4L3Protocol would forward it, without
 * its receive, route-input and send path. Everything else (packets for the node, ARP,
 * broadcasts, expiring TTL, no route, fragmentation) takes the stack's normal path. What a
 * forwarded packet skips is Ipv4L3Protocol's own Rx, Tx and UnicastForward traces on this
 * node (so FlowMonitor counts no forwarding hops here; end hosts are unchanged), and
 * node-level protocol handlers other than the Internet stack's on the node's IPv4 devices.
 *
 * The Forward trace fires whenever this node forwards a packet in transit, on either path:
 * once per packet and forwarding node (PacketLatencyTracer records paths from it).
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

    /**
     * Where a trace of a node's SaginRouting is wanted (NoRoute, Forward): ns-3's routing
     * protocols are not aggregated to the node, so Config paths do not reach them.
     * \param node a node with the Internet stack
     * \return its SaginRouting, the IPv4 routing protocol itself or inside an
     *         Ipv4ListRouting; null if it has none
     */
    static Ptr<SaginRouting> Find(Ptr<Node> node);

    /** \param manager the shared forwarding state */
    void SetManager(Ptr<SaginRoutingManager> manager);

    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p,
                               const Ipv4Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    bool RouteInput(Ptr<const Packet> p,
                    const Ipv4Header& header,
                    Ptr<const NetDevice> idev,
                    RouteInputCallback<UnicastForwardCallback> ucb,
                    RouteInputCallback<MulticastForwardCallback> mcb,
                    RouteInputCallback<LocalDeliverCallback> lcb,
                    RouteInputCallback<ErrorCallback> ecb) override;
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
    typedef void (*NoRouteTracedCallback)(Ptr<const Packet> packet, Ipv4Address destination);

    /**
     * Signature of Forward (that of Ipv4L3Protocol's UnicastForward).
     * \param header the packet's IPv4 header as received (TTL not yet decremented)
     * \param packet the packet without its IPv4 header (same uid as the one received)
     * \param interface the IPv4 interface it arrived on
     */
    typedef void (*ForwardTracedCallback)(const Ipv4Header& header,
                                          Ptr<const Packet> packet,
                                          uint32_t interface);

  private:
    void DoDispose() override;
    /**
     * \param destination a unicast destination
     * \return this node's next hop towards it (outputInterface -1: none), never over a link
     *         that has gone since the last computation
     */
    SaginRoutingManager::NextHop NextHopTo(Ipv4Address destination);
    /**
     * \param destination a unicast destination
     * \param[out] known whether it is the SAGIN's (SaginRoutingManager::NextHop::known)
     * \return a route to it from this node, or nullptr
     */
    Ptr<Ipv4Route> Lookup(Ipv4Address destination, bool& known);
    /**
     * Receive callback of the node's IPv4 devices under FastForwarding.
     * \param interface the device's IPv4 interface
     * \param device the device
     * \param packet the packet, link-layer header removed
     * \param protocol its EtherType
     * \param from the link-layer sender
     * \return true (the packet is forwarded or handed to the stack)
     */
    bool ReceiveFromDevice(uint32_t interface,
                           Ptr<NetDevice> device,
                           Ptr<const Packet> packet,
                           uint16_t protocol,
                           const Address& from);
    /**
     * \param interface the interface the packet arrived on
     * \param packet an IPv4 packet with its header
     * \return whether it was forwarded (false: the stack must handle it)
     */
    bool FastForward(uint32_t interface, Ptr<const Packet> packet);
    /** Under FastForwarding, take over the receive callback of every IPv4 device not yet. */
    void HookDevices();
    /**
     * \param interface an IPv4 interface of the node
     * \return whether it is up
     */
    bool IsUp(uint32_t interface);

    /** How packets leave by one device. */
    struct Egress
    {
        bool known{false};           //!< looked up
        bool direct{false};          //!< no queue disc and one transmit queue
        Ptr<NetDeviceQueue> txQueue; //!< that queue (null: the device has none)
        bool needsArp{false};        //!< the device resolves addresses
        Address broadcast;           //!< its broadcast address
    };

    /**
     * \param device one of the node's devices
     * \return how packets leave by it
     */
    const Egress& EgressOf(NetDevice* device);
    /**
     * Enter the next hop's hardware address into the output interface's ARP cache, so that
     * a packet this node sends never waits for ARP
     * \param hop a route's next hop
     */
    void KnowNeighbour(const SaginRoutingManager::NextHop& hop);
    /** \return the node's traffic-control layer, looked up once */
    Ptr<TrafficControlLayer> TrafficControl();

    /**
     * \param destination a packet's destination
     * \return whether it is one of this node's addresses, a broadcast or a multicast
     */
    bool MayBeLocal(Ipv4Address destination);
    /** Addresses or interfaces changed: find them again when next needed. */
    void InterfacesChanged();

    std::vector<uint32_t> m_localAddresses; //!< own and subnet broadcast, empty: unknown
    bool m_fastForwarding;                  //!< forward transit packets from the device up
    uint8_t m_defaultTtl;                   //!< TTL of originated packets (0: Ipv4's own)
    bool m_checksums;                       //!< Node::ChecksumEnabled (a global value lookup)
    std::vector<Ptr<NetDevice>> m_hooked;   //!< devices whose receive callback is this
    Ptr<Node> m_node;                       //!< this node
    Ptr<TrafficControlLayer> m_tc;          //!< this node's traffic control

    /** An interface's state as last notified. */
    enum InterfaceState : uint8_t
    {
        UNKNOWN, //!< to be asked
        UP,      //!< up
        DOWN     //!< down
    };

    std::vector<InterfaceState> m_up;   //!< by interface index
    std::vector<Egress> m_egress;       //!< by device index, looked up once
    Ptr<Ipv4> m_ipv4;                   //!< this node's IPv4
    Ptr<SaginRoutingManager> m_manager; //!< shared forwarding state
    TracedCallback<Ptr<const Packet>, Ipv4Address> m_noRouteTrace; //!< dropped, no route
    TracedCallback<const Ipv4Header&, Ptr<const Packet>, uint32_t> m_forwardTrace; //!< in transit
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SAGIN_ROUTING_H
