// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_FORK_CHOICE_H
#define SAGIN_FORK_CHOICE_H

#include "sha256.h"

#include "ns3/object.h"

namespace ns3
{
namespace sagin
{

class Ledger;

/**
 * \ingroup sagin
 * The rule a Ledger uses to choose its tip (the head of its main chain) among forks. A
 * consensus engine that needs another rule (PoW: most work; PBFT: the finalised chain)
 * subclasses it and sets the Ledger's ForkChoice attribute.
 *
 * The Ledger asks the rule once per accepted block: a new block is always a leaf (its parent
 * is stored, it has no children yet), so only its branch can have become better; if
 * IsPreferred(new block, current tip) the new block becomes the tip. Rules that rescore
 * other branches when a block arrives (GHOST-like) are out of this interface's scope.
 */
class ForkChoice : public Object
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    ForkChoice();
    ~ForkChoice() override;

    /**
     * \param ledger the ledger, which stores both blocks (query headers and ancestors there)
     * \param candidate hash of the block just accepted
     * \param tip hash of the current tip
     * \return true if candidate should become the tip
     */
    bool IsPreferred(const Ledger& ledger,
                     const Sha256Digest& candidate,
                     const Sha256Digest& tip) const;

  private:
    /**
     * \param ledger the ledger
     * \param candidate the block just accepted
     * \param tip the current tip
     * \return true if candidate should become the tip
     */
    virtual bool DoIsPreferred(const Ledger& ledger,
                               const Sha256Digest& candidate,
                               const Sha256Digest& tip) const = 0;
};

/**
 * \ingroup sagin
 * Longest chain: the candidate becomes the tip if its height is strictly greater; on a tie
 * the block seen first stays (Bitcoin's first-seen rule). The default rule of a Ledger.
 */
class LongestChainForkChoice : public ForkChoice
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    LongestChainForkChoice();
    ~LongestChainForkChoice() override;

  private:
    bool DoIsPreferred(const Ledger& ledger,
                       const Sha256Digest& candidate,
                       const Sha256Digest& tip) const override;
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_FORK_CHOICE_H
