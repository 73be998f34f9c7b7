// SPDX-License-Identifier: GPL-2.0-only

#include "sagin-routing-manager.h"

#include "ns3/boolean.h"
#include "ns3/gsl-net-device.h"
#include "ns3/ipv4.h"
#include "ns3/isl-channel.h"
#include "ns3/log.h"
#include "ns3/mobility-model.h"
#include "ns3/physical-constants.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <queue>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginRoutingManager");
NS_OBJECT_ENSURE_REGISTERED(SaginRoutingManager);

namespace
{
/** A link of the snapshot: two nodes (vertices), their interfaces on it, and what it is. */
struct Link
{
    uint32_t a;                  //!< one end's vertex
    uint32_t b;                  //!< the other end's vertex
    int32_t interfaceA;          //!< a's IPv4 interface on the link (-1: none)
    int32_t interfaceB;          //!< b's IPv4 interface on the link (-1: none)
    Ipv4Address addressA;        //!< a's address on it
    Ipv4Address addressB;        //!< b's address on it
    Ptr<NetDevice> deviceA;      //!< a's device on it
    Ptr<NetDevice> deviceB;      //!< b's device on it
    Ptr<IslChannel> isl;         //!< an ISL: usable while it is up
    Ptr<GslNetDevice> ground;    //!< a GSL: usable while this ground device...
    Ptr<GslNetDevice> satellite; //!< ...stays attached to this satellite device
};

/**
 * Both directions of every link in compressed sparse row form: the edges leaving vertex v are
 * [rowStart[v], rowStart[v + 1]). Built once per snapshot, then only read by the shortest-path
 * runs, which is what flat arrays are fast at.
 */
struct Graph
{
    /** One direction of a link; what a relaxation reads, side by side. */
    struct Edge
    {
        uint32_t target; //!< the vertex it leads to
        uint32_t link;   //!< index into the snapshot's links
        double delay;    //!< propagation delay over the link now (s)
    };

    /** A link's two ends and delay, for scans over every link once. */
    struct LinkEnds
    {
        uint32_t a;   //!< one end's vertex
        uint32_t b;   //!< the other end's vertex
        double delay; //!< propagation delay over the link now (s)
    };

    std::vector<uint32_t> rowStart; //!< per vertex, its first edge; one more at the end
    std::vector<Edge> edges;        //!< grouped by the vertex they leave
    std::vector<LinkEnds> links;    //!< per link of the snapshot, same index
};

/** A device's IPv4 interface and first address on its node. */
struct Port
{
    uint32_t vertex;       //!< the node's vertex
    int32_t interface;     //!< -1: no IPv4 interface (or no address) on the device
    Ipv4Address address;   //!< first address of the interface
    Ptr<NetDevice> device; //!< the device
};

/**
 * \param vertex the device's node's vertex
 * \param device a device on a node with IPv4
 * \return its interface index and first address, or -1
 */
Port
PortOf(uint32_t vertex, Ptr<NetDevice> device)
{
    Ptr<Ipv4> ipv4 = device->GetNode()->GetObject<Ipv4>();
    const int32_t interface = ipv4 ? ipv4->GetInterfaceForDevice(device) : -1;
    if (interface < 0 || ipv4->GetNAddresses(interface) == 0)
    {
        return {vertex, -1, Ipv4Address(), device};
    }
    return {vertex, interface, ipv4->GetAddress(interface, 0).GetLocal(), device};
}
} // namespace

/**
 * The devices that can carry a link, found once (interfaces and addresses are slow to look
 * up through Ipv4 and rarely change) and reused by every snapshot.
 */
struct SaginRoutingManager::Ports
{
    /** An ISL, listed once from its lower vertex. */
    struct Isl
    {
        Port near;               //!< the lower vertex's end
        Port far;                //!< the other end
        Ptr<IslChannel> channel; //!< the link
    };

