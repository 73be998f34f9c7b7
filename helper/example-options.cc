// SPDX-License-Identifier: GPL-2.0-only

#include "example-options.h"

#include "example-command-line.h"

#include "ns3/global-value.h"
#include "ns3/uinteger.h"
#include "ns3/walker-constellation.h"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace ns3
{
namespace sagin
{

namespace
{

/** The memory limit of CheckMemory (MiB; 0: what the machine has available). */
GlobalValue g_memoryLimit("SaginMemoryLimit",
                          "Largest memory (MiB) a sagin example may estimate that it needs "
                          "before it refuses to build the run; 0: the memory available on "
                          "this machine (MemAvailable in /proc/meminfo)",
                          UintegerValue(0),
                          MakeUintegerChecker<uint64_t>(0, uint64_t(1) << 40));

/**
 * \param value a number
 * \return it in the shortest form that keeps 6 significant digits
 */
std::string
Format(double value)
{
    std::ostringstream text;
    text << value;
    return text.str();
}

/**
 * \param bytes a size
 * \return it in GiB or MiB, e.g. "3.2 GiB"
 */
std::string
FormatBytes(double bytes)
{
    std::ostringstream text;
    text << std::setprecision(3);
    if (bytes >= 1024.0 * 1024 * 1024)
    {
        text << bytes / (1024.0 * 1024 * 1024) << " GiB";
    }
    else
    {
        text << bytes / (1024.0 * 1024) << " MiB";
    }
    return text.str();
}

/**
 * \param checker an attribute checker
 * \return what it takes, e.g. "double values in [-90, 90]" for a numeric checker
 */
std::string
Describe(const AttributeChecker& checker)
{
    // Numeric checkers describe themselves as "<type> <min>:<max>".
    const std::string info = checker.GetUnderlyingTypeInformation();
    const std::size_t space = info.find(' ');
    const std::size_t colon = info.find(':', space == std::string::npos ? 0 : space + 2);
    if (space == std::string::npos || colon == std::string::npos)
    {
        return info;
    }
    const std::string type = info.substr(0, space);
    const std::string min = info.substr(space + 1, colon - space - 1);
    const std::string max = info.substr(colon + 1);
    // A bound at the type's own limit (e.g. 1.79769e+308) is no bound.
    const bool noMin = min.find("e+308") != std::string::npos;
    const bool noMax = max.find("e+308") != std::string::npos;
    if (noMin != noMax)
    {
        return type + " values " + (noMin ? "<= " + max : ">= " + min);
    }
    return type + " values in [" + min + ", " + max + "]";
}

/**
 * Open path for writing, creating it if it does not exist (and removing it then).
 * \param path the file
 * \return "" if it can be written, else the system's reason
 */
std::string
ProbeWrite(const std::string& path)
{
    // Another process may create or remove the file between the checks (examples run side by
    // side probe the same prefix): then look again.
    for (int attempt = 0; attempt < 100; ++attempt)
    {
        struct stat status;
        if (stat(path.c_str(), &status) == 0)
        {
            if (S_ISDIR(status.st_mode))
            {
                return "it is a directory";
            }
            // Neither truncated nor changed; O_NONBLOCK so that a FIFO without a reader cannot
            // hang.
            const int fd = open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
            if (fd < 0 && errno == ENOENT)
            {
                continue; // removed meanwhile
            }
            if (fd < 0)
            {
                return std::strerror(errno);
            }
            close(fd);
            return "";
        }
        const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd < 0 && errno == EEXIST)
        {
            continue; // created meanwhile
        }
        if (fd < 0)
        {
            return std::strerror(errno);
        }
        close(fd);
        unlink(path.c_str());
        return "";
    }
    return "other processes keep creating and removing it";
}

} // namespace

void
CheckRange(const std::string& option, double value, double min, double max, const std::string& unit)
{
    if (!(value >= min && value <= max))
    {
        throw std::invalid_argument(option + "=" + Format(value) + " is out of range; give a " +
                                    "value in [" + Format(min) + ", " + Format(max) + "]" +
                                    (unit.empty() ? "" : " " + unit));
    }
}

void
CheckRange(const std::string& option, Time value, Time min, Time max)
{
    if (!(value >= min && value <= max))
    {
        throw std::invalid_argument(option + "=" + OptionText(value) + " is out of range; give " +
                                    "a time in [" + OptionText(min) + ", " + OptionText(max) + "]");
    }
}

void
CheckRange(const std::string& option, DataRate value, DataRate min, DataRate max)
{
    if (!(value >= min && value <= max))
    {
        throw std::invalid_argument(option + "=" + OptionText(value) + " is out of range; give " +
                                    "a rate in [" + OptionText(min) + ", " + OptionText(max) + "]");
    }
}

std::string
OptionText(Time value)
{
    // Written from the integer count of nanoseconds (ns-3's default resolution), so it is
    // exact: GetSeconds() carries noise of its fixed-point factor (9.99999999961535e-10 for
    // 1 ns).
    const int64_t ns = value.GetNanoSeconds();
    const uint64_t magnitude = ns < 0 ? 0 - static_cast<uint64_t>(ns) : ns;
    std::string fraction = std::to_string(magnitude % 1000000000);
    fraction = std::string(9 - fraction.size(), '0') + fraction;
    fraction.erase(fraction.find_last_not_of('0') + 1);
    return (ns < 0 ? "-" : "") + std::to_string(magnitude / 1000000000) +
           (fraction.empty() ? "" : "." + fraction) + "s";
}

std::string
OptionText(DataRate value)
{
    return std::to_string(value.GetBitRate()) + "bps";
}

void
CheckAttribute(const std::string& option,
               TypeId tid,
               const std::string& attribute,
               const AttributeValue& value)
{
    TypeId::AttributeInformation info;
    if (!tid.LookupAttributeByName(attribute, &info))
    {
        throw std::logic_error("CheckAttribute: " + tid.GetName() + " has no attribute " +
                               attribute);
    }
    if (!info.checker->CreateValidValue(value))
    {
        throw std::invalid_argument(option + "=" + value.SerializeToString(info.checker) +
                                    " is refused by " + tid.GetName() + "::" + attribute +
                                    ", which takes " + Describe(*info.checker) +
                                    "; give a value in that range");
    }
}

WalkerShell
CheckWalkerShell(uint32_t planes,
                 uint32_t satsPerPlane,
                 uint32_t phasing,
                 double altitudeKm,
                 double inclinationDeg)
{
    WalkerShell shell;
    shell.planes = planes;
    shell.satsPerPlane = satsPerPlane;
    shell.phasing = phasing;
    shell.altitude = altitudeKm * 1e3;
    shell.inclination = inclinationDeg;
    shell.Validate();
    return shell;
}

DataRate
CheckDataRate(const std::string& option, const std::string& text)
{
    DataRate rate;
    const std::string error = ExampleCommandLine::ParseDataRate(option, text, rate);
    if (!error.empty() || rate.GetBitRate() == 0)
    {
        throw std::invalid_argument(option + "='" + text +
                                    "' is not a data rate; give a positive rate with its unit, "
                                    "e.g. 10Gbps or 500kbps");
    }
    return rate;
}

std::string
RunStoreFile(const std::string& db)
{
    return db == "none" ? "" : db;
}

void
CheckOutputFile(const std::string& option, const std::string& path)
{
    if (path.empty())
    {
        return;
    }
    const std::string reason = ProbeWrite(path);
    if (!reason.empty())
    {
        throw std::invalid_argument(option + "=" + path + ": cannot write this file (" + reason +
                                    "); give a file in a directory that exists and is writable");
    }
}

void
CheckOutputPrefix(const std::string& option, const std::string& prefix)
{
    if (prefix.empty())
    {
        return;
    }
    const std::string reason = ProbeWrite(prefix + ".write-check");
    if (!reason.empty())
    {
        throw std::invalid_argument(option + "=" + prefix + ": cannot write files named " + prefix +
                                    "* (" + reason +
                                    "); give a prefix in a directory that exists and is writable");
    }
}

Time
CheckSimulationTime(const std::string& options, double seconds)
{
    // Just below Time::Max(): its value in seconds, rounded to a double, would overflow.
    const double max = std::floor(Time::Max().GetSeconds() * (1 - 1e-12));
    if (!(seconds >= 0 && seconds <= max))
    {
        throw std::invalid_argument(options + " gives a simulated time of " + Format(seconds) +
                                    " s; ns-3's time (64-bit nanoseconds) runs from 0 to " +
                                    Format(max) + " s (292 years): give a shorter time");
    }
    return Seconds(seconds);
}

uint64_t
GetMemoryLimit()
{
    UintegerValue limitMib;
    g_memoryLimit.GetValue(limitMib);
    if (limitMib.Get() > 0)
    {
        return limitMib.Get() * 1024 * 1024;
    }
    std::ifstream meminfo("/proc/meminfo");
    std::string key;
    uint64_t kib = 0;
    std::string unit;
    while (meminfo >> key >> kib >> unit)
    {
        if (key == "MemAvailable:")
        {
            return kib * 1024;
        }
    }
    return static_cast<uint64_t>(sysconf(_SC_PHYS_PAGES)) *
           static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

void
CheckMemory(const std::string& what, double bytes, const std::string& fix)
{
    const double limit = GetMemoryLimit();
    if (bytes <= limit)
    {
        return;
    }
    UintegerValue limitMib;
    g_memoryLimit.GetValue(limitMib);
    throw std::invalid_argument(
        what + " would need about " + FormatBytes(bytes) + " of memory, more than the " +
        FormatBytes(limit) +
        (limitMib.Get() > 0 ? " --SaginMemoryLimit allows" : " this machine has available") + "; " +
        fix +
        ", or raise the limit with --SaginMemoryLimit=<MiB> if the estimate "
        "(measured; doc/sagin.rst, Troubleshooting) is too high for your run");
}

void
CheckShellMemory(uint64_t planes,
                 uint64_t satsPerPlane,
                 uint64_t bytesPerSatellite,
                 uint64_t groundNodes,
                 const std::string& groundOptions,
                 const std::string& shellOption)
{
    const double satellites = static_cast<double>(planes) * satsPerPlane;
    const double satelliteBytes = satellites * bytesPerSatellite;
    const double groundBytes = static_cast<double>(groundNodes) * GROUND_NODE_BYTES;
    std::ostringstream what;
    if (shellOption.empty())
    {
        what << "--planes=" << planes << " x --sats-per-plane=" << satsPerPlane << " = ";
    }
    else
    {
        what << shellOption << ": ";
    }
    what << std::setprecision(15) << satellites << " satellites (" << bytesPerSatellite / 1024.0
         << " KiB each";
    if (groundNodes > 0)
    {
        what << "; with " << groundNodes << " ground nodes from " << groundOptions << " at "
             << GROUND_NODE_BYTES / 1024 << " KiB each";
    }
    what << "; measured)";
    CheckMemory(what.str(),
                satelliteBytes + groundBytes,
                groundBytes > satelliteBytes ? "give fewer ground nodes (" + groundOptions + ")"
                                             : "give a smaller shell");
}

std::vector<std::string>
SplitCommaList(const std::string& text)
{
    std::vector<std::string> items;
    std::istringstream in(text);
    for (std::string item; std::getline(in, item, ',');)
    {
        items.push_back(item);
    }
    return items;
}

std::vector<double>
ParseNumberList(const std::string& option, const std::string& text)
{
    std::vector<double> values;
    for (const std::string& item : SplitCommaList(text))
    {
        std::size_t used = 0;
        double value = 0.0;
        try
        {
            value = std::stod(item, &used);
        }
        catch (const std::exception&)
        {
            used = 0;
        }
        if (used == 0 || used != item.size())
        {
            throw std::invalid_argument(option + ": '" + item +
                                        "' is not a number; give comma-separated values");
        }
        values.push_back(value);
    }
    if (values.empty())
    {
        throw std::invalid_argument(option + " is empty; give comma-separated values");
    }
    return values;
}

} // namespace sagin
} // namespace ns3
