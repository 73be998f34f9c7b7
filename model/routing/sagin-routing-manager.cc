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

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <limits>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginRoutingManager");
NS_OBJECT_ENSURE_REGISTERED(SaginRoutingManager);

namespace
{
/** A link of the snapshot: two nodes (vertices) and their interfaces on it. */
struct Link
{
    uint32_t a;           //!< one end's vertex
    uint32_t b;           //!< the other end's vertex
    int32_t interfaceA;   //!< a's IPv4 interface on the link (-1: none)
    int32_t interfaceB;   //!< b's IPv4 interface on the link (-1: none)
    Ipv4Address addressA; //!< a's address on it
    Ipv4Address addressB; //!< b's address on it
};

/** Undirected graph with the link index on each edge; weights kept beside it. */
using Graph = boost::adjacency_list<boost::vecS,
                                    boost::vecS,
                                    boost::undirectedS,
                                    boost::no_property,
                                    boost::property<boost::edge_index_t, uint32_t>>;

/**
 * \param device a device on a node with IPv4
 * \return its interface index and first address, or -1
 */
std::pair<int32_t, Ipv4Address>
InterfaceOf(Ptr<NetDevice> device)
{
    Ptr<Ipv4> ipv4 = device->GetNode()->GetObject<Ipv4>();
    const int32_t interface = ipv4 ? ipv4->GetInterfaceForDevice(device) : -1;
    if (interface < 0 || ipv4->GetNAddresses(interface) == 0)
    {
        return {-1, Ipv4Address()};
    }
    return {interface, ipv4->GetAddress(interface, 0).GetLocal()};
}

/**
 * \param a vertex of one end
 * \param b vertex of the other end
 * \param onA a's device
 * \param onB b's device
 * \return the link with both ends' interfaces and addresses looked up once
 */
Link
MakeLink(uint32_t a, uint32_t b, Ptr<NetDevice> onA, Ptr<NetDevice> onB)
{
    const auto [interfaceA, addressA] = InterfaceOf(onA);
    const auto [interfaceB, addressB] = InterfaceOf(onB);
    return {a, b, interfaceA, interfaceB, addressA, addressB};
}
} // namespace

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

void
SaginRoutingManager::DoDispose()
{
    m_nodes.clear();
    m_table.clear();
    m_pending.Cancel();
    Object::DoDispose();
}

