// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_OFFLOADING_BASELINE_STRATEGY_H
#define SAGIN_OFFLOADING_BASELINE_STRATEGY_H

#include "offloading-strategy.h"

#include "ns3/random-variable-stream.h"

#include <string>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Study A's baselines (source section VI): a multi-agent strategy (Base) with one of its
 * decisions replaced by a rule, which is how their names read [recon: the source describes
 * only the rule of each].
 *
 * - MARTO (multi-agent random task offloading): each follower processes locally or offloads
 *   with probability 1/2, whatever Base chose; the rest of Base's decision stays.
 * - MAMCC (multi-agent mean CPU cycle frequency): every follower gets the same f, the mean of
 *   Base's f: the same resources, allocated equally.
 * - MAGCS (multi-agent greedy channel selection): an offloading follower takes the LEO with
 *   the least path loss and, since the loss of the source's eq. 2 does not depend on the
 *   channel, the channel with the least interference plus loss as the last slot left it
 *   (every follower greedily and at once, so followers may crowd the same quiet channel)
 *   [fix: PAPERS.md].
 *
 * The leader's prices stay Base's. Learn hands Base the decision that was applied (with the
 * rule's replacement): MadfrlOffloadingStrategy learns from it, not from its proposal;
 * AssignStreams and SetTraining reach Base too. The
 * experiments put the baselines on the non-learning MyopicStackelbergStrategy, or with
 * OffloadingScenario::learnedBaselines on a MadfrlOffloadingStrategy.
 */
class OffloadingBaselineStrategy : public OffloadingStrategy
{
  public:
    /** The rule that replaces one of Base's decisions. */
    enum Rule
    {
        MARTO, //!< random local or offload
        MAMCC, //!< equal CPU frequency
        MAGCS  //!< greedy channel and LEO
    };

    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    OffloadingBaselineStrategy();
    ~OffloadingBaselineStrategy() override;

    /**
     * \param name "MARTO", "MAMCC" or "MAGCS" (any case)
     * \return the rule; std::invalid_argument naming the valid names otherwise
     */
    static Rule ParseRule(const std::string& name);

  private:
    void DoDispose() override;
    OffloadingSlotDecision DoDecide(const OffloadingSlotProblem& problem,
                                    const OffloadingSlotDecision& previous) override;
    void DoLearn(const OffloadingSlotProblem& problem,
                 const OffloadingSlotDecision& decision,
                 const OffloadingSlotOutcome& outcome) override;
    int64_t DoAssignStreams(int64_t stream) override;
    void DoSetTraining(bool training) override;

    Rule m_rule;                           //!< the replacing rule
    Ptr<OffloadingStrategy> m_base;        //!< who makes the other decisions
    Ptr<UniformRandomVariable> m_coin;     //!< MARTO's draws
    OffloadingSlotDecision m_basePrevious; //!< Base's own last decision, what it resumes from
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_OFFLOADING_BASELINE_STRATEGY_H
