// SPDX-License-Identifier: GPL-2.0-only
//
// MAML: the meta-gradient of a linear model against its closed form (second and first
// order); the inner loop against plain gradient descent through Mlp; the sinusoid family of
// Finn et al. 2017 §5.1, where K steps from the meta-learned initialisation beat K steps
// from scratch on held-out tasks; bit-identical reruns; bad input.

#include "sagin-test-utils.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/maml.h"
#include "ns3/random-variable-stream.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <array>
#include <cmath>
#include <cstring>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{
/**
 * \param hidden hidden layer widths
 * \return a 1-input, 1-output architecture
 */
MlpArchitecture
Scalar(const std::vector<uint32_t>& hidden)
{
    MlpArchitecture a;
    a.inputSize = 1;
    a.hiddenSizes = hidden;
    a.outputSize = 1;
    a.activation = MlpArchitecture::RELU;
    return a;
}

/**
 * Gradient of L(w, b) = mean_j (w x_j + b - y_j)^2, by hand.
 * \param w the weight
 * \param b the bias
 * \param x the inputs
 * \param y the targets
 * \return dL/dw, dL/db
 */
std::array<double, 2>
LinearGradient(double w, double b, const std::vector<float>& x, const std::vector<float>& y)
{
    double gw = 0.0;
    double gb = 0.0;
    for (std::size_t j = 0; j < x.size(); ++j)
    {
        const double r = w * x[j] + b - y[j];
        gw += 2.0 * r * x[j] / x.size();
        gb += 2.0 * r / x.size();
    }
    return {gw, gb};
}
} // namespace

/**
 * \ingroup sagin-tests
 * For a linear model y = w x + b with squared loss the inner step is affine in θ and the
 * support Hessian H = 2 [[mean x², mean x], [mean x, 1]] is constant, so after K inner steps
 * the second-order meta-gradient is (I − αH)^K ∇L_query(θ_K) and the first-order one
 * ∇L_query(θ_K) (Finn et al. 2017, §2.2 and §5.2). Both are computed here by hand in double
 * precision and compared with one plain-gradient outer step of size β = 1 over two tasks.
 */
class MamlLinearMetaGradientTestCase : public TestCase
{
  public:
    MamlLinearMetaGradientTestCase()
        : TestCase("MAML meta-gradient of a linear model equals its closed form")
    {
    }

  private:
    void DoRun() override
    {
        const double alpha = 0.1;
        const uint32_t steps = 2;
        std::vector<MamlTask> tasks(2);
        tasks[0].supportInputs = {-1.0F, 0.5F, 2.0F};
        tasks[0].supportTargets = {0.3F, 1.2F, -0.7F};
        tasks[0].queryInputs = {1.5F, -0.25F};
        tasks[0].queryTargets = {0.8F, 0.1F};
        tasks[1].supportInputs = {0.75F, -2.0F};
        tasks[1].supportTargets = {-1.0F, 2.5F};
        tasks[1].queryInputs = {0.0F, 1.0F, -1.0F};
        tasks[1].queryTargets = {-0.2F, -1.1F, 0.9F};
        const double w0 = 0.6;
        const double b0 = -0.4;

        for (bool firstOrder : {false, true})
        {
            // Reference: G = mean_i M_i g_query,i(θ_K,i), M_i = (I − αH_i)^K or I.
            double gw = 0.0;
            double gb = 0.0;
            for (const MamlTask& task : tasks)
            {
                double w = w0;
                double b = b0;
                for (uint32_t k = 0; k < steps; ++k)
                {
                    const auto g = LinearGradient(w, b, task.supportInputs, task.supportTargets);
                    w -= alpha * g[0];
                    b -= alpha * g[1];
                }
                std::array<double, 2> v = LinearGradient(w, b, task.queryInputs, task.queryTargets);
                if (!firstOrder)
                {
                    double mx = 0.0;
                    double mxx = 0.0;
                    for (float x : task.supportInputs)
                    {
                        mx += x / task.supportInputs.size();
                        mxx += double(x) * x / task.supportInputs.size();
                    }
                    for (uint32_t k = 0; k < steps; ++k)
                    {
                        // v ← (I − αH) v, H symmetric.
                        v = {v[0] - alpha * 2.0 * (mxx * v[0] + mx * v[1]),
                             v[1] - alpha * 2.0 * (mx * v[0] + v[1])};
                    }
                }
                gw += v[0] / tasks.size();
                gb += v[1] / tasks.size();
            }

            Mlp linear(Scalar({}));
            linear.SetParameters({static_cast<float>(w0), static_cast<float>(b0)});
            auto maml = CreateObject<Maml>();
            maml->SetAttribute("InnerStepSize", DoubleValue(alpha));
            maml->SetAttribute("InnerSteps", UintegerValue(steps));
            maml->SetAttribute("OuterStepSize", DoubleValue(1.0));
            maml->SetAttribute("OuterOptimizer", EnumValue(Maml::SGD));
            maml->SetAttribute("FirstOrder", BooleanValue(firstOrder));
            maml->SetInitialization(linear);
            maml->MetaUpdate(tasks);
            const std::vector<float> theta = maml->GetParameters();
            NS_TEST_EXPECT_MSG_EQ_TOL(theta[0], w0 - gw, 1e-5, "w, first order " << firstOrder);
            NS_TEST_EXPECT_MSG_EQ_TOL(theta[1], b0 - gb, 1e-5, "b, first order " << firstOrder);
        }
    }
};

