// SPDX-License-Identifier: GPL-2.0-only

#include "satellite-los-nlos-propagation-loss-model.h"

#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/geodesy.h"
#include "ns3/log.h"
#include "ns3/mobility-model.h"
#include "ns3/node.h"
#include "ns3/ns3-release-compat.h"
#include "ns3/physical-constants.h"
#include "ns3/pointer.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <array>
#include <cmath>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginSatelliteLosNlosPropagationLossModel");
NS_OBJECT_ENSURE_REGISTERED(SatelliteLosNlosPropagationLossModel);

namespace
{
/** A difference of distances from the Earth's centre beyond which the farther end is also
 * the higher one (m): the WGS-84 ellipsoid's radius varies by 21.4 km from equator to pole,
 * plus margin. */
constexpr double UNAMBIGUOUS_RADIUS_GAP = 25e3;
constexpr double DEG_TO_RAD = M_PI / 180.0; //!< degrees to radians
} // namespace

namespace
{
/**
 * \param variable a random variable of a kind whose mean is known in closed form
 * \param attribute the attribute it came from, for the error message
 * \return its mean
 */
double
MeanOf(Ptr<RandomVariableStream> variable, const std::string& attribute)
{
    if (!variable)
    {
        throw std::invalid_argument("SatelliteLosNlosPropagationLossModel::" + attribute +
                                    ": give a random variable, not none");
    }
    if (auto uniform = DynamicCast<UniformRandomVariable>(variable))
    {
        return 0.5 * (uniform->GetMin() + uniform->GetMax());
    }
    if (auto constant = DynamicCast<ConstantRandomVariable>(variable))
    {
        return constant->GetConstant();
    }
    if (auto normal = DynamicCast<NormalRandomVariable>(variable))
    {
        return normal->GetMean();
    }
    // The mean gives flow-level rates and the attachment policies' link budgets, which the
    // default GSL uses from the first decision: refuse the variable when it is set.
    throw std::invalid_argument(
        "SatelliteLosNlosPropagationLossModel::" + attribute + ": the mean of " +
        variable->GetInstanceTypeId().GetName() +
        " is not known here; give a Uniform, Constant or Normal random variable");
}

/**
 * SplitMix64's output function (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014): a bijection of 64-bit words in which every input bit changes
 * about half the output bits.
 * \param x a word
 * \return its mix
 */
uint64_t
Mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/** A keyed draw's words: seed, run, transmitter, receiver, time step, variable, stream, attempt. */
using DrawKey = std::array<uint64_t, 8>;

/**
 * \param key words that identify one draw
 * \return a uniform value in [0, 1) that depends on the key only (53 bits)
 */
double
KeyedUniform(const DrawKey& key)
{
    uint64_t h = 0;
    for (uint64_t word : key)
    {
        h = Mix(h ^ word);
    }
    return static_cast<double>(h >> 11) * 0x1.0p-53;
}

/**
 * The value a random variable of a kind whose distribution is known here takes for a key:
 * uniform min + u (max - min) as ns-3 draws it, a constant, or a normal by Box-Muller from
 * two keyed uniforms, drawn again (the next pair) while beyond its Bound as ns-3 does.
 * \param variable Uniform, Constant or Normal (the setters refuse other kinds)
 * \param key the call's key
 * \param which the variable's index in the model (without AssignStreams every stream
 *        number reads -1)
 * \return the value
 */
double
KeyedValue(Ptr<RandomVariableStream> variable, DrawKey key, uint64_t which)
{
    key[5] = which;
    key[6] = static_cast<uint64_t>(variable->GetStream());
    if (auto uniform = DynamicCast<UniformRandomVariable>(variable))
    {
        return uniform->GetMin() + KeyedUniform(key) * (uniform->GetMax() - uniform->GetMin());
    }
    if (auto constant = DynamicCast<ConstantRandomVariable>(variable))
    {
        return constant->GetConstant();
    }
    auto normal = DynamicCast<NormalRandomVariable>(variable);
    for (uint64_t attempt = 0;; attempt += 2)
    {
        key[7] = attempt;
        const double u1 = 1.0 - KeyedUniform(key); // (0, 1]: its logarithm is finite
        key[7] = attempt + 1;
        const double u2 = KeyedUniform(key);
        const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
        const double value = normal->GetMean() + std::sqrt(normal->GetVariance()) * z;
        if (std::abs(value - normal->GetMean()) <= normal->GetBound())
        {
            return value;
        }
    }
}
} // namespace

