// SPDX-License-Identifier: GPL-2.0-only
//
// Federated rounds over packets (FederatedNode over ns-3 TCP): the global model after rounds
// of real transfers is FedAvg of the same updates in memory, bit for bit; a round's duration
// on an uncontended link against the closed form; failover when the elected aggregator is
// down from the start or stops mid-round; a participant past the deadline counted as missing,
// its update late (dropped or carried); refused updates (another architecture, NaN, corrupt
// bytes) named; the elections' rankings; bad configuration.

#include "consensus-test-utils.h"
#include "sagin-test-utils.h"

#include "ns3/aggregator-election.h"
#include "ns3/application-container.h"
#include "ns3/double.h"
#include "ns3/dpos-consensus.h"
#include "ns3/federated-aggregation.h"
#include "ns3/federated-message.h"
#include "ns3/federated-node.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/message-transport.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/pointer.h"
#include "ns3/reputation-consensus.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"
#include "ns3/update-codec.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{
/** Link rate of the test networks (bit/s). */
constexpr double RATE_BPS = 10e6;
/** One-way propagation delay of every link (s). */
constexpr double DELAY_S = 0.005;

/**
 * Members 0..n-1, each on its own point-to-point link to a router (node n), global routing:
 * every pair of members is two hops apart.
 */
struct StarNetwork
{
    NodeContainer members;                //!< federation members
    Ptr<Node> router;                     //!< the hub
    std::vector<Ipv4Address> addresses;   //!< each member's address
    std::vector<Ptr<FederatedNode>> apps; //!< one application per member

    /**
     * \param n members
     */
    explicit StarNetwork(uint32_t n)
    {
        members.Create(n);
        router = CreateObject<Node>();
        InternetStackHelper internet;
        internet.Install(members);
        internet.Install(router);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("5ms"));
        Ipv4AddressHelper ipv4;
        for (uint32_t i = 0; i < n; ++i)
        {
            ipv4.SetBase(Ipv4Address(("10.1." + std::to_string(i + 1) + ".0").c_str()),
                         "255.255.255.0");
            const Ipv4InterfaceContainer interfaces =
                ipv4.Assign(p2p.Install(members.Get(i), router));
            addresses.push_back(interfaces.GetAddress(0));
        }
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    }

    /**
     * \param participants which members train
     * \return the member table
     */
    std::vector<FederatedMember> Members(const std::vector<bool>& participants) const
    {
        std::vector<FederatedMember> table;
        for (uint32_t i = 0; i < members.GetN(); ++i)
        {
            table.push_back({members.Get(i)->GetId(), addresses[i], participants[i]});
        }
        return table;
    }

    /**
     * Install an application on every member.
     * \param participants which members train
     * \param election the election (shared)
     * \param initial the initial model
     * \param train the training rule (participant node id, round, global) -> update
     */
    void Install(const std::vector<bool>& participants,
                 Ptr<AggregatorElection> election,
                 const std::vector<float>& initial,
                 std::function<LocalUpdate(uint32_t, uint64_t, const std::vector<float>&)> train)
    {
        for (uint32_t i = 0; i < members.GetN(); ++i)
        {
            auto app = CreateObject<FederatedNode>();
            if (election)
            {
                app->SetAttribute("Election", PointerValue(election));
            }
            app->SetMembers(Members(participants));
            app->SetInitialModel(initial);
            const uint32_t id = members.Get(i)->GetId();
            if (participants[i])
            {
                app->SetTrainCallback(
                    [train, id](uint64_t round, const std::vector<float>& global) {
                        return train(id, round, global);
                    });
            }
            members.Get(i)->AddApplication(app);
            apps.push_back(app);
        }
    }
};

/**
 * Keep every record a FederatedNode trace gives.
 * \tparam Record FederatedRoundRecord or FederatedUpdateRecord
 * \param app the application
 * \param trace "RoundCompleted" or "UpdateReceived"
 * \param out receives the records
 */
template <typename Record>
void
CollectInto(Ptr<FederatedNode> app, const std::string& trace, std::vector<Record>* out)
{
    app->TraceConnectWithoutContext(
        trace,
        MakeCallback(+[](std::vector<Record>* o, const Record& r) { o->push_back(r); }).Bind(out));
}

/**
 * A deterministic local update: the global model plus a participant- and round-specific
 * offset (values that floats hold exactly are not needed: the reference uses the same floats).
 * \param id participant node id
 * \param round the round
 * \param global the global model
 * \return parameters
 */
std::vector<float>
LocalModel(uint32_t id, uint64_t round, const std::vector<float>& global)
{
    std::vector<float> local = global;
    for (std::size_t k = 0; k < local.size(); ++k)
    {
        local[k] += 0.01F * static_cast<float>((id + 1) * (k % 7 + 1)) -
                    0.003F * static_cast<float>(round + 1);
    }
    return local;
}

/**
 * \param n parameters
 * \return an initial model
 */
std::vector<float>
InitialModel(std::size_t n)
{
    std::vector<float> model(n);
    for (std::size_t k = 0; k < n; ++k)
    {
        model[k] = 0.5F - 0.001F * static_cast<float>(k % 1000);
    }
    return model;
}

/** Rounds over packets equal FedAvg in memory, bit for bit. */
class FederatedFedAvgTestCase : public TestCase
{
  public:
    FederatedFedAvgTestCase()
        : TestCase("Rounds over packets = FedAvg in memory, bit for bit (unicast and tree)")
    {
    }

