// SPDX-License-Identifier: GPL-2.0-only

#include "caching-slot-controller.h"

#include "caching-optimiser.h"
#include "caching-packet-delivery.h"
#include "caching-slot-parameters.h"
#include "caching-virtual-queues.h"
#include "content-catalogue.h"
#include "content-request-process.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/mobility-model.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uav-air-to-ground-propagation-loss-model.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <stdexcept>
#include <string>
#include <tuple>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginCachingSlotController");
NS_OBJECT_ENSURE_REGISTERED(CachingSlotController);

TypeId
CachingSlotController::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::CachingSlotController")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddConstructor<CachingSlotController>()
            .AddAttribute("Parameters",
                          "The operator's constants (V, prices, rewards, storage, R^S, Delta t).",
                          StringValue("ns3::sagin::CachingSlotParameters"),
                          MakePointerAccessor(&CachingSlotController::m_parameters),
                          MakePointerChecker<CachingSlotParameters>())
            .AddAttribute("Catalogue",
                          "The satellite's contents (F, sizes s_f).",
                          StringValue("ns3::sagin::ContentCatalogue"),
                          MakePointerAccessor(&CachingSlotController::m_catalogue),
                          MakePointerChecker<ContentCatalogue>())
            .AddAttribute("Requests",
                          "The UEs' per-slot requests (popularity law).",
                          StringValue("ns3::sagin::ContentRequestProcess"),
                          MakePointerAccessor(&CachingSlotController::m_requests),
                          MakePointerChecker<ContentRequestProcess>())
            .AddAttribute("Optimiser",
                          "The per-slot decision: a CachingOptimiser (fireworks, exhaustive, "
                          "LRU/LFU).",
                          PointerValue(),
                          MakePointerAccessor(&CachingSlotController::m_optimiser),
                          MakePointerChecker<CachingOptimiser>())
            .AddAttribute("PacketDelivery",
                          "Packet level: a CachingPacketDelivery that gives the rates and "
                          "carries each slot's contents as TCP transfers; null (default): "
                          "flow level, D = min(s_f, R dt).",
                          PointerValue(),
                          MakePointerAccessor(&CachingSlotController::m_delivery),
                          MakePointerChecker<CachingPacketDelivery>())
            .AddAttribute("LossModel",
                          "UAV-UE propagation loss (study C: UavAirToGroundPropagationLossModel, "
                          "beta0 / d^2 with random blockage).",
                          StringValue("ns3::sagin::UavAirToGroundPropagationLossModel"),
                          MakePointerAccessor(&CachingSlotController::m_loss),
                          MakePointerChecker<PropagationLossModel>())
            .AddAttribute("Bandwidth",
                          "B: bandwidth of each UAV (Hz; study C: 10 MHz, swept 1-20 MHz).",
                          DoubleValue(10e6),
                          MakeDoubleAccessor(&CachingSlotController::m_bandwidth),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("TxPower",
                          "P: transmit power of each UAV (dBm; study C: 1 W = 30 dBm).",
                          DoubleValue(30.0),
                          MakeDoubleAccessor(&CachingSlotController::m_txPowerDbm),
                          MakeDoubleChecker<double>())
            .AddAttribute("NoisePower",
                          "sigma^2: noise power at a UE over the UAV's band (dBm; study C: "
                          "-110 dBm).",
                          DoubleValue(-110.0),
                          MakeDoubleAccessor(&CachingSlotController::m_noisePowerDbm),
                          MakeDoubleChecker<double>())
            .AddAttribute("MaxSlots",
                          "Slots to run after Start() (count; 0: until Stop() or the end of "
                          "the simulation).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&CachingSlotController::m_maxSlots),
                          MakeUintegerChecker<uint32_t>())
            .AddTraceSource("SlotCompleted",
                            "A slot was decided and accounted: its CachingSlotRecord.",
                            MakeTraceSourceAccessor(&CachingSlotController::m_slotCompleted),
                            "ns3::sagin::CachingSlotController::SlotCompletedTracedCallback");
    return tid;
}

