// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_OFFLOADING_PARAMETERS_H
#define SAGIN_OFFLOADING_PARAMETERS_H

#include "offloading-slot-problem.h"

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Study A's constants as attributes (defaults: PAPERS.md "Study A"; the [recon] ones are
 * listed in doc/sagin.rst, Scope and Limitations) and its task process: each slot every
 * follower receives one task of TaskSize Mbit needing CyclesPerBit cycles per bit.
 *
 * The attributes accept any number; GetConstants validates them together and throws
 * std::invalid_argument naming the attribute and its valid range, so a script can report a
 * bad value instead of stopping inside ns-3.
 */
class OffloadingParameters : public Object
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    OffloadingParameters();
    ~OffloadingParameters() override;

    /** \return the constants, validated (std::invalid_argument otherwise) */
    OffloadingConstants GetConstants() const;

    /** \return T (SlotDuration) */
    Time GetSlotDuration() const;

    /**
     * One follower's task for a slot.
     * \return A (Mbit) and w (cycles/bit); std::invalid_argument if a draw is negative or w
     *         is not positive (a TaskSize or CyclesPerBit variable that can give such values)
     */
    std::pair<double, double> DrawTask() const;

    /**
     * Use fixed random streams for TaskSize and CyclesPerBit.
     * \param stream first stream index
     * \return the number of streams used (2)
     */
    int64_t AssignStreams(int64_t stream);

  private:
    void DoDispose() override;

    uint32_t m_cells;                         //!< Cells
    uint32_t m_devicesPerCell;                //!< DevicesPerCell
    uint32_t m_leos;                          //!< Leos
    uint32_t m_channels;                      //!< Channels
    double m_bandwidthHz;                     //!< ChannelBandwidth
    double m_txPowerW;                        //!< TxPower
    double m_noiseW;                          //!< NoisePower
    double m_minFrequencyGHz;                 //!< MinCpuFrequency
    double m_maxFrequencyGHz;                 //!< MaxCpuFrequency
    double m_minBlockBytes;                   //!< MinBlockSize
    double m_maxBlockBytes;                   //!< MaxBlockSize
    double m_mbsFrequencyGHz;                 //!< MbsCpuFrequency
    double m_uplinkBitsPerSecond;             //!< MbsUplinkRate
    double m_downlinkBitsPerSecond;           //!< MbsDownlinkRate
    double m_modelTransmissionFactor;         //!< ModelTransmissionFactor
    double m_modelBits;                       //!< ModelSize
    double m_modelCyclesPerBit;               //!< ModelCyclesPerBit
    double m_verificationCyclesPerBit;        //!< VerificationCyclesPerBit
    double m_v;                               //!< V
    double m_energyCost;                      //!< EnergyCost
    double m_maxPrice;                        //!< MaxPrice
    Time m_slotDuration;                      //!< T
    Ptr<RandomVariableStream> m_taskSize;     //!< A (Mbit)
    Ptr<RandomVariableStream> m_cyclesPerBit; //!< w (cycles/bit)
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_OFFLOADING_PARAMETERS_H
