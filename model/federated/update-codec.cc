// SPDX-License-Identifier: GPL-2.0-only

#include "update-codec.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/parameter-serialization.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <numeric>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginUpdateCodec");

NS_OBJECT_ENSURE_REGISTERED(UpdateCodec);
NS_OBJECT_ENSURE_REGISTERED(Float32Codec);
NS_OBJECT_ENSURE_REGISTERED(Quantized8Codec);
NS_OBJECT_ENSURE_REGISTERED(TopKCodec);

namespace
{
/**
 * \param p receives 4 bytes
 * \param value written little-endian
 */
void
PutU32(uint8_t* p, uint32_t value)
{
    for (int i = 0; i < 4; ++i)
    {
        p[i] = static_cast<uint8_t>(value >> (8 * i));
    }
}

/**
 * \param p receives 4 bytes
 * \param value written as its binary32 bits, little-endian
 */
void
PutF32(uint8_t* p, float value)
{
    uint32_t bits;
    std::memcpy(&bits, &value, sizeof(bits));
    PutU32(p, bits);
}

/**
 * \param p 4 bytes
 * \return them as a little-endian uint32
 */
uint32_t
GetU32(const uint8_t* p)
{
    return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
           static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}

/**
 * \param p 4 bytes
 * \return them as a little-endian binary32
 */
float
GetF32(const uint8_t* p)
{
    const uint32_t bits = GetU32(p);
    float value;
    std::memcpy(&value, &bits, sizeof(value));
    return value;
}

/**
 * Throw std::invalid_argument "<codec>: <what> (at byte <offset>)".
 * \param codec the codec's name
 * \param what what is wrong
 * \param offset where
 */
[[noreturn]] void
Corrupt(const std::string& codec, const std::string& what, std::size_t offset)
{
    throw std::invalid_argument(codec + ": " + what + " (at byte " + std::to_string(offset) + ")");
}

/**
 * Throw std::invalid_argument, naming the codec and the size, for bytes of the wrong length.
 * \param codec the codec's name
 * \param size the byte count received
 * \param expected the byte count an encoding of count values has
 * \param count the value count
 */
[[noreturn]] void
WrongSize(const std::string& codec, std::size_t size, std::size_t expected, std::size_t count)
{
    std::ostringstream msg;
    msg << codec << ": " << size << " bytes, but an encoding of " << count << " values has "
        << expected << " (" << (size < expected ? "truncated" : "bytes left over")
        << ", or sent for a model of another size)";
    throw std::invalid_argument(msg.str());
}

/**
 * Throw std::invalid_argument naming the first value that is not finite, if any.
 * \param codec the codec's name
 * \param values the update
 */
void
CheckFinite(const std::string& codec, const std::vector<float>& values)
{
    for (std::size_t i = 0; i < values.size(); ++i)
    {
        if (!std::isfinite(values[i]))
        {
            std::ostringstream msg;
            msg << codec << ": value " << i << " is " << values[i]
                << "; only finite values can be encoded (a diverged update?)";
            throw std::invalid_argument(msg.str());
        }
    }
}

/**
 * \param exact x, a non-negative product such as f n
 * \return ceil(x), taking x within a relative 1e-12 of an integer as that integer
 */
std::size_t
CeilWithSlack(double exact)
{
    return static_cast<std::size_t>(std::ceil(exact * (1.0 - 1e-12)));
}
} // namespace

// --- UpdateCodec ---------------------------------------------------------------------------

TypeId
UpdateCodec::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::UpdateCodec").SetParent<Object>().SetGroupName("Sagin");
    return tid;
}

UpdateCodec::UpdateCodec()
{
    NS_LOG_FUNCTION(this);
}

UpdateCodec::~UpdateCodec()
{
    NS_LOG_FUNCTION(this);
}

std::vector<uint8_t>
UpdateCodec::Encode(const std::vector<float>& values) const
{
    NS_LOG_FUNCTION(this << values.size());
    return DoEncode(values);
}

