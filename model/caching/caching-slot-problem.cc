// SPDX-License-Identifier: GPL-2.0-only

#include "caching-slot-problem.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

namespace
{
/**
 * \param what the field
 * \param value its value
 * \param rule what it should be
 */
[[noreturn]] void
Refuse(const std::string& what, double value, const std::string& rule)
{
    std::ostringstream msg;
    msg << "CachingSlotProblem: " << what << " = " << value << "; " << rule;
    throw std::invalid_argument(msg.str());
}

/**
 * \param what the field
 * \param size its number of entries
 * \param expected the number it should have
 * \param meaning how that number is made
 */
void
CheckSize(const std::string& what, size_t size, size_t expected, const std::string& meaning)
{
    if (size != expected)
    {
        std::ostringstream msg;
        msg << "CachingSlotProblem: " << what << " has " << size << " entries, expected "
            << expected << " (" << meaning << ")";
        throw std::invalid_argument(msg.str());
    }
}

/**
 * \param what the field
 * \param values its values, each must be finite and >= 0
 */
void
CheckNonNegative(const std::string& what, const std::vector<double>& values)
{
    for (size_t k = 0; k < values.size(); ++k)
    {
        if (!std::isfinite(values[k]) || values[k] < 0.0)
        {
            Refuse(what + "[" + std::to_string(k) + "]", values[k], "give a finite value >= 0");
        }
    }
}

/**
 * \param what the field
 * \param value must be finite and >= 0
 */
void
CheckNonNegative(const std::string& what, double value)
{
    CheckNonNegative(what, std::vector<double>{value});
}
} // namespace

std::string
ToString(CachingConstraint constraint)
{
    switch (constraint)
    {
    case CachingConstraint::NONE:
        return "none";
    case CachingConstraint::C1:
        return "C1";
    case CachingConstraint::C2:
        return "C2";
    case CachingConstraint::C3:
        return "C3";
    case CachingConstraint::C4:
        return "C4";
    case CachingConstraint::C5:
        return "C5";
    case CachingConstraint::C6:
        return "C6";
    case CachingConstraint::C7:
        return "C7";
    case CachingConstraint::C8:
        return "C8";
    case CachingConstraint::C9:
        return "C9";
    case CachingConstraint::C10:
        return "C10";
    }
    return "unknown";
}

CachingSlotProblem::CachingSlotProblem(CachingSlotInput input)
    : m_in(std::move(input)),
      m_ues(m_in.requests.size()),
      m_uavs(m_in.storage.size()),
      m_contents(m_in.contentSizes.size())
{
    Validate();
    m_requestedSize.resize(m_ues);
    m_satelliteTerm.resize(m_ues);
    for (uint32_t i = 0; i < m_ues; ++i)
    {
        const double s = m_in.contentSizes[m_in.requests[i]];
        m_requestedSize[i] = s;
        // Eq. (9): D^S = r alpha^S R^S dt, at most s_f; eq. (22): Q^S (s_f - D^S) - V eta^S D^S.
        const double d = std::min(s, m_in.satelliteRates[i] * m_in.slotDuration);
        m_satelliteTerm[i] = m_in.satelliteQueue * (s - d) - m_in.v * m_in.satellitePrice * d;
    }
    m_load.resize(m_uavs);
    m_inverseLoad.resize(m_uavs);
    m_rateDt.resize(m_in.uavRates.size());
    for (size_t k = 0; k < m_rateDt.size(); ++k)
    {
        m_rateDt[k] = m_in.uavRates[k] * m_in.slotDuration;
    }
    m_uavWeight.resize(m_uavs);
    for (uint32_t j = 0; j < m_uavs; ++j)
    {
        m_uavWeight[j] = m_in.uavQueues[j] + m_in.v * m_in.uavPrices[j];
    }
}

