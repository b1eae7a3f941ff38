// The C library's elementary functions at run time, without <cmath>.
//
// constgrad::math calls the C library at run time (std::exp, std::sin, ...). <cmath> costs
// about 0.1 s of every translation unit that includes it (g++ 12 -O2: it declares the whole
// of <math.h> three times over plus the special functions), and every network includes
// constgrad::math. The compiler builtins below are what libstdc++'s own std::exp(float),
// std::exp(long double), ... are defined as, and __builtin_exp is what ::exp (which
// std::exp(double) names) is to the compiler: the same calls to the same libm functions, so
// the results are bit for bit those of std::exp etc. (GCC and Clang both provide them).
#pragma once

#include <concepts>
#include <type_traits>

namespace constgrad::detail::libm {

#define CONSTGRAD_LIBM_UNARY(name)                                                    \
    inline float name(float x) noexcept { return __builtin_##name##f(x); }           \
    inline double name(double x) noexcept { return __builtin_##name(x); }            \
    inline long double name(long double x) noexcept { return __builtin_##name##l(x); }

CONSTGRAD_LIBM_UNARY(exp)
CONSTGRAD_LIBM_UNARY(expm1)
CONSTGRAD_LIBM_UNARY(log)
CONSTGRAD_LIBM_UNARY(log1p)
CONSTGRAD_LIBM_UNARY(sin)
CONSTGRAD_LIBM_UNARY(cos)
CONSTGRAD_LIBM_UNARY(tanh)
CONSTGRAD_LIBM_UNARY(sqrt)

#undef CONSTGRAD_LIBM_UNARY

inline float pow(float x, float y) noexcept { return __builtin_powf(x, y); }
inline double pow(double x, double y) noexcept { return __builtin_pow(x, y); }
inline long double pow(long double x, long double y) noexcept { return __builtin_powl(x, y); }

inline float fma(float a, float b, float c) noexcept { return __builtin_fmaf(a, b, c); }
inline double fma(double a, double b, double c) noexcept { return __builtin_fma(a, b, c); }
inline long double fma(long double a, long double b, long double c) noexcept {
    return __builtin_fmal(a, b, c);
}

/// The type std::pow(a, b) computes in for arithmetic arguments (<cmath>'s promotion): long
/// double if either is long double, float if both are float, double otherwise (integers count
/// as double).
template <class A, class B>
using pow_promoted_t = std::conditional_t<
    std::same_as<A, long double> || std::same_as<B, long double>, long double,
    std::conditional_t<std::same_as<A, float> && std::same_as<B, float>, float, double>>;

}  // namespace constgrad::detail::libm
