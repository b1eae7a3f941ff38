// kernels::affine_columns, kernels::affine_rows: z = f(W x + b) on weights laid out ahead of
// time for the forward pass alone (nn::inference), with the bias and the elementwise
// function f fused into the product.
#pragma once

#include <cstddef>

#include "math/detail/lanes.hpp"
#include "pack.hpp"

namespace constgrad::kernels {

/// n rounded up to whole packs of T: the stride of a prepared column or row, and the width of
/// the buffers between prepared layers.
template <class T>
constexpr std::size_t padded(std::size_t n) noexcept {
    return (n + lanes<T> - 1) / lanes<T> * lanes<T>;
}

namespace detail {

// Lanes at or past `used` of the last pack of a padded vector set to +0: the next layer may
// read the padding with pack loads (affine_rows), and f(0) need not be finite (a user's log).
template <class T, std::size_t Used>
[[gnu::always_inline]] inline pack<T> keep_lanes(pack<T> v) noexcept {
    constexpr std::size_t P = lanes<T>;
    if constexpr (Used % P == 0) {
        return v;
    } else {
        uint_t<pack<T>> m{};
        for (std::size_t l = 0; l < Used % P; ++l) m[l] = ~uint_scalar_t<pack<T>>{};
        return select(m, v, pack<T>{});
    }
}

// Packs [First, First + Count) of the outputs: one accumulator pack per output pack and per
// set of inputs. Sets make independent chains: Count · Sets ≥ 8 keeps both FMA pipes busy
// (latency 4); input i goes to set i % Sets, and the sets are added at the end.
template <std::size_t First, std::size_t Count, std::size_t Used, class T, std::size_t In,
          std::size_t Stride, class F>
[[gnu::always_inline]] inline void affine_column_block(const T* wc, const T* x, const T* b, T* z,
                                                       const F& f) noexcept {
    using V = pack<T>;
    constexpr std::size_t P = lanes<T>;
    constexpr std::size_t wanted = Count >= 8 ? 1 : (8 + Count - 1) / Count;
    constexpr std::size_t sets = wanted < In ? wanted : In;
    V acc[sets][Count];
    for (std::size_t s = 0; s < sets; ++s)
        for (std::size_t j = 0; j < Count; ++j) acc[s][j] = V{};
    const auto step = [&](std::size_t s, std::size_t i) {
        const V xv = broadcast(x[i]);
        const T* column = wc + i * Stride + First * P;
        for (std::size_t j = 0; j < Count; ++j) acc[s][j] = fma(load(column + j * P), xv, acc[s][j]);
    };
    constexpr std::size_t full = In / sets * sets;
    for (std::size_t i = 0; i < full; i += sets)
        for (std::size_t s = 0; s < sets; ++s) step(s, i + s);
    if constexpr (full < In)
        for (std::size_t i = full; i < In; ++i) step(0, i);
    for (std::size_t j = 0; j < Count; ++j) {
        V sum = acc[0][j];
        for (std::size_t s = 1; s < sets; ++s) sum += acc[s][j];
        const std::size_t k = (First + j) * P;
        const V y = f(sum + load(b + k));
        if (First + j + 1 == Stride / P)
            store(z + k, keep_lanes<T, Used>(y));
        else
            store(z + k, y);
    }
}

}  // namespace detail

/// z = f(W x + b) for W stored by columns: input i's weights at wc[i·Stride, i·Stride + Out),
/// zeros up to Stride = padded<T>(Out). b and z have Stride elements (b's padding zero); z's
/// padding is written +0. x has In elements, read one at a time (its padding, if any, is not
/// read). f is applied to whole packs. Every output pack is written once, full width, so the
/// next layer's pack loads are forwarded from the stores.
///
/// The product is a sum of columns scaled by x[i]: no horizontal reduction, which is what
/// row-major weights pay per output at batch 1 (kernels::affine). Run time, float or double.
template <std::size_t Out, class T, std::size_t In, std::size_t Stride, class F>
[[gnu::always_inline]] inline void affine_columns(const T* wc, const T* x, const T* b, T* z,
                                                  const F& f) noexcept {
    static_assert(Stride == padded<T>(Out));
    constexpr std::size_t J = Stride / lanes<T>;
    // At most 16 accumulators with 32 vector registers (AVX-512), 8 with 16: wider layers go
    // in blocks of output packs, each reading x again (In loads per block, from L1).
    constexpr std::size_t block = pack_bytes == 64 ? 16 : 8;
    [&]<std::size_t... B>(std::index_sequence<B...>) {
        (detail::affine_column_block<B * block, (J - B * block < block ? J - B * block : block), Out, T, In,
                                     Stride>(wc, x, b, z, f),
         ...);
    }(std::make_index_sequence<(J + block - 1) / block>{});
}

/// z[o] = f(w_o · x + b[o]) for Out rows stored one after another, Stride = padded<T>(In)
/// elements each (zeros past In); x has Stride elements whose padding must be finite (the
/// output of affine_columns, or a zero-filled copy). z has padded<T>(Out) elements, the
/// padding written +0. For layers too narrow to fill a pack of outputs (a network's single
/// output): one dot product per row, folded once. f is applied to scalars.
template <std::size_t Out, class T, std::size_t Stride, class F>
[[gnu::always_inline]] inline void affine_rows(const T* w, const T* x, const T* b, T* z, const F& f) noexcept {
    using V = pack<T>;
    constexpr std::size_t P = lanes<T>;
    constexpr std::size_t chunks = Stride / P;
    constexpr std::size_t sets = chunks < 4 ? chunks : 4;
    for (std::size_t o = 0; o < Out; ++o) {
        V acc[sets];
        for (std::size_t s = 0; s < sets; ++s) acc[s] = V{};
        for (std::size_t c = 0; c < chunks; ++c)
            acc[c % sets] = fma(load(w + o * Stride + c * P), load(x + c * P), acc[c % sets]);
        for (std::size_t s = 1; s < sets; ++s) acc[0] += acc[s];
        z[o] = f(sum_lanes(acc[0]) + b[o]);
    }
    for (std::size_t o = Out; o < padded<T>(Out); ++o) z[o] = T(0);
}

}  // namespace constgrad::kernels
