// kernels::log: the natural logarithm at run time, branch-free.
#pragma once

#include <constgrad/kernels/math/detail/lanes.hpp>

namespace constgrad::kernels {

namespace detail {
template <class T>
struct log_constants;
template <>
struct log_constants<float> {
    static constexpr float ln2_hi = 0x1.62e4p-1f;  // k ln2_hi is exact for |k| < 2^9
    static constexpr float ln2_lo = 0x1.7f7d1cp-20f;
    static constexpr float shifter = 0x1.8p23f;  // k as float: bits(shifter) + k - shifter
    static constexpr float subnormal_scale = 0x1p24f;
    static constexpr float min_normal = 0x1p-126f;
    static constexpr u32 subnormal_k = 24;
    static constexpr u32 one_bits = 0x3f800000;        // 1.0f
    static constexpr u32 sqrt_half_bits = 0x3f3504f3;  // sqrt(1/2), rounded down
    static constexpr u32 mantissa_mask = 0x007fffff;
    static constexpr int mantissa_bits = 23;
    // log(1 + f) = f - f^2/2 + s (f^2/2 + R), s = f / (2 + f), R = z P(z), z = s^2:
    // the atanh series 2/3 z + 2/5 z^2 + ..., truncated below 1e-9 relative for |s| <= 0.172.
    static constexpr float p[] = {2.0f / 3, 2.0f / 5, 2.0f / 7, 2.0f / 9};
};
template <>
struct log_constants<double> {
    static constexpr double ln2_hi = 0x1.62e42feep-1;  // k ln2_hi is exact for |k| < 2^21
    static constexpr double ln2_lo = 0x1.a39ef35793c76p-33;
    static constexpr double shifter = 0x1.8p52;
    static constexpr double subnormal_scale = 0x1p54;
    static constexpr double min_normal = 0x1p-1022;
    static constexpr u64 subnormal_k = 54;
    static constexpr u64 one_bits = 0x3ff0000000000000;
    static constexpr u64 sqrt_half_bits = 0x3fe6a09e667f3bcd;
    static constexpr u64 mantissa_mask = 0x000fffffffffffff;
    static constexpr int mantissa_bits = 52;
    static constexpr double p[] = {2.0 / 3,  2.0 / 5,  2.0 / 7,  2.0 / 9,  2.0 / 11,
                                   2.0 / 13, 2.0 / 15, 2.0 / 17, 2.0 / 19, 2.0 / 21};
};
}  // namespace detail

/// log(x) lane by lane (V: float, double, or a pack of either, any width), within 4 ulp (measured
/// below 1), subnormal arguments included; log(±0) = -inf, log(x < 0) = NaN, log(+inf) =
/// +inf, NaN -> NaN. The scalar form gives exactly a lane of the pack form.
template <class V>
[[gnu::always_inline]] inline V log(V x) noexcept {
    using T = detail::scalar_t<V>;
    using U = detail::uint_t<V>;
    using c = detail::log_constants<T>;
    // Subnormal (and non-positive) x: scale into the normal range first.
    const U tiny = detail::mask_less(x, detail::splat<V>(c::min_normal));
    const V scaled = detail::select(tiny, x * c::subnormal_scale, x);
    const U k_adjust = tiny & detail::usplat<V>(c::subnormal_k);
    // x = 2^k m, m in [sqrt(1/2), sqrt(2)): shift the exponent field by the offset of sqrt(1/2).
    const U shifted = detail::to_bits(scaled) + detail::usplat<V>(c::one_bits - c::sqrt_half_bits);
    const U k = (shifted >> c::mantissa_bits) - detail::usplat<V>(c::one_bits >> c::mantissa_bits) -
                k_adjust;
    const V m = detail::from_bits<V>((shifted & detail::usplat<V>(c::mantissa_mask)) +
                                     detail::usplat<V>(c::sqrt_half_bits));
    const V kf = detail::from_bits<V>(detail::to_bits(detail::splat<V>(c::shifter)) + k) -
                 detail::splat<V>(c::shifter);

    const V f = m - detail::splat<V>(1);  // exact
    const V half_f = f * T(0.5);
    const V hfsq = half_f * f;
    const V s = f / (detail::splat<V>(2) + f);
    const V z = s * s;
    const V r = z * detail::horner(z, c::p);
    const V tail = s * (hfsq + r);
    const V low = detail::fmadd(kf, detail::splat<V>(c::ln2_lo), tail);
    const V high = kf * c::ln2_hi;
    const V log_m = f - (hfsq - low);
    V y = high + log_m;

    // Special values: +inf and NaN give x itself, x < 0 NaN, ±0 -inf.
    const V inf = detail::splat<V>(__builtin_inf());
    y = detail::select(detail::mask_less(x, inf), y, x + x);
    y = detail::select(detail::mask_less(x, V{}), detail::splat<V>(__builtin_nan("")), y);
    y = detail::select(detail::mask_equal(x, V{}), -inf, y);
    return y;
}

}  // namespace constgrad::kernels
