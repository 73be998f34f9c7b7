// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_MESSAGE_TRANSPORT_H
#define SAGIN_MESSAGE_TRANSPORT_H

#include "ns3/callback.h"
#include "ns3/ipv4-address.h"
#include "ns3/node.h"
#include "ns3/object.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Messages of any size over ns-3 TCP, one message per connection: the sender connects,
 * writes a 4-byte big-endian length and the message, and closes; the receiver delivers the
 * message once all its bytes are in. A message therefore costs the TCP handshake (one round
 * trip before the first byte) plus its transfer: what a model upload costs a real client
 * that opens a connection per round. Whatever routing and devices the scenario built carry
 * the segments (GSL, ISL, point-to-point, CSMA).
 *
 * Failures are reported, never fatal: a connection refused or broken before all bytes were
 * sent (SendFailed, with the reason), a stream that closes before its declared length or
 * declares more than MaxMessageSize (Refused, with the peer and the reason; the connection
 * is closed at once for an oversized length).
 */
class MessageTransport : public Object
{
  public:
    /** Bytes of the length prefix before every message on its connection. */
    static constexpr uint32_t PREFIX_BYTES = 4;

    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    MessageTransport();
    ~MessageTransport() override;

    /** Delivery of a whole message: the sender's address and the bytes. */
    typedef Callback<void, Ipv4Address, const std::vector<uint8_t>&> ReceiveCallback;
    /** A send that failed: the destination and why. */
    typedef Callback<void, Ipv4Address, const std::string&> FailureCallback;

    /**
     * TracedCallback signature for a refused incoming stream.
     * \param peer the sender
     * \param reason why
     */
    typedef void (*RefusedTracedCallback)(Ipv4Address peer, const std::string& reason);

    /**
     * Listen on a node.
     * \param node the node (its Internet stack installed)
     * \param port TCP port to listen on; throws std::invalid_argument when it is taken
     * \param receive called for every whole message received
     */
    void Start(Ptr<Node> node, uint16_t port, ReceiveCallback receive);

    /** Close the listening socket and every connection (messages in flight are lost). */
    void Stop();

    /** \return whether Start() was called and Stop() not since */
    bool IsRunning() const;

    /**
     * Send a message on a new connection.
     * \param destination the receiver's address
     * \param port its port
     * \param message the bytes (at most MaxMessageSize)
     * \param failed called if the send fails (connection refused, reset, no route) before
     *        every byte was handed to TCP (optional)
     */
    void Send(Ipv4Address destination,
              uint16_t port,
              std::vector<uint8_t> message,
              FailureCallback failed = FailureCallback());

    /** \return message bytes handed to the sockets so far (length prefixes included) */
    uint64_t GetBytesSent() const;

    /** \return message bytes received in whole messages (length prefixes included) */
    uint64_t GetBytesReceived() const;

  protected:
    void DoDispose() override;

  private:
    /** An outgoing message on its connection. */
    struct Outgoing
    {
        Ptr<Socket> socket;        //!< the connection
        Ipv4Address destination;   //!< the receiver
        std::vector<uint8_t> data; //!< length prefix and message
        std::size_t sent{0};       //!< bytes the socket took
        bool connected{false};     //!< handshake done
        FailureCallback failed;    //!< told if the send fails
    };

    /** An incoming message being received. */
    struct Incoming
    {
        Ptr<Socket> socket;        //!< the connection
        Ipv4Address source;        //!< the sender
        std::vector<uint8_t> data; //!< bytes so far (prefix included)
        bool done{false};          //!< delivered or refused
    };

    /** \param socket accepted connection \param from the peer */
    void HandleAccept(Ptr<Socket> socket, const Address& from);
    /** \param socket readable connection */
    void HandleRead(Ptr<Socket> socket);
    /** \param socket an incoming connection that closed */
    void HandleIncomingClose(Ptr<Socket> socket);
    /** \param socket connected outgoing socket */
    void HandleConnected(Ptr<Socket> socket);
    /** \param socket outgoing socket whose connection failed */
    void HandleConnectFailed(Ptr<Socket> socket);
    /** \param socket outgoing socket \param available room in its buffer */
    void HandleSend(Ptr<Socket> socket, uint32_t available);
    /** \param socket an outgoing connection that closed or broke */
    void HandleOutgoingClose(Ptr<Socket> socket);
    /** \param outgoing push what the socket has room for; close when all is in */
    void Flush(Outgoing& outgoing);
    /** \param socket a connection \param reason why it failed */
    void FailOutgoing(Socket* socket, const std::string& reason);
    /**
     * \param incoming a stream to refuse
     * \param reason why
     */
    void Refuse(Incoming& incoming, const std::string& reason);
    /** \param socket a socket whose callbacks to clear before closing it */
    static void Silence(Ptr<Socket> socket);

    Ptr<Node> m_node;                                          //!< where it runs
    Ptr<Socket> m_listenSocket;                                //!< accepts messages
    ReceiveCallback m_receive;                                 //!< delivers them
    std::map<Socket*, Outgoing> m_outgoing;                    //!< messages being sent
    std::map<Socket*, Incoming> m_incoming;                    //!< messages being received
    uint32_t m_maxMessageSize{0};                              //!< MaxMessageSize
    uint32_t m_segmentSize{0};                                 //!< SegmentSize
    uint64_t m_bytesSent{0};                                   //!< GetBytesSent()
    uint64_t m_bytesReceived{0};                               //!< GetBytesReceived()
    TracedCallback<Ipv4Address, const std::string&> m_refused; //!< Refused
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_MESSAGE_TRANSPORT_H
