// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_ISL_CHANNEL_H
#define SAGIN_ISL_CHANNEL_H

#include "ns3/mobility-model.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/point-to-point-channel.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/traced-callback.h"

#include <memory>
#include <optional>

namespace ns3
{
namespace sagin
{

class CircularOrbitSeparation;

/**
 * \ingroup sagin
 * \brief Inter-satellite laser link: a point-to-point channel whose delay follows the distance.
 *
 * The two ends are ns-3's own PointToPointNetDevices (data rate, queue, pcap, traces as
 * usual); this channel replaces the fixed delay with the distance between the two nodes'
 * mobility models at the moment a packet is sent, divided by the speed of light. Beyond
 * MaxRange the link is broken: the packet is not delivered, the sending device's PhyTxDrop
 * trace fires, and so does this channel's LinkBreak trace.
 *
 * TransmitStart sets the inherited Delay attribute to each packet's delay, then calls
 * PointToPointChannel::TransmitStart: in ns-3.37 that class keeps its delay (GetDelay is not
 * virtual) and its TxRxPointToPoint trace, which NetAnim draws packets from, private, so a
 * TransmitStart of our own could not fire the trace. Delay therefore reads the last packet's
 * delay, and a Delay set by hand is replaced by the next packet's.
 */
class IslChannel : public PointToPointChannel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    IslChannel();
    ~IslChannel() override;

    bool TransmitStart(Ptr<const Packet> p, Ptr<PointToPointNetDevice> src, Time txTime) override;

    /** \return the current distance between the two ends (m) */
    double GetDistance() const;

    /** \return whether the two ends are within MaxRange now */
    bool IsUp() const;

    /**
     * The shortest delay a link between the two satellites can ever have, one time step
     * below the closed form's (so every packet's delay is at least this): the lookahead a
     * distributed run may take for a link that crosses ranks.
     * \param a one satellite
     * \param b another
     * \return the delay, or nothing when the closed form does not apply (both need circular
     *         orbits of one radius: the satellites of one Walker shell)
     */
    static std::optional<Time> GetMinDelay(Ptr<Node> a, Ptr<Node> b);

    /**
     * Signature of LinkBreak.
     * \param packet the packet not delivered
     * \param distance the distance between the ends (m)
     */
    typedef void (*LinkBreakTracedCallback)(Ptr<const Packet> packet, double distance);

  protected:
    /**
     * \param p the packet about to be sent
     * \return its propagation delay now, or nothing when the ends are beyond MaxRange (then
     *         LinkBreak has fired)
     */
    std::optional<Time> PacketDelay(Ptr<const Packet> p) const;

  private:
    void DoDispose() override;
    /** \return ForgetDistance bound to this channel, to connect and to disconnect */
    Callback<void, Ptr<const MobilityModel>> CourseChangeCallback() const;
    /**
     * \param device one of the two devices
     * \return the mobility model of its node, looked up once
     */
    Ptr<MobilityModel> MobilityOf(Ptr<NetDevice> device) const;
    /** Look both ends' mobility models up if not done yet. */
    void CacheMobility() const;
    /** An end moved other than with time: the cached distance is stale. */
    void ForgetDistance(Ptr<const MobilityModel>) const;
    /** \return the closed form of the ends' distance if both fly circular orbits in one shell */
    const CircularOrbitSeparation* Separation() const;

    mutable Ptr<MobilityModel> m_mobility[2];                      //!< of device 0 and 1, cached
    mutable bool m_distanceKnown;                                  //!< m_distance is current
    mutable Time m_distanceTime;                                   //!< when m_distance was taken
    mutable double m_distance;                                     //!< between the ends then (m)
    mutable std::unique_ptr<CircularOrbitSeparation> m_separation; //!< null: not (yet) known
    mutable bool m_separationChecked; //!< whether m_separation was looked for since a change
    double m_maxRange;                //!< longest usable link (m)
    TracedCallback<Ptr<const Packet>, double> m_linkBreakTrace; //!< packet lost to range
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_ISL_CHANNEL_H
