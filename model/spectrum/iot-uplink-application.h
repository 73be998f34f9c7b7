// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_IOT_UPLINK_APPLICATION_H
#define SAGIN_IOT_UPLINK_APPLICATION_H

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/data-rate.h"
#include "ns3/event-id.h"
#include "ns3/ptr.h"
#include "ns3/traced-callback.h"

#include <cstdint>

namespace ns3
{

class Socket;
class Packet;

namespace sagin
{

/**
 * \ingroup sagin
 * \brief An IoT user's uplink: UDP datagrams of PacketSize at DataRate to Remote, while the
 * user may send (SetSending: study B's lease).
 *
 * Like ns-3's OnOffApplication with a constant rate, but switched by its owner rather than
 * by random on and off times: a study B user sends only while it holds (or, misbehaving,
 * overstays) a lease. The socket is opened at start; SetSending(false) stops the sending at
 * once (datagrams already in the device's queue still leave), SetSending(true) resumes it
 * one packet interval later.
 */
class IotUplinkApplication : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    IotUplinkApplication();
    ~IotUplinkApplication() override;

    /** \param sending whether the user may send from now on */
    void SetSending(bool sending);

    /** \return whether it is sending */
    bool IsSending() const;

    /** \return datagrams sent so far */
    uint64_t GetSent() const;

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;
    /** Send one datagram and schedule the next. */
    void SendPacket();

    Address m_remote;                            //!< Remote
    DataRate m_rate;                             //!< DataRate
    uint32_t m_packetSize;                       //!< PacketSize (bytes of payload)
    Ptr<Socket> m_socket;                        //!< UDP socket, open while running
    bool m_sending{false};                       //!< SetSending
    bool m_running{false};                       //!< between start and stop
    uint64_t m_sent{0};                          //!< datagrams sent
    EventId m_event;                             //!< next SendPacket
    TracedCallback<Ptr<const Packet>> m_txTrace; //!< Tx
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_IOT_UPLINK_APPLICATION_H
