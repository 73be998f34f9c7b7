// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_BLOCKCHAIN_NODE_H
#define SAGIN_BLOCKCHAIN_NODE_H

#include "gossip-message.h"
#include "ledger.h"

#include "ns3/application.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace ns3
{
namespace sagin
{

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
 * Connections: AddPeer() makes the node connect to the peer's Port when it starts; incoming
 * connections are accepted and are peers too. Add each pair on one side only (the helper
 * does) to have one connection per pair.
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

    /** \return pending transactions by id */
    const std::map<Sha256Digest, Transaction>& GetMempool() const;

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
    /** One TCP connection to a peer. */
    struct Peer
    {
        Ptr<Socket> socket;                  //!< the connection
        Ipv4Address address;                 //!< the peer's address
        bool connected{false};               //!< connection established
        GossipStreamReassembler reassembler; //!< received stream
        std::vector<uint8_t> txBuffer;       //!< bytes not yet accepted by the socket
    };

    void StartApplication() override;
    void StopApplication() override;

    /** \param address connect to this peer */
    void Connect(Ipv4Address address);
    /**
     * \param socket new connection
     * \param from its remote address
     */
    void HandleAccept(Ptr<Socket> socket, const Address& from);
    /** \param socket connected */
    void HandleConnected(Ptr<Socket> socket);
    /** \param socket failed to connect */
    void HandleConnectFailed(Ptr<Socket> socket);
    /** \param socket closed by the peer or in error */
    void HandleClose(Ptr<Socket> socket);
    /** \param socket has data */
    void HandleRead(Ptr<Socket> socket);
    /**
     * \param socket has room
     * \param available bytes of room
     */
    void HandleSend(Ptr<Socket> socket, uint32_t available);
    /**
     * \param peer send buffered bytes as the socket accepts them
     */
    void Flush(Peer& peer);
    /**
     * \param peer destination
     * \param message message to send
     */
    void Send(Peer& peer, const GossipMessage& message);
    /**
     * \param hash announce this hash to every peer but one
     * \param except the peer to skip (nullptr: none)
     */
    void Announce(const Sha256Digest& hash, const Socket* except);
    /**
     * \param peer sender
     * \param message a received message, framing valid
     */
    void Handle(Peer& peer, const GossipMessage& message);
    /**
     * \param peer sender
     * \param block a received block
     */
    void HandleBlock(Peer& peer, const Block& block);
    /**
     * \param peer sender
     * \param transaction a received transaction
     */
    void HandleTransaction(Peer& peer, const Transaction& transaction);
    /**
     * \param peer sender
     * \param reason what was wrong
     */
    void Malformed(const Peer& peer, const std::string& reason);
    /**
     * \param hash a block or transaction hash
     * \return true if the node has it or has asked for it
     */
    bool IsKnown(const Sha256Digest& hash) const;
    /** \param socket forget this connection and its outstanding requests */
    void RemovePeer(Socket* socket);
    /**
     * Ledger's BlockAccepted trace.
     * \param hash the block
     * \param height its height
     */
    void OnBlockAccepted(const Sha256Digest& hash, uint64_t height);

    uint16_t m_port{8333};                         //!< listening and peer port
    uint32_t m_maxMessageSize{8u << 20};           //!< largest body accepted (bytes)
    Ptr<Ledger> m_ledger;                          //!< the node's chain
    Ptr<Socket> m_listenSocket;                    //!< accepts connections
    std::vector<Ipv4Address> m_peerAddresses;      //!< peers to connect to
    std::map<Socket*, Peer> m_peers;               //!< connections
    bool m_running{false};                         //!< between start and stop
    const Socket* m_announceExcept{nullptr};       //!< source of the block being appended
    std::map<Sha256Digest, Transaction> m_mempool; //!< pending transactions
    std::unordered_map<Sha256Digest, Socket*, Sha256DigestHash> m_requested; //!< outstanding
    std::unordered_map<Sha256Digest, bool, Sha256DigestHash> m_received;     //!< blocks seen
    std::multimap<Sha256Digest, Block> m_orphans;         //!< blocks by missing parent hash
    uint64_t m_malformed{0};                              //!< malformed messages
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
