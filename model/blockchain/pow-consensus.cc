// SPDX-License-Identifier: GPL-2.0-only

#include "pow-consensus.h"

#include "blockchain-node.h"
#include "byte-codec.h"
#include "ledger.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("PowConsensus");
NS_OBJECT_ENSURE_REGISTERED(PowConsensus);
NS_OBJECT_ENSURE_REGISTERED(MostWorkForkChoice);

TypeId
PowConsensus::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::PowConsensus")
            .SetParent<ConsensusEngine>()
            .SetGroupName("Sagin")
            .AddConstructor<PowConsensus>()
            .AddAttribute(
                "HashRate",
                "This node's hash rate (hashes per second; 0 stops mining). Default "
                "1e12 [recon: a 1 TH/s miner].",
                DoubleValue(1e12),
                MakeDoubleAccessor(&PowConsensus::SetHashRate, &PowConsensus::GetHashRate),
                MakeDoubleChecker<double>(0.0))
            .AddAttribute("Difficulty",
                          "Expected hashes per block, the same on every node; a node's mean "
                          "block interval is Difficulty / HashRate (s). Default 6e14: 600 s "
                          "for one 1 TH/s miner, Bitcoin's target interval (Nakamoto 2008).",
                          DoubleValue(6e14),
                          MakeDoubleAccessor(&PowConsensus::m_difficulty),
                          MakeDoubleChecker<double>(1.0))
            .AddAttribute(
                "NonceBits",
                "Real nonce search: leading zero bits required of SHA-256 over the "
                "header's signing bytes, checked by every receiver (bits, 0..24; 0: "
                "timing only, no search).",
                UintegerValue(0),
                MakeUintegerAccessor(&PowConsensus::SetNonceBits, &PowConsensus::GetNonceBits),
                MakeUintegerChecker<uint32_t>(0, MAX_NONCE_BITS))
            .AddAttribute("Interval",
                          "Random variable for the time to the next block; its mean is set to "
                          "Difficulty / HashRate at each draw (s).",
                          StringValue("ns3::ExponentialRandomVariable"),
                          MakePointerAccessor(&PowConsensus::m_interval),
                          MakePointerChecker<ExponentialRandomVariable>());
    return tid;
}

PowConsensus::PowConsensus()
{
    NS_LOG_FUNCTION(this);
}

PowConsensus::~PowConsensus()
{
    NS_LOG_FUNCTION(this);
}

void
PowConsensus::DoDispose()
{
    m_mineEvent.Cancel();
    ConsensusEngine::DoDispose();
    m_interval = nullptr;
}

std::string
PowConsensus::DoGetName() const
{
    return "pow";
}

std::vector<uint8_t>
PowConsensus::EncodeData(double difficulty, uint64_t nonce)
{
    ByteWriter writer;
    writer.WriteDouble(difficulty);
    writer.WriteU64(nonce);
    return writer.TakeBytes();
}

void
PowConsensus::DecodeData(const std::vector<uint8_t>& data, double* difficulty, uint64_t* nonce)
{
    ByteReader reader(data.data(), data.size(), "PoW consensus data");
    *difficulty = reader.ReadDouble("difficulty");
    if (!(*difficulty > 0))
    {
        reader.Fail("difficulty " + std::to_string(*difficulty) + " is not positive");
    }
    *nonce = reader.ReadU64("nonce");
    reader.ExpectEnd();
}

Sha256Digest
PowConsensus::GetPowHash(const BlockHeader& header)
{
    return Sha256(header.GetSigningBytes());
}

uint32_t
PowConsensus::CountLeadingZeroBits(const Sha256Digest& digest)
{
    uint32_t bits = 0;
    for (uint8_t byte : digest)
    {
        if (byte == 0)
        {
            bits += 8;
            continue;
        }
        for (uint8_t mask = 0x80; (byte & mask) == 0; mask >>= 1)
        {
            ++bits;
        }
        break;
    }
    return bits;
}

void
PowConsensus::SetHashRate(double rate)
{
    m_hashRate = rate;
    if (IsRunning())
    {
        Restart();
    }
}

double
PowConsensus::GetHashRate() const
{
    return m_hashRate;
}

double
PowConsensus::GetDifficulty() const
{
    return m_difficulty;
}

uint64_t
PowConsensus::GetNonceAttempts() const
{
    return m_nonceAttempts;
}

void
PowConsensus::SetNonceBits(uint32_t bits)
{
    if (bits > MAX_NONCE_BITS)
    {
        throw std::invalid_argument("PowConsensus: NonceBits " + std::to_string(bits) +
                                    " is above " + std::to_string(MAX_NONCE_BITS) +
                                    "; a real nonce search is for test difficulties only (use "
                                    "0 to simulate mining time alone)");
    }
    m_nonceBits = bits;
}

