// SPDX-License-Identifier: GPL-2.0-only
//
// The LibTorch MLP seen through plain types: forward pass and gradients against a
// hand-written double-precision implementation, parameter order, exact byte-buffer round
// trips, and zero-width networks.

#include "sagin-test-utils.h"

#include "ns3/mlp.h"
#include "ns3/parameter-serialization.h"
#include "ns3/random-variable-stream.h"
#include "ns3/test.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{
/**
 * A 2-3-2 network's parameters in Mlp order: W1 (3x2), b1 (3), W2 (2x3), b2 (2).
 * \return 17 values
 */
std::vector<float>
SmallParameters()
{
    return {0.5F,
            -0.25F,
            0.125F,
            0.75F,
            -1.0F,
            0.3F, // W1
            0.1F,
            -0.2F,
            0.05F, // b1
            0.6F,
            -0.4F,
            0.2F,
            -0.7F,
            0.9F,
            0.15F, // W2
            -0.3F,
            0.25F}; // b2
}

/**
 * Reference forward pass in double precision, written independently of the Mlp.
 * \param p SmallParameters()
 * \param x an input (2 values)
 * \param tanh tanh (true) or relu (false)
 * \param hidden receives the hidden activations
 * \return the 2 outputs
 */
std::vector<double>
ReferenceForward(const std::vector<float>& p,
                 const std::vector<double>& x,
                 bool tanh,
                 std::vector<double>* hidden = nullptr)
{
    std::vector<double> h(3);
    for (int j = 0; j < 3; ++j)
    {
        const double z = p[2 * j] * x[0] + p[2 * j + 1] * x[1] + p[6 + j];
        h[j] = tanh ? std::tanh(z) : std::max(0.0, z);
    }
    std::vector<double> y(2);
    for (int k = 0; k < 2; ++k)
    {
        y[k] = p[9 + 3 * k] * h[0] + p[9 + 3 * k + 1] * h[1] + p[9 + 3 * k + 2] * h[2] + p[15 + k];
    }
    if (hidden != nullptr)
    {
        *hidden = h;
    }
    return y;
}

/**
 * \return a 2-3-2 architecture
 * \param activation the hidden activation
 */
MlpArchitecture
SmallArchitecture(MlpArchitecture::Activation activation)
{
    MlpArchitecture a;
    a.inputSize = 2;
    a.hiddenSizes = {3};
    a.outputSize = 2;
    a.activation = activation;
    return a;
}
} // namespace

/**
 * \ingroup sagin-tests
 * Shape, parameter count and order, forward pass against a double-precision reference.
 */
class MlpForwardTestCase : public TestCase
{
  public:
    MlpForwardTestCase()
        : TestCase("MLP forward pass against a hand-written reference")
    {
    }

