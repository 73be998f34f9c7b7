// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_BENCHMARK_PEAK_MEMORY_H
#define SAGIN_BENCHMARK_PEAK_MEMORY_H

#include <sys/resource.h>

/** \return the process's peak resident memory so far (MiB), as getrusage reports it */
inline double
PeakMebibytes()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;
}

#endif // SAGIN_BENCHMARK_PEAK_MEMORY_H
