// SPDX-License-Identifier: GPL-2.0-only
//
// The UAV random walk of study C. Positions are read through MobilityModel::GetPosition()
// (ECEF) and converted back with EcefToEnu()/EcefToGeodetic() from the geodesy layer (tested
// against ns-3's GeographicPositions in sagin-geodesy), so the checks do not rely on the
// model's own local accessors. References: the walk's definition (PAPERS.md, study C) and
// closed-form geometry for the curvature of the Earth under a flat service area.

#include "sagin-test-utils.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/geodesy.h"
#include "ns3/node-container.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/rectangle.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uav-mobility-helper.h"
#include "ns3/uav-random-walk-mobility-model.h"
#include "ns3/vector.h"

#include <cmath>
#include <functional>
#include <stdexcept>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{

/** Turin, at the foot of the Alps: a non-trivial origin. */
const GeodeticPosition ORIGIN{45.07, 7.69, 240.0};

/** Rounding of an ENU -> ECEF -> ENU round trip at Earth-radius magnitudes (m). */
constexpr double ROUND_TRIP = 1e-6;

/** One waypoint as observed by the CourseChange trace. */
struct Waypoint
{
    double time; //!< when the slot began (s)
    Vector enu;  //!< position at that time, converted independently from ECEF (m)
};

/**
 * \param attributes name/value pairs to set after the defaults of this file
 * \return a model at ORIGIN
 */
Ptr<UavRandomWalkMobilityModel>
MakeUav(const std::vector<std::pair<std::string, Ptr<AttributeValue>>>& attributes = {})
{
    Ptr<UavRandomWalkMobilityModel> uav = CreateObject<UavRandomWalkMobilityModel>();
    uav->SetAttribute("OriginLatitude", DoubleValue(ORIGIN.latitude));
    uav->SetAttribute("OriginLongitude", DoubleValue(ORIGIN.longitude));
    uav->SetAttribute("OriginAltitude", DoubleValue(ORIGIN.altitude));
    for (const auto& [name, value] : attributes)
    {
        uav->SetAttribute(name, *value);
    }
    return uav;
}

/**
 * Run a walk and record every CourseChange.
 * \param uav the model (not yet initialised)
 * \param slots number of slots to record
 * \param slotSeconds slot length (s)
 * \return one waypoint per CourseChange
 */
std::vector<Waypoint>
Record(Ptr<UavRandomWalkMobilityModel> uav, int slots, double slotSeconds)
{
    std::vector<Waypoint> waypoints;
    const std::function<void(Ptr<const MobilityModel>)> record =
        [&waypoints](Ptr<const MobilityModel> model) {
            waypoints.push_back(
                {Simulator::Now().GetSeconds(), EcefToEnu(ORIGIN, model->GetPosition())});
        };
    uav->TraceConnectWithoutContext("CourseChange",
                                    Callback<void, Ptr<const MobilityModel>>(record));
    // Aggregated to a node, the model starts walking when the node is initialised at time 0.
    Ptr<Node> node = CreateObject<Node>();
    node->AggregateObject(uav);
    Simulator::Stop(Seconds((slots - 0.5) * slotSeconds));
    Simulator::Run();
    Simulator::Destroy();
    return waypoints;
}

} // namespace

/**
 * \ingroup sagin-tests
 * Thousands of slots in a small area: inside Bounds at height H, steps within MaxStep, one
 * CourseChange per slot, step statistics of U[-MaxStep, MaxStep].
 */
class UavWalkBoundsTestCase : public TestCase
{
  public:
    /**
     * \param bounds service area (m)
     * \param maxStep xy_max (m)
     * \param slots slots to simulate
     */
    UavWalkBoundsTestCase(Rectangle bounds, double maxStep, int slots)
        : TestCase("bounded walk in " + std::to_string(int(bounds.xMax - bounds.xMin)) + " x " +
                   std::to_string(int(bounds.yMax - bounds.yMin)) + " m, MaxStep " +
                   std::to_string(int(maxStep)) + " m"),
          m_bounds(bounds),
          m_maxStep(maxStep),
          m_slots(slots)
    {
    }

