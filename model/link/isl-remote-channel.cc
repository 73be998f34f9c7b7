// SPDX-License-Identifier: GPL-2.0-only

#include "isl-remote-channel.h"

#include "ns3/log.h"
#include "ns3/mpi-interface.h"
#include "ns3/simulator.h"

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginIslRemoteChannel");
NS_OBJECT_ENSURE_REGISTERED(IslRemoteChannel);

TypeId
IslRemoteChannel::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::IslRemoteChannel")
                            .SetParent<IslChannel>()
                            .SetGroupName("Sagin")
                            .AddConstructor<IslRemoteChannel>();
    return tid;
}

bool
IslRemoteChannel::TransmitStart(Ptr<const Packet> p, Ptr<PointToPointNetDevice> src, Time txTime)
{
    NS_LOG_FUNCTION(this << p << src << txTime);
    const std::optional<Time> delay = PacketDelay(p);
    if (!delay)
    {
        return false;
    }
    // The lookahead promise: the other rank may already have run up to now + GetDelay(), so
    // an earlier arrival would be lost to causality. Only a changed orbit can break it.
    NS_ABORT_MSG_IF(*delay < GetDelay(),
                    "IslRemoteChannel: a packet's delay "
                        << delay->As(Time::NS) << " undercuts the link's lookahead "
                        << GetDelay().As(Time::NS)
                        << ": an orbit changed after IslHelper::Install; a distributed run needs "
                           "the orbits of satellites on links across ranks fixed");
    Ptr<PointToPointNetDevice> dst = GetDestination(src == GetSource(0) ? 0 : 1);
    MpiInterface::SendPacket(p->Copy(),
                             Simulator::Now() + txTime + *delay,
                             dst->GetNode()->GetId(),
                             dst->GetIfIndex());
    return true;
}

} // namespace sagin
} // namespace ns3
