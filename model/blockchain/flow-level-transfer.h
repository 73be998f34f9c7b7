// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_FLOW_LEVEL_TRANSFER_H
#define SAGIN_FLOW_LEVEL_TRANSFER_H

#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <cstdint>

namespace ns3
{

class Node;

namespace sagin
{

/**
 * \ingroup sagin
 * What a flow-level transfer needs of the path between two nodes: its bottleneck rate, its
 * propagation delay and what one full segment takes to cross it hop by hop.
 */
struct FlowPath
{
    double rate{0};                //!< the slowest hop's data rate (bit/s; infinite: no hop)
    double propagation{0};         //!< sum of the hops' propagation delays (s)
    double segmentStoreForward{0}; //!< sum over hops of one full segment's transmission (s)
    uint32_t hops{0};              //!< links crossed
};

/**
 * \ingroup sagin
 * Follow the routing from a node to an address, hop by hop, over point-to-point links
 * (PointToPointNetDevice and its channel: ns-3's, and sagin's ISLs). Throws
 * std::invalid_argument naming the node and the device when a hop has no route or is not a
 * point-to-point link (a shared medium such as the GSL has no fixed rate to model).
 * \param from the sending node
 * \param to the receiver's address
 * \param segmentWireBytes bytes of one full segment on the wire (payload and headers)
 * \return the path
 */
FlowPath FindFlowPath(Ptr<Node> from, Ipv4Address to, uint32_t segmentWireBytes);

/**
 * \ingroup sagin
 * A TCP bulk transfer's duration from the path, without its segments: slow start from the
 * connection's congestion window (doubling per round trip: one segment more per segment
 * acknowledged, as ns-3's NewReno and CUBIC grow it below the slow-start threshold), each
 * round capped by the window limit (the smaller of the send and receive buffers), and at the
 * bottleneck rate once a window fills the pipe. No loss (the links' queues are assumed to
 * hold a window) and no early end of slow start (CUBIC's HyStart, on by default in ns-3).
 */
class TcpFlowModel
{
  public:
    /**
     * \param segmentSize TCP payload per segment (bytes)
     * \param headerBytes headers on the wire per segment (bytes: IPv4, TCP and its options,
     *        the link's framing)
     * \param initialCwnd congestion window of a new connection (segments)
     * \param windowLimit largest amount in flight (bytes)
     */
    TcpFlowModel(uint32_t segmentSize,
                 uint32_t headerBytes,
                 uint32_t initialCwnd,
                 uint32_t windowLimit);

    /**
     * \param bytes payload to move
     * \param path the path
     * \return from the first byte's send to the last byte's arrival; the window grows
     *         as it would (the next transfer on the connection starts from it)
     */
    Time Transfer(uint64_t bytes, const FlowPath& path);

    /** \return the congestion window now (segments) */
    uint64_t GetCwnd() const;

  private:
    uint32_t m_segmentSize; //!< (bytes)
    uint32_t m_headerBytes; //!< (bytes)
    uint32_t m_windowLimit; //!< (bytes)
    uint64_t m_cwnd;        //!< (segments)
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_FLOW_LEVEL_TRANSFER_H
