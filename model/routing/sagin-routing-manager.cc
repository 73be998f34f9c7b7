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
#include <sstream>
#include <stdexcept>

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

    /** A link's two ends, for scans over every link once. */
    struct LinkEnds
    {
        uint32_t a; //!< one end's vertex
        uint32_t b; //!< the other end's vertex
    };

    std::vector<uint32_t> rowStart; //!< per vertex, its first edge; one more at the end
    std::vector<Edge> edges;        //!< grouped by the vertex they leave
    std::vector<LinkEnds> links;    //!< per link of the snapshot, same index
    /**
     * Per link, same index, its propagation delay now (s); one more at the end, zero: the gap
     * vertex's link in every tree.
     */
    std::vector<double> delay;
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
                            "ns3::sagin::SaginRoutingManager::RecomputedTracedCallback");
    return tid;
}

SaginRoutingManager::SaginRoutingManager()
    : m_interval(MilliSeconds(100)),
      m_reuseTrees(true),
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
    if (m_pending.IsExpired())
    {
        m_pending = Simulator::ScheduleNow(&SaginRoutingManager::Recompute, this);
    }
}

void
SaginRoutingManager::OnAttachmentsChanged(Ptr<GslNetDevice>)
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
                        "Attachments",
                        MakeCallback(&SaginRoutingManager::OnAttachmentsChanged, this));
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
        for (const Ptr<GslNetDevice>& satellite : ground->GetAttachedSatellites())
        {
            auto sat = m_ports->satellites.find(PeekPointer(satellite));
            if (sat == m_ports->satellites.end())
            {
                continue;
            }
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
    graph.delay.assign(links.size() + 1, 0.0);
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
        graph.links[i] = {l.a, l.b};
        graph.delay[i] = delay;
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
    tree.distance.assign(n + 1, std::numeric_limits<double>::infinity());
    tree.parent.assign(n + 1, NO_VERTEX);
    tree.link.assign(n + 1, 0);
    tree.distance[n] = 0; // the gap vertex: its own parent, over a zero delay
    tree.parent[n] = n;
    tree.order.clear();
    tree.onPath.assign((graph.links.size() + 63) / 64, 0);
    tree.distance[destination] = 0;
    m_heap.emplace(0.0, destination);
    Settle(tree, tree.order); // nearer vertices, a vertex's parent included, first
    m_unmoved.clear();
    IndexOrder(destination, tree);
}

void
SaginRoutingManager::Settle(Tree& tree, std::vector<uint32_t>& settled) const
{
    // Dijkstra's step: the nearest vertex's label is final; offer its edges to its neighbours.
    const Graph& graph = m_snapshot->graph;
    double* distance = tree.distance.data();
    uint32_t* parent = tree.parent.data();
    uint32_t* link = tree.link.data();
    uint64_t* onPath = tree.onPath.data();
    while (!m_heap.empty())
    {
        const auto [d, u] = m_heap.top();
        m_heap.pop();
        if (d > distance[u])
        {
            continue; // stale: the vertex was reached by a shorter path since
        }
        settled.push_back(u);
        for (uint32_t e = graph.rowStart[u]; e < graph.rowStart[u + 1]; ++e)
        {
            const Graph::Edge& edge = graph.edges[e];
            const double through = d + edge.delay;
            if (through < distance[edge.target])
            {
                if (parent[edge.target] != NO_VERTEX)
                {
                    onPath[link[edge.target] / 64] &= ~(uint64_t{1} << (link[edge.target] % 64));
                }
                onPath[edge.link / 64] |= uint64_t{1} << (edge.link % 64);
                distance[edge.target] = through;
                parent[edge.target] = u;
                link[edge.target] = edge.link;
                m_heap.emplace(through, edge.target);
            }
            else if (parent[edge.target] == u)
            {
                m_unmoved.push_back(edge.target); // u may move in the order, this one not
            }
        }
    }
}

