// kernels::sigmoid: the logistic function 1 / (1 + e^-x) at run time, branch-free.
#pragma once

#include <constgrad/kernels/math/detail/exp_core.hpp>

namespace constgrad::kernels {

/// 1 / (1 + e^-x) lane by lane (V: float, double, or a pack of either, any width), within 4 ulp
/// everywhere: with e = e^-|x| (never overflows), 1 / (1 + e) for x >= 0 and e / (1 + e) for
/// x < 0, so tiny and subnormal results keep their precision. sigmoid(-inf) = 0,
/// sigmoid(+inf) = 1, NaN -> NaN. The scalar form gives exactly a lane of the pack form.
template <class V>
[[gnu::always_inline]] inline V sigmoid(V x) noexcept {
    using c = detail::exp_constants<detail::scalar_t<V>>;
    const V minus_abs = -detail::abs(x);
    const V e = detail::exp_clamped(detail::exp_clamp(minus_abs, c::lo, c::hi));
    const V one = detail::splat<V>(1);
    const V numerator = detail::select(detail::mask_less(x, V{}), e, one);
    const V y = numerator / (one + e);
    return detail::select(detail::mask_nan(x), x + x, y);
}

}  // namespace constgrad::kernels
