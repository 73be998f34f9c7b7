// SPDX-License-Identifier: GPL-2.0-only
//
// The policies' inference path (MlpEvaluator behind Mlp::Forward): a closed-form network,
// agreement with LibTorch within the float rounding bound over random networks, activations,
// batch sizes and inputs (argmax identical away from ties), rows independent of their batch
// bit for bit, sums in the documented order bit for bit, refresh after every kind of
// parameter change, and refusal of non-finite parameters.

#include "sagin-test-utils.h"

#include "ns3/mlp-evaluator.h"
#include "ns3/mlp.h"
#include "ns3/random-variable-stream.h"
#include "ns3/test.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{
/** Unit roundoff of IEEE-754 single precision, 2^-24. */
const double FLOAT_UNIT_ROUNDOFF = std::ldexp(1.0, -24);

/**
 * \param architecture a shape
 * \return the widths from the input to the output
 */
std::vector<uint32_t>
Widths(const MlpArchitecture& architecture)
{
    std::vector<uint32_t> widths{architecture.inputSize};
    widths.insert(widths.end(), architecture.hiddenSizes.begin(), architecture.hiddenSizes.end());
    widths.push_back(architecture.outputSize);
    return widths;
}

/**
 * The forward pass of the absolute network (|W|, |b|, |x|, identity activations) in double:
 * S_j bounds what rounding can do to output j. relu and tanh are 1-Lipschitz, so an error e
 * in a hidden unit moves the next layer's output j by at most |W_jk| e; with each layer's sum
 * of n terms rounded in float (error at most n u times the sum of the terms' magnitudes,
 * Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed., eq. 3.5), the error of
 * output j is at most (sum over layers of (n_l + 2)) u S_j, to first order. Two different
 * summation orders (the evaluator's and LibTorch's BLAS) differ by at most twice that.
 * \param architecture the shape
 * \param p parameters in Mlp order
 * \param x one input row
 * \return S, one value per output
 */
std::vector<double>
MagnitudeBound(const MlpArchitecture& architecture, const std::vector<float>& p, const float* x)
{
    const std::vector<uint32_t> widths = Widths(architecture);
    std::vector<double> a(x, x + widths[0]);
    std::transform(a.begin(), a.end(), a.begin(), [](double v) { return std::fabs(v); });
    std::size_t offset = 0;
    for (std::size_t l = 0; l + 1 < widths.size(); ++l)
    {
        const uint32_t n = widths[l];
        const uint32_t m = widths[l + 1];
        std::vector<double> next(m);
        for (uint32_t j = 0; j < m; ++j)
        {
            double sum = std::fabs(p[offset + std::size_t{n} * m + j]);
            for (uint32_t k = 0; k < n; ++k)
            {
                sum += std::fabs(p[offset + std::size_t{j} * n + k]) * a[k];
            }
            next[j] = sum;
        }
        offset += std::size_t{n} * m + m;
        a = next;
    }
    return a;
}

/**
 * \param architecture the shape
 * \return the rounding factor (sum over layers of (n_l + 2)) u of MagnitudeBound
 */
double
RoundingFactor(const MlpArchitecture& architecture)
{
    const std::vector<uint32_t> widths = Widths(architecture);
    double terms = 0;
    for (std::size_t l = 0; l + 1 < widths.size(); ++l)
    {
        terms += widths[l] + 2.0;
    }
    return terms * FLOAT_UNIT_ROUNDOFF;
}

/**
 * Forward pass written independently of the evaluator, summing each output from its bias in
 * input order with every product and sum rounded to float (volatile stops a compiler from
 * fusing them, whatever flags the tests are built with).
 * \param architecture the shape
 * \param p parameters in Mlp order
 * \param x one input row
 * \return the outputs
 */
std::vector<float>
SequentialForward(const MlpArchitecture& architecture, const std::vector<float>& p, const float* x)
{
    const std::vector<uint32_t> widths = Widths(architecture);
    std::vector<float> a(x, x + widths[0]);
    std::size_t offset = 0;
    for (std::size_t l = 0; l + 1 < widths.size(); ++l)
    {
        const uint32_t n = widths[l];
        const uint32_t m = widths[l + 1];
        std::vector<float> next(m);
        for (uint32_t j = 0; j < m; ++j)
        {
            volatile float sum = p[offset + std::size_t{n} * m + j];
            for (uint32_t k = 0; k < n; ++k)
            {
                volatile float product = p[offset + std::size_t{j} * n + k] * a[k];
                sum = sum + product;
            }
            const bool hidden = l + 2 < widths.size();
            next[j] = !hidden ? sum
                              : (architecture.activation == MlpArchitecture::TANH
                                     ? std::tanh(static_cast<float>(sum))
                                     : std::max(0.0F, static_cast<float>(sum)));
        }
        offset += std::size_t{n} * m + m;
        a = next;
    }
    return a;
}