  private:
    void DoRun() override
    {
        // Parameter count: (in + 1) * out per layer.
        MlpArchitecture deep;
        deep.inputSize = 5;
        deep.hiddenSizes = {64, 64};
        deep.outputSize = 2;
        NS_TEST_EXPECT_MSG_EQ(deep.GetParameterCount(),
                              (5 + 1) * 64 + (64 + 1) * 64 + (64 + 1) * 2,
                              "parameter count");
        NS_TEST_EXPECT_MSG_EQ(deep.ToString(), "5-64-64-2 relu", "description");
        NS_TEST_EXPECT_MSG_EQ(Mlp(deep).GetParameterCount(), 4674u, "network size");
        NS_TEST_EXPECT_MSG_EQ(ParseLayerSizes(" 64, 32 ", "test").size(), 2u, "parse");
        NS_TEST_EXPECT_MSG_EQ(ParseLayerSizes("", "test").size(), 0u, "no hidden layer");

        for (auto activation : {MlpArchitecture::TANH, MlpArchitecture::RELU})
        {
            Mlp mlp(SmallArchitecture(activation));
            NS_TEST_EXPECT_MSG_EQ(mlp.GetParameterCount(), 17u, "2-3-2 size");
            const std::vector<float> zeros = mlp.GetParameters();
            NS_TEST_EXPECT_MSG_EQ((zeros == std::vector<float>(17, 0.0F)), true, "new = 0");
            mlp.SetParameters(SmallParameters());
            NS_TEST_EXPECT_MSG_EQ((mlp.GetParameters() == SmallParameters()), true, "order");
            // A batch of three rows, row-major.
            const std::vector<std::vector<double>> inputs{{0.3, -1.2}, {2.0, 0.5}, {-0.7, 0.0}};
            std::vector<float> batch;
            for (const auto& x : inputs)
            {
                batch.insert(batch.end(), x.begin(), x.end());
            }
            const std::vector<float> out = mlp.Forward(batch);
            NS_TEST_ASSERT_MSG_EQ(out.size(), 6u, "3 rows x 2 outputs");
            for (std::size_t r = 0; r < inputs.size(); ++r)
            {
                const auto expected = ReferenceForward(SmallParameters(),
                                                       inputs[r],
                                                       activation == MlpArchitecture::TANH);
                for (int k = 0; k < 2; ++k)
                {
                    // float32 arithmetic against double: a few ulps of values ~1.
                    NS_TEST_EXPECT_MSG_EQ_TOL(out[2 * r + k],
                                              expected[k],
                                              1e-6,
                                              ActivationName(activation) << " row " << r);
                }
            }
            // Copies are deep; copy assignment copies values in place.
            Mlp copy(mlp);
            copy.SetParameters(std::vector<float>(17, 1.0F));
            NS_TEST_EXPECT_MSG_EQ((mlp.GetParameters() == SmallParameters()), true, "deep copy");
            copy = mlp;
            NS_TEST_EXPECT_MSG_EQ((copy.GetParameters() == SmallParameters()), true, "assign");
        }
        // Initialisation: uniform within PyTorch's bound 1/sqrt(fan_in), from the ns-3 stream.
        Mlp mlp(deep);
        auto uniform = CreateObject<UniformRandomVariable>();
        uniform->SetStream(7);
        mlp.InitializeParameters(uniform);
        const std::vector<float> p = mlp.GetParameters();
        const double bound1 = 1.0 / std::sqrt(5.0);
        const double bound2 = 1.0 / std::sqrt(64.0);
        double largest1 = 0;
        double largest2 = 0;
        for (std::size_t i = 0; i < p.size(); ++i)
        {
            double& largest = i < 6 * 64 ? largest1 : largest2; // layer 1: 6 x 64 values
            largest = std::max(largest, std::abs(static_cast<double>(p[i])));
        }
        NS_TEST_EXPECT_MSG_LT_OR_EQ(largest1, bound1, "first layer within 1/sqrt(5)");
        NS_TEST_EXPECT_MSG_GT(largest1, 0.95 * bound1, "and spread to it");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(largest2, bound2, "later layers within 1/sqrt(64)");
        Mlp again(deep);
        auto same = CreateObject<UniformRandomVariable>();
        same->SetStream(7);
        again.InitializeParameters(same);
        NS_TEST_EXPECT_MSG_EQ((again.GetParameters() == p), true, "same stream, same weights");
    }
};

/**
 * \ingroup sagin-tests
 * Back-propagation against the hand-derived gradient of a linear loss of the outputs.
 */
class MlpGradientTestCase : public TestCase
{
  public:
    MlpGradientTestCase()
        : TestCase("MLP gradients against hand-derived back-propagation")
    {
    }

