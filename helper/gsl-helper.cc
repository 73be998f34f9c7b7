// SPDX-License-Identifier: GPL-2.0-only

#include "gsl-helper.h"

#include "ns3/enum.h"
#include "ns3/gsl-net-device.h"
#include "ns3/log.h"
#include "ns3/pcap-file-wrapper.h"

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
    NS_ABORT_MSG_IF(m_channel, "GslHelper: set channel attributes before installing devices");
    m_channelFactory.Set(name, value);
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
    NetDeviceContainer devices;
    for (auto i = nodes.Begin(); i != nodes.End(); ++i)
    {
        Ptr<GslNetDevice> device = factory.Create<GslNetDevice>();
        (*i)->AddDevice(device);
        device->SetChannel(GetChannel());
        devices.Add(device);
    }
    return devices;
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

} // namespace sagin
} // namespace ns3
