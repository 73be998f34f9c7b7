// SPDX-License-Identifier: GPL-2.0-only

#include "fireworks-caching-optimiser.h"

#include "caching-greedy-descent.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/ns3-release-compat.h"
#include "ns3/pointer.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginFireworksCachingOptimiser");
NS_OBJECT_ENSURE_REGISTERED(FireworksCachingOptimiser);

namespace
{
/**
 * \param x an individual
 * \return 64-bit words needed for its binary array, eq. (24)
 */
size_t
PackedWords(const FireworksCachingOptimiser::Individual& x)
{
    const size_t bits = x.cache.size() + x.access.size() * (x.full.size() + 1) + x.full.size();
    return (bits + 63) / 64;
}

/**
 * Write an individual as the binary array of eq. (24): n (J x F), alpha (I x (J + 1),
 * one-hot rows), c (J), one bit per entry.
 * \param x the individual
 * \param out PackedWords(x) words
 */
void
Pack(const FireworksCachingOptimiser::Individual& x, uint64_t* out)
{
    std::fill(out, out + PackedWords(x), 0);
    // Entries are 0 or 1, so they are shifted in without branches. n comes first, eight
    // entries at a time: the multiplication gathers the low bits of eight bytes into the top
    // byte, a bijection (only Hamming distances are taken, so the bit order is free).
    constexpr uint64_t GATHER = 0x0102040810204080ULL;
    size_t bit = 0;
    const size_t cacheSize = x.cache.size();
    for (; bit + 8 <= cacheSize; bit += 8)
    {
        uint64_t eight;
        std::memcpy(&eight, &x.cache[bit], 8);
        out[bit >> 6] |= ((eight * GATHER) >> 56) << (bit & 63); // bit % 8 == 0: no straddle
    }
    for (; bit < cacheSize; ++bit)
    {
        out[bit >> 6] |= uint64_t(x.cache[bit]) << (bit & 63);
    }
    const size_t row = x.full.size() + 1;
    for (uint8_t ap : x.access)
    {
        const size_t one = bit + ap;
        out[one >> 6] |= uint64_t(1) << (one & 63);
        bit += row;
    }
    for (uint8_t c : x.full)
    {
        out[bit >> 6] |= uint64_t(c) << (bit & 63);
        ++bit;
    }
}

/**
 * \param a packed individual
 * \param b packed individual
 * \param words their length
 * \return the number of differing bits. The popcnt instruction where the CPU has it (a
 *         clone chosen at load time): selection compares every pair of the population.
 */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
__attribute__((target_clones("popcnt", "default")))
#endif
uint32_t
DifferingBits(const uint64_t* a, const uint64_t* b, size_t words)
{
    uint32_t count = 0;
    for (size_t k = 0; k < words; ++k)
    {
        count += __builtin_popcountll(a[k] ^ b[k]);
    }
    return count;
}
} // namespace

