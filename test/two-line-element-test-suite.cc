// SPDX-License-Identifier: GPL-2.0-only
//
// TLE parsing: fields of published element sets read by hand off the fixed columns, the epoch
// against a calendar computation, 2-line and 3-line files, and one test per kind of bad input.

#include "sagin-test-utils.h"

#include "ns3/test.h"
#include "ns3/two-line-element.h"

#include <cmath>
#include <fstream>
#include <stdexcept>
#include <string>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{

/// Vanguard 1 (SGP4-VER.TLE and python-sgp4's tests), line 1.
const std::string VANGUARD_1 =
    "1 00005U 58002B   00179.78495062  .00000023  00000-0  28098-4 0  4753";
/// Vanguard 1, line 2.
const std::string VANGUARD_2 =
    "2 00005  34.2682 348.7242 1859667 331.7664  19.3264 10.82419157413667";

/**
 * \ingroup sagin-tests
 * \param line1 line 1
 * \param line2 line 2
 * \return the message of the std::invalid_argument ParseTwoLineElement throws, or ""
 */
std::string
ParseError(const std::string& line1, const std::string& line2)
{
    return MessageOf<std::invalid_argument>([&]() { ParseTwoLineElement(line1, line2); });
}

/**
 * \ingroup sagin-tests
 * \param path a file
 * \return the message of the std::invalid_argument ReadTleFile throws, or ""
 */
std::string
ReadError(const std::string& path, bool verifyChecksum = true)
{
    return MessageOf<std::invalid_argument>([&]() { ReadTleFile(path, verifyChecksum); });
}

/**
 * \ingroup sagin-tests
 * \param line a TLE line with a wrong or no checksum
 * \return the line with column 69 set to its checksum
 */
std::string
WithChecksum(std::string line)
{
    line.resize(68);
    return line + std::to_string(ComputeTleChecksum(line));
}

} // namespace

/**
 * \ingroup sagin-tests
 * Every field of published element sets, read by hand off the columns of the lines.
 */
class TleFieldsTestCase : public TestCase
{
  public:
    TleFieldsTestCase()
        : TestCase("TLE fields of known element sets")
    {
    }

