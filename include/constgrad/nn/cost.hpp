// nn::cost<Net, T>: what a network costs, as constants: parameters, flops, bytes of parameters,
// of the activations kept for backward, of optimizer state and of each call's stack arrays.
#pragma once

#include <cstddef>
#include <type_traits>

#include "../kernels/detail/packable.hpp"
#include "flops.hpp"
#include "network.hpp"

namespace constgrad::nn {

/// The cost of a network with parameters of scalar type T, every field a compile-time constant
/// derived from the layers' widths (nn::cost<Net, T> below). Flops count one multiply and one
/// add per weight, as nn::forward_flops / training_flops (biases, activations and the loss are
/// not counted); bytes are counts of scalars times sizeof(T).
struct cost_report {
    /// Number of scalar parameters, Σ (In·Out + Out) over the layers (Net::parameter_count).
    std::size_t parameter_count;
    /// One forward pass on one sample: Σ 2·In·Out (nn::forward_flops<Net>).
    std::size_t forward_flops;
    /// Forward and backward pass of one sample in a training step: the forward pass, the weight
    /// gradient (Σ 2·In·Out) and the input gradient of every layer but the first.
    std::size_t training_flops_per_sample;
    /// The SGD update p -= rate · g, once per step: 2 per parameter.
    std::size_t update_flops;

    /// The parameters: parameter_count · sizeof(T) (= sizeof(Net::parameters<T>)).
    std::size_t parameter_bytes;
    /// A gradient buffer, of the parameters' type: what optimizer.step(params, grads) and
    /// nn::fit need besides the parameters (network::descend, fused, needs none).
    std::size_t gradient_bytes;
    /// What the forward pass of training keeps per sample for the backward pass: each layer's
    /// output y and act'(z), 2 Σ Out scalars. A batch keeps it for a block of batch_columns
    /// samples at a time (see batch_gradient_stack_bytes).
    std::size_t activation_bytes;

    /// The layers' non-trainable buffers (batch norm's running_mean, running_var and
    /// num_batches_tracked): Σ sizeof(L::buffers<T>) over the layers that keep them
    /// (= sizeof(Net::buffers<T>) up to the tuple's padding). Not in parameter_count nor in
    /// parameter_bytes, as PyTorch counts running statistics as buffers, not parameters; no
    /// optimizer state and no gradient for them. 0 for a network without buffers.
    std::size_t buffer_bytes;

    /// Optimizer state per parameter, wherever it is kept: optim::sgd none, optim::momentum
    /// the velocity (1 scalar per parameter), optim::adam the moments m and v (2). Their
    /// settings and step counters (a few dozen bytes) are not counted.
    std::size_t sgd_state_bytes;
    std::size_t momentum_state_bytes;
    std::size_t adam_state_bytes;

    // The stack: the arrays of scalars each call of nn::network keeps in automatic storage
    // (named in network.hpp and dense.hpp), at their peak: a lower bound. Not counted: the
    // compiler's frames, spills and the kernels' transient copies of one layer's operands
    // (measured with -O2 for 16-64-64-1 float on g++ 12 and clang++ 14: 0.7 to 2 KB more per
    // call; docs/reference.md has the numbers); nor a returned value (gradient(...) returns a
    // parameters-sized P wherever the caller keeps it).

    /// forward(p, x): every layer's output, Σ Out scalars.
    std::size_t forward_stack_bytes;
    /// The reverse sweep of one sample (gradient, gradient_into, accumulate_gradient,
    /// input_gradient): y and act' of every layer (2 Σ Out), the loss adjoint and the
    /// prediction (2 Out_last), the adjoint of every hidden layer's output (Σ In over layers
    /// 2..n) and the input adjoint (In): In + Out_last + 3 Σ Out scalars. (input_gradient
    /// without a buffer also forms the weights' gradient there: gradient_bytes more.)
    std::size_t gradient_stack_bytes;
    /// descend(loss, p, rate, x, y) with a loss without regulariser: as the reverse sweep,
    /// without the prediction: In + 3 Σ Out scalars. (With a regulariser it forms a whole
    /// gradient first: add gradient_bytes, or pass a buffer.)
    std::size_t descend_stack_bytes;
    /// Samples per block of the batched calls at run time (Net::batch_columns<T>; 0 for a T
    /// without vector kernels, e.g. long double, whose batches go a sample at a time).
    std::size_t batch_columns;
    /// The batch gradient's scratch for one block of N = batch_columns samples: the inputs
    /// (N In) and y, act' and the adjoint of every layer (3 N Σ Out): N (In + 3 Σ Out) scalars
    /// (0 without vector kernels). On the stack unless the caller places it
    /// (network::batch_workspace<T>).
    std::size_t batch_workspace_bytes;
    /// gradient(loss, p, batch) / gradient_into / accumulate_batch_gradient at run time on more
    /// than one sample: the block's scratch (batch_workspace_bytes) and one layer's inputs
    /// transposed (N max In): N (In + 3 Σ Out + max In) scalars; with a caller-placed
    /// workspace only N max In. Without vector kernels (or during constant evaluation):
    /// gradient_stack_bytes.
    std::size_t batch_gradient_stack_bytes;
    /// forward_batch(p, xs, ys) at run time: a block's inputs and every layer's outputs,
    /// N (In + Σ Out) scalars (without vector kernels: forward_stack_bytes).
    std::size_t forward_batch_stack_bytes;

