// SPDX-License-Identifier: GPL-2.0-only

#include "spectrum-pricing-server.h"

#include "leased-iot-uplink.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/earth-fixed-cell-grid.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/multi-beam-satellite-propagation-loss-model.h"
#include "ns3/node.h"
#include "ns3/ns3-release-compat.h"
#include "ns3/pointer.h"
#include "ns3/policy.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginSpectrumPricingServer");
NS_OBJECT_ENSURE_REGISTERED(SpectrumPricingServer);

TypeId
SpectrumPricingServer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::SpectrumPricingServer")
            .SetParent<Application>()
            .SetGroupName("Sagin")
            .AddConstructor<SpectrumPricingServer>()
            .AddAttribute("LossModel",
                          "The satellite's multi-beam link model, with the CellGrid its beams "
                          "are steered onto (users' cells index it).",
                          PointerValue(),
                          MakePointerAccessor(&SpectrumPricingServer::m_lossModel),
                          MakePointerChecker<MultiBeamSatellitePropagationLossModel>())
            .AddAttribute("Market",
                          "The idle-spectrum market (channels, budgets, detection).",
                          PointerValue(),
                          MakePointerAccessor(&SpectrumPricingServer::m_market),
                          MakePointerChecker<SpectrumLeaseMarket>())
            .AddAttribute("Policy",
                          "The pricing agent: observation of 4 values, one discrete head of 3 "
                          "choices (lower, keep, raise the price level); a DdqnPolicy in study "
                          "B.",
                          PointerValue(),
                          MakePointerAccessor(&SpectrumPricingServer::m_policy),
                          MakePointerChecker<Policy>())
            .AddAttribute("Uplink",
                          "The users' uplink as packets over the GSL (LeasedIotUplink), or "
                          "null: flow level only (the market's Shannon rates).",
                          PointerValue(),
                          MakePointerAccessor(&SpectrumPricingServer::m_uplink),
                          MakePointerChecker<LeasedIotUplink>())
            .AddAttribute("Pricing",
                          "Learned: the Policy steps the price; AverageBudget: the price is the "
                          "users' mean budget (the source's baseline).",
                          EnumValue(SpectrumPricingServer::LEARNED),
                          MakeEnumAccessorFor<SpectrumPricingServer::Pricing>(
                              &SpectrumPricingServer::m_pricing),
                          MakeEnumChecker(SpectrumPricingServer::LEARNED,
                                          "Learned",
                                          SpectrumPricingServer::AVERAGE_BUDGET,
                                          "AverageBudget"))
            .AddAttribute("LocalRoundInterval",
                          "Time between local rounds (one iteration of the source's figures); "
                          "600 rounds of 100 ms fit in one pass over a region [recon].",
                          TimeValue(MilliSeconds(100)),
                          MakeTimeAccessor(&SpectrumPricingServer::m_interval),
                          MakeTimeChecker(NanoSeconds(1)))
            .AddAttribute("PriceLevels",
                          "Number of price levels, evenly spaced from MinPrice to MaxPrice "
                          "[recon].",
                          UintegerValue(40),
                          MakeUintegerAccessor(&SpectrumPricingServer::m_priceLevels),
                          MakeUintegerChecker<uint32_t>(1, 1000000))
            .AddAttribute("MinPrice",
                          "Lowest price per lease and round (eq. 7a; price units, > 0 so that "
                          "no lease is free) [recon].",
                          DoubleValue(0.25),
                          MakeDoubleAccessor(&SpectrumPricingServer::m_minPrice),
                          MakeDoubleChecker<double>(1e-12))
            .AddAttribute("MaxPrice",
                          "Highest price per lease and round (eq. 7a; price units): ten bits/s/Hz "
                          "of budget at kappa = 1 [recon].",
                          DoubleValue(10.0),
                          MakeDoubleAccessor(&SpectrumPricingServer::m_maxPrice),
                          MakeDoubleChecker<double>(1e-12))
            .AddAttribute("InitialPriceLevel",
                          "Price level (index from 0, below PriceLevels) before the first "
                          "decision.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&SpectrumPricingServer::m_initialPriceLevel),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("PowerControlLevel",
                          "The satellite's uplink power-control level (W): users needing more "
                          "do not lease; users above it are malicious; study B gives none, 150 mW "
                          "lets about three users in four of a 10-200 mW population lease "
                          "[recon].",
                          DoubleValue(0.15),
                          MakeDoubleAccessor(&SpectrumPricingServer::m_powerLevel),
                          MakeDoubleChecker<double>(1e-12))
            .AddAttribute("MinPower",
                          "P_min of eq. 7d (W); study B: 10 mW.",
                          DoubleValue(0.01),
                          MakeDoubleAccessor(&SpectrumPricingServer::m_minPower),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("MaxPower",
                          "P_max of eq. 7d (W); study B: 200 mW.",
                          DoubleValue(0.2),
                          MakeDoubleAccessor(&SpectrumPricingServer::m_maxPower),
                          MakeDoubleChecker<double>(1e-12))
            .AddAttribute("MinElevation",
                          "Lowest elevation at which a user is served (degrees) [recon].",
                          DoubleValue(10.0),
                          MakeDoubleAccessor(&SpectrumPricingServer::m_minElevation),
                          MakeDoubleChecker<double>(-90.0, 90.0))
            .AddTraceSource("LocalRound",
                            "A local round: price, revenue, utility, leases, detections.",
                            MakeTraceSourceAccessor(&SpectrumPricingServer::m_roundTrace),
                            "ns3::sagin::SpectrumPricingServer::RoundTracedCallback");
    return tid;
}

