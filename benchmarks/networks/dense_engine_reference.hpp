// bench::frozen_dense<In, Out, Act>: nn::dense as it stood before it became a tensor formula
// (issue 10), frozen here as the benchmark engine the formula dense is measured against
// (bench_dense_formula). Not public, not maintained: a verbatim copy of the hand-written layer
// (kernels::affine forward; scale, axpy, outer_update, transposed_product backward; gemm over
// feature-major blocks; the fused descend), names qualified, nothing else changed.
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>

#include <constgrad/kernels/affine.hpp>
#include <constgrad/kernels/elementwise.hpp>
#include <constgrad/kernels/gemm.hpp>
#include <constgrad/kernels/outer_update.hpp>
#include <constgrad/kernels/transposed_product.hpp>
#include <constgrad/nn/activation.hpp>
#include <constgrad/nn/activations.hpp>
#include <constgrad/nn/dense.hpp>
#include <constgrad/nn/rng.hpp>

namespace bench {

/// A fully connected layer: Out neurons, each act(w . x + b) over the same In inputs.
/// Act is an activation type (nn::identity, relu, leaky_relu, tanh, sigmoid, or a formula
/// of one variable: see nn::activation). The layer is a type with static functions; its
/// state lives in `parameters<T>`.
///
///     using hidden = constgrad::nn::dense<2, 16, constgrad::nn::relu>;
template <std::size_t In, std::size_t Out, class Act = constgrad::nn::identity>
struct frozen_dense {
    static_assert(In > 0 && Out > 0,
                  "bench::frozen_dense<In, Out, Act>: In and Out must be positive");
    static_assert(constgrad::nn::Activation<Act>,
                  "bench::frozen_dense<In, Out, Act>: Act is not an activation (use nn::identity, "
                  "nn::relu, nn::leaky_relu, nn::tanh, nn::sigmoid or nn::activation<formula of "
                  "one variable>)");

    static constexpr std::size_t inputs = In;
    static constexpr std::size_t outputs = Out;
    using activation = Act;
    template <class T>
    using parameters = constgrad::nn::dense_parameters<T, In, Out>;
    /// What forward_recording keeps for backward: act'(W x + b), one per output.
    template <class T>
    using cache = std::array<T, Out>;

    /// Draws the weights from `scheme` row by row, sets every bias to `scheme.bias`.
    template <class T, class Init>
    static constexpr void init(constgrad::nn::rng& r, const Init& scheme, parameters<T>& p) {
        for (std::size_t o = 0; o < Out; ++o)
            for (std::size_t i = 0; i < In; ++i) p.w[o][i] = scheme.template weight<T>(r, In, Out);
        for (std::size_t o = 0; o < Out; ++o) p.b[o] = static_cast<T>(scheme.bias);
    }

    // A dense layer is the composition act ∘ (W x + b); each operation is written once, with
    // its reverse rule, in kernels/ (plain loops during constant evaluation, vector kernels at
    // run time), and the layer's backward pass is those rules in the opposite order.

    /// y = act(W x + b).
    template <class T>
    static constexpr void forward(const parameters<T>& p, const std::array<T, In>& x,
                                  std::array<T, Out>& y) noexcept {
        constgrad::kernels::affine(p.w, x, p.b, y);
        constgrad::detail::nn_activation<Act>::map(y, y);
    }

    /// The forward sweep of training: y = act(W x + b) and act'(W x + b), kept for backward.
    template <class T>
    static constexpr void forward_recording(const parameters<T>& p, const std::array<T, In>& x,
                                            std::array<T, Out>& y,
                                            std::array<T, Out>& dact) noexcept {
        constgrad::kernels::affine(p.w, x, p.b, y);
        constgrad::detail::nn_activation<Act>::map_recording(y, y, dact);
    }

    /// The reverse sweep: given dy = dLoss/dy (overwritten with dLoss/dz), adds dLoss/dW and
    /// dLoss/db to `g` and, when NeedInput, writes dLoss/dx to `dx` (the first layer of a
    /// network skips it: nothing needs the gradient of the data).
    template <bool NeedInput, class T>
    static constexpr void backward(const parameters<T>& p, const std::array<T, In>& x,
                                   const std::array<T, Out>& dact, std::array<T, Out>& dy,
                                   parameters<T>& g, std::array<T, In>& dx) noexcept {
        constgrad::kernels::scale(dact, dy);
        constgrad::kernels::axpy(T(1), dy, g.b);
        constgrad::kernels::outer_update(T(1), dy, x, g.w);
        if constexpr (NeedInput) constgrad::kernels::transposed_product(p.w, dy, dx);
    }

