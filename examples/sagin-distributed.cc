// SPDX-License-Identifier: GPL-2.0-only
//
// One Walker-delta shell run sequentially or over MPI ranks with ns-3's distributed simulator:
// satellites partitioned by orbital plane (ConstellationHelper::SetRanks), +Grid ISLs, the
// links between ranks as IslRemoteChannels, SaginRouting over the moving topology on every
// rank, and UDP flows between satellites of opposite planes. Every rank writes the IPv4 events
// of its own nodes (send, forward, deliver, drop: time, node, addresses, IPv4 identification,
// size) to <trace>-rank<r>.tsv; the events of all ranks, sorted, are the run's packet trace,
// the same for any number of ranks (scripts/build-in-ns3-tree.sh --mpi compares them).
// Built only in an ns-3 tree configured with --enable-mpi.
//
//   ./sagin-distributed --trace=seq                         # sequential
//   mpirun -np 2 ./sagin-distributed --distributed --trace=mpi2

#include "ns3/constellation-helper.h"
#include "ns3/example-command-line.h"
#include "ns3/example-options.h"
#include "ns3/global-value.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/isl-helper.h"
#include "ns3/isl-remote-channel.h"
#include "ns3/mpi-interface.h"
#include "ns3/sagin-routing-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/udp-client-server-helper.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;

namespace
{

/** The IPv4 events of one rank's nodes, one line each, written to its file as they happen. */
class RankTrace
{
  public:
    /** \param path the file to write (std::invalid_argument naming --trace if it cannot be) */
    explicit RankTrace(const std::string& path)
        : m_path(path),
          m_out(path)
    {
        if (!m_out)
        {
            throw std::invalid_argument("--trace: cannot write " + path);
        }
    }

    /** \param node a node of this rank whose IPv4 events to record */
    void Connect(Ptr<Node> node)
    {
        Ptr<Ipv4L3Protocol> ipv4 = node->GetObject<Ipv4L3Protocol>();
        const uint32_t id = node->GetId();
        for (const char* event : {"SendOutgoing", "LocalDeliver"})
        {
            ipv4->TraceConnectWithoutContext(
                event,
                MakeCallback(&RankTrace::Record, this).Bind(id, std::string(event)));
        }
        // SaginRouting forwards most packets on its fast path, past Ipv4L3Protocol's traces.
        Ptr<Ipv4RoutingProtocol> routing = ipv4->GetRoutingProtocol();
        routing->TraceConnectWithoutContext(
            "Forward",
            MakeCallback(&RankTrace::Record, this).Bind(id, std::string("Forward")));
        routing->TraceConnectWithoutContext("NoRoute",
                                            MakeCallback(&RankTrace::RecordNoRoute, this).Bind(id));
        ipv4->TraceConnectWithoutContext("Drop",
                                         MakeCallback(&RankTrace::RecordDrop, this).Bind(id));
    }

    /** \return how many events were written, all of them flushed to the file */
    std::size_t Finish()
    {
        m_out.flush();
        if (!m_out)
        {
            throw std::runtime_error("--trace: writing " + m_path + " failed");
        }
        return m_events;
    }

  private:
    /**
     * \param node where
     * \param event which trace
     * \param header the packet's IPv4 header
     * \param packet the packet
     */
    void Record(uint32_t node,
                std::string event,
                const Ipv4Header& header,
                Ptr<const Packet> packet,
                uint32_t)
    {
        m_out << Simulator::Now().GetTimeStep() << '\t' << node << '\t' << event << '\t'
              << header.GetSource() << '\t' << header.GetDestination() << '\t'
              << header.GetIdentification() << '\t' << packet->GetSize() << '\n';
        ++m_events;
    }

    /**
     * \param node where
     * \param header the packet's IPv4 header
     * \param packet the packet
     * \param reason why it was dropped
     */
    void RecordDrop(uint32_t node,
                    const Ipv4Header& header,
                    Ptr<const Packet> packet,
                    Ipv4L3Protocol::DropReason reason,
                    Ptr<Ipv4>,
                    uint32_t)
    {
        Record(node, "Drop" + std::to_string(reason), header, packet, 0);
    }