  private:
    void DoRun() override
    {
        const TwoLineElement tle = ParseTwoLineElement(VANGUARD_1, VANGUARD_2, "  VANGUARD 1 ");
        NS_TEST_EXPECT_MSG_EQ(tle.name, "VANGUARD 1", "name, trimmed");
        NS_TEST_EXPECT_MSG_EQ(tle.catalogNumber, 5u, "columns 3-7 '00005'");
        NS_TEST_EXPECT_MSG_EQ(tle.classification, 'U', "column 8");
        NS_TEST_EXPECT_MSG_EQ(tle.internationalDesignator, "58002B", "columns 10-17");
        NS_TEST_EXPECT_MSG_EQ(tle.epochYear, 2000, "columns 19-20 '00'");
        NS_TEST_EXPECT_MSG_EQ_TOL(tle.epochDayOfYear, 179.78495062, 1e-12, "columns 21-32");
        NS_TEST_EXPECT_MSG_EQ_TOL(tle.meanMotionDot, 0.00000023, 1e-20, "' .00000023'");
        NS_TEST_EXPECT_MSG_EQ(tle.meanMotionDdot, 0.0, "' 00000-0'");
        NS_TEST_EXPECT_MSG_EQ_TOL(tle.bstar, 0.28098e-4, 1e-18, "' 28098-4'");
        NS_TEST_EXPECT_MSG_EQ(tle.ephemerisType, 0, "column 63");
        NS_TEST_EXPECT_MSG_EQ(tle.elementSetNumber, 475, "columns 65-68 ' 475'");
        NS_TEST_EXPECT_MSG_EQ_TOL(tle.inclination, 34.2682, 1e-12, "columns 9-16");
        NS_TEST_EXPECT_MSG_EQ_TOL(tle.rightAscension, 348.7242, 1e-12, "columns 18-25");
        NS_TEST_EXPECT_MSG_EQ_TOL(tle.eccentricity, 0.1859667, 1e-15, "columns 27-33");
        NS_TEST_EXPECT_MSG_EQ_TOL(tle.argumentOfPerigee, 331.7664, 1e-12, "columns 35-42");
        NS_TEST_EXPECT_MSG_EQ_TOL(tle.meanAnomaly, 19.3264, 1e-12, "columns 44-51");
        NS_TEST_EXPECT_MSG_EQ_TOL(tle.meanMotion, 10.82419157, 1e-12, "columns 53-63");
        NS_TEST_EXPECT_MSG_EQ(tle.revolutionNumber, 41366, "columns 64-68");
        NS_TEST_EXPECT_MSG_EQ(tle.trailingText, "", "nothing after column 69");
        // Day 179 of the leap year 2000 is 27 June; 1 January 2000 00:00 UTC is JD 2451544.5
        // (J2000.0, JD 2451545.0, is noon of that day), so 27 June 00:00 is 2451544.5 + 178
        // = 2451722.5, python-sgp4's jdsatepoch for this TLE.
        NS_TEST_EXPECT_MSG_EQ_TOL(tle.epochJulianDate,
                                  2451722.5 + 0.78495062,
                                  1e-8,
                                  "epoch Julian date (1e-8 day = 0.9 ms)");

        // Negative first and second derivatives and B* (SL-6 R/B and MOLNIYA 1-83 of
        // SGP4-VER.TLE); a 1980s year.
        const TwoLineElement sl6 = ParseTwoLineElement(
            "1 16925U 86065D   06151.67415771  .02550794 -30915-6  18784-3 0  4486",
            "2 16925  62.0906 295.0239 5596327 245.1593  47.9690  4.88511875148616");
        NS_TEST_EXPECT_MSG_EQ_TOL(sl6.meanMotionDdot, -0.30915e-6, 1e-20, "'-30915-6'");
        NS_TEST_EXPECT_MSG_EQ_TOL(sl6.bstar, 0.18784e-3, 1e-18, "' 18784-3'");
        NS_TEST_EXPECT_MSG_EQ(sl6.internationalDesignator, "86065D", "designator");
        NS_TEST_EXPECT_MSG_EQ(sl6.revolutionNumber, 14861, "revolution number");
        const TwoLineElement molniya = ParseTwoLineElement(
            "1 21897U 92011A   06176.02341244 -.00001273  00000-0 -13525-3 0  3044",
            "2 21897  62.1749 198.0096 7421690 253.0462  20.1561  2.01269994104880");
        NS_TEST_EXPECT_MSG_EQ_TOL(molniya.meanMotionDot, -0.00001273, 1e-20, "'-.00001273'");
        NS_TEST_EXPECT_MSG_EQ_TOL(molniya.bstar, -0.13525e-3, 1e-18, "'-13525-3'");
        const TwoLineElement old = ParseTwoLineElement(
            "1 88888U          80275.98708465  .00073094  13844-3  66816-4 0    87",
            "2 88888  72.8435 115.9689 0086731  52.6988 110.5714 16.05824518  1058");
        NS_TEST_EXPECT_MSG_EQ(old.epochYear, 1980, "'80' is 1980");
        NS_TEST_EXPECT_MSG_EQ(old.internationalDesignator, "", "blank designator");
        NS_TEST_EXPECT_MSG_EQ(old.elementSetNumber, 8, "element set '   8'");
        NS_TEST_EXPECT_MSG_EQ(old.revolutionNumber, 105, "revolution ' 105'");
        // 1980 is a leap year: day 275.98708465 is 1 October (JD 2444513.5 at 00:00, from
        // 1 January 1980 = JD 2444239.5 + 274).
        NS_TEST_EXPECT_MSG_EQ_TOL(old.epochJulianDate, 2444513.5 + 0.98708465, 1e-8, "1980 epoch");

        // Alpha-5 catalogue numbers: 'A' is 10, so A0005 is 100005 (letters add nothing to the
        // checksum, so Vanguard's digits stay valid).
        std::string alpha1 = VANGUARD_1;
        std::string alpha2 = VANGUARD_2;
        alpha1[2] = 'A';
        alpha2[2] = 'A';
        NS_TEST_EXPECT_MSG_EQ(ParseTwoLineElement(alpha1, alpha2).catalogNumber,
                              100005u,
                              "Alpha-5");

        // Published checksums (column 69) of the lines above.
        NS_TEST_EXPECT_MSG_EQ(ComputeTleChecksum(VANGUARD_1), 3, "line 1 checksum");
        NS_TEST_EXPECT_MSG_EQ(ComputeTleChecksum(VANGUARD_2), 7, "line 2 checksum");
        NS_TEST_EXPECT_MSG_EQ(ComputeTleChecksum("1 21897U 92011A   06176.02341244 "
                                                 "-.00001273  00000-0 -13525-3 0  3044"),
                              4,
                              "minus signs count 1");

        // Vallado's verification file puts start, stop and step after column 69 of line 2.
        const TwoLineElement verification =
            ParseTwoLineElement(VANGUARD_1, VANGUARD_2 + "     0.00      4320.0        360.00\r");
        NS_TEST_EXPECT_MSG_EQ(verification.trailingText, "0.00      4320.0        360.00", "");
    }
};

