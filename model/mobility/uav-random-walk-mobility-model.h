// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_UAV_RANDOM_WALK_MOBILITY_MODEL_H
#define SAGIN_UAV_RANDOM_WALK_MOBILITY_MODEL_H

#include "ns3/event-id.h"
#include "ns3/geodesy.h"
#include "ns3/mobility-model.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"
#include "ns3/rectangle.h"

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * A UAV flying a bounded random walk at a constant height over a service area (study C:
 * "x += U[-xy_max, xy_max], same for y, kept inside the service area").
 *
 * The service area is a rectangle (Bounds, metres east and north) in the local east-north-up
 * (ENU) frame whose origin is the geodetic point (OriginLatitude, OriginLongitude,
 * OriginAltitude). The UAV flies in the plane `up = Height` of that frame.
 *
 * Motion, slot by slot (SlotDuration): at the start of slot k the UAV is at waypoint P_k.
 * It draws two values u_e, u_n from the Step random variable (east first, then north; by
 * default uniform in [-1, 1]) and sets
 * P_{k+1} = clamp(P_k + MaxStep * (u_e, u_n)) to the Bounds rectangle, so each coordinate
 * moves by at most MaxStep per slot and the UAV never leaves the area (a draw that would
 * cross an edge stops on the edge: clamping, not reflection). During the slot it flies in a
 * straight line from P_k to P_{k+1} at constant velocity (P_{k+1} - P_k) / SlotDuration, so the
 * position is continuous in time and the waypoints at the slot boundaries are exactly the
 * paper's per-slot positions. The CourseChange trace fires once at the start of every slot
 * (and on SetPosition()).
 *
 * Positions and velocities given to ns-3 (GetPosition(), GetVelocity(), SetPosition()) are
 * Earth-centred Earth-fixed (ECEF, metres), the module's single frame for satellites, UAVs
 * and ground nodes, computed with EnuToEcef(). GetLocalPosition() gives the ENU position.
 * SetPosition() uses only the east and north of the given point (the UAV flies at Height)
 * and throws std::invalid_argument for a point outside Bounds or more than 50 km from the
 * flight plane; MobilityHelper's default position allocator, which gives (0, 0, 0), is
 * refused that way: use SetLocalPosition(), InitialPosition, or a ListPositionAllocator
 * of EnuToEcef() points.
 * Note that the plane `up = Height` is flat: over a wide area its geodetic altitude grows by
 * about d^2 / (2 R) at horizontal distance d from the origin (0.08 m at 1 km, 7.8 m at
 * 10 km, R = Earth radius).
 *
 * Initial position: the position given to SetPosition() before the walk starts; otherwise
 * uniformly random inside Bounds (RandomInitialPosition = true, the default; drawn from this
 * model's second stream when the walk starts or the position is first asked for) or
 * InitialPosition (RandomInitialPosition = false). The walk starts when the model is
 * initialised: at time 0 for a model aggregated to a Node before the simulation runs, or
 * by an explicit Initialize().
 *
 * Attribute values out of range (latitude outside [-90, 90] degrees, negative MaxStep or
 * Height, SlotDuration <= 0, empty Bounds) throw std::invalid_argument naming the attribute,
 * the value and the valid range. Set the attributes before the walk starts.
 */
class UavRandomWalkMobilityModel : public MobilityModel
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    UavRandomWalkMobilityModel();
    ~UavRandomWalkMobilityModel() override;

    /**
     * \return the current position in the service area's east-north-up frame (m); z is
     *         Height
     */
    Vector GetLocalPosition() const;

    /**
     * \return the current velocity in the service area's east-north-up frame (m/s); z is 0
     */
    Vector GetLocalVelocity() const;

    /**
     * \return the geodetic origin of the service area's east-north-up frame
     */
    GeodeticPosition GetOrigin() const;

    /**
     * Place the UAV at a point of the service area, given in the east-north-up frame (m;
     * the up component is ignored, the UAV flies at Height). Restarts the current slot
     * from there if the walk has started.
     * Throws std::invalid_argument when the point is outside Bounds.
     * \param enu east and north (m)
     */
    void SetLocalPosition(const Vector& enu);

  private:
    void DoInitialize() override;
    void DoDispose() override;
    Vector DoGetPosition() const override;
    /**
     * \param position an ECEF position (m) above the service area; only its east and north
     *        components in the local frame are used (the UAV flies at Height). Throws
     *        std::invalid_argument when they are outside Bounds or the point is more than
     *        50 km from the flight plane (e.g. MobilityHelper's default (0, 0, 0), the Earth's
     *        centre).
     */
    void DoSetPosition(const Vector& position) override;
    Vector DoGetVelocity() const override;
    int64_t DoAssignStreams(int64_t stream) override;

    /** Choose the initial position (random or InitialPosition) unless one is set. */
    void EnsurePlaced() const;
    /** Start a slot at the current waypoint: draw the step, schedule the next slot. */
    void StartSlot();
    /** \return the fraction (0..1) of the current slot elapsed, 0 when not walking */
    double SlotFraction() const;
    /**
     * \param enu a point (m)
     * \return true if east/north are inside Bounds, allowing a micrometre of rounding
     */
    bool IsInsideBounds(const Vector& enu) const;

    /** \param latitude OriginLatitude (degrees) */
    void SetOriginLatitude(double latitude);
    /** \return OriginLatitude (degrees) */
    double GetOriginLatitude() const;
    /** \param longitude OriginLongitude (degrees) */
    void SetOriginLongitude(double longitude);
    /** \return OriginLongitude (degrees) */
    double GetOriginLongitude() const;
    /** \param altitude OriginAltitude (m) */
    void SetOriginAltitude(double altitude);
    /** \return OriginAltitude (m) */
    double GetOriginAltitude() const;
    /** \param bounds Bounds (m) */
    void SetBounds(const Rectangle& bounds);
    /** \return Bounds (m) */
    Rectangle GetBounds() const;
    /** \param height Height (m) */
    void SetHeight(double height);
    /** \return Height (m) */
    double GetHeight() const;

    GeodeticPosition m_origin;              //!< origin of the ENU frame
    Rectangle m_bounds;                     //!< service area, east/north (m)
    double m_height;                        //!< flight height above the origin's plane (m)
    double m_maxStep;                       //!< xy_max (m per slot and axis)
    Time m_slotDuration;                    //!< slot length
    Ptr<RandomVariableStream> m_step;       //!< normalised step in [-1, 1]
    bool m_randomInitialPosition;           //!< draw the initial position in Bounds
    Vector m_initialPosition;               //!< initial east/north (m) otherwise
    Ptr<UniformRandomVariable> m_initialRv; //!< draws the random initial position
    mutable bool m_placed{false};           //!< the position is known
    mutable Vector m_from;                  //!< waypoint at the start of the slot (ENU, m)
    mutable Vector m_to;                    //!< waypoint at the end of the slot (ENU, m)
    Time m_slotStart;                       //!< when the current slot started
    Time m_currentSlot;                     //!< length of the current slot
    bool m_walking{false};                  //!< the walk has started
    EventId m_event;                        //!< the next slot
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_UAV_RANDOM_WALK_MOBILITY_MODEL_H
