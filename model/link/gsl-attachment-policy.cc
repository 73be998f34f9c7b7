// SPDX-License-Identifier: GPL-2.0-only

#include "gsl-attachment-policy.h"

#include "gsl-channel.h"
#include "gsl-net-device.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/look-angles.h"
#include "ns3/mobility-model.h"
#include "ns3/node.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace ns3
{
namespace sagin
{

NS_OBJECT_ENSURE_REGISTERED(GslAttachmentPolicy);
NS_OBJECT_ENSURE_REGISTERED(HighestElevationAttachmentPolicy);
NS_OBJECT_ENSURE_REGISTERED(GreedyElevationAttachmentPolicy);
NS_OBJECT_ENSURE_REGISTERED(AllInViewAttachmentPolicy);

namespace
{
/**
 * \param observer a ground device's local frame
 * \param satellite a satellite device
 * \return the satellite's elevation from there (degrees)
 */
double
ElevationOf(const EnuFrame& observer, Ptr<GslNetDevice> satellite)
{
    return ComputeLookAngles(observer,
                             satellite->GetNode()->GetObject<MobilityModel>()->GetPosition())
        .elevation;
}

/**
 * \param ground a ground device
 * \return its local frame
 */
EnuFrame
ObserverOf(Ptr<GslNetDevice> ground)
{
    return EnuFrame(EcefToGeodetic(ground->GetNode()->GetObject<MobilityModel>()->GetPosition()));
}
} // namespace

TypeId
GslAttachmentPolicy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::GslAttachmentPolicy").SetParent<Object>().SetGroupName("Sagin");
    return tid;
}

std::vector<Ptr<GslNetDevice>>
GslAttachmentPolicy::ChooseAll(Ptr<GslNetDevice> ground,
                               Ptr<GslNetDevice> current,
                               const std::vector<Ptr<GslNetDevice>>& satellites)
{
    Ptr<GslNetDevice> chosen = Choose(ground, current, satellites);
    return chosen ? std::vector<Ptr<GslNetDevice>>{chosen} : std::vector<Ptr<GslNetDevice>>{};
}

TypeId
HighestElevationAttachmentPolicy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::HighestElevationAttachmentPolicy")
            .SetParent<GslAttachmentPolicy>()
            .SetGroupName("Sagin")
            .AddConstructor<HighestElevationAttachmentPolicy>()
            .AddAttribute("MinElevation",
                          "Lowest elevation at which a satellite can serve (degrees).",
                          DoubleValue(25.0),
                          MakeDoubleAccessor(&HighestElevationAttachmentPolicy::m_minElevation),
                          MakeDoubleChecker<double>(-90.0, 90.0))
            .AddAttribute(
                "MinMeanSnr",
                "Lowest mean SNR of a usable satellite's link, in both directions (dB; "
                "GslChannel::GetMeanSnr), where the loss model draws an excess loss per "
                "frame (study A's LoS/NLoS model). The default 0 dB is the channel's default "
                "MinSinr (-10 dB) plus 10 dB, how far study A's NLoS excess loss, U(10, 30) "
                "dB, reaches above its mean: frames of such a link are sent in every draw. "
                "With other loss models (one loss per link: Friis, the UAV air-to-ground "
                "model) a link is usable when its SNR reaches the channel's MinSinr. A very "
                "low value (e.g. -1000) uses the elevation alone.",
                DoubleValue(0.0),
                MakeDoubleAccessor(&HighestElevationAttachmentPolicy::m_minMeanSnr),
                MakeDoubleChecker<double>())
            .AddAttribute(
                "Hysteresis",
                "Leave a current satellite that is still usable when another usable one is "
                "higher by more than this (degrees); 180: stay while it is usable.",
                DoubleValue(180.0),
                MakeDoubleAccessor(&HighestElevationAttachmentPolicy::m_hysteresis),
                MakeDoubleChecker<double>(0.0, 180.0))
            .AddAttribute(
                "DistinctSatellites",
                "Skip satellites that another GSL device of the same node is "
                "attached to, so a node with several GSL devices (a ground relay) "
                "links several satellites at once: satellite-ground-satellite "
                "bent-pipe hops for SaginRouting.",
                BooleanValue(false),
                MakeBooleanAccessor(&HighestElevationAttachmentPolicy::m_distinctSatellites),
                MakeBooleanChecker());
    return tid;
}

HighestElevationAttachmentPolicy::HighestElevationAttachmentPolicy()
    : m_keepCurrent(true),
      m_minElevation(25.0),
      m_minMeanSnr(0.0),
      m_hysteresis(180.0),
      m_distinctSatellites(false)
{
}

TypeId
GreedyElevationAttachmentPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::GreedyElevationAttachmentPolicy")
                            .SetParent<HighestElevationAttachmentPolicy>()
                            .SetGroupName("Sagin")
                            .AddConstructor<GreedyElevationAttachmentPolicy>();
    return tid;
}

GreedyElevationAttachmentPolicy::GreedyElevationAttachmentPolicy()
{
    m_keepCurrent = false;
}

