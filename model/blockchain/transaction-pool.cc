// SPDX-License-Identifier: GPL-2.0-only

#include "transaction-pool.h"

#include "ns3/log.h"

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("TransactionPool");
NS_OBJECT_ENSURE_REGISTERED(TransactionPool);

TypeId
TransactionPool::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::TransactionPool")
                            .SetParent<Object>()
                            .SetGroupName("Sagin")
                            .AddConstructor<TransactionPool>();
    return tid;
}

bool
TransactionPool::Add(const Transaction& transaction)
{
    const Sha256Digest id = transaction.GetId();
    if (m_ids.count(id) > 0 || !transaction.HasValidSignature())
    {
        NS_LOG_INFO("refused transaction " << ToHex(id) << ": known or badly signed");
        return false;
    }
    m_ids.insert(id);
    m_transactions.emplace_back(id, std::make_shared<const Transaction>(transaction));
    return true;
}

const std::vector<TransactionPool::Entry>&
TransactionPool::GetTransactions() const
{
    return m_transactions;
}

size_t
TransactionPool::GetSize() const
{
    return m_transactions.size();
}

} // namespace sagin
} // namespace ns3
