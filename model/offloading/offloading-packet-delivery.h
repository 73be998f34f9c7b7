// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_OFFLOADING_PACKET_DELIVERY_H
#define SAGIN_OFFLOADING_PACKET_DELIVERY_H

#include "offloading-strategy.h"

#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"

#include <cstdint>
#include <map>
#include <vector>

namespace ns3
{
class Node;
class Socket;

namespace sagin
{

class GslNetDevice;
class OffloadingUplinkApplication;

/**
 * \ingroup sagin
 * \brief Study A's offloading as packets: each slot, every offloading follower's device sends
 * its task's bits as UDP over its GSL, on its chosen channel, to its chosen LEO's compute
 * server, and the bits that arrive in the slot are its D2.
 *
 * The slot controller decides (flow-level gains from the same loss model); this is the data
 * plane. BeginSlot attaches each offloading device to its LEO (GslNetDevice::AttachTo), puts
 * it on its channel r in the beam of its MBS n (GslNetDevice::UseSubChannel(r, n): devices of
 * one MBS sharing a channel to one LEO take turns in the LEO's OfdmaTdma cell, every other
 * device on r interferes at the LEO as the GslChannel computes it) and lets its
 * OffloadingUplinkApplication send up to Q + A as fast as the link takes it (a full-buffer
 * source); local followers are detached and silent. Each compute server (a UDP
 * socket on Port of a satellite) counts the payload bits per follower and keeps a queue of
 * offloaded work, cycles = bits x w of the sender's task, served at LeoCpuFrequency.
 * FinishSlot stops the senders and returns what arrived since BeginSlot. A follower that
 * offloads to a LEO out of view sends nothing (gain 0 at flow level). Datagrams still in the
 * device's small queue (at most its QueueSize) or on the air at a slot's end arrive in the
 * next slot and count there, at the next task's w.
 */
class OffloadingPacketDelivery : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    OffloadingPacketDelivery();
    ~OffloadingPacketDelivery() override;

    /**
     * \param devices follower i's ground GSL device
     * \param applications follower i's uplink (installed on its node)
     * \param addresses follower i's IPv4 address (tells the servers who sent what)
     * std::invalid_argument when the lists differ in length.
     */
    void SetFollowers(const std::vector<Ptr<GslNetDevice>>& devices,
                      const std::vector<Ptr<OffloadingUplinkApplication>>& applications,
                      const std::vector<Ipv4Address>& addresses);

    /**
     * Make a satellite a LEO compute server: a UDP socket on Port counts what arrives.
     * \param satellite its node (with an Internet stack)
     * \param device its GSL device (OfdmaTdma cell)
     * \param address the device's IPv4 address
     */
    void AddServer(Ptr<Node> satellite, Ptr<GslNetDevice> device, Ipv4Address address);

    /**
     * \param nodeId a satellite's node id
     * \return whether it is a compute server
     */
    bool IsServer(uint32_t nodeId) const;

    /**
     * Start a slot's transfers.
     * \param problem the slot (queues, arrivals, w and gains of the followers)
     * \param decision the leader's and followers' decision
     * \param leoNodes node id of each candidate LEO o in view (OffloadingSlotRecord::leoNodes);
     *        each an AddServer satellite (std::invalid_argument otherwise)
     */
    void BeginSlot(const OffloadingSlotProblem& problem,
                   const OffloadingSlotDecision& decision,
                   const std::vector<uint32_t>& leoNodes);

    /**
     * End the slot: stop the senders.
     * \return payload received from each follower since BeginSlot (Mbit)
     */
    std::vector<double> FinishSlot();

    /** \return the mean over the compute servers of their queued work, in seconds of CPU */
    double GetMeanServerBacklogSeconds();

    /** \return the UDP port the servers receive on */
    uint16_t GetPort() const;

  protected:
    void DoDispose() override;

  private:
    /** A LEO compute server. */
    struct Server
    {
        Ptr<GslNetDevice> device; //!< its GSL device
        Ipv4Address address;      //!< the device's address
        Ptr<Socket> socket;       //!< receiver on Port
        double backlogCycles{0};  //!< offloaded work not yet processed (cycles)
        Time served;              //!< when the backlog was last reduced
    };

    /** \param server bring its backlog to the current time */
    void Serve(Server& server) const;
    /**
     * \param nodeId the satellite's node id
     * \param socket its socket, with datagrams to read
     */
    void Receive(uint32_t nodeId, Ptr<Socket> socket);

    uint16_t m_port;                                              //!< Port
    double m_leoCpuGHz;                                           //!< LeoCpuFrequency (GHz)
    std::vector<Ptr<GslNetDevice>> m_devices;                     //!< per follower
    std::vector<Ptr<OffloadingUplinkApplication>> m_applications; //!< per follower
    std::map<Ipv4Address, uint32_t> m_followerOf;                 //!< address -> follower
    std::map<uint32_t, Server> m_servers;                         //!< by satellite node id
    std::vector<double> m_cyclesPerBit;                           //!< w of this slot's task
    std::vector<uint64_t> m_receivedBytes;                        //!< since BeginSlot
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_OFFLOADING_PACKET_DELIVERY_H
