// SPDX-License-Identifier: GPL-2.0-only

#include "multi-beam-satellite-propagation-loss-model.h"

#include "circular-aperture-antenna-model.h"
#include "earth-fixed-cell-grid.h"

#include "ns3/double.h"
#include "ns3/geodesy.h"
#include "ns3/log.h"
#include "ns3/look-angles.h"
#include "ns3/mobility-model.h"
#include "ns3/physical-constants.h"
#include "ns3/pointer.h"
#include "ns3/string.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginMultiBeamSatellitePropagationLossModel");
NS_OBJECT_ENSURE_REGISTERED(MultiBeamSatellitePropagationLossModel);

namespace
{
/**
 * \param a a vector
 * \param b another
 * \return a . b
 */
double
Dot(const Vector& a, const Vector& b)
{
    return a.x * b.x + a.y * b.y + a.z * b.z;
}

/**
 * \param v a non-zero vector
 * \return v / |v|
 */
Vector
Unit(const Vector& v)
{
    const double n = v.GetLength();
    return Vector(v.x / n, v.y / n, v.z / n);
}

/**
 * \param a a vector
 * \param b another
 * \return a x b
 */
Vector
Cross(const Vector& a, const Vector& b)
{
    return Vector(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x);
}
} // namespace

TypeId
MultiBeamSatellitePropagationLossModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::MultiBeamSatellitePropagationLossModel")
            .SetParent<PropagationLossModel>()
            .SetGroupName("Sagin")
            .AddConstructor<MultiBeamSatellitePropagationLossModel>()
            .AddAttribute("Frequency",
                          "Carrier frequency (Hz); S band for IoT (3GPP NTN), not given by "
                          "study B.",
                          DoubleValue(2e9),
                          MakeDoubleAccessor(&MultiBeamSatellitePropagationLossModel::m_frequency),
                          MakeDoubleChecker<double>(1.0))
            .AddAttribute(
                "SatelliteAntenna",
                "Pattern of every beam, boresight along +x of its frame.",
                StringValue("ns3::sagin::CircularApertureAntennaModel"),
                MakePointerAccessor(&MultiBeamSatellitePropagationLossModel::m_satelliteAntenna),
                MakePointerChecker<AntennaModel>())
            .AddAttribute(
                "BeamRings",
                "Rings of beams around the nadir beam (0: one beam; 2: 19 beams).",
                UintegerValue(2),
                MakeUintegerAccessor(&MultiBeamSatellitePropagationLossModel::SetBeamRings),
                MakeUintegerChecker<uint32_t>(0, 50))
            .AddAttribute(
                "BeamSpacing",
                "Angle between adjacent beam axes (degrees); equal to the 3 dB "
                "beamwidth, adjacent beams cross 3 dB down.",
                DoubleValue(4.0),
                MakeDoubleAccessor(&MultiBeamSatellitePropagationLossModel::SetBeamSpacing),
                MakeDoubleChecker<double>(1e-3, 60.0))
            .AddAttribute(
                "UserMinGain",
                "User antenna gain at the horizon (dBi); study B: 0 dBi.",
                DoubleValue(0.0),
                MakeDoubleAccessor(&MultiBeamSatellitePropagationLossModel::m_userMinGain),
                MakeDoubleChecker<double>())
            .AddAttribute(
                "UserMaxGain",
                "User antenna gain at the zenith (dBi); study B: 10 dBi.",
                DoubleValue(10.0),
                MakeDoubleAccessor(&MultiBeamSatellitePropagationLossModel::m_userMaxGain),
                MakeDoubleChecker<double>())
            .AddAttribute(
                "DopplerCoefficient",
                "xi of eta = exp(-xi max(0, v - v_c) / c) (dimensionless); with the default "
                "DopplerCompensatedSpeed, eta = 0.95 at a relative speed of 6.5 km/s and "
                "0.60 at 8 km/s, the range of study B (PAPERS.md).",
                DoubleValue(91843.0),
                MakeDoubleAccessor(&MultiBeamSatellitePropagationLossModel::m_dopplerCoefficient),
                MakeDoubleChecker<double>(0.0))
            .AddAttribute(
                "DopplerCompensatedSpeed",
                "v_c of eta = exp(-xi max(0, v - v_c) / c): the relative speed whose Doppler "
                "the terminal's pre-compensation absorbs without loss (m/s); 0 gives the "
                "source's exp(-xi v / c).",
                DoubleValue(6332.6),
                MakeDoubleAccessor(&MultiBeamSatellitePropagationLossModel::m_compensatedSpeed),
                MakeDoubleChecker<double>(0.0))
            .AddAttribute(
                "CellGrid",
                "Earth-fixed cells the beams are steered onto (ns3::sagin::EarthFixedCellGrid); "
                "null: beams fixed to the satellite (BeamRings, BeamSpacing).",
                PointerValue(),
                MakePointerAccessor(&MultiBeamSatellitePropagationLossModel::m_cellGrid),
                MakePointerChecker<EarthFixedCellGrid>())
            .AddAttribute("Fading",
                          "Fading power gain h (linear), drawn per call; 1 = no fading, an "
                          "exponential variable of mean 1 = Rayleigh.",
                          StringValue("ns3::ConstantRandomVariable[Constant=1.0]"),
                          MakePointerAccessor(&MultiBeamSatellitePropagationLossModel::m_fading),
                          MakePointerChecker<RandomVariableStream>())
            .AddTraceSource(
                "Doppler",
                "The Doppler shift (Hz) and loss factor of each link evaluated.",
                MakeTraceSourceAccessor(&MultiBeamSatellitePropagationLossModel::m_dopplerTrace),
                "ns3::sagin::MultiBeamSatellitePropagationLossModel::"
                "DopplerTracedCallback");
    return tid;
}

