// SPDX-License-Identifier: GPL-2.0-only
//
// The SAGIN quick start: a Walker-delta shell with inter-satellite links, ground stations,
// and UAVs that serve UEs in a rural service area (study C's UAV channel) and reach the
// constellation over ground-satellite links themselves. Traffic, all through ns-3's
// Internet stack and stock applications:
//   - every UE echoes a UDP packet off a server at the first station each --interval
//     (UE -> UAV -> satellite -> ISLs -> satellite -> station, and back),
//   - the stations ping each other (V4Ping),
//   - a TCP bulk transfer runs from the server to the first UE.
// Writes the run store (tables runs, rtts, packets), a gnuplot PNG of RTT over time, and
// with --netanim a NetAnim trace drawn on a world map.
//
//   ./sagin-quickstart --uavs=3 --ues=9 --duration=10 --db=quickstart.db
//       --netanim=quickstart-anim.xml

#include "ns3/bulk-send-helper.h"
#include "ns3/double.h"
#include "ns3/example-command-line.h"
#include "ns3/example-options.h"
#include "ns3/ground-station-helper.h"
#include "ns3/gsl-attachment-policy.h"
#include "ns3/log.h"
#include "ns3/names.h"
#include "ns3/netanim-map-projection.h"
#include "ns3/ns3-release-compat.h"
#include "ns3/packet-latency-tracer.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/packet-sink.h"
#include "ns3/plot-output.h"
#include "ns3/rtt-series.h"
#include "ns3/run-report.h"
#include "ns3/run-store.h"
#include "ns3/sagin-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/udp-echo-helper.h"
#include "ns3/uinteger.h"

#ifdef SAGIN_HAVE_NETANIM
#include "ns3/animation-interface.h"
#endif

#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;

NS_LOG_COMPONENT_DEFINE("SaginQuickstartExample");

namespace
{

/** Writes every RTT to its series and, if there is one, to the run store. */
struct RttRecorder
{
    Ptr<RunStore::Batch> rows; //!< INSERT INTO rtts, or null
    int64_t runId{0};          //!< the run

    /**
     * \param series where it belongs
     * \param rtt the round-trip time
     */
    void Record(RttSeries& series, Time rtt) const
    {
        series.Record(rtt);
        if (rows)
        {
            rows->InsertRow(runId,
                            series.GetKind(),
                            series.GetSource(),
                            series.GetDestination(),
                            Simulator::Now().GetSeconds(),
                            rtt.GetSeconds());
        }
    }
};

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
    DataRate islRate("10Gbps");
    DataRate gslRate("100Mbps");
    double gslTxPowerDbm = 50;
    const std::string defaultStations = "Paris:48.86:2.35;NewYork:40.71:-74.01;Tokyo:35.68:139.69";
    std::string stationsText = defaultStations;
    double areaLatitude = 45.0;
    double areaLongitude = 4.0;
    double areaSizeM = 2000;
    uint32_t uavs = 3;
    uint32_t ues = 9;
    double uavHeightM = 100;
    Time interval = MilliSeconds(500);
    Time duration = Seconds(10);
    std::string db;
    std::string plotPrefix = "sagin-quickstart";
    std::string netanim;
    uint64_t tcpBytes = 2'000'000;
    bool test = false;