/**
 * \ingroup sagin-tests
 * The inner loop (Adapt) and the loss (GetLoss) against an independent path: K steps of plain
 * gradient descent on an Mlp through Mlp::Backpropagate, and the Mlp's own forward pass.
 */
class MamlAdaptTestCase : public TestCase
{
  public:
    MamlAdaptTestCase()
        : TestCase("MAML inner loop equals gradient descent on the Mlp")
    {
    }

  private:
    void DoRun() override
    {
        MlpArchitecture architecture = Scalar({8, 8});
        architecture.activation = MlpArchitecture::TANH;
        Mlp network(architecture);
        auto uniform = CreateObject<UniformRandomVariable>();
        uniform->SetStream(77);
        network.InitializeParameters(uniform);
        const std::vector<float> x = {-2.0F, -0.5F, 0.25F, 1.0F, 3.0F};
        const std::vector<float> y = {0.5F, -0.25F, 1.0F, 0.0F, -1.5F};
        const double alpha = 0.05;
        const uint32_t steps = 3;

        auto maml = CreateObject<Maml>();
        maml->SetAttribute("InnerStepSize", DoubleValue(alpha));
        maml->SetAttribute("InnerSteps", UintegerValue(steps));
        maml->SetInitialization(network);
        NS_TEST_EXPECT_MSG_EQ((maml->GetParameters() == network.GetParameters()), true, "θ");
        const std::vector<float> adapted = maml->Adapt(x, y);

        Mlp reference(network);
        for (uint32_t k = 0; k < steps; ++k)
        {
            reference.ZeroGradients();
            reference.Backpropagate(x, [&](const std::vector<float>& out) {
                std::vector<float> g(out.size());
                for (std::size_t j = 0; j < out.size(); ++j)
                {
                    g[j] = 2.0F * (out[j] - y[j]) / static_cast<float>(out.size());
                }
                return g;
            });
            std::vector<float> p = reference.GetParameters();
            const std::vector<float> g = reference.GetGradients();
            for (std::size_t i = 0; i < p.size(); ++i)
            {
                p[i] -= static_cast<float>(alpha) * g[i];
            }
            reference.SetParameters(p);
        }
        const std::vector<float> expected = reference.GetParameters();
        NS_TEST_ASSERT_MSG_EQ(adapted.size(), expected.size(), "parameter count");
        double largest = 0.0;
        for (std::size_t i = 0; i < adapted.size(); ++i)
        {
            largest = std::max(largest, std::abs(double(adapted[i]) - expected[i]));
        }
        NS_TEST_EXPECT_MSG_LT(largest, 1e-6, "adapted parameters");

        // GetLoss against the Mlp's forward pass (mean squared error by hand).
        const std::vector<float> out = reference.Forward(x);
        double mse = 0.0;
        for (std::size_t j = 0; j < out.size(); ++j)
        {
            mse += (double(out[j]) - y[j]) * (double(out[j]) - y[j]) / out.size();
        }
        NS_TEST_EXPECT_MSG_EQ_TOL(maml->GetLoss(adapted, x, y), mse, 1e-6, "loss");
        // CopyTo writes θ (unchanged by Adapt) into a network.
        Mlp copy(architecture);
        maml->CopyTo(copy);
        NS_TEST_EXPECT_MSG_EQ((copy.GetParameters() == network.GetParameters()), true, "copy");
    }
};

namespace
{
/** Sinusoid task family of Finn et al. 2017 §5.1. */
class SinusoidTasks
{
  public:
    /** \param stream the ns-3 stream of the task and point draws */
    explicit SinusoidTasks(int64_t stream)
        : m_uniform(CreateObject<UniformRandomVariable>())
    {
        m_uniform->SetStream(stream);
    }

