// Reduction of sin/cos arguments modulo pi/2: Cody-Waite below 2^(digits-31), Payne-Hanek above.
#pragma once

#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>

#include <constgrad/math/detail/double_double.hpp>
#include <constgrad/math/detail/float_bits.hpp>
#include <constgrad/math/detail/constants.hpp>
#include <constgrad/math/detail/two_over_pi_bits.hpp>

namespace constgrad::detail {

/// a == (4j + quadrant) pi/2 + hi + lo for some integer j, with |hi + lo| <= ~pi/4.
template <std::floating_point W>
struct trig_reduction {
  int quadrant;  ///< 0 .. 3
  W hi;  ///< reduced argument
  W lo;  ///< its trailing part
};

/// Upper bound of Cody-Waite reduction: below it k < 2^(digits-31), so k times a 30-bit piece
/// of pi/2 is exact (2^22 ~ 4.2e6 for binary64, 2^33 ~ 8.6e9 for x87).
template <std::floating_point W>
inline constexpr W cody_waite_limit_v = pow2<W>(std::numeric_limits<W>::digits - 31);

/// Cody-Waite reduction of 0 <= a < cody_waite_limit_v with pi/2 in five pieces
/// (about 150 + digits bits, enough for the worst cancellation in that range). Every
/// subtraction is error-free (two_sum), the errors are summed separately: an addition only
/// rounds when its result is large, and then no later piece cancels it.
template <std::floating_point W>
constexpr trig_reduction<W> reduce_cody_waite(W a) noexcept {
  const auto& piece = pio2_piece_v<W>;
  const long long k = nearest_integer(a * two_over_pi_v<W>);
  const W kw = static_cast<W>(k);
  W hi = a - kw * piece[0];  // exact: Sterbenz, and k * piece[0] is exact
  W lo = W(0);
  for (int i = 1; i < 5; ++i) {
    const auto t = two_sum(hi, -(kw * piece[i]));  // products exact but for the last piece
    hi = t.hi;
    lo += t.lo;
  }
  const auto r = two_sum(hi, lo);
  return {static_cast<int>(k & 3), r.hi, r.lo};
}

namespace trig_reduction_impl {

// 64 bits of 2/pi starting at bit j (bit 1 is the first after the binary point; the
// expansion has zeros at j <= 0).
constexpr std::uint64_t two_over_pi_window(long long j) noexcept {
  if (j <= -63) return 0;
  if (j <= 0) return two_over_pi_window(1) >> static_cast<unsigned>(1 - j);
  const auto idx = static_cast<std::size_t>((j - 1) / 64);
  const auto off = static_cast<unsigned>((j - 1) % 64);
  constexpr std::size_t words = sizeof(two_over_pi_bits) / sizeof(two_over_pi_bits[0]);
  const std::uint64_t first = two_over_pi_bits[idx] << off;
  const std::uint64_t next = (off == 0 || idx + 1 >= words) ? 0 : two_over_pi_bits[idx + 1] >> (64U - off);
  return first | next;
}

// Full 64 x 64 -> 128-bit product from 32-bit halves.
struct u128 {
  std::uint64_t hi;
  std::uint64_t lo;
};

constexpr u128 mul_64x64(std::uint64_t a, std::uint64_t b) noexcept {
  constexpr std::uint64_t mask = 0xffffffffULL;
  const std::uint64_t a_lo = a & mask, a_hi = a >> 32U, b_lo = b & mask, b_hi = b >> 32U;
  const std::uint64_t ll = a_lo * b_lo, lh = a_lo * b_hi, hl = a_hi * b_lo, hh = a_hi * b_hi;
  const std::uint64_t mid = (ll >> 32U) + (lh & mask) + (hl & mask);  // < 3 * 2^32
  return {hh + (lh >> 32U) + (hl >> 32U) + (mid >> 32U), (mid << 32U) | (ll & mask)};
}

// a + b + carry_in with the carry out.
constexpr std::uint64_t add_carry(std::uint64_t a, std::uint64_t b, unsigned& carry) noexcept {
  const std::uint64_t s = a + b;
  unsigned c = s < a ? 1U : 0U;
  const std::uint64_t s2 = s + carry;
  c += s2 < s ? 1U : 0U;
  carry = c;
  return s2;
}

}  // namespace trig_reduction_impl

/// Payne-Hanek reduction of a finite a >= 1: a = M 2^E with a 64-bit integer M, and
/// a (2/pi) mod 4 = 4 frac(M x 0.b_{E-1} ... b_{E+254}) where b_j are the bits of 2/pi
/// (earlier bits only add multiples of 4; later ones less than 2^-190). The 64 x 256-bit
/// product is exact integer arithmetic; its top two fraction bits give the quadrant, the
/// rest (about 250 bits, of which at most ~70 cancel) gives the reduced argument.
template <std::floating_point W>
constexpr trig_reduction<W> reduce_payne_hanek(W a) noexcept {
  namespace th = trig_reduction_impl;
  constexpr int digits = std::numeric_limits<W>::digits;
  static_assert(digits <= 64, "Payne-Hanek reduction holds the mantissa in 64 bits");
  const auto [m, e] = decompose(a);  // m in [0.5, 1)
  const auto big_m = static_cast<std::uint64_t>(m * pow2<W>(64));  // exact integer
  const long long j0 = static_cast<long long>(e) - 64 - 1;
  std::uint64_t window[4] = {};
  for (int i = 0; i < 4; ++i) window[i] = th::two_over_pi_window(j0 + 64LL * i);
  // P = big_m * window mod 2^256, most significant word first.
  th::u128 prod[4] = {};
  for (int i = 0; i < 4; ++i) prod[i] = th::mul_64x64(big_m, window[i]);
  std::uint64_t p[4] = {};
  p[3] = prod[3].lo;
  unsigned carry = 0;
  p[2] = th::add_carry(prod[3].hi, prod[2].lo, carry);
  p[1] = th::add_carry(prod[2].hi, prod[1].lo, carry);
  p[0] = th::add_carry(prod[1].hi, prod[0].lo, carry);  // the overflow is a multiple of 4
  int quadrant = static_cast<int>(p[0] >> 62U);
  // The fraction of a (2/pi): drop the two quadrant bits.
  for (int i = 0; i < 3; ++i) p[i] = (p[i] << 2U) | (p[i + 1] >> 62U);
  p[3] <<= 2U;
  bool negative = false;
  if ((p[0] >> 63U) != 0) {  // fraction >= 1/2: round the quadrant up, negate the fraction
    quadrant = (quadrant + 1) & 3;
    negative = true;
    unsigned borrow_carry = 1;  // two's complement: ~p + 1
    for (int i = 3; i >= 0; --i) p[i] = th::add_carry(~p[i], 0, borrow_carry);
  }
  // Normalise so that the leading one is the top bit of p[0].
  int shift = 0;
  while (p[0] == 0 && shift < 256) {
    p[0] = p[1];
    p[1] = p[2];
    p[2] = p[3];
    p[3] = 0;
    shift += 64;
  }
  if (p[0] == 0) return {quadrant, W(0), W(0)};
  if (const int lz = std::countl_zero(p[0]); lz != 0) {
    const auto l = static_cast<unsigned>(lz);
    p[0] = (p[0] << l) | (p[1] >> (64U - l));
    p[1] = (p[1] << l) | (p[2] >> (64U - l));
    shift += lz;
  }
  // fraction = (p0 2^-64 + p1 2^-128) 2^-shift, first digits bits exact in hi.
  W hi{};
  W lo{};
  if constexpr (digits == 64) {
    hi = static_cast<W>(p[0]) * pow2<W>(-64);
    lo = static_cast<W>(p[1]) * pow2<W>(-128);
  } else {
    constexpr auto rest = static_cast<unsigned>(64 - digits);
    hi = static_cast<W>(p[0] >> rest) * pow2<W>(-digits);
    const std::uint64_t next = (p[0] << static_cast<unsigned>(digits)) | (p[1] >> rest);
    lo = static_cast<W>(next) * pow2<W>(-digits - 64);
  }
  auto r = dw_mul(fast_two_sum(hi, lo), pio2_dw_v<W>);
  const W scale = pow2<W>(-shift);
  r.hi *= negative ? -scale : scale;
  r.lo *= negative ? -scale : scale;
  return {quadrant, r.hi, r.lo};
}

/// a mod pi/2 for finite a >= 0 as quadrant and double-word remainder.
template <std::floating_point W>
constexpr trig_reduction<W> reduce_half_pi(W a) noexcept {
  if (a < cody_waite_limit_v<W>) return reduce_cody_waite(a);
  return reduce_payne_hanek(a);
}

}  // namespace constgrad::detail
