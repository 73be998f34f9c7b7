// SPDX-License-Identifier: GPL-2.0-only
//
// Study B's spectrum market on hand-computed instances. Reference values were computed by
// hand (Python, math module) from the closed forms the cases quote: N0 B = 10^((-174 - 30) /
// 10) x 1e6 W = 3.981072e-15 W, budget log2(1 + P g / (I + N0 B)), interference a / n x P x
// g (eq. 4).

#include "sagin-test-utils.h"

#include "ns3/double.h"
#include "ns3/spectrum-lease-market.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <functional>
#include <stdexcept>
#include <string>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{

/**
 * \param cell its cell
 * \param powerW its power (W)
 * \return a normal user
 */
LeaseUser
User(uint32_t cell, double powerW)
{
    LeaseUser u;
    u.cell = cell;
    u.powerW = powerW;
    return u;
}

/**
 * Four users in two cells: u0 (cell 0, 0.1 W, gain 1e-12, 1e-14 into cell 1), u1 (cell 0,
 * 0.05 W, 4e-13), u2 (cell 1, 0.1 W, 1e-12, 2e-14 into cell 0), u3 (cell 1, 0.3 W, above a
 * 0.2 W level).
 * \return their gains
 */
LeaseLinkGains
FourUserGains()
{
    LeaseLinkGains g;
    g.signal = {1e-12, 4e-13, 1e-12, 1e-12};
    g.through = {{1e-12, 1e-14}, {4e-13, 1e-14}, {2e-14, 1e-12}, {2e-14, 1e-12}};
    return g;
}

/** \return the four users */
std::vector<LeaseUser>
FourUsers()
{
    return {User(0, 0.1), User(0, 0.05), User(1, 0.1), User(1, 0.3)};
}

} // namespace

/**
 * \ingroup sagin-tests
 * Budgets, the leasing rule (price, power, capacity), revenue, interference, SINR,
 * throughput and the reputation delta of normal users over two rounds.
 */
class SpectrumMarketLeasingTestCase : public TestCase
{
  public:
    SpectrumMarketLeasingTestCase()
        : TestCase("study B leasing rule, budgets, interference and revenue by hand")
    {
    }

