// Product and quotient rules: (a b)' = a' b + a b', (a / b)' = a' / b - (a / b) b' / b.
#pragma once

#include "../expr/arithmetic.hpp"
#include "../expr/literal.hpp"
#include "../simplify/node.hpp"
#include "rule.hpp"

namespace constgrad {

template <>
inline constexpr bool has_rule_v<multiply_op> = true;
/// d(a b)/da = b, d(a b)/db = a.
template <>
struct rule<multiply_op> {
    static constexpr auto lhs(const auto&, const auto& b, const auto&) noexcept { return b; }
    static constexpr auto rhs(const auto& a, const auto&, const auto&) noexcept { return a; }
};

template <>
inline constexpr bool has_rule_v<divide_op> = true;
/// d(a / b)/da = 1 / b, d(a / b)/db = -(a / b) / b, written with r = a / b.
template <>
struct rule<divide_op> {
    static constexpr auto lhs(const auto&, const auto& b, const auto&) noexcept {
        return simplify::node<divide_op>(one{}, b);
    }
    static constexpr auto rhs(const auto&, const auto& b, const auto& r) noexcept {
        return simplify::node<negate_op>(simplify::node<divide_op>(r, b));
    }
};

}  // namespace constgrad