  private:
    void DoRun() override
    {
        const double height = 100.0;
        const double slot = 0.5;
        Ptr<UavRandomWalkMobilityModel> uav =
            MakeUav({{"Bounds", Create<RectangleValue>(m_bounds)},
                     {"MaxStep", Create<DoubleValue>(m_maxStep)},
                     {"Height", Create<DoubleValue>(height)},
                     {"SlotDuration", Create<TimeValue>(Seconds(slot))}});
        uav->AssignStreams(11);
        const std::vector<Waypoint> waypoints = Record(uav, m_slots, slot);

        NS_TEST_ASSERT_MSG_EQ(waypoints.size(), size_t(m_slots), "one CourseChange per slot");
        int outside = 0;
        int offPlane = 0;
        int lateOrEarly = 0;
        int tooLong = 0;
        int onEdge = 0;
        int interiorSteps = 0;
        double sumAbsStep = 0;
        for (size_t k = 0; k < waypoints.size(); ++k)
        {
            const Vector& p = waypoints[k].enu;
            outside += p.x < m_bounds.xMin - ROUND_TRIP || p.x > m_bounds.xMax + ROUND_TRIP ||
                       p.y < m_bounds.yMin - ROUND_TRIP || p.y > m_bounds.yMax + ROUND_TRIP;
            offPlane += std::abs(p.z - height) > ROUND_TRIP;
            lateOrEarly += std::abs(waypoints[k].time - k * slot) > 1e-9;
            const bool edge = std::abs(p.x - m_bounds.xMin) < ROUND_TRIP ||
                              std::abs(p.x - m_bounds.xMax) < ROUND_TRIP ||
                              std::abs(p.y - m_bounds.yMin) < ROUND_TRIP ||
                              std::abs(p.y - m_bounds.yMax) < ROUND_TRIP;
            onEdge += edge;
            if (k > 0)
            {
                const double dx = p.x - waypoints[k - 1].enu.x;
                const double dy = p.y - waypoints[k - 1].enu.y;
                tooLong +=
                    std::abs(dx) > m_maxStep + ROUND_TRIP || std::abs(dy) > m_maxStep + ROUND_TRIP;
                if (!edge)
                {
                    ++interiorSteps;
                    sumAbsStep += std::abs(dx);
                }
            }
        }
        NS_TEST_EXPECT_MSG_EQ(outside, 0, "waypoints outside Bounds");
        NS_TEST_EXPECT_MSG_EQ(offPlane, 0, "waypoints not at height H in the ENU frame");
        NS_TEST_EXPECT_MSG_EQ(lateOrEarly, 0, "CourseChange not at a slot boundary");
        NS_TEST_EXPECT_MSG_EQ(tooLong, 0, "steps longer than MaxStep along east or north");
        // The bounds check must have been exercised: a small area is hit often.
        const double area = (m_bounds.xMax - m_bounds.xMin) * (m_bounds.yMax - m_bounds.yMin);
        if (area < 1e4)
        {
            NS_TEST_EXPECT_MSG_GT(onEdge, m_slots / 100, "the walk reaches the edges");
        }
        // Unclamped steps are U[-MaxStep, MaxStep]: E|dx| = MaxStep / 2, standard deviation of
        // |dx| MaxStep / sqrt(12); the tolerance is 5 standard errors of the mean.
        NS_TEST_ASSERT_MSG_GT(interiorSteps, 1000, "enough unclamped steps");
        const double tolerance = 5.0 * m_maxStep / std::sqrt(12.0 * interiorSteps);
        NS_TEST_EXPECT_MSG_EQ_TOL(sumAbsStep / interiorSteps,
                                  m_maxStep / 2,
                                  tolerance,
                                  "mean |step| of U[-MaxStep, MaxStep]");
    }

    Rectangle m_bounds; //!< service area (m)
    double m_maxStep;   //!< xy_max (m)
    int m_slots;        //!< slots to simulate
};

/**
 * \ingroup sagin-tests
 * Within a slot the UAV flies straight at constant velocity: the position is continuous at
 * slot boundaries, the mid-slot position is the mean of the waypoints, and the ECEF velocity
 * is the waypoint difference over the slot.
 */
class UavWalkContinuityTestCase : public TestCase
{
  public:
    UavWalkContinuityTestCase()
        : TestCase("continuous position, constant velocity within a slot")
    {
    }

  private:
    /** A position probe. */
    struct Probe
    {
        Vector ecef;     //!< GetPosition() (m)
        Vector velocity; //!< GetVelocity() (m/s)
    };

