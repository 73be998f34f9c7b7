// SPDX-License-Identifier: GPL-2.0-only
//
// The RFC 6962 Merkle tree: roots and inclusion proofs against the Certificate Transparency
// test vectors (as published in transparency-dev/merkle, proof/verify_test.go and
// testonly/constants.go), roots of trees of 1..33 leaves against a direct transcription of
// RFC 6962's recursive definition, and every kind of wrong proof.

#include "sagin-test-utils.h"

#include "ns3/byte-codec.h"
#include "ns3/merkle-tree.h"
#include "ns3/sha256.h"
#include "ns3/test.h"

#include <algorithm>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{

/** The eight leaves of the Certificate Transparency vectors. */
const std::vector<std::string> CT_LEAVES = {
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
};

/** Roots of the trees of the first 1..8 CT leaves. */
const std::vector<std::string> CT_ROOTS = {
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

/**
 * RFC 6962 section 2.1, transcribed: MTH(D[n]) with k the largest power of two below n.
 * \param leaves leaf bytes
 * \param begin first leaf
 * \param end one past the last leaf
 * \return the root of leaves [begin, end)
 */
Sha256Digest
ReferenceRoot(const std::vector<std::vector<uint8_t>>& leaves, size_t begin, size_t end)
{
    const size_t n = end - begin;
    if (n == 0)
    {
        return Sha256(std::string());
    }
    if (n == 1)
    {
        std::vector<uint8_t> bytes(1 + leaves[begin].size(), 0x00);
        std::copy(leaves[begin].begin(), leaves[begin].end(), bytes.begin() + 1);
        return Sha256(bytes);
    }
    size_t k = 1;
    while (2 * k < n)
    {
        k *= 2;
    }
    const Sha256Digest left = ReferenceRoot(leaves, begin, begin + k);
    const Sha256Digest right = ReferenceRoot(leaves, begin + k, end);
    std::vector<uint8_t> bytes(65, 0x01);
    std::copy(left.begin(), left.end(), bytes.begin() + 1);
    std::copy(right.begin(), right.end(), bytes.begin() + 33);
    return Sha256(bytes);
}

/**
 * \param count number of leaves
 * \return distinct leaves of varying lengths
 */
std::vector<std::vector<uint8_t>>
MakeLeaves(size_t count)
{
    std::vector<std::vector<uint8_t>> leaves;
    for (size_t i = 0; i < count; ++i)
    {
        std::vector<uint8_t> leaf(1 + i % 7);
        for (size_t j = 0; j < leaf.size(); ++j)
        {
            leaf[j] = static_cast<uint8_t>(i * 31 + j);
        }
        leaves.push_back(leaf);
    }
    return leaves;
}

} // namespace

/**
 * \ingroup sagin-tests
 * Roots and proofs against the Certificate Transparency vectors.
 */
class MerkleRfc6962VectorsTestCase : public TestCase
{
  public:
    MerkleRfc6962VectorsTestCase()
        : TestCase(
              "Merkle roots and proofs against the RFC 6962 (Certificate Transparency) vectors")
    {
    }

