// constgrad::math::pow: a raised to the power b, evaluable in constant expressions.
#pragma once

#include <constgrad/math/detail/libm.hpp>
#include <concepts>
#include <cstdint>
#include <limits>
#include <type_traits>

#include <constgrad/math/detail/double_double.hpp>
#include <constgrad/math/detail/exp_kernel.hpp>
#include <constgrad/math/detail/float_bits.hpp>
#include <constgrad/math/detail/log_kernel.hpp>
#include <constgrad/math/detail/types.hpp>

namespace constgrad::math {

namespace detail {

/// A double word times an integer power of two (mantissa and exponent kept apart).
template <std::floating_point W>
struct scaled_double_word {
  constgrad::detail::double_word<W> value;  ///< leading part in [0.5, 1)
  long long exponent;  ///< power of two
};

/// |a|^n for finite nonzero a and 0 < n < 2^31 by binary powering in double-word arithmetic
/// with a separate integer exponent: the mantissas stay in [0.25, 1) so nothing overflows
/// or underflows, and the relative error stays below about n 2^-(2 digits - 4) (< 2^-70 for
/// binary64), so exact powers (3^5, 0.5^40, ...) come out exact after the final rounding.
template <std::floating_point W>
constexpr scaled_double_word<W> pow_integer(W a, std::uint32_t n) noexcept {
  namespace cd = constgrad::detail;
  const auto [m, e] = cd::decompose(cd::fabs(a));
  scaled_double_word<W> base{{m, W(0)}, e};
  scaled_double_word<W> acc{{W(1), W(0)}, 0};
  // Products of two numbers in [0.5, 1) lie in [0.25, 1): one exact doubling renormalises.
  const auto multiply = [](scaled_double_word<W>& x, const scaled_double_word<W>& y) {
    x.value = cd::dw_mul(x.value, y.value);
    x.exponent += y.exponent;
    if (x.value.hi < W(0.5)) {
      x.value.hi *= W(2);
      x.value.lo *= W(2);
      --x.exponent;
    }
  };
  while (n != 0) {
    if ((n & 1U) != 0) multiply(acc, base);
    n >>= 1U;
    if (n != 0) multiply(base, base);
  }
  return acc;
}

/// The compile-time algorithm behind constgrad::math::pow (special cases as in C's pow):
/// integral b with |b| < 2^31 by exact-as-possible binary powering (negative b: reciprocal),
/// otherwise exp(b log|a|) with log|a| and the product b log|a| in double-word arithmetic
/// (the exp magnifies their absolute error). Negative a needs an integral b (else NaN).
template <std::floating_point T>
constexpr T pow_impl(T a, T b) noexcept {
  namespace cd = constgrad::detail;
  using W = cd::math_work_t<T>;
  static_assert(cd::supported_work_type_v<W>,
                "constgrad::math::pow: compile-time evaluation needs IEEE binary64 or x87 "
                "80-bit floating point");
  if (b == T(0) || a == T(1)) return T(1);  // even for a NaN other argument
  if (cd::isnan(a) || cd::isnan(b)) return cd::quiet_nan_v<T>;
  const bool b_odd = cd::is_odd_integer(b);
  if (cd::isinf(b)) {
    if (a == T(-1)) return T(1);
    const bool big = cd::fabs(a) > T(1);
    return (big == (b > T(0))) ? cd::infinity_v<T> : T(0);
  }
  if (a == T(0)) {
    if (b < T(0)) return b_odd ? cd::copysign(cd::infinity_v<T>, a) : cd::infinity_v<T>;
    return b_odd ? a : T(0);
  }
  if (cd::isinf(a)) {
    const T magnitude = b > T(0) ? cd::infinity_v<T> : T(0);
    return (a < T(0) && b_odd) ? -magnitude : magnitude;
  }
  const bool b_integer = cd::is_integer(b);
  if (a < T(0) && !b_integer) return cd::quiet_nan_v<T>;
  const bool negate = a < T(0) && b_odd;
  const W wa = cd::fabs(static_cast<W>(a));
  const W wb = static_cast<W>(b);
  constexpr W int_limit = W(2147483648.0);  // 2^31
  W r{};
  if (wa == W(1)) {
    r = W(1);  // a == -1 with an integral b (the log path would see log|a| == 0)
  } else if (b_integer && cd::fabs(wb) < int_limit) {
    const auto p = pow_integer(wa, static_cast<std::uint32_t>(cd::fabs(wb)));
    if (wb > W(0)) {
      r = cd::ldexp(p.value.hi + p.value.lo, p.exponent);
    } else {
      const auto inv = cd::dw_div(cd::double_word<W>{W(1), W(0)}, p.value);  // in (1, 2]
      r = cd::ldexp(inv.hi + inv.lo, -p.exponent);
    }
  } else {
    const auto l = cd::log_dw(wa);  // nonzero: |a| == 1 was handled above
    // |log a| >= ~2^-64, so beyond this |b log a| is far outside exp's range; the bound
    // also keeps the exact product below from overflowing.
    constexpr W huge_b = cd::pow2<W>(std::numeric_limits<W>::max_exponent - 70);
    if (cd::fabs(wb) > huge_b) {
      r = ((wb > W(0)) == (l.hi > W(0))) ? cd::infinity_v<W> : W(0);
    } else {
      // y = b log|a| as a double word: exp magnifies its absolute error.
      auto y = cd::two_prod(wb, l.hi);
      y.lo += wb * l.lo;
      y = cd::fast_two_sum(y.hi, y.lo);
      r = cd::exp_core(y.hi, y.lo);
    }
  }
  return cd::round_to<T>(negate ? -r : r);
}

}  // namespace detail

/// a raised to the power b. During constant evaluation our own implementation (integral
/// exponents below 2^31 essentially correctly rounded, exact when the result is
/// representable; within 1 ulp of std::pow on the tested grid, 2 for long double), at run
/// time std::pow (the exponents 2, 1, -1 and 0.5 by one correctly rounded operation).
/// Special values follow C's pow: pow(x, +-0) = 1 and pow(1, y) = 1 even for NaN,
/// pow(negative, non-integer) = NaN, pow(+-0, negative odd) = +-inf, ...
///
/// Result type: two floating-point arguments give the wider type; a floating-point base
/// with an integer exponent keeps the base's type (pow(x, 3) with a float x is float, unlike
/// std::pow which returns double); integers alone give double.
///
///     static_assert(constgrad::math::pow(3.0, 5) == 243.0);
///     static_assert(constgrad::math::pow(2.0, -2) == 0.25);
template <constgrad::detail::MathArgument A, constgrad::detail::MathArgument B>
[[nodiscard]] constexpr constgrad::detail::pow_result_t<A, B> pow(A a, B b) noexcept {
  using R = constgrad::detail::pow_result_t<A, B>;
  // Compute in the type std::pow would use (float with an int exponent: double), round once.
  using P = constgrad::detail::libm::pow_promoted_t<A, B>;
  if (std::is_constant_evaluated()) {
    return constgrad::detail::round_to<R>(detail::pow_impl(static_cast<P>(a), static_cast<P>(b)));
  }
  // Exponents whose power is one correctly rounded operation: the exact result rounded once
  // (what a correctly rounded pow returns; special values as C's pow), without a libm call.
  // Derivatives meet them all the time: (u^2)' = 2 u^1, (u^-1)... A constant exponent makes
  // the tests free. sqrt only for a > 0: pow(-0, 0.5) = +0 and pow(-inf, 0.5) = +inf.
  const P x = static_cast<P>(a);
  const P y = static_cast<P>(b);
  if (y == P(2)) return static_cast<R>(x * x);
  if (y == P(1)) return static_cast<R>(x);
  if (y == P(-1)) return static_cast<R>(P(1) / x);
  if (y == P(0.5) && x > P(0)) return static_cast<R>(constgrad::detail::libm::sqrt(x));
  return static_cast<R>(constgrad::detail::libm::pow(x, y));
}

}  // namespace constgrad::math
