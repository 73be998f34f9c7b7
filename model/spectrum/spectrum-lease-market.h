// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_SPECTRUM_LEASE_MARKET_H
#define SAGIN_SPECTRUM_LEASE_MARKET_H

#include "ns3/object.h"

#include <cstdint>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * How an IoT user of study B behaves once it leases (the source's three malicious
 * behaviours, eqs. 21-22).
 */
enum class LeaseBehaviour : uint8_t
{
    NORMAL = 0,         //!< transmits at its own power on its one channel for its lease
    OVER_POWER = 1,     //!< transmits above the satellite's power-control level
    EXTRA_CHANNEL = 2,  //!< occupies a second channel it did not lease
    OVERSTAYS_LEASE = 3 //!< keeps transmitting after its lease ended
};

/**
 * \ingroup sagin
 * An IoT user as one satellite's spectrum market sees it: its cell (one of the satellite's
 * steered beams), the power its service needs, how it behaves, and its lease.
 */
struct LeaseUser
{
    uint32_t cell{0};                                 //!< cell index in the market
    double powerW{0.1};                               //!< transmit power its service needs (W)
    LeaseBehaviour behaviour{LeaseBehaviour::NORMAL}; //!< behaviour once leasing
    // Lease state, kept by the market:
    bool leasing{false};      //!< holds a lease
    uint32_t channel{0};      //!< its leased channel (while leasing)
    double leasePrice{0};     //!< price per round it pays (while leasing)
    uint32_t roundsLeft{0};   //!< rounds of the lease still to run
    uint32_t overstayLeft{0}; //!< rounds it still transmits without a lease
    double measuredSinr{0};   //!< SINR of its last transmission or probe (linear)
};

/**
 * \ingroup sagin
 * Linear power gains of one local round from the geometry (channel layer), one row per
 * user: signal[i] from user i through its own cell's beam, and through[i][k] from user i
 * through the beam steered onto cell k (for the interference user i causes in cell k). All
 * include the user and satellite antenna gains, the free-space loss and fading (study B,
 * eq. 3 without the transmit power); the wanted signal (signal[i], and through[i][k] for the
 * user's own cell) also the Doppler loss factor, which eq. 5 applies to it alone. A user
 * whose signal gain is 0 is out of view: it neither decides nor transmits, and loses its
 * lease.
 */
struct LeaseLinkGains
{
    std::vector<double> signal;               //!< per user (linear)
    std::vector<std::vector<double>> through; //!< per user, per cell (linear)
};

/**
 * \ingroup sagin
 * What one local round of a market gave.
 */
struct LeaseRoundOutcome
{
    double revenue{0};              //!< sum of the lease prices paid this round
    uint32_t leasing{0};            //!< users holding a lease this round
    uint32_t newLeases{0};          //!< leases signed this round
    uint32_t refusedPrice{0};       //!< users whose budget was below the price
    uint32_t refusedPower{0};       //!< users whose power exceeds the power-control level
    uint32_t refusedCapacity{0};    //!< willing users without a free channel slot
    uint32_t normal{0};             //!< transmitting users seen behaving
    uint32_t malicious{0};          //!< transmitting users seen misbehaving (any kind)
    uint32_t overPower{0};          //!< of which above the power-control level
    uint32_t extraChannel{0};       //!< of which on more than one channel
    uint32_t overstay{0};           //!< of which transmitting without a lease
    double meanInterferenceW{0};    //!< interference per leasing user's channel (W)
    double meanBudget{0};           //!< mean budget of the users that decided (bit/s/Hz x kappa)
    double throughputBps{0};        //!< Shannon rate of the leasing users' TDMA shares (bit/s)
    double reputationDelta{0};      //!< +rho x normal if no malicious user, else -rho x malicious
    std::vector<uint32_t> detected; //!< indices of the users seen misbehaving
};

