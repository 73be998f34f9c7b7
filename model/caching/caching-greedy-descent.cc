// SPDX-License-Identifier: GPL-2.0-only

#include "caching-greedy-descent.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

CachingGreedyDescent::CachingGreedyDescent(const CachingSlotProblem& problem)
    : m_problem(problem)
{
}

double
CachingGreedyDescent::TermChange(uint32_t ap, uint32_t ue, bool join)
{
    if (ap == m_problem.GetSatelliteIndex())
    {
        return join ? m_problem.SatelliteTerm(ue) : -m_problem.SatelliteTerm(ue);
    }
    m_scratch = m_members[ap];
    if (join)
    {
        m_scratch.push_back(ue);
    }
    else
    {
        m_scratch.erase(std::find(m_scratch.begin(), m_scratch.end(), ue));
    }
    return m_problem.UavTerm(ap, m_scratch.data(), m_scratch.size()) - m_term[ap];
}

bool
CachingGreedyDescent::CanHold(const std::vector<uint8_t>& full, uint32_t j, uint32_t f)
{
    // The most room UAV j can make: keep only the contents serving its UEs, add f.
    const uint32_t contents = m_problem.GetNumContents();
    m_row.assign(contents, 0);
    for (uint32_t g = 0; g < contents; ++g)
    {
        m_row[g] = m_serving[j * contents + g] > 0 || g == f;
    }
    return m_problem.UavFits(j, m_row.data(), full[j]);
}

void
CachingGreedyDescent::EvictUnused(std::vector<uint8_t>& cache,
                                  const std::vector<uint8_t>& full,
                                  uint32_t j)
{
    const uint32_t contents = m_problem.GetNumContents();
    const CachingSlotInput& in = m_problem.GetInput();
    uint8_t* row = &cache[j * contents];
    const uint8_t* before = &in.previousCache[j * contents];
    while (true)
    {
        const bool overBudget = m_problem.PlacementUsed(j, row) > in.placementBudget;
        if (!overBudget && m_problem.StorageUsed(row, full[j]) <= m_problem.GetStorage(j))
        {
            return;
        }
        // Over budget only a content placed in this slot helps; otherwise the content fewest
        // UEs request in the slot goes, ties to the highest index.
        uint32_t victim = contents;
        for (uint32_t g = contents; g-- > 0;)
        {
            if (!row[g] || m_serving[j * contents + g] > 0 || (overBudget && before[g]))
            {
                continue;
            }
            if (victim == contents || m_requestCount[g] < m_requestCount[victim])
            {
                victim = g;
            }
        }
        if (victim == contents)
        {
            // CanHold checked that the serving contents fit: a defect if reached.
            throw std::logic_error("CachingGreedyDescent: UAV " + std::to_string(j) +
                                   " cannot make room (module invariant)");
        }
        row[victim] = 0;
    }
}

uint32_t
CachingGreedyDescent::Descend(std::vector<uint8_t>& cache,
                              std::vector<uint8_t>& access,
                              std::vector<uint8_t>& full,
                              uint32_t maxPasses)
{
    const uint32_t ues = m_problem.GetNumUes();
    const uint32_t uavs = m_problem.GetNumUavs();
    const uint32_t contents = m_problem.GetNumContents();
    const uint32_t sat = m_problem.GetSatelliteIndex();
    const CachingSlotInput& in = m_problem.GetInput();
    if (cache.size() != size_t(uavs) * contents || access.size() != ues || full.size() != uavs)
    {
        throw std::invalid_argument(
            "CachingGreedyDescent::Descend: the decision has " + std::to_string(cache.size()) +
            " cache, " + std::to_string(access.size()) + " access and " +
            std::to_string(full.size()) +
            " role entries; the problem needs J x F = " + std::to_string(size_t(uavs) * contents) +
            ", I = " + std::to_string(ues) + " and J = " + std::to_string(uavs));
    }
    m_members.assign(uavs, {});
    m_serving.assign(size_t(uavs) * contents, 0);
    m_requestCount.assign(contents, 0);
    for (uint32_t i = 0; i < ues; ++i)
    {
        ++m_requestCount[in.requests[i]];
        if (access[i] != sat)
        {
            m_members[access[i]].push_back(i);
            ++m_serving[access[i] * contents + in.requests[i]];
        }
    }
    m_term.resize(uavs);
    for (uint32_t j = 0; j < uavs; ++j)
    {
        m_term[j] = m_problem.UavTerm(j, m_members[j].data(), m_members[j].size());
    }
    // Role changes alter only -V Rev^2: V (r^fu - r^li) per UAV made full.
    const double fullGain = in.v * (in.fullNodeReward - in.lightNodeReward);
    uint32_t changes = 0;
    for (uint32_t pass = 0; pass < maxPasses; ++pass)
    {
        bool changed = false;
        for (uint32_t i = 0; i < ues; ++i)
        {
            const uint32_t from = access[i];
            const uint32_t f = in.requests[i];
            const double leave = TermChange(from, i, false);
            double bestChange = 0.0;
            uint32_t best = from;
            for (uint32_t to = 0; to <= uavs; ++to)
            {
                if (to == from || (to != sat && !cache[to * contents + f] && !CanHold(full, to, f)))
                {
                    continue;
                }
                const double join = TermChange(to, i, true);
                const double change = leave + join;
                // Only clear improvements: rounding must not make two moves undo each other.
                if (change < bestChange - 1e-9 * (std::abs(leave) + std::abs(join)))
                {
                    bestChange = change;
                    best = to;
                }
            }
            if (best == from)
            {
                continue;
            }
            if (from != sat)
            {
                auto& m = m_members[from];
                m.erase(std::find(m.begin(), m.end(), i));
                m_term[from] = m_problem.UavTerm(from, m.data(), m.size());
                --m_serving[from * contents + f];
            }
            if (best != sat)
            {
                ++m_serving[best * contents + f];
                if (!cache[best * contents + f])
                {
                    cache[best * contents + f] = 1;
                    EvictUnused(cache, full, best);
                }
                m_members[best].push_back(i);
                m_term[best] =
                    m_problem.UavTerm(best, m_members[best].data(), m_members[best].size());
            }
            access[i] = best;
            changed = true;
            ++changes;
        }
        for (uint32_t j = 0; j < uavs; ++j)
        {
            const auto fullCount = std::count(full.begin(), full.end(), 1);
            if (!full[j] && fullGain > 0 && m_problem.CanBeFullNode(j))
            {
                std::vector<uint8_t> roles = full;
                roles[j] = 1;
                if (CanHold(roles, j, contents)) // index F: no extra content
                {
                    full[j] = 1;
                    EvictUnused(cache, full, j);
                    changed = true;
                    ++changes;
                }
            }
            else if (full[j] && fullGain < 0 && fullCount >= 2)
            {
                full[j] = 0; // the headers take less room than the chain: C7 still holds
                changed = true;
                ++changes;
            }
        }
        if (!changed)
        {
            break;
        }
    }
    return changes;
}

} // namespace sagin
} // namespace ns3
