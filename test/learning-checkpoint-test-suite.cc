// SPDX-License-Identifier: GPL-2.0-only
//
// Checkpoint files: a trained DDQN saved and loaded into a fresh agent decides identically;
// missing, foreign, corrupt, truncated, other-version and other-architecture files are
// refused with a message naming the file and the mismatch.

#include "sagin-test-utils.h"

#include "ns3/ddqn-policy.h"
#include "ns3/parameter-serialization.h"
#include "ns3/random-policy.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <fstream>
#include <iterator>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{
/**
 * \param hidden HiddenLayers
 * \return a DDQN agent observing 3 values and choosing among 4
 */
Ptr<DdqnPolicy>
MakeAgent(const std::string& hidden)
{
    auto agent = CreateObject<DdqnPolicy>();
    agent->SetAttribute("HiddenLayers", StringValue(hidden));
    agent->SetAttribute("BatchSize", UintegerValue(8));
    agent->AssignStreams(40);
    agent->SetSpaces(3, ActionSpace::Discrete(4));
    return agent;
}

/**
 * \param path a file
 * \return its bytes
 */
std::vector<char>
ReadBytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::vector<char>((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
}

/**
 * \param path a file, replaced
 * \param bytes its new content
 */
void
WriteBytes(const std::string& path, const std::vector<char>& bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}
} // namespace

/**
 * \ingroup sagin-tests
 * Save a trained agent, load it into a fresh one: same parameters, same Q-values.
 */
class CheckpointRoundTripTestCase : public TestCase
{
  public:
    CheckpointRoundTripTestCase()
        : TestCase("DDQN checkpoint round trip")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<DdqnPolicy> trained = MakeAgent("16,16");
        for (int i = 0; i < 40; ++i)
        {
            Transition t;
            t.observation = {0.1 * i, 1.0, -0.5};
            t.action = trained->Decide(t.observation);
            t.reward = i % 3;
            t.nextObservation = {0.1 * (i + 1), 1.0, -0.5};
            trained->RecordTransition(t);
            trained->Update();
        }
        const std::string path = CreateTempDirFilename("ddqn.ckpt");
        trained->SaveCheckpoint(path);
        const std::vector<char> bytes = ReadBytes(path);
        const std::size_t parameters = (3 + 1) * 16 + (16 + 1) * 16 + (16 + 1) * 4;
        NS_TEST_EXPECT_MSG_EQ(std::string(bytes.begin(), bytes.begin() + 8), "SAGINCKP", "magic");
        // magic, version, kind, count, name, 3 + 2 + 1 widths, activation, count, data, CRC.
        const std::size_t header = 8 + 4 + (4 + 22) + 4 + (4 + 6) + 4 * 5 + 1 + 8;
        NS_TEST_EXPECT_MSG_EQ(bytes.size(), header + 4 * parameters + 4, "file size");

        Ptr<DdqnPolicy> fresh = MakeAgent("16,16");
        fresh->AssignStreams(90); // other initial weights, replaced by the file's
        NS_TEST_EXPECT_MSG_EQ((fresh->GetParameters() != trained->GetParameters()), true, "differ");
        fresh->LoadCheckpoint(path);
        NS_TEST_EXPECT_MSG_EQ((fresh->GetParameters() == trained->GetParameters()),
                              true,
                              "loaded parameters are the saved ones, bit for bit");
        const std::vector<double> x{0.35, -1.0, 2.0};
        NS_TEST_EXPECT_MSG_EQ((fresh->GetQValues(x) == trained->GetQValues(x)), true, "same Q");

        // The generic reader gives the same content.
        const Checkpoint c = ReadCheckpoint(path);
        NS_TEST_EXPECT_MSG_EQ(c.kind, "ns3::sagin::DdqnPolicy", "kind");
        NS_TEST_ASSERT_MSG_EQ(c.networks.size(), 1u, "one network");
        NS_TEST_EXPECT_MSG_EQ(c.networks[0].name, "online", "name");
        NS_TEST_EXPECT_MSG_EQ(c.networks[0].architecture.ToString(), "3-16-16-4 relu", "shape");
    }
};

/**
 * \ingroup sagin-tests
 * Every kind of bad checkpoint file, one message each.
 */
class CheckpointBadFileTestCase : public TestCase
{
  public:
    CheckpointBadFileTestCase()
        : TestCase("corrupt and mismatched checkpoints")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<DdqnPolicy> agent = MakeAgent("16,16");
        const std::string good = CreateTempDirFilename("good.ckpt");
        agent->SaveCheckpoint(good);
        const std::vector<char> bytes = ReadBytes(good);
        const std::string bad = CreateTempDirFilename("bad.ckpt");
        auto loadError = [&agent, &bad](auto exceptionTag) {
            using E = decltype(exceptionTag);
            return MessageOf<E>([&agent, &bad]() { agent->LoadCheckpoint(bad); });
        };

