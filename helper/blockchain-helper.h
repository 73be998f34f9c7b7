// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_BLOCKCHAIN_HELPER_H
#define SAGIN_BLOCKCHAIN_HELPER_H

#include "ns3/application-container.h"
#include "ns3/block.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * \brief Installs a blockchain on nodes: a BlockchainNode application with a Ledger holding
 * one shared genesis block and a consensus engine chosen by name, every installed node a
 * member, and the gossip peers (a random regular graph of a given degree, or given links).
 *
 * The nodes need the Internet stack and IPv4 addresses first (and routes between peers);
 * a node's peers connect to the address of its interface 1. Usage:
 * \code
 *   BlockchainHelper chain;
 *   chain.SetConsensus("pbft", "FaultTolerance", UintegerValue(1));
 *   chain.SetRandomRegularPeers(3);
 *   ApplicationContainer apps = chain.Install(nodes);
 *   chain.AssignStreams(nodes, 100);
 * \endcode
 */
class BlockchainHelper
{
  public:
    BlockchainHelper();

    /**
     * Choose the consensus engine by name (GetConsensusEngineNames(); an unknown name throws
     * std::invalid_argument listing the valid ones) and set its attributes.
     * \tparam Ts name/value pairs
     * \param name engine name
     * \param args attribute name, value, name, value, ...
     */
    template <typename... Ts>
    void SetConsensus(const std::string& name, Ts&&... args)
    {
        SetConsensusType(name);
        m_engineFactory.Set(std::forward<Ts>(args)...);
    }

    /**
     * \param name a BlockchainNode attribute (Port, CpuFrequency, ...)
     * \param value its value
     */
    void SetNodeAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \param name a Ledger attribute (Mode)
     * \param value its value
     */
    void SetLedgerAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \param weights stake or initial reputation of each node, in container order (default:
     *        1 each)
     */
    void SetMemberWeights(std::vector<double> weights);

    /** \param degree peers per node, a random regular graph (default 3) */
    void SetRandomRegularPeers(uint32_t degree);

    /** \param links pairs of indices into the installed container, each peered once */
    void SetPeerLinks(std::vector<std::pair<uint32_t, uint32_t>> links);

    /**
     * Peer every installed node with every other: n (n - 1) / 2 connections, what PBFT
     * validators need to send their votes directly (PbftConsensus attribute Relay = false).
     */
    void SetFullMeshPeers();

    /**
     * Install on every node; the nodes are the members.
     * \param nodes the nodes (Internet stack and addresses installed)
     * \return the BlockchainNode applications, in order
     */
    ApplicationContainer Install(const NodeContainer& nodes);

    /** \return the genesis block every ledger starts from */
    const Block& GetGenesis() const;

    /** \return the peer links of the last Install() (indices into its container) */
    const std::vector<std::pair<uint32_t, uint32_t>>& GetLinks() const;

    /**
     * Fix the random streams of the peer graph and of the installed engines.
     * \param nodes nodes whose engines to fix
     * \param stream first stream index
     * \return number of streams used
     */
    int64_t AssignStreams(const NodeContainer& nodes, int64_t stream);

    /**
     * A random regular graph (Steger and Wormald 1999: stubs paired at random among the
     * suitable ones, restarting when stuck). Throws std::invalid_argument when n x degree is
     * odd or degree >= n.
     * \param n vertices
     * \param degree edges per vertex
     * \param random the uniform random variable to draw with
     * \return the edges (i < j), sorted
     */
    static std::vector<std::pair<uint32_t, uint32_t>> RandomRegularGraph(
        uint32_t n,
        uint32_t degree,
        Ptr<UniformRandomVariable> random);

  private:
    /** \param name engine name (checked) */
    void SetConsensusType(const std::string& name);

    ObjectFactory m_engineFactory;                      //!< consensus engines
    ObjectFactory m_nodeFactory;                        //!< BlockchainNode applications
    ObjectFactory m_ledgerFactory;                      //!< ledgers
    std::vector<double> m_weights;                      //!< member weights
    uint32_t m_degree{3};                               //!< random regular degree
    std::vector<std::pair<uint32_t, uint32_t>> m_given; //!< given links (if any)
    bool m_fullMesh{false};                             //!< peer every pair
    std::vector<std::pair<uint32_t, uint32_t>> m_links; //!< links of the last Install
    Ptr<UniformRandomVariable> m_random;                //!< peer graph draws
    std::optional<Block> m_genesis;                     //!< shared genesis
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_BLOCKCHAIN_HELPER_H
