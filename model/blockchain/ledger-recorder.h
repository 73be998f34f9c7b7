// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_LEDGER_RECORDER_H
#define SAGIN_LEDGER_RECORDER_H

#include "block-header.h"
#include "transaction.h"

#include "ns3/ptr.h"
#include "ns3/run-store.h"
#include "ns3/simple-ref-count.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

class Ledger;

/**
 * \ingroup sagin
 * Writes a node's ledger to the SQLite run store (Ledger::Record() creates one) and reads it
 * back with every hash and signature verified again (Load()).
 *
 * Tables (created if missing; hashes, keys and serialisations are lower-case hex TEXT):
 * \verbatim
   blocks(run_id     INTEGER,   -- runs.run_id
          node       INTEGER,   -- the node whose ledger this is
          height     INTEGER,   -- block height (genesis 0)
          hash       TEXT,      -- block hash, SHA-256 of the serialised header
          parent     TEXT,      -- parent's hash (64 zeros for genesis)
          producer   TEXT,      -- producer's Ed25519 public key
          n_tx       INTEGER,   -- transactions in the block (the header's count)
          size_bytes INTEGER,   -- bytes the node keeps for the block (header, + body if full)
          time_s     REAL,      -- the header's timestamp (s of simulation time)
          body_kept  INTEGER,   -- 1 if the node keeps the body (full node), 0 if not
          header     TEXT)      -- the serialised header
   transactions(run_id INTEGER, node INTEGER,
          block_hash TEXT,      -- blocks.hash
          position   INTEGER,   -- index in the body (0-based)
          tx_id      TEXT,      -- SHA-256 of the serialised transaction
          type       TEXT,      -- e.g. "spectrum-lease"
          sender     TEXT,      -- sender's Ed25519 public key
          size_bytes INTEGER,   -- serialised size (bytes)
          bytes      TEXT)      -- the serialised transaction
   \endverbatim
 * Rows are written when a block is stored (in storage order), so a crash keeps every block
 * committed by the store's batching. Only full nodes write transaction rows. Summing
 * blocks.size_bytes of a node gives its Ledger::GetStorageBytes().
 */
class LedgerRecorder : public SimpleRefCount<LedgerRecorder>
{
  public:
    /**
     * Create the tables and prepare the inserts. Throws std::runtime_error when the store
     * has no open run (call RunStore::BeginRun() first).
     * \param store the run store (opened if needed)
     * \param node the node id written in every row
     */
    LedgerRecorder(Ptr<RunStore> store, uint32_t node);

    /**
     * Create the blocks and transactions tables if missing.
     * \param store the run store
     */
    static void CreateTables(Ptr<RunStore> store);

    /**
     * Write one block's rows.
     * \param header its header
     * \param body its transactions, or nullptr when the node keeps no body
     * \param storedBytes bytes the node keeps for it
     */
    void RecordBlock(const BlockHeader& header,
                     const std::vector<Transaction>* body,
                     uint64_t storedBytes);

    /**
     * Rebuild a node's ledger from a run store file. Every row is checked against its own
     * serialisation (hash, parent, producer, transaction count, sizes, transaction ids and
     * senders) and every block is appended to a new Ledger, which verifies signatures,
     * Merkle roots and links again. The ledger is full if the rows keep bodies, light
     * otherwise. Throws std::runtime_error naming the file, run, node, block and the check
     * that failed (a tampered row is detected this way), or when there are no rows.
     * Flush the writing RunStore first (RunStore::Flush()) so the rows are in the file.
     * \param path the database file
     * \param runId the run (runs.run_id)
     * \param node the node
     * \return the rebuilt ledger
     */
    static Ptr<Ledger> Load(const std::string& path, int64_t runId, uint32_t node);

  private:
    Ptr<RunStore> m_store;                  //!< the store
    uint32_t m_node;                        //!< node id in the rows
    Ptr<RunStore::Batch> m_blockRows;       //!< INSERT INTO blocks
    Ptr<RunStore::Batch> m_transactionRows; //!< INSERT INTO transactions
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_LEDGER_RECORDER_H
