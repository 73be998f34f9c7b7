// SPDX-License-Identifier: GPL-2.0-only

#include "exhaustive-caching-optimiser.h"

#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginExhaustiveCachingOptimiser");
NS_OBJECT_ENSURE_REGISTERED(ExhaustiveCachingOptimiser);

TypeId
ExhaustiveCachingOptimiser::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::ExhaustiveCachingOptimiser")
            .SetParent<CachingOptimiser>()
            .SetGroupName("Sagin")
            .AddConstructor<ExhaustiveCachingOptimiser>()
            .AddAttribute("MaxEvaluations",
                          "Largest search: (2^J - 1) (J + 1)^I candidates above this are "
                          "refused (count).",
                          UintegerValue(20000000),
                          MakeUintegerAccessor(&ExhaustiveCachingOptimiser::m_maxEvaluations),
                          MakeUintegerChecker<uint64_t>(1));
    return tid;
}

ExhaustiveCachingOptimiser::ExhaustiveCachingOptimiser()
    : m_maxEvaluations(20000000)
{
    NS_LOG_FUNCTION(this);
}

ExhaustiveCachingOptimiser::~ExhaustiveCachingOptimiser()
{
    NS_LOG_FUNCTION(this);
}

int64_t
ExhaustiveCachingOptimiser::DoAssignStreams(int64_t /* stream */)
{
    return 0; // deterministic
}

CachingSolution
ExhaustiveCachingOptimiser::DoSolve(const CachingSlotProblem& problem)
{
    const uint32_t ues = problem.GetNumUes();
    const uint32_t uavs = problem.GetNumUavs();
    const uint32_t contents = problem.GetNumContents();
    const uint32_t sat = problem.GetSatelliteIndex();
    const CachingSlotInput& in = problem.GetInput();
    const double size = (std::pow(2.0, uavs) - 1.0) * std::pow(uavs + 1.0, ues);
    if (uavs >= 63 || size > double(m_maxEvaluations))
    {
        std::ostringstream msg;
        msg << "ExhaustiveCachingOptimiser: " << ues << " UEs and " << uavs
            << " UAVs make up to (2^J - 1) (J + 1)^I = " << size
            << " candidates, above MaxEvaluations = " << m_maxEvaluations
            << "; use FireworksCachingOptimiser or raise MaxEvaluations";
        throw std::invalid_argument(msg.str());
    }

    double bestU = std::numeric_limits<double>::infinity();
    std::vector<uint8_t> bestAccess;
    std::vector<uint8_t> bestFull;
    std::vector<uint8_t> full(uavs);
    std::vector<uint8_t> access(ues);
    std::vector<std::vector<uint8_t>> options(ues);
    std::vector<uint32_t> digit(ues);
    std::vector<uint8_t> needed(size_t(uavs) * contents);
    for (uint64_t mask = 1; mask < (uint64_t(1) << uavs); ++mask)
    {
        bool allowed = true;
        for (uint32_t j = 0; j < uavs; ++j)
        {
            full[j] = (mask >> j) & 1;
            allowed = allowed && (!full[j] || problem.CanBeFullNode(j));
        }
        if (!allowed)
        {
            continue;
        }
        // Access points that could serve each UE at all under these roles.
        for (uint32_t i = 0; i < ues; ++i)
        {
            options[i].assign(1, sat);
            const double s = problem.GetRequestedSize(i);
            for (uint32_t j = 0; j < uavs; ++j)
            {
                if (problem.GetChainSize(full[j]) + s <= problem.GetStorage(j))
                {
                    options[i].push_back(j);
                }
            }
            digit[i] = 0;
            access[i] = sat;
        }
        while (true)
        {
            // C7, C8, C10: each UAV holds the contents it serves, plus its chain, and newly
            // caches no more than its budget (what it keeps from t-1 on top costs nothing).
            std::fill(needed.begin(), needed.end(), 0);
            for (uint32_t i = 0; i < ues; ++i)
            {
                if (access[i] != sat)
                {
                    needed[access[i] * contents + in.requests[i]] = 1;
                }
            }
            bool fits = true;
            for (uint32_t j = 0; j < uavs && fits; ++j)
            {
                fits = problem.UavFits(j, &needed[j * contents], full[j]);
            }
            if (fits)
            {
                const double u = problem.AssignmentObjective(access.data(), full.data());
                if (u < bestU)
                {
                    bestU = u;
                    bestAccess = access;
                    bestFull = full;
                }
            }
            // Next access vector (odometer over the options).
            uint32_t i = 0;
            for (; i < ues; ++i)
            {
                if (++digit[i] < options[i].size())
                {
                    access[i] = options[i][digit[i]];
                    break;
                }
                digit[i] = 0;
                access[i] = options[i][0];
            }
            if (i == ues)
            {
                break;
            }
        }
    }
    // Some role vector is allowed (the problem checked a UAV can be full) and all-satellite
    // always fits, so bestAccess is set.
    NS_LOG_DEBUG("optimum U(t) " << bestU);
    return problem.MakeSolution(problem.CacheServing(bestAccess, bestFull), bestAccess, bestFull);
}

} // namespace sagin
} // namespace ns3
