// SPDX-License-Identifier: GPL-2.0-only
#include "caching-packet-delivery.h"

#include "caching-slot-problem.h"
#include "content-client.h"
#include "content-server.h"

#include "ns3/blockchain-node.h"
#include "ns3/double.h"
#include "ns3/ed25519-key.h"
#include "ns3/gsl-channel.h"
#include "ns3/gsl-net-device.h"
#include "ns3/ipv4.h"
#include "ns3/ledger.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"
#include "ns3/transaction-payloads.h"
#include "ns3/transaction.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginCachingPacketDelivery");
NS_OBJECT_ENSURE_REGISTERED(CachingPacketDelivery);

namespace
{
/** Ed25519KeyPair::ForNode key index of a server's delivery records (0 signs its blocks). */
constexpr uint32_t DELIVERY_KEY_INDEX = 1;
} // namespace

TypeId
CachingPacketDelivery::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::CachingPacketDelivery")
                            .SetParent<Object>()
                            .SetGroupName("Sagin")
                            .AddConstructor<CachingPacketDelivery>()
                            .AddAttribute("Port",
                                          "TCP port of the content servers.",
                                          UintegerValue(9000),
                                          MakeUintegerAccessor(&CachingPacketDelivery::m_port),
                                          MakeUintegerChecker<uint16_t>(1));
    return tid;
}

CachingPacketDelivery::CachingPacketDelivery()
    : m_port(9000)
{
    NS_LOG_FUNCTION(this);
}

CachingPacketDelivery::~CachingPacketDelivery()
{
    NS_LOG_FUNCTION(this);
}

void
CachingPacketDelivery::DoDispose()
{
    m_accessChannel = nullptr;
    m_satelliteChannel = nullptr;
    m_uavAccess.clear();
    m_ueAccess.clear();
    m_ueSatellite.clear();
    m_satelliteTerminals.clear();
    m_satelliteDevice = nullptr;
    m_servers.clear();
    m_ueClients.clear();
    m_uavClients.clear();
    m_satelliteChain = nullptr;
    m_uavChain.clear();
    m_uavKeys.clear();
    m_satelliteKey.reset();
    Object::DoDispose();
}

Ptr<GslNetDevice>
CachingPacketDelivery::DeviceOn(Ptr<Node> node, Ptr<GslChannel> channel, const char* what)
{
    for (uint32_t d = 0; d < node->GetNDevices(); ++d)
    {
        auto device = DynamicCast<GslNetDevice>(node->GetDevice(d));
        if (device && device->GetChannel() == channel)
        {
            return device;
        }
    }
    throw std::invalid_argument(std::string("CachingPacketDelivery::Install: ") + what + " node " +
                                std::to_string(node->GetId()) +
                                " has no GslNetDevice on the given channel; install one "
                                "(GslHelper) on both the access and the satellite channel");
}

Ipv4Address
CachingPacketDelivery::AddressOf(Ptr<GslNetDevice> device)
{
    Ptr<Ipv4> ipv4 = device->GetNode()->GetObject<Ipv4>();
    const int32_t interface = ipv4 ? ipv4->GetInterfaceForDevice(device) : -1;
    if (interface < 0 || ipv4->GetNAddresses(interface) == 0)
    {
        throw std::invalid_argument("CachingPacketDelivery::Install: node " +
                                    std::to_string(device->GetNode()->GetId()) +
                                    " has no IPv4 address on its GSL device; install the "
                                    "Internet stack and assign addresses first");
    }
    return ipv4->GetAddress(interface, 0).GetLocal();
}

void
CachingPacketDelivery::Install(NodeContainer uavs,
                               NodeContainer ues,
                               Ptr<Node> satellite,
                               Ptr<GslChannel> accessChannel,
                               Ptr<GslChannel> satelliteChannel)
{
    NS_LOG_FUNCTION(this << uavs.GetN() << ues.GetN() << satellite);
    m_accessChannel = accessChannel;
    m_satelliteChannel = satelliteChannel;
    m_satelliteDevice = DeviceOn(satellite, satelliteChannel, "satellite");
    m_satelliteAddress = AddressOf(m_satelliteDevice);
    auto serve = [this](Ptr<Node> node) {
        auto server = CreateObjectWithAttributes<ContentServer>("Port", UintegerValue(m_port));
        node->AddApplication(server);
        m_servers.push_back(server);
    };
    auto client = [](Ptr<Node> node) {
        auto c = CreateObject<ContentClient>();
        node->AddApplication(c);
        return c;
    };
    for (uint32_t j = 0; j < uavs.GetN(); ++j)
    {
        m_uavAccess.push_back(DeviceOn(uavs.Get(j), accessChannel, "UAV"));
        m_satelliteTerminals.push_back(DeviceOn(uavs.Get(j), satelliteChannel, "UAV"));
        m_uavAddresses.push_back(AddressOf(m_uavAccess.back()));
        serve(uavs.Get(j));
        m_uavClients.push_back(client(uavs.Get(j)));
    }
    serve(satellite);
    for (uint32_t i = 0; i < ues.GetN(); ++i)
    {
        m_ueAccess.push_back(DeviceOn(ues.Get(i), accessChannel, "UE"));
        m_ueSatellite.push_back(DeviceOn(ues.Get(i), satelliteChannel, "UE"));
        m_satelliteTerminals.push_back(m_ueSatellite.back());
        m_ueClients.push_back(client(ues.Get(i)));
    }
}

