// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_CONFIDENCE_INTERVAL_H
#define SAGIN_CONFIDENCE_INTERVAL_H

#include <vector>

namespace ns3
{
namespace sagin
{

/** The mean of independent runs and the half-width of its confidence interval. */
struct MeanInterval
{
    double mean;      //!< sample mean
    double halfWidth; //!< t_{1 - (1 - level) / 2, n - 1} s / sqrt(n)
};

/**
 * \ingroup sagin
 * Student's t confidence interval of the mean of independent runs (one value each), as a
 * study reports a point averaged over runs.
 * \param values one value per run; throws std::invalid_argument for fewer than two (no
 *        spread to estimate) or a value that is not finite
 * \param level the confidence level in (0, 1), e.g. 0.95
 * \return the mean and the interval's half-width
 */
MeanInterval MeanWithInterval(const std::vector<double>& values, double level = 0.95);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CONFIDENCE_INTERVAL_H
