// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_TWO_LINE_ELEMENT_H
#define SAGIN_TWO_LINE_ELEMENT_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * \brief One NORAD two-line element set (TLE), every field with its unit.
 *
 * The fixed-column format is the one of Hoots and Roehrich, Spacetrack Report #3 (1980),
 * appendix, and of CelesTrak's "NORAD Two-Line Element Set Format" page:
 *
 * \verbatim
   1 NNNNNC NNNNNAAA NNNNN.NNNNNNNN +.NNNNNNNN +NNNNN-N +NNNNN-N N NNNNN
   2 NNNNN NNN.NNNN NNN.NNNN NNNNNNN NNN.NNNN NNN.NNNN NN.NNNNNNNNNNNNNN
   \endverbatim
 *
 * The elements are SGP4 mean elements in the TEME frame of the epoch: feed them to
 * Sgp4Propagator, not to a Keplerian propagator.
 */
struct TwoLineElement
{
    std::string name; //!< satellite name from the line before line 1 (3-line format), or empty

    // Line 1
    uint32_t catalogNumber{0};           //!< NORAD catalogue number (Alpha-5 "A0000" decoded)
    char classification{'U'};            //!< 'U' unclassified, 'C' classified, 'S' secret
    std::string internationalDesignator; //!< COSPAR id "YYNNNPPP" (launch year, number, piece)
    int epochYear{0};                    //!< four-digit epoch year (TLE years 57..99 are 19xx)
    double epochDayOfYear{0}; //!< epoch day of the year with fraction, 1.0 = 1 Jan 00:00 UTC
    /**
     * Epoch as a UTC Julian date (days), derived from epochYear and epochDayOfYear by
     * ParseTwoLineElement. Sgp4Propagator recomputes it from those two, so an element set built
     * by hand needs only them.
     */
    double epochJulianDate{0};
    double meanMotionDot{0};  //!< first derivative of mean motion divided by 2 (rev/day^2)
    double meanMotionDdot{0}; //!< second derivative of mean motion divided by 6 (rev/day^3)
    double bstar{0};          //!< SGP4 drag term B* (1/Earth radii)
    int ephemerisType{0};     //!< 0 (or blank) for SGP4 elements
    int elementSetNumber{0};  //!< element set number, incremented by the producer

    // Line 2
    double inclination{0};       //!< mean inclination (degrees, 0..180)
    double rightAscension{0};    //!< mean right ascension of the ascending node (degrees, 0..360)
    double eccentricity{0};      //!< mean eccentricity (dimensionless, 0..1)
    double argumentOfPerigee{0}; //!< mean argument of perigee (degrees, 0..360)
    double meanAnomaly{0};       //!< mean anomaly (degrees, 0..360)
    double meanMotion{0};        //!< Kozai mean motion (revolutions/day)
    int revolutionNumber{0};     //!< revolution number at epoch (revolutions)

    /**
     * Whatever follows column 69 of line 2, trimmed; empty in a standard TLE. Vallado's
     * verification file SGP4-VER.TLE puts the start, stop and step times (minutes from epoch)
     * of the verification run there.
     */
    std::string trailingText;
};

/**
 * \ingroup sagin
 * The modulo-10 TLE checksum of columns 1 to 68 of a line: digits count their value, '-'
 * counts 1, everything else 0.
 * \param line a TLE line (only its first 68 characters are read)
 * \return the checksum digit 0..9, which column 69 should hold
 */
int ComputeTleChecksum(const std::string& line);

/**
 * \ingroup sagin
 * Parse one element set. Line 1 must be exactly 69 columns (a trailing carriage return or
 * trailing blanks are ignored); line 2 must have at least 69 and may carry text after
 * column 69, which lands in TwoLineElement::trailingText.
 *
 * Throws std::invalid_argument naming the line, the columns, the field and what to fix when a
 * line is too short, has the wrong line number digit or a non-blank separator column, a field
 * is not a number, the checksum does not match, the catalogue numbers of the two lines differ,
 * or an element is out of range (see ValidateTwoLineElement).
 *
 * \param line1 line 1
 * \param line2 line 2
 * \param name the satellite name (3-line format), stored as is apart from trimming
 * \param verifyChecksum check column 69 of both lines. Leave it on: only test material such as
 *        Vallado's SGP4-VER.TLE, whose hand-made error cases 33333-33335 carry wrong
 *        checksums, needs it off.
 * \return the element set
 */
TwoLineElement ParseTwoLineElement(const std::string& line1,
                                   const std::string& line2,
                                   const std::string& name = "",
                                   bool verifyChecksum = true);

/**
 * \ingroup sagin
 * Read every element set of a text file in 2-line or 3-line (name line first) format, or a
 * mix of both. Blank lines and lines whose first non-blank character is '#' are skipped; a
 * 3-line name may start with "0 " (Space-Track's form), which is removed. DOS line ends are
 * accepted.
 *
 * Throws std::invalid_argument naming the file and line number when the file cannot be read,
 * a line 1 is not followed by its line 2, a line 2 or a name has no line 1, or any element
 * set fails ParseTwoLineElement.
 *
 * \param path the file
 * \param verifyChecksum as for ParseTwoLineElement
 * \return the element sets in file order
 */
std::vector<TwoLineElement> ReadTleFile(const std::string& path, bool verifyChecksum = true);

/**
 * \ingroup sagin
 * Check the ranges of an element set built by hand (ParseTwoLineElement calls it too):
 * eccentricity in [0, 1), inclination in [0, 180] degrees, node, argument of perigee and mean
 * anomaly in [0, 360] degrees, mean motion > 0, epoch day of year in [1, 367), four-digit
 * epoch year 1957..2056 and finite values. Throws std::invalid_argument naming the field,
 * its value, the allowed range and the satellite.
 * \param tle the element set
 */
void ValidateTwoLineElement(const TwoLineElement& tle);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_TWO_LINE_ELEMENT_H
