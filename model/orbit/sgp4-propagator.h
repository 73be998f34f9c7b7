// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_SGP4_PROPAGATOR_H
#define SAGIN_SGP4_PROPAGATOR_H

#include "two-line-element.h"

#include <array>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <string>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Earth gravity constants for SGP4 (Vallado et al. 2006, section "Constants").
 */
enum class Sgp4GravityModel
{
    WGS72_OLD, //!< WGS-72 with the legacy xke = 0.0743669161 of Spacetrack Report #3
    WGS72,     //!< WGS-72, what element sets are fitted with: use this one
    WGS84,     //!< WGS-84 (not what TLEs are fitted with; for comparisons only)
};

/**
 * \ingroup sagin
 * Operation mode of Vallado's SGP4.
 */
enum class Sgp4OperationMode
{
    IMPROVED, //!< 'i': modern sidereal time and no AFSPC-specific quadrant fixes
    AFSPC,    //!< 'a': the Air Force Space Command's sidereal time and angle conventions
};

/**
 * \ingroup sagin
 * Error codes of Vallado's sgp4() (satrec.error); 5 (sub-orbital epoch elements) is no longer
 * raised by Vallado's code and has no enumerator.
 */
enum class Sgp4Error
{
    NONE = 0,                   //!< success
    MEAN_ECCENTRICITY = 1,      //!< mean eccentricity outside [-0.001, 1)
    MEAN_MOTION = 2,            //!< mean motion <= 0
    PERTURBED_ECCENTRICITY = 3, //!< eccentricity after lunar-solar periodics outside [0, 1]
    SEMI_LATUS_RECTUM = 4,      //!< semi-latus rectum < 0
    DECAYED = 6,                //!< radius below one Earth radius: the satellite has decayed
    INVALID_TIME = 7,           //!< not Vallado's: the time asked for is not a finite number
};

/**
 * \ingroup sagin
 * \param error an error code
 * \return what it means, in words
 */
std::string GetSgp4ErrorDescription(Sgp4Error error);

/**
 * \ingroup sagin
 * SGP4 result at one instant.
 */
struct Sgp4State
{
    /// Position in the TEME frame of date (km); NaN on errors 1-4 and 7.
    std::array<double, 3> position{};
    /// Velocity in the TEME frame of date (km/s); NaN on errors 1-4 and 7.
    std::array<double, 3> velocity{};
    /// Sgp4Error::NONE, or why the elements cannot be propagated to this instant. On
    /// Sgp4Error::DECAYED position and velocity are still computed (below the surface).
    Sgp4Error error{Sgp4Error::NONE};
};

/**
 * \ingroup sagin
 * Thrown by the Sgp4Propagator constructor when the element set cannot even be propagated to
 * its own epoch; a std::invalid_argument, so code that catches those for bad input needs
 * nothing more.
 */
class Sgp4InitialisationError : public std::invalid_argument
{
  public:
    /**
     * \param message the complete message
     * \param error the code of the failed propagation at epoch
     */
    Sgp4InitialisationError(const std::string& message, Sgp4Error error);

    /**
     * \return the code of the failed propagation at epoch
     */
    Sgp4Error GetError() const;

  private:
    Sgp4Error m_error; //!< the code of the failed propagation at epoch
};

/**
 * \ingroup sagin
 * \brief SGP4/SDP4 orbit propagation of a two-line element set.
 *
 * The model of Vallado, Crawford, Hujsak and Kelso, "Revisiting Spacetrack Report #3",
 * AIAA 2006-6753, as in Vallado's reference code (sgp4unit.cpp of December 2015, the one
 * python-sgp4 2.15 ports): near-Earth SGP4 with its drag and the simplified model below 220 km
 * perigee, and for periods of 225 minutes or more the deep-space terms (lunar-solar secular
 * and long-period terms with the Lyddane choice below 0.2 rad inclination, and the 12 h and
 * 24 h geopotential resonances integrated with 720-minute Euler-Maclaurin steps from epoch).
 * It reproduces Vallado's verification results (tcppver.out) to their printed precision,
 * 5e-9 km and 5e-10 km/s (1.2e-7 km 3.5 years after epoch); see test/sgp4-test-suite.cc.
 *
 * Times are minutes from the element set's epoch; results are in TEME, the true-equator,
 * mean-equinox frame of date that TLEs use (rotate by GMST about z for ECEF, neglecting polar
 * motion).
 *
 * Propagate() is const and allocates nothing. It is safe to call from several threads: the only
 * state it keeps is the resonance integrator of 12 h and 24 h deep-space orbits, which it
 * continues from its last 720-minute step when the next time lies further from epoch on the
 * same side (a mutex guards it). That gives exactly the numbers a restart from epoch gives,
 * so results never depend on the order of calls.
 */
