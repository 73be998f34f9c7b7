// SPDX-License-Identifier: GPL-2.0-only
//
// Byzantine-robust aggregation: coordinate-wise median, trimmed mean, Krum and Multi-Krum
// against values computed by hand, against a per-coordinate std::sort and a double-precision
// distance matrix written here, independence of the client order, a poisoned update among
// honest ones, the Aggregator objects, and bad input.

#include "sagin-test-utils.h"

#include "ns3/double.h"
#include "ns3/federated-aggregation.h"
#include "ns3/object-factory.h"
#include "ns3/pointer.h"
#include "ns3/random-variable-stream.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <numeric>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{

/**
 * \param a a vector
 * \param b another
 * \return whether they hold the same bits
 */
bool
SameBits(const std::vector<float>& a, const std::vector<float>& b)
{
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), 4 * a.size()) == 0;
}

/**
 * \param a a vector
 * \param b another of the same length
 * \return their Euclidean distance, in double precision
 */
double
Distance(const std::vector<float>& a, const std::vector<float>& b)
{
    double sum = 0.0;
    for (std::size_t k = 0; k < a.size(); ++k)
    {
        const double t = static_cast<double>(a[k]) - static_cast<double>(b[k]);
        sum += t * t;
    }
    return std::sqrt(sum);
}

/**
 * \param values models as plain vectors
 * \return them as clients of weight 1
 */
std::vector<ClientModel>
Clients(const std::vector<std::vector<float>>& values)
{
    std::vector<ClientModel> clients;
    for (const std::vector<float>& v : values)
    {
        clients.push_back({v, 1.0});
    }
    return clients;
}

/**
 * The reference for CoordinateMedian and TrimmedMean: per coordinate, std::sort the values
 * and average ranks low..high in double precision, ascending, from +0.
 * \param clients the clients
 * \param low lowest rank
 * \param high highest rank
 * \return the means
 */
std::vector<float>
ReferenceRankMean(const std::vector<ClientModel>& clients, std::size_t low, std::size_t high)
{
    const std::size_t d = clients[0].parameters.size();
    std::vector<float> out(d);
    std::vector<float> column(clients.size());
    for (std::size_t k = 0; k < d; ++k)
    {
        for (std::size_t i = 0; i < clients.size(); ++i)
        {
            column[i] = clients[i].parameters[k];
        }
        std::sort(column.begin(), column.end());
        double sum = 0.0;
        for (std::size_t r = low; r <= high; ++r)
        {
            sum += column[r];
        }
        out[k] = static_cast<float>(sum / static_cast<double>(high - low + 1));
    }
    return out;
}

/**
 * The reference for KrumScores: squared distances summed in double precision, each score
 * the sum of the n - f - 2 smallest.
 * \param clients the clients
 * \param byzantine f
 * \return the scores
 */
std::vector<double>
ReferenceKrumScores(const std::vector<ClientModel>& clients, uint32_t byzantine)
{
    const std::size_t n = clients.size();
    std::vector<double> scores(n);
    for (std::size_t i = 0; i < n; ++i)
    {
        std::vector<double> d;
        for (std::size_t j = 0; j < n; ++j)
        {
            if (j != i)
            {
                const double t = Distance(clients[i].parameters, clients[j].parameters);
                d.push_back(t * t);
            }
        }
        std::sort(d.begin(), d.end());
        scores[i] = std::accumulate(d.begin(), d.begin() + (n - byzantine - 2), 0.0);
    }
    return scores;
}

} // namespace

/**
 * \ingroup sagin-tests
 * Median, trimmed mean and Krum on small inputs computed by hand.
 */
class RobustAggregationHandTestCase : public TestCase
{
  public:
    RobustAggregationHandTestCase()
        : TestCase("median, trimmed mean and Krum against hand-computed values")
    {
    }