  private:
    void DoRun() override
    {
        std::vector<std::vector<uint8_t>> leaves;
        for (const auto& leaf : CT_LEAVES)
        {
            leaves.push_back(FromHex(leaf));
        }
        NS_TEST_EXPECT_MSG_EQ(ToHex(MerkleTree::FromLeaves({}).GetRoot()),
                              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                              "empty tree: SHA-256 of the empty string");
        for (size_t n = 1; n <= leaves.size(); ++n)
        {
            const std::vector<std::vector<uint8_t>> first(leaves.begin(), leaves.begin() + n);
            NS_TEST_EXPECT_MSG_EQ(ToHex(MerkleTree::FromLeaves(first).GetRoot()),
                                  CT_ROOTS[n - 1],
                                  "root of the first " << n << " CT leaves");
        }

        // Inclusion proofs of proof/verify_test.go (its leaf numbers are 1-based).
        struct Vector
        {
            uint64_t index;                //!< 0-based leaf
            uint64_t size;                 //!< tree size
            std::vector<std::string> path; //!< published audit path
        };

        const std::vector<Vector> proofs = {
            {0,
             8,
             {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
              "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
              "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
            {5,
             8,
             {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
              "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
              "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
            {2, 3, {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
            {1,
             5,
             {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
              "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
              "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
            {0, 1, {}},
        };
        for (const auto& v : proofs)
        {
            const std::vector<std::vector<uint8_t>> first(leaves.begin(), leaves.begin() + v.size);
            const MerkleTree tree = MerkleTree::FromLeaves(first);
            const MerkleProof proof = tree.Prove(v.index);
            NS_TEST_ASSERT_MSG_EQ(proof.path.size(),
                                  v.path.size(),
                                  "path length, leaf " << v.index << " of " << v.size);
            for (size_t i = 0; i < v.path.size(); ++i)
            {
                NS_TEST_EXPECT_MSG_EQ(ToHex(proof.path[i]),
                                      v.path[i],
                                      "path[" << i << "], leaf " << v.index << " of " << v.size);
            }
            MerkleProof published;
            published.leafIndex = v.index;
            published.treeSize = v.size;
            for (const auto& hash : v.path)
            {
                published.path.push_back(FromHexArray<32>(hash));
            }
            NS_TEST_EXPECT_MSG_EQ(MerkleTree::Verify(MerkleTree::HashLeaf(leaves[v.index]),
                                                     published,
                                                     FromHexArray<32>(CT_ROOTS[v.size - 1])),
                                  true,
                                  "published proof verifies, leaf " << v.index << " of " << v.size);
        }
    }
};

/**
 * \ingroup sagin-tests
 * Every leaf of every tree of 1..33 leaves: valid proofs verify, wrong ones do not.
 */
class MerkleAllSizesTestCase : public TestCase
{
  public:
    MerkleAllSizesTestCase()
        : TestCase("Merkle proofs of every leaf of trees of 1..33 leaves, and wrong proofs")
    {
    }

  private:
    void DoRun() override
    {
        const Sha256Digest someHash = Sha256(std::string("some other hash"));
        uint64_t valid = 0;
        uint64_t wrong = 0;
        uint64_t wrongRejected = 0;
        auto expectRejected = [&](bool verified) {
            ++wrong;
            wrongRejected += verified ? 0 : 1;
        };
        for (size_t n = 1; n <= 33; ++n)
        {
            const auto leaves = MakeLeaves(n);
            const MerkleTree tree = MerkleTree::FromLeaves(leaves);
            const Sha256Digest root = tree.GetRoot();
            NS_TEST_EXPECT_MSG_EQ(ToHex(root),
                                  ToHex(ReferenceRoot(leaves, 0, n)),
                                  "root of " << n << " leaves against RFC 6962's definition");
            // A tree of n leaves has ceil(log2 n) levels above the leaves.
            size_t height = 0;
            while ((size_t{1} << height) < n)
            {
                ++height;
            }
            for (size_t i = 0; i < n; ++i)
            {
                const Sha256Digest leaf = MerkleTree::HashLeaf(leaves[i]);
                const MerkleProof proof = tree.Prove(i);
                NS_TEST_EXPECT_MSG_EQ(proof.leafIndex, i, "proof's leaf index");
                NS_TEST_EXPECT_MSG_EQ(proof.treeSize, n, "proof's tree size");
                NS_TEST_EXPECT_MSG_LT_OR_EQ(proof.path.size(), height, "path length");
                const bool ok = MerkleTree::Verify(leaf, proof, root);
                NS_TEST_EXPECT_MSG_EQ(ok, true, "leaf " << i << " of " << n);
                valid += ok ? 1 : 0;

                // Tampered leaf: one bit of the leaf bytes.
                std::vector<uint8_t> tampered = leaves[i];
                tampered[0] ^= 0x01;
                expectRejected(MerkleTree::Verify(MerkleTree::HashLeaf(tampered), proof, root));
                // The leaf hash without the 0x00 prefix (a raw SHA-256 of the leaf).
                expectRejected(MerkleTree::Verify(Sha256(leaves[i]), proof, root));
                // Wrong root.
                expectRejected(MerkleTree::Verify(leaf, proof, someHash));
                expectRejected(MerkleTree::Verify(leaf, proof, MerkleTree::EmptyRoot()));
                // Wrong index: every other index of the tree, and one past the end.
                for (size_t j = 0; j <= n; ++j)
                {
                    if (j == i)
                    {
                        continue;
                    }
                    MerkleProof moved = proof;
                    moved.leafIndex = j;
                    expectRejected(MerkleTree::Verify(leaf, moved, root));
                }
                // Wrong tree size.
                // (n + 1 may verify: RFC 6962 paths of the left subtree do not depend on it.)
                for (const uint64_t size : {uint64_t{n} * 2, uint64_t{n} / 2})
                {
                    MerkleProof resized = proof;
                    resized.treeSize = size;
                    expectRejected(MerkleTree::Verify(leaf, resized, root));
                }
                // One bit of each path element.
                for (size_t k = 0; k < proof.path.size(); ++k)
                {
                    MerkleProof flipped = proof;
                    flipped.path[k][k % 32] ^= 0x08;
                    expectRejected(MerkleTree::Verify(leaf, flipped, root));
                }
                // Path one element short, one too long (trailing and leading).
                if (!proof.path.empty())
                {
                    MerkleProof shorter = proof;
                    shorter.path.pop_back();
                    expectRejected(MerkleTree::Verify(leaf, shorter, root));
                }
                MerkleProof longer = proof;
                longer.path.push_back(root);
                expectRejected(MerkleTree::Verify(leaf, longer, root));
                MerkleProof leading = proof;
                leading.path.insert(leading.path.begin(), someHash);
                expectRejected(MerkleTree::Verify(leaf, leading, root));
            }
        }
        NS_TEST_EXPECT_MSG_EQ(valid, 33u * 34u / 2u, "every leaf of sizes 1..33 proven");
        NS_TEST_EXPECT_MSG_EQ(wrong, 20122u, "wrong proofs tried");
        NS_TEST_EXPECT_MSG_EQ(wrongRejected, wrong, "every wrong proof rejected");

        // Out-of-range leaves.
        const MerkleTree three = MerkleTree::FromLeaves(MakeLeaves(3));
        NS_TEST_EXPECT_MSG_EQ(Contains(MessageOf<std::out_of_range>([&three] { three.Prove(3); }),
                                       "no proof for leaf 3 of a tree of 3 leaves"),
                              true,
                              "out-of-range proof named");
    }
};

/**
 * \ingroup sagin-tests
 * What the RFC 6962 shape buys over Bitcoin's duplication, and domain separation.
 */
class MerkleShapeTestCase : public TestCase
{
  public:
    MerkleShapeTestCase()
        : TestCase("Merkle tree: no duplication ambiguity, leaves apart from inner nodes")
    {
    }

  private:
    void DoRun() override
    {
        const auto leaves = MakeLeaves(3);
        auto withCopy = leaves;
        withCopy.push_back(leaves.back());
        NS_TEST_EXPECT_MSG_NE(ToHex(MerkleTree::FromLeaves(leaves).GetRoot()),
                              ToHex(MerkleTree::FromLeaves(withCopy).GetRoot()),
                              "[a, b, c] and [a, b, c, c] differ (CVE-2012-2459 shape)");
        // An inner node presented as a leaf: the 64 bytes left || right as one leaf.
        const auto two = MakeLeaves(2);
        const MerkleTree tree = MerkleTree::FromLeaves(two);
        std::vector<uint8_t> concatenated;
        for (const auto& leaf : two)
        {
            const Sha256Digest hash = MerkleTree::HashLeaf(leaf);
            concatenated.insert(concatenated.end(), hash.begin(), hash.end());
        }
        MerkleProof single;
        single.leafIndex = 0;
        single.treeSize = 1;
        NS_TEST_EXPECT_MSG_EQ(
            MerkleTree::Verify(MerkleTree::HashLeaf(concatenated), single, tree.GetRoot()),
            false,
            "an inner node's preimage does not pass as a leaf (0x00 vs 0x01 prefix)");
    }
};

/**
 * \ingroup sagin-tests
 * Proof serialisation and its bad input.
 */
class MerkleProofFormatTestCase : public TestCase
{
  public:
    MerkleProofFormatTestCase()
        : TestCase("Merkle proof serialisation and bad input")
    {
    }

  private:
    void DoRun() override
    {
        const MerkleTree tree = MerkleTree::FromLeaves(MakeLeaves(11));
        const MerkleProof proof = tree.Prove(9);
        const std::vector<uint8_t> bytes = proof.Serialize();
        // 8 (index) + 8 (size) + 1 (count) + 32 per hash.
        NS_TEST_EXPECT_MSG_EQ(bytes.size(), 17u + 32u * proof.path.size(), "size");
        NS_TEST_EXPECT_MSG_EQ(bytes.size(), proof.GetSerializedSize(), "GetSerializedSize");
        NS_TEST_EXPECT_MSG_EQ(
            ToHex(std::vector<uint8_t>(bytes.begin(), bytes.begin() + 17)),
            "0000000000000009000000000000000b" +
                ToHex(std::vector<uint8_t>{static_cast<uint8_t>(proof.path.size())}),
            "big-endian index, size, count");
        NS_TEST_EXPECT_MSG_EQ((MerkleProof::Deserialize(bytes) == proof), true, "round trip");

        auto message = [](std::vector<uint8_t> b) {
            return MessageOf<WireFormatError>([&b] { MerkleProof::Deserialize(b); });
        };
        std::vector<uint8_t> truncated(bytes.begin(), bytes.end() - 1);
        NS_TEST_EXPECT_MSG_EQ(Contains(message(truncated), "truncated"), true, "truncated");
        std::vector<uint8_t> longer = bytes;
        longer.push_back(0);
        NS_TEST_EXPECT_MSG_EQ(Contains(message(longer), "1 unexpected bytes after the end"),
                              true,
                              "trailing byte");
        std::vector<uint8_t> badIndex = bytes;
        badIndex[7] = 11;
        NS_TEST_EXPECT_MSG_EQ(
            Contains(message(badIndex), "leaf index 11 is not below the tree size 11"),
            true,
            "index beyond the tree");
        std::vector<uint8_t> huge = bytes;
        huge[16] = 65;
        NS_TEST_EXPECT_MSG_EQ(Contains(message(huge), "oversized: path of 65 hashes"),
                              true,
                              "path too long");
    }
};

/**
 * \ingroup sagin-tests
 * The Merkle tree TestSuite.
 */
class MerkleTreeTestSuite : public TestSuite
{
  public:
    MerkleTreeTestSuite()
        : TestSuite("sagin-merkle", Type::UNIT)
    {
        AddTestCase(new MerkleRfc6962VectorsTestCase);
        AddTestCase(new MerkleAllSizesTestCase);
        AddTestCase(new MerkleShapeTestCase);
        AddTestCase(new MerkleProofFormatTestCase);
    }
};

static MerkleTreeTestSuite g_merkleTreeTestSuite; //!< Static variable for test initialization
