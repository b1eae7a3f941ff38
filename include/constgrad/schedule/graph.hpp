// The graph of an expression in topological order: what the forward and reverse sweeps walk.
//
// Nodes are listed children first (post-order), each distinct node once. A stateless node
// (variables and literals only) is identified by its type, so a sub-expression written twice
// is one entry. A node holding constants is identified by its type *and* its position: 3 * x
// and 5 * x share a type but not a value. Its position is the index of its first constant in
// the left-to-right list of the tree's constants, which is unique among nodes of one type.
// Cost: one list type per entry and an O(entries) constexpr search per entry, i.e. O(n^2)
// constexpr steps but O(n) template instantiations (300 nodes compile in well under a second).
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>

#include "../expr/detail/expression_traits.hpp"
#include "../expr/detail/type_list.hpp"
#include "../expr/binary.hpp"
#include "../expr/constant.hpp"
#include "../expr/unary.hpp"

namespace constgrad::detail {

/// One node of the graph: its type, and for a stateful node its first constant's index.
template <class Node, std::size_t Offset>
struct entry {
    using node = Node;
    static constexpr std::size_t offset = Offset;
};

template <class Node, std::size_t Offset>
using key_t = entry<Node, is_stateless_v<Node> ? npos : Offset>;

template <class Node, std::size_t Offset, class List>
struct post_order;

template <bool Seen, class Node, std::size_t Offset, class List>
struct post_order_visit {  // a leaf not seen yet
    using type = typename push_back<List, key_t<Node, Offset>>::type;
};

template <class Node, std::size_t Offset, class List>
struct post_order_visit<true, Node, Offset, List> {  // seen: the whole sub-graph is there
    using type = List;
};

template <class Op, class A, std::size_t Offset, class List>
struct post_order_visit<false, unary<Op, A>, Offset, List> {
    using type = typename push_back<typename post_order<A, Offset, List>::type,
                                    key_t<unary<Op, A>, Offset>>::type;
};

template <class Op, class L, class R, std::size_t Offset, class List>
struct post_order_visit<false, binary<Op, L, R>, Offset, List> {
    using with_lhs = typename post_order<L, Offset, List>::type;
    using with_rhs = typename post_order<R, Offset + constant_count_v<L>, with_lhs>::type;
    using type = typename push_back<with_rhs, key_t<binary<Op, L, R>, Offset>>::type;
};

template <class Node, std::size_t Offset, class List>
struct post_order
    : post_order_visit<contains_v<key_t<Node, Offset>, List>, Node, Offset, List> {};

/// The entries of F in topological order; the root is last.
template <class F>
using graph_t = typename post_order<F, 0, type_list<>>::type;

// Stateful entries of one node type may turn out to hold equal constants at run time (the
// same `auto z = 2 * x + 1` used twice); the later one then reuses the earlier one's slot:
// it copies the value (forward) and hands its adjoint over (reverse). Two entries of one
// type are equal when their children are: stateless children are one slot, constant leaves
// are compared bit for bit, stateful children by their representatives (found before, in
// post-order). So each comparison is O(1) with slot indices fixed at compile time: when the
// formula is a compile-time constant the optimiser folds the comparisons and the sharing
// costs nothing at run time; otherwise it costs a few predictable compares per entry.
// (Comparing whole constant lists, with the representative read at run-time indices, cost
// 81 ns against 1.3 ns for the oracle's shared expression: the adjoints left the registers.)
// previous_same[i] chains each stateful entry to the previous entry of its node type (npos
// ends the chain), computed once per graph: one unique list of the stateful node types, one
// type-level lookup per entry and an O(n^2) constexpr loop over small integers.
template <class Graph>
struct same_type_chain;

template <class... Entries>
struct same_type_chain<type_list<Entries...>> {
    template <class Node>
    static constexpr bool shareable_at_run_time =
        !is_stateless_v<Node> && !std::is_same_v<Node, constant>;

    template <class List, class Entry>
    using add_stateful = std::conditional_t<!shareable_at_run_time<typename Entry::node>, List,
                                            push_back_unique_t<List, typename Entry::node>>;

    template <class List, class... Rest>
    struct collect {
        using type = List;
    };
    template <class List, class First, class... Rest>
    struct collect<List, First, Rest...> : collect<add_stateful<List, First>, Rest...> {};

    using stateful_nodes = typename collect<type_list<>, Entries...>::type;

    static constexpr std::array<std::size_t, sizeof...(Entries)> previous_same = [] {
        constexpr std::size_t type_of[] = {npos, index_of_v<typename Entries::node, stateful_nodes>...};
        std::array<std::size_t, sizeof...(Entries)> previous{};
        for (std::size_t i = 0; i < sizeof...(Entries); ++i) {
            previous[i] = npos;
            if (type_of[i + 1] == npos) continue;
            for (std::size_t j = i; j-- > 0;)
                if (type_of[j + 1] == type_of[i + 1]) {
                    previous[i] = j;
                    break;
                }
        }
        return previous;
    }();

