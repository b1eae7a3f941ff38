// kernels::recurrent_columns: z = b + Wx x + Wh h for a recurrent cell's two products on weights
// laid out ahead of time by columns (nn::sequence_inference), summed into one set of
// accumulators: no horizontal reduction, no second pass to add the two products.
#pragma once

#include <array>
#include <cstddef>
#include <utility>

#include "pack.hpp"
#include "prepared_affine.hpp"

// clang 14 outlines the block lambdas below unless told (see recurrent_column_block); g++ 12
// inlines them and was measured slower with the attribute (GRU-16, -march=native).
#if defined(__clang__)
#define CONSTGRAD_COLUMNS_INLINE __attribute__((always_inline))
#else
#define CONSTGRAD_COLUMNS_INLINE
#endif

namespace constgrad::kernels {

namespace detail {

// Output packs [First, First + Count): accumulators start at the bias; x's columns touch packs
// below XPacks only, h's columns packs from HFirst on (the others are zero in the layout, so
// skipping them changes nothing). h's columns go to `sets` independent chains (Count · sets ≥ 8
// keeps both FMA pipes busy at latency 4), added at the end.
template <std::size_t First, std::size_t Count, std::size_t XPacks, std::size_t HFirst, class T,
          std::size_t In, std::size_t Hidden, std::size_t Stride>
[[gnu::always_inline]] inline void recurrent_column_block(const T* wx, const T* x, const T* wh,
                                                          const T* h, const T* b, T* z) noexcept {
    using V = pack<T>;
    constexpr std::size_t P = lanes<T>;
    constexpr std::size_t wanted = Count >= 8 ? 1 : (8 + Count - 1) / Count;
    constexpr std::size_t sets = wanted < Hidden ? wanted : (Hidden > 0 ? Hidden : 1);
    // Every accumulator index a constant (folds over J and S, no loop over them): g++ keeps an
    // array indexed by a loop variable in memory when that loop is not unrolled, and each
    // multiply-add then waits on a store and a load (measured: the SSE2 build's dilated conv
    // step 1.6x slower than kernels::affine by rows). The lambdas are always_inline: clang 14
    // outlined this one, and the accumulators then lived in its caller's frame (load, add,
    // store per multiply-add, the captured pointers reloaded each time; perf annotate of the
    // SSE2 LSTM-24 step, benchmarks/notes.md "round 2").
    V acc[sets][Count];
    [&]<std::size_t... J, std::size_t... S>(std::index_sequence<J...>, std::index_sequence<S...>)
                                             CONSTGRAD_COLUMNS_INLINE {
        ((acc[0][J] = load(b + (First + J) * P)), ...);
        const auto clear = [&]<std::size_t s>() CONSTGRAD_COLUMNS_INLINE {
            if constexpr (s > 0) ((acc[s][J] = V{}), ...);
        };
        (clear.template operator()<S>(), ...);
        if constexpr (In > 0) {
            for (std::size_t i = 0; i < In; ++i) {
                const V xv = broadcast(x[i]);
                ((First + J < XPacks ? (void)(acc[0][J] = fma(load(wx + i * Stride + (First + J) * P), xv,
                                                             acc[0][J]))
                                     : (void)0),
                 ...);
            }
        }
        const auto step = [&]<std::size_t s>(std::size_t i) CONSTGRAD_COLUMNS_INLINE {
            const V hv = broadcast(h[i]);
            ((First + J >= HFirst ? (void)(acc[s][J] = fma(load(wh + i * Stride + (First + J) * P), hv,
                                                          acc[s][J]))
                                  : (void)0),
             ...);
        };
        constexpr std::size_t full = Hidden / sets * sets;
        // Kept rolled under g++ at SSE2 width, as in tap_column_block: unrolled completely
        // (GRU-16: 16 iterations, LSTM 2x8: 8), g++ 12 spilled broadcasts to the stack and
        // emitted the accumulator chains one after the other (benchmarks/notes.md "round 3").
#if defined(__GNUC__) && !defined(__clang__) && !defined(__AVX__)
#pragma GCC unroll 1
#endif
        for (std::size_t i = 0; i < full; i += sets) (step.template operator()<S>(i + S), ...);
        for (std::size_t i = full; i < Hidden; ++i) step.template operator()<0>(i);
        const auto finish = [&]<std::size_t j>() CONSTGRAD_COLUMNS_INLINE {
            V sum = acc[0][j];
            ((S > 0 ? (void)(sum += acc[S][j]) : (void)0), ...);
            store(z + (First + j) * P, sum);
        };
        (finish.template operator()<J>(), ...);
    }(std::make_index_sequence<Count>{}, std::make_index_sequence<sets>{});
}

// sum_of_tap_columns' block: output packs [First, First + Count), the Taps inputs of In values
// each read where they are (taps[k]), columns in the order tap-major (tap k, input i at column
// k·In + i). As recurrent_column_block: constant accumulator indices, `sets` chains.
template <std::size_t First, std::size_t Count, class T, std::size_t In, std::size_t Taps, std::size_t Stride>
[[gnu::always_inline]] inline void tap_column_block(const T* w, const std::array<const T*, Taps>& taps,
                                                    const T* b, T* z) noexcept {
    using V = pack<T>;
    constexpr std::size_t P = lanes<T>;
    constexpr std::size_t wanted = Count >= 8 ? 1 : (8 + Count - 1) / Count;
    constexpr std::size_t sets = wanted < In ? wanted : In;
    V acc[sets][Count];
    [&]<std::size_t... J, std::size_t... S, std::size_t... K>(
        std::index_sequence<J...>, std::index_sequence<S...>, std::index_sequence<K...>)
                                                    CONSTGRAD_COLUMNS_INLINE {
        ((acc[0][J] = load(b + (First + J) * P)), ...);
        const auto clear = [&]<std::size_t s>() CONSTGRAD_COLUMNS_INLINE {
            if constexpr (s > 0) ((acc[s][J] = V{}), ...);
        };
        (clear.template operator()<S>(), ...);
        const auto step = [&]<std::size_t s>(const T* wk, const T* u, std::size_t i) CONSTGRAD_COLUMNS_INLINE {
            const V uv = broadcast(u[i]);
            ((acc[s][J] = fma(load(wk + i * Stride + (First + J) * P), uv, acc[s][J])), ...);
        };
        constexpr std::size_t full = In / sets * sets;
        const auto tap = [&]<std::size_t k>() CONSTGRAD_COLUMNS_INLINE {
            const T* wk = w + k * In * Stride;
            const T* u = taps[k];
            // Kept rolled under g++ at SSE2 width: unrolled completely (8 iterations for In = 16),
            // g++ 12 hoisted the 48 broadcasts to the stack and emitted the accumulator chains one
            // after the other, each a run of 24 dependent adds (latency-bound; objdump of the
            // SSE2 build). With AVX-512 its unrolled code interleaves the chains: left alone.
#if defined(__GNUC__) && !defined(__clang__) && !defined(__AVX__)
#pragma GCC unroll 1
#endif
            for (std::size_t i = 0; i < full; i += sets) (step.template operator()<S>(wk, u, i + S), ...);
            for (std::size_t i = full; i < In; ++i) step.template operator()<0>(wk, u, i);
        };
        (tap.template operator()<K>(), ...);
        const auto finish = [&]<std::size_t j>() CONSTGRAD_COLUMNS_INLINE {
            V sum = acc[0][j];
            ((S > 0 ? (void)(sum += acc[S][j]) : (void)0), ...);
            store(z + (First + j) * P, sum);
        };
        (finish.template operator()<J>(), ...);
    }(std::make_index_sequence<Count>{}, std::make_index_sequence<sets>{}, std::make_index_sequence<Taps>{});
}

}  // namespace detail

/// z = b + Σ_k W_k u_k for Taps input vectors u_k of In values each, read in place at taps[k]
/// (a causal convolution's dilated taps, straight from its ring buffer: no gather into one
/// column), W stored by columns tap-major (tap k, input i's Stride values at
/// w[(k·In + i)·Stride, ...), Stride a multiple of lanes<T>, zeros past the outputs), b and z
/// of Stride elements, z at any alignment. Run time, float or double. The sums of sum_of_columns
/// over the gathered column u[k·In + i] = taps[k][i] (the chains may split them otherwise).
template <std::size_t Stride, class T, std::size_t In, std::size_t Taps>
[[gnu::always_inline]] inline void sum_of_tap_columns(const T* w, const std::array<const T*, Taps>& taps,
                                                      const T* b, T* z) noexcept {
    static_assert(Stride % lanes<T> == 0 && In > 0);
    constexpr std::size_t J = Stride / lanes<T>;
    constexpr std::size_t block = pack_bytes == 64 ? 16 : 8;
    [&]<std::size_t... B>(std::index_sequence<B...>) CONSTGRAD_COLUMNS_INLINE {
        (detail::tap_column_block<B * block, (J - B * block < block ? J - B * block : block), T, In, Taps,
                                  Stride>(w, taps, b, z),
         ...);
    }(std::make_index_sequence<(J + block - 1) / block>{});
}

/// z = b + Wx x + Wh h for Out = Stride outputs (Stride a multiple of lanes<T>), both matrices
/// stored by columns with stride Stride: x's input i at wx[i·Stride, (i+1)·Stride), h's input j
/// at wh[j·Stride, ...). Column entries of x's inputs in packs at or past XPacks, and of h's
/// inputs in packs before HFirst, must be zero: those packs are not read (a GRU's candidate
/// gate takes W_in x and W_hn h apart). b and z have Stride elements. Run time, float or double;
/// every pack of z written once, full width.
///
/// A recurrent cell's step is two matrix-vector products, which row-major weights
/// (kernels::affine) pay with a horizontal sum per output; here each is a sum of columns scaled
/// by a broadcast input, the two summed in the same accumulators.
template <std::size_t Stride, std::size_t XPacks, std::size_t HFirst, class T, std::size_t In,
          std::size_t Hidden>
[[gnu::always_inline]] inline void recurrent_columns(const T* wx, const T* x, const T* wh, const T* h,
                                                     const T* b, T* z) noexcept {
    static_assert(Stride % lanes<T> == 0 && XPacks <= Stride / lanes<T> && HFirst <= Stride / lanes<T>);
    constexpr std::size_t J = Stride / lanes<T>;
    // Accumulators per block as kernels::affine_columns: 16 with 32 vector registers, 8 with 16.
    constexpr std::size_t block = pack_bytes == 64 ? 16 : 8;
    [&]<std::size_t... B>(std::index_sequence<B...>) CONSTGRAD_COLUMNS_INLINE {
        (detail::recurrent_column_block<B * block, (J - B * block < block ? J - B * block : block), XPacks,
                                        HFirst, T, In, Hidden, Stride>(wx, x, wh, h, b, z),
         ...);
    }(std::make_index_sequence<(J + block - 1) / block>{});
}

/// z = b + W u for W stored by columns (input i's Out values at w[i·Stride, ...), Stride a
/// multiple of lanes<T>, zeros past Out), b and z of Stride elements: recurrent_columns with
/// no x part (a causal convolution's step over its taps, nn::conv1d's prepared form).
template <std::size_t Stride, class T, std::size_t N>
[[gnu::always_inline]] inline void sum_of_columns(const T* w, const T* u, const T* b, T* z) noexcept {
    recurrent_columns<Stride, 0, 0, T, 0, N>(nullptr, nullptr, w, u, b, z);
}

}  // namespace constgrad::kernels

#undef CONSTGRAD_COLUMNS_INLINE
