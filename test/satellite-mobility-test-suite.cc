// SPDX-License-Identifier: GPL-2.0-only
//
// SatelliteMobilityModel: follows its orbit at Simulator::Now(), propagates at most once
// per simulation instant, and moves continuously.

#include "ns3/circular-orbit.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/constellation-helper.h"
#include "ns3/double.h"
#include "ns3/mobility-helper.h"
#include "ns3/node.h"
#include "ns3/satellite-mobility-model.h"
#include "ns3/simulator.h"
#include "ns3/test.h"

#include <stdexcept>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;

namespace
{

/**
 * \ingroup sagin-tests
 * Wraps a circular orbit and counts how often it is propagated.
 */
class CountingOrbit : public Orbit
{
  public:
    Ptr<CircularOrbit> m_orbit = CreateObject<CircularOrbit>(); //!< the real orbit
    mutable uint32_t m_calls{0};                                //!< propagations so far

    double GetPeriod() const override
    {
        return m_orbit->GetPeriod();
    }

  private:
    OrbitState DoGetEcefState(Time t) const override
    {
        ++m_calls;
        return m_orbit->GetEcefState(t);
    }
};

/**
 * A SatelliteMobilityModel subclass, as a user's own model would be: it counts the positions
 * asked of it.
 */
class CountingSatelliteMobilityModel : public SatelliteMobilityModel
{
  public:
    /** \return the TypeId */
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::sagin::tests::CountingSatelliteMobilityModel")
                                .SetParent<SatelliteMobilityModel>()
                                .SetGroupName("SaginTests")
                                .AddConstructor<CountingSatelliteMobilityModel>();
        return tid;
    }

    uint32_t asked{0}; //!< positions asked

  private:
    Vector DoGetPosition() const override
    {
        ++const_cast<CountingSatelliteMobilityModel*>(this)->asked;
        return SatelliteMobilityModel::DoGetPosition();
    }
};

NS_OBJECT_ENSURE_REGISTERED(CountingSatelliteMobilityModel);

} // namespace

/**
 * \ingroup sagin-tests
 * Position and velocity follow the orbit; one propagation per instant.
 */
class SatelliteMobilityTestCase : public TestCase
{
  public:
    SatelliteMobilityTestCase()
        : TestCase("satellite mobility follows its orbit, once per instant")
    {
    }

  private:
    /** Check the model against the orbit at the current instant. */
    void Check()
    {
        const uint32_t before = m_orbit->m_calls;
        for (int i = 0; i < 10; ++i)
        {
            m_model->GetPosition();
            m_model->GetVelocity();
        }
        NS_TEST_EXPECT_MSG_EQ(m_orbit->m_calls - before, 1u, "one propagation per instant");
        const OrbitState expected = m_orbit->m_orbit->GetEciState(Simulator::Now());
        NS_TEST_EXPECT_MSG_EQ_TOL(m_model->GetPosition().GetLength(),
                                  expected.position.GetLength(),
                                  1e-6,
                                  "radius");
        m_positions.push_back(m_model->GetPosition());
        m_speeds.push_back(m_model->GetVelocity().GetLength());
    }

    void DoRun() override
    {
        m_orbit = CreateObject<CountingOrbit>();
        m_orbit->m_orbit->SetElements(550e3, 53.0, 30.0, 10.0);
        m_model = CreateObject<SatelliteMobilityModel>();
        m_model->SetOrbit(m_orbit);
        for (int k = 0; k <= 100; ++k)
        {
            Simulator::Schedule(MilliSeconds(10 * k), &SatelliteMobilityTestCase::Check, this);
        }
        Simulator::Run();
        Simulator::Destroy();
        NS_TEST_ASSERT_MSG_EQ(m_positions.size(), 101u, "every check ran");
        // Continuity: in 10 ms a body moving below 8 km/s relative to the Earth moves less
        // than 8 cm, and at least (speed - 1e-3) * 10 ms.
        for (size_t k = 1; k < m_positions.size(); ++k)
        {
            const double step = CalculateDistance(m_positions[k], m_positions[k - 1]);
            NS_TEST_EXPECT_MSG_LT(step, 80.0 + 1e-9, "continuous");
            NS_TEST_EXPECT_MSG_EQ_TOL(step / 0.01, m_speeds[k], 0.01, "speed matches motion");
        }
    }

    Ptr<CountingOrbit> m_orbit;          //!< the counted orbit
    Ptr<SatelliteMobilityModel> m_model; //!< the model under test
    std::vector<Vector> m_positions;     //!< positions seen
    std::vector<double> m_speeds;        //!< ECEF speeds seen (m/s)
};

/**
 * \ingroup sagin-tests
 * GetCircularOrbit: the orbit of a satellite on a circular orbit; null for another orbit, a
 * ground node's model and no model.
 */
class SatelliteMobilityCircularOrbitTestCase : public TestCase
{
  public:
    SatelliteMobilityCircularOrbitTestCase()
        : TestCase("GetCircularOrbit finds circular orbits only")
    {
    }

  private:
    void DoRun() override
    {
        auto circular = CreateObject<CircularOrbit>();
        auto onCircle = CreateObject<SatelliteMobilityModel>();
        onCircle->SetOrbit(circular);
        NS_TEST_EXPECT_MSG_EQ((SatelliteMobilityModel::GetCircularOrbit(onCircle) == circular),
                              true,
                              "a circular orbit");
        auto onOther = CreateObject<SatelliteMobilityModel>();
        onOther->SetOrbit(CreateObject<CountingOrbit>());
        NS_TEST_EXPECT_MSG_EQ(SatelliteMobilityModel::GetCircularOrbit(onOther),
                              nullptr,
                              "another orbit");
        NS_TEST_EXPECT_MSG_EQ(
            SatelliteMobilityModel::GetCircularOrbit(CreateObject<ConstantPositionMobilityModel>()),
            nullptr,
            "a ground node");
        NS_TEST_EXPECT_MSG_EQ(SatelliteMobilityModel::GetCircularOrbit(nullptr),
                              nullptr,
                              "no model");
    }
};

