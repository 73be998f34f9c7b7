// SPDX-License-Identifier: GPL-2.0-only

#include "federated-experiment.h"

#include "constellation-helper.h"
#include "example-options.h"
#include "federated-helper.h"
#include "ground-station-helper.h"
#include "gsl-helper.h"
#include "isl-helper.h"
#include "run-report.h"
#include "sagin-routing-helper.h"

#include "ns3/aggregator-election.h"
#include "ns3/double.h"
#include "ns3/federated-recorder.h"
#include "ns3/gsl-attachment-policy.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/names.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/traffic-control-helper.h"
#include "ns3/uinteger.h"
#include "ns3/update-codec.h"

#include <algorithm>
#include <iostream>
#include <map>
#include <memory>

namespace ns3
{
namespace sagin
{

namespace
{

/** Servers on five continents (name:latitude:longitude, degrees). */
const char* const CITIES = "Paris:48.86:2.35;NewYork:40.71:-74.01;Tokyo:35.68:139.69;"
                           "SaoPaulo:-23.55:-46.63;Nairobi:-1.29:36.82;Sydney:-33.87:151.21;"
                           "Mumbai:19.08:72.88;LosAngeles:34.05:-118.24";

} // namespace

/**
 * Build the constellation, the servers, GSLs, ISLs, addresses and routing; install a
 * federation on the servers and run it.
 * \param o the options
 * \param task the learning task
 * \param aggregator the Aggregator TypeId
 * \param store the run store (null: none)
 * \return the rounds
 */
std::vector<FederatedRoundPoint>
RunFederatedExperiment(const FederatedExperimentOptions& o,
                       const SyntheticClassificationTask& task,
                       const std::string& aggregator,
                       Ptr<RunStore> store)
{
    const WalkerShell shell =
        CheckWalkerShell(o.planes, o.satsPerPlane, 1, o.altitudeKm, o.inclinationDeg);
    ConstellationHelper constellation;
    NodeContainer satellites = constellation.Install(shell);
    GroundStationHelper cities;
    cities.AddList(CITIES);
    NodeContainer allCities = cities.Install();
    NodeContainer servers;
    for (uint32_t i = 0; i < o.servers; ++i)
    {
        servers.Add(allCities.Get(i));
    }
    IslHelper isl;
    NetDeviceContainer islDevices =
        isl.InstallPlusGrid(satellites, constellation.GetWalkerSatellites(), {shell});
    GslHelper gsl; // sagin-ping's link budget: 50 dBm EIRP both ways, rate capped at 100 Mbit/s
    gsl.SetChannelAttribute("MaxRate", StringValue("100Mbps"));
    gsl.SetGroundAttribute("TxPower", DoubleValue(50));
    gsl.SetSatelliteAttribute("TxPower", DoubleValue(50));
    gsl.SetGroundAttribute(
        "AttachmentPolicy",
        PointerValue(CreateObjectWithAttributes<HighestElevationAttachmentPolicy>(
            "MinElevation",
            DoubleValue(o.minElevationDeg))));
    NetDeviceContainer satelliteGsl = gsl.InstallSatellites(satellites);
    NetDeviceContainer serverGsl = gsl.InstallGround(servers);
    SaginRoutingHelper routing;
    InternetStackHelper internet;
    internet.SetRoutingHelper(routing);
    internet.Install(satellites);
    internet.Install(servers);
    IslHelper::AssignIpv4Addresses(islDevices, "10.128.0.0");
    Ipv4AddressHelper gslAddresses("10.0.0.0", "255.255.0.0");
    gslAddresses.Assign(satelliteGsl);
    gslAddresses.Assign(serverGsl);
    TrafficControlHelper().Uninstall(islDevices);

    // Round-robin aggregation over the servers (node ids), each training on its own share.
    std::string candidates;
    std::map<uint32_t, uint32_t> clientOf; // node id -> client index
    for (uint32_t i = 0; i < servers.GetN(); ++i)
    {
        candidates += (i ? "," : "") + std::to_string(servers.Get(i)->GetId());
        clientOf[servers.Get(i)->GetId()] = i;
    }
    auto election = CreateObject<RoundRobinAggregatorElection>();
    election->SetAttribute("Candidates", StringValue(candidates));
    FederatedHelper federation;
    if (aggregator == "ns3::sagin::KrumAggregator")
    {
        federation.SetAggregator(aggregator,
                                 "ByzantineCount",
                                 UintegerValue(std::max<uint32_t>(1, o.poisoned)));
    }
    else
    {
        federation.SetAggregator(aggregator);
    }
    federation.SetElection([election](Ptr<Node>) { return election; });
    federation.SetInitialModel(task.MakeInitialModel());
    federation.SetAttribute("Rounds", UintegerValue(o.rounds));
    federation.SetAttribute("CpuFrequency", DoubleValue(o.cpuHz));
    federation.SetAttribute("Deadline", TimeValue(o.deadline));
    federation.SetAttribute("FailoverDelay", TimeValue(2 * o.deadline));
    if (o.codec == "q8")
    {
        federation.SetAttribute("Codec", PointerValue(CreateObject<Quantized8Codec>()));
    }
    else if (o.codec == "topk")
    {
        federation.SetAttribute(
            "Codec",
            PointerValue(CreateObjectWithAttributes<TopKCodec>("Fraction", DoubleValue(0.1))));
    }
    double computeS = 0;
    federation.SetTrainer([&task, &clientOf, &o, &computeS](Ptr<Node> node) {
        const uint32_t client = clientOf.at(node->GetId());
        return FederatedNode::TrainCallback(
            [&task, &o, &computeS, client](uint64_t, const std::vector<float>& global) {
                LocalUpdate update = task.Train(global, client, o.epochs, 32, 1e-3);
                computeS = update.cycles / o.cpuHz;
                if (client < o.poisoned) // a poisoned server scales its change by 100
                {
                    for (std::size_t k = 0; k < update.parameters.size(); ++k)
                    {
                        update.parameters[k] = global[k] + 100 * (update.parameters[k] - global[k]);
                    }
                }
                return update;
            });
    });
    ApplicationContainer apps = federation.Install(servers);
    apps.Start(Seconds(1)); // after the first attachments and routes

    std::vector<FederatedRoundPoint> points;
    SyntheticClassificationTask::Score lastScore;
    std::unique_ptr<FederatedRecorder> recorder;
    if (store)
    {
        recorder = std::make_unique<FederatedRecorder>(store);
    }
    for (uint32_t i = 0; i < apps.GetN(); ++i)
    {
        Ptr<FederatedNode> app = DynamicCast<FederatedNode>(apps.Get(i));
        app->SetEvaluateCallback([&task, &lastScore](const std::vector<float>& global) {
            lastScore = task.Evaluate(global);
            return lastScore.loss;
        });
        app->TraceConnectWithoutContext(
            "RoundCompleted",
            Callback<void, const FederatedRoundRecord&>(
                [&points, &lastScore, &computeS, &o](const FederatedRoundRecord& r) {
                    FederatedRoundPoint p;
                    p.round = r.round;
                    p.timeS = r.release.GetSeconds();
                    p.durationS = (r.release - r.start).GetSeconds();
                    p.transferShare = std::max(0.0, 1.0 - computeS / p.durationS);
                    p.score = lastScore;
                    points.push_back(p);
                    if (r.round + 1 == o.rounds)
                    {
                        Simulator::Stop(); // the final model is out
                    }
                }));
        if (recorder)
        {
            recorder->Attach(app);
        }
        app->CheckConfiguration(); // refused here, not from inside Simulator::Run
    }
    Simulator::Stop(Seconds(1) + o.rounds * 3 * o.deadline); // a bound, if rounds stall
    RunReport report(NodeContainer::GetGlobal(), o.progress);
    Simulator::Run();
    report.PrintDrops(std::cout);
    Simulator::Destroy();
    Names::Clear(); // the stations' names, for the next mode
    return points;
}

/**
 * Each server trains alone: the test accuracy of the servers' own models, averaged.
 * \param o the options
 * \param task the task
 * \return one point per round of local training (time: compute only)
 */
std::vector<FederatedRoundPoint>
RunLocalOnlyTraining(const FederatedExperimentOptions& o, const SyntheticClassificationTask& task)
{
    std::vector<std::vector<float>> models(o.servers, task.MakeInitialModel());
    std::vector<FederatedRoundPoint> points;
    double time = 1;
    for (uint32_t round = 0; round < o.rounds; ++round)
    {
        FederatedRoundPoint p;
        p.round = round;
        for (uint32_t i = 0; i < o.servers; ++i)
        {
            const LocalUpdate update = task.Train(models[i], i, o.epochs, 32, 1e-3);
            models[i] = update.parameters;
            p.durationS = update.cycles / o.cpuHz;
            const SyntheticClassificationTask::Score s = task.Evaluate(models[i]);
            p.score.loss += s.loss / o.servers;
            p.score.accuracy += s.accuracy / o.servers;
        }
        time += p.durationS;
        p.timeS = time;
        points.push_back(p);
    }
    return points;
}

} // namespace sagin
} // namespace ns3
