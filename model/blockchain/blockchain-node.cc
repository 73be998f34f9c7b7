// SPDX-License-Identifier: GPL-2.0-only

#include "blockchain-node.h"

#include "consensus-engine.h"
#include "intern-table.h"
#include "transaction-pool.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("BlockchainNode");
NS_OBJECT_ENSURE_REGISTERED(BlockchainNode);

namespace
{

/**
 * The process's copy of a pending transaction: every mempool that holds a transaction shares
 * one immutable object (its id is the SHA-256 of its whole serialisation, so the same id is
 * the same bytes). An object per node and transaction cost some 300 bytes each (about 2 GB for
 * 1000 nodes with 7000 pending).
 * \param id the transaction's id
 * \param transaction the transaction (copied if the process has none yet)
 * \return the shared copy
 */
std::shared_ptr<const Transaction>
InternTransaction(const Sha256Digest& id, const Transaction& transaction)
{
    static InternTable<Transaction> table;
    if (auto shared = table.Find(id))
    {
        return shared;
    }
    return table.Intern(id, std::make_shared<const Transaction>(transaction));
}

} // namespace

TypeId
BlockchainNode::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::BlockchainNode")
            .SetParent<Application>()
            .SetGroupName("Sagin")
            .AddConstructor<BlockchainNode>()
            .AddAttribute("Port",
                          "TCP port the node listens on and connects to (peers use the same).",
                          UintegerValue(8333),
                          MakeUintegerAccessor(&BlockchainNode::m_port),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("SegmentSize",
                          "TCP segment size of the peer connections (bytes); default 1448: a "
                          "1500-byte Ethernet MTU (RFC 894) less 20 (IPv4), 20 (TCP) and 12 "
                          "(timestamp option, RFC 7323), what a node on Ethernet uses instead "
                          "of ns-3's TcpSocket default of 536.",
                          UintegerValue(1448),
                          MakeUintegerAccessor(&BlockchainNode::m_segmentSize),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MaxMessageSize",
                          "Largest message body accepted from a peer (bytes); a longer frame "
                          "is malformed and closes the connection.",
                          UintegerValue(8u << 20),
                          MakeUintegerAccessor(&BlockchainNode::m_maxMessageSize),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute(
                "MaxDatagramSize",
                "Largest consensus datagram (bytes of CONSENSUS frame, the UDP "
                "payload). Default 1472 = a 1500-byte Ethernet MTU (RFC 894) less "
                "the IPv4 (20, RFC 791) and UDP (8, RFC 768) headers, so that no "
                "datagram is fragmented; engines send larger messages over the "
                "gossip TCP links.",
                UintegerValue(1472),
                MakeUintegerAccessor(&BlockchainNode::m_maxDatagramSize),
                MakeUintegerChecker<uint32_t>(GossipMessage::FRAME_HEADER_BYTES + 1, 65507))
            .AddAttribute(
                "Ledger",
                "The node's Ledger (one is created at start if none is set).",
                PointerValue(),
                MakePointerAccessor(&BlockchainNode::SetLedger, &BlockchainNode::GetLedger),
                MakePointerChecker<Ledger>())
            .AddAttribute(
                "Consensus",
                "The ConsensusEngine deciding who produces blocks and which are valid "
                "(none: blocks only come from SubmitBlock()).",
                PointerValue(),
                MakePointerAccessor(&BlockchainNode::SetConsensus, &BlockchainNode::GetConsensus),
                MakePointerChecker<ConsensusEngine>())
            .AddAttribute("TransactionPool",
                          "Pending transactions shared with other nodes, from which the "
                          "consensus engine fills blocks besides the node's own mempool "
                          "(none: transactions reach the node by gossip only).",
                          PointerValue(),
                          MakePointerAccessor(&BlockchainNode::m_pool),
                          MakePointerChecker<TransactionPool>())
            .AddAttribute("CpuFrequency",
                          "CPU frequency that verifies received blocks (Hz, cycles per second; "
                          "study A's f in eq. 9). Default 1 GHz [recon: the study gives no "
                          "device value].",
                          DoubleValue(1e9),
                          MakeDoubleAccessor(&BlockchainNode::m_cpuFrequency),
                          MakeDoubleChecker<double>(1.0))
            .AddAttribute("TransactionAnnounceInterval",
                          "0: a new transaction is announced to the peers at once, one INV "
                          "each. Above 0: transaction hashes wait, and every interval each "
                          "peer gets one INV carrying all of them (Bitcoin Core trickles its "
                          "transaction INVs likewise); blocks are always announced at once "
                          "(time).",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&BlockchainNode::m_txAnnounceInterval),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("VerificationCyclesPerBit",
                          "CPU cycles to verify one bit of a block (cycles/bit). Default 1: "
                          "study A's C3 (eq. 9) charges S_B / f, one cycle per bit.",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&BlockchainNode::m_cyclesPerBit),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("RelayBeforeVerification",
                          "false: a received block is relayed (announced) once verified and "
                          "appended. true: it is pushed whole to every other peer as soon as it "
                          "is decoded, and verified after (Ethereum's block propagation, devp2p "
                          "eth protocol: relay, then import), so verification delays do not add "
                          "up along a path; an invalid block is relayed too and refused by each "
                          "node's own verification, and every peer gets the whole block (on a "
                          "mesh, one copy per link instead of one per node).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&BlockchainNode::m_relayBeforeVerification),
                          MakeBooleanChecker())
            .AddAttribute(
                "FlowLevelMessages",
                "Message types moved at flow level instead of as TCP segments, comma-separated "
                "(BLOCK, TX, HEADERS; empty: none, the default): the receiver gets such a "
                "message after a TCP transfer's modelled time over the path (slow start, "
                "window limit, bottleneck rate and delay of its point-to-point hops: "
                "PeerTransport::SetFlowLevel), its bytes counted as sent, no segment on the "
                "links. For runs whose blocks would cost too many packets (a 1,000-node hour "
                "of 1 MB blocks).",
                StringValue(""),
                MakeStringAccessor(&BlockchainNode::SetFlowLevelMessages,
                                   &BlockchainNode::GetFlowLevelMessages),
                MakeStringChecker())
            .AddTraceSource("BlockReceived",
                            "First reception of a block from a peer (hash, peer, time).",
                            MakeTraceSourceAccessor(&BlockchainNode::m_blockReceived),
                            "ns3::sagin::BlockchainNode::BlockReceivedTracedCallback")
            .AddTraceSource("MessageSent",
                            "A message was queued to a peer (type, frame bytes, peer).",
                            MakeTraceSourceAccessor(&BlockchainNode::m_messageSent),
                            "ns3::sagin::BlockchainNode::MessageTracedCallback")
            .AddTraceSource("MessageReceived",
                            "A whole message arrived from a peer (type, frame bytes, peer).",
                            MakeTraceSourceAccessor(&BlockchainNode::m_messageReceived),
                            "ns3::sagin::BlockchainNode::MessageTracedCallback")
            .AddTraceSource("MalformedMessage",
                            "A peer sent bytes that are not a valid message (peer, reason); "
                            "the message was dropped.",
                            MakeTraceSourceAccessor(&BlockchainNode::m_malformedMessage),
                            "ns3::sagin::BlockchainNode::MalformedTracedCallback");
    return tid;
}

BlockchainNode::BlockchainNode()
{
    NS_LOG_FUNCTION(this);
    m_transport.SetReceiveCallback(MakeCallback(&BlockchainNode::Handle, this));
    m_transport.SetConnectedCallback(MakeCallback(&BlockchainNode::AnnounceTip, this));
    m_transport.SetClosedCallback(MakeCallback(&BlockchainNode::HandlePeerClosed, this));
    m_transport.SetMalformedCallback(MakeCallback(&BlockchainNode::Malformed, this));
}

BlockchainNode::~BlockchainNode()
{
    NS_LOG_FUNCTION(this);
}

void
BlockchainNode::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_announceEvent.Cancel();
    if (m_consensus)
    {
        m_consensus->Dispose(); // stops it while the ledger is still set
        m_consensus = nullptr;
    }
    SetLedger(nullptr);
    m_transport.Dispose();
    m_datagramSocket = nullptr;
    m_orphans.clear();
    m_mempool.clear();
    m_pool = nullptr;
    Application::DoDispose();
}

