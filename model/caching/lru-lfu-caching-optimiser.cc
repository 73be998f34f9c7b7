// SPDX-License-Identifier: GPL-2.0-only

#include "lru-lfu-caching-optimiser.h"

#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/ns3-release-compat.h"
#include "ns3/uinteger.h"

#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginLruLfuCachingOptimiser");
NS_OBJECT_ENSURE_REGISTERED(LruLfuCachingOptimiser);

TypeId
LruLfuCachingOptimiser::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::LruLfuCachingOptimiser")
            .SetParent<CachingOptimiser>()
            .SetGroupName("Sagin")
            .AddConstructor<LruLfuCachingOptimiser>()
            .AddAttribute("Policy",
                          "Replacement policy of every UAV cache: LRU or LFU.",
                          EnumValue(LruLfuCachingOptimiser::LRU),
                          MakeEnumAccessorFor<LruLfuCachingOptimiser::Policy>(
                              &LruLfuCachingOptimiser::m_policy),
                          MakeEnumChecker(LruLfuCachingOptimiser::LRU,
                                          "LRU",
                                          LruLfuCachingOptimiser::LFU,
                                          "LFU"))
            .AddAttribute("FullNodes",
                          "How many UAVs are blockchain full nodes: the first ones able to "
                          "hold s^fu, at least one (count; default: all of them).",
                          UintegerValue(std::numeric_limits<uint32_t>::max()),
                          MakeUintegerAccessor(&LruLfuCachingOptimiser::m_fullNodes),
                          MakeUintegerChecker<uint32_t>(1));
    return tid;
}

LruLfuCachingOptimiser::LruLfuCachingOptimiser()
    : m_policy(LRU),
      m_fullNodes(std::numeric_limits<uint32_t>::max()),
      m_contents(0)
{
    NS_LOG_FUNCTION(this);
}

LruLfuCachingOptimiser::~LruLfuCachingOptimiser()
{
    NS_LOG_FUNCTION(this);
}

int64_t
LruLfuCachingOptimiser::DoAssignStreams(int64_t /* stream */)
{
    return 0; // deterministic
}

bool
LruLfuCachingOptimiser::EvictsBefore(uint32_t j, uint32_t a, uint32_t b) const
{
    const size_t ka = size_t(j) * m_contents + a;
    const size_t kb = size_t(j) * m_contents + b;
    if (m_policy == LFU && m_uses[ka] != m_uses[kb])
    {
        return m_uses[ka] < m_uses[kb];
    }
    if (m_lastUse[ka] != m_lastUse[kb])
    {
        return m_lastUse[ka] < m_lastUse[kb];
    }
    return a < b;
}

bool
LruLfuCachingOptimiser::MakeRoom(const CachingSlotProblem& problem,
                                 uint8_t* row,
                                 bool full,
                                 const std::vector<uint8_t>& pinned,
                                 uint32_t j) const
{
    const double storage = problem.GetStorage(j);
    // Possible at all? Only pinned contents (and the chain) must stay.
    std::vector<uint8_t> kept(m_contents);
    for (uint32_t f = 0; f < m_contents; ++f)
    {
        kept[f] = row[f] && pinned[f];
    }
    if (problem.StorageUsed(kept.data(), full) > storage)
    {
        return false;
    }
    while (problem.StorageUsed(row, full) > storage)
    {
        uint32_t victim = m_contents;
        for (uint32_t f = 0; f < m_contents; ++f)
        {
            if (row[f] && !pinned[f] && (victim == m_contents || EvictsBefore(j, f, victim)))
            {
                victim = f;
            }
        }
        NS_LOG_LOGIC("UAV " << j << " evicts content " << victim);
        row[victim] = 0;
    }
    return true;
}

CachingSolution
LruLfuCachingOptimiser::DoSolve(const CachingSlotProblem& problem)
{
    const CachingSlotInput& in = problem.GetInput();
    const uint32_t ues = problem.GetNumUes();
    const uint32_t uavs = problem.GetNumUavs();
    const uint32_t contents = problem.GetNumContents();
    if (in.uavDistances.empty() && ues > 0)
    {
        throw std::invalid_argument(
            "LruLfuCachingOptimiser: the problem has no uavDistances; nearest-UAV access needs "
            "the UE-UAV distances (CachingSlotInput::uavDistances, I x J, m)");
    }
    if (m_contents != contents || m_clock.size() != uavs)
    {
        m_contents = contents;
        m_lastUse.assign(size_t(uavs) * contents, 0);
        m_uses.assign(size_t(uavs) * contents, 0);
        m_clock.assign(uavs, 0);
    }
    std::vector<uint8_t> full(uavs, 0);
    uint32_t fullCount = 0;
    for (uint32_t j = 0; j < uavs && fullCount < m_fullNodes; ++j)
    {
        if (problem.CanBeFullNode(j))
        {
            full[j] = 1;
            ++fullCount;
        }
    }
    std::vector<uint8_t> cache = in.previousCache;
    std::vector<std::vector<uint8_t>> pinned(uavs, std::vector<uint8_t>(contents, 0));
    for (uint32_t j = 0; j < uavs; ++j)
    {
        // Nothing is pinned yet, and the chain alone fits (CanBeFullNode), so this succeeds.
        MakeRoom(problem, &cache[j * contents], full[j], pinned[j], j);
    }
    const uint32_t sat = problem.GetSatelliteIndex();
    std::vector<uint8_t> access(ues, sat);
    for (uint32_t i = 0; i < ues; ++i)
    {
        uint32_t j = 0;
        for (uint32_t k = 1; k < uavs; ++k)
        {
            if (in.uavDistances[i * uavs + k] < in.uavDistances[i * uavs + j])
            {
                j = k;
            }
        }
        const uint32_t f = in.requests[i];
        const size_t key = size_t(j) * contents + f;
        m_lastUse[key] = ++m_clock[j];
        ++m_uses[key];
        uint8_t* row = &cache[j * contents];
        if (!row[f])
        {
            if (!problem.PlacementFits(j, f, row))
            {
                continue; // the backhaul's budget is spent (C10): the satellite serves it
            }
            row[f] = 1; // placement on a miss
            pinned[j][f] = 1;
            if (!MakeRoom(problem, row, full[j], pinned[j], j))
            {
                row[f] = 0;
                pinned[j][f] = 0;
                continue; // the satellite serves it
            }
        }
        pinned[j][f] = 1;
        access[i] = j;
    }
    return problem.MakeSolution(cache, access, full);
}

} // namespace sagin
} // namespace ns3
