// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_MULTI_BEAM_SATELLITE_PROPAGATION_LOSS_MODEL_H
#define SAGIN_MULTI_BEAM_SATELLITE_PROPAGATION_LOSS_MODEL_H

#include "circular-aperture-antenna-model.h"
#include "earth-fixed-cell-grid.h"

#include "ns3/antenna-model.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * \brief Multi-beam satellite link of study B: beam gain, user gain, Doppler loss, fading.
 * P_r = P_t + G_u(elevation) + G_s(deviation from the serving beam's axis)
 *       + 20 log10(c / (4 pi f d)) + 10 log10(h) + 10 log10(eta)   (dBm, dB),
 * with h a fading power gain (random variable), G_u rising linearly in sin(elevation) from
 * UserMinGain to UserMaxGain, and eta the Doppler loss factor of the relative speed v of
 * the two ends (Earth-fixed frame), decreasing in v (study B, Lemma 2):
 * eta = exp(-xi max(0, v - v_c) / c), xi = DopplerCoefficient, v_c =
 * DopplerCompensatedSpeed. The source's exp(-xi v / c) cannot span its range, 0.6 to 0.95
 * over 6.5 to 8 km/s (the logarithms' ratio would have to be 10, the speeds' is 1.23); the
 * loss counts the speed above what the terminal's Doppler pre-compensation absorbs. The
 * Doppler shift itself, f_D = v cos(phi) f / c (phi between the relative velocity and the
 * line of sight; positive approaching), is traced.
 * Beams: without CellGrid, the satellite (the end with the higher altitude) carries a
 * hexagonal lattice of beams fixed to its nadir/along-track frame, BeamRings rings around
 * the nadir beam, BeamSpacing apart, and the serving beam is the one with the highest gain
 * towards the user. With CellGrid, beams are Earth-fixed: the satellite steers a beam onto
 * the centre of the user's cell (the nearest cell outside the grid), and the deviation is
 * the angle at the satellite between the cell centre and the user (study B, eq. 1).
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
        double relativeSpeed{0}; //!< |v_satellite - v_user| (m/s)
        double dopplerShift{0};  //!< f_D at the carrier (Hz; positive approaching)
        uint32_t servingBeam{0}; //!< serving beam (0 = nadir), or the user's cell with CellGrid
                                 //!< (the cell asked for, through another cell's beam)
        uint32_t userCell{0};    //!< with CellGrid: the cell the user is in
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
     * The geometry through the beam steered onto a given cell (for the interference a user
     * causes in another cell).
     * \param a one end
     * \param b the other end
     * \param cell a cell of CellGrid (std::logic_error without CellGrid; std::out_of_range
     *        past the grid)
     * \return distance, elevation, speeds, and the gain and deviation through that beam
     */
    LinkGeometry GetLinkGeometry(Ptr<MobilityModel> a, Ptr<MobilityModel> b, uint32_t cell) const;

    /**
     * CalcRxPower through the beam steered onto a given cell, the next models of the chain
     * (SetNext: weather, ...) applied. The Doppler loss factor applies when the cell is the
     * link's own (the wanted signal); through another cell's beam the power is interference
     * there, which arrives without it (as in CalcRxPowerThroughCells).
     * \param txPowerDbm transmit power (dBm)
     * \param a one end
     * \param b the other end
     * \param cell a cell of CellGrid (as for GetLinkGeometry)
     * \return the received power (dBm)
     */
    double CalcRxPowerThroughCell(double txPowerDbm,
                                  Ptr<MobilityModel> a,
                                  Ptr<MobilityModel> b,
                                  uint32_t cell);

    /**
     * \param relativeSpeed speed of one end relative to the other (m/s)
     * \return the Doppler loss factor eta in (0, 1]
     */
    double GetDopplerLossFactor(double relativeSpeed) const;

    /**
     * TracedCallback signature for the Doppler of a link.
     * \param shift f_D (Hz; positive approaching)
     * \param lossFactor eta
     */
    typedef void (*DopplerTracedCallback)(double shift, double lossFactor);

    /**
     * \param elevation (degrees)
     * \return the user terminal's gain (dBi)
     */
    double GetUserGain(double elevation) const;

    /**
     * CalcRxPower through the beam of every cell of CellGrid at once (what a flow-level
     * interference computation needs): the geometry, the fading draw and the chained models
     * evaluated once, the beam gain per cell. The Doppler loss factor applies to the serving
     * beam only: it degrades the wanted signal (study B, eq. 5), while the power reaching the
     * other cells' beams is interference there, which arrives without it.
     * \param txPowerDbm transmit power (dBm)
     * \param a one end
     * \param b the other end
     * \param geometry receives the link's geometry, its serving beam the user's cell (may be
     *        null)
     * \return the received power through each cell's beam (dBm), cell order;
     *         std::logic_error without CellGrid
     */
    std::vector<double> CalcRxPowerThroughCells(double txPowerDbm,
                                                Ptr<MobilityModel> a,
                                                Ptr<MobilityModel> b,
                                                LinkGeometry* geometry = nullptr);

    /** \return the Earth-fixed cells the beams are steered onto (null: fixed beams) */
    Ptr<EarthFixedCellGrid> GetCellGrid() const;

    /** \return the beam axes' tilts from nadir (rad, along-track and cross-track) */
    const std::vector<std::pair<double, double>>& GetBeamTilts() const;

  private:
    double DoCalcRxPower(double txPowerDbm,
                         Ptr<MobilityModel> a,
                         Ptr<MobilityModel> b) const override;
    int64_t DoAssignStreams(int64_t stream) override;

    /** The satellite's frame seen towards one user. */
    struct BeamFrame
    {
        Vector satellite; //!< its position (ECEF, m)
        Vector toUser;    //!< unit vector towards the user
        Vector nadir;     //!< unit vector towards the Earth's centre
        Vector x;         //!< unit along-track axis
        Vector y;         //!< unit cross-track axis (nadir x along-track)
    };

    /**
     * \param a one end
     * \param b the other end
     * \param cell the beam's cell, or EarthFixedCellGrid::NO_CELL for the serving beam
     * \param frame receives the satellite's frame (may be null)
     * \return the geometry
     */
    LinkGeometry Geometry(Ptr<MobilityModel> a,
                          Ptr<MobilityModel> b,
                          uint32_t cell,
                          BeamFrame* frame) const;
    /**
     * \param frame the satellite's frame towards the user
     * \param axis a beam's axis (unit vector)
     * \return the beam's gain towards the user (dBi)
     */
    double GainAlong(const BeamFrame& frame, const Vector& axis) const;
    /**
     * \param distance slant range (m)
     * \return the free-space gain 20 log10(c / (4 pi f d)) (dB)
     */
    double PathGainDb(double distance) const;
    /**
     * \param txPowerDbm transmit power (dBm)
     * \param g the link's geometry
     * \param wanted whether it is the wanted signal, which alone suffers the Doppler loss
     * \return the received power of eq. 3 (dBm), fading drawn, Doppler traced when wanted
     */
    double RxPower(double txPowerDbm, const LinkGeometry& g, bool wanted) const;
    /** Rebuild the beam lattice after BeamRings or BeamSpacing changed. */
    void UpdateBeams();
    /** \param rings number of rings around the nadir beam */
    void SetBeamRings(uint32_t rings);
    /** \param spacing angle between adjacent beam axes (degrees) */
    void SetBeamSpacing(double spacing);

    double m_frequency;                         //!< carrier (Hz)
    Ptr<AntennaModel> m_satelliteAntenna;       //!< pattern of each beam (boresight +x)
    uint32_t m_beamRings;                       //!< rings around the nadir beam
    double m_beamSpacing;                       //!< between adjacent axes (degrees)
    double m_userMinGain;                       //!< at the horizon (dBi)
    double m_userMaxGain;                       //!< at the zenith (dBi)
    double m_dopplerCoefficient;                //!< xi (dimensionless)
    double m_compensatedSpeed;                  //!< v_c (m/s)
    mutable Ptr<AntennaModel> m_checkedAntenna; //!< the antenna last looked at
    mutable Ptr<CircularApertureAntennaModel> m_circularAntenna; //!< it, if circular
    Ptr<EarthFixedCellGrid> m_cellGrid;                 //!< Earth-fixed beam targets, or null
    Ptr<RandomVariableStream> m_fading;                 //!< power gain h (linear)
    std::vector<std::pair<double, double>> m_beamTilts; //!< beam axes (rad)
    TracedCallback<double, double> m_dopplerTrace;      //!< f_D, eta of each link evaluated
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_MULTI_BEAM_SATELLITE_PROPAGATION_LOSS_MODEL_H
