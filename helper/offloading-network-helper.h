// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_OFFLOADING_NETWORK_HELPER_H
#define SAGIN_OFFLOADING_NETWORK_HELPER_H

#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/object-factory.h"
#include "ns3/offloading-packet-delivery.h"
#include "ns3/offloading-privacy-path.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

class OffloadingSlotController;

/**
 * \ingroup sagin
 * \brief Puts study A's offloading on packets: the devices and the LEO compute servers get
 * GSL devices on one GslChannel (study A's loss model, R sub-channels of B, its noise; the
 * LEOs' cells OfdmaTdma), Internet stacks and addresses in 10.64.0.0/16; each device an
 * OffloadingUplinkApplication; an OffloadingPacketDelivery joins them to the controller.
 *
 * Only the satellites that will be candidate LEOs become compute servers: Install
 * propagates the orbits over the run's slots and takes every satellite that is among the O
 * highest above the service centre at a slot's start (a shell of 1,584 satellites needs a few
 * dozen for a run of minutes, not 1,584 stacks).
 */
class OffloadingNetworkHelper
{
  public:
    OffloadingNetworkHelper();

    /**
     * \param name an OffloadingPacketDelivery attribute
     * \param value its value
     */
    void SetDeliveryAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \param controller a controller with its nodes set (ORBITS geometry), not yet started
     * \param devices the followers' nodes, as given to the controller
     * \param satellites the constellation, as given to the controller
     * \param slots the slots the run will have, from now
     * \param stream first random stream of the stacks (ARP, IP jitter)
     * \return the delivery, set as the controller's PacketDelivery
     */
    Ptr<OffloadingPacketDelivery> Install(Ptr<OffloadingSlotController> controller,
                                          NodeContainer devices,
                                          NodeContainer satellites,
                                          uint32_t slots,
                                          int64_t stream);

    /**
     * Measure C_SBC from packets: a leader node, N MBS nodes and N M digital-twin nodes on
     * point-to-point links (addresses in 10.128.0.0/9, one /30 per link) forming two binary
     * trees under the leader, the MBSs' (model upload, each link r_up towards the leader and
     * r_down away from it) and the twins' (the chain's peer links, the same rates); a DPoS
     * chain (BlockchainNode on the leader and the twins, the leader the only delegate, one
     * block per slot T, blocks relayed before verification); an OffloadingPrivacyPath set as
     * the controller's PrivacyPath. Call after Install (the path needs packet level); the
     * new nodes' stacks and the chain take the random streams after Install's.
     * \param controller the controller Install was given
     * \return the path
     */
    Ptr<OffloadingPrivacyPath> InstallPrivacyPath(Ptr<OffloadingSlotController> controller);

    /**
     * \param name an OffloadingPrivacyPath attribute
     * \param value its value
     */
    void SetPrivacyPathAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \param delay propagation delay of every backhaul link (default 0: the source's C2 and
     *        C3 have no propagation term)
     */
    void SetBackhaulDelay(Time delay);

    /**
     * \param count nodes in a binary tree under a root at position 0
     * \return for node p = 1 .. count, its parent's position (p - 1) / 2, at index p - 1
     */
    static std::vector<uint32_t> BinaryTreeParents(uint32_t count);

  private:
    ObjectFactory m_deliveryFactory; //!< OffloadingPacketDelivery
    ObjectFactory m_privacyFactory;  //!< OffloadingPrivacyPath
    Time m_backhaulDelay;            //!< SetBackhaulDelay
    int64_t m_nextStream{0};         //!< first random stream Install left unused
    const OffloadingSlotController* m_installedFor{nullptr}; //!< Install's last controller
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_OFFLOADING_NETWORK_HELPER_H