  private:
    void DoRun() override
    {
        uint64_t unicastSent = 0;
        for (const uint32_t fanout : {0u, 2u})
        {
            const uint64_t sent = RunThreeRounds(fanout);
            if (fanout == 0)
            {
                unicastSent = sent;
            }
            else
            {
                // Along the tree the aggregator sends each announcement to 2 of the 4 others.
                NS_TEST_EXPECT_MSG_EQ(2 * sent, unicastSent, "tree: half the aggregator's bytes");
            }
        }
    }

    /**
     * Three rounds with announcements sent to each member or along a tree, checked against
     * FedAvg in memory.
     * \param fanout TreeFanout (0: unicast)
     * \return bytes the aggregator's transport sent
     */
    uint64_t RunThreeRounds(uint32_t fanout)
    {
        StarNetwork net(5); // member 0 aggregates only; 1-4 train
        const std::vector<bool> participants{false, true, true, true, true};
        auto election = CreateObject<FixedAggregatorElection>();
        election->SetAttribute("Aggregators",
                               StringValue(std::to_string(net.members.Get(0)->GetId())));
        const std::vector<float> initial = InitialModel(5000);
        net.Install(participants,
                    election,
                    initial,
                    [](uint32_t id, uint64_t round, const std::vector<float>& global) {
                        LocalUpdate u;
                        u.parameters = LocalModel(id, round, global);
                        u.samples = 10 * (id + 1);
                        u.cycles = 1e8 * (id + 1); // 0.1-0.5 s at 1 GHz
                        return u;
                    });
        for (auto& app : net.apps)
        {
            app->SetAttribute("Rounds", UintegerValue(3));
            app->SetAttribute("TreeFanout", UintegerValue(fanout));
        }
        std::vector<FederatedRoundRecord> rounds;
        CollectInto(net.apps[0], "RoundCompleted", &rounds);
        Simulator::Stop(Seconds(60));
        Simulator::Run();
        std::vector<std::vector<float>> finals;
        for (auto& app : net.apps)
        {
            finals.push_back(app->GetGlobalModel());
        }
        const uint64_t finalRound = net.apps[3]->GetRound();
        const uint64_t sent = net.apps[0]->GetTransport()->GetBytesSent();
        Simulator::Destroy();

        // The same three rounds in memory.
        std::vector<float> global = initial;
        for (uint64_t round = 0; round < 3; ++round)
        {
            std::vector<ClientModel> clients;
            for (uint32_t id = 1; id < 5; ++id) // node ids 0-4 are the members, created first
            {
                clients.push_back({LocalModel(id, round, global), 10.0 * (id + 1)});
            }
            global = FedAvg(clients);
        }
        const std::string mode = fanout ? "tree: " : "unicast: ";
        NS_TEST_EXPECT_MSG_EQ(rounds.size(), 3u, mode << "three rounds released");
        for (const FederatedRoundRecord& r : rounds)
        {
            NS_TEST_EXPECT_MSG_EQ(r.accepted, 4u, mode << "every update in, round " << r.round);
            NS_TEST_EXPECT_MSG_EQ(r.missing.empty(), true, mode << "none missing");
            NS_TEST_EXPECT_MSG_EQ(r.aggregated, true, mode << "aggregated");
            // 4 updates of 5000 floats: 20000 payload bytes, 48 header bytes, 4 prefix each.
            NS_TEST_EXPECT_MSG_EQ(r.bytesUp, 4u * (20000 + 48 + 4), mode << "update bytes");
            NS_TEST_EXPECT_MSG_EQ(r.bytesDown, 4u * (20000 + 48 + 4 * 1 + 4), "announce bytes");
        }
        NS_TEST_EXPECT_MSG_EQ(finalRound, 3u, mode << "the final model announced as round 3");
        for (std::size_t i = 0; i < finals.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ((finals[i] == global),
                                  true,
                                  mode << "member " << i << " holds FedAvg's model bit for bit");
        }
        return sent;
    }
};

/**
 * Bytes a message of the given size puts on a point-to-point link as TCP segments: each
 * segment of at most 1448 payload bytes carries 32 bytes of TCP header (20 + the 12-byte
 * timestamp option), 20 of IPv4 and 2 of PPP.
 * \param messageBytes message plus its 4-byte length prefix
 * \return bytes on the wire
 */
double
WireBytes(uint64_t messageBytes)
{
    const uint64_t segments = (messageBytes + 1447) / 1448;
    return static_cast<double>(messageBytes + segments * (32 + 20 + 2));
}

/**
 * The closed form of one message over one uncontended point-to-point link: the handshake
 * (SYN out, SYN-ACK back: 2 d), then every segment back to back at the link rate (the
 * window never limits: 10 Mbit/s x 10 ms is 8.6 segments, below TCP's initial window of 10),
 * the last one arriving d after it left.
 * \param messageBytes message plus prefix
 * \return seconds from Send() to delivery
 */
double
ClosedFormTransfer(uint64_t messageBytes)
{
    return 3 * DELAY_S + WireBytes(messageBytes) * 8 / RATE_BPS;
}

