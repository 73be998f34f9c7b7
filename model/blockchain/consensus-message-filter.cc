// SPDX-License-Identifier: GPL-2.0-only

#include "consensus-message-filter.h"

namespace ns3
{
namespace sagin
{

bool
ConsensusMessageFilter::MarkSeen(const std::vector<uint8_t>& body)
{
    return m_withoutRound.insert(Sha256(body)).second;
}

bool
ConsensusMessageFilter::MarkSeen(const std::vector<uint8_t>& body,
                                 uint64_t round,
                                 uint64_t lowWatermark)
{
    // Forget the rounds the engine has done with (at the first message after it moved on).
    if (lowWatermark > m_watermark)
    {
        m_byRound.erase(m_byRound.begin(), m_byRound.lower_bound(lowWatermark));
        m_watermark = lowWatermark;
    }
    if (round < lowWatermark)
    {
        return false; // the engine refuses this round anyway: a late copy or a replay
    }
    return m_byRound[round].insert(Sha256(body)).second;
}

size_t
ConsensusMessageFilter::GetSize() const
{
    size_t size = m_withoutRound.size();
    for (const auto& [round, digests] : m_byRound)
    {
        size += digests.size();
    }
    return size;
}

} // namespace sagin
} // namespace ns3
