// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_EXACT_CACHING_OPTIMISER_H
#define SAGIN_EXACT_CACHING_OPTIMISER_H

#include "caching-optimiser.h"

#include "ns3/nstime.h"

#include <cstdint>
#include <string>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * What a mixed-integer solve of one slot's problem found.
 */
struct ExactCachingResult
{
    bool optimal{false};      //!< the solver proved the solution optimal
    bool hasSolution{false};  //!< a solution was found (always: the search starts from one)
    CachingSolution solution; //!< the best solution found (when hasSolution)
    double objective{0.0}; //!< U(t) of that solution, eq. (22), as CachingSlotProblem computes it
    double bound{0.0};     //!< the solver's lower bound on the optimal U(t)
    uint64_t nodes{0};     //!< branch-and-bound nodes explored
    std::string limit;     //!< the limit that stopped the search (empty when optimal)

    /** \return objective - bound: how far from optimal the solution can be (U(t) units) */
    double GetGap() const
    {
        return objective - bound;
    }
};

/**
 * \ingroup sagin
 * The optimum of study C's per-slot problem (P2, constraints C1-C10, objective U(t) of eq. 22)
 * as a mixed-integer linear program solved by COIN-OR CBC (Debian's coinor-libcbc-dev): the
 * exact reference for instances beyond the exhaustive search's reach.
 *
 * The equal share of a UAV's rate among the k UEs it serves (D = min(s_f, R_ij dt / k)) is
 * the one non-linearity; it is linearised with binaries y_jk (UAV j serves exactly k UEs) and
 * continuous z_ijk (UE i is one of them), whose objective coefficients
 * -(Q_j + V eta_j) min(s_f, R_ij dt / k) are never positive, so z_ijk takes min(alpha_ij,
 * y_jk) at the optimum. Variables: n_fj, c_j, alpha_ij (I x (J + 1)), y_jk, z_ijk; rows: one
 * access point per UE (C8), alpha_ij <= n_{f(i) j} (C8), sum_i alpha_ij = sum_k k y_jk,
 * sum_k y_jk <= 1, sum_k z_ijk <= alpha_ij, sum_i z_ijk <= k y_jk, storage (C7), one full
 * node (C9) and, with a finite budget, sum of s_f n_fj over contents not held at t-1 within
 * it (C10). delta and rho follow from n(t) and n(t-1) (C4-C6); the returned cache is
 * CachingSlotProblem::CacheServing of the optimal assignment.
 *
 * The storage (C7) and budget (C10) rows are tightened by 1e-6 (1 + the sum of their sizes)
 * Mbit, so that CBC's integrality and feasibility tolerances cannot round to an answer that
 * breaks them; an optimum closer than that to its capacity (about 1 kbit at F = 30) is
 * missed.
 *
 * Solve returns a proven optimum only: when TimeLimit or NodeLimit stops the search first it
 * throws std::runtime_error with the best U(t) found, the bound and the gap. SolveWithBound
 * returns the same information instead of throwing.
 */
class ExactCachingOptimiser : public CachingOptimiser
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    ExactCachingOptimiser();
    ~ExactCachingOptimiser() override;

    /**
     * Solve the slot's problem within the limits.
     * \param problem the slot's problem
     * \return what the solver found, optimal or not
     */
    ExactCachingResult SolveWithBound(const CachingSlotProblem& problem) const;

  private:
    CachingSolution DoSolve(const CachingSlotProblem& problem) override;
    int64_t DoAssignStreams(int64_t stream) override;

    Time m_timeLimit;     //!< CPU time the solver may use per slot
    uint32_t m_nodeLimit; //!< branch-and-bound nodes the solver may explore per slot
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_EXACT_CACHING_OPTIMISER_H
