// SPDX-License-Identifier: GPL-2.0-only

#include "two-line-element.h"

#include "ns3/julian-date.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

namespace
{

/// The fixed-column layout, shown in error messages (N digit, C classification, A letter;
/// column 69 is the checksum).
const char* const LINE1_LAYOUT =
    "1 NNNNNC NNNNNAAA NNNNN.NNNNNNNN +.NNNNNNNN +NNNNN-N +NNNNN-N N NNNNN";
/// The fixed-column layout of line 2.
const char* const LINE2_LAYOUT =
    "2 NNNNN NNN.NNNN NNN.NNNN NNNNNNN NNN.NNNN NNN.NNNN NN.NNNNNNNNNNNNNN";
/// Columns per line, the last being the checksum.
constexpr std::size_t TLE_LINE_LENGTH = 69;

/**
 * Where the line being parsed came from, for error messages: "TLE line 1" or
 * "TLE file 'x.tle' line 12 (TLE line 1)".
 */
struct LineContext
{
    std::string where; //!< the line's description
    std::string text;  //!< the line, for quoting
};

/**
 * Throw std::invalid_argument with the line's description, the problem and the line itself.
 * \param line the line
 * \param problem what is wrong and how to fix it
 */
[[noreturn]] void
Fail(const LineContext& line, const std::string& problem)
{
    throw std::invalid_argument(line.where + ": " + problem + "\n  line:   '" + line.text + "'");
}

/**
 * \param text a string
 * \return text without leading and trailing white space
 */
std::string
Trim(const std::string& text)
{
    const auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos)
    {
        return "";
    }
    const auto end = text.find_last_not_of(" \t\r\n");
    return text.substr(begin, end - begin + 1);
}

/**
 * \param text a string
 * \return text without trailing white space (carriage returns of DOS files included)
 */
std::string
TrimRight(const std::string& text)
{
    const auto end = text.find_last_not_of(" \t\r\n");
    return end == std::string::npos ? "" : text.substr(0, end + 1);
}

/**
 * A fixed-column field of a TLE line.
 */
struct Field
{
    const char* name; //!< the field's name in messages
    int first;        //!< first column (1-based, as in the format documents)
    int last;         //!< last column (inclusive)
};

/**
 * \param line the line (at least 69 columns long)
 * \param field the field
 * \return the characters of the field
 */
std::string
Columns(const LineContext& line, const Field& field)
{
    return line.text.substr(field.first - 1, field.last - field.first + 1);
}

/**
 * Throw for a field whose text is not what the format allows.
 * \param line the line
 * \param field the field
 * \param expected the expected form
 */
[[noreturn]] void
FailField(const LineContext& line, const Field& field, const std::string& expected)
{
    std::ostringstream msg;
    msg << field.name << " (columns " << field.first << "-" << field.last << ") is '"
        << Columns(line, field) << "', which is not " << expected
        << "; TLE fields sit in fixed columns, so check that no column was added or lost";
    Fail(line, msg.str());
}

/**
 * \param text trimmed text
 * \return whether text is [+-]digits[.digits] or [+-].digits with at least one digit
 */
bool
IsDecimal(const std::string& text)
{
    std::size_t i = 0;
    if (i < text.size() && (text[i] == '+' || text[i] == '-'))
    {
        ++i;
    }
    bool digits = false;
    bool point = false;
    for (; i < text.size(); ++i)
    {
        if (std::isdigit(static_cast<unsigned char>(text[i])))
        {
            digits = true;
        }
        else if (text[i] == '.' && !point)
        {
            point = true;
        }
        else
        {
            return false;
        }
    }
    return digits;
}

/**
 * Convert a string that passed IsDecimal, correctly rounded and independent of the locale.
 * \param text the number
 * \return its value
 */
double
ToDouble(const std::string& text)
{
    const bool negative = !text.empty() && text[0] == '-';
    const std::size_t skip = (!text.empty() && (text[0] == '-' || text[0] == '+')) ? 1 : 0;
    double value = 0;
    std::from_chars(text.data() + skip, text.data() + text.size(), value);
    return negative ? -value : value;
}

/**
 * \param line the line
 * \param field a decimal field such as "NNN.NNNN", blanks around it allowed
 * \return its value
 */
