// SPDX-License-Identifier: GPL-2.0-only

#include "exact-caching-optimiser.h"

#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <coin/Cbc_C_Interface.h>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginExactCachingOptimiser");

NS_OBJECT_ENSURE_REGISTERED(ExactCachingOptimiser);

namespace
{
/// Owns a CBC model.
using CbcModelPtr = std::unique_ptr<Cbc_Model, void (*)(Cbc_Model*)>;

/// Column indices of the program's variables.
class Columns
{
  public:
    /**
     * \param ues I
     * \param uavs J
     * \param contents F
     */
    Columns(uint32_t ues, uint32_t uavs, uint32_t contents)
        : m_ues(ues),
          m_uavs(uavs),
          m_contents(contents)
    {
    }

    /** \return column of n_fj */
    int Cache(uint32_t j, uint32_t f) const
    {
        return int(j * m_contents + f);
    }

    /** \return column of c_j */
    int Full(uint32_t j) const
    {
        return int(m_uavs * m_contents + j);
    }

    /** \return column of alpha_ij (j = J: the satellite) */
    int Access(uint32_t i, uint32_t j) const
    {
        return Full(m_uavs) + int(i * (m_uavs + 1) + j);
    }

    /** \return column of y_jk, k = 1..I */
    int Load(uint32_t j, uint32_t k) const
    {
        return Access(m_ues, 0) + int(j * m_ues + (k - 1));
    }

    /** \return column of z_ijk, k = 1..I */
    int Share(uint32_t i, uint32_t j, uint32_t k) const
    {
        return Load(m_uavs, 1) + int((i * m_uavs + j) * m_ues + (k - 1));
    }

    /** \return the number of columns */
    int Count() const
    {
        return Share(m_ues, 0, 1);
    }

  private:
    uint32_t m_ues;      //!< I
    uint32_t m_uavs;     //!< J
    uint32_t m_contents; //!< F
};
} // namespace

TypeId
ExactCachingOptimiser::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::ExactCachingOptimiser")
            .SetParent<CachingOptimiser>()
            .SetGroupName("Sagin")
            .AddConstructor<ExactCachingOptimiser>()
            .AddAttribute("TimeLimit",
                          "CPU time the MILP solver may search per slot (CBC's seconds limit, "
                          "which counts CPU time); reaching it without a proof of optimality "
                          "makes Solve throw.",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&ExactCachingOptimiser::m_timeLimit),
                          MakeTimeChecker(NanoSeconds(1)))
            .AddAttribute("NodeLimit",
                          "Branch-and-bound nodes the MILP solver may explore per slot (count); "
                          "reaching it without a proof of optimality makes Solve throw.",
                          UintegerValue(1000000),
                          MakeUintegerAccessor(&ExactCachingOptimiser::m_nodeLimit),
                          MakeUintegerChecker<uint32_t>(1, 2147483647));
    return tid;
}

ExactCachingOptimiser::ExactCachingOptimiser()
    : m_timeLimit(Seconds(60)),
      m_nodeLimit(1000000)
{
    NS_LOG_FUNCTION(this);
}

ExactCachingOptimiser::~ExactCachingOptimiser()
{
    NS_LOG_FUNCTION(this);
}

int64_t
ExactCachingOptimiser::DoAssignStreams(int64_t /* stream */)
{
    return 0; // deterministic
}

