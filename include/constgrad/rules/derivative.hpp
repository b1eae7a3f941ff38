// derivative(f, x): the derivative of f with respect to x, as a new, simplified expression.
#pragma once

#include <type_traits>

#include "../expr/arithmetic.hpp"
#include "../expr/binary.hpp"
#include "../expr/constant.hpp"
#include "../expr/expression.hpp"
#include "../expr/literal.hpp"
#include "../expr/unary.hpp"
#include "../expr/variable.hpp"
#include "../simplify/node.hpp"
#include "activation.hpp"
#include "exponential.hpp"
#include "piecewise.hpp"
#include "power.hpp"
#include "product.hpp"
#include "rule.hpp"
#include "sum.hpp"
#include "trigonometric.hpp"

namespace constgrad {
namespace detail {

// The chain rule over the tree: d op(a) = rule(a, op(a)) * da, d op(a, b) = rule_a * da +
// rule_b * db. A sub-expression without x has derivative `zero`, and the builders of
// simplify/ drop every term it multiplies, so untouched branches cost no types at all.
template <class X>
struct differentiate {
    template <fixed_string Name>
    static constexpr auto of(const variable<Name>&) noexcept {
        if constexpr (std::is_same_v<variable<Name>, X>)
            return one{};
        else
            return zero{};
    }

    static constexpr zero of(const constant&) noexcept { return {}; }

    template <long long N>
    static constexpr zero of(const literal<N>&) noexcept { return {}; }

    template <class Op, class A>
    static constexpr auto of(const unary<Op, A>& node) noexcept {
        return chain(of(node.arg), [&] { return rule<Op>::partial(node.arg, node); });
    }

    template <class Op, class L, class R>
    static constexpr auto of(const binary<Op, L, R>& node) noexcept {
        return simplify::node<add_op>(term<true, Op>(node), term<false, Op>(node));
    }

    template <bool Lhs, class Op, class L, class R>
    static constexpr auto term(const binary<Op, L, R>& node) noexcept {
        if constexpr (Lhs)
            return chain(of(node.lhs), [&] { return rule<Op>::lhs(node.lhs, node.rhs, node); });
        else
            return chain(of(node.rhs), [&] { return rule<Op>::rhs(node.lhs, node.rhs, node); });
    }

    // local * d_operand, where the local derivative is not even built when d_operand is 0.
    template <class D, class Local>
    static constexpr auto chain(const D& d_operand, const Local& local) noexcept {
        if constexpr (std::is_same_v<D, zero>)
            return zero{};
        else
            return simplify::node<multiply_op>(local(), d_operand);
    }
};

}  // namespace detail

/// The derivative of f with respect to the variable x, built at compile time by the chain
/// rule and simplified as it is built:
///
///     constexpr auto f = 3 * x * x + 4 * x;
///     static_assert(evaluate(derivative(f, x), x = 2.0) == 16.0);
///
/// The result is an expression like any other: evaluate it, print it, differentiate it again.
template <class F, class X>
constexpr auto derivative(const F& f, const X&) noexcept {
    static_assert(Expression<F>,
                  "constgrad::derivative(f, x) requires 'f' to be a constgrad expression");
    static_assert(Variable<X>, "constgrad::derivative(f, x) requires 'x' to be a "
                               "constgrad::variable, e.g. constexpr constgrad::variable<\"x\"> x;");
    if constexpr (Expression<F> && Variable<X>)
        return detail::differentiate<X>::of(f);
    else
        return zero{};
}

}  // namespace constgrad
