// kernels::transposed_product: dx = Wᵀ dz for a row-major W (the input gradient of a dense layer).
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>

#include "detail/packable.hpp"
#include "pack.hpp"

namespace constgrad::kernels {

namespace detail {

// Row-major W makes Wᵀ dz a sum of scaled rows, dx += dz[o] · W[o][:], with no reduction
// inside a row. The columns are taken in groups of up to eight packs; within a group each
// pack of dx is its own chain, and when a group has fewer than eight packs the rows are dealt
// round-robin to up to four sets of accumulators (summed at the end) so that eight FMAs are
// still in flight. Columns past the last full pack are summed in scalar.
template <class T, std::size_t In, std::size_t Out>
[[gnu::always_inline]] inline void transposed_product_packed(const std::array<std::array<T, In>, Out>& w,
                                                             const std::array<T, Out>& dz,
                                                             std::array<T, In>& dx) noexcept {
    constexpr std::size_t bytes = fitting_bytes<T, In> ? fitting_bytes<T, In> : 16;
    using V = pack_n<T, bytes>;  // the widest pack a row fills
    constexpr std::size_t P = lanes_of<V>;
    constexpr std::size_t chunks = In / P;
    constexpr std::size_t tail = chunks * P;
    constexpr std::size_t group = chunks < 8 ? chunks : 8;
    const std::array<T, Out> d = dz;
    std::array<T, In> result;
    if constexpr (chunks > 0) {
        constexpr std::size_t wanted = (8 + group - 1) / group;
        constexpr std::size_t sets = wanted < 4 ? (wanted < Out ? wanted : Out) : (Out < 4 ? Out : 4);
        for (std::size_t c0 = 0; c0 < chunks; c0 += group) {
            const std::size_t width = chunks - c0 < group ? chunks - c0 : group;
            V acc[sets][group];
            for (std::size_t s = 0; s < sets; ++s)
                for (std::size_t c = 0; c < group; ++c) acc[s][c] = V{};
            std::size_t o = 0;
            for (; o + sets <= Out; o += sets)
                for (std::size_t s = 0; s < sets; ++s) {
                    const V dv = broadcast_n<bytes>(d[o + s]);
                    for (std::size_t c = 0; c < width; ++c)
                        acc[s][c] = fma(load_n<bytes>(w[o + s].data() + (c0 + c) * P), dv, acc[s][c]);
                }
            for (; o < Out; ++o) {
                const V dv = broadcast_n<bytes>(d[o]);
                for (std::size_t c = 0; c < width; ++c)
                    acc[0][c] = fma(load_n<bytes>(w[o].data() + (c0 + c) * P), dv, acc[0][c]);
            }
            for (std::size_t c = 0; c < width; ++c) {
                for (std::size_t s = 1; s < sets; ++s) acc[0][c] += acc[s][c];
                store(result.data() + (c0 + c) * P, acc[0][c]);
            }
        }
    }
    for (std::size_t i = tail; i < In; ++i) {
        T s{};
        for (std::size_t o = 0; o < Out; ++o) s += w[o][i] * d[o];
        result[i] = s;
    }
    dx = result;
}

}  // namespace detail

/// dx = Wᵀ dz, with W row-major (`w[o][i]`). Constant evaluation (and long double): the plain
/// row-by-row loop; run time: detail::transposed_product_packed (same bound as kernels::affine).
///
///     std::array<std::array<double, 2>, 1> w{{{1.0, 2.0}}};
///     std::array<double, 2> dx;
///     constgrad::kernels::transposed_product(w, std::array{3.0}, dx);  // dx = {3, 6}
template <class T, std::size_t In, std::size_t Out>
constexpr void transposed_product(const std::array<std::array<T, In>, Out>& w,
                                  const std::array<T, Out>& dz, std::array<T, In>& dx) noexcept {
    if constexpr (detail::packable_v<T>) {
        if (!std::is_constant_evaluated()) {
            detail::transposed_product_packed(w, dz, dx);
            return;
        }
    }
    const std::array<T, Out> d = dz;
    std::array<T, In> acc{};
    for (std::size_t o = 0; o < Out; ++o)
        for (std::size_t i = 0; i < In; ++i) acc[i] += w[o][i] * d[o];
    dx = acc;
}

}  // namespace constgrad::kernels