void
CachingSlotProblem::Validate() const
{
    if (m_uavs == 0)
    {
        throw std::invalid_argument(
            "CachingSlotProblem: zero UAVs (storage has no entries); study C needs J >= 1 "
            "caching UAVs, at least one able to be a blockchain full node (C9)");
    }
    if (m_uavs > MAX_UAVS)
    {
        Refuse("J", m_uavs, "at most " + std::to_string(MAX_UAVS) + " UAVs per problem");
    }
    if (m_contents == 0)
    {
        throw std::invalid_argument(
            "CachingSlotProblem: no contents (contentSizes is empty); give F >= 1 sizes");
    }
    if (!std::isfinite(m_in.maxContentSize) || m_in.maxContentSize <= 0.0)
    {
        Refuse("maxContentSize", m_in.maxContentSize, "s_max is a positive number of Mbit");
    }
    for (uint32_t f = 0; f < m_contents; ++f)
    {
        const double s = m_in.contentSizes[f];
        if (!std::isfinite(s) || s <= 0.0)
        {
            Refuse("contentSizes[" + std::to_string(f) + "]", s, "a size is > 0 Mbit");
        }
        if (s > m_in.maxContentSize)
        {
            std::ostringstream msg;
            msg << "larger than s_max = " << m_in.maxContentSize
                << " Mbit; raise maxContentSize or shrink the content";
            Refuse("contentSizes[" + std::to_string(f) + "]", s, msg.str());
        }
    }
    const std::string iByJ = std::to_string(m_ues) + " UEs x " + std::to_string(m_uavs) + " UAVs";
    CheckSize("uavRates", m_in.uavRates.size(), size_t(m_ues) * m_uavs, iByJ);
    CheckSize("satelliteRates", m_in.satelliteRates.size(), m_ues, "one per UE");
    if (!m_in.uavDistances.empty())
    {
        CheckSize("uavDistances", m_in.uavDistances.size(), size_t(m_ues) * m_uavs, iByJ);
    }
    CheckSize("previousCache",
              m_in.previousCache.size(),
              size_t(m_uavs) * m_contents,
              std::to_string(m_uavs) + " UAVs x " + std::to_string(m_contents) + " contents");
    CheckSize("uavQueues", m_in.uavQueues.size(), m_uavs, "one per UAV");
    CheckSize("uavPrices", m_in.uavPrices.size(), m_uavs, "one per UAV");
    for (uint32_t i = 0; i < m_ues; ++i)
    {
        if (m_in.requests[i] >= m_contents)
        {
            Refuse("requests[" + std::to_string(i) + "]",
                   m_in.requests[i],
                   "a request names a content in [0, F = " + std::to_string(m_contents) + ")");
        }
    }
    CheckNonNegative("uavRates", m_in.uavRates);
    CheckNonNegative("satelliteRates", m_in.satelliteRates);
    CheckNonNegative("uavDistances", m_in.uavDistances);
    CheckNonNegative("storage", m_in.storage);
    CheckNonNegative("uavQueues", m_in.uavQueues);
    CheckNonNegative("uavPrices", m_in.uavPrices);
    CheckNonNegative("satelliteQueue", m_in.satelliteQueue);
    CheckNonNegative("satellitePrice", m_in.satellitePrice);
    CheckNonNegative("fullNodeReward", m_in.fullNodeReward);
    CheckNonNegative("lightNodeReward", m_in.lightNodeReward);
    CheckNonNegative("lightNodeSize", m_in.lightNodeSize);
    CheckNonNegative("v", m_in.v);
    if (!std::isfinite(m_in.fullNodeSize) || m_in.fullNodeSize < m_in.lightNodeSize)
    {
        Refuse("fullNodeSize",
               m_in.fullNodeSize,
               "the whole chain s^fu is at least its headers s^li (study C: s^fu ~ 1000 s^li)");
    }
    if (!std::isfinite(m_in.slotDuration) || m_in.slotDuration <= 0.0)
    {
        Refuse("slotDuration", m_in.slotDuration, "a slot lasts > 0 s");
    }
    if (!(m_in.placementBudget >= 0.0)) // NaN too
    {
        Refuse("placementBudget",
               m_in.placementBudget,
               "give the Mbit a UAV may newly cache per slot, >= 0 (+inf: no limit)");
    }
    const double smallest = *std::min_element(m_in.contentSizes.begin(), m_in.contentSizes.end());
    bool anyFull = false;
    for (uint32_t j = 0; j < m_uavs; ++j)
    {
        const double sj = m_in.storage[j];
        if (sj < smallest + m_in.lightNodeSize)
        {
            std::ostringstream msg;
            msg << "CachingSlotProblem: UAV " << j << " has storage S_j = " << sj
                << " Mbit, less than the smallest content (" << smallest
                << " Mbit) plus a light node's headers s^li (" << m_in.lightNodeSize
                << " Mbit): it could never cache anything; give S_j >= "
                << smallest + m_in.lightNodeSize << " Mbit";
            throw std::invalid_argument(msg.str());
        }
        anyFull = anyFull || sj >= m_in.fullNodeSize;
        for (uint32_t f = 0; f < m_contents; ++f)
        {
            const uint8_t n = m_in.previousCache[j * m_contents + f];
            if (n > 1)
            {
                Refuse("previousCache[" + std::to_string(j * m_contents + f) + "]",
                       n,
                       "n_fj(t-1) is 0 or 1");
            }
        }
        const double used = StorageUsed(&m_in.previousCache[j * m_contents], false);
        if (used > sj)
        {
            std::ostringstream msg;
            msg << "CachingSlotProblem: UAV " << j << "'s previous cache plus headers take " << used
                << " Mbit, more than its storage S_j = " << sj
                << " Mbit; n(t-1) must satisfy C7 as a light node at least";
            throw std::invalid_argument(msg.str());
        }
    }
    if (!anyFull)
    {
        std::ostringstream msg;
        msg << "CachingSlotProblem: no UAV's storage holds the whole blockchain s^fu = "
            << m_in.fullNodeSize
            << " Mbit, so C9 (at least one full node) cannot hold; give one UAV S_j >= s^fu";
        throw std::invalid_argument(msg.str());
    }
}

