// SPDX-License-Identifier: GPL-2.0-only
//
// Study C's content catalogue and request process: sizes in range and reproducible, request
// frequencies against the Zipf and uniform laws written out in closed form, bad input.

#include "sagin-test-utils.h"

#include "ns3/content-catalogue.h"
#include "ns3/content-request-process.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

/**
 * \ingroup sagin-tests
 * Sizes drawn in U(10, 50) Mbit, reproducible, explicit sizes.
 */
class ContentCatalogueTestCase : public TestCase
{
  public:
    ContentCatalogueTestCase()
        : TestCase("Catalogue sizes: default U(10, 50) Mbit, reproducible, explicit")
    {
    }

  private:
    void DoRun() override
    {
        auto catalogue = CreateObject<ContentCatalogue>();
        catalogue->AssignStreams(7);
        NS_TEST_ASSERT_MSG_EQ(catalogue->GetNumContents(), 30, "study C: F = 30");
        const std::vector<double> sizes = catalogue->GetSizes();
        NS_TEST_ASSERT_MSG_EQ(sizes.size(), 30, "F sizes");
        double smallest = 1e9;
        for (double s : sizes)
        {
            NS_TEST_EXPECT_MSG_EQ((s >= 10.0 && s <= 50.0), true, "s_f in [10, 50] Mbit: " << s);
            smallest = std::min(smallest, s);
        }
        NS_TEST_EXPECT_MSG_EQ(catalogue->GetSmallestSize(), smallest, "smallest");
        NS_TEST_EXPECT_MSG_EQ((catalogue->GetSizes() == sizes), true, "drawn once");

        auto again = CreateObject<ContentCatalogue>();
        again->AssignStreams(7);
        NS_TEST_EXPECT_MSG_EQ((again->GetSizes() == sizes), true, "same stream, same sizes");
        auto other = CreateObject<ContentCatalogue>();
        other->AssignStreams(8);
        NS_TEST_EXPECT_MSG_EQ((other->GetSizes() != sizes), true, "another stream differs");

        catalogue->SetSizes({12.5, 50.0, 3.0});
        NS_TEST_EXPECT_MSG_EQ(catalogue->GetNumContents(), 3, "explicit F");
        NS_TEST_EXPECT_MSG_EQ(catalogue->GetSize(1), 50.0, "s_f = s_max is allowed");
        NS_TEST_EXPECT_MSG_EQ(catalogue->GetSmallestSize(), 3.0, "smallest");
    }
};

/**
 * \ingroup sagin-tests
 * Request frequencies against the closed-form popularity laws.
 */
class ContentRequestFrequencyTestCase : public TestCase
{
  public:
    ContentRequestFrequencyTestCase()
        : TestCase("Request frequencies: Zipf 0.8 and uniform within 5 binomial sigmas")
    {
    }

  private:
    /**
     * Draw many requests and compare every content's frequency with p.
     * \param process the request process
     * \param p the expected probabilities (closed form)
     * \param label what is checked
     */
    void CheckFrequencies(Ptr<ContentRequestProcess> process,
                          const std::vector<double>& p,
                          const std::string& label)
    {
        const uint32_t numContents = p.size();
        const uint32_t slots = 2000;
        const uint32_t ues = 50; // 100000 requests
        std::vector<uint32_t> counts(numContents, 0);
        for (uint32_t t = 0; t < slots; ++t)
        {
            for (uint32_t f : process->DrawRequests(ues, numContents))
            {
                NS_TEST_ASSERT_MSG_LT(f, numContents, "request in range");
                ++counts[f];
            }
        }
        const double n = double(slots) * ues;
        for (uint32_t f = 0; f < numContents; ++f)
        {
            NS_TEST_EXPECT_MSG_EQ_TOL(process->GetProbability(f, numContents),
                                      p[f],
                                      1e-12,
                                      label << ": P(" << f << ")");
            const double sigma = std::sqrt(n * p[f] * (1.0 - p[f]));
            NS_TEST_EXPECT_MSG_EQ_TOL(double(counts[f]),
                                      n * p[f],
                                      5.0 * sigma,
                                      label << ": count of content " << f);
        }
    }

