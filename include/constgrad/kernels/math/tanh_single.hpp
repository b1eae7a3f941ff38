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
    // Where tanh_single clamps x (below tanh_float_rational::limit, 9.02; see tanh_single).
    static constexpr float clamp = 9.0f;
};

}  // namespace detail

namespace detail {

// GCC 12 maps `c < x ? c : x` on packs onto minps only while c is not a known constant: with a
// splatted constant it emits compare, and, andnot, or (checked with objdump, SSE2 and AVX-512).
// An empty asm hides the constant (no instruction; c stays in a register, hoisted out of loops).
// Clang maps both forms onto min/max and needs nothing.
template <class V>
[[gnu::always_inline]] inline void opaque_constant([[maybe_unused]] V& c) noexcept {
#if defined(__GNUC__) && !defined(__clang__) && (defined(__x86_64__) || defined(__i386__))
    if constexpr (lane_traits<V>::is_pack) asm("" : "+v"(c));
#endif
}

// min(x, c) and max(x, c) lane by lane as `c < x ? c : x` and `x < c ? c : x`: one minps /
// maxps on x86, and a NaN x comes out as itself (the comparison is false).
template <class V>
[[gnu::always_inline]] inline V lane_min(V x, V c) noexcept {
    opaque_constant(c);
    return c < x ? c : x;
}
template <class V>
[[gnu::always_inline]] inline V lane_max(V x, V c) noexcept {
    opaque_constant(c);
    return x < c ? c : x;
}

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
    // The rational is odd, so it runs on x itself (no |x|, no sign put back: round to nearest
    // is symmetric, the results are those of |x| with x's sign). x clamped to ±9 first: the
    // rational stays finite (x² overflows past 1.8e19), and at ±9 it rounds to 1 or above in
    // float with and without FMA (1 and 1 + 2^-23), so the cap below makes every |x| >= 9 give
    // exactly ±1 (tanh(9) = 1 - 3.0e-8, 0.51 ulp from 1). The cap also keeps |result| <= 1 near
    // 9, where the Horner steps round separately (no FMA: the rational gave -1 - 2^-23 at -9).
    // NaN passes the min/max as itself. Four min/max where the |x| form paid and, compare,
    // two selects, the sign's and/or and a NaN select: about 14 fewer SSE2 instructions per pack.
    const V limit = detail::splat<V>(c::clamp), one = detail::splat<V>(1);
    const V xc = detail::lane_max(detail::lane_min(x, limit), -limit);
    const V s = xc * xc;
    const V m = xc * detail::horner(s, c::p) / detail::horner(s, c::q);
    return detail::lane_max(detail::lane_min(m, one), -one);
}

}  // namespace constgrad::kernels
