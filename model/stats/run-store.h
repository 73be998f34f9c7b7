// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_RUN_STORE_H
#define SAGIN_RUN_STORE_H

#include "ns3/object.h"
#include "ns3/simple-ref-count.h"

#include <chrono>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * The SQLite database every sagin example writes its results to (one file per study or
 * sweep; many runs per file).
 *
 * Schema, version 2 (RunStore::SCHEMA_VERSION; doc/run-store-schema.rst says the same):
 *
 * \verbatim
   schema_version(version INTEGER)            -- exactly one row: the schema version
   runs(run_id         INTEGER PRIMARY KEY,   -- 1, 2, ... in the order runs began
        started_utc    TEXT,                  -- wall-clock start, "YYYY-MM-DDTHH:MM:SSZ"
        example        TEXT,                  -- program that wrote the run
        module_version TEXT,                  -- SAGIN_MODULE_VERSION, e.g. "0.1.0"
        ns3_version    TEXT,                  -- e.g. "ns-3.37"
        rng_seed       INTEGER,               -- RngSeedManager::GetSeed() at BeginRun()
        rng_run        INTEGER,               -- RngSeedManager::GetRun() at BeginRun()
        configuration  TEXT,                  -- JSON object of the command-line options
        wall_seconds   REAL,                  -- wall-clock duration (s) until EndRun() or
                                              -- FailRun(); NULL while the run is unfinished
        status         TEXT NOT NULL,         -- 'unfinished' from BeginRun() on (and for
                                              -- ever if the process crashed or was killed),
                                              -- 'finished' at EndRun(), 'failed' at FailRun()
        failure        TEXT)                  -- why a failed run failed; NULL otherwise
   \endverbatim
 *
 * Layers add their own tables with CreateTable() (CREATE TABLE IF NOT EXISTS); by convention
 * each has a `run_id INTEGER` column referring to runs.run_id and states the unit of every
 * column in its name or in its documentation (e.g. `latency_s`, `queue_bits`).
 *
 * Rows are inserted through a Batch (a prepared INSERT statement). The store wraps inserts in
 * transactions: the first pending row opens one (BEGIN), and it is committed when
 * BatchSize rows are pending (counted over all batches of the store), on Flush(), before
 * Execute(), BeginRun(), EndRun() and FailRun(), and on Close()/Dispose(). The journal is a
 * write-ahead log by default: a crash or kill loses at most the rows of the open
 * transaction. A passive checkpoint copies the log into the .db file after a commit once
 * CheckpointInterval (wall clock) has passed since the last one, and always on BeginRun(),
 * EndRun(), FailRun() and Flush(); Close() empties the log. So the .db file alone lags the
 * committed rows by at most CheckpointInterval; a checkpoint also cannot copy what another
 * connection is still reading. After a crash, open the database with SQLite (which merges
 * a -wal file left behind) rather than copying the .db file alone.
 *
 * Errors: an unwritable path, a file that is not a sagin run store, and a schema version
 * other than SCHEMA_VERSION throw std::runtime_error from Open(); malformed SQL and wrong
 * bindings throw std::invalid_argument; a failed write throws std::runtime_error. Every
 * message names the file or the statement and what to do.
 *
 * Typical use:
 * \code
   auto store = CreateObject<RunStore>();
   store->SetAttribute("Path", StringValue("study-c.db"));
   store->Open();
   const int64_t run = store->BeginRun("sagin-study-c", {{"ues", "20"}, {"slots", "1000"}});
   store->CreateTable("slots", "run_id INTEGER, slot INTEGER, profit REAL");
   Ptr<RunStore::Batch> rows = store->Prepare("INSERT INTO slots VALUES (?, ?, ?)");
   rows->InsertRow(run, slot, profit); // once per slot
   store->EndRun();
   \endcode
 *
 * A program records a failure from its catch handler, so the run does not look finished:
 * \code
   catch (const std::exception& e)
   {
       std::cerr << e.what() << std::endl;
       if (store)
       {
           store->FailRun(e.what());
       }
       return 1;
   }
   \endcode
 */
class RunStore : public Object
{
  public:
    class Batch;

