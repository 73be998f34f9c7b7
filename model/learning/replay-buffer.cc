// SPDX-License-Identifier: GPL-2.0-only

#include "replay-buffer.h"

#include <stdexcept>
#include <string>

namespace ns3
{
namespace sagin
{

ReplayBuffer::ReplayBuffer(std::size_t capacity)
    : m_buffer(capacity)
{
    if (capacity == 0)
    {
        throw std::invalid_argument("ReplayBuffer: capacity 0; keep at least one transition");
    }
}

void
ReplayBuffer::Add(const Transition& transition)
{
    m_buffer.push_back(transition);
}

std::size_t
ReplayBuffer::GetSize() const
{
    return m_buffer.size();
}

std::size_t
ReplayBuffer::GetCapacity() const
{
    return m_buffer.capacity();
}

const Transition&
ReplayBuffer::Get(std::size_t index) const
{
    if (index >= m_buffer.size())
    {
        throw std::out_of_range("ReplayBuffer::Get: index " + std::to_string(index) +
                                " of a buffer holding " + std::to_string(m_buffer.size()));
    }
    return m_buffer[index];
}

std::vector<std::size_t>
ReplayBuffer::Sample(std::size_t count, Ptr<UniformRandomVariable> uniform) const
{
    if (m_buffer.empty())
    {
        throw std::logic_error("ReplayBuffer::Sample: the buffer is empty");
    }
    std::vector<std::size_t> indices;
    indices.reserve(count);
    const auto last = static_cast<uint32_t>(m_buffer.size() - 1);
    for (std::size_t i = 0; i < count; ++i)
    {
        indices.push_back(uniform->GetInteger(0, last));
    }
    return indices;
}

void
ReplayBuffer::Clear()
{
    m_buffer.clear();
}

} // namespace sagin
} // namespace ns3
