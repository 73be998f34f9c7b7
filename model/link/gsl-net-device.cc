// SPDX-License-Identifier: GPL-2.0-only

#include "gsl-net-device.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/drop-tail-queue.h"
#include "ns3/enum.h"
#include "ns3/ethernet-header.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/ns3-release-compat.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <set>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginGslNetDevice");
NS_OBJECT_ENSURE_REGISTERED(GslNetDevice);

uint64_t GslNetDevice::s_created = 0;

TypeId
GslNetDevice::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::GslNetDevice")
            .SetParent<NetDevice>()
            .SetGroupName("Sagin")
            .AddConstructor<GslNetDevice>()
            .AddAttribute("Role",
                          "Ground (ground station, UE, UAV) or satellite end of the link.",
                          EnumValue(GslNetDevice::GROUND),
                          MakeEnumAccessorFor<GslNetDevice::Role>(&GslNetDevice::m_role),
                          MakeEnumChecker(GslNetDevice::GROUND,
                                          "Ground",
                                          GslNetDevice::SATELLITE,
                                          "Satellite"))
            .AddAttribute("TxPower",
                          "EIRP towards the other end: transmit power plus antenna gain "
                          "(dBm). The default closes the default channel's link at 25 "
                          "degrees elevation from 550 km (7-13 Mbit/s per sub-channel; "
                          "the manual's link budget); study A's devices: P = 0.5 W = "
                          "26.99 dBm.",
                          DoubleValue(50.0),
                          MakeDoubleAccessor(&GslNetDevice::m_txPower),
                          MakeDoubleChecker<double>())
            .AddAttribute("Mtu",
                          "Largest payload of a frame (bytes).",
                          UintegerValue(1500),
                          MakeUintegerAccessor(&GslNetDevice::SetMtu, &GslNetDevice::GetMtu),
                          MakeUintegerChecker<uint16_t>(68))
            .AddAttribute("QueueSize",
                          "Capacity of each transmit queue (one per destination on a "
                          "satellite).",
                          QueueSizeValue(QueueSize("100p")),
                          MakeQueueSizeAccessor(&GslNetDevice::m_queueSize),
                          MakeQueueSizeChecker())
            .AddAttribute("FirstSubChannel",
                          "Satellite side: where the cell starts handing out sub-channels, "
                          "each user the first free one from here on, wrapping around. "
                          "Neighbouring cells that start apart do not share sub-channels "
                          "until they fill up (frequency planning). Below the channel's "
                          "SubChannels: setting it, or the channel, otherwise throws "
                          "std::invalid_argument.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&GslNetDevice::SetFirstSubChannel,
                                               &GslNetDevice::GetFirstSubChannel),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute(
                "CellScheduling",
                "Satellite side: Ofdma gives each attached user its own sub-channel "
                "and transmitter (in parallel); AirtimeFair uses FirstSubChannel for "
                "every user and one frame at a time, the backlogged user with the "
                "least airtime first (k busy users each get R_i / k, study C's "
                "equal split of a UAV's bandwidth and power); the cell also "
                "schedules its users' uplink the same way, one frame at a time (apart "
                "from the downlink), so their frames do not collide. OfdmaTdma is "
                "Ofdma whose users may share a sub-channel (UseSubChannel: study B's "
                "channels leased to several users by TDMA): the users sharing one in "
                "one beam take turns on the uplink the same way, one frame at a time.",
                EnumValue(GslNetDevice::OFDMA),
                MakeEnumAccessorFor<GslNetDevice::CellScheduling>(&GslNetDevice::m_cellScheduling),
                MakeEnumChecker(GslNetDevice::OFDMA,
                                "Ofdma",
                                GslNetDevice::AIRTIME_FAIR,
                                "AirtimeFair",
                                GslNetDevice::OFDMA_TDMA,
                                "OfdmaTdma"))
            .AddAttribute("AttachmentInterval",
                          "Ground side: time between attachment decisions; 0 = decide once "
                          "at start.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&GslNetDevice::m_attachmentInterval),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("AttachmentPolicy",
                          "Ground side: chooses the satellite to attach to; null: only "
                          "AttachTo() attaches (an operator decides, e.g. study C's slot "
                          "controller).",
                          StringValue("ns3::sagin::HighestElevationAttachmentPolicy"),
                          MakePointerAccessor(&GslNetDevice::m_policy),
                          MakePointerChecker<GslAttachmentPolicy>())
            .AddTraceSource("MacTx",
                            "A packet was accepted from above for transmission.",
                            MakeTraceSourceAccessor(&GslNetDevice::m_macTxTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("MacRx",
                            "A packet was passed up the stack.",
                            MakeTraceSourceAccessor(&GslNetDevice::m_macRxTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("PhyTxBegin",
                            "A frame was put on the air.",
                            MakeTraceSourceAccessor(&GslNetDevice::m_phyTxBeginTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("PhyRxEnd",
                            "The last bit of a frame was received.",
                            MakeTraceSourceAccessor(&GslNetDevice::m_phyRxEndTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("Sniffer",
                            "Frames sent or received by this node (pcap).",
                            MakeTraceSourceAccessor(&GslNetDevice::m_snifferTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("PromiscSniffer",
                            "Frames sent or received, promiscuously (pcap).",
                            MakeTraceSourceAccessor(&GslNetDevice::m_promiscSnifferTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("MacTxDrop",
                            "A packet was dropped before transmission: no satellite, a "
                            "destination not attached, a full queue (ns-3's device trace; "
                            "Drop gives the reason).",
                            MakeTraceSourceAccessor(&GslNetDevice::m_macTxDropTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("PhyTxDrop",
                            "A frame was not sent: its SINR was below the channel's MinSinr "
                            "(ns-3's device trace; Drop gives the reason).",
                            MakeTraceSourceAccessor(&GslNetDevice::m_phyTxDropTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("Drop",
                            "A packet could not be sent; the reason is NoSatellite, "
                            "NotAttached, LowSinr or QueueFull.",
                            MakeTraceSourceAccessor(&GslNetDevice::m_dropTrace),
                            "ns3::sagin::GslNetDevice::DropTracedCallback")
            .AddTraceSource("Handover",
                            "A ground device changed satellite (either may be null).",
                            MakeTraceSourceAccessor(&GslNetDevice::m_handoverTrace),
                            "ns3::sagin::GslNetDevice::HandoverTracedCallback")
            .AddTraceSource("Attachments",
                            "The set of satellites a ground device is attached to changed "
                            "(its primary or any other).",
                            MakeTraceSourceAccessor(&GslNetDevice::m_attachmentsTrace),
                            "ns3::sagin::GslNetDevice::AttachmentsTracedCallback");
    return tid;
}

GslNetDevice::GslNetDevice()
    : m_role(GROUND),
      m_cellScheduling(OFDMA),
      m_cellBusy(false),
      m_txPower(26.99),
      m_mtu(1500),
      m_queueSize("100p"),
      m_attachmentInterval(Seconds(1)),
      m_ifIndex(0),
      m_address(Mac48Address::Allocate()),
      m_serial(s_created++),
      m_subChannel(0),
      m_beam(0),
      m_firstSubChannel(0)
{
    NS_LOG_FUNCTION(this);
}

void
GslNetDevice::DoInitialize()
{
    NS_LOG_FUNCTION(this);
    if (m_role == GROUND && m_channel && m_policy)
    {
        // First decision now, then every interval. Now, not in an event: the nodes are
        // initialized before any of their applications start, so an application started
        // at t = 0 finds the station attached and routed (a TCP connection whose first
        // route lookup fails never sends its SYN).
        UpdateAttachment();
    }
    NetDevice::DoInitialize();
}

void
GslNetDevice::DoDispose()
{
    NS_LOG_FUNCTION(this);
    // The events hold a raw pointer to this device: none may run once it is gone.
    m_attachmentEvent.Cancel();
    m_cellEvent.Cancel();
    for (auto& [key, group] : m_uplinkGroups)
    {
        group.event.Cancel();
    }
    m_uplinkGroups.clear();
    for (auto& [key, transmitter] : m_transmitters)
    {
        transmitter.event.Cancel();
        transmitter.queue->Dispose();
    }
    m_channel = nullptr;
    m_node = nullptr;
    m_satellite = nullptr;
    m_secondary.clear();
    m_policy = nullptr;
    m_grounds.clear();
    m_transmitters.clear();
    m_rxCallback =
        MakeNullCallback<bool, Ptr<NetDevice>, Ptr<const Packet>, uint16_t, const Address&>();
    NetDevice::DoDispose();
}

bool
GslNetDevice::ByCreation::operator()(const Ptr<GslNetDevice>& a, const Ptr<GslNetDevice>& b) const
{
    return b && (!a || a->m_serial < b->m_serial);
}

bool
GslNetDevice::IsSatellite() const
{
    NS_LOG_FUNCTION(this);
    return m_role == SATELLITE;
}

bool
GslNetDevice::SchedulesUplink() const
{
    NS_LOG_FUNCTION(this);
    return m_role == SATELLITE &&
           (m_cellScheduling == AIRTIME_FAIR || m_cellScheduling == OFDMA_TDMA);
}

double
GslNetDevice::GetTxPower() const
{
    NS_LOG_FUNCTION(this);
    return m_txPower;
}

void
GslNetDevice::SetChannel(Ptr<GslChannel> channel)
{
    NS_LOG_FUNCTION(this << channel);
    // Checked here, before the simulation, rather than when the first user attaches: an
    // exception out of an event leaks the event (ns-3 does not release it).
    CheckFirstSubChannel(m_firstSubChannel, channel->GetSubChannels());
    m_channel = channel;
    channel->Add(this);
}

void
GslNetDevice::SetFirstSubChannel(uint32_t first)
{
    NS_LOG_FUNCTION(this << first);
    if (m_channel)
    {
        CheckFirstSubChannel(first, m_channel->GetSubChannels());
    }
    m_firstSubChannel = first;
}

void
GslNetDevice::SetQueueFactory(const ObjectFactory& factory)
{
    NS_LOG_FUNCTION(this);
    m_queueFactory = factory;
}

uint32_t
GslNetDevice::GetFirstSubChannel() const
{
    NS_LOG_FUNCTION(this);
    return m_firstSubChannel;
}

void
GslNetDevice::CheckFirstSubChannel(uint32_t first, uint32_t subChannels) const
{
    NS_LOG_FUNCTION(this << first << subChannels);
    if (first >= subChannels)
    {
        throw std::invalid_argument(
            "GslNetDevice: FirstSubChannel " + std::to_string(first) + " of node " +
            (m_node ? std::to_string(m_node->GetId()) : std::string("(none yet)")) +
            " is out of range: the channel has " + std::to_string(subChannels) +
            " sub-channels (0.." + std::to_string(subChannels - 1) +
            "); lower FirstSubChannel or raise the channel's SubChannels");
    }
}

Ptr<GslNetDevice>
GslNetDevice::GetAttachedSatellite() const
{
    NS_LOG_FUNCTION(this);
    return m_satellite;
}

std::vector<Ptr<GslNetDevice>>
GslNetDevice::GetAttachedSatellites() const
{
    NS_LOG_FUNCTION(this);
    std::vector<Ptr<GslNetDevice>> satellites;
    if (m_satellite)
    {
        satellites.push_back(m_satellite);
    }
    for (const auto& [satellite, subChannel] : m_secondary)
    {
        satellites.push_back(satellite);
    }
    return satellites;
}

void
GslNetDevice::ForEachLink(const std::function<void(Ptr<GslNetDevice>, uint32_t)>& visit) const
{
    if (m_satellite)
    {
        visit(m_satellite, m_subChannel);
    }
    for (const auto& [satellite, subChannel] : m_secondary)
    {
        visit(satellite, subChannel);
    }
}

bool
GslNetDevice::IsAttachedTo(Ptr<GslNetDevice> satellite) const
{
    NS_LOG_FUNCTION(this << satellite);
    return satellite && (satellite == m_satellite || m_secondary.count(satellite));
}

std::vector<Ptr<GslNetDevice>>
GslNetDevice::GetAttachedGrounds() const
{
    NS_LOG_FUNCTION(this);
    std::vector<Ptr<GslNetDevice>> grounds;
    for (const auto& [ground, subChannel] : m_grounds)
    {
        grounds.push_back(ground);
    }
    return grounds;
}

uint32_t
GslNetDevice::GetSubChannel() const
{
    NS_LOG_FUNCTION(this);
    return m_subChannel;
}

uint32_t
GslNetDevice::GetSubChannelTo(Ptr<GslNetDevice> satellite) const
{
    if (satellite && satellite == m_satellite)
    {
        return m_subChannel;
    }
    auto found = m_secondary.find(satellite);
    if (found == m_secondary.end())
    {
        throw std::invalid_argument("GslNetDevice::GetSubChannelTo: the ground device is not "
                                    "attached to that satellite (GetAttachedSatellites)");
    }
    return found->second;
}

uint32_t
GslNetDevice::Accept(Ptr<GslNetDevice> ground, const std::set<uint32_t>& avoid)
{
    NS_LOG_FUNCTION(this << ground);
    // The first sub-channel from FirstSubChannel on that nobody in the cell uses; when all
    // are taken they are shared: in an Ofdma cell their frames interfere (a scheduler would
    // refuse the user), in an OfdmaTdma cell they take turns on the uplink.
    const uint32_t count = m_channel->GetSubChannels();
    // SetChannel, SetFirstSubChannel and the channel's SetSubChannels keep this true: an
    // invariant, not an input check.
    NS_ABORT_MSG_IF(m_firstSubChannel >= count,
                    "GslNetDevice: FirstSubChannel " << m_firstSubChannel << " >= SubChannels "
                                                     << count);
    if (m_cellScheduling == AIRTIME_FAIR)
    {
        m_grounds[ground] = m_firstSubChannel; // one carrier for the whole cell
        JoinUplinkGroup(ground);
        return m_firstSubChannel;
    }
    // A ground device attached to several satellites sends on all its links at once: on one
    // sub-channel its own frames would interfere with each other.
    std::set<uint32_t> used = avoid;
    for (const auto& [other, subChannel] : m_grounds)
    {
        used.insert(subChannel);
    }
    uint32_t subChannel = m_firstSubChannel;
    for (uint32_t tried = 1; used.count(subChannel) && tried < count; ++tried)
    {
        subChannel = (subChannel + 1) % count;
    }
    m_grounds[ground] = subChannel;
    if (SchedulesUplink() && ground->m_satellite == this)
    {
        JoinUplinkGroup(ground);
    }
    return subChannel;
}

void
GslNetDevice::JoinUplinkGroup(Ptr<GslNetDevice> ground)
{
    // A user joining a group gets no credit for airtime it used elsewhere.
    Transmitter& uplink = ground->TransmitterTo(nullptr);
    uplink.airtime = std::max(uplink.airtime, m_uplinkGroups[UplinkKeyOf(ground)].virtualTime);
}

std::set<uint32_t>
GslNetDevice::SubChannelsBesides(Ptr<GslNetDevice> except) const
{
    std::set<uint32_t> used;
    if (m_satellite && m_satellite != except)
    {
        used.insert(m_subChannel);
    }
    for (const auto& [satellite, subChannel] : m_secondary)
    {
        if (satellite != except)
        {
            used.insert(subChannel);
        }
    }
    return used;
}

void
GslNetDevice::Release(Ptr<GslNetDevice> ground)
{
    NS_LOG_FUNCTION(this << ground);
    m_grounds.erase(ground);
    DropTransmitter(ground);
}

void
GslNetDevice::DropTransmitter(Ptr<GslNetDevice> peer)
{
    NS_LOG_FUNCTION(this << peer);
    auto transmitter = m_transmitters.find(peer);
    if (transmitter != m_transmitters.end())
    {
        // Frames queued for a peer that left are lost with it.
        transmitter->second.event.Cancel();
        transmitter->second.queue->Dispose();
        m_transmitters.erase(transmitter);
    }
}

void
GslNetDevice::AttachTo(Ptr<GslNetDevice> satellite)
{
    NS_LOG_FUNCTION(this << satellite);
    AttachToAll(satellite ? std::vector<Ptr<GslNetDevice>>{satellite}
                          : std::vector<Ptr<GslNetDevice>>{});
}

void
GslNetDevice::AttachToAll(const std::vector<Ptr<GslNetDevice>>& satellites)
{
    NS_LOG_FUNCTION(this);
    if (IsSatellite())
    {
        throw std::invalid_argument("GslNetDevice::AttachToAll: a satellite's device does not "
                                    "attach; call it on a ground device");
    }
    for (const auto& satellite : satellites)
    {
        if (!satellite || !satellite->IsSatellite())
        {
            throw std::invalid_argument("GslNetDevice::AttachToAll: a device given is not a "
                                        "satellite's; give satellite-side GslNetDevices only");
        }
    }
    Ptr<GslNetDevice> primary = satellites.empty() ? nullptr : satellites.front();
    std::set<Ptr<GslNetDevice>, ByCreation> others;
    for (std::size_t i = 1; i < satellites.size(); ++i)
    {
        // A cell that schedules its uplink serves only the users it counts as its own.
        if (satellites[i] != primary && !satellites[i]->SchedulesUplink())
        {
            others.insert(satellites[i]);
        }
    }
    bool changed = false;
    // Links that end first, so a satellite moving between primary and the others is released
    // and accepted again (a new sub-channel, its queued frames lost as in a handover).
    for (auto it = m_secondary.begin(); it != m_secondary.end();)
    {
        if (others.count(it->first))
        {
            ++it;
            continue;
        }
        it->first->Release(this);
        DropTransmitter(it->first);
        it = m_secondary.erase(it);
        changed = true;
    }
    changed = SetPrimary(primary) || changed;
    for (const auto& satellite : others)
    {
        if (!m_secondary.count(satellite))
        {
            m_secondary[satellite] = satellite->Accept(this, SubChannelsBesides(satellite));
            changed = true;
        }
    }
    if (changed)
    {
        m_attachmentsTrace(this);
    }
}

bool
GslNetDevice::SetPrimary(Ptr<GslNetDevice> satellite)
{
    NS_LOG_FUNCTION(this << satellite);
    if (satellite == m_satellite)
    {
        return false;
    }
    Ptr<GslNetDevice> previous = m_satellite;
    if (previous)
    {
        previous->Release(this);
    }
    m_satellite = satellite;
    m_beam = 0; // a new cell allocates afresh
    if (satellite)
    {
        m_subChannel = satellite->Accept(this, SubChannelsBesides(satellite));
    }
    NS_LOG_INFO("node " << m_node->GetId() << " hands over from "
                        << (previous ? int(previous->GetNode()->GetId()) : -1) << " to "
                        << (satellite ? int(satellite->GetNode()->GetId()) : -1));
    m_handoverTrace(this, previous, satellite);
    if (!previous || !satellite)
    {
        NotifyLinkChange();
    }
    if (satellite)
    {
        StartTransmitter(nullptr);
    }
    return true;
}

void
GslNetDevice::UpdateAttachment()
{
    NS_LOG_FUNCTION(this);
    if (!m_policy)
    {
        return; // attached by AttachTo only
    }
    AttachToAll(m_policy->ChooseAll(this, m_satellite, m_channel->GetSatellites()));
    if (m_attachmentInterval.IsStrictlyPositive())
    {
        m_attachmentEvent =
            Simulator::Schedule(m_attachmentInterval, &GslNetDevice::UpdateAttachment, this);
    }
}

Ptr<Queue<Packet>>
GslNetDevice::GetUplinkQueue()
{
    NS_LOG_FUNCTION(this);
    if (IsSatellite())
    {
        throw std::logic_error("GslNetDevice::GetUplinkQueue: a satellite's device has a queue "
                               "per attached user, no uplink queue");
    }
    return TransmitterTo(nullptr).queue;
}

GslNetDevice::Transmitter&
GslNetDevice::TransmitterTo(Ptr<GslNetDevice> key)
{
    NS_LOG_FUNCTION(this << key);
    auto found = m_transmitters.find(key);
    if (found == m_transmitters.end())
    {
        Transmitter transmitter;
        if (m_queueFactory.IsTypeIdSet())
        {
            transmitter.queue = m_queueFactory.Create<Queue<Packet>>();
        }
        else
        {
            transmitter.queue = CreateObject<DropTailQueue<Packet>>();
            transmitter.queue->SetMaxSize(m_queueSize);
        }
        found = m_transmitters.emplace(key, transmitter).first;
    }
    return found->second;
}

bool
GslNetDevice::Enqueue(Ptr<Packet> packet,
                      Ptr<GslNetDevice> key,
                      Mac48Address destination,
                      uint16_t protocolNumber)
{
    NS_LOG_FUNCTION(this << packet << key << destination << protocolNumber);
    EthernetHeader header(false);
    header.SetSource(m_address);
    header.SetDestination(destination);
    header.SetLengthType(protocolNumber);
    packet->AddHeader(header);
    Transmitter& transmitter = TransmitterTo(key);
    // The airtime clock of the cell this transmitter shares: the satellite's downlink, or
    // (ground side) the uplink of the satellite it is attached to.
    const Time virtualTime =
        key ? m_virtualTime
            : (m_satellite->SchedulesUplink()
                   ? m_satellite->m_uplinkGroups[m_satellite->UplinkKeyOf(this)].virtualTime
                   : Time());
    if (transmitter.queue->IsEmpty() && transmitter.airtime < virtualTime)
    {
        // A user returning from idle does not get credit for the time it did not use.
        transmitter.airtime = virtualTime;
    }
    if (!transmitter.queue->Enqueue(packet))
    {
        DropPacket(packet, "QueueFull");
        return false;
    }
    StartTransmitter(key);
    return true;
}

bool
GslNetDevice::Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber)
{
    NS_LOG_FUNCTION(this << packet << dest << protocolNumber);
    m_macTxTrace(packet);
    const Mac48Address to = Mac48Address::ConvertFrom(dest);
    if (!IsSatellite())
    {
        if (!m_satellite)
        {
            DropPacket(packet, "NoSatellite");
            return false;
        }
        for (const auto& [satellite, subChannel] : m_secondary)
        {
            if (satellite->m_address == to)
            {
                return Enqueue(packet, satellite, to, protocolNumber);
            }
        }
        // Every other uplink frame is for the primary satellite, whatever an ARP cache said.
        return Enqueue(packet,
                       nullptr,
                       to.IsBroadcast() ? to : m_satellite->m_address,
                       protocolNumber);
    }
    if (to.IsBroadcast() || to.IsGroup())
    {
        bool queued = !m_grounds.empty();
        for (const auto& [ground, subChannel] : m_grounds)
        {
            queued = Enqueue(packet->Copy(), ground, to, protocolNumber) && queued;
        }
        return queued;
    }
    for (const auto& [ground, subChannel] : m_grounds)
    {
        if (ground->m_address == to)
        {
            return Enqueue(packet, ground, to, protocolNumber);
        }
    }
    DropPacket(packet, "NotAttached");
    return false;
}

void
GslNetDevice::StartTransmitter(Ptr<GslNetDevice> key)
{
    NS_LOG_FUNCTION(this << key);
    if (key && IsSatellite() && m_cellScheduling == AIRTIME_FAIR)
    {
        StartCellTransmitter();
        return;
    }
    auto found = m_transmitters.find(key);
    if (found == m_transmitters.end() || found->second.busy || found->second.queue->IsEmpty())
    {
        return;
    }
    if (!key && !m_satellite)
    {
        return; // a ground device waits for a satellite
    }
    if (!key && m_satellite->SchedulesUplink())
    {
        m_satellite->StartCellUplink(m_satellite->UplinkKeyOf(this)); // the cell says when
        return;
    }
    Transmitter& transmitter = found->second;
    const Time duration = SendHeadOfLine(key, transmitter);
    // One pending event per transmitter: a retry still pending now would find it busy (or
    // already retrying) and do nothing.
    if (duration.IsNegative())
    {
        if (transmitter.event.IsExpired())
        {
            transmitter.event = Simulator::ScheduleNow(&GslNetDevice::StartTransmitter, this, key);
        }
        return;
    }
    transmitter.busy = true;
    transmitter.event.Cancel();
    transmitter.event = Simulator::Schedule(duration, &GslNetDevice::TransmitComplete, this, key);
}

void
GslNetDevice::StartCellTransmitter()
{
    NS_LOG_FUNCTION(this);
    if (m_cellBusy)
    {
        return;
    }
    // The least airtime first; ties go to the lower node id, so runs are reproducible.
    Ptr<GslNetDevice> next;
    Transmitter* chosen = nullptr;
    for (auto& [key, transmitter] : m_transmitters)
    {
        if (!key || transmitter.queue->IsEmpty())
        {
            continue;
        }
        if (!chosen || transmitter.airtime < chosen->airtime ||
            (transmitter.airtime == chosen->airtime &&
             key->GetNode()->GetId() < next->GetNode()->GetId()))
        {
            next = key;
            chosen = &transmitter;
        }
    }
    if (!chosen)
    {
        return;
    }
    m_virtualTime = chosen->airtime;
    const Time duration = SendHeadOfLine(next, *chosen);
    if (duration.IsNegative())
    {
        if (m_cellEvent.IsExpired())
        {
            m_cellEvent = Simulator::ScheduleNow(&GslNetDevice::StartCellTransmitter, this);
        }
        return;
    }
    chosen->airtime += duration;
    m_cellBusy = true;
    m_cellEvent.Cancel(); // a pending retry would find the cell busy
    m_cellEvent = Simulator::Schedule(duration, &GslNetDevice::TransmitComplete, this, next);
}

GslNetDevice::UplinkKey
GslNetDevice::UplinkKeyOf(Ptr<GslNetDevice> ground) const
{
    return {ground->m_beam, m_grounds.at(ground)};
}

void
GslNetDevice::StartCellUplink(UplinkKey key)
{
    NS_LOG_FUNCTION(this << key.first << key.second);
    UplinkGroup& group = m_uplinkGroups[key];
    if (group.busy)
    {
        return;
    }
    // The group's backlogged user with the least airtime first; ties go to the lower node id.
    Ptr<GslNetDevice> next;
    Transmitter* chosen = nullptr;
    for (const auto& [ground, subChannel] : m_grounds)
    {
        if (subChannel != key.second || ground->m_beam != key.first)
        {
            continue;
        }
        auto uplink = ground->m_transmitters.find(nullptr);
        if (uplink == ground->m_transmitters.end() || uplink->second.busy ||
            uplink->second.queue->IsEmpty())
        {
            continue;
        }
        Transmitter& candidate = uplink->second;
        if (!chosen || candidate.airtime < chosen->airtime ||
            (candidate.airtime == chosen->airtime &&
             ground->GetNode()->GetId() < next->GetNode()->GetId()))
        {
            next = ground;
            chosen = &candidate;
        }
    }
    if (!chosen)
    {
        return;
    }
    group.virtualTime = chosen->airtime;
    const Time duration = next->SendHeadOfLine(nullptr, *chosen);
    if (duration.IsNegative())
    {
        if (group.event.IsExpired())
        {
            group.event = Simulator::ScheduleNow(&GslNetDevice::StartCellUplink, this, key);
        }
        return;
    }
    chosen->airtime += duration;
    chosen->busy = true;
    group.busy = true;
    group.event.Cancel(); // a pending retry would find the uplink busy
    group.event = Simulator::Schedule(duration, &GslNetDevice::CellUplinkComplete, this, next, key);
}

void
GslNetDevice::CellUplinkComplete(Ptr<GslNetDevice> ground, UplinkKey key)
{
    NS_LOG_FUNCTION(this << ground << key.first << key.second);
    m_uplinkGroups[key].busy = false;
    auto uplink = ground->m_transmitters.find(nullptr);
    if (uplink != ground->m_transmitters.end())
    {
        uplink->second.busy = false;
    }
    if (ground->m_satellite != this || UplinkKeyOf(ground) != key)
    {
        // It handed over, or moved to another sub-channel or beam, while its frame was on
        // the air: its next frame waits in its new group.
        ground->StartTransmitter(nullptr);
    }
    StartCellUplink(key);
}

void
GslNetDevice::UseSubChannel(uint32_t subChannel, uint32_t beam)
{
    NS_LOG_FUNCTION(this << subChannel << beam);
    const std::string device = "GslNetDevice::UseSubChannel (node " +
                               (m_node ? std::to_string(m_node->GetId()) : std::string("?")) +
                               "): ";
    if (IsSatellite() || !m_satellite)
    {
        throw std::invalid_argument(device + "only a ground device attached to a satellite "
                                             "chooses its sub-channel; attach it first");
    }
    if (subChannel >= m_channel->GetSubChannels())
    {
        throw std::invalid_argument(device + "sub-channel " + std::to_string(subChannel) +
                                    " is not below the channel's SubChannels (" +
                                    std::to_string(m_channel->GetSubChannels()) +
                                    "); raise SubChannels or choose a lower one");
    }
    if (m_satellite->m_cellScheduling == AIRTIME_FAIR)
    {
        throw std::invalid_argument(device + "an AirtimeFair cell uses one carrier for every "
                                             "user; use an Ofdma or OfdmaTdma cell");
    }
    m_subChannel = subChannel;
    m_beam = beam;
    m_satellite->m_grounds[this] = subChannel;
    if (m_satellite->SchedulesUplink())
    {
        m_satellite->JoinUplinkGroup(this);
    }
    if (!TransmitterTo(nullptr).busy)
    {
        StartTransmitter(nullptr);
    }
}

uint32_t
GslNetDevice::GetBeam() const
{
    NS_LOG_FUNCTION(this);
    return m_beam;
}

Time
GslNetDevice::SendHeadOfLine(Ptr<GslNetDevice> key, Transmitter& transmitter)
{
    NS_LOG_FUNCTION(this << key);
    Ptr<GslNetDevice> destination = key ? key : m_satellite;
    const uint32_t subChannel =
        !key ? m_subChannel : (IsSatellite() ? m_grounds.at(key) : m_secondary.at(key));
    Ptr<Packet> frame = transmitter.queue->Dequeue();
    std::string reason;
    const Time duration = m_channel->Transmit(this, destination, frame, subChannel, reason);
    if (duration.IsNegative())
    {
        DropPacket(frame, reason);
        return duration;
    }
    m_snifferTrace(frame);
    m_promiscSnifferTrace(frame);
    m_phyTxBeginTrace(frame);
    return duration;
}

void
GslNetDevice::TransmitComplete(Ptr<GslNetDevice> key)
{
    NS_LOG_FUNCTION(this << key);
    if (key && IsSatellite() && m_cellScheduling == AIRTIME_FAIR)
    {
        m_cellBusy = false;
        StartCellTransmitter();
        return;
    }
    auto found = m_transmitters.find(key);
    if (found != m_transmitters.end())
    {
        found->second.busy = false;
        StartTransmitter(key);
    }
}

void
GslNetDevice::Receive(Ptr<Packet> packet)
{
    NS_LOG_FUNCTION(this << packet);
    if (!m_node)
    {
        return; // disposed while the frame was on the air: no stack to pass it to
    }
    m_phyRxEndTrace(packet);
    m_snifferTrace(packet);
    m_promiscSnifferTrace(packet);
    EthernetHeader header(false);
    packet->RemoveHeader(header);
    const Mac48Address to = header.GetDestination();
    PacketType type = PACKET_OTHERHOST;
    if (to.IsBroadcast())
    {
        type = PACKET_BROADCAST;
    }
    else if (to.IsGroup())
    {
        type = PACKET_MULTICAST;
    }
    else if (to == m_address)
    {
        type = PACKET_HOST;
    }
    if (!m_promiscCallback.IsNull())
    {
        m_promiscCallback(this, packet, header.GetLengthType(), header.GetSource(), to, type);
    }
    if (type != PACKET_OTHERHOST)
    {
        m_macRxTrace(packet);
        m_rxCallback(this, packet, header.GetLengthType(), header.GetSource());
    }
}

void
GslNetDevice::DropPacket(Ptr<const Packet> packet, const std::string& reason)
{
    NS_LOG_FUNCTION(this << packet << reason);
    // LowSinr is the physical layer's refusal; the others happen before a frame is formed.
    if (reason == "LowSinr")
    {
        m_phyTxDropTrace(packet);
    }
    else
    {
        m_macTxDropTrace(packet);
    }
    m_dropTrace(packet, reason);
}

void
GslNetDevice::NotifyLinkChange()
{
    NS_LOG_FUNCTION(this);
    m_linkChangeCallbacks();
}

void
GslNetDevice::SetIfIndex(const uint32_t index)
{
    NS_LOG_FUNCTION(this << index);
    m_ifIndex = index;
}

uint32_t
GslNetDevice::GetIfIndex() const
{
    NS_LOG_FUNCTION(this);
    return m_ifIndex;
}

Ptr<Channel>
GslNetDevice::GetChannel() const
{
    NS_LOG_FUNCTION(this);
    return m_channel;
}

void
GslNetDevice::SetAddress(Address address)
{
    NS_LOG_FUNCTION(this << address);
    m_address = Mac48Address::ConvertFrom(address);
}

Address
GslNetDevice::GetAddress() const
{
    NS_LOG_FUNCTION(this);
    return m_address;
}

bool
GslNetDevice::SetMtu(const uint16_t mtu)
{
    NS_LOG_FUNCTION(this << mtu);
    m_mtu = mtu;
    return true;
}

uint16_t
GslNetDevice::GetMtu() const
{
    NS_LOG_FUNCTION(this);
    return m_mtu;
}

bool
GslNetDevice::IsLinkUp() const
{
    NS_LOG_FUNCTION(this);
    return m_channel && (IsSatellite() || m_satellite);
}

void
GslNetDevice::AddLinkChangeCallback(Callback<void> callback)
{
    NS_LOG_FUNCTION(this);
    m_linkChangeCallbacks.ConnectWithoutContext(callback);
}

bool
GslNetDevice::IsBroadcast() const
{
    NS_LOG_FUNCTION(this);
    return true;
}

Address
GslNetDevice::GetBroadcast() const
{
    NS_LOG_FUNCTION(this);
    return Mac48Address::GetBroadcast();
}

bool
GslNetDevice::IsMulticast() const
{
    NS_LOG_FUNCTION(this);
    return true;
}

Address
GslNetDevice::GetMulticast(Ipv4Address multicastGroup) const
{
    NS_LOG_FUNCTION(this << multicastGroup);
    return Mac48Address::GetMulticast(multicastGroup);
}

Address
GslNetDevice::GetMulticast(Ipv6Address addr) const
{
    NS_LOG_FUNCTION(this << addr);
    return Mac48Address::GetMulticast(addr);
}

bool
GslNetDevice::IsBridge() const
{
    NS_LOG_FUNCTION(this);
    return false;
}

bool
GslNetDevice::IsPointToPoint() const
{
    NS_LOG_FUNCTION(this);
    return false;
}

bool
GslNetDevice::SendFrom(Ptr<Packet> packet,
                       const Address& source,
                       const Address& dest,
                       uint16_t protocolNumber)
{
    NS_LOG_FUNCTION(this << packet << source << dest << protocolNumber);
    return false;
}

Ptr<Node>
GslNetDevice::GetNode() const
{
    NS_LOG_FUNCTION(this);
    return m_node;
}

void
GslNetDevice::SetNode(Ptr<Node> node)
{
    NS_LOG_FUNCTION(this << node);
    m_node = node;
}

bool
GslNetDevice::NeedsArp() const
{
    NS_LOG_FUNCTION(this);
    return true;
}

void
GslNetDevice::SetReceiveCallback(NetDevice::ReceiveCallback cb)
{
    NS_LOG_FUNCTION(this);
    m_rxCallback = cb;
}

void
GslNetDevice::SetPromiscReceiveCallback(NetDevice::PromiscReceiveCallback cb)
{
    NS_LOG_FUNCTION(this);
    m_promiscCallback = cb;
}

bool
GslNetDevice::SupportsSendFrom() const
{
    NS_LOG_FUNCTION(this);
    return false;
}

} // namespace sagin
} // namespace ns3
