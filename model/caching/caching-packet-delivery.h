// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_CACHING_PACKET_DELIVERY_H
#define SAGIN_CACHING_PACKET_DELIVERY_H

#include "ns3/ipv4-address.h"
#include "ns3/node-container.h"
#include "ns3/object.h"

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace ns3
{
namespace sagin
{

class BlockchainNode;
class Ed25519KeyPair;
class ContentClient;
class ContentServer;
struct CachingSlotInput;
class GslChannel;
class GslNetDevice;

/**
 * \ingroup sagin
 * What the packets of one slot delivered (data in Mbit of content, 1 Mbit = 10^6 bits).
 */
struct CachingSlotDeliveries
{
    std::vector<double> ueReceived;       //!< content data UE i received in the slot
    std::vector<double> backhaulReceived; //!< placement data UAV j fetched in the slot
    uint32_t placementsFetched{0};        //!< placements whose whole content arrived
    double chainRestored{0.0};            //!< block bodies UAVs turned full took (Mbit)
};

/**
 * \ingroup sagin
 * \brief Study C at packet level: carries a slot's decision as TCP transfers.
 *
 * Install() finds, on every UAV and UE, its device on the UAV access channel (GslChannel
 * with study C's loss; the UAVs are its "satellite" side, with AirtimeFair scheduling for
 * the equal split of Remark 2) and on the satellite channel, and the satellite's device;
 * puts a ContentServer on the satellite and on every UAV and a ContentClient on every UE and
 * UAV. Nodes must have the Internet stack and addresses on both channels.
 *
 * Every slot (CachingSlotController calls it):
 * - GetUavRates() / GetSatelliteRates(): the rates of the slot's problem from the same link
 *   budgets the packets get (GslChannel::GetBudget: R_ij of UE i alone on UAV j, and R_i^S
 *   capped by the satellite channel's MaxRate; 0 below the channel's MinSinr);
 * - BeginSlot(): attaches each UE's access device to the UAV the decision chose, starts each
 *   UE's fetch of its content (s_f) from that UAV or from the satellite, and each placed
 *   content's backhaul fetch from the satellite to its UAV. The cache takes effect at the
 *   start of the slot, as the source's eq. (2) has it: a UAV serves a placed content at once
 *   while its backhaul runs [recon: the source does not model the placement delay];
 * - EndSlot(): stops every transfer and returns what arrived.
 *
 * With SetBlockchain() the UAVs run the chain (BlockchainNodes peered with the satellite's):
 * BeginSlot() applies the roles c_j, pruning a UAV turned light to headers (Ledger::Prune)
 * and giving a UAV turned full the bodies from the satellite's ledger (Ledger::Restore; the
 * source neglects the deployment delay, the bytes are counted); RecordDeliveries() turns each
 * delivery and its payment into a ContentDelivery transaction signed by the server and
 * submitted to its node; GetChainSizes() gives s^fu and s^li from the chain's real size.
 */
class CachingPacketDelivery : public Object
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    CachingPacketDelivery();
    ~CachingPacketDelivery() override;

    /**
     * Find the devices and install the servers and clients (started now).
     * \param uavs the J UAVs (one device on each channel)
     * \param ues the I UEs (one device on each channel)
     * \param satellite the content server's node (one device on the satellite channel)
     * \param accessChannel the UAV access channel
     * \param satelliteChannel the satellite channel
     */
    void Install(NodeContainer uavs,
                 NodeContainer ues,
                 Ptr<Node> satellite,
                 Ptr<GslChannel> accessChannel,
                 Ptr<GslChannel> satelliteChannel);

    /** \return R_ij of UE i alone on UAV j now (Mbit/s), I x J */
    std::vector<double> GetUavRates() const;
    /** \return R_i^S of every UE now (Mbit/s) */
    std::vector<double> GetSatelliteRates() const;

    /**
     * Start the slot's transfers.
     * \param accessPoint UAV j or the satellite (J) of every UE
     * \param contents the content every UE requested
     * \param contentSizes s_f of every content (Mbit)
     * \param placements (UAV, content) pairs newly placed this slot
     */
    void BeginSlot(const std::vector<uint8_t>& accessPoint,
                   const std::vector<uint32_t>& contents,
                   const std::vector<double>& contentSizes,
                   const std::vector<std::pair<uint32_t, uint32_t>>& placements,
                   const std::vector<uint8_t>& fullNode);

    /**
     * Run the chain on the UAVs.
     * \param satellite the satellite's node (a full node; restores come from its ledger)
     * \param uavs UAV j's node
     */
    void SetBlockchain(Ptr<BlockchainNode> satellite, std::vector<Ptr<BlockchainNode>> uavs);

    /** \return whether SetBlockchain was called */
    bool HasBlockchain() const;

    /**
     * \return s^fu (the satellite's ledger: headers and bodies) and s^li (its main chain's
     *         headers) now (Mbit)
     */
    std::pair<double, double> GetChainSizes() const;

    /**
     * \param j a UAV
     * \return the bytes its ledger stores now (its role's share of the chain)
     */
    uint64_t GetUavChainBytes(uint32_t j) const;

    /**
     * Put the slot's deliveries on the chain: one ContentDelivery per UE that received data,
     * signed by its server (UAV or satellite) and submitted to the server's node.
     * \param slot the slot index
     * \param input the slot's problem input (requests, prices)
     * \param accessPoint UAV j or the satellite (J) of every UE
     * \param delivered data each UE received (Mbit)
     * \return the transactions submitted
     */
    uint32_t RecordDeliveries(uint32_t slot,
                              const CachingSlotInput& input,
                              const std::vector<uint8_t>& accessPoint,
                              const std::vector<double>& delivered);

    /** \return what arrived since BeginSlot; every transfer is stopped */
    CachingSlotDeliveries EndSlot();

  private:
    void DoDispose() override;

    /**
     * \param node a node
     * \param channel a channel
     * \param what "UAV", "UE" or "satellite", for the message
     * \return the node's GslNetDevice on that channel; throws std::invalid_argument if none
     */
    static Ptr<GslNetDevice> DeviceOn(Ptr<Node> node, Ptr<GslChannel> channel, const char* what);
    /**
     * \param device a device with an IPv4 address
     * \return its first address; throws std::invalid_argument if none
     */
    static Ipv4Address AddressOf(Ptr<GslNetDevice> device);
    /**
     * \param channel a GSL channel
     * \param budgetRate a budget's rate (bit/s)
     * \param sinrDb its SINR (dB)
     * \return the rate in Mbit/s, 0 below the channel's MinSinr
     */
    static double UsableRate(Ptr<GslChannel> channel, double budgetRate, double sinrDb);
    /**
     * \param sizeMbit a content size (Mbit)
     * \return the same in bytes
     */
    static uint64_t ToBytes(double sizeMbit);

    uint16_t m_port;                                       //!< servers' TCP port
    Ptr<GslChannel> m_accessChannel;                       //!< UAV access
    Ptr<GslChannel> m_satelliteChannel;                    //!< satellite links
    std::vector<Ptr<GslNetDevice>> m_uavAccess;            //!< UAV j's access device
    std::vector<Ptr<GslNetDevice>> m_ueAccess;             //!< UE i's access device
    std::vector<Ptr<GslNetDevice>> m_ueSatellite;          //!< UE i's satellite device
    std::vector<Ptr<GslNetDevice>> m_satelliteTerminals;   //!< UAVs' and UEs' satellite devices
    Ptr<GslNetDevice> m_satelliteDevice;                   //!< the content server's device
    std::vector<Ipv4Address> m_uavAddresses;               //!< UAV j on the access channel
    Ipv4Address m_satelliteAddress;                        //!< the content server
    std::vector<Ptr<ContentServer>> m_servers;             //!< UAVs', then the satellite's
    std::vector<Ptr<ContentClient>> m_ueClients;           //!< UE i's client
    std::vector<Ptr<ContentClient>> m_uavClients;          //!< UAV j's backhaul client
    std::vector<uint32_t> m_ueFetch;                       //!< UE i's fetch of the slot
    std::vector<std::pair<uint32_t, uint32_t>> m_backhaul; //!< (UAV, fetch) of the slot
    Ptr<BlockchainNode> m_satelliteChain;                  //!< the satellite's chain node
    std::vector<Ptr<BlockchainNode>> m_uavChain;           //!< UAV j's chain node
    std::vector<Ed25519KeyPair> m_uavKeys;                 //!< UAV j's delivery-record key
    std::unique_ptr<Ed25519KeyPair> m_satelliteKey;        //!< the satellite's
    uint64_t m_chainRestored{0};                           //!< body bytes taken this slot
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CACHING_PACKET_DELIVERY_H
