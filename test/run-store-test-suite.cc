// SPDX-License-Identifier: GPL-2.0-only
//
// The SQLite run store. Every value written through RunStore is read back through a separate
// SQLite connection with hand-written queries, so the reference is SQLite itself, not the
// code under test.

#include "sagin-test-utils.h"

#include "ns3/double.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/run-store.h"
#include "ns3/sagin-version.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <signal.h>
#include <sqlite3.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::tests;

namespace
{

/**
 * An independent read-only view of a database file.
 */
class Reader
{
  public:
    /**
     * \param path the database file
     */
    explicit Reader(const std::string& path)
    {
        if (sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
        {
            m_error = "cannot open " + path + ": " + sqlite3_errmsg(m_db);
            sqlite3_close(m_db);
            m_db = nullptr;
        }
    }

    ~Reader()
    {
        sqlite3_close(m_db);
    }

    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;

    /**
     * \param sql a query returning one row of one column
     * \return the value as text ("NULL" for NULL)
     */
    std::string Text(const std::string& sql) const
    {
        std::string result = "<no row>";
        Each(sql, [&result](sqlite3_stmt* s) {
            const unsigned char* text = sqlite3_column_text(s, 0);
            result = text ? reinterpret_cast<const char*>(text) : "NULL";
        });
        return result;
    }

    /**
     * \param sql a query returning one row of one column
     * \return the value as an integer
     */
    int64_t Integer(const std::string& sql) const
    {
        int64_t result = -999;
        Each(sql, [&result](sqlite3_stmt* s) { result = sqlite3_column_int64(s, 0); });
        return result;
    }

    /**
     * \param sql a query
     * \param row called for every row
     */
    void Each(const std::string& sql, const std::function<void(sqlite3_stmt*)>& row) const
    {
        if (m_db == nullptr)
        {
            std::cerr << "test reader: " << m_error << std::endl;
            return;
        }
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
        {
            // The query's result keeps its "no row" value, which fails the check.
            std::cerr << "test reader: " << sql << ": " << sqlite3_errmsg(m_db) << std::endl;
            return;
        }
        while (sqlite3_step(s) == SQLITE_ROW)
        {
            row(s);
        }
        sqlite3_finalize(s);
    }

  private:
    sqlite3* m_db{nullptr}; //!< connection, nullptr if it could not be opened
    std::string m_error;    //!< why it could not be opened
};

/**
 * \param path a file to create or truncate and fill with SQL
 * \param sql statements
 */
void
WriteDatabase(const std::string& path, const std::string& sql)
{
    std::filesystem::remove(path);
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    char* error = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK)
    {
        const std::string reason = error ? error : "?";
        sqlite3_free(error);
        sqlite3_close(db);
        throw std::runtime_error("test setup: " + reason);
    }
    sqlite3_close(db);
}

/**
 * \param path database file
 * \param batchSize rows per transaction
 * \return a store on path (not yet open)
 */
Ptr<RunStore>
MakeStore(const std::string& path, uint32_t batchSize = 1000)
{
    Ptr<RunStore> store = CreateObject<RunStore>();
    store->SetAttribute("Path", StringValue(path));
    store->SetAttribute("BatchSize", UintegerValue(batchSize));
    return store;
}

} // namespace

/**
 * \ingroup sagin-tests
 * A run and more rows than BatchSize, read back independently; batching and run ids.
 */
class RunStoreWriteReadTestCase : public TestCase
{
  public:
    RunStoreWriteReadTestCase()
        : TestCase("runs, schema version and batched rows read back independently")
    {
    }

