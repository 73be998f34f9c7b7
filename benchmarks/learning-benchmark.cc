// SPDX-License-Identifier: GPL-2.0-only
//
// Cost of one agent decision with a 2x128 MLP policy, in process and through an
// inter-process bridge, measured side by side in one run.
//
// In process: a greedy DdqnPolicy (HiddenLayers 128,128, ReLU), which is what a scenario's
// decision point calls: Decide() once per agent (unbatched) or DecideBatch() once for all
// agents (batched). Decisions go through the policy's inference path (MlpEvaluator).
//
// LibTorch: the same network and weights evaluated by LibTorch (Mlp::ForwardLibTorch), one
// row per agent or one batch: what a decision cost before the inference path, and what any
// LibTorch-based agent pays per call.
//
// Bridge: the kind users run today (ns3-gym style): a local ZeroMQ REQ/REP round trip over
// TCP loopback to a Python process (benchmarks/learning-bridge-server.py) that holds the same
// network with the same weights (PyTorch from python3-torch; numpy if it is missing). The
// observation goes as raw little-endian float32 and the action comes back as uint32, the
// cheapest serialisation there is (ns3-gym uses protobuf). Unbatched: one round trip per
// agent, as a per-agent step does; batched: one round trip carrying every agent.
//
// Both sides run LibTorch single-threaded by default (SaginTorchThreads = 1); give
// --SaginTorchThreads=N to change both. After the runs a table gives microseconds per
// decision and the ratio bridge / in process.
//
// Run: ./build/benchmarks/learning-benchmark [--SaginTorchThreads=1] [benchmark flags]
// Environment: SAGIN_BRIDGE_PYTHON (default /usr/bin/python3, Debian's, where python3-torch
// and python3-zmq live).

#include "run-completed.h"

#include "ns3/boolean.h"
#include "ns3/ddqn-policy.h"
#include "ns3/global-value.h"
#include "ns3/mlp.h"
#include "ns3/random-variable-stream.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <benchmark/benchmark.h>
#include <csignal>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <spawn.h>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <vector>
#include <zmq.h>

extern char** environ;

using namespace ns3;
using namespace ns3::sagin;

