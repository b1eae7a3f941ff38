// rule<Op>: the local derivative of an operation, written once as an expression.
//
// A rule gives d op(a) / da (unary) or d op(a, b) / da and / db (binary) as expressions of
// the operands a, b and of the node's own value r (exp' = r saves recomputing exp). The
// same rule serves twice: derivative() substitutes the sub-expressions for a, b and r and
// multiplies by the operands' derivatives (the chain rule); gradient() evaluates it with
// numbers for a, b and r inside the reverse sweep.
#pragma once

namespace constgrad {

template <class Op>
inline constexpr bool has_rule_v = false;

/// The derivative rule of Op; each family lives in its own header of rules/.
template <class Op>
struct rule {
    static_assert(has_rule_v<Op>,
                  "constgrad: this operation has no derivative rule; specialise constgrad::rule<Op>");
};

}  // namespace constgrad
