// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_DROP_SUMMARY_H
#define SAGIN_DROP_SUMMARY_H

#include "ns3/ipv4-l3-protocol.h"
#include "ns3/node-container.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Counts every packet dropped on a set of nodes, by reason, from the traces that report
 * drops: GslNetDevice's Drop ("GSL LowSinr", "GSL NoSatellite", "GSL NotAttached",
 * "GSL QueueFull"), SaginRouting's NoRoute ("NoRoute", also under Ipv4ListRouting),
 * Ipv4L3Protocol's Drop ("TTL expired", "IPv4 no route", "interface down", ...), the root
 * queue discs' Drop ("queue disc"), ArpL3Protocol's Drop ("ARP queue": packets
 * beyond the pending queue while an address is resolved) and the MacTxDrop, PhyTxDrop and PhyRxDrop
 * traces of other devices (point-to-point ISLs, CSMA: "device queue", "PHY tx", "PHY rx"). A run
 * that loses packets then says where, instead of showing only fewer replies.
 *
 * Install it after the Internet stack (the queue discs and routing protocols must exist).
 * The counts live in shared storage, so the summary may be copied or destroyed before the
 * nodes.
 */
class DropSummary
{
  public:
    DropSummary();

    /**
     * Connect to the drop traces of every device, IPv4 stack, routing protocol and root
     * queue disc of these nodes (those without IPv4: their devices only).
     * \param nodes the nodes
     */
    void Install(const NodeContainer& nodes);

    /** \return packets dropped so far, per reason */
    const std::map<std::string, uint64_t>& GetCounts() const;

    /** \return packets dropped so far, all reasons */
    uint64_t GetTotal() const;

    /**
     * \return "GSL LowSinr 12, TTL expired 3" (largest first), or "" when nothing was dropped
     */
    std::string Format() const;

    /**
     * \param reason an Ipv4L3Protocol drop reason
     * \return its name in the summary ("TTL expired", "IPv4 no route", ...)
     */
    static std::string GetIpv4DropName(Ipv4L3Protocol::DropReason reason);

  private:
    std::shared_ptr<std::map<std::string, uint64_t>> m_counts; //!< per reason
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_DROP_SUMMARY_H