void
SaginRoutingManager::AddNode(Ptr<Node> node)
{
    m_vertex[node->GetId()] = m_nodes.size();
    m_nodes.push_back(node);
    m_dirty = true;
    if (!m_started)
    {
        m_started = true;
        Simulator::ScheduleNow(&SaginRoutingManager::Tick, this);
    }
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
    // Snapshot: links up now, with their propagation delays from one position per node.
    std::vector<Vector> positions(m_nodes.size());
    for (uint32_t u = 0; u < m_nodes.size(); ++u)
    {
        positions[u] = m_nodes[u]->GetObject<MobilityModel>()->GetPosition();
    }
    auto delay = [&positions](uint32_t a, uint32_t b) {
        return CalculateDistance(positions[a], positions[b]) / SPEED_OF_LIGHT;
    };
    std::vector<Link> links;
    std::vector<double> delays;
    std::vector<uint32_t> destinations; // vertices of ground nodes
    for (uint32_t u = 0; u < m_nodes.size(); ++u)
    {
        Ptr<Node> node = m_nodes[u];
        bool ground = false;
        for (uint32_t d = 0; d < node->GetNDevices(); ++d)
        {
            Ptr<NetDevice> device = node->GetDevice(d);
            if (auto gsl = DynamicCast<GslNetDevice>(device); gsl && !gsl->IsSatellite())
            {
                ground = true;
                Ptr<GslNetDevice> sat = gsl->GetAttachedSatellite();
                auto v = sat ? m_vertex.find(sat->GetNode()->GetId()) : m_vertex.end();
                if (v != m_vertex.end())
                {
                    links.push_back(MakeLink(u, v->second, gsl, sat));
                    delays.push_back(delay(u, v->second));
                }
            }
            else if (auto isl = DynamicCast<IslChannel>(device->GetChannel()))
            {
                Ptr<NetDevice> peer = isl->GetDevice(isl->GetDevice(0) == device ? 1 : 0);
                auto v = m_vertex.find(peer->GetNode()->GetId());
                if (v != m_vertex.end() && u < v->second && isl->IsUp())
                {
                    links.push_back(MakeLink(u, v->second, device, peer));
                    delays.push_back(delay(u, v->second));
                }
            }
        }
        if (ground)
        {
            destinations.push_back(u);
        }
    }
    Graph graph(m_nodes.size());
    for (uint32_t i = 0; i < links.size(); ++i)
    {
        boost::add_edge(links[i].a, links[i].b, i, graph);
    }
    auto weight =
        boost::make_iterator_property_map(delays.begin(), boost::get(boost::edge_index, graph));

    // One shortest-path tree per destination node: a vertex's predecessor is its next hop.
    m_table.clear();
    std::vector<Graph::vertex_descriptor> predecessor(m_nodes.size());
    std::vector<double> distance(m_nodes.size());
    for (uint32_t g : destinations)
    {
        boost::dijkstra_shortest_paths(graph,
                                       g,
                                       boost::predecessor_map(predecessor.data())
                                           .distance_map(distance.data())
                                           .weight_map(weight));
        std::vector<NextHop> hops(m_nodes.size());
        for (uint32_t v = 0; v < m_nodes.size(); ++v)
        {
            const uint32_t next = predecessor[v];
            if (next == v)
            {
                continue; // the destination itself, or unreachable
            }
            const uint32_t link =
                boost::get(boost::edge_index, graph, boost::edge(v, next, graph).first);
            const Link& l = links[link];
            const bool fromA = l.a == v;
            if (l.interfaceA >= 0 && l.interfaceB >= 0)
            {
                hops[v] = {fromA ? l.interfaceA : l.interfaceB,
                           fromA ? l.addressB : l.addressA,
                           distance[v]};
            }
        }
        Ptr<Ipv4> ipv4 = m_nodes[g]->GetObject<Ipv4>();
        for (uint32_t i = 1; ipv4 && i < ipv4->GetNInterfaces(); ++i) // 0 is the loopback
        {
            for (uint32_t j = 0; j < ipv4->GetNAddresses(i); ++j)
            {
                m_table[ipv4->GetAddress(i, j).GetLocal().Get()] = hops;
            }
        }
    }
    m_dirty = false;
    ++m_recomputations;
    NS_LOG_DEBUG("recomputed: " << m_nodes.size() << " vertices, " << links.size() << " links, "
                                << destinations.size() << " destinations");
    m_recomputedTrace(m_nodes.size(), links.size());
}

SaginRoutingManager::NextHop
SaginRoutingManager::Lookup(Ptr<Node> node, Ipv4Address destination)
{
    if (m_dirty)
    {
        Recompute();
    }
    auto entry = m_table.find(destination.Get());
    auto vertex = m_vertex.find(node->GetId());
    if (entry == m_table.end() || vertex == m_vertex.end())
    {
        return NextHop();
    }
    return entry->second[vertex->second];
}

bool
SaginRoutingManager::IsUsable(Ptr<Node> node, const NextHop& hop) const
{
    Ptr<NetDevice> device = node->GetObject<Ipv4>()->GetNetDevice(hop.outputInterface);
    if (auto isl = DynamicCast<IslChannel>(device->GetChannel()))
    {
        return isl->IsUp();
    }
    auto gsl = DynamicCast<GslNetDevice>(device);
    if (!gsl)
    {
        return true;
    }
    if (!gsl->IsSatellite())
    {
        Ptr<GslNetDevice> sat = gsl->GetAttachedSatellite();
        return sat && InterfaceOf(sat).second == hop.gateway;
    }
    for (const auto& ground : gsl->GetAttachedGrounds())
    {
        if (InterfaceOf(ground).second == hop.gateway)
        {
            return true;
        }
    }
    return false;
}

} // namespace sagin
} // namespace ns3
