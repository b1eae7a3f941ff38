// nn::reduction: how a loss combines its elements over a sample's outputs and a batch.
#pragma once

namespace constgrad::nn {

/// `sum`: the loss of a batch is the sum over samples and outputs (the seed's
/// Σ (NN(x) - y)^2). `mean`: the average over samples and outputs (MSE, the classic hinge
/// demo). The gradient is reduced the same way, so a mean loss's step size does not grow
/// with the batch.
enum class reduction { sum, mean };

}  // namespace constgrad::nn
