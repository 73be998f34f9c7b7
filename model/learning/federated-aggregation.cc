// SPDX-License-Identifier: GPL-2.0-only
//
// The robust rules' kernels compute in GCC vector types (sixteen floats per value,
// element-wise IEEE-754 operations), cloned for AVX-512, AVX2 and baseline x86-64 and
// compiled with fp-contract=off, as MlpEvaluator's: every clone performs the same operations
// in the same order, so the results are the same bits on every x86-64 CPU.

#include "federated-aggregation.h"

#include "floats16.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginFederatedAggregation");

NS_OBJECT_ENSURE_REGISTERED(Aggregator);
NS_OBJECT_ENSURE_REGISTERED(FedAvgAggregator);
NS_OBJECT_ENSURE_REGISTERED(MedianAggregator);
NS_OBJECT_ENSURE_REGISTERED(TrimmedMeanAggregator);
NS_OBJECT_ENSURE_REGISTERED(KrumAggregator);
NS_OBJECT_ENSURE_REGISTERED(WeightedDeltaAggregator);

namespace
{
/**
 * Throw std::invalid_argument unless the clients are non-empty and of one length (the
 * robust rules look at nothing else before their kernels: not at the weights).
 * \param clients the clients
 * \param size expected length, or SIZE_MAX for the first client's
 * \param who the operation, for the message
 */
void
CheckShapes(const std::vector<ClientModel>& clients, std::size_t size, const std::string& who)
{
    if (clients.empty())
    {
        throw std::invalid_argument(who + ": no client model to aggregate");
    }
    const std::size_t expected = size == SIZE_MAX ? clients[0].parameters.size() : size;
    for (std::size_t i = 0; i < clients.size(); ++i)
    {
        if (clients[i].parameters.size() != expected)
        {
            throw std::invalid_argument(who + ": client " + std::to_string(i) + " has " +
                                        std::to_string(clients[i].parameters.size()) +
                                        " parameters, expected " + std::to_string(expected) +
                                        " (models of different architectures)");
        }
    }
}

/**
 * Throw std::invalid_argument unless the clients are non-empty, of one length (size, if
 * given) and with finite weights (>= 0 if required).
 * \param clients the clients
 * \param size expected length, or SIZE_MAX for the first client's
 * \param nonNegative weights must be >= 0
 * \param who the operation, for the message
 */
void
CheckClients(const std::vector<ClientModel>& clients,
             std::size_t size,
             bool nonNegative,
             const std::string& who)
{
    CheckShapes(clients, size, who);
    for (std::size_t i = 0; i < clients.size(); ++i)
    {
        const double w = clients[i].weight;
        if (!std::isfinite(w) || (nonNegative && w < 0.0))
        {
            std::ostringstream msg;
            msg << who << ": client " << i << " has weight " << w << "; weights must be finite"
                << (nonNegative ? " and >= 0" : "");
            throw std::invalid_argument(msg.str());
        }
    }
}

/**
 * \param value a parameter
 * \return how to name it in a message: "nan", "inf" or "-inf"
 */
std::string
NonFiniteName(float value)
{
    if (std::isnan(value))
    {
        return "nan";
    }
    return value > 0 ? "inf" : "-inf";
}

/**
 * Called when a kernel saw a parameter that is not finite: find the first one (lowest
 * client, then lowest parameter) and throw std::invalid_argument naming both.
 * \param clients the clients (of one length)
 * \param who the operation, for the message
 */
[[noreturn]] void
ThrowNonFinite(const std::vector<ClientModel>& clients, const std::string& who)
{
    for (std::size_t i = 0; i < clients.size(); ++i)
    {
        const std::vector<float>& p = clients[i].parameters;
        for (std::size_t k = 0; k < p.size(); ++k)
        {
            if (!std::isfinite(p[k]))
            {
                throw std::invalid_argument(who + ": client " + std::to_string(i) + ": parameter " +
                                            std::to_string(k) + " is " + NonFiniteName(p[k]) +
                                            "; a model update must be finite (a diverged or "
                                            "corrupted update: drop it before aggregating)");
            }
        }
    }
    throw std::logic_error(who + ": a kernel reported a non-finite parameter that is not there");
}

/**
 * \param clients the clients
 * \return a pointer to each client's parameters
 */
std::vector<const float*>
Rows(const std::vector<ClientModel>& clients)
{
    std::vector<const float*> rows;
    rows.reserve(clients.size());
    for (const ClientModel& client : clients)
    {
        rows.push_back(client.parameters.data());
    }
    return rows;
}

/** Eight doubles. */
using Doubles8 = double __attribute__((vector_size(64)));
/** Four doubles. */
using Doubles4 = double __attribute__((vector_size(32)));
/** Two doubles. */
using Doubles2 = double __attribute__((vector_size(16)));
/** Two floats. */
using Floats2 = float __attribute__((vector_size(8)));

/** Sixteen 32-bit integers (a Floats16's bits). */
using Ints16 = int32_t __attribute__((vector_size(64)));

/**
 * Coordinates sorted together by RankMeanKernel (eight Floats16 per client): each comparator
 * then has eight independent vector pairs to work on, so the reads of values written by the
 * comparator before overlap (the kernel ran 2-3 times slower with two). n clients take
 * n * 512 bytes of scratch (24 KiB for 48, within a level-1 data cache).
 */
constexpr std::size_t SORT_WIDTH = 8 * LANES;

/** The exponent bits of a binary32: all set for an infinity or a NaN. */
constexpr int32_t EXPONENT_BITS = 0x7f800000;

/**
 * sum[k] += scale * row[k] for every k, in double precision, eight at a time (the same
 * operations as one at a time: a product and a sum per element, no fused multiply-add).
 * \param sum d doubles
 * \param row d floats
 * \param scale the factor
 * \param d element count
 */
__attribute__((target_clones("avx512f", "avx2", "default"), optimize("fp-contract=off"))) void
AddScaledRow(double* sum, const float* row, double scale, std::size_t d)
{
    std::size_t k = 0;
    for (; k + LANES / 2 <= d; k += LANES / 2)
    {
        Floats8 part;
        std::memcpy(&part, row + k, sizeof(part));
        Doubles8 total;
        std::memcpy(&total, sum + k, sizeof(total));
        total += scale * __builtin_convertvector(part, Doubles8);
        std::memcpy(sum + k, &total, sizeof(total));
    }
    for (; k < d; ++k)
    {
        sum[k] += scale * static_cast<double>(row[k]);
    }
}

/**
 * The unweighted mean of some rows, each coordinate summed in double precision over the rows
 * in the order given (from +0) and divided once, 32 coordinates at a time (each row read
 * once, the sums kept in registers).
 * \param rows the rows
 * \param which the indices of the rows to average, in summation order
 * \param m how many
 * \param d row length
 * \param out receives d floats
 */
__attribute__((target_clones("avx512f", "avx2", "default"), optimize("fp-contract=off"))) void
MeanOfRows(const float* const* rows,
           const std::size_t* which,
           std::size_t m,
           std::size_t d,
           float* out)
{
    const double count = static_cast<double>(m);
    std::size_t k = 0;
    for (; k + 4 * (LANES / 2) <= d; k += 4 * (LANES / 2))
    {
        Doubles8 sum0{};
        Doubles8 sum1{};
        Doubles8 sum2{};
        Doubles8 sum3{};
        for (std::size_t r = 0; r < m; ++r)
        {
            Floats8 part[4];
            std::memcpy(part, rows[which[r]] + k, sizeof(part));
            sum0 += __builtin_convertvector(part[0], Doubles8);
            sum1 += __builtin_convertvector(part[1], Doubles8);
            sum2 += __builtin_convertvector(part[2], Doubles8);
            sum3 += __builtin_convertvector(part[3], Doubles8);
        }
        const Floats8 mean[4] = {__builtin_convertvector(sum0 / count, Floats8),
                                 __builtin_convertvector(sum1 / count, Floats8),
                                 __builtin_convertvector(sum2 / count, Floats8),
                                 __builtin_convertvector(sum3 / count, Floats8)};
        std::memcpy(out + k, mean, sizeof(mean));
    }
    for (; k < d; ++k)
    {
        double sum = 0.0;
        for (std::size_t r = 0; r < m; ++r)
        {
            sum += static_cast<double>(rows[which[r]][k]);
        }
        out[k] = static_cast<float>(sum / count);
    }
}

/**
 * Batcher's odd-even merge sort (Batcher, AFIPS SJCC 1968; Knuth, TAOCP vol. 3, 5.3.4) for n
 * elements:
 * the network for the next power of two N, less every comparator that touches a position
 * >= n (a sorting network sorts any input, in particular one padded with +infinity at the
 * end; positions >= n then hold +infinity throughout, so those comparators never exchange
 * anything). About n log2(n)^2 / 4 comparators (384 for n = 48).
 * \param n element count
 * \return the comparators (low, high): after each, position low holds the smaller value
 */
std::vector<uint32_t>
SortingNetwork(uint32_t n)
{
    std::vector<uint32_t> pairs;
    uint64_t size = 1;
    while (size < n)
    {
        size *= 2;
    }
    for (uint64_t p = 1; p < size; p *= 2)
    {
        for (uint64_t k = p; k >= 1; k /= 2)
        {
            for (uint64_t j = k % p; j + k < size; j += 2 * k)
            {
                for (uint64_t i = 0; i < std::min(k, size - j - k); ++i)
                {
                    if ((i + j) / (2 * p) == (i + j + k) / (2 * p) && i + j + k < n)
                    {
                        pairs.push_back(static_cast<uint32_t>(i + j));
                        pairs.push_back(static_cast<uint32_t>(i + j + k));
                    }
                }
            }
        }
    }
    return pairs;
}

/**
 * For every coordinate k, sort the n clients' values of it and write the mean of those of
 * ranks low..high (0 = smallest), summed in double precision in ascending order starting
 * from +0 and rounded once to float. 128 coordinates at a time: the 128 values of each client
 * go through the sorting network together (element-wise min and max, which
 * give a permutation of the values, so any client order gives the same sorted values).
 * Element-wise, so the vector width changes nothing but the speed.
 * \tparam Vec the comparators' vector (the CPU's register width)
 * \tparam Ints the integer vector of Vec's size (the finiteness check)
 * \tparam Doubles the double vector of Vec's size (the sums)
 * \tparam Narrow the float vector of as many lanes as Doubles
 * \param rows the clients' parameters (n rows of d floats)
 * \param n client count
 * \param d parameter count
 * \param pairs SortingNetwork(n)
 * \param pairCount its comparator count
 * \param low lowest rank averaged
 * \param high highest rank averaged (>= low, < n)
 * \param scratch n * SORT_WIDTH floats, 64-byte aligned
 * \param out receives d floats
 * \return whether every value was finite (if not, out holds garbage)
 */
template <typename Vec, typename Ints, typename Doubles, typename Narrow>
[[gnu::always_inline]] inline bool
RankMeanKernel(const float* const* rows,
               uint32_t n,
               std::size_t d,
               const uint32_t* pairs,
               std::size_t pairCount,
               uint32_t low,
               uint32_t high,
               float* scratch,
               float* out)
{
    constexpr std::size_t WIDTH = sizeof(Vec) / sizeof(float);
    const Ints exponent = Ints{} + EXPONENT_BITS;
    Ints bad{};
    const double count = static_cast<double>(high - low + 1);
    for (std::size_t j = 0; j < d; j += SORT_WIDTH)
    {
        const std::size_t width = std::min(SORT_WIDTH, d - j);
        for (uint32_t c = 0; c < n; ++c)
        {
            float* slot = scratch + std::size_t{c} * SORT_WIDTH;
            if (width == SORT_WIDTH)
            {
                std::memcpy(slot, rows[c] + j, SORT_WIDTH * sizeof(float));
            }
            else
            {
                std::fill(slot, slot + SORT_WIDTH, 0.0F); // the last block, zero-padded
                std::memcpy(slot, rows[c] + j, width * sizeof(float));
            }
            for (std::size_t h = 0; h < SORT_WIDTH; h += WIDTH)
            {
                Ints bits;
                std::memcpy(&bits, slot + h, sizeof(bits));
                bad |= (bits & exponent) == exponent;
            }
        }
        for (std::size_t p = 0; p < pairCount; ++p)
        {
            float* lowSlot = scratch + std::size_t{pairs[2 * p]} * SORT_WIDTH;
            float* highSlot = scratch + std::size_t{pairs[2 * p + 1]} * SORT_WIDTH;
            for (std::size_t h = 0; h < SORT_WIDTH; h += WIDTH)
            {
                const Vec a = LoadVector<Vec>(lowSlot + h);
                const Vec b = LoadVector<Vec>(highSlot + h);
                StoreVector(lowSlot + h, a < b ? a : b);
                StoreVector(highSlot + h, a < b ? b : a);
            }
        }
        // Each coordinate's sum in ascending rank order, whatever the width.
        float mean[SORT_WIDTH];
        for (std::size_t h = 0; h < SORT_WIDTH; h += sizeof(Vec) / sizeof(double))
        {
            Doubles sum{};
            for (uint32_t r = low; r <= high; ++r)
            {
                Narrow part;
                std::memcpy(&part, scratch + std::size_t{r} * SORT_WIDTH + h, sizeof(part));
                sum += __builtin_convertvector(part, Doubles);
            }
            const Narrow part = __builtin_convertvector(sum / count, Narrow);
            std::memcpy(mean + h, &part, sizeof(part));
        }
        std::memcpy(out + j, mean, width * sizeof(float));
    }
    for (std::size_t l = 0; l < WIDTH; ++l)
    {
        if (bad[l] != 0)
        {
            return false;
        }
    }
    return true;
}

/** Four 32-bit integers (a Floats4's bits). */
using Ints4 = int32_t __attribute__((vector_size(16)));
/** Eight 32-bit integers (a Floats8's bits). */
using Ints8 = int32_t __attribute__((vector_size(32)));

/** RankMeanKernel for AVX-512; parameters as there. */
__attribute__((target("avx512f"), optimize("fp-contract=off"))) bool
RankMeanAvx512(const float* const* rows,
               uint32_t n,
               std::size_t d,
               const uint32_t* pairs,
               std::size_t pairCount,
               uint32_t low,
               uint32_t high,
               float* scratch,
               float* out)
{
    return RankMeanKernel<Floats16, Ints16, Doubles8, Floats8>(rows,
                                                               n,
                                                               d,
                                                               pairs,
                                                               pairCount,
                                                               low,
                                                               high,
                                                               scratch,
                                                               out);
}

/** RankMeanKernel for AVX2; parameters as there. */
__attribute__((target("avx2"), optimize("fp-contract=off"))) bool
RankMeanAvx2(const float* const* rows,
             uint32_t n,
             std::size_t d,
             const uint32_t* pairs,
             std::size_t pairCount,
             uint32_t low,
             uint32_t high,
             float* scratch,
             float* out)
{
    return RankMeanKernel<Floats8, Ints8, Doubles4, Floats4>(rows,
                                                             n,
                                                             d,
                                                             pairs,
                                                             pairCount,
                                                             low,
                                                             high,
                                                             scratch,
                                                             out);
}

/** RankMeanKernel for baseline x86-64; parameters as there. */
__attribute__((optimize("fp-contract=off"))) bool
RankMeanBaseline(const float* const* rows,
                 uint32_t n,
                 std::size_t d,
                 const uint32_t* pairs,
                 std::size_t pairCount,
                 uint32_t low,
                 uint32_t high,
                 float* scratch,
                 float* out)
{
    return RankMeanKernel<Floats4, Ints4, Doubles2, Floats2>(rows,
                                                             n,
                                                             d,
                                                             pairs,
                                                             pairCount,
                                                             low,
                                                             high,
                                                             scratch,
                                                             out);
}

/**
 * A pair's squared distance over one block: its sixteen partial sums added in lane order in
 * double precision, then the block's remainder coordinates one by one.
 * \tparam Vec the vector holding the partial sums (sixteen floats in LANES / its width parts)
 * \param acc the partial sums (lane l in part l / width)
 * \param x one row
 * \param y the other
 * \param from first remainder coordinate
 * \param to one past the block's last coordinate
 * \return the block's sum
 */
template <typename Vec>
[[gnu::always_inline]] inline double
BlockSum(const Vec* acc, const float* x, const float* y, std::size_t from, std::size_t to)
{
    float lanes[LANES];
    for (std::size_t q = 0; q < LANES * sizeof(float) / sizeof(Vec); ++q)
    {
        StoreVector(lanes + q * sizeof(Vec) / sizeof(float), acc[q]);
    }
    double sum = 0.0;
    for (float lane : lanes)
    {
        sum += static_cast<double>(lane);
    }
    for (std::size_t j = from; j < to; ++j)
    {
        const float t = x[j] - y[j];
        sum += static_cast<double>(t * t);
    }
    return sum;
}

/** Parameters per block of KrumDistances (16 partial sums of 32 squares each). */
constexpr std::size_t DISTANCE_BLOCK = 512;

/**
 * The sixteen partial sums of squared differences of rows x0 and x1 against PARTNERS rows
 * ys over coordinates j0 .. vectorEnd (lane l sums coordinates = l mod 16), each a product
 * and a sum per coordinate, whatever the vector width.
 * \tparam Vec the CPU's vector
 * \tparam PARTNERS partner rows at once (2 PARTNERS sums of 16 floats held in registers)
 * \param x0 a row
 * \param x1 another
 * \param ys the partners
 * \param j0 first coordinate
 * \param vectorEnd one past the last (j0 plus a multiple of LANES)
 * \param acc0 receives x0's sums against each partner (LANES / width vectors each)
 * \param acc1 receives x1's
 */
template <typename Vec, uint32_t PARTNERS>
[[gnu::always_inline]] inline void
PartialSquares(const float* x0,
               const float* x1,
               const float* const* ys,
               std::size_t j0,
               std::size_t vectorEnd,
               Vec (&acc0)[PARTNERS][LANES * sizeof(float) / sizeof(Vec)],
               Vec (&acc1)[PARTNERS][LANES * sizeof(float) / sizeof(Vec)])
{
    constexpr std::size_t WIDTH = sizeof(Vec) / sizeof(float);
#pragma GCC unroll 4
    for (uint32_t m = 0; m < PARTNERS; ++m)
    {
#pragma GCC unroll 4
        for (std::size_t q = 0; q < LANES / WIDTH; ++q)
        {
            acc0[m][q] = Vec{};
            acc1[m][q] = Vec{};
        }
    }
    for (std::size_t j = j0; j < vectorEnd; j += LANES)
    {
#pragma GCC unroll 4
        for (std::size_t q = 0; q < LANES / WIDTH; ++q)
        {
            const Vec p0 = LoadVector<Vec>(x0 + j + q * WIDTH);
            const Vec p1 = LoadVector<Vec>(x1 + j + q * WIDTH);
#pragma GCC unroll 4
            for (uint32_t m = 0; m < PARTNERS; ++m)
            {
                const Vec y = LoadVector<Vec>(ys[m] + j + q * WIDTH);
                const Vec t0 = p0 - y;
                const Vec t1 = p1 - y;
                acc0[m][q] += t0 * t0;
                acc1[m][q] += t1 * t1;
            }
        }
    }
}

/**
 * Squared Euclidean distances of every pair of rows. Per block of DISTANCE_BLOCK
 * parameters, sixteen single-precision partial sums (lane l sums coordinates = l mod 16),
 * added in lane order to a double, then the block's remainder coordinates one by one; the
 * blocks' sums are added in order. (x - y)^2 and (y - x)^2 are the same float, so the
 * distance of a pair does not depend on which row comes first.
 * \tparam Vec the CPU's vector (sixteen partial sums in LANES / its width vectors)
 * \tparam Ints the integer vector of Vec's size (the finiteness check)
 * \tparam PARTNERS two rows against PARTNERS partners at a time, as many sums as the registers
 *         hold; every pair's sum is the same sequence of operations whatever the grouping
 * \param rows n rows of d floats
 * \param n row count
 * \param d parameter count
 * \param distances receives the n x n matrix (row-major; diagonal 0)
 * \return whether every value was finite (if not, distances hold garbage)
 */
template <typename Vec, typename Ints, uint32_t PARTNERS>
[[gnu::always_inline]] inline bool
KrumDistances(const float* const* rows, uint32_t n, std::size_t d, double* distances)
{
    constexpr std::size_t WIDTH = sizeof(Vec) / sizeof(float);
    constexpr std::size_t PARTS = LANES / WIDTH;
    const Ints exponent = Ints{} + EXPONENT_BITS;
    Ints bad{};
    std::fill(distances, distances + std::size_t{n} * n, 0.0);
    for (std::size_t j0 = 0; j0 < d; j0 += DISTANCE_BLOCK)
    {
        const std::size_t j1 = std::min(d, j0 + DISTANCE_BLOCK);
        const std::size_t vectorEnd = j0 + (j1 - j0) / LANES * LANES;
        for (uint32_t a = 0; a < n; ++a)
        {
            const float* x = rows[a];
            for (std::size_t j = j0; j < vectorEnd; j += WIDTH)
            {
                Ints bits;
                std::memcpy(&bits, x + j, sizeof(bits));
                bad |= (bits & exponent) == exponent;
            }
            for (std::size_t j = vectorEnd; j < j1; ++j)
            {
                if (!std::isfinite(x[j]))
                {
                    bad[0] = -1;
                }
            }
        }
        auto add = [&](uint32_t a, uint32_t b, const Vec* acc) {
            distances[std::size_t{a} * n + b] += BlockSum(acc, rows[a], rows[b], vectorEnd, j1);
        };
        uint32_t a = 0;
        for (; a + 2 <= n; a += 2)
        {
            const float* x0 = rows[a];
            const float* x1 = rows[a + 1];
            Vec pair[PARTS]{};
            for (std::size_t j = j0; j < vectorEnd; j += LANES)
            {
                for (std::size_t q = 0; q < PARTS; ++q)
                {
                    const Vec t =
                        LoadVector<Vec>(x0 + j + q * WIDTH) - LoadVector<Vec>(x1 + j + q * WIDTH);
                    pair[q] += t * t;
                }
            }
            add(a, a + 1, pair);
            uint32_t b = a + 2;
            for (; b + PARTNERS <= n; b += PARTNERS)
            {
                Vec acc0[PARTNERS][PARTS];
                Vec acc1[PARTNERS][PARTS];
                PartialSquares<Vec, PARTNERS>(x0, x1, rows + b, j0, vectorEnd, acc0, acc1);
                for (uint32_t m = 0; m < PARTNERS; ++m)
                {
                    add(a, b + m, acc0[m]);
                    add(a + 1, b + m, acc1[m]);
                }
            }
            for (; b < n; ++b)
            {
                Vec acc0[1][PARTS];
                Vec acc1[1][PARTS];
                PartialSquares<Vec, 1>(x0, x1, rows + b, j0, vectorEnd, acc0, acc1);
                add(a, b, acc0[0]);
                add(a + 1, b, acc1[0]);
            }
        }
        // An odd n leaves the last row, whose pairs with the rows before it are done.
    }
    for (uint32_t a = 0; a < n; ++a)
    {
        for (uint32_t b = a + 1; b < n; ++b)
        {
            distances[std::size_t{b} * n + a] = distances[std::size_t{a} * n + b];
        }
    }
    for (std::size_t l = 0; l < WIDTH; ++l)
    {
        if (bad[l] != 0)
        {
            return false;
        }
    }
    return true;
}

/** KrumDistances for AVX-512: two rows against four partners (eight sums of one register). */
__attribute__((target("avx512f"), optimize("fp-contract=off"))) bool
KrumDistancesAvx512(const float* const* rows, uint32_t n, std::size_t d, double* distances)
{
    return KrumDistances<Floats16, Ints16, 4>(rows, n, d, distances);
}

/** KrumDistances for AVX2: two rows against two partners (four sums of two registers). */
__attribute__((target("avx2"), optimize("fp-contract=off"))) bool
KrumDistancesAvx2(const float* const* rows, uint32_t n, std::size_t d, double* distances)
{
    return KrumDistances<Floats8, Ints8, 2>(rows, n, d, distances);
}

/** KrumDistances for baseline x86-64: two rows against one partner (two sums of four). */
__attribute__((optimize("fp-contract=off"))) bool
KrumDistancesBaseline(const float* const* rows, uint32_t n, std::size_t d, double* distances)
{
    return KrumDistances<Floats4, Ints4, 1>(rows, n, d, distances);
}

/**
 * The mean of ranks low..high of every coordinate (RankMeanKernel), with the checks.
 * \param clients the clients (checked: non-empty, one length)
 * \param low lowest rank averaged
 * \param high highest rank averaged
 * \param who the operation, for messages
 * \return the means
 */
std::vector<float>
RankMean(const std::vector<ClientModel>& clients,
         uint32_t low,
         uint32_t high,
         const std::string& who)
{
    const uint32_t n = static_cast<uint32_t>(clients.size());
    const std::size_t d = clients[0].parameters.size();
    const std::vector<uint32_t> pairs = SortingNetwork(n);
    const std::vector<const float*> rows = Rows(clients);
    // The scratch rows on 64-byte boundaries: a vector that straddles two cache lines costs
    // two accesses, and the network reads back each row right after writing it.
    std::vector<float> storage(std::size_t{n} * SORT_WIDTH + LANES);
    void* start = storage.data();
    std::size_t space = storage.size() * sizeof(float);
    float* scratch =
        static_cast<float*>(std::align(64, n * SORT_WIDTH * sizeof(float), start, space));
    std::vector<float> out(d);
    const auto kernel = GetVectorIsa() == VectorIsa::AVX512 ? RankMeanAvx512
                        : GetVectorIsa() == VectorIsa::AVX2 ? RankMeanAvx2
                                                            : RankMeanBaseline;
    if (!kernel(rows.data(), n, d, pairs.data(), pairs.size() / 2, low, high, scratch, out.data()))
    {
        ThrowNonFinite(clients, who);
    }
    return out;
}

/**
 * Throw std::invalid_argument unless n >= 2f + 3.
 * \param n client count
 * \param byzantine f
 * \param who the operation, for the message
 */
void
CheckKrumCount(std::size_t n, uint32_t byzantine, const std::string& who)
{
    const uint64_t needed = 2 * uint64_t{byzantine} + 3;
    if (n < needed)
    {
        throw std::invalid_argument(
            who + ": n = " + std::to_string(n) +
            " clients cannot tolerate f = " + std::to_string(byzantine) +
            " Byzantine ones: Krum needs n >= 2f + 3 = " + std::to_string(needed) +
            " (Blanchard et al. 2017); lower ByzantineCount or aggregate more clients");
    }
}
} // namespace

