// SPDX-License-Identifier: GPL-2.0-only

#include "parameter-serialization.h"

#include "ns3/log.h"

#include <boost/crc.hpp>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginParameterSerialization");

namespace
{
/** First bytes of every checkpoint file. */
constexpr char CHECKPOINT_MAGIC[8] = {'S', 'A', 'G', 'I', 'N', 'C', 'K', 'P'};

/** Longest name or kind string accepted when reading (bytes): guards against garbage. */
constexpr uint32_t MAX_STRING = 4096;

/** Most hidden layers accepted when reading: guards against garbage. */
constexpr uint32_t MAX_LAYERS = 1024;

/**
 * \param value a float
 * \return its bits
 */
uint32_t
FloatBits(float value)
{
    uint32_t bits;
    std::memcpy(&bits, &value, sizeof(bits));
    return bits;
}

/** Appends little-endian values to a byte vector. */
class Writer
{
  public:
    /** \param value appended as 4 bytes */
    void U32(uint32_t value)
    {
        for (int i = 0; i < 4; ++i)
        {
            bytes.push_back(static_cast<uint8_t>(value >> (8 * i)));
        }
    }

    /** \param value appended as 8 bytes */
    void U64(uint64_t value)
    {
        for (int i = 0; i < 8; ++i)
        {
            bytes.push_back(static_cast<uint8_t>(value >> (8 * i)));
        }
    }

    /** \param text appended as its length and bytes */
    void String(const std::string& text)
    {
        U32(static_cast<uint32_t>(text.size()));
        bytes.insert(bytes.end(), text.begin(), text.end());
    }

    std::vector<uint8_t> bytes; //!< what was written
};

/** Reads little-endian values from a byte range, naming the file when it runs out. */
class Reader
{
  public:
    /**
     * \param path the file, for messages
     * \param data its bytes
     * \param size how many to read
     */
    Reader(const std::string& path, const uint8_t* data, std::size_t size)
        : m_path(path),
          m_data(data),
          m_size(size)
    {
    }

    /**
     * \param n byte count
     * \param what the field, for the message
     * \return the bytes
     */
    const uint8_t* Take(std::size_t n, const std::string& what)
    {
        if (n > m_size - m_offset)
        {
            std::ostringstream msg;
            msg << "checkpoint " << m_path << " is truncated or corrupt: " << what << " needs " << n
                << " bytes at offset " << m_offset << " but only " << m_size - m_offset
                << " remain before the CRC";
            throw std::runtime_error(msg.str());
        }
        const uint8_t* p = m_data + m_offset;
        m_offset += n;
        return p;
    }

    /** \param what the field \return the value */
    uint32_t U32(const std::string& what)
    {
        const uint8_t* p = Take(4, what);
        uint32_t value = 0;
        for (int i = 0; i < 4; ++i)
        {
            value |= static_cast<uint32_t>(p[i]) << (8 * i);
        }
        return value;
    }

    /** \param what the field \return the value */
    uint64_t U64(const std::string& what)
    {
        const uint8_t* p = Take(8, what);
        uint64_t value = 0;
        for (int i = 0; i < 8; ++i)
        {
            value |= static_cast<uint64_t>(p[i]) << (8 * i);
        }
        return value;
    }

    /** \param what the field \return the value */
    std::string String(const std::string& what)
    {
        const uint32_t length = U32(what + " length");
        if (length > MAX_STRING)
        {
            Fail(what + " length " + std::to_string(length) + " is implausible");
        }
        const uint8_t* p = Take(length, what);
        return std::string(reinterpret_cast<const char*>(p), length);
    }

    /** \param what the problem; throws std::runtime_error naming the file */
    [[noreturn]] void Fail(const std::string& what) const
    {
        throw std::runtime_error("checkpoint " + m_path + " is corrupt: " + what);
    }

    /** \return bytes not read yet */
    std::size_t Remaining() const
    {
        return m_size - m_offset;
    }

  private:
    std::string m_path;      //!< file name
    const uint8_t* m_data;   //!< bytes
    std::size_t m_size;      //!< byte count
    std::size_t m_offset{0}; //!< next byte
};

/**
 * \param bytes data
 * \param size byte count
 * \return CRC-32 (IEEE 802.3) of the data
 */
uint32_t
Crc32(const uint8_t* bytes, std::size_t size)
{
    boost::crc_32_type crc;
    crc.process_bytes(bytes, size);
    return crc.checksum();
}
} // namespace

std::vector<uint8_t>
SerializeParameters(const std::vector<float>& parameters)
{
    // Indexed stores into a buffer of the final size (the compiler merges each value's four
    // byte stores into one little-endian store): about ten times faster than push_back.
    std::vector<uint8_t> buffer(4 * parameters.size());
    for (std::size_t k = 0; k < parameters.size(); ++k)
    {
        const uint32_t bits = FloatBits(parameters[k]);
        for (int i = 0; i < 4; ++i)
        {
            buffer[4 * k + i] = static_cast<uint8_t>(bits >> (8 * i));
        }
    }
    return buffer;
}

