// Shared by activations.cpp and the slow exhaustive tests: runs kernels::exp / log / tanh /
// sigmoid over a block of arguments through the pack path and the scalar path (which must
// agree bit for bit) and checks each result against a higher-precision reference.
//
// The rule (issue 9): float is checked against the function computed in double, double
// against long double (x87, 64-bit significand). Where the correctly rounded result is
// normal, the error is at most 4 ulp of the reference; where it is subnormal or zero, the
// result has the class (zero / subnormal / normal) of glibc's function and lies within
// 4 units of the smallest subnormal; where glibc overflows to inf, so must we; NaN gives NaN.
// sigmoid, which glibc lacks, takes its class from the rounded reference.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <type_traits>

#include <constgrad/kernels/math/exp.hpp>
#include <constgrad/kernels/math/log.hpp>
#include <constgrad/kernels/math/sigmoid.hpp>
#include <constgrad/kernels/math/tanh.hpp>
#include <constgrad/kernels/pack.hpp>

namespace kernels_test {

namespace k = constgrad::kernels;

enum class function { exp, log, tanh, sigmoid };
inline constexpr function all_functions[] = {function::exp, function::log, function::tanh,
                                             function::sigmoid};
inline const char* name(function f) {
    switch (f) {
    case function::exp:
        return "exp";
    case function::log:
        return "log";
    case function::tanh:
        return "tanh";
    case function::sigmoid:
        return "sigmoid";
    }
    return "?";
}

template <class V>
V apply(function f, V x) {
    switch (f) {
    case function::exp:
        return k::exp(x);
    case function::log:
        return k::log(x);
    case function::tanh:
        return k::tanh(x);
    case function::sigmoid:
        return k::sigmoid(x);
    }
    return x;
}

/// The reference's type: double for float, long double for double.
template <class T>
using wide_t = std::conditional_t<std::is_same_v<T, float>, double, long double>;

template <class T>
wide_t<T> reference(function f, T x) {
    const wide_t<T> w = x;
    switch (f) {
    case function::exp:
        return std::exp(w);
    case function::log:
        return std::log(w);
    case function::tanh:
        return std::tanh(w);
    case function::sigmoid:
        return 1 / (1 + std::exp(-w));
    }
    return w;
}

/// glibc's own function in T (sigmoid: the rounded reference).
template <class T>
T glibc(function f, T x) {
    switch (f) {
    case function::exp:
        return std::exp(x);
    case function::log:
        return std::log(x);
    case function::tanh:
        return std::tanh(x);
    case function::sigmoid:
        return static_cast<T>(reference(f, x));
    }
    return x;
}

/// Worst cases seen, and the first few failures (printed by the caller).
template <class T>
struct stats {
    double max_ulp = 0;  // normal results, in ulp of the reference
    T max_ulp_at = 0;
    double max_subnormal = 0;  // subnormal / zero results, in units of the smallest subnormal
    T max_subnormal_at = 0;
    std::uint64_t checked = 0;
    std::uint64_t failures = 0;
    std::string first_failures;