/**
 * A random network of the given shape.
 * \param architecture the shape
 * \param uniform the random variable
 * \return the network, parameters drawn as Mlp::InitializeParameters does
 */
Mlp
RandomNetwork(const MlpArchitecture& architecture, Ptr<UniformRandomVariable> uniform)
{
    Mlp network(architecture);
    network.InitializeParameters(uniform);
    return network;
}

/**
 * A random batch: values uniform in [-2, 2], about one in five exactly 0 (zeros take the
 * evaluator's skip path).
 * \param rows batch size
 * \param width input width
 * \param uniform the random variable
 * \return rows x width floats
 */
std::vector<float>
RandomBatch(uint32_t rows, uint32_t width, Ptr<UniformRandomVariable> uniform)
{
    std::vector<float> batch(std::size_t{rows} * width);
    for (float& v : batch)
    {
        v = uniform->GetValue() < 0.2 ? 0.0F : static_cast<float>(uniform->GetValue(-2.0, 2.0));
    }
    return batch;
}

/**
 * \param uniform the random variable
 * \return a random shape: 0-3 hidden layers of width 1-150 (block multiples and remainders),
 *         input 1-40, output 1-20, relu or tanh
 */
MlpArchitecture
RandomArchitecture(Ptr<UniformRandomVariable> uniform)
{
    MlpArchitecture architecture;
    architecture.inputSize = uniform->GetInteger(1, 40);
    const uint32_t hidden = uniform->GetInteger(0, 3);
    for (uint32_t l = 0; l < hidden; ++l)
    {
        architecture.hiddenSizes.push_back(uniform->GetInteger(1, 150));
    }
    architecture.outputSize = uniform->GetInteger(1, 20);
    architecture.activation =
        uniform->GetValue() < 0.5 ? MlpArchitecture::RELU : MlpArchitecture::TANH;
    return architecture;
}

/**
 * A closed form: a 2-3-1 ReLU network with weights and inputs that floats hold exactly.
 */
class MlpEvaluatorClosedFormTestCase : public TestCase
{
  public:
    MlpEvaluatorClosedFormTestCase()
        : TestCase("MlpEvaluator: a 2-3-1 network by hand")
    {
    }

  private:
    void DoRun() override
    {
        MlpArchitecture architecture;
        architecture.inputSize = 2;
        architecture.hiddenSizes = {3};
        architecture.outputSize = 1;
        // W1 = [[1, 2], [-1, 0.5], [0, -3]], b1 = [0.5, 0, 1], W2 = [1, -2, 0.25], b2 = -1.
        const std::vector<float> p{1, 2, -1, 0.5F, 0, -3, 0.5F, 0, 1, 1, -2, 0.25F, -1};
        MlpEvaluator evaluator(architecture, p);
        // x = (2, -1): hidden (0.5, relu(-2.5) = 0, 4), output 0.5 - 0 + 1 - 1 = 0.5.
        NS_TEST_EXPECT_MSG_EQ(evaluator.Forward({2, -1})[0], 0.5F, "closed form");
        // x = (0, 0): hidden (0.5, 0, 1), output 0.5 + 0.25 - 1 = -0.25.
        NS_TEST_EXPECT_MSG_EQ(evaluator.Forward({0, 0})[0], -0.25F, "all inputs skipped");
        const std::vector<float> two = evaluator.Forward({2, -1, 0, 0});
        NS_TEST_EXPECT_MSG_EQ((two == std::vector<float>{0.5F, -0.25F}), true, "a batch of 2");

        architecture.activation = MlpArchitecture::TANH;
        MlpEvaluator tanhEvaluator(architecture, p);
        // Same pre-activations; tanh in double as the reference, to float's rounding.
        const double expected = std::tanh(0.5) - 2 * std::tanh(-2.5) + 0.25 * std::tanh(4.0) - 1;
        NS_TEST_EXPECT_MSG_EQ_TOL(tanhEvaluator.Forward({2, -1})[0],
                                  expected,
                                  1e-6,
                                  "tanh: float rounding of 4 terms of magnitude <= 2");

        std::string m = MessageOf<std::invalid_argument>([&]() {
            evaluator.Forward(std::vector<float>{1, 2, 3});
        });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "not a positive multiple of the width 2"), true, m);
        m = MessageOf<std::invalid_argument>(
            [&]() { MlpEvaluator(architecture, std::vector<float>(12)); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "12 parameters") && Contains(m, "has 13"), true, m);
        m = MessageOf<std::logic_error>([]() { MlpEvaluator().Forward({1}); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "holds no network"), true, m);
    }
};

