// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_POLICY_H
#define SAGIN_POLICY_H

#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * The closed interval a continuous action component lives in.
 */
struct ContinuousRange
{
    double min{0.0}; //!< smallest value
    double max{1.0}; //!< largest value (>= min)
};

/**
 * \ingroup sagin
 * What a decision point may choose: any number of discrete heads (head h picks one of
 * discrete[h] choices, 0-based) and continuous components (component c is a value in
 * continuous[c]). Study A's follower, for example, has a continuous CPU frequency and
 * discrete offload, channel and block-size heads.
 */
struct ActionSpace
{
    std::vector<uint32_t> discrete;          //!< choice count of each discrete head (each > 0)
    std::vector<ContinuousRange> continuous; //!< range of each continuous component

    /**
     * \param choices the choice count of the single discrete head
     * \return a space with one discrete head
     */
    static ActionSpace Discrete(uint32_t choices);

    /**
     * Throw std::invalid_argument, naming the head or component, for a head with 0 choices,
     * a range with min > max or a non-finite bound, or a space with nothing to choose.
     * \param context who asks, for the message
     */
    void Validate(const std::string& context) const;

    /** \return e.g. "discrete {3, 2}, continuous {[0, 1]}" */
    std::string ToString() const;
};

/**
 * \ingroup sagin
 * A decision: one index per discrete head and one value per continuous component of the
 * policy's ActionSpace.
 */
struct Action
{
    std::vector<uint32_t> discrete; //!< chosen index of each discrete head
    std::vector<double> continuous; //!< chosen value of each continuous component
    bool fallback{false};           //!< the policy could not decide (non-finite observation)
                                    //!< and returned Policy::GetFallbackAction()
};

/**
 * \ingroup sagin
 * One step of experience: in state `observation` the agent took `action`, received `reward`
 * and observed `nextObservation`; `done` means the episode ended there (no value is
 * bootstrapped from nextObservation).
 */
struct Transition
{
    std::vector<double> observation;     //!< state before the action
    Action action;                       //!< what was done
    double reward{0.0};                  //!< what it earned
    std::vector<double> nextObservation; //!< state after the action
    bool done{false};                    //!< nextObservation is terminal
};

/**
 * \ingroup sagin
 * What every decision point of the module asks: observe a state vector, return an action;
 * learning policies also record transitions and learn from them in Update().
 *
 * A decision point (an agent's application or slot controller) holds its policy in a
 * `PointerValue` attribute, so a scenario swaps the learned policy for a baseline
 * (RandomPolicy, FixedPolicy, GreedyPolicy, RulePolicy) in one line. The decision point, not
 * the script, calls SetSpaces() with its observation length and ActionSpace before the first
 * decision; the script sets only the policy's own attributes (network shape, learning rate,
 * exploration...).
 *
 * Observations are checked: a wrong length throws std::invalid_argument. An observation
 * holding a NaN or infinity is never given to the policy: the NanObservation trace fires
 * with the agent's name, the counter GetNanObservationCount() grows, and Decide() returns
 * GetFallbackAction() (flagged `fallback`); RecordTransition() drops such a transition (or
 * a non-finite reward) the same way, so a learning policy's replay never holds one.
 *
 * Many agents sharing one policy decide together with DecideBatch(), which a neural policy
 * serves with one forward pass.
 *
 * Subclasses implement the private virtual Do* methods (the ns-3 pattern of
 * MobilityModel::DoGetPosition()): DoDecide() is required; DoSetSpaces() checks that the
 * policy supports the space, DoDecideBatch() batches, DoRecordTransition() and DoUpdate()
 * learn, DoGetParameters()/DoSetParameters() and DoSaveCheckpoint()/DoLoadCheckpoint() expose
 * learned parameters (federated aggregation, files), DoAssignStreams() fixes random streams.
 */
