// SPDX-License-Identifier: GPL-2.0-only
//
// The shape of a network, apart from LibTorch: Mlp (training) and MlpEvaluator (decisions)
// share it.

#include "mlp-architecture.h"

#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

std::string
ActivationName(MlpArchitecture::Activation activation)
{
    return activation == MlpArchitecture::TANH ? "tanh" : "relu";
}

std::string
MlpArchitecture::ToString() const
{
    std::ostringstream out;
    out << inputSize;
    for (uint32_t width : hiddenSizes)
    {
        out << "-" << width;
    }
    out << "-" << outputSize << " " << ActivationName(activation);
    return out.str();
}

std::size_t
MlpArchitecture::GetParameterCount() const
{
    std::size_t count = 0;
    std::size_t previous = inputSize;
    for (uint32_t width : hiddenSizes)
    {
        count += (previous + 1) * width;
        previous = width;
    }
    return count + (previous + 1) * outputSize;
}

void
MlpArchitecture::Validate(const std::string& context) const
{
    auto fail = [&](const std::string& what) {
        throw std::invalid_argument(context + ": network " + ToString() + " has " + what +
                                    "; every layer needs at least one unit");
    };
    if (inputSize == 0)
    {
        fail("an input width of 0 (the observation is empty)");
    }
    for (std::size_t l = 0; l < hiddenSizes.size(); ++l)
    {
        if (hiddenSizes[l] == 0)
        {
            fail("hidden layer " + std::to_string(l + 1) + " of width 0");
        }
    }
    if (outputSize == 0)
    {
        fail("an output width of 0 (no action to score)");
    }
    if (activation != RELU && activation != TANH)
    {
        throw std::invalid_argument(context + ": unknown activation " +
                                    std::to_string(static_cast<int>(activation)) +
                                    "; use relu or tanh");
    }
}

bool
MlpArchitecture::operator==(const MlpArchitecture& other) const
{
    return inputSize == other.inputSize && hiddenSizes == other.hiddenSizes &&
           outputSize == other.outputSize && activation == other.activation;
}

bool
MlpArchitecture::operator!=(const MlpArchitecture& other) const
{
    return !(*this == other);
}

std::vector<uint32_t>
ParseLayerSizes(const std::string& text, const std::string& context)
{
    std::vector<uint32_t> sizes;
    if (text.find_first_not_of(" \t") == std::string::npos)
    {
        return sizes;
    }
    std::istringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
    {
        const auto begin = item.find_first_not_of(" \t");
        const auto end = item.find_last_not_of(" \t");
        const std::string digits =
            begin == std::string::npos ? "" : item.substr(begin, end - begin + 1);
        if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos ||
            digits.size() > 9)
        {
            throw std::invalid_argument(context + ": \"" + text + "\" is not a list of layer " +
                                        "widths; write positive integers separated by commas, " +
                                        "e.g. \"64,64\"");
        }
        const auto width = static_cast<uint32_t>(std::stoul(digits));
        if (width == 0)
        {
            throw std::invalid_argument(context + ": \"" + text + "\" has a hidden layer " +
                                        std::to_string(sizes.size() + 1) +
                                        " of width 0; every layer needs at least one unit");
        }
        sizes.push_back(width);
    }
    return sizes;
}

std::string
FormatLayerSizes(const std::vector<uint32_t>& sizes)
{
    std::string text;
    for (std::size_t l = 0; l < sizes.size(); ++l)
    {
        text += (l ? "," : "") + std::to_string(sizes[l]);
    }
    return text;
}

} // namespace sagin
} // namespace ns3
