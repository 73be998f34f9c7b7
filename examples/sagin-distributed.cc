// SPDX-License-Identifier: GPL-2.0-only
//
// One Walker-delta shell run sequentially or over MPI ranks with ns-3's distributed simulator:
// satellites partitioned by orbital plane (ConstellationHelper::SetRanks), +Grid ISLs, the
// links between ranks as IslRemoteChannels, SaginRouting over the moving topology on every
// rank, UDP flows between satellites of opposite planes, and ground stations on GSLs
// (Interference FullBuffer, Friis), each on the rank of the satellite nearest to it at the
// start, with UDP flows between stations half-way round the Earth: frames cross ranks on
// ISLs and, after handovers, on the GSL (GslRemoteChannel). Every rank writes the IPv4 events
// of its own nodes (Ipv4EventTrace: send, forward, deliver, drop; time, node, addresses, IPv4
// identification, size) to <trace>-rank<r>.tsv; the events of all ranks, sorted, are the
// run's packet trace, the same for any number of ranks (scripts/build-in-ns3-tree.sh --mpi
// compares them).
// Built only in an ns-3 tree configured with --enable-mpi.
//
//   ./sagin-distributed --trace=seq                         # sequential
//   mpirun -np 2 ./sagin-distributed --distributed --trace=mpi2

#include "ns3/constellation-helper.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/example-command-line.h"
#include "ns3/example-options.h"
#include "ns3/global-value.h"
#include "ns3/ground-station-helper.h"
#include "ns3/gsl-attachment-policy.h"
#include "ns3/gsl-helper.h"
#include "ns3/gsl-remote-channel.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-event-trace.h"
#include "ns3/isl-helper.h"
#include "ns3/isl-remote-channel.h"
#include "ns3/mpi-interface.h"
#include "ns3/pointer.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/sagin-routing-helper.h"
#include "ns3/satellite-los-nlos-propagation-loss-model.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/udp-client-server-helper.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;

