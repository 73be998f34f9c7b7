// SPDX-License-Identifier: GPL-2.0-only

#include "myopic-stackelberg-strategy.h"

#include "stackelberg-response.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <stdexcept>
#include <string>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginMyopicStackelbergStrategy");
NS_OBJECT_ENSURE_REGISTERED(MyopicStackelbergStrategy);

TypeId
MyopicStackelbergStrategy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::MyopicStackelbergStrategy")
            .SetParent<OffloadingStrategy>()
            .SetGroupName("Sagin")
            .AddConstructor<MyopicStackelbergStrategy>()
            .AddAttribute("MaxPasses",
                          "Best-response passes over all followers per slot (>= 1); a slot "
                          "stops earlier when a pass changes nothing.",
                          UintegerValue(10),
                          MakeUintegerAccessor(&MyopicStackelbergStrategy::m_maxPasses),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("PriceGridPoints",
                          "Prices the leader tries on [0, maximum price] before refining the "
                          "best by Brent's method (>= 2).",
                          UintegerValue(64),
                          MakeUintegerAccessor(&MyopicStackelbergStrategy::m_gridPoints),
                          MakeUintegerChecker<uint32_t>(2))
            .AddAttribute("FixedPrice",
                          "A price lambda every follower pays per GHz instead of the leader's "
                          "(price units; < 0: the leader sets profit-maximising prices; at most "
                          "the parameters' MaxPrice).",
                          DoubleValue(-1.0),
                          MakeDoubleAccessor(&MyopicStackelbergStrategy::m_fixedPrice),
                          MakeDoubleChecker<double>());
    return tid;
}

MyopicStackelbergStrategy::MyopicStackelbergStrategy()
    : m_maxPasses(10),
      m_gridPoints(64),
      m_fixedPrice(-1.0)
{
    NS_LOG_FUNCTION(this);
}

MyopicStackelbergStrategy::~MyopicStackelbergStrategy()
{
    NS_LOG_FUNCTION(this);
}

OffloadingSlotDecision
MyopicStackelbergStrategy::InitialDecision(const OffloadingSlotProblem& problem)
{
    const OffloadingConstants& k = problem.GetConstants();
    OffloadingSlotDecision decision;
    decision.prices.assign(k.GetFollowers(), k.maxPrice / 2.0);
    decision.followers.resize(k.GetFollowers());
    for (uint32_t i = 0; i < k.GetFollowers(); ++i)
    {
        FollowerDecision& d = decision.followers[i];
        d.offload = false;
        d.frequencyGHz = k.minFrequencyGHz;
        d.channel = (i % k.devicesPerCell) % k.channels;
        d.leo = 0;
        d.blockBytes = k.minBlockBytes;
    }
    return decision;
}

OffloadingSlotDecision
MyopicStackelbergStrategy::DoDecide(const OffloadingSlotProblem& problem,
                                    const OffloadingSlotDecision& previous)
{
    const OffloadingConstants& k = problem.GetConstants();
    CheckFixedPrice(m_fixedPrice, k);
    OffloadingSlotDecision decision =
        previous.followers.size() == k.GetFollowers() ? previous : InitialDecision(problem);
    for (uint32_t pass = 0; pass < m_maxPasses; ++pass)
    {
        bool changed = false;
        for (uint32_t i = 0; i < k.GetFollowers(); ++i)
        {
            const FollowerResponse response(problem, i, decision.followers);
            decision.prices[i] =
                m_fixedPrice >= 0.0 ? m_fixedPrice : LeaderBestPrice(k, response, m_gridPoints);
            const FollowerDecision answer = response.Respond(decision.prices[i]);
            changed = changed || !(answer == decision.followers[i]);
            decision.followers[i] = answer;
        }
        NS_LOG_DEBUG("pass " << pass << (changed ? ": changed" : ": settled"));
        if (!changed)
        {
            break;
        }
    }
    return decision;
}

} // namespace sagin
} // namespace ns3
