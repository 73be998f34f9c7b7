// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_GSL_ATTACHMENT_POLICY_H
#define SAGIN_GSL_ATTACHMENT_POLICY_H

#include "ns3/object.h"

#include <vector>

namespace ns3
{
namespace sagin
{

class GslNetDevice;

/**
 * \ingroup sagin
 * \brief Chooses the satellite a ground (or UAV) GSL device is attached to.
 *
 * Asked by the ground device every GslNetDevice::AttachmentInterval; returning the current
 * satellite keeps the attachment, another one hands over, nullptr detaches.
 */
class GslAttachmentPolicy : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * \param ground the ground device
     * \param current its satellite now, or nullptr
     * \param satellites every satellite device on the channel
     * \return the satellite to be attached to, or nullptr for none
     */
    virtual Ptr<GslNetDevice> Choose(Ptr<GslNetDevice> ground,
                                     Ptr<GslNetDevice> current,
                                     const std::vector<Ptr<GslNetDevice>>& satellites) = 0;
};

/**
 * \ingroup sagin
 * \brief Stay with the current satellite while it is above MinElevation; otherwise take the
 * one with the highest elevation above MinElevation (none if no satellite is). With
 * DistinctSatellites, satellites the node's other GSL devices are attached to do not count.
 */
class HighestElevationAttachmentPolicy : public GslAttachmentPolicy
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    HighestElevationAttachmentPolicy();

    Ptr<GslNetDevice> Choose(Ptr<GslNetDevice> ground,
                             Ptr<GslNetDevice> current,
                             const std::vector<Ptr<GslNetDevice>>& satellites) override;

  private:
    double m_minElevation;     //!< (degrees)
    bool m_distinctSatellites; //!< skip satellites the node's other devices use
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_GSL_ATTACHMENT_POLICY_H
