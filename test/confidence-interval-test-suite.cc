// SPDX-License-Identifier: GPL-2.0-only
//
// MeanWithInterval against Student's t quantiles from a published table.

#include "sagin-test-utils.h"

#include "ns3/confidence-interval.h"
#include "ns3/test.h"

#include <cmath>
#include <limits>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

/**
 * \ingroup sagin-tests
 * Means and 95 % half-widths of small samples worked by hand with t quantiles from a table
 * (NIST/SEMATECH e-Handbook, Table 1.3.6.7.2: t_{0.975,1} = 12.706, t_{0.975,9} = 2.262,
 * t_{0.95,9} = 1.833); bad input refused.
 */
class ConfidenceIntervalTestCase : public TestCase
{
  public:
    ConfidenceIntervalTestCase()
        : TestCase("Student's t interval of the mean: table values, bad input")
    {
    }

  private:
    void DoRun() override
    {
        // 1..10: mean 5.5, sample standard deviation sqrt(55 / 6), n = 10.
        const std::vector<double> ten{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        const double s = std::sqrt(55.0 / 6.0);
        MeanInterval m = MeanWithInterval(ten);
        NS_TEST_EXPECT_MSG_EQ_TOL(m.mean, 5.5, 1e-12, "mean of 1..10");
        NS_TEST_EXPECT_MSG_EQ_TOL(m.halfWidth, 2.262 * s / std::sqrt(10.0), 1e-3, "95 %, 9 dof");
        m = MeanWithInterval(ten, 0.90);
        NS_TEST_EXPECT_MSG_EQ_TOL(m.halfWidth, 1.833 * s / std::sqrt(10.0), 1e-3, "90 %, 9 dof");
        // Two runs 1 and 3: s = sqrt(2), s / sqrt(2) = 1.
        m = MeanWithInterval({1, 3});
        NS_TEST_EXPECT_MSG_EQ_TOL(m.mean, 2.0, 1e-12, "mean of 1, 3");
        NS_TEST_EXPECT_MSG_EQ_TOL(m.halfWidth, 12.706, 1e-3, "95 %, 1 dof");
        m = MeanWithInterval({0.5, 0.5, 0.5});
        NS_TEST_EXPECT_MSG_EQ(m.halfWidth, 0.0, "identical runs");

        std::string e = MessageOf<std::invalid_argument>([]() { MeanWithInterval({1.0}); });
        NS_TEST_EXPECT_MSG_EQ(Contains(e, "at least two runs"), true, e);
        e = MessageOf<std::invalid_argument>([]() { MeanWithInterval({1.0, 2.0}, 1.5); });
        NS_TEST_EXPECT_MSG_EQ(Contains(e, "not in (0, 1)"), true, e);
        e = MessageOf<std::invalid_argument>([]() {
            MeanWithInterval({1.0, std::numeric_limits<double>::quiet_NaN()});
        });
        NS_TEST_EXPECT_MSG_EQ(Contains(e, "not finite"), true, e);
    }
};

/** The confidence interval suite. */
class ConfidenceIntervalTestSuite : public TestSuite
{
  public:
    ConfidenceIntervalTestSuite()
        : TestSuite("sagin-confidence-interval", Type::UNIT)
    {
        AddTestCase(new ConfidenceIntervalTestCase);
    }
};

/** Static instance. */
static ConfidenceIntervalTestSuite g_confidenceIntervalTestSuite;