  private:
    void DoRun() override
    {
        constexpr float MAX = std::numeric_limits<float>::max();
        // Median of 3, per coordinate: (1, 3, 2) -> 2; (-2, 4, 0) -> 0; (0.5, 0.25, -1) ->
        // 0.25; (7, 7, 7) -> 7. Weights play no part.
        std::vector<ClientModel> three = {{{1.0F, -2.0F, 0.5F, 7.0F}, 1.0},
                                          {{3.0F, 4.0F, 0.25F, 7.0F}, 1000.0},
                                          {{2.0F, 0.0F, -1.0F, 7.0F}, 0.0}};
        NS_TEST_EXPECT_MSG_EQ(
            (CoordinateMedian(three) == std::vector<float>{2.0F, 0.0F, 0.25F, 7.0F}),
            true,
            "median of 3");
        // Median of 4: the mean of the two middle values. (1, 2, 3, 100) -> 2.5;
        // (10, -10, 0, 5) -> (0 + 5) / 2 = 2.5; (MAX, MAX, -1, MAX) -> MAX, where a float
        // sum of the middle two would overflow to infinity (the mean is taken in double).
        const std::vector<ClientModel> four = Clients(
            {{1.0F, 10.0F, MAX}, {2.0F, -10.0F, MAX}, {3.0F, 0.0F, -1.0F}, {100.0F, 5.0F, MAX}});
        NS_TEST_EXPECT_MSG_EQ((CoordinateMedian(four) == std::vector<float>{2.5F, 2.5F, MAX}),
                              true,
                              "median of 4");
        NS_TEST_EXPECT_MSG_EQ(
            (CoordinateMedian(Clients({{-3.5F, 8.0F}})) == std::vector<float>{-3.5F, 8.0F}),
            true,
            "median of 1");
        NS_TEST_EXPECT_MSG_EQ(CoordinateMedian(Clients({{}, {}})).empty(), true, "empty models");

        // Trimmed mean of (1, 2, 3, 4, 100): beta 0.2 drops 1 at each end -> (2 + 3 + 4) / 3
        // = 3; beta 0.1 and 0 drop none -> 110 / 5 = 22; beta 0.49 drops 2 -> 3 (the median).
        const std::vector<ClientModel> five = Clients({{4.0F}, {100.0F}, {1.0F}, {3.0F}, {2.0F}});
        NS_TEST_EXPECT_MSG_EQ(TrimmedMean(five, 0.2)[0], 3.0F, "beta 0.2, n 5");
        NS_TEST_EXPECT_MSG_EQ(TrimmedMean(five, 0.1)[0], 22.0F, "beta 0.1, n 5");
        NS_TEST_EXPECT_MSG_EQ(TrimmedMean(five, 0.0)[0], 22.0F, "beta 0");
        NS_TEST_EXPECT_MSG_EQ(TrimmedMean(five, 0.49)[0], 3.0F, "beta 0.49, n 5");
        // n = 10, beta 0.1: drops 1 and 1000 of (1..9, 1000) -> (2 + ... + 9) / 8 = 5.5.
        std::vector<std::vector<float>> ten;
        for (int v = 1; v <= 9; ++v)
        {
            ten.push_back({static_cast<float>(v)});
        }
        ten.push_back({1000.0F});
        NS_TEST_EXPECT_MSG_EQ(TrimmedMean(Clients(ten), 0.1)[0], 5.5F, "beta 0.1, n 10");
        // beta = 0.29, n = 100 trims 29 (0.29 * 100 is 28.999999999999996 in double): values
        // 1..70 and thirty times 1000 -> ranks 29..70 are 30..70 and one 1000:
        // (2050 + 1000) / 42. Trimming 28 would give (2079 + 2000) / 44 = 92.7.
        std::vector<std::vector<float>> hundred;
        for (int v = 1; v <= 100; ++v)
        {
            hundred.push_back({v <= 70 ? static_cast<float>(v) : 1000.0F});
        }
        NS_TEST_EXPECT_MSG_EQ(TrimmedMean(Clients(hundred), 0.29)[0],
                              static_cast<float>(3050.0 / 42.0),
                              "beta 0.29, n 100 trims 29");

        // Krum, 1-D, n = 5, f = 1: each score sums the n - f - 2 = 2 nearest squared
        // distances. 0: 1 + 4 = 5; 1: 1 + 1 = 2; 2: 1 + 4 = 5; 10: 64 + 81 = 145;
        // 20: 100 + 324 = 424.
        const std::vector<ClientModel> line = Clients({{0.0F}, {1.0F}, {2.0F}, {10.0F}, {20.0F}});
        NS_TEST_EXPECT_MSG_EQ((KrumScores(line, 1) == std::vector<double>{5, 2, 5, 145, 424}),
                              true,
                              "1-D scores");
        std::vector<std::size_t> chosen;
        NS_TEST_EXPECT_MSG_EQ(Krum(line, 1, 1, &chosen)[0], 1.0F, "Krum picks 1");
        NS_TEST_EXPECT_MSG_EQ((chosen == std::vector<std::size_t>{1}), true, "chosen");
        // Multi-Krum, m = 2: 1, then the tie 0 / 2 (both 5) goes to the lower index: 0.
        NS_TEST_EXPECT_MSG_EQ(Krum(line, 1, 2, &chosen)[0], 0.5F, "tie to the lower index");
        NS_TEST_EXPECT_MSG_EQ((chosen == std::vector<std::size_t>{1, 0}), true, "chosen");
        NS_TEST_EXPECT_MSG_EQ(Krum(line, 1, 3)[0], 1.0F, "m = 3: mean of 0, 1, 2");
        // The documented order dependence: with 2 listed before 0, the tie goes to 2.
        const std::vector<ClientModel> swapped =
            Clients({{2.0F}, {1.0F}, {0.0F}, {10.0F}, {20.0F}});
        NS_TEST_EXPECT_MSG_EQ(Krum(swapped, 1, 2)[0], 1.5F, "the tie follows the order");

        // Krum, 2-D: an honest cluster (0,0), (1,0), (0,1) and two attackers (10,10),
        // (10,11); f = 1, 2 nearest: (0,0): 1 + 1 = 2; (1,0): 1 + 2 = 3; (0,1): 1 + 2 = 3;
        // (10,10): 1 + 181 = 182; (10,11): 1 + 200 = 201.
        const std::vector<ClientModel> plane =
            Clients({{0.0F, 0.0F}, {1.0F, 0.0F}, {0.0F, 1.0F}, {10.0F, 10.0F}, {10.0F, 11.0F}});
        NS_TEST_EXPECT_MSG_EQ((KrumScores(plane, 1) == std::vector<double>{2, 3, 3, 182, 201}),
                              true,
                              "2-D scores");
        NS_TEST_EXPECT_MSG_EQ((Krum(plane, 1, 1) == std::vector<float>{0.0F, 0.0F}),
                              true,
                              "Krum picks the honest centre");
        const float third = static_cast<float>(1.0 / 3.0);
        NS_TEST_EXPECT_MSG_EQ((Krum(plane, 1, 3) == std::vector<float>{third, third}),
                              true,
                              "Multi-Krum averages the honest three");
    }
};

