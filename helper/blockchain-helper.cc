// SPDX-License-Identifier: GPL-2.0-only

#include "blockchain-helper.h"

#include "ns3/blockchain-node.h"
#include "ns3/consensus-engine.h"
#include "ns3/ipv4.h"
#include "ns3/ledger.h"
#include "ns3/log.h"
#include "ns3/pointer.h"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("BlockchainHelper");

BlockchainHelper::BlockchainHelper()
{
    m_engineFactory.SetTypeId(GetConsensusEngineTypeId("pow"));
    m_nodeFactory.SetTypeId(BlockchainNode::GetTypeId());
    m_ledgerFactory.SetTypeId(Ledger::GetTypeId());
    m_random = CreateObject<UniformRandomVariable>();
}

void
BlockchainHelper::SetConsensusType(const std::string& name)
{
    m_engineFactory = ObjectFactory();
    m_engineFactory.SetTypeId(GetConsensusEngineTypeId(name));
}

void
BlockchainHelper::SetNodeAttribute(const std::string& name, const AttributeValue& value)
{
    m_nodeFactory.Set(name, value);
}

void
BlockchainHelper::SetLedgerAttribute(const std::string& name, const AttributeValue& value)
{
    m_ledgerFactory.Set(name, value);
}

void
BlockchainHelper::SetMemberWeights(std::vector<double> weights)
{
    m_weights = std::move(weights);
}

void
BlockchainHelper::SetRandomRegularPeers(uint32_t degree)
{
    m_degree = degree;
    m_given.clear();
    m_fullMesh = false;
}

void
BlockchainHelper::SetPeerLinks(std::vector<std::pair<uint32_t, uint32_t>> links)
{
    m_given = std::move(links);
    m_fullMesh = false;
}

void
BlockchainHelper::SetFullMeshPeers()
{
    m_given.clear();
    m_fullMesh = true;
}

const Block&
BlockchainHelper::GetGenesis() const
{
    if (!m_genesis)
    {
        throw std::logic_error("BlockchainHelper::GetGenesis: no genesis before the first "
                               "Install(); call Install() first");
    }
    return *m_genesis;
}

const std::vector<std::pair<uint32_t, uint32_t>>&
BlockchainHelper::GetLinks() const
{
    return m_links;
}

std::vector<std::pair<uint32_t, uint32_t>>
BlockchainHelper::RandomRegularGraph(uint32_t n, uint32_t degree, Ptr<UniformRandomVariable> random)
{
    if (degree >= n)
    {
        throw std::invalid_argument("RandomRegularGraph: degree " + std::to_string(degree) +
                                    " needs more than " + std::to_string(degree) + " nodes, not " +
                                    std::to_string(n) + "; lower the degree");
    }
    if ((static_cast<uint64_t>(n) * degree) % 2 != 0)
    {
        throw std::invalid_argument("RandomRegularGraph: " + std::to_string(n) +
                                    " nodes of degree " + std::to_string(degree) +
                                    " have an odd number of link ends; change one of them");
    }
    for (uint32_t attempt = 0; attempt < 1000; ++attempt)
    {
        std::vector<uint32_t> stubs;
        for (uint32_t v = 0; v < n; ++v)
        {
            stubs.insert(stubs.end(), degree, v);
        }
        std::set<std::pair<uint32_t, uint32_t>> edges;
        bool stuck = false;
        while (!stubs.empty() && !stuck)
        {
            // Draw pairs of stubs; a pair is suitable if it joins two different vertices not
            // yet adjacent. After many misses, check whether any suitable pair is left.
            bool paired = false;
            for (uint32_t tries = 0; tries < 100 && !paired; ++tries)
            {
                const uint32_t i = random->GetInteger(0, static_cast<uint32_t>(stubs.size() - 1));
                const uint32_t j = random->GetInteger(0, static_cast<uint32_t>(stubs.size() - 1));
                const uint32_t a = std::min(stubs[i], stubs[j]);
                const uint32_t b = std::max(stubs[i], stubs[j]);
                if (i == j || a == b || edges.count({a, b}) > 0)
                {
                    continue;
                }
                edges.insert({a, b});
                stubs.erase(stubs.begin() + std::max(i, j));
                stubs.erase(stubs.begin() + std::min(i, j));
                paired = true;
            }
            if (!paired)
            {
                stuck = true;
                for (size_t i = 0; i < stubs.size() && stuck; ++i)
                {
                    for (size_t j = i + 1; j < stubs.size() && stuck; ++j)
                    {
                        const uint32_t a = std::min(stubs[i], stubs[j]);
                        const uint32_t b = std::max(stubs[i], stubs[j]);
                        stuck = a == b || edges.count({a, b}) > 0;
                    }
                }
            }
        }
        if (!stuck)
        {
            return {edges.begin(), edges.end()};
        }
    }
    throw std::runtime_error("RandomRegularGraph: no " + std::to_string(degree) +
                             "-regular graph on " + std::to_string(n) +
                             " nodes found in 1000 attempts; lower the degree");
}

