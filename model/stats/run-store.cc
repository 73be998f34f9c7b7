// SPDX-License-Identifier: GPL-2.0-only

#include "run-store.h"

#include "sagin-version.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <sqlite3.h>
#include <sstream>
#include <vector>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginRunStore");

NS_OBJECT_ENSURE_REGISTERED(RunStore);

namespace
{

/** Journal modes that keep committed transactions across a crash. */
const std::set<std::string> CRASH_SAFE_JOURNAL_MODES = {"WAL", "DELETE", "TRUNCATE", "PERSIST"};

/**
 * \param text any text
 * \return the text in upper case
 */
std::string
ToUpper(std::string text)
{
    for (auto& c : text)
    {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return text;
}

/**
 * \return the current UTC wall-clock time as "YYYY-MM-DDTHH:MM:SSZ"
 */
std::string
UtcNow()
{
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

/**
 * \param text any text
 * \return the text as a JSON string literal, with quotes
 */
std::string
JsonString(const std::string& text)
{
    std::ostringstream out;
    out << '"';
    for (const char c : text)
    {
        switch (c)
        {
        case '"':
            out << "\\\"";
            break;
        case '\\':
            out << "\\\\";
            break;
        case '\n':
            out << "\\n";
            break;
        case '\r':
            out << "\\r";
            break;
        case '\t':
            out << "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20)
            {
                char escaped[8];
                std::snprintf(escaped, sizeof(escaped), "\\u%04x", static_cast<unsigned>(c));
                out << escaped;
            }
            else
            {
                out << c;
            }
        }
    }
    out << '"';
    return out.str();
}

/**
 * \param name a candidate SQL table name
 * \return true for a plain identifier: letters, digits and '_', not starting with a digit
 */
bool
IsPlainIdentifier(const std::string& name)
{
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])))
    {
        return false;
    }
    for (const char c : name)
    {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
        {
            return false;
        }
    }
    return true;
}

} // namespace

TypeId
RunStore::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::RunStore")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddConstructor<RunStore>()
            .AddAttribute("Path",
                          "SQLite database file the results are written to (created if missing; "
                          "an existing file must be a sagin run store of the same schema "
                          "version). Read by Open().",
                          StringValue("sagin-results.db"),
                          MakeStringAccessor(&RunStore::m_path),
                          MakeStringChecker())
            .AddAttribute("BatchSize",
                          "Rows (over all batches) inserted per transaction: a commit happens "
                          "every BatchSize rows (rows, >= 1).",
                          UintegerValue(1000),
                          MakeUintegerAccessor(&RunStore::m_batchSize),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("CheckpointInterval",
                          "Least wall-clock time between two checkpoints that copy the "
                          "write-ahead log into the database file after a commit (s, >= 0; "
                          "0: after every commit). BeginRun, EndRun, FailRun, Flush and Close "
                          "always checkpoint. A checkpoint costs two fsyncs (milliseconds): "
                          "after every commit it can make writing several times slower. "
                          "Journal mode WAL only.",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&RunStore::m_checkpointInterval),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("JournalMode",
                          "SQLite journal mode: WAL (default; fast, needs a local file system) "
                          "or DELETE, TRUNCATE, PERSIST (rollback journal; use one of these "
                          "on network file systems such as NFS, where WAL does not work). "
                          "Read by Open().",
                          StringValue("WAL"),
                          MakeStringAccessor(&RunStore::m_journalMode),
                          MakeStringChecker());
    return tid;
}

RunStore::RunStore()
{
    NS_LOG_FUNCTION(this);
}

RunStore::~RunStore()
{
    NS_LOG_FUNCTION(this);
    try
    {
        Close();
    }
    catch (const std::exception& e)
    {
        // A destructor must not throw; the last transaction is lost, earlier ones are safe.
        NS_LOG_ERROR("RunStore: closing '" << m_path << "' failed: " << e.what());
    }
}

void
RunStore::DoDispose()
{
    NS_LOG_FUNCTION(this);
    Close();
    Object::DoDispose();
}

