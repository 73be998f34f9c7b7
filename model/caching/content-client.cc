// SPDX-License-Identifier: GPL-2.0-only
#include "content-client.h"

#include "content-server.h"

#include "ns3/byte-codec.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/tcp-socket-factory.h"

#include <stdexcept>
#include <string>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginContentClient");
NS_OBJECT_ENSURE_REGISTERED(ContentClient);

TypeId
ContentClient::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::ContentClient")
                            .SetParent<Application>()
                            .SetGroupName("Sagin")
                            .AddConstructor<ContentClient>();
    return tid;
}

ContentClient::ContentClient()
{
    NS_LOG_FUNCTION(this);
}

ContentClient::~ContentClient()
{
    NS_LOG_FUNCTION(this);
}

void
ContentClient::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_open.clear();
    m_records.clear();
    Application::DoDispose();
}

void
ContentClient::StartApplication()
{
    NS_LOG_FUNCTION(this);
}

void
ContentClient::StopApplication()
{
    NS_LOG_FUNCTION(this);
    CloseAll();
}

uint32_t
ContentClient::Fetch(Ipv4Address server, uint16_t port, uint32_t content, uint64_t bytes)
{
    NS_LOG_FUNCTION(this << server << port << content << bytes);
    if (bytes == 0)
    {
        throw std::invalid_argument("ContentClient::Fetch: 0 bytes of content " +
                                    std::to_string(content) + "; ask for at least one byte");
    }
    const uint32_t index = m_records.size();
    Record record;
    record.content = content;
    record.wanted = bytes;
    m_records.push_back(record);
    Ptr<Socket> socket = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
    socket->Bind();
    socket->SetConnectCallback(MakeCallback(&ContentClient::HandleConnected, this),
                               MakeCallback(&ContentClient::HandleConnectFailed, this));
    socket->SetRecvCallback(MakeCallback(&ContentClient::HandleRead, this));
    m_open[socket] = index;
    socket->Connect(InetSocketAddress(server, port));
    return index;
}

uint64_t
ContentClient::GetReceivedBytes(uint32_t fetch) const
{
    return m_records.at(fetch).received;
}

Time
ContentClient::GetCompletionTime(uint32_t fetch) const
{
    return m_records.at(fetch).completed;
}

void
ContentClient::CloseAll()
{
    NS_LOG_FUNCTION(this << m_open.size());
    // In fetch order, not in the sockets' memory order: the closes are events, and a run
    // must repeat whatever the heap's layout.
    std::map<uint32_t, Ptr<Socket>> byFetch;
    for (const auto& [socket, index] : m_open)
    {
        byFetch[index] = socket;
    }
    for (const auto& [index, socket] : byFetch)
    {
        socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        socket->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                                   MakeNullCallback<void, Ptr<Socket>>());
        socket->Close();
    }
    m_open.clear();
}

void
ContentClient::Clear()
{
    CloseAll();
    m_records.clear();
}

void
ContentClient::HandleConnected(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    const Record& record = m_records.at(m_open.at(socket));
    ByteWriter request;
    request.WriteU32(record.content);
    request.WriteU64(record.wanted);
    socket->Send(Create<Packet>(request.GetBytes().data(), CONTENT_REQUEST_SIZE));
}

void
ContentClient::HandleConnectFailed(Ptr<Socket> socket)
{
    NS_LOG_WARN("node " << GetNode()->GetId() << ": fetch could not connect");
    m_open.erase(socket);
}

void
ContentClient::HandleRead(Ptr<Socket> socket)
{
    auto found = m_open.find(socket);
    Ptr<Packet> packet;
    while ((packet = socket->Recv()))
    {
        if (found == m_open.end())
        {
            continue;
        }
        Record& record = m_records.at(found->second);
        record.received += packet->GetSize();
        if (record.received >= record.wanted && record.completed.IsNegative())
        {
            record.completed = Simulator::Now();
        }
    }
}

} // namespace sagin
} // namespace ns3