    /** A task: y = amplitude sin(x − phase). */
    struct Task
    {
        double amplitude; //!< in [0.1, 5]
        double phase;     //!< in [0, π]
    };

    /** \return a new task */
    Task Draw()
    {
        const double amplitude = m_uniform->GetValue(AMPLITUDE_MIN, AMPLITUDE_MAX);
        return {amplitude, m_uniform->GetValue(0.0, M_PI)};
    }

    /**
     * \param task a task
     * \param points how many x, uniform in [-5, 5]
     * \param x receives them
     * \param y receives their targets
     */
    void Sample(const Task& task, uint32_t points, std::vector<float>& x, std::vector<float>& y)
    {
        x.clear();
        y.clear();
        for (uint32_t j = 0; j < points; ++j)
        {
            const double v = m_uniform->GetValue(-X_LIMIT, X_LIMIT);
            x.push_back(static_cast<float>(v));
            y.push_back(static_cast<float>(task.amplitude * std::sin(v - task.phase)));
        }
    }

    static constexpr double AMPLITUDE_MIN = 0.1; //!< Finn et al. §5.1
    static constexpr double AMPLITUDE_MAX = 5.0; //!< Finn et al. §5.1
    static constexpr double X_LIMIT = 5.0;       //!< x ∈ [−5, 5], Finn et al. §5.1

  private:
    Ptr<UniformRandomVariable> m_uniform; //!< every draw
};

/** K = 10 shots per task (Finn et al. §5.1). */
constexpr uint32_t SHOTS = 10;
/** Tasks per outer step (Finn et al. §5.1 use 25). */
constexpr uint32_t META_BATCH = 25;

/**
 * Meta-train on the sinusoid family.
 * \param firstOrder FOMAML
 * \param iterations outer steps
 * \param initial the initial network (2x40 ReLU)
 * \return the trained MAML object
 */
Ptr<Maml>
MetaTrainSinusoid(bool firstOrder, uint32_t iterations, const Mlp& initial)
{
    auto maml = CreateObject<Maml>();
    maml->SetAttribute("InnerStepSize", DoubleValue(0.01));
    maml->SetAttribute("InnerSteps", UintegerValue(1));
    maml->SetAttribute("OuterStepSize", DoubleValue(0.001));
    maml->SetAttribute("FirstOrder", BooleanValue(firstOrder));
    maml->SetInitialization(initial);
    SinusoidTasks family(300);
    for (uint32_t it = 0; it < iterations; ++it)
    {
        std::vector<MamlTask> batch(META_BATCH);
        for (MamlTask& task : batch)
        {
            const SinusoidTasks::Task t = family.Draw();
            family.Sample(t, SHOTS, task.supportInputs, task.supportTargets);
            family.Sample(t, SHOTS, task.queryInputs, task.queryTargets);
        }
        maml->MetaUpdate(batch);
    }
    return maml;
}
} // namespace

/**
 * \ingroup sagin-tests
 * Finn et al. 2017 §5.1: regression on y = A sin(x − φ), A ∈ U[0.1, 5], φ ∈ U[0, π],
 * x ∈ U[−5, 5], K = 10 shots, a 1-40-40-1 ReLU network, α = 0.01, one inner step, meta-batch
 * 25, Adam with β = 0.001. After a short meta-training the network adapted from the
 * meta-learned initialisation has a far lower loss on held-out tasks than the same network
 * adapted the same way from its random initialisation, second and first order.
 */
class MamlSinusoidTestCase : public TestCase
{
  public:
    /** \param firstOrder FOMAML */
    explicit MamlSinusoidTestCase(bool firstOrder)
        : TestCase(std::string("MAML sinusoid regression beats scratch on held-out tasks, ") +
                   (firstOrder ? "first order" : "second order")),
          m_firstOrder(firstOrder)
    {
    }

