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

#include <functional>
#include <memory>
#include <queue>
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
 * topology as a graph in compressed sparse row form: one vertex per routed node, one edge per
 * inter-satellite link that is up and per ground-satellite attachment, weighted by the
 * propagation delay over it now (distance / c). Every IPv4 address of a routed node (ground
 * station, UE, UAV or satellite) is a destination: the first packet towards it after a
 * snapshot computes its shortest-path tree, which gives every node its next hop (output
 * interface and gateway), and the tree serves every later packet until the next snapshot.
 * A destination's tree from the previous snapshot seeds the next one: its paths are re-timed
 * with the new delays and only the vertices whose path got beaten are corrected (a
 * label-correcting pass with a heap), which gives the same distances as a Dijkstra from
 * scratch at a fraction of the work while the topology moves smoothly. SaginRouting, the
 * Ipv4RoutingProtocol on each node, forwards by that state.
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
    ~SaginRoutingManager() override;

    /** \param node a node routed by SaginRouting (its routing protocol registers it) */
    void AddNode(Ptr<Node> node);

    /**
     * Devices or addresses changed on a routed node: look them up again at the next
     * recomputation (SaginRouting calls this from its Notify* methods).
     */
    void NotifyInterfacesChanged();

    /** Where a node sends packets for one destination. */
    struct NextHop
    {
        int32_t outputInterface{-1}; //!< on the node, -1 = no route
        Ipv4Address gateway;         //!< next hop's address on that link
        double delay{0};             //!< propagation delay to the destination along the path (s)
        uint32_t link{0};            //!< the snapshot's link it leaves by
        NetDevice* device{nullptr};  //!< the node's device on that link
        NetDevice* peer{nullptr};    //!< the next hop's device on that link
        /**
         * The destination is an address of a routed node or in a prefix announced by another
         * node than the one asking; false: not this routing's business (SaginRouting lets
         * the next protocol of an Ipv4ListRouting try).
         */
        bool known{false};
    };

    /**
     * Route a prefix to a routed node (a ground station with a LAN behind it): packets for
     * its addresses that are no routed node's go to that node over the SAGIN, and its other
     * routing protocols (under Ipv4ListRouting) take them on from there. The longest
     * announced prefix that matches wins. Announcing the same prefix from the same node again
     * does nothing. Throws std::invalid_argument naming the prefix and the fix when the node
     * is not routed, the prefix is the default route, another node announced it, or an
     * address of another routed node lies in it (announce after assigning addresses).
     * \param node the routed node the prefix lies behind
     * \param network the prefix's network address
     * \param mask its mask
     */
    void AnnouncePrefix(Ptr<Node> node, Ipv4Address network, Ipv4Mask mask);

    /**
     * \param node the node forwarding
     * \param destination the packet's destination
     * \return the next hop; outputInterface -1 if there is none (known false: the
     *         destination is not the SAGIN's, or lies behind this node)
     */
    NextHop Lookup(Ptr<Node> node, Ipv4Address destination);

    /** Recompute the forwarding state now. */
    void Recompute();

    /**
     * \param hop a next hop Lookup gave since the last recomputation
     * \return whether its link still exists (ISL in range, GSL still attached)
     */
    bool IsUsable(const NextHop& hop) const;

    /** \return how many times the state was computed */
    uint64_t GetRecomputations() const;

    /**
     * Signature of Recomputed.
     * \param vertices nodes in the graph
     * \param edges links in the graph
     */
    typedef void (*RecomputedTracedCallback)(uint32_t vertices, uint32_t edges);

  private:
    struct Ports;    //!< the link-capable devices of every node (changes rarely)
    struct Snapshot; //!< the graph of one instant and the trees computed on it

    void DoDispose() override;
    /** Periodic recomputation. */
    void Tick();
    /** Recompute at the current instant, once however many handovers happen in it. */
    void ScheduleRecompute();
    /** \param ground a ground device whose set of attached satellites changed */
    void OnAttachmentsChanged(Ptr<GslNetDevice> ground);
    /** Find every node's ISL and GSL devices, interfaces and addresses again. */
    void FindPorts();

    /**
     * Shortest paths towards one destination, as flat arrays by vertex (a pass over every vertex
     * or link reads only the arrays it needs, contiguous). Each has one slot more than there are
     * vertices: the gap vertex, which stands in the order where a vertex was taken out (its
     * path is itself over a zero delay, so re-timing it changes nothing).
     */
    struct Tree
    {
        std::vector<double> distance; //!< delay to the destination (s), infinity: unreachable
        std::vector<uint32_t> parent; //!< next vertex towards it (NO_VERTEX: none)
        std::vector<uint32_t> link;   //!< the snapshot's link to that vertex
        std::vector<uint32_t> order;  //!< reachable vertices (and gaps), destination first
        std::vector<uint32_t> place;  //!< by vertex, its index in order (NO_PLACE: not in it)
        std::vector<uint64_t> onPath; //!< bit per link: some vertex's path leaves by it
        uint32_t gaps{0};             //!< entries of order that are the gap vertex
        bool parentsFirst{false};     //!< order lists every vertex after its next vertex
        uint64_t structure{0};        //!< the set of links the link indices refer to
        uint64_t snapshot{0};         //!< the recomputation it was computed on
    };

    /**
     * \param destination a vertex
     * \return every vertex's path towards it on the current snapshot
     */
    const Tree& TreeTowards(uint32_t destination);
    /**
     * \param tree a tree of the current snapshot
     * \param vertex a vertex
     * \return the vertex's next hop in that tree
     */
    NextHop HopOf(const Tree& tree, uint32_t vertex) const;
    /**
     * Shortest paths towards a destination from scratch (Dijkstra, binary heap).
     * \param destination a vertex
     * \param[out] tree the paths
     */
    void ShortestPathsFromScratch(uint32_t destination, Tree& tree) const;

    /** Vertices to settle: (delay, vertex), nearest first; stale items are skipped. */
    using DelayHeap = std::priority_queue<std::pair<double, uint32_t>,
                                          std::vector<std::pair<double, uint32_t>>,
                                          std::greater<std::pair<double, uint32_t>>>;

    /**
     * Settle m_heap's vertices nearest first, offering each one's edges to its neighbours
     * (Dijkstra's step), until the heap is empty. A neighbour whose next vertex is the settled
     * one and whose delay did not shrink is appended to m_unmoved: its place in an order may
     * now come before its next vertex's.
     * \param tree a tree, updated
     * \param[out] settled the settled vertices are appended, in the order settled
     */
    void Settle(Tree& tree, std::vector<uint32_t>& settled) const;
    /**
     * Index a tree's order afresh (no gaps) and find whether it lists parents first.
     * \param destination the tree's destination
     * \param tree the tree, its order filled
     */
    void IndexOrder(uint32_t destination, Tree& tree) const;
    /**
     * Mark every link a tree's paths leave by (Tree::onPath), afresh.
     * \param tree the tree
     */
    void MarkPathLinks(Tree& tree) const;
    /**
     * Offer a vertex a shorter path in the pass over every link: its old link and the links
     * of the vertices whose paths go through it may now offer something, so the ones still
     * ahead in the pass are marked to be looked at (m_recheck).
     * \param tree the tree
     * \param v the vertex
     * \param distance its new delay (s)
     * \param parent its new next vertex
     * \param link the link to it, the one the pass is at
     */
    void Shorten(Tree& tree, uint32_t v, double distance, uint32_t parent, uint32_t link) const;
    /**
     * Shortest paths towards a destination, starting from an earlier snapshot's tree: every
     * vertex's old path re-timed on the new graph (an upper bound), then corrected wherever an
     * edge offers a shorter one, until no edge does (then every label is the shortest delay).
     * \param destination a vertex
     * \param[in,out] tree the earlier snapshot's paths in, this snapshot's out
     */
    void ShortestPathsFromTree(uint32_t destination, Tree& tree) const;
    /**
     * Re-time one vertex's path: its old next vertex's delay plus the link's delay now.
     * \param tree a tree, the vertex's next vertex re-timed already
     * \param v the vertex
     * \param sameLinks whether the tree's link indices are this snapshot's
     * \return false if the path is gone (next vertex unreachable, link gone)
     */
    bool Retime(Tree& tree, uint32_t v, bool sameLinks) const;
    /**
     * Re-time every vertex, parents first, without an order to go by.
     * \param destination the tree's destination
     * \param tree the tree
     * \param sameLinks whether the tree's link indices are this snapshot's
     */
    void RetimeByChains(uint32_t destination, Tree& tree, bool sameLinks) const;

    static constexpr uint32_t NO_VERTEX = UINT32_MAX; //!< no next vertex
    static constexpr uint32_t NO_PLACE = UINT32_MAX;  //!< not in a tree's order

    /** A prefix behind a routed node. */
    struct Prefix
    {
        Ipv4Address network; //!< network address
        Ipv4Mask mask;       //!< its mask
        uint32_t node;       //!< the announcing node's id
    };

    Time m_interval;                           //!< between recomputations
    std::vector<Prefix> m_prefixes;            //!< longest first
    bool m_reuseTrees;                         //!< seed trees from the last snapshot
    std::vector<Ptr<Node>> m_nodes;            //!< routed nodes
    std::vector<uint32_t> m_vertex;            //!< node id -> vertex (NO_VERTEX)
    std::vector<Tree> m_trees;                 //!< by destination vertex, the latest computed
    mutable DelayHeap m_heap;                  //!< empty between uses; keeps its storage
    mutable std::vector<uint32_t> m_corrected; //!< vertices the last correction pass settled
    mutable std::vector<uint32_t> m_unmoved;   //!< see Settle
    mutable std::vector<uint64_t> m_recheck;   //!< bit per link, see Shorten; zero between uses
    uint64_t m_structure;                      //!< changes when the set of links does
    std::unique_ptr<Ports> m_ports;            //!< null: to be found again
    std::unique_ptr<Snapshot> m_snapshot;      //!< null: none taken yet
    bool m_started;                            //!< periodic updates running
    bool m_dirty;                              //!< topology changed since computed
    EventId m_pending;                         //!< a recomputation at this instant
    uint64_t m_recomputations;                 //!< count
    TracedCallback<uint32_t, uint32_t> m_recomputedTrace; //!< after each recomputation
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SAGIN_ROUTING_MANAGER_H