class Policy : public Object
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    Policy();
    ~Policy() override;

    /**
     * Tell the policy what it observes and what it may choose (call before the first
     * decision; again only with the same values once a learning policy has built its
     * networks). Throws std::invalid_argument for an observation length of 0, an invalid
     * space, or a space this policy does not support.
     * \param observationSize length of every observation (> 0)
     * \param actionSpace the choices
     */
    void SetSpaces(uint32_t observationSize, const ActionSpace& actionSpace);

    /** \return the observation length given to SetSpaces(), 0 before */
    uint32_t GetObservationSize() const;

    /** \return the action space given to SetSpaces() */
    const ActionSpace& GetActionSpace() const;

    /**
     * Decide for one agent.
     * \param observation the state, GetObservationSize() values
     * \return the action (GetFallbackAction() for a non-finite observation)
     */
    Action Decide(const std::vector<double>& observation);

    /**
     * Decide for many agents at once (same result as Decide() on each in order, except for
     * the exploration draws, which a batch makes in agent order too).
     * \param observations one state per agent
     * \return one action per agent
     */
    std::vector<Action> DecideBatch(const std::vector<std::vector<double>>& observations);

    /**
     * Give the policy one step of experience (ignored by policies that do not learn).
     * \param transition the step; lengths and action indices must fit the spaces
     *        (std::invalid_argument otherwise)
     * \return false if it was dropped for a non-finite value (counted and traced)
     */
    bool RecordTransition(const Transition& transition);

    /**
     * Learn from the recorded experience (one gradient step for DdqnPolicy).
     * \return the training loss, or nothing when the policy does not learn or has too little
     *         experience yet
     */
    std::optional<double> Update();

    /**
     * \return the learned parameters as one flat vector (empty for a policy that learns
     *         nothing); see Mlp for the order
     */
    std::vector<float> GetParameters() const;

    /**
     * \param parameters replace the learned parameters (e.g. after federated aggregation);
     *        throws std::invalid_argument for a wrong count
     */
    void SetParameters(const std::vector<float>& parameters);

    /**
     * Save the learned parameters to a checkpoint file (parameter-serialization.h); throws
     * std::logic_error for a policy that has none, std::runtime_error when the file cannot be
     * written.
     * \param path the file
     */
    void SaveCheckpoint(const std::string& path) const;

    /**
     * Load the learned parameters from a checkpoint file; throws std::runtime_error or
     * std::invalid_argument naming the file and the mismatch (ReadCheckpointParameters()).
     * \param path the file
     */
    void LoadCheckpoint(const std::string& path);

    /**
     * Assign fixed random variable streams to the random variables this policy uses.
     * \param stream first stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \return the action returned for an observation the policy refuses: every discrete
     *         head at choice 0, every continuous component at the middle of its range
     */
    Action GetFallbackAction() const;

    /** \return how many non-finite observations (and transitions) were refused */
    uint64_t GetNanObservationCount() const;

    /**
     * \return AgentName if set, else the ns-3 Names entry of the policy, else
     *         "<TypeId name> #<object number>"
     */
    std::string GetAgentName() const;

    /**
     * TracedCallback signature of NanObservation.
     * \param agent GetAgentName()
     * \param observation the refused values
     */
    typedef void (*NanObservationTracedCallback)(const std::string& agent,
                                                 const std::vector<double>& observation);

  protected:
    void DoDispose() override;

    /**
     * \return whether SetSpaces() was called
     */
    bool HasSpaces() const;

  private:
    /**
     * Check that this policy supports the spaces (already validated); throw
     * std::invalid_argument otherwise. The default accepts every space.
     * \param observationSize observation length
     * \param actionSpace the choices
     */
    virtual void DoSetSpaces(uint32_t observationSize, const ActionSpace& actionSpace);
    /**
     * \param observation a finite observation of the right length
     * \return the action
     */
    virtual Action DoDecide(const std::vector<double>& observation) = 0;
    /**
     * \param observations finite observations of the right length
     * \return one action each; the default calls DoDecide() on each in order
     */
    virtual std::vector<Action> DoDecideBatch(const std::vector<std::vector<double>>& observations);
    /** \param transition a checked, finite transition; the default ignores it */
    virtual void DoRecordTransition(const Transition& transition);
    /** \return the loss of one learning step; the default learns nothing */
    virtual std::optional<double> DoUpdate();
    /** \return the learned parameters; the default has none */
    virtual std::vector<float> DoGetParameters() const;
    /** \param parameters the learned parameters; the default accepts only none */
    virtual void DoSetParameters(const std::vector<float>& parameters);
    /** \param path checkpoint file; the default throws std::logic_error */
    virtual void DoSaveCheckpoint(const std::string& path) const;
    /** \param path checkpoint file; the default throws std::logic_error */
    virtual void DoLoadCheckpoint(const std::string& path);
    /** \param stream first stream \return streams used; the default uses none */
    virtual int64_t DoAssignStreams(int64_t stream);

    /**
     * \param observation values
     * \param what "the observation" or similar, for messages
     * \param batchRow the observation's row in a batch, for messages ("observation 3 of a
     *        batch"; what is then unused)
     * \return whether every value is finite; throws std::invalid_argument for a wrong length
     */
    bool CheckObservation(const std::vector<double>& observation,
                          const char* what,
                          std::optional<std::size_t> batchRow = std::nullopt) const;
    /** \param observation refused values: count and trace them */
    void RefuseObservation(const std::vector<double>& observation);
    /** Throw std::logic_error unless SetSpaces() was called. \param method the caller */
    void RequireSpaces(const std::string& method) const;

    std::string m_agentName;       //!< AgentName attribute
    uint32_t m_observationSize{0}; //!< observation length, 0 before SetSpaces()
    ActionSpace m_actionSpace;     //!< the choices
    bool m_hasSpaces{false};       //!< SetSpaces() was called
    uint64_t m_nanObservations{0}; //!< refused observations and transitions
    uint64_t m_objectNumber;       //!< for the default agent name
    /** NanObservation trace source */
    TracedCallback<const std::string&, const std::vector<double>&> m_nanObservationTrace;
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_POLICY_H