void
BlockchainNode::AddPeer(Ipv4Address address)
{
    NS_LOG_FUNCTION(this << address);
    m_peerAddresses.push_back(address);
    if (m_running)
    {
        m_transport.Connect(address);
    }
}

Ptr<Ledger>
BlockchainNode::GetLedger() const
{
    return m_ledger;
}

void
BlockchainNode::SetLedger(Ptr<Ledger> ledger)
{
    if (m_ledger)
    {
        m_ledger->TraceDisconnectWithoutContext(
            "BlockAccepted",
            MakeCallback(&BlockchainNode::OnBlockAccepted, this));
    }
    m_ledger = ledger;
    if (m_ledger)
    {
        m_ledger->TraceConnectWithoutContext("BlockAccepted",
                                             MakeCallback(&BlockchainNode::OnBlockAccepted, this));
    }
}

AppendResult
BlockchainNode::SubmitBlock(const Block& block)
{
    NS_ASSERT_MSG(m_ledger, "BlockchainNode without a Ledger");
    m_announceExcept = PeerTransport::NO_PEER;
    return m_ledger->Append(block);
}

bool
BlockchainNode::SubmitTransaction(const Transaction& transaction)
{
    const Sha256Digest id = transaction.GetId();
    if (IsKnown(id) || !transaction.HasValidSignature())
    {
        return false;
    }
    m_mempool.emplace(id, InternTransaction(id, transaction));
    AnnounceTransaction(id, PeerTransport::NO_PEER);
    return true;
}

