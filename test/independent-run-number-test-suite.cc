// SPDX-License-Identifier: GPL-2.0-only
//
// The run numbers of a study's independent runs, derived from the user's --RngRun. The
// reference values are the rule (R - 1) n + r written out by hand; the walk case shows that
// the derived numbers drive what a run draws (study C's UAV walks, as sagin-edge-caching
// installs them).

#include "sagin-test-utils.h"

#include "ns3/geodesy.h"
#include "ns3/independent-run-number.h"
#include "ns3/mobility-model.h"
#include "ns3/node-container.h"
#include "ns3/node.h"
#include "ns3/rectangle.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/test.h"
#include "ns3/uav-mobility-helper.h"

#include <limits>
#include <set>
#include <stdexcept>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

/**
 * \ingroup sagin-tests
 * The numbering rule and the inputs it refuses.
 */
class IndependentRunNumberRuleTestCase : public TestCase
{
  public:
    IndependentRunNumberRuleTestCase()
        : TestCase("run r of n with --RngRun=R is (R - 1) n + r; bad inputs named")
    {
    }

  private:
    void DoRun() override
    {
        /** One row of the rule, worked out by hand. */
        struct Row
        {
            uint64_t userRun;      //!< R
            uint32_t runsPerPoint; //!< n
            uint32_t run;          //!< r
            uint64_t expected;     //!< (R - 1) n + r
        };

        // ns-3's default --RngRun=1 keeps the numbers 1 ... n (results published with it).
        const std::vector<Row> rows = {
            {1, 100, 1, 1},
            {1, 100, 100, 100},
            {2, 100, 1, 101},
            {2, 100, 100, 200},
            {3, 2, 2, 6},
            {7, 1, 1, 7},
            {std::numeric_limits<uint64_t>::max(), 1, 1, std::numeric_limits<uint64_t>::max()}};
        for (const Row& row : rows)
        {
            NS_TEST_EXPECT_MSG_EQ(IndependentRunNumber(row.userRun, row.runsPerPoint, row.run),
                                  row.expected,
                                  "R " << row.userRun << ", n " << row.runsPerPoint << ", r "
                                       << row.run);
        }

        // R = 1 ... 5 with n = 7: 35 different numbers, 1 ... 35, and no two R share one.
        std::set<uint64_t> numbers;
        for (uint64_t userRun = 1; userRun <= 5; ++userRun)
        {
            for (uint32_t run = 1; run <= 7; ++run)
            {
                numbers.insert(IndependentRunNumber(userRun, 7, run));
            }
        }
        NS_TEST_EXPECT_MSG_EQ(numbers.size(), 35u, "disjoint across --RngRun");
        NS_TEST_EXPECT_MSG_EQ(*numbers.begin(), 1u, "from 1");
        NS_TEST_EXPECT_MSG_EQ(*numbers.rbegin(), 35u, "to 35, no gap");

        std::string message =
            MessageOf<std::invalid_argument>([]() { IndependentRunNumber(0, 10, 1); });
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "--RngRun=0") &&
                                  Contains(message, "give --RngRun=1 or more"),
                              true,
                              message);
        for (const auto& [runsPerPoint, run] :
             std::vector<std::pair<uint32_t, uint32_t>>{{10, 0}, {10, 11}, {0, 1}})
        {
            message = MessageOf<std::invalid_argument>(
                [&]() { IndependentRunNumber(1, runsPerPoint, run); });
            NS_TEST_EXPECT_MSG_EQ(
                Contains(message,
                         "run " + std::to_string(run) + " of " + std::to_string(runsPerPoint)) &&
                    Contains(message, "numbered 1 ... runs"),
                true,
                message);
        }
        message = MessageOf<std::invalid_argument>(
            []() { IndependentRunNumber(uint64_t(1) << 63, 4, 1); });
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "beyond 2^64") &&
                                  Contains(message, "smaller --RngRun"),
                              true,
                              message);
    }
};

/**
 * \ingroup sagin-tests
 * Study C's UAV walks (UavMobilityHelper with AssignStreams, as sagin-edge-caching installs
 * them) in run 1 of 2, for --RngRun 1, 1 and 2: identical for the same --RngRun, different
 * for another. Fails if the derived number ignored --RngRun.
 */
class IndependentRunNumberWalkTestCase : public TestCase
{
  public:
    IndependentRunNumberWalkTestCase()
        : TestCase("the same --RngRun repeats the walks, another changes them")
    {
    }

  private:
    /**
     * \param userRun --RngRun
     * \return the ECEF positions of three UAVs after 20 s (m)
     */
    static std::vector<Vector> Walk(uint64_t userRun)
    {
        RngSeedManager::SetRun(IndependentRunNumber(userRun, 2, 1));
        NodeContainer uavs;
        uavs.Create(3);
        UavMobilityHelper mobility;
        mobility.SetServiceArea({45.0, 4.0, 0.0}, Rectangle(0.0, 1000.0, 0.0, 1000.0));
        mobility.Install(uavs);
        mobility.AssignStreams(uavs, 0);
        Simulator::Stop(Seconds(20));
        Simulator::Run();
        std::vector<Vector> positions;
        for (uint32_t i = 0; i < uavs.GetN(); ++i)
        {
            positions.push_back(uavs.Get(i)->GetObject<MobilityModel>()->GetPosition());
        }
        Simulator::Destroy();
        return positions;
    }

    void DoRun() override
    {
        SeedRestorer restore;
        const std::vector<Vector> first = Walk(1);
        const std::vector<Vector> again = Walk(1);
        const std::vector<Vector> other = Walk(2);
        uint32_t same = 0;
        uint32_t moved = 0;
        for (std::size_t i = 0; i < first.size(); ++i)
        {
            // Bit-identical: the same streams give the same draws.
            same += first[i] == again[i];
            moved += CalculateDistance(first[i], other[i]) > 1.0;
        }
        NS_TEST_EXPECT_MSG_EQ(same, first.size(), "the same --RngRun repeats every walk");
        NS_TEST_EXPECT_MSG_EQ(moved, first.size(), "another --RngRun moves every UAV elsewhere");
    }
};

/**
 * \ingroup sagin-tests
 * The independent-run numbering TestSuite.
 */
class IndependentRunNumberTestSuite : public TestSuite
{
  public:
    IndependentRunNumberTestSuite()
        : TestSuite("sagin-independent-run-number", Type::UNIT)
    {
        AddTestCase(new IndependentRunNumberRuleTestCase);
        AddTestCase(new IndependentRunNumberWalkTestCase);
    }
};

static IndependentRunNumberTestSuite
    g_independentRunNumberTestSuite; //!< Static variable for test initialization