void
RunStore::Open()
{
    NS_LOG_FUNCTION(this << m_path);
    if (m_db != nullptr)
    {
        return;
    }
    if (m_path.empty())
    {
        throw std::invalid_argument("RunStore: the Path attribute is empty; set "
                                    "ns3::sagin::RunStore::Path to the results database file, "
                                    "e.g. \"results.db\"");
    }
    const std::string journalMode = ToUpper(m_journalMode);
    if (CRASH_SAFE_JOURNAL_MODES.count(journalMode) == 0)
    {
        throw std::invalid_argument(
            "RunStore: JournalMode \"" + m_journalMode +
            "\" is not supported; use WAL, or DELETE, TRUNCATE or PERSIST on network file "
            "systems (MEMORY and OFF would corrupt the database on a crash)");
    }

    const std::string fix = "; make sure the directory exists and is writable and the path "
                            "names a file, or set ns3::sagin::RunStore::Path to another file";
    int rc =
        sqlite3_open_v2(m_path.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK)
    {
        const std::string reason = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        sqlite3_close(m_db);
        m_db = nullptr;
        throw std::runtime_error("RunStore: cannot open the results database '" + m_path +
                                 "' for writing (" + reason + ")" + fix);
    }
    if (sqlite3_db_readonly(m_db, "main") == 1)
    {
        sqlite3_close(m_db);
        m_db = nullptr;
        throw std::runtime_error("RunStore: the results database '" + m_path + "' is read-only" +
                                 fix);
    }
    try
    {
        // Wait for another process writing the same file rather than failing at once.
        sqlite3_busy_timeout(m_db, 10000);
        // SQLite opens files lazily: this is the first access, and fails for a directory or
        // a file that is not a database.
        sqlite3_stmt* statement = nullptr;
        rc = sqlite3_prepare_v2(m_db,
                                ("PRAGMA journal_mode=" + journalMode).c_str(),
                                -1,
                                &statement,
                                nullptr);
        std::string mode;
        if (rc == SQLITE_OK)
        {
            rc = sqlite3_step(statement);
            if (rc == SQLITE_ROW)
            {
                mode = ToUpper(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
                rc = SQLITE_OK;
            }
        }
        if (rc != SQLITE_OK)
        {
            const std::string reason = sqlite3_errmsg(m_db);
            sqlite3_finalize(statement);
            if (rc == SQLITE_NOTADB)
            {
                throw std::runtime_error("RunStore: '" + m_path +
                                         "' exists but is not an SQLite database; set "
                                         "ns3::sagin::RunStore::Path to another file or move "
                                         "this one away");
            }
            throw std::runtime_error("RunStore: cannot write the results database '" + m_path +
                                     "' (" + reason + ")" + fix);
        }
        sqlite3_finalize(statement);
        if (mode != journalMode)
        {
            throw std::runtime_error("RunStore: the file system of '" + m_path +
                                     "' does not support journal mode " + journalMode +
                                     " (SQLite kept " + mode +
                                     "); set ns3::sagin::RunStore::JournalMode to DELETE");
        }
        if (journalMode == "WAL")
        {
            // With a write-ahead log NORMAL loses no committed transaction when the process
            // dies (only, possibly, the last ones on a power failure).
            Exec("PRAGMA synchronous=NORMAL", "set the synchronous mode");
        }
        InitialiseSchema();
    }
    catch (...)
    {
        sqlite3_close(m_db);
        m_db = nullptr;
        throw;
    }
    NS_LOG_INFO("RunStore: opened '" << m_path << "'");
}

void
RunStore::InitialiseSchema()
{
    Exec("BEGIN IMMEDIATE", "lock the database to check its schema");
    try
    {
        auto queryInt = [this](const std::string& sql, std::vector<int64_t>& values) {
            for (const auto& row : Query(sql, "read the schema"))
            {
                values.push_back(
                    std::strtoll(row.at(0).c_str(), nullptr, 10)); // as SQLite: 0 if not a number
            }
        };
        std::vector<int64_t> tables;
        queryInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                 "name = 'schema_version'",
                 tables);
        if (tables.at(0) == 0)
        {
            std::vector<int64_t> others;
            queryInt("SELECT count(*) FROM sqlite_master WHERE type = 'table'", others);
            if (others.at(0) != 0)
            {
                throw std::runtime_error(
                    "RunStore: '" + m_path +
                    "' is an SQLite database but not a sagin run store (it has no table "
                    "schema_version); set ns3::sagin::RunStore::Path to another file");
            }
            Exec("CREATE TABLE schema_version (version INTEGER)", "create table schema_version");
            Exec("INSERT INTO schema_version (version) VALUES (" + std::to_string(SCHEMA_VERSION) +
                     ")",
                 "write the schema version");
        }
        else
        {
            std::vector<int64_t> versions;
            queryInt("SELECT version FROM schema_version", versions);
            if (versions.size() != 1)
            {
                throw std::runtime_error("RunStore: '" + m_path + "' has " +
                                         std::to_string(versions.size()) +
                                         " rows in schema_version instead of one, so its "
                                         "schema is unknown; set ns3::sagin::RunStore::Path to "
                                         "another file");
            }
            if (versions[0] != SCHEMA_VERSION)
            {
                std::ostringstream msg;
                msg << "RunStore: '" << m_path << "' has run-store schema version " << versions[0]
                    << " but this sagin " << SAGIN_MODULE_VERSION << " reads and writes version "
                    << SCHEMA_VERSION << "; ";
                if (versions[0] < SCHEMA_VERSION)
                {
                    msg << "the file was written by an older sagin: ";
                }
                else
                {
                    msg << "the file was written by a newer sagin (upgrade this one) or ";
                }
                msg << "set ns3::sagin::RunStore::Path to a new file (or move the old one "
                       "away)";
                throw std::runtime_error(msg.str());
            }
        }
        Exec("CREATE TABLE IF NOT EXISTS runs ("
             "run_id INTEGER PRIMARY KEY, "
             "started_utc TEXT, "
             "example TEXT, "
             "module_version TEXT, "
             "ns3_version TEXT, "
             "rng_seed INTEGER, "
             "rng_run INTEGER, "
             "configuration TEXT, "
             "wall_seconds REAL, "
             "status TEXT NOT NULL CHECK (status IN ('unfinished', 'finished', 'failed')), "
             "failure TEXT)",
             "create table runs");
        Exec("COMMIT", "commit the schema");
    }
    catch (...)
    {
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

void
RunStore::Close()
{
    NS_LOG_FUNCTION(this);
    if (m_db == nullptr)
    {
        return;
    }
    if (m_runId >= 0)
    {
        // When even this cannot be written, FailRun() says so on std::cerr.
        FailRun("the run store was closed before EndRun(): the program stopped before the run "
                "ended (e.g. on an exception or an early return)");
    }
    Commit();
    for (Batch* batch : m_batches)
    {
        batch->Detach();
    }
    m_batches.clear();
    // Everything into the database file and the log emptied; sqlite3_close() removes it.
    Checkpoint(SQLITE_CHECKPOINT_TRUNCATE);
    const int rc = sqlite3_close(m_db);
    if (rc != SQLITE_OK)
    {
        NS_LOG_ERROR("RunStore: sqlite3_close('" << m_path << "') returned " << rc);
    }
    m_db = nullptr;
    NS_LOG_INFO("RunStore: closed '" << m_path << "'");
}

bool
RunStore::IsOpen() const
{
    return m_db != nullptr;
}

std::string
RunStore::GetPath() const
{
    return m_path;
}

void
RunStore::EnsureOpen()
{
    if (m_db == nullptr)
    {
        Open();
    }
}

int64_t
RunStore::BeginRun(const std::string& example,
                   const std::map<std::string, std::string>& configuration)
{
    NS_LOG_FUNCTION(this << example);
    EnsureOpen();
    if (m_runId >= 0)
    {
        throw std::runtime_error("RunStore::BeginRun(\"" + example + "\"): run " +
                                 std::to_string(m_runId) + " is still open in '" + m_path +
                                 "'; call EndRun() first");
    }
    Commit();
    Ptr<Batch> insert =
        Prepare("INSERT INTO runs (started_utc, example, module_version, ns3_version, rng_seed, "
                "rng_run, configuration, wall_seconds, status, failure) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 'unfinished', NULL)");
    insert->Bind(UtcNow())
        .Bind(example)
        .Bind(SAGIN_MODULE_VERSION)
        .Bind(GetNs3Version())
        .Bind(RngSeedManager::GetSeed())
        .Bind(RngSeedManager::GetRun())
        .Bind(FormatConfiguration(configuration));
    insert->Insert();
    // Visible at once (and to readers), and in the database file, rather than with the first
    // batch: a process killed from now on leaves the run 'unfinished'.
    Flush();
    m_runId = sqlite3_last_insert_rowid(m_db);
    m_runStart = std::chrono::steady_clock::now();
    NS_LOG_INFO("RunStore: run " << m_runId << " of " << example << " began");
    return m_runId;
}

void
RunStore::EndRun()
{
    NS_LOG_FUNCTION(this << m_runId);
    if (m_runId < 0 || m_db == nullptr)
    {
        throw std::runtime_error("RunStore::EndRun(): no run is open in '" + m_path +
                                 "'; call BeginRun() first");
    }
    FinishRun("finished", "");
}

bool
RunStore::FailRun(const std::string& reason) noexcept
{
    NS_LOG_FUNCTION(this << reason);
    if (m_runId < 0 || m_db == nullptr)
    {
        return false;
    }
    const int64_t run = m_runId;
    std::string error;
    try
    {
        FinishRun("failed", reason);
        return true;
    }
    catch (const std::exception& e)
    {
        error = e.what();
    }
    catch (...)
    {
        error = "unknown exception";
    }
    // Printed, not logged: NS_LOG may be compiled out, and the user must learn whether the
    // store says why the run stopped.
    if (m_runId < 0)
    {
        // FinishRun() committed the status and failed after (the checkpoint).
        std::cerr << "RunStore: run " << run << " recorded as failed in '" << m_path
                  << "', but then: " << error << std::endl;
        return true;
    }
    std::cerr << "RunStore: could not record that run " << run << " failed (" << reason
              << "): " << error << "; it stays 'unfinished' in '" << m_path << "'" << std::endl;
    if (m_inTransaction)
    {
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        m_inTransaction = false;
        m_pendingRows = 0;
    }
    m_runId = -1;
    return false;
}

void
RunStore::FinishRun(const std::string& status, const std::string& failure)
{
    const double wallSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - m_runStart).count();
    Commit();
    Ptr<Batch> update =
        Prepare("UPDATE runs SET wall_seconds = ?, status = ?, failure = ? WHERE run_id = ?");
    update->Bind(wallSeconds).Bind(status);
    if (failure.empty())
    {
        update->BindNull();
    }
    else
    {
        update->Bind(failure);
    }
    update->Bind(m_runId).Insert();
    Commit();
    NS_LOG_INFO("RunStore: run " << m_runId << " " << status << " after " << wallSeconds << " s");
    m_runId = -1;
    Checkpoint(SQLITE_CHECKPOINT_PASSIVE);
}

int64_t
RunStore::GetRunId() const
{
    return m_runId;
}

void
RunStore::Execute(const std::string& sql)
{
    NS_LOG_FUNCTION(this << sql);
    EnsureOpen();
    Commit();
    char* error = nullptr;
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK)
    {
        const std::string reason = error ? error : sqlite3_errmsg(m_db);
        sqlite3_free(error);
        throw std::invalid_argument("RunStore: SQLite rejected \"" + sql + "\" on '" + m_path +
                                    "': " + reason + "; fix the statement");
    }
}

