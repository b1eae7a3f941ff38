// constgrad::math::cos: cosine, evaluable in constant expressions.
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

/// The compile-time algorithm behind constgrad::math::cos: the reduction of sin (see
/// sin_impl), then the cos or sin kernel by quadrant. float is computed in double.
template <std::floating_point T>
constexpr T cos_impl(T x) noexcept {
  namespace cd = constgrad::detail;
  using W = cd::math_work_t<T>;
  static_assert(cd::supported_work_type_v<W>,
                "constgrad::math::cos: compile-time evaluation needs IEEE binary64 or x87 "
                "80-bit floating point");
  if (cd::isnan(x)) return x;
  if (cd::isinf(x)) return cd::quiet_nan_v<T>;
  const W a = cd::fabs(static_cast<W>(x));
  if (a <= cd::pio4_v<W>) return static_cast<T>(cd::cos_kernel(a, W(0)));
  const auto r = cd::reduce_half_pi(a);
  switch (r.quadrant) {
    case 0: return static_cast<T>(cd::cos_kernel(r.hi, r.lo));
    case 1: return static_cast<T>(-cd::sin_kernel(r.hi, r.lo));
    case 2: return static_cast<T>(-cd::cos_kernel(r.hi, r.lo));
    default: return static_cast<T>(cd::sin_kernel(r.hi, r.lo));
  }
}

}  // namespace detail

/// Cosine of x (radians). During constant evaluation our own implementation (within 1 ulp
/// of std::cos for every finite x we tested, up to 1e300), at run time std::cos. Integers
/// are converted to double. cos(+-inf) = NaN, NaN propagates.
///
///     static_assert(constgrad::math::cos(0.0) == 1.0);
template <constgrad::detail::MathArgument T>
[[nodiscard]] constexpr constgrad::detail::math_result_t<T> cos(T x) noexcept {
  using R = constgrad::detail::math_result_t<T>;
  if (std::is_constant_evaluated()) return detail::cos_impl(static_cast<R>(x));
  return constgrad::detail::libm::cos(static_cast<R>(x));
}

}  // namespace constgrad::math