    /// Flops of one SGD step on `batch` samples: batch · training_flops_per_sample +
    /// update_flops, the same as nn::training_flops<Net>(batch).
    constexpr std::size_t training_flops(std::size_t batch = 1) const noexcept {
        return batch * training_flops_per_sample + update_flops;
    }
};

}  // namespace constgrad::nn

namespace constgrad::detail {

// Not a network (the specialisation below takes every nn::network with layers).
template <class Net, class T>
struct nn_cost {
    static_assert(nn_flops_is_network<Net>,
                  "constgrad::nn::cost<Net, T>: Net must be an nn::network<Layers...>");
    static constexpr nn::cost_report report{};  // the message above is the only error
};

template <class T, class First, class... Rest>
struct nn_cost<nn::network<First, Rest...>, T> {
    static_assert(std::is_floating_point_v<T>,
                  "constgrad::nn::cost<Net, T>: T must be the parameters' scalar type (float, "
                  "double or long double)");

    using net = nn::network<First, Rest...>;
    using flops = nn_flops<net>;
    static constexpr std::size_t s = sizeof(T);
    static constexpr std::size_t in = First::inputs;
    static constexpr std::size_t out = net::output_size;
    static constexpr std::size_t sum_out = First::outputs + (std::size_t{0} + ... + Rest::outputs);
    static constexpr std::size_t max_in = [] {
        std::size_t m = First::inputs;
        ((m = Rest::inputs > m ? Rest::inputs : m), ...);
        return m;
    }();
    static constexpr std::size_t columns = [] {
        if constexpr (kernels::detail::packable_v<T>)
            return net::template batch_columns<T>;
        else
            return std::size_t{0};
    }();
    template <class L>
    static constexpr std::size_t buffer_size = nn::layer_has_buffers<L> ? sizeof(nn::layer_buffers_t<L, T>) : 0;
    static constexpr std::size_t gradient_stack = (in + out + 3 * sum_out) * s;
    static constexpr std::size_t forward_stack = sum_out * s;

    static constexpr nn::cost_report report{
        .parameter_count = flops::parameters,
        .forward_flops = flops::products,
        .training_flops_per_sample = 2 * flops::products + flops::later_products,
        .update_flops = 2 * flops::parameters,
        .parameter_bytes = flops::parameters * s,
        .gradient_bytes = flops::parameters * s,
        .activation_bytes = 2 * sum_out * s,
        .buffer_bytes = (buffer_size<First> + ... + buffer_size<Rest>),
        .sgd_state_bytes = 0,
        .momentum_state_bytes = flops::parameters * s,
        .adam_state_bytes = 2 * flops::parameters * s,
        .forward_stack_bytes = forward_stack,
        .gradient_stack_bytes = gradient_stack,
        .descend_stack_bytes = (in + 3 * sum_out) * s,
        .batch_columns = columns,
        .batch_workspace_bytes = columns * (in + 3 * sum_out) * s,
        .batch_gradient_stack_bytes =
            columns == 0 ? gradient_stack : columns * (in + 3 * sum_out + max_in) * s,
        .forward_batch_stack_bytes = columns == 0 ? forward_stack : columns * (in + sum_out) * s,
    };
};

}  // namespace constgrad::detail

namespace constgrad::nn {

/// The cost report of network Net with parameters of type T (double by default), a constant:
/// budgets checked by the compiler.
///
///     using net = nn::network<nn::dense<16, 64, nn::relu>, nn::dense<64, 64, nn::relu>,
///                             nn::dense<64, 1>>;
///     constexpr auto c = nn::cost<net, float>;
///     static_assert(c.parameter_count == 5313);
///     static_assert(c.parameter_bytes + c.adam_state_bytes <= 64 * 1024);  // 63,756 bytes
///     static_assert(c.forward_flops == 10368 && c.training_flops(32) == 32 * 29056 + 10626);
template <class Net, class T = double>
inline constexpr cost_report cost = detail::nn_cost<Net, T>::report;

/// Bytes of Net::workspace<T, MaxBatch>, the whole-batch scratch that network::gradient_into(g,
/// loss, p, buffers, batch, workspace, mode), train_step and the buffered nn::fit need for
/// mini-batches of up to MaxBatch samples: the inputs (MaxBatch·In scalars), every layer's
/// outputs and adjoints (2·MaxBatch·Σ Out) and caches (a dense layer: MaxBatch·Out; a batch
/// norm: MaxBatch·C normalised values, C inverse deviations and its mode), with the
/// compiler's padding. Place it once, as the parameters.
///
///     static_assert(nn::workspace_bytes<nn::network<nn::batch_norm<3>>, double, 4> == 416);
template <class Net, class T, std::size_t MaxBatch>
inline constexpr std::size_t workspace_bytes = [] {
    static_assert(detail::nn_flops_is_network<Net>,
                  "constgrad::nn::cost<Net, T>: Net must be an nn::network<Layers...>");
    if constexpr (detail::nn_flops_is_network<Net>)
        return sizeof(typename Net::template workspace<T, MaxBatch>);
    else
        return std::size_t{0};
}();

}  // namespace constgrad::nn
