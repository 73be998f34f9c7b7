// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_MLP_H
#define SAGIN_MLP_H

#include "mlp-architecture.h"

#include "ns3/ptr.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

class MlpImpl;
class AdamOptimizerImpl;

/**
 * \ingroup sagin
 * A multi-layer perceptron on LibTorch (CPU, float32), seen through plain C++ types.
 *
 * Layer l maps its input x to act(W_l x + b_l) (no activation after the last layer). The
 * parameters, as a flat vector (GetParameters(), SetParameters(), and the byte buffers and
 * checkpoints of parameter-serialization.h), are ordered layer by layer from the input, each
 * layer's weight matrix W_l (output width x input width, row-major) followed by its bias b_l:
 * the order of PyTorch's `named_parameters()` of the equivalent `nn.Sequential`.
 *
 * Batches are row-major: a batch of n inputs is n * inputSize floats, and the output is
 * n * outputSize floats.
 *
 * Randomness: a new network has all parameters zero. InitializeParameters() draws them from
 * an ns-3 random variable (PyTorch's default for linear layers: weights and biases uniform in
 * [-1/sqrt(fan_in), 1/sqrt(fan_in)]), so an ns-3 stream number and the seed/run fix them. No
 * LibTorch random generator is used anywhere in the module.
 *
 * Threads: LibTorch's intra-op thread count is a process-wide setting. Every network applies
 * the ns-3 GlobalValue "SaginTorchThreads" (default 1: single-threaded, reproducible and
 * fastest for small networks) when it is created; change it with
 * `--SaginTorchThreads=4` on the command line or Config::SetGlobal().
 *
 * LibTorch headers are included only by the module's .cc files (pimpl): including this
 * header costs no LibTorch compile time.
 */
class Mlp
{
  public:
    /**
     * Create a network whose parameters are all zero.
     * \param architecture its shape; throws std::invalid_argument for a width of 0
     */
    explicit Mlp(const MlpArchitecture& architecture);
    /**
     * Deep copy: the copy has its own parameters.
     * \param other the network to copy
     */
    Mlp(const Mlp& other);
    /**
     * Copy the parameters of a network of the same architecture into this one, in place
     * (optimizers attached to this network keep working). Throws std::invalid_argument when
     * the architectures differ.
     * \param other the network to copy
     * \return this network
     */
    Mlp& operator=(const Mlp& other);
    /** Move constructor. \param other the network to move */
    Mlp(Mlp&& other) noexcept;
    /** Move assignment. \param other the network to move \return this network */
    Mlp& operator=(Mlp&& other) noexcept;
    ~Mlp();

    /**
     * \return the shape of the network
     */
    const MlpArchitecture& GetArchitecture() const;

    /**
     * \param name what the network is, e.g. "DdqnPolicy 'cell-3' online network": the
     *        errors of Forward (parameters that are not finite after a diverged update, or no
     *        longer of the architecture's size) begin with it. A copy keeps the name of the
     *        object assigned to.
     */
    void SetName(const std::string& name);

    /**
     * \return the number of parameters (floats)
     */
    std::size_t GetParameterCount() const;

    /**
     * Draw every weight and bias uniformly in [-1/sqrt(fan_in), 1/sqrt(fan_in)] from the given
     * random variable, layer by layer in the order of GetParameters().
     * \param uniform the random variable (its GetValue(min, max) is called once per parameter)
     */
    void InitializeParameters(Ptr<UniformRandomVariable> uniform);

    /**
     * \return every parameter, in the documented order
     */
    std::vector<float> GetParameters() const;

    /**
     * \param parameters every parameter, in the documented order; throws
     *        std::invalid_argument when the count differs from GetParameterCount()
     */
    void SetParameters(const std::vector<float>& parameters);

