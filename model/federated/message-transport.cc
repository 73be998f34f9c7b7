// SPDX-License-Identifier: GPL-2.0-only

#include "message-transport.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginMessageTransport");
NS_OBJECT_ENSURE_REGISTERED(MessageTransport);

namespace
{
/**
 * \param errno_ a socket error
 * \return its name, for messages
 */
std::string
ErrorName(Socket::SocketErrno errno_)
{
    switch (errno_)
    {
    case Socket::ERROR_NOROUTETOHOST:
        return "no route to the host";
    case Socket::ERROR_SHUTDOWN:
        return "connection shut down";
    case Socket::ERROR_NOTCONN:
        return "not connected";
    default:
        return "socket error " + std::to_string(static_cast<int>(errno_));
    }
}
} // namespace

TypeId
MessageTransport::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::MessageTransport")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddConstructor<MessageTransport>()
            .AddAttribute("MaxMessageSize",
                          "Largest message accepted or sent (bytes); a peer declaring more is "
                          "refused and its connection closed.",
                          UintegerValue(256 * 1024 * 1024),
                          MakeUintegerAccessor(&MessageTransport::m_maxMessageSize),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("SegmentSize",
                          "TCP maximum segment size of the connections (bytes; ns-3's default "
                          "is 536, 1448 fills a 1500-byte IPv4 MTU with timestamps on).",
                          UintegerValue(1448),
                          MakeUintegerAccessor(&MessageTransport::m_segmentSize),
                          MakeUintegerChecker<uint32_t>(64, 65495))
            .AddTraceSource("Refused",
                            "An incoming stream refused: truncated or oversized.",
                            MakeTraceSourceAccessor(&MessageTransport::m_refused),
                            "ns3::sagin::MessageTransport::RefusedTracedCallback");
    return tid;
}

MessageTransport::MessageTransport() = default;

MessageTransport::~MessageTransport() = default;

void
MessageTransport::DoDispose()
{
    Stop();
    m_node = nullptr;
    m_receive = ReceiveCallback();
    Object::DoDispose();
}

void
MessageTransport::Silence(Ptr<Socket> socket)
{
    socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
    socket->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                               MakeNullCallback<void, Ptr<Socket>>());
    socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                              MakeNullCallback<void, Ptr<Socket>>());
}

void
MessageTransport::Start(Ptr<Node> node, uint16_t port, ReceiveCallback receive)
{
    NS_LOG_FUNCTION(this << node->GetId() << port);
    Stop();
    m_node = node;
    m_receive = receive;
    m_listenSocket = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
    m_listenSocket->SetAttribute("SegmentSize", UintegerValue(m_segmentSize)); // accepted too
    if (m_listenSocket->Bind(InetSocketAddress(Ipv4Address::GetAny(), port)) == -1)
    {
        m_listenSocket = nullptr;
        throw std::invalid_argument("MessageTransport: TCP port " + std::to_string(port) +
                                    " of node " + std::to_string(node->GetId()) +
                                    " is taken; give the application another Port");
    }
    m_listenSocket->Listen();
    m_listenSocket->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                      MakeCallback(&MessageTransport::HandleAccept, this));
}

void
MessageTransport::Stop()
{
    NS_LOG_FUNCTION(this);
    if (m_listenSocket)
    {
        m_listenSocket->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                          MakeNullCallback<void, Ptr<Socket>, const Address&>());
        m_listenSocket->Close();
        m_listenSocket = nullptr;
    }
    for (auto& entry : m_outgoing)
    {
        Silence(entry.second.socket);
        entry.second.socket->Close();
    }
    m_outgoing.clear();
    for (auto& entry : m_incoming)
    {
        Silence(entry.second.socket);
        entry.second.socket->Close();
    }
    m_incoming.clear();
}

bool
MessageTransport::IsRunning() const
{
    return m_listenSocket != nullptr;
}

