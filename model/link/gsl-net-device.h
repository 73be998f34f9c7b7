// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_GSL_NET_DEVICE_H
#define SAGIN_GSL_NET_DEVICE_H

#include "gsl-attachment-policy.h"
#include "gsl-channel.h"

#include "ns3/event-id.h"
#include "ns3/mac48-address.h"
#include "ns3/net-device.h"
#include "ns3/object-factory.h"
#include "ns3/queue-size.h"
#include "ns3/queue.h"
#include "ns3/traced-callback.h"

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * \brief A ground-satellite link device, on a ground/UAV node or on a satellite.
 *
 * An ordinary ns-3 NetDevice (Ethernet framing, ARP, Internet stack, pcap) on a GslChannel.
 * A ground device is attached to one satellite at a time; every AttachmentInterval its
 * AttachmentPolicy says which (by default the highest one above 25 degrees, kept until it
 * sets), and the Handover trace tells. The satellite gives each attached ground device an
 * OFDMA sub-channel, distinct within the satellite's cell. Ground frames go to the attached
 * satellite whatever their MAC destination; satellite frames go to the attached ground device
 * of that MAC address (broadcasts to all of them), each over its own sub-channel and queue, so
 * the downlinks of one satellite run in parallel as OFDMA does. Packets that cannot go (no
 * satellite, destination not attached, SINR too low) are counted by the Drop trace with the
 * reason.
 *
 * With the satellite side's CellScheduling set to AirtimeFair, the cell instead uses one
 * carrier, its FirstSubChannel, for all its users, and sends one downlink frame at a time: to the
 * backlogged user that has had the least airtime (start-time fair queueing on airtime). k
 * backlogged users then each get 1/k of the time at their own rate, R_i / k: the equal split of
 * bandwidth and power of study C's UAVs (Remark 2), with the noise of the whole band. The cell's
 * uplink is scheduled the same way, apart from the downlink: one user frame at a time, the
 * backlogged user with the least uplink airtime first, so k backlogged users each send at R_i / k
 * on the uplink too and their frames never collide.
 */
class GslNetDevice : public NetDevice
{
  public:
    /** Which end of the link the device is. */
    enum Role
    {
        GROUND,   //!< on a ground station, UE or UAV
        SATELLITE //!< on a satellite
    };

    /** How a satellite-side device shares its cell among the attached users. */
    enum CellScheduling
    {
        OFDMA,        //!< a sub-channel and a transmitter per user, in parallel
        AIRTIME_FAIR, //!< one carrier, one frame at a time, equal airtime per backlogged user
        OFDMA_TDMA    //!< OFDMA, and users sharing a sub-channel in a beam take turns (uplink)
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    GslNetDevice();

    /** \return whether this is a satellite's device */
    bool IsSatellite() const;

    /** \return transmit power (dBm) */
    double GetTxPower() const;

    /**
     * \return whether this satellite-side device schedules its users' uplink (AirtimeFair and
     * OfdmaTdma cells), so that the frames of users sharing a sub-channel in a beam do not
     * collide at it
     */
    bool SchedulesUplink() const;

    /**
     * \param channel the medium to use (the device adds itself to it). Throws
     * std::invalid_argument when FirstSubChannel is not below the channel's SubChannels.
     */
    void SetChannel(Ptr<GslChannel> channel);

    /**
     * \param first the FirstSubChannel attribute. Throws std::invalid_argument, naming both,
     * when it is not below the SubChannels of the device's channel.
     */
    void SetFirstSubChannel(uint32_t first);

    /**
     * \param factory creates the device's transmit queues (one per destination on a
     *        satellite); unset (the default): DropTailQueue<Packet> of QueueSize
     */
    void SetQueueFactory(const ObjectFactory& factory);

    /**
     * The queue of a ground device's frames to its primary satellite, the one GslHelper connects
     * to ns-3's flow control (NetDeviceQueueInterface). Frames to secondary satellites
     * (AllInViewAttachmentPolicy) have queues of their own, without flow control.
     * \return the queue (created on first use, by the queue factory if one is set)
     * \throws std::logic_error on a satellite's device, whose queues are per user
     */
    Ptr<Queue<Packet>> GetUplinkQueue();

    /** \return the FirstSubChannel attribute */
    uint32_t GetFirstSubChannel() const;

    /**
     * Throw std::invalid_argument naming the node and the fix unless first < subChannels.
     * \param first a FirstSubChannel
     * \param subChannels a channel's SubChannels
     */
    void CheckFirstSubChannel(uint32_t first, uint32_t subChannels) const;

    /**
     * \return the satellite this ground device is attached to (its primary satellite when
     *         it is attached to several), or nullptr
     */
    Ptr<GslNetDevice> GetAttachedSatellite() const;

