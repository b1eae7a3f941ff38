// constgrad::math::exp: e^x, evaluable in constant expressions.
#pragma once

#include <constgrad/math/detail/libm.hpp>
#include <concepts>
#include <type_traits>

#include <constgrad/math/detail/exp_kernel.hpp>
#include <constgrad/math/detail/float_bits.hpp>
#include <constgrad/math/detail/types.hpp>

namespace constgrad::math {

namespace detail {

/// The compile-time algorithm behind constgrad::math::exp (callable at run time too, which is
/// how the tests compare it with std::exp). x = k ln2 + r with |r| <= ln2/2 (Cody-Waite, two
/// part ln 2), Taylor series of expm1(r), 2^k applied exactly. float is computed in double.
template <std::floating_point T>
constexpr T exp_impl(T x) noexcept {
  using W = constgrad::detail::math_work_t<T>;
  static_assert(constgrad::detail::supported_work_type_v<W>,
                "constgrad::math::exp: compile-time evaluation needs IEEE binary64 or x87 "
                "80-bit floating point");
  if (constgrad::detail::isnan(x)) return x;
  return constgrad::detail::round_to<T>(
      constgrad::detail::exp_core<W>(static_cast<W>(x), W(0)));
}

}  // namespace detail

/// e^x. During constant evaluation our own implementation (within 1 ulp of std::exp on the
/// tested ranges), at run time std::exp itself. Integers are converted to double.
/// Overflow gives +inf, underflow +0 (subnormal results within 1 ulp), NaN propagates.
///
///     static_assert(constgrad::math::exp(0.0) == 1.0);
///     static_assert(constgrad::math::exp(-1000.0) == 0.0);
template <constgrad::detail::MathArgument T>
[[nodiscard]] constexpr constgrad::detail::math_result_t<T> exp(T x) noexcept {
  using R = constgrad::detail::math_result_t<T>;
  if (std::is_constant_evaluated()) return detail::exp_impl(static_cast<R>(x));
  return constgrad::detail::libm::exp(static_cast<R>(x));
}

}  // namespace constgrad::math
