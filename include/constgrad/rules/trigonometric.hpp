// Trigonometric rules: sin(a)' = cos(a) a', cos(a)' = -sin(a) a'.
#pragma once

#include "../expr/arithmetic.hpp"
#include "../expr/functions/cos.hpp"
#include "../expr/functions/sin.hpp"
#include "../simplify/node.hpp"
#include "rule.hpp"

namespace constgrad {

template <>
inline constexpr bool has_rule_v<sin_op> = true;
/// d sin(a)/da = cos(a).
template <>
struct rule<sin_op> {
    static constexpr auto partial(const auto& a, const auto&) noexcept {
        return simplify::node<cos_op>(a);
    }
};

template <>
inline constexpr bool has_rule_v<cos_op> = true;
/// d cos(a)/da = -sin(a).
template <>
struct rule<cos_op> {
    static constexpr auto partial(const auto& a, const auto&) noexcept {
        return simplify::node<negate_op>(simplify::node<sin_op>(a));
    }
};

}  // namespace constgrad
