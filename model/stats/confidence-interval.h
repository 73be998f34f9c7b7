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

/** The mean of a sample and its standard error. */
struct MeanStandardError
{
    double mean{0.0}; //!< sample mean
    double se{0.0};   //!< standard error of the mean, s / sqrt(n) (0 for one value)
};

/**
 * \ingroup sagin
 * \param values a sample (may be empty: mean 0)
 * \return its mean and the standard error of the mean
 */
MeanStandardError MeanWithStandardError(const std::vector<double>& values);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CONFIDENCE_INTERVAL_H