/**
 * \ingroup sagin-tests
 * 2-line and 3-line files, mixed, with comments and blank lines; Vallado's verification file.
 */
class TleFileTestCase : public TestCase
{
  public:
    TleFileTestCase()
        : TestCase("TLE files in 2-line and 3-line format")
    {
    }

  private:
    void DoRun() override
    {
        const std::string data = std::string(NS_TEST_SOURCEDIR) + "/data/";
        const auto twoLine = ReadTleFile(data + "two-line.tle");
        NS_TEST_ASSERT_MSG_EQ(twoLine.size(), 2u, "two element sets");
        NS_TEST_EXPECT_MSG_EQ(twoLine[0].catalogNumber, 5u, "first");
        NS_TEST_EXPECT_MSG_EQ(twoLine[0].name, "", "no name");
        NS_TEST_EXPECT_MSG_EQ(twoLine[1].catalogNumber, 28057u, "second");
        NS_TEST_EXPECT_MSG_EQ_TOL(twoLine[1].eccentricity, 0.0000884, 1e-15, "'0000884'");
        NS_TEST_EXPECT_MSG_EQ(twoLine[1].elementSetNumber, 183, "' 183'");

        const auto threeLine = ReadTleFile(data + "three-line.tle");
        NS_TEST_ASSERT_MSG_EQ(threeLine.size(), 3u, "three element sets");
        NS_TEST_EXPECT_MSG_EQ(threeLine[0].name, "VANGUARD 1", "CelesTrak name");
        NS_TEST_EXPECT_MSG_EQ(threeLine[1].name, "CBERS 2", "Space-Track '0 ' removed");
        NS_TEST_EXPECT_MSG_EQ(threeLine[1].catalogNumber, 28057u, "CBERS 2");
        NS_TEST_EXPECT_MSG_EQ(threeLine[2].name, "", "a 2-line set among 3-line ones");
        NS_TEST_EXPECT_MSG_EQ(threeLine[2].catalogNumber, 6251u, "DELTA 1 DEB");
        NS_TEST_EXPECT_MSG_EQ_TOL(threeLine[2].meanMotion, 15.56387291, 1e-12, "mean motion");
        NS_TEST_EXPECT_MSG_EQ(threeLine[2].revolutionNumber, 677, "'  677'");

        // SGP4-VER.TLE: DOS line ends, '#' comments, extra columns on line 2. Its hand-made
        // error case 33333 (file line 100) has a wrong checksum, so it is read without
        // checksums; with them, the error names that line.
        const auto verification = ReadTleFile(data + "SGP4-VER.TLE", false);
        NS_TEST_EXPECT_MSG_EQ(verification.size(), 33u, "33 element sets");
        NS_TEST_EXPECT_MSG_EQ(verification.back().trailingText,
                              "1844000.0   1845100.0        5.00",
                              "start/stop/step of the last case");
        const std::string message = ReadError(data + "SGP4-VER.TLE");
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "SGP4-VER.TLE' line 100 (TLE line 1): checksum"),
                              true,
                              message);
    }
};

/**
 * \ingroup sagin-tests
 * One test per kind of bad input, each checking that the message says what is wrong.
 */
class TleBadInputTestCase : public TestCase
{
  public:
    TleBadInputTestCase()
        : TestCase("TLE bad input: clear errors")
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_EXPECT_MSG_EQ(ParseError(VANGUARD_1, VANGUARD_2), "", "the good TLE parses");

