// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_VIRTUAL_QUEUES_H
#define SAGIN_VIRTUAL_QUEUES_H

#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * \brief Lyapunov virtual queues of a slotted controller, and their drift-plus-penalty
 * bookkeeping (M. J. Neely, *Stochastic Network Optimization with Application to
 * Communication and Queueing Systems*, Morgan & Claypool, 2010, ch. 3).
 *
 * N queues Q_i, all 0 after Reset. Each slot, Update applies the arrivals A_i and the
 * service D_i under Discipline. A controller that minimises the drift-plus-penalty bound
 * sum_i Q_i (A_i - D_i) + V penalty each slot (GetDriftPlusPenalty; the queue part alone is
 * GetDrift) keeps the queues stable while pushing the time-average penalty to within O(1/V)
 * of its optimum; the Lyapunov function is L(Q) = 1/2 sum_i Q_i^2 (GetLyapunov). Study C
 * (caching) keeps its queues here, and study A (offloading) is to; the units are the
 * caller's.
 */
class VirtualQueues : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    VirtualQueues();

    /** How a queue takes one slot's arrivals A(t) and service D(t). */
    enum Discipline
    {
        /** Q(t+1) = [Q(t) - D(t)]^+ + A(t): what arrives in a slot is served from the next
         *  one (study C, eqs. 10-11). */
        SERVE_THEN_ARRIVE = 0,
        /** Q(t+1) = [Q(t) - D(t) + A(t)]^+: a slot may serve what arrives in it (study A's
         *  form, for its model to come). */
        NET = 1
    };

    ~VirtualQueues() override;

    /**
     * Start over: count queues at 0.
     * \param count N (at least 1; std::invalid_argument otherwise)
     */
    void Reset(uint32_t count);

    /**
     * Apply one slot.
     * \param arrivals A_i, one per queue (finite, >= 0)
     * \param served D_i, one per queue (finite, >= 0)
     * std::invalid_argument naming the entry for a wrong size or a bad value.
     */
    void Update(const std::vector<double>& arrivals, const std::vector<double>& served);

    /** \return N */
    uint32_t GetN() const;
    /** \return Q_i */
    const std::vector<double>& GetQueues() const;
    /** \return the mean of the Q_i */
    double GetMean() const;
    /** \return L(Q) = 1/2 sum_i Q_i^2 */
    double GetLyapunov() const;

    /**
     * \param arrivals A_i of a candidate decision, one per queue
     * \param served D_i of it, one per queue
     * \return sum_i Q_i (A_i - D_i), the queue part of the drift-plus-penalty bound
     */
    double GetDrift(const std::vector<double>& arrivals, const std::vector<double>& served) const;

    /**
     * \param arrivals A_i of a candidate decision
     * \param served D_i of it
     * \param v the trade-off weight V (>= 0)
     * \param penalty the slot's penalty (a cost; a reward enters negated)
     * \return GetDrift + V penalty, what a drift-plus-penalty controller minimises
     */
    double GetDriftPlusPenalty(const std::vector<double>& arrivals,
                               const std::vector<double>& served,
                               double v,
                               double penalty) const;

    /**
     * TracedCallback signature of Updated.
     * \param queues the Q_i after the slot
     */
    typedef void (*UpdatedTracedCallback)(const std::vector<double>& queues);

  private:
    /**
     * \param what the caller, for the message
     * \param name the vector's name
     * \param values its entries: one per queue, finite, >= 0 (std::invalid_argument otherwise)
     */
    void Check(const char* what, const char* name, const std::vector<double>& values) const;

    Discipline m_discipline;                              //!< Discipline
    std::vector<double> m_queues;                         //!< Q_i
    TracedCallback<const std::vector<double>&> m_updated; //!< Updated
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_VIRTUAL_QUEUES_H
