// kernels::affine: z = W x + b for a row-major W (the forward product of a dense layer).
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>

#include "detail/packable.hpp"
#include "detail/row_sums.hpp"
#include "pack.hpp"

namespace constgrad::kernels {

namespace detail {

// One accumulator per row is a chain of dependent adds that no compiler reassociates. Here a
// block of rows is accumulated at once, each row in its own pack of partial sums, and
// row_sums folds each lanes<T> rows of the block into one pack, row r in lane r, ready for the
// bias (row by row, the lane sums would cost log2(lanes) shuffles each). Rows left over (Out
// not a multiple of the block) take the same partial sums one row at a time; columns left over
// (In not a multiple of the pack) are added in scalar; rows of fewer than 8 elements stay
// scalar altogether (see below). Measured on a 64x64 product (Zen 4, g++ 12,
// -O3): 49 ns float / 86 ns double with -march=native (Eigen 65 / 94), 206 / 530 ns at the
// x86-64 baseline (Eigen 209 / 525).
template <class T, std::size_t In, std::size_t Out>
[[gnu::always_inline]] inline void affine_packed(const std::array<std::array<T, In>, Out>& w,
                                                 const std::array<T, In>& x,
                                                 const std::array<T, Out>& b,
                                                 std::array<T, Out>& z) noexcept {
    // The widest pack that a row fills (a 10-input row of floats takes 8-lane packs on an
    // AVX-512 target, not 16-lane ones it would leave empty) and, among those, the widest that
    // divides the row, so that no column is left to the scalar tail: a 24-float row on an
    // AVX-512 target takes three 8-lane packs, not one 16-lane pack plus 8 scalar FMAs per row
    // (the LSTM 1 -> 24 recurrent product, 96 x 24).
    constexpr std::size_t row_bytes = In * sizeof(T);
    constexpr std::size_t fit = fitting_bytes<T, In> ? fitting_bytes<T, In> : 16;
    constexpr std::size_t bytes = row_bytes % fit == 0 ? fit
                                  : fit > 32 && row_bytes % 32 == 0 ? 32
                                  : fit > 16 && row_bytes % 16 == 0 ? 16
                                                                    : fit;
    using V = pack_n<T, bytes>;
    constexpr std::size_t P = lanes_of<V>;
    // Rows of fewer than 8 elements stay scalar: their packs would be 16 or 32 bytes, and the
    // next layer's full-width loads of z then span several narrower stores, which the core
    // cannot forward (4-32-32-1 float forward, -march=native: 63 ns with 4-lane rows, 27 ns
    // scalar; 2-16-16-1 double: 44 / 15 ns; 10-64-64-1 float, 8-lane rows: 114 / 173 ns).
    constexpr std::size_t chunks = In >= 8 ? In / P : 0;
    constexpr std::size_t tail = chunks * P;
    // A block takes R = groups·P rows, at least four, so that each load of x serves four rows
    // or more; and eight independent chains (two FMA pipes of latency four; without FMA, two
    // add pipes of latency three), so rows get 8 / R sets of partial sums when R < 8.
    constexpr std::size_t groups = P >= 4 ? 1 : 4 / P;
    constexpr std::size_t R = groups * P;
    constexpr std::size_t wanted = R >= 8 ? 1 : 8 / R;
    constexpr std::size_t sets = wanted < chunks ? wanted : (chunks > 0 ? chunks : 1);
    const std::array<T, In> xs = x;  // a local copy: stores to z cannot alias it
    constexpr std::size_t blocked = chunks > 0 ? Out / R * R : 0;  // rows done a block at a time
    if constexpr (blocked > 0) {
        // The k, g and r loops are unrolled completely (all three are at most 16): then every
        // acc[k][g][r] is a register. Left to itself, g++ 12 keeps the array in memory once
        // this kernel is inlined into a caller's loop over samples (a recurrent layer's
        // step): LSTM 1 -> 24 streaming, -march=native, 14,533 -> 8,318 instructions per
        // sample, 1,204 -> 833 ns.
        for (std::size_t o = 0; o < blocked; o += R) {
            V acc[sets][groups][P];
#pragma GCC unroll 16
            for (std::size_t k = 0; k < sets; ++k)
#pragma GCC unroll 16
                for (std::size_t g = 0; g < groups; ++g)
#pragma GCC unroll 16
                    for (std::size_t r = 0; r < P; ++r) acc[k][g][r] = V{};
            const auto step = [&](std::size_t k, std::size_t c) {
                const V xv = load_n<bytes>(xs.data() + c * P);
#pragma GCC unroll 16
                for (std::size_t g = 0; g < groups; ++g)
#pragma GCC unroll 16
                    for (std::size_t r = 0; r < P; ++r)
                        acc[k][g][r] = fma(load_n<bytes>(w[o + g * P + r].data() + c * P), xv, acc[k][g][r]);
            };
            std::size_t c = 0;
            for (; c + sets <= chunks; c += sets)
#pragma GCC unroll 16
                for (std::size_t k = 0; k < sets; ++k) step(k, c + k);
            for (; c < chunks; ++c) step(0, c);
#pragma GCC unroll 16
            for (std::size_t g = 0; g < groups; ++g) {
#pragma GCC unroll 16
                for (std::size_t k = 1; k < sets; ++k)
#pragma GCC unroll 16
                    for (std::size_t r = 0; r < P; ++r) acc[0][g][r] += acc[k][g][r];
                const std::size_t first = o + g * P;
                V sums = row_sums(acc[0][g]) + load_n<bytes>(b.data() + first);
                if constexpr (tail < In) {
                    T extra[P];
                    for (std::size_t r = 0; r < P; ++r) {
                        T s{};
                        for (std::size_t i = tail; i < In; ++i) s += w[first + r][i] * xs[i];
                        extra[r] = s;
                    }
                    sums += load_n<bytes>(extra);
                }
                store(z.data() + first, sums);
            }
        }
    }
    for (std::size_t o = blocked; o < Out; ++o) {
        T s = b[o];
        if constexpr (chunks > 0) {
            constexpr std::size_t row_sets = chunks < 4 ? chunks : 4;
            V acc[row_sets];
            for (std::size_t k = 0; k < row_sets; ++k) acc[k] = V{};
            for (std::size_t c = 0; c < chunks; ++c)
                acc[c % row_sets] =
                    fma(load_n<bytes>(w[o].data() + c * P), load_n<bytes>(xs.data() + c * P), acc[c % row_sets]);
            for (std::size_t k = 1; k < row_sets; ++k) acc[0] += acc[k];
            s += sum_lanes(acc[0]);
        }
        for (std::size_t i = tail; i < In; ++i) s += w[o][i] * xs[i];
        z[o] = s;
    }
}

}  // namespace detail

/// z = W x + b, with W row-major (`w[o][i]`, Out rows of In); z must not be b. During
/// constant evaluation (and for long double) the plain loop, one sum per row in index order; at run time the blocked
/// vector kernel of detail::affine_packed (another summation order, FMA where the target has
/// it: the two agree within the usual dot-product bound 2·In·u·Σ|w||x|).
///
///     std::array<std::array<double, 2>, 1> w{{{1.0, 2.0}}};
///     std::array<double, 1> z;
///     constgrad::kernels::affine(w, std::array{3.0, 4.0}, std::array{0.5}, z);  // z = {11.5}
template <class T, std::size_t In, std::size_t Out>
constexpr void affine(const std::array<std::array<T, In>, Out>& w, const std::array<T, In>& x,
                      const std::array<T, Out>& b, std::array<T, Out>& z) noexcept {
    if constexpr (detail::packable_v<T>) {
        if (!std::is_constant_evaluated()) {
            detail::affine_packed(w, x, b, z);
            return;
        }
    }
    const std::array<T, In> xs = x;
    std::array<T, Out> result;
    for (std::size_t o = 0; o < Out; ++o) {
        T s{};
        for (std::size_t i = 0; i < In; ++i) s += w[o][i] * xs[i];
        result[o] = s + b[o];
    }
    z = result;
}

}  // namespace constgrad::kernels