/** A round's duration on one uncontended link against the closed form. */
class FederatedRoundDurationTestCase : public TestCase
{
  public:
    FederatedRoundDurationTestCase()
        : TestCase("Round duration on an uncontended link = transfer at the link rate + "
                   "propagation + handshake")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer nodes;
        nodes.Create(2);
        InternetStackHelper internet;
        internet.Install(nodes);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("5ms"));
        Ipv4AddressHelper ipv4("10.9.0.0", "255.255.255.0");
        const Ipv4InterfaceContainer interfaces = ipv4.Assign(p2p.Install(nodes));
        const std::vector<FederatedMember> members{{0, interfaces.GetAddress(0), false},
                                                   {1, interfaces.GetAddress(1), true}};
        auto election = CreateObject<FixedAggregatorElection>();
        election->SetAttribute("Aggregators", StringValue("0"));
        const std::size_t parameters = 50000; // 200 kB of float32
        const double cycles = 2e8;            // 0.2 s at the default 1 GHz
        std::vector<Ptr<FederatedNode>> apps;
        for (uint32_t i = 0; i < 2; ++i)
        {
            auto app = CreateObject<FederatedNode>();
            app->SetAttribute("Election", PointerValue(election));
            app->SetAttribute("Rounds", UintegerValue(1));
            app->SetMembers(members);
            app->SetInitialModel(InitialModel(parameters));
            if (i == 1)
            {
                app->SetTrainCallback([cycles](uint64_t round, const std::vector<float>& global) {
                    LocalUpdate u;
                    u.parameters = LocalModel(1, round, global);
                    u.samples = 1;
                    u.cycles = cycles;
                    return u;
                });
            }
            nodes.Get(i)->AddApplication(app);
            apps.push_back(app);
        }
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        const std::vector<FederatedRoundRecord> rounds = apps[0]->GetReleasedRounds();
        Simulator::Destroy();

        NS_TEST_ASSERT_MSG_EQ(rounds.size(), 1u, "one round");
        // ANNOUNCE: 44-byte header, a ranking of 1, payload length, 200000 bytes, prefix.
        const uint64_t announce = 44 + 4 + 4 + 4 * parameters + 4;
        const uint64_t update = 44 + 4 + 4 * parameters + 4;
        NS_TEST_EXPECT_MSG_EQ(rounds[0].bytesUp, update, "update bytes");
        const double expected =
            ClosedFormTransfer(announce) + cycles / 1e9 + ClosedFormTransfer(update);
        const double measured = (rounds[0].release - rounds[0].start).GetSeconds();
        // Tolerance 1 ms: the handshake's own segments (SYN, SYN-ACK, the first ACK: under
        // 100 bytes each, 80 us apiece at 10 Mbit/s) and ACK timing, not in the closed form.
        NS_TEST_EXPECT_MSG_EQ_TOL(measured, expected, 1e-3, "round duration (s)");
    }
};

/**
 * A federation over the star: aggregator candidates 0 and 1 (backup), participants 2-4.
 * \param net the network (5 members)
 * \param deadline Deadline
 * \param failover FailoverDelay
 * \param rounds Rounds
 */
void
InstallFailoverFederation(StarNetwork& net, Time deadline, Time failover, uint32_t rounds)
{
    auto election = CreateObject<FixedAggregatorElection>();
    election->SetAttribute("Aggregators", StringValue("0,1"));
    net.Install({false, false, true, true, true},
                election,
                InitialModel(1000),
                [](uint32_t id, uint64_t round, const std::vector<float>& global) {
                    LocalUpdate u;
                    u.parameters = LocalModel(id, round, global);
                    u.samples = 5;
                    u.cycles = 5e8; // 0.5 s
                    return u;
                });
    for (auto& app : net.apps)
    {
        app->SetAttribute("Deadline", TimeValue(deadline));
        app->SetAttribute("FailoverDelay", TimeValue(failover));
        app->SetAttribute("Rounds", UintegerValue(rounds));
    }
}

/** Failover: the elected aggregator is down from the start, or stops mid-round. */
class FederatedFailoverTestCase : public TestCase
{
  public:
    FederatedFailoverTestCase()
        : TestCase("Failover: the backup completes the round within one deadline")
    {
    }

  private:
    void DoRun() override
    {
        const Time deadline = Seconds(2);
        const Time failover = Seconds(5);
        for (const bool midRound : {false, true})
        {
            StarNetwork net(5);
            InstallFailoverFederation(net, deadline, failover, 2);
            if (midRound)
            {
                // Node 0 announces round 0 at 0 s and stops at 0.2 s, before any update
                // (training takes 0.5 s): the uploads find no listener.
                net.apps[0]->SetStopTime(Seconds(0.2));
            }
            else
            {
                net.apps[0]->SetStartTime(Seconds(1000)); // never up
            }
            uint32_t takeovers = 0;
            net.apps[1]->TraceConnectWithoutContext(
                "Takeover",
                MakeCallback(+[](uint32_t* n, uint64_t, uint32_t, uint32_t) {
                    ++*n;
                }).Bind(&takeovers));
            Simulator::Stop(Seconds(30));
            Simulator::Run();
            const std::vector<FederatedRoundRecord> backup = net.apps[1]->GetReleasedRounds();
            const std::vector<FederatedRoundRecord> elected = net.apps[0]->GetReleasedRounds();
            const uint64_t finalRound = net.apps[4]->GetRound();
            Simulator::Destroy();

            const std::string what = midRound ? "stopped mid-round: " : "down from the start: ";
            NS_TEST_EXPECT_MSG_EQ(elected.size(), 0u, what << "the elected node released none");
            NS_TEST_ASSERT_MSG_EQ(backup.size(), 2u, what << "the backup released both rounds");
            NS_TEST_EXPECT_MSG_EQ(takeovers, 2u, what << "one takeover per round");
            NS_TEST_EXPECT_MSG_EQ(finalRound, 2u, what << "participants hold the final model");
            for (const FederatedRoundRecord& r : backup)
            {
                NS_TEST_EXPECT_MSG_EQ(r.rank, 1u, what << "released by rank 1");
                NS_TEST_EXPECT_MSG_EQ(r.accepted, 3u, what << "every update in");
                // Takeover at start + FailoverDelay, then within one Deadline.
                NS_TEST_EXPECT_MSG_LT_OR_EQ((r.release - r.start).GetSeconds(),
                                            (failover + deadline).GetSeconds(),
                                            what << "round " << r.round << " duration");
                NS_TEST_EXPECT_MSG_GT_OR_EQ((r.release - r.start).GetSeconds(),
                                            failover.GetSeconds(),
                                            what << "not before the failover delay");
            }
        }
    }
};