std::string
CheckClientModel(const ClientModel& client, std::size_t expectedSize)
{
    if (client.parameters.size() != expectedSize)
    {
        return "has " + std::to_string(client.parameters.size()) + " parameters, expected " +
               std::to_string(expectedSize);
    }
    for (std::size_t k = 0; k < client.parameters.size(); ++k)
    {
        if (!std::isfinite(client.parameters[k]))
        {
            return "parameter " + std::to_string(k) + " is " + NonFiniteName(client.parameters[k]);
        }
    }
    if (!std::isfinite(client.weight) || client.weight < 0.0)
    {
        std::ostringstream msg;
        msg << "weight " << client.weight << " is "
            << (std::isfinite(client.weight) ? "negative" : "not finite");
        return msg.str();
    }
    return "";
}

std::vector<float>
FedAvg(const std::vector<ClientModel>& clients)
{
    CheckClients(clients, SIZE_MAX, true, "FedAvg");
    double total = 0.0;
    for (const ClientModel& client : clients)
    {
        total += client.weight;
    }
    if (!(total > 0.0))
    {
        throw std::invalid_argument("FedAvg: the sample counts sum to 0; at least one client "
                                    "must have trained on a sample");
    }
    const std::size_t n = clients[0].parameters.size();
    std::vector<double> sum(n, 0.0);
    for (const ClientModel& client : clients)
    {
        AddScaledRow(sum.data(), client.parameters.data(), client.weight / total, n);
    }
    // A float times a share in [0, 1], summed over the clients, cannot overflow a double:
    // a sum that is not finite comes from a parameter that is not.
    for (double value : sum)
    {
        if (!std::isfinite(value))
        {
            ThrowNonFinite(clients, "FedAvg");
        }
    }
    return std::vector<float>(sum.begin(), sum.end());
}

