// constgrad::math::expm1: e^x - 1 without cancellation near 0, evaluable in constant expressions.
#pragma once

#include <constgrad/math/detail/libm.hpp>
#include <concepts>
#include <type_traits>

#include <constgrad/math/detail/exp_kernel.hpp>
#include <constgrad/math/detail/float_bits.hpp>
#include <constgrad/math/detail/types.hpp>

namespace constgrad::math {

namespace detail {

/// The compile-time algorithm behind constgrad::math::expm1: the exp reduction
/// x = k ln2 + r, the Taylor series of expm1(r) kept as a double word, then
/// 2^k (1 + p) - 1 = (2^k - 1) + 2^k p summed with error-free additions so that only the
/// final addition rounds (see constgrad::detail::expm1_dw). float is computed in double.
template <std::floating_point T>
constexpr T expm1_impl(T x) noexcept {
  namespace cd = constgrad::detail;
  using W = cd::math_work_t<T>;
  static_assert(cd::supported_work_type_v<W>,
                "constgrad::math::expm1: compile-time evaluation needs IEEE binary64 or x87 "
                "80-bit floating point");
  if (cd::isnan(x) || x == T(0)) return x;  // keeps the sign of -0
  const W w = static_cast<W>(x);
  if (w > cd::exp_overflow_bound_v<W>) return cd::round_to<T>(cd::infinity_v<W>);
  if (w < cd::expm1_minus_one_bound_v<W>) return T(-1);
  return cd::round_to<T>(cd::expm1_dw(w).hi);
}

}  // namespace detail

/// e^x - 1, accurate also for tiny x where exp(x) - 1 would cancel. During constant
/// evaluation our own implementation (within 1 ulp of std::expm1 on the tested ranges, 2 for
/// long double), at run time std::expm1. Integers are converted to double. Overflow gives
/// +inf, expm1(-inf) = -1, expm1(-0) = -0, NaN propagates.
///
///     static_assert(constgrad::math::expm1(0.0) == 0.0);
///     static_assert(constgrad::math::expm1(1e-20) == 1e-20);
template <constgrad::detail::MathArgument T>
[[nodiscard]] constexpr constgrad::detail::math_result_t<T> expm1(T x) noexcept {
  using R = constgrad::detail::math_result_t<T>;
  if (std::is_constant_evaluated()) return detail::expm1_impl(static_cast<R>(x));
  return constgrad::detail::libm::expm1(static_cast<R>(x));
}

}  // namespace constgrad::math
