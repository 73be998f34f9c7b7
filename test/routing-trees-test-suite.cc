// SPDX-License-Identifier: GPL-2.0-only
//
// The routing manager's shortest-path trees, snapshot after snapshot, against an independent
// O(n^2) Dijkstra over the links up at each snapshot.

#include "routing-test-utils.h"

#include "ns3/boolean.h"
#include "ns3/ipv4.h"
#include "ns3/sagin-routing-manager.h"
#include "ns3/satellite-mobility-model.h"
#include "ns3/simulator.h"
#include "ns3/test.h"

#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{

/**
 * Shortest delays towards a vertex by an O(n^2) Dijkstra, independent of the manager's code.
 * \param target the destination vertex
 * \param neighbours by vertex, the vertices linked to it now
 * \param at by vertex, its position now (ECEF, m)
 * \return by vertex, its delay towards target (s), infinity if unreachable
 */
std::vector<double>
ReferenceDelays(uint32_t target,
                const std::vector<std::set<uint32_t>>& neighbours,
                const std::vector<Vector>& at)
{
    const double c = 299792458.0; // speed of light (m/s)
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<double> best(at.size(), inf);
    std::vector<bool> done(at.size(), false);
    best[target] = 0;
    while (true)
    {
        uint32_t u = 0;
        double du = inf;
        for (uint32_t v = 0; v < at.size(); ++v)
        {
            if (!done[v] && best[v] < du)
            {
                u = v;
                du = best[v];
            }
        }
        if (std::isinf(du))
        {
            return best;
        }
        done[u] = true;
        for (uint32_t v : neighbours[u])
        {
            best[v] = std::min(best[v], du + CalculateDistance(at[u], at[v]) / c);
        }
    }
}

/**
 * Compare every other vertex's next hop towards a destination with reference delays.
 * \param manager the routing manager
 * \param nodes by vertex, its node
 * \param target the destination vertex
 * \param address the destination address
 * \param best the reference delays (ReferenceDelays)
 * \param[in,out] compared incremented per vertex compared
 * \param[in,out] mismatches incremented per vertex whose delay (or reachability) differs
 */
void
CompareWithManager(Ptr<SaginRoutingManager> manager,
                   const std::vector<Ptr<Node>>& nodes,
                   uint32_t target,
                   Ipv4Address address,
                   const std::vector<double>& best,
                   uint32_t& compared,
                   uint32_t& mismatches)
{
    for (uint32_t v = 0; v < nodes.size(); ++v)
    {
        if (v == target)
        {
            continue;
        }
        const auto hop = manager->Lookup(nodes[v], address);
        ++compared;
        const bool same = std::isinf(best[v])
                              ? hop.outputInterface < 0
                              : hop.outputInterface >= 0 && std::abs(hop.delay - best[v]) <= 1e-12;
        mismatches += !same;
    }
}

} // namespace

/**
 * \ingroup sagin-tests
 * Every node's delay towards several destinations, snapshot after snapshot of a moving Walker
 * shell (handovers included), equals an independent O(n^2) Dijkstra over the ISLs and
 * attachments at the snapshot instant, whether trees are seeded from the previous snapshot
 * (ReuseTrees) or computed from scratch.
 */
class RoutingTreesMatchDijkstraTestCase : public TestCase
{
  public:
    RoutingTreesMatchDijkstraTestCase()
        : TestCase("trees seeded from the last snapshot equal Dijkstra from scratch")
    {
    }

  private:
    void DoRun() override
    {
        for (bool reuse : {true, false})
        {
            Check(reuse);
        }
    }