Ptr<ConsensusEngine>
BlockchainNode::GetConsensus() const
{
    return m_consensus;
}

void
BlockchainNode::SetConsensus(Ptr<ConsensusEngine> engine)
{
    if (m_running)
    {
        throw std::logic_error("BlockchainNode: set the Consensus attribute before the start");
    }
    m_consensus = engine;
}

Time
BlockchainNode::GetVerificationDelay(uint64_t blockBytes) const
{
    return Seconds(static_cast<double>(blockBytes) * 8.0 * m_cyclesPerBit / m_cpuFrequency);
}

bool
BlockchainNode::IsRunning() const
{
    return m_running;
}

void
BlockchainNode::BroadcastConsensus(const std::vector<uint8_t>& body)
{
    MarkConsensusSeen(body);
    const GossipMessage message{GossipMessageType::CONSENSUS, body};
    for (PeerId peer : m_transport.GetPeers())
    {
        Send(peer, message);
    }
}

void
BlockchainNode::SendConsensus(Ipv4Address peer, const std::vector<uint8_t>& body)
{
    MarkConsensusSeen(body);
    const GossipMessage message{GossipMessageType::CONSENSUS, body};
    for (PeerId id : m_transport.GetPeers())
    {
        if (m_transport.GetAddress(id) == peer)
        {
            Send(id, message);
        }
    }
}

void
BlockchainNode::OpenDatagramSocket()
{
    NS_LOG_FUNCTION(this);
    if (m_datagramSocket)
    {
        return;
    }
    m_datagramSocket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    if (m_datagramSocket->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port)) == -1)
    {
        throw std::runtime_error("BlockchainNode: failed to bind UDP port " +
                                 std::to_string(m_port) + "; give each node's chain a free Port");
    }
    m_datagramSocket->SetRecvCallback(MakeCallback(&BlockchainNode::HandleDatagram, this));
}

bool
BlockchainNode::SendConsensusDatagram(Ipv4Address destination, const std::vector<uint8_t>& body)
{
    return SendConsensusDatagrams({destination}, body);
}

