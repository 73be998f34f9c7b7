// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_SAGIN_ROUTING_MANAGER_H
#define SAGIN_SAGIN_ROUTING_MANAGER_H

#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <unordered_map>
#include <vector>

namespace ns3
{
namespace sagin
{

class GslNetDevice;

/**
 * \ingroup sagin
 * \brief Forwarding state of the whole SAGIN, recomputed as the topology moves.
 *
 * Every Interval (100 ms) and whenever a ground device hands over, it takes a snapshot of the
 * topology as a Boost.Graph: one vertex per routed node, one edge per inter-satellite link
 * that is up and per ground-satellite attachment, weighted by the propagation delay over it
 * now (distance / c). For every destination (the IPv4 addresses of ground nodes: ground
 * stations, UEs, UAVs) a Dijkstra tree gives every node its next hop: output interface and
 * gateway. SaginRouting, the Ipv4RoutingProtocol on each node, forwards by that state.
 */
class SaginRoutingManager : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    SaginRoutingManager();

    /** \param node a node routed by SaginRouting (its routing protocol registers it) */
    void AddNode(Ptr<Node> node);

    /** Where a node sends packets for one destination. */
    struct NextHop
    {
        int32_t outputInterface{-1}; //!< on the node, -1 = no route
        Ipv4Address gateway;         //!< next hop's address on that link
        double delay{0};             //!< propagation delay to the destination along the path (s)
    };

    /**
     * \param node the node forwarding
     * \param destination the packet's destination
     * \return the next hop; outputInterface -1 if there is none
     */
    NextHop Lookup(Ptr<Node> node, Ipv4Address destination);

    /** Recompute the forwarding state now. */
    void Recompute();

    /**
     * \return whether the link of a next hop still exists (ISL in range, GSL still attached)
     * \param node the node forwarding
     * \param hop its next hop
     */
    bool IsUsable(Ptr<Node> node, const NextHop& hop) const;

    /** \return how many times the state was computed */
    uint64_t GetRecomputations() const;

    /**
     * Signature of Recomputed.
     * \param vertices nodes in the graph
     * \param edges links in the graph
     */
    typedef void (*RecomputedCallback)(uint32_t vertices, uint32_t edges);

  private:
    void DoDispose() override;
    /** Periodic recomputation. */
    void Tick();
    /** Recompute at the current instant, once however many handovers happen in it. */
    void ScheduleRecompute();
    /**
     * \param ground a ground device that changed satellite
     * \param from the satellite left
     * \param to the satellite joined
     */
    void OnHandover(Ptr<GslNetDevice> ground, Ptr<GslNetDevice> from, Ptr<GslNetDevice> to);

    Time m_interval;                                 //!< between recomputations
    std::vector<Ptr<Node>> m_nodes;                  //!< routed nodes
    std::unordered_map<uint32_t, uint32_t> m_vertex; //!< node id -> vertex
    /** destination address -> next hop of every vertex */
    std::unordered_map<uint32_t, std::vector<NextHop>> m_table;
    bool m_started;                                       //!< periodic updates running
    bool m_dirty;                                         //!< topology changed since computed
    EventId m_pending;                                    //!< a recomputation at this instant
    uint64_t m_recomputations;                            //!< count
    TracedCallback<uint32_t, uint32_t> m_recomputedTrace; //!< after each recomputation
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SAGIN_ROUTING_MANAGER_H
