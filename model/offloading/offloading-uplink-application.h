// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_OFFLOADING_UPLINK_APPLICATION_H
#define SAGIN_OFFLOADING_UPLINK_APPLICATION_H

#include "ns3/application.h"
#include "ns3/inet-socket-address.h"
#include "ns3/traced-callback.h"

#include <cstdint>

namespace ns3
{
class Packet;
class Socket;

namespace sagin
{

/**
 * \ingroup sagin
 * \brief A study A device's offloading uplink: each slot, up to a budget of bytes (what its
 * queue holds) as UDP datagrams of PacketSize to its chosen LEO's compute server, as fast as
 * its link takes them (a full-buffer source).
 *
 * OffloadingPacketDelivery calls Offload at the start of a slot in which the device offloads
 * (the LEO and the budget change from slot to slot) and Halt at its end, and calls FrameLeft
 * whenever the device puts a frame on the air or gives one up (its PhyTxBegin and PhyTxDrop
 * traces): the application then hands down the next datagram, so that Window datagrams wait
 * in the device while the budget lasts. The link's rate, whatever the interference and the
 * cell's turns make it, sets the pace; no datagram is dropped for a full queue.
 */
class OffloadingUplinkApplication : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    OffloadingUplinkApplication();
    ~OffloadingUplinkApplication() override;

    /**
     * Send up to budget bytes of payload to remote from now on (replacing what the last call
     * asked for): Window datagrams now, then one per FrameLeft.
     * \param remote the compute server's address and port
     * \param budgetBytes payload bytes to send at most
     */
    void Offload(const InetSocketAddress& remote, uint64_t budgetBytes);

    /**
     * The device put a frame on the air or gave one up: hand down the next datagram.
     * \param frame the frame (unused)
     */
    void FrameLeft(Ptr<const Packet> frame);

    /** Send nothing more. */
    void Halt();

    /** \return payload bytes handed to the socket so far */
    uint64_t GetSentBytes() const;

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;
    /** Open the UDP socket unless it is open. */
    void OpenSocket();
    /** Send one datagram if the budget has any left. */
    void SendPacket();

    uint32_t m_packetSize;                       //!< PacketSize (payload bytes)
    uint32_t m_window;                           //!< Window (datagrams)
    Ptr<Socket> m_socket;                        //!< UDP socket, open while running
    InetSocketAddress m_remote;                  //!< this slot's compute server
    uint64_t m_budget{0};                        //!< payload bytes left this slot
    uint64_t m_sent{0};                          //!< payload bytes sent
    TracedCallback<Ptr<const Packet>> m_txTrace; //!< Tx
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_OFFLOADING_UPLINK_APPLICATION_H