  private:
    void DoRun() override
    {
        const std::string path = CreateTempDirFilename("write-read.db");
        std::filesystem::remove(path);
        const uint32_t oldSeed = RngSeedManager::GetSeed();
        const uint64_t oldRun = RngSeedManager::GetRun();
        RngSeedManager::SetSeed(12345);
        RngSeedManager::SetRun(7);

        const uint32_t batchSize = 100;
        const int rows = 250;
        Ptr<RunStore> store = MakeStore(path, batchSize);
        const int64_t run =
            store->BeginRun("run-store-test",
                            {{"ues", "20"}, {"note", "say \"hi\"\\\n"}, {"bandwidth", "1e7"}});
        NS_TEST_EXPECT_MSG_EQ(run, 1, "the first run of a new file is run 1");
        NS_TEST_EXPECT_MSG_EQ(store->GetRunId(), run, "the open run");
        store->CreateTable("samples", "run_id INTEGER, idx INTEGER, value REAL, label TEXT");
        Ptr<RunStore::Batch> batch =
            store->Prepare("INSERT INTO samples (run_id, idx, value, label) VALUES (?, ?, ?, ?)");
        for (int i = 0; i < rows; ++i)
        {
            batch->InsertRow(run, i, i / 3.0, "row " + std::to_string(i));
        }
        NS_TEST_EXPECT_MSG_EQ(batch->GetRowsInserted(), uint64_t(rows), "rows counted");
        // Commits happen at 100 and 200 rows; 50 are pending.
        NS_TEST_EXPECT_MSG_EQ(store->GetPendingRows(), uint64_t(rows % batchSize), "pending");
        {
            Reader reader(path);
            NS_TEST_EXPECT_MSG_EQ(reader.Integer("SELECT count(*) FROM samples"),
                                  (rows / batchSize) * batchSize,
                                  "another connection sees exactly the committed batches");
            NS_TEST_EXPECT_MSG_EQ(reader.Text("SELECT wall_seconds FROM runs"),
                                  "NULL",
                                  "an unfinished run has no wall time");
            NS_TEST_EXPECT_MSG_EQ(reader.Text("SELECT status FROM runs"),
                                  "unfinished",
                                  "a run is unfinished from BeginRun() on");
        }
        store->EndRun();
        NS_TEST_EXPECT_MSG_EQ(store->GetRunId(), -1, "no run open after EndRun()");

        {
            Reader reader(path);
            NS_TEST_EXPECT_MSG_EQ(reader.Integer("SELECT count(*) FROM schema_version"),
                                  1,
                                  "one schema_version row");
            NS_TEST_EXPECT_MSG_EQ(reader.Integer("SELECT version FROM schema_version"),
                                  2,
                                  "schema version 2 (1 had no status)");
            NS_TEST_EXPECT_MSG_EQ(reader.Integer("SELECT count(*) FROM samples"),
                                  rows,
                                  "every row after EndRun()");
            NS_TEST_EXPECT_MSG_EQ(reader.Integer("SELECT sum(idx) FROM samples WHERE run_id = 1"),
                                  rows * (rows - 1) / 2,
                                  "indices 0..rows-1, each once");
            int mismatches = 0;
            reader.Each("SELECT idx, value, label, typeof(idx), typeof(value) FROM samples",
                        [&mismatches](sqlite3_stmt* s) {
                            const int i = sqlite3_column_int(s, 0);
                            const std::string label =
                                reinterpret_cast<const char*>(sqlite3_column_text(s, 2));
                            const std::string intType =
                                reinterpret_cast<const char*>(sqlite3_column_text(s, 3));
                            const std::string realType =
                                reinterpret_cast<const char*>(sqlite3_column_text(s, 4));
                            // Doubles round-trip bit for bit through SQLite's REAL.
                            if (sqlite3_column_double(s, 1) != i / 3.0 ||
                                label != "row " + std::to_string(i) || intType != "integer" ||
                                realType != "real")
                            {
                                ++mismatches;
                            }
                        });
            NS_TEST_EXPECT_MSG_EQ(mismatches, 0, "values, text and storage classes");

            NS_TEST_EXPECT_MSG_EQ(reader.Text("SELECT example FROM runs WHERE run_id = 1"),
                                  "run-store-test",
                                  "example");
            NS_TEST_EXPECT_MSG_EQ(reader.Text("SELECT module_version FROM runs"),
                                  "0.1.0",
                                  "module version");
            NS_TEST_EXPECT_MSG_EQ(reader.Text("SELECT ns3_version FROM runs").substr(0, 5),
                                  "ns-3.",
                                  "ns-3 version");
            NS_TEST_EXPECT_MSG_EQ(reader.Integer("SELECT rng_seed FROM runs"), 12345, "seed");
            NS_TEST_EXPECT_MSG_EQ(reader.Integer("SELECT rng_run FROM runs"), 7, "run number");
            // JSON with sorted keys and escapes; SQLite's JSON functions parse it.
            NS_TEST_EXPECT_MSG_EQ(reader.Text("SELECT configuration FROM runs"),
                                  R"({"bandwidth":"1e7","note":"say \"hi\"\\\n","ues":"20"})",
                                  "configuration as JSON");
            NS_TEST_EXPECT_MSG_EQ(
                reader.Text("SELECT json_extract(configuration, '$.note') FROM runs"),
                "say \"hi\"\\\n",
                "the JSON parses back to the option's value");
            NS_TEST_EXPECT_MSG_EQ(reader.Integer("SELECT wall_seconds >= 0 AND typeof("
                                                 "wall_seconds) = 'real' FROM runs"),
                                  1,
                                  "wall time recorded");
            NS_TEST_EXPECT_MSG_EQ(reader.Text("SELECT status || ',' || typeof(failure) FROM runs"),
                                  "finished,null",
                                  "EndRun() finished the run, no failure");
            const std::string started = reader.Text("SELECT started_utc FROM runs");
            NS_TEST_EXPECT_MSG_EQ(
                reader.Integer("SELECT started_utc GLOB "
                               "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]"
                               ":[0-9][0-9]Z' AND julianday(started_utc) IS NOT NULL FROM runs"),
                1,
                "ISO 8601 UTC start time, got " << started);
        }

        RngSeedManager::SetRun(8);
        const int64_t second = store->BeginRun("run-store-test", {});
        NS_TEST_EXPECT_MSG_EQ(second, 2, "a second run gets a new id");
        bool threw =
            !MessageOf<std::runtime_error>([&store]() { store->BeginRun("again", {}); }).empty();
        NS_TEST_EXPECT_MSG_EQ(threw, true, "BeginRun() while a run is open");
        batch->InsertRow(second, 0, 0.0, "second run");
        // Dispose() commits the pending row and records the run, which the program did not
        // end, as failed.
        store->Dispose();
        threw = !MessageOf<std::runtime_error>([&batch, second]() {
                     batch->InsertRow(second, 1, 1.0, "x");
                 }).empty();
        NS_TEST_EXPECT_MSG_EQ(threw, true, "a batch of a closed store refuses rows");

        // An existing store is reopened and appended to.
        Ptr<RunStore> again = MakeStore(path);
        NS_TEST_EXPECT_MSG_EQ(again->BeginRun("run-store-test", {}), 3, "ids continue");
        again->Dispose();
        {
            Reader reader(path);
            NS_TEST_EXPECT_MSG_EQ(reader.Integer("SELECT count(*) FROM samples WHERE run_id = 2"),
                                  1,
                                  "Dispose() committed the pending row");
            NS_TEST_EXPECT_MSG_EQ(reader.Integer("SELECT rng_run FROM runs WHERE run_id = 2"),
                                  8,
                                  "each run records its own run number");
            NS_TEST_EXPECT_MSG_EQ(
                reader.Integer("SELECT count(*) FROM runs WHERE wall_seconds IS NOT NULL"),
                3,
                "Dispose() ended the open runs");
            NS_TEST_EXPECT_MSG_EQ(reader.Text("SELECT group_concat(status) FROM (SELECT status "
                                              "FROM runs ORDER BY run_id)"),
                                  "finished,failed,failed",
                                  "runs closed before EndRun() did not finish");
            const std::string failure = reader.Text("SELECT failure FROM runs WHERE run_id = 2");
            NS_TEST_EXPECT_MSG_EQ(Contains(failure, "closed before EndRun()"), true, failure);
        }
        RngSeedManager::SetSeed(oldSeed);
        RngSeedManager::SetRun(oldRun);
    }
};

