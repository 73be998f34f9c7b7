// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_FIREWORKS_CACHING_OPTIMISER_H
#define SAGIN_FIREWORKS_CACHING_OPTIMISER_H

#include "caching-optimiser.h"

#include "ns3/random-variable-stream.h"

#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Study C's improved constrained binary fireworks algorithm (source text, Algorithms 1-4)
 * for the per-slot problem (P2). Every firework and spark is a feasible solution: the
 * explosion and mutation operators preserve C1-C10 by construction.
 *
 * - Individual, eq. (24): content existing matrix n (J x F), access point of every UE
 *   (the one-hot rows of alpha, C8 by construction), blockchain roles c (J).
 * - Fitness: U(t), eq. (22); lower is better.
 * - Explosion sparks per firework, eq. (25), (26): chi_l = chi^ (f_max - f_l + eps) /
 *   (sum_l (f_max - f_l) + eps), then round(a chi^) if chi_l < a chi^, round(b chi^) if
 *   chi_l > b chi^, else round(chi_l).
 * - An explosion spark copies its firework and applies one case drawn uniformly from 1-4:
 *   (1) place a content the UAV lacks (among those that fit beside its chain and within
 *       its placement budget, C10), evicting random other contents of that UAV until C7
 *       holds [recon: Algorithm 1 is a figure the source text lost];
 *   (2) remove a random cached content [paper];
 *   (3) move one UE to another access point: one of the zero entries of alpha whose access
 *       point can serve it (the satellite, or a UAV holding its content) [paper + C8 fix];
 *   (4) flip one UAV between full and light node: a light node able to hold s^fu becomes
 *       full, evicting random contents until C7 holds; a full node becomes light only if
 *       another full node remains (C9) [recon: Algorithm 2 was lost].
 *   UEs served by a UAV that drops their content move to the satellite [recon]. A case with
 *   nothing to change leaves the spark equal to its firework (the source: "may be zero
 *   term" different).
 * - Mutation sparks (MutationSparks per generation, each from a firework drawn uniformly)
 *   apply cases 1, 2, 3 and 4 once each, in that order [recon: Algorithm 3 was lost; the
 *   source: "at most four terms different"].
 * - Selection, eq. (27): the best individual of fireworks + sparks survives; the other L - 1
 *   are drawn by roulette without replacement [recon] with probability proportional to
 *   D(l) = sum_k ||Pi_l - Pi_k||, the Euclidean distance between the binary arrays of
 *   eq. (24) over the population without the best (an access change flips two entries).
 * - Initial fireworks [recon]: one keeps n(t-1), makes full nodes of the UAVs whose storage
 *   allows it and sends each UE to the UAV holding its content with the highest rate
 *   (satellite otherwise); the others are random: each UAV able to be full is full with
 *   probability 1/2 (at least one), contents tried in random order and kept with probability
 *   1/2 when they fit (C7, C10), each UE on a random access point that can serve it.
 *   With GreedySeeding (default) each is then improved by greedy descent
 *   (CachingGreedyDescent) [recon: the source leaves the initial fireworks open; feasible
 *   greedy seeds keep the search from starting far from good decisions].
 * - After Generations generations the best individual is the slot's decision.
 *
 * Variants (attribute Variant): Proposed; OneES (one explosion spark per firework);
 * NoMutation (no mutation sparks). Defaults [recon]: L = 5, chi^ = 50, a = 0.04, b = 0.8,
 * 5 mutation sparks, 100 generations.
 */
class FireworksCachingOptimiser : public CachingOptimiser
{
  public:
    /** Which algorithm of the source's comparison. */
    enum Variant
    {
        PROPOSED,            //!< the full algorithm
        ONE_EXPLOSION_SPARK, //!< OneES: one explosion spark per firework
        NO_MUTATION          //!< no mutation sparks
    };

    /** A firework or spark, eq. (24), with the bookkeeping the operators need. */
    struct Individual
    {
        std::vector<uint8_t> cache;  //!< n_fj(t), J x F
        std::vector<uint8_t> access; //!< access point of UE i: UAV j < J, satellite J
        std::vector<uint8_t> full;   //!< c_j
        std::vector<double> used;    //!< storage UAV j uses, C7's left side (Mbit)
        double fitness{0.0};         //!< U(t)
    };

    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    FireworksCachingOptimiser();
    ~FireworksCachingOptimiser() override;

    /**
     * Signature of the Generation trace.
     * \param generation generation index, from 1
     * \param bestObjective the best U(t) so far
     */
    typedef void (*GenerationTracedCallback)(uint32_t generation, double bestObjective);

    /**
     * Explosion spark counts, eq. (25) and (26).
     * \param fitness f(Pi_l) of the L fireworks
     * \param maxSparks chi^
     * \param a lower fraction
     * \param b upper fraction
     * \param epsilon eps of eq. (25)
     * \return the actual spark count of each firework
     */
    static std::vector<uint32_t> SparkCounts(const std::vector<double>& fitness,
                                             double maxSparks,
                                             double a,
                                             double b,
                                             double epsilon);

    /**
     * \param x an individual
     * \param y an individual of the same problem
     * \return ||x - y||, the Euclidean distance of the binary arrays of eq. (24)
     */
    static double Distance(const Individual& x, const Individual& y);

    /**
     * \param problem the slot's problem
     * \return the warm-start firework (see the class description)
     */
    Individual WarmStart(const CachingSlotProblem& problem);
    /**
     * \param problem the slot's problem
     * \return a random feasible firework (see the class description)
     */
    Individual RandomIndividual(const CachingSlotProblem& problem);
    /**
     * Improve a feasible individual by greedy descent (CachingGreedyDescent; fitness updated).
     * \param problem the slot's problem
     * \param x the individual
     */
    void Improve(const CachingSlotProblem& problem, Individual& x);
    /**
     * Apply explosion case 1-4 to an individual in place (fitness updated).
     * \param problem the slot's problem
     * \param spark a feasible individual, the firework's copy
     * \param explosionCase 1, 2, 3 or 4
     */
    void Explode(const CachingSlotProblem& problem, Individual& spark, uint32_t explosionCase);
    /**
     * Apply the mutation (cases 1, 2, 3, 4) to an individual in place (fitness updated).
     * \param problem the slot's problem
     * \param spark a feasible individual, the firework's copy
     */
    void Mutate(const CachingSlotProblem& problem, Individual& spark);
    /**
     * \param problem the slot's problem
     * \param individual an individual of it
     * \return the individual in the source's variables
     */
    static CachingSolution ToSolution(const CachingSlotProblem& problem,
                                      const Individual& individual);

    /** \return the number of fitness evaluations of the last Solve */
    uint64_t GetLastEvaluations() const;

  private:
    CachingSolution DoSolve(const CachingSlotProblem& problem) override;
    int64_t DoAssignStreams(int64_t stream) override;

    /**
     * Give an individual the problem's dimensions, empty cache, all on the satellite, light.
     * \param problem the slot's problem
     * \param x the individual
     */
    static void Shape(const CachingSlotProblem& problem, Individual& x);
    /**
     * \param problem the slot's problem
     * \param x an individual; its fitness is set
     */
    void Evaluate(const CachingSlotProblem& problem, Individual& x);
    /**
     * Remove content f from UAV j; its UEs there go to the satellite.
     * \param problem the slot's problem
     * \param x the individual
     * \param j UAV
     * \param f content
     */
    static void Remove(const CachingSlotProblem& problem, Individual& x, uint32_t j, uint32_t f);
    /**
     * Evict random contents of UAV j (never content keep) until C7 holds for it.
     * \param problem the slot's problem
     * \param x the individual
     * \param j UAV
     * \param keep a content not to evict, or F for none
     */
    void EvictUntilFits(const CachingSlotProblem& problem,
                        Individual& x,
                        uint32_t j,
                        uint32_t keep);
    /** Case 1: place a content. \param problem the problem \param x the spark */
    void PlaceContent(const CachingSlotProblem& problem, Individual& x);
    /** Case 2: remove a content. \param problem the problem \param x the spark */
    void DropContent(const CachingSlotProblem& problem, Individual& x);
    /** Case 3: move a UE. \param problem the problem \param x the spark */
    void MoveUe(const CachingSlotProblem& problem, Individual& x);
    /** Case 4: flip a role. \param problem the problem \param x the spark */
    void FlipRole(const CachingSlotProblem& problem, Individual& x);
    /**
     * Selection, eq. (27): indices of the next fireworks in m_population.
     * \param count how many individuals of m_population take part
     */
    void Select(uint32_t count);
    /**
     * \param n a count > 0
     * \return a uniform integer in [0, n)
     */
    uint32_t Draw(uint32_t n);

    uint32_t m_fireworks;                 //!< L
    double m_maxSparks;                   //!< chi^
    double m_minFraction;                 //!< a
    double m_maxFraction;                 //!< b
    uint32_t m_mutationSparks;            //!< mutation sparks per generation
    uint32_t m_generations;               //!< generations
    double m_epsilon;                     //!< eps of eq. (25)
    Variant m_variant;                    //!< algorithm variant
    bool m_greedySeeding;                 //!< improve the initial fireworks by greedy descent
    Ptr<UniformRandomVariable> m_random;  //!< every random choice
    uint64_t m_evaluations;               //!< fitness evaluations of the last Solve
    std::vector<Individual> m_population; //!< fireworks then sparks (reused between slots)
    std::vector<uint32_t> m_selected;     //!< indices chosen by Select
    std::vector<double> m_distanceSum;    //!< D(l) of eq. (27)
    std::vector<uint64_t> m_packed;       //!< the population as bit arrays, eq. (24)
    std::vector<double> m_sqrt;           //!< m_sqrt[b] = sqrt(b)
    std::vector<uint32_t> m_countScratch; //!< candidates per UAV or UE in an operator
    std::vector<double> m_placedScratch;  //!< per UAV: Mbit newly cached (C10) in case 1
    std::vector<Individual> m_next;       //!< next generation's fireworks
    TracedCallback<uint32_t, double> m_generationTrace; //!< Generation trace
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_FIREWORKS_CACHING_OPTIMISER_H