bool
BlockchainNode::SendConsensusDatagrams(const std::vector<Ipv4Address>& destinations,
                                       const std::vector<uint8_t>& body)
{
    if (!m_datagramSocket)
    {
        throw std::logic_error(
            "BlockchainNode: call OpenDatagramSocket() before sending datagrams");
    }
    const GossipMessage message{GossipMessageType::CONSENSUS, body};
    if (message.GetFrameSize() > m_maxDatagramSize)
    {
        return false;
    }
    MarkConsensusSeen(body);
    const std::vector<uint8_t> frame = message.Frame();
    // One packet, copied per destination (ns-3 copies share the bytes until written).
    const Ptr<Packet> packet = Create<Packet>(frame.data(), frame.size());
    for (const Ipv4Address& destination : destinations)
    {
        m_datagramSocket->SendTo(packet->Copy(), 0, InetSocketAddress(destination, m_port));
        ++m_datagramsSent;
        NotifySent(message.type, static_cast<uint32_t>(frame.size()), destination);
    }
    return true;
}

uint32_t
BlockchainNode::GetMaxDatagramSize() const
{
    return m_maxDatagramSize;
}

uint64_t
BlockchainNode::GetDatagramsSent() const
{
    return m_datagramsSent;
}

uint64_t
BlockchainNode::GetDatagramsReceived() const
{
    return m_datagramsReceived;
}

void
BlockchainNode::HandleDatagram(Ptr<Socket> socket)
{
    Address from;
    Ptr<Packet> packet;
    while ((packet = socket->RecvFrom(from)))
    {
        const Ipv4Address address = InetSocketAddress::ConvertFrom(from).GetIpv4();
        std::vector<uint8_t> bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        // One datagram holds exactly one CONSENSUS frame.
        GossipStreamReassembler reassembler(m_maxMessageSize);
        reassembler.Push(bytes.data(), bytes.size());
        GossipMessage message;
        const GossipStreamReassembler::Status status = reassembler.Next(&message);
        if (status != GossipStreamReassembler::MESSAGE)
        {
            Malformed(address,
                      status == GossipStreamReassembler::FAILED
                          ? "datagram: " + reassembler.GetFailure()
                          : "datagram: truncated frame of " + std::to_string(bytes.size()) +
                                " bytes");
            continue;
        }
        if (message.type != GossipMessageType::CONSENSUS || message.GetFrameSize() != bytes.size())
        {
            Malformed(address,
                      "datagram: expected one CONSENSUS frame, got " + ToString(message.type) +
                          " in " + std::to_string(bytes.size()) + " bytes");
            continue;
        }
        ++m_datagramsReceived;
        m_messageReceived(message.type, static_cast<uint32_t>(bytes.size()), address);
        if (!m_running || !MarkConsensusSeen(message.body))
        {
            continue; // stopped, or a copy of a message handled already
        }
        if (m_consensus)
        {
            m_consensus->Receive(message.body, address); // datagrams are never relayed
        }
    }
}

std::vector<Ipv4Address>
BlockchainNode::GetPeerAddresses() const
{
    std::vector<Ipv4Address> addresses;
    for (PeerId peer : m_transport.GetPeers())
    {
        addresses.push_back(m_transport.GetAddress(peer));
    }
    return addresses;
}

const std::map<Sha256Digest, std::shared_ptr<const Transaction>>&
BlockchainNode::GetMempool() const
{
    return m_mempool;
}

Ptr<TransactionPool>
BlockchainNode::GetTransactionPool() const
{
    return m_pool;
}

uint64_t
BlockchainNode::GetMalformedCount() const
{
    return m_malformed;
}

uint32_t
BlockchainNode::GetPeerCount() const
{
    return m_transport.GetPeerCount();
}

uint64_t
BlockchainNode::GetBytesSent(GossipMessageType type) const
{
    auto it = m_bytesSent.find(type);
    return it == m_bytesSent.end() ? 0 : it->second;
}

uint64_t
BlockchainNode::GetMessagesSent(GossipMessageType type) const
{
    auto it = m_messagesSent.find(type);
    return it == m_messagesSent.end() ? 0 : it->second;
}

