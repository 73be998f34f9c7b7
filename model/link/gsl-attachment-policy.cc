// SPDX-License-Identifier: GPL-2.0-only

#include "gsl-attachment-policy.h"

#include "gsl-net-device.h"

#include "ns3/double.h"
#include "ns3/look-angles.h"
#include "ns3/mobility-model.h"
#include "ns3/node.h"

namespace ns3
{
namespace sagin
{

NS_OBJECT_ENSURE_REGISTERED(GslAttachmentPolicy);
NS_OBJECT_ENSURE_REGISTERED(HighestElevationAttachmentPolicy);

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
                          MakeDoubleChecker<double>(-90.0, 90.0));
    return tid;
}

HighestElevationAttachmentPolicy::HighestElevationAttachmentPolicy()
    : m_minElevation(25.0)
{
}

Ptr<GslNetDevice>
HighestElevationAttachmentPolicy::Choose(Ptr<GslNetDevice> ground,
                                         Ptr<GslNetDevice> current,
                                         const std::vector<Ptr<GslNetDevice>>& satellites)
{
    const GeodeticPosition observer =
        EcefToGeodetic(ground->GetNode()->GetObject<MobilityModel>()->GetPosition());
    auto elevationOf = [&observer](Ptr<GslNetDevice> sat) {
        return ComputeLookAngles(observer,
                                 sat->GetNode()->GetObject<MobilityModel>()->GetPosition())
            .elevation;
    };
    if (current && elevationOf(current) >= m_minElevation)
    {
        return current;
    }
    Ptr<GslNetDevice> best;
    double bestElevation = m_minElevation;
    for (const auto& sat : satellites)
    {
        const double elevation = elevationOf(sat);
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
