// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_NS3_RELEASE_COMPAT_H
#define SAGIN_NS3_RELEASE_COMPAT_H

// What differs between the ns-3 releases sagin supports (3.37 and 3.43), in one place. Each
// difference is detected from ns-3's own API (a signature), not from a version number: an ns-3
// source tree defines NS3_VERSION_MINOR only when configured with --enable-build-version.

#include "ns3/application-container.h"
#include "ns3/callback.h"
#include "ns3/enum.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/nstime.h"

#include <type_traits>
#include <utility>

namespace ns3
{

class Node;

namespace sagin
{

namespace compat
{
/// Whether ns-3's MakeEnumAccessor deduces everything from its arguments (ns-3.37), or takes
/// the enum type first (ns-3.43, where EnumValue is a class template).
template <typename Void, typename... Accessors>
struct UntypedEnumAccessor : std::false_type
{
};

template <typename... Accessors>
struct UntypedEnumAccessor<
    std::void_t<decltype(ns3::MakeEnumAccessor(std::declval<Accessors>()...))>,
    Accessors...> : std::true_type
{
};

/// RouteInput as ns-3.43 declares it: its callbacks by const reference (ns-3.37: by value).
using RouteInputByReference =
    bool (Ipv4RoutingProtocol::*)(Ptr<const Packet>,
                                  const Ipv4Header&,
                                  Ptr<const NetDevice>,
                                  const Ipv4RoutingProtocol::UnicastForwardCallback&,
                                  const Ipv4RoutingProtocol::MulticastForwardCallback&,
                                  const Ipv4RoutingProtocol::LocalDeliverCallback&,
                                  const Ipv4RoutingProtocol::ErrorCallback&);
} // namespace compat

/**
 * \ingroup sagin
 * MakeEnumAccessor spelled as in ns-3.43 (the enum type first), on every supported release.
 * \tparam E the attribute's enum type
 * \param accessors a data member, or a setter and a getter, as for MakeEnumAccessor
 * \return the accessor
 */
template <typename E, typename... Accessors>
Ptr<const AttributeAccessor>
MakeEnumAccessorFor(Accessors... accessors)
{
    if constexpr (compat::UntypedEnumAccessor<void, Accessors...>::value)
    {
        return ns3::MakeEnumAccessor(accessors...);
    }
    else
    {
        return ns3::MakeEnumAccessor<E>(accessors...);
    }
}

/**
 * \ingroup sagin
 * The type of a callback parameter of Ipv4RoutingProtocol::RouteInput on this ns-3 release:
 * by value in ns-3.37, by const reference in ns-3.43.
 */
template <typename CallbackType>
using RouteInputCallback = std::conditional_t<
    std::is_same_v<decltype(&Ipv4RoutingProtocol::RouteInput), compat::RouteInputByReference>,
    const CallbackType&,
    CallbackType>;

/**
 * \ingroup sagin
 * Installs ns-3's ICMP echo application on a node, silent (V4Ping in ns-3.37; Ping, which
 * replaced it in ns-3.39), from start to stop, and calls a callback with each reply's
 * round-trip time. The stop time is required: Ping sizes its send log from it.
 * std::invalid_argument unless 0 <= start < stop and interval > 0.
 * \param source the node that pings
 * \param destination the address it pings
 * \param interval the time between echo requests
 * \param start when the first request leaves
 * \param stop when the application stops
 * \param rtt called with each reply's round-trip time (a null callback: none)
 * \return the application
 */
ApplicationContainer InstallPing(Ptr<Node> source,
                                 Ipv4Address destination,
                                 Time interval,
                                 Time start,
                                 Time stop,
                                 Callback<void, Time> rtt);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_NS3_RELEASE_COMPAT_H