/**
 * \ingroup sagin-tests
 * Misuse of batches and SQL is reported with the statement named.
 */
class RunStoreBatchErrorsTestCase : public TestCase
{
  public:
    RunStoreBatchErrorsTestCase()
        : TestCase("batch binding and SQL errors")
    {
    }

  private:
    void DoRun() override
    {
        const std::string path = CreateTempDirFilename("batch-errors.db");
        std::filesystem::remove(path);
        Ptr<RunStore> store = MakeStore(path, 10);
        store->CreateTable("t", "a INTEGER NOT NULL, b REAL");
        Ptr<RunStore::Batch> batch = store->Prepare("INSERT INTO t (a, b) VALUES (?, ?)");

        std::string message =
            MessageOf<std::invalid_argument>([&batch]() { batch->Bind(1).Insert(); });
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "1 of 2 values bound"), true, message);
        message = MessageOf<std::invalid_argument>([&batch]() { batch->InsertRow(1, 2.0, 3); });
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "2 placeholders"), true, message);
        message = MessageOf<std::invalid_argument>([&batch]() { batch->Bind(UINT64_MAX); });
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "does not fit"), true, message);
        // After the failures the batch starts a fresh row.
        batch->InsertRow(1, 2.0);
        message =
            MessageOf<std::runtime_error>([&batch]() { batch->BindNull().Bind(1.0).Insert(); });
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "NOT NULL"), true, "constraint: " << message);

        message = MessageOf<std::invalid_argument>(
            [&store]() { store->Prepare("INSERT INTO nowhere VALUES (?)"); });
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "nowhere") && Contains(message, "no such table"),
                              true,
                              message);
        message =
            MessageOf<std::invalid_argument>([&store]() { store->Execute("CREATE TABLE ("); });
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "CREATE TABLE ("), true, message);
        message = MessageOf<std::invalid_argument>(
            [&store]() { store->CreateTable("x; DROP TABLE t", "a"); });
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "not a plain identifier"), true, message);
        // The same table again is fine; with other columns (another version) it is refused.
        store->CreateTable("t", "a INTEGER NOT NULL, b REAL");
        message = MessageOf<std::invalid_argument>(
            [&store]() { store->CreateTable("t", "a INTEGER NOT NULL, b REAL, c TEXT"); });
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "has the columns (a, b)") &&
                                  Contains(message, "writes (a, b, c)") &&
                                  Contains(message, "to a new file"),
                              true,
                              message);
        store->Dispose();
        Reader reader(path);
        NS_TEST_EXPECT_MSG_EQ(reader.Integer("SELECT count(*) FROM t"), 1, "only the good row");
    }
};