/**
 * Training alongside the simulation (LocalTrainingTime): each participant adopts every
 * round's global model at the round's start (the final one too) and its TrainCallback reads
 * the update LocalTrainingTime later.
 */
class FederatedLocalTrainingTimeTestCase : public TestCase
{
  public:
    FederatedLocalTrainingTimeTestCase()
        : TestCase("LocalTrainingTime: global model adopted at the round's start, update read "
                   "after the local training")
    {
    }

  private:
    /** What a participant's callbacks saw. */
    struct Seen
    {
        std::vector<std::pair<uint64_t, Time>> adopted; //!< round, time
        std::vector<std::pair<uint64_t, Time>> trained; //!< round, time
        std::vector<std::vector<float>> models;         //!< adopted models
    };

    void DoRun() override
    {
        const Time local = Seconds(1);
        StarNetwork net(3); // member 0 aggregates; 1 and 2 train
        const std::vector<bool> participants{false, true, true};
        auto election = CreateObject<FixedAggregatorElection>();
        election->SetAttribute("Aggregators",
                               StringValue(std::to_string(net.members.Get(0)->GetId())));
        std::map<uint32_t, Seen> seen;
        net.Install(participants,
                    election,
                    InitialModel(100),
                    [&seen](uint32_t id, uint64_t round, const std::vector<float>& global) {
                        seen[id].trained.emplace_back(round, Simulator::Now());
                        LocalUpdate u;
                        u.parameters = LocalModel(id, round, global);
                        u.samples = 1;
                        return u;
                    });
        for (uint32_t i = 0; i < 3; ++i)
        {
            net.apps[i]->SetAttribute("Rounds", UintegerValue(2));
            net.apps[i]->SetAttribute("LocalTrainingTime", TimeValue(local));
            const uint32_t id = net.members.Get(i)->GetId();
            net.apps[i]->SetAdoptCallback([&seen, id](uint64_t round, const std::vector<float>& m) {
                seen[id].adopted.emplace_back(round, Simulator::Now());
                seen[id].models.push_back(m);
            });
        }
        std::vector<FederatedRoundRecord> rounds;
        CollectInto(net.apps[0], "RoundCompleted", &rounds);
        Simulator::Stop(Seconds(30));
        Simulator::Run();
        const std::vector<float> final = net.apps[1]->GetGlobalModel();
        Simulator::Destroy();

        NS_TEST_ASSERT_MSG_EQ(rounds.size(), 2u, "two rounds released");
        NS_TEST_EXPECT_MSG_EQ(seen.count(net.members.Get(0)->GetId()), 0u, "no adoption");
        for (uint32_t i = 1; i < 3; ++i)
        {
            const Seen& s = seen[net.members.Get(i)->GetId()];
            NS_TEST_ASSERT_MSG_EQ(s.adopted.size(), 3u, "rounds 0, 1 and the final model");
            NS_TEST_ASSERT_MSG_EQ(s.trained.size(), 2u, "trained for rounds 0 and 1");
            for (uint32_t r = 0; r < 2; ++r)
            {
                NS_TEST_EXPECT_MSG_EQ(s.trained[r].first, r, "round");
                NS_TEST_EXPECT_MSG_EQ(s.trained[r].second - s.adopted[r].second,
                                      local,
                                      "read LocalTrainingTime after the adoption");
                NS_TEST_EXPECT_MSG_GT_OR_EQ(rounds[r].release - rounds[r].start,
                                            local,
                                            "a round lasts at least the local training");
            }
            NS_TEST_EXPECT_MSG_EQ((s.models.back() == final), true, "the final model adopted");
        }
    }
};

/** A straggler: missing at the deadline, its update late (dropped, or carried). */
class FederatedStragglerTestCase : public TestCase
{
  public:
    FederatedStragglerTestCase()
        : TestCase("A straggler is missing at the deadline; its update is late, dropped or "
                   "carried")
    {
    }

  private:
    void DoRun() override
    {
        for (const std::string policy : {"drop", "carry"})
        {
            StarNetwork net(4); // 0 aggregates, 1-3 train; node 3 needs 3 s, the deadline is 2 s
            auto election = CreateObject<FixedAggregatorElection>();
            election->SetAttribute("Aggregators", StringValue("0"));
            net.Install({false, true, true, true},
                        election,
                        InitialModel(1000),
                        [](uint32_t id, uint64_t round, const std::vector<float>& global) {
                            LocalUpdate u;
                            u.parameters = LocalModel(id, round, global);
                            u.samples = 5;
                            u.cycles = id == 3 ? 3e9 : 1e8;
                            return u;
                        });
            for (auto& app : net.apps)
            {
                app->SetAttribute("Deadline", TimeValue(Seconds(2)));
                app->SetAttribute("Quorum", UintegerValue(2));
                app->SetAttribute("Rounds", UintegerValue(2));
                app->SetAttribute("LateUpdates", StringValue(policy));
            }
            std::vector<FederatedUpdateRecord> updates;
            CollectInto(net.apps[0], "UpdateReceived", &updates);
            Simulator::Stop(Seconds(30));
            Simulator::Run();
            const std::vector<FederatedRoundRecord> rounds = net.apps[0]->GetReleasedRounds();
            Simulator::Destroy();

            NS_TEST_ASSERT_MSG_EQ(rounds.size(), 2u, policy << ": two rounds");
            NS_TEST_EXPECT_MSG_EQ(rounds[0].accepted, 2u, policy << ": round 0 without node 3");
            NS_TEST_EXPECT_MSG_EQ((rounds[0].missing == std::vector<uint32_t>{3}),
                                  true,
                                  policy << ": node 3 named missing");
            NS_TEST_EXPECT_MSG_EQ_TOL((rounds[0].release - rounds[0].start).GetSeconds(),
                                      2.0,
                                      1e-9,
                                      policy << ": released at the deadline");
            // Node 3's round-0 update arrives at about 3 s, in round 1; its round-1 update
            // (trained after it) at about 6 s, after the final release at 4 s.
            std::vector<uint64_t> lateRounds;
            for (const FederatedUpdateRecord& u : updates)
            {
                if (u.status == FederatedUpdateRecord::LATE)
                {
                    lateRounds.push_back(u.round);
                    NS_TEST_EXPECT_MSG_EQ(u.participant, 3u, "the late ones are node 3's");
                }
            }
            NS_TEST_EXPECT_MSG_EQ((lateRounds == std::vector<uint64_t>{0, 1}),
                                  true,
                                  policy << ": node 3's updates of rounds 0 and 1 late");
            NS_TEST_EXPECT_MSG_EQ(rounds[1].late, 1u, policy << ": counted in round 1's record");
            // Round 1: node 3 is still training; with carry, its late round-0 update is
            // aggregated in round 1 instead.
            const uint32_t expected = policy == "carry" ? 3 : 2;
            NS_TEST_EXPECT_MSG_EQ(rounds[1].accepted, expected, policy << ": round 1's updates");
        }
    }
};

