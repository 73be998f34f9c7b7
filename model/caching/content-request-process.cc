// SPDX-License-Identifier: GPL-2.0-only

#include "content-request-process.h"

#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/ns3-release-compat.h"
#include "ns3/pointer.h"
#include "ns3/string.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginContentRequestProcess");
NS_OBJECT_ENSURE_REGISTERED(ContentRequestProcess);

TypeId
ContentRequestProcess::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::ContentRequestProcess")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddConstructor<ContentRequestProcess>()
            .AddAttribute("Popularity",
                          "Popularity law of the requests: Zipf (ZipfExponent) or Uniform.",
                          EnumValue(ContentRequestProcess::ZIPF),
                          MakeEnumAccessorFor<ContentRequestProcess::Popularity>(
                              &ContentRequestProcess::SetPopularity,
                              &ContentRequestProcess::GetPopularity),
                          MakeEnumChecker(ContentRequestProcess::ZIPF,
                                          "Zipf",
                                          ContentRequestProcess::UNIFORM,
                                          "Uniform"))
            .AddAttribute("ZipfExponent",
                          "gamma of the Zipf popularity P(f) ~ (f + 1)^-gamma (dimensionless, "
                          ">= 0; 0 is uniform; study C: 0.8 [recon]).",
                          DoubleValue(0.8),
                          MakeDoubleAccessor(&ContentRequestProcess::SetZipfExponent,
                                             &ContentRequestProcess::GetZipfExponent),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("Uniform",
                          "U[0, 1) variable whose draws are inverted through the popularity "
                          "law's cumulative distribution (dimensionless).",
                          StringValue("ns3::UniformRandomVariable[Min=0.0|Max=1.0]"),
                          MakePointerAccessor(&ContentRequestProcess::m_uniform),
                          MakePointerChecker<RandomVariableStream>());
    return tid;
}

ContentRequestProcess::ContentRequestProcess()
    : m_popularity(ZIPF),
      m_zipfExponent(0.8)
{
    NS_LOG_FUNCTION(this);
}

ContentRequestProcess::~ContentRequestProcess()
{
    NS_LOG_FUNCTION(this);
}

void
ContentRequestProcess::DoDispose()
{
    m_uniform = nullptr;
    Object::DoDispose();
}

void
ContentRequestProcess::EnsureCdf(uint32_t numContents) const
{
    if (m_cdf.size() == numContents)
    {
        return;
    }
    const double exponent = m_popularity == ZIPF ? m_zipfExponent : 0.0;
    std::vector<double> cdf(numContents);
    double sum = 0.0;
    for (uint32_t f = 0; f < numContents; ++f)
    {
        sum += std::pow(f + 1.0, -exponent);
        cdf[f] = sum;
    }
    for (double& c : cdf)
    {
        c /= sum;
    }
    cdf.back() = 1.0; // no rounding gap above the last content
    m_cdf = std::move(cdf);
}

std::vector<uint32_t>
ContentRequestProcess::DrawRequests(uint32_t numUes, uint32_t numContents)
{
    NS_LOG_FUNCTION(this << numUes << numContents);
    if (numContents == 0)
    {
        throw std::invalid_argument(
            "ContentRequestProcess::DrawRequests: no contents (F = 0); give F >= 1");
    }
    EnsureCdf(numContents);
    std::vector<uint32_t> requests(numUes);
    for (uint32_t i = 0; i < numUes; ++i)
    {
        const double u = m_uniform->GetValue();
        const auto it = std::upper_bound(m_cdf.begin(), m_cdf.end(), u);
        requests[i] = std::min<uint32_t>(it - m_cdf.begin(), numContents - 1);
    }
    return requests;
}

double
ContentRequestProcess::GetProbability(uint32_t f, uint32_t numContents) const
{
    if (f >= numContents)
    {
        throw std::out_of_range("ContentRequestProcess::GetProbability: content " +
                                std::to_string(f) + " of F = " + std::to_string(numContents));
    }
    EnsureCdf(numContents);
    return f == 0 ? m_cdf[0] : m_cdf[f] - m_cdf[f - 1];
}

int64_t
ContentRequestProcess::AssignStreams(int64_t stream)
{
    m_uniform->SetStream(stream);
    return 1;
}

void
ContentRequestProcess::SetZipfExponent(double exponent)
{
    // The attribute's checker keeps it finite and >= 0.
    m_zipfExponent = exponent;
    m_cdf.clear();
}

double
ContentRequestProcess::GetZipfExponent() const
{
    return m_zipfExponent;
}

void
ContentRequestProcess::SetPopularity(Popularity popularity)
{
    m_popularity = popularity;
    m_cdf.clear();
}

ContentRequestProcess::Popularity
ContentRequestProcess::GetPopularity() const
{
    return m_popularity;
}

} // namespace sagin
} // namespace ns3
