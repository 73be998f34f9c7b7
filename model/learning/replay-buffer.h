// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_REPLAY_BUFFER_H
#define SAGIN_REPLAY_BUFFER_H

#include "policy.h"

#include "ns3/random-variable-stream.h"

#include <boost/circular_buffer.hpp>
#include <cstddef>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Experience replay: a ring buffer of the last Capacity transitions (Boost.CircularBuffer;
 * the oldest is overwritten when full) with uniform sampling, with replacement, from an
 * ns-3 random variable.
 */
class ReplayBuffer
{
  public:
    /**
     * \param capacity how many transitions are kept (> 0; std::invalid_argument otherwise)
     */
    explicit ReplayBuffer(std::size_t capacity);

    /**
     * \param transition appended; the oldest is dropped when the buffer is full
     */
    void Add(const Transition& transition);

    /** \return how many transitions are held */
    std::size_t GetSize() const;

    /** \return how many transitions can be held */
    std::size_t GetCapacity() const;

    /**
     * \param index 0 = oldest held
     * \return that transition
     */
    const Transition& Get(std::size_t index) const;

    /**
     * Draw indices uniformly, with replacement (one GetInteger() call each, in order).
     * \param count how many
     * \param uniform the random variable
     * \return indices into the buffer (0 = oldest); std::logic_error when empty
     */
    std::vector<std::size_t> Sample(std::size_t count, Ptr<UniformRandomVariable> uniform) const;

    /** Drop every transition. */
    void Clear();

  private:
    boost::circular_buffer<Transition> m_buffer; //!< the transitions, oldest first
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_REPLAY_BUFFER_H
