// The forward and reverse sweeps over an expression's graph, unrolled at compile time.
//
// Forward: every entry of graph_t<F> computes its value into a fixed slot from its
// children's slots, in topological order. Reverse: the root's adjoint is 1; walking the
// entries backwards, each adds adjoint * (local derivative) into its children's adjoints.
// The local derivatives are the rules of rules/, evaluated on the slots' numbers. Entries
// whose sub-graph holds no variable get no reverse step. No heap, no virtual call, no tape:
// the whole schedule is a fixed sequence of inlined statements.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "../expr/detail/expression_traits.hpp"
#include "../expr/detail/type_list.hpp"
#include "../expr/binary.hpp"
#include "../expr/binding.hpp"
#include "../expr/constant.hpp"
#include "../expr/evaluate.hpp"
#include "../expr/literal.hpp"
#include "../expr/unary.hpp"
#include "../expr/variable.hpp"
#include "../rules/derivative.hpp"
#include "graph.hpp"

namespace constgrad::detail {

// Stand-ins for the operands and the result when a rule is evaluated on numbers.
inline constexpr variable<"$a"> operand_a{};
inline constexpr variable<"$b"> operand_b{};
inline constexpr variable<"$r"> result_r{};

template <class Node>
struct operation;
template <class Op, class A>
struct operation<unary<Op, A>> {
    using type = Op;
};
template <class Op, class L, class R>
struct operation<binary<Op, L, R>> {
    using type = Op;
};
/// The operation of a unary or binary node.
template <class Node>
using operation_t = typename operation<Node>::type;

template <class Node>
constexpr void collect_constants(const Node&, double*&) noexcept {}
constexpr void collect_constants(const constant& node, double*& out) noexcept { *out++ = node.value; }
template <class Op, class A>
constexpr void collect_constants(const unary<Op, A>& node, double*& out) noexcept;
template <class Op, class L, class R>
constexpr void collect_constants(const binary<Op, L, R>& node, double*& out) noexcept;

template <class Op, class A>
constexpr void collect_constants(const unary<Op, A>& node, double*& out) noexcept {
    collect_constants(node.arg, out);
}
template <class Op, class L, class R>
constexpr void collect_constants(const binary<Op, L, R>& node, double*& out) noexcept {
    collect_constants(node.lhs, out);
    collect_constants(node.rhs, out);
}

/// The slots of one forward and reverse sweep of F in the number type T.
//
// Compile cost: two function templates per entry (forward_step, reverse_step), folded in
// blocks of at most 64 so that Clang's 256-operand limit on folds is never reached.
template <class T, class F>
struct sweep {
    using graph = graph_t<F>;
    using chain = same_type_chain<graph>;
    using plan = reverse_plan<graph>;
    static constexpr std::size_t size = graph::size;
    static constexpr std::size_t root = size - 1;

    std::array<T, size> value{};
    std::array<T, size> adjoint{};
    // One more than needed so that a formula without constants still has an array to point to.
    std::array<double, constant_count_v<F> + 1> constants{};
    std::array<std::size_t, chain::any ? size : 0> representative{};

    constexpr explicit sweep(const F& f) noexcept {
        double* out = constants.data();
        collect_constants(f, out);
    }

    template <class Env>
    [[gnu::always_inline]] constexpr void forward(const Env& env) noexcept {
        forward_range<0, size>(env);
    }

    [[gnu::always_inline]] constexpr void reverse() noexcept {
        adjoint[root] = T(1);
        reverse_range<0, size>();
    }

    /// The adjoint of variable Var: d root / d Var (0 if Var does not occur).
    template <class Var>
    [[nodiscard]] constexpr T adjoint_of() const noexcept {
        constexpr std::size_t slot = index_of_v<entry<Var, npos>, graph>;
        if constexpr (slot == npos)
            return T(0);
        else
            return adjoint[slot];
    }

private:
    template <std::size_t I>
    using node_at = typename at_t<I, graph>::node;

    // Always inlined down to the steps, as gradient() is: Clang 14 otherwise keeps the blocks
    // out of line, where the optimiser no longer sees f's constants (the formula benchmark's
    // shared_expression: ~20 ns per gradient out of line, ~2 ns inlined).
    template <std::size_t Begin, std::size_t End, class Env>
    [[gnu::always_inline]] constexpr void forward_range(const Env& env) noexcept {
        if constexpr (End - Begin <= 64) {
            forward_block<Begin>(env, std::make_index_sequence<End - Begin>{});
        } else {
            forward_range<Begin, (Begin + End) / 2>(env);
            forward_range<(Begin + End) / 2, End>(env);
        }
    }

    template <std::size_t Begin, class Env, std::size_t... I>
    [[gnu::always_inline]] constexpr void forward_block(const Env& env,
                                                        std::index_sequence<I...>) noexcept {
        (forward_step<Begin + I>(env), ...);
    }

    template <std::size_t Begin, std::size_t End>
    [[gnu::always_inline]] constexpr void reverse_range() noexcept {
        if constexpr (End - Begin <= 64) {
            reverse_block<End - 1>(std::make_index_sequence<End - Begin>{});
        } else {
            reverse_range<(Begin + End) / 2, End>();
            reverse_range<Begin, (Begin + End) / 2>();
        }
    }

