// SPDX-License-Identifier: GPL-2.0-only
//
// Study C's slot controller: rates from the UAV link model, a two-slot case checked by hand
// (requests, LRU decisions, deliveries, revenue, U(t), virtual queues), reproducibility, the
// Lyapunov trade-off over V on a fixed seed set, and bad input.

#include "sagin-test-utils.h"

#include "ns3/caching-slot-controller.h"
#include "ns3/caching-slot-parameters.h"
#include "ns3/caching-virtual-queues.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/content-catalogue.h"
#include "ns3/content-request-process.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/exhaustive-caching-optimiser.h"
#include "ns3/fireworks-caching-optimiser.h"
#include "ns3/lru-lfu-caching-optimiser.h"
#include "ns3/node-container.h"
#include "ns3/pointer.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/test.h"
#include "ns3/uav-air-to-ground-propagation-loss-model.h"
#include "ns3/uav-mobility-helper.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{

/**
 * \param positions node positions (m)
 * \return one node per position with a ConstantPositionMobilityModel there
 */
NodeContainer
NodesAt(const std::vector<Vector>& positions)
{
    NodeContainer nodes;
    for (const Vector& p : positions)
    {
        Ptr<Node> node = CreateObject<Node>();
        auto mobility = CreateObject<ConstantPositionMobilityModel>();
        mobility->SetPosition(p);
        node->AggregateObject(mobility);
        nodes.Add(node);
    }
    return nodes;
}

} // namespace

/**
 * \ingroup sagin-tests
 * One UAV at 100 m above UE 0, UEs 1 and 2 at 100 m horizontal distance, B = 1 MHz, P = 1 W,
 * sigma^2 = -110 dBm, beta0 = -60 dB, no blockage; contents 30, 40, 100 Mbit; LRU with
 * nearest-UAV access; two slots, every number worked out by hand in the comments.
 */
class CachingControllerTwoSlotTestCase : public TestCase
{
  public:
    CachingControllerTwoSlotTestCase()
        : TestCase("Two slots by hand: rates, LRU decision, deliveries, revenue, U(t), queues")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer uav = NodesAt({Vector(0, 0, 100)});
        NodeContainer ues = NodesAt({Vector(0, 0, 0), Vector(100, 0, 0), Vector(0, 100, 0)});
        auto catalogue = CreateObject<ContentCatalogue>();
        catalogue->SetAttribute("MaxContentSize", DoubleValue(100.0));
        catalogue->SetSizes({30.0, 40.0, 100.0});
        // Uniform popularity over F = 3: u in [0, 1/3) asks content 0, [1/3, 2/3) content 1,
        // [2/3, 1) content 2. Slot 1: UEs ask 0, 1, 2; slot 2: 1, 1, 2.
        auto draws = CreateObject<DeterministicRandomVariable>();
        double values[] = {0.1, 0.5, 0.9, 0.5, 0.5, 0.9};
        draws->SetValueArray(values, 6);
        auto requests = CreateObject<ContentRequestProcess>();
        requests->SetAttribute("Popularity", EnumValue(ContentRequestProcess::UNIFORM));
        requests->SetAttribute("Uniform", PointerValue(draws));
        auto loss = CreateObject<UavAirToGroundPropagationLossModel>();
        loss->SetAttribute("BlockageProbability", DoubleValue(0.0));
        auto controller = CreateObject<CachingSlotController>();
        controller->SetAttribute("Catalogue", PointerValue(catalogue));
        controller->SetAttribute("Requests", PointerValue(requests));
        controller->SetAttribute("LossModel", PointerValue(loss));
        controller->SetAttribute("Optimiser", PointerValue(CreateObject<LruLfuCachingOptimiser>()));
        controller->SetAttribute("Bandwidth", DoubleValue(1e6));
        controller->SetAttribute("MaxSlots", UintegerValue(2));
        // R^bh = 100 Mbit/s: slot 1's placements (30 + 40 Mbit) fit in its budget (C10).
        controller->SetAttribute(
            "Parameters",
            PointerValue(CreateObjectWithAttributes<CachingSlotParameters>("BackhaulRate",
                                                                           DoubleValue(100.0))));
        controller->SetNodes(uav, ues);
        std::vector<CachingSlotRecord> records;
        controller->TraceConnectWithoutContext(
            "SlotCompleted",
            MakeCallback(+[](std::vector<CachingSlotRecord>* out, const CachingSlotRecord& r) {
                out->push_back(r);
            }).Bind(&records));
        controller->Start();
        Simulator::Run();
        Simulator::Destroy();
        NS_TEST_ASSERT_MSG_EQ(records.size(), 2, "MaxSlots = 2");

