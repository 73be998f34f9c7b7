// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_WORKER_PROCESSES_H
#define SAGIN_WORKER_PROCESSES_H

#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <type_traits>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Run tasks 1 ... tasks, spread over jobs worker processes (fork; one ns-3 simulator per
 * process): worker k (0-based) runs tasks k + 1, k + 1 + jobs, ... and sends back the bytes
 * its tasks write. With one job (or one task) everything runs in this process. A worker that
 * throws prints its message on standard error and fails; then this throws
 * std::runtime_error. The buffers come back in worker order, so a caller that reads them in
 * order gets the same sequence for the same jobs.
 * \param jobs worker processes (at least 1)
 * \param tasks how many tasks
 * \param task runs one task, calling write(bytes, size) for what it sends back
 * \param who names the caller in a worker's error message
 * \return each worker's bytes, worker 0 first (one buffer with one job)
 */
std::vector<std::string> RunTasksInWorkers(
    uint32_t jobs,
    uint32_t tasks,
    const std::function<void(uint32_t task, const std::function<void(const char*, std::size_t)>&)>&
        task,
    const std::string& who);

/**
 * \ingroup sagin
 * RunTasksInWorkers for tasks that emit records of a trivially copyable type.
 * \tparam Record the record (copied as bytes between processes)
 * \param jobs worker processes
 * \param tasks how many tasks
 * \param task runs one task, calling emit for each of its records
 * \param who names the caller in a worker's error message
 * \return every record: worker 0's in its tasks' order, then worker 1's, ...
 */
template <typename Record>
std::vector<Record>
RunRecordsInWorkers(
    uint32_t jobs,
    uint32_t tasks,
    const std::function<void(uint32_t task, const std::function<void(const Record&)>&)>& task,
    const std::string& who)
{
    static_assert(std::is_trivially_copyable_v<Record>, "records travel as bytes");
    const auto buffers = RunTasksInWorkers(
        jobs,
        tasks,
        [&task](uint32_t t, const std::function<void(const char*, std::size_t)>& write) {
            task(t, [&write](const Record& r) {
                write(reinterpret_cast<const char*>(&r), sizeof(r));
            });
        },
        who);
    std::vector<Record> records;
    for (const std::string& b : buffers)
    {
        for (std::size_t at = 0; at + sizeof(Record) <= b.size(); at += sizeof(Record))
        {
            Record r;
            std::memcpy(&r, b.data() + at, sizeof(r));
            records.push_back(r);
        }
    }
    return records;
}

} // namespace sagin
} // namespace ns3

#endif // SAGIN_WORKER_PROCESSES_H
