// SPDX-License-Identifier: GPL-2.0-only
//
// Study B's federation on a Walker shell without ground stations (so every federated byte
// crosses inter-satellite links): the aggregator elected by reputation, its backup when it is
// offline, the reputation records and the global model's hash on the chain, block rewards,
// and bad input to the helper and the experiment.

#include "sagin-test-utils.h"

#include "ns3/aggregator-election.h"
#include "ns3/block.h"
#include "ns3/blockchain-node.h"
#include "ns3/byte-codec.h"
#include "ns3/double.h"
#include "ns3/ed25519-key.h"
#include "ns3/federated-node.h"
#include "ns3/ledger.h"
#include "ns3/parameter-serialization.h"
#include "ns3/pointer.h"
#include "ns3/reputation-consensus.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/sha256.h"
#include "ns3/simulator.h"
#include "ns3/spectrum-consensus-comparison.h"
#include "ns3/spectrum-pricing-experiment.h"
#include "ns3/spectrum-pricing-helper.h"
#include "ns3/test.h"
#include "ns3/transaction-payloads.h"

#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{

/**
 * Four agent satellites of a 10 x 10 shell at 550 km (ISLs of 36 degrees of arc, clear of
 * the Earth), ten users each, tau = 5 (federated every 0.5 s).
 */
struct FederationScenario
{
    ApplicationContainer servers;               //!< pricing servers
    ApplicationContainer federation;            //!< FederatedNode applications
    ApplicationContainer chain;                 //!< BlockchainNode applications
    std::vector<FederatedRoundRecord> released; //!< every released round
    std::map<uint32_t, double> blockRewards;    //!< node -> block rewards counted

    /**
     * \param malicious share of malicious users
     */
    explicit FederationScenario(double malicious)
    {
        SpectrumExperimentOptions shell;
        shell.agents = 4; // satellites 0, 25, 50 and 75
        NodeContainer agents = InstallSpectrumShell(shell);
        SpectrumPricingHelper pricing;
        pricing.SetUsersPerAgent(10);
        pricing.SetMaliciousFraction(malicious);
        pricing.SetRegionTime(Seconds(2));
        pricing.AssignStreams(7);
        servers = pricing.Install(agents);
        federation = pricing.InstallFederation(servers, 5);
        chain = pricing.GetChain();
        for (uint32_t i = 0; i < federation.GetN(); ++i)
        {
            federation.Get(i)->TraceConnectWithoutContext(
                "RoundCompleted",
                MakeCallback(&FederationScenario::Released, this));
            servers.Get(i)->TraceConnectWithoutContext(
                "LocalRound",
                MakeCallback(&FederationScenario::Round, this));
        }
    }

    /** \param r a released round */
    void Released(const FederatedRoundRecord& r)
    {
        released.push_back(r);
    }

    /** \param r a local round */
    void Round(const SpectrumRoundRecord& r)
    {
        blockRewards[r.node] += r.blockReward;
    }

    /** \param duration how long to run */
    void Run(Time duration)
    {
        servers.Stop(duration);
        federation.Stop(duration);
        chain.Stop(duration);
        Simulator::Stop(duration);
        Simulator::Run();
    }
};

} // namespace

/**
 * \ingroup sagin-tests
 * Rounds released by the elected (highest-reputation) aggregator, whose reputation the chain
 * then resets, so that the role moves on; every released model's hash recorded on the chain
 * and equal to the hash of the model the participants hold; the servers' reputation records
 * (+rho x normal users without malicious users) and lease records on the chain; the block
 * reward counted in each aggregator's utility.
 */
class SpectrumFederationRoundsTestCase : public TestCase
{
  public:
    SpectrumFederationRoundsTestCase()
        : TestCase("study B federation: reputation-elected aggregators, model hash and "
                   "reputation records on the chain, block rewards")
    {
    }

