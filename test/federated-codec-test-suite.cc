// SPDX-License-Identifier: GPL-2.0-only
//
// Update codecs: bytes of small encodings assembled by hand from the documented layouts,
// round trips within the stated error bound over many sizes (chunk boundaries, n = 0 and
// 1), exact byte counts, Float32Codec bit for bit, every truncation and corruption of small
// encodings refused, and a fuzz run.

#include "sagin-test-utils.h"

#include "ns3/double.h"
#include "ns3/object-factory.h"
#include "ns3/parameter-serialization.h"
#include "ns3/random-variable-stream.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"
#include "ns3/update-codec.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{

/**
 * \param value a float
 * \return its 4 bytes, little-endian
 */
std::vector<uint8_t>
F32(float value)
{
    uint32_t bits;
    std::memcpy(&bits, &value, sizeof(bits));
    return {static_cast<uint8_t>(bits),
            static_cast<uint8_t>(bits >> 8),
            static_cast<uint8_t>(bits >> 16),
            static_cast<uint8_t>(bits >> 24)};
}

/**
 * \param value an integer
 * \return its 4 bytes, little-endian
 */
std::vector<uint8_t>
U32(uint32_t value)
{
    return {static_cast<uint8_t>(value),
            static_cast<uint8_t>(value >> 8),
            static_cast<uint8_t>(value >> 16),
            static_cast<uint8_t>(value >> 24)};
}

/**
 * \param parts byte strings
 * \return them one after the other
 */
std::vector<uint8_t>
Concat(const std::vector<std::vector<uint8_t>>& parts)
{
    std::vector<uint8_t> bytes;
    for (const std::vector<uint8_t>& part : parts)
    {
        bytes.insert(bytes.end(), part.begin(), part.end());
    }
    return bytes;
}

/**
 * \param a values
 * \param b values of the same length
 * \return max |a_i - b_i|, in double precision
 */
double
MaxError(const std::vector<float>& a, const std::vector<float>& b)
{
    double worst = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i)
    {
        worst = std::max(worst, std::abs(static_cast<double>(a[i]) - b[i]));
    }
    return worst;
}

/**
 * \param codec a codec
 * \param bytes bytes to decode
 * \param count value count
 * \return the message of the std::invalid_argument Decode threw, or "" if it threw none
 */
std::string
DecodeError(Ptr<UpdateCodec> codec, const std::vector<uint8_t>& bytes, std::size_t count)
{
    return MessageOf<std::invalid_argument>([&]() { codec->Decode(bytes, count); });
}

/** Sizes tried by the round trips: edges, chunk boundaries of 7 and 256, the 2x128 MLP's. */
const std::size_t SIZES[] =
    {0, 1, 2, 6, 7, 8, 13, 14, 15, 255, 256, 257, 511, 512, 513, 1000, 19720};

} // namespace

/**
 * \ingroup sagin-tests
 * Float32Codec: the bytes of SerializeParameters, every bit back.
 */
class Float32CodecTestCase : public TestCase
{
  public:
    Float32CodecTestCase()
        : TestCase("Float32Codec: SerializeParameters' bytes, bit-exact round trips")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<UpdateCodec> codec = CreateObject<Float32Codec>();
        NS_TEST_EXPECT_MSG_EQ(codec->GetName(), "float32", "name");
        // Hand layout: 1.0 = 0x3f800000, -2.5 = 0xc0200000.
        NS_TEST_EXPECT_MSG_EQ(
            (codec->Encode({1.0F, -2.5F}) ==
             std::vector<uint8_t>{0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x20, 0xc0}),
            true,
            "bytes");
        // Every bit pattern class: signed zeros, subnormals, extremes, infinities and a NaN
        // with a payload.
        std::vector<float> special = {0.0F,
                                      -0.0F,
                                      std::numeric_limits<float>::denorm_min(),
                                      -std::numeric_limits<float>::min(),
                                      std::numeric_limits<float>::max(),
                                      std::numeric_limits<float>::infinity(),
                                      -std::numeric_limits<float>::infinity()};
        const uint32_t nanBits = 0x7fc01234;
        float nan;
        std::memcpy(&nan, &nanBits, sizeof(nan));
        special.push_back(nan);
        const std::vector<uint8_t> bytes = codec->Encode(special);
        NS_TEST_EXPECT_MSG_EQ((bytes == SerializeParameters(special)),
                              true,
                              "SerializeParameters' bytes");
        const std::vector<float> back = codec->Decode(bytes, special.size());
        NS_TEST_EXPECT_MSG_EQ(std::memcmp(back.data(), special.data(), 4 * special.size()),
                              0,
                              "bit for bit");