namespace
{
constexpr uint32_t OBSERVATION_SIZE = 16;    //!< floats per observation (sagin-learning-handover
                                             //!< observes 13; a round power of two here)
constexpr uint32_t ACTIONS = 8;              //!< choices of the one discrete head
const char* const HIDDEN_LAYERS = "128,128"; //!< the 2x128 MLP of issue 4
constexpr uint32_t MAX_AGENTS = 256;         //!< largest agent count measured
constexpr int SETUP_TIMEOUT_MS = 60000;      //!< Python start-up (imports torch) may be slow
constexpr int REPLY_TIMEOUT_MS = 10000;      //!< a decision reply later than this is a failure

/** Per-decision real time of every benchmark, for the ratio table printed at the end. */
std::map<std::string, std::map<int64_t, double>> g_secondsPerDecision;

/** The policy and the observations every benchmark uses. */
struct Setup
{
    Ptr<DdqnPolicy> policy;                        //!< greedy 16-128-128-8 Q-network
    std::vector<std::vector<double>> observations; //!< MAX_AGENTS observations in [-1, 1]
    std::unique_ptr<Mlp> network;                  //!< the policy's Q-network, on its own
    std::vector<float> rows;                       //!< the observations as float rows
};

/** \return the shared setup, built on first use (weights and observations from ns-3 RNG) */
Setup&
GetSetup()
{
    static Setup setup = [] {
        Setup s;
        RngSeedManager::SetSeed(1);
        s.policy = CreateObject<DdqnPolicy>();
        s.policy->SetAttribute("HiddenLayers", StringValue(HIDDEN_LAYERS));
        s.policy->SetAttribute("Exploration", BooleanValue(false));
        s.policy->AssignStreams(1);
        s.policy->SetSpaces(OBSERVATION_SIZE, ActionSpace::Discrete(ACTIONS));
        auto uniform = CreateObject<UniformRandomVariable>();
        uniform->SetStream(10);
        for (uint32_t a = 0; a < MAX_AGENTS; ++a)
        {
            std::vector<double> observation(OBSERVATION_SIZE);
            for (double& value : observation)
            {
                value = uniform->GetValue(-1.0, 1.0);
            }
            s.observations.push_back(observation);
        }
        s.policy->Decide(s.observations[0]); // builds the networks outside the timing
        MlpArchitecture architecture;
        architecture.inputSize = OBSERVATION_SIZE;
        architecture.hiddenSizes = ParseLayerSizes(HIDDEN_LAYERS, "learning-benchmark");
        architecture.outputSize = ACTIONS;
        s.network = std::make_unique<Mlp>(architecture);
        s.network->SetParameters(s.policy->GetParameters());
        for (const auto& observation : s.observations)
        {
            s.rows.insert(s.rows.end(), observation.begin(), observation.end());
        }
        return s;
    }();
    return setup;
}

/** The Python end of the bridge: a child process and the REQ socket bound for it. */
class Bridge
{
  public:
    /** Start the Python server and send it the policy's network. */
    Bridge()
    {
        m_context = zmq_ctx_new();
        m_socket = zmq_socket(m_context, ZMQ_REQ);
        int linger = 0;
        zmq_setsockopt(m_socket, ZMQ_LINGER, &linger, sizeof(linger));
        if (zmq_bind(m_socket, "tcp://127.0.0.1:*") != 0)
        {
            throw std::runtime_error(std::string("zmq_bind: ") + zmq_strerror(zmq_errno()));
        }
        char endpoint[256];
        std::size_t length = sizeof(endpoint);
        zmq_getsockopt(m_socket, ZMQ_LAST_ENDPOINT, endpoint, &length);

        const char* python = std::getenv("SAGIN_BRIDGE_PYTHON");
        std::string interpreter = python ? python : "/usr/bin/python3";
        UintegerValue threads;
        GlobalValue::GetValueByName("SaginTorchThreads", threads);
        std::string script = SAGIN_BRIDGE_SERVER;
        std::string threadText = std::to_string(threads.Get());
        std::vector<char*> argv{interpreter.data(),
                                script.data(),
                                endpoint,
                                threadText.data(),
                                nullptr};
        if (posix_spawn(&m_child, interpreter.c_str(), nullptr, nullptr, argv.data(), environ) != 0)
        {
            throw std::runtime_error("cannot start " + interpreter +
                                     "; set SAGIN_BRIDGE_PYTHON to a Python 3 with python3-zmq");
        }

        // Setup message: widths, then the parameters in PyTorch's order (Mlp's order).
        const Setup& setup = GetSetup();
        const std::vector<uint32_t> widths{OBSERVATION_SIZE, 128, 128, ACTIONS};
        const std::vector<float> parameters = setup.policy->GetParameters();
        std::string message = "S";
        const auto count = static_cast<uint32_t>(widths.size());
        message.append(reinterpret_cast<const char*>(&count), sizeof(count));
        message.append(reinterpret_cast<const char*>(widths.data()), 4 * widths.size());
        message.append(reinterpret_cast<const char*>(parameters.data()), 4 * parameters.size());
        m_backend = RoundTrip(message, SETUP_TIMEOUT_MS);
        if (m_backend.rfind("ok ", 0) != 0)
        {
            throw std::runtime_error("the bridge server refused the network: " + m_backend);
        }
        m_backend = m_backend.substr(3);
    }

    ~Bridge()
    {
        if (m_child > 0)
        {
            try
            {
                RoundTrip("Q", REPLY_TIMEOUT_MS);
            }
            catch (const std::exception&)
            {
                kill(m_child, SIGTERM);
            }
            int status = 0;
            waitpid(m_child, &status, 0);
        }
        zmq_close(m_socket);
        zmq_ctx_term(m_context);
    }

    Bridge(const Bridge&) = delete;
    Bridge& operator=(const Bridge&) = delete;

