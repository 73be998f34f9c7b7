// SPDX-License-Identifier: GPL-2.0-only
//
// Lyapunov virtual queues: both disciplines on a hand-computed sequence, the drift-plus-
// penalty bound of Neely (2010, lemma 3.1 form: L(t+1) - L(t) <= B + sum Q (A - D) with
// B = 1/2 sum (A^2 + D^2)) over random slots, the bookkeeping, study C's queues on the shared
// ones, and bad input.

#include "sagin-test-utils.h"

#include "ns3/caching-virtual-queues.h"
#include "ns3/enum.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"
#include "ns3/test.h"
#include "ns3/virtual-queues.h"

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using ns3::sagin::tests::RefusalProblem;

namespace
{

/**
 * \param discipline a queue discipline
 * \return one VirtualQueues of it
 */
Ptr<VirtualQueues>
Make(VirtualQueues::Discipline discipline)
{
    auto q = CreateObject<VirtualQueues>();
    q->SetAttribute("Discipline", EnumValue(discipline));
    return q;
}

} // namespace

/**
 * \ingroup sagin-tests
 * Both disciplines on three slots worked by hand, and the bookkeeping on them.
 */
class LyapunovHandComputedTestCase : public TestCase
{
  public:
    LyapunovHandComputedTestCase()
        : TestCase("Lyapunov queues: both disciplines on a hand-computed sequence")
    {
    }

  private:
    void DoRun() override
    {
        // Slots (A, D): (5, 3), (1, 4), (2, 0); one queue from 0.
        // ServeThenArrive: [0 - 3]^+ + 5 = 5; [5 - 4]^+ + 1 = 2; [2 - 0]^+ + 2 = 4.
        // Net:             [0 - 3 + 5]^+ = 2; [2 - 4 + 1]^+ = 0; [0 - 0 + 2]^+ = 2.
        const double arrivals[3] = {5, 1, 2};
        const double served[3] = {3, 4, 0};
        const double serveThenArrive[3] = {5, 2, 4};
        const double net[3] = {2, 0, 2};
        auto a = Make(VirtualQueues::SERVE_THEN_ARRIVE);
        auto b = Make(VirtualQueues::NET);
        a->Reset(1);
        b->Reset(1);
        for (uint32_t t = 0; t < 3; ++t)
        {
            a->Update({arrivals[t]}, {served[t]});
            b->Update({arrivals[t]}, {served[t]});
            NS_TEST_EXPECT_MSG_EQ(a->GetQueues()[0], serveThenArrive[t], "serve then arrive " << t);
            NS_TEST_EXPECT_MSG_EQ(b->GetQueues()[0], net[t], "net " << t);
        }
        // Two queues at (4, 2): L = (16 + 4) / 2 = 10; mean 3; drift of A = (1, 3), D = (2, 0):
        // 4 (1 - 2) + 2 (3 - 0) = 2; plus V = 10 times a penalty of -0.5: 2 - 5 = -3.
        auto two = Make(VirtualQueues::SERVE_THEN_ARRIVE);
        two->Reset(2);
        two->Update({4, 2}, {0, 0});
        NS_TEST_EXPECT_MSG_EQ(two->GetLyapunov(), 10.0, "L(Q)");
        NS_TEST_EXPECT_MSG_EQ(two->GetMean(), 3.0, "mean");
        NS_TEST_EXPECT_MSG_EQ(two->GetDrift({1, 3}, {2, 0}), 2.0, "drift");
        NS_TEST_EXPECT_MSG_EQ(two->GetDriftPlusPenalty({1, 3}, {2, 0}, 10.0, -0.5),
                              -3.0,
                              "drift plus penalty");
        two->Reset(3);
        NS_TEST_EXPECT_MSG_EQ(two->GetLyapunov(), 0.0, "reset to 0");
    }
};

/**
 * \ingroup sagin-tests
 * The drift bound behind drift-plus-penalty control holds slot by slot, for both disciplines,
 * over random arrivals and service.
 */
class LyapunovDriftBoundTestCase : public TestCase
{
  public:
    LyapunovDriftBoundTestCase()
        : TestCase("Lyapunov queues: the one-slot drift bound over random slots")
    {
    }

