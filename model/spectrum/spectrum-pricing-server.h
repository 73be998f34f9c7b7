// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_SPECTRUM_PRICING_SERVER_H
#define SAGIN_SPECTRUM_PRICING_SERVER_H

#include "spectrum-lease-market.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/mobility-model.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>
#include <vector>

namespace ns3
{
namespace sagin
{

class LeasedIotUplink;
class MultiBeamSatellitePropagationLossModel;
class Policy;

/**
 * \ingroup sagin
 * One local round of a satellite's pricing server (the LocalRound trace, the run store's
 * spectrum_rounds).
 */
struct SpectrumRoundRecord
{
    uint32_t node{0};               //!< the satellite's node id
    uint64_t round{0};              //!< local round (0, 1, ...)
    Time time;                      //!< when it ran
    uint32_t priceLevel{0};         //!< price level after the decision
    double price{0};                //!< price per lease and round
    double powerLevelW{0};          //!< power-control level (W)
    double revenue{0};              //!< lease revenue of the round
    double blockReward{0};          //!< aggregator reward counted in this round
    double utility{0};              //!< revenue + block reward (eq. 9)
    double reward{0};               //!< utility / the utility scale, what the agent learns
    double interferenceW{0};        //!< mean interference on the leasing users' channels (W)
    double meanBudget{0};           //!< mean budget of the deciding users
    double throughputBps{0};        //!< Shannon rate of the leasing users (bit/s)
    uint64_t deliveredBits{0};      //!< uplink payload bits received in the round before
                                    //!< (packet uplink; 0 at flow level)
    uint32_t usersInView{0};        //!< users seeing the satellite above MinElevation
    double meanRelativeSpeedMps{0}; //!< mean satellite-user relative speed of those (m/s)
    LeaseRoundOutcome outcome;      //!< the market's round
};

/**
 * \ingroup sagin
 * \brief A LEO satellite's terrestrial pricing server of study B: every LocalRoundInterval
 * it prices the satellite's idle spectrum for the users of its cells and learns.
 *
 * Installed on the satellite's node (the satellite relays its server's traffic, so the
 * federated rounds go over the inter-satellite links). A local round: the link gains of every
 * user through every cell's steered beam are computed at Simulator::Now() from LossModel
 * (real geometry: slant range, elevation, beams, Doppler; users below MinElevation are not
 * served); the agent observes its state {price level, utility, interference, power-control
 * level} (eq. 10, normalised: level / (PriceLevels - 1), utility / scale, log10(1 + I / N0 B),
 * level / MaxPower; scale = users x MaxPrice), chooses an action {-1, 0, +1} price level (eq. 11)
 * with its Policy (a DdqnPolicy in study B), the Market runs the round, and the agent records the
 * transition with reward = utility / scale (eq. 12) and takes one learning step (Update). Utility =
 * lease revenue + the block reward this server earned as aggregator since the last round (eq. 9,
 * AddBlockReward). Pricing = AverageBudget replaces the agent by the source's baseline: the price
 * is the users' mean budget of the last round (at the nearest level). The PriceLevels levels are
 * spaced evenly over [MinPrice, MaxPrice] (eq. 7a); MinPrice > 0, so no lease is ever free. The
 * reputation record of the rounds (eqs. 20-22) accumulates until TakeReputationTally().
 */
class SpectrumPricingServer : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    SpectrumPricingServer();
    ~SpectrumPricingServer() override;

    /** How the price is set. */
    enum Pricing
    {
        LEARNED = 0,       //!< the Policy steps the price level (eq. 11)
        AVERAGE_BUDGET = 1 //!< the users' mean budget (the source's baseline)
    };

    /**
     * \param mobility each user's mobility model
     * \param users each user (cell of LossModel's CellGrid, power, behaviour); the same
     *        length as mobility (std::invalid_argument otherwise)
     */
    void SetUsers(const std::vector<Ptr<MobilityModel>>& mobility,
                  const std::vector<LeaseUser>& users);

    /** \param reward coins earned as aggregator, counted in the next round's utility */
    void AddBlockReward(double reward);