  private:
    void DoRun() override
    {
        FederationScenario s(0.0);
        s.Run(Seconds(6));
        auto participant = DynamicCast<FederatedNode>(s.federation.Get(1));
        const std::string heldHash =
            ToHex(Sha256(SerializeParameters(participant->GetGlobalModel())));
        const uint64_t heldRound = participant->GetRound();
        Ptr<Ledger> ledger = DynamicCast<BlockchainNode>(s.chain.Get(0))->GetLedger();
        std::set<uint32_t> servers;
        for (uint32_t i = 0; i < s.servers.GetN(); ++i)
        {
            servers.insert(s.servers.Get(i)->GetNode()->GetId());
        }
        std::set<std::pair<uint64_t, std::string>> hashesOnChain;
        std::map<uint32_t, uint32_t> changes; // node -> reputation records
        bool allPositive = true;
        uint32_t leases = 0;
        bool leasesConsistent = true;
        for (const Sha256Digest& h : ledger->GetMainChain())
        {
            const Block block = ledger->GetBlock(h); // GetTransactions refers into it
            for (const Transaction& tx : block.GetTransactions())
            {
                if (tx.GetType() == TransactionType::MODEL_UPDATE)
                {
                    const auto m = tx.GetPayload<ModelUpdate>();
                    hashesOnChain.insert({m.round, ToHex(m.modelHash)});
                }
                if (tx.GetType() == TransactionType::SPECTRUM_LEASE_BATCH)
                {
                    // A satellite's leases of a federated period, one per user: whole 100 ms
                    // rounds, each at MinPrice (0.25) or more, signed by that satellite.
                    const auto batch = tx.GetPayload<SpectrumLeaseBatch>();
                    std::set<uint32_t> users;
                    for (const SpectrumLease& l : batch.leases)
                    {
                        const int64_t rounds = l.duration.GetMilliSeconds() / 100;
                        ++leases;
                        leasesConsistent = leasesConsistent && rounds >= 1 &&
                                           l.duration == MilliSeconds(100 * rounds) &&
                                           l.price >= 0.25 * rounds - 1e-9 && l.beam < 19 &&
                                           users.insert(l.user).second;
                    }
                    leasesConsistent =
                        leasesConsistent && servers.count(batch.satellite) == 1 &&
                        tx.GetSender() == Ed25519KeyPair::ForNode(batch.satellite).GetPublicKey();
                }
                if (tx.GetType() == TransactionType::REPUTATION_CHANGE)
                {
                    const auto c = tx.GetPayload<ReputationChange>();
                    if (c.reason == ReputationChange::ROUND_BEHAVIOUR)
                    {
                        ++changes[c.subject];
                        allPositive = allPositive && c.delta > 0 && c.normalUsers > 0 &&
                                      c.maliciousUsers == 0;
                    }
                }
            }
        }
        Simulator::Destroy();

        // A round: 0.5 s of local training, then the updates cross the shell (~0.2 s round
        // trips) and the global model comes back.
        NS_TEST_ASSERT_MSG_GT_OR_EQ(s.released.size(), 4u, "rounds every 1-1.5 s for 6 s");
        if (s.released.empty())
        {
            return; // without --stop-on-failure an assertion does not return
        }
        std::set<uint32_t> aggregators;
        uint32_t onChain = 0;
        for (const FederatedRoundRecord& r : s.released)
        {
            NS_TEST_EXPECT_MSG_EQ(r.rank, 0u, "released by the elected aggregator");
            NS_TEST_EXPECT_MSG_EQ(r.accepted, 4u, "every server's update");
            NS_TEST_EXPECT_MSG_GT(r.bytesUp, 0u, "updates crossed the ISLs");
            aggregators.insert(r.aggregator);
            onChain += hashesOnChain.count({r.round, r.modelHash});
        }
        NS_TEST_EXPECT_MSG_GT(aggregators.size(), 1u, "a reset reputation passes the role on");
        NS_TEST_EXPECT_MSG_GT_OR_EQ(onChain + 1, s.released.size(), "hashes on the chain");
        NS_TEST_EXPECT_MSG_EQ(heldHash, s.released.back().modelHash, "the model held");
        NS_TEST_EXPECT_MSG_EQ(heldRound, s.released.back().round + 1, "after the last release");
        NS_TEST_EXPECT_MSG_EQ(changes.size(), 4u, "every server's reputation recorded");
        NS_TEST_EXPECT_MSG_EQ(allPositive, true, "+rho x normal users, no malicious user");
        NS_TEST_EXPECT_MSG_GT(leases, 4u, "lease records on the chain");
        NS_TEST_EXPECT_MSG_EQ(leasesConsistent, true, "lease records: rounds, prices, signers");
        for (uint32_t node : aggregators)
        {
            NS_TEST_EXPECT_MSG_GT(s.blockRewards[node], 0.0, "the aggregator earned");
        }
    }
};

/**
 * \ingroup sagin-tests
 * With malicious users every reputation record is a penalty; with the elected aggregator
 * offline its backup (rank 1) releases the round.
 */
class SpectrumFederationMaliciousTestCase : public TestCase
{
  public:
    SpectrumFederationMaliciousTestCase()
        : TestCase("study B federation: penalties for malicious users, the next server when "
                   "the elected one is offline")
    {
    }

