// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_HOP_TAG_H
#define SAGIN_HOP_TAG_H

#include "ns3/nstime.h"
#include "ns3/tag.h"

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * \brief Byte tag a forwarding node adds to a packet: one per hop, in hop order.
 *
 * SaginRouting adds one with its node id whenever it forwards a packet; PacketLatencyTracer
 * reads them at the destination to record the path.
 */
class HopTag : public Tag
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;

    /** \param node id of the forwarding node */
    explicit HopTag(uint32_t node = 0);

    /** \return id of the forwarding node */
    uint32_t GetNode() const;

    uint32_t GetSerializedSize() const override;
    void Serialize(TagBuffer buffer) const override;
    void Deserialize(TagBuffer buffer) override;
    void Print(std::ostream& os) const override;

  private:
    uint32_t m_node; //!< forwarding node id
};

/**
 * \ingroup sagin
 * \brief Byte tag with the time and node a packet was sent from (PacketLatencyTracer).
 */
class SendTimeTag : public Tag
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;

    /**
     * \param time when the packet left its source
     * \param node the source node id
     */
    SendTimeTag(Time time = Time(), uint32_t node = 0);

    /** \return when the packet left its source */
    Time GetTime() const;

    /** \return the source node id */
    uint32_t GetNode() const;

    uint32_t GetSerializedSize() const override;
    void Serialize(TagBuffer buffer) const override;
    void Deserialize(TagBuffer buffer) override;
    void Print(std::ostream& os) const override;

  private:
    int64_t m_time;  //!< send time (time steps)
    uint32_t m_node; //!< source node id
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_HOP_TAG_H