/** Refused updates: another architecture, NaN, corrupt, truncated and oversized bytes. */
class FederatedRefusedUpdatesTestCase : public TestCase
{
  public:
    FederatedRefusedUpdatesTestCase()
        : TestCase("Refused updates (another architecture, NaN, corrupt, truncated, oversized) "
                   "are counted and name the participant")
    {
    }

  private:
    void DoRun() override
    {
        StarNetwork net(4); // 0 aggregates; 1 honest, 2 another architecture, 3 a NaN
        auto election = CreateObject<FixedAggregatorElection>();
        election->SetAttribute("Aggregators", StringValue("0"));
        net.Install({false, true, true, true},
                    election,
                    InitialModel(1000),
                    [](uint32_t id, uint64_t round, const std::vector<float>& global) {
                        LocalUpdate u;
                        u.parameters = LocalModel(id, round, global);
                        if (id == 2)
                        {
                            u.parameters.pop_back(); // 999 parameters
                        }
                        if (id == 3)
                        {
                            u.parameters[5] = std::numeric_limits<float>::quiet_NaN();
                        }
                        u.samples = 5;
                        u.cycles = 1e8;
                        return u;
                    });
        for (auto& app : net.apps)
        {
            app->SetAttribute("Deadline", TimeValue(Seconds(2)));
            app->SetAttribute("Rounds", UintegerValue(1));
        }
        std::vector<FederatedUpdateRecord> updates;
        CollectInto(net.apps[0], "UpdateReceived", &updates);
        std::vector<std::string> refusedStreams;
        // A peer (node 1, from another port) sends garbage at 0.3 s; a raw socket of node 2
        // declares 1000 bytes and closes after 10; one of node 3 declares 1 GB.
        Ptr<MessageTransport> garbage = CreateObject<MessageTransport>();
        Simulator::Schedule(Seconds(0.3), [&]() {
            garbage->Start(net.members.Get(1), 9999, MessageTransport::ReceiveCallback());
            garbage->Send(net.addresses[0], 7070, std::vector<uint8_t>(60, 0xab));
            net.apps[0]->GetTransport()->TraceConnectWithoutContext(
                "Refused",
                MakeCallback(+[](std::vector<std::string>* out, Ipv4Address, const std::string& r) {
                    out->push_back(r);
                }).Bind(&refusedStreams));
            for (uint32_t i : {2u, 3u})
            {
                Ptr<Socket> raw =
                    Socket::CreateSocket(net.members.Get(i),
                                         TypeId::LookupByName("ns3::TcpSocketFactory"));
                raw->Bind();
                raw->Connect(InetSocketAddress(net.addresses[0], 7070));
                const uint32_t declared = i == 2 ? 1000 : 1000000000;
                raw->SetConnectCallback(MakeCallback(+[](uint32_t length, Ptr<Socket> s) {
                                            std::vector<uint8_t> bytes{
                                                static_cast<uint8_t>(length >> 24),
                                                static_cast<uint8_t>(length >> 16),
                                                static_cast<uint8_t>(length >> 8),
                                                static_cast<uint8_t>(length)};
                                            bytes.resize(14, 0x55);
                                            s->Send(Create<Packet>(bytes.data(), bytes.size()));
                                            s->Close();
                                        }).Bind(declared),
                                        MakeNullCallback<void, Ptr<Socket>>());
            }
        });
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        const std::vector<FederatedRoundRecord> rounds = net.apps[0]->GetReleasedRounds();
        Simulator::Destroy();

        NS_TEST_ASSERT_MSG_EQ(rounds.size(), 1u, "one round");
        NS_TEST_EXPECT_MSG_EQ(rounds[0].accepted, 1u, "only node 1's update");
        NS_TEST_EXPECT_MSG_EQ(rounds[0].refused, 3u, "999 parameters, a NaN, the garbage");
        NS_TEST_EXPECT_MSG_EQ((rounds[0].missing == std::vector<uint32_t>{2, 3}),
                              true,
                              "nodes 2 and 3 have no accepted update");
        std::map<uint32_t, std::string> reasons;
        for (const FederatedUpdateRecord& u : updates)
        {
            if (u.status == FederatedUpdateRecord::REFUSED)
            {
                reasons[u.participant] += u.reason + "; ";
            }
        }
        NS_TEST_EXPECT_MSG_EQ(Contains(reasons[2], "has 999 parameters, expected 1000"),
                              true,
                              reasons[2]);
        NS_TEST_EXPECT_MSG_EQ(Contains(reasons[3], "parameter 5 is nan"), true, reasons[3]);
        NS_TEST_EXPECT_MSG_EQ(Contains(reasons[1], "corrupt message from node 1") &&
                                  Contains(reasons[1], "bad magic"),
                              true,
                              reasons[1]);
        NS_TEST_ASSERT_MSG_EQ(refusedStreams.size(), 2u, "the truncated and the oversized stream");
        bool truncated = false;
        bool oversized = false;
        for (const std::string& r : refusedStreams)
        {
            truncated = truncated || Contains(r, "closed after 14 bytes");
            oversized = oversized || Contains(r, "1000000000 bytes, above MaxMessageSize");
        }
        NS_TEST_EXPECT_MSG_EQ(truncated, true, "truncated stream refused");
        NS_TEST_EXPECT_MSG_EQ(oversized, true, "oversized stream refused");
    }
};

