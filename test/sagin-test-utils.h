// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_TEST_UTILS_H
#define SAGIN_TEST_UTILS_H

#include "ns3/abort.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/test.h"

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace ns3
{
namespace sagin
{
namespace tests
{

/**
 * \ingroup sagin-tests
 * \param action what to do
 * \return the message of the exception of type E that action threw, or "" if it threw none
 */
template <typename E>
std::string
MessageOf(const std::function<void()>& action)
{
    try
    {
        action();
    }
    catch (const E& e)
    {
        return e.what();
    }
    return "";
}

/**
 * \ingroup sagin-tests
 * \param text a message
 * \param part what it should contain
 * \return whether it does
 */
inline bool
Contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

/**
 * \ingroup sagin-tests
 * \param action what should be refused
 * \param part what the refusal should say (the input's name)
 * \return "" when action threw std::invalid_argument whose message contains part, otherwise
 *         what happened instead (for the test's message)
 */
inline std::string
RefusalProblem(const std::function<void()>& action, const std::string& part)
{
    const std::string message = MessageOf<std::invalid_argument>(action);
    if (message.empty())
    {
        return "not refused";
    }
    return Contains(message, part) ? "" : "refused without '" + part + "': " + message;
}

/**
 * \ingroup sagin-tests
 * Restores the ns-3 seed and run when it goes out of scope, so a test that sets them leaves
 * the next test as it found it.
 */
class SeedRestorer
{
  public:
    SeedRestorer()
        : m_seed(RngSeedManager::GetSeed()),
          m_run(RngSeedManager::GetRun())
    {
    }

    ~SeedRestorer()
    {
        RngSeedManager::SetSeed(m_seed);
        RngSeedManager::SetRun(m_run);
    }

  private:
    uint32_t m_seed; //!< saved seed
    uint64_t m_run;  //!< saved run
};

/// Whether TestCase names its durations in an enum class Duration (ns-3.42 and later).
template <typename Case, typename = void>
struct HasDurationEnumClass : std::false_type
{
};

template <typename Case>
struct HasDurationEnumClass<Case, std::void_t<typename Case::Duration>> : std::true_type
{
};

/**
 * \return TestCase's EXTENSIVE duration, spelled as this ns-3 release wants it:
 *         TestCase::Duration::EXTENSIVE from ns-3.42 on (the old name is deprecated there),
 *         TestCase::EXTENSIVE in ns-3.37. (QUICK is AddTestCase's default in both.)
 */
template <typename Case = TestCase>
constexpr auto
ExtensiveTestDuration()
{
    if constexpr (HasDurationEnumClass<Case>::value)
    {
        return Case::Duration::EXTENSIVE;
    }
    else
    {
        return Case::EXTENSIVE;
    }
}

} // namespace tests
} // namespace sagin
} // namespace ns3

#endif // SAGIN_TEST_UTILS_H