    /**
     * One request and its reply.
     * \param request the message
     * \param timeoutMs how long to wait for the reply
     * \return the reply
     */
    std::string RoundTrip(const std::string& request, int timeoutMs)
    {
        zmq_setsockopt(m_socket, ZMQ_RCVTIMEO, &timeoutMs, sizeof(timeoutMs));
        if (zmq_send(m_socket, request.data(), request.size(), 0) < 0)
        {
            throw std::runtime_error(std::string("zmq_send: ") + zmq_strerror(zmq_errno()));
        }
        zmq_msg_t reply;
        zmq_msg_init(&reply);
        if (zmq_msg_recv(&reply, m_socket, 0) < 0)
        {
            zmq_msg_close(&reply);
            throw std::runtime_error("no reply from the Python bridge server within " +
                                     std::to_string(timeoutMs) +
                                     " ms (does /usr/bin/python3 have python3-zmq?)");
        }
        std::string text(static_cast<const char*>(zmq_msg_data(&reply)), zmq_msg_size(&reply));
        zmq_msg_close(&reply);
        return text;
    }

    /**
     * Decide through the bridge: serialise, one round trip, deserialise.
     * \param first the first agent's index in the setup's observations
     * \param agents how many agents the request carries
     * \param actions receives one action per agent
     */
    void Decide(std::size_t first, std::size_t agents, std::vector<uint32_t>& actions)
    {
        const auto& observations = GetSetup().observations;
        m_request.assign(1, 'D');
        for (std::size_t a = first; a < first + agents; ++a)
        {
            for (double value : observations[a])
            {
                const auto f = static_cast<float>(value);
                m_request.append(reinterpret_cast<const char*>(&f), sizeof(f));
            }
        }
        const std::string reply = RoundTrip(m_request, REPLY_TIMEOUT_MS);
        if (reply.size() != 4 * agents)
        {
            throw std::runtime_error("the bridge server answered " + std::to_string(reply.size()) +
                                     " bytes for " + std::to_string(agents) + " agents: " + reply);
        }
        actions.resize(agents);
        std::memcpy(actions.data(), reply.data(), reply.size());
    }

    /** \return e.g. "torch 1.13.0a0" */
    const std::string& GetBackend() const
    {
        return m_backend;
    }

