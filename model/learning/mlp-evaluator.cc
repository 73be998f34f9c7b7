// SPDX-License-Identifier: GPL-2.0-only
//
// The two kernels below compute in GCC vector types (sixteen floats per value, element-wise
// IEEE-754 operations), are cloned for AVX-512, AVX2 and baseline x86-64, and are compiled
// with fp-contract=off whatever the build's flags (no fused multiply-add, even under
// -march=native): the order and rounding of every sum is the one written here on every
// x86-64 CPU (see mlp-evaluator.h; checked by build-support/check-mlp-evaluator-across-cpus.sh).

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
 * One layer's affine map y = b + W x over its non-zero inputs, 32 or 16 outputs at a time
 * (independent sums, so that the adds of one input overlap). Compiled for AVX-512, AVX2 and
 * baseline x86-64, chosen at load time by the CPU: the clones compute the same operations in
 * the same order, only more lanes at once, so they give the same bits.
 * \param xs the non-zero inputs
 * \param ks their indices
 * \param nonZero how many
 * \param weightsByIn W^T (inputs x stride, row-major)
 * \param biases b (stride values)
 * \param stride the output width rounded up to a multiple of LANES (padded with zeros)
 * \param y receives stride outputs
 */
__attribute__((target_clones("avx512f", "avx2", "default"), optimize("fp-contract=off"))) void
AffineLayer(const float* xs,
            const uint32_t* ks,
            uint32_t nonZero,
            const float* weightsByIn,
            const float* biases,
            uint32_t stride,
            float* y)
{
    uint32_t j = 0;
    for (; j + 2 * LANES <= stride; j += 2 * LANES)
    {
        Floats16 low = Load16(biases + j);
        Floats16 high = Load16(biases + j + LANES);
        for (uint32_t c = 0; c < nonZero; ++c)
        {
            const float* w = weightsByIn + std::size_t{ks[c]} * stride + j;
            low += xs[c] * Load16(w);
            high += xs[c] * Load16(w + LANES);
        }
        Store16(y + j, low);
        Store16(y + j + LANES, high);
    }
    if (j < stride)
    {
        Floats16 sum = Load16(biases + j);
        for (uint32_t c = 0; c < nonZero; ++c)
        {
            sum += xs[c] * Load16(weightsByIn + std::size_t{ks[c]} * stride + j);
        }
        Store16(y + j, sum);
    }
}

/** Rows evaluated together by AffineRows (they share each weight load). */
constexpr uint32_t ROWS = 8;

/**
 * The affine map of one layer for ROWS rows at once, every input included (zeros too: with
 * no bias of -0, adding 0 * w leaves every sum as it is, so the bits are those of
 * AffineLayer). 32 or 16 outputs of each row at a time; clones as AffineLayer's.
 * \param x ROWS input rows (inputs floats each)
 * \param inputs the input width n
 * \param weightsByIn W^T (inputs x stride, row-major)
 * \param biases b (stride values)
 * \param stride the output width rounded up to a multiple of LANES
 * \param y ROWS output rows (stride floats each)
 */
__attribute__((target_clones("avx512f", "avx2", "default"), optimize("fp-contract=off"))) void
AffineRows(const float* const* x,
           uint32_t inputs,
           const float* weightsByIn,
           const float* biases,
           uint32_t stride,
           float* const* y)
{
    uint32_t j = 0;
    for (; j + 2 * LANES <= stride; j += 2 * LANES)
    {
        Floats16 low[ROWS];
        Floats16 high[ROWS];
        for (uint32_t r = 0; r < ROWS; ++r)
        {
            low[r] = Load16(biases + j);
            high[r] = Load16(biases + j + LANES);
        }
        for (uint32_t k = 0; k < inputs; ++k)
        {
            const float* w = weightsByIn + std::size_t{k} * stride + j;
            const Floats16 wLow = Load16(w);
            const Floats16 wHigh = Load16(w + LANES);
            for (uint32_t r = 0; r < ROWS; ++r)
            {
                low[r] += x[r][k] * wLow;
                high[r] += x[r][k] * wHigh;
            }
        }
        for (uint32_t r = 0; r < ROWS; ++r)
        {
            Store16(y[r] + j, low[r]);
            Store16(y[r] + j + LANES, high[r]);
        }
    }
    if (j < stride)
    {
        Floats16 sum[ROWS];
        for (uint32_t r = 0; r < ROWS; ++r)
        {
            sum[r] = Load16(biases + j);
        }
        for (uint32_t k = 0; k < inputs; ++k)
        {
            const Floats16 w = Load16(weightsByIn + std::size_t{k} * stride + j);
            for (uint32_t r = 0; r < ROWS; ++r)
            {
                sum[r] += x[r][k] * w;
            }
        }
        for (uint32_t r = 0; r < ROWS; ++r)
        {
            Store16(y[r] + j, sum[r]);
        }
    }
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
        layer.weightsByIn.assign(std::size_t{layer.inputs} * layer.stride, 0.0F);
        for (uint32_t j = 0; j < layer.outputs; ++j)
        {
            for (uint32_t k = 0; k < layer.inputs; ++k)
            {
                layer.weightsByIn[std::size_t{k} * layer.stride + j] = *next++;
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
    Scratch scratch;
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
        AffineRows(x,
                   layer.inputs,
                   layer.weightsByIn.data(),
                   layer.biases.data(),
                   layer.stride,
                   layerOut);
        for (uint32_t r = 0; r < ROWS; ++r)
        {
            if (l + 1 == m_layers.size())
            {
                std::copy(layerOut[r],
                          layerOut[r] + layer.outputs,
                          outputs + std::size_t{r} * layer.outputs);
            }
            else
            {
                Activate(m_architecture.activation, layerOut[r], layer.outputs);
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
    Scratch scratch;
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
