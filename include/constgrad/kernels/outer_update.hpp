// kernels::outer_update: W += α dz xᵀ (a rank-1 update: a weight gradient, or an SGD step).
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>

#include "detail/packable.hpp"
#include "pack.hpp"

namespace constgrad::kernels {

/// W += alpha · dz xᵀ, W row-major (`w[o][i] += alpha * dz[o] * x[i]`): alpha = 1 adds a
/// sample's weight gradient to g, alpha = -rate is the gradient-descent step fused into the
/// reverse sweep. Every element is independent, so the run-time path is one FMA per element
/// on packs (α·dz[o] rounded once per row); the constant-evaluation path (and long double)
/// keeps the plain loop, w += alpha * (dz[o] * x[i]).
///
///     std::array<std::array<double, 2>, 1> w{};
///     constgrad::kernels::outer_update(1.0, std::array{2.0}, std::array{3.0, 4.0}, w);  // {6, 8}
template <class T, std::size_t In, std::size_t Out>
constexpr void outer_update(T alpha, const std::array<T, Out>& dz, const std::array<T, In>& x,
                            std::array<std::array<T, In>, Out>& w) noexcept {
    const std::array<T, In> xs = x;  // local copies: stores to w cannot alias them
    const std::array<T, Out> d = dz;
    if constexpr (detail::packable_v<T>) {
        if (!std::is_constant_evaluated()) {
            constexpr std::size_t bytes = fitting_bytes<T, In> ? fitting_bytes<T, In> : 16;
            constexpr std::size_t P = bytes / sizeof(T);  // the widest pack a row fills
            constexpr std::size_t tail = In / P * P;
            for (std::size_t o = 0; o < Out; ++o) {
                const T a = alpha * d[o];
                const auto av = broadcast_n<bytes>(a);
                for (std::size_t i = 0; i < tail; i += P)
                    store(w[o].data() + i, fma(av, load_n<bytes>(xs.data() + i), load_n<bytes>(w[o].data() + i)));
                for (std::size_t i = tail; i < In; ++i) w[o][i] += a * xs[i];
            }
            return;
        }
    }
    if (alpha == T(1)) {
        for (std::size_t o = 0; o < Out; ++o)
            for (std::size_t i = 0; i < In; ++i) w[o][i] += d[o] * xs[i];
    } else {
        for (std::size_t o = 0; o < Out; ++o)
            for (std::size_t i = 0; i < In; ++i) w[o][i] += alpha * (d[o] * xs[i]);
    }
}

/// y += alpha · x elementwise (a bias gradient, or a bias step). The compiler vectorises it.
template <class T, std::size_t N>
constexpr void axpy(T alpha, const std::array<T, N>& x, std::array<T, N>& y) noexcept {
    for (std::size_t k = 0; k < N; ++k) y[k] += alpha * x[k];
}

}  // namespace constgrad::kernels
