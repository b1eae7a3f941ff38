// kernels::detail::row_sums: lanes<T> packs in, one pack of their lane sums out (a transpose-add).
#pragma once

#include <cstddef>
#include <utility>

#include "../pack.hpp"

namespace constgrad::kernels::detail {

// Summing each accumulator on its own costs log2(lanes) shuffles and adds per row, and the
// results still have to be gathered into a vector. Summing lanes<T> accumulators together as
// a tree costs lanes - 1 shuffle pairs and adds for all of them and leaves row r in lane r.
// At each level two packs a, b become one: `lower` takes the even units of a then the even
// units of b within each block of `units` units, `upper` the odd ones, and lower + upper
// holds both packs' partial sums. The first levels move single elements within 128-bit
// groups (one in-lane shuffle each, vshufps / vunpcklpd), the later ones whole 128-bit groups
// (vshuff32x4 / vperm2f128): cheap shuffles, where an arbitrary two-source permutation
// (vpermt2ps) costs more than the adds. After log2(lanes) levels one pack remains, row r in
// lane r.
constexpr int row_sum_index(std::size_t lane, std::size_t unit, std::size_t units, std::size_t count,
                            bool upper) {
    const std::size_t block = lane / (unit * units), position = lane % (unit * units) / unit,
                      within = lane % unit, half = units / 2;
    const bool from_b = position >= half;
    const std::size_t source_unit = 2 * (from_b ? position - half : position) + (upper ? 1 : 0);
    return static_cast<int>((from_b ? count : 0) + block * unit * units + source_unit * unit + within);
}

template <std::size_t Unit, std::size_t Units, class V, std::size_t... L>
[[gnu::always_inline]] inline V row_sum_step(V a, V b, std::index_sequence<L...>) noexcept {
    constexpr std::size_t n = sizeof...(L);
    return __builtin_shufflevector(a, b, row_sum_index(L, Unit, Units, n, false)...) +
           __builtin_shufflevector(a, b, row_sum_index(L, Unit, Units, n, true)...);
}

// Level `Level` (0-based) of the tree over packs V: elements within 128-bit groups first, then
// 128-bit groups.
template <std::size_t Level, class V, std::size_t Count>
[[gnu::always_inline]] inline void row_sum_level(V (&acc)[Count]) noexcept {
    constexpr std::size_t n = lanes_of<V>;
    constexpr std::size_t group = 16 / sizeof(lane_type_t<V>) < n ? 16 / sizeof(lane_type_t<V>) : n;
    constexpr std::size_t in_group_levels = group == 4 ? 2 : group == 2 ? 1 : 0;
    constexpr bool in_group = Level < in_group_levels;
    constexpr std::size_t unit = in_group ? 1 : group;
    constexpr std::size_t units = in_group ? group : (n / group < 4 ? n / group : 4);
    constexpr std::size_t packs = n >> Level;  // packs left at this level
    for (std::size_t k = 0; k < packs / 2; ++k)
        acc[k] = row_sum_step<unit, units>(acc[2 * k], acc[2 * k + 1], std::make_index_sequence<n>{});
    if constexpr (packs / 2 > 1) row_sum_level<Level + 1>(acc);
}

/// Lane r of the result is the sum of the lanes of acc[r] (packs of any width); acc is
/// clobbered.
template <class V>
[[gnu::always_inline]] inline V row_sums(V (&acc)[lanes_of<V>]) noexcept {
    if constexpr (lanes_of<V> > 1) row_sum_level<0>(acc);
    return acc[0];
}

}  // namespace constgrad::kernels::detail
