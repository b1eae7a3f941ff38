// detail::cell_value, cell_value_and_gradient: a recurrent cell's elementwise formula applied to
// every hidden unit, on packs at run time.
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

#include "../../expr/detail/expression_traits.hpp"
#include "../../expr/detail/type_list.hpp"
#include "../../expr/evaluate.hpp"
#include "../../kernels/detail/packable.hpp"
#include "../../kernels/pack.hpp"
#include "../../schedule/gradient.hpp"
#include "../../schedule/packed_derivative.hpp"

// A cell's formula maps, per hidden unit, K values (pre-activations, previous state) to one
// new value. x[j][u] is the value of the j-th variable of Vars for unit u. At run time, for
// float and double, the formula is evaluated a pack of units at a time with the run-time
// kernels of kernels/math (schedule/packed_derivative.hpp, forward mode with one slope per
// variable); during constant evaluation (and for other T) constgrad::gradient gives the same
// partials unit by unit through the compile-time reverse sweep. Either way every derivative
// comes from the rules of rules/: nothing is written by hand.
namespace constgrad::detail {

template <class Vars, class F, class T, std::size_t N, std::size_t K, std::size_t... J>
constexpr void cell_scalar(const F& f, const std::array<std::array<T, N>, K>& x, std::size_t u,
                           T& y, std::array<std::array<T, N>, K>* partials,
                           std::index_sequence<J...>) noexcept {
    if (partials == nullptr) {
        y = constgrad::evaluate(f, (at_t<J, Vars>{} = x[J][u])...);
    } else {
        const auto g = constgrad::gradient(f, (at_t<J, Vars>{} = x[J][u])...);
        y = g.value();
        (((*partials)[J][u] = g[at_t<J, Vars>{}]), ...);
    }
}

// Units [from, N) one at a time through the packed code with V = T (bit-identical to a lane).
template <class Vars, bool Gradient, class F, class T, std::size_t N, std::size_t K>
[[gnu::always_inline]] inline void cell_tail(const F& f, const std::array<std::array<T, N>, K>& x,
                                             std::size_t from, std::array<T, N>& y,
                                             std::array<std::array<T, N>, K>* partials) noexcept {
    for (std::size_t u = from; u < N; ++u) {
        std::array<T, K> v;
        for (std::size_t j = 0; j < K; ++j) v[j] = x[j][u];
        if constexpr (Gradient) {
            const auto d = packed_multi_value_and_gradient<Vars>(f, v);
            y[u] = d.value;
            for (std::size_t j = 0; j < K; ++j) (*partials)[j][u] = d.slope[j];
        } else {
            y[u] = packed_multi_value<Vars>(f, v);
        }
    }
}

// Units [From, N) a pack of Bytes at a time while a whole pack fits, then the rest with packs
// half as wide, down to 16 bytes, and the last units (fewer than a 16-byte pack) one at a time:
// with AVX-512, 24 units take one 16-lane and one 8-lane pack and 8 units one 8-lane pack,
// where full-width packs alone left 8 units (LSTM 2x8: all of them) to scalar code.
template <class Vars, bool Gradient, std::size_t Bytes, std::size_t From, class F, class T,
          std::size_t N, std::size_t K>
[[gnu::always_inline]] inline void cell_packs(const F& f, const std::array<std::array<T, N>, K>& x,
                                              std::array<T, N>& y,
                                              std::array<std::array<T, N>, K>* partials) noexcept {
    using V = kernels::pack_n<T, Bytes>;
    constexpr std::size_t P = Bytes / sizeof(T), to = From + (N - From) / P * P;
    for (std::size_t u = From; u < to; u += P) {
        std::array<V, K> v;
        for (std::size_t j = 0; j < K; ++j) v[j] = kernels::load_n<Bytes>(x[j].data() + u);
        if constexpr (Gradient) {
            const auto d = packed_multi_value_and_gradient<Vars>(f, v);
            kernels::store(y.data() + u, d.value);
            for (std::size_t j = 0; j < K; ++j) kernels::store((*partials)[j].data() + u, d.slope[j]);
        } else {
            kernels::store(y.data() + u, packed_multi_value<Vars>(f, v));
        }
    }
    if constexpr (Bytes > 16 && to < N)
        cell_packs<Vars, Gradient, Bytes / 2, to>(f, x, y, partials);
    else
        cell_tail<Vars, Gradient>(f, x, to, y, partials);
}

template <class Vars, bool Gradient, class F, class T, std::size_t N, std::size_t K>
constexpr void cell_apply(const F& f, const std::array<std::array<T, N>, K>& x, std::array<T, N>& y,
                          std::array<std::array<T, N>, K>* partials) noexcept {
    static_assert(Vars::size == K);
    if constexpr (kernels::detail::packable_v<T> && packable_formula_v<F>) {
        if (!std::is_constant_evaluated()) {
            cell_packs<Vars, Gradient, kernels::pack_bytes, 0>(f, x, y, partials);
            return;
        }
    }
    for (std::size_t u = 0; u < N; ++u)
        cell_scalar<Vars>(f, x, u, y[u], Gradient ? partials : nullptr,
                          std::make_index_sequence<K>{});
}

/// y[u] = f(x[0][u], ..., x[K-1][u]) for every unit u.
template <class Vars, class F, class T, std::size_t N, std::size_t K>
constexpr void cell_value(const F& f, const std::array<std::array<T, N>, K>& x,
                          std::array<T, N>& y) noexcept {
    cell_apply<Vars, false>(f, x, y, static_cast<std::array<std::array<T, N>, K>*>(nullptr));
}

/// y[u] = f(...) and partials[j][u] = df/dx_j at unit u.
template <class Vars, class F, class T, std::size_t N, std::size_t K>
constexpr void cell_value_and_gradient(const F& f, const std::array<std::array<T, N>, K>& x,
                                       std::array<T, N>& y,
                                       std::array<std::array<T, N>, K>& partials) noexcept {
    cell_apply<Vars, true>(f, x, y, &partials);
}

// The prepared streaming step's variant (nn::sequence_inference): the K inputs of unit u at
// rows[j][u], rows anywhere (the gate pre-activations straight out of the product, the state in
// place), y may be one of the rows (every row is read at u before y[u] is written); fn maps
// std::array<V, K> to V for any pack width V and for T itself. Run time, float or double; the
// same pack widths as cell_packs.
template <std::size_t N, std::size_t Bytes, std::size_t From, class Fn, class T, std::size_t K>
[[gnu::always_inline]] inline void cell_rows_packs(const Fn& fn, const std::array<const T*, K>& rows,
                                                   T* y) noexcept {
    using V = kernels::pack_n<T, Bytes>;
    constexpr std::size_t P = Bytes / sizeof(T), to = From + (N - From) / P * P;
    for (std::size_t u = From; u < to; u += P) {
        std::array<V, K> v;
        for (std::size_t j = 0; j < K; ++j) v[j] = kernels::load_n<Bytes>(rows[j] + u);
        kernels::store(y + u, fn(v));
    }
    if constexpr (Bytes > 16 && to < N) {
        cell_rows_packs<N, Bytes / 2, to>(fn, rows, y);
    } else {
        for (std::size_t u = to; u < N; ++u) {
            std::array<T, K> v;
            for (std::size_t j = 0; j < K; ++j) v[j] = rows[j][u];
            y[u] = fn(v);
        }
    }
}

/// y[u] = fn({rows[0][u], ..., rows[K-1][u]}) for u < N, fn a callable on std::array<V, K> for
/// every pack width V and for T (sequence/detail/prepared_cells.hpp); run time, float or double.
template <std::size_t N, class Fn, class T, std::size_t K>
[[gnu::always_inline]] inline void cell_apply_rows(const Fn& fn, const std::array<const T*, K>& rows,
                                                   T* y) noexcept {
    static_assert(kernels::detail::packable_v<T>);
    cell_rows_packs<N, kernels::pack_bytes, 0>(fn, rows, y);
}

}  // namespace constgrad::detail
