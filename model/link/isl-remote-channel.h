// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_ISL_REMOTE_CHANNEL_H
#define SAGIN_ISL_REMOTE_CHANNEL_H

#include "isl-channel.h"

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * \brief An inter-satellite link whose two ends live on different ranks of a distributed
 * (MPI) run: ns-3's PointToPointRemoteChannel with the IslChannel's delay.
 *
 * A packet leaves through MpiInterface::SendPacket with the delay its distance gives at the
 * moment it is sent (MaxRange and LinkBreak as on IslChannel); the receiving rank's device
 * gets it through its MpiReceiver. The Delay attribute is not the packet's delay here but a
 * bound that no packet undercuts, IslChannel::GetMinDelay of the two satellites, set by
 * IslHelper: ns-3's distributed simulators read it as the link's lookahead, so the two
 * satellites' orbits must not change after the link is made (a packet that would undercut
 * the bound stops the run with a message saying so). Built only where ns-3 has its mpi
 * module (NS3_MPI).
 */
class IslRemoteChannel : public IslChannel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    bool TransmitStart(Ptr<const Packet> p, Ptr<PointToPointNetDevice> src, Time txTime) override;
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_ISL_REMOTE_CHANNEL_H
