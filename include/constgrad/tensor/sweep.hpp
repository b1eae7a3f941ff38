// The forward and reverse sweeps of a tensor formula over fixed slots, unrolled at compile time.
//
// The scalar engine's schedule (schedule/sweep.hpp) one level up. Forward: every entry of
// the graph (detail/graph.hpp, children first, shared sub-formulas once) computes its value
// into its slot from its children's values with its operation's forward rule. Reverse: the
// caller seeds the root's adjoint; walking the entries backwards, each operation adds its
// contribution to each child's adjoint with its reverse rule, only for children that lead to
// a leaf the caller wants (Env::wants). Leaves have no slot: their values and adjoints belong
// to the caller (bindings, a layer's parameters and gradient), so nothing is copied in.
// Two things keep a formula layer as cheap as a hand-written one (a dense layer written as a
// formula runs as fast as nn::dense): only the values some reverse rule reads are kept in the
// state (the cache), the others live in a scratch of the forward sweep; and an adjoint that
// receives a single contribution is written by it, never zeroed first (`assigned`).
// Compile cost: one step function per entry; a layer formula has a handful of entries.
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

#include "../expr/detail/type_list.hpp"
#include "detail/graph.hpp"
#include "detail/slots.hpp"
#include "leaves.hpp"
#include "node.hpp"
#include "shape.hpp"

