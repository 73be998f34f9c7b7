// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_IPV4_EVENT_TRACE_H
#define SAGIN_IPV4_EVENT_TRACE_H

#include "ns3/node-container.h"

#include <cstddef>
#include <memory>
#include <string>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Writes every IPv4 event of a set of nodes to a text file as it happens, one line each,
 * tab-separated: time (ns), node id, event, source address, destination address, IPv4
 * Identification, size (bytes of the IP payload). The events:
 * - SendOutgoing: the node originates the datagram (Ipv4L3Protocol);
 * - Forward: the node forwards it; from SaginRouting's Forward trace where the node has
 *   SaginRouting (alone or under Ipv4ListRouting; its fast path bypasses Ipv4L3Protocol),
 *   else from Ipv4L3Protocol's UnicastForward (ns-3's own routing protocols);
 * - LocalDeliver: the node delivers it to its transport layer (Ipv4L3Protocol);
 * - "Drop (reason)": Ipv4L3Protocol drops it (reasons as DropSummary names them);
 * - NoRoute: SaginRouting finds no route (source and Identification "-"; for a datagram the
 *   node originates, the size is its transport segment's: routing comes before IPv4's header).
 *
 * Two runs that should be the same packet for packet, sequential against distributed (each
 * rank tracing its own nodes into its own file), or before and after a change, are then
 * compared by sorting and diffing the files. Install it after the Internet stack and the
 * routing protocols. The file lives in shared storage, so the trace may be destroyed before
 * the nodes; it is closed when the last node's traces are (Simulator::Destroy).
 */
class Ipv4EventTrace
{
  public:
    /**
     * Create (truncate) the file. Throws std::invalid_argument naming the path when it cannot
     * be written.
     * \param path the file
     */
    explicit Ipv4EventTrace(const std::string& path);

    /**
     * Connect to the IPv4 events of these nodes. Throws std::invalid_argument naming a node
     * without an IPv4 stack.
     * \param nodes the nodes
     */
    void Install(const NodeContainer& nodes);

    /**
     * Flush the file. Throws std::runtime_error naming the path when writing failed (a full
     * disk).
     * \return the events written so far
     */
    std::size_t Flush();

  private:
    struct Output;                    //!< the file and its count, shared with the callbacks
    std::shared_ptr<Output> m_output; //!< ours and the callbacks'
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_IPV4_EVENT_TRACE_H