int64_t
RunStore::MergeFrom(const std::string& path)
{
    NS_LOG_FUNCTION(this << path);
    const std::string what = "RunStore::MergeFrom('" + path + "') into '" + m_path + "'";
    if (m_runId >= 0)
    {
        throw std::runtime_error(what + ": run " + std::to_string(m_runId) +
                                 " is open; merge after EndRun()");
    }
    // ATTACH would create a missing file: check that it is there, and readable, first.
    sqlite3* probe = nullptr;
    const int opened = sqlite3_open_v2(path.c_str(), &probe, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_close(probe);
    if (opened != SQLITE_OK)
    {
        throw std::runtime_error(what + ": cannot open it for reading; give an existing run "
                                        "store's file");
    }
    EnsureOpen();
    Commit();
    auto query = [this](const std::string& sql, const std::string& bind) {
        return Query(sql, "read for a merge", bind);
    };
    auto quote = [](const std::string& identifier) {
        std::string quoted = "\"";
        for (char c : identifier)
        {
            quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        }
        return quoted + "\"";
    };
    auto columns = [&](const std::string& schema, const std::string& table) {
        std::vector<std::string> names;
        for (const auto& row : query("PRAGMA " + schema + ".table_info(" + quote(table) + ")", ""))
        {
            names.push_back(row.at(1));
        }
        return names;
    };
    query("ATTACH DATABASE ?1 AS merge_source", path);
    int64_t merged = 0;
    try
    {
        if (query("SELECT file FROM pragma_database_list WHERE name = 'main'", "") ==
            query("SELECT file FROM pragma_database_list WHERE name = 'merge_source'", ""))
        {
            throw std::runtime_error(what + ": that is this store's own file");
        }
        if (query("SELECT name FROM merge_source.sqlite_master WHERE type = 'table' AND "
                  "name = 'schema_version'",
                  "")
                .empty())
        {
            throw std::runtime_error(what + ": it is not a sagin run store (no table "
                                            "schema_version)");
        }
        const auto version = query("SELECT version FROM merge_source.schema_version", "");
        if (version.size() != 1 || version[0][0] != std::to_string(SCHEMA_VERSION))
        {
            throw std::runtime_error(what + ": its run-store schema version is not " +
                                     std::to_string(SCHEMA_VERSION) +
                                     ", this sagin's; merge files written by the same version");
        }
        Exec("BEGIN IMMEDIATE", "begin a merge");
        // Merging the same part twice would count its runs twice.
        const std::string seen =
            query("SELECT count(*) FROM merge_source.runs s JOIN main.runs m ON "
                  "s.started_utc IS m.started_utc AND s.example IS m.example AND "
                  "s.rng_seed IS m.rng_seed AND s.rng_run IS m.rng_run AND "
                  "s.configuration IS m.configuration",
                  "")
                .at(0)
                .at(0);
        if (seen != "0")
        {
            throw std::runtime_error(what + ": " + seen +
                                     " of its runs are here already (same start, program, seed, "
                                     "run number and configuration): it was merged before");
        }
        const std::string offset =
            query("SELECT COALESCE(MAX(run_id), 0) FROM main.runs", "").at(0).at(0);
        merged = std::stoll(query("SELECT count(*) FROM merge_source.runs", "").at(0).at(0));
        Exec("INSERT INTO main.runs SELECT run_id + " + offset +
                 ", started_utc, example, module_version, ns3_version, rng_seed, rng_run, "
                 "configuration, wall_seconds, status, failure FROM merge_source.runs "
                 "ORDER BY run_id",
             "append the runs");
        for (const auto& table :
             query("SELECT name, sql FROM merge_source.sqlite_master WHERE type = 'table' AND "
                   "name NOT IN ('schema_version', 'runs') AND substr(name, 1, 7) != 'sqlite_' "
                   "ORDER BY name",
                   ""))
        {
            const std::vector<std::string> theirs = columns("merge_source", table[0]);
            if (std::find(theirs.begin(), theirs.end(), "run_id") == theirs.end())
            {
                throw std::runtime_error(what + ": its table " + table[0] +
                                         " has no run_id column, so its rows belong to no run; "
                                         "only run stores' result tables can be merged");
            }
            std::vector<std::string> ours = columns("main", table[0]);
            if (ours.empty())
            {
                // Only one plain CREATE TABLE statement is run: the text comes from another file.
                sqlite3_stmt* create = nullptr;
                const char* tail = nullptr;
                const bool plain =
                    table[1].rfind("CREATE TABLE ", 0) == 0 &&
                    sqlite3_prepare_v2(m_db, table[1].c_str(), -1, &create, &tail) == SQLITE_OK &&
                    create != nullptr &&
                    std::string(tail).find_first_not_of(" \t\r\n;") == std::string::npos;
                const int rc = plain ? sqlite3_step(create) : SQLITE_ERROR;
                sqlite3_finalize(create);
                if (!plain)
                {
                    throw std::runtime_error(what + ": its table " + table[0] +
                                             " is not defined by one plain CREATE TABLE");
                }
                if (rc != SQLITE_DONE)
                {
                    ThrowSqliteError("create table " + table[0]);
                }
                ours = theirs;
            }
            if (ours != theirs)
            {
                std::string a;
                std::string b;
                for (const auto& c : ours)
                {
                    a += (a.empty() ? "" : ", ") + c;
                }
                for (const auto& c : theirs)
                {
                    b += (b.empty() ? "" : ", ") + c;
                }
                throw std::runtime_error(what + ": table " + table[0] + " has the columns (" + b +
                                         ") there but (" + a +
                                         ") here; merge files written by the same sagin");
            }
            std::string list;
            std::string select;
            for (const auto& c : theirs)
            {
                list += (list.empty() ? "" : ", ") + quote(c);
                select += (select.empty() ? "" : ", ") +
                          (c == "run_id" ? quote(c) + " + " + offset : quote(c));
            }
            Exec("INSERT INTO main." + quote(table[0]) + " (" + list + ") SELECT " + select +
                     " FROM merge_source." + quote(table[0]) + " ORDER BY rowid",
                 "append the rows of " + table[0]);
        }
        Exec("COMMIT", "commit the merge");
    }
    catch (...)
    {
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_exec(m_db, "DETACH DATABASE merge_source", nullptr, nullptr, nullptr);
        throw;
    }
    // Committed: what follows must not report the merge as failed.
    sqlite3_exec(m_db, "DETACH DATABASE merge_source", nullptr, nullptr, nullptr);
    try
    {
        Flush();
    }
    catch (const std::exception& e)
    {
        std::cerr << "RunStore: merged " << merged << " runs of '" << path
                  << "', committed, but the checkpoint failed: " << e.what() << std::endl;
    }
    NS_LOG_INFO("RunStore: merged " << merged << " runs of '" << path << "'");
    return merged;
}

void
RunStore::CreateTable(const std::string& name, const std::string& columns)
{
    NS_LOG_FUNCTION(this << name << columns);
    if (!IsPlainIdentifier(name))
    {
        throw std::invalid_argument("RunStore::CreateTable: table name \"" + name +
                                    "\" is not a plain identifier; use letters, digits and "
                                    "'_', not starting with a digit");
    }
    Execute("CREATE TABLE IF NOT EXISTS " + name + " (" + columns + ")");
    // An existing table must have the columns this program writes, in order: a file written
    // by another version would otherwise fail later, at an INSERT, with a less clear message.
    std::vector<std::string> wanted;
    std::istringstream definitions(columns);
    for (std::string definition; std::getline(definitions, definition, ',');)
    {
        std::istringstream words(definition);
        std::string column;
        words >> column;
        wanted.push_back(column);
    }
    std::vector<std::string> existing;
    sqlite3_stmt* statement = nullptr;
    const std::string sql = "PRAGMA table_info(" + name + ")";
    if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK)
    {
        ThrowSqliteError("read the columns of table " + name);
    }
    while (sqlite3_step(statement) == SQLITE_ROW)
    {
        existing.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(statement, 1)));
    }
    sqlite3_finalize(statement);
    if (existing != wanted)
    {
        auto join = [](const std::vector<std::string>& names) {
            std::string joined;
            for (const std::string& n : names)
            {
                joined += (joined.empty() ? "" : ", ") + n;
            }
            return joined;
        };
        throw std::invalid_argument("RunStore::CreateTable: table " + name + " in '" + m_path +
                                    "' has the columns (" + join(existing) +
                                    ") but this program writes (" + join(wanted) +
                                    "): the file was written by another version; set "
                                    "ns3::sagin::RunStore::Path (the example's --db) to a new "
                                    "file or move the old one away");
    }
}