const CachingSlotInput&
CachingSlotProblem::GetInput() const
{
    return m_in;
}

uint32_t
CachingSlotProblem::GetNumUes() const
{
    return m_ues;
}

uint32_t
CachingSlotProblem::GetNumUavs() const
{
    return m_uavs;
}

uint32_t
CachingSlotProblem::GetNumContents() const
{
    return m_contents;
}

uint32_t
CachingSlotProblem::GetSatelliteIndex() const
{
    return m_uavs;
}

double
CachingSlotProblem::GetChainSize(bool full) const
{
    return full ? m_in.fullNodeSize : m_in.lightNodeSize;
}

bool
CachingSlotProblem::CanBeFullNode(uint32_t j) const
{
    return m_in.storage[j] >= m_in.fullNodeSize;
}

double
CachingSlotProblem::StorageUsed(const uint8_t* cacheRow, bool full) const
{
    double used = GetChainSize(full);
    for (uint32_t f = 0; f < m_contents; ++f)
    {
        if (cacheRow[f])
        {
            used += m_in.contentSizes[f];
        }
    }
    return used;
}

double
CachingSlotProblem::PlacementUsed(uint32_t j, const uint8_t* cacheRow) const
{
    const uint8_t* before = &m_in.previousCache[size_t(j) * m_contents];
    double placed = 0.0;
    for (uint32_t f = 0; f < m_contents; ++f)
    {
        if (cacheRow[f] && !before[f])
        {
            placed += m_in.contentSizes[f];
        }
    }
    return placed;
}

bool
CachingSlotProblem::UavFits(uint32_t j, const uint8_t* cacheRow, bool full) const
{
    return StorageUsed(cacheRow, full) <= m_in.storage[j] &&
           PlacementUsed(j, cacheRow) <= m_in.placementBudget;
}