    ExampleCommandLine cmd(__FILE__);
    cmd.AddValue("planes", "Walker-delta shell: planes P", planes);
    cmd.AddValue("sats-per-plane", "Walker-delta shell: satellites per plane S", satsPerPlane);
    cmd.AddValue("altitude-km", "shell altitude (km)", altitudeKm);
    cmd.AddValue("inclination-deg", "shell inclination (degrees)", inclinationDeg);
    cmd.AddValue("phasing", "Walker phasing F in [0, P-1]", phasing);
    cmd.AddValue("min-elevation-deg",
                 "lowest elevation a station or UAV uses towards a satellite (degrees)",
                 minElevationDeg);
    cmd.AddValue("isl-rate", "inter-satellite link data rate", islRate);
    cmd.AddValue("gsl-rate",
                 "cap of the ground-satellite rate (the link budget decides below)",
                 gslRate);
    cmd.AddValue("gsl-tx-power-dbm",
                 "station, UAV and satellite EIRP on the GSL (dBm)",
                 gslTxPowerDbm);
    cmd.AddValue("gs",
                 "ground stations 'name:lat:lon[:alt];...'; the first hosts the servers",
                 stationsText);
    cmd.AddValue("area-lat", "latitude of the UAV service area's centre (degrees)", areaLatitude);
    cmd.AddValue("area-lon", "longitude of the UAV service area's centre (degrees)", areaLongitude);
    cmd.AddValue("area-size-m", "side of the square UAV service area (m)", areaSizeM);
    cmd.AddValue("uavs", "UAVs serving the area (>= 1)", uavs);
    cmd.AddValue("ues", "UEs placed uniformly at random in the area (>= 1)", ues);
    cmd.AddValue("uav-height-m", "UAV flight height H (m); study C: 100 m", uavHeightM);
    cmd.AddValue("interval", "time between a UE's echoes and a station pair's pings", interval);
    cmd.AddValue("duration", "simulated time", duration);
    cmd.AddValue("tcp-bytes",
                 "size of the TCP transfer from the first station to the first UE (bytes)",
                 tcpBytes);
    cmd.AddValue("db", "SQLite run store to write (empty or none: none)", db);
    cmd.AddValue("plot-prefix", "file name prefix of the RTT plot", plotPrefix);
    cmd.AddValue("netanim",
                 "write a NetAnim trace to this XML file, nodes on a world map (degrees)",
                 netanim);
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
        CheckRange("--area-lat", areaLatitude, -90, 90, "degrees");
        CheckRange("--area-lon", areaLongitude, -180, 180, "degrees");
        CheckRange("--area-size-m", areaSizeM, 1, 1e6, "m");
        CheckRange("--uav-height-m", uavHeightM, 1, 1e5, "m");
        if (uavs == 0 || ues == 0)
        {
            throw std::invalid_argument("--uavs and --ues must be >= 1: the quick start needs a "
                                        "UAV to serve the UEs and a UE to send");
        }
        if (!(duration > Seconds(1)))
        {
            throw std::invalid_argument("--duration must be > 1 s: the traffic starts at 1 s");
        }
        CheckSimulationTime("--duration", duration.GetSeconds() + 1);
        CheckRange("--interval", interval, MilliSeconds(1), duration);
        // The echo client counts its packets in 32 bits.
        CheckRange("--duration / --interval",
                   (duration / interval).GetDouble(),
                   1,
                   4e9,
                   "echoes per UE");
        if (tcpBytes == 0)
        {
            throw std::invalid_argument("--tcp-bytes=0: give the size of the TCP transfer, at "
                                        "least 1 byte (ns-3's BulkSend would read 0 as no limit)");
        }
        db = RunStoreFile(db);
        CheckOutputFile("--db", db);
        CheckOutputFile("--netanim", netanim);
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
            areaLatitude = 46.0;
            areaLongitude = 2.0;
        }
        GroundStationHelper stationHelper;
        ForOption("--gs", [&] { stationHelper.AddList(stationsText); });
        if (stationHelper.GetN() < 1)
        {
            throw std::invalid_argument("--gs='" + stationsText +
                                        "' gives no ground station; the first station hosts the "
                                        "servers: give at least one, e.g. --gs=Paris:48.86:2.35");
        }
        CheckShellMemory(planes,
                         satsPerPlane,
                         SATELLITE_NODE_BYTES,
                         uint64_t(stationHelper.GetN()) + uavs + ues,
                         "--gs, --uavs, --ues");
        // The whole SAGIN in one call: the shell with +Grid ISLs, the stations, the UAVs over
        // the area (study C's walk and access channel) with their UEs; stations and UAVs
        // attach to the highest satellite.
        SaginHelper sagin;
        sagin.AddShell(CheckWalkerShell(planes, satsPerPlane, phasing, altitudeKm, inclinationDeg));
        sagin.AddGroundStations(stationHelper);
        UavCell cell;
        cell.centre = {areaLatitude, areaLongitude, 0.0};
        cell.side = areaSizeM;
        cell.uavs = uavs;
        cell.users = ues;
        sagin.AddUavCell(cell);
        sagin.UavMobility().SetMobilityAttribute("Height", DoubleValue(uavHeightM));
        sagin.Isl().SetDeviceAttribute("DataRate", DataRateValue(islRate));
        sagin.Gsl().SetChannelAttribute("MaxRate", DataRateValue(gslRate));
        sagin.Gsl().SetGroundAttribute("TxPower", DoubleValue(gslTxPowerDbm));
        sagin.Gsl().SetSatelliteAttribute("TxPower", DoubleValue(gslTxPowerDbm));
        sagin.SetAttachmentPolicyAttribute("MinElevation", DoubleValue(minElevationDeg));
        sagin.AssignStreams(1);
        SaginNetwork net = sagin.Install();
        const NodeContainer& satellites = net.satellites;
        const NodeContainer& stations = net.stations;
        const NodeContainer& uavNodes = net.uavs;
        const NodeContainer& ueNodes = net.users;
        const Ipv4InterfaceContainer& stationIps = net.stationAddresses;
        const Ipv4InterfaceContainer& ueIps = net.userAddresses;

        RttRecorder recorder;
        auto tracer = CreateObject<PacketLatencyTracer>();
        tracer->Install(NodeContainer(stations, ueNodes));
        if (!db.empty())
        {
            store = CreateObject<RunStore>();
            store->SetAttribute("Path", StringValue(db));
            recorder.runId =
                store->BeginRun("sagin-quickstart",
                                {{"planes", std::to_string(planes)},
                                 {"sats-per-plane", std::to_string(satsPerPlane)},
                                 {"altitude-km", std::to_string(altitudeKm)},
                                 {"inclination-deg", std::to_string(inclinationDeg)},
                                 {"phasing", std::to_string(phasing)},
                                 {"min-elevation-deg", std::to_string(minElevationDeg)},
                                 {"isl-rate", OptionText(islRate)},
                                 {"gsl-rate", OptionText(gslRate)},
                                 {"gs", stationsText},
                                 {"area-lat", std::to_string(areaLatitude)},
                                 {"area-lon", std::to_string(areaLongitude)},
                                 {"area-size-m", std::to_string(areaSizeM)},
                                 {"uavs", std::to_string(uavs)},
                                 {"ues", std::to_string(ues)},
                                 {"uav-height-m", std::to_string(uavHeightM)},
                                 {"interval", OptionText(interval)},
                                 {"duration", OptionText(duration)}});
            tracer->SetRunStore(store, recorder.runId);
            store->CreateTable("rtts",
                               "run_id INTEGER, kind TEXT, source TEXT, destination TEXT, "
                               "time_s REAL, rtt_s REAL");
            recorder.rows = store->Prepare("INSERT INTO rtts VALUES (?, ?, ?, ?, ?, ?)");
        }
        std::map<std::string, RttSeries> series; // by "source->destination"
        auto newSeries = [&series](const std::string& kind,
                                   const std::string& source,
                                   const std::string& destination) -> RttSeries& {
            RttSeries s(kind, source, destination);
            return series.emplace(s.GetName(), s).first->second;
        };

        // UEs echo off the server at the first station; the echo is the same packet (same
        // uid) coming back, so its round trip is the time between the two.
        const uint16_t echoPort = 7;
        UdpEchoServerHelper(echoPort).Install(stations.Get(0)).Start(Seconds(0));
        const std::string server = stationHelper.GetName(0);
        auto sentAt = std::make_shared<std::map<uint64_t, Time>>();
        for (uint32_t i = 0; i < ueNodes.GetN(); ++i)
        {
            UdpEchoClientHelper echo(stationIps.GetAddress(0), echoPort);
            echo.SetAttribute("Interval", TimeValue(interval));
            echo.SetAttribute(
                "MaxPackets",
                UintegerValue(static_cast<uint32_t>((duration / interval).GetHigh()) + 1));
            echo.SetAttribute("PacketSize", UintegerValue(512));
            ApplicationContainer app = echo.Install(ueNodes.Get(i));
            app.Start(Seconds(1));
            app.Stop(duration);
            RttSeries* s = &newSeries("udp-echo", Names::FindName(ueNodes.Get(i)), server);
            app.Get(0)->TraceConnectWithoutContext(
                "Tx",
                Callback<void, Ptr<const Packet>>(
                    [sentAt](Ptr<const Packet> p) { (*sentAt)[p->GetUid()] = Simulator::Now(); }));
            app.Get(0)->TraceConnectWithoutContext(
                "Rx",
                Callback<void, Ptr<const Packet>>([sentAt, s, &recorder](Ptr<const Packet> p) {
                    auto sent = sentAt->find(p->GetUid());
                    if (sent != sentAt->end())
                    {
                        recorder.Record(*s, Simulator::Now() - sent->second);
                        sentAt->erase(sent);
                    }
                }));
        }
        // The stations ping each other.
        for (uint32_t i = 0; i < stations.GetN(); ++i)
        {
            for (uint32_t j = 0; j < stations.GetN(); ++j)
            {
                if (i == j)
                {
                    continue;
                }
                RttSeries* s =
                    &newSeries("ping", stationHelper.GetName(i), stationHelper.GetName(j));
                InstallPing(
                    stations.Get(i),
                    stationIps.GetAddress(j),
                    interval,
                    Seconds(1),
                    duration,
                    Callback<void, Time>([s, &recorder](Time rtt) { recorder.Record(*s, rtt); }));
            }
        }
        // A TCP bulk transfer from the server to the first UE, across space and air.
        const uint16_t bulkPort = 5000;
        BulkSendHelper bulk("ns3::TcpSocketFactory",
                            InetSocketAddress(ueIps.GetAddress(0), bulkPort));
        bulk.SetAttribute("MaxBytes", UintegerValue(tcpBytes));
        ApplicationContainer bulkApp = bulk.Install(stations.Get(0));
        bulkApp.Start(Seconds(1));
        bulkApp.Stop(duration);
        ApplicationContainer sinkApp =
            PacketSinkHelper("ns3::TcpSocketFactory",
                             InetSocketAddress(Ipv4Address::GetAny(), bulkPort))
                .Install(ueNodes.Get(0));
        Time lastByte;
        sinkApp.Get(0)->TraceConnectWithoutContext(
            "Rx",
            Callback<void, Ptr<const Packet>, const Address&>(
                [&lastByte](Ptr<const Packet>, const Address&) { lastByte = Simulator::Now(); }));

