// Minimal type lists for the schedule: append, membership, index, element access.
//
// Everything here avoids recursion over the list and fold expressions over its length:
// Clang 14 refuses folds of more than 256 operands and GCC stops at template depth 900,
// while a schedule may hold a few hundred entries. Membership and index are answered by a
// constexpr loop over a bool array (one instantiation per query); element access by
// overload resolution against an indexed base (one instantiation per list).
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

namespace constgrad::detail {

template <class... Ts>
struct type_list {
    static constexpr std::size_t size = sizeof...(Ts);
};

inline constexpr std::size_t npos = static_cast<std::size_t>(-1);

template <class T, class List>
struct index_of;

template <class T, class... Ts>
struct index_of<T, type_list<Ts...>> {
    static constexpr std::size_t value = [] {
        constexpr bool same[] = {false, std::is_same_v<T, Ts>...};
        for (std::size_t i = 0; i < sizeof...(Ts); ++i)
            if (same[i + 1]) return i;
        return npos;
    }();
};

/// Position of T in List, or npos.
template <class T, class List>
inline constexpr std::size_t index_of_v = index_of<T, List>::value;

template <class T, class List>
inline constexpr bool contains_v = index_of_v<T, List> != npos;

template <class List, class T>
struct push_back;

template <class... Ts, class T>
struct push_back<type_list<Ts...>, T> {
    using type = type_list<Ts..., T>;
};

/// List with T appended unless it is already there.
template <class List, class T>
using push_back_unique_t =
    typename std::conditional_t<contains_v<T, List>, std::type_identity<List>, push_back<List, T>>::type;

template <std::size_t I, class T>
struct indexed {
    using type = T;
};

template <class Seq, class... Ts>
struct indexer;

template <std::size_t... Is, class... Ts>
struct indexer<std::index_sequence<Is...>, Ts...> : indexed<Is, Ts>... {};

template <std::size_t I, class T>
indexed<I, T> select(const indexed<I, T>&);

template <std::size_t I, class List>
struct at;

template <std::size_t I, class... Ts>
struct at<I, type_list<Ts...>> {
    using type = typename decltype(select<I>(
        std::declval<indexer<std::index_sequence_for<Ts...>, Ts...>>()))::type;
};

/// The I-th element of List.
template <std::size_t I, class List>
using at_t = typename at<I, List>::type;

}  // namespace constgrad::detail
