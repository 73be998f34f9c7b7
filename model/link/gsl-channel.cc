// SPDX-License-Identifier: GPL-2.0-only

#include "gsl-channel.h"

#include "double-seconds.h"
#include "gsl-net-device.h"

#include "ns3/circular-orbit.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/geodesy.h"
#include "ns3/log.h"
#include "ns3/mobility-model.h"
#include "ns3/multi-beam-satellite-propagation-loss-model.h"
#include "ns3/node.h"
#include "ns3/physical-constants.h"
#include "ns3/pointer.h"
#include "ns3/satellite-los-nlos-propagation-loss-model.h"
#include "ns3/satellite-mobility-model.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginGslChannel");
NS_OBJECT_ENSURE_REGISTERED(GslChannel);

namespace
{
/**
 * \param dbm power (dBm)
 * \return power (W)
 */
double
DbmToW(double dbm)
{
    return std::pow(10.0, (dbm - 30.0) / 10.0);
}

/**
 * \param device a device on a node with a mobility model
 * \return that mobility model
 */
Ptr<MobilityModel>
MobilityOf(Ptr<NetDevice> device)
{
    Ptr<MobilityModel> mobility = device->GetNode()->GetObject<MobilityModel>();
    if (!mobility)
    {
        throw std::invalid_argument("GslChannel: node " +
                                    std::to_string(device->GetNode()->GetId()) +
                                    " has no mobility model; install one first");
    }
    return mobility;
}

/**
 * Radius of the sphere that blocks a line of sight: the WGS-84 semi-minor axis b = a (1 - f),
 * so that the Earth never blocks two points that see each other over the ellipsoid (a ray
 * grazing the ellipsoid where it is flatter counts as clear: a conservative choice).
 */
constexpr double BLOCKING_RADIUS = WGS84_SEMI_MAJOR_AXIS * (1.0 - WGS84_FLATTENING);

/**
 * \param a one end (ECEF, m)
 * \param b the other end (ECEF, m)
 * \return false when the segment between them passes through the Earth
 */
bool
InLineOfSight(const Vector& a, const Vector& b)
{
    // Closest point of the segment to the Earth's centre: a + t (b - a), t in [0, 1].
    const Vector d = b - a;
    const double dd = d.x * d.x + d.y * d.y + d.z * d.z;
    const double t = dd > 0 ? std::clamp(-(a.x * d.x + a.y * d.y + a.z * d.z) / dd, 0.0, 1.0) : 0.0;
    const Vector c(a.x + t * d.x, a.y + t * d.y, a.z + t * d.z);
    return c.x * c.x + c.y * c.y + c.z * c.z >= BLOCKING_RADIUS * BLOCKING_RADIUS;
}
} // namespace

