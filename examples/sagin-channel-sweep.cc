// SPDX-License-Identifier: GPL-2.0-only
//
// Sweeps the three studies' channel models over geometry, like ns-3's
// main-propagation-loss example: loss versus elevation for the satellite links (study A's
// LoS/NLoS model in each environment, study B's multi-beam link) and versus horizontal
// distance for study C's UAV link, clear and blocked. Writes CSV to stdout, the table
// channel_sweep to the run store (--db) and gnuplot scripts (rendered to PNG when gnuplot is
// installed).
//
//   ./sagin-channel-sweep --altitude-km=550 --frequency-hz=2e9 --db=channels.db

#include "ns3/constant-position-mobility-model.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/example-command-line.h"
#include "ns3/example-options.h"
#include "ns3/geodesy.h"
#include "ns3/gnuplot.h"
#include "ns3/log.h"
#include "ns3/multi-beam-satellite-propagation-loss-model.h"
#include "ns3/plot-output.h"
#include "ns3/run-store.h"
#include "ns3/satellite-los-nlos-propagation-loss-model.h"
#include "ns3/string.h"
#include "ns3/uav-air-to-ground-propagation-loss-model.h"

#include <cmath>
#include <iostream>
#include <sstream>

using namespace ns3;
using namespace ns3::sagin;

NS_LOG_COMPONENT_DEFINE("SaginChannelSweepExample");

namespace
{

/**
 * \param position ECEF (m)
 * \return a fixed mobility model there
 */
Ptr<MobilityModel>
At(const Vector& position)
{
    auto m = CreateObject<ConstantPositionMobilityModel>();
    m->SetPosition(position);
    return m;
}

/**
 * A satellite at the given altitude and elevation, due east of a ground point at latitude and
 * longitude 0 (in the equatorial plane, where the ellipsoid is a circle of radius a).
 * \param altitude (m)
 * \param elevation (degrees)
 * \return ECEF position (m)
 */
Vector
SatelliteAtElevation(double altitude, double elevation)
{
    const double a = WGS84_SEMI_MAJOR_AXIS;
    const double e = elevation * M_PI / 180.0;
    const double d = -a * std::sin(e) + std::sqrt(std::pow(a * std::sin(e), 2) +
                                                  altitude * altitude + 2.0 * a * altitude);
    return Vector(a + d * std::sin(e), d * std::cos(e), 0.0);
}

/** Collects one curve: CSV row, database row and gnuplot point per sample. */
class Sweep
{
  public:
    /**
     * \param rows database rows, or nullptr
     * \param runId run id
     */
    Sweep(Ptr<RunStore::Batch> rows, int64_t runId)
        : m_rows(rows),
          m_runId(runId)
    {
    }

    /**
     * \param dataset the curve's gnuplot data
     * \param curve curve name
     * \param x abscissa (degrees or m)
     * \param lossDb loss (dB)
     */
    void Add(Gnuplot2dDataset& dataset, const std::string& curve, double x, double lossDb)
    {
        std::cout << curve << "," << x << "," << lossDb << "\n";
        dataset.Add(x, lossDb);
        if (m_rows)
        {
            m_rows->InsertRow(m_runId, curve, x, lossDb);
        }
    }

  private:
    Ptr<RunStore::Batch> m_rows; //!< database rows, or nullptr
    int64_t m_runId;             //!< run id
};

} // namespace