class Sgp4Propagator
{
  public:
    /**
     * Initialise SGP4 (Vallado's sgp4init) for an element set and propagate it to epoch.
     *
     * Throws std::invalid_argument (see ValidateTwoLineElement) for elements out of range, and
     * Sgp4InitialisationError, with the error code and its meaning, when the elements cannot be
     * propagated to their own epoch.
     *
     * \param tle the element set; its epochYear and epochDayOfYear give the epoch
     * \param gravity the gravity constants; element sets are fitted with WGS-72
     * \param mode Vallado's operation mode: IMPROVED ('i') or AFSPC ('a')
     */
    explicit Sgp4Propagator(const TwoLineElement& tle,
                            Sgp4GravityModel gravity = Sgp4GravityModel::WGS72,
                            Sgp4OperationMode mode = Sgp4OperationMode::IMPROVED);

    /**
     * Position and velocity at a time from epoch. Never throws: check Sgp4State::error.
     * \param minutesSinceEpoch time from the element set's epoch (minutes, negative before it)
     * \return TEME position (km), velocity (km/s) and error code
     */
    Sgp4State Propagate(double minutesSinceEpoch) const;

    /**
     * \return the element set's epoch as a UTC Julian date (days)
     */
    double GetEpochJulianDate() const;

    /**
     * \return the NORAD catalogue number of the element set
     */
    uint32_t GetCatalogNumber() const;

    /**
     * \return whether the deep-space (SDP4) terms are used: period of 225 minutes or more
     */
    bool IsDeepSpace() const;

    /**
     * \return the nominal period 2 pi / n of the un-Kozai'd mean motion at epoch (s)
     */
    double GetPeriod() const;

    /**
     * \return the gravity constants used
     */
    Sgp4GravityModel GetGravityModel() const;

    /**
     * \return the operation mode used
     */
    Sgp4OperationMode GetOperationMode() const;

  private:
    /**
     * Gravity constants in SGP4's canonical units.
     */
    struct GravityConstants
    {
        double radius; //!< Earth equatorial radius (km)
        double xke;    //!< sqrt(GM) in Earth radii^1.5 per minute
        double j2;     //!< second zonal harmonic
        double j3;     //!< third zonal harmonic
        double j4;     //!< fourth zonal harmonic
        double j3oj2;  //!< j3 / j2
    };

    /**
     * Lunar-solar long-period coefficients of Vallado's dscom, applied by dpper.
     * (Vallado's peo, pinco, plo, pgho and pho are always zero and omitted.)
     */
    struct LunarSolarPeriodics
    {
        double se2;  //!< solar eccentricity term, f2 part
        double se3;  //!< solar eccentricity term, f3 part
        double si2;  //!< solar inclination term, f2 part
        double si3;  //!< solar inclination term, f3 part
        double sl2;  //!< solar mean longitude term, f2 part
        double sl3;  //!< solar mean longitude term, f3 part
        double sl4;  //!< solar mean longitude term, sin(zf) part
        double sgh2; //!< solar argument of perigee term, f2 part
        double sgh3; //!< solar argument of perigee term, f3 part
        double sgh4; //!< solar argument of perigee term, sin(zf) part
        double sh2;  //!< solar node term, f2 part
        double sh3;  //!< solar node term, f3 part
        double ee2;  //!< lunar eccentricity term, f2 part
        double e3;   //!< lunar eccentricity term, f3 part
        double xi2;  //!< lunar inclination term, f2 part
        double xi3;  //!< lunar inclination term, f3 part
        double xl2;  //!< lunar mean longitude term, f2 part
        double xl3;  //!< lunar mean longitude term, f3 part
        double xl4;  //!< lunar mean longitude term, sin(zf) part
        double xgh2; //!< lunar argument of perigee term, f2 part
        double xgh3; //!< lunar argument of perigee term, f3 part
        double xgh4; //!< lunar argument of perigee term, sin(zf) part
        double xh2;  //!< lunar node term, f2 part
        double xh3;  //!< lunar node term, f3 part
        double zmol; //!< lunar mean anomaly at epoch (rad)
        double zmos; //!< solar mean anomaly at epoch (rad)
    };

