// simplify::node<Op>(args...): build a node, simplifying as it is built.
//
// The derivative rules build their results through here, so 0 * u, 1 * u, u + 0, u - 0,
// u / 1, pow(u, 1), pow(u, 0) and --u never become types, u + u becomes 2 * u, u - u
// becomes 0, u + -v becomes u - v, and operations on numbers only are folded (into a
// literal when the result is a small integer, else into a constant). Equal operands are
// recognised only when stateless (their type is then their value).
// Checks are `if constexpr` on the operand types: no simplification costs run time.
#pragma once

#include <type_traits>

#include "../expr/detail/expression_traits.hpp"
#include "../expr/arithmetic.hpp"
#include "../expr/binary.hpp"
#include "../expr/constant.hpp"
#include "../expr/functions/pow.hpp"
#include "../expr/literal.hpp"
#include "../expr/unary.hpp"

namespace constgrad::simplify {
namespace detail {

using constgrad::detail::is_number_leaf_v;

template <class E>
constexpr double number_value(const E& leaf) noexcept {
    if constexpr (std::is_same_v<E, constant>)
        return leaf.value;
    else
        return static_cast<double>(E::value);
}

// A folded value stays in the type when it is an integer that double holds exactly.
constexpr bool is_small_integer(double value) noexcept {
    return value == value && value >= -9007199254740992.0 && value <= 9007199254740992.0 &&
           static_cast<double>(static_cast<long long>(value)) == value;
}

template <class Op, class... Leaves>
constexpr auto fold(const Leaves&... leaves) noexcept {
    if constexpr ((is_literal_v<Leaves> && ...)) {
        constexpr double value = Op::apply(static_cast<double>(Leaves::value)...);
        if constexpr (is_small_integer(value))
            return literal<static_cast<long long>(value)>{};
        else
            return constant{value};
    } else {
        return constant{Op::apply(number_value(leaves)...)};
    }
}

template <class E, long long N>
inline constexpr bool is_literal_value_v = std::is_same_v<E, literal<N>>;

template <class E>
inline constexpr bool is_negation_v = false;
template <class A>
inline constexpr bool is_negation_v<unary<negate_op, A>> = true;

template <class E>
inline constexpr bool is_negative_literal_v = false;
template <long long N>
inline constexpr bool is_negative_literal_v<literal<N>> = (N < 0);

// number * u: a further number in front of it is folded into the first.
template <class E>
inline constexpr bool is_scaling_v = false;
template <class L, class R>
inline constexpr bool is_scaling_v<binary<multiply_op, L, R>> = is_number_leaf_v<L>;

}  // namespace detail

/// Op applied to arg, simplified: --u is u, an operation on a number is folded.
template <class Op, Expression A>
constexpr auto node(const A& arg) noexcept {
    if constexpr (detail::is_number_leaf_v<A>)
        return detail::fold<Op>(arg);
    else if constexpr (std::is_same_v<Op, negate_op> && detail::is_negation_v<A>)
        return arg.arg;
    else
        return unary<Op, A>{arg};
}

/// Op applied to lhs and rhs, simplified by the identities of + - * / and pow.
template <class Op, Expression L, Expression R>
constexpr auto node(const L& lhs, const R& rhs) noexcept {
    using detail::is_literal_value_v;
    using detail::is_number_leaf_v;
    if constexpr (is_number_leaf_v<L> && is_number_leaf_v<R>) {
        return detail::fold<Op>(lhs, rhs);
    } else if constexpr (std::is_same_v<Op, add_op>) {
        if constexpr (is_literal_value_v<L, 0>)
            return rhs;
        else if constexpr (is_literal_value_v<R, 0>)
            return lhs;
        else if constexpr (detail::is_negation_v<R>)
            return node<subtract_op>(lhs, rhs.arg);  // u + -v = u - v
        else if constexpr (std::is_same_v<L, R> && constgrad::detail::is_stateless_v<L>)
            return node<multiply_op>(literal<2>{}, lhs);  // u + u = 2 u
        else if constexpr (detail::is_negative_literal_v<R>)
            return node<subtract_op>(lhs, literal<-R::value>{});  // u + (-2) = u - 2
        else
            return binary<Op, L, R>{lhs, rhs};
    } else if constexpr (std::is_same_v<Op, subtract_op>) {
        if constexpr (is_literal_value_v<R, 0>)
            return lhs;
        else if constexpr (is_literal_value_v<L, 0>)
            return node<negate_op>(rhs);
        else if constexpr (detail::is_negation_v<R>)
            return node<add_op>(lhs, rhs.arg);  // u - -v = u + v
        else if constexpr (std::is_same_v<L, R> && constgrad::detail::is_stateless_v<L>)
            return zero{};  // u - u = 0
        else if constexpr (detail::is_negative_literal_v<R>)
            return node<add_op>(lhs, literal<-R::value>{});  // u - (-2) = u + 2
        else
            return binary<Op, L, R>{lhs, rhs};
    } else if constexpr (std::is_same_v<Op, multiply_op>) {
        if constexpr (is_literal_value_v<L, 0> || is_literal_value_v<R, 0>)
            return zero{};
        else if constexpr (is_literal_value_v<L, 1>)
            return rhs;
        else if constexpr (is_literal_value_v<R, 1>)
            return lhs;
        else if constexpr (is_literal_value_v<L, -1>)
            return node<negate_op>(rhs);
        else if constexpr (is_literal_value_v<R, -1>)
            return node<negate_op>(lhs);
        else if constexpr (is_number_leaf_v<R>)
            return node<multiply_op>(rhs, lhs);  // numbers first: 3 * x, not x * 3
        else if constexpr (is_number_leaf_v<L> && detail::is_scaling_v<R>)
            return node<multiply_op>(node<multiply_op>(lhs, rhs.lhs), rhs.rhs);  // 2 * (3 * x)
        else
            return binary<Op, L, R>{lhs, rhs};
    } else if constexpr (std::is_same_v<Op, divide_op>) {
        if constexpr (is_literal_value_v<L, 0>)
            return zero{};
        else if constexpr (is_literal_value_v<R, 1>)
            return lhs;
        else
            return binary<Op, L, R>{lhs, rhs};
    } else if constexpr (std::is_same_v<Op, pow_op>) {
        if constexpr (is_literal_value_v<R, 0>)
            return one{};
        else if constexpr (is_literal_value_v<R, 1>)
            return lhs;
        else
            return binary<Op, L, R>{lhs, rhs};
    } else {
        return binary<Op, L, R>{lhs, rhs};
    }
}

}  // namespace constgrad::simplify