ExactCachingResult
ExactCachingOptimiser::SolveWithBound(const CachingSlotProblem& problem) const
{
    const uint32_t ues = problem.GetNumUes();
    const uint32_t uavs = problem.GetNumUavs();
    const uint32_t contents = problem.GetNumContents();
    const uint32_t sat = problem.GetSatelliteIndex();
    const CachingSlotInput& in = problem.GetInput();
    const Columns col(ues, uavs, contents);

    CbcModelPtr model(Cbc_newModel(), &Cbc_deleteModel);
    Cbc_setLogLevel(model.get(), 0);
    Cbc_setObjSense(model.get(), 1); // minimise U(t)

    // Columns in index order, each with its objective coefficient.
    for (uint32_t j = 0; j < uavs; ++j)
    {
        for (uint32_t f = 0; f < contents; ++f)
        {
            Cbc_addCol(model.get(), "", 0, 1, 0, 1, 0, nullptr, nullptr);
        }
    }
    // c_j: -V r^fu instead of -V r^li (the constant -V sum_j r^li is added back below).
    const double fullGain = -in.v * (in.fullNodeReward - in.lightNodeReward);
    for (uint32_t j = 0; j < uavs; ++j)
    {
        Cbc_addCol(model.get(),
                   "",
                   0,
                   problem.CanBeFullNode(j) ? 1 : 0,
                   fullGain,
                   1,
                   0,
                   nullptr,
                   nullptr);
    }
    for (uint32_t i = 0; i < ues; ++i)
    {
        const double size = problem.GetRequestedSize(i);
        for (uint32_t j = 0; j < uavs; ++j)
        {
            // Q_j s_f: what UE i adds to UAV j's queue (its delivery is in z_ijk).
            Cbc_addCol(model.get(), "", 0, 1, in.uavQueues[j] * size, 1, 0, nullptr, nullptr);
        }
        Cbc_addCol(model.get(), "", 0, 1, problem.SatelliteTerm(i), 1, 0, nullptr, nullptr);
    }
    for (uint32_t j = 0; j < uavs; ++j)
    {
        for (uint32_t k = 1; k <= ues; ++k)
        {
            Cbc_addCol(model.get(), "", 0, 1, 0, 1, 0, nullptr, nullptr);
        }
    }
    const double dt = in.slotDuration;
    for (uint32_t i = 0; i < ues; ++i)
    {
        const double size = problem.GetRequestedSize(i);
        for (uint32_t j = 0; j < uavs; ++j)
        {
            const double weight = in.uavQueues[j] + in.v * in.uavPrices[j];
            for (uint32_t k = 1; k <= ues; ++k)
            {
                const double delivered = std::min(size, in.uavRates[i * uavs + j] / k * dt);
                Cbc_addCol(model.get(), "", 0, 1, -weight * delivered, 0, 0, nullptr, nullptr);
            }
        }
    }
    NS_ABORT_MSG_UNLESS(Cbc_getNumCols(model.get()) == col.Count(),
                        "ExactCachingOptimiser: column layout out of step (module invariant)");

    std::vector<int> index;
    std::vector<double> value;
    const auto addRow = [&](char sense, double rhs) {
        Cbc_addRow(model.get(), "", int(index.size()), index.data(), value.data(), sense, rhs);
        index.clear();
        value.clear();
    };
    const auto term = [&](int column, double coefficient) {
        index.push_back(column);
        value.push_back(coefficient);
    };
    // A capacity row (Mbit) tightened by what CBC's tolerances let through: binaries within
    // 1e-6 of 0 or 1 (integer tolerance) and rows within 1e-7 (primal tolerance), so that the
    // rounded answer never breaks C7 or C10 by a hair; an answer closer to the limit than
    // that (1e-6 (1 + sum of the row's sizes) Mbit, about 1 kbit) is given up.
    const auto addCapacityRow = [&](double capacity) {
        double sizes = 0.0;
        for (double v : value)
        {
            sizes += std::abs(v);
        }
        addRow('L', capacity - 1e-6 * (1.0 + sizes));
    };
    for (uint32_t i = 0; i < ues; ++i)
    {
        // C8: one access point, a UAV only for a content it holds.
        for (uint32_t j = 0; j <= uavs; ++j)
        {
            term(col.Access(i, j), 1);
        }
        addRow('E', 1);
        for (uint32_t j = 0; j < uavs; ++j)
        {
            term(col.Access(i, j), 1);
            term(col.Cache(j, in.requests[i]), -1);
            addRow('L', 0);
            // z_ijk only for the UE's own access point.
            for (uint32_t k = 1; k <= ues; ++k)
            {
                term(col.Share(i, j, k), 1);
            }
            term(col.Access(i, j), -1);
            addRow('L', 0);
        }
    }
    for (uint32_t j = 0; j < uavs; ++j)
    {
        // The load k_j: sum_i alpha_ij = sum_k k y_jk, at most one k.
        for (uint32_t i = 0; i < ues; ++i)
        {
            term(col.Access(i, j), 1);
        }
        for (uint32_t k = 1; k <= ues; ++k)
        {
            term(col.Load(j, k), -double(k));
        }
        addRow('E', 0);
        for (uint32_t k = 1; k <= ues; ++k)
        {
            term(col.Load(j, k), 1);
        }
        addRow('L', 1);
        // The share D = min(s_f, R dt / k) counts only at the UAV's actual load.
        for (uint32_t k = 1; k <= ues; ++k)
        {
            for (uint32_t i = 0; i < ues; ++i)
            {
                term(col.Share(i, j, k), 1);
            }
            term(col.Load(j, k), -double(k));
            addRow('L', 0);
        }
        // C7: contents + chain within S_j.
        for (uint32_t f = 0; f < contents; ++f)
        {
            term(col.Cache(j, f), in.contentSizes[f]);
        }
        term(col.Full(j), in.fullNodeSize - in.lightNodeSize);
        addCapacityRow(problem.GetStorage(j) - in.lightNodeSize);
        // C10: contents not held at t-1 within the placement budget.
        if (std::isfinite(in.placementBudget))
        {
            for (uint32_t f = 0; f < contents; ++f)
            {
                if (!in.previousCache[j * contents + f])
                {
                    term(col.Cache(j, f), in.contentSizes[f]);
                }
            }
            addCapacityRow(in.placementBudget);
        }
    }
    // C9: at least one full node.
    for (uint32_t j = 0; j < uavs; ++j)
    {
        term(col.Full(j), 1);
    }
    addRow('G', 1);

    // Every UE on the satellite, the first UAV that can hold the chain a full node: feasible,
    // so that a limit reached early still leaves a solution.
    std::vector<int> startColumns;
    for (uint32_t i = 0; i < ues; ++i)
    {
        startColumns.push_back(col.Access(i, sat));
    }
    for (uint32_t j = 0; j < uavs; ++j)
    {
        if (problem.CanBeFullNode(j))
        {
            startColumns.push_back(col.Full(j));
            break;
        }
    }
    std::vector<double> startValues(startColumns.size(), 1.0);
    Cbc_setMIPStartI(model.get(),
                     int(startColumns.size()),
                     startColumns.data(),
                     startValues.data());
    // CBC 2.10.8 crashed (a segmentation fault in CbcNode::chooseDynamicBranch) on study C slots
    // with I = 30 under a time limit; without strong branching it did not.
    Cbc_setParameter(model.get(), "strong", "0");
    Cbc_setMaximumSeconds(model.get(), m_timeLimit.GetSeconds());
    Cbc_setMaximumNodes(model.get(), int(m_nodeLimit));
    Cbc_solve(model.get());

    ExactCachingResult result;
    const double constant = -in.v * uavs * in.lightNodeReward;
    result.bound = Cbc_getBestPossibleObjValue(model.get()) + constant;
    result.nodes = uint64_t(std::max(0, Cbc_getNodeCount(model.get())));
    result.optimal = Cbc_isProvenOptimal(model.get());
    if (!result.optimal)
    {
        result.limit = Cbc_isSecondsLimitReached(model.get()) ? "TimeLimit"
                       : Cbc_isNodeLimitReached(model.get())  ? "NodeLimit"
                                                              : "solver status";
    }
    const double* x = Cbc_getColSolution(model.get());
    result.hasSolution = x && Cbc_numberSavedSolutions(model.get()) > 0;
    if (!result.hasSolution)
    {
        return result;
    }
    std::vector<uint8_t> accessPoint(ues, uint8_t(sat));
    for (uint32_t i = 0; i < ues; ++i)
    {
        for (uint32_t j = 0; j <= uavs; ++j)
        {
            if (x[col.Access(i, j)] > 0.5)
            {
                accessPoint[i] = uint8_t(j);
            }
        }
    }
    std::vector<uint8_t> fullNode(uavs);
    for (uint32_t j = 0; j < uavs; ++j)
    {
        fullNode[j] = x[col.Full(j)] > 0.5;
    }
    result.solution =
        problem.MakeSolution(problem.CacheServing(accessPoint, fullNode), accessPoint, fullNode);
    const CachingFeasibility feasibility = problem.Check(result.solution);
    if (!feasibility.IsFeasible())
    {
        throw std::logic_error("ExactCachingOptimiser: the MILP's answer violates " +
                               ToString(feasibility.violated) + " (" + feasibility.reason +
                               "); the formulation is out of step (module invariant)");
    }
    result.objective = problem.Objective(result.solution);
    NS_LOG_DEBUG("U(t) " << result.objective << ", bound " << result.bound << ", CBC "
                         << Cbc_getObjValue(model.get()) + constant << ", nodes " << result.nodes);
    return result;
}

CachingSolution
ExactCachingOptimiser::DoSolve(const CachingSlotProblem& problem)
{
    const ExactCachingResult result = SolveWithBound(problem);
    if (!result.optimal)
    {
        std::ostringstream what;
        what << "ExactCachingOptimiser: " << result.limit << " reached after " << result.nodes
             << " nodes before optimality was proven (I = " << problem.GetNumUes()
             << ", J = " << problem.GetNumUavs() << ", F = " << problem.GetNumContents() << "): ";
        if (result.hasSolution)
        {
            what << "best U(t) " << result.objective << ", bound " << result.bound << ", gap "
                 << result.GetGap();
        }
        else
        {
            what << "no feasible solution found yet, bound " << result.bound;
        }
        what << "; raise TimeLimit or NodeLimit, or use SolveWithBound to keep the bound";
        throw std::runtime_error(what.str());
    }
    return result.solution;
}

} // namespace sagin
} // namespace ns3
