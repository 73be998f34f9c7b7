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
        m_channel = m_channelFactory.Create<GslChannel>();
    }
    return m_channel;
}

NetDeviceContainer
GslHelper::Install(const NodeContainer& nodes, ObjectFactory& factory)
{
    // One rank for the whole medium: interference counts every transmission on the channel,
    // which a rank knows only of its own nodes.
    Ptr<GslChannel> channel = GetChannel();
    const uint32_t rank = channel->GetNDevices() > 0
                              ? channel->GetDevice(0)->GetNode()->GetSystemId()
                          : nodes.GetN() > 0 ? nodes.Get(0)->GetSystemId()
                                             : 0;
    for (auto i = nodes.Begin(); i != nodes.End(); ++i)
    {
        if ((*i)->GetSystemId() != rank)
        {
            throw std::invalid_argument(
                "GslHelper: node " + std::to_string((*i)->GetId()) + " is on rank " +
                std::to_string((*i)->GetSystemId()) + " but the GSL's other nodes are on rank " +
                std::to_string(rank) +
                "; a GSL is one medium (its interference counts every transmission on it) and "
                "is not split across ranks: keep its satellites and ground nodes on one rank");
        }
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
        device->SetChannel(GetChannel());
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