std::vector<float>
CoordinateMedian(const std::vector<ClientModel>& clients)
{
    NS_LOG_FUNCTION(clients.size());
    CheckShapes(clients, SIZE_MAX, "CoordinateMedian");
    const uint32_t n = static_cast<uint32_t>(clients.size());
    // Odd n: rank (n - 1) / 2 alone; even n: ranks n / 2 - 1 and n / 2.
    return RankMean(clients, (n - 1) / 2, n / 2, "CoordinateMedian");
}

std::vector<float>
TrimmedMean(const std::vector<ClientModel>& clients, double trimFraction)
{
    NS_LOG_FUNCTION(clients.size() << trimFraction);
    if (!(trimFraction >= 0.0 && trimFraction < 0.5))
    {
        std::ostringstream msg;
        msg << "TrimmedMean: trim fraction " << trimFraction
            << " is outside [0, 0.5) (the share of the clients dropped at each end)";
        throw std::invalid_argument(msg.str());
    }
    CheckShapes(clients, SIZE_MAX, "TrimmedMean");
    const uint32_t n = static_cast<uint32_t>(clients.size());
    const double exact = trimFraction * n;
    uint32_t trim = static_cast<uint32_t>(std::floor(exact * (1.0 + 1e-12)));
    trim = std::min(trim, (n - 1) / 2); // beta < 0.5 keeps at least one; the slack must too
    return RankMean(clients, trim, n - 1 - trim, "TrimmedMean");
}

