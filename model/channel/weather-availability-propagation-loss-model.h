// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_WEATHER_AVAILABILITY_PROPAGATION_LOSS_MODEL_H
#define SAGIN_WEATHER_AVAILABILITY_PROPAGATION_LOSS_MODEL_H

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
 * \brief Weather visibility of study B as a link-availability process.
 *
 * Each link alternates between available and outage; the sojourns are exponential with means
 * chosen so that the long-run fraction of time available is Visibility and an outage lasts
 * MeanOutageDuration on average (a two-state continuous-time Markov chain, started in its
 * stationary distribution). During an outage the link loses OutageLoss dB; otherwise it adds
 * nothing. Chain it after the link's loss model (PropagationLossModel::SetNext).
 */
class WeatherAvailabilityPropagationLossModel : public PropagationLossModel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    WeatherAvailabilityPropagationLossModel();

    /**
     * \param a one end
     * \param b the other end
     * \return whether the link is available at Simulator::Now()
     */
    bool IsAvailable(Ptr<MobilityModel> a, Ptr<MobilityModel> b) const;

  private:
    double DoCalcRxPower(double txPowerDbm,
                         Ptr<MobilityModel> a,
                         Ptr<MobilityModel> b) const override;
    int64_t DoAssignStreams(int64_t stream) override;

    /** State of one link's process. */
    struct LinkState
    {
        bool available{true}; //!< current state
        Time until;           //!< when the current state ends
    };

    double m_visibility;                      //!< long-run availability, in [0, 1]
    Time m_meanOutage;                        //!< mean outage duration
    double m_outageLoss;                      //!< loss during an outage (dB)
    Ptr<UniformRandomVariable> m_uniform;     //!< initial states
    Ptr<ExponentialRandomVariable> m_sojourn; //!< sojourns, mean 1 (scaled per state)
    /** Per unordered link. */
    mutable std::map<std::pair<const MobilityModel*, const MobilityModel*>, LinkState> m_links;
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_WEATHER_AVAILABILITY_PROPAGATION_LOSS_MODEL_H
