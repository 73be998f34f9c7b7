// SPDX-License-Identifier: GPL-2.0-only

#include "caching-slot-parameters.h"

#include "caching-virtual-queues.h"
#include "content-catalogue.h"

#include "ns3/double.h"
#include "ns3/log.h"

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginCachingSlotParameters");
NS_OBJECT_ENSURE_REGISTERED(CachingSlotParameters);

TypeId
CachingSlotParameters::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::CachingSlotParameters")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddConstructor<CachingSlotParameters>()
            .AddAttribute("V",
                          "Lyapunov penalty weight V of the drift-plus-penalty bound, eq. (21) "
                          "(revenue-to-queue trade-off; queues in Mbit; >= 0; study C: 50).",
                          DoubleValue(50.0),
                          MakeDoubleAccessor(&CachingSlotParameters::m_v),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("UavPrice",
                          "eta_j: price a UAV charges for delivered data (revenue units per "
                          "Mbit; study C: 2).",
                          DoubleValue(2.0),
                          MakeDoubleAccessor(&CachingSlotParameters::m_uavPrice),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("SatellitePrice",
                          "eta^S: price the satellite charges for delivered data (revenue "
                          "units per Mbit; study C: 1).",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&CachingSlotParameters::m_satellitePrice),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("FullNodeReward",
                          "r^fu: blockchain reward of a full-node UAV per slot (revenue "
                          "units; study C: 100).",
                          DoubleValue(100.0),
                          MakeDoubleAccessor(&CachingSlotParameters::m_fullNodeReward),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("LightNodeReward",
                          "r^li: blockchain reward of a light-node UAV per slot (revenue "
                          "units; study C: 1).",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&CachingSlotParameters::m_lightNodeReward),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("FullNodeSize",
                          "s^fu: storage of the whole blockchain on a full node (Mbit; study "
                          "C: 80; at packet level the ledger's real size).",
                          DoubleValue(80.0),
                          MakeDoubleAccessor(&CachingSlotParameters::m_fullNodeSize),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("LightNodeSize",
                          "s^li: storage of the block headers on a light node (Mbit; study C: "
                          "0.08).",
                          DoubleValue(0.08),
                          MakeDoubleAccessor(&CachingSlotParameters::m_lightNodeSize),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("UavStorage",
                          "S_j: storage of every UAV for contents and blockchain (Mbit; study "
                          "C: 200).",
                          DoubleValue(200.0),
                          MakeDoubleAccessor(&CachingSlotParameters::m_uavStorage),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("SatelliteRate",
                          "R^S: satellite-UE rate of every UE (Mbit/s; study C: 2, constant "
                          "and much lower than UAV rates).",
                          DoubleValue(2.0),
                          MakeDoubleAccessor(&CachingSlotParameters::m_satelliteRate),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("BackhaulRate",
                          "R^bh: rate at which each UAV fetches contents from the satellite to "
                          "cache them; a UAV newly caches at most R^bh Delta t per slot (C10; "
                          "Mbit/s, >= 0; default 50 [recon]: one content of the largest size "
                          "s_max = 50 Mbit per 1 s slot; the source text has no placement "
                          "cost, which a very large value reproduces).",
                          DoubleValue(50.0),
                          MakeDoubleAccessor(&CachingSlotParameters::m_backhaulRate),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("SlotDuration",
                          "Delta t: slot length (time; study C: 1 s).",
                          TimeValue(Seconds(1.0)),
                          MakeTimeAccessor(&CachingSlotParameters::m_slotDuration),
                          MakeTimeChecker(NanoSeconds(1)));
    return tid;
}

CachingSlotParameters::CachingSlotParameters()
    : m_v(50.0),
      m_uavPrice(2.0),
      m_satellitePrice(1.0),
      m_fullNodeReward(100.0),
      m_lightNodeReward(1.0),
      m_fullNodeSize(80.0),
      m_lightNodeSize(0.08),
      m_uavStorage(200.0),
      m_satelliteRate(2.0),
      m_backhaulRate(50.0),
      m_slotDuration(Seconds(1.0))
{
    NS_LOG_FUNCTION(this);
}

CachingSlotParameters::~CachingSlotParameters()
{
    NS_LOG_FUNCTION(this);
}

CachingSlotInput
CachingSlotParameters::MakeInput(Ptr<const ContentCatalogue> catalogue,
                                 const std::vector<uint32_t>& requests,
                                 const std::vector<double>& uavRates,
                                 const std::vector<uint8_t>& previousCache,
                                 Ptr<const CachingVirtualQueues> queues) const
{
    const uint32_t numUavs = queues->GetNumUavs();
    CachingSlotInput in;
    in.contentSizes = catalogue->GetSizes();
    in.maxContentSize = catalogue->GetMaxSize();
    in.requests = requests;
    in.uavRates = uavRates;
    in.satelliteRates.assign(requests.size(), m_satelliteRate);
    in.storage.assign(numUavs, m_uavStorage);
    in.previousCache = previousCache;
    in.uavQueues = queues->GetUavQueues();
    in.satelliteQueue = queues->GetSatelliteQueue();
    in.uavPrices.assign(numUavs, m_uavPrice);
    in.satellitePrice = m_satellitePrice;
    in.fullNodeReward = m_fullNodeReward;
    in.lightNodeReward = m_lightNodeReward;
    in.fullNodeSize = m_fullNodeSize;
    in.lightNodeSize = m_lightNodeSize;
    in.v = m_v;
    in.slotDuration = m_slotDuration.GetSeconds();
    in.placementBudget = m_backhaulRate * in.slotDuration;
    return in;
}

Time
CachingSlotParameters::GetSlotDuration() const
{
    return m_slotDuration;
}

} // namespace sagin
} // namespace ns3
