// SPDX-License-Identifier: GPL-2.0-only
//
// Ground-satellite links: rates from the link budget (Friis, computed here independently),
// co-channel interference from another cell, flow-level rate = packet-level throughput,
// attachment and handover, drops with reasons, and IPv4 with ns-3's UdpEcho over a bent pipe.

#include "sagin-test-utils.h"

#include "ns3/constant-position-mobility-model.h"
#include "ns3/constant-velocity-mobility-model.h"
#include "ns3/constellation-helper.h"
#include "ns3/data-rate.h"
#include "ns3/double.h"
#include "ns3/earth-fixed-cell-grid.h"
#include "ns3/enum.h"
#include "ns3/geodesy.h"
#include "ns3/gsl-attachment-policy.h"
#include "ns3/gsl-channel.h"
#include "ns3/gsl-helper.h"
#include "ns3/gsl-net-device.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/look-angles.h"
#include "ns3/multi-beam-satellite-propagation-loss-model.h"
#include "ns3/net-device-queue-interface.h"
#include "ns3/on-off-helper.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/packet-sink.h"
#include "ns3/pointer.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/queue-disc.h"
#include "ns3/queue-size.h"
#include "ns3/random-variable-stream.h"
#include "ns3/satellite-los-nlos-propagation-loss-model.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/traffic-control-layer.h"
#include "ns3/udp-echo-helper.h"
#include "ns3/uinteger.h"
#include "ns3/walker-constellation.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <tuple>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{
const double C = 299792458.0; //!< (m/s)
const double A = 6378137.0;   //!< WGS-84 equatorial radius (m)
const double FREQUENCY = 2e9; //!< carrier of the test links (Hz)
const double TX_POWER = 60.0; //!< EIRP of every test device (dBm)
const double NOISE = -100.0;  //!< noise per sub-channel (dBm)
const double BANDWIDTH = 5e6; //!< sub-channel bandwidth (Hz)
const uint16_t IPV4 = 0x0800; //!< EtherType

/**
 * Tolerance per rounded term of an expected arrival time. The channel schedules each frame's
 * transmission time and its propagation delay as separate ns-3 Times, each rounded to the
 * 1 ns resolution (FromSeconds in double-seconds.h); the expected values here add Times
 * rounded the same way (Seconds(double)) from a link budget computed independently, whose
 * last bits can put a term on the other side of a half nanosecond: 1 ns per rounded term.
 */
const Time ROUNDING_PER_TERM = NanoSeconds(1);

/**
 * \param d distance (m)
 * \return Friis received power at TX_POWER (W), written out here independently of ns-3
 */
double
FriisRxW(double d)
{
    const double lossDb = 20 * std::log10(4 * M_PI * d * FREQUENCY / C);
    return std::pow(10.0, (TX_POWER - lossDb - 30) / 10);
}

/**
 * \param rxW signal (W)
 * \param interferenceW interference (W)
 * \return Shannon rate of one sub-channel (bit/s)
 */
double
Rate(double rxW, double interferenceW = 0)
{
    return BANDWIDTH * std::log2(1 + rxW / (std::pow(10.0, (NOISE - 30) / 10) + interferenceW));
}

/**
 * \param node the node
 * \param position ECEF (m)
 */
void
Place(Ptr<Node> node, const Vector& position)
{
    auto m = CreateObject<ConstantPositionMobilityModel>();
    m->SetPosition(position);
    node->AggregateObject(m);
}

/** One satellite 550 km over (0, 0) and ground nodes on the equator: a cell to test. */
struct EquatorCell
{
    NodeContainer sats;         //!< the satellite
    NodeContainer grounds;      //!< the ground nodes
    Vector satellite;           //!< its position (ECEF, m)
    std::vector<Vector> ground; //!< theirs, in order

    /** \param longitudes of the ground nodes (degrees east) */
    explicit EquatorCell(const std::vector<double>& longitudes)
        : satellite(GeodeticToEcef({0, 0, 550e3}))
    {
        sats.Create(1);
        grounds.Create(longitudes.size());
        Place(sats.Get(0), satellite);
        for (std::size_t i = 0; i < longitudes.size(); ++i)
        {
            ground.push_back(GeodeticToEcef({0, longitudes[i], 0}));
            Place(grounds.Get(i), ground.back());
        }
    }
};

/** A GSL helper with a deterministic (Friis) channel. */
GslHelper
MakeHelper()
{
    GslHelper helper;
    helper.SetChannelAttribute("PropagationLoss",
                               PointerValue(CreateObjectWithAttributes<FriisPropagationLossModel>(
                                   "Frequency",
                                   DoubleValue(FREQUENCY))));
    helper.SetChannelAttribute("NoisePower", DoubleValue(NOISE));
    helper.SetGroundAttribute("TxPower", DoubleValue(TX_POWER));
    helper.SetSatelliteAttribute("TxPower", DoubleValue(TX_POWER));
    helper.SetGroundAttribute("QueueSize", QueueSizeValue(QueueSize("5000p")));
    return helper;
}

/** Arrival times of frames at a device. */
struct Arrivals
{
    std::vector<Time> times; //!< one per frame
    uint64_t bytes{0};       //!< payload bytes received

    /**
     * \param device the receiving device
     */
    void Listen(Ptr<NetDevice> device)
    {
        device->SetReceiveCallback(
            [this](Ptr<NetDevice>, Ptr<const Packet> p, uint16_t, const Address&) {
                times.push_back(Simulator::Now());
                bytes += p->GetSize();
                return true;
            });
    }
};

/**
 * A ground device at (0, 0) and two satellites on one straight eastward track 550 km up at
 * 7.5 km/s, the first overhead at t = 0, the second 1500 km behind.
 * \param policy the ground device's AttachmentPolicy (a TypeId name or a policy object)
 * \param interval its AttachmentInterval
 * \param minSinr the channel's MinSinr (dB)
 * \return when it left the first satellite for the second (-1 s: never, within 500 s)
 */
Time
SecondSatelliteHandover(const AttributeValue& policy,
                        Time interval = Seconds(1),
                        double minSinr = -10.0)
{
    NodeContainer sats;
    NodeContainer ground;
    sats.Create(2);
    ground.Create(1);
    Place(ground.Get(0), Vector(A, 0, 0));
    for (uint32_t i = 0; i < 2; ++i)
    {
        auto track = CreateObject<ConstantVelocityMobilityModel>();
        track->SetPosition(Vector(A + 550e3, -1500e3 * i, 0));
        track->SetVelocity(Vector(0, 7500, 0));
        sats.Get(i)->AggregateObject(track);
    }
    GslHelper helper = MakeHelper();
    helper.SetGroundAttribute("AttachmentPolicy", policy);
    helper.SetGroundAttribute("AttachmentInterval", TimeValue(interval));
    helper.SetChannelAttribute("MinSinr", DoubleValue(minSinr));
    NetDeviceContainer satDevs = helper.InstallSatellites(sats);
    Ptr<NetDevice> device = helper.InstallGround(ground).Get(0);
    Time handover = Seconds(-1);
    Ptr<NetDevice> second = satDevs.Get(1);
    device->TraceConnectWithoutContext(
        "Handover",
        Callback<void, Ptr<GslNetDevice>, Ptr<GslNetDevice>, Ptr<GslNetDevice>>(
            [&handover, second](Ptr<GslNetDevice>, Ptr<GslNetDevice> from, Ptr<GslNetDevice> to) {
                if (from && to == second)
                {
                    handover = Simulator::Now();
                }
            }));
    Simulator::Stop(Seconds(500));
    Simulator::Run();
    Simulator::Destroy();
    return handover;
}
} // namespace

/**
 * \ingroup sagin-tests
 * One uplink frame: transmission time from the Shannon rate plus propagation delay.
 */
class GslRateDelayTestCase : public TestCase
{
  public:
    GslRateDelayTestCase()
        : TestCase("GSL frame time from the link budget")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer sat;
        NodeContainer ground;
        sat.Create(1);
        ground.Create(1);
        Place(sat.Get(0), Vector(A + 550e3, 0, 0));
        Place(ground.Get(0), Vector(A, 0, 0));
        GslHelper helper = MakeHelper();
        NetDeviceContainer satDev = helper.InstallSatellites(sat);
        NetDeviceContainer groundDev = helper.InstallGround(ground);
        Arrivals arrivals;
        arrivals.Listen(satDev.Get(0));
        Simulator::Schedule(Seconds(1), [&]() {
            groundDev.Get(0)->Send(Create<Packet>(1000), satDev.Get(0)->GetAddress(), IPV4);
        });
        Simulator::Stop(Seconds(5)); // attachment decisions recur every second
        Simulator::Run();
        const double flowRate = helper.GetChannel()
                                    ->GetBudget(DynamicCast<GslNetDevice>(groundDev.Get(0)),
                                                DynamicCast<GslNetDevice>(satDev.Get(0)),
                                                0,
                                                false)
                                    .rate;
        Simulator::Destroy();
        NS_TEST_ASSERT_MSG_EQ(arrivals.times.size(), 1u, "delivered");
        // 1000 B + 14 B Ethernet header at B log2(1 + S / N); S from Friis over 550 km:
        // 6.72 dB SNR, 12.56 Mbit/s.
        const double rate = Rate(FriisRxW(550e3));
        const Time expected = Seconds(1) + Seconds(1014 * 8 / rate) + Seconds(550e3 / C);
        // Two rounded terms: the transmission time and the propagation delay.
        NS_TEST_EXPECT_MSG_EQ_TOL(arrivals.times[0], expected, 2 * ROUNDING_PER_TERM, "arrival");
        NS_TEST_EXPECT_MSG_EQ_TOL(flowRate, rate, 1e-6 * rate, "flow-level rate");
    }
};

/**
 * \ingroup sagin-tests
 * The default attributes close the link: a satellite 550 km up at 25.5 degrees elevation
 * (just above the default policy's 25 degree minimum) carries frames both ways with no drop,
 * at a rate between the default channel's best and worst draws, written out here: free-space
 * loss at 100 MHz plus the LoS/NLoS excess (p_LoS = 1 / (1 + b1 exp(-b2 (theta - b1))),
 * b1 = 9.61, b2 = 0.16, urban; excess U(0, 1) dB with LoS, U(10, 30) dB without), 50 dBm
 * EIRP, -100 dBm noise in 5 MHz.
 */
class GslDefaultLinkBudgetTestCase : public TestCase
{
  public:
    GslDefaultLinkBudgetTestCase()
        : TestCase("GSL default attributes close the link at 25 degrees")
    {
    }

