// kernels::gemm: C (=|+=) A B for the small matrices of a batch (B and C row-major, A any strides).
#pragma once

#include <cstddef>

#include "pack.hpp"

namespace constgrad::kernels {

namespace detail {
// GCC 12 folds the loads of B into the FMAs that use them, loading each pack once per row of
// the block instead of once (two loads per FMA: the load ports, not the FMA pipes, then bound
// the product: 75 GFLOP/s instead of 109 on a 64x64x32 float product, Zen 4). An empty asm
// that claims to change the value pins it in a register. Clang keeps it there by itself.
template <class V>
[[gnu::always_inline]] inline V keep_in_register(V v) noexcept {
#if defined(__GNUC__) && !defined(__clang__) && (defined(__x86_64__) || defined(__i386__))
    asm("" : "+x"(v));
#endif
    return v;
}
}  // namespace detail

/// Where an element of A lives: A(m, k) = data[m * Row + k * Column]. Strides let one kernel
/// read W (row-major), Wᵀ (the same storage, strides swapped) and the batch's dZ; they are
/// compile-time so that the addresses are constant offsets.
template <class T, std::size_t Row, std::size_t Column>
struct strided {
    const T* data;
    [[gnu::always_inline]] T operator()(std::size_t m, std::size_t k) const noexcept {
        return data[m * Row + k * Column];
    }
};

/// C[m][:] = Σ_k A(m, k) · B[k][:] for m < M (Accumulate: C += instead of C =), with B an
/// array of K rows of N and C of M rows of N, both row-major and contiguous. Run time only.
///
/// Register blocking: four rows of C by two packs of columns stay in eight accumulators for
/// the whole k loop (eight independent FMA chains, as two pipes of latency four need), each
/// step loading two packs of B and broadcasting four elements of A: 0.75 loads per FMA
/// instead of two for a product by rows. Rows past a multiple of four take one row at a time,
/// columns past a multiple of two packs one pack at a time, and past a multiple of a pack one
/// column at a time (scalar). Measured on a 64x64x32 float product with -march=native
/// (Zen 4): see docs/benchmarks.md, training at batch 32.
template <bool Accumulate, std::size_t M, std::size_t K, std::size_t N, class T, std::size_t Row,
          std::size_t Column>
inline void gemm(strided<T, Row, Column> a, const T* b, T* c) noexcept {
    constexpr std::size_t bytes = fitting_bytes<T, N> ? fitting_bytes<T, N> : 16;
    using V = pack_n<T, bytes>;  // the widest pack a row of B and C fills
    constexpr std::size_t P = lanes_of<V>;
    constexpr std::size_t MR = 4, NR = 2;
    constexpr std::size_t packs = N / P;
    constexpr std::size_t wide = packs / NR * NR;  // packs done two at a time
    constexpr std::size_t rows4 = M / MR * MR;
    const auto finish = [](T* dst, V v) {
        if constexpr (Accumulate) v += load_n<bytes>(dst);
        store(dst, v);
    };
    const auto block = [&]<std::size_t Rows, std::size_t Cols>(std::size_t m, std::size_t col) {
        V acc[Rows][Cols];
        for (std::size_t r = 0; r < Rows; ++r)
            for (std::size_t j = 0; j < Cols; ++j) acc[r][j] = V{};
        for (std::size_t k = 0; k < K; ++k) {
            V bv[Cols];
            for (std::size_t j = 0; j < Cols; ++j) bv[j] = detail::keep_in_register(load_n<bytes>(b + k * N + col + j * P));
            for (std::size_t r = 0; r < Rows; ++r) {
                const V av = broadcast_n<bytes>(a(m + r, k));
                for (std::size_t j = 0; j < Cols; ++j) acc[r][j] = fma(av, bv[j], acc[r][j]);
            }
        }
        for (std::size_t r = 0; r < Rows; ++r)
            for (std::size_t j = 0; j < Cols; ++j) finish(c + (m + r) * N + col + j * P, acc[r][j]);
    };
    for (std::size_t col = 0; col < wide * P; col += NR * P) {
        for (std::size_t m = 0; m < rows4; m += MR) block.template operator()<MR, NR>(m, col);
        for (std::size_t m = rows4; m < M; ++m) block.template operator()<1, NR>(m, col);
    }
    for (std::size_t col = wide * P; col < packs * P; col += P) {
        for (std::size_t m = 0; m < rows4; m += MR) block.template operator()<MR, 1>(m, col);
        for (std::size_t m = rows4; m < M; ++m) block.template operator()<1, 1>(m, col);
    }
    for (std::size_t col = packs * P; col < N; ++col)
        for (std::size_t m = 0; m < M; ++m) {
            T s{};
            for (std::size_t k = 0; k < K; ++k) s += a(m, k) * b[k * N + col];
            if constexpr (Accumulate)
                c[m * N + col] += s;
            else
                c[m * N + col] = s;
        }
}

/// dst[j][i] = src[i][j]: an I x J row-major matrix into a J x I one (a batch between
/// feature-major, what the products want, and sample-major, what the user holds).
template <std::size_t I, std::size_t J, class T>
inline void transpose(const T* src, T* dst) noexcept {
    for (std::size_t i = 0; i < I; ++i)
        for (std::size_t j = 0; j < J; ++j) dst[j * I + i] = src[i * J + j];
}

}  // namespace constgrad::kernels
