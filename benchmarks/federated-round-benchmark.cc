// SPDX-License-Identifier: GPL-2.0-only
//
// Cost of a federated round over a constellation next to ns-3 moving the same bytes: a
// Starlink-like shell (72 x 22 at 550 km, 53 degrees, +Grid ISLs), an aggregator station
// and N participant stations on a latitude-longitude grid. Run 1: one FederatedNode round
// of a model of M megabytes (announce to every participant, every upload, the final
// announcement). Run 2, the same network rebuilt: ns-3's BulkSendApplication moves the same
// bytes between the same stations in the same three phases (aggregator to every
// participant, every participant to the aggregator, aggregator to every participant again,
// each phase when the previous one is in) into PacketSinks. Both runs stop when the last
// byte arrives; both use 1448-byte TCP segments. Prints wall and CPU time of each run,
// simulated time, bytes, the ratios (what the federated layer costs beyond moving its
// bytes) and peak memory.
//
// Run: ./build/benchmarks/federated-round-benchmark [--participants=100] [--model-mb=1]

#include "peak-memory.h"

#include "ns3/aggregator-election.h"
#include "ns3/bulk-send-helper.h"
#include "ns3/command-line.h"
#include "ns3/config.h"
#include "ns3/constellation-helper.h"
#include "ns3/double.h"
#include "ns3/federated-helper.h"
#include "ns3/ground-station-helper.h"
#include "ns3/gsl-attachment-policy.h"
#include "ns3/gsl-helper.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/isl-helper.h"
#include "ns3/message-transport.h"
#include "ns3/names.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/packet-sink.h"
#include "ns3/pointer.h"
#include "ns3/sagin-routing-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/traffic-control-helper.h"
#include "ns3/uinteger.h"

#include <chrono>
#include <iomanip>
#include <iostream>
#include <sys/resource.h>

using namespace ns3;
using namespace ns3::sagin;

