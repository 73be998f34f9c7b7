// SPDX-License-Identifier: GPL-2.0-only

#include "gsl-helper.h"

#include "queue-factory.h"

#include "ns3/config.h"
#include "ns3/enum.h"
#include "ns3/gsl-net-device.h"
#include "ns3/log.h"
#include "ns3/net-device-queue-interface.h"
#include "ns3/pcap-file-wrapper.h"
#include "ns3/simulator.h"

#ifdef NS3_MPI
#include "distributed-simulator-impl.h" // src/mpi/model: not among ns-3.37's public headers

#include "ns3/gsl-remote-channel.h"
#include "ns3/mpi-interface.h"
#include "ns3/mpi-receiver.h"
#endif

#include <set>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginGslHelper");

GslHelper::GslHelper()
{
    m_channelFactory.SetTypeId("ns3::sagin::GslChannel");
    m_groundFactory.SetTypeId("ns3::sagin::GslNetDevice");
    m_groundFactory.Set("Role", EnumValue(GslNetDevice::GROUND));
    m_satelliteFactory.SetTypeId("ns3::sagin::GslNetDevice");
    m_satelliteFactory.Set("Role", EnumValue(GslNetDevice::SATELLITE));
}

void
GslHelper::SetChannelAttribute(const std::string& name, const AttributeValue& value)
{
    if (m_channel)
    {
        throw std::invalid_argument("GslHelper::SetChannelAttribute(" + name +
                                    "): the channel exists already; set its attributes before "
                                    "installing devices, or on GetChannel() directly");
    }
    m_channelFactory.Set(name, value);
}

void
GslHelper::SetQueue(const std::string& type, const std::string& name, const AttributeValue& value)
{
    m_queueFactory = MakeQueueFactory("GslHelper::SetQueue", type, name, value);
}

int64_t
GslHelper::AssignStreams(const NetDeviceContainer& devices, int64_t stream)
{
    std::set<Ptr<GslChannel>> channels;
    int64_t used = 0;
    for (auto i = devices.Begin(); i != devices.End(); ++i)
    {
        auto channel = DynamicCast<GslChannel>((*i)->GetChannel());
        if (channel && channels.insert(channel).second)
        {
            used += channel->AssignStreams(stream + used);
        }
    }
    return used;
}

void
GslHelper::SetGroundAttribute(const std::string& name, const AttributeValue& value)
{
    m_groundFactory.Set(name, value);
}

void
GslHelper::SetSatelliteAttribute(const std::string& name, const AttributeValue& value)
{
    m_satelliteFactory.Set(name, value);
}

Ptr<GslChannel>
GslHelper::GetChannel()
{
    if (!m_channel)
    {
#ifdef NS3_MPI
        // On several ranks any device may come to send to another rank's (attachments
        // change): the channel that can deliver there, which delivers on its own rank as
        // GslChannel does.
        if (MpiInterface::IsEnabled() && MpiInterface::GetSize() > 1)
        {
            m_channelFactory.SetTypeId(GslRemoteChannel::GetTypeId());
        }
#endif
        m_channel = m_channelFactory.Create<GslChannel>();
    }
    return m_channel;
}

#ifdef NS3_MPI
namespace
{
/**
 * \param channel a GSL channel
 * \return its satellites' nodes
 */
NodeContainer
SatelliteNodes(Ptr<GslChannel> channel)
{
    NodeContainer nodes;
    for (const Ptr<GslNetDevice>& satellite : channel->GetSatellites())
    {
        nodes.Add(satellite->GetNode());
    }
    return nodes;
}
} // namespace
#endif