  private:
    void DoRun() override
    {
        FederationScenario s(1.0);
        // At genesis every reputation is equal and ties go by member order: the first server
        // is elected for round 0. It is offline from the start.
        s.federation.Get(0)->SetStartTime(Seconds(1000));
        const uint32_t offline = s.federation.Get(0)->GetNode()->GetId();
        s.Run(Seconds(8)); // the backup steps in 0.5 s + 2 x 2 s after the round began
        Ptr<Ledger> ledger = DynamicCast<BlockchainNode>(s.chain.Get(1))->GetLedger();
        uint32_t penalties = 0;
        uint32_t others = 0;
        for (const Sha256Digest& h : ledger->GetMainChain())
        {
            const Block block = ledger->GetBlock(h); // GetTransactions refers into it
            for (const Transaction& tx : block.GetTransactions())
            {
                if (tx.GetType() == TransactionType::REPUTATION_CHANGE)
                {
                    const auto c = tx.GetPayload<ReputationChange>();
                    if (c.reason == ReputationChange::ROUND_BEHAVIOUR)
                    {
                        const bool penalty = c.delta < 0 && c.maliciousUsers > 0;
                        penalties += penalty ? 1 : 0;
                        others += penalty ? 0 : 1;
                    }
                }
            }
        }
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_GT(penalties, 0u, "penalties recorded");
        NS_TEST_EXPECT_MSG_EQ(others, 0u, "only penalties with every user malicious");
        NS_TEST_ASSERT_MSG_GT(s.released.size(), 0u, "rounds released");
        if (s.released.empty())
        {
            return; // without --stop-on-failure an assertion does not return
        }
        NS_TEST_EXPECT_MSG_EQ(s.released.front().round, 0u, "round 0");
        NS_TEST_EXPECT_MSG_EQ(s.released.front().rank, 1u, "released by the backup");
        NS_TEST_EXPECT_MSG_NE(s.released.front().aggregator, offline, "not the offline one");
    }
};

/**
 * \ingroup sagin-tests
 * Bad input to the helper and to a study B run, each refused naming it.
 */
class SpectrumFederationBadInputTestCase : public TestCase
{
  public:
    SpectrumFederationBadInputTestCase()
        : TestCase("study B helper and run options refuse bad input, naming it")
    {
    }

  private:
    void DoRun() override
    {
        SpectrumPricingHelper helper;
        NS_TEST_EXPECT_MSG_EQ(RefusalProblem([&] { helper.SetMaliciousFraction(1.5); },
                                             "malicious fraction must be in [0, 1]"),
                              "",
                              "malicious fraction above 1");
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem([&] { helper.SetMaliciousFraction(-0.1); }, "malicious fraction"),
            "",
            "negative malicious fraction");
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem([&] { helper.SetUsersPerAgent(0); }, "at least one user"),
            "",
            "zero users");
        NS_TEST_EXPECT_MSG_EQ(RefusalProblem([&] { helper.SetVisibility(0); }, "visibility"),
                              "",
                              "zero visibility");
        NS_TEST_EXPECT_MSG_EQ(RefusalProblem([&] { helper.SetUserSpeed(-1); }, "users' speed"),
                              "",
                              "negative speed");
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem([&] { helper.SetCellGridAttribute("CentreLatitude", DoubleValue(0)); },
                           "cannot be set"),
            "",
            "a grid centre");
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem([&] { helper.InstallFederation(ApplicationContainer(), 0); },
                           "tau (local rounds per federated round) must be at least 1"),
            "",
            "tau 0");
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem([&] { helper.InstallFederation(ApplicationContainer(), 1); },
                           "no servers"),
            "",
            "no servers");

        auto options = [](const std::function<void(SpectrumExperimentOptions&)>& change) {
            SpectrumExperimentOptions o;
            change(o);
            return [o]() { o.Validate(); };
        };
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem(options([](SpectrumExperimentOptions& o) { o.agents = 0; }),
                           "at least 1"),
            "",
            "zero agents");
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem(options([](SpectrumExperimentOptions& o) { o.tau = 0; }), "at least 1"),
            "",
            "tau 0 in a run");
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem(options([](SpectrumExperimentOptions& o) { o.agents = 101; }),
                           "101 agents need as many satellites; the shell has 100"),
            "",
            "more agents than satellites");
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem(options([](SpectrumExperimentOptions& o) { o.method = "greedy"; }),
                           "unknown method 'greedy'"),
            "",
            "an unknown method");
        NS_TEST_EXPECT_MSG_EQ(
            RefusalProblem(options([](SpectrumExperimentOptions& o) { o.maliciousFraction = 2; }),
                           "outside [0, 1]"),
            "",
            "malicious fraction of a run");
    }
};

/**
 * \ingroup sagin-tests
 * The consensus comparison on four servers for 30 s, one block per second: PoW's selection is
 * its mining race, exponential of mean 1 s (30 draws: standard error 0.18 s, so 0.5-2 s);
 * reputation and PoS select at the slot's start (within the first 200 ms fallback); PBFT
 * checks every server's signed votes (2 phases x 4 x 3 more signatures than a block) and puts
 * more bytes on the wire; an unknown engine is refused.
 */