namespace
{

/** The network of one run. */
struct Network
{
    NodeContainer satellites;   //!< the shell
    NodeContainer participants; //!< stations that train
    Ptr<Node> aggregator;       //!< the aggregator's station
};

/**
 * \param participants stations besides the aggregator (on a grid of latitudes -50..50 and
 *        longitudes -170..170)
 * \return the network, addressed and routed by SaginRouting
 */
Network
Build(uint32_t participants)
{
    Network net;
    WalkerShell shell;
    shell.altitude = 550e3;
    shell.inclination = 53;
    shell.planes = 72;
    shell.satsPerPlane = 22;
    shell.phasing = 1;
    ConstellationHelper constellation;
    net.satellites = constellation.Install(shell);
    GroundStationHelper stations;
    stations.Add("aggregator", 48.86, 2.35, 0); // Paris
    const uint32_t columns = 10;
    const uint32_t rows = (participants + columns - 1) / columns;
    for (uint32_t i = 0; i < participants; ++i)
    {
        const double latitude = rows > 1 ? -50.0 + 100.0 * (i / columns) / (rows - 1) : 0.0;
        stations.Add("p" + std::to_string(i), latitude, -170.0 + 34.0 * (i % columns), 0);
    }
    NodeContainer ground = stations.Install();
    net.aggregator = ground.Get(0);
    for (uint32_t i = 1; i < ground.GetN(); ++i)
    {
        net.participants.Add(ground.Get(i));
    }
    IslHelper isl;
    NetDeviceContainer islDevices =
        isl.InstallPlusGrid(net.satellites, constellation.GetWalkerSatellites(), {shell});
    GslHelper gsl; // sagin-ping's link budget
    gsl.SetChannelAttribute("MaxRate", StringValue("100Mbps"));
    gsl.SetGroundAttribute("TxPower", DoubleValue(50));
    gsl.SetSatelliteAttribute("TxPower", DoubleValue(50));
    gsl.SetGroundAttribute(
        "AttachmentPolicy",
        PointerValue(
            CreateObjectWithAttributes<HighestElevationAttachmentPolicy>("MinElevation",
                                                                         DoubleValue(25.0))));
    NetDeviceContainer satelliteGsl = gsl.InstallSatellites(net.satellites);
    NetDeviceContainer groundGsl = gsl.InstallGround(ground);
    SaginRoutingHelper routing;
    InternetStackHelper internet;
    internet.SetRoutingHelper(routing);
    internet.Install(net.satellites);
    internet.Install(ground);
    IslHelper::AssignIpv4Addresses(islDevices, "10.128.0.0");
    Ipv4AddressHelper gslAddresses("10.0.0.0", "255.255.0.0");
    gslAddresses.Assign(satelliteGsl);
    gslAddresses.Assign(groundGsl);
    TrafficControlHelper().Uninstall(islDevices);
    return net;
}

/** \return CPU time of this process so far (user + system, s) */
double
CpuSeconds()
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
           1e-6 * (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

/** What one run measured. */
struct Measurement
{
    double wallS{0};      //!< wall time of Simulator::Run
    double cpuS{0};       //!< CPU time of Simulator::Run
    double simulatedS{0}; //!< simulated time from the first send to the last byte
    uint64_t bytes{0};    //!< bytes delivered to the applications
};

/**
 * \param participants participant count
 * \param parameters model size (floats)
 * \return one federated round
 */
Measurement
RunFederatedRound(uint32_t participants, uint32_t parameters)
{
    Network net = Build(participants);
    auto election = CreateObject<FixedAggregatorElection>();
    election->SetAttribute("Aggregators", StringValue(std::to_string(net.aggregator->GetId())));
    FederatedHelper federation;
    federation.SetElection([election](Ptr<Node>) { return election; });
    federation.SetInitialModel(std::vector<float>(parameters, 0.5F));
    federation.SetAttribute("Rounds", UintegerValue(1));
    federation.SetAttribute("Deadline", TimeValue(Seconds(600)));
    federation.SetAttribute("FailoverDelay", TimeValue(Seconds(1200)));
    federation.SetTrainer([](Ptr<Node> node) {
        const float offset = 0.001F * static_cast<float>(node->GetId() % 100);
        return FederatedNode::TrainCallback([offset](uint64_t, const std::vector<float>& global) {
            LocalUpdate update;
            update.parameters = global;
            update.parameters[0] += offset;
            update.samples = 1;
            return update;
        });
    });
    ApplicationContainer apps = federation.Install(net.participants, NodeContainer(net.aggregator));
    apps.Start(Seconds(1));
    // The round ends when the final model has reached every participant.
    uint32_t finals = 0;
    Time last;
    auto check = std::make_shared<std::function<void()>>();
    *check = [&, check]() {
        finals = 0;
        for (uint32_t i = 0; i < participants; ++i)
        {
            finals += DynamicCast<FederatedNode>(apps.Get(i))->GetRound() == 1 ? 1 : 0;
        }
        if (finals == participants)
        {
            last = Simulator::Now();
            Simulator::Stop();
            return;
        }
        Simulator::Schedule(MilliSeconds(10), *check);
    };
    Simulator::Schedule(Seconds(1), *check);
    Simulator::Stop(Seconds(3600));
    const auto start = std::chrono::steady_clock::now();
    const double cpuStart = CpuSeconds();
    Simulator::Run();
    Measurement m;
    m.wallS = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    m.cpuS = CpuSeconds() - cpuStart;
    m.simulatedS = (last - Seconds(1)).GetSeconds();
    m.bytes = 0;
    for (uint32_t i = 0; i < apps.GetN(); ++i)
    {
        m.bytes += DynamicCast<FederatedNode>(apps.Get(i))->GetTransport()->GetBytesReceived();
    }
    Simulator::Destroy();
    Names::Clear(); // the stations' names, for the next run
    return m;
}

/**
 * \param participants participant count
 * \param messageBytes bytes of one model message (as the federated run sends it)
 * \return BulkSend moving the same bytes
 */
Measurement
RunBulkSend(uint32_t participants, uint64_t messageBytes)
{
    // The segment size the federated transport uses (ns-3's default is 536 bytes).
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));
    Network net = Build(participants);
    const uint16_t port = 9000;
    PacketSinkHelper sink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), port));
    ApplicationContainer sinks = sink.Install(net.participants);
    sinks.Add(sink.Install(net.aggregator));
    // The round's three phases, each started when the previous one delivered its bytes: the
    // announcement down to every participant, every update up, the final model down.
    auto startPhase = [&net, participants, messageBytes, port](int phase) {
        for (uint32_t i = 0; i < participants; ++i)
        {
            Ptr<Node> participant = net.participants.Get(i);
            const bool up = phase == 1;
            BulkSendHelper send(
                "ns3::TcpSocketFactory",
                InetSocketAddress(FederatedHelper::GetAddress(up ? net.aggregator : participant),
                                  port));
            send.SetAttribute("MaxBytes", UintegerValue(messageBytes));
            send.SetAttribute("SendSize", UintegerValue(1448));
            send.Install(up ? participant : net.aggregator); // starts at once
        }
    };
    int phase = 0;
    Time last;
    auto check = std::make_shared<std::function<void()>>();
    *check = [&, check]() {
        uint64_t received = 0;
        for (uint32_t i = 0; i < sinks.GetN(); ++i)
        {
            received += DynamicCast<PacketSink>(sinks.Get(i))->GetTotalRx();
        }
        if (received >= (phase + 1) * participants * messageBytes)
        {
            if (++phase == 3)
            {
                last = Simulator::Now();
                Simulator::Stop();
                return;
            }
            startPhase(phase);
        }
        Simulator::Schedule(MilliSeconds(10), *check);
    };
    Simulator::Schedule(Seconds(1), [&startPhase]() { startPhase(0); });
    Simulator::Schedule(Seconds(1), *check);
    Simulator::Stop(Seconds(3600));
    const auto start = std::chrono::steady_clock::now();
    const double cpuStart = CpuSeconds();
    Simulator::Run();
    Measurement m;
    m.wallS = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    m.cpuS = CpuSeconds() - cpuStart;
    m.simulatedS = (last - Seconds(1)).GetSeconds();
    for (uint32_t i = 0; i < sinks.GetN(); ++i)
    {
        m.bytes += DynamicCast<PacketSink>(sinks.Get(i))->GetTotalRx();
    }
    Simulator::Destroy();
    Names::Clear(); // the stations' names, for the next run
    return m;
}

} // namespace