SpectrumPricingServer::SpectrumPricingServer()
    : m_pricing(LEARNED),
      m_interval(MilliSeconds(100)),
      m_priceLevels(40),
      m_minPrice(0.25),
      m_maxPrice(10.0),
      m_initialPriceLevel(0),
      m_powerLevel(0.15),
      m_minPower(0.01),
      m_maxPower(0.2),
      m_minElevation(10.0)
{
}

SpectrumPricingServer::~SpectrumPricingServer() = default;

void
SpectrumPricingServer::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_event.Cancel();
    m_lossModel = nullptr;
    m_market = nullptr;
    m_policy = nullptr;
    m_uplink = nullptr;
    m_userMobility.clear();
    Application::DoDispose();
}

void
SpectrumPricingServer::SetUsers(const std::vector<Ptr<MobilityModel>>& mobility,
                                const std::vector<LeaseUser>& users)
{
    if (mobility.size() != users.size())
    {
        throw std::invalid_argument("SpectrumPricingServer: " + std::to_string(mobility.size()) +
                                    " mobility models for " + std::to_string(users.size()) +
                                    " users");
    }
    if (!m_lossModel || !m_lossModel->GetCellGrid() || !m_market)
    {
        throw std::invalid_argument("SpectrumPricingServer: set LossModel (with a CellGrid) "
                                    "and Market before the users");
    }
    m_market->SetUsers(m_lossModel->GetCellGrid()->GetN(), users);
    m_userMobility = mobility;
}

void
SpectrumPricingServer::AddBlockReward(double reward)
{
    NS_LOG_FUNCTION(this << reward);
    m_pendingBlockReward += reward;
}

SpectrumPricingServer::ReputationTally
SpectrumPricingServer::TakeReputationTally()
{
    const ReputationTally tally = m_tally;
    m_tally = ReputationTally();
    return tally;
}

std::vector<SpectrumPricingServer::LeaseRecord>
SpectrumPricingServer::TakeLeaseRecords()
{
    std::vector<LeaseRecord> records;
    for (const auto& [user, record] : m_leases)
    {
        records.push_back(record);
    }
    m_leases.clear();
    return records;
}

Ptr<SpectrumLeaseMarket>
SpectrumPricingServer::GetMarket() const
{
    return m_market;
}

Ptr<Policy>
SpectrumPricingServer::GetPolicy() const
{
    return m_policy;
}

uint32_t
SpectrumPricingServer::GetPriceLevel() const
{
    return m_level;
}