    /**
     * Version of the schema this build writes and reads. A database with another version
     * is rejected by Open().
     */
    static constexpr int SCHEMA_VERSION = 2;

    /**
     * Register this type with the TypeId system.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    RunStore();
    /** Commits what is pending and closes the database if Dispose() did not. */
    ~RunStore() override;

    // Copying would share one SQLite connection between two owners.
    RunStore(const RunStore&) = delete;
    RunStore& operator=(const RunStore&) = delete;

    /**
     * Open (creating if needed) the database named by the Path attribute, create the
     * schema in a new database and check its version in an existing one. Does nothing when
     * already open. The other methods call it when needed.
     * Throws std::runtime_error naming the path when the file cannot be opened for writing,
     * is not an SQLite database, is a database of something else, or has another schema
     * version; std::invalid_argument when Path is empty or JournalMode is not supported.
     */
    void Open();

    /**
     * Commit what is pending, release every Batch, checkpoint the write-ahead log into the
     * database file and close it. A run still open was not ended by the program: it is
     * recorded as failed (FailRun()) with a reason that says so. Batches used afterwards
     * throw. Does nothing when not open.
     */
    void Close();

    /** \return true between Open() and Close() */
    bool IsOpen() const;

    /** \return the database file (the Path attribute) */
    std::string GetPath() const;

    /**
     * Record the start of a run: one row of table runs with the wall-clock time, this
     * module's and ns-3's versions, RngSeedManager's seed and run number, the
     * configuration as a JSON object and status 'unfinished', committed and checkpointed at
     * once (a run killed from now on stays 'unfinished'). Commits pending rows first.
     * Throws std::runtime_error when a run is already open (call EndRun() first).
     * \param example name of the program (e.g. "sagin-study-c")
     * \param configuration the command-line options as name -> value
     * \return the new run's run_id (1, 2, ...)
     */
    int64_t BeginRun(const std::string& example,
                     const std::map<std::string, std::string>& configuration);

    /**
     * Record the end of the open run: status 'finished' and its wall-clock duration (s)
     * since BeginRun(). Flushes first. Throws std::runtime_error when no run is open.
     */
    void EndRun();

    /**
     * Record the open run as failed: status 'failed', the reason in column failure and its
     * wall-clock duration (s) since BeginRun(); the rows written so far are committed (they
     * are what the run produced before it failed) and the log is checkpointed.
     *
     * Made for a program's catch handler, so it never throws: with no run open it does
     * nothing and returns false; when the store cannot write (the failure may be the
     * store's own, e.g. a full disk) it prints why to std::cerr, the run stays 'unfinished'
     * and it returns false.
     * \param reason what went wrong, e.g. the exception's what()
     * \return true when the failure was recorded
     */
    bool FailRun(const std::string& reason) noexcept;

    /** \return the run_id of the open run, or -1 when no run is open */
    int64_t GetRunId() const;

    /**
     * Run one or more SQL statements that return no rows (DDL, UPDATE, ...) outside the
     * batch transaction; pending rows are committed first.
     * Throws std::invalid_argument naming the SQL when SQLite rejects it.
     * \param sql the statement(s)
     */
    void Execute(const std::string& sql);

    /**
     * CREATE TABLE IF NOT EXISTS name (columns).
     * \param name table name (letters, digits and '_', not starting with a digit)
     * \param columns column definitions, e.g. "run_id INTEGER, time_s REAL, node INTEGER"
     */
    void CreateTable(const std::string& name, const std::string& columns);

    /**
     * Prepare an INSERT (or any statement returning no rows) with '?' placeholders for
     * batched execution. The batch stays valid until Close()/Dispose().
     * Throws std::invalid_argument naming the SQL when SQLite rejects it (e.g. unknown
     * table: create it first).
     * \param sql the statement, e.g. "INSERT INTO slots (run_id, slot, profit) VALUES (?, ?, ?)"
     * \return the batch
     */
    Ptr<Batch> Prepare(const std::string& sql);

    /**
     * Commit pending rows and checkpoint the write-ahead log into the database file: from
     * then on the .db file alone holds every row written (unless another connection was
     * reading pages the checkpoint had to copy).
     */
    void Flush();

