// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_LRU_LFU_CACHING_OPTIMISER_H
#define SAGIN_LRU_LFU_CACHING_OPTIMISER_H

#include "caching-optimiser.h"

#include <limits>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * What an operator runs today, as a baseline for study C (PAPERS.md: "LRU/LFU caching with
 * nearest-UAV access"): every UE asks its nearest UAV (CachingSlotInput::uavDistances; ties
 * to the lower index); the UAV serves the content if it holds it, otherwise fetches it
 * (placement), evicting by its replacement policy until it fits, and serves it; a content
 * that cannot fit beside the UAV's chain and the contents already serving UEs this slot is
 * served by the satellite, and so is a missing content the UAV's placement budget (C10) no
 * longer covers: the rule's choice of what to keep decides what later slots must fetch again.
 * Blockchain roles are fixed: the first FullNodes UAVs able to hold
 * s^fu are full nodes (at least one, C9), the others light.
 *
 * Per slot, UEs are taken in index order; each request at a UAV is one tick of that UAV's
 * clock. Replacement policy (attribute Policy):
 * - LRU: evict the content whose last request at that UAV is oldest;
 * - LFU: evict the content requested least often at that UAV since the start (every request
 *   counts, cached or not: "perfect LFU"), ties to the least recently used.
 * Contents that never got a request at that UAV (e.g. n(t-1) given from outside) are the
 * oldest and least frequent; remaining ties go to the lower content index. Contents already
 * serving a UE in this slot are not evicted. If a UAV that becomes a full node holds more
 * than fits, it evicts the same way before the first request.
 *
 * The request history is this object's state across slots; it starts over when the number
 * of UAVs or contents changes. A problem without uavDistances is refused with
 * std::invalid_argument.
 */
class LruLfuCachingOptimiser : public CachingOptimiser
{
  public:
    /** Replacement policy. */
    enum Policy
    {
        LRU, //!< least recently used
        LFU  //!< least frequently used
    };

    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    LruLfuCachingOptimiser();
    ~LruLfuCachingOptimiser() override;

  private:
    CachingSolution DoSolve(const CachingSlotProblem& problem) override;
    int64_t DoAssignStreams(int64_t stream) override;

    /**
     * \param j a UAV
     * \param a content
     * \param b another content
     * \return true if a should be evicted before b
     */
    bool EvictsBefore(uint32_t j, uint32_t a, uint32_t b) const;

    /**
     * Evict contents of UAV j (not pinned) until C7 holds, if that is possible.
     * \param problem the problem
     * \param row n_fj of UAV j
     * \param full c_j
     * \param pinned contents serving UEs this slot (F entries)
     * \param j the UAV
     * \return whether C7 holds
     */
    bool MakeRoom(const CachingSlotProblem& problem,
                  uint8_t* row,
                  bool full,
                  const std::vector<uint8_t>& pinned,
                  uint32_t j) const;

    Policy m_policy;                 //!< replacement policy
    uint32_t m_fullNodes;            //!< how many UAVs are full nodes
    uint32_t m_contents;             //!< F of the history
    std::vector<uint64_t> m_lastUse; //!< tick of the last request, J x F (0: never)
    std::vector<uint64_t> m_uses;    //!< number of requests, J x F
    std::vector<uint64_t> m_clock;   //!< per UAV request counter
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_LRU_LFU_CACHING_OPTIMISER_H