    // ---- batches, a block of N samples at a time, stored feature-major (x[i][n]: input i of
    // sample n), so that each product is a small matrix-matrix product whose inner loop runs
    // over samples (constgrad::kernels::gemm). Run time only: network calls them outside constant
    // evaluation, for float and double.

    /// A block of N inputs or outputs, feature-major.
    template <class T, std::size_t Width, std::size_t N>
    using columns = std::array<std::array<T, N>, Width>;

    /// y = act(W x + b) for N samples at once; dact = act'(W x + b) when Record.
    template <bool Record, class T, std::size_t N>
    static void forward_columns(const parameters<T>& p, const columns<T, In, N>& x,
                                columns<T, Out, N>& y, columns<T, Out, N>& dact) noexcept {
        for (std::size_t o = 0; o < Out; ++o) y[o].fill(p.b[o]);
        constgrad::kernels::gemm<true, Out, In, N>(constgrad::kernels::strided<T, In, 1>{p.w[0].data()}, x[0].data(), y[0].data());
        for (std::size_t o = 0; o < Out; ++o) {
            if constexpr (Record)
                constgrad::detail::nn_activation<Act>::map_recording(y[o], y[o], dact[o]);
            else
                constgrad::detail::nn_activation<Act>::map(y[o], y[o]);
        }
    }

    /// The reverse sweep of N samples: dy (overwritten with dLoss/dz) in, dLoss/dW and dLoss/db
    /// summed over the samples added to g, dLoss/dx written to *dx when NeedInput.
    template <bool NeedInput, class T, std::size_t N>
    static void backward_columns(const parameters<T>& p, const columns<T, In, N>& x,
                                 const columns<T, Out, N>& dact, columns<T, Out, N>& dy,
                                 parameters<T>& g, columns<T, In, N>* dx) noexcept {
        for (std::size_t o = 0; o < Out; ++o) {
            constgrad::kernels::scale(dact[o], dy[o]);
            T sum{};
            for (std::size_t n = 0; n < N; ++n) sum += dy[o][n];
            g.b[o] += sum;
        }
        // dW += dz xᵀ: the samples are the inner dimension, so x is turned sample-major first
        // (In·N copies against Out·In·N multiply-adds).
        std::array<std::array<T, In>, N> xt;
        constgrad::kernels::transpose<In, N>(x[0].data(), xt[0].data());
        constgrad::kernels::gemm<true, Out, N, In>(constgrad::kernels::strided<T, N, 1>{dy[0].data()}, xt[0].data(), g.w[0].data());
        if constexpr (NeedInput)
            constgrad::kernels::gemm<false, In, Out, N>(constgrad::kernels::strided<T, 1, In>{p.w[0].data()}, dy[0].data(), (*dx)[0].data());
    }

    /// The reverse sweep fused with a plain gradient-descent step: W -= rate * dLoss/dW and
    /// b -= rate * dLoss/db, one pass over the weights. Equal to backward() into a zeroed g
    /// followed by p -= rate * g within rounding: at run time each weight moves by one FMA,
    /// w + (-rate·dz[o])·x[i], instead of two roundings (the product, then the step), so the
    /// two differ by at most one rounding of the update, |rate·dz[o]·x[i]|·u, per weight.
    /// dLoss/dx is computed first, from the weights before the step.
    template <bool NeedInput, class T>
    static constexpr void backward_descend(parameters<T>& p, const std::array<T, In>& x,
                                           const std::array<T, Out>& dact, std::array<T, Out>& dy,
                                           T rate, std::array<T, In>& dx) noexcept {
        constgrad::kernels::scale(dact, dy);
        if constexpr (NeedInput) constgrad::kernels::transposed_product(p.w, dy, dx);
        constgrad::kernels::axpy(-rate, dy, p.b);
        constgrad::kernels::outer_update(-rate, dy, x, p.w);
    }
};

}  // namespace bench
