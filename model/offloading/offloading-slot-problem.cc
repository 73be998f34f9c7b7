// SPDX-License-Identifier: GPL-2.0-only

#include "offloading-slot-problem.h"

#include "ns3/physical-constants.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>

namespace ns3
{
namespace sagin
{

namespace
{

/**
 * Throw std::invalid_argument unless low <= value <= high (and finite).
 * \param name the constant, for the message
 * \param value its value
 * \param low smallest valid value
 * \param high largest valid value
 */
void
RequireRange(const char* name, double value, double low, double high)
{
    if (!std::isfinite(value) || value < low || value > high)
    {
        std::ostringstream message;
        message << "study A constant " << name << " = " << value << " is outside [" << low << ", "
                << high << "]";
        throw std::invalid_argument(message.str());
    }
}

/**
 * Throw std::invalid_argument unless value > 0 (and finite).
 * \param name the constant, for the message
 * \param value its value
 */
void
RequirePositive(const char* name, double value)
{
    if (!std::isfinite(value) || value <= 0.0)
    {
        std::ostringstream message;
        message << "study A constant " << name << " = " << value << " must be > 0";
        throw std::invalid_argument(message.str());
    }
}

/**
 * \param follower i
 * \param devicesPerCell M
 * \param field what is wrong
 * \return "follower i (MBS n, device m): field"
 */
std::string
FollowerError(uint32_t follower, uint32_t devicesPerCell, const std::string& field)
{
    std::ostringstream message;
    message << "follower " << follower << " (MBS " << follower / devicesPerCell << ", device "
            << follower % devicesPerCell << "): " << field;
    return message.str();
}

} // namespace

uint32_t
OffloadingConstants::GetFollowers() const
{
    return cells * devicesPerCell;
}

void
OffloadingConstants::Validate() const
{
    if (cells == 0 || devicesPerCell == 0 || leos == 0 || channels == 0)
    {
        throw std::invalid_argument(
            "study A needs at least one MBS (N), one device per MBS (M), one LEO (O) and one "
            "channel (R); got N = " +
            std::to_string(cells) + ", M = " + std::to_string(devicesPerCell) +
            ", O = " + std::to_string(leos) + ", R = " + std::to_string(channels));
    }
    RequirePositive("T (slot length, s)", slotSeconds);
    RequirePositive("B (channel bandwidth, Hz)", bandwidthHz);
    RequirePositive("P (transmit power, W)", txPowerW);
    RequirePositive("sigma^2 (noise power, W)", noiseW);
    RequirePositive("f_min (GHz)", minFrequencyGHz);
    RequireRange("f_max (GHz)", maxFrequencyGHz, minFrequencyGHz, 1e6);
    RequirePositive("S_min (bytes)", minBlockBytes);
    RequireRange("S_max (bytes)", maxBlockBytes, minBlockBytes, 1e12);
    RequirePositive("f_MBS (GHz)", mbsFrequencyGHz);
    RequirePositive("r_up (bit/s)", uplinkBitsPerSecond);
    RequirePositive("r_down (bit/s)", downlinkBitsPerSecond);
    if (!(modelTransmissionFactor > 0.0 && modelTransmissionFactor <= 1.0))
    {
        std::ostringstream message;
        message << "study A constant delta (model transmission factor) = "
                << modelTransmissionFactor << " is outside (0, 1]";
        throw std::invalid_argument(message.str());
    }
    RequireRange("|W| (model size, bit)", modelBits, 0.0, 1e15);
    RequireRange("kappa_1 (model cycles per bit)", modelCyclesPerBit, 0.0, 1e9);
    RequireRange("kappa_3 (verification cycles per bit)", verificationCyclesPerBit, 0.0, 1e9);
    RequireRange("V", v, 0.0, 1e12);
    RequireRange("c (energy cost per GHz)", energyCost, 0.0, 1e12);
    RequirePositive("maximum price (per GHz)", maxPrice);
    if (uint64_t(cells) * devicesPerCell > 100000)
    {
        throw std::invalid_argument(
            "study A needs N M <= 100,000 followers; got N = " + std::to_string(cells) +
            " x M = " + std::to_string(devicesPerCell));
    }
}

bool
FollowerDecision::operator==(const FollowerDecision& other) const
{
    return offload == other.offload && frequencyGHz == other.frequencyGHz &&
           channel == other.channel && leo == other.leo && blockBytes == other.blockBytes;
}

OffloadingSlotProblem::OffloadingSlotProblem(const OffloadingConstants& constants,
                                             std::vector<FollowerState> followers)
    : m_constants(constants),
      m_followers(std::move(followers))
{
    m_constants.Validate();
    const uint32_t count = m_constants.GetFollowers();
    if (m_followers.size() != count)
    {
        throw std::invalid_argument("study A slot: " + std::to_string(m_followers.size()) +
                                    " follower states for N M = " + std::to_string(count) +
                                    " followers");
    }
    for (uint32_t i = 0; i < count; ++i)
    {
        const FollowerState& state = m_followers[i];
        const auto bad = [&](const std::string& field) {
            throw std::invalid_argument(FollowerError(i, m_constants.devicesPerCell, field));
        };
        if (!std::isfinite(state.queueMbit) || state.queueMbit < 0.0)
        {
            bad("queue Q = " + std::to_string(state.queueMbit) + " Mbit must be finite and >= 0");
        }
        if (!std::isfinite(state.arrivalMbit) || state.arrivalMbit < 0.0)
        {
            bad("arrival A = " + std::to_string(state.arrivalMbit) +
                " Mbit must be finite and >= 0");
        }
        if (!std::isfinite(state.cyclesPerBit) || state.cyclesPerBit <= 0.0)
        {
            bad("w = " + std::to_string(state.cyclesPerBit) + " cycles/bit must be > 0");
        }
        if (state.gain.size() != m_constants.leos)
        {
            bad(std::to_string(state.gain.size()) +
                " gains for O = " + std::to_string(m_constants.leos) + " LEOs");
        }
        for (double g : state.gain)
        {
            if (!std::isfinite(g) || g < 0.0)
            {
                bad("a channel gain is " + std::to_string(g) + "; gains must be finite and >= 0");
            }
        }
    }
}

const OffloadingConstants&
OffloadingSlotProblem::GetConstants() const
{
    return m_constants;
}

const std::vector<FollowerState>&
OffloadingSlotProblem::GetFollowers() const
{
    return m_followers;
}

void
OffloadingSlotProblem::Check(const std::vector<double>& prices,
                             const std::vector<FollowerDecision>& decisions) const
{
    const uint32_t count = m_constants.GetFollowers();
    if (prices.size() != count || decisions.size() != count)
    {
        throw std::invalid_argument("study A slot: " + std::to_string(prices.size()) +
                                    " prices and " + std::to_string(decisions.size()) +
                                    " decisions for " + std::to_string(count) + " followers");
    }
    const OffloadingConstants& k = m_constants;
    for (uint32_t i = 0; i < count; ++i)
    {
        const FollowerDecision& d = decisions[i];
        // The stream is built only for a refusal: this check runs on every slot's decision.
        const auto refuse = [&](const auto&... parts) {
            std::ostringstream field;
            (field << ... << parts);
            throw std::invalid_argument(FollowerError(i, k.devicesPerCell, field.str()));
        };
        if (!std::isfinite(prices[i]) || prices[i] < 0.0 || prices[i] > k.maxPrice)
        {
            refuse("price lambda = ", prices[i], " is outside [0, ", k.maxPrice, "]");
        }
        if (!std::isfinite(d.frequencyGHz) || d.frequencyGHz < k.minFrequencyGHz ||
            d.frequencyGHz > k.maxFrequencyGHz)
        {
            refuse("CPU frequency f = ",
                   d.frequencyGHz,
                   " GHz is outside [",
                   k.minFrequencyGHz,
                   ", ",
                   k.maxFrequencyGHz,
                   "]");
        }
        if (d.channel >= k.channels)
        {
            refuse("channel ",
                   d.channel,
                   " is out of range: R = ",
                   k.channels,
                   " channels are numbered 0..",
                   k.channels - 1);
        }
        if (d.leo >= k.leos)
        {
            refuse("LEO ",
                   d.leo,
                   " is out of range: O = ",
                   k.leos,
                   " LEOs are numbered 0..",
                   k.leos - 1);
        }
        if (!std::isfinite(d.blockBytes) || d.blockBytes < k.minBlockBytes ||
            d.blockBytes > k.maxBlockBytes)
        {
            refuse("block size S_B = ",
                   d.blockBytes,
                   " bytes is outside [",
                   k.minBlockBytes,
                   ", ",
                   k.maxBlockBytes,
                   "]");
        }
    }
}

OffloadingSlotProblem::LinkShare
OffloadingSlotProblem::Share(uint32_t follower,
                             uint32_t channel,
                             uint32_t leo,
                             const std::vector<FollowerDecision>& decisions) const
{
    // The devices of one MBS offloading on this channel to one LEO take turns: on average one
    // of them is on the air, so each such group contributes the mean of its members' powers at
    // the wanted LEO. The follower's own group shares rather than interferes.
    const uint32_t m = m_constants.devicesPerCell;
    const uint32_t leos = m_constants.leos;
    std::vector<double> power(m_constants.cells * leos, 0.0);
    std::vector<uint32_t> members(m_constants.cells * leos, 0);
    for (uint32_t d = 0; d < decisions.size(); ++d)
    {
        if (d != follower && decisions[d].offload && decisions[d].channel == channel)
        {
            const uint32_t group = d / m * leos + decisions[d].leo;
            power[group] += m_constants.txPowerW * m_followers[d].gain[leo];
            ++members[group];
        }
    }
    const uint32_t own = follower / m * leos + leo;
    LinkShare share;
    share.sharing = 1 + members[own];
    for (uint32_t group = 0; group < power.size(); ++group)
    {
        if (group != own && members[group] > 0)
        {
            share.interferenceW += power[group] / members[group];
        }
    }
    return share;
}

double
OffloadingSlotProblem::RateOf(uint32_t follower, uint32_t leo, const LinkShare& share) const
{
    const double sinr = m_constants.txPowerW * m_followers[follower].gain[leo] /
                        (m_constants.noiseW + share.interferenceW);
    return m_constants.bandwidthHz / share.sharing * std::log2(1.0 + sinr) / BITS_PER_MBIT;
}

double
OffloadingSlotProblem::Interference(uint32_t follower,
                                    uint32_t channel,
                                    uint32_t leo,
                                    const std::vector<FollowerDecision>& decisions) const
{
    return Share(follower, channel, leo, decisions).interferenceW;
}

double
OffloadingSlotProblem::OffloadRate(uint32_t follower,
                                   uint32_t channel,
                                   uint32_t leo,
                                   const std::vector<FollowerDecision>& decisions) const
{
    return RateOf(follower, leo, Share(follower, channel, leo, decisions));
}

double
OffloadingSlotProblem::LocalMbit(uint32_t follower, double frequencyGHz) const
{
    const FollowerState& state = m_followers[follower];
    const double capacity =
        frequencyGHz * HZ_PER_GHZ * m_constants.slotSeconds / state.cyclesPerBit / BITS_PER_MBIT;
    return std::min(capacity, state.queueMbit + state.arrivalMbit);
}

double
OffloadingSlotProblem::ModelProcessingSeconds() const
{
    return m_constants.modelCyclesPerBit * m_constants.modelBits /
           (m_constants.mbsFrequencyGHz * HZ_PER_GHZ);
}

double
OffloadingSlotProblem::ModelUploadSeconds() const
{
    return m_constants.modelTransmissionFactor * std::log2(m_constants.cells) *
           m_constants.modelBits / m_constants.uplinkBitsPerSecond;
}

double
OffloadingSlotProblem::BlockSeconds(double blockBytes, double slowestFrequencyGHz) const
{
    const double bits = blockBytes * BITS_PER_BYTE;
    return m_constants.modelTransmissionFactor * std::log2(m_constants.GetFollowers()) * bits /
               m_constants.downlinkBitsPerSecond +
           m_constants.verificationCyclesPerBit * bits / (slowestFrequencyGHz * HZ_PER_GHZ);
}

double
OffloadingSlotProblem::ProposedBlockBytes(const std::vector<FollowerDecision>& decisions)
{
    double bytes = 0.0;
    for (const FollowerDecision& d : decisions)
    {
        bytes += d.blockBytes / decisions.size();
    }
    return bytes;
}

OffloadingSlotOutcome
OffloadingSlotProblem::Evaluate(const std::vector<double>& prices,
                                const std::vector<FollowerDecision>& decisions) const
{
    Check(prices, decisions);
    return Account(prices, decisions, nullptr, nullptr);
}

OffloadingSlotOutcome
OffloadingSlotProblem::EvaluateMeasured(const std::vector<double>& prices,
                                        const std::vector<FollowerDecision>& decisions,
                                        const std::vector<double>& offloadedMbit,
                                        const MeasuredPrivacyOverhead* privacy) const
{
    Check(prices, decisions);
    if (offloadedMbit.size() != decisions.size())
    {
        throw std::invalid_argument("study A slot: " + std::to_string(offloadedMbit.size()) +
                                    " offloaded amounts for " + std::to_string(decisions.size()) +
                                    " followers");
    }
    for (uint32_t i = 0; i < offloadedMbit.size(); ++i)
    {
        if (!std::isfinite(offloadedMbit[i]) || offloadedMbit[i] < 0.0)
        {
            throw std::invalid_argument(
                FollowerError(i,
                              m_constants.devicesPerCell,
                              "measured D2 = " + std::to_string(offloadedMbit[i]) +
                                  " Mbit must be finite and >= 0"));
        }
    }
    if (privacy)
    {
        for (double term : {privacy->modelProcessingSeconds,
                            privacy->modelUploadSeconds,
                            privacy->blockSeconds,
                            privacy->blockBytes})
        {
            if (!std::isfinite(term) || term < 0.0)
            {
                throw std::invalid_argument("study A slot: a measured privacy term (C1, C2, C3 "
                                            "or the block size) is " +
                                            std::to_string(term) + "; it must be finite and >= 0");
            }
        }
    }
    return Account(prices, decisions, &offloadedMbit, privacy);
}

OffloadingSlotOutcome
OffloadingSlotProblem::Account(const std::vector<double>& prices,
                               const std::vector<FollowerDecision>& decisions,
                               const std::vector<double>* offloadedMbit,
                               const MeasuredPrivacyOverhead* privacy) const
{
    const OffloadingConstants& k = m_constants;
    OffloadingSlotOutcome outcome;
    outcome.followers.resize(decisions.size());

    double slowest = k.maxFrequencyGHz;
    for (const FollowerDecision& d : decisions)
    {
        slowest = std::min(slowest, d.frequencyGHz);
    }
    outcome.blockBytes = ProposedBlockBytes(decisions);
    if (privacy)
    {
        outcome.blockBytes = privacy->blockBytes;
        outcome.modelProcessingSeconds = privacy->modelProcessingSeconds;
        outcome.modelUploadSeconds = privacy->modelUploadSeconds;
        outcome.blockSeconds = privacy->blockSeconds;
    }
    else
    {
        outcome.modelProcessingSeconds = ModelProcessingSeconds();
        outcome.modelUploadSeconds = ModelUploadSeconds();
        outcome.blockSeconds = BlockSeconds(outcome.blockBytes, slowest);
    }
    outcome.privacyOverheadSeconds =
        outcome.modelProcessingSeconds + outcome.modelUploadSeconds + outcome.blockSeconds;

    for (uint32_t i = 0; i < decisions.size(); ++i)
    {
        const FollowerDecision& d = decisions[i];
        const FollowerState& state = m_followers[i];
        const double available = state.queueMbit + state.arrivalMbit;
        FollowerOutcome& o = outcome.followers[i];
        o.localMbit = LocalMbit(i, d.frequencyGHz);
        if (d.offload)
        {
            const LinkShare share = Share(i, d.channel, d.leo, decisions);
            o.interferenceW = share.interferenceW;
            o.rateMbps = RateOf(i, d.leo, share);
            o.offloadedMbit =
                std::min(offloadedMbit ? (*offloadedMbit)[i] : o.rateMbps * k.slotSeconds,
                         available);
        }
        o.processedMbit = d.offload ? o.offloadedMbit : o.localMbit;
        o.payment = prices[i] * d.frequencyGHz;
        o.penalty = o.processedMbit - outcome.privacyOverheadSeconds - o.payment;
        o.objective = state.queueMbit * o.processedMbit + k.v * o.penalty;
        outcome.leaderProfit += (prices[i] - k.energyCost) * d.frequencyGHz;
        outcome.reward += o.objective;
        outcome.processedMbit += o.processedMbit;
    }
    return outcome;
}

} // namespace sagin
} // namespace ns3
