// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_GSL_HELPER_H
#define SAGIN_GSL_HELPER_H

#include "ns3/gsl-channel.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/trace-helper.h"

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * \brief Installs ground-satellite link devices on one GslChannel, and their pcap and ASCII
 * traces.
 *
 * ASCII traces follow ns-3's format, one line per event: '+' a packet accepted for
 * transmission (MacTx), '-' a frame put on the air (PhyTxBegin), 'r' a packet passed up
 * (MacRx), 'd' a packet dropped (Drop, with its reason before the packet).
 *
 * Satellites and ground (or UAV) nodes get a GslNetDevice each; every device of this helper
 * shares one channel, so transmissions interfere as the channel models. Install the
 * satellites' devices before the ground devices start attaching (simulation start).
 *
 * In a distributed run (ns-3 built with --enable-mpi, MpiInterface enabled on several ranks)
 * the channel is a GslRemoteChannel, and its nodes may be on different ranks: once they are,
 * Install checks, before it installs anything, that every rank can compute a frame's SINR as
 * one rank would (CheckAcrossRanks), then gives every device an MpiReceiver and bounds ns-3's
 * lookahead by GslChannel::GetMinDelay. Without ns-3's mpi module, nodes on several ranks are
 * refused.
 */
class GslHelper : public PcapHelperForDevice, public AsciiTraceHelperForDevice
{
  public:
    GslHelper();

    /**
     * \param name a GslChannel attribute (PropagationLoss, SubChannels, ...)
     * \param value its value
     */
    void SetChannelAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \param name a GslNetDevice attribute for ground devices (TxPower, AttachmentPolicy, ...)
     * \param value its value
     */
    void SetGroundAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \param name a GslNetDevice attribute for satellite devices (TxPower, QueueSize, ...)
     * \param value its value
     */
    void SetSatelliteAttribute(const std::string& name, const AttributeValue& value);

    /**
     * Transmit queues of the devices installed next (one per destination on a satellite);
     * the default is a DropTailQueue<Packet> of the device's QueueSize.
     * \param type a Queue<Packet> TypeId name ("<Packet>" may be left out)
     * \param name a queue attribute (MaxSize), or "" for none
     * \param value its value
     * \throws std::invalid_argument for an unknown type, attribute or value
     */
    void SetQueue(const std::string& type,
                  const std::string& name = "",
                  const AttributeValue& value = EmptyAttributeValue());

    /**
     * Install ground devices without flow control, as PointToPointHelper::DisableFlowControl
     * does: no NetDeviceQueueInterface, so Ipv4AddressHelper installs no queue disc on them and
     * a full uplink queue drops (QueueFull) instead of holding the queue disc above it. By
     * default a ground device's uplink queue stops and wakes its traffic-control layer, which
     * then gets ns-3's default queue disc (FqCoDel) like a point-to-point device.
     */
    void DisableFlowControl();

    /**
     * Fix the random streams of the channels of these devices (their loss models; study A's
     * draws the LoS/NLoS state and excess loss per frame).
     * \param devices devices installed by a GslHelper
     * \param stream first stream number
     * \return the number of streams used
     */
    static int64_t AssignStreams(const NetDeviceContainer& devices, int64_t stream);

    /**
     * \return the channel every device of this helper shares (created on first use; a
     *         GslRemoteChannel when MPI is enabled on several ranks)
     */
    Ptr<GslChannel> GetChannel();

    /**
     * \param satellites satellite nodes (with a mobility model)
     * \return one device per node
     */
    NetDeviceContainer InstallSatellites(const NodeContainer& satellites);

    /**
     * \param grounds ground station, UE or UAV nodes (with a mobility model)
     * \return one device per node
     */
    NetDeviceContainer InstallGround(const NodeContainer& grounds);

  private:
    void EnableAsciiInternal(Ptr<OutputStreamWrapper> stream,
                             std::string prefix,
                             Ptr<NetDevice> nd,
                             bool explicitFilename) override;
    void EnablePcapInternal(std::string prefix,
                            Ptr<NetDevice> nd,
                            bool promiscuous,
                            bool explicitFilename) override;

    /**
     * \param nodes where to install
     * \param factory device factory
     * \return the devices
     */
    NetDeviceContainer Install(const NodeContainer& nodes, ObjectFactory& factory);

    /**
     * The channel's nodes and those to be installed are on several ranks: check that every
     * rank can compute a frame's SINR as one rank would: an MPI run of enough ranks, the
     * granted-time-window simulator, Interference FullBuffer, a loss model whose draws do
     * not depend on the order of the calls (deterministic, or LoS/NLoS with Draws Keyed), OFDMA
     * cells, circular orbits giving a lookahead of at least 1 us.
     * \param channel the channel
     * \param nodes the nodes to be installed
     * \param factory their devices' factory
     * \throws std::invalid_argument naming what is missing and the fix (always without ns-3's
     *         mpi module)
     */
    static void CheckAcrossRanks(Ptr<GslChannel> channel,
                                 const NodeContainer& nodes,
                                 ObjectFactory& factory);

    /**
     * Connect the ranks of a checked channel: an MpiReceiver on every device, the channel's
     * and ns-3's lookahead bounded by GslChannel::GetMinDelay.
     * \param channel the channel
     */
    static void ConnectAcrossRanks(Ptr<GslChannel> channel);

    ObjectFactory m_channelFactory;   //!< the channel
    ObjectFactory m_groundFactory;    //!< ground devices
    ObjectFactory m_satelliteFactory; //!< satellite devices
    ObjectFactory m_queueFactory;     //!< transmit queues (unset: the devices' default)
    bool m_flowControl{true};         //!< ground devices get a NetDeviceQueueInterface
    Ptr<GslChannel> m_channel;        //!< shared channel
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_GSL_HELPER_H