        // Rates: P h = 30 dBm - 60 dB - 20 log10(d). UE 0, d = 100 m: -70 dBm, SNR 40 dB,
        // R = 1 MHz log2(10001) = 13.2878567 Mbit/s. UEs 1, 2, d = 141.42 m: d^2 = 2e4, SNR
        // 5000, R = log2(5001) = 12.2880009 Mbit/s.
        const double r0 = 13.2878567;
        const double r1 = 12.2880009;
        const double tol = 1e-6;
        NS_TEST_ASSERT_MSG_EQ(records[0].uavRates.size(), 3, "I x J rates");
        NS_TEST_EXPECT_MSG_EQ_TOL(records[0].uavRates[0], r0, tol, "R_00");
        NS_TEST_EXPECT_MSG_EQ_TOL(records[0].uavRates[1], r1, tol, "R_10");
        NS_TEST_EXPECT_MSG_EQ_TOL(records[0].uavRates[2], r1, tol, "R_20");

        // Slot 1 (t = 0): requests 0, 1, 2; the UAV (a full node: 80 Mbit chain) places
        // contents 0 and 1 (80 + 30 + 40 = 150 <= 200); content 2 would need 250 > 200, so UE
        // 2 goes to the satellite. The UAV serves k = 2 UEs: D_0 = min(30, r0 / 2) = 6.6439284,
        // D_1 = min(40, r1 / 2) = 6.1440005, together 12.7879288 of 70 routed. The satellite
        // delivers min(100, 2 Mbit/s x 1 s) = 2 of 100. Rev^1 = 2 x 12.7879288 + 1 x 2 =
        // 27.5758576, Rev^2 = r^fu = 100, Rev = 127.5758576. With Q = 0, U = -50 Rev =
        // -6378.79288. Q_1 = [0 - 12.79]^+ + 70 = 70, Q^S = [0 - 2]^+ + 100 = 100.
        const double delivered = (r0 + r1) / 2.0;
        const double revenue = 2.0 * delivered + 2.0 + 100.0;
        const CachingSlotRecord& s1 = records[0];
        NS_TEST_EXPECT_MSG_EQ(s1.slot, 0, "first slot");
        NS_TEST_EXPECT_MSG_EQ_TOL(s1.timeSeconds, 0.0, 1e-12, "at t = 0");
        NS_TEST_EXPECT_MSG_EQ((s1.accessPoint == std::vector<uint8_t>{0, 0, 1}),
                              true,
                              "UEs 0, 1 on the UAV, UE 2 on the satellite (index J = 1)");
        NS_TEST_EXPECT_MSG_EQ(s1.placements, 2, "contents 0 and 1 placed");
        NS_TEST_EXPECT_MSG_EQ_TOL(s1.placedData, 70.0, 1e-9, "30 + 40 Mbit of backhaul");
        NS_TEST_EXPECT_MSG_EQ(s1.fullNodes, 1, "the only UAV holds the chain (C9)");
        NS_TEST_EXPECT_MSG_EQ(s1.uesOnSatellite, 1, "UE 2");
        NS_TEST_EXPECT_MSG_EQ_TOL(s1.uavArrivals, 70.0, 1e-9, "30 + 40 routed to the UAV");
        NS_TEST_EXPECT_MSG_EQ_TOL(s1.uavDelivered, 12.7879288, tol, "D_0 + D_1");
        NS_TEST_EXPECT_MSG_EQ_TOL(s1.satelliteArrival, 100.0, 1e-9, "content 2");
        NS_TEST_EXPECT_MSG_EQ_TOL(s1.satelliteDelivered, 2.0, 1e-9, "R^S dt");
        NS_TEST_EXPECT_MSG_EQ_TOL(s1.contentRevenue, 27.5758576, tol, "Rev^1");
        NS_TEST_EXPECT_MSG_EQ_TOL(s1.blockchainRevenue, 100.0, 1e-9, "Rev^2");
        NS_TEST_EXPECT_MSG_EQ_TOL(s1.revenue, revenue, tol, "Rev");
        NS_TEST_EXPECT_MSG_EQ_TOL(s1.objective, -6378.79288, 1e-4, "U(1) = -V Rev");
        NS_TEST_EXPECT_MSG_EQ_TOL(s1.meanUavQueue, 70.0, 1e-9, "Q_1(1)");
        NS_TEST_EXPECT_MSG_EQ_TOL(s1.satelliteQueue, 100.0, 1e-9, "Q^S(1)");