int
main(int argc, char** argv)
{
    uint32_t participants = 100;
    double modelMb = 1.0;
    CommandLine cmd(__FILE__);
    cmd.AddValue("participants", "participant stations (1-1000)", participants);
    cmd.AddValue("model-mb", "model size (MB of float32, 0.001-64)", modelMb);
    cmd.Parse(argc, argv);
    if (participants < 1 || participants > 1000 || !(modelMb >= 0.001 && modelMb <= 64))
    {
        std::cerr << "federated-round-benchmark: --participants must be 1-1000 and --model-mb "
                     "0.001-64\n";
        return 1;
    }
    const auto parameters = static_cast<uint32_t>(modelMb * 1e6 / 4);
    // An announcement: 44 header + 4 (one-aggregator ranking) + 4 + payload bytes + prefix.
    const uint64_t messageBytes = 44 + 4 + 4 + 4ULL * parameters + 4;

    const Measurement fl = RunFederatedRound(participants, parameters);
    const Measurement bulk = RunBulkSend(participants, messageBytes);
    std::cout << std::fixed << std::setprecision(2) << participants << " participants, "
              << parameters << " parameters (" << modelMb << " MB), Starlink-like shell\n"
              << "                      wall (s)   CPU (s)  simulated (s)  MB delivered\n"
              << "federated round     " << std::setw(10) << fl.wallS << std::setw(10) << fl.cpuS
              << std::setw(15) << fl.simulatedS << std::setw(14) << fl.bytes / 1e6 << "\n"
              << "BulkSend, same bytes" << std::setw(10) << bulk.wallS << std::setw(10) << bulk.cpuS
              << std::setw(15) << bulk.simulatedS << std::setw(14) << bulk.bytes / 1e6 << "\n"
              << "ratio               " << std::setw(10) << fl.wallS / bulk.wallS << "x"
              << std::setw(9) << fl.cpuS / bulk.cpuS << "x\n"
              << "peak memory " << PeakMebibytes() << " MiB\n";
    return 0;
}
