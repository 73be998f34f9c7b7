// SPDX-License-Identifier: GPL-2.0-only

#include "spectrum-lease-market.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginSpectrumLeaseMarket");
NS_OBJECT_ENSURE_REGISTERED(SpectrumLeaseMarket);

TypeId
SpectrumLeaseMarket::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::SpectrumLeaseMarket")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddConstructor<SpectrumLeaseMarket>()
            .AddAttribute("RevenueCoefficient",
                          "kappa of the budget b = kappa log2(1 + SINR) (price units per "
                          "bit/s/Hz); study B: 1.",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&SpectrumLeaseMarket::m_revenueCoefficient),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("Channels",
                          "Idle OFDMA channels the satellite leases in each cell; study B "
                          "gives none [recon].",
                          UintegerValue(4),
                          MakeUintegerAccessor(&SpectrumLeaseMarket::m_channels),
                          MakeUintegerChecker<uint32_t>(1, 4096))
            .AddAttribute("UsersPerChannel",
                          "Users sharing one channel by TDMA [recon].",
                          UintegerValue(4),
                          MakeUintegerAccessor(&SpectrumLeaseMarket::m_usersPerChannel),
                          MakeUintegerChecker<uint32_t>(1, 4096))
            .AddAttribute("ChannelBandwidth",
                          "Bandwidth of one channel (Hz) [recon].",
                          DoubleValue(1e6),
                          MakeDoubleAccessor(&SpectrumLeaseMarket::m_bandwidth),
                          MakeDoubleChecker<double>(1.0))
            .AddAttribute("NoiseDensity",
                          "Noise power spectral density N0 (dBm/Hz); study B: -114 dBm/MHz.",
                          DoubleValue(-174.0),
                          MakeDoubleAccessor(&SpectrumLeaseMarket::m_noiseDensityDbmHz),
                          MakeDoubleChecker<double>(-300.0, 0.0))
            .AddAttribute("ActivityFactor",
                          "a of eq. 4: the share of its TDMA slot an interferer is on the air "
                          "(service type) [recon].",
                          DoubleValue(0.5),
                          MakeDoubleAccessor(&SpectrumLeaseMarket::m_activityFactor),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("PolarisationIsolation",
                          "epsilon of eq. 4 as a loss on every interferer between cells (dB; 0: "
                          "same polarisation everywhere) [recon].",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&SpectrumLeaseMarket::m_polarisationIsolationDb),
                          MakeDoubleChecker<double>(0.0, 100.0))
            .AddAttribute("LeaseDuration",
                          "Rounds a lease runs; the price is paid every round of it [recon].",
                          UintegerValue(1),
                          MakeUintegerAccessor(&SpectrumLeaseMarket::m_leaseDuration),
                          MakeUintegerChecker<uint32_t>(1, 1000000))
            .AddAttribute("OverstayRounds",
                          "Rounds an OVERSTAYS_LEASE user transmits after its lease [recon].",
                          UintegerValue(1),
                          MakeUintegerAccessor(&SpectrumLeaseMarket::m_overstayRounds),
                          MakeUintegerChecker<uint32_t>(1, 1000000))
            .AddAttribute("MaliciousPowerFactor",
                          "Transmit power of an OVER_POWER user over the power-control level "
                          "(linear ratio) [recon].",
                          DoubleValue(2.0),
                          MakeDoubleAccessor(&SpectrumLeaseMarket::m_maliciousPowerFactor),
                          MakeDoubleChecker<double>(1.0))
            .AddAttribute("DetectionMargin",
                          "How far above the power-control level an estimated transmit power "
                          "must be before the satellite flags the user (dB) [recon].",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&SpectrumLeaseMarket::m_detectionMarginDb),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("InterferenceFilter",
                          "Weight a of the newest measurement in the users' interference "
                          "estimate, I <- (1 - a) I + a I_measured (a layer-3 filter as in 3GPP "
                          "TS 38.331: a = 1 / 2^(k / 4), k = 4 gives 0.5; 1: last round only) "
                          "[recon].",
                          DoubleValue(0.5),
                          MakeDoubleAccessor(&SpectrumLeaseMarket::m_interferenceFilter),
                          MakeDoubleChecker<double>(1e-6, 1.0))
            .AddAttribute("ReputationCoefficient",
                          "rho of eqs. 21-22 (reputation per user) [recon].",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&SpectrumLeaseMarket::m_reputationCoefficient),
                          MakeDoubleChecker<double>(0.0));
    return tid;
}