void
BlockchainNode::StartApplication()
{
    NS_LOG_FUNCTION(this);
    if (!m_ledger)
    {
        SetLedger(CreateObject<Ledger>());
    }
    m_running = true;
    m_transport.Listen(GetNode(), m_port, m_segmentSize, m_maxMessageSize);
    for (const auto& address : m_peerAddresses)
    {
        m_transport.Connect(address);
    }
    if (m_consensus)
    {
        m_consensus->ConfigureLedger(m_ledger);
        m_consensus->Start(this);
    }
}

void
BlockchainNode::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_running = false;
    m_announceEvent.Cancel();
    if (m_consensus)
    {
        m_consensus->Stop();
    }
    m_transport.Close();
    if (m_datagramSocket)
    {
        m_datagramSocket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_datagramSocket->Close();
        m_datagramSocket = nullptr;
    }
    m_pendingTransactions.clear();
    m_requested.clear();
}

void
BlockchainNode::SetFlowLevelMessages(std::string names)
{
    m_transport.SetFlowLevel(ParseGossipMessageTypes(names, "FlowLevelMessages"));
    m_flowLevelMessages = names;
}

std::string
BlockchainNode::GetFlowLevelMessages() const
{
    return m_flowLevelMessages;
}

void
BlockchainNode::NotifySent(GossipMessageType type, uint32_t bytes, Ipv4Address peer)
{
    m_bytesSent[type] += bytes;
    ++m_messagesSent[type];
    m_messageSent(type, bytes, peer);
}

void
BlockchainNode::Send(PeerId peer, const GossipMessage& message)
{
    NotifySent(message.type,
               static_cast<uint32_t>(message.GetFrameSize()),
               m_transport.GetAddress(peer));
    m_transport.Send(peer, message);
}

void
BlockchainNode::AnnounceTip(PeerId peer)
{
    // A new connection learns this node's tip (blocks produced before it came up).
    if (!m_ledger->IsEmpty())
    {
        Send(peer, GossipMessage::MakeInventory(GossipMessageType::INV, {m_ledger->GetTipHash()}));
    }
}

void
BlockchainNode::HandlePeerClosed(PeerId peer)
{
    NS_LOG_FUNCTION(this << peer);
    for (auto it = m_requested.begin(); it != m_requested.end();)
    {
        it = it->second == peer ? m_requested.erase(it) : std::next(it);
    }
    m_pendingTransactions.erase(peer);
}

void
BlockchainNode::Announce(const Sha256Digest& hash, PeerId except)
{
    const GossipMessage inv = GossipMessage::MakeInventory(GossipMessageType::INV, {hash});
    for (PeerId peer : m_transport.GetPeers())
    {
        if (peer != except)
        {
            Send(peer, inv);
        }
    }
}

void
BlockchainNode::AnnounceTransaction(const Sha256Digest& id, PeerId except)
{
    if (m_txAnnounceInterval.IsZero())
    {
        Announce(id, except);
        return;
    }
    for (PeerId peer : m_transport.GetPeers())
    {
        if (peer != except)
        {
            auto& pending = m_pendingTransactions[peer];
            pending.push_back(id);
            if (pending.size() == GossipMessage::MAX_INVENTORY)
            {
                Send(peer, GossipMessage::MakeInventory(GossipMessageType::INV, pending));
                pending.clear();
            }
        }
    }
    if (m_announceEvent.IsExpired())
    {
        m_announceEvent = Simulator::Schedule(m_txAnnounceInterval,
                                              &BlockchainNode::AnnouncePendingTransactions,
                                              this);
    }
}

void
BlockchainNode::AnnouncePendingTransactions()
{
    for (auto& [peer, pending] : m_pendingTransactions)
    {
        if (!pending.empty())
        {
            Send(peer, GossipMessage::MakeInventory(GossipMessageType::INV, pending));
            pending.clear();
        }
    }
}

void
BlockchainNode::OnBlockAccepted(const Sha256Digest& hash, uint64_t /* height */)
{
    NS_LOG_FUNCTION(this);
    m_received[hash] = true;
    if (!m_mempool.empty() && m_ledger->HasBody(hash))
    {
        for (const auto& transaction : m_ledger->GetTransactions(hash))
        {
            m_mempool.erase(transaction.GetId());
        }
    }
    if (m_running)
    {
        Announce(hash, m_announceExcept);
    }
}

