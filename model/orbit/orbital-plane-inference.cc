// SPDX-License-Identifier: GPL-2.0-only

#include "orbital-plane-inference.h"

#include "ns3/geodesy.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

namespace
{

constexpr double DEGREES_PER_RADIAN = 180.0 / M_PI;

/// What every message ends with: the way out when there is no +Grid to infer.
const std::string LINK_YOURSELF = "link the satellites yourself with IslHelper::Install";

/** Osculating elements of one satellite. */
struct Elements
{
    double altitude;           //!< semi-major axis less the WGS-84 equatorial radius (m)
    double inclination;        //!< (degrees)
    double raan;               //!< right ascension of the ascending node, [0, 360) (degrees)
    double argumentOfLatitude; //!< [0, 360) (degrees)
};

/** One plane of a shell while it is numbered. */
struct Plane
{
    double raan;                   //!< mean RAAN of its satellites, [0, 360) (degrees)
    std::vector<uint32_t> members; //!< satellite indices, in slot order once numbered
};

/**
 * \param angle (degrees)
 * \return the angle in [0, 360) (degrees)
 */
double
Wrap360(double angle)
{
    const double wrapped = std::fmod(angle, 360.0) + (angle < 0 ? 360.0 : 0.0);
    return wrapped >= 360.0 ? 0.0 : wrapped;
}

/**
 * \param angle (degrees)
 * \return the angle in [-180, 180) (degrees)
 */
double
Wrap180(double angle)
{
    return Wrap360(angle + 180.0) - 180.0;
}

/**
 * \param value a number
 * \param decimals digits after the point
 * \return the number in fixed notation
 */
std::string
Fixed(double value, int decimals = 1)
{
    std::ostringstream text;
    text.setf(std::ios::fixed);
    text.precision(decimals);
    text << value;
    return text.str();
}

/**
 * \param angle an angle in [0, 360) (degrees)
 * \return it with one decimal, 359.96 written as 0.0
 */
std::string
Angle(double angle)
{
    const std::string text = Fixed(angle);
    return text == "360.0" ? "0.0" : text;
}

/**
 * \param a a vector
 * \param b another
 * \return a x b
 */
Vector
Cross(const Vector& a, const Vector& b)
{
    return Vector(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x);
}

/**
 * \param a a vector
 * \param b another
 * \return a . b
 */
double
Dot(const Vector& a, const Vector& b)
{
    return a.x * b.x + a.y * b.y + a.z * b.z;
}

/**
 * \param state inertial position (m) and velocity (m/s)
 * \param equatorialTolerance inclination below which (or above 180 less which) an orbit has
 *        no usable node line (degrees)
 * \param name the satellite, for messages
 * \return its osculating elements; std::invalid_argument if it is not on a closed orbit
 */
Elements
ComputeElements(const OrbitState& state, double equatorialTolerance, const std::string& name)
{
    const Vector& r = state.position;
    const Vector& v = state.velocity;
    const Vector h = Cross(r, v); // specific angular momentum (m^2/s)
    const double hLength = h.GetLength();
    const double energy = 0.5 * Dot(v, v) - WGS84_GM / r.GetLength(); // specific energy (J/kg)
    if (!std::isfinite(energy) || !(hLength > 0) || energy >= 0)
    {
        std::ostringstream msg;
        msg << "cannot infer +Grid planes: " << name << " is not on a closed orbit (position " << r
            << " m, velocity " << v << " m/s); remove it, or " << LINK_YOURSELF;
        throw std::invalid_argument(msg.str());
    }
    Elements elements;
    elements.altitude = -WGS84_GM / (2 * energy) - WGS84_SEMI_MAJOR_AXIS;
    elements.inclination = std::acos(std::clamp(h.z / hLength, -1.0, 1.0)) * DEGREES_PER_RADIAN;
    // The node line is z x h. Near the equator it turns with every perturbation, so there the
    // phase is measured from the x axis (true longitude) and all orbits share one plane.
    Vector node(-h.y, h.x, 0);
    elements.raan = Wrap360(std::atan2(node.y, node.x) * DEGREES_PER_RADIAN);
    if (elements.inclination < equatorialTolerance ||
        elements.inclination > 180.0 - equatorialTolerance)
    {
        node = Vector(1, 0, 0);
        elements.raan = 0;
    }
    // Angle from the node to r, positive along the motion (about h).
    elements.argumentOfLatitude =
        Wrap360(std::atan2(Dot(Cross(node, r), h) / hLength, Dot(node, r)) * DEGREES_PER_RADIAN);
    return elements;
}

/**
 * Sort satellites by a key and cut the sequence where neighbours are more than tolerance
 * apart.
 * \param members the satellites' indices
 * \param key a satellite's key
 * \param tolerance the widest gap inside one group (key units)
 * \param circle the keys are angles in [0, 360) degrees: the sequence starts after the widest
 *        gap on the circle, and the result is empty when no gap on the circle exceeds tolerance
 * \return the groups, each in key order
 */
std::vector<std::vector<uint32_t>>
SplitAtGaps(std::vector<uint32_t> members,
            const std::function<double(uint32_t)>& key,
            double tolerance,
            bool circle)
{
    std::sort(members.begin(), members.end(), [&](uint32_t a, uint32_t b) {
        return key(a) < key(b) || (key(a) == key(b) && a < b);
    });
    const auto gap = [&](size_t k) {
        const double difference = key(members[k]) - key(members[k - 1]);
        return circle ? Wrap360(difference) : difference;
    };
    if (circle && members.size() > 1)
    {
        // From the last back round to the first: 360 degrees when all keys are equal.
        size_t widest = 0;
        double widestGap = key(members.front()) + 360.0 - key(members.back());
        for (size_t k = 1; k < members.size(); ++k)
        {
            if (gap(k) > widestGap)
            {
                widest = k;
                widestGap = gap(k);
            }
        }
        if (widestGap <= tolerance)
        {
            return {};
        }
        std::rotate(members.begin(), members.begin() + widest, members.end());
    }
    std::vector<std::vector<uint32_t>> groups;
    for (size_t k = 0; k < members.size(); ++k)
    {
        if (k == 0 || gap(k) > tolerance)
        {
            groups.emplace_back();
        }
        groups.back().push_back(members[k]);
    }
    return groups;
}

/**
 * \param previous phases of one plane's slots, in slot order (degrees)
 * \param next phases of the next plane's satellites, in phase order (degrees)
 * \return the rotation r for which slot s of the next plane is its satellite (s + r) mod S:
 *         the one with the smallest summed wrapped phase difference to previous
 */
size_t
BestRotation(const std::vector<double>& previous, const std::vector<double>& next)
{
    size_t best = 0;
    double bestCost = INFINITY;
    for (size_t r = 0; r < next.size(); ++r)
    {
        double cost = 0;
        for (size_t s = 0; s < previous.size(); ++s)
        {
            cost += std::abs(Wrap180(next[(s + r) % next.size()] - previous[s]));
        }
        if (cost < bestCost)
        {
            best = r;
            bestCost = cost;
        }
    }
    return best;
}

/**
 * Split one shell into planes, check that they form a +Grid, and number planes and slots.
 * \param members indices of the shell's satellites
 * \param elements every satellite's elements
 * \param tolerances the tolerances
 * \param names every satellite's name, for messages
 * \param shellIndex the shell's index in the result
 * \param satellites the result, one per satellite: the members' entries are filled
 * \return the shell
 */
WalkerShell
InferShell(const std::vector<uint32_t>& members,
           const std::vector<Elements>& elements,
           const PlaneInferenceTolerances& tolerances,
           const std::vector<std::string>& names,
           uint32_t shellIndex,
           std::vector<WalkerSatellite>& satellites)
{
    WalkerShell shell;
    shell.altitude = 0;
    shell.inclination = 0;
    for (uint32_t i : members)
    {
        shell.altitude += elements[i].altitude / members.size();
        shell.inclination += elements[i].inclination / members.size();
    }
    const std::string where = "the shell at " + Fixed(shell.inclination) + " deg inclination and " +
                              Fixed(shell.altitude / 1e3, 0) + " km altitude (" +
                              std::to_string(members.size()) + " satellites)";
    const std::string prefix = "cannot infer +Grid planes: ";
    if (members.size() == 1)
    {
        throw std::invalid_argument(
            prefix + names[members[0]] + " shares its shell (" + Fixed(shell.inclination) +
            " deg inclination, " + Fixed(shell.altitude / 1e3, 0) +
            " km altitude) with no other satellite, so a +Grid has nothing to link it to; "
            "remove it, widen PlaneInferenceTolerances, or " +
            LINK_YOURSELF);
    }

    // Planes: groups on the RAAN circle.
    const auto raanOf = [&](uint32_t i) { return elements[i].raan; };
    const std::vector<std::vector<uint32_t>> groups =
        SplitAtGaps(members, raanOf, tolerances.raanGap, true);
    if (groups.empty())
    {
        throw std::invalid_argument(
            prefix + "the satellites of " + where +
            " spread over every RAAN with no gap wider than " + Fixed(tolerances.raanGap) +
            " deg, so they do not fall into separated planes; " + LINK_YOURSELF);
    }
    std::vector<Plane> planes;
    for (const std::vector<uint32_t>& group : groups)
    {
        const double first = raanOf(group.front());
        const double spread = Wrap360(raanOf(group.back()) - first);
        if (spread > tolerances.raanGap)
        {
            throw std::invalid_argument(
                prefix + where + " has " + std::to_string(group.size()) +
                " satellites spread over RAAN " + Angle(first) + " to " +
                Angle(Wrap360(first + spread)) + " deg, wider than the " +
                Fixed(tolerances.raanGap) +
                " deg a plane may span, with no gap between them wider than that: they do not "
                "fall into clearly separated planes; widen PlaneInferenceTolerances::raanGap if "
                "they are one plane, or " +
                LINK_YOURSELF);
        }
        double offset = 0; // mean RAAN east of the first (degrees)
        for (uint32_t i : group)
        {
            offset += Wrap360(raanOf(i) - first) / group.size();
        }
        planes.push_back({Wrap360(first + offset), group});
    }
    std::sort(planes.begin(), planes.end(), [](const Plane& a, const Plane& b) {
        return a.raan < b.raan;
    });

    // Slots: in phase order, no two satellites at one phase.
    const auto phaseOf = [&](uint32_t i) { return elements[i].argumentOfLatitude; };
    for (Plane& plane : planes)
    {
        std::sort(plane.members.begin(), plane.members.end(), [&](uint32_t a, uint32_t b) {
            return phaseOf(a) < phaseOf(b);
        });
        const size_t n = plane.members.size();
        const double evenSpacing = 360.0 / n;
        for (size_t k = 0; n > 1 && k < n; ++k)
        {
            const uint32_t a = plane.members[k];
            const uint32_t b = plane.members[(k + 1) % n];
            const double gap = Wrap360(phaseOf(b) - phaseOf(a));
            if (gap < evenSpacing / 2)
            {
                throw std::invalid_argument(
                    prefix + names[a] + " and " + names[b] + " are " + Fixed(gap, 2) +
                    " deg apart in argument of latitude in the plane at RAAN " + Angle(plane.raan) +
                    " deg of " + where + ", less than half the even spacing of its " +
                    std::to_string(n) + " satellites (" + Fixed(evenSpacing) +
                    " deg): two satellites at one phase; remove one, or " + LINK_YOURSELF);
            }
        }
    }

    // Equal planes: every plane holds as many satellites as most planes do.
    std::map<size_t, uint32_t> planesOfSize;
    for (const Plane& plane : planes)
    {
        ++planesOfSize[plane.members.size()];
    }
    const auto usual = std::max_element(planesOfSize.begin(),
                                        planesOfSize.end(),
                                        [](const auto& a, const auto& b) {
                                            return a.second < b.second ||
                                                   (a.second == b.second && a.first < b.first);
                                        });
    const uint32_t planeCount = planes.size();
    const uint32_t satsPerPlane = usual->first;
    for (const Plane& plane : planes)
    {
        if (plane.members.size() != satsPerPlane)
        {
            throw std::invalid_argument(
                prefix + where + " has a plane at RAAN " + Angle(plane.raan) + " deg with " +
                std::to_string(plane.members.size()) + " satellites, but " +
                std::to_string(usual->second) + " of its " + std::to_string(planeCount) +
                " planes have " + std::to_string(satsPerPlane) +
                ": a +Grid needs planes of equal size; remove the incomplete plane (or add its "
                "missing satellites), or " +
                LINK_YOURSELF);
        }
    }

    // Pattern: a star leaves its seam (the widest gap) empty; the rest evenly spaced.
    size_t first = 0;
    if (planeCount > 1)
    {
        std::vector<double> gaps; // gaps[k]: from plane k east to plane k + 1 (degrees)
        for (uint32_t k = 0; k < planeCount; ++k)
        {
            gaps.push_back(Wrap360(planes[(k + 1) % planeCount].raan - planes[k].raan));
        }
        const size_t seam = std::max_element(gaps.begin(), gaps.end()) - gaps.begin();
        shell.pattern =
            gaps[seam] > 180.0 + 90.0 / planeCount ? WalkerShell::STAR : WalkerShell::DELTA;
        const bool star = shell.pattern == WalkerShell::STAR;
        const double spacing = star ? (360.0 - gaps[seam]) / (planeCount - 1) : 360.0 / planeCount;
        // The gap furthest from the spacing (apart from a star's seam) names a missing plane.
        size_t worst = star ? (seam + 1) % planeCount : 0;
        for (size_t k = 0; k < planeCount; ++k)
        {
            if ((!star || k != seam) &&
                std::abs(gaps[k] - spacing) > std::abs(gaps[worst] - spacing))
            {
                worst = k;
            }
        }
        if (std::abs(gaps[worst] - spacing) > tolerances.raanGap)
        {
            throw std::invalid_argument(
                prefix + where + " has planes at RAAN " + Angle(planes[worst].raan) + " and " +
                Angle(planes[(worst + 1) % planeCount].raan) + " deg, " + Fixed(gaps[worst]) +
                " deg apart, where its " + std::to_string(planeCount) + " planes (Walker " +
                (star ? "star" : "delta") + ") would be " + Fixed(spacing) +
                " deg apart: a plane is missing or the planes are not evenly spaced; complete "
                "the shell, or " +
                LINK_YOURSELF);
        }
        if (star)
        {
            first = (seam + 1) % planeCount;
        }
        else
        {
            for (size_t k = 1; k < planeCount; ++k)
            {
                if (std::abs(Wrap180(planes[k].raan)) < std::abs(Wrap180(planes[first].raan)))
                {
                    first = k;
                }
            }
        }
    }
    std::rotate(planes.begin(), planes.begin() + first, planes.end());

    // Slot 0 of plane 0 nearest phase 0; each next plane turned to its nearest neighbours.
    std::vector<double> previous;
    double step = 0; // mean phase step from a plane to the next (degrees)
    for (uint32_t p = 0; p < planeCount; ++p)
    {
        std::vector<uint32_t>& slots = planes[p].members;
        std::vector<double> phases;
        for (uint32_t i : slots)
        {
            phases.push_back(phaseOf(i));
        }
        size_t rotation = 0;
        if (p == 0)
        {
            for (size_t k = 1; k < phases.size(); ++k)
            {
                if (std::abs(Wrap180(phases[k])) < std::abs(Wrap180(phases[rotation])))
                {
                    rotation = k;
                }
            }
        }
        else
        {
            rotation = BestRotation(previous, phases);
        }
        std::rotate(slots.begin(), slots.begin() + rotation, slots.end());
        std::rotate(phases.begin(), phases.begin() + rotation, phases.end());
        for (uint32_t s = 0; p > 0 && s < satsPerPlane; ++s)
        {
            step += Wrap180(phases[s] - previous[s]) / ((planeCount - 1) * satsPerPlane);
        }
        previous = phases;
        for (uint32_t s = 0; s < satsPerPlane; ++s)
        {
            const Elements& e = elements[slots[s]];
            satellites[slots[s]] =
                {shellIndex, p, s, e.altitude, e.inclination, e.raan, e.argumentOfLatitude};
        }
    }
    shell.planes = planeCount;
    shell.satsPerPlane = satsPerPlane;
    // Walker's phase step between planes is F * 360 / T; informative only, as InstallPlusGrid
    // links by slot number.
    const long phasing = std::lround(step / (360.0 / shell.GetTotal()));
    shell.phasing = static_cast<uint32_t>(((phasing % planeCount) + planeCount) % planeCount);
    return shell;
}

} // namespace

