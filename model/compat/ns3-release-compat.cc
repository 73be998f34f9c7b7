// SPDX-License-Identifier: GPL-2.0-only

#include "ns3-release-compat.h"

#include "ns3/application.h"
#include "ns3/node.h"

#include <sstream>
#include <stdexcept>

#if __has_include("ns3/ping-helper.h")
#include "ns3/ping-helper.h"
#else
#include "ns3/v4ping-helper.h"
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
#if __has_include("ns3/ping-helper.h")
    PingHelper ping(destination);
    ping.SetAttribute("VerboseMode", EnumValue(Ping::SILENT));
#else
    V4PingHelper ping(destination);
#endif
    ping.SetAttribute("Interval", TimeValue(interval));
    ApplicationContainer app = ping.Install(source);
    app.Start(start);
    app.Stop(stop);
    if (rtt.IsNull())
    {
        return app;
    }
#if __has_include("ns3/ping-helper.h")
    // Ping's Rtt trace also gives the sequence number.
    app.Get(0)->TraceConnectWithoutContext(
        "Rtt",
        Callback<void, uint16_t, Time>([rtt](uint16_t, Time time) { rtt(time); }));
#else
    app.Get(0)->TraceConnectWithoutContext("Rtt", rtt);
#endif
    return app;
}

} // namespace sagin
} // namespace ns3