uint64_t
MessageTransport::GetBytesSent() const
{
    return m_bytesSent;
}

uint64_t
MessageTransport::GetBytesReceived() const
{
    return m_bytesReceived;
}

void
MessageTransport::Send(Ipv4Address destination,
                       uint16_t port,
                       std::vector<uint8_t> message,
                       FailureCallback failed)
{
    NS_LOG_FUNCTION(this << destination << port << message.size());
    if (!IsRunning())
    {
        throw std::logic_error("MessageTransport::Send: Start() the transport first");
    }
    if (message.size() > m_maxMessageSize)
    {
        throw std::invalid_argument("MessageTransport: a message of " +
                                    std::to_string(message.size()) +
                                    " bytes is above MaxMessageSize " +
                                    std::to_string(m_maxMessageSize) + "; raise MaxMessageSize");
    }
    Ptr<Socket> socket = Socket::CreateSocket(m_node, TcpSocketFactory::GetTypeId());
    socket->SetAttribute("SegmentSize", UintegerValue(m_segmentSize));
    socket->Bind();
    Outgoing& outgoing = m_outgoing[PeekPointer(socket)];
    outgoing.socket = socket;
    outgoing.destination = destination;
    outgoing.failed = failed;
    const auto size = static_cast<uint32_t>(message.size());
    outgoing.data = {static_cast<uint8_t>(size >> 24),
                     static_cast<uint8_t>(size >> 16),
                     static_cast<uint8_t>(size >> 8),
                     static_cast<uint8_t>(size)};
    outgoing.data.insert(outgoing.data.end(), message.begin(), message.end());
    socket->SetConnectCallback(MakeCallback(&MessageTransport::HandleConnected, this),
                               MakeCallback(&MessageTransport::HandleConnectFailed, this));
    socket->SetSendCallback(MakeCallback(&MessageTransport::HandleSend, this));
    socket->SetCloseCallbacks(MakeCallback(&MessageTransport::HandleOutgoingClose, this),
                              MakeCallback(&MessageTransport::HandleOutgoingClose, this));
    if (socket->Connect(InetSocketAddress(destination, port)) == -1)
    {
        // ns-3's TCP looks the route up at connect time: no route fails here, at once.
        FailOutgoing(PeekPointer(socket), ErrorName(socket->GetErrno()));
    }
}

void
MessageTransport::HandleConnected(Ptr<Socket> socket)
{
    auto it = m_outgoing.find(PeekPointer(socket));
    if (it != m_outgoing.end())
    {
        it->second.connected = true;
        Flush(it->second);
    }
}

void
MessageTransport::HandleConnectFailed(Ptr<Socket> socket)
{
    FailOutgoing(PeekPointer(socket),
                 "connection failed (" + ErrorName(socket->GetErrno()) +
                     "; refused if no application listens there)");
}

void
MessageTransport::HandleSend(Ptr<Socket> socket, uint32_t /* available */)
{
    auto it = m_outgoing.find(PeekPointer(socket));
    if (it != m_outgoing.end() && it->second.connected)
    {
        Flush(it->second);
    }
}

void
MessageTransport::Flush(Outgoing& outgoing)
{
    while (outgoing.sent < outgoing.data.size())
    {
        const uint32_t room = outgoing.socket->GetTxAvailable();
        if (room == 0)
        {
            return;
        }
        const auto size = static_cast<uint32_t>(
            std::min<std::size_t>(room, outgoing.data.size() - outgoing.sent));
        const int sent =
            outgoing.socket->Send(Create<Packet>(outgoing.data.data() + outgoing.sent, size));
        if (sent <= 0)
        {
            return;
        }
        outgoing.sent += sent;
    }
    // All bytes are in the socket: TCP sends its FIN after them. The socket stays alive in
    // ns-3's TCP until the connection ends; nothing more is expected from it.
    m_bytesSent += outgoing.data.size();
    Ptr<Socket> socket = outgoing.socket;
    Silence(socket);
    m_outgoing.erase(PeekPointer(socket));
    socket->Close();
}