    void DoRun() override
    {
        const double slot = 2.0;
        const int slots = 200;
        Ptr<UavRandomWalkMobilityModel> uav =
            MakeUav({{"Bounds", Create<RectangleValue>(Rectangle(-100, 100, -50, 50))},
                     {"MaxStep", Create<DoubleValue>(25.0)},
                     {"SlotDuration", Create<TimeValue>(Seconds(slot))}});
        uav->AssignStreams(3);
        std::vector<Probe> before(slots);
        std::vector<Probe> after(slots);
        std::vector<Probe> middle(slots);
        std::vector<Vector> waypoints;
        const std::function<void(Ptr<const MobilityModel>)> record =
            [&waypoints](Ptr<const MobilityModel> model) {
                waypoints.push_back(model->GetPosition());
            };
        uav->TraceConnectWithoutContext("CourseChange",
                                        Callback<void, Ptr<const MobilityModel>>(record));
        auto probe = [uav](Probe* into) {
            into->ecef = uav->GetPosition();
            into->velocity = uav->GetVelocity();
        };
        for (int k = 1; k < slots; ++k)
        {
            Probe* b = &before[k];
            Probe* a = &after[k];
            Probe* m = &middle[k];
            Simulator::Schedule(Seconds(k * slot) - NanoSeconds(1), [probe, b]() { probe(b); });
            Simulator::Schedule(Seconds(k * slot) + NanoSeconds(1), [probe, a]() { probe(a); });
            Simulator::Schedule(Seconds((k + 0.5) * slot), [probe, m]() { probe(m); });
        }
        uav->Initialize(); // a model without a node starts walking when initialised
        Simulator::Stop(Seconds((slots + 0.75) * slot));
        Simulator::Run();
        Simulator::Destroy();

        NS_TEST_ASSERT_MSG_EQ(waypoints.size(), size_t(slots + 1), "CourseChange per slot");
        const double maxSpeed = std::sqrt(2.0) * 25.0 / slot;
        double worstJump = 0;
        double worstMiddle = 0;
        double worstVelocity = 0;
        for (int k = 1; k < slots; ++k)
        {
            worstJump = std::max(worstJump, CalculateDistance(before[k].ecef, after[k].ecef));
            // Straight flight in ENU is straight flight in ECEF (the map is affine).
            const Vector sum = waypoints[k] + waypoints[k + 1];
            const Vector mean(sum.x / 2, sum.y / 2, sum.z / 2);
            worstMiddle = std::max(worstMiddle, CalculateDistance(middle[k].ecef, mean));
            const Vector step = waypoints[k + 1] - waypoints[k];
            const Vector expected(step.x / slot, step.y / slot, step.z / slot);
            worstVelocity =
                std::max(worstVelocity, CalculateDistance(middle[k].velocity, expected));
        }
        // 2 ns of flight at the highest speed, plus rounding.
        NS_TEST_EXPECT_MSG_LT(worstJump,
                              2e-9 * maxSpeed + ROUND_TRIP,
                              "no jump across slot boundaries");
        NS_TEST_EXPECT_MSG_LT(worstMiddle, ROUND_TRIP, "mid-slot position is the mean");
        NS_TEST_EXPECT_MSG_LT(worstVelocity, 1e-6, "velocity is step / slot (m/s)");
        // The velocity is horizontal in the ENU frame: no climb.
        const Vector up = EcefToEnu(ORIGIN, GeodeticToEcef(ORIGIN) + middle[slots / 2].velocity);
        NS_TEST_EXPECT_MSG_EQ_TOL(up.z, 0.0, 1e-6, "vertical speed (m/s)");
    }
};

/**
 * \ingroup sagin-tests
 * Streams: the same stream repeats the walk exactly, another stream gives another walk;
 * SetPosition() before the start fixes the first waypoint.
 */
class UavWalkStreamsTestCase : public TestCase
{
  public:
    UavWalkStreamsTestCase()
        : TestCase("reproducible with AssignStreams")
    {
    }

