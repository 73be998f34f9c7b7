// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_CACHING_SLOT_PROBLEM_H
#define SAGIN_CACHING_SLOT_PROBLEM_H

#include "ns3/physical-constants.h" // BITS_PER_MBIT: study C's sizes in Mbit, rates in Mbit/s

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Everything study C's per-slot problem (P2), eq. (23), depends on, as the slot controller
 * sees it at the start of slot t. Data in Mbit, rates in Mbit/s (the units of study C's
 * parameters, so that V keeps its meaning). Indices: UE i in [0, I), UAV j in [0, J),
 * content f in [0, F); matrices are row-major vectors.
 *
 * The link layer supplies the rates: uavRates[i * J + j] is the rate R_ij UE i would get
 * from UAV j if it were that UAV's only UE. A UAV serving k UEs splits its bandwidth and
 * power equally among them (source text, Remark 2); with the noise power proportional to the
 * bandwidth share (as on an OFDMA sub-channel) the SNR is unchanged and each UE gets
 * R_ij / k [recon: the source's sigma^2 is a fixed power; see doc/sagin.rst].
 */
struct CachingSlotInput
{
    std::vector<double> contentSizes;   //!< s_f (Mbit), F entries
    double maxContentSize{0.0};         //!< s_max (Mbit)
    std::vector<uint32_t> requests;     //!< content requested by UE i (r_if(t) = 1), I entries
    std::vector<double> uavRates;       //!< R_ij (Mbit/s) alone on UAV j, I x J
    std::vector<double> satelliteRates; //!< R_i^S (Mbit/s), I entries
    std::vector<double> uavDistances;   //!< UE-UAV distance (m), I x J; only nearest-UAV baselines
    std::vector<double> storage;        //!< S_j (Mbit), J entries
    std::vector<uint8_t> previousCache; //!< n_fj(t-1), J x F (UAV j's row: its contents)
    std::vector<double> uavQueues;      //!< Q_j(t) (Mbit), J entries
    double satelliteQueue{0.0};         //!< Q^S(t) (Mbit)
    std::vector<double> uavPrices;      //!< eta_j (revenue per Mbit), J entries
    double satellitePrice{0.0};         //!< eta^S (revenue per Mbit)
    double fullNodeReward{0.0};         //!< r^fu (revenue per full UAV per slot)
    double lightNodeReward{0.0};        //!< r^li (revenue per light UAV per slot)
    double fullNodeSize{0.0};           //!< s^fu: the whole blockchain (Mbit)
    double lightNodeSize{0.0};          //!< s^li: block headers only (Mbit)
    double v{0.0};                      //!< V, Lyapunov penalty weight (eq. 21)
    double slotDuration{0.0};           //!< Delta t (s)
    /**
     * Placement budget of every UAV per slot (Mbit): the contents a UAV newly caches in one
     * slot, sum_f delta_fj s_f, fit in it (C10 [recon]: what its backhaul from the satellite
     * carries in a slot, R^bh dt). +inf: placements are free, the source's formulation.
     */
    double placementBudget{std::numeric_limits<double>::infinity()};
};

/**
 * \ingroup sagin
 * A decision of slot t in the source's variables (problem P1, eq. 15): content placement
 * delta_fj, content replacement rho_fj, access control alpha (alpha_ij and alpha_i^S) and
 * blockchain deployment c_j. Entries are bytes so that CachingSlotProblem::Check can report
 * a value outside {0, 1} (C1-C3).
 */
struct CachingSolution
{
    std::vector<uint8_t> placement;   //!< delta_fj, J x F
    std::vector<uint8_t> replacement; //!< rho_fj, J x F
    std::vector<uint8_t> access;      //!< alpha, I x (J + 1); column J is the satellite
    std::vector<uint8_t> fullNode;    //!< c_j: 1 full node, 0 light node; J entries
};

/**
 * \ingroup sagin
 * Constraints of problem P1/P2 (eq. 15, 23), as CachingSlotProblem::Check names them.
 */
enum class CachingConstraint
{
    NONE, //!< feasible
    C1,   //!< delta, rho in {0, 1}
    C2,   //!< alpha in {0, 1}
    C3,   //!< c in {0, 1}
    C4,   //!< place only a content the UAV does not hold
    C5,   //!< replace only a content the UAV holds
    C6,   //!< not both on the same content
    C7,   //!< contents + blockchain fit the UAV's storage
    C8,   //!< one access point per UE, a UAV only for a content it holds [fix]
    C9,   //!< at least one full node
    C10   //!< placements within the slot's budget [recon]
};

/**
 * \param constraint a constraint
 * \return its name ("C1".."C9", or "none")
 */
std::string ToString(CachingConstraint constraint);

/**
 * \ingroup sagin
 * Result of a feasibility check: the first violated constraint and why.
 */
struct CachingFeasibility
{
    CachingConstraint violated{CachingConstraint::NONE}; //!< first violated constraint
    std::string reason; //!< which UAV/UE/content and the numbers; empty when feasible

    /** \return true when no constraint is violated */
    bool IsFeasible() const
    {
        return violated == CachingConstraint::NONE;
    }
};

/**
 * \ingroup sagin
 * What a slot moved, per access point: the input of the virtual queues (eq. 10, 11) and of
 * the revenue (eq. 12-14). Flow level: CachingSlotProblem::Evaluate; packet level: the slot
 * controller fills the delivered data with what was received by the end of the slot.
 */
struct CachingSlotOutcome
{
    std::vector<double> uavArrivals;  //!< sum_i r alpha_ij s_f routed to UAV j (Mbit)
    std::vector<double> uavDelivered; //!< sum_i D_ijf delivered by UAV j (Mbit)
    double satelliteArrival{0.0};     //!< sum_i r alpha_i^S s_f (Mbit)
    double satelliteDelivered{0.0};   //!< sum_i D_if^S (Mbit)
    double contentRevenue{0.0};       //!< Rev^1(t), eq. (12)
    double blockchainRevenue{0.0};    //!< Rev^2(t), eq. (13)
    std::vector<double> ueDelivered;  //!< D of UE i from its access point(s) (Mbit)
};

/**
 * \ingroup sagin
 * Study C's per-slot problem (P2), eq. (23): minimise the drift-plus-penalty bound U(t),
 * eq. (22), over placement, replacement, access and blockchain deployment subject to
 * C1-C9. The object is the validated input plus the model's functions; the optimisers
 * (FireworksCachingOptimiser, ExhaustiveCachingOptimiser, LruLfuCachingOptimiser) solve it.
 *
 * Model (doc/sagin.rst, "Study C caching core"):
 * - cache after the decision, eq. (2): n_fj(t) = n_fj(t-1) + delta_fj [n(t-1) = 0]
 *   - rho_fj [n(t-1) = 1];
 * - delivered data, eq. (8), (9): D = min(s_f, R dt) with R = R_ij / k_j on a UAV serving k_j
 *   UEs and R_i^S on the satellite (source: 0 <= D <= s_f);
 * - U(t) = sum_j Q_j (arrivals_j - delivered_j) + Q^S (arrivals^S - delivered^S) - V Rev(t),
 *   Rev(t) = Rev^1 + Rev^2, eq. (12)-(14), (22);
 * - C10 [recon]: a UAV newly caches at most placementBudget Mbit per slot (its backhaul).
 *
 * The constructor validates the input and throws std::invalid_argument naming the field and
 * the fix: zero UAVs, a content larger than s_max, a UAV whose storage cannot hold the
 * smallest content plus a light node's headers, no UAV able to hold the whole chain (C9
 * would be unsatisfiable), a previous cache that does not fit, sizes of vectors, negative or
 * non-finite numbers, requests outside the catalogue, a negative or NaN placement budget.
 *
 * Not thread-safe: AssignmentObjective uses scratch space (one problem per thread).
 */
class CachingSlotProblem
{
  public:
    /** Largest J: access points are stored in bytes (UAVs 0..J-1, the satellite J). */
    static constexpr uint32_t MAX_UAVS = 254;

    /**
     * \param input the slot's data; validated (throws std::invalid_argument)
     */
    explicit CachingSlotProblem(CachingSlotInput input);

    /** \return the validated input */
    const CachingSlotInput& GetInput() const;
    /** \return I */
    uint32_t GetNumUes() const;
    /** \return J */
    uint32_t GetNumUavs() const;
    /** \return F */
    uint32_t GetNumContents() const;
    /** \return J, the index of the satellite as an access point */
    uint32_t GetSatelliteIndex() const;
    /**
     * \param full c_j
     * \return storage the blockchain takes on a full (s^fu) or light (s^li) UAV (Mbit)
     */
    double GetChainSize(bool full) const;
    /**
     * \param j a UAV
     * \return whether S_j >= s^fu, i.e. UAV j can be a full node with an empty cache
     */
    bool CanBeFullNode(uint32_t j) const;

    /**
     * Build a solution in the source's variables from the state an optimiser works on
     * (its individual, eq. 24): delta = n(t) and not n(t-1), rho = n(t-1) and not n(t).
     * \param cache n_fj(t), J x F
     * \param accessPoint access point of UE i: UAV j in [0, J) or the satellite J
     * \param fullNode c_j
     * \return the solution (not checked)
     */
    CachingSolution MakeSolution(const std::vector<uint8_t>& cache,
                                 const std::vector<uint8_t>& accessPoint,
                                 const std::vector<uint8_t>& fullNode) const;

    /**
     * \param solution a solution of this problem's dimensions
     * \return n(t) by eq. (2), J x F
     */
    std::vector<uint8_t> GetCacheAfter(const CachingSolution& solution) const;

    /**
     * \param solution a solution that satisfies C8's one-hot rows
     * \return the access point of every UE (UAV j or the satellite J)
     */
    std::vector<uint8_t> GetAccessPoints(const CachingSolution& solution) const;

    /**
     * Check C1-C10 in the order C1, C2, C3, C6, C4, C5, C7, C8, C9, C10 (C4 and C5
     * together imply C6, so C6 is checked first to be named).
     * \param solution a solution; wrong dimensions throw std::invalid_argument
     * \return the first violated constraint and why
     */
    CachingFeasibility Check(const CachingSolution& solution) const;

    /**
     * Flow-level outcome of a solution: arrivals, deliveries, revenue (eq. 8-13), summed
     * literally over alpha (any number of ones per row).
     * \param solution a solution of this problem's dimensions
     * \return the outcome
     */
    CachingSlotOutcome Evaluate(const CachingSolution& solution) const;

    /**
     * Outcome of a slot whose deliveries were measured (packet level): arrivals and the
     * blockchain revenue as in Evaluate, deliveries and the content revenue from what each UE
     * actually received (eq. 12 with the measured D, capped at s_f as eq. 8, 9 require).
     * \param solution a feasible solution (one access point per UE)
     * \param delivered data UE i received in the slot (Mbit), I entries
     * \return the outcome
     */
    CachingSlotOutcome EvaluateDelivered(const CachingSolution& solution,
                                         const std::vector<double>& delivered) const;

    /**
     * \param solution a solution of this problem's dimensions
     * \return U(t), eq. (22)
     */
    double Objective(const CachingSolution& solution) const;

    /**
     * \param solution a solution of this problem's dimensions
     * \return Rev(t) = Rev^1(t) + Rev^2(t), eq. (14)
     */
    double Revenue(const CachingSolution& solution) const;

    /**
     * U(t), eq. (22), of an assignment: the fast path of the optimisers (the same sums as
     * Objective, rearranged; equal up to rounding). U does not depend on the cache itself,
     * only on who is served where and on c; the cache constrains which assignments are
     * feasible (C7, C8).
     * \param accessPoint access point of every UE (I entries)
     * \param fullNode c_j (J entries)
     * \return U(t)
     */
    double AssignmentObjective(const uint8_t* accessPoint, const uint8_t* fullNode) const;

    /**
     * U(t) restricted to UAV j's UEs when it serves them all, k_j = their number.
     * \param j a UAV
     * \param ues the UEs UAV j serves
     * \param count how many
     * \return sum over those UEs of Q_j (s_f - D) - V eta_j D
     */
    double UavTerm(uint32_t j, const uint32_t* ues, uint32_t count) const;

    /**
     * \param i a UE
     * \return Q^S (s_f - D^S) - V eta^S D^S of UE i on the satellite
     */
    double SatelliteTerm(uint32_t i) const;

    /**
     * \param fullNode c_j (J entries)
     * \return -V Rev^2(t), eq. (13)
     */
    double BlockchainTerm(const uint8_t* fullNode) const;

    /**
     * Storage a UAV uses, the left side of C7, summed in one fixed order (chain first, then
     * contents by index) so that every caller gets the same rounding.
     * \param cacheRow n_fj of UAV j (F entries)
     * \param full c_j
     * \return s^fu or s^li plus the sizes of the cached contents (Mbit)
     */
    double StorageUsed(const uint8_t* cacheRow, bool full) const;

    /**
     * The cache an assignment needs, kept close to n(t-1): each UAV holds the contents it
     * serves, then whatever it held before that still fits (C7), in content order (fewer
     * replacements; U(t) does not depend on the rest of the cache).
     * \param accessPoint access point of every UE (I entries)
     * \param fullNode c_j (J entries)
     * \return n_fj(t), J x F
     */
    std::vector<uint8_t> CacheServing(const std::vector<uint8_t>& accessPoint,
                                      const std::vector<uint8_t>& fullNode) const;

    /**
     * Contents a UAV newly caches in the slot, the left side of C10, summed in content order.
     * \param j a UAV
     * \param cacheRow n_fj(t) of UAV j (F entries)
     * \return sum_f n_fj(t) (1 - n_fj(t-1)) s_f (Mbit)
     */
    double PlacementUsed(uint32_t j, const uint8_t* cacheRow) const;

    /**
     * C7 and C10 for one UAV, as Check sums them.
     * \param j a UAV
     * \param cacheRow n_fj(t) of UAV j (F entries)
     * \param full c_j
     * \return whether the contents and the chain fit S_j and the new ones the budget
     */
    bool UavFits(uint32_t j, const uint8_t* cacheRow, bool full) const;

    /**
     * \param j a UAV
     * \param f a content UAV j does not hold in cacheRow
     * \param cacheRow n_fj(t) of UAV j (F entries)
     * \return whether caching f as well keeps UAV j within the placement budget (C10); a
     *         content UAV j held at t-1 costs nothing
     */
    bool PlacementFits(uint32_t j, uint32_t f, const uint8_t* cacheRow) const;

    /**
     * \param j a UAV
     * \return S_j (Mbit)
     */
    double GetStorage(uint32_t j) const;

    /**
     * \param i a UE
     * \return s_f of the content UE i requests (Mbit)
     */
    double GetRequestedSize(uint32_t i) const;

  private:
    /** Throw std::invalid_argument unless the input is consistent. */
    void Validate() const;
    /**
     * \param solution a solution
     * Throw std::invalid_argument unless its vectors have this problem's dimensions.
     */
    void CheckDimensions(const CachingSolution& solution) const;

    CachingSlotInput m_in;                     //!< the validated input
    uint32_t m_ues;                            //!< I
    uint32_t m_uavs;                           //!< J
    uint32_t m_contents;                       //!< F
    std::vector<double> m_requestedSize;       //!< s_f of UE i's request (Mbit)
    std::vector<double> m_satelliteTerm;       //!< SatelliteTerm(i)
    std::vector<double> m_rateDt;              //!< R_ij dt (Mbit), I x J
    std::vector<double> m_uavWeight;           //!< Q_j + V eta_j
    mutable std::vector<uint32_t> m_load;      //!< scratch: UEs per UAV
    mutable std::vector<double> m_inverseLoad; //!< scratch: 1 / UEs per UAV
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CACHING_SLOT_PROBLEM_H