        // Slot 2 (t = 1 s): requests 1, 1, 2. Content 1 is a hit; content 2 still cannot fit
        // (80 + 40 + 100 = 220 > 200 with content 1 serving), so nothing is placed or evicted
        // and UE 2 stays on the satellite. Same deliveries and revenue. U = Q_1 (80 -
        // 12.7879288) + Q^S (100 - 2) - 50 Rev = 70 x 67.2120712 + 100 x 98 - 6378.79288 =
        // 4704.84498 + 9800 - 6378.79288 = 8126.0521. Q_1 = [70 - 12.7879288]^+ + 80 =
        // 137.2120712, Q^S = [100 - 2]^+ + 100 = 198.
        const CachingSlotRecord& s2 = records[1];
        NS_TEST_EXPECT_MSG_EQ(s2.slot, 1, "second slot");
        NS_TEST_EXPECT_MSG_EQ_TOL(s2.timeSeconds, 1.0, 1e-12, "one Delta t later");
        NS_TEST_EXPECT_MSG_EQ((s2.accessPoint == std::vector<uint8_t>{0, 0, 1}), true, "same");
        NS_TEST_EXPECT_MSG_EQ(s2.placements, 0, "hits only");
        NS_TEST_EXPECT_MSG_EQ_TOL(s2.uavArrivals, 80.0, 1e-9, "40 + 40");
        NS_TEST_EXPECT_MSG_EQ_TOL(s2.uavDelivered, 12.7879288, tol, "D_0 + D_1");
        NS_TEST_EXPECT_MSG_EQ_TOL(s2.revenue, revenue, tol, "Rev");
        NS_TEST_EXPECT_MSG_EQ_TOL(s2.objective, 8126.0521, 1e-3, "U(2)");
        NS_TEST_EXPECT_MSG_EQ_TOL(s2.meanUavQueue, 137.2120712, tol, "Q_1(2)");
        NS_TEST_EXPECT_MSG_EQ_TOL(s2.satelliteQueue, 198.0, 1e-9, "Q^S(2)");
        NS_TEST_EXPECT_MSG_EQ((controller->GetCache() == std::vector<uint8_t>{1, 1, 0}),
                              true,
                              "contents 0 and 1 stay cached");
        NS_TEST_EXPECT_MSG_EQ(controller->GetSlotsRun(), 2, "two slots");
    }
};

/**
 * \ingroup sagin-tests
 * The blockage of the loss model reaches the rates: a blocked link loses P_LoS = 20 dB.
 */
class CachingControllerBlockageTestCase : public TestCase
{
  public:
    CachingControllerBlockageTestCase()
        : TestCase("Rates use the loss model's blockage (20 dB penetration loss)")
    {
    }

