// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_OFFLOADING_NETWORK_HELPER_H
#define SAGIN_OFFLOADING_NETWORK_HELPER_H

#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/offloading-packet-delivery.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <string>

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

  private:
    ObjectFactory m_deliveryFactory; //!< OffloadingPacketDelivery
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_OFFLOADING_NETWORK_HELPER_H