SpectrumLeaseMarket::SpectrumLeaseMarket()
    : m_revenueCoefficient(1.0),
      m_channels(4),
      m_usersPerChannel(4),
      m_bandwidth(1e6),
      m_noiseDensityDbmHz(-174.0),
      m_activityFactor(0.5),
      m_polarisationIsolationDb(0.0),
      m_leaseDuration(1),
      m_overstayRounds(1),
      m_maliciousPowerFactor(2.0),
      m_detectionMarginDb(1.0),
      m_reputationCoefficient(1.0),
      m_interferenceFilter(0.5)
{
}

void
SpectrumLeaseMarket::SetUsers(uint32_t cells, const std::vector<LeaseUser>& users)
{
    NS_LOG_FUNCTION(this << cells << users.size());
    if (cells == 0)
    {
        throw std::invalid_argument("SpectrumLeaseMarket: a satellite needs at least one cell");
    }
    for (uint32_t i = 0; i < users.size(); ++i)
    {
        if (users[i].cell >= cells)
        {
            throw std::invalid_argument("SpectrumLeaseMarket: user " + std::to_string(i) +
                                        " is in cell " + std::to_string(users[i].cell) +
                                        ", the satellite has " + std::to_string(cells));
        }
        if (!(users[i].powerW > 0) || !std::isfinite(users[i].powerW))
        {
            throw std::invalid_argument("SpectrumLeaseMarket: user " + std::to_string(i) +
                                        " needs a positive, finite transmit power (W), not " +
                                        std::to_string(users[i].powerW));
        }
    }
    m_cells = cells;
    m_users = users;
    for (auto& u : m_users)
    {
        u.leasing = false;
        u.roundsLeft = 0;
        u.overstayLeft = 0;
        u.measuredSinr = 0;
    }
    m_cellInterferenceW.assign(cells, 0.0);
    m_measured = false;
}

const std::vector<LeaseUser>&
SpectrumLeaseMarket::GetUsers() const
{
    return m_users;
}

void
SpectrumLeaseMarket::CheckUser(uint32_t user) const
{
    if (user >= m_users.size())
    {
        throw std::invalid_argument("SpectrumLeaseMarket: user " + std::to_string(user) +
                                    " does not exist (the market has " +
                                    std::to_string(m_users.size()) + " users)");
    }
}

void
SpectrumLeaseMarket::SetBehaviour(uint32_t user, LeaseBehaviour behaviour)
{
    CheckUser(user);
    m_users[user].behaviour = behaviour;
}

void
SpectrumLeaseMarket::SetCell(uint32_t user, uint32_t cell)
{
    CheckUser(user);
    if (cell >= m_cells)
    {
        throw std::invalid_argument("SpectrumLeaseMarket: cell " + std::to_string(cell) +
                                    " for user " + std::to_string(user) + ", the satellite has " +
                                    std::to_string(m_cells));
    }
    m_users[user].cell = cell;
}

double
SpectrumLeaseMarket::GetBudget(double sinr) const
{
    return m_revenueCoefficient * std::log2(1.0 + std::max(0.0, sinr));
}

double
SpectrumLeaseMarket::GetNoisePowerW() const
{
    return std::pow(10.0, (m_noiseDensityDbmHz - 30.0) / 10.0) * m_bandwidth;
}

double
SpectrumLeaseMarket::GetTransmitPowerW(uint32_t user, double powerLevelW) const
{
    CheckUser(user);
    return m_users[user].behaviour == LeaseBehaviour::OVER_POWER
               ? m_maliciousPowerFactor * powerLevelW
               : m_users[user].powerW;
}

uint32_t
SpectrumLeaseMarket::LeastLoaded(const std::vector<uint32_t>& load, uint32_t except) const
{
    uint32_t best = m_channels;
    for (uint32_t c = 0; c < m_channels; ++c)
    {
        if (c != except && load[c] < m_usersPerChannel &&
            (best == m_channels || load[c] < load[best]))
        {
            best = c;
        }
    }
    return best;
}

