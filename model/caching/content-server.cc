// SPDX-License-Identifier: GPL-2.0-only
#include "content-server.h"

#include "ns3/byte-codec.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/socket.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginContentServer");
NS_OBJECT_ENSURE_REGISTERED(ContentServer);

TypeId
ContentServer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::ContentServer")
            .SetParent<Application>()
            .SetGroupName("Sagin")
            .AddConstructor<ContentServer>()
            .AddAttribute("Port",
                          "TCP port the server listens on.",
                          UintegerValue(9000),
                          MakeUintegerAccessor(&ContentServer::m_port),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("SendBufferSize",
                          "TCP send buffer of each connection (bytes): what still leaves after "
                          "StopAll; must exceed the bandwidth-delay product.",
                          UintegerValue(8192),
                          MakeUintegerAccessor(&ContentServer::m_sendBufferSize),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("SegmentSize",
                          "TCP segment size of each connection (bytes); default 1448: a "
                          "1500-byte MTU less 20 (IPv4), 20 (TCP) and 12 (timestamp option).",
                          UintegerValue(1448),
                          MakeUintegerAccessor(&ContentServer::m_segmentSize),
                          MakeUintegerChecker<uint32_t>(1))
            .AddTraceSource("Served",
                            "Bytes of a content handed to TCP (content id, bytes).",
                            MakeTraceSourceAccessor(&ContentServer::m_served),
                            "ns3::sagin::ContentServer::ServedTracedCallback");
    return tid;
}

ContentServer::ContentServer()
    : m_port(9000),
      m_sendBufferSize(8192),
      m_segmentSize(1448),
      m_bytesSent(0),
      m_malformed(0)
{
    NS_LOG_FUNCTION(this);
}

ContentServer::~ContentServer()
{
    NS_LOG_FUNCTION(this);
}

void
ContentServer::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_listener = nullptr;
    m_transfers.clear();
    Application::DoDispose();
}

void
ContentServer::StartApplication()
{
    NS_LOG_FUNCTION(this);
    m_listener = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
    // Accepted connections are forks of the listener and inherit its buffer size.
    m_listener->SetAttribute("SndBufSize", UintegerValue(m_sendBufferSize));
    m_listener->SetAttribute("SegmentSize", UintegerValue(m_segmentSize));
    if (m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port)) != 0 ||
        m_listener->Listen() != 0)
    {
        throw std::runtime_error("ContentServer on node " + std::to_string(GetNode()->GetId()) +
                                 ": cannot listen on port " + std::to_string(m_port) +
                                 "; give each server a free Port");
    }
    m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                  MakeCallback(&ContentServer::HandleAccept, this));
}

void
ContentServer::StopApplication()
{
    NS_LOG_FUNCTION(this);
    StopAll();
    if (m_listener)
    {
        m_listener->Close();
        m_listener = nullptr;
    }
}

void
ContentServer::StopAll()
{
    NS_LOG_FUNCTION(this << m_transfers.size());
    // In accept order, not in the sockets' memory order: the closes are events, and a run
    // must repeat whatever the heap's layout.
    std::map<uint64_t, Ptr<Socket>> byAccept;
    for (const auto& [socket, transfer] : m_transfers)
    {
        byAccept[transfer.accepted] = socket;
    }
    for (const auto& [order, socket] : byAccept)
    {
        Finish(socket);
    }
}

uint64_t
ContentServer::GetBytesSent() const
{
    return m_bytesSent;
}

uint64_t
ContentServer::GetMalformedRequests() const
{
    return m_malformed;
}

void
ContentServer::HandleAccept(Ptr<Socket> socket, const Address& from)
{
    NS_LOG_FUNCTION(this << socket << from);
    Transfer transfer;
    transfer.accepted = m_accepted++;
    m_transfers[socket] = transfer;
    socket->SetRecvCallback(MakeCallback(&ContentServer::HandleRead, this));
    socket->SetSendCallback(MakeCallback(&ContentServer::HandleSend, this));
    socket->SetCloseCallbacks(MakeCallback(&ContentServer::HandleClose, this),
                              MakeCallback(&ContentServer::HandleClose, this));
}

void
ContentServer::HandleRead(Ptr<Socket> socket)
{
    auto found = m_transfers.find(socket);
    Ptr<Packet> packet;
    while ((packet = socket->Recv()))
    {
        if (found == m_transfers.end())
        {
            continue; // a finished transfer: nothing more is expected
        }
        Transfer& transfer = found->second;
        const uint32_t size = packet->GetSize();
        if (transfer.requestRead + size > CONTENT_REQUEST_SIZE)
        {
            ++m_malformed;
            NS_LOG_WARN("request longer than " << CONTENT_REQUEST_SIZE << " bytes; closing");
            Finish(socket);
            return;
        }
        packet->CopyData(transfer.request + transfer.requestRead, size);
        transfer.requestRead += size;
    }
    if (found == m_transfers.end() || found->second.requestRead < CONTENT_REQUEST_SIZE)
    {
        return;
    }
    Transfer& transfer = found->second;
    if (transfer.remaining > 0)
    {
        return; // already being served
    }
    ByteReader reader(transfer.request, CONTENT_REQUEST_SIZE, "content request");
    transfer.content = reader.ReadU32("content");
    transfer.remaining = reader.ReadU64("bytes");
    if (transfer.remaining == 0)
    {
        ++m_malformed;
        NS_LOG_WARN("request for 0 bytes; closing");
        Finish(socket);
        return;
    }
    NS_LOG_INFO("node " << GetNode()->GetId() << " serves content " << transfer.content << ", "
                        << transfer.remaining << " bytes");
    HandleSend(socket, socket->GetTxAvailable());
}

void
ContentServer::HandleSend(Ptr<Socket> socket, uint32_t available)
{
    NS_LOG_FUNCTION(this << socket << available);
    auto found = m_transfers.find(socket);
    if (found == m_transfers.end() || found->second.remaining == 0)
    {
        return;
    }
    Transfer& transfer = found->second;
    while (transfer.remaining > 0 && socket->GetTxAvailable() > 0)
    {
        const uint32_t chunk =
            static_cast<uint32_t>(std::min<uint64_t>(transfer.remaining, socket->GetTxAvailable()));
        const int sent = socket->Send(Create<Packet>(chunk));
        if (sent <= 0)
        {
            break;
        }
        transfer.remaining -= sent;
        m_bytesSent += sent;
        m_served(transfer.content, sent);
    }
    if (transfer.remaining == 0)
    {
        Finish(socket); // graceful: TCP still delivers what it holds
    }
}

void
ContentServer::HandleClose(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    m_transfers.erase(socket);
}

void
ContentServer::Finish(Ptr<Socket> socket)
{
    m_transfers.erase(socket);
    socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
    socket->Close();
}

} // namespace sagin
} // namespace ns3
