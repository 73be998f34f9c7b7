// SPDX-License-Identifier: GPL-2.0-only
//
// Prints, as CSV, the position and velocity of every satellite of a Walker constellation or a
// TLE file at given times: ECEF metres (what ns-3 sees) and, for TLEs, TEME kilometres as SGP4
// returns them; with --ground, also elevation, azimuth and slant range towards that point.
// The tool for checking the geometry:
//
//   ./sagin-orbit-trace --planes=6 --sats-per-plane=11 --altitude-km=550 --inclination-deg=53
//   ./sagin-orbit-trace --tle=starlink.tle --start=0 --step=1 --count=90 --ground=48.85,2.35,35
//
// Times are minutes since the simulation start; for a TLE file that is its earliest epoch
// unless --start-utc says otherwise, so for one TLE they are minutes since its epoch.

#include "ns3/constellation-helper.h"
#include "ns3/example-command-line.h"
#include "ns3/example-options.h"
#include "ns3/geodesy.h"
#include "ns3/log.h"
#include "ns3/look-angles.h"
#include "ns3/mobility-model.h"
#include "ns3/run-store.h"
#include "ns3/satellite-mobility-model.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tle-orbit.h"

#include <cstdio>
#include <functional>
#include <iostream>
#include <limits>
#include <sstream>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;

NS_LOG_COMPONENT_DEFINE("SaginOrbitTraceExample");

namespace
{

/**
 * Parse "lat,lon,alt" (degrees, degrees, metres).
 * \param text the option value
 * \return the position, validated
 */
GeodeticPosition
ParseGround(const std::string& text)
{
    GeodeticPosition p;
    char c1 = 0;
    char c2 = 0;
    std::istringstream in(text);
    in >> p.latitude >> c1 >> p.longitude >> c2 >> p.altitude;
    if (in.fail() || c1 != ',' || c2 != ',' || !in.eof())
    {
        throw std::invalid_argument("--ground='" + text +
                                    "' is not lat,lon,alt in degrees, degrees, metres, e.g. "
                                    "--ground=48.85,2.35,35");
    }
    ValidateGeodeticPosition(p, "--ground");
    return p;
}

/** Writes one CSV row (and one database row) per satellite at each sampling instant. */
class OrbitTracer
{
  public:
    /**
     * \param satellites the satellite nodes
     * \param hasGround whether look angles are wanted
     * \param ground the ground point
     * \param rows database rows, or nullptr
     * \param runId the run's id in the database
     */
    OrbitTracer(NodeContainer satellites,
                bool hasGround,
                GeodeticPosition ground,
                Ptr<RunStore::Batch> rows,
                int64_t runId)
        : m_satellites(satellites),
          m_hasGround(hasGround),
          m_ground(ground),
          m_rows(rows),
          m_runId(runId)
    {
    }

    /** Print the CSV header. */
    void PrintHeader() const
    {
        std::cout << "time_min,satellite,name,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps";
        if (m_hasGround)
        {
            std::cout << ",elevation_deg,azimuth_deg,range_m";
        }
        std::cout << ",tsince_min,teme_x_km,teme_y_km,teme_z_km,teme_vx_kmps,teme_vy_kmps,"
                     "teme_vz_kmps,sgp4_error\n";
    }