namespace constgrad::tensor {

namespace detail {

/// The slot of something that has none (a leaf's value, an operation without extra data).
struct no_slot {
    friend constexpr bool operator==(const no_slot&, const no_slot&) = default;
};

template <class Op, class T, class Children, class = void>
struct extra_of {
    using type = no_slot;
};
template <class Op, class T, class... C>
struct extra_of<Op, T, type_list<C...>, std::void_t<typename Op::template extra<T, C...>>> {
    using type = typename Op::template extra<T, C...>;
};

/// What an entry keeps in the forward sweep: its value, and its operation's extra data
/// (act'(a) for apply, softmax(a) for log_softmax), which only reverse rules read.
template <class T, class Node>
struct slot_types {  // a parameter or the input: the caller's
    using value = no_slot;
    using extra = no_slot;
    using adjoint = no_slot;
};
template <class T>
struct slot_types<T, constant> {
    using value = std::array<T, 1>;
    using extra = no_slot;
    using adjoint = no_slot;
};
template <class T, class Op, class... C>
struct slot_types<T, node<Op, C...>> {
    using value = storage_t<T, node<Op, C...>>;
    using extra = typename extra_of<Op, T, type_list<C...>>::type;
    using adjoint = value;
};

/// Whether a node's value depends on a leaf that Env wants the adjoint of.
template <class Env, class N>
struct reaches {
    static constexpr bool value = [] {
        if constexpr (is_named_leaf_v<N>)
            return Env::template wants<N>;
        else
            return false;
    }();
};
template <class Env, class Op, class... C>
struct reaches<Env, node<Op, C...>> {
    static constexpr bool value = (reaches<Env, C>::value || ...);
};

// The constants of a formula, left to right (their indices are the graph's offsets).
template <class N>
constexpr void collect_constants(const N&, double*&) noexcept {}
constexpr void collect_constants(const constant& c, double*& out) noexcept { *out++ = c.value(); }
template <class Op, class... C>
constexpr void collect_constants(const node<Op, C...>& n, double*& out) noexcept;
template <class Op, class... C>
constexpr void collect_constants(const node<Op, C...>& n, double*& out) noexcept {
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        (collect_constants(child<K>(n), out), ...);
    }(std::index_sequence_for<C...>{});
}

/// The parameters and inputs among a graph's entries, in order.
template <class Acc, class... E>
struct collect_leaves {
    using type = Acc;
};
template <class Acc, class E, class... Rest>
struct collect_leaves<Acc, E, Rest...>
    : collect_leaves<std::conditional_t<is_named_leaf_v<typename E::node>,
                                        typename constgrad::detail::push_back<Acc, typename E::node>::type, Acc>,
                     Rest...> {};
template <class Graph>
struct leaves_of;
template <class... E>
struct leaves_of<type_list<E...>> : collect_leaves<type_list<>, E...> {};

/// What an operation's reverse rule reads besides the adjoints: its own value
/// (`Op::reads_output`, e.g. softmax) and its children's values (`Op::reads_children`, a bit
/// per child, e.g. 0b11 for a ⊙ b). Default: nothing (the rule uses its extra slot or no value).
template <class Op>
constexpr bool op_reads_output() noexcept {
    if constexpr (requires { Op::reads_output; })
        return Op::reads_output;
    else
        return false;
}
template <class Op>
constexpr unsigned op_reads_children() noexcept {
    if constexpr (requires { Op::reads_children; })
        return Op::reads_children;
    else
        return 0u;
}

/// kept[i]: whether some reverse rule reads entry i's value, i.e. whether it belongs in the
/// cache. The other values are needed only during the forward sweep (scratch).
template <class Graph>
struct kept_slots;
template <class... E>
struct kept_slots<type_list<E...>> {
    using graph = type_list<E...>;
    template <class Entry>
    static constexpr void mark(std::array<bool, sizeof...(E)>& out, std::size_t i) noexcept {
        if constexpr (is_node_v<typename Entry::node>) {
            using Op = typename Entry::node::operation;
            if (op_reads_output<Op>()) out[i] = true;
            constexpr auto slots = children<graph, Entry>::slots;
            for (std::size_t k = 0; k < slots.size(); ++k)
                if (op_reads_children<Op>() >> k & 1u) out[slots[k]] = true;
        }
    }
    static constexpr std::array<bool, sizeof...(E)> kept = [] {
        std::array<bool, sizeof...(E)> out{};
        std::size_t i = 0;
        (mark<E>(out, i++), ...);
        return out;
    }();
};

/// incoming<Graph, Env>::count[i]: how many contributions entry i's adjoint receives in the
/// reverse sweep (one per edge from an entry that reaches a wanted leaf; x ⊙ x counts twice).
template <class Graph, class Env>
struct incoming;
template <class... E, class Env>
struct incoming<type_list<E...>, Env> {
    using graph = type_list<E...>;
    static constexpr std::size_t n = sizeof...(E);
    static constexpr std::array<bool, n> reached{reaches<Env, typename E::node>::value...};
    template <class Entry>
    static constexpr void add(std::array<unsigned, n>& out, std::size_t i) noexcept {
        if constexpr (is_node_v<typename Entry::node>) {
            if (!reached[i]) return;
            for (std::size_t c : children<graph, Entry>::slots)
                if (reached[c]) ++out[c];
        }
    }
    static constexpr std::array<unsigned, n> count = [] {
        std::array<unsigned, n> out{};
        std::size_t i = 0;
        (add<E>(out, i++), ...);
        return out;
    }();
};

/// Whether the Env's adjoint of Leaf is write-only (a layer's dx), so that a sole contribution
/// may be written instead of added.
template <class Env, class Leaf>
constexpr bool env_fresh() noexcept {
    if constexpr (requires { Env::template fresh<Leaf>; })
        return Env::template fresh<Leaf>;
    else
        return false;
}

/// The value handed to a reverse rule for a slot it does not read (see kept_slots).
inline constexpr no_slot nothing{};

/// Element k of a value in row-major order (a matrix is flattened).
template <class S>
constexpr auto& element(S& s, std::size_t k) noexcept {
    using E = std::remove_cvref_t<decltype(s[0])>;
    if constexpr (std::is_arithmetic_v<E>)
        return s[k];
    else
        return s[k / std::tuple_size_v<E>][k % std::tuple_size_v<E>];
}

}  // namespace detail

/// The compile-time schedule of formula type F: its graph, its slots and its two sweeps.
///
/// An Env gives the leaves: `env.template value<Leaf>()` (const storage_t<T, Leaf>&),
/// `env.template adjoint<Leaf>()` (storage_t<T, Leaf>&, added to) and
/// `Env::template wants<Leaf>` (whether that adjoint is wanted at all).
template <class F>
struct schedule {
    using graph = detail::graph_t<F>;
    static constexpr std::size_t size = graph::size;
    static constexpr std::size_t root = size - 1;

    template <std::size_t I>
    using entry_at = constgrad::detail::at_t<I, graph>;
    template <std::size_t I>
    using node_at = typename entry_at<I>::node;

