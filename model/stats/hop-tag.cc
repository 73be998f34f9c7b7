// SPDX-License-Identifier: GPL-2.0-only

#include "hop-tag.h"

namespace ns3
{
namespace sagin
{

NS_OBJECT_ENSURE_REGISTERED(HopTag);
NS_OBJECT_ENSURE_REGISTERED(SendTimeTag);

TypeId
HopTag::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::HopTag")
                            .SetParent<Tag>()
                            .SetGroupName("Sagin")
                            .AddConstructor<HopTag>();
    return tid;
}

TypeId
HopTag::GetInstanceTypeId() const
{
    return GetTypeId();
}

HopTag::HopTag(uint32_t node)
    : m_node(node)
{
}

uint32_t
HopTag::GetNode() const
{
    return m_node;
}

uint32_t
HopTag::GetSerializedSize() const
{
    return 4;
}

void
HopTag::Serialize(TagBuffer buffer) const
{
    buffer.WriteU32(m_node);
}

void
HopTag::Deserialize(TagBuffer buffer)
{
    m_node = buffer.ReadU32();
}

void
HopTag::Print(std::ostream& os) const
{
    os << "hop=" << m_node;
}

TypeId
SendTimeTag::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::SendTimeTag")
                            .SetParent<Tag>()
                            .SetGroupName("Sagin")
                            .AddConstructor<SendTimeTag>();
    return tid;
}

TypeId
SendTimeTag::GetInstanceTypeId() const
{
    return GetTypeId();
}

SendTimeTag::SendTimeTag(Time time, uint32_t node)
    : m_time(time.GetTimeStep()),
      m_node(node)
{
}

Time
SendTimeTag::GetTime() const
{
    return TimeStep(m_time);
}

uint32_t
SendTimeTag::GetNode() const
{
    return m_node;
}

uint32_t
SendTimeTag::GetSerializedSize() const
{
    return 12;
}

void
SendTimeTag::Serialize(TagBuffer buffer) const
{
    buffer.WriteU64(static_cast<uint64_t>(m_time));
    buffer.WriteU32(m_node);
}

void
SendTimeTag::Deserialize(TagBuffer buffer)
{
    m_time = static_cast<int64_t>(buffer.ReadU64());
    m_node = buffer.ReadU32();
}

void
SendTimeTag::Print(std::ostream& os) const
{
    os << "sent=" << TimeStep(m_time).As(Time::S) << " from=" << m_node;
}

} // namespace sagin
} // namespace ns3