#ifdef SAGIN_HAVE_NETANIM
        std::unique_ptr<AnimationInterface> animation;
        std::unique_ptr<NetAnimMapProjection> projection;
        if (!netanim.empty())
        {
            const Time poll = Seconds(0.25);
            animation = std::make_unique<AnimationInterface>(netanim);
            animation->SetMobilityPollInterval(poll);
            animation->SetMaxPktsPerTraceFile(10'000'000);
            // Sizes and colours by role (map units: degrees).
            auto style = [&animation](const NodeContainer& nodes,
                                      double size,
                                      uint8_t r,
                                      uint8_t g,
                                      uint8_t b,
                                      const std::function<std::string(uint32_t)>& name) {
                for (uint32_t i = 0; i < nodes.GetN(); ++i)
                {
                    animation->UpdateNodeSize(nodes.Get(i)->GetId(), size, size);
                    animation->UpdateNodeColor(nodes.Get(i), r, g, b);
                    animation->UpdateNodeDescription(nodes.Get(i), name(i));
                }
            };
            style(satellites, 1.0, 40, 90, 220, [](uint32_t i) {
                return "sat" + std::to_string(i);
            });
            style(stations, 2.0, 220, 30, 30, [&](uint32_t i) { return stationHelper.GetName(i); });
            style(uavNodes, 0.2, 30, 160, 30, [](uint32_t i) { return "uav" + std::to_string(i); });
            style(ueNodes, 0.1, 240, 150, 0, [&](uint32_t i) {
                return Names::FindName(ueNodes.Get(i));
            });
            projection = std::make_unique<NetAnimMapProjection>(poll);
        }
