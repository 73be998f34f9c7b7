// SPDX-License-Identifier: GPL-2.0-only

#include "rtt-series.h"

#include "ns3/simulator.h"

namespace ns3
{
namespace sagin
{

RttSeries::RttSeries(const std::string& kind,
                     const std::string& source,
                     const std::string& destination)
    : m_kind(kind),
      m_source(source),
      m_destination(destination),
      m_name(source + "->" + destination),
      m_dataset(m_name)
{
    m_dataset.SetStyle(Gnuplot2dDataset::LINES_POINTS);
}

void
RttSeries::Record(Time rtt)
{
    const double ms = rtt.GetSeconds() * 1e3;
    m_dataset.Add(Simulator::Now().GetSeconds(), ms);
    ++m_replies;
    m_sumMs += ms;
}

const std::string&
RttSeries::GetName() const
{
    return m_name;
}

const std::string&
RttSeries::GetKind() const
{
    return m_kind;
}

const std::string&
RttSeries::GetSource() const
{
    return m_source;
}

const std::string&
RttSeries::GetDestination() const
{
    return m_destination;
}

uint32_t
RttSeries::GetReplies() const
{
    return m_replies;
}

void
RttSeries::Report(std::ostream& out, Gnuplot& plot) const
{
    out << (m_kind.empty() ? "" : m_kind + " ") << m_name << ": " << m_replies << " replies";
    if (m_replies > 0)
    {
        out << ", mean RTT " << m_sumMs / m_replies << " ms";
        plot.AddDataset(m_dataset);
    }
    out << "\n";
}

} // namespace sagin
} // namespace ns3