/**
 * \ingroup sagin-tests
 * A run that fails is recorded as failed with its reason, whether the program says so
 * (FailRun() in its catch handler) or closes the store without ending the run.
 */
class RunStoreFailureTestCase : public TestCase
{
  public:
    RunStoreFailureTestCase()
        : TestCase("failed runs are recorded as failed, with the reason")
    {
    }

  private:
    void DoRun() override
    {
        const std::string path = CreateTempDirFilename("failure.db");
        std::filesystem::remove(path);
        const std::string reason = "sagin-study: the ledger ran out of \"space\"\nline 2";

        // The shape of every example: the store outlives the try block, the catch handler
        // records the failure.
        Ptr<RunStore> store;
        int64_t failed = -1;
        try
        {
            store = MakeStore(path, 10);
            failed = store->BeginRun("failure-test", {{"slots", "5"}});
            store->CreateTable("samples", "run_id INTEGER, idx INTEGER");
            Ptr<RunStore::Batch> rows = store->Prepare("INSERT INTO samples VALUES (?, ?)");
            for (int i = 0; i < 15; ++i)
            {
                rows->InsertRow(failed, i);
            }
            throw std::runtime_error(reason);
        }
        catch (const std::exception& e)
        {
            NS_TEST_EXPECT_MSG_EQ(store->FailRun(e.what()), true, "the failure is recorded");
        }
        NS_TEST_EXPECT_MSG_EQ(store->GetRunId(), -1, "no run open after FailRun()");
        NS_TEST_EXPECT_MSG_EQ(store->FailRun("again"), false, "no run to fail: nothing done");
        const std::string message = MessageOf<std::runtime_error>([&store]() { store->EndRun(); });
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "no run is open"), true, message);
        {
            Reader reader(path);
            NS_TEST_EXPECT_MSG_EQ(
                reader.Text("SELECT status FROM runs WHERE run_id = " + std::to_string(failed)),
                "failed",
                "status");
            NS_TEST_EXPECT_MSG_EQ(reader.Text("SELECT failure FROM runs"),
                                  reason,
                                  "the exception's message, byte for byte");
            NS_TEST_EXPECT_MSG_EQ(reader.Integer("SELECT wall_seconds >= 0 FROM runs"),
                                  1,
                                  "wall time until the failure");
            NS_TEST_EXPECT_MSG_EQ(reader.Integer("SELECT count(*) FROM samples"),
                                  15,
                                  "the rows written before the failure, pending ones included");
        }

        // The next run of the same store finishes normally; a third is left open when the
        // store is disposed of.
        const int64_t finished = store->BeginRun("failure-test", {});
        store->EndRun();
        const int64_t abandoned = store->BeginRun("failure-test", {});
        store->Dispose();
        Reader reader(path);
        NS_TEST_EXPECT_MSG_EQ(reader.Text("SELECT status || ',' || typeof(failure) FROM runs "
                                          "WHERE run_id = " +
                                          std::to_string(finished)),
                              "finished,null",
                              "a finished run has no failure");
        NS_TEST_EXPECT_MSG_EQ(
            reader.Text("SELECT status FROM runs WHERE run_id = " + std::to_string(abandoned)),
            "failed",
            "a run the program did not end");
        const std::string closed =
            reader.Text("SELECT failure FROM runs WHERE run_id = " + std::to_string(abandoned));
        NS_TEST_EXPECT_MSG_EQ(Contains(closed, "closed before EndRun()"), true, closed);
        // The schema refuses a status other than the three.
        NS_TEST_EXPECT_MSG_EQ(
            reader.Text("SELECT sql LIKE '%CHECK (status IN (''unfinished'', ''finished'', "
                        "''failed''))%' FROM sqlite_master WHERE name = 'runs'"),
            "1",
            "status constrained");
    }
};

