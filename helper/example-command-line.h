// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_EXAMPLE_COMMAND_LINE_H
#define SAGIN_EXAMPLE_COMMAND_LINE_H

#include "ns3/attribute.h"
#include "ns3/callback.h"
#include "ns3/command-line.h"
#include "ns3/data-rate.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <limits>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * \brief A CommandLine whose numbers are read as the type they are, and whose mistakes are
 * refused with a message naming the option instead of being wrapped or aborting.
 *
 * ns-3's CommandLine reads a number with an istream: "-1" given to a uint32_t becomes
 * 4294967295, "5x" becomes 5, and an empty string value ("--gs=") is refused with the whole
 * help and no reason. Its global values reach ns-3 unchecked: --RngRun=abc and --RngSeed=0
 * abort inside ns-3 (NS_FATAL_ERROR), --RngRun=-1 wraps. This class is used exactly like
 * CommandLine; in addition
 *
 * - an integer option takes only a whole number that fits its type (no sign for an unsigned
 *   one), a floating-point option only a finite number, each written out in full;
 * - a Time option takes a number with one of ns-3's units ("100ms"; seconds without one)
 *   within ns-3's time range, a DataRate option a rate with its unit ("10Gbps");
 *   ns-3 itself aborts on a time unit it does not know;
 * - a string option takes the empty string (the example says what it means);
 * - a global value or attribute default given on the command line (--RngRun=3,
 *   --ns3::sagin::GslChannel::SubChannels=4) is checked before ns-3 reads it
 *   (CheckAttributeText): numbers are read the same way and must lie in the checker's range,
 *   RngRun in [0, 2^63 - 1] (the run store keeps it as a signed 64-bit integer) and RngSeed in
 *   [1, 4294944442] (the seeds ns-3's MRG32k3a takes); times need a unit ns-3 knows, pointers
 *   a TypeId that exists;
 * - Parse() throws std::invalid_argument naming the option, the value and what it takes
 *   (every mistake, one per line), for the example's catch in main to print.
 *
 * Other value types (bool, ...) are handled by CommandLine itself.
 */
class ExampleCommandLine : public CommandLine
{
  public:
    /**
     * \param filename the example's source file (__FILE__), as for CommandLine
     */
    ExampleCommandLine(const std::string& filename);

    /**
     * Add a program option, as CommandLine::AddValue does.
     * \param name option name, without the dashes
     * \param help help text
     * \param[out] value where the parsed value goes (untouched if the option is not given)
     */
    template <typename T>
    void AddValue(const std::string& name, const std::string& help, T& value);

    /**
     * Parse the program's arguments.
     * \param argc argument count
     * \param argv arguments
     * \throws std::invalid_argument naming every option whose value was refused
     */
    void Parse(int argc, char* argv[]);

    /**
     * Read a whole number.
     * \param option the option, for messages (e.g. "--count")
     * \param text what was given
     * \param min smallest value allowed
     * \param max largest value allowed
     * \param[out] value the number, if it is one in [min, max]
     * \return "" if it is, else why not (naming the option and the range)
     */
    static std::string ParseInteger(const std::string& option,
                                    const std::string& text,
                                    int64_t min,
                                    int64_t max,
                                    int64_t& value);

    /**
     * Read a whole number that cannot be negative.
     * \param option the option, for messages
     * \param text what was given
     * \param min smallest value allowed
     * \param max largest value allowed
     * \param[out] value the number, if it is one in [min, max]
     * \return "" if it is, else why not
     */
    static std::string ParseUnsigned(const std::string& option,
                                     const std::string& text,
                                     uint64_t min,
                                     uint64_t max,
                                     uint64_t& value);

    /**
     * Read a finite floating-point number.
     * \param option the option, for messages
     * \param text what was given
     * \param[out] value the number, if it is one
     * \return "" if it is, else why not
     */
    static std::string ParseReal(const std::string& option, const std::string& text, double& value);

    /**
     * Read a time: a number and one of ns-3's units (s, ms, us, ns, ps, fs, min, h, d, y; none
     * means seconds, as ns-3 reads it), within ns-3's time range.
     * \param option the option, for messages
     * \param text what was given, e.g. "100ms"
     * \param[out] value the time, if it is one
     * \return "" if it is, else why not
     */
    static std::string ParseTime(const std::string& option, const std::string& text, Time& value);

    /**
     * Read a data rate with its unit, as ns-3's DataRate reads it ("10Gbps", "500kbps"; a bare
     * number is bit/s; 0 is a rate, for options where it means none).
     * \param option the option, for messages
     * \param text what was given
     * \param[out] value the rate, if it is one
     * \return "" if it is, else why not
     */
    static std::string ParseDataRate(const std::string& option,
                                     const std::string& text,
                                     DataRate& value);

    /**
     * Check the text of a global value or attribute default before ns-3 reads it: a number in
     * the range of a numeric checker (integer, unsigned, floating point), a time with a unit
     * ns-3 knows for a Time checker, an existing TypeId that can be created for a pointer
     * checker.
     * \param option the option, for messages
     * \param text what was given
     * \param checker the checker of the global value or attribute
     * \return "" if it passes or the checker is of another kind, else why not
     */
    static std::string CheckAttributeText(const std::string& option,
                                          const std::string& text,
                                          const AttributeChecker& checker);

  private:
    /** Names of the options added by AddValue. */
    std::set<std::string> m_names;
    /** Refusals collected while CommandLine::Parse runs, thrown by Parse() afterwards. */
    std::shared_ptr<std::vector<std::string>> m_errors;
    /** --verbose: every Sagin log component at INFO, with time and node. */
    bool m_verbose{false};
};

template <typename T>
void
ExampleCommandLine::AddValue(const std::string& name, const std::string& help, T& value)
{
    // The parsers are lambdas, not Callbacks: CommandLine's callback takes std::string in
    // ns-3.37 and const std::string& in ns-3.43, and a lambda converts to either.
    const std::string option = "--" + name;
    m_names.insert(name);
    auto errors = m_errors;
    std::ostringstream current;
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>)
    {
        current << +value;
        CommandLine::AddValue(
            name,
            help,
            [option, errors, &value](const std::string& text) {
                std::string error;
                if constexpr (std::is_unsigned_v<T>)
                {
                    uint64_t parsed = 0;
                    error = ParseUnsigned(option, text, 0, std::numeric_limits<T>::max(), parsed);
                    value = error.empty() ? static_cast<T>(parsed) : value;
                }
                else
                {
                    int64_t parsed = 0;
                    error = ParseInteger(option,
                                         text,
                                         std::numeric_limits<T>::min(),
                                         std::numeric_limits<T>::max(),
                                         parsed);
                    value = error.empty() ? static_cast<T>(parsed) : value;
                }
                if (!error.empty())
                {
                    errors->push_back(error);
                }
                return true;
            },
            current.str());
    }
    else if constexpr (std::is_floating_point_v<T>)
    {
        current << value;
        CommandLine::AddValue(
            name,
            help,
            [option, errors, &value](const std::string& text) {
                double parsed = 0;
                const std::string error = ParseReal(option, text, parsed);
                if (!error.empty())
                {
                    errors->push_back(error);
                }
                else
                {
                    value = static_cast<T>(parsed);
                }
                return true;
            },
            current.str());
    }
    else if constexpr (std::is_same_v<T, Time> || std::is_same_v<T, DataRate>)
    {
        if constexpr (std::is_same_v<T, Time>)
        {
            current << value.As(Time::S);
        }
        else
        {
            current << value;
        }
        CommandLine::AddValue(
            name,
            help,
            [option, errors, &value](const std::string& text) {
                T parsed;
                std::string error;
                if constexpr (std::is_same_v<T, Time>)
                {
                    error = ParseTime(option, text, parsed);
                }
                else
                {
                    error = ParseDataRate(option, text, parsed);
                }
                if (!error.empty())
                {
                    errors->push_back(error);
                }
                else
                {
                    value = parsed;
                }
                return true;
            },
            current.str());
    }
    else if constexpr (std::is_same_v<T, std::string>)
    {
        CommandLine::AddValue(
            name,
            help,
            [&value](const std::string& text) {
                value = text;
                return true;
            },
            value);
    }
    else
    {
        CommandLine::AddValue(name, help, value);
    }
}

} // namespace sagin
} // namespace ns3

#endif // SAGIN_EXAMPLE_COMMAND_LINE_H
