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
BesselJ1(double x)
{
    // Abramowitz and Stegun, Handbook of Mathematical Functions (1964), 9.4.4 (|x| <= 3,
    // |error of J1(x) / x| < 1.3e-8) and 9.4.6 (|x| >= 3, f1 to 4e-8, theta1 to 9e-8):
    // std::cyl_bessel_j took a third of a study B round's time.
    const double ax = std::abs(x);
    if (ax <= 3.0)
    {
        const double y = (x / 3.0) * (x / 3.0);
        return x * (0.5 + y * (-0.56249985 +
                               y * (0.21093573 +
                                    y * (-0.03954289 +
                                         y * (0.00443319 + y * (-0.00031761 + y * 0.00001109))))));
    }
    const double z = 3.0 / ax;
    const double f1 =
        0.79788456 +
        z * (0.00000156 +
             z * (0.01659667 +
                  z * (0.00017105 + z * (-0.00249511 + z * (0.00113653 - z * 0.00020033)))));
    const double theta1 =
        ax - 2.35619449 +
        z * (0.12499612 +
             z * (0.00005650 +
                  z * (-0.00637879 + z * (0.00074348 + z * (0.00079824 - z * 0.00029166)))));
    const double j1 = f1 * std::cos(theta1) / std::sqrt(ax);
    return x < 0 ? -j1 : j1;
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
    const double ratio = BesselJ1(x) / x;
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