  private:
    void DoRun() override
    {
        auto market = CreateObject<SpectrumLeaseMarket>();
        market->SetAttribute("Channels", UintegerValue(1));
        market->SetAttribute("UsersPerChannel", UintegerValue(2));
        market->SetUsers(2, FourUsers());
        NS_TEST_EXPECT_MSG_EQ_TOL(market->GetNoisePowerW(), 3.981072e-15, 1e-20, "N0 B");

        // Round 1, price 3, level 0.2 W, no interference yet: budgets 4.707020 (u0, u2),
        // 2.590667 (u1: below the price), u3's 0.3 W is above the level.
        const auto r1 = market->RunRound(3.0, 0.2, FourUserGains());
        NS_TEST_EXPECT_MSG_EQ(r1.newLeases, 2u, "u0 and u2 lease");
        NS_TEST_EXPECT_MSG_EQ(r1.refusedPrice, 1u, "u1's budget");
        NS_TEST_EXPECT_MSG_EQ(r1.refusedPower, 1u, "u3's power");
        NS_TEST_EXPECT_MSG_EQ_TOL(r1.revenue, 6.0, 1e-12, "two leases at 3");
        NS_TEST_EXPECT_MSG_EQ_TOL(r1.meanBudget, 4.564847, 1e-6, "mean of four budgets");
        // Interference: into cell 0, 0.5 / 1 x 0.1 W x 2e-14 = 1e-15 W; into cell 1, 5e-16 W.
        NS_TEST_EXPECT_MSG_EQ_TOL(r1.meanInterferenceW, 7.5e-16, 1e-24, "mean interference");
        NS_TEST_EXPECT_MSG_EQ_TOL(market->GetUsers()[0].measuredSinr, 20.076001, 1e-6, "SINR u0");
        NS_TEST_EXPECT_MSG_EQ_TOL(market->GetUsers()[2].measuredSinr, 22.316090, 1e-6, "SINR u2");
        NS_TEST_EXPECT_MSG_EQ_TOL(r1.throughputBps, 8940783.218, 1e-2, "Shannon rates");
        NS_TEST_EXPECT_MSG_EQ(r1.normal, 2u, "both behave");
        NS_TEST_EXPECT_MSG_EQ(r1.malicious, 0u, "none misbehaves");
        NS_TEST_EXPECT_MSG_EQ_TOL(r1.reputationDelta, 2.0, 1e-12, "+rho x normal");

        // Round 2, price 2.5: leases of one round ended; budgets now see round 1's
        // interference, which seeded the filtered estimate (TS 38.331: F_1 = M_1): u0
        // 4.397529, u1 2.326307 (still below the price), u2 4.543254, u3 6.086365.
        const auto r2 = market->RunRound(2.5, 0.2, FourUserGains());
        NS_TEST_EXPECT_MSG_EQ(r2.newLeases, 2u, "u0 and u2 again");
        NS_TEST_EXPECT_MSG_EQ(r2.refusedPrice, 1u, "u1 with interference");
        NS_TEST_EXPECT_MSG_EQ_TOL(r2.revenue, 5.0, 1e-12, "two leases at 2.5");
        NS_TEST_EXPECT_MSG_EQ_TOL(r2.meanBudget,
                                  (4.397529 + 2.326307 + 4.543254 + 6.086365) / 4,
                                  1e-5,
                                  "budgets with round 1's interference");
        // Round 3 at a price nobody pays: nothing on the air, the estimate halves
        // (InterferenceFilter 0.5); round 4's budgets see half of round 2's interference:
        // u0 4.543254, u1 2.449751, u2 4.622618, u3 6.168001. Unfiltered (1), none at all.
        auto unfiltered = CreateObject<SpectrumLeaseMarket>();
        unfiltered->SetAttribute("Channels", UintegerValue(1));
        unfiltered->SetAttribute("UsersPerChannel", UintegerValue(2));
        unfiltered->SetAttribute("InterferenceFilter", DoubleValue(1.0));
        unfiltered->SetUsers(2, FourUsers());
        unfiltered->RunRound(3.0, 0.2, FourUserGains());
        unfiltered->RunRound(2.5, 0.2, FourUserGains());
        NS_TEST_EXPECT_MSG_EQ(market->RunRound(100, 0.2, FourUserGains()).leasing, 0u, "none");
        unfiltered->RunRound(100, 0.2, FourUserGains());
        NS_TEST_EXPECT_MSG_EQ_TOL(market->RunRound(100, 0.2, FourUserGains()).meanBudget,
                                  (4.543254 + 2.449751 + 4.622618 + 6.168001) / 4,
                                  1e-5,
                                  "half of the interference remembered");
        NS_TEST_EXPECT_MSG_EQ_TOL(unfiltered->RunRound(100, 0.2, FourUserGains()).meanBudget,
                                  4.564847,
                                  1e-5,
                                  "unfiltered: no interference, round 1's budgets");

        // Capacity: one slot in cell 0; u0 (4.707) and u1 (2.591) both willing at 2: the
        // higher budget is served.
        auto full = CreateObject<SpectrumLeaseMarket>();
        full->SetAttribute("Channels", UintegerValue(1));
        full->SetAttribute("UsersPerChannel", UintegerValue(1));
        full->SetUsers(2, FourUsers());
        const auto c = full->RunRound(2.0, 0.2, FourUserGains());
        NS_TEST_EXPECT_MSG_EQ(c.refusedCapacity, 1u, "one willing user without a slot");
        NS_TEST_EXPECT_MSG_EQ(full->GetUsers()[0].leasing, true, "highest budget first");
        NS_TEST_EXPECT_MSG_EQ(full->GetUsers()[1].leasing, false, "u1 waits");
        NS_TEST_EXPECT_MSG_EQ_TOL(market->GetBudget(1.0), 1.0, 1e-12, "kappa log2(2)");
    }
};

/**
 * \ingroup sagin-tests
 * Each malicious behaviour detected from what the satellite observes, and the reputation
 * penalty.
 */
class SpectrumMarketMaliciousTestCase : public TestCase
{
  public:
    SpectrumMarketMaliciousTestCase()
        : TestCase("study B malicious users detected, each kind, reputation penalty")
    {
    }

