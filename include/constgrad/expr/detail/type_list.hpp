// Minimal type lists for the schedule: append, membership, index, element access.
//
// Everything here avoids recursion over the list and fold expressions over its length:
// Clang 14 refuses folds of more than 256 operands and GCC stops at template depth 900,
// while a schedule may hold a few hundred entries. A list's elements become the bases
// indexed<I, T> of one class; index, membership and element access are then overload
// resolution against those bases, which compilers do natively (a constexpr loop over an
// is_same array per query measured 3x slower to compile).
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

template <std::size_t I, class T>
struct indexed {
    using type = T;
};

template <class Seq, class... Ts>
struct indexer;

template <std::size_t... Is, class... Ts>
struct indexer<std::index_sequence<Is...>, Ts...> : indexed<Is, Ts>... {};

template <class List>
struct indexer_of;

template <class... Ts>
struct indexer_of<type_list<Ts...>> {
    using type = indexer<std::index_sequence_for<Ts...>, Ts...>;
};

template <std::size_t I, class T>
indexed<I, T> select(const indexed<I, T>&);

template <class T, std::size_t I>
std::integral_constant<std::size_t, I> find(const indexed<I, T>&);

template <class T, class Indexer>
concept FindsUniquely = requires(const Indexer& list) { find<T>(list); };

template <class T, class List, class Indexer = typename indexer_of<List>::type>
struct index_of : std::integral_constant<std::size_t, npos> {};

template <class T, class List, class Indexer>
    requires FindsUniquely<T, Indexer>
struct index_of<T, List, Indexer>
    : decltype(find<T>(std::declval<const Indexer&>())) {};

/// Position of T in List (whose elements are distinct), or npos.
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

template <std::size_t I, class List>
struct at;

template <std::size_t I, class... Ts>
struct at<I, type_list<Ts...>> {
    using type =
        typename decltype(select<I>(std::declval<typename indexer_of<type_list<Ts...>>::type>()))::type;
};

/// The I-th element of List.
template <std::size_t I, class List>
using at_t = typename at<I, List>::type;

}  // namespace constgrad::detail