        auto normal = CreateObject<NormalRandomVariable>();
        normal->SetStream(5);
        for (std::size_t n : SIZES)
        {
            std::vector<float> values(n);
            for (float& v : values)
            {
                v = static_cast<float>(normal->GetValue());
            }
            const std::vector<uint8_t> encoded = codec->Encode(values);
            NS_TEST_EXPECT_MSG_EQ(encoded.size(), 4 * n, "4 bytes per value, n = " << n);
            NS_TEST_EXPECT_MSG_EQ(codec->GetEncodedSize(n), 4 * n, "GetEncodedSize");
            NS_TEST_EXPECT_MSG_EQ((codec->Decode(encoded, n) == values), true, "n = " << n);
            NS_TEST_EXPECT_MSG_EQ(codec->GetMaxError(values), 0.0, "lossless");
        }
    }
};

/**
 * \ingroup sagin-tests
 * Quantized8Codec: a hand-made encoding, round trips within the bound, byte counts.
 */
class Quantized8CodecTestCase : public TestCase
{
  public:
    Quantized8CodecTestCase()
        : TestCase("Quantized8Codec: layout, error bound and byte count")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<UpdateCodec> codec =
            CreateObjectWithAttributes<Quantized8Codec>("ChunkSize", UintegerValue(4));
        NS_TEST_EXPECT_MSG_EQ(codec->GetName(), "q8/4", "name");
        // Chunk (0, 1, 0.5, 0.25): a = 0, b = 1, q = 0, 255, round(127.5) = 128,
        // round(63.75) = 64. Chunk (-3, -3): a = b = -3, q = 0, 0.
        const std::vector<uint8_t> expected = Concat(
            {U32(4), F32(0.0F), F32(1.0F), {0, 255, 128, 64}, F32(-3.0F), F32(-3.0F), {0, 0}});
        const std::vector<float> hand = {0.0F, 1.0F, 0.5F, 0.25F, -3.0F, -3.0F};
        NS_TEST_EXPECT_MSG_EQ((codec->Encode(hand) == expected), true, "hand layout");
        const std::vector<float> decoded = codec->Decode(expected, 6);
        const std::vector<float> values = {0.0F,
                                           1.0F,
                                           static_cast<float>(128.0 / 255.0),
                                           static_cast<float>(64.0 / 255.0),
                                           -3.0F,
                                           -3.0F};
        NS_TEST_EXPECT_MSG_EQ((decoded == values), true, "hand decoding");
        // (b - a) / 510 = 1 / 510 for the first chunk: 0.5 comes back as 128 / 255, 1/510 off.
        NS_TEST_EXPECT_MSG_EQ_TOL(MaxError(decoded, hand), 1.0 / 510.0, 1e-7, "error");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(MaxError(decoded, hand), codec->GetMaxError(hand), "bound");

        // A receiver decodes the sender's chunk size, whatever its own.
        Ptr<UpdateCodec> receiver = CreateObject<Quantized8Codec>();
        NS_TEST_EXPECT_MSG_EQ((receiver->Decode(expected, 6) == values), true, "chunk on wire");

