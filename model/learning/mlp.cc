// SPDX-License-Identifier: GPL-2.0-only
//
// The module's only LibTorch translation unit for networks: layers are plain leaf tensors
// (weights and biases with requires_grad), evaluated with ATen and differentiated with
// LibTorch's autograd; Adam is LibTorch's.

#include "mlp.h"

#include "mlp-evaluator.h"

#include "ns3/global-value.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <cmath>
#include <cstring>
#include <sstream>
#include <stdexcept>
#include <torch/optim/adam.h>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginMlp");

namespace
{
/** LibTorch's intra-op thread count for every network of the process. */
GlobalValue g_torchThreads("SaginTorchThreads",
                           "LibTorch intra-op threads used by sagin's networks (process-wide; "
                           "1 = single-threaded: reproducible and fastest for small networks).",
                           UintegerValue(1),
                           MakeUintegerChecker<uint32_t>(1, 1024));

/** Apply SaginTorchThreads if LibTorch uses another thread count. */
void
ApplyTorchThreads()
{
    UintegerValue threads;
    g_torchThreads.GetValue(threads);
    const int wanted = static_cast<int>(threads.Get());
    if (at::get_num_threads() != wanted)
    {
        NS_LOG_INFO("LibTorch intra-op threads: " << at::get_num_threads() << " -> " << wanted);
        at::set_num_threads(wanted);
    }
}

/**
 * \param values floats
 * \param columns row width
 * \param what the name of the data, for the message
 * \return a (rows x columns) float tensor sharing nothing with values
 */
at::Tensor
ToTensor(const std::vector<float>& values, uint32_t columns, const std::string& what)
{
    if (values.empty() || values.size() % columns != 0)
    {
        std::ostringstream msg;
        msg << "Mlp: " << what << " has " << values.size()
            << " floats, not a positive multiple of the width " << columns
            << " (batches are row-major, rows x width)";
        throw std::invalid_argument(msg.str());
    }
    const auto rows = static_cast<int64_t>(values.size() / columns);
    return at::from_blob(const_cast<float*>(values.data()),
                         {rows, static_cast<int64_t>(columns)},
                         at::TensorOptions().dtype(at::kFloat))
        .clone();
}

/**
 * \param tensor a float tensor
 * \return its values in row-major order
 */
std::vector<float>
ToVector(const at::Tensor& tensor)
{
    const at::Tensor contiguous = tensor.detach().contiguous();
    const float* data = contiguous.data_ptr<float>();
    return std::vector<float>(data, data + contiguous.numel());
}
} // namespace

/** The LibTorch side of an Mlp: one weight and one bias tensor per layer. */
class MlpImpl
{
  public:
    /** \param architecture the (validated) shape */
    explicit MlpImpl(const MlpArchitecture& architecture)
        : activation(architecture.activation)
    {
        std::vector<uint32_t> widths{architecture.inputSize};
        widths.insert(widths.end(),
                      architecture.hiddenSizes.begin(),
                      architecture.hiddenSizes.end());
        widths.push_back(architecture.outputSize);
        for (std::size_t l = 0; l + 1 < widths.size(); ++l)
        {
            weights.push_back(at::zeros({widths[l + 1], widths[l]}).set_requires_grad(true));
            biases.push_back(at::zeros({widths[l + 1]}).set_requires_grad(true));
        }
    }

    /**
     * \param x a (rows x input) batch
     * \return the (rows x output) result
     */
    at::Tensor Forward(at::Tensor x) const
    {
        for (std::size_t l = 0; l < weights.size(); ++l)
        {
            x = at::linear(x, weights[l], biases[l]);
            if (l + 1 < weights.size())
            {
                x = activation == MlpArchitecture::TANH ? at::tanh(x) : at::relu(x);
            }
        }
        return x;
    }

    /**
     * \return every parameter tensor in the documented order
     */
    std::vector<at::Tensor> Parameters() const
    {
        std::vector<at::Tensor> all;
        for (std::size_t l = 0; l < weights.size(); ++l)
        {
            all.push_back(weights[l]);
            all.push_back(biases[l]);
        }
        return all;
    }

    /**
     * \return the sum of the parameter tensors' version counters, which every in-place
     *         change through LibTorch (an optimizer step, copy_) increases
     */
    int64_t ParameterVersion() const
    {
        int64_t version = 0;
        for (std::size_t l = 0; l < weights.size(); ++l)
        {
            version += weights[l]._version() + biases[l]._version();
        }
        return version;
    }

    MlpArchitecture::Activation activation; //!< hidden activation
    std::vector<at::Tensor> weights;        //!< W_l, (out x in)
    std::vector<at::Tensor> biases;         //!< b_l, (out)
    MlpEvaluator evaluator;                 //!< the inference copy of the parameters
    bool evaluatorStale{true};              //!< parameters written behind LibTorch's back
    int64_t evaluatorVersion{-1};           //!< ParameterVersion() when it was copied
};

