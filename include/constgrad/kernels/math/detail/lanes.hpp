// The few operations kernels/math needs on both a scalar (float, double) and a pack of it,
// spelled once so that every function is one template: the scalar instantiation performs the
// same IEEE operations in the same order as each lane of the pack one (bit-for-bit equal).
#pragma once

#include <constgrad/kernels/pack.hpp>

namespace constgrad::kernels::detail {

// Fixed-width unsigned integers without <cstdint> (every network TU includes these headers).
using u32 = __UINT32_TYPE__;
using u64 = __UINT64_TYPE__;
static_assert(sizeof(u32) == 4 && sizeof(u64) == 8);

// scalar: the element type; uint: an unsigned integer of the same width (per lane);
// is_pack: whether V is a pack. Any pack width (pack_n<T, Bytes>) is served by the primary
// template; the scalars are specialised.
template <class V>
struct lane_traits {
    using scalar = lane_type_t<V>;
    using uint [[gnu::vector_size(sizeof(V))]] = typename lane_traits<scalar>::uint;
    static constexpr bool is_pack = true;
};
template <>
struct lane_traits<float> {
    using scalar = float;
    using uint = u32;
    static constexpr bool is_pack = false;
};
template <>
struct lane_traits<double> {
    using scalar = double;
    using uint = u64;
    static constexpr bool is_pack = false;
};

template <class V>
using scalar_t = typename lane_traits<V>::scalar;
/// Unsigned lanes of V's width; also the type of a mask (all ones = true, zero = false).
template <class V>
using uint_t = typename lane_traits<V>::uint;
/// The scalar unsigned type of one lane.
template <class V>
using uint_scalar_t = typename lane_traits<scalar_t<V>>::uint;

template <class V>
[[gnu::always_inline]] inline uint_t<V> usplat(uint_scalar_t<V> c) noexcept {
    if constexpr (lane_traits<V>::is_pack)
        return uint_t<V>{} + c;
    else
        return c;
}

/// c in every lane, bit for bit (V{} + c would turn -0 into +0).
template <class V>
[[gnu::always_inline]] inline V splat(scalar_t<V> c) noexcept {
    if constexpr (lane_traits<V>::is_pack)
        return __builtin_bit_cast(V, usplat<V>(__builtin_bit_cast(uint_scalar_t<V>, c)));
    else
        return c;
}

template <class V>
[[gnu::always_inline]] inline uint_t<V> to_bits(V x) noexcept {
    return __builtin_bit_cast(uint_t<V>, x);
}

template <class V>
[[gnu::always_inline]] inline V from_bits(uint_t<V> u) noexcept {
    return __builtin_bit_cast(V, u);
}

// Comparisons as masks. A NaN operand gives false, as with the operators.
template <class V>
[[gnu::always_inline]] inline uint_t<V> mask_less(V a, V b) noexcept {
    if constexpr (lane_traits<V>::is_pack)
        return __builtin_bit_cast(uint_t<V>, a < b);
    else
        return uint_t<V>{0} - static_cast<uint_t<V>>(a < b);
}

template <class V>
[[gnu::always_inline]] inline uint_t<V> mask_equal(V a, V b) noexcept {
    if constexpr (lane_traits<V>::is_pack)
        return __builtin_bit_cast(uint_t<V>, a == b);
    else
        return uint_t<V>{0} - static_cast<uint_t<V>>(a == b);
}

/// All ones where x is NaN.
template <class V>
[[gnu::always_inline]] inline uint_t<V> mask_nan(V x) noexcept {
    if constexpr (lane_traits<V>::is_pack)
        return __builtin_bit_cast(uint_t<V>, x != x);
    else
        return uint_t<V>{0} - static_cast<uint_t<V>>(x != x);
}

/// Lane by lane: a where m is all ones, b where it is zero (bitwise, no branch).
template <class V>
[[gnu::always_inline]] inline V select(uint_t<V> m, V a, V b) noexcept {
    return from_bits<V>((m & to_bits(a)) | (~m & to_bits(b)));
}

/// a * b + c: one rounding where the target has FMA, two otherwise; the scalar form rounds
/// exactly as a lane of kernels::fma.
template <class V>
[[gnu::always_inline]] inline V fmadd(V a, V b, V c) noexcept {
    if constexpr (lane_traits<V>::is_pack) {
        return kernels::fma(a, b, c);
    } else {
#if defined(__FMA__)
        if constexpr (sizeof(V) == 4)
            return __builtin_fmaf(a, b, c);
        else
            return __builtin_fma(a, b, c);
#else
        const V product = a * b;
        return product + c;
#endif
    }
}

template <class V>
[[gnu::always_inline]] inline uint_scalar_t<V> sign_bit() noexcept {
    return uint_scalar_t<V>{1} << (sizeof(scalar_t<V>) * 8 - 1);
}

/// |x| (clears the sign bit).
template <class V>
[[gnu::always_inline]] inline V abs(V x) noexcept {
    return from_bits<V>(to_bits(x) & ~sign_bit<V>());
}

/// Horner's scheme from coefficient I on: c[I] + x (c[I + 1] + x (...)), with fused steps,
/// unrolled at compile time (GCC -O2 does not unroll the loop form).
template <std::size_t I = 0, class V, std::size_t N>
[[gnu::always_inline]] inline V horner(V x, const scalar_t<V> (&c)[N]) noexcept {
    if constexpr (I + 1 == N)
        return splat<V>(c[I]);
    else
        return fmadd(horner<I + 1>(x, c), x, splat<V>(c[I]));
}

}  // namespace constgrad::kernels::detail
