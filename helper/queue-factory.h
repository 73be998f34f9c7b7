// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_QUEUE_FACTORY_H
#define SAGIN_QUEUE_FACTORY_H

#include "ns3/attribute.h"
#include "ns3/object-factory.h"

#include <string>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * The factory of a helper's SetQueue(type, name, value), checked before ns-3 sees it
 * (ObjectFactory would end the program on an unknown type or attribute).
 * \param caller the helper method, for the message (e.g. "GslHelper::SetQueue")
 * \param type a Queue<Packet> TypeId name; "<Packet>" is added if missing, as ns-3's
 *        PointToPointHelper::SetQueue does (e.g. "ns3::DropTailQueue")
 * \param name a queue attribute (e.g. MaxSize), or "" for none
 * \param value its value
 * \return the factory
 * \throws std::invalid_argument naming the type or attribute and the fix
 */
ObjectFactory MakeQueueFactory(const std::string& caller,
                               std::string type,
                               const std::string& name,
                               const AttributeValue& value);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_QUEUE_FACTORY_H
