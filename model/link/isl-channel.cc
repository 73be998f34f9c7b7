// SPDX-License-Identifier: GPL-2.0-only

#include "isl-channel.h"

#include "double-seconds.h"

#include "ns3/circular-orbit-separation.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/mobility-model.h"
#include "ns3/node.h"
#include "ns3/physical-constants.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/satellite-mobility-model.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"

#include <cmath>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginIslChannel");

NS_OBJECT_ENSURE_REGISTERED(IslChannel);

TypeId
IslChannel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::IslChannel")
            .SetParent<PointToPointChannel>()
            .SetGroupName("Sagin")
            .AddConstructor<IslChannel>()
            .AddAttribute("MaxRange",
                          "Longest usable link (m); beyond it packets are lost. The default is "
                          "about the line-of-sight limit of two satellites at 550 km grazing "
                          "80 km above the Earth.",
                          DoubleValue(5016e3),
                          MakeDoubleAccessor(&IslChannel::m_maxRange),
                          MakeDoubleChecker<double>(0.0))
            .AddTraceSource("LinkBreak",
                            "A packet was lost because the ends were beyond MaxRange.",
                            MakeTraceSourceAccessor(&IslChannel::m_linkBreakTrace),
                            "ns3::sagin::IslChannel::LinkBreakTracedCallback");
    return tid;
}

IslChannel::IslChannel()
    : m_distanceKnown(false),
      m_distance(0),
      m_separationChecked(false),
      m_maxRange(5016e3)
{
    NS_LOG_FUNCTION(this);
}

IslChannel::~IslChannel() = default;

void
IslChannel::DoDispose()
{
    NS_LOG_FUNCTION(this);
    // The mobility models may outlive this channel: they must not call into it once it is gone.
    for (auto& mobility : m_mobility)
    {
        if (mobility)
        {
            mobility->TraceDisconnectWithoutContext("CourseChange", CourseChangeCallback());
            mobility = nullptr;
        }
    }
    m_separation = nullptr;
    m_separationChecked = false;
    m_distanceKnown = false;
    PointToPointChannel::DoDispose();
}

Callback<void, Ptr<const MobilityModel>>
IslChannel::CourseChangeCallback() const
{
    NS_LOG_FUNCTION(this);
    // The same object pointer type (const IslChannel*) both times: Callback equality, which
    // the disconnection relies on, compares it.
    return MakeCallback(&IslChannel::ForgetDistance, this);
}

Ptr<MobilityModel>
IslChannel::MobilityOf(Ptr<NetDevice> device) const
{
    NS_LOG_FUNCTION(this << device);
    const uint32_t end = device == GetDevice(0) ? 0 : 1;
    if (!m_mobility[end])
    {
        m_mobility[end] = device->GetNode()->GetObject<MobilityModel>();
        if (!m_mobility[end])
        {
            throw std::invalid_argument("IslChannel: node " +
                                        std::to_string(device->GetNode()->GetId()) +
                                        " has no mobility model; install one (e.g. with "
                                        "ConstellationHelper) before sending");
        }
        m_mobility[end]->TraceConnectWithoutContext("CourseChange", CourseChangeCallback());
        m_distanceKnown = false;
        m_separationChecked = false;
    }
    return m_mobility[end];
}

void
IslChannel::CacheMobility() const
{
    NS_LOG_FUNCTION(this);
    // Routing asks every forwarded packet whether the link is up: look the ends up once, not
    // through the devices and their nodes each time.
    if (!m_mobility[0] || !m_mobility[1])
    {
        MobilityOf(GetPointToPointDevice(0));
        MobilityOf(GetPointToPointDevice(1));
    }
}

void
IslChannel::ForgetDistance(Ptr<const MobilityModel>) const
{
    NS_LOG_FUNCTION(this);
    m_distanceKnown = false;
    m_separationChecked = false; // an orbit may have been replaced
}