bool
CachingSlotProblem::PlacementFits(uint32_t j, uint32_t f, const uint8_t* cacheRow) const
{
    const uint8_t* before = &m_in.previousCache[size_t(j) * m_contents];
    if (before[f])
    {
        return true;
    }
    // Summed in content order, as Check sums it, so that both round alike.
    double placed = 0.0;
    for (uint32_t g = 0; g < m_contents; ++g)
    {
        if ((cacheRow[g] || g == f) && !before[g])
        {
            placed += m_in.contentSizes[g];
        }
    }
    return placed <= m_in.placementBudget;
}

double
CachingSlotProblem::GetStorage(uint32_t j) const
{
    return m_in.storage[j];
}

double
CachingSlotProblem::GetRequestedSize(uint32_t i) const
{
    return m_requestedSize[i];
}

CachingSolution
CachingSlotProblem::MakeSolution(const std::vector<uint8_t>& cache,
                                 const std::vector<uint8_t>& accessPoint,
                                 const std::vector<uint8_t>& fullNode) const
{
    CheckSize("cache", cache.size(), size_t(m_uavs) * m_contents, "J x F");
    CheckSize("accessPoint", accessPoint.size(), m_ues, "one per UE");
    CheckSize("fullNode", fullNode.size(), m_uavs, "one per UAV");
    CachingSolution s;
    s.placement.resize(cache.size());
    s.replacement.resize(cache.size());
    for (size_t k = 0; k < cache.size(); ++k)
    {
        s.placement[k] = cache[k] && !m_in.previousCache[k];
        s.replacement[k] = !cache[k] && m_in.previousCache[k];
    }
    s.access.assign(size_t(m_ues) * (m_uavs + 1), 0);
    for (uint32_t i = 0; i < m_ues; ++i)
    {
        if (accessPoint[i] > m_uavs)
        {
            Refuse("accessPoint[" + std::to_string(i) + "]",
                   accessPoint[i],
                   "a UAV in [0, J) or the satellite J = " + std::to_string(m_uavs));
        }
        s.access[i * (m_uavs + 1) + accessPoint[i]] = 1;
    }
    s.fullNode = fullNode;
    return s;
}

void
CachingSlotProblem::CheckDimensions(const CachingSolution& s) const
{
    const size_t fj = size_t(m_uavs) * m_contents;
    CheckSize("solution placement", s.placement.size(), fj, "J x F");
    CheckSize("solution replacement", s.replacement.size(), fj, "J x F");
    CheckSize("solution access", s.access.size(), size_t(m_ues) * (m_uavs + 1), "I x (J + 1)");
    CheckSize("solution fullNode", s.fullNode.size(), m_uavs, "one per UAV");
}

std::vector<uint8_t>
CachingSlotProblem::GetCacheAfter(const CachingSolution& s) const
{
    CheckDimensions(s);
    std::vector<uint8_t> n(s.placement.size());
    for (size_t k = 0; k < n.size(); ++k)
    {
        // Eq. (2); a value outside {0, 1} counts as set (C1 reports it).
        const bool before = m_in.previousCache[k] != 0;
        n[k] = before ? !(s.replacement[k] != 0) : (s.placement[k] != 0);
    }
    return n;
}

std::vector<uint8_t>
CachingSlotProblem::GetAccessPoints(const CachingSolution& s) const
{
    CheckDimensions(s);
    std::vector<uint8_t> ap(m_ues);
    for (uint32_t i = 0; i < m_ues; ++i)
    {
        const uint8_t* row = &s.access[i * (m_uavs + 1)];
        const auto ones = std::count(row, row + m_uavs + 1, 1);
        if (ones != 1)
        {
            throw std::invalid_argument("CachingSlotProblem::GetAccessPoints: UE " +
                                        std::to_string(i) + " has " + std::to_string(ones) +
                                        " access points; C8 asks for exactly one");
        }
        ap[i] = std::find(row, row + m_uavs + 1, 1) - row;
    }
    return ap;
}

