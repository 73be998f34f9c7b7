// SPDX-License-Identifier: GPL-2.0-only

#include "ledger-recorder.h"

#include "block.h"
#include "ledger.h"

#include "ns3/log.h"

#include <algorithm>
#include <cmath>
#include <sqlite3.h>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginLedgerRecorder");

namespace
{

/** Column definitions of the blocks table. */
const char* BLOCK_COLUMNS =
    "run_id INTEGER, node INTEGER, height INTEGER, hash TEXT, parent TEXT, producer TEXT, "
    "n_tx INTEGER, size_bytes INTEGER, time_s REAL, body_kept INTEGER, header TEXT";

/** Column definitions of the transactions table. */
const char* TRANSACTION_COLUMNS =
    "run_id INTEGER, node INTEGER, block_hash TEXT, position INTEGER, tx_id TEXT, type TEXT, "
    "sender TEXT, size_bytes INTEGER, bytes TEXT";

/**
 * A read-only view of the blocks and transactions rows of one node's run.
 */
class RowReader
{
  public:
    /**
     * \param path the database file
     * \param context prefix of error messages
     */
    RowReader(const std::string& path, std::string context)
        : m_context(std::move(context))
    {
        if (sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
        {
            const std::string error = m_db ? sqlite3_errmsg(m_db) : "out of memory";
            sqlite3_close(m_db);
            m_db = nullptr;
            throw std::runtime_error(m_context + ": cannot open the database: " + error);
        }
    }

    ~RowReader()
    {
        sqlite3_close(m_db);
    }

    RowReader(const RowReader&) = delete;
    RowReader& operator=(const RowReader&) = delete;

    /**
     * Prepare a statement; the caller finalises it.
     * \param sql the query
     * \return the statement
     */
    sqlite3_stmt* Prepare(const std::string& sql) const
    {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK)
        {
            throw std::runtime_error(m_context + ": " + sql + ": " + sqlite3_errmsg(m_db) +
                                     " (was the ledger recorded into this file?)");
        }
        return statement;
    }

  private:
    sqlite3* m_db{nullptr}; //!< connection
    std::string m_context;  //!< message prefix
};

/**
 * \param statement a statement on a row
 * \param column column index
 * \return the column as text ("" for NULL)
 */
std::string
Text(sqlite3_stmt* statement, int column)
{
    const unsigned char* text = sqlite3_column_text(statement, column);
    return text ? reinterpret_cast<const char*>(text) : "";
}

/** Finalises a statement when leaving scope. */
struct Finaliser
{
    sqlite3_stmt* statement; //!< the statement

    ~Finaliser()
    {
        sqlite3_finalize(statement);
    }
};

} // namespace