std::vector<float>
UpdateCodec::Decode(const std::vector<uint8_t>& bytes, std::size_t count) const
{
    NS_LOG_FUNCTION(this << bytes.size() << count);
    return DoDecode(bytes, count);
}

std::size_t
UpdateCodec::GetEncodedSize(std::size_t count) const
{
    return DoGetEncodedSize(count);
}

double
UpdateCodec::GetMaxError(const std::vector<float>& values) const
{
    return DoGetMaxError(values);
}

// --- Float32Codec --------------------------------------------------------------------------

TypeId
Float32Codec::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::Float32Codec")
                            .SetParent<UpdateCodec>()
                            .SetGroupName("Sagin")
                            .AddConstructor<Float32Codec>();
    return tid;
}

std::string
Float32Codec::GetName() const
{
    return "float32";
}

std::vector<uint8_t>
Float32Codec::DoEncode(const std::vector<float>& values) const
{
    return SerializeParameters(values);
}

std::vector<float>
Float32Codec::DoDecode(const std::vector<uint8_t>& bytes, std::size_t count) const
{
    if (bytes.size() % 4 != 0 || bytes.size() / 4 != count)
    {
        WrongSize("Float32Codec", bytes.size(), 4 * count, count);
    }
    return DeserializeParameters(bytes, count);
}

std::size_t
Float32Codec::DoGetEncodedSize(std::size_t count) const
{
    return 4 * count;
}

double
Float32Codec::DoGetMaxError(const std::vector<float>& /* values */) const
{
    return 0.0;
}

// --- Quantized8Codec -----------------------------------------------------------------------

TypeId
Quantized8Codec::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::Quantized8Codec")
            .SetParent<UpdateCodec>()
            .SetGroupName("Sagin")
            .AddConstructor<Quantized8Codec>()
            .AddAttribute("ChunkSize",
                          "c: consecutive values sharing one minimum and maximum (values); "
                          "each chunk costs 8 bytes besides its values' bytes, and a smaller "
                          "chunk has a smaller range, hence a smaller error.",
                          UintegerValue(256),
                          MakeUintegerAccessor(&Quantized8Codec::m_chunkSize),
                          MakeUintegerChecker<uint32_t>(1));
    return tid;
}

std::string
Quantized8Codec::GetName() const
{
    return "q8/" + std::to_string(m_chunkSize);
}

std::vector<uint8_t>
Quantized8Codec::DoEncode(const std::vector<float>& values) const
{
    CheckFinite("Quantized8Codec", values);
    const std::size_t n = values.size();
    std::vector<uint8_t> bytes(DoGetEncodedSize(n));
    PutU32(bytes.data(), m_chunkSize);
    uint8_t* out = bytes.data() + 4;
    for (std::size_t start = 0; start < n; start += m_chunkSize)
    {
        const std::size_t end = std::min(n, start + std::size_t{m_chunkSize});
        const auto [low, high] = std::minmax_element(values.begin() + start, values.begin() + end);
        const float a = *low;
        const float b = *high;
        PutF32(out, a);
        PutF32(out + 4, b);
        out += 8;
        const double range = static_cast<double>(b) - static_cast<double>(a);
        // q = round(255 (v - a) / (b - a)), with 255 / (b - a) computed once: t is then off
        // by a few units in the last place of a double, which can move a value lying exactly
        // half-way between two levels to the other one (the error bound allows for it).
        const double scale = range > 0.0 ? 255.0 / range : 0.0;
        for (std::size_t i = start; i < end; ++i)
        {
            const double t = (static_cast<double>(values[i]) - a) * scale; // >= 0
            *out++ = static_cast<uint8_t>(std::min(255.0, std::floor(t + 0.5)));
        }
    }
    return bytes;
}

