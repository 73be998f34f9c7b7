// SPDX-License-Identifier: GPL-2.0-only
//
// Constellation presets against the published figures: each shell's altitude, inclination,
// planes and satellites per plane as in the filings (transcribed here from FCC 21-48,
// FCC 20-102 and Telesat's 2020 filing), the totals they publish, and a clear refusal of an
// unknown name.

#include "sagin-test-utils.h"

#include "ns3/constellation-presets.h"
#include "ns3/test.h"

#include <tuple>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

/**
 * \ingroup sagin-tests
 * Every preset's shells and total.
 */
class ConstellationPresetShellsTestCase : public TestCase
{
  public:
    ConstellationPresetShellsTestCase()
        : TestCase("presets: shells and totals as published")
    {
    }

  private:
    void DoRun() override
    {
        // name, total, shells (altitude km, inclination deg, planes, satellites per plane)
        using Row = std::tuple<double, double, uint32_t, uint32_t>;
        const std::vector<std::tuple<std::string, uint32_t, std::vector<Row>>> published{
            {"starlink",
             4408,
             {{550, 53, 72, 22},
              {540, 53.2, 72, 22},
              {570, 70, 36, 20},
              {560, 97.6, 6, 58},
              {560, 97.6, 4, 43}}},
            {"starlink-shell1", 1584, {{550, 53, 72, 22}}},
            {"kuiper", 3236, {{630, 51.9, 34, 34}, {610, 42, 36, 36}, {590, 33, 28, 28}}},
            {"telesat", 1671, {{1015, 98.98, 27, 13}, {1325, 50.88, 40, 33}}},
        };
        NS_TEST_EXPECT_MSG_EQ(GetConstellationPresetNames().size(),
                              published.size(),
                              "every preset checked");
        for (const auto& [name, total, rows] : published)
        {
            const std::vector<WalkerShell> shells = GetConstellationPreset(name);
            NS_TEST_ASSERT_MSG_EQ(shells.size(), rows.size(), name << ": shells");
            uint32_t sum = 0;
            for (uint32_t i = 0; i < shells.size(); ++i)
            {
                const auto& [altitudeKm, inclination, planes, perPlane] = rows[i];
                NS_TEST_EXPECT_MSG_EQ(shells[i].altitude, altitudeKm * 1e3, name << " " << i);
                NS_TEST_EXPECT_MSG_EQ(shells[i].inclination, inclination, name << " " << i);
                NS_TEST_EXPECT_MSG_EQ(shells[i].planes, planes, name << " " << i);
                NS_TEST_EXPECT_MSG_EQ(shells[i].satsPerPlane, perPlane, name << " " << i);
                NS_TEST_EXPECT_MSG_EQ(shells[i].pattern, WalkerShell::DELTA, name << " " << i);
                NS_TEST_EXPECT_MSG_EQ(
                    MessageOf<std::invalid_argument>([&] { shells[i].Validate(); }),
                    "",
                    name << " " << i << " is a valid shell");
                sum += shells[i].GetTotal();
            }
            NS_TEST_EXPECT_MSG_EQ(sum, total, name << ": total");
            NS_TEST_EXPECT_MSG_EQ(GenerateWalkerConstellation(shells).size(),
                                  total,
                                  name << ": satellites generated");
        }
    }
};

/**
 * \ingroup sagin-tests
 * An unknown name is refused with the names that exist.
 */
class ConstellationPresetUnknownTestCase : public TestCase
{
  public:
    ConstellationPresetUnknownTestCase()
        : TestCase("presets: an unknown name is refused with the known ones")
    {
    }

  private:
    void DoRun() override
    {
        const std::string message =
            MessageOf<std::invalid_argument>([] { GetConstellationPreset("oneweb"); });
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "unknown constellation preset 'oneweb'"),
                              true,
                              message);
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "kuiper, starlink, starlink-shell1, telesat"),
                              true,
                              message);
    }
};

/**
 * \ingroup sagin-tests
 * The presets' suite.
 */
class ConstellationPresetsTestSuite : public TestSuite
{
  public:
    ConstellationPresetsTestSuite()
        : TestSuite("sagin-constellation-presets", Type::UNIT)
    {
        AddTestCase(new ConstellationPresetShellsTestCase);
        AddTestCase(new ConstellationPresetUnknownTestCase);
    }
};

static ConstellationPresetsTestSuite g_constellationPresetsTestSuite; //!< registers the suite
