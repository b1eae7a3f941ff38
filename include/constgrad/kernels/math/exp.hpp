// kernels::exp: e^x at run time for float, double and their packs, branch-free.
#pragma once

#include <constgrad/kernels/math/detail/exp_core.hpp>

namespace constgrad::kernels {

/// e^x lane by lane (V: float, double, or a pack of either, any width); within 4 ulp, subnormal
/// results rounded once, overflow +inf, exp(-inf) = +0, NaN -> NaN. The scalar form gives
/// exactly a lane of the pack form.
template <class V>
[[gnu::always_inline]] inline V exp(V x) noexcept {
    using c = detail::exp_constants<detail::scalar_t<V>>;
    const V y = detail::exp_clamped(detail::exp_clamp(x, c::lo, c::hi));
    return detail::select(detail::mask_nan(x), x + x, y);
}

}  // namespace constgrad::kernels