    /** \param reuse the manager's ReuseTrees */
    void Check(bool reuse)
    {
        const Time interval = Seconds(20); // satellites move 147 km between snapshots
        WalkerScenario s({{48.86, 2.35, 0}, {40.42, -3.70, 0}, {-33.87, 151.21, 0}}, interval);
        Ptr<SaginRoutingManager> manager = s.routing.GetManager();
        manager->SetAttribute("ReuseTrees", BooleanValue(reuse));
        std::vector<Ptr<Node>> nodes;
        for (uint32_t i = 0; i < s.sats.GetN(); ++i)
        {
            nodes.push_back(s.sats.Get(i));
        }
        for (uint32_t i = 0; i < s.grounds.GetN(); ++i)
        {
            nodes.push_back(s.grounds.Get(i));
        }
        // Destinations: the stations and two satellites (their first ISL address).
        std::vector<std::pair<uint32_t, Ipv4Address>> destinations;
        for (uint32_t i = 0; i < s.grounds.GetN(); ++i)
        {
            destinations.emplace_back(s.sats.GetN() + i, s.groundIps.GetAddress(i));
        }
        for (uint32_t i : {0u, 77u})
        {
            destinations.emplace_back(
                i,
                s.sats.Get(i)->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal());
        }
        uint32_t compared = 0;
        uint32_t mismatches = 0;
        uint32_t handovers = 0;
        std::set<uint32_t> attachedSeen;
        auto check = [&](Time snapshot) {
            // Positions at the snapshot instant, straight from the orbits.
            std::vector<Vector> at(nodes.size());
            for (uint32_t v = 0; v < nodes.size(); ++v)
            {
                auto sat = nodes[v]->GetObject<SatelliteMobilityModel>();
                at[v] = sat ? sat->GetOrbit()->GetEcefState(snapshot).position
                            : nodes[v]->GetObject<MobilityModel>()->GetPosition();
            }
            std::map<uint32_t, uint32_t> vertexOf;
            for (uint32_t v = 0; v < nodes.size(); ++v)
            {
                vertexOf[nodes[v]->GetId()] = v;
            }
            std::vector<std::set<uint32_t>> neighbours(nodes.size());
            for (uint32_t i = 0; i < s.isls.GetN(); i += 2)
            {
                const uint32_t a = vertexOf[s.isls.Get(i)->GetNode()->GetId()];
                const uint32_t b = vertexOf[s.isls.Get(i + 1)->GetNode()->GetId()];
                neighbours[a].insert(b);
                neighbours[b].insert(a);
            }
            for (uint32_t g = 0; g < s.grounds.GetN(); ++g)
            {
                auto device = DynamicCast<GslNetDevice>(s.grounds.Get(g)->GetDevice(0));
                if (device && device->GetAttachedSatellite())
                {
                    const uint32_t a = s.sats.GetN() + g;
                    const uint32_t b = vertexOf[device->GetAttachedSatellite()->GetNode()->GetId()];
                    neighbours[a].insert(b);
                    neighbours[b].insert(a);
                    handovers += attachedSeen.insert(g * 100000 + b).second;
                }
            }
            for (const auto& [target, address] : destinations)
            {
                const std::vector<double> best = ReferenceDelays(target, neighbours, at);
                CompareWithManager(manager, nodes, target, address, best, compared, mismatches);
            }
        };
        // Half a second after each snapshot: attachments change only on whole seconds.
        for (uint32_t k = 0; k < 20; ++k)
        {
            Simulator::Schedule(k * interval + MilliSeconds(500),
                                [&check, k, interval]() { check(k * interval); });
        }
        Simulator::Stop(20 * interval);
        Simulator::Run();
        Simulator::Destroy();
        // 20 snapshots x 5 destinations x 146 other nodes.
        NS_TEST_EXPECT_MSG_EQ(compared, 20u * 5 * 146, "every node, destination and snapshot");
        NS_TEST_EXPECT_MSG_EQ(mismatches, 0u, "same delays as Dijkstra from scratch");
        NS_TEST_EXPECT_MSG_GT(handovers, 3u, "the stations handed over during the run");
    }
};

/**
 * \ingroup sagin-tests
 * Trees seeded from the last snapshot through the rare cases of their update: a zero-delay
 * ISL (two satellites at one place, so a vertex and its next vertex tie on delay and the heap
 * may settle the child first), paths moving from one side of a ring to the other, and an ISL
 * breaking (the link set changes, a vertex's old link is gone). Every node's delay towards
 * each destination equals an independent O(n^2) Dijkstra over the links up at each snapshot.
 */
class RoutingZeroDelayTreesTestCase : public TestCase
{
  public:
    RoutingZeroDelayTreesTestCase()
        : TestCase("seeded trees with a zero-delay link and a breaking link equal Dijkstra")
    {
    }