/**
 * \ingroup sagin-tests
 * The vector kernels against a plain reference over many client counts, and independence of
 * the client order.
 */
class RobustAggregationReferenceTestCase : public TestCase
{
  public:
    RobustAggregationReferenceTestCase()
        : TestCase("median, trimmed mean and Krum against references written in the test")
    {
    }

  private:
    void DoRun() override
    {
        auto uniform = CreateObject<UniformRandomVariable>();
        uniform->SetStream(41);
        // d = 300: the median kernels sort 128 coordinates at a time (two blocks and a
        // remainder of 44), Krum's sums 16 at a time (18 vectors and a remainder of 12). Every
        // third coordinate takes values from {-1, -0.5, -0, +0, 0.5, 1}, so ties and signed
        // zeros occur.
        constexpr std::size_t D = 300;
        const float small[] = {-1.0F, -0.5F, -0.0F, 0.0F, 0.5F, 1.0F};
        // beta as p / q, so the reference trims floor(p n / q) in integers.
        const std::pair<uint32_t, uint32_t> betas[] = {{0, 1}, {1, 10}, {1, 4}, {2, 5}, {49, 100}};
        uint32_t compared = 0;
        for (uint32_t n = 1; n <= 70; n += (n < 40 ? 1 : 7))
        {
            std::vector<ClientModel> clients(n);
            for (ClientModel& client : clients)
            {
                for (std::size_t k = 0; k < D; ++k)
                {
                    client.parameters.push_back(
                        k % 3 == 0 ? small[uniform->GetInteger(0, 5)]
                                   : static_cast<float>(uniform->GetValue(-100.0, 100.0)));
                }
            }
            std::vector<ClientModel> reversed(clients.rbegin(), clients.rend());
            std::vector<ClientModel> rotated(clients);
            std::rotate(rotated.begin(), rotated.begin() + n / 3, rotated.end());

            const std::vector<float> median = CoordinateMedian(clients);
            NS_TEST_EXPECT_MSG_EQ(SameBits(median, ReferenceRankMean(clients, (n - 1) / 2, n / 2)),
                                  true,
                                  "median, n = " << n);
            NS_TEST_EXPECT_MSG_EQ(SameBits(median, CoordinateMedian(reversed)),
                                  true,
                                  "median, reversed order, n = " << n);
            NS_TEST_EXPECT_MSG_EQ(SameBits(median, CoordinateMedian(rotated)),
                                  true,
                                  "median, rotated order, n = " << n);
            for (const auto& [p, q] : betas)
            {
                const uint32_t trim = p * n / q;
                const double beta = static_cast<double>(p) / q;
                const std::vector<float> trimmed = TrimmedMean(clients, beta);
                NS_TEST_EXPECT_MSG_EQ(
                    SameBits(trimmed, ReferenceRankMean(clients, trim, n - 1 - trim)),
                    true,
                    "trimmed mean, n = " << n << ", beta = " << beta);
                NS_TEST_EXPECT_MSG_EQ(SameBits(trimmed, TrimmedMean(rotated, beta)),
                                      true,
                                      "trimmed mean, rotated order, n = " << n);
                ++compared;
            }
            for (uint32_t f = 0; 2 * f + 3 <= n && f <= 3; ++f)
            {
                const std::vector<double> scores = KrumScores(clients, f);
                const std::vector<double> reference = ReferenceKrumScores(clients, f);
                const std::vector<double> backwards = KrumScores(reversed, f);
                for (uint32_t i = 0; i < n; ++i)
                {
                    // Single-precision partial sums of 32 squares: relative error < 32 u.
                    NS_TEST_EXPECT_MSG_EQ_TOL(scores[i],
                                              reference[i],
                                              reference[i] * 4e-6,
                                              "Krum score " << i << ", n = " << n << ", f = " << f);
                    NS_TEST_EXPECT_MSG_EQ(scores[i],
                                          backwards[n - 1 - i],
                                          "Krum score, reversed order, n = " << n);
                }
            }
        }
        NS_TEST_EXPECT_MSG_EQ(compared, 5 * 44, "every n and beta compared");

        // A model of the 16-128-128-8 MLP's size, 48 clients (the benchmark's case): Krum's
        // blocks of 512 and a remainder, and its selection as the reference's.
        constexpr std::size_t BIG = 19720;
        std::vector<ClientModel> clients(48);
        for (ClientModel& client : clients)
        {
            for (std::size_t k = 0; k < BIG; ++k)
            {
                client.parameters.push_back(static_cast<float>(uniform->GetValue(-1.0, 1.0)));
            }
        }
        NS_TEST_EXPECT_MSG_EQ(
            SameBits(CoordinateMedian(clients), ReferenceRankMean(clients, 23, 24)),
            true,
            "median, 48 x 19720");
        NS_TEST_EXPECT_MSG_EQ(
            SameBits(TrimmedMean(clients, 0.1), ReferenceRankMean(clients, 4, 43)),
            true,
            "trimmed mean, 48 x 19720");
        const std::vector<double> scores = KrumScores(clients, 10);
        const std::vector<double> reference = ReferenceKrumScores(clients, 10);
        for (std::size_t i = 0; i < clients.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ_TOL(scores[i], reference[i], reference[i] * 4e-6, "score");
        }
        std::vector<std::size_t> chosen;
        Krum(clients, 10, 5, &chosen);
        std::vector<std::size_t> expected(clients.size());
        std::iota(expected.begin(), expected.end(), 0);
        std::stable_sort(expected.begin(), expected.end(), [&](std::size_t a, std::size_t b) {
            return reference[a] < reference[b];
        });
        expected.resize(5);
        NS_TEST_EXPECT_MSG_EQ((chosen == expected), true, "Multi-Krum's five");
    }
};