    /** \return rows inserted since the last commit (all batches) */
    uint64_t GetPendingRows() const;

    /**
     * Append every run of another run store (same schema version) to this one, in one
     * transaction: its runs get the next run_ids (their seed, run number, configuration and
     * status kept), and the rows of each of its tables follow with run_id renumbered the same
     * way; a table this store lacks is created as there, one it has must have the same
     * columns. For runs spread over processes or machines (one --RngRun each, one file each)
     * and merged afterwards (sagin-merge-run-stores).
     * Throws std::runtime_error naming the file when it does not exist, is not a sagin run
     * store of this version, is this store's own file, was merged here before (its runs are
     * here already), or has a table with other columns, without run_id or not made by one
     * plain CREATE TABLE; when a run is open here (merge between runs). Nothing is merged
     * then. Merge finished parts: the source is locked while it is read.
     * \param path the other run store's file
     * \return how many runs were appended
     */
    int64_t MergeFrom(const std::string& path);

    /**
     * \param configuration name -> value pairs
     * \return a JSON object with the pairs as strings, keys sorted, e.g. {"slots":"100"}
     */
    static std::string FormatConfiguration(const std::map<std::string, std::string>& configuration);

  protected:
    void DoDispose() override;

  private:
    friend class Batch;

    /** Open() unless already open. */
    void EnsureOpen();
    /** Create the schema in an empty database or check the version of an existing one. */
    void InitialiseSchema();
    /**
     * Run SQL that returns no rows; on failure throw.
     * \param sql the statement(s)
     * \param what what the statement does, for the message
     */
    void Exec(const std::string& sql, const std::string& what);
    /**
     * Run a query; on failure throw.
     * \param sql the query, with at most one placeholder ?1
     * \param what what the query does, for the message
     * \param bind the text bound to ?1 (none if empty)
     * \return its rows, every value as text (NULL as "")
     */
    std::vector<std::vector<std::string>> Query(const std::string& sql,
                                                const std::string& what,
                                                const std::string& bind = "");
    /**
     * Throw std::runtime_error with SQLite's message about the last call.
     * \param what what was being done
     */
    [[noreturn]] void ThrowSqliteError(const std::string& what) const;
    /**
     * Commit the open batch transaction, if any, and then checkpoint the write-ahead log
     * into the database file if CheckpointInterval has passed since the last checkpoint.
     */
    void Commit();
    /**
     * Copy the write-ahead log into the database file (nothing in other journal modes).
     * PASSIVE copies what no reader still needs, without waiting; TRUNCATE waits for readers
     * (up to the busy timeout) and empties the log.
     * \param mode SQLITE_CHECKPOINT_PASSIVE or SQLITE_CHECKPOINT_TRUNCATE
     */
    void Checkpoint(int mode);
    /**
     * Record the end of the open run and close it.
     * \param status 'finished' or 'failed'
     * \param failure why it failed (status 'failed'), empty otherwise: stored as NULL
     */
    void FinishRun(const std::string& status, const std::string& failure);
    /** Called by a Batch before it executes a row: opens the transaction if needed. */
    void BeforeRow();
    /** Called by a Batch after it executed a row: commits every BatchSize rows. */
    void AfterRow();
    /**
     * Forget a batch that is being destroyed.
     * \param batch the batch
     */
    void Forget(Batch* batch);

    std::string m_path;                                     //!< database file
    uint32_t m_batchSize;                                   //!< rows per transaction
    double m_checkpointInterval;                            //!< wall-clock s between checkpoints
    std::chrono::steady_clock::time_point m_lastCheckpoint; //!< wall clock of the last one
    std::string m_journalMode;                              //!< SQLite journal mode
    sqlite3* m_db{nullptr};                                 //!< connection, nullptr when closed
    bool m_inTransaction{false};                            //!< a BEGIN is open
    uint64_t m_pendingRows{0};                              //!< rows since BEGIN
    int64_t m_runId{-1};                                    //!< open run, -1 when none
    std::chrono::steady_clock::time_point m_runStart;       //!< wall clock at BeginRun()
    std::set<Batch*> m_batches;                             //!< live batches, finalised on Close()
};

