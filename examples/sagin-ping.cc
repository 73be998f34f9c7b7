// SPDX-License-Identifier: GPL-2.0-only
//
// Pings between ground stations across a Walker-delta shell: ISLs in +Grid, ground-satellite
// links with attachment and handover, SaginRouting over the moving topology, ns-3's V4Ping
// between every pair of stations. Writes the run, every ping's RTT and every packet's one-way
// latency and path to the SQLite run store, and a gnuplot PNG of RTT over time per pair.
//
//   ./sagin-ping --planes=72 --sats-per-plane=22 --altitude-km=550 --inclination-deg=53
//       --gs="Paris:48.86:2.35;NewYork:40.71:-74.01" --interval=1 --duration=20 --db=ping.db

#include "ns3/constellation-presets.h"
#include "ns3/double.h"
#include "ns3/example-command-line.h"
#include "ns3/example-options.h"
#include "ns3/flow-monitor-helper.h"
#include "ns3/ground-station-helper.h"
#include "ns3/gsl-attachment-policy.h"
#include "ns3/gsl-net-device.h"
#include "ns3/log.h"
#include "ns3/ns3-release-compat.h"
#include "ns3/on-off-helper.h"
#include "ns3/packet-latency-tracer.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/plot-output.h"
#include "ns3/rtt-series.h"
#include "ns3/run-report.h"
#include "ns3/run-store.h"
#include "ns3/sagin-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <cctype>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;

NS_LOG_COMPONENT_DEFINE("SaginPingExample");

