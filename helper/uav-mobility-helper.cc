// SPDX-License-Identifier: GPL-2.0-only

#include "uav-mobility-helper.h"

#include "ns3/double.h"
#include "ns3/uav-random-walk-mobility-model.h"

#include <stdexcept>

namespace ns3
{
namespace sagin
{

UavMobilityHelper::UavMobilityHelper()
{
    m_factory.SetTypeId(UavRandomWalkMobilityModel::GetTypeId());
}

void
UavMobilityHelper::SetServiceArea(const GeodeticPosition& origin, const Rectangle& bounds)
{
    ValidateGeodeticPosition(origin, "UAV service area origin");
    m_factory.Set("OriginLatitude", DoubleValue(origin.latitude));
    m_factory.Set("OriginLongitude", DoubleValue(origin.longitude));
    m_factory.Set("OriginAltitude", DoubleValue(origin.altitude));
    m_factory.Set("Bounds", RectangleValue(bounds));
}

void
UavMobilityHelper::SetMobilityAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

void
UavMobilityHelper::Install(NodeContainer nodes) const
{
    for (auto i = nodes.Begin(); i != nodes.End(); ++i)
    {
        Install(*i);
    }
}

void
UavMobilityHelper::Install(Ptr<Node> node) const
{
    if (node->GetObject<MobilityModel>())
    {
        throw std::invalid_argument("UavMobilityHelper::Install: node " +
                                    std::to_string(node->GetId()) +
                                    " already has a mobility model; give nodes without one");
    }
    node->AggregateObject(m_factory.Create<UavRandomWalkMobilityModel>());
}

int64_t
UavMobilityHelper::AssignStreams(NodeContainer nodes, int64_t stream) const
{
    int64_t current = stream;
    for (auto i = nodes.Begin(); i != nodes.End(); ++i)
    {
        auto model = (*i)->GetObject<UavRandomWalkMobilityModel>();
        if (!model)
        {
            throw std::invalid_argument("UavMobilityHelper::AssignStreams: node " +
                                        std::to_string((*i)->GetId()) +
                                        " has no UavRandomWalkMobilityModel; Install first");
        }
        current += model->AssignStreams(current);
    }
    return current - stream;
}

} // namespace sagin
} // namespace ns3