    void DoRun() override
    {
        const uint32_t numContents = 30;
        // Zipf by hand: p_f = (f+1)^-0.8 / H, H = sum_{k=1}^{30} k^-0.8.
        std::vector<double> zipf(numContents);
        double h = 0.0;
        for (uint32_t k = 1; k <= numContents; ++k)
        {
            h += 1.0 / std::pow(double(k), 0.8);
        }
        for (uint32_t f = 0; f < numContents; ++f)
        {
            zipf[f] = 1.0 / std::pow(f + 1.0, 0.8) / h;
        }
        auto process = CreateObject<ContentRequestProcess>();
        process->AssignStreams(11);
        CheckFrequencies(process, zipf, "Zipf 0.8");

        auto uniform = CreateObject<ContentRequestProcess>();
        uniform->SetAttribute("Popularity", EnumValue(ContentRequestProcess::UNIFORM));
        uniform->AssignStreams(12);
        CheckFrequencies(uniform, std::vector<double>(numContents, 1.0 / numContents), "uniform");

        auto zero = CreateObject<ContentRequestProcess>();
        zero->SetAttribute("ZipfExponent", DoubleValue(0.0));
        NS_TEST_EXPECT_MSG_EQ_TOL(zero->GetProbability(29, 30), 1.0 / 30, 1e-12, "Zipf 0");

        // Same stream, same requests; another stream, other requests.
        auto a = CreateObject<ContentRequestProcess>();
        auto b = CreateObject<ContentRequestProcess>();
        a->AssignStreams(3);
        b->AssignStreams(3);
        const std::vector<uint32_t> ra = a->DrawRequests(200, numContents);
        NS_TEST_EXPECT_MSG_EQ((ra == b->DrawRequests(200, numContents)), true, "reproducible");
        b->AssignStreams(4);
        NS_TEST_EXPECT_MSG_EQ((ra != b->DrawRequests(200, numContents)), true, "streams differ");
    }
};

/**
 * \ingroup sagin-tests
 * Bad catalogue and request input, each refused with a message naming it.
 */
class ContentBadInputTestCase : public TestCase
{
  public:
    ContentBadInputTestCase()
        : TestCase("Bad input: content above s_max, Zipf exponent < 0, F = 0")
    {
    }

  private:
    void DoRun() override
    {
        auto catalogue = CreateObject<ContentCatalogue>();
        std::string m = MessageOf<std::invalid_argument>([&]() {
            catalogue->SetSizes({10.0, 60.0});
        });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "content 1 has size 60 Mbit, larger than s_max"),
                              true,
                              m);
        // A size distribution that exceeds s_max is caught at the draw.
        auto drawn = CreateObject<ContentCatalogue>();
        drawn->SetAttribute("ContentSize",
                            StringValue("ns3::ConstantRandomVariable[Constant=70.0]"));
        m = MessageOf<std::invalid_argument>([&]() { drawn->GetSizes(); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "larger than s_max = MaxContentSize = 50"), true, m);
        m = MessageOf<std::invalid_argument>([&]() { catalogue->SetSizes({10.0, 0.0}); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "positive"), true, m);
        // The attribute's checker refuses it (Config::SetDefault and the command line too).
        NS_TEST_EXPECT_MSG_EQ(catalogue->SetAttributeFailSafe("NumContents", UintegerValue(0)),
                              false,
                              "NumContents = 0 refused by the checker");
        catalogue->SetSizes({10.0, 40.0});
        m = MessageOf<std::invalid_argument>(
            [&]() { catalogue->SetAttribute("MaxContentSize", DoubleValue(30.0)); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "content 1 has size 40 Mbit"), true, m);

        auto process = CreateObject<ContentRequestProcess>();
        NS_TEST_EXPECT_MSG_EQ(process->SetAttributeFailSafe("ZipfExponent", DoubleValue(-0.5)),
                              false,
                              "a negative exponent refused by the checker");
        m = MessageOf<std::invalid_argument>([&]() { process->DrawRequests(5, 0); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "F = 0"), true, m);
    }
};

/**
 * \ingroup sagin-tests
 * The study C content TestSuite.
 */
class CachingContentTestSuite : public TestSuite
{
  public:
    CachingContentTestSuite()
        : TestSuite("sagin-caching-content", Type::UNIT)
    {
        AddTestCase(new ContentCatalogueTestCase);
        AddTestCase(new ContentRequestFrequencyTestCase);
        AddTestCase(new ContentBadInputTestCase);
    }
};

static CachingContentTestSuite
    g_cachingContentTestSuite; //!< Static variable for test initialization