  private:
    void DoRun() override
    {
        auto walk = [](int64_t stream) {
            Ptr<UavRandomWalkMobilityModel> uav = MakeUav();
            const int64_t used = uav->AssignStreams(stream);
            return std::make_pair(used, Record(uav, 300, 1.0));
        };
        const auto [used, a] = walk(42);
        const std::vector<Waypoint> b = walk(42).second;
        const std::vector<Waypoint> c = walk(44).second;
        NS_TEST_EXPECT_MSG_EQ(used, 2, "streams used: the step and the initial position");
        NS_TEST_ASSERT_MSG_EQ(a.size(), b.size(), "same length");
        NS_TEST_ASSERT_MSG_EQ(a.size(), c.size(), "same length");
        int different = 0;
        int differentFromOther = 0;
        for (size_t k = 0; k < a.size(); ++k)
        {
            different += !(a[k].enu == b[k].enu);
            differentFromOther += !(a[k].enu == c[k].enu);
        }
        NS_TEST_EXPECT_MSG_EQ(different, 0, "stream 42 twice: identical waypoints");
        NS_TEST_EXPECT_MSG_EQ(differentFromOther, int(a.size()), "streams 42 and 44 differ");

        // A fixed start: SetPosition() (ECEF) before the walk starts.
        Ptr<UavRandomWalkMobilityModel> uav = MakeUav();
        uav->AssignStreams(42);
        uav->SetPosition(EnuToEcef(ORIGIN, Vector(123.0, 456.0, 7.0)));
        const std::vector<Waypoint> fixed = Record(uav, 2, 1.0);
        NS_TEST_ASSERT_MSG_EQ(fixed.size(), size_t(2), "the walk started");
        NS_TEST_EXPECT_MSG_EQ_TOL(fixed[0].enu.x, 123.0, ROUND_TRIP, "east of the start");
        NS_TEST_EXPECT_MSG_EQ_TOL(fixed[0].enu.y, 456.0, ROUND_TRIP, "north of the start");
        NS_TEST_EXPECT_MSG_EQ_TOL(fixed[0].enu.z, 100.0, ROUND_TRIP, "at Height, not 7 m");

        // A fixed start: InitialPosition.
        uav = MakeUav({{"RandomInitialPosition", Create<BooleanValue>(false)},
                       {"InitialPosition", Create<VectorValue>(Vector(10.0, 990.0, 0.0))}});
        const Vector start = EcefToEnu(ORIGIN, uav->GetPosition());
        NS_TEST_EXPECT_MSG_EQ_TOL(start.x, 10.0, ROUND_TRIP, "InitialPosition east");
        NS_TEST_EXPECT_MSG_EQ_TOL(start.y, 990.0, ROUND_TRIP, "InitialPosition north");
    }
};

/**
 * \ingroup sagin-tests
 * The service area is a plane: its geodetic altitude is the origin's plus H plus the drop of
 * the Earth's surface under it, d^2 / (2 (R + h)) at horizontal distance d, with R between the
 * meridian and prime-vertical radii of curvature (Euler's theorem).
 */
class UavWalkAltitudeTestCase : public TestCase
{
  public:
    UavWalkAltitudeTestCase()
        : TestCase("geodetic altitude: origin altitude + H + Earth curvature")
    {
    }

  private:
    void DoRun() override
    {
        const double height = 100.0;
        const Rectangle bounds(-2000.0, 2000.0, -1500.0, 1500.0);
        Ptr<UavRandomWalkMobilityModel> uav = MakeUav(
            {{"Bounds", Create<RectangleValue>(bounds)}, {"MaxStep", Create<DoubleValue>(200.0)}});
        uav->AssignStreams(5);
        const std::vector<Waypoint> waypoints = Record(uav, 2000, 1.0);
        NS_TEST_ASSERT_MSG_EQ(waypoints.size(), size_t(2000), "slots");

        // Radii of curvature at the origin (m): meridian M and prime vertical N.
        const double a = WGS84_SEMI_MAJOR_AXIS;
        const double e2 = WGS84_FLATTENING * (2.0 - WGS84_FLATTENING);
        const double s = std::sin(ORIGIN.latitude * M_PI / 180.0);
        const double w = std::sqrt(1.0 - e2 * s * s);
        const double m = a * (1.0 - e2) / (w * w * w);
        const double n = a / w;
        const double h = ORIGIN.altitude + height;
        // Over the whole area the tolerance around origin altitude + H is the corner's drop.
        const double dMax = std::hypot(2000.0, 1500.0);
        const double areaTolerance = dMax * dMax / (2.0 * (m + h)); // 0.49 m
        int outsideArea = 0;
        int outsideBand = 0;
        double farthest = 0;
        for (const auto& waypoint : waypoints)
        {
            const Vector ecef = EnuToEcef(ORIGIN, waypoint.enu);
            const double altitude = EcefToGeodetic(ecef).altitude;
            const double excess = altitude - h;
            outsideArea += excess < -1e-4 || excess > areaTolerance + 1e-4;
            const double d2 = waypoint.enu.x * waypoint.enu.x + waypoint.enu.y * waypoint.enu.y;
            farthest = std::max(farthest, std::sqrt(d2));
            // Second-order terms are (d / R)^2 ~ 1e-7 relative; EcefToGeodetic is good to 1e-4 m.
            const double low = d2 / (2.0 * (n + h)) * (1.0 - 1e-4) - 1e-4;
            const double high = d2 / (2.0 * (m + h)) * (1.0 + 1e-4) + 1e-4;
            outsideBand += excess < low || excess > high;
        }
        NS_TEST_EXPECT_MSG_EQ(outsideArea, 0, "altitude within " << areaTolerance << " m");
        NS_TEST_EXPECT_MSG_EQ(outsideBand, 0, "altitude excess d^2 / (2 (R + h))");
        NS_TEST_EXPECT_MSG_GT(farthest, 1000.0, "the walk went far enough to see curvature");
    }
};