/**
 * \ingroup sagin-tests
 * One client of eleven sends its update scaled by 100: FedAvg follows it, the robust rules
 * do not.
 */
class RobustAggregationPoisonTestCase : public TestCase
{
  public:
    RobustAggregationPoisonTestCase()
        : TestCase("a poisoned update: FedAvg moves far, median, trimmed mean and Krum stay")
    {
    }

  private:
    void DoRun() override
    {
        // 10 honest clients: global g_k = sin(k + 1) - 0.05, each honest model the target
        // sin(k + 1) plus N(0, 0.01^2) noise per parameter, so each honest update
        // (model - g) is about 0.05 per parameter; d = 1000. Client 3 sends g + 100 times
        // the update of a further honest client.
        constexpr std::size_t D = 1000;
        constexpr double SIGMA = 0.01;
        auto noise = CreateObject<NormalRandomVariable>();
        noise->SetAttribute("Mean", DoubleValue(0.0));
        noise->SetAttribute("Variance", DoubleValue(SIGMA * SIGMA));
        noise->SetStream(17);
        std::vector<float> global(D);
        for (std::size_t k = 0; k < D; ++k)
        {
            global[k] = static_cast<float>(std::sin(k + 1.0) - 0.05);
        }
        auto honestModel = [&]() {
            std::vector<float> model(D);
            for (std::size_t k = 0; k < D; ++k)
            {
                model[k] = static_cast<float>(std::sin(k + 1.0) + noise->GetValue());
            }
            return model;
        };
        std::vector<ClientModel> honest;
        for (int i = 0; i < 10; ++i)
        {
            honest.push_back({honestModel(), 1.0});
        }
        const std::vector<float> base = honestModel();
        std::vector<float> poisoned(D);
        for (std::size_t k = 0; k < D; ++k)
        {
            poisoned[k] = global[k] + 100.0F * (base[k] - global[k]);
        }
        std::vector<ClientModel> all(honest);
        all.insert(all.begin() + 3, ClientModel{poisoned, 1.0});

        const std::vector<float> honestMean = FedAvg(honest);
        // An honest model lies about sigma sqrt(d) = 0.32 from the honest mean.
        const double spread = SIGMA * std::sqrt(static_cast<double>(D));
        const double fedAvg = Distance(FedAvg(all), honestMean);
        const double median = Distance(CoordinateMedian(all), honestMean);
        const double trimmed = Distance(TrimmedMean(all, 0.1), honestMean);
        std::vector<std::size_t> chosen;
        const double krum = Distance(Krum(all, 1, 1, &chosen), honestMean);
        const bool krumHonest = chosen[0] != 3;
        const double krum4 = Distance(Krum(all, 4, 1), honestMean);
        const double multiKrum = Distance(Krum(all, 1, 10, &chosen), honestMean);
        const bool multiKrumHonest = std::find(chosen.begin(), chosen.end(), 3) == chosen.end();
        // Measured (stream 17 of seed 1, run 1), distances from the honest mean: FedAvg
        // 14.47, median 0.082, trimmed mean 0.057, Krum 0.280 (f = 1 and f = 4 pick the
        // same client), Multi-Krum 2.3e-7; an honest model's spread is 0.316.
        // FedAvg: (10 u + 100 u) / 11 - u = 9 u with |u| = 0.05 sqrt(1000) = 1.58: about 14.2.
        NS_TEST_EXPECT_MSG_GT(fedAvg, 12.0, "FedAvg follows the poisoned update");
        // The median and the trimmed mean (the outlier is every coordinate's maximum, so it
        // is always trimmed) stay within half an honest model's spread; Krum picks one
        // honest model, at about its spread; Multi-Krum with m = 10 averages the honest ten.
        NS_TEST_EXPECT_MSG_LT(median, 0.5 * spread, "median");
        NS_TEST_EXPECT_MSG_LT(trimmed, 0.5 * spread, "trimmed mean");
        NS_TEST_EXPECT_MSG_LT(krum, 1.2 * spread, "Krum");
        NS_TEST_EXPECT_MSG_EQ(krumHonest, true, "Krum picks an honest client");
        NS_TEST_EXPECT_MSG_LT(krum4, 1.2 * spread, "Krum, f = 4");
        NS_TEST_EXPECT_MSG_LT(multiKrum, 1e-5, "Multi-Krum");
        NS_TEST_EXPECT_MSG_EQ(multiKrumHonest, true, "Multi-Krum leaves the poisoned one out");
    }
};

