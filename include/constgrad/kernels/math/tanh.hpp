// kernels::tanh: the hyperbolic tangent at run time, branch-free.
#pragma once

#include <cstddef>
#include <utility>

#include <constgrad/kernels/math/detail/exp_core.hpp>

namespace constgrad::kernels {

namespace detail {
// Below -tanh_clamp<T> (-2|x|), e^(-2|x|) is far below T's precision and tanh(|x|) rounds to 1.
template <class T>
inline constexpr T tanh_clamp = sizeof(T) == 4 ? T(40) : T(80);

// float: tanh(a) = a P(a²) / Q(a²) on [0, 9.02], evaluated in double. The rational, degree 4
// over 4 with P(0) = Q(0) = 1 and positive coefficients (no cancellation), was fitted to
// tanh(a)/a by weighted least squares with Lawson's reweighting towards the minimax relative
// error: 2.2e-8 (0.37 float ulp). In double its own rounding is ~1e-15, so the float result is
// within 0.37 + 0.5 ulp. Above 9.02, tanh rounds to 1 in float. The chain from x to the
// result is two conversions, 5 FMA-deep and one division (~40 cycles with AVX-512, against
// ~80 for the expm1 form below, which has to reduce, run a 7-term polynomial and rescale):
// a network's layer of one pack waits for exactly that chain.
struct tanh_float_rational {
    static constexpr double p[] = {1.0, 0x1.1213b06084550p-3, 0x1.ca6a2d827f0bdp-9,
                                   0x1.5a3403263dab3p-16, 0x1.cbdb66a45c4c5p-27};
    static constexpr double q[] = {1.0, 0x1.de5f256b298bbp-2, 0x1.a8166436354d1p-6,
                                   0x1.58d21deb8ee1ep-12, 0x1.a238735f057d8p-21};
    static constexpr float limit = 9.02f;
};

// a P(a²) / Q(a²) for a in [0, limit], a double or a pack of doubles.
template <class D>
[[gnu::always_inline]] inline D tanh_rational(D a) noexcept {
    const D s = a * a;
    return a * horner(s, tanh_float_rational::p) / horner(s, tanh_float_rational::q);
}

// |tanh(x)| for float lanes, from the clamped |x|: each half of a pack widened to doubles,
// the rational evaluated, narrowed back (one rounding to float per lane).
template <class V>
[[gnu::always_inline]] inline V tanh_float_magnitude(V a) noexcept {
    if constexpr (!lane_traits<V>::is_pack) {
        return static_cast<float>(tanh_rational(static_cast<double>(a)));
    } else {
        constexpr std::size_t L = lanes_of<V>;
        using half = pack_n<float, sizeof(V) / 2>;
        using wide = pack_n<double, sizeof(V)>;
        return [&]<std::size_t... I>(std::index_sequence<I...>) {
            const half lo = __builtin_shufflevector(a, a, I...);
            const half hi = __builtin_shufflevector(a, a, (I + L / 2)...);
            const half r_lo = __builtin_convertvector(tanh_rational(__builtin_convertvector(lo, wide)), half);
            const half r_hi = __builtin_convertvector(tanh_rational(__builtin_convertvector(hi, wide)), half);
            return __builtin_shufflevector(r_lo, r_hi, I..., (I + L / 2)...);
        }(std::make_index_sequence<L / 2>{});
    }
}

// double: with u = e^(-2|x|) - 1 computed without cancellation (expm1), tanh|x| = -u / (2 + u):
// accurate near 0 as well as near 1.
template <class V>
[[gnu::always_inline]] inline V tanh_expm1_magnitude(V x) noexcept {
    using T = scalar_t<V>;
    const V minus_2abs = abs(x) * T(-2);
    const V y = exp_clamp(minus_2abs, -tanh_clamp<T>, T(0));
    // expm1(y) = 2^n (e^r - 1) + (2^n - 1), n <= 0: one rounding at the end.
    const exp_reduction<V> red = exp_reduce(y);
    const V scale = pow2<V>(red.n_bits);
    const V one = splat<V>(1);
    const V u = fmadd(scale, expm1_poly(red.r), scale - one);
    return (V{} - u) / (one + one + u);  // 0 - u: never -0
}
}  // namespace detail

/// tanh(x) lane by lane (V: float, double, or a pack of either, any width), within 4 ulp
/// everywhere, tanh(±0) = ±0, tanh(±inf) = ±1, NaN -> NaN. float: a rational evaluated in
/// double; double: through expm1 (see detail above). The scalar form gives exactly a lane of
/// the pack form.
template <class V>
[[gnu::always_inline]] inline V tanh(V x) noexcept {
    using T = detail::scalar_t<V>;
    V magnitude;
    if constexpr (sizeof(T) == 4) {
        using c = detail::tanh_float_rational;
        // Outside [0, limit) (and for NaN, inf, and finite |x| whose a^8 overflows in double)
        // the rational's value is replaced: the mask is computed beside the chain, not on it.
        const V a = detail::abs(x);
        const auto inside = detail::mask_less(a, detail::splat<V>(c::limit));  // false for NaN
        magnitude = detail::select(inside, detail::tanh_float_magnitude(a), detail::splat<V>(1));
    } else {
        magnitude = detail::tanh_expm1_magnitude(x);
    }
    const V signed_result = detail::from_bits<V>(detail::to_bits(magnitude) |
                                                 (detail::to_bits(x) & detail::sign_bit<V>()));
    return detail::select(detail::mask_nan(x), x + x, signed_result);
}

}  // namespace constgrad::kernels
