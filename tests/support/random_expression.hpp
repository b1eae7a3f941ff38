// Random expressions for property and differential tests: a seed picks an expression *type*.
//
//     auto f = constgrad::testing::random_expression<42>();   // an expression of x, y, z
//     constgrad::testing::for_each_seed<0, 240>([](auto seed) {
//         auto f = constgrad::testing::random_expression<seed()>();
//         ...
//     });
//
// Every operation of the scalar engine occurs (+ - * / unary-, pow with integer, real and
// variable exponents, square, exp, log, sqrt, abs, sin, cos, tanh, sigmoid, relu), with
// runtime constants and type-level literals among the leaves. Operations with a restricted
// domain get operands that stay inside it for every point of random_point():
//   log(square(u) + k), sqrt(square(u) + k), u / (square(v) + k), pow(square(u) + k, real),
//   pow(square(u) + k, tanh(v)), exp(tanh(u) * k)   with k in [0.5, 2].
// relu and abs are applied to u + k, so their kinks are not at the origin; a point can still
// fall near a kink, where finite differences are meaningless: see is_smooth_near in the tests.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>

#include <constgrad/constgrad.hpp>
#include "for_each_index.hpp"

namespace constgrad::testing {

inline constexpr variable<"x"> x{};
inline constexpr variable<"y"> y{};
inline constexpr variable<"z"> z{};

/// SplitMix64 step: a well-mixed 64-bit value from a state that advances by a constant.
constexpr std::uint64_t mix(std::uint64_t state) noexcept {
    state += 0x9e3779b97f4a7c15ULL;
    state = (state ^ (state >> 30)) * 0xbf58476d1ce4e5b9ULL;
    state = (state ^ (state >> 27)) * 0x94d049bb133111ebULL;
    return state ^ (state >> 31);
}

/// A number in [lo, hi) from a 64-bit value.
constexpr double uniform(std::uint64_t bits, double lo, double hi) noexcept {
    return lo + (hi - lo) * static_cast<double>(bits >> 11) * 0x1.0p-53;
}

inline constexpr int vocabulary = 20;

template <std::uint64_t Seed, int Depth>
constexpr auto random_expression_at() noexcept {
    constexpr std::uint64_t h = mix(Seed);
    constexpr std::uint64_t left = mix(h ^ 0x1234567ULL);
    constexpr std::uint64_t right = mix(h ^ 0x7654321ULL);
    // Leaves become likelier near the bottom; depth 0 is always a leaf.
    constexpr bool leaf = Depth == 0 || (h >> 60) < static_cast<std::uint64_t>(4 - Depth);
    const constant k{uniform(mix(h ^ 0xc0ffeeULL), 0.5, 2.0)};
    if constexpr (leaf) {
        constexpr int pick = static_cast<int>(h % 6);
        if constexpr (pick == 0 || pick == 3) return x;
        else if constexpr (pick == 1) return y;
        else if constexpr (pick == 2) return z;
        else if constexpr (pick == 4) return k;
        else return c<static_cast<long long>(h >> 8 & 3) + 1>;
    } else {
        constexpr int op = static_cast<int>((h >> 16) % vocabulary);
        const auto u = random_expression_at<left, Depth - 1>();
        const auto v = random_expression_at<right, Depth - 1>();
        if constexpr (op == 0) return u + v;
        else if constexpr (op == 1) return u - v;
        else if constexpr (op == 2) return u * v;
        else if constexpr (op == 3) return u / (square(v) + k);
        else if constexpr (op == 4) return -u;
        else if constexpr (op == 5) return pow<2>(u) - v;
        else if constexpr (op == 6) return pow(square(u) + k, 1.5);
        else if constexpr (op == 7) return pow(square(u) + k, tanh(v));
        else if constexpr (op == 8) return square(u) * k;
        else if constexpr (op == 9) return exp(tanh(u) * k);
        else if constexpr (op == 10) return log(square(u) + k);
        else if constexpr (op == 11) return sqrt(square(u) + k) + v;
        else if constexpr (op == 12) return abs(u + k);
        else if constexpr (op == 13) return sin(u) * v;
        else if constexpr (op == 14) return cos(u) + v;
        else if constexpr (op == 15) return tanh(u);
        else if constexpr (op == 16) return sigmoid(u) * v;
        else if constexpr (op == 17) return relu(u + k) + v;
        else if constexpr (op == 18) return pow(u, 3) + k;
        else return u * v + u;  // u is used twice: shared sub-expressions
    }
}

/// The expression of one seed: a function of x, y and z (not every one occurs).
template <std::uint64_t Seed, int Depth = 4>
constexpr auto random_expression() noexcept {
    return random_expression_at<mix(Seed ^ 0x5eed5eedULL), Depth>();
}

/// Point number `index` for seed `seed`, each coordinate in [-1.5, 1.5).
constexpr std::array<double, 3> random_point(std::uint64_t seed, std::uint64_t index) noexcept {
    const std::uint64_t base = mix(seed * 1000003ULL + index);
    return {uniform(mix(base ^ 1), -1.5, 1.5), uniform(mix(base ^ 2), -1.5, 1.5),
            uniform(mix(base ^ 3), -1.5, 1.5)};
}

/// Calls f(std::integral_constant<std::uint64_t, S>{}) for S = Begin, ..., End - 1.
template <std::uint64_t Begin, std::uint64_t End, class F>
constexpr void for_each_seed(F&& f) {
    constgrad::detail::for_each_index<Begin, End>(
        [&](auto i) { f(std::integral_constant<std::uint64_t, i()>{}); });
}

}  // namespace constgrad::testing
