// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_EXAMPLE_OPTIONS_H
#define SAGIN_EXAMPLE_OPTIONS_H

#include "ns3/attribute.h"
#include "ns3/data-rate.h"
#include "ns3/nstime.h"
#include "ns3/type-id.h"
#include "ns3/walker-constellation.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * \defgroup sagin-example-options Checks of an example's options
 *
 * What a scenario script checks before ns-3 sees its options: every function throws
 * std::invalid_argument whose message names the option, the value and what it takes, so that
 * main() prints it and exits with status 1 instead of aborting inside ns-3 (NS_FATAL_ERROR) or
 * running with a value that cannot work. Numbers are read by ExampleCommandLine.
 */

/**
 * \ingroup sagin-example-options
 * Use an option's value through a helper or model whose messages do not know the option: an
 * std::invalid_argument thrown by use() is thrown again with the option in front, e.g.
 * ForOption("--gs", [&] { stations.AddList(text); }).
 * \param option the option, e.g. "--gs"
 * \param use what uses its value
 * \return what use() returns
 */
template <typename F>
auto
ForOption(const std::string& option, F&& use) -> decltype(use())
{
    try
    {
        return use();
    }
    catch (const std::invalid_argument& e)
    {
        const std::string message = e.what();
        throw std::invalid_argument(message.rfind(option, 0) == 0 ? message
                                                                  : option + ": " + message);
    }
}

/**
 * \ingroup sagin-example-options
 * \param option the option, e.g. "--min-elevation-deg"
 * \param value its value
 * \param min smallest value allowed
 * \param max largest value allowed
 * \param unit the unit for the message, e.g. "degrees" ("" for none)
 * \throws std::invalid_argument unless min <= value <= max
 */
void CheckRange(const std::string& option,
                double value,
                double min,
                double max,
                const std::string& unit);

/**
 * \ingroup sagin-example-options
 * \param option the option, e.g. "--interval"
 * \param value its value (a Time option, read by ExampleCommandLine)
 * \param min shortest time allowed
 * \param max longest time allowed
 * \throws std::invalid_argument unless min <= value <= max
 */
void CheckRange(const std::string& option, Time value, Time min, Time max);

/**
 * \ingroup sagin-example-options
 * The highest rate a rate option takes (1 Pbit/s): far above any link sagin models, so a
 * typo of many digits is refused instead of giving frames of no duration (a frame of 1500
 * bytes still takes 12 ns at this rate, above ns-3's nanosecond resolution).
 */
inline const DataRate MAX_OPTION_RATE{uint64_t(1000000000000000)};

/**
 * \ingroup sagin-example-options
 * \param option the option, e.g. "--isl-rate"
 * \param value its value (a DataRate option, read by ExampleCommandLine)
 * \param min lowest rate allowed
 * \param max highest rate allowed
 * \throws std::invalid_argument unless min <= value <= max
 */
void CheckRange(const std::string& option, DataRate value, DataRate min, DataRate max);

/**
 * \ingroup sagin-example-options
 * \param value a Time option's value
 * \return it as an option reads it back, in seconds to the nanosecond (e.g. "0.1s",
 *         "0.000000001s"), for messages and run stores
 */
std::string OptionText(Time value);

/**
 * \ingroup sagin-example-options
 * \param value a DataRate option's value
 * \return it as an option reads it back, in bit/s (e.g. "10000000000bps")
 */
std::string OptionText(DataRate value);

/**
 * \ingroup sagin-example-options
 * Check a value against the checker of the attribute it will be given to, as ns-3 does when
 * the attribute is set (ObjectFactory::Set and ObjectBase::SetAttribute abort on a refusal).
 * \param option the option the value comes from
 * \param tid the type whose attribute it is
 * \param attribute the attribute's name
 * \param value the value, of the attribute's own type (DoubleValue, TimeValue, ...; not a
 *        StringValue, whose conversion ns-3 itself may abort on)
 * \throws std::invalid_argument naming the option, the attribute and the values it takes
 */
void CheckAttribute(const std::string& option,
                    TypeId tid,
                    const std::string& attribute,
                    const AttributeValue& value);

/**
 * \ingroup sagin-example-options
 * Check a Walker shell given on the command line, e.g. before --test replaces it, with
 * WalkerShell::Validate (its messages name --planes, --sats-per-plane, --phasing,
 * --altitude-km and --inclination-deg).
 * \param planes --planes
 * \param satsPerPlane --sats-per-plane
 * \param phasing --phasing
 * \param altitudeKm --altitude-km
 * \param inclinationDeg --inclination-deg
 * \return the shell (altitude in m)
 * \throws std::invalid_argument naming the option
 */
WalkerShell CheckWalkerShell(uint32_t planes,
                             uint32_t satsPerPlane,
                             uint32_t phasing,
                             double altitudeKm,
                             double inclinationDeg);

/**
 * \ingroup sagin-example-options
 * \param option the option, e.g. "--isl-rate"
 * \param text a data rate with its unit, e.g. "10Gbps"
 * \return the rate, read as ns-3's DataRate reads it
 * \throws std::invalid_argument unless it is a data rate above 0 bit/s
 */
DataRate CheckDataRate(const std::string& option, const std::string& text);