std::vector<double>
KrumScores(const std::vector<ClientModel>& clients, uint32_t byzantine)
{
    NS_LOG_FUNCTION(clients.size() << byzantine);
    CheckShapes(clients, SIZE_MAX, "Krum");
    CheckKrumCount(clients.size(), byzantine, "Krum");
    const uint32_t n = static_cast<uint32_t>(clients.size());
    const std::size_t d = clients[0].parameters.size();
    std::vector<double> distances(std::size_t{n} * n);
    const std::vector<const float*> rows = Rows(clients);
    const auto kernel = GetVectorIsa() == VectorIsa::AVX512 ? KrumDistancesAvx512
                        : GetVectorIsa() == VectorIsa::AVX2 ? KrumDistancesAvx2
                                                            : KrumDistancesBaseline;
    if (!kernel(rows.data(), n, d, distances.data()))
    {
        ThrowNonFinite(clients, "Krum");
    }
    const std::size_t neighbours = n - byzantine - 2;
    std::vector<double> scores(n);
    std::vector<double> others;
    others.reserve(n - 1);
    for (uint32_t i = 0; i < n; ++i)
    {
        others.clear();
        for (uint32_t j = 0; j < n; ++j)
        {
            if (j != i)
            {
                others.push_back(distances[std::size_t{i} * n + j]);
            }
        }
        std::sort(others.begin(), others.end());
        double score = 0.0;
        for (std::size_t r = 0; r < neighbours; ++r)
        {
            score += others[r];
        }
        scores[i] = score;
    }
    return scores;
}

