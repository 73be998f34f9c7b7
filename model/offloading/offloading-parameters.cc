// SPDX-License-Identifier: GPL-2.0-only

#include "offloading-parameters.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginOffloadingParameters");
NS_OBJECT_ENSURE_REGISTERED(OffloadingParameters);

TypeId
OffloadingParameters::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::OffloadingParameters")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddConstructor<OffloadingParameters>()
            .AddAttribute("Cells",
                          "N: macro base stations, each hosting its devices' digital twins (study "
                          "A: 4).",
                          UintegerValue(4),
                          MakeUintegerAccessor(&OffloadingParameters::m_cells),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("DevicesPerCell",
                          "M: devices (digital twins, followers) per MBS (study A: 12).",
                          UintegerValue(12),
                          MakeUintegerAccessor(&OffloadingParameters::m_devicesPerCell),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute(
                "Leos",
                "O: candidate LEO compute servers a follower can offload to (study A: 4).",
                UintegerValue(4),
                MakeUintegerAccessor(&OffloadingParameters::m_leos),
                MakeUintegerChecker<uint32_t>())
            .AddAttribute("Channels",
                          "R: OFDMA channels every cell uses (not in study A: 8).",
                          UintegerValue(8),
                          MakeUintegerAccessor(&OffloadingParameters::m_channels),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("ChannelBandwidth",
                          "B: bandwidth of each channel (Hz; not in study A: 5 MHz).",
                          DoubleValue(5e6),
                          MakeDoubleAccessor(&OffloadingParameters::m_bandwidthHz),
                          MakeDoubleChecker<double>())
            .AddAttribute("TxPower",
                          "P: transmit power of an offloading device (W; not in study A: 0.5).",
                          DoubleValue(0.5),
                          MakeDoubleAccessor(&OffloadingParameters::m_txPowerW),
                          MakeDoubleChecker<double>())
            .AddAttribute("NoisePower",
                          "sigma^2: noise power at the LEO (W; study A: 1e-13).",
                          DoubleValue(1e-13),
                          MakeDoubleAccessor(&OffloadingParameters::m_noiseW),
                          MakeDoubleChecker<double>())
            .AddAttribute("MinCpuFrequency",
                          "f_min: smallest CPU frequency a digital twin buys (GHz, > 0: it also "
                          "verifies blocks; not in study A: 0.1).",
                          DoubleValue(0.1),
                          MakeDoubleAccessor(&OffloadingParameters::m_minFrequencyGHz),
                          MakeDoubleChecker<double>())
            .AddAttribute("MaxCpuFrequency",
                          "f_max: largest CPU frequency a digital twin buys (GHz; not in study "
                          "A: 16, a cloud VM of 8 cores at 2 GHz; the reference policy then "
                          "keeps the queues stable at the source's task sizes, which no policy "
                          "does at 10 GHz).",
                          DoubleValue(16.0),
                          MakeDoubleAccessor(&OffloadingParameters::m_maxFrequencyGHz),
                          MakeDoubleChecker<double>())
            .AddAttribute("MinBlockSize",
                          "S_min: smallest block a follower proposes (bytes; not in study A: 1e6).",
                          DoubleValue(1e6),
                          MakeDoubleAccessor(&OffloadingParameters::m_minBlockBytes),
                          MakeDoubleChecker<double>())
            .AddAttribute("MaxBlockSize",
                          "S_max: largest block a follower proposes (bytes; not in study A: 8e6).",
                          DoubleValue(8e6),
                          MakeDoubleAccessor(&OffloadingParameters::m_maxBlockBytes),
                          MakeDoubleChecker<double>())
            .AddAttribute("MbsCpuFrequency",
                          "f_MBS: CPU frequency of an MBS, which processes the digital-twin model "
                          "(GHz; study A: 6).",
                          DoubleValue(6.0),
                          MakeDoubleAccessor(&OffloadingParameters::m_mbsFrequencyGHz),
                          MakeDoubleChecker<double>())
            .AddAttribute("MbsUplinkRate",
                          "r_up: MBS-to-leader rate of the model upload (bit/s; study A: 0.5e10).",
                          DoubleValue(0.5e10),
                          MakeDoubleAccessor(&OffloadingParameters::m_uplinkBitsPerSecond),
                          MakeDoubleChecker<double>())
            .AddAttribute(
                "MbsDownlinkRate",
                "r_down: leader-to-MBS rate of the block download (bit/s; study A: 1e10).",
                DoubleValue(1e10),
                MakeDoubleAccessor(&OffloadingParameters::m_downlinkBitsPerSecond),
                MakeDoubleChecker<double>())
            .AddAttribute("ModelTransmissionFactor",
                          "delta in (0, 1]: the share of the model and block a transfer carries "
                          "(not in study A: 1).",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&OffloadingParameters::m_modelTransmissionFactor),
                          MakeDoubleChecker<double>())
            .AddAttribute("ModelSize",
                          "|W|: size of the digital-twin model (bit; not in study A: 655,360, i.e. "
                          "20,480 32-bit parameters, an actor of two 128-unit layers).",
                          DoubleValue(655360.0),
                          MakeDoubleAccessor(&OffloadingParameters::m_modelBits),
                          MakeDoubleChecker<double>())
            .AddAttribute("ModelCyclesPerBit",
                          "kappa_1: CPU cycles C1 spends per model bit (study A divides |W| by "
                          "f_MBS: 1).",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&OffloadingParameters::m_modelCyclesPerBit),
                          MakeDoubleChecker<double>())
            .AddAttribute("VerificationCyclesPerBit",
                          "kappa_3: CPU cycles C3 spends per block bit (study A divides S_B by f: "
                          "1).",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&OffloadingParameters::m_verificationCyclesPerBit),
                          MakeDoubleChecker<double>())
            .AddAttribute("V",
                          "Lyapunov weight V of the drift-plus-penalty objective Q D + V F (>= 0; "
                          "not in study A: 100).",
                          DoubleValue(100.0),
                          MakeDoubleAccessor(&OffloadingParameters::m_v),
                          MakeDoubleChecker<double>())
            .AddAttribute("EnergyCost",
                          "c: the leader's energy cost per GHz it sells (price units; not in study "
                          "A: 0.5).",
                          DoubleValue(0.5),
                          MakeDoubleAccessor(&OffloadingParameters::m_energyCost),
                          MakeDoubleChecker<double>())
            .AddAttribute("MaxPrice",
                          "Largest price lambda per GHz the leader may set (price units; not in "
                          "study A: 10).",
                          DoubleValue(10.0),
                          MakeDoubleAccessor(&OffloadingParameters::m_maxPrice),
                          MakeDoubleChecker<double>())
            .AddAttribute("SlotDuration",
                          "T: length of a slot; every follower receives one task per slot "
                          "(not in study A: 5 s, so that the reconstructed CPU and channel "
                          "capacities can just keep up with the source's task sizes).",
                          TimeValue(Seconds(5)),
                          MakeTimeAccessor(&OffloadingParameters::m_slotDuration),
                          MakeTimeChecker())
            .AddAttribute("TaskSize",
                          "A: size of a slot's task (Mbit; study A: U(10, 30) \"MB\", read as "
                          "megabits: with megabytes no setting of the reconstructed capacities "
                          "keeps a queue stable).",
                          StringValue("ns3::UniformRandomVariable[Min=10.0|Max=30.0]"),
                          MakePointerAccessor(&OffloadingParameters::m_taskSize),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("CyclesPerBit",
                          "w: CPU cycles a task needs per bit (cycles/bit; study A: U(2000, "
                          "4000)).",
                          StringValue("ns3::UniformRandomVariable[Min=2000.0|Max=4000.0]"),
                          MakePointerAccessor(&OffloadingParameters::m_cyclesPerBit),
                          MakePointerChecker<RandomVariableStream>());
    return tid;
}

