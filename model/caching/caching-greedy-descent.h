// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_CACHING_GREEDY_DESCENT_H
#define SAGIN_CACHING_GREEDY_DESCENT_H

#include "caching-slot-problem.h"

#include <cstdint>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Greedy descent on study C's per-slot problem (P2): from a feasible decision, UE by UE, move
 * the UE to the access point that lowers U(t), eq. (22), the most (the satellite, a UAV
 * holding its content, or a UAV that can place it), then make a UAV a full node where that
 * lowers U(t) and fits; repeat until a pass changes nothing or maxPasses passes are done.
 * Every step keeps C1-C10: a UAV places a content only when its chain, the contents serving
 * its UEs and the new one fit its storage (C7) and its placement budget (C10), evicting
 * contents that serve none of its UEs (those requested least in the slot first, then the
 * highest index); a UE whose UAV no longer serves it never arises (only unused contents go).
 *
 * The fireworks improve every initial firework with it (FireworksCachingOptimiser's
 * GreedySeeding): the source leaves the initial fireworks open [recon].
 */
class CachingGreedyDescent
{
  public:
    /**
     * \param problem the slot's problem; must outlive this object
     */
    explicit CachingGreedyDescent(const CachingSlotProblem& problem);

    /**
     * Improve a feasible decision in place.
     * \param cache n_fj(t), J x F
     * \param access access point of every UE (UAV j < J, the satellite J)
     * \param full c_j
     * \param maxPasses passes over the UEs at most (>= 1)
     * \return the number of moves and role changes made
     *
     * Vectors of other sizes than the problem's throw std::invalid_argument; the decision
     * must be feasible (C1-C10), as CachingSlotProblem::Check tells.
     */
    uint32_t Descend(std::vector<uint8_t>& cache,
                     std::vector<uint8_t>& access,
                     std::vector<uint8_t>& full,
                     uint32_t maxPasses);

  private:
    /**
     * The change of U(t) when UE i leaves its access point or joins another.
     * \param ap an access point
     * \param ue the UE
     * \param join true: UE i joins ap; false: it leaves ap
     * \return the change of U(t)
     */
    double TermChange(uint32_t ap, uint32_t ue, bool join);

    /**
     * Whether UAV j can hold content f beside its chain and the contents serving its UEs.
     * \param full c
     * \param j UAV
     * \param f content, or F for none
     * \return whether C7 and C10 can hold with f placed (after evicting unused contents)
     */
    bool CanHold(const std::vector<uint8_t>& full, uint32_t j, uint32_t f);

    /**
     * Evict unused contents of UAV j until C7 and C10 hold.
     * \param cache n(t)
     * \param full c
     * \param j UAV
     */
    void EvictUnused(std::vector<uint8_t>& cache, const std::vector<uint8_t>& full, uint32_t j);

    const CachingSlotProblem& m_problem;          //!< the slot's problem
    std::vector<std::vector<uint32_t>> m_members; //!< UEs on UAV j
    std::vector<double> m_term;                   //!< UavTerm of UAV j's members
    std::vector<uint32_t> m_serving;              //!< UEs UAV j serves content f to, J x F
    std::vector<uint32_t> m_requestCount;         //!< UEs requesting content f in the slot
    std::vector<uint32_t> m_scratch;              //!< a member list being evaluated
    std::vector<uint8_t> m_row;                   //!< a cache row being evaluated
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CACHING_GREEDY_DESCENT_H