/**
 * \ingroup sagin-tests
 * ns-3's MobilityHelper::Install calls SetPosition on every node it is given: over a satellite
 * (an existing model, or one it creates) that is refused with std::invalid_argument naming the
 * fix, and the satellite keeps following its orbit.
 */
class SatelliteMobilityHelperTestCase : public TestCase
{
  public:
    SatelliteMobilityHelperTestCase()
        : TestCase("MobilityHelper over a satellite is refused, naming ConstellationHelper")
    {
    }

  private:
    /**
     * \param node the node to install on
     * \param helper the helper
     * \return the message of the std::invalid_argument thrown, or "" if none was
     */
    static std::string InstallError(Ptr<Node> node, const MobilityHelper& helper)
    {
        try
        {
            helper.Install(node);
        }
        catch (const std::invalid_argument& e)
        {
            return e.what();
        }
        return "";
    }

    void DoRun() override
    {
        auto orbit = CreateObject<CircularOrbit>();
        orbit->SetElements(550e3, 53.0, 30.0, 10.0);
        auto model = CreateObject<SatelliteMobilityModel>();
        model->SetOrbit(orbit);
        auto satellite = CreateObject<Node>();
        satellite->AggregateObject(model);
        MobilityHelper helper; // ConstantPosition models at the allocator's (0, 0, 0)
        const std::string error = InstallError(satellite, helper);
        NS_TEST_EXPECT_MSG_NE(error.find("ConstellationHelper"), std::string::npos, error);
        NS_TEST_EXPECT_MSG_NE(error.find("MobilityHelper::Install"), std::string::npos, error);
        NS_TEST_EXPECT_MSG_EQ(satellite->GetObject<MobilityModel>(), model, "same model");
        // Still on the orbit, whose radius is 550 km above WGS-84's equatorial radius.
        NS_TEST_EXPECT_MSG_EQ_TOL(model->GetPosition().GetLength(),
                                  6378137.0 + 550e3,
                                  1e-3,
                                  "on the orbit");

        helper.SetMobilityModel("ns3::sagin::SatelliteMobilityModel");
        NS_TEST_EXPECT_MSG_NE(InstallError(CreateObject<Node>(), helper),
                              "",
                              "a model created by the helper is refused as well");
        // A model without an orbit has no position: refused, naming the attribute to set.
        std::string noOrbit;
        try
        {
            CreateObject<SatelliteMobilityModel>()->GetPosition();
        }
        catch (const std::invalid_argument& e)
        {
            noOrbit = e.what();
        }
        NS_TEST_EXPECT_MSG_NE(noOrbit.find("set its \"Orbit\" attribute"),
                              std::string::npos,
                              "no orbit: " << noOrbit);
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * ConstellationHelper creates the satellites' mobility through an ObjectFactory: a subclass
 * given to SetMobilityModel is what the nodes get (and follows the orbit); a model that is no
 * SatelliteMobilityModel, or an attribute it lacks, is refused.
 */
class SatelliteMobilityFactoryTestCase : public TestCase
{
  public:
    SatelliteMobilityFactoryTestCase()
        : TestCase("ConstellationHelper's mobility factory")
    {
    }

  private:
    void DoRun() override
    {
        ConstellationHelper helper;
        helper.SetMobilityModel("ns3::sagin::tests::CountingSatelliteMobilityModel");
        WalkerShell shell;
        shell.planes = 2;
        shell.satsPerPlane = 3;
        NodeContainer satellites = helper.Install(shell);
        auto model = satellites.Get(4)->GetObject<CountingSatelliteMobilityModel>();
        NS_TEST_ASSERT_MSG_NE(model, nullptr, "the subclass is installed");
        const double radius = model->GetPosition().GetLength();
        NS_TEST_EXPECT_MSG_EQ(model->asked, 1u, "asked through the subclass");
        NS_TEST_EXPECT_MSG_GT(radius, 6.9e6, "on its orbit (550 km up)");
        bool refused = false;
        try
        {
            helper.SetMobilityModel("ns3::ConstantPositionMobilityModel");
        }
        catch (const std::invalid_argument& e)
        {
            refused = std::string(e.what()).find("not ns3::sagin::SatelliteMobilityModel") !=
                      std::string::npos;
        }
        NS_TEST_EXPECT_MSG_EQ(refused, true, "not a satellite model");
        refused = false;
        try
        {
            helper.SetMobilityModel("ns3::sagin::SatelliteMobilityModel", "Speed", DoubleValue(1));
        }
        catch (const std::invalid_argument& e)
        {
            refused = std::string(e.what()).find("no attribute 'Speed'") != std::string::npos;
        }
        NS_TEST_EXPECT_MSG_EQ(refused, true, "an attribute it lacks");
        Simulator::Destroy();
    }
};

/**
 * \ingroup sagin-tests
 * The satellite mobility TestSuite.
 */
class SatelliteMobilityTestSuite : public TestSuite
{
  public:
    SatelliteMobilityTestSuite()
        : TestSuite("sagin-satellite-mobility", Type::UNIT)
    {
        AddTestCase(new SatelliteMobilityTestCase);
        AddTestCase(new SatelliteMobilityCircularOrbitTestCase);
        AddTestCase(new SatelliteMobilityHelperTestCase);
        AddTestCase(new SatelliteMobilityFactoryTestCase);
    }
};

static SatelliteMobilityTestSuite
    g_satelliteMobilityTestSuite; //!< Static variable for test initialization
