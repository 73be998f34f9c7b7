// SPDX-License-Identifier: GPL-2.0-only
//
// GroundStationHelper: a CSV of real sites is installed and the node positions are checked
// against ns-3's GeographicPositions (mobility module), an independent WGS-84 implementation;
// every kind of bad input is refused with a message naming the file, line, station and value.

#include "sagin-test-utils.h"

#include "ns3/constant-position-mobility-model.h"
#include "ns3/geographic-positions.h"
#include "ns3/ground-station-helper.h"
#include "ns3/names.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/test.h"

#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{

/** A station of test/data/ground-stations.csv, typed in independently of the file. */
struct ExpectedStation
{
    const char* name; //!< name
    double latitude;  //!< degrees
    double longitude; //!< degrees
    double altitude;  //!< m
};

} // namespace

/**
 * \ingroup sagin-tests
 * Read test/data/ground-stations.csv, install, and check nodes, names and positions.
 */
class GroundStationInstallTestCase : public TestCase
{
  public:
    GroundStationInstallTestCase()
        : TestCase("install the stations of a CSV file")
    {
    }

  private:
    void DoRun() override
    {
        const ExpectedStation expected[] = {
            {"Paris", 48.8566, 2.3522, 35},
            {"Sydney", -33.8688, 151.2093, 58},
            {"Svalbard", 78.2297, 15.4078, 500},
            {"Quito", -0.1807, -78.4678, 2850},
            {"Honolulu", 21.3069, -157.8583, 5},
            {"McMurdo", -77.8419, 166.6863, 10},
        };
        const uint32_t count = sizeof(expected) / sizeof(expected[0]);

        GroundStationHelper stations;
        stations.ReadFile(std::string(NS_TEST_SOURCEDIR) + "/data/ground-stations.csv");
        stations.AddList("Lab:45.0628:7.6621:250;"); // as --gs options give them
        NS_TEST_ASSERT_MSG_EQ(stations.GetN(), count + 1, "stations read and added");

        NodeContainer nodes = stations.Install();
        NS_TEST_ASSERT_MSG_EQ(nodes.GetN(), count + 1, "one node per station");
        for (uint32_t i = 0; i <= count; ++i)
        {
            const ExpectedStation e =
                i < count ? expected[i] : ExpectedStation{"Lab", 45.0628, 7.6621, 250.0};
            NS_TEST_EXPECT_MSG_EQ(stations.GetName(i), e.name, "order of the file");
            NS_TEST_EXPECT_MSG_EQ(Names::Find<Node>(e.name), nodes.Get(i), "named " << e.name);
            NS_TEST_EXPECT_MSG_EQ(Names::FindName(nodes.Get(i)), e.name, "name of the node");
            const GeodeticPosition byName = stations.GetGeodeticPosition(e.name);
            const GeodeticPosition byIndex = stations.GetGeodeticPosition(i);
            NS_TEST_EXPECT_MSG_EQ(byName.latitude, e.latitude, e.name << " latitude");
            NS_TEST_EXPECT_MSG_EQ(byName.longitude, e.longitude, e.name << " longitude");
            NS_TEST_EXPECT_MSG_EQ(byName.altitude, e.altitude, e.name << " altitude");
            NS_TEST_EXPECT_MSG_EQ(byIndex.latitude, e.latitude, "by index");

            Ptr<MobilityModel> mobility = nodes.Get(i)->GetObject<MobilityModel>();
            NS_TEST_ASSERT_MSG_NE(mobility, nullptr, e.name << " has a mobility model");
            NS_TEST_EXPECT_MSG_NE(DynamicCast<ConstantPositionMobilityModel>(mobility),
                                  nullptr,
                                  "a ConstantPositionMobilityModel");
            // ns-3's own WGS-84 conversion; the same closed form in double precision.
            const Vector reference =
                GeographicPositions::GeographicToCartesianCoordinates(e.latitude,
                                                                      e.longitude,
                                                                      e.altitude,
                                                                      GeographicPositions::WGS84);
            NS_TEST_EXPECT_MSG_EQ_TOL(CalculateDistance(mobility->GetPosition(), reference),
                                      0.0,
                                      1e-6,
                                      e.name << " ECEF position (m)");
            NS_TEST_EXPECT_MSG_EQ_TOL(CalculateDistance(stations.GetEcefPosition(i), reference),
                                      0.0,
                                      1e-6,
                                      "GetEcefPosition");
        }

        // A second Install() would give the names twice.
        std::string message;
        try
        {
            stations.Install();
        }
        catch (const std::runtime_error& e)
        {
            message = e.what();
        }
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "already named 'Paris'"), true, message);

        // Existing nodes: node i becomes station i.
        GroundStationHelper more;
        more.Add("Kiruna", 67.8558, 20.2253, 390.0);
        more.Add("Malindi", -2.9956, 40.1945, 12.0);
        NodeContainer existing;
        existing.Create(2);
        more.Install(existing);
        NS_TEST_EXPECT_MSG_EQ(Names::Find<Node>("Malindi"), existing.Get(1), "existing node");
        message.clear();
        try
        {
            GroundStationHelper one;
            one.Add("Alone", 0, 0, 0);
            one.Install(existing);
        }
        catch (const std::invalid_argument& e)
        {
            message = e.what();
        }
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "2 nodes for 1 ground stations"), true, message);

        message.clear();
        try
        {
            stations.GetGeodeticPosition("Atlantis");
        }
        catch (const std::invalid_argument& e)
        {
            message = e.what();
        }
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "'Atlantis'"), true, "unknown name: " << message);
        bool outOfRange = false;
        try
        {
            stations.GetGeodeticPosition(count + 1);
        }
        catch (const std::out_of_range&)
        {
            outOfRange = true;
        }
        NS_TEST_EXPECT_MSG_EQ(outOfRange, true, "index out of range");

        Names::Clear();
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * One kind of bad input: a file (or Add() calls) and what the error must say.
 */
