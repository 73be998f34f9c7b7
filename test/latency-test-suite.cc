// SPDX-License-Identifier: GPL-2.0-only
//
// End to end: the one-way latency the PacketLatencyTracer measures between two ground
// stations across a Walker shell equals the geometric propagation delay along the path taken
// plus serialisation, and that path is the shortest one. The geometry and the shortest path
// are computed here independently: positions straight from the orbits at the send time and
// a plain O(n^2) Dijkstra over the same links.

#include "ns3/constant-position-mobility-model.h"
#include "ns3/constellation-helper.h"
#include "ns3/double.h"
#include "ns3/geodesy.h"
#include "ns3/gsl-helper.h"
#include "ns3/gsl-net-device.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/isl-channel.h"
#include "ns3/isl-helper.h"
#include "ns3/node-list.h"
#include "ns3/packet-latency-tracer.h"
#include "ns3/pointer.h"
#include "ns3/sagin-routing-helper.h"
#include "ns3/satellite-mobility-model.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/test.h"
#include "ns3/udp-socket-factory.h"

#include <limits>
#include <map>
#include <set>

using namespace ns3;
using namespace ns3::sagin;

/**
 * \ingroup sagin-tests
 * Measured one-way latency = propagation along the shortest path + serialisation.
 */
class LatencyGeometryTestCase : public TestCase
{
  public:
    LatencyGeometryTestCase()
        : TestCase("one-way latency equals the geometric shortest path")
    {
    }

