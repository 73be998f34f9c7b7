// SPDX-License-Identifier: GPL-2.0-only

#include "sagin-routing-manager.h"

#include "ns3/gsl-net-device.h"
#include "ns3/ipv4.h"
#include "ns3/isl-channel.h"
#include "ns3/log.h"
#include "ns3/mobility-model.h"
#include "ns3/physical-constants.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/dijkstra_shortest_paths_no_color_map.hpp>
#include <limits>

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
    Ptr<IslChannel> isl;         //!< an ISL: usable while it is up
    Ptr<GslNetDevice> ground;    //!< a GSL: usable while this ground device...
    Ptr<GslNetDevice> satellite; //!< ...stays attached to this satellite device
};

/** What Dijkstra needs of an edge: its weight, and which link it is. */
struct EdgeProperties
{
    double delay;  //!< propagation delay over the link now (s)
    uint32_t link; //!< index into the snapshot's links
};

/**
 * Both directions of every link in compressed sparse row form: built once per snapshot,
 * then only read by the Dijkstra runs, which is what this layout is fast at.
 */
using Graph =
    boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, EdgeProperties>;

/** A device's IPv4 interface and first address on its node. */
struct Port
{
    uint32_t vertex;     //!< the node's vertex
    int32_t interface;   //!< -1: no IPv4 interface (or no address) on the device
    Ipv4Address address; //!< first address of the interface
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
        return {vertex, -1, Ipv4Address()};
    }
    return {vertex, interface, ipv4->GetAddress(interface, 0).GetLocal()};
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
    std::vector<Link> links;                                  //!< links up now
    Graph graph;                                              //!< both directions of each
    std::unordered_map<uint32_t, std::vector<NextHop>> trees; //!< destination vertex -> hops
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
            .AddTraceSource("Recomputed",
                            "The forwarding state was recomputed (vertices, edges).",
                            MakeTraceSourceAccessor(&SaginRoutingManager::m_recomputedTrace),
                            "ns3::sagin::SaginRoutingManager::RecomputedCallback");
    return tid;
}

SaginRoutingManager::SaginRoutingManager()
    : m_interval(MilliSeconds(100)),
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
    m_ports = nullptr;
    m_snapshot = nullptr;
    m_pending.Cancel();
    Object::DoDispose();
}

void
SaginRoutingManager::AddNode(Ptr<Node> node)
{
    m_vertex[node->GetId()] = m_nodes.size();
    m_nodes.push_back(node);
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
                auto v = m_vertex.find(peer->GetNode()->GetId());
                if (v != m_vertex.end() && u < v->second)
                {
                    m_ports->isls.push_back({PortOf(u, device), PortOf(v->second, peer), isl});
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
    // Snapshot: links up now, with their propagation delays from one position per node.
    std::vector<Vector> positions(m_nodes.size());
    for (uint32_t u = 0; u < m_nodes.size(); ++u)
    {
        positions[u] = m_nodes[u]->GetObject<MobilityModel>()->GetPosition();
    }
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
                             nullptr,
                             ground,
                             satellite});
        }
    }
    std::vector<std::pair<std::size_t, std::size_t>> edges;
    std::vector<EdgeProperties> properties;
    edges.reserve(2 * links.size());
    properties.reserve(2 * links.size());
    for (uint32_t i = 0; i < links.size(); ++i)
    {
        const Link& l = links[i];
        const double delay = CalculateDistance(positions[l.a], positions[l.b]) / SPEED_OF_LIGHT;
        edges.emplace_back(l.a, l.b);
        edges.emplace_back(l.b, l.a);
        properties.push_back({delay, i});
        properties.push_back({delay, i});
    }
    snapshot->graph = Graph(boost::edges_are_unsorted_multi_pass,
                            edges.begin(),
                            edges.end(),
                            properties.begin(),
                            m_nodes.size());
    m_snapshot = std::move(snapshot);
    m_dirty = false;
    ++m_recomputations;
    NS_LOG_DEBUG("recomputed: " << m_nodes.size() << " vertices, " << links.size() << " links");
    m_recomputedTrace(m_nodes.size(), m_snapshot->links.size());
}

const std::vector<SaginRoutingManager::NextHop>&
SaginRoutingManager::TreeTowards(uint32_t destination)
{
    auto& trees = m_snapshot->trees;
    if (auto tree = trees.find(destination); tree != trees.end())
    {
        return tree->second;
    }
    // Links are symmetric, so the shortest-path tree from the destination gives every vertex
    // its path towards it: the edge that reached a vertex leads back to its next hop.
    const Graph& graph = m_snapshot->graph;
    using Edge = boost::graph_traits<Graph>::edge_descriptor;
    const std::size_t n = boost::num_vertices(graph);
    std::vector<std::size_t> predecessor(n);
    std::vector<double> distance(n, std::numeric_limits<double>::infinity());
    std::vector<Edge> reachedBy(n);
    boost::dijkstra_shortest_paths_no_color_map(
        graph,
        destination,
        boost::weight_map(boost::get(&EdgeProperties::delay, graph))
            .predecessor_map(predecessor.data())
            .distance_map(distance.data())
            .visitor(boost::make_dijkstra_visitor(
                boost::record_edge_predecessors(reachedBy.data(), boost::on_edge_relaxed()))));
    std::vector<NextHop> hops(n);
    for (uint32_t v = 0; v < n; ++v)
    {
        if (v == destination || predecessor[v] == v)
        {
            continue; // the destination itself, or unreachable
        }
        const uint32_t index = graph[reachedBy[v]].link;
        const Link& l = m_snapshot->links[index];
        const bool fromA = l.a == v;
        if (l.interfaceA >= 0 && l.interfaceB >= 0)
        {
            hops[v] = {fromA ? l.interfaceA : l.interfaceB,
                       fromA ? l.addressB : l.addressA,
                       distance[v],
                       index};
        }
    }
    return trees.emplace(destination, std::move(hops)).first->second;
}

SaginRoutingManager::NextHop
SaginRoutingManager::Lookup(Ptr<Node> node, Ipv4Address destination)
{
    if (m_dirty)
    {
        Recompute();
    }
    auto target = m_ports->destinations.find(destination.Get());
    auto vertex = m_vertex.find(node->GetId());
    if (target == m_ports->destinations.end() || vertex == m_vertex.end())
    {
        return NextHop();
    }
    return TreeTowards(target->second)[vertex->second];
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
