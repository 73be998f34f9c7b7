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

/** Eight floats: one AVX register. */
using Floats8 = float __attribute__((vector_size(32)));

/** Four floats: one SSE register. */
using Floats4 = float __attribute__((vector_size(16)));

/**
 * \param p sizeof(Vec) / 4 floats, any alignment
 * \return them
 */
template <typename Vec>
[[gnu::always_inline]] inline Vec
LoadVector(const float* p)
{
    Vec v;
    std::memcpy(&v, p, sizeof(v));
    return v;
}

/**
 * \param p receives sizeof(Vec) / 4 floats, any alignment
 * \param v the values
 */
template <typename Vec>
[[gnu::always_inline]] inline void
StoreVector(float* p, Vec v)
{
    std::memcpy(p, &v, sizeof(v));
}

/**
 * The instruction sets the kernels are built for. Each kernel has an entry per set whose
 * vectors are that set's register width: GCC splits a wider vector into registers for
 * arithmetic but not for every operation (a 16-float select on AVX2 becomes scalar code) and
 * spills partial sums that do not fit its registers.
 */
enum class VectorIsa
{
    AVX512,  //!< 32 registers of 16 floats
    AVX2,    //!< 16 registers of 8 floats
    BASELINE //!< x86-64's SSE2: 16 registers of 4 floats
};

/** \return the widest set this CPU runs (target_clones' rule: the first it supports) */
inline VectorIsa
GetVectorIsa()
{
    static const VectorIsa isa = []() {
        __builtin_cpu_init(); // in case this runs before libgcc's constructor
        return __builtin_cpu_supports("avx512f") ? VectorIsa::AVX512
               : __builtin_cpu_supports("avx2")  ? VectorIsa::AVX2
                                                 : VectorIsa::BASELINE;
    }();
    return isa;
}

} // namespace sagin
} // namespace ns3

#endif // SAGIN_FLOATS16_H