        // Malformed lines: too short, wrong line number, shifted columns, not a number.
        std::string message = ParseError(VANGUARD_1.substr(0, 60), VANGUARD_2);
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "TLE line 1: line is 60 characters long"),
                              true,
                              message);
        message = ParseError(VANGUARD_2, VANGUARD_1);
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "starts with '2 ' where '1 ' is expected"),
                              true,
                              message);
        message = ParseError(VANGUARD_1, WithChecksum(" " + VANGUARD_2));
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "TLE line 2: line starts with ' 2'"),
                              true,
                              message);
        std::string shifted = VANGUARD_2;
        shifted.erase(8, 1); // drop a blank before the inclination: the fields move left
        message = ParseError(VANGUARD_1, WithChecksum(shifted));
        NS_TEST_EXPECT_MSG_EQ(
            Contains(message, "column 17 is '3' but must be blank: the fields are shifted"),
            true,
            message);
        std::string letter = VANGUARD_2;
        letter[12] = 'X';
        message = ParseError(VANGUARD_1, WithChecksum(letter));
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "inclination (columns 9-16) is ' 34.X682'"),
                              true,
                              message);
        std::string bstar = VANGUARD_1;
        bstar[59] = 'x';
        message = ParseError(WithChecksum(bstar), VANGUARD_2);
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "B* drag term (columns 54-61)"), true, message);

        // Checksum failure: one digit changed, the checksum column left alone.
        std::string corrupted = VANGUARD_2;
        corrupted[10] = '5'; // inclination 35.2682
        message = ParseError(VANGUARD_1, corrupted);
        NS_TEST_EXPECT_MSG_EQ(
            Contains(message,
                     "TLE line 2: checksum mismatch: column 69 holds '7' but columns 1-68 sum to "
                     "8 (modulo 10; digits count their value, '-' counts 1)"),
            true,
            message);
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "fetch the element set again"), true, message);
        NS_TEST_EXPECT_MSG_EQ(ParseTwoLineElement(VANGUARD_1, corrupted, "", false).inclination,
                              35.2682,
                              "checksum verification off");

        // Lines of two different satellites (python-sgp4's tests use the same pair).
        message =
            ParseError(VANGUARD_1,
                       "2 00007  34.2682 348.7242 1859667 331.7664  19.3264 10.82419157413669");
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "catalogue number 7 differs from 5 on TLE line 1;"),
                              true,
                              message);

        // Out of range. The 7-digit eccentricity field cannot hold 1 or more, so that is
        // checked on a hand-made element set; the inclination can be 190 in the text.
        std::string inclination = VANGUARD_2;
        inclination.replace(8, 8, "190.0000");
        message = ParseError(VANGUARD_1, WithChecksum(inclination));
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "inclination (degrees) 190 is outside [0, 180]"),
                              true,
                              message);
        std::string meanMotion = VANGUARD_2;
        meanMotion.replace(52, 11, " 0.00000000");
        message = ParseError(VANGUARD_1, WithChecksum(meanMotion));
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "mean motion (rev/day) 0 is outside (0, inf)"),
                              true,
                              message);
        TwoLineElement hyperbolic = ParseTwoLineElement(VANGUARD_1, VANGUARD_2, "VANGUARD 1");
        hyperbolic.eccentricity = 1.0;
        message.clear();
        try
        {
            ValidateTwoLineElement(hyperbolic);
        }
        catch (const std::invalid_argument& e)
        {
            message = e.what();
        }
        NS_TEST_EXPECT_MSG_EQ(
            Contains(message, "satellite 5 'VANGUARD 1': eccentricity 1 is outside [0, 1)"),
            true,
            message);

        // Files: missing, and broken structure (with the line number in the message).
        message = ReadError(std::string(NS_TEST_SOURCEDIR) + "/data/no-such-file.tle");
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "no-such-file.tle' cannot be opened"),
                              true,
                              message);
        const std::string path = CreateTempDirFilename("broken.tle");
        {
            std::ofstream file(path);
            file << "# comment\nVANGUARD 1\n" << VANGUARD_1 << "\n\nCBERS 2\n";
        }
        message = ReadError(path);
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "broken.tle' line 3: line 1 is not followed by"),
                              true,
                              message);
        {
            std::ofstream file(path);
            file << "NAME ONE\nNAME TWO\n" << VANGUARD_1 << "\n" << VANGUARD_2 << "\n";
        }
        message = ReadError(path);
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "line 1: name line 'NAME ONE' is not followed"),
                              true,
                              message);
        {
            std::ofstream file(path);
            file << VANGUARD_2 << "\n";
        }
        message = ReadError(path);
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "line 1: line 2 without a line 1"), true, message);
        {
            std::ofstream file(path);
            file << "\n\n" << VANGUARD_1 << "\n" << corrupted << "\n";
        }
        message = ReadError(path);
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "broken.tle' line 4 (TLE line 2): checksum"),
                              true,
                              message);
    }
};

/**
 * \ingroup sagin-tests
 * The TLE TestSuite.
 */
class TwoLineElementTestSuite : public TestSuite
{
  public:
    TwoLineElementTestSuite()
        : TestSuite("sagin-two-line-element", Type::UNIT)
    {
        AddTestCase(new TleFieldsTestCase);
        AddTestCase(new TleFileTestCase);
        AddTestCase(new TleBadInputTestCase);
    }
};

static TwoLineElementTestSuite
    g_twoLineElementTestSuite; //!< Static variable for test initialization