    /**
     * \param node where
     * \param packet the packet dropped for want of a route
     * \param destination its destination
     */
    void RecordNoRoute(uint32_t node, Ptr<const Packet> packet, Ipv4Address destination)
    {
        m_out << Simulator::Now().GetTimeStep() << '\t' << node << "\tNoRoute\t-\t" << destination
              << "\t-\t" << packet->GetSize() << '\n';
        ++m_events;
    }

    std::string m_path;      //!< the file
    std::ofstream m_out;     //!< its stream
    std::size_t m_events{0}; //!< events written
};

} // namespace

int
main(int argc, char** argv)
{
    uint32_t planes = 12;
    uint32_t satsPerPlane = 12;
    uint32_t phasing = 1;
    double altitudeKm = 550;
    double inclinationDeg = 53;
    uint32_t flows = 20;
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
    cmd.AddValue("test", "a 6x6 shell, 4 flows, 3 s (a quick check)", test);
    uint32_t rank = 0;
    try
    {
        cmd.Parse(argc, argv);
        if (test)
        {
            planes = 6;
            satsPerPlane = 6;
            flows = 4;
            duration = 3;
        }
        const WalkerShell shell =
            CheckWalkerShell(planes, satsPerPlane, phasing, altitudeKm, inclinationDeg);
        CheckRange("--interval", interval, MicroSeconds(1), Seconds(3600));
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
        SaginRoutingHelper routing;
        InternetStackHelper internet;
        internet.SetRoutingHelper(routing);
        internet.SetIpv6StackInstall(false);
        internet.Install(satellites);
        IslHelper::AssignIpv4Addresses(isls, "10.128.0.0");

        // Flow k: from satellite 7k (mod N) to the same slot, shifted by k, half the planes on.
        const std::string path = trace + "-rank" + std::to_string(rank) + ".tsv";
        RankTrace events(path);
        for (uint32_t i = 0; i < satellites.GetN(); ++i)
        {
            if (satellites.Get(i)->GetSystemId() == rank)
            {
                events.Connect(satellites.Get(i));
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
        const uint32_t n = satellites.GetN();
        for (uint32_t k = 0; k < flows; ++k)
        {
            const uint32_t from = (7 * k) % n;
            const uint32_t plane = (from / satsPerPlane + planes / 2) % planes;
            const uint32_t to = plane * satsPerPlane + (from % satsPerPlane + k) % satsPerPlane;
            if (to == from) // one plane: the flow would not leave its satellite
            {
                continue;
            }
            const uint16_t port = 10000 + k;
            // Starts spread over 10 ms by a prime step, so flows do not start at one instant.
            const Time start = Seconds(1) + MicroSeconds(1013 * (k % 10));
            if (satellites.Get(to)->GetSystemId() == rank)
            {
                UdpServerHelper server(port);
                server.Install(satellites.Get(to)).Start(Seconds(0));
            }
            if (satellites.Get(from)->GetSystemId() == rank)
            {
                const Ipv4Address address =
                    satellites.Get(to)->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
                UdpClientHelper client(address, port);
                client.SetAttribute("Interval", TimeValue(interval));
                client.SetAttribute("PacketSize", UintegerValue(packetSize));
                // ns-3.37's UdpClient sends one packet when MaxPackets is 0: count them.
                const double packets =
                    std::ceil((stop - start).GetSeconds() / interval.GetSeconds());
                client.SetAttribute("MaxPackets",
                                    UintegerValue(static_cast<uint32_t>(
                                        std::clamp(packets, 1.0, double(UINT32_MAX)))));
                ApplicationContainer app = client.Install(satellites.Get(from));
                app.Start(start);
                app.Stop(stop);
            }
        }

        Simulator::Stop(stop);
        const auto began = std::chrono::steady_clock::now();
        Simulator::Run();
        const double wall =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
        const std::size_t written = events.Finish();
        std::cout << "rank " << rank << " of " << ranks << ": " << written << " IPv4 events in "
                  << path << ", " << crossRank << " packets sent to other ranks (lookahead "
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