MultiBeamSatellitePropagationLossModel::MultiBeamSatellitePropagationLossModel()
    : m_frequency(2e9),
      m_beamRings(2),
      m_beamSpacing(4.0),
      m_userMinGain(0.0),
      m_userMaxGain(10.0),
      m_dopplerCoefficient(91843.0),
      m_compensatedSpeed(6332.6)
{
    UpdateBeams();
}

void
MultiBeamSatellitePropagationLossModel::SetBeamRings(uint32_t rings)
{
    m_beamRings = rings;
    UpdateBeams();
}

void
MultiBeamSatellitePropagationLossModel::SetBeamSpacing(double spacing)
{
    m_beamSpacing = spacing;
    UpdateBeams();
}

void
MultiBeamSatellitePropagationLossModel::UpdateBeams()
{
    // Hexagonal lattice in axial coordinates (q, r), hex distance <= rings, nadir first.
    m_beamTilts.clear();
    const int rings = static_cast<int>(m_beamRings);
    const double s = m_beamSpacing * M_PI / 180.0;
    for (int ring = 0; ring <= rings; ++ring)
    {
        for (int q = -ring; q <= ring; ++q)
        {
            for (int r = -ring; r <= ring; ++r)
            {
                if (std::max({std::abs(q), std::abs(r), std::abs(q + r)}) == ring)
                {
                    m_beamTilts.emplace_back(s * (q + 0.5 * r), s * (std::sqrt(3.0) / 2.0 * r));
                }
            }
        }
    }
}

const std::vector<std::pair<double, double>>&
MultiBeamSatellitePropagationLossModel::GetBeamTilts() const
{
    return m_beamTilts;
}

double
MultiBeamSatellitePropagationLossModel::GetDopplerLossFactor(double relativeSpeed) const
{
    const double excess = std::max(0.0, std::abs(relativeSpeed) - m_compensatedSpeed);
    return std::exp(-m_dopplerCoefficient * excess / SPEED_OF_LIGHT);
}

double
MultiBeamSatellitePropagationLossModel::PathGainDb(double distance) const
{
    return 20.0 * std::log10(SPEED_OF_LIGHT / (4.0 * M_PI * m_frequency * distance));
}

Ptr<EarthFixedCellGrid>
MultiBeamSatellitePropagationLossModel::GetCellGrid() const
{
    return m_cellGrid;
}

double
MultiBeamSatellitePropagationLossModel::GetUserGain(double elevation) const
{
    const double s = std::max(0.0, std::sin(elevation * M_PI / 180.0));
    return m_userMinGain + (m_userMaxGain - m_userMinGain) * s;
}

MultiBeamSatellitePropagationLossModel::LinkGeometry
MultiBeamSatellitePropagationLossModel::GetLinkGeometry(Ptr<MobilityModel> a,
                                                        Ptr<MobilityModel> b) const
{
    return Geometry(a, b, EarthFixedCellGrid::NO_CELL, nullptr);
}