        auto uniform = CreateObject<UniformRandomVariable>();
        uniform->SetStream(6);
        double tightest = 0.0;
        for (uint32_t chunk : {1U, 7U, 256U, 1024U})
        {
            codec->SetAttribute("ChunkSize", UintegerValue(chunk));
            for (std::size_t n : SIZES)
            {
                // Values spread over several binades, with an offset, so the rounding to
                // float matters as well as the quantisation.
                std::vector<float> v(n);
                for (float& x : v)
                {
                    x = static_cast<float>(100.0 + uniform->GetValue(-1.0, 1.0) *
                                                       std::pow(10.0, uniform->GetInteger(0, 3)));
                }
                const std::vector<uint8_t> bytes = codec->Encode(v);
                // 4 + n + 8 ceil(n / c), written out.
                const std::size_t size = 4 + n + 8 * ((n + chunk - 1) / chunk);
                NS_TEST_EXPECT_MSG_EQ(bytes.size(), size, "bytes, n = " << n << ", c = " << chunk);
                NS_TEST_EXPECT_MSG_EQ(codec->GetEncodedSize(n), size, "GetEncodedSize");
                const std::vector<float> back = codec->Decode(bytes, n);
                NS_TEST_ASSERT_MSG_EQ(back.size(), n, "count");
                const double error = MaxError(back, v);
                const double bound = codec->GetMaxError(v);
                NS_TEST_EXPECT_MSG_LT_OR_EQ(error, bound, "n = " << n << ", c = " << chunk);
                if (n > 0)
                {
                    tightest = std::max(tightest, error / bound);
                }
            }
        }
        // The bound is not vacuous: some round trip comes within 10 % of it.
        NS_TEST_EXPECT_MSG_GT(tightest, 0.9, "the bound is reached nearly");

        // Per chunk, exactly: error <= (b - a) / 510 + half an ulp of the result.
        codec->SetAttribute("ChunkSize", UintegerValue(256));
        std::vector<float> v(1000);
        for (float& x : v)
        {
            x = static_cast<float>(uniform->GetValue(-0.05, 0.05));
        }
        const std::vector<float> back = codec->Decode(codec->Encode(v), v.size());
        for (std::size_t start = 0; start < v.size(); start += 256)
        {
            const std::size_t end = std::min(v.size(), start + 256);
            const double a = *std::min_element(v.begin() + start, v.begin() + end);
            const double b = *std::max_element(v.begin() + start, v.begin() + end);
            for (std::size_t i = start; i < end; ++i)
            {
                const double ulp =
                    std::nextafter(std::abs(back[i]), std::numeric_limits<float>::infinity()) -
                    std::abs(back[i]);
                NS_TEST_EXPECT_MSG_LT_OR_EQ(std::abs(static_cast<double>(back[i]) - v[i]),
                                            (b - a) / 510.0 + ulp / 2.0,
                                            "value " << i);
            }
        }

        const float nan = std::numeric_limits<float>::quiet_NaN();
        std::string m = MessageOf<std::invalid_argument>([&]() { codec->Encode({1.0F, nan}); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "Quantized8Codec: value 1 is nan"), true, m);
        m = MessageOf<std::invalid_argument>(
            [&]() { codec->Encode({std::numeric_limits<float>::infinity()}); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "value 0 is inf"), true, m);
        NS_TEST_EXPECT_MSG_EQ(codec->SetAttributeFailSafe("ChunkSize", UintegerValue(0)),
                              false,
                              "chunk size 0 refused by the checker");
    }
};

/**
 * \ingroup sagin-tests
 * TopKCodec: the right entries, by hand, and round trips.
 */
class TopKCodecTestCase : public TestCase
{
  public:
    TopKCodecTestCase()
        : TestCase("TopKCodec: entries kept, layout, byte count")
    {
    }