std::vector<float>
Krum(const std::vector<ClientModel>& clients,
     uint32_t byzantine,
     uint32_t selected,
     std::vector<std::size_t>* chosen)
{
    NS_LOG_FUNCTION(clients.size() << byzantine << selected);
    if (selected < 1 || selected > clients.size())
    {
        throw std::invalid_argument(
            "Krum: Selected m = " + std::to_string(selected) +
            " must be between 1 and the client count n = " + std::to_string(clients.size()));
    }
    const std::vector<double> scores = KrumScores(clients, byzantine);
    std::vector<std::size_t> order(clients.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&scores](std::size_t a, std::size_t b) {
        return scores[a] < scores[b];
    });
    order.resize(selected);
    if (chosen != nullptr)
    {
        *chosen = order;
    }
    if (selected == 1)
    {
        return clients[order[0]].parameters;
    }
    std::vector<float> mean(clients[0].parameters.size());
    const std::vector<const float*> rows = Rows(clients);
    MeanOfRows(rows.data(), order.data(), order.size(), mean.size(), mean.data());
    return mean;
}

std::vector<float>
WeightedDeltaUpdate(const std::vector<float>& global,
                    const std::vector<ClientModel>& clients,
                    double step)
{
    CheckClients(clients, global.size(), false, "WeightedDeltaUpdate");
    if (!std::isfinite(step))
    {
        throw std::invalid_argument("WeightedDeltaUpdate: step u must be finite");
    }
    const std::size_t n = global.size();
    std::vector<double> delta(n, 0.0);
    for (const ClientModel& client : clients)
    {
        for (std::size_t k = 0; k < n; ++k)
        {
            delta[k] += client.weight * (static_cast<double>(client.parameters[k]) -
                                         static_cast<double>(global[k]));
        }
    }
    std::vector<float> updated(n);
    for (std::size_t k = 0; k < n; ++k)
    {
        updated[k] = static_cast<float>(static_cast<double>(global[k]) + step * delta[k]);
    }
    return updated;
}