/**
 * \ingroup sagin
 * A prepared statement of a RunStore executed once per row inside the store's batch
 * transactions. Bind the values of one row in placeholder order, then Insert(); or do both
 * with InsertRow(). Integers (any integral type, bool as 0/1) bind as INTEGER, floating point
 * as REAL, strings as TEXT; BindNull() binds NULL.
 */
class RunStore::Batch : public SimpleRefCount<RunStore::Batch>
{
  public:
    ~Batch();

    Batch(const Batch&) = delete;
    Batch& operator=(const Batch&) = delete;

    /**
     * Bind the next placeholder. Throws std::invalid_argument when every placeholder of the
     * row is already bound, or for an unsigned value above INT64_MAX.
     * \tparam T an integral, floating-point or string-like type
     * \param value the value
     * \return this batch, to chain binds
     */
    template <typename T>
    Batch& Bind(const T& value)
    {
        if constexpr (std::is_integral_v<T>)
        {
            if constexpr (std::is_unsigned_v<T> && sizeof(T) >= sizeof(int64_t))
            {
                if (value > static_cast<T>(std::numeric_limits<int64_t>::max()))
                {
                    throw std::invalid_argument("RunStore::Batch: unsigned value " +
                                                std::to_string(value) +
                                                " does not fit SQLite's 64-bit signed INTEGER; "
                                                "bind it as a double or a string");
                }
            }
            return BindInteger(static_cast<int64_t>(value));
        }
        else if constexpr (std::is_floating_point_v<T>)
        {
            return BindDouble(static_cast<double>(value));
        }
        else
        {
            static_assert(std::is_convertible_v<const T&, std::string>,
                          "RunStore::Batch::Bind takes integers, floating point and strings");
            return BindText(std::string(value));
        }
    }

    /**
     * Bind an INTEGER to the next placeholder.
     * \param value the value
     * \return this batch
     */
    Batch& BindInteger(int64_t value);
    /**
     * Bind a REAL to the next placeholder (NaN is stored as NULL, SQLite's rule).
     * \param value the value
     * \return this batch
     */
    Batch& BindDouble(double value);
    /**
     * Bind TEXT to the next placeholder.
     * \param value the value
     * \return this batch
     */
    Batch& BindText(const std::string& value);
    /**
     * Bind NULL to the next placeholder.
     * \return this batch
     */
    Batch& BindNull();

    /**
     * Execute the statement with the bound row. Throws std::invalid_argument when not every
     * placeholder is bound, std::runtime_error when SQLite fails (e.g. a constraint) or the
     * store is closed.
     */
    void Insert();

    /**
     * Bind all placeholders and Insert().
     * \param values one value per placeholder, in order
     */
    template <typename... Args>
    void InsertRow(const Args&... values)
    {
        (Bind(values), ...);
        Insert();
    }

    /** \return rows inserted through this batch */
    uint64_t GetRowsInserted() const;

    /** \return the statement's SQL */
    const std::string& GetSql() const;

  private:
    friend class RunStore;

    /**
     * \param store the store owning the connection
     * \param statement the prepared statement (owned from now on)
     * \param sql its SQL
     */
    Batch(RunStore* store, sqlite3_stmt* statement, const std::string& sql);
    /** Finalise the statement and forget the store (the store is closing). */
    void Detach();
    /**
     * \return the index of the next placeholder; throws when the row is complete or the
     *         store is closed
     */
    int NextIndex();
    /**
     * Throw std::runtime_error about an SQLite failure.
     * \param code the SQLite result code
     * \param what what was being done
     */
    [[noreturn]] void Fail(int code, const std::string& what) const;

    RunStore* m_store;          //!< owning store, nullptr once it closed
    sqlite3_stmt* m_statement;  //!< prepared statement
    std::string m_sql;          //!< its SQL
    int m_parameterCount;       //!< number of '?' placeholders
    int m_nextIndex{1};         //!< next placeholder to bind (1-based)
    uint64_t m_rowsInserted{0}; //!< rows executed
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_RUN_STORE_H
