// SPDX-License-Identifier: GPL-2.0-only

#include "ns3-release-compat.h"

#include "ns3/application.h"
#include "ns3/node.h"

#include <sstream>
#include <stdexcept>

// The one guard of this file: Ping replaced V4Ping in ns-3.39.
#if __has_include("ns3/ping-helper.h")
#include "ns3/ping-helper.h"

namespace
{
/** \return a silent Ping towards destination (it prints every reply by default) */
ns3::PingHelper
MakePingHelper(ns3::Ipv4Address destination)
{
    ns3::PingHelper ping(destination);
    ping.SetAttribute("VerboseMode", ns3::EnumValue(ns3::Ping::SILENT));
    return ping;
}

/** \return rtt as a sink of Ping's Rtt trace, which also gives the sequence number */
ns3::Callback<void, uint16_t, ns3::Time>
RttTraceSink(ns3::Callback<void, ns3::Time> rtt)
{
    return ns3::Callback<void, uint16_t, ns3::Time>([rtt](uint16_t, ns3::Time time) { rtt(time); });
}
} // namespace
#else
#include "ns3/v4ping-helper.h"

namespace
{
/** \return a V4Ping towards destination (silent by default) */
ns3::V4PingHelper
MakePingHelper(ns3::Ipv4Address destination)
{
    return ns3::V4PingHelper(destination);
}

/** \return rtt itself: V4Ping's Rtt trace gives the round-trip time alone */
ns3::Callback<void, ns3::Time>
RttTraceSink(ns3::Callback<void, ns3::Time> rtt)
{
    return rtt;
}
} // namespace
#endif

namespace ns3
{
namespace sagin
{

ApplicationContainer
InstallPing(Ptr<Node> source,
            Ipv4Address destination,
            Time interval,
            Time start,
            Time stop,
            Callback<void, Time> rtt)
{
    if (interval <= Time(0) || start < Time(0) || stop <= start)
    {
        std::ostringstream what;
        what << "InstallPing: interval " << interval.As(Time::S) << ", start " << start.As(Time::S)
             << ", stop " << stop.As(Time::S) << ": needs interval > 0 and 0 <= start < stop";
        throw std::invalid_argument(what.str());
    }
    auto ping = MakePingHelper(destination);
    ping.SetAttribute("Interval", TimeValue(interval));
    ApplicationContainer app = ping.Install(source);
    app.Start(start);
    app.Stop(stop);
    if (rtt.IsNull())
    {
        return app;
    }
    app.Get(0)->TraceConnectWithoutContext("Rtt", RttTraceSink(rtt));
    return app;
}

} // namespace sagin
} // namespace ns3