bool
BlockchainNode::IsKnown(const Sha256Digest& hash) const
{
    if (m_ledger->HasBlock(hash) || m_mempool.count(hash) > 0 || m_requested.count(hash) > 0 ||
        m_received.count(hash) > 0)
    {
        return true;
    }
    Ledger::TransactionLocation location;
    return m_ledger->GetMode() == Ledger::FULL && m_ledger->FindTransaction(hash, &location);
}

void
BlockchainNode::Malformed(Ipv4Address peer, const std::string& reason)
{
    NS_LOG_WARN("malformed message from " << peer << ": " << reason);
    ++m_malformed;
    m_malformedMessage(peer, reason);
}

void
BlockchainNode::Handle(PeerId peer, const GossipMessage& message)
{
    m_messageReceived(message.type,
                      static_cast<uint32_t>(message.GetFrameSize()),
                      m_transport.GetAddress(peer));
    try
    {
        switch (message.type)
        {
        case GossipMessageType::INV: {
            std::vector<Sha256Digest> wanted;
            for (const auto& hash : GossipMessage::DecodeInventory(message.body))
            {
                if (!IsKnown(hash))
                {
                    wanted.push_back(hash);
                    m_requested[hash] = peer;
                }
            }
            if (!wanted.empty())
            {
                Send(peer, GossipMessage::MakeInventory(GossipMessageType::GET_DATA, wanted));
            }
            break;
        }
        case GossipMessageType::GET_DATA:
            for (const auto& hash : GossipMessage::DecodeInventory(message.body))
            {
                if (m_ledger->HasBody(hash))
                {
                    Send(peer,
                         GossipMessage{GossipMessageType::BLOCK,
                                       m_ledger->GetBlock(hash).Serialize()});
                }
                else if (auto it = m_mempool.find(hash); it != m_mempool.end())
                {
                    Send(peer, GossipMessage{GossipMessageType::TX, it->second->Serialize()});
                }
            }
            break;
        case GossipMessageType::BLOCK:
            HandleBlock(peer, Block::Deserialize(message.body));
            break;
        case GossipMessageType::TX:
            HandleTransaction(peer, Transaction::Deserialize(message.body));
            break;
        case GossipMessageType::GET_HEADERS: {
            Sha256Digest from;
            uint32_t maxCount;
            GossipMessage::DecodeGetHeaders(message.body, &from, &maxCount);
            const auto& chain = m_ledger->GetMainChain();
            size_t start = 0;
            const Sha256Digest zero{};
            if (from != zero)
            {
                auto it = std::find(chain.begin(), chain.end(), from);
                start = it == chain.end() ? chain.size() : (it - chain.begin()) + 1;
            }
            std::vector<BlockHeader> headers;
            const uint32_t limit = std::min(maxCount, GossipMessage::MAX_HEADERS);
            for (size_t i = start; i < chain.size() && headers.size() < limit; ++i)
            {
                headers.push_back(m_ledger->GetHeader(chain[i]));
            }
            Send(peer, GossipMessage::MakeHeaders(headers));
            break;
        }
        case GossipMessageType::HEADERS:
            for (const auto& header : GossipMessage::DecodeHeaders(message.body))
            {
                if (m_ledger->GetMode() == Ledger::LIGHT)
                {
                    m_ledger->AppendHeader(header);
                }
            }
            break;
        case GossipMessageType::CONSENSUS:
            HandleConsensus(peer, message.body);
            break;
        }
    }
    catch (const WireFormatError& e)
    {
        Malformed(m_transport.GetAddress(peer), ToString(message.type) + ": " + e.what());
    }
}

