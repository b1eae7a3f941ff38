// The core shared by exp, tanh and sigmoid: x = n ln2 + r with |r| <= ln2/2 (Cody-Waite, by
// the round-to-nearest of a shifted product: no float-to-int conversion), e^r - 1 by a
// polynomial, and 2^n built in the exponent bits.
#pragma once

#include <constgrad/kernels/math/detail/lanes.hpp>

namespace constgrad::kernels::detail {

template <class T>
struct exp_constants;
template <>
struct exp_constants<float> {
    static constexpr float log2e = 0x1.715476p+0f;
    static constexpr float shifter = 0x1.8p23f;    // t = x log2e + shifter holds n in its low bits
    static constexpr float ln2_hi = 0x1.62e4p-1f;  // 9 trailing zero bits: n ln2_hi is exact
    static constexpr float ln2_lo = 0x1.7f7d1cp-20f;
    // e^r - 1 = r + r^2 q(r): Taylor coefficients of q up to r^6 (|error| < 0.1 ulp).
    static constexpr float q[] = {1.0f / 2,   1.0f / 6,    1.0f / 24,   1.0f / 120,
                                  1.0f / 720, 1.0f / 5040, 1.0f / 40320};
    static constexpr int mantissa_bits = 23;
    static constexpr int exponent_bias = 127;
    // exp clamps x to [lo, hi]: e^lo rounds to 0, e^hi overflows, and n stays in [-159, 145],
    // so that 2^n = 2^n1 2^n2 with n1 = floor(n / 2) has both factors normal.
    static constexpr float lo = -110.0f;
    static constexpr float hi = 100.0f;
    static constexpr unsigned n_offset = 160;  // n + n_offset >= 0 over [lo, hi]
    // For n < n_zero, p 2^n < sqrt(2) 2^-152 < 2^-150, half the smallest subnormal: rounds to 0.
    static constexpr float n_zero = -151.5f;
};
template <>
struct exp_constants<double> {
    static constexpr double log2e = 0x1.71547652b82fep+0;
    static constexpr double shifter = 0x1.8p52;
    static constexpr double ln2_hi = 0x1.62e42feep-1;  // 21 trailing zero bits
    static constexpr double ln2_lo = 0x1.a39ef35793c76p-33;
    // q up to r^12 (Taylor, |error| < 0.05 ulp on |r| <= ln2/2).
    static constexpr double q[] = {
        1.0 / 2,         1.0 / 6,          1.0 / 24,         1.0 / 120,     1.0 / 720,
        1.0 / 5040,      1.0 / 40320,      1.0 / 362880,     1.0 / 3628800, 1.0 / 39916800,
        1.0 / 479001600, 1.0 / 6227020800, 1.0 / 87178291200};
    static constexpr int mantissa_bits = 52;
    static constexpr int exponent_bias = 1023;
    static constexpr double lo = -760.0;  // n in [-1097, 1039]
    static constexpr double hi = 720.0;
    static constexpr unsigned n_offset = 1100;
    static constexpr double n_zero = -1076.5;  // p 2^n < sqrt(2) 2^-1077 < 2^-1075
};

/// x = n ln2 + r: r, and n as V (exact integer) and as unsigned lanes (two's complement).
template <class V>
struct exp_reduction {
    V r;
    V n;
    uint_t<V> n_bits;
};

/// For finite x with |x log2e| < 2^21 (callers clamp first).
template <class V>
[[gnu::always_inline]] inline exp_reduction<V> exp_reduce(V x) noexcept {
    using c = exp_constants<scalar_t<V>>;
    const V t = fmadd(x, splat<V>(c::log2e), splat<V>(c::shifter));
    const V n = t - splat<V>(c::shifter);
    const uint_t<V> n_bits = to_bits(t) - to_bits(c::shifter);
    V r = fmadd(-n, splat<V>(c::ln2_hi), x);
    r = fmadd(-n, splat<V>(c::ln2_lo), r);
    return {r, n, n_bits};
}

/// e^r - 1 for |r| <= ln2/2 (about 0.35), within a fraction of an ulp; exact for tiny r.
/// Below tiny_r, r^2 q(r) is under half an ulp of r and is dropped before it is computed:
/// r^2 would be subnormal (or zero by underflow) for the tiniest r, and an instruction whose
/// result underflows is slow on x86 (a microcode assist).
template <class V>
[[gnu::always_inline]] inline V expm1_poly(V r) noexcept {
    using T = scalar_t<V>;
    constexpr T tiny_r = sizeof(T) == 4 ? T(0x1p-30) : T(0x1p-60);
    const V r_poly = select(mask_less(abs(r), splat<V>(tiny_r)), V{}, r);
    const V q = horner(r_poly, exp_constants<T>::q);
    const V r2 = r_poly * r_poly;
    return fmadd(r2, q, r);
}

/// 2^n for n (two's complement lanes) in the normal exponent range.
template <class V>
[[gnu::always_inline]] inline V pow2(uint_t<V> n) noexcept {
    using c = exp_constants<scalar_t<V>>;
    return from_bits<V>((n + usplat<V>(c::exponent_bias)) << c::mantissa_bits);
}

/// e^x for x in [lo, hi] (see exp_constants), NaN excluded; e^lo gives 0 and e^hi +inf.
/// The scale 2^n is applied as two normal factors, so that a subnormal result is rounded once.
template <class V>
[[gnu::always_inline]] inline V exp_clamped(V x) noexcept {
    using c = exp_constants<scalar_t<V>>;
    const exp_reduction<V> red = exp_reduce(x);
    const V p = splat<V>(1) + expm1_poly(red.r);
    // n1 = floor(n / 2) without a signed shift: (n + offset) / 2 - offset / 2, offset even.
    const uint_t<V> n1 = ((red.n_bits + usplat<V>(c::n_offset)) >> 1) - usplat<V>(c::n_offset / 2);
    const uint_t<V> n2 = red.n_bits - n1;
    // Below n_zero the result rounds to +0: multiply by an exact 0 rather than underflow (an
    // underflowing product is slow on x86, and sigmoid(-200) is common in a saturated layer).
    const V scale2 = select(mask_less(red.n, splat<V>(c::n_zero)), V{}, pow2<V>(n2));
    const V half_scaled = p * pow2<V>(n1);
    return half_scaled * scale2;
}

/// Clamps x to [lo, hi] of exp_constants; NaN becomes lo (callers restore NaN).
template <class V>
[[gnu::always_inline]] inline V exp_clamp(V x, scalar_t<V> lo, scalar_t<V> hi) noexcept {
    const V low = splat<V>(lo);
    const V high = splat<V>(hi);
    const V above_low = select(mask_less(low, x), x, low);  // NaN -> lo
    return select(mask_less(high, above_low), high, above_low);
}

}  // namespace constgrad::kernels::detail
