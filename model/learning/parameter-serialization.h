// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_PARAMETER_SERIALIZATION_H
#define SAGIN_PARAMETER_SERIALIZATION_H

#include "mlp.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Parameters as bytes: IEEE-754 binary32, little-endian, in the given order, nothing else.
 * The buffer is exactly 4 bytes per parameter (the real model size: what a federated round
 * sends as packets), and DeserializeParameters() gives back bit-identical floats (NaN
 * payloads and signed zeros included) on any host.
 * \param parameters the parameters
 * \return 4 * parameters.size() bytes
 */
std::vector<uint8_t> SerializeParameters(const std::vector<float>& parameters);

/**
 * \ingroup sagin
 * \param buffer bytes written by SerializeParameters()
 * \param expectedCount the parameter count the receiver's network has; throws
 *        std::invalid_argument when the buffer is not 4 * expectedCount bytes
 * \return the parameters
 */
std::vector<float> DeserializeParameters(const std::vector<uint8_t>& buffer,
                                         std::size_t expectedCount);

/**
 * \ingroup sagin
 * A checkpoint: the networks of one learning object (e.g. a DDQN's "online" network, later
 * an actor-critic's "actor" and "critic"), each with its architecture and parameters.
 *
 * File format, version 1 (CHECKPOINT_FORMAT_VERSION), every integer little-endian:
 * \verbatim
   magic          8 bytes  "SAGINCKP"
   version        uint32   1
   kind           uint32 length + bytes, e.g. "ns3::sagin::DdqnPolicy"
   network count  uint32
   per network:   name (uint32 length + bytes), input width uint32, hidden layer count
                  uint32, each hidden width uint32, output width uint32, activation uint8
                  (0 relu, 1 tanh), parameter count uint64, the parameters (binary32
                  little-endian, in Mlp::GetParameters() order)
   crc32          uint32   CRC-32 (IEEE 802.3) of every byte before it
   \endverbatim
 */
struct Checkpoint
{
    /** One network of a checkpoint. */
    struct Network
    {
        std::string name;              //!< its role, e.g. "online"
        MlpArchitecture architecture;  //!< its shape
        std::vector<float> parameters; //!< its parameters
    };

    std::string kind;              //!< TypeId name of the object that wrote it
    std::vector<Network> networks; //!< its networks
};

/** Format version written by WriteCheckpoint() and the only one ReadCheckpoint() reads. */
constexpr uint32_t CHECKPOINT_FORMAT_VERSION = 1;

/**
 * \ingroup sagin
 * Write a checkpoint file (replaced if it exists). Throws std::runtime_error naming the path
 * when it cannot be written, std::invalid_argument when a network's parameter count does
 * not match its architecture.
 * \param path the file
 * \param checkpoint what to write
 */
void WriteCheckpoint(const std::string& path, const Checkpoint& checkpoint);

/**
 * \ingroup sagin
 * Read a checkpoint file. Throws, with a message naming the file: std::runtime_error when it
 * cannot be opened, is not a sagin checkpoint (magic), is truncated, fails its CRC, or is
 * otherwise malformed; std::invalid_argument when its format version is not
 * CHECKPOINT_FORMAT_VERSION.
 * \param path the file
 * \return its content
 */
Checkpoint ReadCheckpoint(const std::string& path);

/**
 * \ingroup sagin
 * Read a checkpoint and check that it was written by an object of the given kind with the
 * given networks; throws std::invalid_argument naming the file and what differs (kind,
 * network names, architectures), besides ReadCheckpoint()'s errors.
 * \param path the file
 * \param kind the expected kind
 * \param expected the expected network names and architectures, in order
 * \return the parameters of each network, in order
 */
std::vector<std::vector<float>> ReadCheckpointParameters(
    const std::string& path,
    const std::string& kind,
    const std::vector<std::pair<std::string, MlpArchitecture>>& expected);

/**
 * \ingroup sagin
 * Write an actor-critic agent's two networks, "actor" then "critic", as one checkpoint.
 * \param path the file
 * \param kind the writer's kind (its TypeId name)
 * \param actor the actor network
 * \param critic the critic network
 */
void WriteActorCriticCheckpoint(const std::string& path,
                                const std::string& kind,
                                const Mlp& actor,
                                const Mlp& critic);

/**
 * \ingroup sagin
 * Load what WriteActorCriticCheckpoint wrote into networks of the same architectures; errors
 * as ReadCheckpointParameters().
 * \param path the file
 * \param kind the expected kind
 * \param actor the actor network
 * \param critic the critic network
 */
void ReadActorCriticCheckpoint(const std::string& path,
                               const std::string& kind,
                               Mlp& actor,
                               Mlp& critic);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_PARAMETER_SERIALIZATION_H