  private:
    void DoRun() override
    {
        auto random = CreateObject<UniformRandomVariable>();
        random->SetStream(11);
        for (VirtualQueues::Discipline d : {VirtualQueues::SERVE_THEN_ARRIVE, VirtualQueues::NET})
        {
            auto q = Make(d);
            q->Reset(4);
            uint32_t tight = 0;
            for (uint32_t t = 0; t < 2000; ++t)
            {
                std::vector<double> arrivals(4);
                std::vector<double> served(4);
                double b = 0;
                for (uint32_t i = 0; i < 4; ++i)
                {
                    arrivals[i] = random->GetValue(0, 10);
                    served[i] = random->GetValue(0, 12);
                    b += (arrivals[i] * arrivals[i] + served[i] * served[i]) / 2;
                }
                const double before = q->GetLyapunov();
                const double drift = q->GetDrift(arrivals, served);
                q->Update(arrivals, served);
                const double change = q->GetLyapunov() - before;
                NS_TEST_EXPECT_MSG_LT_OR_EQ(change,
                                            b + drift + 1e-9 * (b + std::abs(drift)),
                                            "slot " << t);
                tight += change > 0.5 * (b + drift) ? 1 : 0;
            }
            // The bound is not vacuous: the change often comes within half of it.
            NS_TEST_EXPECT_MSG_GT(tight, 100u, "the bound is approached");
            NS_TEST_EXPECT_MSG_LT(q->GetMean(), 50.0, "service above arrivals: stable");
        }
    }
};

/**
 * \ingroup sagin-tests
 * Study C's queues are the shared ones (UAVs first, the satellite last), eqs. 10-11.
 */
class LyapunovCachingQueuesTestCase : public TestCase
{
  public:
    LyapunovCachingQueuesTestCase()
        : TestCase("Lyapunov queues: study C's queues on the shared layer")
    {
    }

  private:
    void DoRun() override
    {
        auto caching = CreateObject<CachingVirtualQueues>();
        caching->Reset(2);
        CachingSlotOutcome out;
        out.uavArrivals = {30, 10};
        out.uavDelivered = {5, 20};
        out.satelliteArrival = 7;
        out.satelliteDelivered = 1;
        caching->Update(out);
        caching->Update(out);
        // UAV 1: [0 - 5]^+ + 30 = 30, [30 - 5]^+ + 30 = 55; UAV 2: 10, then [10 - 20]^+ + 10 =
        // 10; satellite: 7, then 6 + 7 = 13.
        NS_TEST_EXPECT_MSG_EQ(caching->GetUavQueues()[0], 55.0, "UAV 1");
        NS_TEST_EXPECT_MSG_EQ(caching->GetUavQueues()[1], 10.0, "UAV 2");
        NS_TEST_EXPECT_MSG_EQ(caching->GetSatelliteQueue(), 13.0, "satellite");
        const std::vector<double>& shared = caching->GetQueues()->GetQueues();
        NS_TEST_ASSERT_MSG_EQ(shared.size(), 3u, "J + 1 queues");
        NS_TEST_EXPECT_MSG_EQ(shared[2], 13.0, "the satellite's last");
    }
};

/**
 * \ingroup sagin-tests
 * Bad input is refused, naming it.
 */
class LyapunovBadInputTestCase : public TestCase
{
  public:
    LyapunovBadInputTestCase()
        : TestCase("Lyapunov queues: bad input refused")
    {
    }

  private:
    void DoRun() override
    {
        auto q = Make(VirtualQueues::NET);
        NS_TEST_EXPECT_MSG_EQ(RefusalProblem([&]() { q->Reset(0); }, "zero queues"),
                              "",
                              "no queue");
        q->Reset(2);
        NS_TEST_EXPECT_MSG_EQ(RefusalProblem(
                                  [&]() {
                                      q->Update({1}, {1, 1});
                                  },
                                  "1 arrivals for 2"),
                              "",
                              "size");
        NS_TEST_EXPECT_MSG_EQ(RefusalProblem(
                                  [&]() {
                                      q->Update({1, -1}, {1, 1});
                                  },
                                  "arrivals[1] = -1"),
                              "",
                              "negative");
        NS_TEST_EXPECT_MSG_EQ(RefusalProblem(
                                  [&]() {
                                      q->Update({1, 1}, {std::nan(""), 1});
                                  },
                                  "served[0] = nan"),
                              "",
                              "not a number");
        NS_TEST_EXPECT_MSG_EQ(RefusalProblem(
                                  [&]() {
                                      q->GetDriftPlusPenalty({1, 1}, {1, 1}, -1, 0);
                                  },
                                  "V = -1"),
                              "",
                              "negative V");
        NS_TEST_EXPECT_MSG_EQ(q->GetQueues()[0], 0.0, "a refused update changes nothing");
    }
};

/**
 * \ingroup sagin-tests
 * The Lyapunov TestSuite.
 */
class LyapunovTestSuite : public TestSuite
{
  public:
    LyapunovTestSuite()
        : TestSuite("sagin-lyapunov", Type::UNIT)
    {
        AddTestCase(new LyapunovHandComputedTestCase);
        AddTestCase(new LyapunovDriftBoundTestCase);
        AddTestCase(new LyapunovCachingQueuesTestCase);
        AddTestCase(new LyapunovBadInputTestCase);
    }
};

/** Static instance. */
static LyapunovTestSuite g_lyapunovTestSuite;
