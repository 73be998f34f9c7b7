// SPDX-License-Identifier: GPL-2.0-only

#include "offloading-slot-controller.h"

#include "myopic-stackelberg-strategy.h"
#include "offloading-packet-delivery.h"
#include "offloading-parameters.h"
#include "offloading-privacy-path.h"

#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/geodesy.h"
#include "ns3/log.h"
#include "ns3/look-angles.h"
#include "ns3/mobility-model.h"
#include "ns3/ns3-release-compat.h"
#include "ns3/physical-constants.h"
#include "ns3/pointer.h"
#include "ns3/satellite-los-nlos-propagation-loss-model.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/transaction-payloads.h"
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
            .AddAttribute("PacketDelivery",
                          "Packet level: carries the offloaded bits as packets and measures "
                          "D2 (null: flow level).",
                          PointerValue(),
                          MakePointerAccessor(&OffloadingSlotController::m_delivery),
                          MakePointerChecker<OffloadingPacketDelivery>())
            .AddAttribute("PrivacyPath",
                          "Packet level: measures C1, C2 and C3 from the model upload and the "
                          "slot's block, and records every follower's slot on the chain (null: "
                          "C_SBC from the formulas; needs a PacketDelivery).",
                          PointerValue(),
                          MakePointerAccessor(&OffloadingSlotController::m_privacyPath),
                          MakePointerChecker<OffloadingPrivacyPath>())
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
                          MakeEnumAccessorFor<OffloadingSlotController::Geometry>(
                              &OffloadingSlotController::m_geometry),
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
    m_finishEvent.Cancel();
    m_parameters = nullptr;
    m_strategy = nullptr;
    if (m_delivery)
    {
        m_delivery->Dispose(); // its sockets' callbacks point at it
        m_delivery = nullptr;
    }
    if (m_privacyPath)
    {
        m_privacyPath->Dispose(); // its sockets' callbacks point at it
        m_privacyPath = nullptr;
    }
    m_packetSlot = DecidedSlot();
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
    m_deviceIds.clear();
    for (uint32_t i = 0; i < devices.GetN(); ++i)
    {
        m_devices.push_back(mobilityOf(devices.Get(i), "device"));
        m_deviceIds.push_back(devices.Get(i)->GetId());
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
    if (m_delivery && m_geometry != ORBITS)
    {
        throw std::invalid_argument("OffloadingSlotController: packet level needs the ORBITS "
                                    "geometry (packets need positions)");
    }
    if (m_privacyPath && !m_delivery)
    {
        throw std::invalid_argument("OffloadingSlotController: a PrivacyPath needs a "
                                    "PacketDelivery (packet level); set both or neither");
    }
    if (m_privacyPath)
    {
        m_privacyPath->Check(m_parameters->GetConstants());
    }
    if (!m_finishEvent.IsExpired())
    {
        throw std::logic_error("OffloadingSlotController::Start: a packet slot is in progress; "
                               "start again after its end");
    }
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

OffloadingSlotController::Geometry
OffloadingSlotController::GetGeometry() const
{
    return m_geometry;
}

void
OffloadingSlotController::SlotEvent()
{
    if (m_delivery)
    {
        m_packetSlot = Decide();
        m_packetSlot.record.packetLevel = true;
        m_delivery->BeginSlot(*m_packetSlot.problem,
                              m_packetSlot.decision,
                              m_packetSlot.record.leoNodes);
        if (m_privacyPath)
        {
            m_privacyPath->BeginSlot(*m_packetSlot.problem, m_packetSlot.decision.followers);
        }
        // Before the next slot's event, which is scheduled after this one at the same time.
        m_finishEvent = Simulator::Schedule(m_parameters->GetSlotDuration(),
                                            &OffloadingSlotController::FinishPacketSlot,
                                            this);
    }
    else
    {
        RunSlot();
    }
    ++m_slotsSinceStart;
    if (m_maxSlots == 0 || m_slotsSinceStart < m_maxSlots)
    {
        m_event = Simulator::Schedule(m_parameters->GetSlotDuration(),
                                      &OffloadingSlotController::SlotEvent,
                                      this);
    }
}

GeodeticPosition
OffloadingSlotController::GetServiceCentre() const
{
    if (m_devices.empty())
    {
        throw std::logic_error("OffloadingSlotController: the ORBITS geometry needs SetNodes "
                               "before the first slot");
    }
    Vector sum;
    for (const auto& device : m_devices)
    {
        const Vector p = device->GetPosition();
        sum = Vector(sum.x + p.x, sum.y + p.y, sum.z + p.z);
    }
    const double n = m_devices.size();
    GeodeticPosition centre = EcefToGeodetic(Vector(sum.x / n, sum.y / n, sum.z / n));
    centre.altitude = 0.0;
    return centre;
}

std::vector<uint32_t>
OffloadingSlotController::SelectCandidateLeos(const GeodeticPosition& centre,
                                              const std::vector<Vector>& positions,
                                              uint32_t count,
                                              double minElevation)
{
    std::vector<std::pair<double, uint32_t>> byElevation;
    for (uint32_t s = 0; s < positions.size(); ++s)
    {
        const double elevation = ComputeLookAngles(centre, positions[s]).elevation;
        if (elevation >= minElevation)
        {
            byElevation.emplace_back(-elevation, s);
        }
    }
    std::sort(byElevation.begin(), byElevation.end());
    std::vector<uint32_t> chosen;
    for (uint32_t o = 0; o < count && o < byElevation.size(); ++o)
    {
        chosen.push_back(byElevation[o].second);
    }
    return chosen;
}

std::vector<std::vector<double>>
OffloadingSlotController::ComputeGains(const OffloadingConstants& constants,
                                       OffloadingSlotRecord& record) const
{
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
    std::vector<Vector> positions;
    for (const auto& satellite : m_satellites)
    {
        positions.push_back(satellite->GetPosition());
    }
    for (uint32_t s :
         SelectCandidateLeos(GetServiceCentre(), positions, constants.leos, m_minElevation))
    {
        const uint32_t o = record.leoNodes.size();
        record.leoNodes.push_back(m_satelliteIds[s]);
        for (uint32_t i = 0; i < followers; ++i)
        {
            const double rxDbm = m_loss->CalcRxPower(0.0, m_devices[i], m_satellites[s]);
            gains[i][o] = std::pow(10.0, rxDbm / 10.0);
        }
    }
    return gains;
}

OffloadingSlotController::DecidedSlot
OffloadingSlotController::Decide()
{
    const OffloadingConstants constants = m_parameters->GetConstants();
    const uint32_t followers = constants.GetFollowers();
    if (m_queues->GetN() != followers)
    {
        m_queues->Reset(followers);
        m_previous = OffloadingSlotDecision();
    }
    DecidedSlot slot;
    slot.record.slot = m_slot;
    slot.record.timeSeconds = Simulator::Now().GetSeconds();
    std::vector<FollowerState> states(followers);
    std::vector<std::vector<double>> gains = ComputeGains(constants, slot.record);
    for (uint32_t i = 0; i < followers; ++i)
    {
        const auto [size, cycles] = m_parameters->DrawTask();
        states[i].queueMbit = m_queues->GetQueues()[i];
        states[i].arrivalMbit = size;
        states[i].cyclesPerBit = cycles;
        states[i].gain = std::move(gains[i]);
    }
    slot.problem = std::make_unique<OffloadingSlotProblem>(constants, std::move(states));
    slot.decision = m_strategy->Decide(*slot.problem, m_previous);
    return slot;
}

OffloadingSlotRecord
OffloadingSlotController::RunSlot()
{
    NS_LOG_FUNCTION(this);
    DecidedSlot slot = Decide();
    const OffloadingSlotOutcome outcome =
        slot.problem->Evaluate(slot.decision.prices, slot.decision.followers);
    return Complete(slot, outcome);
}

void
OffloadingSlotController::FinishPacketSlot()
{
    NS_LOG_FUNCTION(this);
    const std::vector<double> delivered = m_delivery->FinishSlot();
    MeasuredPrivacyOverhead privacy;
    if (m_privacyPath)
    {
        privacy = m_privacyPath->MeasureSlot();
    }
    const OffloadingSlotOutcome outcome =
        m_packetSlot.problem->EvaluateMeasured(m_packetSlot.decision.prices,
                                               m_packetSlot.decision.followers,
                                               delivered,
                                               m_privacyPath ? &privacy : nullptr);
    m_packetSlot.record.serverBacklogSeconds = m_delivery->GetMeanServerBacklogSeconds();
    if (m_privacyPath)
    {
        m_privacyPath->SubmitRecords(MakeRecords(m_packetSlot, outcome));
    }
    Complete(m_packetSlot, outcome);
    m_packetSlot = DecidedSlot();
}

OffloadingSlotRecord
OffloadingSlotController::Complete(DecidedSlot& slot, const OffloadingSlotOutcome& outcome)
{
    const OffloadingSlotProblem& problem = *slot.problem;
    const OffloadingSlotDecision& decision = slot.decision;
    OffloadingSlotRecord& record = slot.record;
    const uint32_t followers = problem.GetConstants().GetFollowers();
    const OffloadingSlotOutcome flow =
        record.packetLevel ? problem.Evaluate(decision.prices, decision.followers) : outcome;
    std::vector<double> arrivals(followers);
    std::vector<double> processed(followers);
    for (uint32_t i = 0; i < followers; ++i)
    {
        const FollowerOutcome& o = outcome.followers[i];
        arrivals[i] = problem.GetFollowers()[i].arrivalMbit;
        processed[i] = o.processedMbit;
        record.meanArrivalMbit += arrivals[i] / followers;
        record.meanProcessedMbit += o.processedMbit / followers;
        record.flowProcessedMbit += flow.followers[i].processedMbit / followers;
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

std::vector<OffloadingRecord>
OffloadingSlotController::MakeRecords(const DecidedSlot& slot,
                                      const OffloadingSlotOutcome& outcome) const
{
    const std::vector<FollowerState>& states = slot.problem->GetFollowers();
    std::vector<OffloadingRecord> records(states.size());
    for (uint32_t i = 0; i < records.size(); ++i)
    {
        const FollowerDecision& d = slot.decision.followers[i];
        OffloadingRecord& r = records[i];
        r.device = m_deviceIds[i];
        r.offloaded = d.offload;
        r.server = d.offload ? slot.record.leoNodes[d.leo] : m_deviceIds[i];
        r.slot = slot.record.slot;
        r.channel = static_cast<uint16_t>(d.channel);
        r.taskBits = static_cast<uint64_t>(std::llround(states[i].arrivalMbit * BITS_PER_MBIT));
        r.processedBits =
            static_cast<uint64_t>(std::llround(outcome.followers[i].processedMbit * BITS_PER_MBIT));
        r.cpuFrequency = d.frequencyGHz * HZ_PER_GHZ;
        r.price = slot.decision.prices[i] / HZ_PER_GHZ;
    }
    return records;
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
