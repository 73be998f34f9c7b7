// SPDX-License-Identifier: GPL-2.0-only

#include "synthetic-classification-task.h"

#include "ns3/mlp.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace ns3
{
namespace sagin
{

namespace
{
/** Floating-point operations per parameter and sample of one training step (forward 2,
 *  backward 4; Kaplan et al. 2020). */
constexpr double FLOPS_PER_PARAMETER_SAMPLE = 6.0;

/**
 * Softmax cross-entropy of one row.
 * \param logits C values
 * \param label the right class
 * \param probabilities receives the softmax (C values)
 * \return the loss (nats)
 */
double
CrossEntropy(const float* logits,
             uint32_t classes,
             uint32_t label,
             std::vector<double>* probabilities)
{
    const double top = *std::max_element(logits, logits + classes);
    double sum = 0;
    probabilities->resize(classes);
    for (uint32_t c = 0; c < classes; ++c)
    {
        (*probabilities)[c] = std::exp(logits[c] - top);
        sum += (*probabilities)[c];
    }
    for (double& p : *probabilities)
    {
        p /= sum;
    }
    return -std::log(std::max((*probabilities)[label], 1e-300));
}
} // namespace

SyntheticClassificationTask::SyntheticClassificationTask(uint32_t inputs,
                                                         uint32_t classes,
                                                         const std::vector<uint32_t>& hidden,
                                                         uint32_t clients,
                                                         uint32_t samplesPerClient,
                                                         double skew,
                                                         uint32_t testSamples,
                                                         int64_t stream)
{
    const std::string who = "SyntheticClassificationTask: ";
    if (inputs == 0 || classes < 2 || clients == 0 || samplesPerClient == 0 || testSamples == 0)
    {
        throw std::invalid_argument(who + "inputs, clients, samples and test samples must be "
                                          ">= 1 and classes >= 2");
    }
    if (!(skew >= 0) || !std::isfinite(skew))
    {
        throw std::invalid_argument(who + "the skew must be finite and >= 0 (0 is IID data)");
    }
    m_architecture.inputSize = inputs;
    m_architecture.hiddenSizes = hidden;
    m_architecture.outputSize = classes;
    m_architecture.Validate("SyntheticClassificationTask");
    auto uniform = CreateObject<UniformRandomVariable>();
    uniform->SetStream(stream);
    auto normal = CreateObject<NormalRandomVariable>();
    normal->SetStream(stream + 1);
    auto direction = CreateObject<NormalRandomVariable>();
    direction->SetStream(stream + 2);
    auto pick = CreateObject<UniformRandomVariable>();
    pick->SetStream(stream + 3);
    m_init = CreateObject<UniformRandomVariable>();
    m_init->SetStream(stream + 4);

    m_teacher.resize(std::size_t{classes} * inputs);
    for (float& w : m_teacher)
    {
        w = static_cast<float>(uniform->GetValue(-1.0, 1.0));
    }
    std::vector<std::vector<double>> centres;
    for (uint32_t i = 0; i < clients; ++i)
    {
        std::vector<double> u(inputs);
        double norm = 0;
        for (double& v : u)
        {
            v = direction->GetValue();
            norm += v * v;
        }
        norm = std::sqrt(norm);
        for (double& v : u)
        {
            v = norm > 0 ? skew * v / norm : 0;
        }
        centres.push_back(u);
    }
    auto draw = [&](const std::vector<double>& centre, Dataset& data) {
        const std::size_t row = data.inputs.size();
        for (uint32_t k = 0; k < inputs; ++k)
        {
            data.inputs.push_back(static_cast<float>(centre[k] + normal->GetValue()));
        }
        data.labels.push_back(Label(data.inputs.data() + row));
    };
    m_clients.resize(clients);
    for (uint32_t i = 0; i < clients; ++i)
    {
        for (uint32_t n = 0; n < samplesPerClient; ++n)
        {
            draw(centres[i], m_clients[i]);
        }
    }
    for (uint32_t n = 0; n < testSamples; ++n)
    {
        draw(centres[pick->GetInteger(0, clients - 1)], m_test);
    }
}

uint32_t
SyntheticClassificationTask::Label(const float* x) const
{
    const uint32_t d = m_architecture.inputSize;
    uint32_t best = 0;
    double bestScore = -1e300;
    for (uint32_t c = 0; c < m_architecture.outputSize; ++c)
    {
        double score = 0;
        for (uint32_t k = 0; k < d; ++k)
        {
            score += double{m_teacher[std::size_t{c} * d + k]} * x[k];
        }
        if (score > bestScore)
        {
            bestScore = score;
            best = c;
        }
    }
    return best;
}

const MlpArchitecture&
SyntheticClassificationTask::GetArchitecture() const
{
    return m_architecture;
}

std::vector<float>
SyntheticClassificationTask::MakeInitialModel() const
{
    Mlp network(m_architecture);
    network.InitializeParameters(m_init);
    return network.GetParameters();
}

const SyntheticClassificationTask::Dataset&
SyntheticClassificationTask::GetClientData(uint32_t client) const
{
    if (client >= m_clients.size())
    {
        throw std::invalid_argument("SyntheticClassificationTask: client " +
                                    std::to_string(client) + " of " +
                                    std::to_string(m_clients.size()));
    }
    return m_clients[client];
}

LocalUpdate
SyntheticClassificationTask::Train(const std::vector<float>& model,
                                   uint32_t client,
                                   uint32_t epochs,
                                   uint32_t batchSize,
                                   double learningRate) const
{
    if (epochs == 0 || batchSize == 0)
    {
        throw std::invalid_argument("SyntheticClassificationTask::Train: epochs and batch size "
                                    "must be >= 1");
    }
    const Dataset& data = GetClientData(client);
    const uint32_t d = m_architecture.inputSize;
    const uint32_t classes = m_architecture.outputSize;
    const auto samples = static_cast<uint32_t>(data.labels.size());
    Mlp network(m_architecture);
    network.SetParameters(model);
    AdamOptimizer adam(network, learningRate);
    std::vector<double> probabilities;
    for (uint32_t epoch = 0; epoch < epochs; ++epoch)
    {
        for (uint32_t first = 0; first < samples; first += batchSize)
        {
            const uint32_t rows = std::min(batchSize, samples - first);
            const std::vector<float> batch(data.inputs.begin() + std::size_t{first} * d,
                                           data.inputs.begin() + std::size_t{first + rows} * d);
            network.ZeroGradients();
            network.Backpropagate(batch, [&](const std::vector<float>& logits) {
                // d(mean cross-entropy)/d logits = (softmax - one-hot) / rows
                std::vector<float> gradient(logits.size());
                for (uint32_t r = 0; r < rows; ++r)
                {
                    const uint32_t label = data.labels[first + r];
                    CrossEntropy(&logits[std::size_t{r} * classes], classes, label, &probabilities);
                    for (uint32_t c = 0; c < classes; ++c)
                    {
                        gradient[std::size_t{r} * classes + c] = static_cast<float>(
                            (probabilities[c] - (c == label ? 1.0 : 0.0)) / rows);
                    }
                }
                return gradient;
            });
            adam.Step();
        }
    }
    LocalUpdate update;
    update.parameters = network.GetParameters();
    update.samples = samples;
    update.cycles =
        FLOPS_PER_PARAMETER_SAMPLE * static_cast<double>(model.size()) * samples * epochs;
    return update;
}

SyntheticClassificationTask::Score
SyntheticClassificationTask::Evaluate(const std::vector<float>& model) const
{
    Mlp network(m_architecture);
    network.SetParameters(model);
    const std::vector<float> logits = network.Forward(m_test.inputs);
    const uint32_t classes = m_architecture.outputSize;
    Score score;
    std::vector<double> probabilities;
    for (std::size_t r = 0; r < m_test.labels.size(); ++r)
    {
        const float* row = &logits[r * classes];
        score.loss += CrossEntropy(row, classes, m_test.labels[r], &probabilities);
        score.accuracy += (std::max_element(row, row + classes) - row) == m_test.labels[r];
    }
    score.loss /= static_cast<double>(m_test.labels.size());
    score.accuracy /= static_cast<double>(m_test.labels.size());
    return score;
}

} // namespace sagin
} // namespace ns3