    /**
     * \return every satellite this ground device is attached to, the primary first (more
     *         than one with a policy such as AllInViewAttachmentPolicy)
     */
    std::vector<Ptr<GslNetDevice>> GetAttachedSatellites() const;

    /**
     * Visit this ground device's links without building a list (the channel's FullBuffer
     * interference does it for every device on every frame).
     * \param visit called with each attached satellite and the link's sub-channel, in
     *        GetAttachedSatellites' order
     */
    void ForEachLink(const std::function<void(Ptr<GslNetDevice>, uint32_t)>& visit) const;

    /**
     * \param satellite a satellite device
     * \return whether this ground device is attached to it (as primary or not)
     */
    bool IsAttachedTo(Ptr<GslNetDevice> satellite) const;

    /** \return the ground devices attached to this satellite device */
    std::vector<Ptr<GslNetDevice>> GetAttachedGrounds() const;

    /** \return this ground device's sub-channel (valid while attached) */
    uint32_t GetSubChannel() const;

    /**
     * \param satellite a satellite this ground device is attached to (primary or not)
     * \return the sub-channel of that link; std::invalid_argument if not attached to it
     */
    uint32_t GetSubChannelTo(Ptr<GslNetDevice> satellite) const;

    /**
     * Ground side: move the link to the primary satellite onto a chosen sub-channel (an
     * operator's allocation, such as study B's leased channel, or the device's own choice),
     * both directions; interference follows the choice. In an OfdmaTdma cell the users that
     * share a sub-channel in one beam take turns on the uplink; users of other beams on it
     * interfere. The downlink does not take turns: the satellite sends to users sharing a
     * sub-channel at once, each frame at its own rate (fit for light downlinks such as ARP
     * replies; a heavy shared downlink would get more than the sub-channel carries). The beam
     * groups the turns; the loss model still finds the link's beam from the geometry. The choice
     * lasts until the next attachment change, which allocates afresh. Throws std::invalid_argument
     * naming the device and the fix when it is not attached, the sub-channel is not below the
     * channel's SubChannels, or the cell is AirtimeFair (one carrier for everyone). \param
     * subChannel the sub-channel \param beam the satellite beam serving the device (its cell; 0
     * without beams)
     */
    void UseSubChannel(uint32_t subChannel, uint32_t beam = 0);

    /** \return the beam of this ground device's primary link (UseSubChannel; 0 otherwise) */
    uint32_t GetBeam() const;

    /**
     * Attach this ground device to a satellite (handing over from the current one).
     * \param satellite the satellite device, or nullptr to detach
     */
    void AttachTo(Ptr<GslNetDevice> satellite);

    /**
     * Attach this ground device to several satellites at once: it can then send to any of
     * them (the frame's destination address picks which; routing chooses) and each can send
     * to it, each link on the sub-channel that satellite's cell gave. The first is the primary
     * (GetAttachedSatellite, the Handover trace, frames for unknown addresses); satellites
     * whose cell schedules the uplink (AirtimeFair) are attached as primary only.
     * \param satellites satellite devices, the primary first; empty to detach
     */
    void AttachToAll(const std::vector<Ptr<GslNetDevice>>& satellites);

    /** Ask the attachment policy now, and attach accordingly. */
    void UpdateAttachment();

    /**
     * Called by the channel when a frame's last bit arrives, or by the device's MpiReceiver
     * when it comes from another rank (dropped once this device is disposed: the frame was on
     * the air when it went).
     * \param packet the frame
     */
    void Receive(Ptr<Packet> packet);

    /**
     * Signature of Handover.
     * \param ground this device
     * \param from the satellite left, or nullptr
     * \param to the satellite joined, or nullptr
     */
    typedef void (*HandoverTracedCallback)(Ptr<GslNetDevice> ground,
                                           Ptr<GslNetDevice> from,
                                           Ptr<GslNetDevice> to);

    /**
     * Signature of Drop.
     * \param packet the packet not sent
     * \param reason NoSatellite, NotAttached, LowSinr or QueueFull
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet, const std::string& reason);

    /**
     * TracedCallback signature of a change in the set of satellites a ground device is
     * attached to.
     * \param ground the ground device (GetAttachedSatellites gives the new set)
     */
    typedef void (*AttachmentsTracedCallback)(Ptr<GslNetDevice> ground);

