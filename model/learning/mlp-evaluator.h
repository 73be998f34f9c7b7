// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_MLP_EVALUATOR_H
#define SAGIN_MLP_EVALUATOR_H

#include "mlp-architecture.h"

#include <cstdint>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * The forward pass of an Mlp in plain loops over a copy of its parameters: how the policies
 * decide. LibTorch's dispatcher costs tens of microseconds per call, far more than the
 * arithmetic of a small network; this evaluator costs the arithmetic. Mlp::Forward() uses
 * one, refreshed from the LibTorch parameters whenever they change; training stays on
 * LibTorch.
 *
 * Arithmetic, and what it promises: layer l computes, for every output j,
 * y_j = act(b_j + W_j0 x_0 + W_j1 x_1 + ... + W_j(n-1) x_(n-1)), summed from the bias in
 * that order, each step one IEEE-754 single-precision multiply and one add (the kernels are
 * compiled with fp-contract=off whatever the build's flags: no fused multiply-adds; and
 * without -ffast-math: no reordering). The loops run across outputs, one kernel per
 * instruction set (AVX-512, AVX2, baseline x86-64) in its register width, so the CPU changes
 * how many outputs are computed at once, never the order of any sum. Hence:
 * - a row's outputs do not depend on the batch it is in (single and batched decisions are
 *   identical, bit for bit);
 * - ReLU networks give the same bits on every x86-64 CPU for the same build;
 * - tanh networks call the C library's tanhf, the same bits on every x86-64 CPU where
 *   the C library computes tanhf with one code path (glibc 2.36, Debian 12: checked over
 *   every float input with and without its AVX2/FMA code paths; see doc/sagin.rst).
 * Against LibTorch (whose BLAS sums in another order) outputs agree within float rounding,
 * not bit for bit: see the tolerance in the learning-mlp-evaluator test suite.
 *
 * A single row skips its zero inputs (half of a ReLU layer's outputs are zero); a batch is
 * evaluated eight rows at a time, each weight loaded once for the eight, every input included.
 * Both give the same bits: the parameters are finite (checked) and a bias of -0 is stored as
 * +0, so no sum is ever -0 and adding 0 * w leaves it exactly as it is.
 */
class MlpEvaluator
{
  public:
    /** An evaluator of no network (Forward() refuses to run). */
    MlpEvaluator() = default;

    /**
     * Copy a network's parameters.
     * \param architecture the network's shape (validated)
     * \param parameters its parameters in Mlp order (W_l row-major, then b_l, layer by
     *        layer); throws std::invalid_argument when the count differs from the
     *        architecture's or a parameter is not finite (naming the layer)
     */
    MlpEvaluator(const MlpArchitecture& architecture, const std::vector<float>& parameters);

    /**
     * \return the shape of the network copied (all widths 0 for an empty evaluator)
     */
    const MlpArchitecture& GetArchitecture() const;

    /**
     * Evaluate one row.
     * \param input inputSize floats
     * \param output receives outputSize floats
     */
    void Evaluate(const float* input, float* output) const;

    /**
     * Evaluate a batch row by row (each row exactly as Evaluate() would).
     * \param inputs a batch, row-major (a positive multiple of the input width; throws
     *        std::invalid_argument otherwise)
     * \return the outputs, row-major
     */
    std::vector<float> Forward(const std::vector<float>& inputs) const;

  private:
    /** Working memory of one evaluation (one per thread, reused across rows and calls). */
    struct Scratch
    {
        std::vector<float> values;     //!< non-zero inputs, then two activation buffers
        std::vector<uint32_t> indices; //!< indices of the non-zero inputs
    };

    /**
     * Evaluate one row.
     * \param input inputSize floats
     * \param output receives outputSize floats
     * \param scratch working memory
     */
    void EvaluateRow(const float* input, float* output, Scratch& scratch) const;

    /**
     * Evaluate eight rows together (each weight loaded once for the eight), with the bits
     * EvaluateRow() gives each.
     * \param inputs 8 rows of inputSize floats
     * \param outputs receives 8 rows of outputSize floats
     * \param scratch working memory
     */
    void EvaluateRows(const float* inputs, float* outputs, Scratch& scratch) const;

    /** One layer: W transposed (input-major, so that a row of it is one input's weights to
     *  every output) and b, both padded with zeros to a whole number of vector blocks. */
    struct Layer
    {
        uint32_t inputs{0};             //!< input width n
        uint32_t outputs{0};            //!< output width m
        uint32_t stride{0};             //!< m rounded up to a multiple of 16
        uint32_t pitch{0};              //!< floats between two inputs' weights (>= stride)
        std::vector<float> weightsByIn; //!< W^T, n x pitch: weightsByIn[k * pitch + j] = W_jk
        std::vector<float> biases;      //!< b, stride (zeros past m)
    };

    MlpArchitecture m_architecture; //!< shape
    std::vector<Layer> m_layers;    //!< from the input
    uint32_t m_widest{0};           //!< widest layer, rounded up to 16 (scratch size)
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_MLP_EVALUATOR_H
