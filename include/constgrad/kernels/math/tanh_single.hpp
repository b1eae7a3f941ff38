// kernels::tanh_single: tanh for float lanes evaluated in float (the streaming step's tanh).
#pragma once

#include <constgrad/kernels/math/detail/lanes.hpp>
#include <constgrad/kernels/math/tanh.hpp>

namespace constgrad::kernels {

namespace detail {

// kernels::tanh's rational for float (tanh_float_rational: a P(a²) / Q(a²), 0.37 ulp from
// tanh(a) on [0, 9.02]) with its coefficients rounded to float and evaluated in float: no
// widening to double, no double division (with AVX-512 one float division per 16 lanes instead
// of two double divisions per 8 and four conversions). P's and Q's coefficients are positive
// and a² >= 0, so the Horner steps do not cancel; the error is the rational's own plus the
// rounding of the coefficients, the two Horner chains, the product and the division.
struct tanh_single_rational {
    static constexpr float p[] = {1.0f, static_cast<float>(tanh_float_rational::p[1]),
                                  static_cast<float>(tanh_float_rational::p[2]),
                                  static_cast<float>(tanh_float_rational::p[3]),
                                  static_cast<float>(tanh_float_rational::p[4])};
    static constexpr float q[] = {1.0f, static_cast<float>(tanh_float_rational::q[1]),
                                  static_cast<float>(tanh_float_rational::q[2]),
                                  static_cast<float>(tanh_float_rational::q[3]),
                                  static_cast<float>(tanh_float_rational::q[4])};
};

}  // namespace detail

/// tanh(x) lane by lane for V = float or a pack of float (any width), evaluated in float:
/// within 5.3 ulp of tanh over all 2^32 floats (measured exhaustively against double
/// std::tanh: 5.30 ulp at x = 8.53, 3.4 ulp below 1; see docs/reference.md),
/// against kernels::tanh's 0.87; |tanh_single(x)| <= 1; tanh(±0) = ±0, tanh(±inf) = ±1,
/// NaN -> NaN. For the streaming step of nn::sequence_inference, where a pack of tanh waits on
/// the divisions; kernels::tanh (and every formula) keeps its own results. The scalar form
/// gives exactly a lane of the pack form.
template <class V>
[[gnu::always_inline]] inline V tanh_single(V x) noexcept {
    static_assert(sizeof(detail::scalar_t<V>) == 4);  // float lanes only
    using c = detail::tanh_single_rational;
    const V a = detail::abs(x);
    const auto inside = detail::mask_less(a, detail::splat<V>(detail::tanh_float_rational::limit));
    // Clamped so that the rational stays finite for |x| beyond the limit (its value is replaced).
    const V ac = detail::select(inside, a, detail::splat<V>(1));
    const V s = ac * ac;
    const V m = ac * detail::horner(s, c::p) / detail::horner(s, c::q);
    // m can round above 1 near the limit where the Horner steps round separately (no FMA: the
    // SSE2 build gave tanh_single(-9) = -1 - 2^-23, and so sigmoid_single(-18) < 0): capped at 1,
    // one compare and one and.
    const V one = detail::splat<V>(1);
    const V magnitude = detail::select(inside & detail::mask_less(m, one), m, one);
    const V signed_result = detail::from_bits<V>(detail::to_bits(magnitude) |
                                                 (detail::to_bits(x) & detail::sign_bit<V>()));
    return detail::select(detail::mask_nan(x), x + x, signed_result);
}

}  // namespace constgrad::kernels