  private:
    void* m_context{nullptr}; //!< ZeroMQ context
    void* m_socket{nullptr};  //!< REQ socket
    pid_t m_child{0};         //!< the Python process
    std::string m_backend;    //!< what evaluates the network on the Python side
    std::string m_request;    //!< reused request buffer
};

/** The bridge, started by main() before the runs; nullptr if it could not start. */
std::unique_ptr<Bridge> g_bridge;

/** Start the bridge and check that it decides as the in-process policy does. */
void
StartBridge()
{
    try
    {
        g_bridge = std::make_unique<Bridge>();
        // The same decisions on both sides, or the comparison means nothing.
        const Setup& setup = GetSetup();
        const std::vector<Action> local = setup.policy->DecideBatch(setup.observations);
        std::vector<uint32_t> remote;
        g_bridge->Decide(0, MAX_AGENTS, remote);
        uint32_t agree = 0;
        for (uint32_t a = 0; a < MAX_AGENTS; ++a)
        {
            agree += remote[a] == local[a].discrete[0] ? 1 : 0;
        }
        benchmark::AddCustomContext("bridge_backend", g_bridge->GetBackend());
        benchmark::AddCustomContext("bridge_agrees",
                                    std::to_string(agree) + "/" + std::to_string(MAX_AGENTS) +
                                        " decisions");
    }
    catch (const std::exception& e)
    {
        std::cerr << "learning-benchmark: bridge unavailable: " << e.what() << "\n";
        g_bridge.reset();
    }
}

/**
 * Report time per decision and decisions per second.
 * \param state benchmark state
 * \param agents decisions per iteration
 */
void
CountDecisions(benchmark::State& state, int64_t agents)
{
    state.SetItemsProcessed(state.iterations() * agents);
    state.counters["us_per_decision"] = benchmark::Counter(
        static_cast<double>(agents) / 1e6,
        benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

/** \param state range(0) = agents; one Decide() per agent */
void
BM_InProcessUnbatched(benchmark::State& state)
{
    Setup& setup = GetSetup();
    const auto agents = static_cast<std::size_t>(state.range(0));
    for (auto _ : state)
    {
        for (std::size_t a = 0; a < agents; ++a)
        {
            benchmark::DoNotOptimize(setup.policy->Decide(setup.observations[a]));
        }
    }
    CountDecisions(state, state.range(0));
}

/** \param state range(0) = agents; one DecideBatch() for all of them */
void
BM_InProcessBatched(benchmark::State& state)
{
    Setup& setup = GetSetup();
    const std::vector<std::vector<double>> batch(setup.observations.begin(),
                                                 setup.observations.begin() + state.range(0));
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(setup.policy->DecideBatch(batch));
    }
    CountDecisions(state, state.range(0));
}

/** \param state range(0) = agents; one LibTorch forward pass per agent */
void
BM_LibTorchUnbatched(benchmark::State& state)
{
    Setup& setup = GetSetup();
    const auto agents = static_cast<std::size_t>(state.range(0));
    for (auto _ : state)
    {
        for (std::size_t a = 0; a < agents; ++a)
        {
            const auto row = setup.rows.begin() + a * OBSERVATION_SIZE;
            benchmark::DoNotOptimize(
                setup.network->ForwardLibTorch(std::vector<float>(row, row + OBSERVATION_SIZE)));
        }
    }
    CountDecisions(state, state.range(0));
}

/** \param state range(0) = agents; one LibTorch forward pass for all of them */
void
BM_LibTorchBatched(benchmark::State& state)
{
    Setup& setup = GetSetup();
    const std::vector<float> batch(setup.rows.begin(),
                                   setup.rows.begin() + state.range(0) * OBSERVATION_SIZE);
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(setup.network->ForwardLibTorch(batch));
    }
    CountDecisions(state, state.range(0));
}

/** \param state range(0) = agents; one bridge round trip per agent */
void
BM_BridgeUnbatched(benchmark::State& state)
{
    Bridge* bridge = g_bridge.get();
    if (!bridge)
    {
        state.SkipWithError("bridge unavailable (see stderr)");
        return;
    }
    const auto agents = static_cast<std::size_t>(state.range(0));
    std::vector<uint32_t> actions;
    for (auto _ : state)
    {
        for (std::size_t a = 0; a < agents; ++a)
        {
            bridge->Decide(a, 1, actions);
            benchmark::DoNotOptimize(actions.data());
        }
    }
    CountDecisions(state, state.range(0));
}

/** \param state range(0) = agents; one bridge round trip carrying every agent */
void
BM_BridgeBatched(benchmark::State& state)
{
    Bridge* bridge = g_bridge.get();
    if (!bridge)
    {
        state.SkipWithError("bridge unavailable (see stderr)");
        return;
    }
    std::vector<uint32_t> actions;
    for (auto _ : state)
    {
        bridge->Decide(0, static_cast<std::size_t>(state.range(0)), actions);
        benchmark::DoNotOptimize(actions.data());
    }
    CountDecisions(state, state.range(0));
}

BENCHMARK(BM_InProcessUnbatched)->UseRealTime()->Arg(1)->Arg(16)->Arg(48)->Arg(256);
BENCHMARK(BM_InProcessBatched)->UseRealTime()->Arg(1)->Arg(16)->Arg(48)->Arg(256);
BENCHMARK(BM_LibTorchUnbatched)->UseRealTime()->Arg(1)->Arg(16)->Arg(48)->Arg(256);
BENCHMARK(BM_LibTorchBatched)->UseRealTime()->Arg(1)->Arg(16)->Arg(48)->Arg(256);
BENCHMARK(BM_BridgeUnbatched)->UseRealTime()->Arg(1)->Arg(16)->Arg(48)->Arg(256);
BENCHMARK(BM_BridgeBatched)->UseRealTime()->Arg(1)->Arg(16)->Arg(48)->Arg(256);

/** Console output, plus each run's time per decision kept for the ratio table. */
class RatioReporter : public benchmark::ConsoleReporter
{
  public:
    void ReportRuns(const std::vector<Run>& runs) override
    {
        for (const Run& run : runs)
        {
            const auto counter = run.counters.find("us_per_decision");
            // With --benchmark_repetitions the median replaces the single runs.
            const bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
            if (RunCompleted(run) && (run.run_type == Run::RT_Iteration || median) &&
                counter != run.counters.end())
            {
                const int64_t agents = std::stoll(run.run_name.args);
                g_secondsPerDecision[run.run_name.function_name][agents] = counter->second.value;
            }
        }
        ConsoleReporter::ReportRuns(runs);
    }
};

/** Print microseconds per decision side by side, and the ratios. */
void
PrintRatios()
{
    auto at = [](const std::string& name, int64_t agents) {
        const auto f = g_secondsPerDecision.find(name);
        if (f == g_secondsPerDecision.end() || !f->second.count(agents))
        {
            return -1.0;
        }
        return f->second.at(agents);
    };
    std::cout << "\nmicroseconds per agent decision (2x128 MLP, " << OBSERVATION_SIZE << " inputs, "
              << ACTIONS << " actions); ratios: the other / in process, same batching\n"
              << std::setw(7) << "agents" << std::setw(12) << "in-process" << std::setw(12)
              << "in-process" << std::setw(12) << "LibTorch" << std::setw(12) << "LibTorch"
              << std::setw(12) << "bridge" << std::setw(12) << "bridge" << std::setw(11)
              << "LibTorch/" << std::setw(11) << "LibTorch/" << std::setw(11) << "bridge/"
              << std::setw(11) << "bridge/\n"
              << std::setw(7) << "" << std::setw(12) << "unbatched" << std::setw(12) << "batched"
              << std::setw(12) << "unbatched" << std::setw(12) << "batched" << std::setw(12)
              << "unbatched" << std::setw(12) << "batched" << std::setw(11) << "unbatched"
              << std::setw(11) << "batched" << std::setw(11) << "unbatched" << std::setw(11)
              << "batched\n";
    auto cell = [](double value) {
        std::ostringstream text;
        text << std::fixed << std::setprecision(2);
        if (value < 0)
        {
            text << "-";
        }
        else
        {
            text << value;
        }
        return text.str();
    };
    auto ratio = [&cell](double other, double ours) {
        return other > 0 && ours > 0 ? cell(other / ours) + "x" : std::string("-");
    };
    for (int64_t agents : {1, 16, 48, 256})
    {
        const double unbatched = at("BM_InProcessUnbatched", agents);
        const double batched = at("BM_InProcessBatched", agents);
        const double torch = at("BM_LibTorchUnbatched", agents);
        const double torchBatched = at("BM_LibTorchBatched", agents);
        const double bridge = at("BM_BridgeUnbatched", agents);
        const double bridgeBatched = at("BM_BridgeBatched", agents);
        std::cout << std::setw(7) << agents << std::setw(12) << cell(unbatched) << std::setw(12)
                  << cell(batched) << std::setw(12) << cell(torch) << std::setw(12)
                  << cell(torchBatched) << std::setw(12) << cell(bridge) << std::setw(12)
                  << cell(bridgeBatched) << std::setw(11) << ratio(torch, unbatched)
                  << std::setw(11) << ratio(torchBatched, batched) << std::setw(11)
                  << ratio(bridge, unbatched) << std::setw(11) << ratio(bridgeBatched, batched)
                  << "\n";
    }
}

} // namespace

