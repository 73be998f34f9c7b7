// SPDX-License-Identifier: GPL-2.0-only
//
// Prints a hash of the bits MlpEvaluator gives for a fixed set of random networks and
// inputs, and which of its clones (AVX-512, AVX2, baseline x86-64) this CPU runs.
// build-support/check-same-bits-across-cpus.sh runs it natively and under qemu-x86_64
// emulating CPUs without AVX-512 and without AVX: the hashes must be equal (the promise of
// mlp-evaluator.h). It links nothing but the evaluator, so that it runs on any x86-64 CPU.

#include "ns3/mlp-evaluator.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

using namespace ns3::sagin;

int
main()
{
    std::mt19937 random(20261205);
    std::uniform_int_distribution<uint32_t> width(1, 150);
    std::uniform_real_distribution<float> unit(-1.0F, 1.0F);
    uint64_t hash = 14695981039346656037ULL; // FNV-1a, 64 bits
    std::size_t outputs = 0;
    for (int network = 0; network < 50; ++network)
    {
        MlpArchitecture architecture;
        architecture.inputSize = width(random) % 40 + 1;
        for (uint32_t l = 0; l < network % 4; ++l)
        {
            architecture.hiddenSizes.push_back(width(random));
        }
        architecture.outputSize = width(random) % 20 + 1;
        architecture.activation = network % 2 ? MlpArchitecture::TANH : MlpArchitecture::RELU;
        std::vector<float> parameters(architecture.GetParameterCount());
        for (float& p : parameters)
        {
            p = unit(random) * 0.3F;
        }
        const MlpEvaluator evaluator(architecture, parameters);
        const uint32_t rows = network % 13 + 1; // four-row blocks and single rows
        std::vector<float> inputs(std::size_t{rows} * architecture.inputSize);
        for (float& x : inputs)
        {
            x = unit(random) < -0.6F ? 0.0F : 2.0F * unit(random);
        }
        for (float y : evaluator.Forward(inputs))
        {
            uint32_t bits;
            std::memcpy(&bits, &y, sizeof(bits));
            hash = (hash ^ bits) * 1099511628211ULL;
            ++outputs;
        }
    }
    __builtin_cpu_init();
    const char* clone = __builtin_cpu_supports("avx512f") ? "avx512f"
                        : __builtin_cpu_supports("avx2")  ? "avx2"
                                                          : "default";
    std::printf("clone: %s\noutputs: %zu\nfingerprint: %016llx\n",
                clone,
                outputs,
                static_cast<unsigned long long>(hash));
    return 0;
}
