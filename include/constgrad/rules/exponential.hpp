// Exponential rules: exp(a)' = exp(a) a', log(a)' = a' / a.
#pragma once

#include "../expr/arithmetic.hpp"
#include "../expr/functions/exp.hpp"
#include "../expr/functions/log.hpp"
#include "../expr/literal.hpp"
#include "../simplify/node.hpp"
#include "rule.hpp"

namespace constgrad {

template <>
inline constexpr bool has_rule_v<exp_op> = true;
/// d exp(a)/da = exp(a), which is the node's own value r.
template <>
struct rule<exp_op> {
    static constexpr auto partial(const auto&, const auto& r) noexcept { return r; }
};

template <>
inline constexpr bool has_rule_v<log_op> = true;
/// d log(a)/da = 1 / a.
template <>
struct rule<log_op> {
    static constexpr auto partial(const auto& a, const auto&) noexcept {
        return simplify::node<divide_op>(one{}, a);
    }
};

}  // namespace constgrad
