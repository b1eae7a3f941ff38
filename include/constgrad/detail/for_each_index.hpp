// Unrolled loops over compile-time index ranges, in blocks small enough to fold.
//
// A single fold over N indices breaks Clang 14 beyond 256 operands (-fbracket-depth), so the
// range is split in halves until a block holds at most 64 indices; the recursion depth is
// only log2(N / 64). for_each_block hands each block's bounds to the caller, who folds over
// the block itself (one instantiation per block, not per index: the sweeps of schedule/ use
// it that way); for_each_index folds over single indices.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

namespace constgrad::detail {

template <std::size_t I>
using index_t = std::integral_constant<std::size_t, I>;

inline constexpr std::size_t fold_block = 64;

/// Calls f(index_t<B>{}, index_t<E>{}) for consecutive blocks [B, E) covering [Begin, End),
/// each of at most 64 indices, in increasing order (decreasing when Reverse).
template <std::size_t Begin, std::size_t End, bool Reverse = false, class F>
constexpr void for_each_block(F&& f) {
    if constexpr (End - Begin <= fold_block) {
        f(index_t<Begin>{}, index_t<End>{});
    } else {
        constexpr std::size_t mid = Begin + (End - Begin) / 2;
        if constexpr (Reverse) {
            for_each_block<mid, End, Reverse>(f);
            for_each_block<Begin, mid, Reverse>(f);
        } else {
            for_each_block<Begin, mid, Reverse>(f);
            for_each_block<mid, End, Reverse>(f);
        }
    }
}

/// Calls f(index_t<I>{}) for I = Begin, ..., End - 1, in that order.
template <std::size_t Begin, std::size_t End, class F>
constexpr void for_each_index(F&& f) {
    for_each_block<Begin, End>([&](auto begin, auto end) {
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (f(index_t<begin() + I>{}), ...);
        }(std::make_index_sequence<end() - begin()>{});
    });
}

}  // namespace constgrad::detail
