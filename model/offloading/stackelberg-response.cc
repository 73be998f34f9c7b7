// SPDX-License-Identifier: GPL-2.0-only

#include "stackelberg-response.h"

#include "ns3/physical-constants.h"

#include <algorithm>
#include <boost/math/tools/minima.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace ns3
{
namespace sagin
{

FollowerResponse::FollowerResponse(const OffloadingSlotProblem& problem,
                                   uint32_t follower,
                                   const std::vector<FollowerDecision>& decisions)
    : m_problem(problem),
      m_follower(follower),
      m_decisions(decisions),
      m_othersBlockBytes(0.0),
      m_othersSlowest(std::numeric_limits<double>::infinity()),
      m_bestChannel(0),
      m_bestLeo(0),
      m_bestOffloadMbit(-1.0)
{
    const OffloadingConstants& k = problem.GetConstants();
    if (follower >= k.GetFollowers() || decisions.size() != k.GetFollowers())
    {
        throw std::invalid_argument("study A best response: follower " + std::to_string(follower) +
                                    " with " + std::to_string(decisions.size()) +
                                    " decisions for " + std::to_string(k.GetFollowers()) +
                                    " followers");
    }
    const FollowerState& state = problem.GetFollowers()[follower];
    m_queue = state.queueMbit;
    m_available = state.queueMbit + state.arrivalMbit;
    m_mbitPerGHz = HZ_PER_GHZ / BITS_PER_MBIT * k.slotSeconds / state.cyclesPerBit;
    for (uint32_t j = 0; j < decisions.size(); ++j)
    {
        if (j != follower)
        {
            m_othersBlockBytes += decisions[j].blockBytes / decisions.size();
            m_othersSlowest = std::min(m_othersSlowest, decisions[j].frequencyGHz);
        }
    }
    for (uint32_t r = 0; r < k.channels; ++r)
    {
        for (uint32_t o = 0; o < k.leos; ++o)
        {
            const double mbit =
                std::min(problem.OffloadRate(follower, r, o, decisions) * k.slotSeconds,
                         m_available);
            if (mbit > m_bestOffloadMbit)
            {
                m_bestOffloadMbit = mbit;
                m_bestChannel = r;
                m_bestLeo = o;
            }
        }
    }
}

double
FollowerResponse::Value(double price,
                        double processedMbit,
                        double frequencyGHz,
                        double blockBytes) const
{
    const OffloadingConstants& k = m_problem.GetConstants();
    const double meanBlock = m_othersBlockBytes + blockBytes / k.GetFollowers();
    const double overhead =
        m_problem.ModelProcessingSeconds() + m_problem.ModelUploadSeconds() +
        m_problem.BlockSeconds(meanBlock, std::min(frequencyGHz, m_othersSlowest));
    return m_queue * processedMbit + k.v * (processedMbit - overhead - price * frequencyGHz);
}

double
FollowerResponse::BestFrequency(double price, bool offload) const
{
    const OffloadingConstants& k = m_problem.GetConstants();
    const double block = k.minBlockBytes;
    const double meanBlock = m_othersBlockBytes + block / k.GetFollowers();
    // -V a / f is the verification term while f is the slowest verifier (s GHz).
    const double a = k.verificationCyclesPerBit * meanBlock * BITS_PER_BYTE / HZ_PER_GHZ;
    std::vector<double> candidates{k.minFrequencyGHz, k.maxFrequencyGHz, m_othersSlowest};
    // Stationary points of V a / f^2 = V lambda - slope, slope the gain per GHz of D.
    std::vector<double> slopes{0.0};
    if (!offload)
    {
        candidates.push_back(m_available / m_mbitPerGHz);
        slopes.push_back((m_queue + k.v) * m_mbitPerGHz);
    }
    for (double slope : slopes)
    {
        const double denominator = k.v * price - slope;
        if (denominator > 0.0 && k.v * a > 0.0)
        {
            candidates.push_back(std::sqrt(k.v * a / denominator));
        }
    }
    for (double& f : candidates)
    {
        f = std::clamp(f, k.minFrequencyGHz, k.maxFrequencyGHz);
    }
    std::sort(candidates.begin(), candidates.end());
    double best = k.minFrequencyGHz;
    double bestValue = -std::numeric_limits<double>::infinity();
    for (double f : candidates)
    {
        const double processed =
            offload ? m_bestOffloadMbit : std::min(f * m_mbitPerGHz, m_available);
        const double value = Value(price, processed, f, block);
        if (value > bestValue)
        {
            bestValue = value;
            best = f;
        }
    }
    return best;
}

FollowerDecision
FollowerResponse::Respond(double price) const
{
    const OffloadingConstants& k = m_problem.GetConstants();
    FollowerDecision local;
    local.offload = false;
    local.frequencyGHz = BestFrequency(price, false);
    local.blockBytes = k.minBlockBytes;
    local.channel = m_decisions[m_follower].channel; // unused while local
    local.leo = m_decisions[m_follower].leo;
    FollowerDecision offload = local;
    offload.offload = true;
    offload.frequencyGHz = BestFrequency(price, true);
    offload.channel = m_bestChannel;
    offload.leo = m_bestLeo;
    const double localValue = Value(price,
                                    std::min(local.frequencyGHz * m_mbitPerGHz, m_available),
                                    local.frequencyGHz,
                                    local.blockBytes);
    const double offloadValue =
        Value(price, m_bestOffloadMbit, offload.frequencyGHz, offload.blockBytes);
    return offloadValue > localValue ? offload : local;
}

double
FollowerResponse::Objective(double price, const FollowerDecision& decision) const
{
    const OffloadingConstants& k = m_problem.GetConstants();
    const double processed =
        decision.offload
            ? std::min(
                  m_problem.OffloadRate(m_follower, decision.channel, decision.leo, m_decisions) *
                      k.slotSeconds,
                  m_available)
            : std::min(decision.frequencyGHz * m_mbitPerGHz, m_available);
    return Value(price, processed, decision.frequencyGHz, decision.blockBytes);
}

double
LeaderBestPrice(const OffloadingConstants& k, const FollowerResponse& response, uint32_t gridPoints)
{
    if (gridPoints < 2)
    {
        throw std::invalid_argument("study A leader: the price grid needs at least 2 points, got " +
                                    std::to_string(gridPoints));
    }
    const auto profit = [&](double price) {
        return (price - k.energyCost) * response.Respond(price).frequencyGHz;
    };
    const double step = k.maxPrice / (gridPoints - 1);
    double bestPrice = 0.0;
    double bestProfit = -std::numeric_limits<double>::infinity();
    const auto consider = [&](double price, double value) {
        if (value > bestProfit)
        {
            bestProfit = value;
            bestPrice = price;
            return true;
        }
        return false;
    };
    uint32_t bestPoint = 0;
    bool previousOffload = false;
    for (uint32_t p = 0; p < gridPoints; ++p)
    {
        const double price = p * step;
        const FollowerDecision answer = response.Respond(price);
        if (consider(price, (price - k.energyCost) * answer.frequencyGHz))
        {
            bestPoint = p;
        }
        // Where the follower switches between local and offloading its f jumps, and the
        // profit's supremum can sit just before the switch: bisect for it.
        if (p > 0 && answer.offload != previousOffload)
        {
            double low = price - step; // same choice as before the switch
            double high = price;
            for (int i = 0; i < 60 && high - low > 1e-12 * k.maxPrice; ++i)
            {
                const double middle = (low + high) / 2.0;
                (response.Respond(middle).offload == previousOffload ? low : high) = middle;
            }
            consider(low, profit(low));
            consider(high, profit(high));
        }
        previousOffload = answer.offload;
    }
    // Between switches the profit is smooth: refine the best grid point by Brent's method.
    const double low = bestPoint == 0 ? 0.0 : (bestPoint - 1) * step;
    const double high = std::min(k.maxPrice, (bestPoint + 1) * step);
    const auto refined =
        boost::math::tools::brent_find_minima([&](double lambda) { return -profit(lambda); },
                                              low,
                                              high,
                                              std::numeric_limits<double>::digits / 2);
    consider(refined.first, profit(refined.first));
    return bestPrice;
}

} // namespace sagin
} // namespace ns3