ApplicationContainer
BlockchainHelper::Install(const NodeContainer& nodes)
{
    const uint32_t n = nodes.GetN();
    if (n == 0)
    {
        throw std::invalid_argument("BlockchainHelper::Install: no nodes; give at least one");
    }
    if (!m_weights.empty() && m_weights.size() != n)
    {
        throw std::invalid_argument(
            "BlockchainHelper::Install: " + std::to_string(m_weights.size()) +
            " member weights for " + std::to_string(n) + " nodes; give one per node");
    }
    std::vector<Ipv4Address> addresses;
    for (uint32_t i = 0; i < n; ++i)
    {
        Ptr<Ipv4> ipv4 = nodes.Get(i)->GetObject<Ipv4>();
        if (!ipv4 || ipv4->GetNInterfaces() < 2 || ipv4->GetNAddresses(1) == 0)
        {
            throw std::invalid_argument("BlockchainHelper::Install: node " +
                                        std::to_string(nodes.Get(i)->GetId()) +
                                        " has no IPv4 address on interface 1; install the "
                                        "Internet stack and assign addresses first");
        }
        addresses.push_back(ipv4->GetAddress(1, 0).GetLocal());
    }
    if (m_fullMesh)
    {
        m_links.clear();
        for (uint32_t a = 0; a < n; ++a)
        {
            for (uint32_t b = a + 1; b < n; ++b)
            {
                m_links.emplace_back(a, b);
            }
        }
    }
    else if (m_given.empty())
    {
        m_links = RandomRegularGraph(n, m_degree, m_random);
    }
    else
    {
        for (const auto& [a, b] : m_given)
        {
            if (a >= n || b >= n || a == b)
            {
                throw std::invalid_argument("BlockchainHelper::Install: peer link (" +
                                            std::to_string(a) + ", " + std::to_string(b) +
                                            ") does not join two of the " + std::to_string(n) +
                                            " nodes; give node indices below " + std::to_string(n));
            }
        }
        m_links = m_given;
    }
    if (!m_genesis)
    {
        // The genesis producer's key is the first node's second key (index 1), so that no
        // member's block-signing key signs it.
        m_genesis = Block::Produce(nullptr,
                                   {},
                                   Seconds(0),
                                   Ed25519KeyPair::ForNode(nodes.Get(0)->GetId(), 1));
    }
    ApplicationContainer apps;
    std::vector<Ptr<BlockchainNode>> created;
    for (uint32_t i = 0; i < n; ++i)
    {
        Ptr<Ledger> ledger = m_ledgerFactory.Create<Ledger>();
        ledger->Append(*m_genesis);
        Ptr<ConsensusEngine> engine = m_engineFactory.Create<ConsensusEngine>();
        for (uint32_t j = 0; j < n; ++j)
        {
            engine->AddMember(nodes.Get(j)->GetId(), m_weights.empty() ? 1.0 : m_weights[j]);
        }
        Ptr<BlockchainNode> app = m_nodeFactory.Create<BlockchainNode>();
        app->SetAttribute("Ledger", PointerValue(ledger));
        app->SetAttribute("Consensus", PointerValue(engine));
        nodes.Get(i)->AddApplication(app);
        apps.Add(app);
        created.push_back(app);
    }
    for (const auto& [a, b] : m_links)
    {
        created[a]->AddPeer(addresses[b]);
    }
    return apps;
}

int64_t
BlockchainHelper::AssignStreams(const NodeContainer& nodes, int64_t stream)
{
    int64_t used = 0;
    m_random->SetStream(stream + used++);
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        Ptr<Node> node = nodes.Get(i);
        for (uint32_t a = 0; a < node->GetNApplications(); ++a)
        {
            Ptr<BlockchainNode> app = DynamicCast<BlockchainNode>(node->GetApplication(a));
            if (app && app->GetConsensus())
            {
                used += app->GetConsensus()->AssignStreams(stream + used);
            }
        }
    }
    return used;
}

} // namespace sagin
} // namespace ns3
