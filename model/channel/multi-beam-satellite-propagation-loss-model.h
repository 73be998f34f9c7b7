// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_MULTI_BEAM_SATELLITE_PROPAGATION_LOSS_MODEL_H
#define SAGIN_MULTI_BEAM_SATELLITE_PROPAGATION_LOSS_MODEL_H

#include "ns3/antenna-model.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/random-variable-stream.h"

#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * \brief Multi-beam satellite link of study B: beam gain, user gain, Doppler loss, fading.
 *
 * P_r = P_t + G_u(elevation) + G_s(deviation from the serving beam's axis)
 *       + 20 log10(c / (4 pi f d)) + 10 log10(h) + 10 log10(eta)   (dBm, dB),
 * with eta = exp(-xi |v_r| / c) the Doppler loss factor of the radial relative speed v_r
 * (from the two mobility models), h a fading power gain (random variable) and G_u rising
 * linearly in sin(elevation) from UserMinGain to UserMaxGain. The satellite (the end with
 * the higher altitude) carries a hexagonal lattice of beams fixed to its nadir/along-track
 * frame: BeamRings rings around the nadir beam, BeamSpacing apart; the serving beam is the
 * one with the highest gain towards the user.
 */
class MultiBeamSatellitePropagationLossModel : public PropagationLossModel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    MultiBeamSatellitePropagationLossModel();

    /** Geometry of one link at the current instant. */
    struct LinkGeometry
    {
        double distance{0};      //!< slant range (m)
        double elevation{0};     //!< of the satellite seen by the user (degrees)
        double radialSpeed{0};   //!< |d(distance)/dt| (m/s)
        uint32_t servingBeam{0}; //!< index of the serving beam (0 = nadir)
        double beamGain{0};      //!< satellite antenna gain towards the user (dBi)
        double deviation{0};     //!< angle between the serving beam's axis and the user (rad)
    };

    /**
     * \param a one end
     * \param b the other end
     * \return distance, elevation, radial speed and the serving beam
     */
    LinkGeometry GetLinkGeometry(Ptr<MobilityModel> a, Ptr<MobilityModel> b) const;

    /**
     * \param radialSpeed radial relative speed (m/s)
     * \return the Doppler loss factor eta in (0, 1]
     */
    double GetDopplerLossFactor(double radialSpeed) const;

    /**
     * \param elevation (degrees)
     * \return the user terminal's gain (dBi)
     */
    double GetUserGain(double elevation) const;

    /** \return the beam axes' tilts from nadir (rad, along-track and cross-track) */
    const std::vector<std::pair<double, double>>& GetBeamTilts() const;

  private:
    double DoCalcRxPower(double txPowerDbm,
                         Ptr<MobilityModel> a,
                         Ptr<MobilityModel> b) const override;
    int64_t DoAssignStreams(int64_t stream) override;
    /** Rebuild the beam lattice after BeamRings or BeamSpacing changed. */
    void UpdateBeams();
    /** \param rings number of rings around the nadir beam */
    void SetBeamRings(uint32_t rings);
    /** \param spacing angle between adjacent beam axes (degrees) */
    void SetBeamSpacing(double spacing);

    double m_frequency;                                 //!< carrier (Hz)
    Ptr<AntennaModel> m_satelliteAntenna;               //!< pattern of each beam (boresight +x)
    uint32_t m_beamRings;                               //!< rings around the nadir beam
    double m_beamSpacing;                               //!< between adjacent axes (degrees)
    double m_userMinGain;                               //!< at the horizon (dBi)
    double m_userMaxGain;                               //!< at the zenith (dBi)
    double m_dopplerCoefficient;                        //!< xi (dimensionless)
    Ptr<RandomVariableStream> m_fading;                 //!< power gain h (linear)
    std::vector<std::pair<double, double>> m_beamTilts; //!< beam axes (rad)
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_MULTI_BEAM_SATELLITE_PROPAGATION_LOSS_MODEL_H