void
SpectrumPricingServer::CheckConfiguration() const
{
    const std::string who =
        "SpectrumPricingServer on node " + (GetNode() ? std::to_string(GetNode()->GetId()) : "?");
    if (!m_lossModel || !m_lossModel->GetCellGrid())
    {
        throw std::invalid_argument(who + ": LossModel must be a "
                                          "MultiBeamSatellitePropagationLossModel with a CellGrid");
    }
    if (!m_market || m_userMobility.empty())
    {
        throw std::invalid_argument(who + ": no users (SetUsers)");
    }
    if (m_pricing == LEARNED && !m_policy)
    {
        throw std::invalid_argument(who + ": Pricing=Learned needs a Policy");
    }
    if (m_minPower > m_maxPower)
    {
        throw std::invalid_argument(who + ": MinPower " + std::to_string(m_minPower) +
                                    " W is above MaxPower " + std::to_string(m_maxPower) + " W");
    }
    if (m_powerLevel < m_minPower || m_powerLevel > m_maxPower)
    {
        throw std::invalid_argument(who + ": PowerControlLevel " + std::to_string(m_powerLevel) +
                                    " W is outside [MinPower, MaxPower] = [" +
                                    std::to_string(m_minPower) + ", " + std::to_string(m_maxPower) +
                                    "] W");
    }
    if (m_priceLevels > 1 && !(m_minPrice < m_maxPrice))
    {
        throw std::invalid_argument(who + ": MinPrice " + std::to_string(m_minPrice) +
                                    " is not below MaxPrice " + std::to_string(m_maxPrice));
    }
    if (m_initialPriceLevel >= m_priceLevels)
    {
        throw std::invalid_argument(who + ": InitialPriceLevel " +
                                    std::to_string(m_initialPriceLevel) + " is past the " +
                                    std::to_string(m_priceLevels) + " PriceLevels");
    }
    if (m_market->GetUsers().size() != m_userMobility.size())
    {
        throw std::invalid_argument(
            who + ": the Market holds " + std::to_string(m_market->GetUsers().size()) +
            " users, SetUsers gave " + std::to_string(m_userMobility.size()) +
            " (set Market before SetUsers)");
    }
    if (m_policy && m_policy->GetObservationSize() != 0 &&
        (m_policy->GetObservationSize() != 4 ||
         m_policy->GetActionSpace().ToString() != ActionSpace::Discrete(3).ToString()))
    {
        throw std::invalid_argument(who + ": the Policy's spaces are " +
                                    std::to_string(m_policy->GetObservationSize()) +
                                    " observations and " + m_policy->GetActionSpace().ToString() +
                                    "; pricing needs 4 and one discrete head of 3");
    }
    if (m_uplink && m_uplink->GetN() != m_userMobility.size())
    {
        throw std::invalid_argument(who + ": the Uplink carries " +
                                    std::to_string(m_uplink->GetN()) + " users, the market has " +
                                    std::to_string(m_userMobility.size()));
    }
    if (!GetNode() || !GetNode()->GetObject<MobilityModel>())
    {
        throw std::invalid_argument(who + ": the satellite's node has no mobility model");
    }
}

void
SpectrumPricingServer::StartApplication()
{
    NS_LOG_FUNCTION(this);
    CheckConfiguration();
    if (m_policy && m_policy->GetObservationSize() == 0)
    {
        m_policy->SetSpaces(4, ActionSpace::Discrete(3));
    }
    m_level = m_initialPriceLevel;
    m_round = 0;
    m_event = Simulator::ScheduleNow(&SpectrumPricingServer::RunRound, this);
}

void
SpectrumPricingServer::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_event.Cancel();
}

double
SpectrumPricingServer::Price() const
{
    return PriceOf(m_level);
}

double
SpectrumPricingServer::PriceOf(uint32_t level) const
{
    return m_priceLevels > 1 ? m_minPrice + (m_maxPrice - m_minPrice) * level / (m_priceLevels - 1)
                             : m_minPrice;
}

LeaseLinkGains
SpectrumPricingServer::ComputeGains(SpectrumRoundRecord* record)
{
    Ptr<MobilityModel> satellite = GetNode()->GetObject<MobilityModel>();
    const uint32_t cells = m_lossModel->GetCellGrid()->GetN();
    LeaseLinkGains gains;
    gains.signal.assign(m_userMobility.size(), 0.0);
    gains.through.assign(m_userMobility.size(), std::vector<double>(cells, 0.0));
    double speeds = 0;
    for (uint32_t i = 0; i < m_userMobility.size(); ++i)
    {
        // One geometry per user and round: its cell (users may move), elevation and speed.
        MultiBeamSatellitePropagationLossModel::LinkGeometry geometry;
        const std::vector<double> dbm =
            m_lossModel->CalcRxPowerThroughCells(0.0, satellite, m_userMobility[i], &geometry);
        const uint32_t cell = geometry.servingBeam;
        if (cell != m_market->GetUsers()[i].cell)
        {
            m_market->SetCell(i, cell);
        }
        if (geometry.elevation < m_minElevation)
        {
            continue; // below the horizon mask: not served, interferes with no one
        }
        ++record->usersInView;
        speeds += geometry.relativeSpeed;
        // The Doppler loss factor is in the serving beam's gain only (eq. 5).
        for (uint32_t k = 0; k < cells; ++k)
        {
            gains.through[i][k] = std::pow(10.0, dbm[k] / 10.0);
        }
        gains.signal[i] = gains.through[i][cell];
    }
    record->meanRelativeSpeedMps = record->usersInView > 0 ? speeds / record->usersInView : 0.0;
    return gains;
}

