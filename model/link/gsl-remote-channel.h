// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_GSL_REMOTE_CHANNEL_H
#define SAGIN_GSL_REMOTE_CHANNEL_H

#include "gsl-channel.h"

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * \brief A GslChannel whose devices live on several ranks of a distributed (MPI) run.
 *
 * Every rank holds the whole channel (ns-3's distributed runs build every node on every
 * rank) and computes a frame's SINR where it is sent, from the attachments (Interference
 * FullBuffer), which every rank knows alike. A frame for a device of another rank leaves
 * through MpiInterface::SendPacket to arrive after its transmission time and propagation
 * delay, as it would on one rank; the receiving device's MpiReceiver passes it to
 * GslNetDevice::Receive. The Lookahead attribute is the bound no frame undercuts
 * (GslChannel::GetMinDelay), which GslHelper also gives ns-3's distributed simulator; a frame
 * that would arrive sooner stops the run with a message saying why. Built only where ns-3 has
 * its mpi module (NS3_MPI).
 */
class GslRemoteChannel : public GslChannel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /** \return the frames this rank has sent to devices of other ranks */
    uint64_t GetFramesToOtherRanks() const;

  protected:
    void Deliver(Ptr<GslNetDevice> dst, Ptr<Packet> frame, Time delay) override;

  private:
    Time m_lookahead;                 //!< no frame to another rank arrives sooner
    uint64_t m_framesToOtherRanks{0}; //!< sent from this rank to others
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_GSL_REMOTE_CHANNEL_H