std::vector<float>
DeserializeParameters(const std::vector<uint8_t>& buffer, std::size_t expectedCount)
{
    if (buffer.size() != 4 * expectedCount)
    {
        std::ostringstream msg;
        msg << "DeserializeParameters: the buffer has " << buffer.size() << " bytes but the "
            << "network has " << expectedCount << " parameters (" << 4 * expectedCount
            << " bytes); it was sent by a network of another architecture or cut short";
        throw std::invalid_argument(msg.str());
    }
    std::vector<float> parameters(expectedCount);
    for (std::size_t k = 0; k < expectedCount; ++k)
    {
        uint32_t bits = 0;
        for (int i = 0; i < 4; ++i)
        {
            bits |= static_cast<uint32_t>(buffer[4 * k + i]) << (8 * i);
        }
        std::memcpy(&parameters[k], &bits, sizeof(bits));
    }
    return parameters;
}

void
WriteCheckpoint(const std::string& path, const Checkpoint& checkpoint)
{
    NS_LOG_FUNCTION(path << checkpoint.kind);
    Writer out;
    out.bytes.insert(out.bytes.end(), std::begin(CHECKPOINT_MAGIC), std::end(CHECKPOINT_MAGIC));
    out.U32(CHECKPOINT_FORMAT_VERSION);
    out.String(checkpoint.kind);
    out.U32(static_cast<uint32_t>(checkpoint.networks.size()));
    for (const Checkpoint::Network& network : checkpoint.networks)
    {
        const MlpArchitecture& a = network.architecture;
        if (network.parameters.size() != a.GetParameterCount())
        {
            throw std::invalid_argument(
                "WriteCheckpoint " + path + ": network \"" + network.name + "\" (" + a.ToString() +
                ") has " + std::to_string(network.parameters.size()) +
                " parameters, its architecture " + std::to_string(a.GetParameterCount()));
        }
        out.String(network.name);
        out.U32(a.inputSize);
        out.U32(static_cast<uint32_t>(a.hiddenSizes.size()));
        for (uint32_t width : a.hiddenSizes)
        {
            out.U32(width);
        }
        out.U32(a.outputSize);
        out.bytes.push_back(static_cast<uint8_t>(a.activation));
        out.U64(network.parameters.size());
        const std::vector<uint8_t> values = SerializeParameters(network.parameters);
        out.bytes.insert(out.bytes.end(), values.begin(), values.end());
    }
    out.U32(Crc32(out.bytes.data(), out.bytes.size()));

    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (!file)
    {
        throw std::runtime_error("WriteCheckpoint: cannot open " + path +
                                 " for writing; check that its directory exists and is "
                                 "writable");
    }
    file.write(reinterpret_cast<const char*>(out.bytes.data()),
               static_cast<std::streamsize>(out.bytes.size()));
    file.close();
    if (!file)
    {
        throw std::runtime_error("WriteCheckpoint: writing " + path +
                                 " failed (disk full or removed?)");
    }
}

