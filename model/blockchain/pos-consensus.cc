// SPDX-License-Identifier: GPL-2.0-only

#include "pos-consensus.h"

#include "byte-codec.h"

#include "ns3/log.h"

#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("PosConsensus");
NS_OBJECT_ENSURE_REGISTERED(PosConsensus);

const std::string PosConsensus::SEED_DOMAIN = "sagin/pos-slot/v1";

TypeId
PosConsensus::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::PosConsensus")
                            .SetParent<SlotConsensus>()
                            .SetGroupName("Sagin")
                            .AddConstructor<PosConsensus>();
    return tid;
}

PosConsensus::PosConsensus() = default;

PosConsensus::~PosConsensus() = default;

std::string
PosConsensus::DoGetName() const
{
    return "pos";
}

uint32_t
PosConsensus::SelectProducer(const std::vector<double>& stakes,
                             const Sha256Digest& parent,
                             uint64_t slot)
{
    double total = 0;
    for (double stake : stakes)
    {
        total += stake;
    }
    if (stakes.empty() || !(total > 0))
    {
        throw std::invalid_argument("PosConsensus: the members' stakes sum to " +
                                    std::to_string(total) +
                                    "; give at least one member a positive stake");
    }
    ByteWriter writer;
    writer.WriteBytes(reinterpret_cast<const uint8_t*>(SEED_DOMAIN.data()), SEED_DOMAIN.size());
    writer.WriteArray(parent);
    writer.WriteU64(slot);
    const Sha256Digest seed = Sha256(writer.TakeBytes());
    uint64_t x = 0;
    for (int i = 0; i < 8; ++i)
    {
        x = (x << 8) | seed[i];
    }
    const double u = static_cast<double>(x >> 11) * 0x1.0p-53; // exact, in [0, 1)
    const double target = u * total;
    double cumulative = 0;
    for (uint32_t i = 0; i < stakes.size(); ++i)
    {
        cumulative += stakes[i];
        if (target < cumulative)
        {
            return i;
        }
    }
    // Rounding can leave target at the total: the last member with stake.
    for (uint32_t i = static_cast<uint32_t>(stakes.size()); i-- > 0;)
    {
        if (stakes[i] > 0)
        {
            return i;
        }
    }
    return 0;
}

std::vector<uint32_t>
PosConsensus::DoGetProducers(const Ledger& /* ledger */,
                             const Sha256Digest& parent,
                             uint64_t slot) const
{
    std::vector<double> stakes;
    for (const auto& member : GetMembers())
    {
        stakes.push_back(member.weight);
    }
    return {SelectProducer(stakes, parent, slot)};
}

} // namespace sagin
} // namespace ns3