TypeId
FireworksCachingOptimiser::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::FireworksCachingOptimiser")
            .SetParent<CachingOptimiser>()
            .SetGroupName("Sagin")
            .AddConstructor<FireworksCachingOptimiser>()
            .AddAttribute("Fireworks",
                          "L: fireworks per generation (count, >= 1; study C: 5 [recon]).",
                          UintegerValue(5),
                          MakeUintegerAccessor(&FireworksCachingOptimiser::m_fireworks),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MaxSparks",
                          "chi^: upper limit of explosion sparks, eq. (25) (count, > 0; study "
                          "C: 50 [recon]).",
                          DoubleValue(50.0),
                          MakeDoubleAccessor(&FireworksCachingOptimiser::m_maxSparks),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("MinSparkFraction",
                          "a of eq. (26): a firework makes at least round(a chi^) explosion "
                          "sparks (dimensionless, 0 <= a < b; study C: 0.04 [recon]).",
                          DoubleValue(0.04),
                          MakeDoubleAccessor(&FireworksCachingOptimiser::m_minFraction),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("MaxSparkFraction",
                          "b of eq. (26): a firework makes at most round(b chi^) explosion "
                          "sparks (dimensionless, a < b < 1; study C: 0.8 [recon]).",
                          DoubleValue(0.8),
                          MakeDoubleAccessor(&FireworksCachingOptimiser::m_maxFraction),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("MutationSparks",
                          "Mutation sparks per generation (count; study C: 5 [recon], swept in "
                          "figures 5 and 6).",
                          UintegerValue(5),
                          MakeUintegerAccessor(&FireworksCachingOptimiser::m_mutationSparks),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Generations",
                          "Generations per slot (count, >= 1; study C: 100 [recon]).",
                          UintegerValue(100),
                          MakeUintegerAccessor(&FireworksCachingOptimiser::m_generations),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("Epsilon",
                          "eps of eq. (25), which keeps the spark count defined when all "
                          "fireworks are equally fit (same unit as U(t)).",
                          DoubleValue(1e-12),
                          MakeDoubleAccessor(&FireworksCachingOptimiser::m_epsilon),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("Variant",
                          "Algorithm of the source's comparison: Proposed, OneES (one "
                          "explosion spark per firework) or NoMutation.",
                          EnumValue(FireworksCachingOptimiser::PROPOSED),
                          MakeEnumAccessorFor<FireworksCachingOptimiser::Variant>(
                              &FireworksCachingOptimiser::m_variant),
                          MakeEnumChecker(FireworksCachingOptimiser::PROPOSED,
                                          "Proposed",
                                          FireworksCachingOptimiser::ONE_EXPLOSION_SPARK,
                                          "OneES",
                                          FireworksCachingOptimiser::NO_MUTATION,
                                          "NoMutation"))
            .AddAttribute("GreedySeeding",
                          "Improve every initial firework by greedy descent "
                          "(CachingGreedyDescent) before the first generation (default true "
                          "[recon]: the source leaves the initial fireworks open; false: the "
                          "warm start and random fireworks as they are).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&FireworksCachingOptimiser::m_greedySeeding),
                          MakeBooleanChecker())
            .AddAttribute("Random",
                          "Uniform random variable behind every random choice of the "
                          "algorithm (dimensionless).",
                          StringValue("ns3::UniformRandomVariable"),
                          MakePointerAccessor(&FireworksCachingOptimiser::m_random),
                          MakePointerChecker<UniformRandomVariable>())
            .AddTraceSource("Generation",
                            "End of a generation: its index (from 1) and the best U(t) so far.",
                            MakeTraceSourceAccessor(&FireworksCachingOptimiser::m_generationTrace),
                            "ns3::sagin::FireworksCachingOptimiser::GenerationTracedCallback");
    return tid;
}

FireworksCachingOptimiser::FireworksCachingOptimiser()
    : m_fireworks(5),
      m_maxSparks(50.0),
      m_minFraction(0.04),
      m_maxFraction(0.8),
      m_mutationSparks(5),
      m_generations(100),
      m_epsilon(1e-12),
      m_variant(PROPOSED),
      m_greedySeeding(true),
      m_evaluations(0)
{
    NS_LOG_FUNCTION(this);
}

FireworksCachingOptimiser::~FireworksCachingOptimiser()
{
    NS_LOG_FUNCTION(this);
}

int64_t
FireworksCachingOptimiser::DoAssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

uint64_t
FireworksCachingOptimiser::GetLastEvaluations() const
{
    return m_evaluations;
}

uint32_t
FireworksCachingOptimiser::Draw(uint32_t n)
{
    return m_random->GetInteger(0, n - 1);
}

std::vector<uint32_t>
FireworksCachingOptimiser::SparkCounts(const std::vector<double>& fitness,
                                       double maxSparks,
                                       double a,
                                       double b,
                                       double epsilon)
{
    const double fMax = *std::max_element(fitness.begin(), fitness.end());
    double sum = 0.0;
    for (double f : fitness)
    {
        sum += fMax - f;
    }
    std::vector<uint32_t> counts(fitness.size());
    for (size_t l = 0; l < fitness.size(); ++l)
    {
        const double chi = maxSparks * (fMax - fitness[l] + epsilon) / (sum + epsilon); // (25)
        double actual = chi;                                                            // (26)
        if (chi < a * maxSparks)
        {
            actual = a * maxSparks;
        }
        else if (chi > b * maxSparks)
        {
            actual = b * maxSparks;
        }
        counts[l] = static_cast<uint32_t>(std::lround(actual));
    }
    return counts;
}

double
FireworksCachingOptimiser::Distance(const Individual& x, const Individual& y)
{
    // Eq. (24) as one binary array; moving a UE flips two entries of its alpha row.
    const size_t words = PackedWords(x);
    std::vector<uint64_t> px(words);
    std::vector<uint64_t> py(words);
    Pack(x, px.data());
    Pack(y, py.data());
    return std::sqrt(double(DifferingBits(px.data(), py.data(), words)));
}

void
FireworksCachingOptimiser::Shape(const CachingSlotProblem& problem, Individual& x)
{
    const uint32_t uavs = problem.GetNumUavs();
    x.cache.assign(size_t(uavs) * problem.GetNumContents(), 0);
    x.access.assign(problem.GetNumUes(), problem.GetSatelliteIndex());
    x.full.assign(uavs, 0);
    x.used.assign(uavs, problem.GetChainSize(false));
    x.fitness = 0.0;
}

void
FireworksCachingOptimiser::Evaluate(const CachingSlotProblem& problem, Individual& x)
{
    x.fitness = problem.AssignmentObjective(x.access.data(), x.full.data());
    ++m_evaluations;
}

CachingSolution
FireworksCachingOptimiser::ToSolution(const CachingSlotProblem& problem, const Individual& x)
{
    return problem.MakeSolution(x.cache, x.access, x.full);
}

void
FireworksCachingOptimiser::Remove(const CachingSlotProblem& problem,
                                  Individual& x,
                                  uint32_t j,
                                  uint32_t f)
{
    const uint32_t contents = problem.GetNumContents();
    x.cache[j * contents + f] = 0;
    const std::vector<uint32_t>& requests = problem.GetInput().requests;
    for (uint32_t i = 0; i < x.access.size(); ++i)
    {
        if (x.access[i] == j && requests[i] == f)
        {
            x.access[i] = problem.GetSatelliteIndex(); // keeps C8 [recon]
        }
    }
    x.used[j] = problem.StorageUsed(&x.cache[j * contents], x.full[j]);
}

void
FireworksCachingOptimiser::EvictUntilFits(const CachingSlotProblem& problem,
                                          Individual& x,
                                          uint32_t j,
                                          uint32_t keep)
{
    const uint32_t contents = problem.GetNumContents();
    uint8_t* row = &x.cache[j * contents];
    x.used[j] = problem.StorageUsed(row, x.full[j]);
    while (x.used[j] > problem.GetStorage(j))
    {
        uint32_t count = 0;
        for (uint32_t f = 0; f < contents; ++f)
        {
            count += row[f] && f != keep;
        }
        // Callers only keep a content that fits beside the chain alone, so count > 0.
        NS_ASSERT_MSG(count > 0, "nothing left to evict on UAV " << j);
        uint32_t k = Draw(count);
        for (uint32_t f = 0; f < contents; ++f)
        {
            if (row[f] && f != keep && k-- == 0)
            {
                Remove(problem, x, j, f);
                break;
            }
        }
    }
}

void
FireworksCachingOptimiser::PlaceContent(const CachingSlotProblem& problem, Individual& x)
{
    // Case 1 (Algorithm 1 [recon]): a (UAV, content) with n = 0 whose content fits beside
    // the UAV's chain and within its placement budget (C4 holds because delta is derived
    // from n; C10 counts only contents the UAV did not hold at t-1).
    const uint32_t uavs = problem.GetNumUavs();
    const uint32_t contents = problem.GetNumContents();
    const CachingSlotInput& in = problem.GetInput();
    const double* sizes = in.contentSizes.data();
    m_countScratch.resize(uavs);
    m_placedScratch.resize(uavs);
    uint32_t count = 0;
    for (uint32_t j = 0; j < uavs; ++j)
    {
        const double chain = problem.GetChainSize(x.full[j]);
        const double storage = problem.GetStorage(j);
        const uint8_t* row = &x.cache[j * contents];
        const uint8_t* before = &in.previousCache[j * contents];
        const double placed = problem.PlacementUsed(j, row);
        m_placedScratch[j] = placed;
        uint32_t n = 0;
        for (uint32_t f = 0; f < contents; ++f)
        {
            n += !row[f] && chain + sizes[f] <= storage &&
                 (before[f] || placed + sizes[f] <= in.placementBudget);
        }
        m_countScratch[j] = n;
        count += n;
    }
    if (count == 0)
    {
        return;
    }
    uint32_t k = Draw(count);
    uint32_t j = 0;
    while (k >= m_countScratch[j])
    {
        k -= m_countScratch[j++];
    }
    const double chain = problem.GetChainSize(x.full[j]);
    const double storage = problem.GetStorage(j);
    const double placed = m_placedScratch[j];
    const uint8_t* before = &in.previousCache[j * contents];
    uint8_t* row = &x.cache[j * contents];
    for (uint32_t f = 0; f < contents; ++f)
    {
        if (!row[f] && chain + sizes[f] <= storage &&
            (before[f] || placed + sizes[f] <= in.placementBudget) && k-- == 0)
        {
            // The candidates' sums are rounded in another order than Check's; at the edge of
            // the budget the spark stays its firework rather than break C10.
            if (problem.PlacementFits(j, f, row))
            {
                row[f] = 1;
                EvictUntilFits(problem, x, j, f); // C7; evicting only lowers the placements
            }
            return;
        }
    }
}

void
FireworksCachingOptimiser::DropContent(const CachingSlotProblem& problem, Individual& x)
{
    // Case 2: a random element with value 1 of n becomes 0 (C5, C6, C7 keep holding).
    const uint32_t count = std::count(x.cache.begin(), x.cache.end(), 1);
    if (count == 0)
    {
        return;
    }
    uint32_t k = Draw(count);
    const uint32_t contents = problem.GetNumContents();
    for (size_t e = 0; e < x.cache.size(); ++e)
    {
        if (x.cache[e] && k-- == 0)
        {
            Remove(problem, x, e / contents, e % contents);
            return;
        }
    }
}

void
FireworksCachingOptimiser::MoveUe(const CachingSlotProblem& problem, Individual& x)
{
    // Case 3: a zero element of alpha becomes 1 and the UE's former one 0 (C8), among the
    // access points able to serve the UE: the satellite or a UAV holding its content.
    const uint32_t uavs = problem.GetNumUavs();
    const uint32_t contents = problem.GetNumContents();
    const uint32_t sat = problem.GetSatelliteIndex();
    const uint32_t* requests = problem.GetInput().requests.data();
    const uint32_t ues = x.access.size();
    m_countScratch.resize(ues);
    uint32_t count = 0;
    for (uint32_t i = 0; i < ues; ++i)
    {
        uint32_t n = x.access[i] != sat; // the satellite
        for (uint32_t j = 0; j < uavs; ++j)
        {
            n += j != x.access[i] && x.cache[j * contents + requests[i]];
        }
        m_countScratch[i] = n;
        count += n;
    }
    if (count == 0)
    {
        return;
    }
    uint32_t k = Draw(count);
    uint32_t i = 0;
    while (k >= m_countScratch[i])
    {
        k -= m_countScratch[i++];
    }
    for (uint32_t ap = 0; ap <= uavs; ++ap)
    {
        if (ap != x.access[i] && (ap == sat || x.cache[ap * contents + requests[i]]) && k-- == 0)
        {
            x.access[i] = ap;
            return;
        }
    }
}

void
FireworksCachingOptimiser::FlipRole(const CachingSlotProblem& problem, Individual& x)
{
    // Case 4 (Algorithm 2 [recon]): light -> full where S_j >= s^fu (evicting until C7
    // holds), full -> light while another full node remains (C9).
    const uint32_t uavs = problem.GetNumUavs();
    const uint32_t fullCount = std::count(x.full.begin(), x.full.end(), 1);
    auto flippable = [&](uint32_t j) {
        return x.full[j] ? fullCount >= 2 : problem.CanBeFullNode(j);
    };
    uint32_t count = 0;
    for (uint32_t j = 0; j < uavs; ++j)
    {
        count += flippable(j);
    }
    if (count == 0)
    {
        return;
    }
    uint32_t k = Draw(count);
    for (uint32_t j = 0; j < uavs; ++j)
    {
        if (flippable(j) && k-- == 0)
        {
            x.full[j] = !x.full[j];
            EvictUntilFits(problem, x, j, problem.GetNumContents());
            return;
        }
    }
}

void
FireworksCachingOptimiser::Explode(const CachingSlotProblem& problem,
                                   Individual& spark,
                                   uint32_t explosionCase)
{
    switch (explosionCase)
    {
    case 1:
        PlaceContent(problem, spark);
        break;
    case 2:
        DropContent(problem, spark);
        break;
    case 3:
        MoveUe(problem, spark);
        break;
    case 4:
        FlipRole(problem, spark);
        break;
    default:
        throw std::invalid_argument("FireworksCachingOptimiser::Explode: case " +
                                    std::to_string(explosionCase) + " is not 1, 2, 3 or 4");
    }
    Evaluate(problem, spark);
}

void
FireworksCachingOptimiser::Mutate(const CachingSlotProblem& problem, Individual& spark)
{
    // Algorithm 3 [recon]: all four cases once, so at most four terms differ.
    PlaceContent(problem, spark);
    DropContent(problem, spark);
    MoveUe(problem, spark);
    FlipRole(problem, spark);
    Evaluate(problem, spark);
}

void
FireworksCachingOptimiser::Improve(const CachingSlotProblem& problem, Individual& x)
{
    // Each pass moves every UE at most once; a handful of passes settle study C's sizes.
    constexpr uint32_t MAX_PASSES = 20;
    CachingGreedyDescent(problem).Descend(x.cache, x.access, x.full, MAX_PASSES);
    const uint32_t contents = problem.GetNumContents();
    for (uint32_t j = 0; j < x.full.size(); ++j)
    {
        x.used[j] = problem.StorageUsed(&x.cache[j * contents], x.full[j]);
    }
    Evaluate(problem, x);
}

FireworksCachingOptimiser::Individual
FireworksCachingOptimiser::WarmStart(const CachingSlotProblem& problem)
{
    Individual x;
    Shape(problem, x);
    const CachingSlotInput& in = problem.GetInput();
    const uint32_t uavs = problem.GetNumUavs();
    const uint32_t contents = problem.GetNumContents();
    x.cache = in.previousCache;
    uint32_t fullCount = 0;
    for (uint32_t j = 0; j < uavs; ++j)
    {
        const uint8_t* row = &x.cache[j * contents];
        x.full[j] = problem.StorageUsed(row, true) <= problem.GetStorage(j);
        fullCount += x.full[j];
        x.used[j] = problem.StorageUsed(row, x.full[j]);
    }
    if (fullCount == 0)
    {
        uint32_t candidates = 0;
        for (uint32_t j = 0; j < uavs; ++j)
        {
            candidates += problem.CanBeFullNode(j);
        }
        uint32_t k = Draw(candidates); // > 0: the problem checked that some UAV can be full
        for (uint32_t j = 0; j < uavs; ++j)
        {
            if (problem.CanBeFullNode(j) && k-- == 0)
            {
                x.full[j] = 1;
                EvictUntilFits(problem, x, j, contents);
                break;
            }
        }
    }
    for (uint32_t i = 0; i < x.access.size(); ++i)
    {
        double best = -1.0;
        for (uint32_t j = 0; j < uavs; ++j)
        {
            const double rate = in.uavRates[i * uavs + j];
            if (x.cache[j * contents + in.requests[i]] && rate > best)
            {
                best = rate;
                x.access[i] = j;
            }
        }
    }
    Evaluate(problem, x);
    return x;
}

FireworksCachingOptimiser::Individual
FireworksCachingOptimiser::RandomIndividual(const CachingSlotProblem& problem)
{
    Individual x;
    Shape(problem, x);
    const CachingSlotInput& in = problem.GetInput();
    const uint32_t uavs = problem.GetNumUavs();
    const uint32_t contents = problem.GetNumContents();
    uint32_t fullCount = 0;
    uint32_t candidates = 0;
    for (uint32_t j = 0; j < uavs; ++j)
    {
        if (problem.CanBeFullNode(j))
        {
            ++candidates;
            x.full[j] = Draw(2);
            fullCount += x.full[j];
        }
    }
    if (fullCount == 0)
    {
        uint32_t k = Draw(candidates);
        for (uint32_t j = 0; j < uavs; ++j)
        {
            if (problem.CanBeFullNode(j) && k-- == 0)
            {
                x.full[j] = 1;
                break;
            }
        }
    }
    std::vector<uint32_t> order(contents);
    for (uint32_t j = 0; j < uavs; ++j)
    {
        for (uint32_t f = 0; f < contents; ++f)
        {
            order[f] = f;
        }
        for (uint32_t f = contents; f > 1; --f)
        {
            std::swap(order[f - 1], order[Draw(f)]); // Fisher-Yates
        }
        uint8_t* row = &x.cache[j * contents];
        for (uint32_t f : order)
        {
            if (Draw(2) && problem.PlacementFits(j, f, row))
            {
                row[f] = 1;
                if (problem.StorageUsed(row, x.full[j]) > problem.GetStorage(j))
                {
                    row[f] = 0;
                }
            }
        }
        x.used[j] = problem.StorageUsed(row, x.full[j]);
    }
    for (uint32_t i = 0; i < x.access.size(); ++i)
    {
        uint32_t options = 1; // the satellite
        for (uint32_t j = 0; j < uavs; ++j)
        {
            options += x.cache[j * contents + in.requests[i]];
        }
        uint32_t k = Draw(options);
        x.access[i] = problem.GetSatelliteIndex();
        for (uint32_t j = 0; j < uavs && k > 0; ++j)
        {
            if (x.cache[j * contents + in.requests[i]] && --k == 0)
            {
                x.access[i] = j;
            }
        }
    }
    Evaluate(problem, x);
    return x;
}

void
FireworksCachingOptimiser::Select(uint32_t count)
{
    // Eq. (27): the best survives; L - 1 others by roulette on the summed distance D(l).
    uint32_t best = 0;
    for (uint32_t l = 1; l < count; ++l)
    {
        if (m_population[l].fitness < m_population[best].fitness)
        {
            best = l;
        }
    }
    m_selected.assign(1, best);
    const uint32_t want = std::min(m_fireworks, count) - 1;
    if (want == 0)
    {
        return;
    }
    const size_t words = PackedWords(m_population[0]);
    if (m_sqrt.size() != 64 * words + 1)
    {
        m_sqrt.resize(64 * words + 1); // every possible distance^2, looked up, not computed
        for (size_t b = 0; b < m_sqrt.size(); ++b)
        {
            m_sqrt[b] = std::sqrt(double(b));
        }
    }
    m_packed.resize(size_t(count) * words);
    for (uint32_t l = 0; l < count; ++l)
    {
        Pack(m_population[l], &m_packed[l * words]);
    }
    m_distanceSum.assign(count, 0.0);
    for (uint32_t l = 0; l < count; ++l)
    {
        if (l == best)
        {
            continue;
        }
        for (uint32_t k = l + 1; k < count; ++k)
        {
            if (k == best)
            {
                continue;
            }
            const double d =
                m_sqrt[DifferingBits(&m_packed[l * words], &m_packed[k * words], words)];
            m_distanceSum[l] += d;
            m_distanceSum[k] += d;
        }
    }
    m_distanceSum[best] = 0.0;
    std::vector<uint8_t> taken(count, 0);
    taken[best] = 1;
    for (uint32_t n = 0; n < want; ++n)
    {
        double total = 0.0;
        uint32_t left = 0;
        for (uint32_t l = 0; l < count; ++l)
        {
            if (!taken[l])
            {
                total += m_distanceSum[l];
                ++left;
            }
        }
        uint32_t pick = count;
        if (total > 0.0)
        {
            double u = m_random->GetValue(0.0, total);
            for (uint32_t l = 0; l < count; ++l)
            {
                if (!taken[l] && m_distanceSum[l] > 0.0)
                {
                    pick = l;
                    u -= m_distanceSum[l];
                    if (u < 0.0)
                    {
                        break;
                    }
                }
            }
        }
        else
        {
            // All remaining individuals coincide: any of them, uniformly.
            uint32_t k = Draw(left);
            for (uint32_t l = 0; l < count; ++l)
            {
                if (!taken[l] && k-- == 0)
                {
                    pick = l;
                    break;
                }
            }
        }
        taken[pick] = 1;
        m_selected.push_back(pick);
    }
}

CachingSolution
FireworksCachingOptimiser::DoSolve(const CachingSlotProblem& problem)
{
    NS_LOG_FUNCTION(this);
    if (m_minFraction >= m_maxFraction)
    {
        std::ostringstream msg;
        msg << "FireworksCachingOptimiser: MinSparkFraction a = " << m_minFraction
            << " is not below MaxSparkFraction b = " << m_maxFraction
            << "; eq. (26) needs a < b < 1 (study C: 0.04, 0.8)";
        throw std::invalid_argument(msg.str());
    }
    m_evaluations = 0;
    const uint32_t fireworks = m_fireworks;
    m_next.resize(fireworks);
    m_next[0] = WarmStart(problem);
    for (uint32_t l = 1; l < fireworks; ++l)
    {
        m_next[l] = RandomIndividual(problem);
    }
    for (uint32_t l = 0; l < fireworks && m_greedySeeding; ++l)
    {
        Improve(problem, m_next[l]);
    }
    const uint32_t mutations = m_variant == NO_MUTATION ? 0 : m_mutationSparks;
    std::vector<double> fitness(fireworks);
    for (uint32_t g = 1; g <= m_generations; ++g)
    {
        std::vector<uint32_t> sparks(fireworks, 1); // OneES
        if (m_variant != ONE_EXPLOSION_SPARK)
        {
            for (uint32_t l = 0; l < fireworks; ++l)
            {
                fitness[l] = m_next[l].fitness;
            }
            sparks = SparkCounts(fitness, m_maxSparks, m_minFraction, m_maxFraction, m_epsilon);
        }
        uint32_t count = fireworks + mutations;
        for (uint32_t s : sparks)
        {
            count += s;
        }
        if (m_population.size() < count)
        {
            m_population.resize(count);
        }
        uint32_t n = 0;
        for (uint32_t l = 0; l < fireworks; ++l)
        {
            m_population[n++] = m_next[l];
        }
        for (uint32_t l = 0; l < fireworks; ++l)
        {
            for (uint32_t s = 0; s < sparks[l]; ++s)
            {
                Individual& spark = m_population[n++];
                spark = m_next[l];
                Explode(problem, spark, 1 + Draw(4));
            }
        }
        for (uint32_t m = 0; m < mutations; ++m)
        {
            Individual& spark = m_population[n++];
            spark = m_next[Draw(fireworks)];
            Mutate(problem, spark);
        }
        Select(count);
        for (uint32_t l = 0; l < m_selected.size(); ++l)
        {
            m_next[l] = m_population[m_selected[l]];
        }
        m_generationTrace(g, m_next[0].fitness);
    }
    NS_LOG_DEBUG("best U(t) " << m_next[0].fitness << " after " << m_evaluations << " evaluations");
    return ToSolution(problem, m_next[0]);
}

} // namespace sagin
} // namespace ns3
