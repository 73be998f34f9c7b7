// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_BENCHMARK_RUN_COMPLETED_H
#define SAGIN_BENCHMARK_RUN_COMPLETED_H

#include <benchmark/benchmark.h>
#include <type_traits>
#include <utility>

/// Whether a reporter's Run says failure with error_occurred (Google Benchmark 1.7, Debian 12)
/// rather than with skipped (1.8 and later, Debian 13).
template <typename Run, typename = void>
struct RunHasErrorOccurred : std::false_type
{
};

template <typename Run>
struct RunHasErrorOccurred<Run, std::void_t<decltype(std::declval<Run>().error_occurred)>>
    : std::true_type
{
};

/** \return whether a benchmark run ran to its end (neither failed nor skipped) */
template <typename Run>
bool
RunCompleted(const Run& run)
{
    if constexpr (RunHasErrorOccurred<Run>::value)
    {
        return !run.error_occurred;
    }
    else
    {
        return !run.skipped; // NotSkipped is 0
    }
}

#endif // SAGIN_BENCHMARK_RUN_COMPLETED_H