uint32_t
PowConsensus::GetNonceBits() const
{
    return m_nonceBits;
}

int64_t
PowConsensus::DoAssignStreams(int64_t stream)
{
    m_interval->SetStream(stream);
    return 1;
}

void
PowConsensus::DoStart()
{
    GetLedger()->TraceConnectWithoutContext("TipChanged",
                                            MakeCallback(&PowConsensus::OnTipChanged, this));
    Restart();
}

void
PowConsensus::DoStop()
{
    m_mineEvent.Cancel();
    GetLedger()->TraceDisconnectWithoutContext("TipChanged",
                                               MakeCallback(&PowConsensus::OnTipChanged, this));
}

void
PowConsensus::OnTipChanged(const Sha256Digest& /* hash */,
                           uint64_t /* height */,
                           uint64_t /* depth */)
{
    Restart(); // mine on the new tip
}

void
PowConsensus::Restart()
{
    m_mineEvent.Cancel();
    if (m_hashRate <= 0)
    {
        return;
    }
    const double mean = m_difficulty / m_hashRate;
    m_mineEvent =
        Simulator::Schedule(Seconds(m_interval->GetValue(mean, 0)), &PowConsensus::Mine, this);
}

void
PowConsensus::Mine()
{
    Ptr<Ledger> ledger = GetLedger();
    Block block = BuildBlock(ledger->GetTipHash(), EncodeData(m_difficulty, 0));
    if (m_nonceBits > 0)
    {
        BlockHeader& header = block.GetHeader();
        uint64_t nonce = 0;
        while (true)
        {
            header.SetConsensusData(EncodeData(m_difficulty, nonce));
            ++m_nonceAttempts;
            if (CountLeadingZeroBits(GetPowHash(header)) >= m_nonceBits)
            {
                break;
            }
            ++nonce;
        }
        header.Sign(GetKey());
    }
    SubmitProduced(block); // the tip changes, which draws the next interval
}

std::string
PowConsensus::DoCheckBlock(const Ledger& /* ledger */,
                           const BlockHeader& header,
                           const std::vector<Transaction>* /* body */) const
{
    double difficulty;
    uint64_t nonce;
    try
    {
        DecodeData(header.GetConsensusData(), &difficulty, &nonce);
    }
    catch (const WireFormatError& e)
    {
        return std::string("malformed PoW data: ") + e.what();
    }
    if (difficulty != m_difficulty)
    {
        return "PoW difficulty " + std::to_string(difficulty) + " is not the network's " +
               std::to_string(m_difficulty);
    }
    const uint32_t zeros = CountLeadingZeroBits(GetPowHash(header));
    if (zeros < m_nonceBits)
    {
        return "PoW nonce " + std::to_string(nonce) + " gives " + std::to_string(zeros) +
               " leading zero bits; " + std::to_string(m_nonceBits) + " are required";
    }
    return "";
}

Ptr<ForkChoice>
PowConsensus::DoCreateForkChoice() const
{
    return CreateObject<MostWorkForkChoice>();
}

TypeId
MostWorkForkChoice::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::MostWorkForkChoice")
                            .SetParent<ForkChoice>()
                            .SetGroupName("Sagin")
                            .AddConstructor<MostWorkForkChoice>();
    return tid;
}

MostWorkForkChoice::MostWorkForkChoice() = default;

MostWorkForkChoice::~MostWorkForkChoice() = default;

double
MostWorkForkChoice::GetChainWork(const Ledger& ledger, const Sha256Digest& hash) const
{
    // Walk back to a block whose work is known (or genesis), then add forward.
    std::vector<Sha256Digest> path;
    Sha256Digest cursor = hash;
    double work = 0;
    while (true)
    {
        auto it = m_work.find(cursor);
        if (it != m_work.end())
        {
            work = it->second;
            break;
        }
        const BlockHeader& header = ledger.GetHeader(cursor);
        if (header.IsGenesis())
        {
            m_work[cursor] = 0;
            break;
        }
        path.push_back(cursor);
        cursor = header.GetParentHash();
    }
    for (auto it = path.rbegin(); it != path.rend(); ++it)
    {
        double difficulty;
        uint64_t nonce;
        PowConsensus::DecodeData(ledger.GetHeader(*it).GetConsensusData(), &difficulty, &nonce);
        work += difficulty;
        m_work[*it] = work;
    }
    return work;
}

bool
MostWorkForkChoice::DoIsPreferred(const Ledger& ledger,
                                  const Sha256Digest& candidate,
                                  const Sha256Digest& tip) const
{
    return GetChainWork(ledger, candidate) > GetChainWork(ledger, tip);
}

} // namespace sagin
} // namespace ns3
