// to_string(f): an expression as readable infix text, e.g. "3 * x * x + 4 * x".
#pragma once

#include <cstddef>
#include <string_view>

#include "static_string.hpp"
#include "arithmetic.hpp"
#include "binary.hpp"
#include "constant.hpp"
#include "literal.hpp"
#include "unary.hpp"
#include "variable.hpp"

namespace constgrad {
namespace detail {

inline constexpr std::size_t number_width = 24;

// An upper bound of the printed length, so the result fits a fixed array.
template <class E>
inline constexpr std::size_t print_width_v = number_width;
template <fixed_string Name>
inline constexpr std::size_t print_width_v<variable<Name>> = Name.size();
template <class Op, class A>
inline constexpr std::size_t print_width_v<unary<Op, A>> =
    std::string_view(Op::symbol).size() + 2 + print_width_v<A>;
template <class Op, class L, class R>
inline constexpr std::size_t print_width_v<binary<Op, L, R>> =
    std::string_view(Op::symbol).size() + 8 + print_width_v<L> + print_width_v<R>;

template <class Op>
concept InfixOperation = requires { Op::precedence; };

// Binding strength for parentheses; leaves and function calls bind tightest.
inline constexpr int tightest = 9;
template <class E>
inline constexpr int precedence_v = tightest;
template <class Op, class A>
    requires InfixOperation<Op>
inline constexpr int precedence_v<unary<Op, A>> = Op::precedence;
template <class Op, class L, class R>
    requires InfixOperation<Op>
inline constexpr int precedence_v<binary<Op, L, R>> = Op::precedence;

// Up to 15 significant digits, trailing zeros dropped: 3, 0.5, 6.88137358701954, 1.5e-07.
template <class Out>
constexpr void print_number(double v, Out& out) {
    if (v != v) return out.append("nan");
    if (v < 0) {
        out.push_back('-');
        v = -v;
    }
    if (v > 1.7976931348623157e308) return out.append("inf");
    if (v == 0) return out.push_back('0');
    int exponent = 0;
    double scaled = v;
    while (scaled >= 10) scaled /= 10, ++exponent;
    while (scaled < 1) scaled *= 10, --exponent;
    long long digits = static_cast<long long>(scaled * 1e14 + 0.5);
    if (digits >= 1000000000000000LL) digits /= 10, ++exponent;
    char text[15]{};
    for (int i = 14; i >= 0; --i) text[i] = static_cast<char>('0' + digits % 10), digits /= 10;
    int length = 15;
    while (length > 1 && text[length - 1] == '0') --length;
    const bool fixed = exponent >= -5 && exponent < 15;
    if (fixed && exponent < 0) {
        out.append("0.");
        for (int i = -1; i > exponent; --i) out.push_back('0');
        out.append(std::string_view(text, static_cast<std::size_t>(length)));
    } else if (fixed) {
        for (int i = 0; i < length || i <= exponent; ++i) {
            if (i == exponent + 1) out.push_back('.');
            out.push_back(i < length ? text[i] : '0');
        }
    } else {
        out.push_back(text[0]);
        if (length > 1) out.push_back('.'), out.append(std::string_view(text + 1, length - 1));
        out.append(exponent < 0 ? "e-" : "e+");
        const int e = exponent < 0 ? -exponent : exponent;
        if (e >= 100) out.push_back(static_cast<char>('0' + e / 100));
        out.push_back(static_cast<char>('0' + e / 10 % 10));
        out.push_back(static_cast<char>('0' + e % 10));
    }
}

template <class E>
constexpr bool is_negative_number(const E& e) {
    if constexpr (std::is_same_v<E, constant>)
        return e.value < 0;
    else if constexpr (is_literal_v<E>)
        return E::value < 0;
    else
        return false;
}

template <class Out, fixed_string Name>
constexpr void print(const variable<Name>&, Out& out) { out.append(Name.view()); }
template <class Out, long long N>
constexpr void print(const literal<N>&, Out& out) { print_number(static_cast<double>(N), out); }
template <class Out>
constexpr void print(const constant& node, Out& out) { print_number(node.value, out); }
template <class Out, class Op, class A>
constexpr void print(const unary<Op, A>& node, Out& out);
template <class Out, class Op, class L, class R>
constexpr void print(const binary<Op, L, R>& node, Out& out);

// An operand is parenthesised when it binds less tightly than its operator, when it is the
// right operand of - or / at equal strength (a - (b - c)), and when it is a negative number.
template <class Out, class E>
constexpr void print_operand(const E& operand, Out& out, bool parenthesise) {
    parenthesise = parenthesise || is_negative_number(operand);
    if (parenthesise) out.push_back('(');
    print(operand, out);
    if (parenthesise) out.push_back(')');
}

template <class Out, class Op, class A>
constexpr void print(const unary<Op, A>& node, Out& out) {
    out.append(Op::symbol);
    if constexpr (InfixOperation<Op>) {
        print_operand(node.arg, out, precedence_v<A> < Op::precedence);
    } else {
        out.push_back('(');
        print(node.arg, out);
        out.push_back(')');
    }
}

template <class Out, class Op, class L, class R>
constexpr void print(const binary<Op, L, R>& node, Out& out) {
    if constexpr (InfixOperation<Op>) {
        constexpr bool grouping = std::is_same_v<Op, subtract_op> || std::is_same_v<Op, divide_op>;
        print_operand(node.lhs, out, precedence_v<L> < Op::precedence);
        out.push_back(' ');
        out.append(Op::symbol);
        out.push_back(' ');
        print_operand(node.rhs, out,
                      precedence_v<R> < Op::precedence ||
                          (grouping && precedence_v<R> == Op::precedence));
    } else {
        out.append(Op::symbol);
        out.push_back('(');
        print(node.lhs, out);
        out.append(", ");
        print(node.rhs, out);
        out.push_back(')');
    }
}

}  // namespace detail

/// The expression as infix text: to_string(3 * x * x + 4 * x) == "3 * x * x + 4 * x".
/// constexpr; the result is a static_string: it converts to std::string_view, streams with
/// <<, and gives .c_str() for printf. Numbers print with up to 15 significant digits.
template <Expression E>
constexpr auto to_string(const E& e) {
    static_string<detail::print_width_v<E>> out;
    detail::print(e, out);
    return out;
}

}  // namespace constgrad