  private:
    void DoRun() override
    {
        // On the equator the ellipsoid's normal is radial, so the spherical-Earth geometry is
        // exact: the Earth central angle to a satellite at elevation e is
        // acos(a cos(e) / (a + h)) - e.
        const double elevation = 25.5 * M_PI / 180;
        const double radius = A + 550e3;
        const double gamma = std::acos(A * std::cos(elevation) / radius) - elevation;
        const Vector satellite(radius * std::cos(gamma), radius * std::sin(gamma), 0);
        const double range = CalculateDistance(satellite, Vector(A, 0, 0));
        const double freeSpace = 20 * std::log10(4 * M_PI * range * 100e6 / C);
        const double theta = 25.5;
        const double pLos = 1 / (1 + 9.61 * std::exp(-0.16 * (theta - 9.61)));
        auto rateAt = [&](double excessDb) {
            return BANDWIDTH *
                   std::log2(1 + std::pow(10.0, (50.0 - freeSpace - excessDb - NOISE) / 10));
        };
        const double best = rateAt((1 - pLos) * 10);
        const double worst = rateAt(pLos * 1 + (1 - pLos) * 30);

        NodeContainer sat;
        NodeContainer ground;
        sat.Create(1);
        ground.Create(1);
        Place(sat.Get(0), satellite);
        Place(ground.Get(0), Vector(A, 0, 0));
        GslHelper helper; // every attribute at its default
        NetDeviceContainer satDev = helper.InstallSatellites(sat);
        NetDeviceContainer groundDev = helper.InstallGround(ground);
        Arrivals up;
        Arrivals down;
        up.Listen(satDev.Get(0));
        down.Listen(groundDev.Get(0));
        uint32_t drops = 0;
        for (auto device : {satDev.Get(0), groundDev.Get(0)})
        {
            device->TraceConnectWithoutContext(
                "Drop",
                MakeCallback(+[](uint32_t* n, Ptr<const Packet>, const std::string&) {
                    ++*n;
                }).Bind(&drops));
        }
        const uint32_t frames = 50;
        for (uint32_t i = 0; i < frames; ++i)
        {
            Simulator::Schedule(MilliSeconds(100 + 20 * i), [&]() {
                groundDev.Get(0)->Send(Create<Packet>(1000), satDev.Get(0)->GetAddress(), IPV4);
                satDev.Get(0)->Send(Create<Packet>(1000), groundDev.Get(0)->GetAddress(), IPV4);
            });
        }
        std::vector<double> rates;
        auto channel = helper.GetChannel();
        Simulator::Schedule(MilliSeconds(50), [&]() {
            for (uint32_t i = 0; i < 100; ++i) // a new excess-loss draw each time
            {
                rates.push_back(channel
                                    ->GetBudget(DynamicCast<GslNetDevice>(groundDev.Get(0)),
                                                DynamicCast<GslNetDevice>(satDev.Get(0)),
                                                0,
                                                false)
                                    .rate);
            }
        });
        Simulator::Stop(Seconds(2));
        Simulator::Run();
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_EQ(up.times.size(), frames, "every uplink frame delivered");
        NS_TEST_EXPECT_MSG_EQ(down.times.size(), frames, "every downlink frame delivered");
        NS_TEST_EXPECT_MSG_EQ(drops, 0u, "no drop (LowSinr) with the default link budget");
        for (double rate : rates)
        {
            // 1e-9 relative: the bounds' arithmetic differs from the channel's by rounding.
            NS_TEST_EXPECT_MSG_GT_OR_EQ(rate, worst * (1 - 1e-9), "at least the worst draw");
            NS_TEST_EXPECT_MSG_LT_OR_EQ(rate, best * (1 + 1e-9), "at most the best draw");
        }
        NS_TEST_EXPECT_MSG_GT(worst, 5e6, "the worst draw still gives above 5 Mbit/s");
    }
};

/**
 * \ingroup sagin-tests
 * A saturated uncontended uplink moves bits at the flow-level rate, to within the rounding of
 * each frame's transmission time to the 1 ns resolution.
 */
class GslFlowVersusPacketTestCase : public TestCase
{
  public:
    GslFlowVersusPacketTestCase()
        : TestCase("GSL flow-level rate equals packet-level throughput")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer sat;
        NodeContainer ground;
        sat.Create(1);
        ground.Create(1);
        Place(sat.Get(0), Vector(A + 800e3, 0, 0));
        Place(ground.Get(0), Vector(A, 0, 0));
        GslHelper helper = MakeHelper();
        NetDeviceContainer satDev = helper.InstallSatellites(sat);
        NetDeviceContainer groundDev = helper.InstallGround(ground);
        Arrivals arrivals;
        arrivals.Listen(satDev.Get(0));
        const int frames = 2000;
        Simulator::Schedule(Seconds(1), [&]() {
            for (int i = 0; i < frames; ++i)
            {
                groundDev.Get(0)->Send(Create<Packet>(1200), satDev.Get(0)->GetAddress(), IPV4);
            }
        });
        Simulator::Stop(Seconds(5)); // attachment decisions recur every second
        Simulator::Run();
        const double flowRate = helper.GetChannel()
                                    ->GetBudget(DynamicCast<GslNetDevice>(groundDev.Get(0)),
                                                DynamicCast<GslNetDevice>(satDev.Get(0)),
                                                0,
                                                true)
                                    .rate;
        Simulator::Destroy();
        NS_TEST_ASSERT_MSG_EQ(arrivals.times.size(), size_t(frames), "all delivered");
        // Bits on the air (with the 14 B header) over the time from the first bit sent to
        // the last bit received, less one propagation delay.
        const double busy = (arrivals.times.back() - Seconds(1)).GetSeconds() - 800e3 / C;
        const double packetRate = frames * 1214 * 8 / busy;
        // The frames go back to back, each transmission time and the propagation delay
        // rounded to the time resolution: busy is off by at most one rounding per frame plus
        // one (measured: 4.1e-7 relative, every frame rounded the same way).
        const double tolerance = (frames + 1) * ROUNDING_PER_TERM.GetSeconds() / busy;
        NS_TEST_EXPECT_MSG_EQ_TOL(packetRate / flowRate, 1.0, tolerance, "flow-level rate");
    }
};

/**
 * Two cells on the equator, each a satellite 550 km above its ground device: cell 2's
 * ground starts a long frame (60000 bytes) at 1 s, cell 1's a short one (1000 bytes) 1 us
 * later, both on the same sub-channel.
 */
struct TwoCells
{
    Time shortFrameArrival;     //!< when cell 1's satellite received the short frame
    uint32_t frames{0};         //!< frames cell 1's satellite received
    bool attachedOwn{false};    //!< each ground attached to its own satellite
    bool sameSubChannel{false}; //!< the two grounds on the same sub-channel

