// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_SATELLITE_LOS_NLOS_PROPAGATION_LOSS_MODEL_H
#define SAGIN_SATELLITE_LOS_NLOS_PROPAGATION_LOSS_MODEL_H

#include "ns3/propagation-loss-model.h"
#include "ns3/random-variable-stream.h"
#include "ns3/vector.h"

#include <unordered_map>
#include <utility>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * \brief Ground-satellite loss of study A: free space plus elevation-weighted LoS/NLoS excess.
 *
 * L = 20 log10(4 pi f d / c) + p_LoS(theta) eps_LoS + (1 - p_LoS(theta)) eps_NLoS (dB), with
 * p_LoS(theta) = 1 / (1 + b1 exp(-b2 (theta - b1))), theta the elevation (degrees) of the
 * higher end seen from the lower end (Al-Hourani, Kandeepan, Lardner, "Optimal LAP altitude
 * for maximum coverage", IEEE WCL 3(6), 2014; environment constants of its table I).
 * eps_LoS and eps_NLoS are drawn per call (default U(0, 1) dB and U(10, 30) dB, study A).
 * The endpoint with the lower geodetic altitude is the ground side.
 *
 * With Draws KEYED a call's excess losses are not the streams' next values but a hash of the
 * run (RngSeedManager's seed and run), the two variables' stream numbers and the key
 * (transmitter node, receiver node, simulation time step), mapped to each variable's
 * distribution: every call with one key gets the same values, whatever came before. The ranks
 * of a distributed run, each computing its own frames in its own order, then compute the
 * values of the sequential run (GslHelper accepts the model across ranks only so).
 * AssignStreams gives two models different keys. DrawLoss, which has no nodes, always draws
 * from the streams.
 */
class SatelliteLosNlosPropagationLossModel : public PropagationLossModel
{
  public:
    /** Where a frame's excess losses come from. */
    enum Draws
    {
        STREAM, //!< the next values of the two random variables' streams, in call order
        KEYED   //!< a function of the run, the streams and (transmitter, receiver, instant)
    };

    /** Environments of Al-Hourani et al., with their (b1, b2). */
    enum Environment
    {
        SUBURBAN,    //!< b1 = 4.88, b2 = 0.43
        URBAN,       //!< b1 = 9.61, b2 = 0.16
        DENSE_URBAN, //!< b1 = 12.08, b2 = 0.11
        HIGH_RISE,   //!< b1 = 27.23, b2 = 0.08
        CUSTOM       //!< b1 and b2 from the attributes
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    SatelliteLosNlosPropagationLossModel();

    /**
     * \param elevation elevation angle (degrees)
     * \return the probability of line of sight
     */
    double GetLosProbability(double elevation) const;

    /**
     * \param distance slant range (m)
     * \return free-space path loss at the carrier frequency (dB)
     */
    double GetFreeSpaceLoss(double distance) const;

    /**
     * Expected loss, with the excess losses at their means (for flow-level rates).
     * \param distance slant range (m)
     * \param elevation (degrees)
     * \return mean loss (dB)
     */
    double GetMeanLoss(double distance, double elevation) const;

    /**
     * One draw of the loss (what CalcRxPower applies), for geometry that does not come from
     * mobility models (study A's random-geometry option).
     * \param distance slant range (m)
     * \param elevation (degrees)
     * \return loss with eps_LoS and eps_NLoS drawn from their streams (dB)
     */
    double DrawLoss(double distance, double elevation) const;

    /** \return whether Draws is KEYED */
    bool HasKeyedDraws() const;

  private:
    double DoCalcRxPower(double txPowerDbm,
                         Ptr<MobilityModel> a,
                         Ptr<MobilityModel> b) const override;
    int64_t DoAssignStreams(int64_t stream) override;

    /** What the elevation seen from a node needs of its position. */
    struct Observer
    {
        Vector position; //!< ECEF (m)
        double altitude; //!< above the WGS-84 ellipsoid (m)
        Vector up;       //!< unit ellipsoid normal (ECEF)
    };

    /**
     * \param mobility a node's mobility model
     * \param position its position now (ECEF, m)
     * \return its altitude and local vertical, computed once per position
     */
    const Observer& ObserverAt(Ptr<MobilityModel> mobility, const Vector& position) const;

    /**
     * The keyed excess losses of one call (Draws KEYED).
     * \param a the transmitter's mobility model, aggregated to its node
     * \param b the receiver's
     * \return eps_LoS and eps_NLoS (dB)
     */
    std::pair<double, double> KeyedExcess(Ptr<MobilityModel> a, Ptr<MobilityModel> b) const;

    /** \param environment the environment whose (b1, b2) to use */
    void SetEnvironment(Environment environment);
    /** \return the environment */
    Environment GetEnvironment() const;

    /**
     * \param excess eps_LoS; throws std::invalid_argument unless its mean is known
     * (Uniform, Constant or Normal)
     */
    void SetLosExcess(Ptr<RandomVariableStream> excess);
    /** \return eps_LoS */
    Ptr<RandomVariableStream> GetLosExcess() const;
    /**
     * \param excess eps_NLoS; throws std::invalid_argument unless its mean is known
     * (Uniform, Constant or Normal)
     */
    void SetNlosExcess(Ptr<RandomVariableStream> excess);
    /** \return eps_NLoS */
    Ptr<RandomVariableStream> GetNlosExcess() const;

    double m_frequency;                     //!< carrier frequency (Hz)
    Environment m_environment;              //!< chosen environment
    double m_b1;                            //!< LoS-probability constant b1 (degrees)
    double m_b2;                            //!< LoS-probability constant b2 (1/degree)
    Ptr<RandomVariableStream> m_losExcess;  //!< eps_LoS (dB)
    Ptr<RandomVariableStream> m_nlosExcess; //!< eps_NLoS (dB)
    Draws m_draws;                          //!< Draws attribute
    /** Last position of each mobility model asked about, as an Observer (ground stations do
     * not move: their geodesy is done once). */
    mutable std::unordered_map<const MobilityModel*, Observer> m_observers;
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SATELLITE_LOS_NLOS_PROPAGATION_LOSS_MODEL_H
