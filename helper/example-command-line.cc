// SPDX-License-Identifier: GPL-2.0-only

#include "example-command-line.h"

#include "ns3/global-value.h"
#include "ns3/log.h"
#include "ns3/type-id.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

namespace
{

/**
 * \param option the option
 * \param text its value
 * \return "--option=text", quoted when the value is empty or has spaces
 */
std::string
Given(const std::string& option, const std::string& text)
{
    if (text.empty() || text.find_first_of(" \t") != std::string::npos)
    {
        return option + "='" + text + "'";
    }
    return option + "=" + text;
}

/**
 * \param text a value
 * \return whether it is an optional sign followed by decimal digits only
 */
bool
IsWholeNumber(const std::string& text)
{
    const std::size_t start = (!text.empty() && (text[0] == '-' || text[0] == '+')) ? 1 : 0;
    return text.size() > start && text.find_first_not_of("0123456789", start) == std::string::npos;
}

} // namespace

ExampleCommandLine::ExampleCommandLine(const std::string& filename)
    : CommandLine(filename),
      m_errors(std::make_shared<std::vector<std::string>>())
{
    AddValue("verbose",
             "log what the module does: every Sagin log component (the example's own too) "
             "at INFO, with time and node (needs a build with logging, the default)",
             m_verbose);
}

std::string
ExampleCommandLine::ParseInteger(const std::string& option,
                                 const std::string& text,
                                 int64_t min,
                                 int64_t max,
                                 int64_t& value)
{
    const std::string range =
        "give a whole number from " + std::to_string(min) + " to " + std::to_string(max);
    if (!IsWholeNumber(text))
    {
        return Given(option, text) + " is not a whole number; " + range;
    }
    errno = 0;
    const long long parsed = std::strtoll(text.c_str(), nullptr, 10);
    if (errno == ERANGE || parsed < min || parsed > max)
    {
        return Given(option, text) + " is out of range; " + range;
    }
    value = parsed;
    return "";
}

std::string
ExampleCommandLine::ParseUnsigned(const std::string& option,
                                  const std::string& text,
                                  uint64_t min,
                                  uint64_t max,
                                  uint64_t& value)
{
    const std::string range =
        "give a whole number from " + std::to_string(min) + " to " + std::to_string(max);
    if (!IsWholeNumber(text))
    {
        return Given(option, text) + " is not a whole number; " + range;
    }
    if (text[0] == '-')
    {
        // istream would wrap it around to a huge value.
        return Given(option, text) + " is negative; " + range;
    }
    errno = 0;
    const unsigned long long parsed = std::strtoull(text.c_str(), nullptr, 10);
    if (errno == ERANGE || parsed < min || parsed > max)
    {
        return Given(option, text) + " is out of range; " + range;
    }
    value = parsed;
    return "";
}

std::string
ExampleCommandLine::ParseReal(const std::string& option, const std::string& text, double& value)
{
    const std::size_t first = text.find_first_not_of(" \t");
    char* end = nullptr;
    errno = 0;
    const double parsed = first == std::string::npos ? 0.0 : std::strtod(text.c_str(), &end);
    if (first != 0 || end == text.c_str() || *end != '\0')
    {
        return Given(option, text) + " is not a number; give a decimal number such as 0.5 or 2e9";
    }
    if (errno == ERANGE || !std::isfinite(parsed))
    {
        return Given(option, text) + " is not a finite number a double can hold; give a number " +
               "between -1.7e308 and 1.7e308";
    }
    value = parsed;
    return "";
}

std::string
ExampleCommandLine::ParseTime(const std::string& option, const std::string& text, Time& value)
{
    // ns-3's units (Time::Unit) by their suffix in Time's own parser (none means seconds),
    // with their length in seconds (a year is 365 days, as in ns-3).
    static const std::map<std::string, std::pair<Time::Unit, double>> units{
        {"", {Time::S, 1}},
        {"s", {Time::S, 1}},
        {"ms", {Time::MS, 1e-3}},
        {"us", {Time::US, 1e-6}},
        {"ns", {Time::NS, 1e-9}},
        {"ps", {Time::PS, 1e-12}},
        {"fs", {Time::FS, 1e-15}},
        {"min", {Time::MIN, 60}},
        {"h", {Time::H, 3600}},
        {"d", {Time::D, 86400}},
        {"y", {Time::Y, 365 * 86400.0}}};
    const std::size_t suffix = text.find_first_not_of("0123456789.+-eE");
    const auto unit = units.find(suffix == std::string::npos ? "" : text.substr(suffix));
    double number = 0;
    if (unit == units.end() || !ParseReal(option, text.substr(0, suffix), number).empty())
    {
        return Given(option, text) + " is not a time; give a number and a unit (s, ms, us, " +
               "ns, ps, fs, min, h, d or y), e.g. 100ms";
    }
    // Just below Time::Max(): its value in seconds, rounded to a double, would overflow.
    const double maxSeconds = std::floor(Time::Max().GetSeconds() * (1 - 1e-12));
    const double seconds = number * unit->second.second;
    if (!(std::abs(seconds) <= maxSeconds))
    {
        return Given(option, text) + " is beyond ns-3's time (64-bit nanoseconds: up to " +
               std::to_string(static_cast<int64_t>(maxSeconds)) +
               " s, 292 years); give a shorter time";
    }
    value = Time::FromDouble(number, unit->second.first);
    return "";
}

std::string
ExampleCommandLine::ParseDataRate(const std::string& option,
                                  const std::string& text,
                                  DataRate& value)
{
    std::istringstream in(text);
    DataRate rate;
    // DataRate's own parser; a sign is not part of any rate it reads.
    const bool parsed = !text.empty() && text.find('-') == std::string::npos &&
                        static_cast<bool>(in >> rate) && (in >> std::ws).eof();
    if (!parsed)
    {
        return option + "='" + text +
               "' is not a data rate; give a rate with its unit, e.g. 10Gbps or 500kbps";
    }
    value = rate;
    return "";
}

