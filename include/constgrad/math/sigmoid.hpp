// constgrad::math::sigmoid: the logistic function 1/(1 + e^-x), evaluable in constant expressions.
#pragma once

#include <constgrad/math/detail/libm.hpp>
#include <concepts>
#include <type_traits>

#include <constgrad/math/detail/float_bits.hpp>
#include <constgrad/math/detail/types.hpp>
#include <constgrad/math/exp.hpp>

namespace constgrad::math {

namespace detail {

/// The logistic function written so that exp never overflows: 1/(1 + e^-x) for x >= 0 and
/// e^x/(1 + e^x) for x < 0 (tiny results keep their full relative precision instead of
/// cancelling in 1 - ...). Exp is a template parameter so that the compile-time and the
/// run-time paths share the formula.
template <std::floating_point T, class Exp>
constexpr T sigmoid_formula(T x, Exp exp_fn) noexcept {
  if (x >= T(0)) return T(1) / (T(1) + exp_fn(-x));
  const T e = exp_fn(x);
  return e / (T(1) + e);
}

/// The compile-time algorithm behind constgrad::math::sigmoid: sigmoid_formula with
/// exp_impl, computed in double for float.
template <std::floating_point T>
constexpr T sigmoid_impl(T x) noexcept {
  using W = constgrad::detail::math_work_t<T>;
  if (constgrad::detail::isnan(x)) return x;
  return static_cast<T>(
      sigmoid_formula(static_cast<W>(x), [](W v) constexpr { return exp_impl(v); }));
}

}  // namespace detail

/// The logistic sigmoid 1/(1 + e^-x), stable for large |x| (no overflow, tiny results keep
/// their relative precision). During constant evaluation computed with our exp (float in
/// double), at run time with std::exp in the argument's type; the two agree within 2 ulp.
/// Integers are converted to double. sigmoid(-inf) = 0, sigmoid(+inf) = 1, NaN propagates.
///
///     static_assert(constgrad::math::sigmoid(0.0) == 0.5);
///     static_assert(constgrad::math::sigmoid(-1000.0) == 0.0);
template <constgrad::detail::MathArgument T>
[[nodiscard]] constexpr constgrad::detail::math_result_t<T> sigmoid(T x) noexcept {
  using R = constgrad::detail::math_result_t<T>;
  if (std::is_constant_evaluated()) return detail::sigmoid_impl(static_cast<R>(x));
  return detail::sigmoid_formula(static_cast<R>(x),
                                 [](R v) { return constgrad::detail::libm::exp(v); });
}

}  // namespace constgrad::math