/**
 * \ingroup sagin-example-options
 * Check, before the run, that a file can be written: it is opened for writing (an existing
 * file is neither truncated nor changed; a probe file created for the check is removed).
 * \param option the option naming the file, e.g. "--db"
 * \param path the file ("" for none: nothing to check)
 * \throws std::invalid_argument naming the option, the file and the system's reason
 */
void CheckOutputFile(const std::string& option, const std::string& path);

/**
 * \ingroup sagin-example-options
 * \param db a --db value
 * \return the run store file it names: "" (no store) for "" and for "none", which every
 *         example takes for no store (the figure examples, whose default is a file, refuse "")
 */
std::string RunStoreFile(const std::string& db);

/**
 * \ingroup sagin-example-options
 * Check that files named prefix + suffix can be written (e.g. pcap files, plots): a probe file
 * prefix + ".write-check" is created in their directory and removed.
 * \param option the option giving the prefix, e.g. "--pcap"
 * \param prefix the prefix ("" for none: nothing to check)
 * \throws std::invalid_argument naming the option, the directory and the system's reason
 */
void CheckOutputPrefix(const std::string& option, const std::string& prefix);

/**
 * \ingroup sagin-example-options
 * ns-3 keeps simulated time as a signed 64-bit count of nanoseconds (by default), so it ends
 * at Time::Max(), about 9.2e9 s (292 years); beyond it Seconds() overflows.
 * \param options the options that set this time, for the message (e.g. "--duration")
 * \param seconds a simulated time or duration (s)
 * \return Seconds(seconds)
 * \throws std::invalid_argument unless 0 <= seconds <= Time::Max() in seconds
 */
Time CheckSimulationTime(const std::string& options, double seconds);

/**
 * \ingroup sagin-example-options
 * Measured peak memory per node (bytes; doc/sagin.rst, "Troubleshooting"): a satellite with
 * ISLs, a GSL device, the Internet stack and SaginRouting (sagin-ping, 144 to 10,000 satellites:
 * 39.5 KiB each).
 */
constexpr uint64_t SATELLITE_NODE_BYTES = 40 * 1024;
/**
 * \ingroup sagin-example-options
 * A ground node (station, UAV or UE) with a GSL device, the Internet stack and an application
 * (sagin-quickstart, 9 to 1,500 UEs: 22.4 KiB each).
 */
constexpr uint64_t GROUND_NODE_BYTES = 24 * 1024;
/**
 * \ingroup sagin-example-options
 * A node with a mobility model only (sagin-orbit-trace, 1,584 to 40,000 satellites: 0.7 KiB
 * each; sagin-edge-caching, 200 to 6,000 UEs: 0.9 KiB each).
 */
constexpr uint64_t MOBILITY_NODE_BYTES = 1024;

/**
 * \ingroup sagin-example-options
 * \param text items separated by commas, e.g. "fedavg,median"
 * \return the items, in order ("" gives none; "a,,b" an empty middle item)
 */
std::vector<std::string> SplitCommaList(const std::string& text);

/**
 * \ingroup sagin-example-options
 * \param option the option, e.g. "--points"
 * \param text comma-separated numbers, each written out in full
 * \return the numbers
 * \throws std::invalid_argument naming the option and the item that is not a number, or
 *         the option when the list is empty
 */
std::vector<double> ParseNumberList(const std::string& option, const std::string& text);

/**
 * \ingroup sagin-example-options
 * \return the memory a run may take (bytes): the global value SaginMemoryLimit (MiB) if set,
 *         else the memory available on this machine (MemAvailable in /proc/meminfo)
 */
uint64_t GetMemoryLimit();

/**
 * \ingroup sagin-example-options
 * Refuse, before anything is built, a run whose estimated memory exceeds GetMemoryLimit().
 * \param what what needs the memory, naming the options (e.g. "--planes=2000 x
 *        --sats-per-plane=2000 = 4000000 satellites")
 * \param bytes its estimate (bytes)
 * \param fix what to do instead (e.g. "give a smaller shell")
 * \throws std::invalid_argument with the estimate, the limit and how to raise it
 */
void CheckMemory(const std::string& what, double bytes, const std::string& fix);

/**
 * \ingroup sagin-example-options
 * Refuse, before it is built, a Walker shell that would not fit in memory (CheckMemory with
 * the measured bytes per node).
 * \param planes --planes
 * \param satsPerPlane --sats-per-plane
 * \param bytesPerSatellite SATELLITE_NODE_BYTES, or MOBILITY_NODE_BYTES for satellites without
 *        a network
 * \param groundNodes ground nodes built with it (stations, UAVs, UEs; GROUND_NODE_BYTES each)
 * \param groundOptions the options that set them, for the message (e.g. "--gs, --ues")
 * \param shellOption the option that gave the satellites when not --planes and
 * --sats-per-plane (e.g. "--constellation=kuiper"; then planes holds the total)
 * \throws std::invalid_argument naming the options, with the estimate and the limit
 */
void CheckShellMemory(uint64_t planes,
                      uint64_t satsPerPlane,
                      uint64_t bytesPerSatellite,
                      uint64_t groundNodes = 0,
                      const std::string& groundOptions = "",
                      const std::string& shellOption = "");

} // namespace sagin
} // namespace ns3

#endif // SAGIN_EXAMPLE_OPTIONS_H