    /**
     * Deep-space secular rates and geopotential resonance coefficients (dsinit).
     */
    struct DeepSpaceSecular
    {
        double dedt;  //!< lunar-solar secular rate of the eccentricity (1/min)
        double didt;  //!< lunar-solar secular rate of the inclination (rad/min)
        double dmdt;  //!< lunar-solar secular rate of the mean anomaly (rad/min)
        double dnodt; //!< lunar-solar secular rate of the node (rad/min)
        double domdt; //!< lunar-solar secular rate of the argument of perigee (rad/min)
        int irez;     //!< resonance: 0 none, 1 one day (24 h), 2 half day (12 h, e >= 0.5)
        double d2201; //!< 12 h resonance coefficient
        double d2211; //!< 12 h resonance coefficient
        double d3210; //!< 12 h resonance coefficient
        double d3222; //!< 12 h resonance coefficient
        double d4410; //!< 12 h resonance coefficient
        double d4422; //!< 12 h resonance coefficient
        double d5220; //!< 12 h resonance coefficient
        double d5232; //!< 12 h resonance coefficient
        double d5421; //!< 12 h resonance coefficient
        double d5433; //!< 12 h resonance coefficient
        double del1;  //!< 24 h resonance coefficient
        double del2;  //!< 24 h resonance coefficient
        double del3;  //!< 24 h resonance coefficient
        double xfact; //!< resonance rate offset (rad/min)
        double xlamo; //!< resonance longitude at epoch (rad)
        double gsto;  //!< Greenwich sidereal time at epoch (rad)
    };

    /**
     * State of the resonance integrator: where its last 720-minute step ended. Copies start
     * afresh (the state is a cache, restarting changes no result), which keeps the
     * propagator copyable and movable despite the mutex.
     */
    struct ResonanceCache
    {
        ResonanceCache() = default;

        /// A copy starts at epoch.
        ResonanceCache(const ResonanceCache&)
        {
        }

        /**
         * An assigned cache starts at epoch.
         * \return this
         */
        ResonanceCache& operator=(const ResonanceCache&)
        {
            std::lock_guard<std::mutex> lock(mutex);
            atime = 0;
            return *this;
        }

        std::mutex mutex; //!< guards the three values below
        double atime{0};  //!< time of the last step (minutes); 0 = start from epoch
        double xli{0};    //!< resonance longitude at atime (rad)
        double xni{0};    //!< mean motion at atime (rad/min)
    };

    /**
     * Vallado's initl and sgp4init: compute every constant of the propagation.
     * \param tle the element set
     * \param epoch days from 1949 December 31 00:00 UT (Vallado's sgp4 epoch)
     */
    void Initialise(const TwoLineElement& tle, double epoch);

    /**
     * Vallado's dscom and dsinit: the deep-space constants.
     * \param epoch days from 1949 December 31 00:00 UT
     * \param xpidot rate of the longitude of perigee (rad/min)
     * \param eccsq square of the eccentricity
     */
    void InitialiseDeepSpace(double epoch, double xpidot, double eccsq);

    /**
     * Vallado's dpper after initialisation: add the lunar-solar long-period periodics.
     * \param t minutes from epoch
     * \param ep eccentricity, updated
     * \param inclp inclination (rad), updated
     * \param nodep node (rad), updated
     * \param argpp argument of perigee (rad), updated
     * \param mp mean anomaly (rad), updated
     */
    void ApplyLunarSolarPeriodics(double t,
                                  double& ep,
                                  double& inclp,
                                  double& nodep,
                                  double& argpp,
                                  double& mp) const;

    /**
     * Vallado's dspace: deep-space secular terms and the resonance integrator.
     * \param t minutes from epoch
     * \param em eccentricity, updated
     * \param argpm argument of perigee (rad), updated
     * \param inclm inclination (rad), updated
     * \param mm mean anomaly (rad), updated
     * \param nodem node (rad), updated
     * \param nm mean motion (rad/min), updated
     */
    void ApplyDeepSpaceSecular(double t,
                               double& em,
                               double& argpm,
                               double& inclm,
                               double& mm,
                               double& nodem,
                               double& nm) const;