class SpectrumConsensusComparisonTestCase : public TestCase
{
  public:
    SpectrumConsensusComparisonTestCase()
        : TestCase("study B consensus comparison: mining race, slot selection, PBFT's votes")
    {
    }

  private:
    void DoRun() override
    {
        SpectrumExperimentOptions o;
        o.agents = 4;
        const auto rows = RunConsensusComparison(o,
                                                 {"reputation", "pow", "pos", "pbft"},
                                                 Seconds(30),
                                                 Seconds(1));
        NS_TEST_ASSERT_MSG_EQ(rows.size(), 4u, "four engines");
        if (rows.size() != 4)
        {
            return; // without --stop-on-failure an assertion does not return
        }
        std::map<std::string, ConsensusCost> by;
        for (const auto& r : rows)
        {
            by[r.engine] = r;
            NS_TEST_EXPECT_MSG_GT(r.blocks, 15u, r.engine << ": blocks");
            NS_TEST_EXPECT_MSG_GT(r.broadcastS, 0.0, r.engine << ": broadcast measured");
        }
        NS_TEST_EXPECT_MSG_GT(by["pow"].selectionS, 0.5, "mining race, mean 1 s");
        NS_TEST_EXPECT_MSG_LT(by["pow"].selectionS, 2.0, "mining race, mean 1 s");
        NS_TEST_EXPECT_MSG_LT(by["reputation"].selectionS, 0.2, "highest reputation at once");
        NS_TEST_EXPECT_MSG_LT(by["pos"].selectionS, 0.2, "slot leader at once");
        NS_TEST_EXPECT_MSG_GT(by["pbft"].verificationSignatures,
                              by["reputation"].verificationSignatures + 20,
                              "PBFT's votes");
        NS_TEST_EXPECT_MSG_GT(by["pbft"].bytesPerBlock, by["reputation"].bytesPerBlock, "bytes");
        bool refused = false;
        try
        {
            RunConsensusComparison(o, {"raft"}, Seconds(1), Seconds(1));
        }
        catch (const std::invalid_argument& e)
        {
            refused = std::string(e.what()).find("unknown consensus 'raft'") != std::string::npos;
        }
        NS_TEST_EXPECT_MSG_EQ(refused, true, "unknown engine named");
    }
};

/**
 * \ingroup sagin-tests
 * A study B run is reproducible: the same RngSeed and RngRun give the same rounds and
 * federated rounds, bit for bit in this process; another run differs.
 */
class SpectrumDeterminismTestCase : public TestCase
{
  public:
    SpectrumDeterminismTestCase()
        : TestCase("study B runs: same seed and run, same results; another run, others")
    {
    }

  private:
    /**
     * \param run the RngRun
     * \return the prices, revenues and released model hashes of a short proposed run
     */
    static std::vector<std::string> Run(uint64_t run)
    {
        RngSeedManager::SetRun(run);
        SpectrumExperimentOptions o;
        o.agents = 3;
        o.usersPerAgent = 12;
        o.iterations = 60;
        o.tau = 5;
        o.maliciousFraction = 0.3;
        const SpectrumExperimentResult r = RunSpectrumExperiment(o);
        std::vector<std::string> trace;
        for (const auto& agent : r.rounds)
        {
            for (const auto& x : agent)
            {
                std::ostringstream line;
                line << std::hexfloat << x.price << " " << x.revenue << " " << x.interferenceW;
                trace.push_back(line.str());
            }
        }
        for (const auto& f : r.federatedRounds)
        {
            trace.push_back(f.modelHash);
        }
        return trace;
    }

    void DoRun() override
    {
        const uint64_t saved = RngSeedManager::GetRun();
        const auto first = Run(5);
        const auto again = Run(5);
        const auto other = Run(6);
        RngSeedManager::SetRun(saved);
        NS_TEST_EXPECT_MSG_GT(first.size(), 180u, "3 agents x 60 rounds and model hashes");
        NS_TEST_EXPECT_MSG_EQ((first == again), true, "the same run again");
        NS_TEST_EXPECT_MSG_EQ((first == other), false, "another run");
    }
};

/**
 * \ingroup sagin-tests
 * The study B federation TestSuite.
 */
class SpectrumFederationTestSuite : public TestSuite
{
  public:
    SpectrumFederationTestSuite()
        : TestSuite("sagin-spectrum-federation", Type::UNIT)
    {
        AddTestCase(new SpectrumFederationRoundsTestCase);
        AddTestCase(new SpectrumFederationMaliciousTestCase);
        AddTestCase(new SpectrumFederationBadInputTestCase);
        AddTestCase(new SpectrumConsensusComparisonTestCase);
        AddTestCase(new SpectrumDeterminismTestCase);
    }
};

static SpectrumFederationTestSuite
    g_spectrumFederationTestSuite; //!< Static variable for test initialization
