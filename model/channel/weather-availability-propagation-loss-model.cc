// SPDX-License-Identifier: GPL-2.0-only

#include "weather-availability-propagation-loss-model.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/mobility-model.h"
#include "ns3/simulator.h"

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginWeatherAvailabilityPropagationLossModel");
NS_OBJECT_ENSURE_REGISTERED(WeatherAvailabilityPropagationLossModel);

TypeId
WeatherAvailabilityPropagationLossModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::WeatherAvailabilityPropagationLossModel")
            .SetParent<PropagationLossModel>()
            .SetGroupName("Sagin")
            .AddConstructor<WeatherAvailabilityPropagationLossModel>()
            .AddAttribute(
                "Visibility",
                "Long-run fraction of time a link is usable (study B's weather visibility).",
                DoubleValue(1.0),
                MakeDoubleAccessor(&WeatherAvailabilityPropagationLossModel::m_visibility),
                MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("MeanOutageDuration",
                          "Mean duration of an outage.",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&WeatherAvailabilityPropagationLossModel::m_meanOutage),
                          MakeTimeChecker(TimeStep(1)))
            .AddAttribute(
                "OutageLoss",
                "Loss added during an outage (dB); the default leaves nothing receivable.",
                DoubleValue(300.0),
                MakeDoubleAccessor(&WeatherAvailabilityPropagationLossModel::m_outageLoss),
                MakeDoubleChecker<double>(0.0));
    return tid;
}

WeatherAvailabilityPropagationLossModel::WeatherAvailabilityPropagationLossModel()
    : m_uniform(CreateObject<UniformRandomVariable>()),
      m_sojourn(CreateObject<ExponentialRandomVariable>())
{
    m_sojourn->SetAttribute("Mean", DoubleValue(1.0));
}

bool
WeatherAvailabilityPropagationLossModel::IsAvailable(Ptr<MobilityModel> a,
                                                     Ptr<MobilityModel> b) const
{
    if (m_visibility >= 1.0 || m_visibility <= 0.0)
    {
        return m_visibility >= 1.0;
    }
    // Mean sojourns: outage T_o, available T_o v / (1 - v), so the availability is v.
    const double outage = m_meanOutage.GetSeconds();
    const double available = outage * m_visibility / (1.0 - m_visibility);
    const MobilityModel* pa = PeekPointer(a);
    const MobilityModel* pb = PeekPointer(b);
    const auto key = pa < pb ? std::make_pair(pa, pb) : std::make_pair(pb, pa);
    const Time now = Simulator::Now();
    auto found = m_links.find(key);
    if (found == m_links.end())
    {
        // Stationary start; exponential sojourns are memoryless, so the residual is one too.
        LinkState state;
        state.available = m_uniform->GetValue() < m_visibility;
        state.until = now + Seconds(m_sojourn->GetValue() * (state.available ? available : outage));
        found = m_links.emplace(key, state).first;
    }
    LinkState& state = found->second;
    while (state.until <= now)
    {
        state.available = !state.available;
        state.until += Seconds(m_sojourn->GetValue() * (state.available ? available : outage));
    }
    return state.available;
}

double
WeatherAvailabilityPropagationLossModel::DoCalcRxPower(double txPowerDbm,
                                                       Ptr<MobilityModel> a,
                                                       Ptr<MobilityModel> b) const
{
    return IsAvailable(a, b) ? txPowerDbm : txPowerDbm - m_outageLoss;
}

int64_t
WeatherAvailabilityPropagationLossModel::DoAssignStreams(int64_t stream)
{
    m_uniform->SetStream(stream);
    m_sojourn->SetStream(stream + 1);
    return 2;
}

} // namespace sagin
} // namespace ns3
