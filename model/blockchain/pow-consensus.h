// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_POW_CONSENSUS_H
#define SAGIN_POW_CONSENSUS_H

#include "consensus-engine.h"
#include "fork-choice.h"

#include "ns3/event-id.h"
#include "ns3/random-variable-stream.h"

#include <unordered_map>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Proof of work (Nakamoto 2008). Each node finds a block after an exponentially distributed
 * time of mean Difficulty / HashRate: with H hash attempts per second, each succeeding with
 * probability 1/Difficulty, successes form a Poisson process (the standard model of Nakamoto
 * 2008, section 11, and of Decker and Wattenhofer 2013), so the network's mean block interval
 * is Difficulty / (sum of hash rates). A node mines on its tip and draws a new time whenever
 * its tip changes (the exponential law is memoryless, so restarting loses nothing).
 *
 * Consensus data (16 bytes): difficulty f64 (expected hashes per block) and nonce u64. The
 * block's work is its difficulty; the fork choice is the most cumulative work
 * (MostWorkForkChoice), first seen on ties: with one difficulty, the longest chain. Blocks
 * off the main chain are stale (CountStaleBlocks()).
 *
 * Real nonce search only at a test difficulty: with NonceBits = k > 0 the producer searches
 * nonces until SHA-256 of the header's signing bytes (every field but the signature, so the
 * work is bound to the producer) starts with k zero bits, and every receiver checks it. With
 * k = 0 the nonce is 0 and only the timing is simulated. Receivers always check that the
 * stated difficulty is the network's (no retargeting).
 */
class PowConsensus : public ConsensusEngine
{
  public:
    /** Largest NonceBits: 2^24 SHA-256 evaluations per block already take seconds. */
    static constexpr uint32_t MAX_NONCE_BITS = 24;
    /** Bytes of the consensus data. */
    static constexpr uint32_t DATA_BYTES = 16;

    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    PowConsensus();
    ~PowConsensus() override;

    /**
     * \param difficulty expected hashes per block
     * \param nonce the nonce
     * \return the consensus data
     */
    static std::vector<uint8_t> EncodeData(double difficulty, uint64_t nonce);

    /**
     * \param data consensus data; throws WireFormatError if it is not DATA_BYTES of a finite
     *        positive difficulty and a nonce
     * \param difficulty set to the difficulty
     * \param nonce set to the nonce
     */
    static void DecodeData(const std::vector<uint8_t>& data, double* difficulty, uint64_t* nonce);

    /**
     * \param header a header
     * \return SHA-256 of its signing bytes (what the nonce search hashes)
     */
    static Sha256Digest GetPowHash(const BlockHeader& header);

    /**
     * \param digest a digest
     * \return its number of leading zero bits (0..256)
     */
    static uint32_t CountLeadingZeroBits(const Sha256Digest& digest);

    /** \param rate hash rate (hashes per second, >= 0); mining restarts with it */
    void SetHashRate(double rate);

    /** \return the hash rate (hashes per second) */
    double GetHashRate() const;

    /** \return the difficulty (expected hashes per block) */
    double GetDifficulty() const;

    /** \return the number of hashes tried by real nonce searches */
    uint64_t GetNonceAttempts() const;

  protected:
    void DoDispose() override;

  private:
    std::string DoGetName() const override;
    void DoStart() override;
    void DoStop() override;
    std::string DoCheckBlock(const Ledger& ledger,
                             const BlockHeader& header,
                             const std::vector<Transaction>* body) const override;
    Ptr<ForkChoice> DoCreateForkChoice() const override;
    int64_t DoAssignStreams(int64_t stream) override;

    /** Draw the time to the next block and schedule it. */
    void Restart();
    /** A block is found: build it, search the nonce if asked, submit it. */
    void Mine();
    /**
     * Ledger's TipChanged trace.
     * \param hash new tip
     * \param height its height
     * \param depth reorganisation depth
     */
    void OnTipChanged(const Sha256Digest& hash, uint64_t height, uint64_t depth);
    /** \param bits leading zero bits required (<= MAX_NONCE_BITS) */
    void SetNonceBits(uint32_t bits);
    /** \return the leading zero bits required */
    uint32_t GetNonceBits() const;

    double m_hashRate{1e12};                   //!< hashes per second
    double m_difficulty{6e14};                 //!< expected hashes per block
    uint32_t m_nonceBits{0};                   //!< real search: leading zero bits
    Ptr<ExponentialRandomVariable> m_interval; //!< time to the next block
    EventId m_mineEvent;                       //!< next block
    uint64_t m_nonceAttempts{0};               //!< hashes tried
};

/**
 * \ingroup sagin
 * Most cumulative work (the sum of the PoW difficulties from genesis): the candidate becomes
 * the tip if its chain has strictly more work, the first seen stays on ties (Nakamoto 2008,
 * section 4). Cumulative work is cached per block.
 */
class MostWorkForkChoice : public ForkChoice
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    MostWorkForkChoice();
    ~MostWorkForkChoice() override;

    /**
     * \param ledger the ledger storing the block
     * \param hash a stored block
     * \return the sum of the difficulties of the block and its ancestors (hashes)
     */
    double GetChainWork(const Ledger& ledger, const Sha256Digest& hash) const;

  private:
    bool DoIsPreferred(const Ledger& ledger,
                       const Sha256Digest& candidate,
                       const Sha256Digest& tip) const override;

    mutable std::unordered_map<Sha256Digest, double, Sha256DigestHash> m_work; //!< cache
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_POW_CONSENSUS_H
