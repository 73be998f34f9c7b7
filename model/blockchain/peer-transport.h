// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_PEER_TRANSPORT_H
#define SAGIN_PEER_TRANSPORT_H

#include "flow-level-transfer.h"
#include "gossip-message.h"

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/ptr.h"
#include "ns3/socket.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace ns3
{

class Node;

namespace sagin
{

/**
 * \ingroup sagin
 * A BlockchainNode's TCP connections to its peers: it listens on a port, connects to the
 * peers it is given, accepts the others, cuts each received stream into GossipMessage frames
 * (GossipStreamReassembler) and queues the frames it sends until each socket takes them.
 *
 * A peer is a connection, named by a PeerId numbered in connection order; GetPeers() lists
 * them in that order, so a run that serves its peers in that order is reproducible. The
 * owner hears of a connection that came up, of each whole message received, of a stream that
 * cannot be parsed and of a connection that is gone through the callbacks it sets.
 *
 * A frame with an unknown type or a length above the largest message size desynchronises the
 * stream: the transport reports it (MalformedCallback) and closes the connection.
 */
class PeerTransport
{
  public:
    PeerTransport() = default;
    /** Forget this transport's connections, so no flow-level message finds it. */
    ~PeerTransport();
    PeerTransport(const PeerTransport&) = delete;            //!< registered by address
    PeerTransport& operator=(const PeerTransport&) = delete; //!< registered by address

    /// A connection, numbered from 1 in connection order.
    using PeerId = uint64_t;
    /// No connection (e.g. a block submitted locally has no source).
    static constexpr PeerId NO_PEER = 0;

    /**
     * A whole message arrived.
     * \param peer the connection it came on
     * \param message the message, framing valid
     */
    typedef Callback<void, PeerId, const GossipMessage&> ReceiveCallback;
    /**
     * A connection came up (accepted, or connected), or is gone (closed by either end, failed
     * to connect, or closed with ClosePeer()).
     * \param peer the connection
     */
    typedef Callback<void, PeerId> PeerCallback;
    /**
     * A peer's stream cannot be parsed; the connection is closed right after.
     * \param address the peer's address
     * \param reason what was wrong
     */
    typedef Callback<void, Ipv4Address, const std::string&> MalformedCallback;

    /** \param callback called with each whole message received */
    void SetReceiveCallback(ReceiveCallback callback);
    /** \param callback called when a connection comes up */
    void SetConnectedCallback(PeerCallback callback);
    /** \param callback called when a connection is gone */
    void SetClosedCallback(PeerCallback callback);
    /** \param callback called when a stream cannot be parsed */
    void SetMalformedCallback(MalformedCallback callback);

    /**
     * Accept connections; also sets what later connections use.
     * \param node the node whose TCP sockets to use
     * \param port the TCP port to listen on and to connect to
     * \param segmentSize TCP segment size of every connection (bytes)
     * \param maxMessageSize largest message body accepted (bytes)
     */
    void Listen(Ptr<Node> node, uint16_t port, uint32_t segmentSize, uint32_t maxMessageSize);

    /**
     * Connect to a peer; it is a peer (messages to it wait) until the connection fails.
     * \param address the peer's address; it listens on the same port
     */
    void Connect(Ipv4Address address);

    /**
     * Queue a message's frame to a peer and send what the socket takes.
     * \param peer an open connection
     * \param message the message
     */
    void Send(PeerId peer, const GossipMessage& message);

    /**
     * Close a connection and forget it (the ClosedCallback is called). While a flow-level
     * message is still leaving, the socket closes once it has left, so the FIN follows it.
     * \param peer an open connection
     */
    void ClosePeer(PeerId peer);

    /** Stop listening and close every connection, in connection order. */
    void Close();

    /** Drop the sockets without closing them (the owner is disposed). */
    void Dispose();

    /** \return the open connections, in connection order */
    std::vector<PeerId> GetPeers() const;

    /**
     * \param peer a connection
     * \return true if it is open
     */
    bool HasPeer(PeerId peer) const;

    /**
     * \param peer an open connection
     * \return the peer's address
     */
    Ipv4Address GetAddress(PeerId peer) const;

    /** \return number of open connections */
    uint32_t GetPeerCount() const;

    /**
     * Move messages of these types at flow level: no TCP bytes, the receiver gets the message
     * after the time TcpFlowModel gives for its frame over the path (FindFlowPath, at the
     * send), later frames on the connection wait until the sender would have sent it, so
     * they arrive after it, as on one TCP stream. Only types that carry payloads (BLOCK, TX,
     * HEADERS) have a flow-level transfer; others throw std::invalid_argument.
     * \param types the message types; empty: every message as TCP bytes (the default)
     */
    void SetFlowLevel(const std::set<GossipMessageType>& types);

  private:
    /** Both ends of a connection: (local address, local port, remote address, remote port). */
    using ConnectionKey = std::tuple<uint32_t, uint16_t, uint32_t, uint16_t>;

    /**
     * Bytes queued after a flow-level message wait until it has left the sender (until
     * Time::Max(): the message waits for the connection to come up).
     */
    struct FlowHold
    {
        size_t from{0}; //!< of the peer's txBuffer, the first byte queued after the message
        Time until;     //!< when it has left
        EventId done;   //!< sends what it held then
    };

    /** One TCP connection to a peer. */
    struct Peer
    {
        Ptr<Socket> socket;                      //!< the connection
        Ipv4Address address;                     //!< the peer's address
        bool connected{false};                   //!< connection established
        GossipStreamReassembler reassembler;     //!< received stream
        std::vector<uint8_t> txBuffer;           //!< frames queued to the peer
        size_t txSent{0};                        //!< of txBuffer, bytes the socket took already
        std::optional<TcpFlowModel> flow;        //!< the connection's window at flow level
        std::vector<GossipMessage> flowsWaiting; //!< flow-level messages sent while connecting
        Time flowBusyUntil;                      //!< the sender sends flow-level bytes until then
        std::vector<FlowHold> holds;             //!< flows being sent, oldest first
        std::optional<ConnectionKey> key;        //!< in Connections() once connected
    };

    /** \return every connected end in the process, so a flow-level message finds its receiver */
    static std::map<ConnectionKey, std::pair<PeerTransport*, PeerId>>& Connections();

    /**
     * Start a flow-level transfer of a message to a peer (or keep it until it is connected).
     * \param id the connection
     * \param message the message
     * \param holdFrom of the peer's txBuffer, the first byte queued after the message
     */
    void SendAtFlowLevel(PeerId id, const GossipMessage& message, size_t holdFrom);
    /**
     * \param key the receiving end's key of a connection
     * \param message a flow-level message arriving now (dropped if that end is gone), shared
     *        rather than copied: a block's body is a megabyte
     */
    static void DeliverAtFlowLevel(ConnectionKey key, std::shared_ptr<const GossipMessage> message);
    /** \param id a connected peer: make its connection known to the other end */
    void RegisterConnection(PeerId id);
    /** \param peer a peer: forget its connection */
    void UnregisterConnection(Peer& peer);

    /**
     * Register a new connection and its socket's callbacks.
     * \param socket the connection
     * \param address the peer's address
     * \return its PeerId
     */
    PeerId AddPeer(Ptr<Socket> socket, Ipv4Address address);
    /**
     * \param socket new connection
     * \param from its remote address
     */
    void HandleAccept(Ptr<Socket> socket, const Address& from);
    /**
     * \param id the connection
     * \param socket connected
     */
    void HandleConnected(PeerId id, Ptr<Socket> socket);
    /**
     * \param id the connection
     * \param socket failed to connect, or closed by the peer or in error
     */
    void HandleClose(PeerId id, Ptr<Socket> socket);
    /**
     * \param id the connection
     * \param socket has data
     */
    void HandleRead(PeerId id, Ptr<Socket> socket);
    /**
     * \param id the connection
     * \param socket has room
     * \param available bytes of room
     */
    void HandleSend(PeerId id, Ptr<Socket> socket, uint32_t available);
    /** \param peer send buffered bytes as the socket accepts them */
    void Flush(Peer& peer);
    /** \param id forget this connection and tell the owner */
    void RemovePeer(PeerId id);

    Ptr<Node> m_node;                        //!< whose sockets
    uint16_t m_port{0};                      //!< listening and peer port
    uint32_t m_segmentSize{0};               //!< TCP segment size (bytes)
    uint32_t m_maxMessageSize{0};            //!< largest body accepted (bytes)
    Ptr<Socket> m_listenSocket;              //!< accepts connections
    std::map<PeerId, Peer> m_peers;          //!< open connections, in connection order
    PeerId m_lastPeer{NO_PEER};              //!< the last PeerId given
    ReceiveCallback m_receive;               //!< whole messages
    PeerCallback m_connected;                //!< connections up
    PeerCallback m_closed;                   //!< connections gone
    MalformedCallback m_malformed;           //!< streams that cannot be parsed
    std::set<GossipMessageType> m_flowLevel; //!< types moved at flow level
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_PEER_TRANSPORT_H