  private:
    void DoRun() override
    {
        const double c = 299792458.0;
        const double maxRange = 2500e3; // Scenario's ISL MaxRange
        // Ring S0 - S1 - S4 - S2 - S0 with S0 over ground A at (0, 0), S1 at (0, 9), S4 at
        // (9, 9), S2 at (10.8, 0), all 550 km up; S3 sits where S4 is, joined only to it (an
        // ISL of length 0). S1 drifts at 20 km/s along +y and +z, so S4's (and S3's) shortest
        // path towards S0 moves from S1's side to S2's, and at last S0-S1 breaks; S2 drifts at
        // 2 km/s along +z, so the delays on its side grow at every snapshot too. The manager
        // lists the ISLs by their lower vertex, so its pass over the links shortens S4's delay
        // over S2-S4 before it looks at S3-S4, which then gives S3 the same delay as S4: the
        // heap settles S3 (the lower vertex) before its next vertex S4.
        // Start and velocity of S1 and S2.
        const std::map<uint32_t, std::pair<Vector, Vector>> drifts{
            {1, {GeodeticToEcef({0, 9, 550e3}), Vector(0, 20e3, 20e3)}},
            {2, {GeodeticToEcef({10.8, 0, 550e3}), Vector(0, 0, 2e3)}}};
        std::vector<Ptr<MobilityModel>> sats{Fixed(0, 0, 550e3),
                                             nullptr,
                                             nullptr,
                                             Fixed(9, 9, 550e3),
                                             Fixed(9, 9, 550e3)};
        for (const auto& [i, drift] : drifts)
        {
            auto drifting = CreateObject<ConstantVelocityMobilityModel>();
            drifting->SetPosition(drift.first);
            drifting->SetVelocity(drift.second);
            sats[i] = drifting;
        }
        const std::vector<std::pair<uint32_t, uint32_t>> isls{{0, 1},
                                                              {1, 4},
                                                              {4, 2},
                                                              {2, 0},
                                                              {3, 4}};
        const Time interval = Seconds(1);
        Scenario s(sats, {GeodeticToEcef({0, 0, 0})}, isls, interval);
        Ptr<SaginRoutingManager> manager = s.routing.GetManager();
        manager->SetAttribute("ReuseTrees", BooleanValue(true)); // the default, stated
        // Destinations: ground A, S3 and S4 (their first ISL address).
        std::vector<std::pair<uint32_t, Ipv4Address>> destinations{{5, s.groundIps.GetAddress(0)}};
        for (uint32_t i : {3u, 4u})
        {
            destinations.emplace_back(
                i,
                s.sats.Get(i)->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal());
        }
        std::vector<Ptr<Node>> nodes;
        for (uint32_t i = 0; i < s.sats.GetN(); ++i)
        {
            nodes.push_back(s.sats.Get(i));
        }
        nodes.push_back(s.grounds.Get(0));
        uint32_t compared = 0;
        uint32_t mismatches = 0;
        uint32_t viaS2 = 0;    // snapshots where S4's shortest path to S0 is via S2
        uint32_t s0s1Down = 0; // snapshots with the S0-S1 ISL broken
        auto check = [&](Time snapshot) {
            // Positions at the snapshot instant: S1's and S2's from their constant velocity.
            std::vector<Vector> at(nodes.size());
            for (uint32_t v = 0; v < nodes.size(); ++v)
            {
                at[v] = nodes[v]->GetObject<MobilityModel>()->GetPosition();
            }
            const double t = snapshot.GetSeconds();
            for (const auto& [i, drift] : drifts)
            {
                const auto& [start, velocity] = drift;
                at[i] = Vector(start.x + velocity.x * t,
                               start.y + velocity.y * t,
                               start.z + velocity.z * t);
            }
            std::vector<std::set<uint32_t>> neighbours(nodes.size());
            for (const auto& [a, b] : isls)
            {
                if (CalculateDistance(at[a], at[b]) <= maxRange)
                {
                    neighbours[a].insert(b);
                    neighbours[b].insert(a);
                }
            }
            s0s1Down += neighbours[0].count(1) == 0;
            auto ground = DynamicCast<GslNetDevice>(s.grounds.Get(0)->GetDevice(0));
            NS_TEST_ASSERT_MSG_EQ((ground->GetAttachedSatellite() == s.gsl.Get(0)),
                                  true,
                                  "ground A stays with S0, overhead");
            neighbours[5].insert(0);
            neighbours[0].insert(5);
            for (const auto& [target, address] : destinations)
            {
                const std::vector<double> best = ReferenceDelays(target, neighbours, at);
                if (target == 5)
                {
                    // S4 towards A: via S2 once S0-S2-S4 is the shorter side.
                    const double s2Side =
                        (CalculateDistance(at[4], at[2]) + CalculateDistance(at[2], at[0])) / c;
                    viaS2 += std::abs(best[4] - best[0] - s2Side) <= 1e-12;
                }
                CompareWithManager(manager, nodes, target, address, best, compared, mismatches);
            }
        };
        // Half an interval after each snapshot (the ground stays attached to S0 throughout).
        const uint32_t snapshots = 80;
        for (uint32_t k = 0; k < snapshots; ++k)
        {
            Simulator::Schedule(k * interval + interval / 2,
                                [&check, k, interval]() { check(k * interval); });
        }
        Simulator::Stop(snapshots * interval);
        Simulator::Run();
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_EQ(compared, snapshots * 3 * 5, "every node, destination and snapshot");
        NS_TEST_EXPECT_MSG_EQ(mismatches, 0u, "same delays as Dijkstra from scratch");
        NS_TEST_EXPECT_MSG_GT(viaS2, 0u, "S4's path moved to S2's side");
        NS_TEST_EXPECT_MSG_LT(viaS2, snapshots, "from S1's side");
        NS_TEST_EXPECT_MSG_GT(s0s1Down, 0u, "the S0-S1 ISL broke during the run");
        NS_TEST_EXPECT_MSG_LT(s0s1Down, snapshots, "after being up");
    }
};

/**
 * \ingroup sagin-tests
 * The routing manager's trees against Dijkstra.
 */
class RoutingTreesTestSuite : public TestSuite
{
  public:
    RoutingTreesTestSuite()
        : TestSuite("sagin-routing-trees", Type::UNIT)
    {
        AddTestCase(new RoutingTreesMatchDijkstraTestCase);
        AddTestCase(new RoutingZeroDelayTreesTestCase);
    }
};

static RoutingTreesTestSuite g_routingTreesTestSuite; //!< Static variable for test initialization
