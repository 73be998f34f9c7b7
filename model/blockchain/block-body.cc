// SPDX-License-Identifier: GPL-2.0-only

#include "block-body.h"

#include "byte-codec.h"
#include "intern-table.h"
#include "merkle-tree.h"

#include <algorithm>
#include <unordered_set>

namespace ns3
{
namespace sagin
{

namespace
{

/** \return the process's validated bodies by block hash */
InternTable<BlockBody>&
SharedBodies()
{
    static InternTable<BlockBody> table;
    return table;
}

} // namespace

BlockBody::BlockBody(std::vector<Transaction> transactions)
    : m_transactions(std::move(transactions))
{
}

BlockBody::BlockBody(std::vector<Transaction> transactions, std::vector<uint8_t> bytes)
    : m_transactions(std::move(transactions)),
      m_bytes(std::move(bytes))
{
}

const std::vector<Transaction>&
BlockBody::GetTransactions() const
{
    return m_transactions;
}

const std::vector<uint8_t>&
BlockBody::GetBytes() const
{
    if (!m_bytes)
    {
        ByteWriter writer;
        writer.WriteU32(static_cast<uint32_t>(m_transactions.size()));
        for (const auto& tx : m_transactions)
        {
            tx.Write(writer);
        }
        m_bytes = writer.TakeBytes();
    }
    return *m_bytes;
}

void
BlockBody::HashTransactions() const
{
    // Each transaction's bytes are a slice of the body's serialisation.
    const uint8_t* cursor = GetBytes().data() + 4;
    std::vector<Sha256Digest> ids;
    ids.reserve(m_transactions.size());
    m_leaves.reserve(m_transactions.size());
    for (const auto& tx : m_transactions)
    {
        const uint32_t size = tx.GetSerializedSize();
        ids.push_back(Sha256(cursor, size));
        m_leaves.push_back(MerkleTree::HashLeaf(cursor, size));
        cursor += size;
    }
    m_ids = std::move(ids);
}

const std::vector<Sha256Digest>&
BlockBody::GetIds() const
{
    if (!m_ids)
    {
        HashTransactions();
    }
    return *m_ids;
}

const std::vector<Sha256Digest>&
BlockBody::GetLeaves() const
{
    GetIds();
    return m_leaves;
}

const Sha256Digest&
BlockBody::GetMerkleRoot() const
{
    if (!m_merkleRoot)
    {
        m_merkleRoot = MerkleTree(GetLeaves()).GetRoot();
    }
    return *m_merkleRoot;
}

size_t
BlockBody::FindBadSignature() const
{
    if (!m_badSignature)
    {
        auto bad = std::find_if(m_transactions.begin(),
                                m_transactions.end(),
                                [](const Transaction& tx) { return !tx.HasValidSignature(); });
        m_badSignature = static_cast<size_t>(bad - m_transactions.begin());
    }
    return *m_badSignature;
}

size_t
BlockBody::FindRepeated() const
{
    if (!m_repeated)
    {
        const std::vector<Sha256Digest>& ids = GetIds();
        std::unordered_set<Sha256Digest, Sha256DigestHash> seen;
        size_t i = 0;
        while (i < ids.size() && seen.insert(ids[i]).second)
        {
            ++i;
        }
        m_repeated = i;
    }
    return *m_repeated;
}

std::shared_ptr<const BlockBody>
BlockBody::Share(const Sha256Digest& blockHash, std::shared_ptr<const BlockBody> body)
{
    return SharedBodies().Intern(blockHash, std::move(body));
}

std::shared_ptr<const BlockBody>
BlockBody::FindShared(const Sha256Digest& blockHash)
{
    return SharedBodies().Find(blockHash);
}

} // namespace sagin
} // namespace ns3
