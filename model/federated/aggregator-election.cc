// SPDX-License-Identifier: GPL-2.0-only

#include "aggregator-election.h"

#include "ns3/dpos-consensus.h"
#include "ns3/pointer.h"
#include "ns3/reputation-consensus.h"
#include "ns3/string.h"

#include <set>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_OBJECT_ENSURE_REGISTERED(AggregatorElection);
NS_OBJECT_ENSURE_REGISTERED(FixedAggregatorElection);
NS_OBJECT_ENSURE_REGISTERED(RoundRobinAggregatorElection);
NS_OBJECT_ENSURE_REGISTERED(ReputationAggregatorElection);
NS_OBJECT_ENSURE_REGISTERED(DposAggregatorElection);

std::vector<uint32_t>
ParseNodeIdList(const std::string& text, const std::string& what)
{
    std::vector<uint32_t> ids;
    std::set<uint32_t> seen;
    std::istringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
    {
        const auto begin = item.find_first_not_of(" \t");
        const auto end = item.find_last_not_of(" \t");
        const std::string digits =
            begin == std::string::npos ? "" : item.substr(begin, end - begin + 1);
        if (digits.empty() || digits.size() > 9 ||
            digits.find_first_not_of("0123456789") != std::string::npos)
        {
            throw std::invalid_argument(what + ": \"" + text +
                                        "\" is not a list of node ids; write non-negative "
                                        "integers separated by commas, e.g. \"4,7\"");
        }
        const auto id = static_cast<uint32_t>(std::stoul(digits));
        if (!seen.insert(id).second)
        {
            throw std::invalid_argument(what + ": node " + digits + " appears twice in \"" + text +
                                        "\"");
        }
        ids.push_back(id);
    }
    return ids;
}

/**
 * \param ids node ids
 * \return them as ParseNodeIdList reads them
 */
static std::string
FormatNodeIdList(const std::vector<uint32_t>& ids)
{
    std::string text;
    for (std::size_t i = 0; i < ids.size(); ++i)
    {
        text += (i ? "," : "") + std::to_string(ids[i]);
    }
    return text;
}

/**
 * \param ids a list
 * \param first the index to start from
 * \return the list rotated to start at first
 */
static std::vector<uint32_t>
RotateFrom(const std::vector<uint32_t>& ids, std::size_t first)
{
    std::vector<uint32_t> ranking;
    for (std::size_t i = 0; i < ids.size(); ++i)
    {
        ranking.push_back(ids[(first + i) % ids.size()]);
    }
    return ranking;
}

TypeId
AggregatorElection::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::AggregatorElection").SetParent<Object>().SetGroupName("Sagin");
    return tid;
}

std::vector<uint32_t>
AggregatorElection::Rank(uint64_t round) const
{
    std::vector<uint32_t> ranking = DoRank(round);
    if (ranking.empty())
    {
        throw std::invalid_argument("AggregatorElection (" + DoGetName() +
                                    "): no candidate for "
                                    "round " +
                                    std::to_string(round) +
                                    "; give the election at least one aggregator");
    }
    return ranking;
}

std::string
AggregatorElection::GetName() const
{
    return DoGetName();
}

TypeId
FixedAggregatorElection::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::FixedAggregatorElection")
            .SetParent<AggregatorElection>()
            .SetGroupName("Sagin")
            .AddConstructor<FixedAggregatorElection>()
            .AddAttribute("Aggregators",
                          "Node ids, best first: the first aggregates every round, the next "
                          "ones are its backups (comma-separated, e.g. \"4,7\").",
                          StringValue(""),
                          MakeStringAccessor(&FixedAggregatorElection::SetAggregators,
                                             &FixedAggregatorElection::GetAggregators),
                          MakeStringChecker());
    return tid;
}

void
FixedAggregatorElection::SetAggregators(const std::string& text)
{
    m_aggregators = ParseNodeIdList(text, "FixedAggregatorElection attribute Aggregators");
}

std::string
FixedAggregatorElection::GetAggregators() const
{
    return FormatNodeIdList(m_aggregators);
}

