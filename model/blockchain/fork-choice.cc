// SPDX-License-Identifier: GPL-2.0-only

#include "fork-choice.h"

#include "ledger.h"

namespace ns3
{
namespace sagin
{

NS_OBJECT_ENSURE_REGISTERED(ForkChoice);
NS_OBJECT_ENSURE_REGISTERED(LongestChainForkChoice);

TypeId
ForkChoice::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::ForkChoice").SetParent<Object>().SetGroupName("Sagin");
    return tid;
}

ForkChoice::ForkChoice() = default;

ForkChoice::~ForkChoice() = default;

bool
ForkChoice::IsPreferred(const Ledger& ledger,
                        const Sha256Digest& candidate,
                        const Sha256Digest& tip) const
{
    return DoIsPreferred(ledger, candidate, tip);
}

TypeId
LongestChainForkChoice::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::LongestChainForkChoice")
                            .SetParent<ForkChoice>()
                            .SetGroupName("Sagin")
                            .AddConstructor<LongestChainForkChoice>();
    return tid;
}

LongestChainForkChoice::LongestChainForkChoice() = default;

LongestChainForkChoice::~LongestChainForkChoice() = default;

bool
LongestChainForkChoice::DoIsPreferred(const Ledger& ledger,
                                      const Sha256Digest& candidate,
                                      const Sha256Digest& tip) const
{
    return ledger.GetHeader(candidate).GetHeight() > ledger.GetHeader(tip).GetHeight();
}

} // namespace sagin
} // namespace ns3
