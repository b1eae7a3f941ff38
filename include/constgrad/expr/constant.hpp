// constant: a number known only at run time (3 in `3 * x`), stored in the node.
#pragma once

#include "expression.hpp"

namespace constgrad {

/// A number stored in the expression. Made from plain numbers next to an expression
/// (`3 * x`, `x + 0.5`) and by constant folding. Always kept as double; converted to the
/// evaluation type when an expression is evaluated.
struct constant {
    double value;
};

template <>
inline constexpr bool is_expression_v<constant> = true;

}  // namespace constgrad