TypeId
Aggregator::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::Aggregator").SetParent<Object>().SetGroupName("Sagin");
    return tid;
}

Aggregator::Aggregator()
{
    NS_LOG_FUNCTION(this);
}

Aggregator::~Aggregator()
{
    NS_LOG_FUNCTION(this);
}

std::vector<float>
Aggregator::Aggregate(const std::vector<float>& global,
                      const std::vector<ClientModel>& clients) const
{
    NS_LOG_FUNCTION(this << global.size() << clients.size());
    return DoAggregate(global, clients);
}

TypeId
FedAvgAggregator::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::FedAvgAggregator")
                            .SetParent<Aggregator>()
                            .SetGroupName("Sagin")
                            .AddConstructor<FedAvgAggregator>();
    return tid;
}

std::vector<float>
FedAvgAggregator::DoAggregate(const std::vector<float>& /* global */,
                              const std::vector<ClientModel>& clients) const
{
    return FedAvg(clients);
}

TypeId
MedianAggregator::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::MedianAggregator")
                            .SetParent<Aggregator>()
                            .SetGroupName("Sagin")
                            .AddConstructor<MedianAggregator>();
    return tid;
}

std::vector<float>
MedianAggregator::DoAggregate(const std::vector<float>& /* global */,
                              const std::vector<ClientModel>& clients) const
{
    return CoordinateMedian(clients);
}

