// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_UPDATE_CODEC_H
#define SAGIN_UPDATE_CODEC_H

#include "ns3/object.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * How a model update (a flat float vector, e.g. Policy::GetParameters() or a difference of
 * two) becomes the bytes a federated round sends, and back. A round takes the codec as a
 * PointerValue attribute; sender and receiver use the same codec type.
 *
 * Decode() is given the value count the receiver's model has and checks the bytes against
 * it before reading them: bytes that are truncated, too long, inconsistent (a header that
 * does not match the count, an index out of range...) or carry non-finite numbers where the
 * format has none throw std::invalid_argument with a message naming the codec, the field and
 * its byte offset. It never reads outside the buffer and never allocates more than the count
 * given.
 *
 * Every format is little-endian (as SerializeParameters()); floats are IEEE-754 binary32.
 */
class UpdateCodec : public Object
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    UpdateCodec();
    ~UpdateCodec() override;

    /**
     * \param values the update
     * \return its encoding, GetEncodedSize(values.size()) bytes; std::invalid_argument naming
     *         the index for a value the codec cannot carry (lossy codecs: NaN, infinity)
     */
    std::vector<uint8_t> Encode(const std::vector<float>& values) const;

    /**
     * \param bytes an encoding made by this codec type
     * \param count the number of values expected (the receiver's model size)
     * \return the values (count of them); std::invalid_argument if the bytes are not an
     *         encoding of count values
     */
    std::vector<float> Decode(const std::vector<uint8_t>& bytes, std::size_t count) const;

    /**
     * The size of an encoding without making it (what a flow-level transfer counts).
     * \param count value count
     * \return the bytes Encode() gives for that many values
     */
    std::size_t GetEncodedSize(std::size_t count) const;

    /**
     * The worst-case error of a round trip of these values: for every i,
     * |Decode(Encode(values), n)[i] - values[i]| <= GetMaxError(values).
     * \param values the update (finite)
     * \return the bound (0 for a lossless codec)
     */
    double GetMaxError(const std::vector<float>& values) const;

    /**
     * \return a short name for tables and logs, with the settings, e.g. "q8/256"
     */
    virtual std::string GetName() const = 0;

  private:
    /**
     * \param values the update
     * \return its encoding
     */
    virtual std::vector<uint8_t> DoEncode(const std::vector<float>& values) const = 0;

    /**
     * \param bytes an encoding
     * \param count value count expected
     * \return the values
     */
    virtual std::vector<float> DoDecode(const std::vector<uint8_t>& bytes,
                                        std::size_t count) const = 0;

    /**
     * \param count value count
     * \return the encoding's size
     */
    virtual std::size_t DoGetEncodedSize(std::size_t count) const = 0;

    /**
     * \param values the update
     * \return the round trip's worst-case error
     */
    virtual double DoGetMaxError(const std::vector<float>& values) const = 0;
};

/**
 * \ingroup sagin
 * Lossless: the bytes of SerializeParameters(), 4 bytes per value, and the same bits back
 * (NaN payloads and signed zeros included).
 *
 * Wire format, n values:
 * \verbatim
   offset  size  field
   0       4n    value i at offset 4i: IEEE-754 binary32, little-endian
   \endverbatim
 * Size: 4n bytes.
 */
class Float32Codec : public UpdateCodec
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    std::string GetName() const override;

  private:
    std::vector<uint8_t> DoEncode(const std::vector<float>& values) const override;
    std::vector<float> DoDecode(const std::vector<uint8_t>& bytes,
                                std::size_t count) const override;
    std::size_t DoGetEncodedSize(std::size_t count) const override;
    double DoGetMaxError(const std::vector<float>& values) const override;
};

