// SPDX-License-Identifier: GPL-2.0-only

#include "caching-virtual-queues.h"

#include "ns3/log.h"
#include "ns3/virtual-queues.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginCachingVirtualQueues");
NS_OBJECT_ENSURE_REGISTERED(CachingVirtualQueues);

TypeId
CachingVirtualQueues::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::CachingVirtualQueues")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddConstructor<CachingVirtualQueues>()
            .AddTraceSource("Updated",
                            "The queues after a slot's update: Q_j (Mbit, one per UAV) and "
                            "Q^S (Mbit).",
                            MakeTraceSourceAccessor(&CachingVirtualQueues::m_updated),
                            "ns3::sagin::CachingVirtualQueues::UpdatedTracedCallback");
    return tid;
}

CachingVirtualQueues::CachingVirtualQueues()
    : m_queues(CreateObject<VirtualQueues>()),
      m_satellite(0.0)
{
    NS_LOG_FUNCTION(this);
}

void
CachingVirtualQueues::DoDispose()
{
    m_queues = nullptr;
    Object::DoDispose();
}

CachingVirtualQueues::~CachingVirtualQueues()
{
    NS_LOG_FUNCTION(this);
}

void
CachingVirtualQueues::Reset(uint32_t numUavs)
{
    if (numUavs == 0)
    {
        throw std::invalid_argument("CachingVirtualQueues::Reset: zero UAVs; give J >= 1");
    }
    m_queues->Reset(numUavs + 1);
    m_uav.assign(numUavs, 0.0);
    m_satellite = 0.0;
}

void
CachingVirtualQueues::Update(const CachingSlotOutcome& out)
{
    if (out.uavArrivals.size() != m_uav.size() || out.uavDelivered.size() != m_uav.size())
    {
        std::ostringstream msg;
        msg << "CachingVirtualQueues::Update: the outcome has " << out.uavArrivals.size()
            << " UAV arrivals and " << out.uavDelivered.size() << " deliveries for " << m_uav.size()
            << " UAV queues (Reset(J) first)";
        throw std::invalid_argument(msg.str());
    }
    auto check = [](const std::string& what, double x) {
        if (!std::isfinite(x) || x < 0.0)
        {
            std::ostringstream msg;
            msg << "CachingVirtualQueues::Update: " << what << " = " << x
                << " Mbit; data is finite and >= 0";
            throw std::invalid_argument(msg.str());
        }
    };
    for (size_t j = 0; j < m_uav.size(); ++j)
    {
        check("arrivals of UAV " + std::to_string(j), out.uavArrivals[j]);
        check("delivered by UAV " + std::to_string(j), out.uavDelivered[j]);
    }
    check("satellite arrivals", out.satelliteArrival);
    check("delivered by the satellite", out.satelliteDelivered);
    // Eqs. (10) and (11): serve, then arrive; the satellite's queue last.
    std::vector<double> arrivals = out.uavArrivals;
    arrivals.push_back(out.satelliteArrival);
    std::vector<double> served = out.uavDelivered;
    served.push_back(out.satelliteDelivered);
    m_queues->Update(arrivals, served);
    const std::vector<double>& q = m_queues->GetQueues();
    m_uav.assign(q.begin(), q.end() - 1);
    m_satellite = q.back();
    NS_LOG_LOGIC("Q^S " << m_satellite);
    m_updated(m_uav, m_satellite);
}

uint32_t
CachingVirtualQueues::GetNumUavs() const
{
    return m_uav.size();
}

const std::vector<double>&
CachingVirtualQueues::GetUavQueues() const
{
    return m_uav;
}

double
CachingVirtualQueues::GetSatelliteQueue() const
{
    return m_satellite;
}

Ptr<const VirtualQueues>
CachingVirtualQueues::GetQueues() const
{
    return m_queues;
}

double
CachingVirtualQueues::GetMeanUavQueue() const
{
    if (m_uav.empty())
    {
        return 0.0;
    }
    return std::accumulate(m_uav.begin(), m_uav.end(), 0.0) / m_uav.size();
}

} // namespace sagin
} // namespace ns3
