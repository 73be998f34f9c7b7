// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_BLOCKCHAIN_NODE_H
#define SAGIN_BLOCKCHAIN_NODE_H

#include "consensus-message-filter.h"
#include "gossip-message.h"
#include "ledger.h"
#include "peer-transport.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace ns3
{
namespace sagin
{

class ConsensusEngine;
class TransactionPool;

/**
 * \ingroup sagin
 * A blockchain node's gossip: an Application that keeps TCP connections to its peers and
 * exchanges GossipMessage frames with them, announce-then-fetch.
 *
 * - When the node's Ledger accepts a block (its BlockAccepted trace: SubmitBlock(), or a block
 *   received from a peer), the node sends INV with the block hash to every peer but the one it
 *   came from. A peer that has neither the block nor an outstanding request for it answers
 *   GET_DATA; the owner answers BLOCK; the receiver appends the block to its Ledger, which
 *   validates it, and if it is accepted announces it onward. A block whose parent is unknown
 *   is kept as an orphan, its parent is requested from the same peer, and it is appended when
 *   the parent is.
 * - Transactions travel the same way (INV, GET_DATA, TX) into a mempool of pending
 *   transactions (valid signature, not in the ledger); transactions of accepted blocks leave
 *   the mempool.
 * - GET_HEADERS is answered with HEADERS (main-chain headers after the given block); a light
 *   ledger appends received headers with Ledger::AppendHeader().
 *
 * Connections: a PeerTransport holds them. AddPeer() makes the node connect to the peer's Port
 * when it starts; incoming connections are accepted and are peers too. Both ends of a new
 * connection announce their tip (INV), so blocks produced before a connection came up still
 * spread. Add each pair on one side only (the helper does) to have one connection per pair.
 *
 * Consensus: the Consensus attribute (a ConsensusEngine) decides who produces blocks; it is
 * started and stopped with the application and installs its validity rule and fork choice in
 * the ledger. CONSENSUS frames (an engine's own messages, e.g. PBFT votes) are flooded: on
 * first reception (by SHA-256 of the body) the engine gets them and, if it finds them valid,
 * they are relayed to every other peer. The duplicate filter (a ConsensusMessageFilter)
 * forgets the messages of rounds below the engine's low watermark
 * (ConsensusEngine::GetLowWatermark(), e.g. PBFT sequences whose log is discarded) and refuses
 * any message of such a round outright, so it stays bounded and a replayed old message is
 * still refused. Without an engine, blocks come from SubmitBlock().
 *
 * Verification costs CPU time (study A's C3 term S_B / f): a block received from a peer is
 * appended (validated, then relayed) only after GetVerificationDelay(size) =
 * size x 8 x VerificationCyclesPerBit / CpuFrequency; blocks are verified one at a time, so a
 * block that arrives while the CPU is busy waits for the ones before it. With
 * RelayBeforeVerification a received block is pushed to the other peers before its
 * verification, so a block crossing k hops costs k transfers and one verification at the end.
 *
 * Bad input: a frame with an unknown type or a length above MaxMessageSize desynchronises the
 * stream, so the message is dropped, counted, MalformedMessage fires with the peer's address
 * and the connection is closed. A body the parsers reject (WireFormatError), or a transaction
 * with an invalid signature, is dropped and counted the same way and the connection stays.
 */
class BlockchainNode : public Application
{
  public:
    /**
     * TracedCallback signature for the first reception of a block.
     * \param hash the block hash
     * \param peer the peer it came from
     * \param time the reception time
     */
    typedef void (*BlockReceivedTracedCallback)(const Sha256Digest& hash,
                                                Ipv4Address peer,
                                                Time time);

    /**
     * TracedCallback signature for messages sent or received.
     * \param type the message type
     * \param bytes frame size, header included (bytes)
     * \param peer the peer
     */
    typedef void (*MessageTracedCallback)(GossipMessageType type, uint32_t bytes, Ipv4Address peer);

    /**
     * TracedCallback signature for malformed input.
     * \param peer the peer that sent it
     * \param reason what was wrong
     */
    typedef void (*MalformedTracedCallback)(Ipv4Address peer, const std::string& reason);

    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    BlockchainNode();
    ~BlockchainNode() override;

    /**
     * Connect to a peer when the application starts (or now, if it runs).
     * \param address the peer's address; it listens on the same Port
     */
    void AddPeer(Ipv4Address address);

    /** \return the ledger (the Ledger attribute) */
    Ptr<Ledger> GetLedger() const;

    /** \param ledger the ledger (the Ledger attribute) */
    void SetLedger(Ptr<Ledger> ledger);

    /**
     * The FlowLevelMessages attribute. Throws std::invalid_argument naming an unknown type or
     * one without a flow-level transfer.
     * \param names message types, comma-separated (e.g. "BLOCK"); empty: none
     */
    void SetFlowLevelMessages(std::string names);

    /** \return the FlowLevelMessages attribute */
    std::string GetFlowLevelMessages() const;

    /**
     * Append a block produced locally; if the ledger accepts it, it is announced.
     * \param block the block
     * \return the ledger's verdict
     */
    AppendResult SubmitBlock(const Block& block);

    /**
     * Add a transaction to the mempool and announce it.
     * \param transaction a signed transaction
     * \return false if it is known already or its signature is invalid
     */
    bool SubmitTransaction(const Transaction& transaction);

    /**
     * Flood a consensus engine's message to every peer (CONSENSUS frame).
     * \param body the message
     */
    void BroadcastConsensus(const std::vector<uint8_t>& body);

    /**
     * Send a consensus engine's message to one peer only (a Byzantine test behaviour; honest
     * engines flood with BroadcastConsensus()).
     * \param peer the peer's address (every connection to it)
     * \param body the message
     */
    void SendConsensus(Ipv4Address peer, const std::vector<uint8_t>& body);

    /**
     * Open the UDP socket for consensus datagrams: bound to Port (UDP), it receives
     * CONSENSUS frames sent with SendConsensusDatagram() by other nodes. A consensus engine
     * that sends datagrams calls this when it starts.
     */
    void OpenDatagramSocket();
    /**
     * Send a consensus engine's message to one node in one UDP datagram (the CONSENSUS
     * frame, to the node's Port). Datagrams are not relayed and may be lost: the engine
     * recovers (PBFT retransmits). The receiver hands the body to its engine on first
     * reception (by SHA-256 of the body, as flooded frames).
     * \param destination the node's address
     * \param body the message
     * \return false, sending nothing, if the frame is above MaxDatagramSize
     */
    bool SendConsensusDatagram(Ipv4Address destination, const std::vector<uint8_t>& body);
    /**
     * SendConsensusDatagram() to each of several nodes: the same datagrams, with the frame
     * built and the body hashed once.
     * \param destinations the nodes' addresses, in sending order
     * \param body the message
     * \return false, sending nothing, if the frame is above MaxDatagramSize
     */
    bool SendConsensusDatagrams(const std::vector<Ipv4Address>& destinations,
                                const std::vector<uint8_t>& body);
    /** \return the largest consensus datagram (frame bytes; the MaxDatagramSize attribute) */
    uint32_t GetMaxDatagramSize() const;
    /** \return consensus datagrams sent */
    uint64_t GetDatagramsSent() const;
    /** \return consensus datagrams received whole and well-formed */
    uint64_t GetDatagramsReceived() const;
    /** \return the addresses of the open peer connections, in connection order */
    std::vector<Ipv4Address> GetPeerAddresses() const;
    /** \return the consensus messages the duplicate filter remembers */
    size_t GetConsensusFilterSize() const;

    /** \return the consensus engine (the Consensus attribute; may be null) */
    Ptr<ConsensusEngine> GetConsensus() const;

    /** \param engine the consensus engine (the Consensus attribute) */
    void SetConsensus(Ptr<ConsensusEngine> engine);

    /**
     * Study A's verification time of a block (eq. 9, term S_B / f_m, with the cycles per bit
     * made explicit).
     * \param blockBytes serialised block size (bytes)
     * \return blockBytes x 8 x VerificationCyclesPerBit / CpuFrequency
     */
    Time GetVerificationDelay(uint64_t blockBytes) const;

    /** \return true between the application's start and stop */
    bool IsRunning() const;

    /**
     * \return pending transactions by id; each is one immutable copy shared by every node of
     *         the process that holds it (the same id means the same bytes)
     */
    const std::map<Sha256Digest, std::shared_ptr<const Transaction>>& GetMempool() const;

    /**
     * \return the pool of pending transactions shared with other nodes (null: none; the
     *         TransactionPool attribute)
     */
    Ptr<TransactionPool> GetTransactionPool() const;

    /** \return number of malformed messages received */
    uint64_t GetMalformedCount() const;

    /** \return number of open peer connections */
    uint32_t GetPeerCount() const;

    /**
     * \param type a message type
     * \return frame bytes sent of that type
     */
    uint64_t GetBytesSent(GossipMessageType type) const;

    /**
     * \param type a message type
     * \return frames sent of that type
     */
    uint64_t GetMessagesSent(GossipMessageType type) const;

  protected:
    void DoDispose() override;

  private:
    /// A connection to a peer (PeerTransport's).
    using PeerId = PeerTransport::PeerId;

    void StartApplication() override;
    void StopApplication() override;

    /**
     * Count a frame sent and fire MessageSent.
     * \param type the message type
     * \param bytes frame size, header included (bytes)
     * \param peer the destination's address
     */
    void NotifySent(GossipMessageType type, uint32_t bytes, Ipv4Address peer);
    /**
     * \param peer destination
     * \param message message to send
     */
    void Send(PeerId peer, const GossipMessage& message);
    /** \param peer send it INV with the tip's hash (a new connection) */
    void AnnounceTip(PeerId peer);
    /**
     * \param hash announce this hash to every peer but one
     * \param except the peer to skip (PeerTransport::NO_PEER: none)
     */
    void Announce(const Sha256Digest& hash, PeerId except);
    /**
     * Announce a transaction now, or queue it per peer (TransactionAnnounceInterval).
     * \param id the transaction id
     * \param except the peer to skip (PeerTransport::NO_PEER: none)
     */
    void AnnounceTransaction(const Sha256Digest& id, PeerId except);
    /** Send each peer one INV with its queued transaction hashes. */
    void AnnouncePendingTransactions();
    /**
     * \param peer sender
     * \param message a received message, framing valid
     */
    void Handle(PeerId peer, const GossipMessage& message);
    /**
     * \param peer sender
     * \param block a received block
     */
    void HandleBlock(PeerId peer, const Block& block);
    /**
     * Append a received block after its verification delay, then its waiting orphans.
     * \param block the block
     * \param source the connection it came from (it may be closed since)
     */
    void AppendReceived(const Block& block, PeerId source);
    /**
     * \param peer sender
     * \param body a CONSENSUS message body
     */
    void HandleConsensus(PeerId peer, const std::vector<uint8_t>& body);
    /**
     * Ask the duplicate filter, with the message's round and the engine's low watermark.
     * \param body a CONSENSUS message body
     * \return true on its first sight, false for a copy or a message of a forgotten round
     */
    bool MarkConsensusSeen(const std::vector<uint8_t>& body);
    /**
     * \param peer sender
     * \param transaction a received transaction
     */
    void HandleTransaction(PeerId peer, const Transaction& transaction);
    /**
     * \param peer sender's address
     * \param reason what was wrong
     */
    void Malformed(Ipv4Address peer, const std::string& reason);
    /** \param socket the UDP socket has datagrams */
    void HandleDatagram(Ptr<Socket> socket);
    /**
     * \param hash a block or transaction hash
     * \return true if the node has it or has asked for it
     */
    bool IsKnown(const Sha256Digest& hash) const;
    /** \param peer a closed connection: forget its outstanding requests and queued hashes */
    void HandlePeerClosed(PeerId peer);
    /**
     * Ledger's BlockAccepted trace.
     * \param hash the block
     * \param height its height
     */
    void OnBlockAccepted(const Sha256Digest& hash, uint64_t height);

    uint16_t m_port{8333};                           //!< listening and peer port
    uint32_t m_maxMessageSize{8u << 20};             //!< largest body accepted (bytes)
    uint32_t m_segmentSize{1448};                    //!< TCP segment size (bytes)
    Ptr<Ledger> m_ledger;                            //!< the node's chain
    PeerTransport m_transport;                       //!< the peer connections
    Ptr<Socket> m_datagramSocket;                    //!< consensus datagrams (UDP)
    uint32_t m_maxDatagramSize{1472};                //!< largest datagram frame (bytes)
    uint64_t m_datagramsSent{0};                     //!< consensus datagrams sent
    uint64_t m_datagramsReceived{0};                 //!< consensus datagrams received
    std::vector<Ipv4Address> m_peerAddresses;        //!< peers to connect to
    bool m_running{false};                           //!< between start and stop
    PeerId m_announceExcept{PeerTransport::NO_PEER}; //!< source of the block being appended
    std::map<Sha256Digest, std::shared_ptr<const Transaction>> m_mempool; //!< pending, shared
    Ptr<TransactionPool> m_pool; //!< pending transactions shared with other nodes, or null
    std::unordered_map<Sha256Digest, PeerId, Sha256DigestHash> m_requested; //!< outstanding
    std::unordered_map<Sha256Digest, bool, Sha256DigestHash> m_received;    //!< blocks seen
    std::multimap<Sha256Digest, Block> m_orphans; //!< blocks by missing parent hash
    uint64_t m_malformed{0};                      //!< malformed messages
    Ptr<ConsensusEngine> m_consensus;             //!< block production rule
    double m_cpuFrequency{1e9};                   //!< verification CPU (Hz)
    double m_cyclesPerBit{1};                     //!< verification cost (cycles/bit)
    bool m_relayBeforeVerification{false};        //!< RelayBeforeVerification
    std::string m_flowLevelMessages;              //!< FlowLevelMessages, as given
    Time m_txAnnounceInterval;                    //!< 0: announce transactions at once
    EventId m_announceEvent;                      //!< next batched announcement
    std::map<PeerId, std::vector<Sha256Digest>>
        m_pendingTransactions; //!< per peer, to announce (TransactionAnnounceInterval)
    Time m_cpuBusyUntil;       //!< end of the last verification
    ConsensusMessageFilter m_consensusFilter;             //!< consensus messages seen
    std::map<GossipMessageType, uint64_t> m_bytesSent;    //!< frame bytes sent per type
    std::map<GossipMessageType, uint64_t> m_messagesSent; //!< frames sent per type

    TracedCallback<const Sha256Digest&, Ipv4Address, Time> m_blockReceived;     //!< BlockReceived
    TracedCallback<GossipMessageType, uint32_t, Ipv4Address> m_messageSent;     //!< MessageSent
    TracedCallback<GossipMessageType, uint32_t, Ipv4Address> m_messageReceived; //!< received
    TracedCallback<Ipv4Address, const std::string&> m_malformedMessage; //!< MalformedMessage
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_BLOCKCHAIN_NODE_H
