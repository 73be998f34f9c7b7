// SPDX-License-Identifier: GPL-2.0-only

#include "julian-date.h"

#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

double
JulianDate(int year, int month, int day, int hour, int minute, double second)
{
    return 367.0 * year - std::floor(7.0 * (year + std::floor((month + 9) / 12.0)) * 0.25) +
           std::floor(275.0 * month / 9.0) + day + 1721013.5 +
           ((second / 60.0 + minute) / 60.0 + hour) / 24.0;
}

double
JulianDateFromDayOfYear(int year, double dayOfYear)
{
    // Day 1.0 is 1 January 00:00, so day 0.0 is 31 December of the year before.
    return JulianDate(year, 1, 1, 0, 0, 0.0) + dayOfYear - 1.0;
}

double
ParseUtcInstant(const std::string& text)
{
    int year = 0;
    int month = 0;
    int day = 0;
    int hour = 0;
    int minute = 0;
    double second = 0;
    char separator = 0;
    int consumed = 0;
    const int fields = std::sscanf(text.c_str(),
                                   "%4d-%2d-%2d%c%2d:%2d:%lf%n",
                                   &year,
                                   &month,
                                   &day,
                                   &separator,
                                   &hour,
                                   &minute,
                                   &second,
                                   &consumed);
    const std::string rest = fields == 7 ? text.substr(consumed) : "";
    const bool valid = fields == 7 && (separator == 'T' || separator == ' ') &&
                       (rest.empty() || rest == "Z") && year >= 1900 && year < 2100 && month >= 1 &&
                       month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour < 24 &&
                       minute >= 0 && minute < 60 && second >= 0 && second < 61;
    if (!valid)
    {
        throw std::invalid_argument("UTC instant '" + text +
                                    "' is not of the form YYYY-MM-DDTHH:MM:SS[.s][Z] between "
                                    "1900 and 2099, e.g. 2024-03-01T12:00:00Z");
    }
    return JulianDate(year, month, day, hour, minute, second);
}

std::string
FormatUtcInstant(double julianDate)
{
    // Civil day number (its noon has this Julian date) and milliseconds since its midnight;
    // a double Julian date resolves about 40 us, so milliseconds are all it can print.
    long long dayNumber = static_cast<long long>(std::floor(julianDate + 0.5));
    long long milliseconds = std::llround((julianDate + 0.5 - dayNumber) * 86400e3);
    if (milliseconds >= 86400000LL)
    {
        ++dayNumber;
        milliseconds -= 86400000LL;
    }
    // Fliegel and Van Flandern, Communications of the ACM 11(10), 1968: day number to date.
    long long l = dayNumber + 68569;
    const long long n = 4 * l / 146097;
    l -= (146097 * n + 3) / 4;
    const long long i = 4000 * (l + 1) / 1461001;
    l = l - 1461 * i / 4 + 31;
    const long long j = 80 * l / 2447;
    const long long day = l - 2447 * j / 80;
    l = j / 11;
    const long long month = j + 2 - 12 * l;
    const long long year = 100 * (n - 49) + i + l;
    char buffer[128];
    std::snprintf(buffer,
                  sizeof(buffer),
                  "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%03lldZ",
                  year,
                  month,
                  day,
                  milliseconds / 3600000LL,
                  milliseconds / 60000LL % 60,
                  milliseconds / 1000LL % 60,
                  milliseconds % 1000LL);
    return buffer;
}

} // namespace sagin
} // namespace ns3