std::string
ExampleCommandLine::CheckAttributeText(const std::string& option,
                                       const std::string& text,
                                       const AttributeChecker& checker)
{
    const std::string info = checker.GetUnderlyingTypeInformation();
    // A pointer checker: "ns3::Ptr< ns3::X >"; ns-3 aborts on a TypeId it cannot create.
    const std::string pointer = "ns3::Ptr< ";
    if (info.rfind(pointer, 0) == 0 && info.size() > pointer.size() + 2)
    {
        const std::string base = info.substr(pointer.size(), info.size() - pointer.size() - 2);
        const std::string name = text.substr(0, text.find('['));
        TypeId tid;
        TypeId baseTid;
        if (!TypeId::LookupByNameFailSafe(name, &tid) || !tid.HasConstructor() ||
            (TypeId::LookupByNameFailSafe(base, &baseTid) && !tid.IsChildOf(baseTid)))
        {
            return Given(option, text) + " is not a TypeId that can be created as a " + base +
                   "; give a subclass of " + base +
                   " that has a constructor (--PrintTypeIds "
                   "lists the TypeIds)";
        }
        return "";
    }
    // A Time checker ("Time <min>:<max>"): ns-3 aborts on a time it cannot parse.
    if (info.rfind("Time ", 0) == 0)
    {
        Time value;
        return ParseTime(option, text, value);
    }
    // Numeric checkers describe themselves as "<type> <min>:<max>", e.g. "uint32_t 0:4294967295".
    const std::size_t space = info.find(' ');
    const std::size_t colon = info.find(':', space == std::string::npos ? 0 : space + 2);
    if (space == std::string::npos || colon == std::string::npos)
    {
        return "";
    }
    const std::string type = info.substr(0, space);
    const std::string min = info.substr(space + 1, colon - space - 1);
    const std::string max = info.substr(colon + 1);
    try
    {
        if (type.rfind("uint", 0) == 0)
        {
            uint64_t value = 0;
            return ParseUnsigned(option, text, std::stoull(min), std::stoull(max), value);
        }
        if (type.rfind("int", 0) == 0)
        {
            int64_t value = 0;
            return ParseInteger(option, text, std::stoll(min), std::stoll(max), value);
        }
        if (type == "double" || type == "float")
        {
            double value = 0;
            std::string error = ParseReal(option, text, value);
            if (error.empty() && !(value >= std::stod(min) && value <= std::stod(max)))
            {
                error = Given(option, text) + " is out of range; give a number in [" + min + ", " +
                        max + "]";
            }
            return error;
        }
    }
    catch (const std::exception&)
    {
        // A checker described otherwise: ns-3 reads the value itself.
    }
    return "";
}

void
ExampleCommandLine::Parse(int argc, char* argv[])
{
    // Global values and attribute defaults: ns-3 reads their numbers with an istream, which
    // wraps "-1" for an unsigned type and aborts on "abc" (NS_ABORT_MSG_UNLESS in
    // DeserializeFromString); check the text before it gets there.
    for (int i = 1; i < argc; ++i)
    {
        const std::string argument = argv[i];
        const std::size_t dashes = argument.find_first_not_of('-');
        const std::size_t equals = argument.find('=');
        if (dashes == 0 || dashes == std::string::npos || equals == std::string::npos)
        {
            continue;
        }
        const std::string name = argument.substr(dashes, equals - dashes);
        const std::string text = argument.substr(equals + 1);
        const std::string option = "--" + name;
        if (m_names.count(name))
        {
            continue;
        }
        uint64_t parsed = 0;
        std::string error;
        if (name == "RngRun")
        {
            error = ParseUnsigned(option,
                                  text,
                                  0,
                                  static_cast<uint64_t>(std::numeric_limits<int64_t>::max()),
                                  parsed);
        }
        else if (name == "RngSeed")
        {
            // ns-3's RngStream aborts on 0 and on seeds from its modulus m2 = 4294944443 up.
            error = ParseUnsigned(option, text, 1, 4294944442ULL, parsed);
        }
        else
        {
            Ptr<const AttributeChecker> checker;
            for (auto global = GlobalValue::Begin(); global != GlobalValue::End(); ++global)
            {
                checker = (*global)->GetName() == name ? (*global)->GetChecker() : checker;
            }
            const std::size_t colons = name.rfind("::");
            TypeId tid;
            TypeId::AttributeInformation attribute;
            if (!checker && colons != std::string::npos &&
                TypeId::LookupByNameFailSafe(name.substr(0, colons), &tid) &&
                tid.LookupAttributeByName(name.substr(colons + 2), &attribute))
            {
                checker = attribute.checker;
            }
            error = checker ? CheckAttributeText(option, text, *checker) : "";
        }
        if (!error.empty())
        {
            m_errors->push_back(error);
        }
    }
    if (m_errors->empty())
    {
        CommandLine::Parse(argc, argv);
    }
    if (!m_errors->empty())
    {
        std::string message;
        for (const std::string& error : *m_errors)
        {
            message += (message.empty() ? "" : "\n") + error;
        }
        m_errors->clear();
        throw std::invalid_argument(message);
    }
    if (m_verbose)
    {
        for (const auto& [name, component] : *LogComponent::GetComponentList())
        {
            if (name.rfind("Sagin", 0) == 0)
            {
                LogComponentEnable(name.c_str(),
                                   LogLevel(LOG_LEVEL_INFO | LOG_PREFIX_TIME | LOG_PREFIX_NODE));
            }
        }
    }
}

} // namespace sagin
} // namespace ns3
