// constgrad::math::log: natural logarithm, evaluable in constant expressions.
#pragma once

#include <constgrad/math/detail/libm.hpp>
#include <concepts>
#include <type_traits>

#include <constgrad/math/detail/float_bits.hpp>
#include <constgrad/math/detail/log_kernel.hpp>
#include <constgrad/math/detail/types.hpp>

namespace constgrad::math {

namespace detail {

/// The compile-time algorithm behind constgrad::math::log: x = 2^e m with m in
/// [sqrt(1/2), sqrt(2)) (exact), log m = 2 atanh((m-1)/(m+1)) by its series, e ln 2 added
/// with a two-part ln 2. float is computed in double.
template <std::floating_point T>
constexpr T log_impl(T x) noexcept {
  namespace cd = constgrad::detail;
  using W = cd::math_work_t<T>;
  static_assert(cd::supported_work_type_v<W>,
                "constgrad::math::log: compile-time evaluation needs IEEE binary64 or x87 "
                "80-bit floating point");
  if (cd::isnan(x)) return x;
  if (x < T(0)) return cd::quiet_nan_v<T>;
  if (x == T(0)) return -cd::infinity_v<T>;
  if (cd::isinf(x)) return x;
  const auto [e, f] = cd::reduce_log_argument(static_cast<W>(x));
  return static_cast<T>(cd::log_kernel(f, e, W(0)));
}

}  // namespace detail

/// Natural logarithm. During constant evaluation our own implementation (within 1 ulp of
/// std::log on the tested ranges), at run time std::log. Integers are converted to double.
/// log(+-0) = -inf, log(x < 0) = NaN, log(+inf) = +inf, NaN propagates.
///
///     static_assert(constgrad::math::log(1.0) == 0.0);
///     static_assert(constgrad::math::log(0.0) == -std::numeric_limits<double>::infinity());
template <constgrad::detail::MathArgument T>
[[nodiscard]] constexpr constgrad::detail::math_result_t<T> log(T x) noexcept {
  using R = constgrad::detail::math_result_t<T>;
  if (std::is_constant_evaluated()) return detail::log_impl(static_cast<R>(x));
  return constgrad::detail::libm::log(static_cast<R>(x));
}

}  // namespace constgrad::math