Ptr<GslNetDevice>
HighestElevationAttachmentPolicy::Choose(Ptr<GslNetDevice> ground,
                                         Ptr<GslNetDevice> current,
                                         const std::vector<Ptr<GslNetDevice>>& satellites)
{
    // The observer's local frame once, for every satellite scored.
    const EnuFrame observer = ObserverOf(ground);
    auto elevationOf = [&observer](Ptr<GslNetDevice> sat) { return ElevationOf(observer, sat); };
    std::set<Ptr<GslNetDevice>> taken; // by the node's other GSL devices
    Ptr<Node> node = ground->GetNode();
    for (uint32_t d = 0; m_distinctSatellites && d < node->GetNDevices(); ++d)
    {
        auto sibling = DynamicCast<GslNetDevice>(node->GetDevice(d));
        if (sibling && sibling != ground && sibling->GetAttachedSatellite())
        {
            taken.insert(sibling->GetAttachedSatellite());
        }
    }
    auto usable = [&](Ptr<GslNetDevice> sat, double elevation) {
        return !taken.count(sat) && IsUsable(ground, sat, elevation);
    };
    const double currentElevation = current ? elevationOf(current) : -90.0;
    const bool keep = m_keepCurrent && current && usable(current, currentElevation);
    if (keep && m_hysteresis >= 180.0)
    {
        return current; // no other satellite could take over: no need to score them
    }
    Ptr<GslNetDevice> best;
    double bestElevation = m_minElevation;
    for (const auto& [sat, elevation] : AboveMinElevation(ground, satellites))
    {
        // The link budget last: only for satellites that would be the best so far.
        if (elevation >= bestElevation && usable(sat, elevation))
        {
            best = sat;
            bestElevation = elevation;
        }
    }
    if (keep && (!best || bestElevation <= currentElevation + m_hysteresis))
    {
        return current;
    }
    return best;
}

const std::vector<Vector>&
HighestElevationAttachmentPolicy::PositionsNow(const std::vector<Ptr<GslNetDevice>>& satellites)
{
    if (m_positionsAt != Simulator::Now() || m_positionsOf != satellites.data() ||
        m_positions.size() != satellites.size())
    {
        m_positions.clear();
        for (const auto& sat : satellites)
        {
            m_positions.push_back(sat->GetNode()->GetObject<MobilityModel>()->GetPosition());
        }
        m_positionsAt = Simulator::Now();
        m_positionsOf = satellites.data();
    }
    return m_positions;
}

std::vector<std::pair<Ptr<GslNetDevice>, double>>
HighestElevationAttachmentPolicy::AboveMinElevation(
    Ptr<GslNetDevice> ground,
    const std::vector<Ptr<GslNetDevice>>& satellites)
{
    const EnuFrame observer = ObserverOf(ground);
    // A satellite is at elevation e when its up component is its distance times sin(e): a
    // test without trigonometry rules out nearly all, with a margin of 0.01 degrees so the
    // ones it keeps are decided by ComputeLookAngles, as for every satellite before.
    const double sinBelow = std::sin((m_minElevation - 0.01) * M_PI / 180.0);
    const std::vector<Vector>& positions = PositionsNow(satellites);
    std::vector<std::pair<Ptr<GslNetDevice>, double>> above;
    for (std::size_t i = 0; i < satellites.size(); ++i)
    {
        const Vector enu = observer.ToEnu(positions[i]);
        if (enu.z < sinBelow * enu.GetLength())
        {
            continue;
        }
        const double elevation = ComputeLookAngles(observer, positions[i]).elevation;
        if (elevation >= m_minElevation)
        {
            above.emplace_back(satellites[i], elevation);
        }
    }
    return above;
}

bool
HighestElevationAttachmentPolicy::IsUsable(Ptr<GslNetDevice> ground,
                                           Ptr<GslNetDevice> satellite,
                                           double elevation) const
{
    // The link budget last: the elevation rules out most satellites.
    return elevation >= m_minElevation && LinkCloses(ground, satellite, elevation);
}

bool
HighestElevationAttachmentPolicy::LinkCloses(Ptr<GslNetDevice> ground,
                                             Ptr<GslNetDevice> satellite,
                                             double elevation) const
{
    auto channel = DynamicCast<GslChannel>(ground->GetChannel());
    // A per-frame excess loss needs MinMeanSnr's margin above the mean; a loss fixed per link
    // needs only to let frames through.
    const double threshold =
        channel->HasPerFrameFading() ? m_minMeanSnr : std::min(m_minMeanSnr, channel->GetMinSinr());
    return std::min(channel->GetMeanSnr(ground, satellite, elevation),
                    channel->GetMeanSnr(satellite, ground, elevation)) >= threshold;
}

TypeId
AllInViewAttachmentPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::AllInViewAttachmentPolicy")
                            .SetParent<HighestElevationAttachmentPolicy>()
                            .SetGroupName("Sagin")
                            .AddConstructor<AllInViewAttachmentPolicy>();
    return tid;
}

std::vector<Ptr<GslNetDevice>>
AllInViewAttachmentPolicy::ChooseAll(Ptr<GslNetDevice> ground,
                                     Ptr<GslNetDevice> current,
                                     const std::vector<Ptr<GslNetDevice>>& satellites)
{
    Ptr<GslNetDevice> primary = Choose(ground, current, satellites);
    if (!primary)
    {
        return {};
    }
    std::vector<std::pair<double, Ptr<GslNetDevice>>> others; // elevation (degrees), satellite
    for (const auto& [sat, elevation] : AboveMinElevation(ground, satellites))
    {
        if (sat != primary && IsUsable(ground, sat, elevation))
        {
            others.emplace_back(elevation, sat);
        }
    }
    // Highest first; ties by node id, so runs are reproducible.
    std::sort(others.begin(), others.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first
                                  : a.second->GetNode()->GetId() < b.second->GetNode()->GetId();
    });
    std::vector<Ptr<GslNetDevice>> chosen{primary};
    for (const auto& [elevation, sat] : others)
    {
        chosen.push_back(sat);
    }
    return chosen;
}

} // namespace sagin
} // namespace ns3
