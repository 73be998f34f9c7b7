// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_CONTENT_SERVER_H
#define SAGIN_CONTENT_SERVER_H

#include "ns3/application.h"
#include "ns3/ptr.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>

namespace ns3
{

class Address;
class Socket;

namespace sagin
{

/**
 * \ingroup sagin
 * Size of a content request on the wire: content id (4 bytes) and the number of bytes
 * wanted (8 bytes), both big-endian.
 */
constexpr uint32_t CONTENT_REQUEST_SIZE = 12;

/**
 * \ingroup sagin
 * \brief Serves contents over TCP: study C's satellite content server and UAV caches.
 *
 * Listens on Port; a client sends one request (ContentClient: content id and bytes wanted,
 * CONTENT_REQUEST_SIZE bytes) and the server answers with that many bytes as fast as TCP
 * takes them, then closes. The payload is zeros: what matters to the study is how many bits
 * arrive in a slot, and those are real TCP segments over the scenario's devices.
 *
 * StopAll() ends every transfer at once (the end of a slot): the server hands TCP no more
 * bytes and closes, so at most SendBufferSize bytes already given to TCP still leave. Keep it
 * small next to what a link carries in a slot but above the bandwidth-delay product (the
 * default, 8 KiB, is 33 ms of study C's 2 Mbit/s satellite link, whose bandwidth-delay
 * product is about 2.5 KB, and 0.7 ms at 100 Mbit/s).
 * A request that is not CONTENT_REQUEST_SIZE bytes or asks for 0 bytes closes the connection
 * and is counted (GetMalformedRequests).
 */
class ContentServer : public Application
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    ContentServer();
    ~ContentServer() override;

    /**
     * Signature of the Served trace.
     * \param content the content id
     * \param bytes bytes handed to TCP for it
     */
    typedef void (*ServedTracedCallback)(uint32_t content, uint64_t bytes);

    /** End every transfer in progress now (no more bytes to TCP; close). */
    void StopAll();

    /** \return bytes handed to TCP since the start, over all transfers */
    uint64_t GetBytesSent() const;
    /** \return requests that were malformed */
    uint64_t GetMalformedRequests() const;

  private:
    /** One connection being served. */
    struct Transfer
    {
        uint32_t content{0};                     //!< requested content
        uint64_t remaining{0};                   //!< bytes still to hand to TCP
        uint32_t requestRead{0};                 //!< request bytes read so far
        uint8_t request[CONTENT_REQUEST_SIZE]{}; //!< the request as it arrives
        uint64_t accepted{0};                    //!< its place in the accept order
    };

    void DoDispose() override;
    void StartApplication() override;
    void StopApplication() override;

    /**
     * \param socket the new connection
     * \param from the client
     */
    void HandleAccept(Ptr<Socket> socket, const Address& from);
    /** \param socket has request bytes */
    void HandleRead(Ptr<Socket> socket);
    /**
     * \param socket has room in its send buffer
     * \param available bytes of room
     */
    void HandleSend(Ptr<Socket> socket, uint32_t available);
    /** \param socket closed by the client or in error */
    void HandleClose(Ptr<Socket> socket);
    /** \param socket a connection to close and forget */
    void Finish(Ptr<Socket> socket);

    uint16_t m_port;                             //!< listening port
    uint32_t m_sendBufferSize;                   //!< TCP send buffer of a connection (bytes)
    uint32_t m_segmentSize;                      //!< TCP segment size (bytes)
    Ptr<Socket> m_listener;                      //!< listening socket
    std::map<Ptr<Socket>, Transfer> m_transfers; //!< open connections
    uint64_t m_accepted{0};                      //!< connections accepted so far
    uint64_t m_bytesSent;                        //!< to TCP, all transfers
    uint64_t m_malformed;                        //!< malformed requests
    TracedCallback<uint32_t, uint64_t> m_served; //!< Served trace
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CONTENT_SERVER_H
