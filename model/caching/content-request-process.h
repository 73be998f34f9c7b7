// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_CONTENT_REQUEST_PROCESS_H
#define SAGIN_CONTENT_REQUEST_PROCESS_H

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
 * Study C's per-slot requests: at the start of every slot each UE requests one content
 * (r_{i,f}(t) = 1 for exactly one f; source text, content delivery model). Which one is
 * drawn independently per UE and slot from the popularity law [recon]:
 *
 * - ZIPF (default): P(f) = (f + 1)^-gamma / sum_{k=1..F} k^-gamma, content 0 the most
 *   popular, gamma = ZipfExponent (default 0.8, the exponent most caching studies use);
 * - UNIFORM: P(f) = 1 / F.
 *
 * A draw takes one value u of the Uniform random variable (U[0, 1)) and inverts the
 * cumulative distribution (binary search), so a run is reproducible with AssignStreams().
 * A negative ZipfExponent throws std::invalid_argument.
 */
class ContentRequestProcess : public Object
{
  public:
    /** Popularity law of the requests. */
    enum Popularity
    {
        ZIPF,   //!< Zipf with exponent ZipfExponent
        UNIFORM //!< every content equally likely
    };

    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    ContentRequestProcess();
    ~ContentRequestProcess() override;

    /**
     * Draw one slot's requests.
     * \param numUes I
     * \param numContents F (>= 1)
     * \return the content requested by UE i at index i, each in [0, F)
     */
    std::vector<uint32_t> DrawRequests(uint32_t numUes, uint32_t numContents);

    /**
     * \param f content index in [0, F)
     * \param numContents F
     * \return the probability that a UE requests content f
     */
    double GetProbability(uint32_t f, uint32_t numContents) const;

    /**
     * Use fixed streams.
     * \param stream first stream index
     * \return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

  private:
    void DoDispose() override;
    /** \param exponent ZipfExponent (>= 0) */
    void SetZipfExponent(double exponent);
    /** \return ZipfExponent */
    double GetZipfExponent() const;
    /** \param popularity Popularity */
    void SetPopularity(Popularity popularity);
    /** \return Popularity */
    Popularity GetPopularity() const;
    /**
     * Build the cumulative distribution for F contents unless it is current.
     * \param numContents F
     */
    void EnsureCdf(uint32_t numContents) const;

    Popularity m_popularity;             //!< popularity law
    double m_zipfExponent;               //!< gamma
    Ptr<RandomVariableStream> m_uniform; //!< U[0, 1) draws
    mutable std::vector<double> m_cdf;   //!< P(content <= f), for m_cdf.size() contents
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CONTENT_REQUEST_PROCESS_H