TypeId
GslChannel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::GslChannel")
            .SetParent<Channel>()
            .SetGroupName("Sagin")
            .AddConstructor<GslChannel>()
            .AddAttribute("PropagationLoss",
                          "Loss between a ground node and a satellite.",
                          StringValue("ns3::sagin::SatelliteLosNlosPropagationLossModel"),
                          MakePointerAccessor(&GslChannel::m_loss),
                          MakePointerChecker<PropagationLossModel>())
            .AddAttribute("SubChannelBandwidth",
                          "Bandwidth of one OFDMA sub-channel (Hz); study A: 5 MHz.",
                          DoubleValue(5e6),
                          MakeDoubleAccessor(&GslChannel::m_bandwidth),
                          MakeDoubleChecker<double>(1.0))
            .AddAttribute(
                "SubChannels",
                "Number of OFDMA sub-channels; study A: R = 8. Above the "
                "FirstSubChannel of every device on the channel: setting it "
                "otherwise throws std::invalid_argument.",
                UintegerValue(8),
                MakeUintegerAccessor(&GslChannel::SetSubChannels, &GslChannel::GetSubChannels),
                MakeUintegerChecker<uint32_t>(1))
            .AddAttribute(
                "NoisePower",
                "Noise power in one sub-channel (dBm); study A: 1e-13 W = -100 dBm.",
                DoubleValue(-100.0),
                MakeDoubleAccessor(&GslChannel::SetNoisePower, &GslChannel::GetNoisePower),
                MakeDoubleChecker<double>())
            .AddAttribute("MaxRate",
                          "Highest rate of one sub-channel, a modem's fastest mode (0 = no "
                          "cap: the Shannon rate).",
                          DataRateValue(DataRate(0)),
                          MakeDataRateAccessor(&GslChannel::m_maxRate),
                          MakeDataRateChecker())
            .AddAttribute("MinSinr",
                          "Below this SINR a packet is not sent (dB).",
                          DoubleValue(-10.0),
                          MakeDoubleAccessor(&GslChannel::m_minSinrDb),
                          MakeDoubleChecker<double>())
            .AddAttribute("InterferenceIsolation",
                          "Isolation applied to every co-channel interferer's power, uplink and "
                          "downlink (dB), such as a cross-polarisation discrimination (study "
                          "B's epsilon); 0: none.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&GslChannel::m_isolationDb),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute(
                "Interference",
                "Which co-channel transmissions interfere. OnAir: those on the air when a "
                "frame starts (a transmitter is on the air only while it has frames). "
                "FullBuffer: every attached link, in both directions, as if every transmitter "
                "always had frames (the full-buffer assumption of system-level studies, an "
                "upper bound on OnAir's interference); it depends on the attachments only, "
                "which every rank of a distributed run knows, so GSLs across ranks need it.",
                EnumValue(GslChannel::ON_AIR),
                MakeEnumAccessor(&GslChannel::m_interference),
                MakeEnumChecker(GslChannel::ON_AIR,
                                "OnAir",
                                GslChannel::FULL_BUFFER,
                                "FullBuffer"));
    return tid;
}

GslChannel::GslChannel()
    : m_bandwidth(5e6),
      m_subChannels(8),
      m_noisePowerDbm(-100.0),
      m_noisePowerW(DbmToW(-100.0)),
      m_minSinrDb(-10.0),
      m_isolationDb(0.0),
      m_interference(ON_AIR)
{
    NS_LOG_FUNCTION(this);
}

void
GslChannel::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_devices.clear();
    m_satellites.clear();
    m_grounds.clear();
    m_onAir.clear();
    m_loss = nullptr;
    Channel::DoDispose();
}

void
GslChannel::Add(Ptr<GslNetDevice> device)
{
    NS_LOG_FUNCTION(this << device);
    m_devices.push_back(device);
    (device->IsSatellite() ? m_satellites : m_grounds).push_back(device);
}

void
GslChannel::SetNoisePower(double dbm)
{
    NS_LOG_FUNCTION(this << dbm);
    m_noisePowerDbm = dbm;
    m_noisePowerW = DbmToW(dbm);
}

double
GslChannel::GetNoisePower() const
{
    NS_LOG_FUNCTION(this);
    return m_noisePowerDbm;
}

std::size_t
GslChannel::GetNDevices() const
{
    NS_LOG_FUNCTION(this);
    return m_devices.size();
}

Ptr<NetDevice>
GslChannel::GetDevice(std::size_t i) const
{
    NS_LOG_FUNCTION(this << i);
    return m_devices.at(i);
}

int64_t
GslChannel::AssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    return m_loss ? m_loss->AssignStreams(stream) : 0;
}

const std::vector<Ptr<GslNetDevice>>&
GslChannel::GetSatellites() const
{
    NS_LOG_FUNCTION(this);
    return m_satellites;
}

void
GslChannel::SetSubChannels(uint32_t subChannels)
{
    NS_LOG_FUNCTION(this << subChannels);
    for (const Ptr<GslNetDevice>& device : m_devices)
    {
        device->CheckFirstSubChannel(device->GetFirstSubChannel(), subChannels);
    }
    m_subChannels = subChannels;
}

uint32_t
GslChannel::GetSubChannels() const
{
    NS_LOG_FUNCTION(this);
    return m_subChannels;
}