LeaseRoundOutcome
SpectrumLeaseMarket::RunRound(double price, double powerLevelW, const LeaseLinkGains& gains)
{
    NS_LOG_FUNCTION(this << price << powerLevelW);
    if (!(price >= 0) || !std::isfinite(price))
    {
        throw std::invalid_argument("SpectrumLeaseMarket: the price must be non-negative and "
                                    "finite, not " +
                                    std::to_string(price));
    }
    if (!(powerLevelW > 0) || !std::isfinite(powerLevelW))
    {
        throw std::invalid_argument("SpectrumLeaseMarket: the power-control level must be "
                                    "positive (W), not " +
                                    std::to_string(powerLevelW));
    }
    if (gains.signal.size() != m_users.size() || gains.through.size() != m_users.size())
    {
        throw std::invalid_argument("SpectrumLeaseMarket: gains for " +
                                    std::to_string(gains.signal.size()) +
                                    " users, the market has " + std::to_string(m_users.size()));
    }
    for (const auto& row : gains.through)
    {
        if (row.size() != m_cells)
        {
            throw std::invalid_argument("SpectrumLeaseMarket: gains through " +
                                        std::to_string(row.size()) + " cells, the market has " +
                                        std::to_string(m_cells));
        }
    }
    const double noise = GetNoisePowerW();
    LeaseRoundOutcome out;

    // 1. Leases age; a user out of view (no signal) loses its lease and cannot transmit.
    std::vector<std::vector<uint32_t>> load(m_cells, std::vector<uint32_t>(m_channels, 0));
    for (uint32_t i = 0; i < m_users.size(); ++i)
    {
        LeaseUser& u = m_users[i];
        if (u.overstayLeft > 0)
        {
            --u.overstayLeft;
        }
        if (!(gains.signal[i] > 0))
        {
            u.leasing = false;
            u.overstayLeft = 0;
            continue;
        }
        if (u.leasing && u.roundsLeft == 0)
        {
            u.leasing = false;
            if (u.behaviour == LeaseBehaviour::OVERSTAYS_LEASE)
            {
                u.overstayLeft = m_overstayRounds;
            }
        }
        if (u.leasing)
        {
            ++load[u.cell][u.channel];
        }
    }

    // 2. Users without a lease decide on their measured SINR; highest budget first.
    std::vector<std::pair<double, uint32_t>> willing;
    double budgetSum = 0;
    uint32_t deciding = 0;
    for (uint32_t i = 0; i < m_users.size(); ++i)
    {
        LeaseUser& u = m_users[i];
        if (u.leasing || u.overstayLeft > 0 || !(gains.signal[i] > 0))
        {
            continue; // holds a lease, still on the air without one, or out of view
        }
        u.measuredSinr = u.powerW * gains.signal[i] / (m_cellInterferenceW[u.cell] + noise);
        const double budget = GetBudget(u.measuredSinr);
        budgetSum += budget;
        ++deciding;
        if (price > budget)
        {
            ++out.refusedPrice;
        }
        else if (u.powerW > powerLevelW)
        {
            ++out.refusedPower;
        }
        else
        {
            willing.emplace_back(budget, i);
        }
    }
    out.meanBudget = deciding > 0 ? budgetSum / deciding : 0.0;
    std::stable_sort(willing.begin(), willing.end(), [](const auto& a, const auto& b) {
        return a.first > b.first;
    });
    for (const auto& [budget, i] : willing)
    {
        LeaseUser& u = m_users[i];
        const uint32_t c = LeastLoaded(load[u.cell], m_channels);
        if (c == m_channels)
        {
            ++out.refusedCapacity;
            continue;
        }
        u.leasing = true;
        u.channel = c;
        u.leasePrice = price;
        u.roundsLeft = m_leaseDuration;
        ++load[u.cell][c];
        ++out.newLeases;
    }

    // 3. Who is on the air, where, at what power.
    struct OnAir
    {
        uint32_t user;
        uint32_t channel;
        double powerW;
    };

    std::vector<OnAir> onAir;
    std::vector<uint32_t> channelsOf(m_users.size(), 0);
    for (uint32_t i = 0; i < m_users.size(); ++i)
    {
        LeaseUser& u = m_users[i];
        if (!u.leasing && u.overstayLeft == 0)
        {
            continue;
        }
        const double power = GetTransmitPowerW(i, powerLevelW);
        onAir.push_back({i, u.channel, power});
        ++channelsOf[i];
        if (u.leasing && u.behaviour == LeaseBehaviour::EXTRA_CHANNEL)
        {
            const uint32_t extra = LeastLoaded(load[u.cell], u.channel);
            if (extra != m_channels)
            {
                ++load[u.cell][extra];
                onAir.push_back({i, extra, power});
                ++channelsOf[i];
            }
        }
        if (!u.leasing)
        {
            ++load[u.cell][u.channel]; // an overstaying user takes a slot it no longer has
        }
        if (u.leasing)
        {
            out.revenue += u.leasePrice;
            ++out.leasing;
            --u.roundsLeft;
        }
    }

    // Interference per cell and channel (eq. 4), each interferer at its TDMA share.
    const double isolation = std::pow(10.0, -m_polarisationIsolationDb / 10.0);
    std::vector<std::vector<double>> interference(m_cells, std::vector<double>(m_channels, 0.0));
    for (const auto& t : onAir)
    {
        const uint32_t from = m_users[t.user].cell;
        const double share = m_activityFactor / load[from][t.channel];
        for (uint32_t k = 0; k < m_cells; ++k)
        {
            if (k != from)
            {
                interference[k][t.channel] +=
                    share * isolation * t.powerW * gains.through[t.user][k];
            }
        }
    }
    for (uint32_t k = 0; k < m_cells; ++k)
    {
        const double measured =
            std::accumulate(interference[k].begin(), interference[k].end(), 0.0) / m_channels;
        // The first measurement seeds the estimate (TS 38.331 5.5.3.2: F_1 = M_1).
        m_cellInterferenceW[k] =
            m_measured ? m_cellInterferenceW[k] +
                             m_interferenceFilter * (measured - m_cellInterferenceW[k])
                       : measured;
    }
    m_measured = true;

    // SINR and rate of each transmission (eq. 5); what the satellite observes (eqs. 21-22).
    const double flagAbove = powerLevelW * std::pow(10.0, m_detectionMarginDb / 10.0);
    double interferenceSum = 0;
    std::vector<bool> flagged(m_users.size(), false);
    for (const auto& t : onAir)
    {
        LeaseUser& u = m_users[t.user];
        const double i = interference[u.cell][t.channel];
        const double received = t.powerW * gains.signal[t.user];
        u.measuredSinr = received / (i + noise);
        if (u.leasing && t.channel == u.channel)
        {
            interferenceSum += i;
            out.throughputBps +=
                m_bandwidth * std::log2(1.0 + u.measuredSinr) / load[u.cell][t.channel];
        }
        const bool overPower = received / gains.signal[t.user] > flagAbove;
        const bool extra = channelsOf[t.user] > 1;
        const bool overstay = !u.leasing;
        if ((overPower || extra || overstay) && !flagged[t.user])
        {
            flagged[t.user] = true;
            out.detected.push_back(t.user);
            out.overPower += overPower ? 1 : 0;
            out.extraChannel += extra ? 1 : 0;
            out.overstay += overstay ? 1 : 0;
        }
    }
    out.malicious = static_cast<uint32_t>(out.detected.size());
    uint32_t transmitting = 0;
    for (uint32_t n : channelsOf)
    {
        transmitting += n > 0 ? 1 : 0;
    }
    out.normal = transmitting - out.malicious;
    out.meanInterferenceW = out.leasing > 0 ? interferenceSum / out.leasing : 0.0;
    out.reputationDelta = out.malicious == 0 ? m_reputationCoefficient * out.normal
                                             : -m_reputationCoefficient * out.malicious;
    NS_LOG_DEBUG("price " << price << " level " << powerLevelW << " W: " << out.leasing
                          << " leasing, revenue " << out.revenue << ", " << out.malicious
                          << " malicious, reputation " << out.reputationDelta);
    return out;
}

} // namespace sagin
} // namespace ns3