double
ParseDecimal(const LineContext& line, const Field& field)
{
    const std::string text = Trim(Columns(line, field));
    if (!IsDecimal(text))
    {
        FailField(line, field, "a decimal number");
    }
    return ToDouble(text);
}

/**
 * \param line the line
 * \param field an integer field, blanks around it allowed
 * \param blankValue the value of an all-blank field, or a negative number if it may not be blank
 * \return its value
 */
int
ParseInteger(const LineContext& line, const Field& field, int blankValue)
{
    const std::string text = Trim(Columns(line, field));
    if (text.empty() && blankValue >= 0)
    {
        return blankValue;
    }
    int value = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || result.ec != std::errc() || result.ptr != text.data() + text.size())
    {
        FailField(line, field, blankValue >= 0 ? "an integer or blank" : "an integer");
    }
    return value;
}

/**
 * A number with an assumed leading decimal point and a power-of-ten exponent, " NNNNN-N"
 * (second derivative of mean motion / 6, and B*): sign or blank, up to five mantissa digits,
 * exponent sign and digit.
 * Computed as mantissa * 10^exponent, the way Vallado's twoline2rv does, so that B* is the
 * same double as in the code that produced the verification results.
 * \param line the line
 * \param field the field (8 columns)
 * \return its value
 */
double
ParseExponential(const LineContext& line, const Field& field)
{
    const std::string text = Trim(Columns(line, field));
    const bool valid = text.size() >= 3 &&
                       (text[text.size() - 2] == '-' || text[text.size() - 2] == '+') &&
                       std::isdigit(static_cast<unsigned char>(text.back()));
    const std::string mantissa = valid ? text.substr(0, text.size() - 2) : "";
    const std::string digits = (!mantissa.empty() && (mantissa[0] == '-' || mantissa[0] == '+'))
                                   ? mantissa.substr(1)
                                   : mantissa;
    if (!valid || digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos)
    {
        FailField(line, field, "of the form ' NNNNN-N' (assumed decimal point, exponent)");
    }
    const double value = ToDouble((mantissa[0] == '-' ? "-." : ".") + digits);
    const int exponent = (text[text.size() - 2] == '-' ? -1 : 1) * (text.back() - '0');
    return value * std::pow(10.0, exponent);
}

/**
 * Decode a catalogue number: five digits (leading blanks allowed) or Alpha-5, a letter
 * (A=10 ... Z=33, skipping I and O) followed by four digits.
 * \param line the line
 * \param field the catalogue number field
 * \return the number
 */
uint32_t
ParseCatalogNumber(const LineContext& line, const Field& field)
{
    const std::string text = Columns(line, field);
    const char first = text[0];
    if (std::isupper(static_cast<unsigned char>(first)) && first != 'I' && first != 'O')
    {
        const int high = first - 'A' + 10 - (first > 'I') - (first > 'O');
        const std::string digits = text.substr(1);
        if (digits.find_first_not_of("0123456789") != std::string::npos)
        {
            FailField(line, field, "a catalogue number (5 digits, or Alpha-5 like A1234)");
        }
        return static_cast<uint32_t>(high * 10000 + std::stoi(digits));
    }
    const std::string trimmed = Trim(text);
    if (trimmed.empty() || trimmed.find_first_not_of("0123456789") != std::string::npos)
    {
        FailField(line, field, "a catalogue number (5 digits, or Alpha-5 like A1234)");
    }
    return static_cast<uint32_t>(std::stoul(trimmed));
}

/**
 * Check the common structure of a line: length, line number digit, blank separators, the
 * checksum.
 * \param line the line, trailing blanks already removed
 * \param number 1 or 2
 * \param separators the columns that must be blank
 * \param verifyChecksum whether to check column 69
 */