GslChannel::Budget
GslChannel::GetBudget(Ptr<GslNetDevice> src,
                      Ptr<GslNetDevice> dst,
                      uint32_t subChannel,
                      bool withInterference) const
{
    NS_LOG_FUNCTION(this << src << dst << subChannel << withInterference);
    Ptr<MobilityModel> rx = MobilityOf(dst);
    Ptr<MobilityModel> tx = MobilityOf(src);
    Budget budget;
    budget.rxPowerW = DbmToW(m_loss->CalcRxPower(src->GetTxPower(), tx, rx));
    budget.delay = FromSeconds(tx->GetDistanceFrom(rx) / SPEED_OF_LIGHT);
    if (withInterference)
    {
        const bool uplink = !src->IsSatellite();
        const Vector rxPosition = rx->GetPosition();
        // Beams steered onto cells: an uplink interferer reaches the satellite through the
        // beam of the wanted user's cell, not through its own.
        Ptr<MultiBeamSatellitePropagationLossModel> beams =
            uplink ? DynamicCast<MultiBeamSatellitePropagationLossModel>(m_loss) : nullptr;
        if (beams && !beams->GetCellGrid())
        {
            beams = nullptr;
        }
        int64_t wantedCell = -1; // looked up at the first interferer
        auto addInterferer = [&](Ptr<GslNetDevice> transmitter, Ptr<MobilityModel> mobility) {
            if (!InLineOfSight(mobility->GetPosition(), rxPosition))
            {
                return;
            }
            double power;
            if (beams)
            {
                if (wantedCell < 0)
                {
                    wantedCell = beams->GetLinkGeometry(tx, rx).servingBeam;
                }
                power = beams->CalcRxPowerThroughCell(transmitter->GetTxPower(),
                                                      mobility,
                                                      rx,
                                                      static_cast<uint32_t>(wantedCell));
            }
            else
            {
                power = m_loss->CalcRxPower(transmitter->GetTxPower(), mobility, rx);
            }
            budget.interferenceW += DbmToW(power - m_isolationDb);
        };
        // Users sharing a sub-channel in a beam of a scheduled cell take turns.
        auto sameScheduledGroup = [&](uint32_t beam, Ptr<GslNetDevice> to) {
            return uplink && to == dst && dst->SchedulesUplink() && beam == src->GetBeam();
        };
        if (m_interference == ON_AIR)
        {
            const Time now = Simulator::Now();
            for (const Transmission& t : m_onAir)
            {
                if (t.end > now && t.subChannel == subChannel && t.uplink == uplink &&
                    t.src != src && !sameScheduledGroup(t.beam, t.dst))
                {
                    addInterferer(t.src, t.srcMobility);
                }
            }
        }
        else
        {
            // Every attached link on the air in both directions: the ground end sends on the
            // uplink, the satellite on the downlink.
            for (const Ptr<GslNetDevice>& ground : m_grounds)
            {
                ground->ForEachLink([&](Ptr<GslNetDevice> satellite, uint32_t linkSubChannel) {
                    const Ptr<GslNetDevice> sender = uplink ? ground : satellite;
                    if (linkSubChannel == subChannel && sender != src &&
                        !sameScheduledGroup(ground->GetBeam(), satellite))
                    {
                        addInterferer(sender, MobilityOf(sender));
                    }
                });
            }
        }
    }
    const double sinr = budget.rxPowerW / (m_noisePowerW + budget.interferenceW);
    budget.sinrDb = 10.0 * std::log10(sinr);
    budget.rate = m_bandwidth * std::log2(1.0 + sinr);
    if (m_maxRate.GetBitRate() > 0)
    {
        budget.rate = std::min(budget.rate, static_cast<double>(m_maxRate.GetBitRate()));
    }
    return budget;
}

double
GslChannel::GetMeanSnr(Ptr<GslNetDevice> src, Ptr<GslNetDevice> dst, double elevation) const
{
    NS_LOG_FUNCTION(this << src << dst << elevation);
    Ptr<MobilityModel> tx = MobilityOf(src);
    Ptr<MobilityModel> rx = MobilityOf(dst);
    double rxPowerDbm;
    if (auto losNlos = DynamicCast<SatelliteLosNlosPropagationLossModel>(m_loss))
    {
        rxPowerDbm = src->GetTxPower() - losNlos->GetMeanLoss(tx->GetDistanceFrom(rx), elevation);
    }
    else
    {
        rxPowerDbm = m_loss->CalcRxPower(src->GetTxPower(), tx, rx);
    }
    return rxPowerDbm - GetNoisePower();
}