    static constexpr bool any = [] {
        for (std::size_t p : previous_same)
            if (p != npos) return true;
        return false;
    }();
};

/// Slot indices of an entry's children (unary: one, binary: two) in Graph.
template <class Graph, class Entry>
struct children;

template <class Graph, class Node, std::size_t Offset>
struct children<Graph, entry<Node, Offset>> {
    static constexpr std::array<std::size_t, 0> slots{};
};

template <class Graph, class Op, class A, std::size_t Offset>
struct children<Graph, entry<unary<Op, A>, Offset>> {
    static constexpr std::array<std::size_t, 1> slots{index_of_v<key_t<A, Offset>, Graph>};
};

template <class Graph, class Op, class L, class R, std::size_t Offset>
struct children<Graph, entry<binary<Op, L, R>, Offset>> {
    static constexpr std::array<std::size_t, 2> slots{
        index_of_v<key_t<L, Offset>, Graph>,
        index_of_v<key_t<R, Offset + constant_count_v<L>>, Graph>};
};

}  // namespace constgrad::detail

namespace constgrad::detail {

// What the reverse sweep needs to know about the graph's edges, computed once per graph by
// constexpr loops over small integers (no types):
// - parent[i]: the one entry whose child a stateful entry is (a stateful sub-expression has
//   one position in the tree, hence one parent); npos for the root and stateless entries.
// - assign[i][k]: entry i's contribution to its k-th child is the first write that can
//   happen to that child's adjoint in the reverse sweep: it is stored, not added to the zero
//   the adjoint starts at (0 + u is not u for u = -0, so the compiler cannot drop that
//   addition itself). If a writer turns out not to write (a reused entry), the adjoint is
//   still 0 for the next, which adds. Only the sign of a zero adjoint can change, and not in
//   the result: variables keep `+=` from +0, so a zero partial is always +0.
template <class Graph>
struct reverse_plan;

template <class... Entries>
struct reverse_plan<type_list<Entries...>> {
    using graph = type_list<Entries...>;
    using chain = same_type_chain<graph>;
    static constexpr std::size_t size = sizeof...(Entries);

    template <std::size_t N>
    static constexpr std::array<std::size_t, 2> padded(const std::array<std::size_t, N>& slots) {
        std::array<std::size_t, 2> out{npos, npos};
        for (std::size_t k = 0; k < N; ++k) out[k] = slots[k];
        return out;
    }
    static constexpr std::array<std::array<std::size_t, 2>, size> child{
        padded(children<graph, Entries>::slots)...};
    // Entries whose reverse step writes into children, and entries that receive an adjoint.
    static constexpr std::array<bool, size> steps{
        (has_variables_v<typename Entries::node> && !is_variable_v<typename Entries::node>)...};
    static constexpr std::array<bool, size> receives{has_variables_v<typename Entries::node>...};
    static constexpr std::array<bool, size> variable{is_variable_v<typename Entries::node>...};
    static constexpr std::array<bool, size> stateless{is_stateless_v<typename Entries::node>...};

    static constexpr std::array<std::size_t, size> parent = [] {
        std::array<std::size_t, size> out{};
        for (auto& p : out) p = npos;
        for (std::size_t i = 0; i < size; ++i)
            for (std::size_t c : child[i])
                if (c != npos && !stateless[c]) out[c] = i;
        return out;
    }();

    struct first_writes {
        std::array<std::array<bool, 2>, size> assign{};
        std::array<std::size_t, size> writer{};
    };
    static constexpr first_writes first = [] {
        first_writes out{};
        for (auto& w : out.writer) w = npos;
        std::array<bool, size> written{};
        const auto mark = [&](std::size_t c, std::size_t i) {
            const bool first_write = !written[c];
            if (first_write) out.writer[c] = i;
            written[c] = true;
            return first_write;
        };
        for (std::size_t i = size; i-- > 0;) {
            if (!steps[i]) continue;
            // A reused entry hands its adjoint to an earlier entry of its type instead.
            for (std::size_t j = chain::previous_same[i]; j != npos; j = chain::previous_same[j])
                mark(j, i);
            for (std::size_t k = 0; k < 2; ++k) {
                const std::size_t c = child[i][k];
                if (c != npos && receives[c] && !variable[c]) out.assign[i][k] = mark(c, i);
            }
        }
        return out;
    }();
    static constexpr std::array<std::array<bool, 2>, size> assign = first.assign;
    // The entry whose reverse step may write an entry's adjoint first (npos: none).
    static constexpr std::array<std::size_t, size> first_writer = first.writer;
};

}  // namespace constgrad::detail
