// SPDX-License-Identifier: GPL-2.0-only
//
// SHA-256 and Ed25519 of the blockchain layer (libsodium underneath) against published
// vectors: FIPS 180-2 appendix B and the NIST CAVP short-message file for SHA-256, RFC 8032
// section 7.1 for Ed25519. The node-key derivation is checked against values computed from
// its documented definition with Python's hashlib and the `cryptography` package (OpenSSL),
// two implementations independent of libsodium.

#include "sagin-test-utils.h"

#include "ns3/byte-codec.h"
#include "ns3/ed25519-key.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/sha256.h"
#include "ns3/test.h"

#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{

/**
 * \param text hex digits
 * \return the bytes
 */
std::vector<uint8_t>
Hex(const std::string& text)
{
    return FromHex(text);
}

} // namespace

/**
 * \ingroup sagin-tests
 * SHA-256 of the FIPS 180-2 / NIST CAVP messages, one-shot and incremental.
 */
class Sha256VectorsTestCase : public TestCase
{
  public:
    Sha256VectorsTestCase()
        : TestCase("SHA-256 against FIPS 180-2 and NIST CAVP vectors")
    {
    }

  private:
    void DoRun() override
    {
        struct Vector
        {
            std::string message; //!< the message
            std::string digest;  //!< its published digest
            std::string source;  //!< where it is published
        };

        const std::vector<Vector> vectors = {
            {"abc",
             "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
             "FIPS 180-2 B.1 (one block)"},
            {"",
             "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
             "NIST CAVP SHA256ShortMsg, Len = 0"},
            {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
             "FIPS 180-2 B.2 (448 bits, two blocks)"},
        };
        for (const auto& v : vectors)
        {
            NS_TEST_EXPECT_MSG_EQ(ToHex(Sha256(v.message)), v.digest, v.source);
            // The same bytes fed one at a time.
            Sha256Hasher hasher;
            for (const char c : v.message)
            {
                const auto byte = static_cast<uint8_t>(c);
                hasher.Update(&byte, 1);
            }
            NS_TEST_EXPECT_MSG_EQ(ToHex(hasher.Finish()), v.digest, v.source << ", incremental");
        }

        // FIPS 180-2 B.3: one million 'a'.
        const std::string million =
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
        NS_TEST_EXPECT_MSG_EQ(ToHex(Sha256(std::string(1000000, 'a'))),
                              million,
                              "FIPS 180-2 B.3, one call");
        Sha256Hasher hasher;
        const std::vector<uint8_t> thousand(1000, 'a');
        for (int i = 0; i < 1000; ++i)
        {
            hasher.Update(thousand);
        }
        NS_TEST_EXPECT_MSG_EQ(ToHex(hasher.Finish()), million, "FIPS 180-2 B.3, 1000 updates");
        // Finish() starts a new message.
        hasher.Update(Hex("616263"));
        NS_TEST_EXPECT_MSG_EQ(ToHex(hasher.Finish()),
                              vectors[0].digest,
                              "the hasher is reusable after Finish()");
    }
};

/**
 * \ingroup sagin-tests
 * Ed25519: RFC 8032 section 7.1 TEST 1, 2, 3 and SHA(abc).
 */
class Ed25519VectorsTestCase : public TestCase
{
  public:
    Ed25519VectorsTestCase()
        : TestCase("Ed25519 against RFC 8032 section 7.1")
    {
    }

