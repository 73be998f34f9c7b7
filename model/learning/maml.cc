// SPDX-License-Identifier: GPL-2.0-only
//
// MAML needs gradients of gradients, which only autograd gives: this is the module's second
// LibTorch translation unit. The network is evaluated functionally (the parameters are
// arguments, not members) with the same layer rule as Mlp; the test checks both agree.

#include "maml.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/ns3-release-compat.h"
#include "ns3/uinteger.h"

#include <ATen/ATen.h>
#include <cmath>
#include <cstring>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <torch/csrc/autograd/autograd.h>
#include <torch/optim/adam.h>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginMaml");

NS_OBJECT_ENSURE_REGISTERED(Maml);

namespace
{
/**
 * \param architecture a network shape
 * \return the shape of each parameter tensor, in Mlp order (W_l, b_l, ...)
 */
std::vector<std::vector<int64_t>>
ParameterShapes(const MlpArchitecture& architecture)
{
    std::vector<int64_t> widths{architecture.inputSize};
    widths.insert(widths.end(), architecture.hiddenSizes.begin(), architecture.hiddenSizes.end());
    widths.push_back(architecture.outputSize);
    std::vector<std::vector<int64_t>> shapes;
    for (std::size_t l = 0; l + 1 < widths.size(); ++l)
    {
        shapes.push_back({widths[l + 1], widths[l]});
        shapes.push_back({widths[l + 1]});
    }
    return shapes;
}

/**
 * \param values parameters in Mlp order
 * \param architecture their network's shape
 * \return one leaf tensor per weight and bias, copies of the values
 */
std::vector<at::Tensor>
ToParameterTensors(const std::vector<float>& values, const MlpArchitecture& architecture)
{
    std::vector<at::Tensor> tensors;
    std::size_t offset = 0;
    for (const auto& shape : ParameterShapes(architecture))
    {
        at::Tensor t = at::empty(shape, at::TensorOptions().dtype(at::kFloat));
        std::memcpy(t.data_ptr<float>(),
                    values.data() + offset,
                    sizeof(float) * static_cast<std::size_t>(t.numel()));
        offset += static_cast<std::size_t>(t.numel());
        tensors.push_back(t);
    }
    return tensors;
}

/**
 * \param tensors parameter tensors in Mlp order
 * \return their values, flat
 */
std::vector<float>
ToFlat(const std::vector<at::Tensor>& tensors)
{
    std::vector<float> all;
    for (const at::Tensor& t : tensors)
    {
        const at::Tensor c = t.detach().contiguous();
        all.insert(all.end(), c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
    }
    return all;
}

/**
 * \param values a row-major batch
 * \param columns its width
 * \param what the data's name, for the message
 * \return a (rows x columns) tensor
 */
at::Tensor
ToBatch(const std::vector<float>& values, uint32_t columns, const std::string& what)
{
    if (values.empty() || values.size() % columns != 0)
    {
        std::ostringstream msg;
        msg << "Maml: " << what << " has " << values.size()
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
 * The Mlp layer rule with the parameters as arguments: act(W_l x + b_l), no activation after
 * the last layer.
 * \param parameters W_1, b_1, W_2, b_2, ...
 * \param x a batch
 * \param activation hidden activation
 * \return the outputs
 */
at::Tensor
FunctionalForward(const std::vector<at::Tensor>& parameters,
                  at::Tensor x,
                  MlpArchitecture::Activation activation)
{
    const std::size_t layers = parameters.size() / 2;
    for (std::size_t l = 0; l < layers; ++l)
    {
        x = at::linear(x, parameters[2 * l], parameters[2 * l + 1]);
        if (l + 1 < layers)
        {
            x = activation == MlpArchitecture::TANH ? at::tanh(x) : at::relu(x);
        }
    }
    return x;
}
} // namespace

/** θ as LibTorch leaf tensors, with the outer optimizer's state. */
class MamlImpl
{
  public:
    /**
     * \param values θ in Mlp order
     * \param architecture the shape
     */
    MamlImpl(const std::vector<float>& values, const MlpArchitecture& architecture)
        : parameters(ToParameterTensors(values, architecture))
    {
        for (at::Tensor& t : parameters)
        {
            t.set_requires_grad(true);
        }
    }

    std::vector<at::Tensor> parameters;       //!< θ
    std::unique_ptr<torch::optim::Adam> adam; //!< outer Adam, made on first use
};

TypeId
Maml::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::Maml")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddConstructor<Maml>()
            .AddAttribute("InnerStepSize",
                          "Inner-loop gradient step size α (per unit of loss gradient, > 0; "
                          "Finn et al. 2017 §5.1 use 0.01).",
                          DoubleValue(0.01),
                          MakeDoubleAccessor(&Maml::SetInnerStepSize, &Maml::GetInnerStepSize),
                          MakeDoubleChecker<double>(std::numeric_limits<double>::min()))
            .AddAttribute("InnerSteps",
                          "Inner-loop gradient steps K per task (>= 1; Finn et al. §5.1 train "
                          "with 1).",
                          UintegerValue(1),
                          MakeUintegerAccessor(&Maml::m_innerSteps),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("OuterStepSize",
                          "Outer (meta) step size β (> 0; the reference implementation of "
                          "Finn et al. uses 0.001 with Adam).",
                          DoubleValue(0.001),
                          MakeDoubleAccessor(&Maml::SetOuterStepSize, &Maml::GetOuterStepSize),
                          MakeDoubleChecker<double>(std::numeric_limits<double>::min()))
            .AddAttribute("FirstOrder",
                          "Ignore the second derivatives of the inner steps (first-order MAML, "
                          "Finn et al. §5.2) instead of differentiating through them.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&Maml::m_firstOrder),
                          MakeBooleanChecker())
            .AddAttribute("OuterOptimizer",
                          "Optimizer of the outer step: Adam (step β) or plain gradient "
                          "descent (Sgd).",
                          EnumValue(Maml::ADAM),
                          MakeEnumAccessorFor<Maml::OuterOptimizerKind>(&Maml::m_outerOptimizer),
                          MakeEnumChecker(Maml::ADAM, "Adam", Maml::SGD, "Sgd"))
            .AddTraceSource("MetaLoss",
                            "One outer step: its number and the mean query loss after "
                            "adaptation (before the step).",
                            MakeTraceSourceAccessor(&Maml::m_metaLossTrace),
                            "ns3::sagin::Maml::MetaLossTracedCallback");
    return tid;
}

Maml::Maml()
{
    NS_LOG_FUNCTION(this);
}

Maml::~Maml()
{
    NS_LOG_FUNCTION(this);
}

void
Maml::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_impl.reset();
    Object::DoDispose();
}

void
Maml::SetInitialization(const Mlp& network)
{
    NS_LOG_FUNCTION(this << network.GetArchitecture().ToString());
    m_architecture = network.GetArchitecture();
    m_impl = std::make_unique<MamlImpl>(network.GetParameters(), m_architecture);
}

bool
Maml::IsInitialized() const
{
    return m_impl != nullptr;
}

void
Maml::RequireInitialized(const std::string& method) const
{
    if (!m_impl)
    {
        throw std::logic_error("Maml::" + method +
                               " before SetInitialization(); give the network whose "
                               "initial parameters are meta-learned first");
    }
}

const MlpArchitecture&
Maml::GetArchitecture() const
{
    RequireInitialized("GetArchitecture()");
    return m_architecture;
}

std::vector<float>
Maml::GetParameters() const
{
    RequireInitialized("GetParameters()");
    return ToFlat(m_impl->parameters);
}

void
Maml::CopyTo(Mlp& network) const
{
    RequireInitialized("CopyTo()");
    if (network.GetArchitecture() != m_architecture)
    {
        throw std::invalid_argument("Maml::CopyTo: the meta-learned parameters are for a " +
                                    m_architecture.ToString() + " network, not a " +
                                    network.GetArchitecture().ToString() + " one");
    }
    network.SetParameters(GetParameters());
}

double
Maml::MetaUpdate(const std::vector<MamlTask>& tasks)
{
    NS_LOG_FUNCTION(this << tasks.size());
    RequireInitialized("MetaUpdate()");
    if (tasks.empty())
    {
        throw std::invalid_argument("Maml::MetaUpdate: the meta-batch is empty; give at least "
                                    "one task");
    }
    const std::vector<at::Tensor>& theta = m_impl->parameters;
    for (const at::Tensor& t : theta)
    {
        if (t.grad().defined())
        {
            t.mutable_grad().zero_();
        }
    }
    const float alpha = static_cast<float>(m_innerStepSize);
    const double batch = static_cast<double>(tasks.size());
    double queryLoss = 0.0;
    for (std::size_t i = 0; i < tasks.size(); ++i)
    {
        const MamlTask& task = tasks[i];
        const std::string name = "task " + std::to_string(i) + "'s ";
        const at::Tensor xs =
            ToBatch(task.supportInputs, m_architecture.inputSize, name + "support inputs");
        const at::Tensor ys =
            ToBatch(task.supportTargets, m_architecture.outputSize, name + "support targets");
        const at::Tensor xq =
            ToBatch(task.queryInputs, m_architecture.inputSize, name + "query inputs");
        const at::Tensor yq =
            ToBatch(task.queryTargets, m_architecture.outputSize, name + "query targets");
        if (xs.size(0) != ys.size(0) || xq.size(0) != yq.size(0))
        {
            throw std::invalid_argument("Maml::MetaUpdate: " + name +
                                        "inputs and targets have different row counts");
        }
        // Inner loop: θ' = θ − α ∇L_support, kept on the graph of θ.
        std::vector<at::Tensor> adapted(theta.begin(), theta.end());
        for (uint32_t k = 0; k < m_innerSteps; ++k)
        {
            const at::Tensor loss =
                at::mse_loss(FunctionalForward(adapted, xs, m_architecture.activation), ys);
            // Second order keeps the gradient's own graph (create_graph) so the outer
            // backward passes through it; first order takes it as a constant.
            const std::vector<at::Tensor> grads =
                torch::autograd::grad({loss}, adapted, {}, !m_firstOrder, !m_firstOrder);
            for (std::size_t p = 0; p < adapted.size(); ++p)
            {
                adapted[p] = adapted[p] - alpha * grads[p];
            }
        }
        const at::Tensor loss =
            at::mse_loss(FunctionalForward(adapted, xq, m_architecture.activation), yq);
        queryLoss += loss.item<double>();
        // Accumulate the mean over tasks of ∇_θ L_query(θ'_i) in θ's gradients.
        (loss / batch).backward();
    }
    queryLoss /= batch;

    if (m_outerOptimizer == ADAM)
    {
        if (!m_impl->adam)
        {
            m_impl->adam =
                std::make_unique<torch::optim::Adam>(theta,
                                                     torch::optim::AdamOptions(m_outerStepSize));
        }
        m_impl->adam->step();
    }
    else
    {
        at::NoGradGuard noGrad;
        for (const at::Tensor& t : theta)
        {
            at::Tensor data = t;
            data.sub_(t.grad(), m_outerStepSize);
        }
    }
    ++m_metaUpdates;
    m_metaLossTrace(m_metaUpdates, queryLoss);
    return queryLoss;
}

std::vector<float>
Maml::Adapt(const std::vector<float>& inputs,
            const std::vector<float>& targets,
            const std::vector<float>& start) const
{
    RequireInitialized("Adapt()");
    std::vector<float> initial = start.empty() ? GetParameters() : start;
    if (initial.size() != m_architecture.GetParameterCount())
    {
        throw std::invalid_argument("Maml::Adapt: " + std::to_string(initial.size()) +
                                    " start parameters for a " + m_architecture.ToString() +
                                    " network, which has " +
                                    std::to_string(m_architecture.GetParameterCount()));
    }
    const at::Tensor x = ToBatch(inputs, m_architecture.inputSize, "the support inputs");
    const at::Tensor y = ToBatch(targets, m_architecture.outputSize, "the support targets");
    if (x.size(0) != y.size(0))
    {
        throw std::invalid_argument("Maml::Adapt: inputs and targets have different row counts");
    }
    std::vector<at::Tensor> adapted = ToParameterTensors(initial, m_architecture);
    const float alpha = static_cast<float>(m_innerStepSize);
    for (uint32_t k = 0; k < m_innerSteps; ++k)
    {
        for (at::Tensor& t : adapted)
        {
            t = t.detach().set_requires_grad(true);
        }
        const at::Tensor loss =
            at::mse_loss(FunctionalForward(adapted, x, m_architecture.activation), y);
        const std::vector<at::Tensor> grads = torch::autograd::grad({loss}, adapted);
        at::NoGradGuard noGrad;
        for (std::size_t p = 0; p < adapted.size(); ++p)
        {
            adapted[p] = adapted[p] - alpha * grads[p];
        }
    }
    return ToFlat(adapted);
}

double
Maml::GetLoss(const std::vector<float>& parameters,
              const std::vector<float>& inputs,
              const std::vector<float>& targets) const
{
    RequireInitialized("GetLoss()");
    const std::vector<float> values = parameters.empty() ? GetParameters() : parameters;
    if (values.size() != m_architecture.GetParameterCount())
    {
        throw std::invalid_argument("Maml::GetLoss: " + std::to_string(values.size()) +
                                    " parameters for a " + m_architecture.ToString() +
                                    " network, which has " +
                                    std::to_string(m_architecture.GetParameterCount()));
    }
    at::NoGradGuard noGrad;
    const at::Tensor x = ToBatch(inputs, m_architecture.inputSize, "the inputs");
    const at::Tensor y = ToBatch(targets, m_architecture.outputSize, "the targets");
    if (x.size(0) != y.size(0))
    {
        throw std::invalid_argument("Maml::GetLoss: inputs and targets have different row "
                                    "counts");
    }
    return at::mse_loss(FunctionalForward(ToParameterTensors(values, m_architecture),
                                          x,
                                          m_architecture.activation),
                        y)
        .item<double>();
}

uint64_t
Maml::GetMetaUpdateCount() const
{
    return m_metaUpdates;
}

void
Maml::SetInnerStepSize(double rate)
{
    // The attribute's checker keeps it finite and > 0.
    m_innerStepSize = rate;
}

double
Maml::GetInnerStepSize() const
{
    return m_innerStepSize;
}

void
Maml::SetOuterStepSize(double rate)
{
    // The attribute's checker keeps it finite and > 0.
    m_outerStepSize = rate;
    if (m_impl && m_impl->adam)
    {
        for (auto& group : m_impl->adam->param_groups())
        {
            static_cast<torch::optim::AdamOptions&>(group.options()).lr(rate);
        }
    }
}

double
Maml::GetOuterStepSize() const
{
    return m_outerStepSize;
}

} // namespace sagin
} // namespace ns3
