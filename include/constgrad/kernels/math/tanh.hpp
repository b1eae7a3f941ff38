// kernels::tanh: the hyperbolic tangent at run time, branch-free.
#pragma once

#include <constgrad/kernels/math/detail/exp_core.hpp>

namespace constgrad::kernels {

namespace detail {
// Below -tanh_clamp<T> (-2|x|), e^(-2|x|) is far below T's precision and tanh(|x|) rounds to 1.
template <class T>
inline constexpr T tanh_clamp = sizeof(T) == 4 ? T(40) : T(80);
}  // namespace detail

/// tanh(x) lane by lane (V: float, double, or a pack of either, any width), within 4 ulp
/// everywhere, tanh(±0) = ±0, tanh(±inf) = ±1, NaN -> NaN. With u = e^(-2|x|) - 1 computed
/// without cancellation (expm1), tanh|x| = -u / (2 + u): accurate near 0 as well as near 1.
/// The scalar form gives exactly a lane of the pack form.
template <class V>
[[gnu::always_inline]] inline V tanh(V x) noexcept {
    using T = detail::scalar_t<V>;
    const V minus_2abs = detail::abs(x) * T(-2);
    const V y = detail::exp_clamp(minus_2abs, -detail::tanh_clamp<T>, T(0));
    // expm1(y) = 2^n (e^r - 1) + (2^n - 1), n <= 0: one rounding at the end.
    const detail::exp_reduction<V> red = detail::exp_reduce(y);
    const V scale = detail::pow2<V>(red.n_bits);
    const V one = detail::splat<V>(1);
    const V u = detail::fmadd(scale, detail::expm1_poly(red.r), scale - one);
    const V magnitude = (V{} - u) / (one + one + u);  // 0 - u: never -0
    const V signed_result = detail::from_bits<V>(detail::to_bits(magnitude) |
                                                 (detail::to_bits(x) & detail::sign_bit<V>()));
    return detail::select(detail::mask_nan(x), x + x, signed_result);
}

}  // namespace constgrad::kernels
