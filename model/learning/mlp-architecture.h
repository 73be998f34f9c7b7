// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_MLP_ARCHITECTURE_H
#define SAGIN_MLP_ARCHITECTURE_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * The shape of a multi-layer perceptron: input width, hidden layer widths, output width and
 * the activation between layers (none after the output layer).
 */
struct MlpArchitecture
{
    /** Activation applied after every hidden layer. */
    enum Activation
    {
        RELU = 0, //!< max(0, x)
        TANH = 1  //!< tanh(x)
    };

    uint32_t inputSize{0};             //!< width of the input (> 0)
    std::vector<uint32_t> hiddenSizes; //!< width of each hidden layer (each > 0; may be empty)
    uint32_t outputSize{0};            //!< width of the output (> 0)
    Activation activation{RELU};       //!< hidden-layer activation

    /**
     * \return e.g. "5-64-64-2 relu"
     */
    std::string ToString() const;

    /**
     * \return the number of parameters (weights and biases of every layer)
     */
    std::size_t GetParameterCount() const;

    /**
     * Throw std::invalid_argument, naming the layer, when a width is 0.
     * \param context who asks, for the message (e.g. "DdqnPolicy 'agent-1'")
     */
    void Validate(const std::string& context) const;

    /**
     * \param other another architecture
     * \return whether they are the same shape and activation
     */
    bool operator==(const MlpArchitecture& other) const;

    /**
     * \param other another architecture
     * \return whether they differ
     */
    bool operator!=(const MlpArchitecture& other) const;
};

/**
 * \ingroup sagin
 * \param activation an activation
 * \return its name: "relu" or "tanh"
 */
std::string ActivationName(MlpArchitecture::Activation activation);

/**
 * \ingroup sagin
 * Parse hidden layer widths written as a comma-separated list, e.g. "64,64" (an empty string
 * is no hidden layer).
 * \param text the list
 * \param context who asks, for the message (e.g. "DdqnPolicy attribute HiddenLayers")
 * \return the widths
 * Throws std::invalid_argument for anything but positive integers (a width of 0 included).
 */
std::vector<uint32_t> ParseLayerSizes(const std::string& text, const std::string& context);

/**
 * \ingroup sagin
 * \param sizes hidden layer widths
 * \return them as ParseLayerSizes reads them, e.g. "64,64"
 */
std::string FormatLayerSizes(const std::vector<uint32_t>& sizes);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_MLP_ARCHITECTURE_H