/** The elections' rankings. */
class FederatedElectionTestCase : public TestCase
{
  public:
    FederatedElectionTestCase()
        : TestCase("Elections: fixed, round-robin, DPoS delegates, reputation ranking")
    {
    }

  private:
    void DoRun() override
    {
        auto fixed = CreateObject<FixedAggregatorElection>();
        fixed->SetAttribute("Aggregators", StringValue("4, 7"));
        NS_TEST_EXPECT_MSG_EQ((fixed->Rank(0) == std::vector<uint32_t>{4, 7}), true, "fixed");
        NS_TEST_EXPECT_MSG_EQ((fixed->Rank(9) == std::vector<uint32_t>{4, 7}), true, "always");

        auto turns = CreateObject<RoundRobinAggregatorElection>();
        turns->SetAttribute("Candidates", StringValue("4,7,9"));
        NS_TEST_EXPECT_MSG_EQ((turns->Rank(0) == std::vector<uint32_t>{4, 7, 9}), true, "r0");
        NS_TEST_EXPECT_MSG_EQ((turns->Rank(1) == std::vector<uint32_t>{7, 9, 4}), true, "r1");
        NS_TEST_EXPECT_MSG_EQ((turns->Rank(5) == std::vector<uint32_t>{9, 4, 7}), true, "r5");

        // DPoS: members 10-13 with stakes 1, 4, 2, 3, everyone voting for itself: delegates by
        // votes 11, 13, 12 (Delegates 3); round r starts at delegate r mod 3.
        auto dpos = CreateObject<DposConsensus>();
        dpos->SetAttribute("Delegates", UintegerValue(3));
        const std::vector<double> stakes{1, 4, 2, 3};
        for (uint32_t i = 0; i < 4; ++i)
        {
            dpos->AddMember(10 + i, stakes[i]);
        }
        auto delegated = CreateObject<DposAggregatorElection>();
        delegated->SetAttribute("Consensus", PointerValue(dpos));
        NS_TEST_EXPECT_MSG_EQ((delegated->Rank(0) == std::vector<uint32_t>{11, 13, 12}),
                              true,
                              "dpos round 0");
        NS_TEST_EXPECT_MSG_EQ((delegated->Rank(4) == std::vector<uint32_t>{13, 12, 11}),
                              true,
                              "dpos round 4");

        // Reputation (study B): 3 servers of reputations 5, 8, 3; after 1.5 s of one-second
        // slots the election's ranking is the members by their reputation on the node's tip,
        // highest first, ties by member order (computed here from GetReputations).
        {
            ConsensusNetwork chain(3,
                                   [](uint32_t) { return CreateConsensusEngine("reputation"); },
                                   {5, 8, 3});
            Simulator::Stop(Seconds(1.5));
            Simulator::Run();
            auto engine = DynamicCast<ReputationConsensus>(chain.engines[2]);
            auto byReputation = CreateObject<ReputationAggregatorElection>();
            byReputation->SetAttribute("Consensus", PointerValue(engine));
            Ptr<Ledger> ledger = chain.LedgerOf(2);
            const std::vector<double> reputation =
                engine->GetReputations(*ledger, ledger->GetTipHash());
            std::vector<uint32_t> expected{0, 1, 2};
            std::stable_sort(expected.begin(), expected.end(), [&](uint32_t a, uint32_t b) {
                return reputation[a] > reputation[b];
            });
            for (uint32_t& member : expected)
            {
                member = chain.nodes.Get(member)->GetId();
            }
            const std::vector<uint32_t> ranking = byReputation->Rank(7);
            const std::size_t blocks = ledger->GetMainChain().size();
            Simulator::Destroy();
            NS_TEST_EXPECT_MSG_GT(blocks, 1u, "blocks produced (reputations reset)");
            NS_TEST_EXPECT_MSG_EQ((ranking == expected), true, "reputation ranking");
        }

        std::string m = MessageOf<std::invalid_argument>(
            [&]() { fixed->SetAttribute("Aggregators", StringValue("4,x")); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "not a list of node ids"), true, m);
        m = MessageOf<std::invalid_argument>(
            [&]() { turns->SetAttribute("Candidates", StringValue("4,4")); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "node 4 appears twice"), true, m);
        m = MessageOf<std::invalid_argument>(
            []() { CreateObject<FixedAggregatorElection>()->Rank(0); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "no candidate for round 0"), true, m);
        m = MessageOf<std::invalid_argument>(
            []() { CreateObject<ReputationAggregatorElection>()->Rank(0); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "set its Consensus attribute"), true, m);
    }
};