    /// Whether a reverse rule reads entry I's value (it is then kept in state, else in scratch).
    static constexpr std::array<bool, size> kept = detail::kept_slots<graph>::kept;

private:
    template <class T, class Seq>
    struct slots_of;
    template <class T, std::size_t... I>
    struct slots_of<T, std::index_sequence<I...>> {
        template <std::size_t J>
        using types = detail::slot_types<T, node_at<J>>;
        // Empty slots get a type per index (detail::empty_slot<I>) so that they take no bytes.
        template <std::size_t J, class S>
        using distinct = std::conditional_t<std::is_same_v<S, detail::no_slot>, detail::empty_slot<J>, S>;
        using values = detail::slots_of_t<distinct<I, std::conditional_t<kept[I], typename types<I>::value, detail::no_slot>>...>;
        using scratch = detail::slots_of_t<distinct<I, std::conditional_t<kept[I], detail::no_slot, typename types<I>::value>>...>;
        using extras = detail::slots_of_t<distinct<I, typename types<I>::extra>...>;
        using adjoints = detail::slots_of_t<distinct<I, typename types<I>::adjoint>...>;
    };
    template <class T>
    using slots = slots_of<T, std::make_index_sequence<size>>;

public:
    /// What the reverse sweep reads: the values its rules read (kept) and every operation's
    /// extra slot (act'(a), softmax(a)). A layer's cache.
    template <class T>
    struct state {
        typename slots<T>::values values;
        typename slots<T>::extras extras;
        friend constexpr bool operator==(const state&, const state&) = default;
    };
    /// The values only the forward sweep needs (the root's among them unless a rule reads it).
    template <class T>
    using scratch = typename slots<T>::scratch;
    /// The adjoints of the operations' values (the leaves' belong to the Env).
    template <class T>
    using adjoints = typename slots<T>::adjoints;

    /// The parameters and inputs of F, in order of first appearance (left to right).
    using leaves = typename detail::leaves_of<graph>::type;

    /// Slot indices of entry I's children.
    template <std::size_t I>
    static constexpr auto child_slots = detail::children<graph, entry_at<I>>::slots;

    /// The value of entry I after a forward sweep: a leaf's from the Env, an operation's (or a
    /// constant's) from its slot in s or in scratch.
    template <std::size_t I, class T, class Env>
    static constexpr const auto& value(const state<T>& s, const scratch<T>& sc, const Env& env) noexcept {
        if constexpr (detail::is_named_leaf_v<node_at<I>>)
            return env.template value<node_at<I>>();
        else if constexpr (kept[I])
            return detail::get<I>(s.values);
        else
            return detail::get<I>(sc);
    }

    /// The value of entry I as the reverse sweep sees it: `detail::nothing` when no rule reads it.
    template <std::size_t I, class T, class Env>
    static constexpr const auto& value(const state<T>& s, const Env& env) noexcept {
        if constexpr (detail::is_named_leaf_v<node_at<I>>)
            return env.template value<node_at<I>>();
        else if constexpr (kept[I])
            return detail::get<I>(s.values);
        else
            return detail::nothing;
    }

    /// The adjoint of entry I: a leaf's in the Env, an operation's in `a`.
    template <std::size_t I, class A, class Env>
    static constexpr auto& adjoint(A& a, Env& env) noexcept {
        if constexpr (detail::is_named_leaf_v<node_at<I>>)
            return env.template adjoint<node_at<I>>();
        else
            return detail::get<I>(a);
    }

