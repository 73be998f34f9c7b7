// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_OFFLOADING_SLOT_PROBLEM_H
#define SAGIN_OFFLOADING_SLOT_PROBLEM_H

#include <cstdint>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Study A's constants (PAPERS.md "Study A"), in the units its per-slot model is written in:
 * data in Mbit (10^6 bits), CPU frequencies in GHz, times in s, block sizes in bytes, prices
 * per GHz. Followers are numbered i = n M + m (MBS n, device m). OffloadingParameters holds
 * them as attributes with the study's defaults and makes this struct.
 */
struct OffloadingConstants
{
    uint32_t cells{0};                  //!< N, macro base stations
    uint32_t devicesPerCell{0};         //!< M, digital twins (followers) per MBS
    uint32_t leos{0};                   //!< O, candidate LEO compute servers
    uint32_t channels{0};               //!< R, OFDMA channels [recon]
    double slotSeconds{0};              //!< T (s) [recon]
    double bandwidthHz{0};              //!< B of each channel (Hz) [recon]
    double txPowerW{0};                 //!< P of each device (W) [recon]
    double noiseW{0};                   //!< sigma^2 (W)
    double minFrequencyGHz{0};          //!< f_min (GHz) [recon]
    double maxFrequencyGHz{0};          //!< f_max (GHz) [recon]
    double minBlockBytes{0};            //!< S_min (bytes) [recon]
    double maxBlockBytes{0};            //!< S_max (bytes) [recon]
    double mbsFrequencyGHz{0};          //!< f_MBS (GHz)
    double uplinkBitsPerSecond{0};      //!< r_up, MBS to leader (bit/s)
    double downlinkBitsPerSecond{0};    //!< r_down, leader to MBS (bit/s)
    double modelTransmissionFactor{0};  //!< delta in (0, 1] [recon]
    double modelBits{0};                //!< |W|, the serialised actor (bit) [recon]
    double modelCyclesPerBit{0};        //!< CPU cycles of C1 per model bit [recon]
    double verificationCyclesPerBit{0}; //!< CPU cycles of C3 per block bit [recon]
    double v{0};                        //!< V, drift-plus-penalty weight [recon]
    double energyCost{0};               //!< c, the leader's cost per GHz [recon]
    double maxPrice{0};                 //!< largest price lambda per GHz [recon]

    /** \return N M */
    uint32_t GetFollowers() const;

    /** Throws std::invalid_argument naming the first bad constant and its valid range. */
    void Validate() const;
};

/**
 * \ingroup sagin
 * What follower i knows at the start of slot t.
 */
struct FollowerState
{
    double queueMbit{0.0};    //!< Q(t) (Mbit)
    double arrivalMbit{0.0};  //!< A(t), this slot's task (Mbit)
    double cyclesPerBit{0.0}; //!< w of this slot's task (cycles/bit)
    std::vector<double> gain; //!< g to each candidate LEO (linear power gain), O entries
};

/**
 * \ingroup sagin
 * Follower i's decision in slot t: alpha (local or offload), f, channel r, LEO o, S_B.
 */
struct FollowerDecision
{
    bool offload{false};      //!< alpha = 0: offload to LEO leo on channel channel
    double frequencyGHz{0.0}; //!< f bought from the leader (GHz)
    uint32_t channel{0};      //!< r (used when offloading)
    uint32_t leo{0};          //!< o (used when offloading)
    double blockBytes{0.0};   //!< S_B the follower proposes (bytes)

    /** \return whether every field equals other's */
    bool operator==(const FollowerDecision& other) const;
};

/**
 * \ingroup sagin
 * What a slot's decision gives follower i.
 */
struct FollowerOutcome
{
    double rateMbps{0.0};      //!< offloading rate on (r, o), its cell's share (Mbit/s)
    double interferenceW{0.0}; //!< I on (r, o) from the other groups (W)
    double localMbit{0.0};     //!< D1 = min(f T / w, Q + A) (Mbit)
    double offloadedMbit{0.0}; //!< D2 = min(R T, Q + A) (Mbit)
    double processedMbit{0.0}; //!< D = alpha D1 + (1 - alpha) D2 (Mbit)
    double payment{0.0};       //!< lambda f, paid to the leader (price units)
    double penalty{0.0};       //!< F = D - C_SBC - lambda f (Mbit, s, price units as numbers)
    double objective{0.0};     //!< Q D + V F, the follower's drift-plus-penalty term
};