void
GslHelper::CheckAcrossRanks(Ptr<GslChannel> channel,
                            const NodeContainer& nodes,
                            ObjectFactory& factory)
{
    const std::string what = "GslHelper: the GSL's nodes are on several ranks, ";
#ifdef NS3_MPI
    NodeContainer all = nodes;
    for (std::size_t i = 0; i < channel->GetNDevices(); ++i)
    {
        all.Add(channel->GetDevice(i)->GetNode());
    }
    const uint32_t size = MpiInterface::IsEnabled() ? MpiInterface::GetSize() : 1;
    for (auto i = all.Begin(); i != all.End(); ++i)
    {
        if ((*i)->GetSystemId() >= size)
        {
            throw std::invalid_argument(
                what + "node " + std::to_string((*i)->GetId()) + " on rank " +
                std::to_string((*i)->GetSystemId()) + " but the run has " + std::to_string(size) +
                (MpiInterface::IsEnabled() ? " MPI ranks" : " rank (MPI is not enabled)") +
                "; call MpiInterface::Enable before installing, and give nodes ranks below "
                "MpiInterface::GetSize()");
        }
    }
    Ptr<SimulatorImpl> simulator = Simulator::GetImplementation();
    if (!DynamicCast<DistributedSimulatorImpl>(simulator))
    {
        throw std::invalid_argument(
            what + "which needs ns3::DistributedSimulatorImpl (granted time window), not " +
            simulator->GetInstanceTypeId().GetName() +
            ": the null-message simulator takes its lookahead from point-to-point links "
            "only; set SimulatorImplementationType to ns3::DistributedSimulatorImpl");
    }
    if (channel->GetInterference() != GslChannel::FULL_BUFFER)
    {
        throw std::invalid_argument(
            what + "which needs the channel's Interference FullBuffer: with OnAir a frame's "
                   "SINR counts the transmissions on the air, and a rank knows only its own; "
                   "SetChannelAttribute(\"Interference\", EnumValue(GslChannel::FULL_BUFFER))");
    }
    if (channel->HasFadingDrawnInCallOrder())
    {
        throw std::invalid_argument(
            what + "which needs a loss model whose draws do not depend on the order of the "
                   "calls (each rank would draw its own frames' fading from its own stream): "
                   "set the SatelliteLosNlosPropagationLossModel's Draws to Keyed, or use a "
                   "deterministic model such as ns3::FriisPropagationLossModel");
    }
    // A device of the factory, never installed, tells what the nodes would get.
    Ptr<GslNetDevice> probe = factory.Create<GslNetDevice>();
    NodeContainer satellites = SatelliteNodes(channel);
    if (probe->IsSatellite())
    {
        satellites.Add(nodes);
    }
    bool scheduled = probe->SchedulesUplink();
    for (const Ptr<GslNetDevice>& satellite : channel->GetSatellites())
    {
        scheduled = scheduled || satellite->SchedulesUplink();
    }
    if (scheduled)
    {
        throw std::invalid_argument(
            what + "which needs OFDMA cells, but the satellites' CellScheduling is AirtimeFair "
                   "or OfdmaTdma (the cell's uplink scheduling reads its users' queues, which "
                   "other ranks hold); use CellScheduling Ofdma");
    }
    const std::optional<Time> lookahead = GslChannel::GetMinDelay(satellites);
    if (satellites.GetN() > 0 && (!lookahead || *lookahead < MicroSeconds(1)))
    {
        throw std::invalid_argument(
            what +
            "which needs every satellite on a circular orbit more than 1 us of light "
            "time above the ground nodes' ceiling of " +
            std::to_string(static_cast<int>(GslChannel::GROUND_CEILING_ALTITUDE / 1e3)) +
            " km (the lookahead, GslChannel::GetMinDelay); TLE satellites have no fixed "
            "radius: use Walker shells");
    }
#else
    (void)factory;
    const Ptr<Node> first =
        channel->GetNDevices() > 0 ? channel->GetDevice(0)->GetNode() : nodes.Get(0);
    for (auto i = nodes.Begin(); i != nodes.End(); ++i)
    {
        if ((*i)->GetSystemId() != first->GetSystemId())
        {
            throw std::invalid_argument(
                what + "node " + std::to_string((*i)->GetId()) + " on rank " +
                std::to_string((*i)->GetSystemId()) + " and node " +
                std::to_string(first->GetId()) + " on rank " +
                std::to_string(first->GetSystemId()) +
                ", but this ns-3 has no mpi module; build ns-3 with --enable-mpi (bash "
                "scripts/build-in-ns3-tree.sh --mpi) or keep every GSL node on one rank");
        }
    }
#endif
}

void
GslHelper::ConnectAcrossRanks(Ptr<GslChannel> channel)
{
#ifdef NS3_MPI
    // Ground devices installed before any satellite get the bound when the satellites come.
    if (const std::optional<Time> lookahead = GslChannel::GetMinDelay(SatelliteNodes(channel)))
    {
        channel->SetAttribute("Lookahead", TimeValue(*lookahead));
        DynamicCast<DistributedSimulatorImpl>(Simulator::GetImplementation())
            ->BoundLookAhead(*lookahead);
    }
    for (std::size_t i = 0; i < channel->GetNDevices(); ++i)
    {
        Ptr<NetDevice> device = channel->GetDevice(i);
        if (!device->GetObject<MpiReceiver>())
        {
            // Where frames from other ranks enter, as PointToPointHelper does for its links.
            auto receiver = CreateObject<MpiReceiver>();
            receiver->SetReceiveCallback(
                MakeCallback(&GslNetDevice::Receive, DynamicCast<GslNetDevice>(device)));
            device->AggregateObject(receiver);
        }
    }
#else
    (void)channel; // CheckAcrossRanks refused already
#endif
}

