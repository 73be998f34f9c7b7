// SPDX-License-Identifier: GPL-2.0-only
//
// SGP4/SDP4 after Vallado, Crawford, Hujsak and Kelso, "Revisiting Spacetrack Report #3",
// AIAA 2006-6753, and Vallado's reference implementation (sgp4unit.cpp, 2016). The names of
// Vallado's variables are kept where they are the model's symbols, so that the code can be
// read against the paper and the reference; the order of floating-point operations follows the
// reference too, because the verification results are compared to 1e-8 km.

#include "sgp4-propagator.h"

#include "ns3/julian-date.h"

#include <cmath>
#include <limits>
#include <sstream>

namespace ns3
{
namespace sagin
{

namespace
{

constexpr double PI = M_PI;           //!< pi
constexpr double TWO_PI = 2.0 * M_PI; //!< 2 pi
constexpr double X2O3 = 2.0 / 3.0;    //!< 2/3
constexpr double DEG_TO_RAD = M_PI / 180.0;
constexpr double MINUTES_PER_DAY = 1440.0;
/// Julian date of Vallado's SGP4 epoch origin, 1949 December 31 00:00 UT.
constexpr double SGP4_EPOCH_ORIGIN_JD = 2433281.5;
/// Divisor guarding 1 + cos(i) for inclinations of 180 degrees.
constexpr double TEMP4 = 1.5e-12;

// Lunar-solar constants (Spacetrack Report #3, deep-space section).
constexpr double ZNS = 1.19459e-5;     //!< solar mean motion (rad/min)
constexpr double ZES = 0.01675;        //!< solar eccentricity
constexpr double ZNL = 1.5835218e-4;   //!< lunar mean motion (rad/min)
constexpr double ZEL = 0.05490;        //!< lunar eccentricity
constexpr double C1SS = 2.9864797e-6;  //!< solar perturbation coefficient
constexpr double C1L = 4.7968065e-7;   //!< lunar perturbation coefficient
constexpr double ZSINIS = 0.39785416;  //!< sine of the ecliptic obliquity
constexpr double ZCOSIS = 0.91744867;  //!< cosine of the ecliptic obliquity
constexpr double ZCOSGS = 0.1945905;   //!< cosine of the solar argument of perigee
constexpr double ZSINGS = -0.98088458; //!< sine of the solar argument of perigee

// Geopotential resonance constants.
constexpr double Q22 = 1.7891679e-6;
constexpr double Q31 = 2.1460748e-6;
constexpr double Q33 = 2.2123015e-7;
constexpr double ROOT22 = 1.7891679e-6;
constexpr double ROOT44 = 7.3636953e-9;
constexpr double ROOT54 = 2.1765803e-9;
constexpr double ROOT32 = 3.7393792e-7;
constexpr double ROOT52 = 1.1428639e-7;
constexpr double RPTIM = 4.37526908801129966e-3; //!< Earth rotation (rad/min)
constexpr double FASX2 = 0.13130908;
constexpr double FASX4 = 2.8843198;
constexpr double FASX6 = 0.37448087;
constexpr double G22 = 5.7686396;
constexpr double G32 = 0.95240898;
constexpr double G44 = 1.8014998;
constexpr double G52 = 1.0508330;
constexpr double G54 = 4.4108898;
constexpr double STEPP = 720.0;    //!< integrator step forward (min)
constexpr double STEPN = -720.0;   //!< integrator step backward (min)
constexpr double STEP2 = 259200.0; //!< half the step squared (min^2)

/**
 * Greenwich mean sidereal time, IAU 1982 (Vallado's gstime).
 * \param jdut1 UT1 Julian date (days)
 * \return GMST (rad, 0..2 pi)
 */
double
Gstime(double jdut1)
{
    const double tut1 = (jdut1 - 2451545.0) / 36525.0;
    double temp = -6.2e-6 * tut1 * tut1 * tut1 + 0.093104 * tut1 * tut1 +
                  (876600.0 * 3600 + 8640184.812866) * tut1 + 67310.54841; // (s)
    temp = std::fmod(temp * DEG_TO_RAD / 240.0, TWO_PI); // 360/86400 = 1/240 degree per second
    if (temp < 0.0)
    {
        temp += TWO_PI;
    }
    return temp;
}

/**
 * The lunar or solar terms of Vallado's dscom for one perturbing body.
 */
struct ThirdBodyTerms
{
    double s1, s2, s3, s4, s5, s6, s7;                              //!< s coefficients
    double z1, z2, z3, z11, z12, z13, z21, z22, z23, z31, z32, z33; //!< z coefficients
};

/**
 * Third-body coefficients of one body (the loop body of Vallado's dscom).
 * \param zcosg cosine of the body's argument of perigee
 * \param zsing sine of the body's argument of perigee
 * \param zcosi cosine of the body's inclination
 * \param zsini sine of the body's inclination
 * \param zcosh cosine of the body's node relative to the satellite's
 * \param zsinh sine of the body's node relative to the satellite's
 * \param cc the body's perturbation coefficient
 * \param cosim cosine of the satellite's inclination
 * \param sinim sine of the satellite's inclination
 * \param cosomm cosine of the satellite's argument of perigee
 * \param sinomm sine of the satellite's argument of perigee
 * \param em eccentricity
 * \param emsq eccentricity squared
 * \param rtemsq sqrt(1 - emsq)
 * \param xnoi 1 / mean motion
 * \return the coefficients
 */
ThirdBodyTerms
ComputeThirdBodyTerms(double zcosg,
                      double zsing,
                      double zcosi,
                      double zsini,
                      double zcosh,
                      double zsinh,
                      double cc,
                      double cosim,
                      double sinim,
                      double cosomm,
                      double sinomm,
                      double em,
                      double emsq,
                      double rtemsq,
                      double xnoi)
{
    const double betasq = 1.0 - emsq;
    const double a1 = zcosg * zcosh + zsing * zcosi * zsinh;
    const double a3 = -zsing * zcosh + zcosg * zcosi * zsinh;
    const double a7 = -zcosg * zsinh + zsing * zcosi * zcosh;
    const double a8 = zsing * zsini;
    const double a9 = zsing * zsinh + zcosg * zcosi * zcosh;
    const double a10 = zcosg * zsini;
    const double a2 = cosim * a7 + sinim * a8;
    const double a4 = cosim * a9 + sinim * a10;
    const double a5 = -sinim * a7 + cosim * a8;
    const double a6 = -sinim * a9 + cosim * a10;

    const double x1 = a1 * cosomm + a2 * sinomm;
    const double x2 = a3 * cosomm + a4 * sinomm;
    const double x3 = -a1 * sinomm + a2 * cosomm;
    const double x4 = -a3 * sinomm + a4 * cosomm;
    const double x5 = a5 * sinomm;
    const double x6 = a6 * sinomm;
    const double x7 = a5 * cosomm;
    const double x8 = a6 * cosomm;

    ThirdBodyTerms b;
    b.z31 = 12.0 * x1 * x1 - 3.0 * x3 * x3;
    b.z32 = 24.0 * x1 * x2 - 6.0 * x3 * x4;
    b.z33 = 12.0 * x2 * x2 - 3.0 * x4 * x4;
    b.z1 = 3.0 * (a1 * a1 + a2 * a2) + b.z31 * emsq;
    b.z2 = 6.0 * (a1 * a3 + a2 * a4) + b.z32 * emsq;
    b.z3 = 3.0 * (a3 * a3 + a4 * a4) + b.z33 * emsq;
    b.z11 = -6.0 * a1 * a5 + emsq * (-24.0 * x1 * x7 - 6.0 * x3 * x5);
    b.z12 = -6.0 * (a1 * a6 + a3 * a5) +
            emsq * (-24.0 * (x2 * x7 + x1 * x8) - 6.0 * (x3 * x6 + x4 * x5));
    b.z13 = -6.0 * a3 * a6 + emsq * (-24.0 * x2 * x8 - 6.0 * x4 * x6);
    b.z21 = 6.0 * a2 * a5 + emsq * (24.0 * x1 * x5 - 6.0 * x3 * x7);
    b.z22 =
        6.0 * (a4 * a5 + a2 * a6) + emsq * (24.0 * (x2 * x5 + x1 * x6) - 6.0 * (x4 * x7 + x3 * x8));
    b.z23 = 6.0 * a4 * a6 + emsq * (24.0 * x2 * x6 - 6.0 * x4 * x8);
    b.z1 = b.z1 + b.z1 + betasq * b.z31;
    b.z2 = b.z2 + b.z2 + betasq * b.z32;
    b.z3 = b.z3 + b.z3 + betasq * b.z33;
    b.s3 = cc * xnoi;
    b.s2 = -0.5 * b.s3 / rtemsq;
    b.s4 = b.s3 * rtemsq;
    b.s1 = -15.0 * em * b.s4;
    b.s5 = x1 * x3 + x2 * x4;
    b.s6 = x2 * x3 + x1 * x4;
    b.s7 = x2 * x4 - x1 * x3;
    return b;
}

/**
 * The state Propagate returns when it cannot compute one.
 * \param error the code
 * \return NaN position and velocity with the code
 */
Sgp4State
Failure(Sgp4Error error)
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    Sgp4State state;
    state.position = {nan, nan, nan};
    state.velocity = {nan, nan, nan};
    state.error = error;
    return state;
}

} // namespace

std::string
GetSgp4ErrorDescription(Sgp4Error error)
{
    switch (error)
    {
    case Sgp4Error::NONE:
        return "no error";
    case Sgp4Error::MEAN_ECCENTRICITY:
        return "mean eccentricity is outside -0.001 <= e < 1 (drag has circularised or the "
               "elements are unphysical)";
    case Sgp4Error::MEAN_MOTION:
        return "mean motion is not positive";
    case Sgp4Error::PERTURBED_ECCENTRICITY:
        return "eccentricity after the lunar-solar periodics is outside 0 <= e <= 1";
    case Sgp4Error::SEMI_LATUS_RECTUM:
        return "semi-latus rectum is negative";
    case Sgp4Error::DECAYED:
        return "orbit radius is below one Earth radius: the satellite has decayed";
    case Sgp4Error::INVALID_TIME:
        return "the time is not a finite number";
    }
    return "unknown SGP4 error";
}

Sgp4InitialisationError::Sgp4InitialisationError(const std::string& message, Sgp4Error error)
    : std::invalid_argument(message),
      m_error(error)
{
}

Sgp4Error
Sgp4InitialisationError::GetError() const
{
    return m_error;
}

Sgp4Propagator::Sgp4Propagator(const TwoLineElement& tle,
                               Sgp4GravityModel gravity,
                               Sgp4OperationMode mode)
    : m_catalogNumber(tle.catalogNumber),
      m_epochJulianDate(0),
      m_gravity(gravity),
      m_mode(mode)
{
    ValidateTwoLineElement(tle);
    m_epochJulianDate = JulianDateFromDayOfYear(tle.epochYear, tle.epochDayOfYear);
    Initialise(tle, m_epochJulianDate - SGP4_EPOCH_ORIGIN_JD);
    // Like sgp4init, propagate to epoch: elements that fail there are of no use.
    const Sgp4State atEpoch = Propagate(0.0);
    if (atEpoch.error != Sgp4Error::NONE)
    {
        std::ostringstream msg;
        msg << "SGP4 cannot propagate satellite " << tle.catalogNumber;
        if (!tle.name.empty())
        {
            msg << " '" << tle.name << "'";
        }
        msg << " to its own epoch: error " << static_cast<int>(atEpoch.error) << ", "
            << GetSgp4ErrorDescription(atEpoch.error)
            << "; the element set is unusable, fetch a newer one";
        throw Sgp4InitialisationError(msg.str(), atEpoch.error);
    }
}

void
Sgp4Propagator::Initialise(const TwoLineElement& tle, double epoch)
{
    // Gravity constants (Vallado's getgravconst).
    GravityConstants& k = m_constants;
    switch (m_gravity)
    {
    case Sgp4GravityModel::WGS72_OLD:
        k.radius = 6378.135;
        k.xke = 0.0743669161;
        k.j2 = 0.001082616;
        k.j3 = -0.00000253881;
        k.j4 = -0.00000165597;
        break;
    case Sgp4GravityModel::WGS72: {
        const double mu = 398600.8; // (km^3/s^2)
        k.radius = 6378.135;
        k.xke = 60.0 / std::sqrt(k.radius * k.radius * k.radius / mu);
        k.j2 = 0.001082616;
        k.j3 = -0.00000253881;
        k.j4 = -0.00000165597;
        break;
    }
    case Sgp4GravityModel::WGS84: {
        const double mu = 398600.5; // (km^3/s^2)
        k.radius = 6378.137;
        k.xke = 60.0 / std::sqrt(k.radius * k.radius * k.radius / mu);
        k.j2 = 0.00108262998905;
        k.j3 = -0.00000253215306;
        k.j4 = -0.00000161098761;
        break;
    }
    }
    k.j3oj2 = k.j3 / k.j2;

    // Elements in SGP4 units: radians and radians per minute.
    m_bstar = tle.bstar;
    m_ecco = tle.eccentricity;
    m_inclo = tle.inclination * DEG_TO_RAD;
    m_nodeo = tle.rightAscension * DEG_TO_RAD;
    m_argpo = tle.argumentOfPerigee * DEG_TO_RAD;
    m_mo = tle.meanAnomaly * DEG_TO_RAD;
    const double noKozai = tle.meanMotion / (MINUTES_PER_DAY / TWO_PI);

    // Atmosphere: s and q0 parameters of the density function, in Earth radii.
    const double ss = 78.0 / k.radius + 1.0;
    const double qzms2ttemp = (120.0 - 78.0) / k.radius;
    const double qzms2t = qzms2ttemp * qzms2ttemp * qzms2ttemp * qzms2ttemp;

    // initl: recover the un-Kozai'd (Brouwer) mean motion and the semi-major axis.
    const double eccsq = m_ecco * m_ecco;
    const double omeosq = 1.0 - eccsq;
    const double rteosq = std::sqrt(omeosq);
    const double cosio = std::cos(m_inclo);
    const double cosio2 = cosio * cosio;
    const double ak = std::pow(k.xke / noKozai, X2O3);
    const double d1 = 0.75 * k.j2 * (3.0 * cosio2 - 1.0) / (rteosq * omeosq);
    double del = d1 / (ak * ak);
    const double adel = ak * (1.0 - del * del - del * (1.0 / 3.0 + 134.0 * del * del / 81.0));
    del = d1 / (adel * adel);
    m_noUnkozai = noKozai / (1.0 + del);
    const double ao = std::pow(k.xke / m_noUnkozai, X2O3);
    const double sinio = std::sin(m_inclo);
    const double po = ao * omeosq;
    const double con42 = 1.0 - 5.0 * cosio2;
    m_con41 = -con42 - cosio2 - cosio2;
    const double posq = po * po;
    const double rp = ao * (1.0 - m_ecco);
    double gsto = 0;
    if (m_mode == Sgp4OperationMode::AFSPC)
    {
        // AFSPC's sidereal time: from whole days since 1970 January 0.
        const double ts70 = epoch - 7305.0;
        const double ds70 = std::floor(ts70 + 1.0e-8);
        const double tfrac = ts70 - ds70;
        const double c1 = 1.72027916940703639e-2;
        const double thgr70 = 1.7321343856509374;
        const double fk5r = 5.07551419432269442e-15;
        const double c1p2p = c1 + TWO_PI;
        gsto = std::fmod(thgr70 + c1 * ds70 + c1p2p * tfrac + ts70 * ts70 * fk5r, TWO_PI);
        if (gsto < 0.0)
        {
            gsto += TWO_PI;
        }
    }
    else
    {
        gsto = Gstime(epoch + SGP4_EPOCH_ORIGIN_JD);
    }

    // sgp4init: drag and secular gravity coefficients.
    m_simplified = rp < 220.0 / k.radius + 1.0;
    double sfour = ss;
    double qzms24 = qzms2t;
    const double perige = (rp - 1.0) * k.radius;
    if (perige < 156.0)
    {
        // Low perigees: the density function's s parameter follows the perigee height.
        sfour = perige - 78.0;
        if (perige < 98.0)
        {
            sfour = 20.0;
        }
        const double qzms24temp = (120.0 - sfour) / k.radius;
        qzms24 = qzms24temp * qzms24temp * qzms24temp * qzms24temp;
        sfour = sfour / k.radius + 1.0;
    }
    const double pinvsq = 1.0 / posq;
    const double tsi = 1.0 / (ao - sfour);
    m_eta = ao * m_ecco * tsi;
    const double etasq = m_eta * m_eta;
    const double eeta = m_ecco * m_eta;
    const double psisq = std::fabs(1.0 - etasq);
    const double coef = qzms24 * std::pow(tsi, 4.0);
    const double coef1 = coef / std::pow(psisq, 3.5);
    const double cc2 = coef1 * m_noUnkozai *
                       (ao * (1.0 + 1.5 * etasq + eeta * (4.0 + etasq)) +
                        0.375 * k.j2 * tsi / psisq * m_con41 * (8.0 + 3.0 * etasq * (8.0 + etasq)));
    m_cc1 = m_bstar * cc2;
    double cc3 = 0.0;
    if (m_ecco > 1.0e-4)
    {
        cc3 = -2.0 * coef * tsi * k.j3oj2 * m_noUnkozai * sinio / m_ecco;
    }
    m_x1mth2 = 1.0 - cosio2;
    m_cc4 =
        2.0 * m_noUnkozai * coef1 * ao * omeosq *
        (m_eta * (2.0 + 0.5 * etasq) + m_ecco * (0.5 + 2.0 * etasq) -
         k.j2 * tsi / (ao * psisq) *
             (-3.0 * m_con41 * (1.0 - 2.0 * eeta + etasq * (1.5 - 0.5 * eeta)) +
              0.75 * m_x1mth2 * (2.0 * etasq - eeta * (1.0 + etasq)) * std::cos(2.0 * m_argpo)));
    m_cc5 = 2.0 * coef1 * ao * omeosq * (1.0 + 2.75 * (etasq + eeta) + eeta * etasq);
    const double cosio4 = cosio2 * cosio2;
    const double temp1 = 1.5 * k.j2 * pinvsq * m_noUnkozai;
    const double temp2 = 0.5 * temp1 * k.j2 * pinvsq;
    const double temp3 = -0.46875 * k.j4 * pinvsq * pinvsq * m_noUnkozai;
    m_mdot = m_noUnkozai + 0.5 * temp1 * rteosq * m_con41 +
             0.0625 * temp2 * rteosq * (13.0 - 78.0 * cosio2 + 137.0 * cosio4);
    m_argpdot = -0.5 * temp1 * con42 + 0.0625 * temp2 * (7.0 - 114.0 * cosio2 + 395.0 * cosio4) +
                temp3 * (3.0 - 36.0 * cosio2 + 49.0 * cosio4);
    const double xhdot1 = -temp1 * cosio;
    m_nodedot =
        xhdot1 + (0.5 * temp2 * (4.0 - 19.0 * cosio2) + 2.0 * temp3 * (3.0 - 7.0 * cosio2)) * cosio;
    const double xpidot = m_argpdot + m_nodedot;
    m_omgcof = m_bstar * cc3 * std::cos(m_argpo);
    m_xmcof = 0.0;
    if (m_ecco > 1.0e-4)
    {
        m_xmcof = -X2O3 * coef * m_bstar / eeta;
    }
    m_nodecf = 3.5 * omeosq * xhdot1 * m_cc1;
    m_t2cof = 1.5 * m_cc1;
    const double xlcofDivisor = std::fabs(cosio + 1.0) > 1.5e-12 ? 1.0 + cosio : TEMP4;
    m_xlcof = -0.25 * k.j3oj2 * sinio * (3.0 + 5.0 * cosio) / xlcofDivisor;
    m_aycof = -0.5 * k.j3oj2 * sinio;
    const double delmotemp = 1.0 + m_eta * std::cos(m_mo);
    m_delmo = delmotemp * delmotemp * delmotemp;
    m_sinmao = std::sin(m_mo);
    m_x7thm1 = 7.0 * cosio2 - 1.0;

    m_secular.gsto = gsto;
    m_deepSpace = TWO_PI / m_noUnkozai >= 225.0;
    if (m_deepSpace)
    {
        m_simplified = true;
        InitialiseDeepSpace(epoch, xpidot, eccsq);
    }

    if (!m_simplified)
    {
        const double cc1sq = m_cc1 * m_cc1;
        m_d2 = 4.0 * ao * tsi * cc1sq;
        const double temp = m_d2 * tsi * m_cc1 / 3.0;
        m_d3 = (17.0 * ao + sfour) * temp;
        m_d4 = 0.5 * temp * ao * tsi * (221.0 * ao + 31.0 * sfour) * m_cc1;
        m_t3cof = m_d2 + 2.0 * cc1sq;
        m_t4cof = 0.25 * (3.0 * m_d3 + m_cc1 * (12.0 * m_d2 + 10.0 * cc1sq));
        m_t5cof = 0.2 * (3.0 * m_d4 + 12.0 * m_cc1 * m_d3 + 6.0 * m_d2 * m_d2 +
                         15.0 * cc1sq * (2.0 * m_d2 + cc1sq));
    }
}

void
Sgp4Propagator::InitialiseDeepSpace(double epoch, double xpidot, double eccsq)
{
    // dscom at tc = 0: the Sun's and the Moon's geometry at epoch.
    const double snodm = std::sin(m_nodeo);
    const double cnodm = std::cos(m_nodeo);
    const double sinomm = std::sin(m_argpo);
    const double cosomm = std::cos(m_argpo);
    const double sinim = std::sin(m_inclo);
    const double cosim = std::cos(m_inclo);
    const double em = m_ecco;
    const double emsq = em * em;
    const double rtemsq = std::sqrt(1.0 - emsq);
    const double nm = m_noUnkozai;

    const double day = epoch + 18261.5; // days from 1900 January 0.5
    const double xnodce = std::fmod(4.5236020 - 9.2422029e-4 * day, TWO_PI);
    const double stem = std::sin(xnodce);
    const double ctem = std::cos(xnodce);
    const double zcosil = 0.91375164 - 0.03568096 * ctem;
    const double zsinil = std::sqrt(1.0 - zcosil * zcosil);
    const double zsinhl = 0.089683511 * stem / zsinil;
    const double zcoshl = std::sqrt(1.0 - zsinhl * zsinhl);
    const double gam = 5.8351514 + 0.0019443680 * day;
    double zx = 0.39785416 * stem / zsinil;
    const double zy = zcoshl * ctem + 0.91744867 * zsinhl * stem;
    zx = std::atan2(zx, zy);
    zx = gam + zx - xnodce;
    const double zcosgl = std::cos(zx);
    const double zsingl = std::sin(zx);

    const double xnoi = 1.0 / nm;
    const ThirdBodyTerms sun = ComputeThirdBodyTerms(ZCOSGS,
                                                     ZSINGS,
                                                     ZCOSIS,
                                                     ZSINIS,
                                                     cnodm,
                                                     snodm,
                                                     C1SS,
                                                     cosim,
                                                     sinim,
                                                     cosomm,
                                                     sinomm,
                                                     em,
                                                     emsq,
                                                     rtemsq,
                                                     xnoi);
    const ThirdBodyTerms moon = ComputeThirdBodyTerms(zcosgl,
                                                      zsingl,
                                                      zcosil,
                                                      zsinil,
                                                      zcoshl * cnodm + zsinhl * snodm,
                                                      snodm * zcoshl - cnodm * zsinhl,
                                                      C1L,
                                                      cosim,
                                                      sinim,
                                                      cosomm,
                                                      sinomm,
                                                      em,
                                                      emsq,
                                                      rtemsq,
                                                      xnoi);

    LunarSolarPeriodics& p = m_periodics;
    p.zmol = std::fmod(4.7199672 + 0.22997150 * day - gam, TWO_PI);
    p.zmos = std::fmod(6.2565837 + 0.017201977 * day, TWO_PI);
    p.se2 = 2.0 * sun.s1 * sun.s6;
    p.se3 = 2.0 * sun.s1 * sun.s7;
    p.si2 = 2.0 * sun.s2 * sun.z12;
    p.si3 = 2.0 * sun.s2 * (sun.z13 - sun.z11);
    p.sl2 = -2.0 * sun.s3 * sun.z2;
    p.sl3 = -2.0 * sun.s3 * (sun.z3 - sun.z1);
    p.sl4 = -2.0 * sun.s3 * (-21.0 - 9.0 * emsq) * ZES;
    p.sgh2 = 2.0 * sun.s4 * sun.z32;
    p.sgh3 = 2.0 * sun.s4 * (sun.z33 - sun.z31);
    p.sgh4 = -18.0 * sun.s4 * ZES;
    p.sh2 = -2.0 * sun.s2 * sun.z22;
    p.sh3 = -2.0 * sun.s2 * (sun.z23 - sun.z21);
    p.ee2 = 2.0 * moon.s1 * moon.s6;
    p.e3 = 2.0 * moon.s1 * moon.s7;
    p.xi2 = 2.0 * moon.s2 * moon.z12;
    p.xi3 = 2.0 * moon.s2 * (moon.z13 - moon.z11);
    p.xl2 = -2.0 * moon.s3 * moon.z2;
    p.xl3 = -2.0 * moon.s3 * (moon.z3 - moon.z1);
    p.xl4 = -2.0 * moon.s3 * (-21.0 - 9.0 * emsq) * ZEL;
    p.xgh2 = 2.0 * moon.s4 * moon.z32;
    p.xgh3 = 2.0 * moon.s4 * (moon.z33 - moon.z31);
    p.xgh4 = -18.0 * moon.s4 * ZEL;
    p.xh2 = -2.0 * moon.s2 * moon.z22;
    p.xh3 = -2.0 * moon.s2 * (moon.z23 - moon.z21);
    // Vallado's sgp4init now calls dpper with init = 'y', which changes nothing: the periodics
    // are not removed at epoch (his peo, pinco, plo, pgho and pho stay zero).

    // dsinit: lunar-solar secular rates.
    DeepSpaceSecular& s = m_secular;
    const bool nearEquatorial = m_inclo < 5.2359877e-2 || m_inclo > PI - 5.2359877e-2;
    const double ses = sun.s1 * ZNS * sun.s5;
    const double sis = sun.s2 * ZNS * (sun.z11 + sun.z13);
    const double sls = -ZNS * sun.s3 * (sun.z1 + sun.z3 - 14.0 - 6.0 * emsq);
    const double sghs = sun.s4 * ZNS * (sun.z31 + sun.z33 - 6.0);
    double shs = -ZNS * sun.s2 * (sun.z21 + sun.z23);
    if (nearEquatorial)
    {
        shs = 0.0; // within 3 degrees of 0 or 180 the node rate is undefined
    }
    if (sinim != 0.0)
    {
        shs = shs / sinim;
    }
    const double sgs = sghs - cosim * shs;
    s.dedt = ses + moon.s1 * ZNL * moon.s5;
    s.didt = sis + moon.s2 * ZNL * (moon.z11 + moon.z13);
    s.dmdt = sls - ZNL * moon.s3 * (moon.z1 + moon.z3 - 14.0 - 6.0 * emsq);
    const double sghl = moon.s4 * ZNL * (moon.z31 + moon.z33 - 6.0);
    double shll = -ZNL * moon.s2 * (moon.z21 + moon.z23);
    if (nearEquatorial)
    {
        shll = 0.0;
    }
    s.domdt = sgs + sghl;
    s.dnodt = shs;
    if (sinim != 0.0)
    {
        s.domdt = s.domdt - cosim / sinim * shll;
        s.dnodt = s.dnodt + shll / sinim;
    }

    // dsinit: geopotential resonance of 24 h (irez 1) and 12 h eccentric (irez 2) orbits.
    s.irez = 0;
    if (nm > 0.0034906585 && nm < 0.0052359877)
    {
        s.irez = 1;
    }
    if (nm >= 8.26e-3 && nm <= 9.24e-3 && em >= 0.5)
    {
        s.irez = 2;
    }
    const double theta = std::fmod(s.gsto, TWO_PI); // at tc = 0
    if (s.irez == 0)
    {
        return;
    }
    const double aonv = std::pow(nm / m_constants.xke, X2O3);
    if (s.irez == 2)
    {
        const double cosisq = cosim * cosim;
        const double eoc = em * eccsq;
        const double g201 = -0.306 - (em - 0.64) * 0.440;
        double g211;
        double g310;
        double g322;
        double g410;
        double g422;
        double g520;
        double g521;
        double g532;
        double g533;
        if (em <= 0.65)
        {
            g211 = 3.616 - 13.2470 * em + 16.2900 * eccsq;
            g310 = -19.302 + 117.3900 * em - 228.4190 * eccsq + 156.5910 * eoc;
            g322 = -18.9068 + 109.7927 * em - 214.6334 * eccsq + 146.5816 * eoc;
            g410 = -41.122 + 242.6940 * em - 471.0940 * eccsq + 313.9530 * eoc;
            g422 = -146.407 + 841.8800 * em - 1629.014 * eccsq + 1083.4350 * eoc;
            g520 = -532.114 + 3017.977 * em - 5740.032 * eccsq + 3708.2760 * eoc;
        }
        else
        {
            g211 = -72.099 + 331.819 * em - 508.738 * eccsq + 266.724 * eoc;
            g310 = -346.844 + 1582.851 * em - 2415.925 * eccsq + 1246.113 * eoc;
            g322 = -342.585 + 1554.908 * em - 2366.899 * eccsq + 1215.972 * eoc;
            g410 = -1052.797 + 4758.686 * em - 7193.992 * eccsq + 3651.957 * eoc;
            g422 = -3581.690 + 16178.110 * em - 24462.770 * eccsq + 12422.520 * eoc;
            if (em > 0.715)
            {
                g520 = -5149.66 + 29936.92 * em - 54087.36 * eccsq + 31324.56 * eoc;
            }
            else
            {
                g520 = 1464.74 - 4664.75 * em + 3763.64 * eccsq;
            }
        }
        if (em < 0.7)
        {
            g533 = -919.22770 + 4988.6100 * em - 9064.7700 * eccsq + 5542.21 * eoc;
            g521 = -822.71072 + 4568.6173 * em - 8491.4146 * eccsq + 5337.524 * eoc;
            g532 = -853.66600 + 4690.2500 * em - 8624.7700 * eccsq + 5341.4 * eoc;
        }
        else
        {
            g533 = -37995.780 + 161616.52 * em - 229838.20 * eccsq + 109377.94 * eoc;
            g521 = -51752.104 + 218913.95 * em - 309468.16 * eccsq + 146349.42 * eoc;
            g532 = -40023.880 + 170470.89 * em - 242699.48 * eccsq + 115605.82 * eoc;
        }
        const double sini2 = sinim * sinim;
        const double f220 = 0.75 * (1.0 + 2.0 * cosim + cosisq);
        const double f221 = 1.5 * sini2;
        const double f321 = 1.875 * sinim * (1.0 - 2.0 * cosim - 3.0 * cosisq);
        const double f322 = -1.875 * sinim * (1.0 + 2.0 * cosim - 3.0 * cosisq);
        const double f441 = 35.0 * sini2 * f220;
        const double f442 = 39.3750 * sini2 * sini2;
        const double f522 = 9.84375 * sinim *
                            (sini2 * (1.0 - 2.0 * cosim - 5.0 * cosisq) +
                             0.33333333 * (-2.0 + 4.0 * cosim + 6.0 * cosisq));
        const double f523 = sinim * (4.92187512 * sini2 * (-2.0 - 4.0 * cosim + 10.0 * cosisq) +
                                     6.56250012 * (1.0 + 2.0 * cosim - 3.0 * cosisq));
        const double f542 =
            29.53125 * sinim * (2.0 - 8.0 * cosim + cosisq * (-12.0 + 8.0 * cosim + 10.0 * cosisq));
        const double f543 =
            29.53125 * sinim * (-2.0 - 8.0 * cosim + cosisq * (12.0 + 8.0 * cosim - 10.0 * cosisq));
        const double xno2 = nm * nm;
        const double ainv2 = aonv * aonv;
        double temp1 = 3.0 * xno2 * ainv2;
        double temp = temp1 * ROOT22;
        s.d2201 = temp * f220 * g201;
        s.d2211 = temp * f221 * g211;
        temp1 = temp1 * aonv;
        temp = temp1 * ROOT32;
        s.d3210 = temp * f321 * g310;
        s.d3222 = temp * f322 * g322;
        temp1 = temp1 * aonv;
        temp = 2.0 * temp1 * ROOT44;
        s.d4410 = temp * f441 * g410;
        s.d4422 = temp * f442 * g422;
        temp1 = temp1 * aonv;
        temp = temp1 * ROOT52;
        s.d5220 = temp * f522 * g520;
        s.d5232 = temp * f523 * g532;
        temp = 2.0 * temp1 * ROOT54;
        s.d5421 = temp * f542 * g521;
        s.d5433 = temp * f543 * g533;
        s.xlamo = std::fmod(m_mo + m_nodeo + m_nodeo - theta - theta, TWO_PI);
        s.xfact = m_mdot + s.dmdt + 2.0 * (m_nodedot + s.dnodt - RPTIM) - m_noUnkozai;
    }
    else
    {
        const double g200 = 1.0 + emsq * (-2.5 + 0.8125 * emsq);
        const double g310 = 1.0 + 2.0 * emsq;
        const double g300 = 1.0 + emsq * (-6.0 + 6.60937 * emsq);
        const double f220 = 0.75 * (1.0 + cosim) * (1.0 + cosim);
        const double f311 = 0.9375 * sinim * sinim * (1.0 + 3.0 * cosim) - 0.75 * (1.0 + cosim);
        double f330 = 1.0 + cosim;
        f330 = 1.875 * f330 * f330 * f330;
        s.del1 = 3.0 * nm * nm * aonv * aonv;
        s.del2 = 2.0 * s.del1 * f220 * g200 * Q22;
        s.del3 = 3.0 * s.del1 * f330 * g300 * Q33 * aonv;
        s.del1 = s.del1 * f311 * g310 * Q31 * aonv;
        s.xlamo = std::fmod(m_mo + m_nodeo + m_argpo - theta, TWO_PI);
        s.xfact = m_mdot + xpidot - RPTIM + s.dmdt + s.domdt + s.dnodt - m_noUnkozai;
    }
}

void
Sgp4Propagator::ApplyLunarSolarPeriodics(double t,
                                         double& ep,
                                         double& inclp,
                                         double& nodep,
                                         double& argpp,
                                         double& mp) const
{
    const LunarSolarPeriodics& p = m_periodics;
    // Solar terms.
    double zm = p.zmos + ZNS * t;
    double zf = zm + 2.0 * ZES * std::sin(zm);
    double sinzf = std::sin(zf);
    double f2 = 0.5 * sinzf * sinzf - 0.25;
    double f3 = -0.5 * sinzf * std::cos(zf);
    const double ses = p.se2 * f2 + p.se3 * f3;
    const double sis = p.si2 * f2 + p.si3 * f3;
    const double sls = p.sl2 * f2 + p.sl3 * f3 + p.sl4 * sinzf;
    const double sghs = p.sgh2 * f2 + p.sgh3 * f3 + p.sgh4 * sinzf;
    const double shs = p.sh2 * f2 + p.sh3 * f3;
    // Lunar terms.
    zm = p.zmol + ZNL * t;
    zf = zm + 2.0 * ZEL * std::sin(zm);
    sinzf = std::sin(zf);
    f2 = 0.5 * sinzf * sinzf - 0.25;
    f3 = -0.5 * sinzf * std::cos(zf);
    const double sel = p.ee2 * f2 + p.e3 * f3;
    const double sil = p.xi2 * f2 + p.xi3 * f3;
    const double sll = p.xl2 * f2 + p.xl3 * f3 + p.xl4 * sinzf;
    const double sghl = p.xgh2 * f2 + p.xgh3 * f3 + p.xgh4 * sinzf;
    const double shll = p.xh2 * f2 + p.xh3 * f3;

    const double pe = ses + sel;
    const double pinc = sis + sil;
    const double pl = sls + sll;
    double pgh = sghs + sghl;
    double ph = shs + shll;
    inclp = inclp + pinc;
    ep = ep + pe;
    const double sinip = std::sin(inclp);
    const double cosip = std::cos(inclp);

    // The Lyddane choice: the GSFC form, with the perturbed inclination, as Vallado keeps it.
    if (inclp >= 0.2)
    {
        ph /= sinip;
        pgh -= cosip * ph;
        argpp += pgh;
        nodep += ph;
        mp += pl;
        return;
    }
    // Low inclination: apply the periodics to the non-singular elements (Lyddane 1963).
    const double sinop = std::sin(nodep);
    const double cosop = std::cos(nodep);
    double alfdp = sinip * sinop;
    double betdp = sinip * cosop;
    const double dalf = ph * cosop + pinc * cosip * sinop;
    const double dbet = -ph * sinop + pinc * cosip * cosop;
    alfdp = alfdp + dalf;
    betdp = betdp + dbet;
    nodep = std::fmod(nodep, TWO_PI);
    const bool afspc = m_mode == Sgp4OperationMode::AFSPC;
    if (nodep < 0.0 && afspc)
    {
        nodep = nodep + TWO_PI;
    }
    const double xls = mp + argpp + pl + pgh + (cosip - pinc * sinip) * nodep;
    const double xnoh = nodep;
    nodep = std::atan2(alfdp, betdp);
    if (nodep < 0.0 && afspc)
    {
        nodep = nodep + TWO_PI;
    }
    if (std::fabs(xnoh - nodep) > PI)
    {
        nodep = nodep < xnoh ? nodep + TWO_PI : nodep - TWO_PI;
    }
    mp += pl;
    argpp = xls - mp - cosip * nodep;
}

void
Sgp4Propagator::ResonanceRates(double atime,
                               double xli,
                               double xni,
                               double& xldot,
                               double& xndt,
                               double& xnddt) const
{
    const DeepSpaceSecular& s = m_secular;
    xldot = xni + s.xfact;
    if (s.irez != 2)
    {
        // Near-synchronous (24 h) resonance.
        xndt = s.del1 * std::sin(xli - FASX2) + s.del2 * std::sin(2.0 * (xli - FASX4)) +
               s.del3 * std::sin(3.0 * (xli - FASX6));
        xnddt = s.del1 * std::cos(xli - FASX2) + 2.0 * s.del2 * std::cos(2.0 * (xli - FASX4)) +
                3.0 * s.del3 * std::cos(3.0 * (xli - FASX6));
    }
    else
    {
        // Half-day resonance of eccentric orbits.
        const double xomi = m_argpo + m_argpdot * atime;
        const double x2omi = xomi + xomi;
        const double x2li = xli + xli;
        xndt = s.d2201 * std::sin(x2omi + xli - G22) + s.d2211 * std::sin(xli - G22) +
               s.d3210 * std::sin(xomi + xli - G32) + s.d3222 * std::sin(-xomi + xli - G32) +
               s.d4410 * std::sin(x2omi + x2li - G44) + s.d4422 * std::sin(x2li - G44) +
               s.d5220 * std::sin(xomi + xli - G52) + s.d5232 * std::sin(-xomi + xli - G52) +
               s.d5421 * std::sin(xomi + x2li - G54) + s.d5433 * std::sin(-xomi + x2li - G54);
        xnddt =
            s.d2201 * std::cos(x2omi + xli - G22) + s.d2211 * std::cos(xli - G22) +
            s.d3210 * std::cos(xomi + xli - G32) + s.d3222 * std::cos(-xomi + xli - G32) +
            s.d5220 * std::cos(xomi + xli - G52) + s.d5232 * std::cos(-xomi + xli - G52) +
            2.0 * (s.d4410 * std::cos(x2omi + x2li - G44) + s.d4422 * std::cos(x2li - G44) +
                   s.d5421 * std::cos(xomi + x2li - G54) + s.d5433 * std::cos(-xomi + x2li - G54));
    }
    xnddt = xnddt * xldot;
}

double
Sgp4Propagator::IntegrateResonance(double t,
                                   double& xli,
                                   double& xni,
                                   double& xldot,
                                   double& xndt,
                                   double& xnddt) const
{
    std::lock_guard<std::mutex> lock(m_cache.mutex);
    double atime = m_cache.atime;
    // Vallado restarts from epoch unless t lies beyond the last step on the same side; the
    // steps are the same either way, so the result does not depend on earlier calls.
    if (atime == 0.0 || t * atime <= 0.0 || std::fabs(t) < std::fabs(atime))
    {
        atime = 0.0;
        xni = m_noUnkozai;
        xli = m_secular.xlamo;
    }
    else
    {
        xni = m_cache.xni;
        xli = m_cache.xli;
    }
    const double delt = t > 0.0 ? STEPP : STEPN;
    while (true)
    {
        ResonanceRates(atime, xli, xni, xldot, xndt, xnddt);
        if (std::fabs(t - atime) < STEPP)
        {
            break;
        }
        // Euler-Maclaurin step of 720 minutes.
        xli = xli + xldot * delt + xndt * STEP2;
        xni = xni + xndt * delt + xnddt * STEP2;
        atime = atime + delt;
    }
    m_cache.atime = atime;
    m_cache.xli = xli;
    m_cache.xni = xni;
    return t - atime;
}

void
Sgp4Propagator::ApplyDeepSpaceSecular(double t,
                                      double& em,
                                      double& argpm,
                                      double& inclm,
                                      double& mm,
                                      double& nodem,
                                      double& nm) const
{
    const DeepSpaceSecular& s = m_secular;
    const double theta = std::fmod(s.gsto + t * RPTIM, TWO_PI);
    em = em + s.dedt * t;
    inclm = inclm + s.didt * t;
    argpm = argpm + s.domdt * t;
    nodem = nodem + s.dnodt * t;
    mm = mm + s.dmdt * t;
    if (s.irez == 0)
    {
        return;
    }
    double xli;
    double xni;
    double xldot;
    double xndt;
    double xnddt;
    const double ft = IntegrateResonance(t, xli, xni, xldot, xndt, xnddt);
    nm = xni + xndt * ft + xnddt * ft * ft * 0.5;
    const double xl = xli + xldot * ft + xndt * ft * ft * 0.5;
    if (s.irez != 1)
    {
        mm = xl - 2.0 * nodem + 2.0 * theta;
    }
    else
    {
        mm = xl - nodem - argpm + theta;
    }
    const double dndt = nm - m_noUnkozai;
    nm = m_noUnkozai + dndt;
}

Sgp4State
Sgp4Propagator::Propagate(double minutesSinceEpoch) const
{
    if (!std::isfinite(minutesSinceEpoch))
    {
        return Failure(Sgp4Error::INVALID_TIME);
    }
    const GravityConstants& k = m_constants;
    const double t = minutesSinceEpoch;

    // Secular gravity and atmospheric drag.
    const double xmdf = m_mo + m_mdot * t;
    const double argpdf = m_argpo + m_argpdot * t;
    const double nodedf = m_nodeo + m_nodedot * t;
    double argpm = argpdf;
    double mm = xmdf;
    const double t2 = t * t;
    double nodem = nodedf + m_nodecf * t2;
    double tempa = 1.0 - m_cc1 * t;
    double tempe = m_bstar * m_cc4 * t;
    double templ = m_t2cof * t2;
    if (!m_simplified)
    {
        const double delomg = m_omgcof * t;
        const double delmtemp = 1.0 + m_eta * std::cos(xmdf);
        const double delm = m_xmcof * (delmtemp * delmtemp * delmtemp - m_delmo);
        const double temp = delomg + delm;
        mm = xmdf + temp;
        argpm = argpdf - temp;
        const double t3 = t2 * t;
        const double t4 = t3 * t;
        tempa = tempa - m_d2 * t2 - m_d3 * t3 - m_d4 * t4;
        tempe = tempe + m_bstar * m_cc5 * (std::sin(mm) - m_sinmao);
        templ = templ + m_t3cof * t3 + t4 * (m_t4cof + t * m_t5cof);
    }
    double nm = m_noUnkozai;
    double em = m_ecco;
    double inclm = m_inclo;
    if (m_deepSpace)
    {
        ApplyDeepSpaceSecular(t, em, argpm, inclm, mm, nodem, nm);
    }
    if (nm <= 0.0)
    {
        return Failure(Sgp4Error::MEAN_MOTION);
    }
    const double am = std::pow(k.xke / nm, X2O3) * tempa * tempa;
    nm = k.xke / std::pow(am, 1.5);
    em = em - tempe;
    if (em >= 1.0 || em < -0.001)
    {
        return Failure(Sgp4Error::MEAN_ECCENTRICITY);
    }
    if (em < 1.0e-6)
    {
        em = 1.0e-6; // keeps the divisions below finite
    }
    mm = mm + m_noUnkozai * templ;
    double xlm = mm + argpm + nodem;
    nodem = std::fmod(nodem, TWO_PI);
    argpm = std::fmod(argpm, TWO_PI);
    xlm = std::fmod(xlm, TWO_PI);
    mm = std::fmod(xlm - argpm - nodem, TWO_PI);

    // Lunar-solar periodics (deep space).
    double ep = em;
    double xincp = inclm;
    double argpp = argpm;
    double nodep = nodem;
    double mp = mm;
    double sinip = std::sin(inclm);
    double cosip = std::cos(inclm);
    double aycof = m_aycof;
    double xlcof = m_xlcof;
    double con41 = m_con41;
    double x1mth2 = m_x1mth2;
    double x7thm1 = m_x7thm1;
    if (m_deepSpace)
    {
        ApplyLunarSolarPeriodics(t, ep, xincp, nodep, argpp, mp);
        if (xincp < 0.0)
        {
            xincp = -xincp;
            nodep = nodep + PI;
            argpp = argpp - PI;
        }
        if (ep < 0.0 || ep > 1.0)
        {
            return Failure(Sgp4Error::PERTURBED_ECCENTRICITY);
        }
        // Long-period coefficients with the perturbed inclination.
        sinip = std::sin(xincp);
        cosip = std::cos(xincp);
        aycof = -0.5 * k.j3oj2 * sinip;
        const double divisor = std::fabs(cosip + 1.0) > 1.5e-12 ? 1.0 + cosip : TEMP4;
        xlcof = -0.25 * k.j3oj2 * sinip * (3.0 + 5.0 * cosip) / divisor;
    }

    // Long-period periodics.
    const double axnl = ep * std::cos(argpp);
    double temp = 1.0 / (am * (1.0 - ep * ep));
    const double aynl = ep * std::sin(argpp) + temp * aycof;
    const double xl = mp + argpp + nodep + temp * xlcof * axnl;

    // Kepler's equation for the eccentric longitude, Newton steps limited to 0.95 rad.
    const double u = std::fmod(xl - nodep, TWO_PI);
    double eo1 = u;
    double tem5 = 9999.9;
    double sineo1 = 0;
    double coseo1 = 0;
    for (int ktr = 1; std::fabs(tem5) >= 1.0e-12 && ktr <= 10; ++ktr)
    {
        sineo1 = std::sin(eo1);
        coseo1 = std::cos(eo1);
        tem5 = 1.0 - coseo1 * axnl - sineo1 * aynl;
        tem5 = (u - aynl * coseo1 + axnl * sineo1 - eo1) / tem5;
        if (std::fabs(tem5) >= 0.95)
        {
            tem5 = tem5 > 0.0 ? 0.95 : -0.95;
        }
        eo1 = eo1 + tem5;
    }

    // Short-period preliminary quantities.
    const double ecose = axnl * coseo1 + aynl * sineo1;
    const double esine = axnl * sineo1 - aynl * coseo1;
    const double el2 = axnl * axnl + aynl * aynl;
    const double pl = am * (1.0 - el2);
    if (pl < 0.0)
    {
        return Failure(Sgp4Error::SEMI_LATUS_RECTUM);
    }
    const double rl = am * (1.0 - ecose);
    const double rdotl = std::sqrt(am) * esine / rl;
    const double rvdotl = std::sqrt(pl) / rl;
    const double betal = std::sqrt(1.0 - el2);
    temp = esine / (1.0 + betal);
    const double sinu = am / rl * (sineo1 - aynl - axnl * temp);
    const double cosu = am / rl * (coseo1 - axnl + aynl * temp);
    double su = std::atan2(sinu, cosu);
    const double sin2u = (cosu + cosu) * sinu;
    const double cos2u = 1.0 - 2.0 * sinu * sinu;
    temp = 1.0 / pl;
    const double temp1 = 0.5 * k.j2 * temp;
    const double temp2 = temp1 * temp;

    // Short-period periodics.
    if (m_deepSpace)
    {
        const double cosisq = cosip * cosip;
        con41 = 3.0 * cosisq - 1.0;
        x1mth2 = 1.0 - cosisq;
        x7thm1 = 7.0 * cosisq - 1.0;
    }
    const double mrt = rl * (1.0 - 1.5 * temp2 * betal * con41) + 0.5 * temp1 * x1mth2 * cos2u;
    su = su - 0.25 * temp2 * x7thm1 * sin2u;
    const double xnode = nodep + 1.5 * temp2 * cosip * sin2u;
    const double xinc = xincp + 1.5 * temp2 * cosip * sinip * cos2u;
    const double mvt = rdotl - nm * temp1 * x1mth2 * sin2u / k.xke;
    const double rvdot = rvdotl + nm * temp1 * (x1mth2 * cos2u + 1.5 * con41) / k.xke;

    // Orientation vectors, position and velocity.
    const double sinsu = std::sin(su);
    const double cossu = std::cos(su);
    const double snod = std::sin(xnode);
    const double cnod = std::cos(xnode);
    const double sini = std::sin(xinc);
    const double cosi = std::cos(xinc);
    const double xmx = -snod * cosi;
    const double xmy = cnod * cosi;
    const double ux = xmx * sinsu + cnod * cossu;
    const double uy = xmy * sinsu + snod * cossu;
    const double uz = sini * sinsu;
    const double vx = xmx * cossu - cnod * sinsu;
    const double vy = xmy * cossu - snod * sinsu;
    const double vz = sini * cossu;
    const double vkmpersec = k.radius * k.xke / 60.0;
    const double mr = mrt * k.radius;

    Sgp4State state;
    state.position = {mr * ux, mr * uy, mr * uz};
    state.velocity = {(mvt * ux + rvdot * vx) * vkmpersec,
                      (mvt * uy + rvdot * vy) * vkmpersec,
                      (mvt * uz + rvdot * vz) * vkmpersec};
    if (mrt < 1.0)
    {
        state.error = Sgp4Error::DECAYED;
    }
    return state;
}

double
Sgp4Propagator::GetEpochJulianDate() const
{
    return m_epochJulianDate;
}

uint32_t
Sgp4Propagator::GetCatalogNumber() const
{
    return m_catalogNumber;
}

bool
Sgp4Propagator::IsDeepSpace() const
{
    return m_deepSpace;
}

double
Sgp4Propagator::GetPeriod() const
{
    return TWO_PI / m_noUnkozai * 60.0;
}

Sgp4GravityModel
Sgp4Propagator::GetGravityModel() const
{
    return m_gravity;
}

Sgp4OperationMode
Sgp4Propagator::GetOperationMode() const
{
    return m_mode;
}

} // namespace sagin
} // namespace ns3