  private:
    void DoRun() override
    {
        auto loss = CreateObject<UavAirToGroundPropagationLossModel>();
        loss->SetAttribute("BlockageProbability", DoubleValue(1.0));
        auto controller = CreateObject<CachingSlotController>();
        controller->SetAttribute("LossModel", PointerValue(loss));
        controller->SetNodes(NodesAt({Vector(0, 0, 100), Vector(300, 400, 100)}),
                             NodesAt({Vector(0, 0, 0)}));
        const std::vector<double> rates = controller->ComputeUavRates();
        // UAV 0, d = 100 m: P h = 30 - 60 - 40 - 20 = -90 dBm, SNR 20 dB: 10 MHz log2(101) =
        // 66.5821148 Mbit/s. UAV 1, d^2 = 500^2 + 100^2 = 2.6e5: P h = -30 - 54.1497 - 20 =
        // -104.1497 dBm, SNR = 10^(5.8503 / 10) = 3.846154 (= 1e6 / 2.6e5): 10 MHz
        // log2(4.846154) = 22.7684 Mbit/s.
        NS_TEST_ASSERT_MSG_EQ(rates.size(), 2, "I x J");
        NS_TEST_EXPECT_MSG_EQ_TOL(rates[0], 66.5821148, 1e-6, "blocked, overhead");
        NS_TEST_EXPECT_MSG_EQ_TOL(rates[1], 10.0 * std::log2(1.0 + 1e6 / 2.6e5), 1e-9, "far");
        NS_TEST_EXPECT_MSG_EQ_TOL(rates[1], 22.7684, 1e-4, "far, by hand");
        Simulator::Destroy();
    }
};

namespace
{

/** Time-averaged results of one controller run. */
struct RunAverages
{
    double revenue{0.0};     //!< mean Rev(t)
    double totalQueue{0.0};  //!< mean of sum_j Q_j(t+1) + Q^S(t+1)
    std::vector<double> all; //!< every slot's revenue, for the reproducibility check
};

/**
 * Study C's scenario in small: J UAVs on the bounded random walk over a 1 km square, I UEs
 * at random places, F contents.
 * \param run RngRun
 * \param v V
 * \param exhaustive exhaustive optimum, else the fireworks algorithm
 * \param slots slots to run
 * \param ues I
 * \param uavs J
 * \param contents F
 * \param bandwidth B of each UAV (Hz)
 * \return the averages
 */
RunAverages
RunScenario(uint32_t run,
            double v,
            bool exhaustive,
            uint32_t slots,
            uint32_t ues,
            uint32_t uavs,
            uint32_t contents,
            double bandwidth = 10e6,
            double storage = 200.0)
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(run);
    NodeContainer uavNodes;
    uavNodes.Create(uavs);
    UavMobilityHelper uavMobility;
    uavMobility.SetServiceArea(GeodeticPosition{0.0, 0.0, 0.0}, Rectangle(0, 1000, 0, 1000));
    uavMobility.Install(uavNodes);
    int64_t stream = uavMobility.AssignStreams(uavNodes, 0);
    auto place = CreateObject<UniformRandomVariable>();
    place->SetStream(stream++);
    std::vector<Vector> uePositions;
    for (uint32_t i = 0; i < ues; ++i)
    {
        const Vector enu(place->GetValue(0, 1000), place->GetValue(0, 1000), 0.0);
        uePositions.push_back(EnuToEcef(GeodeticPosition{0.0, 0.0, 0.0}, enu));
    }
    auto parameters = CreateObject<CachingSlotParameters>();
    parameters->SetAttribute("V", DoubleValue(v));
    parameters->SetAttribute("UavStorage", DoubleValue(storage));
    auto catalogue = CreateObject<ContentCatalogue>();
    catalogue->SetAttribute("NumContents", UintegerValue(contents));
    Ptr<CachingOptimiser> optimiser;
    if (exhaustive)
    {
        optimiser = CreateObject<ExhaustiveCachingOptimiser>();
    }
    else
    {
        optimiser =
            CreateObjectWithAttributes<FireworksCachingOptimiser>("Generations", UintegerValue(10));
    }
    auto controller = CreateObjectWithAttributes<CachingSlotController>("Parameters",
                                                                        PointerValue(parameters),
                                                                        "Catalogue",
                                                                        PointerValue(catalogue),
                                                                        "Optimiser",
                                                                        PointerValue(optimiser),
                                                                        "MaxSlots",
                                                                        UintegerValue(slots),
                                                                        "Bandwidth",
                                                                        DoubleValue(bandwidth));
    controller->SetNodes(uavNodes, NodesAt(uePositions));
    controller->AssignStreams(stream);
    RunAverages out;
    controller->TraceConnectWithoutContext(
        "SlotCompleted",
        MakeCallback(+[](RunAverages* o, uint32_t numUavs, const CachingSlotRecord& r) {
            o->all.push_back(r.revenue);
            o->revenue += r.revenue;
            o->totalQueue += r.meanUavQueue * numUavs + r.satelliteQueue;
        }).Bind(&out, uavs));
    controller->Start();
    // The walks schedule themselves forever: stop half a slot after the last one.
    Simulator::Stop(Seconds(slots - 0.5));
    Simulator::Run();
    Simulator::Destroy();
    out.revenue /= slots;
    out.totalQueue /= slots;
    return out;
}

} // namespace

