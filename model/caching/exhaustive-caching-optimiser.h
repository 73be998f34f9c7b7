// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_EXHAUSTIVE_CACHING_OPTIMISER_H
#define SAGIN_EXHAUSTIVE_CACHING_OPTIMISER_H

#include "caching-optimiser.h"

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * The exact optimum of study C's per-slot problem (P2) by enumeration, for tiny instances
 * (the reference the fireworks algorithm is measured against).
 *
 * U(t), eq. (22), depends only on the access points and the blockchain roles; the cache only
 * decides which of those are feasible. So the search enumerates every role vector with at
 * least one full node (C9, full only where S_j >= s^fu) and every access vector (each UE on
 * the satellite or on a UAV), keeps those whose UAVs can hold the contents they serve plus
 * their chain (C7, C8) and newly cache no more than the placement budget (C10), and returns the
 * lowest U(t) (first found on ties). The cache of the answer holds the contents served, then
 * whatever of n(t-1) still fits, in content order (fewer replacements; U(t) is the same).
 *
 * Size: at most (2^J - 1) (J + 1)^I candidates; above MaxEvaluations Solve throws
 * std::invalid_argument naming the size.
 */
class ExhaustiveCachingOptimiser : public CachingOptimiser
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    ExhaustiveCachingOptimiser();
    ~ExhaustiveCachingOptimiser() override;

  private:
    CachingSolution DoSolve(const CachingSlotProblem& problem) override;
    int64_t DoAssignStreams(int64_t stream) override;

    uint64_t m_maxEvaluations; //!< largest search allowed
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_EXHAUSTIVE_CACHING_OPTIMISER_H
