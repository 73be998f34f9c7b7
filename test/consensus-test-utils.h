// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_CONSENSUS_TEST_UTILS_H
#define SAGIN_CONSENSUS_TEST_UTILS_H

#include "blockchain-test-utils.h"

#include "ns3/block.h"
#include "ns3/blockchain-node.h"
#include "ns3/consensus-engine.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/ledger.h"
#include "ns3/node-container.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/pointer.h"
#include "ns3/string.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace sagin
{
namespace tests
{

/**
 * \ingroup sagin-tests
 * \return the genesis block every consensus test network starts from (empty, time 0)
 */
inline Block
ConsensusGenesis()
{
    return Block::Produce(nullptr, {}, Seconds(0), Key(99));
}

/**
 * \ingroup sagin-tests
 * \param n number of nodes
 * \return every pair (i, j), i < j
 */
inline std::vector<std::pair<uint32_t, uint32_t>>
FullMesh(uint32_t n)
{
    std::vector<std::pair<uint32_t, uint32_t>> links;
    for (uint32_t i = 0; i < n; ++i)
    {
        for (uint32_t j = i + 1; j < n; ++j)
        {
            links.emplace_back(i, j);
        }
    }
    return links;
}

/**
 * \ingroup sagin-tests
 * n BlockchainNodes, one point-to-point link per listed pair (each its own /24 subnet), each
 * pair peered once, every ledger holding ConsensusGenesis(), every node running the engine
 * makeEngine(i) gives, with every node a member (weights[i], default 1).
 */
struct ConsensusNetwork
{
    NodeContainer nodes;                       //!< the nodes
    std::vector<Ptr<BlockchainNode>> apps;     //!< one application per node
    std::vector<Ptr<ConsensusEngine>> engines; //!< one engine per node
    Block genesis = ConsensusGenesis();        //!< the shared genesis block

    /**
     * \param n number of nodes
     * \param makeEngine creates node i's engine (attributes set)
     * \param weights member weights (empty: all 1)
     * \param links node pairs to link (empty: full mesh)
     * \param delay link delay
     * \param rate link data rate
     */
    ConsensusNetwork(uint32_t n,
                     const std::function<Ptr<ConsensusEngine>(uint32_t)>& makeEngine,
                     std::vector<double> weights = {},
                     std::vector<std::pair<uint32_t, uint32_t>> links = {},
                     const std::string& delay = "10ms",
                     const std::string& rate = "10Mbps")
    {
        if (weights.empty())
        {
            weights.assign(n, 1.0);
        }
        if (links.empty())
        {
            links = FullMesh(n);
        }
        nodes.Create(n);
        InternetStackHelper internet;
        internet.Install(nodes);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue(rate));
        p2p.SetChannelAttribute("Delay", StringValue(delay));
        Ipv4AddressHelper ipv4;
        std::vector<std::pair<uint32_t, Ipv4Address>> peers; // (node, address of the other end)
        for (size_t k = 0; k < links.size(); ++k)
        {
            const auto [a, b] = links[k];
            NetDeviceContainer devices = p2p.Install(nodes.Get(a), nodes.Get(b));
            ipv4.SetBase(Ipv4Address((10u << 24) | (static_cast<uint32_t>(k + 1) << 8)),
                         "255.255.255.0");
            Ipv4InterfaceContainer interfaces = ipv4.Assign(devices);
            peers.emplace_back(a, interfaces.GetAddress(1));
        }
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
        for (uint32_t i = 0; i < n; ++i)
        {
            Ptr<Ledger> ledger = CreateObject<Ledger>();
            ledger->Append(genesis);
            Ptr<ConsensusEngine> engine = makeEngine(i);
            for (uint32_t j = 0; j < n; ++j)
            {
                engine->AddMember(nodes.Get(j)->GetId(), weights[j]);
            }
            engine->AssignStreams(100 + 10 * i);
            Ptr<BlockchainNode> app = CreateObject<BlockchainNode>();
            app->SetAttribute("Ledger", PointerValue(ledger));
            app->SetAttribute("Consensus", PointerValue(engine));
            nodes.Get(i)->AddApplication(app);
            app->SetStartTime(Seconds(0));
            apps.push_back(app);
            engines.push_back(engine);
        }
        for (const auto& [node, address] : peers)
        {
            apps[node]->AddPeer(address);
        }
    }

    /** \param i node index \return its ledger */
    Ptr<Ledger> LedgerOf(uint32_t i) const
    {
        return apps[i]->GetLedger();
    }
};

} // namespace tests
} // namespace sagin
} // namespace ns3

#endif // SAGIN_CONSENSUS_TEST_UTILS_H
