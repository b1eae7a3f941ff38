// Sum rule: (a + b)' = a' + b', (a - b)' = a' - b', (-a)' = -a'.
#pragma once

#include "../expr/arithmetic.hpp"
#include "../expr/literal.hpp"
#include "rule.hpp"

namespace constgrad {

template <>
inline constexpr bool has_rule_v<add_op> = true;
/// d(a + b)/da = 1, d(a + b)/db = 1.
template <>
struct rule<add_op> {
    static constexpr one lhs(const auto&, const auto&, const auto&) noexcept { return {}; }
    static constexpr one rhs(const auto&, const auto&, const auto&) noexcept { return {}; }
};

template <>
inline constexpr bool has_rule_v<subtract_op> = true;
/// d(a - b)/da = 1, d(a - b)/db = -1.
template <>
struct rule<subtract_op> {
    static constexpr one lhs(const auto&, const auto&, const auto&) noexcept { return {}; }
    static constexpr literal<-1> rhs(const auto&, const auto&, const auto&) noexcept { return {}; }
};

template <>
inline constexpr bool has_rule_v<negate_op> = true;
/// d(-a)/da = -1.
template <>
struct rule<negate_op> {
    static constexpr literal<-1> partial(const auto&, const auto&) noexcept { return {}; }
};

}  // namespace constgrad