    std::vector<Isl> isls;                                    //!< every ISL
    std::vector<std::pair<Port, Ptr<GslNetDevice>>> grounds;  //!< ground-role GSL devices
    std::unordered_map<const GslNetDevice*, Port> satellites; //!< satellite-role GSL devices
    std::unordered_map<uint32_t, uint32_t> destinations;      //!< address -> vertex
};

/** The topology of one instant, and the trees asked for on it so far. */
struct SaginRoutingManager::Snapshot
{
    std::vector<Link> links; //!< links up now
    Graph graph;             //!< both directions of each
};

TypeId
SaginRoutingManager::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::SaginRoutingManager")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddConstructor<SaginRoutingManager>()
            .AddAttribute("Interval",
                          "Time between recomputations of the forwarding state (also redone "
                          "at every handover).",
                          TimeValue(MilliSeconds(100)),
                          MakeTimeAccessor(&SaginRoutingManager::m_interval),
                          MakeTimeChecker(TimeStep(1)))
            .AddAttribute("ReuseTrees",
                          "Seed each destination's shortest-path tree with its tree from the "
                          "previous snapshot (same distances as from scratch, less work while "
                          "the topology moves smoothly); false: a Dijkstra from scratch at "
                          "every snapshot.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&SaginRoutingManager::m_reuseTrees),
                          MakeBooleanChecker())
            .AddTraceSource("Recomputed",
                            "The forwarding state was recomputed (vertices, edges).",
                            MakeTraceSourceAccessor(&SaginRoutingManager::m_recomputedTrace),
                            "ns3::sagin::SaginRoutingManager::RecomputedCallback");
    return tid;
}

SaginRoutingManager::SaginRoutingManager()
    : m_interval(MilliSeconds(100)),
      m_reuseTrees(true),
      m_epoch(0),
      m_structure(0),
      m_started(false),
      m_dirty(true),
      m_recomputations(0)
{
}

SaginRoutingManager::~SaginRoutingManager() = default;

void
SaginRoutingManager::DoDispose()
{
    m_nodes.clear();
    m_trees.clear();
    m_ports = nullptr;
    m_snapshot = nullptr;
    m_pending.Cancel();
    Object::DoDispose();
}

void
SaginRoutingManager::AddNode(Ptr<Node> node)
{
    if (node->GetId() >= m_vertex.size())
    {
        m_vertex.resize(node->GetId() + 1, NO_VERTEX);
    }
    m_vertex[node->GetId()] = m_nodes.size();
    m_nodes.push_back(node);
    m_trees.clear(); // trees of fewer vertices
    NotifyInterfacesChanged();
    if (!m_started)
    {
        m_started = true;
        Simulator::ScheduleNow(&SaginRoutingManager::Tick, this);
    }
}

void
SaginRoutingManager::NotifyInterfacesChanged()
{
    m_ports = nullptr;
    m_dirty = true;
}

void
SaginRoutingManager::Tick()
{
    Recompute();
    Simulator::Schedule(m_interval, &SaginRoutingManager::Tick, this);
}

void
SaginRoutingManager::ScheduleRecompute()
{
    m_dirty = true;
    if (!m_pending.IsRunning())
    {
        m_pending = Simulator::ScheduleNow(&SaginRoutingManager::Recompute, this);
    }
}

void
SaginRoutingManager::OnHandover(Ptr<GslNetDevice>, Ptr<GslNetDevice>, Ptr<GslNetDevice>)
{
    ScheduleRecompute();
}

uint64_t
SaginRoutingManager::GetRecomputations() const
{
    return m_recomputations;
}