/**
 * \ingroup sagin-tests
 * Rows committed before an abrupt end survive, and with CheckpointInterval 0 they sit in the
 * database file itself: the file copied alone (without its -wal file) after a commit and
 * after a Flush(), and a child process killed with SIGKILL in the middle of a transaction.
 * With a long CheckpointInterval the commits stay in the log, but BeginRun() and Flush()
 * still checkpoint.
 */
class RunStoreCrashTestCase : public TestCase
{
  public:
    RunStoreCrashTestCase()
        : TestCase("committed batches survive an abrupt end, in the database file")
    {
    }

  private:
    /**
     * \param path a database file
     * \param copy where to copy it, without its -wal and -shm files
     */
    static void CopyAlone(const std::string& path, const std::string& copy)
    {
        namespace fs = std::filesystem;
        for (const auto& p : {copy, copy + "-wal", copy + "-shm"})
        {
            fs::remove(p);
        }
        fs::copy_file(path, copy);
    }

    void DoRun() override
    {
        namespace fs = std::filesystem;
        const std::string path = CreateTempDirFilename("crash.db");
        const std::string committed = CreateTempDirFilename("committed-copy.db");
        const std::string flushed = CreateTempDirFilename("flushed-copy.db");
        for (const auto& p : {path, path + "-wal", path + "-shm"})
        {
            fs::remove(p);
        }
        Ptr<RunStore> store = MakeStore(path, 100);
        store->SetAttribute("CheckpointInterval", DoubleValue(0.0));
        const int64_t run = store->BeginRun("crash-test", {});
        store->CreateTable("samples", "run_id INTEGER, idx INTEGER");
        Ptr<RunStore::Batch> batch = store->Prepare("INSERT INTO samples VALUES (?, ?)");
        int idx = 0;
        for (; idx < 250; ++idx)
        {
            batch->InsertRow(run, idx);
        }
        // Commits at 100 and 200 rows; 50 pending. The database file alone, mid-run.
        CopyAlone(path, committed);
        store->Flush();
        CopyAlone(path, flushed);
        {
            Reader reader(committed);
            NS_TEST_EXPECT_MSG_EQ(reader.Text("PRAGMA integrity_check"), "ok", "committed copy");
            NS_TEST_EXPECT_MSG_EQ(reader.Integer("SELECT count(*) FROM samples"),
                                  200,
                                  "the committed batches are in the database file, not only "
                                  "in the log");
            NS_TEST_EXPECT_MSG_EQ(reader.Text("SELECT status FROM runs WHERE run_id = 1"),
                                  "unfinished",
                                  "the run row, unfinished");
        }
        {
            Reader reader(flushed);
            NS_TEST_EXPECT_MSG_EQ(reader.Text("PRAGMA integrity_check"), "ok", "flushed copy");
            NS_TEST_EXPECT_MSG_EQ(reader.Integer("SELECT count(*) FROM samples"),
                                  250,
                                  "every row flushed before the copy");
        }
        store->Dispose();
        NS_TEST_EXPECT_MSG_EQ(fs::exists(path + "-wal") ? fs::file_size(path + "-wal") : 0,
                              0u,
                              "Close() leaves no log behind");

        // An hour between checkpoints: the commits stay in the log until the Flush().
        const std::string lagging = CreateTempDirFilename("lagging.db");
        const std::string laggingAlone = CreateTempDirFilename("lagging-alone.db");
        for (const auto& p : {lagging, lagging + "-wal", lagging + "-shm"})
        {
            fs::remove(p);
        }
        Ptr<RunStore> slow = MakeStore(lagging, 100);
        slow->SetAttribute("CheckpointInterval", DoubleValue(3600.0));
        const int64_t slowRun = slow->BeginRun("lagging", {});
        slow->CreateTable("samples", "run_id INTEGER, idx INTEGER");
        Ptr<RunStore::Batch> slowRows = slow->Prepare("INSERT INTO samples VALUES (?, ?)");
        for (int i = 0; i < 250; ++i)
        {
            slowRows->InsertRow(slowRun, i);
        }
        CopyAlone(lagging, laggingAlone);
        {
            Reader reader(laggingAlone);
            NS_TEST_EXPECT_MSG_EQ(reader.Text("SELECT status FROM runs"),
                                  "unfinished",
                                  "BeginRun() checkpointed the run row");
            NS_TEST_EXPECT_MSG_EQ(reader.Integer("SELECT count(*) FROM sqlite_master WHERE "
                                                 "name = 'samples'"),
                                  0,
                                  "the table and the commits after it are still in the log");
        }
        {
            Reader reader(lagging);
            NS_TEST_EXPECT_MSG_EQ(reader.Integer("SELECT count(*) FROM samples"),
                                  200,
                                  "opened with SQLite, the log's commits are there");
        }
        slow->Flush();
        CopyAlone(lagging, laggingAlone);
        {
            Reader reader(laggingAlone);
            NS_TEST_EXPECT_MSG_EQ(reader.Integer("SELECT count(*) FROM samples"),
                                  250,
                                  "Flush() checkpoints whatever the interval");
        }
        slowRows = nullptr;
        slow->Dispose();

        // A process killed in the middle of a transaction, without closing anything.
        const std::string killed = CreateTempDirFilename("killed.db");
        const std::string killedAlone = CreateTempDirFilename("killed-alone.db");
        for (const auto& p : {killed, killed + "-wal", killed + "-shm"})
        {
            fs::remove(p);
        }
        const pid_t child = fork();
        if (child == 0)
        {
            try
            {
                Ptr<RunStore> doomed = MakeStore(killed, 100);
                doomed->SetAttribute("CheckpointInterval", DoubleValue(0.0));
                const int64_t id = doomed->BeginRun("killed", {});
                doomed->CreateTable("samples", "run_id INTEGER, idx INTEGER");
                Ptr<RunStore::Batch> rows = doomed->Prepare("INSERT INTO samples VALUES (?, ?)");
                for (int i = 0; i < 250; ++i)
                {
                    rows->InsertRow(id, i);
                }
                kill(getpid(), SIGKILL); // the 50 pending rows are lost
            }
            catch (...)
            {
                _exit(2);
            }
            _exit(3);
        }
        int status = -1;
        waitpid(child, &status, 0);
        NS_TEST_ASSERT_MSG_EQ(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
                              true,
                              "the child wrote its rows and was killed (status " << status << ")");
        CopyAlone(killed, killedAlone);
        for (const auto& file : {killedAlone, killed})
        {
            Reader reader(file);
            NS_TEST_EXPECT_MSG_EQ(reader.Text("PRAGMA integrity_check"), "ok", file);
            NS_TEST_EXPECT_MSG_EQ(reader.Integer("SELECT count(*) FROM samples"),
                                  200,
                                  file << ": the two committed batches");
            NS_TEST_EXPECT_MSG_EQ(reader.Text("SELECT status || ',' || typeof(wall_seconds) "
                                              "FROM runs"),
                                  "unfinished,null",
                                  file << ": the killed run is unfinished");
        }
    }
};