  private:
    void DoRun() override
    {
        auto market = CreateObject<SpectrumLeaseMarket>();
        market->SetAttribute("Channels", UintegerValue(2));
        market->SetAttribute("UsersPerChannel", UintegerValue(2));
        market->SetUsers(2, FourUsers());
        market->SetBehaviour(0, LeaseBehaviour::OVER_POWER);
        market->SetBehaviour(2, LeaseBehaviour::EXTRA_CHANNEL);
        market->SetBehaviour(1, LeaseBehaviour::OVERSTAYS_LEASE);

        // Round 1 at price 2: u0, u1, u2 lease. u0 transmits 2 x 0.2 W (flagged), u2 takes
        // both channels (flagged), u1 behaves while its lease runs.
        const auto r1 = market->RunRound(2.0, 0.2, FourUserGains());
        NS_TEST_EXPECT_MSG_EQ(r1.newLeases, 3u, "three leases");
        NS_TEST_EXPECT_MSG_EQ(r1.overPower, 1u, "u0 above the level");
        NS_TEST_EXPECT_MSG_EQ(r1.extraChannel, 1u, "u2 on two channels");
        NS_TEST_EXPECT_MSG_EQ(r1.overstay, 0u, "no lease has ended");
        NS_TEST_EXPECT_MSG_EQ(r1.malicious, 2u, "two malicious");
        NS_TEST_EXPECT_MSG_EQ(r1.normal, 1u, "u1 normal");
        NS_TEST_EXPECT_MSG_EQ_TOL(r1.reputationDelta, -2.0, 1e-12, "-rho x malicious");
        NS_TEST_EXPECT_MSG_EQ(r1.detected.size(), 2u, "named");
        NS_TEST_EXPECT_MSG_EQ(r1.detected[0], 0u, "u0 named");
        NS_TEST_EXPECT_MSG_EQ(r1.detected[1], 2u, "u2 named");

        // Round 2: u1's lease ended, it stays on the air without one (flagged, and it does
        // not pay); u0 and u2 lease again and misbehave again.
        const auto r2 = market->RunRound(2.0, 0.2, FourUserGains());
        NS_TEST_EXPECT_MSG_EQ(r2.overstay, 1u, "u1 overstays");
        NS_TEST_EXPECT_MSG_EQ(r2.malicious, 3u, "three malicious");
        NS_TEST_EXPECT_MSG_EQ(r2.leasing, 2u, "u1 pays nothing");
        NS_TEST_EXPECT_MSG_EQ_TOL(r2.revenue, 4.0, 1e-12, "two leases");
        NS_TEST_EXPECT_MSG_EQ_TOL(r2.reputationDelta, -3.0, 1e-12, "-rho x 3");

        // A level that lets u0's doubled power through the 1 dB margin is not a detection:
        // with the level at 0.2 W and the factor 1.2, 0.24 W < 0.2 x 10^0.1 = 0.252 W.
        auto lenient = CreateObject<SpectrumLeaseMarket>();
        lenient->SetAttribute("MaliciousPowerFactor", DoubleValue(1.2));
        lenient->SetUsers(2, FourUsers());
        lenient->SetBehaviour(0, LeaseBehaviour::OVER_POWER);
        NS_TEST_EXPECT_MSG_EQ(lenient->RunRound(2.0, 0.2, FourUserGains()).overPower,
                              0u,
                              "within the margin");
    }
};

/**
 * \ingroup sagin-tests
 * Bad input to the market: each refused with a message naming it.
 */
class SpectrumMarketBadInputTestCase : public TestCase
{
  public:
    SpectrumMarketBadInputTestCase()
        : TestCase("study B market refuses bad input, naming it")
    {
    }

  private:
    void DoRun() override
    {
        auto market = CreateObject<SpectrumLeaseMarket>();
        market->SetUsers(2, FourUsers());
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem([&] { market->RunRound(-1, 0.2, FourUserGains()); }, "price"),
            "",
            "negative price");
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem([&] { market->RunRound(1, 0, FourUserGains()); }, "power-control"),
            "",
            "zero level");
        NS_TEST_EXPECT_MSG_EQ(RefusalProblem(
                                  [&] {
                                      auto g = FourUserGains();
                                      g.signal.pop_back();
                                      g.through.pop_back();
                                      market->RunRound(1, 0.2, g);
                                  },
                                  "gains for 3 users"),
                              "",
                              "gains of three users");
        NS_TEST_EXPECT_MSG_EQ(RefusalProblem(
                                  [&] {
                                      auto g = FourUserGains();
                                      g.through[0].pop_back();
                                      market->RunRound(1, 0.2, g);
                                  },
                                  "through 1 cells"),
                              "",
                              "gains through one cell");
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem([&] { market->SetUsers(1, FourUsers()); }, "user 2 is in cell 1"),
            "",
            "a user past the cells");
        NS_TEST_EXPECT_MSG_EQ(RefusalProblem([&] { market->SetUsers(0, {}); }, "at least one cell"),
                              "",
                              "no cells");
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem([&] { market->SetUsers(2, {User(0, 0.0)}); }, "user 0 needs a positive"),
            "",
            "zero power");
        NS_TEST_EXPECT_MSG_EQ(market->SetAttributeFailSafe("Channels", UintegerValue(0)),
                              false,
                              "no channels refused by the checker");
        NS_TEST_EXPECT_MSG_EQ(market->SetAttributeFailSafe("ActivityFactor", DoubleValue(1.5)),
                              false,
                              "activity factor in [0, 1]");
    }
};

/**
 * \ingroup sagin-tests
 * The spectrum market TestSuite.
 */
class SpectrumMarketTestSuite : public TestSuite
{
  public:
    SpectrumMarketTestSuite()
        : TestSuite("sagin-spectrum-market", Type::UNIT)
    {
        AddTestCase(new SpectrumMarketLeasingTestCase);
        AddTestCase(new SpectrumMarketMaliciousTestCase);
        AddTestCase(new SpectrumMarketBadInputTestCase);
    }
};

static SpectrumMarketTestSuite
    g_spectrumMarketTestSuite; //!< Static variable for test initialization
