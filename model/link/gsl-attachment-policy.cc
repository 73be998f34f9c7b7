// SPDX-License-Identifier: GPL-2.0-only

#include "gsl-attachment-policy.h"

#include "gsl-net-device.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/look-angles.h"
#include "ns3/mobility-model.h"
#include "ns3/node.h"

#include <set>

namespace ns3
{
namespace sagin
{

NS_OBJECT_ENSURE_REGISTERED(GslAttachmentPolicy);
NS_OBJECT_ENSURE_REGISTERED(HighestElevationAttachmentPolicy);
NS_OBJECT_ENSURE_REGISTERED(GreedyElevationAttachmentPolicy);

TypeId
GslAttachmentPolicy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::GslAttachmentPolicy").SetParent<Object>().SetGroupName("Sagin");
    return tid;
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
    const EnuFrame observer(
        EcefToGeodetic(ground->GetNode()->GetObject<MobilityModel>()->GetPosition()));
    auto elevationOf = [&observer](Ptr<GslNetDevice> sat) {
        return ComputeLookAngles(observer,
                                 sat->GetNode()->GetObject<MobilityModel>()->GetPosition())
            .elevation;
    };
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
    if (m_keepCurrent && current && !taken.count(current) && elevationOf(current) >= m_minElevation)
    {
        return current;
    }
    Ptr<GslNetDevice> best;
    double bestElevation = m_minElevation;
    for (const auto& sat : satellites)
    {
        const double elevation = taken.count(sat) ? -90.0 : elevationOf(sat);
        if (elevation >= bestElevation)
        {
            best = sat;
            bestElevation = elevation;
        }
    }
    return best;
}

} // namespace sagin
} // namespace ns3