void
BlockchainNode::HandleBlock(PeerId peer, const Block& block)
{
    const Sha256Digest hash = block.GetHash();
    m_requested.erase(hash);
    if (m_received.count(hash) > 0 || m_ledger->HasBlock(hash))
    {
        return;
    }
    m_received[hash] = true;
    m_blockReceived(hash, m_transport.GetAddress(peer), Simulator::Now());
    if (m_relayBeforeVerification)
    {
        const GossipMessage relay{GossipMessageType::BLOCK, block.Serialize()};
        for (PeerId other : m_transport.GetPeers())
        {
            if (other != peer)
            {
                Send(other, relay);
            }
        }
    }
    // The CPU verifies one block at a time: this one starts when the previous one is done.
    const Time start = std::max(Simulator::Now(), m_cpuBusyUntil);
    m_cpuBusyUntil = start + GetVerificationDelay(block.GetSerializedSize());
    if (m_cpuBusyUntil == Simulator::Now())
    {
        AppendReceived(block, peer);
    }
    else
    {
        Simulator::Schedule(m_cpuBusyUntil - Simulator::Now(),
                            &BlockchainNode::AppendReceived,
                            this,
                            block,
                            peer);
    }
}

void
BlockchainNode::AppendReceived(const Block& block, PeerId source)
{
    if (!m_running)
    {
        return; // stopped while verifying: an offline node keeps nothing
    }
    // Append the block, then any orphans waiting for it (iteratively).
    std::vector<std::pair<Block, PeerId>> work{{block, source}};
    while (!work.empty())
    {
        const auto [next, from] = work.back();
        work.pop_back();
        m_announceExcept = from;
        const AppendResult result = m_ledger->Append(next);
        m_announceExcept = PeerTransport::NO_PEER;
        if (result.verdict == BlockVerdict::UNKNOWN_PARENT)
        {
            const Sha256Digest parent = next.GetHeader().GetParentHash();
            m_orphans.emplace(parent, next);
            if (!IsKnown(parent) && m_transport.HasPeer(from))
            {
                m_requested[parent] = from;
                Send(from, GossipMessage::MakeInventory(GossipMessageType::GET_DATA, {parent}));
            }
        }
        else if (result.IsAccepted())
        {
            auto range = m_orphans.equal_range(result.hash);
            for (auto it = range.first; it != range.second; ++it)
            {
                work.emplace_back(it->second, PeerTransport::NO_PEER);
            }
            m_orphans.erase(range.first, range.second);
        }
        else
        {
            NS_LOG_INFO("block rejected: " << result.message);
        }
    }
}

void
BlockchainNode::HandleConsensus(PeerId peer, const std::vector<uint8_t>& body)
{
    if (!MarkConsensusSeen(body))
    {
        return; // flooded: seen already, or of a round the engine has done with
    }
    if (m_consensus && m_consensus->Receive(body, m_transport.GetAddress(peer)))
    {
        const GossipMessage relay{GossipMessageType::CONSENSUS, body};
        for (PeerId other : m_transport.GetPeers())
        {
            if (other != peer)
            {
                Send(other, relay);
            }
        }
    }
}

bool
BlockchainNode::MarkConsensusSeen(const std::vector<uint8_t>& body)
{
    uint64_t round = 0;
    if (!m_consensus || !m_consensus->GetMessageRound(body, &round))
    {
        return m_consensusFilter.MarkSeen(body);
    }
    return m_consensusFilter.MarkSeen(body, round, m_consensus->GetLowWatermark());
}

size_t
BlockchainNode::GetConsensusFilterSize() const
{
    return m_consensusFilter.GetSize();
}

void
BlockchainNode::HandleTransaction(PeerId peer, const Transaction& transaction)
{
    const Sha256Digest id = transaction.GetId();
    m_requested.erase(id);
    if (m_mempool.count(id) > 0)
    {
        return;
    }
    Ledger::TransactionLocation location;
    if (m_ledger->GetMode() == Ledger::FULL && m_ledger->FindTransaction(id, &location))
    {
        return;
    }
    if (!transaction.HasValidSignature())
    {
        Malformed(m_transport.GetAddress(peer),
                  "TX: invalid signature of transaction " + ToHex(id));
        return;
    }
    m_mempool.emplace(id, InternTransaction(id, transaction));
    AnnounceTransaction(id, peer);
}

} // namespace sagin
} // namespace ns3
