// nn::dense<In, Out, Act>: a layer of Out neurons on the same In inputs, y = act(W x + b).
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>

#include "../tensor/leaves.hpp"
#include "activation.hpp"
#include "activations.hpp"
#include "detail/dense_formula.hpp"
#include "detail/dense_rules.hpp"

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

    /// The arrays of the tensor formula's leaves (nn::dense is apply<Act>(W x + b)): p[W] is
    /// w, p[b] is b.
    constexpr auto& operator[](const tensor::matrix<"weight", Out, In>&) noexcept { return w; }
    constexpr const auto& operator[](const tensor::matrix<"weight", Out, In>&) const noexcept { return w; }
    constexpr auto& operator[](const tensor::vector<"bias", Out>&) noexcept { return b; }
    constexpr const auto& operator[](const tensor::vector<"bias", Out>&) const noexcept { return b; }

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
/// It is the tensor formula `apply<Act>(W * x + b)` (W = tensor::matrix<"weight", Out, In>,
/// b = tensor::vector<"bias", Out>) as an nn::formula_layer, whose fused dense node runs it on
/// the kernels (tensor/detail/fused_dense.hpp): kernels::affine forward; scale, axpy,
/// outer_update and transposed_product backward; kernels::gemm over blocks of samples
/// (`forward_columns` / `backward_columns`, run time only); a fused descend. Its functions
/// are formula_layer's: forward(p, x, y), forward_recording(p, x, y, dact),
/// backward<NeedInput>(p, x, dact, dy, g, dx), backward_descend<NeedInput>(p, x, dact, dy,
/// rate, dx), forward_columns<Record, T, N>, backward_columns<NeedInput, T, N>, init.
///
///     using hidden = constgrad::nn::dense<2, 16, constgrad::nn::relu>;
template <std::size_t In, std::size_t Out, class Act = identity>
struct dense : detail::nn_dense_base<(In > 0 && Out > 0 && Activation<Act>), In, Out, Act>::type {
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

    // The composition act ∘ (W x + b), each operation written once with its reverse rule in
    // kernels/ (plain loops during constant evaluation, vector kernels at run time); the fused
    // node of the formula runs exactly these rules (detail/dense_rules.hpp).
    using rules = detail::dense_rules<In, Out, Act>;
};

}  // namespace constgrad::nn
