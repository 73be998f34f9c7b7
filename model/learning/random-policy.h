// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_RANDOM_POLICY_H
#define SAGIN_RANDOM_POLICY_H

#include "policy.h"

#include "ns3/random-variable-stream.h"

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Baseline: every discrete head picks a choice uniformly at random, every continuous
 * component a value uniformly in its range, independently of the observation. One ns-3
 * stream (AssignStreams); draws are made head by head, then component by component.
 */
class RandomPolicy : public Policy
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    RandomPolicy();
    ~RandomPolicy() override;

  protected:
    void DoDispose() override;

  private:
    Action DoDecide(const std::vector<double>& observation) override;
    int64_t DoAssignStreams(int64_t stream) override;

    Ptr<UniformRandomVariable> m_uniform; //!< the draws
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_RANDOM_POLICY_H