void
CheckLine(const LineContext& line,
          char number,
          std::initializer_list<int> separators,
          bool verifyChecksum)
{
    const char* layout = number == '1' ? LINE1_LAYOUT : LINE2_LAYOUT;
    if (line.text.size() < TLE_LINE_LENGTH)
    {
        std::ostringstream msg;
        msg << "line is " << line.text.size() << " characters long, a TLE line has "
            << TLE_LINE_LENGTH << " (the last is the checksum); restore the missing columns:\n"
            << "  layout: '" << layout << "'";
        Fail(line, msg.str());
    }
    if (line.text[0] != number || line.text[1] != ' ')
    {
        std::ostringstream msg;
        msg << "line starts with '" << line.text.substr(0, 2) << "' where '" << number
            << " ' is expected; give line 1 then line 2 of the same element set";
        Fail(line, msg.str());
    }
    for (int column : separators)
    {
        if (line.text[column - 1] != ' ')
        {
            std::ostringstream msg;
            msg << "column " << column << " is '" << line.text[column - 1]
                << "' but must be blank: the fields are shifted, compare with the layout\n"
                << "  layout: '" << layout << "'";
            Fail(line, msg.str());
        }
    }
    if (verifyChecksum)
    {
        const char given = line.text[TLE_LINE_LENGTH - 1];
        const int computed = ComputeTleChecksum(line.text);
        if (given != '0' + computed)
        {
            std::ostringstream msg;
            msg << "checksum mismatch: column 69 holds '" << given << "' but columns 1-68 sum to "
                << computed
                << " (modulo 10; digits count their value, '-' counts 1); the line was "
                   "corrupted or edited, fetch the element set again";
            Fail(line, msg.str());
        }
    }
}

/**
 * Throw for an element out of its range.
 * \param tle the element set
 * \param field the field's name
 * \param value its value
 * \param range the allowed range, as text
 */
[[noreturn]] void
FailRange(const TwoLineElement& tle, const char* field, double value, const char* range)
{
    std::ostringstream msg;
    msg.precision(10);
    msg << "TLE of satellite " << tle.catalogNumber;
    if (!tle.name.empty())
    {
        msg << " '" << tle.name << "'";
    }
    msg << ": " << field << " " << value << " is outside " << range
        << "; the element set is corrupt or not a TLE, fetch it again";
    throw std::invalid_argument(msg.str());
}

/**
 * \param line1 line 1 and where it came from
 * \param line2 line 2 and where it came from
 * \param name the satellite name
 * \param verifyChecksum whether to check column 69
 * \return the parsed element set
 */
TwoLineElement
Parse(LineContext line1, LineContext line2, const std::string& name, bool verifyChecksum)
{
    line1.text = TrimRight(line1.text);
    line2.text = TrimRight(line2.text);
    CheckLine(line1, '1', {2, 9, 18, 33, 44, 53, 62, 64}, verifyChecksum);
    CheckLine(line2, '2', {2, 8, 17, 26, 34, 43, 52}, verifyChecksum);
    if (line1.text.size() > TLE_LINE_LENGTH)
    {
        Fail(line1,
             "text after column 69 (the checksum); line 1 ends there, remove the extra text");
    }

    TwoLineElement tle;
    tle.name = Trim(name);

    tle.catalogNumber = ParseCatalogNumber(line1, {"catalogue number", 3, 7});
    const char classification = line1.text[7];
    if (classification != 'U' && classification != 'C' && classification != 'S' &&
        classification != ' ')
    {
        FailField(line1, {"classification", 8, 8}, "'U', 'C', 'S' or blank");
    }
    tle.classification = classification == ' ' ? 'U' : classification;
    tle.internationalDesignator = Trim(Columns(line1, {"international designator", 10, 17}));
    const Field yearField{"epoch year", 19, 20};
    const std::string year = Columns(line1, yearField);
    if (!std::isdigit(static_cast<unsigned char>(year[0])) ||
        !std::isdigit(static_cast<unsigned char>(year[1])))
    {
        FailField(line1, yearField, "a two-digit year");
    }
    const int twoDigitYear = std::stoi(year);
    // Spacetrack convention: 57..99 are 1957..1999 (Sputnik), 00..56 are 2000..2056.
    tle.epochYear = twoDigitYear < 57 ? 2000 + twoDigitYear : 1900 + twoDigitYear;
    tle.epochDayOfYear = ParseDecimal(line1, {"epoch day of year", 21, 32});
    tle.meanMotionDot = ParseDecimal(line1, {"first derivative of mean motion", 34, 43});
    tle.meanMotionDdot = ParseExponential(line1, {"second derivative of mean motion", 45, 52});
    tle.bstar = ParseExponential(line1, {"B* drag term", 54, 61});
    tle.ephemerisType = ParseInteger(line1, {"ephemeris type", 63, 63}, 0);
    tle.elementSetNumber = ParseInteger(line1, {"element set number", 65, 68}, 0);

    const uint32_t catalogNumber2 = ParseCatalogNumber(line2, {"catalogue number", 3, 7});
    if (catalogNumber2 != tle.catalogNumber)
    {
        std::ostringstream msg;
        msg << "catalogue number " << catalogNumber2 << " differs from " << tle.catalogNumber
            << " on " << line1.where
            << "; the two lines belong to different element sets, pair them again";
        Fail(line2, msg.str());
    }
    tle.inclination = ParseDecimal(line2, {"inclination", 9, 16});
    tle.rightAscension = ParseDecimal(line2, {"right ascension of the node", 18, 25});
    const Field eccentricityField{"eccentricity", 27, 33};
    std::string eccentricity = Columns(line2, eccentricityField);
    // Seven digits after an assumed decimal point; old element sets pad with blanks.
    for (char& c : eccentricity)
    {
        c = c == ' ' ? '0' : c;
    }
    if (eccentricity.find_first_not_of("0123456789") != std::string::npos)
    {
        FailField(line2, eccentricityField, "7 digits (assumed leading decimal point)");
    }
    tle.eccentricity = ToDouble("." + eccentricity);
    tle.argumentOfPerigee = ParseDecimal(line2, {"argument of perigee", 35, 42});
    tle.meanAnomaly = ParseDecimal(line2, {"mean anomaly", 44, 51});
    tle.meanMotion = ParseDecimal(line2, {"mean motion", 53, 63});
    tle.revolutionNumber = ParseInteger(line2, {"revolution number", 64, 68}, 0);
    tle.trailingText = Trim(line2.text.substr(TLE_LINE_LENGTH));

    try
    {
        ValidateTwoLineElement(tle);
    }
    catch (const std::invalid_argument& e)
    {
        throw std::invalid_argument(line1.where + " and " + line2.where + ": " + e.what());
    }
    tle.epochJulianDate = JulianDateFromDayOfYear(tle.epochYear, tle.epochDayOfYear);
    return tle;
}

