// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_MYOPIC_STACKELBERG_STRATEGY_H
#define SAGIN_MYOPIC_STACKELBERG_STRATEGY_H

#include "offloading-strategy.h"

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Study A's non-learning reference: each slot, the two-stage Stackelberg game of the slot's
 * drift-plus-penalty terms played out. Starting from the last slot's decision, followers take
 * turns (best-response dynamics): the leader prices follower i for its best response
 * (LeaderBestPrice), then i responds (FollowerResponse) to that price and the others' current
 * choices. Passes repeat until nobody changes or MaxPasses is reached. It knows the slot's
 * states exactly (arrivals, gains, queues): what a learned policy has to discover. With
 * FixedPrice >= 0 the leader does not optimise: every follower responds to that price (study
 * A's figure 6b sweeps it).
 */
class MyopicStackelbergStrategy : public OffloadingStrategy
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    MyopicStackelbergStrategy();
    ~MyopicStackelbergStrategy() override;

    /**
     * \param problem the slot
     * \return the decision every follower starts from without a previous slot: local, f_min,
     *         channel m mod R, LEO 0, S_min, price at half the largest
     */
    static OffloadingSlotDecision InitialDecision(const OffloadingSlotProblem& problem);

  private:
    OffloadingSlotDecision DoDecide(const OffloadingSlotProblem& problem,
                                    const OffloadingSlotDecision& previous) override;

    uint32_t m_maxPasses;  //!< best-response passes per slot
    uint32_t m_gridPoints; //!< price grid of the leader's search
    double m_fixedPrice;   //!< the price of every follower, or < 0: the leader optimises
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_MYOPIC_STACKELBERG_STRATEGY_H
