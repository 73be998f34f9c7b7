// SPDX-License-Identifier: GPL-2.0-only

#include "slot-consensus.h"

#include "blockchain-node.h"
#include "byte-codec.h"
#include "ledger.h"

#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SlotConsensus");
NS_OBJECT_ENSURE_REGISTERED(SlotConsensus);

TypeId
SlotConsensus::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::SlotConsensus")
            .SetParent<ConsensusEngine>()
            .SetGroupName("Sagin")
            .AddAttribute("SlotDuration",
                          "Length of a production slot, the same on every node (time). "
                          "Default 1 s [recon].",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&SlotConsensus::m_slotDuration),
                          MakeTimeChecker(NanoSeconds(1)));
    return tid;
}

SlotConsensus::SlotConsensus() = default;

SlotConsensus::~SlotConsensus() = default;

std::vector<uint8_t>
SlotConsensus::EncodeSlot(uint64_t slot)
{
    ByteWriter writer;
    writer.WriteU64(slot);
    return writer.TakeBytes();
}

uint64_t
SlotConsensus::DecodeSlot(const std::vector<uint8_t>& data)
{
    ByteReader reader(data.data(), data.size(), "slot consensus data");
    const uint64_t slot = reader.ReadU64("slot");
    reader.ExpectEnd();
    return slot;
}

int64_t
SlotConsensus::SlotOf(const Ledger& ledger, const Sha256Digest& hash)
{
    const BlockHeader& header = ledger.GetHeader(hash);
    return header.IsGenesis() ? -1 : static_cast<int64_t>(DecodeSlot(header.GetConsensusData()));
}

uint64_t
SlotConsensus::CountMissedSlots(const Ledger& ledger)
{
    const int64_t tipSlot = SlotOf(ledger, ledger.GetTipHash());
    return static_cast<uint64_t>(tipSlot + 1) - ledger.GetTipHeight();
}

Time
SlotConsensus::GetSlotDuration() const
{
    return m_slotDuration;
}

Time
SlotConsensus::GetSlotStart(uint64_t slot) const
{
    return m_slotDuration * static_cast<int64_t>(slot);
}

std::vector<uint32_t>
SlotConsensus::GetProducers(const Ledger& ledger, const Sha256Digest& parent, uint64_t slot) const
{
    return DoGetProducers(ledger, parent, slot);
}

Time
SlotConsensus::GetFallbackDelay() const
{
    return DoGetFallbackDelay();
}

Time
SlotConsensus::DoGetFallbackDelay() const
{
    return m_slotDuration;
}

std::vector<Transaction>
SlotConsensus::DoMakeProducerTransactions(const Sha256Digest& /* parent */, uint64_t /* slot */)
{
    return {};
}

std::string
SlotConsensus::DoCheckBody(const Ledger& /* ledger */,
                           const BlockHeader& /* header */,
                           const std::vector<Transaction>& /* body */) const
{
    return "";
}

void
SlotConsensus::DoStart()
{
    ScheduleNextSlot();
}

void
SlotConsensus::DoStop()
{
    m_slotEvent.Cancel();
    m_produceEvent.Cancel();
}

void
SlotConsensus::ScheduleNextSlot()
{
    // The first slot starting now or later.
    const int64_t now = Simulator::Now().GetTimeStep();
    const int64_t length = m_slotDuration.GetTimeStep();
    const uint64_t slot = static_cast<uint64_t>((now + length - 1) / length);
    m_slotEvent = Simulator::Schedule(GetSlotStart(slot) - Simulator::Now(),
                                      &SlotConsensus::OnSlot,
                                      this,
                                      slot);
}

