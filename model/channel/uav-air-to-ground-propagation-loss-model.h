// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_UAV_AIR_TO_GROUND_PROPAGATION_LOSS_MODEL_H
#define SAGIN_UAV_AIR_TO_GROUND_PROPAGATION_LOSS_MODEL_H

#include "ns3/nstime.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/random-variable-stream.h"

#include <map>
#include <utility>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * \brief UAV-to-UE loss of study C: reference gain over squared distance, random blockage.
 *
 * Channel power gain h = beta0 / d^2 (d the 3D distance in m, beta0 the gain at 1 m), so
 * rx = tx + beta0_dB - 20 log10(d) - s * L_pen (dBm), where the blockage indicator s in {0, 1}
 * is drawn per link once per coherence interval (study C: per slot, uniformly from {0, 1}).
 * Study C writes the penetration loss as a term added to the noise power; taken literally
 * with L_pen = 20 dB as a power it silences every blocked link, so it is applied here as the
 * attenuation it is named after (doc/sagin.rst, Scope and Limitations).
 */
class UavAirToGroundPropagationLossModel : public PropagationLossModel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    UavAirToGroundPropagationLossModel();

    /**
     * \param distance 3D distance (m)
     * \return the channel power gain beta0 / d^2 without blockage (linear)
     */
    double GetChannelGain(double distance) const;

    /**
     * \param a one end
     * \param b the other end
     * \return whether the link is blocked in the current coherence interval
     */
    bool IsBlocked(Ptr<MobilityModel> a, Ptr<MobilityModel> b) const;

  private:
    double DoCalcRxPower(double txPowerDbm,
                         Ptr<MobilityModel> a,
                         Ptr<MobilityModel> b) const override;
    int64_t DoAssignStreams(int64_t stream) override;

    double m_referenceGain;               //!< beta0 (dB)
    double m_penetrationLoss;             //!< L_pen (dB)
    double m_blockageProbability;         //!< P(s = 1)
    Time m_coherenceTime;                 //!< how long one blockage draw holds
    double m_minDistance;                 //!< distances below are taken as this (m)
    Ptr<UniformRandomVariable> m_uniform; //!< blockage draws
    /** Per unordered link: coherence interval index and blockage of that interval. */
    mutable std::map<std::pair<const MobilityModel*, const MobilityModel*>,
                     std::pair<int64_t, bool>>
        m_blockage;
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_UAV_AIR_TO_GROUND_PROPAGATION_LOSS_MODEL_H
