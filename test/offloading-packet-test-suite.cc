// SPDX-License-Identifier: GPL-2.0-only
//
// Study A at packet level: on an uncontended network (one device per channel, one LEO
// overhead, constant excess losses) the bits that arrive as UDP datagrams over the GSL match
// the flow model's D2 = R T up to the headers; two devices of one MBS sharing a channel to
// one LEO take turns and each gets half; the queues follow what arrived; bad settings are
// refused.

#include "offloading-test-utils.h"

#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/node-container.h"
#include "ns3/offloading-network-helper.h"
#include "ns3/offloading-parameters.h"
#include "ns3/offloading-slot-controller.h"
#include "ns3/pointer.h"
#include "ns3/satellite-los-nlos-propagation-loss-model.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"
#include "ns3/virtual-queues.h"

#include <stdexcept>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using ns3::sagin::tests::MakeOverheadScene;
using ns3::sagin::tests::OverheadScene;

namespace
{

/** Payload share of a 1400-byte datagram on the GSL: UDP 8, IPv4 20, Ethernet 14 bytes. */
constexpr double UDP_EFFICIENCY = 1400.0 / (1400.0 + 8.0 + 20.0 + 14.0);

/** Every follower offloads on a channel and to a LEO of the test's choosing. */
class FixedOffloadStrategy : public OffloadingStrategy
{
  public:
    /**
     * \param channels follower i's channel
     * \param leos follower i's LEO (empty: LEO 0 for all)
     */
    FixedOffloadStrategy(std::vector<uint32_t> channels, std::vector<uint32_t> leos = {})
        : m_channels(std::move(channels)),
          m_leos(std::move(leos))
    {
    }

  private:
    OffloadingSlotDecision DoDecide(const OffloadingSlotProblem& problem,
                                    const OffloadingSlotDecision&) override
    {
        const OffloadingConstants& k = problem.GetConstants();
        OffloadingSlotDecision decision;
        decision.prices.assign(k.GetFollowers(), 1.0);
        for (uint32_t i = 0; i < k.GetFollowers(); ++i)
        {
            decision.followers.push_back({true,
                                          k.minFrequencyGHz,
                                          m_channels.at(i),
                                          m_leos.empty() ? 0 : m_leos.at(i),
                                          k.minBlockBytes});
        }
        return decision;
    }

    std::vector<uint32_t> m_channels; //!< per follower
    std::vector<uint32_t> m_leos;     //!< per follower
};

/**
 * One packet-level run of M devices of one MBS under a single satellite passing overhead.
 * \param channels each device's channel (M = its size)
 * \param slots slots to run
 * \param leos each device's LEO (empty: LEO 0); with O = 2 candidates, LEO 1 is out of view
 * \return the slots' records
 */
std::vector<OffloadingSlotRecord>
RunOverhead(const std::vector<uint32_t>& channels,
            uint32_t slots,
            const std::vector<uint32_t>& leos = {})
{
    const OverheadScene scene = MakeOverheadScene(channels.size());
    NodeContainer satellites = scene.satellites;
    NodeContainer devices = scene.devices;
    auto parameters = CreateObject<OffloadingParameters>();
    parameters->SetAttribute("Cells", UintegerValue(1));
    parameters->SetAttribute("DevicesPerCell", UintegerValue(channels.size()));
    parameters->SetAttribute("Leos", UintegerValue(leos.empty() ? 1 : 2));
    parameters->SetAttribute("Channels", UintegerValue(2));
    parameters->SetAttribute("TaskSize", StringValue("ns3::ConstantRandomVariable[Constant=200]"));
    auto loss = CreateObject<SatelliteLosNlosPropagationLossModel>();
    loss->SetAttribute("LosExcessLoss", StringValue("ns3::ConstantRandomVariable[Constant=0.5]"));
    loss->SetAttribute("NlosExcessLoss", StringValue("ns3::ConstantRandomVariable[Constant=20]"));
    auto controller = CreateObject<OffloadingSlotController>();
    controller->SetAttribute("Parameters", PointerValue(parameters));
    controller->SetAttribute("LossModel", PointerValue(loss));
    controller->SetAttribute("Strategy",
                             PointerValue(Create<FixedOffloadStrategy>(channels, leos)));
    controller->SetAttribute("MaxSlots", UintegerValue(slots));
    controller->SetNodes(devices, satellites);
    controller->AssignStreams(1);
    OffloadingNetworkHelper network;
    network.Install(controller, devices, satellites, slots, 100);
    std::vector<OffloadingSlotRecord> records;
    controller->TraceConnectWithoutContext(
        "SlotCompleted",
        MakeCallback(+[](std::vector<OffloadingSlotRecord>* out, const OffloadingSlotRecord& r) {
            out->push_back(r);
        }).Bind(&records));
    controller->Start();
    Simulator::Stop(parameters->GetSlotDuration() * static_cast<int64_t>(slots) + NanoSeconds(1));
    Simulator::Run();
    controller->Dispose();
    Simulator::Destroy();
    return records;
}

} // namespace

/**
 * \ingroup sagin-tests
 * Uncontended: two devices on channels 0 and 1 to one LEO overhead. Each slot, what arrives
 * is the flow model's R T times the payload share of the frames (97.1 %), within 2 % (the
 * satellite moves during the slot, the flow model takes its gain at the start; the first
 * slot also carries ARP and a datagram or two queued from the slot before is counted in the
 * next).
 */