    // NetDevice
    void SetIfIndex(const uint32_t index) override;
    uint32_t GetIfIndex() const override;
    Ptr<Channel> GetChannel() const override;
    void SetAddress(Address address) override;
    Address GetAddress() const override;
    bool SetMtu(const uint16_t mtu) override;
    uint16_t GetMtu() const override;
    bool IsLinkUp() const override;
    void AddLinkChangeCallback(Callback<void> callback) override;
    bool IsBroadcast() const override;
    Address GetBroadcast() const override;
    bool IsMulticast() const override;
    Address GetMulticast(Ipv4Address multicastGroup) const override;
    Address GetMulticast(Ipv6Address addr) const override;
    bool IsBridge() const override;
    bool IsPointToPoint() const override;
    bool Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber) override;
    bool SendFrom(Ptr<Packet> packet,
                  const Address& source,
                  const Address& dest,
                  uint16_t protocolNumber) override;
    Ptr<Node> GetNode() const override;
    void SetNode(Ptr<Node> node) override;
    bool NeedsArp() const override;
    void SetReceiveCallback(NetDevice::ReceiveCallback cb) override;
    void SetPromiscReceiveCallback(NetDevice::PromiscReceiveCallback cb) override;
    bool SupportsSendFrom() const override;

  private:
    void DoInitialize() override;
    void DoDispose() override;

    /**
     * Orders devices by creation, null first: a cell's users are visited in an order that
     * does not depend on where the heap put them, so runs repeat exactly whatever the build
     * or the allocator.
     */
    struct ByCreation
    {
        /**
         * \param a a device or null
         * \param b another
         * \return whether a comes first
         */
        bool operator()(const Ptr<GslNetDevice>& a, const Ptr<GslNetDevice>& b) const;
    };

    /** A queue and its transmit state, towards one destination (or the satellite). */
    struct Transmitter
    {
        Ptr<Queue<Packet>> queue; //!< frames waiting
        bool busy{false};         //!< a frame is on the air
        EventId event;            //!< its pending TransmitComplete or retry (this device's)
        Time airtime;             //!< AirtimeFair: its virtual start time (airtime used; the ground
                                  //!< side's uplink in its satellite's cell)
    };

    /**
     * \param destination the ground device (satellite side) or nullptr (ground side)
     * \return its transmitter, created on first use
     */
    Transmitter& TransmitterTo(Ptr<GslNetDevice> destination);

    /**
     * Frame a packet and queue it.
     * \param packet the packet
     * \param key the transmitter: the destination ground device (satellite side), or nullptr
     *        (ground side: the frame goes to whichever satellite is attached when it leaves)
     * \param destination MAC destination written in the frame
     * \param protocolNumber EtherType
     * \return false when the queue is full
     */
    bool Enqueue(Ptr<Packet> packet,
                 Ptr<GslNetDevice> key,
                 Mac48Address destination,
                 uint16_t protocolNumber);

    /** \param key the transmitter to start if idle and not empty */
    void StartTransmitter(Ptr<GslNetDevice> key);

    /** AirtimeFair: start the backlogged transmitter with the least airtime, if idle. */
    void StartCellTransmitter();

    /** A scheduled uplink: the users sharing one sub-channel in one beam (satellite side). */
    struct UplinkGroup
    {
        bool busy{false}; //!< a user's frame is on the air
        Time virtualTime; //!< start of the last frame (airtime clock)
        EventId event;    //!< CellUplinkComplete or retry
    };

    /** (beam, sub-channel) of an uplink group */
    using UplinkKey = std::pair<uint32_t, uint32_t>;

    /**
     * \param ground a ground device of this satellite's cell
     * \return the uplink group it sends in
     */
    UplinkKey UplinkKeyOf(Ptr<GslNetDevice> ground) const;

    /**
     * Scheduled cells: a user joining an uplink group (attaching, or choosing another
     * sub-channel or beam) gets no credit for airtime it used elsewhere.
     * \param ground the user, in this satellite's cell
     */
    void JoinUplinkGroup(Ptr<GslNetDevice> ground);

    /**
     * Scheduled cells, satellite side: if the group's uplink is idle, let its backlogged user
     * with the least uplink airtime send its head-of-line frame.
     * \param key the group
     */
    void StartCellUplink(UplinkKey key);

    /**
     * \param ground the user whose uplink frame has left (scheduled cells, satellite side)
     * \param key the group it was sent in
     */
    void CellUplinkComplete(Ptr<GslNetDevice> ground, UplinkKey key);

    /**
     * Put the head-of-line frame of a transmitter on the air (or drop it, traced).
     * \param key the transmitter's key
     * \param transmitter the transmitter (not empty)
     * \return the frame's transmission time, negative when it was dropped
     */
    Time SendHeadOfLine(Ptr<GslNetDevice> key, Transmitter& transmitter);

    /** \param key the transmitter whose frame has left */
    void TransmitComplete(Ptr<GslNetDevice> key);

    /**
     * Satellite side: take a ground device into the cell.
     * \param ground the ground device
     * \param avoid sub-channels the ground device uses on its links to other satellites
     * \return its sub-channel
     */
    uint32_t Accept(Ptr<GslNetDevice> ground, const std::set<uint32_t>& avoid = {});

