// Shared exp/expm1 kernel: Cody-Waite reduction by ln 2 and a Taylor polynomial on |r| <= ln2/2.
#pragma once

#include <concepts>
#include <limits>

#include <constgrad/math/detail/double_double.hpp>
#include <constgrad/math/detail/float_bits.hpp>
#include <constgrad/math/detail/constants.hpp>

namespace constgrad::detail {

/// Highest Taylor degree of expm1 on |r| <= ln2/2: the first dropped term is below
/// 2^-(digits+5) relative (computed offline: 14 for binary64, 16 for x87).
template <std::floating_point W>
inline constexpr int exp_degree_v = std::numeric_limits<W>::digits <= 53 ? 14 : 16;

/// x + x_lo == k ln2 + r + r_lo, with |r| <= ~ln2/2 and r + r_lo a double word.
template <std::floating_point W>
struct exp_reduction {
  long long k;  ///< power of two
  W r;  ///< reduced argument
  W r_lo;  ///< its trailing part
};

/// Cody-Waite reduction of x + x_lo by ln 2 for |x| < 2^20 (k * ln2_hi stays exact).
template <std::floating_point W>
constexpr exp_reduction<W> reduce_exp_argument(W x, W x_lo) noexcept {
  const long long k = nearest_integer(x * inv_ln2_v<W>);
  const W kw = static_cast<W>(k);
  // x - k*ln2_hi is exact: k*ln2_hi has at most 32 + 21 bits and is within a factor 2 of x
  // (Sterbenz). The small second part is where the rounding happens, so keep its error.
  const W a = x - kw * ln2_hi_v<W>;
  const W b = kw * ln2_lo_v<W> - x_lo;
  const auto r = two_sum(a, -b);
  return {k, r.hi, r.lo};
}

/// expm1(r + r_lo) as a double word for |r| <= ~ln2/2 (the rounding of the result is left to
/// the caller, which adds 1 or scales first). Relative error of hi + lo about 2^-(digits+3).
template <std::floating_point W>
constexpr double_word<W> expm1_reduced(W r, W r_lo) noexcept {
  constexpr int n = exp_degree_v<W>;
  // q = sum_{i=3..n} r^(i-3) / i!
  W q = inv_factorial_v<W>[n];
  for (int i = n - 1; i >= 3; --i) q = q * r + inv_factorial_v<W>[i];
  // r + r^2/2 carries most of the value; keep r^2/2 exactly so only the last addition rounds.
  auto sq = two_prod(r, r);
  sq.hi *= W(0.5);
  sq.lo *= W(0.5);
  const auto head = fast_two_sum(r, sq.hi);
  const W cube = sq.hi * W(2) * r;
  // exp(r + r_lo) - 1 = expm1(r) + r_lo * exp(r) ~ expm1(r) + r_lo * (1 + r)
  const W tail = head.lo + (sq.lo + (cube * q + r_lo * (W(1) + r)));
  return fast_two_sum(head.hi, tail);
}

/// exp(x + x_lo) for finite x (x_lo a small correction, e.g. from pow). Overflow gives
/// +infinity, underflow 0, subnormal results are rounded (twice, so within 1 ulp).
template <std::floating_point W>
constexpr W exp_core(W x, W x_lo) noexcept {
  using limits = std::numeric_limits<W>;
  // Beyond these bounds the result is certainly infinite or zero; closer cases are decided
  // exactly by ldexp below. Bounds are loose by about one unit of ln 2.
  constexpr W overflow_bound = static_cast<W>(limits::max_exponent + 1) * ln2_hi_v<W>;
  constexpr W underflow_bound =
      static_cast<W>(limits::min_exponent - limits::digits - 2) * ln2_hi_v<W>;
  if (x > overflow_bound) return infinity_v<W>;
  if (x < underflow_bound) return W(0);
  const auto red = reduce_exp_argument(x, x_lo);
  const auto p = expm1_reduced(red.r, red.r_lo);
  // 1 + p with a single rounding of the exact sum.
  const auto one_p = fast_two_sum(W(1), p.hi);
  const W y = one_p.hi + (one_p.lo + p.lo);
  return ldexp(y, red.k);
}

/// Lower bound below which e^x - 1 rounds to -1: e^x < 2^-(digits+3).
template <std::floating_point W>
inline constexpr W expm1_minus_one_bound_v =
    -static_cast<W>(std::numeric_limits<W>::digits + 3) * ln2_hi_v<W>;

/// Upper bound beyond which e^x overflows (loose by about ln 2; ldexp decides exactly).
template <std::floating_point W>
inline constexpr W exp_overflow_bound_v =
    static_cast<W>(std::numeric_limits<W>::max_exponent + 1) * ln2_hi_v<W>;

/// e^x - 1 as a normalised double word (hi is the rounded result) for
/// expm1_minus_one_bound_v <= x <= exp_overflow_bound_v: the exp reduction, the Taylor
/// series of expm1(r), then 2^k (1 + p) - 1 = (2^k - 1) + 2^k p summed with error-free
/// additions so that only the final addition rounds. hi may be +infinity for large x.
template <std::floating_point W>
constexpr double_word<W> expm1_dw(W x) noexcept {
  constexpr int digits = std::numeric_limits<W>::digits;
  const auto red = reduce_exp_argument(x, W(0));  // k == 0 and r == x when |x| < ln2/2
  const auto p = expm1_reduced(red.r, red.r_lo);
  if (red.k > digits + 2) {
    // The -1 is below half an ulp of e^x.
    const auto one_p = fast_two_sum(W(1), p.hi);
    const auto y = fast_two_sum(one_p.hi, one_p.lo + p.lo);
    const W hi = ldexp(y.hi, red.k);
    if (isinf(hi)) return {hi, W(0)};
    return dw_add(double_word<W>{hi, ldexp(y.lo, red.k)}, W(-1));
  }
  const W scale = pow2<W>(static_cast<int>(red.k));  // exact, k in [-digits-4, digits+2]
  const auto a = two_sum(scale, W(-1));                // 2^k - 1, exact as a pair
  const auto b = two_sum(a.hi, scale * p.hi);          // scale * p.hi is exact
  return fast_two_sum(b.hi, b.lo + (a.lo + scale * p.lo));
}

}  // namespace constgrad::detail
