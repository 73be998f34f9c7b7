// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_AGGREGATOR_ELECTION_H
#define SAGIN_AGGREGATOR_ELECTION_H

#include "ns3/object.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

class DposConsensus;
class ReputationConsensus;

/**
 * \ingroup sagin
 * Who aggregates a federated round: the candidates ranked best first (node ids). Rank 0
 * aggregates; if it releases nothing in time, rank 1 takes over, and so on (FederatedNode's
 * FailoverDelay). Every node asks its own election object, so an election that reads a
 * chain reads the asking node's view of it.
 */
class AggregatorElection : public Object
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * \param round a federated round
     * \return the candidates' node ids, best first (at least one; std::invalid_argument
     *         naming the election and the fix otherwise)
     */
    std::vector<uint32_t> Rank(uint64_t round) const;

    /** \return the rule's name, e.g. "round-robin" */
    std::string GetName() const;

  private:
    /**
     * \param round a round
     * \return the ranking (may be empty: Rank() refuses it)
     */
    virtual std::vector<uint32_t> DoRank(uint64_t round) const = 0;
    /** \return the rule's name */
    virtual std::string DoGetName() const = 0;
};

/**
 * \ingroup sagin
 * The same ranking every round: attribute Aggregators, node ids best first ("4,7": node 4
 * aggregates, node 7 is its backup).
 */
class FixedAggregatorElection : public AggregatorElection
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

  private:
    std::vector<uint32_t> DoRank(uint64_t round) const override;
    std::string DoGetName() const override;
    /** \param text the Aggregators attribute */
    void SetAggregators(const std::string& text);
    /** \return the Aggregators attribute */
    std::string GetAggregators() const;

    std::vector<uint32_t> m_aggregators; //!< node ids, best first
};

/**
 * \ingroup sagin
 * Candidates take turns: attribute Candidates (node ids); round r's ranking starts at
 * candidate r mod n and continues in list order.
 */
class RoundRobinAggregatorElection : public AggregatorElection
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

  private:
    std::vector<uint32_t> DoRank(uint64_t round) const override;
    std::string DoGetName() const override;
    /** \param text the Candidates attribute */
    void SetCandidates(const std::string& text);
    /** \return the Candidates attribute */
    std::string GetCandidates() const;

    std::vector<uint32_t> m_candidates; //!< node ids, in turn order
};

/**
 * \ingroup sagin
 * Study B: the members of a ReputationConsensus chain ranked by reputation on the asking
 * node's tip, highest first (the chain's next producer aggregates; an offline server is
 * passed over). Attribute Consensus: the asking node's engine (started).
 */
class ReputationAggregatorElection : public AggregatorElection
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    ReputationAggregatorElection();
    ~ReputationAggregatorElection() override;

  protected:
    void DoDispose() override;

  private:
    std::vector<uint32_t> DoRank(uint64_t round) const override;
    std::string DoGetName() const override;

    Ptr<ReputationConsensus> m_consensus; //!< the asking node's engine
};

/**
 * \ingroup sagin
 * Study A: the elected delegates of a DposConsensus chain take turns, in their production
 * order; round r starts at delegate r mod K. Attribute Consensus: the asking node's engine.
 */
class DposAggregatorElection : public AggregatorElection
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    DposAggregatorElection();
    ~DposAggregatorElection() override;

  protected:
    void DoDispose() override;

  private:
    std::vector<uint32_t> DoRank(uint64_t round) const override;
    std::string DoGetName() const override;

    Ptr<DposConsensus> m_consensus; //!< the asking node's engine
};

/**
 * \ingroup sagin
 * \param text node ids separated by commas, e.g. "4,7,9"
 * \param what the attribute, for the message
 * \return the ids; std::invalid_argument naming the attribute for anything else (repeats
 *         included)
 */
std::vector<uint32_t> ParseNodeIdList(const std::string& text, const std::string& what);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_AGGREGATOR_ELECTION_H
