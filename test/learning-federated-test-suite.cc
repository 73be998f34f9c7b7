// SPDX-License-Identifier: GPL-2.0-only
//
// Federated aggregation: FedAvg of identical models is the identity (bit for bit), weighted
// averages and study A's weighted update against hand-computed values, the Aggregator
// objects, and bad client lists.

#include "sagin-test-utils.h"

#include "ns3/ddqn-policy.h"
#include "ns3/double.h"
#include "ns3/federated-aggregation.h"
#include "ns3/object-factory.h"
#include "ns3/parameter-serialization.h"
#include "ns3/pointer.h"
#include "ns3/string.h"
#include "ns3/test.h"

#include <cstring>
#include <limits>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

/**
 * \ingroup sagin-tests
 * FedAvg and the weighted update against values computed by hand.
 */
class FederatedAggregationTestCase : public TestCase
{
  public:
    FederatedAggregationTestCase()
        : TestCase("FedAvg and study A's weighted update against hand-computed values")
    {
    }

  private:
    void DoRun() override
    {
        // Identity: three copies of a trained-looking model with any sample counts.
        auto agent = CreateObject<DdqnPolicy>();
        agent->AssignStreams(3);
        agent->SetSpaces(6, ActionSpace::Discrete(4));
        const std::vector<float> model = agent->GetParameters();
        const std::vector<float> same = FedAvg({{model, 17.0}, {model, 1.0}, {model, 123456.0}});
        NS_TEST_ASSERT_MSG_EQ(same.size(), model.size(), "size");
        NS_TEST_EXPECT_MSG_EQ(std::memcmp(same.data(), model.data(), 4 * model.size()),
                              0,
                              "FedAvg of identical models is the model, bit for bit");
        const std::vector<float> unchanged =
            WeightedDeltaUpdate(model, {{model, 0.3}, {model, 0.7}}, 0.5);
        NS_TEST_EXPECT_MSG_EQ((unchanged == model), true, "no delta, no change");

        // FedAvg by hand: counts 1, 3 -> shares 1/4, 3/4.
        // (1, -2, 0.5) * 0.25 + (5, 2, -0.5) * 0.75 = (4, 1, -0.25).
        std::vector<float> avg = FedAvg({{{1.0F, -2.0F, 0.5F}, 1.0}, {{5.0F, 2.0F, -0.5F}, 3.0}});
        NS_TEST_EXPECT_MSG_EQ((avg == std::vector<float>{4.0F, 1.0F, -0.25F}), true, "shares");
        // A client with no samples has no say.
        avg = FedAvg({{{1.0F, 1.0F}, 0.0}, {{3.0F, -3.0F}, 2.0}});
        NS_TEST_EXPECT_MSG_EQ((avg == std::vector<float>{3.0F, -3.0F}), true, "zero count");
        // Three clients, counts 2, 3, 5: 0.2 * 10 + 0.3 * 20 + 0.5 * 40 = 28.
        avg = FedAvg({{{10.0F}, 2.0}, {{20.0F}, 3.0}, {{40.0F}, 5.0}});
        NS_TEST_EXPECT_MSG_EQ_TOL(avg[0], 28.0F, 1e-5F, "2/3/5");

        // Study A: Z = (1, 2), Z1 = (3, 2), Z2 = (0, 6), w = (0.5, 0.25), u = 0.8:
        // sum w_i (Z_i - Z) = 0.5 (2, 0) + 0.25 (-1, 4) = (0.75, 1); Z + 0.8 * (0.75, 1)
        // = (1.6, 2.8).
        const std::vector<float> z =
            WeightedDeltaUpdate({1.0F, 2.0F}, {{{3.0F, 2.0F}, 0.5}, {{0.0F, 6.0F}, 0.25}}, 0.8);
        NS_TEST_EXPECT_MSG_EQ(z[0], 1.6F, "first parameter (exact in float)");
        NS_TEST_EXPECT_MSG_EQ(z[1], 2.8F, "second parameter");
        // Weights are not normalised: u = 1 and w = (1, 1) adds both deltas.
        const std::vector<float> sum =
            WeightedDeltaUpdate({0.0F}, {{{1.0F}, 1.0}, {{2.0F}, 1.0}}, 1.0);
        NS_TEST_EXPECT_MSG_EQ(sum[0], 3.0F, "w_i as given");

        // The same through Aggregator objects (PointerValue-pluggable).
        Ptr<Aggregator> fedAvg = CreateObject<FedAvgAggregator>();
        Ptr<Aggregator> weighted =
            CreateObjectWithAttributes<WeightedDeltaAggregator>("StepSize", DoubleValue(0.8));
        NS_TEST_EXPECT_MSG_EQ(
            (fedAvg->Aggregate({}, {{{1.0F, -2.0F, 0.5F}, 1.0}, {{5.0F, 2.0F, -0.5F}, 3.0}}) ==
             std::vector<float>{4.0F, 1.0F, -0.25F}),
            true,
            "FedAvgAggregator");
        NS_TEST_EXPECT_MSG_EQ(
            (weighted->Aggregate({1.0F, 2.0F}, {{{3.0F, 2.0F}, 0.5}, {{0.0F, 6.0F}, 0.25}}) == z),
            true,
            "WeightedDeltaAggregator");

        // A federated round end to end: buffers travel, are aggregated and installed.
        auto other = CreateObject<DdqnPolicy>();
        other->AssignStreams(30);
        other->SetSpaces(6, ActionSpace::Discrete(4));
        const std::vector<uint8_t> sent = SerializeParameters(other->GetParameters());
        const std::vector<float> received = DeserializeParameters(sent, model.size());
        const std::vector<float> global = FedAvg({{model, 1.0}, {received, 1.0}});
        agent->SetParameters(global);
        other->SetParameters(global);
        NS_TEST_EXPECT_MSG_EQ((agent->GetParameters() == other->GetParameters()),
                              true,
                              "both agents hold the global model");
        NS_TEST_EXPECT_MSG_EQ_TOL(global[0],
                                  0.5F * (model[0] + received[0]),
                                  1e-7F,
                                  "the mean of two");
    }
};