  private:
    void DoRun() override
    {
        Mlp mlp(SmallArchitecture(MlpArchitecture::TANH));
        const std::vector<float> p = SmallParameters();
        mlp.SetParameters(p);
        const std::vector<std::vector<double>> inputs{{0.3, -1.2}, {2.0, 0.5}};
        const std::vector<double> c{0.7, -1.3}; // L = sum over rows of c . y
        std::vector<float> batch;
        for (const auto& x : inputs)
        {
            batch.insert(batch.end(), x.begin(), x.end());
        }
        std::vector<float> inputGradient;
        mlp.ZeroGradients();
        mlp.Backpropagate(
            batch,
            [&c](const std::vector<float>& y) {
                std::vector<float> g(y.size());
                for (std::size_t i = 0; i < y.size(); ++i)
                {
                    g[i] = static_cast<float>(c[i % 2]);
                }
                return g;
            },
            &inputGradient);
        // Reference: dL/dW2 = c h^T, dL/db2 = c, dz1 = (W2^T c) (1 - h^2), dL/dW1 = dz1 x^T,
        // dL/db1 = dz1, dL/dx = W1^T dz1, summed over the rows.
        std::vector<double> expected(17, 0.0);
        std::vector<double> expectedInput;
        for (const auto& x : inputs)
        {
            std::vector<double> h;
            ReferenceForward(p, x, true, &h);
            std::vector<double> dz(3);
            for (int j = 0; j < 3; ++j)
            {
                dz[j] = (p[9 + j] * c[0] + p[12 + j] * c[1]) * (1 - h[j] * h[j]);
                expected[2 * j] += dz[j] * x[0];
                expected[2 * j + 1] += dz[j] * x[1];
                expected[6 + j] += dz[j];
            }
            for (int k = 0; k < 2; ++k)
            {
                for (int j = 0; j < 3; ++j)
                {
                    expected[9 + 3 * k + j] += c[k] * h[j];
                }
                expected[15 + k] += c[k];
            }
            for (int i = 0; i < 2; ++i)
            {
                expectedInput.push_back(p[i] * dz[0] + p[2 + i] * dz[1] + p[4 + i] * dz[2]);
            }
        }
        const std::vector<float> g = mlp.GetGradients();
        NS_TEST_ASSERT_MSG_EQ(g.size(), 17u, "one gradient per parameter");
        for (std::size_t i = 0; i < g.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ_TOL(g[i], expected[i], 1e-5, "parameter gradient " << i);
        }
        NS_TEST_ASSERT_MSG_EQ(inputGradient.size(), 4u, "input gradient shape");
        for (std::size_t i = 0; i < 4; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ_TOL(inputGradient[i], expectedInput[i], 1e-5, "dL/dx " << i);
        }
        // Gradients accumulate until cleared; clipping scales them to the norm.
        double norm = 0;
        for (double v : expected)
        {
            norm += v * v;
        }
        norm = std::sqrt(norm);
        const double before = mlp.ClipGradientNorm(0.5);
        NS_TEST_EXPECT_MSG_EQ_TOL(before, norm, 1e-5, "norm before clipping");
        double clipped = 0;
        for (float v : mlp.GetGradients())
        {
            clipped += static_cast<double>(v) * v;
        }
        NS_TEST_EXPECT_MSG_EQ_TOL(std::sqrt(clipped), 0.5, 1e-5, "norm after clipping");
        mlp.ZeroGradients();
        NS_TEST_EXPECT_MSG_EQ((mlp.GetGradients() == std::vector<float>(17, 0.0F)), true, "zero");
    }
};

/**
 * \ingroup sagin-tests
 * Parameters to bytes and back, bit for bit; the buffer is the model size.
 */
class MlpSerializationTestCase : public TestCase
{
  public:
    MlpSerializationTestCase()
        : TestCase("parameter byte buffers round trip exactly")
    {
    }

