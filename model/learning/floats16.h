// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_FLOATS16_H
#define SAGIN_FLOATS16_H

// Sixteen floats as one GCC vector value, for the learning layer's kernels (MlpEvaluator,
// the robust aggregators). Internal to model/learning: not installed with the module's
// headers.

#include <cstddef>
#include <cstring>

namespace ns3
{
namespace sagin
{

/** Sixteen floats: one AVX-512 register, two AVX or four SSE registers (GCC's vector
 *  extension: element-wise IEEE-754 operations whatever width the CPU offers). */
using Floats16 = float __attribute__((vector_size(64)));

/** Floats per Floats16. */
constexpr std::size_t LANES = 16;

/**
 * \param p 16 floats, any alignment
 * \return them
 */
inline Floats16
Load16(const float* p)
{
    Floats16 v;
    std::memcpy(&v, p, sizeof(v));
    return v;
}

/**
 * \param p receives 16 floats, any alignment
 * \param v the values
 */
inline void
Store16(float* p, Floats16 v)
{
    std::memcpy(p, &v, sizeof(v));
}

} // namespace sagin
} // namespace ns3

#endif // SAGIN_FLOATS16_H
