// SPDX-License-Identifier: GPL-2.0-only

#include "worker-processes.h"

#include <algorithm>
#include <cerrno>
#include <iostream>
#include <poll.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace ns3
{
namespace sagin
{

std::vector<std::string>
RunTasksInWorkers(
    uint32_t jobs,
    uint32_t tasks,
    const std::function<void(uint32_t task, const std::function<void(const char*, std::size_t)>&)>&
        task,
    const std::string& who)
{
    jobs = std::min(std::max(jobs, 1u), std::max(tasks, 1u));
    if (jobs == 1)
    {
        std::string bytes;
        for (uint32_t t = 1; t <= tasks; ++t)
        {
            task(t, [&bytes](const char* p, std::size_t n) { bytes.append(p, n); });
        }
        return {bytes};
    }
    std::cout.flush(); // the children must not repeat buffered output
    std::cerr.flush();
    std::vector<pid_t> children;
    std::vector<int> pipes;
    for (uint32_t k = 0; k < jobs; ++k)
    {
        int fd[2];
        if (pipe(fd) != 0)
        {
            throw std::runtime_error(std::string("pipe() failed: ") + std::strerror(errno));
        }
        const pid_t pid = fork();
        if (pid < 0)
        {
            throw std::runtime_error(std::string("fork() failed: ") + std::strerror(errno) +
                                     "; try --jobs=1");
        }
        if (pid == 0)
        {
            close(fd[0]);
            int status = 0;
            try
            {
                for (uint32_t t = k + 1; t <= tasks; t += jobs)
                {
                    task(t, [&fd](const char* p, std::size_t left) {
                        while (left > 0)
                        {
                            const ssize_t n = write(fd[1], p, left);
                            if (n <= 0)
                            {
                                throw std::runtime_error("worker cannot write its results");
                            }
                            p += n;
                            left -= n;
                        }
                    });
                }
            }
            catch (const std::exception& e)
            {
                std::cerr << who << ": " << e.what() << std::endl;
                status = 1;
            }
            close(fd[1]);
            _exit(status); // no destructors: the parent owns the run store and the output
        }
        close(fd[1]);
        children.push_back(pid);
        pipes.push_back(fd[0]);
    }
    // Read every pipe as data arrives (a full pipe would block its worker).
    std::vector<std::string> buffers(jobs);
    std::vector<pollfd> open;
    for (int fd : pipes)
    {
        open.push_back({fd, POLLIN, 0});
    }
    std::size_t remaining = jobs;
    while (remaining > 0)
    {
        if (poll(open.data(), open.size(), -1) < 0 && errno != EINTR)
        {
            throw std::runtime_error(std::string("poll() failed: ") + std::strerror(errno));
        }
        for (std::size_t k = 0; k < open.size(); ++k)
        {
            if (open[k].fd < 0 || !(open[k].revents & (POLLIN | POLLHUP | POLLERR)))
            {
                continue;
            }
            char chunk[4096];
            const ssize_t n = read(open[k].fd, chunk, sizeof(chunk));
            if (n > 0)
            {
                buffers[k].append(chunk, n);
            }
            else if (n < 0 && errno == EINTR)
            {
                continue; // interrupted by a signal: read again
            }
            else
            {
                close(open[k].fd);
                open[k].fd = -1;
                --remaining;
            }
        }
    }
    bool failed = false;
    for (pid_t pid : children)
    {
        int status = 0;
        waitpid(pid, &status, 0);
        failed = failed || !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    }
    if (failed)
    {
        throw std::runtime_error("a worker process failed; its message is above");
    }
    return buffers;
}

} // namespace sagin
} // namespace ns3