TypeId
SatelliteLosNlosPropagationLossModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::SatelliteLosNlosPropagationLossModel")
            .SetParent<PropagationLossModel>()
            .SetGroupName("Sagin")
            .AddConstructor<SatelliteLosNlosPropagationLossModel>()
            .AddAttribute("Frequency",
                          "Carrier frequency (Hz); study A uses 100 MHz.",
                          DoubleValue(100e6),
                          MakeDoubleAccessor(&SatelliteLosNlosPropagationLossModel::m_frequency),
                          MakeDoubleChecker<double>(1.0))
            .AddAttribute(
                "Environment",
                "Environment whose LoS-probability constants (b1, b2) are used; CUSTOM takes "
                "B1 and B2.",
                EnumValue(SatelliteLosNlosPropagationLossModel::URBAN),
                MakeEnumAccessorFor<SatelliteLosNlosPropagationLossModel::Environment>(
                    &SatelliteLosNlosPropagationLossModel::SetEnvironment,
                    &SatelliteLosNlosPropagationLossModel::GetEnvironment),
                MakeEnumChecker(SatelliteLosNlosPropagationLossModel::SUBURBAN,
                                "Suburban",
                                SatelliteLosNlosPropagationLossModel::URBAN,
                                "Urban",
                                SatelliteLosNlosPropagationLossModel::DENSE_URBAN,
                                "DenseUrban",
                                SatelliteLosNlosPropagationLossModel::HIGH_RISE,
                                "HighRise",
                                SatelliteLosNlosPropagationLossModel::CUSTOM,
                                "Custom"))
            .AddAttribute("B1",
                          "LoS-probability constant b1 (degrees), used with Environment=Custom.",
                          DoubleValue(9.61),
                          MakeDoubleAccessor(&SatelliteLosNlosPropagationLossModel::m_b1),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("B2",
                          "LoS-probability constant b2 (1/degree), used with Environment=Custom.",
                          DoubleValue(0.16),
                          MakeDoubleAccessor(&SatelliteLosNlosPropagationLossModel::m_b2),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("LosExcessLoss",
                          "Excess loss with line of sight, eps_LoS (dB), drawn per call: a "
                          "Uniform, Constant or Normal random variable (its mean is used).",
                          StringValue("ns3::UniformRandomVariable[Min=0.0|Max=1.0]"),
                          MakePointerAccessor(&SatelliteLosNlosPropagationLossModel::SetLosExcess,
                                              &SatelliteLosNlosPropagationLossModel::GetLosExcess),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute(
                "Draws",
                "Where a call's excess losses come from: Stream (the variables' next values, in "
                "call order) or Keyed (a hash of the run, the variables' stream numbers and the "
                "transmitter node, receiver node and time step: the same for every call with "
                "that key, as the ranks of a distributed run need).",
                EnumValue(SatelliteLosNlosPropagationLossModel::STREAM),
                MakeEnumAccessorFor<SatelliteLosNlosPropagationLossModel::Draws>(
                    &SatelliteLosNlosPropagationLossModel::m_draws),
                MakeEnumChecker(SatelliteLosNlosPropagationLossModel::STREAM,
                                "Stream",
                                SatelliteLosNlosPropagationLossModel::KEYED,
                                "Keyed"))
            .AddAttribute("NlosExcessLoss",
                          "Excess loss without line of sight, eps_NLoS (dB), drawn per call: a "
                          "Uniform, Constant or Normal random variable (its mean is used).",
                          StringValue("ns3::UniformRandomVariable[Min=10.0|Max=30.0]"),
                          MakePointerAccessor(&SatelliteLosNlosPropagationLossModel::SetNlosExcess,
                                              &SatelliteLosNlosPropagationLossModel::GetNlosExcess),
                          MakePointerChecker<RandomVariableStream>());
    return tid;
}

SatelliteLosNlosPropagationLossModel::SatelliteLosNlosPropagationLossModel()
    : m_frequency(100e6),
      m_environment(URBAN),
      m_b1(9.61),
      m_b2(0.16),
      m_draws(STREAM)
{
}

void
SatelliteLosNlosPropagationLossModel::SetEnvironment(Environment environment)
{
    m_environment = environment;
    // Al-Hourani et al. 2014, table I (fitted for elevation in degrees).
    switch (environment)
    {
    case SUBURBAN:
        m_b1 = 4.88;
        m_b2 = 0.43;
        break;
    case URBAN:
        m_b1 = 9.61;
        m_b2 = 0.16;
        break;
    case DENSE_URBAN:
        m_b1 = 12.08;
        m_b2 = 0.11;
        break;
    case HIGH_RISE:
        m_b1 = 27.23;
        m_b2 = 0.08;
        break;
    case CUSTOM:
        break;
    }
}

SatelliteLosNlosPropagationLossModel::Environment
SatelliteLosNlosPropagationLossModel::GetEnvironment() const
{
    return m_environment;
}

double
SatelliteLosNlosPropagationLossModel::GetLosProbability(double elevation) const
{
    return 1.0 / (1.0 + m_b1 * std::exp(-m_b2 * (elevation - m_b1)));
}

double
SatelliteLosNlosPropagationLossModel::GetFreeSpaceLoss(double distance) const
{
    return 20.0 * std::log10(4.0 * M_PI * m_frequency * distance / SPEED_OF_LIGHT);
}

void
SatelliteLosNlosPropagationLossModel::SetLosExcess(Ptr<RandomVariableStream> excess)
{
    MeanOf(excess, "LosExcessLoss");
    m_losExcess = excess;
}

Ptr<RandomVariableStream>
SatelliteLosNlosPropagationLossModel::GetLosExcess() const
{
    return m_losExcess;
}

void
SatelliteLosNlosPropagationLossModel::SetNlosExcess(Ptr<RandomVariableStream> excess)
{
    MeanOf(excess, "NlosExcessLoss");
    m_nlosExcess = excess;
}

Ptr<RandomVariableStream>
SatelliteLosNlosPropagationLossModel::GetNlosExcess() const
{
    return m_nlosExcess;
}

double
SatelliteLosNlosPropagationLossModel::GetMeanLoss(double distance, double elevation) const
{
    const double pLos = GetLosProbability(elevation);
    return GetFreeSpaceLoss(distance) + pLos * MeanOf(m_losExcess, "LosExcessLoss") +
           (1.0 - pLos) * MeanOf(m_nlosExcess, "NlosExcessLoss");
}

double
SatelliteLosNlosPropagationLossModel::DrawLoss(double distance, double elevation) const
{
    const double pLos = GetLosProbability(elevation);
    return GetFreeSpaceLoss(distance) + pLos * m_losExcess->GetValue() +
           (1.0 - pLos) * m_nlosExcess->GetValue();
}

double
SatelliteLosNlosPropagationLossModel::DoCalcRxPower(double txPowerDbm,
                                                    Ptr<MobilityModel> a,
                                                    Ptr<MobilityModel> b) const
{
    const Vector pa = a->GetPosition();
    const Vector pb = b->GetPosition();
    // Elevation of the higher end (satellite, UAV) seen from the lower one (ground). Which is
    // higher shows in the distances from the Earth's centre unless they are closer than the
    // ellipsoid's own variation of radius (21.4 km, equator to pole): only then are both
    // altitudes needed.
    const double ra = pa.GetLength();
    const double rb = pb.GetLength();
    const bool aLower = std::abs(ra - rb) > UNAMBIGUOUS_RADIUS_GAP
                            ? ra <= rb
                            : ObserverAt(a, pa).altitude <= ObserverAt(b, pb).altitude;
    const Observer& lower = aLower ? ObserverAt(a, pa) : ObserverAt(b, pb);
    const Vector toHigher = (aLower ? pb : pa) - lower.position;
    const double range = toHigher.GetLength();
    // Elevation above the lower end's local horizontal plane (a coincident end is overhead).
    const double elevation = range > 0.0
                                 ? std::asin((lower.up.x * toHigher.x + lower.up.y * toHigher.y +
                                              lower.up.z * toHigher.z) /
                                             range) /
                                       DEG_TO_RAD
                                 : 90.0;
    double loss;
    if (m_draws == KEYED)
    {
        const auto [losExcess, nlosExcess] = KeyedExcess(a, b);
        const double pLos = GetLosProbability(elevation);
        loss = GetFreeSpaceLoss(range) + pLos * losExcess + (1.0 - pLos) * nlosExcess;
    }
    else
    {
        loss = DrawLoss(range, elevation);
    }
    NS_LOG_DEBUG("range " << range << " m, elevation " << elevation << " deg, loss " << loss
                          << " dB");
    return txPowerDbm - loss;
}

bool
SatelliteLosNlosPropagationLossModel::HasKeyedDraws() const
{
    return m_draws == KEYED;
}

std::pair<double, double>
SatelliteLosNlosPropagationLossModel::KeyedExcess(Ptr<MobilityModel> a, Ptr<MobilityModel> b) const
{
    Ptr<Node> transmitter = a->GetObject<Node>();
    Ptr<Node> receiver = b->GetObject<Node>();
    if (!transmitter || !receiver)
    {
        throw std::invalid_argument(
            "SatelliteLosNlosPropagationLossModel: Draws=Keyed keys each call by its nodes, "
            "and a mobility model here belongs to no node; aggregate the mobility models to "
            "their nodes or use Draws=Stream");
    }
    const DrawKey key{RngSeedManager::GetSeed(),
                      RngSeedManager::GetRun(),
                      transmitter->GetId(),
                      receiver->GetId(),
                      static_cast<uint64_t>(Simulator::Now().GetTimeStep())};
    return {KeyedValue(m_losExcess, key, 0), KeyedValue(m_nlosExcess, key, 1)};
}

const SatelliteLosNlosPropagationLossModel::Observer&
SatelliteLosNlosPropagationLossModel::ObserverAt(Ptr<MobilityModel> mobility,
                                                 const Vector& position) const
{
    auto [entry, inserted] = m_observers.try_emplace(PeekPointer(mobility));
    Observer& observer = entry->second;
    if (inserted || !(observer.position == position))
    {
        const GeodeticPosition geodetic = EcefToGeodetic(position);
        const double lat = geodetic.latitude * DEG_TO_RAD;
        const double lon = geodetic.longitude * DEG_TO_RAD;
        observer.up =
            Vector(std::cos(lat) * std::cos(lon), std::cos(lat) * std::sin(lon), std::sin(lat));
        observer.altitude = geodetic.altitude;
        observer.position = position;
    }
    return observer;
}

int64_t
SatelliteLosNlosPropagationLossModel::DoAssignStreams(int64_t stream)
{
    m_losExcess->SetStream(stream);
    m_nlosExcess->SetStream(stream + 1);
    return 2;
}

} // namespace sagin
} // namespace ns3