Ptr<RunStore::Batch>
RunStore::Prepare(const std::string& sql)
{
    NS_LOG_FUNCTION(this << sql);
    EnsureOpen();
    sqlite3_stmt* statement = nullptr;
    const char* tail = nullptr;
    if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &statement, &tail) != SQLITE_OK ||
        statement == nullptr)
    {
        const std::string reason = statement == nullptr && sqlite3_errcode(m_db) == SQLITE_OK
                                       ? "no statement"
                                       : sqlite3_errmsg(m_db);
        sqlite3_finalize(statement);
        throw std::invalid_argument("RunStore::Prepare: SQLite rejected \"" + sql + "\" on '" +
                                    m_path + "': " + reason +
                                    "; fix the statement (a table must be created before a "
                                    "statement that uses it is prepared)");
    }
    for (; tail != nullptr && *tail != '\0'; ++tail)
    {
        if (!std::isspace(static_cast<unsigned char>(*tail)) && *tail != ';')
        {
            sqlite3_finalize(statement);
            throw std::invalid_argument("RunStore::Prepare: \"" + sql +
                                        "\" holds more than one statement; prepare one batch "
                                        "per statement");
        }
    }
    Ptr<Batch> batch(new Batch(this, statement, sql), false);
    m_batches.insert(PeekPointer(batch));
    return batch;
}