/**
 * \ingroup sagin
 * 8-bit linear quantisation per chunk: the values are cut into chunks of c (ChunkSize)
 * consecutive values (the last one shorter); a chunk stores its minimum a and maximum b as
 * float32 and each value v as one byte q = round(255 (v - a) / (b - a)) (0 when b = a),
 * decoded as ((255 - q) a + q b) / 255 computed in double precision and rounded to float, so
 * a chunk's minimum and maximum come back exactly.
 *
 * Error: at most (b - a) / 510 from the quantisation, plus the rounding of the result to
 * float (half a unit in the last place: at most 2^-24 max(|a|, |b|), or 2^-150 for a
 * subnormal), per value of the chunk; GetMaxError() gives the largest over the chunks, with
 * a relative slack of 1e-6 on each term for the double-precision arithmetic. NaN and
 * infinities cannot be quantised: Encode() refuses them naming the index.
 *
 * Wire format, n values, chunk size c, m = ceil(n / c) chunks:
 * \verbatim
   offset             size  field
   0                  4     chunk size c, uint32 little-endian (>= 1)
   then for each chunk j = 0 .. m-1 (values jc .. min(n, (j+1)c) - 1, count l_j):
   +0                 4     minimum a, float32 little-endian (finite)
   +4                 4     maximum b, float32 little-endian (finite, >= a)
   +8                 l_j   q of each value, one byte each, in order
   \endverbatim
 * Size: 4 + n + 8 ceil(n / c) bytes (c = 256: the 19,720 parameters of a 16-128-128-8 MLP
 * take 4 + 19,720 + 8 * 78 = 20,348 bytes, 25.8 % of Float32Codec's). The chunk size
 * travels in the bytes, so a receiver decodes whatever chunk size the sender used; n = 0 is
 * the 4-byte header alone.
 */
class Quantized8Codec : public UpdateCodec
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    std::string GetName() const override;

  private:
    std::vector<uint8_t> DoEncode(const std::vector<float>& values) const override;
    std::vector<float> DoDecode(const std::vector<uint8_t>& bytes,
                                std::size_t count) const override;
    std::size_t DoGetEncodedSize(std::size_t count) const override;
    double DoGetMaxError(const std::vector<float>& values) const override;

    uint32_t m_chunkSize{256}; //!< ChunkSize c
};

/**
 * \ingroup sagin
 * Top-k sparsification: keeps the k = max(1, ceil(f n)) values of largest magnitude (f the
 * attribute Fraction; k = 0 when n = 0; f n within a relative 1e-12 of an integer counts as
 * that integer), as (index, value) pairs sorted by index; every other value decodes as 0.
 * Equal magnitudes are taken in index order (the lower index first), so the choice is
 * unique. The error is the largest magnitude left out (GetMaxError() gives exactly that), 0
 * for the values kept; NaN and infinities are refused by Encode(), naming the index. Pair it
 * with error feedback (adding what was left out to the next round's update) where that
 * matters; this codec keeps no state.
 *
 * Wire format, n values, k kept:
 * \verbatim
   offset   size  field
   0        4     k, uint32 little-endian (<= n)
   4 + 8i   4     index of the i-th kept value, uint32 little-endian (< n, strictly
                  increasing with i)
   8 + 8i   4     its value, float32 little-endian (finite)
   \endverbatim
 * Size: 4 + 8k bytes (f = 0.1: 19,720 values keep 1,972, 15,780 bytes; f = 0.01: 198,
 * 1,588 bytes). A receiver accepts any k <= n, whatever Fraction the sender used.
 */
class TopKCodec : public UpdateCodec
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    std::string GetName() const override;

    /**
     * \param count value count n
     * \return k, the number of values kept
     */
    std::size_t GetKeptCount(std::size_t count) const;

  private:
    std::vector<uint8_t> DoEncode(const std::vector<float>& values) const override;
    std::vector<float> DoDecode(const std::vector<uint8_t>& bytes,
                                std::size_t count) const override;
    std::size_t DoGetEncodedSize(std::size_t count) const override;
    double DoGetMaxError(const std::vector<float>& values) const override;

    double m_fraction{0.1}; //!< Fraction f
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_UPDATE_CODEC_H
