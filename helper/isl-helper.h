// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_ISL_HELPER_H
#define SAGIN_ISL_HELPER_H

#include "ns3/ipv4-interface-container.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/walker-constellation.h"

#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * \brief Installs inter-satellite links: ns-3 PointToPointNetDevices on an IslChannel.
 *
 * Pcap and ASCII traces come from ns-3's PointToPointHelper, which accepts these devices:
 * `PointToPointHelper().EnablePcap("isl", devices)`.
 */
class IslHelper
{
  public:
    IslHelper();

    /**
     * \param name a PointToPointNetDevice attribute (DataRate, Mtu, InterframeGap)
     * \param value its value
     */
    void SetDeviceAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \param name an IslChannel attribute (MaxRange)
     * \param value its value
     */
    void SetChannelAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \param type queue TypeId name, e.g. "ns3::DropTailQueue<Packet>" ("<Packet>" may be
     *        left out); std::invalid_argument for an unknown type, attribute or value
     * \param name a queue attribute (MaxSize), or "" for none
     * \param value its value
     */
    void SetQueue(const std::string& type,
                  const std::string& name = "",
                  const AttributeValue& value = EmptyAttributeValue());

    /**
     * Satellites on different ranks (Node system ids, ConstellationHelper::SetRanks) are
     * linked by an IslRemoteChannel whose lookahead is IslChannel::GetMinDelay, with an
     * MpiReceiver on each device, as PointToPointHelper links nodes of two ranks. Such a link
     * throws std::invalid_argument when ns-3 has no mpi module, when a rank is not below
     * the run's MPI size, when the two are not on circular orbits of one radius, or when
     * their lookahead is zero or below 1 us.
     * \param a one satellite
     * \param b another
     * \return the two devices, a's first
     */
    NetDeviceContainer Install(Ptr<Node> a, Ptr<Node> b);

    /**
     * +Grid: every satellite links to the next one in its plane and to the satellite in the
     * same slot of the next plane (planes wrap around for Walker delta, not across the seam
     * of a Walker star, whose first and last planes counter-rotate). A layout that names a
     * shell, plane or slot outside shells, puts two satellites at one position, or leaves a
     * neighbour's position empty throws std::invalid_argument naming the satellite and the
     * position, before any link is made.
     * \param satellites nodes from ConstellationHelper, in install order
     * \param layout ConstellationHelper::GetPlusGridLayout().satellites for those nodes (or
     *        GetWalkerSatellites() when all are Walker satellites)
     * \param shells the shells the layout indexes (GetPlusGridLayout().shells, or the shells
     *        given to Install)
     * \return every device, two per link
     */
    NetDeviceContainer InstallPlusGrid(const NodeContainer& satellites,
                                       const std::vector<WalkerSatellite>& layout,
                                       const std::vector<WalkerShell>& shells);

    /**
     * Give every link its own subnet, as ns-3's PointToPointGridHelper::AssignIpv4Addresses
     * does: devices 2k and 2k+1 (the pairs Install and InstallPlusGrid return) share the k-th
     * /30 counted from network. The nodes need an Internet stack.
     * \param devices ISL devices, two per link
     * \param network first subnet, e.g. "10.128.0.0"
     * \return the interfaces, in the order of the devices
     */
    static Ipv4InterfaceContainer AssignIpv4Addresses(const NetDeviceContainer& devices,
                                                      Ipv4Address network);

  private:
    ObjectFactory m_deviceFactory;  //!< PointToPointNetDevice
    ObjectFactory m_channelFactory; //!< IslChannel
    ObjectFactory m_queueFactory;   //!< transmit queues
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_ISL_HELPER_H