void
RunStore::Flush()
{
    NS_LOG_FUNCTION(this);
    if (m_db == nullptr)
    {
        return;
    }
    Commit();
    Checkpoint(SQLITE_CHECKPOINT_PASSIVE);
}

uint64_t
RunStore::GetPendingRows() const
{
    return m_pendingRows;
}

std::string
RunStore::FormatConfiguration(const std::map<std::string, std::string>& configuration)
{
    std::string json = "{";
    for (const auto& [name, value] : configuration)
    {
        if (json.size() > 1)
        {
            json += ",";
        }
        json += JsonString(name) + ":" + JsonString(value);
    }
    return json + "}";
}

std::vector<std::vector<std::string>>
RunStore::Query(const std::string& sql, const std::string& what, const std::string& bind)
{
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK)
    {
        ThrowSqliteError(what + " (" + sql + ")");
    }
    if (!bind.empty())
    {
        sqlite3_bind_text(statement, 1, bind.c_str(), -1, SQLITE_TRANSIENT);
    }
    std::vector<std::vector<std::string>> rows;
    int rc;
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW)
    {
        std::vector<std::string> row;
        for (int c = 0; c < sqlite3_column_count(statement); ++c)
        {
            const unsigned char* text = sqlite3_column_text(statement, c);
            row.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
        }
        rows.push_back(std::move(row));
    }
    sqlite3_finalize(statement);
    if (rc != SQLITE_DONE)
    {
        ThrowSqliteError(what + " (" + sql + ")");
    }
    return rows;
}

