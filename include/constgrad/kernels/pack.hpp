// kernels::pack<T>: a SIMD register's worth of T as a GNU vector, with the few operations the
// kernels need (load, store, broadcast, fma, lane sum). GCC 12 and Clang 14 alike.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

namespace constgrad::kernels {

// Why GNU vector extensions: with plain loops GCC 12 vectorises a register-blocked product at
// 14-26% of the core's peak, with these types at 72-97% (DESIGN.md §8), and they need no
// header (<experimental/simd> costs 1.16 s and 252 MB to include). Width: the target's widest
// registers: 64 bytes with AVX-512 (on Zen 4 a 512-bit FMA costs two 256-bit ones, but a
// 64x64 float matrix-vector product, bound by loads, measured 63 ns with 64-byte packs and
// 92 ns with 32-byte ones, Eigen 77 ns), 32 with AVX, 16 otherwise (SSE2, the x86-64 baseline).
#if defined(__AVX512F__)
inline constexpr std::size_t pack_bytes = 64;
#elif defined(__AVX__)
inline constexpr std::size_t pack_bytes = 32;
#else
inline constexpr std::size_t pack_bytes = 16;
#endif

namespace detail {
template <class T, std::size_t Bytes>
struct pack_of {
    using type [[gnu::vector_size(Bytes)]] = T;
    using unaligned [[gnu::vector_size(Bytes), gnu::aligned(alignof(T))]] = T;
};
}  // namespace detail

/// Bytes / sizeof(T) elements of T (float or double) in one vector register, Bytes one of 16,
/// 32, 64 and at most pack_bytes: a narrower pack serves rows shorter than a full one.
template <class T, std::size_t Bytes>
using pack_n = typename detail::pack_of<T, Bytes>::type;

/// One register of T (float or double) at the target's full width: `lanes<T>` elements with
/// elementwise + - * /.
template <class T>
using pack = pack_n<T, pack_bytes>;

/// The element type of a pack.
template <class V>
using lane_type_t = std::remove_cvref_t<decltype(V{}[0])>;

/// Elements in a pack of type V.
template <class V>
inline constexpr std::size_t lanes_of = sizeof(V) / sizeof(lane_type_t<V>);

/// Whether V is pack<float> or pack<double> (full width).
template <class V>
inline constexpr bool is_pack_v = std::is_same_v<V, pack<float>> || std::is_same_v<V, pack<double>>;

/// Elements of T in one pack: 16 floats / 8 doubles with AVX-512, 8 / 4 with AVX, 4 / 2 with SSE2.
template <class T>
inline constexpr std::size_t lanes = pack_bytes / sizeof(T);

/// The widest pack of T, in bytes, that a row of N elements fills at least once (0: none,
/// the row is shorter than 16 bytes and stays scalar).
template <class T, std::size_t N>
inline constexpr std::size_t fitting_bytes =
    N * sizeof(T) >= pack_bytes ? pack_bytes
    : N * sizeof(T) >= 32 && pack_bytes >= 32 ? 32
    : N * sizeof(T) >= 16 ? 16
                          : 0;

/// The pack of Bytes bytes at p (any alignment of T).
template <std::size_t Bytes, class T>
[[gnu::always_inline]] inline pack_n<T, Bytes> load_n(const T* p) noexcept {
    return *reinterpret_cast<const typename detail::pack_of<T, Bytes>::unaligned*>(p);
}

/// The full-width pack at p (any alignment of T).
template <class T>
[[gnu::always_inline]] inline pack<T> load(const T* p) noexcept {
    return load_n<pack_bytes>(p);
}

/// Stores v, a pack of any width, at p (any alignment of T).
template <class T, class V>
    requires std::is_same_v<lane_type_t<V>, T>
[[gnu::always_inline]] inline void store(T* p, V v) noexcept {
    *reinterpret_cast<typename detail::pack_of<T, sizeof(V)>::unaligned*>(p) = v;
}

namespace detail {
template <class V, class T, std::size_t... L>
[[gnu::always_inline]] inline V broadcast_lanes(T x, std::index_sequence<L...>) noexcept {
    return V{((void)L, x)...};
}
}  // namespace detail

/// A pack of Bytes bytes with every lane x. (Not `V{} + x`: 0 + x is not x for x = -0, so
/// the compiler would have to add.)
template <std::size_t Bytes, class T>
[[gnu::always_inline]] inline pack_n<T, Bytes> broadcast_n(T x) noexcept {
    return detail::broadcast_lanes<pack_n<T, Bytes>>(x, std::make_index_sequence<Bytes / sizeof(T)>{});
}

/// A full-width pack with every lane x.
template <class T>
[[gnu::always_inline]] inline pack<T> broadcast(T x) noexcept {
    return broadcast_n<pack_bytes>(x);
}

/// a * b + c lane by lane, one rounding where the target has FMA, for packs of any width.
/// GCC in ISO mode never contracts a*b + c (-ffp-contract=off), and neither compiler has a
/// portable vector fma builtin: the x86 builtins behind __FMA__ / __AVX512F__ are the same in
/// GCC and Clang; elsewhere a multiply and an add.
template <class V>
[[gnu::always_inline]] inline V fma(V a, V b, V c) noexcept {
    [[maybe_unused]] constexpr bool single = sizeof(lane_type_t<V>) == 4;
#if defined(__AVX512F__)
    if constexpr (sizeof(V) == 64) {
        if constexpr (single)
            return __builtin_ia32_vfmaddps512_mask(a, b, c, static_cast<unsigned short>(-1), 4);
        else
            return __builtin_ia32_vfmaddpd512_mask(a, b, c, static_cast<unsigned char>(-1), 4);
    }
#endif
#if defined(__FMA__) && defined(__AVX__)
    if constexpr (sizeof(V) == 32) {
        if constexpr (single)
            return __builtin_ia32_vfmaddps256(a, b, c);
        else
            return __builtin_ia32_vfmaddpd256(a, b, c);
    }
#endif
#if defined(__FMA__)
    if constexpr (sizeof(V) == 16) {
        if constexpr (single)
            return __builtin_ia32_vfmaddps(a, b, c);
        else
            return __builtin_ia32_vfmaddpd(a, b, c);
    }
#endif
    return a * b + c;
}

/// The same for full-width packs with the element type named: fma<float>(a, b, c).
template <class T>
    requires std::is_floating_point_v<T>
[[gnu::always_inline]] inline pack<T> fma(pack<T> a, pack<T> b, pack<T> c) noexcept {
    return fma(a, b, c);  // the overload above, V deduced
}

namespace detail {
template <class V, std::size_t... L>
[[gnu::always_inline]] inline auto lane_halves_sum(V v, std::index_sequence<L...>) noexcept {
    return __builtin_shufflevector(v, v, L...) + __builtin_shufflevector(v, v, (L + sizeof...(L))...);
}
}  // namespace detail

/// Sum of the lanes of a pack of any width: the upper half added to the lower half until one
/// lane is left (log2(lanes) shuffles and adds, all in registers).
template <class V>
[[gnu::always_inline]] inline lane_type_t<V> sum_lanes(V v) noexcept {
    if constexpr (lanes_of<V> == 1)
        return v[0];
    else
        return sum_lanes(detail::lane_halves_sum(v, std::make_index_sequence<lanes_of<V> / 2>{}));
}

/// Sum of the lanes of a full-width pack (pairwise: log2(lanes) shuffles and adds).
template <class T>
[[gnu::always_inline]] inline T lane_sum(pack<T> v) noexcept {
    return sum_lanes(v);
}

}  // namespace constgrad::kernels
