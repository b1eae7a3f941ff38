// nn::forward_flops<Net>, nn::training_flops<Net>(batch): the floating-point operations a
// forward pass and an SGD training step of a network count, defined once for every report
// (nn::cost<Net, T> of cost.hpp puts them with the network's bytes).
#pragma once

#include <cstddef>

#include "layer.hpp"

namespace constgrad::nn {

template <class... Ls>
class network;

}  // namespace constgrad::nn

namespace constgrad::detail {

// The counts need only the layers' widths: network<Ls...> is matched, never instantiated, so
// this header does not pull in network.hpp.
template <class Net>
inline constexpr bool nn_flops_is_network = false;
template <class... Ls>
inline constexpr bool nn_flops_is_network<nn::network<Ls...>> = true;

template <class Net>
struct nn_flops {
    static_assert(nn_flops_is_network<Net>,
                  "constgrad::nn::forward_flops<Net> / training_flops<Net>: Net must be an "
                  "nn::network<Layers...>");
    // Defined anyway, so that the message above is the only error.
    static constexpr std::size_t first_product = 0, later_products = 0, products = 0, parameters = 0;
};

// The product of one layer on one sample: W x, 2 In Out flops (one multiply and one add per
// weight); for a layer with buffers (batch norm: elementwise) 2 per output, gamma·x̂ + beta
// (the normalisation, like an activation, is not counted).
template <class L>
inline constexpr std::size_t nn_layer_product = nn::layer_has_buffers<L> ? 2 * L::outputs : 2 * L::inputs * L::outputs;

template <class First, class... Rest>
struct nn_flops<nn::network<First, Rest...>> {
    // One multiply and one add per weight: the product W x of a layer is 2 In Out flops.
    static constexpr std::size_t first_product = nn_layer_product<First>;
    static constexpr std::size_t later_products = (std::size_t{0} + ... + nn_layer_product<Rest>);
    static constexpr std::size_t products = first_product + later_products;
    static constexpr std::size_t parameters =
        First::template parameters<double>::size + (std::size_t{0} + ... + Rest::template parameters<double>::size);
};

}  // namespace constgrad::detail

namespace constgrad::nn {

/// Flops of one forward pass of `Net` on one sample: Σ 2·In·Out over its layers (one multiply
/// and one add per weight; a layer with buffers, batch norm, 2·Out: gamma·x̂ + beta). Biases and activations are not counted, so the number depends on
/// the widths alone and compares across engines that compute them differently.
///
///     using net = nn::network<nn::dense<2, 16, nn::relu>, nn::dense<16, 16, nn::relu>,
///                             nn::dense<16, 1>>;
///     static_assert(nn::forward_flops<net> == 2 * (2 * 16 + 16 * 16 + 16 * 1));  // 608
template <class Net>
inline constexpr std::size_t forward_flops = detail::nn_flops<Net>::products;

/// Flops of one SGD training step of `Net` on a batch of `batch` samples: per sample the
/// forward pass (Σ 2·In·Out), the weight gradient (Σ 2·In·Out) and the input gradient of
/// every layer but the first (Σ 2·In·Out over layers 2..n; the first layer's input gradient is
/// not needed), then 2 flops per parameter for the update p -= rate · g, once per step.
/// Biases, activations and the loss are not counted.
///
///     // 2-16-16-1: per sample 608 + 608 + 2 * (16 * 16 + 16 * 1) = 1760; 337 parameters.
///     static_assert(nn::training_flops<net>(1) == 1760 + 2 * 337);
///     static_assert(nn::training_flops<net>(32) == 32 * 1760 + 2 * 337);
template <class Net>
constexpr std::size_t training_flops(std::size_t batch) noexcept {
    using f = detail::nn_flops<Net>;
    return batch * (2 * f::products + f::later_products) + 2 * f::parameters;
}

}  // namespace constgrad::nn