void
RunStore::Exec(const std::string& sql, const std::string& what)
{
    char* error = nullptr;
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK)
    {
        sqlite3_free(error);
        ThrowSqliteError(what);
    }
}

void
RunStore::ThrowSqliteError(const std::string& what) const
{
    const int code = sqlite3_errcode(m_db);
    std::string fix;
    switch (code)
    {
    case SQLITE_FULL:
        fix = "; free space on the disk or set ns3::sagin::RunStore::Path to another disk";
        break;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_PERM:
        fix = "; make sure the file and its directory are writable, or set "
              "ns3::sagin::RunStore::Path to another file";
        break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        fix = "; another process holds the database: write to another file or wait for it";
        break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        fix = "; the file is damaged: set ns3::sagin::RunStore::Path to a new file";
        break;
    default:
        fix = "";
    }
    throw std::runtime_error("RunStore: could not " + what + " in '" + m_path +
                             "': " + sqlite3_errmsg(m_db) + fix);
}

void
RunStore::Commit()
{
    if (m_inTransaction)
    {
        NS_LOG_LOGIC("RunStore: commit " << m_pendingRows << " rows");
        Exec("COMMIT", "commit " + std::to_string(m_pendingRows) + " rows");
        m_inTransaction = false;
        m_pendingRows = 0;
        // Else the rows stay in the -wal file until SQLite's automatic checkpoint (1000
        // pages, about 4 MB): a .db file copied alone after a crash would lack them.
        const double sinceCheckpoint =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - m_lastCheckpoint)
                .count();
        if (sinceCheckpoint >= m_checkpointInterval)
        {
            Checkpoint(SQLITE_CHECKPOINT_PASSIVE);
        }
    }
}