void
SaginRoutingManager::FindPorts()
{
    m_ports = std::make_unique<Ports>();
    for (uint32_t u = 0; u < m_nodes.size(); ++u)
    {
        Ptr<Node> node = m_nodes[u];
        for (uint32_t d = 0; d < node->GetNDevices(); ++d)
        {
            Ptr<NetDevice> device = node->GetDevice(d);
            if (auto gsl = DynamicCast<GslNetDevice>(device))
            {
                if (gsl->IsSatellite())
                {
                    m_ports->satellites[PeekPointer(gsl)] = PortOf(u, gsl);
                }
                else
                {
                    m_ports->grounds.emplace_back(PortOf(u, gsl), gsl);
                }
            }
            else if (auto isl = DynamicCast<IslChannel>(device->GetChannel()))
            {
                Ptr<NetDevice> peer = isl->GetDevice(isl->GetDevice(0) == device ? 1 : 0);
                const uint32_t id = peer->GetNode()->GetId();
                const uint32_t v = id < m_vertex.size() ? m_vertex[id] : NO_VERTEX;
                if (v != NO_VERTEX && u < v)
                {
                    m_ports->isls.push_back({PortOf(u, device), PortOf(v, peer), isl});
                }
            }
        }
        Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
        for (uint32_t i = 1; ipv4 && i < ipv4->GetNInterfaces(); ++i) // 0 is the loopback
        {
            for (uint32_t j = 0; j < ipv4->GetNAddresses(i); ++j)
            {
                m_ports->destinations[ipv4->GetAddress(i, j).GetLocal().Get()] = u;
            }
        }
    }
}

void
SaginRoutingManager::Recompute()
{
    if (m_recomputations == 0)
    {
        // Devices are all installed by the time the first snapshot is taken.
        for (const auto& node : m_nodes)
        {
            for (uint32_t d = 0; d < node->GetNDevices(); ++d)
            {
                auto gsl = DynamicCast<GslNetDevice>(node->GetDevice(d));
                if (gsl && !gsl->IsSatellite())
                {
                    gsl->TraceConnectWithoutContext(
                        "Handover",
                        MakeCallback(&SaginRoutingManager::OnHandover, this));
                }
            }
        }
    }
    if (!m_ports)
    {
        FindPorts();
    }
    // Snapshot: links up now, with their propagation delays.
    auto snapshot = std::make_unique<Snapshot>();
    std::vector<Link>& links = snapshot->links;
    for (const auto& isl : m_ports->isls)
    {
        if (isl.channel->IsUp())
        {
            links.push_back({isl.near.vertex,
                             isl.far.vertex,
                             isl.near.interface,
                             isl.far.interface,
                             isl.near.address,
                             isl.far.address,
                             isl.near.device,
                             isl.far.device,
                             isl.channel,
                             nullptr,
                             nullptr});
        }
    }
    for (const auto& [port, ground] : m_ports->grounds)
    {
        Ptr<GslNetDevice> satellite = ground->GetAttachedSatellite();
        auto sat = satellite ? m_ports->satellites.find(PeekPointer(satellite))
                             : m_ports->satellites.end();
        if (sat != m_ports->satellites.end())
        {
            links.push_back({port.vertex,
                             sat->second.vertex,
                             port.interface,
                             sat->second.interface,
                             port.address,
                             sat->second.address,
                             ground,
                             satellite,
                             nullptr,
                             ground,
                             satellite});
        }
    }
    // Both directions of every link, grouped by their source vertex (counting sort).
    Graph& graph = snapshot->graph;
    const uint32_t n = m_nodes.size();
    graph.rowStart.assign(n + 1, 0);
    for (const Link& l : links)
    {
        ++graph.rowStart[l.a + 1];
        ++graph.rowStart[l.b + 1];
    }
    for (uint32_t v = 0; v < n; ++v)
    {
        graph.rowStart[v + 1] += graph.rowStart[v];
    }
    graph.edges.resize(2 * links.size());
    graph.links.resize(links.size());
    std::vector<uint32_t> next(graph.rowStart.begin(), graph.rowStart.end() - 1);
    for (uint32_t i = 0; i < links.size(); ++i)
    {
        const Link& l = links[i];
        // An ISL's distance is the one its range check just took (kept for this instant).
        const double distance =
            l.isl ? l.isl->GetDistance()
                  : l.ground->GetNode()->GetObject<MobilityModel>()->GetDistanceFrom(
                        l.satellite->GetNode()->GetObject<MobilityModel>());
        const double delay = distance / SPEED_OF_LIGHT;
        graph.links[i] = {l.a, l.b, delay};
        graph.edges[next[l.a]++] = {l.b, i, delay};
        graph.edges[next[l.b]++] = {l.a, i, delay};
    }
    // Link indices stay valid for old trees while the same links exist in the same order.
    bool sameLinks = m_snapshot && m_snapshot->links.size() == links.size();
    for (uint32_t i = 0; sameLinks && i < links.size(); ++i)
    {
        const Link& o = m_snapshot->links[i];
        sameLinks = o.a == links[i].a && o.b == links[i].b && o.deviceA == links[i].deviceA &&
                    o.deviceB == links[i].deviceB;
    }
    if (!sameLinks)
    {
        ++m_structure;
    }
    m_snapshot = std::move(snapshot);
    m_dirty = false;
    ++m_recomputations;
    NS_LOG_DEBUG("recomputed: " << m_nodes.size() << " vertices, " << links.size() << " links");
    m_recomputedTrace(m_nodes.size(), m_snapshot->links.size());
}

