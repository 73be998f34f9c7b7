// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_JULIAN_DATE_H
#define SAGIN_JULIAN_DATE_H

#include <string>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Julian date of a UTC calendar instant (Vallado, Fundamentals of Astrodynamics and
 * Applications, 4th ed., algorithm 14), valid from 1900 to 2100.
 * \param year four-digit year
 * \param month 1..12
 * \param day 1..31
 * \param hour 0..23
 * \param minute 0..59
 * \param second 0..60 (s)
 * \return Julian date (days)
 */
double JulianDate(int year, int month, int day, int hour, int minute, double second);

/**
 * \ingroup sagin
 * \param year four-digit year
 * \param dayOfYear day of the year with fraction, 1.0 = 1 January 00:00 UTC (TLE epoch form)
 * \return Julian date (days)
 */
double JulianDateFromDayOfYear(int year, double dayOfYear);

/**
 * \ingroup sagin
 * Parse an ISO-8601 UTC instant "YYYY-MM-DDTHH:MM:SS[.s][Z]" (a space may replace 'T').
 * Throws std::invalid_argument naming the text and the expected form.
 * \param text the instant
 * \return Julian date (days)
 */
double ParseUtcInstant(const std::string& text);

/**
 * \ingroup sagin
 * \param julianDate Julian date (days)
 * \return the instant as "YYYY-MM-DDTHH:MM:SS.sssZ" (milliseconds)
 */
std::string FormatUtcInstant(double julianDate);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_JULIAN_DATE_H