class GroundStationBadInputTestCase : public TestCase
{
  public:
    /** How the input reaches the helper. */
    enum Input
    {
        FILE_CONTENT, //!< the text is written to a temporary file and read
        MISSING_FILE, //!< a path to a file that does not exist
        ADD_CALLS,    //!< the action adds stations in memory
    };

    /**
     * \param description what is wrong
     * \param input how the input reaches the helper
     * \param content the file content (FILE_CONTENT)
     * \param expectInvalidArgument true for std::invalid_argument, false for
     *        std::runtime_error
     * \param parts texts the message must contain; "$FILE" stands for the file's path
     * \param add the Add() calls (ADD_CALLS)
     */
    GroundStationBadInputTestCase(const std::string& description,
                                  Input input,
                                  const std::string& content,
                                  bool expectInvalidArgument,
                                  const std::vector<std::string>& parts,
                                  std::function<void(GroundStationHelper&)> add = nullptr)
        : TestCase("bad input: " + description),
          m_input(input),
          m_content(content),
          m_expectInvalidArgument(expectInvalidArgument),
          m_parts(parts),
          m_add(add)
    {
    }

  private:
    void DoRun() override
    {
        std::string path = CreateTempDirFilename("stations.csv");
        if (m_input == FILE_CONTENT)
        {
            std::ofstream(path) << m_content;
        }
        else if (m_input == MISSING_FILE)
        {
            path = CreateTempDirFilename("no-such-file.csv");
            std::filesystem::remove(path);
        }
        GroundStationHelper stations;
        stations.Add("Before", 10.0, 20.0, 0.0);
        std::string message;
        bool rightType = false;
        try
        {
            if (m_input == ADD_CALLS)
            {
                m_add(stations);
            }
            else
            {
                stations.ReadFile(path);
            }
        }
        catch (const std::invalid_argument& e)
        {
            message = e.what();
            rightType = m_expectInvalidArgument;
        }
        catch (const std::runtime_error& e)
        {
            message = e.what();
            rightType = !m_expectInvalidArgument;
        }
        NS_TEST_EXPECT_MSG_NE(message, "", "the input is refused");
        NS_TEST_EXPECT_MSG_EQ(
            rightType,
            true,
            (m_expectInvalidArgument ? "std::invalid_argument" : "std::runtime_error")
                << " expected: " << message);
        for (std::string part : m_parts)
        {
            const auto file = part.find("$FILE");
            if (file != std::string::npos)
            {
                part.replace(file, 5, path);
            }
            NS_TEST_EXPECT_MSG_EQ(Contains(message, part),
                                  true,
                                  "'" << part << "' missing from: " << message);
        }
        // Nothing of refused input is added.
        NS_TEST_EXPECT_MSG_EQ(stations.GetN(), 1u, "the helper is unchanged");
    }

    Input m_input;                                   //!< how the input arrives
    std::string m_content;                           //!< file content
    bool m_expectInvalidArgument;                    //!< expected exception type
    std::vector<std::string> m_parts;                //!< expected message parts
    std::function<void(GroundStationHelper&)> m_add; //!< in-memory input
};

/**
 * \ingroup sagin-tests
 * The ground-station helper TestSuite.
 */