    /**
     * Evaluate the network (no gradient is recorded) with an MlpEvaluator holding a copy of
     * the parameters, refreshed whenever they changed: microseconds per row, each row's
     * outputs independent of the batch, the same bits on every x86-64 CPU (mlp-evaluator.h
     * says exactly what is promised).
     * \param inputs a batch, row-major (a multiple of the input width; throws
     *        std::invalid_argument otherwise)
     * \return the outputs, row-major
     * Throws std::invalid_argument when a parameter is not finite (a diverged update).
     */
    std::vector<float> Forward(const std::vector<float>& inputs) const;

    /**
     * Evaluate the network with LibTorch (no gradient is recorded), as training does: the
     * reference Forward() is checked against, and what it costs in benchmarks. The outputs
     * agree with Forward() within float rounding; LibTorch's BLAS kernels, and so their
     * last bits, depend on the CPU and on the batch size.
     * \param inputs a batch, row-major
     * \return the outputs, row-major
     */
    std::vector<float> ForwardLibTorch(const std::vector<float>& inputs) const;

    /**
     * Function giving dLoss/dOutputs (row-major, as many floats as the outputs) from the
     * outputs of a forward pass.
     */
    using OutputGradient = std::function<std::vector<float>(const std::vector<float>& outputs)>;

    /**
     * Forward pass on a batch, then back-propagation of the loss gradient that outputGradient
     * computes from the outputs. Parameter gradients accumulate (ZeroGradients() clears
     * them); an AdamOptimizer applies them.
     * \param inputs a batch, row-major
     * \param outputGradient gives dLoss/dOutputs from the outputs
     * \param inputGradient if not null, receives dLoss/dInputs (row-major), e.g. the action
     *        gradient of a critic for an actor update
     */
    void Backpropagate(const std::vector<float>& inputs,
                       const OutputGradient& outputGradient,
                       std::vector<float>* inputGradient = nullptr);

    /** Set every parameter gradient to zero. */
    void ZeroGradients();

    /**
     * \return every parameter gradient, in the order of GetParameters()
     */
    std::vector<float> GetGradients() const;

    /**
     * Scale the gradients so that their global L2 norm is at most maxNorm.
     * \param maxNorm the largest norm (> 0)
     * \return the norm before clipping
     */
    double ClipGradientNorm(double maxNorm);

  private:
    friend class AdamOptimizer;

    MlpArchitecture m_architecture;  //!< shape
    std::string m_name;              //!< what the network is, for errors
    std::unique_ptr<MlpImpl> m_impl; //!< the LibTorch layers
};

/**
 * \ingroup sagin
 * Adam (Kingma and Ba, 2015) on the parameters of one Mlp, LibTorch's implementation.
 * The network must outlive the optimizer and keep its parameters in place (Mlp's copy
 * assignment and SetParameters() do).
 */
class AdamOptimizer
{
  public:
    /**
     * \param network the network to optimise
     * \param learningRate step size (> 0)
     */
    AdamOptimizer(Mlp& network, double learningRate);
    ~AdamOptimizer();
    AdamOptimizer(const AdamOptimizer&) = delete;
    AdamOptimizer& operator=(const AdamOptimizer&) = delete;

    /** Apply the accumulated gradients of the network (one Adam step). */
    void Step();

    /**
     * \param learningRate new step size (> 0)
     */
    void SetLearningRate(double learningRate);

  private:
    std::unique_ptr<AdamOptimizerImpl> m_impl; //!< LibTorch's optimizer
};

/**
 * \ingroup sagin
 * \param actor a policy's actor network
 * \param critic its critic network
 * \return the actor's parameters followed by the critic's (what an actor-critic policy
 *         exchanges and aggregates)
 */
std::vector<float> JoinParameters(const Mlp& actor, const Mlp& critic);

/**
 * Set an actor's and a critic's parameters from JoinParameters' layout. Throws
 * std::invalid_argument naming the owner and both architectures when the count differs.
 * \param parameters actor's then critic's parameters
 * \param actor the actor network
 * \param critic the critic network
 * \param owner who asks, for the message (e.g. "DdpgPolicy 'agent-3'")
 */
void SplitParameters(const std::vector<float>& parameters,
                     Mlp& actor,
                     Mlp& critic,
                     const std::string& owner);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_MLP_H