OffloadingParameters::OffloadingParameters()
    : m_cells(4),
      m_devicesPerCell(12),
      m_leos(4),
      m_channels(8),
      m_bandwidthHz(5e6),
      m_txPowerW(0.5),
      m_noiseW(1e-13),
      m_minFrequencyGHz(0.1),
      m_maxFrequencyGHz(16.0),
      m_minBlockBytes(1e6),
      m_maxBlockBytes(8e6),
      m_mbsFrequencyGHz(6.0),
      m_uplinkBitsPerSecond(0.5e10),
      m_downlinkBitsPerSecond(1e10),
      m_modelTransmissionFactor(1.0),
      m_modelBits(655360.0),
      m_modelCyclesPerBit(1.0),
      m_verificationCyclesPerBit(1.0),
      m_v(100.0),
      m_energyCost(0.5),
      m_maxPrice(10.0),
      m_slotDuration(Seconds(5))
{
    NS_LOG_FUNCTION(this);
}

OffloadingParameters::~OffloadingParameters()
{
    NS_LOG_FUNCTION(this);
}

void
OffloadingParameters::DoDispose()
{
    m_taskSize = nullptr;
    m_cyclesPerBit = nullptr;
    Object::DoDispose();
}

OffloadingConstants
OffloadingParameters::GetConstants() const
{
    OffloadingConstants constants;
    constants.cells = m_cells;
    constants.devicesPerCell = m_devicesPerCell;
    constants.leos = m_leos;
    constants.channels = m_channels;
    constants.bandwidthHz = m_bandwidthHz;
    constants.txPowerW = m_txPowerW;
    constants.noiseW = m_noiseW;
    constants.minFrequencyGHz = m_minFrequencyGHz;
    constants.maxFrequencyGHz = m_maxFrequencyGHz;
    constants.minBlockBytes = m_minBlockBytes;
    constants.maxBlockBytes = m_maxBlockBytes;
    constants.mbsFrequencyGHz = m_mbsFrequencyGHz;
    constants.uplinkBitsPerSecond = m_uplinkBitsPerSecond;
    constants.downlinkBitsPerSecond = m_downlinkBitsPerSecond;
    constants.modelTransmissionFactor = m_modelTransmissionFactor;
    constants.modelBits = m_modelBits;
    constants.modelCyclesPerBit = m_modelCyclesPerBit;
    constants.verificationCyclesPerBit = m_verificationCyclesPerBit;
    constants.v = m_v;
    constants.energyCost = m_energyCost;
    constants.maxPrice = m_maxPrice;
    constants.slotSeconds = m_slotDuration.GetSeconds();
    constants.Validate();
    return constants;
}

Time
OffloadingParameters::GetSlotDuration() const
{
    return m_slotDuration;
}

std::pair<double, double>
OffloadingParameters::DrawTask() const
{
    const double size = m_taskSize->GetValue();
    const double cycles = m_cyclesPerBit->GetValue();
    if (!std::isfinite(size) || size < 0.0)
    {
        throw std::invalid_argument("OffloadingParameters::TaskSize drew " + std::to_string(size) +
                                    " Mbit; use a variable that gives sizes >= 0");
    }
    if (!std::isfinite(cycles) || cycles <= 0.0)
    {
        throw std::invalid_argument("OffloadingParameters::CyclesPerBit drew " +
                                    std::to_string(cycles) +
                                    " cycles/bit; use a variable that gives values > 0");
    }
    return {size, cycles};
}

int64_t
OffloadingParameters::AssignStreams(int64_t stream)
{
    m_taskSize->SetStream(stream);
    m_cyclesPerBit->SetStream(stream + 1);
    return 2;
}

} // namespace sagin
} // namespace ns3
