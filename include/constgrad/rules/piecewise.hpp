// Rules of the piecewise functions: relu' = step, abs' = sign, step' = sign' = 0,
// leaky_relu' = leaky_step, leaky_step' = 0 (in the slope: as written below).
//
// At the kinks the one-sided choice is fixed as PyTorch does: relu'(0) = step(0) = 0,
// abs'(0) = sign(0) = 0 and leaky_relu'(0) = leaky_step(0, slope) = slope (the left side, as
// the runtime tape), so both engines and the finite-difference checks agree away from 0.
#pragma once

#include "../expr/arithmetic.hpp"
#include "../expr/functions/abs.hpp"
#include "../expr/functions/leaky_relu.hpp"
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

template <>
inline constexpr bool has_rule_v<leaky_relu_op> = true;
/// d leaky_relu(a, s)/da = leaky_step(a, s): 1 for a > 0, else s (s at 0, as PyTorch);
/// d leaky_relu(a, s)/ds = a - relu(a): 0 for a > 0, else a (PReLU's slope gradient).
template <>
struct rule<leaky_relu_op> {
    static constexpr auto lhs(const auto& a, const auto& s, const auto&) noexcept {
        return simplify::node<leaky_step_op>(a, s);
    }
    static constexpr auto rhs(const auto& a, const auto&, const auto&) noexcept {
        using simplify::node;
        return node<subtract_op>(a, node<relu_op>(a));
    }
};

template <>
inline constexpr bool has_rule_v<leaky_step_op> = true;
/// d leaky_step(a, s)/da = 0 (almost everywhere); d leaky_step(a, s)/ds = 1 - step(a).
template <>
struct rule<leaky_step_op> {
    static constexpr zero lhs(const auto&, const auto&, const auto&) noexcept { return {}; }
    static constexpr auto rhs(const auto& a, const auto&, const auto&) noexcept {
        using simplify::node;
        return node<subtract_op>(one{}, node<step_op>(a));
    }
};

}  // namespace constgrad