void
SaginRoutingManager::IndexOrder(uint32_t destination, Tree& tree) const
{
    const std::vector<uint32_t>& order = tree.order;
    tree.place.assign(tree.parent.size(), NO_PLACE);
    tree.gaps = 0;
    bool parentsFirst = !order.empty() && order.front() == destination;
    for (uint32_t i = 0; i < order.size(); ++i)
    {
        const uint32_t v = order[i];
        const uint32_t p = tree.parent[v];
        tree.place[v] = i;
        if (v != destination && (p == NO_VERTEX || tree.place[p] >= i))
        {
            parentsFirst = false; // placed later, or not at all
        }
    }
    tree.parentsFirst = parentsFirst;
}

void
SaginRoutingManager::MarkPathLinks(Tree& tree) const
{
    const uint32_t n = tree.parent.size() - 1; // the gap vertex aside
    tree.onPath.assign((m_snapshot->graph.links.size() + 63) / 64, 0);
    for (uint32_t v = 0; v < n; ++v)
    {
        if (tree.parent[v] != NO_VERTEX)
        {
            tree.onPath[tree.link[v] / 64] |= uint64_t{1} << (tree.link[v] % 64);
        }
    }
}

void
SaginRoutingManager::Shorten(Tree& tree,
                             uint32_t v,
                             double distance,
                             uint32_t parent,
                             uint32_t link) const
{
    const Graph& graph = m_snapshot->graph;
    auto recheck = [this, link](uint32_t l) {
        if (l > link)
        {
            m_recheck[l / 64] |= uint64_t{1} << (l % 64);
        }
    };
    if (tree.parent[v] != NO_VERTEX)
    {
        const uint32_t old = tree.link[v];
        tree.onPath[old / 64] &= ~(uint64_t{1} << (old % 64));
        recheck(old);
    }
    for (uint32_t e = graph.rowStart[v]; e < graph.rowStart[v + 1]; ++e)
    {
        const uint32_t u = graph.edges[e].target;
        if (tree.parent[u] == v && tree.link[u] == graph.edges[e].link)
        {
            recheck(graph.edges[e].link); // u's path goes through v
        }
    }
    tree.onPath[link / 64] |= uint64_t{1} << (link % 64);
    tree.distance[v] = distance;
    tree.parent[v] = parent;
    tree.link[v] = link;
    m_heap.emplace(distance, v);
}

