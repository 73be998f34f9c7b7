// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_FEDERATED_RECORDER_H
#define SAGIN_FEDERATED_RECORDER_H

#include "federated-node.h"

#include "ns3/ptr.h"
#include "ns3/run-store.h"
#include "ns3/simple-ref-count.h"

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Writes federated rounds and updates to the run store, from the RoundCompleted and
 * UpdateReceived traces of the FederatedNode applications it is attached to:
 *
 * \verbatim
   fl_rounds(run_id       INTEGER,  -- runs.run_id
             round        INTEGER,  -- federated round
             aggregator   INTEGER,  -- node id that released it
             rank         INTEGER,  -- its rank (0 elected, > 0 took over)
             participants INTEGER,  -- participants expected
             accepted     INTEGER,  -- updates aggregated
             refused      INTEGER,  -- updates refused
             late         INTEGER,  -- updates of earlier rounds that arrived in this one
             missing      TEXT,     -- node ids without an update, comma-separated
             aggregated   INTEGER,  -- 1 if the quorum was met (else the model is unchanged)
             bytes_up     INTEGER,  -- update bytes received (messages + length prefixes)
             bytes_down   INTEGER,  -- announcement bytes sent at release
             start_s      REAL,     -- when the round was announced (s)
             release_s    REAL,     -- when its model was released (s)
             loss         REAL,     -- global loss (NULL without an evaluation)
             model_sha256 TEXT)     -- SHA-256 of the released model's float32 bytes
   fl_updates(run_id INTEGER, round INTEGER, participant INTEGER, aggregator INTEGER,
             bytes INTEGER,         -- message bytes, length prefix included
             status TEXT,           -- accepted, refused or late
             reason TEXT,           -- why refused or late ('' if accepted)
             time_s REAL)           -- arrival (s)
   \endverbatim
 */
class FederatedRecorder : public SimpleRefCount<FederatedRecorder>
{
  public:
    /**
     * Create the tables and prepare the inserts.
     * \param store the run store, with a run begun (RunStore::BeginRun())
     */
    explicit FederatedRecorder(Ptr<RunStore> store);

    /**
     * Record what this application sees as an aggregator.
     * \param node a FederatedNode
     */
    void Attach(Ptr<FederatedNode> node);

    /** \return rounds recorded */
    uint64_t GetRoundsRecorded() const;

  private:
    /** \param record a released round */
    void RecordRound(const FederatedRoundRecord& record);
    /** \param record a received update */
    void RecordUpdate(const FederatedUpdateRecord& record);

    Ptr<RunStore> m_store;             //!< where rows go
    Ptr<RunStore::Batch> m_roundRows;  //!< fl_rounds inserts
    Ptr<RunStore::Batch> m_updateRows; //!< fl_updates inserts
    uint64_t m_rounds{0};              //!< rounds recorded
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_FEDERATED_RECORDER_H
