// SPDX-License-Identifier: GPL-2.0-only
//
// Ordinary ns-3 LANs joined by a LEO constellation. A CSMA LAN of --hosts hosts sits behind a
// ground station in one city, a server LAN behind a station in another; the hosts and the
// server know nothing of satellites (static routing, a default route to their station). The
// stations run SaginRouting first and ns-3's static routing after it (Ipv4ListRouting) and
// announce their LANs to the SAGIN (SaginRoutingHelper::AnnouncePrefixes), so the
// constellation carries packets for the LAN addresses and each station delivers them on its
// LAN. TCP goes both ways: every host uploads to the server and the server sends to every
// host (connections opened from the far side). FlowMonitor measures each flow; the summary
// prints throughput, mean delay and losses per flow, and --flow-monitor and --db keep them.
//
//   ./sagin-lan-gateway --hosts=3 --duration=20 --flow-monitor=lan.xml --db=lan.db

#include "ns3/bulk-send-helper.h"
#include "ns3/csma-helper.h"
#include "ns3/double.h"
#include "ns3/example-command-line.h"
#include "ns3/example-options.h"
#include "ns3/flow-monitor-helper.h"
#include "ns3/ground-station-helper.h"
#include "ns3/gsl-attachment-policy.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-flow-classifier.h"
#include "ns3/ipv4-list-routing-helper.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/log.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/run-report.h"
#include "ns3/run-store.h"
#include "ns3/sagin-helper.h"
#include "ns3/sagin-routing-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <iomanip>
#include <iostream>
#include <sstream>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;

NS_LOG_COMPONENT_DEFINE("SaginLanGatewayExample");

namespace
{
/** TCP port of the server's sink (uploads) and of the hosts' sinks (downloads). */
constexpr uint16_t UPLOAD_PORT = 5001;
constexpr uint16_t DOWNLOAD_PORT = 5002; //!< on the hosts

/**
 * A CSMA LAN behind a station: the station and the hosts on one segment, the hosts with
 * static routing and a default route to the station.
 * \param station the station (Internet stack installed)
 * \param hosts the hosts (no Internet stack yet)
 * \param network the LAN's network address, /24
 * \param rate the LAN's data rate
 * \return the hosts' addresses
 */
Ipv4InterfaceContainer
BuildLan(Ptr<Node> station, NodeContainer hosts, const std::string& network, const DataRate& rate)
{
    InternetStackHelper hostStack;
    hostStack.SetRoutingHelper(Ipv4StaticRoutingHelper());
    hostStack.Install(hosts);
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(rate));
    csma.SetChannelAttribute("Delay", TimeValue(MicroSeconds(5)));
    NetDeviceContainer devices = csma.Install(NodeContainer(NodeContainer(station), hosts));
    Ipv4AddressHelper addresses(network.c_str(), "255.255.255.0");
    Ipv4InterfaceContainer interfaces = addresses.Assign(devices);
    Ipv4InterfaceContainer hostInterfaces;
    for (uint32_t i = 0; i < hosts.GetN(); ++i)
    {
        Ipv4StaticRoutingHelper()
            .GetStaticRouting(hosts.Get(i)->GetObject<Ipv4>())
            ->SetDefaultRoute(interfaces.GetAddress(0), 1);
        hostInterfaces.Add(interfaces.Get(i + 1));
    }
    return hostInterfaces;
}
} // namespace

