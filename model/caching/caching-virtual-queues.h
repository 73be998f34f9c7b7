// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_CACHING_VIRTUAL_QUEUES_H
#define SAGIN_CACHING_VIRTUAL_QUEUES_H

#include "caching-slot-problem.h"

#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/traced-callback.h"

#include <vector>

namespace ns3
{
namespace sagin
{

class VirtualQueues;

/**
 * \ingroup sagin
 * Study C's Lyapunov virtual queues, one per UAV and one for the satellite (Mbit):
 *
 *   Q_j(t+1) = [Q_j(t) - delivered_j(t)]^+ + arrivals_j(t),   eq. (10)
 *   Q^S(t+1) = [Q^S(t) - delivered^S(t)]^+ + arrivals^S(t),   eq. (11)
 *
 * where arrivals are the sizes of the contents routed to the access point this slot and
 * delivered the data it actually delivered (flow level: CachingSlotProblem::Evaluate;
 * packet level: what was received by the end of the slot). All queues start at 0 (source
 * text: "we record all the initialization values of the whole queue as 0"). The queues are a
 * VirtualQueues (ServeThenArrive) of J + 1, the satellite's last (GetQueues).
 */
class CachingVirtualQueues : public Object
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    CachingVirtualQueues();
    ~CachingVirtualQueues() override;

    /**
     * Signature of the Updated trace.
     * \param uavQueues Q_j(t+1) (Mbit)
     * \param satelliteQueue Q^S(t+1) (Mbit)
     */
    typedef void (*UpdatedTracedCallback)(const std::vector<double>& uavQueues,
                                          double satelliteQueue);

    /**
     * Start over: J UAV queues and the satellite queue at 0.
     * \param numUavs J (>= 1)
     */
    void Reset(uint32_t numUavs);

    /**
     * Apply one slot, eq. (10) and (11).
     * \param outcome arrivals and deliveries of the slot (J UAV entries; finite, >= 0)
     */
    void Update(const CachingSlotOutcome& outcome);

    /** \return J */
    uint32_t GetNumUavs() const;
    /** \return Q_j (Mbit), J entries */
    const std::vector<double>& GetUavQueues() const;
    /** \return Q^S (Mbit) */
    double GetSatelliteQueue() const;
    /** \return the mean of Q_j over the UAVs (Mbit) */
    double GetMeanUavQueue() const;
    /** \return the J + 1 queues, Q_1 ... Q_J then Q^S (drift-plus-penalty bookkeeping) */
    Ptr<const VirtualQueues> GetQueues() const;

  protected:
    void DoDispose() override;

  private:
    Ptr<VirtualQueues> m_queues;                                  //!< Q_1 ... Q_J, Q^S (Mbit)
    std::vector<double> m_uav;                                    //!< Q_j (Mbit), a copy
    double m_satellite;                                           //!< Q^S (Mbit), a copy
    TracedCallback<const std::vector<double>&, double> m_updated; //!< Updated trace
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CACHING_VIRTUAL_QUEUES_H