/**
 * Random networks against LibTorch and against the sequential sum, and batches against
 * single rows.
 */
class MlpEvaluatorRandomNetworksTestCase : public TestCase
{
  public:
    MlpEvaluatorRandomNetworksTestCase()
        : TestCase("MlpEvaluator: random networks against LibTorch, batches, summation order")
    {
    }

  private:
    void DoRun() override
    {
        SeedRestorer restore;
        RngSeedManager::SetSeed(11);
        RngSeedManager::SetRun(1);
        auto uniform = CreateObject<UniformRandomVariable>();
        uniform->SetStream(0);
        uint32_t rowsChecked = 0;
        uint32_t argmaxChecked = 0;
        double worstRatio = 0; // largest |evaluator - LibTorch| / bound seen
        for (int trial = 0; trial < 60; ++trial)
        {
            const MlpArchitecture architecture = RandomArchitecture(uniform);
            const Mlp network = RandomNetwork(architecture, uniform);
            const std::vector<float> p = network.GetParameters();
            const uint32_t rows = uniform->GetInteger(1, 48);
            const std::vector<float> batch = RandomBatch(rows, architecture.inputSize, uniform);
            const std::vector<float> fast = network.Forward(batch);
            const std::vector<float> torch = network.ForwardLibTorch(batch);
            const uint32_t out = architecture.outputSize;
            NS_TEST_ASSERT_MSG_EQ(fast.size(), torch.size(), architecture.ToString());
            const double factor = 2 * RoundingFactor(architecture);
            for (uint32_t r = 0; r < rows; ++r)
            {
                const float* x = batch.data() + std::size_t{r} * architecture.inputSize;
                const std::vector<double> s = MagnitudeBound(architecture, p, x);
                double gapTorch = 0; // top-2 gap of LibTorch's outputs
                for (uint32_t j = 0; j < out; ++j)
                {
                    const double bound = factor * s[j] + 1e-30;
                    const double error = std::fabs(fast[r * out + j] - torch[r * out + j]);
                    worstRatio = std::max(worstRatio, error / bound);
                    NS_TEST_EXPECT_MSG_LT_OR_EQ(error,
                                                bound,
                                                architecture.ToString()
                                                    << " row " << r << " output " << j);
                }
                // argmax identical wherever LibTorch's best output leads the second by more
                // than twice the rounding bound (no tie within rounding).
                const float* t = torch.data() + std::size_t{r} * out;
                const float* f = fast.data() + std::size_t{r} * out;
                const uint32_t best = std::max_element(t, t + out) - t;
                gapTorch = std::numeric_limits<double>::infinity();
                for (uint32_t j = 0; j < out; ++j)
                {
                    if (j != best)
                    {
                        gapTorch = std::min(gapTorch, double{t[best]} - t[j]);
                    }
                }
                const double tie = 2 * factor * *std::max_element(s.begin(), s.end());
                if (gapTorch > tie)
                {
                    ++argmaxChecked;
                    NS_TEST_EXPECT_MSG_EQ(uint32_t(std::max_element(f, f + out) - f),
                                          best,
                                          "argmax away from ties, " << architecture.ToString());
                }
                // One row alone gives the batch's bits.
                const std::vector<float> one =
                    network.Forward(std::vector<float>(x, x + architecture.inputSize));
                NS_TEST_EXPECT_MSG_EQ(std::memcmp(one.data(), f, out * sizeof(float)),
                                      0,
                                      "row " << r << " alone = in its batch of " << rows);
                // Every sum from the bias in input order, each step rounded to float.
                if (architecture.activation == MlpArchitecture::RELU)
                {
                    const std::vector<float> sequential = SequentialForward(architecture, p, x);
                    NS_TEST_EXPECT_MSG_EQ(std::memcmp(sequential.data(), f, out * sizeof(float)),
                                          0,
                                          "sequential sum, " << architecture.ToString());
                }
                ++rowsChecked;
            }
        }
        NS_TEST_EXPECT_MSG_GT(rowsChecked, 600u, "enough rows compared");
        NS_TEST_EXPECT_MSG_GT(argmaxChecked, rowsChecked / 2, "most rows have a clear argmax");
        // The bound is not vacuous: the observed differences use a visible part of it.
        NS_TEST_EXPECT_MSG_GT(worstRatio, 1e-4, "LibTorch and the evaluator do differ a little");
    }
};

