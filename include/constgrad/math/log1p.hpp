// constgrad::math::log1p: log(1 + x) without cancellation near 0, evaluable in constant expressions.
#pragma once

#include <constgrad/math/detail/libm.hpp>
#include <concepts>
#include <type_traits>

#include <constgrad/math/detail/double_double.hpp>
#include <constgrad/math/detail/float_bits.hpp>
#include <constgrad/math/detail/log_kernel.hpp>
#include <constgrad/math/detail/constants.hpp>
#include <constgrad/math/detail/types.hpp>

namespace constgrad::math {

namespace detail {

/// The compile-time algorithm behind constgrad::math::log1p. When 1 + x is already in
/// [sqrt(1/2), sqrt(2)) the log kernel takes f = x itself (exact); otherwise u = 1 + x is
/// reduced like log and the rounding error c of 1 + x enters as log(u + c) ~ log u + c/u.
template <std::floating_point T>
constexpr T log1p_impl(T x) noexcept {
  namespace cd = constgrad::detail;
  using W = cd::math_work_t<T>;
  static_assert(cd::supported_work_type_v<W>,
                "constgrad::math::log1p: compile-time evaluation needs IEEE binary64 or x87 "
                "80-bit floating point");
  if (cd::isnan(x) || x == T(0)) return x;  // keeps the sign of -0
  if (x < T(-1)) return cd::quiet_nan_v<T>;
  if (x == T(-1)) return -cd::infinity_v<T>;
  if (cd::isinf(x)) return x;
  const W w = static_cast<W>(x);
  constexpr W lower = cd::sqrt_half_v<W> - W(1);
  constexpr W upper = W(2) * cd::sqrt_half_v<W> - W(1);
  if (w >= lower && w < upper) return static_cast<T>(cd::log_kernel(w, 0, W(0)));
  const auto u = cd::two_sum(W(1), w);  // u.hi + u.lo == 1 + w exactly
  const auto [e, f] = cd::reduce_log_argument(u.hi);
  return static_cast<T>(cd::log_kernel(f, e, u.lo / u.hi));
}

}  // namespace detail

/// log(1 + x), accurate also for tiny x where log(1 + x) would lose digits. During constant
/// evaluation our own implementation (within 1 ulp of std::log1p on the tested ranges), at
/// run time std::log1p. Integers are converted to double. log1p(-1) = -inf,
/// log1p(x < -1) = NaN, log1p(-0) = -0, NaN propagates.
///
///     static_assert(constgrad::math::log1p(0.0) == 0.0);
///     static_assert(constgrad::math::log1p(1e-20) == 1e-20);
template <constgrad::detail::MathArgument T>
[[nodiscard]] constexpr constgrad::detail::math_result_t<T> log1p(T x) noexcept {
  using R = constgrad::detail::math_result_t<T>;
  if (std::is_constant_evaluated()) return detail::log1p_impl(static_cast<R>(x));
  return constgrad::detail::libm::log1p(static_cast<R>(x));
}

}  // namespace constgrad::math