    /**
     * Run the resonance integrator to t, from the cached step when that gives the same result
     * as from epoch (same side of epoch, further away).
     * \param t minutes from epoch
     * \param xli resonance longitude at the last step (rad), output
     * \param xni mean motion at the last step (rad/min), output
     * \param xldot rate of xli at the last step, output
     * \param xndt rate of xni at the last step, output
     * \param xnddt second derivative of xni at the last step, output
     * \return t minus the time of the last step (minutes)
     */
    double IntegrateResonance(double t,
                              double& xli,
                              double& xni,
                              double& xldot,
                              double& xndt,
                              double& xnddt) const;

    /**
     * Resonance derivatives at one integrator step.
     * \param atime time of the step (minutes)
     * \param xli resonance longitude (rad)
     * \param xni mean motion (rad/min)
     * \param xldot rate of xli, output
     * \param xndt rate of xni, output
     * \param xnddt second derivative of xni, output
     */
    void ResonanceRates(double atime,
                        double xli,
                        double xni,
                        double& xldot,
                        double& xndt,
                        double& xnddt) const;

    uint32_t m_catalogNumber;       //!< NORAD catalogue number
    double m_epochJulianDate;       //!< epoch (UTC Julian date, days)
    Sgp4GravityModel m_gravity;     //!< which constants
    Sgp4OperationMode m_mode;       //!< 'i' or 'a'
    GravityConstants m_constants{}; //!< the constants

    // Mean elements at epoch (rad, rad/min) and near-Earth constants of sgp4init.
    double m_bstar{0};        //!< drag term (1/Earth radii)
    double m_ecco{0};         //!< eccentricity
    double m_inclo{0};        //!< inclination (rad)
    double m_nodeo{0};        //!< right ascension of the node (rad)
    double m_argpo{0};        //!< argument of perigee (rad)
    double m_mo{0};           //!< mean anomaly (rad)
    double m_noUnkozai{0};    //!< un-Kozai'd mean motion (rad/min)
    bool m_deepSpace{false};  //!< period >= 225 min
    bool m_simplified{false}; //!< perigee < 220 km or deep space: drop the higher drag terms
    double m_mdot{0};         //!< secular rate of the mean anomaly (rad/min)
    double m_argpdot{0};      //!< secular rate of the argument of perigee (rad/min)
    double m_nodedot{0};      //!< secular rate of the node (rad/min)
    double m_nodecf{0};       //!< drag coefficient of the node (rad/min^2)
    double m_cc1{0};          //!< drag coefficient C1 (1/min)
    double m_cc4{0};          //!< drag coefficient C4
    double m_cc5{0};          //!< drag coefficient C5
    double m_d2{0};           //!< drag coefficient D2
    double m_d3{0};           //!< drag coefficient D3
    double m_d4{0};           //!< drag coefficient D4
    double m_t2cof{0};        //!< mean longitude drag coefficient of t^2
    double m_t3cof{0};        //!< mean longitude drag coefficient of t^3
    double m_t4cof{0};        //!< mean longitude drag coefficient of t^4
    double m_t5cof{0};        //!< mean longitude drag coefficient of t^5
    double m_omgcof{0};       //!< drag coefficient of the argument of perigee
    double m_xmcof{0};        //!< drag coefficient of the mean anomaly
    double m_eta{0};          //!< eta of the drag theory
    double m_delmo{0};        //!< (1 + eta cos M0)^3
    double m_sinmao{0};       //!< sin M0
    double m_con41{0};        //!< 3 cos^2 i - 1 (near Earth)
    double m_x1mth2{0};       //!< 1 - cos^2 i (near Earth)
    double m_x7thm1{0};       //!< 7 cos^2 i - 1 (near Earth)
    double m_aycof{0};        //!< long-period coefficient of a_y (near Earth)
    double m_xlcof{0};        //!< long-period coefficient of L (near Earth)

    LunarSolarPeriodics m_periodics{}; //!< deep space only
    DeepSpaceSecular m_secular{};      //!< deep space only
    mutable ResonanceCache m_cache;    //!< resonance integrator state (irez != 0 only)
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SGP4_PROPAGATOR_H
