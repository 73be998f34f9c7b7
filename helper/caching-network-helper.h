// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_CACHING_NETWORK_HELPER_H
#define SAGIN_CACHING_NETWORK_HELPER_H

#include "blockchain-helper.h"

#include "ns3/data-rate.h"
#include "ns3/geodesy.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/ptr.h"

namespace ns3
{

namespace sagin
{

class CachingPacketDelivery;

/**
 * \ingroup sagin
 * \brief Builds study C's network for packet-level runs: one LEO content server, J UAVs,
 * I UEs, on ns-3's Internet stack.
 *
 * - UAV access: one GslChannel with study C's loss (UavAirToGroundPropagationLossModel by
 *   default), UAVs on its satellite side, each with its own carrier of bandwidth B
 *   (FirstSubChannel j of J) shared by AirtimeFair scheduling, transmit power P, noise
 *   sigma^2 over B (PAPERS.md study C: B = 10 MHz, P = 1 W, sigma^2 = -110 dBm); UEs on its
 *   ground side, attached to a UAV by the slot controller (no policy of their own);
 *   addresses 10.64.0.0/16.
 * - Satellite: one GslChannel (study A's LoS/NLoS loss) between the satellite and every UAV
 *   (backhaul) and UE, each on its own sub-channel, capped at R^S by MaxRate (study C: R^S =
 *   2 Mbit/s, "constant and much lower than UAV rates"; the 60 dBm EIRP makes the cap bind
 *   [recon]); addresses 10.128.0.0/16.
 * - A CachingPacketDelivery on top (servers on the satellite and the UAVs, clients on the
 *   UEs and UAVs), for CachingSlotController's PacketDelivery attribute.
 * - The chain (SetBlockchain, on by default): a BlockchainNode on the satellite (full node,
 *   producing one block per interval by proof of stake with all the stake) and one on every
 *   UAV, peered with the satellite's over the satellite links; the slot controller makes the
 *   UAVs full or light and puts the deliveries on it.
 */
class CachingNetworkHelper
{
  public:
    CachingNetworkHelper();

    /** \param hz B, the bandwidth of each UAV (Hz, > 0) */
    void SetUavBandwidth(double hz);
    /** \param dbm P, the transmit power of each UAV (dBm) */
    void SetUavTxPower(double dbm);
    /** \param dbm sigma^2 over a UAV's band (dBm) */
    void SetNoisePower(double dbm);
    /** \param loss the UAV-UE loss (share it with the flow-level controller to compare) */
    void SetAccessLoss(Ptr<PropagationLossModel> loss);
    /** \param rate R^S, the satellite-UE rate cap */
    void SetSatelliteRate(DataRate rate);

    /**
     * \param enable run the chain on the satellite and the UAVs (default true)
     * \param blockInterval time between blocks (> 0; default 1 s, one per slot)
     */
    void SetBlockchain(bool enable, Time blockInterval = Seconds(1));

    /**
     * A satellite on a circular orbit that is at the zenith of a place (within the geodetic
     * minus geocentric latitude, under 0.2 degrees) at simulation time 0: one pass over the
     * service area.
     * \param area the place
     * \param altitudeM orbit altitude (m)
     * \param inclinationDeg orbit inclination (degrees, >= |latitude|)
     * \return the satellite node (with its SatelliteMobilityModel)
     */
    static Ptr<Node> CreateOverheadSatellite(const GeodeticPosition& area,
                                             double altitudeM,
                                             double inclinationDeg);

    /**
     * Install the devices, the Internet stack, addresses, servers and clients.
     * \param uavs the J UAVs (with mobility)
     * \param ues the I UEs (with mobility)
     * \param satellite the content server (with mobility)
     * \return the delivery to give the slot controller
     */
    Ptr<CachingPacketDelivery> Install(NodeContainer uavs, NodeContainer ues, Ptr<Node> satellite);

    /**
     * Fix the random streams of what the last Install created and the slot controller does
     * not own: the satellite link's loss model, the Internet stacks (ARP and IP jitter) and
     * the chain. Without it they draw from streams ns-3 numbers per process, so a run would
     * depend on the runs before it in the same process.
     * \param stream first stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

  private:
    double m_uavBandwidth;                  //!< B (Hz)
    double m_uavTxPower;                    //!< P (dBm)
    double m_noisePower;                    //!< sigma^2 (dBm)
    Ptr<PropagationLossModel> m_accessLoss; //!< UAV-UE loss, or null for a new one
    DataRate m_satelliteRate;               //!< R^S
    bool m_blockchain;                      //!< run the chain
    Time m_blockInterval;                   //!< between blocks
    NodeContainer m_nodes;                  //!< of the last Install
    NetDeviceContainer m_spaceDevices;      //!< its satellite link's devices
    NodeContainer m_chainNodes;             //!< its chain's nodes (none without the chain)
    BlockchainHelper m_chain;               //!< its chain
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CACHING_NETWORK_HELPER_H