void
RunStore::Checkpoint(int mode)
{
    if (ToUpper(m_journalMode) != "WAL")
    {
        return; // a rollback journal writes the database file at every commit
    }
    // A checkpoint that another connection blocks loses nothing: the rows stay committed in
    // the log.
    m_lastCheckpoint = std::chrono::steady_clock::now();
    const int rc = sqlite3_wal_checkpoint_v2(m_db, nullptr, mode, nullptr, nullptr);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    {
        NS_LOG_INFO("RunStore: checkpoint of '" << m_path << "' blocked by another connection");
    }
    else if (rc != SQLITE_OK)
    {
        ThrowSqliteError("checkpoint the write-ahead log");
    }
}

void
RunStore::BeforeRow()
{
    if (!m_inTransaction)
    {
        Exec("BEGIN", "begin a transaction");
        m_inTransaction = true;
        m_pendingRows = 0;
    }
}

void
RunStore::AfterRow()
{
    ++m_pendingRows;
    if (m_pendingRows >= m_batchSize)
    {
        Commit();
    }
}

void
RunStore::Forget(Batch* batch)
{
    m_batches.erase(batch);
}

// ---------------------------------------------------------------------------------------------

RunStore::Batch::Batch(RunStore* store, sqlite3_stmt* statement, const std::string& sql)
    : m_store(store),
      m_statement(statement),
      m_sql(sql),
      m_parameterCount(sqlite3_bind_parameter_count(statement))
{
}

