// Error-free transformations and double-word ("double-double") arithmetic for the math kernels.
#pragma once

#include <constgrad/math/detail/libm.hpp>
#include <concepts>
#include <limits>
#include <type_traits>

namespace constgrad::detail {

// These algorithms (Knuth's two-sum, Dekker's fast-two-sum and two-product with Veltkamp's
// split) need every operation rounded to the working format separately. Constant evaluation
// always does that. At run time (only the tests run these kernels at run time) a compiler
// may contract a * b + c into an fma (GCC does by default for C++ when the target has FMA):
// the one place where that breaks exactness, Veltkamp's split, is bypassed by two_prod's
// run-time branch; elsewhere a contraction only changes a last bit. -ffast-math breaks
// everything.

/// An unevaluated sum hi + lo with |lo| <= ulp(hi) / 2 (about twice the working precision).
template <std::floating_point W>
struct double_word {
  W hi;  ///< leading part
  W lo;  ///< trailing part
};

/// a + b exactly as hi + lo (any magnitudes).
template <std::floating_point W>
constexpr double_word<W> two_sum(W a, W b) noexcept {
  const W s = a + b;
  const W bb = s - a;
  const W err = (a - (s - bb)) + (b - bb);
  return {s, err};
}

/// a + b exactly as hi + lo, valid when |a| >= |b| (or a == 0).
template <std::floating_point W>
constexpr double_word<W> fast_two_sum(W a, W b) noexcept {
  const W s = a + b;
  return {s, b - (s - a)};
}

/// Veltkamp's split: a == hi + lo with hi holding the upper ceil(digits/2) bits.
/// Requires |a| well below the overflow threshold (true for every use in the kernels).
template <std::floating_point W>
constexpr double_word<W> veltkamp_split(W a) noexcept {
  constexpr int shift = (std::numeric_limits<W>::digits + 1) / 2;
  constexpr W splitter = W(static_cast<unsigned long long>(1) << shift) + W(1);
  const W c = splitter * a;
  const W hi = c - (c - a);
  return {hi, a - hi};
}

/// a * b exactly as hi + lo (Dekker), barring overflow and underflow.
template <std::floating_point W>
constexpr double_word<W> two_prod(W a, W b) noexcept {
  const W p = a * b;
  // std::fma is exact by definition (and contraction-proof); not usable in constant
  // expressions, where Dekker's algorithm is exact.
  if (!std::is_constant_evaluated()) return {p, constgrad::detail::libm::fma(a, b, -p)};
  const auto [ah, al] = veltkamp_split(a);
  const auto [bh, bl] = veltkamp_split(b);
  const W err = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  return {p, err};
}

/// x + y in double-word arithmetic (relative error about 2^-(2*digits-2)).
template <std::floating_point W>
constexpr double_word<W> dw_add(double_word<W> x, double_word<W> y) noexcept {
  auto s = two_sum(x.hi, y.hi);
  const auto t = two_sum(x.lo, y.lo);
  s.lo += t.hi;
  s = fast_two_sum(s.hi, s.lo);
  s.lo += t.lo;
  return fast_two_sum(s.hi, s.lo);
}

/// x + y for a double-word x and a single-word y.
template <std::floating_point W>
constexpr double_word<W> dw_add(double_word<W> x, W y) noexcept {
  auto s = two_sum(x.hi, y);
  s.lo += x.lo;
  return fast_two_sum(s.hi, s.lo);
}

/// x * y in double-word arithmetic.
template <std::floating_point W>
constexpr double_word<W> dw_mul(double_word<W> x, double_word<W> y) noexcept {
  auto p = two_prod(x.hi, y.hi);
  p.lo += x.hi * y.lo + x.lo * y.hi;
  return fast_two_sum(p.hi, p.lo);
}

/// x * y for a double-word x and a single-word y.
template <std::floating_point W>
constexpr double_word<W> dw_mul(double_word<W> x, W y) noexcept {
  auto p = two_prod(x.hi, y);
  p.lo += x.lo * y;
  return fast_two_sum(p.hi, p.lo);
}

/// x / y in double-word arithmetic (y != 0): a quotient estimate and two corrections
/// computed from exact remainders.
template <std::floating_point W>
constexpr double_word<W> dw_div(double_word<W> x, double_word<W> y) noexcept {
  const W q1 = x.hi / y.hi;
  auto r = dw_add(x, dw_mul(y, -q1));
  const W q2 = r.hi / y.hi;
  r = dw_add(r, dw_mul(y, -q2));
  const W q3 = r.hi / y.hi;
  auto q = fast_two_sum(q1, q2);
  return dw_add(q, q3);
}

}  // namespace constgrad::detail
