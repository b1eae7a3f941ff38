// The arithmetic of expressions: + - * / and unary minus, also with plain numbers.
#pragma once

#include <type_traits>

#include "binary.hpp"
#include "constant.hpp"
#include "expression.hpp"
#include "unary.hpp"

namespace constgrad {

// Each operation is a stateless function object: how to compute it and how to print it.
// Precedence drives the parentheses of to_string: a higher number binds tighter.

/// a + b
struct add_op {
    static constexpr const char* symbol = "+";
    static constexpr int precedence = 1;
    template <class T>
    static constexpr T apply(T a, T b) noexcept { return a + b; }
};

/// a - b
struct subtract_op {
    static constexpr const char* symbol = "-";
    static constexpr int precedence = 1;
    template <class T>
    static constexpr T apply(T a, T b) noexcept { return a - b; }
};

/// a * b
struct multiply_op {
    static constexpr const char* symbol = "*";
    static constexpr int precedence = 2;
    template <class T>
    static constexpr T apply(T a, T b) noexcept { return a * b; }
};

/// a / b
struct divide_op {
    static constexpr const char* symbol = "/";
    static constexpr int precedence = 2;
    template <class T>
    static constexpr T apply(T a, T b) noexcept { return a / b; }
};

/// -a
struct negate_op {
    static constexpr const char* symbol = "-";
    static constexpr int precedence = 3;
    template <class T>
    static constexpr T apply(T a) noexcept { return -a; }
};

namespace detail {

/// An expression stays as it is; a plain number becomes a `constant` node.
template <class T>
constexpr auto as_expression(const T& operand) noexcept {
    if constexpr (Expression<T>)
        return operand;
    else
        return constant{static_cast<double>(operand)};
}

template <class L, class R>
concept ArithmeticOperands =
    (Expression<L> && (Expression<R> || Arithmetic<R>)) || (Arithmetic<L> && Expression<R>);

template <class Op, class L, class R>
constexpr auto make_binary(const L& lhs, const R& rhs) noexcept {
    using lhs_t = decltype(as_expression(lhs));
    using rhs_t = decltype(as_expression(rhs));
    return binary<Op, lhs_t, rhs_t>{as_expression(lhs), as_expression(rhs)};
}

}  // namespace detail

// The operators build the expression as written: no simplification, so to_string shows
// the user's own formula. derivative() simplifies the expressions it creates.

/// lhs + rhs, where one side may be a plain number: x + y, x + 1, 0.5 + x.
template <class L, class R>
    requires detail::ArithmeticOperands<L, R>
constexpr auto operator+(const L& lhs, const R& rhs) noexcept {
    return detail::make_binary<add_op>(lhs, rhs);
}

/// lhs - rhs, where one side may be a plain number.
template <class L, class R>
    requires detail::ArithmeticOperands<L, R>
constexpr auto operator-(const L& lhs, const R& rhs) noexcept {
    return detail::make_binary<subtract_op>(lhs, rhs);
}

/// lhs * rhs, where one side may be a plain number: 3 * x.
template <class L, class R>
    requires detail::ArithmeticOperands<L, R>
constexpr auto operator*(const L& lhs, const R& rhs) noexcept {
    return detail::make_binary<multiply_op>(lhs, rhs);
}

/// lhs / rhs, where one side may be a plain number: 10 / f.
template <class L, class R>
    requires detail::ArithmeticOperands<L, R>
constexpr auto operator/(const L& lhs, const R& rhs) noexcept {
    return detail::make_binary<divide_op>(lhs, rhs);
}

/// -operand.
template <Expression A>
constexpr auto operator-(const A& operand) noexcept {
    return unary<negate_op, A>{operand};
}

/// +a is a itself.
template <Expression A>
constexpr A operator+(const A& operand) noexcept {
    return operand;
}

}  // namespace constgrad