  private:
    void DoRun() override
    {
        MlpArchitecture a;
        a.inputSize = 8;
        a.hiddenSizes = {128, 128};
        a.outputSize = 4;
        Mlp mlp(a);
        auto uniform = CreateObject<UniformRandomVariable>();
        uniform->SetStream(11);
        mlp.InitializeParameters(uniform);
        std::vector<float> p = mlp.GetParameters();
        // Values whose bits a text or double round trip could lose.
        p[0] = -0.0F;
        p[1] = std::numeric_limits<float>::denorm_min();
        p[2] = std::numeric_limits<float>::max();
        p[3] = std::nextafter(1.0F, 2.0F);
        p[4] = std::numeric_limits<float>::infinity();
        p[5] = std::numeric_limits<float>::quiet_NaN();
        const std::vector<uint8_t> buffer = SerializeParameters(p);
        NS_TEST_EXPECT_MSG_EQ(buffer.size(), 4 * a.GetParameterCount(), "4 bytes per parameter");
        NS_TEST_EXPECT_MSG_EQ(buffer.size(), 4u * 18180u, "8-128-128-4 is 18180 parameters");
        // Little-endian binary32: 1.0f is 00 00 80 3f.
        const std::vector<uint8_t> one = SerializeParameters({1.0F});
        NS_TEST_EXPECT_MSG_EQ((one == std::vector<uint8_t>{0x00, 0x00, 0x80, 0x3f}), true, "LE");
        const std::vector<float> back = DeserializeParameters(buffer, p.size());
        NS_TEST_ASSERT_MSG_EQ(back.size(), p.size(), "count");
        NS_TEST_EXPECT_MSG_EQ(std::memcmp(back.data(), p.data(), 4 * p.size()), 0, "bits");

        // Through a network: another network given the buffer computes the same outputs.
        mlp.InitializeParameters(uniform);
        Mlp receiver(a);
        receiver.SetParameters(
            DeserializeParameters(SerializeParameters(mlp.GetParameters()), a.GetParameterCount()));
        const std::vector<float> x{0.1F, -0.2F, 0.3F, 0.4F, 0.5F, -0.6F, 0.7F, 0.8F};
        NS_TEST_EXPECT_MSG_EQ((receiver.Forward(x) == mlp.Forward(x)), true, "same outputs");
        NS_TEST_EXPECT_MSG_EQ((receiver.GetParameters() == mlp.GetParameters()), true, "same");

        // A buffer of the wrong size names both sizes.
        const std::string message = MessageOf<std::invalid_argument>(
            [&]() { DeserializeParameters(std::vector<uint8_t>(10), 18180); });
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "10 bytes") && Contains(message, "18180"),
                              true,
                              message);
        NS_TEST_EXPECT_MSG_EQ(
            Contains(MessageOf<std::invalid_argument>([&]() { mlp.SetParameters({1.0F}); }),
                     "18180 parameters"),
            true,
            "SetParameters with a wrong count");
    }
};

/**
 * \ingroup sagin-tests
 * Zero-width networks and bad layer lists stop with a message naming the layer.
 */
class MlpBadInputTestCase : public TestCase
{
  public:
    MlpBadInputTestCase()
        : TestCase("zero-width networks and bad layer lists")
    {
    }

  private:
    void DoRun() override
    {
        auto messageFor = [](uint32_t in, std::vector<uint32_t> hidden, uint32_t out) {
            MlpArchitecture a;
            a.inputSize = in;
            a.hiddenSizes = hidden;
            a.outputSize = out;
            return MessageOf<std::invalid_argument>([a]() { Mlp mlp(a); });
        };
        std::string m = messageFor(4, {64, 0}, 2);
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "hidden layer 2 of width 0"), true, m);
        m = messageFor(0, {64}, 2);
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "input width of 0"), true, m);
        m = messageFor(4, {64}, 0);
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "output width of 0"), true, m);
        m = MessageOf<std::invalid_argument>([]() { ParseLayerSizes("64,0", "HiddenLayers"); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "HiddenLayers") && Contains(m, "width 0"), true, m);
        m = MessageOf<std::invalid_argument>([]() { ParseLayerSizes("64,x", "HiddenLayers"); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "\"64,x\""), true, m);
        m = MessageOf<std::invalid_argument>([]() { ParseLayerSizes("-3", "HiddenLayers"); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "positive integers"), true, m);
        Mlp mlp(SmallArchitecture(MlpArchitecture::RELU));
        m = MessageOf<std::invalid_argument>([&mlp]() { mlp.Forward({1.0F, 2.0F, 3.0F}); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "3 floats") && Contains(m, "width 2"), true, m);
        Mlp other(SmallArchitecture(MlpArchitecture::TANH));
        m = MessageOf<std::invalid_argument>([&]() { mlp = other; });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "2-3-2 tanh") && Contains(m, "2-3-2 relu"), true, m);
    }
};

/**
 * \ingroup sagin-tests
 * The MLP TestSuite.
 */
class LearningMlpTestSuite : public TestSuite
{
  public:
    LearningMlpTestSuite()
        : TestSuite("sagin-learning-mlp", Type::UNIT)
    {
        AddTestCase(new MlpForwardTestCase);
        AddTestCase(new MlpGradientTestCase);
        AddTestCase(new MlpSerializationTestCase);
        AddTestCase(new MlpBadInputTestCase);
    }
};

static LearningMlpTestSuite g_learningMlpTestSuite; //!< Static variable for test initialization
