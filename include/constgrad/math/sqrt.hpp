// constgrad::math::sqrt: correctly rounded square root, evaluable in constant expressions.
#pragma once

#include <constgrad/math/detail/libm.hpp>
#include <concepts>
#include <limits>
#include <type_traits>

#include <constgrad/math/detail/double_double.hpp>
#include <constgrad/math/detail/float_bits.hpp>
#include <constgrad/math/detail/types.hpp>

namespace constgrad::math {

namespace detail {

/// The compile-time algorithm behind constgrad::math::sqrt, correctly rounded like
/// std::sqrt. x = m 4^h with m in [1, 4) (exact), four Heron/Newton steps from a linear
/// guess (error 6% -> 2^-90), then an exact rounding check: with u = ulp of y in [1, 2),
/// sqrt(m) lies above the midpoint y + u/2 iff m > y (y + u), because both sides are
/// multiples of u^2 and the midpoint's square exceeds y (y + u) by only u^2/4. The product
/// y (y + u) is formed exactly with two_prod, so the comparison is exact.
/// float is computed in double (double rounding is harmless for sqrt: 53 >= 2*24 + 2).
template <std::floating_point T>
constexpr T sqrt_impl(T x) noexcept {
  namespace cd = constgrad::detail;
  using W = cd::math_work_t<T>;
  static_assert(cd::supported_work_type_v<W>,
                "constgrad::math::sqrt: compile-time evaluation needs IEEE binary64 or x87 "
                "80-bit floating point");
  if (cd::isnan(x) || x == T(0)) return x;  // sqrt(-0) == -0
  if (x < T(0)) return cd::quiet_nan_v<T>;
  if (cd::isinf(x)) return x;
  auto [mw, e] = cd::decompose(static_cast<W>(x));  // x = mw 2^e, mw in [0.5, 1)
  // Make the exponent even: m in [1, 4), x = m 2^(2h).
  const int odd = e & 1;  // also right for negative e (two's complement)
  const W m = mw * (odd != 0 ? W(2) : W(4));
  const int h = (e - (odd != 0 ? 1 : 2)) / 2;
  W y = (m + W(2)) / W(3);  // chord of sqrt on [1, 4)
  for (int i = 0; i < 4; ++i) y = W(0.5) * (y + m / y);
  constexpr W u = std::numeric_limits<W>::epsilon();  // ulp in [1, 2)
  if (y >= W(2)) y = W(2) - u;
  if (y < W(1)) y = W(1);
  // m > y (y + u) <=> sqrt(m) rounds above y. m - p is exact (Sterbenz), so is the test.
  const auto above = [m](W v, W step) {
    const auto p = cd::two_prod(v, v + step);
    return m - p.hi > p.lo;
  };
  while (y < W(2) && above(y, u)) y += u;
  while (y > W(1) && !above(y, -u)) y -= u;
  return static_cast<T>(cd::ldexp(y, h));
}

}  // namespace detail

/// Square root, correctly rounded (equal to std::sqrt). During constant evaluation our own
/// implementation, at run time std::sqrt. Integers are converted to double.
/// sqrt(-0) = -0, sqrt(x < 0) = NaN, sqrt(+inf) = +inf, NaN propagates.
///
///     static_assert(constgrad::math::sqrt(2.0) == 1.4142135623730951);
template <constgrad::detail::MathArgument T>
[[nodiscard]] constexpr constgrad::detail::math_result_t<T> sqrt(T x) noexcept {
  using R = constgrad::detail::math_result_t<T>;
  if (std::is_constant_evaluated()) return detail::sqrt_impl(static_cast<R>(x));
  return constgrad::detail::libm::sqrt(static_cast<R>(x));
}

}  // namespace constgrad::math
