// nn::formula_layer<f>: a layer given by a tensor formula of (named parameters, input).
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>

#include "../expr/detail/type_list.hpp"
#include "../tensor/leaves.hpp"
#include "../tensor/node.hpp"
#include "../tensor/parameters.hpp"
#include "../tensor/shape.hpp"
#include "../tensor/detail/fused_dense.hpp"
#include "../tensor/sweep.hpp"
#include "rng.hpp"

namespace constgrad::detail {

template <class Acc, bool Input, class... L>
struct formula_leaves_of_kind {
    using type = Acc;
};
template <class Acc, bool Input, class L, class... Rest>
struct formula_leaves_of_kind<Acc, Input, L, Rest...>
    : formula_leaves_of_kind<std::conditional_t<tensor::detail::is_input_v<L> == Input,
                                                typename push_back<Acc, L>::type, Acc>,
                             Input, Rest...> {};
template <bool Input, class Leaves>
struct formula_leaves;
template <bool Input, class... L>
struct formula_leaves<Input, type_list<L...>> : formula_leaves_of_kind<type_list<>, Input, L...> {};

// A formula layer's parameters by default: tensor::formula_parameters of its parameter leaves.
// (An alias template that names T directly, so that network can deduce T from parameters<T>&.)
template <auto Formula>
struct formula_layer_storage {
    using leaves = typename formula_leaves<false, typename tensor::schedule<std::remove_cvref_t<decltype(Formula)>>::leaves>::type;
    template <class T>
    using parameters = tensor::formula_parameters<T, leaves>;
};

// The cache: act'(W x + b) for the fused dense path, else the schedule's state.
template <bool Fused, class Schedule, class T, std::size_t Out>
struct formula_layer_cache {
    using type = typename Schedule::template state<T>;
};
template <class Schedule, class T, std::size_t Out>
struct formula_layer_cache<true, Schedule, T, Out> {
    using type = std::array<T, Out>;
};

// The leaves of a layer formula during one call: parameters from p (adjoints into g), the
// input from x (adjoint into dx, wanted only when NeedInput).
template <class T, class P, std::size_t In, bool NeedInput>
struct formula_layer_env {
    const P* p;
    const std::array<T, In>* x;
    P* g = nullptr;
    std::array<T, In>* dx = nullptr;

    template <class Leaf>
    static constexpr bool wants = !tensor::detail::is_input_v<Leaf> || NeedInput;
    // dx is written (backward's contract), the gradient g added to.
    template <class Leaf>
    static constexpr bool fresh = tensor::detail::is_input_v<Leaf>;

    template <class Leaf>
    constexpr const tensor::storage_t<T, Leaf>& value() const noexcept {
        if constexpr (tensor::detail::is_input_v<Leaf>)
            return *x;
        else
            return (*p)[Leaf{}];
    }
    template <class Leaf>
    constexpr tensor::storage_t<T, Leaf>& adjoint() noexcept {
        if constexpr (tensor::detail::is_input_v<Leaf>)
            return *dx;
        else
            return (*g)[Leaf{}];
    }
};

}  // namespace constgrad::detail

