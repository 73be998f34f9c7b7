// SPDX-License-Identifier: GPL-2.0-only

#include "circular-aperture-antenna-model.h"

#include "ns3/double.h"

#include <algorithm>
#include <cmath>

namespace ns3
{
namespace sagin
{

NS_OBJECT_ENSURE_REGISTERED(CircularApertureAntennaModel);

namespace
{
/** k a sin(theta_3dB / 2): where 4 (J1(x) / x)^2 = 1/2 (3GPP TR 38.811, section 6.4.1). */
constexpr double HALF_POWER_ARGUMENT = 1.6162;
} // namespace

TypeId
CircularApertureAntennaModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::CircularApertureAntennaModel")
            .SetParent<AntennaModel>()
            .SetGroupName("Sagin")
            .AddConstructor<CircularApertureAntennaModel>()
            .AddAttribute("MaxGain",
                          "Boresight gain (dBi); study B: 35 dBi.",
                          DoubleValue(35.0),
                          MakeDoubleAccessor(&CircularApertureAntennaModel::m_maxGain),
                          MakeDoubleChecker<double>())
            .AddAttribute("Beamwidth",
                          "3 dB beamwidth, full angle (degrees).",
                          DoubleValue(4.0),
                          MakeDoubleAccessor(&CircularApertureAntennaModel::m_beamwidth),
                          MakeDoubleChecker<double>(1e-3, 180.0))
            .AddAttribute("NullDepth",
                          "Floor of the pattern's nulls below the boresight gain (dB).",
                          DoubleValue(60.0),
                          MakeDoubleAccessor(&CircularApertureAntennaModel::m_nullDepth),
                          MakeDoubleChecker<double>(0.0));
    return tid;
}

CircularApertureAntennaModel::CircularApertureAntennaModel()
    : m_maxGain(35.0),
      m_beamwidth(4.0),
      m_nullDepth(60.0)
{
}

double
CircularApertureAntennaModel::GetGainDbOffAxis(double offAxis) const
{
    const double ka = HALF_POWER_ARGUMENT / std::sin(m_beamwidth * M_PI / 360.0);
    const double x = ka * std::sin(std::abs(offAxis));
    if (x < 1e-9)
    {
        return m_maxGain;
    }
    const double ratio = std::cyl_bessel_j(1.0, x) / x;
    const double relative = 4.0 * ratio * ratio;
    return m_maxGain + std::max(10.0 * std::log10(std::max(relative, 1e-300)), -m_nullDepth);
}

double
CircularApertureAntennaModel::GetGainDb(Angles a)
{
    // Angle between the direction (azimuth, inclination) and the +x boresight.
    const double cosOffAxis = std::sin(a.GetInclination()) * std::cos(a.GetAzimuth());
    return GetGainDbOffAxis(std::acos(std::clamp(cosOffAxis, -1.0, 1.0)));
}

} // namespace sagin
} // namespace ns3