MultiBeamSatellitePropagationLossModel::LinkGeometry
MultiBeamSatellitePropagationLossModel::GetLinkGeometry(Ptr<MobilityModel> a,
                                                        Ptr<MobilityModel> b,
                                                        uint32_t cell) const
{
    if (!m_cellGrid)
    {
        throw std::logic_error("MultiBeamSatellitePropagationLossModel: a beam steered onto "
                               "cell " +
                               std::to_string(cell) + " needs the CellGrid attribute");
    }
    m_cellGrid->GetCentre(cell); // std::out_of_range naming a cell past the grid
    return Geometry(a, b, cell, nullptr);
}

double
MultiBeamSatellitePropagationLossModel::CalcRxPowerThroughCell(double txPowerDbm,
                                                               Ptr<MobilityModel> a,
                                                               Ptr<MobilityModel> b,
                                                               uint32_t cell)
{
    const LinkGeometry g = GetLinkGeometry(a, b, cell);
    // Through another cell's beam the power is interference there, without the Doppler loss
    // of the wanted signal (as in CalcRxPowerThroughCells).
    const double rx = RxPower(txPowerDbm, g, g.userCell == cell);
    return GetNext() ? GetNext()->CalcRxPower(rx, a, b) : rx;
}

MultiBeamSatellitePropagationLossModel::LinkGeometry
MultiBeamSatellitePropagationLossModel::Geometry(Ptr<MobilityModel> a,
                                                 Ptr<MobilityModel> b,
                                                 uint32_t cell,
                                                 BeamFrame* frame) const
{
    const GeodeticPosition ga = EcefToGeodetic(a->GetPosition());
    const GeodeticPosition gb = EcefToGeodetic(b->GetPosition());
    Ptr<MobilityModel> user = ga.altitude <= gb.altitude ? a : b;
    Ptr<MobilityModel> sat = ga.altitude <= gb.altitude ? b : a;
    const Vector pu = user->GetPosition();
    const Vector ps = sat->GetPosition();

    LinkGeometry g;
    const LookAngles look = ComputeLookAngles(ga.altitude <= gb.altitude ? ga : gb, ps);
    g.distance = look.range;
    g.elevation = look.elevation;
    BeamFrame f;
    f.satellite = ps;
    f.toUser = Unit(pu - ps);
    const Vector relative = sat->GetVelocity() - user->GetVelocity();
    const double rangeRate = -Dot(relative, f.toUser); // d(range)/dt, > 0 receding
    g.radialSpeed = std::abs(rangeRate);
    g.relativeSpeed = relative.GetLength();
    g.dopplerShift = -rangeRate * m_frequency / SPEED_OF_LIGHT;

    // Satellite frame: z towards the Earth's centre, x along track, y = z x x.
    f.nadir = Unit(Vector(-ps.x, -ps.y, -ps.z));
    const Vector velocity = sat->GetVelocity();
    const double down = Dot(velocity, f.nadir);
    Vector along = velocity - Vector(f.nadir.x * down, f.nadir.y * down, f.nadir.z * down);
    if (along.GetLength() < 1e-9)
    {
        // A satellite at rest (tests, geostationary): any axis perpendicular to nadir.
        along = Cross(f.nadir, std::abs(f.nadir.z) < 0.9 ? Vector(0, 0, 1) : Vector(1, 0, 0));
    }
    f.x = Unit(along);
    f.y = Cross(f.nadir, f.x);
    if (frame)
    {
        *frame = f;
    }

    if (m_cellGrid)
    {
        g.userCell = m_cellGrid->FindNearestCell(pu);
        g.servingBeam = cell != EarthFixedCellGrid::NO_CELL ? cell : g.userCell;
        const Vector axis = Unit(m_cellGrid->GetCentre(g.servingBeam) - ps);
        g.beamGain = GainAlong(f, axis);
        g.deviation = std::acos(std::clamp(Dot(f.toUser, axis), -1.0, 1.0));
        return g;
    }
    g.beamGain = -1e300;
    for (uint32_t i = 0; i < m_beamTilts.size(); ++i)
    {
        const double tx = std::tan(m_beamTilts[i].first);
        const double ty = std::tan(m_beamTilts[i].second);
        const Vector axis = Unit(Vector(f.nadir.x + tx * f.x.x + ty * f.y.x,
                                        f.nadir.y + tx * f.x.y + ty * f.y.y,
                                        f.nadir.z + tx * f.x.z + ty * f.y.z));
        const double gain = GainAlong(f, axis);
        if (gain > g.beamGain)
        {
            g.beamGain = gain;
            g.servingBeam = i;
            g.deviation = std::acos(std::clamp(Dot(f.toUser, axis), -1.0, 1.0));
        }
    }
    return g;
}