/**
 * \ingroup sagin-tests
 * Same seed and run, same slots; another run differs.
 */
class CachingControllerReproducibleTestCase : public TestCase
{
  public:
    CachingControllerReproducibleTestCase()
        : TestCase("Same RngRun, identical slots (UAV walk, requests, blockage, fireworks)")
    {
    }

  private:
    void DoRun() override
    {
        const RunAverages a = RunScenario(3, 50.0, false, 5, 6, 2, 8);
        const RunAverages b = RunScenario(3, 50.0, false, 5, 6, 2, 8);
        const RunAverages c = RunScenario(4, 50.0, false, 5, 6, 2, 8);
        NS_TEST_ASSERT_MSG_EQ(a.all.size(), 5, "five slots");
        NS_TEST_EXPECT_MSG_EQ((a.all == b.all), true, "bit-identical revenue per slot");
        NS_TEST_EXPECT_MSG_EQ((a.all != c.all), true, "another run differs");
    }
};

/**
 * \ingroup sagin-tests
 * Neely's drift-plus-penalty trade-off (Stochastic Network Optimization, 2010, Theorem 4.8):
 * with the per-slot problem solved exactly, the time-averaged revenue is within O(1/V) of
 * the optimum and the time-averaged queue is O(V). In study C every request is routed
 * somewhere (C8), so revenue and queues pull apart through the blockchain roles: with
 * S_j = 120 Mbit a full node (reward 100 per slot) keeps 40 Mbit for contents (one content
 * at most) and a light node (reward 1) 119.92 Mbit, so more full nodes earn more but send
 * more UEs to the 2 Mbit/s satellite. Over a fixed seed set (RngRun 1-4, 100 slots, J = 2,
 * I = 4, F = 6) with the exhaustive optimiser, as V goes 0.1, 1, ..., 10^4: the revenue
 * never falls and its gain per decade shrinks at the top (saturation), and the queues never
 * fall and grow overall.
 */
