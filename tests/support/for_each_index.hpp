// Unrolled loops over compile-time index ranges, forwards and backwards.
//
// A single fold over N indices breaks Clang 14 beyond 256 operands (-fbracket-depth), so the
// range is split in halves until a block of at most 64 indices is folded; the recursion depth
// is only log2(N / 64).
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

namespace constgrad::detail {

template <std::size_t I>
using index_t = std::integral_constant<std::size_t, I>;

/// Calls f(index_t<I>{}) for I = Begin, ..., End - 1, in that order.
template <std::size_t Begin, std::size_t End, class F>
constexpr void for_each_index(F&& f) {
    if constexpr (End - Begin <= 64) {
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (f(index_t<Begin + I>{}), ...);
        }(std::make_index_sequence<End - Begin>{});
    } else {
        constexpr std::size_t mid = Begin + (End - Begin) / 2;
        for_each_index<Begin, mid>(f);
        for_each_index<mid, End>(f);
    }
}

/// Calls f(index_t<I>{}) for I = End - 1, ..., Begin, in that order.
template <std::size_t Begin, std::size_t End, class F>
constexpr void for_each_index_reverse(F&& f) {
    if constexpr (End - Begin <= 64) {
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (f(index_t<End - 1 - I>{}), ...);
        }(std::make_index_sequence<End - Begin>{});
    } else {
        constexpr std::size_t mid = Begin + (End - Begin) / 2;
        for_each_index_reverse<mid, End>(f);
        for_each_index_reverse<Begin, mid>(f);
    }
}

}  // namespace constgrad::detail
