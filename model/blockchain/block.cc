// SPDX-License-Identifier: GPL-2.0-only

#include "block.h"

#include "ns3/assert.h"

#include <algorithm>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

Block::Block()
    : m_body(std::make_shared<const BlockBody>(std::vector<Transaction>()))
{
}

Block::Block(BlockHeader header, std::vector<Transaction> transactions)
    : m_header(std::move(header)),
      m_body(std::make_shared<const BlockBody>(std::move(transactions)))
{
}

Block::Block(BlockHeader header, std::shared_ptr<const BlockBody> body)
    : m_header(std::move(header)),
      m_body(std::move(body))
{
    NS_ASSERT_MSG(m_body, "Block: null body");
}

Block
Block::Produce(const BlockHeader* parent,
               std::vector<Transaction> transactions,
               Time timestamp,
               const Ed25519KeyPair& producer,
               std::vector<uint8_t> consensusData)
{
    if (transactions.size() > MAX_TRANSACTIONS)
    {
        throw std::invalid_argument("Block::Produce: " + std::to_string(transactions.size()) +
                                    " transactions, the limit is " +
                                    std::to_string(MAX_TRANSACTIONS));
    }
    auto body = std::make_shared<const BlockBody>(std::move(transactions));
    BlockHeader header;
    if (parent != nullptr)
    {
        header.SetParentHash(parent->GetHash());
        header.SetHeight(parent->GetHeight() + 1);
    }
    header.SetMerkleRoot(body->GetMerkleRoot());
    header.SetTransactionCount(static_cast<uint32_t>(body->GetTransactions().size()));
    header.SetTimestamp(timestamp);
    header.SetConsensusData(std::move(consensusData));
    header.Sign(producer);
    return Block(std::move(header), std::move(body));
}

std::vector<Transaction>
Block::ReadBody(ByteReader& reader)
{
    const uint32_t count = reader.ReadU32("transactionCount");
    if (count > MAX_TRANSACTIONS)
    {
        reader.Fail("oversized: " + std::to_string(count) + " transactions, the limit is " +
                    std::to_string(MAX_TRANSACTIONS));
    }
    // Every transaction needs at least FIXED_BYTES: check before reserving memory.
    if (static_cast<uint64_t>(count) * Transaction::FIXED_BYTES > reader.GetRemaining())
    {
        reader.Fail("truncated: " + std::to_string(count) + " transactions need at least " +
                    std::to_string(static_cast<uint64_t>(count) * Transaction::FIXED_BYTES) +
                    " bytes, " + std::to_string(reader.GetRemaining()) + " left");
    }
    std::vector<Transaction> transactions;
    transactions.reserve(count);
    for (uint32_t i = 0; i < count; ++i)
    {
        try
        {
            transactions.push_back(Transaction::Read(reader));
        }
        catch (const WireFormatError& e)
        {
            throw WireFormatError("transaction " + std::to_string(i) + " of " +
                                  std::to_string(count) + " in the block body: " + e.what());
        }
    }
    return transactions;
}

Block
Block::Deserialize(const uint8_t* data, size_t size)
{
    ByteReader reader(data, size, "block");
    if (size > MAX_SERIALIZED_BYTES)
    {
        reader.Fail("oversized: " + std::to_string(size) + " bytes, the limit is " +
                    std::to_string(MAX_SERIALIZED_BYTES));
    }
    BlockHeader header = BlockHeader::Read(reader);
    // The same bytes as a body the process validated for this header: the same body.
    const uint8_t* bodyStart = reader.GetCursor();
    const size_t bodySize = reader.GetRemaining();
    if (auto shared = BlockBody::FindShared(header.GetHash());
        shared && shared->GetBytes().size() == bodySize &&
        std::equal(bodyStart, bodyStart + bodySize, shared->GetBytes().begin()))
    {
        return Block(std::move(header), std::move(shared));
    }
    std::vector<Transaction> transactions = ReadBody(reader);
    reader.ExpectEnd();
    return Block(
        std::move(header),
        std::make_shared<const BlockBody>(std::move(transactions),
                                          std::vector<uint8_t>(bodyStart, bodyStart + bodySize)));
}

Block
Block::Deserialize(const std::vector<uint8_t>& bytes)
{
    return Deserialize(bytes.data(), bytes.size());
}

std::vector<uint8_t>
Block::Serialize() const
{
    ByteWriter writer;
    m_header.Write(writer);
    const std::vector<uint8_t>& body = m_body->GetBytes();
    writer.WriteBytes(body.data(), body.size());
    return writer.TakeBytes();
}

uint64_t
Block::GetSerializedSize() const
{
    return m_header.GetSerializedSize() + GetBodySize();
}

uint64_t
Block::GetBodySize() const
{
    return m_body->GetBytes().size();
}

const BlockHeader&
Block::GetHeader() const
{
    return m_header;
}

BlockHeader&
Block::GetHeader()
{
    return m_header;
}

const std::vector<Transaction>&
Block::GetTransactions() const
{
    return m_body->GetTransactions();
}

void
Block::SetTransactions(std::vector<Transaction> transactions)
{
    m_body = std::make_shared<const BlockBody>(std::move(transactions));
}

const std::shared_ptr<const BlockBody>&
Block::GetBody() const
{
    return m_body;
}

Sha256Digest
Block::GetHash() const
{
    return m_header.GetHash();
}

MerkleTree
Block::BuildMerkleTree() const
{
    return MerkleTree(m_body->GetLeaves());
}

MerkleTree
Block::BuildMerkleTree(const std::vector<Transaction>& transactions)
{
    std::vector<Sha256Digest> leaves;
    leaves.reserve(transactions.size());
    for (const auto& tx : transactions)
    {
        leaves.push_back(MerkleTree::HashLeaf(tx.Serialize()));
    }
    return MerkleTree(std::move(leaves));
}

} // namespace sagin
} // namespace ns3