    /** Sample every satellite at Simulator::Now(). */
    void Sample()
    {
        const double minutes = Simulator::Now().GetSeconds() / 60.0;
        for (uint32_t i = 0; i < m_satellites.GetN(); ++i)
        {
            auto mobility = m_satellites.Get(i)->GetObject<SatelliteMobilityModel>();
            Ptr<TleOrbit> tle = DynamicCast<TleOrbit>(mobility->GetOrbit());
            std::string name = "walker-" + std::to_string(i);
            if (tle)
            {
                name = tle->GetTle().name.empty()
                           ? "catalog-" + std::to_string(tle->GetTle().catalogNumber)
                           : tle->GetTle().name;
            }
            Sgp4State teme;
            if (tle)
            {
                teme = tle->GetTemeState(Simulator::Now());
                if (teme.error != Sgp4Error::NONE)
                {
                    // A failed propagation has no position: report it instead of a made-up one.
                    std::printf("%.6f,%u,%s,,,,,,,%s%.6f,,,,,,,%d\n",
                                minutes,
                                i,
                                name.c_str(),
                                m_hasGround ? ",,," : "",
                                tle->GetMinutesSinceEpoch(Simulator::Now()),
                                static_cast<int>(teme.error));
                    continue;
                }
            }
            const Vector p = mobility->GetPosition();
            const Vector v = mobility->GetVelocity();
            std::printf("%.6f,%u,%s,%.3f,%.3f,%.3f,%.6f,%.6f,%.6f",
                        minutes,
                        i,
                        name.c_str(),
                        p.x,
                        p.y,
                        p.z,
                        v.x,
                        v.y,
                        v.z);
            LookAngles look;
            if (m_hasGround)
            {
                look = ComputeLookAngles(m_ground, p);
                std::printf(",%.6f,%.6f,%.3f", look.elevation, look.azimuth, look.range);
            }
            if (tle)
            {
                std::printf(",%.6f,%.8f,%.8f,%.8f,%.9f,%.9f,%.9f,0\n",
                            tle->GetMinutesSinceEpoch(Simulator::Now()),
                            teme.position[0],
                            teme.position[1],
                            teme.position[2],
                            teme.velocity[0],
                            teme.velocity[1],
                            teme.velocity[2]);
            }
            else
            {
                std::printf(",,,,,,,,\n");
            }
            if (m_rows)
            {
                // SQLite stores NaN as NULL: no look angles without a ground point.
                const double none = std::numeric_limits<double>::quiet_NaN();
                m_rows->InsertRow(m_runId,
                                  minutes * 60.0,
                                  i,
                                  name,
                                  p.x,
                                  p.y,
                                  p.z,
                                  v.x,
                                  v.y,
                                  v.z,
                                  m_hasGround ? look.elevation : none,
                                  m_hasGround ? look.azimuth : none,
                                  m_hasGround ? look.range : none);
            }
        }
    }

  private:
    NodeContainer m_satellites;  //!< what is traced
    bool m_hasGround;            //!< whether look angles are wanted
    GeodeticPosition m_ground;   //!< the ground point
    Ptr<RunStore::Batch> m_rows; //!< database rows, or nullptr
    int64_t m_runId;             //!< run id in the database
};

} // namespace