CachingFeasibility
CachingSlotProblem::Check(const CachingSolution& s) const
{
    CheckDimensions(s);
    auto fail = [](CachingConstraint c, const std::string& why) {
        return CachingFeasibility{c, ToString(c) + ": " + why};
    };
    auto where = [this](size_t k) {
        return "UAV " + std::to_string(k / m_contents) + ", content " +
               std::to_string(k % m_contents);
    };
    const size_t fj = s.placement.size();
    for (size_t k = 0; k < fj; ++k)
    {
        if (s.placement[k] > 1 || s.replacement[k] > 1)
        {
            return fail(CachingConstraint::C1, "delta or rho of " + where(k) + " is not binary");
        }
    }
    for (size_t k = 0; k < s.access.size(); ++k)
    {
        if (s.access[k] > 1)
        {
            return fail(CachingConstraint::C2,
                        "alpha of UE " + std::to_string(k / (m_uavs + 1)) + ", access point " +
                            std::to_string(k % (m_uavs + 1)) + " is not binary");
        }
    }
    for (uint32_t j = 0; j < m_uavs; ++j)
    {
        if (s.fullNode[j] > 1)
        {
            return fail(CachingConstraint::C3, "c of UAV " + std::to_string(j) + " is not binary");
        }
    }
    // C6 before C4 and C5: those two together imply C6, which would otherwise never be named.
    for (size_t k = 0; k < fj; ++k)
    {
        if (s.placement[k] && s.replacement[k])
        {
            return fail(CachingConstraint::C6, "places and removes at " + where(k));
        }
    }
    for (size_t k = 0; k < fj; ++k)
    {
        if (s.placement[k] && m_in.previousCache[k])
        {
            return fail(CachingConstraint::C4, "places content already cached at " + where(k));
        }
    }
    for (size_t k = 0; k < fj; ++k)
    {
        if (s.replacement[k] && !m_in.previousCache[k])
        {
            return fail(CachingConstraint::C5, "removes content not cached at " + where(k));
        }
    }
    const std::vector<uint8_t> n = GetCacheAfter(s);
    for (uint32_t j = 0; j < m_uavs; ++j)
    {
        const double used = StorageUsed(&n[j * m_contents], s.fullNode[j] == 1);
        if (used > m_in.storage[j])
        {
            std::ostringstream msg;
            msg << "UAV " << j << " stores " << used << " Mbit (contents + "
                << (s.fullNode[j] ? "full chain" : "headers") << ") in S_j = " << m_in.storage[j]
                << " Mbit";
            return fail(CachingConstraint::C7, msg.str());
        }
    }
    for (uint32_t i = 0; i < m_ues; ++i)
    {
        const uint8_t* row = &s.access[i * (m_uavs + 1)];
        const auto ones = std::count(row, row + m_uavs + 1, 1);
        if (ones != 1)
        {
            return fail(CachingConstraint::C8,
                        "UE " + std::to_string(i) + " has " + std::to_string(ones) +
                            " access points, not exactly one");
        }
        for (uint32_t j = 0; j < m_uavs; ++j)
        {
            if (row[j] && !n[j * m_contents + m_in.requests[i]])
            {
                return fail(CachingConstraint::C8,
                            "UE " + std::to_string(i) + " is served by UAV " + std::to_string(j) +
                                ", which does not hold its content " +
                                std::to_string(m_in.requests[i]) + " [fix]");
            }
        }
    }
    if (std::count(s.fullNode.begin(), s.fullNode.end(), 1) < 1)
    {
        return fail(CachingConstraint::C9, "no UAV is a full node");
    }
    for (uint32_t j = 0; j < m_uavs; ++j)
    {
        const double placed = PlacementUsed(j, &n[j * m_contents]);
        if (placed > m_in.placementBudget)
        {
            std::ostringstream msg;
            msg << "UAV " << j << " newly caches " << placed
                << " Mbit, more than the placement budget " << m_in.placementBudget
                << " Mbit per slot [recon]";
            return fail(CachingConstraint::C10, msg.str());
        }
    }
    return {};
}