/**
 * \ingroup sagin-tests
 * Bad client lists stop with a message naming the client.
 */
class FederatedBadInputTestCase : public TestCase
{
  public:
    FederatedBadInputTestCase()
        : TestCase("bad federated inputs")
    {
    }

  private:
    void DoRun() override
    {
        std::string m = MessageOf<std::invalid_argument>([]() { FedAvg({}); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "no client"), true, m);
        m = MessageOf<std::invalid_argument>([]() {
            FedAvg({{{1.0F, 2.0F}, 1.0}, {{1.0F}, 1.0}});
        });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "client 1 has 1 parameters, expected 2"), true, m);
        m = MessageOf<std::invalid_argument>([]() { FedAvg({{{1.0F}, -1.0}}); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "client 0 has weight -1"), true, m);
        m = MessageOf<std::invalid_argument>([]() { FedAvg({{{1.0F}, 0.0}, {{2.0F}, 0.0}}); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "sum to 0"), true, m);
        m = MessageOf<std::invalid_argument>([]() {
            FedAvg({{{1.0F}, std::numeric_limits<double>::quiet_NaN()}});
        });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "finite"), true, m);
        m = MessageOf<std::invalid_argument>([]() {
            WeightedDeltaUpdate({1.0F, 2.0F}, {{{1.0F}, 1.0}}, 1.0);
        });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "client 0 has 1 parameters, expected 2"), true, m);
        m = MessageOf<std::invalid_argument>([]() {
            WeightedDeltaUpdate({1.0F}, {{{1.0F}, 1.0}}, std::numeric_limits<double>::infinity());
        });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "step u"), true, m);
    }
};

/**
 * \ingroup sagin-tests
 * The federated aggregation TestSuite.
 */
class LearningFederatedTestSuite : public TestSuite
{
  public:
    LearningFederatedTestSuite()
        : TestSuite("sagin-learning-federated", Type::UNIT)
    {
        AddTestCase(new FederatedAggregationTestCase);
        AddTestCase(new FederatedBadInputTestCase);
    }
};

static LearningFederatedTestSuite
    g_learningFederatedTestSuite; //!< Static variable for test initialization
