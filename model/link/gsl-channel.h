// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_GSL_CHANNEL_H
#define SAGIN_GSL_CHANNEL_H

#include "ns3/channel.h"
#include "ns3/data-rate.h"
#include "ns3/mobility-model.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/propagation-loss-model.h"

#include <optional>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

class GslNetDevice;

/**
 * \ingroup sagin
 * \brief The ground-satellite radio medium: OFDMA sub-channels, SINR-driven rates.
 *
 * Holds every GSL device of a scenario, ground and satellite, and the transmissions on the
 * air. A transmission on sub-channel k gets the Shannon rate B log2(1 + S / (N + I)) where S
 * is the received power given by the PropagationLoss model between the two nodes' mobility
 * models, N the noise power of a sub-channel and I the sum of the received powers of the
 * other transmissions on the air on the same sub-channel and in the same direction (uplink or
 * downlink) at that moment: co-channel interference from other cells (a satellite gives its
 * ground devices distinct sub-channels while it has them), or from users a device chose to
 * share a sub-channel with (GslNetDevice::UseSubChannel). With Interference FullBuffer, every
 * attached link counts as on the air instead, in both directions (the ground end of each on the
 * uplink, the satellite on the downlink), so a frame's SINR depends on the attachments only:
 * what a distributed run's ranks all know. A transmitter the Earth hides from
 * the receiver (the straight line between them passes through the sphere of the WGS-84
 * semi-minor axis) does not interfere; InterferenceIsolation lowers every interferer's power
 * (polarisation). AirtimeFair and OfdmaTdma cells (GslNetDevice) schedule their users' uplink,
 * one frame at a time per sub-channel and beam, so those frames do not interfere at the
 * satellite. When the loss model steers beams onto cells (MultiBeamSatellitePropagationLossModel
 * with a CellGrid), an uplink interferer counts through the beam of the wanted user's cell. The
 * rate is fixed when the transmission starts; the packet arrives after its transmission time plus
 * the propagation delay distance / c. Below MinSinr the packet is not sent (GslNetDevice's Drop
 * trace says why); MaxRate caps the rate as a modem's fastest mode would.
 */