    void merge(const stats& o) {
        if (o.max_ulp > max_ulp) max_ulp = o.max_ulp, max_ulp_at = o.max_ulp_at;
        if (o.max_subnormal > max_subnormal)
            max_subnormal = o.max_subnormal, max_subnormal_at = o.max_subnormal_at;
        checked += o.checked;
        failures += o.failures;
        if (first_failures.size() < 2000) first_failures += o.first_failures;
    }
};

inline constexpr double bound_ulp = 4;
inline constexpr double bound_subnormal = 4;

template <class T>
void fail(stats<T>& s, function f, T x, T got, const char* why) {
    ++s.failures;
    if (s.first_failures.size() < 2000) {
        char line[256];
        std::snprintf(line, sizeof line, "%s(%a) = %a: %s (reference %La, glibc %a)\n", name(f),
                      static_cast<double>(x), static_cast<double>(got), why,
                      static_cast<long double>(reference(f, x)), static_cast<double>(glibc(f, x)));
        s.first_failures += line;
    }
}

/// Checks one result against the reference (the slow path).
template <class T>
void check_one(function f, T x, T got, stats<T>& s) {
    using W = wide_t<T>;
    ++s.checked;
    const W ref = reference(f, x);
    if (std::isnan(ref)) {
        if (!std::isnan(got)) fail(s, f, x, got, "NaN expected");
        return;
    }
    const T g = glibc(f, x);
    if (std::isinf(g) || std::isinf(got)) {
        if (got != g) fail(s, f, x, got, "infinity mismatch");
        return;
    }
    if (std::fabs(ref) < std::numeric_limits<T>::min()) {
        const double units = static_cast<double>(std::fabs(static_cast<W>(got) - ref) /
                                                 std::numeric_limits<T>::denorm_min());
        if (units > s.max_subnormal) s.max_subnormal = units, s.max_subnormal_at = x;
        if (std::fpclassify(got) != std::fpclassify(g))
            fail(s, f, x, got, "class differs from glibc's");
        else if (!(units <= bound_subnormal))
            fail(s, f, x, got, "subnormal error too large");
        return;
    }
    W ulp;
    if constexpr (std::is_same_v<W, double>) {  // float: 2^(exponent of ref - 23), by the bits
        ulp = std::bit_cast<double>(std::bit_cast<std::uint64_t>(ref) & 0x7ff0000000000000U) *
              0x1p-23;
    } else {
        ulp = std::ldexp(W{1}, std::ilogb(ref) - (std::numeric_limits<T>::digits - 1));
    }
    const double err = static_cast<double>(std::fabs(static_cast<W>(got) - ref) / ulp);
    if (err > s.max_ulp) s.max_ulp = err, s.max_ulp_at = x;
    if (!(err <= bound_ulp)) fail(s, f, x, got, "error above 4 ulp");
}

template <class T>
using bits_t = std::conditional_t<std::is_same_v<T, float>, std::uint32_t, std::uint64_t>;

/// Runs f over x[0..n) (n a multiple of lanes<T>) by packs and by scalars, requires equal
/// bits, and checks every result. With glibc_shortcut (the exhaustive tests), a result equal
/// to glibc's bit for bit, or next to it when glibc's is normal, is accepted without the
/// reference: glibc 2.36's exp, log and tanh are within 2 ulp (libm-test-ulps, x86_64) and
/// round subnormals correctly, so such a result is within 3 ulp. The largest errors reported
/// are then those of the results further from glibc's.
template <class T>
void check_block(function f, const T* x, std::size_t n, stats<T>& s, bool glibc_shortcut) {
    constexpr std::size_t block = 1024;
    T by_pack[block];
    for (std::size_t start = 0; start < n; start += block) {
        const std::size_t m = std::min(block, n - start);
        for (std::size_t i = 0; i + k::lanes<T> <= m; i += k::lanes<T>)
            k::store(by_pack + i, apply(f, k::load(x + start + i)));
        for (std::size_t i = 0; i < m; ++i) {
            const T xi = x[start + i];
            const T by_scalar = apply(f, xi);
            if (std::bit_cast<bits_t<T>>(by_scalar) != std::bit_cast<bits_t<T>>(by_pack[i])) {
                fail(s, f, xi, by_scalar, "scalar and pack results differ");
                continue;
            }
            if (glibc_shortcut && f != function::sigmoid) {
                const T g = glibc(f, xi);
                const bits_t<T> a = std::bit_cast<bits_t<T>>(by_scalar);
                const bits_t<T> b = std::bit_cast<bits_t<T>>(g);
                if (a == b || ((a - b == 1 || b - a == 1) && std::isnormal(g))) {
                    ++s.checked;
                    continue;
                }
            }
            check_one(f, xi, by_scalar, s);
        }
    }
}

}  // namespace kernels_test
