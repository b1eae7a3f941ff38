// The graph of a tensor formula in topological order: what the forward and reverse sweeps walk.
//
// The scalar engine's schedule (schedule/graph.hpp) one level up: distinct nodes children
// first (post-order), a sub-formula written twice is one entry when it holds no constant
// (identified by its type), and a node holding constants is identified by its type and the
// index of its first constant (2 * v and 3 * v share a type, not a value). A layer formula has
// a handful of nodes, so plain type recursion is cheap: O(n) list types, O(n^2) lookups.
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

#include "../../expr/detail/type_list.hpp"
#include "../node.hpp"

namespace constgrad::tensor::detail {

using constgrad::detail::npos;
using constgrad::detail::type_list;

/// One entry of the graph: a node and, when it holds constants, its first constant's index.
template <class Node, std::size_t Offset>
struct entry {
    using node = Node;
    static constexpr std::size_t offset = Offset;
};

template <class Node, std::size_t Offset>
using key_t = entry<Node, constant_count_v<Node> == 0 ? npos : Offset>;

template <class Node, std::size_t Offset, class List>
struct post_order;

template <std::size_t Offset, class List, class... Children>
struct post_order_children {
    using type = List;
};
template <std::size_t Offset, class List, class First, class... Rest>
struct post_order_children<Offset, List, First, Rest...>
    : post_order_children<Offset + constant_count_v<First>,
                          typename post_order<First, Offset, List>::type, Rest...> {};

template <bool Seen, class Node, std::size_t Offset, class List>
struct post_order_visit {  // a leaf not seen yet
    using type = typename constgrad::detail::push_back<List, key_t<Node, Offset>>::type;
};
template <class Node, std::size_t Offset, class List>
struct post_order_visit<true, Node, Offset, List> {  // seen: its whole sub-graph is there
    using type = List;
};
template <class Op, class... C, std::size_t Offset, class List>
struct post_order_visit<false, node<Op, C...>, Offset, List> {
    using type = typename constgrad::detail::push_back<
        typename post_order_children<Offset, List, C...>::type, key_t<node<Op, C...>, Offset>>::type;
};

template <class Node, std::size_t Offset, class List>
struct post_order : post_order_visit<constgrad::detail::contains_v<key_t<Node, Offset>, List>, Node,
                                     Offset, List> {};

/// The entries of formula F in topological order; the root is last.
template <class F>
using graph_t = typename post_order<F, 0, type_list<>>::type;

/// Slot indices of an entry's children in Graph.
template <class Graph, class Entry>
struct children {
    static constexpr std::array<std::size_t, 0> slots{};
};
template <class Graph, class Op, class... C, std::size_t Offset>
struct children<Graph, entry<node<Op, C...>, Offset>> {
    // Child k's first constant follows those of children 0..k-1 (npos: a stateless node,
    // whose children are stateless too, so their keys do not depend on it).
    static constexpr std::array<std::size_t, sizeof...(C)> offsets = [] {
        constexpr std::size_t counts[] = {constant_count_v<C>...};
        std::array<std::size_t, sizeof...(C)> out{};
        std::size_t o = Offset == npos ? 0 : Offset;
        for (std::size_t k = 0; k < sizeof...(C); ++k) {
            out[k] = o;
            o += counts[k];
        }
        return out;
    }();
    template <std::size_t... I>
    static constexpr std::array<std::size_t, sizeof...(C)> find(std::index_sequence<I...>) noexcept {
        return {constgrad::detail::index_of_v<
            key_t<constgrad::detail::at_t<I, type_list<C...>>, offsets[I]>, Graph>...};
    }
    static constexpr std::array<std::size_t, sizeof...(C)> slots = find(std::index_sequence_for<C...>{});
};

}  // namespace constgrad::tensor::detail