void
SaginRoutingManager::ShortestPathsFromTree(uint32_t destination, Tree& tree) const
{
    const Graph& graph = m_snapshot->graph;
    const uint32_t n = graph.rowStart.size() - 1;
    const uint32_t gap = n; // the vertex standing in the order's gaps
    const double infinity = std::numeric_limits<double>::infinity();
    double* distance = tree.distance.data();
    uint32_t* parent = tree.parent.data();
    uint32_t* link = tree.link.data();
    const double* delay = graph.delay.data();
    std::vector<uint32_t>& order = tree.order;
    // Same links as when the tree was computed: its link indices are still the right ones.
    const bool sameLinks = tree.structure == m_structure;

    // 1. Re-time every vertex's old path on the new graph, parents first: a path length, so an
    // upper bound of the shortest delay. A vertex whose old link is gone starts unreachable.
    // The tree's order lists parents first (checked when it was built), so one pass does it.
    const bool ordered = tree.parentsFirst;
    distance[destination] = 0;
    parent[destination] = NO_VERTEX;
    link[destination] = 0;
    link[gap] = graph.delay.size() - 1; // the zero delay at the end
    if (ordered && sameLinks)
    {
        // Every old link still exists and every next vertex was re-timed before (the first in
        // the order, the destination, is at 0): no path is lost, nothing to check.
        // Two vertices per step (half the loop's own work); the second may hang off the first.
        const uint32_t* v = order.data() + 1;
        const uint32_t* const pairsEnd = v + (order.size() - 1) / 2 * 2;
        for (; v != pairsEnd; v += 2)
        {
            distance[v[0]] = distance[parent[v[0]]] + delay[link[v[0]]];
            distance[v[1]] = distance[parent[v[1]]] + delay[link[v[1]]];
        }
        if (v != order.data() + order.size())
        {
            distance[*v] = distance[parent[*v]] + delay[link[*v]];
        }
    }
    else if (ordered)
    {
        for (std::size_t i = 1; i < order.size(); ++i)
        {
            const uint32_t v = order[i];
            if (v != gap && !Retime(tree, v, false))
            {
                distance[v] = infinity;
                parent[v] = NO_VERTEX;
                link[v] = 0;
                order[i] = gap; // unreachable: out of the order
                tree.place[v] = NO_PLACE;
                ++tree.gaps;
                NS_LOG_DEBUG("tree towards " << destination << ": path of " << v << " lost");
            }
        }
    }
    else
    {
        NS_LOG_DEBUG("tree towards " << destination << ": order not parents first, by chains");
        RetimeByChains(destination, tree, sameLinks);
    }
    if (!ordered || !sameLinks)
    {
        MarkPathLinks(tree); // links taken again, or lost
    }
    tree.structure = m_structure;
    // 2. Wherever an edge offers a shorter delay, take it and pass the improvement on, nearest
    // first. At the end no edge can shorten any label, and every label is the length of a
    // path: each is the shortest delay (Bellman's optimality conditions).
    // Links are symmetric: one look at a link checks both of its directions. A link some
    // vertex's path leaves by offers nothing unless one of its ends got shorter earlier in the
    // pass (the path's delay is its next vertex's plus the link's, added just so above): only
    // the other links are looked at, and those Shorten marks, in the same order as all of
    // them would be, so every label and next vertex comes out the same.
    const uint32_t links = graph.links.size();
    const Graph::LinkEnds* ends = graph.links.data();
    const uint64_t* onPath = tree.onPath.data();
    m_recheck.resize((links + 63) / 64, 0);
    uint64_t* recheck = m_recheck.data();
    for (uint32_t w = 0; w < (links + 63) / 64; ++w)
    {
        uint64_t look = ~onPath[w] | recheck[w];
        if (links - 64 * w < 64)
        {
            look &= (uint64_t{1} << (links - 64 * w)) - 1; // past the last link
        }
        const Graph::LinkEnds* const wordEnds = ends + 64 * w;
        const double* const wordDelay = delay + 64 * w;
        while (look != 0)
        {
            const uint32_t bit = __builtin_ctzll(look);
            look &= look - 1;
            const uint32_t a = wordEnds[bit].a;
            const uint32_t b = wordEnds[bit].b;
            const double da = distance[a];
            const double db = distance[b];
            if (da + wordDelay[bit] < db)
            {
                Shorten(tree, b, da + wordDelay[bit], a, 64 * w + bit);
            }
            else if (db + wordDelay[bit] < da)
            {
                Shorten(tree, a, db + wordDelay[bit], b, 64 * w + bit);
            }
            else
            {
                continue;
            }
            look |= recheck[w] & ~((uint64_t{2} << bit) - 1); // marked ones after this one
        }
        recheck[w] = 0;
    }
    std::vector<uint32_t>& corrected = m_corrected; // settled by the heap, nearest first
    corrected.clear();
    m_unmoved.clear();
    Settle(tree, corrected);
    // 3. The order for next time, parents first. The vertices whose path did not change keep
    // their places; a corrected one leaves a gap in its old place and goes to the end, in the
    // order the heap settled them (each after its new next vertex, zero delays aside).
    if (!ordered)
    {
        order.clear();
        for (uint32_t v = 0; v < n; ++v)
        {
            if (distance[v] != infinity)
            {
                order.push_back(v);
            }
        }
        std::stable_sort(order.begin(), order.end(), [distance](uint32_t a, uint32_t b) {
            return distance[a] < distance[b];
        });
        IndexOrder(destination, tree);
        return;
    }
    if (corrected.empty())
    {
        return; // every vertex kept its next vertex: the order still lists parents first
    }
    uint32_t* place = tree.place.data();
    for (uint32_t v : corrected)
    {
        if (place[v] != NO_PLACE)
        {
            order[place[v]] = gap;
            ++tree.gaps;
        }
        place[v] = order.size();
        order.push_back(v);
    }
    // Only a moved vertex, or one whose next vertex moved, can now come before its next
    // vertex: the corrected ones, and the unmoved children Settle saw (the corrected next
    // vertex's delay shrank too little to shorten theirs; or zero delays).
    auto before = [place, parent](uint32_t v) {
        return parent[v] != NO_VERTEX && place[v] != NO_PLACE && place[parent[v]] < place[v];
    };
    bool parentsFirst = true;
    for (uint32_t v : corrected)
    {
        parentsFirst = parentsFirst && before(v);
    }
    for (uint32_t v : m_unmoved)
    {
        parentsFirst = parentsFirst && (parent[v] == NO_VERTEX || before(v));
    }
    tree.parentsFirst = parentsFirst;
    if (tree.gaps > order.size() / 2)
    {
        // Mostly gaps: close them up, keeping the order.
        std::size_t kept = 0;
        for (uint32_t v : order)
        {
            if (v != gap)
            {
                place[v] = kept;
                order[kept++] = v;
            }
        }
        order.resize(kept);
        tree.gaps = 0;
    }
}

