// SPDX-License-Identifier: GPL-2.0-only

#include "peer-transport.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("PeerTransport");

void
PeerTransport::SetReceiveCallback(ReceiveCallback callback)
{
    m_receive = callback;
}

void
PeerTransport::SetConnectedCallback(PeerCallback callback)
{
    m_connected = callback;
}

void
PeerTransport::SetClosedCallback(PeerCallback callback)
{
    m_closed = callback;
}

void
PeerTransport::SetMalformedCallback(MalformedCallback callback)
{
    m_malformed = callback;
}

void
PeerTransport::Listen(Ptr<Node> node, uint16_t port, uint32_t segmentSize, uint32_t maxMessageSize)
{
    NS_LOG_FUNCTION(this << node << port << segmentSize << maxMessageSize);
    m_node = node;
    m_port = port;
    m_segmentSize = segmentSize;
    m_maxMessageSize = maxMessageSize;
    m_listenSocket = Socket::CreateSocket(m_node, TcpSocketFactory::GetTypeId());
    m_listenSocket->SetAttribute("SegmentSize", UintegerValue(m_segmentSize)); // accepted too
    if (m_listenSocket->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port)) == -1)
    {
        throw std::runtime_error("PeerTransport: failed to bind TCP port " +
                                 std::to_string(m_port) +
                                 "; give each blockchain node on a node a free Port");
    }
    m_listenSocket->Listen();
    m_listenSocket->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                      MakeCallback(&PeerTransport::HandleAccept, this));
}

void
PeerTransport::Connect(Ipv4Address address)
{
    NS_LOG_FUNCTION(this << address);
    NS_ASSERT_MSG(m_node, "PeerTransport: Listen() before Connect()");
    Ptr<Socket> socket = Socket::CreateSocket(m_node, TcpSocketFactory::GetTypeId());
    socket->SetAttribute("SegmentSize", UintegerValue(m_segmentSize));
    socket->Bind();
    const PeerId id = AddPeer(socket, address);
    socket->SetConnectCallback(MakeCallback(&PeerTransport::HandleConnected, this, id),
                               MakeCallback(&PeerTransport::HandleClose, this, id));
    socket->Connect(InetSocketAddress(address, m_port));
}

PeerTransport::PeerId
PeerTransport::AddPeer(Ptr<Socket> socket, Ipv4Address address)
{
    const PeerId id = ++m_lastPeer;
    Peer& peer = m_peers[id];
    peer.socket = socket;
    peer.address = address;
    peer.reassembler = GossipStreamReassembler(m_maxMessageSize);
    socket->SetRecvCallback(MakeCallback(&PeerTransport::HandleRead, this, id));
    socket->SetSendCallback(MakeCallback(&PeerTransport::HandleSend, this, id));
    socket->SetCloseCallbacks(MakeCallback(&PeerTransport::HandleClose, this, id),
                              MakeCallback(&PeerTransport::HandleClose, this, id));
    return id;
}

void
PeerTransport::HandleAccept(Ptr<Socket> socket, const Address& from)
{
    const Ipv4Address address = InetSocketAddress::ConvertFrom(from).GetIpv4();
    NS_LOG_FUNCTION(this << socket << address);
    const PeerId id = AddPeer(socket, address);
    m_peers[id].connected = true;
    m_connected(id);
}

void
PeerTransport::HandleConnected(PeerId id, Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << id << socket);
    auto it = m_peers.find(id);
    if (it == m_peers.end())
    {
        return;
    }
    it->second.connected = true;
    m_connected(id);
    // Then what was queued while connecting.
    if (auto peer = m_peers.find(id); peer != m_peers.end())
    {
        Flush(peer->second);
    }
}

void
PeerTransport::HandleClose(PeerId id, Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << id << socket);
    RemovePeer(id);
}

void
PeerTransport::RemovePeer(PeerId id)
{
    if (m_peers.erase(id) > 0)
    {
        m_closed(id);
    }
}