Checkpoint
ReadCheckpoint(const std::string& path)
{
    NS_LOG_FUNCTION(path);
    std::ifstream file(path, std::ios::binary);
    if (!file)
    {
        throw std::runtime_error("ReadCheckpoint: cannot open " + path +
                                 "; check the path (checkpoints are written by SaveCheckpoint)");
    }
    const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)),
                                     std::istreambuf_iterator<char>());
    if (bytes.size() < sizeof(CHECKPOINT_MAGIC) ||
        std::memcmp(bytes.data(), CHECKPOINT_MAGIC, sizeof(CHECKPOINT_MAGIC)) != 0)
    {
        throw std::runtime_error("checkpoint " + path +
                                 " is not a sagin checkpoint: it does not start with the magic "
                                 "\"SAGINCKP\" (" +
                                 std::to_string(bytes.size()) + " bytes)");
    }
    if (bytes.size() < sizeof(CHECKPOINT_MAGIC) + 8)
    {
        throw std::runtime_error("checkpoint " + path +
                                 " is truncated: " + std::to_string(bytes.size()) +
                                 " bytes, less than a header and CRC");
    }
    Reader header(path, bytes.data(), bytes.size());
    header.Take(sizeof(CHECKPOINT_MAGIC), "magic");
    const uint32_t version = header.U32("format version");
    if (version != CHECKPOINT_FORMAT_VERSION)
    {
        throw std::invalid_argument("checkpoint " + path + " has format version " +
                                    std::to_string(version) + "; this build of sagin reads " +
                                    "version " + std::to_string(CHECKPOINT_FORMAT_VERSION) +
                                    " only");
    }
    const std::size_t body = bytes.size() - 4;
    uint32_t stored = 0;
    for (int i = 0; i < 4; ++i)
    {
        stored |= static_cast<uint32_t>(bytes[body + i]) << (8 * i);
    }
    const uint32_t computed = Crc32(bytes.data(), body);
    if (stored != computed)
    {
        std::ostringstream msg;
        msg << "checkpoint " << path << " is corrupt or truncated: CRC-32 of its " << bytes.size()
            << " bytes is 0x" << std::hex << computed << ", the file says 0x" << stored;
        throw std::runtime_error(msg.str());
    }

    Reader in(path, bytes.data(), body);
    in.Take(sizeof(CHECKPOINT_MAGIC) + 4, "header");
    Checkpoint checkpoint;
    checkpoint.kind = in.String("kind");
    const uint32_t count = in.U32("network count");
    for (uint32_t n = 0; n < count; ++n)
    {
        Checkpoint::Network network;
        const std::string which = "network " + std::to_string(n + 1);
        network.name = in.String(which + " name");
        MlpArchitecture& a = network.architecture;
        a.inputSize = in.U32(which + " input width");
        const uint32_t layers = in.U32(which + " hidden layer count");
        if (layers > MAX_LAYERS)
        {
            in.Fail(which + " claims " + std::to_string(layers) + " hidden layers");
        }
        for (uint32_t l = 0; l < layers; ++l)
        {
            a.hiddenSizes.push_back(in.U32(which + " hidden width"));
        }
        a.outputSize = in.U32(which + " output width");
        const uint8_t activation = *in.Take(1, which + " activation");
        if (activation > MlpArchitecture::TANH)
        {
            in.Fail(which + " has unknown activation code " + std::to_string(activation));
        }
        a.activation = static_cast<MlpArchitecture::Activation>(activation);
        try
        {
            a.Validate("checkpoint " + path + " " + which);
        }
        catch (const std::invalid_argument& e)
        {
            in.Fail(e.what());
        }
        const uint64_t parameters = in.U64(which + " parameter count");
        if (parameters != a.GetParameterCount())
        {
            in.Fail(which + " (" + a.ToString() + ") stores " + std::to_string(parameters) +
                    " parameters; its architecture has " + std::to_string(a.GetParameterCount()));
        }
        if (parameters > in.Remaining() / 4)
        {
            in.Take(4 * parameters, which + " parameters"); // throws: truncated
        }
        const uint8_t* p = in.Take(4 * parameters, which + " parameters");
        network.parameters = DeserializeParameters(std::vector<uint8_t>(p, p + 4 * parameters),
                                                   static_cast<std::size_t>(parameters));
        checkpoint.networks.push_back(std::move(network));
    }
    if (in.Remaining() != 0)
    {
        in.Fail(std::to_string(in.Remaining()) + " unexpected bytes after the last network");
    }
    return checkpoint;
}

std::vector<std::vector<float>>
ReadCheckpointParameters(const std::string& path,
                         const std::string& kind,
                         const std::vector<std::pair<std::string, MlpArchitecture>>& expected)
{
    const Checkpoint checkpoint = ReadCheckpoint(path);
    if (checkpoint.kind != kind)
    {
        throw std::invalid_argument("checkpoint " + path + " was written by " + checkpoint.kind +
                                    ", not " + kind);
    }
    if (checkpoint.networks.size() != expected.size())
    {
        throw std::invalid_argument("checkpoint " + path + " holds " +
                                    std::to_string(checkpoint.networks.size()) + " networks; " +
                                    kind + " has " + std::to_string(expected.size()));
    }
    std::vector<std::vector<float>> parameters;
    for (std::size_t n = 0; n < expected.size(); ++n)
    {
        const Checkpoint::Network& network = checkpoint.networks[n];
        if (network.name != expected[n].first)
        {
            throw std::invalid_argument("checkpoint " + path + ": network " +
                                        std::to_string(n + 1) + " is \"" + network.name +
                                        "\", expected \"" + expected[n].first + "\"");
        }
        if (network.architecture != expected[n].second)
        {
            throw std::invalid_argument(
                "checkpoint " + path + ": architecture mismatch for network \"" + network.name +
                "\": the file has " + network.architecture.ToString() + ", this " + kind + " has " +
                expected[n].second.ToString() +
                " (set HiddenLayers/Activation and the spaces to match, or retrain)");
        }
        parameters.push_back(network.parameters);
    }
    return parameters;
}

void
WriteActorCriticCheckpoint(const std::string& path,
                           const std::string& kind,
                           const Mlp& actor,
                           const Mlp& critic)
{
    Checkpoint checkpoint;
    checkpoint.kind = kind;
    checkpoint.networks.push_back({"actor", actor.GetArchitecture(), actor.GetParameters()});
    checkpoint.networks.push_back({"critic", critic.GetArchitecture(), critic.GetParameters()});
    WriteCheckpoint(path, checkpoint);
}

void
ReadActorCriticCheckpoint(const std::string& path, const std::string& kind, Mlp& actor, Mlp& critic)
{
    const auto parameters = ReadCheckpointParameters(
        path,
        kind,
        {{"actor", actor.GetArchitecture()}, {"critic", critic.GetArchitecture()}});
    actor.SetParameters(parameters[0]);
    critic.SetParameters(parameters[1]);
}

} // namespace sagin
} // namespace ns3