bool
SaginRoutingManager::Retime(Tree& tree, uint32_t v, bool sameLinks) const
{
    const Graph& graph = m_snapshot->graph;
    const uint32_t p = tree.parent[v];
    if (p == NO_VERTEX || tree.distance[p] == std::numeric_limits<double>::infinity())
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
        tree.link[v] = graph.edges[best].link;
    }
    tree.distance[v] = tree.distance[p] + graph.delay[tree.link[v]];
    return true;
}

void
SaginRoutingManager::RetimeByChains(uint32_t destination, Tree& tree, bool sameLinks) const
{
    // Parents first by walking up each vertex's chain with an explicit stack.
    const uint32_t n = tree.parent.size() - 1; // the gap vertex aside
    std::vector<uint32_t>& parent = tree.parent;

    enum : uint8_t
    {
        UNTIMED,
        ON_CHAIN,
        TIMED
    };

    std::vector<uint8_t> state(n, UNTIMED);
    state[destination] = TIMED;
    tree.distance[destination] = 0;
    parent[destination] = NO_VERTEX;
    tree.link[destination] = 0;
    std::vector<uint32_t> chain;
    for (uint32_t start = 0; start < n; ++start)
    {
        for (uint32_t v = start; state[v] == UNTIMED; v = parent[v])
        {
            chain.push_back(v);
            state[v] = ON_CHAIN;
            if (parent[v] == NO_VERTEX)
            {
                break;
            }
            if (state[parent[v]] == ON_CHAIN)
            {
                parent[v] = NO_VERTEX; // not a tree (cannot happen): start afresh
                break;
            }
        }
        while (!chain.empty())
        {
            const uint32_t v = chain.back();
            chain.pop_back();
            state[v] = TIMED;
            if (!Retime(tree, v, sameLinks))
            {
                tree.distance[v] = std::numeric_limits<double>::infinity();
                parent[v] = NO_VERTEX;
                tree.link[v] = 0;
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
    if (tree.snapshot == m_recomputations && tree.parent.size() == n + 1)
    {
        return tree; // computed on this snapshot already
    }
    if (m_reuseTrees && tree.parent.size() == n + 1)
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
    if (tree.parent[vertex] == NO_VERTEX)
    {
        return NextHop(); // the destination itself, or unreachable
    }
    const uint32_t link = tree.link[vertex];
    const Link& l = m_snapshot->links[link];
    if (l.interfaceA < 0 || l.interfaceB < 0)
    {
        return NextHop(); // a device without IPv4 on the path
    }
    const bool fromA = l.a == vertex;
    return {fromA ? l.interfaceA : l.interfaceB,
            fromA ? l.addressB : l.addressA,
            tree.distance[vertex],
            link,
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
    const uint32_t id = node->GetId();
    if (id >= m_vertex.size() || m_vertex[id] == NO_VERTEX)
    {
        return NextHop();
    }
    uint32_t target = NO_VERTEX;
    auto exact = m_ports->destinations.find(destination.Get());
    if (exact != m_ports->destinations.end())
    {
        target = exact->second;
    }
    else
    {
        auto prefix = std::find_if(m_prefixes.begin(), m_prefixes.end(), [&](const Prefix& p) {
            return p.mask.IsMatch(destination, p.network);
        });
        if (prefix == m_prefixes.end() || prefix->node == id)
        {
            return NextHop(); // not the SAGIN's, or behind this node: another protocol's
        }
        target = m_vertex[prefix->node];
    }
    NextHop hop = HopOf(TreeTowards(target), m_vertex[id]);
    hop.known = true;
    return hop;
}

void
SaginRoutingManager::AnnouncePrefix(Ptr<Node> node, Ipv4Address network, Ipv4Mask mask)
{
    std::ostringstream prefix;
    prefix << network.CombineMask(mask) << "/" << mask.GetPrefixLength();
    const std::string what = "SaginRoutingManager::AnnouncePrefix: " + prefix.str() + " of node " +
                             std::to_string(node->GetId());
    if (node->GetId() >= m_vertex.size() || m_vertex[node->GetId()] == NO_VERTEX)
    {
        throw std::invalid_argument(what + ": the node is not routed by this manager; install "
                                           "the Internet stack with SaginRoutingHelper on it");
    }
    if (mask.GetPrefixLength() == 0)
    {
        throw std::invalid_argument(what + ": the default route cannot be announced; announce "
                                           "the networks behind the node");
    }
    network = network.CombineMask(mask);
    for (const Prefix& p : m_prefixes)
    {
        if (p.network == network && p.mask == mask)
        {
            if (p.node == node->GetId())
            {
                return;
            }
            throw std::invalid_argument(what + ": node " + std::to_string(p.node) +
                                        " announced it already; a prefix lies behind one "
                                        "station (split it, or announce it from one)");
        }
    }
    for (const auto& other : m_nodes)
    {
        Ptr<Ipv4> ipv4 = other->GetObject<Ipv4>();
        for (uint32_t i = 1; other != node && ipv4 && i < ipv4->GetNInterfaces(); ++i)
        {
            for (uint32_t j = 0; j < ipv4->GetNAddresses(i); ++j)
            {
                const Ipv4Address address = ipv4->GetAddress(i, j).GetLocal();
                if (mask.IsMatch(address, network))
                {
                    std::ostringstream clash;
                    clash << address;
                    throw std::invalid_argument(
                        what + " contains " + clash.str() + ", an address of routed node " +
                        std::to_string(other->GetId()) +
                        ": give the network behind the node addresses outside the SAGIN's");
                }
            }
        }
    }
    m_prefixes.push_back({network, mask, node->GetId()});
    std::stable_sort(m_prefixes.begin(), m_prefixes.end(), [](const Prefix& a, const Prefix& b) {
        return a.mask.GetPrefixLength() > b.mask.GetPrefixLength();
    });
}

bool
SaginRoutingManager::IsUsable(const NextHop& hop) const
{
    const Link& link = m_snapshot->links[hop.link];
    if (link.isl)
    {
        return link.isl->IsUp();
    }
    return link.ground->IsAttachedTo(link.satellite);
}

} // namespace sagin
} // namespace ns3
