// SPDX-License-Identifier: GPL-2.0-only

#include "peer-transport.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("PeerTransport");

namespace
{
/**
 * Headers on the wire per TCP segment at flow level (bytes): IPv4 20 (RFC 791), TCP 20
 * (RFC 793), its timestamp option 12 (RFC 7323; ns-3's TcpSocketBase sends it by default)
 * and the point-to-point device's PPP header 2.
 */
constexpr uint32_t FLOW_HEADER_BYTES = 20 + 20 + 12 + 2;
} // namespace

std::map<PeerTransport::ConnectionKey, std::pair<PeerTransport*, PeerTransport::PeerId>>&
PeerTransport::Connections()
{
    static std::map<ConnectionKey, std::pair<PeerTransport*, PeerId>> connections;
    return connections;
}

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
    RegisterConnection(id);
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
    Peer& peer = it->second;
    peer.connected = true;
    RegisterConnection(id);
    // Flow-level messages queued while connecting start now, each from its place in the
    // stream (the holds standing in for them), before anything the owner sends now.
    std::vector<GossipMessage> waiting;
    waiting.swap(peer.flowsWaiting);
    std::vector<FlowHold> places;
    places.swap(peer.holds);
    for (size_t i = 0; i < waiting.size(); ++i)
    {
        SendAtFlowLevel(id, waiting[i], places[i].from);
    }
    m_connected(id);
    // Then what was queued while connecting.
    if (auto again = m_peers.find(id); again != m_peers.end())
    {
        Flush(again->second);
    }
}

void
PeerTransport::RegisterConnection(PeerId id)
{
    Address local;
    Address remote;
    Peer& peer = m_peers.at(id);
    if (peer.socket->GetSockName(local) != 0 || peer.socket->GetPeerName(remote) != 0)
    {
        return; // not connected after all: no flow-level message can use it
    }
    const InetSocketAddress l = InetSocketAddress::ConvertFrom(local);
    const InetSocketAddress r = InetSocketAddress::ConvertFrom(remote);
    peer.key = ConnectionKey{l.GetIpv4().Get(), l.GetPort(), r.GetIpv4().Get(), r.GetPort()};
    Connections()[*peer.key] = {this, id};
}

void
PeerTransport::UnregisterConnection(Peer& peer)
{
    for (auto& hold : peer.holds)
    {
        hold.done.Cancel();
    }
    if (!peer.key)
    {
        return;
    }
    auto entry = Connections().find(*peer.key);
    if (entry != Connections().end() && entry->second.first == this)
    {
        Connections().erase(entry);
    }
    peer.key.reset();
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
    auto it = m_peers.find(id);
    if (it == m_peers.end())
    {
        return;
    }
    UnregisterConnection(it->second);
    m_peers.erase(it);
    m_closed(id);
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
    // While a flow-level message is being sent, what was queued after it waits.
    while (!peer.holds.empty() && peer.holds.front().until <= Simulator::Now())
    {
        peer.holds.erase(peer.holds.begin());
    }
    const size_t end = peer.holds.empty() ? peer.txBuffer.size() : peer.holds.front().from;
    while (peer.txSent < end)
    {
        const uint32_t room = peer.socket->GetTxAvailable();
        if (room == 0)
        {
            return;
        }
        const uint32_t size = static_cast<uint32_t>(std::min<size_t>(room, end - peer.txSent));
        const int sent =
            peer.socket->Send(Create<Packet>(peer.txBuffer.data() + peer.txSent, size));
        if (sent <= 0)
        {
            return;
        }
        peer.txSent += sent;
    }
    if (peer.txSent < peer.txBuffer.size())
    {
        return; // held behind a flow-level message
    }
    for (auto& hold : peer.holds)
    {
        hold.from -= std::min(hold.from, peer.txSent); // the buffer starts again at 0
    }
    std::vector<uint8_t>().swap(peer.txBuffer); // an idle connection keeps no block's room
    peer.txSent = 0;
}

void
PeerTransport::Send(PeerId id, const GossipMessage& message)
{
    auto it = m_peers.find(id);
    NS_ASSERT_MSG(it != m_peers.end(), "PeerTransport: no connection " << id);
    if (m_flowLevel.count(message.type) > 0)
    {
        SendAtFlowLevel(id, message, it->second.txBuffer.size());
        return;
    }
    Peer& peer = it->second;
    const std::vector<uint8_t> frame = message.Frame();
    if (peer.txSent > 0 && peer.txSent >= peer.txBuffer.size() / 2)
    {
        peer.txBuffer.erase(peer.txBuffer.begin(), peer.txBuffer.begin() + peer.txSent);
        for (auto& hold : peer.holds)
        {
            hold.from -= std::min(hold.from, peer.txSent);
        }
        peer.txSent = 0;
    }
    peer.txBuffer.insert(peer.txBuffer.end(), frame.begin(), frame.end());
    if (peer.connected)
    {
        Flush(peer);
    }
}