/** Bad configuration: clear errors, never an abort. */
class FederatedBadConfigurationTestCase : public TestCase
{
  public:
    FederatedBadConfigurationTestCase()
        : TestCase("Bad configuration: zero participants, deadline <= 0, quorum above the "
                   "participants, no election")
    {
    }

  private:
    void DoRun() override
    {
        auto app = CreateObject<FederatedNode>();
        std::string m = MessageOf<std::invalid_argument>([&]() {
            app->SetMembers(
                {{0, Ipv4Address("10.0.0.1"), false}, {1, Ipv4Address("10.0.0.2"), false}});
        });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "zero participants"), true, m);
        m = MessageOf<std::invalid_argument>([&]() {
            app->SetMembers(
                {{0, Ipv4Address("10.0.0.1"), true}, {0, Ipv4Address("10.0.0.2"), true}});
        });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "node 0 appears twice"), true, m);
        m = MessageOf<std::invalid_argument>([&]() { app->SetInitialModel({}); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "empty model"), true, m);
        NS_TEST_EXPECT_MSG_EQ(app->SetAttributeFailSafe("Deadline", TimeValue(Seconds(0))),
                              false,
                              "a deadline of 0 is refused by the attribute's checker");
        NS_TEST_EXPECT_MSG_EQ(app->SetAttributeFailSafe("Deadline", TimeValue(Seconds(-1))),
                              false,
                              "a negative deadline too");
        // An unknown LateUpdates name is refused by ns-3's EnumChecker itself: false from
        // SetAttributeFailSafe with a release ns-3, an assertion with a debug one (an ns-3
        // source tree's default), so it is not asked here.

        // Quorum above the participants, and no election: refused by CheckConfiguration, which
        // the application calls when it starts.
        for (const std::string problem : {"quorum", "election"})
        {
            StarNetwork net(3);
            Ptr<AggregatorElection> election;
            if (problem != "election")
            {
                election = CreateObject<FixedAggregatorElection>();
                election->SetAttribute("Aggregators", StringValue("0"));
            }
            net.Install({false, true, true},
                        election,
                        InitialModel(10),
                        [](uint32_t id, uint64_t round, const std::vector<float>& global) {
                            return LocalUpdate{LocalModel(id, round, global), 1, 0};
                        });
            net.apps[0]->SetAttribute("Quorum", UintegerValue(problem == "quorum" ? 3 : 1));
            m = MessageOf<std::invalid_argument>([&net]() { net.apps[0]->CheckConfiguration(); });
            Simulator::Destroy();
            NS_TEST_EXPECT_MSG_EQ(Contains(m,
                                           problem == "quorum"
                                               ? "Quorum 3 is above the 2 participants"
                                               : "no Election attribute"),
                                  true,
                                  m);
        }
    }
};

/**
 * One round on the star (0 aggregates, 1-5 train) with an aggregator, a codec and
 * optionally a poisoned participant.
 * \param aggregator the Aggregator (null: FedAvg)
 * \param codec the Codec (null: whole models)
 * \param poisoned participant 5 sends its update x100 (as a change from the global model)
 * \param record receives the round
 * \return the released model
 */
std::vector<float>
RunOneRound(Ptr<Aggregator> aggregator,
            Ptr<UpdateCodec> codec,
            bool poisoned,
            FederatedRoundRecord* record)
{
    StarNetwork net(6);
    auto election = CreateObject<FixedAggregatorElection>();
    election->SetAttribute("Aggregators", StringValue("0"));
    net.Install({false, true, true, true, true, true},
                election,
                InitialModel(2000),
                [poisoned](uint32_t id, uint64_t round, const std::vector<float>& global) {
                    LocalUpdate u;
                    u.parameters = LocalModel(id, round, global);
                    if (poisoned && id == 5)
                    {
                        for (std::size_t k = 0; k < u.parameters.size(); ++k)
                        {
                            u.parameters[k] = global[k] + 100 * (u.parameters[k] - global[k]);
                        }
                    }
                    u.samples = 10;
                    u.cycles = 1e8;
                    return u;
                });
    for (auto& app : net.apps)
    {
        app->SetAttribute("Rounds", UintegerValue(1));
        if (aggregator)
        {
            app->SetAttribute("Aggregator", PointerValue(aggregator));
        }
        if (codec)
        {
            app->SetAttribute("Codec", PointerValue(codec));
        }
    }
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    const std::vector<FederatedRoundRecord> rounds = net.apps[0]->GetReleasedRounds();
    const std::vector<float> global = net.apps[0]->GetGlobalModel();
    Simulator::Destroy();
    if (!rounds.empty())
    {
        *record = rounds[0];
    }
    return global;
}

/**
 * \param a a model
 * \param b another
 * \return the Euclidean distance
 */
double
Distance(const std::vector<float>& a, const std::vector<float>& b)
{
    double sum = 0;
    for (std::size_t k = 0; k < a.size(); ++k)
    {
        sum += (double{a[k]} - b[k]) * (double{a[k]} - b[k]);
    }
    return std::sqrt(sum);
}

/** Compressed updates on the wire; a poisoned update under FedAvg and the robust rules. */
class FederatedCodecAndRobustTestCase : public TestCase
{
  public:
    FederatedCodecAndRobustTestCase()
        : TestCase("Compressed updates (fewer bytes, within the codec's bound) and a poisoned "
                   "update under FedAvg, median and Krum, over packets")
    {
    }