/**
 * The inference copy follows every way the parameters change: SetParameters,
 * InitializeParameters, copy assignment, an Adam step; non-finite parameters are refused.
 */
class MlpEvaluatorRefreshTestCase : public TestCase
{
  public:
    MlpEvaluatorRefreshTestCase()
        : TestCase("Mlp::Forward follows parameter changes and refuses NaN")
    {
    }

  private:
    void DoRun() override
    {
        SeedRestorer restore;
        RngSeedManager::SetSeed(5);
        RngSeedManager::SetRun(2);
        auto uniform = CreateObject<UniformRandomVariable>();
        uniform->SetStream(0);
        MlpArchitecture architecture;
        architecture.inputSize = 4;
        architecture.hiddenSizes = {20, 20};
        architecture.outputSize = 3;
        Mlp network = RandomNetwork(architecture, uniform);
        const std::vector<float> x = RandomBatch(5, 4, uniform);
        auto agrees = [&](const Mlp& net) {
            const std::vector<float> fast = net.Forward(x);
            const std::vector<float> torch = net.ForwardLibTorch(x);
            const std::vector<float> p = net.GetParameters();
            for (uint32_t r = 0; r < 5; ++r)
            {
                const std::vector<double> s = MagnitudeBound(architecture, p, &x[r * 4]);
                for (uint32_t j = 0; j < 3; ++j)
                {
                    const double bound = 2 * RoundingFactor(architecture) * s[j];
                    if (std::fabs(fast[r * 3 + j] - torch[r * 3 + j]) > bound)
                    {
                        return false;
                    }
                }
            }
            return true;
        };
        const std::vector<float> before = network.Forward(x);
        NS_TEST_EXPECT_MSG_EQ(agrees(network), true, "initialised");

        std::vector<float> p = network.GetParameters();
        p.back() += 1.0F; // the last output's bias
        network.SetParameters(p);
        const std::vector<float> shifted = network.Forward(x);
        NS_TEST_EXPECT_MSG_EQ_TOL(shifted[2] - before[2], 1.0, 1e-6, "SetParameters followed");
        NS_TEST_EXPECT_MSG_EQ(agrees(network), true, "after SetParameters");

        network.InitializeParameters(uniform);
        NS_TEST_EXPECT_MSG_EQ((network.Forward(x) != shifted), true, "re-initialised");
        NS_TEST_EXPECT_MSG_EQ(agrees(network), true, "after InitializeParameters");

        Mlp copy(architecture);
        copy.Forward(x); // takes its (all-zero) inference copy
        copy = network;
        NS_TEST_EXPECT_MSG_EQ((copy.Forward(x) == network.Forward(x)), true, "copy assignment");

        AdamOptimizer adam(network, 0.05);
        const std::vector<float> beforeStep = network.Forward(x);
        network.ZeroGradients();
        network.Backpropagate(x, [](const std::vector<float>& y) {
            return std::vector<float>(y.size(), 1.0F); // d(sum of outputs)/d outputs
        });
        adam.Step();
        const std::vector<float> afterStep = network.Forward(x);
        NS_TEST_EXPECT_MSG_EQ((afterStep != beforeStep), true, "an Adam step is seen");
        NS_TEST_EXPECT_MSG_EQ(agrees(network), true, "after an Adam step");

        p = network.GetParameters();
        p[7] = std::numeric_limits<float>::quiet_NaN();
        network.SetParameters(p);
        std::string m = MessageOf<std::invalid_argument>([&]() { network.Forward(x); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "layer 1") && Contains(m, "not finite"), true, m);
        p[7] = 0.0F;
        p[p.size() - 5] = std::numeric_limits<float>::infinity();
        network.SetParameters(p);
        m = MessageOf<std::invalid_argument>([&]() { network.Forward(x); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "layer 3") && Contains(m, "not finite"), true, m);
    }
};

/** The MlpEvaluator suite. */
class MlpEvaluatorTestSuite : public TestSuite
{
  public:
    MlpEvaluatorTestSuite()
        : TestSuite("sagin-learning-mlp-evaluator", Type::UNIT)
    {
        AddTestCase(new MlpEvaluatorClosedFormTestCase);
        AddTestCase(new MlpEvaluatorRandomNetworksTestCase);
        AddTestCase(new MlpEvaluatorRefreshTestCase);
    }
};

/** Static instance. */
MlpEvaluatorTestSuite g_mlpEvaluatorTestSuite;
} // namespace