/**
 * \ingroup sagin-tests
 * Bad attribute values and positions are refused with a message naming them.
 */
class UavWalkBadInputTestCase : public TestCase
{
  public:
    UavWalkBadInputTestCase()
        : TestCase("bad attributes and positions")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<UavRandomWalkMobilityModel> uav = MakeUav();
        // The attributes' checkers refuse values out of range, so Config::SetDefault and the
        // command line do too; the setters behind them throw, naming the attribute.
        NS_TEST_EXPECT_MSG_EQ(
            uav->SetAttributeFailSafe("MaxStep", DoubleValue(-1.0)) ||
                uav->SetAttributeFailSafe("SlotDuration", TimeValue(Time(0))) ||
                uav->SetAttributeFailSafe("OriginLatitude", DoubleValue(91.0)) ||
                uav->SetAttributeFailSafe("OriginLongitude", DoubleValue(-181.0)) ||
                uav->SetAttributeFailSafe("Height", DoubleValue(-5.0)),
            false,
            "every checker refuses");
        // One time step below zero: Seconds(-1) trips UBSan inside ns-3's int64x64.
        NS_TEST_EXPECT_MSG_EQ(uav->SetAttributeFailSafe("SlotDuration", TimeValue(Time(-1))),
                              false,
                              "a negative slot refused");
        // Checks across attributes (and the frame's own) stay exceptions naming the attribute.
        std::string message;
        message = MessageOf<std::invalid_argument>(
            [&]() { uav->SetAttribute("Bounds", RectangleValue(Rectangle(10, 0, 0, 10))); });
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "Bounds") && Contains(message, "empty"),
                              true,
                              message);
        message = MessageOf<std::invalid_argument>(
            [&]() { uav->SetAttribute("Bounds", RectangleValue(Rectangle(0, 10, 5, 5))); });
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "Bounds"), true, message);
        // The refused values left the model as it was.
        DoubleValue maxStep;
        uav->GetAttribute("MaxStep", maxStep);
        NS_TEST_EXPECT_MSG_EQ(maxStep.Get(), 10.0, "MaxStep unchanged");

        // MobilityHelper's default allocator puts nodes at (0, 0, 0): the Earth's centre.
        message = MessageOf<std::invalid_argument>([&]() { uav->SetPosition(Vector(0, 0, 0)); });
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "not above Bounds") &&
                                  Contains(message, "Earth's centre"),
                              true,
                              message);
        // With the origin at (0, 0) the Earth's centre lies straight below the corner (0, 0)
        // of the default Bounds: refused for its distance from the flight plane.
        Ptr<UavRandomWalkMobilityModel> equator = CreateObject<UavRandomWalkMobilityModel>();
        message =
            MessageOf<std::invalid_argument>([&]() { equator->SetPosition(Vector(0, 0, 0)); });
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "not above Bounds"), true, message);
        // A geodetic placement at origin altitude + H, 1 km away, is accepted: its drop below
        // the flat flight plane (0.08 m) is ignored and the UAV flies at Height. The normal
        // there leans by 1 km / R = 1.6e-4 rad, so 100 m up along it moves 0.016 m sideways.
        GeodeticPosition point = EcefToGeodetic(EnuToEcef(ORIGIN, Vector(800, 600, 0)));
        point.altitude = ORIGIN.altitude + 100.0;
        uav->SetPosition(GeodeticToEcef(point));
        const Vector placed = EcefToEnu(ORIGIN, uav->GetPosition());
        NS_TEST_EXPECT_MSG_EQ_TOL(placed.x, 800.0, 0.02, "geodetic placement east");
        NS_TEST_EXPECT_MSG_EQ_TOL(placed.y, 600.0, 0.02, "geodetic placement north");
        NS_TEST_EXPECT_MSG_EQ_TOL(placed.z, 100.0, ROUND_TRIP, "flies at Height");
        message = MessageOf<std::invalid_argument>(
            [&]() { uav->SetLocalPosition(Vector(-1.0, 5.0, 0.0)); });
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "outside Bounds"), true, message);

        Ptr<UavRandomWalkMobilityModel> fixed =
            MakeUav({{"RandomInitialPosition", Create<BooleanValue>(false)},
                     {"InitialPosition", Create<VectorValue>(Vector(2000.0, 0.0, 0.0))}});
        message = MessageOf<std::invalid_argument>([&]() { fixed->GetPosition(); });
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "InitialPosition"), true, message);

        // A Step variable that leaves [-1, 1] would break the MaxStep bound.
        Ptr<UavRandomWalkMobilityModel> wide =
            MakeUav({{"Step", Create<StringValue>("ns3::UniformRandomVariable[Min=2.0|Max=3.0]")}});
        bool threw = false;
        try
        {
            wide->Initialize();
        }
        catch (const std::runtime_error& e)
        {
            threw = Contains(e.what(), "outside [-1, 1]");
        }
        NS_TEST_EXPECT_MSG_EQ(threw, true, "a Step variable outside [-1, 1] is refused");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * UavMobilityHelper: one model per node over the service area, streams assigned.
 */
