// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_FIXED_POLICY_H
#define SAGIN_FIXED_POLICY_H

#include "policy.h"

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Baseline: always the same action, whatever the observation (e.g. "always offload",
 * "always the first channel", a constant price).
 *
 * The action is given by the attributes Discrete and Continuous (comma-separated lists,
 * one value per discrete head / continuous component) or SetAction(); an empty list means
 * choice 0 for every head / the middle of every range. Values are checked against the
 * action space when both are known: a wrong count, a choice out of range or a value
 * outside its range throws std::invalid_argument.
 */
class FixedPolicy : public Policy
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    FixedPolicy();
    ~FixedPolicy() override;

    /**
     * \param action the action to return from now on (its fallback flag is ignored)
     */
    void SetAction(const Action& action);

  private:
    void DoSetSpaces(uint32_t observationSize, const ActionSpace& actionSpace) override;
    Action DoDecide(const std::vector<double>& observation) override;

    /**
     * \param space the action space
     * \return the action, checked against space
     */
    Action Resolve(const ActionSpace& space) const;
    /** \param text Discrete attribute */
    void SetDiscrete(const std::string& text);
    /** \return Discrete attribute */
    std::string GetDiscrete() const;
    /** \param text Continuous attribute */
    void SetContinuous(const std::string& text);
    /** \return Continuous attribute */
    std::string GetContinuous() const;

    std::vector<uint32_t> m_discrete; //!< fixed choices (empty: all 0)
    std::vector<double> m_continuous; //!< fixed values (empty: middles)
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_FIXED_POLICY_H