int
main(int argc, char** argv)
{
    uint32_t planes = 72;
    uint32_t satsPerPlane = 22;
    double altitudeKm = 550;
    double inclinationDeg = 53;
    uint32_t phasing = 1;
    double minElevationDeg = 25;
    DataRate islRate("10Gbps");
    DataRate gslRate("100Mbps");
    double gslTxPowerDbm = 50;
    const std::string defaultStations = "Paris:48.86:2.35;NewYork:40.71:-74.01;Tokyo:35.68:139.69";
    std::string stationsText = defaultStations;
    std::string stationsCsv;
    Time interval = Seconds(1);
    Time duration = Seconds(20);
    Time routingInterval = MilliSeconds(100);
    std::string db;
    std::string plotPrefix = "sagin-ping";
    std::string attachmentPolicy = "ns3::sagin::HighestElevationAttachmentPolicy";
    uint32_t subChannels = 8;
    DataRate udpRate(0);
    std::string flowMonitorFile;
    std::string pcapPrefix;
    bool test = false;

    ExampleCommandLine cmd(__FILE__);
    std::string preset;
    cmd.AddValue("constellation",
                 "a published constellation instead of the shell options: kuiper, starlink, "
                 "starlink-shell1 or telesat (constellation-presets.h cites them)",
                 preset);
    cmd.AddValue("planes", "Walker-delta shell: planes P", planes);
    cmd.AddValue("sats-per-plane", "Walker-delta shell: satellites per plane S", satsPerPlane);
    cmd.AddValue("altitude-km", "shell altitude (km)", altitudeKm);
    cmd.AddValue("inclination-deg", "shell inclination (degrees)", inclinationDeg);
    cmd.AddValue("phasing", "Walker phasing F in [0, P-1]", phasing);
    cmd.AddValue("min-elevation-deg", "lowest elevation a station uses (degrees)", minElevationDeg);
    cmd.AddValue("isl-rate", "inter-satellite link data rate", islRate);
    cmd.AddValue("gsl-rate",
                 "cap of the ground-satellite rate (the link budget decides below)",
                 gslRate);
    cmd.AddValue("gsl-tx-power-dbm", "ground and satellite EIRP on the GSL (dBm)", gslTxPowerDbm);
    cmd.AddValue("gs", "ground stations 'name:lat:lon[:alt];...'", stationsText);
    cmd.AddValue("gs-csv",
                 "ground stations CSV (name,latitude,longitude,altitude); replaces --gs",
                 stationsCsv);
    cmd.AddValue("interval", "time between pings of a pair", interval);
    cmd.AddValue("duration", "simulated time", duration);
    cmd.AddValue("routing-interval", "routing recomputation interval", routingInterval);
    cmd.AddValue("db", "SQLite run store to write (empty or none: none)", db);
    cmd.AddValue("plot-prefix", "file name prefix of the RTT plot", plotPrefix);
    cmd.AddValue("attachment-policy",
                 "TypeId of the GslAttachmentPolicy the stations use "
                 "(ns3::sagin::HighestElevationAttachmentPolicy keeps a satellite until it "
                 "sets, ns3::sagin::GreedyElevationAttachmentPolicy always takes the highest, "
                 "ns3::sagin::AllInViewAttachmentPolicy uses every usable satellite and routing "
                 "picks)",
                 attachmentPolicy);
    Time attachmentInterval = Seconds(1);
    cmd.AddValue("attachment-interval",
                 "time between the stations' attachment decisions, taken by all at once at "
                 "multiples of it (15s with the greedy policy: Starlink's global "
                 "reconfiguration)",
                 attachmentInterval);
    cmd.AddValue("sub-channels", "OFDMA sub-channels of the GSL (>= 1)", subChannels);
    cmd.AddValue("udp-rate",
                 "also a UDP flow from the first station to the second at this rate (0 = "
                 "none); FlowMonitor classifies UDP and TCP, not ICMP pings",
                 udpRate);
    cmd.AddValue("flow-monitor",
                 "write ns-3 FlowMonitor statistics to this XML file",
                 flowMonitorFile);
    cmd.AddValue("pcap",
                 "write pcap files of the stations' GSL devices with this prefix",
                 pcapPrefix);
    cmd.AddValue("test", "a small shell and a few seconds (run by the test suite)", test);
    Ptr<RunStore> store;
    try
    {
        cmd.Parse(argc, argv);
        // The values given, checked before --test replaces some of them.
        CheckWalkerShell(planes, satsPerPlane, phasing, altitudeKm, inclinationDeg);
        CheckAttribute("--min-elevation-deg",
                       HighestElevationAttachmentPolicy::GetTypeId(),
                       "MinElevation",
                       DoubleValue(minElevationDeg));
        CheckRange("--isl-rate", islRate, DataRate(1), MAX_OPTION_RATE);
        CheckRange("--gsl-rate", gslRate, DataRate(1), MAX_OPTION_RATE);
        CheckRange("--gsl-tx-power-dbm", gslTxPowerDbm, -100, 100, "dBm");
        if (!(duration > Seconds(1)))
        {
            throw std::invalid_argument("--duration must be > 1 s: the pings start at 1 s");
        }
        CheckSimulationTime("--duration", duration.GetSeconds() + 1);
        CheckRange("--interval", interval, MilliSeconds(1), duration);
        CheckRange("--routing-interval", routingInterval, MilliSeconds(1), Hours(1));
        CheckRange("--attachment-interval", attachmentInterval, MilliSeconds(1), Hours(1));
        CheckRange("--udp-rate", udpRate, DataRate(0), DataRate("10Gbps"));
        if (subChannels == 0)
        {
            throw std::invalid_argument("--sub-channels=0: a GSL needs at least one sub-channel");
        }
        db = RunStoreFile(db);
        CheckOutputFile("--db", db);
        CheckOutputFile("--flow-monitor", flowMonitorFile);
        CheckOutputPrefix("--pcap", pcapPrefix);
        CheckOutputPrefix("--plot-prefix", plotPrefix);
        if (test)
        {
            planes = 12;
            satsPerPlane = 12;
            altitudeKm = 1000;
            minElevationDeg = 10;
            duration = std::min(duration, Seconds(4));
            if (stationsText == defaultStations)
            {
                stationsText = "Paris:48.86:2.35;Madrid:40.42:-3.70";
            }
        }
        TypeId policyType;
        if (!TypeId::LookupByNameFailSafe(attachmentPolicy, &policyType) ||
            !policyType.IsChildOf(GslAttachmentPolicy::GetTypeId()) || !policyType.HasConstructor())
        {
            throw std::invalid_argument(
                "--attachment-policy='" + attachmentPolicy +
                "' is not a GslAttachmentPolicy TypeId (a subclass with a constructor); use "
                "ns3::sagin::HighestElevationAttachmentPolicy, "
                "ns3::sagin::GreedyElevationAttachmentPolicy or another subclass of "
                "ns3::sagin::GslAttachmentPolicy");
        }
        GroundStationHelper stations;
        if (!stationsCsv.empty())
        {
            ForOption("--gs-csv", [&] { stations.ReadFile(stationsCsv); });
        }
        else
        {
            ForOption("--gs", [&] { stations.AddList(stationsText); });
        }
        if (stations.GetN() < 2)
        {
            throw std::invalid_argument(
                (stationsCsv.empty() ? "--gs='" + stationsText : "--gs-csv='" + stationsCsv) +
                "' gives " + std::to_string(stations.GetN()) +
                " ground station(s); the pings need at least two ground stations, e.g. "
                "--gs=\"Paris:48.86:2.35;Madrid:40.42:-3.70\"");
        }
        SaginHelper sagin;
        std::vector<WalkerShell> shells;
        if (preset.empty())
        {
            shells.push_back(
                CheckWalkerShell(planes, satsPerPlane, phasing, altitudeKm, inclinationDeg));
        }
        else
        {
            shells = ForOption("--constellation", [&] { return GetConstellationPreset(preset); });
        }
        uint64_t total = 0;
        for (const auto& shell : shells)
        {
            total += shell.GetTotal();
        }
        if (preset.empty())
        {
            CheckShellMemory(planes, satsPerPlane, SATELLITE_NODE_BYTES, stations.GetN(), "--gs");
        }
        else
        {
            CheckShellMemory(total,
                             1,
                             SATELLITE_NODE_BYTES,
                             stations.GetN(),
                             "--gs",
                             "--constellation=" + preset);
        }
        sagin.AddShells(shells);
        sagin.AddGroundStations(stations);
        sagin.Isl().SetDeviceAttribute("DataRate", DataRateValue(islRate));
        sagin.Gsl().SetChannelAttribute("MaxRate", DataRateValue(gslRate));
        sagin.Gsl().SetChannelAttribute("SubChannels", UintegerValue(subChannels));
        sagin.Gsl().SetGroundAttribute("TxPower", DoubleValue(gslTxPowerDbm));
        sagin.Gsl().SetSatelliteAttribute("TxPower", DoubleValue(gslTxPowerDbm));
        sagin.Gsl().SetGroundAttribute("AttachmentInterval", TimeValue(attachmentInterval));
        sagin.SetAttachmentPolicy(attachmentPolicy);
        TypeId::AttributeInformation minElevation;
        if (policyType.LookupAttributeByName("MinElevation", &minElevation))
        {
            sagin.SetAttachmentPolicyAttribute("MinElevation", DoubleValue(minElevationDeg));
        }
        sagin.Routing().SetManagerAttribute("Interval", TimeValue(routingInterval));
        SaginNetwork net = sagin.Install();
        const NodeContainer& satellites = net.satellites;
        const NodeContainer& ground = net.stations;
        const NetDeviceContainer& groundGsl = net.stationGsl;
        const Ipv4InterfaceContainer& groundIps = net.stationAddresses;
        std::cout << "constellation: " << (preset.empty() ? "one shell" : preset) << ", "
                  << satellites.GetN() << " satellites in " << shells.size() << " shell(s)\n";

        Ptr<RunStore::Batch> rttRows;
        int64_t runId = 0;
        auto tracer = CreateObject<PacketLatencyTracer>();
        tracer->Install(ground);
        if (!db.empty())
        {
            store = CreateObject<RunStore>();
            store->SetAttribute("Path", StringValue(db));
            runId = store->BeginRun("sagin-ping",
                                    {{"constellation", preset},
                                     {"planes", std::to_string(planes)},
                                     {"sats-per-plane", std::to_string(satsPerPlane)},
                                     {"altitude-km", std::to_string(altitudeKm)},
                                     {"inclination-deg", std::to_string(inclinationDeg)},
                                     {"phasing", std::to_string(phasing)},
                                     {"min-elevation-deg", std::to_string(minElevationDeg)},
                                     {"isl-rate", OptionText(islRate)},
                                     {"gsl-rate", OptionText(gslRate)},
                                     {"gsl-tx-power-dbm", std::to_string(gslTxPowerDbm)},
                                     {"gs", stationsCsv.empty() ? stationsText : stationsCsv},
                                     {"interval", OptionText(interval)},
                                     {"duration", OptionText(duration)},
                                     {"routing-interval", OptionText(routingInterval)},
                                     {"attachment-policy", attachmentPolicy},
                                     {"attachment-interval", OptionText(attachmentInterval)},
                                     {"sub-channels", std::to_string(subChannels)}});
            tracer->SetRunStore(store, runId);
            store->CreateTable("pings",
                               "run_id INTEGER, source TEXT, destination TEXT, time_s REAL, "
                               "rtt_s REAL");
            rttRows = store->Prepare("INSERT INTO pings VALUES (?, ?, ?, ?, ?)");
        }

        // Every ordered pair pings, so each direction's path shows.
        std::map<std::pair<uint32_t, uint32_t>, RttSeries> pairs;
        for (uint32_t i = 0; i < ground.GetN(); ++i)
        {
            for (uint32_t j = 0; j < ground.GetN(); ++j)
            {
                if (i == j)
                {
                    continue;
                }
                const std::string from = stations.GetName(i);
                const std::string to = stations.GetName(j);
                RttSeries& pair =
                    pairs.emplace(std::make_pair(i, j), RttSeries("", from, to)).first->second;
                InstallPing(ground.Get(i),
                            groundIps.GetAddress(j),
                            interval,
                            Seconds(1),
                            duration,
                            Callback<void, Time>([&pair, rttRows, runId, from, to](Time rtt) {
                                pair.Record(rtt);
                                if (rttRows)
                                {
                                    rttRows->InsertRow(runId,
                                                       from,
                                                       to,
                                                       Simulator::Now().GetSeconds(),
                                                       rtt.GetSeconds());
                                }
                            }));
            }
        }

        // Handovers per station (leaving a satellite), for the summary.
        std::vector<uint32_t> handovers(ground.GetN(), 0);
        for (uint32_t i = 0; i < ground.GetN(); ++i)
        {
            groundGsl.Get(i)->TraceConnectWithoutContext(
                "Handover",
                Callback<void, Ptr<GslNetDevice>, Ptr<GslNetDevice>, Ptr<GslNetDevice>>(
                    [&handovers, i](Ptr<GslNetDevice>, Ptr<GslNetDevice> from, Ptr<GslNetDevice>) {
                        handovers[i] += from ? 1 : 0;
                    }));
        }

        if (udpRate.GetBitRate() > 0)
        {
            OnOffHelper udp("ns3::UdpSocketFactory", InetSocketAddress(groundIps.GetAddress(1), 9));
            udp.SetConstantRate(udpRate, 500);
            ApplicationContainer flow = udp.Install(ground.Get(0));
            flow.Start(Seconds(1));
            flow.Stop(duration);
            PacketSinkHelper("ns3::UdpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 9))
                .Install(ground.Get(1));
        }
        FlowMonitorHelper flowMonitorHelper;
        Ptr<FlowMonitor> flowMonitor;
        if (!flowMonitorFile.empty())
        {
            flowMonitor = flowMonitorHelper.Install(ground);
        }
        if (!pcapPrefix.empty())
        {
            GslHelper().EnablePcap(pcapPrefix, groundGsl);
        }

        Simulator::Stop(duration + Seconds(1));
        RunReport report(NodeContainer::GetGlobal(), !test);
        NS_LOG_INFO("simulation starts");
        Simulator::Run();
        NS_LOG_INFO("simulation ends at " << Simulator::Now().As(Time::S));

        Gnuplot plot;
        plot.SetTitle("RTT between ground stations over " + std::to_string(satellites.GetN()) +
                      " satellites");
        plot.SetLegend("time (s)", "RTT (ms)");
        std::cout << std::fixed << std::setprecision(3);
        uint32_t answered = 0; // pairs with at least one reply
        for (const auto& [key, pair] : pairs)
        {
            pair.Report(std::cout, plot);
            answered += pair.GetReplies() > 0;
        }
        for (uint32_t i = 0; i < ground.GetN(); ++i)
        {
            auto device = DynamicCast<GslNetDevice>(groundGsl.Get(i));
            Ptr<GslNetDevice> satellite = device->GetAttachedSatellite();
            std::cout << stations.GetName(i) << ": " << handovers[i] << " handovers, ";
            if (satellite)
            {
                std::cout << "on satellite " << satellite->GetNode()->GetId() << " sub-channel "
                          << device->GetSubChannel();
                if (const auto more = device->GetAttachedSatellites().size() - 1)
                {
                    std::cout << " and " << more << " more satellites";
                }
                std::cout << "\n";
            }
            else
            {
                std::cout << "no satellite\n";
            }
        }
        std::cout << tracer->GetRecordCount() << " packets traced\n";
        report.PrintDrops(std::cout);
        if (flowMonitor)
        {
            flowMonitor->SerializeToXmlFile(flowMonitorFile, true, true);
            uint64_t received = 0;
            for (const auto& [id, stats] : flowMonitor->GetFlowStats())
            {
                received += stats.rxPackets;
            }
            std::cout << "flow monitor: " << flowMonitorFile << " ("
                      << flowMonitor->GetFlowStats().size() << " flows, " << received
                      << " packets received)\n";
            if (udpRate.GetBitRate() > 0 && received == 0)
            {
                throw std::runtime_error("FlowMonitor saw no UDP packet arrive; the stations "
                                         "had no path (check --min-elevation-deg and the shell)");
            }
        }
        const bool png = WriteGnuplotPng(plot, plotPrefix + "-rtt");
        Simulator::Destroy();
        // Before the run ends, so that the run store records the failure.
        if (answered == 0)
        {
            throw std::runtime_error("no ping was answered: the stations had no path to each "
                                     "other (check --min-elevation-deg, --gsl-rate, "
                                     "--gsl-tx-power-dbm and the shell)");
        }
        if (store)
        {
            rttRows = nullptr;
            tracer = nullptr;
            store->EndRun();
            store->Close();
            std::cout << "run store: " << db << " (tables runs, pings, packets)\n";
        }
        std::cout << "plot: " << plotPrefix << "-rtt." << (png ? "png" : "plt") << "\n";
    }
    catch (const std::exception& e)
    {
        std::cerr << "sagin-ping: " << e.what() << std::endl;
        if (store)
        {
            store->FailRun(e.what());
        }
        return 1;
    }
    return 0;
}