TypeId
TrimmedMeanAggregator::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::TrimmedMeanAggregator")
            .SetParent<Aggregator>()
            .SetGroupName("Sagin")
            .AddConstructor<TrimmedMeanAggregator>()
            .AddAttribute("TrimFraction",
                          "beta: the share of the clients whose values are dropped at each end "
                          "of every coordinate, floor(beta n) largest and as many smallest "
                          "(dimensionless, in [0, 0.5); 0 is the plain mean).",
                          DoubleValue(0.1),
                          MakeDoubleAccessor(&TrimmedMeanAggregator::m_trimFraction),
                          MakeDoubleChecker<double>(0.0, std::nextafter(0.5, 0.0)));
    return tid;
}

std::vector<float>
TrimmedMeanAggregator::DoAggregate(const std::vector<float>& /* global */,
                                   const std::vector<ClientModel>& clients) const
{
    return TrimmedMean(clients, m_trimFraction);
}

TypeId
KrumAggregator::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::KrumAggregator")
            .SetParent<Aggregator>()
            .SetGroupName("Sagin")
            .AddConstructor<KrumAggregator>()
            .AddAttribute("ByzantineCount",
                          "f: the number of Byzantine clients tolerated (clients); a round "
                          "needs at least 2f + 3 clients.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&KrumAggregator::m_byzantine),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Selected",
                          "m: the number of lowest-score clients averaged (clients); 1 is "
                          "Krum, more is Multi-Krum; at most the round's client count.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&KrumAggregator::m_selected),
                          MakeUintegerChecker<uint32_t>(1));
    return tid;
}

std::vector<float>
KrumAggregator::DoAggregate(const std::vector<float>& /* global */,
                            const std::vector<ClientModel>& clients) const
{
    return Krum(clients, m_byzantine, m_selected);
}

TypeId
WeightedDeltaAggregator::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::WeightedDeltaAggregator")
                            .SetParent<Aggregator>()
                            .SetGroupName("Sagin")
                            .AddConstructor<WeightedDeltaAggregator>()
                            .AddAttribute("StepSize",
                                          "Step u of Z <- Z + u sum_i w_i (Z_i - Z) "
                                          "(dimensionless).",
                                          DoubleValue(1.0),
                                          MakeDoubleAccessor(&WeightedDeltaAggregator::m_step),
                                          MakeDoubleChecker<double>());
    return tid;
}

std::vector<float>
WeightedDeltaAggregator::DoAggregate(const std::vector<float>& global,
                                     const std::vector<ClientModel>& clients) const
{
    return WeightedDeltaUpdate(global, clients, m_step);
}

} // namespace sagin
} // namespace ns3
