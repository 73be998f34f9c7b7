// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_CACHING_SLOT_PARAMETERS_H
#define SAGIN_CACHING_SLOT_PARAMETERS_H

#include "caching-slot-problem.h"

#include "ns3/nstime.h"
#include "ns3/object.h"

namespace ns3
{
namespace sagin
{

class ContentCatalogue;
class CachingVirtualQueues;

/**
 * \ingroup sagin
 * Study C's operator and UAV parameters as attributes (defaults: PAPERS.md, all [recon]),
 * and the assembly of a slot's CachingSlotInput from them plus what changes every slot
 * (requests, rates, caches, queues). A slot controller holds one and overrides fields of
 * the input it measures itself (e.g. FullNodeSize from the ledger's real size).
 */
class CachingSlotParameters : public Object
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    CachingSlotParameters();
    ~CachingSlotParameters() override;

    /**
     * \param catalogue the contents (s_f, s_max)
     * \param requests content requested by each UE
     * \param uavRates R_ij (Mbit/s) of UE i alone on UAV j, I x J (from the link layer)
     * \param previousCache n_fj(t-1), J x F
     * \param queues Q_j(t) and Q^S(t)
     * \return the slot's input; CachingSlotProblem validates it
     */
    CachingSlotInput MakeInput(Ptr<const ContentCatalogue> catalogue,
                               const std::vector<uint32_t>& requests,
                               const std::vector<double>& uavRates,
                               const std::vector<uint8_t>& previousCache,
                               Ptr<const CachingVirtualQueues> queues) const;

    /** \return Delta t, the slot length (SlotDuration) */
    Time GetSlotDuration() const;

  private:
    double m_v;               //!< V
    double m_uavPrice;        //!< eta_j (per Mbit)
    double m_satellitePrice;  //!< eta^S (per Mbit)
    double m_fullNodeReward;  //!< r^fu
    double m_lightNodeReward; //!< r^li
    double m_fullNodeSize;    //!< s^fu (Mbit)
    double m_lightNodeSize;   //!< s^li (Mbit)
    double m_uavStorage;      //!< S_j (Mbit)
    double m_satelliteRate;   //!< R^S (Mbit/s)
    double m_backhaulRate;    //!< R^bh (Mbit/s), C10's budget per second
    Time m_slotDuration;      //!< Delta t
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CACHING_SLOT_PARAMETERS_H