    /**
     * Ground side: the sub-channels of its links, but the one to a satellite
     * \param except that satellite (its link is being set up)
     * \return the sub-channels
     */
    std::set<uint32_t> SubChannelsBesides(Ptr<GslNetDevice> except) const;

    /** \param ground the ground device leaving the cell (satellite side) */
    void Release(Ptr<GslNetDevice> ground);

    /**
     * Stop and forget the transmitter towards a peer; its queued frames are lost.
     * \param peer the peer device
     */
    void DropTransmitter(Ptr<GslNetDevice> peer);

    /**
     * Hand the primary attachment over (the Handover trace; the primary uplink's queue moves
     * with it).
     * \param satellite the new primary satellite, or nullptr
     * \return whether it changed
     */
    bool SetPrimary(Ptr<GslNetDevice> satellite);

    /** Tell the link-change callbacks. */
    void NotifyLinkChange();

    /**
     * Fire the drop traces: MacTxDrop or PhyTxDrop (by the reason), then Drop.
     * \param packet the packet or frame dropped
     * \param reason NoSatellite, NotAttached, QueueFull or LowSinr
     */
    void DropPacket(Ptr<const Packet> packet, const std::string& reason);

    Role m_role;                     //!< ground or satellite
    CellScheduling m_cellScheduling; //!< satellite side: how users share
    bool m_cellBusy;                 //!< AirtimeFair: a frame is on the air
    Time m_virtualTime;              //!< AirtimeFair: start of the last frame
    double m_txPower;                //!< (dBm)
    uint16_t m_mtu;                  //!< (bytes)
    QueueSize m_queueSize;           //!< per transmitter (default queues)
    ObjectFactory m_queueFactory;    //!< transmit queues, if set
    Time m_attachmentInterval;       //!< between policy decisions
    EventId m_attachmentEvent;       //!< next UpdateAttachment
    EventId m_cellEvent;             //!< AirtimeFair: downlink TransmitComplete or retry
    std::map<UplinkKey, UplinkGroup> m_uplinkGroups; //!< scheduled cells: per group
    Ptr<GslAttachmentPolicy> m_policy;               //!< chooses the satellite
    Ptr<GslChannel> m_channel;                       //!< the medium
    Ptr<Node> m_node;                                //!< owner
    uint32_t m_ifIndex;                              //!< interface index
    Mac48Address m_address;                          //!< MAC address
    uint64_t m_serial;                               //!< creation order (ByCreation)
    static uint64_t s_created;                       //!< devices created in this process
    Ptr<GslNetDevice> m_satellite;                   //!< ground side: attached satellite
    uint32_t m_subChannel;                           //!< ground side: its sub-channel
    uint32_t m_beam;                                 //!< ground side: its beam (UseSubChannel)
    /** ground side: satellites attached besides m_satellite, with their sub-channels */
    std::map<Ptr<GslNetDevice>, uint32_t, ByCreation> m_secondary;
    uint32_t m_firstSubChannel; //!< satellite side: where allocation starts
    std::map<Ptr<GslNetDevice>, uint32_t, ByCreation> m_grounds; //!< satellite side: its users
    std::map<Ptr<GslNetDevice>, Transmitter, ByCreation> m_transmitters; //!< per destination
    NetDevice::ReceiveCallback m_rxCallback;                             //!< up the stack
    NetDevice::PromiscReceiveCallback m_promiscCallback;                 //!< promiscuous listeners
    TracedCallback<> m_linkChangeCallbacks;                              //!< link up/down listeners

    TracedCallback<Ptr<const Packet>> m_macTxTrace;                    //!< accepted from above
    TracedCallback<Ptr<const Packet>> m_macRxTrace;                    //!< passed up
    TracedCallback<Ptr<const Packet>> m_phyTxBeginTrace;               //!< put on the air
    TracedCallback<Ptr<const Packet>> m_phyRxEndTrace;                 //!< last bit received
    TracedCallback<Ptr<const Packet>> m_snifferTrace;                  //!< pcap, this node's frames
    TracedCallback<Ptr<const Packet>> m_promiscSnifferTrace;           //!< pcap, promiscuous
    TracedCallback<Ptr<const Packet>> m_macTxDropTrace;                //!< dropped before tx
    TracedCallback<Ptr<const Packet>> m_phyTxDropTrace;                //!< SINR too low
    TracedCallback<Ptr<const Packet>, const std::string&> m_dropTrace; //!< not sent, why
    TracedCallback<Ptr<GslNetDevice>, Ptr<GslNetDevice>, Ptr<GslNetDevice>>
        m_handoverTrace;                                  //!< primary attachment changes
    TracedCallback<Ptr<GslNetDevice>> m_attachmentsTrace; //!< any change of the attached set
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_GSL_NET_DEVICE_H