void
SaginRoutingManager::ShortestPathsFromScratch(uint32_t destination, Tree& tree) const
{
    // Links are symmetric, so the shortest-path tree from the destination gives every vertex
    // its path towards it: the edge that reached a vertex leads back to its next hop.
    const Graph& graph = m_snapshot->graph;
    const uint32_t n = graph.rowStart.size() - 1;
    std::vector<TreeEntry>& entries = tree.entries;
    entries.assign(n, {std::numeric_limits<double>::infinity(), NO_VERTEX, 0});
    tree.order.clear();
    DelayHeap heap;
    entries[destination].distance = 0;
    heap.emplace(0.0, destination);
    Settle(heap, entries, tree.order); // nearer vertices, a vertex's parent included, first
}

void
SaginRoutingManager::Settle(DelayHeap& heap,
                            std::vector<TreeEntry>& entries,
                            std::vector<uint32_t>& settled) const
{
    // Dijkstra's step: the nearest vertex's label is final; offer its edges to its neighbours.
    const Graph& graph = m_snapshot->graph;
    while (!heap.empty())
    {
        const auto [d, u] = heap.top();
        heap.pop();
        if (d > entries[u].distance)
        {
            continue; // stale: the vertex was reached by a shorter path since
        }
        settled.push_back(u);
        for (uint32_t e = graph.rowStart[u]; e < graph.rowStart[u + 1]; ++e)
        {
            const Graph::Edge& edge = graph.edges[e];
            const double through = d + edge.delay;
            if (through < entries[edge.target].distance)
            {
                entries[edge.target] = {through, u, edge.link};
                heap.emplace(through, edge.target);
            }
        }
    }
}

