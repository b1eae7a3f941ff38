// Shared log kernels: reduction to m in [sqrt(1/2), sqrt(2)) and the atanh series of log(1+f).
#pragma once

#include <concepts>
#include <limits>

#include <constgrad/math/detail/double_double.hpp>
#include <constgrad/math/detail/float_bits.hpp>
#include <constgrad/math/detail/constants.hpp>

namespace constgrad::detail {

/// Number of terms of log's atanh series, sum_{k=0}^{n-1} z^k/(2k+1) with z = s^2 <= 0.0295:
/// the first dropped term is below 2^-(digits+5) (11 for binary64, 13 for x87).
template <std::floating_point W>
inline constexpr int log_terms_v = std::numeric_limits<W>::digits <= 53 ? 11 : 13;

/// A positive finite x written as 2^e * (1 + f) with 1 + f in [sqrt(1/2), sqrt(2)); f exact.
template <std::floating_point W>
struct log_reduction {
  int e;  ///< binary exponent
  W f;  ///< m - 1, |f| < 0.415
};

/// Splits a positive finite x for the log kernels (exact).
template <std::floating_point W>
constexpr log_reduction<W> reduce_log_argument(W x) noexcept {
  auto [m, e] = decompose(x);  // m in [0.5, 1)
  if (m < sqrt_half_v<W>) {
    m *= W(2);
    --e;
  }
  return {e, m - W(1)};  // exact: m is within a factor 2 of 1 (Sterbenz)
}

/// log(2^e * (1 + f)) + c, where c is a small correction (|c| << ulp of the result) that
/// log1p uses for the rounding error of 1 + x.
///
/// With s = f / (2 + f), log(1 + f) = 2 atanh(s) = 2s + s R(s^2). Writing 2s = f - s f and
/// s f = hfsq - s hfsq (hfsq = f^2 / 2) gives log(1 + f) = f - hfsq + s (hfsq + R): the exact
/// f carries the value, the rounding error of the division only touches the small s term.
template <std::floating_point W>
constexpr W log_kernel(W f, int e, W c) noexcept {
  constexpr int n = log_terms_v<W>;
  const auto& inv_odd = inv_odd_v<W>.value;
  const W s = f / (W(2) + f);
  const W z = s * s;
  W poly = inv_odd[n - 1];
  for (int k = n - 2; k >= 1; --k) poly = poly * z + inv_odd[k];
  const W r = W(2) * z * poly;  // R = 2 (z/3 + z^2/5 + ...)
  const W hfsq = W(0.5) * f * f;
  const W ke = static_cast<W>(e);
  return ke * ln2_hi_v<W> + (f - (hfsq - (s * (hfsq + r) + (ke * ln2_lo_v<W> + c))));
}

/// log(x) as a double word for a positive finite x, relative error about 2^-(2*digits-25):
/// pow needs it because exp(b log a) magnifies the absolute error of b log a (up to ~745
/// for binary64) into a relative error of the result.
template <std::floating_point W>
constexpr double_word<W> log_dw(W x) noexcept {
  constexpr int n = inv_odd_table<W>::size;
  constexpr int plain_from = 4;  // z^4/9 < 2^-23: these terms need only single precision
  const auto& inv_odd = inv_odd_v<W>;
  const auto [e, f] = reduce_log_argument(x);
  // s = f / (2 + f), 2 + f is exact as a double word.
  const auto s = dw_div(double_word<W>{f, W(0)}, two_sum(W(2), f));
  const auto z = dw_mul(s, s);
  W tail = inv_odd.value[n - 1];
  for (int k = n - 2; k >= plain_from; --k) tail = tail * z.hi + inv_odd.value[k];
  double_word<W> series{tail, W(0)};
  for (int k = plain_from - 1; k >= 0; --k) series = dw_add(dw_mul(series, z), inv_odd.dw[k]);
  auto log_m = dw_mul(s, series);  // atanh(s)
  log_m.hi *= W(2);
  log_m.lo *= W(2);
  const W ke = static_cast<W>(e);
  // e * ln2_hi is exact; e * ln2_lo carries an error far below the target.
  const double_word<W> e_ln2{ke * ln2_hi_v<W>, ke * ln2_lo_v<W>};
  return dw_add(e_ln2, log_m);
}

}  // namespace constgrad::detail
