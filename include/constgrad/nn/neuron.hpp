// nn::neuron<In, Act>: the seed's neuron act(w1 x1 + ... + wn xn + b), a dense layer of one.
#pragma once

#include <cstddef>

#include "activations.hpp"
#include "dense.hpp"

namespace constgrad::nn {

/// One neuron on In inputs: act(w . x + b). It is exactly a dense layer with one output
/// (parameters w[0][i], b[0]), so it composes into networks like any layer.
///
///     using n = constgrad::nn::network<constgrad::nn::neuron<2, constgrad::nn::tanh>>;
template <std::size_t In, class Act = identity>
using neuron = dense<In, 1, Act>;

}  // namespace constgrad::nn
