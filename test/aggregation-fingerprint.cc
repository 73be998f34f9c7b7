// SPDX-License-Identifier: GPL-2.0-only
//
// Prints a hash of the bits the robust aggregators (FedAvg, coordinate-wise median, trimmed
// mean, Krum scores, Multi-Krum) give for fixed random clients, and which kernels (AVX-512,
// AVX2, baseline x86-64) this CPU runs. build-support/check-same-bits-across-cpus.sh
// runs it natively and under qemu-x86_64 emulating CPUs without AVX-512 and without AVX:
// the hashes must be equal (the promise of federated-aggregation.h). It links the
// aggregators and ns-3's core only, so that it runs under qemu in any build.

#include "ns3/federated-aggregation.h"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

using namespace ns3::sagin;

namespace
{
uint64_t g_hash = 14695981039346656037ULL; //!< FNV-1a, 64 bits
std::size_t g_outputs = 0;                 //!< values hashed

/**
 * \param values values to hash, bit by bit
 */
template <typename T>
void
Mix(const std::vector<T>& values)
{
    for (const T& value : values)
    {
        unsigned char bytes[sizeof(T)];
        std::memcpy(bytes, &value, sizeof(T));
        for (unsigned char byte : bytes)
        {
            g_hash = (g_hash ^ byte) * 1099511628211ULL;
        }
    }
    g_outputs += values.size();
}
} // namespace

int
main()
{
    std::mt19937 random(20261207);
    std::normal_distribution<float> normal(0.0F, 1.0F);
    // Client counts across the sorting networks' sizes and Krum's pairing (odd and even);
    // lengths below one vector, with remainders, and of the 16-128-128-8 MLP (19,720).
    for (uint32_t n : {3U, 5U, 11U, 48U})
    {
        for (std::size_t d : {7UL, 1000UL, 19720UL})
        {
            std::vector<ClientModel> clients(n);
            for (ClientModel& client : clients)
            {
                client.parameters.resize(d);
                for (float& p : client.parameters)
                {
                    p = normal(random);
                }
                client.weight = 1.0 + random() % 5;
            }
            Mix(FedAvg(clients));
            Mix(CoordinateMedian(clients));
            Mix(TrimmedMean(clients, 0.1));
            for (uint32_t f = 0; 2 * f + 3 <= n && f <= 3; ++f)
            {
                Mix(KrumScores(clients, f));
                Mix(Krum(clients, f, n - f));
            }
        }
    }
    __builtin_cpu_init();
    const char* kernels = __builtin_cpu_supports("avx512f") ? "avx512f"
                          : __builtin_cpu_supports("avx2")  ? "avx2"
                                                            : "default";
    std::printf("clone: %s\noutputs: %zu\nfingerprint: %016llx\n",
                kernels,
                g_outputs,
                static_cast<unsigned long long>(g_hash));
    return 0;
}