  private:
    void DoRun() override
    {
        SeedRestorer restore;
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        Mlp initial(Scalar({40, 40}));
        auto uniform = CreateObject<UniformRandomVariable>();
        uniform->SetStream(400);
        initial.InitializeParameters(uniform);
        const std::vector<float> scratch = initial.GetParameters();
        Ptr<Maml> maml = MetaTrainSinusoid(m_firstOrder, ITERATIONS, initial);

        SinusoidTasks heldOut(500);
        double metaLoss = 0.0;
        double scratchLoss = 0.0;
        double metaLoss10 = 0.0;
        double scratchLoss10 = 0.0;
        double unadaptedLoss = 0.0;
        std::vector<float> xs;
        std::vector<float> ys;
        std::vector<float> xq;
        std::vector<float> yq;
        for (uint32_t i = 0; i < HELD_OUT_TASKS; ++i)
        {
            const SinusoidTasks::Task t = heldOut.Draw();
            heldOut.Sample(t, SHOTS, xs, ys);
            heldOut.Sample(t, QUERY_POINTS, xq, yq);
            maml->SetAttribute("InnerSteps", UintegerValue(1));
            metaLoss += maml->GetLoss(maml->Adapt(xs, ys), xq, yq) / HELD_OUT_TASKS;
            scratchLoss += maml->GetLoss(maml->Adapt(xs, ys, scratch), xq, yq) / HELD_OUT_TASKS;
            unadaptedLoss += maml->GetLoss({}, xq, yq) / HELD_OUT_TASKS;
            maml->SetAttribute("InnerSteps", UintegerValue(10));
            metaLoss10 += maml->GetLoss(maml->Adapt(xs, ys), xq, yq) / HELD_OUT_TASKS;
            scratchLoss10 += maml->GetLoss(maml->Adapt(xs, ys, scratch), xq, yq) / HELD_OUT_TASKS;
        }
        // Seed 1, run 1, 500 outer steps, mean over 50 held-out tasks (100 query points each):
        //                  1 step from θ   1 step from scratch   10 steps   10 from scratch
        //   second order   2.23            4.99                  1.65       4.48
        //   first order    2.48            4.99                  1.92       4.48
        // and 3.4-3.5 for θ unadapted. Finn et al. (Fig. 2) reach about 0.2 after 70000 outer
        // steps; 500 keep this test at about 8 s (second order) and 4 s (first order) on the
        // 2-core development machine. The margins asserted: 40 % below scratch, and adaptation
        // itself helping (20 % below the unadapted θ).
        NS_TEST_EXPECT_MSG_LT(metaLoss, 0.6 * scratchLoss, "1 step: meta-learned vs scratch");
        NS_TEST_EXPECT_MSG_LT(metaLoss10, 0.6 * scratchLoss10, "10 steps: meta vs scratch");
        NS_TEST_EXPECT_MSG_LT(metaLoss, 0.8 * unadaptedLoss, "1 step from θ vs θ unadapted");
        NS_TEST_EXPECT_MSG_LT(metaLoss10, metaLoss, "more inner steps adapt further");
        NS_TEST_EXPECT_MSG_EQ(maml->GetMetaUpdateCount(), ITERATIONS, "outer steps");
    }

    /** Outer steps of the meta-training. */
    static constexpr uint32_t ITERATIONS = 500;
    /** Held-out tasks of the evaluation. */
    static constexpr uint32_t HELD_OUT_TASKS = 50;
    /** Query points per held-out task. */
    static constexpr uint32_t QUERY_POINTS = 100;

    bool m_firstOrder; //!< FOMAML
};

/**
 * \ingroup sagin-tests
 * Same seed, run and streams: bit-identical meta-parameters; other tasks, others.
 */
class MamlReproducibilityTestCase : public TestCase
{
  public:
    MamlReproducibilityTestCase()
        : TestCase("MAML meta-parameters are bit-identical for the same seed and run")
    {
    }

  private:
    void DoRun() override
    {
        SeedRestorer restore;
        auto run = [](uint64_t rngRun, bool firstOrder) {
            RngSeedManager::SetSeed(9);
            RngSeedManager::SetRun(rngRun);
            Mlp initial(Scalar({40, 40}));
            auto uniform = CreateObject<UniformRandomVariable>();
            uniform->SetStream(400);
            initial.InitializeParameters(uniform);
            return MetaTrainSinusoid(firstOrder, 5, initial)->GetParameters();
        };
        for (bool firstOrder : {false, true})
        {
            const std::vector<float> a = run(1, firstOrder);
            const std::vector<float> b = run(1, firstOrder);
            const std::vector<float> c = run(2, firstOrder);
            NS_TEST_ASSERT_MSG_EQ(a.size(), b.size(), "same size");
            NS_TEST_EXPECT_MSG_EQ(std::memcmp(a.data(), b.data(), 4 * a.size()),
                                  0,
                                  "identical θ, first order " << firstOrder);
            NS_TEST_EXPECT_MSG_EQ((a != c), true, "another run, another θ");
        }
    }
};