int
main(int argc, char** argv)
{
    std::string tleFile;
    std::string shells;
    uint32_t planes = 6;
    uint32_t satsPerPlane = 11;
    double altitudeKm = 550;
    double inclinationDeg = 53;
    uint32_t phasing = 1;
    bool star = false;
    double start = 0;
    double step = 1;
    uint32_t count = 10;
    std::string startUtc;
    std::string ground;
    std::string db;
    bool test = false;

    ExampleCommandLine cmd(__FILE__);
    cmd.AddValue("tle", "TLE file (2- or 3-line); replaces the Walker options", tleFile);
    cmd.AddValue("shells",
                 "Walker shells 'alt_km:inc_deg:planes:sats_per_plane:phasing[:star];...'; "
                 "replaces the single-shell options",
                 shells);
    cmd.AddValue("planes", "Walker shell: number of planes P", planes);
    cmd.AddValue("sats-per-plane", "Walker shell: satellites per plane S", satsPerPlane);
    cmd.AddValue("altitude-km", "Walker shell: altitude (km)", altitudeKm);
    cmd.AddValue("inclination-deg", "Walker shell: inclination (degrees)", inclinationDeg);
    cmd.AddValue("phasing", "Walker shell: phasing F in [0, P-1]", phasing);
    cmd.AddValue("star", "Walker shell: star pattern (RAAN over 180 degrees)", star);
    cmd.AddValue("start", "first sample (minutes since the simulation start, >= 0)", start);
    cmd.AddValue("step", "time between samples (minutes, >= 0.001)", step);
    cmd.AddValue("count", "number of samples (1 to 1000000)", count);
    cmd.AddValue("start-utc",
                 "TLE only: UTC instant of simulation time 0 (default: earliest epoch)",
                 startUtc);
    cmd.AddValue("ground",
                 "ground point lat,lon,alt (degrees, degrees, m) for look angles",
                 ground);
    cmd.AddValue("db", "SQLite run store to write (empty or none: none)", db);
    cmd.AddValue("test", "shrink to a few samples (run by the test suite)", test);

    Ptr<RunStore> store;
    try
    {
        cmd.Parse(argc, argv);
        // The CSV prints minutes to 6 decimals: a shorter step repeats rows.
        // ns-3's time ends at 9.2e9 s, 1.5e8 minutes.
        CheckRange("--start", start, 0, 1.5e8, "minutes");
        CheckRange("--step", step, 0.001, 1.5e8, "minutes");
        CheckRange("--count", count, 1, 1e6, "samples");
        CheckSimulationTime("--start + (--count - 1) x --step",
                            (start + (count - 1.0) * step) * 60);
        db = RunStoreFile(db);
        CheckOutputFile("--db", db);
        if (!startUtc.empty() && tleFile.empty())
        {
            throw std::invalid_argument("--start-utc='" + startUtc +
                                        "' sets the start of a --tle run; give --tle too, or "
                                        "drop --start-utc (Walker shells start at time 0)");
        }
        if (test)
        {
            count = std::min<uint32_t>(count, 3);
        }
        const bool hasGround = !ground.empty();
        const GeodeticPosition groundPoint = hasGround ? ParseGround(ground) : GeodeticPosition();

        ConstellationHelper helper;
        NodeContainer satellites;
        if (!tleFile.empty())
        {
            ForOption("--start-utc", [&] { helper.SetTleSimulationStart(startUtc); });
            satellites = ForOption("--tle", [&] { return helper.InstallTleFile(tleFile); });
        }
        else
        {
            std::vector<WalkerShell> walker;
            if (!shells.empty())
            {
                walker = ForOption("--shells", [&] { return ParseWalkerShells(shells); });
                double total = 0;
                for (const WalkerShell& shell : walker)
                {
                    total += static_cast<double>(shell.planes) * shell.satsPerPlane;
                }
                CheckMemory("--shells='" + shells + "' (" + std::to_string(uint64_t(total)) +
                                " satellites, 1 KiB each, measured)",
                            total * MOBILITY_NODE_BYTES,
                            "give smaller shells");
            }
            else
            {
                CheckShellMemory(planes, satsPerPlane, MOBILITY_NODE_BYTES);
                WalkerShell shell =
                    CheckWalkerShell(planes, satsPerPlane, phasing, altitudeKm, inclinationDeg);
                shell.pattern = star ? WalkerShell::STAR : WalkerShell::DELTA;
                walker.push_back(shell);
            }
            satellites = helper.Install(walker);
        }

        Ptr<RunStore::Batch> rows;
        int64_t runId = 0;
        if (!db.empty())
        {
            store = CreateObject<RunStore>();
            store->SetAttribute("Path", StringValue(db));
            store->Open();
            runId = store->BeginRun("sagin-orbit-trace",
                                    {{"tle", tleFile},
                                     {"shells", shells},
                                     {"planes", std::to_string(planes)},
                                     {"sats-per-plane", std::to_string(satsPerPlane)},
                                     {"altitude-km", std::to_string(altitudeKm)},
                                     {"inclination-deg", std::to_string(inclinationDeg)},
                                     {"phasing", std::to_string(phasing)},
                                     {"star", star ? "true" : "false"},
                                     {"start", std::to_string(start)},
                                     {"step", std::to_string(step)},
                                     {"count", std::to_string(count)},
                                     {"start-utc", startUtc},
                                     {"ground", ground}});
            store->CreateTable("orbit_trace",
                               "run_id INTEGER, time_s REAL, satellite INTEGER, name TEXT, "
                               "x_m REAL, y_m REAL, z_m REAL, vx_mps REAL, vy_mps REAL, "
                               "vz_mps REAL, elevation_deg REAL, azimuth_deg REAL, range_m REAL");
            rows = store->Prepare(
                "INSERT INTO orbit_trace VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        }

        OrbitTracer tracer(satellites, hasGround, groundPoint, rows, runId);
        tracer.PrintHeader();
        // One sampling event at a time: the event list does not grow with --count.
        uint32_t sampled = 0;
        std::function<void()> sample = [&]() {
            tracer.Sample();
            if (++sampled < count)
            {
                Simulator::Schedule(Seconds((start + sampled * step) * 60.0) - Simulator::Now(),
                                    sample);
            }
        };
        Simulator::Schedule(Seconds(start * 60.0), sample);
        NS_LOG_INFO("simulation starts");
        Simulator::Run();
        NS_LOG_INFO("simulation ends at " << Simulator::Now().As(Time::S));
        Simulator::Destroy();
        if (store)
        {
            rows = nullptr;
            store->EndRun();
            store->Close();
        }
    }
    catch (const std::exception& e)
    {
        std::cerr << "sagin-orbit-trace: " << e.what() << std::endl;
        if (store)
        {
            store->FailRun(e.what());
        }
        return 1;
    }
    return 0;
}