std::optional<Time>
GslChannel::GetMinDelay(const NodeContainer& satellites)
{
    if (satellites.GetN() == 0)
    {
        return std::nullopt;
    }
    double lowestRadius = std::numeric_limits<double>::infinity();
    for (auto i = satellites.Begin(); i != satellites.End(); ++i)
    {
        const Ptr<const CircularOrbit> orbit =
            SatelliteMobilityModel::GetCircularOrbit((*i)->GetObject<MobilityModel>());
        if (!orbit)
        {
            return std::nullopt;
        }
        lowestRadius = std::min(lowestRadius, orbit->GetRadius());
    }
    const double distance = lowestRadius - WGS84_SEMI_MAJOR_AXIS - GROUND_CEILING_ALTITUDE;
    // A frame's delay is FromSeconds(d / c) with d >= distance: one step below the rounded
    // bound also covers its rounding.
    const Time rounded = FromSeconds(std::max(distance, 0.0) / SPEED_OF_LIGHT);
    return rounded.IsStrictlyPositive() ? rounded - TimeStep(1) : Time(0);
}

bool
GslChannel::HasPerFrameFading() const
{
    NS_LOG_FUNCTION(this);
    return DynamicCast<SatelliteLosNlosPropagationLossModel>(m_loss) != nullptr;
}

bool
GslChannel::HasFadingDrawnInCallOrder() const
{
    NS_LOG_FUNCTION(this);
    auto losNlos = DynamicCast<SatelliteLosNlosPropagationLossModel>(m_loss);
    return losNlos && !losNlos->HasKeyedDraws();
}

double
GslChannel::GetMinSinr() const
{
    NS_LOG_FUNCTION(this);
    return m_minSinrDb;
}

Time
GslChannel::Transmit(Ptr<GslNetDevice> src,
                     Ptr<GslNetDevice> dst,
                     Ptr<Packet> packet,
                     uint32_t subChannel,
                     std::string& reason)
{
    NS_LOG_FUNCTION(this << src << dst << packet << subChannel << reason);
    // Sub-channels are checked where they are chosen (FirstSubChannel, UseSubChannel): one
    // out of range here is a bug in sagin, not an input to refuse.
    NS_ABORT_MSG_IF(subChannel >= m_subChannels,
                    "GslChannel: sub-channel " << subChannel << " out of range [0, "
                                               << m_subChannels
                                               << "); raise the channel's SubChannels");
    const Time now = Simulator::Now();
    m_onAir.erase(std::remove_if(m_onAir.begin(),
                                 m_onAir.end(),
                                 [now](const Transmission& t) { return t.end <= now; }),
                  m_onAir.end());
    const Budget budget = GetBudget(src, dst, subChannel, true);
    if (budget.sinrDb < m_minSinrDb)
    {
        reason = "LowSinr";
        NS_LOG_LOGIC("SINR " << budget.sinrDb << " dB below " << m_minSinrDb << " dB");
        return Seconds(-1);
    }
    const Time duration = FromSeconds(packet->GetSize() * 8.0 / budget.rate);
    if (m_interference == ON_AIR)
    {
        m_onAir.push_back({src,
                           dst,
                           subChannel,
                           src->GetBeam(),
                           !src->IsSatellite(),
                           now + duration,
                           MobilityOf(src)});
    }
    Deliver(dst, packet->Copy(), duration + budget.delay);
    NS_LOG_LOGIC("SINR " << budget.sinrDb << " dB, rate " << budget.rate << " bit/s, "
                         << duration.As(Time::US) << " on air, delay "
                         << budget.delay.As(Time::US));
    return duration;
}

void
GslChannel::Deliver(Ptr<GslNetDevice> dst, Ptr<Packet> frame, Time delay)
{
    NS_LOG_FUNCTION(this << dst << frame << delay);
    Simulator::ScheduleWithContext(dst->GetNode()->GetId(),
                                   delay,
                                   &GslNetDevice::Receive,
                                   dst,
                                   frame);
}

GslChannel::Interference
GslChannel::GetInterference() const
{
    NS_LOG_FUNCTION(this);
    return m_interference;
}

} // namespace sagin
} // namespace ns3