/**
 * \ingroup sagin-tests
 * Files that cannot be written, or are not run stores, are refused with their path named.
 */
class RunStoreBadPathTestCase : public TestCase
{
  public:
    RunStoreBadPathTestCase()
        : TestCase("unwritable and foreign files")
    {
    }

  private:
    void DoRun() override
    {
        const std::string missingDir = "/nonexistent-sagin-dir/x.db";
        std::string message =
            MessageOf<std::runtime_error>([&]() { MakeStore(missingDir)->Open(); });
        NS_TEST_EXPECT_MSG_EQ(Contains(message, missingDir), true, "path named: " << message);
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "set ns3::sagin::RunStore::Path"),
                              true,
                              "fix named: " << message);

        const std::string directory = CreateTempDirFilename("a-directory.db");
        std::filesystem::create_directories(directory);
        message = MessageOf<std::runtime_error>([&]() { MakeStore(directory)->BeginRun("x", {}); });
        NS_TEST_EXPECT_MSG_EQ(Contains(message, directory), true, "directory: " << message);

        const std::string text = CreateTempDirFilename("text.db");
        std::ofstream(text) << "this is not a database, it is a text file long enough to have "
                               "what SQLite would take for a header and more\n";
        message = MessageOf<std::runtime_error>([&]() { MakeStore(text)->Open(); });
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "not an SQLite database") &&
                                  Contains(message, text),
                              true,
                              "text file: " << message);

        const std::string foreign = CreateTempDirFilename("foreign.db");
        WriteDatabase(foreign, "CREATE TABLE customers (name TEXT);");
        message = MessageOf<std::runtime_error>([&]() { MakeStore(foreign)->Open(); });
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "not a sagin run store"), true, message);

        message = MessageOf<std::invalid_argument>([&]() { MakeStore("")->Open(); });
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "Path attribute is empty"), true, message);
        message = MessageOf<std::invalid_argument>([&]() {
            Ptr<RunStore> store = MakeStore(CreateTempDirFilename("journal.db"));
            store->SetAttribute("JournalMode", StringValue("OFF"));
            store->Open();
        });
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "JournalMode \"OFF\""), true, message);
    }
};

