// Power rules: (a^b)' = b a^(b-1) a' + a^b log(a) b', (a^2)' = 2 a a', sqrt(a)' = a' / (2 sqrt(a)).
#pragma once

#include "../expr/arithmetic.hpp"
#include "../expr/functions/log.hpp"
#include "../expr/functions/pow.hpp"
#include "../expr/functions/sqrt.hpp"
#include "../expr/functions/square.hpp"
#include "../expr/literal.hpp"
#include "../simplify/node.hpp"
#include "rule.hpp"

namespace constgrad {

template <>
inline constexpr bool has_rule_v<pow_op> = true;
/// d(a^b)/da = b a^(b-1); d(a^b)/db = a^b log(a), needed only when b varies (a > 0 there).
template <>
struct rule<pow_op> {
    static constexpr auto lhs(const auto& a, const auto& b, const auto&) noexcept {
        using simplify::node;
        return node<multiply_op>(b, node<pow_op>(a, node<subtract_op>(b, one{})));
    }
    static constexpr auto rhs(const auto& a, const auto&, const auto& r) noexcept {
        using simplify::node;
        return node<multiply_op>(r, node<log_op>(a));
    }
};

template <>
inline constexpr bool has_rule_v<square_op> = true;
/// d(a^2)/da = 2 a.
template <>
struct rule<square_op> {
    static constexpr auto partial(const auto& a, const auto&) noexcept {
        return simplify::node<multiply_op>(literal<2>{}, a);
    }
};

template <>
inline constexpr bool has_rule_v<sqrt_op> = true;
/// d sqrt(a)/da = 1 / (2 sqrt(a)), written with r = sqrt(a).
template <>
struct rule<sqrt_op> {
    static constexpr auto partial(const auto&, const auto& r) noexcept {
        using simplify::node;
        return node<divide_op>(one{}, node<multiply_op>(literal<2>{}, r));
    }
};

}  // namespace constgrad