/**
 * \ingroup sagin-tests
 * The rules as Aggregator objects, by TypeId name and with their attributes.
 */
class RobustAggregatorObjectsTestCase : public TestCase
{
  public:
    RobustAggregatorObjectsTestCase()
        : TestCase("MedianAggregator, TrimmedMeanAggregator and KrumAggregator")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<ClientModel> line = Clients({{0.0F}, {1.0F}, {2.0F}, {10.0F}, {20.0F}});
        ObjectFactory factory;
        factory.SetTypeId("ns3::sagin::MedianAggregator");
        Ptr<Aggregator> median = factory.Create<Aggregator>();
        NS_TEST_EXPECT_MSG_EQ(median->Aggregate({}, line)[0], 2.0F, "median by name");

        Ptr<Aggregator> trimmed = CreateObject<TrimmedMeanAggregator>();
        DoubleValue beta;
        trimmed->GetAttribute("TrimFraction", beta);
        NS_TEST_EXPECT_MSG_EQ(beta.Get(), 0.1, "default beta");
        NS_TEST_EXPECT_MSG_EQ(trimmed->Aggregate({}, line)[0],
                              static_cast<float>(33.0 / 5.0),
                              "beta 0.1 of 5 trims 0");
        trimmed->SetAttribute("TrimFraction", DoubleValue(0.2));
        // (1 + 2 + 10) / 3.
        NS_TEST_EXPECT_MSG_EQ(trimmed->Aggregate({}, line)[0],
                              static_cast<float>(13.0 / 3.0),
                              "beta 0.2");
        NS_TEST_EXPECT_MSG_EQ(trimmed->SetAttributeFailSafe("TrimFraction", DoubleValue(0.5)),
                              false,
                              "beta 0.5 refused by the checker");
        NS_TEST_EXPECT_MSG_EQ(trimmed->SetAttributeFailSafe("TrimFraction", DoubleValue(-0.1)),
                              false,
                              "negative beta refused by the checker");

