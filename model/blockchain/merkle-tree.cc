// SPDX-License-Identifier: GPL-2.0-only

#include "merkle-tree.h"

#include "byte-codec.h"

#include <cstring>
#include <stdexcept>
#include <string>

namespace ns3
{
namespace sagin
{

namespace
{

const uint8_t LEAF_PREFIX = 0x00;  //!< RFC 6962 leaf domain prefix
const uint8_t INNER_PREFIX = 0x01; //!< RFC 6962 inner-node domain prefix

} // namespace

std::vector<uint8_t>
MerkleProof::Serialize() const
{
    if (path.size() > MAX_PATH_LENGTH)
    {
        throw std::invalid_argument("MerkleProof: a path of " + std::to_string(path.size()) +
                                    " hashes is longer than " + std::to_string(MAX_PATH_LENGTH));
    }
    ByteWriter writer;
    writer.WriteU64(leafIndex);
    writer.WriteU64(treeSize);
    writer.WriteU8(static_cast<uint8_t>(path.size()));
    for (const auto& hash : path)
    {
        writer.WriteArray(hash);
    }
    return writer.TakeBytes();
}

uint32_t
MerkleProof::GetSerializedSize() const
{
    return 17 + 32 * static_cast<uint32_t>(path.size());
}

MerkleProof
MerkleProof::Deserialize(const uint8_t* data, size_t size)
{
    ByteReader reader(data, size, "Merkle proof");
    MerkleProof proof;
    proof.leafIndex = reader.ReadU64("leafIndex");
    proof.treeSize = reader.ReadU64("treeSize");
    if (proof.leafIndex >= proof.treeSize)
    {
        reader.Fail("leaf index " + std::to_string(proof.leafIndex) +
                    " is not below the tree size " + std::to_string(proof.treeSize));
    }
    const uint8_t length = reader.ReadU8("pathLength");
    if (length > MAX_PATH_LENGTH)
    {
        reader.Fail("oversized: path of " + std::to_string(length) + " hashes, the limit is " +
                    std::to_string(MAX_PATH_LENGTH));
    }
    reader.Need(32u * length, "path");
    for (uint8_t i = 0; i < length; ++i)
    {
        proof.path.push_back(reader.ReadArray<32>("path"));
    }
    reader.ExpectEnd();
    return proof;
}

MerkleProof
MerkleProof::Deserialize(const std::vector<uint8_t>& bytes)
{
    return Deserialize(bytes.data(), bytes.size());
}

bool
MerkleProof::operator==(const MerkleProof& other) const
{
    return leafIndex == other.leafIndex && treeSize == other.treeSize && path == other.path;
}

MerkleTree::MerkleTree(std::vector<Sha256Digest> leafHashes)
{
    m_levels.push_back(std::move(leafHashes));
    while (m_levels.back().size() > 1)
    {
        const std::vector<Sha256Digest>& below = m_levels.back();
        std::vector<Sha256Digest> above;
        above.reserve((below.size() + 1) / 2);
        for (size_t i = 0; i + 1 < below.size(); i += 2)
        {
            above.push_back(HashChildren(below[i], below[i + 1]));
        }
        if (below.size() % 2 == 1)
        {
            // RFC 6962: the last node of an odd level is the root of a smaller complete
            // subtree and moves up unchanged.
            above.push_back(below.back());
        }
        m_levels.push_back(std::move(above));
    }
}

MerkleTree
MerkleTree::FromLeaves(const std::vector<std::vector<uint8_t>>& leaves)
{
    std::vector<Sha256Digest> hashes;
    hashes.reserve(leaves.size());
    for (const auto& leaf : leaves)
    {
        hashes.push_back(HashLeaf(leaf));
    }
    return MerkleTree(std::move(hashes));
}

Sha256Digest
MerkleTree::HashLeaf(const uint8_t* data, size_t size)
{
    Sha256Hasher hasher;
    hasher.Update(&LEAF_PREFIX, 1);
    hasher.Update(data, size);
    return hasher.Finish();
}

Sha256Digest
MerkleTree::HashLeaf(const std::vector<uint8_t>& leaf)
{
    return HashLeaf(leaf.data(), leaf.size());
}

Sha256Digest
MerkleTree::HashChildren(const Sha256Digest& left, const Sha256Digest& right)
{
    uint8_t buffer[65];
    buffer[0] = INNER_PREFIX;
    std::memcpy(buffer + 1, left.data(), 32);
    std::memcpy(buffer + 33, right.data(), 32);
    return Sha256(buffer, sizeof(buffer));
}

Sha256Digest
MerkleTree::EmptyRoot()
{
    return Sha256(nullptr, 0);
}

uint64_t
MerkleTree::GetSize() const
{
    return m_levels.front().size();
}

Sha256Digest
MerkleTree::GetRoot() const
{
    if (m_levels.front().empty())
    {
        return EmptyRoot();
    }
    return m_levels.back().front();
}

const Sha256Digest&
MerkleTree::GetLeafHash(uint64_t index) const
{
    if (index >= GetSize())
    {
        throw std::out_of_range("MerkleTree: leaf " + std::to_string(index) + " of a tree of " +
                                std::to_string(GetSize()) + " leaves");
    }
    return m_levels.front()[index];
}

MerkleProof
MerkleTree::Prove(uint64_t index) const
{
    if (index >= GetSize())
    {
        throw std::out_of_range("MerkleTree: no proof for leaf " + std::to_string(index) +
                                " of a tree of " + std::to_string(GetSize()) + " leaves");
    }
    MerkleProof proof;
    proof.leafIndex = index;
    proof.treeSize = GetSize();
    uint64_t position = index;
    for (size_t level = 0; level + 1 < m_levels.size(); ++level)
    {
        const uint64_t sibling = position ^ 1;
        if (sibling < m_levels[level].size())
        {
            proof.path.push_back(m_levels[level][sibling]);
        }
        // else: the node is the odd last one and moves up without a sibling.
        position /= 2;
    }
    return proof;
}

bool
MerkleTree::Verify(const Sha256Digest& leafHash, const MerkleProof& proof, const Sha256Digest& root)
{
    // RFC 9162, section 2.1.3.2.
    if (proof.leafIndex >= proof.treeSize)
    {
        return false;
    }
    uint64_t fn = proof.leafIndex;
    uint64_t sn = proof.treeSize - 1;
    Sha256Digest r = leafHash;
    for (const auto& p : proof.path)
    {
        if (sn == 0)
        {
            return false; // the path is longer than the tree is high
        }
        if ((fn & 1) == 1 || fn == sn)
        {
            r = HashChildren(p, r);
            if ((fn & 1) == 0)
            {
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
        }
        else
        {
            r = HashChildren(r, p);
        }
        fn >>= 1;
        sn >>= 1;
    }
    return sn == 0 && r == root;
}

} // namespace sagin
} // namespace ns3
