// kernels::sigmoid_single: the logistic function for float lanes evaluated in float (the
// streaming step's gates), as 0.5 + 0.5·tanh(x / 2) on kernels::tanh_single.
#pragma once

#include <constgrad/kernels/math/detail/lanes.hpp>
#include <constgrad/kernels/math/tanh_single.hpp>

namespace constgrad::kernels {

/// 1 / (1 + e^-x) lane by lane for V = float or a pack of float (any width), evaluated in
/// float as fma(0.5, tanh_single(0.5·x), 0.5): one float rational and one float division per
/// pack, where kernels::sigmoid pays a float exp (reduction, degree-8 polynomial, 2^n built in
/// the exponent) and a division. Measured exhaustively over all 2^32 floats against double
/// 1 / (1 + exp(-x)) (kernels_slow_tests, sigmoid_single_float): absolute error at most
/// 3.02·2^-24 everywhere with FMA, 3.38·2^-24 without (SSE2), i.e. within 3.4 ulp of results in
/// [0.5, 1] (x >= 0), and every result within [0, 1]; for x < 0 the
/// error stays absolute (0.5 + 0.5·t cancels), so results far below 0.5 lose their relative
/// precision and are exactly 0 for x <= -18 (true value < 1.6e-8). A gate multiplies a
/// bounded value, so the absolute error is the one that reaches the state. sigmoid_single(-inf)
/// = 0, (+inf) = 1, (0) = 0.5, NaN -> NaN. The scalar form gives exactly a lane of the pack
/// form. For nn::sequence_inference's float step; kernels::sigmoid (within 4 ulp relative
/// everywhere) keeps every formula's results.
template <class V>
[[gnu::always_inline]] inline V sigmoid_single(V x) noexcept {
    static_assert(sizeof(detail::scalar_t<V>) == 4);  // float lanes only
    const V half = detail::splat<V>(0.5f);
    return detail::fmadd(half, tanh_single(half * x), half);
}

}  // namespace constgrad::kernels