/**
 * \ingroup sagin
 * \brief One satellite's idle-spectrum market of study B, one local round at a time.
 *
 * The satellite's idle spectrum is Channels OFDMA channels of ChannelBandwidth in each of
 * its cells (full reuse: co-channel users of other cells interfere), each channel leased to
 * at most UsersPerChannel users that share it by TDMA. A round (RunRound):
 * 1. Leases age; a lease that ran LeaseDuration rounds ends (an OVERSTAYS_LEASE user keeps
 *    transmitting OverstayRounds more rounds).
 * 2. Every user without a lease decides from its measured SINR gamma (its probe against the
 *    interference its cell's channels saw, filtered over the rounds: InterferenceFilter):
 *    budget b = kappa log2(1 + gamma)
 *    (RevenueCoefficient kappa); it wants a lease iff price <= b and its power <= the
 *    power-control level (eq. 7c and the power rule). Willing users are served highest
 *    budget first, each on its cell's least-loaded channel while a slot is free, and pay the
 *    round's price every round of their lease (at most one channel each, eq. 7b).
 * 3. Transmissions: leasing users at their power (OVER_POWER: MaliciousPowerFactor x the
 *    level), EXTRA_CHANNEL users also on their cell's least-loaded other channel, overstaying
 *    users on their old channel. Interference on channel c of cell k (eq. 4):
 *    I = sum over other cells k', over users j on c there, of (ActivityFactor / n_k'c)
 *    x epsilon x P_j x g_j(through k), the TDMA share 1 / n_k'c of each of the n_k'c users
 *    on the air; epsilon = PolarisationIsolation (interferers only). SINR = P g / (I + N0 B)
 *    (eq. 5; the Doppler factor is in g).
 * 4. What the satellite observes: a user whose received power over its known link gain is
 *    above the level (by DetectionMargin), on more than one channel, or on the air without
 *    a lease is malicious; the others on the air are normal. Reputation delta (eqs. 20-22):
 *    +ReputationCoefficient x normal if none is malicious, else -ReputationCoefficient x
 *    malicious.
 */
class SpectrumLeaseMarket : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    SpectrumLeaseMarket();

    /**
     * \param cells the satellite's cells (beams), at least 1
     * \param users its users; a user's cell must be below cells and its power positive
     *        (std::invalid_argument naming the user otherwise); lease state is reset
     */
    void SetUsers(uint32_t cells, const std::vector<LeaseUser>& users);

    /** \return the users with their lease state */
    const std::vector<LeaseUser>& GetUsers() const;

    /**
     * \param user a user index
     * \param behaviour its behaviour from now on (std::invalid_argument for a user past the
     *        users)
     */
    void SetBehaviour(uint32_t user, LeaseBehaviour behaviour);

    /**
     * A moving user changed cells (its lease, if any, goes on in the new cell).
     * \param user a user index
     * \param cell its cell now (below the market's cells; std::invalid_argument otherwise)
     */
    void SetCell(uint32_t user, uint32_t cell);

    /**
     * Run one local round.
     * \param price the price per round of a lease (non-negative)
     * \param powerLevelW the power-control level (W, positive)
     * \param gains this round's link gains (one row per user, one column per cell)
     * \return what happened; std::invalid_argument naming the input for a negative price, a
     *         non-positive level or gains of the wrong shape
     */
    LeaseRoundOutcome RunRound(double price, double powerLevelW, const LeaseLinkGains& gains);

    /**
     * \param sinr a linear SINR
     * \return the budget kappa log2(1 + sinr)
     */
    double GetBudget(double sinr) const;

    /** \return noise power over one channel, N0 B (W) */
    double GetNoisePowerW() const;

    /**
     * \param user a user index (std::invalid_argument past the users)
     * \param powerLevelW the power-control level (W)
     * \return the power it transmits at when on the air: MaliciousPowerFactor x the level for
     *         an OVER_POWER user, its own power otherwise (W)
     */
    double GetTransmitPowerW(uint32_t user, double powerLevelW) const;

  private:
    /**
     * \param load users on each channel of one cell
     * \param except a channel to skip (or Channels for none)
     * \return the least-loaded channel with a free slot, or Channels when full
     */
    uint32_t LeastLoaded(const std::vector<uint32_t>& load, uint32_t except) const;
    /** \param user an index; std::invalid_argument naming it when past the users */
    void CheckUser(uint32_t user) const;

    double m_revenueCoefficient;             //!< kappa
    uint32_t m_channels;                     //!< OFDMA channels per cell
    uint32_t m_usersPerChannel;              //!< TDMA slots per channel
    double m_bandwidth;                      //!< per channel (Hz)
    double m_noiseDensityDbmHz;              //!< N0 (dBm/Hz)
    double m_activityFactor;                 //!< a of eq. 4
    double m_polarisationIsolationDb;        //!< epsilon of eq. 4 (dB, applied as a loss)
    uint32_t m_leaseDuration;                //!< rounds
    uint32_t m_overstayRounds;               //!< rounds an overstaying user goes on
    double m_maliciousPowerFactor;           //!< OVER_POWER transmit power over the level
    double m_detectionMarginDb;              //!< above the level before a user is flagged (dB)
    double m_reputationCoefficient;          //!< rho
    double m_interferenceFilter;             //!< weight of the newest interference measurement
    uint32_t m_cells{1};                     //!< cells of the satellite
    std::vector<LeaseUser> m_users;          //!< users and their leases
    std::vector<double> m_cellInterferenceW; //!< filtered mean per channel of each cell
    bool m_measured{false};                  //!< the estimates hold a measurement
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SPECTRUM_LEASE_MARKET_H
