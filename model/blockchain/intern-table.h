// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_INTERN_TABLE_H
#define SAGIN_INTERN_TABLE_H

#include "sha256.h"

#include <algorithm>
#include <memory>
#include <unordered_map>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * The process's one immutable copy of each value, by its SHA-256 key (a transaction by id, a
 * block body by block hash): whoever holds a value keeps it alive, the table only finds it.
 * Entries of values nobody holds any more are swept when the table has doubled since the
 * last sweep, so the table stays proportional to what is alive.
 * \tparam T the value type
 */
template <typename T>
class InternTable
{
  public:
    /**
     * \param key a key
     * \return the live value of that key, or null
     */
    std::shared_ptr<const T> Find(const Sha256Digest& key) const
    {
        auto it = m_entries.find(key);
        return it == m_entries.end() ? nullptr : it->second.lock();
    }

    /**
     * \param key a key
     * \param value a value for it
     * \return the live value of that key if there is one, else value (now registered)
     */
    std::shared_ptr<const T> Intern(const Sha256Digest& key, std::shared_ptr<const T> value)
    {
        std::weak_ptr<const T>& entry = m_entries[key];
        if (auto live = entry.lock())
        {
            return live;
        }
        entry = value;
        if (m_entries.size() >= m_sweepAt)
        {
            for (auto it = m_entries.begin(); it != m_entries.end();)
            {
                it = it->second.expired() ? m_entries.erase(it) : std::next(it);
            }
            m_sweepAt = std::max<size_t>(MIN_SWEEP_SIZE, 2 * m_entries.size());
        }
        return value;
    }

  private:
    /** Smallest table size that triggers a sweep. */
    static constexpr size_t MIN_SWEEP_SIZE = 1024;

    std::unordered_map<Sha256Digest, std::weak_ptr<const T>, Sha256DigestHash> m_entries; //!< all
    size_t m_sweepAt{MIN_SWEEP_SIZE}; //!< size that triggers the next sweep
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_INTERN_TABLE_H
