// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_CONSENSUS_MESSAGE_FILTER_H
#define SAGIN_CONSENSUS_MESSAGE_FILTER_H

#include "sha256.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <unordered_set>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * The duplicate filter of flooded consensus messages: a BlockchainNode hands a CONSENSUS
 * message to its engine, and relays it, only on its first sight (by SHA-256 of the body).
 *
 * A message with a round (ConsensusEngine::GetMessageRound(), e.g. a PBFT sequence number)
 * is filed under it, and the rounds below the engine's low watermark are forgotten the first
 * time a message arrives after the watermark rose: the filter stays bounded over a long run,
 * and a message of such a round is refused outright (the engine would refuse it anyway), so
 * a replayed old message is still refused once forgotten. Messages without a round (PBFT's
 * VIEW-CHANGE, NEW-VIEW) are kept for the whole run.
 */
class ConsensusMessageFilter
{
  public:
    /**
     * Remember a message that has no round.
     * \param body the message
     * \return true on its first sight, false for a copy
     */
    bool MarkSeen(const std::vector<uint8_t>& body);

    /**
     * Remember a message of a round, first forgetting the rounds below lowWatermark.
     * \param body the message
     * \param round its round
     * \param lowWatermark the lowest round the engine still handles
     * \return true on its first sight, false for a copy or a message of a round below
     *         lowWatermark
     */
    bool MarkSeen(const std::vector<uint8_t>& body, uint64_t round, uint64_t lowWatermark);

    /** \return the messages remembered */
    size_t GetSize() const;

  private:
    /// Digest set of message bodies.
    using DigestSet = std::unordered_set<Sha256Digest, Sha256DigestHash>;

    DigestSet m_withoutRound;                //!< messages without a round
    std::map<uint64_t, DigestSet> m_byRound; //!< messages by round, at or above m_watermark
    uint64_t m_watermark{0};                 //!< the low watermark the rounds were pruned to
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CONSENSUS_MESSAGE_FILTER_H
