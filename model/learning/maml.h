// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_MAML_H
#define SAGIN_MAML_H

#include "mlp.h"

#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * One task of a MAML meta-batch: a support set the inner loop adapts on and a query set the
 * adapted network is judged on. Inputs and targets are row-major batches (rows x the
 * network's input width, rows x its output width); the loss is the mean squared error over
 * every target value.
 */
struct MamlTask
{
    std::vector<float> supportInputs;  //!< inner-loop inputs
    std::vector<float> supportTargets; //!< inner-loop targets
    std::vector<float> queryInputs;    //!< outer-loop inputs
    std::vector<float> queryTargets;   //!< outer-loop targets
};

class MamlImpl;

/**
 * \ingroup sagin
 * Model-agnostic meta-learning (Finn, Abbeel and Levine, ICML 2017, Algorithm 2) of the
 * initial parameters θ of an Mlp of any architecture.
 *
 * For every task i of a meta-batch, the inner loop adapts θ on the task's support set with
 * InnerSteps (K) plain gradient steps of size InnerStepSize (α):
 * θ'_i ← θ'_i − α ∇ L_support,i(θ'_i), starting from θ'_i = θ. The outer step then moves θ
 * along the mean over tasks of ∇_θ L_query,i(θ'_i), with step OuterStepSize (β): plain
 * gradient descent (OuterOptimizer Sgd, the paper's update) or Adam (OuterOptimizer Adam,
 * what the paper's experiments use, §5.1).
 *
 * Second order (FirstOrder false): ∇_θ L_query(θ') differentiates through the inner steps,
 * Hessian-vector products included (LibTorch autograd with create_graph). First order
 * (FirstOrder true, FOMAML, Finn et al. §5.2): the inner gradients are treated as constants,
 * so the meta-gradient is ∇_θ' L_query(θ') evaluated at the adapted parameters.
 *
 * The loss is the mean squared error (regression: the paper's sinusoid family, or a
 * critic's value targets). SetInitialization() takes the architecture and the starting θ
 * from a network; CopyTo() writes the meta-learned θ back into any network of that
 * architecture (a policy's actor, critic or Q-network through its SetParameters()).
 *
 * Nothing here is random: the tasks are the caller's, and so is the initial θ (e.g.
 * Mlp::InitializeParameters() from an ns-3 stream). Same inputs ⇒ bit-identical θ
 * (LibTorch single-threaded: SaginTorchThreads).
 */
class Maml : public Object
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    Maml();
    ~Maml() override;

    /** Optimizers of the outer step. */
    enum OuterOptimizerKind
    {
        ADAM = 0, //!< Adam with step size β (Finn et al. §5.1)
        SGD = 1   //!< θ ← θ − β g (Finn et al. Algorithm 2, line 10)
    };

    /**
     * Take the architecture and the initial parameters θ from a network (again: restart
     * from that network, outer optimizer state reset).
     * \param network the network
     */
    void SetInitialization(const Mlp& network);

    /** \return whether SetInitialization() was called */
    bool IsInitialized() const;

    /** \return the architecture (needs SetInitialization()) */
    const MlpArchitecture& GetArchitecture() const;

    /** \return the meta-learned parameters θ, in Mlp order */
    std::vector<float> GetParameters() const;

    /**
     * \param network receives θ; throws std::invalid_argument for another architecture
     */
    void CopyTo(Mlp& network) const;

    /**
     * One outer step on a batch of tasks.
     * \param tasks the meta-batch (at least one task; every set non-empty and shaped for the
     *        architecture, std::invalid_argument naming the task otherwise)
     * \return the mean over tasks of the query loss after adaptation, before the step
     */
    double MetaUpdate(const std::vector<MamlTask>& tasks);

    /**
     * The inner loop alone (evaluation on a held-out task): K steps of size α on the
     * support set, from θ or from the given parameters.
     * \param inputs support inputs, row-major
     * \param targets support targets, row-major
     * \param start parameters to start from (empty: θ)
     * \return the adapted parameters
     */
    std::vector<float> Adapt(const std::vector<float>& inputs,
                             const std::vector<float>& targets,
                             const std::vector<float>& start = {}) const;

    /**
     * \param parameters parameters of the architecture (empty: θ)
     * \param inputs a batch, row-major
     * \param targets its targets, row-major
     * \return the mean squared error of the network with those parameters
     */
    double GetLoss(const std::vector<float>& parameters,
                   const std::vector<float>& inputs,
                   const std::vector<float>& targets) const;

    /** \return how many outer steps were taken */
    uint64_t GetMetaUpdateCount() const;

    /**
     * TracedCallback signature of MetaLoss.
     * \param update the outer step number (1, 2, ...)
     * \param queryLoss MetaUpdate()'s return value
     */
    typedef void (*MetaLossTracedCallback)(uint64_t update, double queryLoss);

  protected:
    void DoDispose() override;

  private:
    /** Throw std::logic_error unless initialised. \param method the caller */
    void RequireInitialized(const std::string& method) const;
    /** \param rate InnerStepSize attribute */
    void SetInnerStepSize(double rate);
    /** \return InnerStepSize attribute */
    double GetInnerStepSize() const;
    /** \param rate OuterStepSize attribute */
    void SetOuterStepSize(double rate);
    /** \return OuterStepSize attribute */
    double GetOuterStepSize() const;

    double m_innerStepSize;                           //!< InnerStepSize α
    uint32_t m_innerSteps;                            //!< InnerSteps K
    double m_outerStepSize;                           //!< OuterStepSize β
    bool m_firstOrder;                                //!< FirstOrder
    OuterOptimizerKind m_outerOptimizer;              //!< OuterOptimizer
    uint64_t m_metaUpdates{0};                        //!< outer steps taken
    MlpArchitecture m_architecture;                   //!< the networks' shape
    std::unique_ptr<MamlImpl> m_impl;                 //!< θ and the outer optimizer (LibTorch)
    TracedCallback<uint64_t, double> m_metaLossTrace; //!< MetaLoss trace source
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_MAML_H
