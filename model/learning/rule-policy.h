// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_RULE_POLICY_H
#define SAGIN_RULE_POLICY_H

#include "policy.h"

#include <functional>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Baseline decided by a caller-given rule: a function from the observation to the action
 * (a study's hand-written heuristic, e.g. study B's average-budget pricing). The rule's
 * actions are checked against the action space (std::invalid_argument otherwise).
 *
 * A study may also subclass RulePolicy and override DoDecide() instead of setting a rule.
 * Deciding without a rule throws std::logic_error.
 */
class RulePolicy : public Policy
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    RulePolicy();
    ~RulePolicy() override;

    /** The decision rule. */
    using Rule = std::function<Action(const std::vector<double>& observation)>;

    /**
     * \param rule the decision rule
     */
    void SetRule(Rule rule);

  protected:
    void DoDispose() override;

    /**
     * \param action an action
     * \return it; throws std::invalid_argument if it does not fit the action space
     */
    Action CheckAction(const Action& action) const;

  private:
    Action DoDecide(const std::vector<double>& observation) override;

    Rule m_rule; //!< the decision rule
};

/**
 * \ingroup sagin
 * Baseline: greedy choice on a single discrete head. A score function gives one score per
 * choice from the observation and the policy picks the highest (the lowest index among
 * ties). Without a score function the observation itself is the score (observation i
 * scores choice i; the observation length must then equal the choice count), e.g. "use the
 * link with the highest measured rate".
 */
class GreedyPolicy : public Policy
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    GreedyPolicy();
    ~GreedyPolicy() override;

    /** Gives one score per choice from an observation. */
    using Score = std::function<std::vector<double>(const std::vector<double>& observation)>;

    /**
     * \param score the score function
     */
    void SetScore(Score score);

  protected:
    void DoDispose() override;

  private:
    void DoSetSpaces(uint32_t observationSize, const ActionSpace& actionSpace) override;
    Action DoDecide(const std::vector<double>& observation) override;

    Score m_score; //!< score function (empty: the observation)
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_RULE_POLICY_H