  private:
    void DoRun() override
    {
        // 3/7 of 7 values: k = 3 (3/7 * 7 is not exactly 3 in double precision). Magnitudes
        // 0.1, 5, 3, 0, 5, 0.2, 3: the two 5s (indices 1, 4) and the first 3 (index 2; index
        // 6 ties with it and loses to the lower index).
        Ptr<TopKCodec> codec =
            CreateObjectWithAttributes<TopKCodec>("Fraction", DoubleValue(3.0 / 7.0));
        const std::vector<float> values = {0.1F, -5.0F, 3.0F, 0.0F, 5.0F, -0.2F, 3.0F};
        NS_TEST_EXPECT_MSG_EQ(codec->GetKeptCount(7), 3, "k");
        const std::vector<uint8_t> expected =
            Concat({U32(3), U32(1), F32(-5.0F), U32(2), F32(3.0F), U32(4), F32(5.0F)});
        const std::vector<uint8_t> bytes = codec->Encode(values);
        NS_TEST_EXPECT_MSG_EQ((bytes == expected), true, "hand layout");
        NS_TEST_EXPECT_MSG_EQ(bytes.size(), 4 + 8 * 3, "4 + 8k");
        NS_TEST_EXPECT_MSG_EQ(
            (codec->Decode(bytes, 7) == std::vector<float>{0, -5.0F, 3.0F, 0, 5.0F, 0, 0}),
            true,
            "the others decode as 0");
        NS_TEST_EXPECT_MSG_EQ(codec->GetMaxError(values), 3.0, "index 6 left out");

        // k = max(1, ceil(f n)), with the slack: 0.07 * 100 keeps 7, not 8.
        codec->SetAttribute("Fraction", DoubleValue(0.07));
        NS_TEST_EXPECT_MSG_EQ(codec->GetKeptCount(100), 7, "0.07 of 100");
        NS_TEST_EXPECT_MSG_EQ(codec->GetKeptCount(101), 8, "0.07 of 101 = 7.07 -> 8");
        codec->SetAttribute("Fraction", DoubleValue(1e-9));
        NS_TEST_EXPECT_MSG_EQ(codec->GetKeptCount(10), 1, "at least one");
        NS_TEST_EXPECT_MSG_EQ(codec->GetKeptCount(0), 0, "none of none");
        NS_TEST_EXPECT_MSG_EQ((codec->Encode({}) == U32(0)), true, "n = 0: the count alone");
        NS_TEST_EXPECT_MSG_EQ(codec->Decode(U32(0), 0).size(), 0, "n = 0 back");
        codec->SetAttribute("Fraction", DoubleValue(1.0));
        NS_TEST_EXPECT_MSG_EQ((codec->Decode(codec->Encode(values), 7) == values),
                              true,
                              "f = 1 keeps everything");

        auto normal = CreateObject<NormalRandomVariable>();
        normal->SetStream(7);
        for (double fraction : {0.01, 0.1, 0.5})
        {
            codec->SetAttribute("Fraction", DoubleValue(fraction));
            for (std::size_t n : SIZES)
            {
                std::vector<float> v(n);
                for (float& x : v)
                {
                    x = static_cast<float>(normal->GetValue());
                }
                const std::size_t k =
                    n == 0 ? 0 : std::max<std::size_t>(1, std::ceil(fraction * n - 1e-9));
                const std::vector<uint8_t> encoded = codec->Encode(v);
                NS_TEST_EXPECT_MSG_EQ(encoded.size(), 4 + 8 * k, "bytes, n = " << n);
                NS_TEST_EXPECT_MSG_EQ(codec->GetEncodedSize(n), 4 + 8 * k, "GetEncodedSize");
                const std::vector<float> back = codec->Decode(encoded, n);
                // Kept values exact, the rest 0, and every kept magnitude >= every dropped one.
                std::size_t kept = 0;
                float smallestKept = std::numeric_limits<float>::infinity();
                float largestDropped = 0.0F;
                bool exact = true;
                for (std::size_t i = 0; i < n; ++i)
                {
                    if (back[i] != 0.0F)
                    {
                        ++kept;
                        exact = exact && back[i] == v[i];
                        smallestKept = std::min(smallestKept, std::abs(v[i]));
                    }
                    else
                    {
                        largestDropped = std::max(largestDropped, std::abs(v[i]));
                    }
                }
                NS_TEST_EXPECT_MSG_EQ(kept, k, "k kept, n = " << n);
                NS_TEST_EXPECT_MSG_EQ(exact, true, "kept values exact");
                NS_TEST_EXPECT_MSG_EQ((smallestKept >= largestDropped), true, "the largest kept");
                NS_TEST_EXPECT_MSG_EQ(MaxError(back, v),
                                      codec->GetMaxError(v),
                                      "the bound is the error");
            }
        }

        std::string m = MessageOf<std::invalid_argument>([&]() {
            codec->Encode({1.0F, -std::numeric_limits<float>::infinity()});
        });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "TopKCodec: value 1 is -inf"), true, m);
        NS_TEST_EXPECT_MSG_EQ(codec->SetAttributeFailSafe("Fraction", DoubleValue(0.0)),
                              false,
                              "fraction 0 refused by the checker");
        NS_TEST_EXPECT_MSG_EQ(codec->SetAttributeFailSafe("Fraction", DoubleValue(1.5)),
                              false,
                              "fraction 1.5 refused by the checker");
    }
};

/**
 * \ingroup sagin-tests
 * Truncated, oversized and corrupt bytes are refused with a message; random bytes never
 * crash a decoder.
 */