void
SlotConsensus::OnSlot(uint64_t slot)
{
    m_slotEvent = Simulator::Schedule(m_slotDuration, &SlotConsensus::OnSlot, this, slot + 1);
    Ptr<Ledger> ledger = GetLedger();
    const auto producers = GetProducers(*ledger, ledger->GetTipHash(), slot);
    const int32_t self = FindMember(GetKey().GetPublicKey());
    auto it = std::find(producers.begin(), producers.end(), static_cast<uint32_t>(self));
    if (self < 0 || it == producers.end())
    {
        return;
    }
    const Time offset = GetFallbackDelay() * static_cast<int64_t>(it - producers.begin());
    if (offset >= m_slotDuration)
    {
        return; // too far down the list for this slot
    }
    m_produceEvent.Cancel();
    m_produceEvent = Simulator::Schedule(offset, &SlotConsensus::TryProduce, this, slot);
}

void
SlotConsensus::TryProduce(uint64_t slot)
{
    // Ask again on the current tip: a block for this slot (from a better-ranked producer), or
    // a late block of an earlier slot, may have arrived since the slot started.
    Ptr<Ledger> ledger = GetLedger();
    const Sha256Digest tip = ledger->GetTipHash();
    if (SlotOf(*ledger, tip) >= static_cast<int64_t>(slot))
    {
        return;
    }
    const auto producers = GetProducers(*ledger, tip, slot);
    const uint32_t self = static_cast<uint32_t>(FindMember(GetKey().GetPublicKey()));
    auto it = std::find(producers.begin(), producers.end(), self);
    if (it == producers.end() ||
        Simulator::Now() <
            GetSlotStart(slot) + GetFallbackDelay() * static_cast<int64_t>(it - producers.begin()))
    {
        return;
    }
    ProduceBlock(EncodeSlot(slot), DoMakeProducerTransactions(tip, slot));
}

std::string
SlotConsensus::DoCheckBlock(const Ledger& ledger,
                            const BlockHeader& header,
                            const std::vector<Transaction>* body) const
{
    uint64_t slot;
    try
    {
        slot = DecodeSlot(header.GetConsensusData());
    }
    catch (const WireFormatError& e)
    {
        return std::string("malformed slot data: ") + e.what();
    }
    const int64_t parentSlot = SlotOf(ledger, header.GetParentHash());
    if (static_cast<int64_t>(slot) <= parentSlot)
    {
        return "slot " + std::to_string(slot) + " is not after its parent's slot " +
               std::to_string(parentSlot);
    }
    const Time start = GetSlotStart(slot);
    const Time t = header.GetTimestamp();
    if (t < start || t >= start + m_slotDuration)
    {
        return "timestamp " + std::to_string(t.GetSeconds()) + " s is outside slot " +
               std::to_string(slot) + " [" + std::to_string(start.GetSeconds()) + ", " +
               std::to_string((start + m_slotDuration).GetSeconds()) + ") s";
    }
    if (t > Simulator::Now())
    {
        return "timestamp " + std::to_string(t.GetSeconds()) + " s is in the future (now " +
               std::to_string(Simulator::Now().GetSeconds()) + " s)";
    }
    const int32_t producer = FindMember(header.GetProducer());
    if (producer < 0)
    {
        return "producer " + ToHex(header.GetProducer().data(), 8) + " is not a member";
    }
    const auto producers = GetProducers(ledger, header.GetParentHash(), slot);
    auto it = std::find(producers.begin(), producers.end(), static_cast<uint32_t>(producer));
    if (it == producers.end())
    {
        return "node " + std::to_string(GetMembers()[producer].nodeId) +
               " is not a producer of slot " + std::to_string(slot) +
               (producers.empty()
                    ? std::string()
                    : " (expected node " + std::to_string(GetMembers()[producers[0]].nodeId) + ")");
    }
    const Time earliest = start + GetFallbackDelay() * static_cast<int64_t>(it - producers.begin());
    if (t < earliest)
    {
        return "node " + std::to_string(GetMembers()[producer].nodeId) + " has rank " +
               std::to_string(it - producers.begin()) + " in slot " + std::to_string(slot) +
               " and may produce from " + std::to_string(earliest.GetSeconds()) + " s, not " +
               std::to_string(t.GetSeconds()) + " s";
    }
    return body ? DoCheckBody(ledger, header, *body) : "";
}

} // namespace sagin
} // namespace ns3
