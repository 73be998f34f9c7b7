// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_SYNTHETIC_CLASSIFICATION_TASK_H
#define SAGIN_SYNTHETIC_CLASSIFICATION_TASK_H

#include "ns3/federated-node.h"
#include "ns3/mlp-architecture.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * A classification task whose ground truth is known, for federated-learning experiments:
 * inputs x in R^d, label argmax_c (W* x)_c of a fixed random teacher W* (C x d, entries
 * uniform in [-1, 1]). Client i's data are non-IID: x = Skew u_i + N(0, I), u_i a random unit
 * direction of its own, so each client sees its own region of the input space and its own
 * mix of labels. The test set mixes every client's distribution equally. The learner is an
 * Mlp (ReLU, softmax cross-entropy) trained locally by Adam on minibatches in data order.
 *
 * Compute cost of training (LocalUpdate::cycles): 6 floating-point operations per parameter
 * per sample (forward 2, backward 4: the rule of Kaplan et al., "Scaling Laws for Neural
 * Language Models", 2020), one per CPU cycle (a scalar edge processor).
 *
 * Every draw comes from ns-3 random variables (AssignStreams), so runs are reproducible.
 */
class SyntheticClassificationTask
{
  public:
    /** A client's data. */
    struct Dataset
    {
        std::vector<float> inputs;    //!< n x d, row-major
        std::vector<uint32_t> labels; //!< n labels in [0, C)
    };

    /** Quality of a model on the test set. */
    struct Score
    {
        double loss{0};     //!< mean cross-entropy (nats)
        double accuracy{0}; //!< share of test samples classified right
    };

    /**
     * \param inputs d (>= 1)
     * \param classes C (>= 2)
     * \param hidden the learner's hidden widths
     * \param clients how many clients (>= 1)
     * \param samplesPerClient n (>= 1)
     * \param skew distance of each client's data from the origin (>= 0; 0 is IID)
     * \param testSamples size of the test set (>= 1)
     * \param stream first ns-3 random stream used (5 are used)
     * Throws std::invalid_argument naming the parameter for anything out of range.
     */
    SyntheticClassificationTask(uint32_t inputs,
                                uint32_t classes,
                                const std::vector<uint32_t>& hidden,
                                uint32_t clients,
                                uint32_t samplesPerClient,
                                double skew,
                                uint32_t testSamples,
                                int64_t stream);

    /** \return the learner's shape */
    const MlpArchitecture& GetArchitecture() const;

    /** \return an initial model (PyTorch's default initialisation, from the task's stream) */
    std::vector<float> MakeInitialModel() const;

    /**
     * \param client a client index
     * \return its data
     */
    const Dataset& GetClientData(uint32_t client) const;

    /**
     * Local training from a model.
     * \param model the starting parameters
     * \param client whose data
     * \param epochs passes over the data (>= 1)
     * \param batchSize minibatch size (>= 1)
     * \param learningRate Adam's step size
     * \return the trained parameters, the sample count, the cycles it took
     */
    LocalUpdate Train(const std::vector<float>& model,
                      uint32_t client,
                      uint32_t epochs,
                      uint32_t batchSize,
                      double learningRate) const;

    /**
     * \param model parameters
     * \return loss and accuracy on the test set
     */
    Score Evaluate(const std::vector<float>& model) const;

  private:
    /**
     * \param x an input
     * \return the teacher's label
     */
    uint32_t Label(const float* x) const;

    MlpArchitecture m_architecture;    //!< the learner
    std::vector<float> m_teacher;      //!< W*, C x d
    std::vector<Dataset> m_clients;    //!< each client's data
    Dataset m_test;                    //!< the test set
    Ptr<UniformRandomVariable> m_init; //!< initial weights
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SYNTHETIC_CLASSIFICATION_TASK_H
