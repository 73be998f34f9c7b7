// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_TRANSACTION_POOL_H
#define SAGIN_TRANSACTION_POOL_H

#include "transaction.h"

#include "ns3/object.h"

#include <memory>
#include <unordered_set>
#include <utility>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Pending transactions shared by every node that is given the pool: a transaction added to it
 * is pending at all of them at once, and producers fill their blocks from it. This is the
 * workload of block-propagation simulators that do not gossip transactions (SimBlock, Aoki
 * et al. 2019; Gervais et al. 2016): blocks carry real, signed transactions and their bytes
 * cross the links, but no transaction crosses a link on its own. Use it when the study is
 * about blocks (their size, propagation, stale rate) and transaction gossip would dominate
 * the run: every node must receive every transaction once, one packet-level reception each.
 *
 * Transactions stay in the pool; a producer skips those already on its chain.
 */
class TransactionPool : public Object
{
  public:
    /**
     * \return the TypeId
     */
    static TypeId GetTypeId();

    /**
     * Add a pending transaction.
     * \param transaction the transaction
     * \return false (and nothing added) if it is in the pool already or not signed by its
     *         sender
     */
    bool Add(const Transaction& transaction);

    /** A pending transaction with its id (computed once). */
    using Entry = std::pair<Sha256Digest, std::shared_ptr<const Transaction>>;

    /**
     * \return the pending transactions, oldest first (a producer takes the oldest first)
     */
    const std::vector<Entry>& GetTransactions() const;

    /**
     * \return the number of transactions in the pool
     */
    size_t GetSize() const;

  private:
    std::vector<Entry> m_transactions;                        //!< oldest first
    std::unordered_set<Sha256Digest, Sha256DigestHash> m_ids; //!< their ids
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_TRANSACTION_POOL_H
