// SPDX-License-Identifier: GPL-2.0-only

#include "confidence-interval.h"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace ns3
{
namespace sagin
{

MeanInterval
MeanWithInterval(const std::vector<double>& values, double level)
{
    if (values.size() < 2)
    {
        throw std::invalid_argument("MeanWithInterval: " + std::to_string(values.size()) +
                                    " value(s); an interval needs at least two runs");
    }
    if (!(level > 0.0 && level < 1.0))
    {
        throw std::invalid_argument("MeanWithInterval: confidence level " + std::to_string(level) +
                                    " is not in (0, 1)");
    }
    for (double v : values)
    {
        if (!std::isfinite(v))
        {
            throw std::invalid_argument("MeanWithInterval: a value is not finite");
        }
    }
    const double n = values.size();
    const double mean = std::accumulate(values.begin(), values.end(), 0.0) / n;
    double squares = 0;
    for (double v : values)
    {
        squares += (v - mean) * (v - mean);
    }
    const boost::math::students_t t(n - 1);
    const double quantile = boost::math::quantile(boost::math::complement(t, (1 - level) / 2));
    return {mean, quantile * std::sqrt(squares / (n - 1) / n)};
}

MeanStandardError
MeanWithStandardError(const std::vector<double>& values)
{
    MeanStandardError e;
    const double n = values.size();
    for (double v : values)
    {
        e.mean += v / n;
    }
    if (values.size() > 1)
    {
        double squares = 0.0;
        for (double v : values)
        {
            squares += (v - e.mean) * (v - e.mean);
        }
        e.se = std::sqrt(squares / (n - 1.0) / n);
    }
    return e;
}

} // namespace sagin
} // namespace ns3