/**
 * \ingroup sagin
 * The privacy overhead's terms as measured at packet level (OffloadingPrivacyPath).
 */
struct MeasuredPrivacyOverhead
{
    double modelProcessingSeconds{0.0}; //!< C1: the MBSs' model processing (s)
    double modelUploadSeconds{0.0};     //!< C2: the model upload up the MBS tree (s)
    double blockSeconds{0.0};           //!< C3: the block's download and verification (s)
    double blockBytes{0.0};             //!< size of the block the leader produced (bytes)
};

/**
 * \ingroup sagin
 * What a slot's decision gives the network.
 */
struct OffloadingSlotOutcome
{
    std::vector<FollowerOutcome> followers; //!< one per follower
    double blockBytes{0.0};                 //!< S_B of the slot's block: mean of the proposals
                                            //!< (measured: the block the leader produced)
    double modelProcessingSeconds{0.0};     //!< C1 (s)
    double modelUploadSeconds{0.0};         //!< C2 (s)
    double blockSeconds{0.0};               //!< C3 (s)
    double privacyOverheadSeconds{0.0};     //!< C_SBC = C1 + C2 + C3 (s)
    double leaderProfit{0.0};               //!< sum_i (lambda_i - c) f_i
    double reward{0.0};                     //!< sum_i (Q_i D_i + V F_i), the network's reward
    double processedMbit{0.0};              //!< sum_i D_i (Mbit)
};

/**
 * \ingroup sagin
 * Study A's per-slot model (PAPERS.md "Study A", source eqs. 1-14, 29): given the followers'
 * states and a decision (the leader's prices and the followers' choices), the rates, the
 * processed bits, the privacy overhead, the penalty and the drift-plus-penalty objective.
 *
 * - Offloading rate of follower i on channel r to LEO o: R = (B / k) log2(1 + P g_io /
 *   (sigma^2 + I)). The devices of one MBS offloading on one channel to one LEO form a group
 *   that takes turns (an OfdmaTdma cell of the LEO's GSL, GslNetDevice::UseSubChannel(r, n)):
 *   k is the size of i's group [recon: the source has one device per channel and cell]. I is
 *   the sum over the other groups on r (other MBSs, or i's MBS to other LEOs) of the mean of
 *   P g_do over their devices d, what one of them puts into LEO o at a time (the source's
 *   eq. 4, time-averaged over the turns).
 * - D1 = f T / w and D2 = R T, both capped at Q + A, what the queue can give up in the slot
 *   (the source's constraint 16 with the slot's own arrival, consistent with Q(t+1) =
 *   [Q - D + A]^+).
 * - The leader packs the slot's transactions into one block; its size S_B is the mean of
 *   the followers' proposals [recon]. C1 = kappa_1 |W| / f_MBS; C2 = delta log2(N) |W| / r_up;
 *   C3 = delta log2(N M) S_B / r_down + max_i kappa_3 S_B / f_i (every follower verifies the
 *   block; the slowest one finishes it). C_SBC = C1 + C2 + C3 is the same for every follower.
 * - F_i = D_i - C_SBC - lambda_i f_i with D in Mbit, C_SBC in s and lambda f in price units
 *   (the source adds them as numbers); the objective is Q_i D_i + V F_i and the network's
 *   reward its sum (source eq. 30).
 */
class OffloadingSlotProblem
{
  public:
    /**
     * \param constants the model's constants (validated)
     * \param followers N M states (queues and arrivals finite and >= 0, w > 0, O gains
     *        each finite and >= 0); std::invalid_argument naming the entry otherwise
     */
    OffloadingSlotProblem(const OffloadingConstants& constants,
                          std::vector<FollowerState> followers);

    /** \return the constants */
    const OffloadingConstants& GetConstants() const;
    /** \return the followers' states */
    const std::vector<FollowerState>& GetFollowers() const;

    /**
     * Throws std::invalid_argument naming the follower and field unless the decision fits the
     * model: N M decisions and prices, f in [f_min, f_max], channel < R, LEO < O, S_B in
     * [S_min, S_max], prices in [0, maxPrice].
     * \param prices lambda_i
     * \param decisions the followers' choices
     */
    void Check(const std::vector<double>& prices,
               const std::vector<FollowerDecision>& decisions) const;

