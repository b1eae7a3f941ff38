// constgrad::math::tanh: hyperbolic tangent, evaluable in constant expressions.
#pragma once

#include <constgrad/math/detail/libm.hpp>
#include <concepts>
#include <limits>
#include <type_traits>

#include <constgrad/math/detail/double_double.hpp>
#include <constgrad/math/detail/exp_kernel.hpp>
#include <constgrad/math/detail/float_bits.hpp>
#include <constgrad/math/detail/constants.hpp>
#include <constgrad/math/detail/types.hpp>

namespace constgrad::math {

namespace detail {

/// |x| below which tanh_impl uses -t/(t + 2) with t = expm1(-2|x|), above which
/// 1 - 2/(expm1(2|x|) + 2): the switch is where tanh = 1/2, so the subtraction from 1 never
/// loses more than one bit.
template <std::floating_point W>
inline constexpr W tanh_switch_v = static_cast<W>(0.5493061443340548456976226184612628L);  // atanh(1/2)

/// The compile-time algorithm behind constgrad::math::tanh, in double-word arithmetic on
/// t = expm1(+-2|x|) (itself a double word) and rounded once: tanh = -t/(t + 2) with
/// t = expm1(-2|x|) below atanh(1/2) (no cancellation), 1 - 2/(expm1(2|x|) + 2) above, and
/// +-1 once 1 - tanh < 2^-(digits+2). float is computed in double.
template <std::floating_point T>
constexpr T tanh_impl(T x) noexcept {
  namespace cd = constgrad::detail;
  using W = cd::math_work_t<T>;
  using dw = cd::double_word<W>;
  static_assert(cd::supported_work_type_v<W>,
                "constgrad::math::tanh: compile-time evaluation needs IEEE binary64 or x87 "
                "80-bit floating point");
  if (cd::isnan(x) || x == T(0)) return x;  // keeps the sign of -0
  const W a = cd::fabs(static_cast<W>(x));
  // 1 - tanh(a) ~ 2 e^(-2a) < 2^-(digits+2) from here on.
  constexpr W one_bound =
      static_cast<W>(std::numeric_limits<W>::digits + 3) * cd::ln2_hi_v<W> * W(0.5);
  W t{};
  if (a > one_bound) {
    t = W(1);
  } else if (a < tanh_switch_v<W>) {
    const dw e = cd::expm1_dw(W(-2) * a);
    t = cd::dw_div(dw{-e.hi, -e.lo}, cd::dw_add(e, W(2))).hi;
  } else {
    const dw e = cd::expm1_dw(W(2) * a);
    const dw q = cd::dw_div(dw{W(2), W(0)}, cd::dw_add(e, W(2)));
    t = cd::dw_add(dw{W(1), W(0)}, dw{-q.hi, -q.lo}).hi;
  }
  return static_cast<T>(x < T(0) ? -t : t);
}

}  // namespace detail

/// Hyperbolic tangent. During constant evaluation our own implementation (within 1 ulp of
/// the exact value, 2 ulp of std::tanh, whose own error is up to 2 ulp, on the tested
/// ranges), at run time std::tanh. Integers are converted to double.
/// tanh(+-0) = +-0, tanh(+-inf) = +-1, NaN propagates.
///
///     static_assert(constgrad::math::tanh(0.0) == 0.0);
///     static_assert(constgrad::math::tanh(30.0) == 1.0);
template <constgrad::detail::MathArgument T>
[[nodiscard]] constexpr constgrad::detail::math_result_t<T> tanh(T x) noexcept {
  using R = constgrad::detail::math_result_t<T>;
  if (std::is_constant_evaluated()) return detail::tanh_impl(static_cast<R>(x));
  return constgrad::detail::libm::tanh(static_cast<R>(x));
}

}  // namespace constgrad::math
