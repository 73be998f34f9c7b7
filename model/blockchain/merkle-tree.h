// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_MERKLE_TREE_H
#define SAGIN_MERKLE_TREE_H

#include "sha256.h"

#include <cstdint>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * An inclusion proof (RFC 6962 / RFC 9162 "audit path"): the sibling hashes from the leaf's
 * level up to the root, for one leaf of one tree size.
 *
 * Wire format (integers big-endian; 17 + 32 n bytes): leafIndex u64, treeSize u64,
 * n u8 (<= 64), n sibling hashes of 32 bytes.
 */
struct MerkleProof
{
    /** Longest path accepted (a tree of 2^64 leaves has 64 levels). */
    static constexpr uint8_t MAX_PATH_LENGTH = 64;

    uint64_t leafIndex{0};          //!< 0-based index of the leaf
    uint64_t treeSize{0};           //!< number of leaves of the tree
    std::vector<Sha256Digest> path; //!< sibling hashes, leaf level first

    /** \return the serialisation */
    std::vector<uint8_t> Serialize() const;

    /** \return 17 + 32 * path length (bytes) */
    uint32_t GetSerializedSize() const;

    /**
     * Parse exactly one proof. Throws WireFormatError for truncated input, bytes left over,
     * a path longer than MAX_PATH_LENGTH, or leafIndex >= treeSize.
     * \param data first byte
     * \param size number of bytes
     * \return the proof
     */
    static MerkleProof Deserialize(const uint8_t* data, size_t size);

    /**
     * \param bytes one serialised proof
     * \return the proof
     */
    static MerkleProof Deserialize(const std::vector<uint8_t>& bytes);

    /**
     * \param other another proof
     * \return true if every field is equal
     */
    bool operator==(const MerkleProof& other) const;
};

/**
 * \ingroup sagin
 * A binary Merkle tree over SHA-256 exactly as RFC 6962 section 2.1 (Certificate
 * Transparency) defines it:
 * \verbatim
   leaf hash   = SHA-256(0x00 || leaf bytes)
   inner node  = SHA-256(0x01 || left child || right child)
   MTH({})     = SHA-256("")            (empty tree)
   MTH(D[0:n]) = inner(MTH(D[0:k]), MTH(D[k:n])), k = the largest power of 2 below n
   \endverbatim
 * The different prefixes of leaves and inner nodes make a leaf impossible to pass off as an
 * inner node (second preimage). An odd node at the end of a level is promoted unchanged, not
 * paired with a copy of itself: Bitcoin's duplication lets two different transaction lists
 * ([a, b, c] and [a, b, c, c]) have the same root (CVE-2012-2459); this tree does not.
 * Roots are checked against the published RFC 6962 vectors in the sagin-merkle suite.
 *
 * A block's leaves are its transactions' serialisations, in block order.
 */
class MerkleTree
{
  public:
    /**
     * Build the tree of the given leaf hashes (each from HashLeaf()).
     * \param leafHashes leaf hashes, in order
     */
    explicit MerkleTree(std::vector<Sha256Digest> leafHashes);

    /**
     * \param leaves leaf bytes, in order
     * \return the tree of their leaf hashes
     */
    static MerkleTree FromLeaves(const std::vector<std::vector<uint8_t>>& leaves);

    /**
     * \param data first byte of a leaf
     * \param size leaf length (bytes)
     * \return SHA-256(0x00 || leaf)
     */
    static Sha256Digest HashLeaf(const uint8_t* data, size_t size);

    /**
     * \param leaf leaf bytes
     * \return SHA-256(0x00 || leaf)
     */
    static Sha256Digest HashLeaf(const std::vector<uint8_t>& leaf);

    /**
     * \param left left child's hash
     * \param right right child's hash
     * \return SHA-256(0x01 || left || right)
     */
    static Sha256Digest HashChildren(const Sha256Digest& left, const Sha256Digest& right);

    /** \return the root of the empty tree, SHA-256("") */
    static Sha256Digest EmptyRoot();

    /** \return the number of leaves */
    uint64_t GetSize() const;

    /** \return the root hash (EmptyRoot() for no leaves) */
    Sha256Digest GetRoot() const;

    /**
     * \param index 0-based leaf index
     * \return the leaf's hash; throws std::out_of_range for index >= GetSize()
     */
    const Sha256Digest& GetLeafHash(uint64_t index) const;

    /**
     * \param index 0-based leaf index; throws std::out_of_range for index >= GetSize()
     * \return the inclusion proof of that leaf
     */
    MerkleProof Prove(uint64_t index) const;

    /**
     * Verify an inclusion proof (RFC 9162 section 2.1.3.2): the path must have exactly the
     * length the leaf index and tree size imply, and lead to the root.
     * \param leafHash the leaf's hash (HashLeaf() of the leaf bytes)
     * \param proof the proof
     * \param root the expected root
     * \return true if the leaf is at proof.leafIndex of a tree of proof.treeSize leaves with
     *         that root
     */
    static bool Verify(const Sha256Digest& leafHash,
                       const MerkleProof& proof,
                       const Sha256Digest& root);

  private:
    /** m_levels[0] = leaf hashes, m_levels.back() = {root}; an odd last node moves up. */
    std::vector<std::vector<Sha256Digest>> m_levels;
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_MERKLE_TREE_H