    /// Forward sweep; Record: also the extra data the reverse sweep reads (act'(a), ...).
    template <bool Record, class T, class Env>
    static constexpr void forward(const F& f, state<T>& s, scratch<T>& sc, const Env& env) noexcept {
        std::array<double, detail::constant_count_v<F> + 1> constants{};
        double* out = constants.data();
        detail::collect_constants(f, out);
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (forward_step<I, Record>(constants, s, sc, env), ...);
        }(std::make_index_sequence<size>{});
    }

    /// Reverse sweep, after seed_and_clear (or with `a` all zero and adjoint<root> seeded):
    /// adds every wanted leaf's adjoint into the Env (writes it when `assigned`).
    template <class T, class A, class Env>
    static constexpr void reverse(const state<T>& s, A& a, Env& env) noexcept {
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (reverse_step<root - I>(s, a, env), ...);
        }(std::make_index_sequence<size>{});
    }

    /// Prepares `a` for reverse(): the root's adjoint = seed (added when the root is a leaf),
    /// every other operation's adjoint that the sweep will add to = 0 (those it writes once,
    /// `assigned`, are left alone). Cheaper than zeroing all of `a` and adding the seed.
    template <class A, class Env, class S>
    static constexpr void seed_and_clear(A& a, Env& env, const S& seed) noexcept {
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (
                [&] {
                    if constexpr (detail::is_node_v<node_at<I>> && reaches<Env, I>) {
                        auto& slot = detail::get<I>(a);
                        if constexpr (I == root)
                            slot = seed;
                        else if constexpr (!assigned<Env, I>)  // written, not added to: no zeroing
                            slot = std::remove_cvref_t<decltype(slot)>{};
                    }
                }(),
                ...);
        }(std::make_index_sequence<size>{});
        if constexpr (detail::is_named_leaf_v<node_at<root>>) {
            auto& leaf = env.template adjoint<node_at<root>>();
            for (std::size_t k = 0; k < seed.size(); ++k) detail::element(leaf, k) += seed[k];
        }
    }

    /// Whether the reverse sweep writes entry I's adjoint instead of adding to it: one
    /// contribution, into an operation's slot or a write-only leaf adjoint (detail::put).
    template <class Env, std::size_t I>
    static constexpr bool assigned = [] {
        if constexpr (detail::is_node_v<node_at<I>>)
            return detail::incoming<graph, Env>::count[I] == 1;
        else if constexpr (detail::is_named_leaf_v<node_at<I>>)
            return detail::env_fresh<Env, node_at<I>>() && detail::incoming<graph, Env>::count[I] == 1;
        else
            return false;
    }();
    /// assigned<Env, slot of Leaf>: then the caller need not zero Leaf's adjoint.
    template <class Env, class Leaf>
    static constexpr bool assigns_leaf =
        assigned<Env, constgrad::detail::index_of_v<detail::entry<Leaf, constgrad::detail::npos>, graph>>;

    /// Whether entry I leads to a leaf that Env wants.
    template <class Env, std::size_t I>
    static constexpr bool reaches = detail::reaches<Env, node_at<I>>::value;

private:
    template <std::size_t I, class T>
    static constexpr auto& slot(state<T>& s, scratch<T>& sc) noexcept {
        if constexpr (kept[I])
            return detail::get<I>(s.values);
        else
            return detail::get<I>(sc);
    }

    template <std::size_t I, bool Record, class C, class T, class Env>
    static constexpr void forward_step(const C& constants, state<T>& s, scratch<T>& sc, const Env& env) noexcept {
        using N = node_at<I>;
        if constexpr (std::is_same_v<N, constant>) {
            slot<I>(s, sc)[0] = static_cast<T>(constants[entry_at<I>::offset]);
        } else if constexpr (detail::is_node_v<N>) {
            [&]<std::size_t... K>(std::index_sequence<K...>) {
                N::operation::template forward<Record>(slot<I>(s, sc), detail::get<I>(s.extras),
                                                       value<child_slots<I>[K]>(s, sc, env)...);
            }(std::make_index_sequence<child_slots<I>.size()>{});
        }
    }

    template <std::size_t I, class T, class A, class Env>
    static constexpr void reverse_step(const state<T>& s, A& a, Env& env) noexcept {
        using N = node_at<I>;
        if constexpr (detail::is_node_v<N> && reaches<Env, I>) {
            [&]<std::size_t... K>(std::index_sequence<K...>) {
                (reverse_child<I, K, child_slots<I>[K]>(s, a, env,
                                                       std::make_index_sequence<child_slots<I>.size()>{}),
                 ...);
            }(std::make_index_sequence<child_slots<I>.size()>{});
        }
    }

    template <std::size_t I, std::size_t K, std::size_t Child, class T, class A, class Env, std::size_t... J>
    static constexpr void reverse_child(const state<T>& s, A& a, Env& env,
                                        std::index_sequence<J...>) noexcept {
        if constexpr (reaches<Env, Child>) {
            node_at<I>::operation::template reverse<K, assigned<Env, Child>>(
                adjoint<Child>(a, env), detail::get<I>(a), value<I>(s, env),
                detail::get<I>(s.extras), value<child_slots<I>[J]>(s, env)...);
        }
    }
};

}  // namespace constgrad::tensor
