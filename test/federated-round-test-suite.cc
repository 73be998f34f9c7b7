// SPDX-License-Identifier: GPL-2.0-only
//
// Federated rounds over packets (FederatedNode over ns-3 TCP): the global model after rounds
// of real transfers is FedAvg of the same updates in memory, bit for bit; a round's duration
// on an uncontended link against the closed form; failover when the elected aggregator is
// down from the start or stops mid-round; a participant past the deadline counted as missing,
// its update late (dropped or carried); refused updates (another architecture, NaN, corrupt
// bytes) named; the elections' rankings; bad configuration.

#include "sagin-test-utils.h"

#include "ns3/aggregator-election.h"
#include "ns3/application-container.h"
#include "ns3/federated-aggregation.h"
#include "ns3/federated-message.h"
#include "ns3/federated-node.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/message-transport.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <limits>
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
            app->SetAttribute("Election", PointerValue(election));
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
        : TestCase("Rounds over packets = FedAvg in memory, bit for bit")
    {
    }

  private:
    void DoRun() override
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
        }
        std::vector<FederatedRoundRecord> rounds;
        net.apps[0]->TraceConnectWithoutContext(
            "RoundCompleted",
            MakeCallback(+[](std::vector<FederatedRoundRecord>* out,
                             const FederatedRoundRecord& r) {
                out->push_back(r);
            }).Bind(&rounds));
        Simulator::Stop(Seconds(60));
        Simulator::Run();
        std::vector<std::vector<float>> finals;
        for (auto& app : net.apps)
        {
            finals.push_back(app->GetGlobalModel());
        }
        const uint64_t finalRound = net.apps[3]->GetRound();
        Simulator::Destroy();

        // The same three rounds in memory.
        std::vector<float> global = initial;
        for (uint64_t round = 0; round < 3; ++round)
        {
            std::vector<ClientModel> clients;
            for (uint32_t i = 1; i < 5; ++i)
            {
                const uint32_t id = i; // node ids 0-4 are the members, created first
                clients.push_back({LocalModel(id, round, global), 10.0 * (id + 1)});
            }
            global = FedAvg(clients);
        }
        NS_TEST_EXPECT_MSG_EQ(rounds.size(), 3u, "three rounds released");
        for (const FederatedRoundRecord& r : rounds)
        {
            NS_TEST_EXPECT_MSG_EQ(r.accepted, 4u, "every update in, round " << r.round);
            NS_TEST_EXPECT_MSG_EQ(r.missing.empty(), true, "none missing");
            NS_TEST_EXPECT_MSG_EQ(r.aggregated, true, "aggregated");
            // 4 updates of 5000 floats: 20000 payload bytes + 52 header bytes + 4 prefix each.
            NS_TEST_EXPECT_MSG_EQ(r.bytesUp, 4u * (20000 + 48 + 4), "update bytes");
            NS_TEST_EXPECT_MSG_EQ(r.bytesDown, 4u * (20000 + 48 + 4 * 1 + 4), "announce bytes");
        }
        NS_TEST_EXPECT_MSG_EQ(finalRound, 3u, "the final model announced as round 3");
        for (std::size_t i = 0; i < finals.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ((finals[i] == global),
                                  true,
                                  "member " << i << " holds FedAvg's model bit for bit");
        }
    }
};

} // namespace

/** The federated round suite. */
class FederatedRoundTestSuite : public TestSuite
{
  public:
    FederatedRoundTestSuite()
        : TestSuite("sagin-federated-round", UNIT)
    {
        AddTestCase(new FederatedFedAvgTestCase, TestCase::QUICK);
    }
};

/** Static instance. */
static FederatedRoundTestSuite g_federatedRoundTestSuite;