class GroundStationHelperTestSuite : public TestSuite
{
  public:
    GroundStationHelperTestSuite()
        : TestSuite("sagin-ground-station-helper", Type::UNIT)
    {
        using Bad = GroundStationBadInputTestCase;
        const std::string header = "name,latitude,longitude,altitude\n";
        AddTestCase(new GroundStationInstallTestCase);
        AddTestCase(
            new Bad("latitude out of range",
                    Bad::FILE_CONTENT,
                    "# a comment\n" + header + "Paris,48.8566,2.3522,35\nAtlantis,91.5,0,0\n",
                    true,
                    {"$FILE:4:", "'Atlantis'", "latitude 91.5"}));
        AddTestCase(new Bad("longitude out of range",
                            Bad::FILE_CONTENT,
                            header + "East,0,400,0\n",
                            true,
                            {"$FILE:2:", "'East'", "longitude 400"}));
        AddTestCase(new Bad("too few columns",
                            Bad::FILE_CONTENT,
                            header + "Paris,48.8566,2.3522,35\n\nRome,41.9,12.5\n",
                            true,
                            {"$FILE:4:", "3 columns", "Rome,41.9,12.5", "expected 4"}));
        AddTestCase(new Bad("too many columns",
                            Bad::FILE_CONTENT,
                            header + "Rome,41.9,12.5,20,extra\n",
                            true,
                            {"$FILE:2:", "5 columns"}));
        AddTestCase(new Bad("non-numeric field",
                            Bad::FILE_CONTENT,
                            header + "Oslo,59.91,10.75,high\n",
                            true,
                            {"$FILE:2:", "'Oslo'", "altitude 'high' is not a number"}));
        AddTestCase(new Bad("number with trailing text",
                            Bad::FILE_CONTENT,
                            header + "Oslo,59.91N,10.75,20\n",
                            true,
                            {"$FILE:2:", "latitude '59.91N' is not a number"}));
        AddTestCase(new Bad("duplicate names in the file",
                            Bad::FILE_CONTENT,
                            header + "Paris,48.8566,2.3522,35\n#\nParis,48.85,2.35,35\n",
                            true,
                            {"$FILE:4:", "'Paris' is defined twice", "first at $FILE:2"}));
        AddTestCase(new Bad("name already added",
                            Bad::FILE_CONTENT,
                            header + "Before,1,2,3\n",
                            true,
                            {"$FILE:2:", "'Before' is defined twice", "Add()"}));
        AddTestCase(new Bad("a header and no stations",
                            Bad::FILE_CONTENT,
                            "# nothing yet\n\n" + header + "# Paris,48.8566,2.3522,35\n",
                            true,
                            {"$FILE", "has no stations"}));
        AddTestCase(new Bad("empty file",
                            Bad::FILE_CONTENT,
                            "",
                            true,
                            {"$FILE", "has no stations", "not even the header"}));
        AddTestCase(new Bad("missing header",
                            Bad::FILE_CONTENT,
                            "Paris,48.8566,2.3522,35\n",
                            true,
                            {"$FILE:1:", "expected the header line"}));
        AddTestCase(
            new Bad("list item without a longitude",
                    Bad::ADD_CALLS,
                    "",
                    true,
                    {"AddList", "'Oslo:59.91'", "name:lat:lon[:alt]"},
                    [](GroundStationHelper& h) { h.AddList("Rome:41.9:12.5;Oslo:59.91"); }));
        // Empty latitude and longitude each parse to nothing: the item was taken as a station
        // at (0, 0) before.
        AddTestCase(new Bad("list item without coordinates",
                            Bad::ADD_CALLS,
                            "",
                            true,
                            {"AddList", "'-1'", "name:lat:lon[:alt]"},
                            [](GroundStationHelper& h) { h.AddList("Rome:41.9:12.5;-1"); }));
        AddTestCase(new Bad("list item with a non-numeric altitude",
                            Bad::ADD_CALLS,
                            "",
                            true,
                            {"AddList", "'Oslo:59.91:10.75:high'"},
                            [](GroundStationHelper& h) { h.AddList("Oslo:59.91:10.75:high"); }));
        AddTestCase(
            new Bad("list item out of range",
                    Bad::ADD_CALLS,
                    "",
                    true,
                    {"'Atlantis'", "latitude 91.5"},
                    [](GroundStationHelper& h) { h.AddList("Rome:41.9:12.5;Atlantis:91.5:0"); }));
        AddTestCase(new Bad("missing file",
                            Bad::MISSING_FILE,
                            "",
                            false,
                            {"cannot open", "$FILE", "No such file"}));
        AddTestCase(new Bad("name with a slash",
                            Bad::FILE_CONTENT,
                            header + "Ground/1,0,0,0\n",
                            true,
                            {"$FILE:2:", "'Ground/1'", "'/'"}));
        AddTestCase(new Bad("Add() with a bad latitude",
                            Bad::ADD_CALLS,
                            "",
                            true,
                            {"GroundStationHelper::Add", "'South'", "latitude -95"},
                            [](GroundStationHelper& h) { h.Add("South", -95.0, 0.0, 0.0); }));
        AddTestCase(new Bad("Add() with a duplicate name",
                            Bad::ADD_CALLS,
                            "",
                            true,
                            {"'Before' is defined twice"},
                            [](GroundStationHelper& h) { h.Add("Before", 1.0, 2.0, 3.0); }));
        AddTestCase(new Bad("Add() with an empty name",
                            Bad::ADD_CALLS,
                            "",
                            true,
                            {"empty name"},
                            [](GroundStationHelper& h) { h.Add("", 1.0, 2.0, 3.0); }));
    }
};

static GroundStationHelperTestSuite
    g_groundStationHelperTestSuite; //!< Static variable for test initialization