int
main(int argc, char** argv)
{
    // Our one flag, --SaginTorchThreads=N, is taken out before Google Benchmark parses the
    // rest.
    std::vector<char*> rest;
    for (int i = 0; i < argc; ++i)
    {
        const std::string arg = argv[i];
        const std::string flag = "--SaginTorchThreads=";
        if (arg.rfind(flag, 0) == 0)
        {
            GlobalValue::Bind("SaginTorchThreads",
                              UintegerValue(std::stoul(arg.substr(flag.size()))));
        }
        else
        {
            rest.push_back(argv[i]);
        }
    }
    int restCount = static_cast<int>(rest.size());
    benchmark::Initialize(&restCount, rest.data());
    if (benchmark::ReportUnrecognizedArguments(restCount, rest.data()))
    {
        return 1;
    }
    UintegerValue threads;
    GlobalValue::GetValueByName("SaginTorchThreads", threads);
    benchmark::AddCustomContext("SaginTorchThreads", std::to_string(threads.Get()));
    benchmark::AddCustomContext("policy",
                                std::string("DdqnPolicy greedy, ") +
                                    std::to_string(OBSERVATION_SIZE) + "-" + HIDDEN_LAYERS + "-" +
                                    std::to_string(ACTIONS) + " relu");
    StartBridge();
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    PrintRatios();
    g_bridge.reset();
    benchmark::Shutdown();
    return 0;
}
