// SPDX-License-Identifier: GPL-2.0-only
#include "queue-factory.h"

#include "ns3/packet.h"
#include "ns3/queue.h"

#include <stdexcept>

namespace ns3
{
namespace sagin
{

ObjectFactory
MakeQueueFactory(const std::string& caller,
                 std::string type,
                 const std::string& name,
                 const AttributeValue& value)
{
    QueueBase::AppendItemTypeIfNotPresent(type, "Packet");
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(type, &tid) || !tid.IsChildOf(Queue<Packet>::GetTypeId()) ||
        !tid.HasConstructor())
    {
        throw std::invalid_argument(caller + ": '" + type +
                                    "' is not a packet queue TypeId; use e.g. "
                                    "ns3::DropTailQueue<Packet>");
    }
    ObjectFactory factory(type);
    if (name.empty())
    {
        return factory;
    }
    TypeId::AttributeInformation info;
    if (!tid.LookupAttributeByName(name, &info))
    {
        throw std::invalid_argument(caller + ": " + type + " has no attribute '" + name +
                                    "' (e.g. MaxSize)");
    }
    if (!info.checker->Check(value))
    {
        throw std::invalid_argument(caller + ": " + name + "=" +
                                    value.SerializeToString(info.checker) +
                                    " is not a valid value for " + type);
    }
    factory.Set(name, value);
    return factory;
}

} // namespace sagin
} // namespace ns3