int
main(int argc, char** argv)
{
    uint32_t planes = 12;
    uint32_t satsPerPlane = 12;
    uint32_t phasing = 1;
    double altitudeKm = 550;
    double inclinationDeg = 53;
    uint32_t flows = 20;
    uint32_t stations = 8;
    std::string gslInterference = "FullBuffer";
    std::string gslFading = "none";
    std::string placement = "nearest";
    Time interval = MilliSeconds(100);
    uint32_t packetSize = 512;
    double duration = 10;
    bool distributed = false;
    bool nullMessage = false;
    std::string trace = "sagin-distributed";
    bool test = false;

    ExampleCommandLine cmd(__FILE__);
    cmd.AddValue("planes", "orbital planes of the Walker-delta shell", planes);
    cmd.AddValue("sats-per-plane", "satellites per plane", satsPerPlane);
    cmd.AddValue("phasing", "Walker phasing factor F", phasing);
    cmd.AddValue("altitude-km", "shell altitude (km)", altitudeKm);
    cmd.AddValue("inclination-deg", "inclination (degrees)", inclinationDeg);
    cmd.AddValue("flows", "UDP flows, each from a satellite to one in the opposite plane", flows);
    cmd.AddValue("stations",
                 "ground stations on GSLs, spread in longitude (0: none), each sending a UDP "
                 "flow to the one half-way round",
                 stations);
    cmd.AddValue("gsl-interference",
                 "the GSL's Interference: FullBuffer (every attached link interferes) or OnAir "
                 "(only frames on the air; refused across ranks)",
                 gslInterference);
    cmd.AddValue("gsl-fading",
                 "the GSL's loss: none (Friis), keyed (study A's LoS/NLoS loss, a draw per "
                 "frame keyed by link and instant) or stream (the same drawn in call order: "
                 "refused across ranks)",
                 gslFading);
    cmd.AddValue("station-placement",
                 "a station's rank: nearest (that of the satellite nearest to it at the start) or "
                 "round-robin (station i on rank i mod R: most GSL frames cross ranks)",
                 placement);
    cmd.AddValue("interval", "time between a flow's packets", interval);
    cmd.AddValue("packet-size", "UDP payload (bytes, 12 to 65,507)", packetSize);
    cmd.AddValue("duration", "simulated time (s)", duration);
    cmd.AddValue("distributed",
                 "run on the MPI ranks (start with mpirun); otherwise sequentially",
                 distributed);
    cmd.AddValue("null-message",
                 "with --distributed, ns-3's null-message simulator instead of the "
                 "granted-time-window one",
                 nullMessage);
    cmd.AddValue("trace", "prefix of the per-rank trace files <prefix>-rank<r>.tsv", trace);
    cmd.AddValue("test", "4 flows, 4 stations, 3 s (a quick check)", test);
    uint32_t rank = 0;
    try
    {
        cmd.Parse(argc, argv);
        if (test)
        {
            flows = 4;
            stations = 4;
            duration = 3;
        }
        const WalkerShell shell =
            CheckWalkerShell(planes, satsPerPlane, phasing, altitudeKm, inclinationDeg);
        CheckRange("--interval", interval, MicroSeconds(1), Seconds(3600));
        // Every flow has its own UDP port from 10,000 up: at most 51,000 of them fit.
        CheckRange("--flows", flows, 0, 50000, "flows");
        CheckRange("--stations", stations, 0, 1000, "stations");
        if (placement != "nearest" && placement != "round-robin")
        {
            throw std::invalid_argument("--station-placement='" + placement +
                                        "': give nearest or round-robin");
        }
        if (gslFading != "none" && gslFading != "keyed" && gslFading != "stream")
        {
            throw std::invalid_argument("--gsl-fading='" + gslFading +
                                        "': give none, keyed or stream");
        }
        if (gslInterference != "FullBuffer" && gslInterference != "OnAir")
        {
            throw std::invalid_argument("--gsl-interference='" + gslInterference +
                                        "': give FullBuffer or OnAir");
        }
        CheckRange("--packet-size", packetSize, 12, 65507, "bytes");
        const Time stop = CheckSimulationTime("--duration", duration);
        if (nullMessage && !distributed)
        {
            throw std::invalid_argument("--null-message needs --distributed");
        }

        uint32_t ranks = 1;
        if (distributed)
        {
            GlobalValue::Bind("SimulatorImplementationType",
                              StringValue(nullMessage ? "ns3::NullMessageSimulatorImpl"
                                                      : "ns3::DistributedSimulatorImpl"));
            MpiInterface::Enable(&argc, &argv);
            rank = MpiInterface::GetSystemId();
            ranks = MpiInterface::GetSize();
        }
        // Each rank checks its own file name (the ranks' probe files would collide).
        CheckOutputPrefix("--trace", trace + "-rank" + std::to_string(rank));

        ConstellationHelper constellation;
        constellation.SetRanks(ranks);
        const NodeContainer satellites =
            ForOption("--planes", [&] { return constellation.Install(shell); });
        const NetDeviceContainer isls =
            IslHelper().InstallPlusGrid(satellites, constellation.GetWalkerSatellites(), {shell});

        // Station i at longitude -180 + 360 (i + 1/2) / N, latitudes spread over +-45 degrees
        // by the golden ratio; on the rank --station-placement gives.
        GroundStationHelper stationHelper;
        NodeContainer ground;
        for (uint32_t i = 0; i < stations; ++i)
        {
            const double latitude = -45 + 90 * std::fmod(i * 0.6180339887, 1.0);
            const double longitude = -180 + 360 * (i + 0.5) / stations;
            stationHelper.Add("station-" + std::to_string(i), latitude, longitude, 0);
            ground.Add(CreateObject<Node>(
                placement == "nearest"
                    ? ConstellationHelper::GetNearestSatelliteRank(satellites,
                                                                   stationHelper.GetEcefPosition(i))
                    : i % ranks));
        }
        // The GSL devices before the Internet stack, so that SaginRouting sees them.
        GslHelper gsl;
        NetDeviceContainer gslDevices;
        if (stations > 0)
        {
            stationHelper.Install(ground);
            // By default a deterministic loss and full-buffer interference: what every rank
            // computes alike. Friis at the default LoS/NLoS model's carrier (100 MHz), where
            // the default EIRP closes the link; or that model, its draws keyed by link and
            // instant (every rank draws a frame's fading alike) or from its stream.
            Ptr<PropagationLossModel> loss;
            if (gslFading == "none")
            {
                loss = CreateObjectWithAttributes<FriisPropagationLossModel>("Frequency",
                                                                             DoubleValue(100e6));
            }
            else
            {
                loss = CreateObjectWithAttributes<SatelliteLosNlosPropagationLossModel>(
                    "Draws",
                    EnumValue(gslFading == "keyed" ? SatelliteLosNlosPropagationLossModel::KEYED
                                                   : SatelliteLosNlosPropagationLossModel::STREAM));
            }
            gsl.SetChannelAttribute("PropagationLoss", PointerValue(loss));
            gsl.SetChannelAttribute("Interference", StringValue(gslInterference));
            // The default 144 satellites leave most stations without one above the default
            // 25 degrees most of the time; above 10 degrees every station has one.
            gsl.SetGroundAttribute(
                "AttachmentPolicy",
                PointerValue(CreateObjectWithAttributes<HighestElevationAttachmentPolicy>(
                    "MinElevation",
                    DoubleValue(10.0))));
            gslDevices.Add(gsl.InstallSatellites(satellites));
            gslDevices.Add(gsl.InstallGround(ground));
        }
        SaginRoutingHelper routing;
        InternetStackHelper internet;
        internet.SetRoutingHelper(routing);
        internet.SetIpv6StackInstall(false);
        internet.Install(satellites);
        internet.Install(ground);
        IslHelper::AssignIpv4Addresses(isls, "10.128.0.0");
        Ipv4AddressHelper("10.0.0.0", "255.255.0.0").Assign(gslDevices);

        const std::string path = trace + "-rank" + std::to_string(rank) + ".tsv";
        Ipv4EventTrace events(path);
        const NodeContainer nodes(satellites, ground);
        for (uint32_t i = 0; i < nodes.GetN(); ++i)
        {
            if (nodes.Get(i)->GetSystemId() == rank)
            {
                events.Install(nodes.Get(i));
            }
        }
        // Packets this rank puts on links to other ranks: the partition's cut, in messages.
        // The lookahead ns-3 takes: the smallest Delay of those links.
        uint64_t crossRank = 0;
        Time lookahead = Time::Max();
        for (uint32_t i = 0; i < isls.GetN(); ++i)
        {
            Ptr<NetDevice> device = isls.Get(i);
            Ptr<IslRemoteChannel> remote = DynamicCast<IslRemoteChannel>(device->GetChannel());
            if (device->GetNode()->GetSystemId() == rank && remote)
            {
                TimeValue delay;
                remote->GetAttribute("Delay", delay);
                lookahead = std::min(lookahead, delay.Get());
                device->TraceConnectWithoutContext(
                    "PhyTxBegin",
                    MakeCallback(+[](uint64_t* count, Ptr<const Packet>) {
                        ++*count;
                    }).Bind(&crossRank));
            }
        }
        // A UDP flow from one node to another's first address, its applications on their
        // own ranks only; starts spread over 10 ms by a prime step, so flows do not start at
        // one instant.
        uint16_t port = 10000;
        auto addFlow = [&](Ptr<Node> from, Ptr<Node> to) {
            const Time start = Seconds(1) + MicroSeconds(1013 * ((port - 10000) % 10));
            if (to->GetSystemId() == rank)
            {
                UdpServerHelper server(port);
                server.Install(to).Start(Seconds(0));
            }
            if (from->GetSystemId() == rank)
            {
                UdpClientHelper client(to->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal(), port);
                client.SetAttribute("Interval", TimeValue(interval));
                client.SetAttribute("PacketSize", UintegerValue(packetSize));
                // ns-3.37's UdpClient sends one packet when MaxPackets is 0: count them.
                const double packets =
                    std::ceil((stop - start).GetSeconds() / interval.GetSeconds());
                client.SetAttribute("MaxPackets",
                                    UintegerValue(static_cast<uint32_t>(
                                        std::clamp(packets, 1.0, double(UINT32_MAX)))));
                ApplicationContainer app = client.Install(from);
                app.Start(start);
                app.Stop(stop);
            }
            ++port;
        };
        // Flow k: from satellite 7k (mod N) to the same slot, shifted by k, half the planes on.
        const uint32_t n = satellites.GetN();
        for (uint32_t k = 0; k < flows; ++k)
        {
            const uint32_t from = (7 * k) % n;
            const uint32_t plane = (from / satsPerPlane + planes / 2) % planes;
            const uint32_t to = plane * satsPerPlane + (from % satsPerPlane + k) % satsPerPlane;
            if (to != from) // one plane: the flow would not leave its satellite
            {
                addFlow(satellites.Get(from), satellites.Get(to));
            }
        }
        for (uint32_t i = 0; i < stations && stations > 1; ++i)
        {
            addFlow(ground.Get(i), ground.Get((i + stations / 2) % stations));
        }

        Simulator::Stop(stop);
        const auto began = std::chrono::steady_clock::now();
        Simulator::Run();
        const double wall =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
        const std::size_t written = events.Flush();
        // GSL frames to other ranks, and the GSL's lookahead once its nodes span ranks.
        uint64_t gslCrossRank = 0;
        Ptr<GslRemoteChannel> remoteGsl =
            stations > 0 ? DynamicCast<GslRemoteChannel>(gsl.GetChannel()) : nullptr;
        if (remoteGsl)
        {
            gslCrossRank = remoteGsl->GetFramesToOtherRanks();
            TimeValue gslLookahead;
            remoteGsl->GetAttribute("Lookahead", gslLookahead);
            if (gslLookahead.Get().IsStrictlyPositive())
            {
                lookahead = std::min(lookahead, gslLookahead.Get());
            }
        }
        std::cout << "rank " << rank << " of " << ranks << ": " << written << " IPv4 events in "
                  << path << ", " << crossRank << " ISL packets and " << gslCrossRank
                  << " GSL frames sent to other ranks (lookahead "
                  << (lookahead == Time::Max()
                          ? "none"
                          : std::to_string(lookahead.GetMicroSeconds()) + " us")
                  << "), run " << wall << " s wall for " << duration << " s simulated\n";
        Simulator::Destroy();
        if (distributed)
        {
            MpiInterface::Disable();
        }
    }
    catch (const std::exception& e)
    {
        std::cerr << "sagin-distributed: "
                  << (rank > 0 ? "rank " + std::to_string(rank) + ": " : "") << e.what()
                  << std::endl;
        // A rank alone in its error would leave the others waiting in a collective call.
        if (MpiInterface::IsEnabled() && MpiInterface::GetSize() > 1)
        {
            MPI_Abort(MpiInterface::GetCommunicator(), 1);
        }
        if (MpiInterface::IsEnabled())
        {
            MpiInterface::Disable();
        }
        return 1;
    }
    return 0;
}