/**
 * \ingroup sagin-tests
 * A database of another schema version is refused, saying which way it differs.
 */
class RunStoreSchemaVersionTestCase : public TestCase
{
  public:
    RunStoreSchemaVersionTestCase()
        : TestCase("schema version mismatch")
    {
    }

  private:
    void DoRun() override
    {
        const std::string older = CreateTempDirFilename("older.db");
        WriteDatabase(older,
                      "CREATE TABLE schema_version (version INTEGER);"
                      "INSERT INTO schema_version VALUES (0);");
        std::string message = MessageOf<std::runtime_error>([&]() { MakeStore(older)->Open(); });
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "schema version 0") && Contains(message, older) &&
                                  Contains(message, "older"),
                              true,
                              message);

        const std::string newer = CreateTempDirFilename("newer.db");
        WriteDatabase(newer,
                      "CREATE TABLE schema_version (version INTEGER);"
                      "INSERT INTO schema_version VALUES (" +
                          std::to_string(RunStore::SCHEMA_VERSION + 1) + ");");
        message = MessageOf<std::runtime_error>([&]() { MakeStore(newer)->Open(); });
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "newer"), true, message);

        const std::string twoRows = CreateTempDirFilename("two-rows.db");
        WriteDatabase(twoRows,
                      "CREATE TABLE schema_version (version INTEGER);"
                      "INSERT INTO schema_version VALUES (1), (1);");
        message = MessageOf<std::runtime_error>([&]() { MakeStore(twoRows)->Open(); });
        NS_TEST_EXPECT_MSG_EQ(Contains(message, "2 rows in schema_version"), true, message);

        // The refused files are left untouched.
        Reader reader(older);
        NS_TEST_EXPECT_MSG_EQ(reader.Integer("SELECT count(*) FROM sqlite_master"),
                              1,
                              "no table added to a refused file");
    }
};

/**
 * \ingroup sagin-tests
 * Merging run stores: runs renumbered after this store's, their rows following; a table
 * missing here created; refusals (open run, missing file, not a run store, another schema
 * version, other columns, no run_id, the store's own file, a part merged before) merge
 * nothing.
 */
class RunStoreMergeTestCase : public TestCase
{
  public:
    RunStoreMergeTestCase()
        : TestCase("merge run stores written by separate processes")
    {
    }

  private:
    /**
     * Write a store with one run of the given RngRun and rows x = first, first + 1.
     * \param path the file
     * \param rngRun the run number
     * \param first the first x
     * \param extraTable also write a table only this store has
     */
    static void Write(const std::string& path, uint64_t rngRun, int first, bool extraTable)
    {
        std::filesystem::remove(path);
        const uint64_t saved = RngSeedManager::GetRun();
        RngSeedManager::SetRun(rngRun);
        Ptr<RunStore> store = MakeStore(path);
        const int64_t run = store->BeginRun("merge-test", {{"part", std::to_string(rngRun)}});
        store->CreateTable("points", "run_id INTEGER, x INTEGER, y REAL");
        Ptr<RunStore::Batch> rows = store->Prepare("INSERT INTO points VALUES (?, ?, ?)");
        rows->InsertRow(run, first, 0.5 * first);
        rows->InsertRow(run, first + 1, 0.5 * (first + 1));
        if (extraTable)
        {
            store->CreateTable("extra", "run_id INTEGER, note TEXT");
            store->Prepare("INSERT INTO extra VALUES (?, ?)")->InsertRow(run, "only here");
        }
        store->EndRun();
        store->Close();
        RngSeedManager::SetRun(saved);
    }