        Ptr<Aggregator> krum = CreateObjectWithAttributes<KrumAggregator>("ByzantineCount",
                                                                          UintegerValue(1),
                                                                          "Selected",
                                                                          UintegerValue(3));
        NS_TEST_EXPECT_MSG_EQ(krum->Aggregate({}, line)[0], 1.0F, "Multi-Krum m = 3");
        krum->SetAttribute("Selected", UintegerValue(1));
        NS_TEST_EXPECT_MSG_EQ(krum->Aggregate({}, line)[0], 1.0F, "Krum");
        NS_TEST_EXPECT_MSG_EQ(krum->SetAttributeFailSafe("Selected", UintegerValue(0)),
                              false,
                              "m = 0 refused by the checker");
        krum->SetAttribute("ByzantineCount", UintegerValue(2));
        const std::string m =
            MessageOf<std::invalid_argument>([&]() { krum->Aggregate({}, line); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "n = 5"), true, m);
    }
};

/**
 * \ingroup sagin-tests
 * Bad input stops with a message naming the client and what is wrong.
 */
class RobustAggregationBadInputTestCase : public TestCase
{
  public:
    RobustAggregationBadInputTestCase()
        : TestCase("bad input to the robust rules, and CheckClientModel")
    {
    }

  private:
    void DoRun() override
    {
        const float nan = std::numeric_limits<float>::quiet_NaN();
        const float inf = std::numeric_limits<float>::infinity();
        const std::vector<ClientModel> five = Clients({{0.0F}, {1.0F}, {2.0F}, {3.0F}, {4.0F}});

        std::string m = MessageOf<std::invalid_argument>([&]() { KrumScores(five, 2); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "n = 5 clients cannot tolerate f = 2"), true, m);
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "n >= 2f + 3 = 7"), true, m);
        m = MessageOf<std::invalid_argument>([&]() { Krum(five, 1, 0); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "Selected m = 0"), true, m);
        m = MessageOf<std::invalid_argument>([&]() { Krum(five, 1, 6); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m,
                                       "Selected m = 6 must be between 1 and the client "
                                       "count n = 5"),
                              true,
                              m);
        // f is large enough for 2f + 3 to overflow 32 bits.
        m = MessageOf<std::invalid_argument>([&]() { Krum(five, 0xffffffffU, 1); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "2f + 3 = 8589934593"), true, m);

        for (double beta : {0.5, -0.1, 1.0, static_cast<double>(nan)})
        {
            m = MessageOf<std::invalid_argument>([&]() { TrimmedMean(five, beta); });
            NS_TEST_EXPECT_MSG_EQ(Contains(m, "is outside [0, 0.5)"), true, m);
        }

        std::vector<ClientModel> bad = Clients({{1.0F, 2.0F}, {3.0F, 4.0F}, {5.0F, nan}});
        for (const auto& [rule, name] : std::vector<std::pair<std::function<void()>, std::string>>{
                 {[&]() { CoordinateMedian(bad); }, "CoordinateMedian"},
                 {[&]() { TrimmedMean(bad, 0.1); }, "TrimmedMean"},
                 {[&]() {
                      KrumScores(Clients({{0, 0}, {1, 1}, {2, 2}, {3, 3}, {4, inf}}), 1);
                  },
                  "Krum"},
                 {[&]() { FedAvg(bad); }, "FedAvg"}})
        {
            m = MessageOf<std::invalid_argument>(rule);
            NS_TEST_EXPECT_MSG_EQ(Contains(m, name + ": client "), true, m);
            NS_TEST_EXPECT_MSG_EQ(Contains(m, "must be finite"), true, m);
        }
        m = MessageOf<std::invalid_argument>([&]() { CoordinateMedian(bad); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "client 2: parameter 1 is nan"), true, m);
        m = MessageOf<std::invalid_argument>([&]() {
            KrumScores(Clients({{0, 0}, {1, 1}, {2, 2}, {3, 3}, {4, -inf}}), 1);
        });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "client 4: parameter 1 is -inf"), true, m);
        // A NaN in the remainder after the vectors of 16, and with weight 0 in FedAvg.
        std::vector<ClientModel> tail = Clients({std::vector<float>(21, 1.0F),
                                                 std::vector<float>(21, 2.0F),
                                                 std::vector<float>(21, 3.0F)});
        tail[1].parameters[20] = inf;
        tail[1].weight = 0.0;
        m = MessageOf<std::invalid_argument>([&]() { TrimmedMean(tail, 0.0); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "client 1: parameter 20 is inf"), true, m);
        m = MessageOf<std::invalid_argument>([&]() { FedAvg(tail); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "client 1: parameter 20 is inf"), true, m);

        m = MessageOf<std::invalid_argument>([&]() {
            CoordinateMedian(Clients({{1.0F, 2.0F}, {3.0F}}));
        });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "client 1 has 1 parameters, expected 2"), true, m);
        m = MessageOf<std::invalid_argument>([&]() { Krum(Clients({{1.0F}, {}}), 0, 1); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "client 1 has 0 parameters, expected 1"), true, m);
        m = MessageOf<std::invalid_argument>([&]() { TrimmedMean({}, 0.1); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "no client model"), true, m);
        m = MessageOf<std::invalid_argument>([&]() { CoordinateMedian({}); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "no client model"), true, m);

        // The weights are not looked at by the robust rules.
        std::vector<ClientModel> weighted = five;
        weighted[0].weight = -5.0;
        weighted[1].weight = std::numeric_limits<double>::quiet_NaN();
        NS_TEST_EXPECT_MSG_EQ(CoordinateMedian(weighted)[0], 2.0F, "weights ignored");

        NS_TEST_EXPECT_MSG_EQ(CheckClientModel({{1.0F, 2.0F}, 3.0}, 2), "", "a good client");
        NS_TEST_EXPECT_MSG_EQ(CheckClientModel({{1.0F}, 3.0}, 2),
                              "has 1 parameters, expected 2",
                              "length");
        NS_TEST_EXPECT_MSG_EQ(CheckClientModel({{1.0F, nan}, 3.0}, 2), "parameter 1 is nan", "NaN");
        NS_TEST_EXPECT_MSG_EQ(CheckClientModel({{-inf, 1.0F}, 3.0}, 2),
                              "parameter 0 is -inf",
                              "infinity");
        NS_TEST_EXPECT_MSG_EQ(CheckClientModel({{1.0F, 2.0F}, -1.0}, 2),
                              "weight -1 is negative",
                              "negative weight");
        NS_TEST_EXPECT_MSG_EQ(
            CheckClientModel({{1.0F, 2.0F}, std::numeric_limits<double>::infinity()}, 2),
            "weight inf is not finite",
            "infinite weight");
    }
};

/**
 * \ingroup sagin-tests
 * The robust aggregation TestSuite.
 */
class LearningRobustAggregationTestSuite : public TestSuite
{
  public:
    LearningRobustAggregationTestSuite()
        : TestSuite("sagin-learning-robust-aggregation", Type::UNIT)
    {
        AddTestCase(new RobustAggregationHandTestCase);
        AddTestCase(new RobustAggregationReferenceTestCase);
        AddTestCase(new RobustAggregationPoisonTestCase);
        AddTestCase(new RobustAggregatorObjectsTestCase);
        AddTestCase(new RobustAggregationBadInputTestCase);
    }
};

static LearningRobustAggregationTestSuite
    g_learningRobustAggregationTestSuite; //!< Static variable for test initialization
