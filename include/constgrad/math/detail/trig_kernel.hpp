// sin and cos kernels on a reduced double-word argument |hi + lo| <= ~pi/4 (Taylor series).
#pragma once

#include <concepts>
#include <limits>

#include <constgrad/math/detail/double_double.hpp>
#include <constgrad/math/detail/constants.hpp>

namespace constgrad::detail {

/// Highest power of the sin series on |h| <= pi/4: the first dropped term is below
/// 2^-(digits+5) relative (h^17 for binary64, h^19 for x87).
template <std::floating_point W>
inline constexpr int sin_degree_v = std::numeric_limits<W>::digits <= 53 ? 17 : 19;

/// Highest power of the cos series on |h| <= pi/4 (h^16 for binary64, h^20 for x87).
template <std::floating_point W>
inline constexpr int cos_degree_v = std::numeric_limits<W>::digits <= 53 ? 16 : 20;

/// sin(h + l) for |h| <= ~pi/4 and |l| <= ulp(h): h + h^3 S(h^2) + l cos(h). Only the final
/// addition of a term below h/6 to the exact h rounds noticeably.
template <std::floating_point W>
constexpr W sin_kernel(W h, W l) noexcept {
  const auto& c = inv_factorial_v<W>;
  constexpr int top = sin_degree_v<W>;
  const W z = h * h;
  // S = -1/3! + z/5! - z^2/7! + ...
  W s = ((top / 2) % 2 == 0 ? c[top] : -c[top]);
  for (int n = top - 2; n >= 3; n -= 2) s = s * z + ((n / 2) % 2 == 0 ? c[n] : -c[n]);
  return h + (h * z * s + l * (W(1) - W(0.5) * z));
}

/// cos(h + l) for |h| <= ~pi/4: 1 - h^2/2 + h^4 C(h^2) - l sin(h), with h^2/2 formed exactly
/// and 1 - h^2/2 split into its rounded value and exact error, so that the result (>= 0.7)
/// rounds essentially once.
template <std::floating_point W>
constexpr W cos_kernel(W h, W l) noexcept {
  const auto& c = inv_factorial_v<W>;
  constexpr int top = cos_degree_v<W>;
  const auto sq = two_prod(h, h);
  const W z = sq.hi;
  const W hz = W(0.5) * sq.hi;
  const W hz_lo = W(0.5) * sq.lo;
  // C = 1/4! - z/6! + z^2/8! - ...
  W poly = ((top / 2) % 2 == 0 ? c[top] : -c[top]);
  for (int n = top - 2; n >= 4; n -= 2) poly = poly * z + ((n / 2) % 2 == 0 ? c[n] : -c[n]);
  const W w = W(1) - hz;
  const W tail = ((W(1) - w) - hz) - hz_lo;  // exact error of w (Sterbenz twice)
  return w + (tail + (z * z * poly - h * l));
}

}  // namespace constgrad::detail
