// SPDX-License-Identifier: GPL-2.0-only

#include "offloading-slot-controller.h"

#include "myopic-stackelberg-strategy.h"
#include "offloading-parameters.h"

#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/geodesy.h"
#include "ns3/log.h"
#include "ns3/look-angles.h"
#include "ns3/mobility-model.h"
#include "ns3/pointer.h"
#include "ns3/satellite-los-nlos-propagation-loss-model.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"
#include "ns3/virtual-queues.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginOffloadingSlotController");
NS_OBJECT_ENSURE_REGISTERED(OffloadingSlotController);

namespace
{
constexpr double METERS_PER_KM = 1e3;
constexpr double DEGREES_PER_RADIAN = 180.0 / M_PI;
} // namespace

TypeId
OffloadingSlotController::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::OffloadingSlotController")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddConstructor<OffloadingSlotController>()
            .AddAttribute("Parameters",
                          "Study A's constants and task process.",
                          PointerValue(),
                          MakePointerAccessor(&OffloadingSlotController::m_parameters),
                          MakePointerChecker<OffloadingParameters>())
            .AddAttribute("Strategy",
                          "Who sets the prices and makes the followers' decisions (default: "
                          "a MyopicStackelbergStrategy).",
                          PointerValue(),
                          MakePointerAccessor(&OffloadingSlotController::m_strategy),
                          MakePointerChecker<OffloadingStrategy>())
            .AddAttribute("LossModel",
                          "Device-LEO loss, study A's eq. 2 (default: "
                          "SatelliteLosNlosPropagationLossModel at 100 MHz, urban).",
                          PointerValue(),
                          MakePointerAccessor(&OffloadingSlotController::m_loss),
                          MakePointerChecker<SatelliteLosNlosPropagationLossModel>())
            .AddAttribute("Geometry",
                          "Where the device-LEO geometry comes from: ORBITS (the nodes' "
                          "mobility models) or RANDOM (the source's random distances).",
                          EnumValue(ORBITS),
                          MakeEnumAccessor(&OffloadingSlotController::m_geometry),
                          MakeEnumChecker(ORBITS, "ORBITS", RANDOM, "RANDOM"))
            .AddAttribute("MinElevation",
                          "Elevation above the devices' centroid below which a satellite is "
                          "out of view (degrees; ORBITS).",
                          DoubleValue(10.0),
                          MakeDoubleAccessor(&OffloadingSlotController::m_minElevation),
                          MakeDoubleChecker<double>(-90.0, 90.0))
            .AddAttribute("RandomHorizontalDistance",
                          "x: horizontal device-LEO distance of the RANDOM geometry (km; "
                          "study A: U(1000, 2000)).",
                          StringValue("ns3::UniformRandomVariable[Min=1000.0|Max=2000.0]"),
                          MakePointerAccessor(&OffloadingSlotController::m_horizontalDistance),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("RandomAltitude",
                          "y: LEO altitude of the RANDOM geometry (km; study A: U(500, 2000)).",
                          StringValue("ns3::UniformRandomVariable[Min=500.0|Max=2000.0]"),
                          MakePointerAccessor(&OffloadingSlotController::m_altitude),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("MaxSlots",
                          "Slots to run from Start() (0: until Stop()).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&OffloadingSlotController::m_maxSlots),
                          MakeUintegerChecker<uint32_t>())
            .AddTraceSource("SlotCompleted",
                            "A slot's record: throughput, queues, prices, privacy overhead.",
                            MakeTraceSourceAccessor(&OffloadingSlotController::m_slotCompleted),
                            "ns3::sagin::OffloadingSlotController::SlotCompletedTracedCallback");
    return tid;
}

OffloadingSlotController::OffloadingSlotController()
    : m_parameters(CreateObject<OffloadingParameters>()),
      m_strategy(CreateObject<MyopicStackelbergStrategy>()),
      m_loss(CreateObject<SatelliteLosNlosPropagationLossModel>()),
      m_geometry(ORBITS),
      m_minElevation(10.0),
      m_maxSlots(0),
      m_queues(CreateObject<VirtualQueues>()),
      m_slot(0),
      m_slotsSinceStart(0)
{
    NS_LOG_FUNCTION(this);
    m_queues->SetAttribute("Discipline", EnumValue(VirtualQueues::NET));
}

OffloadingSlotController::~OffloadingSlotController()
{
    NS_LOG_FUNCTION(this);
}

void
OffloadingSlotController::DoDispose()
{
    m_event.Cancel();
    m_parameters = nullptr;
    m_strategy = nullptr;
    m_loss = nullptr;
    m_horizontalDistance = nullptr;
    m_altitude = nullptr;
    m_devices.clear();
    m_satellites.clear();
    m_queues = nullptr;
    Object::DoDispose();
}

void
OffloadingSlotController::SetNodes(NodeContainer devices, NodeContainer satellites)
{
    const OffloadingConstants constants = m_parameters->GetConstants();
    if (devices.GetN() != constants.GetFollowers())
    {
        throw std::invalid_argument(
            "OffloadingSlotController::SetNodes: " + std::to_string(devices.GetN()) +
            " devices for N M = " + std::to_string(constants.GetFollowers()) +
            " followers (Cells x DevicesPerCell)");
    }
    if (m_geometry == ORBITS && satellites.GetN() == 0)
    {
        throw std::invalid_argument("OffloadingSlotController::SetNodes: the ORBITS geometry "
                                    "needs satellites; give a constellation or use RANDOM");
    }
    const auto mobilityOf = [](Ptr<Node> node, const char* what) {
        Ptr<MobilityModel> mobility = node->GetObject<MobilityModel>();
        if (!mobility)
        {
            throw std::invalid_argument(std::string("OffloadingSlotController::SetNodes: ") + what +
                                        " node " + std::to_string(node->GetId()) +
                                        " has no MobilityModel; install one first");
        }
        return mobility;
    };
    m_devices.clear();
    m_satellites.clear();
    m_satelliteIds.clear();
    for (uint32_t i = 0; i < devices.GetN(); ++i)
    {
        m_devices.push_back(mobilityOf(devices.Get(i), "device"));
    }
    for (uint32_t s = 0; s < satellites.GetN(); ++s)
    {
        m_satellites.push_back(mobilityOf(satellites.Get(s), "satellite"));
        m_satelliteIds.push_back(satellites.Get(s)->GetId());
    }
    m_queues->Reset(constants.GetFollowers());
    m_previous = OffloadingSlotDecision();
}

void
OffloadingSlotController::Start()
{
    NS_LOG_FUNCTION(this);
    m_slotsSinceStart = 0;
    m_event.Cancel();
    m_event = Simulator::ScheduleNow(&OffloadingSlotController::SlotEvent, this);
}

void
OffloadingSlotController::Stop()
{
    NS_LOG_FUNCTION(this);
    m_event.Cancel();
}

void
OffloadingSlotController::SlotEvent()
{
    RunSlot();
    ++m_slotsSinceStart;
    if (m_maxSlots == 0 || m_slotsSinceStart < m_maxSlots)
    {
        m_event = Simulator::Schedule(m_parameters->GetSlotDuration(),
                                      &OffloadingSlotController::SlotEvent,
                                      this);
    }
}

std::vector<std::vector<double>>
OffloadingSlotController::ComputeGains(OffloadingSlotRecord& record) const
{
    const OffloadingConstants constants = m_parameters->GetConstants();
    const uint32_t followers = constants.GetFollowers();
    std::vector<std::vector<double>> gains(followers, std::vector<double>(constants.leos, 0.0));
    if (m_geometry == RANDOM)
    {
        for (auto& row : gains)
        {
            for (double& g : row)
            {
                const double x = m_horizontalDistance->GetValue() * METERS_PER_KM;
                const double y = m_altitude->GetValue() * METERS_PER_KM;
                const double elevation = std::atan2(y, x) * DEGREES_PER_RADIAN;
                g = std::pow(10.0, -m_loss->DrawLoss(std::hypot(x, y), elevation) / 10.0);
            }
        }
        return gains;
    }
    if (m_devices.empty())
    {
        throw std::logic_error("OffloadingSlotController: the ORBITS geometry needs SetNodes "
                               "before the first slot");
    }
    // Candidates: the satellites highest above the devices' centroid.
    Vector centroid;
    for (const auto& device : m_devices)
    {
        const Vector p = device->GetPosition();
        centroid = Vector(centroid.x + p.x, centroid.y + p.y, centroid.z + p.z);
    }
    GeodeticPosition centre = EcefToGeodetic(Vector(centroid.x / m_devices.size(),
                                                    centroid.y / m_devices.size(),
                                                    centroid.z / m_devices.size()));
    centre.altitude = 0.0;
    std::vector<std::pair<double, uint32_t>> byElevation;
    for (uint32_t s = 0; s < m_satellites.size(); ++s)
    {
        const double elevation =
            ComputeLookAngles(centre, m_satellites[s]->GetPosition()).elevation;
        if (elevation >= m_minElevation)
        {
            byElevation.emplace_back(-elevation, s);
        }
    }
    std::sort(byElevation.begin(), byElevation.end());
    for (uint32_t o = 0; o < constants.leos && o < byElevation.size(); ++o)
    {
        const uint32_t s = byElevation[o].second;
        record.leoNodes.push_back(m_satelliteIds[s]);
        for (uint32_t i = 0; i < followers; ++i)
        {
            const double rxDbm = m_loss->CalcRxPower(0.0, m_devices[i], m_satellites[s]);
            gains[i][o] = std::pow(10.0, rxDbm / 10.0);
        }
    }
    return gains;
}

OffloadingSlotRecord
OffloadingSlotController::RunSlot()
{
    NS_LOG_FUNCTION(this);
    const OffloadingConstants constants = m_parameters->GetConstants();
    const uint32_t followers = constants.GetFollowers();
    if (m_queues->GetN() != followers)
    {
        m_queues->Reset(followers);
        m_previous = OffloadingSlotDecision();
    }
    OffloadingSlotRecord record;
    record.slot = m_slot;
    record.timeSeconds = Simulator::Now().GetSeconds();

    std::vector<FollowerState> states(followers);
    std::vector<std::vector<double>> gains = ComputeGains(record);
    std::vector<double> arrivals(followers);
    for (uint32_t i = 0; i < followers; ++i)
    {
        const auto [size, cycles] = m_parameters->DrawTask();
        states[i].queueMbit = m_queues->GetQueues()[i];
        states[i].arrivalMbit = size;
        states[i].cyclesPerBit = cycles;
        states[i].gain = std::move(gains[i]);
        arrivals[i] = size;
    }
    const OffloadingSlotProblem problem(constants, std::move(states));
    const OffloadingSlotDecision decision = m_strategy->Decide(problem, m_previous);
    const OffloadingSlotOutcome outcome = problem.Evaluate(decision.prices, decision.followers);

    std::vector<double> processed(followers);
    for (uint32_t i = 0; i < followers; ++i)
    {
        const FollowerOutcome& o = outcome.followers[i];
        processed[i] = o.processedMbit;
        record.meanArrivalMbit += arrivals[i] / followers;
        record.meanProcessedMbit += o.processedMbit / followers;
        record.meanFrequencyGHz += decision.followers[i].frequencyGHz / followers;
        record.meanPrice += decision.prices[i] / followers;
        if (decision.followers[i].offload)
        {
            ++record.offloaders;
            record.meanInterferenceW += o.interferenceW;
        }
    }
    if (record.offloaders > 0)
    {
        record.meanInterferenceW /= record.offloaders;
    }
    m_queues->Update(arrivals, processed);
    record.meanQueueMbit = m_queues->GetMean();
    record.leaderProfit = outcome.leaderProfit;
    record.modelProcessingSeconds = outcome.modelProcessingSeconds;
    record.modelUploadSeconds = outcome.modelUploadSeconds;
    record.blockSeconds = outcome.blockSeconds;
    record.privacyOverheadSeconds = outcome.privacyOverheadSeconds;
    record.blockBytes = outcome.blockBytes;
    record.reward = outcome.reward;

    m_strategy->Learn(problem, decision, outcome);
    m_previous = decision;
    ++m_slot;
    m_slotCompleted(record);
    return record;
}

Ptr<VirtualQueues>
OffloadingSlotController::GetQueues() const
{
    return m_queues;
}

Ptr<OffloadingParameters>
OffloadingSlotController::GetParameters() const
{
    return m_parameters;
}

uint32_t
OffloadingSlotController::GetSlotsRun() const
{
    return m_slot;
}

int64_t
OffloadingSlotController::AssignStreams(int64_t stream)
{
    int64_t used = m_parameters->AssignStreams(stream);
    used += m_loss->AssignStreams(stream + used);
    m_horizontalDistance->SetStream(stream + used++);
    m_altitude->SetStream(stream + used++);
    used += m_strategy->AssignStreams(stream + used);
    return used;
}

} // namespace sagin
} // namespace ns3