void
PeerTransport::SetFlowLevel(const std::set<GossipMessageType>& types)
{
    for (const GossipMessageType type : types)
    {
        if (type != GossipMessageType::BLOCK && type != GossipMessageType::TX &&
            type != GossipMessageType::HEADERS)
        {
            throw std::invalid_argument(
                ToString(type) +
                " has no flow-level transfer: it carries no payload, its time is the "
                "round trip itself; flow level is for BLOCK, TX and HEADERS");
        }
    }
    m_flowLevel = types;
}

void
PeerTransport::SendAtFlowLevel(PeerId id, const GossipMessage& message, size_t holdFrom)
{
    Peer& peer = m_peers.at(id);
    if (!peer.key)
    {
        // Sent once connected; what is queued after it waits for it.
        NS_ASSERT_MSG(!peer.connected, "PeerTransport: a connected socket without addresses");
        peer.flowsWaiting.push_back(message);
        peer.holds.push_back({holdFrom, Time::Max(), EventId()});
        return;
    }
    const auto& [localAddress, localPort, remoteAddress, remotePort] = *peer.key;
    const ConnectionKey receiver{remoteAddress, remotePort, localAddress, localPort};
    const FlowPath path = FindFlowPath(m_node, peer.address, m_segmentSize + FLOW_HEADER_BYTES);
    UintegerValue sendBuffer;
    peer.socket->GetAttribute("SndBufSize", sendBuffer);
    if (!peer.flow)
    {
        UintegerValue initialCwnd;
        UintegerValue receiveBuffer;
        peer.socket->GetAttribute("InitialCwnd", initialCwnd);
        peer.socket->GetAttribute("RcvBufSize", receiveBuffer);
        peer.flow.emplace(m_segmentSize,
                          FLOW_HEADER_BYTES,
                          initialCwnd.Get(),
                          std::min(sendBuffer.Get(), receiveBuffer.Get()));
    }
    // What is queued ahead of it on the connection goes first, at the path's rate.
    const uint64_t ahead =
        (holdFrom - std::min(holdFrom, peer.txSent)) +
        (sendBuffer.Get() - std::min<uint64_t>(sendBuffer.Get(), peer.socket->GetTxAvailable()));
    const Time start =
        std::max(Simulator::Now(), peer.flowBusyUntil) + Seconds(ahead * 8.0 / path.rate);
    const Time arrival = start + peer.flow->Transfer(message.GetFrameSize(), path);
    // Bytes queued after it leave once it would have left, so they arrive after it.
    peer.flowBusyUntil = arrival - Seconds(path.propagation);
    FlowHold hold;
    hold.from = holdFrom;
    hold.until = peer.flowBusyUntil;
    hold.done = Simulator::Schedule(hold.until - Simulator::Now(),
                                    &PeerTransport::HandleSend,
                                    this,
                                    id,
                                    Ptr<Socket>(),
                                    0u);
    peer.holds.push_back(hold);
    Simulator::Schedule(arrival - Simulator::Now(),
                        &PeerTransport::DeliverAtFlowLevel,
                        receiver,
                        std::make_shared<const GossipMessage>(message));
}

void
PeerTransport::DeliverAtFlowLevel(ConnectionKey key, std::shared_ptr<const GossipMessage> message)
{
    auto entry = Connections().find(key);
    if (entry == Connections().end())
    {
        return; // the receiving end closed meanwhile, as its TCP stream would have
    }
    auto [transport, id] = entry->second;
    if (transport->m_peers.count(id) > 0)
    {
        transport->m_receive(id, *message);
    }
}

PeerTransport::~PeerTransport()
{
    for (auto& [id, peer] : m_peers)
    {
        UnregisterConnection(peer);
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
    const Time leaving = it->second.flowBusyUntil - Simulator::Now();
    if (leaving.IsStrictlyPositive())
    {
        // A flow-level message is still leaving: the FIN follows it, as on the TCP stream,
        // so the receiver is still connected when it arrives.
        Simulator::Schedule(leaving, [socket]() { socket->Close(); });
    }
    else
    {
        socket->Close();
    }
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
    for (auto& [id, peer] : m_peers)
    {
        UnregisterConnection(peer);
    }
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