class CodecCorruptBytesTestCase : public TestCase
{
  public:
    CodecCorruptBytesTestCase()
        : TestCase("truncated, oversized, corrupt and random bytes refused")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<float> values = {0.5F, -1.0F, 2.0F, 0.0F, 7.0F};
        const std::vector<Ptr<UpdateCodec>> codecs = {
            CreateObject<Float32Codec>(),
            CreateObjectWithAttributes<Quantized8Codec>("ChunkSize", UintegerValue(2)),
            CreateObjectWithAttributes<TopKCodec>("Fraction", DoubleValue(0.4))};
        uint32_t refused = 0;
        for (const Ptr<UpdateCodec>& codec : codecs)
        {
            const std::vector<uint8_t> bytes = codec->Encode(values);
            for (std::size_t length = 0; length < bytes.size(); ++length)
            {
                const std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + length);
                const std::string m = DecodeError(codec, cut, values.size());
                NS_TEST_EXPECT_MSG_EQ(m.empty(), false, codec->GetName() << " cut to " << length);
                refused += m.empty() ? 0 : 1;
            }
            std::vector<uint8_t> longer = bytes;
            longer.push_back(0);
            NS_TEST_EXPECT_MSG_EQ(
                Contains(DecodeError(codec, longer, values.size()), "bytes left over"),
                true,
                codec->GetName() << " one byte too many");
            NS_TEST_EXPECT_MSG_EQ(DecodeError(codec, bytes, values.size() + 1).empty(),
                                  (codec->GetName() == "top-k/0.4"), // 2 of 6 is valid top-k
                                  codec->GetName() << " count + 1");
            NS_TEST_EXPECT_MSG_EQ(DecodeError(codec, bytes, values.size() - 1).empty(),
                                  false,
                                  codec->GetName() << " count - 1");
        }
        // Every truncation: Float32 20, Quantized8 4 + 5 + 8 * 3 = 33, top-k 4 + 8 * 2 = 20.
        NS_TEST_EXPECT_MSG_EQ(refused, 20 + 33 + 20, "every truncation refused");

        std::string m = DecodeError(codecs[0], std::vector<uint8_t>(19), 5);
        NS_TEST_EXPECT_MSG_EQ(Contains(m,
                                       "Float32Codec: 19 bytes, but an encoding of 5 values has "
                                       "20 (truncated"),
                              true,
                              m);

        // Quantized8: chunk size 0, a minimum above the maximum, a NaN bound, a count larger
        // than the bytes.
        Ptr<UpdateCodec> q8 = codecs[1];
        const std::vector<uint8_t> good = q8->Encode(values);
        std::vector<uint8_t> bad = good;
        std::fill(bad.begin(), bad.begin() + 4, 0);
        m = DecodeError(q8, bad, 5);
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "chunk size 0 (at byte 0)"), true, m);
        bad = Concat({U32(2), F32(1.0F), F32(0.0F), {0, 0}});
        m = DecodeError(q8, bad, 2);
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "chunk 0 has minimum 1 and maximum 0"), true, m);
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "(at byte 4)"), true, m);
        bad = Concat({U32(1), F32(0.0F), F32(0.0F), {0}, F32(0.0F), F32(NAN), {0}});
        m = DecodeError(q8, bad, 2);
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "chunk 1 has minimum 0 and maximum nan"), true, m);
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "(at byte 13)"), true, m);
        m = DecodeError(q8, good, 1000000);
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "cannot hold 1000000 values"), true, m);
        m = DecodeError(q8, good, std::numeric_limits<std::size_t>::max());
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "cannot hold"), true, "no overflow: " << m);

        // Top-k: an index out of range, repeated, decreasing; k above the count; a NaN.
        Ptr<UpdateCodec> topK = codecs[2];
        m = DecodeError(topK, Concat({U32(1), U32(5), F32(1.0F)}), 5);
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "pair 0 has index 5, beyond the 5 values (at byte 4)"),
                              true,
                              m);
        m = DecodeError(topK, Concat({U32(2), U32(3), F32(1.0F), U32(3), F32(2.0F)}), 5);
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "pair 1 has index 3, not above the previous one"),
                              true,
                              m);
        m = DecodeError(topK, Concat({U32(2), U32(3), F32(1.0F), U32(1), F32(2.0F)}), 5);
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "pair 1 has index 1, not above"), true, m);
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "(at byte 12)"), true, m);
        m = DecodeError(topK, Concat({U32(6)}), 5);
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "count of kept values 6 exceeds the 5 values"), true, m);
        m = DecodeError(topK, Concat({U32(0xffffffff)}), std::numeric_limits<std::size_t>::max());
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "bytes, but an encoding"), true, "no overflow: " << m);
        m = DecodeError(topK, Concat({U32(1), U32(2), F32(NAN)}), 5);
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "pair 0 (index 2) has value nan"), true, m);

        // Fuzz (fixed stream): random lengths and bytes, and mutations of good encodings;
        // each either refused with std::invalid_argument or decoded to count values.
        auto uniform = CreateObject<UniformRandomVariable>();
        uniform->SetStream(8);
        uint32_t tried = 0;
        uint32_t decoded = 0;
        for (const Ptr<UpdateCodec>& codec : codecs)
        {
            const std::vector<uint8_t> encoding = codec->Encode(values);
            for (int trial = 0; trial < 2000; ++trial)
            {
                std::vector<uint8_t> bytes;
                if (trial % 2 == 0)
                {
                    bytes.resize(uniform->GetInteger(0, 40));
                    for (uint8_t& b : bytes)
                    {
                        b = static_cast<uint8_t>(uniform->GetInteger(0, 255));
                    }
                }
                else
                {
                    bytes = encoding;
                    const uint32_t flips = uniform->GetInteger(1, 3);
                    for (uint32_t f = 0; f < flips; ++f)
                    {
                        bytes[uniform->GetInteger(0, bytes.size() - 1)] ^=
                            static_cast<uint8_t>(1U << uniform->GetInteger(0, 7));
                    }
                }
                const std::size_t count = trial % 3 == 0 ? uniform->GetInteger(0, 12) : 5;
                try
                {
                    const std::vector<float> out = codec->Decode(bytes, count);
                    NS_TEST_EXPECT_MSG_EQ(out.size(), count, "decoded count");
                    ++decoded;
                }
                catch (const std::invalid_argument&)
                {
                }
                ++tried;
            }
        }
        NS_TEST_EXPECT_MSG_EQ(tried, 6000, "fuzz inputs");
        NS_TEST_EXPECT_MSG_GT(decoded, 0, "some mutations are valid encodings");
    }
};