  private:
    void DoRun() override
    {
        struct Vector
        {
            std::string name;      //!< RFC 8032 test name
            std::string secret;    //!< SECRET KEY (the 32-byte seed)
            std::string publicKey; //!< PUBLIC KEY
            std::string message;   //!< MESSAGE
            std::string signature; //!< SIGNATURE
        };

        // RFC 8032, section 7.1 (Ed25519).
        const std::vector<Vector> vectors = {
            {"TEST 1",
             "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
             "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
             "",
             "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc6"
             "1e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
            {"TEST 2",
             "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
             "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
             "72",
             "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e45"
             "8f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
            {"TEST 3",
             "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
             "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
             "af82",
             "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae"
             "67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
            {"TEST SHA(abc)",
             "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
             "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
             "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836"
             "ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
             "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfd"
             "fbc7c66431e0303dca179c138ac17ad9bef1177331a704"},
        };

        uint32_t forgeries = 0;
        uint32_t forgeriesRejected = 0;
        for (const auto& v : vectors)
        {
            const auto pair = Ed25519KeyPair::FromSeed(FromHexArray<32>(v.secret));
            NS_TEST_EXPECT_MSG_EQ(ToHex(pair.GetPublicKey()),
                                  v.publicKey,
                                  v.name << ": public key from the secret key");
            const std::vector<uint8_t> message = Hex(v.message);
            const Ed25519Signature signature = pair.Sign(message);
            NS_TEST_EXPECT_MSG_EQ(ToHex(signature), v.signature, v.name << ": signature bytes");
            const auto publicKey = FromHexArray<32>(v.publicKey);
            const auto published = FromHexArray<64>(v.signature);
            NS_TEST_EXPECT_MSG_EQ(Ed25519KeyPair::Verify(publicKey, message, published),
                                  true,
                                  v.name << ": the published signature verifies");

            // Every single-bit change of the signature, one bit of the message (or an extra
            // byte for the empty message) and another vector's key must fail.
            for (size_t bit = 0; bit < 8 * published.size(); ++bit)
            {
                Ed25519Signature forged = published;
                forged[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
                ++forgeries;
                forgeriesRejected += Ed25519KeyPair::Verify(publicKey, message, forged) ? 0 : 1;
            }
            std::vector<uint8_t> altered = message;
            if (altered.empty())
            {
                altered.push_back(0);
            }
            else
            {
                altered[0] ^= 0x01;
            }
            ++forgeries;
            forgeriesRejected += Ed25519KeyPair::Verify(publicKey, altered, published) ? 0 : 1;
            const auto otherKey = FromHexArray<32>(vectors[(&v - &vectors[0] + 1) % 4].publicKey);
            ++forgeries;
            forgeriesRejected += Ed25519KeyPair::Verify(otherKey, message, published) ? 0 : 1;
        }
        // 4 vectors x (512 signature bits + 1 message + 1 key).
        NS_TEST_EXPECT_MSG_EQ(forgeries, 4u * 514u, "forgeries tried");
        NS_TEST_EXPECT_MSG_EQ(forgeriesRejected, forgeries, "every forgery rejected");
    }
};

/**
 * \ingroup sagin-tests
 * Node keys: the documented derivation, reproducibility per RngSeed/RngRun.
 */
class NodeKeyTestCase : public TestCase
{
  public:
    NodeKeyTestCase()
        : TestCase("Node keys derived from RngSeed, RngRun and node id")
    {
    }

  private:
    void DoRun() override
    {
        // Reference values: Python, hashlib.sha256(b"sagin/ed25519-node-key/v1" +
        // struct.pack(">QQII", seed, run, node, index)) and the public key of that seed from
        // cryptography's Ed25519PrivateKey.from_private_bytes (OpenSSL).
        struct Vector
        {
            uint64_t rngSeed;      //!< RngSeed
            uint64_t rngRun;       //!< RngRun
            uint32_t node;         //!< node id
            uint32_t index;        //!< key index
            std::string seed;      //!< derived seed
            std::string publicKey; //!< its public key
            std::string abc;       //!< signature of "abc"
        };

        const std::vector<Vector> vectors = {
            {1,
             1,
             0,
             0,
             "ae6a9fc041aa752b69de82f4910ed0783cd88c463d7b7c9a669761db7b7487fe",
             "b9986ecf2804d444e09ffcee2e9c30a26ad825b2bc2712a8d9f2c680b3b64642",
             "2eda57423135071f527483f99aca3b97bf9ce78ac88c7ad05fb694d9db983cffc6d3e5301acfddc308"
             "44a59b45150b5e92a15f5d6ed95ebed63f6d812718630d"},
            {1,
             1,
             7,
             0,
             "04341cfaf9fdae9b51417d23e1f56c198ed045bf571b51838da66c2f45686c9d",
             "32127d4fae75afaacb19d86ebabc58f9666f18d5a7511154b2121cc5d811dff8",
             "fd1f424ec7263d2984693a1985f4b6e671dd7ed8f67dc2ab7a643a83254551f58b7686e72f5698c809"
             "d3d8d919e42bea58ac5d860323747bb83306571b279002"},
            {3,
             5,
             7,
             1,
             "f92c79fa2ea21da073701a572eec292f90f8de12d72270829153456d3b6a4cac",
             "b3390a36a289b98e6a6c43c2283a47741bc979f19d071f0a19880a365e3057ef",
             "def7b5fa556a34c7f761df901d7bdf9e9bebe8e9dff6c569205641718dc258acbdd03acf7ec2c5eadc"
             "9f5d765cb6bc1c0c4e32951102c771d7fcf756f84e270b"},
        };
        const std::vector<uint8_t> abc = {'a', 'b', 'c'};
        for (const auto& v : vectors)
        {
            const Ed25519Seed seed =
                Ed25519KeyPair::DeriveSeed(v.rngSeed, v.rngRun, v.node, v.index);
            NS_TEST_EXPECT_MSG_EQ(ToHex(seed), v.seed, "derived seed");
            const auto pair = Ed25519KeyPair::FromSeed(seed);
            NS_TEST_EXPECT_MSG_EQ(ToHex(pair.GetPublicKey()), v.publicKey, "public key");
            NS_TEST_EXPECT_MSG_EQ(ToHex(pair.Sign(abc)), v.abc, "signature of \"abc\"");
        }

        // ForNode() follows the RngSeedManager.
        const uint32_t savedSeed = RngSeedManager::GetSeed();
        const uint64_t savedRun = RngSeedManager::GetRun();
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        NS_TEST_EXPECT_MSG_EQ(ToHex(Ed25519KeyPair::ForNode(7).GetPublicKey()),
                              vectors[1].publicKey,
                              "ForNode(7) with RngSeed 1, RngRun 1");
        const auto node0 = Ed25519KeyPair::ForNode(0).GetPublicKey();
        NS_TEST_EXPECT_MSG_EQ(ToHex(node0), vectors[0].publicKey, "ForNode(0), same run");
        RngSeedManager::SetSeed(3);
        RngSeedManager::SetRun(5);
        NS_TEST_EXPECT_MSG_EQ(ToHex(Ed25519KeyPair::ForNode(7, 1).GetPublicKey()),
                              vectors[2].publicKey,
                              "ForNode(7, 1) with RngSeed 3, RngRun 5");
        NS_TEST_EXPECT_MSG_NE(ToHex(Ed25519KeyPair::ForNode(0).GetPublicKey()),
                              ToHex(node0),
                              "another run gives node 0 another key");
        // The remembered public keys follow the seed and run alike (the published vectors).
        NS_TEST_EXPECT_MSG_EQ(ToHex(Ed25519KeyPair::PublicKeyForNode(7, 1)),
                              vectors[2].publicKey,
                              "PublicKeyForNode(7, 1) with RngSeed 3, RngRun 5");
        NS_TEST_EXPECT_MSG_NE(ToHex(Ed25519KeyPair::PublicKeyForNode(0)),
                              ToHex(node0),
                              "remembered: another run, another key");
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        NS_TEST_EXPECT_MSG_EQ(ToHex(Ed25519KeyPair::PublicKeyForNode(7)),
                              vectors[1].publicKey,
                              "PublicKeyForNode(7) with RngSeed 1, RngRun 1");
        NS_TEST_EXPECT_MSG_EQ(ToHex(Ed25519KeyPair::PublicKeyForNode(0)),
                              vectors[0].publicKey,
                              "PublicKeyForNode(0) back in run 1");
        RngSeedManager::SetSeed(savedSeed);
        RngSeedManager::SetRun(savedRun);

        // Copies sign alike.
        const auto original = Ed25519KeyPair::FromSeed(SeedOf(1));
        const Ed25519KeyPair copy = original; // NOLINT(performance-unnecessary-copy-initialization)
        NS_TEST_EXPECT_MSG_EQ(ToHex(copy.Sign(abc)), ToHex(original.Sign(abc)), "copy signs alike");
    }

    /**
     * \param value a byte
     * \return a seed of that byte repeated
     */
    static Ed25519Seed SeedOf(uint8_t value)
    {
        Ed25519Seed seed;
        seed.fill(value);
        return seed;
    }
};

/**
 * \ingroup sagin-tests
 * Hex helpers and their errors.
 */
class HexTestCase : public TestCase
{
  public:
    HexTestCase()
        : TestCase("Hex encoding and its errors")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<uint8_t> bytes = {0x00, 0x01, 0xab, 0xff};
        NS_TEST_EXPECT_MSG_EQ(ToHex(bytes), "0001abff", "lower-case, two digits per byte");
        NS_TEST_EXPECT_MSG_EQ((FromHex("0001ABff") == bytes), true, "either case");
        NS_TEST_EXPECT_MSG_EQ(
            Contains(MessageOf<std::invalid_argument>([] { FromHex("abc"); }), "odd length"),
            true,
            "odd length named");
        NS_TEST_EXPECT_MSG_EQ(Contains(MessageOf<std::invalid_argument>([] { FromHex("0g"); }),
                                       "non-hex character at position 1"),
                              true,
                              "bad character located");
        NS_TEST_EXPECT_MSG_EQ(
            Contains(MessageOf<std::invalid_argument>([] { FromHexArray<32>("00"); }),
                     "has 1 bytes; expected 32"),
            true,
            "wrong length named");
    }
};

/**
 * \ingroup sagin-tests
 * The blockchain crypto TestSuite.
 */
class BlockchainCryptoTestSuite : public TestSuite
{
  public:
    BlockchainCryptoTestSuite()
        : TestSuite("sagin-blockchain-crypto", Type::UNIT)
    {
        AddTestCase(new Sha256VectorsTestCase);
        AddTestCase(new Ed25519VectorsTestCase);
        AddTestCase(new NodeKeyTestCase);
        AddTestCase(new HexTestCase);
    }
};

static BlockchainCryptoTestSuite
    g_blockchainCryptoTestSuite; //!< Static variable for test initialization
