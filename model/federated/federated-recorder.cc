// SPDX-License-Identifier: GPL-2.0-only

#include "federated-recorder.h"

#include <stdexcept>

namespace ns3
{
namespace sagin
{

namespace
{
/**
 * \param store a run store
 * \return its run id; std::runtime_error if no run is open
 */
int64_t
OpenRun(const Ptr<RunStore>& store)
{
    const int64_t run = store->GetRunId();
    if (run < 0)
    {
        throw std::runtime_error("FederatedRecorder: run store " + store->GetPath() +
                                 " has no open run; call BeginRun() first");
    }
    return run;
}

/**
 * \param status an update's outcome
 * \return its name in fl_updates
 */
const char*
StatusName(FederatedUpdateRecord::Status status)
{
    switch (status)
    {
    case FederatedUpdateRecord::ACCEPTED:
        return "accepted";
    case FederatedUpdateRecord::REFUSED:
        return "refused";
    case FederatedUpdateRecord::LATE:
        return "late";
    }
    return "unknown";
}
} // namespace

FederatedRecorder::FederatedRecorder(Ptr<RunStore> store)
    : m_store(store)
{
    OpenRun(store);
    store->CreateTable("fl_rounds",
                       "run_id INTEGER, round INTEGER, aggregator INTEGER, rank INTEGER, "
                       "participants INTEGER, accepted INTEGER, refused INTEGER, late INTEGER, "
                       "missing TEXT, aggregated INTEGER, bytes_up INTEGER, bytes_down INTEGER, "
                       "start_s REAL, release_s REAL, loss REAL, model_sha256 TEXT");
    store->CreateTable("fl_updates",
                       "run_id INTEGER, round INTEGER, participant INTEGER, aggregator INTEGER, "
                       "bytes INTEGER, status TEXT, reason TEXT, time_s REAL");
    m_roundRows = store->Prepare(
        "INSERT INTO fl_rounds (run_id, round, aggregator, rank, participants, accepted, "
        "refused, late, missing, aggregated, bytes_up, bytes_down, start_s, release_s, loss, "
        "model_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    m_updateRows = store->Prepare("INSERT INTO fl_updates (run_id, round, participant, "
                                  "aggregator, bytes, status, reason, time_s) VALUES (?, ?, ?, "
                                  "?, ?, ?, ?, ?)");
}

void
FederatedRecorder::Attach(Ptr<FederatedNode> node)
{
    node->TraceConnectWithoutContext("RoundCompleted",
                                     MakeCallback(&FederatedRecorder::RecordRound, this));
    node->TraceConnectWithoutContext("UpdateReceived",
                                     MakeCallback(&FederatedRecorder::RecordUpdate, this));
}

uint64_t
FederatedRecorder::GetRoundsRecorded() const
{
    return m_rounds;
}

void
FederatedRecorder::RecordRound(const FederatedRoundRecord& record)
{
    std::string missing;
    for (std::size_t i = 0; i < record.missing.size(); ++i)
    {
        missing += (i ? "," : "") + std::to_string(record.missing[i]);
    }
    m_roundRows->InsertRow(OpenRun(m_store),
                           record.round,
                           record.aggregator,
                           record.rank,
                           record.participants,
                           record.accepted,
                           record.refused,
                           record.late,
                           missing,
                           record.aggregated,
                           record.bytesUp,
                           record.bytesDown,
                           record.start.GetSeconds(),
                           record.release.GetSeconds(),
                           record.loss,
                           record.modelHash);
    ++m_rounds;
}

void
FederatedRecorder::RecordUpdate(const FederatedUpdateRecord& record)
{
    m_updateRows->InsertRow(OpenRun(m_store),
                            record.round,
                            record.participant,
                            record.aggregator,
                            record.bytes,
                            StatusName(record.status),
                            record.reason,
                            record.time.GetSeconds());
}

} // namespace sagin
} // namespace ns3