CachingSlotController::CachingSlotController()
    : m_queues(CreateObject<CachingVirtualQueues>()),
      m_bandwidth(10e6),
      m_txPowerDbm(30.0),
      m_noisePowerDbm(-110.0),
      m_maxSlots(0),
      m_slot(0),
      m_slotsSinceStart(0)
{
    NS_LOG_FUNCTION(this);
}

CachingSlotController::~CachingSlotController()
{
    NS_LOG_FUNCTION(this);
}

void
CachingSlotController::DoDispose()
{
    NS_LOG_FUNCTION(this);
    Simulator::Cancel(m_event);
    m_parameters = nullptr;
    m_catalogue = nullptr;
    m_requests = nullptr;
    m_optimiser = nullptr;
    m_delivery = nullptr;
    m_packetSlot = DecidedSlot();
    m_loss = nullptr;
    m_queues = nullptr;
    m_uavs.clear();
    m_ues.clear();
    Object::DoDispose();
}

Ptr<MobilityModel>
CachingSlotController::MobilityOf(Ptr<Node> node, const char* what)
{
    Ptr<MobilityModel> mobility = node->GetObject<MobilityModel>();
    if (!mobility)
    {
        throw std::invalid_argument(std::string("CachingSlotController::SetNodes: ") + what +
                                    " node " + std::to_string(node->GetId()) +
                                    " has no MobilityModel; install one before SetNodes "
                                    "(UavMobilityHelper for UAVs, a position for UEs)");
    }
    return mobility;
}

void
CachingSlotController::SetNodes(NodeContainer uavs, NodeContainer ues)
{
    NS_LOG_FUNCTION(this << uavs.GetN() << ues.GetN());
    if (uavs.GetN() == 0)
    {
        throw std::invalid_argument(
            "CachingSlotController::SetNodes: zero UAVs; study C needs J >= 1 caching UAVs");
    }
    if (ues.GetN() == 0)
    {
        throw std::invalid_argument(
            "CachingSlotController::SetNodes: zero UEs; give at least one UE");
    }
    m_uavs.clear();
    m_ues.clear();
    for (uint32_t j = 0; j < uavs.GetN(); ++j)
    {
        m_uavs.push_back(MobilityOf(uavs.Get(j), "UAV"));
    }
    for (uint32_t i = 0; i < ues.GetN(); ++i)
    {
        m_ues.push_back(MobilityOf(ues.Get(i), "UE"));
    }
    m_cache.clear();
    m_fullNode.assign(m_uavs.size(), 0);
    m_queues->Reset(m_uavs.size());
    m_slot = 0;
}

void
CachingSlotController::Start()
{
    NS_LOG_FUNCTION(this);
    if (m_uavs.empty())
    {
        throw std::logic_error("CachingSlotController::Start: call SetNodes first");
    }
    m_slotsSinceStart = 0;
    Simulator::Cancel(m_event);
    m_event = Simulator::ScheduleNow(&CachingSlotController::SlotEvent, this);
}

void
CachingSlotController::Stop()
{
    NS_LOG_FUNCTION(this);
    Simulator::Cancel(m_event);
}

void
CachingSlotController::SlotEvent()
{
    if (m_delivery)
    {
        // The accounting is scheduled before the next slot, so it runs first at that time.
        m_packetSlot = Decide();
        Simulator::Schedule(m_parameters->GetSlotDuration(),
                            &CachingSlotController::FinishPacketSlot,
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
                                      &CachingSlotController::SlotEvent,
                                      this);
    }
}

double
CachingSlotController::RateFromRxPower(double rxPowerDbm) const
{
    // Study C's rate, R = B log2(1 + P h / sigma^2): P h is the received power.
    const double snr = std::pow(10.0, (rxPowerDbm - m_noisePowerDbm) / 10.0);
    return m_bandwidth * std::log2(1.0 + snr) / BITS_PER_MBIT;
}

