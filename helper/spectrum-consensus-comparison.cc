// SPDX-License-Identifier: GPL-2.0-only

#include "spectrum-consensus-comparison.h"

#include "blockchain-helper.h"

#include "ns3/block.h"
#include "ns3/blockchain-node.h"
#include "ns3/consensus-engine.h"
#include "ns3/double.h"
#include "ns3/ed25519-key.h"
#include "ns3/ledger.h"
#include "ns3/run-store.h"
#include "ns3/simulator.h"
#include "ns3/transaction-payloads.h"
#include "ns3/transaction.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

namespace
{

/** Hash rate of every PoW server (hashes/s); only Difficulty over the summed rates matters. */
constexpr double HASH_RATE = 1e12;

/** Acceptance times of each block at each server. */
struct Receptions
{
    std::map<Sha256Digest, std::vector<Time>> accepted; //!< by block

    /**
     * \param hash an accepted block
     */
    void Accept(const Sha256Digest& hash, uint64_t)
    {
        accepted[hash].push_back(Simulator::Now());
    }
};

/** Consensus messages (PBFT votes) received, all servers. */
struct Votes
{
    uint64_t received{0}; //!< CONSENSUS messages

    /** \param type a received message's type */
    void Receive(GossipMessageType type, uint32_t, Ipv4Address)
    {
        received += type == GossipMessageType::CONSENSUS ? 1 : 0;
    }
};

/**
 * Every server records one model hash per interval, as the federation's aggregator does.
 * \param node the server's chain node
 * \param interval between records
 * \param round the record's round
 */
void
RecordModel(Ptr<BlockchainNode> node, Time interval, uint64_t round)
{
    ModelUpdate update;
    update.node = node->GetNode()->GetId();
    update.round = round;
    update.scope = ModelUpdate::LOCAL;
    update.modelBytes = 4108; // the DDQN's 1,027 float32 parameters
    update.samples = 1;
    node->SubmitTransaction(
        Transaction::Create(update, round, Ed25519KeyPair::ForNode(update.node)));
    Simulator::Schedule(interval, &RecordModel, node, interval, round + 1);
}

} // namespace

std::vector<std::string>
GetComparableConsensusEngines()
{
    return {"reputation", "pow", "pos", "pbft"};
}

