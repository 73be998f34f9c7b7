// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_OFFLOADING_STRATEGY_H
#define SAGIN_OFFLOADING_STRATEGY_H

#include "offloading-slot-problem.h"

#include "ns3/object.h"

#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * A slot's decision in study A: the leader's prices, then the followers' choices.
 */
struct OffloadingSlotDecision
{
    std::vector<double> prices;              //!< lambda_i (per GHz)
    std::vector<FollowerDecision> followers; //!< the followers' choices
};

/**
 * \ingroup sagin
 * Who decides study A's slots: the leader's prices and the followers' responses. Subclasses:
 * MyopicStackelbergStrategy (the per-slot drift-plus-penalty optimum of the game, a
 * non-learning reference) and OffloadingBaselineStrategy (MARTO, MAMCC, MAGCS on top of
 * another strategy). A slot controller holds one through a PointerValue attribute, calls
 * Decide at the start of every slot and Learn when the slot's outcome is known.
 *
 * Decide checks the subclass's answer against the model (OffloadingSlotProblem::Check) and
 * throws std::logic_error if it does not fit, a defect of the strategy and never of the input.
 */
class OffloadingStrategy : public Object
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    OffloadingStrategy();
    ~OffloadingStrategy() override;

    /**
     * \param problem the slot
     * \param previous the last slot's decision (empty vectors before the first slot)
     * \return the slot's decision, checked
     */
    OffloadingSlotDecision Decide(const OffloadingSlotProblem& problem,
                                  const OffloadingSlotDecision& previous);

    /**
     * Tell the strategy what its decision gave (learning strategies train on it).
     * \param problem the slot
     * \param decision what was decided
     * \param outcome what it gave
     */
    void Learn(const OffloadingSlotProblem& problem,
               const OffloadingSlotDecision& decision,
               const OffloadingSlotOutcome& outcome);

    /**
     * Use fixed random streams.
     * \param stream first stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * Learning strategies: explore and learn (true) or act greedily and learn nothing (false),
     * e.g. to evaluate after training. Non-learning strategies ignore it.
     * \param training whether to train
     */
    void SetTraining(bool training);

  protected:
    /**
     * For a strategy's FixedPrice attribute: std::invalid_argument naming it and the fix when
     * it is above the largest price (a negative one means "no fixed price").
     * \param fixedPrice the attribute's value
     * \param constants the slot's constants
     */
    void CheckFixedPrice(double fixedPrice, const OffloadingConstants& constants) const;

  private:
    /**
     * \param problem the slot
     * \param previous the last slot's decision (empty vectors before the first slot)
     * \return the subclass's decision
     */
    virtual OffloadingSlotDecision DoDecide(const OffloadingSlotProblem& problem,
                                            const OffloadingSlotDecision& previous) = 0;
    /**
     * Default: nothing to learn.
     * \param problem the slot
     * \param decision what was decided
     * \param outcome what it gave
     */
    virtual void DoLearn(const OffloadingSlotProblem& problem,
                         const OffloadingSlotDecision& decision,
                         const OffloadingSlotOutcome& outcome);
    /**
     * \param stream first stream index
     * \return the number of streams used (default 0)
     */
    virtual int64_t DoAssignStreams(int64_t stream);
    /**
     * Default: nothing to train.
     * \param training whether to train
     */
    virtual void DoSetTraining(bool training);
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_OFFLOADING_STRATEGY_H
