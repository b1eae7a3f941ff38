// Constants of the elementary-function kernels: split ln 2 and pi/2, series coefficients.
#pragma once

#include <concepts>

#include <constgrad/math/detail/double_double.hpp>

namespace constgrad::detail {

// Values were computed with 200+ bits of precision (mpmath) outside this project. The "hi"
// parts are written as hexadecimal literals so they are exact in every supported format;
// the decimal literals carry more digits than any supported format and are rounded once
// by the compiler.

/// ln 2 rounded to 32 significant bits: k * ln2_hi is exact for |k| < 2^21 (binary64).
template <std::floating_point W>
inline constexpr W ln2_hi_v = static_cast<W>(0xb17217f8p-32L);

/// ln 2 - ln2_hi, rounded to W.
template <std::floating_point W>
inline constexpr W ln2_lo_v = static_cast<W>(-4.200915072681084729182343192449986563974e-11L);

/// 1 / ln 2.
template <std::floating_point W>
inline constexpr W inv_ln2_v = static_cast<W>(1.442695040888963407359924681001892137427L);

/// ln 2 as a double word (hi exact with 32 bits, so about 32 + digits bits in total).
template <std::floating_point W>
inline constexpr double_word<W> ln2_dw_v = fast_two_sum(ln2_hi_v<W>, ln2_lo_v<W>);

/// sqrt(1/2): log reduces its argument to [sqrt(1/2), sqrt(2)).
template <std::floating_point W>
inline constexpr W sqrt_half_v = static_cast<W>(0.7071067811865475244008443621048490392848L);

/// pi/2 as a sum of four 30-bit pieces and a full-precision remainder (about 150 + digits
/// bits). k * piece is exact for |k| < 2^(digits - 30), which bounds Cody-Waite reduction.
template <std::floating_point W>
inline constexpr W pio2_piece_v[5] = {
    static_cast<W>(0x3243f6a9p-29L),
    static_cast<W>(-0x3bd2e7b9p-60L),
    static_cast<W>(-0x33b399d7p-91L),
    static_cast<W>(-0x23f91f19p-122L),
    static_cast<W>(-8.722055577284117053928228551744040836626e-38L),
};

/// pi/2 as a double word (sum of the pieces above).
template <std::floating_point W>
inline constexpr double_word<W> pio2_dw_v = dw_add(
    dw_add(dw_add(fast_two_sum(pio2_piece_v<W>[0], pio2_piece_v<W>[1]), pio2_piece_v<W>[2]),
           pio2_piece_v<W>[3]),
    pio2_piece_v<W>[4]);

/// 2 / pi.
template <std::floating_point W>
inline constexpr W two_over_pi_v = static_cast<W>(0.6366197723675813430755350534900574481378L);

/// pi / 4.
template <std::floating_point W>
inline constexpr W pio4_v = static_cast<W>(0.7853981633974483096156608458198757210493L);

/// 1/n! for n = 0 .. 24 (Taylor coefficients of exp, sin and cos).
template <std::floating_point W>
inline constexpr W inv_factorial_v[25] = {
    static_cast<W>(1.0L),
    static_cast<W>(1.0L),
    static_cast<W>(5.0e-1L),
    static_cast<W>(1.66666666666666666666666666667e-1L),
    static_cast<W>(4.16666666666666666666666666667e-2L),
    static_cast<W>(8.33333333333333333333333333333e-3L),
    static_cast<W>(1.38888888888888888888888888889e-3L),
    static_cast<W>(1.98412698412698412698412698413e-4L),
    static_cast<W>(2.48015873015873015873015873016e-5L),
    static_cast<W>(2.7557319223985890652557319224e-6L),
    static_cast<W>(2.7557319223985890652557319224e-7L),
    static_cast<W>(2.50521083854417187750521083854e-8L),
    static_cast<W>(2.08767569878680989792100903212e-9L),
    static_cast<W>(1.60590438368216145993923771702e-10L),
    static_cast<W>(1.14707455977297247138516979787e-11L),
    static_cast<W>(7.64716373181981647590113198579e-13L),
    static_cast<W>(4.77947733238738529743820749112e-14L),
    static_cast<W>(2.81145725434552076319894558301e-15L),
    static_cast<W>(1.56192069685862264622163643501e-16L),
    static_cast<W>(8.22063524662432971695598123687e-18L),
    static_cast<W>(4.11031762331216485847799061844e-19L),
    static_cast<W>(1.95729410633912612308475743735e-20L),
    static_cast<W>(8.8967913924505732867488974425e-22L),
    static_cast<W>(3.86817017063068403771691193152e-23L),
    static_cast<W>(1.6117375710961183490487133048e-24L),
};

/// 1/(2k+1) for k = 0 .. 19 (the atanh series of log), each rounded once, and as double
/// words for the extra-precise logarithm of pow.
template <std::floating_point W>
struct inv_odd_table {
  static constexpr int size = 20;  ///< number of entries
  W value[size] = {};  ///< 1/(2k+1) rounded to W
  double_word<W> dw[size] = {};  ///< 1/(2k+1) to about twice the precision of W
  constexpr inv_odd_table() noexcept {
    for (int k = 0; k < size; ++k) {
      value[k] = W(1) / W(2 * k + 1);
      dw[k] = dw_div(double_word<W>{W(1), W(0)}, double_word<W>{W(2 * k + 1), W(0)});
    }
  }
};

/// 1/(2k+1) for k = 0 .. 19.
template <std::floating_point W>
inline constexpr inv_odd_table<W> inv_odd_v{};

}  // namespace constgrad::detail