RunStore::Batch::~Batch()
{
    if (m_store != nullptr)
    {
        m_store->Forget(this);
    }
    Detach();
}

void
RunStore::Batch::Detach()
{
    sqlite3_finalize(m_statement);
    m_statement = nullptr;
    m_store = nullptr;
}

int
RunStore::Batch::NextIndex()
{
    if (m_store == nullptr)
    {
        throw std::runtime_error("RunStore::Batch \"" + m_sql +
                                 "\": the run store was closed; prepare batches after Open() "
                                 "and stop using them before Close()/Dispose()");
    }
    if (m_nextIndex > m_parameterCount)
    {
        const int index = m_nextIndex;
        sqlite3_clear_bindings(m_statement);
        m_nextIndex = 1;
        throw std::invalid_argument("RunStore::Batch \"" + m_sql + "\": value " +
                                    std::to_string(index) + " bound but the statement has " +
                                    std::to_string(m_parameterCount) +
                                    " placeholders; bind one value per '?' and then Insert()");
    }
    return m_nextIndex++;
}

RunStore::Batch&
RunStore::Batch::BindInteger(int64_t value)
{
    const int index = NextIndex();
    const int rc = sqlite3_bind_int64(m_statement, index, value);
    if (rc != SQLITE_OK)
    {
        Fail(rc, "bind value " + std::to_string(index));
    }
    return *this;
}

RunStore::Batch&
RunStore::Batch::BindDouble(double value)
{
    const int index = NextIndex();
    const int rc = sqlite3_bind_double(m_statement, index, value);
    if (rc != SQLITE_OK)
    {
        Fail(rc, "bind value " + std::to_string(index));
    }
    return *this;
}

RunStore::Batch&
RunStore::Batch::BindText(const std::string& value)
{
    const int index = NextIndex();
    const int rc = sqlite3_bind_text(m_statement,
                                     index,
                                     value.data(),
                                     static_cast<int>(value.size()),
                                     SQLITE_TRANSIENT);
    if (rc != SQLITE_OK)
    {
        Fail(rc, "bind value " + std::to_string(index));
    }
    return *this;
}

RunStore::Batch&
RunStore::Batch::BindNull()
{
    const int index = NextIndex();
    const int rc = sqlite3_bind_null(m_statement, index);
    if (rc != SQLITE_OK)
    {
        Fail(rc, "bind value " + std::to_string(index));
    }
    return *this;
}

void
RunStore::Batch::Insert()
{
    if (m_store == nullptr)
    {
        throw std::runtime_error("RunStore::Batch \"" + m_sql +
                                 "\": the run store was closed; prepare batches after Open() "
                                 "and stop using them before Close()/Dispose()");
    }
    if (m_nextIndex != m_parameterCount + 1)
    {
        const int bound = m_nextIndex - 1;
        sqlite3_clear_bindings(m_statement);
        m_nextIndex = 1;
        throw std::invalid_argument("RunStore::Batch \"" + m_sql + "\": " + std::to_string(bound) +
                                    " of " + std::to_string(m_parameterCount) +
                                    " values bound; bind one value per '?' before Insert()");
    }
    m_store->BeforeRow();
    const int rc = sqlite3_step(m_statement);
    const std::string reason = rc == SQLITE_DONE ? "" : sqlite3_errmsg(m_store->m_db);
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
    m_nextIndex = 1;
    if (rc != SQLITE_DONE)
    {
        Fail(rc, "insert a row (" + reason + ")");
    }
    ++m_rowsInserted;
    m_store->AfterRow();
}

uint64_t
RunStore::Batch::GetRowsInserted() const
{
    return m_rowsInserted;
}

const std::string&
RunStore::Batch::GetSql() const
{
    return m_sql;
}

void
RunStore::Batch::Fail(int code, const std::string& what) const
{
    const std::string path = m_store != nullptr ? m_store->m_path : std::string("(closed)");
    throw std::runtime_error("RunStore::Batch \"" + m_sql + "\": could not " + what + " in '" +
                             path + "': " + sqlite3_errstr(code) +
                             "; check the values against the table's constraints and that the "
                             "file is still writable");
}

} // namespace sagin
} // namespace ns3