class UavMobilityHelperTestCase : public TestCase
{
  public:
    UavMobilityHelperTestCase()
        : TestCase("UavMobilityHelper installs over the service area")
    {
    }

  private:
    /**
     * \param stream first stream
     * \return the ENU start positions of four UAVs installed with that stream
     */
    std::vector<Vector> StartPositions(int64_t stream)
    {
        NodeContainer uavs;
        uavs.Create(4);
        UavMobilityHelper helper;
        helper.SetServiceArea(ORIGIN, Rectangle(0, 500, 0, 300));
        helper.SetMobilityAttribute("Height", DoubleValue(120.0));
        helper.Install(uavs);
        NS_TEST_EXPECT_MSG_EQ(helper.AssignStreams(uavs, stream), 8, "two streams per UAV");
        std::vector<Vector> positions;
        for (uint32_t i = 0; i < uavs.GetN(); ++i)
        {
            positions.push_back(
                EcefToEnu(ORIGIN, uavs.Get(i)->GetObject<MobilityModel>()->GetPosition()));
        }
        Simulator::Destroy();
        return positions;
    }

    void DoRun() override
    {
        const auto first = StartPositions(100);
        for (const Vector& p : first)
        {
            const bool inside = p.x >= 0 && p.x <= 500 && p.y >= 0 && p.y <= 300;
            NS_TEST_EXPECT_MSG_EQ(inside, true, "inside the service area");
            NS_TEST_EXPECT_MSG_EQ_TOL(p.z, 120.0, ROUND_TRIP, "at the configured height");
        }
        NS_TEST_EXPECT_MSG_GT(CalculateDistance(first[0], first[1]), 0.0, "UAVs start apart");
        const auto again = StartPositions(100);
        const auto other = StartPositions(200);
        NS_TEST_EXPECT_MSG_EQ_TOL(CalculateDistance(first[3], again[3]), 0.0, 0.0, "same streams");
        NS_TEST_EXPECT_MSG_GT(CalculateDistance(first[3], other[3]), 0.0, "other streams");
    }
};

/**
 * \ingroup sagin-tests
 * The UAV mobility TestSuite.
 */
class UavMobilityTestSuite : public TestSuite
{
  public:
    UavMobilityTestSuite()
        : TestSuite("sagin-uav-mobility", Type::UNIT)
    {
        AddTestCase(new UavWalkBoundsTestCase(Rectangle(0, 60, 0, 40), 10.0, 5000));
        AddTestCase(new UavWalkBoundsTestCase(Rectangle(0, 1000, 0, 1000), 10.0, 5000));
        AddTestCase(new UavWalkContinuityTestCase);
        AddTestCase(new UavWalkStreamsTestCase);
        AddTestCase(new UavWalkAltitudeTestCase);
        AddTestCase(new UavWalkBadInputTestCase);
        AddTestCase(new UavMobilityHelperTestCase);
    }
};

static UavMobilityTestSuite g_uavMobilityTestSuite; //!< Static variable for test initialization
