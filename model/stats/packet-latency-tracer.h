// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_PACKET_LATENCY_TRACER_H
#define SAGIN_PACKET_LATENCY_TRACER_H

#include "run-store.h"

#include "ns3/ipv4-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * \brief Per-packet one-way latency and path of IPv4 traffic between chosen nodes.
 *
 * Install it on the end nodes: every IPv4 packet one of them originates gets a SendTimeTag;
 * when an installed node delivers it locally, the tracer records source, destination, send
 * and receive times, size, and the path from the HopTags the forwarding nodes added (node
 * ids in hop order). Records go to the Latency trace and, with a run store, to its table
 * packets (batched).
 */
class PacketLatencyTracer : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    PacketLatencyTracer();

    /** One delivered packet. */
    struct Record
    {
        uint32_t source{0};         //!< source node id
        uint32_t destination{0};    //!< destination node id
        Ipv4Address from;           //!< source address
        Ipv4Address to;             //!< destination address
        uint8_t protocol{0};        //!< IP protocol (1 ICMP, 6 TCP, 17 UDP)
        Time sent;                  //!< left the source's IP layer
        Time received;              //!< delivered by the destination's IP layer
        uint32_t size{0};           //!< IP payload (bytes)
        std::vector<uint32_t> path; //!< forwarding node ids, in order
    };

    /**
     * Signature of Latency.
     * \param record the packet
     */
    typedef void (*LatencyCallback)(const Record& record);

    /** \param nodes end nodes whose packets to trace (each needs IPv4) */
    void Install(NodeContainer nodes);

    /**
     * Write every record to the table packets of a run store.
     * \param store the run store (open)
     * \param runId the run the rows belong to
     */
    void SetRunStore(Ptr<RunStore> store, int64_t runId);

    /** \return packets recorded so far */
    uint64_t GetRecordCount() const;

  private:
    void DoDispose() override;
    /**
     * \param node source node id
     * \param header its IPv4 header
     * \param packet the payload leaving
     * \param interface output interface
     */
    void Sent(uint32_t node,
              const Ipv4Header& header,
              Ptr<const Packet> packet,
              uint32_t interface);
    /**
     * \param node destination node id
     * \param header the IPv4 header
     * \param packet the payload delivered
     * \param interface input interface
     */
    void Delivered(uint32_t node,
                   const Ipv4Header& header,
                   Ptr<const Packet> packet,
                   uint32_t interface);

    Ptr<RunStore> m_store;                        //!< optional run store
    Ptr<RunStore::Batch> m_rows;                  //!< its packets rows
    int64_t m_runId;                              //!< run id of the rows
    uint64_t m_records;                           //!< count
    TracedCallback<const Record&> m_latencyTrace; //!< every delivered packet
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_PACKET_LATENCY_TRACER_H