void
MessageTransport::HandleOutgoingClose(Ptr<Socket> socket)
{
    FailOutgoing(PeekPointer(socket), "connection closed before the message was sent");
}

void
MessageTransport::FailOutgoing(Socket* socket, const std::string& reason)
{
    auto it = m_outgoing.find(socket);
    if (it == m_outgoing.end())
    {
        return;
    }
    const Ipv4Address destination = it->second.destination;
    const FailureCallback failed = it->second.failed;
    NS_LOG_INFO("send to " << destination << " failed: " << reason);
    Ptr<Socket> keep = it->second.socket;
    Silence(keep);
    m_outgoing.erase(it);
    keep->Close();
    if (!failed.IsNull())
    {
        failed(destination, reason);
    }
}

void
MessageTransport::HandleAccept(Ptr<Socket> socket, const Address& from)
{
    Incoming& incoming = m_incoming[PeekPointer(socket)];
    incoming.socket = socket;
    incoming.source = InetSocketAddress::ConvertFrom(from).GetIpv4();
    socket->SetRecvCallback(MakeCallback(&MessageTransport::HandleRead, this));
    socket->SetCloseCallbacks(MakeCallback(&MessageTransport::HandleIncomingClose, this),
                              MakeCallback(&MessageTransport::HandleIncomingClose, this));
}

void
MessageTransport::HandleRead(Ptr<Socket> socket)
{
    Ptr<Packet> packet;
    while ((packet = socket->Recv()))
    {
        auto it = m_incoming.find(PeekPointer(socket));
        if (it == m_incoming.end() || it->second.done)
        {
            continue; // bytes after the message (or after a refusal) are ignored
        }
        Incoming& incoming = it->second;
        const std::size_t before = incoming.data.size();
        incoming.data.resize(before + packet->GetSize());
        packet->CopyData(incoming.data.data() + before, packet->GetSize());
        if (incoming.data.size() < PREFIX_BYTES)
        {
            continue;
        }
        const uint32_t length = uint32_t{incoming.data[0]} << 24 |
                                uint32_t{incoming.data[1]} << 16 | uint32_t{incoming.data[2]} << 8 |
                                incoming.data[3];
        if (length > m_maxMessageSize)
        {
            Refuse(incoming,
                   "declares a message of " + std::to_string(length) +
                       " bytes, above MaxMessageSize " + std::to_string(m_maxMessageSize));
            return;
        }
        if (incoming.data.size() >= PREFIX_BYTES + length)
        {
            incoming.done = true;
            m_bytesReceived += PREFIX_BYTES + length;
            const std::vector<uint8_t> message(incoming.data.begin() + PREFIX_BYTES,
                                               incoming.data.begin() + PREFIX_BYTES + length);
            const Ipv4Address source = incoming.source;
            std::vector<uint8_t>().swap(incoming.data);
            socket->Close();
            m_receive(source, message);
            return;
        }
    }
}

void
MessageTransport::HandleIncomingClose(Ptr<Socket> socket)
{
    auto it = m_incoming.find(PeekPointer(socket));
    if (it == m_incoming.end())
    {
        return;
    }
    if (!it->second.done)
    {
        Refuse(it->second,
               "closed after " + std::to_string(it->second.data.size()) +
                   " bytes, before its message was whole (truncated)");
    }
    Silence(socket);
    m_incoming.erase(it);
}

void
MessageTransport::Refuse(Incoming& incoming, const std::string& reason)
{
    NS_LOG_INFO("refused a message from " << incoming.source << ": " << reason);
    incoming.done = true;
    std::vector<uint8_t>().swap(incoming.data);
    m_refused(incoming.source, reason);
    incoming.socket->Close();
}

} // namespace sagin
} // namespace ns3