double
CachingPacketDelivery::UsableRate(Ptr<GslChannel> channel, double budgetRate, double sinrDb)
{
    DoubleValue minSinr;
    channel->GetAttribute("MinSinr", minSinr);
    return sinrDb < minSinr.Get() ? 0.0 : budgetRate / BITS_PER_MBIT;
}

uint64_t
CachingPacketDelivery::ToBytes(double sizeMbit)
{
    return static_cast<uint64_t>(std::llround(sizeMbit * BITS_PER_MBIT / 8.0));
}

std::vector<double>
CachingPacketDelivery::GetUavRates() const
{
    const std::size_t numUavs = m_uavAccess.size();
    std::vector<double> rates(m_ueAccess.size() * numUavs);
    for (std::size_t j = 0; j < numUavs; ++j)
    {
        UintegerValue carrier;
        m_uavAccess[j]->GetAttribute("FirstSubChannel", carrier);
        for (std::size_t i = 0; i < m_ueAccess.size(); ++i)
        {
            const GslChannel::Budget budget =
                m_accessChannel->GetBudget(m_uavAccess[j], m_ueAccess[i], carrier.Get(), false);
            rates[i * numUavs + j] = UsableRate(m_accessChannel, budget.rate, budget.sinrDb);
        }
    }
    return rates;
}

std::vector<double>
CachingPacketDelivery::GetSatelliteRates() const
{
    std::vector<double> rates;
    for (const Ptr<GslNetDevice>& ue : m_ueSatellite)
    {
        const GslChannel::Budget budget =
            m_satelliteChannel->GetBudget(m_satelliteDevice, ue, 0, false);
        rates.push_back(UsableRate(m_satelliteChannel, budget.rate, budget.sinrDb));
    }
    return rates;
}

void
CachingPacketDelivery::BeginSlot(const std::vector<uint8_t>& accessPoint,
                                 const std::vector<uint32_t>& contents,
                                 const std::vector<double>& contentSizes,
                                 const std::vector<std::pair<uint32_t, uint32_t>>& placements,
                                 const std::vector<uint8_t>& fullNode)
{
    NS_LOG_FUNCTION(this);
    m_chainRestored = 0;
    for (std::size_t j = 0; j < m_uavChain.size(); ++j)
    {
        Ptr<Ledger> ledger = m_uavChain[j]->GetLedger();
        if (fullNode.at(j))
        {
            m_chainRestored += ledger->Restore(*m_satelliteChain->GetLedger());
        }
        else
        {
            ledger->Prune();
        }
    }
    const uint32_t numUavs = m_uavAccess.size();
    for (const Ptr<GslNetDevice>& terminal : m_satelliteTerminals)
    {
        if (!terminal->GetAttachedSatellite())
        {
            terminal->UpdateAttachment(); // at time 0 the devices may not have decided yet
        }
    }
    m_ueFetch.assign(m_ueAccess.size(), 0);
    for (std::size_t i = 0; i < m_ueAccess.size(); ++i)
    {
        const uint64_t bytes = ToBytes(contentSizes.at(contents.at(i)));
        Ipv4Address server = m_satelliteAddress;
        if (accessPoint.at(i) < numUavs)
        {
            Ptr<GslNetDevice> uav = m_uavAccess[accessPoint[i]];
            if (m_ueAccess[i]->GetAttachedSatellite() != uav)
            {
                m_ueAccess[i]->AttachTo(uav);
            }
            server = m_uavAddresses[accessPoint[i]];
        }
        m_ueFetch[i] = m_ueClients[i]->Fetch(server, m_port, contents[i], bytes);
    }
    m_backhaul.clear();
    for (const auto& [uav, content] : placements)
    {
        const uint32_t fetch = m_uavClients.at(uav)->Fetch(m_satelliteAddress,
                                                           m_port,
                                                           content,
                                                           ToBytes(contentSizes.at(content)));
        m_backhaul.emplace_back(uav, fetch);
    }
}