  private:
    void DoRun() override
    {
        // Honest FedAvg of the five updates in memory: the reference.
        const std::vector<float> initial = InitialModel(2000);
        std::vector<ClientModel> honest;
        for (uint32_t id = 1; id <= 5; ++id)
        {
            honest.push_back({LocalModel(id, 0, initial), 10});
        }
        const std::vector<float> honestMean = FedAvg(honest);

        FederatedRoundRecord plain;
        const std::vector<float> exact = RunOneRound(nullptr, nullptr, false, &plain);
        NS_TEST_EXPECT_MSG_EQ((exact == honestMean), true, "whole models: FedAvg bit for bit");
        for (const std::string name : {"q8", "topk"})
        {
            Ptr<UpdateCodec> codec;
            if (name == "q8")
            {
                codec = CreateObject<Quantized8Codec>();
            }
            else
            {
                codec = CreateObjectWithAttributes<TopKCodec>("Fraction", DoubleValue(0.1));
            }
            FederatedRoundRecord r;
            const std::vector<float> global = RunOneRound(nullptr, codec, false, &r);
            // Each update: 44 header + 4 payload length + the encoding + 4 prefix bytes.
            const uint64_t expected = 5 * (44 + 4 + codec->GetEncodedSize(2000) + 4);
            NS_TEST_EXPECT_MSG_EQ(r.bytesUp, expected, name << ": bytes on the wire");
            NS_TEST_EXPECT_MSG_LT(r.bytesUp, plain.bytesUp, name << ": fewer than float32");
            // FedAvg is a weighted mean: its error is at most the largest codec error of an
            // update (each delta's bound), plus float rounding of the adds (1e-6 here).
            double bound = 0;
            for (uint32_t id = 1; id <= 5; ++id)
            {
                std::vector<float> delta = LocalModel(id, 0, initial);
                for (std::size_t k = 0; k < delta.size(); ++k)
                {
                    delta[k] -= initial[k];
                }
                bound = std::max(bound, codec->GetMaxError(delta));
            }
            double worst = 0;
            for (std::size_t k = 0; k < global.size(); ++k)
            {
                worst = std::max(worst, std::fabs(double{global[k]} - honestMean[k]));
            }
            NS_TEST_EXPECT_MSG_LT_OR_EQ(worst, bound + 1e-6, name << ": within the codec's bound");
            NS_TEST_EXPECT_MSG_GT(worst, 0.0, name << ": lossy indeed");
        }

        // Round-robin aggregation with compressed updates: the releasing node's own update
        // (small) overtakes its announcement (the whole model) on the way to the next
        // aggregator, which keeps it until the announcement, its base, arrives.
        {
            StarNetwork net(4);
            auto election = CreateObject<RoundRobinAggregatorElection>();
            election->SetAttribute("Candidates", StringValue("1,2,3"));
            net.Install({false, true, true, true},
                        election,
                        InitialModel(20000),
                        [](uint32_t id, uint64_t round, const std::vector<float>& global) {
                            return LocalUpdate{LocalModel(id, round, global), 10, 0};
                        });
            for (auto& app : net.apps)
            {
                app->SetAttribute("Rounds", UintegerValue(3));
                app->SetAttribute("Codec", PointerValue(CreateObject<Quantized8Codec>()));
            }
            Simulator::Stop(Seconds(20));
            Simulator::Run();
            std::vector<FederatedRoundRecord> rounds;
            for (uint32_t i = 1; i < 4; ++i)
            {
                for (const FederatedRoundRecord& r : net.apps[i]->GetReleasedRounds())
                {
                    rounds.push_back(r);
                }
            }
            Simulator::Destroy();
            NS_TEST_EXPECT_MSG_EQ(rounds.size(), 3u, "round-robin, q8: three rounds");
            for (const FederatedRoundRecord& r : rounds)
            {
                NS_TEST_EXPECT_MSG_EQ(r.accepted, 3u, "round " << r.round << ": every update");
                NS_TEST_EXPECT_MSG_EQ(r.refused, 0u, "round " << r.round << ": none refused");
            }
        }

        // One of five participants sends its change x100.
        FederatedRoundRecord r;
        const double fedAvg = Distance(RunOneRound(nullptr, nullptr, true, &r), honestMean);
        const double median =
            Distance(RunOneRound(CreateObject<MedianAggregator>(), nullptr, true, &r), honestMean);
        const double krum =
            Distance(RunOneRound(CreateObjectWithAttributes<KrumAggregator>("ByzantineCount",
                                                                            UintegerValue(1)),
                                 nullptr,
                                 true,
                                 &r),
                     honestMean);
        // An honest update's own distance from the honest mean, for scale.
        const double spread = Distance(honest[0].parameters, honestMean);
        NS_TEST_EXPECT_MSG_GT(fedAvg, 10 * spread, "FedAvg moved far by the poisoned update");
        NS_TEST_EXPECT_MSG_LT(median, spread, "the median stays among the honest models");
        NS_TEST_EXPECT_MSG_LT(krum, 2 * spread, "Krum picks an honest model");
    }
};
} // namespace

/** The federated round suite. */
class FederatedRoundTestSuite : public TestSuite
{
  public:
    FederatedRoundTestSuite()
        : TestSuite("sagin-federated-round", Type::UNIT)
    {
        AddTestCase(new FederatedFedAvgTestCase);
        AddTestCase(new FederatedRoundDurationTestCase);
        AddTestCase(new FederatedFailoverTestCase);
        AddTestCase(new FederatedStragglerTestCase);
        AddTestCase(new FederatedRefusedUpdatesTestCase);
        AddTestCase(new FederatedCodecAndRobustTestCase);
        AddTestCase(new FederatedElectionTestCase);
        AddTestCase(new FederatedBadConfigurationTestCase);
        AddTestCase(new FederatedLocalTrainingTimeTestCase);
    }
};

/** Static instance. */
static FederatedRoundTestSuite g_federatedRoundTestSuite;
