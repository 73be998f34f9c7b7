// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_CIRCULAR_APERTURE_ANTENNA_MODEL_H
#define SAGIN_CIRCULAR_APERTURE_ANTENNA_MODEL_H

#include "ns3/antenna-model.h"

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * \brief Satellite beam of a uniformly illuminated circular aperture.
 *
 * G(theta) = Gmax for theta = 0, else Gmax * 4 |J1(k a sin theta) / (k a sin theta)|^2, with
 * k a = 1.6162 / sin(theta_3dB / 2) so that the gain is 3 dB down at half the 3 dB beamwidth
 * (3GPP TR 38.811 V15.4.0, section 6.4.1). theta is the angle off the boresight, which is the
 * +x axis of ns-3's Angles (azimuth 0, inclination 90 degrees). Nulls are floored at
 * Gmax - NullDepth.
 */
class CircularApertureAntennaModel : public AntennaModel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    CircularApertureAntennaModel();

    double GetGainDb(Angles a) override;

    /**
     * \param offAxis angle from the boresight (rad)
     * \return the gain (dBi)
     */
    double GetGainDbOffAxis(double offAxis) const;

  private:
    double m_maxGain;   //!< boresight gain (dBi)
    double m_beamwidth; //!< 3 dB beamwidth, full angle (degrees)
    double m_nullDepth; //!< floor below the boresight gain (dB)
};

/**
 * \ingroup sagin
 * The Bessel function of the first kind of order 1, by the polynomial approximations of
 * Abramowitz and Stegun 9.4.4 and 9.4.6 (absolute error below 5e-8), a tenth of the cost of
 * std::cyl_bessel_j.
 * \param x the argument
 * \return J1(x)
 */
double BesselJ1(double x);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CIRCULAR_APERTURE_ANTENNA_MODEL_H