    void DoRun() override
    {
        const std::string a = CreateTempDirFilename("merge-a.db");
        const std::string b = CreateTempDirFilename("merge-b.db");
        const std::string c = CreateTempDirFilename("merge-c.db");
        Write(a, 1, 10, false);
        Write(b, 2, 20, true);
        Write(c, 3, 30, false);
        Ptr<RunStore> all = MakeStore(a);
        NS_TEST_EXPECT_MSG_EQ(all->MergeFrom(b), 1, "one run from b");
        NS_TEST_EXPECT_MSG_EQ(all->MergeFrom(c), 1, "one run from c");
        all->Close();
        Reader reader(a);
        NS_TEST_EXPECT_MSG_EQ(reader.Text("SELECT group_concat(run_id || ':' || rng_run || ':' || "
                                          "status, ' ') FROM runs"),
                              "1:1:finished 2:2:finished 3:3:finished",
                              "runs renumbered, RngRun and status kept");
        NS_TEST_EXPECT_MSG_EQ(
            reader.Text("SELECT group_concat(run_id || ':' || x || ':' || y, ' ') "
                        "FROM points"),
            "1:10:5.0 1:11:5.5 2:20:10.0 2:21:10.5 3:30:15.0 3:31:15.5",
            "rows follow their runs");
        NS_TEST_EXPECT_MSG_EQ(reader.Text("SELECT run_id || ':' || note FROM extra"),
                              "2:only here",
                              "a table only b had");
        NS_TEST_EXPECT_MSG_EQ(reader.Text("SELECT json_extract(configuration, '$.part') FROM runs "
                                          "WHERE run_id = 3"),
                              "3",
                              "configuration kept");

        // Refusals leave the store as it was.
        Ptr<RunStore> store = MakeStore(a);
        std::string m = MessageOf<std::runtime_error>(
            [&]() { store->MergeFrom(CreateTempDirFilename("no-such.db")); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "cannot open it for reading"), true, m);
        const std::string foreign = CreateTempDirFilename("foreign.db");
        WriteDatabase(foreign, "CREATE TABLE t (a INTEGER);");
        m = MessageOf<std::runtime_error>([&]() { store->MergeFrom(foreign); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "not a sagin run store"), true, m);
        const std::string other = CreateTempDirFilename("merge-other.db");
        {
            std::filesystem::remove(other);
            Ptr<RunStore> o = MakeStore(other);
            const int64_t run = o->BeginRun("merge-test", {});
            o->CreateTable("points", "run_id INTEGER, x INTEGER");
            o->Prepare("INSERT INTO points VALUES (?, ?)")->InsertRow(run, 99);
            o->EndRun();
            o->Close();
        }
        m = MessageOf<std::runtime_error>([&]() { store->MergeFrom(other); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m,
                                       "table points has the columns (run_id, x) there but "
                                       "(run_id, x, y) here"),
                              true,
                              m);
        m = MessageOf<std::runtime_error>([&]() { store->MergeFrom(a); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "this store's own file"), true, m);
        const std::string link = CreateTempDirFilename("merge-link.db");
        std::filesystem::remove(link);
        // An absolute target: a relative one (test.py's relative --tempdir) would be read
        // from the link's own directory.
        std::filesystem::create_symlink(std::filesystem::absolute(a), link);
        m = MessageOf<std::runtime_error>([&]() { store->MergeFrom(link); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "this store's own file"), true, "a symlink: " << m);
        m = MessageOf<std::runtime_error>([&]() { store->MergeFrom(b); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "1 of its runs are here already"), true, m);
        const std::string older = CreateTempDirFilename("merge-older.db");
        WriteDatabase(older,
                      "CREATE TABLE schema_version (version INTEGER);"
                      "INSERT INTO schema_version VALUES (1);");
        m = MessageOf<std::runtime_error>([&]() { store->MergeFrom(older); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "schema version is not"), true, m);
        const std::string loose = CreateTempDirFilename("merge-loose.db");
        {
            std::filesystem::remove(loose);
            Ptr<RunStore> o = MakeStore(loose);
            o->CreateTable("settings", "name TEXT, value TEXT");
            o->Close();
        }
        m = MessageOf<std::runtime_error>([&]() { store->MergeFrom(loose); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "table settings has no run_id column"), true, m);
        store->BeginRun("merge-test", {});
        m = MessageOf<std::runtime_error>([&]() { store->MergeFrom(b); });
        NS_TEST_EXPECT_MSG_EQ(Contains(m, "is open; merge after EndRun()"), true, m);
        store->EndRun();
        store->Close();
        Reader after(a);
        NS_TEST_EXPECT_MSG_EQ(after.Integer("SELECT count(*) FROM runs"), 4, "3 merged + 1 new");
        NS_TEST_EXPECT_MSG_EQ(after.Integer("SELECT count(*) FROM points"),
                              6,
                              "no row of a refused merge");
    }
};

/**
 * \ingroup sagin-tests
 * The run store TestSuite.
 */
class RunStoreTestSuite : public TestSuite
{
  public:
    RunStoreTestSuite()
        : TestSuite("sagin-run-store", Type::UNIT)
    {
        AddTestCase(new RunStoreWriteReadTestCase);
        AddTestCase(new RunStoreBatchErrorsTestCase);
        AddTestCase(new RunStoreFailureTestCase);
        AddTestCase(new RunStoreCrashTestCase);
        AddTestCase(new RunStoreBadPathTestCase);
        AddTestCase(new RunStoreSchemaVersionTestCase);
        AddTestCase(new RunStoreMergeTestCase);
    }
};

static RunStoreTestSuite g_runStoreTestSuite; //!< Static variable for test initialization