/**
 * \param line a line
 * \param number '1' or '2'
 * \return whether the line starts like TLE line 1 or 2
 */
bool
StartsLike(const std::string& line, char number)
{
    return line.size() >= 2 && line[0] == number && line[1] == ' ';
}

} // namespace

int
ComputeTleChecksum(const std::string& line)
{
    int sum = 0;
    for (std::size_t i = 0; i < line.size() && i < TLE_LINE_LENGTH - 1; ++i)
    {
        const char c = line[i];
        if (std::isdigit(static_cast<unsigned char>(c)))
        {
            sum += c - '0';
        }
        else if (c == '-')
        {
            sum += 1;
        }
    }
    return sum % 10;
}

void
ValidateTwoLineElement(const TwoLineElement& tle)
{
    const std::pair<const char*, double> finite[] = {
        {"epoch day of year", tle.epochDayOfYear},
        {"first derivative of mean motion", tle.meanMotionDot},
        {"second derivative of mean motion", tle.meanMotionDdot},
        {"B* drag term", tle.bstar},
        {"inclination", tle.inclination},
        {"right ascension of the node", tle.rightAscension},
        {"eccentricity", tle.eccentricity},
        {"argument of perigee", tle.argumentOfPerigee},
        {"mean anomaly", tle.meanAnomaly},
        {"mean motion", tle.meanMotion},
    };
    for (const auto& [field, value] : finite)
    {
        if (!std::isfinite(value))
        {
            FailRange(tle, field, value, "the finite numbers");
        }
    }
    if (tle.epochYear < 1957 || tle.epochYear > 2056)
    {
        FailRange(tle, "epoch year", tle.epochYear, "1957..2056 (what a TLE can express)");
    }
    if (tle.epochDayOfYear < 1.0 || tle.epochDayOfYear >= 367.0)
    {
        FailRange(tle, "epoch day of year", tle.epochDayOfYear, "[1, 367) (1.0 = 1 Jan 00:00)");
    }
    if (tle.eccentricity < 0.0 || tle.eccentricity >= 1.0)
    {
        FailRange(tle, "eccentricity", tle.eccentricity, "[0, 1) (closed orbits)");
    }
    if (tle.inclination < 0.0 || tle.inclination > 180.0)
    {
        FailRange(tle, "inclination (degrees)", tle.inclination, "[0, 180]");
    }
    if (tle.rightAscension < 0.0 || tle.rightAscension > 360.0)
    {
        FailRange(tle, "right ascension of the node (degrees)", tle.rightAscension, "[0, 360]");
    }
    if (tle.argumentOfPerigee < 0.0 || tle.argumentOfPerigee > 360.0)
    {
        FailRange(tle, "argument of perigee (degrees)", tle.argumentOfPerigee, "[0, 360]");
    }
    if (tle.meanAnomaly < 0.0 || tle.meanAnomaly > 360.0)
    {
        FailRange(tle, "mean anomaly (degrees)", tle.meanAnomaly, "[0, 360]");
    }
    if (tle.meanMotion <= 0.0)
    {
        FailRange(tle, "mean motion (rev/day)", tle.meanMotion, "(0, inf)");
    }
}

