// SPDX-License-Identifier: GPL-2.0-only

#include "gsl-remote-channel.h"

#include "gsl-net-device.h"

#include "ns3/log.h"
#include "ns3/mpi-interface.h"
#include "ns3/node.h"
#include "ns3/simulator.h"

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginGslRemoteChannel");
NS_OBJECT_ENSURE_REGISTERED(GslRemoteChannel);

TypeId
GslRemoteChannel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::GslRemoteChannel")
            .SetParent<GslChannel>()
            .SetGroupName("Sagin")
            .AddConstructor<GslRemoteChannel>()
            .AddAttribute("Lookahead",
                          "No frame to a device of another rank arrives sooner than this after "
                          "it starts (GslChannel::GetMinDelay, set by GslHelper).",
                          TimeValue(Time(0)),
                          MakeTimeAccessor(&GslRemoteChannel::m_lookahead),
                          MakeTimeChecker(Time(0)));
    return tid;
}

void
GslRemoteChannel::Deliver(Ptr<GslNetDevice> dst, Ptr<Packet> frame, Time delay)
{
    NS_LOG_FUNCTION(this << dst << frame << delay);
    Ptr<Node> node = dst->GetNode();
    if (node->GetSystemId() == MpiInterface::GetSystemId())
    {
        GslChannel::Deliver(dst, frame, delay);
        return;
    }
    // The lookahead promise: the receiving rank may already have run up to now + lookahead.
    // Only a ground node above the ceiling or an orbit lowered after GslHelper::Install can
    // break it.
    NS_ABORT_MSG_IF(delay < m_lookahead,
                    "GslRemoteChannel: a frame to node "
                        << node->GetId() << " would arrive " << delay.As(Time::NS)
                        << " after it starts, within the lookahead " << m_lookahead.As(Time::NS)
                        << ": a ground node flew above "
                        << GslChannel::GROUND_CEILING_ALTITUDE / 1e3
                        << " km or an orbit changed after GslHelper::Install; a distributed run "
                           "needs both fixed");
    MpiInterface::SendPacket(frame, Simulator::Now() + delay, node->GetId(), dst->GetIfIndex());
    ++m_framesToOtherRanks;
}

uint64_t
GslRemoteChannel::GetFramesToOtherRanks() const
{
    NS_LOG_FUNCTION(this);
    return m_framesToOtherRanks;
}

} // namespace sagin
} // namespace ns3
