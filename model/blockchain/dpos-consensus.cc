// SPDX-License-Identifier: GPL-2.0-only

#include "dpos-consensus.h"

#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("DposConsensus");
NS_OBJECT_ENSURE_REGISTERED(DposConsensus);

TypeId
DposConsensus::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::DposConsensus")
            .SetParent<SlotConsensus>()
            .SetGroupName("Sagin")
            .AddConstructor<DposConsensus>()
            .AddAttribute("Delegates",
                          "Number of delegates elected (members; fewer if fewer have votes). "
                          "Default 21, EOS's block-producer count.",
                          UintegerValue(21),
                          MakeUintegerAccessor(&DposConsensus::m_delegateCount),
                          MakeUintegerChecker<uint32_t>(1));
    return tid;
}

DposConsensus::DposConsensus() = default;

DposConsensus::~DposConsensus() = default;

std::string
DposConsensus::DoGetName() const
{
    return "dpos";
}

void
DposConsensus::SetVotes(uint32_t voterNodeId, std::vector<uint32_t> candidateNodeIds)
{
    m_votes[voterNodeId] = std::move(candidateNodeIds);
}

std::vector<uint32_t>
DposConsensus::Elect(const std::vector<double>& stakes,
                     const std::vector<std::vector<uint32_t>>& votes,
                     uint32_t delegates)
{
    if (votes.size() != stakes.size())
    {
        throw std::invalid_argument("DposConsensus::Elect: " + std::to_string(votes.size()) +
                                    " vote lists for " + std::to_string(stakes.size()) +
                                    " members; give one per member");
    }
    std::vector<double> tally(stakes.size(), 0.0);
    for (size_t voter = 0; voter < votes.size(); ++voter)
    {
        std::vector<uint32_t> ballot = votes[voter];
        std::sort(ballot.begin(), ballot.end());
        ballot.erase(std::unique(ballot.begin(), ballot.end()), ballot.end()); // one vote each
        for (uint32_t candidate : ballot)
        {
            if (candidate >= stakes.size())
            {
                throw std::invalid_argument(
                    "DposConsensus::Elect: member " + std::to_string(voter) + " votes for member " +
                    std::to_string(candidate) + " of " + std::to_string(stakes.size()));
            }
            tally[candidate] += stakes[voter];
        }
    }
    std::vector<uint32_t> order(stakes.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&tally](uint32_t a, uint32_t b) {
        return tally[a] > tally[b];
    });
    std::vector<uint32_t> elected;
    for (uint32_t candidate : order)
    {
        if (elected.size() == delegates || !(tally[candidate] > 0))
        {
            break;
        }
        elected.push_back(candidate);
    }
    return elected;
}

std::vector<uint32_t>
DposConsensus::GetDelegates() const
{
    const auto& members = GetMembers();
    std::vector<double> stakes;
    std::vector<std::vector<uint32_t>> votes(members.size());
    for (size_t i = 0; i < members.size(); ++i)
    {
        stakes.push_back(members[i].weight);
        auto it = m_votes.find(members[i].nodeId);
        if (it == m_votes.end())
        {
            votes[i] = {static_cast<uint32_t>(i)};
            continue;
        }
        for (uint32_t nodeId : it->second)
        {
            const int32_t candidate = FindMemberByNode(nodeId);
            if (candidate < 0)
            {
                throw std::invalid_argument(
                    "DposConsensus: node " + std::to_string(members[i].nodeId) +
                    " votes for node " + std::to_string(nodeId) +
                    ", which is not a member; add it with AddMember() or fix the vote");
            }
            votes[i].push_back(static_cast<uint32_t>(candidate));
        }
    }
    const std::vector<uint32_t> elected = Elect(stakes, votes, m_delegateCount);
    if (elected.empty())
    {
        throw std::invalid_argument(
            "DposConsensus: no delegate has any vote weight; give members stake");
    }
    return elected;
}

std::vector<uint32_t>
DposConsensus::DoGetProducers(const Ledger& /* ledger */,
                              const Sha256Digest& /* parent */,
                              uint64_t slot) const
{
    // The election depends only on fixed stakes and votes; recomputing it is cheap for the
    // member counts of the studies (tens).
    const std::vector<uint32_t> delegates = GetDelegates();
    return {delegates[slot % delegates.size()]};
}

} // namespace sagin
} // namespace ns3