std::vector<double>
CachingSlotController::ComputeUavRates() const
{
    const std::size_t numUes = m_ues.size();
    const std::size_t numUavs = m_uavs.size();
    std::vector<double> rates(numUes * numUavs);
    for (std::size_t i = 0; i < numUes; ++i)
    {
        for (std::size_t j = 0; j < numUavs; ++j)
        {
            rates[i * numUavs + j] =
                RateFromRxPower(m_loss->CalcRxPower(m_txPowerDbm, m_uavs[j], m_ues[i]));
        }
    }
    return rates;
}

CachingSlotRecord
CachingSlotController::RunSlot()
{
    NS_LOG_FUNCTION(this << m_slot);
    DecidedSlot slot = Decide();
    return Complete(slot, slot.flow);
}

void
CachingSlotController::FinishPacketSlot()
{
    NS_LOG_FUNCTION(this << m_slot);
    const CachingSlotDeliveries deliveries = m_delivery->EndSlot();
    CachingSlotRecord& record = m_packetSlot.record;
    record.packetLevel = true;
    for (double d : deliveries.backhaulReceived)
    {
        record.backhaulReceived += d;
    }
    record.placementsFetched = deliveries.placementsFetched;
    record.chainRestored = deliveries.chainRestored;
    const CachingSlotOutcome outcome =
        m_packetSlot.problem->EvaluateDelivered(m_packetSlot.solution, deliveries.ueReceived);
    record.transactions = m_delivery->RecordDeliveries(record.slot,
                                                       m_packetSlot.problem->GetInput(),
                                                       record.accessPoint,
                                                       outcome.ueDelivered);
    Complete(m_packetSlot, outcome);
    m_packetSlot = DecidedSlot();
}

CachingSlotController::DecidedSlot
CachingSlotController::Decide()
{
    if (m_uavs.empty())
    {
        throw std::logic_error("CachingSlotController: call SetNodes first");
    }
    if (!m_optimiser)
    {
        throw std::invalid_argument("CachingSlotController: no Optimiser; set the attribute "
                                    "to a CachingOptimiser (e.g. FireworksCachingOptimiser)");
    }
    const uint32_t numUes = m_ues.size();
    const uint32_t numUavs = m_uavs.size();
    const uint32_t numContents = m_catalogue->GetNumContents();
    if (m_cache.size() != std::size_t(numUavs) * numContents)
    {
        m_cache.assign(std::size_t(numUavs) * numContents, 0); // UAVs start empty
    }

    // Decide: requests, rates from the positions now, the optimiser's answer.
    DecidedSlot slot;
    CachingSlotRecord& record = slot.record;
    record.slot = m_slot;
    record.timeSeconds = Simulator::Now().GetSeconds();
    const std::vector<uint32_t> requests = m_requests->DrawRequests(numUes, numContents);
    record.uavRates = m_delivery ? m_delivery->GetUavRates() : ComputeUavRates();
    CachingSlotInput input =
        m_parameters->MakeInput(m_catalogue, requests, record.uavRates, m_cache, m_queues);
    if (m_delivery)
    {
        input.satelliteRates = m_delivery->GetSatelliteRates(); // R^S from the link model
        if (m_delivery->HasBlockchain())
        {
            std::tie(input.fullNodeSize, input.lightNodeSize) = m_delivery->GetChainSizes();
        }
    }
    record.fullNodeSize = input.fullNodeSize;
    record.lightNodeSize = input.lightNodeSize;
    input.uavDistances.resize(std::size_t(numUes) * numUavs);
    for (uint32_t i = 0; i < numUes; ++i)
    {
        for (uint32_t j = 0; j < numUavs; ++j)
        {
            input.uavDistances[i * numUavs + j] = m_ues[i]->GetDistanceFrom(m_uavs[j]);
        }
    }
    slot.problem = std::make_unique<CachingSlotProblem>(std::move(input));
    const CachingSlotProblem& problem = *slot.problem;
    slot.solution = m_optimiser->Solve(problem);
    const CachingSolution& solution = slot.solution;

    // Apply: caches n(t) by eq. (2), roles c(t).
    m_cache = problem.GetCacheAfter(solution);
    m_fullNode = solution.fullNode;
    record.accessPoint = problem.GetAccessPoints(solution);
    std::vector<std::pair<uint32_t, uint32_t>> placements;
    for (uint32_t j = 0; j < numUavs; ++j)
    {
        record.fullNodes += m_fullNode[j];
        for (uint32_t f = 0; f < numContents; ++f)
        {
            if (solution.placement[j * numContents + f])
            {
                ++record.placements;
                record.placedData += m_catalogue->GetSize(f);
                placements.emplace_back(j, f);
            }
        }
    }
    for (uint8_t ap : record.accessPoint)
    {
        record.uesOnSatellite += (ap == problem.GetSatelliteIndex()) ? 1 : 0;
    }
    record.objective = problem.Objective(solution);
    slot.flow = problem.Evaluate(solution);
    const CachingSlotOutcome& flow = slot.flow;
    record.flowSatelliteDelivered = flow.satelliteDelivered;
    record.ueFlowDelivered = flow.ueDelivered;
    for (uint32_t i = 0; i < numUes; ++i)
    {
        record.ueRequested.push_back(problem.GetRequestedSize(i));
    }
    for (double d : flow.uavDelivered)
    {
        record.flowUavDelivered += d;
    }
    if (m_delivery)
    {
        m_delivery->BeginSlot(record.accessPoint,
                              requests,
                              problem.GetInput().contentSizes,
                              placements,
                              solution.fullNode);
    }
    return slot;
}