class CachingControllerLyapunovTestCase : public TestCase
{
  public:
    CachingControllerLyapunovTestCase()
        : TestCase("Lyapunov trade-off: revenue rises and saturates with V, queues grow")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<double> vs{0.1, 1.0, 10.0, 100.0, 1000.0, 10000.0};
        const std::vector<uint32_t> runs{1, 2, 3, 4};
        std::vector<double> revenue(vs.size(), 0.0);
        std::vector<double> queue(vs.size(), 0.0);
        for (std::size_t k = 0; k < vs.size(); ++k)
        {
            for (uint32_t run : runs)
            {
                const RunAverages r = RunScenario(run, vs[k], true, 100, 4, 2, 6, 10e6, 120.0);
                revenue[k] += r.revenue / runs.size();
                queue[k] += r.totalQueue / runs.size();
            }
        }
        // Measured (this seed set): revenue 300.19, 300.67, 303.56, 316.55, 326.07, 330.19;
        // queue (sum of the UAV and satellite queues) 1159, 1160, 1163, 1289, 1588, 1902 Mbit.
        double largestGain = 0.0;
        for (std::size_t k = 1; k < vs.size(); ++k)
        {
            NS_TEST_EXPECT_MSG_GT_OR_EQ(revenue[k],
                                        revenue[k - 1],
                                        "revenue falls from V = " << vs[k - 1] << " to " << vs[k]);
            NS_TEST_EXPECT_MSG_GT_OR_EQ(queue[k],
                                        queue[k - 1],
                                        "queue falls from V = " << vs[k - 1] << " to " << vs[k]);
            largestGain = std::max(largestGain, revenue[k] - revenue[k - 1]);
        }
        const std::size_t last = vs.size() - 1;
        NS_TEST_EXPECT_MSG_GT(revenue[last] - revenue[0], 0.05 * revenue[0], "a trade-off at all");
        NS_TEST_EXPECT_MSG_LT(revenue[last] - revenue[last - 1],
                              0.5 * largestGain,
                              "saturation: the last decade of V gains less than half the most");
        NS_TEST_EXPECT_MSG_GT(queue[last], 1.3 * queue[0], "queues grow with V");
    }
};

/**
 * \ingroup sagin-tests
 * Bad input names the input and the fix.
 */
class CachingControllerBadInputTestCase : public TestCase
{
  public:
    CachingControllerBadInputTestCase()
        : TestCase("Bad input: zero UAVs or UEs, no mobility, no optimiser, Start before nodes")
    {
    }

  private:
    void DoRun() override
    {
        auto controller = CreateObject<CachingSlotController>();
        NodeContainer ues = NodesAt({Vector(0, 0, 0)});
        NS_TEST_EXPECT_MSG_NE(MessageOf<std::invalid_argument>([&] {
                                  controller->SetNodes(NodeContainer(), ues);
                              }).find("zero UAVs; study C needs J >= 1"),
                              std::string::npos,
                              "zero UAVs");
        NS_TEST_EXPECT_MSG_NE(MessageOf<std::invalid_argument>([&] {
                                  controller->SetNodes(ues, NodeContainer());
                              }).find("zero UEs"),
                              std::string::npos,
                              "zero UEs");
        NodeContainer bare;
        bare.Create(1);
        NS_TEST_EXPECT_MSG_NE(MessageOf<std::invalid_argument>([&] {
                                  controller->SetNodes(bare, ues);
                              }).find("has no MobilityModel; install one"),
                              std::string::npos,
                              "UAV without mobility");
        NS_TEST_EXPECT_MSG_NE(
            MessageOf<std::logic_error>([&] { controller->Start(); }).find("call SetNodes first"),
            std::string::npos,
            "Start before SetNodes");
        controller->SetNodes(NodesAt({Vector(0, 0, 100)}), ues);
        NS_TEST_EXPECT_MSG_NE(MessageOf<std::invalid_argument>([&] {
                                  controller->RunSlot();
                              }).find("no Optimiser; set the attribute"),
                              std::string::npos,
                              "no optimiser");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * Study C's slot controller.
 */
class CachingControllerTestSuite : public TestSuite
{
  public:
    CachingControllerTestSuite()
        : TestSuite("sagin-caching-controller", Type::UNIT)
    {
        AddTestCase(new CachingControllerTwoSlotTestCase);
        AddTestCase(new CachingControllerBlockageTestCase);
        AddTestCase(new CachingControllerReproducibleTestCase);
        AddTestCase(new CachingControllerLyapunovTestCase);
        AddTestCase(new CachingControllerBadInputTestCase);
    }
};

/** Static instance that registers the suite. */
static CachingControllerTestSuite g_cachingControllerTestSuite;