std::vector<float>
Quantized8Codec::DoDecode(const std::vector<uint8_t>& bytes, std::size_t count) const
{
    const std::string codec = "Quantized8Codec";
    if (bytes.size() < 4)
    {
        Corrupt(codec,
                "truncated: " + std::to_string(bytes.size()) +
                    " bytes, less than the 4-byte chunk size",
                0);
    }
    const uint32_t chunk = GetU32(bytes.data());
    if (chunk == 0)
    {
        Corrupt(codec, "chunk size 0", 0);
    }
    if (count > bytes.size())
    {
        // Checked first, so that the expected size below cannot overflow.
        throw std::invalid_argument(codec + ": " + std::to_string(bytes.size()) +
                                    " bytes cannot hold " + std::to_string(count) +
                                    " values, one byte each (truncated, or sent for a model "
                                    "of another size)");
    }
    const std::size_t chunks = count / chunk + (count % chunk != 0 ? 1 : 0);
    const std::size_t expected = 4 + count + 8 * chunks;
    if (bytes.size() != expected)
    {
        WrongSize(codec + " (chunk size " + std::to_string(chunk) + ")",
                  bytes.size(),
                  expected,
                  count);
    }
    std::vector<float> values(count);
    std::size_t offset = 4;
    for (std::size_t start = 0; start < count; start += chunk)
    {
        const std::size_t end = std::min(count, start + std::size_t{chunk});
        const float a = GetF32(bytes.data() + offset);
        const float b = GetF32(bytes.data() + offset + 4);
        if (!std::isfinite(a) || !std::isfinite(b) || !(a <= b))
        {
            std::ostringstream msg;
            msg << "chunk " << start / chunk << " has minimum " << a << " and maximum " << b
                << "; they must be finite with minimum <= maximum";
            Corrupt(codec, msg.str(), offset);
        }
        offset += 8;
        for (std::size_t i = start; i < end; ++i, ++offset)
        {
            const double q = bytes[offset];
            values[i] = static_cast<float>(((255.0 - q) * a + q * b) / 255.0);
        }
    }
    return values;
}

std::size_t
Quantized8Codec::DoGetEncodedSize(std::size_t count) const
{
    return 4 + count + 8 * (count / m_chunkSize + (count % m_chunkSize != 0 ? 1 : 0));
}

double
Quantized8Codec::DoGetMaxError(const std::vector<float>& values) const
{
    CheckFinite("Quantized8Codec", values);
    double bound = 0.0;
    for (std::size_t start = 0; start < values.size(); start += m_chunkSize)
    {
        const std::size_t end = std::min(values.size(), start + std::size_t{m_chunkSize});
        const auto [low, high] = std::minmax_element(values.begin() + start, values.begin() + end);
        const double a = *low;
        const double b = *high;
        const double quantisation = (b - a) / 510.0;
        const double rounding = std::ldexp(std::max(std::abs(a), std::abs(b)), -24);
        bound = std::max(bound, (quantisation + rounding) * (1.0 + 1e-6) + std::ldexp(1.0, -150));
    }
    return bound;
}

// --- TopKCodec -----------------------------------------------------------------------------

TypeId
TopKCodec::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::TopKCodec")
            .SetParent<UpdateCodec>()
            .SetGroupName("Sagin")
            .AddConstructor<TopKCodec>()
            .AddAttribute("Fraction",
                          "f: the share of the values kept, those of largest magnitude "
                          "(dimensionless, in (0, 1]; at least one value is kept).",
                          DoubleValue(0.1),
                          MakeDoubleAccessor(&TopKCodec::m_fraction),
                          MakeDoubleChecker<double>(std::nextafter(0.0, 1.0), 1.0));
    return tid;
}

std::string
TopKCodec::GetName() const
{
    std::ostringstream name;
    name << "top-k/" << m_fraction;
    return name.str();
}

std::size_t
TopKCodec::GetKeptCount(std::size_t count) const
{
    if (count == 0)
    {
        return 0;
    }
    const std::size_t k = CeilWithSlack(m_fraction * static_cast<double>(count));
    return std::clamp<std::size_t>(k, 1, count);
}