const CircularOrbitSeparation*
IslChannel::Separation() const
{
    NS_LOG_FUNCTION(this);
    if (m_separationChecked && m_separation && !m_separation->IsCurrent())
    {
        m_separationChecked = false; // an orbit's elements changed
    }
    if (!m_separationChecked)
    {
        m_separationChecked = true;
        m_separation = nullptr;
        const Ptr<const CircularOrbit> orbit[2]{
            SatelliteMobilityModel::GetCircularOrbit(m_mobility[0]),
            SatelliteMobilityModel::GetCircularOrbit(m_mobility[1])};
        if (CircularOrbitSeparation::Applies(orbit[0], orbit[1]))
        {
            m_separation = std::make_unique<CircularOrbitSeparation>(orbit[0], orbit[1]);
        }
    }
    return m_separation.get();
}

double
IslChannel::GetDistance() const
{
    NS_LOG_FUNCTION(this);
    // Routing's range check and the send that follows ask at the same instant: the two ends'
    // positions (and the orbits behind them) are evaluated once per instant, not per call.
    const Time now = Simulator::Now();
    if (!m_distanceKnown || now != m_distanceTime)
    {
        CacheMobility();
        // Two satellites of one shell (a Walker constellation's ISLs): a closed form, a
        // fraction of the cost of both orbit positions; otherwise the mobility models.
        const CircularOrbitSeparation* separation = Separation();
        m_distance = separation ? separation->GetDistance(now)
                                : m_mobility[0]->GetDistanceFrom(m_mobility[1]);
        m_distanceTime = now;
        m_distanceKnown = true;
    }
    return m_distance;
}

bool
IslChannel::IsUp() const
{
    NS_LOG_FUNCTION(this);
    return GetDistance() <= m_maxRange;
}

std::optional<Time>
IslChannel::GetMinDelay(Ptr<Node> a, Ptr<Node> b)
{
    NS_LOG_FUNCTION(a << b);
    const Ptr<const CircularOrbit> orbitA =
        SatelliteMobilityModel::GetCircularOrbit(a->GetObject<MobilityModel>());
    const Ptr<const CircularOrbit> orbitB =
        SatelliteMobilityModel::GetCircularOrbit(b->GetObject<MobilityModel>());
    if (!CircularOrbitSeparation::Applies(orbitA, orbitB))
    {
        return std::nullopt;
    }
    const double distance = CircularOrbitSeparation(orbitA, orbitB).GetMinDistance();
    // A packet's delay is FromSeconds(d / c) with d >= distance: one step below the rounded
    // minimum also covers the last bit of the closed form's rounding.
    const Time rounded = FromSeconds(distance / SPEED_OF_LIGHT);
    return rounded.IsStrictlyPositive() ? rounded - TimeStep(1) : Time(0);
}

std::optional<Time>
IslChannel::PacketDelay(Ptr<const Packet> p) const
{
    NS_LOG_FUNCTION(this << p);
    NS_ASSERT_MSG(IsInitialized(), "IslChannel: both devices must be attached before sending");
    const double distance = GetDistance(); // the same either way (|a - b| = |b - a|)
    if (distance > m_maxRange)
    {
        NS_LOG_LOGIC("link broken: " << distance << " m > " << m_maxRange << " m");
        m_linkBreakTrace(p, distance);
        return std::nullopt;
    }
    return FromSeconds(distance / SPEED_OF_LIGHT);
}

bool
IslChannel::TransmitStart(Ptr<const Packet> p, Ptr<PointToPointNetDevice> src, Time txTime)
{
    NS_LOG_FUNCTION(this << p << src << txTime);
    const std::optional<Time> delay = PacketDelay(p);
    if (!delay)
    {
        return false;
    }
    // The parent schedules the reception after its Delay and fires TxRxPointToPoint (which
    // NetAnim's AnimationInterface draws packets from): give it this packet's delay. The
    // accessor is looked up once; setting through it costs no name lookup per packet, and an
    // unchanged delay (an in-plane link keeps its length) is not set again.
    static const Ptr<const AttributeAccessor> delayAccessor = []() {
        TypeId::AttributeInformation info;
        PointToPointChannel::GetTypeId().LookupAttributeByName("Delay", &info);
        return info.accessor;
    }();
    if (*delay != GetDelay())
    {
        delayAccessor->Set(this, TimeValue(*delay));
    }
    return PointToPointChannel::TransmitStart(p, src, txTime);
}

} // namespace sagin
} // namespace ns3