double
MultiBeamSatellitePropagationLossModel::GainAlong(const BeamFrame& frame, const Vector& axis) const
{
    if (m_satelliteAntenna != m_checkedAntenna)
    {
        m_checkedAntenna = m_satelliteAntenna;
        m_circularAntenna = DynamicCast<CircularApertureAntennaModel>(m_satelliteAntenna);
    }
    if (m_circularAntenna)
    {
        // Circularly symmetric: the off-axis angle is all the pattern needs (no Angles).
        return m_circularAntenna->GetGainDbOffAxis(
            std::acos(std::clamp(Dot(frame.toUser, axis), -1.0, 1.0)));
    }
    // The user direction in the beam's frame: boresight (+x of Angles) = the beam axis.
    const Vector across = Unit(Cross(axis, std::abs(Dot(axis, frame.x)) < 0.9 ? frame.x : frame.y));
    const Vector third = Cross(axis, across);
    const Vector local(Dot(frame.toUser, axis),
                       Dot(frame.toUser, across),
                       Dot(frame.toUser, third));
    return m_satelliteAntenna->GetGainDb(Angles(local));
}

std::vector<double>
MultiBeamSatellitePropagationLossModel::CalcRxPowerThroughCells(double txPowerDbm,
                                                                Ptr<MobilityModel> a,
                                                                Ptr<MobilityModel> b,
                                                                LinkGeometry* geometry)
{
    if (!m_cellGrid)
    {
        throw std::logic_error("MultiBeamSatellitePropagationLossModel: the beams of cells "
                               "need the CellGrid attribute");
    }
    BeamFrame frame;
    const LinkGeometry g = Geometry(a, b, EarthFixedCellGrid::NO_CELL, &frame);
    if (geometry)
    {
        *geometry = g;
    }
    // Everything but the beam gain is the same through every beam: one fading draw, one
    // query of the chained models (weather), whose losses add to every beam alike. The
    // Doppler loss factor degrades the wanted signal only (study B, eq. 5).
    const double eta = GetDopplerLossFactor(g.relativeSpeed);
    m_dopplerTrace(g.dopplerShift, eta);
    const double common = txPowerDbm + GetUserGain(g.elevation) + PathGainDb(g.distance) +
                          10.0 * std::log10(m_fading->GetValue());
    const double chained =
        GetNext() ? GetNext()->CalcRxPower(common + g.beamGain, a, b) - (common + g.beamGain) : 0.0;
    std::vector<double> rx(m_cellGrid->GetN());
    for (uint32_t k = 0; k < rx.size(); ++k)
    {
        rx[k] = k == g.servingBeam
                    ? common + g.beamGain + chained + 10.0 * std::log10(eta)
                    : common + GainAlong(frame, Unit(m_cellGrid->GetCentre(k) - frame.satellite)) +
                          chained;
    }
    return rx;
}

double
MultiBeamSatellitePropagationLossModel::DoCalcRxPower(double txPowerDbm,
                                                      Ptr<MobilityModel> a,
                                                      Ptr<MobilityModel> b) const
{
    return RxPower(txPowerDbm, GetLinkGeometry(a, b), true);
}

double
MultiBeamSatellitePropagationLossModel::RxPower(double txPowerDbm,
                                                const LinkGeometry& g,
                                                bool wanted) const
{
    const double eta = wanted ? GetDopplerLossFactor(g.relativeSpeed) : 1.0;
    if (wanted)
    {
        m_dopplerTrace(g.dopplerShift, eta);
    }
    const double rx = txPowerDbm + GetUserGain(g.elevation) + g.beamGain + PathGainDb(g.distance) +
                      10.0 * std::log10(m_fading->GetValue()) + 10.0 * std::log10(eta);
    NS_LOG_DEBUG("beam " << g.servingBeam << " deviation " << g.deviation << " rad, gain "
                         << g.beamGain << " dBi, elevation " << g.elevation << " deg, v "
                         << g.relativeSpeed << " m/s, f_D " << g.dopplerShift << " Hz, rx " << rx
                         << " dBm");
    return rx;
}

int64_t
MultiBeamSatellitePropagationLossModel::DoAssignStreams(int64_t stream)
{
    m_fading->SetStream(stream);
    return 1;
}

} // namespace sagin
} // namespace ns3
