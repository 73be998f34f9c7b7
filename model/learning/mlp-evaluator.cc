// SPDX-License-Identifier: GPL-2.0-only
//
// The two kernels below compute in GCC vector types (element-wise IEEE-754 operations), are
// built for AVX-512, AVX2 and baseline x86-64 in their widths, and are compiled
// with fp-contract=off whatever the build's flags (no fused multiply-add, even under
// -march=native): the order and rounding of every sum is the one written here on every
// x86-64 CPU (see mlp-evaluator.h; checked by build-support/check-same-bits-across-cpus.sh).

#include "mlp-evaluator.h"

#include "floats16.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <stdexcept>
#include <string>

namespace ns3
{
namespace sagin
{

namespace
{
/**
 * One layer's affine map y = b + W x over its non-zero inputs, BLOCKS vectors of outputs at a
 * time (independent sums, so that the adds of one input overlap). Every vector width computes
 * each output as b + x_0 w_0 + x_1 w_1 + ... in input order, one multiply and one add per
 * term: the widths differ in how many outputs go at once, never in any sum's bits.
 * \tparam Vec the GCC vector type (the CPU's register width)
 * \tparam BLOCKS vectors of outputs kept in registers at once
 * \param xs the non-zero inputs
 * \param ks their indices
 * \param nonZero how many
 * \param weightsByIn W^T (inputs rows of pitch floats, the first stride of them used)
 * \param pitch floats from one input's weights to the next's
 * \param biases b (stride values)
 * \param stride the output width rounded up to a multiple of LANES (padded with zeros)
 * \param y receives stride outputs
 */
template <typename Vec, uint32_t BLOCKS>
[[gnu::always_inline]] inline void
AffineLayerKernel(const float* xs,
                  const uint32_t* ks,
                  uint32_t nonZero,
                  const float* weightsByIn,
                  uint32_t pitch,
                  const float* biases,
                  uint32_t stride,
                  float* y)
{
    constexpr uint32_t WIDTH = sizeof(Vec) / sizeof(float);
    uint32_t j = 0;
    for (; j + BLOCKS * WIDTH <= stride; j += BLOCKS * WIDTH)
    {
        Vec sum[BLOCKS];
        for (uint32_t b = 0; b < BLOCKS; ++b)
        {
            sum[b] = LoadVector<Vec>(biases + j + b * WIDTH);
        }
        for (uint32_t c = 0; c < nonZero; ++c)
        {
            const float* w = weightsByIn + std::size_t{ks[c]} * pitch + j;
            for (uint32_t b = 0; b < BLOCKS; ++b)
            {
                sum[b] += xs[c] * LoadVector<Vec>(w + b * WIDTH);
            }
        }
        for (uint32_t b = 0; b < BLOCKS; ++b)
        {
            StoreVector(y + j + b * WIDTH, sum[b]);
        }
    }
    for (; j < stride; j += WIDTH)
    {
        Vec sum = LoadVector<Vec>(biases + j);
        for (uint32_t c = 0; c < nonZero; ++c)
        {
            sum += xs[c] * LoadVector<Vec>(weightsByIn + std::size_t{ks[c]} * pitch + j);
        }
        StoreVector(y + j, sum);
    }
}

/**
 * \param v sums
 * \return v with its negative lanes 0 (v < 0 rather than max: a NaN stays NaN, as in
 *         Activate() and LibTorch's relu)
 */
template <typename Vec>
[[gnu::always_inline]] inline Vec
Relu(Vec v)
{
    return v < Vec{} ? Vec{} : v;
}

/** Rows evaluated together by AffineRows (they share each weight load). */
constexpr uint32_t ROWS = 8;

/**
 * The affine map of one layer for ROWS_AT_ONCE rows at once, every input included (zeros
 * too: with no bias of -0, adding 0 * w leaves every sum as it is, so the bits are those of
 * AffineLayerKernel), BLOCKS vectors of outputs of each row at a time: ROWS_AT_ONCE x BLOCKS
 * partial sums, as many as the CPU has registers for.
 * \tparam Vec the GCC vector type (the CPU's register width)
 * \tparam BLOCKS vectors of outputs per row kept in registers at once
 * \tparam ROWS_AT_ONCE rows sharing each weight load
 * \param x ROWS_AT_ONCE input rows (inputs floats each)
 * \param inputs the input width n
 * \param weightsByIn W^T (inputs rows of pitch floats, the first stride of them used)
 * \param pitch floats from one input's weights to the next's
 * \param biases b (stride values)
 * \param stride the output width rounded up to a multiple of LANES
 * \param relu whether to store max(sum, 0) (a hidden layer's ReLU, applied in registers)
 * \param y ROWS_AT_ONCE output rows (stride floats each)
 */
template <typename Vec, uint32_t BLOCKS, uint32_t ROWS_AT_ONCE = ROWS>
[[gnu::always_inline]] inline void
AffineRowsKernel(const float* const* x,
                 uint32_t inputs,
                 const float* weightsByIn,
                 uint32_t pitch,
                 const float* biases,
                 uint32_t stride,
                 bool relu,
                 float* const* y)
{
    constexpr uint32_t WIDTH = sizeof(Vec) / sizeof(float);
    uint32_t j = 0;
    for (; j + BLOCKS * WIDTH <= stride; j += BLOCKS * WIDTH)
    {
        Vec sum[ROWS_AT_ONCE][BLOCKS];
        for (uint32_t r = 0; r < ROWS_AT_ONCE; ++r)
        {
            for (uint32_t b = 0; b < BLOCKS; ++b)
            {
                sum[r][b] = LoadVector<Vec>(biases + j + b * WIDTH);
            }
        }
        for (uint32_t k = 0; k < inputs; ++k)
        {
            const float* w = weightsByIn + std::size_t{k} * pitch + j;
            Vec weights[BLOCKS];
            for (uint32_t b = 0; b < BLOCKS; ++b)
            {
                weights[b] = LoadVector<Vec>(w + b * WIDTH);
            }
            for (uint32_t r = 0; r < ROWS_AT_ONCE; ++r)
            {
                const float xk = x[r][k];
                for (uint32_t b = 0; b < BLOCKS; ++b)
                {
                    sum[r][b] += xk * weights[b];
                }
            }
        }
        for (uint32_t r = 0; r < ROWS_AT_ONCE; ++r)
        {
            for (uint32_t b = 0; b < BLOCKS; ++b)
            {
                StoreVector(y[r] + j + b * WIDTH, relu ? Relu(sum[r][b]) : sum[r][b]);
            }
        }
    }
    for (; j < stride; j += WIDTH)
    {
        Vec sum[ROWS_AT_ONCE];
        for (uint32_t r = 0; r < ROWS_AT_ONCE; ++r)
        {
            sum[r] = LoadVector<Vec>(biases + j);
        }
        for (uint32_t k = 0; k < inputs; ++k)
        {
            const Vec w = LoadVector<Vec>(weightsByIn + std::size_t{k} * pitch + j);
            for (uint32_t r = 0; r < ROWS_AT_ONCE; ++r)
            {
                sum[r] += x[r][k] * w;
            }
        }
        for (uint32_t r = 0; r < ROWS_AT_ONCE; ++r)
        {
            StoreVector(y[r] + j, relu ? Relu(sum[r]) : sum[r]);
        }
    }
}

// One entry per instruction set, chosen at load time as GCC's target_clones would (AVX-512,
// AVX2, baseline x86-64), each with the vector width and number of partial sums that fit its
// registers: 32 AVX-512 registers hold 16 sums of 16 floats, 16 AVX2 registers 8 of 8 floats
// (64-byte values on AVX2 spill to the stack: 40x slower), 16 SSE registers 8 of 4. The AVX2
// batched kernel takes its eight rows four at a time, two blocks each: two weight loads and
// four broadcasts per eight products (eight rows of one block need one and eight, and a core
// loads two or three values a cycle): 48 rows of a 16-128-128-8 MLP in 40 us instead of 46
// (AMD EPYC, 2.45 GHz).

/** AffineLayerKernel for AVX-512; parameters as there. */
__attribute__((target("avx512f"), optimize("fp-contract=off"))) void
AffineLayerAvx512(const float* xs,
                  const uint32_t* ks,
                  uint32_t nonZero,
                  const float* weightsByIn,
                  uint32_t pitch,
                  const float* biases,
                  uint32_t stride,
                  float* y)
{
    AffineLayerKernel<Floats16, 2>(xs, ks, nonZero, weightsByIn, pitch, biases, stride, y);
}

/** AffineLayerKernel for AVX2; parameters as there. */
__attribute__((target("avx2"), optimize("fp-contract=off"))) void
AffineLayerAvx2(const float* xs,
                const uint32_t* ks,
                uint32_t nonZero,
                const float* weightsByIn,
                uint32_t pitch,
                const float* biases,
                uint32_t stride,
                float* y)
{
    AffineLayerKernel<Floats8, 4>(xs, ks, nonZero, weightsByIn, pitch, biases, stride, y);
}

/** AffineLayerKernel for baseline x86-64; parameters as there. */
__attribute__((optimize("fp-contract=off"))) void
AffineLayerBaseline(const float* xs,
                    const uint32_t* ks,
                    uint32_t nonZero,
                    const float* weightsByIn,
                    uint32_t pitch,
                    const float* biases,
                    uint32_t stride,
                    float* y)
{
    AffineLayerKernel<Floats4, 4>(xs, ks, nonZero, weightsByIn, pitch, biases, stride, y);
}

/** AffineRowsKernel for AVX-512; parameters as there. */
__attribute__((target("avx512f"), optimize("fp-contract=off"))) void
AffineRowsAvx512(const float* const* x,
                 uint32_t inputs,
                 const float* weightsByIn,
                 uint32_t pitch,
                 const float* biases,
                 uint32_t stride,
                 bool relu,
                 float* const* y)
{
    AffineRowsKernel<Floats16, 2>(x, inputs, weightsByIn, pitch, biases, stride, relu, y);
}

/** AffineRowsKernel for AVX2; parameters as there. */
__attribute__((target("avx2"), optimize("fp-contract=off"))) void
AffineRowsAvx2(const float* const* x,
               uint32_t inputs,
               const float* weightsByIn,
               uint32_t pitch,
               const float* biases,
               uint32_t stride,
               bool relu,
               float* const* y)
{
    for (uint32_t r = 0; r < ROWS; r += 4)
    {
        AffineRowsKernel<Floats8, 2, 4>(x + r,
                                        inputs,
                                        weightsByIn,
                                        pitch,
                                        biases,
                                        stride,
                                        relu,
                                        y + r);
    }
}

/** AffineRowsKernel for baseline x86-64; parameters as there. */
__attribute__((optimize("fp-contract=off"))) void
AffineRowsBaseline(const float* const* x,
                   uint32_t inputs,
                   const float* weightsByIn,
                   uint32_t pitch,
                   const float* biases,
                   uint32_t stride,
                   bool relu,
                   float* const* y)
{
    AffineRowsKernel<Floats4, 1>(x, inputs, weightsByIn, pitch, biases, stride, relu, y);
}

/** AffineLayerKernel in this CPU's widest vectors; parameters as there. */
void
AffineLayer(const float* xs,
            const uint32_t* ks,
            uint32_t nonZero,
            const float* weightsByIn,
            uint32_t pitch,
            const float* biases,
            uint32_t stride,
            float* y)
{
    switch (GetVectorIsa())
    {
    case VectorIsa::AVX512:
        return AffineLayerAvx512(xs, ks, nonZero, weightsByIn, pitch, biases, stride, y);
    case VectorIsa::AVX2:
        return AffineLayerAvx2(xs, ks, nonZero, weightsByIn, pitch, biases, stride, y);
    default:
        return AffineLayerBaseline(xs, ks, nonZero, weightsByIn, pitch, biases, stride, y);
    }
}

/** AffineRowsKernel in this CPU's widest vectors; parameters as there. */
void
AffineRows(const float* const* x,
           uint32_t inputs,
           const float* weightsByIn,
           uint32_t pitch,
           const float* biases,
           uint32_t stride,
           bool relu,
           float* const* y)
{
    switch (GetVectorIsa())
    {
    case VectorIsa::AVX512:
        return AffineRowsAvx512(x, inputs, weightsByIn, pitch, biases, stride, relu, y);
    case VectorIsa::AVX2:
        return AffineRowsAvx2(x, inputs, weightsByIn, pitch, biases, stride, relu, y);
    default:
        return AffineRowsBaseline(x, inputs, weightsByIn, pitch, biases, stride, relu, y);
    }
}

/**
 * The distance between one input's weights and the next's: the stride, plus one 64-byte
 * cache line when the stride is a multiple of 256 bytes. The batched kernel reads one weight
 * block per input down a column of blocks; at a pitch of 512 bytes (128 outputs) those reads
 * fall on one eighth of the L1 cache's sets and evict each other before the next rows reuse
 * them. The padding spreads them over every set.
 * \param stride the output width rounded up to a multiple of LANES
 * \return the pitch in floats
 */
uint32_t
PitchOf(uint32_t stride)
{
    constexpr uint32_t CACHE_LINE_FLOATS = 64 / sizeof(float);
    return stride % (256 / sizeof(float)) == 0 ? stride + CACHE_LINE_FLOATS : stride;
}

/**
 * Apply the hidden-layer activation in place.
 * \param activation relu or tanh
 * \param y the values
 * \param count how many
 */
void
Activate(MlpArchitecture::Activation activation, float* y, uint32_t count)
{
    if (activation == MlpArchitecture::TANH)
    {
        std::transform(y, y + count, y, [](float v) { return std::tanh(v); });
    }
    else
    {
        // v < 0 rather than max(): a NaN stays NaN, as in LibTorch's relu.
        std::transform(y, y + count, y, [](float v) { return v < 0 ? 0.0F : v; });
    }
}
} // namespace

MlpEvaluator::MlpEvaluator(const MlpArchitecture& architecture,
                           const std::vector<float>& parameters)
    : m_architecture(architecture)
{
    architecture.Validate("MlpEvaluator");
    if (parameters.size() != architecture.GetParameterCount())
    {
        throw std::invalid_argument("MlpEvaluator: " + std::to_string(parameters.size()) +
                                    " parameters for a " + architecture.ToString() +
                                    " network, which has " +
                                    std::to_string(architecture.GetParameterCount()));
    }
    std::vector<uint32_t> widths{architecture.inputSize};
    widths.insert(widths.end(), architecture.hiddenSizes.begin(), architecture.hiddenSizes.end());
    widths.push_back(architecture.outputSize);
    m_widest = static_cast<uint32_t>((*std::max_element(widths.begin(), widths.end()) + LANES - 1) /
                                     LANES * LANES);
    const float* next = parameters.data();
    for (std::size_t l = 0; l + 1 < widths.size(); ++l)
    {
        Layer layer;
        layer.inputs = widths[l];
        layer.outputs = widths[l + 1];
        layer.stride = static_cast<uint32_t>((layer.outputs + LANES - 1) / LANES * LANES);
        layer.pitch = PitchOf(layer.stride);
        layer.weightsByIn.assign(std::size_t{layer.inputs} * layer.pitch, 0.0F);
        for (uint32_t j = 0; j < layer.outputs; ++j)
        {
            for (uint32_t k = 0; k < layer.inputs; ++k)
            {
                layer.weightsByIn[std::size_t{k} * layer.pitch + j] = *next++;
            }
        }
        layer.biases.assign(layer.stride, 0.0F);
        // A bias of -0 becomes +0 (the same value): then no sum is ever -0, and skipping an
        // input of 0 (EvaluateRow) or adding 0 * w (EvaluateRows) give the same bits.
        std::transform(next, next + layer.outputs, layer.biases.begin(), [](float b) {
            return b == 0.0F ? 0.0F : b;
        });
        next += layer.outputs;
        const auto finite = [](float v) { return std::isfinite(v); };
        if (!std::all_of(layer.weightsByIn.begin(), layer.weightsByIn.end(), finite) ||
            !std::all_of(layer.biases.begin(), layer.biases.end(), finite))
        {
            throw std::invalid_argument(
                "MlpEvaluator: layer " + std::to_string(l + 1) + " of the " +
                architecture.ToString() +
                " network has a parameter that is not finite (NaN or infinite): the training "
                "diverged; lower the learning rate or clip the gradients, or load a checkpoint");
        }
        m_layers.push_back(std::move(layer));
    }
}

const MlpArchitecture&
MlpEvaluator::GetArchitecture() const
{
    return m_architecture;
}

void
MlpEvaluator::Evaluate(const float* input, float* output) const
{
    if (m_layers.empty())
    {
        throw std::logic_error("MlpEvaluator::Evaluate: the evaluator holds no network");
    }
    thread_local Scratch scratch;
    EvaluateRow(input, output, scratch);
}

void
MlpEvaluator::EvaluateRow(const float* input, float* output, Scratch& scratch) const
{
    // Two activation buffers (a layer's input and output) and the non-zero inputs.
    scratch.values.resize(3 * std::size_t{m_widest});
    scratch.indices.resize(m_widest);
    float* xs = scratch.values.data();
    const uint32_t* ks = scratch.indices.data();
    float* layerIn = xs + m_widest;
    float* layerOut = layerIn + m_widest;
    const float* x = input;
    for (std::size_t l = 0; l < m_layers.size(); ++l)
    {
        const Layer& layer = m_layers[l];
        const bool last = l + 1 == m_layers.size();
        uint32_t nonZero = 0;
        for (uint32_t k = 0; k < layer.inputs; ++k)
        {
            xs[nonZero] = x[k];
            scratch.indices[nonZero] = k;
            nonZero += x[k] != 0.0F ? 1 : 0;
        }
        float* y = layerOut;
        AffineLayer(xs,
                    ks,
                    nonZero,
                    layer.weightsByIn.data(),
                    layer.pitch,
                    layer.biases.data(),
                    layer.stride,
                    y);
        if (last)
        {
            std::copy(y, y + layer.outputs, output);
        }
        else
        {
            Activate(m_architecture.activation, y, layer.outputs);
            std::swap(layerIn, layerOut);
            x = layerIn;
        }
    }
}

void
MlpEvaluator::EvaluateRows(const float* inputs, float* outputs, Scratch& scratch) const
{
    // Two activation buffers per row (a layer's input and output).
    scratch.values.resize(2 * ROWS * std::size_t{m_widest});
    const float* x[ROWS];
    float* layerIn[ROWS];
    float* layerOut[ROWS];
    for (uint32_t r = 0; r < ROWS; ++r)
    {
        x[r] = inputs + std::size_t{r} * m_architecture.inputSize;
        layerIn[r] = scratch.values.data() + 2 * r * std::size_t{m_widest};
        layerOut[r] = layerIn[r] + m_widest;
    }
    for (std::size_t l = 0; l < m_layers.size(); ++l)
    {
        const Layer& layer = m_layers[l];
        const bool last = l + 1 == m_layers.size();
        const bool relu = !last && m_architecture.activation == MlpArchitecture::RELU;
        AffineRows(x,
                   layer.inputs,
                   layer.weightsByIn.data(),
                   layer.pitch,
                   layer.biases.data(),
                   layer.stride,
                   relu,
                   layerOut);
        for (uint32_t r = 0; r < ROWS; ++r)
        {
            if (last)
            {
                std::copy(layerOut[r],
                          layerOut[r] + layer.outputs,
                          outputs + std::size_t{r} * layer.outputs);
            }
            else
            {
                if (!relu)
                {
                    Activate(m_architecture.activation, layerOut[r], layer.outputs);
                }
                std::swap(layerIn[r], layerOut[r]);
                x[r] = layerIn[r];
            }
        }
    }
}

std::vector<float>
MlpEvaluator::Forward(const std::vector<float>& inputs) const
{
    const uint32_t width = m_architecture.inputSize;
    if (m_layers.empty())
    {
        throw std::logic_error("MlpEvaluator::Forward: the evaluator holds no network");
    }
    if (inputs.empty() || inputs.size() % width != 0)
    {
        throw std::invalid_argument("MlpEvaluator: the input has " + std::to_string(inputs.size()) +
                                    " floats, not a positive multiple of the width " +
                                    std::to_string(width) +
                                    " (batches are row-major, rows x width)");
    }
    const std::size_t rows = inputs.size() / width;
    std::vector<float> outputs(rows * m_architecture.outputSize);
    // One per thread, kept between calls: a decision's passes then allocate only their output.
    thread_local Scratch scratch;
    std::size_t r = 0;
    for (; r + ROWS <= rows; r += ROWS)
    {
        EvaluateRows(inputs.data() + r * width,
                     outputs.data() + r * m_architecture.outputSize,
                     scratch);
    }
    for (; r < rows; ++r)
    {
        EvaluateRow(inputs.data() + r * width,
                    outputs.data() + r * m_architecture.outputSize,
                    scratch);
    }
    return outputs;
}

} // namespace sagin
} // namespace ns3
