// constgrad::math::sin: sine, evaluable in constant expressions.
#pragma once

#include <constgrad/math/detail/libm.hpp>
#include <concepts>
#include <type_traits>

#include <constgrad/math/detail/float_bits.hpp>
#include <constgrad/math/detail/constants.hpp>
#include <constgrad/math/detail/types.hpp>
#include <constgrad/math/detail/trig_kernel.hpp>
#include <constgrad/math/detail/trig_reduction.hpp>

namespace constgrad::math {

namespace detail {

/// The compile-time algorithm behind constgrad::math::sin: |x| reduced modulo pi/2 to a
/// double word (Cody-Waite with a five-piece pi/2 below 2^22 ~ 4.2e6, Payne-Hanek with 2/pi
/// to 16,704 bits above, so every finite argument is reduced accurately), then the sin or
/// cos Taylor kernel by quadrant. float is computed in double.
template <std::floating_point T>
constexpr T sin_impl(T x) noexcept {
  namespace cd = constgrad::detail;
  using W = cd::math_work_t<T>;
  static_assert(cd::supported_work_type_v<W>,
                "constgrad::math::sin: compile-time evaluation needs IEEE binary64 or x87 "
                "80-bit floating point");
  if (cd::isnan(x) || x == T(0)) return x;  // keeps the sign of -0
  if (cd::isinf(x)) return cd::quiet_nan_v<T>;
  const W a = cd::fabs(static_cast<W>(x));
  W s{};
  if (a <= cd::pio4_v<W>) {
    s = cd::sin_kernel(a, W(0));
  } else {
    const auto r = cd::reduce_half_pi(a);
    switch (r.quadrant) {
      case 0: s = cd::sin_kernel(r.hi, r.lo); break;
      case 1: s = cd::cos_kernel(r.hi, r.lo); break;
      case 2: s = -cd::sin_kernel(r.hi, r.lo); break;
      default: s = -cd::cos_kernel(r.hi, r.lo); break;
    }
  }
  return static_cast<T>(x < T(0) ? -s : s);
}

}  // namespace detail

/// Sine of x (radians). During constant evaluation our own implementation (within 1 ulp of
/// std::sin for every finite x we tested, up to 1e300), at run time std::sin. Integers are
/// converted to double. sin(+-0) = +-0, sin(+-inf) = NaN, NaN propagates.
///
///     static_assert(constgrad::math::sin(0.0) == 0.0);
template <constgrad::detail::MathArgument T>
[[nodiscard]] constexpr constgrad::detail::math_result_t<T> sin(T x) noexcept {
  using R = constgrad::detail::math_result_t<T>;
  if (std::is_constant_evaluated()) return detail::sin_impl(static_cast<R>(x));
  return constgrad::detail::libm::sin(static_cast<R>(x));
}

}  // namespace constgrad::math