int
main(int argc, char** argv)
{
    uint32_t planes = 72;
    uint32_t satsPerPlane = 22;
    double altitudeKm = 550;
    double inclinationDeg = 53;
    uint32_t phasing = 1;
    double minElevationDeg = 25;
    std::string clientSite = "Zurich:47.37:8.54";
    std::string serverSite = "NewYork:40.71:-74.01";
    uint32_t hosts = 3;
    DataRate lanRate("100Mbps");
    DataRate gslRate("100Mbps");
    double gslTxPowerDbm = 50;
    Time duration = Seconds(20);
    std::string flowMonitorFile;
    std::string db;
    bool test = false;

    ExampleCommandLine cmd(__FILE__);
    cmd.AddValue("planes", "Walker-delta shell: planes P", planes);
    cmd.AddValue("sats-per-plane", "Walker-delta shell: satellites per plane S", satsPerPlane);
    cmd.AddValue("altitude-km", "shell altitude (km)", altitudeKm);
    cmd.AddValue("inclination-deg", "shell inclination (degrees)", inclinationDeg);
    cmd.AddValue("phasing", "Walker phasing F in [0, P-1]", phasing);
    cmd.AddValue("min-elevation-deg", "lowest elevation a station uses (degrees)", minElevationDeg);
    cmd.AddValue("client-site", "the hosts' station 'name:lat:lon'", clientSite);
    cmd.AddValue("server-site", "the server's station 'name:lat:lon'", serverSite);
    cmd.AddValue("hosts", "hosts on the client LAN (1 to 250)", hosts);
    cmd.AddValue("lan-rate", "data rate of both CSMA LANs", lanRate);
    cmd.AddValue("gsl-rate", "highest rate of a GSL sub-channel (MaxRate)", gslRate);
    cmd.AddValue("gsl-tx-power-dbm", "ground and satellite EIRP on the GSL (dBm)", gslTxPowerDbm);
    cmd.AddValue("duration", "simulated time; the transfers run from 1 s on", duration);
    cmd.AddValue("flow-monitor", "write FlowMonitor statistics to this XML file", flowMonitorFile);
    cmd.AddValue("db", "SQLite run store to write (empty or none: none)", db);
    cmd.AddValue("test", "a small shell, two nearby cities, a few seconds", test);
    Ptr<RunStore> store;
    try
    {
        cmd.Parse(argc, argv);
        CheckWalkerShell(planes, satsPerPlane, phasing, altitudeKm, inclinationDeg);
        CheckAttribute("--min-elevation-deg",
                       HighestElevationAttachmentPolicy::GetTypeId(),
                       "MinElevation",
                       DoubleValue(minElevationDeg));
        CheckRange("--hosts", hosts, 1, 250, "hosts (a /24 LAN)");
        CheckRange("--lan-rate", lanRate, DataRate(1), MAX_OPTION_RATE);
        CheckRange("--gsl-rate", gslRate, DataRate(1), MAX_OPTION_RATE);
        CheckRange("--gsl-tx-power-dbm", gslTxPowerDbm, -100, 100, "dBm");
        CheckRange("--duration", duration, Seconds(2), Seconds(1e6));
        CheckOutputFile("--flow-monitor", flowMonitorFile);
        db = RunStoreFile(db);
        CheckOutputFile("--db", db);
        if (test)
        {
            planes = 12;
            satsPerPlane = 12;
            altitudeKm = 1000;
            minElevationDeg = 10;
            duration = std::min(duration, Seconds(5));
            if (serverSite == "NewYork:40.71:-74.01")
            {
                serverSite = "Madrid:40.42:-3.70";
            }
        }
        CheckShellMemory(planes, satsPerPlane, SATELLITE_NODE_BYTES, 2 + hosts + 1ULL, "--hosts");
        GroundStationHelper stationHelper;
        ForOption("--client-site", [&] { stationHelper.AddList(clientSite); });
        ForOption("--server-site", [&] { stationHelper.AddList(serverSite); });
        if (stationHelper.GetN() != 2)
        {
            throw std::invalid_argument("--client-site and --server-site name one station each "
                                        "('name:lat:lon'); they gave " +
                                        std::to_string(stationHelper.GetN()));
        }

        // The SAGIN: a Walker shell with +Grid ISLs, GSLs, SaginRouting; the stations route
        // the SAGIN's destinations first, then their LAN (connected routes).
        SaginHelper sagin;
        sagin.AddShell(CheckWalkerShell(planes, satsPerPlane, phasing, altitudeKm, inclinationDeg));
        sagin.AddGroundStations(stationHelper);
        sagin.Gsl().SetChannelAttribute("MaxRate", DataRateValue(gslRate));
        sagin.Gsl().SetGroundAttribute("TxPower", DoubleValue(gslTxPowerDbm));
        sagin.Gsl().SetSatelliteAttribute("TxPower", DoubleValue(gslTxPowerDbm));
        sagin.SetAttachmentPolicyAttribute("MinElevation", DoubleValue(minElevationDeg));
        Ipv4ListRoutingHelper list;
        list.Add(sagin.Routing(), 10);
        list.Add(Ipv4StaticRoutingHelper(), 0);
        sagin.SetStationRoutingHelper(list);
        SaginNetwork net = sagin.Install();
        const NodeContainer& stations = net.stations;
        SaginRoutingHelper& routing = net.routing;

        // The LANs, and their prefixes announced to the SAGIN.
        NodeContainer clients;
        clients.Create(hosts);
        NodeContainer server;
        server.Create(1);
        Ipv4InterfaceContainer clientIps =
            BuildLan(stations.Get(0), clients, "192.168.1.0", lanRate);
        Ipv4InterfaceContainer serverIp = BuildLan(stations.Get(1), server, "192.168.2.0", lanRate);
        const uint32_t announced =
            routing.AnnouncePrefixes(stations.Get(0)) + routing.AnnouncePrefixes(stations.Get(1));

        // TCP both ways: uploads to the server, downloads from it to every host.
        PacketSinkHelper uploadSink("ns3::TcpSocketFactory",
                                    InetSocketAddress(Ipv4Address::GetAny(), UPLOAD_PORT));
        uploadSink.Install(server);
        PacketSinkHelper downloadSink("ns3::TcpSocketFactory",
                                      InetSocketAddress(Ipv4Address::GetAny(), DOWNLOAD_PORT));
        downloadSink.Install(clients);
        ApplicationContainer senders;
        BulkSendHelper upload("ns3::TcpSocketFactory",
                              InetSocketAddress(serverIp.GetAddress(0), UPLOAD_PORT));
        senders.Add(upload.Install(clients));
        for (uint32_t i = 0; i < hosts; ++i)
        {
            BulkSendHelper download("ns3::TcpSocketFactory",
                                    InetSocketAddress(clientIps.GetAddress(i), DOWNLOAD_PORT));
            senders.Add(download.Install(server));
        }
        senders.Start(Seconds(1));
        senders.Stop(duration);

        FlowMonitorHelper flowHelper;
        Ptr<FlowMonitor> monitor = flowHelper.Install(NodeContainer(clients, server));
        Ptr<RunStore::Batch> rows;
        int64_t runId = 0;
        if (!db.empty())
        {
            store = CreateObject<RunStore>();
            store->SetAttribute("Path", StringValue(db));
            runId = store->BeginRun("sagin-lan-gateway",
                                    {{"planes", std::to_string(planes)},
                                     {"sats-per-plane", std::to_string(satsPerPlane)},
                                     {"altitude-km", std::to_string(altitudeKm)},
                                     {"inclination-deg", std::to_string(inclinationDeg)},
                                     {"phasing", std::to_string(phasing)},
                                     {"min-elevation-deg", std::to_string(minElevationDeg)},
                                     {"client-site", clientSite},
                                     {"server-site", serverSite},
                                     {"hosts", std::to_string(hosts)},
                                     {"lan-rate", OptionText(lanRate)},
                                     {"gsl-rate", OptionText(gslRate)},
                                     {"gsl-tx-power-dbm", std::to_string(gslTxPowerDbm)},
                                     {"duration", OptionText(duration)}});
            store->CreateTable("lan_flows",
                               "run_id INTEGER, source TEXT, destination TEXT, "
                               "rx_bytes INTEGER, throughput_bps REAL, mean_delay_s REAL, "
                               "lost_packets INTEGER");
            rows = store->Prepare("INSERT INTO lan_flows VALUES (?, ?, ?, ?, ?, ?, ?)");
        }

        Simulator::Stop(duration);
        RunReport report(NodeContainer::GetGlobal(), !test);
        NS_LOG_INFO("simulation starts");
        Simulator::Run();
        NS_LOG_INFO("simulation ends at " << Simulator::Now().As(Time::S));

        std::cout << announced << " prefixes announced; " << net.satellites.GetN()
                  << " satellites\n";
        auto classifier = DynamicCast<Ipv4FlowClassifier>(flowHelper.GetClassifier());
        std::cout << std::fixed << std::setprecision(3);
        uint32_t flowsWithData = 0;
        for (const auto& [id, stats] : monitor->GetFlowStats())
        {
            const Ipv4FlowClassifier::FiveTuple flow = classifier->FindFlow(id);
            if (flow.destinationPort != UPLOAD_PORT && flow.destinationPort != DOWNLOAD_PORT)
            {
                continue; // the acknowledgements' direction
            }
            const double seconds = duration.GetSeconds() - 1;
            const double throughput = 8.0 * stats.rxBytes / seconds;
            const double delay =
                stats.rxPackets ? stats.delaySum.GetSeconds() / stats.rxPackets : 0.0;
            std::ostringstream source;
            std::ostringstream destination;
            source << flow.sourceAddress;
            destination << flow.destinationAddress;
            std::cout << source.str() << " -> " << destination.str() << ": " << throughput / 1e6
                      << " Mbit/s, mean delay " << delay * 1e3 << " ms, " << stats.lostPackets
                      << " packets lost\n";
            flowsWithData += stats.rxBytes > 0 ? 1 : 0;
            if (rows)
            {
                rows->InsertRow(runId,
                                source.str(),
                                destination.str(),
                                static_cast<int64_t>(stats.rxBytes),
                                throughput,
                                delay,
                                static_cast<int64_t>(stats.lostPackets));
            }
        }
        std::cout << flowsWithData << " of " << 2 * hosts << " TCP flows delivered data\n";
        report.PrintDrops(std::cout);
        if (!flowMonitorFile.empty())
        {
            monitor->SerializeToXmlFile(flowMonitorFile, true, true);
            std::cout << "flow monitor: " << flowMonitorFile << "\n";
        }
        if (flowsWithData < 2 * hosts)
        {
            throw std::runtime_error(
                "some TCP flows delivered nothing: the stations had no path (check "
                "--min-elevation-deg, --gsl-tx-power-dbm and the shell)");
        }
        Simulator::Destroy();
        if (store)
        {
            rows = nullptr;
            store->EndRun();
            store->Close();
            std::cout << "run store: " << db << " (tables runs, lan_flows)\n";
        }
    }
    catch (const std::exception& e)
    {
        std::cerr << "sagin-lan-gateway: " << e.what() << std::endl;
        if (store)
        {
            store->FailRun(e.what());
        }
        return 1;
    }
    return 0;
}