int
main(int argc, char** argv)
{
    double altitudeKm = 550;
    double frequencyHz = 2e9;
    double uavHeight = 100;
    double elevationStep = 1;
    std::string db;
    std::string plotPrefix = "sagin-channel-sweep";
    bool test = false;

    ExampleCommandLine cmd(__FILE__);
    cmd.AddValue("altitude-km", "satellite altitude (km)", altitudeKm);
    cmd.AddValue("frequency-hz", "carrier of the satellite links (Hz)", frequencyHz);
    cmd.AddValue("uav-height", "UAV height above the UE (m)", uavHeight);
    cmd.AddValue("elevation-step", "elevation step (degrees, 0.01 to 80)", elevationStep);
    cmd.AddValue("db", "SQLite run store to write (empty or none: none)", db);
    cmd.AddValue("plot-prefix", "file name prefix of the gnuplot scripts and PNGs", plotPrefix);
    cmd.AddValue("test", "coarse sweep (run by the test suite)", test);
    Ptr<RunStore> store;
    try
    {
        cmd.Parse(argc, argv);
        CheckRange("--altitude-km", altitudeKm, 0.001, 1e5, "km");
        CheckAttribute("--frequency-hz",
                       SatelliteLosNlosPropagationLossModel::GetTypeId(),
                       "Frequency",
                       DoubleValue(frequencyHz));
        CheckAttribute("--frequency-hz",
                       MultiBeamSatellitePropagationLossModel::GetTypeId(),
                       "Frequency",
                       DoubleValue(frequencyHz));
        CheckRange("--uav-height", uavHeight, 0.001, 1e5, "m");
        // 80 / step samples per curve: below 0.01 degrees the rows repeat each other.
        CheckRange("--elevation-step", elevationStep, 0.01, 80, "degrees");
        db = RunStoreFile(db);
        CheckOutputFile("--db", db);
        CheckOutputPrefix("--plot-prefix", plotPrefix);
        if (test)
        {
            elevationStep = 20;
        }
        Ptr<RunStore::Batch> rows;
        int64_t runId = 0;
        if (!db.empty())
        {
            store = CreateObject<RunStore>();
            store->SetAttribute("Path", StringValue(db));
            runId = store->BeginRun("sagin-channel-sweep",
                                    {{"altitude-km", std::to_string(altitudeKm)},
                                     {"frequency-hz", std::to_string(frequencyHz)},
                                     {"uav-height", std::to_string(uavHeight)},
                                     {"elevation-step", std::to_string(elevationStep)}});
            store->CreateTable("channel_sweep", "run_id INTEGER, curve TEXT, x REAL, loss_db REAL");
            rows = store->Prepare("INSERT INTO channel_sweep VALUES (?, ?, ?, ?)");
        }
        Sweep sweep(rows, runId);
        std::cout << "curve,x,loss_db\n";

        // Satellite links versus elevation.
        Gnuplot satellitePlot;
        satellitePlot.SetTitle("Ground-satellite loss at " + std::to_string(int(altitudeKm)) +
                               " km, " + std::to_string(frequencyHz / 1e9) + " GHz");
        satellitePlot.SetLegend("elevation (degrees)", "loss (dB)");
        Ptr<MobilityModel> ground = At(Vector(WGS84_SEMI_MAJOR_AXIS, 0, 0));
        const std::pair<SatelliteLosNlosPropagationLossModel::Environment, std::string>
            environments[] = {{SatelliteLosNlosPropagationLossModel::SUBURBAN, "A-suburban"},
                              {SatelliteLosNlosPropagationLossModel::URBAN, "A-urban"},
                              {SatelliteLosNlosPropagationLossModel::DENSE_URBAN, "A-dense-urban"},
                              {SatelliteLosNlosPropagationLossModel::HIGH_RISE, "A-high-rise"}};
        for (const auto& [environment, name] : environments)
        {
            auto model = CreateObject<SatelliteLosNlosPropagationLossModel>();
            model->SetAttribute("Frequency", DoubleValue(frequencyHz));
            model->SetAttribute("Environment", EnumValue(environment));
            Gnuplot2dDataset data(name + " (mean)");
            data.SetStyle(Gnuplot2dDataset::LINES);
            for (double e = 10; e <= 90 + 1e-9; e += elevationStep)
            {
                const double range = CalculateDistance(ground->GetPosition(),
                                                       SatelliteAtElevation(altitudeKm * 1e3, e));
                sweep.Add(data, name, e, model->GetMeanLoss(range, e));
            }
            satellitePlot.AddDataset(data);
        }
        {
            // Study B: a satellite at rest (no Doppler) with its beams on nadir; the loss is
            // free space minus the antenna gains, so it grows fast off the beams.
            auto model = CreateObject<MultiBeamSatellitePropagationLossModel>();
            model->SetAttribute("Frequency", DoubleValue(frequencyHz));
            Gnuplot2dDataset data("B-multi-beam");
            data.SetStyle(Gnuplot2dDataset::LINES);
            for (double e = 10; e <= 90 + 1e-9; e += elevationStep)
            {
                Ptr<MobilityModel> sat = At(SatelliteAtElevation(altitudeKm * 1e3, e));
                sweep.Add(data, "B-multi-beam", e, -model->CalcRxPower(0.0, ground, sat));
            }
            satellitePlot.AddDataset(data);
        }

        // Study C: UAV to UE versus horizontal distance, clear and blocked.
        Gnuplot uavPlot;
        uavPlot.SetTitle("UAV air-to-ground loss, height " + std::to_string(int(uavHeight)) + " m");
        uavPlot.SetLegend("horizontal distance (m)", "loss (dB)");
        for (double blocked : {0.0, 1.0})
        {
            auto model = CreateObject<UavAirToGroundPropagationLossModel>();
            model->SetAttribute("BlockageProbability", DoubleValue(blocked));
            const std::string name = blocked > 0 ? "C-blocked" : "C-clear";
            Gnuplot2dDataset data(name);
            data.SetStyle(Gnuplot2dDataset::LINES);
            Ptr<MobilityModel> ue = At(Vector(0, 0, 0));
            for (double x = 0; x <= 1000 + 1e-9; x += test ? 250 : 10)
            {
                Ptr<MobilityModel> uav = At(Vector(x, 0, uavHeight));
                sweep.Add(data, name, x, -model->CalcRxPower(0.0, ue, uav));
            }
            uavPlot.AddDataset(data);
        }

        WriteGnuplotPng(satellitePlot, plotPrefix + "-satellite");
        WriteGnuplotPng(uavPlot, plotPrefix + "-uav");
        if (store)
        {
            rows = nullptr;
            store->EndRun();
            store->Close();
        }
        std::cerr << "Wrote " << plotPrefix << "-satellite.plt/.png and " << plotPrefix
                  << "-uav.plt/.png" << (db.empty() ? "" : " and the run store " + db) << "\n";
    }
    catch (const std::exception& e)
    {
        std::cerr << "sagin-channel-sweep: " << e.what() << std::endl;
        if (store)
        {
            store->FailRun(e.what());
        }
        return 1;
    }
    return 0;
}