#else
        if (!netanim.empty())
        {
            throw std::invalid_argument("--netanim: this build has no ns-3 netanim module; "
                                        "enable it (./ns3 configure --enable-modules=...;netanim) "
                                        "or build standalone against Debian's ns-3");
        }
#endif

        Simulator::Stop(duration + Seconds(1));
        RunReport report(NodeContainer::GetGlobal(), !test);
        NS_LOG_INFO("simulation starts");
        Simulator::Run();
        NS_LOG_INFO("simulation ends at " << Simulator::Now().As(Time::S));

        std::cout << std::fixed << std::setprecision(3);
        std::cout << satellites.GetN() << " satellites, " << stations.GetN() << " stations, "
                  << uavs << " UAVs, " << ues << " UEs, " << duration.GetSeconds() + 1
                  << " simulated s\n";
        Gnuplot plot;
        plot.SetTitle("Round-trip times across " + std::to_string(satellites.GetN()) +
                      " satellites and " + std::to_string(uavs) + " UAVs");
        plot.SetLegend("time (s)", "RTT (ms)");
        for (const auto& [name, s] : series)
        {
            s.Report(std::cout, plot);
        }
        const uint64_t bulkBytes = DynamicCast<PacketSink>(sinkApp.Get(0))->GetTotalRx();
        std::cout << "TCP " << server << "->" << Names::FindName(ueNodes.Get(0)) << ": "
                  << bulkBytes << " of " << tcpBytes << " bytes";
        if (bulkBytes > 0)
        {
            std::cout << ", last at " << lastByte.GetSeconds() << " s ("
                      << bulkBytes * 8 / (lastByte.GetSeconds() - 1) / 1e6 << " Mbit/s)";
        }
        std::cout << "\n";
        std::cout << tracer->GetRecordCount() << " packets traced\n";
        report.PrintDrops(std::cout);
        const bool png = WriteGnuplotPng(plot, plotPrefix + "-rtt");
#ifdef SAGIN_HAVE_NETANIM
        if (animation)
        {
            animation = nullptr; // closes the file
            std::cout << "NetAnim: " << netanim << " (" << projection->Rewrite(netanim)
                      << " positions on the world map)\n";
        }
#endif
        Simulator::Destroy();
        // Before the run ends, so that the run store records the failure.
        uint32_t echoed = 0;
        for (const auto& [name, s] : series)
        {
            echoed += s.GetKind() == "udp-echo" ? s.GetReplies() : 0;
        }
        if (echoed == 0)
        {
            throw std::runtime_error("no UE echo came back: the UEs had no path to '" + server +
                                     "' (check --min-elevation-deg, the shell and the area)");
        }
        if (store)
        {
            recorder.rows = nullptr;
            tracer = nullptr;
            store->EndRun();
            store->Close();
            std::cout << "run store: " << db << " (tables runs, rtts, packets)\n";
        }
        std::cout << "plot: " << plotPrefix << "-rtt." << (png ? "png" : "plt") << "\n";
    }
    catch (const std::exception& e)
    {
        std::cerr << "sagin-quickstart: " << e.what() << std::endl;
        if (store)
        {
            store->FailRun(e.what());
        }
        return 1;
    }
    return 0;
}
