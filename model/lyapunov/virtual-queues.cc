// SPDX-License-Identifier: GPL-2.0-only

#include "virtual-queues.h"

#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/ns3-release-compat.h"
#include "ns3/trace-source-accessor.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("VirtualQueues");
NS_OBJECT_ENSURE_REGISTERED(VirtualQueues);

TypeId
VirtualQueues::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::VirtualQueues")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddConstructor<VirtualQueues>()
            .AddAttribute(
                "Discipline",
                "ServeThenArrive: Q(t+1) = [Q - D]^+ + A (study C); Net: Q(t+1) = "
                "[Q - D + A]^+ (study A).",
                EnumValue(VirtualQueues::SERVE_THEN_ARRIVE),
                MakeEnumAccessorFor<VirtualQueues::Discipline>(&VirtualQueues::m_discipline),
                MakeEnumChecker(VirtualQueues::SERVE_THEN_ARRIVE,
                                "ServeThenArrive",
                                VirtualQueues::NET,
                                "Net"))
            .AddTraceSource("Updated",
                            "The queues after a slot's update.",
                            MakeTraceSourceAccessor(&VirtualQueues::m_updated),
                            "ns3::sagin::VirtualQueues::UpdatedTracedCallback");
    return tid;
}

VirtualQueues::VirtualQueues()
    : m_discipline(VirtualQueues::SERVE_THEN_ARRIVE)
{
    NS_LOG_FUNCTION(this);
}

VirtualQueues::~VirtualQueues() = default;

void
VirtualQueues::Reset(uint32_t count)
{
    NS_LOG_FUNCTION(this << count);
    if (count == 0)
    {
        throw std::invalid_argument("VirtualQueues::Reset: zero queues; give at least 1");
    }
    m_queues.assign(count, 0.0);
}

void
VirtualQueues::Check(const char* what, const char* name, const std::vector<double>& values) const
{
    if (values.size() != m_queues.size())
    {
        std::ostringstream msg;
        msg << "VirtualQueues::" << what << ": " << values.size() << " " << name << " for "
            << m_queues.size() << " queues (Reset(N) first)";
        throw std::invalid_argument(msg.str());
    }
    for (std::size_t i = 0; i < values.size(); ++i)
    {
        if (!std::isfinite(values[i]) || values[i] < 0.0)
        {
            std::ostringstream msg;
            msg << "VirtualQueues::" << what << ": " << name << "[" << i << "] = " << values[i]
                << "; give finite amounts >= 0";
            throw std::invalid_argument(msg.str());
        }
    }
}

void
VirtualQueues::Update(const std::vector<double>& arrivals, const std::vector<double>& served)
{
    NS_LOG_FUNCTION(this);
    Check("Update", "arrivals", arrivals);
    Check("Update", "served", served);
    for (std::size_t i = 0; i < m_queues.size(); ++i)
    {
        m_queues[i] = m_discipline == VirtualQueues::SERVE_THEN_ARRIVE
                          ? std::max(m_queues[i] - served[i], 0.0) + arrivals[i]
                          : std::max(m_queues[i] - served[i] + arrivals[i], 0.0);
    }
    m_updated(m_queues);
}

uint32_t
VirtualQueues::GetN() const
{
    return static_cast<uint32_t>(m_queues.size());
}

const std::vector<double>&
VirtualQueues::GetQueues() const
{
    return m_queues;
}

double
VirtualQueues::GetMean() const
{
    return m_queues.empty()
               ? 0.0
               : std::accumulate(m_queues.begin(), m_queues.end(), 0.0) / m_queues.size();
}

double
VirtualQueues::GetLyapunov() const
{
    double sum = 0;
    for (double q : m_queues)
    {
        sum += q * q;
    }
    return sum / 2;
}

double
VirtualQueues::GetDrift(const std::vector<double>& arrivals,
                        const std::vector<double>& served) const
{
    Check("GetDrift", "arrivals", arrivals);
    Check("GetDrift", "served", served);
    double drift = 0;
    for (std::size_t i = 0; i < m_queues.size(); ++i)
    {
        drift += m_queues[i] * (arrivals[i] - served[i]);
    }
    return drift;
}

double
VirtualQueues::GetDriftPlusPenalty(const std::vector<double>& arrivals,
                                   const std::vector<double>& served,
                                   double v,
                                   double penalty) const
{
    if (!(v >= 0) || !std::isfinite(v) || !std::isfinite(penalty))
    {
        std::ostringstream msg;
        msg << "VirtualQueues::GetDriftPlusPenalty: V = " << v << ", penalty = " << penalty
            << "; V is finite and >= 0, the penalty finite";
        throw std::invalid_argument(msg.str());
    }
    return GetDrift(arrivals, served) + v * penalty;
}

} // namespace sagin
} // namespace ns3