CachingSlotOutcome
CachingSlotProblem::Evaluate(const CachingSolution& s) const
{
    CheckDimensions(s);
    CachingSlotOutcome out;
    out.uavArrivals.assign(m_uavs, 0.0);
    out.uavDelivered.assign(m_uavs, 0.0);
    out.ueDelivered.assign(m_ues, 0.0);
    std::vector<uint32_t> load(m_uavs, 0);
    for (uint32_t i = 0; i < m_ues; ++i)
    {
        for (uint32_t j = 0; j < m_uavs; ++j)
        {
            load[j] += s.access[i * (m_uavs + 1) + j] == 1;
        }
    }
    const double dt = m_in.slotDuration;
    for (uint32_t i = 0; i < m_ues; ++i)
    {
        const double size = m_requestedSize[i];
        for (uint32_t j = 0; j < m_uavs; ++j)
        {
            if (s.access[i * (m_uavs + 1) + j] == 1)
            {
                // Eq. (8) with the equal share of Remark 2, at most s_f.
                const double d = std::min(size, m_in.uavRates[i * m_uavs + j] / load[j] * dt);
                out.uavArrivals[j] += size;
                out.uavDelivered[j] += d;
                out.ueDelivered[i] += d;
                out.contentRevenue += m_in.uavPrices[j] * d; // eq. (12)
            }
        }
        if (s.access[i * (m_uavs + 1) + m_uavs] == 1)
        {
            const double d = std::min(size, m_in.satelliteRates[i] * dt); // eq. (9)
            out.satelliteArrival += size;
            out.satelliteDelivered += d;
            out.ueDelivered[i] += d;
            out.contentRevenue += m_in.satellitePrice * d; // eq. (12)
        }
    }
    for (uint32_t j = 0; j < m_uavs; ++j)
    {
        // Eq. (13)
        out.blockchainRevenue += s.fullNode[j] ? m_in.fullNodeReward : m_in.lightNodeReward;
    }
    return out;
}

CachingSlotOutcome
CachingSlotProblem::EvaluateDelivered(const CachingSolution& s,
                                      const std::vector<double>& delivered) const
{
    CheckDimensions(s);
    if (delivered.size() != m_ues)
    {
        throw std::invalid_argument(
            "CachingSlotProblem::EvaluateDelivered: " + std::to_string(delivered.size()) +
            " delivered amounts for " + std::to_string(m_ues) + " UEs; give one per UE (Mbit)");
    }
    CachingSlotOutcome out = Evaluate(s); // arrivals and Rev^2 do not depend on D
    std::fill(out.uavDelivered.begin(), out.uavDelivered.end(), 0.0);
    out.satelliteDelivered = 0.0;
    out.contentRevenue = 0.0;
    const std::vector<uint8_t> accessPoint = GetAccessPoints(s);
    for (uint32_t i = 0; i < m_ues; ++i)
    {
        const double d = std::min(m_requestedSize[i], std::max(0.0, delivered[i]));
        out.ueDelivered[i] = d;
        if (accessPoint[i] == m_uavs)
        {
            out.satelliteDelivered += d;
            out.contentRevenue += m_in.satellitePrice * d; // eq. (12)
        }
        else
        {
            out.uavDelivered[accessPoint[i]] += d;
            out.contentRevenue += m_in.uavPrices[accessPoint[i]] * d; // eq. (12)
        }
    }
    return out;
}

double
CachingSlotProblem::Revenue(const CachingSolution& s) const
{
    const CachingSlotOutcome out = Evaluate(s);
    return out.contentRevenue + out.blockchainRevenue; // eq. (14)
}

double
CachingSlotProblem::Objective(const CachingSolution& s) const
{
    const CachingSlotOutcome out = Evaluate(s);
    // Eq. (22): queue-weighted (arrivals - deliveries) minus V times the revenue.
    double u = m_in.satelliteQueue * (out.satelliteArrival - out.satelliteDelivered);
    for (uint32_t j = 0; j < m_uavs; ++j)
    {
        u += m_in.uavQueues[j] * (out.uavArrivals[j] - out.uavDelivered[j]);
    }
    return u - m_in.v * (out.contentRevenue + out.blockchainRevenue);
}