/**
 * \ingroup sagin-tests
 * Bad MAML input, each refused with a message naming the input.
 */
class MamlBadInputTestCase : public TestCase
{
  public:
    MamlBadInputTestCase()
        : TestCase("MAML bad input")
    {
    }

  private:
    /** Trace sink. \param update outer step \param loss query loss */
    void MetaLoss(uint64_t update, double loss)
    {
        m_update = update;
        m_loss = loss;
    }

    void DoRun() override
    {
        auto maml = CreateObject<Maml>();
        std::string m = MessageOf<std::logic_error>([&]() { maml->MetaUpdate({}); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "before SetInitialization()"), true, m);
        NS_TEST_EXPECT_MSG_EQ(maml->SetAttributeFailSafe("InnerStepSize", DoubleValue(-0.5)),
                              false,
                              "a negative step refused by the checker");
        NS_TEST_EXPECT_MSG_EQ(maml->SetAttributeFailSafe("OuterStepSize", DoubleValue(0.0)),
                              false,
                              "a zero step refused by the checker");
        NS_TEST_EXPECT_MSG_EQ(maml->SetAttributeFailSafe("InnerSteps", UintegerValue(0)),
                              false,
                              "K = 0 refused");
        // A zero-width network is refused when it is made, before MAML sees it.
        MlpArchitecture zero = Scalar({40, 0});
        m = MessageOf<std::invalid_argument>([&]() { Mlp network(zero); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "hidden layer 2 of width 0"), true, m);

        MlpArchitecture twoIn = Scalar({4});
        twoIn.inputSize = 2;
        Mlp network(twoIn);
        maml->SetInitialization(network);
        maml->TraceConnectWithoutContext("MetaLoss",
                                         MakeCallback(&MamlBadInputTestCase::MetaLoss, this));
        m = MessageOf<std::invalid_argument>([&]() { maml->MetaUpdate({}); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "meta-batch is empty"), true, m);
        MamlTask good;
        good.supportInputs = {0.0F, 1.0F, 1.0F, 0.0F};
        good.supportTargets = {1.0F, -1.0F};
        good.queryInputs = {0.5F, 0.5F};
        good.queryTargets = {0.0F};
        MamlTask odd = good;
        odd.queryInputs = {0.5F, 0.5F, 0.5F}; // not a multiple of the input width 2
        m = MessageOf<std::invalid_argument>([&]() { maml->MetaUpdate({good, odd}); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "task 1's query inputs") && Contains(m, "width 2"),
                              true,
                              m);
        MamlTask rows = good;
        rows.supportTargets = {1.0F};
        m = MessageOf<std::invalid_argument>([&]() { maml->MetaUpdate({rows}); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "task 0's") && Contains(m, "row counts"), true, m);
        MamlTask none = good;
        none.supportInputs.clear();
        m = MessageOf<std::invalid_argument>([&]() { maml->MetaUpdate({none}); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "support inputs has 0 floats"), true, m);
        NS_TEST_EXPECT_MSG_EQ(maml->GetMetaUpdateCount(), 0u, "no step was taken");
        const double loss = maml->MetaUpdate({good});
        NS_TEST_EXPECT_MSG_EQ(m_update, 1u, "MetaLoss trace: the step");
        NS_TEST_EXPECT_MSG_EQ(m_loss, loss, "MetaLoss trace: the loss");
        Mlp other(Scalar({4}));
        m = MessageOf<std::invalid_argument>([&]() { maml->CopyTo(other); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "2-4-1 relu") && Contains(m, "1-4-1 relu"), true, m);
        m = MessageOf<std::invalid_argument>(
            [&]() { maml->Adapt(good.supportInputs, good.supportTargets, {1.0F}); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "1 start parameters"), true, m);
    }

    uint64_t m_update{0}; //!< last traced step
    double m_loss{-1.0};  //!< last traced loss
};

/**
 * \ingroup sagin-tests
 * The MAML TestSuite.
 */
class LearningMamlTestSuite : public TestSuite
{
  public:
    LearningMamlTestSuite()
        : TestSuite("sagin-learning-maml", Type::UNIT)
    {
        AddTestCase(new MamlLinearMetaGradientTestCase);
        AddTestCase(new MamlAdaptTestCase);
        AddTestCase(new MamlSinusoidTestCase(false));
        AddTestCase(new MamlSinusoidTestCase(true));
        AddTestCase(new MamlReproducibilityTestCase);
        AddTestCase(new MamlBadInputTestCase);
    }
};

static LearningMamlTestSuite g_learningMamlTestSuite; //!< Static variable for test initialization
