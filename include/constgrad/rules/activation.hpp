// Rules of the smooth activations: tanh(a)' = (1 - tanh(a)^2) a', sigmoid(a)' = s (1 - s) a'.
#pragma once

#include "../expr/arithmetic.hpp"
#include "../expr/functions/sigmoid.hpp"
#include "../expr/functions/square.hpp"
#include "../expr/functions/tanh.hpp"
#include "../expr/literal.hpp"
#include "../simplify/node.hpp"
#include "rule.hpp"

namespace constgrad {

template <>
inline constexpr bool has_rule_v<tanh_op> = true;
/// d tanh(a)/da = 1 - r^2 with r = tanh(a).
template <>
struct rule<tanh_op> {
    static constexpr auto partial(const auto&, const auto& r) noexcept {
        using simplify::node;
        return node<subtract_op>(one{}, node<square_op>(r));
    }
};

template <>
inline constexpr bool has_rule_v<sigmoid_op> = true;
/// d sigmoid(a)/da = r (1 - r) with r = sigmoid(a).
template <>
struct rule<sigmoid_op> {
    static constexpr auto partial(const auto&, const auto& r) noexcept {
        using simplify::node;
        return node<multiply_op>(r, node<subtract_op>(one{}, r));
    }
};

}  // namespace constgrad