namespace
{
/**
 * The indices of the k values of largest magnitude, the lower index first among equal
 * magnitudes, in index order.
 * \param values finite values
 * \param k how many (<= values.size())
 * \return the indices, increasing
 */
std::vector<uint32_t>
LargestMagnitudes(const std::vector<float>& values, std::size_t k)
{
    std::vector<uint32_t> order(values.size());
    std::iota(order.begin(), order.end(), 0);
    auto before = [&values](uint32_t x, uint32_t y) {
        const float mx = std::abs(values[x]);
        const float my = std::abs(values[y]);
        return mx > my || (mx == my && x < y);
    };
    if (k < order.size())
    {
        std::nth_element(order.begin(), order.begin() + k, order.end(), before);
    }
    order.resize(k);
    std::sort(order.begin(), order.end());
    return order;
}
} // namespace

std::vector<uint8_t>
TopKCodec::DoEncode(const std::vector<float>& values) const
{
    CheckFinite("TopKCodec", values);
    if (values.size() > UINT32_MAX)
    {
        throw std::invalid_argument("TopKCodec: " + std::to_string(values.size()) +
                                    " values; indices are uint32");
    }
    const std::vector<uint32_t> kept = LargestMagnitudes(values, GetKeptCount(values.size()));
    std::vector<uint8_t> bytes(4 + 8 * kept.size());
    PutU32(bytes.data(), static_cast<uint32_t>(kept.size()));
    for (std::size_t i = 0; i < kept.size(); ++i)
    {
        PutU32(bytes.data() + 4 + 8 * i, kept[i]);
        PutF32(bytes.data() + 8 + 8 * i, values[kept[i]]);
    }
    return bytes;
}

std::vector<float>
TopKCodec::DoDecode(const std::vector<uint8_t>& bytes, std::size_t count) const
{
    const std::string codec = "TopKCodec";
    if (bytes.size() < 4)
    {
        Corrupt(codec,
                "truncated: " + std::to_string(bytes.size()) + " bytes, less than the 4-byte count",
                0);
    }
    const uint32_t k = GetU32(bytes.data());
    if (k > count)
    {
        Corrupt(codec,
                "count of kept values " + std::to_string(k) + " exceeds the " +
                    std::to_string(count) + " values of the model",
                0);
    }
    const std::size_t expected = 4 + 8 * std::size_t{k};
    if (bytes.size() != expected)
    {
        WrongSize(codec + " (" + std::to_string(k) + " kept)", bytes.size(), expected, count);
    }
    std::vector<float> values(count, 0.0F);
    for (uint32_t i = 0; i < k; ++i)
    {
        const std::size_t offset = 4 + 8 * std::size_t{i};
        const uint32_t index = GetU32(bytes.data() + offset);
        if (index >= count)
        {
            Corrupt(codec,
                    "pair " + std::to_string(i) + " has index " + std::to_string(index) +
                        ", beyond the " + std::to_string(count) + " values",
                    offset);
        }
        if (i > 0 && index <= GetU32(bytes.data() + offset - 8))
        {
            Corrupt(codec,
                    "pair " + std::to_string(i) + " has index " + std::to_string(index) +
                        ", not above the previous one (indices must increase strictly)",
                    offset);
        }
        const float value = GetF32(bytes.data() + offset + 4);
        if (!std::isfinite(value))
        {
            std::ostringstream msg;
            msg << "pair " << i << " (index " << index << ") has value " << value
                << "; values must be finite";
            Corrupt(codec, msg.str(), offset + 4);
        }
        values[index] = value;
    }
    return values;
}

std::size_t
TopKCodec::DoGetEncodedSize(std::size_t count) const
{
    return 4 + 8 * GetKeptCount(count);
}

double
TopKCodec::DoGetMaxError(const std::vector<float>& values) const
{
    CheckFinite("TopKCodec", values);
    const std::size_t k = GetKeptCount(values.size());
    if (k >= values.size())
    {
        return 0.0;
    }
    // The largest magnitude left out is the (k+1)-th largest magnitude.
    std::vector<float> magnitudes(values.size());
    std::transform(values.begin(), values.end(), magnitudes.begin(), [](float v) {
        return std::abs(v);
    });
    std::nth_element(magnitudes.begin(),
                     magnitudes.begin() + k,
                     magnitudes.end(),
                     std::greater<float>());
    return magnitudes[k];
}

} // namespace sagin
} // namespace ns3