class OffloadingPacketMatchesFlowTestCase : public TestCase
{
  public:
    OffloadingPacketMatchesFlowTestCase()
        : TestCase("uncontended: packets deliver the flow model's D2 up to the headers")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<OffloadingSlotRecord> records = RunOverhead({0, 1}, 3);
        NS_TEST_ASSERT_MSG_EQ(records.size(), 3u, "three slots");
        for (const OffloadingSlotRecord& r : records)
        {
            NS_TEST_EXPECT_MSG_EQ(r.packetLevel, true, "packet level");
            NS_TEST_EXPECT_MSG_EQ(r.offloaders, 2u, "both offload");
            NS_TEST_EXPECT_MSG_GT(r.flowProcessedMbit, 5.0, "a link worth measuring");
            NS_TEST_EXPECT_MSG_LT(r.flowProcessedMbit, 200.0, "the link, not the task, limits");
            const double ratio = r.meanProcessedMbit / r.flowProcessedMbit;
            NS_TEST_EXPECT_MSG_EQ_TOL(ratio,
                                      UDP_EFFICIENCY,
                                      0.02,
                                      "slot " << r.slot << ": packets " << r.meanProcessedMbit
                                              << " Mbit, flow " << r.flowProcessedMbit);
            NS_TEST_EXPECT_MSG_EQ(r.leoNodes.size(), 1u, "the one satellite is the LEO");
        }
        // The queues follow what arrived: Q(t+1) = Q(t) + A - D, A = 200 Mbit.
        double queue = 0.0;
        for (const OffloadingSlotRecord& r : records)
        {
            queue += 200.0 - r.meanProcessedMbit;
            NS_TEST_EXPECT_MSG_EQ_TOL(r.meanQueueMbit, queue, 1e-9, "queue of slot " << r.slot);
        }
    }
};

/**
 * \ingroup sagin-tests
 * Two devices of one MBS on one channel to one LEO take turns in its OfdmaTdma cell: each
 * gets about half of what it gets alone, and together about what one gets alone; the flow
 * model gives each R / 2.
 */
class OffloadingPacketSharingTestCase : public TestCase
{
  public:
    OffloadingPacketSharingTestCase()
        : TestCase("two devices sharing a channel to one LEO take turns")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<OffloadingSlotRecord> alone = RunOverhead({0, 1}, 2);
        const std::vector<OffloadingSlotRecord> shared = RunOverhead({0, 0}, 2);
        NS_TEST_ASSERT_MSG_EQ(shared.size(), 2u, "two slots");
        for (uint32_t t = 0; t < 2; ++t)
        {
            NS_TEST_EXPECT_MSG_EQ_TOL(shared[t].flowProcessedMbit / alone[t].flowProcessedMbit,
                                      0.5,
                                      0.01,
                                      "flow model: R / 2 each");
            NS_TEST_EXPECT_MSG_EQ_TOL(shared[t].meanProcessedMbit / alone[t].meanProcessedMbit,
                                      0.5,
                                      0.03,
                                      "packets: half each, slot " << t);
        }
    }
};

/**
 * \ingroup sagin-tests
 * Packet level refuses what it cannot carry.
 */
class OffloadingPacketRefusalTestCase : public TestCase
{
  public:
    OffloadingPacketRefusalTestCase()
        : TestCase("packet level refuses the random geometry and a wrong device count, and "
                   "carries nothing to a LEO out of view")
    {
    }

  private:
    void DoRun() override
    {
        auto controller = CreateObject<OffloadingSlotController>();
        controller->SetAttribute("Geometry", EnumValue(OffloadingSlotController::RANDOM));
        OffloadingNetworkHelper network;
        NodeContainer devices;
        devices.Create(48);
        bool refused = false;
        try
        {
            network.Install(controller, devices, NodeContainer(), 3, 0);
        }
        catch (const std::invalid_argument& e)
        {
            refused = std::string(e.what()).find("needs the ORBITS geometry") != std::string::npos;
        }
        NS_TEST_EXPECT_MSG_EQ(refused, true, "random geometry");
        refused = false;
        NodeContainer few;
        few.Create(3);
        try
        {
            network.Install(CreateObject<OffloadingSlotController>(), few, NodeContainer(), 3, 0);
        }
        catch (const std::invalid_argument& e)
        {
            refused = std::string(e.what()).find("3 devices for 48 followers") != std::string::npos;
        }
        NS_TEST_EXPECT_MSG_EQ(refused, true, "device count");
        Simulator::Destroy();

        // A follower that offloads to a LEO out of view (one satellite, O = 2) sends nothing,
        // as at flow level (gain 0), and the run goes on.
        const std::vector<OffloadingSlotRecord> records = RunOverhead({0, 1}, 2, {0, 1});
        NS_TEST_ASSERT_MSG_EQ(records.size(), 2u, "both slots ran");
        for (const OffloadingSlotRecord& r : records)
        {
            NS_TEST_EXPECT_MSG_EQ(r.leoNodes.size(), 1u, "one LEO in view");
            NS_TEST_EXPECT_MSG_GT(r.meanProcessedMbit, 0.0, "follower 0 delivers");
            NS_TEST_EXPECT_MSG_EQ_TOL(r.meanProcessedMbit / r.flowProcessedMbit,
                                      UDP_EFFICIENCY,
                                      0.02,
                                      "follower 1 delivers nothing in both models");
        }
    }
};

/**
 * \ingroup sagin-tests
 * Study A at packet level.
 */
class OffloadingPacketTestSuite : public TestSuite
{
  public:
    OffloadingPacketTestSuite()
        : TestSuite("sagin-offloading-packet", Type::UNIT)
    {
        AddTestCase(new OffloadingPacketMatchesFlowTestCase);
        AddTestCase(new OffloadingPacketSharingTestCase);
        AddTestCase(new OffloadingPacketRefusalTestCase);
    }
};

/** Register the suite. */
static OffloadingPacketTestSuite g_offloadingPacketTestSuite;
