// tensor::jacobian_check(f, wrt, leaf = value...): the Jacobian against central finite differences, constexpr.
#pragma once

#include <cstddef>
#include <type_traits>

#include "gradient.hpp"
#include "leaves.hpp"
#include "node.hpp"
#include "shape.hpp"

namespace constgrad::tensor {

namespace detail {
// h ≈ ∛ε, a power of two so that x ± h·max(1, |x|) moves x by an exact amount: the central
// difference's truncation error (h²/6·|f'''|) and rounding error (ε·|f|/h) are then both of
// order ∛ε² (double 2^-34 ≈ 6e-11, float 2^-16 ≈ 2e-5) times the scale of f and f'''.
template <class T>
inline constexpr T fd_step = sizeof(T) <= 4 ? T(0x1p-8) : T(0x1p-17);
}  // namespace detail

/// Whether jacobian(f, wrt, bindings...) agrees with central finite differences of f in every
/// element of wrt: |J - J_fd| <= 1000·h²·(1 + |J|) with h = 2^-17 for double (5.8e-8) and
/// 2^-8 for float (1.5e-2), i.e. a thousand times the finite differences' own error for f of
/// moderate size; usable in static_assert. Not meaningful at kinks (relu of 0).
///
///     static_assert(tensor::jacobian_check(tensor::softmax(x), x, x = std::array{0.5, -1.0}));
template <Tensor F, class Wrt, class... Bindings>
constexpr bool jacobian_check(const F& f, const Wrt& wrt, const Bindings&... bindings) noexcept {
    using T = typename detail::scalar_of<Bindings...>::type;
    const auto j = jacobian(f, wrt, bindings...);
    storage_t<T, Wrt> moved = *detail::find_binding<Wrt, T>(bindings...);
    const auto rebind = [&](const auto& b) {
        if constexpr (std::is_same_v<typename std::remove_cvref_t<decltype(b)>::leaf_type, Wrt>)
            return bound<Wrt, T>{&moved};
        else
            return b;
    };
    constexpr T h = detail::fd_step<T>;
    constexpr T tolerance = T(1000) * h * h;
    for (std::size_t i = 0; i < Wrt::shape_type::size; ++i) {
        T& e = detail::element(moved, i);
        const T original = e;
        const T step = h * (original < T(-1) ? -original : original > T(1) ? original : T(1));
        e = original + step;
        const auto up = evaluate(f, rebind(bindings)...);
        e = original - step;
        const auto down = evaluate(f, rebind(bindings)...);
        e = original;
        for (std::size_t o = 0; o < F::shape_type::size; ++o) {
            const T numeric = (detail::element(up, o) - detail::element(down, o)) / (2 * step);
            const T analytic = j[o][i];
            const T error = analytic > numeric ? analytic - numeric : numeric - analytic;
            const T scale = T(1) + (analytic < 0 ? -analytic : analytic);
            if (!(error <= tolerance * scale)) return false;
        }
    }
    return true;
}

}  // namespace constgrad::tensor