/** LibTorch's Adam on one network's parameter tensors. */
class AdamOptimizerImpl
{
  public:
    /**
     * \param parameters the tensors to optimise
     * \param learningRate step size
     */
    AdamOptimizerImpl(const std::vector<at::Tensor>& parameters, double learningRate)
        : adam(parameters, torch::optim::AdamOptions(learningRate))
    {
    }

    torch::optim::Adam adam; //!< the optimizer
};

Mlp::Mlp(const MlpArchitecture& architecture)
    : m_architecture(architecture)
{
    NS_LOG_FUNCTION(this << architecture.ToString());
    architecture.Validate("Mlp");
    ApplyTorchThreads();
    m_impl = std::make_unique<MlpImpl>(architecture);
}

Mlp::Mlp(const Mlp& other)
    : m_architecture(other.m_architecture),
      m_name(other.m_name),
      m_impl(std::make_unique<MlpImpl>(other.m_architecture))
{
    *this = other;
}

Mlp&
Mlp::operator=(const Mlp& other)
{
    if (this == &other)
    {
        return *this;
    }
    if (m_architecture != other.m_architecture)
    {
        throw std::invalid_argument("Mlp: cannot copy the parameters of a " +
                                    other.m_architecture.ToString() + " network into a " +
                                    m_architecture.ToString() + " network");
    }
    at::NoGradGuard noGrad;
    const auto mine = m_impl->Parameters();
    const auto theirs = other.m_impl->Parameters();
    for (std::size_t i = 0; i < mine.size(); ++i)
    {
        mine[i].copy_(theirs[i]);
    }
    return *this;
}

Mlp::Mlp(Mlp&& other) noexcept = default;

Mlp& Mlp::operator=(Mlp&& other) noexcept = default;

Mlp::~Mlp() = default;

const MlpArchitecture&
Mlp::GetArchitecture() const
{
    return m_architecture;
}

std::size_t
Mlp::GetParameterCount() const
{
    return m_architecture.GetParameterCount();
}

void
Mlp::InitializeParameters(Ptr<UniformRandomVariable> uniform)
{
    NS_LOG_FUNCTION(this);
    at::NoGradGuard noGrad;
    for (std::size_t l = 0; l < m_impl->weights.size(); ++l)
    {
        const double bound = 1.0 / std::sqrt(static_cast<double>(m_impl->weights[l].size(1)));
        for (at::Tensor* tensor : {&m_impl->weights[l], &m_impl->biases[l]})
        {
            float* data = tensor->data_ptr<float>();
            for (int64_t i = 0; i < tensor->numel(); ++i)
            {
                data[i] = static_cast<float>(uniform->GetValue(-bound, bound));
            }
        }
    }
    m_impl->evaluatorStale = true;
}

std::vector<float>
Mlp::GetParameters() const
{
    std::vector<float> all;
    all.reserve(GetParameterCount());
    for (const at::Tensor& tensor : m_impl->Parameters())
    {
        const float* data = tensor.data_ptr<float>();
        all.insert(all.end(), data, data + tensor.numel());
    }
    return all;
}

void
Mlp::SetParameters(const std::vector<float>& parameters)
{
    if (parameters.size() != GetParameterCount())
    {
        throw std::invalid_argument("Mlp::SetParameters: " + std::to_string(parameters.size()) +
                                    " values for a " + m_architecture.ToString() +
                                    " network, which has " + std::to_string(GetParameterCount()) +
                                    " parameters");
    }
    at::NoGradGuard noGrad;
    std::size_t offset = 0;
    for (const at::Tensor& tensor : m_impl->Parameters())
    {
        std::memcpy(tensor.data_ptr<float>(),
                    parameters.data() + offset,
                    sizeof(float) * static_cast<std::size_t>(tensor.numel()));
        offset += static_cast<std::size_t>(tensor.numel());
    }
    m_impl->evaluatorStale = true;
}

void
Mlp::SetName(const std::string& name)
{
    m_name = name;
}

std::vector<float>
Mlp::Forward(const std::vector<float>& inputs) const
{
    const int64_t version = m_impl->ParameterVersion();
    if (m_impl->evaluatorStale || version != m_impl->evaluatorVersion)
    {
        NS_LOG_LOGIC("refreshing the inference copy of a " << m_architecture.ToString()
                                                           << " network");
        try
        {
            m_impl->evaluator = MlpEvaluator(m_architecture, GetParameters());
        }
        catch (const std::invalid_argument& e)
        {
            throw std::invalid_argument(m_name.empty() ? e.what() : m_name + ": " + e.what());
        }
        m_impl->evaluatorStale = false;
        m_impl->evaluatorVersion = version;
    }
    return m_impl->evaluator.Forward(inputs);
}

std::vector<float>
Mlp::ForwardLibTorch(const std::vector<float>& inputs) const
{
    at::NoGradGuard noGrad;
    return ToVector(m_impl->Forward(ToTensor(inputs, m_architecture.inputSize, "the input")));
}

