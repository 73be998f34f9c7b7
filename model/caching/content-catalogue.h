// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_CONTENT_CATALOGUE_H
#define SAGIN_CONTENT_CATALOGUE_H

#include "ns3/object.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Study C's content catalogue: the F contents the LEO satellite serves, content f of size
 * s_f with 0 < s_f <= s_max (source text, system model: "0 <= s_f <= s^max"; a content of
 * no bits is refused).
 *
 * The caching layer counts data in Mbit (10^6 bit) and rates in Mbit/s, the units of study
 * C's parameters (PAPERS.md), so that the Lyapunov weight V keeps its meaning.
 *
 * Sizes are drawn from the ContentSize random variable (default U(10, 50) Mbit, [recon]) the
 * first time they are asked for, or given with SetSizes(). A size above MaxContentSize
 * (s_max) or not positive throws std::invalid_argument naming the content, its size and
 * s_max.
 */
class ContentCatalogue : public Object
{
  public:
    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    ContentCatalogue();
    ~ContentCatalogue() override;

    /**
     * Replace the catalogue by explicit sizes (NumContents becomes sizes.size()).
     * \param sizes s_f (Mbit), each in (0, MaxContentSize]
     */
    void SetSizes(const std::vector<double>& sizes);

    /** \return F, the number of contents */
    uint32_t GetNumContents() const;
    /**
     * \param f a content index in [0, F)
     * \return s_f (Mbit)
     */
    double GetSize(uint32_t f) const;
    /** \return every s_f (Mbit), content f at index f */
    const std::vector<double>& GetSizes() const;
    /** \return s_max (Mbit) */
    double GetMaxSize() const;
    /** \return the smallest s_f (Mbit) */
    double GetSmallestSize() const;

    /**
     * Use fixed streams for the size variable.
     * \param stream first stream index
     * \return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

  private:
    void DoDispose() override;
    /** Draw the sizes unless they are known. */
    void EnsureSizes() const;
    /**
     * \param f content index
     * \param size s_f (Mbit)
     * Throws std::invalid_argument unless 0 < size <= s_max.
     */
    void CheckSize(uint32_t f, double size) const;
    /** \param n NumContents */
    void SetNumContents(uint32_t n);
    /** \param maxSize MaxContentSize (Mbit) */
    void SetMaxSize(double maxSize);

    uint32_t m_numContents;              //!< F
    double m_maxSize;                    //!< s_max (Mbit)
    Ptr<RandomVariableStream> m_sizeRv;  //!< draws s_f (Mbit)
    mutable std::vector<double> m_sizes; //!< s_f (Mbit); empty until drawn or set
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CONTENT_CATALOGUE_H