void
SaginRoutingManager::ShortestPathsFromTree(uint32_t destination, Tree& tree) const
{
    const Graph& graph = m_snapshot->graph;
    const uint32_t n = graph.rowStart.size() - 1;
    const double infinity = std::numeric_limits<double>::infinity();
    std::vector<TreeEntry>& entries = tree.entries;
    // Same links as when the tree was computed: its link indices are still the right ones.
    const bool sameLinks = tree.structure == m_structure;

    // 1. Re-time every vertex's old path on the new graph, parents first: a path length, so an
    // upper bound of the shortest delay. A vertex whose old link is gone starts unreachable.
    // The tree's order (by delay last time) lists parents first, so one pass does it.
    if (++m_epoch == 0)
    {
        m_timed.assign(n, 0); // the counter wrapped: no stale mark may look current
        m_epoch = 1;
    }
    m_timed.resize(n, 0);
    std::vector<uint32_t>& order = tree.order;
    bool ordered = !order.empty() && order.front() == destination;
    entries[destination] = {0, NO_VERTEX, 0};
    bool lost = false; // a vertex's path is gone
    for (std::size_t i = 0; ordered && i < order.size(); ++i)
    {
        const uint32_t v = order[i];
        m_timed[v] = m_epoch;
        if (v == destination)
        {
            continue;
        }
        TreeEntry& entry = entries[v];
        const uint32_t p = entry.parent;
        if (p != NO_VERTEX && m_timed[p] != m_epoch)
        {
            ordered = false; // a parent after its child (zero-delay links): walk the chains
            break;
        }
        if (sameLinks && p != NO_VERTEX && !std::isinf(entries[p].distance))
        {
            entry.distance = entries[p].distance + graph.links[entry.link].delay; // common case
        }
        else if (!Retime(entries, v, sameLinks))
        {
            entry = {infinity, NO_VERTEX, 0};
            lost = true;
        }
    }
    if (!ordered)
    {
        RetimeByChains(destination, entries, sameLinks);
    }
    tree.structure = m_structure;
    // 2. Wherever an edge offers a shorter delay, take it and pass the improvement on, nearest
    // first. At the end no edge can shorten any label, and every label is the length of a
    // path: each is the shortest delay (Bellman's optimality conditions).
    DelayHeap heap;
    // Links are symmetric: one look at each link checks both of its directions.
    for (uint32_t i = 0; i < graph.links.size(); ++i)
    {
        const Graph::LinkEnds& link = graph.links[i];
        TreeEntry& a = entries[link.a];
        TreeEntry& b = entries[link.b];
        if (a.distance + link.delay < b.distance)
        {
            b = {a.distance + link.delay, link.a, i};
            heap.emplace(b.distance, link.b);
        }
        else if (b.distance + link.delay < a.distance)
        {
            a = {b.distance + link.delay, link.b, i};
            heap.emplace(a.distance, link.a);
        }
    }
    std::vector<uint32_t>& corrected = m_corrected; // settled by the heap, nearest first
    corrected.clear();
    Settle(heap, entries, corrected);
    // 3. The order for next time, parents first. A corrected vertex's whole subtree was
    // corrected too (its children's delays through it shrank), and each came off the heap
    // after its new parent: the untouched vertices in their old order, then the corrected
    // ones in the order the heap settled them.
    if (!ordered)
    {
        order.clear();
        for (uint32_t v = 0; v < n; ++v)
        {
            if (!std::isinf(entries[v].distance))
            {
                order.push_back(v);
            }
        }
        std::stable_sort(order.begin(), order.end(), [&entries](uint32_t a, uint32_t b) {
            return entries[a].distance < entries[b].distance;
        });
        return;
    }
    if (corrected.empty() && !lost)
    {
        return; // every vertex kept its path: the old order still lists parents first
    }
    for (uint32_t v : corrected)
    {
        m_timed[v] = 0; // not in its old place any more
    }
    std::size_t kept = 0;
    for (uint32_t v : order)
    {
        if (m_timed[v] == m_epoch && !std::isinf(entries[v].distance))
        {
            order[kept++] = v;
        }
    }
    order.resize(kept);
    order.insert(order.end(), corrected.begin(), corrected.end());
}

bool
SaginRoutingManager::Retime(std::vector<TreeEntry>& entries, uint32_t v, bool sameLinks) const
{
    const Graph& graph = m_snapshot->graph;
    TreeEntry& entry = entries[v];
    const uint32_t p = entry.parent;
    if (p == NO_VERTEX || std::isinf(entries[p].distance))
    {
        return false;
    }
    if (!sameLinks)
    {
        // The shortest link to the old next vertex, if one is left.
        uint32_t best = NO_VERTEX;
        for (uint32_t e = graph.rowStart[v]; e < graph.rowStart[v + 1]; ++e)
        {
            if (graph.edges[e].target == p &&
                (best == NO_VERTEX || graph.edges[e].delay < graph.edges[best].delay))
            {
                best = e;
            }
        }
        if (best == NO_VERTEX)
        {
            return false; // the link to the old next hop is gone
        }
        entry.link = graph.edges[best].link;
    }
    entry.distance = entries[p].distance + graph.links[entry.link].delay;
    return true;
}