LedgerRecorder::LedgerRecorder(Ptr<RunStore> store, uint32_t node)
    : m_store(store),
      m_node(node)
{
    if (!store)
    {
        throw std::invalid_argument("LedgerRecorder: no run store given");
    }
    store->Open();
    if (store->GetRunId() < 0)
    {
        throw std::runtime_error("LedgerRecorder: run store " + store->GetPath() +
                                 " has no open run; call BeginRun() before recording a ledger");
    }
    CreateTables(store);
    m_blockRows = store->Prepare("INSERT INTO blocks (run_id, node, height, hash, parent, "
                                 "producer, n_tx, size_bytes, time_s, body_kept, header) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    m_transactionRows = store->Prepare("INSERT INTO transactions (run_id, node, block_hash, "
                                       "position, tx_id, type, sender, size_bytes, bytes) "
                                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
}

void
LedgerRecorder::CreateTables(Ptr<RunStore> store)
{
    store->CreateTable("blocks", BLOCK_COLUMNS);
    store->CreateTable("transactions", TRANSACTION_COLUMNS);
}

void
LedgerRecorder::RecordBlock(const BlockHeader& header,
                            const std::vector<Transaction>* body,
                            uint64_t storedBytes)
{
    const int64_t run = m_store->GetRunId();
    if (run < 0)
    {
        throw std::runtime_error("LedgerRecorder: run store " + m_store->GetPath() +
                                 " has no open run; the ledger of node " + std::to_string(m_node) +
                                 " cannot be recorded");
    }
    const std::string hash = ToHex(header.GetHash());
    m_blockRows->InsertRow(run,
                           m_node,
                           header.GetHeight(),
                           hash,
                           ToHex(header.GetParentHash()),
                           ToHex(header.GetProducer()),
                           header.GetTransactionCount(),
                           storedBytes,
                           header.GetTimestamp().GetSeconds(),
                           body != nullptr ? 1 : 0,
                           ToHex(header.Serialize()));
    if (body == nullptr)
    {
        return;
    }
    for (size_t i = 0; i < body->size(); ++i)
    {
        const Transaction& tx = (*body)[i];
        const std::vector<uint8_t> bytes = tx.Serialize();
        m_transactionRows->InsertRow(run,
                                     m_node,
                                     hash,
                                     i,
                                     ToHex(Sha256(bytes)),
                                     ToString(tx.GetType()),
                                     ToHex(tx.GetSender()),
                                     bytes.size(),
                                     ToHex(bytes));
    }
}

Ptr<Ledger>
LedgerRecorder::Load(const std::string& path, int64_t runId, uint32_t node)
{
    const std::string context = "LedgerRecorder::Load(" + path + ", run " + std::to_string(runId) +
                                ", node " + std::to_string(node) + ")";
    RowReader db(path, context);
    Finaliser blocks{db.Prepare("SELECT height, hash, parent, producer, n_tx, size_bytes, time_s, "
                                "body_kept, header FROM blocks WHERE run_id = ? AND node = ? "
                                "ORDER BY rowid")};
    sqlite3_bind_int64(blocks.statement, 1, runId);
    sqlite3_bind_int64(blocks.statement, 2, node);
    Finaliser transactions{
        db.Prepare("SELECT position, tx_id, type, sender, size_bytes, bytes FROM transactions "
                   "WHERE run_id = ? AND node = ? AND block_hash = ? ORDER BY position")};

    Ptr<Ledger> ledger = CreateObject<Ledger>();
    uint64_t row = 0;
    int bodyKept = -1;
    while (true)
    {
        const int step = sqlite3_step(blocks.statement);
        if (step == SQLITE_DONE)
        {
            break;
        }
        if (step != SQLITE_ROW)
        {
            throw std::runtime_error(context + ": reading table blocks failed (SQLite code " +
                                     std::to_string(step) + ")");
        }
        const int64_t height = sqlite3_column_int64(blocks.statement, 0);
        const std::string hash = Text(blocks.statement, 1);
        const std::string where = context + ": blocks row " + std::to_string(row) + " (height " +
                                  std::to_string(height) + ", hash " + hash + ")";
        auto fail = [&where](const std::string& what) {
            throw std::runtime_error(where + ": " + what);
        };
        BlockHeader header;
        try
        {
            header = BlockHeader::Deserialize(FromHex(Text(blocks.statement, 8)));
        }
        catch (const std::invalid_argument& e)
        {
            fail(std::string("column header is not a serialised header: ") + e.what());
        }
        if (ToHex(header.GetHash()) != hash)
        {
            fail("column hash differs from the SHA-256 of column header (" +
                 ToHex(header.GetHash()) + "): the row was altered");
        }
        if (static_cast<uint64_t>(height) != header.GetHeight())
        {
            fail("column height differs from the header's height " +
                 std::to_string(header.GetHeight()));
        }
        if (Text(blocks.statement, 2) != ToHex(header.GetParentHash()))
        {
            fail("column parent differs from the header's parent hash");
        }
        if (Text(blocks.statement, 3) != ToHex(header.GetProducer()))
        {
            fail("column producer differs from the header's producer");
        }
        if (sqlite3_column_int64(blocks.statement, 4) != header.GetTransactionCount())
        {
            fail("column n_tx differs from the header's transaction count " +
                 std::to_string(header.GetTransactionCount()));
        }
        const double timeS = sqlite3_column_double(blocks.statement, 6);
        const double expectedS = header.GetTimestamp().GetSeconds();
        if (std::abs(timeS - expectedS) > 1e-9 * std::max(1.0, std::abs(expectedS)))
        {
            fail("column time_s differs from the header's timestamp " + std::to_string(expectedS));
        }
        const int kept = sqlite3_column_int(blocks.statement, 7);
        if (bodyKept < 0)
        {
            bodyKept = kept;
            ledger->SetMode(kept ? Ledger::FULL : Ledger::LIGHT);
        }
        else if (kept != bodyKept)
        {
            fail("column body_kept changes between rows of one node");
        }

        AppendResult result;
        if (kept)
        {
            std::vector<Transaction> body;
            sqlite3_reset(transactions.statement);
            sqlite3_bind_int64(transactions.statement, 1, runId);
            sqlite3_bind_int64(transactions.statement, 2, node);
            sqlite3_bind_text(transactions.statement, 3, hash.c_str(), -1, SQLITE_TRANSIENT);
            while (sqlite3_step(transactions.statement) == SQLITE_ROW)
            {
                const int64_t position = sqlite3_column_int64(transactions.statement, 0);
                const std::string what = "transaction row at position " + std::to_string(position);
                if (position != static_cast<int64_t>(body.size()))
                {
                    fail(what + " is out of sequence (expected position " +
                         std::to_string(body.size()) + ")");
                }
                Transaction tx;
                std::vector<uint8_t> bytes;
                try
                {
                    bytes = FromHex(Text(transactions.statement, 5));
                    tx = Transaction::Deserialize(bytes);
                }
                catch (const std::invalid_argument& e)
                {
                    fail(what + ": column bytes is not a serialised transaction: " + e.what());
                }
                if (Text(transactions.statement, 1) != ToHex(Sha256(bytes)))
                {
                    fail(what + ": column tx_id differs from the SHA-256 of column bytes: the "
                                "row was altered");
                }
                if (Text(transactions.statement, 2) != ToString(tx.GetType()))
                {
                    fail(what + ": column type differs from the transaction's type");
                }
                if (Text(transactions.statement, 3) != ToHex(tx.GetSender()))
                {
                    fail(what + ": column sender differs from the transaction's sender");
                }
                if (sqlite3_column_int64(transactions.statement, 4) !=
                    static_cast<int64_t>(bytes.size()))
                {
                    fail(what + ": column size_bytes differs from the serialised size " +
                         std::to_string(bytes.size()));
                }
                body.push_back(std::move(tx));
            }
            result = ledger->Append(Block(header, std::move(body)));
        }
        else
        {
            result = ledger->AppendHeader(header);
        }
        if (!result.IsAccepted())
        {
            fail("the block does not verify: " + ToString(result.verdict) + ": " + result.message);
        }
        const int64_t sizeBytes = sqlite3_column_int64(blocks.statement, 5);
        if (static_cast<uint64_t>(sizeBytes) != ledger->GetStoredBytes(header.GetHash()))
        {
            fail("column size_bytes (" + std::to_string(sizeBytes) +
                 ") differs from the bytes kept for the block (" +
                 std::to_string(ledger->GetStoredBytes(header.GetHash())) + ")");
        }
        ++row;
    }
    if (row == 0)
    {
        throw std::runtime_error(context + ": no blocks rows for this run and node");
    }
    NS_LOG_INFO(context << ": " << row << " blocks verified");
    return ledger;
}

} // namespace sagin
} // namespace ns3