std::vector<double>
SpectrumPricingServer::Observe(double utility, double interferenceW) const
{
    const double scale = m_userMobility.size() * m_maxPrice;
    return {m_priceLevels > 1 ? static_cast<double>(m_level) / (m_priceLevels - 1) : 0.0,
            utility / scale,
            std::log10(1.0 + interferenceW / m_market->GetNoisePowerW()),
            m_powerLevel / m_maxPower};
}

void
SpectrumPricingServer::RunRound()
{
    NS_LOG_FUNCTION(this);
    SpectrumRoundRecord record;
    record.node = GetNode()->GetId();
    record.round = m_round;
    record.time = Simulator::Now();
    const LeaseLinkGains gains = ComputeGains(&record);

    const std::vector<double> state = Observe(m_lastUtility, m_lastInterference);
    Action action;
    if (m_pricing == LEARNED)
    {
        action = m_policy->Decide(state);
        const int step = static_cast<int>(action.discrete.at(0)) - 1;
        m_level = static_cast<uint32_t>(
            std::clamp<int>(static_cast<int>(m_level) + step, 0, m_priceLevels - 1));
    }
    else if (m_round > 0)
    {
        const double level = m_priceLevels > 1
                                 ? std::round((m_lastMeanBudget - m_minPrice) /
                                              (m_maxPrice - m_minPrice) * (m_priceLevels - 1))
                                 : 0.0;
        m_level = static_cast<uint32_t>(std::clamp<double>(level, 0, m_priceLevels - 1));
    }

    record.priceLevel = m_level;
    record.price = Price();
    record.powerLevelW = m_powerLevel;
    record.outcome = m_market->RunRound(record.price, m_powerLevel, gains);
    record.revenue = record.outcome.revenue;
    record.blockReward = m_pendingBlockReward;
    m_pendingBlockReward = 0;
    record.utility = record.revenue + record.blockReward;
    record.reward = record.utility / (m_userMobility.size() * m_maxPrice);
    record.interferenceW = record.outcome.meanInterferenceW;
    record.meanBudget = record.outcome.meanBudget;
    record.throughputBps = record.outcome.throughputBps;
    if (m_uplink)
    {
        // What the previous round's transmissions delivered, then this round's on the air.
        for (uint64_t bits : m_uplink->TakeDeliveredBits())
        {
            record.deliveredBits += bits;
        }
        m_uplink->Apply(*m_market, m_powerLevel);
    }
    const auto& users = m_market->GetUsers();
    for (uint32_t i = 0; i < users.size(); ++i)
    {
        if (users[i].leasing)
        {
            LeaseRecord& lease = m_leases[i];
            if (lease.rounds == 0)
            {
                lease = {i, users[i].cell, users[i].channel, record.time, 0, 0.0, m_powerLevel};
            }
            ++lease.rounds;
            lease.paid += users[i].leasePrice;
        }
    }
    m_tally.delta += record.outcome.reputationDelta;
    m_tally.normal += record.outcome.normal;
    m_tally.malicious += record.outcome.malicious;
    m_lastUtility = record.utility;
    m_lastInterference = record.interferenceW;
    m_lastMeanBudget = record.meanBudget;

    if (m_pricing == LEARNED)
    {
        Transition t;
        t.observation = state;
        t.action = action;
        t.reward = record.reward;
        t.nextObservation = Observe(m_lastUtility, m_lastInterference);
        m_policy->RecordTransition(t);
        m_policy->Update();
    }
    m_roundTrace(record);
    ++m_round;
    m_event = Simulator::Schedule(m_interval, &SpectrumPricingServer::RunRound, this);
}

} // namespace sagin
} // namespace ns3
