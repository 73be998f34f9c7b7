// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_RTT_SERIES_H
#define SAGIN_RTT_SERIES_H

#include "ns3/gnuplot.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <ostream>
#include <string>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Round-trip times of one source towards one destination, as the examples collect them from
 * ping and echo traces: the replies and their mean for the summary, and a gnuplot dataset
 * "source->destination" of RTT (ms) over time (s). Run-store rows stay with the caller, whose
 * tables differ.
 */
class RttSeries
{
  public:
    /**
     * \param kind what measures it, printed before the name ("ping", "udp-echo"; "" for none)
     * \param source the source's name
     * \param destination the destination's name
     */
    RttSeries(const std::string& kind, const std::string& source, const std::string& destination);

    /**
     * Add a reply that arrives now.
     * \param rtt its round-trip time
     */
    void Record(Time rtt);

    /** \return "source->destination" */
    const std::string& GetName() const;

    /** \return what measures it ("" for none) */
    const std::string& GetKind() const;

    /** \return the source's name */
    const std::string& GetSource() const;

    /** \return the destination's name */
    const std::string& GetDestination() const;

    /** \return the replies recorded */
    uint32_t GetReplies() const;

    /**
     * Print "[kind ]name: n replies[, mean RTT x ms]" (in the stream's number format) and add
     * the dataset to the plot when it has a reply (gnuplot refuses an empty data block).
     * \param out where to print
     * \param plot the plot
     */
    void Report(std::ostream& out, Gnuplot& plot) const;

  private:
    std::string m_kind;         //!< "ping", "udp-echo" or ""
    std::string m_source;       //!< the source's name
    std::string m_destination;  //!< the destination's name
    std::string m_name;         //!< "source->destination"
    Gnuplot2dDataset m_dataset; //!< RTT (ms) over time (s)
    uint32_t m_replies{0};      //!< replies recorded
    double m_sumMs{0};          //!< sum of their RTTs (ms)
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_RTT_SERIES_H
