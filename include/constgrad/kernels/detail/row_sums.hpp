// kernels::detail::row_sums: lanes<T> packs in, one pack of their lane sums out (a transpose-add).
#pragma once

#include <cstddef>
#include <utility>

#include "../pack.hpp"

namespace constgrad::kernels::detail {

// Summing each accumulator on its own costs log2(lanes) shuffles and adds per row, and the
// results still have to be gathered into a vector. Summing lanes<T> accumulators together as
// a tree costs lanes - 1 shuffle pairs and adds for all of them and leaves row r in lane r:
// at level `half`, lane L of the result takes, from the first operand for L's lower half of
// each 2*half block and from the second for the upper half, the sum of two lanes `half`
// apart. After log2(lanes) levels one pack remains.
constexpr int row_sum_index(std::size_t lane, std::size_t half, std::size_t count, bool upper) {
    const std::size_t block = lane / (2 * half), offset = lane % (2 * half);
    const std::size_t source = offset < half ? block * 2 * half + offset
                                             : count + block * 2 * half + (offset - half);
    return static_cast<int>(source + (upper ? half : 0));
}

template <std::size_t Half, class V, std::size_t... L>
[[gnu::always_inline]] inline V row_sum_step(V a, V b, std::index_sequence<L...>) noexcept {
    constexpr std::size_t n = sizeof...(L);
    return __builtin_shufflevector(a, b, row_sum_index(L, Half, n, false)...) +
           __builtin_shufflevector(a, b, row_sum_index(L, Half, n, true)...);
}

template <std::size_t Half, class V, std::size_t Count>
[[gnu::always_inline]] inline void row_sum_level(V (&acc)[Count]) noexcept {
    for (std::size_t k = 0; k < Count / (2 * Half); ++k)
        acc[k] = row_sum_step<Half>(acc[2 * k], acc[2 * k + 1], std::make_index_sequence<lanes_of<V>>{});
    if constexpr (2 * Half < lanes_of<V>) row_sum_level<2 * Half>(acc);
}

/// Lane r of the result is the sum of the lanes of acc[r] (packs of any width); acc is
/// clobbered.
template <class V>
[[gnu::always_inline]] inline V row_sums(V (&acc)[lanes_of<V>]) noexcept {
    row_sum_level<1>(acc);
    return acc[0];
}

}  // namespace constgrad::kernels::detail
