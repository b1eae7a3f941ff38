// Rules of the piecewise functions: relu' = step, abs' = sign, step' = sign' = 0.
//
// At the kinks the one-sided choice is fixed: relu'(0) = step(0) = 0 and abs'(0) = sign(0) = 0,
// as PyTorch does, so both engines and the finite-difference checks agree away from 0.
#pragma once

#include "../expr/functions/abs.hpp"
#include "../expr/functions/relu.hpp"
#include "../expr/functions/sign.hpp"
#include "../expr/functions/step.hpp"
#include "../expr/literal.hpp"
#include "../simplify/node.hpp"
#include "rule.hpp"

namespace constgrad {

template <>
inline constexpr bool has_rule_v<relu_op> = true;
/// d relu(a)/da = step(a): 1 for a > 0, else 0.
template <>
struct rule<relu_op> {
    static constexpr auto partial(const auto& a, const auto&) noexcept {
        return simplify::node<step_op>(a);
    }
};

template <>
inline constexpr bool has_rule_v<abs_op> = true;
/// d |a|/da = sign(a).
template <>
struct rule<abs_op> {
    static constexpr auto partial(const auto& a, const auto&) noexcept {
        return simplify::node<sign_op>(a);
    }
};

template <>
inline constexpr bool has_rule_v<step_op> = true;
/// d step(a)/da = 0 (almost everywhere).
template <>
struct rule<step_op> {
    static constexpr zero partial(const auto&, const auto&) noexcept { return {}; }
};

template <>
inline constexpr bool has_rule_v<sign_op> = true;
/// d sign(a)/da = 0 (almost everywhere).
template <>
struct rule<sign_op> {
    static constexpr zero partial(const auto&, const auto&) noexcept { return {}; }
};

}  // namespace constgrad
