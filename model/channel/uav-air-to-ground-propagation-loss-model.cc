// SPDX-License-Identifier: GPL-2.0-only

#include "uav-air-to-ground-propagation-loss-model.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/mobility-model.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cmath>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginUavAirToGroundPropagationLossModel");
NS_OBJECT_ENSURE_REGISTERED(UavAirToGroundPropagationLossModel);

TypeId
UavAirToGroundPropagationLossModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::UavAirToGroundPropagationLossModel")
            .SetParent<PropagationLossModel>()
            .SetGroupName("Sagin")
            .AddConstructor<UavAirToGroundPropagationLossModel>()
            .AddAttribute("ReferenceGain",
                          "Channel power gain at 1 m, beta0 (dB); study C: -60 dB.",
                          DoubleValue(-60.0),
                          MakeDoubleAccessor(&UavAirToGroundPropagationLossModel::m_referenceGain),
                          MakeDoubleChecker<double>())
            .AddAttribute(
                "PenetrationLoss",
                "Loss of a blocked link, P_LoS (dB); study C: 20 dB.",
                DoubleValue(20.0),
                MakeDoubleAccessor(&UavAirToGroundPropagationLossModel::m_penetrationLoss),
                MakeDoubleChecker<double>(0.0))
            .AddAttribute(
                "BlockageProbability",
                "Probability that a link is blocked in a coherence interval; study C draws "
                "the indicator uniformly from {0, 1}, i.e. 0.5.",
                DoubleValue(0.5),
                MakeDoubleAccessor(&UavAirToGroundPropagationLossModel::m_blockageProbability),
                MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("CoherenceTime",
                          "How long a link keeps one blockage draw; study C: one slot (1 s).",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&UavAirToGroundPropagationLossModel::m_coherenceTime),
                          MakeTimeChecker(TimeStep(1)))
            .AddAttribute("MinDistance",
                          "Distances below this are taken as this, to keep the gain finite (m).",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&UavAirToGroundPropagationLossModel::m_minDistance),
                          MakeDoubleChecker<double>(1e-3));
    return tid;
}

UavAirToGroundPropagationLossModel::UavAirToGroundPropagationLossModel()
    : m_uniform(CreateObject<UniformRandomVariable>())
{
}

double
UavAirToGroundPropagationLossModel::GetChannelGain(double distance) const
{
    const double d = std::max(distance, m_minDistance);
    return std::pow(10.0, m_referenceGain / 10.0) / (d * d);
}

bool
UavAirToGroundPropagationLossModel::IsBlocked(Ptr<MobilityModel> a, Ptr<MobilityModel> b) const
{
    // One draw per unordered link and coherence interval: both directions see the same.
    const MobilityModel* pa = PeekPointer(a);
    const MobilityModel* pb = PeekPointer(b);
    const auto key = pa < pb ? std::make_pair(pa, pb) : std::make_pair(pb, pa);
    const int64_t interval = Simulator::Now().GetTimeStep() / m_coherenceTime.GetTimeStep();
    auto& entry = m_blockage[key];
    if (entry.first != interval + 1) // stored as interval + 1 so that 0 means "never drawn"
    {
        entry = {interval + 1, m_uniform->GetValue() < m_blockageProbability};
    }
    return entry.second;
}

double
UavAirToGroundPropagationLossModel::DoCalcRxPower(double txPowerDbm,
                                                  Ptr<MobilityModel> a,
                                                  Ptr<MobilityModel> b) const
{
    const double d = std::max(a->GetDistanceFrom(b), m_minDistance);
    const bool blocked = IsBlocked(a, b);
    const double loss =
        -m_referenceGain + 20.0 * std::log10(d) + (blocked ? m_penetrationLoss : 0.0);
    NS_LOG_DEBUG("distance " << d << " m, blocked " << blocked << ", loss " << loss << " dB");
    return txPowerDbm - loss;
}

int64_t
UavAirToGroundPropagationLossModel::DoAssignStreams(int64_t stream)
{
    m_uniform->SetStream(stream);
    return 1;
}

} // namespace sagin
} // namespace ns3
