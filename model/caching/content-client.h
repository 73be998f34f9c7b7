// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_CONTENT_CLIENT_H
#define SAGIN_CONTENT_CLIENT_H

#include "ns3/application.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <map>
#include <vector>

namespace ns3
{

class Socket;

namespace sagin
{

/**
 * \ingroup sagin
 * \brief Fetches contents from ContentServers over TCP: a UE's request in study C, or a
 * UAV's backhaul of a newly placed content.
 *
 * Fetch() opens a connection, sends the request (content id and bytes wanted) and counts
 * the bytes that arrive; GetReceivedBytes() tells how many have so far. CloseAll() ends every
 * fetch (the end of a slot): later bytes are not counted. Several fetches may run at once.
 */
class ContentClient : public Application
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    ContentClient();
    ~ContentClient() override;

    /**
     * Start fetching a content now.
     * \param server the server's address
     * \param port the server's port
     * \param content the content id
     * \param bytes bytes wanted (> 0)
     * \return the fetch's index, for GetReceivedBytes
     */
    uint32_t Fetch(Ipv4Address server, uint16_t port, uint32_t content, uint64_t bytes);

    /**
     * \param fetch a fetch's index
     * \return bytes received for it so far (up to its CloseAll)
     */
    uint64_t GetReceivedBytes(uint32_t fetch) const;

    /**
     * \param fetch a fetch's index
     * \return when its last byte arrived, or a negative time while incomplete
     */
    Time GetCompletionTime(uint32_t fetch) const;

    /** End every open fetch now; later bytes are not counted. */
    void CloseAll();

    /** Forget every fetch (indices start again at 0); open ones are closed first. */
    void Clear();

  private:
    /** One fetch. */
    struct Record
    {
        uint32_t content{0};         //!< content id
        uint64_t wanted{0};          //!< bytes requested
        uint64_t received{0};        //!< bytes received
        Time completed{Seconds(-1)}; //!< when the last byte came
    };

    void DoDispose() override;
    void StartApplication() override;
    void StopApplication() override;

    /** \param socket connected: send the request */
    void HandleConnected(Ptr<Socket> socket);
    /** \param socket could not connect */
    void HandleConnectFailed(Ptr<Socket> socket);
    /** \param socket has content bytes */
    void HandleRead(Ptr<Socket> socket);

    std::vector<Record> m_records;          //!< every fetch since Clear
    std::map<Ptr<Socket>, uint32_t> m_open; //!< open connections and their fetch
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CONTENT_CLIENT_H