namespace constgrad::nn {

/// A layer whose function is a tensor formula of its parameters (tensor::matrix,
/// tensor::vector) and one tensor::input<N>; its backward pass is the formula's reverse sweep
/// (tensor/sweep.hpp), derived at compile time. `parameters<T>` holds the parameter leaves in
/// order of first appearance (tensor::formula_parameters: p[W] is W's array); `cache<T>` is
/// what the reverse rules read of the forward sweep: the values some rule reads (the first
/// factor and the gate of a GLU, not its output) and each operation's extra slot (act'). A
/// gated linear unit:
///
///     namespace t = constgrad::tensor;
///     constexpr t::matrix<"W1", 4, 3> W1;  constexpr t::vector<"b1", 4> b1;
///     constexpr t::matrix<"W2", 4, 3> W2;  constexpr t::vector<"b2", 4> b2;
///     constexpr t::input<3> x;
///     constexpr auto glu = (W1 * x + b1) * t::apply<constgrad::nn::sigmoid>(W2 * x + b2);
///     using glu_layer = constgrad::nn::formula_layer<glu>;
///
/// A formula that is exactly `apply<Act>(W * x + b)` (a matrix parameter, the input, a vector
/// parameter) runs as one fused node on nn::dense's kernels (tensor/detail/fused_dense.hpp):
/// its cache is act'(W x + b) (`std::array<T, outputs>`) and it has the optional hooks
/// `backward_descend` and `forward_columns` / `backward_columns`, so that a network trains it
/// by blocks of samples on matrix-matrix kernels; other formulas run one sample at a time.
/// Storage gives the parameter type, `Storage::parameters<T>` (default: tensor::formula_parameters
/// of the parameter leaves); it must give `p[leaf]` for each parameter leaf, `size` and `zip`
/// (nn::dense passes dense_parameters).
template <auto Formula, class Storage = detail::formula_layer_storage<Formula>>
struct formula_layer {
    using formula_type = std::remove_cvref_t<decltype(Formula)>;
    static_assert(tensor::Tensor<formula_type>,
                  "constgrad::nn::formula_layer<f>: f must be a tensor formula (constgrad::tensor)");
    using schedule = tensor::schedule<formula_type>;
    using parameter_leaves = typename detail::formula_leaves<false, typename schedule::leaves>::type;
    using input_leaves = typename detail::formula_leaves<true, typename schedule::leaves>::type;
    static_assert(input_leaves::size == 1,
                  "constgrad::nn::formula_layer<f>: f must use exactly one tensor::input<N>");
    static_assert(formula_type::shape_type::rank == 1,
                  "constgrad::nn::formula_layer<f>: f must be a vector (its output)");
    using input_leaf = detail::at_t<0, input_leaves>;

    static constexpr std::size_t inputs = input_leaf::shape_type::size;
    static constexpr std::size_t outputs = formula_type::shape_type::size;
    /// The formula (a value: its constants are data).
    static constexpr formula_type formula = Formula;

private:
    using fused = tensor::detail::fused_dense<formula_type>;

public:
    /// Whether the formula is apply<Act>(W x + b), run as one fused node.
    static constexpr bool is_fused_dense = fused::value;

    template <class T>
    using parameters = typename Storage::template parameters<T>;
    template <class T>
    using cache = typename detail::formula_layer_cache<is_fused_dense, schedule, T, outputs>::type;
    /// A block of N inputs or outputs, feature-major (x[i][n]: input i of sample n).
    template <class T, std::size_t Width, std::size_t N>
    using columns = std::array<std::array<T, N>, Width>;

    /// Matrices drawn from `scheme` row by row, leaf after leaf (fan_in = columns, fan_out =
    /// rows, as a dense layer's weights); every vector set to `scheme.bias`.
    template <class T, class Init>
    static constexpr void init(rng& r, const Init& scheme, parameters<T>& p) {
        [&]<class... L>(detail::type_list<L...>) {
            (
                [&] {
                    auto& a = p[L{}];
                    if constexpr (L::shape_type::rank == 2) {
                        for (auto& row : a)
                            for (auto& w : row)
                                w = scheme.template weight<T>(r, L::shape_type::cols, L::shape_type::rows);
                    } else {
                        for (auto& b : a) b = static_cast<T>(scheme.bias);
                    }
                }(),
                ...);
        }(parameter_leaves{});
    }

    /// y = f(p, x).
    template <class T>
    static constexpr void forward(const parameters<T>& p, const std::array<T, inputs>& x,
                                  std::array<T, outputs>& y) noexcept {
        if constexpr (is_fused_dense) {
            fused::forward(p[typename fused::weight{}], p[typename fused::bias{}], x, y);
        } else {
            const detail::formula_layer_env<T, parameters<T>, inputs, false> env{&p, &x};
            typename schedule::template state<T> s;  // every slot is written before it is read
            typename schedule::template scratch<T> sc;
            schedule::template forward<false>(formula, s, sc, env);
            y = schedule::template value<schedule::root>(s, sc, env);
        }
    }