    /**
     * \param prices lambda_i, one per follower
     * \param decisions the followers' choices (checked)
     * \return what the decision gives, at flow level
     */
    OffloadingSlotOutcome Evaluate(const std::vector<double>& prices,
                                   const std::vector<FollowerDecision>& decisions) const;

    /**
     * Evaluate with measured quantities in place of the flow model's (packet level).
     * \param prices lambda_i
     * \param decisions the followers' choices (checked)
     * \param offloadedMbit D2 of each follower as received by its LEO in the slot (Mbit)
     * \param privacy C1, C2, C3 and the block as measured, or null for the formulas
     * \return what the decision gives
     */
    OffloadingSlotOutcome EvaluateMeasured(const std::vector<double>& prices,
                                           const std::vector<FollowerDecision>& decisions,
                                           const std::vector<double>& offloadedMbit,
                                           const MeasuredPrivacyOverhead* privacy) const;

    /**
     * \param follower i
     * \param channel r
     * \param leo o
     * \param decisions the others' choices (i's own entry is ignored)
     * \return the rate i would get offloading on (r, o) (Mbit/s), its cell's share
     */
    double OffloadRate(uint32_t follower,
                       uint32_t channel,
                       uint32_t leo,
                       const std::vector<FollowerDecision>& decisions) const;

    /**
     * \param follower i
     * \param channel r
     * \param leo o
     * \param decisions the others' choices (i's own entry is ignored)
     * \return I: what the other groups offloading on r put into o, on average (W)
     */
    double Interference(uint32_t follower,
                        uint32_t channel,
                        uint32_t leo,
                        const std::vector<FollowerDecision>& decisions) const;

    /**
     * \param follower i
     * \param frequencyGHz f
     * \return D1 = min(f T / w, Q + A) (Mbit)
     */
    double LocalMbit(uint32_t follower, double frequencyGHz) const;

    /** \return C1 = kappa_1 |W| / f_MBS (s) */
    double ModelProcessingSeconds() const;
    /** \return C2 = delta log2(N) |W| / r_up (s) */
    double ModelUploadSeconds() const;
    /**
     * \param blockBytes S_B
     * \param slowestFrequencyGHz the smallest f among the followers
     * \return C3 = delta log2(N M) S_B / r_down + kappa_3 S_B / f (s)
     */
    double BlockSeconds(double blockBytes, double slowestFrequencyGHz) const;

    /**
     * \param decisions the followers' choices
     * \return S_B of the slot's block: the mean of their proposals (bytes) [recon]
     */
    static double ProposedBlockBytes(const std::vector<FollowerDecision>& decisions);

  private:
    /** How follower i's link on (r, o) shares the channel with the others' decisions. */
    struct LinkShare
    {
        uint32_t sharing{1};     //!< k, the size of i's group (i included)
        double interferenceW{0}; //!< I from the other groups on r (W)
    };

    /**
     * One pass over the devices on the channel, grouped by (MBS, LEO).
     * \param follower i
     * \param channel r
     * \param leo o
     * \param decisions the others' choices (i's own entry is ignored)
     * \return i's group size and the other groups' mean powers at o, summed
     */
    LinkShare Share(uint32_t follower,
                    uint32_t channel,
                    uint32_t leo,
                    const std::vector<FollowerDecision>& decisions) const;

    /**
     * \param follower i
     * \param leo o
     * \param share its link's share
     * \return R = (B / k) log2(1 + P g / (sigma^2 + I)) (Mbit/s)
     */
    double RateOf(uint32_t follower, uint32_t leo, const LinkShare& share) const;

    /**
     * The outcome of a checked decision.
     * \param prices lambda_i
     * \param decisions the followers' choices
     * \param offloadedMbit measured D2 of each follower, or null for R T
     * \param privacy measured C1, C2, C3 and block, or null for the formulas
     * \return what the decision gives
     */
    OffloadingSlotOutcome Account(const std::vector<double>& prices,
                                  const std::vector<FollowerDecision>& decisions,
                                  const std::vector<double>* offloadedMbit,
                                  const MeasuredPrivacyOverhead* privacy) const;

    OffloadingConstants m_constants;        //!< the model's constants
    std::vector<FollowerState> m_followers; //!< the followers' states
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_OFFLOADING_SLOT_PROBLEM_H