NetDeviceContainer
GslHelper::Install(const NodeContainer& nodes, ObjectFactory& factory)
{
    Ptr<GslChannel> channel = GetChannel();
    std::set<uint32_t> ranks;
    for (std::size_t i = 0; i < channel->GetNDevices(); ++i)
    {
        ranks.insert(channel->GetDevice(i)->GetNode()->GetSystemId());
    }
    for (auto i = nodes.Begin(); i != nodes.End(); ++i)
    {
        ranks.insert((*i)->GetSystemId());
    }
    if (ranks.size() > 1)
    {
        CheckAcrossRanks(channel, nodes, factory);
    }
    NetDeviceContainer devices;
    for (auto i = nodes.Begin(); i != nodes.End(); ++i)
    {
        Ptr<GslNetDevice> device = factory.Create<GslNetDevice>();
        if (m_queueFactory.IsTypeIdSet())
        {
            device->SetQueueFactory(m_queueFactory);
        }
        (*i)->AddDevice(device);
        device->SetChannel(channel);
        if (m_flowControl && !device->IsSatellite())
        {
            // ns-3's flow control, as PointToPointHelper sets it up: the device queue stops
            // the traffic-control layer when full and wakes it when a frame leaves.
            Ptr<NetDeviceQueueInterface> flowControl = CreateObject<NetDeviceQueueInterface>();
            flowControl->GetTxQueue(0)->ConnectQueueTraces(device->GetUplinkQueue());
            device->AggregateObject(flowControl);
        }
        devices.Add(device);
    }
    if (ranks.size() > 1)
    {
        ConnectAcrossRanks(channel);
    }
    return devices;
}

void
GslHelper::DisableFlowControl()
{
    m_flowControl = false;
}

NetDeviceContainer
GslHelper::InstallSatellites(const NodeContainer& satellites)
{
    return Install(satellites, m_satelliteFactory);
}

NetDeviceContainer
GslHelper::InstallGround(const NodeContainer& grounds)
{
    return Install(grounds, m_groundFactory);
}

void
GslHelper::EnablePcapInternal(std::string prefix,
                              Ptr<NetDevice> nd,
                              bool promiscuous,
                              bool explicitFilename)
{
    Ptr<GslNetDevice> device = nd->GetObject<GslNetDevice>();
    if (!device)
    {
        NS_LOG_INFO("GslHelper::EnablePcapInternal: device " << nd << " is not a GslNetDevice");
        return;
    }
    PcapHelper pcapHelper;
    const std::string filename =
        explicitFilename ? prefix : pcapHelper.GetFilenameFromDevice(prefix, device);
    Ptr<PcapFileWrapper> file =
        pcapHelper.CreateFile(filename, std::ios::out, PcapHelper::DLT_EN10MB);
    pcapHelper.HookDefaultSink<GslNetDevice>(device,
                                             promiscuous ? "PromiscSniffer" : "Sniffer",
                                             file);
}

namespace
{
/**
 * ASCII 'd' line of a GSL drop, ns-3's drop sink with the reason before the packet.
 * \param stream the trace file
 * \param context the trace source's path ("" without context)
 * \param packet the dropped packet
 * \param reason why (GslNetDevice's Drop trace)
 */
void
AsciiDrop(Ptr<OutputStreamWrapper> stream,
          std::string context,
          Ptr<const Packet> packet,
          const std::string& reason)
{
    *stream->GetStream() << "d " << Simulator::Now().GetSeconds() << " "
                         << (context.empty() ? "" : context + " ") << reason << " " << *packet
                         << std::endl;
}
} // namespace

void
GslHelper::EnableAsciiInternal(Ptr<OutputStreamWrapper> stream,
                               std::string prefix,
                               Ptr<NetDevice> nd,
                               bool explicitFilename)
{
    Ptr<GslNetDevice> device = nd->GetObject<GslNetDevice>();
    if (!device)
    {
        NS_LOG_INFO("GslHelper::EnableAsciiInternal: device " << nd << " is not a GslNetDevice");
        return;
    }
    Packet::EnablePrinting();
    AsciiTraceHelper ascii;
    if (!stream)
    {
        // A file of this device's own, lines without context, as PointToPointHelper does.
        Ptr<OutputStreamWrapper> file = ascii.CreateFileStream(
            explicitFilename ? prefix : ascii.GetFilenameFromDevice(prefix, device));
        ascii.HookDefaultEnqueueSinkWithoutContext<GslNetDevice>(device, "MacTx", file);
        ascii.HookDefaultDequeueSinkWithoutContext<GslNetDevice>(device, "PhyTxBegin", file);
        ascii.HookDefaultReceiveSinkWithoutContext<GslNetDevice>(device, "MacRx", file);
        device->TraceConnectWithoutContext("Drop",
                                           MakeBoundCallback(&AsciiDrop, file, std::string()));
        return;
    }
    // One stream for many devices: lines carry the trace source's path.
    std::ostringstream path;
    path << "/NodeList/" << device->GetNode()->GetId() << "/DeviceList/" << device->GetIfIndex()
         << "/$ns3::sagin::GslNetDevice/";
    Config::Connect(path.str() + "MacTx",
                    MakeBoundCallback(&AsciiTraceHelper::DefaultEnqueueSinkWithContext, stream));
    Config::Connect(path.str() + "PhyTxBegin",
                    MakeBoundCallback(&AsciiTraceHelper::DefaultDequeueSinkWithContext, stream));
    Config::Connect(path.str() + "MacRx",
                    MakeBoundCallback(&AsciiTraceHelper::DefaultReceiveSinkWithContext, stream));
    Config::Connect(path.str() + "Drop", MakeBoundCallback(&AsciiDrop, stream));
}

} // namespace sagin
} // namespace ns3