void
PlaneInferenceTolerances::Validate() const
{
    const std::pair<const char*, double> checks[] = {{"inclination (degrees)", inclination},
                                                     {"altitude (m)", altitude},
                                                     {"raanGap (degrees)", raanGap}};
    for (const auto& [name, value] : checks)
    {
        if (!(value > 0) || !std::isfinite(value))
        {
            throw std::invalid_argument("PlaneInferenceTolerances::" + std::string(name) + " = " +
                                        std::to_string(value) +
                                        " must be positive and finite; the defaults are 1 "
                                        "degree, 50e3 m and 2 degrees");
        }
    }
}

PlusGridLayout
InferPlusGridLayout(const std::vector<OrbitState>& states,
                    const PlaneInferenceTolerances& tolerances,
                    const std::vector<std::string>& names)
{
    tolerances.Validate();
    if (!names.empty() && names.size() != states.size())
    {
        throw std::invalid_argument("InferPlusGridLayout: " + std::to_string(names.size()) +
                                    " names for " + std::to_string(states.size()) +
                                    " states; give one name per state, or none");
    }
    std::vector<std::string> labels = names;
    std::vector<Elements> elements;
    std::vector<uint32_t> all;
    for (uint32_t i = 0; i < states.size(); ++i)
    {
        if (names.empty())
        {
            labels.push_back("satellite " + std::to_string(i));
        }
        elements.push_back(ComputeElements(states[i], tolerances.inclination, labels[i]));
        all.push_back(i);
    }
    PlusGridLayout layout;
    layout.satellites.resize(states.size());
    const auto inclinationOf = [&](uint32_t i) { return elements[i].inclination; };
    const auto altitudeOf = [&](uint32_t i) { return elements[i].altitude; };
    for (const auto& sameInclination :
         SplitAtGaps(all, inclinationOf, tolerances.inclination, false))
    {
        for (const auto& members :
             SplitAtGaps(sameInclination, altitudeOf, tolerances.altitude, false))
        {
            layout.shells.push_back(InferShell(members,
                                               elements,
                                               tolerances,
                                               labels,
                                               layout.shells.size(),
                                               layout.satellites));
        }
    }
    return layout;
}

} // namespace sagin
} // namespace ns3