TwoLineElement
ParseTwoLineElement(const std::string& line1,
                    const std::string& line2,
                    const std::string& name,
                    bool verifyChecksum)
{
    return Parse({"TLE line 1", line1}, {"TLE line 2", line2}, name, verifyChecksum);
}

std::vector<TwoLineElement>
ReadTleFile(const std::string& path, bool verifyChecksum)
{
    std::ifstream file(path);
    if (!file)
    {
        throw std::invalid_argument("TLE file '" + path +
                                    "' cannot be opened; check the path (relative paths start "
                                    "from the working directory) and the file's permissions");
    }
    auto where = [&path](int lineNumber) {
        return "TLE file '" + path + "' line " + std::to_string(lineNumber);
    };

    std::vector<TwoLineElement> elements;
    std::string name;
    int nameLine = 0;
    LineContext line1;
    int line1Number = 0;
    std::string text;
    int lineNumber = 0;
    while (std::getline(file, text))
    {
        ++lineNumber;
        const std::string trimmed = Trim(text);
        if (trimmed.empty() || trimmed[0] == '#')
        {
            continue;
        }
        if (line1Number != 0)
        {
            if (!StartsLike(text, '2'))
            {
                throw std::invalid_argument(where(line1Number) +
                                            ": line 1 is not followed by a line 2 (line " +
                                            std::to_string(lineNumber) + " is '" + TrimRight(text) +
                                            "'); every line 1 needs its line 2 right after it");
            }
            elements.push_back(
                Parse(line1, {where(lineNumber) + " (TLE line 2)", text}, name, verifyChecksum));
            line1Number = 0;
            name.clear();
            nameLine = 0;
        }
        else if (StartsLike(text, '1'))
        {
            line1 = {where(lineNumber) + " (TLE line 1)", text};
            line1Number = lineNumber;
        }
        else if (StartsLike(text, '2'))
        {
            throw std::invalid_argument(where(lineNumber) +
                                        ": line 2 without a line 1 before it ('" + TrimRight(text) +
                                        "'); every line 2 needs its line 1 right before it");
        }
        else
        {
            if (nameLine != 0)
            {
                throw std::invalid_argument(where(nameLine) + ": name line '" + name +
                                            "' is not followed by a line 1 (line " +
                                            std::to_string(lineNumber) + " is '" + trimmed +
                                            "'); a 3-line element set is name, line 1, line 2");
            }
            // Space-Track's 3-line format writes the name as "0 NAME".
            name = (trimmed.size() > 2 && trimmed[0] == '0' && trimmed[1] == ' ')
                       ? trimmed.substr(2)
                       : trimmed;
            nameLine = lineNumber;
        }
    }
    if (file.bad())
    {
        throw std::invalid_argument("TLE file '" + path +
                                    "' could not be read to its end (I/O "
                                    "error after line " +
                                    std::to_string(lineNumber) + ")");
    }
    if (line1Number != 0)
    {
        throw std::invalid_argument(where(line1Number) +
                                    ": line 1 at the end of the file has no line 2; the file is "
                                    "truncated, fetch it again");
    }
    if (nameLine != 0)
    {
        throw std::invalid_argument(where(nameLine) + ": name line '" + name +
                                    "' at the end of the file has no element set after it");
    }
    return elements;
}

} // namespace sagin
} // namespace ns3