CachingSlotDeliveries
CachingPacketDelivery::EndSlot()
{
    NS_LOG_FUNCTION(this);
    CachingSlotDeliveries deliveries;
    const double mbitPerByte = 8.0 / BITS_PER_MBIT;
    for (std::size_t i = 0; i < m_ueClients.size(); ++i)
    {
        deliveries.ueReceived.push_back(
            m_ueFetch.empty() ? 0.0 : m_ueClients[i]->GetReceivedBytes(m_ueFetch[i]) * mbitPerByte);
    }
    deliveries.backhaulReceived.assign(m_uavClients.size(), 0.0);
    for (const auto& [uav, fetch] : m_backhaul)
    {
        deliveries.backhaulReceived[uav] +=
            m_uavClients[uav]->GetReceivedBytes(fetch) * mbitPerByte;
        deliveries.placementsFetched +=
            m_uavClients[uav]->GetCompletionTime(fetch).IsPositive() ? 1 : 0;
    }
    deliveries.chainRestored = m_chainRestored * mbitPerByte;
    for (const Ptr<ContentServer>& server : m_servers)
    {
        server->StopAll();
    }
    for (const Ptr<ContentClient>& c : m_ueClients)
    {
        c->Clear();
    }
    for (const Ptr<ContentClient>& c : m_uavClients)
    {
        c->Clear();
    }
    m_ueFetch.clear();
    m_backhaul.clear();
    return deliveries;
}

void
CachingPacketDelivery::SetBlockchain(Ptr<BlockchainNode> satellite,
                                     std::vector<Ptr<BlockchainNode>> uavs)
{
    NS_LOG_FUNCTION(this << satellite << uavs.size());
    if (!satellite || uavs.size() != m_uavAccess.size())
    {
        throw std::invalid_argument("CachingPacketDelivery::SetBlockchain: give the satellite's "
                                    "node and one node per UAV (" +
                                    std::to_string(m_uavAccess.size()) + "), after Install");
    }
    m_satelliteChain = satellite;
    m_uavChain = std::move(uavs);
    // Each server signs its delivery records with its own key, derived once here.
    m_uavKeys.clear();
    for (const Ptr<BlockchainNode>& uav : m_uavChain)
    {
        m_uavKeys.push_back(Ed25519KeyPair::ForNode(uav->GetNode()->GetId(), DELIVERY_KEY_INDEX));
    }
    m_satelliteKey = std::make_unique<Ed25519KeyPair>(
        Ed25519KeyPair::ForNode(satellite->GetNode()->GetId(), DELIVERY_KEY_INDEX));
}

bool
CachingPacketDelivery::HasBlockchain() const
{
    return m_satelliteChain != nullptr;
}

std::pair<double, double>
CachingPacketDelivery::GetChainSizes() const
{
    Ptr<Ledger> ledger = m_satelliteChain->GetLedger();
    uint64_t headers = 0;
    for (const auto& hash : ledger->GetMainChain())
    {
        headers += ledger->GetHeader(hash).GetSerializedSize();
    }
    const double mbitPerByte = 8.0 / BITS_PER_MBIT;
    return {ledger->GetStorageBytes() * mbitPerByte, headers * mbitPerByte};
}

uint64_t
CachingPacketDelivery::GetUavChainBytes(uint32_t j) const
{
    return m_uavChain.at(j)->GetLedger()->GetStorageBytes();
}

uint32_t
CachingPacketDelivery::RecordDeliveries(uint32_t slot,
                                        const CachingSlotInput& input,
                                        const std::vector<uint8_t>& accessPoint,
                                        const std::vector<double>& delivered)
{
    NS_LOG_FUNCTION(this << slot);
    if (!HasBlockchain())
    {
        return 0;
    }
    const uint32_t numUavs = m_uavChain.size();
    uint32_t submitted = 0;
    for (std::size_t i = 0; i < delivered.size(); ++i)
    {
        if (!(delivered[i] > 0))
        {
            continue;
        }
        const bool onSatellite = accessPoint.at(i) == numUavs;
        Ptr<BlockchainNode> server = onSatellite ? m_satelliteChain : m_uavChain[accessPoint[i]];
        ContentDelivery record;
        record.content = input.requests.at(i);
        record.server = server->GetNode()->GetId();
        record.user = m_ueAccess.at(i)->GetNode()->GetId();
        record.slot = slot;
        record.deliveredBits = static_cast<uint64_t>(std::llround(delivered[i] * BITS_PER_MBIT));
        // Eq. (12): the UE pays the access point's price per Mbit delivered.
        record.payment = (onSatellite ? input.satellitePrice : input.uavPrices.at(accessPoint[i])) *
                         delivered[i];
        const Ed25519KeyPair& key = onSatellite ? *m_satelliteKey : m_uavKeys[accessPoint[i]];
        // The nonce makes every (slot, UE) record unique.
        const uint64_t nonce = uint64_t(slot) * delivered.size() + i;
        submitted += server->SubmitTransaction(Transaction::Create(record, nonce, key)) ? 1 : 0;
    }
    return submitted;
}

} // namespace sagin
} // namespace ns3