std::vector<uint32_t>
FixedAggregatorElection::DoRank(uint64_t /* round */) const
{
    return m_aggregators;
}

std::string
FixedAggregatorElection::DoGetName() const
{
    return "fixed";
}

TypeId
RoundRobinAggregatorElection::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::RoundRobinAggregatorElection")
            .SetParent<AggregatorElection>()
            .SetGroupName("Sagin")
            .AddConstructor<RoundRobinAggregatorElection>()
            .AddAttribute("Candidates",
                          "Node ids taking turns: round r starts at candidate r mod n "
                          "(comma-separated, e.g. \"4,7,9\").",
                          StringValue(""),
                          MakeStringAccessor(&RoundRobinAggregatorElection::SetCandidates,
                                             &RoundRobinAggregatorElection::GetCandidates),
                          MakeStringChecker());
    return tid;
}

void
RoundRobinAggregatorElection::SetCandidates(const std::string& text)
{
    m_candidates = ParseNodeIdList(text, "RoundRobinAggregatorElection attribute Candidates");
}

std::string
RoundRobinAggregatorElection::GetCandidates() const
{
    return FormatNodeIdList(m_candidates);
}

std::vector<uint32_t>
RoundRobinAggregatorElection::DoRank(uint64_t round) const
{
    return m_candidates.empty() ? m_candidates
                                : RotateFrom(m_candidates, round % m_candidates.size());
}

std::string
RoundRobinAggregatorElection::DoGetName() const
{
    return "round-robin";
}

TypeId
ReputationAggregatorElection::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::ReputationAggregatorElection")
            .SetParent<AggregatorElection>()
            .SetGroupName("Sagin")
            .AddConstructor<ReputationAggregatorElection>()
            .AddAttribute("Consensus",
                          "The asking node's ReputationConsensus engine (started).",
                          PointerValue(),
                          MakePointerAccessor(&ReputationAggregatorElection::m_consensus),
                          MakePointerChecker<ReputationConsensus>());
    return tid;
}

ReputationAggregatorElection::ReputationAggregatorElection() = default;

ReputationAggregatorElection::~ReputationAggregatorElection() = default;

void
ReputationAggregatorElection::DoDispose()
{
    m_consensus = nullptr;
    AggregatorElection::DoDispose();
}

std::vector<uint32_t>
ReputationAggregatorElection::DoRank(uint64_t /* round */) const
{
    if (!m_consensus)
    {
        throw std::invalid_argument("ReputationAggregatorElection: set its Consensus attribute "
                                    "to the node's ReputationConsensus, started by its "
                                    "BlockchainNode");
    }
    return m_consensus->GetRanking();
}

std::string
ReputationAggregatorElection::DoGetName() const
{
    return "reputation";
}

TypeId
DposAggregatorElection::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::DposAggregatorElection")
                            .SetParent<AggregatorElection>()
                            .SetGroupName("Sagin")
                            .AddConstructor<DposAggregatorElection>()
                            .AddAttribute("Consensus",
                                          "The asking node's DposConsensus engine.",
                                          PointerValue(),
                                          MakePointerAccessor(&DposAggregatorElection::m_consensus),
                                          MakePointerChecker<DposConsensus>());
    return tid;
}

DposAggregatorElection::DposAggregatorElection() = default;

DposAggregatorElection::~DposAggregatorElection() = default;

void
DposAggregatorElection::DoDispose()
{
    m_consensus = nullptr;
    AggregatorElection::DoDispose();
}

std::vector<uint32_t>
DposAggregatorElection::DoRank(uint64_t round) const
{
    if (!m_consensus)
    {
        throw std::invalid_argument(
            "DposAggregatorElection: set its Consensus attribute to the node's DposConsensus");
    }
    std::vector<uint32_t> delegates;
    for (uint32_t member : m_consensus->GetDelegates())
    {
        delegates.push_back(m_consensus->GetMembers()[member].nodeId);
    }
    return delegates.empty() ? delegates : RotateFrom(delegates, round % delegates.size());
}

std::string
DposAggregatorElection::DoGetName() const
{
    return "dpos";
}

} // namespace sagin
} // namespace ns3