double
CachingSlotProblem::AssignmentObjective(const uint8_t* accessPoint, const uint8_t* fullNode) const
{
    std::fill(m_load.begin(), m_load.end(), 0);
    for (uint32_t i = 0; i < m_ues; ++i)
    {
        if (accessPoint[i] < m_uavs)
        {
            ++m_load[accessPoint[i]];
        }
    }
    for (uint32_t j = 0; j < m_uavs; ++j)
    {
        m_inverseLoad[j] = m_load[j] ? 1.0 / m_load[j] : 0.0;
    }
    // Same sums as Objective, rearranged: Q_j (s - D) - V eta_j D = Q_j s - (Q_j + V eta_j) D
    // with D = min(s, R_ij dt / k_j); equal up to rounding.
    double u = BlockchainTerm(fullNode);
    for (uint32_t i = 0; i < m_ues; ++i)
    {
        const uint32_t j = accessPoint[i];
        if (j == m_uavs)
        {
            u += m_satelliteTerm[i];
            continue;
        }
        const double size = m_requestedSize[i];
        const double d = std::min(size, m_rateDt[i * m_uavs + j] * m_inverseLoad[j]);
        u += m_in.uavQueues[j] * size - m_uavWeight[j] * d;
    }
    return u;
}

double
CachingSlotProblem::UavTerm(uint32_t j, const uint32_t* ues, uint32_t count) const
{
    const double dt = m_in.slotDuration;
    double u = 0.0;
    for (uint32_t k = 0; k < count; ++k)
    {
        const uint32_t i = ues[k];
        const double size = m_requestedSize[i];
        const double d = std::min(size, m_in.uavRates[i * m_uavs + j] / count * dt);
        u += m_in.uavQueues[j] * (size - d) - m_in.v * m_in.uavPrices[j] * d;
    }
    return u;
}

std::vector<uint8_t>
CachingSlotProblem::CacheServing(const std::vector<uint8_t>& accessPoint,
                                 const std::vector<uint8_t>& fullNode) const
{
    CheckSize("accessPoint", accessPoint.size(), m_ues, "I");
    CheckSize("fullNode", fullNode.size(), m_uavs, "J");
    for (uint32_t i = 0; i < m_ues; ++i)
    {
        if (accessPoint[i] > m_uavs)
        {
            throw std::invalid_argument(
                "CachingSlotProblem::CacheServing: UE " + std::to_string(i) + " has access point " +
                std::to_string(accessPoint[i]) + "; give a UAV below " + std::to_string(m_uavs) +
                " or the satellite, " + std::to_string(m_uavs));
        }
    }
    const uint32_t contents = GetNumContents();
    std::vector<uint8_t> cache(size_t(m_uavs) * contents, 0);
    for (uint32_t i = 0; i < m_ues; ++i)
    {
        if (accessPoint[i] != m_uavs)
        {
            cache[accessPoint[i] * contents + m_in.requests[i]] = 1;
        }
    }
    for (uint32_t j = 0; j < m_uavs; ++j)
    {
        uint8_t* row = &cache[j * contents];
        for (uint32_t f = 0; f < contents; ++f)
        {
            if (m_in.previousCache[j * contents + f] && !row[f])
            {
                row[f] = 1;
                if (StorageUsed(row, fullNode[j]) > GetStorage(j))
                {
                    row[f] = 0;
                }
            }
        }
    }
    return cache;
}

double
CachingSlotProblem::SatelliteTerm(uint32_t i) const
{
    return m_satelliteTerm[i];
}

double
CachingSlotProblem::BlockchainTerm(const uint8_t* fullNode) const
{
    double reward = 0.0;
    for (uint32_t j = 0; j < m_uavs; ++j)
    {
        reward += fullNode[j] ? m_in.fullNodeReward : m_in.lightNodeReward;
    }
    return -m_in.v * reward;
}

} // namespace sagin
} // namespace ns3