    /// y = f(p, x), keeping in c what backward reads.
    template <class T>
    static constexpr void forward_recording(const parameters<T>& p, const std::array<T, inputs>& x,
                                            std::array<T, outputs>& y, cache<T>& c) noexcept {
        if constexpr (is_fused_dense) {
            fused::forward_recording(p[typename fused::weight{}], p[typename fused::bias{}], x, y, c);
        } else {
            const detail::formula_layer_env<T, parameters<T>, inputs, false> env{&p, &x};
            typename schedule::template scratch<T> sc;
            schedule::template forward<true>(formula, c, sc, env);
            y = schedule::template value<schedule::root>(c, sc, env);
        }
    }

    /// The reverse sweep from dy = dLoss/dy: adds dLoss/dp to g and, when NeedInput, writes
    /// dLoss/dx to dx.
    template <bool NeedInput, class T>
    static constexpr void backward(const parameters<T>& p, const std::array<T, inputs>& x,
                                   const cache<T>& c, std::array<T, outputs>& dy, parameters<T>& g,
                                   std::array<T, inputs>& dx) noexcept {
        if constexpr (is_fused_dense) {
            using W = typename fused::weight;
            using B = typename fused::bias;
            fused::template backward<NeedInput>(p[W{}], x, c, dy, g[W{}], g[B{}], dx);
        } else {
            using env_type = detail::formula_layer_env<T, parameters<T>, inputs, NeedInput>;
            env_type env{&p, &x, &g, &dx};
            // dx is zeroed only when several operations add to it (x used twice, as in a GLU).
            if constexpr (NeedInput && !schedule::template assigns_leaf<env_type, input_leaf>) dx = {};
            typename schedule::template adjoints<T> a;
            schedule::seed_and_clear(a, env, dy);
            schedule::reverse(c, a, env);
        }
    }

    // ---- the fused dense path only (apply<Act>(W x + b)); nn::network uses these hooks when
    // present (nn/layer.hpp), else backward and one sample at a time.

    /// backward fused with a plain gradient-descent step p -= rate * dLoss/dp, one pass over
    /// the weights (dx first, from the weights before the step). Equal to backward into a
    /// zeroed g and the step within one rounding of each update (an FMA at run time).
    template <bool NeedInput, class T>
        requires is_fused_dense
    static constexpr void backward_descend(parameters<T>& p, const std::array<T, inputs>& x,
                                           const cache<T>& c, std::array<T, outputs>& dy, T rate,
                                           std::array<T, inputs>& dx) noexcept {
        fused::template backward_descend<NeedInput>(p[typename fused::weight{}], p[typename fused::bias{}],
                                                    x, c, dy, rate, dx);
    }

    /// y = f(p, x) for N samples at once, feature-major; act' kept in c when Record. Run time
    /// only (matrix-matrix kernels::gemm).
    template <bool Record, class T, std::size_t N>
        requires is_fused_dense
    static void forward_columns(const parameters<T>& p, const columns<T, inputs, N>& x,
                                columns<T, outputs, N>& y, columns<T, outputs, N>& c) noexcept {
        fused::template forward_columns<Record>(p[typename fused::weight{}], p[typename fused::bias{}], x, y, c);
    }

    /// The reverse sweep of N samples: dy overwritten, dLoss/dp summed over the samples added
    /// to g, dLoss/dx written to *dx when NeedInput.
    template <bool NeedInput, class T, std::size_t N>
        requires is_fused_dense
    static void backward_columns(const parameters<T>& p, const columns<T, inputs, N>& x,
                                 const columns<T, outputs, N>& c, columns<T, outputs, N>& dy,
                                 parameters<T>& g, columns<T, inputs, N>* dx) noexcept {
        using W = typename fused::weight;
        fused::template backward_columns<NeedInput>(p[W{}], x, c, dy, g[W{}], g[typename fused::bias{}], dx);
    }
};

}  // namespace constgrad::nn
