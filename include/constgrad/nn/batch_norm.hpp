// nn::batch_norm<Features> in a feed-forward nn::network: PyTorch's BatchNorm1d on (N, C).
#pragma once

// One layer type serves both contracts: nn::batch_norm (sequence/batch_norm.hpp) is a sequence
// layer (forward_window over frames) and an nn::Layer with buffers (forward_batch over the
// samples of a batch, nn/layer.hpp), on the same arithmetic. In nn::network the batch is the
// batch of samples: in mode::train each feature is normalised with the mean and biased variance
// of the batch and the running statistics move (momentum 0.1, unbiased variance); in mode::eval
// and in network::forward(p, buffers, x) the running statistics normalise.
//
//     using net = nn::network<nn::dense<2, 16>, nn::batch_norm<16>, nn::dense<16, 1>>;
//     auto b = net::buffers<double>{};                       // running statistics
//     net::gradient_into(g, nn::mse, p, b, std::span(batch), ws, nn::mode::train);
#include "../sequence/batch_norm.hpp"