    template <std::size_t Last, std::size_t... I>
    [[gnu::always_inline]] constexpr void reverse_block(std::index_sequence<I...>) noexcept {
        (reverse_step<Last - I>(), ...);
    }

    // Whether slots A and B (children at the same place of two entries of one type) hold
    // the same sub-expression: one slot, two bit-equal constants, or one representative.
    template <std::size_t A, std::size_t B>
    constexpr bool same_slot() const noexcept {
        if constexpr (A == B) {
            return true;
        } else if constexpr (std::is_same_v<node_at<A>, constant>) {
            return std::bit_cast<std::uint64_t>(constants[at_t<A, graph>::offset]) ==
                   std::bit_cast<std::uint64_t>(constants[at_t<B, graph>::offset]);
        } else {
            static_assert(chain::template shareable_at_run_time<node_at<A>>);
            return representative[A] == representative[B];
        }
    }

    template <std::size_t I, std::size_t J>
    constexpr bool same_children() const noexcept {
        constexpr auto ci = plan::child[I];
        constexpr auto cj = plan::child[J];
        if constexpr (ci[1] == npos)
            return same_slot<ci[0], cj[0]>();
        else
            return same_slot<ci[0], cj[0]>() && same_slot<ci[1], cj[1]>();
    }

    // Entry I is the earlier entry J of its type (or one before J) when its children are
    // J's: it copies J's value. Sets representative[I]; true when I reuses an earlier entry.
    template <std::size_t I, std::size_t J>
    constexpr bool reuses_earlier() noexcept {
        if (representative[J] == J && same_children<I, J>()) {
            representative[I] = J;
            value[I] = value[J];
            return true;
        }
        if constexpr (chain::previous_same[J] != npos) {
            return reuses_earlier<I, chain::previous_same[J]>();
        } else {
            representative[I] = I;
            return false;
        }
    }

    // A reused entry hands its adjoint to its representative (a compile-time candidate).
    template <std::size_t I, std::size_t J>
    constexpr void hand_over() noexcept {
        if (representative[I] == J) {
            if constexpr (plan::first_writer[J] == I)
                adjoint[J] = adjoint[I];
            else
                adjoint[J] += adjoint[I];
        }
        else if constexpr (chain::previous_same[J] != npos)
            hand_over<I, chain::previous_same[J]>();
    }

    template <std::size_t I, std::size_t K>
    constexpr void contribute(T amount) noexcept {
        constexpr std::size_t c = plan::child[I][K];
        if constexpr (plan::assign[I][K])
            adjoint[c] = amount;
        else
            adjoint[c] += amount;
    }

    template <std::size_t I, class Env>
    [[gnu::always_inline]] constexpr void forward_step(const Env& env) noexcept {
        using node = node_at<I>;
        constexpr auto child = children<graph, at_t<I, graph>>::slots;
        if constexpr (is_variable_v<node>) {
            value[I] = static_cast<T>(lookup<node::name>(env));
        } else if constexpr (is_literal_v<node>) {
            value[I] = static_cast<T>(node::value);
        } else if constexpr (std::is_same_v<node, constant>) {
            value[I] = static_cast<T>(constants[at_t<I, graph>::offset]);
        } else {
            if constexpr (chain::previous_same[I] != npos) {
                if (reuses_earlier<I, chain::previous_same[I]>()) return;
            } else if constexpr (chain::any) {
                representative[I] = I;
            }
            if constexpr (child.size() == 1)
                value[I] = operation_t<node>::apply(value[child[0]]);
            else
                value[I] = operation_t<node>::apply(value[child[0]], value[child[1]]);
        }
    }

    template <std::size_t I>
    [[gnu::always_inline]] constexpr void reverse_step() noexcept {
        using node = node_at<I>;
        if constexpr (has_variables_v<node> && !is_variable_v<node>) {
            if constexpr (chain::previous_same[I] != npos) {
                if (representative[I] != I) {
                    // The parent of a reused entry is reused too (then this adjoint is 0).
                    constexpr std::size_t parent = plan::parent[I];
                    if constexpr (parent != npos && chain::previous_same[parent] != npos)
                        if (representative[parent] != parent) return;
                    hand_over<I, chain::previous_same[I]>();
                    return;
                }
            }
            constexpr auto child = children<graph, at_t<I, graph>>::slots;
            using op = operation_t<node>;
            if constexpr (child.size() == 1) {
                const environment<binding<"$a", T>, binding<"$r", T>> env{{value[child[0]]},
                                                                          {value[I]}};
                contribute<I, 0>(adjoint[I] * eval<T>(rule<op>::partial(operand_a, result_r), env));
            } else {
                const environment<binding<"$a", T>, binding<"$b", T>, binding<"$r", T>> env{
                    {value[child[0]]}, {value[child[1]]}, {value[I]}};
                if constexpr (has_variables_v<typename node::lhs_type>)
                    contribute<I, 0>(adjoint[I] *
                                     eval<T>(rule<op>::lhs(operand_a, operand_b, result_r), env));
                if constexpr (has_variables_v<typename node::rhs_type>)
                    contribute<I, 1>(adjoint[I] *
                                     eval<T>(rule<op>::rhs(operand_a, operand_b, result_r), env));
            }
        }
    }
};

}  // namespace constgrad::detail
