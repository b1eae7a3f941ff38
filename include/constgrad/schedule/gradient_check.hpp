// gradient_check(f, x = 2.0, ...): reverse-mode gradient against finite differences.
#pragma once

#include <array>
#include <cstddef>
#include <utility>

#include "../expr/evaluate.hpp"
#include "gradient.hpp"

namespace constgrad {

/// How far gradient_check lets the analytic and the numeric derivative differ: relative to
/// the larger of 1, |analytic| and |numeric|, plus the rounding error of the difference
/// quotient itself.
struct tolerance {
    double relative = 1e-6;
};

namespace detail {

constexpr double magnitude(double v) noexcept { return v < 0 ? -v : v; }

// A power of two near 2^-10 * max(1, |x|): x + h is then exact in most cases and the
// fourth-order stencil's truncation error (~h^4) and rounding error (~eps / h) both stay
// near 1e-12 relative for ordinary functions.
constexpr double step_for(double x) noexcept {
    double h = 1.0 / 1024;
    for (double scale = 1; scale < magnitude(x); scale *= 2) h *= 2;
    return h;
}

// The stencil is tried with h, h/4, h/16, ...: a rapidly varying function (sin(400 x)) needs
// a smaller step than a slowly varying one, and a wrong derivative agrees with none of the
// converging estimates. The allowed difference grows with the rounding error eps |f| / h.
inline constexpr int step_refinements = 6;

template <std::size_t K, class F, class... Bindings>
constexpr bool check_partial(const F& f, tolerance tol, double analytic,
                             const Bindings&... bindings) noexcept {
    if (!(analytic == analytic)) return false;
    const double x = std::array<double, sizeof...(Bindings)>{bindings.value...}[K];
    auto at = [&](double delta) {
        return [&]<std::size_t... I>(std::index_sequence<I...>) {
            return evaluate(f, Bindings{bindings.value + (I == K ? delta : 0.0)}...);
        }(std::index_sequence_for<Bindings...>{});
    };
    double h = step_for(x);
    for (int refinement = 0; refinement <= step_refinements; ++refinement, h /= 4) {
        const double f_p2 = at(2 * h), f_p1 = at(h), f_m1 = at(-h), f_m2 = at(-2 * h);
        const double numeric = (-f_p2 + 8 * f_p1 - 8 * f_m1 + f_m2) / (12 * h);
        if (!(numeric == numeric)) return false;
        double largest_f = magnitude(f_p2);
        for (double v : {f_p1, f_m1, f_m2})
            largest_f = magnitude(v) > largest_f ? magnitude(v) : largest_f;
        double scale = 1;
        if (magnitude(analytic) > scale) scale = magnitude(analytic);
        if (magnitude(numeric) > scale) scale = magnitude(numeric);
        const double rounding = 64 * 2.220446049250313e-16 * largest_f / h;
        if (magnitude(analytic - numeric) <= tol.relative * scale + rounding) return true;
    }
    return false;
}

template <class F, class... Bindings>
constexpr bool check_all(const F& f, tolerance tol, const Bindings&... bindings) noexcept {
    const auto g = gradient(f, bindings...);
    return [&]<std::size_t... K>(std::index_sequence<K...>) {
        return (check_partial<K>(f, tol, g[typename binding_traits<Bindings>::variable_type{}],
                                 bindings...) &&
                ...);
    }(std::index_sequence_for<Bindings...>{});
}

}  // namespace detail

/// True when gradient(f, ...) agrees with central finite differences (fourth order, in
/// double, step 2^-10 max(1, |x|) refined down to 1/4096 of that) for every bound variable.
/// constexpr: static_assert(gradient_check(f, x = 2.0)). At a kink of relu or abs the two
/// cannot agree: check such functions away from their kinks.
template <class F, class... Bindings>
constexpr bool gradient_check(const F& f, tolerance tol, const Bindings&... bindings) noexcept {
    if constexpr (detail::check_arguments<F, Bindings...>())
        return detail::check_all(
            f, tol,
            binding<detail::binding_traits<Bindings>::variable_type::name, double>{
                static_cast<double>(bindings.value)}...);
    else
        return false;
}

/// gradient_check with the default tolerance (relative 1e-6).
template <class F, class... Bindings>
constexpr bool gradient_check(const F& f, const Bindings&... bindings) noexcept {
    return gradient_check(f, tolerance{}, bindings...);
}

}  // namespace constgrad