std::vector<ConsensusCost>
RunConsensusComparison(const SpectrumExperimentOptions& options,
                       const std::vector<std::string>& engines,
                       Time duration,
                       Time interval)
{
    const auto known = GetComparableConsensusEngines();
    for (const std::string& e : engines)
    {
        if (std::find(known.begin(), known.end(), e) == known.end())
        {
            throw std::invalid_argument("consensus comparison: unknown consensus '" + e +
                                        "' (reputation, pow, pos or pbft)");
        }
    }
    options.Validate();
    std::vector<ConsensusCost> rows;
    for (const std::string& engine : engines)
    {
        NodeContainer servers = InstallSpectrumShell(options);
        const uint32_t n = servers.GetN();
        BlockchainHelper chain;
        if (engine == "pow")
        {
            chain.SetConsensus("pow",
                               "HashRate",
                               DoubleValue(HASH_RATE),
                               "Difficulty",
                               DoubleValue(interval.GetSeconds() * n * HASH_RATE));
        }
        else if (engine == "pbft")
        {
            chain.SetConsensus("pbft",
                               "FaultTolerance",
                               UintegerValue((n - 1) / 3),
                               "BlockInterval",
                               TimeValue(interval));
        }
        else
        {
            chain.SetConsensus(engine, "SlotDuration", TimeValue(interval));
        }
        if (n <= 4 || engine == "pbft")
        {
            chain.SetFullMeshPeers(); // PBFT's votes go to every validator directly
        }
        else
        {
            chain.SetRandomRegularPeers(4);
        }
        ApplicationContainer apps = chain.Install(servers);
        chain.AssignStreams(servers, 1);
        apps.Stop(duration);
        Receptions receptions;
        Votes votes;
        for (uint32_t i = 0; i < apps.GetN(); ++i)
        {
            auto node = DynamicCast<BlockchainNode>(apps.Get(i));
            node->GetLedger()->TraceConnectWithoutContext(
                "BlockAccepted",
                MakeCallback(&Receptions::Accept, &receptions));
            node->TraceConnectWithoutContext("MessageReceived",
                                             MakeCallback(&Votes::Receive, &votes));
            Simulator::Schedule(MilliSeconds(1), &RecordModel, node, interval, 0);
        }
        Simulator::Stop(duration);
        Simulator::Run();

        ConsensusCost row;
        row.engine = engine;
        auto observer = DynamicCast<BlockchainNode>(apps.Get(0));
        Ptr<Ledger> ledger = observer->GetLedger();
        const auto& mainChain = ledger->GetMainChain();
        double selection = 0;
        double broadcast = 0;
        uint64_t broadcastBlocks = 0;
        double signatures = 0;
        double cpu = 0;
        Time parentTime;
        for (std::size_t h = 1; h < mainChain.size(); ++h) // block 0 is the genesis
        {
            const Block block = ledger->GetBlock(mainChain[h]);
            const Time produced = block.GetHeader().GetTimestamp();
            const double turn = engine == "pow"
                                    ? (h == 1 ? 0.0 : parentTime.GetSeconds())
                                    : std::floor(produced.GetSeconds() / interval.GetSeconds()) *
                                          interval.GetSeconds();
            selection += produced.GetSeconds() - turn;
            parentTime = produced;
            const auto& times = receptions.accepted[mainChain[h]];
            if (times.size() >= n)
            {
                broadcast +=
                    (*std::max_element(times.begin(), times.end()) - produced).GetSeconds();
                ++broadcastBlocks;
            }
            signatures += static_cast<double>(n) * (1 + block.GetTransactions().size());
            cpu += n * observer->GetVerificationDelay(block.GetSerializedSize()).GetSeconds();
        }
        row.blocks = mainChain.size() - 1;
        uint64_t bytes = 0;
        uint64_t messages = 0;
        for (uint32_t i = 0; i < apps.GetN(); ++i)
        {
            auto node = DynamicCast<BlockchainNode>(apps.Get(i));
            for (uint8_t t = 1; t <= 7; ++t)
            {
                bytes += node->GetBytesSent(static_cast<GossipMessageType>(t));
                messages += node->GetMessagesSent(static_cast<GossipMessageType>(t));
            }
        }
        Simulator::Destroy();
        if (row.blocks > 0)
        {
            const double blocks = static_cast<double>(row.blocks);
            row.selectionS = selection / blocks;
            row.verificationSignatures = (signatures + votes.received) / blocks;
            row.verificationNodeS = cpu / blocks;
            row.broadcastS = broadcastBlocks > 0 ? broadcast / broadcastBlocks : 0.0;
            row.bytesPerBlock = bytes / blocks;
            row.messagesPerBlock = messages / blocks;
        }
        rows.push_back(row);
    }
    return rows;
}

void
PrintConsensusCosts(std::ostream& out, const std::vector<ConsensusCost>& costs)
{
    out << "engine      blocks  selection_ms  signatures/block  verify_cpu_ms/block  "
           "broadcast_ms  kB/block  messages/block\n";
    for (const ConsensusCost& c : costs)
    {
        out << std::left << std::setw(12) << c.engine << std::right << std::setw(6) << c.blocks
            << std::setw(14) << c.selectionS * 1e3 << std::setw(18) << c.verificationSignatures
            << std::setw(21) << c.verificationNodeS * 1e3 << std::setw(14) << c.broadcastS * 1e3
            << std::setw(10) << c.bytesPerBlock / 1e3 << std::setw(16) << c.messagesPerBlock
            << "\n";
    }
}

void
RecordConsensusCosts(Ptr<RunStore> store, uint32_t servers, const std::vector<ConsensusCost>& costs)
{
    store->CreateTable("spectrum_consensus",
                       "run_id INTEGER, engine TEXT, servers INTEGER, blocks INTEGER, "
                       "selection_s REAL, verification_signatures REAL, "
                       "verification_cpu_s REAL, broadcast_s REAL, bytes_per_block REAL, "
                       "messages_per_block REAL");
    Ptr<RunStore::Batch> rows =
        store->Prepare("INSERT INTO spectrum_consensus VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const ConsensusCost& c : costs)
    {
        rows->InsertRow(store->GetRunId(),
                        c.engine,
                        servers,
                        c.blocks,
                        c.selectionS,
                        c.verificationSignatures,
                        c.verificationNodeS,
                        c.broadcastS,
                        c.bytesPerBlock,
                        c.messagesPerBlock);
    }
}

} // namespace sagin
} // namespace ns3
