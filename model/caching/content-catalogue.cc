// SPDX-License-Identifier: GPL-2.0-only

#include "content-catalogue.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginContentCatalogue");
NS_OBJECT_ENSURE_REGISTERED(ContentCatalogue);

TypeId
ContentCatalogue::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::ContentCatalogue")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddConstructor<ContentCatalogue>()
            .AddAttribute("NumContents",
                          "F: number of contents on the satellite (count, >= 1; study C "
                          "default 30 [recon]).",
                          UintegerValue(30),
                          MakeUintegerAccessor(&ContentCatalogue::SetNumContents,
                                               &ContentCatalogue::GetNumContents),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute(
                "MaxContentSize",
                "s_max: largest content size (Mbit, > 0; study C: 50 [recon]).",
                DoubleValue(50.0),
                MakeDoubleAccessor(&ContentCatalogue::SetMaxSize, &ContentCatalogue::GetMaxSize),
                MakeDoubleChecker<double>())
            .AddAttribute("ContentSize",
                          "Distribution of a content's size s_f (Mbit; study C: U(10, 50) "
                          "[recon]); every draw must be in (0, MaxContentSize].",
                          StringValue("ns3::UniformRandomVariable[Min=10.0|Max=50.0]"),
                          MakePointerAccessor(&ContentCatalogue::m_sizeRv),
                          MakePointerChecker<RandomVariableStream>());
    return tid;
}

ContentCatalogue::ContentCatalogue()
    : m_numContents(30),
      m_maxSize(50.0)
{
    NS_LOG_FUNCTION(this);
}

ContentCatalogue::~ContentCatalogue()
{
    NS_LOG_FUNCTION(this);
}

void
ContentCatalogue::DoDispose()
{
    m_sizeRv = nullptr;
    Object::DoDispose();
}

void
ContentCatalogue::CheckSize(uint32_t f, double size) const
{
    if (std::isfinite(size) && size > 0.0 && size <= m_maxSize)
    {
        return;
    }
    std::ostringstream msg;
    msg << "ContentCatalogue: content " << f << " has size " << size << " Mbit";
    if (std::isfinite(size) && size > m_maxSize)
    {
        msg << ", larger than s_max = MaxContentSize = " << m_maxSize
            << " Mbit; raise MaxContentSize or bound ContentSize by it";
    }
    else
    {
        msg << "; a content size is a positive number of Mbit up to MaxContentSize = " << m_maxSize;
    }
    throw std::invalid_argument(msg.str());
}

void
ContentCatalogue::SetSizes(const std::vector<double>& sizes)
{
    NS_LOG_FUNCTION(this << sizes.size());
    if (sizes.empty())
    {
        throw std::invalid_argument("ContentCatalogue::SetSizes: no contents; give F >= 1 sizes");
    }
    for (uint32_t f = 0; f < sizes.size(); ++f)
    {
        CheckSize(f, sizes[f]);
    }
    m_sizes = sizes;
    m_numContents = sizes.size();
}

void
ContentCatalogue::EnsureSizes() const
{
    if (!m_sizes.empty())
    {
        return;
    }
    std::vector<double> sizes(m_numContents);
    for (uint32_t f = 0; f < m_numContents; ++f)
    {
        sizes[f] = m_sizeRv->GetValue();
        CheckSize(f, sizes[f]);
    }
    m_sizes = std::move(sizes);
}

uint32_t
ContentCatalogue::GetNumContents() const
{
    return m_numContents;
}

double
ContentCatalogue::GetSize(uint32_t f) const
{
    EnsureSizes();
    if (f >= m_sizes.size())
    {
        throw std::out_of_range("ContentCatalogue: content " + std::to_string(f) +
                                " does not exist (F = " + std::to_string(m_sizes.size()) + ")");
    }
    return m_sizes[f];
}

const std::vector<double>&
ContentCatalogue::GetSizes() const
{
    EnsureSizes();
    return m_sizes;
}

double
ContentCatalogue::GetMaxSize() const
{
    return m_maxSize;
}

double
ContentCatalogue::GetSmallestSize() const
{
    EnsureSizes();
    return *std::min_element(m_sizes.begin(), m_sizes.end());
}

int64_t
ContentCatalogue::AssignStreams(int64_t stream)
{
    m_sizeRv->SetStream(stream);
    return 1;
}

void
ContentCatalogue::SetNumContents(uint32_t n)
{
    // The attribute's checker keeps it >= 1.
    m_numContents = n;
    m_sizes.clear();
}

void
ContentCatalogue::SetMaxSize(double maxSize)
{
    if (!std::isfinite(maxSize) || maxSize <= 0.0)
    {
        std::ostringstream msg;
        msg << "ContentCatalogue attribute MaxContentSize: " << maxSize
            << " Mbit; s_max is a positive number of Mbit (study C: 50)";
        throw std::invalid_argument(msg.str());
    }
    m_maxSize = maxSize;
    for (uint32_t f = 0; f < m_sizes.size(); ++f)
    {
        CheckSize(f, m_sizes[f]);
    }
}

} // namespace sagin
} // namespace ns3
