// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_STACKELBERG_RESPONSE_H
#define SAGIN_STACKELBERG_RESPONSE_H

#include "offloading-slot-problem.h"

#include <cstdint>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Follower i's best response in study A's two-stage Stackelberg game: given the leader's price
 * lambda and the other followers' decisions, the decision maximising its own drift-plus-
 * penalty term Q D + V F (OffloadingSlotProblem), in closed form.
 *
 * Larger blocks only add to C3, so the follower proposes S_min. The objective is concave in
 * f on each option (D linear then flat at Q + A, -V lambda f linear, -V kappa_3 S_B /
 * min(f, f_others) concave), so its maximum over [f_min, f_max] is at a bound, a kink (where D
 * reaches Q + A, where f becomes the slowest verifier) or a stationary point of one of the
 * smooth pieces; the response evaluates those few points. Offloading's D does not depend on
 * f, so its best (channel, LEO) is found once per response object and the price only moves
 * f and the local-or-offload choice: the leader can ask for many prices cheaply.
 * Ties go to local processing, then to the lowest channel and LEO, then to the smallest f.
 */
class FollowerResponse
{
  public:
    /**
     * \param problem the slot
     * \param follower i
     * \param decisions every follower's current decision (i's own entry is ignored)
     */
    FollowerResponse(const OffloadingSlotProblem& problem,
                     uint32_t follower,
                     const std::vector<FollowerDecision>& decisions);

    /**
     * \param price lambda_i (per GHz)
     * \return the follower's best decision at that price
     */
    FollowerDecision Respond(double price) const;

    /**
     * \param price lambda_i
     * \param decision a decision of follower i
     * \return its objective Q D + V F, the others fixed (the closed form the response uses)
     */
    double Objective(double price, const FollowerDecision& decision) const;

  private:
    /**
     * \param price lambda_i
     * \param offload whether the follower offloads
     * \return the best f for that choice (GHz)
     */
    double BestFrequency(double price, bool offload) const;

    /**
     * \param price lambda_i
     * \param processedMbit D (Mbit)
     * \param frequencyGHz f
     * \param blockBytes S_B the follower proposes
     * \return Q D + V F
     */
    double Value(double price, double processedMbit, double frequencyGHz, double blockBytes) const;

    const OffloadingSlotProblem& m_problem;    //!< the slot
    uint32_t m_follower;                       //!< i
    std::vector<FollowerDecision> m_decisions; //!< everyone's decisions (i's ignored)
    double m_queue;                            //!< Q (Mbit)
    double m_available;                        //!< Q + A (Mbit)
    double m_mbitPerGHz;                       //!< D1 per GHz of f: 1000 T / w (Mbit/GHz)
    double m_othersBlockBytes;                 //!< the others' share of the mean S_B (bytes)
    double m_othersSlowest;                    //!< smallest f of the others (GHz)
    uint32_t m_bestChannel;                    //!< best offloading channel
    uint32_t m_bestLeo;                        //!< best offloading LEO
    double m_bestOffloadMbit;                  //!< D2 there (Mbit)
};

/**
 * \ingroup sagin
 * The leader's side of study A's game for follower i: the price in [0, maxPrice] maximising
 * (lambda - c) f(lambda), f(lambda) the follower's best response. f(lambda) falls with
 * lambda, and jumps where the follower switches between local processing and offloading, so
 * the profit need not be unimodal: the search evaluates a grid of prices, bisects every grid
 * interval where the follower switches for the switching price (the profit's supremum may sit
 * just before it), and refines the best grid point between its neighbours by Brent's method
 * (Boost.Math).
 * \param constants c and the largest price
 * \param response follower i's response
 * \param gridPoints prices on the grid (>= 2)
 * \return lambda_i
 */
double LeaderBestPrice(const OffloadingConstants& constants,
                       const FollowerResponse& response,
                       uint32_t gridPoints);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_STACKELBERG_RESPONSE_H
