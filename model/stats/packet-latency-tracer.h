// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_PACKET_LATENCY_TRACER_H
#define SAGIN_PACKET_LATENCY_TRACER_H

#include "run-store.h"

#include "ns3/ipv4-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <deque>
#include <set>
#include <unordered_map>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * \brief Per-packet one-way latency and path of IPv4 traffic between chosen nodes.
 *
 * Install it on the end nodes. Like ns-3's FlowMonitor it keeps the packets in flight in a
 * map, but finds them without a tag: by the packet's uid (copies keep it) together with the
 * IPv4 header's Identification (TCP cuts several segments from one application packet, all
 * with its uid; each IPv4 datagram a node sends gets the next Identification). Every IPv4
 * packet an installed node originates (its SendOutgoing trace) enters the map with its send
 * time and source; every node whose routing protocol has a "Forward" trace source
 * (SaginRouting) appends its id when it forwards a tracked packet (fragments of one datagram
 * once per node); when an installed node delivers it locally (LocalDeliver), the tracer
 * records source, destination, send and receive times, size and the path (node ids in hop
 * order) and forgets the packet (a broadcast or multicast stays in the map, so every
 * installed receiver records it). Records go to the Latency trace and,
 * with a run store, to its table packets (batched). A packet is recorded by the tracer that
 * traces both its source and its destination; tracers do not see each other's packets.
 *
 * The forwarding traces of every node in the NodeList are connected when the simulation
 * starts (an event scheduled now by Install), so the order of helper calls in a script does
 * not matter; nodes created after that are not hooked. A packet still in flight
 * InFlightTimeout after it was sent is taken as lost and dropped from the map unrecorded
 * (as FlowMonitor's MaxPerHopDelay). The check runs at a send, once the map has doubled or
 * InFlightTimeout has passed since the last check (so a lost packet goes within twice the
 * timeout while traffic continues, at amortised constant cost per packet); no periodic event
 * keeps the simulation going.
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
    typedef void (*LatencyTracedCallback)(const Record& record);

    /**
     * Trace the packets between these end nodes; the forwarding nodes' traces are connected
     * when the simulation starts.
     * \param nodes end nodes whose packets to trace (each needs IPv4)
     */
    void Install(NodeContainer nodes);

    /**
     * Write every record to the table packets of a run store.
     * \param store the run store (open)
     * \param runId the run the rows belong to
     */
    void SetRunStore(Ptr<RunStore> store, int64_t runId);

    /** \return packets recorded so far */
    uint64_t GetRecordCount() const;

    /** \return packets sent and neither delivered nor yet given up as lost */
    uint64_t GetInFlightCount() const;

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
     * \param ipv4 its IPv4 (the trace's owner)
     * \param header the IPv4 header
     * \param packet the payload delivered
     * \param interface input interface
     */
    void Delivered(uint32_t node,
                   Ipv4* ipv4,
                   const Ipv4Header& header,
                   Ptr<const Packet> packet,
                   uint32_t interface);

    /**
     * A forwarding node forwards a packet (its Forward trace, through a ForwardSink).
     * \param node the forwarding node's id
     * \param header the packet's IPv4 header
     * \param packet the packet
     */
    void Forwarded(uint32_t node, const Ipv4Header& header, const Packet& packet);
    /** Connect to the Forward trace of every node's routing protocol(s) not yet hooked. */
    void HookForwarders();
    /**
     * \param routing a node's routing protocol (or one inside an Ipv4ListRouting)
     * \param node the node's id
     */
    void HookForwarder(Ptr<Ipv4RoutingProtocol> routing, uint32_t node);
    /** Drop the packets in flight for longer than InFlightTimeout. */
    void ForgetLost();

    /** A traced packet on its way. */
    struct InFlight
    {
        Time sent;                  //!< left the source's IP layer
        uint32_t source{0};         //!< source node id
        std::vector<uint32_t> path; //!< forwarding node ids so far
    };

    /**
     * \param packet a packet
     * \param header its IPv4 header
     * \return its key in the map of packets in flight
     */
    static uint64_t KeyOf(const Packet& packet, const Ipv4Header& header);

    /**
     * One forwarding node's Forward trace sink: the node's id held here instead of bound to
     * the callback (a bound argument costs a call layer on every hop).
     */
    struct ForwardSink
    {
        PacketLatencyTracer* tracer; //!< the tracer
        uint32_t node;               //!< the forwarding node's id

        /**
         * \param header the packet's IPv4 header
         * \param packet the packet
         */
        void Forwarded(const Ipv4Header& header, Ptr<const Packet> packet, uint32_t /* input */)
        {
            tracer->Forwarded(node, header, *packet);
        }
    };

    std::deque<ForwardSink> m_sinks;                   //!< one per hooked protocol (stable)
    std::unordered_map<uint64_t, InFlight> m_inFlight; //!< by KeyOf
    Time m_inFlightTimeout;                            //!< after which a packet is lost
    size_t m_sweepAt;                                  //!< map size that triggers ForgetLost
    Time m_lastSweep;                                  //!< when ForgetLost last ran
    bool m_hookPending;                                //!< HookForwarders scheduled
    std::set<Ptr<Ipv4RoutingProtocol>> m_hooked;       //!< protocols connected
    Ptr<RunStore> m_store;                             //!< optional run store
    Ptr<RunStore::Batch> m_rows;                       //!< its packets rows
    int64_t m_runId;                                   //!< run id of the rows
    uint64_t m_records;                                //!< count
    TracedCallback<const Record&> m_latencyTrace;      //!< every delivered packet
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_PACKET_LATENCY_TRACER_H