    /**
     * \param secondLongitude where cell 2 is (degrees east)
     */
    explicit TwoCells(double secondLongitude)
    {
        NodeContainer sats;
        NodeContainer grounds;
        sats.Create(2);
        grounds.Create(2);
        const Vector g1 = GeodeticToEcef({0, 0, 0});
        Place(grounds.Get(0), g1);
        Place(grounds.Get(1), GeodeticToEcef({0, secondLongitude, 0}));
        Place(sats.Get(0), GeodeticToEcef({0, 0, 550e3}));
        Place(sats.Get(1), GeodeticToEcef({0, secondLongitude, 550e3}));
        GslHelper helper = MakeHelper();
        NetDeviceContainer satDevs = helper.InstallSatellites(sats);
        NetDeviceContainer groundDevs = helper.InstallGround(grounds);
        Arrivals arrivals;
        arrivals.Listen(satDevs.Get(0));
        Simulator::Schedule(Seconds(1), [&]() {
            groundDevs.Get(1)->Send(Create<Packet>(60000), satDevs.Get(1)->GetAddress(), IPV4);
        });
        Simulator::Schedule(Seconds(1) + MicroSeconds(1), [&]() {
            groundDevs.Get(0)->Send(Create<Packet>(1000), satDevs.Get(0)->GetAddress(), IPV4);
        });
        Simulator::Stop(Seconds(5)); // attachment decisions recur every second
        Simulator::Run();
        auto gd0 = DynamicCast<GslNetDevice>(groundDevs.Get(0));
        auto gd1 = DynamicCast<GslNetDevice>(groundDevs.Get(1));
        attachedOwn = gd0->GetAttachedSatellite() == satDevs.Get(0) &&
                      gd1->GetAttachedSatellite() == satDevs.Get(1);
        sameSubChannel = gd0->GetSubChannel() == gd1->GetSubChannel();
        frames = arrivals.times.size();
        shortFrameArrival = frames ? arrivals.times[0] : Seconds(-1);
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * Two cells on the same sub-channel: the later transmission sees the earlier one's power.
 */
class GslInterferenceTestCase : public TestCase
{
  public:
    GslInterferenceTestCase()
        : TestCase("GSL co-channel interference from another cell")
    {
    }

  private:
    void DoRun() override
    {
        const TwoCells cells(4.5); // ~500 km apart
        NS_TEST_EXPECT_MSG_EQ(cells.attachedOwn, true, "each ground in its own cell");
        NS_TEST_EXPECT_MSG_EQ(cells.sameSubChannel, true, "same sub-channel");
        NS_TEST_ASSERT_MSG_EQ(cells.frames, 1u, "delivered");
        const Vector s1 = GeodeticToEcef({0, 0, 550e3});
        const double d11 = CalculateDistance(GeodeticToEcef({0, 0, 0}), s1);
        const double d21 = CalculateDistance(GeodeticToEcef({0, 4.5, 0}), s1);
        const double rate = Rate(FriisRxW(d11), FriisRxW(d21));
        const Time expected =
            Seconds(1) + MicroSeconds(1) + Seconds(1014 * 8 / rate) + Seconds(d11 / C);
        NS_TEST_EXPECT_MSG_EQ_TOL(cells.shortFrameArrival,
                                  expected,
                                  2 * ROUNDING_PER_TERM, // transmission, propagation
                                  "slowed down");
        NS_TEST_EXPECT_MSG_LT(rate, Rate(FriisRxW(d11)), "interference lowers the rate");
    }
};

/**
 * \ingroup sagin-tests
 * The interference test's second cell moved to the other side of the Earth: its long frame
 * on the same sub-channel is below the first satellite's horizon and does not slow the
 * first cell's frame down.
 */
class GslHorizonTestCase : public TestCase
{
  public:
    GslHorizonTestCase()
        : TestCase("GSL: a transmitter below the horizon does not interfere")
    {
    }

  private:
    void DoRun() override
    {
        const TwoCells cells(180);
        NS_TEST_EXPECT_MSG_EQ(cells.sameSubChannel, true, "same sub-channel");
        NS_TEST_ASSERT_MSG_EQ(cells.frames, 1u, "delivered");
        const double d11 =
            CalculateDistance(GeodeticToEcef({0, 0, 0}), GeodeticToEcef({0, 0, 550e3}));
        const Time expected = Seconds(1) + MicroSeconds(1) +
                              Seconds(1014 * 8 / Rate(FriisRxW(d11))) + Seconds(d11 / C);
        NS_TEST_EXPECT_MSG_EQ_TOL(cells.shortFrameArrival,
                                  expected,
                                  2 * ROUNDING_PER_TERM, // transmission, propagation
                                  "at the interference-free rate");
    }
};

/**
 * \ingroup sagin-tests
 * The two cells of the interference test with frequency planning: the second starts its
 * sub-channels at 2 of 4, so the first cell's frame sees no interference. A start beyond the
 * channel's sub-channels is refused with a message naming both, when it is configured (the
 * attribute, the channel, or the channel's SubChannels lowered), before the simulation runs.
 */
class GslFrequencyPlanningTestCase : public TestCase
{
  public:
    GslFrequencyPlanningTestCase()
        : TestCase("GSL frequency planning with FirstSubChannel")
    {
    }

  private:
    void DoRun() override
    {
        for (uint32_t first : {2u, 4u})
        {
            NodeContainer sats;
            NodeContainer grounds;
            sats.Create(2);
            grounds.Create(2);
            const Vector g1 = GeodeticToEcef({0, 0, 0});
            Place(grounds.Get(0), g1);
            Place(grounds.Get(1), GeodeticToEcef({0, 4.5, 0}));
            Place(sats.Get(0), GeodeticToEcef({0, 0, 550e3}));
            Place(sats.Get(1), GeodeticToEcef({0, 4.5, 550e3}));
            GslHelper helper = MakeHelper();
            helper.SetChannelAttribute("SubChannels", UintegerValue(4));
            NetDeviceContainer satDevs = helper.InstallSatellites(sats);
            NetDeviceContainer groundDevs = helper.InstallGround(grounds);
            const std::string message = MessageOf<std::invalid_argument>(
                [&]() { satDevs.Get(1)->SetAttribute("FirstSubChannel", UintegerValue(first)); });
            if (first == 4)
            {
                NS_TEST_EXPECT_MSG_EQ(
                    Contains(message, "FirstSubChannel 4") &&
                        Contains(message, "of node " + std::to_string(sats.Get(1)->GetId())) &&
                        Contains(message, "4 sub-channels") &&
                        Contains(message, "raise the channel's SubChannels"),
                    true,
                    message);
                UintegerValue kept;
                satDevs.Get(1)->GetAttribute("FirstSubChannel", kept);
                NS_TEST_EXPECT_MSG_EQ(kept.Get(), 0u, "the refused value is not kept");
                Simulator::Destroy();
                continue;
            }
            NS_TEST_EXPECT_MSG_EQ(message, "", "no error");
            // The other orders: the channel's SubChannels lowered below it, and a device
            // configured before it joins a channel that is too small.
            const std::string lowered = MessageOf<std::invalid_argument>([&]() {
                DynamicCast<GslNetDevice>(satDevs.Get(1))
                    ->GetChannel()
                    ->SetAttribute("SubChannels", UintegerValue(2));
            });
            NS_TEST_EXPECT_MSG_EQ(Contains(lowered, "FirstSubChannel 2") &&
                                      Contains(lowered, "2 sub-channels"),
                                  true,
                                  lowered);
            auto narrow = CreateObjectWithAttributes<GslChannel>("SubChannels", UintegerValue(2));
            auto late = CreateObjectWithAttributes<GslNetDevice>("Role",
                                                                 EnumValue(GslNetDevice::SATELLITE),
                                                                 "FirstSubChannel",
                                                                 UintegerValue(first));
            const std::string joined =
                MessageOf<std::invalid_argument>([&]() { late->SetChannel(narrow); });
            NS_TEST_EXPECT_MSG_EQ(Contains(joined, "FirstSubChannel 2") &&
                                      Contains(joined, "(none yet)"),
                                  true,
                                  joined);
            NS_TEST_EXPECT_MSG_EQ(narrow->GetNDevices(), 0u, "the refused device is not added");
            Arrivals arrivals;
            arrivals.Listen(satDevs.Get(0));
            Simulator::Schedule(Seconds(1), [&]() {
                groundDevs.Get(1)->Send(Create<Packet>(60000), satDevs.Get(1)->GetAddress(), IPV4);
            });
            Simulator::Schedule(Seconds(1) + MicroSeconds(1), [&]() {
                groundDevs.Get(0)->Send(Create<Packet>(1000), satDevs.Get(0)->GetAddress(), IPV4);
            });
            Simulator::Stop(Seconds(5));
            Simulator::Run();
            const uint32_t sub0 = DynamicCast<GslNetDevice>(groundDevs.Get(0))->GetSubChannel();
            const uint32_t sub1 = DynamicCast<GslNetDevice>(groundDevs.Get(1))->GetSubChannel();
            Simulator::Destroy();
            NS_TEST_EXPECT_MSG_EQ(sub0, 0u, "cell 1 starts at 0");
            NS_TEST_EXPECT_MSG_EQ(sub1, 2u, "cell 2 starts at 2");
            NS_TEST_ASSERT_MSG_EQ(arrivals.times.size(), 1u, "delivered");
            const double d11 = CalculateDistance(g1, GeodeticToEcef({0, 0, 550e3}));
            const Time expected = Seconds(1) + MicroSeconds(1) +
                                  Seconds(1014 * 8 / Rate(FriisRxW(d11))) + Seconds(d11 / C);
            NS_TEST_EXPECT_MSG_EQ_TOL(arrivals.times[0],
                                      expected,
                                      2 * ROUNDING_PER_TERM, // transmission, propagation
                                      "at the interference-free rate");
        }
    }
};

/**
 * \ingroup sagin-tests
 * AirtimeFair cell scheduling: two users of one cell at different distances, both
 * backlogged, share one carrier by airtime, so each receives at half its own rate (R_i / 2,
 * study C's equal split); their frame counts are in the ratio of their rates, not equal as
 * frame round robin would give, and both use the cell's FirstSubChannel. The cell schedules
 * their uplink the same way.
 */
class GslAirtimeFairTestCase : public TestCase
{
  public:
    GslAirtimeFairTestCase()
        : TestCase("GSL AirtimeFair cell: k busy users each get R_i over k")
    {
    }

  private:
    void DoRun() override
    {
        const EquatorCell cell({0, 6}); // the second ~670 km away: a slower link
        const NodeContainer& sats = cell.sats;
        const NodeContainer& grounds = cell.grounds;
        const Vector& s = cell.satellite;
        const Vector& g1 = cell.ground[0];
        const Vector& g2 = cell.ground[1];
        GslHelper helper = MakeHelper();
        helper.SetChannelAttribute("SubChannels", UintegerValue(4));
        helper.SetSatelliteAttribute("CellScheduling", StringValue("AirtimeFair"));
        helper.SetSatelliteAttribute("FirstSubChannel", UintegerValue(2));
        helper.SetSatelliteAttribute("QueueSize", QueueSizeValue(QueueSize("5000p")));
        NetDeviceContainer satDevs = helper.InstallSatellites(sats);
        NetDeviceContainer groundDevs = helper.InstallGround(grounds);
        Arrivals arrivals[2];
        arrivals[0].Listen(groundDevs.Get(0));
        arrivals[1].Listen(groundDevs.Get(1));
        const uint32_t frames = 3000;
        Simulator::Schedule(Seconds(1), [&]() {
            for (uint32_t k = 0; k < frames; ++k)
            {
                for (uint32_t g = 0; g < 2; ++g)
                {
                    satDevs.Get(0)->Send(Create<Packet>(1000),
                                         groundDevs.Get(g)->GetAddress(),
                                         IPV4);
                }
            }
        });
        const Time window = MilliSeconds(200); // both stay backlogged throughout
        Simulator::Stop(Seconds(1) + window);
        Simulator::Run();
        uint32_t subChannels[2];
        for (uint32_t g = 0; g < 2; ++g)
        {
            subChannels[g] = DynamicCast<GslNetDevice>(groundDevs.Get(g))->GetSubChannel();
        }
        Simulator::Destroy();
        for (uint32_t g = 0; g < 2; ++g)
        {
            NS_TEST_EXPECT_MSG_EQ(subChannels[g], 2u, "the cell's one carrier");
        }
        const double rate1 = Rate(FriisRxW(CalculateDistance(g1, s)));
        const double rate2 = Rate(FriisRxW(CalculateDistance(g2, s)));
        NS_TEST_ASSERT_MSG_GT(rate1, 1.3 * rate2, "the geometry gives distinct rates");
        // Frames of 1014 bytes (Ethernet header) received within the window, less the
        // propagation delay, at half of each user's own rate; one frame of rounding each.
        const double frameBits = 1014 * 8;
        const double expected1 =
            (window.GetSeconds() - CalculateDistance(g1, s) / C) * rate1 / 2 / frameBits;
        const double expected2 =
            (window.GetSeconds() - CalculateDistance(g2, s) / C) * rate2 / 2 / frameBits;
        NS_TEST_EXPECT_MSG_EQ_TOL(double(arrivals[0].times.size()), expected1, 1.5, "user 1");
        NS_TEST_EXPECT_MSG_EQ_TOL(double(arrivals[1].times.size()), expected2, 1.5, "user 2");
        NS_TEST_EXPECT_MSG_LT(arrivals[0].times.size(), frames, "user 1 stayed backlogged");
        NS_TEST_EXPECT_MSG_LT(arrivals[1].times.size(), frames, "user 2 stayed backlogged");
        CheckScheduledUplink();
    }

    /**
     * The cell's uplink: two backlogged users each send at half their own rate, one frame at
     * a time; a frame sent while another user's is on the air waits for it, then goes at the
     * interference-free rate.
     */
    void CheckScheduledUplink()
    {
        const EquatorCell cell({0, 6});
        const NodeContainer& sats = cell.sats;
        const NodeContainer& grounds = cell.grounds;
        const Vector& s = cell.satellite;
        const std::vector<Vector>& g = cell.ground;
        GslHelper helper = MakeHelper();
        helper.SetChannelAttribute("SubChannels", UintegerValue(1)); // no other carrier
        helper.SetSatelliteAttribute("CellScheduling", StringValue("AirtimeFair"));
        helper.SetGroundAttribute("QueueSize", QueueSizeValue(QueueSize("5000p")));
        NetDeviceContainer satDevs = helper.InstallSatellites(sats);
        NetDeviceContainer groundDevs = helper.InstallGround(grounds);
        const Address to = satDevs.Get(0)->GetAddress();
        // What arrives at the satellite: when, and from which user, of which size.
        std::vector<std::tuple<Time, uint32_t, uint32_t>> arrivals;
        satDevs.Get(0)->SetReceiveCallback(
            [&](Ptr<NetDevice>, Ptr<const Packet> p, uint16_t, const Address& from) {
                const uint32_t user = from == groundDevs.Get(0)->GetAddress() ? 0 : 1;
                arrivals.emplace_back(Simulator::Now(), user, p->GetSize());
                return true;
            });
        const double rate[2] = {Rate(FriisRxW(CalculateDistance(g[0], s))),
                                Rate(FriisRxW(CalculateDistance(g[1], s)))};
        const double frameBits = 1014 * 8;

        // Both backlogged over a window, from the same airtime (about 0.9 s to drain).
        const uint32_t frames = 500;
        const Time start = Seconds(1);
        const Time window = MilliSeconds(200);
        Simulator::Schedule(start, [&]() {
            for (uint32_t k = 0; k < frames; ++k)
            {
                groundDevs.Get(0)->Send(Create<Packet>(1000), to, IPV4);
                groundDevs.Get(1)->Send(Create<Packet>(1000), to, IPV4);
            }
        });
        // Once the queues have drained: a long frame on the air, then a short one from the
        // other user.
        const Time later = Seconds(3);
        Simulator::Schedule(later, [&]() {
            groundDevs.Get(1)->Send(Create<Packet>(60000), to, IPV4);
            groundDevs.Get(0)->Send(Create<Packet>(1000), to, IPV4);
        });
        Simulator::Stop(later + Seconds(1));
        Simulator::Run();
        Simulator::Destroy();

        uint32_t received[2] = {0, 0};
        std::optional<Time> shortArrival;
        for (const auto& [time, user, size] : arrivals)
        {
            received[user] += time < start + window ? 1 : 0;
            if (time > later && size == 1000)
            {
                shortArrival = time;
            }
        }
        for (uint32_t u = 0; u < 2; ++u)
        {
            const double share =
                (window.GetSeconds() - CalculateDistance(g[u], s) / C) * rate[u] / 2 / frameBits;
            NS_TEST_EXPECT_MSG_EQ_TOL(double(received[u]), share, 1.5, "user " << u);
            NS_TEST_EXPECT_MSG_LT(received[u], frames, "user " << u << " stayed backlogged");
        }
        NS_TEST_ASSERT_MSG_EQ(shortArrival.has_value(), true, "the short frame arrived");
        const Time expected = later + Seconds(60014 * 8 / rate[1]) + Seconds(frameBits / rate[0]) +
                              Seconds(CalculateDistance(g[0], s) / C);
        // Three rounded terms: the long frame's and the short frame's transmission times and
        // the propagation delay.
        NS_TEST_EXPECT_MSG_EQ_TOL(*shortArrival,
                                  expected,
                                  3 * ROUNDING_PER_TERM,
                                  "after the long frame, at the interference-free rate");
    }
};

/**
 * \ingroup sagin-tests
 * OfdmaTdma cell with chosen sub-channels (UseSubChannel): two users sharing a sub-channel in
 * one beam take turns on the uplink (each R_i / 2, as a TDMA lease shares a channel); a user
 * of another beam on that sub-channel interferes; the downlink follows the choice; bad
 * choices are refused with the fix.
 */
class GslOfdmaTdmaTestCase : public TestCase
{
  public:
    GslOfdmaTdmaTestCase()
        : TestCase("GSL OfdmaTdma cell: chosen sub-channels, turns within a beam, "
                   "interference across beams")
    {
    }

  private:
    void DoRun() override
    {
        const EquatorCell cell({0, 6, -4});
        const NodeContainer& sats = cell.sats;
        const NodeContainer& grounds = cell.grounds;
        const Vector& s = cell.satellite;
        const std::vector<Vector>& g = cell.ground;
        GslHelper helper = MakeHelper();
        helper.SetChannelAttribute("SubChannels", UintegerValue(3));
        helper.SetSatelliteAttribute("CellScheduling", StringValue("OfdmaTdma"));
        helper.SetGroundAttribute("AttachmentPolicy", PointerValue(nullptr));
        Ptr<GslNetDevice> sat = DynamicCast<GslNetDevice>(helper.InstallSatellites(sats).Get(0));
        NetDeviceContainer groundDevs = helper.InstallGround(grounds);
        std::vector<Ptr<GslNetDevice>> user;
        for (uint32_t u = 0; u < 3; ++u)
        {
            user.push_back(DynamicCast<GslNetDevice>(groundDevs.Get(u)));
        }
        CheckRefused(user[0], 1, "attach it first");
        for (uint32_t u = 0; u < 3; ++u)
        {
            user[u]->AttachTo(sat);
        }
        NS_TEST_EXPECT_MSG_EQ(user[1]->GetSubChannel(), 1u, "OFDMA allocation: distinct");
        CheckRefused(user[0], 3, "raise SubChannels");
        // Users 0 and 1 lease sub-channel 2 in beam 0; user 2 uses it in beam 1.
        user[0]->UseSubChannel(2, 0);
        user[1]->UseSubChannel(2, 0);
        user[2]->UseSubChannel(2, 1);
        NS_TEST_EXPECT_MSG_EQ(user[1]->GetSubChannel(), 2u, "the chosen sub-channel");
        NS_TEST_EXPECT_MSG_EQ(user[2]->GetBeam(), 1u, "the chosen beam");

        std::vector<std::tuple<Time, uint32_t, uint32_t>> arrivals; // when, user, bytes
        sat->SetReceiveCallback(
            [&](Ptr<NetDevice>, Ptr<const Packet> p, uint16_t, const Address& from) {
                for (uint32_t u = 0; u < 3; ++u)
                {
                    if (from == user[u]->GetAddress())
                    {
                        arrivals.emplace_back(Simulator::Now(), u, p->GetSize());
                    }
                }
                return true;
            });
        Arrivals down;
        down.Listen(user[0]);
        const Address to = sat->GetAddress();
        const Time start = Seconds(1);
        const Time window = MilliSeconds(200);
        const uint32_t frames = 2000;
        Simulator::Schedule(start, [&]() {
            for (uint32_t k = 0; k < frames; ++k)
            {
                user[0]->Send(Create<Packet>(1000), to, IPV4);
                user[1]->Send(Create<Packet>(1000), to, IPV4);
            }
        });
        // Later, queues drained: user 2's long frame in beam 1, then a short one of user 0.
        const Time later = Seconds(5);
        Simulator::Schedule(later, [&]() {
            user[2]->Send(Create<Packet>(60000), to, IPV4);
            user[0]->Send(Create<Packet>(1000), to, IPV4);
            sat->Send(Create<Packet>(1000), user[0]->GetAddress(), IPV4);
        });
        Simulator::Stop(later + Seconds(1));
        Simulator::Run();
        Simulator::Destroy();

        const double rate[2] = {Rate(FriisRxW(CalculateDistance(g[0], s))),
                                Rate(FriisRxW(CalculateDistance(g[1], s)))};
        const double frameBits = 1014 * 8;
        uint32_t received[2] = {0, 0};
        std::optional<Time> shortArrival;
        for (const auto& [time, u, size] : arrivals)
        {
            if (u < 2 && time < start + window)
            {
                ++received[u];
            }
            if (time > later && u == 0)
            {
                shortArrival = time;
            }
        }
        for (uint32_t u = 0; u < 2; ++u)
        {
            const double share =
                (window.GetSeconds() - CalculateDistance(g[u], s) / C) * rate[u] / 2 / frameBits;
            NS_TEST_EXPECT_MSG_EQ_TOL(double(received[u]), share, 1.5, "user " << u << ": R/2");
        }
        NS_TEST_ASSERT_MSG_EQ(shortArrival.has_value(), true, "user 0's short frame arrived");
        // Sent while user 2's long frame is on the air in the other beam: interfered.
        const double interfered =
            Rate(FriisRxW(CalculateDistance(g[0], s)), FriisRxW(CalculateDistance(g[2], s)));
        const Time expected =
            later + Seconds(frameBits / interfered) + Seconds(CalculateDistance(g[0], s) / C);
        NS_TEST_EXPECT_MSG_EQ_TOL(*shortArrival,
                                  expected,
                                  2 * ROUNDING_PER_TERM, // transmission, propagation
                                  "at the rate with user 2's interference");
        NS_TEST_EXPECT_MSG_EQ(down.times.size(), 1u, "the downlink still reaches the user");
        CheckAirtimeFairRefuses();
        CheckMoveDuringFrame();
    }

    /**
     * Two users taking turns on one sub-channel; while user 0's frame is on the air it moves
     * to another sub-channel. Its frame still arrives, user 1 then has the first sub-channel
     * to itself and user 0 the other: from then on each sends at its full rate (no turn is
     * lost, no group stays busy).
     */
    void CheckMoveDuringFrame()
    {
        const EquatorCell cell({0, 6});
        const NodeContainer& sats = cell.sats;
        const NodeContainer& grounds = cell.grounds;
        const Vector& s = cell.satellite;
        const std::vector<Vector>& g = cell.ground;
        GslHelper helper = MakeHelper();
        helper.SetChannelAttribute("SubChannels", UintegerValue(3));
        helper.SetSatelliteAttribute("CellScheduling", StringValue("OfdmaTdma"));
        helper.SetGroundAttribute("AttachmentPolicy", PointerValue(nullptr));
        auto sat = DynamicCast<GslNetDevice>(helper.InstallSatellites(sats).Get(0));
        NetDeviceContainer groundDevs = helper.InstallGround(grounds);
        Ptr<GslNetDevice> user[2];
        for (uint32_t u = 0; u < 2; ++u)
        {
            user[u] = DynamicCast<GslNetDevice>(groundDevs.Get(u));
            user[u]->AttachTo(sat);
            user[u]->UseSubChannel(1);
        }
        std::vector<std::pair<Time, uint32_t>> arrivals; // when, from which user
        sat->SetReceiveCallback(
            [&](Ptr<NetDevice>, Ptr<const Packet>, uint16_t, const Address& from) {
                arrivals.emplace_back(Simulator::Now(), from == user[0]->GetAddress() ? 0 : 1);
                return true;
            });
        const Time start = Seconds(1);
        Simulator::Schedule(start, [&]() {
            for (uint32_t k = 0; k < 2000; ++k)
            {
                user[0]->Send(Create<Packet>(1000), sat->GetAddress(), IPV4);
                user[1]->Send(Create<Packet>(1000), sat->GetAddress(), IPV4);
            }
        });
        // User 0 (the lower node id) has the first turn: it moves while its frame is on air.
        const Time move = start + MicroSeconds(10);
        Simulator::Schedule(move, [&]() { user[0]->UseSubChannel(2); });
        const Time window = MilliSeconds(100);
        Simulator::Stop(move + Seconds(1));
        Simulator::Run();
        Simulator::Destroy();

        const double frameBits = 1014 * 8;
        uint32_t after[2] = {0, 0};
        for (const auto& [time, u] : arrivals)
        {
            after[u] += time > move + MilliSeconds(5) && time <= move + MilliSeconds(5) + window;
        }
        for (uint32_t u = 0; u < 2; ++u)
        {
            const double alone =
                window.GetSeconds() * Rate(FriisRxW(CalculateDistance(g[u], s))) / frameBits;
            NS_TEST_EXPECT_MSG_EQ_TOL(double(after[u]), alone, 1.5, "user " << u << " alone");
        }
        NS_TEST_EXPECT_MSG_EQ(arrivals.empty(), false, "frames arrived");
        NS_TEST_EXPECT_MSG_EQ((arrivals.empty() ? 1u : arrivals.front().second),
                              0u,
                              "the frame on the air when it moved arrived");
    }

    /**
     * \param device a ground device
     * \param subChannel a sub-channel
     * \param fix words the refusal must contain
     */
    void CheckRefused(Ptr<GslNetDevice> device, uint32_t subChannel, const std::string& fix)
    {
        std::string message;
        try
        {
            device->UseSubChannel(subChannel);
        }
        catch (const std::invalid_argument& e)
        {
            message = e.what();
        }
        NS_TEST_EXPECT_MSG_NE(message.find(fix), std::string::npos, "refused: " << message);
    }

    /** An AirtimeFair cell has one carrier: choosing another is refused. */
    void CheckAirtimeFairRefuses()
    {
        const EquatorCell cell({0});
        GslHelper helper = MakeHelper();
        helper.SetChannelAttribute("SubChannels", UintegerValue(2));
        helper.SetSatelliteAttribute("CellScheduling", StringValue("AirtimeFair"));
        auto sat = DynamicCast<GslNetDevice>(helper.InstallSatellites(cell.sats).Get(0));
        auto ground = DynamicCast<GslNetDevice>(helper.InstallGround(cell.grounds).Get(0));
        ground->AttachTo(sat);
        CheckRefused(ground, 1, "OfdmaTdma");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * Beams steered onto cells (study B's multi-beam model with a CellGrid): a user of another
 * cell on the same sub-channel reaches the satellite through the beam of the wanted user's
 * cell, far below the power its own beam collects, less the channel's InterferenceIsolation.
 */
class GslSteeredBeamInterferenceTestCase : public TestCase
{
  public:
    GslSteeredBeamInterferenceTestCase()
        : TestCase("GSL under steered beams: interference through the wanted user's beam")
    {
    }

  private:
    void DoRun() override
    {
        auto grid = CreateObject<EarthFixedCellGrid>(); // centred on (0, 0), 19 cells of 25 km
        auto beams = CreateObject<MultiBeamSatellitePropagationLossModel>();
        beams->SetAttribute("CellGrid", PointerValue(grid));
        beams->SetAttribute("Fading", StringValue("ns3::ConstantRandomVariable[Constant=1]"));
        NodeContainer sats;
        NodeContainer grounds;
        sats.Create(1);
        grounds.Create(2);
        const uint32_t cells[2] = {0, 3}; // the centre and a ring-1 neighbour
        Place(sats.Get(0), GeodeticToEcef({0, 0, 550e3}));
        for (uint32_t u = 0; u < 2; ++u)
        {
            Place(grounds.Get(u), grid->GetCentre(cells[u]));
        }
        GslHelper helper = MakeHelper();
        helper.SetChannelAttribute("PropagationLoss", PointerValue(beams));
        helper.SetChannelAttribute("SubChannels", UintegerValue(2));
        const double isolationDb = 3.0; // polarisation, on the interferer only
        helper.SetChannelAttribute("InterferenceIsolation", DoubleValue(isolationDb));
        helper.SetSatelliteAttribute("CellScheduling", StringValue("OfdmaTdma"));
        helper.SetGroundAttribute("AttachmentPolicy", PointerValue(nullptr));
        auto sat = DynamicCast<GslNetDevice>(helper.InstallSatellites(sats).Get(0));
        NetDeviceContainer groundDevs = helper.InstallGround(grounds);
        std::vector<Ptr<GslNetDevice>> user;
        for (uint32_t u = 0; u < 2; ++u)
        {
            user.push_back(DynamicCast<GslNetDevice>(groundDevs.Get(u)));
            user[u]->AttachTo(sat);
            user[u]->UseSubChannel(1, cells[u]);
        }
        std::optional<Time> shortArrival;
        sat->SetReceiveCallback(
            [&](Ptr<NetDevice>, Ptr<const Packet> p, uint16_t, const Address& from) {
                if (from == user[0]->GetAddress())
                {
                    shortArrival = Simulator::Now();
                }
                return true;
            });
        const Time start = Seconds(1);
        Simulator::Schedule(start, [&]() {
            user[1]->Send(Create<Packet>(60000), sat->GetAddress(), IPV4);
            user[0]->Send(Create<Packet>(1000), sat->GetAddress(), IPV4);
        });
        Simulator::Stop(Seconds(2));
        Simulator::Run();
        Ptr<MobilityModel> satellite = sats.Get(0)->GetObject<MobilityModel>();
        Ptr<MobilityModel> wanted = grounds.Get(0)->GetObject<MobilityModel>();
        Ptr<MobilityModel> other = grounds.Get(1)->GetObject<MobilityModel>();
        const double signalDbm = beams->CalcRxPower(TX_POWER, wanted, satellite);
        const double throughWantedDbm =
            beams->CalcRxPowerThroughCell(TX_POWER, other, satellite, cells[0]);
        const double throughOwnDbm = beams->CalcRxPower(TX_POWER, other, satellite);
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_GT(throughOwnDbm - throughWantedDbm, 20.0, "the beams differ");
        NS_TEST_ASSERT_MSG_EQ(shortArrival.has_value(), true, "the short frame arrived");
        const double rate = Rate(std::pow(10.0, (signalDbm - 30) / 10),
                                 std::pow(10.0, (throughWantedDbm - isolationDb - 30) / 10));
        const double distance =
            CalculateDistance(GeodeticToEcef({0, 0, 550e3}), grid->GetCentre(0));
        NS_TEST_EXPECT_MSG_EQ_TOL(*shortArrival,
                                  start + Seconds(1014 * 8 / rate) + Seconds(distance / C),
                                  2 * ROUNDING_PER_TERM, // transmission, propagation
                                  "interference through the wanted user's beam");
    }
};

/**
 * \ingroup sagin-tests
 * A setting satellite hands the ground over to a rising one; with none visible, packets are
 * dropped with the reason NoSatellite; two grounds in one cell get distinct sub-channels.
 */
class GslHandoverTestCase : public TestCase
{
  public:
    GslHandoverTestCase()
        : TestCase("GSL attachment, handover and drops")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer sats;
        NodeContainer grounds;
        sats.Create(2);
        grounds.Create(2);
        Place(grounds.Get(0), Vector(A, 0, 0));
        Place(grounds.Get(1), GeodeticToEcef({0.1, 0, 0}));
        // Straight tracks 550 km up, eastwards at 7.5 km/s: one overhead, one 1500 km west.
        auto setting = CreateObject<ConstantVelocityMobilityModel>();
        setting->SetPosition(Vector(A + 550e3, 0, 0));
        setting->SetVelocity(Vector(0, 7500, 0));
        sats.Get(0)->AggregateObject(setting);
        auto rising = CreateObject<ConstantVelocityMobilityModel>();
        rising->SetPosition(Vector(A + 550e3, -1500e3, 0));
        rising->SetVelocity(Vector(0, 7500, 0));
        sats.Get(1)->AggregateObject(rising);
        GslHelper helper = MakeHelper();
        // The elevation rule alone (the link budget rule has its own case).
        helper.SetGroundAttribute(
            "AttachmentPolicy",
            PointerValue(CreateObjectWithAttributes<HighestElevationAttachmentPolicy>(
                "MinMeanSnr",
                DoubleValue(-1000.0))));
        NetDeviceContainer satDevs = helper.InstallSatellites(sats);
        NetDeviceContainer groundDevs = helper.InstallGround(grounds);
        auto ground = DynamicCast<GslNetDevice>(groundDevs.Get(0));
        std::vector<std::pair<Time, Ptr<GslNetDevice>>> handovers;
        ground->TraceConnectWithoutContext(
            "Handover",
            MakeCallback(+[](std::vector<std::pair<Time, Ptr<GslNetDevice>>>* v,
                             Ptr<GslNetDevice>,
                             Ptr<GslNetDevice>,
                             Ptr<GslNetDevice> to) {
                v->push_back({Simulator::Now(), to});
            }).Bind(&handovers));
        std::vector<std::string> drops;
        ground->TraceConnectWithoutContext(
            "Drop",
            MakeCallback(+[](std::vector<std::string>* v, Ptr<const Packet>, const std::string& r) {
                v->push_back(r);
            }).Bind(&drops));
        uint32_t sub0 = 99;
        uint32_t sub1 = 99;
        Simulator::Schedule(Seconds(0.5), [&]() {
            sub0 = ground->GetSubChannel();
            sub1 = DynamicCast<GslNetDevice>(groundDevs.Get(1))->GetSubChannel();
        });
        // Far later both have set: sending fails, counted with its reason.
        Simulator::Schedule(Seconds(600), [&]() {
            const bool sent = ground->Send(Create<Packet>(100), satDevs.Get(0)->GetAddress(), IPV4);
            NS_TEST_EXPECT_MSG_EQ(sent, false, "nothing to send to");
        });
        Simulator::Stop(Seconds(601));
        Simulator::Run();
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_NE(sub0, sub1, "distinct sub-channels in one cell");
        NS_TEST_ASSERT_MSG_GT(handovers.size(), 2u, "attach, hand over, detach");
        NS_TEST_EXPECT_MSG_EQ(handovers[0].second, satDevs.Get(0), "first the overhead one");
        NS_TEST_EXPECT_MSG_EQ(handovers[1].second, satDevs.Get(1), "then the rising one");
        NS_TEST_EXPECT_MSG_EQ(handovers.back().second, nullptr, "finally none");
        // At the handover (1 s decisions) the first has just set below 25 degrees and the
        // second is above it; one second earlier the first was still above.
        const Time t = handovers[1].first;
        auto elevation = [](const Vector& satPos, Time at) {
            (void)at;
            return ComputeLookAngles(Vector(A, 0, 0), satPos).elevation;
        };
        const Vector p0 = Vector(A + 550e3, 7500 * t.GetSeconds(), 0);
        const Vector p0before = Vector(A + 550e3, 7500 * (t.GetSeconds() - 1), 0);
        const Vector p1 = Vector(A + 550e3, -1500e3 + 7500 * t.GetSeconds(), 0);
        NS_TEST_EXPECT_MSG_LT(elevation(p0, t), 25.0, "old one set");
        NS_TEST_EXPECT_MSG_GT_OR_EQ(elevation(p0before, t), 25.0, "not earlier");
        NS_TEST_EXPECT_MSG_GT_OR_EQ(elevation(p1, t), 25.0, "new one visible");
        NS_TEST_ASSERT_MSG_EQ(drops.size(), 1u, "one drop");
        NS_TEST_EXPECT_MSG_EQ(drops[0], "NoSatellite", "with its reason");
    }
};

/**
 * \ingroup sagin-tests
 * AttachToAll: a ground device attached to several satellites at once is in each one's cell
 * (a sub-channel each), sends to whichever the frame is addressed to, and leaves a satellite
 * that drops out of the set; the primary moves like a handover. Three satellites 550 km above
 * the station and 100 km apart, no policy (only AttachToAll attaches).
 */
class GslAttachToAllTestCase : public TestCase
{
  public:
    GslAttachToAllTestCase()
        : TestCase("GSL attached to several satellites at once")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer sats;
        NodeContainer grounds;
        sats.Create(3);
        grounds.Create(1);
        Place(grounds.Get(0), Vector(A, 0, 0));
        for (uint32_t i = 0; i < 3; ++i)
        {
            Place(sats.Get(i), Vector(A + 550e3, (i - 1.0) * 100e3, 0));
        }
        GslHelper helper = MakeHelper();
        helper.SetGroundAttribute("AttachmentPolicy", PointerValue(nullptr));
        NetDeviceContainer satDevs = helper.InstallSatellites(sats);
        auto ground = DynamicCast<GslNetDevice>(helper.InstallGround(grounds).Get(0));
        std::vector<Ptr<GslNetDevice>> sat;
        for (uint32_t i = 0; i < 3; ++i)
        {
            sat.push_back(DynamicCast<GslNetDevice>(satDevs.Get(i)));
        }
        uint32_t changes = 0;
        uint32_t handovers = 0;
        ground->TraceConnectWithoutContext(
            "Attachments",
            MakeCallback(+[](uint32_t* n, Ptr<GslNetDevice>) { ++*n; }).Bind(&changes));
        ground->TraceConnectWithoutContext(
            "Handover",
            MakeCallback(+[](uint32_t* n, Ptr<GslNetDevice>, Ptr<GslNetDevice>, Ptr<GslNetDevice>) {
                ++*n;
            }).Bind(&handovers));
        std::vector<Arrivals> arrivals(3);
        for (uint32_t i = 0; i < 3; ++i)
        {
            arrivals[i].Listen(sat[i]);
        }
        auto inCell = [&](uint32_t i) {
            const auto grounds = sat[i]->GetAttachedGrounds();
            return std::count(grounds.begin(), grounds.end(), ground);
        };

        using ns3::sagin::tests::RefusalProblem;
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem([&] { sat[0]->AttachToAll({sat[1]}); }, "call it on a ground device"),
            "",
            "a satellite's device does not attach");
        NS_TEST_EXPECT_MSG_EQ(RefusalProblem(
                                  [&] {
                                      ground->AttachToAll({sat[0], ground});
                                  },
                                  "give satellite-side GslNetDevices only"),
                              "",
                              "only satellites are attached to");
        ground->AttachToAll({sat[0], sat[1]});
        NS_TEST_EXPECT_MSG_EQ(ground->GetAttachedSatellite(), sat[0], "the first is primary");
        NS_TEST_EXPECT_MSG_EQ(ground->GetAttachedSatellites().size(), 2u, "two satellites");
        NS_TEST_EXPECT_MSG_EQ(inCell(0) + inCell(1) + inCell(2), 2, "in S0's and S1's cells");
        NS_TEST_EXPECT_MSG_EQ(ground->IsAttachedTo(sat[1]), true, "S1 as well");
        // Each cell hands out its first free sub-channel (0 in both), but the ground device
        // sends on both links at once: its second link takes another, or its own frames
        // would interfere.
        NS_TEST_EXPECT_MSG_NE(ground->GetSubChannelTo(sat[0]),
                              ground->GetSubChannelTo(sat[1]),
                              "distinct sub-channels on the two links");
        // A frame goes where it is addressed; an unknown address goes to the primary.
        ground->Send(Create<Packet>(100), sat[1]->GetAddress(), IPV4);
        ground->Send(Create<Packet>(100), sat[2]->GetAddress(), IPV4);
        Simulator::Stop(Seconds(0.1));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(arrivals[0].times.size(), 1u, "the unknown address: primary");
        NS_TEST_EXPECT_MSG_EQ(arrivals[1].times.size(), 1u, "S1's frame to S1");
        NS_TEST_EXPECT_MSG_EQ(arrivals[2].times.size(), 0u, "nothing to S2");

        ground->AttachToAll({sat[1], sat[2]});
        NS_TEST_EXPECT_MSG_EQ(ground->GetAttachedSatellite(), sat[1], "S1 primary now");
        NS_TEST_EXPECT_MSG_EQ(inCell(0), 0, "S0 left");
        NS_TEST_EXPECT_MSG_EQ(inCell(1) + inCell(2), 2, "in S1's and S2's cells");
        ground->AttachToAll({sat[1], sat[2]});
        ground->AttachToAll({});
        NS_TEST_EXPECT_MSG_EQ(inCell(0) + inCell(1) + inCell(2), 0, "detached from all");
        NS_TEST_EXPECT_MSG_EQ(ground->GetAttachedSatellites().size(), 0u, "none");
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_EQ(changes, 3u, "three changes (the repeated set is none)");
        NS_TEST_EXPECT_MSG_EQ(handovers, 3u, "primary: none->S0, S0->S1, S1->none");
    }
};

/**
 * \ingroup sagin-tests
 * Devices and channel disposed in the middle of a run (a frame on the air, a queue not empty,
 * an attachment decision due): the run goes on without calling into them. The ground device
 * is freed with the frame's reception, before its next decision: under AddressSanitizer an
 * event left pending by it is a heap-use-after-free.
 */
class GslDisposeTestCase : public TestCase
{
  public:
    GslDisposeTestCase()
        : TestCase("GSL devices and channel disposed mid-run leave nothing behind")
    {
    }

  private:
    void DoRun() override
    {
        uint32_t received = 0;
        {
            NodeContainer nodes;
            nodes.Create(2);
            Place(nodes.Get(0), Vector(A + 550e3, 0, 0)); // the satellite, overhead
            Place(nodes.Get(1), Vector(A, 0, 0));
            GslHelper helper = MakeHelper();
            // 1000-byte frames take 8 ms at 1 Mbit/s: the first is on the air at 1.404 s.
            helper.SetChannelAttribute("MaxRate", DataRateValue(DataRate("1Mbps")));
            Ptr<NetDevice> sat = helper.InstallSatellites(nodes.Get(0)).Get(0);
            Ptr<NetDevice> ground = helper.InstallGround(nodes.Get(1)).Get(0);
            sat->TraceConnectWithoutContext(
                "PhyRxEnd",
                MakeCallback(+[](uint32_t* n, Ptr<const Packet>) { ++*n; }).Bind(&received));
            Simulator::Schedule(Seconds(1.4), [ground, sat]() {
                for (int i = 0; i < 3; ++i)
                {
                    ground->Send(Create<Packet>(1000), sat->GetAddress(), IPV4);
                }
            });
            Ptr<GslChannel> channel = helper.GetChannel();
            Simulator::Schedule(Seconds(1.404), [nodes, channel]() {
                nodes.Get(0)->Dispose();
                nodes.Get(1)->Dispose();
                channel->Dispose();
            });
        }
        Simulator::Stop(Seconds(5)); // past the ground's next attachment decision (2 s)
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(Simulator::Now(), Seconds(5), "the run went on");
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_EQ(received, 0u, "the frame on the air was not received");
    }
};

/**
 * \ingroup sagin-tests
 * The two attachment policies on one pass: a satellite overhead moving away and one 1500 km
 * behind it on the same track. GreedyElevation hands over when the second becomes the higher:
 * at equal distances from the station, t = 1500 km / (2 x 7.5 km/s) = 100 s (decided at the
 * next 1 s step at the latest). HighestElevation keeps the first until it sets below 25
 * degrees: 550 km / tan(25 deg) = 1179.5 km away, at t = 157.3 s.
 */
class GslAttachmentPolicyTestCase : public TestCase
{
  public:
    GslAttachmentPolicyTestCase()
        : TestCase("GreedyElevation hands over at equal elevation, HighestElevation at setting")
    {
    }

  private:
    void DoRun() override
    {
        // The elevation rules alone (MinMeanSnr has its own case).
        const Time greedy = SecondSatelliteHandover(PointerValue(
            CreateObjectWithAttributes<GreedyElevationAttachmentPolicy>("MinMeanSnr",
                                                                        DoubleValue(-1000.0))));
        NS_TEST_EXPECT_MSG_GT_OR_EQ(greedy, Seconds(100), "not before equal elevations");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(greedy, Seconds(101), "at the next decision at the latest");
        const Time sticky = SecondSatelliteHandover(PointerValue(
            CreateObjectWithAttributes<HighestElevationAttachmentPolicy>("MinMeanSnr",
                                                                         DoubleValue(-1000.0))));
        NS_TEST_EXPECT_MSG_GT_OR_EQ(sticky, Seconds(157.3), "not before the first sets");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(sticky, Seconds(158.3), "at the next decision at the latest");
        // Starlink's global reconfiguration every 15 s (Tanveer et al., 2023): decisions of
        // every device at t = 0, 15, 30, ... s, so the greedy handover due at 100 s is at 105 s.
        const Time reconfigured = SecondSatelliteHandover(
            PointerValue(
                CreateObjectWithAttributes<GreedyElevationAttachmentPolicy>("MinMeanSnr",
                                                                            DoubleValue(-1000.0))),
            Seconds(15));
        NS_TEST_EXPECT_MSG_EQ(reconfigured, Seconds(105), "at the first 15 s boundary after 100 s");
    }
};

/**
 * \ingroup sagin-tests
 * AllInView and HighestElevation over a 24x22 Walker shell (550 km, 53 degrees) seen from 12
 * places at three instants, against the elevations computed here for every satellite from
 * the station's geodetic position (ComputeLookAngles' geodetic overload): AllInView gives
 * exactly the satellites at or above MinElevation, highest first; HighestElevation the
 * first of them. MinElevation 25, 0 and -5 degrees (the policies rule most satellites out
 * without trigonometry; a satellite on the limit must still count).
 */
class GslAttachmentInViewTestCase : public TestCase
{
  public:
    GslAttachmentInViewTestCase()
        : TestCase("attachment policies see exactly the satellites above MinElevation")
    {
    }

  private:
    void DoRun() override
    {
        WalkerShell shell;
        shell.planes = 24;
        shell.satsPerPlane = 22;
        shell.phasing = 1;
        NodeContainer sats = ConstellationHelper().Install(shell);
        GslHelper helper = MakeHelper();
        helper.SetGroundAttribute("AttachmentPolicy", PointerValue(nullptr));
        helper.InstallSatellites(sats);
        NodeContainer grounds;
        grounds.Create(12);
        std::vector<GeodeticPosition> places;
        for (uint32_t i = 0; i < grounds.GetN(); ++i)
        {
            places.push_back({-55.0 + 10.0 * i, -170.0 + 29.0 * i, 0.0});
            Place(grounds.Get(i), GeodeticToEcef(places.back()));
        }
        NetDeviceContainer groundDevices = helper.InstallGround(grounds);
        const auto& satellites =
            DynamicCast<GslChannel>(groundDevices.Get(0)->GetChannel())->GetSatellites();
        uint32_t compared = 0;
        auto compare = [&](double minElevation) {
            auto allInView =
                CreateObjectWithAttributes<AllInViewAttachmentPolicy>("MinElevation",
                                                                      DoubleValue(minElevation),
                                                                      "MinMeanSnr",
                                                                      DoubleValue(-1000.0));
            auto highest = CreateObjectWithAttributes<HighestElevationAttachmentPolicy>(
                "MinElevation",
                DoubleValue(minElevation),
                "MinMeanSnr",
                DoubleValue(-1000.0));
            for (uint32_t g = 0; g < grounds.GetN(); ++g)
            {
                auto ground = DynamicCast<GslNetDevice>(groundDevices.Get(g));
                std::vector<std::pair<double, uint32_t>> expected; // -elevation, node id
                for (const auto& sat : satellites)
                {
                    const double elevation =
                        ComputeLookAngles(places[g],
                                          sat->GetNode()->GetObject<MobilityModel>()->GetPosition())
                            .elevation;
                    if (elevation >= minElevation)
                    {
                        expected.emplace_back(-elevation, sat->GetNode()->GetId());
                    }
                }
                std::sort(expected.begin(), expected.end());
                const auto chosen = allInView->ChooseAll(ground, nullptr, satellites);
                NS_TEST_ASSERT_MSG_EQ(chosen.size(),
                                      expected.size(),
                                      "station " << g << ", MinElevation " << minElevation);
                for (std::size_t k = 0; k < chosen.size(); ++k)
                {
                    NS_TEST_EXPECT_MSG_EQ(chosen[k]->GetNode()->GetId(),
                                          expected[k].second,
                                          "station " << g << ", satellite " << k);
                }
                const auto best = highest->Choose(ground, nullptr, satellites);
                NS_TEST_EXPECT_MSG_EQ((best ? best->GetNode()->GetId() : 99999u),
                                      (expected.empty() ? 99999u : expected[0].second),
                                      "station " << g << ", MinElevation " << minElevation);
                compared += expected.size();
            }
        };
        for (const double at : {0.0, 600.0, 1300.0}) // s
        {
            for (const double minElevation : {25.0, 0.0, -5.0})
            {
                Simulator::Schedule(Seconds(at),
                                    [&compare, minElevation]() { compare(minElevation); });
            }
        }
        Simulator::Run();
        NS_TEST_EXPECT_MSG_GT(compared, 500u, "satellites in view were compared");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * The link budget and the hysteresis decide the handover in SecondSatelliteHandover's
 * geometry, with MinElevation 10 degrees. Friis gives a link one loss (no per-frame fading),
 * so a satellite is usable while its SNR reaches the channel's MinSinr: at 2 GHz, 60 dBm EIRP
 * and -100 dBm noise the SNR is 0 dB at 1193.7 km (written out here), so with MinSinr = 0 dB
 * the sticky policy leaves the first satellite at the first decision after it is that far,
 * long before it sets below 10 degrees; with the default -10 dB (reached at 3775 km) the
 * elevation decides, although MinMeanSnr is 0 dB. With Hysteresis = 20 degrees (and the
 * elevation alone) it leaves it at the first decision after the second one is 20 degrees
 * higher: atan(550 / |y|) for a track point y km along, solved here by bisection.
 */
class GslLinkBudgetHandoverTestCase : public TestCase
{
  public:
    GslLinkBudgetHandoverTestCase()
        : TestCase("GSL handover on the link budget (MinMeanSnr) and on Hysteresis")
    {
    }

  private:
    void DoRun() override
    {
        auto policy = [](double minMeanSnr, double hysteresis) {
            return PointerValue(CreateObjectWithAttributes<HighestElevationAttachmentPolicy>(
                "MinElevation",
                DoubleValue(10.0),
                "MinMeanSnr",
                DoubleValue(minMeanSnr),
                "Hysteresis",
                DoubleValue(hysteresis)));
        };
        // SNR 0 dB: free-space loss TX_POWER - NOISE = 160 dB.
        const double range = std::pow(10.0, (TX_POWER - NOISE) / 20) * C / (4 * M_PI * FREQUENCY);
        const double budgetLeaves = std::sqrt(range * range - 550e3 * 550e3) / 7500;
        const Time onBudget = SecondSatelliteHandover(policy(0.0, 180.0), Seconds(1), 0.0);
        NS_TEST_EXPECT_MSG_GT_OR_EQ(onBudget, Seconds(budgetLeaves), "not before 0 dB");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(onBudget, Seconds(budgetLeaves + 1), "at the next decision");
        // The elevation alone keeps it until 10 degrees: 550 / tan(10 deg) km along.
        const double setsAt = 550e3 / std::tan(10 * M_PI / 180) / 7500;
        for (double minMeanSnr : {-1000.0, 0.0})
        {
            const Time onElevation = SecondSatelliteHandover(policy(minMeanSnr, 180.0));
            NS_TEST_EXPECT_MSG_GT_OR_EQ(onElevation, Seconds(setsAt), "MinElevation decides");
            NS_TEST_EXPECT_MSG_LT_OR_EQ(onElevation, Seconds(setsAt + 1), "at the next decision");
        }

        auto elevationAt = [](double alongM) {
            return std::atan(550e3 / std::abs(alongM)) * 180 / M_PI;
        };
        auto lead = [&](double t) { // second's elevation minus the first's (degrees)
            return elevationAt(7500 * t - 1500e3) - elevationAt(7500 * t);
        };
        double low = 100; // equal elevations
        double high = 199;
        for (int i = 0; i < 60; ++i)
        {
            const double mid = (low + high) / 2;
            (lead(mid) > 20 ? high : low) = mid;
        }
        const Time onHysteresis = SecondSatelliteHandover(policy(-1000.0, 20.0));
        NS_TEST_EXPECT_MSG_GT_OR_EQ(onHysteresis, Seconds(low), "not before a 20 degree lead");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(onHysteresis, Seconds(high + 1), "at the next decision");
    }
};

/**
 * \ingroup sagin-tests
 * IPv4 over a bent pipe: ns-3's UdpEcho between two ground stations through one satellite,
 * with ARP over the GSL, static routes and pcap.
 */
class GslUdpEchoTestCase : public TestCase
{
  public:
    GslUdpEchoTestCase()
        : TestCase("UdpEcho over a GSL bent pipe")
    {
    }

  private:
    void DoRun() override
    {
        uint32_t echoes = 0;
        {
            // The devices, and the pcap file their traces hold, are released at the end of
            // this block.
            NodeContainer sat;
            NodeContainer grounds;
            sat.Create(1);
            grounds.Create(2);
            Place(sat.Get(0), GeodeticToEcef({0, 0, 550e3}));
            Place(grounds.Get(0), GeodeticToEcef({1, 0, 0}));
            Place(grounds.Get(1), GeodeticToEcef({-1, 0, 0}));
            GslHelper helper = MakeHelper();
            NetDeviceContainer devices = helper.InstallSatellites(sat);
            devices.Add(helper.InstallGround(grounds));
            InternetStackHelper().Install(NodeContainer(sat, grounds));
            Ipv4InterfaceContainer ips =
                Ipv4AddressHelper("10.1.0.0", "255.255.255.0").Assign(devices);
            // Ground to ground through the satellite, not directly (they cannot hear each other).
            Ipv4StaticRoutingHelper routing;
            for (uint32_t g = 0; g < 2; ++g)
            {
                routing.GetStaticRouting(grounds.Get(g)->GetObject<Ipv4>())
                    ->AddHostRouteTo(ips.GetAddress(2 - g), ips.GetAddress(0), 1);
            }
            helper.EnablePcap(CreateTempDirFilename("gsl"), devices.Get(0), true);
            UdpEchoServerHelper server(7);
            server.Install(grounds.Get(1)).Start(Seconds(0));
            UdpEchoClientHelper client(ips.GetAddress(2), 7);
            client.SetAttribute("MaxPackets", UintegerValue(3));
            client.SetAttribute("Interval", TimeValue(Seconds(1)));
            ApplicationContainer apps = client.Install(grounds.Get(0));
            apps.Start(Seconds(1));
            apps.Get(0)->TraceConnectWithoutContext(
                "Rx",
                MakeCallback(+[](uint32_t* n, Ptr<const Packet>) { ++*n; }).Bind(&echoes));
            Simulator::Stop(Seconds(10));
            Simulator::Run();
            Simulator::Destroy();
        }
        NS_TEST_EXPECT_MSG_EQ(echoes, 3u, "every echo came back");
        std::ifstream pcap(CreateTempDirFilename("gsl-0-0.pcap"), std::ios::binary | std::ios::ate);
        NS_TEST_EXPECT_MSG_GT(uint64_t(pcap.tellg()), 24u + 12 * 16u, "pcap has the frames");
    }
};

/**
 * \ingroup sagin-tests
 * ns-3's flow control on ground devices (NetDeviceQueueInterface, as on point-to-point
 * devices): a UDP flow at 10 Gbit/s, far above the link's rate, from a ground node to the
 * satellite. With flow control (the default) the uplink queue stops the traffic-control layer,
 * which got ns-3's default queue disc (FqCoDel) from Ipv4AddressHelper: the queue disc drops,
 * the device never does. With GslHelper::DisableFlowControl there is no queue disc and the
 * full device queue drops (QueueFull). The satellite's device, with a queue per user, has no
 * flow control either way.
 */
class GslFlowControlTestCase : public TestCase
{
  public:
    GslFlowControlTestCase()
        : TestCase("Ground devices stop and wake ns-3's traffic-control layer")
    {
    }

  private:
    /** What one run saw. */
    struct Outcome
    {
        bool groundInterface{false};    //!< the ground device has a NetDeviceQueueInterface
        bool satelliteInterface{false}; //!< the satellite's device has one
        std::string rootQueueDisc;      //!< the ground device's root queue disc ("" for none)
        uint64_t queueDiscDrops{0};     //!< packets the queue disc dropped
        uint64_t deviceDrops{0};        //!< QueueFull drops of the ground device
        uint64_t received{0};           //!< bytes the satellite's sink received
    };

    /**
     * \param flowControl whether the helper sets flow control up
     * \return what the run saw
     */
    static Outcome Overload(bool flowControl)
    {
        Outcome outcome;
        const EquatorCell cell({0});
        const NodeContainer& sats = cell.sats;
        const NodeContainer& grounds = cell.grounds;
        GslHelper helper = MakeHelper();
        helper.SetGroundAttribute("QueueSize", QueueSizeValue(QueueSize("20p")));
        if (!flowControl)
        {
            helper.DisableFlowControl();
        }
        NetDeviceContainer devices = helper.InstallSatellites(sats);
        devices.Add(helper.InstallGround(grounds));
        InternetStackHelper().Install(NodeContainer(sats, grounds));
        Ipv4InterfaceContainer ips = Ipv4AddressHelper("10.1.0.0", "255.255.255.0").Assign(devices);
        outcome.groundInterface = devices.Get(1)->GetObject<NetDeviceQueueInterface>() != nullptr;
        outcome.satelliteInterface =
            devices.Get(0)->GetObject<NetDeviceQueueInterface>() != nullptr;
        Ptr<QueueDisc> disc =
            grounds.Get(0)->GetObject<TrafficControlLayer>()->GetRootQueueDiscOnDevice(
                devices.Get(1));
        outcome.rootQueueDisc = disc ? disc->GetInstanceTypeId().GetName() : "";
        devices.Get(1)->TraceConnectWithoutContext(
            "Drop",
            MakeCallback(+[](uint64_t* n, Ptr<const Packet>, const std::string& reason) {
                *n += reason == "QueueFull";
            }).Bind(&outcome.deviceDrops));
        PacketSinkHelper sink("ns3::UdpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 9));
        ApplicationContainer sinks = sink.Install(sats.Get(0));
        OnOffHelper flow("ns3::UdpSocketFactory", InetSocketAddress(ips.GetAddress(0), 9));
        flow.SetConstantRate(DataRate("10Gbps"), 1000);
        ApplicationContainer apps = flow.Install(grounds.Get(0));
        apps.Start(Seconds(1));
        apps.Stop(Seconds(1.2));
        Simulator::Stop(Seconds(2));
        Simulator::Run();
        outcome.queueDiscDrops = disc ? disc->GetStats().nTotalDroppedPackets : 0;
        outcome.received = DynamicCast<PacketSink>(sinks.Get(0))->GetTotalRx();
        Simulator::Destroy();
        return outcome;
    }

    void DoRun() override
    {
        const Outcome on = Overload(true);
        NS_TEST_EXPECT_MSG_EQ(on.groundInterface, true, "a ground device has flow control");
        NS_TEST_EXPECT_MSG_EQ(on.satelliteInterface, false, "a satellite's device has none");
        NS_TEST_EXPECT_MSG_EQ(on.rootQueueDisc,
                              "ns3::FqCoDelQueueDisc",
                              "Ipv4AddressHelper installs ns-3's default queue disc");
        NS_TEST_EXPECT_MSG_GT(on.queueDiscDrops, 0u, "the queue disc absorbs the overload");
        NS_TEST_EXPECT_MSG_EQ(on.deviceDrops, 0u, "a stopped queue is not sent to");
        NS_TEST_EXPECT_MSG_GT(on.received, 0u, "the flow arrives");

        const Outcome off = Overload(false);
        NS_TEST_EXPECT_MSG_EQ(off.groundInterface, false, "DisableFlowControl: no interface");
        NS_TEST_EXPECT_MSG_EQ(off.rootQueueDisc, "", "and no queue disc");
        NS_TEST_EXPECT_MSG_GT(off.deviceDrops, 0u, "the full device queue drops");
        NS_TEST_EXPECT_MSG_GT(off.received, 0u, "the flow arrives");
    }
};

/**
 * \ingroup sagin-tests
 * A GSL across ranks needs an MPI run: GslHelper refuses a node whose rank (system id)
 * differs from the channel's other nodes outside one (no mpi module, or MPI not enabled),
 * naming the node, and installs nothing for it.
 */
class GslAcrossRanksTestCase : public TestCase
{
  public:
    GslAcrossRanksTestCase()
        : TestCase("GslHelper refuses a GSL across ranks outside an MPI run")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<Node> satellite = CreateObject<Node>(1);
        Ptr<Node> station = CreateObject<Node>(0);
        Place(satellite, Vector(A + 550e3, 0, 0));
        Place(station, Vector(A, 0, 0));
        GslHelper helper = MakeHelper();
        helper.InstallSatellites(NodeContainer(satellite));
#ifdef NS3_MPI
        const std::string named = "node " + std::to_string(satellite->GetId()) +
                                  " on rank 1 but the run has 1 rank (MPI is not enabled)";
#else
        const std::string named = "node " + std::to_string(station->GetId()) +
                                  " on rank 0 and node " + std::to_string(satellite->GetId()) +
                                  " on rank 1, but this ns-3 has no mpi module";
#endif
        const std::string problem =
            RefusalProblem([&]() { helper.InstallGround(NodeContainer(station)); },
                           "the GSL's nodes are on several ranks, " + named);
        NS_TEST_EXPECT_MSG_EQ(problem, "", "a station on another rank");
        NS_TEST_EXPECT_MSG_EQ(station->GetNDevices(), 0u, "nothing installed");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * Which loss models the ranks of a distributed run can share: study A's LoS/NLoS model has
 * per-frame fading either way, drawn in call order with Draws Stream (refused across ranks)
 * and not with Draws Keyed; Friis has neither.
 */
class GslFadingDrawOrderTestCase : public TestCase
{
  public:
    GslFadingDrawOrderTestCase()
        : TestCase("GslChannel tells fading drawn in call order from keyed fading")
    {
    }

  private:
    void DoRun() override
    {
        auto channel = CreateObject<GslChannel>();
        auto losNlos = CreateObject<SatelliteLosNlosPropagationLossModel>();
        channel->SetAttribute("PropagationLoss", PointerValue(losNlos));
        NS_TEST_EXPECT_MSG_EQ(channel->HasPerFrameFading(), true, "LoS/NLoS: fading");
        NS_TEST_EXPECT_MSG_EQ(channel->HasFadingDrawnInCallOrder(), true, "Draws Stream");
        losNlos->SetAttribute("Draws", EnumValue(SatelliteLosNlosPropagationLossModel::KEYED));
        NS_TEST_EXPECT_MSG_EQ(channel->HasPerFrameFading(), true, "keyed: still fading");
        NS_TEST_EXPECT_MSG_EQ(channel->HasFadingDrawnInCallOrder(), false, "Draws Keyed");
        channel->SetAttribute("PropagationLoss",
                              PointerValue(CreateObject<FriisPropagationLossModel>()));
        NS_TEST_EXPECT_MSG_EQ(channel->HasPerFrameFading(), false, "Friis: no fading");
        NS_TEST_EXPECT_MSG_EQ(channel->HasFadingDrawnInCallOrder(), false, "Friis: no draws");
    }
};

/**
 * \ingroup sagin-tests
 * Interference FullBuffer counts every attached link as on the air, in both directions, with
 * nothing sent: two cells on one sub-channel (the interference test's, 4.5 degrees apart),
 * the uplink's interference is the other ground's Friis power at the satellite and the
 * downlink's the other satellite's at the ground (written out here); OnAir counts nothing
 * then; a third cell on another sub-channel adds nothing; a frame takes the FullBuffer rate.
 */
class GslFullBufferInterferenceTestCase : public TestCase
{
  public:
    GslFullBufferInterferenceTestCase()
        : TestCase("GSL Interference FullBuffer: every attached link interferes")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer sats;
        NodeContainer grounds;
        sats.Create(3);
        grounds.Create(3);
        const double longitudes[] = {0, 4.5, 9};
        for (uint32_t i = 0; i < 3; ++i)
        {
            Place(grounds.Get(i), GeodeticToEcef({0, longitudes[i], 0}));
            Place(sats.Get(i), GeodeticToEcef({0, longitudes[i], 550e3}));
        }
        GslHelper helper = MakeHelper();
        helper.SetChannelAttribute("Interference", StringValue("FullBuffer"));
        NetDeviceContainer satDevs = helper.InstallSatellites(sats);
        satDevs.Get(2)->SetAttribute("FirstSubChannel", UintegerValue(2)); // the third cell
        NetDeviceContainer groundDevs = helper.InstallGround(grounds);
        Ptr<GslChannel> channel = helper.GetChannel();
        auto g = [&](uint32_t i) { return DynamicCast<GslNetDevice>(groundDevs.Get(i)); };
        auto s = [&](uint32_t i) { return DynamicCast<GslNetDevice>(satDevs.Get(i)); };
        Arrivals arrivals;
        arrivals.Listen(satDevs.Get(0));
        GslChannel::Budget uplink;
        GslChannel::Budget downlink;
        GslChannel::Budget onAir;
        bool attached = false;
        Simulator::Schedule(Seconds(1), [&]() {
            attached = g(0)->GetAttachedSatellite() == s(0) &&
                       g(1)->GetAttachedSatellite() == s(1) &&
                       g(2)->GetAttachedSatellite() == s(2) &&
                       g(0)->GetSubChannel() == g(1)->GetSubChannel() && g(2)->GetSubChannel() == 2;
            uplink = channel->GetBudget(g(0), s(0), g(0)->GetSubChannel(), true);
            downlink = channel->GetBudget(s(0), g(0), g(0)->GetSubChannel(), true);
            channel->SetAttribute("Interference", StringValue("OnAir"));
            onAir = channel->GetBudget(g(0), s(0), g(0)->GetSubChannel(), true);
            channel->SetAttribute("Interference", StringValue("FullBuffer"));
            groundDevs.Get(0)->Send(Create<Packet>(1000), satDevs.Get(0)->GetAddress(), IPV4);
        });
        Simulator::Stop(Seconds(2));
        Simulator::Run();
        Simulator::Destroy();
        NS_TEST_ASSERT_MSG_EQ(attached, true, "each ground in its own cell; cells 1, 2 share");
        const Vector s1 = GeodeticToEcef({0, 0, 550e3});
        const Vector g1 = GeodeticToEcef({0, 0, 0});
        const double d11 = CalculateDistance(g1, s1);
        const double groundToSatellite =
            FriisRxW(CalculateDistance(GeodeticToEcef({0, 4.5, 0}), s1));
        const double satelliteToGround =
            FriisRxW(CalculateDistance(GeodeticToEcef({0, 4.5, 550e3}), g1));
        NS_TEST_EXPECT_MSG_EQ_TOL(uplink.interferenceW / groundToSatellite,
                                  1.0,
                                  1e-12,
                                  "uplink: the other cell's ground");
        NS_TEST_EXPECT_MSG_EQ_TOL(downlink.interferenceW / satelliteToGround,
                                  1.0,
                                  1e-12,
                                  "downlink: the other cell's satellite");
        NS_TEST_EXPECT_MSG_EQ(onAir.interferenceW, 0.0, "OnAir: nothing on the air");
        const double rate = Rate(FriisRxW(d11), groundToSatellite);
        NS_TEST_ASSERT_MSG_EQ(arrivals.times.size(), 1u, "delivered");
        NS_TEST_EXPECT_MSG_EQ_TOL(arrivals.times[0],
                                  Seconds(1) + Seconds(1014 * 8 / rate) + Seconds(d11 / C),
                                  2 * ROUNDING_PER_TERM, // transmission, propagation
                                  "at the FullBuffer rate");
    }
};

/**
 * \ingroup sagin-tests
 * GslChannel::GetMinDelay, a distributed run's GSL lookahead: (r_min - a - 100 km) / c less one
 * time step for circular orbits (shells at 550 and 1200 km: the 550 km one's 450 km), nothing
 * without satellites or with one not on a circular orbit.
 */
class GslMinDelayTestCase : public TestCase
{
  public:
    GslMinDelayTestCase()
        : TestCase("GslChannel::GetMinDelay from the lowest circular orbit")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer sats;
        for (double altitude : {1200e3, 550e3})
        {
            WalkerShell shell;
            shell.planes = 1;
            shell.satsPerPlane = 2;
            shell.altitude = altitude;
            sats.Add(ConstellationHelper().Install(shell));
        }
        const std::optional<Time> delay = GslChannel::GetMinDelay(sats);
        NS_TEST_ASSERT_MSG_EQ(delay.has_value(), true, "circular orbits");
        NS_TEST_EXPECT_MSG_EQ(*delay, Seconds(450e3 / C) - TimeStep(1), "450 km of light");
        NS_TEST_EXPECT_MSG_EQ(GslChannel::GetMinDelay(NodeContainer()).has_value(),
                              false,
                              "no satellite");
        Ptr<Node> fixed = CreateObject<Node>();
        Place(fixed, Vector(A + 550e3, 0, 0));
        sats.Add(fixed);
        NS_TEST_EXPECT_MSG_EQ(GslChannel::GetMinDelay(sats).has_value(),
                              false,
                              "a node not on a circular orbit");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * GslHelper's ns-3 plumbing: SetQueue sizes the transmit queues (a 2-packet queue drops 2 of
 * 5 frames sent at once: one goes on the air, two wait), bad queue types and attributes are
 * refused; AssignStreams makes the default channel's random draws independent of the
 * streams handed out before; EnableAscii writes ns-3's '+', '-', 'r' and 'd' lines.
 */
class GslHelperPlumbingTestCase : public TestCase
{
  public:
    GslHelperPlumbingTestCase()
        : TestCase("GslHelper queues, streams and ASCII traces")
    {
    }

  private:
    /**
     * \param queue the ground device's queue capacity ("" for the default)
     * \param ascii ASCII trace file prefix ("" for none)
     * \return the ground device's drops, by reason, after 5 frames sent at once
     */
    static std::vector<std::string> SendFive(const std::string& queue, const std::string& ascii)
    {
        NodeContainer sats;
        NodeContainer grounds;
        sats.Create(1);
        grounds.Create(1);
        Place(sats.Get(0), Vector(A + 550e3, 0, 0));
        Place(grounds.Get(0), Vector(A, 0, 0));
        GslHelper helper = MakeHelper();
        if (!queue.empty())
        {
            helper.SetQueue("ns3::DropTailQueue", "MaxSize", QueueSizeValue(QueueSize(queue)));
        }
        NetDeviceContainer satDev = helper.InstallSatellites(sats);
        NetDeviceContainer groundDev = helper.InstallGround(grounds);
        if (!ascii.empty())
        {
            helper.EnableAscii(ascii, groundDev.Get(0));
            helper.EnableAscii(ascii, satDev.Get(0));
        }
        std::vector<std::string> drops;
        groundDev.Get(0)->TraceConnectWithoutContext(
            "Drop",
            MakeCallback(+[](std::vector<std::string>* v, Ptr<const Packet>, const std::string& r) {
                v->push_back(r);
            }).Bind(&drops));
        Simulator::Schedule(Seconds(1), [&]() {
            for (int i = 0; i < 5; ++i)
            {
                groundDev.Get(0)->Send(Create<Packet>(1000), satDev.Get(0)->GetAddress(), IPV4);
            }
        });
        Simulator::Stop(Seconds(2));
        Simulator::Run();
        Simulator::Destroy();
        return drops;
    }

    /**
     * \param before random variables used first (they take automatic stream numbers)
     * \param assign whether the GSL devices' streams are fixed with AssignStreams
     * \return 20 received powers drawn by the default channel's loss model (dBm)
     */
    static std::vector<double> Draws(uint32_t before, bool assign)
    {
        std::vector<Ptr<UniformRandomVariable>> others;
        for (uint32_t i = 0; i < before; ++i)
        {
            others.push_back(CreateObject<UniformRandomVariable>());
            others.back()->GetValue(); // streams are handed out on first use
        }
        NodeContainer nodes;
        nodes.Create(2);
        Place(nodes.Get(0), Vector(A + 550e3, 0, 0));
        Place(nodes.Get(1), GeodeticToEcef({3, 0, 0}));
        GslHelper helper; // the default channel: study A's LoS/NLoS model, random per frame
        NetDeviceContainer devices = helper.InstallSatellites(NodeContainer(nodes.Get(0)));
        devices.Add(helper.InstallGround(NodeContainer(nodes.Get(1))));
        if (assign)
        {
            GslHelper::AssignStreams(devices, 100);
        }
        PointerValue loss;
        helper.GetChannel()->GetAttribute("PropagationLoss", loss);
        auto model = loss.Get<PropagationLossModel>();
        auto a = nodes.Get(0)->GetObject<MobilityModel>();
        auto b = nodes.Get(1)->GetObject<MobilityModel>();
        std::vector<double> draws;
        for (int i = 0; i < 20; ++i)
        {
            draws.push_back(model->CalcRxPower(0.0, a, b));
        }
        Simulator::Destroy();
        return draws;
    }

    void DoRun() override
    {
        // ASCII traces first: they enable packet metadata, which an ns-3 built with asserts
        // refuses once a packet exists (this case runs first in the suite for that reason).
        const std::string prefix = CreateTempDirFilename("gsl-ascii");
        SendFive("2p", prefix);
        std::map<char, uint32_t> lines;
        std::string dropLine;
        for (const std::string suffix : {"-0-0.tr", "-1-0.tr"})
        {
            std::ifstream in(prefix + suffix);
            NS_TEST_ASSERT_MSG_EQ(in.good(), true, "trace file " << prefix << suffix);
            std::string line;
            while (std::getline(in, line))
            {
                ++lines[line.at(0)];
                dropLine = line.at(0) == 'd' ? line : dropLine;
            }
        }
        NS_TEST_EXPECT_MSG_EQ(lines['+'], 5u, "five accepted (MacTx)");
        NS_TEST_EXPECT_MSG_EQ(lines['-'], 3u, "three put on the air (PhyTxBegin)");
        NS_TEST_EXPECT_MSG_EQ(lines['r'], 3u, "three received (MacRx)");
        NS_TEST_EXPECT_MSG_EQ(lines['d'], 2u, "two dropped");
        NS_TEST_EXPECT_MSG_EQ(Contains(dropLine, "QueueFull"), true, dropLine);

        NS_TEST_EXPECT_MSG_EQ(SendFive("", "").size(), 0u, "the default 100-packet queues");
        const std::vector<std::string> drops = SendFive("2p", "");
        NS_TEST_EXPECT_MSG_EQ(drops.size(), 2u, "one on the air, two queued, two dropped");
        NS_TEST_EXPECT_MSG_EQ((drops == std::vector<std::string>{"QueueFull", "QueueFull"}),
                              true,
                              "as QueueFull");
        GslHelper helper;
        NS_TEST_EXPECT_MSG_EQ(
            Contains(MessageOf<std::invalid_argument>([&] { helper.SetQueue("ns3::Nothing"); }),
                     "not a packet queue TypeId"),
            true,
            "an unknown queue type");
        NS_TEST_EXPECT_MSG_EQ(Contains(MessageOf<std::invalid_argument>([&] {
                                           helper.SetQueue("ns3::DropTailQueue<Packet>",
                                                           "Size",
                                                           QueueSizeValue(QueueSize("2p")));
                                       }),
                                       "has no attribute 'Size'"),
                              true,
                              "an unknown queue attribute");
        helper.GetChannel();
        NS_TEST_EXPECT_MSG_EQ(Contains(MessageOf<std::invalid_argument>([&] {
                                           helper.SetChannelAttribute("SubChannels",
                                                                      UintegerValue(4));
                                       }),
                                       "the channel exists already"),
                              true,
                              "a channel attribute too late");

        NS_TEST_EXPECT_MSG_EQ((Draws(0, true) == Draws(5, true)),
                              true,
                              "fixed streams: the same draws whatever was used before");
        NS_TEST_EXPECT_MSG_EQ((Draws(0, false) == Draws(5, false)),
                              false,
                              "automatic streams: the draws depend on what came before");
    }
};

/**
 * \ingroup sagin-tests
 * The GSL TestSuite.
 */
class GslTestSuite : public TestSuite
{
  public:
    GslTestSuite()
        : TestSuite("sagin-gsl", Type::UNIT)
    {
        // First: it enables ASCII traces (packet metadata), which an ns-3 built with asserts
        // (an ns-3 tree's default profile) refuses once a packet exists in the process.
        AddTestCase(new GslHelperPlumbingTestCase);
        AddTestCase(new GslRateDelayTestCase);
        AddTestCase(new GslDefaultLinkBudgetTestCase);
        AddTestCase(new GslFlowVersusPacketTestCase);
        AddTestCase(new GslInterferenceTestCase);
        AddTestCase(new GslHorizonTestCase);
        AddTestCase(new GslFrequencyPlanningTestCase);
        AddTestCase(new GslAirtimeFairTestCase);
        AddTestCase(new GslOfdmaTdmaTestCase);
        AddTestCase(new GslSteeredBeamInterferenceTestCase);
        AddTestCase(new GslHandoverTestCase);
        AddTestCase(new GslUdpEchoTestCase);
        AddTestCase(new GslAttachToAllTestCase);
        AddTestCase(new GslDisposeTestCase);
        AddTestCase(new GslAttachmentPolicyTestCase);
        AddTestCase(new GslAttachmentInViewTestCase);
        AddTestCase(new GslLinkBudgetHandoverTestCase);
        AddTestCase(new GslAcrossRanksTestCase);
        AddTestCase(new GslFadingDrawOrderTestCase);
        AddTestCase(new GslFullBufferInterferenceTestCase);
        AddTestCase(new GslMinDelayTestCase);
        AddTestCase(new GslFlowControlTestCase);
    }
};

static GslTestSuite g_gslTestSuite; //!< Static variable for test initialization
