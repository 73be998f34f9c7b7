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

  protected:
    bool m_keepCurrent; //!< stay with the current satellite while it is above MinElevation

  private:
    double m_minElevation;     //!< (degrees)
    bool m_distinctSatellites; //!< skip satellites the node's other devices use
};

/**
 * \ingroup sagin
 * \brief Always the satellite with the highest elevation above MinElevation: hands over as
 * soon as another one is higher than the current one (the maximum-elevation criterion, no
 * hysteresis), where HighestElevationAttachmentPolicy keeps the current one until it sets.
 * More handovers, shorter links. DistinctSatellites as there.
 */
class GreedyElevationAttachmentPolicy : public HighestElevationAttachmentPolicy
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    GreedyElevationAttachmentPolicy();
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_GSL_ATTACHMENT_POLICY_H
