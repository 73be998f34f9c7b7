// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_LEASED_IOT_UPLINK_H
#define SAGIN_LEASED_IOT_UPLINK_H

#include "ns3/ipv4-address.h"
#include "ns3/object.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <map>
#include <vector>

namespace ns3
{

class Address;
class Node;
class Packet;
class Socket;

namespace sagin
{

class GslNetDevice;
class IotUplinkApplication;
class SpectrumLeaseMarket;

/**
 * \ingroup sagin
 * \brief Study B's IoT uplink as packets: each round, the users of one satellite's market
 * that are on the air send UDP over their GSL on their leased channel, and the satellite
 * counts what arrives.
 *
 * The market decides (leases, prices, detection; flow level); this is its data plane. After
 * each market round, Apply puts every user that the market has on the air (leasing, or
 * overstaying its lease) on its channel in its cell's beam (GslNetDevice::UseSubChannel:
 * users sharing a channel in a cell take turns in an OfdmaTdma cell, co-channel users of
 * other cells interfere through the beams), at the power the market has it use (above the
 * power-control level for an OVER_POWER user), and lets its IotUplinkApplication send; the
 * others stop. The second channel of an EXTRA_CHANNEL user is not sent as packets (a device
 * has one link to its satellite). The lease signalling itself is not modelled as packets.
 * The satellite's socket (Port) counts the payload bits that arrive, per user
 * (TakeDeliveredBits).
 */
class LeasedIotUplink : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    LeasedIotUplink();
    ~LeasedIotUplink() override;

    /**
     * \param satellite the satellite's node (it gets the receiving socket on Port)
     * \param devices each user's ground GSL device, attached to the satellite's
     * \param applications each user's uplink, sending to the satellite's address on Port
     * \param addresses each user's IPv4 address (to tell who sent what arrives)
     * Throws std::invalid_argument when the three lists differ in length.
     */
    void SetUsers(Ptr<Node> satellite,
                  const std::vector<Ptr<GslNetDevice>>& devices,
                  const std::vector<Ptr<IotUplinkApplication>>& applications,
                  const std::vector<Ipv4Address>& addresses);

    /**
     * Put the users the market has on the air on their channels and let them send; stop
     * the others.
     * \param market the satellite's market, after its round (the same users, in order)
     * \param powerLevelW the round's power-control level (W)
     */
    void Apply(const SpectrumLeaseMarket& market, double powerLevelW);

    /** \return payload bits received from each user since the last call (user order) */
    std::vector<uint64_t> TakeDeliveredBits();

    /** \return the users (SetUsers) */
    uint32_t GetN() const;

    /** \return the UDP port the satellite receives on */
    uint16_t GetPort() const;

  protected:
    void DoDispose() override;

  private:
    /** \param socket the satellite's socket, with datagrams to read */
    void Receive(Ptr<Socket> socket);

    uint16_t m_port;                                       //!< Port
    Ptr<Socket> m_socket;                                  //!< the satellite's receiver
    std::vector<Ptr<GslNetDevice>> m_devices;              //!< per user
    std::vector<Ptr<IotUplinkApplication>> m_applications; //!< per user
    std::map<Ipv4Address, uint32_t> m_userOf;              //!< address -> user
    std::vector<uint64_t> m_deliveredBits;                 //!< since TakeDeliveredBits
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_LEASED_IOT_UPLINK_H