void
SaginRoutingManager::RetimeByChains(uint32_t destination,
                                    std::vector<TreeEntry>& entries,
                                    bool sameLinks) const
{
    // Parents first by walking up each vertex's chain with an explicit stack.
    const uint32_t n = entries.size();

    enum : uint8_t
    {
        UNTIMED,
        ON_CHAIN,
        TIMED
    };

    std::vector<uint8_t> state(n, UNTIMED);
    state[destination] = TIMED;
    entries[destination] = {0, NO_VERTEX, 0};
    std::vector<uint32_t> chain;
    for (uint32_t start = 0; start < n; ++start)
    {
        for (uint32_t v = start; state[v] == UNTIMED; v = entries[v].parent)
        {
            chain.push_back(v);
            state[v] = ON_CHAIN;
            if (entries[v].parent == NO_VERTEX)
            {
                break;
            }
            if (state[entries[v].parent] == ON_CHAIN)
            {
                entries[v].parent = NO_VERTEX; // not a tree (cannot happen): start afresh
                break;
            }
        }
        while (!chain.empty())
        {
            const uint32_t v = chain.back();
            chain.pop_back();
            state[v] = TIMED;
            if (!Retime(entries, v, sameLinks))
            {
                entries[v] = {std::numeric_limits<double>::infinity(), NO_VERTEX, 0};
            }
        }
    }
}

const SaginRoutingManager::Tree&
SaginRoutingManager::TreeTowards(uint32_t destination)
{
    const uint32_t n = m_snapshot->graph.rowStart.size() - 1;
    if (m_trees.size() != n)
    {
        m_trees.assign(n, Tree());
    }
    Tree& tree = m_trees[destination];
    if (tree.snapshot == m_recomputations && tree.entries.size() == n)
    {
        return tree; // computed on this snapshot already
    }
    if (m_reuseTrees && tree.entries.size() == n)
    {
        ShortestPathsFromTree(destination, tree);
    }
    else
    {
        ShortestPathsFromScratch(destination, tree);
        tree.structure = m_structure;
    }
    tree.snapshot = m_recomputations;
    return tree;
}

SaginRoutingManager::NextHop
SaginRoutingManager::HopOf(const Tree& tree, uint32_t vertex) const
{
    const TreeEntry& entry = tree.entries[vertex];
    if (entry.parent == NO_VERTEX)
    {
        return NextHop(); // the destination itself, or unreachable
    }
    const Link& l = m_snapshot->links[entry.link];
    if (l.interfaceA < 0 || l.interfaceB < 0)
    {
        return NextHop(); // a device without IPv4 on the path
    }
    const bool fromA = l.a == vertex;
    return {fromA ? l.interfaceA : l.interfaceB,
            fromA ? l.addressB : l.addressA,
            entry.distance,
            entry.link,
            PeekPointer(fromA ? l.deviceA : l.deviceB),
            PeekPointer(fromA ? l.deviceB : l.deviceA)};
}

SaginRoutingManager::NextHop
SaginRoutingManager::Lookup(Ptr<Node> node, Ipv4Address destination)
{
    if (m_dirty)
    {
        Recompute();
    }
    auto target = m_ports->destinations.find(destination.Get());
    const uint32_t id = node->GetId();
    if (target == m_ports->destinations.end() || id >= m_vertex.size() || m_vertex[id] == NO_VERTEX)
    {
        return NextHop();
    }
    return HopOf(TreeTowards(target->second), m_vertex[id]);
}

bool
SaginRoutingManager::IsUsable(const NextHop& hop) const
{
    const Link& link = m_snapshot->links[hop.link];
    if (link.isl)
    {
        return link.isl->IsUp();
    }
    return link.ground->GetAttachedSatellite() == link.satellite;
}

} // namespace sagin
} // namespace ns3