    /** The reputation record of some rounds (eqs. 20-22). */
    struct ReputationTally
    {
        double delta{0};       //!< sum of the rounds' reputation deltas
        uint32_t normal{0};    //!< normal users seen, summed over the rounds
        uint32_t malicious{0}; //!< malicious users seen, summed over the rounds
    };

    /** \return the reputation record of the rounds since the last call, and resets it */
    ReputationTally TakeReputationTally();

    /** One user's leases over some rounds (what the chain records of them). */
    struct LeaseRecord
    {
        uint32_t user{0};    //!< user index in the market
        uint32_t cell{0};    //!< its cell (beam) when it first leased in these rounds
        uint32_t channel{0}; //!< its channel then
        Time start;          //!< start of its first leased round
        uint32_t rounds{0};  //!< rounds it held a lease
        double paid{0};      //!< prices it paid over them
        double powerW{0};    //!< the power it may use (the power-control level, W)
    };

    /** \return each user's leases since the last call (user order), and forgets them */
    std::vector<LeaseRecord> TakeLeaseRecords();

    /** \return the market (its users and their leases) */
    Ptr<SpectrumLeaseMarket> GetMarket() const;

    /** \return the policy (for the federated rounds: its parameters) */
    Ptr<Policy> GetPolicy() const;

    /** \return the current price level */
    uint32_t GetPriceLevel() const;

    /**
     * Throws std::invalid_argument naming this server when it cannot run: no LossModel with
     * a CellGrid, no users, no Policy in LEARNED pricing, a power-control level outside
     * [MinPower, MaxPower], an initial level past the levels, an Uplink with another number
     * of users. StartApplication calls it.
     */
    void CheckConfiguration() const;

    /**
     * TracedCallback signature of LocalRound.
     * \param record the round
     */
    typedef void (*RoundTracedCallback)(const SpectrumRoundRecord& record);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;
    /** Run one local round and schedule the next. */
    void RunRound();
    /**
     * Update the users' cells (moving users) and compute their link gains through every
     * cell's beam at Now().
     * \param record receives the users in view and their mean relative speed
     * \return the gains
     */
    LeaseLinkGains ComputeGains(SpectrumRoundRecord* record);
    /**
     * \param utility the utility of the last round
     * \param interferenceW its mean interference
     * \return the normalised state (eq. 10)
     */
    std::vector<double> Observe(double utility, double interferenceW) const;
    /** \return the price of the current level */
    double Price() const;
    /** \param level a price level \return its price */
    double PriceOf(uint32_t level) const;

    Ptr<MultiBeamSatellitePropagationLossModel> m_lossModel; //!< LossModel
    Ptr<SpectrumLeaseMarket> m_market;                       //!< Market
    Ptr<Policy> m_policy;                                    //!< Policy
    Ptr<LeasedIotUplink> m_uplink;                           //!< Uplink
    Pricing m_pricing;                                       //!< Pricing
    Time m_interval;                                         //!< LocalRoundInterval
    uint32_t m_priceLevels;                                  //!< PriceLevels
    double m_minPrice;                                       //!< MinPrice
    double m_maxPrice;                                       //!< MaxPrice
    uint32_t m_initialPriceLevel;                            //!< InitialPriceLevel
    double m_powerLevel;                                     //!< PowerControlLevel (W)
    double m_minPower;                                       //!< MinPower (W)
    double m_maxPower;                                       //!< MaxPower (W)
    double m_minElevation;                                   //!< MinElevation (degrees)
    std::vector<Ptr<MobilityModel>> m_userMobility;          //!< per user
    uint32_t m_level{0};                                     //!< current price level
    uint64_t m_round{0};                                     //!< next local round
    double m_pendingBlockReward{0};                          //!< not yet counted
    ReputationTally m_tally;                                 //!< since TakeReputationTally
    std::map<uint32_t, LeaseRecord> m_leases;                //!< since TakeLeaseRecords
    double m_lastUtility{0};                                 //!< of the last round
    double m_lastInterference{0};                            //!< of the last round (W)
    double m_lastMeanBudget{0};                              //!< of the last round
    EventId m_event;                                         //!< next round
    TracedCallback<const SpectrumRoundRecord&> m_roundTrace; //!< LocalRound
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SPECTRUM_PRICING_SERVER_H
