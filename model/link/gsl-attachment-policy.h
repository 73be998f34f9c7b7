// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_GSL_ATTACHMENT_POLICY_H
#define SAGIN_GSL_ATTACHMENT_POLICY_H

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/vector.h"

#include <utility>
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

    /**
     * What the ground device asks: the satellites to be attached to at once
     * (GslNetDevice::AttachToAll), the primary first. By default Choose's one satellite.
     * \param ground the ground device
     * \param current its primary satellite now, or nullptr
     * \param satellites every satellite device on the channel
     * \return the satellites, the primary first; empty for none
     */
    virtual std::vector<Ptr<GslNetDevice>> ChooseAll(
        Ptr<GslNetDevice> ground,
        Ptr<GslNetDevice> current,
        const std::vector<Ptr<GslNetDevice>>& satellites);
};

/**
 * \ingroup sagin
 * \brief Stay with the current satellite while it is usable and no other usable one is higher
 * by more than Hysteresis; otherwise take the usable one with the highest elevation (none if
 * no satellite is). Usable: above MinElevation, and the link's mean SNR
 * (GslChannel::GetMeanSnr) at least MinMeanSnr both ways, so a station leaves a low satellite
 * whose link no longer carries traffic. With DistinctSatellites, satellites the node's other
 * GSL devices are attached to do not count.
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
    /**
     * \param ground the ground device
     * \param satellite a satellite device
     * \param elevation its elevation from the ground (degrees)
     * \return whether it is usable: at least MinElevation, and its link closes both ways
     */
    bool IsUsable(Ptr<GslNetDevice> ground, Ptr<GslNetDevice> satellite, double elevation) const;

    /**
     * \param ground the ground device
     * \param satellites every satellite device on the channel
     * \return the satellites at or above MinElevation from the ground device now, with their
     *         elevations (degrees), in the order of satellites
     */
    std::vector<std::pair<Ptr<GslNetDevice>, double>> AboveMinElevation(
        Ptr<GslNetDevice> ground,
        const std::vector<Ptr<GslNetDevice>>& satellites);

    bool m_keepCurrent; //!< stay with the current satellite while it is above MinElevation

  private:
    /**
     * \param ground the ground device
     * \param satellite a satellite device
     * \param elevation its elevation from the ground (degrees)
     * \return whether its link's mean SNR reaches MinMeanSnr both ways
     */
    bool LinkCloses(Ptr<GslNetDevice> ground, Ptr<GslNetDevice> satellite, double elevation) const;

    /**
     * \param satellites every satellite device on the channel
     * \return their positions now (ECEF, m), computed once per instant: the ground devices
     *         that decide at one instant (all of them, by default) share them
     */
    const std::vector<Vector>& PositionsNow(const std::vector<Ptr<GslNetDevice>>& satellites);

    Time m_positionsAt{-1};             //!< when m_positions were computed
    const void* m_positionsOf{nullptr}; //!< the satellite list they belong to
    std::vector<Vector> m_positions;    //!< (ECEF, m)
    double m_minElevation;              //!< (degrees)
    double m_minMeanSnr;                //!< (dB)
    double m_hysteresis;                //!< (degrees)
    bool m_distinctSatellites;          //!< skip satellites the node's other devices use
};

/**
 * \ingroup sagin
 * \brief Always the usable satellite with the highest elevation: hands over as soon as another
 * one is higher than the current one (the maximum-elevation criterion; Hysteresis is not
 * used), where HighestElevationAttachmentPolicy keeps the current one while it is usable.
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

/**
 * \ingroup sagin
 * \brief Attach to every usable satellite at once and let routing pick, per destination, the
 * one that gives the shortest path (the model Hypatia uses: a station may use any satellite
 * above its minimum elevation). The primary satellite is HighestElevationAttachmentPolicy's
 * choice (with its attributes); the others follow by elevation, highest first. Each link
 * takes a sub-channel in its satellite's cell, so a station in view of many satellites
 * occupies one in each. DistinctSatellites applies to the primary only.
 */
class AllInViewAttachmentPolicy : public HighestElevationAttachmentPolicy
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    std::vector<Ptr<GslNetDevice>> ChooseAll(
        Ptr<GslNetDevice> ground,
        Ptr<GslNetDevice> current,
        const std::vector<Ptr<GslNetDevice>>& satellites) override;
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_GSL_ATTACHMENT_POLICY_H