  private:
    void DoRun() override
    {
        const double c = 299792458.0;
        WalkerShell shell;
        shell.altitude = 1000e3;
        shell.inclination = 53;
        shell.planes = 12;
        shell.satsPerPlane = 12;
        shell.phasing = 1;
        ConstellationHelper constellation;
        NodeContainer sats = constellation.Install(shell);
        NodeContainer ground;
        ground.Create(2);
        const Vector paris = GeodeticToEcef({48.86, 2.35, 0});
        const Vector madrid = GeodeticToEcef({40.42, -3.70, 0});
        for (uint32_t i = 0; i < 2; ++i)
        {
            auto m = CreateObject<ConstantPositionMobilityModel>();
            m->SetPosition(i == 0 ? paris : madrid);
            ground.Get(i)->AggregateObject(m);
        }
        NetDeviceContainer isls =
            IslHelper().InstallPlusGrid(sats, constellation.GetWalkerSatellites(), {shell});
        GslHelper gsl;
        gsl.SetChannelAttribute(
            "PropagationLoss",
            PointerValue(CreateObjectWithAttributes<FriisPropagationLossModel>("Frequency",
                                                                               DoubleValue(2e9))));
        gsl.SetChannelAttribute("NoisePower", DoubleValue(-130.0));
        gsl.SetGroundAttribute("TxPower", DoubleValue(60.0));
        gsl.SetSatelliteAttribute("TxPower", DoubleValue(60.0));
        gsl.SetGroundAttribute(
            "AttachmentPolicy",
            PointerValue(
                CreateObjectWithAttributes<HighestElevationAttachmentPolicy>("MinElevation",
                                                                             DoubleValue(10.0))));
        NetDeviceContainer satGsl = gsl.InstallSatellites(sats);
        NetDeviceContainer groundGsl = gsl.InstallGround(ground);
        SaginRoutingHelper routing;
        InternetStackHelper internet;
        internet.SetRoutingHelper(routing);
        internet.Install(sats);
        internet.Install(ground);
        Ipv4AddressHelper islAddresses("10.128.0.0", "255.255.255.252");
        for (uint32_t i = 0; i < isls.GetN(); i += 2)
        {
            islAddresses.Assign(NetDeviceContainer(isls.Get(i), isls.Get(i + 1)));
            islAddresses.NewNetwork();
        }
        Ipv4AddressHelper gslAddresses("10.0.0.0", "255.255.0.0");
        gslAddresses.Assign(satGsl);
        Ipv4InterfaceContainer groundIps = gslAddresses.Assign(groundGsl);

        auto tracer = CreateObject<PacketLatencyTracer>();
        tracer->Install(ground);
        std::vector<PacketLatencyTracer::Record> records;
        tracer->TraceConnectWithoutContext(
            "Latency",
            MakeCallback(+[](std::vector<PacketLatencyTracer::Record>* v,
                             const PacketLatencyTracer::Record& r) {
                v->push_back(r);
            }).Bind(&records));
        Ptr<Socket> sink = Socket::CreateSocket(ground.Get(1), UdpSocketFactory::GetTypeId());
        sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        Ptr<Socket> source = Socket::CreateSocket(ground.Get(0), UdpSocketFactory::GetTypeId());
        const InetSocketAddress to(groundIps.GetAddress(1), 9);
        // The first datagram also waits for ARP on both GSL hops; the others measure the path.
        for (int k = 1; k <= 6; ++k)
        {
            Simulator::Schedule(Seconds(k),
                                [source, to]() { source->SendTo(Create<Packet>(200), 0, to); });
        }
        Simulator::Stop(Seconds(7));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(records.size(), 6u, "every datagram delivered and traced");

        // The ISL graph (+Grid) with node ids, for the independent shortest path.
        std::map<uint32_t, std::set<uint32_t>> neighbours;
        for (uint32_t i = 0; i < isls.GetN(); i += 2)
        {
            const uint32_t a = isls.Get(i)->GetNode()->GetId();
            const uint32_t b = isls.Get(i + 1)->GetNode()->GetId();
            neighbours[a].insert(b);
            neighbours[b].insert(a);
        }
        auto positionAt = [&](uint32_t node, Time t) {
            Ptr<Node> n = NodeList::GetNode(node);
            auto sat = n->GetObject<SatelliteMobilityModel>();
            return sat ? sat->GetOrbit()->GetEcefState(t).position
                       : n->GetObject<MobilityModel>()->GetPosition();
        };
        const uint32_t src = ground.Get(0)->GetId();
        const uint32_t dst = ground.Get(1)->GetId();
        for (size_t r = 1; r < records.size(); ++r)
        {
            const auto& rec = records[r];
            NS_TEST_ASSERT_MSG_GT(rec.path.size(), 0u, "went through satellites");
            // Geometric delay along the recorded path at the send time.
            std::vector<uint32_t> hops{src};
            hops.insert(hops.end(), rec.path.begin(), rec.path.end());
            hops.push_back(dst);
            double pathDelay = 0;
            for (size_t h = 1; h < hops.size(); ++h)
            {
                pathDelay += CalculateDistance(positionAt(hops[h - 1], rec.sent),
                                               positionAt(hops[h], rec.sent)) /
                             c;
            }
            // Shortest delay between the two attached satellites over the ISLs, O(n^2) Dijkstra.
            const uint32_t first = rec.path.front();
            const uint32_t last = rec.path.back();
            std::map<uint32_t, double> best;
            std::set<uint32_t> done;
            best[first] = 0;
            while (true)
            {
                uint32_t u = 0;
                double du = std::numeric_limits<double>::infinity();
                for (const auto& [v, d] : best)
                {
                    if (!done.count(v) && d < du)
                    {
                        u = v;
                        du = d;
                    }
                }
                if (std::isinf(du) || u == last)
                {
                    break;
                }
                done.insert(u);
                for (uint32_t v : neighbours[u])
                {
                    const double w =
                        CalculateDistance(positionAt(u, rec.sent), positionAt(v, rec.sent)) / c;
                    if (!best.count(v) || best[v] > du + w)
                    {
                        best[v] = du + w;
                    }
                }
            }
            double recordedIsl = 0;
            for (size_t h = 1; h < rec.path.size(); ++h)
            {
                recordedIsl += CalculateDistance(positionAt(rec.path[h - 1], rec.sent),
                                                 positionAt(rec.path[h], rec.sent)) /
                               c;
            }
            NS_TEST_EXPECT_MSG_EQ_TOL(recordedIsl, best[last], 1e-9, "the ISL path is shortest");
            // Latency - propagation = serialisation (+ motion during flight, < 1 us): two GSL
            // frames of 242 B at >= 29 Mbit/s (Friis at 2 GHz, 60 dBm, -130 dBm noise, under
            // 5000 km: SNR >= 17.6 dB) take <= 2 x 66 us; 10 Gbit/s ISL hops < 0.2 us each.
            const double excess = (rec.received - rec.sent).GetSeconds() - pathDelay;
            NS_TEST_EXPECT_MSG_GT_OR_EQ(excess, -1e-6, "never faster than light");
            NS_TEST_EXPECT_MSG_LT(excess, 150e-6, "only serialisation on top");
        }
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * The latency TestSuite.
 */
class LatencyTestSuite : public TestSuite
{
  public:
    LatencyTestSuite()
        : TestSuite("sagin-latency", SYSTEM)
    {
        AddTestCase(new LatencyGeometryTestCase, TestCase::QUICK);
    }
};

static LatencyTestSuite g_latencyTestSuite; //!< Static variable for test initialization
