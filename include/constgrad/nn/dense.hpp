// nn::dense<In, Out, Act>: a layer of Out neurons on the same In inputs, y = act(W x + b).
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>

#include "activation.hpp"
#include "activations.hpp"
#include "detail/dense_rules.hpp"
#include "rng.hpp"

namespace constgrad::nn {

/// The parameters of a dense layer: `w[o][i]` is the weight from input i to output o
/// (row-major, Out rows of In), then `b[o]` the bias of output o. A trivially copyable
/// aggregate of std::arrays; `dense_parameters<T, In, Out> p{}` is all zeros.
///
///     constgrad::nn::dense_parameters<double, 2, 1> p{{{{-3.0, 1.0}}}, {6.88}};
template <class T, std::size_t In, std::size_t Out>
struct dense_parameters {
    static_assert(std::is_floating_point_v<T>,
                  "constgrad::nn: the scalar type of a network's parameters must be a "
                  "floating-point type (float, double or long double)");

    std::array<std::array<T, In>, Out> w;
    std::array<T, Out> b;

    /// Number of scalars: Out * In weights and Out biases.
    static constexpr std::size_t size = Out * In + Out;

    friend constexpr bool operator==(const dense_parameters&, const dense_parameters&) = default;

    /// Calls f(first.x, rest.x...) for every scalar x in layout order (weights row by row,
    /// then biases): the one loop every optimizer and regulariser is written with.
    template <class F, class First, class... Rest>
    static constexpr void zip(F& f, First& first, Rest&... rest) {
        for (std::size_t o = 0; o < Out; ++o)
            for (std::size_t i = 0; i < In; ++i) f(first.w[o][i], rest.w[o][i]...);
        for (std::size_t o = 0; o < Out; ++o) f(first.b[o], rest.b[o]...);
    }
};

/// A fully connected layer: Out neurons, each act(w . x + b) over the same In inputs.
/// Act is an activation type (nn::identity, relu, leaky_relu, tanh, sigmoid, or a formula
/// of one variable: see nn::activation). The layer is a type with static functions; its
/// state lives in `parameters<T>`.
///
///     using hidden = constgrad::nn::dense<2, 16, constgrad::nn::relu>;
template <std::size_t In, std::size_t Out, class Act = identity>
struct dense {
    static_assert(In > 0 && Out > 0,
                  "constgrad::nn::dense<In, Out, Act>: In and Out must be positive");
    static_assert(Activation<Act>,
                  "constgrad::nn::dense<In, Out, Act>: Act is not an activation (use nn::identity, "
                  "nn::relu, nn::leaky_relu, nn::tanh, nn::sigmoid or nn::activation<formula of "
                  "one variable>)");

    static constexpr std::size_t inputs = In;
    static constexpr std::size_t outputs = Out;
    using activation = Act;
    template <class T>
    using parameters = dense_parameters<T, In, Out>;
    /// What forward_recording keeps for backward: act'(W x + b), one per output.
    template <class T>
    using cache = std::array<T, Out>;

    /// Draws the weights from `scheme` row by row, sets every bias to `scheme.bias`.
    template <class T, class Init>
    static constexpr void init(rng& r, const Init& scheme, parameters<T>& p) {
        for (std::size_t o = 0; o < Out; ++o)
            for (std::size_t i = 0; i < In; ++i) p.w[o][i] = scheme.template weight<T>(r, In, Out);
        for (std::size_t o = 0; o < Out; ++o) p.b[o] = static_cast<T>(scheme.bias);
    }

    // A dense layer is the composition act ∘ (W x + b); each operation is written once, with
    // its reverse rule, in kernels/ (plain loops during constant evaluation, vector kernels at
    // run time), and the layer's backward pass is those rules in the opposite order. The
    // composition itself lives in detail/dense_rules.hpp, shared with the tensor formula
    // apply<Act>(W x + b) (the same code whichever way the layer is written).
    using rules = detail::dense_rules<In, Out, Act>;

    /// y = act(W x + b).
    template <class T>
    static constexpr void forward(const parameters<T>& p, const std::array<T, In>& x,
                                  std::array<T, Out>& y) noexcept {
        rules::forward(p.w, p.b, x, y);
    }

    /// The forward sweep of training: y = act(W x + b) and act'(W x + b), kept for backward.
    template <class T>
    static constexpr void forward_recording(const parameters<T>& p, const std::array<T, In>& x,
                                            std::array<T, Out>& y,
                                            std::array<T, Out>& dact) noexcept {
        rules::forward_recording(p.w, p.b, x, y, dact);
    }

    /// The reverse sweep: given dy = dLoss/dy (overwritten with dLoss/dz), adds dLoss/dW and
    /// dLoss/db to `g` and, when NeedInput, writes dLoss/dx to `dx` (the first layer of a
    /// network skips it: nothing needs the gradient of the data).
    template <bool NeedInput, class T>
    static constexpr void backward(const parameters<T>& p, const std::array<T, In>& x,
                                   const std::array<T, Out>& dact, std::array<T, Out>& dy,
                                   parameters<T>& g, std::array<T, In>& dx) noexcept {
        rules::template backward<NeedInput>(p.w, x, dact, dy, g.w, g.b, dx);
    }

    // ---- batches, a block of N samples at a time, stored feature-major (x[i][n]: input i of
    // sample n), so that each product is a small matrix-matrix product whose inner loop runs
    // over samples (kernels::gemm). Run time only: network calls them outside constant
    // evaluation, for float and double.

    /// A block of N inputs or outputs, feature-major.
    template <class T, std::size_t Width, std::size_t N>
    using columns = typename rules::template columns<T, Width, N>;

    /// y = act(W x + b) for N samples at once; dact = act'(W x + b) when Record.
    template <bool Record, class T, std::size_t N>
    static void forward_columns(const parameters<T>& p, const columns<T, In, N>& x,
                                columns<T, Out, N>& y, columns<T, Out, N>& dact) noexcept {
        rules::template forward_columns<Record>(p.w, p.b, x, y, dact);
    }

    /// The reverse sweep of N samples: dy (overwritten with dLoss/dz) in, dLoss/dW and dLoss/db
    /// summed over the samples added to g, dLoss/dx written to *dx when NeedInput.
    template <bool NeedInput, class T, std::size_t N>
    static void backward_columns(const parameters<T>& p, const columns<T, In, N>& x,
                                 const columns<T, Out, N>& dact, columns<T, Out, N>& dy,
                                 parameters<T>& g, columns<T, In, N>* dx) noexcept {
        rules::template backward_columns<NeedInput>(p.w, x, dact, dy, g.w, g.b, dx);
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
        rules::template backward_descend<NeedInput>(p.w, p.b, x, dact, dy, rate, dx);
    }
};

}  // namespace constgrad::nn