CachingSlotRecord
CachingSlotController::Complete(DecidedSlot& slot, const CachingSlotOutcome& outcome)
{
    // Account: queues (eq. 10, 11), revenue (eq. 14).
    CachingSlotRecord& record = slot.record;
    for (std::size_t j = 0; j < outcome.uavArrivals.size(); ++j)
    {
        record.uavArrivals += outcome.uavArrivals[j];
        record.uavDelivered += outcome.uavDelivered[j];
    }
    record.ueDelivered = outcome.ueDelivered;
    record.satelliteArrival = outcome.satelliteArrival;
    record.satelliteDelivered = outcome.satelliteDelivered;
    record.contentRevenue = outcome.contentRevenue;
    record.blockchainRevenue = outcome.blockchainRevenue;
    record.revenue = outcome.contentRevenue + outcome.blockchainRevenue;
    m_queues->Update(outcome);
    record.meanUavQueue = m_queues->GetMeanUavQueue();
    record.satelliteQueue = m_queues->GetSatelliteQueue();
    NS_LOG_INFO("slot " << m_slot << ": revenue " << record.revenue << ", U " << record.objective
                        << ", mean Q_j " << record.meanUavQueue << ", Q^S " << record.satelliteQueue
                        << ", " << record.uesOnSatellite << " UEs on the satellite, "
                        << record.fullNodes << " full nodes");
    ++m_slot;
    m_slotCompleted(record);
    return record;
}

const std::vector<uint8_t>&
CachingSlotController::GetCache() const
{
    return m_cache;
}

const std::vector<uint8_t>&
CachingSlotController::GetFullNodes() const
{
    return m_fullNode;
}

Ptr<CachingVirtualQueues>
CachingSlotController::GetQueues() const
{
    return m_queues;
}

uint32_t
CachingSlotController::GetSlotsRun() const
{
    return m_slot;
}

int64_t
CachingSlotController::AssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    int64_t used = 0;
    used += m_catalogue->AssignStreams(stream + used);
    used += m_requests->AssignStreams(stream + used);
    used += m_loss->AssignStreams(stream + used);
    if (m_optimiser)
    {
        used += m_optimiser->AssignStreams(stream + used);
    }
    return used;
}

} // namespace sagin
} // namespace ns3
