// Shared by the tensor tests: central finite differences of a tensor formula, leaf by leaf.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include <constgrad/tensor/gradient.hpp>
#include <constgrad/tensor/operators.hpp>

namespace tensor_test {

/// A leaf and the array it is bound to (the finite differences move the array's elements).
template <class Leaf, class S>
struct arg {
    Leaf leaf;
    S* array;
};
template <class Leaf, class S>
arg<Leaf, S> bind(Leaf leaf, S& array) {
    return {leaf, &array};
}

/// Element k of an array or a matrix (row-major).
template <class S>
auto& element(S& s, std::size_t k) {
    return constgrad::tensor::detail::element(s, k);
}

/// Central difference of eval() in element k of `a`. h = 1e-5·max(1, |a_k|): the truncation
/// error is h²/6·|f'''| ≲ 2e-11 for the moderate third derivatives of the tested formulas, the
/// rounding error about u·|f|/h ≈ 1e-11·|f|; so a difference above 1e-6·(1 + |g|) is a wrong
/// gradient, not noise.
template <class Eval, class S>
double central_difference(const Eval& eval, S& a, std::size_t k) {
    auto& e = element(a, k);
    const double original = e;
    const double h = 1e-5 * std::max(1.0, std::abs(original));
    e = original + h;
    const double up = eval();
    e = original - h;
    const double down = eval();
    e = original;
    return (up - down) / (2 * h);
}

/// The largest |analytic - numeric| / (1 + |analytic|) over every element of every leaf of a
/// scalar formula f (double); leaves given but not in f are skipped.
template <class F, class... A>
double worst_gradient_error(const F& f, A... args) {
    namespace t = constgrad::tensor;
    const auto eval = [&] { return t::evaluate(f, (args.leaf = *args.array)...)[0]; };
    const auto g = t::gradient(f, (args.leaf = *args.array)...);
    double worst = 0;
    using leaves = typename t::schedule<F>::leaves;
    (
        [&] {
            using S = std::remove_cvref_t<decltype(*args.array)>;
            if constexpr (constgrad::detail::contains_v<decltype(args.leaf), leaves>) {
                constexpr std::size_t n = sizeof(S) / sizeof(double);
                for (std::size_t k = 0; k < n; ++k) {
                    const double numeric = central_difference(eval, *args.array, k);
                    const double analytic = element(g[args.leaf], k);
                    worst = std::max(worst, std::abs(analytic - numeric) / (1 + std::abs(analytic)));
                }
            }
        }(),
        ...);
    return worst;
}

/// Deterministic numbers in [lo, hi) (SplitMix64).
struct numbers {
    std::uint64_t state;
    double next(double lo = -1, double hi = 1) {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        z ^= z >> 31;
        return lo + (hi - lo) * static_cast<double>(z >> 11) * 0x1.0p-53;
    }
    template <class S>
    void fill(S& s, double lo = -1, double hi = 1) {
        constexpr std::size_t n = sizeof(S) / sizeof(element(s, 0));
        for (std::size_t k = 0; k < n; ++k) element(s, k) = static_cast<std::remove_cvref_t<decltype(element(s, 0))>>(next(lo, hi));
    }
};

}  // namespace tensor_test