void
PeerTransport::HandleRead(PeerId id, Ptr<Socket> socket)
{
    Ptr<Packet> packet;
    while ((packet = socket->Recv()))
    {
        auto it = m_peers.find(id);
        if (it == m_peers.end())
        {
            return;
        }
        Peer& peer = it->second;
        std::vector<uint8_t> bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        peer.reassembler.Push(bytes.data(), bytes.size());
        GossipMessage message;
        GossipStreamReassembler::Status status;
        while ((status = peer.reassembler.Next(&message)) == GossipStreamReassembler::MESSAGE)
        {
            m_receive(id, message);
            if (m_peers.count(id) == 0)
            {
                return; // the owner closed it
            }
        }
        if (status == GossipStreamReassembler::FAILED)
        {
            // The stream cannot be resynchronised: give up the connection.
            m_malformed(peer.address, peer.reassembler.GetFailure());
            ClosePeer(id);
            return;
        }
    }
}

void
PeerTransport::HandleSend(PeerId id, Ptr<Socket> /* socket */, uint32_t /* available */)
{
    auto it = m_peers.find(id);
    if (it != m_peers.end() && it->second.connected)
    {
        Flush(it->second);
    }
}

void
PeerTransport::Flush(Peer& peer)
{
    // The socket takes what its buffer has room for, often one segment per acknowledgement:
    // advance an offset rather than erase the front of a megabyte block frame each time.
    while (peer.txSent < peer.txBuffer.size())
    {
        const uint32_t room = peer.socket->GetTxAvailable();
        if (room == 0)
        {
            return;
        }
        const uint32_t size =
            static_cast<uint32_t>(std::min<size_t>(room, peer.txBuffer.size() - peer.txSent));
        const int sent =
            peer.socket->Send(Create<Packet>(peer.txBuffer.data() + peer.txSent, size));
        if (sent <= 0)
        {
            return;
        }
        peer.txSent += sent;
    }
    std::vector<uint8_t>().swap(peer.txBuffer); // an idle connection keeps no block's room
    peer.txSent = 0;
}

void
PeerTransport::Send(PeerId id, const GossipMessage& message)
{
    auto it = m_peers.find(id);
    NS_ASSERT_MSG(it != m_peers.end(), "PeerTransport: no connection " << id);
    Peer& peer = it->second;
    const std::vector<uint8_t> frame = message.Frame();
    if (peer.txSent > 0 && peer.txSent >= peer.txBuffer.size() / 2)
    {
        peer.txBuffer.erase(peer.txBuffer.begin(), peer.txBuffer.begin() + peer.txSent);
        peer.txSent = 0;
    }
    peer.txBuffer.insert(peer.txBuffer.end(), frame.begin(), frame.end());
    if (peer.connected)
    {
        Flush(peer);
    }
}

void
PeerTransport::ClosePeer(PeerId id)
{
    NS_LOG_FUNCTION(this << id);
    auto it = m_peers.find(id);
    NS_ASSERT_MSG(it != m_peers.end(), "PeerTransport: no connection " << id);
    // Silence the socket first: closing it must not call back into a forgotten peer.
    Ptr<Socket> socket = it->second.socket;
    socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
    socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                              MakeNullCallback<void, Ptr<Socket>>());
    socket->Close();
    RemovePeer(id);
}

void
PeerTransport::Close()
{
    NS_LOG_FUNCTION(this);
    if (m_listenSocket)
    {
        m_listenSocket->Close();
        m_listenSocket->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                          MakeNullCallback<void, Ptr<Socket>, const Address&>());
    }
    for (PeerId id : GetPeers())
    {
        ClosePeer(id);
    }
}

void
PeerTransport::Dispose()
{
    NS_LOG_FUNCTION(this);
    m_listenSocket = nullptr;
    m_peers.clear();
    m_node = nullptr;
}

std::vector<PeerTransport::PeerId>
PeerTransport::GetPeers() const
{
    std::vector<PeerId> peers;
    peers.reserve(m_peers.size());
    for (const auto& entry : m_peers)
    {
        peers.push_back(entry.first);
    }
    return peers;
}

bool
PeerTransport::HasPeer(PeerId id) const
{
    return m_peers.count(id) > 0;
}

Ipv4Address
PeerTransport::GetAddress(PeerId id) const
{
    auto it = m_peers.find(id);
    NS_ASSERT_MSG(it != m_peers.end(), "PeerTransport: no connection " << id);
    return it->second.address;
}

uint32_t
PeerTransport::GetPeerCount() const
{
    return static_cast<uint32_t>(m_peers.size());
}

} // namespace sagin
} // namespace ns3