void
Mlp::Backpropagate(const std::vector<float>& inputs,
                   const OutputGradient& outputGradient,
                   std::vector<float>* inputGradient)
{
    at::Tensor x = ToTensor(inputs, m_architecture.inputSize, "the input");
    if (inputGradient != nullptr)
    {
        x.set_requires_grad(true);
    }
    const at::Tensor y = m_impl->Forward(x);
    const std::vector<float> gradient = outputGradient(ToVector(y));
    if (gradient.size() != static_cast<std::size_t>(y.numel()))
    {
        throw std::invalid_argument("Mlp::Backpropagate: the output gradient has " +
                                    std::to_string(gradient.size()) + " floats for " +
                                    std::to_string(y.numel()) + " outputs");
    }
    y.backward(ToTensor(gradient, m_architecture.outputSize, "the output gradient"));
    if (inputGradient != nullptr)
    {
        *inputGradient = ToVector(x.grad());
    }
}

void
Mlp::ZeroGradients()
{
    for (const at::Tensor& tensor : m_impl->Parameters())
    {
        if (tensor.grad().defined())
        {
            tensor.mutable_grad().zero_();
        }
    }
}

std::vector<float>
Mlp::GetGradients() const
{
    std::vector<float> all;
    all.reserve(GetParameterCount());
    for (const at::Tensor& tensor : m_impl->Parameters())
    {
        if (tensor.grad().defined())
        {
            const std::vector<float> g = ToVector(tensor.grad());
            all.insert(all.end(), g.begin(), g.end());
        }
        else
        {
            all.insert(all.end(), static_cast<std::size_t>(tensor.numel()), 0.0F);
        }
    }
    return all;
}

double
Mlp::ClipGradientNorm(double maxNorm)
{
    if (!(maxNorm > 0.0))
    {
        throw std::invalid_argument("Mlp::ClipGradientNorm: the largest norm must be > 0, not " +
                                    std::to_string(maxNorm));
    }
    at::NoGradGuard noGrad;
    double squares = 0.0;
    for (const at::Tensor& tensor : m_impl->Parameters())
    {
        if (tensor.grad().defined())
        {
            squares += tensor.grad().to(at::kDouble).pow(2).sum().item<double>();
        }
    }
    const double norm = std::sqrt(squares);
    if (norm > maxNorm)
    {
        const double scale = maxNorm / (norm + 1e-6);
        for (const at::Tensor& tensor : m_impl->Parameters())
        {
            if (tensor.grad().defined())
            {
                tensor.mutable_grad().mul_(scale);
            }
        }
    }
    return norm;
}

AdamOptimizer::AdamOptimizer(Mlp& network, double learningRate)
{
    if (!(learningRate > 0.0) || !std::isfinite(learningRate))
    {
        throw std::invalid_argument("AdamOptimizer: learning rate " + std::to_string(learningRate) +
                                    " must be > 0");
    }
    m_impl = std::make_unique<AdamOptimizerImpl>(network.m_impl->Parameters(), learningRate);
}

AdamOptimizer::~AdamOptimizer() = default;

void
AdamOptimizer::Step()
{
    m_impl->adam.step();
}

void
AdamOptimizer::SetLearningRate(double learningRate)
{
    if (!(learningRate > 0.0) || !std::isfinite(learningRate))
    {
        throw std::invalid_argument("AdamOptimizer: learning rate " + std::to_string(learningRate) +
                                    " must be > 0");
    }
    for (auto& group : m_impl->adam.param_groups())
    {
        static_cast<torch::optim::AdamOptions&>(group.options()).lr(learningRate);
    }
}

std::vector<float>
JoinParameters(const Mlp& actor, const Mlp& critic)
{
    std::vector<float> parameters = actor.GetParameters();
    const std::vector<float> criticParameters = critic.GetParameters();
    parameters.insert(parameters.end(), criticParameters.begin(), criticParameters.end());
    return parameters;
}

void
SplitParameters(const std::vector<float>& parameters,
                Mlp& actor,
                Mlp& critic,
                const std::string& owner)
{
    const std::size_t actorCount = actor.GetParameterCount();
    const std::size_t criticCount = critic.GetParameterCount();
    if (parameters.size() != actorCount + criticCount)
    {
        throw std::invalid_argument(
            owner + "::SetParameters: " + std::to_string(parameters.size()) +
            " values for its actor " + actor.GetArchitecture().ToString() + " and critic " +
            critic.GetArchitecture().ToString() + ", which have " + std::to_string(actorCount) +
            " + " + std::to_string(criticCount) + " parameters");
    }
    actor.SetParameters(std::vector<float>(parameters.begin(), parameters.begin() + actorCount));
    critic.SetParameters(std::vector<float>(parameters.begin() + actorCount, parameters.end()));
}

} // namespace sagin
} // namespace ns3