class GslChannel : public Channel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    GslChannel();

    /** Which co-channel transmissions interfere (the Interference attribute). */
    enum Interference
    {
        ON_AIR,     //!< those on the air when a frame starts
        FULL_BUFFER //!< every attached link, in both directions, at every instant
    };

    /** \return the Interference attribute */
    Interference GetInterference() const;

    /** \param device a device to put on this channel (GslNetDevice::SetChannel calls it) */
    void Add(Ptr<GslNetDevice> device);

    std::size_t GetNDevices() const override;
    Ptr<NetDevice> GetDevice(std::size_t i) const override;

    /**
     * Fix the random streams of the loss model (and the models chained after it), ns-3's
     * AssignStreams convention.
     * \param stream first stream number
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    /** \return the satellite devices on the channel */
    const std::vector<Ptr<GslNetDevice>>& GetSatellites() const;

    /** \return the number of OFDMA sub-channels */
    uint32_t GetSubChannels() const;

    /**
     * \param subChannels the SubChannels attribute. Throws std::invalid_argument when a
     * device on the channel has a FirstSubChannel at or above it.
     */
    void SetSubChannels(uint32_t subChannels);

    /** Link budget of one transmission. */
    struct Budget
    {
        double rxPowerW{0};      //!< received power (W)
        double interferenceW{0}; //!< co-channel interference (W)
        double sinrDb{0};        //!< S / (N + I) (dB)
        double rate{0};          //!< Shannon rate (bit/s)
        Time delay;              //!< propagation delay
    };

    /**
     * What a transmission from src to dst on a sub-channel would get now (the flow-level
     * mode: no packet is sent).
     * \param src transmitter
     * \param dst receiver
     * \param subChannel the sub-channel
     * \param withInterference whether to count the transmissions on the air
     * \return the link budget
     */
    Budget GetBudget(Ptr<GslNetDevice> src,
                     Ptr<GslNetDevice> dst,
                     uint32_t subChannel,
                     bool withInterference) const;

    /**
     * The signal-to-noise ratio a transmission from src to dst gets on average now, without
     * interference and without drawing random numbers where the loss model has a mean:
     * study A's LoS/NLoS model with its excess losses at their means; any other model by one
     * CalcRxPower (exact for deterministic ones such as Friis). For attachment decisions.
     * \param src transmitter
     * \param dst receiver
     * \param elevation the satellite's elevation seen from the ground end (degrees)
     * \return the mean SNR (dB)
     */
    double GetMeanSnr(Ptr<GslNetDevice> src, Ptr<GslNetDevice> dst, double elevation) const;

    /**
     * \return whether the loss model draws a new excess loss for every frame (study A's
     * LoS/NLoS model), so that a link's SNR varies around GetMeanSnr; other models (Friis,
     * the UAV air-to-ground model) give a link one loss at a time
     */
    bool HasPerFrameFading() const;

    /**
     * \return whether that per-frame fading comes from a random stream in call order (the
     * LoS/NLoS model's Draws Stream): the ranks of a distributed run, each drawing in its own
     * order, would then not compute the sequential run's frames (GslHelper refuses it there)
     */
    bool HasFadingDrawnInCallOrder() const;

    /**
     * The shortest propagation delay a frame to or from these satellites can have, one time
     * step below
     * the bound: between the satellite of the lowest circular orbit and a ground node at
     * GROUND_CEILING_ALTITUDE, (r_min - a - GROUND_CEILING_ALTITUDE) / c with a the WGS-84
     * semi-major axis (a ground node is never farther from the Earth's centre; the distance
     * between two points is at least the difference of their radii). The lookahead of a
     * distributed run whose GSL crosses ranks.
     * \param satellites the satellite nodes
     * \return the delay, or nothing when there is no satellite or one is not on a circular
     *         orbit (TLE satellites: SGP4 orbits have no fixed radius)
     */
    static std::optional<Time> GetMinDelay(const NodeContainer& satellites);

    /**
     * Highest altitude of a ground node assumed by GetMinDelay (m): 100 km, the Karman line,
     * the conventional edge of space (Federation Aeronautique Internationale); UAVs and
     * stations stay far below it.
     */
    static constexpr double GROUND_CEILING_ALTITUDE = 100e3;

    /** \return the MinSinr attribute (dB) */
    double GetMinSinr() const;

    /**
     * Put a packet on the air: schedules its reception at dst.
     * \param src transmitter
     * \param dst receiver
     * \param packet the frame
     * \param subChannel the sub-channel
     * \param[out] reason why it cannot be sent, when it cannot
     * \return its transmission time, or a negative time when it cannot be sent
     */
    Time Transmit(Ptr<GslNetDevice> src,
                  Ptr<GslNetDevice> dst,
                  Ptr<Packet> packet,
                  uint32_t subChannel,
                  std::string& reason);

  protected:
    /**
     * Hand a frame to its receiver once its last bit has arrived: a simulator event on the
     * receiver's node (GslRemoteChannel sends it to the receiver's rank instead).
     * \param dst the receiver
     * \param frame the frame
     * \param delay its transmission time plus the propagation delay
     */
    virtual void Deliver(Ptr<GslNetDevice> dst, Ptr<Packet> frame, Time delay);

  private:
    /** \param dbm noise power per sub-channel (dBm) */
    void SetNoisePower(double dbm);
    /** \return noise power per sub-channel (dBm) */
    double GetNoisePower() const;

    void DoDispose() override;

    /** A transmission on the air. */
    struct Transmission
    {
        Ptr<GslNetDevice> src;          //!< transmitter
        Ptr<GslNetDevice> dst;          //!< receiver
        uint32_t subChannel;            //!< its sub-channel
        uint32_t beam;                  //!< the transmitter's beam (ground side, GetBeam)
        bool uplink;                    //!< ground to satellite
        Time end;                       //!< when its last bit leaves the transmitter
        Ptr<MobilityModel> srcMobility; //!< the transmitter's (looked up once, not per budget)
    };

    std::vector<Ptr<GslNetDevice>> m_devices;    //!< every device
    std::vector<Ptr<GslNetDevice>> m_satellites; //!< satellite devices
    std::vector<Ptr<GslNetDevice>> m_grounds;    //!< ground devices
    mutable std::vector<Transmission> m_onAir;   //!< ongoing transmissions
    Ptr<PropagationLossModel> m_loss;            //!< link loss
    double m_bandwidth;                          //!< of one sub-channel (Hz)
    uint32_t m_subChannels;                      //!< number of sub-channels
    double m_noisePowerDbm;                      //!< per sub-channel (dBm)
    double m_noisePowerW;                        //!< the same in W, for every frame
    double m_minSinrDb;                          //!< below it nothing is sent (dB)
    double m_isolationDb;                        //!< on every interferer (dB)
    DataRate m_maxRate;                          //!< modem cap (0 = none)
    Interference m_interference;                 //!< which transmissions interfere
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_GSL_CHANNEL_H
