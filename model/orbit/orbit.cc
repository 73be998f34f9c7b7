// SPDX-License-Identifier: GPL-2.0-only

#include "orbit.h"

namespace ns3
{
namespace sagin
{

NS_OBJECT_ENSURE_REGISTERED(Orbit);

TypeId
Orbit::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::Orbit").SetParent<Object>().SetGroupName("Sagin");
    return tid;
}

OrbitState
Orbit::GetEcefState(Time t) const
{
    return DoGetEcefState(t);
}

} // namespace sagin
} // namespace ns3
