// SPDX-License-Identifier: GPL-2.0-only

#include "offloading-baseline-strategy.h"

#include "myopic-stackelberg-strategy.h"

#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/ns3-release-compat.h"
#include "ns3/pointer.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginOffloadingBaselineStrategy");
NS_OBJECT_ENSURE_REGISTERED(OffloadingBaselineStrategy);

TypeId
OffloadingBaselineStrategy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::OffloadingBaselineStrategy")
            .SetParent<OffloadingStrategy>()
            .SetGroupName("Sagin")
            .AddConstructor<OffloadingBaselineStrategy>()
            .AddAttribute("Rule",
                          "The baseline's rule: MARTO (random local or offload), MAMCC (equal "
                          "CPU frequency), MAGCS (greedy channel and LEO).",
                          EnumValue(MARTO),
                          MakeEnumAccessorFor<OffloadingBaselineStrategy::Rule>(
                              &OffloadingBaselineStrategy::m_rule),
                          MakeEnumChecker(MARTO, "MARTO", MAMCC, "MAMCC", MAGCS, "MAGCS"))
            .AddAttribute("Base",
                          "The multi-agent strategy whose decisions the rule does not replace "
                          "(default: a MyopicStackelbergStrategy).",
                          PointerValue(),
                          MakePointerAccessor(&OffloadingBaselineStrategy::m_base),
                          MakePointerChecker<OffloadingStrategy>());
    return tid;
}

OffloadingBaselineStrategy::OffloadingBaselineStrategy()
    : m_rule(MARTO),
      m_base(CreateObject<MyopicStackelbergStrategy>()),
      m_coin(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
}

OffloadingBaselineStrategy::~OffloadingBaselineStrategy()
{
    NS_LOG_FUNCTION(this);
}

void
OffloadingBaselineStrategy::DoDispose()
{
    m_base = nullptr;
    m_coin = nullptr;
    OffloadingStrategy::DoDispose();
}

OffloadingBaselineStrategy::Rule
OffloadingBaselineStrategy::ParseRule(const std::string& name)
{
    std::string upper = name;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) {
        return std::toupper(c);
    });
    if (upper == "MARTO")
    {
        return MARTO;
    }
    if (upper == "MAMCC")
    {
        return MAMCC;
    }
    if (upper == "MAGCS")
    {
        return MAGCS;
    }
    throw std::invalid_argument("unknown study A baseline '" + name +
                                "': use MARTO, MAMCC or MAGCS");
}

OffloadingSlotDecision
OffloadingBaselineStrategy::DoDecide(const OffloadingSlotProblem& problem,
                                     const OffloadingSlotDecision& previous)
{
    if (!m_base)
    {
        throw std::invalid_argument("OffloadingBaselineStrategy: the Base attribute is null; set "
                                    "a strategy (e.g. a MyopicStackelbergStrategy)");
    }
    const OffloadingConstants& k = problem.GetConstants();
    m_basePrevious = m_base->Decide(problem, m_basePrevious);
    OffloadingSlotDecision decision = m_basePrevious;
    std::vector<FollowerDecision>& followers = decision.followers;
    switch (m_rule)
    {
    case MARTO:
        for (FollowerDecision& d : followers)
        {
            d.offload = m_coin->GetValue() < 0.5;
        }
        break;
    case MAMCC: {
        double mean = 0.0;
        for (const FollowerDecision& d : followers)
        {
            mean += d.frequencyGHz / followers.size();
        }
        for (FollowerDecision& d : followers)
        {
            d.frequencyGHz = std::clamp(mean, k.minFrequencyGHz, k.maxFrequencyGHz);
        }
        break;
    }
    case MAGCS: {
        // The occupancy every follower sees: last slot's (or Base's, in the first slot).
        const std::vector<FollowerDecision>& seen =
            previous.followers.size() == followers.size() ? previous.followers : followers;
        const std::vector<FollowerState>& states = problem.GetFollowers();
        for (uint32_t i = 0; i < followers.size(); ++i)
        {
            if (!followers[i].offload)
            {
                continue;
            }
            const std::vector<double>& gain = states[i].gain;
            followers[i].leo =
                std::max_element(gain.begin(), gain.end()) - gain.begin(); // least path loss
            double best = -1.0;
            for (uint32_t r = 0; r < k.channels; ++r)
            {
                const double rate = problem.OffloadRate(i, r, followers[i].leo, seen);
                if (rate > best)
                {
                    best = rate;
                    followers[i].channel = r;
                }
            }
        }
        break;
    }
    }
    return decision;
}

void
OffloadingBaselineStrategy::DoLearn(const OffloadingSlotProblem& problem,
                                    const OffloadingSlotDecision& decision,
                                    const OffloadingSlotOutcome& outcome)
{
    if (m_base)
    {
        m_base->Learn(problem, decision, outcome);
    }
}

int64_t
OffloadingBaselineStrategy::DoAssignStreams(int64_t stream)
{
    m_coin->SetStream(stream);
    return 1 + (m_base ? m_base->AssignStreams(stream + 1) : 0);
}

void
OffloadingBaselineStrategy::DoSetTraining(bool training)
{
    if (m_base)
    {
        m_base->SetTraining(training);
    }
}

} // namespace sagin
} // namespace ns3