        // Missing file.
        std::string m = MessageOf<std::runtime_error>(
            [&agent, this]() { agent->LoadCheckpoint(CreateTempDirFilename("missing.ckpt")); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "missing.ckpt") && Contains(m, "cannot open"), true, m);

        // Not a checkpoint.
        WriteBytes(bad, {'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd', '\n'});
        m = loadError(std::runtime_error(""));
        NS_TEST_EXPECT_MSG_EQ(Contains(m, bad) && Contains(m, "not a sagin checkpoint"), true, m);

        // Another format version (byte 8 is the low byte of the version).
        std::vector<char> changed = bytes;
        changed[8] = 2;
        WriteBytes(bad, changed);
        m = loadError(std::invalid_argument(""));
        NS_TEST_EXPECT_MSG_EQ(Contains(m, bad) && Contains(m, "format version 2") &&
                                  Contains(m, "reads version 1"),
                              true,
                              m);

        // Truncated.
        WriteBytes(bad, std::vector<char>(bytes.begin(), bytes.end() - 100));
        m = loadError(std::runtime_error(""));
        NS_TEST_EXPECT_MSG_EQ(Contains(m, bad) && Contains(m, "corrupt or truncated"), true, m);
        WriteBytes(bad, std::vector<char>(bytes.begin(), bytes.begin() + 10));
        m = loadError(std::runtime_error(""));
        NS_TEST_EXPECT_MSG_EQ(Contains(m, bad) && Contains(m, "truncated"), true, m);

        // One flipped bit in a weight.
        changed = bytes;
        changed[bytes.size() / 2] ^= 0x10;
        WriteBytes(bad, changed);
        m = loadError(std::runtime_error(""));
        NS_TEST_EXPECT_MSG_EQ(Contains(m, bad) && Contains(m, "CRC-32"), true, m);

        // Another architecture.
        Ptr<DdqnPolicy> wider = MakeAgent("32,16");
        m = MessageOf<std::invalid_argument>([&wider, &good]() { wider->LoadCheckpoint(good); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, good) && Contains(m, "architecture mismatch") &&
                                  Contains(m, "3-16-16-4 relu") && Contains(m, "3-32-16-4 relu"),
                              true,
                              m);
        Ptr<DdqnPolicy> tanh = MakeAgent("16,16");
        tanh->SetAttribute("Activation", StringValue("Tanh"));
        m = MessageOf<std::invalid_argument>([&tanh, &good]() { tanh->LoadCheckpoint(good); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "3-16-16-4 tanh"), true, m);

        // Written by another kind of object.
        Checkpoint other = ReadCheckpoint(good);
        other.kind = "ns3::sagin::ActorCriticPolicy";
        WriteCheckpoint(bad, other);
        m = loadError(std::invalid_argument(""));
        NS_TEST_EXPECT_MSG_EQ(Contains(m, bad) && Contains(m, "ActorCriticPolicy"), true, m);

        // A policy without parameters, an unwritable path.
        auto random = CreateObject<RandomPolicy>();
        random->SetSpaces(3, ActionSpace::Discrete(4));
        m = MessageOf<std::logic_error>([&random, &good]() { random->SaveCheckpoint(good); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "no learned parameters"), true, m);
        m = MessageOf<std::runtime_error>(
            [&agent]() { agent->SaveCheckpoint("/nonexistent-dir/x.ckpt"); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "/nonexistent-dir/x.ckpt"), true, m);

        // After all the refusals the agent still has its own parameters.
        Ptr<DdqnPolicy> reference = MakeAgent("16,16");
        NS_TEST_EXPECT_MSG_EQ((agent->GetParameters() == reference->GetParameters()),
                              true,
                              "a refused file changes nothing");
    }
};

/**
 * \ingroup sagin-tests
 * The checkpoint TestSuite.
 */
class LearningCheckpointTestSuite : public TestSuite
{
  public:
    LearningCheckpointTestSuite()
        : TestSuite("sagin-learning-checkpoint", Type::UNIT)
    {
        AddTestCase(new CheckpointRoundTripTestCase);
        AddTestCase(new CheckpointBadFileTestCase);
    }
};

static LearningCheckpointTestSuite
    g_learningCheckpointTestSuite; //!< Static variable for test initialization
