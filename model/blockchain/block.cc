// SPDX-License-Identifier: GPL-2.0-only

#include "block.h"

#include <stdexcept>

namespace ns3
{
namespace sagin
{

Block::Block() = default;

Block::Block(BlockHeader header, std::vector<Transaction> transactions)
    : m_header(std::move(header)),
      m_transactions(std::move(transactions))
{
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
    BlockHeader header;
    if (parent != nullptr)
    {
        header.SetParentHash(parent->GetHash());
        header.SetHeight(parent->GetHeight() + 1);
    }
    header.SetMerkleRoot(BuildMerkleTree(transactions).GetRoot());
    header.SetTransactionCount(static_cast<uint32_t>(transactions.size()));
    header.SetTimestamp(timestamp);
    header.SetConsensusData(std::move(consensusData));
    header.Sign(producer);
    return Block(std::move(header), std::move(transactions));
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
    std::vector<Transaction> transactions = ReadBody(reader);
    reader.ExpectEnd();
    return Block(std::move(header), std::move(transactions));
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
    writer.WriteU32(static_cast<uint32_t>(m_transactions.size()));
    for (const auto& tx : m_transactions)
    {
        tx.Write(writer);
    }
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
    uint64_t size = 4;
    for (const auto& tx : m_transactions)
    {
        size += tx.GetSerializedSize();
    }
    return size;
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
    return m_transactions;
}

std::vector<Transaction>&
Block::GetTransactions()
{
    return m_transactions;
}

Sha256Digest
Block::GetHash() const
{
    return m_header.GetHash();
}

MerkleTree
Block::BuildMerkleTree() const
{
    return BuildMerkleTree(m_transactions);
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