/**
 * \ingroup sagin-tests
 * The codecs by TypeId name, as a round protocol creates them.
 */
class CodecObjectsTestCase : public TestCase
{
  public:
    CodecObjectsTestCase()
        : TestCase("codecs by TypeId name and their names")
    {
    }

  private:
    void DoRun() override
    {
        ObjectFactory factory;
        factory.SetTypeId("ns3::sagin::Quantized8Codec");
        factory.Set("ChunkSize", UintegerValue(64));
        Ptr<UpdateCodec> q8 = factory.Create<UpdateCodec>();
        NS_TEST_EXPECT_MSG_EQ(q8->GetName(), "q8/64", "q8 by name");
        factory.SetTypeId("ns3::sagin::TopKCodec");
        factory.Set("Fraction", DoubleValue(0.01));
        NS_TEST_EXPECT_MSG_EQ(factory.Create<UpdateCodec>()->GetName(), "top-k/0.01", "top-k");
        factory = ObjectFactory("ns3::sagin::Float32Codec");
        NS_TEST_EXPECT_MSG_EQ(factory.Create<UpdateCodec>()->GetEncodedSize(19720),
                              78880,
                              "float32, the MLP's size");
        NS_TEST_EXPECT_MSG_EQ(q8->GetEncodedSize(19720), 4 + 19720 + 8 * 309, "q8/64");
    }
};

/**
 * \ingroup sagin-tests
 * The update codec TestSuite.
 */
class FederatedCodecTestSuite : public TestSuite
{
  public:
    FederatedCodecTestSuite()
        : TestSuite("sagin-federated-codec", Type::UNIT)
    {
        AddTestCase(new Float32CodecTestCase);
        AddTestCase(new Quantized8CodecTestCase);
        AddTestCase(new TopKCodecTestCase);
        AddTestCase(new CodecCorruptBytesTestCase);
        AddTestCase(new CodecObjectsTestCase);
    }
};

static FederatedCodecTestSuite
    g_federatedCodecTestSuite; //!< Static variable for test initialization
